import ArgumentParser
import ClosetKit
import Foundation
import Stylist
import Weather

/// The weather options shared by `suggest` (and what the TUI's weather panel edits).
struct WeatherOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Air temperature, °C (°F with closet profile --units imperial).") var temp: Double?
    @Option(parsing: .unconditional, help: "Apparent (feels-like) temperature, in the same unit.") var feels: Double?
    @Option(parsing: .unconditional, help: "The day's minimum, in the same unit.") var min: Double?
    @Option(parsing: .unconditional, help: "The day's maximum, in the same unit.") var max: Double?
    @Flag(help: "It rains.") var rain = false
    @Option(help: "Wind speed, km/h.") var wind: Double?
    @Flag(help: "Fetch the forecast from Open-Meteo for the profile's location.") var online = false

    /// The typed weather, its temperatures read in `unit` and kept in °C.
    func manual(in unit: TemperatureUnit) -> WeatherConditions? {
        guard let temp else { return nil }
        return WeatherConditions(
            temp: unit.celsius(temp), feels: feels.map(unit.celsius), min: min.map(unit.celsius), max: max.map(unit.celsius),
            rain: rain, wind: wind, source: "manual")
    }

    func validate() throws {
        if temp == nil && (feels != nil || min != nil || max != nil || rain || wind != nil) {
            throw ValidationError("--feels, --min, --max, --rain and --wind go with --temp")
        }
        if let min, let max, min > max { throw ValidationError("--min is above --max") }
    }

    /// The weather to dress for, its notes, and the unit the profile shows temperatures in.
    func resolve(_ store: Wardrobe) throws -> (WeatherConditions, [String], TemperatureUnit) {
        let profile = try store.profile()
        let unit = profile.temperatureUnit
        let manual = manual(in: unit)
        do { try manual?.validate() } catch let error as WeatherError { throw ClosetError.usage(error.description) }
        let service = WeatherService(client: OpenMeteo(baseURL: profile.weatherURL, geocodingURL: profile.geocodingURL), cache: store)
        do {
            let (conditions, notes) = try service.conditions(
                manual: manual, latitude: profile.latitude, longitude: profile.longitude,
                fetch: online || profile.autoWeather)
            return (conditions, notes, unit)
        } catch let error as WeatherError {
            throw ClosetError.noInput(error.cliMessage)
        }
    }
}

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "Suggest outfits for the weather from what you own.")

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var weather: WeatherOptions
    @Option(help: "The day (YYYY-MM-DD, today, yesterday).") var date: String = "today"
    @Option(help: "A style, e.g. casual, formal, sport.") var style: String?
    @Option(help: "An occasion, e.g. office, party, date.") var occasion: String?
    @Flag(help: "Also consider wishlist items.") var withWishlist = false
    @Option(help: "With --with-wishlist: only wishlist items up to this price.") var budget: Double?
    @Option(help: "How many outfits.") var count = 3
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try wardrobe.open()
        let day = try Day.parse(date)
        let (conditions, notes, unit) = try weather.resolve(store)
        for note in notes { Output.note(note) }
        if conditions.source == "manual" { try? store.rememberWeather(conditions) }
        var request = SuggestionRequest(weather: conditions, day: day, style: style, occasion: occasion)
        request.includeWishlist = withWishlist
        request.budget = budget
        request.count = max(1, min(count, 20))
        request.unit = unit
        let items = try store.summaries(ItemFilter(status: nil)).map(\.item)
        let result = try OutfitSuggester(taxonomy: store.taxonomy).suggest(request, items: items, wearDays: try store.wearDays())
        // A saved plan for the day comes first (closet plan --save).
        let byID = Dictionary(items.compactMap { item in item.id.map { ($0, item) } }) { a, _ in a }
        let planned = try store.plan(on: day).compactMap { byID[$0] }
        if json {
            var object = SuggestionJSON.object(conditions, result)
            object["planned"] = planned.map { ["id": $0.id ?? 0, "name": $0.name, "category": $0.category] as [String: Any] }
            try Output.jsonObject(object)
            return
        }
        print("Weather: \(conditions.summary(in: unit)) [\(conditions.source)] → \(TemperatureBand.band(for: conditions.effective).label)")
        if !planned.isEmpty {
            print("\nPlanned for \(day):")
            for item in planned {
                let name = store.taxonomy.category(item.category)?.en ?? item.category
                print("   " + Output.column("#\(item.id ?? 0)", 6) + Output.column(item.name, 26) + name)
            }
        }
        for warning in result.warnings { Output.note("warning: " + SuggestionJSON.words(warning, in: unit)) }
        for (i, outfit) in result.outfits.enumerated() {
            print(
                "\n\(i + 1). \(outfit.why)  (warmth \(String(format: "%.1f", outfit.warmth)) for \(String(format: "%.1f", outfit.targetWarmth)), score \(String(format: "%.2f", outfit.score)))"
                    + (outfit.reasons.isEmpty ? "" : "\n   " + outfit.reasons.joined(separator: "; ")))
            for piece in outfit.pieces {
                let name = store.taxonomy.category(piece.item.category)?.en ?? piece.item.category
                print(
                    "   " + Output.column("#\(piece.item.id ?? 0)", 6) + Output.column(piece.item.name, 26) + Output.column(name, 20)
                        + piece.reason)
            }
        }
        print("\nWear one: closet wear ID ID … (or save it: closet outfit save NAME ID ID …)")
    }
}

/// The documented JSON shape of `suggest --json`.
enum SuggestionJSON {
    static func value(_ d: Double?) -> Any { d.map { $0 as Any } ?? NSNull() }

    static func weather(_ w: WeatherConditions) -> [String: Any] {
        [
            "temp": w.temp, "feels": value(w.feels), "min": value(w.min), "max": value(w.max), "rain": w.rain,
            "wind": value(w.wind), "source": w.source, "stale": w.stale,
        ]
    }

    static func outfit(_ o: SuggestedOutfit, detailed: Bool = true) -> [String: Any] {
        var object: [String: Any] = [
            "items": o.pieces.map { p in
                var item: [String: Any] = [
                    "id": p.item.id ?? 0, "category": p.item.category,
                    "group": Taxonomy.shared.category(p.item.category)?.group ?? "", "name": p.item.name,
                ]
                if detailed {
                    item["wishlist"] = p.item.status == .wishlist
                    item["price"] = value(p.item.price)
                    item["reason"] = p.reason
                    item["slot"] = p.slot.rawValue
                }
                return item
            },
            "reasons": [o.why] + o.reasons + (detailed ? o.pieces.map(\.reason) : []),
        ]
        if detailed {
            object["score"] = o.score
            object["warmth"] = (o.warmth * 10).rounded() / 10
            object["targetWarmth"] = (o.targetWarmth * 10).rounded() / 10
            object["why"] = o.why
        }
        return object
    }

    static func object(_ w: WeatherConditions, _ result: Suggestions) -> [String: Any] {
        ["weather": weather(w), "outfits": result.outfits.map { outfit($0) }, "warnings": result.warnings.map { words($0) }]
    }

    /// A warning in the CLI's words (with the command that fixes it, where there is one).
    static func words(_ warning: SuggestionWarning, in unit: TemperatureUnit = .celsius) -> String {
        if let outer = warning.outerToRefile {
            return warning.summary(in: unit) + " — is it a winter coat? `closet edit \(outer.id ?? 0) --category winterOuter`"
        }
        if case .noShoes = warning { return warning.summary(in: unit) + ": `closet add PHOTO --category shoes`" }
        return warning.description(in: unit)
    }
}
