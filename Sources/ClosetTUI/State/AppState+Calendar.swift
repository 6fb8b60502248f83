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

    /// The first day of the month `by` months away from the calendar's. The calendar stays put at the ends of
    /// the years closet keeps (``Day/years``): past them there is no day to show.
    mutating func moveMonth(by step: Int) -> [Effect] {
        guard let y = Int(calendarMonth.prefix(4)), let m = Int(calendarMonth.dropFirst(5).prefix(2)) else { return [] }
        let index = y * 12 + (m - 1) + step
        guard Day.years.contains(index / 12) else { return [] }
        calendarMonth = String(format: "%04d-%02d-01", index / 12, index % 12 + 1)
        calendarDay = max(0, min(calendarDay, calendarDays.count - 1))
        return [.loadCalendar]
    }

    /// The arrows move the chosen day, across months.
    var calendarArrows: KeyBinding {
        KeyBinding([.left, .right, .up, .down, .char("h"), .char("l"), .char("k"), .char("j")], "←↑↓→", "day") { s, key in
            let step: Int
            switch key.movement ?? key {
            case .left: step = -1
            case .right: step = 1
            case .up: step = -7
            default: step = 7
            }
            let next = s.calendarDay + step
            // At the first or last month kept, the day stays where it is.
            if next < 0 {
                let effects = s.moveMonth(by: -1)
                if !effects.isEmpty { s.calendarDay = max(0, s.calendarDays.count + next) }
                return effects
            }
            if next >= s.calendarDays.count {
                let over = next - s.calendarDays.count
                let effects = s.moveMonth(by: 1)
                if !effects.isEmpty { s.calendarDay = min(over, s.calendarDays.count - 1) }
                return effects
            }
            s.calendarDay = next
            return []
        }
    }

    /// `w`: one wear of the grid's selected item on the chosen day.
    var wearOnDayBinding: KeyBinding {
        KeyBinding([.char("w")], "w", "wore the grid's item that day") { s, _ in
            guard let day = s.calendarSelected, let item = s.selected?.item else { return [] }
            let id = item.id
            guard day <= Day.latestWearDay() else { s.message = s.say("{0} is still to come.", day); return [] }
            s.message = s.say("Logged {0} worn on {1} (u undoes it).", item.displayName(s.language), day)
            return [.wearOn([id], day: day), .loadCalendar]
        }
    }

    var calendarBindings: [KeyBinding] {
        [
            calendarArrows,
            KeyBinding([.pageUp, .char("[")], "[", "previous month") { s, _ in s.moveMonth(by: -1) },
            KeyBinding([.pageDown, .char("]")], "]", "next month") { s, _ in s.moveMonth(by: 1) },
            KeyBinding([.enter], "Enter", "open the day") { s, _ in
                s.push(.calendarDay); return []
            },
            wearOnDayBinding, undoBinding, help, back(),
        ]
    }

    /// The open day: log a wear or the planned outfit, move the plan to another day, or clear it.
    var calendarDayBindings: [KeyBinding] {
        [
            wearOnDayBinding,
            KeyBinding([.char("o")], "o", "wore the planned outfit that day") { s, _ in
                guard let day = s.calendarSelected else { return [] }
                let planned = s.calendarPlans[day] ?? []
                guard !planned.isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                guard day <= Day.latestWearDay() else { s.message = s.say("{0} is still to come.", day); return [] }
                s.message = s.say("Logged the planned outfit worn on {0} (u undoes it).", day)
                return [.wearOn(planned, day: day), .loadCalendar]
            },
            KeyBinding([.char("m")], "m", "move the plan to another day") { s, _ in
                guard let day = s.calendarSelected else { return [] }
                guard !(s.calendarPlans[day] ?? []).isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                s.calendarMoveFrom = day
                s.pop()
                s.push(.calendarMove)
                return []
            },
            KeyBinding([.char("x")], "x", "clear the plan") { s, _ in
                guard let day = s.calendarSelected else { return [] }
                guard !(s.calendarPlans[day] ?? []).isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                s.confirmation = Confirmation(question: s.say("Clear the plan of {0}? u undoes it.", day), effects: [.clearPlan(day)])
                s.push(.confirm)
                return []
            },
            undoBinding, help, back(),
        ]
    }

    /// Moving a plan: the arrows choose the day, Enter puts the plan there, Esc leaves it where it was.
    var calendarMoveBindings: [KeyBinding] {
        [
            calendarArrows,
            KeyBinding([.enter], "Enter", "put the plan on this day") { s, _ in
                guard let from = s.calendarMoveFrom, let to = s.calendarSelected else { s.pop(); return [] }
                guard from != to else { s.message = s.say("The plan stays on {0}.", from); s.calendarMoveFrom = nil; s.pop(); return [] }
                guard (s.calendarPlans[to] ?? []).isEmpty else {
                    s.message = s.say("{0} has a plan already: choose a free day, or clear that one first.", to)
                    return []
                }
                s.calendarMoveFrom = nil
                s.pop()
                return [.movePlan(from: from, to: to), .loadCalendar]
            },
            KeyBinding([.escape, .char("q")], "Esc", "cancel the move") { s, _ in
                s.calendarMoveFrom = nil
                s.pop()
                return []
            },
            help,
        ]
    }
}
