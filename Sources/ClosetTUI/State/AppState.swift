import ClosetKit
import Foundation

/// What the controller must do for the state machine: the state itself never touches the wardrobe.
public enum Effect: Equatable, Sendable {
    case save(Item)
    case delete(Int64)
    case archive(Int64, ArchiveReason)
    case importPaths([String])
    case accept(Int64, category: String)
    case suggest(temp: Double)
    case wear([Int64])
    case saveOutfit(name: String, items: [Int64])
    case quit
}

/// The screens, stacked: Esc pops back to the one below.
public enum Screen: Equatable, Sendable {
    case closet, item, edit, review, importPath, help, today, stats
    case confirmDelete, chooseArchiveReason, confirmDiscard, confirmQuit
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
    public var importField = TextField()
    public var weatherField = TextField("")
    public var todayIndex = 0
    public var outfits: [[Int64]] = []
    public var outfitReasons: [String] = []
    public var message: String?
    public var mouse = false
    public var archiveReason = 0

    public init(taxonomy: Taxonomy = .shared, language: Language = .en, wardrobeName: String = "closet") {
        self.taxonomy = taxonomy
        self.language = language
        self.wardrobeName = wardrobeName
    }

    public var screen: Screen { stack.last ?? .closet }

    /// Replaces the items (after a load or a change), keeping the selection where it can.
    public mutating func load(_ items: [ItemSummary]) {
        let selectedID = selected?.item.id
        self.items = items
        var entries: [SidebarEntry] = [.all]
        var counts: [SidebarEntry: Int] = [.all: items.count]
        let review = items.filter(\.item.needsReview).count
        if review > 0 { entries.append(.review); counts[.review] = review }
        for group in taxonomy.groups {
            let inGroup = items.filter { taxonomy.category($0.item.category)?.group == group.id }
            entries.append(.group(group.id))
            counts[.group(group.id)] = inGroup.count
            for c in taxonomy.categories(inGroup: group.id) {
                let n = inGroup.filter { $0.item.category == c.id }.count
                if n > 0 { entries.append(.category(c.id)); counts[.category(c.id)] = n }
            }
        }
        sidebar = entries
        self.counts = counts
        sidebarCursor.set(count: entries.count)
        grid.set(count: visible.count)
        if let selectedID, let i = visible.firstIndex(where: { $0.item.id == selectedID }) { grid.index = i; grid.scrollIntoView() }
        reviewCursor.set(count: reviewItems.count)
    }

    /// The items the grid shows: the sidebar's choice, then the search text.
    public var visible: [ItemSummary] {
        let entry = sidebar.indices.contains(sidebarCursor.index) ? sidebar[sidebarCursor.index] : .all
        var filter = ItemFilter(status: nil)
        filter.text = search?.text
        return items.filter { s in
            switch entry {
            case .all: break
            case .review: if !s.item.needsReview { return false }
            case .group(let g): if taxonomy.category(s.item.category)?.group != g { return false }
            case .category(let c): if s.item.category != c { return false }
            }
            return filter.matches(s.item, taxonomy: taxonomy)
        }
    }

    public var selected: ItemSummary? {
        let v = visible
        return v.indices.contains(grid.index) ? v[grid.index] : nil
    }

    public var reviewItems: [ItemSummary] { items.filter(\.item.needsReview) }

    public var hasUnsavedChanges: Bool { editor?.isDirty ?? false }

    mutating func push(_ s: Screen) { stack.append(s) }
    mutating func pop() { if stack.count > 1 { stack.removeLast() } }

