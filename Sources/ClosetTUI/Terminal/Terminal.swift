import CNcursesw
import ClosetKit
import Foundation
import TerminalGraphics

/// The thin ncurses layer: start/stop, colours, drawing wide strings, reading keys.
/// `endwin` runs on every way out (``FatalSignals``). Keys are decoded by ``KeyDecoder``.
public final class Terminal {
    public private(set) var mode: ColorMode = .monochrome
    /// How photos are drawn, found by ``TerminalProbe`` before curses starts (half blocks until then).
    public private(set) var graphics: GraphicsSupport = .blocks
    private var started = false
    nonisolated(unsafe) static var active = false

    public init() {}

    /// Starts curses on the process's terminal, after asking it what it can draw (`requested` skips the
    /// asking when it is blocks, and wins over the answer otherwise).
    public func start(requested: GraphicsProtocol? = nil) throws {
        TerminalLocale.use()
        FatalSignals.saveTerminal()
        let environment = ProcessInfo.processInfo.environment
        // The Linux console and dumb terminals draw no pictures, and might print the queries as text.
        if requested == .blocks || (requested == nil && ["dumb", "linux"].contains(environment["TERM"] ?? "dumb")) {
            graphics = GraphicsDetection.decide(replies: nil, environment: environment, requested: .blocks)
        } else {
            let probe = TerminalProbe.run(environment: environment)
            graphics = GraphicsDetection.decide(
                replies: probe.replies, environment: environment, requested: requested, windowCell: probe.windowCell,
                tmuxPassthrough: probe.tmuxPassthrough)
        }
        try startCurses(environment)
        configure()
        // Placeholder cells carry the image id in a 256-colour or direct foreground.
        if graphics.graphics == .kitty && graphics.placeholders && mode == .monochrome {
            graphics = GraphicsSupport(graphics: .blocks, reason: "kitty placeholders need colours")
        }
    }

    /// What closet says about the terminal it started on (the `TERM` it fell back from), for the message line.
    public internal(set) var note: String?

    /// Uses `support` for pictures (benchmarks and tests that draw off screen).
    public func useGraphics(_ support: GraphicsSupport) { graphics = support }

    /// Starts on an invisible terminal of the given size (benchmarks): the same drawing and
    /// ncurses updates, written to /dev/null.
    public func startOffscreen(term: String = "xterm-256color", columns: Int, rows: Int) throws {
        TerminalLocale.use()
        guard let output = closet_start_offscreen(term, Int32(rows), Int32(columns)) else {
            throw TerminalError(message: "cannot start curses for \(term): is its terminfo installed?")
        }
        offscreenOutput = output
        configure()
    }

    public struct TerminalError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    private func configure() {
        Terminal.active = true
        started = true
        // raw, not cbreak: Ctrl-S must reach us (save) instead of pausing the terminal (XON/XOFF);
        // Ctrl-C arrives as a key and quits like q.
        raw()
        noecho()
        nonl()
        // Keys arrive as bytes: ``KeyDecoder`` reads the sequences, curses only waits for them.
        keypad(stdscr, false)
        meta(stdscr, true)
        curs_set(0)
        let environment = ProcessInfo.processInfo.environment
        if has_colors() && environment["NO_COLOR"] == nil {
            start_color()
            use_default_colors()
        }
        mode = ColorMode.detect(environment: environment, colors: Int(closet_colors()), hasColors: has_colors())
        adaptive = mode == .palette256 && can_change_color() && environment["CLOSET_PALETTE"] != "fixed"
        FatalSignals.install()
    }

