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
    public func conditions(
        manual: WeatherConditions?, latitude: Double?, longitude: Double?, fetch: Bool
    )
        throws -> (WeatherConditions, [String])
    {
        if let manual { return (manual, []) }
        guard let latitude, let longitude else {
            throw WeatherError("no weather: no temperature was given and no place is set", cause: .noSource)
        }
        var (conditions, fetched, notes, fromCache) = try forecast(
            latitude: latitude, longitude: longitude, fetch: fetch,
            parse: OpenMeteo.parse)
        conditions.fetched = fetched
        if fromCache {
            conditions.source = .cache
            conditions.stale = now().timeIntervalSince(fetched) > freshness
        }
        return (conditions, notes)
    }

    /// The forecast's days (for a week plan): fetched when asked, else from the cache, with the same notes.
    public func daily(latitude: Double, longitude: Double, fetch: Bool) throws -> (days: [DailyWeather], stale: Bool, notes: [String]) {
        let (days, fetched, notes, fromCache) = try forecast(
            latitude: latitude, longitude: longitude, fetch: fetch,
            parse: OpenMeteo.parseDaily)
        return (days, fromCache && now().timeIntervalSince(fetched) > freshness, notes)
    }

    /// A forecast read by `parse` (each payload is parsed once): fetched and cached when `fetch`, else (or
    /// when the fetch fails) the cached one. A payload that does not parse is never cached, and a cached one
    /// that does not is ignored. Returns what `parse` read, when the payload was fetched, the notes for the
    /// person, and whether it came from the cache.
    func forecast<T>(
        latitude: Double, longitude: Double, fetch: Bool, parse: (Data) throws -> T
    )
        throws -> (T, Date, [String], Bool)
    {
        let key = Self.cacheKey(latitude: latitude, longitude: longitude)
        var notes: [String] = []
        if fetch {
            do {
                let payload = try client.fetchForecast(latitude: latitude, longitude: longitude)
                let value = try parse(payload)
                try? cache?.storeForecast(key, payload: String(decoding: payload, as: UTF8.self), fetched: now())
                return (value, now(), notes, false)
            } catch {
                notes.append("weather not updated: \(error)")
            }
        }
        if let (fetched, text) = try cache?.cachedForecast(key), let value = try? parse(Data(text.utf8)) {
            if now().timeIntervalSince(fetched) > freshness {
                notes.append("the forecast is from \(Self.describe(now().timeIntervalSince(fetched))) ago (stale)")
            }
            return (value, fetched, notes, true)
        }
        throw WeatherError((notes.first.map { $0 + "; " } ?? "") + "no forecast is cached", cause: .noForecast)
    }

    static func describe(_ seconds: TimeInterval) -> String {
        seconds >= 86_400 ? "\(Int(seconds / 86_400)) days" : seconds >= 3600 ? "\(Int(seconds / 3600)) h" : "\(Int(seconds / 60)) min"
    }
}
