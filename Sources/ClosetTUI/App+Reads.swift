import ClosetKit
import Foundation
import Stylist

/// What the calendar and the statistics read from the wardrobe.
extension TerminalApp {
    /// What was worn, and what is planned, on each day of the calendar's month.
    func loadCalendar() {
        state.calendar.wears = (try? wardrobe.worn(on: state.calendar.days)) ?? [:]
        state.calendar.plans = (try? wardrobe.plans(on: state.calendar.days)) ?? [:]
    }

    /// The statistics' figures, over the items loaded and the wear log.
    func loadStats() {
        state.stats.figures = WardrobeStats(
            summaries: state.items.filter { $0.item.status != .archived }, wearDays: (try? wardrobe.wearDays()) ?? [:],
            today: Day.string(Date()))
    }
}
