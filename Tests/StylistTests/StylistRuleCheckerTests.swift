import ClosetKit
import Foundation
import Stylist
import Weather
import XCTest

/// The rule-checker (#36 §7): every outfit over −15…38 °C × dry/rain/snow × each occasion, on a generated
/// wardrobe, checked against the rules of docs/stylist.md written out here again, independently of the suggester.
final class StylistRuleCheckerTests: XCTestCase {
    static let occasions: [String?] = [nil, "casual", "sport", "home", "office", "date", "party", "formal", "wedding"]

    /// A wardrobe a person could own: every kind, several colours, a few patterns, formal pieces.
    static func wardrobe() -> [Item] {
        var items: [Item] = []
        func add(
            _ category: CategoryID, _ color: String, pattern: ItemPattern = .solid, formality: Int? = nil, thickness: Int? = nil,
            open: Bool? = nil
        ) {
            var item = Item(
                id: Int64(items.count + 1),
                NewItem(
                    name: "\(color) \(category) \(items.count + 1)", category: category, colors: [color],
                    thickness: thickness ?? Taxonomy.shared.category(category)!.thickness))
            item.pattern = pattern
            item.formalityOverride = formality
            item.openOverride = open
            items.append(item)
        }
        for (category, colors) in [
            ("shortSleeve", ["white", "navy", "pink", "green"]), ("longSleeve", ["grey", "black", "red"]),
            ("sleeveless", ["white", "yellow"]), ("blouseShirt", ["white", "sky blue", "lavender"]),
            ("hoodie", ["grey", "pink", "purple"]), ("sweater", ["beige", "navy", "burgundy", "charcoal"]),
            ("trainingTop", ["black", "blue"]), ("vest", ["grey"]),
            ("jeans", ["denim", "black"]), ("longPants", ["black", "beige", "navy", "red"]), ("shortPants", ["khaki", "denim"]),
            ("longSkirt", ["black", "green"]), ("shortSkirt", ["denim", "pink"]), ("trainingBottom", ["grey", "black"]),
            ("blazer", ["navy", "beige"]), ("cardigan", ["grey", "mint"]), ("coat", ["camel", "black", "burgundy"]),
            ("jacket", ["black", "khaki", "yellow"]), ("parka", ["olive"]), ("winterOuter", ["black", "beige"]),
            ("onePieceSet", ["black", "navy", "red"]),
            ("sneakers", ["white", "black"]), ("boots", ["brown", "black"]), ("sandals", ["beige"]), ("heels", ["black"]),
            ("flats", ["beige"]), ("loafers", ["brown"]), ("dressShoes", ["black"]), ("shoes", ["grey"]),
        ] {
            for color in colors { add(CategoryID(category), color) }
        }
        add("blouseShirt", "navy", pattern: .striped)
        add("longPants", "grey", pattern: .checked)
        add("onePieceSet", "pink", pattern: .floral)
        add("shortSleeve", "white", pattern: .print)
        // Formal pieces: a shirt, trousers, a dress, a coat and a knit a person marked business or formal.
        add("blouseShirt", "white", formality: 3)
        add("longPants", "charcoal", formality: 3)
        add("onePieceSet", "black", formality: 4)
        add("coat", "navy", formality: 3)
        add("sweater", "black", formality: 3)
        add("blazer", "black", formality: 3)
        add("heels", "navy", open: false)
        // A trench coat, filed as a jacket and marked business: the office's outer for a warm wet day.
        add("jacket", "beige", formality: 3)
        return items
    }

    // MARK: The rules, written out independently

    static let neutrals: Set<String> = [
        "black", "white", "grey", "light grey", "charcoal", "navy", "beige", "denim", "khaki", "brown", "olive", "camel",
    ]
    static let wheel: [String: Int] = [
        "red": 0, "burgundy": 0, "orange": 1, "yellow": 2, "green": 3, "mint": 3, "teal": 4, "blue": 5, "sky blue": 5,
        "purple": 6, "lavender": 6, "pink": 7,
    ]

    /// The full colour of each hue family (not a tint such as sky blue, nor a deep shade such as burgundy).
    static let strong: Set<String> = ["red", "orange", "yellow", "green", "teal", "blue", "purple"]

    struct Weather: CustomStringConvertible {
        var t: Double
        var rain = false
        var snow = false
        var occasion: String?
        var wet: Bool { rain || snow }
        var description: String { "\(t) °C\(rain ? " rain" : "")\(snow ? " snow" : "") \(occasion ?? "-")" }
    }

    static func group(_ item: Item) -> String { Taxonomy.shared.category(item.category)!.group.rawValue }

