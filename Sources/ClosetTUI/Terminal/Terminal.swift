import CNcursesw
import ClosetKit
import Foundation
import TerminalGraphics

/// The thin ncurses layer: start/stop, colours, drawing wide strings, reading keys.
/// `endwin` runs on every way out: normal exit, SIGINT, SIGTERM, SIGHUP, and fatal errors (atexit).
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
        Self.useTheLocale()
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
    public private(set) var note: String?

    /// Curses on `TERM`'s entry, or on a private direct-colour entry when the terminal takes 24-bit colour
    /// (``DirectColorTerminfo``; the entry's folder is removed once curses has read it). A `TERM` that is unset
    /// or has no terminfo entry here falls back to `xterm-256color`, else `vt100`, with a ``note``; `TERM=dumb`
    /// (a terminal that cannot move the cursor) and a machine without either entry are refused in words,
    /// never with curses' own "Error opening terminal".
    private func startCurses(_ environment: [String: String]) throws {
        if let direct = DirectColorTerminfo.compile(environment) {
            defer { try? FileManager.default.removeItem(at: direct.folder) }
            let previous = environment["TERMINFO"]
            setenv("TERMINFO", direct.folder.path, 1)
            let started = closet_start_named(direct.name) == 1
            if let previous { setenv("TERMINFO", previous, 1) } else { unsetenv("TERMINFO") }
            if started { return }
        }
        let term = environment["TERM"] ?? ""
        if term == "dumb" {
            throw ClosetError.config(
                "TERM is dumb: this terminal cannot show closet's screen. Run closet in a terminal that can (TERM set to "
                    + "its name), or use its commands (closet --help)")
        }
        if Self.isTerminalName(term), closet_start_named(term) == 1 { return }
        let shown = SafeText.escaped(String(term.prefix(64)))
        for fallback in Self.fallbackTerminals where closet_start_named(fallback) == 1 {
            note =
                (term.isEmpty ? "TERM is not set" : "TERM=\(shown) is not a terminal known here")
                + ": closet draws as \(fallback). Set TERM to your terminal's name (for example TERM=xterm-256color)."
            return
        }
        throw ClosetError.config(
            (term.isEmpty ? "TERM is not set" : "TERM=\(shown) is not a terminal known here")
                + ", and neither is \(Self.fallbackTerminals.joined(separator: " nor ")): closet cannot draw its screen. "
                + "Set TERM to your terminal's name, and TERMINFO to where its terminfo entry is (or install ncurses-term)")
    }

    /// The entries tried, in order, when `TERM` names none: one nearly every terminal emulates, then the oldest.
    static let fallbackTerminals = ["xterm-256color", "vt100"]

    /// A name terminfo can look up (letters, digits and -_.+, up to 64): never a path.
    static func isTerminalName(_ term: String) -> Bool {
        !term.isEmpty && term.utf8.count <= 64 && term.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+".contains($0)) }
    }

    /// The environment's locale for curses. When it asks for UTF-8 text in a locale this machine lacks (an SSH
    /// session that brings `LANG=ko_KR.UTF-8` or `en_US.UTF-8` to a server where it was never generated),
    /// characters are read and drawn as C.UTF-8 instead: in the C locale curses would drop every non-ASCII one,
    /// Korean words and accented names alike. closet's language follows `LANG` on its own.
    static func useTheLocale() {
        let environment = ProcessInfo.processInfo.environment
        let installed = setlocale(LC_ALL, "") != nil
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) }
        if let fallback = utf8Fallback(environment: environment, installed: installed, codeset: codeset) {
            setlocale(LC_CTYPE, fallback)
        }
    }

    /// The character locale to use instead of the environment's, if any: C.UTF-8 when the environment asks for
    /// UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`) and its locale is not installed or is not UTF-8.
    static func utf8Fallback(environment: [String: String], installed: Bool, codeset: String?) -> String? {
        let wanted = (["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "").lowercased()
        let asksUTF8 = wanted.contains("utf-8") || wanted.contains("utf8")
        guard asksUTF8 else { return nil }
        return installed && codeset == "UTF-8" ? nil : "C.UTF-8"
    }

    /// Uses `support` for pictures (benchmarks and tests that draw off screen).
    public func useGraphics(_ support: GraphicsSupport) { graphics = support }

    /// Starts on an invisible terminal of the given size (benchmarks): the same drawing and
    /// ncurses updates, written to /dev/null.
    public func startOffscreen(term: String = "xterm-256color", columns: Int, rows: Int) throws {
        Self.useTheLocale()
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
        keypad(stdscr, true)
        set_escdelay(25)
        curs_set(0)
        let environment = ProcessInfo.processInfo.environment
        if has_colors() && environment["NO_COLOR"] == nil {
            start_color()
            use_default_colors()
        }
        mode = ColorMode.detect(environment: environment, colors: Int(closet_colors()), hasColors: has_colors())
        adaptive = mode == .palette256 && can_change_color() && environment["CLOSET_PALETTE"] != "fixed"
        atexit { Terminal.restore() }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { code in
                Terminal.restore()
                _exit(128 + code)
            }
        }
        FatalSignals.install()
    }

    /// Puts the terminal back as it was (idempotent, safe from a signal handler in practice).
    public static func restore() {
        guard active else { return }
        active = false
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

    /// Waits for a key (or until `timeoutMS`, then nil).
    public func readKey(timeoutMS: Int32 = -1) -> Key? {
        timeout(timeoutMS)
        var ch: wint_t = 0
        let rc = closet_get_wch(&ch)
        if rc == ERR { return nil }
        if rc == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_RESIZE: return .resize
            case closet_key_mouse():
                var x: Int32 = 0, y: Int32 = 0
                switch closet_read_mouse(&x, &y) {
                case 1: return .mouse(MouseEvent(.press, x: Int(x), y: Int(y)))
                case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
                case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
                default: return nil
                }
            case closet_key_f(2): return .ctrl("s")
            default: return nil
            }
        }
        switch ch {
        case 27: return swallowReply() ? readKey(timeoutMS: timeoutMS) : .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// After ESC: a terminal's answer that came too late for detection (`CSI ? … c`, `CSI … t`, `CSI ? … S`,
    /// or a `DCS`/`APC` string) is read and dropped, never taken for keys (its "?" would open help).
    /// Anything else is put back, and the ESC is a key.
    func swallowReply() -> Bool {
        var read: [wint_t] = []
        func next() -> wint_t? {
            timeout(0)
            var ch: wint_t = 0
            let rc = closet_get_wch(&ch)
            guard rc != ERR, rc != KEY_CODE_YES else { return nil }
            read.append(ch)
            return ch
        }
        func putBack() -> Bool {
            for ch in read.reversed() { _ = unget_wch(wchar_t(ch)) }
            return false
        }
        guard let introducer = next() else { return false }
        switch introducer {
        case wint_t(UInt8(ascii: "[")):
            // Parameters (0x30–0x3F) up to a final byte; only the answers closet asks for count.
            while let ch = next(), read.count < 64 {
                if (0x30...0x3F).contains(ch) { continue }
                return [wint_t(UInt8(ascii: "c")), wint_t(UInt8(ascii: "t")), wint_t(UInt8(ascii: "S"))].contains(ch)
                    && read.count > 2 && (read[1] == wint_t(UInt8(ascii: "?")) || ch == wint_t(UInt8(ascii: "t"))) ? true : putBack()
            }
            return putBack()
        case wint_t(UInt8(ascii: "P")), wint_t(UInt8(ascii: "_")):
            // A control string, up to ST (ESC \).
            while let ch = next(), read.count < 8192 {
                if ch == 27, next() == wint_t(UInt8(ascii: "\\")) { return true }
            }
            return putBack()
        default:
            return putBack()
        }
    }

    public func setMouse(_ on: Bool) {
        var old: mmask_t = 0
        _ = mousemask(on ? closet_mouse_mask() : 0, &old)
        // Presses are reported at once (no waiting to tell clicks from double clicks).
        _ = mouseinterval(0)
    }
}

/// If anything traps (a Swift runtime error, a crash in C), the terminal must not be left raw and
/// on the alternate screen. The handler does only async-signal-safe work: it writes the reset
/// sequences, puts back the termios settings saved before curses started, and re-raises the signal.
enum FatalSignals {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var hasSaved = false

    static func saveTerminal() {
        hasSaved = tcgetattr(STDIN_FILENO, &saved) == 0
    }

    /// Mouse reporting off, attributes reset, cursor shown, main screen back.
    static let reset: [UInt8] = Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)

    static func install() {
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            signal(sig) { code in
                FatalSignals.reset.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                if FatalSignals.hasSaved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &FatalSignals.saved) }
                signal(code, SIG_DFL)
                raise(code)
            }
        }
    }
}