    /// Puts the terminal back as it was (idempotent, safe from a signal handler in practice).
    public static func restore() {
        guard active else { return }
        active = false
        if mouseReporting {
            mouseReporting = false
            mouseOff.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
        endwin()
    }

    public func stop() {
        guard started else { return }
        started = false
        Terminal.restore()
    }

    public var rows: Int { Int(closet_lines()) }
    public var columns: Int { Int(closet_cols()) }

    public func erase() { CNcursesw.erase() }

    /// curses' update; photo cells first take this frame's adaptive palette where the terminal has one.
    public func refresh() {
        if adaptive { applyAdaptivePalette() }
        CNcursesw.refresh()
    }

    /// 256 colours that the terminal can redefine: photos use an ``AdaptivePalette`` (not with direct colour).
    public private(set) var adaptive = false
    /// This frame's half-block cells: where, their colours, and the cube pair they were first drawn with.
    private var photoCells: [(y: Int32, x: Int32, top: UInt32, bottom: UInt32, pair: Int32)] = []
    /// The colours 16…255 are defined as now (0xRRGGBB; nil: the terminal's own).
    private var defined = [UInt32?](repeating: nil, count: AdaptivePalette.size)
    private var lastWanted: Set<UInt32> = []
    private var lastPalette = AdaptivePalette([])

    /// Defines colours 16…255 for this frame's photos and draws each photo cell again with them, unless
    /// something was drawn over it since (a popup).
    private func applyAdaptivePalette() {
        defer { photoCells.removeAll(keepingCapacity: true) }
        guard !photoCells.isEmpty else { return }
        // Most keys move a cursor over the same photos: their colours, and so the palette, are those of the last frame.
        let wanted = Set(photoCells.flatMap { [$0.top, $0.bottom] })
        if wanted != lastWanted { lastPalette = AdaptivePalette(Array(wanted)); lastWanted = wanted }
        let palette = lastPalette
        for (i, c) in palette.colours.enumerated() where defined[i] != c {
            func scale(_ v: UInt32) -> Int16 { Int16((v & 0xFF) * 1000 / 255) }
            _ = init_color(Int16(AdaptivePalette.first) + Int16(i), scale(c >> 16), scale(c >> 8), scale(c))
            defined[i] = c
        }
        for cell in photoCells {
            guard let top = palette.number(cell.top), let bottom = palette.number(cell.bottom),
                closet_cell_is(cell.y, cell.x, wchar_t(0x2580), cell.pair) == 1
            else { continue }
            _ = closet_put_wch(cell.y, cell.x, wchar_t(0x2580), closet_a_normal(), pair(top, bottom))
        }
    }

    /// A colour pair for foreground/background colour numbers (-1: the terminal's default),
    /// allocated on demand; ncurses recycles the least recently used pair when the table is full.
    public func pair(_ fg: Int32, _ bg: Int32) -> Int32 {
        guard mode != .monochrome else { return 0 }
        let p = alloc_pair(fg, bg)
        return p < 0 ? 0 : p
    }

    public struct Style: Sendable {
        public var bold = false, reverse = false, dim = false, underline = false
        public var fg: Int32 = -1, bg: Int32 = -1
        public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false, fg: Int32 = -1, bg: Int32 = -1) {
            self.bold = bold; self.reverse = reverse; self.dim = dim; self.underline = underline; self.fg = fg; self.bg = bg
        }
        public static let plain = Style()
    }

    func attributes(_ s: Style) -> attr_t {
        var a = closet_a_normal()
        if s.bold { a |= closet_a_bold() }
        if s.reverse { a |= closet_a_reverse() }
        if s.dim { a |= closet_a_dim() }
        if s.underline { a |= closet_a_underline() }
        return a
    }

    /// Draws `text` at (y, x), at most `width` cells wide (wide characters take two). Control characters are
    /// drawn escaped (``SafeText``): a newline in a name would otherwise make curses carry on at the start of
    /// the next line, over the sidebar. Emoji sequences whose width terminals disagree on (🏳️‍🌈) are drawn as
    /// ``TextWidth/drawable(_:)`` says, so that curses and the terminal agree where every cell is.
    public func put(_ y: Int, _ x: Int, _ text: String, width: Int? = nil, style: Style = .plain) {
        guard y >= 0, y < rows, x >= 0, x < columns else { return }
        let limit = min(width ?? (columns - x), columns - x)
        var scalars: [wchar_t] = []
        var used = 0
        for scalar in TextWidth.drawable(SafeText.escaped(text)).unicodeScalars {
            let w = Int(closet_wcwidth(wchar_t(scalar.value)))
            let cells = w < 0 ? 1 : w
            if used + cells > limit { break }
            scalars.append(wchar_t(scalar.value))
            used += cells
        }
        let pair = (style.fg == -1 && style.bg == -1) ? 0 : self.pair(style.fg, style.bg)
        scalars.append(0)
        _ = scalars.withUnsafeBufferPointer {
            closet_put_wstr(Int32(y), Int32(x), $0.baseAddress, Int32(scalars.count - 1), attributes(style), pair)
        }
    }

    /// Pads with spaces to `width` cells (for bars and selections).
    public func fill(_ y: Int, _ x: Int, width: Int, style: Style = .plain) {
        put(y, x, String(repeating: " ", count: max(0, width)), width: width, style: style)
    }

    /// One kitty placeholder cell: U+10EEEE and its row and column diacritics, the image id as the
    /// foreground colour (ids are 16…255, so a 256-colour or direct-colour terminal sends them as is).
    public func placeholder(_ y: Int, _ x: Int, codePoints: [UInt32], id: UInt32) {
        guard y >= 0, y < rows, x >= 0, x < columns, mode != .monochrome else { return }
        let p = pair(Int32(id), -1)
        var text = codePoints.map { wchar_t($0) } + [0]
        _ = text.withUnsafeMutableBufferPointer { closet_put_cell(Int32(y), Int32(x), $0.baseAddress, closet_a_normal(), p) }
    }

    /// Lines changed behind curses' back (a picture left them): the next refresh repaints them whole.
    public func redrawLines(_ y: Int, _ count: Int) {
        let first = max(0, y), last = min(rows, y + count)
        guard last > first else { return }
        _ = closet_redraw_lines(Int32(first), Int32(last - first))
    }

