import ClosetKit
import Foundation
import Weather

/// Collects reasons only when asked; the autoclosure keeps the text from being built otherwise.
struct ReasonList {
    let enabled: Bool
    var items: [String] = []
    mutating func append(_ text: @autoclosure () -> String) { if enabled { items.append(text()) } }
}

/// One suggested outfit: its pieces, each with why it was picked.
public struct SuggestedOutfit: Sendable {
    public struct Piece: Sendable {
        public var item: Item
        public var slot: Slot
        public var reason: String
    }

    public var pieces: [Piece]
    public var score: Double
    public var reasons: [String]
    public var itemIDs: Set<Int64> { Set(pieces.compactMap(\.item.id)) }
}

/// The part of an outfit a piece fills.
public enum Slot: String, Sendable, CaseIterable {
    case top, bottom, onepiece, outer, shoes
}

/// What the suggester needs to know.
public struct SuggestionRequest: Sendable {
    public var weather: WeatherConditions
    /// The day dressed for, `YYYY-MM-DD`.
    public var day: String
    public var style: String?
    public var occasion: String?
    public var includeWishlist = false
    public var budget: Double?
    public var count = 3

    public init(weather: WeatherConditions, day: String, style: String? = nil, occasion: String? = nil) {
        self.weather = weather; self.day = day; self.style = style; self.occasion = occasion
    }
}

/// Answers "what do I wear today?" from the clothes already owned.
///
/// Each candidate piece is scored on temperature (its category's band and warmth, adjusted by its
/// thickness), season, the style or occasion asked for, and rotation (worn in the last days: penalised;
/// long unworn: nudged). Outfits combine the best pieces per slot and add colour harmony. The same
/// inputs always give the same outfits (ties break on item ids).
public struct OutfitSuggester: Sendable {
    public var taxonomy: Taxonomy
    /// Candidates kept per slot before combining.
    public var perSlot = 6

    public init(taxonomy: Taxonomy = .shared) { self.taxonomy = taxonomy }

    struct Candidate { var item: Item; var slot: Slot; var score: Double; var reasons: [String] }

    public func suggest(_ request: SuggestionRequest, items: [Item], wearDays: [Int64: [String]]) throws -> [SuggestedOutfit] {
        let weather = request.weather
        let t = weather.effective
        let band = TemperatureBand.band(for: t)
        let forbidden = TemperatureBand.forbidden(at: t, max: weather.max)
        let season = Day.date(request.day).map { Season.of($0, calendar: Self.utc) } ?? .spring
        // The day swings: dress for the range with an outer that comes off.
        let swings = weather.swing >= 8 && (weather.min ?? t) < 17
        let needOuter = band.outerRequired || weather.rain && t < 22 || swings
        let pool = items.filter { item in
            switch item.status {
            case .active: return true
            case .wishlist: return request.includeWishlist && (request.budget == nil || (item.price ?? .infinity) <= request.budget!)
            case .archived: return false
            }
        }
        var bySlot: [Slot: [Candidate]] = [:]
        for item in pool {
            guard let category = taxonomy.category(item.category), !forbidden.contains(item.category),
                  let slot = Self.slot(of: category.group) else { continue }
            guard let scored = score(item, category: category, slot: slot, band: band, t: t, season: season,
                                     request: request, wearDays: wearDays[item.id ?? -1] ?? [], swings: swings,
                                     withReasons: false) else { continue }
            bySlot[slot, default: []].append(scored)
        }
        // Reasons are text; they are written only for the pieces kept (formatting them for every item
        // of a 1,000-item wardrobe was most of the time).
        for slot in Slot.allCases {
            bySlot[slot] = (bySlot[slot] ?? []).sorted { $0.score != $1.score ? $0.score > $1.score : ($0.item.id ?? 0) < ($1.item.id ?? 0) }
                .prefix(perSlot).compactMap { c in
                    score(c.item, category: taxonomy.category(c.item.category)!, slot: slot, band: band, t: t, season: season,
                          request: request, wearDays: wearDays[c.item.id ?? -1] ?? [], swings: swings, withReasons: true)
                }
        }
        let tops = bySlot[.top] ?? [], bottoms = bySlot[.bottom] ?? [], onepieces = bySlot[.onepiece] ?? []
        let outers = bySlot[.outer] ?? [], shoes = bySlot[.shoes] ?? []
        if onepieces.isEmpty {
            if tops.isEmpty { throw ClosetError.noInput(missing("tops", band: band, any: pool.contains { taxonomy.category($0.category)?.group == "top" })) }
            if bottoms.isEmpty { throw ClosetError.noInput(missing("bottoms", band: band, any: pool.contains { taxonomy.category($0.category)?.group == "bottom" })) }
        }
        if needOuter && outers.isEmpty {
            throw ClosetError.noInput(missing("outerwear", band: band, any: pool.contains { taxonomy.category($0.category)?.group == "outer" }))
        }
        // Combine: (top + bottom | onepiece) × outer (or none) × shoes (or none when there are none).
        // Combinations are scored as indices into `all`; pieces and reasons are built only for the chosen.
        let all = tops + bottoms + onepieces + outers + shoes
        var offset = 0
        func indices(_ list: [Candidate]) -> [Int] { defer { offset += list.count }; return Array(offset..<(offset + list.count)) }
        let (ti, bi, oi, ui, si) = (indices(tops), indices(bottoms), indices(onepieces), indices(outers), indices(shoes))
        var bases: [[Int]] = []
        for top in ti { for bottom in bi { bases.append([top, bottom]) } }
        for one in oi { bases.append([one]) }
        let outerChoices: [Int?] = needOuter ? ui : [nil] + (band.outers.isEmpty ? [] : ui)
        let shoeChoices: [Int?] = si.isEmpty ? [nil] : si
        struct Combination { var pieces: [Int]; var score: Double; var ids: [Int64] }
        var combinations: [Combination] = []
        combinations.reserveCapacity(bases.count * outerChoices.count * shoeChoices.count)
        for base in bases {
            for outer in outerChoices {
                for shoe in shoeChoices {
                    var pieces = base
                    if let outer { pieces.append(outer) }
                    if let shoe { pieces.append(shoe) }
                    var total = 0.0
                    for p in pieces { total += all[p].score }
                    total += ColorHarmony.score(pieces.map { all[$0].item.colors }).score
                    if outer == nil && !band.outers.isEmpty { total -= 0.1 }
                    combinations.append(Combination(pieces: pieces, score: (total * 1000).rounded() / 1000,
                                                    ids: pieces.map { all[$0].item.id ?? 0 }))
                }
            }
        }
        combinations.sort { a, b in a.score != b.score ? a.score > b.score : a.ids.lexicographicallyPrecedes(b.ids) }
        // Alternatives differ from every earlier pick by at least one main piece (top, bottom or one-piece),
        // so that "another outfit" is really another; then, if needed, by any piece.
        let mainCount = { (c: Combination) in c.pieces.filter { $0 < ti.count + bi.count + oi.count }.count }
        var chosen: [Combination] = []
        for c in combinations where chosen.count < max(1, request.count) {
            let main = Set(c.ids.prefix(mainCount(c)))
            if chosen.allSatisfy({ Set($0.ids.prefix(mainCount($0))) != main }) { chosen.append(c) }
        }
        for c in combinations where chosen.count < max(1, request.count) {
            if !chosen.contains(where: { Set($0.ids) == Set(c.ids) }) { chosen.append(c) }
        }
        return chosen.map { c in
            let harmony = ColorHarmony.score(c.pieces.map { all[$0].item.colors })
            return SuggestedOutfit(
                pieces: c.pieces.map { .init(item: all[$0].item, slot: all[$0].slot, reason: all[$0].reasons.joined(separator: "; ")) },
                score: c.score, reasons: harmony.reason.map { [$0] } ?? [])
        }
    }

