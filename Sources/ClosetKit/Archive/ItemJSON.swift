import Foundation

/// The stable JSON shape of an item, printed by `closet list --json` and `closet show --json`
/// and used by `closet export`. Documented in the README; a test pins it.
public struct ItemJSON: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var category: String
    public var categoryName: String?
    public var group: String
    public var colors: [String]
    public var colorShares: [Double]
    public var seasons: [String]
    public var styles: [String]
    public var thickness: Int
    public var brand: String?
    public var price: Double?
    public var size: String?
    public var comment: String?
    public var status: String
    public var archiveReason: String?
    public var photo: String?
    public var needsReview: Bool
    public var confidence: Double?
    public var guesses: [String]
    public var guessShares: [Double]
    public var detail: [String]
    /// When the status last changed (since when it is in the laundry or in repair), or null.
    public var statusSince: String?
    /// Whether a person set the thickness (else it follows the category); absent in exports before 0.12.
    public var thicknessSet: Bool
    /// Formality 0–4 as a person set it, or null for the category's default; `formalityLevel` is the one in force.
    public var formality: Int?
    public var formalityLevel: Int
    public var pattern: String
    /// Shoes: open, fit for rain, as a person said (null: the kind's default).
    public var open: Bool?
    public var rainproof: Bool?
    public var created: String
    public var updated: String
    public var wears: Int
    public var lastWorn: String?

    public init(_ summary: ItemSummary, taxonomy: Taxonomy = .shared, language: Language = .en) {
        let item = summary.item
        let category = taxonomy.category(item.category)
        id = item.id
        name = item.name
        self.category = item.category.rawValue
        categoryName = category?.displayName(language)
        group = category?.group.rawValue ?? "unknown"
        colors = item.colors
        colorShares = item.colorShares
        seasons = item.seasons.map(\.rawValue)
        styles = item.styles
        thickness = item.thickness
        brand = item.brand
        price = item.price
        size = item.size
        comment = item.comment
        status = item.status.rawValue
        archiveReason = item.archiveReason?.rawValue
        photo = item.photo
        needsReview = item.needsReview
        confidence = item.confidence
        guesses = item.guesses.map(\.rawValue)
        guessShares = item.guessShares
        detail = item.detail.map(\.rawValue)
        statusSince = item.statusSince.map(Day.timestamp)
        created = Day.timestamp(item.created)
        updated = Day.timestamp(item.updated)
        thicknessSet = item.thicknessSet
        formality = item.formalityOverride
        formalityLevel = item.formality(taxonomy)
        pattern = item.pattern.rawValue
        open = item.openOverride
        rainproof = item.rainproofOverride
        wears = summary.wears
        lastWorn = summary.lastWorn
    }

    enum CodingKeys: String, CodingKey {
        case id, name, category, categoryName, group, colors, colorShares, seasons, styles, thickness, brand, price, size, comment
        case status, archiveReason, photo, needsReview, confidence, guesses, guessShares, detail, statusSince, created, updated, wears
        case lastWorn, thicknessSet, formality, formalityLevel, pattern, open, rainproof
    }

    /// Reads an item; `guesses`, `guessShares` and `detail` may be absent (exports of closet before 0.10), and
    /// the stylist's fields (before 0.12): a thickness then counts as set unless it is its category's default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        category = try c.decode(String.self, forKey: .category)
        categoryName = try c.decodeIfPresent(String.self, forKey: .categoryName)
        group = try c.decode(String.self, forKey: .group)
        colors = try c.decode([String].self, forKey: .colors)
        colorShares = try c.decode([Double].self, forKey: .colorShares)
        seasons = try c.decode([String].self, forKey: .seasons)
        styles = try c.decode([String].self, forKey: .styles)
        thickness = try c.decode(Int.self, forKey: .thickness)
        brand = try c.decodeIfPresent(String.self, forKey: .brand)
        price = try c.decodeIfPresent(Double.self, forKey: .price)
        size = try c.decodeIfPresent(String.self, forKey: .size)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        status = try c.decode(String.self, forKey: .status)
        archiveReason = try c.decodeIfPresent(String.self, forKey: .archiveReason)
        photo = try c.decodeIfPresent(String.self, forKey: .photo)
        needsReview = try c.decode(Bool.self, forKey: .needsReview)
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence)
        guesses = try c.decodeIfPresent([String].self, forKey: .guesses) ?? []
        guessShares = try c.decodeIfPresent([Double].self, forKey: .guessShares) ?? []
        detail = try c.decodeIfPresent([String].self, forKey: .detail) ?? []
        statusSince = try c.decodeIfPresent(String.self, forKey: .statusSince)
        thicknessSet =
            try c.decodeIfPresent(Bool.self, forKey: .thicknessSet)
            ?? (Taxonomy.shared.category(CategoryID(category))?.thickness != thickness)
        formality = try c.decodeIfPresent(Int.self, forKey: .formality)
        formalityLevel = try c.decodeIfPresent(Int.self, forKey: .formalityLevel) ?? formality ?? 1
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern) ?? ItemPattern.solid.rawValue
        open = try c.decodeIfPresent(Bool.self, forKey: .open)
        rainproof = try c.decodeIfPresent(Bool.self, forKey: .rainproof)
        created = try c.decode(String.self, forKey: .created)
        updated = try c.decode(String.self, forKey: .updated)
        wears = try c.decode(Int.self, forKey: .wears)
        lastWorn = try c.decodeIfPresent(String.self, forKey: .lastWorn)
    }

    /// Encodes every key, absent values as `null`, so the shape never depends on the data.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(category, forKey: .category)
        try c.encode(categoryName, forKey: .categoryName); try c.encode(group, forKey: .group)
        try c.encode(colors, forKey: .colors); try c.encode(colorShares, forKey: .colorShares)
        try c.encode(seasons, forKey: .seasons); try c.encode(styles, forKey: .styles)
        try c.encode(thickness, forKey: .thickness); try c.encode(brand, forKey: .brand)
        try c.encode(price, forKey: .price); try c.encode(size, forKey: .size); try c.encode(comment, forKey: .comment)
        try c.encode(status, forKey: .status); try c.encode(archiveReason, forKey: .archiveReason)
        try c.encode(photo, forKey: .photo); try c.encode(needsReview, forKey: .needsReview)
        try c.encode(confidence, forKey: .confidence); try c.encode(created, forKey: .created)
        try c.encode(guesses, forKey: .guesses); try c.encode(guessShares, forKey: .guessShares); try c.encode(detail, forKey: .detail)
        try c.encode(statusSince, forKey: .statusSince)
        try c.encode(thicknessSet, forKey: .thicknessSet); try c.encode(formality, forKey: .formality)
        try c.encode(formalityLevel, forKey: .formalityLevel); try c.encode(pattern, forKey: .pattern)
        try c.encode(open, forKey: .open); try c.encode(rainproof, forKey: .rainproof)
        try c.encode(updated, forKey: .updated); try c.encode(wears, forKey: .wears); try c.encode(lastWorn, forKey: .lastWorn)
    }

    /// The item this JSON describes (wears and names are derived, so they are not read back). Errors do not
    /// name the item: the caller, which knows where it came from, does.
    public func item() throws -> Item {
        let created = try Self.time(created, "created"), updated = try Self.time(updated, "updated")
        guard let status = ItemStatus(rawValue: status) else {
            throw ClosetError.badData(
                "unknown status '\(SafeText.escaped(String(status.prefix(40))))' (active, laundry, repair, archived or wishlist)")
        }
        var since: Date?
        if let statusSince {
            since = try Self.time(statusSince, "statusSince")
        }
        var item = NewItem(
            name: name, category: CategoryID(category), colors: colors, colorShares: colorShares,
            seasons: try seasons.map(Season.init(parsing:)), styles: styles, thickness: thickness, brand: brand,
            price: price, size: size, comment: comment, status: status,
            archiveReason: archiveReason.flatMap(ArchiveReason.init(rawValue:)), photo: photo,
            needsReview: needsReview, confidence: confidence, guesses: guesses.map { CategoryID($0) }, guessShares: guessShares,
            detail: detail.map { CategoryID($0) },
            created: created, updated: updated)
        item.statusSince = since
        item.thicknessSet = thicknessSet
        item.formalityOverride = formality
        guard let pattern = ItemPattern(rawValue: pattern) else {
            throw ClosetError.badData("unknown pattern '\(SafeText.escaped(String(pattern.prefix(40))))'")
        }
        item.pattern = pattern
        item.openOverride = open
        item.rainproofOverride = rainproof
        return Item(id: id, item)
    }
}

extension ItemJSON {
    /// A time as exports write it, or an error naming the field and the text.
    static func time(_ text: String, _ field: String) throws -> Date {
        guard let date = Day.date(timestamp: text) else { throw badTime(text, field) }
        return date
    }

    /// "created time '2026-02-31T08:00:00.000Z' is not an ISO 8601 time of a calendar day".
    static func badTime(_ text: String, _ field: String) -> ClosetError {
        .badData("\(field) time '\(SafeText.escaped(String(text.prefix(40))))' is not an ISO 8601 time of a calendar day")
    }
}

extension JSONEncoder {
    /// The encoder for closet's JSON output: sorted keys, so output is stable.
    public static var closet: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
