import ClosetKit
import Foundation
import Weather

/// Which weather to dress for: the one rule behind `suggest`, `plan`, and the TUI's Today screen, its week
/// and its weather line. What was typed comes first (and is remembered); else the profile's place's forecast,
/// fetched when asked or cached; else, where the policy allows, the temperature typed last.
public struct DressWeather {
    /// What a front end accepts.
    public struct Policy: Sendable {
        /// Fetch a new forecast now (else only the cached one is read).
        public var fetch: Bool
        /// A cached forecast older than the freshness window is used (with a note) when nothing typed stands
        /// in for it; else it is passed over.
        public var staleForecast: Bool
        /// With nothing typed and no forecast, the weather typed last is used.
        public var rememberedTyped: Bool
        /// For several days: a typed temperature is used without reading the cache, unless fetching.
        public var typedBeforeCache: Bool

        public init(fetch: Bool, staleForecast: Bool, rememberedTyped: Bool, typedBeforeCache: Bool) {
            self.fetch = fetch
            self.staleForecast = staleForecast
            self.rememberedTyped = rememberedTyped
            self.typedBeforeCache = typedBeforeCache
        }

        /// The command line: fetches when asked (--online) or when the profile fetches by itself; a stale
        /// forecast is better than none; nothing is guessed from an earlier day.
        public static func command(online: Bool, profile: Profile) -> Policy {
            Policy(fetch: online || profile.autoWeather, staleForecast: true, rememberedTyped: false, typedBeforeCache: true)
        }

        /// The terminal UI: never goes online by itself, shows only a fresh forecast, else what was typed last.
        public static let screen = Policy(fetch: false, staleForecast: false, rememberedTyped: true, typedBeforeCache: false)

        /// The weather line: whatever forecast is cached, fresh or not.
        public static let cachedLine = Policy(fetch: false, staleForecast: true, rememberedTyped: false, typedBeforeCache: false)
    }

    /// Where the weather came from, for the words a front end shows.
    public enum Origin: Equatable, Sendable {
        /// Typed now.
        case typed
        /// A forecast fetched now, or read from the cache (`fetched` says when it was fetched).
        case forecast(fetched: Date?)
        /// The weather typed last, on `fetched`'s day.
        case remembered(fetched: Date?)
    }

    /// The weather chosen, the notes for the person (a failed fetch, a stale forecast) and where it came from.
    public struct Choice: Sendable {
        public var conditions: WeatherConditions
        public var notes: [String]
        public var origin: Origin
    }

    /// Why there is no weather to dress for.
    public enum Failure: Error, Equatable {
        /// The typed weather is not believable.
        case invalid(WeatherError)
        /// Nothing typed, and no forecast (`cause`: no place is set, or none is cached).
        case noWeather(WeatherError)
        /// The forecast does not cover these days, and nothing typed stands in for them.
        case notCovered([String])
        /// Nothing typed, and no forecast for the days (no place, or none fetched or cached).
        case noneForDays
    }

    public let wardrobe: Wardrobe
    public let profile: Profile
    let service: WeatherService

    public init(wardrobe: Wardrobe, profile: Profile? = nil) throws {
        self.wardrobe = wardrobe
        let profile = try profile ?? wardrobe.profile()
        self.profile = profile
        service = WeatherService(client: OpenMeteo(baseURL: profile.weatherURL, geocodingURL: profile.geocodingURL), cache: wardrobe)
    }

    /// One day's weather (today's): `typed` when given (checked, and remembered for next time), else the
    /// forecast, else the weather typed last where `policy` allows.
    public func today(typed: WeatherConditions?, policy: Policy) throws -> Choice {
        if let typed {
            do { try typed.validate() } catch let error as WeatherError { throw Failure.invalid(error) }
            try? wardrobe.rememberWeather(typed)
            return Choice(conditions: typed, notes: [], origin: .typed)
        }
        var failure: WeatherError?
        var unreadable: Error?
        do {
            let (conditions, notes) = try service.conditions(
                manual: nil, latitude: profile.latitude, longitude: profile.longitude, fetch: policy.fetch)
            if !conditions.stale || policy.staleForecast {
                return Choice(conditions: conditions, notes: notes, origin: .forecast(fetched: conditions.fetched))
            }
        } catch let error as WeatherError {
            failure = error
        } catch {
            unreadable = error
        }
        if policy.rememberedTyped, let remembered = wardrobe.rememberedWeather() {
            return Choice(conditions: remembered, notes: [], origin: .remembered(fetched: remembered.fetched))
        }
        if let unreadable { throw unreadable }
        throw Failure.noWeather(failure ?? WeatherError("no weather: no fresh forecast is cached", cause: .noForecast))
    }

    /// The weather of each of `dates`: the forecast's when one is fetched, or cached and fresh (a stale one only
    /// when nothing was typed); else `typed` (a temperature typed for every day, or today's weather) for each
    /// day the forecast lacks. Returns the days' weather in order, and the notes.
    public func days(_ dates: [String], typed: WeatherConditions?, policy: Policy) throws -> (weather: [WeatherConditions], notes: [String])
    {
        if let latitude = profile.latitude, let longitude = profile.longitude,
            policy.fetch || typed == nil || !policy.typedBeforeCache,
            let (days, stale, notes) = try? service.daily(latitude: latitude, longitude: longitude, fetch: policy.fetch),
            !stale || (typed == nil && policy.staleForecast)
        {
            let byDate = Dictionary(days.map { ($0.date, $0.conditions) }, uniquingKeysWith: { a, _ in a })
            if let typed { return (dates.map { byDate[$0] ?? typed }, notes) }
            let missing = dates.filter { byDate[$0] == nil }
            guard missing.isEmpty else { throw Failure.notCovered(missing) }
            return (dates.compactMap { byDate[$0] }, notes)
        }
        guard let typed else { throw Failure.noneForDays }
        return (dates.map { _ in typed }, [])
    }
}
