import ClosetKit
import Foundation

/// One item: its photo, as large as half the terminal allows, and its fields; keys to edit, wear, archive or
/// delete it, and ←→ to the previous or next item of the grid.
enum ItemScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.itemBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.item(s) }
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect] { s.wheel(event) }
}

extension AppState {
    var itemBindings: [KeyBinding] {
        let archived = shownItem?.item.status == .archived
        // Each action acts on the item shown; when another closet deleted it, on nothing, and says so.
        func onShown(_ action: @escaping (inout AppState, ItemSummary) -> [Effect]) -> (inout AppState, Key) -> [Effect] {
            { s, _ in
                guard let shown = s.shownItem else {
                    s.message = s.shownItemGoneMessage
                    return []
                }
                return action(&s, shown)
            }
        }
        return [
            KeyBinding(
                [.char("e"), .enter], "e", "edit",
                onShown { s, shown in
                    s.edit(shown); return []
                }),
            KeyBinding([.char("w")], "w", "wore it", onShown { s, shown in s.wear([shown]) }),
            KeyBinding(
                [.char("t")], "t", "thickness",
                onShown { s, shown in
                    // Thickness in one key: 1 → 2 → … → 5 → 1.
                    var item = shown.item
                    item.thickness = item.thickness % 5 + 1
                    s.message = s.say(
                        "Thickness {0}", String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness))
                    return [.save(item, base: shown.item)]
                }),
            KeyBinding(
                [.char("c")], "c", "category",
                onShown { s, shown in
                    s.chooseCategory(for: [shown]); return []
                }),
            KeyBinding([.char("a")], "a", archived ? "unarchive" : "archive", onShown { s, shown in s.archive([shown]) }),
            KeyBinding(
                [.char("d"), .delete], "d", "delete",
                onShown { s, shown in
                    s.askDelete([shown]); return []
                }),
            KeyBinding([.char("b")], "b", "cut-out or photo") { s, _ in
                s.backdrop = s.backdrop.toggled
                s.message = s.say(
                    s.backdrop == .cutout
                        ? "Garments cut out on a plain backdrop, where closet found them (b shows the photos as taken)."
                        : "Photos as taken (b cuts the garments out again). The photo files are never changed.")
                return []
            },
            .undo,
            KeyBinding([.right, .left, .char("l"), .char("h"), .char("n"), .char("p")], "←→", "previous, next") { s, key in
                if [.right, .char("l"), .char("n")].contains(key) {
                    s.closet.grid.handle(.right); if s.closet.grid.columns == 1 { s.closet.grid.handle(.down) }
                } else {
                    s.closet.grid.handle(.left); if s.closet.grid.columns == 1 { s.closet.grid.handle(.up) }
                }
                s.itemPage.shownID = s.selected?.item.id ?? s.itemPage.shownID
                return []
            },
            .help, .back(),
        ]
    }
}

/// The item screen's item: the one it opened on, looked up among every item loaded, so that when another
/// closet deletes it the screen says so instead of showing (and acting on) the next one.
extension AppState {
    /// The item shown, as loaded now; nil when it is gone (or the item screen is not open).
    public var shownItem: ItemSummary? {
        guard let id = itemPage.shownID else { return nil }
        return items.first { $0.item.id == id }
    }

    /// Whether the item screen's item was deleted meanwhile by another closet.
    public var shownItemIsGone: Bool { itemPage.shownID != nil && stack.contains(.item) && shownItem == nil }

    /// What the item screen says, and every key that would act on the item repeats.
    public var shownItemGoneMessage: String {
        say(
            "Item {0} is gone: another closet deleted it meanwhile. Nothing was done; Esc goes back.",
            itemPage.shownID.map(String.init) ?? "")
    }
}

extension Screens {
    func item(_ s: AppState) {
        let t = terminal
        guard let summary = s.shownItem ?? (s.itemPage.shownID == nil ? s.selected : nil) else {
            // Deleted by another closet: said plainly, and nothing of another item is shown in its place.
            for (i, line) in TextWidth.wrap(s.shownItemGoneMessage, width: max(1, t.columns - 4), maxLines: 3).enumerated() {
                t.put(2 + i, 2, line, style: .init(bold: i == 0))
            }
            return
        }
        let item = summary.item
        let pictureColumns = min(t.columns / 2, (t.rows - 3) * 2)
        drawPicture(item, x: 1, y: 1, columns: pictureColumns, rows: t.rows - 3, language: s.language)
        let x = pictureColumns + 3, width = t.columns - x - 1
        let language = s.language
        let worn =
            language == .en
            ? Words.times(summary.wears) + (summary.lastWorn.map { ", last \($0)" } ?? "")
            : s.say("{0} times", "\(summary.wears)") + (summary.lastWorn.map { s.say(", last {0}", $0) } ?? "")
        var lines: [(String, String)] = [
            ("name", item.displayName(language)),
            // The id every CLI command takes.
            ("id", "\(item.id)"),
            (
                "category",
                item.detail.isEmpty
                    ? categoryName(item.category, s) + (item.needsReview ? "  (" + s.say("needs review") + ")" : "")
                        + (item.confidence.map { String(format: "  %.0f%%", $0 * 100) } ?? "")
                    : s.say("which kind?") + " " + item.detail.map { categoryName($0, s) }.joined(separator: " / ") + "  "
                        + s.say("(r reviews)")
            ),
            ("colours", item.colors.map { Strings.colour($0, language) }.joined(separator: ", ")),
            ("seasons", item.seasons.map { s.say($0.rawValue) }.joined(separator: ", ")),
            ("styles", item.styles.map { s.say($0) }.joined(separator: ", ")),
            ("thickness", String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness)),
            ("brand", item.brand ?? ""), ("price", item.price.map { String(format: "%.2f", $0) } ?? ""),
            ("size", item.size ?? ""), ("comment", item.comment ?? ""), ("status", s.say(item.status.rawValue)),
            ("worn", worn),
        ]
        if item.status == .archived { lines.append(("archived", item.archiveReason.map { s.say($0.rawValue) } ?? "")) }
        for (i, (k, v)) in lines.enumerated() where 1 + i < t.rows - 1 {
            t.put(1 + i, x, s.say(k), width: 11, style: .init(dim: true))
            t.put(1 + i, x + 11, v, width: max(0, width - 11))
        }
    }
}
