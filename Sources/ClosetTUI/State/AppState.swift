import ClosetKit
import Weather
import Foundation

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
    /// forecast, else the temperature typed last.
    case suggest(temp: Double?)
    /// Replace one piece of a Today card with the next best that fits.
    case swap(card: Int, piece: Int)
    /// Plan the week from today's weather.
    case planWeek
    /// Read the wears of the calendar's month.
    case loadCalendar
    /// Log one wear today of each item.
    case wear([Int64])
    /// Log one wear of each item on a day (from the calendar).
    case wearOn([Int64], day: String)
    /// Move a day's saved plan to a day without one.
    case movePlan(from: String, to: String)
    /// Clear a day's saved plan.
    case clearPlan(String)
    case saveOutfit(name: String, items: [Int64])
    /// Undo a change made in this run.
    case undo(UndoStep)
    case quit
}

/// A change made in this run of the TUI that `u` can undo: what the wardrobe returned when it was made.
public enum UndoStep: Equatable, Sendable {
    case wear([Int64], day: String)
    /// Archived, unarchived or recategorised items, before and after.
    case change([ItemChange], what: String)
    case delete([RemovedItem])
    /// Saved plans as they were before a move or a clear: each day and its items (none: no plan).
    case plans([Plan])

    /// "the wear of 2 items", "the archive of Red tee".
    public var summary: String {
        switch self {
        case .wear(let ids, _): "the wear of " + (ids.count == 1 ? "1 item" : "\(ids.count) items")
        case .change(let changes, let what): "the \(what) of " + (changes.count == 1 ? changes[0].before.name : "\(changes.count) items")
        case .delete(let removed): "the deletion of " + (removed.count == 1 ? removed[0].item.name : "\(removed.count) items")
        case .plans(let days): "the plan change of " + days.map(\.day).joined(separator: " and ")
        }
    }
}

/// A question asked before a change: what to ask, and what to do on yes.
public struct Confirmation: Equatable, Sendable {
    public var question: String
    public var effects: [Effect]
}

/// The screens, stacked: Esc pops back to the one below.
public enum Screen: Equatable, Sendable {
    case closet, item, edit, review, importFiles, filters, help, today, stats, calendar
    /// The calendar with its chosen day open (Enter): actions on that day.
    case calendarDay
    /// The calendar while a plan is being moved: the arrows choose the day it goes to.
    case calendarMove
    case confirm, chooseArchiveReason, chooseCategory, confirmDiscard, confirmQuit, confirmConflict

    /// Screens drawn over the one below them.
    public var isOverlay: Bool {
        [.filters, .confirm, .chooseArchiveReason, .chooseCategory, .confirmDiscard, .confirmQuit, .confirmConflict].contains(self)
    }
}

/// One line of the category sidebar.
public enum SidebarEntry: Hashable, Sendable {
    case all
    case review
    case group(String)
    case category(String)
    /// Archived items (sold, donated, lost): out of the closet, and back with `a`.
    case archived
    /// Items in the wash, and away for repair: in the closet, dimmed, never suggested.
    case laundry, repair
}

/// The whole TUI as plain data plus a key handler: testable without a terminal (lazygit-style:
/// state and key handling here, drawing in Views, ncurses in Terminal).
public struct AppState: Sendable {
    public var taxonomy: Taxonomy
    public var language: Language
    public var wardrobeName: String
    public var items: [ItemSummary] = []

    /// The loaded item with `id` (a handful of lookups a frame: the calendar's days, Today's cards).
    public func item(_ id: Int64) -> Item? { items.first { $0.item.id == id }?.item }
    public var sidebar: [SidebarEntry] = []
    public var counts: [SidebarEntry: Int] = [:]
    public var sidebarCursor = ListCursor()
    public var grid = ListCursor()
    public var focusGrid = false
    public var stack: [Screen] = [.closet]
    public var search: TextField?
    public var searching = false
    public var editor: ItemEditor?
    public var reviewCursor = ListCursor()
    /// Review's type-to-filter over every category, and its cursor over the matches.
    public var reviewFilter: TextField?
    public var reviewMatchCursor = ListCursor()
    /// The import screen's browser (kept between visits, so it reopens where the person left it).
    public var browser: FileBrowser?
    /// Where the browser starts the first time (the working directory).
    public var importDirectory = FileManager.default.currentDirectoryPath
    public var facets = FacetFilter()
    /// The terminal's size as the controller last saw it (mouse clicks are mapped through it).
    public var terminalSize = (columns: 80, rows: 24)
    public var today = TodayState()
    public var message: String?
    /// An edit that collided with a change made outside this closet (another process), awaiting a decision.
    public var conflict: EditConflict?
    public var mouse = false
    public var archiveReason = 0
    /// The items the archive-reason choice applies to.
    public var archiveTargets: [Int64] = []
    /// The category picker's cursor, and the items its choice applies to.
    public var categoryCursor = ListCursor()
    public var categoryTargets: [Int64] = []
    /// Items marked with Space in the grid: `w`, `a`, `d` and `c` then act on all of them.
    public var marked: Set<Int64> = []
    /// The question a `.confirm` screen asks.
    public var confirmation: Confirmation?
    /// Changes of this run, newest last, for `u`.
    public var undo: [UndoStep] = []
    /// The item the item screen shows, pinned when it opens (and moved with ←→): a reload never puts another
    /// item in its place (``shownItem``).
    public var shownItemID: Int64?
    /// The calendar: its month's first day, the chosen day (0-based), and what was worn each day (the controller reads it).
    public var calendarMonth = ""
    public var calendarDay = 0
    public var calendarWears: [String: [Int64]] = [:]
    /// The month's saved plans (`closet plan --save`), by day.
    public var calendarPlans: [String: [Int64]] = [:]
    /// The day whose plan is being moved (`calendarMove`).
    public var calendarMoveFrom: String?

