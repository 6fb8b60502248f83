import Foundation
import GRDB

/// A saved plan: the pieces meant for a day, in order. No pieces means the day has no plan (saving it clears one).
public struct Plan: Equatable, Hashable, Sendable {
    /// The day, `YYYY-MM-DD`.
    public var day: String
    /// The pieces' item ids, in order.
    public var items: [Int64]

    public init(day: String, items: [Int64]) {
        self.day = day
        self.items = items
    }
}

/// Saved plans: the pieces meant for a day. A day holds at most one plan; saving replaces it, and every
/// change is one transaction. Days are checked `YYYY-MM-DD` dates, item ids must name items.
extension Wardrobe {
    /// Each of `days` that has a plan, with its pieces in order: the calendar's future cells.
    public func plans(on days: [String]) throws -> [String: [Int64]] { try plans(days: days) }

    /// Every saved plan, by day (backups and exports carry them).
    public func allPlans() throws -> [String: [Int64]] { try plans(days: nil) }

    private func plans(days: [String]?) throws -> [String: [Int64]] {
        try itemsByDay("SELECT day, item_id FROM plans WHERE day BETWEEN ? AND ? ORDER BY day, position", days: days)
    }

    /// The plan of one day (empty when there is none).
    public func plan(on day: String) throws -> [Int64] { try plans(on: [day])[day] ?? [] }

    /// Saves plans, replacing those days' plans, all in one transaction. A day with no pieces clears its plan.
    /// Returns the plans it replaced, as they were (empty for a day that had none), for an undo.
    @discardableResult
    public func savePlans(_ plans: [Plan]) throws -> [Plan] {
        for plan in plans where !Day.isValid(plan.day) {
            throw ClosetError.usage("'\(SafeText.escaped(plan.day))' is not a day (YYYY-MM-DD)")
        }
        return try write { db in
            var replaced: [Plan] = []
            for plan in plans {
                replaced.append(Plan(day: plan.day, items: try Self.plan(db, on: plan.day)))
                try db.execute(sql: "DELETE FROM plans WHERE day = ?", arguments: [plan.day])
                var seen: Set<Int64> = []
                for (position, id) in plan.items.enumerated() where seen.insert(id).inserted {
                    guard try Item.exists(db, key: id) else { throw ClosetError.itemNotFound(id) }
                    try db.execute(
                        sql: "INSERT INTO plans (day, item_id, position) VALUES (?, ?, ?)", arguments: [plan.day, id, position])
                }
            }
            return replaced
        }
    }

    static func plan(_ db: Database, on day: String) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT item_id FROM plans WHERE day = ? ORDER BY position", arguments: [day])
    }

    /// Moves a day's plan to another day. Refuses when there is nothing to move or the other day has a plan
    /// (clear it first), so a plan is never lost by a move. Returns the pieces moved.
    @discardableResult
    public func movePlan(from: String, to: String) throws -> [Int64] {
        for day in [from, to] where !Day.isValid(day) { throw ClosetError.usage("'\(SafeText.escaped(day))' is not a day (YYYY-MM-DD)") }
        guard from != to else { return try plan(on: from) }
        return try write { db in
            let moving = try Self.plan(db, on: from)
            guard !moving.isEmpty else { throw ClosetError.noInput("nothing is planned on \(from)") }
            guard try Self.plan(db, on: to).isEmpty else { throw ClosetError.usage("\(to) already has a plan: clear it first") }
            try db.execute(sql: "UPDATE plans SET day = ? WHERE day = ?", arguments: [to, from])
            return moving
        }
    }
}
