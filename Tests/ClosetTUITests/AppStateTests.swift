import ClosetKit
import ClosetTUI
import XCTest

final class AppStateTests: XCTestCase {
    func sample() -> [ItemSummary] {
        [
            ItemSummary(
                item: Item(id: 1, NewItem(name: "White tee", category: "shortSleeve", colors: ["white"])), wears: 2, lastWorn: "2026-11-01"),
            ItemSummary(
                item: Item(id: 2, NewItem(name: "Navy knit", category: "sweater", colors: ["navy"], brand: "Uniq")), wears: 0, lastWorn: nil
            ),
            ItemSummary(
                item: Item(id: 3, NewItem(name: "Blue jeans", category: "jeans", needsReview: true, confidence: 0.41)), wears: 1,
                lastWorn: nil),
            ItemSummary(item: Item(id: 4, NewItem(name: "Camel coat", category: "coat")), wears: 0, lastWorn: nil),
        ]
    }

    func loaded() -> AppState {
        var s = AppState()
        s.load(sample())
        s.closet.grid.columns = 2
        return s
    }

    func testSidebarGroupsCategoriesWithCounts() {
        let s = loaded()
        XCTAssertEqual(Array(s.closet.sidebar.prefix(5)), [.all, .review, .group("top"), .category("shortSleeve"), .category("sweater")])
        XCTAssertEqual(s.closet.counts[.all], 4)
        XCTAssertEqual(s.closet.counts[.group("top")], 2)
        XCTAssertEqual(s.closet.counts[.review], 1)
        XCTAssertEqual(s.closet.counts[.group("hat")], 0)
    }

    func testMovingBetweenCategoriesFiltersTheGrid() {
        var s = loaded()
        _ = s.handle(.char("j")); _ = s.handle(.char("j"))  // All → Needs review → Tops
        XCTAssertEqual(s.closet.visible.map(\.item.id), [1, 2])
        _ = s.handle(.down)
        XCTAssertEqual(s.closet.visible.map(\.item.id), [1])
        _ = s.handle(.char("G"))
        XCTAssertEqual(s.closet.sidebar[s.closet.sidebarCursor.index], s.closet.sidebar.last)
        _ = s.handle(.char("g"))
        XCTAssertEqual(s.closet.visible.count, 4)
    }

    func testGridNavigationAndOpeningAnItem() {
        var s = loaded()
        _ = s.handle(.tab)
        XCTAssertTrue(s.closet.focusGrid)
        _ = s.handle(.right); _ = s.handle(.down)
        XCTAssertEqual(s.selected?.item.id, 4)
        _ = s.handle(.char("k"))
        XCTAssertEqual(s.selected?.item.id, 2)
        _ = s.handle(.enter)
        XCTAssertEqual(s.screen, .item)
        _ = s.handle(.escape)
        XCTAssertEqual(s.screen, .closet)
        _ = s.handle(.char("h")); _ = s.handle(.char("h"))
        XCTAssertFalse(s.closet.focusGrid, "left from the first column goes back to the sidebar")
    }

    func testEditChangesCategoryAndSaves() {
        var s = loaded()
        _ = s.handle(.tab); _ = s.handle(.enter); _ = s.handle(.char("e"))
        XCTAssertEqual(s.screen, .edit)
        _ = s.handle(.down)  // name → category
        _ = s.handle(.right)  // shortSleeve → longSleeve
        let effects = s.handle(.ctrl("s"))
        guard case .save(let item, _)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(item.category, "longSleeve")
        XCTAssertEqual(item.name, "White tee", "a name the person gave stays")
        XCTAssertEqual(s.screen, .item)
        // A generated name follows the new category.
        var generated = sample()[1].item
        generated.name = Item.generatedName(colors: generated.colors, category: generated.category)
        var form = ItemEditor(item: generated)
        form.item.category = "cardigan"
        XCTAssertEqual(try? form.edited().name, "Navy cardigan")
    }

