import Foundation
import GRDB

extension Wardrobe {
    /// Adds an item, with its photo when given, in one transaction. Returns the stored item.
    @discardableResult
    public func add(_ item: NewItem, photo: PhotoUpload? = nil) throws -> Item {
        try addAll([(item, photo)]).first!
    }

    /// Adds several items in one transaction: all are stored, or none.
    public func addAll(_ entries: [(NewItem, PhotoUpload?)]) throws -> [Item] {
        try addAll(entries, skippingDuplicates: false).map {
            guard case .added(let item) = $0 else { preconditionFailure("duplicates are only skipped when asked") }
            return item
        }
    }

    /// What ``add(_:photo:skippingDuplicate:)`` did.
    public enum AddOutcome: Equatable, Sendable {
        case added(Item)
        /// An item with the same photo was already stored; its id.
        case duplicate(Int64)
    }

    /// Adds an item, or, when `skippingDuplicate` and an item with the same photo exists, returns that
    /// item's id instead. The check and the insert are one transaction, so two imports of the same
    /// file at once store it once.
    public func add(_ item: NewItem, photo: PhotoUpload?, skippingDuplicate: Bool) throws -> AddOutcome {
        try addAll([(item, photo)], skippingDuplicates: skippingDuplicate)[0]
    }

    /// Adds several items in one transaction, all or none; with `skippingDuplicates`, each whose photo is
    /// already stored (before, or earlier in `entries`) is not added, and its outcome names the item that has it.
    public func addAll(_ entries: [(NewItem, PhotoUpload?)], skippingDuplicates: Bool) throws -> [AddOutcome] {
        for (item, photo) in entries {
            try item.validate(taxonomy: taxonomy)
            if let photo { try PhotoAddress.validate(hash: photo.hash, ext: photo.ext) }
        }
        try checkBeforeWrite()
        return try withFileLock {
            sweepStagedOnce()
            var staged: [(url: URL, hash: String, ext: String)] = []
            var placed: [PhotoStore.Placed] = []
            var committed = false
            defer {
                if !committed {
                    for p in placed.reversed() { photos.takeBack(p) }
                    for s in staged { photos.discard(staged: s.url) }
                }
            }
            for (_, photo) in entries {
                if let photo { staged.append((try photos.stage(photo.data), photo.hash, photo.ext)) }
            }
            let outcomes: [AddOutcome] = try write { db in
                var result: [AddOutcome] = []
                for (item, photo) in entries {
                    var item = item
                    if let photo {
                        if skippingDuplicates,
                            let id = try Int64.fetchOne(
                                db, sql: "SELECT id FROM items WHERE photo = ? ORDER BY id LIMIT 1", arguments: [photo.hash])
                        {
                            result.append(.duplicate(id))
                            continue
                        }
                        try Self.upsertPhoto(db, photo, hash: photo.hash)
                        item.photo = photo.hash
                    }
                    result.append(.added(try item.insertStored(db)))
                }
                for s in staged {
                    if let p = try photos.commit(staged: s.url, hash: s.hash, ext: s.ext) { placed.append(p) }
                }
                return result
            }
            committed = true
            return outcomes
        }
    }

    static func upsertPhoto(_ db: Database, _ photo: PhotoUpload, hash: String) throws {
        if try StoredPhoto.exists(db, key: hash) { return }
        try StoredPhoto(
            hash: hash, ext: photo.ext, bytes: photo.data.count, width: photo.width, height: photo.height,
            thumbnail: photo.thumbnail, thumbWidth: photo.thumbWidth, thumbHeight: photo.thumbHeight, preview: photo.preview,
            embedding: photo.embedding.map(StoredPhoto.encode(embedding:)), embeddingModel: photo.embeddingModel
        ).insert(db)
    }

    /// The item with `id`, or a no-input error naming it.
    public func item(_ id: Int64) throws -> Item {
        guard let item = try read({ try Item.fetchOne($0, key: id) }) else {
            throw ClosetError.itemNotFound(id)
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
            keys.append((order[item.category] ?? Int.max, item.id, position))
        }
        keys.sort { $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id }
        return keys.map { Self.summary(items[$0.position], wears) }
    }

