import ClosetKit
import ClosetTUI
import XCTest

/// The item screen shows the item it opened on: when another closet deletes it, the screen says so and no
/// key acts on the item that took its place in the grid.
final class ShownItemTests: XCTestCase {
    func sample() -> [ItemSummary] {
        [
            ItemSummary(item: Item(id: 1, NewItem(name: "White tee", category: "shortSleeve", colors: ["white"])), wears: 2, lastWorn: nil),
            ItemSummary(item: Item(id: 2, NewItem(name: "Navy knit", category: "sweater", colors: ["navy"])), wears: 0, lastWorn: nil),
            ItemSummary(item: Item(id: 3, NewItem(name: "Blue jeans", category: "jeans")), wears: 1, lastWorn: nil),
            ItemSummary(item: Item(id: 4, NewItem(name: "Camel coat", category: "coat")), wears: 0, lastWorn: nil),
        ]
    }

    /// The item screen open on the navy knit (id 2).
    func openOnTheKnit() -> AppState {
        var s = AppState()
        s.load(sample())
        s.closet.grid.columns = 2
        _ = s.handle(.tab)
        _ = s.handle(.right)
        _ = s.handle(.enter)
        XCTAssertEqual(s.screen, .item)
        XCTAssertEqual(s.selected?.item.id, 2)
        return s
    }

    func testAnItemDeletedElsewhereIsSaidGoneAndNoKeyActsOnAnother() {
        var s = openOnTheKnit()
        // Another closet deletes the knit; the controller reloads.
        s.load(sample().filter { $0.item.id != 2 })
        XCTAssertEqual(s.screen, .item, "the screen stays, to say what happened")
        XCTAssertTrue(s.message?.contains("Item 2 is gone") == true, s.message ?? "no message")
        for key: Key in [.char("w"), .char("e"), .enter, .char("t"), .char("a"), .char("d"), .delete, .char("c")] {
            XCTAssertEqual(s.handle(key), [], "\(key) acts on nothing")
            XCTAssertEqual(s.screen, .item, "\(key) opens nothing")
            XCTAssertTrue(s.message?.contains("Item 2 is gone") == true, "\(key): \(s.message ?? "no message")")
        }
        // Esc goes back to the grid; the next item opens as usual.
        _ = s.handle(.escape)
        XCTAssertEqual(s.screen, .closet)
        _ = s.handle(.enter)
        XCTAssertEqual(s.screen, .item)
        guard case .wear(let ids)? = s.handle(.char("w")).first else { return XCTFail("w logs a wear of the item opened") }
        XCTAssertEqual(ids, [s.selected?.item.id].compactMap { $0 })
    }

    func testAnItemChangedElsewhereStaysTheOneShown() {
        var s = openOnTheKnit()
        var changed = sample()
        changed[1].item.status = .repair
        s.load(changed)
        guard case .wear(let ids)? = s.handle(.char("w")).first else { return XCTFail("w logs a wear") }
        XCTAssertEqual(ids, [2], "the wear is the knit's, still shown though sent to repair elsewhere")
        // Archived elsewhere: still the one shown, and w says it left the closet instead of logging a wear.
        changed[1].item.status = .archived
        s.load(changed)
        XCTAssertEqual(s.handle(.char("w")), [])
        XCTAssertTrue(s.message?.contains("is archived") == true, s.message ?? "no message")
        // ←→ move to another item on purpose.
        _ = s.handle(.right)
        guard case .wear(let next)? = s.handle(.char("w")).first else { return XCTFail("w logs a wear") }
        XCTAssertNotEqual(next, [2])
    }
}
