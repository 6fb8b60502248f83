/// How many terminal cells text takes: Hangul, CJK and emoji take two. The CLI's tables and the TUI's
/// footer fit text with it, never cutting a wide character in half.
public enum TextWidth {
    /// Terminal cells `text` takes.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1.unicodeScalars.first.map { cells($0) } ?? 1) }
    }

    /// `text` padded to `width` cells, or cut to fit with "…" at the end (never half a wide character).
    public static func fit(_ text: String, _ width: Int) -> String {
        let used = of(text)
        if used <= width { return text + String(repeating: " ", count: width - used) }
        var out = ""
        var cells = 0
        for ch in text {
            let w = ch.unicodeScalars.first.map { Self.cells($0) } ?? 1
            if cells + w > width - 1 { break }
            out.append(ch)
            cells += w
        }
        return out + "…" + String(repeating: " ", count: max(0, width - cells - 1))
    }

    /// Cells one character starting with `scalar` takes.
    public static func cells(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
        {
            return 2
        }
        return 1
    }
}
