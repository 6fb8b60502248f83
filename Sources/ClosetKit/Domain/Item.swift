import Foundation

/// Whether an item is in the closet (ready, in the wash, at the tailor), gone, or only wished for.
public enum ItemStatus: String, Codable, CaseIterable, Sendable {
    case active, archived, wishlist
    /// In the wash: still owned, not to be suggested until it is back.
    case laundry
    /// Away for repair: still owned, not to be suggested until it is back.
    case repair

    /// Owned and not gone: active, in the laundry or in repair.
    public var isInCloset: Bool { self == .active || self == .laundry || self == .repair }
    /// Away for a while (laundry, repair): owned, but not to be worn now.
    public var isAway: Bool { self == .laundry || self == .repair }
}

/// Why an item left the closet.
public enum ArchiveReason: String, Codable, CaseIterable, Sendable {
    case sold, donated, lost, other
}

/// One piece of clothing as a person or the importer describes it: everything an ``Item`` holds but the id,
/// which the wardrobe gives it when it stores it (GRDB's partial record: ``Wardrobe/add(_:photo:)`` takes a
/// `NewItem` and returns the stored `Item`).
public struct NewItem: Codable, Hashable, Sendable {
    public var name: String
    public var category: CategoryID
    /// Colour names, most dominant first.
    public var colors: [String]
    /// The share of the garment each colour covers, parallel to `colors` (empty when typed in).
    public var colorShares: [Double]
    public var seasons: [Season]
    /// Styles and occasions (casual, formal, sport, office, party, ...), free words in lower case.
    public var styles: [String]
    /// 1 = very thin … 5 = very thick.
    public var thickness: Int
    public var brand: String?
    public var price: Double?
    public var size: String?
    public var comment: String?
    public var status: ItemStatus
    public var archiveReason: ArchiveReason?
    /// SHA-256 of the photo file, hex; the file lives in the wardrobe's photo store.
    public var photo: String?
    /// True when the classifier was unsure and no person has confirmed the category yet.
    public var needsReview: Bool
    /// The classifier's confidence in what it could tell (the model's class) when it chose the category;
    /// nil when a person did.
    public var confidence: Double?
    /// The classifier's best guesses at import, best first (at most three), and their probabilities: review
    /// offers them on keys 1–3.
    public var guesses: [CategoryID]
    public var guessShares: [Double]
    /// The categories the model cannot tell apart (its class's span: a jacket, a coat or a parka), when the
    /// item was filed under the most common of them by default and a person should say which: "needs a detail".
    public var detail: [CategoryID]
    /// True when a person set the thickness; false when it is its category's default and follows a change of category.
    public var thicknessSet = false
    /// Formality 0 (sport/lounge) … 4 (formal) as a person set it; nil: the category's default (``formality(_:)``).
    public var formalityOverride: Int?
    /// What the surface shows: solid or a pattern (estimated at import, editable).
    public var pattern: ItemPattern = .solid
    /// Shoes: open (sandals) or closed as a person said; nil: the kind's default (``isOpen(_:)``).
    public var openOverride: Bool?
    /// Fit for rain as a person said; nil: the kind's default (``isRainproof(_:)``).
    public var rainproofOverride: Bool?
    /// When the status last changed (when it went to the laundry or to repair); nil when never since 0.10.
    public var statusSince: Date?
    public var created: Date
    public var updated: Date

    public init(
        name: String, category: CategoryID, colors: [String] = [], colorShares: [Double] = [],
        seasons: [Season] = [], styles: [String] = [], thickness: Int = 3, brand: String? = nil,
        price: Double? = nil, size: String? = nil, comment: String? = nil, status: ItemStatus = .active,
        archiveReason: ArchiveReason? = nil, photo: String? = nil, needsReview: Bool = false,
        confidence: Double? = nil, guesses: [CategoryID] = [], guessShares: [Double] = [], detail: [CategoryID] = [],
        created: Date = Date(), updated: Date = Date()
    ) {
        self.name = name; self.category = category; self.colors = colors
        self.colorShares = colorShares; self.seasons = seasons; self.styles = styles
        self.thickness = thickness; self.brand = brand; self.price = price; self.size = size
        self.comment = comment; self.status = status; self.archiveReason = archiveReason
        self.photo = photo; self.needsReview = needsReview; self.confidence = confidence
        self.guesses = guesses; self.guessShares = guessShares; self.detail = detail
        self.created = created; self.updated = updated
    }

