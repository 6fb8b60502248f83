import ClosetKit

/// One line of the category sidebar.
public enum SidebarEntry: Hashable, Sendable {
    case all
    case review
    case group(String)
    case category(String)
    /// Archived items (sold, donated, lost): out of the closet, and back with `a`.
    case archived
    /// Items in the wash, and away for repair: in the closet, dimmed, never suggested.
    case laundry, repair

    /// A category's line, indented under its group's.
    var isCategory: Bool { if case .category = self { true } else { false } }
}

/// The closet screen: the sidebar and its counts, the grid, the search, the facets and the marks.
public struct ClosetState: Sendable {
    public var sidebar: [SidebarEntry] = []
    public var counts: [SidebarEntry: Int] = [:]
    public var sidebarCursor = ListCursor()
    public var grid = ListCursor()
    public var focusGrid = false
    public var search: TextField?
    public var searching = false
    public var facets = FacetFilter()
    /// Items marked with Space in the grid: `w`, `a`, `d` and `c` then act on all of them.
    public var marked: Set<Int64> = []
    /// The items the grid shows: the sidebar's choice, the facets, then the search text. Computed
    /// once per change (not per frame or per key): 10,000 items take a few milliseconds to filter.
    public internal(set) var visible = VisibleItems()
    var searchIndex: [SearchText] = []
    /// The grid's order (`o`), remembered in the wardrobe's settings (``ItemOrder/settingKey``).
    public var order = ItemOrder.category

    /// The sidebar's line under the cursor.
    public var entry: SidebarEntry { sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : .all }
}

/// Loading the items into the closet screen, and filtering them.
extension AppState {
    /// Replaces the items (after a load or a change), keeping the selection where it can.
    public mutating func load(_ items: [ItemSummary]) {
        var perCategory: [String: Int] = [:]
        var review = 0, archived = 0
        var away: [ItemStatus: Int] = [:]
        for s in items {
            if s.item.status == .archived { archived += 1; continue }
            if s.item.status.isAway { away[s.item.status, default: 0] += 1 }
            perCategory[s.item.category.rawValue, default: 0] += 1
            if s.item.needsReview { review += 1 }
        }
        show(items, perCategory: perCategory, review: review, archived: archived, laundry: away[.laundry] ?? 0, repair: away[.repair] ?? 0)
    }

    /// Shows the closet before every item is read: the first items (a screenful or more) and the
    /// counts of all of them. `load` with every item follows.
    public mutating func preview(_ firstItems: [ItemSummary], perCategory: [String: Int], review: Int) {
        show(firstItems, perCategory: perCategory, review: review)
    }

    /// Shows `items` with the sidebar counting `perCategory` and `review` (all of the items, or more).
    mutating func show(
        _ items: [ItemSummary], perCategory: [String: Int], review: Int, archived: Int = 0, laundry: Int = 0, repair: Int = 0
    ) {
        let selectedID = selected?.item.id
        self.items = closet.order.sorted(items, taxonomy: taxonomy)
        closet.searchIndex = []
        let ids = Set(items.map(\.item.id))
        closet.marked = closet.marked.filter(ids.contains)
        buildSidebar(perCategory: perCategory, review: review, archived: archived, laundry: laundry, repair: repair)
        closet.facets.offer(items)
        refilter()
        if let selectedID, let i = closet.visible.firstIndex(where: { $0.item.id == selectedID }) {
            closet.grid.index = i
            closet.grid.scrollIntoView()
        }
        self.review.items = items.filter { $0.item.needsReview && $0.item.status != .archived }
        self.review.cursor.set(count: self.review.items.count)
        if shownItemIsGone { message = shownItemGoneMessage }
    }

    /// The number of items loaded, or shown in the counts while a preview stands.
    public var itemCount: Int { closet.counts[.all] ?? items.count }

