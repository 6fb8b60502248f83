import ClosetKit

/// The edit form: a field a line (a choice that does not fit wraps onto more), ↑↓ between them, ←→ through a
/// choice, Ctrl-S saves, Esc asks before an edit is dropped. Save and cancel are always in the footer.
enum EditScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.editBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.editor(s) }
}

extension AppState {
    var editBindings: [KeyBinding] {
        guard let form = editor else { return [.back()] }
        let select = form.focus.isChoice
        var list: [KeyBinding] = [
            KeyBinding([.up, .down, .tab, .backTab], "↑↓ Tab", "field") { s, key in s.editForm(key) }
        ]
        if select {
            list.append(KeyBinding([.left, .right, .char("h"), .char("l")], "←→", "change") { s, key in s.editForm(key) })
            if form.focus == .seasons || form.focus == .styles {
                list.append(KeyBinding([.char(" "), .char("x")], "Space", "toggle") { s, key in s.editForm(key) })
            }
            if form.focus == .thickness {
                list.append(KeyBinding("12345+-".map { Key.char($0) }, "1–5", "thickness", footer: false) { s, key in s.editForm(key) })
            }
        }
        list.append(KeyBinding([.ctrl("s")], "Ctrl-S", "save", always: true) { s, _ in s.saveForm() })
        if select || form.focus == .comment || form.focus == .name {
            list.append(KeyBinding([.enter], "Enter", "save", footer: false) { s, _ in s.saveForm() })
        } else {
            list.append(KeyBinding([.enter], "Enter", "next field", footer: false) { s, _ in s.editForm(.down) })
        }
        // One way to cancel in the footer: Esc, and q too where q is not a letter being typed.
        list.append(
            KeyBinding(select ? [.escape, .char("q")] : [.escape], select ? "Esc q" : "Esc", "cancel") { s, _ in
                if s.editor?.isDirty == true { s.push(.confirmDiscard) } else { s.editor = nil; s.pop() }
                return []
            })
        if select {
            list.append(.help)
        } else {
            list.append(.typing(form.focus.rawValue) { s, key in s.editForm(key) })
        }
        return list
    }

    mutating func editForm(_ key: Key) -> [Effect] {
        guard var form = editor else { return [] }
        _ = form.handle(key, taxonomy: taxonomy)
        form.error = nil
        editor = form
        return []
    }

    mutating func saveForm() -> [Effect] {
        guard var form = editor else { return [] }
        do {
            let item = try form.edited()
            editor = nil
            pop()
            message = say("Saved {0}.", item.displayName(language))
            return [.save(item, base: form.original)]
        } catch {
            form.error = (error as? ClosetError)?.message ?? "\(error)"
            editor = form
            return []
        }
    }
}

extension ItemEditor {
    /// A field's value as the form shows it, in rows of `width` cells: the choices of seasons and styles wrap
    /// onto more rows (each whole) where they do not fit on one.
    func rows(_ field: Field, width: Int, taxonomy: Taxonomy, language: Language) -> [String] {
        let focused = field == focus
        func say(_ text: String) -> String { Strings.text(text, language) }
        func toggles(_ names: [String], on: (Int) -> Bool, cursor: Int) -> [String] {
            let parts = names.enumerated().map { i, name in (focused && i == cursor ? "›" : " ") + (on(i) ? "[x] " : "[ ] ") + name }
            return ChoiceRows.pack(parts, width: width, separator: " ")
        }
        switch field {
        case .category: return ["‹ \(taxonomy.category(item.category)?.displayName(language) ?? item.category.rawValue) ›"]
        case .colour: return ["‹ " + (colours.first.map { Strings.colour($0, language) } ?? "—") + " ›"]
        case .secondColour: return ["‹ " + (colours.count > 1 ? Strings.colour(colours[1], language) : say("none")) + " ›"]
        case .thickness:
            return ["‹ " + String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness) + " ›"]
        case .formality:
            let level = item.formality(taxonomy)
            return [
                "‹ \(level) \(say(Formality.names[level]))" + (item.formalityOverride == nil ? " (" + say("the kind's") + ")" : "") + " ›"
            ]
        case .pattern: return ["‹ " + say(item.pattern.rawValue) + " ›"]
        case .seasons:
            let seasons = Season.allCases
            return toggles(seasons.map { say($0.rawValue) }, on: { item.seasons.contains(seasons[$0]) }, cursor: seasonCursor)
        case .styles:
            return toggles(styleChoices.map(say), on: { item.styles.contains(styleChoices[$0]) }, cursor: styleCursor)
        default: return [(fields[field]?.text ?? "") + (focused ? "▏" : "")]
        }
    }
}

extension Screens {
    func editor(_ s: AppState) {
        guard let form = s.editor else { return }
        let t = terminal
        t.put(1, 2, s.say("Edit item {0}", String(form.item.id)), style: .init(bold: true))
        var y = 3
        for field in ItemEditor.Field.allCases where y < t.rows - 1 {
            let focused = field == form.focus
            t.put(y, 2, s.say(field.rawValue), width: 14, style: .init(bold: focused))
            for row in form.rows(field, width: t.columns - 19, taxonomy: s.taxonomy, language: s.language) where y < t.rows - 1 {
                t.put(y, 17, row, width: t.columns - 19, style: .init(reverse: focused))
                y += 1
            }
        }
        if let error = form.error, y < t.rows - 1 { t.put(y, 2, error, width: t.columns - 4, style: .init(bold: true)) }
    }
}