    /// Checks the invariants a stored item must hold, so that bad input is refused before it is written.
    public func validate(taxonomy: Taxonomy = .shared) throws {
        _ = try taxonomy.require(category: category.rawValue)
        guard (1...5).contains(thickness) else {
            throw ClosetError.usage("thickness must be 1 (very thin) to 5 (very thick), not \(thickness)")
        }
        if let formalityOverride { try Formality.check(formalityOverride) }
        if let price, !(price >= 0 && price.isFinite) {
            throw ClosetError.usage("price must be a non-negative number, not \(price)")
        }
        if let photo, !PhotoAddress.isHash(photo) {
            throw ClosetError.badData("'\(SafeText.escaped(String(photo.prefix(80))))' is not a photo name (64 hex digits of SHA-256)")
        }
        if let confidence, !(confidence.isFinite && (0...1).contains(confidence)) {
            throw ClosetError.badData("a confidence must lie between 0 and 1, not \(confidence)")
        }
        if colorShares.contains(where: { !($0.isFinite && (0...1).contains($0)) }) {
            throw ClosetError.badData("colour shares must lie between 0 and 1")
        }
        guard guesses.count <= 3, guessShares.count == guesses.count, guessShares.allSatisfy({ $0.isFinite && (0...1).contains($0) })
        else {
            throw ClosetError.badData("guesses are at most three categories, each with a probability between 0 and 1")
        }
        guard detail.count <= taxonomy.categories.count else { throw ClosetError.badData("a detail lists at most every category once") }
        for guess in guesses + detail { _ = try taxonomy.require(category: guess.rawValue) }
        for (field, text) in [("name", name), ("brand", brand ?? ""), ("size", size ?? ""), ("comment", comment ?? "")]
        where text.utf8.count > Item.maxTextBytes {
            throw ClosetError.usage("the \(field) is \(text.utf8.count) bytes long; at most \(Item.maxTextBytes) are kept")
        }
        if status == .archived, archiveReason == nil {
            throw ClosetError.usage("an archived item needs a reason: sold, donated, lost or other")
        }
    }
}

extension NewItem {
    /// A person chose or confirmed the category: no review is pending and no classifier confidence stands
    /// for it. Confirmed items teach the classifier (its k-NN over the user's own items).
    public var isConfirmed: Bool { !needsReview && confidence == nil }

    /// Confirms the category, a corrected one when given. A name closet generated follows the new category
    /// ("Navy jacket" becomes "Navy coat"); a name the person typed stays.
    public mutating func confirm(category: CategoryID? = nil, taxonomy: Taxonomy = .shared) {
        if let category, category != self.category {
            if hasGeneratedName(taxonomy: taxonomy) {
                name = Self.generatedName(colors: colors, category: category, taxonomy: taxonomy)
            }
            self.category = category
        }
        needsReview = false
        confidence = nil
        detail = []
    }