    /// Every rule of #36 §2–5 this outfit breaks.
    static func violations(_ outfit: SuggestedOutfit, _ w: Weather, window: ClosedRange<Int>?) -> [String] {
        var out: [String] = []
        let items = outfit.pieces.map(\.item)
        let shoes = items.filter { group($0) == "shoes" }
        let outers = outfit.pieces.filter { $0.slot == .outer }
        for shoe in shoes {
            let open = shoe.isOpen()
            if w.wet && open != false { out.append("rain or snow: \(shoe.name) may be open") }
            if w.t < 12 && open != false { out.append("below 12 °C: \(shoe.name) may be open") }
            if w.t >= 25 && shoe.category == "boots" { out.append("25 °C and above: boots") }
            if w.t <= 5 && !(shoe.category == "boots" || (open == false && shoe.thickness >= 2)) {
                out.append("5 °C and below: \(shoe.name) is neither boots nor a warm closed shoe")
            }
        }
        if shoes.isEmpty { out.append("no shoes") }
        if w.wet && outers.isEmpty { out.append("rain or snow without an outer") }
        if w.wet, let knit = outers.first(where: { ["cardigan", "vest", "blazer"].contains($0.item.category) }) {
            out.append("rain or snow: \(knit.item.name) as the outer")
        }
        if w.t >= 25 && !w.wet && !outers.isEmpty { out.append("an outer at 25 °C and above, dry") }
        if w.t >= 25, let coat = outers.first(where: { $0.item.category == "coat" }) { out.append("\(coat.item.name) at 25 °C and above") }
        let levels = items.map { $0.formality() }
        if let low = levels.min(), let high = levels.max(), high - low > 1 { out.append("formality \(levels) spans more than one level") }
        if let window {
            for item in items where !window.contains(item.formality()) {
                out.append("\(item.name) (formality \(item.formality())) outside \(window)")
            }
        }
        let patterned = items.filter { $0.pattern != .solid }
        if patterned.count > 2 || (patterned.count == 2 && patterned[0].colors.first != patterned[1].colors.first) {
            out.append("\(patterned.count) patterned pieces: \(patterned.map(\.name))")
        }
        let families = Set(items.compactMap { $0.colors.first }.filter { !neutrals.contains($0) }.compactMap { wheel[$0] })
        if families.count > 2 || (families.count == 2 && families.max()! - families.min()! != 1) {
            out.append("accents \(items.compactMap(\.colors.first)) are neither one family nor analogous")
        }
        // Tonal: two strong pieces of one hue on the body (a red hoodie with red trousers) never quite match.
        let strongOnBody = outfit.pieces.filter { $0.slot != .shoes }.compactMap { $0.item.colors.first }
            .filter { strong.contains($0) }.compactMap { wheel[$0] }
        if Set(strongOnBody).count < strongOnBody.count { out.append("two strong pieces of one hue: \(items.compactMap(\.colors.first))") }
        if w.t < 15 && items.contains(where: { ["shortPants", "sleeveless", "shortSkirt"].contains($0.category) }) {
            out.append("summer pieces below 15 °C")
        }
        return out
    }

    func request(_ w: Weather) -> SuggestionRequest {
        var request = SuggestionRequest(weather: WeatherConditions(temp: w.t, rain: w.wet), day: "2026-04-10", occasion: w.occasion)
        request.snow = w.snow
        return request
    }

