import ClosetKit
import Foundation
import Weather

/// Answers "what do I wear today?" from the clothes already owned (docs/stylist.md has the rules and weights).
///
/// - Every piece has a warmth (its category's insulation at its thickness), and an outfit is layers: a base
///   top, an optional mid layer, an optional outer, a bottom and shoes, or a one-piece in place of top and
///   bottom. The layers' warmth must meet what the apparent temperature asks for (``targetWarmth(_:)``);
///   the 기온별 옷차림 bands say which categories suit.
/// - The weather changes pieces (``SuggestionContext``): no shorts below 15 °C; rain or snow: closed shoes and an
///   outer; below 12 °C no open shoes (nor shoes of unknown kind); at 5 °C and below boots or warm closed shoes
///   first; at 25 °C and above no boots and, dry, no outer. An occasion keeps every piece in its formality window.
/// - Pieces are scored (``score(_:category:slot:context:wearDays:withReasons:)``); outfits on those, on their warmth
///   and colours (``ColorHarmony``); an outfit's pieces lie within one formality level, hold at most one pattern and
///   one accent family (``Rule``). A rule gives way only where nothing else can be made, with a warning.
/// - Alternatives are chosen for variety (maximal marginal relevance), and a piece suggested first earlier today
///   is not the first choice again while others fit.
///
/// The same inputs always give the same outfits (ties break on item ids).
public struct OutfitSuggester: Sendable {
    public var taxonomy: Taxonomy
    /// Candidates kept per slot before combining (the warmest of each slot, and the best of each formality level,
    /// are always kept too).
    public var perSlot: [Slot: Int] = [.top: 8, .mid: 4, .bottom: 6, .onepiece: 6, .outer: 5, .shoes: 4]

    public init(taxonomy: Taxonomy = .shared) { self.taxonomy = taxonomy }

    /// The warmth points an outfit should add up to at an apparent temperature: a T-shirt and shorts at
    /// 28 °C (about 2), a knit, a padded coat and jeans around freezing (about 15).
    public static func targetWarmth(_ t: Double) -> Double { t >= 28 ? 2 : 2 + (28 - t) * 0.45 }

    /// Candidates by slot: those that may be worn, those only the occasion keeps out, those the weather keeps out.
    struct Candidates {
        var allowed: [Slot: [Candidate]] = [:]
        var outsideOccasion: [Slot: [Candidate]] = [:]
        var barredByWeather: [Slot: [Candidate]] = [:]
    }

    public func suggest(_ request: SuggestionRequest, items: [Item], wearDays: [Int64: [String]]) throws -> Suggestions {
        try request.check(items: items, taxonomy: taxonomy)
        let context = try SuggestionContext(request)
        let t = context.t
        let pool = items.filter { item in
            guard !request.exclude.contains(item.id) else { return false }
            switch item.status {
            case .active: return true
            case .wishlist: return request.includeWishlist && (request.budget == nil || (item.price ?? .infinity) <= request.budget!)
            case .archived, .laundry, .repair: return false
            }
        }
        var warnings: [SuggestionWarning] = []
        var c = Candidates()
        for item in pool {
            guard let category = taxonomy.category(item.category) else { continue }
            for slot in Slot.slots(of: category) {
                guard
                    let candidate = score(
                        item, category: category, slot: slot, context: context, wearDays: wearDays[item.id] ?? [],
                        withReasons: false)
                else { continue }
                switch context.bar(item, category, slot: slot, taxonomy: taxonomy) {
                case nil: c.allowed[slot, default: []].append(candidate)
                case .occasion: c.outsideOccasion[slot, default: []].append(candidate)
                case .weather: c.barredByWeather[slot, default: []].append(candidate)
                }
            }
        }
        var bySlot = c.allowed
        avoidPlanned(&bySlot, request)
        // Never give up while an outfit can be made: outside the occasion first, then what the weather bars, warned.
        let hasMain = { (s: [Slot: [Candidate]]) in
            !(s[.onepiece] ?? []).isEmpty || (!(s[.top] ?? []).isEmpty && !(s[.bottom] ?? []).isEmpty)
        }
        for (fallback, isOccasion) in [(c.outsideOccasion, true), (c.barredByWeather, false)] where !hasMain(bySlot) {
            for slot in [Slot.top, .bottom, .onepiece] where (bySlot[slot] ?? []).isEmpty && !(fallback[slot] ?? []).isEmpty {
                bySlot[slot] = fallback[slot]
                warnings.append(
                    isOccasion
                        ? .outsideOccasion(slot: slot, occasion: request.occasion ?? "")
                        : .nothingSuitable(slot: slot, temperature: t))
            }
        }
        guard hasMain(bySlot) else { throw noOutfit(pool: pool, items: items, language: request.language) }
        // The occasion gave way for the main pieces (a formal day with only casual tops): the other slots may come from
        // outside it too, so that the pieces still lie within one formality level (no dress shoes with shorts).
        if warnings.contains(where: { if case .outsideOccasion = $0 { true } else { false } }) {
            for slot in [Slot.mid, .outer, .shoes] { bySlot[slot, default: []] += c.outsideOccasion[slot] ?? [] }
        }
        // Shoes and outers the day calls for: outside the occasion, else barred by the weather, with a warning.
        for slot in [Slot.shoes, .outer] where (bySlot[slot] ?? []).isEmpty && (slot == .shoes || context.needOuter) {
            if let outside = c.outsideOccasion[slot], !outside.isEmpty, let occasion = request.occasion {
                bySlot[slot] = outside
                warnings.append(.outsideOccasion(slot: slot, occasion: occasion))
            } else if let barred = c.barredByWeather[slot], !barred.isEmpty {
                bySlot[slot] = barred
                warnings.append(.nothingSuitable(slot: slot, temperature: t))
            } else if slot == .outer {
                warnings.append(.noOuter(temperature: t))
            }
        }
        // Rain in the heat: a light outer, or say that none is light enough (naming the lightest, the one worn when
        // it is among them).
        let warmRainOuters = context.warmRain ? bySlot[.outer] ?? [] : []
        let noLightOuter = !warmRainOuters.isEmpty && !warmRainOuters.contains { $0.warmth <= SuggestionContext.lightOuterWarmth }
        if (bySlot[.shoes] ?? []).isEmpty && !pool.contains(where: { taxonomy.category($0.category)?.group == "shoes" }) {
            warnings.append(.noShoes)
        }
        // Shoes in the order the weather prefers them: boots first in the wet cold, warm closed ones at 5 °C and below.
        if let shoes = bySlot[.shoes], let first = shoes.map({ context.shoeTier($0.item, $0.category, taxonomy: taxonomy) }).min() {
            bySlot[.shoes] = shoes.filter { context.shoeTier($0.item, $0.category, taxonomy: taxonomy) == first }
        }
        keepBest(&bySlot, context: context, wearDays: wearDays)
        let all = Slot.allCases.flatMap { bySlot[$0] ?? [] }
        let chosen = choose(all, combine(all, context: context), request: request)
        var outfits = chosen.map { build($0, all: all, context: context) }
        if noLightOuter, let least = warmRainOuters.map(\.warmth).min() {
            let worn = outfits.first?.pieces.first { $0.slot == .outer }?.item
            let lightest = warmRainOuters.filter { $0.warmth == least }.map(\.item)
            if let named = lightest.first(where: { $0.id == worn?.id }) ?? lightest.min(by: { $0.id < $1.id }) {
                warnings.append(.noLightOuter(temperature: t, lightest: named))
            }
        }
        if let first = chosen.first, !first.breaks.isEmpty { warnings.append(.compromise(rules: first.breaks.names)) }
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
        if let best = outfits.first, best.warmth < context.target - 2, t < 12 {
            let warmestOuter = pool.filter { taxonomy.category($0.category)?.group == "outer" }
                .max { warmth($0) != warmth($1) ? warmth($0) < warmth($1) : $0.id > $1.id }
            warnings.insert(.colderThanWardrobe(temperature: t, warmestOuter: warmestOuter), at: 0)
        }
        return Suggestions(outfits: outfits, warnings: warnings)
    }

