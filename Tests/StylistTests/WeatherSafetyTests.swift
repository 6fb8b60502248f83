import ClosetKit
import Foundation
import Stylist
import TestSupport
import Weather
import XCTest

/// Absurd weather, typed or fetched, is refused before anything computes with it, and never cached.
final class WeatherSafetyTests: XCTestCase {
    func forecast(
        temp: String = "11.4", feels: String = "8.2", min: String = "4.0", max: String = "13.1", wind: String = "22.3",
        rain: String = "80", precipitation: String = "0.4"
    ) -> String {
        """
        {"current":{"temperature_2m":\(temp),"apparent_temperature":\(feels),"precipitation":\(precipitation),"weather_code":61,"wind_speed_10m":\(wind)},
        "daily":{"temperature_2m_max":[\(max)],"temperature_2m_min":[\(min)],"precipitation_probability_max":[\(rain)]}}
        """
    }

    func testTypedWeatherMustBeFiniteAndOnEarth() {
        for bad in [
            WeatherConditions(temp: .nan), WeatherConditions(temp: .infinity), WeatherConditions(temp: 1e308),
            WeatherConditions(temp: 999), WeatherConditions(temp: -999), WeatherConditions(temp: 10, feels: 1e300),
            WeatherConditions(temp: 10, min: 40, max: -40), WeatherConditions(temp: 10, wind: -5),
            WeatherConditions(temp: 10, wind: .nan), WeatherConditions(temp: -1e300),
        ] {
            XCTAssertThrowsError(try bad.validate(), "\(bad)")
        }
        XCTAssertNoThrow(try WeatherConditions(temp: -89, feels: -95 + 10, min: -90, max: -80, wind: 120).validate())
        XCTAssertNoThrow(try WeatherConditions(temp: 45, feels: 52, min: 30, max: 47, rain: true, wind: 0).validate())
    }

    func testAbsurdForecastsAreRefusedAndNeverCached() throws {
        let bodies = [
            forecast(temp: "999"), forecast(temp: "1e308"), forecast(min: "40", max: "-40"), forecast(wind: "-3"),
            forecast(rain: "500"), forecast(precipitation: "-1"), forecast(feels: "-999"),
        ]
        for body in bodies {
            XCTAssertThrowsError(try OpenMeteo.parse(Data(body.utf8)), body)
        }
        var index = 0
        let http = try LoopbackHTTPServer { _ in .init(body: bodies[min(index, bodies.count - 1)]) }
        let cache = WeatherSourceTests.MemoryCache()
        let service = WeatherService(client: OpenMeteo(baseURL: http.baseURL, http: HTTPClient(timeout: 1)), cache: cache)
        for i in bodies.indices {
            index = i
            XCTAssertThrowsError(try service.conditions(manual: nil, latitude: 1, longitude: 2, fetch: true))
        }
        XCTAssertTrue(cache.entries.isEmpty, "a bad forecast is never cached")
        // One cached by an older closet is not trusted either.
        cache.entries[WeatherService.cacheKey(latitude: 1, longitude: 2)] = (Date(), bodies[1])
        XCTAssertThrowsError(try service.conditions(manual: nil, latitude: 1, longitude: 2, fetch: false)) {
            XCTAssertEqual(($0 as? WeatherError)?.cause, .noForecast, "\($0)")
        }
    }

    func testAnOversizedAnswerIsCutOffAndATimeoutIsSaidPlainly() throws {
        let huge = String(repeating: " ", count: 2 << 20) + forecast()
        let http = try LoopbackHTTPServer { path in
            path.contains("slow") ? .init(body: self.forecast(), delay: 3) : .init(body: huge)
        }
        let client = HTTPClient(timeout: 1)
        XCTAssertThrowsError(try client.get(URL(string: http.baseURL + "/big")!)) {
            XCTAssertTrue("\($0)".contains("KB"), "\($0)")
        }
        XCTAssertThrowsError(try client.get(URL(string: http.baseURL + "/slow")!)) {
            XCTAssertTrue("\($0)".contains("did not answer"), "\($0)")
            XCTAssertFalse("\($0)".contains("NSURLErrorDomain"), "\($0)")
        }
        XCTAssertEqual(try HTTPClient(timeout: 1, maxBytes: 4 << 20).get(URL(string: http.baseURL + "/big")!).count, huge.utf8.count)
    }

