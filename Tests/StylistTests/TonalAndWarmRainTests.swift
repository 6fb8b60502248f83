import ClosetKit
import Foundation
import Stylist
import Weather
import XCTest

/// #36's remainder: tonal outfits (a red hoodie with red trousers is not "one accent") and rain in the heat
/// (a light outer, or a word that none is light enough).
final class TonalAndWarmRainTests: XCTestCase {
    func item(_ id: Int64, _ category: CategoryID, _ colour: String, thickness: Int? = nil) -> Item {
        Item(
            id: id,
            NewItem(
                name: "\(colour) \(category)", category: category, colors: [colour],
                thickness: thickness ?? Taxonomy.shared.category(category)!.thickness))
    }

    func suggest(_ t: Double, rain: Bool = false, _ items: [Item]) throws -> Suggestions {
        try OutfitSuggester().suggest(
            SuggestionRequest(weather: WeatherConditions(temp: t, rain: rain), day: "2026-04-10"), items: items, wearDays: [:])
    }

    func testTwoStrongPiecesOfOneHueClashWhileGradedTonesAndNeutralsAreALook() {
        XCTAssertTrue(ColorHarmony.tonalClash(["red", "red"]))
        XCTAssertTrue(ColorHarmony.tonalClash(["blue", "black", "blue"]))
        XCTAssertFalse(ColorHarmony.tonalClash(["burgundy", "red"]), "a deep shade with the strong one is graded")
        XCTAssertFalse(ColorHarmony.tonalClash(["sky blue", "blue"]), "a tint with the strong one is graded")
        XCTAssertFalse(ColorHarmony.tonalClash(["grey", "charcoal", "black"]), "tonal neutrals")
        XCTAssertFalse(ColorHarmony.tonalClash(["red", "blue"]), "not one hue (the accent rule judges these)")
    }

    /// A red hoodie is never worn with red trousers while black jeans are there; alone with them, the outfit is a
    /// compromise that says so.
    func testARedHoodieIsNotWornWithRedTrousersWhileANeutralBottomIsThere() throws {
        let items = [
            item(1, "hoodie", "red"), item(2, "longPants", "red"), item(3, "jeans", "black"), item(4, "sneakers", "red"),
            item(5, "jacket", "black"),
        ]
        let result = try suggest(15, items)
        XCTAssertFalse(result.outfits.isEmpty)
        for outfit in result.outfits {
            XCTAssertFalse(outfit.itemIDs.isSuperset(of: [1, 2]), "red hoodie with red trousers: \(outfit.pieces.map(\.item.name))")
        }
        // Red shoes with the red hoodie are an accent repeated, not a clash.
        XCTAssertTrue(result.outfits[0].itemIDs.isSuperset(of: [1, 3, 4]), "\(result.outfits[0].pieces.map(\.item.name))")
        XCTAssertFalse(result.warnings.contains { if case .compromise = $0 { true } else { false } }, "\(result.warnings)")
        let alone = try suggest(15, items.filter { $0.id != 3 })
        XCTAssertTrue(alone.warnings.contains(.compromise(rules: ["one strong piece per colour"])), "\(alone.warnings)")
        XCTAssertTrue(alone.outfits[0].reasons.contains { $0.contains("two strong pieces in one colour") }, "\(alone.outfits[0].reasons)")
    }

    /// Graded tones of one hue are what a stylist calls tonal dressing: suggested, and named so.
    func testGradedTonesOfOneHueAreSuggestedAndNamedSo() throws {
        let items = [item(1, "blouseShirt", "sky blue"), item(2, "longPants", "blue"), item(3, "loafers", "brown")]
        let result = try suggest(21, items)
        XCTAssertEqual(result.outfits[0].itemIDs, [1, 2, 3])
        XCTAssertEqual(result.warnings, [])
        XCTAssertTrue(result.outfits[0].reasons.contains { $0.contains("graded tones of one colour") }, "\(result.outfits[0].reasons)")
        let ko = try OutfitSuggester().suggest(
            {
                var r = SuggestionRequest(weather: WeatherConditions(temp: 21), day: "2026-04-10")
                r.language = .ko
                return r
            }(), items: items, wearDays: [:])
        XCTAssertTrue(ko.outfits[0].reasons.contains { $0.contains("톤온톤") }, "\(ko.outfits[0].reasons)")
    }

