import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// Issue 42, the grid's half, at 80×24 as a person meets it (in Korean where there are words): every action
/// answers, the statistics line up by display width, no English in Korean, the item page's id, sorting,
/// search, the import browser, the sidebar, "most worn" and Today.
final class TUIPolishGridTests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    /// Adds items without photos: (name, category).
    func add(_ items: [(String, String)], price: [String: Double] = [:]) throws {
        for (name, category) in items {
            let extra = price[name].map { ["--price", "\($0)"] } ?? []
            let result = try closet.run(["add", "--no-photo", "--category", category, "--name", name] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
    }

    func korean() throws { XCTAssertEqual(try closet.run(["profile", "--lang", "ko"]).status, 0) }

    /// The pane's lines between the header and the footer.
    func body(_ screen: String) -> [String] {
        Array(screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst().dropLast(2))
    }

    /// The display column where `text` starts on `line` (Hangul two cells a syllable), or nil.
    func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return TextWidth.of(String(line[..<range.lowerBound]))
    }

    // Item 5: several marked items worn with w, then y, said what was logged, on which items, and how to undo.
    func testWearingMarkedItemsSaysWhatWasLoggedAndHowToUndo() throws {
        try korean()
        try add([("Red tee", "shortSleeve"), ("Blue jeans", "jeans"), ("Camel coat", "coat")])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 3벌")
        try pane.keys("Tab", "Space", "Space")
        try pane.waitFor("2벌 표시함")
        try pane.keys("w")
        try pane.waitFor("y/N")
        try pane.keys("y")
        let text = try pane.waitFor("입은 것으로 기록했습니다")
        XCTAssertTrue(text.contains("2벌") && text.contains("Red tee") && text.contains("되돌리기"), text)
        try pane.keys("q")
        try pane.waitFor("EXITED")
        let list = try closet.run(["list", "--json"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(list.utf8)) as! [[String: Any]]
        XCTAssertEqual(items.compactMap { $0["wears"] as? Int }.reduce(0, +), 2, list)
    }

    // Item 6: Korean statistics — the bars start at one column, and nothing of the screen before stays.
    func testKoreanStatisticsLineUpByDisplayWidthAndLeaveNothingBehind() throws {
        try korean()
        try add([
            ("Mini", "shortSkirt"), ("Mini two", "shortSkirt"), ("Jeans", "jeans"), ("Tee", "shortSleeve"),
            ("Training", "trainingTop"), ("Padded", "winterOuter"), ("A very long name for a coat that wraps", "coat"),
        ])
        XCTAssertEqual(try closet.run(["wear", "1", "3", "--date", "2026-12-01"]).status, 0)
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 7벌")
        // The grid's names first, then the statistics over them.
        try pane.keys("Tab", "s")
        let text = try pane.waitFor("가장 많이 입은 옷")
        let bars = body(text).filter { $0.contains("█") }
        XCTAssertEqual(bars.count, 6, "a bar a category:\n\(text)")
        let columns = Set(bars.compactMap { column(of: "█", in: $0) })
        XCTAssertEqual(columns.count, 1, "every bar starts at one column:\n\(bars.joined(separator: "\n"))")
        for line in bars {
            // After the bar: its count, and nothing else (no cell of the grid beneath).
            let tail = line[line.range(of: "█", options: .backwards)!.upperBound...].trimmingCharacters(in: .whitespaces)
            XCTAssertTrue(Int(tail) != nil, "only the count after the bar: '\(line)'")
        }
        XCTAssertFalse(text.contains("A very long"), "the grid's names are gone:\n\(text)")
        try pane.keys("q", "q")
        try pane.waitFor("EXITED")
    }

    // "Most worn" lists only items worn at least once; none worn is said.
    func testMostWornListsOnlyItemsWornAtLeastOnce() throws {
        try korean()
        try add([("Red tee", "shortSleeve"), ("Blue jeans", "jeans")])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 2벌")
        try pane.keys("s")
        var text = try pane.waitFor("가장 많이 입은 옷")
        XCTAssertTrue(text.contains("가장 많이 입은 옷: 아직 입은 옷이 없습니다"), text)
        XCTAssertFalse(text.contains("(0)"), text)
        XCTAssertEqual(try closet.run(["wear", "2"]).status, 0)
        text = try pane.waitFor("Blue jeans (1)")
        XCTAssertFalse(text.contains("Red tee"), "an item never worn is not 'most worn':\n\(text)")
        try pane.keys("q", "q")
        try pane.waitFor("EXITED")
    }

    // Item 7: no English on Korean screens — nothing to review, a temperature out of range, an error.
    func testKoreanScreensSayNothingInEnglish() throws {
        try korean()
        try add([("Red tee", "shortSleeve")])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 1벌")
        try pane.keys("r")
        var text = try pane.waitFor("검토할 옷이 없습니다")
        XCTAssertFalse(text.contains("Nothing to review"), text)
        try pane.keys("Escape", "t")
        try pane.waitFor("기온")
        try pane.keys("1", "0", "0", "Enter")
        text = try pane.waitFor("옷을 맞춰 입을 기온이 아닙니다")
        XCTAssertFalse(text.contains("is not a temperature"), text)
        try pane.keys("Escape", "Escape")
        try pane.waitFor("옷 1벌")
        try pane.keys("q")
        try pane.waitFor("EXITED")
    }

    // Item 8: the item page shows the item's id, which every CLI command takes.
    func testTheItemPageShowsTheID() throws {
        try korean()
        try add([("Red tee", "shortSleeve"), ("Blue jeans", "jeans"), ("Camel coat", "coat")])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 3벌")
        try pane.keys("Tab", "l", "Enter")
        let text = try pane.waitFor("두께")
        let line = text.split(separator: "\n").first { $0.contains("번호") }.map(String.init) ?? ""
        XCTAssertNotNil(line.range(of: #"번호 +2(\s|$)"#, options: .regularExpression), "the id of Blue jeans:\n\(text)")
        try pane.keys("q", "q")
        try pane.waitFor("EXITED")
    }

    // Sorting: o orders the grid (last worn, times worn, date added, cost per wear, colour), the header says
    // which, and the order is remembered.
    func testSortingTheGridShowsTheOrderAndRemembersIt() throws {
        try korean()
        try add([("Red tee", "shortSleeve"), ("Blue jeans", "jeans"), ("Camel coat", "coat")])
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-11-01"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "3", "--date", "2026-12-01"]).status, 0)
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        var text = try pane.waitFor("옷 3벌")
        XCTAssertTrue(text.contains("분류 순 (o)"), "the header names the order:\n\(text)")
        try pane.keys("o")
        text = try pane.waitFor("마지막으로 입은 날 순 (o)")
        // Worn last first: the coat (December), the tee (November), then the jeans never worn.
        let names = body(text).joined(separator: "\n")
        let coat = try XCTUnwrap(names.range(of: "Camel coat")), tee = try XCTUnwrap(names.range(of: "Red tee"))
        let jeans = try XCTUnwrap(names.range(of: "Blue jeans"))
        XCTAssertTrue(coat.lowerBound < tee.lowerBound && tee.lowerBound < jeans.lowerBound, text)
        try pane.keys("q")
        try pane.waitFor("EXITED")
        // Remembered: a new closet opens in the same order.
        try pane.keys("clear", "Enter")
        try pane.launch(closet.wardrobe)
        text = try pane.waitFor("마지막으로 입은 날 순 (o)")
        try pane.keys("q")
        try pane.waitFor("EXITED")
    }

    // Search: the match count, n/N between matches, and the first match scrolled into view.
    func testSearchCountsMatchesJumpsWithNAndShowsTheFirstMatch() throws {
        try korean()
        var items: [(String, String)] = [("Zeta coat", "coat")]
        for n in 1...14 { items.append(("Plain tee \(n)", "shortSleeve")) }
        items.append(("Zeta jeans", "jeans"))
        try add(items)
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 16벌")
        // Scrolled to the end, then a search whose first match lies at the top.
        try pane.keys("Tab", "G")
        try pane.waitFor("Zeta jeans")
        try pane.keys("/", "z", "e", "t", "a")
        var text = try pane.waitUntil("two matches counted") { $0.contains("/ zeta") && $0.contains("2개 일치") }
        XCTAssertTrue(text.contains("Zeta coat") && text.contains("Zeta jeans"), text)
        try pane.keys("Enter", "n")
        text = try pane.waitFor("2개 중 2번째")
        try pane.keys("N")
        text = try pane.waitFor("2개 중 1번째")
        try pane.keys("Escape", "q")
        try pane.waitFor("EXITED")
    }

    // The import browser: the photo under the cursor is previewed, and a photo already in the wardrobe is marked.
    func testImportBrowserPreviewsThePhotoAndMarksOnesAlreadyStored() throws {
        try korean()
        let folder = dir.path("photos")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let red = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (200, 30, 40)), quality: 90)
        let blue = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (30, 40, 200)), quality: 90)
        try red.write(to: folder.appendingPathComponent("a-red.jpg"))
        try blue.write(to: folder.appendingPathComponent("b-blue.jpg"))
        let added = try closet.run(["add", folder.appendingPathComponent("a-red.jpg").path, "--category", "shortSleeve"])
        XCTAssertEqual(added.status, 0, added.stderr)
        let pane = try TmuxPane(columns: 80, rows: 24, in: folder.path)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 1벌")
        try pane.keys("i")
        let text = try pane.waitFor("옷장에 있음")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let redLine = try XCTUnwrap(lines.first { $0.contains("a-red.jpg") }, text)
        let blueLine = try XCTUnwrap(lines.first { $0.contains("b-blue.jpg") }, text)
        XCTAssertTrue(redLine.contains("=a-red.jpg") && redLine.contains("옷장에 있음"), redLine)
        XCTAssertFalse(blueLine.contains("옷장에 있음"), blueLine)
        // The cursor on the first photo: its preview drawn in half blocks on the right half.
        try pane.keys("j")
        let preview = try pane.waitUntil("a preview on the right") { screen in
            screen.split(separator: "\n").contains { line in
                let cells = Array(String(line))
                // Half blocks in colour, or shades where the terminal has no colour.
                return cells.count > 44 && cells[44...].contains { "▀▄█░▒▓".contains($0) }
            }
        }
        XCTAssertFalse(preview.contains("no preview"), preview)
        try pane.keys("Escape", "q")
        try pane.waitFor("EXITED")
    }

    // The sidebar: its width follows the window, and a long name is cut between words with "…".
    func testTheSidebarFollowsTheWindowAndCutsNamesBetweenWords() throws {
        try add([("Red tee", "shortSleeve"), ("Blue jeans", "jeans")])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        var text = try pane.waitFor("2 items")
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("Short-sleeve") }.map(String.init), text)
        XCTAssertTrue(line.contains("Short-sleeve…"), "cut after a word, with …: '\(line)'")
        XCTAssertFalse(line.contains("T-shi"), line)
        try pane.resize(columns: 200, rows: 50)
        text = try pane.waitUntil("redrawn at 200×50") { $0.split(separator: "\n", omittingEmptySubsequences: false).count >= 50 }
        let row = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("Short-sleeve T-shirt") }.map(String.init), text)
        // The line between the panes is heavy while the sidebar has the keys (the focused pane stands out).
        XCTAssertEqual(
            column(of: row.contains("┃") ? "┃" : "│", in: row), 36, "three tenths of the window, up to 36 cells (24 at 80 columns):\n\(row)"
        )
        try pane.keys("q")
        try pane.waitFor("EXITED")
    }

    // Today: the pieces in dressing order, no "#closet" tag, the week by name at 80×24, and a key that asks
    // again for today's outfit.
    func testTodayDressesInOrderNamesTheWeekAndAsksAgain() throws {
        try korean()
        try add([
            ("Old runners", "sneakers"), ("Blue jeans", "jeans"), ("Camel coat", "coat"), ("White tee", "shortSleeve"),
            ("Grey tee", "shortSleeve"),
        ])
        let pane = try TmuxPane(columns: 80, rows: 24)
        try pane.launch(closet.wardrobe)
        try pane.waitFor("옷 5벌")
        try pane.keys("t")
        try pane.waitFor("기온")
        try pane.keys("8", "Enter")
        var text = try pane.waitFor("코디 1")
        XCTAssertFalse(text.contains("#옷장") || text.contains("#closet"), text)
        // The first card's pieces (its 38 cells), top to bottom: a tee, the coat, the jeans, the sneakers.
        func firstCard(_ screen: String) -> String {
            screen.split(separator: "\n").map { line in
                var kept = "", cells = 0
                for ch in line {
                    cells += TextWidth.cells(ch)
                    if cells > 38 { break }
                    kept.append(ch)
                }
                return kept
            }.joined(separator: "\n")
        }
        let card = firstCard(text)
        let order = ["tee", "Camel coat", "Blue jeans", "Old runners"].map { card.range(of: $0)?.lowerBound }
        XCTAssertFalse(order.contains(nil), text)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), "dressing order:\n\(text)")
        let otherTee = card.contains("White tee") ? "Grey tee" : "White tee"
        // Another outfit for today: the top suggested first comes later now.
        try pane.keys("a")
        text = try pane.waitFor("오늘의 다른 코디")
        text = try pane.waitUntil("the other tee in the first card") { firstCard($0).contains(otherTee) }
        // The week at 80×24: a line a day, with the pieces' names.
        try pane.keys("W")
        text = try pane.waitUntil("the week with names") { $0.components(separatedBy: "Blue jeans").count > 3 }
        try pane.keys("Escape", "Escape", "q")
        try pane.waitFor("EXITED")
    }
}
