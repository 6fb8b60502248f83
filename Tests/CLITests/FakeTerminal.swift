import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Plays the terminal for a real `closet`: the program runs on a pseudo-terminal whose other end this
/// holds, answers the graphics queries as a given terminal would, types keys, and records every byte
/// the program writes.
final class FakeTerminal {
    /// How the played terminal answers closet's queries.
    enum Persona {
        /// kitty ≥ 0.28: the graphics answer, placeholders.
        case kitty
        /// kitty 0.26: the graphics answer, no placeholders.
        case oldKitty
        /// xterm -ti vt340: Sixel in DA1.
        case sixel
        /// A terminal without graphics: DA1 only.
        case plain
        /// Never answers.
        case silent
        /// Answers DA1 only after `delay` seconds (after closet gave up waiting).
        case late(TimeInterval)

        var answer: String? {
            let esc = "\u{1B}"
            switch self {
            case .kitty: return "\(esc)P>|kitty(0.35.2)\(esc)\\\(esc)_Gi=31;OK\(esc)\\\(esc)[6;20;10t\(esc)[?62;c"
            case .oldKitty: return "\(esc)P>|kitty(0.26.5)\(esc)\\\(esc)_Gi=31;OK\(esc)\\\(esc)[6;20;10t\(esc)[?62;c"
            case .sixel: return "\(esc)P>|XTerm(379)\(esc)\\\(esc)[6;20;10t\(esc)[?1;0;256S\(esc)[?63;1;2;4;6;9;15;22c"
            case .plain, .late: return "\(esc)[?62;22c"
            case .silent: return nil
            }
        }
    }

    let process = Process()
    private let master: Int32
    private(set) var output: [UInt8] = []
    private let persona: Persona
    /// True once the played terminal has answered closet's query (at once, or after a `.late` delay).
    private(set) var answered = false
    private var queriedAt: Date?

    init(arguments: [String], environment: [String: String], columns: Int, rows: Int, persona: Persona) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: UInt16(columns * 10), ws_ypixel: UInt16(rows * 20))
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.ENXIO) }
        self.master = master
        self.persona = persona
        // setsid --ctty: a session of its own with the pseudo-terminal as its controlling terminal (/dev/tty).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty"] + arguments
        process.environment = environment
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(slave)
    }

    deinit {
        if let path = ProcessInfo.processInfo.environment["FAKE_TERMINAL_DUMP"] {
            _ = FileManager.default.createFile(atPath: path + "-\(process.processIdentifier)", contents: Data(output))
        }
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Reads what the program writes for `seconds`, answering the queries when they come.
    func pump(_ seconds: TimeInterval) {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            answerIfAsked()
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            output += buffer[0..<n]
        }
    }

    /// Pumps until `ready` holds for the output (or `timeout`); true when it did.
    @discardableResult
    func wait(timeout: TimeInterval = 10, until ready: ([UInt8]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ready(output) { return true }
            pump(0.05)
        }
        return ready(output)
    }

    private func answerIfAsked() {
        guard !answered else { return }
        if queriedAt == nil, output.count >= 3, count(of: "\u{1B}[c") > 0 { queriedAt = Date() }
        guard let asked = queriedAt else { return }
        if case .late(let delay) = persona, Date().timeIntervalSince(asked) < delay { return }
        answered = true
        if let answer = persona.answer { type(answer) }
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// How many times `text` occurs in the output.
    func count(of text: String) -> Int { Self.count(Array(text.utf8), in: output) }

    static func count(_ needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
        var n = 0, i = 0
        let first = needle[0]
        while i <= haystack.count - needle.count {
            if haystack[i] == first && Array(haystack[i..<(i + needle.count)]) == needle { n += 1; i += needle.count } else { i += 1 }
        }
        return n
    }

    /// Waits for the program to end; its exit status, or nil if it did not end in time (then it is killed).
    func finish(timeout: TimeInterval = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { pump(0.05) }
        if process.isRunning { process.terminate(); return nil }
        return process.terminationStatus
    }
}

extension FakeTerminal {
    /// The built closet on `wardrobe`, on a played terminal of this size: TERM xterm-256color in a neutral locale, the
    /// classifier off, and nothing of the test's own terminal (tmux, kitty, COLORTERM, NO_COLOR) passed on.
    static func closet(
        _ persona: Persona, wardrobe: URL, columns: Int = 120, rows: Int = 36, environment extra: [String: String] = [:]
    ) throws -> FakeTerminal {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") else {
            throw Requirement.missing("setsid (util-linux) is missing")
        }
        var env = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "TMUX", "CLOSET_GRAPHICS", "COLORTERM", "KITTY_WINDOW_ID", "LC_ALL", "LC_MESSAGES", "CLOSET_HOME"] {
            env[key] = nil
        }
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env["CLOSET_MODEL"] = "none"
        env.merge(extra) { $1 }
        return try FakeTerminal(
            arguments: [ClosetProcess.executable.path, "--wardrobe", wardrobe.path], environment: env, columns: columns, rows: rows,
            persona: persona)
    }
}
