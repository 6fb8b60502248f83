import ClosetKit

/// Occasions and the formality window each asks for (docs/stylist.md): every piece of the outfit lies in it.
public enum Occasion {
    /// Occasion → the lowest and highest formality, 0 sport/lounge … 4 formal.
    public static let windows: [(name: String, window: ClosedRange<Int>)] = [
        ("casual", 0...2), ("sport", 0...1), ("home", 0...1), ("office", 2...3), ("date", 1...3), ("party", 1...3),
        ("formal", 3...4), ("wedding", 3...4),
    ]

    /// The window of an occasion, or a usage error that lists the known occasions.
    public static func window(_ occasion: String) throws -> ClosedRange<Int> {
        let key = occasion.lowercased().trimmingCharacters(in: .whitespaces)
        guard let match = windows.first(where: { $0.name == key }) else {
            throw ClosetError.usage(
                "unknown occasion '\(SafeText.escaped(String(occasion.prefix(40))))'. Known occasions: "
                    + windows.map(\.name).joined(separator: ", "))
        }
        return match.window
    }

    /// The styles closet knows: the kinds' default styles, the occasions, and every style the wardrobe's items carry.
    public static func knownStyles(_ items: [Item], taxonomy: Taxonomy) -> [String] {
        var styles = Set(taxonomy.categories.flatMap(\.defaultStyles)).union(windows.map(\.name))
        for item in items { styles.formUnion(item.styles) }
        return styles.sorted()
    }

    /// Checks a style asked for, or throws a usage error that lists the known ones.
    public static func check(style: String, items: [Item], taxonomy: Taxonomy) throws {
        let known = knownStyles(items, taxonomy: taxonomy)
        guard known.contains(style.lowercased().trimmingCharacters(in: .whitespaces)) else {
            throw ClosetError.usage(
                "unknown style '\(SafeText.escaped(String(style.prefix(40))))'. Known styles: " + known.joined(separator: ", "))
        }
    }
}

extension SuggestionRequest {
    /// Checks the style and occasion asked for: an unknown one is a usage error that lists the known ones.
    public func check(items: [Item], taxonomy: Taxonomy) throws {
        if let occasion { _ = try Occasion.window(occasion) }
        if let style { try Occasion.check(style: style, items: items, taxonomy: taxonomy) }
    }
}