    static func summary(_ item: Item, _ wears: [Int64: (Int, String?)]) -> ItemSummary {
        let w = wears[item.id]
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
            let statement = try db.makeStatement(
                sql: "SELECT \(Item.columnList) FROM items WHERE status != 'archived' "
                    + "ORDER BY CASE category \(order) ELSE \(ids.count) END, id LIMIT ?")
            try statement.setArguments(StatementArguments(ids + [limit] as [DatabaseValueConvertible]))
            let wears = try Self.wearStats(db)
            let items = try Item.fetchColumns(statement).map { Self.summary($0, wears) }
            var perCategory: [String: Int] = [:], review = 0
            for row in try Row.fetchAll(
                db,
                sql: "SELECT category, COUNT(*) AS n, SUM(needs_review) AS r FROM items "
                    + "WHERE status != 'archived' GROUP BY category")
            {
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
        guard case .saved(let saved) = try update(item, basedOn: nil) else { preconditionFailure("no base, no conflict") }
        return saved
    }

    /// What ``update(_:basedOn:)`` did.
    public enum UpdateOutcome: Equatable, Sendable {
        /// Saved; when someone else had changed other fields meanwhile, their changes are kept too.
        case saved(Item)
        /// Someone else changed the same fields differently since `base` was read: nothing was saved.
        case conflict(current: Item, fields: [Item.Field])
    }

    /// Saves `item`, which was edited from `base`. When the stored item changed since `base` was read
    /// (another closet, the CLI), the two edits are merged field by field in the same transaction;
    /// edits of the same field that disagree are a conflict, and nothing is written.
    public func update(_ item: Item, basedOn base: Item?) throws -> UpdateOutcome {
        let id = item.id
        try item.validate(taxonomy: taxonomy)
        return try write { db in
            guard let current = try Item.fetchOne(db, key: id) else {
                throw ClosetError.itemNotFound(id)
            }
            var merged = item
            if let base, current != base {
                let result = Item.merge(base: base, mine: item, theirs: current)
                if !result.conflicts.isEmpty { return .conflict(current: current, fields: result.conflicts) }
                merged = result.item
            }
            merged.settleDefaults(from: current, taxonomy: taxonomy)
            merged.updated = Date()
            if merged.status != current.status { merged.statusSince = merged.updated }
            if merged.updated <= current.updated { merged.updated = current.updated.addingTimeInterval(0.001) }
            try merged.update(db)
            return .saved(merged)
        }
    }

    /// Deletes an item, its wears and outfit places. Its photo file moves to the trash when no other item
    /// uses it (emptied after ``PhotoStore/trashDays`` days).
    public func remove(_ id: Int64) throws {
        try remove([id])
    }

    /// Confirms an item's category, the classifier's or a corrected one (validated against the taxonomy).
    @discardableResult
    public func confirm(_ id: Int64, category: String? = nil) throws -> Item {
        var item = try item(id)
        item.confirm(category: try category.map { try taxonomy.require(category: $0).id })
        return try update(item)
    }

    /// Archives an item with a reason.
    @discardableResult
    public func archive(_ id: Int64, reason: ArchiveReason) throws -> Item {
        var item = try item(id)
        item.status = .archived
        item.archiveReason = reason
        return try update(item)
    }

    /// How many photos are stored.
    public func photoCount() throws -> Int { try read { try StoredPhoto.fetchCount($0) } }

    /// How many items there are, whatever their status.
    public func itemCount() throws -> Int { try read { try Item.fetchCount($0) } }

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

    /// Stores the larger picture of a photo imported before closet made them; a preview already there stays.
    public func setPreview(_ preview: Data, photo hash: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE photos SET preview = ? WHERE hash = ? AND preview IS NULL", arguments: [preview, hash])
        }
    }

    /// Stores the classifier's embedding for a photo, and which model computed it.
    public func setEmbedding(_ embedding: [Float], photo hash: String, model: String? = nil) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE photos SET embedding = ?, embedding_model = ? WHERE hash = ?",
                arguments: [StoredPhoto.encode(embedding: embedding), model, hash])
        }
    }

    /// The photos of items whose embedding `model` did not compute (another model's, one of unknown
    /// origin, or none yet): what a refresh must compute again before the k-NN compares them.
    public func photosWithStaleEmbeddings(model: String) throws -> [(hash: String, ext: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT photos.hash, photos.ext FROM photos JOIN items ON items.photo = photos.hash
                    WHERE photos.embedding_model IS NULL OR photos.embedding_model != ? ORDER BY photos.hash
                    """, arguments: [model]
            ).map { (hash: $0["hash"], ext: $0["ext"]) }
        }
    }

    /// Every active or archived item with a photo embedding: the user's own examples for the k-NN.
    /// - Parameter model: only embeddings this model computed (vectors of two models do not compare).
    public func embeddings(confirmedOnly: Bool, model: String? = nil) throws -> [(item: Item, embedding: [Float])] {
        try read { db in
            let sql = """
                SELECT items.*, photos.embedding AS emb FROM items JOIN photos ON photos.hash = items.photo
                WHERE photos.embedding IS NOT NULL \(confirmedOnly ? "AND items.needs_review = 0 AND items.confidence IS NULL" : "")
                \(model == nil ? "" : "AND photos.embedding_model = ?")
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(model.map { [$0] } ?? [])).compactMap { row in
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
