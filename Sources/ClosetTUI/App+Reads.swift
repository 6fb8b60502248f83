import ClosetKit
import Foundation
import Stylist

/// What the calendar and the statistics read from the wardrobe. A read that fails says so on the screen, in
/// words: an empty month or empty figures would claim that nothing was worn.
extension TerminalApp {
    /// What was worn, and what is planned, on each day of the calendar's month.
    func loadCalendar() {
        do {
            let days = state.calendar.days
            state.calendar.wears = try wardrobe.worn(on: days)
            state.calendar.plans = try wardrobe.plans(on: days)
            state.calendar.failure = nil
        } catch {
            state.calendar.wears = [:]
            state.calendar.plans = [:]
            state.calendar.failure = state.say("The calendar could not be read: {0}", Self.words(for: error, state.language))
            state.message = state.calendar.failure
        }
    }

    /// The statistics' figures, over the items loaded and the wear log.
    func loadStats() {
        do {
            state.stats.figures = WardrobeStats(
                summaries: state.items.filter { $0.item.status != .archived }, wearDays: try wardrobe.wearDays(),
                today: Day.string(Date()))
            state.stats.failure = nil
        } catch {
            state.stats.figures = nil
            state.stats.failure = state.say("The statistics could not be read: {0}", Self.words(for: error, state.language))
        }
    }
}
