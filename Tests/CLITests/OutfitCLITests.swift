import Foundation
import TestSupport
import XCTest

/// `suggest` and `plan` as a person runs them.
final class OutfitCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetProcess(wardrobe: dir.path("wardrobe"))
        closet.environment["CLOSET_MODEL"] = "none"
    }

    func add(_ category: String, _ name: String, _ extra: [String] = []) throws {
        let result = try closet.run(["add", "--no-photo", "--category", category, "--name", name] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let result = try closet.run(args)
        XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData) as! [String: Any]
    }

    func testTheColdIsDressedWithAWarningAndExitZero() throws {
        try add("hoodie", "Grey hoodie"); try add("hoodie", "Navy hoodie")
        try add("jacket", "Charcoal jacket"); try add("longPants", "Trousers")
        let text = try closet.run(["suggest", "--temp", "-5"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stderr.contains("colder than anything you own"), text.stderr)
        XCTAssertTrue(text.stderr.contains("closet edit 3 --category winterOuter"), text.stderr)
        let object = try json(["suggest", "--temp", "-5", "--json"])
        XCTAssertFalse((object["outfits"] as! [Any]).isEmpty)
        XCTAssertTrue((object["warnings"] as! [String]).contains { $0.contains("Charcoal jacket") }, "\(object)")
        // Thickness follows the category at import: a T-shirt is thin, a padded coat very thick.
        try add("shortSleeve", "Tee"); try add("winterOuter", "Padded")
        let list = try JSONSerialization.jsonObject(with: try closet.run(["list", "--json"]).stdoutData) as! [[String: Any]]
        XCTAssertEqual(list.first { $0["name"] as? String == "Tee" }?["thickness"] as? Int, 1)
        XCTAssertEqual(list.first { $0["name"] as? String == "Padded" }?["thickness"] as? Int, 5)
    }

    func testAWeekPlanAsJSONAndItsBadInput() throws {
        for (i, color) in ["navy", "white", "black", "grey", "red", "green", "beige", "pink"].enumerated() {
            try add(i % 2 == 0 ? "longSleeve" : "blouseShirt", "\(color) top", ["--color", color])
        }
        try add("jeans", "Jeans"); try add("longPants", "Chinos"); try add("jacket", "Jacket"); try add("shoes", "Sneakers")
        let plan = try json(["plan", "--temp", "14", "--from", "2026-12-01", "--json"])
        let days = plan["days"] as! [[String: Any]]
        XCTAssertEqual(days.map { $0["date"] as! String }, (1...7).map { String(format: "2026-12-%02d", $0) })
        var tops: [Int] = []
        for day in days {
            let outfit = day["outfit"] as! [String: Any]
            let items = outfit["items"] as! [[String: Any]]
            XCTAssertEqual(Set(items.flatMap { $0.keys }), ["id", "category", "group", "name"])
            XCTAssertFalse((outfit["reasons"] as! [String]).isEmpty)
            XCTAssertNotNil(day["weather"] as? [String: Any])
            XCTAssertNotNil(day["warnings"] as? [String])
            tops += items.filter { $0["group"] as? String == "top" }.map { $0["id"] as! Int }
        }
        XCTAssertEqual(Set(tops).count, tops.count, "no top twice in the week")
        XCTAssertNotNil(plan["warnings"] as? [String])
        for (args, flag) in [(["--days", "0"], "--days"), (["--days", "17"], "--days"), (["--from", "2026-02-30"], "--from"),
                             (["--temp", "nan"], "--temp")] {
            let result = try closet.run(["plan", "--temp", "10"] + args)
            XCTAssertEqual(result.status, 64, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(flag), "\(args) names the flag: \(result.stderr)")
        }
        let noWeather = try closet.run(["plan"])
        XCTAssertEqual(noWeather.status, 66)
        XCTAssertTrue(noWeather.stderr.contains("--temp"), noWeather.stderr)
    }
}
