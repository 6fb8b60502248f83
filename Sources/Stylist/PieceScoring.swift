import ClosetKit
import Foundation

/// Collects reasons only when asked; the autoclosure keeps the text from being built otherwise.
struct ReasonList {
    let enabled: Bool
    var items: [String] = []
    mutating func append(_ text: @autoclosure () -> String) { if enabled { items.append(text()) } }
}

/// A piece that may fill a slot today, with what the search needs of it.
struct Candidate {
    var item: Item
    var category: ClosetKit.Category
    var slot: Slot
    var score: Double
    var warmth: Double
    var reasons: [String]
    var formality: Int
    var patterned: Bool
    /// The accent family of its main colour (``ColorHarmony/family(_:)``), nil for a neutral.
    var accent: Int?
    /// A strong accent worn on the body (not shoes): two of one family clash (``ColorHarmony/tonalClash(_:)``).
    var strongOnBody: Bool
    var dressOrSkirt: Bool
    /// A dress or skirt that the temperature band lists today: the weather suits it.
    var suitedDress: Bool
}

extension OutfitSuggester {
    /// A piece's score in a slot (before warmth, which is judged for the whole outfit), or nil when the
    /// slot is not worn today (no outer in the heat, no mid layer above 20 °C).
    func score(
        _ item: Item, category: ClosetKit.Category, slot: Slot, context: SuggestionContext, wearDays: [String],
        withReasons: Bool
    ) -> Candidate? {
        typealias W = StylistWeights
        let weather = context.weather, band = context.band, t = context.t
        var score = 0.0
        var suitedDress = false
        var reasons = ReasonList(enabled: withReasons)
        let unit = context.request.unit, language = context.request.language
        func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }
        let conditions = withReasons ? context.conditions(t) : ""
        let name = withReasons ? category.sentenceName(language) : ""
        func suits(_ suited: Bool) -> String { say(suited ? "{0} → {1}" : "{0} → {1} will do", conditions, name) }
        switch slot {
        case .shoes:
            score += W.suitsBand
            if context.wet {
                reasons.append(say("{0} → closed shoes", conditions))
                switch item.isRainproof(taxonomy) {
                case true: score += W.rainproofShoes
                case false: score += W.shoesNotForRain
                case nil: break
                }
            } else if t < SuggestionContext.openShoesBelow {
                reasons.append(say("{0} → closed shoes", conditions))
            } else {
                reasons.append(say("shoes"))
            }
            if t >= SuggestionContext.warmFrom {
                if item.isOpen(taxonomy) == true { score += W.openShoesInHeat }
                if item.thickness >= 2 { score += W.heavyShoesInHeat }
            }
            if t >= 20 && category.id == "boots" { score += W.bootsWhenWarm }
            if t <= SuggestionContext.warmShoesAtOrBelow && category.id == "boots" { score += W.bootsInCold }
        case .mid:
            guard t < 20 else { return nil }
            score += W.midLayer
            reasons.append(say("{0} → {1} as a mid layer", conditions, name))
        case .outer:
            if context.noOuter || (band.outers.isEmpty && !context.needOuter) { return nil }
            let suited = band.outers.contains(category.id.rawValue)
            score += suited ? W.suitsBand : W.willDo
            reasons.append(suits(suited))
            if context.wet {
                score += W.rainOuter
                reasons.append(say("rain → an outer"))
                let warmth = category.warmth(thickness: item.thickness)
                score += W.rainCoverage * context.rainCoverage(category, warmth: warmth)
                if context.warmRain && warmth > SuggestionContext.lightOuterWarmth { score += W.heavyOuterInWarmRain }
            }
            if context.swings {
                reasons.append(
                    say(
                        "the day swings {0} → a layer to take off",
                        String(format: "%.0f→%.0f ", unit.display(weather.min ?? t), unit.display(weather.max ?? t)) + unit.symbol))
            }
        case .top, .bottom, .onepiece:
            let suited = (slot == .top ? band.tops : slot == .bottom ? band.bottoms : band.onepieces).contains(category.id.rawValue)
            score += suited ? W.suitsBand : W.willDo
            reasons.append(suits(suited))
            suitedDress = suited && SuggestionContext.isDressOrSkirt(category)
        }
        // In season by the calendar or by the weather (a warm day in December is a summer day).
        if !item.seasons.isEmpty && !item.seasons.contains(context.season) && context.weatherSeasons.isDisjoint(with: item.seasons) {
            score += W.outOfSeason
        }
        for (wanted, label) in [(context.request.style, "style {0}"), (context.request.occasion, "occasion {0}")] {
            guard let wanted = wanted?.lowercased() else { continue }
            if item.styles.contains(wanted) {
                score += W.styleMatch; reasons.append(say(label, wanted))
            } else if !item.styles.isEmpty {
                score += W.styleMismatch
            }
        }
        if let last = wearDays.last(where: { $0 <= context.request.day }), let days = Day.distance(from: last, to: context.request.day),
            days >= 0
        {
            if days <= 1 {
                score += W.wornLastDay; reasons.append(say(days == 0 ? "worn today" : "worn yesterday"))
            } else if days <= 3 {
                score += W.wornDaysAgo; reasons.append(say("worn {0} days ago", "\(days)"))
            } else if days >= 30 {
                score += W.restedLong; reasons.append(say("not worn for {0} days", "\(days)"))
            }
        } else if wearDays.isEmpty {
            score += W.restedLong
            reasons.append(say("never worn yet"))
        }
        if item.status == .wishlist {
            score += W.wishlist
            reasons.append(say("wishlist") + (item.price.map { String(format: ", %.2f", $0) } ?? ""))
        }
        return Candidate(
            item: item, category: category, slot: slot, score: score, warmth: category.warmth(thickness: item.thickness),
            reasons: reasons.items, formality: item.formality(taxonomy), patterned: item.pattern.isPatterned,
            accent: ColorHarmony.family(item.colors.first),
            strongOnBody: slot != .shoes && ColorHarmony.shade(item.colors.first) == .strong,
            dressOrSkirt: SuggestionContext.isDressOrSkirt(category),
            suitedDress: suitedDress)
    }
}
