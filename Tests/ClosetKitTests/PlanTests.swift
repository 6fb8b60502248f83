import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Saved plans: one per day, replaced whole, moved without loss, gone with their items.
final class PlanTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func testPlansAreSavedReplacedMovedAndCleared() throws {
        let tee = try wardrobe.add(Item(name: "Tee", category: "shortSleeve")).id!
        let jeans = try wardrobe.add(Item(name: "Jeans", category: "jeans")).id!
        let coat = try wardrobe.add(Item(name: "Coat", category: "coat")).id!
        try wardrobe.savePlans([Plan(day: "2026-12-01", items: [tee, jeans, tee]), Plan(day: "2026-12-02", items: [coat, jeans])])
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-01"), [tee, jeans], "in order, each piece once")
        XCTAssertEqual(try wardrobe.plans(on: ["2026-12-01", "2026-12-02", "2026-12-03"]).count, 2)
        // Saving a day again replaces its plan; an empty one clears it.
        try wardrobe.savePlans([Plan(day: "2026-12-01", items: [coat])])
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-01"), [coat])
        try wardrobe.savePlans([Plan(day: "2026-12-01", items: [])])
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-01"), [])
        // A move never overwrites: the target must be free, and there must be something to move.
        try wardrobe.savePlans([Plan(day: "2026-12-03", items: [tee])])
        XCTAssertThrowsError(try wardrobe.movePlan(from: "2026-12-02", to: "2026-12-03")) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .usage)
        }
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-02"), [coat, jeans])
        XCTAssertThrowsError(try wardrobe.movePlan(from: "2026-12-09", to: "2026-12-10")) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput)
        }
        try wardrobe.movePlan(from: "2026-12-02", to: "2026-12-05")
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-02"), [])
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-05"), [coat, jeans])
        // An unknown item or a bad day changes nothing at all (one transaction).
        XCTAssertThrowsError(try wardrobe.savePlans([Plan(day: "2026-12-05", items: [tee]), Plan(day: "2026-12-06", items: [999])]))
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-05"), [coat, jeans])
        XCTAssertThrowsError(try wardrobe.savePlans([Plan(day: "2026-13-40", items: [tee])]))
        XCTAssertThrowsError(try wardrobe.movePlan(from: "2026-12-05", to: "'; DROP TABLE plans; --"))
        // Deleting an item takes it out of every plan; undoing the delete puts it back in its place.
        let removed = try wardrobe.remove([jeans])
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-05"), [coat])
        try wardrobe.restore(removed)
        XCTAssertEqual(try wardrobe.plan(on: "2026-12-05"), [coat, jeans])
    }

    func testARestoreRefusesAPlanThatNamesNoItemOrADayTwice() throws {
        let tee = try wardrobe.add(Item(name: "Tee", category: "shortSleeve")).id!
        try wardrobe.savePlans([Plan(day: "2026-12-01", items: [tee])])
        var archive = try wardrobe.archive()
        XCTAssertEqual(archive.plans, [.init(day: "2026-12-01", items: [tee])])
        for bad in [
            [WardrobeArchive.PlanJSON(day: "2026-12-01", items: [99])], [.init(day: "2026-12-41", items: [tee])],
            [.init(day: "2026-12-01", items: [tee]), .init(day: "2026-12-01", items: [tee])], [.init(day: "2026-12-02", items: [])],
        ] {
            archive.plans = bad
            let copy = try Wardrobe(folder: dir.path("copy-\(UUID().uuidString)"))
            XCTAssertThrowsError(try copy.restore(archive, photoFolder: nil)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .badData) }
            XCTAssertEqual(try copy.itemCount(), 0, "nothing restored")
        }
    }
}
