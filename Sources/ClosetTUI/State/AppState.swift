import ClosetKit
import Weather
import Foundation

/// What the controller must do for the state machine: the state itself never touches the wardrobe.
public enum Effect: Equatable, Sendable {
    /// Save an edit; `base` is the item as the editor read it, so that changes made meanwhile elsewhere are merged.
    case save(Item, base: Item)
    case delete(Int64)
    case archive(Int64, ArchiveReason)
    case importPaths([String])
    case accept(Int64, category: String)
    /// Suggest outfits for a typed temperature, or (nil) for the weather Today opens with: a fresh cached
    /// forecast, else the temperature typed last.
    case suggest(temp: Double?)
    /// Replace one piece of a Today card with the next best that fits.
    case swap(card: Int, piece: Int)
    /// Plan the week from today's weather.
    case planWeek
    case wear([Int64])
    case saveOutfit(name: String, items: [Int64])
    case quit
}

/// The screens, stacked: Esc pops back to the one below.
public enum Screen: Equatable, Sendable {
    case closet, item, edit, review, importFiles, filters, help, today, stats
    case confirmDelete, chooseArchiveReason, confirmDiscard, confirmQuit, confirmConflict
}

/// One line of the category sidebar.
public enum SidebarEntry: Hashable, Sendable {
    case all
    case review
    case group(String)
    case category(String)
}

/// The whole TUI as plain data plus a key handler: testable without a terminal (lazygit-style:
/// state and key handling here, drawing in Views, ncurses in Terminal).
public struct AppState: Sendable {
    public var taxonomy: Taxonomy
    public var language: Language
    public var wardrobeName: String
    public var items: [ItemSummary] = []
    public var sidebar: [SidebarEntry] = []
    public var counts: [SidebarEntry: Int] = [:]
    public var sidebarCursor = ListCursor()
    public var grid = ListCursor()
    public var focusGrid = false
    public var stack: [Screen] = [.closet]
    public var search: TextField?
    public var searching = false
    public var editor: ItemEditor?
    public var reviewCursor = ListCursor()
    public var reviewCategory: String?
    /// The import screen's browser (kept between visits, so it reopens where the person left it).
    public var browser: FileBrowser?
    /// Where the browser starts the first time (the working directory).
    public var importDirectory = FileManager.default.currentDirectoryPath
    public var facets = FacetFilter()
    /// The terminal's size as the controller last saw it (mouse clicks are mapped through it).
    public var terminalSize = (columns: 80, rows: 24)
    public var today = TodayState()
    public var message: String?
    /// An edit that collided with a change made outside this closet (another process), awaiting a decision.
    public var conflict: EditConflict?
    public var mouse = false
    public var archiveReason = 0

    public init(taxonomy: Taxonomy = .shared, language: Language = .en, wardrobeName: String = "closet") {
        self.taxonomy = taxonomy
        self.language = language
        self.wardrobeName = wardrobeName
    }

    public var screen: Screen { stack.last ?? .closet }

    /// The closet screen's geometry at the current size.
    public var layout: ClosetLayout {
        ClosetLayout(columns: terminalSize.columns, rows: terminalSize.rows, filterLine: search != nil || facets.isActive)
    }

    /// Replaces the items (after a load or a change), keeping the selection where it can.
    public mutating func load(_ items: [ItemSummary]) {
        var perCategory: [String: Int] = [:]
        var review = 0
        for s in items {
            perCategory[s.item.category, default: 0] += 1
            if s.item.needsReview { review += 1 }
        }
        show(items, perCategory: perCategory, review: review)
    }

    /// Shows the closet before every item is read: the first items (a screenful or more) and the
    /// counts of all of them. `load` with every item follows.
    public mutating func preview(_ firstItems: [ItemSummary], perCategory: [String: Int], review: Int) {
        show(firstItems, perCategory: perCategory, review: review)
    }

    /// Shows `items` with the sidebar counting `perCategory` and `review` (all of the items, or more).
    mutating func show(_ items: [ItemSummary], perCategory: [String: Int], review: Int) {
        let selectedID = selected?.item.id
        self.items = items
        searchIndex = []
        buildSidebar(perCategory: perCategory, review: review)
        facets.offer(items)
        refilter()
        if let selectedID, let i = visible.firstIndex(where: { $0.item.id == selectedID }) { grid.index = i; grid.scrollIntoView() }
        reviewItems = items.filter(\.item.needsReview)
        reviewCursor.set(count: reviewItems.count)
    }

    /// The number of items loaded, or shown in the counts while a preview stands.
    public var itemCount: Int { counts[.all] ?? items.count }

