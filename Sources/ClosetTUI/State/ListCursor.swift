/// A cursor over a list or a grid with `columns` per row: arrows, g/G, PgUp/PgDn, Ctrl-D/Ctrl-U (half a page), clamped.
public struct ListCursor: Equatable, Sendable {
    public var index = 0
    public var count = 0
    public var columns = 1
    /// Rows visible at once (for paging and scrolling).
    public var visibleRows = 10
    /// The first visible row.
    public var scrollRow = 0

    public init(count: Int = 0, columns: Int = 1) { self.count = count; self.columns = max(1, columns) }

    public mutating func set(count: Int) {
        self.count = count
        index = count == 0 ? 0 : min(index, count - 1)
        scrollIntoView()
    }

    /// Moves for a key; returns whether the key was one it handles.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        guard count > 0 else {
            return [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .char("g"), .char("G"), .ctrl("d"), .ctrl("u")].contains(
                key)
        }
        switch key.movement ?? key {
        case .up: if index - columns >= 0 { index -= columns }
        case .down: if index + columns < count { index += columns } else if index / columns < (count - 1) / columns { index = count - 1 }
        case .left: if columns > 1 && index % columns > 0 { index -= 1 } else if columns == 1 { return false }
        case .right:
            if columns > 1 && index % columns < columns - 1 && index + 1 < count { index += 1 } else if columns == 1 { return false }
        case .pageUp: index = max(0, index - columns * max(1, visibleRows - 1))
        case .pageDown: index = min(count - 1, index + columns * max(1, visibleRows - 1))
        case .ctrl("u"): index = max(index % columns, index - columns * max(1, visibleRows / 2))
        case .ctrl("d"): index = min(count - 1, index + columns * max(1, visibleRows / 2))
        case .home, .char("g"): index = 0
        case .end, .char("G"): index = count - 1
        default: return false
        }
        scrollIntoView()
        return true
    }

    /// Scrolls so that the cursor's row is visible, and so that no rows stand empty below the last one while
    /// rows above are scrolled away (after the view grew taller, or the columns wider: a resize).
    public mutating func scrollIntoView() {
        let row = index / columns
        let rows = max(1, visibleRows)
        if row < scrollRow { scrollRow = row }
        if row >= scrollRow + rows { scrollRow = row - rows + 1 }
        let lastRow = max(0, (count - 1) / columns)
        scrollRow = max(0, min(scrollRow, lastRow - rows + 1))
    }
}
