import ClosetKit
import Foundation
import Stylist
import Weather
import XCTest

/// Outfits a person would wear: layers that add up to the weather, alternatives that differ, one-pieces
/// as equals, a week without repeats, and never giving up while an outfit can be made.
final class OutfitVarietyTests: XCTestCase {
    let suggester = OutfitSuggester()
    var nextID: Int64 = 1

    func item(_ category: CategoryID, _ name: String, color: String = "grey", thickness: Int? = nil) -> Item {
        defer { nextID += 1 }
        return Item(
            id: nextID,
            NewItem(
                name: name, category: category, colors: [color],
                thickness: thickness ?? Taxonomy.shared.category(category)!.thickness))
    }

    func suggest(
        _ temp: Double, _ items: [Item], count: Int = 3, min: Double? = nil, max: Double? = nil, rain: Bool = false,
        wind: Double? = nil
    ) throws -> Suggestions {
        var request = SuggestionRequest(
            weather: WeatherConditions(temp: temp, min: min, max: max, rain: rain, wind: wind), day: "2026-11-10")
        request.count = count
        return try suggester.suggest(request, items: items, wearDays: [:])
    }

    func testDefaultThicknessFollowsTheCategory() {
        let t = Taxonomy.shared
        XCTAssertTrue((1...2).contains(t.category("shortSleeve")!.thickness))
        XCTAssertTrue((1...2).contains(t.category("sleeveless")!.thickness))
        XCTAssertEqual(t.category("sweater")!.thickness, 3)
        XCTAssertEqual(t.category("hoodie")!.thickness, 3)
        XCTAssertEqual(t.category("coat")!.thickness, 4)
        XCTAssertEqual(t.category("winterOuter")!.thickness, 5)
        // A thicker piece is warmer than a thinner one of the same category.
        let coat = t.category("coat")!
        XCTAssertGreaterThan(coat.warmth(thickness: 5), coat.warmth(thickness: 4))
        XCTAssertGreaterThan(coat.warmth(thickness: 4), coat.warmth(thickness: 2))
    }

    /// The new user's −5 °C: two hoodies, a padded coat filed as "jacket", long trousers. Suggested, with a plain warning.
    func testTheColdGivesTheWarmestOutfitWithAWarningInsteadOfNothing() throws {
        let hoodies = [item("hoodie", "Grey hoodie"), item("hoodie", "Navy hoodie", color: "navy")]
        let coat = item("jacket", "Charcoal jacket", color: "charcoal")
        let trousers = item("longPants", "Black trousers", color: "black")
        let result = try suggest(-5, hoodies + [coat, trousers])
        XCTAssertFalse(result.outfits.isEmpty)
        let first = result.outfits[0]
        XCTAssertTrue(first.itemIDs.contains(coat.id), "the only outer is worn")
        XCTAssertTrue(first.itemIDs.contains(trousers.id))
        XCTAssertEqual(result.warnings.first, .colderThanWardrobe(temperature: -5, warmestOuter: coat), "the most important first")
        XCTAssertTrue(result.warnings.contains(.noShoes))
        XCTAssertTrue(result.warnings[0].description.contains("Charcoal jacket"), result.warnings[0].description)
        XCTAssertTrue(result.outfits.allSatisfy { $0.reasons.contains { $0.contains("only jacket") } || $0.itemIDs.contains(coat.id) })
        XCTAssertEqual(
            Set(result.outfits.compactMap { $0.pieces.first { $0.slot == .top }?.item.id }).count, 2,
            "the two hoodies take turns")
    }

    func testInTheColdAMidLayerGoesUnderTheOuter() throws {
        let items = [
            item("shortSleeve", "White tee", color: "white"), item("longSleeve", "Stripe", color: "navy"),
            item("sweater", "Cream knit", color: "beige"), item("hoodie", "Hoodie"), item("coat", "Camel coat", color: "beige"),
            item("jeans", "Jeans", color: "denim"), item("boots", "Boots", color: "brown"),
        ]
        let result = try suggest(2, items)
        let first = result.outfits[0]
        XCTAssertTrue(first.pieces.contains { $0.slot == .mid }, "a mid layer at 2 °C: \(first.pieces.map(\.item.name))")
        XCTAssertTrue(first.pieces.contains { $0.slot == .outer })
        XCTAssertGreaterThanOrEqual(first.warmth, first.targetWarmth - 2)
        XCTAssertTrue(first.why.contains("under the"), first.why)
        // In the warmth nothing is layered.
        XCTAssertTrue(try suggest(24, items).outfits.allSatisfy { !$0.pieces.contains { $0.slot == .mid } })
    }

    func testAlternativesUseDifferentTopsAndNoPieceIsInEveryOne() throws {
        let tops = ["navy", "white", "black", "grey"].map { item("longSleeve", "\($0) long-sleeve", color: $0) }
        let rest = [
            item("jeans", "Jeans", color: "denim"), item("longPants", "Chinos", color: "beige"), item("jacket", "Jacket", color: "black"),
            item("coat", "Coat", color: "charcoal"), item("sneakers", "Sneakers", color: "white"), item("boots", "Boots", color: "brown"),
        ]
        for temp in [5.0, 10, 15] {
            let outfits = try suggest(temp, tops + rest).outfits
            XCTAssertEqual(outfits.count, 3)
            let mains = outfits.compactMap { $0.pieces.first { $0.slot == .top }?.item.id }
            XCTAssertEqual(Set(mains).count, 3, "\(temp) °C: three different tops")
            let common = outfits.dropFirst().reduce(outfits[0].itemIDs) { $0.intersection($1.itemIDs) }
            XCTAssertEqual(common, [], "\(temp) °C: no piece in every alternative when there is another")
        }
    }

