import ClosetKit
import Foundation

/// The calendar: a month of days, each with what was worn; the chosen day's pieces listed below.
enum CalendarScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] {
        switch s.screen {
        case .calendarDay: s.calendarDayBindings
        case .calendarMove: s.calendarMoveBindings
        default: s.calendarBindings
        }
    }

    static func draw(_ s: AppState, _ view: Screens) {
        if s.baseScreen == .calendarDay { view.calendarDay(s) } else { view.calendar(s) }
    }
}

extension AppState {
    /// Opens the calendar at `today`'s month, on today.
    mutating func openCalendar(today: String = Day.string(Date())) -> [Effect] {
        calendar.month = String(today.prefix(8)) + "01"
        calendar.day = max(0, (Int(today.suffix(2)) ?? 1) - 1)
        push(.calendar)
        return [.loadCalendar]
    }

    /// The first day of the month `by` months away from the calendar's. The calendar stays put at the ends of
    /// the years closet keeps (``Day/years``): past them there is no day to show.
    mutating func moveMonth(by step: Int) -> [Effect] {
        guard let y = Int(calendar.month.prefix(4)), let m = Int(calendar.month.dropFirst(5).prefix(2)) else { return [] }
        let index = y * 12 + (m - 1) + step
        guard Day.years.contains(index / 12) else { return [] }
        calendar.month = String(format: "%04d-%02d-01", index / 12, index % 12 + 1)
        calendar.day = max(0, min(calendar.day, calendar.days.count - 1))
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
            let next = s.calendar.day + step
            // At the first or last month kept, the day stays where it is.
            if next < 0 {
                let effects = s.moveMonth(by: -1)
                if !effects.isEmpty { s.calendar.day = max(0, s.calendar.days.count + next) }
                return effects
            }
            if next >= s.calendar.days.count {
                let over = next - s.calendar.days.count
                let effects = s.moveMonth(by: 1)
                if !effects.isEmpty { s.calendar.day = min(over, s.calendar.days.count - 1) }
                return effects
            }
            s.calendar.day = next
            return []
        }
    }

    /// `w`: a wear on the chosen day: the day opens, and its screen asks which item (typing filters the
    /// closet's items, the day's plan first); a day still to come is refused.
    var wearOnDayBinding: KeyBinding {
        KeyBinding([.char("w")], "w", "log a wear that day") { s, _ in
            s.pickWear(); return []
        }
    }

    /// Starts choosing the item worn on the chosen day, on the day's screen.
    mutating func pickWear() {
        guard let day = calendar.selected else { return }
        guard !CalendarState.isFuture(day) else {
            message = say("{0} is still to come: a wear is logged on a day up to today.", day); return
        }
        if screen == .calendar { push(.calendarDay) }
        let planned = calendar.plans[day] ?? []
        let closet = items.map(\.item).filter { $0.status != .archived }
        let ordered = closet.filter { planned.contains($0.id) } + closet.filter { !planned.contains($0.id) }
        calendar.picker = PickList(
            ordered.map { item in
                let kind = taxonomy.category(item.category)
                return PickList.Entry(
                    id: String(item.id),
                    label: item.displayName(language) + " · " + (kind?.displayName(language) ?? item.category.rawValue),
                    words: [item.name, kind?.en ?? "", kind?.ko ?? "", "#\(item.id)"])
            })
    }

    /// The items of the day's picker on screen at once.
    var wearPickerRows: Int { max(1, terminalSize.rows - 10) }

    /// Choosing the item worn: the arrows, Enter asks to log it, Esc stops choosing, typing filters.
    var wearPickerBindings: [KeyBinding] {
        [
            KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓", "item") { s, key in
                let rows = s.wearPickerRows
                s.calendar.picker?.move(key, rows: rows)
                return []
            },
            KeyBinding([.enter], "Enter", "log it") { s, _ in
                guard let day = s.calendar.selected, let chosen = s.calendar.picker?.chosen, let id = Int64(chosen.id),
                    let item = s.item(id)
                else { s.message = s.say("No item matches."); return [] }
                s.calendar.picker = nil
                let name = item.displayName(s.language)
                s.question.confirmation = Confirmation(
                    question: s.say("Log a wear of {0} on {1}?", name, day), effects: [.wearOn([id], day: day), .loadCalendar],
                    done: s.say("Logged {0} worn on {1} (u undoes it).", name, day))
                s.push(.confirm)
                return []
            },
            KeyBinding([.escape], "Esc", "stop choosing") { s, _ in
                s.calendar.picker = nil; return []
            },
            .filtering { s, key in
                s.calendar.picker?.type(key); return []
            },
        ]
    }

    var calendarBindings: [KeyBinding] {
        [
            calendarArrows,
            KeyBinding([.pageUp, .char("[")], "[", "previous month") { s, _ in s.moveMonth(by: -1) },
            KeyBinding([.pageDown, .char("]")], "]", "next month") { s, _ in s.moveMonth(by: 1) },
            KeyBinding([.enter], "Enter", "open the day") { s, _ in
                s.push(.calendarDay); return []
            },
            wearOnDayBinding, .undo, .help, .back(),
        ]
    }

    /// The open day: its wears and plan on a screen of its own; log a wear (choosing the item) or the planned
    /// outfit, move the plan to another day, or clear it.
    var calendarDayBindings: [KeyBinding] {
        if calendar.picker != nil { return wearPickerBindings }
        return [
            wearOnDayBinding,
            KeyBinding([.char("o")], "o", "wore the planned outfit that day") { s, _ in
                guard let day = s.calendar.selected else { return [] }
                let planned = s.calendar.plans[day] ?? []
                guard !planned.isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                guard !CalendarState.isFuture(day) else {
                    s.message = s.say("{0} is still to come: a wear is logged on a day up to today.", day); return []
                }
                s.message = s.say("Logged the planned outfit worn on {0} (u undoes it).", day)
                return [.wearOn(planned, day: day), .loadCalendar]
            },
            KeyBinding([.char("m")], "m", "move the plan to another day") { s, _ in
                guard let day = s.calendar.selected else { return [] }
                guard !(s.calendar.plans[day] ?? []).isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                s.calendar.moveFrom = day
                s.pop()
                s.push(.calendarMove)
                return []
            },
            KeyBinding([.char("x")], "x", "clear the plan") { s, _ in
                guard let day = s.calendar.selected else { return [] }
                guard !(s.calendar.plans[day] ?? []).isEmpty else { s.message = s.say("Nothing is planned on {0}.", day); return [] }
                s.question.confirmation = Confirmation(
                    question: s.say("Clear the plan of {0}? u undoes it.", day), effects: [.clearPlan(day)])
                s.push(.confirm)
                return []
            },
            .undo, .help, .back(),
        ]
    }

    /// Moving a plan: the arrows choose the day, Enter puts the plan there, Esc leaves it where it was.
    var calendarMoveBindings: [KeyBinding] {
        [
            calendarArrows,
            KeyBinding([.enter], "Enter", "put the plan on this day") { s, _ in
                guard let from = s.calendar.moveFrom, let to = s.calendar.selected else { s.pop(); return [] }
                guard from != to else { s.message = s.say("The plan stays on {0}.", from); s.calendar.moveFrom = nil; s.pop(); return [] }
                guard (s.calendar.plans[to] ?? []).isEmpty else {
                    s.message = s.say("{0} has a plan already: choose a free day, or clear that one first.", to)
                    return []
                }
                s.calendar.moveFrom = nil
                s.pop()
                return [.movePlan(from: from, to: to), .loadCalendar]
            },
            KeyBinding([.escape, .char("q")], "Esc", "cancel the move") { s, _ in
                s.calendar.moveFrom = nil
                s.pop()
                return []
            },
            .help,
        ]
    }
}

