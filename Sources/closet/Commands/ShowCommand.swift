import ArgumentParser
import ClosetKit
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: Output.helpText("Show one item."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var language: LanguageOption
    @Flag(help: "Print one JSON object.") var json = false
    @Argument(help: "The item id.") var id: Int64

    func run() throws {
        let store = try wardrobe.open()
        let lang = try language.resolve(store)
        let summary = try store.summary(id)
        if json { try Output.json(ItemJSON(summary, taxonomy: store.taxonomy, language: lang)); return }
        let item = summary.item
        let category = store.taxonomy.category(item.category)
        var lines: [(String, String)] = [
            ("id", String(id)), ("name", item.name),
            (
                "category",
                item.detail.isEmpty
                    ? "\(category?.displayName(lang) ?? item.category) (\(item.category))"
                        + (item.needsReview ? ", needs review" : "")
                        + (item.confidence.map { String(format: ", %.0f%% sure", $0 * 100) } ?? "")
                        // The model could tell the group, not the kind: no confidence for a kind it did not choose.
                    : "which kind? " + item.detail.joined(separator: ", ") + " (filed as \(item.category) until you say: "
                        + "`closet confirm \(id) --category C`)"
            ),
            (
                "colours",
                zip(item.colors, item.colorShares + Array(repeating: -1, count: item.colors.count)).map {
                    $1 >= 0 ? "\($0) \(Int(($1 * 100).rounded()))%" : $0
                }.joined(separator: ", ")
            ),
            ("seasons", item.seasons.map(\.rawValue).joined(separator: ", ")),
            ("styles", item.styles.joined(separator: ", ")),
            ("thickness", String(item.thickness)),
        ]
        if let brand = item.brand { lines.append(("brand", brand)) }
        if let price = item.price { lines.append(("price", String(format: "%.2f", price))) }
        if let size = item.size { lines.append(("size", size)) }
        if let comment = item.comment { lines.append(("comment", comment)) }
        lines.append(("status", item.status.rawValue + (item.archiveReason.map { " (\($0.rawValue))" } ?? "")))
        lines.append(("worn", Words.times(summary.wears) + (summary.lastWorn.map { ", last on \($0)" } ?? "")))
        if let photo = item.photo, let stored = try store.photo(photo) {
            lines.append(
                ("photo", (try? store.photos.url(hash: photo, ext: stored.ext).path) ?? "(invalid photo name: run `closet doctor`)"))
        }
        lines.append(("added", Timestamp.string(item.created)))
        for (key, value) in lines { print(Output.column(key, 11) + value) }
    }
}