    func testOnePiecesCompeteWhenTheWeatherSuitsThem() throws {
        let items = [
            item("shortSleeve", "Tee", color: "white"), item("shortSleeve", "Red tee", color: "red"),
            item("blouseShirt", "Shirt", color: "white"), item("shortPants", "Shorts", color: "khaki"),
            item("longSkirt", "Skirt", color: "black"), item("onePieceSet", "Floral dress", color: "pink"),
            item("onePieceSet", "Black dress", color: "black"), item("sandals", "Sandals", color: "brown"),
        ]
        for temp in [24.0, 27, 30, 34] {
            let outfits = try suggest(temp, items).outfits
            XCTAssertTrue(outfits.contains { $0.pieces.contains { $0.slot == .onepiece } }, "\(temp) °C: a dress among three")
        }
        // Below where dresses suit, trousers-and-top outfits lead.
        XCTAssertFalse(try suggest(24, items).outfits[0].pieces.isEmpty)
    }

    func testAWeekPlanRepeatsNoTopAndKeepsBottomsToThreeTimes() {
        let tops = (0..<8).map {
            item($0 % 2 == 0 ? "longSleeve" : "blouseShirt", "top \($0)", color: ["navy", "white", "black", "grey"][$0 % 4])
        }
        let bottoms = [
            item("jeans", "Jeans", color: "denim"), item("longPants", "Chinos", color: "beige"), item("longPants", "Grey trousers"),
        ]
        let items =
            tops + bottoms + [
                item("jacket", "Jacket", color: "black"), item("cardigan", "Cardigan"), item("sneakers", "Sneakers", color: "white"),
            ]
        let days = (1...7).map { (day: String(format: "2026-11-%02d", $0), weather: WeatherConditions(temp: 14)) }
        let plan = WeekPlanner().plan(
            days, template: SuggestionRequest(weather: WeatherConditions(temp: 14), day: days[0].day),
            items: items, wearDays: [:])
        XCTAssertEqual(plan.count, 7)
        let mains = plan.compactMap { $0.outfit?.pieces.first { $0.slot == .top || $0.slot == .onepiece }?.item.id }
        XCTAssertEqual(mains.count, 7)
        XCTAssertEqual(Set(mains).count, 7, "no top twice in the week")
        var bottomUses: [Int64: Int] = [:]
        for day in plan { for p in day.outfit?.pieces ?? [] where p.slot == .bottom { bottomUses[p.item.id, default: 0] += 1 } }
        XCTAssertTrue(bottomUses.values.allSatisfy { $0 <= 3 }, "\(bottomUses)")
    }

    func testAWeekPlanFollowsEachDaysWeather() {
        let items = [
            item("shortSleeve", "Tee", color: "white"), item("sweater", "Knit"), item("shortPants", "Shorts", color: "khaki"),
            item("jeans", "Jeans", color: "denim"), item("winterOuter", "Padded", color: "black"),
            item("sneakers", "Shoes", color: "white"),
        ]
        let days = [(day: "2026-07-01", weather: WeatherConditions(temp: 31)), (day: "2026-07-02", weather: WeatherConditions(temp: -3))]
        let plan = WeekPlanner().plan(
            days, template: SuggestionRequest(weather: days[0].weather, day: days[0].day), items: items, wearDays: [:])
        XCTAssertTrue(plan[0].outfit!.pieces.contains { $0.item.name == "Shorts" })
        XCTAssertTrue(plan[1].outfit!.pieces.contains { $0.item.name == "Padded" })
    }

    /// Wardrobes that lack something, over the whole range: outfits with warnings, or one clear refusal.
    func testWardrobesThatLackSomethingStillGetOutfitsOrOneClearRefusal() throws {
        let full = Taxonomy.shared.categories.flatMap { c in
            [item(c.id, "\(c.id) a", color: "navy"), item(c.id, "\(c.id) b", color: "white")]
        }
        let wardrobes: [(String, [Item])] = [
            ("no winter outer", full.filter { !["winterOuter", "parka", "coat"].contains($0.category) }),
            (
                "one top",
                full.filter { Taxonomy.shared.category($0.category)!.group != "top" || $0.name == "hoodie a" }
                    .filter { $0.category != "onePieceSet" }
            ),
            ("only one-pieces", full.filter { ["onepiece", "shoes", "outer"].contains(Taxonomy.shared.category($0.category)!.group) }),
            ("no shoes", full.filter { Taxonomy.shared.category($0.category)!.group != "shoes" }),
            ("nothing but tops", full.filter { Taxonomy.shared.category($0.category)!.group == "top" }),
        ]
        for (name, items) in wardrobes {
            for temp in stride(from: -15.0, through: 38, by: 1) {
                for (rain, wind) in [(false, 0.0), (true, 0.0), (false, 35.0)] {
                    let context = "\(name) at \(temp) °C rain \(rain) wind \(wind)"
                    do {
                        let result = try suggest(temp, items, rain: rain, wind: wind)
                        XCTAssertFalse(result.outfits.isEmpty, context)
                        if name == "no shoes" { XCTAssertTrue(result.warnings.contains(.noShoes), context) }
                        if let best = result.outfits.first, best.warmth < best.targetWarmth - 2, temp < 12 {
                            XCTAssertTrue(result.warnings.contains { if case .colderThanWardrobe = $0 { true } else { false } }, context)
                        }
                    } catch let error as ClosetError {
                        XCTAssertEqual(name, "nothing but tops", "\(context): refused with \(error)")
                        XCTAssertTrue(error.message.contains("no bottoms yet"), error.message)
                    }
                }
            }
        }
    }
}
