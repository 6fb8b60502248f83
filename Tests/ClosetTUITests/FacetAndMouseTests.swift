import ClosetKit
@testable import ClosetTUI
import XCTest

final class FacetAndMouseTests: XCTestCase {
    func loaded() -> AppState {
        var s = AppState()
        s.load([
            ItemSummary(
                item: Item(
                    id: 1, NewItem(name: "White tee", category: "shortSleeve", colors: ["white"], seasons: [.summer], styles: ["casual"])),
                wears: 0, lastWorn: nil),
            ItemSummary(
                item: Item(
                    id: 2,
                    NewItem(name: "Navy knit", category: "sweater", colors: ["Navy"], seasons: [.winter], styles: ["office", "casual"])),
                wears: 0, lastWorn: nil),
            ItemSummary(
                item: Item(
                    id: 3, NewItem(name: "Navy coat", category: "coat", colors: ["navy", "grey"], seasons: [.winter], styles: ["office"])),
                wears: 0, lastWorn: nil),
            ItemSummary(
                item: Item(id: 4, NewItem(name: "Grey scarf", category: "scarf", colors: ["grey"], seasons: [], styles: [])), wears: 0,
                lastWorn: nil
            ),
        ])
        s.terminalSize = (80, 24)
        s.closet.grid.columns = s.layout.gridShape.columns
        s.closet.grid.visibleRows = s.layout.gridShape.rows
        return s
    }

    func testFacetChoicesComeFromTheWardrobeMostCommonFirst() {
        let s = loaded()
        XCTAssertEqual(s.closet.facets.choices(.style), ["casual", "office"])
        XCTAssertEqual(s.closet.facets.choices(.colour), ["grey", "navy", "white"])
        XCTAssertEqual(s.closet.facets.choices(.season), Season.allCases.map(\.rawValue))
    }

    func testTheFacetsFollowAKoreanSearchTextAtItsWidthInCells() {
        var s = loaded()
        s.language = .ko
        _ = s.handle(.char("/"))
        for c in "코트" { _ = s.handle(.char(c)) }
        _ = s.handle(.enter)
        s.closet.facets.season = .winter
        let parts = ClosetScreen.filterLine(s)
        XCTAssertEqual(parts.map(\.text.first), ["/", "1", "["], "the search, its match count, the facets")
        XCTAssertEqual(parts[0].text, "/ 코트  ")
        XCTAssertEqual(parts[1].column, 8, "two cells a syllable: the count starts after the search text, not inside it")
        XCTAssertTrue(parts[1].text.hasPrefix("1개 일치"), parts[1].text)
        XCTAssertEqual(parts[2].column, 8 + TextWidth.of(parts[1].text), "the facets after the count, by display width")
    }

    func testSeasonStyleAndColourFiltersNarrowTheGridAndEscClearsThem() {
        var s = loaded()
        _ = s.handle(.char("f"))
        XCTAssertEqual(s.screen, .filters)
        // season: any → spring → summer → autumn → winter
        for _ in 0..<4 { _ = s.handle(.right) }
        XCTAssertEqual(s.closet.facets.season, .winter)
        XCTAssertEqual(s.closet.visible.map(\.item.id), [2, 3, 4], "winter things, and the scarf that has no season (all-season)")
        _ = s.handle(.down); _ = s.handle(.right); _ = s.handle(.right)  // style: any → casual → office
        XCTAssertEqual(s.closet.facets.style, "office")
        XCTAssertEqual(s.closet.visible.map(\.item.id), [2, 3])
        _ = s.handle(.down); _ = s.handle(.left)  // colour: any → (last) white
        XCTAssertEqual(s.closet.facets.colour, "white")
        XCTAssertTrue(s.closet.visible.isEmpty)
        _ = s.handle(.right); _ = s.handle(.right)  // white → any → grey
        XCTAssertEqual(s.closet.facets.colour, "grey")
        XCTAssertEqual(s.closet.visible.map(\.item.id), [3])
        _ = s.handle(.enter)
        XCTAssertEqual(s.screen, .closet)
        XCTAssertTrue(s.layout.filterLine, "the active filters show above the grid")
        XCTAssertEqual(s.closet.facets.summary, "winter · office · grey")
        _ = s.handle(.char("/")); for c in "coat" { _ = s.handle(.char(c)) }; _ = s.handle(.enter)
        XCTAssertEqual(s.closet.visible.map(\.item.id), [3], "search and filters combine")
        _ = s.handle(.escape)
        XCTAssertFalse(s.closet.facets.isActive)
        XCTAssertNil(s.closet.search)
        XCTAssertEqual(s.closet.visible.count, 4)
    }

