import Foundation
import GRDB

extension Wardrobe {
    /// Adds an item, with its photo when given, in one transaction. Returns the stored item.
    @discardableResult
    public func add(_ item: Item, photo: PhotoUpload? = nil) throws -> Item {
        try addAll([(item, photo)]).first!
    }

    /// Adds several items in one transaction: all are stored, or none.
    public func addAll(_ entries: [(Item, PhotoUpload?)]) throws -> [Item] {
        for (item, _) in entries { try item.validate(taxonomy: taxonomy) }
        var staged: [(url: URL, hash: String, ext: String)] = []
        var committed = false
        defer { if !committed { for s in staged { photos.discard(staged: s.url) } } }
        let hashes = entries.map { $0.1?.hash }
        for (index, (_, photo)) in entries.enumerated() {
            if let photo { staged.append((try photos.stage(photo.data), hashes[index]!, photo.ext)) }
        }
        let stored: [Item] = try write { db in
            var result: [Item] = []
            for (index, (item, photo)) in entries.enumerated() {
                var item = item
                if let photo, let hash = hashes[index] {
                    try Self.upsertPhoto(db, photo, hash: hash)
                    item.photo = hash
                }
                try item.insert(db)
                result.append(item)
            }
            for s in staged { try photos.commit(staged: s.url, hash: s.hash, ext: s.ext) }
            return result
        }
        committed = true
        return stored
    }

    static func upsertPhoto(_ db: Database, _ photo: PhotoUpload, hash: String) throws {
        if try StoredPhoto.exists(db, key: hash) { return }
        try StoredPhoto(
            hash: hash, ext: photo.ext, bytes: photo.data.count, width: photo.width, height: photo.height,
            thumbnail: photo.thumbnail, thumbWidth: photo.thumbWidth, thumbHeight: photo.thumbHeight,
            embedding: photo.embedding.map(StoredPhoto.encode(embedding:))
        ).insert(db)
    }

    /// The item with `id`, or a no-input error naming it.
    public func item(_ id: Int64) throws -> Item {
        guard let item = try read({ try Item.fetchOne($0, key: id) }) else {
            throw ClosetError.noInput("no item with id \(id): `closet list` shows the ids")
        }
        return item
    }

    /// The item whose photo has `hash`, if any (used to find duplicates on import).
    public func item(photoHash hash: String) throws -> Item? {
        try read { try Item.filter(sql: "photo = ?", arguments: [hash]).fetchOne($0) }
    }

    /// Items passing `filter`, ordered by category order then id, with their wear counts.
    public func summaries(_ filter: ItemFilter = ItemFilter()) throws -> [ItemSummary] {
        let order = Dictionary(uniqueKeysWithValues: taxonomy.categories.enumerated().map { ($1.id, $0) })
        let (items, wears): ([Item], [Int64: (Int, String?)]) = try read { db in
            var conditions: [String] = [], arguments: [DatabaseValueConvertible] = []
            if let status = filter.status { conditions.append("status = ?"); arguments.append(status.rawValue) }
            if let category = filter.category { conditions.append("category = ?"); arguments.append(category) }
            if filter.needsReview { conditions.append("needs_review = 1") }
            let sql = "SELECT \(Item.columnList) FROM items" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(StatementArguments(arguments))
            return (try Item.fetchColumns(statement), try Self.wearStats(db))
        }
        // Category order of the taxonomy, then id: keys computed once, and positions sorted, not items.
        var keys: [(order: Int, id: Int64, position: Int)] = []
        keys.reserveCapacity(items.count)
        for (position, item) in items.enumerated() where filter.matches(item, taxonomy: taxonomy) {
            keys.append((order[item.category] ?? Int.max, item.id ?? 0, position))
        }
        keys.sort { $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id }
        return keys.map { Self.summary(items[$0.position], wears) }
    }

    static func summary(_ item: Item, _ wears: [Int64: (Int, String?)]) -> ItemSummary {
        let w = wears[item.id ?? -1]
        return ItemSummary(item: item, wears: w?.0 ?? 0, lastWorn: w?.1)
    }

    /// One item with its wear count and last wear.
    public func summary(_ id: Int64) throws -> ItemSummary {
        let item = try item(id)
        let (count, last) = try read { db -> (Int, String?) in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MAX(day) AS last FROM item_wears WHERE item_id = ?", arguments: [id])
            return (row?["n"] ?? 0, row?["last"])
        }
        return ItemSummary(item: item, wears: count, lastWorn: last)
    }

