import ClosetKit
@testable import ClosetTUI
import XCTest

/// The grid's orders (a pure function in ClosetKit), `o` cycling them, and the search's count and n/N.
final class GridOrderAndSearchTests: XCTestCase {
    func summary(
        _ id: Int64, _ name: String, _ category: CategoryID, wears: Int = 0, last: String? = nil, price: Double? = nil, color: String? = nil
    )
        -> ItemSummary
    {
        ItemSummary(
            item: Item(id: id, NewItem(name: name, category: category, colors: color.map { [$0] } ?? [], price: price)), wears: wears,
            lastWorn: last)
    }

    var items: [ItemSummary] {
        [
            summary(1, "Tee", "shortSleeve", wears: 4, last: "2026-11-01", price: 20, color: "red"),
            summary(2, "Jeans", "jeans", wears: 1, last: "2026-12-01", price: 90, color: "blue"),
            summary(3, "Coat", "coat", wears: 0, price: 300, color: "black"),
            summary(4, "Knit", "sweater", wears: 2, last: "2026-10-01", color: nil),
        ]
    }

    func names(_ order: ItemOrder) -> [String] { order.sorted(items, taxonomy: .shared).map(\.item.name) }

    func testEachOrderSortsAsItsNameSays() {
        XCTAssertEqual(names(.category), ["Tee", "Knit", "Jeans", "Coat"], "the taxonomy's order: tops, bottoms, outer")
        XCTAssertEqual(names(.lastWorn), ["Jeans", "Tee", "Knit", "Coat"], "never worn last")
        XCTAssertEqual(names(.timesWorn), ["Tee", "Knit", "Jeans", "Coat"])
        XCTAssertEqual(names(.added), ["Knit", "Coat", "Jeans", "Tee"])
        // 300 unworn (its price), 90 over 1, 20 over 4 = 5; no price last.
        XCTAssertEqual(names(.costPerWear), ["Coat", "Jeans", "Tee", "Knit"])
        XCTAssertEqual(names(.colour), ["Coat", "Jeans", "Tee", "Knit"], "black, blue, red in the palette's order; none last")
        XCTAssertEqual(ItemOrder(setting: "lastWorn"), .lastWorn)
        XCTAssertNil(ItemOrder(setting: "'; DROP TABLE"), "a stored value closet does not know is the default")
        XCTAssertEqual(ItemOrder.allCases.last?.next, .category)
    }

    func testOSortsTheGridKeepsTheSelectionAndAsksToRememberTheOrder() {
        var s = AppState()
        s.load(items)
        s.closet.focusGrid = true
        s.closet.grid.columns = 2
        s.closet.grid.index = 3  // the coat
        XCTAssertEqual(s.handle(.char("o")), [.rememberOrder(.lastWorn)])
        XCTAssertEqual(s.closet.visible.map(\.item.name), ["Jeans", "Tee", "Knit", "Coat"])
        XCTAssertEqual(s.selected?.item.name, "Coat", "the selection follows its item")
        // A reload keeps the order.
        s.load(items)
        XCTAssertEqual(s.closet.visible.map(\.item.name), ["Jeans", "Tee", "Knit", "Coat"])
    }

    func testSearchSelectsTheFirstMatchAndNJumpsBetweenMatches() {
        var s = AppState()
        var many = [summary(1, "Zeta one", "hat"), summary(2, "Zeta two", "hat")]
        for n in 3...30 { many.append(summary(Int64(n), "Plain \(n)", "hat")) }
        s.load(many)
        s.closet.focusGrid = true
        s.closet.grid.columns = 3
        s.closet.grid.visibleRows = 2
        _ = s.handle(.char("G"))
        XCTAssertGreaterThan(s.closet.grid.scrollRow, 0)
        _ = s.handle(.char("/"))
        for c in "zeta" { _ = s.handle(.char(c)) }
        // The first match is selected and in view, whatever was selected before.
        XCTAssertEqual(s.closet.visible.map(\.item.name), ["Zeta one", "Zeta two"])
        XCTAssertEqual(s.closet.grid.index, 0)
        XCTAssertEqual(s.closet.grid.scrollRow, 0)
        _ = s.handle(.enter)
        _ = s.handle(.char("n"))
        XCTAssertEqual(s.message, "Match 2 of 2")
        XCTAssertEqual(s.selected?.item.name, "Zeta two")
        _ = s.handle(.char("n"))
        XCTAssertEqual(s.message, "Match 1 of 2", "n goes round the end")
        _ = s.handle(.char("N"))
        XCTAssertEqual(s.message, "Match 2 of 2", "N goes round the start")
    }
}
