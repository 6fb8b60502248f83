import Foundation

/// Which items a listing returns. Every criterion set must hold.
public struct ItemFilter: Sendable, Equatable {
    /// nil lists every status.
    public var status: ItemStatus?
    public var category: CategoryID?
    public var group: GroupID?
    public var season: Season?
    public var style: String?
    public var color: String?
    /// Words matched against name, brand, colours, comment, category and size.
    public var text: String?
    /// Only items whose category the classifier was unsure of.
    public var needsReview: Bool = false

    public init(
        status: ItemStatus? = .active, category: CategoryID? = nil, group: GroupID? = nil, season: Season? = nil,
        style: String? = nil, color: String? = nil, text: String? = nil, needsReview: Bool = false
    ) {
        self.status = status; self.category = category; self.group = group; self.season = season
        self.style = style; self.color = color; self.text = text; self.needsReview = needsReview
    }

    /// Whether `item` passes, with `taxonomy` resolving groups.
    public func matches(_ item: Item, taxonomy: Taxonomy = .shared) -> Bool {
        matchesIgnoringText(item, taxonomy: taxonomy)
            && (text.map { SearchText(item, taxonomy: taxonomy).contains(all: SearchText.words($0)) } ?? true)
    }

    /// Every criterion but the text (for callers that keep each item's `SearchText`). Inlinable, so a
    /// caller filtering an array reads the few fields it needs instead of copying each item.
    @inlinable
    public func matchesIgnoringText(_ item: Item, taxonomy: Taxonomy = .shared) -> Bool {
        if let status, item.status != status { return false }
        if let category, item.category != category { return false }
        if let group, taxonomy.category(item.category)?.group != group { return false }
        if let season, !item.seasons.isEmpty, !item.seasons.contains(season) { return false }
        if let style, !item.styles.contains(where: { Self.equalIgnoringCase($0, style) }) { return false }
        if let color, !item.colors.contains(where: { Self.equalIgnoringCase($0, color) }) { return false }
        if needsReview, !item.needsReview { return false }
        return true
    }

    /// Case-insensitive equality; ASCII (every palette colour, most styles) without Unicode lowercasing.
    @usableFromInline
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return true
            case let (p?, q?):
                if p >= 0x80 || q >= 0x80 { return a.lowercased() == b.lowercased() }
                let lp = p >= 65 && p <= 90 ? p + 32 : p, lq = q >= 65 && q <= 90 ? q + 32 : q
                if lp != lq { return false }
            default: return false
            }
        }
    }
}
