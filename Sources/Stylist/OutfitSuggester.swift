import ClosetKit
import Foundation
import Weather

/// Collects reasons only when asked; the autoclosure keeps the text from being built otherwise.
struct ReasonList {
    let enabled: Bool
    var items: [String] = []
    mutating func append(_ text: @autoclosure () -> String) { if enabled { items.append(text()) } }
}

/// What the suggester needs to know.
public struct SuggestionRequest: Sendable {
    public var weather: WeatherConditions
    /// The day dressed for, `YYYY-MM-DD`.
    public var day: String
    public var style: String?
    public var occasion: String?
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

    public init(weather: WeatherConditions, day: String, style: String? = nil, occasion: String? = nil) {
        self.weather = weather; self.day = day; self.style = style; self.occasion = occasion
    }
}

/// Answers "what do I wear today?" from the clothes already owned.
///
/// - Every piece has a warmth (its category's insulation at its thickness), and an outfit is layers: a base
///   top, an optional mid layer, an optional outer, a bottom and shoes, or a one-piece in place of top and
///   bottom. The layers' warmth must meet what the apparent temperature asks for (``targetWarmth(_:)``);
///   the 기온별 옷차림 bands say which categories suit, and the hard rules (no shorts below 15 °C, an outer
///   below 12 °C, no winter outer above 20 °C, a layer to take off on a day that swings) always hold.
/// - Pieces are scored on the band, season, style or occasion, and rotation; an outfit on those, on how close
///   its warmth comes to the target, and on colour harmony.
/// - Alternatives are chosen for variety (maximal marginal relevance): each uses another top or one-piece
///   where the wardrobe has one, and pieces already used cost a little more each time.
/// - It never gives up while an outfit can be made: in the cold it gives the warmest there is and says so.
///
/// The same inputs always give the same outfits (ties break on item ids).
public struct OutfitSuggester: Sendable {
    public var taxonomy: Taxonomy
    /// Candidates kept per slot before combining (the warmest of each slot is always kept too).
    public var perSlot: [Slot: Int] = [.top: 8, .mid: 4, .bottom: 6, .onepiece: 6, .outer: 5, .shoes: 3]

    public init(taxonomy: Taxonomy = .shared) { self.taxonomy = taxonomy }

    /// The warmth points an outfit should add up to at an apparent temperature: a T-shirt and shorts at
    /// 28 °C (about 2), a knit, a padded coat and jeans around freezing (about 15).
    public static func targetWarmth(_ t: Double) -> Double { t >= 28 ? 2 : 2 + (28 - t) * 0.45 }

    struct Candidate {
        var item: Item
        var category: ClosetKit.Category
        var slot: Slot
        var score: Double
        var warmth: Double
        var reasons: [String]
    }

    struct Combination {
        var pieces: [Int]
        var score: Double
        var warmth: Double
        var ids: [Int64]
        /// The ids sorted: the same outfit whatever the order of its pieces.
        var key: [Int64]
        var main: Int64
    }

