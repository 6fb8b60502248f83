import ClosetKit
import Foundation
import Stylist
import Weather

/// The screens, stacked: Esc pops back to the one below. Each has its controller (``ScreenController``):
/// its keys, their actions and its drawing, in `Screens/`.
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

/// The whole TUI as plain data plus a key handler: testable without a terminal (lazygit-style: state here,
/// each screen's keys, actions and drawing in its controller in `Screens/`, ncurses in `Terminal/`).
///
/// A small root: what every screen shares (the items, the screen stack, the message line, the undo list), and
/// one sub-state per screen.
public struct AppState: Sendable {
    public var taxonomy: Taxonomy
    public var language: Language
    public var wardrobeName: String
    /// The unit temperatures are shown and typed in.
    public var unit: TemperatureUnit
    public var items: [ItemSummary] = []
    public var stack: [Screen] = [.closet]
    public var message: String?
    /// Changes of this run, newest last, for `u`.
    public var undo: [UndoStep] = []
    /// The terminal's size as the controller last saw it (mouse clicks are mapped through it).
    public var terminalSize = (columns: 80, rows: 24)
    public var mouse = false

    // One sub-state per screen.
    public var closet = ClosetState()
    public var itemPage = ItemPageState()
    /// Garments cut out on the backdrop or shown as taken: the profile's (`closet profile --backdrop`), switched for
    /// the session on the item page.
    public var backdrop: Profile.Backdrop = .cutout
    public var editor: ItemEditor?
    public var review = ReviewState()
    public var importFiles = ImportState()
    public var today = TodayState()
    public var calendar = CalendarState()
    public var stats = StatsState()
    /// The yes/no questions drawn over a screen.
    public var question = QuestionState()
    public var archivePicker = ArchivePickerState()
    public var categoryPicker = CategoryPickerState()
    public var help = HelpState()

    public init(taxonomy: Taxonomy = .shared, language: Language = .en, unit: TemperatureUnit = .celsius, wardrobeName: String = "closet") {
        self.taxonomy = taxonomy
        self.language = language
        self.unit = unit
        self.wardrobeName = wardrobeName
    }

    /// The loaded item with `id` (a handful of lookups a frame: the calendar's days, Today's cards).
    public func item(_ id: Int64) -> Item? { items.first { $0.item.id == id }?.item }

    public var screen: Screen { stack.last ?? .closet }

    /// The screen drawn beneath any overlays (a question, a picker).
    public var baseScreen: Screen { stack.last { !$0.isOverlay } ?? .closet }

    /// `english` in the person's language (`Resources/strings.json`), `{0}`, `{1}`, … filled in.
    func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }

    /// "3 items" / "3벌".
    func count(_ n: Int) -> String { Words.count(n, .item, language: language) }

    /// The closet screen's geometry at the current size.
    public var layout: ClosetLayout {
        ClosetLayout(columns: terminalSize.columns, rows: terminalSize.rows, filterLine: closet.search != nil || closet.facets.isActive)
    }

    /// The grid's selected item.
    public var selected: ItemSummary? { closet.visible.indices.contains(closet.grid.index) ? closet.visible[closet.grid.index] : nil }

    public var hasUnsavedChanges: Bool { editor?.isDirty ?? false }

    mutating func push(_ s: Screen) {
        if s == .item { itemPage.shownID = selected?.item.id }
        stack.append(s)
    }

    mutating func pop() {
        guard stack.count > 1 else { return }
        if stack.removeLast() == .item { itemPage.shownID = nil }
    }
}

/// The item screen: which item it shows.
public struct ItemPageState: Sendable {
    /// The item shown, pinned when the screen opens (and moved with ←→): a reload never puts another item in
    /// its place (``AppState/shownItem``).
    public var shownID: Int64?
}

/// The import screen.
public struct ImportState: Sendable {
    /// The browser (kept between visits, so it reopens where the person left it).
    public var browser: FileBrowser?
    /// Where the browser starts the first time (the working directory).
    public var directory = FileManager.default.currentDirectoryPath
    /// The files of the folder shown whose photo the wardrobe holds already, and the folder they were found for.
    public var known: Set<String> = []
    public var knownFolder: String?
}

/// The statistics screen: its figures, read when it opens and again when the items change; or why they could not be.
public struct StatsState: Sendable {
    public var figures: WardrobeStats?
    public var failure: String?
}

/// A yes/no question over a screen.
public struct QuestionState: Sendable {
    /// The question a `.confirm` screen asks.
    public var confirmation: Confirmation?
    /// An edit that collided with a change made outside this closet (another process), awaiting a decision.
    public var conflict: EditConflict?
}

/// The archive-reason choice: the reason under the cursor, and the items it applies to.
public struct ArchivePickerState: Sendable {
    public var reason = 0
    public var targets: [Int64] = []
}

/// The category picker: its list (typing filters it), and the items its choice applies to.
public struct CategoryPickerState: Sendable {
    public var list = PickList([])
    public var targets: [Int64] = []
}

/// The review screen: the items to review, its cursor, and the typed category filter with its cursor.
public struct ReviewState: Sendable {
    public internal(set) var items: [ItemSummary] = []
    public var cursor = ListCursor()
    /// Type-to-filter over every category, and its cursor over the matches.
    public var filter: TextField?
    public var matchCursor = ListCursor()
}
