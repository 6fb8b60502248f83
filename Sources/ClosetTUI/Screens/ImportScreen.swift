import ClosetKit

/// The import browser: folders and photos, Space picks, `a` picks all, `i` imports; Tab types a path.
enum ImportScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.importBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.fileBrowser(s) }
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect] { s.importMouse(event) }
}

extension AppState {
    var importBindings: [KeyBinding] {
        if importFiles.browser?.typed != nil {
            return [
                KeyBinding([.enter], "Enter", "go, import") { s, key in s.browse(key) },
                KeyBinding([.tab], "Tab", "complete") { s, _ in
                    s.importFiles.browser?.complete(); return []
                },
                KeyBinding([.escape], "Esc", "back to the list") { s, key in s.browse(key) },
                .typing("a path") { s, key in s.browse(key) },
            ]
        }
        return [
            KeyBinding(
                [.up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .char("g"), .char("G"), .home, .end, .ctrl("d"), .ctrl("u")],
                "↑↓", "move"
            ) { s, key in s.browse(key) },
            KeyBinding([.enter, .right, .char("l")], "Enter", "open") { s, key in s.browse(key) },
            KeyBinding([.left, .backspace, .char("h")], "←", "up a folder", footer: false) { s, key in s.browse(key) },
            KeyBinding([.char(" ")], "Space", "pick") { s, key in s.browse(key) },
            KeyBinding([.char("a")], "a", "all") { s, key in
                guard s.importFiles.browser?.entries.contains(where: { !$0.isDirectory }) == true else {
                    s.message = s.say("No photos (.jpg, .jpeg, .png) in this folder.")
                    return []
                }
                return s.browse(key)
            },
            KeyBinding([.char("i")], "i", "import") { s, key in s.browse(key) },
            KeyBinding([.tab, .char("/")], "Tab", "type a path") { s, key in s.browse(key) },
            KeyBinding([.char("~")], "~", "home", footer: false) { s, key in s.browse(key) },
            KeyBinding([.char("r")], "r", "review") { s, _ in
                s.pop(); s.review.cursor.set(count: s.review.items.count); s.push(.review); return []
            },
            .help, .back(),
        ]
    }

    mutating func browse(_ key: Key) -> [Effect] {
        guard var b = importFiles.browser else { pop(); return [] }
        if key == .escape && b.typed == nil { pop(); return [] }
        let chosen = b.handle(key)
        importFiles.browser = b
        guard let chosen else { return [] }
        pop()
        importFiles.browser?.clearSelection()
        return [.importPaths(chosen)]
    }

    mutating func openImport() {
        if let directory = importFiles.browser?.directory {
            importFiles.browser?.open(directory)
        } else {
            importFiles.browser = FileBrowser(directory: importFiles.directory)
        }
        push(.importFiles)
    }

    /// A click picks the line (a second click on a folder opens it); the wheel moves by a line.
    mutating func importMouse(_ event: MouseEvent) -> [Effect] {
        guard event.kind == .press else { return wheel(event) }
        guard var b = importFiles.browser, b.typed == nil else { return [] }
        let i = b.cursor.scrollRow + event.y - 4
        guard b.entries.indices.contains(i) else { return [] }
        if i == b.cursor.index, b.entries[i].isDirectory { b.open(b.entries[i].path) } else { b.cursor.index = i }
        importFiles.browser = b
        return []
    }
}

extension Screens {
    /// The import browser: the folder, its sub-folders and photos, ticks for the selection.
    func fileBrowser(_ s: AppState) {
        guard let b = s.importFiles.browser else { return }
        let t = terminal
        let chosen = b.selection.count
        t.put(1, 2, s.say("Import photos") + (chosen > 0 ? " · " + s.say("{0} selected", "\(chosen)") : ""), style: .init(bold: true))
        if let typed = b.typed {
            t.put(2, 2, s.say("Path: ") + typed.text + "▏", width: t.columns - 4, style: .init(reverse: true))
        } else {
            t.put(2, 2, b.directory, width: t.columns - 4, style: .init(dim: true))
        }
        if let error = b.error { t.put(3, 2, error, width: t.columns - 4, style: .init(bold: true)) }
        if b.entries.count <= 1 && b.error == nil { t.put(5, 4, s.say("No folders or .jpg/.png photos here."), style: .init(dim: true)) }
        let height = max(1, t.rows - 5)
        // The list on the left; from 60 columns, the photo under the cursor on the right.
        let preview = t.columns >= 60
        let listWidth = preview ? (t.columns - 4) / 2 : t.columns - 4
        var cursor = b.cursor
        cursor.visibleRows = height
        cursor.scrollIntoView()
        let stored = s.say("in the wardrobe")
        for (row, i) in (cursor.scrollRow..<min(b.entries.count, cursor.scrollRow + height)).enumerated() {
            let entry = b.entries[i]
            let tick = entry.name == ".." ? "   " : (b.isSelected(entry) ? "[x]" : "[ ]")
            let name = entry.isDirectory ? entry.name + "/" : entry.name
            let current = i == b.cursor.index && b.typed == nil
            // A photo the wardrobe holds already: "=" before its name, and said after it.
            let known = !entry.isDirectory && s.importFiles.known.contains(entry.path)
            let mark = known ? "=" : " "
            t.fill(4 + row, 2, width: listWidth, style: .init(reverse: current))
            let note = known ? "  " + stored : ""
            let room = listWidth - TextWidth.of(note)
            t.put(4 + row, 2, "\(tick)\(mark)\(name)", width: room, style: .init(bold: entry.isDirectory, reverse: current))
            if known { t.put(4 + row, 2 + room, note, width: TextWidth.of(note), style: .init(reverse: current, dim: !current)) }
        }
        if preview, b.typed == nil, let entry = b.current, !entry.isDirectory {
            let x = 2 + listWidth + 2, width = t.columns - x - 1, rows = max(1, t.rows - 6)
            if let cells = thumbnails.filePreview(entry.path, columns: width, rows: rows) {
                let dx = x + (width - (cells.first?.count ?? 0)) / 2
                for (r, line) in cells.enumerated() {
                    for (c, cell) in line.enumerated() { t.halfBlock(4 + r, dx + c, top: cell.top, bottom: cell.bottom) }
                }
            } else {
                t.put(4, x, s.say("no preview: the file cannot be read as a photo"), width: width, style: .init(dim: true))
            }
        }
    }
}
