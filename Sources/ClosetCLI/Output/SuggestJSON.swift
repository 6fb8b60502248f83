import ClosetKit
import Foundation
import Stylist
import Weather

/// The documented JSON shapes of `suggest --json` and `plan --json` (README: "JSON output"), as typed values.
/// A nil field is written as `null`, never left out.
enum SuggestJSON {
    struct Weather: Encodable {
        var temp: Double
        var feels: Double?
        var min: Double?
        var max: Double?
        var rain: Bool
        var wind: Double?
        var source: String
        var stale: Bool

        init(_ w: WeatherConditions) {
            (temp, feels, min, max, rain, wind, source, stale) = (w.temp, w.feels, w.min, w.max, w.rain, w.wind, w.source, w.stale)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(temp, forKey: .temp)
            try c.encode(feels, forKey: .feels)
            try c.encode(min, forKey: .min)
            try c.encode(max, forKey: .max)
            try c.encode(rain, forKey: .rain)
            try c.encode(wind, forKey: .wind)
            try c.encode(source, forKey: .source)
            try c.encode(stale, forKey: .stale)
        }

        enum CodingKeys: String, CodingKey { case temp, feels, min, max, rain, wind, source, stale }
    }

    /// A piece of an outfit; `detailed` (suggest) adds wishlist, price, reason and slot.
    struct Piece: Encodable {
        var id: Int64
        var category: String
        var group: String
        var name: String
        var detail: Detail?

        struct Detail {
            var wishlist: Bool
            var price: Double?
            var reason: String
            var slot: String
        }

        init(_ p: SuggestedOutfit.Piece, detailed: Bool) {
            id = p.item.id ?? 0
            category = p.item.category
            group = Taxonomy.shared.category(p.item.category)?.group ?? ""
            name = p.item.name
            detail =
                detailed
                ? Detail(wishlist: p.item.status == .wishlist, price: p.item.price, reason: p.reason, slot: p.slot.rawValue) : nil
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(category, forKey: .category)
            try c.encode(group, forKey: .group)
            try c.encode(name, forKey: .name)
            guard let detail else { return }
            try c.encode(detail.wishlist, forKey: .wishlist)
            try c.encode(detail.price, forKey: .price)
            try c.encode(detail.reason, forKey: .reason)
            try c.encode(detail.slot, forKey: .slot)
        }

        enum CodingKeys: String, CodingKey { case id, category, group, name, wishlist, price, reason, slot }
    }

    /// An outfit; `detailed` (suggest) adds the score, the warmth and the why, and each piece's reason.
    struct Outfit: Encodable {
        var items: [Piece]
        var reasons: [String]
        var score: Double?
        var warmth: Double?
        var targetWarmth: Double?
        var why: String?

        init(_ o: SuggestedOutfit, detailed: Bool = true) {
            items = o.pieces.map { Piece($0, detailed: detailed) }
            reasons = [o.why] + o.reasons + (detailed ? o.pieces.map(\.reason) : [])
            if detailed {
                score = o.score
                warmth = (o.warmth * 10).rounded() / 10
                targetWarmth = (o.targetWarmth * 10).rounded() / 10
                why = o.why
            }
        }
    }

    /// A planned piece: its id, name and category (empty when the item is gone).
    struct PlannedPiece: Encodable {
        var id: Int64
        var name: String
        var category: String

        init(_ id: Int64, _ item: Item?) { (self.id, name, category) = (id, item?.name ?? "", item?.category ?? "") }
    }

    /// `suggest --json`.
    struct Suggestion: Encodable {
        var weather: Weather
        var outfits: [Outfit]
        var warnings: [String]
        var planned: [PlannedPiece]
    }

    /// One day of `plan --json`.
    struct PlanDay: Encodable {
        var date: String
        var weather: Weather
        var outfit: Outfit?
        var warnings: [String]

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(date, forKey: .date)
            try c.encode(weather, forKey: .weather)
            try c.encode(outfit, forKey: .outfit)
            try c.encode(warnings, forKey: .warnings)
        }

        enum CodingKeys: String, CodingKey { case date, weather, outfit, warnings }
    }

    /// `plan --json`.
    struct Plan: Encodable {
        var days: [PlanDay]
        var warnings: [String]
    }

    /// One day of `plan --show --json`.
    struct SavedDay: Encodable {
        var date: String
        var planned: [PlannedPiece]
    }

    /// `plan --show --json`.
    struct Saved: Encodable {
        var days: [SavedDay]
    }

    /// A warning in the CLI's words (with the command that fixes it, where there is one).
    static func words(_ warning: SuggestionWarning, in unit: TemperatureUnit = .celsius, language: Language = .en) -> String {
        let summary = warning.summary(in: unit, language: language)
        if let outer = warning.outerToRefile {
            return summary
                + Strings.format(
                    " — is it a winter coat? `closet edit {0} --category winterOuter`", language, "\(outer.id ?? 0)")
        }
        if case .noShoes = warning { return summary + ": `closet add PHOTO --category shoes`" }
        return warning.description(in: unit, language: language)
    }
}
