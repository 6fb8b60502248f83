/// What a garment's surface shows: one colour, or a pattern (docs/stylist.md).
public enum ItemPattern: String, Codable, CaseIterable, Sendable {
    case solid, striped, checked, floral, print

    /// Reads a typed pattern, or throws a usage error that lists the known ones.
    public init(parsing text: String) throws {
        guard let pattern = ItemPattern(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) else {
            throw ClosetError.usage(
                "unknown pattern '\(SafeText.escaped(String(text.prefix(40))))'. Known patterns: "
                    + Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = pattern
    }

    public var isPatterned: Bool { self != .solid }
}

/// Formality, 0 sport or lounge … 4 formal (docs/stylist.md).
public enum Formality {
    public static let range = 0...4
    public static let names = ["sport/lounge", "casual", "smart casual", "business", "formal"]

    /// Checks a typed formality.
    public static func check(_ value: Int) throws {
        guard range.contains(value) else {
            throw ClosetError.usage(
                "formality must be 0 (sport/lounge), 1 (casual), 2 (smart casual), 3 (business) or 4 (formal), not \(value)")
        }
    }
}

extension Category {
    /// The formality of a piece of this category unless the item says otherwise (1, casual, when the taxonomy is silent).
    public var defaultFormality: Int { formality ?? 1 }
    /// Whether a shoe of this kind is open (sandals); nil when the kind may be either (heels) or is not known (`shoes`).
    public var defaultOpen: Bool? { open }
    /// Whether a piece of this kind is fit for rain (nil: not known).
    public var defaultRainproof: Bool? { rainproof }
    /// The styles an imported piece of this kind starts with, so that `--style` has something to match.
    public var defaultStyles: [String] { styles ?? [] }
}

extension NewItem {
    /// The item's formality: the person's when set, else its category's default.
    public func formality(_ taxonomy: Taxonomy = .shared) -> Int {
        formalityOverride ?? taxonomy.category(category)?.defaultFormality ?? 1
    }

    /// Whether the shoe is open: the person's word when given, else its kind's; nil when not known
    /// (a shoe of unknown kind, or heels nobody has said are closed).
    public func isOpen(_ taxonomy: Taxonomy = .shared) -> Bool? {
        openOverride ?? taxonomy.category(category)?.defaultOpen
    }

    /// Whether the piece is fit for rain: the person's word when given, else its kind's; nil when not known.
    public func isRainproof(_ taxonomy: Taxonomy = .shared) -> Bool? {
        rainproofOverride ?? taxonomy.category(category)?.defaultRainproof
    }

    /// Settles what follows the category after an edit from `before`: a thickness changed here was set by the
    /// person; a category changed without touching a default thickness resets it to the new category's default,
    /// so that warmth follows a correction (a jacket corrected to a padded coat gets the coat's thickness).
    /// Styles that were the old kind's defaults become the new kind's.
    public mutating func settleDefaults(from before: NewItem, taxonomy: Taxonomy = .shared) {
        guard let new = taxonomy.category(category) else { return }
        if thickness != before.thickness {
            thicknessSet = true
        } else if category != before.category, !thicknessSet {
            thickness = new.thickness
        }
        if category != before.category, styles == before.styles,
            let old = taxonomy.category(before.category), styles == old.defaultStyles
        {
            styles = new.defaultStyles
        }
    }
}

extension Item {
    /// ``NewItem/formality(_:)`` of the stored item.
    public func formality(_ taxonomy: Taxonomy = .shared) -> Int { fields.formality(taxonomy) }
    /// ``NewItem/isOpen(_:)`` of the stored item.
    public func isOpen(_ taxonomy: Taxonomy = .shared) -> Bool? { fields.isOpen(taxonomy) }
    /// ``NewItem/isRainproof(_:)`` of the stored item.
    public func isRainproof(_ taxonomy: Taxonomy = .shared) -> Bool? { fields.isRainproof(taxonomy) }
    /// ``NewItem/settleDefaults(from:taxonomy:)`` of the stored item.
    public mutating func settleDefaults(from before: Item, taxonomy: Taxonomy = .shared) {
        fields.settleDefaults(from: before.fields, taxonomy: taxonomy)
    }
}