    func testEveryOutfitKeepsEveryRuleFromMinus15To38InEveryWeatherAndOccasion() throws {
        let items = Self.wardrobe()
        let suggester = OutfitSuggester()
        var broken: [String] = []
        var checked = 0
        // Every third degree, and each degree either side of a rule's threshold.
        let temperatures = Set(Array(stride(from: -15.0, through: 38, by: 3)) + [4, 5, 6, 9, 10, 11, 12, 14, 15, 16, 24, 25, 26])
        for t in temperatures.sorted() {
            for (rain, snow) in [(false, false), (true, false), (false, true)] {
                for occasion in Self.occasions {
                    let w = Weather(t: t, rain: rain, snow: snow, occasion: occasion)
                    let result = try suggester.suggest(request(w), items: items, wearDays: [:])
                    XCTAssertFalse(result.outfits.isEmpty, "\(w)")
                    let window = try occasion.map(Occasion.window)
                    for (i, outfit) in result.outfits.enumerated() {
                        checked += 1
                        for v in Self.violations(outfit, w, window: window) {
                            broken.append("\(w) outfit \(i + 1) [\(outfit.pieces.map(\.item.name).joined(separator: ", "))]: \(v)")
                        }
                    }
                    // The rules are kept, not given way: nothing here needs a compromise.
                    for warning in result.warnings {
                        switch warning {
                        case .compromise, .outsideOccasion, .nothingSuitable: broken.append("\(w): \(warning)")
                        default: break
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 2000)
        XCTAssertEqual(broken.count, 0, "\(broken.count) violations, the first:\n" + broken.prefix(30).joined(separator: "\n"))
    }

    /// In the wet cold, boots come first; at 5 °C and below, boots or a warm closed shoe.
    func testBootsComeFirstInTheWetColdAndWarmClosedShoesAtFiveAndBelow() throws {
        let items = Self.wardrobe()
        for t in [-8.0, 0, 5, 8] {
            let outfit = try OutfitSuggester().suggest(request(Weather(t: t, rain: true)), items: items, wearDays: [:]).outfits[0]
            XCTAssertEqual(outfit.pieces.first { $0.slot == .shoes }?.item.category, "boots", "\(t) °C, rain")
        }
        let noBoots = items.filter { $0.category != "boots" }
        for t in [-8.0, 0, 5] {
            let shoe = try OutfitSuggester().suggest(request(Weather(t: t)), items: noBoots, wearDays: [:]).outfits[0]
                .pieces.first { $0.slot == .shoes }!.item
            XCTAssertTrue(shoe.isOpen() == false && shoe.thickness >= 2, "\(t) °C: \(shoe.name)")
        }
    }

    /// A shoe of unknown kind might be open: in the rain it is worn only when nothing else exists, with a warning.
    func testAShoeOfUnknownKindIsWornInRainOnlyWhenNothingElseExistsWithAWarning() throws {
        var items = Self.wardrobe().filter { Self.group($0) != "shoes" }
        items.append(Item(id: 900, NewItem(name: "mystery shoe", category: "shoes")))
        items.append(Item(id: 901, NewItem(name: "sandal", category: "sandals")))
        let result = try OutfitSuggester().suggest(request(Weather(t: 8, rain: true)), items: items, wearDays: [:])
        XCTAssertTrue(result.warnings.contains(.nothingSuitable(slot: .shoes, temperature: 8)), "\(result.warnings)")
        XCTAssertNotNil(result.outfits[0].pieces.first { $0.slot == .shoes })
        items.append(Item(id: 902, NewItem(name: "sneaker", category: "sneakers")))
        let dry = try OutfitSuggester().suggest(request(Weather(t: 8, rain: true)), items: items, wearDays: [:])
        XCTAssertEqual(dry.outfits.map { $0.pieces.first { $0.slot == .shoes }?.item.name }, ["sneaker", "sneaker", "sneaker"])
        XCTAssertFalse(dry.warnings.contains(.nothingSuitable(slot: .shoes, temperature: 8)))
    }

    /// Rain changes pieces, not only sentences: the outfit with rain differs from the dry one.
    func testRainChangesThePieces() throws {
        let items = Self.wardrobe()
        for t in [18.0, 24, 30] {
            let dry = try OutfitSuggester().suggest(request(Weather(t: t)), items: items, wearDays: [:]).outfits[0]
            let wet = try OutfitSuggester().suggest(request(Weather(t: t, rain: true)), items: items, wearDays: [:]).outfits[0]
            XCTAssertNotEqual(dry.itemIDs, wet.itemIDs, "\(t) °C")
            XCTAssertTrue(wet.pieces.contains { $0.slot == .outer }, "\(t) °C, rain: an outer")
        }
    }

    /// An unknown occasion or style is a usage error (exit 64) that lists the known ones.
    func testAnUnknownStyleOrOccasionIsAUsageErrorListingTheKnownOnes() {
        let items = Self.wardrobe()
        for (style, occasion, listed) in [("zzz", nil, "casual"), (nil, "zzz", "office")] as [(String?, String?, String)] {
            var request = request(Weather(t: 18))
            request.style = style
            request.occasion = occasion
            XCTAssertThrowsError(try OutfitSuggester().suggest(request, items: items, wearDays: [:])) { error in
                guard case .usage(let message) = error as? ClosetError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains("zzz") && message.contains(listed), message)
            }
        }
    }

    /// The office at 18 °C: smart pieces only, no hoodie, no sandals, no wedge with a T-shirt.
    func testTheOfficeGetsSmartPiecesOnly() throws {
        let result = try OutfitSuggester().suggest(request(Weather(t: 18, occasion: "office")), items: Self.wardrobe(), wearDays: [:])
        for outfit in result.outfits {
            for piece in outfit.pieces {
                XCTAssertTrue((2...3).contains(piece.item.formality()), piece.item.name)
                XCTAssertFalse(["hoodie", "sandals", "shortSleeve", "sneakers"].contains(piece.item.category), piece.item.name)
            }
        }
    }
}
