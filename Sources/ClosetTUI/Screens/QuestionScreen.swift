import ClosetKit

/// The yes/no questions and the archive reason's choice, drawn as a box over the screen below.
enum QuestionScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] {
        switch s.screen {
        case .confirm: KeyBinding.yesNo(yes: { s in s.confirmed() })
        case .confirmDiscard:
            KeyBinding.yesNo(yes: { s in
                s.editor = nil; s.pop(); s.message = s.say("Edits discarded."); return []
            })
        case .confirmQuit: KeyBinding.yesNo(yes: { _ in [.quit] })
        case .confirmConflict: s.conflictBindings
        default: s.archiveReasonBindings
        }
    }

    static func draw(_ s: AppState, _ view: Screens) { view.overlay(s) }
}

extension AppState {
    /// The `.confirm` screen's yes: its effects, and back from an item that is going away.
    mutating func confirmed() -> [Effect] {
        guard let confirmation = question.confirmation else { return [] }
        question.confirmation = nil
        closet.marked = []
        if let done = confirmation.done { message = done }
        if screen == .item, confirmation.effects.contains(where: { if case .delete = $0 { true } else { false } }) { pop() }
        return confirmation.effects
    }

    var conflictBindings: [KeyBinding] {
        let decide: (inout AppState, Bool) -> [Effect] = { s, mine in
            s.pop()
            guard let conflict = s.question.conflict else { return [] }
            s.question.conflict = nil
            if mine {
                // Based on what is stored now, so the save goes through: theirs is overwritten where they differ.
                s.message = s.say("Saved your version of {0}.", conflict.mine.displayName(s.language))
                return [.save(conflict.mine, base: conflict.current)]
            }
            s.message = s.say("Kept the version saved elsewhere; your edits were dropped.")
            return []
        }
        return [
            KeyBinding([.char("y"), .char("Y")], "y", "save mine") { s, _ in decide(&s, true) },
            KeyBinding([.char("n"), .char("N"), .escape, .char("q")], "n", "keep theirs") { s, _ in decide(&s, false) },
            .help,
        ]
    }

    var archiveReasonBindings: [KeyBinding] {
        let reasons = ArchiveReason.allCases
        return [
            KeyBinding([.left, .right, .up, .down, .char("h"), .char("j"), .char("k"), .char("l")], "←→", "reason") { s, key in
                let step = [.left, .up].contains(key.movement ?? key) ? reasons.count - 1 : 1
                s.archivePicker.reason = (s.archivePicker.reason + step) % reasons.count
                return []
            },
            KeyBinding([.enter], "Enter", "archive") { s, _ in
                s.pop()
                let ids = s.archivePicker.targets
                s.archivePicker.targets = []
                s.closet.marked = []
                guard !ids.isEmpty else { return [] }
                if s.screen == .item { s.pop() }
                return [.archive(ids, reasons[s.archivePicker.reason])]
            },
            .help, .back("Esc", "cancel"),
        ]
    }
}

extension Screens {
    func overlay(_ s: AppState) {
        let t = terminal
        let text: String
        switch s.screen {
        case .confirm: text = (s.question.confirmation?.question ?? "") + " y/N"
        case .confirmDiscard: text = s.say("Discard your edits? y/N")
        case .confirmQuit: text = s.say("Quit without saving your edits? y/N")
        case .confirmConflict:
            let fields = s.question.conflict?.fields.map(\.rawValue).joined(separator: ", ") ?? ""
            text = s.say("Changed elsewhere while you edited ({0}). Save yours over it? y/N", fields)
        case .chooseArchiveReason:
            text =
                s.say("Archive as: ")
                + ArchiveReason.allCases.enumerated().map {
                    $0 == s.archivePicker.reason ? "[\(s.say($1.rawValue))]" : " \(s.say($1.rawValue)) "
                }
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
