import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// Everyday commands: a list that fits 80 columns, undoing a wear, the archived items, what export wrote.
final class EverydayCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    func add(_ category: String, _ name: String) throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name, "--color", "navy"]).status, 0)
    }

    func testAWearLoggedByMistakeCanBeUndone() throws {
        try add("jeans", "Jeans")
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "yesterday"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "1"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "1"]).status, 64, "a wear is a day's: the slip is refused")
        XCTAssertTrue(try closet.run(["show", "1"]).stdout.contains("twice"))
        let undo = try closet.run(["wear", "--undo", "1"])
        XCTAssertEqual(undo.status, 0, undo.stderr)
        XCTAssertTrue(try closet.run(["show", "1"]).stdout.contains("once"))
        XCTAssertEqual(try closet.run(["wear", "--undo", "1"]).status, 66, "no wear that day")
        // Several items at once: all undone, or none (the shirt was not worn yesterday).
        try add("blouseShirt", "Shirt")
        XCTAssertEqual(try closet.run(["wear", "--undo", "1", "2", "--date", "yesterday"]).status, 66)
        XCTAssertTrue(try closet.run(["show", "1"]).stdout.contains("once"), "the jeans' wear stays")
    }

    func testArchivedItemsCanBeListedAndBroughtBack() throws {
        try add("coat", "Old coat")
        XCTAssertEqual(try closet.run(["archive", "1", "--reason", "donated"]).status, 0)
        XCTAssertFalse(try closet.run(["list"]).stdout.contains("Old coat"))
        let archived = try closet.run(["list", "--archived"])
        XCTAssertTrue(archived.stdout.contains("Old coat"), archived.stdout)
        XCTAssertTrue(archived.stderr.contains("--status active"), archived.stderr)
        XCTAssertEqual(try closet.run(["edit", "1", "--status", "active"]).status, 0)
        XCTAssertTrue(try closet.run(["list"]).stdout.contains("Old coat"))
    }

    func testExportSaysWhatItWroteAndWarnsWhenThePhotosAreNotInIt() throws {
        try add("coat", "Coat")
        let result = try closet.run(["export", "-o", dir.path("backup.json").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("Wrote 1 item") && result.stderr.contains("backup.json"), result.stderr)
    }

    func testAOneFileBackupRestoresEveryPhotoByteForByteAndAJSONExportWarns() throws {
        for (n, color) in [(1, (200, 30, 40)), (2, (30, 90, 200))] {
            let image = SyntheticPhoto.garment(width: 120, height: 160, color: (UInt8(color.0), UInt8(color.1), UInt8(color.2)))
            let photo = try dir.write("p\(n).jpg", ImageEncoder.jpeg(image, quality: 90))
            XCTAssertEqual(try closet.run(["add", photo.path, "--category", "hat", "--name", "Hat \(n)"]).status, 0)
        }
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-11-01"]).status, 0)
        let json = try closet.run(["export", "-o", dir.path("backup.json").path])
        XCTAssertTrue(json.stderr.contains("cannot bring them back") && json.stderr.contains("backup.closet"), json.stderr)

        let backup = dir.path("backup.closet").path
        let export = try closet.run(["export", "-o", backup])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stderr.contains("Wrote 2 items and 2 photos"), export.stderr)
        var fresh = ClosetInProcess.closet(wardrobe: dir.path("restored"))
        fresh.environment["CLOSET_MODEL"] = "none"
        let restore = try fresh.run(["restore", backup])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        XCTAssertTrue(restore.stderr.contains("Restored 2 items and 2 photos"), restore.stderr)
        XCTAssertEqual(try fresh.run(["list", "--json"]).stdout, try closet.run(["list", "--json"]).stdout)
        func files(_ root: URL) throws -> [String: Data] {
            var out: [String: Data] = [:]
            for case let url as URL in FileManager.default.enumerator(
                at: root.appendingPathComponent("photos"), includingPropertiesForKeys: nil)!
            where url.pathExtension == "jpg" { out[url.lastPathComponent] = try Data(contentsOf: url) }
            return out
        }
        XCTAssertEqual(try files(fresh.wardrobe), try files(closet.wardrobe))
        XCTAssertEqual(try files(fresh.wardrobe).count, 2)
        // Into a wardrobe with items: refused, with the CLI's remedy.
        let again = try fresh.run(["restore", backup])
        XCTAssertEqual(again.status, 64)
        XCTAssertTrue(again.stderr.contains("choose a new --wardrobe"), again.stderr)
        // A cut file: refused, nothing written.
        let cut = dir.path("cut.closet")
        try Data(try Data(contentsOf: URL(fileURLWithPath: backup)).prefix(4000)).write(to: cut)
        let third = ClosetInProcess.closet(wardrobe: dir.path("third"))
        let refused = try third.run(["restore", cut.path])
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("truncated"), refused.stderr)
        XCTAssertEqual(try third.run(["list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
    }

    /// The library's errors carry data; the CLI words them with its own flags and commands.
    func testErrorsAreSaidInTheCLIsWords() throws {
        let result = try closet.run(["show", "42"])
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("no item with id 42: `closet list` shows the ids"), result.stderr)
        try add("jeans", "Jeans")
        let noWeather = try closet.run(["suggest"])
        XCTAssertEqual(noWeather.status, 66)
        XCTAssertTrue(noWeather.stderr.contains("no temperature was given and no place is set: give --temp"), noWeather.stderr)
        let undo = try closet.run(["wear", "--undo", "1"])
        XCTAssertEqual(undo.status, 66)
        XCTAssertTrue(undo.stderr.contains("has no wear logged on") && undo.stderr.contains("`closet show 1`"), undo.stderr)
    }

    func testDoctorRecolourSaysWhatItChecked() throws {
        let image = SyntheticPhoto.garment(width: 160, height: 200, color: (200, 30, 40))
        let photo = try dir.write("red.jpg", ImageEncoder.jpeg(image, quality: 90))
        XCTAssertEqual(try closet.run(["add", photo.path, "--category", "hoodie"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--color", "pink", "--name", "Pink hat"]).status, 0)
        let result = try closet.run(["doctor", "--recolour"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Checked 1 item whose colours closet found: 0 recoloured"), result.stdout)
        XCTAssertEqual(try closet.run(["doctor", "--recolour", "--fix"]).status, 64)
    }

    func testLaundryAndRepairAreListedNeverSuggestedAndComeBack() throws {
        try add("shortSleeve", "Tee")
        try add("blouseShirt", "Shirt")
        try add("shortPants", "Shorts")
        let sent = try closet.run(["laundry", "1"])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertTrue(sent.stdout.contains("In the laundry: #1 Tee"), sent.stdout)
        XCTAssertTrue(try closet.run(["list"]).stdout.contains("Tee (in the laundry)"))
        XCTAssertEqual(try closet.run(["edit", "2", "--status", "repair", "--comment", "button"]).status, 0)
        let suggest = try closet.run(["suggest", "--temp", "24", "--json"])
        XCTAssertEqual(suggest.status, 66, "every top is away: \(suggest.stdout)")
        XCTAssertTrue(suggest.stderr.contains("every one of your tops is in the laundry or in repair (2)"), suggest.stderr)
        let stats = try closet.run(["stats"]).stdout
        XCTAssertTrue(stats.contains("#2 Shirt: in repair since") && stats.contains("(button)"), stats)
        XCTAssertTrue(stats.contains("#1 Tee: in the laundry since"), stats)
        XCTAssertTrue(try closet.run(["laundry", "--done"]).stdout.contains("Back from the laundry: 1 item."))
        let back = try closet.run(["suggest", "--temp", "24", "--json"])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("\"Tee\"") && !back.stdout.contains("\"Shirt\""), back.stdout)
        XCTAssertEqual(try closet.run(["laundry"]).status, 64, "ids or --done")
        // By habit: a T-shirt after every wear.
        XCTAssertEqual(try closet.run(["profile", "--laundry-after", "shortSleeve=1"]).status, 0)
        XCTAssertTrue(try closet.run(["profile"]).stdout.contains("laundry:     shortSleeve after once"))
        let worn = try closet.run(["wear", "1"])
        XCTAssertTrue(worn.stderr.contains("#1 Tee goes to the laundry"), worn.stderr)
        XCTAssertEqual(try closet.run(["profile", "--laundry-after", "jeans"]).status, 64)
    }

    func testTheLanguageFollowsLANGUnlessTheProfileChoosesOne() throws {
        try add("jeans", "Jeans")
        var korean = closet!
        korean.environment["LANG"] = "ko_KR.UTF-8"
        korean.inProcess = false  // help summaries are read once per process, in its locale
        XCTAssertTrue(try korean.run(["list"]).stdout.contains("청바지"), "LANG=ko_KR gives Korean")
        let help = try korean.run(["--help"]).stdout
        XCTAssertTrue(help.contains("옷 목록.") && help.contains("가진 옷으로 날씨에 맞는 코디를 추천합니다."), "help summaries: \(help)")
        XCTAssertTrue(try closet.run(["--help"]).stdout.contains("Suggest outfits for the weather"), "English without LANG")
        XCTAssertEqual(try korean.run(["profile", "--lang", "en"]).status, 0)
        XCTAssertFalse(try korean.run(["list"]).stdout.contains("청바지"), "the profile's choice wins")
        XCTAssertEqual(try korean.run(["profile", "--lang", "auto"]).status, 0)
        XCTAssertTrue(try korean.run(["profile"]).stdout.contains("language:    ko (from the locale"))
        XCTAssertFalse(try closet.run(["list"]).stdout.contains("청바지"), "without LANG, English")
    }

    func testATripIsLoggedAtOnceAndTheCalendarShowsItOnTheRightDays() throws {
        try add("jeans", "Jeans")
        try add("shortSleeve", "Tee")
        let trip = try closet.run(["wear", "1", "2", "--date", "2026-11-03", "--to", "2026-11-05"])
        XCTAssertEqual(trip.status, 0, trip.stderr)
        XCTAssertTrue(trip.stderr.contains("every day from 2026-11-03 to 2026-11-05 (3 days)"), trip.stderr)
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-11-05", "--to", "2026-11-03"]).status, 64, "backwards")
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-01-01", "--to", "2026-11-01"]).status, 64, "not a trip")
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-11-03", "--to", "2026-11-04", "--undo"]).status, 64)
        let text = try closet.run(["calendar", "--month", "2026-11"]).stdout
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "November 2026")
        XCTAssertTrue(lines[2].hasSuffix(" 1 ·"), "November 2026 begins on a Sunday: \(text)")
        XCTAssertTrue(lines[3].hasPrefix(" 2 ·   3 2   4 2   5 2   6 ·"), text)
        XCTAssertTrue(text.contains("2026-11-04 Wed  Jeans, Tee"), text)
        let json =
            try JSONSerialization.jsonObject(with: try closet.run(["calendar", "--month", "2026-11", "--json"]).stdoutData)
            as! [String: Any]
        let days = json["days"] as! [[String: Any]]
        XCTAssertEqual(days.count, 30)
        XCTAssertEqual((days[3]["worn"] as! [[String: Any]]).map { $0["name"] as? String }, ["Jeans", "Tee"])
        XCTAssertEqual((days[5]["worn"] as! [[String: Any]]).count, 0)
        XCTAssertEqual(try closet.run(["calendar", "--month", "2026-02-30"]).status, 64)
    }

    func testASavedPlanShowsInTheCalendarAndSuggestAndMovesAndClears() throws {
        for (category, name) in [("shortSleeve", "Tee"), ("jeans", "Jeans"), ("shoes", "Sneakers"), ("longSleeve", "Shirt")] {
            try add(category, name)
        }
        let saved = try closet.run(["plan", "--temp", "22", "--from", "2026-12-01", "--days", "3", "--save"])
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertTrue(saved.stderr.contains("Saved"), saved.stderr)
        let json =
            try JSONSerialization.jsonObject(with: try closet.run(["calendar", "--month", "2026-12", "--json"]).stdoutData)
            as! [String: Any]
        let days = json["days"] as! [[String: Any]]
        for n in 0..<3 { XCTAssertFalse((days[n]["planned"] as! [[String: Any]]).isEmpty, "day \(n + 1) is planned") }
        XCTAssertTrue((days[3]["planned"] as! [[String: Any]]).isEmpty)
        let text = try closet.run(["calendar", "--month", "2026-12"]).stdout
        XCTAssertTrue(text.contains("2026-12-01 Tue  planned: "), text)
        // suggest shows the day's plan first.
        let suggest =
            try JSONSerialization.jsonObject(
                with: try closet.run(["suggest", "--temp", "22", "--date", "2026-12-02", "--json"]).stdoutData) as! [String: Any]
        let planned = (suggest["planned"] as! [[String: Any]]).map { $0["id"] as! Int }
        XCTAssertEqual(planned.map(Int64.init), try plannedIDs("2026-12-02"))
        XCTAssertTrue(try closet.run(["suggest", "--temp", "22", "--date", "2026-12-02"]).stdout.contains("Planned for 2026-12-02:"))
        // Move a plan to a free day; a move onto a planned day is refused and loses nothing.
        XCTAssertEqual(try closet.run(["plan", "--move", "2026-12-01", "--to", "2026-12-02"]).status, 64)
        XCTAssertEqual(try closet.run(["plan", "--move", "2026-12-01", "--to", "2026-12-10"]).status, 0)
        XCTAssertTrue(try plannedIDs("2026-12-01").isEmpty)
        XCTAssertFalse(try plannedIDs("2026-12-10").isEmpty)
        XCTAssertEqual(try closet.run(["plan", "--clear", "2026-12-10"]).status, 0)
        XCTAssertTrue(try plannedIDs("2026-12-10").isEmpty)
        XCTAssertEqual(try closet.run(["plan", "--move", "2026-12-01"]).status, 64, "--move needs --to")
        XCTAssertEqual(try closet.run(["plan", "--save", "--show"]).status, 64)
        XCTAssertEqual(try closet.run(["plan", "--clear", "not-a-day"]).status, 64)
    }

    /// The saved plan of a day, from `plan --show --json`.
    func plannedIDs(_ day: String) throws -> [Int64] {
        let json =
            try JSONSerialization.jsonObject(
                with: try closet.run(["plan", "--show", "--from", day, "--days", "1", "--json"]).stdoutData) as! [String: Any]
        let days = json["days"] as! [[String: Any]]
        return (days[0]["planned"] as! [[String: Any]]).map { Int64($0["id"] as! Int) }
    }

    func testKoreanListAndStatsHaveNoEnglishWordsOutsideTheUsersOwnText() throws {
        XCTAssertEqual(try closet.run(["profile", "--lang", "ko"]).status, 0)
        // Names as closet generates them from photos; one typed by the person stays as typed.
        for (category, colour) in [("shortSleeve", "light grey"), ("jeans", "denim"), ("coat", "camel"), ("cardigan", "beige")] {
            let name = Item.generatedName(colors: [colour], category: category)
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--color", colour, "--name", name]).status, 0)
        }
        XCTAssertEqual(try closet.run(["wear", "1", "2"]).status, 0)
        XCTAssertEqual(try closet.run(["laundry", "2"]).status, 0)
        for command in [["list"], ["stats"]] {
            let out = try closet.run(command).stdout
            XCTAssertTrue(out.contains("밝은 회색 반소매 티셔츠"), out)
            // Colour names the palette does not know (camel) are the user's words; everything else is Korean.
            let english = out.replacingOccurrences(of: "camel", with: "").filter { $0.isASCII && $0.isLetter }
            XCTAssertEqual(english, "", "\(command): \(out)")
        }
        // suggest, its reasons and warnings (no shoes, colder than the wardrobe), and the everyday messages: Korean
        // but for the commands quoted in backticks, which are ids.
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "longPants", "--color", "navy", "--name", "바지"]).status, 0)
        for command in [
            ["suggest", "--temp", "-12", "--rain"], ["suggest", "--temp", "24"], ["laundry", "3"], ["laundry", "--done"],
            ["wear", "1", "--date", "2026-11-03", "--to", "2026-11-04"], ["calendar", "--month", "2026-11"], ["show", "99"], ["show", "1"],
            ["plan", "--temp", "5", "--from", "2026-12-01", "--days", "2"],
        ] {
            let result = try closet.run(command)
            let out = result.stdout + result.stderr
            XCTAssertFalse(out.isEmpty, "\(command)")
            let unquoted = out.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }
                .map(\.element).joined()
            // The program's name before an error, category ids and timestamps are ids too.
            var english = unquoted.replacingOccurrences(of: "closet: ", with: "").replacingOccurrences(of: "camel", with: "")
                .replacingOccurrences(of: "°C", with: "")
                .replacingOccurrences(of: #"\d{4}-\d\d-\d\dT[\d:.]+Z"#, with: "", options: .regularExpression)
            for category in Taxonomy.shared.categories { english = english.replacingOccurrences(of: "(\(category.id))", with: "") }
            english =
                english
                .filter { $0.isASCII && $0.isLetter }
            XCTAssertEqual(english, "", "\(command): \(out)")
        }
        let suggest = try closet.run(["suggest", "--temp", "-12", "--rain"])
        XCTAssertTrue(suggest.stdout.contains("비 → 아우터"), "a reason in Korean: \(suggest.stdout)")
        XCTAssertTrue(suggest.stderr.contains("옷장에 아직 신발이 없습니다"), "a warning in Korean: \(suggest.stderr)")
    }

    func testConfirmTakesACorrectedCategory() throws {
        try add("shortPants", "Guessed")
        let result = try closet.run(["confirm", "1", "--category", "onePieceSet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let item = try JSONSerialization.jsonObject(with: try closet.run(["show", "1", "--json"]).stdoutData) as! [String: Any]
        XCTAssertEqual(item["category"] as? String, "onePieceSet")
        XCTAssertEqual(item["needsReview"] as? Bool, false)
        XCTAssertEqual(try closet.run(["confirm", "1", "--category", "tuxedo"]).status, 64)
    }
}
