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
            rain: rain, wind: wind, source: .manual)
    }

    func validate() throws {
        if temp == nil && (feels != nil || min != nil || max != nil || rain || wind != nil) {
            throw ValidationError("--feels, --min, --max, --rain and --wind go with --temp")
        }
        if let min, let max, min > max { throw ValidationError("--min is above --max") }
    }

    /// The weather to dress for (`DressWeather`, the rule the TUI follows too), its notes, and the unit the
    /// profile shows temperatures in.
    func resolve(_ store: Wardrobe) throws -> (WeatherConditions, [String], TemperatureUnit) {
        let profile = try store.profile()
        let unit = profile.temperatureUnit
        do {
            let choice = try DressWeather(wardrobe: store, profile: profile)
                .today(typed: manual(in: unit), policy: .command(online: online, profile: profile))
            return (choice.conditions, choice.notes, unit)
        } catch let failure as DressWeather.Failure {
            throw failure.cliError
        }
    }
}

extension DressWeather.Failure {
    /// The failure in the CLI's words: which flags give a weather.
    var cliError: ClosetError {
        switch self {
        case .invalid(let error): .usage(error.description)
        case .noWeather(let error): .noInput(error.cliMessage)
        case .notCovered(let missing):
            .noInput(
                "the forecast does not cover \(missing[0])\(missing.count > 1 ? " … \(missing[missing.count - 1])" : ""): "
                    + "give --temp for the days it lacks, or fetch a new one with --online")
        case .noneForDays:
            .noInput("no weather for the plan: give --temp, or set a location with `closet profile --lat L --lon L` and use --online")
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
        var request = SuggestionRequest(weather: conditions, day: day, style: style, occasion: occasion)
        request.includeWishlist = withWishlist
        request.budget = budget
        request.count = max(1, min(count, 20))
        request.unit = unit
        request.language = lang
        request.snow = snow
        let items = try store.summaries(ItemFilter(status: nil)).map(\.item)
        let outfits = try OutfitSuggester(taxonomy: store.taxonomy).day(
            request, items: items, wearDays: try store.wearDays(), in: store, asked: true)
        let (result, planned) = (outfits.suggestions, outfits.plannedItems)
        if json {
            try Output.json(
                SuggestJSON.Suggestion(
                    weather: .init(conditions), outfits: result.outfits.map { .init($0) },
                    warnings: result.warnings.map { SuggestJSON.words($0) },
                    planned: planned.map { .init($0.id, $0) }))
            return
        }
        print(
            Strings.format(
                "Weather: {0} [{1}] → {2}", lang, conditions.summary(in: unit, word: t), t(conditions.source.rawValue),
                TemperatureBand.band(for: conditions.effective).label))
        func row(_ item: Item) -> String {
            let category = store.taxonomy.category(item.category)?.displayName(lang) ?? item.category.rawValue
            return "   " + Output.column("#\(item.id)", 6) + Output.column(item.displayName(lang), 26) + Output.column(category, 20)
        }
        if !planned.isEmpty {
            print("\n" + Strings.format("Planned for {0}:", lang, day))
            for item in planned { print(row(item)) }
        }
        for warning in result.warnings { Output.note(t("warning: ") + SuggestJSON.words(warning, in: unit, language: lang)) }
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