    public func suggest(_ request: SuggestionRequest, items: [Item], wearDays: [Int64: [String]]) throws -> Suggestions {
        let context = Context(request)
        let (t, forbidden, target, needOuter) = (context.t, context.forbidden, context.target, context.needOuter)
        let pool = items.filter { item in
            guard !request.exclude.contains(item.id) else { return false }
            switch item.status {
            case .active: return true
            case .wishlist: return request.includeWishlist && (request.budget == nil || (item.price ?? .infinity) <= request.budget!)
            case .archived, .laundry, .repair: return false
            }
        }
        var warnings: [SuggestionWarning] = []
        // Candidates per slot; pieces the hard rules forbid today wait aside, for a wardrobe with nothing else.
        var bySlot: [Slot: [Candidate]] = [:], forbiddenBySlot: [Slot: [Candidate]] = [:]
        for item in pool {
            guard let category = taxonomy.category(item.category) else { continue }
            for slot in Slot.slots(of: category) {
                guard
                    let c = score(
                        item, category: category, slot: slot, context: context, wearDays: wearDays[item.id] ?? [],
                        withReasons: false)
                else { continue }
                if forbidden.contains(category.id.rawValue) {
                    forbiddenBySlot[slot, default: []].append(c)
                } else {
                    bySlot[slot, default: []].append(c)
                }
            }
        }
        // Plans: tops, one-pieces and bottoms used on other days only when nothing else suits.
        func avoiding(_ slot: Slot, _ ids: Set<Int64>) {
            guard !ids.isEmpty, let list = bySlot[slot] else { return }
            let kept = list.filter { !ids.contains($0.item.id) }
            if !kept.isEmpty { bySlot[slot] = kept }
        }
        let mainsLeft =
            (bySlot[.top] ?? []).contains { !request.avoidMain.contains($0.item.id) }
            || (bySlot[.onepiece] ?? []).contains { !request.avoidMain.contains($0.item.id) }
        if mainsLeft {
            for slot in [Slot.top, .onepiece] {
                bySlot[slot] = (bySlot[slot] ?? []).filter { !request.avoidMain.contains($0.item.id) }
            }
        }
        avoiding(.mid, request.avoidMain)
        avoiding(.bottom, request.avoidBottoms)
        // Never give up while an outfit can be made: a forbidden piece beats no outfit, with a warning.
        let hasMain = { (s: [Slot: [Candidate]]) in
            !(s[.onepiece] ?? []).isEmpty || (!(s[.top] ?? []).isEmpty && !(s[.bottom] ?? []).isEmpty)
        }
        if !hasMain(bySlot) {
            for slot in [Slot.top, .bottom, .onepiece] where (bySlot[slot] ?? []).isEmpty && !(forbiddenBySlot[slot] ?? []).isEmpty {
                bySlot[slot] = forbiddenBySlot[slot]
                warnings.append(.nothingSuitable(slot: slot, temperature: t))
            }
        }
        guard hasMain(bySlot) else {
            let has = { (group: GroupID) in pool.contains { taxonomy.category($0.category)?.group == group } }
            // Owned but away (in the wash, at the tailor): say so, rather than "none yet".
            let away = { (group: GroupID) in items.filter { $0.status.isAway && taxonomy.category($0.category)?.group == group }.count }
            let language = request.language
            for (group, plural) in [(GroupID("top"), "tops"), (GroupID("bottom"), "bottoms")] where !has("onepiece") && !has(group) {
                if away(group) > 0 {
                    throw ClosetError.noInput(
                        Strings.format(
                            "every one of your {0} is in the laundry or in repair ({1}): bring one back to wear it", language,
                            Strings.text(plural, language), "\(away(group))"))
                }
                throw ClosetError.noInput(Strings.format("no {0} yet: add some to the wardrobe", language, Strings.text(plural, language)))
            }
            throw ClosetError.noInput(Strings.text("no outfit can be made from what is left for today", language))
        }
        if needOuter && (bySlot[.outer] ?? []).isEmpty {
            if !(forbiddenBySlot[.outer] ?? []).isEmpty {
                bySlot[.outer] = forbiddenBySlot[.outer]
            } else {
                warnings.append(.noOuter(temperature: t))
            }
        }
        if (bySlot[.shoes] ?? []).isEmpty && !pool.contains(where: { taxonomy.category($0.category)?.group == "shoes" }) {
            warnings.append(.noShoes)
        }
        // Keep the best few of each slot, and the warmest (so that the cold always finds it), with reasons.
        for slot in Slot.allCases {
            let list = bySlot[slot] ?? []
            var kept = list.sorted { $0.score != $1.score ? $0.score > $1.score : $0.item.id < $1.item.id }
                .prefix(perSlot[slot] ?? 6).map { $0 }
            if let warmest = list.max(by: { $0.warmth != $1.warmth ? $0.warmth < $1.warmth : $0.item.id > $1.item.id }),
                !kept.contains(where: { $0.item.id == warmest.item.id })
            {
                kept.append(warmest)
            }
            bySlot[slot] = kept.map { c in
                score(
                    c.item, category: c.category, slot: slot, context: context, wearDays: wearDays[c.item.id] ?? [],
                    withReasons: true) ?? c
            }
        }
        let all = Slot.allCases.flatMap { bySlot[$0] ?? [] }
        let combinations = combine(all, context: context)
        let chosen = choose(combinations, all: all, count: max(1, request.count))
        var outfits = chosen.map { build($0, all: all, context: context) }
        // A piece in every alternative: say so when it is the only one of its kind that suits.
        if outfits.count > 1 {
            let common = outfits.dropFirst().reduce(outfits[0].itemIDs) { $0.intersection($1.itemIDs) }
            for id in common.sorted() {
                guard let piece = outfits[0].pieces.first(where: { $0.item.id == id }) else { continue }
                if (bySlot[piece.slot] ?? []).count == 1 {
                    let name = taxonomy.category(piece.item.category)?.sentenceName(request.language) ?? piece.item.category.rawValue
                    let reason = Strings.format(
                        "{0} is your only {1} that suits today", request.language, piece.item.displayName(request.language), name)
                    for i in outfits.indices { outfits[i].reasons.append(reason) }
                }
            }
        }
        if let best = outfits.first, best.warmth < target - 2, t < 12 {
            let warmestOuter = pool.filter { taxonomy.category($0.category)?.group == "outer" }
                .max { warmth($0) != warmth($1) ? warmth($0) < warmth($1) : $0.id > $1.id }
            warnings.insert(.colderThanWardrobe(temperature: t, warmestOuter: warmestOuter), at: 0)
        }
        return Suggestions(outfits: outfits, warnings: warnings)
    }

