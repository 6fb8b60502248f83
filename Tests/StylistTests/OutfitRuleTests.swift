import ClosetKit
import Foundation
import Stylist
import Weather
import XCTest

/// The rule suite: generated wardrobes across −15…38 °C, with and without rain and wind.
final class OutfitRuleTests: XCTestCase {
    /// A wardrobe with every category, two of each in different colours and thicknesses.
    func wardrobe(seed: Int) -> [Item] {
        var items: [Item] = []
        var id: Int64 = 1
        let colors = ["navy", "white", "black", "grey", "red", "beige", "green", "denim"]
        for (i, category) in Taxonomy.shared.categories.enumerated() {
            for copy in 0..<2 {
                items.append(
                    Item(
                        id: id,
                        NewItem(
                            name: "\(category.id) \(copy)", category: category.id,
                            colors: [colors[(i + copy + seed) % colors.count]], seasons: [],
                            thickness: 2 + (copy + seed) % 3)))
                id += 1
            }
        }
        return items
    }

    let suggester = OutfitSuggester()

    func groups(_ outfit: SuggestedOutfit) -> [String] {
        outfit.pieces.map { Taxonomy.shared.category($0.item.category)!.group.rawValue }
    }

    /// In Korean, every reason, card line and warning the suggester writes is Korean: no English word is left
    /// in any of them, across the weathers that bring out each sentence (cold beyond the wardrobe, rain, wind,
    /// a swinging day, a style asked for, pieces worn lately, wishlist pieces).
    func testReasonsAndWarningsAreKoreanThroughout() throws {
        // No shoes and no winter outer (two warnings); jeans the only long bottom, the summer bottoms on the wishlist.
        var items = wardrobe(seed: 1).filter {
            Taxonomy.shared.category($0.category)!.group != "onepiece"
                && !["winterOuter", "parka", "longPants", "trainingBottom"].contains($0.category)
                && Taxonomy.shared.category($0.category)!.group != "shoes"
        }
        var wearDays: [Int64: [String]] = [:]
        for i in items.indices {
            items[i].styles = ["casual"]
            switch items[i].category {
            case "sleeveless", "shortPants", "shortSkirt", "longSkirt": items[i].status = .wishlist; items[i].price = 30
            case "coat": wearDays[items[i].id] = ["2026-04-09"]
            case "jeans": wearDays[items[i].id] = ["2026-04-07"]
            default: break
            }
        }
        var seen = Set<String>()
        for (temp, rain, wind, swing) in [(-20.0, true, 30.0, 0.0), (3, false, 0, 12), (18, true, 0, 0), (30, false, 0, 0)] {
            let weather = WeatherConditions(temp: temp, min: temp - swing / 2, max: temp + swing / 2, rain: rain, wind: wind)
            var request = SuggestionRequest(weather: weather, day: "2026-04-10", style: "casual")
            request.language = .ko
            request.includeWishlist = true
            let result = try suggester.suggest(request, items: items, wearDays: wearDays)
            let texts =
                result.outfits.flatMap { [$0.why] + $0.reasons + $0.pieces.map(\.reason) }
                + result.warnings.map { $0.description(in: .celsius, language: .ko) }
            for text in texts {
                // The user's style word and item names are theirs; temperatures keep their unit.
                let english = text.replacingOccurrences(of: "casual", with: "").replacingOccurrences(of: "°C", with: "")
                    .filter { $0.isASCII && $0.isLetter && !"0123456789".contains($0) }
                let names = items.map(\.name).joined()
                XCTAssertTrue(english.allSatisfy { names.contains($0) } && !text.contains(" the "), "\(temp) °C: \(text)")
                seen.insert(text)
            }
            XCTAssertFalse(result.warnings.isEmpty && temp < -10, "the cold beyond the wardrobe is said")
        }
        for phrase in ["비 → 아우터", "일교차", "스타일 casual", "아직 한 번도 안 입음", "위시리스트", "어제 입음", "일 전에 입음", "신발이 없습니다"] {
            XCTAssertTrue(seen.contains { $0.contains(phrase) }, "\(phrase) among \(seen.sorted())")
        }
    }

