import ClosetKit

/// Help: every key of the screen below, from the same declarations its footer and dispatch use.
enum HelpScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] {
        [
            KeyBinding([.escape, .char("q"), .enter], "Esc", "back") { s, _ in
                s.pop(); return []
            }, .help,
        ]
    }

    static func draw(_ s: AppState, _ view: Screens) { view.help(s) }
}

extension Screens {
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
}
