import ClosetKit
import Foundation
import Imaging
import TerminalGraphics

/// Draws the current state. Pure drawing: reads the state, never changes it.
public struct Screens {
    let terminal: Terminal
    let thumbnails: ThumbnailCache
    /// Photos in a terminal graphics protocol; nil (or inactive) draws half blocks.
    let pictures: PictureLayer?
    static let sidebarWidth = ClosetLayout.sidebarWidth

    init(terminal: Terminal, thumbnails: ThumbnailCache, pictures: PictureLayer? = nil) {
        self.terminal = terminal; self.thumbnails = thumbnails; self.pictures = pictures
    }

    public func draw(_ state: AppState, weather: String?, stats: [String]) {
        let t = terminal
        t.erase()
        pictures?.beginFrame()
        let (cols, rows) = (t.columns, t.rows)
        if ClosetLayout(columns: cols, rows: rows).isTooSmall {
            t.put(rows / 2, 0, Strings.text("terminal too small", state.language), style: .init(bold: true))
            t.put(rows / 2 + 1, 0, "\(cols)x\(rows), need \(ClosetLayout.minimum.columns)x\(ClosetLayout.minimum.rows)")
            present()
            return
        }
        header(state, weather: weather)
        switch state.baseScreen {
        case .closet: closet(state)
        case .item: item(state)
        case .edit: editor(state)
        case .review: review(state)
        case .importFiles: fileBrowser(state)
        case .help: help(state)
        case .today: today(state, weather: weather)
        case .calendar, .calendarDay, .calendarMove: calendar(state)
        case .stats: lines(Strings.text("Statistics", state.language), stats)
        default: break
        }
        if state.screen == .filters { filters(state) }
        if state.screen == .chooseCategory { categoryPicker(state) }
        overlay(state)
        status(state)
        present()
    }

    /// ncurses' update, with the pictures the graphics protocol places before and after it.
    func present() {
        guard let pictures, pictures.isActive else { return terminal.refresh() }
        let cells = pictures.support.graphics == .sixel ? terminal.cellHashes() : []
        pictures.finish(cells: cells, refresh: terminal.refresh, redrawLines: terminal.redrawLines)
    }

    /// A popup over the screen: pictures under it step aside while it is up.
    func occlude(x: Int, y: Int, width: Int, height: Int) { pictures?.occlude(x: x, y: y, width: width, height: height) }

    func header(_ s: AppState, weather: String?) {
        // The default wardrobe is called closet: "closet · closet" said nothing.
        let name = s.wardrobeName == "closet" ? "" : " · \(s.wardrobeName)"
        let ko = s.language == .ko
        let marked = s.marked.isEmpty ? "" : ko ? " · \(s.marked.count)벌 표시함" : " · \(s.marked.count) marked"
        let count = ko ? "옷 \(s.itemCount)벌" : Words.count(s.itemCount, "item")
        let text = " closet\(name) · \(count)\(marked)" + (weather.map { " · \($0)" } ?? "")
        terminal.fill(0, 0, width: terminal.columns, style: .init(reverse: true))
        terminal.put(0, 0, text, style: .init(bold: true, reverse: true))
    }

    func status(_ s: AppState) {
        let y = terminal.rows - 1
        terminal.fill(y, 0, width: terminal.columns, style: .init(reverse: true))
        let hints = s.message ?? KeyBinding.footer(s.bindings, width: terminal.columns - 2, language: s.language)
        terminal.put(y, 1, hints, width: terminal.columns - 2, style: .init(reverse: true))
    }

    func categoryName(_ id: String, _ s: AppState) -> String { s.taxonomy.category(id)?.displayName(s.language) ?? id }