    func testColourFilterIgnoresCase() {
        var s = loaded()
        _ = s.handle(.char("f")); _ = s.handle(.down); _ = s.handle(.down)
        _ = s.handle(.right); _ = s.handle(.right)  // colour → navy
        XCTAssertEqual(s.closet.facets.colour, "navy")
        XCTAssertEqual(s.closet.visible.map(\.item.id), [2, 3], "\"Navy\" and \"navy\" are the same colour")
        _ = s.handle(.char("x"))
        XCTAssertFalse(s.closet.facets.isActive)
    }

    func testLayoutMapsScreenCellsToSidebarRowsAndGridCells() {
        let layout = ClosetLayout(columns: 80, rows: 24)
        XCTAssertEqual(layout.gridShape.columns, 3)
        XCTAssertEqual(layout.gridShape.rows, 2)
        XCTAssertEqual(layout.target(x: 3, y: 1), .sidebarRow(0))
        XCTAssertEqual(layout.target(x: 3, y: 5), .sidebarRow(4))
        XCTAssertEqual(layout.target(x: layout.gridLeft, y: 1), .gridCell(0))
        XCTAssertEqual(layout.target(x: layout.gridLeft + layout.cellWidth, y: 1 + layout.cellHeight), .gridCell(4))
        XCTAssertNil(layout.target(x: 10, y: 0), "the header")
        XCTAssertNil(layout.target(x: 10, y: 23), "the status bar")
        XCTAssertNil(layout.target(x: layout.sidebarWidth, y: 3), "the divider")
        let filtered = ClosetLayout(columns: 80, rows: 24, filterLine: true)
        XCTAssertNil(filtered.target(x: filtered.gridLeft, y: 1), "the filter line is not a cell")
        XCTAssertEqual(filtered.target(x: filtered.gridLeft, y: 2), .gridCell(0))
    }

    func testGridCellsGrowWithTheWindow() {
        // At 80×24 at least the old 12×6 thumbnails, three columns and two rows.
        let small = ClosetLayout(columns: 80, rows: 24)
        XCTAssertGreaterThanOrEqual(small.thumbnail.columns, 12)
        XCTAssertGreaterThanOrEqual(small.thumbnail.rows, 6)
        XCTAssertEqual(small.gridShape.columns, 3)
        XCTAssertEqual(small.gridShape.rows, 2)
        // A large terminal: 24×12 thumbnails, still several per row.
        let large = ClosetLayout(columns: 200, rows: 50)
        XCTAssertEqual(large.thumbnail.columns, 24)
        XCTAssertEqual(large.thumbnail.rows, 12)
        XCTAssertGreaterThanOrEqual(large.gridShape.columns, 6)
        XCTAssertGreaterThanOrEqual(large.gridShape.rows, 3)
        // Sizes grow monotonically with the window, and the filter line never changes them.
        var last = 0
        for columns in stride(from: 40, through: 240, by: 10) {
            let layout = ClosetLayout(columns: columns, rows: 60)
            XCTAssertGreaterThanOrEqual(layout.thumbnail.columns, last)
            last = layout.thumbnail.columns
            XCTAssertEqual(ClosetLayout(columns: columns, rows: 60, filterLine: true).thumbnail.columns, last)
        }
        // The minimum terminal still gets the smallest thumbnails and one cell.
        let tiny = ClosetLayout(columns: 40, rows: 12)
        XCTAssertEqual(tiny.thumbnail.columns, 12)
        XCTAssertGreaterThanOrEqual(tiny.gridShape.columns, 1)
    }

