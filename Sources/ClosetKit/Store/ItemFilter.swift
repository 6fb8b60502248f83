import Foundation

/// Which items a listing returns. Every criterion set must hold.
public struct ItemFilter: Sendable, Equatable {
    /// nil lists every status.
    public var status: ItemStatus?
    public var category: String?
    public var group: String?
    public var season: Season?
    public var style: String?
    public var color: String?
    /// Words matched against name, brand, colours, comment, category and size.
    public var text: String?
    /// Only items whose category the classifier was unsure of.
    public var needsReview: Bool = false

    public init(
        status: ItemStatus? = .active, category: String? = nil, group: String? = nil, season: Season? = nil,
        style: String? = nil, color: String? = nil, text: String? = nil, needsReview: Bool = false
    ) {
        self.status = status; self.category = category; self.group = group; self.season = season
        self.style = style; self.color = color; self.text = text; self.needsReview = needsReview
    }

    /// Whether `item` passes, with `taxonomy` resolving groups.
    public func matches(_ item: Item, taxonomy: Taxonomy = .shared) -> Bool {
        if let status, item.status != status { return false }
        if let category, item.category != category { return false }
        if let group, taxonomy.category(item.category)?.group != group { return false }
        if let season, !item.seasons.isEmpty, !item.seasons.contains(season) { return false }
        if let style, !item.styles.contains(style.lowercased()) { return false }
        if let color, !item.colors.contains(where: { $0.lowercased() == color.lowercased() }) { return false }
        if needsReview, !item.needsReview { return false }
        if let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let category = taxonomy.category(item.category)
            let haystack = ([item.name, item.brand ?? "", item.comment ?? "", item.size ?? "", item.category,
                             category?.en ?? "", category?.ko ?? ""] + item.colors + item.styles)
                .joined(separator: " ").lowercased()
            for word in text.lowercased().split(separator: " ") where !haystack.contains(word) { return false }
        }
        return true
    }
}
