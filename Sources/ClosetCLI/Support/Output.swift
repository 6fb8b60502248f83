import ClosetKit
import Foundation

/// Every line the command line prints goes through here: text from the wardrobe, a file name or an
/// export may hold escape sequences, and they are shown escaped (`\e`, `^G`) instead of being obeyed by
/// the terminal. JSON needs nothing: its encoders already write control characters as `\u001b`.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    CLIContext.current.stdout.write(SafeText.escaped(text, keepNewlines: true) + terminator)
}

/// Writing to the terminal: results to stdout, messages to stderr.
enum Output {
    /// The language messages are written in: the locale's, then the wardrobe profile's once a wardrobe is open.
    nonisolated(unsafe) static var language = Language.fromLocale()

    /// A help summary in the locale's language (`--help` is read before any wardrobe is open).
    static func helpText(_ english: String) -> String { Strings.text(english, Language.fromLocale(CLIContext.current.environment)) }

    /// `english` in the language closet speaks.
    static func text(_ english: String) -> String { Strings.text(english, language) }

    /// `english` in the language closet speaks, with `{0}`, `{1}`, … filled in.
    static func format(_ english: String, _ arguments: String...) -> String {
        Strings.format(english, language, arguments: arguments)
    }

    static func error(_ message: String) {
        toStderr("closet: \(SafeText.escaped(message, keepNewlines: true))\n")
    }

    static func note(_ message: String) {
        toStderr("\(SafeText.escaped(message, keepNewlines: true))\n")
    }

    /// Messages are best effort: a stderr that cannot be written (`2>/dev/full`) is no reason to trap.
    private static func toStderr(_ text: String) { CLIContext.writeStderr(text) }

    /// Writes `text` to stderr as it is (questions, progress bars).
    static func stderr(_ text: String) { CLIContext.writeStderr(text) }

    /// Writes `data` to stdout as it is, after what `print` wrote before it (the same buffered stream).
    static func write(_ data: Data) throws {
        CLIContext.current.stdout.write(bytes: data)
        try finishStdout()
    }

    /// Flushes stdout and says whether everything written to it arrived: run before closet exits, so that
    /// `closet list --json > /dev/full` fails with words (74) instead of reporting success with 0 bytes
    /// written. A write that failed earlier is found by `ferror`, whose flag stays set.
    static func finishStdout() throws {
        let stream = CLIContext.current.stdout
        stream.flush()
        if stream.failure != 0 { throw stdoutError(stream.failure) }
    }

    private static func stdoutError(_ code: Int32) -> ClosetError {
        ClosetError.io(
            "cannot write to standard output (\(String(cString: strerror(code)))): what closet printed is incomplete. "
                + "Check the disk or the program reading it")
    }

    /// Prints an Encodable as one line of JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws {
        let data = try JSONEncoder.closet.encode(value)
        jsonLine(String(decoding: data, as: UTF8.self))
    }

    /// Prints a JSON object built from dictionaries and arrays.
    static func jsonObject(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        jsonLine(String(decoding: data, as: UTF8.self))
    }

    /// Prints JSON text as it is: exact, since its encoders escape the C0 controls and a terminal
    /// reading UTF-8 gives no meaning to the rest.
    static func jsonLine(_ text: String) { CLIContext.current.stdout.write(text + "\n") }

    /// Text written to stdout as it is, not escaped (the manual page).
    static func raw(_ text: String) { CLIContext.current.stdout.write(text) }

    static var stdoutIsTerminal: Bool { isatty(CLIContext.current.stdout.descriptor) == 1 }
    static var stdinIsTerminal: Bool { isatty(CLIContext.current.stdin) == 1 }
    static var stderrIsTerminal: Bool { isatty(CLIContext.current.stderr) == 1 }

    /// Pads or cuts `text` to `width` terminal cells (wide characters take two), always leaving one blank
    /// cell at the end so that the next column never runs into it; a cut text ends with "…".
    static func column(_ text: String, _ width: Int) -> String {
        guard width > 1 else { return String(repeating: " ", count: max(0, width)) }
        return TextWidth.fit(SafeText.escaped(text), width - 1) + " "
    }

    /// The terminal's width when stdout is one (nil when piped: tables then keep every character).
    static var terminalColumns: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        guard ioctl(CLIContext.current.stdout.descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Terminal cells `text` takes.
    static func displayWidth(_ text: String) -> Int { TextWidth.of(text) }

    /// `text` padded to `width` cells, or cut to fit with "…" at the end (never half a wide character).
    static func fit(_ text: String, _ width: Int) -> String { TextWidth.fit(text, width) }
}
