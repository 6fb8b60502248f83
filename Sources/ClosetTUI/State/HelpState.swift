import ClosetKit

/// The help screen: the line under its cursor (it scrolls with it), and the typed filter while `/` is on.
public struct HelpState: Equatable, Sendable {
    public var cursor = ListCursor()
    /// The text typed after `/`: help keeps the keys whose name or words hold it.
    public var filter: TextField?

    /// One line of help: a key of the screen below (its index in that screen's bindings), or a line of prose.
    public struct Row: Equatable, Sendable {
        public var text: String
        public var binding: Int?
    }

    /// Help's lines for `bindings` in `language`, `width` cells wide: each key with its words, then the rules
    /// (leaving, typed letters). With a filter, only the keys whose name or words (English or translated)
    /// hold it.
    public static func rows(_ bindings: [KeyBinding], language: Language, filter: String = "", width: Int) -> [Row] {
        let words = bindings.map { [$0.label(language), $0.help, Strings.text($0.help, language)] }
        let kept = PickList.matches(words, filter.trimmingCharacters(in: .whitespaces))
        var rows = kept.map { i in
            Row(text: "  " + TextWidth.fit(bindings[i].label(language), 22) + " " + Strings.text(bindings[i].help, language), binding: i)
        }
        guard filter.isEmpty else { return rows }
        for rule in [AppState.leavingRule, AppState.lettersRule] {
            rows.append(Row(text: "", binding: nil))
            rows += TextWidth.wrap(Strings.text(rule, language), width: width).map { Row(text: $0, binding: nil) }
        }
        return rows
    }
}

extension AppState {
    /// The one rule for typed letters, as help shows it.
    public static let lettersRule =
        "Letters: where they are not a screen's keys (review, the pickers), typing filters the list and the footer "
        + "says \"type to filter\"; where they are keys, / starts the filter (help, the closet's search)."

    /// Opens help on the current screen's keys, at its top.
    mutating func openHelp() {
        help = HelpState()
        push(.help)
    }

    /// The screen help was opened from, as it is below help.
    var belowHelp: AppState {
        var below = self
        while below.stack.count > 1 && below.screen == .help { below.stack.removeLast() }
        return below
    }

    /// Help's lines at the terminal's width.
    var helpRows: [HelpState.Row] {
        HelpState.rows(belowHelp.bindings, language: language, filter: help.filter?.text ?? "", width: terminalSize.columns - 4)
    }

    /// Lines of help on screen at once: the title, the filter line, and the "more" line take their rows.
    var helpVisibleRows: Int { max(1, terminalSize.rows - 6) }

    /// Moves help's cursor (and so its scroll) for a key.
    mutating func scrollHelp(_ key: Key) {
        help.cursor.count = helpRows.count
        help.cursor.visibleRows = helpVisibleRows
        help.cursor.handle(key)
    }

    /// Enter: back to the screen below, and the key on the chosen line run there, as if pressed.
    mutating func runHelpChoice() -> [Effect] {
        let rows = helpRows
        guard rows.indices.contains(help.cursor.index), let i = rows[help.cursor.index].binding else {
            message = say("Choose a key's line to run it.")
            return []
        }
        let binding = belowHelp.bindings[i]
        help = HelpState()
        pop()
        guard case .these(let keys) = binding.keys, let key = keys.first else {
            message = say("Type on the screen itself.")
            return []
        }
        return binding.action(&self, key)
    }
}
