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
    public var created: String
    public var updated: String
    public var wears: Int
    public var lastWorn: String?

    public init(_ summary: ItemSummary, taxonomy: Taxonomy = .shared, language: Language = .en) {
        let item = summary.item
        let category = taxonomy.category(item.category)
        id = item.id ?? 0
        name = item.name
        self.category = item.category
        categoryName = category?.displayName(language)
        group = category?.group ?? "unknown"
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
        created = Timestamp.string(item.created)
        updated = Timestamp.string(item.updated)
        wears = summary.wears
        lastWorn = summary.lastWorn
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
        try c.encode(updated, forKey: .updated); try c.encode(wears, forKey: .wears); try c.encode(lastWorn, forKey: .lastWorn)
    }

    /// The item this JSON describes (wears and names are derived, so they are not read back).
    public func item() throws -> Item {
        guard let created = Timestamp.date(created), let updated = Timestamp.date(updated) else {
            throw ClosetError.badData("item \(id): created/updated must be ISO 8601 timestamps")
        }
        guard let status = ItemStatus(rawValue: status) else {
            throw ClosetError.badData("item \(id): unknown status '\(status)' (active, archived or wishlist)")
        }
        return Item(
            id: id, name: name, category: category, colors: colors, colorShares: colorShares,
            seasons: try seasons.map(Season.init(parsing:)), styles: styles, thickness: thickness, brand: brand,
            price: price, size: size, comment: comment, status: status,
            archiveReason: archiveReason.flatMap(ArchiveReason.init(rawValue:)), photo: photo,
            needsReview: needsReview, confidence: confidence, created: created, updated: updated)
    }
}

/// ISO 8601 timestamps with milliseconds, UTC: the precision the database keeps, so round trips are exact.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = floor(ms / 1000)
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        // Digits by hand: String(format:) made `list --json` of 10,000 items measurably slower.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func put(_ value: Int, _ digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = value
            while divisor > 0 { out.append(UInt8(48 + (v / divisor) % 10)); v %= divisor; divisor /= 10 }
        }
        put(Int(parts.tm_year) + 1900, 4); out.append(45); put(Int(parts.tm_mon) + 1, 2); out.append(45)
        put(Int(parts.tm_mday), 2); out.append(84); put(Int(parts.tm_hour), 2); out.append(58)
        put(Int(parts.tm_min), 2); out.append(58); put(Int(parts.tm_sec), 2); out.append(46)
        put(Int(ms - seconds * 1000), 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
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
