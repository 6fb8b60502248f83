import ArgumentParser
import ClosetKit
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List items.")

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var language: LanguageOption
    @Option(help: "Only this category.") var category: String?
    @Option(help: "Only this group: top, bottom, outer, onepiece, shoes, hat, bag, accessory.") var group: String?
    @Option(help: "Only items for this season.") var season: String?
    @Option(help: "Only items with this style or occasion.") var style: String?
    @Option(help: "Only items with this colour.") var color: String?
    @Option(help: "Words to find in name, brand, colours and comment.") var search: String?
    @Option(help: "active (default), archived, wishlist or all.") var status: String = "active"
    @Flag(help: "Only items whose category the classifier was unsure of.") var review = false
    @Flag(help: "Print a JSON array (the shape is documented in the README).") var json = false

    func validate() throws {
        if category != nil && group != nil { throw ValidationError("give --category or --group, not both") }
    }

    func run() throws {
        let store = try wardrobe.open()
        let taxonomy = store.taxonomy
        var filter = ItemFilter()
        if status.lowercased() == "all" { filter.status = nil } else {
            guard let s = ItemStatus(rawValue: status.lowercased()) else {
                throw ClosetError.usage("unknown status '\(status)': use active, archived, wishlist or all")
            }
            filter.status = s
        }
        filter.category = try category.map { try taxonomy.require(category: $0).id }
        filter.group = try group.map { try taxonomy.require(group: $0).id }
        filter.season = try season.map(Season.init(parsing:))
        filter.style = style
        filter.color = color
        filter.text = search
        filter.needsReview = review
        let lang = try language.resolve(store)
        let items = try store.summaries(filter)
        if json {
            Output.jsonLine(ItemJSON.array(items.map { ItemJSON($0, taxonomy: taxonomy, language: lang) }))
            return
        }
        if items.isEmpty {
            Output.note(filter == ItemFilter() ? "The closet is empty: add a photo with `closet add PHOTO` or `closet import FOLDER`." : "No items match.")
            return
        }
        print(ItemTable.header())
        for summary in items { print(ItemTable.row(summary, language: lang)) }
    }
}

/// The plain-text item table of `list`.
enum ItemTable {
    static func header() -> String {
        Output.column("ID", 6) + Output.column("CATEGORY", 20) + Output.column("NAME", 28) + Output.column("COLOURS", 20)
            + Output.column("SEASONS", 16) + "WEARS"
    }

    static func row(_ s: ItemSummary, language: Language) -> String {
        let category = Taxonomy.shared.category(s.item.category)?.displayName(language) ?? s.item.category
        let flag = s.item.needsReview ? "?" : ""
        return Output.column(String(s.item.id ?? 0), 6) + Output.column(category + flag, 20) + Output.column(s.item.name, 28)
            + Output.column(s.item.colors.joined(separator: ","), 20)
            + Output.column(s.item.seasons.map { String($0.rawValue.prefix(3)) }.joined(separator: ","), 16) + String(s.wears)
    }
}
