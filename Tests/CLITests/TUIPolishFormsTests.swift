import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// Issue 42's forms and lists at 80×24, in tmux, as a person meets them: help that scrolls, filters and runs a
/// key; review whole at 80 columns with messages that name what changed; the edit form with save and cancel
/// always shown, wrapped rows and colours; the calendar's day screen; the category picker's filter; the focused
/// pane; Space in help. English, and Korean where text is involved.
final class TUIPolishFormsTests: XCTestCase {
    /// The tmux pane the scenario runs in (TmuxPane: the calls every scenario file shares), made by `start`.
    var pane: TmuxPane?

    func tmux(_ args: [String]) throws -> String { try pane?.tmux(args) ?? "" }
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "s"]) }
    func keys(_ k: String...) throws { _ = try tmux(["send-keys", "-t", "s"] + k) }
    /// Types text as literal keys (a space is a key too).
    func type(_ text: String) throws { _ = try tmux(["send-keys", "-t", "s", "-l", text]) }

    /// Waits until the screen satisfies `ready` and then stops changing (TmuxPane.waitUntil).
    @discardableResult
    func waitUntil(
        _ what: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line, _ ready: (String) -> Bool
    ) throws -> String {
        guard let pane else { XCTFail("no pane", file: file, line: line); return "" }
        return try pane.waitUntil(what, timeout: timeout, file: file, line: line, ready)
    }

    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("'\(text)' appeared", file: file, line: line) { $0.contains(text) }
    }

    /// closet on `wardrobe` in a fresh 80×24 tmux session; EXITED is printed when it ends.
    func start(_ wardrobe: URL) throws {
        let pane = try TmuxPane(columns: 80, rows: 24)
        self.pane = pane
        try pane.launch(wardrobe, environment: "")
    }

    func quit(_ back: Int) throws {
        for _ in 0..<back { try keys("Escape") }
        try keys("q")
        try waitFor("EXITED")
    }

    /// A new wardrobe with closet's classifier off; skips (or fails under CLOSET_REQUIRE_ALL) without tmux.
    func wardrobe(korean: Bool = false) throws -> (TemporaryDirectory, URL, ClosetProcess) {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        var closet = ClosetProcess(wardrobe: wardrobe)
        closet.environment["CLOSET_MODEL"] = "none"
        if korean { XCTAssertEqual(try closet.run(["profile", "--lang", "ko"]).status, 0) }
        return (dir, wardrobe, closet)
    }

    func add(_ closet: ClosetProcess, _ category: String, _ name: String, colour: String = "navy") throws {
        let result = try closet.run(["add", "--no-photo", "--category", category, "--name", name, "--color", colour])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func items(_ closet: ClosetProcess) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try closet.run(["list", "--json"]).stdoutData) as! [[String: Any]]
    }

    /// Each line of a capture fits 80 cells, with no character cut in half.
    func checkFits(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            XCTAssertLessThanOrEqual(TextWidth.of(String(row)), 80, "\(what): \(row)", file: file, line: line)
            XCTAssertFalse(row.contains("\u{FFFD}"), "\(what): a cut character in \(row)", file: file, line: line)
        }
    }

    /// The last line of a capture that is not blank: the footer.
    func footer(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).last ?? "")
    }

    /// Prints a capture for the report (the test's output keeps the screenshots).
    func shot(_ title: String, _ text: String) { print("=== \(title) ===\n\(text)\n=== end ===") }

    // MARK: 1. Help

    func testHelpScrollsSaysThereIsMoreFiltersAndRunsTheChosenKey() throws {
        let (dir, wardrobe, closet) = try wardrobe()
        defer { withExtendedLifetime(dir) {} }
        try add(closet, "shortSleeve", "Red tee", colour: "red")
        try start(wardrobe)
        defer { pane = nil }
        try waitFor("1 item")
        try keys("?")
        var text = try waitFor("Keys here")
        XCTAssertTrue(text.contains("more below ↓ (j/k scroll)"), "help says it is cut: \(text)")
        XCTAssertFalse(text.contains("mouse"), "the last keys are below at 80×24: \(text)")
        XCTAssertTrue(text.contains("Space") && text.contains("mark, move down"), "Space's help says it moves down: \(text)")
        shot("help at 80×24", text)
        // j scrolls line by line; G goes to the end, where the last keys and the rule on leaving are.
        try keys("j", "j", "j")
        try keys("G")
        text = try waitUntil("help scrolled to its end") { $0.contains("mouse") && $0.contains("more above ↑") }
        XCTAssertTrue(text.contains("Ctrl-C quits from anywhere") || text.contains("Ctrl-C"), text)
        XCTAssertFalse(text.contains("more below"), text)
        shot("help scrolled to the end", text)
        try keys("g")
        try waitFor("more below ↓")
        // / filters by key or words; Enter runs the chosen key on the closet screen: the calendar opens.
        try keys("/")
        try waitFor("Filter:")
        try type("calen")
        text = try waitUntil("help filtered to the calendar") { $0.contains("C ") && $0.contains("calendar") && !$0.contains("stats") }
        XCTAssertFalse(text.contains("e                      edit"), text)
        shot("help filtered by 'calen'", text)
        try keys("Enter")
        text = try waitUntil("the calendar opened from help") { $0.contains("Mon") && $0.contains("Sun") && !$0.contains("Filter:") }
        try quit(1)
    }

    // MARK: 2. Review

    /// A wardrobe restored from an export whose items carry the classifier's guesses.
    func reviewWardrobe(korean: Bool) throws -> (TemporaryDirectory, URL, ClosetProcess) {
        let (dir, wardrobe, closet) = try self.wardrobe(korean: korean)
        let source = ClosetProcess(wardrobe: dir.path("source"))
        let jacket = Item.generatedName(colors: ["navy"], category: CategoryID("jacket"))
        XCTAssertEqual(try source.run(["add", "--no-photo", "--category", "jacket", "--name", jacket, "--color", "navy"]).status, 0)
        XCTAssertEqual(
            try source.run(["add", "--no-photo", "--category", "sleeveless", "--name", "Linen vest for hot days", "--color", "white"])
                .status, 0)
        var archive = try JSONSerialization.jsonObject(with: try source.run(["export", "--format", "json"]).stdoutData) as! [String: Any]
        var items = (archive["items"] as! [[String: Any]]).sorted { ($0["category"] as! String) < ($1["category"] as! String) }
        XCTAssertEqual(items.map { $0["category"] as? String }, ["jacket", "sleeveless"])
        items[0]["needsReview"] = true
        items[0]["confidence"] = 0.99
        items[0]["guesses"] = ["jacket", "blazer", "hoodie"]
        items[0]["guessShares"] = [0.99, 0.006, 0.004]
        items[0]["detail"] = ["jacket", "coat", "parka", "winterOuter", "cardigan"]
        items[1]["needsReview"] = true
        items[1]["confidence"] = 0.46
        items[1]["guesses"] = ["sleeveless", "shortSleeve", "longSleeve"]
        items[1]["guessShares"] = [0.46, 0.35, 0.09]
        archive["items"] = items
        try dir.write("guessed.json", try JSONSerialization.data(withJSONObject: archive))
        let restored = try closet.run(["restore", dir.path("guessed.json").path])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        return (dir, wardrobe, closet)
    }

    func testReviewAt80ColumnsShowsEveryChoiceAndWholeNamesAndSaysWhatEachChoiceDid() throws {
        let (dir, wardrobe, closet) = try reviewWardrobe(korean: false)
        defer { withExtendedLifetime(dir) {} }
        try start(wardrobe)
        defer { pane = nil }
        try waitFor("2 items")
        try keys("r")
        // The vest first (tops before outers): three guesses too long for one line, laid out in rows.
        var text = try waitFor("The model's guesses:")
        for choice in ["1 Sleeveless 46%", "2 Short-sleeve T-shirt 35%", "3 Long-sleeve T-shirt 9%"] {
            XCTAssertTrue(text.contains(choice), "\(choice) whole: \(text)")
        }
        XCTAssertTrue(text.contains("Linen vest for hot days"), "the whole name, in the width there is: \(text)")
        checkFits(text, "review")
        shot("review at 80×24", text)
        // Option 1 is the kind it has: it says so.
        try keys("1")
        try waitFor("Confirmed Linen vest for hot days as Sleeveless")
        // The outer: every kind of the question visible, none cut.
        text = try waitFor("Which kind of outer?")
        for choice in ["1 Jacket", "2 Coat", "3 Parka", "4 Padded winter coat", "5 Cardigan"] {
            XCTAssertTrue(text.contains(choice), "\(choice) visible: \(text)")
        }
        shot("review's question at 80×24", text)
        try keys("2")
        let coat = Item.generatedName(colors: ["navy"], category: CategoryID("coat"))
        let jacket = Item.generatedName(colors: ["navy"], category: CategoryID("jacket"))
        try waitFor("Now Coat: \(coat), was \(jacket)")
        try quit(1)
        XCTAssertEqual(try items(closet).compactMap { $0["name"] as? String }.sorted(), [coat, "Linen vest for hot days"].sorted())
    }

    // MARK: 3. The edit form

    func testTheEditFormAlwaysShowsSaveAndCancelWrapsTheStylesAndEditsColours() throws {
        let (dir, wardrobe, closet) = try wardrobe()
        defer { withExtendedLifetime(dir) {} }
        try add(closet, "shortSleeve", "Red tee", colour: "red")
        try start(wardrobe)
        defer { pane = nil }
        try waitFor("1 item")
        try keys("Tab", "e")
        try waitFor("Edit item")
        // The first colour, one step on in the palette, and the styles row (name, category, colour, second
        // colour, seasons, styles).
        let palette = ColorPalette.shared.names
        let next = palette[(palette.firstIndex(of: "red")! + 1) % palette.count]
        try keys("Down", "Down", "Right")
        try waitFor("‹ \(next) ›")
        try keys("Down", "Down", "Down")
        let text = try waitFor("toggle")
        let bottom = footer(text)
        XCTAssertTrue(bottom.contains("Ctrl-S save"), "save shown: \(bottom)")
        XCTAssertEqual(bottom.components(separatedBy: "cancel").count - 1, 1, "cancel once: \(bottom)")
        // Every style on screen, the row wrapped rather than cut.
        for style in ItemEditorStyles.common { XCTAssertTrue(text.contains("] \(style)"), "\(style) shown: \(text)") }
        checkFits(text, "edit form")
        shot("the edit form at 80×24", text)
        try keys("C-s")
        try waitFor("Saved Red tee")
        try quit(0)
        let item = try XCTUnwrap(try items(closet).first)
        XCTAssertEqual(item["colors"] as? [String], [next], "saved as `closet edit --color \(next)` would")
    }

    // MARK: 4. The calendar's day

    func testTheCalendarOpensTheDayLogsAPickedItemAfterAskingAndRefusesADayToCome() throws {
        let (dir, wardrobe, closet) = try wardrobe()
        defer { withExtendedLifetime(dir) {} }
        try add(closet, "shortSleeve", "Red tee", colour: "red")
        try add(closet, "jeans", "Blue jeans", colour: "blue")
        try add(closet, "shoes", "White sneakers", colour: "white")
        let today = Day.string(Date())
        XCTAssertEqual(try closet.run(["wear", "2"]).status, 0)
        try start(wardrobe)
        defer { pane = nil }
        try waitFor("3 items")
        try keys("C")
        try waitFor("●1")
        // Enter opens today's screen: what was worn, and the plan.
        try keys("Enter")
        var text = try waitUntil("today's screen with its wear") {
            $0.contains(today) && $0.contains("Worn") && $0.contains("• Blue jeans")
        }
        XCTAssertTrue(text.contains("Planned") && text.contains("nothing planned"), text)
        shot("the calendar's day at 80×24", text)
        // w asks which item: typing filters, Enter asks before logging.
        try keys("w")
        try waitFor("Which item did you wear on \(today)?")
        try type("tee")
        text = try waitUntil("the items filtered to the tee") { $0.contains("Red tee · ") && !$0.contains("White sneakers · ") }
        shot("choosing the item worn", text)
        try keys("Enter")
        try waitFor("Log a wear of Red tee on \(today)? y/N")
        try keys("y")
        try waitUntil("the wear logged and shown") { $0.contains("Logged Red tee worn on \(today)") && $0.contains("• Red tee") }
        // A day to come is refused, in words.
        try keys("Escape", "Right", "w")
        try waitFor("is still to come")
        try quit(1)
        let wears = try items(closet).reduce(into: [String: Int]()) { $0[$1["name"] as! String] = $1["wears"] as? Int }
        XCTAssertEqual(wears, ["Red tee": 1, "Blue jeans": 1, "White sneakers": 0])
    }

    // MARK: The category picker, the focused pane

    func testTheCategoryPickerFiltersByTypingAndScrollsAndTheFocusedPaneStandsOut() throws {
        let (dir, wardrobe, closet) = try wardrobe()
        defer { withExtendedLifetime(dir) {} }
        try add(closet, "jacket", "Rain jacket")
        try start(wardrobe)
        defer { pane = nil }
        // The sidebar has the keys: the line beside it is heavy; Tab gives them to the grid, and it is light.
        var text = try waitFor("1 item")
        XCTAssertTrue(text.contains("┃"), "the sidebar's edge stands out while it has the keys: \(text)")
        try keys("Tab")
        text = try waitUntil("the grid focused") { !$0.contains("┃") && $0.contains("│") }
        // c: every category reachable at 80×24, the list scrolled, and typing filters it.
        try keys("c")
        text = try waitFor("type to filter")
        XCTAssertTrue(text.contains("more below ↓") || text.contains("more above ↑"), "the list says there is more: \(text)")
        try keys("End")
        try waitFor("Accessory")
        try type("park")
        text = try waitUntil("the picker filtered to the parka") {
            $0.contains("Filter: park") && $0.contains("Parka") && !$0.contains("Accessory")
        }
        shot("the category picker filtered", text)
        try keys("Enter")
        try waitFor("Now Parka")
        try quit(0)
        XCTAssertEqual(try items(closet).first?["category"] as? String, "parka")
    }

    // MARK: Korean

    func testKoreanHelpReviewEditFormAndDayFitAndSpeakKorean() throws {
        let (dir, wardrobe, _) = try reviewWardrobe(korean: true)
        defer { withExtendedLifetime(dir) {} }
        try start(wardrobe)
        defer { pane = nil }
        try waitFor("옷 2벌")
        try keys("?")
        var text = try waitFor("이 화면의 키")
        XCTAssertTrue(text.contains("아래에 더 있음 ↓"), text)
        checkFits(text, "help")
        try keys("Escape", "r")
        text = try waitFor("모델의 추측:")
        for choice in ["1 민소매 46%", "3 긴소매 티셔츠 9%"] { XCTAssertTrue(text.contains(choice), "\(choice): \(text)") }
        checkFits(text, "review")
        shot("review in Korean at 80×24", text)
        try keys("1")
        try waitFor("확인했습니다")
        try keys("Escape", "Tab", "e")
        try waitFor("고치기")
        try keys("Down", "Down", "Down", "Down", "Down")
        text = try waitFor("켜기/끄기")
        XCTAssertTrue(footer(text).contains("Ctrl-S"), footer(text))
        for style in ItemEditorStyles.common { XCTAssertTrue(text.contains("] \(Strings.text(style, .ko))"), "\(style): \(text)") }
        checkFits(text, "edit form")
        shot("the edit form in Korean at 80×24", text)
        try keys("Escape")
        try waitFor("옷 2벌")
        try keys("C")
        try waitFor("년")
        try keys("Enter")
        text = try waitFor("입은 옷")
        checkFits(text, "day")
        shot("the calendar's day in Korean", text)
        try quit(2)
    }
}

/// The styles every wardrobe's form offers (the TUI's `ItemEditor.commonStyles`, repeated here: the binary
/// is what is tested).
enum ItemEditorStyles {
    static let common = ["casual", "office", "formal", "sport", "street", "outdoor", "party", "date", "home"]
}