extension Screens {
    /// The calendar: a month grid, each day with how many pieces were worn (●) or are planned (▸), and, where
    /// the cells are tall enough, the photo of the day's first piece; the chosen day's pieces below.
    func calendar(_ s: AppState) {
        let t = terminal
        let days = s.calendar.days
        guard let first = days.first else { return }
        t.put(1, 2, Day.monthName(first, language: s.language), style: .init(bold: true))
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let width = max(6, min(14, (t.columns - 4) / 7))
        for (i, name) in weekdays.enumerated() {
            t.put(2, 2 + i * width, Strings.text(name, s.language), width: width, style: .init(dim: true))
        }
        let lead = weekdays.firstIndex(of: Day.weekday(first) ?? "Mon") ?? 0
        let weeks = (lead + days.count + 6) / 7
        // Two rows a week at least; taller on a tall terminal, leaving the status bar and two lines below.
        let height = max(2, min(9, (t.rows - 3 - 3) / weeks))
        let today = Day.string(Date())
        for (i, day) in days.enumerated() {
            let cell = lead + i
            let (x, y) = (2 + (cell % 7) * width, 3 + (cell / 7) * height)
            let worn = s.calendar.wears[day] ?? [], planned = s.calendar.plans[day] ?? []
            let chosen = i == s.calendar.day
            // Worn: ● and how many; planned: ▸ and how many.
            let text =
                String(format: "%2d", i + 1)
                + (!worn.isEmpty ? " ●\(worn.count)" : !planned.isEmpty ? " ▸\(planned.count)" : day > today ? "" : " ·")
            t.put(y, x, text, width: width - 1, style: .init(bold: day == today || chosen, reverse: chosen))
            // A photo of the day where the cell has room: the first piece worn, else planned, that has one.
            if height >= 4, let item = (worn.isEmpty ? planned : worn).lazy.compactMap(s.item).first(where: { $0.photo != nil }) {
                let rows = height - 2
                drawPicture(item, x: x, y: y + 1, columns: min(width - 2, rows * 2), rows: rows, many: true, language: s.language)
            }
        }
        let below = 3 + weeks * height + (height > 2 ? 0 : 1)
        guard let day = s.calendar.selected, below < t.rows - 1 else { return }
        func names(_ ids: [Int64]?) -> [String] {
            (ids ?? []).compactMap { s.item($0)?.displayName(s.language) }
        }
        let pieces = names(s.calendar.wears[day]), plan = names(s.calendar.plans[day])
        let weekday = Strings.text(Day.weekday(day) ?? "", s.language)
        if let from = s.calendar.moveFrom, s.baseScreen == .calendarMove {
            // Moving a plan: where it comes from, and whether this day can take it.
            t.put(
                below, 2, s.say("Moving the plan of {0}: choose a day, Enter puts it there.", from), width: t.columns - 4,
                style: .init(bold: true))
            if below + 1 < t.rows - 1 {
                let free = (s.calendar.plans[day] ?? []).isEmpty || day == from
                t.put(
                    below + 1, 2, "\(day) \(weekday): " + (free ? s.say("free") : s.say("has a plan already")), width: t.columns - 4,
                    style: .init(dim: !free))
            }
            return
        }
        if let failure = s.calendar.failure {
            // An unread month says so: empty days would claim nothing was worn.
            t.put(below, 2, failure, width: t.columns - 4, style: .init(bold: true))
            return
        }
        let open = s.baseScreen == .calendarDay
        t.put(
            below, 2,
            "\(day) \(weekday): " + (pieces.isEmpty ? Strings.text("nothing logged", s.language) : pieces.joined(separator: ", ")),
            width: t.columns - 4, style: .init(bold: open))
        if !plan.isEmpty && below + 1 < t.rows - 1 {
            t.put(below + 1, 2, Strings.text("planned", s.language) + ": " + plan.joined(separator: ", "), width: t.columns - 4)
        }
    }
}

