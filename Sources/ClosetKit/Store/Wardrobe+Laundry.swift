import Foundation
import GRDB

/// Laundry by habit: per category, the number of wears after which a worn item goes to the laundry by itself
/// (jeans after 5, a T-shirt after 1; 0 or absent = never), kept in the settings as `laundry.after`.
extension Wardrobe {
    static let laundryAfterKey = "laundry.after"

    /// The wears after which an item of each category goes to the laundry (categories absent: never).
    /// Rules that do not decode are ``ClosetError/damagedSetting(key:problem:)``: never read as none, so a
    /// change never saves over them.
    public func laundryAfter() throws -> [String: Int] {
        guard let text = try setting(Self.laundryAfterKey) else { return [:] }
        return try Self.laundryRules(text).filter { taxonomy.category(CategoryID($0.key)) != nil && (1...365).contains($0.value) }
    }

    static func laundryRules(_ text: String) throws -> [String: Int] {
        do { return try JSONDecoder().decode([String: Int].self, from: Data(text.utf8)) } catch {
            throw ClosetError.damagedSetting(key: laundryAfterKey, problem: SettingText.describe(error))
        }
    }

    /// Sets how many wears an item of `category` takes before it goes to the laundry; 0 = never.
    public func setLaundryAfter(_ wears: Int, category: String) throws {
        let id = try taxonomy.require(category: category).id
        guard (0...365).contains(wears) else { throw ClosetError.usage("give 0 (never) to 365 wears, not \(wears)") }
        var rules = try laundryAfter()
        rules[id.rawValue] = wears == 0 ? nil : wears
        let data = try JSONEncoder().encode(rules)
        try setSetting(Self.laundryAfterKey, rules.isEmpty ? nil : String(decoding: data, as: UTF8.self))
    }

    /// Inside a wear's transaction: sends the worn items that have reached their category's count of wears
    /// since they last came back (or ever) to the laundry. Returns the items sent, before and after.
    func sendWornToLaundry(_ db: Database, items ids: [Int64], rules: [String: Int]) throws -> [ItemChange] {
        guard !rules.isEmpty else { return [] }
        var sent: [ItemChange] = []
        for id in Set(ids).sorted() {
            guard var item = try Item.fetchOne(db, key: id), item.status == .active, let after = rules[item.category.rawValue] else {
                continue
            }
            let since = item.statusSince.map { Day.string($0) } ?? "0000-00-00"
            let wears =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item_wears WHERE item_id = ? AND day >= ?", arguments: [id, since]) ?? 0
            guard wears >= after else { continue }
            let before = item
            item.status = .laundry
            item.updated = max(Date(), item.updated.addingTimeInterval(0.001))
            item.statusSince = item.updated
            try item.update(db)
            sent.append(ItemChange(before: before, after: item))
        }
        return sent
    }
}