    func testRulesHoldAcrossTemperaturesRainAndWind() throws {
        for seed in 0..<3 {
            let items = wardrobe(seed: seed)
            for temp in stride(from: -15.0, through: 38.0, by: 1.0) {
                for (rain, wind) in [(false, 0.0), (true, 0.0), (false, 35.0), (true, 25.0)] {
                    let weather = WeatherConditions(temp: temp, min: temp - 3, max: temp + 3, rain: rain, wind: wind)
                    var request = SuggestionRequest(weather: weather, day: "2026-04-10")
                    request.count = 3
                    let outfits = try suggester.suggest(request, items: items, wearDays: [:]).outfits
                    XCTAssertGreaterThanOrEqual(outfits.count, 2, "\(temp) °C: at least two alternatives")
                    let effective = weather.effective
                    for outfit in outfits {
                        let categories = outfit.pieces.map(\.item.category)
                        let g = groups(outfit)
                        let context = "\(temp) °C rain \(rain) wind \(wind): \(categories)"
                        if effective < 15 {
                            XCTAssertFalse(
                                categories.contains { ["shortPants", "sleeveless", "shortSkirt"].contains($0) },
                                "no shorts below 15: \(context)")
                        }
                        if effective < 12 { XCTAssertTrue(g.contains("outer"), "an outer below 12: \(context)") }
                        if effective > 20 { XCTAssertFalse(categories.contains("winterOuter"), "no winter outer above 20: \(context)") }
                        let slots = outfit.pieces.map(\.slot)
                        if slots.contains(.onepiece) {
                            XCTAssertFalse(
                                slots.contains(.top) || slots.contains(.bottom), "a one-piece replaces top and bottom: \(context)")
                        } else {
                            XCTAssertTrue(slots.contains(.top) && slots.contains(.bottom), "complete outfit: \(context)")
                        }
                        XCTAssertTrue(g.contains("shoes"), "shoes when there are any: \(context)")
                        XCTAssertEqual(Set(slots).count, slots.count, "one piece per slot: \(context)")
                        if slots.contains(.mid) { XCTAssertLessThan(effective, 20, "no mid layer in the warmth: \(context)") }
                    }
                    for i in outfits.indices {
                        for j in outfits.indices where i < j {
                            XCTAssertNotEqual(outfits[i].itemIDs, outfits[j].itemIDs, "alternatives differ at \(temp) °C")
                        }
                    }
                }
            }
        }
    }

    func testSameInputsGiveTheSameOutfits() throws {
        let items = wardrobe(seed: 1)
        let request = SuggestionRequest(weather: WeatherConditions(temp: 14, wind: 12), day: "2026-10-01")
        let a = try suggester.suggest(request, items: items, wearDays: [:]).outfits.map { $0.pieces.map(\.item.id) }
        let b = try suggester.suggest(request, items: items.reversed(), wearDays: [:]).outfits.map { $0.pieces.map(\.item.id) }
        XCTAssertEqual(a, b)
    }

    func testAnItemWornYesterdayIsNotSuggestedWhenThereIsAnAlternative() throws {
        let items = wardrobe(seed: 2)
        let request = SuggestionRequest(weather: WeatherConditions(temp: 18), day: "2026-05-02")
        let first = try suggester.suggest(request, items: items, wearDays: [:]).outfits[0]
        var worn: [Int64: [String]] = [:]
        for piece in first.pieces where piece.slot != .shoes { worn[piece.item.id] = ["2026-05-01"] }
        let next = try suggester.suggest(request, items: items, wearDays: worn).outfits
        XCTAssertTrue(next[0].itemIDs.isDisjoint(with: Set(worn.keys)), "yesterday's pieces have alternatives")
        XCTAssertTrue(next[0].pieces.contains { $0.reason.isEmpty == false })
    }

    func testStyleAndWishlistAndBudget() throws {
        var items = wardrobe(seed: 0)
        items[2].styles = ["office"]  // shortSleeve? any top
        let top = items.first { $0.category == "longSleeve" }!
        if let i = items.firstIndex(of: top) { items[i].styles = ["office"] }
        var request = SuggestionRequest(weather: WeatherConditions(temp: 21), day: "2026-05-02", style: "office")
        XCTAssertEqual(
            try suggester.suggest(request, items: items, wearDays: [:]).outfits[0].pieces.first { $0.slot == .top }?.item.id, top.id)
        items.append(Item(id: 900, NewItem(name: "Dream blazer", category: "blazer", colors: ["black"], price: 300, status: .wishlist)))
        request = SuggestionRequest(weather: WeatherConditions(temp: 18), day: "2026-05-02")
        request.includeWishlist = true
        request.budget = 100
        let outfits = try suggester.suggest(request, items: items, wearDays: [:]).outfits
        XCTAssertFalse(outfits.contains { $0.itemIDs.contains(900) }, "over budget")
        request.budget = 500
        request.count = 8
        let more = try suggester.suggest(
            request, items: items.filter { $0.category != "cardigan" && $0.category != "vest" && $0.category != "blazer" || $0.id == 900 },
            wearDays: [:]
        ).outfits
        XCTAssertTrue(more.contains { $0.itemIDs.contains(900) }, "the wishlist blazer can appear")
    }

