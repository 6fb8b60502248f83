import ClosetKit
import Foundation

/// A day's outfits as every front end shows them: the plan saved for the day (`closet plan --save`) comes
/// first, then the suggestions.
public struct DayOutfits: Sendable {
    /// The saved plan's pieces that are still items of the wardrobe, in the plan's order (away and archived
    /// ones too: the plan names them).
    public var plannedItems: [Item]
    /// The saved plan as an outfit to wear: nil when there is none, or none of its pieces is in the closet.
    public var planned: SuggestedOutfit?
    /// The suggestions for the day's weather.
    public var suggestions: Suggestions

    /// The saved plan's outfit first, then the suggestions.
    public var outfits: [SuggestedOutfit] { (planned.map { [$0] } ?? []) + suggestions.outfits }
}

extension OutfitSuggester {
    /// Suggestions for `request`, with the plan saved for its day first. `items` are those the suggester may
    /// choose from and name (a planned piece not among them is left out).
    public func day(
        _ request: SuggestionRequest, items: [Item], wearDays: [Int64: [String]], in wardrobe: Wardrobe
    ) throws
        -> DayOutfits
    {
        let suggestions = try suggest(request, items: items, wearDays: wearDays)
        let byID = Dictionary(items.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
        let plannedItems = try wardrobe.plan(on: request.day).compactMap { byID[$0] }
        let planned = SuggestedOutfit.planned(plannedItems, taxonomy: taxonomy, day: request.day, language: request.language)
        return DayOutfits(plannedItems: plannedItems, planned: planned, suggestions: suggestions)
    }
}