    /// The name closet gives an item nobody named: its first colour and its kind's noun (``Category/noun(_:)``),
    /// in sentence case ("Navy jacket", "Navy shirt", "Light grey short-sleeve t-shirt", "Hoodie" without a colour).
    public static func generatedName(colors: [String], category: CategoryID, taxonomy: Taxonomy = .shared) -> String {
        let name = [colors.first, kind(category, taxonomy)].compactMap { $0 }.joined(separator: " ")
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// Whether the name is the one closet generated from the colours and category, so that it may follow them.
    /// Names generated before sentence case ("Light Grey short-sleeve t-shirt", "hoodie") and before nouns, from
    /// the category's label ("Navy shirt / blouse"), count too.
    public func hasGeneratedName(taxonomy: Taxonomy = .shared) -> Bool {
        if name == Self.generatedName(colors: colors, category: category, taxonomy: taxonomy) { return true }
        let label = taxonomy.category(category)?.en.lowercased() ?? category.rawValue
        return Set([Self.kind(category, taxonomy), label]).contains { kind in
            [colors.first, colors.first?.capitalized].contains { colour in
                let older = [colour, kind].compactMap { $0 }.joined(separator: " ")
                return name == older || name == older.prefix(1).uppercased() + older.dropFirst()
            }
        }
    }

    private static func kind(_ category: CategoryID, _ taxonomy: Taxonomy) -> String {
        taxonomy.category(category)?.noun(.en) ?? category.rawValue
    }

    /// The name to show in `language`: a name closet generated reads in that language ("밝은 회색 반소매 티셔츠",
    /// colour then kind, as Korean orders them); a name the person typed is shown as typed, on one line, its
    /// control characters escaped (``SafeText``), so that it can neither start a line of its own in a listing
    /// nor drive the terminal.
    /// A generated name from before nouns ("Navy shirt / blouse") reads as it is generated now ("Navy shirt").
    public func displayName(_ language: Language, taxonomy: Taxonomy = .shared) -> String {
        guard hasGeneratedName(taxonomy: taxonomy) else { return SafeText.escaped(name) }
        guard language == .ko else { return Self.generatedName(colors: colors, category: category, taxonomy: taxonomy) }
        let kind = taxonomy.category(category)?.noun(.ko) ?? category.rawValue
        return [colors.first.map { Strings.colour($0, .ko) }, kind].compactMap { $0 }.joined(separator: " ")
    }
}

/// One piece of clothing in the wardrobe: a stored item, with the id the wardrobe gave it. Its fields are
/// its ``NewItem``'s, read and written as its own (`item.name`).
@dynamicMemberLookup
public struct Item: Hashable, Sendable, Identifiable {
    public let id: Int64
    public var fields: NewItem

    public init(id: Int64, _ fields: NewItem) { self.id = id; self.fields = fields }

    public subscript<T>(dynamicMember path: WritableKeyPath<NewItem, T>) -> T {
        get { fields[keyPath: path] }
        set { fields[keyPath: path] = newValue }
    }

    public subscript<T>(dynamicMember path: KeyPath<NewItem, T>) -> T { fields[keyPath: path] }

    /// The highest price a person may type: more is a slip of the keyboard (prices are summed, and divided by
    /// wears). Checked where a price is typed, not on every write, so that a wardrobe or backup holding a larger
    /// one from before still opens, restores and takes other edits.
    public static let maxPrice = 1_000_000_000.0

    /// Checks a price as a person typed it.
    public static func checkTyped(price: Double) throws {
        guard (0...maxPrice).contains(price) else {
            throw ClosetError.usage("price must be a number from 0 to 1000000000, not \(price)")
        }
    }

    /// The longest name, brand, size or comment kept.
    public static let maxTextBytes = 4096

    /// See ``NewItem/validate(taxonomy:)``.
    public func validate(taxonomy: Taxonomy = .shared) throws { try fields.validate(taxonomy: taxonomy) }

    /// See ``NewItem/confirm(category:taxonomy:)``.
    public mutating func confirm(category: CategoryID? = nil, taxonomy: Taxonomy = .shared) {
        fields.confirm(category: category, taxonomy: taxonomy)
    }

    /// See ``NewItem/generatedName(colors:category:taxonomy:)``.
    public static func generatedName(colors: [String], category: CategoryID, taxonomy: Taxonomy = .shared) -> String {
        NewItem.generatedName(colors: colors, category: category, taxonomy: taxonomy)
    }

    /// See ``NewItem/hasGeneratedName(taxonomy:)``.
    public func hasGeneratedName(taxonomy: Taxonomy = .shared) -> Bool { fields.hasGeneratedName(taxonomy: taxonomy) }

    /// See ``NewItem/displayName(_:taxonomy:)``.
    public func displayName(_ language: Language, taxonomy: Taxonomy = .shared) -> String {
        fields.displayName(language, taxonomy: taxonomy)
    }
}

/// An item together with how often and when it was last worn.
public struct ItemSummary: Hashable, Sendable {
    public var item: Item
    public var wears: Int
    public var lastWorn: String?

    public init(item: Item, wears: Int, lastWorn: String?) {
        self.item = item; self.wears = wears; self.lastWorn = lastWorn
    }
}