    /// The warmth points of an item.
    public func warmth(_ item: Item) -> Double { taxonomy.category(item.category)?.warmth(thickness: item.thickness) ?? 0 }

    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// What a suggestion is for, computed once.
    struct Context {
        var request: SuggestionRequest
        /// The apparent temperature dressed for.
        var t: Double
        var band: TemperatureBand
        /// Categories the hard rules keep out today.
        var forbidden: Set<String>
        /// The warmth the outfit's layers should add up to.
        var target: Double
        var season: Season
        /// The day swings: dress for the range with a layer that comes off.
        var swings: Bool
        var needOuter: Bool
        var weather: WeatherConditions { request.weather }

        /// "5 °C, windy, rain" in the request's unit and language.
        func conditions(_ t: Double) -> String {
            request.unit.text(t) + (weather.isWindy ? ", " + Strings.text("windy", request.language) : "")
                + (weather.rain ? ", " + Strings.text("rain", request.language) : "")
        }

        init(_ request: SuggestionRequest) {
            self.request = request
            let weather = request.weather
            t = weather.effective
            band = TemperatureBand.band(for: t)
            forbidden = TemperatureBand.forbidden(at: t, max: weather.max)
            target = OutfitSuggester.targetWarmth(t)
            season = Day.date(request.day).map { Season.of($0, calendar: OutfitSuggester.utc) } ?? .spring
            swings = weather.swing >= 8 && (weather.min ?? t) < 17
            needOuter = band.outerRequired || weather.rain && t < 22 || swings
        }
    }

