import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the terminal what it can draw, before curses starts: on `/dev/tty` (else standard input and output
/// when they are a terminal) in raw mode, it writes ``GraphicsDetection/queries(inTmux:)`` and reads the
/// answers until DA1's, for at most `timeout`. A silent terminal costs that wait, never a hang.
public enum TerminalProbe {
    public struct Result: Sendable {
        /// What came back; nil when there was no terminal to ask.
        public var replies: TerminalReplies?
        /// Pixels per cell from the window size, when the kernel knows it.
        public var windowCell: CellPixels?
        /// tmux's allow-passthrough, inside tmux.
        public var tmuxPassthrough: Bool?
    }

    public static func run(environment: [String: String], timeout: TimeInterval = 1.0) -> Result {
        var result = Result()
        let inTmux = environment["TMUX"] != nil
        if inTmux { result.tmuxPassthrough = tmuxAllowsPassthrough() }
        var fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        let owned = fd >= 0
        if !owned {
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return result }
            fd = STDIN_FILENO
        }
        defer { if owned { close(fd) } }
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0, size.ws_xpixel > 0, size.ws_ypixel > 0 {
            result.windowCell = CellPixels(width: Int(size.ws_xpixel) / Int(size.ws_col), height: Int(size.ws_ypixel) / Int(size.ws_row))
        }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return result }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return result }
        defer {
            // An answer that comes after the deadline must not reach the TUI as keys.
            tcflush(fd, TCIFLUSH)
            tcsetattr(fd, TCSANOW, &saved)
        }
        let query = GraphicsDetection.queries(inTmux: inTmux)
        let written = query.withUnsafeBufferPointer { write(owned ? fd : STDOUT_FILENO, $0.baseAddress, $0.count) }
        guard written == query.count else { return result }
        result.replies = read(fd, timeout: timeout)
        return result
    }

    /// Reads until DA1's answer or the deadline; nil when DA1 never came.
    static func read(_ fd: Int32, timeout: TimeInterval) -> TerminalReplies? {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let left = Int32(deadline.timeIntervalSinceNow * 1000)
            guard left > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, left)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return nil }
            bytes += buffer[0..<n]
            let replies = TerminalReplies.parse(bytes)
            if replies.isComplete { return replies }
        }
        return nil
    }

    /// Asks the tmux server for its allow-passthrough option; nil when it cannot be asked.
    static func tmuxAllowsPassthrough() -> Bool? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "show-options", "-gqv", "allow-passthrough"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value == "on" || value == "all"
    }
}
