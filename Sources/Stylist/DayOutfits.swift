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
    /// When `asked` (a person asked for outfits, as `closet suggest` does, not a screen drawn again), what was
    /// suggested first earlier that day is not the first choice again while others fit, and this answer's first
    /// outfit is remembered for the next ask.
    public func day(
        _ request: SuggestionRequest, items: [Item], wearDays: [Int64: [String]], in wardrobe: Wardrobe, asked: Bool = false
    ) throws
        -> DayOutfits
    {
        var request = request
        // The memory only steers: a wardrobe opened read-only (an older one may lack its table) still answers.
        if asked { request.suggestedToday = (try? wardrobe.suggestedToday(request.day)) ?? [] }
        let suggestions = try suggest(request, items: items, wearDays: wearDays)
        if asked, let first = suggestions.outfits.first { try? wardrobe.rememberSuggested(first.pieces.map(\.item.id), day: request.day) }
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let plannedItems = try wardrobe.plan(on: request.day).compactMap { byID[$0] }
        let planned = SuggestedOutfit.planned(plannedItems, taxonomy: taxonomy, day: request.day, language: request.language)
        return DayOutfits(plannedItems: plannedItems, planned: planned, suggestions: suggestions)
    }
}
