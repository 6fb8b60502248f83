import ClosetKit

/// The closet: the category sidebar on the left, the grid of items on the right, the search and filter line
/// above it. The keys act on the selected item, or on the items marked with Space.
enum ClosetScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.closetBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.closet(s) }
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect] { s.closetMouse(event) }

    /// The line above the grid: the search text, then the facets chosen, each at its column (in cells from the
    /// grid's left edge: the search text may be Korean, two cells a syllable).
    static func filterLine(_ s: AppState) -> [(column: Int, text: String, style: Terminal.Style)] {
        var parts: [(column: Int, text: String, style: Terminal.Style)] = []
        var x = 0
        if let search = s.closet.search {
            let text = "/ " + search.text + (s.closet.searching ? "▏" : "") + "  "
            parts.append((x, text, .init(bold: true)))
            x += TextWidth.of(text)
            // How many match, once there is text to match.
            if !search.text.isEmpty {
                let count = s.closet.visible.count
                let words = count == 1 ? s.say("1 match") : s.say("{0} matches", "\(count)")
                let hint = s.closet.searching ? "" : " · " + s.say("n N next, previous")
                parts.append((x, words + hint + "  ", .init(dim: true)))
                x += TextWidth.of(words + hint + "  ")
            }
        }
        if s.closet.facets.isActive { parts.append((x, "[" + s.closet.facets.summary(s.language) + "]", .init(underline: true))) }
        return parts
    }
}

extension AppState {
    /// What `e`, `w`, `a`, `d` and `c` act on in the grid: the marked items, else the selected one.
    var targets: [ItemSummary] {
        if !closet.marked.isEmpty { return items.filter { closet.marked.contains($0.item.id) } }
        return selected.map { [$0] } ?? []
    }

    var closetBindings: [KeyBinding] {
        if closet.searching {
            return [
                KeyBinding([.enter], "Enter", "keep") { s, _ in
                    s.closet.searching = false; s.closet.focusGrid = true; return []
                },
                KeyBinding([.escape], "Esc", "clear") { s, _ in
                    s.closet.search = nil; s.closet.searching = false; s.refilter(); return []
                },
                .typing("search text") { s, key in
                    s.closet.search?.handle(key); s.searchChanged(); return []
                },
            ]
        }
        let archivedView = closet.entry == .archived
        return [
            KeyBinding([.up, .down, .left, .right, .char("h"), .char("j"), .char("k"), .char("l")], "←↑↓→ hjkl", "move") { s, key in
                s.moveInCloset(key); return []
            },
            KeyBinding(
                [.char("g"), .char("G"), .home, .end, .pageUp, .pageDown, .ctrl("d"), .ctrl("u")], "g G PgUp PgDn ^D ^U",
                "first, last, page, half page", footer: false
            ) { s, key in
                s.moveInCloset(key); return []
            },
            KeyBinding([.tab, .backTab], "Tab", "sidebar ⇄ grid", footer: false) { s, _ in
                s.closet.focusGrid.toggle(); return []
            },
            KeyBinding([.enter], "Enter", "open") { s, _ in
                if s.closet.focusGrid { if s.selected != nil { s.push(.item) } } else { s.closet.focusGrid = true }
                return []
            },
            KeyBinding([.char(" ")], "Space", "mark") { s, _ in
                s.toggleMark(); return []
            },
            KeyBinding([.char("e")], "e", "edit") { s, _ in
                s.edit(); return []
            },
            KeyBinding([.char("w")], "w", "wore it") { s, _ in s.wear(s.targets) },
            KeyBinding([.char("a")], "a", archivedView ? "unarchive" : "archive") { s, _ in s.archive(s.targets) },
            KeyBinding([.char("d"), .delete], "d", "delete") { s, _ in
                s.askDelete(s.targets); return []
            },
            KeyBinding([.char("c")], "c", "category") { s, _ in
                s.chooseCategory(for: s.targets); return []
            },
            KeyBinding([.char("L")], "L", "laundry") { s, _ in s.toggleLaundry(s.targets) },
            KeyBinding([.char("B")], "B", "all laundry back", footer: false) { s, _ in
                guard (s.closet.counts[.laundry] ?? 0) > 0 else { s.message = s.say("Nothing is in the laundry."); return [] }
                s.message = s.say("All laundry back in the closet (u undoes it).")
                return [.laundryDone]
            },
            .undo,
            KeyBinding([.char("/")], "/", "search") { s, _ in
                s.closet.search = s.closet.search ?? TextField(); s.closet.searching = true; return []
            },
            KeyBinding([.char("n"), .char("N")], "n N", "next, previous match", footer: closet.search != nil) { s, key in
                s.nextMatch(forward: key == .char("n")); return []
            },
            KeyBinding([.char("o")], "o", "sort", footer: false) { s, _ in
                s.sort(s.closet.order.next)
                s.message = s.say("Sorted by {0} (o for the next order).", s.say(s.closet.order.label))
                return [.rememberOrder(s.closet.order)]
            },
            KeyBinding([.char("f")], "f", "filter") { s, _ in
                s.push(.filters); return []
            },
            KeyBinding([.char("r")], "r", "review") { s, _ in
                s.review.cursor.set(count: s.review.items.count); s.push(.review); return []
            },
            KeyBinding([.char("i")], "i", "import") { s, _ in
                s.openImport(); return []
            },
            KeyBinding([.char("t")], "t", "today") { s, _ in
                s.push(.today); return [.suggest(temp: nil, asked: true)]
            },
            KeyBinding([.char("s")], "s", "stats") { s, _ in
                s.push(.stats); return [.loadStats]
            },
            KeyBinding([.char("C")], "C", "calendar") { s, _ in s.openCalendar() },
            KeyBinding([.char("m")], "m", "mouse", footer: false) { s, _ in
                s.mouse.toggle(); s.message = s.say(s.mouse ? "Mouse on (m turns it off)" : "Mouse off"); return []
            },
            KeyBinding([.escape], "Esc", "clear marks, search", footer: false) { s, _ in
                if !s.closet.marked.isEmpty {
                    s.closet.marked = []
                } else if s.closet.search != nil || s.closet.facets.isActive {
                    s.closet.search = nil; s.closet.facets.clear(); s.refilter()
                } else if s.closet.focusGrid {
                    s.closet.focusGrid = false
                }
                return []
            },
            .help,
            KeyBinding([.char("q")], "q", "quit") { s, _ in
                if s.hasUnsavedChanges { s.push(.confirmQuit); return [] }
                return [.quit]
            },
        ]
    }

