import ClosetKit
import Foundation
import Stylist
import Weather
import XCTest

/// Variety a person notices (#36 §6): dresses and skirts get their days, and asking again the same day shows
/// other pieces first.
final class StylistVarietyTests: XCTestCase {
    let items = StylistRuleCheckerTests.wardrobe()

    func isDressOrSkirt(_ item: Item) -> Bool {
        Taxonomy.shared.category(item.category)!.group == "onepiece" || ["longSkirt", "shortSkirt"].contains(item.category)
    }

    func testASevenDayPlanGivesDressesAndSkirtsAtLeastTwoDaysWhenTheWeatherSuits() {
        for t in [18.0, 24, 30] {
            let days = (10...16).map { (day: "2026-04-\($0)", weather: WeatherConditions(temp: t)) }
            let plan = WeekPlanner().plan(
                days, template: SuggestionRequest(weather: days[0].weather, day: days[0].day), items: items, wearDays: [:])
            let dressDays = plan.filter { $0.outfit?.pieces.contains { isDressOrSkirt($0.item) } == true }.count
            XCTAssertGreaterThanOrEqual(dressDays, 2, "\(t) °C: \(dressDays) days of 7")
        }
    }

    func testTheAlternativesIncludeADressOrSkirtWhenOneScoresWithinReach() throws {
        for t in [18.0, 24, 30] {
            let result = try OutfitSuggester().suggest(
                SuggestionRequest(weather: WeatherConditions(temp: t), day: "2026-04-10"), items: items, wearDays: [:])
            XCTAssertTrue(result.outfits.contains { $0.pieces.contains { isDressOrSkirt($0.item) } }, "\(t) °C")
        }
    }

    /// Asked at −8, 0 and 5 °C the same day, remembering what came first: outfit 1 is never the same, and no
    /// piece suggested first before is first again while other pieces fit.
    func testAskingAgainTheSameDayShowsOtherPiecesFirst() throws {
        var suggested: Set<Int64> = []
        var firsts: [Set<Int64>] = []
        for t in [-8.0, 0, 5, 12, 18, 24, 30] {
            var request = SuggestionRequest(weather: WeatherConditions(temp: t), day: "2026-04-10")
            request.suggestedToday = suggested
            let first = try OutfitSuggester().suggest(request, items: items, wearDays: [:]).outfits[0]
            let main = first.pieces.filter { [.top, .bottom, .onepiece].contains($0.slot) }.compactMap(\.item.id)
            XCTAssertTrue(suggested.isDisjoint(with: main), "\(t) °C: \(first.pieces.map(\.item.name)) repeats a piece")
            XCTAssertFalse(firsts.contains(first.itemIDs), "\(t) °C: the same outfit 1 again")
            firsts.append(first.itemIDs)
            suggested.formUnion(first.itemIDs)
        }
    }

    /// Without the memory the −8, 0 and 5 °C outfits may share pieces, but never all of them when others fit.
    func testOutfitOneDiffersAtMinus8And0And5() throws {
        let firsts = try [-8.0, 0, 5].map {
            try OutfitSuggester().suggest(
                SuggestionRequest(weather: WeatherConditions(temp: $0), day: "2026-04-10"), items: items, wearDays: [:]
            )
            .outfits[0].itemIDs
        }
        XCTAssertEqual(Set(firsts).count, 3, "\(firsts)")
    }
}
