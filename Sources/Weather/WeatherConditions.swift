import Foundation

/// The weather an outfit is chosen for. Temperatures in °C, wind in km/h.
public struct WeatherConditions: Codable, Equatable, Sendable {
    public var temp: Double
    /// Apparent ("feels like") temperature; wind and humidity included.
    public var feels: Double?
    public var min: Double?
    public var max: Double?
    public var rain: Bool
    public var wind: Double?
    /// `manual`, `open-meteo`, or `cache`.
    public var source: String
    /// A cached forecast older than the freshness window.
    public var stale: Bool
    public var fetched: Date?

    public init(temp: Double, feels: Double? = nil, min: Double? = nil, max: Double? = nil, rain: Bool = false,
                wind: Double? = nil, source: String = "manual", stale: Bool = false, fetched: Date? = nil) {
        self.temp = temp; self.feels = feels; self.min = min; self.max = max; self.rain = rain; self.wind = wind
        self.source = source; self.stale = stale; self.fetched = fetched
    }

    /// The temperature to dress for: the apparent one when known, else the air temperature made
    /// colder by wind (−1 °C from 10 km/h, −2 °C from 20, −3 °C from 30).
    public var effective: Double {
        if let feels { return feels }
        let w = wind ?? 0
        return temp - (w >= 30 ? 3 : w >= 20 ? 2 : w >= 10 ? 1 : 0)
    }

    public var isWindy: Bool { (wind ?? 0) >= 20 }

    /// How far the day swings between its minimum and maximum.
    public var swing: Double { (max ?? temp) - (min ?? temp) }

    /// "12 °C (feels 9), windy, rain".
    public var summary: String {
        var parts = [String(format: "%.0f °C", temp)]
        if let feels, abs(feels - temp) >= 1 { parts[0] += String(format: " (feels %.0f)", feels) }
        if let min, let max { parts.append(String(format: "%.0f–%.0f", min, max)) }
        if isWindy { parts.append("windy") }
        if rain { parts.append("rain") }
        if stale { parts.append("stale") }
        return parts.joined(separator: ", ")
    }
}

/// Why no weather could be had.
public struct WeatherError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
