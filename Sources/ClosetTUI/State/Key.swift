/// A key press, independent of ncurses, so screens can be driven and tested without a terminal.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, enter, escape, backspace, tab, backTab, pageUp, pageDown, home, end, delete
    case resize
    case ctrl(Character)

    /// Vim-style movement letters count as arrows where a screen has no text field focused.
    public var movement: Key? {
        switch self {
        case .char("h"): .left
        case .char("j"): .down
        case .char("k"): .up
        case .char("l"): .right
        case .up, .down, .left, .right: self
        default: nil
        }
    }
}
