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
        let response = try ForecastResponse.read(data)
        guard let current = response.current, let temp = current.temperature else {
            throw WeatherError("the forecast is not the JSON Open-Meteo sends (no current.temperature_2m)")
        }
        let daily = response.daily
        // Every number is checked before use: a forecast that fails is never cached, nor trusted.
        let codeValue = current.weatherCode ?? 0
        guard codeValue.isFinite, (0...99).contains(codeValue) else {
            throw WeatherError("the forecast's weather code is not a WMO code (0–99)")
        }
        let code = Int(codeValue)
        let precipitation = current.precipitation ?? 0
        guard precipitation.isFinite, (0...500).contains(precipitation) else {
            throw WeatherError("the forecast's precipitation (\(WeatherConditions.show(precipitation)) mm) is not possible")
        }
        let chance = daily?.rainChance?.first.flatMap { $0 } ?? 0
        guard chance.isFinite, (0...100).contains(chance) else {
            throw WeatherError("the forecast's chance of rain (\(WeatherConditions.show(chance)) %) is not a percentage")
        }
        let wet = Self.isWet(code: code)
        let conditions = WeatherConditions(
            temp: temp, feels: current.apparent, min: daily?.minimum?.first.flatMap { $0 },
            max: daily?.maximum?.first.flatMap { $0 }, rain: precipitation > 0 || wet || chance >= 50,
            wind: current.wind, source: .openMeteo)
        do { try conditions.validate() } catch let error as WeatherError {
            throw WeatherError("the forecast is not believable: \(error.description)")
        }
        return conditions
    }

    /// Reads the forecast's days: each day's date, range and chance of rain, checked as the current weather is.
    /// Days whose numbers are missing (null) or not believable are left out.
    public static func parseDaily(_ data: Data) throws -> [DailyWeather] {
        guard let daily = try ForecastResponse.read(data).daily, let dates = daily.time else {
            throw WeatherError("the forecast has no daily part")
        }
        func at(_ s: [Double?]?, _ i: Int) -> Double? { s.flatMap { i < $0.count ? $0[i] : nil } }
        var days: [DailyWeather] = []
        for (i, date) in dates.enumerated().prefix(16) {
            guard date.utf8.count == 10, let lo = at(daily.minimum, i), let hi = at(daily.maximum, i) else { continue }
            let feelsLo = at(daily.apparentMinimum, i), feelsHi = at(daily.apparentMaximum, i)
            let feels = feelsLo.flatMap { lo in feelsHi.map { (lo + $0) / 2 } }
            let code = at(daily.weatherCode, i) ?? 0
            let chance = at(daily.rainChance, i) ?? 0
            let wet = code.isFinite && (0...99).contains(code) && Self.isWet(code: Int(code))
            let conditions = WeatherConditions(
                temp: (lo + hi) / 2, feels: feels, min: lo, max: hi, rain: wet || chance >= 50,
                wind: at(daily.wind, i), source: .openMeteo)
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
        let answer: GeocodingResponse
        do { answer = try JSONDecoder().decode(GeocodingResponse.self, from: data) } catch {
            throw WeatherError("the geocoding answer is not the JSON Open-Meteo sends (\(ForecastResponse.describe(error)))")
        }
        guard let first = answer.results?.first else { throw WeatherError("no place called '\(name)' was found") }
        guard first.latitude.isFinite, (-90...90).contains(first.latitude), first.longitude.isFinite,
            (-180...180).contains(first.longitude)
        else {
            throw WeatherError("the geocoding answer places '\(name)' off the globe")
        }
        let country = first.country.map { ", \($0)" } ?? ""
        return ((first.name ?? name) + country, first.latitude, first.longitude)
    }
}
