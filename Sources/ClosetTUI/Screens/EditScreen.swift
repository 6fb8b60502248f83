import ClosetKit

/// The edit form: a field a line, ↑↓ between them, ←→ through a choice, Ctrl-S saves, Esc asks before an
/// edit is dropped.
enum EditScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.editBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.editor(s) }
}

extension AppState {
    var editBindings: [KeyBinding] {
        guard let form = editor else { return [.back()] }
        let select = [ItemEditor.Field.category, .seasons, .styles, .thickness, .formality, .pattern].contains(form.focus)
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
        list.append(KeyBinding([.ctrl("s")], "Ctrl-S", "save") { s, _ in s.saveForm() })
        if select || form.focus == .comment || form.focus == .name {
            list.append(KeyBinding([.enter], "Enter", "save", footer: false) { s, _ in s.saveForm() })
        } else {
            list.append(KeyBinding([.enter], "Enter", "next field", footer: false) { s, _ in s.editForm(.down) })
        }
        list.append(
            KeyBinding([.escape], "Esc", "cancel") { s, _ in
                if s.editor?.isDirty == true { s.push(.confirmDiscard) } else { s.editor = nil; s.pop() }
                return []
            })
        if select {
            list.append(.help)
            list.append(
                KeyBinding([.char("q")], "q", "cancel") { s, _ in
                    if s.editor?.isDirty == true { s.push(.confirmDiscard) } else { s.editor = nil; s.pop() }
                    return []
                })
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

extension Screens {
    func editor(_ s: AppState) {
        guard let form = s.editor else { return }
        let t = terminal
        t.put(1, 2, s.say("Edit item {0}", String(form.item.id)), style: .init(bold: true))
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
}
