import ClosetKit
import Foundation
import TerminalGraphics

/// Times the TUI the way a person meets it, on an invisible terminal (ncurses writing to /dev/null):
/// from opening the wardrobe to the first frame on screen, then each key from press to the updated
/// frame (state, effects, drawing and ncurses' update).
public enum TUIBenchmark {
    public struct Result: Sendable {
        public var firstFrameMS: Double
        /// Where the first frame's time went: (phase, milliseconds).
        public var phases: [(String, Double)]
        /// (key, milliseconds) in the order pressed.
        public var keys: [(String, Double)]
        /// Bytes the terminal received for the first frame (after every item loaded, pictures included).
        public var firstFrameBytes = 0
        /// Bytes the terminal received for each key's frame, in the order pressed.
        public var keyBytes: [Int] = []

        public var sortedKeyTimes: [Double] { keys.map(\.1).sorted() }
        public var keyMedianMS: Double { sortedKeyTimes.isEmpty ? 0 : sortedKeyTimes[sortedKeyTimes.count / 2] }
        public var keyP95MS: Double {
            sortedKeyTimes.isEmpty ? 0 : sortedKeyTimes[min(sortedKeyTimes.count - 1, sortedKeyTimes.count * 95 / 100)]
        }
        public var keyMaxMS: Double { sortedKeyTimes.last ?? 0 }
        public var slowest: (String, Double)? { keys.max { $0.1 < $1.1 } }
    }

    /// A morning's browsing: move through the grid, page, jump, change categories, search, filter,
    /// open an item and come back.
    public static let session: [Key] = {
        var keys: [Key] = [.tab]
        keys += Array(repeating: .char("j"), count: 12) + Array(repeating: .char("l"), count: 4)
        keys += [.pageDown, .pageDown, .pageDown, .pageUp, .char("G"), .char("g")]
        keys += [.enter, .escape, .char("l"), .enter, .escape]
        keys += [.tab] + Array(repeating: .char("j"), count: 10) + Array(repeating: .char("k"), count: 4) + [.char("g")]
        keys += [.char("/")] + "navy".map { .char($0) } + [.backspace, .char("y"), .enter, .escape]
        keys += [.char("f"), .right, .right, .down, .right, .down, .right, .enter, .escape]
        keys += [.char("?"), .escape, .char("s"), .escape]
        return keys
    }()

    static func name(_ key: Key) -> String {
        switch key {
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c)"
        default: return "\(key)"
        }
    }

    /// Opens the wardrobe in `folder` and runs `keys` on a `columns`×`rows` terminal.
    /// `graphics` draws the photos in that protocol (the bytes are counted, not sent anywhere).
    public static func run(
        folder: URL, columns: Int = 160, rows: Int = 48, keys: [Key] = session, graphics: GraphicsSupport = .blocks
    ) throws -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        func ms(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6 }
        var phases: [(String, Double)] = []
        var mark = start
        func phase(_ name: String) { phases.append((name, ms(since: mark))); mark = DispatchTime.now().uptimeNanoseconds }
        let wardrobe = try Wardrobe(folder: folder)
        let app = try TerminalApp(wardrobe: wardrobe) { throw ClosetError.usage("the benchmark does not import") }
        phase("open")
        try app.preparePreview()
        phase("first items and counts")
        try app.terminal.startOffscreen(columns: columns, rows: rows)
        defer { app.terminal.stop() }
        app.terminal.useGraphics(graphics)
        app.startPictures()
        phase("start curses")
        app.drawFrame()
        phase("draw")
        let first = ms(since: start)
        try app.finishLoading()
        phase("then: every item, redraw, search texts")
        let firstBytes = app.terminal.offscreenBytes
        var times: [(String, Double)] = []
        var bytes: [Int] = []
        for key in keys {
            let t = DispatchTime.now().uptimeNanoseconds
            let before = app.terminal.offscreenBytes
            guard app.process(key) else { break }
            app.drawFrame()
            times.append((name(key), ms(since: t)))
            bytes.append(app.terminal.offscreenBytes - before)
        }
        var result = Result(firstFrameMS: first, phases: phases, keys: times)
        result.firstFrameBytes = firstBytes
        result.keyBytes = bytes
        return result
    }
}
