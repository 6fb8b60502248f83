import ClosetKit
import Foundation
import Weather

extension Wardrobe: ForecastCache {
    public func cachedForecast(_ key: String) throws -> (fetched: Date, payload: String)? { try cached(key) }
    public func storeForecast(_ key: String, payload: String, fetched: Date) throws {
        try setCached(key, payload: payload, fetched: fetched)
    }
}

extension Wardrobe {
    static let lastWeatherKey = "lastWeather"

    /// Remembers weather the person typed, so that the Today screen can open with it next time.
    public func rememberWeather(_ conditions: WeatherConditions, at date: Date = Date()) throws {
        var remembered = conditions
        remembered.fetched = date
        try setSetting(Self.lastWeatherKey, String(decoding: try JSONEncoder().encode(remembered), as: UTF8.self))
    }

    /// The weather last typed, and when; nil when none was, or it is not believable.
    public func rememberedWeather() -> WeatherConditions? {
        guard let text = try? setting(Self.lastWeatherKey),
            let conditions = try? JSONDecoder().decode(WeatherConditions.self, from: Data(text.utf8)),
            (try? conditions.validate()) != nil
        else { return nil }
        return conditions
    }
}
