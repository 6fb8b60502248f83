import ClosetKit
import Foundation
import Weather

/// The part of an outfit a piece fills.
public enum Slot: String, Sendable, CaseIterable {
    /// The base top, next to the skin.
    case top
    /// A layer between the base and the outer: a knit, a hoodie, a cardigan.
    case mid
    case bottom, onepiece, outer, shoes

    /// The slots a category's pieces can fill (a knit: base or mid; a cardigan: mid or outer).
    static func slots(of category: ClosetKit.Category) -> [Slot] {
        category.layers.map {
            switch $0 {
            case .base: .top
            case .mid: .mid
            case .outer: .outer
            case .bottom: .bottom
            case .onepiece: .onepiece
            case .shoes: .shoes
            }
        }
    }
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
    /// The warmth points its layers add up to, and what the weather asks for.
    public var warmth: Double
    public var targetWarmth: Double
    /// One line for a card: "5 °C, windy → knit under the jacket".
    public var why: String

    public var itemIDs: Set<Int64> { Set(pieces.map(\.item.id)) }
    /// The pieces' prices added up (those with a price).
    public var totalPrice: Double { pieces.compactMap(\.item.price).reduce(0, +) }
    /// The styles its pieces are tagged with, most common first.
    public var styles: [String] {
        var counts: [String: Int] = [:]
        for piece in pieces { for style in piece.item.styles { counts[style, default: 0] += 1 } }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
    public var hasWishlist: Bool { pieces.contains { $0.item.status == .wishlist } }
}

/// What the suggester found, and what the person should know about it.
public struct Suggestions: Sendable {
    public var outfits: [SuggestedOutfit]
    public var warnings: [SuggestionWarning]

    public init(outfits: [SuggestedOutfit], warnings: [SuggestionWarning]) { self.outfits = outfits; self.warnings = warnings }
}

/// Something the person should know about the suggestions. Each carries its data; `summary` says what
/// happened, `description` adds what to do in words any front end can show, and a front end may word the
/// remedy its own way (the CLI names its commands).
public enum SuggestionWarning: Equatable, Sendable, CustomStringConvertible {
    /// Nothing owned reaches the warmth the weather asks for; the warmest outer, to check its category.
    case colderThanWardrobe(temperature: Double, warmestOuter: Item?)
    /// An outer is called for, and the wardrobe has none.
    case noOuter(temperature: Double)
    /// Nothing in this slot suits the temperature; a piece that does not was used.
    case nothingSuitable(slot: Slot, temperature: Double)
    /// The wardrobe has no shoes.
    case noShoes
    /// Nothing in this slot lies in the occasion's formality window; the closest piece was used.
    case outsideOccasion(slot: Slot, occasion: String)
    /// No outfit keeps every outfit rule (formality, one pattern, one accent): these gave way.
    case compromise(rules: [String])
    /// Rain on a warm day, and no outer owned is light enough: the lightest was used.
    case noLightOuter(temperature: Double, lightest: Item)

    /// The outer worth checking: the warmest one, when it is not filed as a winter outer already.
    public var outerToRefile: Item? {
        guard case .colderThanWardrobe(_, let outer?) = self, !["winterOuter", "parka"].contains(outer.category) else { return nil }
        return outer
    }

    public var description: String { description(in: .celsius) }

    /// The warning with the remedy closet can name, temperatures in `unit`, words in `language`.
    public func description(in unit: TemperatureUnit, language: Language = .en) -> String {
        summary(in: unit, language: language)
            + (outerToRefile == nil ? "" : Strings.text(" — is it a winter coat? Then file it as one", language))
    }

    /// What happened, without a remedy.
    public var summary: String { summary(in: .celsius) }

    /// What happened, without a remedy, temperatures in `unit`, words in `language`.
    public func summary(in unit: TemperatureUnit, language: Language = .en) -> String {
        func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }
        switch self {
        case .colderThanWardrobe(let t, let outer?):
            let dots = String(repeating: "●", count: outer.thickness) + String(repeating: "○", count: max(0, 5 - outer.thickness))
            return say(
                "colder than anything you own ({0}): your warmest outer is the {1} ({2})", unit.text(t), outer.displayName(language), dots)
        case .colderThanWardrobe(let t, nil):
            return say("colder than anything you own ({0}), and you have no outerwear", unit.text(t))
        case .noOuter(let t): return say("an outer is needed at {0}, and you have none: this outfit goes without", unit.text(t))
        case .nothingSuitable(.shoes, let t):
            return say(
                "none of your shoes is known to be closed, or right, for {0}: the closest was used (say their kind: sneakers, boots, …)",
                unit.text(t))
        case .nothingSuitable(let slot, let t):
            return say("none of your {0} suits {1}: the closest was used", Self.pieces(slot, language), unit.text(t))
        case .noShoes: return say("no shoes in the wardrobe yet")
        case .outsideOccasion(let slot, let occasion):
            return say("none of your {0} suits the occasion {1}: the closest was used", Self.pieces(slot, language), occasion)
        case .noLightOuter(let t, let lightest):
            return say(
                "rain at {0}, and none of your outers is light enough (a light jacket, windbreaker or raincoat): the {1} is the lightest, or take an umbrella",
                unit.text(t), lightest.displayName(language))
        case .compromise(let rules):
            return say(
                "no outfit keeps every rule with what suits today; gave way: {0}",
                rules.map { Strings.text($0, language) }.joined(separator: ", "))
        }
    }
}

extension SuggestionWarning {
    static func pieces(_ slot: Slot, _ language: Language) -> String {
        let plural: [Slot: String] = [
            .top: "tops", .bottom: "bottoms", .onepiece: "one-pieces", .outer: "outers", .mid: "mid layers", .shoes: "shoes",
        ]
        return Strings.text(plural[slot] ?? slot.rawValue, language)
    }
}

extension SuggestedOutfit {
    /// The outfit saved for a day (`closet plan --save`), as a card: each piece in the first slot its category
    /// fills, nothing scored. Items away (laundry, repair) or archived since the plan was saved are left out.
    public static func planned(_ items: [Item], taxonomy: Taxonomy, day: String, language: Language = .en) -> SuggestedOutfit? {
        let pieces = items.filter { $0.status == .active || $0.status == .wishlist }.map { item in
            Piece(
                item: item, slot: taxonomy.category(item.category).flatMap { Slot.slots(of: $0).first } ?? .top,
                reason: Strings.text("planned", language))
        }
        guard !pieces.isEmpty else { return nil }
        return SuggestedOutfit(
            pieces: pieces, score: 0, reasons: [Strings.format("planned for {0}", language, day)], warmth: 0, targetWarmth: 0,
            why: Strings.format("Planned for {0}", language, day))
    }
}
