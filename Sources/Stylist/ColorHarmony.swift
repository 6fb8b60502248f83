import ClosetKit

/// The colour rules of an outfit, written once (docs/stylist.md), on each piece's main colour (its first):
/// - neutrals (black, white, greys, navy, beige, denim, khaki, brown, olive) go with everything;
/// - the other colours are accents, each in a hue family round the colour wheel (red and burgundy are one
///   family; pink is another);
/// - an outfit holds at most one accent family next to its neutrals, or an analogous pair (two families side by
///   side on the wheel: blue and purple, yellow and orange). Pink and red are not neighbours here: a pink top with
///   red trousers and a burgundy coat is not "one accent";
/// - tonal dressing: pieces in one accent family are a look when their shades are graded (a sky-blue shirt under a
///   blue jacket, a burgundy coat over a red knit); two strong pieces of one family (a red hoodie with red trousers)
///   never quite match, and read as a mismatch. Shoes are left out: red shoes with a red top are an accent repeated;
/// - patterns: at most one patterned piece, unless two patterned pieces share their main colour.
public enum ColorHarmony {
    public static let neutrals: Set<String> = [
        "black", "white", "grey", "light grey", "charcoal", "navy", "beige", "denim", "khaki", "brown", "olive",
    ]

    /// Accent hue families, numbered in order round the wheel from red to pink; neighbours are analogous.
    public static let families: [String: Int] = [
        "red": 0, "burgundy": 0, "orange": 1, "yellow": 2, "green": 3, "mint": 3, "teal": 4, "blue": 5, "sky blue": 5,
        "purple": 6, "lavender": 6, "pink": 7,
    ]

    /// How deep a colour lies within its accent family.
    public enum Shade: Sendable {
        /// A tint: sky blue, mint, lavender, pink.
        case light
        /// The family's full colour: red, orange, yellow, green, teal, blue, purple.
        case strong
        /// A deep shade: burgundy.
        case deep
    }

    static let shades: [String: Shade] = ["sky blue": .light, "mint": .light, "lavender": .light, "pink": .light, "burgundy": .deep]

    /// The shade of an accent colour; nil for a neutral.
    public static func shade(_ colour: String?) -> Shade? {
        guard let colour, family(colour) != nil else { return nil }
        return shades[colour] ?? .strong
    }

    /// Whether pieces worn on the body (not shoes), by main colour, hold two strong pieces of one accent family.
    public static func tonalClash(_ bodyColours: [String?]) -> Bool {
        var strong: UInt32 = 0
        for colour in bodyColours {
            guard shade(colour) == .strong, let family = family(colour) else { continue }
            if strong & 1 << UInt32(family) != 0 { return true }
            strong |= 1 << UInt32(family)
        }
        return false
    }

    /// The accent family of a colour; nil for a neutral (and for a colour closet does not know, counted as neutral).
    public static func family(_ colour: String?) -> Int? {
        guard let colour, !neutrals.contains(colour) else { return nil }
        return families[colour]
    }

    /// Whether accent families agree: none, one, or an analogous pair.
    public static func accentsAgree(_ families: Set<Int>) -> Bool { accentsAgree(mask: mask(families)) }

    /// The families as bits (family n is bit n): the search adds them up without building sets.
    static func mask(_ families: Set<Int>) -> UInt32 { families.reduce(0) { $0 | 1 << UInt32($1) } }

    static func accentsAgree(mask: UInt32) -> Bool {
        guard mask.nonzeroBitCount > 1 else { return true }
        let lowest = mask & (~mask &+ 1)
        return mask == lowest | lowest << 1
    }

    /// Whether the patterned pieces agree: at most one, or two that share their main colour.
    public static func patternsAgree(_ patterned: [String?]) -> Bool {
        patterned.count <= 1 || (patterned.count == 2 && patterned[0] != nil && patterned[0] == patterned[1])
    }

    /// The colour score of an outfit with these accent families: one accent lifts it, an analogous pair a little
    /// less, anything more costs per family beyond the first.
    public static func score(families: Set<Int>) -> Double { score(mask: mask(families)) }

    static func score(mask: UInt32) -> Double {
        switch mask.nonzeroBitCount {
        case 0: 0
        case 1: StylistWeights.oneAccent
        case 2 where accentsAgree(mask: mask): StylistWeights.analogousAccents
        case let n: StylistWeights.extraAccent * Double(n - 1)
        }
    }

    /// The score and the sentence for the pieces' colours (each piece's list, main colour first); `tonalClash`:
    /// two strong body pieces share a family (``tonalClash(_:)``).
    public static func score(_ colors: [[String]], tonalClash: Bool = false, language: Language = .en) -> (score: Double, reason: String?) {
        let main = colors.compactMap(\.first)
        let accents = main.filter { !neutrals.contains($0) }
        let families = Set(accents.compactMap { family($0) })
        var seen = Set<String>()
        let loud = accents.filter { seen.insert($0).inserted }
        func names(_ colours: [String]) -> String { colours.map { Strings.colour($0, language) }.joined(separator: ", ") }
        let score = score(families: families)
        if loud.isEmpty { return (0, main.count > 1 ? Strings.text("neutral colours go together", language) : nil) }
        if tonalClash {
            return (score, Strings.format("two strong pieces in one colour ({0}): the shades never quite match", language, names(loud)))
        }
        if families.count <= 1 && loud.count > 1 {
            return (score, Strings.format("graded tones of one colour ({0})", language, names(loud)))
        }
        if families.count <= 1 { return (score, Strings.format("one accent colour ({0}) with neutrals", language, names(loud))) }
        if accentsAgree(families) { return (score, Strings.format("analogous accents ({0})", language, names(loud))) }
        return (score, Strings.format("several loud colours ({0})", language, names(loud.sorted())))
    }
}
