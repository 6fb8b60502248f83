import ClosetKit
import Foundation
import Stylist
import TestSupport
import Weather
import XCTest

/// The weather sources against a loopback server serving canned Open-Meteo answers and faults.
final class WeatherSourceTests: XCTestCase {
    static let forecast = """
        {"latitude":37.56,"longitude":126.97,"current":{"time":"2026-11-29T08:00","temperature_2m":11.4,"apparent_temperature":8.2,
        "precipitation":0.4,"weather_code":61,"wind_speed_10m":22.3},
        "daily":{"time":["2026-11-29"],"temperature_2m_max":[13.1],"temperature_2m_min":[4.0],"precipitation_probability_max":[80]}}
        """

    final class MemoryCache: ForecastCache {
        var entries: [String: (Date, String)] = [:]
        func cachedForecast(_ key: String) throws -> (fetched: Date, payload: String)? { entries[key].map { ($0.0, $0.1) } }
        func storeForecast(_ key: String, payload: String, fetched: Date) throws { entries[key] = (fetched, payload) }
    }

    func server(_ mode: @escaping () -> String) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { path in
            switch mode() {
            case "ok": return .init(body: Self.forecast)
            case "500": return .init(status: 500, body: "{\"error\":true}")
            case "garbage": return .init(body: "<html>not json")
            case "slow": return .init(body: Self.forecast, delay: .infinity)
            default: return .init(status: 404, body: "")
            }
        }
    }

    func testParsesTheForecast() throws {
        let w = try OpenMeteo.parse(Data(Self.forecast.utf8))
        XCTAssertEqual(w.temp, 11.4); XCTAssertEqual(w.feels, 8.2); XCTAssertEqual(w.min, 4); XCTAssertEqual(w.max, 13.1)
        XCTAssertTrue(w.rain); XCTAssertEqual(w.wind, 22.3); XCTAssertEqual(w.effective, 8.2)
    }

    func testFetchCachesThenFaultsFallBackToTheCache() throws {
        var mode = "ok"
        let http = try server { mode }
        let cache = MemoryCache()
        var service = WeatherService(client: OpenMeteo(baseURL: http.baseURL, http: HTTPClient(timeout: 1)), cache: cache)
        let (fresh, notes) = try service.conditions(manual: nil, latitude: 37.56, longitude: 126.97, fetch: true)
        XCTAssertEqual(fresh.source, "open-meteo"); XCTAssertEqual(fresh.temp, 11.4); XCTAssertTrue(notes.isEmpty)
        XCTAssertTrue(
            http.requests.first?.contains("current=temperature_2m,apparent_temperature,precipitation,weather_code,wind_speed_10m") ?? false)
        XCTAssertEqual(cache.entries.count, 1)
        for fault in ["500", "garbage", "slow"] {
            mode = fault
            // "slow" never answers: the fetch gives up by its own timeout or the watchdog fails the test. How long
            // giving up takes is a figure (closet bench timeouts), not an assertion.
            let fetching = service
            guard
                let outcome = try Watchdog.result(
                    "\(fault): the fetch never gave up",
                    { try fetching.conditions(manual: nil, latitude: 37.56, longitude: 126.97, fetch: true) })
            else { continue }
            let (cached, notes) = outcome
            XCTAssertEqual(cached.source, "cache", fault)
            XCTAssertEqual(cached.temp, 11.4, fault)
            XCTAssertFalse(cached.stale, fault)
            XCTAssertTrue(notes.first?.contains("not updated") ?? false, "\(fault): \(notes)")
        }
        // Offline (no fetch) and old: the cache is used and labelled stale.
        service.now = { Date().addingTimeInterval(8 * 3600) }
        let (old, oldNotes) = try service.conditions(manual: nil, latitude: 37.56, longitude: 126.97, fetch: false)
        XCTAssertTrue(old.stale)
        XCTAssertTrue(oldNotes.contains { $0.contains("stale") })
    }

    func testWithoutCacheAFaultIsAClearError() throws {
        let http = try server { "500" }
        let service = WeatherService(client: OpenMeteo(baseURL: http.baseURL, http: HTTPClient(timeout: 1)), cache: MemoryCache())
        XCTAssertThrowsError(try service.conditions(manual: nil, latitude: 1, longitude: 2, fetch: true)) {
            XCTAssertTrue("\($0)".contains("HTTP 500") && "\($0)".contains("no forecast is cached"), "\($0)")
            XCTAssertEqual(($0 as? WeatherError)?.cause, .noForecast, "the front end adds how to give a temperature")
        }
        XCTAssertThrowsError(try service.conditions(manual: nil, latitude: nil, longitude: nil, fetch: true)) {
            XCTAssertEqual(($0 as? WeatherError)?.cause, .noSource)
            XCTAssertFalse("\($0)".contains("closet "), "the library names no command: \($0)")
        }
        let manual = WeatherConditions(temp: 3)
        XCTAssertEqual(try service.conditions(manual: manual, latitude: 1, longitude: 2, fetch: true).0, manual)
    }

    func testGeocoding() throws {
        let http = try LoopbackHTTPServer { path in
            path.contains("name=Seoul")
                ? .init(body: #"{"results":[{"name":"Seoul","latitude":37.566,"longitude":126.9784,"country":"South Korea"}]}"#)
                : .init(body: #"{"results":[]}"#)
        }
        let client = OpenMeteo(geocodingURL: http.baseURL, http: HTTPClient(timeout: 1))
        let place = try client.geocode("Seoul")
        XCTAssertEqual(place.name, "Seoul, South Korea"); XCTAssertEqual(place.latitude, 37.566)
        XCTAssertThrowsError(try client.geocode("Atlantis"))
    }

    func testTheWardrobeIsTheCache() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        try wardrobe.storeForecast("k", payload: "p", fetched: Date(timeIntervalSince1970: 1000))
        XCTAssertEqual(try wardrobe.cachedForecast("k")?.payload, "p")
        XCTAssertEqual(try wardrobe.cachedForecast("k")?.fetched, Date(timeIntervalSince1970: 1000))
    }
}

final class TemperatureUnitTests: XCTestCase {
    func testFahrenheitIsShownAndTypedAndCelsiusKeptInside() {
        XCTAssertEqual(TemperatureUnit.fahrenheit.text(5), "41 °F")
        XCTAssertEqual(TemperatureUnit.celsius.text(-3.4), "-3 °C")
        XCTAssertEqual(TemperatureUnit.fahrenheit.celsius(41), 5, accuracy: 1e-9)
        XCTAssertEqual(TemperatureUnit.fahrenheit.celsius(-40), -40, accuracy: 1e-9)
        XCTAssertEqual(TemperatureUnit.celsius.celsius(12), 12)
        let weather = WeatherConditions(temp: 10, feels: 7, min: 5, max: 15)
        XCTAssertEqual(weather.summary(in: .fahrenheit), "50 °F (feels 45), 41–59")
        XCTAssertEqual(weather.summary, "10 °C (feels 7), 5–15")
    }
}