    /// JSON of the wrong type where a number belongs (`true` read as 1 °C, a number in quotes) makes the forecast
    /// invalid: it is not used, nor cached, and the message names the value.
    func testAValueOfTheWrongJSONTypeMakesTheForecastInvalid() throws {
        let bodies = [
            forecast(temp: "true"), forecast(temp: "\"11\""), forecast(feels: "false"), forecast(wind: "[1]"),
            forecast(min: "true"), forecast(rain: "\"80\""), forecast(precipitation: "{}"),
        ]
        for body in bodies {
            XCTAssertThrowsError(try OpenMeteo.parse(Data(body.utf8)), body)
        }
        XCTAssertThrowsError(try OpenMeteo.parse(Data(forecast(temp: "true").utf8))) {
            XCTAssertTrue("\($0)".contains("current.temperature_2m is not a number"), "\($0)")
        }
        let daily = #"{"daily":{"time":["2026-03-02"],"temperature_2m_max":[true],"temperature_2m_min":[4]}}"#
        XCTAssertThrowsError(try OpenMeteo.parseDaily(Data(daily.utf8)))
        // A null is a value the server lacks: that day is left out, the rest is read.
        let nulls = #"{"daily":{"time":["2026-03-02","2026-03-03"],"temperature_2m_max":[null,12],"temperature_2m_min":[null,4]}}"#
        XCTAssertEqual(try OpenMeteo.parseDaily(Data(nulls.utf8)).map(\.date), ["2026-03-03"])
        XCTAssertNoThrow(try OpenMeteo.parse(Data(forecast().utf8)))

        var index = 0
        let http = try LoopbackHTTPServer { _ in .init(body: bodies[min(index, bodies.count - 1)]) }
        let cache = WeatherSourceTests.MemoryCache()
        let service = WeatherService(client: OpenMeteo(baseURL: http.baseURL, http: HTTPClient(timeout: 1)), cache: cache)
        for i in bodies.indices {
            index = i
            XCTAssertThrowsError(try service.conditions(manual: nil, latitude: 1, longitude: 2, fetch: true))
        }
        XCTAssertTrue(cache.entries.isEmpty, "a forecast of the wrong types is never cached")
        // A place found at `true` degrees is no place.
        let geocoding = try LoopbackHTTPServer { _ in
            .init(body: #"{"results":[{"name":"Oslo","latitude":true,"longitude":10.7}]}"#)
        }
        XCTAssertThrowsError(try OpenMeteo(geocodingURL: geocoding.baseURL, http: HTTPClient(timeout: 1)).geocode("Oslo"))
    }

    /// After a redirect, a failure names the host that failed, not the one first asked.
    func testAFailedRedirectNamesTheHostItLedTo() throws {
        let target = try LoopbackHTTPServer { _ in .init(status: 503, body: "{}") }
        let first = try LoopbackHTTPServer { path in
            .init(status: 302, body: "", headers: ["Location": "http://localhost:\(target.port)\(path)"])
        }
        XCTAssertThrowsError(try HTTPClient(timeout: 2).get(URL(string: first.baseURL + "/v1/forecast")!)) {
            let words = "\($0)"
            XCTAssertTrue(words.hasPrefix("localhost (redirected from 127.0.0.1) answered HTTP 503"), words)
        }
        // A redirect to a port where nothing listens: the words name where it led. The redirecting server is bound
        // first, so that the port closed after it cannot be its own.
        final class Port: @unchecked Sendable { var number = 0 }
        let closedPort = Port()
        let second = try LoopbackHTTPServer { path in
            .init(status: 301, body: "", headers: ["Location": "http://localhost:\(closedPort.number)\(path)"])
        }
        let closed = try LoopbackHTTPServer { _ in .init(body: "") }
        closedPort.number = Int(closed.port)
        closed.stop()
        XCTAssertThrowsError(try HTTPClient(timeout: 2).get(URL(string: second.baseURL + "/v1/forecast")!)) {
            XCTAssertTrue("\($0)".contains("localhost (redirected from 127.0.0.1)"), "\($0)")
        }
    }
}
