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
}
