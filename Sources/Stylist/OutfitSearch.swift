import ClosetKit

/// One way to dress: indices into the candidates, scored.
struct Combination {
    var pieces: [Int]
    var score: Double
    var warmth: Double
    var ids: [Int64]
    /// The ids sorted: the same outfit whatever the order of its pieces.
    var key: [Int64]
    var main: Int64
    /// The outfit rules it breaks (``Rule``), as bits: an outfit that breaks one is chosen only when none keeps them.
    var breaks: Rule
    /// It holds a dress or a skirt; one the weather suits.
    var dress: Bool
    var suitedDress: Bool
}

/// The rules an outfit as a whole keeps (docs/stylist.md): bits of ``Combination/breaks``.
struct Rule: OptionSet {
    let rawValue: Int
    /// Its pieces lie within one formality level of each other.
    static let formality = Rule(rawValue: 1)
    /// At most one patterned piece, unless two share their main colour.
    static let patterns = Rule(rawValue: 2)
    /// One accent family next to neutrals, or an analogous pair.
    static let accents = Rule(rawValue: 4)
    /// Pieces of one accent family are graded in shade: never two strong ones (``ColorHarmony/tonalClash(_:)``).
    static let tonal = Rule(rawValue: 8)
}

extension OutfitSuggester {
    /// Every outfit the candidates make: (base top + bottom | one-piece) × mid layer or none × outer or none
    /// × shoes, scored as indices into `all`.
    func combine(_ all: [Candidate], context: SuggestionContext) -> [Combination] {
        func indices(_ slot: Slot) -> [Int] { all.indices.filter { all[$0].slot == slot } }
        let (tops, bottoms, ones, mids) = (indices(.top), indices(.bottom), indices(.onepiece), indices(.mid))
        let (outers, shoes) = (indices(.outer), indices(.shoes))
        var bases: [[Int]] = []
        for top in tops { for bottom in bottoms { bases.append([top, bottom]) } }
        for one in ones { bases.append([one]) }
        let outerChoices: [Int?] = context.needOuter && !outers.isEmpty ? outers : [nil] + outers
        let shoeChoices: [Int?] = shoes.isEmpty ? [nil] : shoes
        var out: [Combination] = []
        for base in bases {
            let baseCategory = all[base[0]].category
            // A mid layer goes over a thin base (a T-shirt, a shirt), or a cardigan or knit over a one-piece (not a vest:
            // a padded vest over a dress under a coat is no look).
            let midChoices: [Int?] =
                [nil]
                + mids.filter { m in
                    let mid = all[m]
                    guard mid.item.id != all[base[0]].item.id else { return false }
                    if base.count == 1 { return ["cardigan", "sweater"].contains(mid.category.id) }
                    guard baseCategory.insulation <= 2 else { return false }
                    return mid.category.id != "longSleeve" || ["shortSleeve", "sleeveless"].contains(baseCategory.id)
                }
            for mid in midChoices {
                for outer in outerChoices {
                    if let outer, let mid, all[outer].item.id == all[mid].item.id || all[outer].category.id == all[mid].category.id {
                        continue
                    }
                    for shoe in shoeChoices {
                        let pieces = base + [mid, outer, shoe].compactMap { $0 }
                        out.append(evaluate(pieces, all: all, context: context, main: base[0]))
                    }
                }
            }
        }
        return out
    }

    func evaluate(_ pieces: [Int], all: [Candidate], context: SuggestionContext, main: Int) -> Combination {
        typealias W = StylistWeights
        var weighted = 0.0, units = 0.0, warmth = 0.0
        var hasOuter = false, dress = false, suitedDress = false
        var accents: UInt32 = 0, strong: UInt32 = 0, tonalClash = false
        var (lowest, highest) = (Int.max, Int.min)
        var patterned: [String?] = []
        for p in pieces {
            let c = all[p]
            let unit = c.slot == .onepiece ? W.onePieceUnit : c.slot == .shoes ? W.shoesUnit : 1
            weighted += c.score * unit
            units += unit
            warmth += c.warmth
            if c.slot == .outer { hasOuter = true }
            if let accent = c.accent {
                let bit: UInt32 = 1 << UInt32(accent)
                accents |= bit
                if c.strongOnBody {
                    tonalClash = tonalClash || strong & bit != 0
                    strong |= bit
                }
            }
            (lowest, highest) = (min(lowest, c.formality), max(highest, c.formality))
            if c.patterned { patterned.append(c.item.colors.first) }
            dress = dress || c.dressOrSkirt
            suitedDress = suitedDress || c.suitedDress
        }
        var total = weighted / units
        // Warmth: short of the target costs more than over it.
        let deficit = context.target - warmth
        if deficit > 1 { total -= W.warmthShort * (deficit - 1) } else if -deficit > 1.5 { total -= W.warmthOver * (-deficit - 1.5) }
        total += ColorHarmony.score(mask: accents)
        if !hasOuter && !context.band.outers.isEmpty { total += W.missingOuter }
        var breaks: Rule = []
        if highest - lowest > 1 { breaks.insert(.formality) }
        if !ColorHarmony.patternsAgree(patterned) { breaks.insert(.patterns) }
        if !ColorHarmony.accentsAgree(mask: accents) { breaks.insert(.accents) }
        if tonalClash { breaks.insert(.tonal) }
        let ids = pieces.map { all[$0].item.id }
        return Combination(
            pieces: pieces, score: (total * 1000).rounded() / 1000, warmth: warmth, ids: ids, key: ids.sorted(),
            main: all[main].item.id, breaks: breaks, dress: dress, suitedDress: suitedDress)
    }

