/// Simple, documented colour rules for an outfit:
/// - neutrals (black, white, greys, navy, beige, denim, khaki, brown) go with everything;
/// - one loud colour with neutrals is good (+0.2);
/// - each loud colour beyond the first costs 0.5, unless it repeats the same colour.
public enum ColorHarmony {
    public static let neutrals: Set<String> = [
        "black", "white", "grey", "light grey", "charcoal", "navy", "beige", "denim", "khaki", "brown",
    ]

    /// The main colour of each piece (its first colour); pieces without colours are ignored.
    public static func score(_ colors: [[String]]) -> (score: Double, reason: String?) {
        let main = colors.compactMap(\.first)
        let loud = Set(main.filter { !neutrals.contains($0) })
        switch loud.count {
        case 0: return (0, main.count > 1 ? "neutral colours go together" : nil)
        case 1: return (0.2, "one accent colour (\(loud.first!)) with neutrals")
        default: return (-0.5 * Double(loud.count - 1), "several loud colours (\(loud.sorted().joined(separator: ", ")))")
        }
    }
}
