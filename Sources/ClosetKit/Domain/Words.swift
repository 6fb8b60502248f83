/// Counted nouns in plain English: "1 item", "2 items", "once", "3 times".
public enum Words {
    public static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    public static func times(_ n: Int) -> String {
        switch n {
        case 0: "never"
        case 1: "once"
        case 2: "twice"
        default: "\(n) times"
        }
    }
}
