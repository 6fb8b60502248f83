import Foundation
import GRDB

/// One item before and after a change: enough to undo it, merging with what changed meanwhile.
public struct ItemChange: Equatable, Sendable {
    public var before: Item
    public var after: Item
}

/// An item as it was when deleted: its row, its wears, its places in outfits, and its photo (row and
/// where the file went in the trash), so that the deletion can be undone.
public struct RemovedItem: Equatable, Sendable {
    public var item: Item
    public var wears: [WearEntry]
    public var outfitPlaces: [OutfitPlace]
    /// The days it was planned for, and its place in each plan.
    public var plans: [PlanPlace] = []
    /// The photo's row, when no other item used the photo and it was removed with the item.
    public var photo: StoredPhoto?
    /// Where the photo file went in the trash.
    public var trashed: URL?

    /// The item's place in a day's saved plan.
    public struct PlanPlace: Equatable, Sendable {
        public var day: String
        public var position: Int
    }

    /// The item's place in a saved outfit.
    public struct OutfitPlace: Equatable, Sendable {
        public var outfitID: Int64
        public var position: Int
    }
}

extension Wardrobe {
    /// Changes several items in one transaction: all change, or none. Returns each before and after.
    func change(_ ids: [Int64], _ body: (inout Item) throws -> Void) throws -> [ItemChange] {
        try write { db in
            var changes: [ItemChange] = []
            for id in Self.unique(ids) {
                guard let before = try Item.fetchOne(db, key: id) else { throw ClosetError.itemNotFound(id) }
                var after = before
                try body(&after)
                after.settleDefaults(from: before, taxonomy: taxonomy)
                try after.validate(taxonomy: taxonomy)
                after.updated = max(Date(), before.updated.addingTimeInterval(0.001))
                if after.status != before.status { after.statusSince = after.updated }
                try after.update(db)
                changes.append(ItemChange(before: before, after: after))
            }
            return changes
        }
    }

    static func unique(_ ids: [Int64]) -> [Int64] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Archives several items with one reason, in one transaction.
    @discardableResult
    public func archive(_ ids: [Int64], reason: ArchiveReason) throws -> [ItemChange] {
        try change(ids) {
            $0.status = .archived; $0.archiveReason = reason
        }
    }

    /// Sends items to the laundry (`.laundry`), to repair (`.repair`), or back (`.active`), in one transaction.
    /// Archived and wishlist items are refused: they are not in the closet.
    @discardableResult
    public func setAway(_ ids: [Int64], _ status: ItemStatus) throws -> [ItemChange] {
        guard status.isInCloset else { throw ClosetError.usage("items go to the laundry, to repair or back to active") }
        return try change(ids) {
            guard $0.status.isInCloset else {
                throw ClosetError.usage("\($0.name) is \($0.status.rawValue), not in the closet: it cannot go to the \(status.rawValue)")
            }
            $0.status = status
        }
    }

    /// Brings every item in the laundry back: "all laundry back".
    @discardableResult
    public func laundryDone() throws -> [ItemChange] {
        let ids = try summaries(ItemFilter(status: .laundry)).map(\.item.id)
        return ids.isEmpty ? [] : try setAway(ids, .active)
    }

    /// Brings archived items back to the closet.
    @discardableResult
    public func unarchive(_ ids: [Int64]) throws -> [ItemChange] {
        try change(ids) {
            $0.status = .active; $0.archiveReason = nil
        }
    }

    /// Confirms the category of several items, a corrected one when given (validated against the taxonomy).
    @discardableResult
    public func confirm(_ ids: [Int64], category: String?) throws -> [ItemChange] {
        let category = try category.map { try taxonomy.require(category: $0).id }
        return try change(ids) { $0.confirm(category: category) }
    }

    /// Undoes changes: each item gets back the fields the change set, in one transaction. A field changed
    /// again meanwhile (another closet, the CLI) keeps its newer value; an item deleted meanwhile is skipped.
    /// Returns the items reverted.
    @discardableResult
    public func revert(_ changes: [ItemChange]) throws -> [Item] {
        try write { db in
            var reverted: [Item] = []
            for change in changes {
                guard let current = try Item.fetchOne(db, key: change.before.id) else { continue }
                var merged = Item.merge(base: change.after, mine: change.before, theirs: current).item
                merged.updated = max(Date(), current.updated.addingTimeInterval(0.001))
                try merged.validate(taxonomy: taxonomy)
                try merged.update(db)
                reverted.append(merged)
            }
            return reverted
        }
    }