    mutating func buildSidebar(perCategory: [String: Int], review: Int) {
        var entries: [SidebarEntry] = [.all]
        var counts: [SidebarEntry: Int] = [.all: perCategory.values.reduce(0, +)]
        if review > 0 { entries.append(.review); counts[.review] = review }
        for group in taxonomy.groups {
            entries.append(.group(group.id))
            var inGroup = 0
            for c in taxonomy.categories(inGroup: group.id) {
                guard let n = perCategory[c.id], n > 0 else { continue }
                entries.append(.category(c.id)); counts[.category(c.id)] = n
                inGroup += n
            }
            counts[.group(group.id)] = inGroup
        }
        let keep = sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : nil
        sidebar = entries
        self.counts = counts
        sidebarCursor.set(count: entries.count)
        if let keep, let i = entries.firstIndex(of: keep) { sidebarCursor.index = i; sidebarCursor.scrollIntoView() }
    }

    /// Builds what the first search needs (each item's search text) ahead of time; the controller
    /// calls this while it waits for the first key.
    public mutating func warmUp() {
        if searchIndex.count != items.count { searchIndex = SearchText.index(items.lazy.map(\.item), taxonomy: taxonomy) }
    }

    /// The items the grid shows: the sidebar's choice, the facets, then the search text. Computed
    /// once per change (not per frame or per key): 10,000 items take a few milliseconds to filter.
    public private(set) var visible = VisibleItems()
    private var searchIndex: [SearchText] = []

