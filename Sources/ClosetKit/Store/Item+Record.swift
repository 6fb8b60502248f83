import Foundation
import GRDB
import GRDBSQLite

extension Item: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "items"

    /// The table's columns, as GRDB's record guide recommends: decoding, encoding and the fast listing
    /// (``fetchColumns(_:)``, which reads by position in ``columnList``) are all built from this one list.
    public enum Columns: String, CaseIterable, ColumnExpression {
        case id, name, category, colors, colorShares = "color_shares", seasons, styles, thickness, brand, price, size, comment
        case status, archiveReason = "archive_reason", photo, needsReview = "needs_review", confidence, created, updated
        case guesses, guessShares = "guess_shares", detail, statusSince = "status_since"
        case thicknessSet = "thickness_set", formality, pattern, open, rainproof

        /// The column's position in ``Item/columnList``.
        var index: Int32 { Int32(Self.allCases.firstIndex(of: self)!) }
    }

    public init(row: Row) throws {
        typealias C = Columns
        let id: Int64 = row[C.id]
        self.init(
            id: id,
            NewItem(
                name: row[C.name], category: row[C.category],
                colors: Self.decodeList(row[C.colors]), colorShares: Self.decodeList(row[C.colorShares]),
                seasons: Self.decodeList(row[C.seasons]), styles: Self.decodeList(row[C.styles]),
                thickness: row[C.thickness], brand: row[C.brand], price: row[C.price], size: row[C.size],
                comment: row[C.comment], status: ItemStatus(rawValue: row[C.status]) ?? .active,
                archiveReason: (row[C.archiveReason] as String?).flatMap(ArchiveReason.init(rawValue:)),
                photo: row[C.photo], needsReview: row[C.needsReview], confidence: row[C.confidence],
                guesses: Self.decodeList(row[C.guesses]), guessShares: Self.decodeList(row[C.guessShares]),
                detail: Self.decodeList(row[C.detail]), created: try Self.date(row[C.created], C.created, item: id),
                updated: try Self.date(row[C.updated], C.updated, item: id)))
        self.statusSince = try (row[C.statusSince] as DatabaseValue?).flatMap {
            $0.isNull ? nil : try Self.date($0, C.statusSince, item: id)
        }
        self.thicknessSet = row[C.thicknessSet]
        self.formalityOverride = row[C.formality]
        self.pattern = (row[C.pattern] as String?).flatMap(ItemPattern.init(rawValue:)) ?? .solid
        self.openOverride = row[C.open]
        self.rainproofOverride = row[C.rainproof]
    }

    /// Dates as `fetchColumns` reads them, so both ways of reading an item give equal items. A time whose day
    /// the calendar lacks (31 February, written by another program) is refused, naming the item and the text.
    static func date(_ value: DatabaseValue, _ column: Columns, item id: Int64) throws -> Date {
        if case .string(let text) = value.storage {
            if let date = Day.date(stored: text) { return date }
            try checkDay(text, column, item: id)
        }
        return Date.fromDatabaseValue(value) ?? Date(timeIntervalSince1970: 0)
    }

    /// Throws when `text` does not start with a real day; any other form of time GRDB reads is left to it.
    static func checkDay(_ text: String, _ column: Columns, item id: Int64) throws {
        guard Day(String(decoding: text.utf8.prefix(10), as: UTF8.self)) == nil else { return }
        throw ClosetError.badData(
            "item \(id)'s \(column.rawValue) time '\(SafeText.escaped(String(text.prefix(40))))' is not a "
                + "calendar date; the database was changed outside closet")
    }

    /// The columns in the order `fetchColumns` reads them.
    static let columnList = Columns.allCases.map(\.rawValue).joined(separator: ", ")

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
        func date(_ i: Int32, _ column: Columns) throws -> Date {
            if let b = bytes(i) {
                if let d = Day.date(stored: b) { return d }
                if sqlite3_column_type(h, i) == SQLITE_TEXT {
                    try checkDay(String(decoding: b, as: UTF8.self), column, item: sqlite3_column_int64(h, C.id.index))
                }
            }
            return Date.fromDatabaseValue(DatabaseValue(sqliteStatement: h, index: i)) ?? Date(timeIntervalSince1970: 0)
        }
        typealias C = Columns
        let (id, name, category, colors, shares, seasons, styles) = (
            C.id.index, C.name.index, C.category.index, C.colors.index,
            C.colorShares.index, C.seasons.index, C.styles.index
        )
        let (thickness, brand, price, size, comment, status) = (
            C.thickness.index, C.brand.index, C.price.index, C.size.index,
            C.comment.index, C.status.index
        )
        let (reason, photo, review, confidence, created, updated) = (
            C.archiveReason.index, C.photo.index, C.needsReview.index,
            C.confidence.index, C.created.index, C.updated.index
        )
        let (guesses, guessShares, detail) = (C.guesses.index, C.guessShares.index, C.detail.index)
        let statusSince = C.statusSince.index
        let (thicknessSet, formality, pattern, open, rainproof) = (
            C.thicknessSet.index, C.formality.index, C.pattern.index, C.open.index, C.rainproof.index
        )
        func bool(_ i: Int32) -> Bool? { sqlite3_column_type(h, i) == SQLITE_NULL ? nil : sqlite3_column_int64(h, i) != 0 }
        var items: [Item] = []
        func optionalDate(_ i: Int32) throws -> Date? { sqlite3_column_type(h, i) == SQLITE_NULL ? nil : try date(i, .statusSince) }
        while true {
            let rc = sqlite3_step(h)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw ClosetError.io("cannot read the items: " + String(cString: sqlite3_errmsg(sqlite3_db_handle(h))))
            }
            items.append(
                Item(
                    id: sqlite3_column_int64(h, id),
                    NewItem(
                        name: text(name) ?? "", category: CategoryID(text(category) ?? ""),
                        colors: strings(colors), colorShares: decodeList(text(shares)),
                        seasons: strings(seasons).compactMap(Season.init(rawValue:)), styles: strings(styles),
                        thickness: Int(sqlite3_column_int64(h, thickness)), brand: text(brand), price: double(price), size: text(size),
                        comment: text(comment), status: text(status).flatMap(ItemStatus.init(rawValue:)) ?? .active,
                        archiveReason: text(reason).flatMap(ArchiveReason.init(rawValue:)),
                        photo: text(photo), needsReview: sqlite3_column_int64(h, review) != 0, confidence: double(confidence),
                        guesses: strings(guesses).map { CategoryID($0) }, guessShares: decodeList(text(guessShares)),
                        detail: strings(detail).map { CategoryID($0) },
                        created: try date(created, .created), updated: try date(updated, .updated))))
            items[items.count - 1].statusSince = try optionalDate(statusSince)
            items[items.count - 1].thicknessSet = sqlite3_column_int64(h, thicknessSet) != 0
            items[items.count - 1].formalityOverride =
                sqlite3_column_type(h, formality) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(h, formality))
            items[items.count - 1].pattern = text(pattern).flatMap(ItemPattern.init(rawValue:)) ?? .solid
            items[items.count - 1].openOverride = bool(open)
            items[items.count - 1].rainproofOverride = bool(rainproof)
        }
        return items
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.id] = id
        try fields.encode(to: &container)
    }

    static func encodeList<T: Encodable>(_ list: [T]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeList<T: Decodable>(_ text: String?) -> [T] {
        guard let text, text != "[]" else { return [] }
        // Fast paths for the flat lists closet writes; a JSONDecoder per row made listing 10,000 items slow.
        if T.self == String.self, let strings = FlatJSON.strings(text) { return strings as! [T] }
        if T.self == CategoryID.self, let strings = FlatJSON.strings(text) { return strings.map { CategoryID($0) } as! [T] }
        if T.self == Season.self, let strings = FlatJSON.strings(text) { return strings.compactMap(Season.init(rawValue:)) as! [T] }
        if T.self == Double.self, let numbers = FlatJSON.numbers(text) { return numbers as! [T] }
        return (try? JSONDecoder().decode([T].self, from: Data(text.utf8))) ?? []
    }
}