    mutating func moveInCloset(_ key: Key) {
        if closet.focusGrid {
            if key.movement == .left && closet.grid.index % closet.grid.columns == 0 { closet.focusGrid = false; return }
            closet.grid.handle(key)
        } else {
            if key.movement == .right { closet.focusGrid = true; return }
            if closet.sidebarCursor.handle(key) { sidebarMoved() }
        }
    }

    mutating func toggleMark() {
        guard let id = selected?.item.id else { return }
        if closet.marked.contains(id) { closet.marked.remove(id) } else { closet.marked.insert(id) }
        closet.focusGrid = true
        if closet.grid.index + 1 < closet.grid.count { closet.grid.index += 1; closet.grid.scrollIntoView() }
        message =
            closet.marked.isEmpty ? nil : say("{0} marked: w, a, d or c acts on all of them; Esc clears", count(closet.marked.count))
    }

    /// A click selects (a second click on the selection opens it); the wheel moves by a row.
    mutating func closetMouse(_ event: MouseEvent) -> [Effect] {
        let target = layout.target(x: event.x, y: event.y)
        switch event.kind {
        case .wheelUp, .wheelDown:
            let key: Key = event.kind == .wheelUp ? .up : .down
            if case .sidebarRow? = target {
                if closet.sidebarCursor.handle(key) { sidebarMoved() }
            } else if closet.grid.handle(key) {
                closet.focusGrid = true
            }
        case .press:
            switch target {
            case .sidebarRow(let row)?:
                var cursor = closet.sidebarCursor
                cursor.visibleRows = layout.bodyHeight
                cursor.scrollIntoView()
                let i = cursor.scrollRow + row
                guard closet.sidebar.indices.contains(i) else { return [] }
                closet.focusGrid = false
                if i != closet.sidebarCursor.index { closet.sidebarCursor.index = i; sidebarMoved() }
            case .gridCell(let n)?:
                let i = closet.grid.scrollRow * closet.grid.columns + n
                guard closet.visible.indices.contains(i) else { return [] }
                if i == closet.grid.index && closet.focusGrid { push(.item) } else { closet.grid.index = i; closet.focusGrid = true }
            case nil: break
            }
        }
        return []
    }
}

