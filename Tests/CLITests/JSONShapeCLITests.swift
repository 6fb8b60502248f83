import Foundation
import TestSupport
import XCTest

/// The JSON that `stats`, `suggest` and `plan --show` print keeps the keys README documents, with `null`
/// for what is unknown (a key is never left out), now that typed values write it.
final class JSONShapeCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
        for (category, name) in [("jeans", "Jeans"), ("shortSleeve", "Tee"), ("sneakers", "Runners")] {
            let added = try closet.run(["add", "--no-photo", "--category", category, "--name", name])
            if added.status != 0 {
                // A taxonomy without the shoe kinds yet.
                XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "shoes", "--name", name]).status, 0)
            }
        }
    }

    func object(_ args: [String]) throws -> [String: Any] {
        let result = try closet.run(args)
        XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], result.stdout)
    }

    func testStatsJSONHasEveryKeyAndNulls() throws {
        XCTAssertEqual(try closet.run(["laundry", "2"]).status, 0)
        let stats = try object(["stats", "--json", "--days", "30"])
        XCTAssertEqual(
            Set(stats.keys),
            ["perCategory", "mostWorn", "leastWorn", "unworn", "unwornDays", "costPerWear", "season", "wornThisSeason", "away"])
        XCTAssertEqual(stats["unwornDays"] as? Int, 30)
        XCTAssertEqual((stats["perCategory"] as? [String: Int])?["jeans"], 1)
        // Nothing worn: "most worn" names no item (it lists only items worn at least once); "least worn" does.
        XCTAssertEqual((stats["mostWorn"] as? [[String: Any]])?.count, 0)
        let least = try XCTUnwrap((stats["leastWorn"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(least.keys), ["id", "name", "category", "wears", "lastWorn", "costPerWear"])
        XCTAssertTrue(least["lastWorn"] is NSNull && least["costPerWear"] is NSNull, "\(least)")
        let away = try XCTUnwrap((stats["away"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(away.keys), ["id", "name", "status", "since"])
        XCTAssertEqual(away["status"] as? String, "laundry")
    }

    func testSuggestJSONHasEveryKeyAndNulls() throws {
        let suggestion = try object(["suggest", "--temp", "22", "--json"])
        XCTAssertEqual(Set(suggestion.keys), ["weather", "outfits", "warnings", "planned"])
        let weather = try XCTUnwrap(suggestion["weather"] as? [String: Any])
        XCTAssertEqual(Set(weather.keys), ["temp", "feels", "min", "max", "rain", "wind", "source", "stale"])
        XCTAssertTrue(weather["feels"] is NSNull && weather["wind"] is NSNull, "\(weather)")
        let outfit = try XCTUnwrap((suggestion["outfits"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(outfit.keys), ["items", "reasons", "score", "warmth", "targetWarmth", "why"])
        let piece = try XCTUnwrap((outfit["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(
            Set(piece.keys), ["id", "category", "group", "name", "kind", "formality", "pattern", "wishlist", "price", "reason", "slot"])
        XCTAssertTrue(piece["formality"] is Int && piece["pattern"] is String, "\(piece)")
        XCTAssertTrue(piece["price"] is NSNull, "\(piece)")
    }

    func testPlanJSONKeepsTheShortOutfitAndTheSavedPieces() throws {
        let plan = try object(["plan", "--temp", "22", "--days", "1", "--json"])
        let day = try XCTUnwrap((plan["days"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(day.keys), ["date", "weather", "outfit", "warnings"])
        let outfit = try XCTUnwrap(day["outfit"] as? [String: Any])
        XCTAssertEqual(Set(outfit.keys), ["items", "reasons"], "a plan's outfit is the short one")
        let piece = try XCTUnwrap((outfit["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(piece.keys), ["id", "category", "group", "name", "kind", "formality", "pattern"])
        XCTAssertEqual(try closet.run(["plan", "--temp", "22", "--days", "1", "--save"]).status, 0)
        let saved = try object(["plan", "--show", "--days", "1", "--json"])
        let planned = try XCTUnwrap(((saved["days"] as? [[String: Any]])?.first?["planned"]) as? [[String: Any]])
        XCTAssertFalse(planned.isEmpty)
        XCTAssertEqual(Set(planned[0].keys), ["id", "name", "category"])
    }
}
