import Foundation

/// The Open-Meteo forecast and geocoding APIs (no key). Only called when the person asks.
public struct OpenMeteo: Sendable {
    public var baseURL: String
    public var geocodingURL: String
    public var http: HTTPClient

    public init(
        baseURL: String = "https://api.open-meteo.com", geocodingURL: String = "https://geocoding-api.open-meteo.com",
        http: HTTPClient = HTTPClient()
    ) {
        self.baseURL = baseURL; self.geocodingURL = geocodingURL; self.http = http
    }

    public func forecastURL(latitude: Double, longitude: Double) -> URL? {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return URL(
            string: "\(base)/v1/forecast?latitude=\(latitude)&longitude=\(longitude)"
                + "&current=temperature_2m,apparent_temperature,precipitation,weather_code,wind_speed_10m"
                + "&daily=temperature_2m_max,temperature_2m_min,apparent_temperature_max,apparent_temperature_min,"
                + "precipitation_probability_max,weather_code,wind_speed_10m_max&forecast_days=16&timezone=auto")
    }

    /// Fetches the raw forecast JSON (to cache), unread: the caller parses what it needs of it, once.
    public func fetchForecast(latitude: Double, longitude: Double) throws -> Data {
        guard let url = forecastURL(latitude: latitude, longitude: longitude) else {
            throw WeatherError("the weather URL setting '\(baseURL)' is not a URL")
        }
        return try http.get(url)
    }

    /// Fetches the raw forecast JSON (to cache) and its reading.
    public func forecast(latitude: Double, longitude: Double) throws -> (payload: Data, conditions: WeatherConditions) {
        let data = try fetchForecast(latitude: latitude, longitude: longitude)
        return (data, try Self.parse(data))
    }

    /// Whether a WMO weather code is wet: 51–67 drizzle/rain, 71–77 snow, 80–82 showers, 85–86 snow showers,
    /// 95–99 thunderstorms.
    static func isWet(code: Int) -> Bool {
        (51...67).contains(code) || (71...77).contains(code) || (80...86).contains(code) || code >= 95
    }

    /// Reads an Open-Meteo forecast response.
    public static func parse(_ data: Data) throws -> WeatherConditions {
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let current = json["current"] as? [String: Any], let temp = number(current["temperature_2m"])
        else {
            throw WeatherError("the forecast is not the JSON Open-Meteo sends (no current.temperature_2m)")
        }
        let daily = json["daily"] as? [String: Any]
        func first(_ key: String) -> Double? { (daily?[key] as? [Any])?.first.flatMap(number) }
        // Every number is checked before use: a forecast that fails is never cached, nor trusted.
        let codeValue = number(current["weather_code"]) ?? 0
        guard codeValue.isFinite, (0...99).contains(codeValue) else {
            throw WeatherError("the forecast's weather code is not a WMO code (0–99)")
        }
        let code = Int(codeValue)
        let precipitation = number(current["precipitation"]) ?? 0
        guard precipitation.isFinite, (0...500).contains(precipitation) else {
            throw WeatherError("the forecast's precipitation (\(WeatherConditions.show(precipitation)) mm) is not possible")
        }
        let chance = first("precipitation_probability_max") ?? 0
        guard chance.isFinite, (0...100).contains(chance) else {
            throw WeatherError("the forecast's chance of rain (\(WeatherConditions.show(chance)) %) is not a percentage")
        }
        let wet = Self.isWet(code: code)
        let conditions = WeatherConditions(
            temp: temp, feels: number(current["apparent_temperature"]), min: first("temperature_2m_min"),
            max: first("temperature_2m_max"), rain: precipitation > 0 || wet || chance >= 50,
            wind: number(current["wind_speed_10m"]), source: "open-meteo")
        do { try conditions.validate() } catch let error as WeatherError {
            throw WeatherError("the forecast is not believable: \(error.description)")
        }
        return conditions
    }

    /// Reads the forecast's days: each day's date, range and chance of rain, checked as the current weather is.
    /// Days whose numbers are missing or not believable are left out.
    public static func parseDaily(_ data: Data) throws -> [DailyWeather] {
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let daily = json["daily"] as? [String: Any], let dates = daily["time"] as? [String]
        else {
            throw WeatherError("the forecast has no daily part")
        }
        func series(_ key: String) -> [Double?] { ((daily[key] as? [Any]) ?? []).map(number) }
        let (maxT, minT) = (series("temperature_2m_max"), series("temperature_2m_min"))
        let (maxA, minA) = (series("apparent_temperature_max"), series("apparent_temperature_min"))
        let (rain, codes, wind) = (series("precipitation_probability_max"), series("weather_code"), series("wind_speed_10m_max"))
        func at(_ s: [Double?], _ i: Int) -> Double? { i < s.count ? s[i] : nil }
        var days: [DailyWeather] = []
        for (i, date) in dates.enumerated().prefix(16) {
            guard date.utf8.count == 10, let lo = at(minT, i), let hi = at(maxT, i) else { continue }
            let feelsLo = at(minA, i), feelsHi = at(maxA, i)
            let feels = feelsLo.flatMap { lo in feelsHi.map { (lo + $0) / 2 } }
            let code = at(codes, i) ?? 0
            let chance = at(rain, i) ?? 0
            let wet = code.isFinite && (0...99).contains(code) && Self.isWet(code: Int(code))
            let conditions = WeatherConditions(
                temp: (lo + hi) / 2, feels: feels, min: lo, max: hi, rain: wet || chance >= 50,
                wind: at(wind, i), source: "open-meteo")
            guard (try? conditions.validate()) != nil, chance.isFinite, (0...100).contains(chance) else { continue }
            days.append(DailyWeather(date: date, conditions: conditions))
        }
        return days
    }

    /// Looks a place up by name: (name, latitude, longitude).
    public func geocode(_ name: String) throws -> (name: String, latitude: Double, longitude: Double) {
        let base = geocodingURL.hasSuffix("/") ? String(geocodingURL.dropLast()) : geocodingURL
        var components = URLComponents(string: "\(base)/v1/search")
        components?.queryItems = [URLQueryItem(name: "name", value: name), URLQueryItem(name: "count", value: "1")]
        guard let url = components?.url else { throw WeatherError("the geocoding URL setting '\(geocodingURL)' is not a URL") }
        let data = try http.get(url)
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw WeatherError("the geocoding answer is not JSON")
        }
        guard let first = (json["results"] as? [[String: Any]])?.first, let lat = Self.number(first["latitude"]),
            let lon = Self.number(first["longitude"])
        else {
            throw WeatherError("no place called '\(name)' was found")
        }
        let country = (first["country"] as? String).map { ", \($0)" } ?? ""
        return ((first["name"] as? String ?? name) + country, lat, lon)
    }

    static func number(_ any: Any?) -> Double? {
        if let d = any as? Double { return d }
        if let i = any as? Int { return Double(i) }
        if let n = any as? NSNumber { return n.doubleValue }
        return nil
    }
}