    /// The unit temperatures are shown and typed in.
    public var unit: TemperatureUnit

    public init(taxonomy: Taxonomy = .shared, language: Language = .en, unit: TemperatureUnit = .celsius, wardrobeName: String = "closet") {
        self.taxonomy = taxonomy
        self.language = language
        self.unit = unit
        self.wardrobeName = wardrobeName
    }

    public var screen: Screen { stack.last ?? .closet }

    /// The screen drawn beneath any overlays (a question, a picker).
    public var baseScreen: Screen { stack.last { !$0.isOverlay } ?? .closet }

    /// `english` in the person's language (`Resources/strings.json`), `{0}`, `{1}`, … filled in.
    func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }

    /// "3 items" / "3벌".
    func count(_ n: Int) -> String { Words.count(n, .item, language: language) }

    /// The closet screen's geometry at the current size.
    public var layout: ClosetLayout {
        ClosetLayout(columns: terminalSize.columns, rows: terminalSize.rows, filterLine: search != nil || facets.isActive)
    }

    /// Replaces the items (after a load or a change), keeping the selection where it can.
    public mutating func load(_ items: [ItemSummary]) {
        var perCategory: [String: Int] = [:]
        var review = 0, archived = 0
        var away: [ItemStatus: Int] = [:]
        for s in items {
            if s.item.status == .archived { archived += 1; continue }
            if s.item.status.isAway { away[s.item.status, default: 0] += 1 }
            perCategory[s.item.category, default: 0] += 1
            if s.item.needsReview { review += 1 }
        }
        show(items, perCategory: perCategory, review: review, archived: archived, laundry: away[.laundry] ?? 0, repair: away[.repair] ?? 0)
    }

    /// Shows the closet before every item is read: the first items (a screenful or more) and the
    /// counts of all of them. `load` with every item follows.
    public mutating func preview(_ firstItems: [ItemSummary], perCategory: [String: Int], review: Int) {
        show(firstItems, perCategory: perCategory, review: review)
    }

    /// Shows `items` with the sidebar counting `perCategory` and `review` (all of the items, or more).
    mutating func show(
        _ items: [ItemSummary], perCategory: [String: Int], review: Int, archived: Int = 0, laundry: Int = 0, repair: Int = 0
    ) {
        let selectedID = selected?.item.id
        self.items = items
        searchIndex = []
        let ids = Set(items.compactMap(\.item.id))
        marked = marked.filter(ids.contains)
        buildSidebar(perCategory: perCategory, review: review, archived: archived, laundry: laundry, repair: repair)
        facets.offer(items)
        refilter()
        if let selectedID, let i = visible.firstIndex(where: { $0.item.id == selectedID }) { grid.index = i; grid.scrollIntoView() }
        reviewItems = items.filter { $0.item.needsReview && $0.item.status != .archived }
        reviewCursor.set(count: reviewItems.count)
        if shownItemIsGone { message = shownItemGoneMessage }
    }

    /// The number of items loaded, or shown in the counts while a preview stands.
    public var itemCount: Int { counts[.all] ?? items.count }

    mutating func buildSidebar(perCategory: [String: Int], review: Int, archived: Int, laundry: Int = 0, repair: Int = 0) {
        var entries: [SidebarEntry] = [.all]
        var counts: [SidebarEntry: Int] = [.all: perCategory.values.reduce(0, +)]
        if review > 0 { entries.append(.review); counts[.review] = review }
        for group in taxonomy.groups {
            entries.append(.group(group.id))
            var inGroup = 0
            for c in taxonomy.categories(inGroup: group.id) {
                guard let n = perCategory[c.id], n > 0 else { continue }
                entries.append(.category(c.id)); counts[.category(c.id)] = n
                inGroup += n
            }
            counts[.group(group.id)] = inGroup
        }
        if laundry > 0 { entries.append(.laundry); counts[.laundry] = laundry }
        if repair > 0 { entries.append(.repair); counts[.repair] = repair }
        if archived > 0 { entries.append(.archived); counts[.archived] = archived }
        let keep = sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : nil
        sidebar = entries
        self.counts = counts
        sidebarCursor.set(count: entries.count)
        if let keep, let i = entries.firstIndex(of: keep) { sidebarCursor.index = i; sidebarCursor.scrollIntoView() }
    }

    /// Builds what the first search needs (each item's search text) ahead of time; the controller
    /// calls this while it waits for the first key.
    public mutating func warmUp() {
        if searchIndex.count != items.count { searchIndex = SearchText.index(items.lazy.map(\.item), taxonomy: taxonomy) }
    }

    /// The items the grid shows: the sidebar's choice, the facets, then the search text. Computed
    /// once per change (not per frame or per key): 10,000 items take a few milliseconds to filter.
    public private(set) var visible = VisibleItems()
    private var searchIndex: [SearchText] = []

    /// Recomputes `visible` after the sidebar choice, the search text or the facets changed.
    public mutating func refilter() {
        let entry = sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : .all
        var filter = ItemFilter(status: nil)
        filter.text = search?.text
        facets.apply(to: &filter)
        switch entry {
        case .all: break
        case .review: filter.needsReview = true
        case .group(let g): filter.group = g
        case .category(let c): filter.category = c
        case .archived, .laundry, .repair: break
        }
        // The archived view shows only archived items, the laundry and repair views only theirs, the rest
        // everything in the closet.
        let only: ItemStatus? = entry == .archived ? .archived : entry == .laundry ? .laundry : entry == .repair ? .repair : nil
        let taxonomy = self.taxonomy
        let words = SearchText.words(search?.text ?? "")
        // Each item's search text is made at the first search after a load, then reused per keystroke.
        if !words.isEmpty { warmUp() }
        var positions: [Int] = []
        // Through the buffer, so each item is borrowed rather than copied (a copy retains every field).
        items.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for i in all.indices
            where (only.map { base[i].item.status == $0 } ?? (base[i].item.status != .archived))
                && filter.matchesIgnoringText(base[i].item, taxonomy: taxonomy)
            {
                if words.isEmpty || searchIndex[i].contains(all: words) { positions.append(i) }
            }
        }
        visible = VisibleItems(items: items, positions: positions)
        grid.set(count: visible.count)
    }

    public var selected: ItemSummary? { visible.indices.contains(grid.index) ? visible[grid.index] : nil }

    public private(set) var reviewItems: [ItemSummary] = []

    public var hasUnsavedChanges: Bool { editor?.isDirty ?? false }

    mutating func push(_ s: Screen) {
        if s == .item { shownItemID = selected?.item.id }
        stack.append(s)
    }

    mutating func pop() {
        guard stack.count > 1 else { return }
        if stack.removeLast() == .item { shownItemID = nil }
    }

    /// The sidebar's choice changed: a fresh grid over the new selection.
    mutating func sidebarMoved() {
        grid = ListCursor(count: 0, columns: grid.columns)
        grid.visibleRows = max(1, grid.visibleRows)
        refilter()
    }

    /// A click selects (a second click on the selection opens it); the wheel moves by a row.
    mutating func mouse(_ event: MouseEvent) -> [Effect] {
        switch event.kind {
        case .wheelUp, .wheelDown:
            let key: Key = event.kind == .wheelUp ? .up : .down
            if screen == .closet, case .sidebarRow? = layout.target(x: event.x, y: event.y) {
                if sidebarCursor.handle(key) { sidebarMoved() }
                return []
            }
            if screen == .closet { if grid.handle(key) { focusGrid = true }; return [] }
            if [.review, .importFiles, .item].contains(screen) {
                return handle(key == .up ? (screen == .item ? .left : .up) : (screen == .item ? .right : .down))
            }
            return []
        case .press:
            switch screen {
            case .closet:
                switch layout.target(x: event.x, y: event.y) {
                case .sidebarRow(let row)?:
                    var cursor = sidebarCursor
                    cursor.visibleRows = layout.bodyHeight
                    cursor.scrollIntoView()
                    let i = cursor.scrollRow + row
                    guard sidebar.indices.contains(i) else { return [] }
                    focusGrid = false
                    if i != sidebarCursor.index { sidebarCursor.index = i; sidebarMoved() }
                case .gridCell(let n)?:
                    let i = grid.scrollRow * grid.columns + n
                    guard visible.indices.contains(i) else { return [] }
                    if i == grid.index && focusGrid { push(.item) } else { grid.index = i; focusGrid = true }
                case nil: break
                }
            case .review:
                let i = reviewCursor.scrollRow + event.y - 4
                if reviewItems.indices.contains(i) { reviewCursor.index = i }
            case .importFiles:
                guard var b = browser, b.typed == nil else { return [] }
                let i = b.cursor.scrollRow + event.y - 4
                guard b.entries.indices.contains(i) else { return [] }
                if i == b.cursor.index, b.entries[i].isDirectory { b.open(b.entries[i].path) } else { b.cursor.index = i }
                browser = b
            default: break
            }
            return []
        }
    }
}

/// Two edits of one item that disagree: the person's, and the one stored meanwhile by another closet.
public struct EditConflict: Equatable, Sendable {
    public var mine: Item
    public var current: Item
    public var fields: [Item.Field]

    public init(mine: Item, current: Item, fields: [Item.Field]) { self.mine = mine; self.current = current; self.fields = fields }
}
