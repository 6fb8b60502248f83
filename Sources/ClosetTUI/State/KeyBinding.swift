import ClosetKit

/// One key (or a group of keys) a screen answers to, declared once with what it does and its help text:
/// dispatch, the footer and the `?` help screen all read the same list, so they cannot disagree (the way
/// lazygit's controllers return their bindings from `GetKeybindings`).
public struct KeyBinding {
    /// Which keys the binding takes.
    public enum Keys {
        case these([Key])
        /// Whatever a text field takes: printable characters and the editing keys. Declared last on a
        /// screen with a field, so that the keys listed before it (Enter, Esc) keep their meaning.
        case typing
    }

    public var keys: Keys
    /// How the footer and help name the keys: "e", "←↑↓→ hjkl", "Ctrl-S".
    public var label: String
    /// What the keys do, in a few words.
    public var help: String
    /// Shown in the footer; every binding is listed in help.
    public var inFooter: Bool
    /// Kept in the footer however narrow the terminal (a form's save), as help and the way back are.
    public var alwaysInFooter: Bool
    let action: (inout AppState, Key) -> [Effect]

    public init(
        _ keys: [Key], _ label: String, _ help: String, footer: Bool = true, always: Bool = false,
        _ action: @escaping (inout AppState, Key) -> [Effect]
    ) {
        self.keys = .these(keys)
        self.label = label
        self.help = help
        self.inFooter = footer
        self.alwaysInFooter = always
        self.action = action
    }

    /// A text field's binding: it takes the typed characters (and `?` and `q` with them, which the footer says).
    public static func typing(_ help: String, _ action: @escaping (inout AppState, Key) -> [Effect]) -> KeyBinding {
        var binding = KeyBinding([], "type", help, action)
        binding.keys = .typing
        return binding
    }

    /// The one rule for typed letters on a list whose letters are not its keys (review, the pickers): typing
    /// filters the list, and the footer says so ("type to filter"). Where letters are keys, `/` starts the filter.
    public static func filtering(_ action: @escaping (inout AppState, Key) -> [Effect]) -> KeyBinding {
        typing("to filter", action)
    }

    public func matches(_ key: Key) -> Bool {
        switch keys {
        case .these(let list): list.contains(key)
        case .typing:
            switch key {
            case .char, .backspace, .delete, .left, .right, .home, .end, .ctrl("a"), .ctrl("e"), .ctrl("u"): true
            default: false
            }
        }
    }

    /// Whether the footer keeps this binding however narrow the terminal: help, the way back or out, and what
    /// the screen marks as always shown (a form's save).
    var isEssential: Bool { alwaysInFooter || label == "?" || label == "q" || label.hasPrefix("Esc") || keys.isTyping }

    /// The footer line: each binding's "label help", two spaces apart, within `width` cells. When they do
    /// not all fit, the last optional ones give way to "…", and the essential ones (`?`, `q`, Esc, typing)
    /// always stay.
    public static func footer(_ bindings: [KeyBinding], width: Int, language: Language = .en) -> String {
        let shown = bindings.filter(\.inFooter)
        let parts = shown.map { "\($0.label(language)) \(Strings.text($0.help, language))" }
        let essential = shown.map(\.isEssential)
        // "…" stands where the first binding left out was.
        func line(_ keep: [Bool]) -> String {
            var out: [String] = []
            for i in parts.indices {
                if keep[i] { out.append(parts[i]) } else if i == 0 || keep[i - 1] { if out.last != "…" { out.append("…") } }
            }
            return out.joined(separator: "  ")
        }
        var keep = Array(repeating: true, count: parts.count)
        for i in parts.indices.reversed() where !essential[i] {
            if TextWidth.of(line(keep)) <= width { break }
            keep[i] = false
        }
        return line(keep)
    }
}

extension KeyBinding {
    /// The keys' name in `language`: key names stay as the keyboard has them, the word "type" is translated.
    public func label(_ language: Language) -> String { label == "type" ? Strings.text(label, language) : label }
}

extension KeyBinding.Keys {
    var isTyping: Bool { if case .typing = self { true } else { false } }
}

/// The bindings many screens share.
extension KeyBinding {
    /// `?`: help on the keys of the screen below, or back from it.
    static var help: KeyBinding {
        KeyBinding([.char("?")], "?", "help") { s, _ in
            if s.screen == .help { s.pop() } else { s.openHelp() }
            return []
        }
    }

    /// Esc and `q`: back one screen.
    static func back(_ label: String = "q", _ help: String = "back") -> KeyBinding {
        KeyBinding([.escape, .char("q")], label, help) { s, _ in
            s.pop(); return []
        }
    }

    /// `u`: undo the last change of this run.
    static var undo: KeyBinding {
        KeyBinding([.char("u")], "u", "undo") { s, _ in
            guard let step = s.undo.popLast() else { s.message = s.say("Nothing to undo."); return [] }
            return [.undo(step)]
        }
    }

    /// A yes/no question: `yes` on y, nothing changed on n, Esc or q.
    static func yesNo(yes: @escaping (inout AppState) -> [Effect]) -> [KeyBinding] {
        [
            KeyBinding([.char("y"), .char("Y")], "y", "yes") { s, _ in
                s.pop(); return yes(&s)
            },
            KeyBinding([.char("n"), .char("N"), .escape, .char("q")], "n", "no") { s, _ in
                s.pop(); s.question.confirmation = nil; s.message = s.say("Nothing was changed."); return []
            },
            help,
        ]
    }
}
