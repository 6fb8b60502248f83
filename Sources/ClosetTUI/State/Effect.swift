import ClosetKit

/// What the controller must do for the state machine: the state itself never touches the wardrobe.
public enum Effect: Equatable, Sendable {
    /// Save an edit; `base` is the item as the editor read it, so that changes made meanwhile elsewhere are merged.
    case save(Item, base: Item)
    case delete([Int64])
    case archive([Int64], ArchiveReason)
    case unarchive([Int64])
    /// Send to the laundry or to repair, or bring back (`.active`).
    case setAway([Int64], ItemStatus)
    /// Bring everything in the laundry back.
    case laundryDone
    case importPaths([String])
    /// Confirm the items' category: the one they have, or a new one.
    case recategorize([Int64], category: String)
    /// Suggest outfits for a typed temperature, or (nil) for the weather Today opens with: a fresh cached
    /// forecast, else the temperature typed last. `asked`: a person asked (opening Today, a typed temperature,
    /// "another outfit"), so the day's memory steers the answer and keeps its first outfit; a redraw is no ask.
    case suggest(temp: Double?, asked: Bool = false)
    /// Replace one piece of a Today card with the next best that fits.
    case swap(card: Int, piece: Int)
    /// Plan the week from today's weather.
    case planWeek
    /// Read the wears of the calendar's month.
    case loadCalendar
    /// Read the statistics' figures (the wear log).
    case loadStats
    /// Log one wear today of each item.
    case wear([Int64])
    /// Log one wear of each item on a day (from the calendar).
    case wearOn([Int64], day: String)
    /// Move a day's saved plan to a day without one.
    case movePlan(from: String, to: String)
    /// Clear a day's saved plan.
    case clearPlan(String)
    case saveOutfit(name: String, items: [Int64])
    /// Remember the grid's order in the wardrobe's settings.
    case rememberOrder(ItemOrder)
    /// Undo a change made in this run.
    case undo(UndoStep)
    case quit
}

/// A change made in this run of the TUI that `u` can undo: what the wardrobe returned when it was made.
public enum UndoStep: Equatable, Sendable {
    case wear([Int64], day: String)
    /// Archived, unarchived, sent away, returned or recategorised items, before and after.
    case change([ItemChange], what: Change)
    case delete([RemovedItem])
    /// Saved plans as they were before a move or a clear: each day and its items (none: no plan).
    case plans([Plan])

    /// "the wear of 2 items", "the archive of Red tee".
    public var summary: String {
        switch self {
        case .wear(let ids, _): "the wear of " + (ids.count == 1 ? "1 item" : "\(ids.count) items")
        case .change(let changes, let what):
            "the \(what.noun) of " + (changes.count == 1 ? changes[0].before.name : "\(changes.count) items")
        case .delete(let removed): "the deletion of " + (removed.count == 1 ? removed[0].item.name : "\(removed.count) items")
        case .plans(let days): "the plan change of " + days.map(\.day).joined(separator: " and ")
        }
    }

    /// What a ``change(_:what:)`` did to its items.
    public enum Change: Equatable, Sendable {
        case archive, unarchive
        /// Sent to the laundry or to repair, or back in the closet (`.active`).
        case status(ItemStatus)
        /// Everything in the laundry back at once.
        case laundryDone
        case category

        /// "archive", "return from the laundry": the words after "the" in ``UndoStep/summary``.
        public var noun: String {
            switch self {
            case .archive: "archive"
            case .unarchive: "unarchive"
            case .status(.active): "return"
            case .status(.repair): "repair"
            case .status: "laundry"
            case .laundryDone: "return from the laundry"
            case .category: "category change"
            }
        }
    }
}

/// A question asked before a change: what to ask, and what to do on yes.
public struct Confirmation: Equatable, Sendable {
    public var question: String
    public var effects: [Effect]
}

/// Two edits of one item that disagree: the person's, and the one stored meanwhile by another closet.
public struct EditConflict: Equatable, Sendable {
    public var mine: Item
    public var current: Item
    public var fields: [Item.Field]

    public init(mine: Item, current: Item, fields: [Item.Field]) { self.mine = mine; self.current = current; self.fields = fields }
}
