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
    /// Where the numbers came from.
    public var source: WeatherSource
    /// A cached forecast older than the freshness window.
    public var stale: Bool
    public var fetched: Date?

    public init(
        temp: Double, feels: Double? = nil, min: Double? = nil, max: Double? = nil, rain: Bool = false,
        wind: Double? = nil, source: WeatherSource = .manual, stale: Bool = false, fetched: Date? = nil
    ) {
        self.temp = temp; self.feels = feels; self.min = min; self.max = max; self.rain = rain; self.wind = wind
        self.source = source; self.stale = stale; self.fetched = fetched
    }

    /// Temperatures a person can dress for on Earth, °C (the records are −89 and 57).
    public static let temperatureRange = -90.0...60.0
    /// Wind speeds that are weather, km/h.
    public static let windRange = 0.0...400.0

    /// Checks every number before anything computes with it: finite, within Earth's weather, and
    /// consistent (min ≤ temp ≤ max, within a few degrees). Throws a message naming the value.
    public func validate() throws {
        func check(_ value: Double?, _ name: String) throws {
            guard let value else { return }
            guard value.isFinite, Self.temperatureRange.contains(value) else {
                throw WeatherError("\(name) \(Self.show(value)) °C is not a temperature to dress for: give one from −90 to 60 °C")
            }
        }
        try check(temp, "the temperature")
        try check(feels, "the apparent temperature")
        try check(min, "the minimum")
        try check(max, "the maximum")
        if let wind, !(wind.isFinite && Self.windRange.contains(wind)) {
            throw WeatherError("a wind of \(Self.show(wind)) km/h is not possible: give 0 to 400 km/h")
        }
        if let min, let max, min > max {
            throw WeatherError("the minimum (\(Self.show(min)) °C) is above the maximum (\(Self.show(max)) °C)")
        }
        // The current temperature lies within the day's range, give or take a forecast's rounding.
        if let min, temp < min - 5 {
            throw WeatherError("the temperature (\(Self.show(temp)) °C) is far below the day's minimum (\(Self.show(min)) °C)")
        }
        if let max, temp > max + 5 {
            throw WeatherError("the temperature (\(Self.show(temp)) °C) is far above the day's maximum (\(Self.show(max)) °C)")
        }
        if let feels, abs(feels - temp) > 30 {
            throw WeatherError(
                "the apparent temperature (\(Self.show(feels)) °C) is over 30 °C from the temperature (\(Self.show(temp)) °C)")
        }
    }

    /// A number as a person typed it, short (1e+300 stays readable; nan and inf are named).
    static func show(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return abs(value) < 1e6 ? String(format: "%g", value) : String(format: "%.3g", value)
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
    public var summary: String { summary(in: .celsius) }

    /// The summary with temperatures in `unit`: "54 °F (feels 48), windy". `word` puts the English words
    /// ("feels", "windy", "rain", "stale") in the person's language.
    public func summary(in unit: TemperatureUnit, word: (String) -> String = { $0 }) -> String {
        var parts = [unit.text(temp)]
        if let feels, abs(feels - temp) >= 1 { parts[0] += " (" + word("feels") + String(format: " %.0f)", unit.display(feels)) }
        if let min, let max { parts.append(String(format: "%.0f–%.0f", unit.display(min), unit.display(max))) }
        if isWindy { parts.append(word("windy")) }
        if rain { parts.append(word("rain")) }
        if stale { parts.append(word("stale")) }
        return parts.joined(separator: ", ")
    }
}

/// Why no weather could be had. `description` says what happened and names no flag or key; `cause`
/// lets each front end add its own remedy (the CLI `--temp`, the TUI its key).
public struct WeatherError: Error, Equatable, CustomStringConvertible {
    public enum Cause: Equatable, Sendable {
        /// Neither a typed temperature nor a place to fetch a forecast for.
        case noSource
        /// No forecast was fetched and none is cached.
        case noForecast
        /// The weather service could not be reached in time.
        case unreachable
        /// A value or an answer that is not weather: out of range, malformed.
        case invalid
    }

    public var cause: Cause
    public var description: String
    public init(_ description: String, cause: Cause = .invalid) { self.description = description; self.cause = cause }
}

/// One day of a forecast: its date (`YYYY-MM-DD`, local to the place) and its weather.
public struct DailyWeather: Equatable, Sendable {
    public var date: String
    public var conditions: WeatherConditions

    public init(date: String, conditions: WeatherConditions) { self.date = date; self.conditions = conditions }
}
