/// Where the closet screen puts things at a given terminal size: the sidebar, the optional
/// search/filter line, and the grid of thumbnail cells. The views draw with it and mouse clicks
/// are mapped back through it, so the two cannot disagree.
///
/// Grid cells grow with the window: a thumbnail is `w`×`w/2` cells (a cell is about twice as tall as
/// wide), from 12×6 up to 24×12, the largest that still leaves three columns and two rows of items
/// (at 80×24 that is 14×7); under each thumbnail a two-line label and a blank line.
public struct ClosetLayout: Equatable, Sendable {
    /// The sidebar's width follows the window's: three tenths of it (24 cells at 80 columns), from 16 to 36.
    public static let sidebarWidths = 16...36
    public static let minimum = (columns: 40, rows: 12)
    /// Thumbnail widths in cells, smallest and largest.
    public static let thumbnailWidths = 12...24

    public var columns: Int
    public var rows: Int
    /// Whether a search or filter line sits above the grid.
    public var filterLine: Bool

    public init(columns: Int = 80, rows: Int = 24, filterLine: Bool = false) {
        self.columns = columns; self.rows = rows; self.filterLine = filterLine
    }

    /// The sidebar's width in cells, the divider not counted.
    public var sidebarWidth: Int { min(Self.sidebarWidths.upperBound, max(Self.sidebarWidths.lowerBound, columns * 3 / 10)) }

    public var isTooSmall: Bool { columns < Self.minimum.columns || rows < Self.minimum.rows }
    /// The first screen row of the grid (row 0 is the header).
    public var gridTop: Int { filterLine ? 2 : 1 }
    public var gridLeft: Int { sidebarWidth + 2 }
    /// Rows between the header and the status bar.
    public var bodyHeight: Int { max(1, rows - 2) }

    /// The grid's width and height in screen cells.
    var gridArea: (width: Int, height: Int) { (max(1, columns - sidebarWidth - 1), max(1, rows - 1 - gridTop)) }

    /// A thumbnail's size in cells.
    public var thumbnail: (columns: Int, rows: Int) {
        // Chosen as if the filter line were there, so that thumbnails keep their size when it comes and goes.
        let width = gridArea.width, height = max(1, rows - 3)
        var best = Self.thumbnailWidths.lowerBound
        for w in Self.thumbnailWidths where width / (w + 2) >= 3 && height / (w / 2 + 3) >= 2 { best = w }
        return (best, best / 2)
    }

    /// One grid cell: the thumbnail, a column of space beside it, two label lines and a blank line below.
    public var cellWidth: Int { thumbnail.columns + 2 }
    public var cellHeight: Int { thumbnail.rows + 3 }

    /// Grid columns and rows of cells that fit.
    public var gridShape: (columns: Int, rows: Int) {
        let area = gridArea
        return (max(1, area.width / cellWidth), max(1, area.height / cellHeight))
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
        if x < sidebarWidth { return .sidebarRow(y - 1) }
        guard x >= gridLeft, y >= gridTop else { return nil }
        let shape = gridShape
        let column = (x - gridLeft) / cellWidth, row = (y - gridTop) / cellHeight
        guard column < shape.columns, row < shape.rows else { return nil }
        return .gridCell(row * shape.columns + column)
    }
}