/// A new item is written to the same table, without an id: SQLite gives it the next one.
extension NewItem: PersistableRecord {
    public static let databaseTableName = Item.databaseTableName

    public func encode(to container: inout PersistenceContainer) throws {
        typealias C = Item.Columns
        container[C.name] = name
        container[C.category] = category
        container[C.colors] = Item.encodeList(colors)
        container[C.colorShares] = Item.encodeList(colorShares)
        container[C.seasons] = Item.encodeList(seasons)
        container[C.styles] = Item.encodeList(styles)
        container[C.thickness] = thickness
        container[C.brand] = brand
        container[C.price] = price
        container[C.size] = size
        container[C.comment] = comment
        container[C.status] = status.rawValue
        container[C.archiveReason] = archiveReason?.rawValue
        container[C.photo] = photo
        container[C.needsReview] = needsReview
        container[C.confidence] = confidence
        container[C.created] = created
        container[C.updated] = updated
        container[C.guesses] = Item.encodeList(guesses)
        container[C.guessShares] = Item.encodeList(guessShares)
        container[C.detail] = Item.encodeList(detail)
        container[C.statusSince] = statusSince
        container[C.thicknessSet] = thicknessSet
        container[C.formality] = formalityOverride
        container[C.pattern] = pattern.rawValue
        container[C.open] = openOverride
        container[C.rainproof] = rainproofOverride
    }

    /// Inserts the item and returns it as stored, with the id SQLite gave it.
    public func insertStored(_ db: Database) throws -> Item {
        try insert(db)
        return Item(id: db.lastInsertedRowID, self)
    }
}

/// A category or group id is stored as its text.
extension TaxonomyID: DatabaseValueConvertible {}