extension Screens {
    /// The open day: what was worn and what is planned, each piece on a line; while a wear is being logged,
    /// the two in a line each and the closet's items below to choose from (typing filters them).
    func calendarDay(_ s: AppState) {
        let t = terminal
        guard let day = s.calendar.selected else { return }
        let weekday = Strings.text(Day.weekday(day) ?? "", s.language)
        let today = Day.string(Date())
        let when = day == today ? s.say("today") : CalendarState.isFuture(day, today: today) ? s.say("still to come") : ""
        t.put(1, 2, "\(day) \(weekday)" + (when.isEmpty ? "" : " · " + when), style: .init(bold: true))
        if let failure = s.calendar.failure { t.put(2, 2, failure, width: t.columns - 4, style: .init(bold: true)) }
        func names(_ ids: [Int64]?) -> [String] { (ids ?? []).compactMap { s.item($0)?.displayName(s.language) } }
        let worn = names(s.calendar.wears[day]), planned = names(s.calendar.plans[day])
        let wornTitle = s.say("Worn"), plannedTitle = s.say("Planned")
        guard let picker = s.calendar.picker else {
            var y = 3
            for (title, list, empty) in [(wornTitle, worn, s.say("nothing logged")), (plannedTitle, planned, s.say("nothing planned"))] {
                guard y < t.rows - 2 else { break }
                t.put(y, 2, title, style: .init(bold: true))
                y += 1
                for name in list.isEmpty ? [empty] : list where y < t.rows - 2 {
                    t.put(y, 4, list.isEmpty ? name : "• " + name, width: t.columns - 6, style: .init(dim: list.isEmpty))
                    y += 1
                }
                y += 1
            }
            return
        }
        t.put(3, 2, wornTitle + ": " + (worn.isEmpty ? s.say("nothing logged") : worn.joined(separator: ", ")), width: t.columns - 4)
        t.put(
            4, 2, plannedTitle + ": " + (planned.isEmpty ? s.say("nothing planned") : planned.joined(separator: ", ")), width: t.columns - 4
        )
        t.put(6, 2, s.say("Which item did you wear on {0}?", day), width: t.columns - 4, style: .init(bold: true))
        let filter = picker.filter.text.isEmpty ? s.say("type to filter") : s.say("Filter:") + " " + picker.filter.text + "▏"
        t.put(7, 2, filter, width: t.columns - 4, style: .init(underline: !picker.filter.text.isEmpty))
        var cursor = picker.cursor
        cursor.visibleRows = s.wearPickerRows
        cursor.scrollIntoView()
        if picker.shown.isEmpty { t.put(8, 4, s.say("No item matches."), width: t.columns - 6) }
        let end = min(picker.shown.count, cursor.scrollRow + cursor.visibleRows)
        for (row, i) in (cursor.scrollRow..<end).enumerated() {
            t.put(8 + row, 4, picker.entries[picker.shown[i]].label, width: t.columns - 6, style: .init(reverse: i == cursor.index))
        }
        var more: [String] = []
        if cursor.scrollRow > 0 { more.append(s.say("more above ↑")) }
        if end < picker.shown.count { more.append(s.say("more below ↓")) }
        if !more.isEmpty { t.put(8 + cursor.visibleRows, 4, more.joined(separator: "  "), width: t.columns - 6, style: .init(dim: true)) }
    }
}