    /// The first `limit` items that are not archived, in the order `summaries` lists them, and the
    /// number of such items per category and needing review: enough to draw the closet before the
    /// rest is read.
    public func firstSummaries(limit: Int) throws -> (items: [ItemSummary], perCategory: [String: Int], review: Int) {
        // The taxonomy's category order, as `summaries` sorts: CASE category WHEN ? THEN 0 WHEN ? THEN 1 …
        let ids = taxonomy.categories.map(\.id)
        let order = ids.indices.map { "WHEN ? THEN \($0)" }.joined(separator: " ")
        return try read { db in
            let statement = try db.makeStatement(sql: "SELECT \(Item.columnList) FROM items WHERE status != 'archived' "
                + "ORDER BY CASE category \(order) ELSE \(ids.count) END, id LIMIT ?")
            try statement.setArguments(StatementArguments(ids + [limit] as [DatabaseValueConvertible]))
            let wears = try Self.wearStats(db)
            let items = try Item.fetchColumns(statement).map { Self.summary($0, wears) }
            var perCategory: [String: Int] = [:], review = 0
            for row in try Row.fetchAll(db, sql: "SELECT category, COUNT(*) AS n, SUM(needs_review) AS r FROM items "
                                        + "WHERE status != 'archived' GROUP BY category") {
                perCategory[row["category"]] = row["n"]
                review += row["r"] as Int? ?? 0
            }
            return (items, perCategory, review)
        }
    }

    static func wearStats(_ db: Database) throws -> [Int64: (Int, String?)] {
        var stats: [Int64: (Int, String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_id, COUNT(*) AS n, MAX(day) AS last FROM item_wears GROUP BY item_id") {
            stats[row["item_id"]] = (row["n"], row["last"])
        }
        return stats
    }

    /// Saves changes to an existing item; `updated` is set to now.
    @discardableResult
    public func update(_ item: Item) throws -> Item {
        guard let id = item.id else { throw ClosetError.usage("cannot update an item that has no id") }
        try item.validate(taxonomy: taxonomy)
        var item = item
        item.updated = Date()
        try write { db in
            guard try Item.exists(db, key: id) else {
                throw ClosetError.noInput("no item with id \(id): `closet list` shows the ids")
            }
            try item.update(db)
        }
        return item
    }

    /// Deletes an item, its wears and outfit places; its photo file goes only when no other item uses it.
    public func remove(_ id: Int64) throws {
        var orphan: StoredPhoto?
        try write { db in
            guard let item = try Item.fetchOne(db, key: id) else {
                throw ClosetError.noInput("no item with id \(id): `closet list` shows the ids")
            }
            try Item.deleteOne(db, key: id)
            if let hash = item.photo,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items WHERE photo = ?", arguments: [hash]) == 0
            {
                orphan = try StoredPhoto.fetchOne(db, key: hash)
                try StoredPhoto.deleteOne(db, key: hash)
            }
        }
        if let orphan { photos.remove(hash: orphan.hash, ext: orphan.ext) }
    }

    /// Archives an item with a reason.
    @discardableResult
    public func archive(_ id: Int64, reason: ArchiveReason) throws -> Item {
        var item = try item(id)
        item.status = .archived
        item.archiveReason = reason
        return try update(item)
    }

    /// The stored photo with `hash`.
    public func photo(_ hash: String) throws -> StoredPhoto? { try read { try StoredPhoto.fetchOne($0, key: hash) } }

    /// Thumbnails of many photos at once, keyed by hash.
    public func thumbnails(_ hashes: [String]) throws -> [String: StoredPhoto] {
        guard !hashes.isEmpty else { return [:] }
        return try read { db in
            let photos = try StoredPhoto.filter(keys: hashes).fetchAll(db)
            return Dictionary(photos.map { ($0.hash, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Stores the classifier's embedding for a photo.
    public func setEmbedding(_ embedding: [Float], photo hash: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE photos SET embedding = ? WHERE hash = ?",
                           arguments: [StoredPhoto.encode(embedding: embedding), hash])
        }
    }

    /// Every active or archived item with a photo embedding: the user's own examples for the k-NN.
    public func embeddings(confirmedOnly: Bool) throws -> [(item: Item, embedding: [Float])] {
        try read { db in
            let sql = """
                SELECT items.*, photos.embedding AS emb FROM items JOIN photos ON photos.hash = items.photo
                WHERE photos.embedding IS NOT NULL \(confirmedOnly ? "AND items.needs_review = 0 AND items.confidence IS NULL" : "")
                """
            return try Row.fetchAll(db, sql: sql).compactMap { row in
                let item = try Item(row: row)
                let data: Data = row["emb"]
                let vector = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                return (item, vector)
            }
        }
    }

    /// Number of items per category, among active items.
    public func categoryCounts(status: ItemStatus? = .active) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT category, COUNT(*) AS n FROM items WHERE (? IS NULL OR status = ?) GROUP BY category",
                arguments: [status?.rawValue, status?.rawValue])
            for row in rows { counts[row["category"]] = row["n"] }
            return counts
        }
    }
}
