import ClosetKit
import Foundation
import TestSupport
import XCTest

final class DayTests: XCTestCase {
    func testOnlyRealDaysWrittenYYYYMMDDParse() {
        for text in ["2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29", "2026-02-28", "1900-01-01", "2200-12-31", "2026-04-30"] {
            XCTAssertEqual(Day(text)?.description, text, text)
        }
        let invalid = [
            "2026-02-31", "2026-02-29", "1900-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
            "2026-01-32", "1899-12-31", "2201-01-01", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "+2026-01-01",
            "2026-01-01 ", " 2026-01-01", "2026-01-01T00:00:00Z", "２０２６-01-01", "", "today", "20260101", "2026-0a-01",
        ]
        for text in invalid { XCTAssertNil(Day(text), text) }
    }

    func testADayRoundTripsThroughItsTextItsPartsAndJSON() throws {
        var ordinal = try XCTUnwrap(Day("1900-01-01")).ordinal
        let last = try XCTUnwrap(Day("2200-12-31")).ordinal
        while ordinal <= last {
            let day = Day(ordinal: ordinal)
            XCTAssertEqual(Day(day.description), day)
            XCTAssertEqual(Day(year: day.year, month: day.month, day: day.day), day)
            ordinal += 13
        }
        let day = try XCTUnwrap(Day("2024-02-29"))
        XCTAssertEqual(try JSONDecoder().decode([Day].self, from: JSONEncoder().encode([day])), [day])
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([day]), as: UTF8.self), #"["2024-02-29"]"#)
        XCTAssertThrowsError(try JSONDecoder().decode([Day].self, from: Data(#"["2026-02-31"]"#.utf8))) {
            XCTAssertTrue("\($0)".contains("2026-02-31"), "\($0)")
        }
        XCTAssertEqual(day.adding(days: 1).description, "2024-03-01")
        XCTAssertLessThan(day, day.adding(days: 1))
    }

    func testATypedDayMayDropLeadingZerosOrBeAWordButMustExist() throws {
        let now = try XCTUnwrap(Day.date("2026-03-01"))
        XCTAssertEqual(try Day(typed: "2026-3-7").description, "2026-03-07")
        XCTAssertEqual(try Day(typed: "Yesterday", now: now, latest: nil).description, "2026-02-28")
        XCTAssertEqual(try Day(typed: "tomorrow", now: now).description, "2026-03-02")
        for text in ["2026-2-31", "2026-13-1", "2026-001-01", "2026--01", "2026-1-1-1", "tomorrow-ish"] {
            XCTAssertThrowsError(try Day(typed: text), text) { XCTAssertTrue("\($0)".contains(text), "\($0)") }
        }
    }

    func testATimeOnA31FebruaryIsNoTimeInEitherStoredForm() {
        XCTAssertNil(Day.date(stored: "2026-02-31 08:00:00.000"))
        XCTAssertNil(Day.date(stored: "2026-13-01 08:00:00.000"))
        XCTAssertEqual(Day.date(stored: "2024-02-29 12:30:45.250")!.timeIntervalSince1970, 1_709_209_845.25, accuracy: 1e-6)
        XCTAssertEqual(Day.date(stored: "1970-01-01T00:00:01"), Date(timeIntervalSince1970: 1))
        XCTAssertNil(Day.date(timestamp: "2026-02-31T08:00:00.000Z"))
    }

    func testAStored31FebruaryIsRefusedOnReadNamingTheItemAndTheText() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let item = try wardrobe.add(NewItem(name: "Tee", category: "shortSleeve"))
        let id = item.id
        try wardrobe.write { try $0.execute(sql: "UPDATE items SET created = '2026-02-31 08:00:00.000' WHERE id = ?", arguments: [id]) }
        func check(_ read: @autoclosure () throws -> Any, _ what: String) {
            XCTAssertThrowsError(try read(), what) { error in
                let message = (error as? ClosetError)?.message ?? "\(error)"
                XCTAssertTrue(message.contains("item \(id)") && message.contains("2026-02-31 08:00:00.000"), message)
                XCTAssertEqual((error as? ClosetError)?.kind, .badData, what)
            }
        }
        check(try wardrobe.item(id), "one item")
        check(try wardrobe.summaries(), "the listing")
    }

    func testARestoreRefusesA31FebruaryNamingIt() throws {
        let dir = TemporaryDirectory()
        let source = try Wardrobe(folder: dir.path("source"))
        _ = try source.add(NewItem(name: "Tee", category: "shortSleeve"))
        var json = Data()
        _ = try source.exportJSON { json.append($0) }
        let text = String(decoding: json, as: UTF8.self)
        let created = Day.timestamp(try source.item(1).created)
        XCTAssertTrue(text.contains("\"created\":\"\(created)\""), text)
        let bad = text.replacingOccurrences(of: "\"created\":\"\(created)\"", with: "\"created\":\"2026-02-31T08:00:00.000Z\"")
        let file = dir.path("bad.json")
        try Data(bad.utf8).write(to: file)
        let target = try Wardrobe(folder: dir.path("target"))
        XCTAssertThrowsError(try target.restore(jsonAt: file, photoFolder: nil)) { error in
            let message = (error as? ClosetError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("2026-02-31T08:00:00.000Z"), message)
        }
        XCTAssertEqual(try target.itemCount(), 0)
    }
}