    /// Handles one key and returns what the controller must do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        message = nil
        if key == .ctrl("c") {
            if hasUnsavedChanges && screen != .confirmQuit { push(.confirmQuit); return [] }
            return [.quit]
        }
        switch screen {
        case .closet: return closetKey(key)
        case .item: return itemKey(key)
        case .edit: return editKey(key)
        case .review: return reviewKey(key)
        case .importPath: return importKey(key)
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
            grid.set(count: visible.count)
            return []
        }
        switch key {
        case .char("q"): return hasUnsavedChanges ? (push(.confirmQuit), []).1 : [.quit]
        case .char("/"): search = search ?? TextField(); searching = true; return []
        case .escape:
            if search != nil { search = nil; grid.set(count: visible.count) } else if focusGrid { focusGrid = false }
            return []
        case .tab, .backTab: focusGrid.toggle(); return []
        case .char("?"): push(.help); return []
        case .char("r"): reviewCursor.set(count: reviewItems.count); push(.review); return []
        case .char("i"): importField = TextField(); push(.importPath); return []
        case .char("t"): push(.today); return []
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
            if sidebarCursor.handle(key) { grid = ListCursor(count: visible.count, columns: grid.columns); grid.visibleRows = max(1, grid.visibleRows) }
        }
        return []
    }

    mutating func itemKey(_ key: Key) -> [Effect] {
        guard let current = selected else { pop(); return [] }
        switch key {
        case .escape, .char("q"): pop()
        case .char("e"), .enter: editor = ItemEditor(item: current.item); push(.edit)
        case .char("d"), .delete: push(.confirmDelete)
        case .char("a"): archiveReason = 0; push(.chooseArchiveReason)
        case .char("w"): if let id = current.item.id { message = "Logged a wear of \(current.item.name) today."; return [.wear([id])] }
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
                return [.save(item)]
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
        switch key {
        case .escape: pop(); return []
        case .enter:
            let path = importField.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { return [] }
            pop()
            return [.importPaths(path.split(separator: " ").map { String($0).replacingOccurrences(of: "~", with: NSHomeDirectory()) })]
        default: importField.handle(key); return []
        }
    }

    mutating func todayKey(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .char("q"): pop()
        case .enter:
            let text = weatherField.text.trimmingCharacters(in: .whitespaces)
            guard let temp = Double(text) else { message = "Type the temperature in °C, then Enter."; return [] }
            todayIndex = 0
            return [.suggest(temp: temp)]
        case .right, .tab: if !outfits.isEmpty { todayIndex = (todayIndex + 1) % outfits.count }
        case .left, .backTab: if !outfits.isEmpty { todayIndex = (todayIndex + outfits.count - 1) % outfits.count }
        case .char("w"): if outfits.indices.contains(todayIndex) { message = "Logged today's outfit."; return [.wear(outfits[todayIndex])] }
        case .ctrl("s"):
            if outfits.indices.contains(todayIndex) {
                message = "Saved as an outfit."
                return [.saveOutfit(name: "Outfit for \(weatherField.text) °C", items: outfits[todayIndex])]
            }
        default: weatherField.handle(key)
        }
        return []
    }

    /// The keys of the current screen, for the status bar and the help screen.
    public var keyHints: [(String, String)] {
        switch screen {
        case .closet where searching: return [("type", "filter"), ("Enter", "keep"), ("Esc", "clear")]
        case .closet: return [("←↑↓→/hjkl", "move"), ("Tab", "pane"), ("Enter", "open"), ("/", "search"), ("r", "review"),
                              ("i", "import"), ("t", "today"), ("s", "stats"), ("?", "help"), ("q", "quit")]
        case .item: return [("e", "edit"), ("d", "delete"), ("a", "archive"), ("w", "wore it"), ("←→", "prev/next"), ("Esc", "back")]
        case .edit: return [("↑↓/Tab", "field"), ("←→", "change"), ("Space", "toggle season"), ("Ctrl-S", "save"), ("Esc", "cancel")]
        case .review: return reviewCategory == nil ? [("↑↓", "move"), ("Enter", "accept"), ("c", "other category"), ("Esc", "back")]
            : [("↑↓", "category"), ("Enter", "choose"), ("Esc", "cancel")]
        case .importPath: return [("type", "a file or folder"), ("Enter", "import"), ("Esc", "cancel")]
        case .today: return [("type", "°C"), ("Enter", "suggest"), ("←→", "alternatives"), ("w", "wear this"), ("Ctrl-S", "save"), ("Esc", "back")]
        case .help, .stats: return [("Esc", "back")]
        case .confirmDelete, .confirmDiscard, .confirmQuit: return [("y", "yes"), ("any key", "no")]
        case .chooseArchiveReason: return [("←→", "reason"), ("Enter", "archive"), ("Esc", "cancel")]
        }
    }
}
