import ClosetKit
import Foundation

/// The calendar screen: its month, the chosen day, and what the wardrobe holds for the month's days (the
/// controller reads them), or why it could not read them.
public struct CalendarState: Sendable {
    /// The month's first day, `YYYY-MM-01`.
    public var month = ""
    /// The chosen day, 0-based.
    public var day = 0
    /// What was worn each day.
    public var wears: [String: [Int64]] = [:]
    /// The month's saved plans (`closet plan --save`), by day.
    public var plans: [String: [Int64]] = [:]
    /// The day whose plan is being moved (`calendarMove`).
    public var moveFrom: String?
    /// Why the month's wears or plans could not be read, in words; nil when they were.
    public var failure: String?
    /// On the open day, the item being chosen for a wear (typing filters), nil when none is.
    public var picker: PickList?

    /// The days of the month, `YYYY-MM-DD`.
    public var days: [String] { Day.month(of: month) }

    /// The chosen day.
    public var selected: String? { days.indices.contains(day) ? days[day] : nil }

    /// Whether `day` is later than `today`: no wear can be logged on it yet (the library allows tomorrow, for
    /// a clock on another time zone; the calendar shows the person's own days).
    public static func isFuture(_ day: String, today: String = Day.string(Date())) -> Bool { day > today }
}
