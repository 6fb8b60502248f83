@testable import ClosetKit
@testable import ClosetTUI
import Imaging
import XCTest

/// The pure parts of issue 42's forms and lists: choices in rows, help's lines and keys, the edit form's footer,
/// wrapped rows and colours, the calendar day's item picker, the category picker's filter, review's messages.
final class FormsPolishTests: XCTestCase {
    func loaded(size: (Int, Int) = (80, 24)) -> AppState {
        var s = AppState()
        s.terminalSize = (columns: size.0, rows: size.1)
        s.load([
            ItemSummary(
                item: Item(id: 1, NewItem(name: "Red tee", category: "shortSleeve", colors: ["red", "white"])), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 2, NewItem(name: "Blue jeans", category: "jeans", colors: ["blue"])), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 3, NewItem(name: "Rain jacket", category: "jacket")), wears: 0, lastWorn: nil),
        ])
        s.closet.grid.columns = 3
        s.closet.focusGrid = true
        return s
    }

    // MARK: Choices in rows

    func testChoicesStayOnOneLineWhenTheyFitElseEachWholeInRows() {
        XCTAssertEqual(ChoiceRows.layout(prompt: "Pick:", choices: ["1 A", "2 B"], width: 20), ["Pick:  1 A  2 B"])
        let choices = ["1 Jacket", "2 Coat", "3 Parka", "4 Padded winter coat", "5 Cardigan"]
        let rows = ChoiceRows.layout(prompt: "Which kind of outer?", choices: choices, width: 40)
        XCTAssertEqual(rows.first, "Which kind of outer?")
        XCTAssertEqual(rows.dropFirst().joined(separator: "  "), choices.joined(separator: "  "), "every choice, in order, none cut")
        for row in rows { XCTAssertLessThanOrEqual(TextWidth.of(row), 40, row) }
        // By display width: Korean takes two cells a syllable.
        let korean = ChoiceRows.pack(["1 반소매 티셔츠", "2 긴소매 티셔츠", "3 민소매"], width: 20)
        XCTAssertEqual(korean, ["1 반소매 티셔츠", "2 긴소매 티셔츠", "3 민소매"])
        XCTAssertEqual(ChoiceRows.pack([], width: 10), [])
    }

    // MARK: Help

    func testHelpScrollsWithTheCursorAndSaysWhatIsBelow() {
        var s = loaded()
        _ = s.handle(.char("?"))
        XCTAssertEqual(s.screen, .help)
        let rows = s.helpRows
        XCTAssertGreaterThan(rows.count, s.helpVisibleRows, "the closet's keys and rules do not fit 80×24")
        _ = s.handle(.char("G"))
        XCTAssertEqual(s.help.cursor.index, rows.count - 1)
        XCTAssertGreaterThan(s.help.cursor.scrollRow, 0, "scrolled to the end")
        _ = s.handle(.char("k"))
        XCTAssertEqual(s.help.cursor.index, rows.count - 2)
        _ = s.handle(.char("g"))
        XCTAssertEqual(s.help.cursor.scrollRow, 0)
        _ = s.handle(.pageDown)
        XCTAssertEqual(s.help.cursor.index, s.helpVisibleRows - 1)
    }

    func testHelpFiltersByKeyOrWordsInEitherLanguage() {
        let s = loaded()
        let bindings = s.bindings
        let calendar = HelpState.rows(bindings, language: .en, filter: "calen", width: 76)
        XCTAssertEqual(calendar.count, 1)
        XCTAssertTrue(calendar[0].text.contains("calendar"))
        XCTAssertEqual(bindings[calendar[0].binding!].label, "C")
        XCTAssertEqual(HelpState.rows(bindings, language: .ko, filter: "달력", width: 76).map(\.binding), calendar.map(\.binding))
        XCTAssertTrue(HelpState.rows(bindings, language: .en, filter: "zzz", width: 76).isEmpty)
        let all = HelpState.rows(bindings, language: .en, width: 76)
        XCTAssertTrue(all.contains { $0.text.contains("Ctrl-C") }, "the rules follow the keys when nothing is typed")
        XCTAssertTrue(all.contains { $0.text.contains("Letters:") })
    }

    func testEnterInHelpRunsTheChosenKeyOnTheScreenBelow() {
        var s = loaded()
        _ = s.handle(.char("?"))
        _ = s.handle(.char("/"))
        for c in "calen" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.helpRows.count, 1)
        XCTAssertEqual(s.handle(.enter), [.loadCalendar], "C on the closet screen opens the calendar")
        XCTAssertEqual(s.screen, .calendar)
        XCTAssertNil(s.help.filter)
        // A typing binding cannot be run from help: it says so.
        var t = loaded()
        _ = t.handle(.char("/"))
        _ = t.handle(.escape)
        _ = t.handle(.char("?"))
        _ = t.handle(.char("G"))
        XCTAssertEqual(t.handle(.enter), [])
        XCTAssertEqual(t.message, "Choose a key's line to run it.", "the last line is a rule, not a key")
    }

    // MARK: The edit form

    func testTheEditFormFooterAlwaysHasSaveAndCancelOnce() {
        for language in [Language.en, .ko] {
            var s = loaded()
            s.language = language
            _ = s.handle(.char("e"))
            for field in ItemEditor.Field.allCases {
                s.editor?.focus = field
                let footer = KeyBinding.footer(s.bindings, width: 78, language: language)
                XCTAssertTrue(footer.contains("Ctrl-S"), "\(language) \(field): \(footer)")
                let cancel = Strings.text("cancel", language)
                XCTAssertEqual(footer.components(separatedBy: cancel).count - 1, 1, "\(language) \(field): \(footer)")
                XCTAssertLessThanOrEqual(TextWidth.of(footer), 78)
            }
        }
    }

    func testAFormRowThatDoesNotFitWrapsWithEveryChoiceWhole() {
        var form = ItemEditor(item: Item(id: 1, NewItem(name: "Tee", category: "shortSleeve")))
        form.focus = .styles
        for language in [Language.en, .ko] {
            let rows = form.rows(.styles, width: 40, taxonomy: .shared, language: language)
            XCTAssertGreaterThan(rows.count, 1)
            for row in rows { XCTAssertLessThanOrEqual(TextWidth.of(row), 40, row) }
            for style in ItemEditor.commonStyles {
                XCTAssertTrue(rows.contains { $0.contains("[ ] " + Strings.text(style, language)) }, "\(language) \(style): \(rows)")
            }
        }
    }

    func testTheFormEditsBothColoursAsCloset_edit_colorDoes() throws {
        let item = Item(
            id: 1, NewItem(name: "Red tee", category: "shortSleeve", colors: ["red", "white", "black"], colorShares: [0.6, 0.3, 0.1]))
        var form = ItemEditor(item: item)
        XCTAssertEqual(try form.edited(), item, "nothing chosen, nothing changed: the shares stay")
        form.focus = .colour
        XCTAssertTrue(form.handle(.right, taxonomy: .shared))
        let palette = ColorPalette.shared.names
        let next = palette[(palette.firstIndex(of: "red")! + 1) % palette.count]
        form.focus = .secondColour
        // The second colour steps back to "none" from the first name of the palette.
        while form.colours.count > 1 && form.colours[1] != palette[0] { XCTAssertTrue(form.handle(.left, taxonomy: .shared)) }
        XCTAssertTrue(form.handle(.left, taxonomy: .shared))
        XCTAssertEqual(form.colours, [next])
        var expected = item
        expected.setColors([next])
        XCTAssertEqual(try form.edited().colors, [next])
        XCTAssertEqual(try form.edited(), expected, "the same library call as `closet edit --color`")
        XCTAssertTrue(form.isDirty)
    }

    func testSetColorsLowersDedupsAndDropsTheShares() {
        var item = Item(id: 1, NewItem(name: "Tee", category: "shortSleeve", colors: ["red"], colorShares: [1]))
        item.setColors(["Navy", " navy", "", "white"])
        XCTAssertEqual(item.colors, ["navy", "white"])
        XCTAssertEqual(item.colorShares, [])
        item.setColors(["  "])
        XCTAssertEqual(item.colors, ["navy", "white"], "no colour left: nothing changes")
    }

    // MARK: The calendar's day

    func calendarOn(_ day: String) -> AppState {
        var s = loaded()
        _ = s.openCalendar(today: day)
        s.calendar.plans = [day: [3]]
        return s
    }

    func testWOnTheCalendarPicksTheItemOnTheDaysScreenAndAsksFirst() {
        let today = Day.string(Date())
        var s = calendarOn(today)
        XCTAssertEqual(s.handle(.char("w")), [])
        XCTAssertEqual(s.screen, .calendarDay)
        XCTAssertEqual(s.calendar.picker?.chosen?.id, "3", "the day's plan first")
        for c in "jea" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.calendar.picker?.chosen?.id, "2")
        XCTAssertEqual(s.handle(.enter), [])
        XCTAssertEqual(s.screen, .confirm)
        XCTAssertEqual(s.question.confirmation?.question, "Log a wear of Blue jeans on \(today)?")
        XCTAssertEqual(s.handle(.char("y")), [.wearOn([2], day: today), .loadCalendar])
        XCTAssertEqual(s.message, "Logged Blue jeans worn on \(today) (u undoes it).")
        XCTAssertEqual(s.screen, .calendarDay)
        XCTAssertNil(s.calendar.picker)
    }

    func testADayToComeIsRefusedInWords() {
        let tomorrow = Day.string(Date().addingTimeInterval(86_400))
        var s = calendarOn(tomorrow)
        XCTAssertEqual(s.handle(.char("w")), [])
        XCTAssertEqual(s.screen, .calendar)
        XCTAssertEqual(s.message, "\(tomorrow) is still to come: a wear is logged on a day up to today.")
        _ = s.handle(.enter)
        XCTAssertEqual(s.handle(.char("o")), [], "the planned outfit is refused too")
        XCTAssertTrue(CalendarState.isFuture(tomorrow) && !CalendarState.isFuture(Day.string(Date())))
    }

    // MARK: The category picker

    func testTheCategoryPickerFiltersByTypingInEitherLanguage() {
        var s = loaded()
        _ = s.handle(.char("c"))
        XCTAssertEqual(s.categoryPicker.list.chosen?.id, "shortSleeve")
        for c in "park" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.categoryPicker.list.chosen?.id, "parka")
        XCTAssertTrue(KeyBinding.footer(s.bindings, width: 78).contains("type to filter"), "the footer says letters filter")
        XCTAssertEqual(s.handle(.enter), [.recategorize([1], category: "parka")])
        var k = loaded()
        _ = k.handle(.char("c"))
        for c in "파카" { _ = k.handle(.char(c)) }
        XCTAssertEqual(k.categoryPicker.list.chosen?.id, "parka")
        _ = k.handle(.char("z")); _ = k.handle(.char("z"))
        XCTAssertNil(k.categoryPicker.list.chosen)
        XCTAssertEqual(k.handle(.enter), [])
        XCTAssertEqual(k.message, "No category matches.")
    }

    func testPickListMatchesStartsFirstThenContains() {
        XCTAssertEqual(PickList.matches([["Long pants"], ["Pants suit"], ["Jeans"]], "pa"), [1, 0])
        XCTAssertEqual(PickList.matches([["A"], ["B"]], ""), [0, 1])
    }

    // MARK: Review's messages

    func testACategoryChoiceNamesTheNewNameAndKindAndAKeptKindSaysSo() {
        let s = loaded()
        let before = Item(id: 3, NewItem(name: "Navy jacket", category: "jacket"))
        var after = before
        after.category = "coat"
        after.name = "Navy coat"
        XCTAssertEqual(
            s.recategorizedMessage([ItemChange(before: before, after: after)], category: "coat"),
            "Now Coat: Navy coat, was Navy jacket (u undoes it).")
        var renamedNot = before
        renamedNot.category = "coat"
        XCTAssertEqual(
            s.recategorizedMessage([ItemChange(before: before, after: renamedNot)], category: "coat"),
            "Now Coat: Navy jacket (u undoes it).")
        XCTAssertEqual(
            s.recategorizedMessage([ItemChange(before: before, after: before)], category: "jacket"),
            "Confirmed Navy jacket as Jacket (u undoes it).")
        XCTAssertEqual(
            s.recategorizedMessage([ItemChange(before: before, after: after), ItemChange(before: before, after: after)], category: "coat"),
            "Now Coat: 2 items (u undoes it).")
    }

    func testReviewLaysItsChoicesOutInRowsAt80Columns() {
        var s = AppState()
        var vest = Item(id: 1, NewItem(name: "Linen vest", category: "sleeveless", needsReview: true, confidence: 0.46))
        vest.guesses = ["sleeveless", "shortSleeve", "longSleeve"]
        vest.guessShares = [0.46, 0.35, 0.09]
        s.load([ItemSummary(item: vest, wears: 0, lastWorn: nil)])
        let lines = s.reviewChoiceLines(width: 76)
        XCTAssertGreaterThan(lines.count, 1)
        let all = lines.joined(separator: "  ")
        for choice in ["1 Sleeveless 46%", "2 Short-sleeve T-shirt 35%", "3 Long-sleeve T-shirt 9%"] {
            XCTAssertTrue(all.contains(choice), all)
        }
        for line in lines { XCTAssertLessThanOrEqual(TextWidth.of(line), 76, line) }
    }
}
