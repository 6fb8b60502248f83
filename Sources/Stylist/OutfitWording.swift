import ClosetKit
import Foundation

/// The words of a suggestion: the card's line, the colour sentence, the categories' short names.
extension OutfitSuggester {
    func build(_ c: Combination, all: [Candidate], context: SuggestionContext) -> SuggestedOutfit {
        let pieces = c.pieces.map {
            SuggestedOutfit.Piece(item: all[$0].item, slot: all[$0].slot, reason: all[$0].reasons.joined(separator: "; "))
        }
        let harmony = ColorHarmony.score(
            c.pieces.map { all[$0].item.colors }, tonalClash: c.breaks.contains(.tonal), language: context.request.language)
        return SuggestedOutfit(
            pieces: pieces, score: c.score, reasons: harmony.reason.map { [$0] } ?? [], warmth: c.warmth,
            targetWarmth: context.target, why: why(pieces, context: context))
    }

    /// One line for a card: "5 °C, windy → knit under the jacket".
    func why(_ pieces: [SuggestedOutfit.Piece], context: SuggestionContext) -> String {
        let weather = context.weather
        let unit = context.request.unit, language = context.request.language
        func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }
        var conditions = context.conditions(context.t)
        if context.swings {
            conditions +=
                String(format: ", %.0f→%.0f ", unit.display(weather.min ?? context.t), unit.display(weather.max ?? context.t)) + unit.symbol
        }
        func name(_ slot: Slot) -> String? {
            pieces.first { $0.slot == slot }.map { taxonomy.category($0.item.category)?.shortName(language) ?? $0.item.category.rawValue }
        }
        let main = name(.onepiece) ?? name(.top) ?? say("outfit")
        let words: String
        switch (name(.mid), name(.outer)) {
        case let (mid?, outer?) where name(.onepiece) != nil: words = say("{0} over the {1}, under the {2}", mid, main, outer)
        case let (mid?, outer?): words = say("{0} under the {1}", mid, outer)
        case let (mid?, nil): words = say("{0} over a {1}", mid, main)
        case let (nil, outer?): words = say("{0} with the {1}", main, outer)
        case (nil, nil): words = name(.bottom).map { say("{0} and {1}", main, $0) } ?? main
        }
        return "\(conditions) → \(words)"
    }
}

extension ClosetKit.Category {
    /// The category's name inside a sentence: lower-case in English ("long-sleeve t-shirt"), as it is in Korean.
    func sentenceName(_ language: Language) -> String { language == .ko ? ko : en.lowercased() }

    /// A short name for a card's line: "knit", "jacket", "T-shirt"; the Korean name in Korean.
    func shortName(_ language: Language) -> String { language == .ko ? ko : shortName }

    /// A short lower-case name for sentences: "knit", "jacket", "T-shirt".
    var shortName: String {
        switch id {
        case "shortSleeve": "T-shirt"
        case "longSleeve": "long-sleeve"
        case "sweater": "knit"
        case "blouseShirt": "shirt"
        case "trainingTop": "track top"
        case "trainingBottom": "track pants"
        case "longPants": "trousers"
        case "shortPants": "shorts"
        case "longSkirt": "long skirt"
        case "shortSkirt": "short skirt"
        case "winterOuter": "padded coat"
        case "onePieceSet": "dress"
        case "flats": "flats"
        case "dressShoes": "dress shoes"
        default: en.lowercased()
        }
    }
}
