import Foundation
import TestSupport
import XCTest

/// `suggest` and `plan` as a person runs them.
final class OutfitCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
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
        for (args, flag) in [
            (["--days", "0"], "--days"), (["--days", "17"], "--days"), (["--from", "2026-02-30"], "--from"),
            (["--temp", "nan"], "--temp"), (["--from", "2200-12-30", "--days", "3"], "2200-12-31"),
            (["--from", "2200-12-30", "--days", "3", "--save"], "2200-12-31"),
        ] {
            let result = try closet.run(["plan", "--temp", "10"] + args)
            XCTAssertEqual(result.status, 64, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(flag), "\(args) names the flag: \(result.stderr)")
        }
        let noWeather = try closet.run(["plan"])
        XCTAssertEqual(noWeather.status, 66)
        XCTAssertTrue(noWeather.stderr.contains("--temp"), noWeather.stderr)
    }

    /// With --online, each day is dressed for its own forecast: a warm day and a freezing one.
    func testAPlanOnlineFollowsEachDaysForecast() throws {
        try add("shortSleeve", "Tee"); try add("sweater", "Knit"); try add("shortPants", "Shorts")
        try add("jeans", "Jeans"); try add("winterOuter", "Padded"); try add("shoes", "Shoes")
        let forecast = """
            {"current":{"temperature_2m":25,"apparent_temperature":25,"precipitation":0,"weather_code":0,"wind_speed_10m":5},
            "daily":{"time":["2026-07-01","2026-07-02"],"temperature_2m_max":[33,-1],"temperature_2m_min":[27,-6],
            "apparent_temperature_max":[34,-4],"apparent_temperature_min":[28,-10],"precipitation_probability_max":[0,10],
            "weather_code":[0,3],"wind_speed_10m_max":[5,10]}}
            """
        let http = try LoopbackHTTPServer { _ in .init(body: forecast) }
        XCTAssertEqual(try closet.run(["profile", "--lat", "37.5", "--lon", "127", "--weather-url", http.baseURL]).status, 0)
        let plan = try json(["plan", "--online", "--from", "2026-07-01", "--days", "2", "--json"])
        let days = plan["days"] as! [[String: Any]]
        func names(_ day: [String: Any]) -> [String] {
            ((day["outfit"] as! [String: Any])["items"] as! [[String: Any]]).map { $0["name"] as! String }
        }
        XCTAssertTrue(names(days[0]).contains("Shorts"), "\(names(days[0]))")
        XCTAssertTrue(names(days[1]).contains("Padded"), "\(names(days[1]))")
        XCTAssertEqual((days[1]["weather"] as! [String: Any])["min"] as? Double, -6)
        // A day the forecast does not cover, without --temp, is named.
        let beyond = try closet.run(["plan", "--online", "--from", "2026-07-01", "--days", "3"])
        XCTAssertEqual(beyond.status, 66)
        XCTAssertTrue(beyond.stderr.contains("2026-07-03"), beyond.stderr)
    }

    /// `closet profile --units imperial`: temperatures are typed and shown in °F, the outfit is the same as for °C.
    func testImperialUnitsAreTypedAndShownInFahrenheit() throws {
        for (category, name) in [("longSleeve", "Navy top"), ("sweater", "Knit"), ("jeans", "Jeans"), ("coat", "Coat"), ("shoes", "Boots")]
        {
            try add(category, name)
        }
        let metric = try closet.run(["suggest", "--temp", "5", "--json"])
        XCTAssertEqual(metric.status, 0, metric.stderr)
        XCTAssertEqual(try closet.run(["profile", "--units", "imperial"]).status, 0)
        let imperial = try closet.run(["suggest", "--temp", "41"])
        XCTAssertEqual(imperial.status, 0, imperial.stderr)
        XCTAssertTrue(imperial.stdout.contains("Weather: 41 °F"), imperial.stdout)
        XCTAssertTrue(imperial.stdout.contains("41 °F →") && !imperial.stdout.contains("°C →"), imperial.stdout)
        let json = try closet.run(["suggest", "--temp", "41", "--json"])
        let a = try JSONSerialization.jsonObject(with: metric.stdoutData) as! [String: Any]
        let b = try JSONSerialization.jsonObject(with: json.stdoutData) as! [String: Any]
        XCTAssertEqual((b["weather"] as! [String: Any])["temp"] as? Double ?? 0, 5, accuracy: 1e-9, "JSON keeps °C")
        func ids(_ o: [String: Any]) -> [[Int]] {
            (o["outfits"] as! [[String: Any]]).map { ($0["items"] as! [[String: Any]]).map { $0["id"] as! Int } }
        }
        XCTAssertEqual(ids(a), ids(b), "41 °F is dressed for as 5 °C")
        XCTAssertEqual(try closet.run(["suggest", "--temp", "200"]).status, 64, "200 °F is no weather to dress for")
    }
}
