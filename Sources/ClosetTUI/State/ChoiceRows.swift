import ClosetKit

/// Choices laid out in rows of a given width (by display width, so Korean takes its two cells a syllable):
/// review's numbered choices, the edit form's seasons and styles. No choice is ever cut between rows.
public enum ChoiceRows {
    /// `parts` on as few rows as fit `width`, in order, `separator` between them on a row. A part wider than
    /// the row gets a row of its own (and is cut there only when drawn).
    public static func pack(_ parts: [String], width: Int, separator: String = "  ") -> [String] {
        var rows: [String] = []
        var row = ""
        for part in parts {
            if row.isEmpty {
                row = part
            } else if TextWidth.of(row) + TextWidth.of(separator) + TextWidth.of(part) <= width {
                row += separator + part
            } else {
                rows.append(row)
                row = part
            }
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// A prompt and its choices: on one line when all of them fit, else the prompt on its own line and the
    /// choices in rows below it.
    public static func layout(prompt: String, choices: [String], width: Int, separator: String = "  ") -> [String] {
        let line = ([prompt] + choices).joined(separator: separator)
        if TextWidth.of(line) <= width { return [line] }
        return [prompt] + pack(choices, width: width, separator: separator)
    }
}
