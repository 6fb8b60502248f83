import ClosetKit
import Foundation
import Weather

/// What the suggester needs to know.
public struct SuggestionRequest: Sendable {
    public var weather: WeatherConditions
    /// The day dressed for, `YYYY-MM-DD`.
    public var day: String
    public var style: String?
    /// An occasion (``Occasion``): its formality window holds every piece.
    public var occasion: String?
    /// Snow: as rain for shoes and outers, and boots first.
    public var snow = false
    public var includeWishlist = false
    public var budget: Double?
    public var count = 3
    /// The unit reasons name temperatures in.
    public var unit: TemperatureUnit = .celsius
    /// The language reasons and warnings are worded in.
    public var language: Language = .en
    /// Items left out ("not today", in the laundry).
    public var exclude: Set<Int64> = []
    /// Tops and one-pieces already planned for other days: used only when no other suits.
    public var avoidMain: Set<Int64> = []
    /// Bottoms planned often enough this week: used only when no other suits.
    public var avoidBottoms: Set<Int64> = []
    /// Pieces suggested first earlier today (``Wardrobe/suggestedToday(_:)``): not the first choice again unless
    /// nothing else fits.
    public var suggestedToday: Set<Int64> = []
    /// A dress or a skirt is wanted today (a plan giving them their share): such an outfit comes first when the
    /// weather suits one.
    public var preferDressOrSkirt = false

    public init(weather: WeatherConditions, day: String, style: String? = nil, occasion: String? = nil) {
        self.weather = weather; self.day = day; self.style = style; self.occasion = occasion
    }
}

/// What a suggestion is for, computed once: the weather's rules (docs/stylist.md).
struct SuggestionContext {
    var request: SuggestionRequest
    /// The apparent temperature dressed for.
    var t: Double
    var band: TemperatureBand
    /// Categories the hard rules keep out today.
    var forbidden: Set<String>
    /// The warmth the outfit's layers should add up to.
    var target: Double
    var season: Season
    /// The seasons the weather itself belongs to (30 °C is summer whatever the calendar says).
    var weatherSeasons: Set<Season>
    /// The day swings: dress for the range with a layer that comes off.
    var swings: Bool
    var needOuter: Bool
    /// Rain or snow.
    var wet: Bool
    /// No outer at all: 25 °C and above, dry.
    var noOuter: Bool
    /// The occasion's formality window (all of 0…4 without one).
    var window: ClosedRange<Int>
    var weather: WeatherConditions { request.weather }

    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// Below this apparent temperature no open shoe is worn.
    static let openShoesBelow = 12.0
    /// At and below this, boots or warm closed shoes come first.
    static let warmShoesAtOrBelow = 5.0
    /// At and above this, no boots, no wool coat, and no outer unless it rains.
    static let heatFrom = 25.0
    /// From this (the 23–27 °C band) lighter shoes are preferred.
    static let warmFrom = 23.0
    /// Wet and below this, boots come first.
    static let wetBootsBelow = 10.0
    /// Rain in the heat (wet, from ``warmFrom``): an outer of at most this warmth is light enough (a light jacket,
    /// a windbreaker, a thin raincoat: a jacket at thickness 2 or less); a heavier one is worn only for want of one.
    static let lightOuterWarmth = 3.0

    /// Rain or snow on a warm day: the outer should be a light one.
    var warmRain: Bool { wet && t >= Self.warmFrom }

    /// "5 °C, windy, rain" in the request's unit and language.
    func conditions(_ t: Double) -> String {
        request.unit.text(t) + (weather.isWindy ? ", " + Strings.text("windy", request.language) : "")
            + (request.snow
                ? ", " + Strings.text("snow", request.language) : weather.rain ? ", " + Strings.text("rain", request.language) : "")
    }

    init(_ request: SuggestionRequest) throws {
        self.request = request
        let weather = request.weather
        t = weather.effective
        band = TemperatureBand.band(for: t)
        forbidden = TemperatureBand.forbidden(at: t, max: weather.max)
        target = OutfitSuggester.targetWarmth(t)
        season = Day.date(request.day).map { Season.of($0, calendar: Self.utc) } ?? .spring
        weatherSeasons =
            t >= 23 ? [.summer] : t >= 15 ? [.spring, .autumn] : t >= 5 ? [.spring, .autumn, .winter] : [.winter]
        swings = weather.swing >= 8 && (weather.min ?? t) < 17
        wet = weather.rain || request.snow
        noOuter = t >= Self.heatFrom && !wet
        needOuter = !noOuter && (band.outerRequired || wet || swings)
        window = try request.occasion.map(Occasion.window) ?? Formality.range
    }

    /// Why a piece may not be worn today, or nil when it may. Weather rules first: they are about comfort and
    /// health; the occasion's window after.
    func bar(_ item: Item, _ category: ClosetKit.Category, slot: Slot, taxonomy: Taxonomy) -> Bar? {
        if forbidden.contains(category.id.rawValue) { return .weather }
        if slot == .shoes {
            let open = item.isOpen(taxonomy)
            // A shoe of unknown kind might be open: not in rain or the cold.
            if (wet || t < Self.openShoesBelow) && open != false { return .weather }
            if t >= Self.heatFrom && category.id == "boots" { return .weather }
        }
        if slot == .outer && noOuter { return .weather }
        if slot == .outer && t >= Self.heatFrom && category.id == "coat" { return .weather }
        // Knitwear and tailoring keep no rain off: in the wet a cardigan, vest or blazer is never the outer.
        if slot == .outer && wet && Self.dryOuters.contains(category.id.rawValue) { return .weather }
        if !window.contains(item.formality(taxonomy)) { return .occasion }
        return nil
    }

    enum Bar { case weather, occasion }

    /// Shoes in order of preference, 0 first: in the wet cold boots; at 5 °C and below boots or closed shoes with
    /// warmth 2 or more (their thickness).
    func shoeTier(_ item: Item, _ category: ClosetKit.Category, taxonomy: Taxonomy) -> Int {
        let boots = category.id == "boots"
        let warmClosed = item.isOpen(taxonomy) == false && item.thickness >= 2
        if wet && t < Self.wetBootsBelow { return boots ? 0 : warmClosed ? 1 : 2 }
        if t <= Self.warmShoesAtOrBelow { return boots || warmClosed ? 0 : 1 }
        return 0
    }

    static let dryOuters: Set<String> = ["cardigan", "vest", "blazer"]
    /// Outers that cover a person in the wet: hooded or long ones fully, a jacket in part.
    /// A padded coat or parka covers best only in the cold; above 12 °C it is too warm to be the rain's answer.
    /// In warm rain only a light outer (``lightOuterWarmth``) is the answer, whatever its kind.
    func rainCoverage(_ category: ClosetKit.Category, warmth: Double) -> Double {
        if warmRain { return warmth <= Self.lightOuterWarmth ? 1 : 0 }
        return switch category.id {
        case "coat": 1
        case "parka", "winterOuter": t < Self.openShoesBelow ? 1 : 0
        case "jacket": 0.5
        default: 0
        }
    }

    /// A dress or a skirt: what a plan gives its share of days.
    static func isDressOrSkirt(_ category: ClosetKit.Category) -> Bool {
        category.group == "onepiece" || ["longSkirt", "shortSkirt"].contains(category.id)
    }
}
