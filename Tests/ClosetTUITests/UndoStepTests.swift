import XCTest

@testable import ClosetKit
@testable import ClosetTUI

/// What `u` says it undid, from the typed change.
final class UndoStepTests: XCTestCase {
    func testEachChangeNamesWhatItUndoes() {
        let tee = Item(id: 1, NewItem(name: "Red tee", category: "shortSleeve"))
        let one = [ItemChange(before: tee, after: tee)]
        let cases: [(UndoStep.Change, String)] = [
            (.archive, "the archive of Red tee"), (.unarchive, "the unarchive of Red tee"),
            (.status(.active), "the return of Red tee"), (.status(.laundry), "the laundry of Red tee"),
            (.status(.repair), "the repair of Red tee"), (.laundryDone, "the return from the laundry of Red tee"),
            (.category, "the category change of Red tee"),
        ]
        for (change, words) in cases { XCTAssertEqual(UndoStep.change(one, what: change).summary, words) }
        XCTAssertEqual(UndoStep.change(one + one, what: .status(.laundry)).summary, "the laundry of 2 items")
    }
}
