import ClosetKit
import Foundation
import Stylist
import TestSupport
import Weather
import XCTest

/// Which weather to dress for, the one rule behind `suggest`, `plan` and the TUI's Today screen and week.
final class DressWeatherTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    /// A place, and its forecast cached `age` seconds ago (covering 2026-11-29 only).
    func cacheForecast(age: TimeInterval) throws {
        var profile = try wardrobe.profile()
        (profile.latitude, profile.longitude) = (37.56, 126.97)
        try wardrobe.saveProfile(profile)
        try wardrobe.storeForecast(
            WeatherService.cacheKey(latitude: 37.56, longitude: 126.97), payload: WeatherSourceTests.forecast,
            fetched: Date().addingTimeInterval(-age))
    }

    func testWhatIsTypedComesFirstAndIsRememberedForTheScreen() throws {
        try cacheForecast(age: 600)
        let typed = try DressWeather(wardrobe: wardrobe).today(typed: WeatherConditions(temp: 18), policy: .screen)
        XCTAssertEqual(typed.origin, .typed)
        XCTAssertEqual(typed.conditions.temp, 18)
        XCTAssertEqual(wardrobe.rememberedWeather()?.temp, 18)
        XCTAssertThrowsError(try DressWeather(wardrobe: wardrobe).today(typed: WeatherConditions(temp: 99), policy: .screen)) {
            guard case .invalid = $0 as? DressWeather.Failure else { return XCTFail("\($0)") }
        }
        // Nothing typed now: a fresh forecast comes before what was typed last.
        let fresh = try DressWeather(wardrobe: wardrobe).today(typed: nil, policy: .screen)
        XCTAssertEqual(fresh.conditions.temp, 11.4)
        guard case .forecast = fresh.origin else { return XCTFail("\(fresh.origin)") }
    }

    func testAStaleForecastServesTheCommandLineButTheScreenTakesWhatWasTypedLast() throws {
        try cacheForecast(age: 10 * 3600)
        let weather = try DressWeather(wardrobe: wardrobe)
        XCTAssertThrowsError(try weather.today(typed: nil, policy: .screen), "nothing typed yet, and the forecast is old")
        try wardrobe.rememberWeather(WeatherConditions(temp: 5))
        let screen = try weather.today(typed: nil, policy: .screen)
        XCTAssertEqual(screen.conditions.temp, 5)
        guard case .remembered = screen.origin else { return XCTFail("\(screen.origin)") }
        let command = try weather.today(typed: nil, policy: .command(online: false, profile: weather.profile))
        XCTAssertEqual(command.conditions.temp, 11.4)
        XCTAssertTrue(command.conditions.stale)
        XCTAssertTrue(command.notes.contains { $0.contains("stale") }, "\(command.notes)")
        XCTAssertEqual(try weather.today(typed: nil, policy: .cachedLine).conditions.temp, 11.4)
    }

    func testWithoutAPlaceOrATemperatureTheFailureSaysWhich() throws {
        let weather = try DressWeather(wardrobe: wardrobe)
        XCTAssertThrowsError(try weather.today(typed: nil, policy: .command(online: false, profile: weather.profile))) {
            guard case .noWeather(let error) = $0 as? DressWeather.Failure else { return XCTFail("\($0)") }
            XCTAssertEqual(error.cause, .noSource)
        }
        XCTAssertThrowsError(try weather.days(["2026-11-29"], typed: nil, policy: .screen)) {
            XCTAssertEqual($0 as? DressWeather.Failure, .noneForDays)
        }
        XCTAssertEqual(
            try weather.days(["2026-11-29", "2026-11-30"], typed: WeatherConditions(temp: 9), policy: .screen).weather.map(\.temp), [9, 9])
    }

    func testEachDayTakesTheForecastWhereItHasOneAndTheTypedWeatherElsewhere() throws {
        try cacheForecast(age: 600)
        let weather = try DressWeather(wardrobe: wardrobe)
        let days = ["2026-11-29", "2026-11-30"]
        let command = DressWeather.Policy.command(online: false, profile: weather.profile)
        XCTAssertThrowsError(try weather.days(days, typed: nil, policy: command)) {
            XCTAssertEqual($0 as? DressWeather.Failure, .notCovered(["2026-11-30"]))
        }
        let forecast = try weather.days([days[0]], typed: nil, policy: command).weather[0].temp
        XCTAssertEqual(forecast, (13.1 + 4.0) / 2, accuracy: 0.01, "the day's mean")
        let typed = WeatherConditions(temp: 20)
        XCTAssertEqual(try weather.days(days, typed: typed, policy: .screen).weather.map(\.temp), [forecast, 20], "the week on Today")
        XCTAssertEqual(try weather.days(days, typed: typed, policy: command).weather.map(\.temp), [20, 20], "plan --temp, offline")
    }
}
