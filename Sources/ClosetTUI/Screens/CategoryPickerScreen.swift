import ClosetKit

/// The category picker: every category in a list over the screen, for the selected or marked items.
enum CategoryPickerScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.categoryBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.categoryPicker(s) }
}

extension AppState {
    var categoryBindings: [KeyBinding] {
        [
            KeyBinding(
                [.up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .char("g"), .char("G"), .home, .end, .ctrl("d"), .ctrl("u")],
                "↑↓", "category"
            ) { s, key in
                s.categoryPicker.cursor.handle(key); return []
            },
            KeyBinding([.enter], "Enter", "choose") { s, _ in
                s.pop()
                let ids = s.categoryPicker.targets
                s.categoryPicker.targets = []
                s.closet.marked = []
                guard !ids.isEmpty, s.taxonomy.categories.indices.contains(s.categoryPicker.cursor.index) else { return [] }
                return [.recategorize(ids, category: s.taxonomy.categories[s.categoryPicker.cursor.index].id.rawValue)]
            },
            .help, .back("Esc", "cancel"),
        ]
    }

    mutating func chooseCategory(for list: [ItemSummary]) {
        let ids = list.compactMap(\.item.id)
        guard let first = list.first, !ids.isEmpty else { return }
        categoryPicker.targets = ids
        categoryPicker.cursor = ListCursor(count: taxonomy.categories.count)
        categoryPicker.cursor.visibleRows = max(1, terminalSize.rows - 8)
        categoryPicker.cursor.index = taxonomy.categories.firstIndex { $0.id == first.item.category } ?? 0
        categoryPicker.cursor.scrollIntoView()
        push(.chooseCategory)
    }
}

extension Screens {
    /// The category picker: a list over the screen, the current choice reversed.
    func categoryPicker(_ s: AppState) {
        let t = terminal
        var cursor = s.categoryPicker.cursor
        let height = min(s.taxonomy.categories.count, max(3, t.rows - 6))
        cursor.visibleRows = height
        cursor.scrollIntoView()
        let width = min(t.columns - 4, 34)
        let x = max(0, (t.columns - width) / 2), y0 = max(1, (t.rows - height - 2) / 2)
        occlude(x: x, y: y0, width: width, height: height + 2)
        let title = s.categoryPicker.targets.count > 1 ? "Category of \(s.categoryPicker.targets.count) items" : "Category"
        t.fill(y0, x, width: width, style: .init(reverse: true))
        t.put(y0, x + 1, title, width: width - 2, style: .init(bold: true, reverse: true))
        for row in 0..<height {
            let i = cursor.scrollRow + row
            guard s.taxonomy.categories.indices.contains(i) else { break }
            let chosen = i == s.categoryPicker.cursor.index
            t.fill(y0 + 1 + row, x, width: width, style: .init(reverse: !chosen))
            t.put(
                y0 + 1 + row, x + 2, categoryName(s.taxonomy.categories[i].id, s), width: width - 3,
                style: .init(bold: chosen, reverse: !chosen))
        }
        t.fill(y0 + 1 + height, x, width: width, style: .init(reverse: true))
    }
}