    /// What each cell will show after the next refresh, a number a cell (0: a plain blank), row by row.
    public func cellHashes() -> [[UInt]] {
        let width = columns
        return (0..<rows).map { y in
            var line = [UInt](repeating: 0, count: width)
            line.withUnsafeMutableBufferPointer { closet_line_cells(Int32(y), $0.baseAddress, Int32(width)) }
            return line
        }
    }

    /// Bytes for the terminal itself (graphics sequences), written after whatever curses has flushed.
    public func writeRaw(_ bytes: [UInt8]) {
        guard !offscreen else { rawBytesOffscreen += bytes.count; return }
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            done += n
        }
    }

    /// Off screen (benchmarks): curses writes to this file, raw bytes are counted, not written.
    private var offscreenOutput: UnsafeMutablePointer<FILE>?
    private var offscreen: Bool { offscreenOutput != nil }
    private var rawBytesOffscreen = 0

    /// Off screen: every byte a terminal would have received so far (curses' and the pictures').
    public var offscreenBytes: Int { (offscreenOutput.map { Int(closet_offscreen_bytes($0)) } ?? 0) + rawBytesOffscreen }

    /// One half-block cell: `▀` in the top colour over the bottom colour.
    public func halfBlock(_ y: Int, _ x: Int, top: (UInt8, UInt8, UInt8), bottom: (UInt8, UInt8, UInt8)) {
        guard y >= 0, y < rows, x >= 0, x < columns else { return }
        if mode == .monochrome {
            // Shade by brightness: the picture still reads without colour.
            let level = (Int(top.0) + Int(top.1) + Int(top.2) + Int(bottom.0) + Int(bottom.1) + Int(bottom.2)) / 6
            let shades: [Character] = [" ", "░", "▒", "▓", "█"]
            put(y, x, String(shades[min(4, (255 - level) * 5 / 256)]))
            return
        }
        let p = pair(color(top), color(bottom))
        _ = closet_put_wch(Int32(y), Int32(x), wchar_t(0x2580), closet_a_normal(), p)
        if adaptive {
            func rgb(_ c: (UInt8, UInt8, UInt8)) -> UInt32 { UInt32(c.0) << 16 | UInt32(c.1) << 8 | UInt32(c.2) }
            photoCells.append((Int32(y), Int32(x), rgb(top), rgb(bottom), p))
        }
    }

    private var colorCache: [UInt32: Int32] = [:]

    /// The terminal colour for an RGB value, remembered (a picture repeats its colours every frame).
    func color(_ rgb: (UInt8, UInt8, UInt8)) -> Int32 {
        let key = UInt32(rgb.0) << 16 | UInt32(rgb.1) << 8 | UInt32(rgb.2)
        if let c = colorCache[key] { return c }
        if colorCache.count > 65_536 { colorCache.removeAll(keepingCapacity: true) }
        let c = mode.color(rgb.0, rgb.1, rgb.2)
        colorCache[key] = c
        return c
    }

    /// Turns the bytes read into keys (``KeyDecoder``).
    private var decoder = KeyDecoder()
    /// How long the rest of a sequence may take after its first byte (curses' ESCDELAY was the same).
    static let sequenceDelayMS: Int32 = 25

    /// Waits for a key (or until `timeoutMS`, then nil). curses hands over the bytes as they come (no keypad
    /// decoding: ``KeyDecoder`` does that), and a resize.
    public func readKey(timeoutMS: Int32 = -1) -> Key? {
        while true {
            if let key = decoder.next() { return Self.alias(key) }
            let pending = decoder.isPending
            timeout(pending ? Self.sequenceDelayMS : timeoutMS)
            let ch = getch()
            if ch == ERR {
                // Nothing more came: what waits is taken as it stands (a lone ESC is Esc).
                guard pending else { return nil }
                if let key = decoder.next(final: true) { return Self.alias(key) }
                continue
            }
            if ch == KEY_RESIZE { return .resize }
            if (0...255).contains(ch) { decoder.feed(CollectionOfOne(UInt8(ch))) }
        }
    }

    /// F2 saves like Ctrl-S (for terminals that keep Ctrl-S for themselves).
    static func alias(_ key: Key) -> Key { key == .function(2) ? .ctrl("s") : key }

    /// Mouse reports on or off: button presses and the wheel, in SGR's form (``KeyDecoder`` reads them).
    public func setMouse(_ on: Bool) {
        writeRaw(on ? Self.mouseOn : Self.mouseOff)
        Self.mouseReporting = on
    }

    static let mouseOn = Array("\u{1B}[?1000h\u{1B}[?1006h".utf8)
    static let mouseOff = Array("\u{1B}[?1000l\u{1B}[?1006l".utf8)
    nonisolated(unsafe) static var mouseReporting = false
}
