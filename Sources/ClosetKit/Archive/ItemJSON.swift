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
        guesses = item.guesses
        guessShares = item.guessShares
        detail = item.detail
        statusSince = item.statusSince.map(Timestamp.string)
        thicknessSet = item.thicknessSet
        formality = item.formalityOverride
        formalityLevel = item.formality(taxonomy)
        pattern = item.pattern.rawValue
        open = item.openOverride
        rainproof = item.rainproofOverride
        created = Timestamp.string(item.created)
        updated = Timestamp.string(item.updated)
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
            try c.decodeIfPresent(Bool.self, forKey: .thicknessSet) ?? (Taxonomy.shared.category(category)?.thickness != thickness)
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
        guard let created = Timestamp.date(created), let updated = Timestamp.date(updated) else {
            throw ClosetError.badData("created/updated must be ISO 8601 timestamps")
        }
        guard let status = ItemStatus(rawValue: status) else {
            throw ClosetError.badData(
                "unknown status '\(SafeText.escaped(String(status.prefix(40))))' (active, laundry, repair, archived or wishlist)")
        }
        var since: Date?
        if let statusSince {
            guard let date = Timestamp.date(statusSince) else { throw ClosetError.badData("statusSince must be an ISO 8601 timestamp") }
            since = date
        }
        var item = Item(
            id: id, name: name, category: category, colors: colors, colorShares: colorShares,
            seasons: try seasons.map(Season.init(parsing:)), styles: styles, thickness: thickness, brand: brand,
            price: price, size: size, comment: comment, status: status,
            archiveReason: archiveReason.flatMap(ArchiveReason.init(rawValue:)), photo: photo,
            needsReview: needsReview, confidence: confidence, guesses: guesses, guessShares: guessShares, detail: detail,
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
        return item
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

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` by hand, strictly: every field in range and a real
    /// calendar date. (Foundation's ISO8601DateFormatter, through ICU, died of a division by zero on a
    /// fraction of 40 digits; the restore fuzzer found it.)
    public static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 40 else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range { let d = Int(b[i]) - 48; guard (0...9).contains(d) else { return nil }; v = v * 10 + d }
            return v
        }
        guard b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
            let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10), let hour = digits(11..<13),
            let minute = digits(14..<16), let second = digits(17..<19),
            Day.isDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {  // '.', then 1 to 9 digits
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard (1...9).contains(i - start) else { return nil }
        }
        var offset = 0
        if i == b.count - 1, b[i] == 90 || b[i] == 122 {  // Z
            i += 1
        } else if i + 6 == b.count, b[i] == 43 || b[i] == 45, b[i + 3] == 58, let h = digits(i + 1..<i + 3), let m = digits(i + 4..<i + 6),
            h < 24, m < 60
        {
            offset = (h * 60 + m) * 60 * (b[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil  // a zone is required
        }
        guard i == b.count else { return nil }
        let seconds = Day.ordinal(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
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
