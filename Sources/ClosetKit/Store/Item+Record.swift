import Foundation
import GRDB
import GRDBSQLite

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
            created: Self.date(row["created"]), updated: Self.date(row["updated"]))
    }

    /// Dates as `fetchColumns` reads them, so both ways of reading an item give equal items.
    static func date(_ value: DatabaseValue) -> Date {
        if case .string(let text) = value.storage, let date = StoredDate.parse(text) { return date }
        return Date.fromDatabaseValue(value) ?? Date(timeIntervalSince1970: 0)
    }

    /// The columns in the order `fetchColumns` reads them.
    static let columnList = "id, name, category, colors, color_shares, seasons, styles, thickness, brand, price, size, "
        + "comment, status, archive_reason, photo, needs_review, confidence, created, updated"

    /// Steps `statement` (selecting `columnList`) with SQLite's column functions directly, for listings
    /// of every item: decoding through GRDB rows, JSON lists through String, and dates through GRDB's
    /// parser cost about 8 µs per item, most of the first TUI frame on 10,000 items.
    static func fetchColumns(_ statement: Statement) throws -> [Item] {
        let h = statement.sqliteStatement
        defer { sqlite3_reset(h) }
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(h, i) else { return nil }
            return String(cString: p)
        }
        func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard let p = sqlite3_column_text(h, i) else { return nil }
            return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, i)))
        }
        func strings(_ i: Int32) -> [String] {
            guard let b = bytes(i) else { return [] }
            return FlatJSON.strings(b) ?? decodeList(String(decoding: b, as: UTF8.self))
        }
        func double(_ i: Int32) -> Double? { sqlite3_column_type(h, i) == SQLITE_NULL ? nil : sqlite3_column_double(h, i) }
        func date(_ i: Int32) -> Date {
            if let b = bytes(i), let d = StoredDate.parse(b) { return d }
            return Date.fromDatabaseValue(DatabaseValue(sqliteStatement: h, index: i)) ?? Date(timeIntervalSince1970: 0)
        }
        var items: [Item] = []
        while true {
            let rc = sqlite3_step(h)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw ClosetError.io("cannot read the items: " + String(cString: sqlite3_errmsg(sqlite3_db_handle(h))))
            }
            items.append(Item(
                id: sqlite3_column_int64(h, 0), name: text(1) ?? "", category: text(2) ?? "",
                colors: strings(3), colorShares: decodeList(text(4)),
                seasons: strings(5).compactMap(Season.init(rawValue:)), styles: strings(6),
                thickness: Int(sqlite3_column_int64(h, 7)), brand: text(8), price: double(9), size: text(10),
                comment: text(11), status: text(12).flatMap(ItemStatus.init(rawValue:)) ?? .active,
                archiveReason: text(13).flatMap(ArchiveReason.init(rawValue:)),
                photo: text(14), needsReview: sqlite3_column_int64(h, 15) != 0, confidence: double(16),
                created: date(17), updated: date(18)))
        }
        return items
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
