import ArgumentParser
import ClosetKit
import Foundation
import Stylist
import Weather

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: Output.helpText("Plan one outfit a day, without repeats, for the days ahead."),
        discussion: """
            The weather of each day comes from the forecast (--online, or a fresh cached one) when there is one, \
            else --temp is used for every day. No top or one-piece is planned twice while unused suitable ones \
            remain, and no bottom more than three times in seven days.
            """)

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "How many days, 1 to 16.") var days = 7
    @Option(help: "The first day (YYYY-MM-DD, today, tomorrow).") var from = "today"
    @Option(parsing: .unconditional, help: "The temperature for every day (when no forecast is used), °C or °F as the profile shows.")
    var temp: Double?
    @Flag(help: "Fetch the forecast from Open-Meteo for the profile's location.") var online = false
    @Option(help: "A style, e.g. casual, formal, sport.") var style: String?
    @Option(help: "An occasion, e.g. office, party, date.") var occasion: String?
    @Flag(help: "Save the plan: the calendar, Today and suggest then show it (it replaces those days' saved plans).")
    var save = false
    @Flag(help: "Show the saved plans of the days instead of planning.") var show = false
    @Option(help: "Clear the saved plan of this day.") var clear: String?
    @Option(help: "Move the saved plan of this day (with --to).") var move: String?
    @Option(help: "The day --move moves the plan to (it must have no plan).") var to: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...16).contains(days) else { throw ValidationError("--days must be 1 to 16, not \(days)") }
        let first: String
        do { first = try Day.parse(from) } catch { throw ValidationError("--from: \((error as? ClosetError)?.message ?? "\(error)")") }
        if let last = Day.days(from: first, count: days).last, (try? Day.parse(last)) == nil {
            throw ValidationError(
                "--from \(first) and --days \(days) reach \(last), past the last day closet keeps (\(Day.years.upperBound)-12-31)")
        }
        if (move == nil) != (to == nil) { throw ValidationError("give --move DAY and --to DAY together") }
        let actions = [save, show, clear != nil, move != nil].filter { $0 }.count
        if actions > 1 { throw ValidationError("choose one of --save, --show, --clear and --move") }
    }

    func run() throws {
        let store = try wardrobe.open()
        let lang = Output.language
        func t(_ english: String) -> String { Strings.text(english, lang) }
        if let clear {
            let day = try Day.parse(clear)
            try store.savePlans([Plan(day: day, items: [])])
            print(Strings.format("Cleared the plan of {0}.", lang, day))
            return
        }
        if let move, let to {
            let (from, target) = (try Day.parse(move), try Day.parse(to))
            try store.movePlan(from: from, to: target)
            print(Strings.format("Moved the plan of {0} to {1}.", lang, from, target))
            return
        }
        if show { return try showSaved(store) }
        let profile = try store.profile()
        let unit = profile.temperatureUnit
        let first = try Day.parse(from)
        let dates = Day.days(from: first, count: days)
        let typed = try temp.map { typed in
            let conditions = WeatherConditions(temp: unit.celsius(typed))
            do { try conditions.validate() } catch { throw ClosetError.usage("--temp: \(error)") }
            return conditions
        }
        let (weathers, notes): ([WeatherConditions], [String])
        do {
            (weathers, notes) = try DressWeather(wardrobe: store, profile: profile)
                .days(dates, typed: typed, policy: .command(online: online, profile: profile))
        } catch let failure as DressWeather.Failure {
            throw failure.cliError
        }
        for note in notes { Output.note(note) }
        var template = SuggestionRequest(weather: weathers[0], day: first, style: style, occasion: occasion)
        template.count = 1
        template.unit = unit
        template.language = lang
        let items = try store.summaries(ItemFilter(status: nil)).map(\.item)
        let plan = WeekPlanner(suggester: OutfitSuggester(taxonomy: store.taxonomy))
            .plan(
                Array(zip(dates, weathers)).map { (day: $0.0, weather: $0.1) }, template: template, items: items,
                wearDays: try store.wearDays())
        var all: [String] = []
        for day in plan {
            for w in day.warnings.map({ SuggestJSON.words($0, in: unit, language: lang) }) where !all.contains(w) { all.append(w) }
        }
        if json {
            try Output.json(
                SuggestJSON.Plan(
                    days: plan.map { day in
                        SuggestJSON.PlanDay(
                            date: day.day, weather: .init(day.weather), outfit: day.outfit.map { .init($0, detailed: false) },
                            warnings: day.warnings.map { SuggestJSON.words($0, in: unit) } + (day.failure.map { [$0] } ?? []))
                    }, warnings: all))
            return
        }
        if save {
            try store.savePlans(plan.map(\.plan))
            Output.note(t("Saved: the calendar, Today and suggest show these days' outfits (`closet plan --show` lists them)."))
        }
        for warning in all { Output.note(t("warning: ") + warning) }
        for day in plan {
            print("\n\(t(Day.weekday(day.day) ?? "")) \(day.day)  \(day.weather.summary(in: unit, word: t))")
            guard let outfit = day.outfit else {
                print("   " + Strings.format("no outfit: {0}", lang, day.failure ?? t("nothing suits")))
                continue
            }
            print("   \(outfit.why)")
            for piece in outfit.pieces {
                let name = store.taxonomy.category(piece.item.category)?.displayName(lang) ?? piece.item.category
                print("   " + Output.column("#\(piece.item.id ?? 0)", 6) + Output.column(piece.item.displayName(lang), 28) + name)
            }
        }
    }

    /// The saved plans of the days from --from, for --days.
    func showSaved(_ store: Wardrobe) throws {
        let dates = Day.days(from: try Day.parse(from), count: days)
        let plans = try store.plans(on: dates)
        let items = try Self.itemsByID(store)
        if json {
            try Output.json(
                SuggestJSON.Saved(
                    days: dates.map { day in
                        SuggestJSON.SavedDay(date: day, planned: (plans[day] ?? []).map { SuggestJSON.PlannedPiece($0, items[$0]) })
                    }))
            return
        }
        guard !plans.isEmpty else {
            return Output.note("Nothing is planned from \(dates[0]) for \(Words.count(days, "day")): `closet plan --save` saves a plan.")
        }
        for day in dates {
            guard let ids = plans[day] else { continue }
            print(
                "\(Day.weekday(day) ?? "") \(day)  "
                    + ids.map { items[$0]?.displayName(Output.language) ?? "#\($0)" }.joined(separator: ", "))
        }
    }

    /// A planned or worn piece in the calendar's JSON.
    static func piece(_ id: Int64, _ items: [Int64: Item]) -> [String: Any] {
        ["id": id, "name": items[id]?.name ?? "", "category": items[id]?.category ?? ""]
    }

    /// Every item of the wardrobe (archived and away ones too) by id, for naming planned and worn pieces.
    static func itemsByID(_ store: Wardrobe) throws -> [Int64: Item] { byID(try store.summaries(ItemFilter(status: nil)).map(\.item)) }

    static func byID(_ items: [Item]) -> [Int64: Item] { Dictionary(items.compactMap { item in item.id.map { ($0, item) } }) { a, _ in a } }
}