    mutating func buildSidebar(perCategory: [String: Int], review: Int, archived: Int, laundry: Int = 0, repair: Int = 0) {
        var entries: [SidebarEntry] = [.all]
        var counts: [SidebarEntry: Int] = [.all: perCategory.values.reduce(0, +)]
        if review > 0 { entries.append(.review); counts[.review] = review }
        for group in taxonomy.groups {
            entries.append(.group(group.id.rawValue))
            var inGroup = 0
            for c in taxonomy.categories(inGroup: group.id) {
                guard let n = perCategory[c.id.rawValue], n > 0 else { continue }
                entries.append(.category(c.id.rawValue)); counts[.category(c.id.rawValue)] = n
                inGroup += n
            }
            counts[.group(group.id.rawValue)] = inGroup
        }
        if laundry > 0 { entries.append(.laundry); counts[.laundry] = laundry }
        if repair > 0 { entries.append(.repair); counts[.repair] = repair }
        if archived > 0 { entries.append(.archived); counts[.archived] = archived }
        let keep = closet.sidebar.indices.contains(closet.sidebarCursor.index) ? closet.sidebar[closet.sidebarCursor.index] : nil
        closet.sidebar = entries
        closet.counts = counts
        closet.sidebarCursor.set(count: entries.count)
        if let keep, let i = entries.firstIndex(of: keep) { closet.sidebarCursor.index = i; closet.sidebarCursor.scrollIntoView() }
    }

    /// Builds what the first search needs (each item's search text) ahead of time; the controller
    /// calls this while it waits for the first key.
    public mutating func warmUp() {
        if closet.searchIndex.count != items.count { closet.searchIndex = SearchText.index(items.lazy.map(\.item), taxonomy: taxonomy) }
    }

    /// Recomputes the grid's items after the sidebar choice, the search text or the facets changed.
    public mutating func refilter() {
        let entry = closet.entry
        var filter = ItemFilter(status: nil)
        filter.text = closet.search?.text
        closet.facets.apply(to: &filter)
        switch entry {
        case .all: break
        case .review: filter.needsReview = true
        case .group(let g): filter.group = GroupID(g)
        case .category(let c): filter.category = CategoryID(c)
        case .archived, .laundry, .repair: break
        }
        // The archived view shows only archived items, the laundry and repair views only theirs, the rest
        // everything in the closet.
        let only: ItemStatus? = entry == .archived ? .archived : entry == .laundry ? .laundry : entry == .repair ? .repair : nil
        let taxonomy = self.taxonomy
        let words = SearchText.words(closet.search?.text ?? "")
        // Each item's search text is made at the first search after a load, then reused per keystroke.
        if !words.isEmpty { warmUp() }
        let searchIndex = closet.searchIndex
        var positions: [Int] = []
        // Through the buffer, so each item is borrowed rather than copied (a copy retains every field).
        items.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for i in all.indices
            where (only.map { base[i].item.status == $0 } ?? (base[i].item.status != .archived))
                && filter.matchesIgnoringText(base[i].item, taxonomy: taxonomy)
            {
                if words.isEmpty || searchIndex[i].contains(all: words) { positions.append(i) }
            }
        }
        closet.visible = VisibleItems(items: items, positions: positions)
        closet.grid.set(count: closet.visible.count)
    }

    /// Sorts the grid in `order`, keeping the selected item selected and in view.
    mutating func sort(_ order: ItemOrder) {
        let selectedID = selected?.item.id
        closet.order = order
        items = order.sorted(items, taxonomy: taxonomy)
        closet.searchIndex = []
        refilter()
        if let selectedID, let i = closet.visible.firstIndex(where: { $0.item.id == selectedID }) { closet.grid.index = i }
        closet.grid.scrollIntoView()
    }

    /// The search text changed: the first match is selected and scrolled into view.
    mutating func searchChanged() {
        refilter()
        closet.grid.index = 0
        closet.grid.scrollRow = 0
    }

    /// n and N: the next or previous match of the search, round the end; says which of how many.
    mutating func nextMatch(forward: Bool) {
        let count = closet.visible.count
        guard closet.search != nil, count > 0 else { message = say("No search: / searches."); return }
        closet.focusGrid = true
        closet.grid.index = (closet.grid.index + (forward ? 1 : count - 1)) % count
        closet.grid.scrollIntoView()
        message = say("Match {0} of {1}", "\(closet.grid.index + 1)", "\(count)")
    }

    /// The sidebar's choice changed: a fresh grid over the new selection.
    mutating func sidebarMoved() {
        closet.grid = ListCursor(count: 0, columns: closet.grid.columns)
        closet.grid.visibleRows = max(1, closet.grid.visibleRows)
        refilter()
    }
}
