/// How photos reach the terminal.
public enum GraphicsProtocol: String, CaseIterable, Codable, Sendable {
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    case kitty
    /// DEC Sixel (foot, mlterm, xterm -ti vt340, WezTerm, Windows Terminal ≥ 1.22).
    case sixel
    /// Unicode half blocks in colour: works everywhere, over SSH and in tmux included.
    case blocks
}

/// What detection found: the protocol to use and what it needs to place pictures.
public struct GraphicsSupport: Equatable, Sendable {
    public var graphics: GraphicsProtocol
    /// kitty only: the terminal draws Unicode placeholder cells (kitty ≥ 0.28, Ghostty), so ncurses can draw
    /// pictures as text. Without them pictures are placed at cell positions after each refresh.
    public var placeholders: Bool
    /// Pixels per cell when the terminal said (CSI 16 t or the window size in pixels).
    public var cellPixels: CellPixels?
    /// Whether a screenful of pictures (the grid) may be drawn this way: not Sixel inside tmux, which keeps
    /// few images (the grid is half blocks there; one large picture is still Sixel).
    public var manyPictures: Bool { !(graphics == .sixel && inTmux) }
    /// Sixel: the palette size the terminal has (at most 256 are used).
    public var colorRegisters: Int = 256
    /// Inside tmux: kitty sequences are wrapped in tmux's passthrough.
    public var inTmux: Bool
    /// The terminal's name and version from XTVERSION, when it answered.
    public var terminalName: String?
    /// Something the person may want to know once (for example tmux's allow-passthrough being off).
    public var note: String?
    /// Why this protocol was chosen, in words (for `closet doctor` and tests).
    public var reason: String

    public init(
        graphics: GraphicsProtocol, placeholders: Bool = false, cellPixels: CellPixels? = nil, inTmux: Bool = false,
        terminalName: String? = nil, note: String? = nil, reason: String
    ) {
        self.graphics = graphics; self.placeholders = placeholders; self.cellPixels = cellPixels; self.inTmux = inTmux
        self.terminalName = terminalName; self.note = note; self.reason = reason
    }

    public static let blocks = GraphicsSupport(graphics: .blocks, reason: "half blocks")

    /// Pixels per cell, or a common 10×20 when the terminal did not say.
    public var cell: CellPixels { cellPixels ?? CellPixels(width: 10, height: 20) }
}

/// The size of one terminal cell in pixels.
public struct CellPixels: Equatable, Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }

    /// A plausible cell: 2…256 pixels each way (anything else is a confused terminal).
    public var isPlausible: Bool { (2...256).contains(width) && (2...256).contains(height) }
}
