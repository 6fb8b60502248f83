import ClosetKit
import Foundation
import TestSupport
import XCTest

@testable import ClosetTUI

/// What the statistics, the calendar and Today read from the wardrobe, and how the statistics are laid out.
final class StatsAndCalendarTests: XCTestCase {
    /// The TUI's controller on a wardrobe of a coat, two short-sleeved tops and jeans (no terminal: keys go
    /// straight to `process`).
    func app(_ dir: TemporaryDirectory) throws -> (TerminalApp, Wardrobe) {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        _ = try wardrobe.addAll([
            (NewItem(name: "Camel coat", category: "coat"), nil), (NewItem(name: "White tee", category: "shortSleeve"), nil),
            (NewItem(name: "Grey tee", category: "shortSleeve"), nil), (NewItem(name: "Blue jeans", category: "jeans"), nil),
        ])
        let app = try TerminalApp(wardrobe: wardrobe) { throw ClosetError.usage("no import here") }
        try app.reload()
        return (app, wardrobe)
    }

    func testKoreanStatisticsBarsStartInOneColumn() throws {
        let dir = TemporaryDirectory()
        let (app, _) = try app(dir)
        app.state.language = .ko
        XCTAssertTrue(app.process(.char("s")))
        XCTAssertEqual(app.state.screen, .stats)
        let bars = StatsScreen.lines(app.state).filter { $0.contains("█") }
        XCTAssertEqual(bars.count, 3, "\(bars)")
        XCTAssertTrue(bars.contains { $0.hasPrefix("코트") }, "\(bars)")
        // Korean names take two cells a syllable: padded by characters, each bar started at its own column.
        for line in bars {
            XCTAssertEqual(TextWidth.of(String(line.prefix { $0 != "█" })), StatsScreen.labelWidth, line)
        }
        XCTAssertTrue(bars.contains { $0.hasSuffix("██ 2") }, "\(bars)")
    }

    func testACalendarAndStatisticsThatCannotBeReadSayWhyInsteadOfShowingNothing() throws {
        let dir = TemporaryDirectory()
        let (app, wardrobe) = try app(dir)
        app.state.language = .ko
        // The wear log made unreadable behind the TUI's back.
        let dropped = try Shell.run(["sqlite3", wardrobe.databaseURL.path, "DROP VIEW item_wears"])
        XCTAssertEqual(dropped.status, 0, dropped.output)

        XCTAssertTrue(app.process(.char("C")))
        XCTAssertEqual(app.state.screen, .calendar)
        let calendar = try XCTUnwrap(app.state.calendar.failure, "an unread month must not look like a month without wears")
        XCTAssertTrue(calendar.hasPrefix("달력을 읽지 못했습니다: "), calendar)
        XCTAssertTrue(calendar.contains("item_wears"), calendar)
        XCTAssertEqual(app.state.message, calendar)
        XCTAssertEqual(app.state.calendar.wears, [:])

        XCTAssertTrue(app.process(.escape))
        XCTAssertTrue(app.process(.char("s")))
        XCTAssertNil(app.state.stats.figures)
        let stats = StatsScreen.lines(app.state)
        XCTAssertEqual(stats.count, 1, "\(stats)")
        XCTAssertTrue(stats[0].hasPrefix("통계를 읽지 못했습니다: "), stats[0])
    }

    func testTodaySaysWhyTheForecastCannotBeReadInsteadOfAskingForATemperature() throws {
        let dir = TemporaryDirectory()
        let (app, wardrobe) = try app(dir)
        var profile = try wardrobe.profile()
        profile.latitude = 37.57
        profile.longitude = 126.98
        try wardrobe.saveProfile(profile)
        let renamed = try Shell.run(["sqlite3", wardrobe.databaseURL.path, "ALTER TABLE weather_cache RENAME TO weather_cache_away"])
        XCTAssertEqual(renamed.status, 0, renamed.output)
        XCTAssertTrue(app.process(.char("t")))
        XCTAssertEqual(app.state.screen, .today)
        let message = try XCTUnwrap(app.state.message, "an unreadable forecast cache is not \"no weather yet\"")
        XCTAssertTrue(message.hasPrefix("Error: ") && message.contains("weather_cache"), message)
    }
}
