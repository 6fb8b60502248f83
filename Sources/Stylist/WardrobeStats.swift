import ClosetKit
import Foundation

/// Figures about how the wardrobe is used: what is worn, what sits unworn, what each wear costs.
public struct WardrobeStats: Sendable {
    public struct Entry: Sendable {
        public var item: Item
        public var wears: Int
        public var lastWorn: String?
        /// Price divided by wears (the price itself when never worn); nil without a price.
        public var costPerWear: Double?
    }

    public var perCategory: [(category: String, count: Int)]
    public var mostWorn: [Entry]
    public var leastWorn: [Entry]
    /// Not worn in the last `unwornDays` days (never worn counts, once the item is that old).
    public var unworn: [Entry]
    public var costPerWear: [Entry]
    /// The share of active items worn at least once since the current season began.
    public var wornThisSeason: Double
    public var season: Season
    public var unwornDays: Int
    /// What is away (in repair, in the laundry), longest away first, with since when.
    public var away: [(item: Item, since: Date?)]

    public init(
        summaries: [ItemSummary], wearDays: [Int64: [String]], today: String, unwornDays: Int = 90,
        taxonomy: Taxonomy = .shared
    ) {
        // Positions of the active items; entries are made only for what the figures return
        // (copying every item into an entry made the statistics of 10,000 items slow).
        let active = summaries.indices.filter { summaries[$0].item.status.isInCloset }
        func entry(_ i: Int) -> Entry {
            let s = summaries[i]
            return Entry(
                item: s.item, wears: s.wears, lastWorn: s.lastWorn,
                costPerWear: s.item.price.map { s.wears > 0 ? $0 / Double(s.wears) : $0 })
        }
        var counts: [String: Int] = [:]
        for i in active { counts[summaries[i].item.category.rawValue, default: 0] += 1 }
        perCategory = taxonomy.categories.compactMap { c in counts[c.id.rawValue].map { (c.id.rawValue, $0) } }
        let keyed = active.map { (wears: summaries[$0].wears, id: summaries[$0].item.id, position: $0) }
            .sorted { $0.wears != $1.wears ? $0.wears > $1.wears : $0.id < $1.id }
        // "Most worn" names only items worn at least once.
        mostWorn = keyed.filter { $0.wears > 0 }.prefix(5).map { entry($0.position) }
        leastWorn = keyed.reversed().prefix(5).map { entry($0.position) }
        self.unwornDays = unwornDays
        let todayOrdinal = Day.ordinal(today) ?? 0
        unworn = active.filter { i in
            let since = summaries[i].lastWorn.flatMap(Day.ordinal) ?? Day.ordinal(of: summaries[i].item.created)
            return todayOrdinal - since >= unwornDays
        }.map(entry)
        costPerWear = active.filter { summaries[$0].item.price != nil }.map(entry).sorted { $0.costPerWear! > $1.costPerWear! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Day.date(today) ?? Date()
        season = Season.of(date, calendar: calendar)
        let month = calendar.component(.month, from: date), year = calendar.component(.year, from: date)
        let startMonth = [12: 12, 1: 12, 2: 12, 3: 3, 4: 3, 5: 3, 6: 6, 7: 6, 8: 6, 9: 9, 10: 9, 11: 9][month]!
        let startYear = startMonth == 12 && month != 12 ? year - 1 : year
        let seasonStart = String(format: "%04d-%02d-01", startYear, startMonth)
        let worn = active.filter { i in (wearDays[summaries[i].item.id] ?? []).contains { $0 >= seasonStart && $0 <= today } }.count
        wornThisSeason = active.isEmpty ? 0 : Double(worn) / Double(active.count)
        // Repair first (it takes longer), each longest away first.
        func order(_ item: Item) -> (Int, Date) { (item.status == .repair ? 0 : 1, item.statusSince ?? .distantPast) }
        let awayItems: [Item] = active.map { summaries[$0].item }.filter(\.status.isAway)
        away = awayItems.sorted { order($0) < order($1) }.map { (item: $0, since: $0.statusSince) }
    }
}

extension WardrobeStats {
    /// The statistics of every item in `wardrobe` on `today`: what the CLI's `stats` and the TUI's statistics
    /// screen show.
    public init(wardrobe: Wardrobe, today: String = Day.string(Date()), unwornDays: Int = 90) throws {
        self.init(
            summaries: try wardrobe.summaries(ItemFilter(status: nil)), wearDays: try wardrobe.wearDays(), today: today,
            unwornDays: unwornDays, taxonomy: wardrobe.taxonomy)
    }

    /// The items-per-category chart: each category with its count and its bar's length in cells, the largest
    /// `width` long and none shorter than one.
    public func categoryBars(width: Int = 30) -> [(category: String, count: Int, cells: Int)] {
        let top = max(1, perCategory.map(\.count).max() ?? 1)
        return perCategory.map { (category: $0.category, count: $0.count, cells: max(1, $0.count * width / top)) }
    }
}
