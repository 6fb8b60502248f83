import Foundation

/// A trip: the same items worn every day from one day to another, logged at once. The limit and the
/// expansion into days live here, so every writer (the CLI, the TUI, a script on the library) obeys them.
extension Wardrobe {
    /// The most days one call logs (a quarter of a year).
    public static let tripLimit = 92

    /// Every day from `first` to `last`, both included, in order. Refuses days that are not real dates, a
    /// `last` before `first`, and more than ``tripLimit`` days.
    public static func tripDays(from first: String, through last: String) throws -> [String] {
        for day in [first, last] where !Day.isValid(day) {
            throw ClosetError.usage("'\(SafeText.escaped(String(day.prefix(40))))' is not a calendar date: write YYYY-MM-DD")
        }
        guard let start = Day.ordinal(first), let end = Day.ordinal(last), end >= start else {
            throw ClosetError.usage("the last day, \(last), is before the first, \(first)")
        }
        try checkTripLength(end - start + 1)
        return Day.days(from: first, count: end - start + 1)
    }

    static func checkTripLength(_ count: Int) throws {
        guard count <= tripLimit else {
            throw ClosetError.usage("\(count) days is longer than a trip: log at most \(tripLimit) at once")
        }
    }

    /// Logs `ids` worn every day from `first` to `last` (both included), in one transaction: all of it, or
    /// none. Returns the days logged and the items that went to the laundry by habit.
    @discardableResult
    public func logTrip(items ids: [Int64], from first: String, through last: String) throws -> (days: [String], laundry: [ItemChange]) {
        let days = try Self.tripDays(from: first, through: last)
        return (days, try logWear(items: ids, days: days))
    }
}
