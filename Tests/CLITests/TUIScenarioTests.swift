import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// The real binary in tmux, driven by send-keys and read by capture-pane, as a person would use it.
final class TUIScenarioTests: XCTestCase {
    func tmux(_ args: [String]) throws -> String {
        try Shell.run(["tmux", "-L", socket] + args).output
    }

    let socket = "closet-test-\(UUID().uuidString.prefix(8))"

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "s"]) }

    /// Waits until the screen contains `text` (the app draws asynchronously to our keys), and the frame is whole.
    /// The deadline only stops a hang: a wait ends as soon as the text is there (a debug build computing a photo's
    /// embeddings on a loaded machine took more than the 5 s it was).
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("'\(text)' appeared", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the screen satisfies `ready`, then until two captures 0.1 s apart agree (for up to a second): a
    /// capture can land while a frame is half drawn, the new screen's title over the old screen's rows.
    @discardableResult
    func waitUntil(
        _ what: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line,
        _ ready: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if ready(last) { return try settled(last, ready) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("never \(what); the screen was:\n\(last)", file: file, line: line)
        return last
    }

    /// The screen once it stops changing (and still satisfies `ready`), or the latest capture that does after a second.
    func settled(_ first: String, _ ready: (String) -> Bool) throws -> String {
        var previous = first
        for _ in 0..<10 {
            Thread.sleep(forTimeInterval: 0.1)
            let now = try screen()
            if now == previous { return now }
            if ready(now) { previous = now }
        }
        return previous
    }

    /// A shell in a fresh tmux session of this size, in a neutral locale (the language follows it), with cut-outs
    /// off as in every test's closet (ClosetProcess): the pass's message would stand where these tests read the footer.
    func openShell(columns: Int, rows: Int, in directory: String? = nil) throws {
        _ = try tmux(
            ["new-session", "-d", "-s", "s", "-x", "\(columns)", "-y", "\(rows)"] + (directory.map { ["-c", $0] } ?? [])
                + [
                    "env", "-u", "TMUX", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=C.UTF-8", "CLOSET_SEGMENT_MODEL=none", "bash",
                    "--norc", "--noprofile",
                ])
    }

    func keys(_ k: String...) throws { _ = try tmux(["send-keys", "-t", "s"] + k) }

    /// Types, in the tmux shell, the command that runs closet on `wardrobe` (with `environment` before it, and
    /// `then` run after it exits) and then prints EXITED, which a test waits for after quitting.
    func launch(_ wardrobe: URL, environment: String = "", then: String = "") throws {
        try keys("\(environment)\(ClosetProcess.executable.path) --wardrobe \(wardrobe.path); \(then)echo EX\"\"ITED", "Enter")
    }

    /// A new wardrobe for a tmux scenario, closet's classifier off (the test types categories); skips without tmux.
    func wardrobeWithoutModel() throws -> (TemporaryDirectory, URL, ClosetProcess) {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        var closet = ClosetProcess(wardrobe: wardrobe)
        closet.environment["CLOSET_MODEL"] = "none"
        return (dir, wardrobe, closet)
    }

    func testBrowseEditSearchResizeQuit() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        let closet = ClosetProcess(wardrobe: wardrobe)
        let photo = try dir.write(
            "tee.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (200, 30, 40)), quality: 90))
        XCTAssertEqual(try closet.run(["add", photo.path, "--category", "shortSleeve", "--name", "Red tee"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Blue jeans"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "coat", "--name", "Camel coat", "--brand", "Zeta"]).status, 0)
        let before = try closet.run(["list", "--json"]).stdout
        let stty = dir.path("stty.txt").path

        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe, then: "stty -a > \(stty); ")
        // 1. It starts: the sidebar lists groups with counts, the grid the items.
        var text = try waitFor("3 items")
        XCTAssertTrue(text.contains("Tops"), text)
        XCTAssertTrue(text.contains("Red tee"), text)
        // 2. Move between categories (All → Tops → Short-sleeve), then into the grid, and open the item.
        try keys("j", "j")
        // The tee is on screen before the keys too: wait for the category's frame, without the jeans.
        text = try waitUntil("the Short-sleeve category showing only the tee") { $0.contains("Red tee") && !$0.contains("Blue jeans") }
        XCTAssertFalse(text.contains("Blue jeans"), "the Short-sleeve category shows only the tee:\n\(text)")
        try keys("Tab", "Enter")
        try waitFor("thickness")
        // 3. Change its category (→ Long-sleeve) and save.
        try keys("e")
        try waitFor("Edit item")
        try keys("Down", "Right")
        try waitFor("Long-sleeve")
        try keys("C-s")
        try waitFor("Saved Red tee")
        try keys("Escape")
        // 4. Search by brand.
        try keys("Escape", "g", "/")
        try keys("z", "e", "t", "a")
        // The whole query typed (the coat was on screen before the first key: waiting for it alone raced the keys).
        text = try waitUntil("the query zeta keeping only the Zeta coat") {
            $0.contains("/ zeta") && $0.contains("Camel coat") && !$0.contains("Blue jeans")
        }
        XCTAssertFalse(text.contains("Blue jeans"), "the search keeps only the Zeta coat:\n\(text)")
        try keys("Escape")
        // 5. Resize small (too small to draw), then back.
        _ = try tmux(["resize-window", "-t", "s", "-x", "20", "-y", "5"])
        try waitFor("too small")
        _ = try tmux(["resize-window", "-t", "s", "-x", "100", "-y", "30"])
        try waitFor("3 items")
        // 6. Quit, and the shell is back with a sane terminal.
        try keys("q")
        try waitFor("EXITED")
        let modes = try String(contentsOfFile: stty, encoding: .utf8)
        XCTAssertTrue(modes.contains(" icanon") && modes.contains(" echo "), "terminal restored: \(modes)")

        // The wardrobe changed exactly as expected: one category and, a default thickness following it, its warmth.
        let after = try closet.run(["list", "--json"]).stdout
        let old = try JSONSerialization.jsonObject(with: Data(before.utf8)) as! [[String: Any]]
        let new = try JSONSerialization.jsonObject(with: Data(after.utf8)) as! [[String: Any]]
        XCTAssertEqual(old.count, new.count)
        for (a, b) in zip(old.sorted { ($0["id"] as! Int) < ($1["id"] as! Int) }, new.sorted { ($0["id"] as! Int) < ($1["id"] as! Int) }) {
            for key in a.keys where !["updated", "category", "categoryName", "thickness"].contains(key) {
                XCTAssertEqual("\(a[key]!)", "\(b[key]!)", "item \(a["id"]!) \(key)")
            }
            if a["name"] as? String == "Red tee" {
                XCTAssertEqual(b["category"] as? String, "longSleeve")
            } else {
                XCTAssertEqual(a["category"] as? String, b["category"] as? String)
            }
        }
    }

    /// The import screen's browser: pick photos in two folders with Space, import them with i.
    /// Everyday use at 80×24: the footer keeps ? and q; grid keys act on the selection; Space marks several;
    /// u undoes a wear, an archive, a deletion and a category change; the archived view brings items back;
    /// a resize at any screen redraws the whole layout.
    func testGridActionsMarksUndoArchivedViewAndResizeAtEveryScreen() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        let closet = ClosetProcess(wardrobe: wardrobe)
        let names = [
            "Red tee", "Grey tee", "Black tee", "Navy knit", "Blue jeans", "Black jeans",
            "Khaki pants", "Camel coat", "Rain jacket", "Sneakers", "Loafers", "Beanie",
        ]
        let categories = [
            "shortSleeve", "shortSleeve", "shortSleeve", "sweater", "jeans", "jeans",
            "longPants", "coat", "jacket", "shoes", "shoes", "hat",
        ]
        for (name, category) in zip(names, categories) {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
        try openShell(columns: 80, rows: 24)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        var text = try waitFor("12 items")
        let footer = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.last ?? ""
        XCTAssertTrue(footer.contains("? help") && footer.contains("q quit"), "the footer at 80×24 keeps ? and q: \(footer)")

        // A wear from the grid, undone.
        try keys("Tab", "w")
        try waitFor("Logged a wear of Red tee")
        try keys("u")
        try waitFor("Undid the wear of 1 item")
        // Two marked, archived with one choice of reason.
        try keys("Space", "Space")
        try waitFor("2 marked")
        try keys("a")
        try waitFor("Archive as")
        try keys("Enter")
        text = try waitFor("Archived 2 items")
        XCTAssertTrue(text.contains("10 items") || text.contains("Archived"), text)
        // Delete the selection, then undo it.
        try keys("d")
        try waitFor("y/N")
        try keys("y")
        try waitFor("Deleted Black tee")
        try keys("u")
        try waitFor("Undid the deletion of Black tee")
        // A category change through the picker, undone too.
        try keys("c")
        try waitFor("Category")
        try keys("Down", "Enter")
        try waitFor("Now ")
        try keys("u")
        try waitFor("Undid the category change of")
        // The archived view: the last sidebar entry, and a brings an item back.
        try keys("Tab", "G")
        try waitUntil("only the archived items shown") { $0.contains("Red tee") && $0.contains("Grey tee") && !$0.contains("Navy knit") }
        try keys("a")
        try waitFor("Back in the closet: Red tee")

        // Resize at every screen: the whole layout is drawn again, the selection in view.
        try keys("g", "Tab")
        _ = try tmux(["resize-window", "-t", "s", "-x", "60", "-y", "20"])
        try waitFor("items")
        try keys("G")
        try waitFor("Beanie")
        _ = try tmux(["resize-window", "-t", "s", "-x", "200", "-y", "50"])
        try waitUntil("the grown grid showing every row") { $0.contains("Red tee") && $0.contains("Beanie") && $0.contains("Navy knit") }
        for (key, mark) in [("Enter", "thickness"), ("?", "Keys here"), ("t", "Today"), ("s", "Statistics"), ("i", "Import photos")] {
            try keys(key)
            try waitFor(mark)
            _ = try tmux(["resize-window", "-t", "s", "-x", "70", "-y", "22"])
            // Redrawn for 70×22: the header on the first row, the footer (with ? help) on the last, nothing cut.
            text = try waitUntil("\(key): redrawn at 70×22") { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.count >= 22 && lines[0].hasPrefix(" closet") && lines[21].contains("? help") && screen.contains(mark)
            }
            _ = try tmux(["resize-window", "-t", "s", "-x", "200", "-y", "50"])
            try waitUntil("\(key): redrawn at 200×50") {
                $0.split(separator: "\n", omittingEmptySubsequences: false).count >= 50 && $0.contains(mark)
            }
            try keys("Escape")
            if key == "t" { try keys("Escape") }  // Today may open typing a temperature
            try waitFor("11 items")
        }
        // The calendar: today's wear logged from the CLI shows on today's cell and below the grid.
        XCTAssertEqual(try closet.run(["wear", "4"]).status, 0)
        try keys("C")
        try waitUntil("today's wear on the calendar") { $0.contains("●1") && $0.contains(": Navy knit") }
        try keys("Escape")
        try waitFor("11 items")
        try keys("q")
        try waitFor("EXITED")
        let archived = try closet.run(["list", "--archived", "--json"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(archived.utf8)) as! [[String: Any]]
        XCTAssertEqual(items.map { $0["name"] as? String }, ["Grey tee"], archived)
        let all = try closet.run(["list", "--json"]).stdout
        let active = try JSONSerialization.jsonObject(with: Data(all.utf8)) as! [[String: Any]]
        XCTAssertEqual(active.count, 11, all)
        XCTAssertEqual(active.compactMap { $0["wears"] as? Int }.reduce(0, +), 1, "the TUI's wear was undone; the CLI's stays")
        for item in active {
            let name = item["name"] as? String ?? ""
            XCTAssertEqual(
                item["category"] as? String, categories[names.firstIndex(of: name) ?? 0], "\(name): the category change was undone")
        }
    }

    /// Review settles an item in one key: the question's kinds (or the model's guesses) sit on 1–9, and typing
    /// filters every category. The wardrobe comes from an export with the classifier's guesses in it.
    func testReviewSettlesAnItemInOneKeyAndTypingFilters() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let source = ClosetProcess(wardrobe: dir.path("source"))
        XCTAssertEqual(try source.run(["add", "--no-photo", "--category", "jacket", "--name", "Navy jacket", "--color", "navy"]).status, 0)
        XCTAssertEqual(
            try source.run(["add", "--no-photo", "--category", "shortPants", "--name", "Gym shorts", "--color", "grey"]).status, 0)
        let exported = try source.run(["export", "--format", "json"]).stdoutData
        var archive = try JSONSerialization.jsonObject(with: exported) as! [String: Any]
        // Export lists bottoms before outers: find each by name.
        var items = (archive["items"] as! [[String: Any]]).sorted { ($0["name"] as! String) > ($1["name"] as! String) }
        XCTAssertEqual(items.map { $0["name"] as? String }, ["Navy jacket", "Gym shorts"])
        items[0]["needsReview"] = true
        items[0]["confidence"] = 0.996
        items[0]["guesses"] = ["jacket", "blazer", "hoodie"]
        items[0]["guessShares"] = [0.996, 0.003, 0.001]
        items[0]["detail"] = ["jacket", "coat", "parka", "winterOuter", "cardigan"]
        items[1]["needsReview"] = true
        items[1]["confidence"] = 0.46
        items[1]["guesses"] = ["shortPants", "longPants", "sleeveless"]
        items[1]["guessShares"] = [0.46, 0.35, 0.09]
        archive["items"] = items
        try dir.write("guessed.json", try JSONSerialization.data(withJSONObject: archive))
        let wardrobe = dir.path("w")
        let closet = ClosetProcess(wardrobe: wardrobe)
        let restored = try closet.run(["restore", dir.path("guessed.json").path])
        XCTAssertEqual(restored.status, 0, restored.stderr)

        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        try waitFor("2 items")
        try keys("r")
        // The shorts first (bottoms before outers): the model's guesses on 1–3, or type to filter.
        var text = try waitFor("The model's guesses:")
        XCTAssertTrue(text.contains("1 Shorts 46%") && text.contains("2 Long pants 35%"), text)
        try keys("l", "o", "n", "g", " ", "p")
        try waitFor("Category: long p")
        try keys("Enter")
        // The outer: the model knew the class, not the kind, so it asks, showing no confidence for a kind.
        text = try waitFor("Which kind of outer?")
        XCTAssertTrue(text.contains("1 Jacket") && text.contains("2 Coat"), text)
        // Each item on two rows: its confidence and name, then what the model could tell (the group, for a question).
        XCTAssertTrue(text.contains("100%  Navy jacket") && text.contains("Outerwear → ?"), text)
        XCTAssertFalse(text.contains("%  Jacket"), "no confidence for a kind it guessed: \(text)")
        try keys("2")  // one key: a coat
        try waitFor("Nothing to review")
        try keys("Escape", "q")
        try waitFor("EXITED")
        let list = try JSONSerialization.jsonObject(with: try closet.run(["list", "--json"]).stdoutData) as! [[String: Any]]
        XCTAssertEqual(list.map { $0["category"] as? String }, ["longPants", "coat"], "\(list)")
        XCTAssertEqual(list.map { $0["name"] as? String }, ["Gym shorts", "Navy coat"], "a generated name follows, a typed one stays")
        XCTAssertEqual(list.map { $0["needsReview"] as? Bool }, [false, false])
    }

    func testImportBrowserMultiSelect() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        let closet = ClosetProcess(wardrobe: wardrobe)
        for (name, color) in [("photos/a.jpg", (200, 30, 40)), ("photos/b.jpg", (30, 200, 40)), ("photos/sub/c.jpg", (30, 40, 200))] {
            let image = SyntheticPhoto.garment(width: 240, height: 320, color: (UInt8(color.0), UInt8(color.1), UInt8(color.2)))
            try dir.write(name, ImageEncoder.jpeg(image, quality: 90))
        }
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Blue jeans"]).status, 0)
        try openShell(columns: 100, rows: 30, in: dir.path("photos").path)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        try waitFor("1 item")
        try keys("i")
        // Waits for the whole listing: a capture can land while the frame is still being written.
        var text = try waitUntil("the folder listed") { $0.contains("sub/") && $0.contains("a.jpg") && $0.contains("b.jpg") }
        // ".." → sub/ → a.jpg: select it (Space moves on to b.jpg), then into sub/ and select c.jpg.
        try keys("Down", "Down", "Space")
        try waitFor("1 selected")
        try keys("Up", "Up", "Enter")
        text = try waitFor("c.jpg")
        XCTAssertFalse(text.contains("b.jpg"), text)
        try keys("Down", "Space")
        try waitFor("2 selected")
        try keys("i")
        // Two photos through the classifier: about 30 s each in a debug build on a loaded 2-core machine.
        try waitFor("Imported 2", timeout: 300)
        try keys("Escape", "q")
        try waitFor("EXITED")
        let list = try closet.run(["list", "--json"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(list.utf8)) as! [[String: Any]]
        XCTAssertEqual(items.count, 3, "the jeans and the two chosen photos: \(list)")
        XCTAssertEqual(items.filter { $0["photo"] is String }.count, 2)
    }

    /// An edit in the TUI while the CLI edits the same item: both changes survive, or the TUI asks; items the
    /// CLI adds appear without a key; a crash (SIGILL, as a Swift trap) still leaves a sane terminal.
    func testConcurrentEditsAreMergedOrAskedAndACrashRestoresTheTerminal() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let wardrobe = dir.path("w")
        let closet = ClosetProcess(wardrobe: wardrobe)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "blouseShirt", "--name", "Shirt"]).status, 0)
        let stty = dir.path("stty.txt").path
        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe, then: "stty -a > \(stty); ")
        try waitFor("1 item")
        func show() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: try closet.run(["show", "1", "--json"]).stdoutData) as! [String: Any]
        }
        // 1. Editor open on the name; meanwhile the CLI sets brand and comment; then Ctrl-S: both edits kept.
        try keys("Tab", "Enter")
        try waitFor("thickness")
        try keys("e")
        try waitFor("Edit item")
        try keys("2")
        XCTAssertEqual(try closet.run(["edit", "1", "--brand", "X", "--comment", "Y"]).status, 0)
        try keys("C-s")
        try waitFor("keeping the changes made elsewhere")
        var item = try show()
        XCTAssertEqual(item["name"] as? String, "Shirt2")
        XCTAssertEqual(item["brand"] as? String, "X")
        XCTAssertEqual(item["comment"] as? String, "Y")
        // 2. Both change the brand: the TUI asks, and "n" keeps the CLI's.
        try keys("e")
        try waitFor("Edit item")
        // name → category, colour, second colour, seasons, styles, thickness, formality, pattern, brand.
        try keys("Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Z")
        XCTAssertEqual(try closet.run(["edit", "1", "--brand", "W"]).status, 0)
        try keys("C-s")
        try waitFor("Changed elsewhere while you edited (brand)")
        try keys("n")
        try waitFor("Kept the version saved elsewhere")
        item = try show()
        XCTAssertEqual(item["brand"] as? String, "W")
        XCTAssertEqual(item["name"] as? String, "Shirt2")
        // 3. An item the CLI adds shows up while the TUI waits for a key.
        try keys("Escape")
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Wool beanie"]).status, 0)
        try waitFor("Wool beanie")
        // 4. A fatal signal: the terminal comes back cooked, with echo, on the main screen.
        _ = try Shell.run(["pkill", "-ILL", "-f", "closet --wardrobe \(wardrobe.path)"])
        try waitFor("EXITED")
        let modes = try String(contentsOfFile: stty, encoding: .utf8)
        let words = Set(modes.split(whereSeparator: \.isWhitespace).map(String.init))
        XCTAssertTrue(words.isSuperset(of: ["icanon", "echo", "isig"]), "terminal restored: \(modes)")
    }

    /// Today: asks for a temperature only the first time, shows cards with a why and tags, swaps a piece,
    /// plans the week (W), and next time opens at once with the temperature typed before.
    func testTheCalendarShowsAWearAndASavedPlanAndTodayOpensWithThePlan() throws {
        let (dir, wardrobe, closet) = try wardrobeWithoutModel()
        defer { withExtendedLifetime(dir) {} }
        for (category, name) in [("shortSleeve", "Tee"), ("jeans", "Jeans"), ("shoes", "Sneakers"), ("longSleeve", "Shirt")] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
        // Today is planned; the first of this month was worn.
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        let today = formatter.string(from: Date())
        let first = String(today.prefix(8)) + "01"
        XCTAssertEqual(try closet.run(["wear", "2", "--date", first]).status, 0)
        XCTAssertEqual(try closet.run(["plan", "--temp", "22", "--days", "1", "--save"]).status, 0)
        let planned = try closet.run(["plan", "--show", "--days", "1"]).stdout
        XCTAssertTrue(planned.contains(today), planned)
        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        try waitFor("4 items")
        try keys("C")
        // The whole month drawn (a capture can land while the terminal is still taking a large frame in).
        var text = try waitUntil("the month with the wear and the plan") { $0.contains(" 1 ●1") && $0.contains("planned: ") }
        let day = Int(today.suffix(2))!
        XCTAssertTrue(text.contains(String(format: "%2d ▸", day)) || day == 1, text)
        // The chosen day is today: its plan is listed under the month.
        XCTAssertTrue(text.contains("planned: "), text)
        try keys("Escape", "t")
        try waitFor("Temperature (°C)")
        try keys("2", "2", "Enter")
        text = try waitFor("Outfit 1")
        XCTAssertTrue(text.contains("Planned for \(today)"), text)
        try keys("Escape", "q")
        try waitFor("EXITED")
    }

    func testKoreanAt80x24FitsEveryLineAndCutsNoSyllable() throws {
        let (dir, wardrobe, closet) = try wardrobeWithoutModel()
        defer { withExtendedLifetime(dir) {} }
        XCTAssertEqual(try closet.run(["profile", "--lang", "ko"]).status, 0)
        // Names as closet generates them from a photo (colour and kind): shown in Korean order.
        for (category, colour) in [("shortSleeve", "light grey"), ("jeans", "denim"), ("winterOuter", "black"), ("cardigan", "beige")] {
            let name = Item.generatedName(colors: [colour], category: CategoryID(category))
            XCTAssertEqual(
                try closet.run(["add", "--no-photo", "--category", category, "--color", colour, "--name", name]).status, 0)
        }
        try openShell(columns: 80, rows: 24)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        func checkLayout(_ text: String, _ screen: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                XCTAssertLessThanOrEqual(TextWidth.of(String(line)), 80, "\(screen): \(line)")
                XCTAssertFalse(line.contains("\u{FFFD}"), "\(screen): a cut character in \(line)")
            }
        }
        var text = try waitFor("옷 4벌")
        XCTAssertTrue(text.contains("전체"), text)
        XCTAssertTrue(text.contains("도움말"), "the footer in Korean: \(text)")
        try keys("Tab")
        text = try waitFor("밝은 회색")
        XCTAssertTrue(text.contains("반소매"), "generated names in Korean order: \(text)")
        checkLayout(text, "closet")
        // An item's page: its labels and values (colour, seasons, status) in Korean.
        try keys("Enter")
        text = try waitFor("계절")
        XCTAssertTrue(text.contains("상태") && text.contains("옷장"), text)
        checkLayout(text, "item")
        try keys("Escape")
        try waitFor("전체")
        try keys("?")
        text = try waitFor("이 화면의 키")
        checkLayout(text, "help")
        try keys("Escape", "C")
        text = try waitFor("년")
        XCTAssertTrue(text.contains("월") && text.contains("화"), text)
        checkLayout(text, "calendar")
        // The open day: its keys in Korean, and the line under the month.
        try keys("Enter")
        text = try waitFor("그날")
        checkLayout(text, "calendar day")
        // Statistics and the import browser.
        try keys("Escape", "Escape", "s")
        text = try waitFor("통계")
        XCTAssertTrue(text.contains("가장 많이 입은 옷") || text.contains("많이 입은"), text)
        XCTAssertFalse(text.contains("Most worn") || text.contains("Not worn"), text)
        checkLayout(text, "stats")
        try keys("Escape", "i")
        text = try waitFor("사진 가져오기")
        checkLayout(text, "import")
        // Today's suggestion, its reasons and the card's line in Korean.
        try keys("Escape", "Escape", "t")
        try waitFor("기온 (°C)")
        try keys("5", "Enter")
        // The whole frame: a capture can land while the cards are half drawn (their tags come last).
        text = try waitUntil("the cards drawn with their tags") { $0.contains("코디 1") && $0.contains("#") }
        XCTAssertFalse(text.contains("#옷장"), "no tag says what every piece is: in the closet")
        checkLayout(text, "today")
        XCTAssertTrue(text.contains("5 °C →"), text)
        XCTAssertFalse(text.contains(" with the ") || text.contains(" under the "), "the card's line in Korean: \(text)")
        try keys("Escape", "q")
        try waitFor("EXITED")
    }

    func testAnOpenDayOfTheCalendarMovesAPlanUndoesItAndClearsIt() throws {
        let (dir, wardrobe, closet) = try wardrobeWithoutModel()
        defer { withExtendedLifetime(dir) {} }
        for (category, name) in [("shortSleeve", "Tee"), ("jeans", "Jeans"), ("shoes", "Sneakers")] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        let today = formatter.string(from: Date())
        let tomorrow = formatter.string(from: Date().addingTimeInterval(86_400))
        XCTAssertEqual(try closet.run(["plan", "--temp", "22", "--days", "1", "--save"]).status, 0)
        func planned(_ day: String) throws -> Bool {
            try closet.run(["plan", "--show", "--from", day, "--days", "1"]).stdout.contains(day)
        }
        XCTAssertTrue(try planned(today))
        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        try waitFor("3 items")
        try keys("C")
        try waitFor("planned: ")
        try keys("Enter")
        try waitFor("o wore the planned outfit")
        try keys("m")
        try waitFor("Moving the plan of \(today)")
        try keys("Right", "Enter")
        try waitFor("Moved the plan of \(today) to \(tomorrow)")
        XCTAssertTrue(try !planned(today) && planned(tomorrow), "the plan is on the next day")
        try keys("u")
        try waitFor("Undid the plan change")
        XCTAssertTrue(try planned(today) && !planned(tomorrow), "undo puts it back")
        try keys("Left", "Enter", "x")
        try waitFor("Clear the plan of \(today)?")
        try keys("y")
        try waitFor("Cleared the plan of \(today)")
        XCTAssertFalse(try planned(today), "cleared")
        try keys("Escape", "Escape", "q")
        try waitFor("EXITED")
    }

    func testTodayOpensWithOutfitsSwapsAPieceAndPlansTheWeek() throws {
        let (dir, wardrobe, closet) = try wardrobeWithoutModel()
        defer { withExtendedLifetime(dir) {} }
        let photo = try dir.write(
            "knit.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (200, 190, 160)), quality: 90))
        XCTAssertEqual(try closet.run(["add", photo.path, "--category", "sweater", "--name", "Cream knit", "--price", "50000"]).status, 0)
        for (category, name) in [
            ("longSleeve", "Navy long-sleeve"), ("blouseShirt", "Oxford shirt"), ("hoodie", "Grey hoodie"),
            ("jeans", "Blue jeans"), ("longPants", "Chinos"), ("jacket", "Field jacket"), ("coat", "Camel coat"),
            ("shoes", "Boots"),
        ] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
        try openShell(columns: 120, rows: 36)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        try waitFor("9 items")
        try keys("t")
        try waitFor("Temperature (°C)")
        // ? is no digit: it shows help over the field, and Esc goes back to typing.
        try keys("?")
        try waitFor("Keys here")
        try keys("Escape")
        try waitFor("Temperature (°C)")
        try keys("5", "Enter")
        var text = try waitFor("Outfit 3")
        XCTAssertTrue(text.contains("5 °C →"), text)
        XCTAssertFalse(text.contains("#closet"), "no tag says what every piece is: in the closet\n\(text)")
        XCTAssertTrue(text.contains("5 °C typed now"), text)
        // Swap the first card's first piece.
        try keys("s")
        text = try waitFor("Swapped")
        // The week: seven days, each with its outfit's why.
        try keys("W")
        text = try waitFor("back to today")
        XCTAssertEqual(text.components(separatedBy: "5 °C →").count - 1, 7, text)
        try keys("Escape", "Escape", "q")
        try waitFor("EXITED")
        // Next time Today opens at once with what was typed.
        try launch(wardrobe)
        try waitFor("9 items")
        try keys("t")
        text = try waitFor("Outfit 1")
        XCTAssertTrue(text.contains("5 °C typed today"), text)
        try keys("Escape", "q")
        try waitFor("EXITED")
        // Laundry never appears in Today: the coat and the chinos are in the wash.
        XCTAssertEqual(try closet.run(["laundry", "8", "6"]).status, 0)
        try launch(wardrobe)
        try waitFor("9 items")
        try keys("t")
        text = try waitFor("Outfit 1")
        for card in 1...3 {
            text = try waitFor("Outfit \(card)")
            XCTAssertFalse(text.contains("Camel coat") || text.contains("Chinos"), "card \(card) holds laundry: \(text)")
            try keys("Right")
        }
        try keys("Escape", "q")
        try waitFor("EXITED")
    }

    /// A newline typed into a name or a brand is drawn escaped, on its own row: curses would otherwise go on at
    /// the start of the next row and write the rest over the sidebar.
    func testANewlineInANameOrBrandStaysOnItsRow() throws {
        let (_, wardrobe, closet) = try wardrobeWithoutModel()
        XCTAssertEqual(
            try closet.run(["add", "--no-photo", "--category", "shortSleeve", "--name", "Tee\nFORGED", "--brand", "B\nFORGED"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Jeans"]).status, 0)
        try openShell(columns: 100, rows: 30)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        let forged: (String) -> Bool = { $0.split(separator: "\n").contains { $0.hasPrefix("FORGED") } }
        var text = try waitFor("Tee^JFORGED")
        XCTAssertFalse(forged(text), "the grid:\n\(text)")
        try keys("Tab", "Enter")
        text = try waitFor("B^JFORGED")
        XCTAssertFalse(forged(text), "the item screen:\n\(text)")
        try keys("Escape", "q")
        try waitFor("EXITED")
    }

    /// LANG names a UTF-8 locale this machine never generated (as SSH brings one from a laptop): the TUI still
    /// draws every character, where curses in the C locale dropped them all (names, "·", the photos' ▀).
    func testAUTF8LocaleThatIsNotInstalledStillDrawsEveryCharacter() throws {
        let (_, wardrobe, closet) = try wardrobeWithoutModel()
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Béret rouge"]).status, 0)
        try openShell(columns: 80, rows: 24)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe, environment: "LANG=xx_XX.UTF-8 ")
        let text = try waitFor("1 item")
        XCTAssertTrue(text.contains("Béret rouge"), text)
        XCTAssertTrue(text.contains("closet · w · 1 item"), text)
        try keys("q")
        try waitFor("EXITED")
    }

    /// A TERM with no terminfo entry, or none at all, draws as xterm-256color with closet's note (never curses'
    /// "Error opening terminal"); TERM=dumb is refused in closet's words, with exit 78.
    func testAnUnknownOrUnsetTERMFallsBackWithANoteAndDumbIsRefusedInWords() throws {
        let (_, wardrobe, closet) = try wardrobeWithoutModel()
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Straw hat"]).status, 0)
        try openShell(columns: 180, rows: 24)
        defer { _ = try? tmux(["kill-server"]) }
        for (environment, note) in [
            ("TERM=no-such-term ", "TERM=no-such-term is not a terminal known here: closet draws as xterm-256color"),
            ("env -u TERM ", "TERM is not set: closet draws as xterm-256color"),
        ] {
            try launch(wardrobe, environment: environment, then: "echo rc=$?; ")
            let text = try waitFor("1 item")
            XCTAssertTrue(text.contains("Straw hat"), text)
            XCTAssertTrue(text.contains(note), text)
            try keys("q")
            let after = try waitFor("EXITED")
            XCTAssertTrue(after.contains("rc=0"), after)
            XCTAssertFalse(after.contains("Error opening terminal"), after)
            try keys("clear", "Enter")
            try waitUntil("the screen cleared") { !$0.contains("EXITED") }
        }
        try launch(wardrobe, environment: "TERM=dumb ", then: "echo rc=$?; ")
        let refused = try waitFor("EXITED")
        XCTAssertTrue(refused.contains("rc=78"), refused)
        XCTAssertTrue(refused.contains("TERM is dumb: this terminal cannot show closet's screen"), refused)
        XCTAssertFalse(refused.contains("Error opening terminal"), refused)
    }

    /// Names with emoji sequences (🏳️‍🌈, 👩‍👩‍👧, 🇰🇷) are drawn in cells curses and the terminal agree on: after
    /// scrolling away and back, the screen is exactly as it was, with no stale cell.
    func testEmojiSequencesInNamesLeaveNoStaleCellsWhenScrolling() throws {
        let (_, wardrobe, closet) = try wardrobeWithoutModel()
        for name in ["🏳️‍🌈 Pride tee", "👩‍👩‍👧 Family tee", "🇰🇷 Flag tee"] + (1...30).map({ "Plain tee \($0)" }) {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "shortSleeve", "--name", name]).status, 0)
        }
        try openShell(columns: 80, rows: 24)
        defer { _ = try? tmux(["kill-server"]) }
        try launch(wardrobe)
        let first = try waitFor("Pride tee")
        XCTAssertTrue(first.contains("🌈 Pride tee"), first)
        XCTAssertTrue(first.contains("KR Flag tee"), first)
        for round in 1...3 {
            try keys("Tab", "G")
            try waitUntil("the grid scrolled to its end (round \(round))") { !$0.contains("Pride tee") && $0.contains("Plain tee 30") }
            try keys("g", "Tab")
            let back = try waitUntil("the grid back at its start (round \(round))") { $0 == first }
            XCTAssertEqual(back, first, "round \(round)")
        }
        try keys("q")
        try waitFor("EXITED")
    }

    /// `closet list` on an 80-column terminal (moved here from EverydayCLITests: it needs tmux). After closet exits,
    /// the pane prints LISTED and waits on `read` (where a `sleep 10` kept it open before), and the test waits for
    /// LISTED. (With remain-on-exit instead, tmux sometimes lost the first line of a program that exits at once.)
    func testTheListFitsEightyColumnsWithLongAndKoreanNames() throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        let dir = TemporaryDirectory()
        let closet = ClosetProcess.withoutModel(in: dir)
        let long = "A very long name for a red dress with a story behind it"
        for (category, name) in [("onePieceSet", long), ("jeans", "오래된 청바지 빈티지 스타일 와이드 핏"), ("shortSleeve", "Tee")] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name, "--color", "navy"]).status, 0)
        }
        defer { _ = try? tmux(["kill-server"]) }
        _ = try tmux([
            "new-session", "-d", "-s", "s", "-x", "80", "-y", "20",
            "env CLOSET_MODEL=none LANG=C.UTF-8 \(ClosetProcess.executable.path) list --lang ko --wardrobe \(closet.wardrobe.path); echo LISTED; read x",
        ])
        try waitFor("LISTED", timeout: 30)
        let screen = try screen()
        let lines = screen.split(separator: "\n").map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0 != "LISTED"
        }
        XCTAssertEqual(lines.count, 4, "a header and one line an item, none wrapped:\n\(screen)")
        XCTAssertTrue(lines.first?.hasPrefix("번호  ") ?? false, "the header in Korean (--lang ko):\n\(screen)")
        XCTAssertTrue(screen.contains("A very long name") && screen.contains("…"), "a long name ends with …:\n\(screen)")
        XCTAssertFalse(screen.contains(long), screen)
        XCTAssertTrue(screen.contains("오래된 청바지"), screen)
        XCTAssertTrue(lines.allSatisfy { !$0.contains("T-shirtCharcoal") }, "columns keep a gap")
        // Piped, nothing is cut.
        let piped = try closet.run(["list"]).stdout
        XCTAssertTrue(piped.contains(long), piped)
        XCTAssertTrue(piped.contains("오래된 청바지 빈티지 스타일 와이드 핏"), piped)
    }
}
