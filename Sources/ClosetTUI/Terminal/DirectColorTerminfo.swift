import Foundation

/// 24-bit colour where the terminal has it but its terminfo entry does not say so.
///
/// `COLORTERM=truecolor` (or `24bit`) is how terminals say they take `ESC [ 38;2;r;g;b m`, but most
/// `TERM`s (`xterm-256color`, `tmux-256color`, `xterm-kitty`) name entries with 256 colours, and ncurses
/// sends only what the entry describes. closet then compiles, with `tic`, a private entry that is the
/// `TERM` entry plus direct colour (`RGB`, 2^24 colours, `setaf`/`setab` that send 24-bit values; values
/// 0–7 stay the terminal's own eight, as in ncurses' `*-direct` entries) into a temporary folder, starts
/// curses on it, and removes the folder. Keys and everything else come from the `TERM` entry unchanged.
enum DirectColorTerminfo {
    /// Whether to try: the terminal says it takes 24-bit colour and the name is one terminfo can look up.
    static func wanted(_ environment: [String: String]) -> String? {
        guard environment["NO_COLOR"] == nil, ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? ""),
            let term = environment["TERM"], !term.isEmpty, term != "dumb", !term.hasSuffix("-direct"),
            term.count <= 64, term.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+".contains($0)) })
        else { return nil }
        return term
    }

    /// The entry's source text for `term`.
    static func source(for term: String, name: String) -> String {
        let colour = "%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d"
        return """
            \(name)|\(term) with direct colour (closet),
            \tRGB, colors#0x1000000, pairs#0x10000, ccc@, initc@, oc@,
            \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;\(colour)%;m,
            \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;\(colour)%;m,
            \tuse=\(term),

            """
    }

    /// Compiles the entry for the environment's `TERM` into a new temporary folder: (folder, entry name),
    /// or nil when 24-bit colour is not wanted or `tic` cannot make it (then the `TERM` entry is used as is).
    static func compile(_ environment: [String: String]) -> (folder: URL, name: String)? {
        guard let term = wanted(environment), FileManager.default.isExecutableFile(atPath: "/usr/bin/tic") else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("closet-terminfo-\(UUID().uuidString)")
        let name = "closet-direct"
        // A new folder of this process's own (the UUID; creating fails if anything is there): the only thing
        // ever removed below.
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)) != nil else { return nil }
        do {
            let file = folder.appendingPathComponent("entry.src")
            try Data(source(for: term, name: name).utf8).write(to: file)
            let tic = Process()
            tic.executableURL = URL(fileURLWithPath: "/usr/bin/tic")
            tic.arguments = ["-x", "-o", folder.path, file.path]
            tic.standardOutput = FileHandle.nullDevice
            tic.standardError = FileHandle.nullDevice
            var env = environment
            env["TERMINFO"] = nil
            tic.environment = env
            try tic.run()
            tic.waitUntilExit()
            guard tic.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
            return (folder, name)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
    }
}
