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
