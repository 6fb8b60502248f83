/// Counted nouns in plain English: "1 item", "2 items", "once", "3 times".
public enum Words {
    public static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// A count of items ("3 items", "3벌") or days ("3 days", "3일") in `language`.
    public static func count(_ n: Int, _ noun: CountedNoun, language: Language) -> String {
        guard language == .ko else { return count(n, noun.rawValue) }
        return "\(n)" + (noun == .item ? "벌" : "일")
    }

    /// What closet counts in sentences.
    public enum CountedNoun: String, Sendable { case item, day }

    public static func times(_ n: Int) -> String {
        switch n {
        case 0: "never"
        case 1: "once"
        case 2: "twice"
        default: "\(n) times"
        }
    }
}
