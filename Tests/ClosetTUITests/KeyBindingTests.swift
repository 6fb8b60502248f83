import ClosetKit
@testable import ClosetTUI
import XCTest

/// Each screen's keys are declared once; dispatch, footer and help read the declarations.
final class KeyBindingTests: XCTestCase {
    func items() -> [ItemSummary] {
        [
            ItemSummary(item: Item(id: 1, NewItem(name: "White tee", category: "shortSleeve")), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 2, NewItem(name: "Navy knit", category: "sweater")), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 3, NewItem(name: "Blue jeans", category: "jeans")), wears: 0, lastWorn: nil),
            ItemSummary(
                item: Item(id: 4, NewItem(name: "Old parka", category: "parka", status: .archived, archiveReason: .donated)), wears: 0,
                lastWorn: nil
            ),
        ]
    }

    func loaded() -> AppState {
        var s = AppState()
        s.load(items())
        s.closet.grid.columns = 3
        s.closet.focusGrid = true
        return s
    }

    /// Every screen in every mode it has, so that the invariants below cover them all.
    func everyState() -> [(String, AppState)] {
        var out: [(String, AppState)] = []
        var s = loaded()
        out.append(("closet", s))
        var searching = s; _ = searching.handle(.char("/")); out.append(("search", searching))
        _ = s.handle(.enter); out.append(("item", s))
        var edit = s; _ = edit.handle(.char("e")); out.append(("edit name", edit))
        _ = edit.handle(.down); out.append(("edit category", edit))
        var confirm = s; _ = confirm.handle(.char("d")); out.append(("confirm", confirm))
        var reason = s; _ = reason.handle(.char("a")); out.append(("archive reason", reason))
        var category = s; _ = category.handle(.char("c")); out.append(("category", category))
        let closet = loaded()
        var review = closet; _ = review.handle(.char("r")); out.append(("review", review))
        var filters = closet; _ = filters.handle(.char("f")); out.append(("filters", filters))
        var help = closet; _ = help.handle(.char("?")); out.append(("help", help))
        var stats = closet; _ = stats.handle(.char("s")); out.append(("stats", stats))
        var today = closet; _ = today.handle(.char("t")); out.append(("today", today))
        _ = today.handle(.char("T")); out.append(("today typing", today))
        var week = closet; _ = week.handle(.char("t")); _ = week.handle(.char("W")); out.append(("week", week))
        var calendar = closet; _ = calendar.handle(.char("C")); out.append(("calendar", calendar))
        calendar.calendar.plans = [calendar.calendar.selected ?? "": [1]]
        _ = calendar.handle(.enter); out.append(("calendar day", calendar))
        _ = calendar.handle(.char("m")); out.append(("calendar move", calendar))
        var importing = closet; _ = importing.handle(.char("i")); out.append(("import", importing))
        _ = importing.handle(.tab); out.append(("import path", importing))
        return out
    }

    func testEveryKeyOfEveryScreenHasItsKoreanWordsInTheCatalog() {
        for (name, s) in everyState() {
            var marked = s
            marked.closet.marked = [1, 2]
            for binding in s.bindings + marked.bindings {
                XCTAssertTrue(Strings.has(binding.help, .ko), "\(name): '\(binding.help)' has no Korean in Resources/strings.json")
                XCTAssertTrue(Strings.has(binding.label, .ko) || binding.label(.ko) == binding.label, binding.label)
            }
        }
        XCTAssertTrue(Strings.has(AppState.leavingRule, .ko))
        // The screens' own words.
        for text in [
            "All", "Needs review", "Archived", "Laundry", "Repair", "(wash)", "(repair)", "Statistics", "Help", "Keys here:",
            "The closet is empty: press i to import photos.", "No items match.", "nothing logged", "planned", "terminal too small",
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        ] {
            XCTAssertTrue(Strings.has(text, .ko), text)
        }
        // No entry is empty, and English falls back to itself.
        for key in Strings.keys { XCTAssertFalse(Strings.text(key, .ko).isEmpty, key) }
        // Every placeholder of the English text is in the translation, and no other (word order may differ).
        func placeholders(_ text: String) -> [String] {
            (0..<10).map { "{\($0)}" }.filter { text.contains($0) }
        }
        for key in Strings.keys { XCTAssertEqual(placeholders(Strings.text(key, .ko)), placeholders(key), key) }
        XCTAssertEqual(Strings.text("back", .en), "back")
        XCTAssertEqual(Strings.text("back", .ko), "뒤로")
    }

    func testKoreanFootersFitAndGeneratedNamesReadInKoreanOrder() {
        var s = loaded()
        s.language = .ko
        for width in [40, 78, 198] {
            let footer = KeyBinding.footer(s.bindings, width: width, language: .ko)
            XCTAssertLessThanOrEqual(TextWidth.of(footer), width, footer)
            XCTAssertTrue(footer.contains("도움말"), footer)
        }
        let generated = NewItem(name: "Light grey short-sleeve t-shirt", category: "shortSleeve", colors: ["light grey"])
        XCTAssertEqual(generated.name, Item.generatedName(colors: ["light grey"], category: "shortSleeve"))
        XCTAssertEqual(generated.displayName(.ko), "밝은 회색 반소매 티셔츠")
        XCTAssertEqual(generated.displayName(.en), "Light grey short-sleeve t-shirt")
        let older = NewItem(name: "Light Grey short-sleeve t-shirt", category: "shortSleeve", colors: ["light grey"])
        XCTAssertEqual(older.displayName(.ko), "밝은 회색 반소매 티셔츠", "a name generated before sentence case")
        let typed = NewItem(name: "My lucky shirt", category: "shortSleeve", colors: ["light grey"])
        XCTAssertEqual(typed.displayName(.ko), "My lucky shirt", "a name the person typed stays as typed")
        // Every palette colour has a Korean name.
        XCTAssertEqual(Strings.colourNames.count, 23)
    }

    func testNoTwoBindingsOfAScreenShareAKey() {
        for (name, s) in everyState() {
            var seen: [Key: String] = [:]
            for binding in s.bindings {
                guard case .these(let keys) = binding.keys else { continue }
                for key in keys {
                    XCTAssertNil(seen[key], "\(name): \(key) is bound to both '\(seen[key] ?? "")' and '\(binding.help)'")
                    seen[key] = binding.help
                }
            }
        }
    }

    func testTheFooterAlwaysKeepsHelpAndTheWayOutAndFitsTheWidth() {
        for (name, s) in everyState() {
            for width in [40, 78, 198] {
                let footer = KeyBinding.footer(s.bindings, width: width)
                XCTAssertLessThanOrEqual(TextWidth.of(footer), width, "\(name) at \(width): \(footer)")
                let typing = s.bindings.contains { $0.keys.isTyping }
                if typing {
                    XCTAssertTrue(footer.contains("type ") && footer.contains("Esc"), "\(name) at \(width): \(footer)")
                } else {
                    XCTAssertTrue(footer.contains("? help"), "\(name) at \(width): \(footer)")
                    XCTAssertTrue(
                        footer.contains("q ") || footer.contains("n no") || footer.contains("Esc"), "\(name) at \(width): \(footer)")
                }
            }
        }
        let closet = KeyBinding.footer(loaded().bindings, width: 78)
        XCTAssertTrue(closet.hasSuffix("? help  q quit"), closet)
        XCTAssertTrue(closet.contains("…"), "what does not fit is elided, visibly: \(closet)")
    }

    func testQGoesBackEverywhereAndQuitsOnlyFromTheCloset() {
        for (name, s) in everyState() where s.screen != .closet && !s.bindings.contains(where: { $0.keys.isTyping }) {
            var t = s
            let depth = t.stack.count
            let effects = t.handle(.char("q"))
            XCTAssertFalse(effects.contains(.quit), name)
            // The week is a view of Today: q goes back from it to the day.
            XCTAssertTrue(t.stack.count < depth || s.today.showWeek && !t.today.showWeek, "\(name): q goes back")
        }
        var s = loaded()
        XCTAssertEqual(s.handle(.char("q")), [.quit])
    }

    func testGridKeysActOnTheSelectedItem() {
        var s = loaded()
        XCTAssertEqual(s.handle(.char("w")), [.wear([1])], "w logs a wear at once")
        _ = s.handle(.char("e"))
        XCTAssertEqual(s.screen, .edit)
        XCTAssertEqual(s.editor?.item.id, 1)
        _ = s.handle(.escape)
        _ = s.handle(.right)
        _ = s.handle(.char("d"))
        XCTAssertEqual(s.screen, .confirm)
        XCTAssertEqual(s.handle(.char("y")), [.delete([2])])
        XCTAssertEqual(s.screen, .closet)
        _ = s.handle(.char("c"))
        XCTAssertEqual(s.screen, .chooseCategory)
        XCTAssertEqual(s.taxonomy.categories[s.categoryPicker.cursor.index].id, "sweater", "the picker starts at the item's category")
        _ = s.handle(.down)
        let next = s.taxonomy.categories[s.categoryPicker.cursor.index].id
        XCTAssertEqual(s.handle(.enter), [.recategorize([2], category: next.rawValue)])
        _ = s.handle(.char("a"))
        XCTAssertEqual(s.screen, .chooseArchiveReason)
        _ = s.handle(.right); _ = s.handle(.right)
        XCTAssertEqual(s.handle(.enter), [.archive([2], .lost)])
    }

    func testSpaceMarksSeveralAndOneConfirmationCoversThem() {
        var s = loaded()
        _ = s.handle(.char(" "))  // marks the tee, moves on to the knit
        _ = s.handle(.char(" "))
        XCTAssertEqual(s.closet.marked, [1, 2])
        XCTAssertEqual(s.selected?.item.id, 3)
        XCTAssertEqual(s.handle(.char("w")), [], "several items: asked first")
        XCTAssertEqual(s.screen, .confirm)
        XCTAssertEqual(s.question.confirmation?.question, "Log a wear today of 2 items?")
        XCTAssertEqual(s.handle(.char("y")), [.wear([1, 2])])
        XCTAssertTrue(s.closet.marked.isEmpty, "the marks are spent")
        _ = s.handle(.char(" "))
        XCTAssertEqual(s.closet.marked, [3], "at the last item the cursor stays")
        _ = s.handle(.char(" "))
        XCTAssertEqual(s.closet.marked, [], "a second Space unmarks")
        _ = s.handle(.char("g")); _ = s.handle(.char(" ")); _ = s.handle(.char(" "))
        _ = s.handle(.char("a"))
        XCTAssertEqual(s.handle(.enter), [.archive([1, 2], .sold)])
        XCTAssertTrue(s.closet.marked.isEmpty)
        _ = s.handle(.char("g"))
        _ = s.handle(.char(" ")); _ = s.handle(.escape)
        XCTAssertTrue(s.closet.marked.isEmpty, "Esc clears the marks")
        _ = s.handle(.char(" ")); _ = s.handle(.char(" "))
        _ = s.handle(.char("d"))
        XCTAssertEqual(s.question.confirmation?.effects.count, 1)
        XCTAssertEqual(s.question.confirmation?.question.hasPrefix("Delete 2 items?"), true)
        XCTAssertEqual(s.handle(.char("n")), [])
        XCTAssertEqual(s.closet.marked.count, 2, "no keeps the marks")
    }

    func testUndoHandsBackTheLastStepOnce() {
        var s = loaded()
        XCTAssertEqual(s.handle(.char("u")), [])
        XCTAssertEqual(s.message, "Nothing to undo.")
        s.undo = [.wear([1], day: "2026-11-30"), .wear([2], day: "2026-11-30")]
        XCTAssertEqual(s.handle(.char("u")), [.undo(.wear([2], day: "2026-11-30"))])
        XCTAssertEqual(s.handle(.char("u")), [.undo(.wear([1], day: "2026-11-30"))])
        XCTAssertEqual(s.handle(.char("u")), [])
    }

    func testArchivedItemsHaveTheirOwnViewAndComeBackWithA() {
        var s = loaded()
        XCTAssertEqual(s.closet.counts[.all], 3, "archived items are out of the closet's counts")
        XCTAssertFalse(s.closet.visible.contains { $0.item.id == 4 })
        XCTAssertEqual(s.closet.sidebar.last, .archived)
        XCTAssertEqual(s.closet.counts[.archived], 1)
        s.closet.focusGrid = false
        _ = s.handle(.char("G"))
        XCTAssertEqual(s.closet.visible.map(\.item.id), [4])
        XCTAssertTrue(s.bindings.contains { $0.help == "unarchive" })
        XCTAssertEqual(s.handle(.char("a")), [.unarchive([4])])
        XCTAssertFalse(s.review.items.contains { $0.item.id == 4 })
    }

    func testHalfPageAndAGrownViewLeavesNoEmptyRows() {
        var c = ListCursor(count: 30, columns: 3)
        c.visibleRows = 2
        c.handle(.char("G"))
        XCTAssertEqual(c.scrollRow, 8)
        c.visibleRows = 10  // the terminal grew
        c.scrollIntoView()
        XCTAssertEqual(c.scrollRow, 0, "all ten rows fit: none scrolled away above empty space")
        c.handle(.char("g"))
        c.handle(.ctrl("d"))
        XCTAssertEqual(c.index, 15, "half of ten rows, three a row")
        c.handle(.ctrl("u"))
        XCTAssertEqual(c.index, 0)
    }

    func testTheTemperatureFieldTakesOnlyATemperature() {
        var s = loaded()
        _ = s.handle(.char("t")); _ = s.handle(.char("T"))
        _ = s.handle(.char("x"))
        XCTAssertEqual(s.today.field?.text, "")
        XCTAssertNotNil(s.message)
        _ = s.handle(.char("?"))
        XCTAssertEqual(s.screen, .help, "? is never a digit: it shows help")
        _ = s.handle(.escape)
        for c in "-3,5" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.handle(.enter), [.suggest(temp: -3.5, asked: true)])
        // In °F (closet profile --units imperial): typed in °F, suggested for °C.
        s.unit = .fahrenheit
        _ = s.handle(.char("T"))
        for c in "41" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.handle(.enter), [.suggest(temp: 5, asked: true)])
    }

    /// Past December 2200 (and before January 1900) there is no day to show: the calendar stays on the last
    /// month kept, its day where it was, instead of going blank.
    func testTheCalendarStopsAtTheEndsOfTheYearsKept() {
        var s = loaded()
        _ = s.openCalendar(today: "2200-12-30")
        XCTAssertEqual(s.handle(.char("]")), [], "no month after December 2200")
        XCTAssertEqual(s.calendar.selected, "2200-12-30")
        XCTAssertEqual(s.handle(.right), [])
        XCTAssertEqual(s.calendar.selected, "2200-12-31")
        XCTAssertEqual(s.handle(.right), [], "the last day stays chosen")
        XCTAssertEqual(s.calendar.selected, "2200-12-31")
        XCTAssertEqual(s.handle(.down), [])
        XCTAssertEqual(s.calendar.selected, "2200-12-31")
        XCTAssertEqual(s.handle(.char("[")), [.loadCalendar])
        XCTAssertEqual(s.calendar.selected, "2200-11-30", "the 31st's place, cut to November's 30 days")
        _ = s.openCalendar(today: "1900-01-03")
        XCTAssertEqual(s.handle(.char("[")), [])
        XCTAssertEqual(s.handle(.up), [])
        XCTAssertEqual(s.calendar.selected, "1900-01-03")
    }

    func testTheCalendarMovesByDayAndMonthAndLogsAWearOnThePastDayChosen() {
        var s = loaded()
        XCTAssertEqual(s.openCalendar(today: "2026-11-30"), [.loadCalendar])
        XCTAssertEqual(s.screen, .calendar)
        XCTAssertEqual(s.calendar.selected, "2026-11-30")
        XCTAssertEqual(s.calendar.days.count, 30)
        XCTAssertEqual(s.handle(.right), [.loadCalendar], "past the month's end: the next month")
        XCTAssertEqual(s.calendar.selected, "2026-12-01")
        XCTAssertEqual(s.handle(.char("[")), [.loadCalendar])
        XCTAssertEqual(s.calendar.selected, "2026-11-01", "the month changes, the day's place stays")
        _ = s.handle(.down)
        XCTAssertEqual(s.calendar.selected, "2026-11-08")
        XCTAssertEqual(s.handle(.char("w")), [.wearOn([1], day: "2026-11-08"), .loadCalendar], "the grid's item, worn that day")
        XCTAssertEqual(s.handle(.up), [])
        XCTAssertEqual(s.handle(.up), [.loadCalendar], "a week before the 1st: the month before")
        XCTAssertEqual(s.calendar.selected, "2026-10-25")
        _ = s.handle(.char("]"))
        _ = s.handle(.char("]")); _ = s.handle(.char("]"))
        XCTAssertEqual(s.calendar.month, "2027-01-01", "across the year")
        XCTAssertEqual(s.handle(.char("w")), [], "a day to come takes no wear")
        _ = s.handle(.char("q"))
        XCTAssertEqual(s.screen, .closet)
    }

    func testAnOpenDayLogsThePlanMovesItToAFreeDayOnlyAndClearsIt() {
        var s = loaded()
        _ = s.openCalendar(today: "2026-11-30")
        s.calendar.plans = ["2026-11-29": [1, 3], "2026-11-28": [2]]
        _ = s.handle(.left)
        XCTAssertEqual(s.handle(.enter), [])
        XCTAssertEqual(s.screen, .calendarDay, "Enter opens the day")
        XCTAssertEqual(s.handle(.char("o")), [.wearOn([1, 3], day: "2026-11-29"), .loadCalendar], "the planned outfit, worn that day")
        // Move: the arrows choose, a planned day refuses, a free day takes it.
        XCTAssertEqual(s.handle(.char("m")), [])
        XCTAssertEqual(s.screen, .calendarMove)
        XCTAssertEqual(s.handle(.left), [])
        XCTAssertEqual(s.handle(.enter), [], "the 28th has a plan: nothing is moved")
        XCTAssertEqual(s.screen, .calendarMove)
        XCTAssertTrue(s.message?.contains("2026-11-28 has a plan already") == true, s.message ?? "")
        _ = s.handle(.left)
        XCTAssertEqual(s.handle(.enter), [.movePlan(from: "2026-11-29", to: "2026-11-27"), .loadCalendar])
        XCTAssertEqual(s.screen, .calendar)
        XCTAssertNil(s.calendar.moveFrom)
        // Esc leaves a plan where it was.
        _ = s.handle(.right)
        _ = s.handle(.enter); _ = s.handle(.char("m")); _ = s.handle(.right)
        XCTAssertEqual(s.handle(.escape), [])
        XCTAssertEqual(s.screen, .calendar)
        // Clear asks first; a day with no plan has nothing to clear or move.
        s.calendar.day = 27  // the 28th
        _ = s.handle(.enter)
        XCTAssertEqual(s.handle(.char("x")), [])
        XCTAssertEqual(s.screen, .confirm)
        XCTAssertEqual(s.handle(.char("y")), [.clearPlan("2026-11-28")])
        XCTAssertEqual(s.screen, .calendarDay)
        s.calendar.day = 0
        XCTAssertEqual(s.handle(.char("x")), [])
        XCTAssertEqual(s.handle(.char("m")), [])
        XCTAssertEqual(s.screen, .calendarDay, "nothing planned on the 1st: nothing to move")
        XCTAssertEqual(s.message, "Nothing is planned on 2026-11-01.")
        _ = s.handle(.char("q"))
        XCTAssertEqual(s.screen, .calendar)
    }

    func testTabCompletesATypedPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("closet-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("summer-2026"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("summer-2025"), withIntermediateDirectories: true)
        try Data([1]).write(to: dir.appendingPathComponent("winter.jpg"))
        defer { try? FileManager.default.removeItem(at: dir) }
        var b = FileBrowser(directory: dir.path)
        b.typed = TextField(dir.path + "/su")
        b.complete()
        XCTAssertEqual(b.typed?.text, dir.path + "/summer-202", "the longest start both share")
        XCTAssertEqual(b.error, "summer-2025  summer-2026")
        b.typed = TextField(dir.path + "/w")
        b.complete()
        XCTAssertEqual(b.typed?.text, dir.path + "/winter.jpg")
        b.typed = TextField(dir.path + "/summer-2026")
        b.complete()
        XCTAssertEqual(b.typed?.text, dir.path + "/summer-2026/", "a folder alone gets its slash")
        b.typed = TextField(dir.path + "/zz")
        b.complete()
        XCTAssertEqual(b.typed?.text, dir.path + "/zz")
        XCTAssertNotNil(b.error)
    }

    func testAllInAFolderWithoutPhotosSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("closet-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var s = loaded()
        s.importFiles.directory = dir.path
        _ = s.handle(.char("i"))
        XCTAssertEqual(s.handle(.char("a")), [])
        XCTAssertEqual(s.message, "No photos (.jpg, .jpeg, .png) in this folder.")
    }
}

