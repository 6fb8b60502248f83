import ClosetKit
import Foundation
import TestSupport
import XCTest

/// A trip (the same items worn every day for a while) is expanded and limited by the store, so every writer
/// obeys the limit, not only the command line.
final class TripTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func testATripIsEveryDayFromTheFirstToTheLast() throws {
        let jeans = try XCTUnwrap(try wardrobe.add(Item(name: "Jeans", category: "jeans")).id)
        let (days, _) = try wardrobe.logTrip(items: [jeans], from: "2026-02-27", through: "2026-03-02")
        XCTAssertEqual(days, ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"])
        XCTAssertEqual(try wardrobe.wearDays()[jeans], days)
        XCTAssertEqual(try Wardrobe.tripDays(from: "2026-03-02", through: "2026-03-02"), ["2026-03-02"])
    }

    func testATripBackwardsOrOfBadDaysIsRefused() throws {
        let jeans = try XCTUnwrap(try wardrobe.add(Item(name: "Jeans", category: "jeans")).id)
        for (first, last) in [("2026-03-02", "2026-03-01"), ("2026-02-30", "2026-03-01"), ("2026-03-01", "tomorrow")] {
            XCTAssertThrowsError(try wardrobe.logTrip(items: [jeans], from: first, through: last), "\(first) … \(last)") {
                XCTAssertEqual(($0 as? ClosetError)?.kind, .usage)
            }
        }
        XCTAssertEqual(try wardrobe.wearDays()[jeans] ?? [], [])
    }

    func testNoWriterLogsMoreThanATripAtOnce() throws {
        let jeans = try XCTUnwrap(try wardrobe.add(Item(name: "Jeans", category: "jeans")).id)
        XCTAssertEqual(try Wardrobe.tripDays(from: "2026-01-01", through: "2026-04-02").count, Wardrobe.tripLimit)
        XCTAssertThrowsError(try wardrobe.logTrip(items: [jeans], from: "2026-01-01", through: "2026-04-03")) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .usage)
            XCTAssertTrue("\($0)".contains("93 days"), "\($0)")
        }
        // The days given one by one obey the same limit: nothing is logged.
        let long = Day.days(from: "2026-01-01", count: 93)
        XCTAssertThrowsError(try wardrobe.logWear(items: [jeans], days: long)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .usage) }
        XCTAssertEqual(try wardrobe.wearDays()[jeans] ?? [], [])
        try wardrobe.logWear(items: [jeans], days: Array(long.prefix(92)))
        XCTAssertEqual(try wardrobe.wearDays()[jeans]?.count, 92)
    }
}
