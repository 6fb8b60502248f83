import ArgumentParser
import ClosetKit
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: Output.helpText("List items."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var language: LanguageOption
    @Option(help: "Only this category.") var category: String?
    @Option(help: "Only this group: top, bottom, outer, onepiece, shoes, hat, bag, accessory.") var group: String?
    @Option(help: "Only items for this season.") var season: String?
    @Option(help: "Only items with this style or occasion.") var style: String?
    @Option(help: "Only items with this colour.") var color: String?
    @Option(help: "Words to find in name, brand, colours and comment.") var search: String?
    @Option(help: "closet (default: active, laundry and repair), active, laundry, repair, archived, wishlist or all.")
    var status: String = "closet"
    @Flag(help: "Only archived items (the same as --status archived).") var archived = false
    @Flag(help: "Only items whose category the classifier was unsure of.") var review = false
    @Flag(help: "Print a JSON array (the shape is documented in the README).") var json = false

    func validate() throws {
        if category != nil && group != nil { throw ValidationError("give --category or --group, not both") }
    }

    func run() throws {
        let store = try wardrobe.open(mode: .read)
        let taxonomy = store.taxonomy
        var filter = ItemFilter()
        if archived {
            filter.status = .archived
        } else if ["all", "closet"].contains(status.lowercased()) {
            filter.status = nil
        } else {
            guard let s = ItemStatus(rawValue: status.lowercased()) else {
                throw ClosetError.usage("unknown status '\(status)': use closet, active, laundry, repair, archived, wishlist or all")
            }
            filter.status = s
        }
        let inClosetOnly = !archived && status.lowercased() == "closet"
        filter.category = try category.map { try taxonomy.require(category: $0).id }
        filter.group = try group.map { try taxonomy.require(group: $0).id }
        filter.season = try season.map(Season.init(parsing:))
        filter.style = style
        filter.color = color
        filter.text = search
        filter.needsReview = review
        let lang = try language.resolve()
        var items = try store.summaries(filter)
        if inClosetOnly { items.removeAll { !$0.item.status.isInCloset } }
        if json {
            Output.jsonLine(ItemJSON.array(items.map { ItemJSON($0, taxonomy: taxonomy, language: lang) }))
            return
        }
        if items.isEmpty {
            Output.note(
                inClosetOnly && filter.category == nil && filter.group == nil && filter.text == nil && !review
                    ? "The closet is empty: add a photo with `closet add PHOTO` or `closet import FOLDER`." : "No items match.")
            return
        }
        for line in ItemTable.lines(items, language: lang, width: Output.terminalColumns) { print(line) }
        if archived { Output.note("Bring one back with `closet edit ID --status active`.") }
    }
}

/// The plain-text item table of `list`: columns two spaces apart, as wide as their widest cell; on a
/// terminal it fits the window, long cells ending in … (never cutting a wide character in half), and
/// piped it keeps every character.
enum ItemTable {
    static let header = ["ID", "CATEGORY", "NAME", "COLOURS", "SEASONS", "WEARS"]
    /// The narrowest each column may be squeezed to, and the order they give up room: name first.
    static let minimum = [2, 10, 12, 8, 7, 5]
    static let shrinkOrder = [2, 3, 1, 4]

    static func cells(_ s: ItemSummary, language: Language) -> [String] {
        let category = Taxonomy.shared.category(s.item.category)?.displayName(language) ?? s.item.category
        let away = s.item.status == .laundry ? "in the laundry" : "in repair"
        return [
            String(s.item.id ?? 0), category + (s.item.needsReview ? "?" : ""),
            s.item.displayName(language) + (s.item.status.isAway ? " (\(Strings.text(away, language)))" : ""),
            s.item.colors.map { Strings.colour($0, language) }.joined(separator: ","),
            s.item.seasons.map { language == .en ? String($0.rawValue.prefix(3)) : Strings.text($0.rawValue, language) }.joined(
                separator: ","),
            String(s.wears),
        ]
    }

    static func lines(_ items: [ItemSummary], language: Language, width: Int?) -> [String] {
        let rows =
            [header.map { Strings.text($0, language) }]
            + items.map { cells($0, language: language) }.map { $0.map { SafeText.escaped($0) } }
        var widths = header.indices.map { c in rows.map { Output.displayWidth($0[c]) }.max() ?? 0 }
        if let width {
            var total = widths.reduce(0, +) + 2 * (widths.count - 1)
            while total > width {
                guard let column = shrinkOrder.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
                widths[column] -= 1
                total -= 1
            }
        }
        return rows.map { row in
            row.indices.map { c in
                let cell = Output.fit(row[c], widths[c])
                return c == row.count - 1 ? cell.trimmingCharacters(in: .whitespaces) : cell
            }.joined(separator: "  ")
        }
    }
}
