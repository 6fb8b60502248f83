import ClosetKit
import Foundation

/// The calendar: a month of days, each with what was worn; the chosen day's pieces listed below.
extension AppState {
    /// The days of the calendar's month, `YYYY-MM-DD`.
    public var calendarDays: [String] { Day.month(of: calendarMonth) }

    /// The chosen day.
    public var calendarSelected: String? { calendarDays.indices.contains(calendarDay) ? calendarDays[calendarDay] : nil }

    /// Opens the calendar at `today`'s month, on today.
    mutating func openCalendar(today: String = Day.string(Date())) -> [Effect] {
        calendarMonth = String(today.prefix(8)) + "01"
        calendarDay = max(0, (Int(today.suffix(2)) ?? 1) - 1)
        push(.calendar)
        return [.loadCalendar]
    }

    /// The first day of the month `by` months away from the calendar's.
    mutating func moveMonth(by step: Int) -> [Effect] {
        guard let y = Int(calendarMonth.prefix(4)), let m = Int(calendarMonth.dropFirst(5).prefix(2)) else { return [] }
        let index = y * 12 + (m - 1) + step
        calendarMonth = String(format: "%04d-%02d-01", index / 12, index % 12 + 1)
        calendarDay = min(calendarDay, calendarDays.count - 1)
        return [.loadCalendar]
    }

    var calendarBindings: [KeyBinding] {
        [
            KeyBinding([.left, .right, .up, .down, .char("h"), .char("l"), .char("k"), .char("j")], "←↑↓→", "day") { s, key in
                let step: Int
                switch key.movement ?? key {
                case .left: step = -1
                case .right: step = 1
                case .up: step = -7
                default: step = 7
                }
                let next = s.calendarDay + step
                if next < 0 { let effects = s.moveMonth(by: -1); s.calendarDay = max(0, s.calendarDays.count + next); return effects }
                if next >= s.calendarDays.count {
                    let over = next - s.calendarDays.count
                    let effects = s.moveMonth(by: 1)
                    s.calendarDay = min(over, s.calendarDays.count - 1)
                    return effects
                }
                s.calendarDay = next
                return []
            },
            KeyBinding([.pageUp, .char("[")], "[", "previous month") { s, _ in s.moveMonth(by: -1) },
            KeyBinding([.pageDown, .char("]")], "]", "next month") { s, _ in s.moveMonth(by: 1) },
            KeyBinding([.char("w")], "w", "wore the grid's item that day") { s, _ in
                guard let day = s.calendarSelected, let item = s.selected?.item, let id = item.id else { return [] }
                guard day <= Day.latestWearDay() else { s.message = "\(day) is still to come."; return [] }
                s.message = "Logged \(item.name) worn on \(day) (u undoes it)."
                return [.wearOn([id], day: day), .loadCalendar]
            },
            undoBinding, help, back(),
        ]
    }
}
