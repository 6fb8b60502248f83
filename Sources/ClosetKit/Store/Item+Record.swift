import Foundation
import GRDB

extension Item: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "items"

    public init(row: Row) throws {
        self.init(
            id: row["id"], name: row["name"], category: row["category"],
            colors: Self.decodeList(row["colors"]), colorShares: Self.decodeList(row["color_shares"]),
            seasons: Self.decodeList(row["seasons"]), styles: Self.decodeList(row["styles"]),
            thickness: row["thickness"], brand: row["brand"], price: row["price"], size: row["size"],
            comment: row["comment"], status: ItemStatus(rawValue: row["status"]) ?? .active,
            archiveReason: (row["archive_reason"] as String?).flatMap(ArchiveReason.init(rawValue:)),
            photo: row["photo"], needsReview: row["needs_review"], confidence: row["confidence"],
            created: row["created"], updated: row["updated"])
    }

    /// The columns in the order `init(columnsRow:)` reads them: listing thousands of items reads by
    /// position, since a lookup by name compares column names for every field of every row.
    static let columnList = "id, name, category, colors, color_shares, seasons, styles, thickness, brand, price, size, "
        + "comment, status, archive_reason, photo, needs_review, confidence, created, updated"

    /// An item from a row selected with `columnList`.
    init(columnsRow row: Row) {
        self.init(
            id: row[0], name: row[1], category: row[2],
            colors: Self.decodeList(row[3]), colorShares: Self.decodeList(row[4]),
            seasons: Self.decodeList(row[5]), styles: Self.decodeList(row[6]),
            thickness: row[7], brand: row[8], price: row[9], size: row[10],
            comment: row[11], status: ItemStatus(rawValue: row[12]) ?? .active,
            archiveReason: (row[13] as String?).flatMap(ArchiveReason.init(rawValue:)),
            photo: row[14], needsReview: row[15], confidence: row[16],
            created: row[17], updated: row[18])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["name"] = name
        container["category"] = category
        container["colors"] = Self.encodeList(colors)
        container["color_shares"] = Self.encodeList(colorShares)
        container["seasons"] = Self.encodeList(seasons)
        container["styles"] = Self.encodeList(styles)
        container["thickness"] = thickness
        container["brand"] = brand
        container["price"] = price
        container["size"] = size
        container["comment"] = comment
        container["status"] = status.rawValue
        container["archive_reason"] = archiveReason?.rawValue
        container["photo"] = photo
        container["needs_review"] = needsReview
        container["confidence"] = confidence
        container["created"] = created
        container["updated"] = updated
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static func encodeList<T: Encodable>(_ list: [T]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeList<T: Decodable>(_ text: String?) -> [T] {
        guard let text, text != "[]" else { return [] }
        // Fast paths for the flat lists closet writes; a JSONDecoder per row made listing 10,000 items slow.
        if T.self == String.self, let strings = FlatJSON.strings(text) { return strings as! [T] }
        if T.self == Season.self, let strings = FlatJSON.strings(text) { return strings.compactMap(Season.init(rawValue:)) as! [T] }
        if T.self == Double.self, let numbers = FlatJSON.numbers(text) { return numbers as! [T] }
        return (try? JSONDecoder().decode([T].self, from: Data(text.utf8))) ?? []
    }
}