    /// Rain at 24–30 °C: the light outer (a windbreaker: a jacket at thickness 1) rather than a jacket or coat
    /// of full warmth; with none light enough, the lightest, and a word that says so.
    func testRainInTheHeatWearsALightOuterOrSaysNoneIsLightEnough() throws {
        let base = [
            item(1, "shortSleeve", "white"), item(2, "shortPants", "khaki"), item(3, "sneakers", "white"),
            item(4, "jacket", "black"), item(5, "coat", "camel"), item(6, "blazer", "navy"),
        ]
        for t in [24.0, 27, 30] {
            let heavy = try suggest(t, rain: true, base)
            let outer = try XCTUnwrap(heavy.outfits[0].pieces.first { $0.slot == .outer }, "\(t) °C: an outer in the rain").item
            XCTAssertEqual(outer.id, 4, "\(t) °C: the lighter of jacket and coat")
            XCTAssertTrue(heavy.warnings.contains(.noLightOuter(temperature: t, lightest: outer)), "\(t) °C: \(heavy.warnings)")
            let said = try XCTUnwrap(heavy.warnings.first { if case .noLightOuter = $0 { true } else { false } })
            XCTAssertTrue(said.description.contains("light enough"), said.description)
            XCTAssertFalse(said.summary(in: .celsius, language: .ko).contains("light"), "in Korean")
            // Of two outers equally light, the warning names the one worn.
            var wintry = base
            wintry[3].seasons = [.winter]  // the black jacket is out of season: the khaki one, as light, is worn
            let two = try suggest(t, rain: true, wintry + [item(8, "jacket", "khaki")])
            XCTAssertEqual(two.outfits[0].pieces.first { $0.slot == .outer }?.item.id, 8, "\(t) °C")
            let worn = try XCTUnwrap(two.outfits[0].pieces.first { $0.slot == .outer }).item
            XCTAssertTrue(two.warnings.contains(.noLightOuter(temperature: t, lightest: worn)), "\(t) °C: \(two.warnings)")
            let light = try suggest(t, rain: true, base + [item(7, "jacket", "navy", thickness: 1)])
            XCTAssertEqual(light.outfits[0].pieces.first { $0.slot == .outer }?.item.id, 7, "\(t) °C: the windbreaker")
            XCTAssertFalse(light.warnings.contains { if case .noLightOuter = $0 { true } else { false } }, "\(t) °C")
        }
        // Dry, no outer at all from 25 °C; cool rain is not warm rain.
        XCTAssertFalse(try suggest(20, rain: true, base).warnings.contains { if case .noLightOuter = $0 { true } else { false } })
    }
}

/// An occasion the wardrobe cannot meet: the outfit still keeps its pieces within one formality level.
final class OccasionGivesWayTests: XCTestCase {
    /// Found on the real-photo wardrobe: formal at 30 °C in rain, with only casual tops and bottoms, gave a T-shirt,
    /// shorts and a jacket with derbies (the only shoes in the window), a compromise of "formality within one level".
    func testWhenTheMainPiecesFallOutsideTheOccasionTheShoesFollowThem() throws {
        let items = [
            Item(id: 1, NewItem(name: "tee", category: "shortSleeve", colors: ["black"], thickness: 1)),
            Item(id: 2, NewItem(name: "shorts", category: "shortPants", colors: ["beige"], thickness: 1)),
            Item(id: 3, NewItem(name: "jacket", category: "jacket", colors: ["navy"])),
            Item(id: 4, NewItem(name: "derbies", category: "dressShoes", colors: ["black"], thickness: 2)),
            Item(id: 5, NewItem(name: "sneakers", category: "sneakers", colors: ["white"])),
        ]
        for occasion in ["formal", "wedding"] {
            let request = SuggestionRequest(weather: WeatherConditions(temp: 30, rain: true), day: "2026-04-10", occasion: occasion)
            let result = try OutfitSuggester().suggest(request, items: items, wearDays: [:])
            XCTAssertFalse(result.warnings.contains { if case .compromise = $0 { true } else { false } }, "\(result.warnings)")
            XCTAssertTrue(result.warnings.contains(.outsideOccasion(slot: .top, occasion: occasion)), "\(result.warnings)")
            XCTAssertEqual(result.outfits[0].itemIDs, [1, 2, 3, 5], occasion)
        }
    }
}