    func closet(_ s: AppState) {
        let t = terminal
        let height = t.rows - 2
        // Sidebar.
        var cursor = s.sidebarCursor
        cursor.visibleRows = height
        cursor.scrollIntoView()
        for (row, i) in (cursor.scrollRow..<min(s.sidebar.count, cursor.scrollRow + height)).enumerated() {
            let entry = s.sidebar[i]
            let label: String
            var style = Terminal.Style()
            switch entry {
            case .all: label = Strings.text("All", s.language); style.bold = true
            case .review: label = Strings.text("Needs review", s.language); style.bold = true
            case .group(let g): label = s.taxonomy.group(g)?.displayName(s.language) ?? g; style.bold = true
            case .category(let c): label = "  " + categoryName(c, s)
            case .archived: label = Strings.text("Archived", s.language); style.bold = true
            case .laundry: label = Strings.text("Laundry", s.language); style.bold = true
            case .repair: label = Strings.text("Repair", s.language); style.bold = true
            }
            let selected = i == s.sidebarCursor.index
            if selected { style.reverse = !s.focusGrid; style.underline = s.focusGrid }
            let count = "\(s.counts[entry] ?? 0)"
            t.fill(1 + row, 0, width: Self.sidebarWidth, style: style)
            t.put(1 + row, 1, label, width: Self.sidebarWidth - count.count - 3, style: style)
            t.put(1 + row, Self.sidebarWidth - count.count - 1, count, style: style)
        }
        for y in 1...height { t.put(y, Self.sidebarWidth, "│", style: .init(dim: true)) }
        // Search/filter line and grid.
        let layout = ClosetLayout(columns: t.columns, rows: t.rows, filterLine: s.search != nil || s.facets.isActive)
        let top = layout.gridTop
        let x0 = layout.gridLeft
        if layout.filterLine {
            var x = x0
            if let search = s.search {
                let text = "/ " + search.text + (s.searching ? "▏" : "") + "  "
                t.put(1, x, text, style: .init(bold: true))
                x += text.count
            }
            if s.facets.isActive { t.put(1, x, "[" + s.facets.summary(s.language) + "]", style: .init(underline: true)) }
        }
        let visible = s.visible
        if visible.isEmpty {
            t.put(
                top + 1, x0,
                Strings.text(s.items.isEmpty ? "The closet is empty: press i to import photos." : "No items match.", s.language),
                width: t.columns - x0 - 1)
            return
        }
        let shape = layout.gridShape
        let (cellWidth, cellHeight, thumbnail) = (layout.cellWidth, layout.cellHeight, layout.thumbnail)
        let first = s.grid.scrollRow * shape.columns
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
            let selected = i == s.grid.index
            let isMarked = summary.item.id.map(s.marked.contains) ?? false
            let place =
                summary.item.status == .laundry
                ? Strings.text("(wash)", s.language) + " "
                : summary.item.status == .repair ? Strings.text("(repair)", s.language) + " " : ""
            let name = (isMarked ? "✓ " : "") + (summary.item.needsReview ? "? " : "") + place + summary.item.displayName(s.language)
            // Two lines under the picture, broken between words, "…" when the name goes on.
            let style = Terminal.Style(
                bold: selected || isMarked, reverse: selected && s.focusGrid, dim: away && !selected, underline: selected && !s.focusGrid)
            for (line, text) in TextWidth.wrap(name, width: thumbnail.columns, maxLines: 2).enumerated() {
                t.put(y + thumbnail.rows + line, x, text, width: thumbnail.columns, style: style)
            }
        }
    }

    /// `many`: one of many pictures at once (the grid), which terminals that keep few images draw in half blocks.
    func drawPicture(
        _ item: Item, x: Int, y: Int, columns: Int, rows: Int, dimmed: Bool = false, many: Bool = false, language: Language = .en
    ) {
        // Real pixels where the terminal takes them: kitty's placeholder cells are text ncurses draws;
        // otherwise the cells stay blank for the picture placed after the refresh.
        if let pictures, pictures.isActive, !many || pictures.support.manyPictures, let hash = item.photo,
            let image = thumbnails.picture(
                hash, fitting: PixelSize(width: columns * pictures.support.cell.width, height: rows * pictures.support.cell.height)),
            let drawn = pictures.place(hash: hash, image: image, x: x, y: y, columns: columns, rows: rows, dimmed: dimmed)
        {
            if case .placeholders(let id, let left, let used, let height) = drawn {
                for row in 0..<height {
                    for column in 0..<used {
                        guard let cell = KittyPlaceholder.cell(row: row, column: column) else { continue }
                        terminal.placeholder(y + row, left + column, codePoints: cell, id: id)
                    }
                }
            }
            return
        }
        if let hash = item.photo, let cells = thumbnails.cells(hash, columns: columns, rows: rows) {
            let dx = x + (columns - (cells.first?.count ?? 0)) / 2
            // Dimmed: each colour taken 60 % of the way to mid grey.
            func dim(_ c: (UInt8, UInt8, UInt8)) -> (UInt8, UInt8, UInt8) {
                dimmed ? (UInt8((Int(c.0) * 2 + 128 * 3) / 5), UInt8((Int(c.1) * 2 + 128 * 3) / 5), UInt8((Int(c.2) * 2 + 128 * 3) / 5)) : c
            }
            for (r, line) in cells.enumerated() {
                for (c, cell) in line.enumerated() { terminal.halfBlock(y + r, dx + c, top: dim(cell.top), bottom: dim(cell.bottom)) }
            }
        } else {
            for r in 0..<rows { terminal.put(y + r, x, String(repeating: "·", count: columns), style: .init(dim: true)) }
            terminal.put(y + rows / 2, x + 1, Strings.text("no photo", language), width: columns - 2, style: .init(dim: true))
        }
    }

    func item(_ s: AppState) {
        let t = terminal
        guard let summary = s.shownItem ?? (s.shownItemID == nil ? s.selected : nil) else {
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

    func editor(_ s: AppState) {
        guard let form = s.editor else { return }
        let t = terminal
        t.put(1, 2, s.say("Edit item {0}", form.item.id.map(String.init) ?? ""), style: .init(bold: true))
        for (i, field) in ItemEditor.Field.allCases.enumerated() {
            let y = 3 + i
            let focused = field == form.focus
            t.put(y, 2, s.say(field.rawValue), width: 12, style: .init(bold: focused))
            let value: String
            switch field {
            case .category: value = "‹ \(categoryName(form.item.category, s)) ›"
            case .thickness:
                value =
                    "‹ " + String(repeating: "●", count: form.item.thickness) + String(repeating: "○", count: 5 - form.item.thickness)
                    + " ›"
            case .formality:
                let level = form.item.formality(s.taxonomy)
                let name = s.say(Formality.names[level])
                value = "‹ \(level) \(name)" + (form.item.formalityOverride == nil ? " (" + s.say("the kind's") + ")" : "") + " ›"
            case .pattern: value = "‹ " + s.say(form.item.pattern.rawValue) + " ›"
            case .seasons:
                value = Season.allCases.enumerated().map { i, season in
                    let on = form.item.seasons.contains(season) ? "[x]" : "[ ]"
                    return (focused && i == form.seasonCursor ? "›" : " ") + on + " " + s.say(season.rawValue)
                }.joined(separator: " ")
            case .styles:
                // A window of the choices that keeps the cursor in view.
                let first = max(0, min(form.styleCursor - 2, form.styleChoices.count - 5))
                value =
                    (first > 0 ? "… " : "")
                    + form.styleChoices.enumerated().dropFirst(first).map { i, style in
                        let on = form.item.styles.contains(style) ? "[x]" : "[ ]"
                        return (focused && i == form.styleCursor ? "›" : " ") + on + " " + s.say(style)
                    }.joined(separator: " ")
            default: value = (form.fields[field]?.text ?? "") + (focused ? "▏" : "")
            }
            t.put(y, 15, value, width: t.columns - 17, style: .init(reverse: focused))
        }
        if let error = form.error { t.put(4 + ItemEditor.Field.allCases.count, 2, error, style: .init(bold: true)) }
    }

    /// Review: the question (or the model's guesses) on top, the items or the typed filter's matches on the
    /// left, the photo as large as the right half allows.
    func review(_ s: AppState) {
        let t = terminal
        let list = s.reviewItems
        t.put(1, 2, s.say("Review: {0} the classifier was unsure of", s.count(list.count)), style: .init(bold: true))
        guard let current = s.reviewed?.item else { t.put(3, 2, "Nothing to review."); return }
        let numbered = s.reviewChoices.enumerated().map { n, id in
            let share =
                current.detail.isEmpty && current.guessShares.indices.contains(n)
                ? String(format: " %.0f%%", current.guessShares[n] * 100) : ""
            return "\(n + 1) \(categoryName(id, s))\(share)"
        }
        let prompt = s.reviewQuestion ?? (numbered.isEmpty ? "Is it \(categoryName(current.category, s))?" : "The model's guesses:")
        t.put(2, 2, ([prompt] + numbered).joined(separator: "  "), width: t.columns - 4, style: .init(bold: true))
        let paneWidth = max(20, t.columns / 2 - 3)
        if let filter = s.reviewFilter {
            t.put(3, 2, "Category: " + filter.text + "▏", width: paneWidth, style: .init(underline: true))
            let matches = s.reviewMatches
            if matches.isEmpty { t.put(4, 2, "No category matches.", width: paneWidth) }
            var cursor = s.reviewMatchCursor
            cursor.visibleRows = max(1, t.rows - 6)
            cursor.scrollIntoView()
            for (row, i) in (cursor.scrollRow..<min(matches.count, cursor.scrollRow + t.rows - 6)).enumerated() {
                t.put(4 + row, 2, categoryName(matches[i], s), width: paneWidth, style: .init(reverse: i == s.reviewMatchCursor.index))
            }
        } else {
            for (row, i) in (s.reviewCursor.scrollRow..<min(list.count, s.reviewCursor.scrollRow + t.rows - 6)).enumerated() {
                let item = list[i].item
                // What the model could tell, with its confidence: the group when it could not tell the kind.
                let confidence = item.confidence.map { String(format: "%3.0f%%", $0 * 100) } ?? "    "
                let what: String
                if item.detail.isEmpty {
                    what = categoryName(item.category, s)
                } else {
                    let group = s.taxonomy.category(item.category).flatMap { s.taxonomy.group($0.group) }
                    what = (group?.displayName(s.language) ?? "") + " → ?"
                }
                let line = "#\(item.id ?? 0)".padding(toLength: 6, withPad: " ", startingAt: 0) + "\(confidence)  \(what)  ·  \(item.name)"
                t.put(4 + row, 2, line, width: paneWidth, style: .init(reverse: i == s.reviewCursor.index))
            }
        }
        // As large as the right half allows (a cell is about twice as tall as wide: two pixel rows a cell).
        let columns = max(8, t.columns - paneWidth - 6), rows = max(4, t.rows - 6)
        drawPicture(current, x: paneWidth + 4, y: 4, columns: min(columns, rows * 2), rows: rows, language: s.language)
    }

    /// The calendar: a month grid, each day with how many pieces were worn (●) or are planned (▸), and, where
    /// the cells are tall enough, the photo of the day's first piece; the chosen day's pieces below.
    func calendar(_ s: AppState) {
        let t = terminal
        let days = s.calendarDays
        guard let first = days.first else { return }
        t.put(1, 2, Day.monthName(first, language: s.language), style: .init(bold: true))
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let width = max(6, min(14, (t.columns - 4) / 7))
        for (i, name) in weekdays.enumerated() {
            t.put(2, 2 + i * width, Strings.text(name, s.language), width: width, style: .init(dim: true))
        }
        let lead = weekdays.firstIndex(of: Day.weekday(first) ?? "Mon") ?? 0
        let weeks = (lead + days.count + 6) / 7
        // Two rows a week at least; taller on a tall terminal, leaving the status bar and two lines below.
        let height = max(2, min(9, (t.rows - 3 - 3) / weeks))
        let today = Day.string(Date())
        for (i, day) in days.enumerated() {
            let cell = lead + i
            let (x, y) = (2 + (cell % 7) * width, 3 + (cell / 7) * height)
            let worn = s.calendarWears[day] ?? [], planned = s.calendarPlans[day] ?? []
            let chosen = i == s.calendarDay
            // Worn: ● and how many; planned: ▸ and how many.
            let text =
                String(format: "%2d", i + 1)
                + (!worn.isEmpty ? " ●\(worn.count)" : !planned.isEmpty ? " ▸\(planned.count)" : day > today ? "" : " ·")
            t.put(y, x, text, width: width - 1, style: .init(bold: day == today || chosen, reverse: chosen))
            // A photo of the day where the cell has room: the first piece worn, else planned, that has one.
            if height >= 4, let item = (worn.isEmpty ? planned : worn).lazy.compactMap(s.item).first(where: { $0.photo != nil }) {
                let rows = height - 2
                drawPicture(item, x: x, y: y + 1, columns: min(width - 2, rows * 2), rows: rows, many: true, language: s.language)
            }
        }
        let below = 3 + weeks * height + (height > 2 ? 0 : 1)
        guard let day = s.calendarSelected, below < t.rows - 1 else { return }
        func names(_ ids: [Int64]?) -> [String] {
            (ids ?? []).compactMap { s.item($0)?.displayName(s.language) }
        }
        let pieces = names(s.calendarWears[day]), plan = names(s.calendarPlans[day])
        let weekday = Strings.text(Day.weekday(day) ?? "", s.language)
        if let from = s.calendarMoveFrom, s.baseScreen == .calendarMove {
            // Moving a plan: where it comes from, and whether this day can take it.
            t.put(
                below, 2, s.say("Moving the plan of {0}: choose a day, Enter puts it there.", from), width: t.columns - 4,
                style: .init(bold: true))
            if below + 1 < t.rows - 1 {
                let free = (s.calendarPlans[day] ?? []).isEmpty || day == from
                t.put(
                    below + 1, 2, "\(day) \(weekday): " + (free ? s.say("free") : s.say("has a plan already")), width: t.columns - 4,
                    style: .init(dim: !free))
            }
            return
        }
        let open = s.baseScreen == .calendarDay
        t.put(
            below, 2,
            "\(day) \(weekday): " + (pieces.isEmpty ? Strings.text("nothing logged", s.language) : pieces.joined(separator: ", ")),
            width: t.columns - 4, style: .init(bold: open))
        if !plan.isEmpty && below + 1 < t.rows - 1 {
            t.put(below + 1, 2, Strings.text("planned", s.language) + ": " + plan.joined(separator: ", "), width: t.columns - 4)
        }
    }

    /// The import browser: the folder, its sub-folders and photos, ticks for the selection.
    func fileBrowser(_ s: AppState) {
        guard let b = s.browser else { return }
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
        var cursor = b.cursor
        cursor.visibleRows = height
        cursor.scrollIntoView()
        for (row, i) in (cursor.scrollRow..<min(b.entries.count, cursor.scrollRow + height)).enumerated() {
            let entry = b.entries[i]
            let tick = entry.name == ".." ? "   " : (b.isSelected(entry) ? "[x]" : "[ ]")
            let name = entry.isDirectory ? entry.name + "/" : entry.name
            let current = i == b.cursor.index && b.typed == nil
            t.fill(4 + row, 2, width: t.columns - 4, style: .init(reverse: current))
            t.put(4 + row, 2, "\(tick) \(name)", width: t.columns - 4, style: .init(bold: entry.isDirectory, reverse: current))
        }
    }

    /// The season/style/colour panel, over the closet.
    func filters(_ s: AppState) {
        let t = terminal
        let width = min(t.columns - 4, 60)
        let x = max(0, (t.columns - width) / 2), y = max(1, t.rows / 2 - 3)
        occlude(x: x, y: y, width: width, height: 6)
        for r in 0..<6 { t.fill(y + r, x, width: width, style: .init(reverse: true)) }
        t.put(y, x + 2, s.say("Filter the closet"), style: .init(bold: true, reverse: true))
        for (i, facet) in FacetFilter.Facet.allCases.enumerated() {
            let focused = facet == s.facets.focus
            let chosen = s.facets.value(facet)
            let value = chosen.map { facet == .colour ? Strings.colour($0, s.language) : s.say($0) } ?? s.say("any")
            let count = s.facets.choices(facet).count
            t.put(
                y + 2 + i, x + 2, (focused ? "› " : "  ") + s.say(facet.rawValue), width: 10, style: .init(bold: focused, reverse: true))
            t.put(
                y + 2 + i, x + 12, "‹ \(value) ›" + (count == 0 ? "  " + s.say("(none in the wardrobe)") : ""), width: width - 14,
                style: .init(bold: focused, reverse: !focused, underline: focused))
        }
    }

    /// Every key of the screen below, from the same declarations the footer and dispatch use.
    func help(_ s: AppState) {
        var below = s
        below.stack.removeLast()
        let language = s.language
        var out = [Strings.text("Keys here:", language)]
        out += below.bindings.map { "  " + TextWidth.fit($0.label(language), 22) + " " + Strings.text($0.help, language) }
        out += [""] + Self.wrap(Strings.text(AppState.leavingRule, language), width: terminal.columns - 4)
        lines(Strings.text("Help", language), out)
    }

    static func wrap(_ text: String, width: Int) -> [String] { TextWidth.wrap(text, width: width) }

    /// The category picker: a list over the screen, the current choice reversed.
    func categoryPicker(_ s: AppState) {
        let t = terminal
        var cursor = s.categoryCursor
        let height = min(s.taxonomy.categories.count, max(3, t.rows - 6))
        cursor.visibleRows = height
        cursor.scrollIntoView()
        let width = min(t.columns - 4, 34)
        let x = max(0, (t.columns - width) / 2), y0 = max(1, (t.rows - height - 2) / 2)
        occlude(x: x, y: y0, width: width, height: height + 2)
        let title = s.categoryTargets.count > 1 ? "Category of \(s.categoryTargets.count) items" : "Category"
        t.fill(y0, x, width: width, style: .init(reverse: true))
        t.put(y0, x + 1, title, width: width - 2, style: .init(bold: true, reverse: true))
        for row in 0..<height {
            let i = cursor.scrollRow + row
            guard s.taxonomy.categories.indices.contains(i) else { break }
            let chosen = i == s.categoryCursor.index
            t.fill(y0 + 1 + row, x, width: width, style: .init(reverse: !chosen))
            t.put(
                y0 + 1 + row, x + 2, categoryName(s.taxonomy.categories[i].id, s), width: width - 3,
                style: .init(bold: chosen, reverse: !chosen))
        }
        t.fill(y0 + 1 + height, x, width: width, style: .init(reverse: true))
    }

    func lines(_ title: String, _ text: [String]) {
        terminal.put(1, 2, title, style: .init(bold: true))
        for (i, line) in text.enumerated() where 3 + i < terminal.rows - 1 { terminal.put(3 + i, 2, line, width: terminal.columns - 4) }
    }

    func today(_ s: AppState, weather: String?) {
        let t = terminal
        let today = s.today
        t.put(1, 2, s.say("Today"), style: .init(bold: true))
        if let field = today.field {
            t.put(
                2, 2, s.say("Temperature ({0}): ", s.unit.symbol) + field.text + "▏  " + s.say("Enter suggests · Esc stops typing"),
                width: t.columns - 4)
        } else {
            t.put(2, 2, today.source ?? "", width: t.columns - 4, style: .init(dim: true))
        }
        if today.showWeek { return week(s) }
        var top = 3
        for warning in today.warnings.prefix(2) {
            t.put(top, 2, "! " + warning, width: t.columns - 4, style: .init(bold: true))
            top += 1
        }
        guard !today.cards.isEmpty else {
            t.put(
                top + 1, 2, today.failure ?? (today.field != nil ? s.say("Type a temperature and press Enter for outfits.") : ""),
                width: t.columns - 4)
            return
        }
        let shown = min(3, today.cards.count)
        let cardWidth = max(16, (t.columns - 4) / shown)
        for (n, card) in today.cards.prefix(shown).enumerated() {
            let x = 2 + n * cardWidth
            let chosen = n == today.index
            t.put(
                top + 1, x, s.say("Outfit {0}", "\(n + 1)") + (chosen ? " ◀" : ""), width: cardWidth - 2,
                style: .init(bold: true, reverse: chosen))
            t.put(top + 2, x, card.why, width: cardWidth - 2)
            t.put(top + 3, x, card.tags, width: cardWidth - 2, style: .init(dim: true))
            var y = top + 4
            // Photos as large as the card allows: the rows left shared by its pieces.
            let pictureRows = max(2, min(10, (t.rows - y - 1) / max(1, card.ids.count) - 1))
            let pictureColumns = min(cardWidth / 2, pictureRows * 2)
            for (p, id) in card.ids.enumerated() {
                guard let item = s.item(id), y + pictureRows <= t.rows - 1 else { continue }
                drawPicture(item, x: x, y: y, columns: pictureColumns, rows: pictureRows, language: s.language)
                let textX = x + pictureColumns + 1, textWidth = cardWidth - pictureColumns - 3
                t.put(
                    y, textX, item.displayName(s.language), width: textWidth,
                    style: .init(bold: chosen && p == today.piece, reverse: chosen && p == today.piece))
                t.put(y + 1, textX, categoryName(item.category, s), width: textWidth, style: .init(dim: true))
                y += pictureRows + 1
            }
        }
    }

    /// The week view: a row a day, with the planned pieces' photos.
    func week(_ s: AppState) {
        let t = terminal
        guard let days = s.today.week, !days.isEmpty else {
            t.put(4, 2, s.say("Planning the week…"))
            return
        }
        let rowHeight = max(2, min(6, (t.rows - 4) / days.count))
        for (n, day) in days.enumerated() {
            let y = 4 + n * rowHeight
            guard y + rowHeight <= t.rows else { break }
            t.put(y, 2, "\(s.say(ClosetKit.Day.weekday(day.date) ?? "")) \(day.date.suffix(5))", width: 10, style: .init(bold: true))
            t.put(y + 1, 2, day.weather, width: 14, style: .init(dim: true))
            var x = 17
            let pictureRows = rowHeight - 1
            for id in day.ids {
                guard let item = s.item(id), x + pictureRows * 2 < t.columns - 20 else { continue }
                drawPicture(item, x: x, y: y, columns: pictureRows * 2, rows: pictureRows, language: s.language)
                x += pictureRows * 2 + 1
            }
            t.put(y, x + 1, day.why, width: max(0, t.columns - x - 2))
        }
    }

    func overlay(_ s: AppState) {
        let t = terminal
        let text: String
        switch s.screen {
        case .confirm: text = (s.confirmation?.question ?? "") + " y/N"
        case .confirmDiscard: text = s.say("Discard your edits? y/N")
        case .confirmQuit: text = s.say("Quit without saving your edits? y/N")
        case .confirmConflict:
            let fields = s.conflict?.fields.map(\.rawValue).joined(separator: ", ") ?? ""
            text = s.say("Changed elsewhere while you edited ({0}). Save yours over it? y/N", fields)
        case .chooseArchiveReason:
            text =
                s.say("Archive as: ")
                + ArchiveReason.allCases.enumerated().map { $0 == s.archiveReason ? "[\(s.say($1.rawValue))]" : " \(s.say($1.rawValue)) " }
                .joined(separator: " ")
        default: return
        }
        let width = min(t.columns - 4, TextWidth.of(text) + 4)
        let x = max(0, (t.columns - width) / 2), y = t.rows / 2
        occlude(x: x, y: y - 1, width: width, height: 3)
        t.fill(y - 1, x, width: width, style: .init(reverse: true))
        t.fill(y, x, width: width, style: .init(reverse: true))
        t.fill(y + 1, x, width: width, style: .init(reverse: true))
        t.put(y, x + 2, text, width: width - 4, style: .init(bold: true, reverse: true))
    }
}
