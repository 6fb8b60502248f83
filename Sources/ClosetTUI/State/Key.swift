/// A key press, independent of ncurses, so screens can be driven and tested without a terminal.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, enter, escape, backspace, tab, backTab, pageUp, pageDown, home, end, delete
    case resize
    case ctrl(Character)
    /// F1–F12 (F2 saves, where a terminal keeps Ctrl-S for itself).
    case function(Int)
    /// A mouse event at a screen cell (only while the mouse is switched on).
    case mouse(MouseEvent)

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

/// A mouse event: a button-1 press or a wheel step, at column `x`, row `y`.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) { self.kind = kind; self.x = x; self.y = y }
}