    func testAPriceTypedInTheFormIsCheckedAndOneKeptFromBeforeIsNot() throws {
        var legacy = sample()[0].item
        legacy.price = 1e12  // stored before typed prices were capped
        var form = ItemEditor(item: legacy)
        form.fields[.name] = TextField("Renamed")
        XCTAssertEqual(try form.edited().price, 1e12, "other edits keep the old price")
        for typed in ["1000000001", "-1", "inf", "nan", "abc"] {
            form.fields[.price] = TextField(typed)
            XCTAssertThrowsError(try form.edited(), typed)
        }
        form.fields[.price] = TextField("1000000000")
        XCTAssertEqual(try form.edited().price, 1_000_000_000)
    }

    func testTypingInTheNameFieldAndDiscarding() {
        var s = loaded()
        _ = s.handle(.tab); _ = s.handle(.enter); _ = s.handle(.char("e"))
        for c in " v2" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.editor?.fields[.name]?.text, "White tee v2")
        XCTAssertTrue(s.hasUnsavedChanges)
        XCTAssertEqual(s.handle(.escape), [])
        XCTAssertEqual(s.screen, .confirmDiscard)
        _ = s.handle(.char("y"))
        XCTAssertEqual(s.screen, .item)
        XCTAssertNil(s.editor)
    }

    func testQuitAsksOnlyWithUnsavedEdits() {
        var s = loaded()
        XCTAssertEqual(s.handle(.char("q")), [.quit])
        var editing = loaded()
        _ = editing.handle(.tab); _ = editing.handle(.enter); _ = editing.handle(.char("e"))
        _ = editing.handle(.char("x"))
        XCTAssertEqual(editing.handle(.ctrl("c")), [])
        XCTAssertEqual(editing.screen, .confirmQuit)
        XCTAssertEqual(editing.handle(.char("y")), [.quit])
    }

    func testSearchFiltersAndEscClears() {
        var s = loaded()
        _ = s.handle(.char("/"))
        for c in "uniq" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.closet.visible.map(\.item.id), [2], "brand matches")
        _ = s.handle(.enter)
        XCTAssertFalse(s.closet.searching)
        XCTAssertTrue(s.closet.focusGrid)
        _ = s.handle(.escape)
        XCTAssertNil(s.closet.search)
        XCTAssertEqual(s.closet.visible.count, 4)
    }

    func testDeleteNeedsConfirmation() {
        var s = loaded()
        _ = s.handle(.tab); _ = s.handle(.enter); _ = s.handle(.char("d"))
        XCTAssertEqual(s.screen, .confirm)
        XCTAssertEqual(s.handle(.char("n")), [])
        XCTAssertEqual(s.screen, .item)
        _ = s.handle(.char("d"))
        XCTAssertEqual(s.handle(.char("y")), [.delete([1])])
    }

    func testReviewAcceptsOrPicksAnotherCategory() {
        var s = loaded()
        _ = s.handle(.char("r"))
        XCTAssertEqual(s.screen, .review)
        XCTAssertEqual(s.handle(.enter), [.recategorize([3], category: "jeans")])
        // Typing filters every category by name; Enter takes the first match.
        for c in "long p" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.reviewMatches, ["longPants"])
        XCTAssertEqual(s.handle(.enter), [.recategorize([3], category: "longPants")])
    }

    func testReviewOffersTheModelsGuessesOrItsQuestionOnNumberKeys() {
        var items = sample()
        items[2].item.guesses = ["jeans", "longPants", "shortPants"]
        items[2].item.guessShares = [0.41, 0.35, 0.1]
        items[3].item.needsReview = true
        items[3].item.detail = ["jacket", "coat", "parka", "winterOuter", "cardigan"]
        var s = AppState()
        s.load(items)
        _ = s.handle(.char("r"))
        XCTAssertNil(s.reviewQuestion)
        XCTAssertEqual(s.handle(.char("2")), [.recategorize([3], category: "longPants")], "one key takes the second guess")
        _ = s.handle(.down)
        XCTAssertEqual(s.reviewQuestion, "Which kind of outer?")
        XCTAssertEqual(s.reviewChoices.count, 5)
        XCTAssertEqual(s.handle(.char("2")), [.recategorize([4], category: "coat")])
        XCTAssertEqual(s.handle(.char("7")), [], "no seventh kind")
        // Thickness on the same screen.
        guard case .save(let thicker, _)? = s.handle(.char("+")).first else { return XCTFail("+ saves a thicker item") }
        XCTAssertEqual(thicker.thickness, 4)
        // Korean names filter too.
        _ = s.handle(.char("코"))
        XCTAssertEqual(s.reviewMatches.first, "coat")
        _ = s.handle(.escape)
        XCTAssertNil(s.review.filter)
        XCTAssertEqual(s.screen, .review)
    }

    func testArchiveReasonAndHelp() {
        var s = loaded()
        _ = s.handle(.tab); _ = s.handle(.enter); _ = s.handle(.char("a")); _ = s.handle(.right)
        XCTAssertEqual(s.handle(.enter), [.archive([1], .donated)])
        _ = s.handle(.char("?"))
        XCTAssertEqual(s.screen, .help)
        _ = s.handle(.escape)
        XCTAssertEqual(s.screen, .closet)
    }

    func testTodayOpensWithOutfitsAndTypesOnlyWhenAsked() {
        var s = loaded()
        XCTAssertEqual(s.handle(.char("t")), [.suggest(temp: nil, asked: true)], "Today suggests at once, from the weather it has")
        // The controller found outfits (for a remembered temperature).
        s.today.cards = [.init(ids: [1, 3], why: "12 °C → a", tags: "#closet"), .init(ids: [2, 3], why: "12 °C → b", tags: "#closet")]
        s.today.source = "12 °C typed yesterday · T to change"
        _ = s.handle(.right)
        XCTAssertEqual(s.handle(.char("w")), [.wear([2, 3])])
        XCTAssertEqual(s.handle(.ctrl("s")), [.saveOutfit(name: "Outfit for 12", items: [2, 3])])
        // ? shows help (it is not typed anywhere); ↓ selects a piece; s swaps it; x leaves it out today.
        _ = s.handle(.char("?"))
        XCTAssertEqual(s.screen, .help)
        _ = s.handle(.escape)
        _ = s.handle(.down)
        XCTAssertEqual(s.today.selectedID, 3)
        XCTAssertEqual(s.handle(.char("s")), [.swap(card: 1, piece: 1)])
        XCTAssertEqual(s.handle(.char("x")), [.suggest(temp: nil)], "a piece left out is no new ask")
        XCTAssertEqual(s.today.notToday, [3])
        // a asks again for today's outfit: the day's memory steers it.
        XCTAssertEqual(s.handle(.char("a")), [.suggest(temp: nil, asked: true)])
        // T types a temperature; while typing, ? is text and Enter suggests for it.
        _ = s.handle(.char("T"))
        for c in "-3" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.handle(.enter), [.suggest(temp: -3, asked: true)])
        XCTAssertNil(s.today.field)
        _ = s.handle(.char("T"))
        for c in "-1e300" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.handle(.enter), [], "an absurd temperature is refused in words")
        XCTAssertTrue(s.message?.contains("°C") ?? false, s.message ?? "")
        _ = s.handle(.escape)
        // W opens the week.
        XCTAssertEqual(s.handle(.char("W")), [.planWeek])
        XCTAssertTrue(s.today.showWeek)
        _ = s.handle(.escape)
        XCTAssertFalse(s.today.showWeek)
        XCTAssertEqual(s.screen, .today)
    }

    func testThicknessChangesWithOneKeyOnTheItemScreen() {
        var s = loaded()
        _ = s.handle(.tab)
        _ = s.handle(.enter)
        XCTAssertEqual(s.screen, .item)
        let item = s.selected!.item
        guard case .save(let saved, let base)? = s.handle(.char("t")).first else { return XCTFail("t saves a thickness") }
        XCTAssertEqual(saved.thickness, item.thickness % 5 + 1)
        XCTAssertEqual(base, item)
    }

    func testCursorClampsAndPages() {
        var c = ListCursor(count: 25, columns: 3)
        c.visibleRows = 4
        c.handle(.pageDown)
        XCTAssertEqual(c.index, 9)
        c.handle(.char("G"))
        XCTAssertEqual(c.index, 24)
        XCTAssertEqual(c.scrollRow, 5)
        c.handle(.right)
        XCTAssertEqual(c.index, 24)
        c.set(count: 3)
        XCTAssertEqual(c.index, 2)
    }
}
