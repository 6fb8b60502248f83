import Foundation
import GRDB

/// The owner's profile and preferences, stored in the wardrobe's settings table.
public struct Profile: Codable, Equatable, Sendable {
    public var name: String?
    public var latitude: Double?
    public var longitude: Double?
    public var city: String?
    public var units: Units = .metric
    /// The language chosen with `closet profile --lang`; nil follows the locale (``Language/fromLocale(_:)``).
    public var language: Language?
    /// How the TUI draws photos: kitty, sixel, blocks, or nil to ask the terminal (`closet profile --graphics`).
    public var graphics: String?
    /// Fetch the forecast without being asked each time.
    public var autoWeather: Bool = false
    /// The Open-Meteo base URL (a setting, so that tests and mirrors can point elsewhere).
    public var weatherURL: String = "https://api.open-meteo.com"
    public var geocodingURL: String = "https://geocoding-api.open-meteo.com"

    public init() {}

    public enum Units: String, Codable, CaseIterable, Sendable { case metric, imperial }

    /// The language to show: the one chosen, else the locale's.
    public func effectiveLanguage(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        language ?? Language.fromLocale(environment)
    }

    /// Refuses coordinates off the globe and weather addresses that are not http(s) URLs.
    public func validate() throws {
        if let latitude, !(latitude.isFinite && (-90...90).contains(latitude)) {
            throw ClosetError.usage("the latitude must be between -90 and 90, not \(latitude)")
        }
        if let longitude, !(longitude.isFinite && (-180...180).contains(longitude)) {
            throw ClosetError.usage("the longitude must be between -180 and 180, not \(longitude)")
        }
        for url in [weatherURL, geocodingURL] {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ClosetError.usage("'\(SafeText.escaped(String(url.prefix(80))))' is not an http(s) address")
            }
        }
    }
}

extension Wardrobe {
    public func setting(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String?) throws {
        try write { db in
            if let value {
                try db.execute(
                    sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
            }
        }
    }

    public func allSettings() throws -> [String: String] {
        try read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM settings").map {
                    ($0["key"] as String, $0["value"] as String)
                })
        }
    }

    /// The profile, with defaults for what was never set.
    public func profile() throws -> Profile {
        guard let text = try setting("profile") else { return Profile() }
        guard let profile = try? JSONDecoder().decode(Profile.self, from: Data(text.utf8)), (try? profile.validate()) != nil else {
            return Profile()
        }
        return profile
    }

    public func saveProfile(_ profile: Profile) throws {
        try profile.validate()
        let data = try JSONEncoder().encode(profile)
        try setSetting("profile", String(decoding: data, as: UTF8.self))
    }

    /// A cached payload (for example a weather forecast) and when it was fetched.
    public func cached(_ key: String) throws -> (fetched: Date, payload: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT fetched, payload FROM weather_cache WHERE key = ?", arguments: [key])
            else { return nil }
            return (row["fetched"], row["payload"])
        }
    }

    public func setCached(_ key: String, payload: String, fetched: Date = Date()) throws {
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO weather_cache (key, fetched, payload) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET fetched = excluded.fetched, payload = excluded.payload",
                arguments: [key, fetched, payload])
        }
    }
}
