import ClosetKit
import Foundation
import Stylist
import Weather

/// The Today screen's effects: which weather to dress for, the outfits, a swapped piece, the week.
extension TerminalApp {
    /// The weather Today dresses for: what was typed now, else a fresh cached forecast, else the
    /// temperature typed last; with words that say which. Nil when there is none yet.
    func todayWeather(typed: Double?) -> (WeatherConditions, String)? {
        let choice: DressWeather.Choice
        do {
            choice = try DressWeather(wardrobe: wardrobe).today(typed: typed.map { WeatherConditions(temp: $0) }, policy: .screen)
        } catch is DressWeather.Failure {
            return nil  // no weather yet: Today asks for a temperature
        } catch {
            // The profile or the forecast cache could not be read: said, never taken for "no weather yet".
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
            return nil
        }
        switch choice.origin {
        case .typed:
            return (choice.conditions, state.say("{0} typed now · T to change", state.unit.text(choice.conditions.temp)))
        case .forecast(let fetched):
            let forecast = choice.conditions
            let age = fetched.map { Date().timeIntervalSince($0) } ?? 0
            let ago =
                age < 3600
                ? state.say("{0} min ago", "\(Int(age / 60))") : state.say("{0} h ago", "\(Int(age / 3600))")
            return (
                forecast,
                state.say("forecast {0}, {1} · T to type one", forecast.summary(in: state.unit) { self.state.say($0) }, ago)
            )
        case .remembered(let fetched):
            let day = fetched.map { Day.string($0) }
            let today = Day.string(Date())
            let temperature = state.unit.text(choice.conditions.temp)
            let words =
                day == today
                ? state.say("{0} typed today · T to change", temperature)
                : day.flatMap { Day.distance(from: $0, to: today) } == 1
                    ? state.say("{0} typed yesterday · T to change", temperature)
                    : state.say("{0} typed on {1} · T to change", temperature, day ?? "?")
            return (choice.conditions, words)
        }
    }

    /// Today's outfits. When `asked` (a person asked for them), what was suggested first earlier today comes
    /// later while others fit, and this answer's first is remembered (``OutfitSuggester/day(_:items:wearDays:in:asked:)``);
    /// a redraw (a piece left out, the items changed) keeps the steering the last ask had.
    func suggest(_ temp: Double?, asked: Bool = false) {
        guard let (weather, source) = todayWeather(typed: temp) else {
            // The very first time: ask.
            state.today.field = TextField("")
            state.today.source = nil
            return
        }
        var request = SuggestionRequest(weather: weather, day: Day.string(Date()))
        request.unit = state.unit
        request.language = state.language
        request.exclude = state.today.notToday
        if asked {
            request.suggestedToday = (try? wardrobe.suggestedToday(request.day)) ?? []
        } else if let last = todayRequest, last.day == request.day {
            request.suggestedToday = last.suggestedToday
        }
        todayRequest = request
        state.today.source = source
        weatherLine = weather.summary(in: state.unit) { self.state.say($0) }
        do {
            todayWearDays = try wardrobe.wearDays()
            // The loaded items (archived ones are left out, as the suggester would).
            let day = try OutfitSuggester(taxonomy: wardrobe.taxonomy)
                .day(request, items: state.items.map(\.item), wearDays: todayWearDays, in: wardrobe, asked: asked)
            let result = day.suggestions
            todayOutfits = day.outfits.map(\.inDressingOrder)
            state.today.cards = todayOutfits.map(card)
            state.today.warnings = result.warnings.map { $0.description(in: state.unit, language: state.language) }
            state.today.failure = nil
            state.today.index = min(state.today.index, max(0, state.today.cards.count - 1))
            state.today.piece = 0
        } catch {
            todayOutfits = []
            state.today.cards = []
            state.today.warnings = []
            state.today.failure = Self.words(for: error, state.language)
        }
    }

    /// A card's words: the why, and the seed's tags (style, wardrobe or wishlist, total price).
    func card(_ outfit: SuggestedOutfit) -> TodayState.Card {
        var tags = outfit.styles.prefix(2).map { "#\($0)" }
        // Only a wishlist piece is worth a tag: every other piece is in the closet.
        if outfit.hasWishlist { tags.append(state.say("#wishlist")) }
        if outfit.totalPrice > 0 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.maximumFractionDigits = state.language == .ko ? 0 : 2
            let amount = formatter.string(from: NSNumber(value: outfit.totalPrice)) ?? "\(outfit.totalPrice)"
            tags.append("#" + (state.language == .ko ? "₩" : "") + amount)
        }
        return TodayState.Card(ids: outfit.pieces.compactMap(\.item.id), why: outfit.why, tags: tags.joined(separator: " "))
    }

    func swap(card index: Int, piece: Int) {
        // The request already leaves out what "not today" named (x suggests again).
        guard todayOutfits.indices.contains(index), todayOutfits[index].pieces.indices.contains(piece), let request = todayRequest else {
            return
        }
        let outfit = todayOutfits[index]
        let old = outfit.pieces[piece]
        guard
            let swapped = OutfitSuggester(taxonomy: wardrobe.taxonomy)
                .swap(outfit, slot: old.slot, request: request, items: state.items.map(\.item), wearDays: todayWearDays)
        else {
            state.message = state.say("Nothing else fits in place of {0}.", old.item.displayName(state.language))
            return
        }
        todayOutfits[index] = swapped.inDressingOrder
        state.today.cards[index] = card(todayOutfits[index])
        let new = swapped.pieces.first { $0.slot == old.slot }
        state.message = state.say(
            "Swapped {0} for {1}.", old.item.displayName(state.language),
            new?.item.displayName(state.language) ?? "?")
    }

    func planWeek() {
        guard let request = todayRequest else {
            state.today.week = []
            state.message = state.say("Type a temperature first (T).")
            return
        }
        let dates = Day.days(from: Day.string(Date()), count: 7)
        var weathers = dates.map { _ in request.weather }
        do {
            weathers = try DressWeather(wardrobe: wardrobe).days(dates, typed: request.weather, policy: .screen).weather
        } catch is DressWeather.Failure {
            // No forecast for the days: today's weather for each of them.
        } catch {
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
        }
        let plan = WeekPlanner(suggester: OutfitSuggester(taxonomy: wardrobe.taxonomy))
            .plan(
                Array(zip(dates, weathers)).map { (day: $0.0, weather: $0.1) }, template: request,
                items: state.items.map(\.item), wearDays: todayWearDays)
        state.today.week = plan.map {
            TodayState.Day(
                date: $0.day, weather: $0.weather.summary(in: state.unit) { self.state.say($0) },
                ids: $0.outfit?.inDressingOrder.pieces.map(\.item.id) ?? [],
                why: $0.outfit?.why ?? ($0.failure ?? ""))
        }
    }
}
