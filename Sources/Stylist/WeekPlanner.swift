import ClosetKit
import Foundation
import Weather

/// One day the planner proposes: the weather dressed for, the outfit, and what the person should know.
/// Saved, it becomes the store's ``Plan`` (``plan``).
public struct ProposedDay: Sendable {
    public var day: String
    public var weather: WeatherConditions
    public var outfit: SuggestedOutfit?
    public var warnings: [SuggestionWarning]
    /// Why no outfit could be made that day (nil when there is one).
    public var failure: String?

    /// The day's pieces as a saved plan (none when no outfit could be made: saving it clears the day).
    public var plan: Plan { Plan(day: day, items: outfit?.pieces.compactMap(\.item.id) ?? []) }
}

/// Plans one outfit a day for several days, without repeats: no top (base or mid layer) or one-piece twice while unused
/// suitable ones remain, no bottom more than three times in seven days, and the rotation of the wear log
/// carried on by the days already planned.
public struct WeekPlanner: Sendable {
    public var suggester: OutfitSuggester
    /// The most days a bottom is planned in any seven.
    public var bottomLimit = 3
    /// With at least this many dresses and skirts, a plan gives them two days in seven where the weather suits.
    public var dressesForAShare = 3

    public init(suggester: OutfitSuggester = OutfitSuggester()) { self.suggester = suggester }

    /// - Parameters:
    ///   - days: each day with its weather, in order.
    ///   - template: style, occasion, wishlist and exclusions, as for one suggestion (weather and day are set per day).
    public func plan(
        _ days: [(day: String, weather: WeatherConditions)], template: SuggestionRequest, items: [Item],
        wearDays: [Int64: [String]]
    ) -> [ProposedDay] {
        var wears = wearDays
        var usedMain: Set<Int64> = []
        var bottomDays: [Int64: [String]] = [:]
        var out: [ProposedDay] = []
        // Dresses and skirts get their share: two days in seven, the second and fifth day, or the last days left.
        let dresses = items.filter { item in
            item.status == .active && !template.exclude.contains(item.id)
                && suggester.taxonomy.category(item.category).map(SuggestionContext.isDressOrSkirt) == true
        }.count
        let share = dresses >= dressesForAShare ? days.count * 2 / 7 : 0
        var dressDays = 0
        for (index, (day, weather)) in days.enumerated() {
            var request = template
            request.weather = weather
            request.day = day
            request.count = 1
            request.preferDressOrSkirt = dressDays < share && (index % 3 == 1 || days.count - index <= share - dressDays)
            request.avoidMain = usedMain
            request.avoidBottoms = Set(
                bottomDays.filter { _, planned in
                    planned.filter { Day.distance(from: $0, to: day).map { (0..<7).contains($0) } ?? false }.count >= bottomLimit
                }.keys)
            do {
                let result = try suggester.suggest(request, items: items, wearDays: wears)
                let outfit = result.outfits.first
                if let outfit,
                    outfit.pieces.contains(where: {
                        suggester.taxonomy.category($0.item.category).map(SuggestionContext.isDressOrSkirt) == true
                    })
                {
                    dressDays += 1
                }
                for piece in outfit?.pieces ?? [] {
                    let id = piece.item.id
                    if [.top, .mid, .onepiece].contains(piece.slot) { usedMain.insert(id) }
                    if piece.slot == .bottom { bottomDays[id, default: []].append(day) }
                    // A planned day counts as worn for the rotation of the days after it.
                    wears[id, default: []].append(day)
                    wears[id]!.sort()
                }
                out.append(ProposedDay(day: day, weather: weather, outfit: outfit, warnings: result.warnings, failure: nil))
            } catch {
                out.append(
                    ProposedDay(
                        day: day, weather: weather, outfit: nil, warnings: [],
                        failure: (error as? ClosetError)?.message ?? "\(error)"))
            }
        }
        return out
    }
}
