/// An item's searchable words (name, brand, comment, size, category id and names, colours, styles),
/// lowercased once into bytes, so filtering thousands of items per keystroke is a byte scan.
public struct SearchText: Sendable {
    let bytes: [UInt8]

    public init(_ item: Item, taxonomy: Taxonomy = .shared) {
        self.init(item, categoryWords: Self.categoryWords(item.category, taxonomy: taxonomy))
    }

    /// A category's id and its English and Korean names, lowercased.
    static func categoryWords(_ id: CategoryID, taxonomy: Taxonomy) -> [UInt8] {
        let category = taxonomy.category(id)
        return lowercased([id.rawValue, category?.en ?? "", category?.ko ?? ""])
    }

    init(_ item: Item, categoryWords: [UInt8]) {
        var bytes = Self.lowercased([item.name, item.brand ?? "", item.comment ?? "", item.size ?? ""] + item.colors + item.styles)
        bytes.append(32)
        bytes += categoryWords
        self.bytes = bytes
    }

    /// The search texts of many items, each category's words lowercased once.
    public static func index<S: Sequence>(_ items: S, taxonomy: Taxonomy = .shared) -> [SearchText] where S.Element == Item {
        var categories: [CategoryID: [UInt8]] = [:]
        return items.map { item in
            if let words = categories[item.category] { return SearchText(item, categoryWords: words) }
            let words = categoryWords(item.category, taxonomy: taxonomy)
            categories[item.category] = words
            return SearchText(item, categoryWords: words)
        }
    }

    /// The words joined by spaces, lowercased, as UTF-8. ASCII words (most names) are lowercased
    /// byte by byte; Unicode lowercasing costs far more and is kept for the others.
    static func lowercased(_ words: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for (n, word) in words.enumerated() {
            if n > 0 { out.append(32) }
            let start = out.count
            out += word.utf8
            if out[start...].contains(where: { $0 >= 0x80 }) {
                out.removeSubrange(start...)
                out += word.lowercased().utf8
            } else {
                for i in start..<out.count where out[i] >= 65 && out[i] <= 90 { out[i] += 32 }
            }
        }
        return out
    }

    /// Splits a query into lowercased words (as UTF-8), the form `contains(all:)` takes.
    public static func words(_ query: String) -> [[UInt8]] {
        query.lowercased().split(separator: " ").map { Array($0.utf8) }
    }

    /// Whether every word occurs somewhere (as a substring, like the CLI's `--text`).
    public func contains(all words: [[UInt8]]) -> Bool {
        words.allSatisfy(contains)
    }

    func contains(_ word: [UInt8]) -> Bool {
        guard let first = word.first else { return true }
        let n = bytes.count, m = word.count
        guard m <= n else { return false }
        return bytes.withUnsafeBufferPointer { hay in
            word.withUnsafeBufferPointer { needle in
                var i = 0
                while i <= n - m {
                    if hay[i] == first {
                        var j = 1
                        while j < m && hay[i + j] == needle[j] { j += 1 }
                        if j == m { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