    func missing(_ what: String, band: TemperatureBand, any: Bool) -> String {
        any ? "none of your \(what) suits \(band.label): add one with `closet add PHOTO`"
            : "no \(what) yet: add one with `closet add PHOTO`"
    }

    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func slot(of group: String) -> Slot? {
        switch group {
        case "top": .top
        case "bottom": .bottom
        case "onepiece": .onepiece
        case "outer": .outer
        case "shoes": .shoes
        default: nil
        }
    }

    /// A piece's score, or nil when it does not suit the weather at all.
    func score(_ item: Item, category: ClosetKit.Category, slot: Slot, band: TemperatureBand, t: Double, season: Season,
               request: SuggestionRequest, wearDays: [String], swings: Bool, withReasons: Bool) -> Candidate? {
        var score = 0.0
        var reasons = ReasonList(enabled: withReasons)
        let weather = request.weather
        let suited: Set<String>
        switch slot {
        case .top: suited = band.tops
        case .bottom: suited = band.bottoms
        case .onepiece: suited = band.onepieces
        case .outer: suited = band.outers
        case .shoes: suited = []
        }
        let warmth = Double(category.warmth) + Double(item.thickness - 3) * 0.5
        let conditions = withReasons ? "\(Int(t.rounded())) °C" + (weather.isWindy ? ", windy" : "") + (weather.rain ? ", rain" : "") : ""
        if slot == .shoes {
            score += 1
            reasons.append(weather.rain ? "\(conditions) → closed shoes" : "shoes")
        } else if suited.contains(item.category) {
            score += 2 - abs(warmth - band.warmth) * 0.3
            reasons.append("\(conditions) → \(category.en.lowercased())")
        } else {
            // Near the band: a neighbouring band's category, within one step of warmth.
            guard abs(warmth - band.warmth) <= 1.0 else { return nil }
            if slot == .outer, band.outers.isEmpty, !swings, !(weather.rain && t < 22) { return nil }
            score += 0.8 - abs(warmth - band.warmth) * 0.3
            reasons.append("\(conditions) → \(category.en.lowercased()) will do")
        }
        if slot == .outer {
            if weather.rain { score += 0.3; reasons.append("rain → an outer") }
            if swings {
                score += warmth <= 3 ? 0.4 : 0
                reasons.append(String(format: "the day swings %.0f→%.0f °C → a layer to take off", weather.min ?? t, weather.max ?? t))
            }
        }
        if !item.seasons.isEmpty && !item.seasons.contains(season) { score -= 0.4 }
        for (wanted, label) in [(request.style, "style"), (request.occasion, "occasion")] {
            guard let wanted = wanted?.lowercased() else { continue }
            if item.styles.contains(wanted) { score += 0.6; reasons.append("\(label) \(wanted)") }
            else if !item.styles.isEmpty { score -= 0.4 }
        }
        if let last = wearDays.last, let days = Day.distance(from: last, to: request.day), days >= 0 {
            if days <= 1 { score -= 2; reasons.append("worn \(days == 0 ? "today" : "yesterday")") }
            else if days <= 3 { score -= 0.8; reasons.append("worn \(days) days ago") }
            else if days >= 30 { score += 0.3; reasons.append("not worn for \(days) days") }
        } else if wearDays.isEmpty {
            score += 0.3
            reasons.append("never worn yet")
        }
        if item.status == .wishlist {
            score -= 0.2
            reasons.append("wishlist" + (item.price.map { String(format: ", %.2f", $0) } ?? ""))
        }
        return Candidate(item: item, slot: slot, score: score, reasons: reasons.items)
    }
}
