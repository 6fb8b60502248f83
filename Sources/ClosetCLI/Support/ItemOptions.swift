import ArgumentParser
import ClosetKit
import Foundation
import Importer

/// The attributes a person can type for an item (`add`, `import`, `edit`).
struct ItemOptions: ParsableArguments {
    @Option(help: "The category id (`closet categories` lists them).") var category: String?
    @Option(name: .customLong("season"), help: "A season: spring, summer, autumn, winter (repeatable).") var seasons: [String] = []
    @Option(name: .customLong("style"), help: "A style or occasion, e.g. casual, formal, office, sport (repeatable).") var styles:
        [String] = []
    @Option(name: .customLong("color"), help: "A colour name (repeatable); found from the photo when not given.") var colors: [String] = []
    @Option(help: "A name for the item.") var name: String?
    @Option(help: "Thickness from 1 (very thin) to 5 (very thick).") var thickness: Int?
    @Option(help: "The brand.") var brand: String?
    @Option(help: "The price paid (or asked, for the wishlist).") var price: Double?
    @Option(help: "The size.") var size: String?
    @Option(help: "A free comment.") var comment: String?
    @Option(help: "Formality: 0 sport/lounge, 1 casual, 2 smart casual, 3 business, 4 formal (default: the kind's).")
    var formality: Int?
    @Option(help: "The pattern: solid, striped, checked, floral or print (found from the photo when not given).") var pattern: String?
    @Option(help: "Shoes: open (yes), closed (no), or the kind's default (default).") var open: String?
    @Option(name: .customLong("rain-fit"), help: "Fit for rain: yes, no, or the kind's default (default).") var rainFit: String?

    /// A yes/no/default answer: nil for default.
    static func answer(_ text: String, _ option: String) throws -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true": return true
        case "no", "n", "false": return false
        case "default", "": return nil
        default: throw ClosetError.usage("--\(option) takes yes, no or default, not '\(SafeText.escaped(String(text.prefix(40))))'")
        }
    }

    // Each season, style and colour once, in the order typed: `--season winter --season winter` is winter.
    func parsedSeasons() throws -> [Season] { Self.once(try seasons.map(Season.init(parsing:))) }
    var normalisedStyles: [String] { Self.once(styles.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
    var normalisedColors: [String] { Self.once(colors.map { $0.lowercased() }) }

    static func once<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }

    func template(status: ItemStatus) throws -> ItemTemplate {
        var t = ItemTemplate()
        t.category = try category.map { try Taxonomy.shared.require(category: $0).id.rawValue }
        t.name = name
        t.seasons = try parsedSeasons()
        t.styles = normalisedStyles
        t.colors = normalisedColors
        t.thickness = thickness
        t.brand = brand
        if let price { try Item.checkTyped(price: price) }
        t.price = price
        t.size = size
        t.comment = comment
        t.status = status
        if let formality { try Formality.check(formality) }
        t.formality = formality
        t.pattern = try pattern.map(ItemPattern.init(parsing:))
        t.open = try open.flatMap { try Self.answer($0, "open") }
        t.rainproof = try rainFit.flatMap { try Self.answer($0, "rain-fit") }
        return t
    }

    /// Applies what was given to an existing item (edit).
    func apply(to item: inout Item) throws {
        if let category { item.confirm(category: try Taxonomy.shared.require(category: category).id) }
        if !seasons.isEmpty { item.seasons = try parsedSeasons() }
        if !styles.isEmpty { item.styles = normalisedStyles }
        if !colors.isEmpty { item.setColors(colors) }
        if let name { item.name = name }
        // A thickness typed is the person's, even when it equals the one before; so is a formality.
        if let thickness { item.thickness = thickness; item.thicknessSet = true }
        if let formality { try Formality.check(formality); item.formalityOverride = formality }
        if let pattern { item.pattern = try ItemPattern(parsing: pattern) }
        if let open { item.openOverride = try Self.answer(open, "open") }
        if let rainFit { item.rainproofOverride = try Self.answer(rainFit, "rain-fit") }
        if let brand { item.brand = brand.isEmpty ? nil : brand }
        if let price { try Item.checkTyped(price: price); item.price = price }
        if let size { item.size = size.isEmpty ? nil : size }
        if let comment { item.comment = comment.isEmpty ? nil : comment }
    }
}
