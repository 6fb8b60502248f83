import Foundation
import Weather
import XCTest

/// The weather's source is an enum whose raw values are what the forecast cache and `suggest --json` hold.
final class WeatherSourceEnumTests: XCTestCase {
    func testTheSourceKeepsItsStoredWords() throws {
        XCTAssertEqual(WeatherSource.allCases.map(\.rawValue), ["manual", "open-meteo", "cache"])
        // A remembered typed temperature, as closet 0.x stored it, reads back as typed.
        let stored = #"{"temp":12,"rain":false,"source":"manual","stale":false}"#
        let read = try JSONDecoder().decode(WeatherConditions.self, from: Data(stored.utf8))
        XCTAssertEqual(read.source, .manual)
        let written = String(decoding: try JSONEncoder().encode(WeatherConditions(temp: 3, source: .openMeteo)), as: UTF8.self)
        XCTAssertTrue(written.contains(#""source":"open-meteo""#), written)
        // An unknown source is a decoding error, never a crash or a silent "manual".
        XCTAssertThrowsError(
            try JSONDecoder().decode(WeatherConditions.self, from: Data(stored.replacingOccurrences(of: "manual", with: "psychic").utf8)))
    }
}
