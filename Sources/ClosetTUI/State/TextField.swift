/// A one-line text field: type, Backspace, Ctrl-U clears, left/right move the caret.
public struct TextField: Equatable, Sendable {
    public var text: String
    public var caret: Int

    public init(_ text: String = "") { self.text = text; caret = text.count }

    /// Returns whether the key edited the field.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        var chars = Array(text)
        switch key {
        case .char(let c) where !c.isNewline:
            chars.insert(c, at: caret); caret += 1
        case .backspace:
            guard caret > 0 else { return true }
            chars.remove(at: caret - 1); caret -= 1
        case .delete:
            guard caret < chars.count else { return true }
            chars.remove(at: caret)
        case .left: caret = max(0, caret - 1)
        case .right: caret = min(chars.count, caret + 1)
        case .home, .ctrl("a"): caret = 0
        case .end, .ctrl("e"): caret = chars.count
        case .ctrl("u"): chars = []; caret = 0
        default: return false
        }
        text = String(chars)
        return true
    }
}