/// L sends the selected or marked items to the laundry and back; B brings all of it back; the sidebar
/// has entries for what is away.
final class LaundryKeyTests: XCTestCase {
    func testLSendsAndBringsBackAndTheSidebarShowsWhatIsAway() {
        var items = [
            ItemSummary(item: Item(id: 1, NewItem(name: "Tee", category: "shortSleeve")), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 2, NewItem(name: "Jeans", category: "jeans")), wears: 0, lastWorn: nil),
        ]
        var s = AppState()
        s.load(items)
        s.closet.focusGrid = true
        XCTAssertEqual(s.handle(.char("L")), [.setAway([1], .laundry)])
        XCTAssertEqual(s.handle(.char("B")), [], "nothing is in the laundry yet")
        items[0].item.status = .laundry
        s.load(items)
        XCTAssertEqual(s.closet.counts[.laundry], 1)
        XCTAssertEqual(s.closet.counts[.all], 2, "still in the closet")
        XCTAssertTrue(s.closet.sidebar.contains(.laundry))
        XCTAssertEqual(s.handle(.char("L")), [.setAway([1], .active)], "all of the targets there: back")
        XCTAssertEqual(s.handle(.char("B")), [.laundryDone])
        s.closet.focusGrid = false
        s.closet.sidebarCursor.index = s.closet.sidebar.firstIndex(of: .laundry)!
        s.refilter()
        XCTAssertEqual(s.closet.visible.map(\.item.id), [1])
    }
}
