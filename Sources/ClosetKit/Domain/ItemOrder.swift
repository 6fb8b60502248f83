import ClosetResources
import Foundation

/// The orders a list of items can be shown in (the TUI's grid sorts with `o`, as htop's F6 and ncdu's `s`):
/// pure functions over summaries, so that a list command can sort the same way. Ties go in the category order,
/// then by id.
public enum ItemOrder: String, CaseIterable, Sendable {
    /// The taxonomy's category order, then the id (``Wardrobe/summaries(_:)``'s own order).
    case category
    /// Worn most recently first; never worn last.
    case lastWorn
    /// Worn most often first.
    case timesWorn
    /// Added most recently first (the id: ids grow as items are added).
    case added
    /// The highest cost per wear first (the price over the wears, the price itself before a first wear); no
    /// price last.
    case costPerWear
    /// By first colour, in the palette's order (black, white, greys, blues, reds, …); no colour last.
    case colour

    /// The setting the TUI remembers its order in.
    public static let settingKey = "tui.order"

    /// What the header says: "last worn".
    public var label: String {
        switch self {
        case .category: "category"
        case .lastWorn: "last worn"
        case .timesWorn: "times worn"
        case .added: "date added"
        case .costPerWear: "cost per wear"
        case .colour: "colour"
        }
    }

    /// The order after this one (the last wraps to the first).
    public var next: ItemOrder {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// A stored setting's order: nil for none or one closet does not know (the default then).
    public init?(setting: String?) {
        guard let setting, let order = ItemOrder(rawValue: setting) else { return nil }
        self = order
    }

    /// `summaries` in this order, whatever order they came in; ties in the taxonomy's category order, then by id.
    public func sorted(_ summaries: [ItemSummary], taxonomy: Taxonomy) -> [ItemSummary] {
        let rank = Dictionary(taxonomy.categories.enumerated().map { ($1.id, $0) }) { a, _ in a }
        // Keys computed once a summary, then positions sorted (a summary is large to move).
        let keys: [(key: Double, category: Int, id: Int64, position: Int)] = summaries.indices.map {
            (key(summaries[$0]), rank[summaries[$0].item.category] ?? Int.max, summaries[$0].item.id, $0)
        }
        return keys.sorted { ($0.key, $0.category, $0.id) < ($1.key, $1.category, $1.id) }.map { summaries[$0.position] }
    }

    /// A number that sorts ascending into this order (the largest, for "none", sorts last).
    func key(_ s: ItemSummary) -> Double {
        let none = Double.greatestFiniteMagnitude
        switch self {
        case .category: return 0
        case .lastWorn: return s.lastWorn.flatMap(Day.ordinal).map { -Double($0) } ?? none
        case .timesWorn: return -Double(s.wears)
        case .added: return -Double(s.item.id)  // ids grow as items are added
        case .costPerWear:
            guard let price = s.item.price, price.isFinite else { return none }
            return -(s.wears > 0 ? price / Double(s.wears) : price)
        case .colour: return s.item.colors.first.flatMap { Self.paletteRank[$0.lowercased()] }.map(Double.init) ?? none
        }
    }

    /// Each palette colour's place in `palette.json`.
    static let paletteRank: [String: Int] = {
        let palette = (try? JSONDecoder().decode(Strings.Palette.self, from: ClosetResources.paletteJSON))?.colors ?? []
        return Dictionary(palette.enumerated().map { ($1.name.lowercased(), $0) }) { a, _ in a }
    }()
}