    /// Alternatives for variety (maximal marginal relevance): each next outfit maximises its score less a
    /// cost for every piece already used (more for tops than for shoes) and for every piece suggested first earlier
    /// today, with another main piece (top or one-piece) wherever one is left, and no piece in every alternative
    /// while another way exists. Only outfits that break the fewest outfit rules take part; a plan's day that wants
    /// a dress or skirt gets one when the weather suits one.
    func choose(_ all: [Candidate], _ combinations: [Combination], request: SuggestionRequest) -> [Combination] {
        typealias W = StylistWeights
        let count = max(1, request.count)
        guard let fewest = combinations.map(\.breaks.rawValue.nonzeroBitCount).min() else { return [] }
        var pool = combinations.filter { $0.breaks.rawValue.nonzeroBitCount == fewest }
        if request.preferDressOrSkirt, pool.contains(where: \.suitedDress) { pool = pool.filter(\.suitedDress) }
        let cost: [Slot: Double] = [
            .top: W.reuseTop, .onepiece: W.reuseTop, .bottom: W.reuseBottom, .mid: W.reuseLayer, .outer: W.reuseOuter,
            .shoes: W.reuseShoes,
        ]
        var uses: [Int64: Int] = [:]
        var usedMain: Set<Int64> = []
        var chosen: [Combination] = []
        let slotOf = Dictionary(all.map { ($0.item.id, $0.slot) }, uniquingKeysWith: { a, _ in a })
        let today = request.suggestedToday
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
                for c in pool {
                    if newMain && usedMain.contains(c.main) { continue }
                    if avoidCommon && !inEvery.isEmpty && c.ids.contains(where: inEvery.contains) { continue }
                    var value = c.score
                    for id in c.ids {
                        if let n = uses[id] { value -= Double(n) * (cost[slotOf[id] ?? .shoes] ?? W.reuseShoes) }
                        if today.contains(id) { value -= W.suggestedToday }
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
        // Dresses and skirts compete as equals: when none was chosen and one the weather suits scores within reach
        // of the last pick, it takes that place (a dress the day merely tolerates, at 0 °C, is not pushed in).
        if chosen.count >= 2, !chosen.contains(where: \.dress) {
            let others = Set(chosen.dropLast().map(\.main))
            let bestDress = pool.filter { $0.suitedDress && !others.contains($0.main) }
                .max { $0.score != $1.score ? $0.score < $1.score : !$0.ids.lexicographicallyPrecedes($1.ids) }
            if let bestDress, bestDress.score >= chosen[chosen.count - 1].score - W.dressWithinReach {
                chosen[chosen.count - 1] = bestDress
            }
        }
        return chosen
    }

    /// The outfit with its piece in `slot` replaced by the best other piece that fits (Cladwell's "swap"),
    /// or nil when nothing else can take that place. `request.exclude` holds what must not come back.
    public func swap(
        _ outfit: SuggestedOutfit, slot: Slot, request: SuggestionRequest, items: [Item],
        wearDays: [Int64: [String]]
    ) -> SuggestedOutfit? {
        guard let context = try? SuggestionContext(request),
            let position = outfit.pieces.firstIndex(where: { $0.slot == slot })
        else { return nil }
        func candidate(_ item: Item, _ slot: Slot) -> Candidate? {
            guard let category = taxonomy.category(item.category) else { return nil }
            return score(item, category: category, slot: slot, context: context, wearDays: wearDays[item.id] ?? [], withReasons: true)
        }
        let current = outfit.pieces.compactMap { candidate($0.item, $0.slot) }
        guard current.count == outfit.pieces.count else { return nil }
        let inOutfit = outfit.itemIDs
        let others = items.filter { item in
            guard !inOutfit.contains(item.id), !request.exclude.contains(item.id), item.status == .active,
                let category = taxonomy.category(item.category), context.bar(item, category, slot: slot, taxonomy: taxonomy) == nil
            else { return false }
            return Slot.slots(of: category).contains(slot)
        }.compactMap { candidate($0, slot) }
        guard !others.isEmpty else { return nil }
        let all = current + others
        var best: Combination?
        for n in current.count..<all.count {
            var pieces = Array(0..<current.count)
            pieces[position] = n
            let main = pieces.first { [.top, .onepiece].contains(all[$0].slot) } ?? pieces[0]
            let c = evaluate(pieces, all: all, context: context, main: main)
            guard let b = best else { best = c; continue }
            let (cb, bb) = (c.breaks.rawValue.nonzeroBitCount, b.breaks.rawValue.nonzeroBitCount)
            if cb != bb ? cb < bb : (c.score > b.score || (c.score == b.score && c.ids.lexicographicallyPrecedes(b.ids))) { best = c }
        }
        return best.map { build($0, all: all, context: context) }
    }
}
