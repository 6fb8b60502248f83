import ClosetKit

/// One screen, in lazygit's controller style: the keys it answers to, each declared once with its action and
/// help text, and how it is drawn. Dispatch, the footer and the `?` help screen all read the same
/// declarations, so the three cannot disagree.
protocol ScreenController {
    /// The screen's keys, in the order the footer shows them.
    static func bindings(_ s: AppState) -> [KeyBinding]
    /// Draws the screen (an overlay draws only itself, over the screen below).
    static func draw(_ s: AppState, _ view: Screens)
    /// A mouse click or wheel step, at a cell of the terminal.
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect]
}

extension ScreenController {
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect] { [] }
}

extension Screen {
    /// The controller that handles the screen.
    var controller: any ScreenController.Type {
        switch self {
        case .closet: ClosetScreen.self
        case .item: ItemScreen.self
        case .edit: EditScreen.self
        case .review: ReviewScreen.self
        case .importFiles: ImportScreen.self
        case .filters: FilterScreen.self
        case .help: HelpScreen.self
        case .today: TodayScreen.self
        case .stats: StatsScreen.self
        case .calendar, .calendarDay, .calendarMove: CalendarScreen.self
        case .confirm, .confirmDiscard, .confirmQuit, .confirmConflict, .chooseArchiveReason: QuestionScreen.self
        case .chooseCategory: CategoryPickerScreen.self
        }
    }
}

/// Dispatch: each key goes to the bindings of the screen on top.
///
/// The rule for leaving: `q` and Esc go back one screen, and on the closet screen `q` quits (asking first when
/// an edit is unsaved). Where text is being typed (the search, a form's text field, a path, a temperature),
/// `q` and `?` are letters: the footer then says "type", and Esc stops typing. Ctrl-C quits from anywhere.
extension AppState {
    /// The rule above, as help shows it.
    public static let leavingRule =
        "q and Esc go back; q on the closet screen quits (asking when an edit is unsaved). "
        + "While typing, q and ? are letters and Esc stops typing. Ctrl-C quits from anywhere. m toggles the mouse."

    /// Handles one key and returns what the controller must do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if case .mouse(let event) = key { return screen.controller.mouse(event, &self) }
        message = nil
        if key == .ctrl("c") {
            if hasUnsavedChanges && screen != .confirmQuit { push(.confirmQuit); return [] }
            return [.quit]
        }
        guard let binding = bindings.first(where: { $0.matches(key) }) else { return [] }
        return binding.action(&self, key)
    }

    /// The keys of the current screen, in the order the footer shows them.
    public var bindings: [KeyBinding] { screen.controller.bindings(self) }

    /// The wheel on a list screen: a step up or down (on the item screen, the previous or next item).
    mutating func wheel(_ event: MouseEvent) -> [Effect] {
        switch event.kind {
        case .wheelUp: handle(screen == .item ? .left : .up)
        case .wheelDown: handle(screen == .item ? .right : .down)
        case .press: []
        }
    }
}
