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
        t.category = try category.map { try Taxonomy.shared.require(category: $0).id }
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
        return t
    }

    /// Applies what was given to an existing item (edit).
    func apply(to item: inout Item) throws {
        if let category { item.confirm(category: try Taxonomy.shared.require(category: category).id) }
        if !seasons.isEmpty { item.seasons = try parsedSeasons() }
        if !styles.isEmpty { item.styles = normalisedStyles }
        if !colors.isEmpty { item.colors = normalisedColors; item.colorShares = [] }
        if let name { item.name = name }
        if let thickness { item.thickness = thickness }
        if let brand { item.brand = brand.isEmpty ? nil : brand }
        if let price { try Item.checkTyped(price: price); item.price = price }
        if let size { item.size = size.isEmpty ? nil : size }
        if let comment { item.comment = comment.isEmpty ? nil : comment }
    }
}
