import ClosetKit

/// Help: every key of the screen below, from the same declarations its footer and dispatch use. It scrolls
/// (j/k, the arrows, PgUp/PgDn, g/G) and says when there is more; `/` filters it by key or words, and Enter
/// runs the chosen key on the screen help was opened from, as lazygit's `?` menu does.
enum HelpScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] {
        let run = KeyBinding([.enter], "Enter", "run the key") { s, _ in s.runHelpChoice() }
        if s.help.filter != nil {
            return [
                KeyBinding([.up, .down, .pageUp, .pageDown], "↑↓", "choose") { s, key in
                    s.scrollHelp(key); return []
                },
                run,
                KeyBinding([.escape], "Esc", "clear the filter") { s, _ in
                    s.help.filter = nil; s.help.cursor = ListCursor(); return []
                },
                .typing("to filter") { s, key in
                    s.help.filter?.handle(key)
                    s.help.cursor = ListCursor(count: s.helpRows.count)
                    return []
                },
            ]
        }
        return [
            KeyBinding([.down, .up, .char("j"), .char("k")], "↑↓ jk", "scroll") { s, key in
                s.scrollHelp(key); return []
            },
            KeyBinding(
                [.pageDown, .pageUp, .ctrl("d"), .ctrl("u"), .char("g"), .char("G"), .home, .end], "PgDn PgUp g G", "page, top, end",
                footer: false
            ) {
                s, key in
                s.scrollHelp(key); return []
            },
            KeyBinding([.char("/")], "/", "filter") { s, _ in
                s.help.filter = TextField(); s.help.cursor = ListCursor(count: s.helpRows.count); return []
            },
            run,
            KeyBinding([.escape, .char("q")], "Esc", "back") { s, _ in
                s.pop(); return []
            }, .help,
        ]
    }

    static func draw(_ s: AppState, _ view: Screens) { view.help(s) }
}

extension Screens {
    /// Help: the keys of the screen below and the rules, a window of them around the cursor, and a line that
    /// says when more is above or below.
    func help(_ s: AppState) {
        let t = terminal
        let language = s.language
        t.put(1, 2, Strings.text("Help", language), style: .init(bold: true))
        if let filter = s.help.filter {
            t.put(2, 2, Strings.text("Filter:", language) + " " + filter.text + "▏", width: t.columns - 4, style: .init(underline: true))
        } else {
            t.put(
                2, 2, Strings.text("Keys here:", language) + "  " + Strings.text("(/ filters, Enter runs)", language), width: t.columns - 4)
        }
        let rows = s.helpRows
        if rows.isEmpty { t.put(3, 4, Strings.text("No key matches.", language), width: t.columns - 6) }
        var cursor = s.help.cursor
        cursor.count = rows.count
        cursor.visibleRows = s.helpVisibleRows
        cursor.scrollIntoView()
        let end = min(rows.count, cursor.scrollRow + cursor.visibleRows)
        for (line, i) in (cursor.scrollRow..<end).enumerated() {
            let chosen = i == cursor.index && rows[i].binding != nil
            t.put(3 + line, 2, rows[i].text, width: t.columns - 4, style: .init(reverse: chosen))
        }
        var more: [String] = []
        if cursor.scrollRow > 0 { more.append(Strings.text("more above ↑", language)) }
        if end < rows.count { more.append(Strings.text("more below ↓ (j/k scroll)", language)) }
        if !more.isEmpty { t.put(3 + cursor.visibleRows, 2, more.joined(separator: "  "), width: t.columns - 4, style: .init(dim: true)) }
    }
}
