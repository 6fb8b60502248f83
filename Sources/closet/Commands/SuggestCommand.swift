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
        commandName: "suggest", abstract: Output.helpText("Suggest outfits for the weather from what you own."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var weather: WeatherOptions
    @Option(help: "The day (YYYY-MM-DD, today, yesterday).") var date: String = "today"
    @Option(help: "A style, e.g. casual, classic, sport (an unknown one lists the known ones).") var style: String?
    @Option(help: "An occasion: casual, sport, home, office, date, party, formal or wedding.") var occasion: String?
    @Flag(help: "It snows (with --temp): closed shoes, boots first, and an outer.") var snow = false
    @Flag(help: "Also consider wishlist items.") var withWishlist = false
    @Option(help: "With --with-wishlist: only wishlist items up to this price.") var budget: Double?
    @Option(help: "How many outfits.") var count = 3
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try wardrobe.open()
        let day = try Day.parse(date)
        let (conditions, notes, unit) = try weather.resolve(store)
        let lang = Output.language
        func t(_ english: String) -> String { Strings.text(english, lang) }
        for note in notes { Output.note(note) }
        if conditions.source == "manual" { try? store.rememberWeather(conditions) }
        var request = SuggestionRequest(weather: conditions, day: day, style: style, occasion: occasion)
        request.includeWishlist = withWishlist
        request.budget = budget
        request.count = max(1, min(count, 20))
        request.unit = unit
        request.language = lang
        request.snow = snow
        // Asked again today: what was suggested first earlier is not the first choice again while others fit.
        request.suggestedToday = (try? store.suggestedToday(day)) ?? []
        let items = try store.summaries(ItemFilter(status: nil)).map(\.item)
        let result = try OutfitSuggester(taxonomy: store.taxonomy).suggest(request, items: items, wearDays: try store.wearDays())
        if let first = result.outfits.first { try? store.rememberSuggested(first.pieces.compactMap(\.item.id), day: day) }
        // A saved plan for the day comes first (closet plan --save).
        let byID = PlanCommand.byID(items)
        let plannedIDs = try store.plan(on: day).filter { byID[$0] != nil }
        let planned = plannedIDs.compactMap { byID[$0] }
        if json {
            var object = SuggestionJSON.object(conditions, result)
            object["planned"] = plannedIDs.map { PlanCommand.piece($0, byID) }
            try Output.jsonObject(object)
            return
        }
        print(
            Strings.format(
                "Weather: {0} [{1}] → {2}", lang, conditions.summary(in: unit, word: t), t(conditions.source),
                TemperatureBand.band(for: conditions.effective).label))
        func row(_ item: Item) -> String {
            let category = store.taxonomy.category(item.category)?.displayName(lang) ?? item.category
            return "   " + Output.column("#\(item.id ?? 0)", 6) + Output.column(item.displayName(lang), 26) + Output.column(category, 20)
        }
        if !planned.isEmpty {
            print("\n" + Strings.format("Planned for {0}:", lang, day))
            for item in planned { print(row(item)) }
        }
        for warning in result.warnings { Output.note(t("warning: ") + SuggestionJSON.words(warning, in: unit, language: lang)) }
        for (i, outfit) in result.outfits.enumerated() {
            let figures = Strings.format(
                "(warmth {0} for {1}, score {2})", lang, String(format: "%.1f", outfit.warmth), String(format: "%.1f", outfit.targetWarmth),
                String(format: "%.2f", outfit.score))
            print(
                "\n\(i + 1). \(outfit.why)  \(figures)" + (outfit.reasons.isEmpty ? "" : "\n   " + outfit.reasons.joined(separator: "; ")))
            for piece in outfit.pieces { print(row(piece.item) + piece.reason) }
        }
        print("\n" + t("Wear one: `closet wear ID ID …` (or save it: `closet outfit save NAME ID ID …`)"))
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
                    // The kind (its category), formality and pattern the stylist's rules read.
                    "kind": p.item.category, "formality": p.item.formality(), "pattern": p.item.pattern.rawValue,
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
    static func words(_ warning: SuggestionWarning, in unit: TemperatureUnit = .celsius, language: Language = .en) -> String {
        let summary = warning.summary(in: unit, language: language)
        if let outer = warning.outerToRefile {
            return summary
                + Strings.format(
                    " — is it a winter coat? `closet edit {0} --category winterOuter`", language, "\(outer.id ?? 0)")
        }
        if case .noShoes = warning { return summary + ": `closet add PHOTO --category shoes`" }
        return warning.description(in: unit, language: language)
    }
}