    /// Deletes several items in one transaction, as ``remove(_:)-(Int64)`` does one, and returns what
    /// ``restore(_:)`` needs to bring them back.
    @discardableResult
    public func remove(_ ids: [Int64]) throws -> [RemovedItem] {
        try checkBeforeWrite()
        return try withFileLock {
            var removed: [RemovedItem] = try write { db in
                var removed: [RemovedItem] = []
                for id in Self.unique(ids) {
                    guard let item = try Item.fetchOne(db, key: id) else { throw ClosetError.itemNotFound(id) }
                    let wears = try Row.fetchAll(
                        db, sql: "SELECT id, item_id, outfit_id, day FROM wears WHERE item_id = ? ORDER BY id", arguments: [id]
                    )
                    .map { WearEntry(id: $0["id"], itemID: $0["item_id"], outfitID: $0["outfit_id"], day: $0["day"]) }
                    let places = try Row.fetchAll(
                        db, sql: "SELECT outfit_id, position FROM outfit_items WHERE item_id = ?", arguments: [id]
                    )
                    .map { RemovedItem.OutfitPlace(outfitID: $0["outfit_id"], position: $0["position"]) }
                    let plans = try Row.fetchAll(db, sql: "SELECT day, position FROM plans WHERE item_id = ?", arguments: [id])
                        .map { RemovedItem.PlanPlace(day: $0["day"], position: $0["position"]) }
                    try Item.deleteOne(db, key: id)
                    var photo: StoredPhoto?
                    if let hash = item.photo,
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items WHERE photo = ?", arguments: [hash]) == 0
                    {
                        photo = try StoredPhoto.fetchOne(db, key: hash)
                        try StoredPhoto.deleteOne(db, key: hash)
                    }
                    removed.append(RemovedItem(item: item, wears: wears, outfitPlaces: places, plans: plans, photo: photo, trashed: nil))
                }
                return removed
            }
            // The rows are gone; a photo with an invalid name was never a file of ours, so it is left alone.
            for i in removed.indices {
                if let photo = removed[i].photo, PhotoAddress.isHash(photo.hash), PhotoAddress.isExtension(photo.ext) {
                    removed[i].trashed = try photos.moveToTrash(hash: photo.hash, ext: photo.ext)
                }
            }
            return removed
        }
    }

    /// Brings deleted items back with their ids, wears, places in outfits that still exist, and photos
    /// (moved back from the trash), in one transaction. Refuses when an id has been taken meanwhile, or
    /// when a photo is gone from the trash and from the store.
    public func restore(_ removed: [RemovedItem]) throws {
        try checkBeforeWrite()
        try withFileLock {
            var movedBack: [(from: URL, to: URL)] = []
            var committed = false
            defer { if !committed { for move in movedBack.reversed() { try? photos.fileSystem.rename(move.to, to: move.from) } } }
            try write { db in
                for entry in removed {
                    let id = entry.item.id
                    if try Item.exists(db, key: id) { throw ClosetError.usage("item \(id) exists again: the deletion cannot be undone") }
                    if let photo = entry.photo, try !StoredPhoto.exists(db, key: photo.hash) {
                        let target = try photos.url(hash: photo.hash, ext: photo.ext)
                        if !FileManager.default.fileExists(atPath: target.path) {
                            guard let trashed = entry.trashed, photos.isTrashFile(trashed),
                                FileManager.default.fileExists(atPath: trashed.path)
                            else {
                                throw ClosetError.noInput(
                                    "the photo of \(entry.item.name) is no longer in the trash: the deletion cannot be undone")
                            }
                            try photos.moveBack(trashed, to: target)
                            movedBack.append((trashed, target))
                        }
                        try photo.insert(db)
                    }
                    let item = entry.item
                    try item.insert(db)
                    for wear in entry.wears {
                        try db.execute(sql: "INSERT INTO wears (id, item_id, day) VALUES (?, ?, ?)", arguments: [wear.id, id, wear.day])
                    }
                    for place in entry.outfitPlaces
                    where try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outfits WHERE id = ?", arguments: [place.outfitID]) == 1 {
                        try db.execute(
                            sql: "INSERT OR IGNORE INTO outfit_items (outfit_id, item_id, position) VALUES (?, ?, ?)",
                            arguments: [place.outfitID, id, place.position])
                    }
                    for plan in entry.plans {
                        try db.execute(
                            sql: "INSERT OR IGNORE INTO plans (day, item_id, position) VALUES (?, ?, ?)",
                            arguments: [plan.day, id, plan.position])
                    }
                }
            }
            committed = true
        }
    }
}
