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
    /// How garments are shown: cut out on a neutral backdrop where the photo has a mask, or the photo as taken
    /// (`closet profile --backdrop`; the TUI's item page switches it for the session).
    public var backdrop: Backdrop = .cutout
    /// Fetch the forecast without being asked each time.
    public var autoWeather: Bool = false
    /// The Open-Meteo base URL (a setting, so that tests and mirrors can point elsewhere).
    public var weatherURL: String = "https://api.open-meteo.com"
    public var geocodingURL: String = "https://geocoding-api.open-meteo.com"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name, latitude, longitude, city, units, language, graphics, backdrop, autoWeather, weatherURL, geocodingURL
    }

    /// A profile saved before a field existed lacks its key: that field takes its default, and every other
    /// keeps what the person set. A value of the wrong type is an error, never a silent default.
    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        latitude = try c.decodeIfPresent(Double.self, forKey: .latitude)
        longitude = try c.decodeIfPresent(Double.self, forKey: .longitude)
        city = try c.decodeIfPresent(String.self, forKey: .city)
        units = try c.decodeIfPresent(Units.self, forKey: .units) ?? units
        language = try c.decodeIfPresent(Language.self, forKey: .language)
        graphics = try c.decodeIfPresent(String.self, forKey: .graphics)
        backdrop = try c.decodeIfPresent(Backdrop.self, forKey: .backdrop) ?? backdrop
        autoWeather = try c.decodeIfPresent(Bool.self, forKey: .autoWeather) ?? autoWeather
        weatherURL = try c.decodeIfPresent(String.self, forKey: .weatherURL) ?? weatherURL
        geocodingURL = try c.decodeIfPresent(String.self, forKey: .geocodingURL) ?? geocodingURL
    }

    /// Reads a stored profile: missing keys take their defaults; JSON that is not a profile, or values
    /// out of range, are ``ClosetError/damagedSetting(key:problem:)``, so that nothing saves defaults over it.
    public static func stored(_ text: String) throws -> Profile {
        let profile: Profile
        do { profile = try JSONDecoder().decode(Profile.self, from: Data(text.utf8)) } catch {
            throw ClosetError.damagedSetting(key: "profile", problem: SettingText.describe(error))
        }
        do { try profile.validate() } catch let error as ClosetError {
            throw ClosetError.damagedSetting(key: "profile", problem: error.message)
        }
        return profile
    }

    public enum Units: String, Codable, CaseIterable, Sendable { case metric, imperial }

    /// A garment cut out on the backdrop, or the photo as it was taken. The photo file is never changed.
    public enum Backdrop: String, Codable, CaseIterable, Sendable {
        case cutout, photo
        /// The other one (the item page's key).
        public var toggled: Backdrop { self == .cutout ? .photo : .cutout }
    }

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

    /// The profile, with defaults for what was never set; a damaged one is an error (``Profile/stored(_:)``).
    public func profile() throws -> Profile {
        guard let text = try setting("profile") else { return Profile() }
        return try Profile.stored(text)
    }

    /// Starts the profile again from the defaults, and the laundry rules too when they are damaged.
    /// Returns what each setting held before (key and text), for the person to keep.
    public func resetProfile() throws -> [(key: String, text: String)] {
        var old: [(key: String, text: String)] = []
        try write { db in
            for key in ["profile", Self.laundryAfterKey] {
                guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) else {
                    continue
                }
                if key == Self.laundryAfterKey, (try? Self.laundryRules(text)) != nil { continue }
                old.append((key, text))
                try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
            }
        }
        return old
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

/// Words for why a stored setting does not decode.
enum SettingText {
    static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? "not the JSON closet writes" : "'\(SafeText.escaped(key))' is not a value closet can read"
        case .dataCorrupted(let context)?:
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? "not JSON" : "'\(SafeText.escaped(key))' is not a value closet can read"
        default: return "not the JSON closet writes"
        }
    }
}
