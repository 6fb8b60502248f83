import CNcursesw
import ClosetKit
import Foundation

/// Which terminfo entry curses starts on.
extension Terminal {
    /// Curses on `TERM`'s entry, or on a private direct-colour entry when the terminal takes 24-bit colour
    /// (``DirectColorTerminfo``; the entry's folder is removed once curses has read it). A `TERM` that is unset
    /// or has no terminfo entry here falls back to `xterm-256color`, else `vt100`, with a ``note``; `TERM=dumb`
    /// (a terminal that cannot move the cursor) and a machine without either entry are refused in words,
    /// never with curses' own "Error opening terminal".
    func startCurses(_ environment: [String: String]) throws {
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
}
