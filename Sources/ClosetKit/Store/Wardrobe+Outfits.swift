import Foundation
import GRDB

extension Wardrobe {
    /// Saves an outfit of existing items.
    @discardableResult
    public func saveOutfit(name: String, itemIDs: [Int64]) throws -> Outfit {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ClosetError.usage("an outfit needs a name") }
        guard !itemIDs.isEmpty else { throw ClosetError.usage("an outfit needs at least one item id") }
        guard Set(itemIDs).count == itemIDs.count else { throw ClosetError.usage("an outfit lists each item once") }
        return try write { db in
            for id in itemIDs where try !Item.exists(db, key: id) {
                throw ClosetError.itemNotFound(id)
            }
            let now = Date()
            try db.execute(sql: "INSERT INTO outfits (name, created) VALUES (?, ?)", arguments: [name, now])
            let id = db.lastInsertedRowID
            for (position, item) in itemIDs.enumerated() {
                try db.execute(
                    sql: "INSERT INTO outfit_items (outfit_id, item_id, position) VALUES (?, ?, ?)",
                    arguments: [id, item, position])
            }
            return Outfit(id: id, name: name, itemIDs: itemIDs, created: now)
        }
    }

    public func outfits() throws -> [Outfit] {
        try read { db in
            let members = try Row.fetchAll(db, sql: "SELECT outfit_id, item_id FROM outfit_items ORDER BY outfit_id, position")
            var items: [Int64: [Int64]] = [:]
            for row in members { items[row["outfit_id"], default: []].append(row["item_id"]) }
            return try Row.fetchAll(db, sql: "SELECT id, name, created FROM outfits ORDER BY id").map { row in
                let id: Int64 = row["id"]
                return Outfit(id: id, name: row["name"], itemIDs: items[id] ?? [], created: row["created"])
            }
        }
    }

    public func outfit(_ id: Int64) throws -> Outfit {
        guard let outfit = try outfits().first(where: { $0.id == id }) else {
            throw ClosetError.outfitNotFound(id)
        }
        return outfit
    }

    public func removeOutfit(_ id: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM outfits WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw ClosetError.outfitNotFound(id) }
        }
    }

    /// Refuses a day that is not a real `YYYY-MM-DD` date, or one after tomorrow.
    static func checkWearDay(_ day: String) throws {
        guard Day.isValid(day) else {
            throw ClosetError.usage("'\(SafeText.escaped(String(day.prefix(40))))' is not a calendar date: write YYYY-MM-DD")
        }
        let latest = Day.latestWearDay()
        guard day <= latest else { throw ClosetError.usage("\(day) is in the future: wears can be logged up to \(latest)") }
    }

    /// Logs that an item was worn on `day` (`YYYY-MM-DD`). Returns the items that went to the laundry by habit.
    @discardableResult
    public func logWear(item id: Int64, day: String) throws -> [ItemChange] {
        try logWear(items: [id], days: [day])
    }

    /// Logs that a saved outfit was worn on `day`; each of its items counts one wear. Returns the items that
    /// went to the laundry by habit.
    @discardableResult
    public func logWear(outfit id: Int64, day: String) throws -> [ItemChange] {
        try Self.checkWearDay(day)
        let rules = try laundryAfter()
        return try write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outfits WHERE id = ?", arguments: [id]) == 1 else {
                throw ClosetError.outfitNotFound(id)
            }
            // A wear is a day's, as a restore requires: the same outfit twice on one day is a slip.
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wears WHERE outfit_id = ? AND day = ?", arguments: [id, day]) ?? 0 > 0 {
                throw ClosetError.usage("outfit \(id) is already logged as worn on \(day)")
            }
            try db.execute(sql: "INSERT INTO wears (outfit_id, day) VALUES (?, ?)", arguments: [id, day])
            let items = try Int64.fetchAll(db, sql: "SELECT item_id FROM outfit_items WHERE outfit_id = ?", arguments: [id])
            return try sendWornToLaundry(db, items: items, rules: rules)
        }
    }

    /// Logs several items worn together on `day`, in one transaction. Returns the items that went to the
    /// laundry by habit (``laundryAfter()``).
    @discardableResult
    public func logWear(items ids: [Int64], day: String) throws -> [ItemChange] {
        try logWear(items: ids, days: [day])
    }

    /// Logs several items worn on each of `days` (a trip, at most ``tripLimit`` days), in one transaction: all of it, or none.
    @discardableResult
    public func logWear(items ids: [Int64], days: [String]) throws -> [ItemChange] {
        try Self.checkTripLength(Set(days).count)
        for day in days { try Self.checkWearDay(day) }
        try Self.checkEachOnce(ids)
        let rules = try laundryAfter()
        return try write { db in
            for id in ids {
                guard try Item.exists(db, key: id) else {
                    throw ClosetError.itemNotFound(id)
                }
                for day in days {
                    // A wear is a day's, as a restore requires: a second one the same day is a slip, refused.
                    if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM wears WHERE item_id = ? AND day = ?", arguments: [id, day]) ?? 0 > 0
                    {
                        throw ClosetError.alreadyWorn(item: id, day: day)
                    }
                    try db.execute(sql: "INSERT INTO wears (item_id, day) VALUES (?, ?)", arguments: [id, day])
                }
            }
            return try sendWornToLaundry(db, items: ids, rules: rules)
        }
    }

    /// Removes one logged wear of each item on `day` (a wear logged by mistake), in one transaction: all of
    /// them, or none. For each, the item's own entry logged last that day; a wear through a saved outfit is left alone.
    public func undoWear(items ids: [Int64], day: String) throws {
        try Self.checkWearDay(day)
        try Self.checkEachOnce(ids)
        try write { db in
            for id in ids {
                guard try Item.exists(db, key: id) else {
                    throw ClosetError.itemNotFound(id)
                }
                guard
                    let wear = try Int64.fetchOne(
                        db, sql: "SELECT id FROM wears WHERE item_id = ? AND day = ? ORDER BY id DESC LIMIT 1",
                        arguments: [id, day])
                else {
                    throw ClosetError.noWearLogged(item: id, day: day)
                }
                try db.execute(sql: "DELETE FROM wears WHERE id = ?", arguments: [wear])
            }
        }
    }

    /// A wear, or its undoing, names each item once: an id typed twice is a slip, not a second wear.
    static func checkEachOnce(_ ids: [Int64]) throws {
        guard Set(ids).count == ids.count else { throw ClosetError.usage("a wear lists each item once") }
    }

    /// For each of `days`, the items worn that day (directly or in an outfit), each once, by id: a calendar's cells.
    public func worn(on days: [String]) throws -> [String: [Int64]] {
        try itemsByDay("SELECT DISTINCT day, item_id FROM item_wears WHERE day BETWEEN ? AND ? ORDER BY day, item_id", days: days)
    }

    /// Item ids by day from `sql`, which selects `day, item_id` in order for days between its two arguments;
    /// only `days` are kept (all days when nil, the arguments then spanning every day).
    func itemsByDay(_ sql: String, days: [String]?) throws -> [String: [Int64]] {
        var span = ("0000-00-00", "9999-99-99")
        if let days {
            guard let first = days.min(), let last = days.max() else { return [:] }
            span = (first, last)
        }
        let wanted = days.map(Set.init)
        return try read { db in
            var byDay: [String: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: [span.0, span.1]) where wanted?.contains(row["day"]) ?? true {
                byDay[row["day"], default: []].append(row["item_id"])
            }
            return byDay
        }
    }

    /// The whole wear log, oldest first.
    public func wearLog() throws -> [WearEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, item_id, outfit_id, day FROM wears ORDER BY day, id").map {
                WearEntry(id: $0["id"], itemID: $0["item_id"], outfitID: $0["outfit_id"], day: $0["day"])
            }
        }
    }

    /// For each item, the days it was worn (directly or in an outfit).
    public func wearDays() throws -> [Int64: [String]] {
        try read { db in
            var days: [Int64: [String]] = [:]
            // A cursor: a million wears are never a million rows in memory at once.
            let rows = try Row.fetchCursor(db, sql: "SELECT item_id, day FROM item_wears ORDER BY day")
            while let row = try rows.next() { days[row["item_id"], default: []].append(row["day"]) }
            return days
        }
    }
}
