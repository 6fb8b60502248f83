/// Text from the wardrobe, a file name or an export, made safe to print to a terminal: control
/// characters (C0, DEL and C1) are shown escaped, so a name cannot set the window title, clear the
/// screen or write the clipboard; so are the invisible ones (format characters such as U+200B, U+FEFF,
/// U+00AD and the bidirectional controls, the line and paragraph separators), so that two names that look
/// the same are the same. JSON output is exact and does not go through here.
public enum SafeText {
    /// `ESC` as `\e`, other controls as `^X` (C0, DEL) or `\u{80}`-style (C1 and the invisible characters);
    /// tabs and newlines too unless `keepNewlines` (for multi-line messages closet writes itself). The joiners
    /// and tags inside an emoji (🏳️‍🌈) are part of what it shows, and stay.
    public static func escaped(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { mayEscape($0) && !(keepNewlines && $0 == "\n") }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            let emoji = isEmoji(character)
            for scalar in character.unicodeScalars {
                if keepNewlines && scalar == "\n" || !(isControl(scalar) || (isInvisible(scalar) && !emoji)) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value == 0x1B {
                    out += "\\e"
                } else if scalar.value < 0x20 {
                    out += "^" + String(Unicode.Scalar(UInt8(scalar.value + 0x40)))
                } else if scalar.value == 0x7F {
                    out += "^?"
                } else {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                }
            }
        }
        return out
    }

    /// C0 controls, DEL, C1 controls, and the bidirectional overrides that reorder what follows them.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Characters a terminal shows as nothing: format characters (Cf: U+00AD, U+200B…U+200F, U+2060…U+2064,
    /// U+FEFF, the tags), the line and paragraph separators, and the other default-ignorable code points
    /// (the Hangul fillers, the combining grapheme joiner), but not the variation selectors (which pick a
    /// glyph: text or emoji, a CJK variant).
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        guard v >= 0xA0 else { return false }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return false }
        switch s.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return s.properties.isDefaultIgnorableCodePoint
        }
    }

    static func mayEscape(_ s: Unicode.Scalar) -> Bool { isControl(s) || isInvisible(s) }

    /// An emoji drawn as a picture (its first code point is, or asks to be with U+FE0F): its joiners and
    /// tags build it, and print as they are.
    static func isEmoji(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first, first.value >= 0xA9, first.properties.isEmoji else { return false }
        return first.properties.isEmojiPresentation || character.unicodeScalars.contains("\u{FE0F}")
    }
}
