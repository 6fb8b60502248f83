import Foundation

/// The terminal is put back on every way out. A normal exit (atexit), SIGINT, SIGTERM and SIGHUP end curses
/// (``Terminal/restore()``). If anything traps (a Swift runtime error, a crash in C), the terminal must not be
/// left raw and on the alternate screen either. The handler does only async-signal-safe work: it writes the reset
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
        atexit { Terminal.restore() }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { code in
                Terminal.restore()
                _exit(128 + code)
            }
        }
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
