import ClosetKit

/// A first guess at a garment's pattern from its colour analysis: several strong colours of different families
/// spread over the garment read as a print; anything else as solid (shading of one colour, a logo, a seam).
/// Only a guess: the person edits it (`closet edit --pattern`, the TUI editor).
public enum PatternEstimate {
    /// The share of the garment each of three colours must cover for the garment to read as patterned.
    public static let strongShare = 0.15

    /// Colour families: names that are shades of one another (the light and dark sides of a solid garment).
    static let family: [String: Int] = [
        "black": 0, "charcoal": 0, "navy": 0, "grey": 1, "light grey": 1, "white": 2,
        "blue": 3, "sky blue": 3, "denim": 3, "red": 4, "burgundy": 4, "pink": 5, "lavender": 5,
        "orange": 6, "yellow": 6, "beige": 7, "brown": 7, "khaki": 7, "green": 8, "olive": 8, "mint": 8, "teal": 8,
        "purple": 9,
    ]

    public static func pattern(_ colours: [(name: String, share: Double)]) -> ItemPattern {
        let strong = colours.filter { $0.share >= strongShare }
        let families = Set(strong.map { family[$0.name] ?? -1 })
        return strong.count >= 3 && families.count >= 3 ? .print : .solid
    }
}

extension NewItem {
    /// Applies what the template says of the stylist's attributes; the pattern is the estimate unless typed.
    public mutating func apply(_ template: ItemTemplate, estimatedPattern: ItemPattern) {
        thicknessSet = template.thickness != nil
        formalityOverride = template.formality
        pattern = template.pattern ?? estimatedPattern
        openOverride = template.open
        rainproofOverride = template.rainproof
    }
}