    /// A piece's score in a slot (before warmth, which is judged for the whole outfit), or nil when the
    /// slot is not worn today (no outer in the heat, no mid layer above 20 °C).
    func score(
        _ item: Item, category: ClosetKit.Category, slot: Slot, context: Context, wearDays: [String],
        withReasons: Bool
    ) -> Candidate? {
        let weather = context.weather, band = context.band, t = context.t
        var score = 0.0
        var reasons = ReasonList(enabled: withReasons)
        let unit = context.request.unit, language = context.request.language
        func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }
        let conditions = withReasons ? context.conditions(t) : ""
        let name = withReasons ? category.sentenceName(language) : ""
        func suits(_ suited: Bool) -> String { say(suited ? "{0} → {1}" : "{0} → {1} will do", conditions, name) }
        switch slot {
        case .shoes:
            score += 1
            reasons.append(weather.rain ? say("{0} → closed shoes", conditions) : say("shoes"))
        case .mid:
            guard t < 20 else { return nil }
            score += 0.8
            reasons.append(say("{0} → {1} as a mid layer", conditions, name))
        case .outer:
            if band.outers.isEmpty && !context.needOuter { return nil }
            score += band.outers.contains(category.id.rawValue) ? 1 : 0.4
            reasons.append(suits(band.outers.contains(category.id.rawValue)))
            if weather.rain { score += 0.3; reasons.append(say("rain → an outer")) }
            if context.swings {
                reasons.append(
                    say(
                        "the day swings {0} → a layer to take off",
                        String(format: "%.0f→%.0f ", unit.display(weather.min ?? t), unit.display(weather.max ?? t)) + unit.symbol))
            }
        case .top, .bottom, .onepiece:
            let suited = slot == .top ? band.tops : slot == .bottom ? band.bottoms : band.onepieces
            score += suited.contains(category.id.rawValue) ? 1 : 0.4
            reasons.append(suits(suited.contains(category.id.rawValue)))
        }
        if !item.seasons.isEmpty && !item.seasons.contains(context.season) { score -= 0.4 }
        for (wanted, label) in [(context.request.style, "style {0}"), (context.request.occasion, "occasion {0}")] {
            guard let wanted = wanted?.lowercased() else { continue }
            if item.styles.contains(wanted) {
                score += 0.6; reasons.append(say(label, wanted))
            } else if !item.styles.isEmpty {
                score -= 0.4
            }
        }
        if let last = wearDays.last(where: { $0 <= context.request.day }), let days = Day.distance(from: last, to: context.request.day),
            days >= 0
        {
            if days <= 1 {
                score -= 2; reasons.append(say(days == 0 ? "worn today" : "worn yesterday"))
            } else if days <= 3 {
                score -= 0.8; reasons.append(say("worn {0} days ago", "\(days)"))
            } else if days >= 30 {
                score += 0.3; reasons.append(say("not worn for {0} days", "\(days)"))
            }
        } else if wearDays.isEmpty {
            score += 0.3
            reasons.append(say("never worn yet"))
        }
        if item.status == .wishlist {
            score -= 0.2
            reasons.append(say("wishlist") + (item.price.map { String(format: ", %.2f", $0) } ?? ""))
        }
        return Candidate(
            item: item, category: category, slot: slot, score: score,
            warmth: category.warmth(thickness: item.thickness), reasons: reasons.items)
    }

    /// Every outfit the candidates make: (base top + bottom | one-piece) × mid layer or none × outer or none
    /// × shoes, scored as indices into `all`.
    func combine(_ all: [Candidate], context: Context) -> [Combination] {
        func indices(_ slot: Slot) -> [Int] { all.indices.filter { all[$0].slot == slot } }
        let (tops, bottoms, ones, mids, outers, shoes) = (
            indices(.top), indices(.bottom), indices(.onepiece), indices(.mid),
            indices(.outer), indices(.shoes)
        )
        var bases: [[Int]] = []
        for top in tops { for bottom in bottoms { bases.append([top, bottom]) } }
        for one in ones { bases.append([one]) }
        let outerChoices: [Int?] = context.needOuter && !outers.isEmpty ? outers : [nil] + outers
        let shoeChoices: [Int?] = shoes.isEmpty ? [nil] : shoes
        let loud = Self.loudColors(all)
        var out: [Combination] = []
        out.reserveCapacity(bases.count * (mids.count + 1) * outerChoices.count * shoeChoices.count)
        for base in bases {
            let baseCategory = all[base[0]].category
            // A mid layer goes over a thin base (a T-shirt, a shirt), or a cardigan or knit over a one-piece.
            let midChoices: [Int?] =
                [nil]
                + mids.filter { m in
                    let mid = all[m]
                    guard mid.item.id != all[base[0]].item.id else { return false }
                    if base.count == 1 { return ["cardigan", "sweater", "vest"].contains(mid.category.id) }
                    guard baseCategory.insulation <= 2 else { return false }
                    return mid.category.id != "longSleeve" || ["shortSleeve", "sleeveless"].contains(baseCategory.id)
                }
            for mid in midChoices {
                for outer in outerChoices {
                    if let outer, let mid, all[outer].item.id == all[mid].item.id || all[outer].category.id == all[mid].category.id {
                        continue
                    }
                    for shoe in shoeChoices {
                        var pieces = base
                        if let mid { pieces.append(mid) }
                        if let outer { pieces.append(outer) }
                        if let shoe { pieces.append(shoe) }
                        out.append(evaluate(pieces, all: all, loud: loud, context: context, main: base))
                    }
                }
            }
        }
        return out
    }

    /// Each candidate's main colour as a number when it is loud (not a neutral), else −1.
    static func loudColors(_ all: [Candidate]) -> [Int] {
        var numbers: [String: Int] = [:]
        return all.map { c -> Int in
            guard let color = c.item.colors.first, !ColorHarmony.neutrals.contains(color) else { return -1 }
            if let n = numbers[color] { return n }
            numbers[color] = numbers.count
            return numbers.count - 1
        }
    }

    /// The outfit with its piece in `slot` replaced by the best other piece that fits (Cladwell's "swap"),
    /// or nil when nothing else can take that place. `request.exclude` holds what must not come back.
    public func swap(
        _ outfit: SuggestedOutfit, slot: Slot, request: SuggestionRequest, items: [Item],
        wearDays: [Int64: [String]]
    ) -> SuggestedOutfit? {
        let context = Context(request)
        guard let position = outfit.pieces.firstIndex(where: { $0.slot == slot }) else { return nil }
        func candidate(_ item: Item, _ slot: Slot) -> Candidate? {
            guard let category = taxonomy.category(item.category) else { return nil }
            return score(item, category: category, slot: slot, context: context, wearDays: wearDays[item.id] ?? [], withReasons: true)
        }
        let current = outfit.pieces.compactMap { candidate($0.item, $0.slot) }
        guard current.count == outfit.pieces.count else { return nil }
        let inOutfit = outfit.itemIDs
        let others = items.filter { item in
            guard !inOutfit.contains(item.id), !request.exclude.contains(item.id), item.status == .active,
                let category = taxonomy.category(item.category), !context.forbidden.contains(category.id.rawValue)
            else { return false }
            return Slot.slots(of: category).contains(slot)
        }.compactMap { candidate($0, slot) }
        guard !others.isEmpty else { return nil }
        let all = current + others
        let loud = Self.loudColors(all)
        var best: Combination?
        for n in current.count..<all.count {
            var pieces = Array(0..<current.count)
            pieces[position] = n
            let main = pieces.first { [.top, .onepiece].contains(all[$0].slot) } ?? pieces[0]
            let c = evaluate(pieces, all: all, loud: loud, context: context, main: [main])
            if best == nil || c.score > best!.score || (c.score == best!.score && c.ids.lexicographicallyPrecedes(best!.ids)) { best = c }
        }
        return best.map { build($0, all: all, context: context) }
    }

    func evaluate(_ pieces: [Int], all: [Candidate], loud: [Int], context: Context, main: [Int]) -> Combination {
        var weighted = 0.0, units = 0.0, warmth = 0.0
        var hasOuter = false
        // Colour harmony as ColorHarmony.score computes it, on each piece's main colour numbered once.
        var louds = (-1, -1, -1, -1, -1, -1)
        var loudCount = 0
        for p in pieces {
            let c = all[p]
            let unit = c.slot == .onepiece ? 2 : c.slot == .shoes ? 0.5 : 1
            weighted += c.score * unit
            units += unit
            warmth += c.warmth
            if c.slot == .outer { hasOuter = true }
            let color = loud[p]
            if color >= 0 && color != louds.0 && color != louds.1 && color != louds.2 && color != louds.3 && color != louds.4 {
                switch loudCount {
                case 0: louds.0 = color;
                case 1: louds.1 = color;
                case 2: louds.2 = color;
                case 3: louds.3 = color;
                default: louds.4 = color
                }
                loudCount += 1
            }
        }
        var total = weighted / units
        // Warmth: short of the target costs more than over it.
        let deficit = context.target - warmth
        if deficit > 1 { total -= 0.45 * (deficit - 1) } else if -deficit > 1.5 { total -= 0.3 * (-deficit - 1.5) }
        total += loudCount == 0 ? 0 : loudCount == 1 ? 0.2 : -0.5 * Double(loudCount - 1)
        if !hasOuter && !context.band.outers.isEmpty { total -= 0.1 }
        let ids = pieces.map { all[$0].item.id }
        return Combination(
            pieces: pieces, score: (total * 1000).rounded() / 1000, warmth: warmth, ids: ids, key: ids.sorted(),
            main: all[main[0]].item.id)
    }

    /// Alternatives for variety (maximal marginal relevance): each next outfit maximises its score less a
    /// cost for every piece already used (more for bottoms and layers than for shoes), with another main
    /// piece (top or one-piece) wherever one is left, and no piece in every alternative while another way exists.
    func choose(_ combinations: [Combination], all: [Candidate], count: Int) -> [Combination] {
        guard !combinations.isEmpty else { return [] }
        let cost: [Slot: Double] = [.top: 1, .onepiece: 1, .bottom: 0.6, .mid: 0.6, .outer: 0.5, .shoes: 0.25]
        var uses: [Int64: Int] = [:]
        var usedMain: Set<Int64> = []
        var chosen: [Combination] = []
        let slotOf = Dictionary(all.map { ($0.item.id, $0.slot) }, uniquingKeysWith: { a, _ in a })
        func better(_ a: (Double, Combination), than b: (Double, Combination)?) -> Bool {
            guard let b else { return true }
            return a.0 != b.0 ? a.0 > b.0 : a.1.ids.lexicographicallyPrecedes(b.1.ids)
        }
        while chosen.count < count {
            let inEvery: Set<Int64> =
                chosen.count >= 1 && chosen.count == count - 1
                ? chosen.dropFirst().reduce(Set(chosen[0].ids)) { $0.intersection($1.ids) } : []
            var best: (Double, Combination)?
            // Strictest first: a new main piece and no piece that is in every earlier pick; then relax.
            for (newMain, avoidCommon) in [(true, true), (true, false), (false, false)] {
                for c in combinations {
                    if newMain && usedMain.contains(c.main) { continue }
                    if avoidCommon && !inEvery.isEmpty && c.ids.contains(where: inEvery.contains) { continue }
                    var value = c.score
                    if !uses.isEmpty {
                        for id in c.ids { if let n = uses[id] { value -= Double(n) * (cost[slotOf[id] ?? .shoes] ?? 0.5) } }
                    }
                    if let current = best?.0, value < current { continue }
                    if chosen.contains(where: { $0.key == c.key }) { continue }
                    if better((value, c), than: best) { best = (value, c) }
                }
                if best != nil { break }
            }
            guard let pick = best?.1 else { break }
            chosen.append(pick)
            usedMain.insert(pick.main)
            for id in pick.ids { uses[id, default: 0] += 1 }
        }
        // One-pieces compete as equals: when none was chosen and one scores within reach of the last pick, it takes that place.
        if chosen.count >= 2, !chosen.contains(where: { $0.pieces.contains { all[$0].slot == .onepiece } }) {
            let others = Set(chosen.dropLast().map(\.main))
            let bestOne = combinations.filter { $0.pieces.contains { all[$0].slot == .onepiece } && !others.contains($0.main) }
                .max { $0.score != $1.score ? $0.score < $1.score : !$0.ids.lexicographicallyPrecedes($1.ids) }
            if let bestOne, bestOne.score >= chosen[chosen.count - 1].score - 0.6 { chosen[chosen.count - 1] = bestOne }
        }
        return chosen
    }

    func build(_ c: Combination, all: [Candidate], context: Context) -> SuggestedOutfit {
        let pieces = c.pieces.map {
            SuggestedOutfit.Piece(item: all[$0].item, slot: all[$0].slot, reason: all[$0].reasons.joined(separator: "; "))
        }
        let harmony = ColorHarmony.score(c.pieces.map { all[$0].item.colors }, language: context.request.language)
        return SuggestedOutfit(
            pieces: pieces, score: c.score, reasons: harmony.reason.map { [$0] } ?? [], warmth: c.warmth,
            targetWarmth: context.target, why: why(pieces, context: context))
    }

    /// One line for a card: "5 °C, windy → knit under the jacket".
    func why(_ pieces: [SuggestedOutfit.Piece], context: Context) -> String {
        let weather = context.weather
        let unit = context.request.unit, language = context.request.language
        func say(_ english: String, _ arguments: String...) -> String { Strings.format(english, language, arguments: arguments) }
        var conditions = context.conditions(context.t)
        if context.swings {
            conditions +=
                String(format: ", %.0f→%.0f ", unit.display(weather.min ?? context.t), unit.display(weather.max ?? context.t)) + unit.symbol
        }
        func name(_ slot: Slot) -> String? {
            pieces.first { $0.slot == slot }.map { taxonomy.category($0.item.category)?.shortName(language) ?? $0.item.category.rawValue }
        }
        let main = name(.onepiece) ?? name(.top) ?? say("outfit")
        let words: String
        switch (name(.mid), name(.outer)) {
        case let (mid?, outer?) where name(.onepiece) != nil: words = say("{0} over the {1}, under the {2}", mid, main, outer)
        case let (mid?, outer?): words = say("{0} under the {1}", mid, outer)
        case let (mid?, nil): words = say("{0} over a {1}", mid, main)
        case let (nil, outer?): words = say("{0} with the {1}", main, outer)
        case (nil, nil): words = name(.bottom).map { say("{0} and {1}", main, $0) } ?? main
        }
        return "\(conditions) → \(words)"
    }
}

extension ClosetKit.Category {
    /// The category's name inside a sentence: lower-case in English ("long-sleeve t-shirt"), as it is in Korean.
    func sentenceName(_ language: Language) -> String { language == .ko ? ko : en.lowercased() }
}