    /// The warmth points of an item.
    public func warmth(_ item: Item) -> Double { taxonomy.category(item.category)?.warmth(thickness: item.thickness) ?? 0 }

    /// Plans: tops, one-pieces and bottoms used on other days only when nothing else suits.
    func avoidPlanned(_ bySlot: inout [Slot: [Candidate]], _ request: SuggestionRequest) {
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
    }

    /// Keeps the best few of each slot, the warmest (so that the cold always finds it), the best of each formality
    /// level (so that an outfit within one level can be made), and the best dress or skirt; with reasons.
    func keepBest(_ bySlot: inout [Slot: [Candidate]], context: SuggestionContext, wearDays: [Int64: [String]]) {
        func before(_ a: Candidate, _ b: Candidate) -> Bool { a.score != b.score ? a.score > b.score : a.item.id < b.item.id }
        for slot in Slot.allCases {
            let list = (bySlot[slot] ?? []).sorted(by: before)
            var kept = Array(list.prefix(perSlot[slot] ?? 6))
            var extra: [Candidate?] = [
                list.max { $0.warmth != $1.warmth ? $0.warmth < $1.warmth : $0.item.id > $1.item.id },
                list.first { $0.dressOrSkirt },
            ]
            extra += Formality.range.map { level in list.first { $0.formality == level } }
            for candidate in extra.compactMap({ $0 }) where !kept.contains(where: { $0.item.id == candidate.item.id }) {
                kept.append(candidate)
            }
            bySlot[slot] = kept.map { c in
                score(
                    c.item, category: c.category, slot: slot, context: context, wearDays: wearDays[c.item.id] ?? [],
                    withReasons: true) ?? c
            }
        }
    }

    /// Why no outfit can be made: nothing to wear, or everything away.
    func noOutfit(pool: [Item], items: [Item], language: Language) -> ClosetError {
        let has = { (group: String) in pool.contains { taxonomy.category($0.category)?.group.rawValue == group } }
        // Owned but away (in the wash, at the tailor): say so, rather than "none yet".
        let away = { (group: String) in items.filter { $0.status.isAway && taxonomy.category($0.category)?.group.rawValue == group }.count }
        for (group, plural) in [("top", "tops"), ("bottom", "bottoms")] where !has("onepiece") && !has(group) {
            if away(group) > 0 {
                return ClosetError.noInput(
                    Strings.format(
                        "every one of your {0} is in the laundry or in repair ({1}): bring one back to wear it", language,
                        Strings.text(plural, language), "\(away(group))"))
            }
            return ClosetError.noInput(Strings.format("no {0} yet: add some to the wardrobe", language, Strings.text(plural, language)))
        }
        return ClosetError.noInput(Strings.text("no outfit can be made from what is left for today", language))
    }
}

extension Rule {
    /// The rules broken, named as docs/stylist.md names them.
    var names: [String] {
        [
            (Rule.formality, "formality within one level"), (.patterns, "one pattern"), (.accents, "one accent colour"),
            (.tonal, "one strong piece per colour"),
        ]
        .filter { contains($0.0) }.map(\.1)
    }
}