    /// Recomputes `visible` after the sidebar choice, the search text or the facets changed.
    public mutating func refilter() {
        let entry = sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : .all
        var filter = ItemFilter(status: nil)
        filter.text = search?.text
        facets.apply(to: &filter)
        switch entry {
        case .all: break
        case .review: filter.needsReview = true
        case .group(let g): filter.group = g
        case .category(let c): filter.category = c
        }
        let taxonomy = self.taxonomy
        let words = SearchText.words(search?.text ?? "")
        // Each item's search text is made at the first search after a load, then reused per keystroke.
        if !words.isEmpty { warmUp() }
        var positions: [Int] = []
        // Through the buffer, so each item is borrowed rather than copied (a copy retains every field).
        items.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for i in all.indices where filter.matchesIgnoringText(base[i].item, taxonomy: taxonomy) {
                if words.isEmpty || searchIndex[i].contains(all: words) { positions.append(i) }
            }
        }
        visible = VisibleItems(items: items, positions: positions)
        grid.set(count: visible.count)
    }

    public var selected: ItemSummary? { visible.indices.contains(grid.index) ? visible[grid.index] : nil }

    public private(set) var reviewItems: [ItemSummary] = []

    public var hasUnsavedChanges: Bool { editor?.isDirty ?? false }

    mutating func push(_ s: Screen) { stack.append(s) }
    mutating func pop() { if stack.count > 1 { stack.removeLast() } }

    /// Handles one key and returns what the controller must do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if case .mouse(let event) = key { return mouse(event) }
        message = nil
        if key == .ctrl("c") {
            if hasUnsavedChanges && screen != .confirmQuit { push(.confirmQuit); return [] }
            return [.quit]
        }
        // ? shows the keys of the screen below it, wherever no text is being typed.
        let typing = screen == .importFiles && browser?.typed != nil || screen == .today && today.field != nil
        if key == .char("?") && !typing && [.item, .review, .importFiles, .filters, .today].contains(screen) {
            push(.help)
            return []
        }
        switch screen {
        case .closet: return closetKey(key)
        case .item: return itemKey(key)
        case .edit: return editKey(key)
        case .review: return reviewKey(key)
        case .importFiles: return importKey(key)
        case .filters: return filtersKey(key)
        case .help, .stats:
            if key == .escape || key == .char("q") || key == .char("?") || key == .enter { pop() }
            return []
        case .today: return todayKey(key)
        case .confirmDelete:
            pop()
            if key == .char("y") || key == .char("Y"), let id = selected?.item.id {
                if screen == .item { pop() }
                return [.delete(id)]
            }
            message = "Kept."
            return []
        case .chooseArchiveReason:
            let reasons = ArchiveReason.allCases
            switch key {
            case .left, .up, .char("h"), .char("k"): archiveReason = (archiveReason + reasons.count - 1) % reasons.count
            case .right, .down, .char("l"), .char("j"): archiveReason = (archiveReason + 1) % reasons.count
            case .enter:
                pop()
                if let id = selected?.item.id { if screen == .item { pop() }; return [.archive(id, reasons[archiveReason])] }
            case .escape: pop()
            default: break
            }
            return []
        case .confirmDiscard:
            pop()
            if key == .char("y") || key == .char("Y") { editor = nil; pop(); message = "Edits discarded." }
            return []
        case .confirmConflict:
            pop()
            guard let conflict else { return [] }
            self.conflict = nil
            if key == .char("y") || key == .char("Y") {
                // Based on what is stored now, so the save goes through: theirs is overwritten where they differ.
                message = "Saved your version of \(conflict.mine.name)."
                return [.save(conflict.mine, base: conflict.current)]
            }
            message = "Kept the version saved elsewhere; your edits were dropped."
            return []
        case .confirmQuit:
            pop()
            return key == .char("y") || key == .char("Y") ? [.quit] : []
        }
    }

    mutating func closetKey(_ key: Key) -> [Effect] {
        if searching, var field = search {
            switch key {
            case .escape: search = nil; searching = false
            case .enter: searching = false; focusGrid = true
            default: field.handle(key); search = field
            }
            refilter()
            return []
        }
        switch key {
        case .char("q"): return hasUnsavedChanges ? (push(.confirmQuit), []).1 : [.quit]
        case .char("/"): search = search ?? TextField(); searching = true; return []
        case .escape:
            if search != nil || facets.isActive { search = nil; facets.clear(); refilter() } else if focusGrid { focusGrid = false }
            return []
        case .char("f"): push(.filters); return []
        case .tab, .backTab: focusGrid.toggle(); return []
        case .char("?"): push(.help); return []
        case .char("r"): reviewCursor.set(count: reviewItems.count); push(.review); return []
        case .char("i"):
            if let directory = browser?.directory { browser?.open(directory) } else { browser = FileBrowser(directory: importDirectory) }
            push(.importFiles)
            return []
        case .char("t"): push(.today); return [.suggest(temp: nil)]
        case .char("s"): push(.stats); return []
        case .char("m"): mouse.toggle(); message = mouse ? "Mouse on (m turns it off)" : "Mouse off"; return []
        case .enter:
            if focusGrid { if selected != nil { push(.item) } } else { focusGrid = true }
            return []
        default: break
        }
        if focusGrid {
            if key.movement == .left && grid.index % grid.columns == 0 { focusGrid = false; return [] }
            grid.handle(key)
        } else {
            if key.movement == .right { focusGrid = true; return [] }
            if sidebarCursor.handle(key) { sidebarMoved() }
        }
        return []
    }

    mutating func itemKey(_ key: Key) -> [Effect] {
        guard let current = selected else { pop(); return [] }
        switch key {
        case .escape, .char("q"): pop()
        case .char("e"), .enter: editor = ItemEditor(item: current.item, knownStyles: facets.styles); push(.edit)
        case .char("d"), .delete: push(.confirmDelete)
        case .char("a"): archiveReason = 0; push(.chooseArchiveReason)
        case .char("w"): if let id = current.item.id { message = "Logged a wear of \(current.item.name) today."; return [.wear([id])] }
        case .char("t"):
            // Thickness in one key: 1 → 2 → … → 5 → 1.
            var item = current.item
            item.thickness = item.thickness % 5 + 1
            message = "Thickness " + String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness)
            return [.save(item, base: current.item)]
        case .right, .char("l"), .char("n"): grid.handle(.right) ; if grid.columns == 1 { grid.handle(.down) }
        case .left, .char("h"), .char("p"): grid.handle(.left)
        default: break
        }
        return []
    }

    mutating func editKey(_ key: Key) -> [Effect] {
        guard var form = editor else { pop(); return [] }
        switch key {
        case .escape:
            if form.isDirty { push(.confirmDiscard) } else { editor = nil; pop() }
            return []
        case .ctrl("s"), .enter where !form.isText || form.focus == .comment || form.focus == .name:
            do {
                let item = try form.edited()
                editor = nil
                pop()
                message = "Saved \(item.name)."
                return [.save(item, base: form.original)]
            } catch {
                form.error = (error as? ClosetError)?.message ?? "\(error)"
                editor = form
                return []
            }
        default:
            _ = form.handle(key, taxonomy: taxonomy)
            form.error = nil
            editor = form
            return []
        }
    }

    mutating func reviewKey(_ key: Key) -> [Effect] {
        let list = reviewItems
        guard !list.isEmpty else {
            if key == .escape || key == .char("q") || key == .enter { pop() }
            return []
        }
        reviewCursor.set(count: list.count)
        let current = list[reviewCursor.index]
        if let choosing = reviewCategory {
            let ids = taxonomy.categories.map(\.id)
            let c = ids.firstIndex(of: choosing) ?? 0
            switch key {
            case .down, .right, .char("j"), .char("l"): reviewCategory = ids[(c + 1) % ids.count]
            case .up, .left, .char("k"), .char("h"): reviewCategory = ids[(c + ids.count - 1) % ids.count]
            case .enter:
                reviewCategory = nil
                return [.accept(current.item.id!, category: choosing)]
            case .escape: reviewCategory = nil
            default: break
            }
            return []
        }
        switch key {
        case .escape, .char("q"): pop()
        case .enter, .char("y"): return [.accept(current.item.id!, category: current.item.category)]
        case .char("c"): reviewCategory = current.item.category
        default: reviewCursor.handle(key)
        }
        return []
    }

    mutating func importKey(_ key: Key) -> [Effect] {
        guard var b = browser else { pop(); return [] }
        if key == .escape && b.typed == nil { pop(); return [] }
        if key == .char("r") && b.typed == nil { pop(); reviewCursor.set(count: reviewItems.count); push(.review); return [] }
        let chosen = b.handle(key)
        browser = b
        guard let chosen else { return [] }
        pop()
        browser?.clearSelection()
        return [.importPaths(chosen)]
    }

    mutating func filtersKey(_ key: Key) -> [Effect] {
        let facets = FacetFilter.Facet.allCases
        let i = facets.firstIndex(of: self.facets.focus) ?? 0
        switch key.movement ?? key {
        case .up, .backTab: self.facets.focus = facets[(i + facets.count - 1) % facets.count]
        case .down, .tab: self.facets.focus = facets[(i + 1) % facets.count]
        case .left: self.facets.cycle(by: -1)
        case .right, .char(" "): self.facets.cycle(by: 1)
        case .char("x"), .backspace, .delete: self.facets.clear()
        case .enter, .escape, .char("f"), .char("q"): pop()
        default: return []
        }
        refilter()
        return []
    }

    /// The sidebar's choice changed: a fresh grid over the new selection.
    mutating func sidebarMoved() {
        grid = ListCursor(count: 0, columns: grid.columns)
        grid.visibleRows = max(1, grid.visibleRows)
        refilter()
    }

    /// A click selects (a second click on the selection opens it); the wheel moves by a row.
    mutating func mouse(_ event: MouseEvent) -> [Effect] {
        switch event.kind {
        case .wheelUp, .wheelDown:
            let key: Key = event.kind == .wheelUp ? .up : .down
            if screen == .closet, case .sidebarRow? = layout.target(x: event.x, y: event.y) {
                if sidebarCursor.handle(key) { sidebarMoved() }
                return []
            }
            if screen == .closet { if grid.handle(key) { focusGrid = true }; return [] }
            if [.review, .importFiles, .item].contains(screen) { return handle(key == .up ? (screen == .item ? .left : .up) : (screen == .item ? .right : .down)) }
            return []
        case .press:
            switch screen {
            case .closet:
                switch layout.target(x: event.x, y: event.y) {
                case .sidebarRow(let row)?:
                    var cursor = sidebarCursor
                    cursor.visibleRows = layout.bodyHeight
                    cursor.scrollIntoView()
                    let i = cursor.scrollRow + row
                    guard sidebar.indices.contains(i) else { return [] }
                    focusGrid = false
                    if i != sidebarCursor.index { sidebarCursor.index = i; sidebarMoved() }
                case .gridCell(let n)?:
                    let i = grid.scrollRow * grid.columns + n
                    guard visible.indices.contains(i) else { return [] }
                    if i == grid.index && focusGrid { push(.item) } else { grid.index = i; focusGrid = true }
                case nil: break
                }
            case .review:
                let i = reviewCursor.scrollRow + event.y - 3
                if reviewItems.indices.contains(i) { reviewCursor.index = i }
            case .importFiles:
                guard var b = browser, b.typed == nil else { return [] }
                let i = b.cursor.scrollRow + event.y - 4
                guard b.entries.indices.contains(i) else { return [] }
                if i == b.cursor.index, b.entries[i].isDirectory { b.open(b.entries[i].path) } else { b.cursor.index = i }
                browser = b
            default: break
            }
            return []
        }
    }

    mutating func todayKey(_ key: Key) -> [Effect] {
        // Typing a temperature: the field takes the keys; Enter suggests, Esc stops typing.
        if var field = today.field {
            switch key {
            case .escape:
                today.field = nil
                if today.cards.isEmpty && today.failure == nil { pop() }
            case .enter:
                let text = field.text.trimmingCharacters(in: .whitespaces)
                guard let temp = Double(text) else { message = "Type the temperature in °C, then Enter."; return [] }
                do { try WeatherConditions(temp: temp).validate() } catch {
                    message = "\(error)"
                    return []
                }
                today.field = nil
                today.index = 0
                today.piece = 0
                return [.suggest(temp: temp)]
            default:
                field.handle(key)
                today.field = field
            }
            return []
        }
        if today.showWeek {
            if [.escape, .char("q"), .char("W")].contains(key) { today.showWeek = false }
            return []
        }
        let count = today.cards.count
        switch key {
        case .escape, .char("q"): pop()
        case .char("T"): today.field = TextField("")
        case .char("W"):
            today.showWeek = true
            return [.planWeek]
        case .right, .tab, .char("l"): if count > 0 { today.index = (today.index + 1) % count; today.piece = 0 }
        case .left, .backTab, .char("h"): if count > 0 { today.index = (today.index + count - 1) % count; today.piece = 0 }
        case .down, .char("j"): if let card = today.card { today.piece = min(card.ids.count - 1, today.piece + 1) }
        case .up, .char("k"): today.piece = max(0, today.piece - 1)
        case .char("s"): if today.selectedID != nil { return [.swap(card: today.index, piece: today.piece)] }
        case .char("x"):
            if let id = today.selectedID {
                today.notToday.insert(id)
                message = "Left \(items.first { $0.item.id == id }?.item.name ?? "it") out of today's outfits."
                return [.suggest(temp: nil)]
            }
        case .char("w"): if let card = today.card { message = "Logged today's outfit."; return [.wear(card.ids)] }
        case .ctrl("s"):
            if let card = today.card {
                message = "Saved as an outfit."
                return [.saveOutfit(name: "Outfit for \(today.source?.components(separatedBy: " ").first ?? "today")", items: card.ids)]
            }
        default: break
        }
        return []
    }

    /// The keys of the current screen, for the status bar and the help screen.
    public var keyHints: [(String, String)] {
        switch screen {
        case .closet where searching: return [("type", "filter"), ("Enter", "keep"), ("Esc", "clear")]
        case .closet: return [("←↑↓→/hjkl", "move"), ("Tab", "pane"), ("Enter", "open"), ("/", "search"), ("f", "filter"), ("r", "review"),
                              ("i", "import"), ("t", "today"), ("s", "stats"), ("?", "help"), ("q", "quit")]
        case .item: return [("e", "edit"), ("t", "thickness"), ("d", "delete"), ("a", "archive"), ("w", "wore it"), ("←→", "prev/next"), ("Esc", "back")]
        case .edit: return [("↑↓/Tab", "field"), ("←→", "change"), ("Space", "toggle season/style"), ("Ctrl-S", "save"), ("Esc", "cancel")]
        case .review: return reviewCategory == nil ? [("↑↓", "move"), ("Enter", "accept"), ("c", "other category"), ("Esc", "back")]
            : [("↑↓", "category"), ("Enter", "choose"), ("Esc", "cancel")]
        case .importFiles where browser?.typed != nil: return [("type", "a path"), ("Enter", "go/import"), ("Esc", "back to the list")]
        case .importFiles: return [("↑↓", "move"), ("Enter", "open"), ("Space", "pick"), ("a", "all"), ("i", "import"),
                                   ("Tab", "path"), ("r", "review"), ("Esc", "back")]
        case .filters: return [("↑↓", "facet"), ("←→", "value"), ("x", "clear"), ("Enter", "done")]
        case .today where today.field != nil: return [("type", "°C"), ("Enter", "suggest"), ("Esc", "stop typing")]
        case .today where today.showWeek: return [("W/Esc", "back to today")]
        case .today: return [("←→", "outfits"), ("↑↓", "piece"), ("s", "swap piece"), ("x", "not today"), ("w", "wear"),
                             ("Ctrl-S", "save"), ("T", "temperature"), ("W", "week"), ("Esc", "back")]
        case .help, .stats: return [("Esc", "back")]
        case .confirmDelete, .confirmDiscard, .confirmQuit: return [("y", "yes"), ("any key", "no")]
        case .confirmConflict: return [("y", "save mine"), ("any key", "keep theirs")]
        case .chooseArchiveReason: return [("←→", "reason"), ("Enter", "archive"), ("Esc", "cancel")]
        }
    }
}

/// Two edits of one item that disagree: the person's, and the one stored meanwhile by another closet.
public struct EditConflict: Equatable, Sendable {
    public var mine: Item
    public var current: Item
    public var fields: [Item.Field]

    public init(mine: Item, current: Item, fields: [Item.Field]) { self.mine = mine; self.current = current; self.fields = fields }
}
