import ClosetKit

/// The category picker: every category in a list over the screen, for the selected or marked items. Typing
/// filters it (by English or Korean name, or id), the arrows choose, and it scrolls where the terminal is short.
enum CategoryPickerScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.categoryBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.categoryPicker(s) }
}

extension AppState {
    /// The picker's list rows at the terminal's height (the box, its title and filter lines, the "more" line).
    var categoryPickerRows: Int { max(3, terminalSize.rows - 8) }

    var categoryBindings: [KeyBinding] {
        [
            KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓", "category") { s, key in
                let rows = s.categoryPickerRows
                s.categoryPicker.list.move(key, rows: rows)
                return []
            },
            KeyBinding([.enter], "Enter", "choose") { s, _ in
                guard let chosen = s.categoryPicker.list.chosen else { s.message = s.say("No category matches."); return [] }
                s.pop()
                let ids = s.categoryPicker.targets
                s.categoryPicker.targets = []
                s.closet.marked = []
                guard !ids.isEmpty else { return [] }
                return [.recategorize(ids, category: chosen.id)]
            },
            .help, .back("Esc", "cancel"),
            .filtering { s, key in
                s.categoryPicker.list.type(key); return []
            },
        ]
    }

    /// The categories as a pick list, found by English or Korean name or id.
    var categoryPickList: [PickList.Entry] {
        taxonomy.categories.map { c in
            PickList.Entry(id: c.id.rawValue, label: c.displayName(language), words: [c.en, c.ko, c.id.rawValue])
        }
    }

    mutating func chooseCategory(for list: [ItemSummary]) {
        let ids = list.compactMap(\.item.id)
        guard let first = list.first, !ids.isEmpty else { return }
        categoryPicker.targets = ids
        categoryPicker.list = PickList(categoryPickList, selected: first.item.category.rawValue)
        categoryPicker.list.cursor.visibleRows = categoryPickerRows
        categoryPicker.list.cursor.scrollIntoView()
        push(.chooseCategory)
    }
}

extension Screens {
    /// The category picker: a box over the screen with its title, the typed filter, a window of the matches
    /// (the current one reversed) and a line saying when more are above or below.
    func categoryPicker(_ s: AppState) {
        let t = terminal
        let list = s.categoryPicker.list
        var cursor = list.cursor
        let height = s.categoryPickerRows
        cursor.visibleRows = height
        cursor.scrollIntoView()
        let width = min(t.columns - 4, 40)
        let x = max(0, (t.columns - width) / 2), y0 = max(1, (t.rows - height - 4) / 2)
        occlude(x: x, y: y0, width: width, height: height + 4)
        let title =
            s.categoryPicker.targets.count > 1 ? s.say("Category of {0}", s.count(s.categoryPicker.targets.count)) : s.say("Category")
        for row in 0..<(height + 4) { t.fill(y0 + row, x, width: width, style: .init(reverse: true)) }
        t.put(y0, x + 1, title, width: width - 2, style: .init(bold: true, reverse: true))
        let filter =
            list.filter.text.isEmpty ? s.say("type to filter") : s.say("Filter:") + " " + list.filter.text + "▏"
        t.put(y0 + 1, x + 2, filter, width: width - 3, style: .init(reverse: true, underline: !list.filter.text.isEmpty))
        if list.shown.isEmpty { t.put(y0 + 2, x + 2, s.say("No category matches."), width: width - 3, style: .init(reverse: true)) }
        for row in 0..<height {
            let i = cursor.scrollRow + row
            guard list.shown.indices.contains(i) else { break }
            let chosen = i == cursor.index
            t.fill(y0 + 2 + row, x, width: width, style: .init(reverse: !chosen))
            t.put(
                y0 + 2 + row, x + 2, list.entries[list.shown[i]].label, width: width - 3, style: .init(bold: chosen, reverse: !chosen))
        }
        var more: [String] = []
        if cursor.scrollRow > 0 { more.append(s.say("more above ↑")) }
        if cursor.scrollRow + height < list.shown.count { more.append(s.say("more below ↓")) }
        t.put(y0 + 2 + height, x + 2, more.joined(separator: "  "), width: width - 3, style: .init(reverse: true, dim: true))
    }
}