extension Screens {
    func closet(_ s: AppState) {
        let t = terminal
        let height = t.rows - 2
        let layout = ClosetLayout(columns: t.columns, rows: t.rows, filterLine: s.closet.search != nil || s.closet.facets.isActive)
        let sidebarWidth = layout.sidebarWidth
        // Sidebar.
        var cursor = s.closet.sidebarCursor
        cursor.visibleRows = height
        cursor.scrollIntoView()
        for (row, i) in (cursor.scrollRow..<min(s.closet.sidebar.count, cursor.scrollRow + height)).enumerated() {
            let entry = s.closet.sidebar[i]
            let label: String
            var style = Terminal.Style()
            switch entry {
            case .all: label = Strings.text("All", s.language); style.bold = true
            case .review: label = Strings.text("Needs review", s.language); style.bold = true
            case .group(let g): label = s.taxonomy.group(GroupID(g))?.displayName(s.language) ?? g; style.bold = true
            case .category(let c): label = categoryName(c, s)
            case .archived: label = Strings.text("Archived", s.language); style.bold = true
            case .laundry: label = Strings.text("Laundry", s.language); style.bold = true
            case .repair: label = Strings.text("Repair", s.language); style.bold = true
            }
            let selected = i == s.closet.sidebarCursor.index
            if selected { style.reverse = !s.closet.focusGrid; style.underline = s.closet.focusGrid }
            let count = "\(s.closet.counts[entry] ?? 0)"
            // A category is indented under its group; a name that does not fit is cut between words, with "…".
            let indent = entry.isCategory ? 2 : 0
            let room = sidebarWidth - TextWidth.of(count) - 3 - indent
            let shown = TextWidth.wrap(label, width: max(1, room), maxLines: 1).first ?? ""
            t.fill(1 + row, 0, width: sidebarWidth, style: style)
            t.put(1 + row, 1, String(repeating: " ", count: indent) + shown, width: room + indent, style: style)
            t.put(1 + row, sidebarWidth - TextWidth.of(count) - 1, count, style: style)
        }
        for y in 1...height { t.put(y, sidebarWidth, "│", style: .init(dim: true)) }
        // Search/filter line and grid.
        let top = layout.gridTop
        let x0 = layout.gridLeft
        if layout.filterLine {
            for part in ClosetScreen.filterLine(s) { t.put(1, x0 + part.column, part.text, style: part.style) }
        }
        let visible = s.closet.visible
        if visible.isEmpty {
            t.put(
                top + 1, x0,
                Strings.text(s.items.isEmpty ? "The closet is empty: press i to import photos." : "No items match.", s.language),
                width: t.columns - x0 - 1)
            return
        }
        let shape = layout.gridShape
        let (cellWidth, cellHeight, thumbnail) = (layout.cellWidth, layout.cellHeight, layout.thumbnail)
        let first = s.closet.grid.scrollRow * shape.columns
        thumbnails.preload(visible[first..<min(visible.count, first + shape.columns * shape.rows)].compactMap(\.item.photo))
        for n in 0..<(shape.columns * shape.rows) {
            let i = first + n
            guard i < visible.count else { break }
            let summary = visible[i]
            let x = x0 + (n % shape.columns) * cellWidth, y = top + (n / shape.columns) * cellHeight
            // Items away (laundry, repair) are drawn dimmed, their label saying where they are.
            let away = summary.item.status.isAway
            drawPicture(
                summary.item, x: x, y: y, columns: thumbnail.columns, rows: thumbnail.rows, dimmed: away, many: true, language: s.language)
            let selected = i == s.closet.grid.index
            let isMarked = s.closet.marked.contains(summary.item.id)
            let place =
                summary.item.status == .laundry
                ? Strings.text("(wash)", s.language) + " "
                : summary.item.status == .repair ? Strings.text("(repair)", s.language) + " " : ""
            let name = (isMarked ? "✓ " : "") + (summary.item.needsReview ? "? " : "") + place + summary.item.displayName(s.language)
            // Two lines under the picture, broken between words, "…" when the name goes on.
            let style = Terminal.Style(
                bold: selected || isMarked, reverse: selected && s.closet.focusGrid, dim: away && !selected,
                underline: selected && !s.closet.focusGrid)
            for (line, text) in TextWidth.wrap(name, width: thumbnail.columns, maxLines: 2).enumerated() {
                t.put(y + thumbnail.rows + line, x, text, width: thumbnail.columns, style: style)
            }
        }
    }
}
