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

    /// `text` in lines of at most `width` cells, broken between words (a word longer than a line is cut
    /// between characters); with `maxLines`, the last line ends with "…" when text is left over.
    public static func wrap(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
        guard width > 0, maxLines > 0 else { return [] }
        var lines: [String] = [], line = ""
        func push() { lines.append(line); line = "" }
        for word in text.split(separator: " ") {
            var word = String(word)
            if !line.isEmpty && of(line) + 1 + of(word) > width { push() }
            // A word wider than a line: as much as fits, the rest on the next lines.
            while of(word) > width - of(line) - (line.isEmpty ? 0 : 1) {
                let room = width - of(line) - (line.isEmpty ? 0 : 1)
                var head = "", used = 0
                for ch in word {
                    let w = ch.unicodeScalars.first.map { cells($0) } ?? 1
                    if used + w > room { break }
                    head.append(ch); used += w
                }
                // A character wider than the whole line cannot be shown: it is left out.
                if head.isEmpty && line.isEmpty { word = String(word.dropFirst()); continue }
                if !head.isEmpty { line += (line.isEmpty ? "" : " ") + head }
                word = String(word.dropFirst(head.count))
                push()
            }
            if !word.isEmpty { line += (line.isEmpty ? "" : " ") + word }
        }
        if !line.isEmpty { push() }
        guard lines.count > maxLines else { return lines }
        // Cut: the last kept line ends with an ellipsis, within the width.
        var kept = Array(lines.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = of(last) + 1 <= width ? last + "…" : fit(last + "…", width).trimmingTrailingSpaces()
        return kept
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

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
