import Foundation

/// The parts of Open-Meteo's answers closet reads, typed: a value of the wrong JSON type (`true`, a string)
/// where a number belongs makes the whole answer invalid, so it is neither used nor cached. A `null` is a
/// value the server does not have (a missing day), and reads as nil.
struct ForecastResponse: Decodable {
    struct Current: Decodable {
        var temperature, apparent, precipitation, weatherCode, wind: Double?

        enum CodingKeys: String, CodingKey {
            case temperature = "temperature_2m", apparent = "apparent_temperature", precipitation
            case weatherCode = "weather_code", wind = "wind_speed_10m"
        }
    }

    struct Daily: Decodable {
        var time: [String]?
        var maximum, minimum, apparentMaximum, apparentMinimum, rainChance, weatherCode, wind: [Double?]?

        enum CodingKeys: String, CodingKey {
            case time, maximum = "temperature_2m_max", minimum = "temperature_2m_min"
            case apparentMaximum = "apparent_temperature_max", apparentMinimum = "apparent_temperature_min"
            case rainChance = "precipitation_probability_max", weatherCode = "weather_code", wind = "wind_speed_10m_max"
        }
    }

    var current: Current?
    var daily: Daily?

    /// The answer, or an error that names the value at fault.
    static func read(_ data: Data) throws -> ForecastResponse {
        do { return try JSONDecoder().decode(ForecastResponse.self, from: data) } catch {
            throw WeatherError("the forecast is not the JSON Open-Meteo sends (\(describe(error)))")
        }
    }

    /// Which value was wrong, in words: "current.temperature_2m is not a number".
    static func describe(_ error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            let parts: [String] = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
            return String(parts.joined(separator: "").drop { $0 == "." })
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?:
            let what = type == Double.self ? "a number" : type == String.self ? "text" : "what was expected"
            return "\(path(context.codingPath).isEmpty ? "the answer" : path(context.codingPath)) is not \(what)"
        case .valueNotFound(_, let context)?: return "\(path(context.codingPath)) is missing"
        case .keyNotFound(let key, let context)?: return "\(path(context.codingPath + [key])) is missing"
        default: return "not JSON"
        }
    }
}

/// Open-Meteo's geocoding answer: the places found, best first.
struct GeocodingResponse: Decodable {
    struct Place: Decodable {
        var name: String?
        var latitude: Double
        var longitude: Double
        var country: String?
    }

    var results: [Place]?
}
