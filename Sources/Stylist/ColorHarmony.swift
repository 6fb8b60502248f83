import ClosetKit

/// Simple, documented colour rules for an outfit:
/// - neutrals (black, white, greys, navy, beige, denim, khaki, brown) go with everything;
/// - one loud colour with neutrals is good (+0.2);
/// - each loud colour beyond the first costs 0.5, unless it repeats the same colour.
public enum ColorHarmony {
    public static let neutrals: Set<String> = [
        "black", "white", "grey", "light grey", "charcoal", "navy", "beige", "denim", "khaki", "brown",
    ]

    /// The main colour of each piece (its first colour); pieces without colours are ignored.
    public static func score(_ colors: [[String]], language: Language = .en) -> (score: Double, reason: String?) {
        let main = colors.compactMap(\.first)
        let loud = Set(main.filter { !neutrals.contains($0) })
        func names(_ colours: [String]) -> String { colours.map { Strings.colour($0, language) }.joined(separator: ", ") }
        switch loud.count {
        case 0: return (0, main.count > 1 ? Strings.text("neutral colours go together", language) : nil)
        case 1: return (0.2, Strings.format("one accent colour ({0}) with neutrals", language, names([loud.first!])))
        default:
            return (-0.5 * Double(loud.count - 1), Strings.format("several loud colours ({0})", language, names(loud.sorted())))
        }
    }
}