    func testMouseClicksSelectThenOpenAndTheWheelMoves() {
        var s = loaded()
        let layout = s.layout
        // Click the second sidebar line: the first group after All (Tops).
        _ = s.handle(.mouse(MouseEvent(.press, x: 2, y: 2)))
        XCTAssertEqual(s.closet.sidebar[s.closet.sidebarCursor.index], .group("top"))
        XCTAssertEqual(s.closet.visible.map(\.item.id), [1, 2])
        // Click the second grid cell: selects it; a second click opens it.
        let x = layout.gridLeft + layout.cellWidth + 1
        _ = s.handle(.mouse(MouseEvent(.press, x: x, y: 2)))
        XCTAssertTrue(s.closet.focusGrid)
        XCTAssertEqual(s.selected?.item.id, 2)
        XCTAssertEqual(s.screen, .closet)
        _ = s.handle(.mouse(MouseEvent(.press, x: x, y: 2)))
        XCTAssertEqual(s.screen, .item)
        _ = s.handle(.escape)
        // A click past the last item does nothing.
        _ = s.handle(.mouse(MouseEvent(.press, x: layout.gridLeft + 2 * layout.cellWidth + 1, y: 2)))
        XCTAssertEqual(s.selected?.item.id, 2)
        // The wheel over the sidebar changes the category; over the grid it moves the selection.
        _ = s.handle(.mouse(MouseEvent(.wheelUp, x: 2, y: 5)))
        XCTAssertEqual(s.closet.sidebar[s.closet.sidebarCursor.index], .all)
        XCTAssertEqual(s.closet.visible.count, 4)
        _ = s.handle(.mouse(MouseEvent(.wheelDown, x: 40, y: 5)))
        XCTAssertEqual(s.closet.grid.index, 3, "one row down in a three-column grid")
    }

    func testTheMouseIsOffByDefaultAndToggledByM() {
        var s = loaded()
        XCTAssertFalse(s.mouse)
        _ = s.handle(.char("m"))
        XCTAssertTrue(s.mouse)
        _ = s.handle(.char("m"))
        XCTAssertFalse(s.mouse)
    }

    func testReviewIsReachableFromTheImportScreen() {
        var s = loaded()
        s.importFiles.directory = FileManager.default.temporaryDirectory.path
        _ = s.handle(.char("i"))
        XCTAssertEqual(s.screen, .importFiles)
        XCTAssertEqual(s.importFiles.browser?.directory, URL(fileURLWithPath: s.importFiles.directory).standardizedFileURL.path)
        _ = s.handle(.char("?"))
        XCTAssertEqual(s.screen, .help, "? shows the import screen's keys")
        _ = s.handle(.escape)
        _ = s.handle(.char("r"))
        XCTAssertEqual(s.screen, .review)
        _ = s.handle(.escape)
        XCTAssertEqual(s.screen, .closet)
    }

    func testStylesAreASelectListOfCommonAndTheWardrobesStyles() throws {
        var s = loaded()
        _ = s.handle(.tab)  // the grid: the white tee (casual)
        _ = s.handle(.enter)
        _ = s.handle(.char("e"))
        let form = try XCTUnwrap(s.editor)
        XCTAssertEqual(Array(form.styleChoices.prefix(3)), ["casual", "office", "formal"])
        for _ in 0..<3 { _ = s.handle(.down) }  // name → category → seasons → styles
        XCTAssertEqual(s.editor?.focus, .styles)
        _ = s.handle(.char(" "))  // casual off
        _ = s.handle(.right); _ = s.handle(.char(" "))  // office on
        XCTAssertEqual(s.editor?.item.styles, ["office"])
        let effects = s.handle(.ctrl("s"))
        guard case .save(let saved, _)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(saved.styles, ["office"])
        XCTAssertEqual(saved.id, 1)
    }

    func testAPreviewShowsTheCountsOfEveryItemUntilTheFullLoad() {
        var s = AppState()
        let all = loaded().items
        s.preview(Array(all.prefix(2)), perCategory: ["shortSleeve": 1, "sweater": 1, "coat": 1, "scarf": 1], review: 0)
        XCTAssertEqual(s.itemCount, 4, "the header counts every item")
        XCTAssertEqual(s.closet.counts[.category("coat")], 1)
        XCTAssertTrue(s.closet.sidebar.contains(.category("sweater")), "categories not read yet are listed")
        XCTAssertEqual(s.closet.visible.map(\.item.id), [1, 2], "the grid shows what was read")
        s.closet.grid.columns = 2
        _ = s.handle(.tab); _ = s.handle(.char("l"))
        s.load(all)
        XCTAssertEqual(s.itemCount, 4)
        XCTAssertEqual(s.closet.visible.count, 4)
        XCTAssertEqual(s.selected?.item.id, 2, "the selection survives the full load")
    }
}
