import ClosetKit
import Foundation
import Stylist

/// The documented JSON shape of `stats --json`, as typed values. A nil field is written as `null`.
struct StatsJSON: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var name: String
        var category: String
        var wears: Int
        var lastWorn: String?
        var costPerWear: Double?

        init(_ e: WardrobeStats.Entry) {
            (id, name, category) = (e.item.id ?? 0, e.item.name, e.item.category)
            (wears, lastWorn, costPerWear) = (e.wears, e.lastWorn, e.costPerWear)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(category, forKey: .category)
            try c.encode(wears, forKey: .wears)
            try c.encode(lastWorn, forKey: .lastWorn)
            try c.encode(costPerWear, forKey: .costPerWear)
        }

        enum CodingKeys: String, CodingKey { case id, name, category, wears, lastWorn, costPerWear }
    }

    /// An item away (laundry, repair), and since when.
    struct Away: Encodable {
        var id: Int64
        var name: String
        var status: String
        var since: String?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(since, forKey: .since)
        }

        enum CodingKeys: String, CodingKey { case id, name, status, since }
    }

    var perCategory: [String: Int]
    var mostWorn: [Entry]
    var leastWorn: [Entry]
    var unworn: [Entry]
    var unwornDays: Int
    var costPerWear: [Entry]
    var season: String
    var wornThisSeason: Double
    var away: [Away]

    init(_ stats: WardrobeStats) {
        perCategory = Dictionary(stats.perCategory.map { ($0.category, $0.count) }, uniquingKeysWith: +)
        mostWorn = stats.mostWorn.map(Entry.init)
        leastWorn = stats.leastWorn.map(Entry.init)
        unworn = stats.unworn.map(Entry.init)
        unwornDays = stats.unwornDays
        costPerWear = stats.costPerWear.map(Entry.init)
        season = stats.season.rawValue
        wornThisSeason = stats.wornThisSeason
        away = stats.away.map {
            Away(id: $0.item.id ?? 0, name: $0.item.name, status: $0.item.status.rawValue, since: $0.since.map { Timestamp.string($0) })
        }
    }
}
