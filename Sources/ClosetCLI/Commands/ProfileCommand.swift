import ArgumentParser
import ClosetKit
import Foundation
import TerminalGraphics
import Weather

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: Output.helpText("Show or set your name, location, units and language."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "Your name.") var name: String?
    @Option(parsing: .unconditional, help: "Latitude of your location.") var lat: Double?
    @Option(parsing: .unconditional, help: "Longitude of your location.") var lon: Double?
    @Option(help: "Look the location up by city name (online, through Open-Meteo's geocoding).") var city: String?
    @Option(help: "metric or imperial.") var units: String?
    @Option(name: .customLong("lang"), help: "en, ko, or auto (follow LANG).") var language: String?
    @Option(help: "Fetch the forecast automatically: on or off.") var autoWeather: String?
    @Option(help: "How the TUI draws photos: kitty, sixel, blocks, or auto (ask the terminal). CLOSET_GRAPHICS overrides it.")
    var graphics: String?
    @Option(help: "How garments are shown: cutout (on a neutral backdrop, where the photo has a mask) or photo (as taken).")
    var backdrop: String?
    @Option(help: "The Open-Meteo base URL.") var weatherUrl: String?
    @Option(help: "The Open-Meteo geocoding base URL.") var geocodingUrl: String?
    @Option(help: "CATEGORY=N: an item of CATEGORY goes to the laundry by itself after N wears (0 = never), e.g. jeans=5.")
    var laundryAfter: [String] = []
    @Flag(help: "Start the profile again from the defaults (damaged laundry rules too); what they held is printed first, to keep.")
    var reset = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if (lat == nil) != (lon == nil) { throw ValidationError("give --lat and --lon together") }
        if let lat, !(-90...90).contains(lat) { throw ValidationError("--lat must be between -90 and 90") }
        if let lon, !(-180...180).contains(lon) { throw ValidationError("--lon must be between -180 and 180") }
    }

    func run() throws {
        let store = try wardrobe.open()
        if reset {
            for (key, text) in try store.resetProfile() {
                Output.note("the saved \(key) was (kept here, to mend by hand): \(SafeText.escaped(text))")
            }
        }
        var profile = try store.profile()
        if let name { profile.name = name }
        if let lat, let lon { profile.latitude = lat; profile.longitude = lon; profile.city = nil }
        if let units {
            guard let u = Profile.Units(rawValue: units.lowercased()) else { throw ClosetError.usage("--units takes metric or imperial") }
            profile.units = u
        }
        if let language {
            if language.lowercased() == "auto" {
                profile.language = nil
            } else {
                guard let l = Language(rawValue: language.lowercased()) else { throw ClosetError.usage("--lang takes en, ko or auto") }
                profile.language = l
            }
        }
        if let autoWeather {
            guard ["on", "off"].contains(autoWeather.lowercased()) else { throw ClosetError.usage("--auto-weather takes on or off") }
            profile.autoWeather = autoWeather.lowercased() == "on"
        }
        if let graphics {
            let word = graphics.lowercased()
            guard word == "auto" || GraphicsProtocol(rawValue: word) != nil else {
                throw ClosetError.usage("--graphics takes kitty, sixel, blocks or auto")
            }
            profile.graphics = word == "auto" ? nil : word
        }
        if let backdrop {
            guard let chosen = Profile.Backdrop(rawValue: backdrop.lowercased()) else {
                throw ClosetError.usage("--backdrop takes cutout or photo")
            }
            profile.backdrop = chosen
        }
        if let weatherUrl { profile.weatherURL = weatherUrl }
        if let geocodingUrl { profile.geocodingURL = geocodingUrl }
        if let city {
            do {
                let place = try OpenMeteo(baseURL: profile.weatherURL, geocodingURL: profile.geocodingURL).geocode(city)
                profile.city = place.name; profile.latitude = place.latitude; profile.longitude = place.longitude
            } catch let error as WeatherError {
                throw ClosetError.noInput("cannot look up '\(city)': \(error.description); give --lat and --lon instead")
            }
        }
        try store.saveProfile(profile)
        for rule in laundryAfter {
            let parts = rule.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let n = Int(parts[1]) else {
                throw ClosetError.usage(
                    "--laundry-after takes CATEGORY=N, for example jeans=5, not '\(SafeText.escaped(String(rule.prefix(40))))'")
            }
            try store.setLaundryAfter(n, category: parts[0])
        }
        if json { try Output.json(profile); return }
        print("name:        \(SafeText.escaped(profile.name ?? "-"))")
        print(
            "location:    \(profile.city.map { "\(SafeText.escaped($0)) " } ?? "")"
                + (profile.latitude.map { String(format: "(%.4f, %.4f)", $0, profile.longitude ?? 0) } ?? "-"))
        print("units:       \(profile.units.rawValue)")
        print(
            "language:    \(profile.effectiveLanguage().rawValue)" + (profile.language == nil ? " (from the locale; --lang sets one)" : ""))
        print("graphics:    \(profile.graphics ?? "auto (asks the terminal; CLOSET_GRAPHICS overrides)")")
        print(
            "backdrop:    "
                + (profile.backdrop == .cutout ? "cutout (garments on a neutral backdrop; --backdrop photo shows them as taken)" : "photo"))
        print("weather:     \(profile.autoWeather ? "fetched automatically" : "only with --online") from \(profile.weatherURL)")
        let rules = try store.laundryAfter()
        print(
            "laundry:     "
                + (rules.isEmpty
                    ? "only when you say (--laundry-after CATEGORY=N)"
                    : rules.sorted { $0.key < $1.key }.map { "\($0.key) after \(Words.times($0.value))" }.joined(separator: ", ")))
    }
}
