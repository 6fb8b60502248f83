import Foundation
import GRDB

/// What was suggested first today: asked again the same day (another temperature, another occasion), a person
/// wants to see other pieces first while others fit. Kept for the day only: older days are dropped on each write.
extension Wardrobe {
    /// Remembers the pieces of the outfit suggested first for `day` (added to those already remembered).
    public func rememberSuggested(_ ids: [Int64], day: String) throws {
        guard Day.isValid(day) else { throw ClosetError.usage("'\(SafeText.escaped(day))' is not a day (YYYY-MM-DD)") }
        try write { db in
            try db.execute(sql: "DELETE FROM suggested WHERE day <> ?", arguments: [day])
            for id in Self.unique(ids) where try Item.exists(db, key: id) {
                try db.execute(sql: "INSERT OR IGNORE INTO suggested (day, item_id) VALUES (?, ?)", arguments: [day, id])
            }
        }
    }

    /// The pieces suggested first earlier on `day`.
    public func suggestedToday(_ day: String) throws -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT item_id FROM suggested WHERE day = ?", arguments: [day])) }
    }
}
