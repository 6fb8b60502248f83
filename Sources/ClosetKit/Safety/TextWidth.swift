/// How many terminal cells text takes: Hangul, CJK and emoji take two. The CLI's tables and the TUI's
/// footer fit text with it, never cutting a wide character in half.
public enum TextWidth {
    /// Terminal cells `text` takes.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + cells($1) }
    }

    /// `text` padded to `width` cells, or cut to fit with "…" at the end (never half a wide character).
    public static func fit(_ text: String, _ width: Int) -> String {
        let used = of(text)
        if used <= width { return text + String(repeating: " ", count: width - used) }
        var out = ""
        var cells = 0
        for ch in text {
            let w = Self.cells(ch)
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
                    let w = cells(ch)
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

    /// `text` with each emoji sequence whose width terminals disagree on replaced by what every terminal
    /// draws alike, so that a screen drawn cell by cell (curses) knows where each character ends:
    /// - a sequence joined with U+200D, tagged, skin-toned or with a variation selector (🏳️‍🌈, 👩‍👩‍👧, 👍🏽, ☂️)
    ///   becomes its first emoji that is a picture by itself (🌈, 👩, 👍; two cells), else its first code
    ///   point as text (☂, one cell);
    /// - a flag of two regional indicators (🇰🇷) becomes their two letters (KR).
    /// Everything else (letters with combining accents, Hangul, single emoji) is left as it is.
    public static func drawable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isSequencePart) else { return text }
        var out = ""
        for character in text { out += replacement(character) ?? String(character) }
        return out
    }

    /// What ``drawable(_:)`` draws for an emoji sequence; nil for any other character.
    static func replacement(_ character: Character) -> String? {
        let scalars = character.unicodeScalars
        guard scalars.count > 1, scalars.contains(where: isSequencePart) else { return nil }
        if scalars.count == 2, scalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) {
            var letters = ""
            letters.unicodeScalars.append(contentsOf: scalars.map { Unicode.Scalar(UInt8($0.value - 0x1F1E6) + 65) })
            return letters
        }
        if let picture = scalars.first(where: { $0.properties.isEmojiPresentation && cells($0) == 2 }) { return String(picture) }
        return scalars.first.map { String($0) }
    }

    /// Cells `character` takes as drawn (``drawable(_:)``).
    public static func cells(_ character: Character) -> Int {
        if let replacement = replacement(character) { return replacement.unicodeScalars.reduce(0) { $0 + cells($1) } }
        return character.unicodeScalars.first.map { cells($0) } ?? 1
    }

    /// Code points that build an emoji sequence: the joiner, variation selectors, skin tones, tags, the keycap,
    /// regional indicators.
    static func isSequencePart(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0x1F3FB...0x1F3FF).contains(v) || (0xE0020...0xE007F).contains(v)
            || v == 0x20E3 || (0x1F1E6...0x1F1FF).contains(v)
    }

    /// Cells one character starting with `scalar` takes, as the C library's wcwidth (and so curses and the
    /// terminal) counts them: East Asian wide and full-width characters, and emoji that are pictures by
    /// themselves, take two; an emoji that is text unless asked (🏳, ☂) takes one.
    public static func cells(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x1100 { return 1 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) && v != 0x303F || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v) || (0xFE30...0xFE6F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        // A lone regional indicator is a letter in a box, one cell.
        if (0x1F1E6...0x1F1FF).contains(v) { return 1 }
        return v >= 0x231A && scalar.properties.isEmojiPresentation ? 2 : 1
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
