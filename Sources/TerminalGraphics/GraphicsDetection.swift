/// Chooses how to draw photos from what the terminal answered, with environment variables as hints
/// and an explicit choice (`CLOSET_GRAPHICS`, then `closet profile --graphics`) above both. Pure: the
/// bytes come from ``TerminalProbe``, so every case is tested with canned answers.
public enum GraphicsDetection {
    /// The queries, DA1 last: XTVERSION, the kitty graphics query (a 1×1 test image, answered but not
    /// shown), the cell size in pixels, Sixel's colour registers, then DA1. Inside tmux the kitty query goes through passthrough.
    public static func queries(inTmux: Bool) -> [UInt8] {
        let kitty = KittyGraphics.wrap(Array("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\".utf8), inTmux: inTmux)
        return Array("\u{1B}[>q".utf8) + kitty + Array("\u{1B}[16t\u{1B}[?1;1;0S\u{1B}[c".utf8)
    }

    /// The protocol an explicit setting names: `CLOSET_GRAPHICS` first, then the profile's; "auto" or
    /// nothing means detect. An unknown word is an error the caller reports.
    public static func requested(environment: [String: String], profile: String?) throws -> GraphicsProtocol? {
        for (source, value) in [("CLOSET_GRAPHICS", environment["CLOSET_GRAPHICS"]), ("the profile's graphics", profile)] {
            guard let value, !value.isEmpty, value.lowercased() != "auto" else { continue }
            guard let choice = GraphicsProtocol(rawValue: value.lowercased()) else { throw UnknownGraphics(source: source, value: value) }
            return choice
        }
        return nil
    }

    /// An explicit graphics setting that names no protocol.
    public struct UnknownGraphics: Error, Equatable, CustomStringConvertible {
        public let source: String
        public let value: String
        public var description: String { "\(source) must be kitty, sixel, blocks or auto, not '\(value.prefix(20))'" }
    }

    /// The decision.
    /// - Parameters:
    ///   - replies: what the terminal answered; nil when it could not be asked (no terminal) or DA1 never came.
    ///   - requested: an explicit choice, which wins (kitty forced on an unknown terminal uses placeholders).
    ///   - windowCell: pixels per cell from the window size (TIOCGWINSZ), when the kernel knows it.
    ///   - tmuxPassthrough: tmux's allow-passthrough (nil outside tmux or when unknown).
    public static func decide(
        replies: TerminalReplies?, environment: [String: String], requested: GraphicsProtocol? = nil,
        windowCell: CellPixels? = nil, tmuxPassthrough: Bool? = nil
    ) -> GraphicsSupport {
        let inTmux = environment["TMUX"] != nil
        let cell = replies?.cellPixels ?? windowCell.flatMap { $0.isPlausible ? $0 : nil }
        let name = replies?.version
        let placeholders = supportsPlaceholders(name: name, environment: environment, inTmux: inTmux)
        var support = GraphicsSupport(graphics: .blocks, cellPixels: cell, inTmux: inTmux, terminalName: name, reason: "")
        if let requested {
            support.graphics = requested
            support.placeholders = requested == .kitty && (placeholders ?? true)
            support.reason = "asked for \(requested.rawValue)"
            return support
        }
        guard let replies, replies.isComplete else {
            support.reason = "the terminal did not answer; half blocks"
            return support
        }
        if replies.kitty == "OK" {
            support.graphics = .kitty
            support.placeholders = placeholders ?? inTmux
            support.reason = "the terminal answered the kitty graphics query"
            // tmux shows only text it understands: placed pictures would be drawn over its panes.
            if inTmux && !support.placeholders { support.graphics = .blocks; support.reason += ", but tmux needs placeholders" }
            return support
        }
        if inTmux, placeholders == true {
            // The outer terminal is kitty or Ghostty (its variables survive in tmux), and tmux answered for it.
            if tmuxPassthrough == false {
                support.note = "tmux: photos stay in half blocks until `set -g allow-passthrough on`"
                support.reason = "kitty behind tmux without passthrough"
                return support
            }
            support.graphics = .kitty
            support.placeholders = true
            support.reason = "kitty behind tmux (passthrough on)"
            return support
        }
        if replies.hasSixel {
            support.graphics = .sixel
            support.colorRegisters = replies.colorRegisters.map { min(256, $0) } ?? 256
            support.reason = inTmux ? "tmux answered DA1 with Sixel" : "DA1 lists Sixel"
            return support
        }
        support.reason = "no graphics in DA1 and no kitty answer; half blocks"
        return support
    }

    /// Whether a kitty-protocol terminal draws Unicode placeholders: kitty from 0.28, Ghostty; nil when unknown.
    static func supportsPlaceholders(name: String?, environment: [String: String], inTmux: Bool) -> Bool? {
        if let name {
            let lower = name.lowercased()
            if lower.hasPrefix("kitty") { return version(in: name).map { !$0.lexicographicallyPrecedes([0, 28]) } ?? true }
            if lower.hasPrefix("ghostty") { return true }
            if lower.hasPrefix("wezterm") || lower.hasPrefix("konsole") { return false }
            if !lower.hasPrefix("tmux") { return nil }
        }
        // Hints only: the variables a kitty or Ghostty window sets (SSH and sudo drop them).
        if environment["KITTY_WINDOW_ID"] != nil || environment["TERM"] == "xterm-kitty" { return true }
        if environment["GHOSTTY_RESOURCES_DIR"] != nil || environment["TERM"] == "xterm-ghostty" { return true }
        return nil
    }

    /// "kitty(0.26.5)" → [0, 26, 5].
    static func version(in name: String) -> [Int]? {
        guard let open = name.firstIndex(where: { $0 == "(" || $0 == " " }) else { return nil }
        let digits = name[name.index(after: open)...].prefix { $0.isNumber || $0 == "." }
        let parts = digits.split(separator: ".").compactMap { Int($0) }
        return parts.isEmpty ? nil : parts
    }
}
