import Foundation

/// Where cached forecasts live (the wardrobe implements it).
public protocol ForecastCache {
    func cachedForecast(_ key: String) throws -> (fetched: Date, payload: String)?
    func storeForecast(_ key: String, payload: String, fetched: Date) throws
}

/// Decides today's weather: what the person typed, else a fresh fetch when asked, else the cache
/// (labelled stale when old). Network failures fall back to the cache with a message; nothing hangs.
public struct WeatherService {
    public var client: OpenMeteo
    public var cache: ForecastCache?
    /// Forecasts younger than this are fresh.
    public var freshness: TimeInterval = 3 * 3600
    public var now: () -> Date = Date.init

    public init(client: OpenMeteo, cache: ForecastCache?) { self.client = client; self.cache = cache }

    public static func cacheKey(latitude: Double, longitude: Double) -> String {
        String(format: "open-meteo:%.3f,%.3f", latitude, longitude)
    }

    /// - Returns: the conditions and any messages for the person (a failed fetch, stale data).
    public func conditions(manual: WeatherConditions?, latitude: Double?, longitude: Double?, fetch: Bool)
        throws -> (WeatherConditions, [String])
    {
        if let manual { return (manual, []) }
        guard let latitude, let longitude else {
            throw WeatherError("no weather: give --temp (and --feels, --min, --max, --rain, --wind), or set a location with `closet profile --lat L --lon L`")
        }
        let key = Self.cacheKey(latitude: latitude, longitude: longitude)
        var notes: [String] = []
        if fetch {
            do {
                let (payload, conditions) = try client.forecast(latitude: latitude, longitude: longitude)
                var fresh = conditions
                fresh.fetched = now()
                try? cache?.storeForecast(key, payload: String(decoding: payload, as: UTF8.self), fetched: now())
                return (fresh, notes)
            } catch {
                notes.append("weather not updated: \(error)")
            }
        }
        if let (fetched, payload) = try cache?.cachedForecast(key), var cached = try? OpenMeteo.parse(Data(payload.utf8)) {
            cached.source = "cache"
            cached.fetched = fetched
            cached.stale = now().timeIntervalSince(fetched) > freshness
            if cached.stale { notes.append("the forecast is from \(Self.describe(now().timeIntervalSince(fetched))) ago (stale)") }
            return (cached, notes)
        }
        throw WeatherError((notes.first.map { $0 + "; " } ?? "") + "no forecast is cached: give --temp, or fetch one with --online")
    }

    static func describe(_ seconds: TimeInterval) -> String {
        seconds >= 86_400 ? "\(Int(seconds / 86_400)) days" : seconds >= 3600 ? "\(Int(seconds / 3600)) h" : "\(Int(seconds / 60)) min"
    }
}
