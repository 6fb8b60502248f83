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
        let store = try wardrobe.open(mode: .read)
        let lang = try language.resolve()
        let summary = try store.summary(id)
        if json { try Output.json(ItemJSON(summary, taxonomy: store.taxonomy, language: lang)); return }
        let item = summary.item
        let category = store.taxonomy.category(item.category)
        func t(_ english: String) -> String { Strings.text(english, lang) }
        var lines: [(String, String)] = [
            ("id", String(id)), ("name", item.displayName(lang)),
            (
                "category",
                item.detail.isEmpty
                    ? "\(category?.displayName(lang) ?? item.category) (\(item.category))"
                        + (item.needsReview ? ", " + t("needs review") : "")
                        + (item.confidence.map { Strings.format(", {0}% sure", lang, String(format: "%.0f", $0 * 100)) } ?? "")
                        // The model could tell the group, not the kind: no confidence for a kind it did not choose.
                    : t("which kind?") + " " + item.detail.joined(separator: ", ")
                        + Strings.format(" (filed as {0} until you say: `closet confirm {1} --category C`)", lang, item.category, "\(id)")
            ),
            (
                "colours",
                zip(item.colors, item.colorShares + Array(repeating: -1, count: item.colors.count)).map {
                    let name = Strings.colour($0, lang)
                    return $1 >= 0 ? "\(name) \(Int(($1 * 100).rounded()))%" : name
                }.joined(separator: ", ")
            ),
            ("seasons", item.seasons.map { t($0.rawValue) }.joined(separator: ", ")),
            ("styles", item.styles.map(t).joined(separator: ", ")),
            ("thickness", String(item.thickness)),
        ]
        if let brand = item.brand { lines.append(("brand", brand)) }
        if let price = item.price { lines.append(("price", String(format: "%.2f", price))) }
        if let size = item.size { lines.append(("size", size)) }
        if let comment = item.comment { lines.append(("comment", comment)) }
        lines.append(("status", t(item.status.rawValue) + (item.archiveReason.map { " (\(t($0.rawValue)))" } ?? "")))
        lines.append(
            (
                "worn",
                lang == .en
                    ? Words.times(summary.wears) + (summary.lastWorn.map { ", last on \($0)" } ?? "")
                    : Strings.format("{0} times", lang, "\(summary.wears)")
                        + (summary.lastWorn.map { Strings.format(", last {0}", lang, $0) } ?? "")
            ))
        if let photo = item.photo, let stored = try store.photo(photo) {
            lines.append(
                ("photo", (try? store.photos.url(hash: photo, ext: stored.ext).path) ?? t("(invalid photo name: run `closet doctor`)")))
        }
        lines.append(("added", Timestamp.string(item.created)))
        // Values come from the wardrobe: a newline in a brand or comment must not start a line that reads as a field.
        for (key, value) in lines { print(Output.column(lang == .en ? key : t(key), 11) + SafeText.escaped(value)) }
    }
}
