/// Text from the wardrobe, a file name or an export, made safe to print to a terminal: control
/// characters (C0, DEL and C1) are shown escaped, so a name cannot set the window title, clear the
/// screen or write the clipboard. JSON output is exact and does not go through here.
public enum SafeText {
    /// `ESC` as `\e`, other controls as `^X` (C0, DEL) or `\u{80}`-style (C1); tabs and newlines too
    /// unless `keepNewlines` (for multi-line messages closet writes itself).
    public static func escaped(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepNewlines && $0 == "\n") }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if !isControl(scalar) || (keepNewlines && scalar == "\n") {
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
        return out
    }

    /// C0 controls, DEL, C1 controls, and the bidirectional overrides that reorder what follows them.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
