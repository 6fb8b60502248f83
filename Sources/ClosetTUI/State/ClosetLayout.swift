/// Where the closet screen puts things at a given terminal size: the sidebar, the optional
/// search/filter line, and the grid of thumbnail cells. The views draw with it and mouse clicks
/// are mapped back through it, so the two cannot disagree.
public struct ClosetLayout: Equatable, Sendable {
    public static let sidebarWidth = 24
    public static let cellWidth = 14, cellHeight = 8
    public static let minimum = (columns: 40, rows: 12)

    public var columns: Int
    public var rows: Int
    /// Whether a search or filter line sits above the grid.
    public var filterLine: Bool

    public init(columns: Int = 80, rows: Int = 24, filterLine: Bool = false) {
        self.columns = columns; self.rows = rows; self.filterLine = filterLine
    }

    public var isTooSmall: Bool { columns < Self.minimum.columns || rows < Self.minimum.rows }
    /// The first screen row of the grid (row 0 is the header).
    public var gridTop: Int { filterLine ? 2 : 1 }
    public var gridLeft: Int { Self.sidebarWidth + 2 }
    /// Rows between the header and the status bar.
    public var bodyHeight: Int { max(1, rows - 2) }

    /// Grid columns and rows of cells that fit.
    public var gridShape: (columns: Int, rows: Int) {
        (max(1, (columns - Self.sidebarWidth - 1) / Self.cellWidth), max(1, (rows - 1 - gridTop) / Self.cellHeight))
    }

    public enum Target: Equatable, Sendable {
        /// A sidebar line, counted from the first one shown.
        case sidebarRow(Int)
        /// A grid cell, counted from the first one shown.
        case gridCell(Int)
    }

    /// What sits under the screen cell (x, y).
    public func target(x: Int, y: Int) -> Target? {
        guard y >= 1, y <= bodyHeight, x >= 0, x < columns else { return nil }
        if x < Self.sidebarWidth { return .sidebarRow(y - 1) }
        guard x >= gridLeft, y >= gridTop else { return nil }
        let shape = gridShape
        let column = (x - gridLeft) / Self.cellWidth, row = (y - gridTop) / Self.cellHeight
        guard column < shape.columns, row < shape.rows else { return nil }
        return .gridCell(row * shape.columns + column)
    }
}