    func testClearMessagesWhenNoOutfitCanBeMade() throws {
        let onlyTops = [Item(id: 1, NewItem(name: "t", category: "shortSleeve"))]
        let request = SuggestionRequest(weather: WeatherConditions(temp: 25), day: "2026-07-01")
        XCTAssertThrowsError(try suggester.suggest(request, items: onlyTops, wearDays: [:])) {
            XCTAssertTrue("\($0)".contains("no bottoms yet"), "\($0)")
        }
        XCTAssertThrowsError(try suggester.suggest(request, items: [], wearDays: [:])) {
            XCTAssertTrue("\($0)".contains("no tops yet"), "\($0)")
        }
        // A summer wardrobe at 0 °C is still dressed, with plain warnings, rather than refused.
        let summer = [Item(id: 1, NewItem(name: "t", category: "shortSleeve")), Item(id: 2, NewItem(name: "s", category: "shortPants"))]
        let cold = try suggester.suggest(
            SuggestionRequest(weather: WeatherConditions(temp: 0), day: "2026-01-01"), items: summer, wearDays: [:])
        XCTAssertEqual(cold.outfits.first?.itemIDs, [1, 2])
        XCTAssertTrue(cold.warnings.contains(.nothingSuitable(slot: .bottom, temperature: 0)), "\(cold.warnings)")
        XCTAssertTrue(cold.warnings.contains(.noOuter(temperature: 0)), "\(cold.warnings)")
        XCTAssertTrue(cold.warnings.contains(.colderThanWardrobe(temperature: 0, warmestOuter: nil)), "\(cold.warnings)")
    }

    func testWideSwingAddsARemovableLayer() throws {
        let items = wardrobe(seed: 0)
        let request = SuggestionRequest(weather: WeatherConditions(temp: 19, min: 9, max: 21), day: "2026-04-15")
        let outfits = try suggester.suggest(request, items: items, wearDays: [:]).outfits
        XCTAssertTrue(outfits.allSatisfy { groups($0).contains("outer") })
        XCTAssertTrue(outfits[0].pieces.contains { $0.reason.contains("swings") })
    }

    func testStats() {
        let now = Date()
        let old = now.addingTimeInterval(-200 * 86_400)
        let items = [
            ItemSummary(
                item: Item(id: 1, NewItem(name: "a", category: "jeans", price: 60, created: old)), wears: 3, lastWorn: Day.string(now)),
            ItemSummary(item: Item(id: 2, NewItem(name: "b", category: "coat", price: 200, created: old)), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 3, NewItem(name: "c", category: "jeans", created: now)), wears: 0, lastWorn: nil),
        ]
        let stats = WardrobeStats(summaries: items, wearDays: [1: [Day.string(now)]], today: Day.string(now))
        XCTAssertEqual(stats.perCategory.first { $0.category == "jeans" }?.count, 2)
        XCTAssertEqual(stats.mostWorn.first?.item.id, 1)
        XCTAssertEqual(stats.unworn.map(\.item.id), [2], "old and never worn; the new one is not counted yet")
        XCTAssertEqual(stats.costPerWear.first { $0.item.id == 1 }?.costPerWear, 20)
        XCTAssertEqual(stats.wornThisSeason, 1.0 / 3.0, accuracy: 1e-9)
    }
}

/// Items in the laundry or in repair are never suggested; with one top left, it is used.
final class LaundryRuleTests: XCTestCase {
    func testAwayItemsAreNeverSuggestedAndTheLastTopIsUsedOrTheReasonGiven() throws {
        var items = [
            Item(id: 1, NewItem(name: "Tee A", category: "shortSleeve")), Item(id: 2, NewItem(name: "Tee B", category: "shortSleeve")),
            Item(id: 3, NewItem(name: "Shirt", category: "blouseShirt")), Item(id: 4, NewItem(name: "Shorts", category: "shortPants")),
            Item(id: 5, NewItem(name: "Skirt", category: "shortSkirt")), Item(id: 6, NewItem(name: "Sneakers", category: "sneakers")),
        ]
        for i in [0, 1] { items[i].status = .laundry }
        items[4].status = .repair
        var request = SuggestionRequest(weather: WeatherConditions(temp: 24), day: "2026-07-01")
        request.count = 5
        let outfits = try OutfitSuggester().suggest(request, items: items, wearDays: [:]).outfits
        XCTAssertFalse(outfits.isEmpty)
        for outfit in outfits {
            XCTAssertTrue(outfit.itemIDs.isDisjoint(with: [1, 2, 5]), "nothing away: \(outfit.itemIDs)")
            XCTAssertTrue(outfit.itemIDs.contains(3), "the one top left is used: \(outfit.itemIDs)")
        }
        items[2].status = .laundry
        XCTAssertThrowsError(try OutfitSuggester().suggest(request, items: items, wearDays: [:])) {
            XCTAssertTrue("\($0)".contains("every one of your tops is in the laundry or in repair (3)"), "\($0)")
        }
    }
}
