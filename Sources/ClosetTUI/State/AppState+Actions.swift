import ClosetKit

/// What the closet's and the item screen's keys do to the selected or marked items: the actions behind the
/// bindings declared in `AppState+Keys.swift`.
extension AppState {
    mutating func moveInCloset(_ key: Key) {
        if focusGrid {
            if key.movement == .left && grid.index % grid.columns == 0 { focusGrid = false; return }
            grid.handle(key)
        } else {
            if key.movement == .right { focusGrid = true; return }
            if sidebarCursor.handle(key) { sidebarMoved() }
        }
    }

    mutating func toggleMark() {
        guard let id = selected?.item.id else { return }
        if marked.contains(id) { marked.remove(id) } else { marked.insert(id) }
        focusGrid = true
        if grid.index + 1 < grid.count { grid.index += 1; grid.scrollIntoView() }
        message = marked.isEmpty ? nil : say("{0} marked: w, a, d or c acts on all of them; Esc clears", count(marked.count))
    }

    mutating func openImport() {
        if let directory = browser?.directory { browser?.open(directory) } else { browser = FileBrowser(directory: importDirectory) }
        push(.importFiles)
    }

    /// Opens the form on `current` (the item shown), else on the grid's selection.
    mutating func edit(_ current: ItemSummary? = nil) {
        guard let current = current ?? selected else { return }
        editor = ItemEditor(item: current.item, knownStyles: facets.styles)
        push(.edit)
    }

    mutating func wear(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        if ids.count == 1 {
            message = say("Logged a wear of {0} today (u undoes it).", list[0].item.displayName(language))
            return [.wear(ids)]
        }
        confirmation = Confirmation(question: say("Log a wear today of {0}?", count(ids.count)), effects: [.wear(ids)])
        push(.confirm)
        return []
    }

    mutating func archive(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        if list.allSatisfy({ $0.item.status == .archived }) {
            marked = []
            message = say("Back in the closet: {0} (u undoes it).", ids.count == 1 ? list[0].item.displayName(language) : count(ids.count))
            return [.unarchive(ids)]
        }
        archiveTargets = ids
        archiveReason = 0
        push(.chooseArchiveReason)
        return []
    }

    /// Sends the items to the laundry, or brings them back when all of them are there.
    mutating func toggleLaundry(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        guard list.allSatisfy({ $0.item.status.isInCloset }) else { message = say("Archived items cannot go to the laundry."); return [] }
        marked = []
        let back = list.allSatisfy { $0.item.status == .laundry }
        let what = ids.count == 1 ? list[0].item.displayName(language) : count(ids.count)
        message = say(back ? "Back from the laundry: {0} (u undoes it)." : "In the laundry: {0} (u undoes it).", what)
        return [.setAway(ids, back ? .active : .laundry)]
    }

    mutating func askDelete(_ list: [ItemSummary]) {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return }
        let what = ids.count == 1 ? "\"\(list[0].item.displayName(language))\"" : count(ids.count)
        confirmation = Confirmation(question: say("Delete {0}? Photos go to the trash; u undoes it.", what), effects: [.delete(ids)])
        push(.confirm)
    }

    mutating func chooseCategory(for list: [ItemSummary]) {
        let ids = list.compactMap(\.item.id)
        guard let first = list.first, !ids.isEmpty else { return }
        categoryTargets = ids
        categoryCursor = ListCursor(count: taxonomy.categories.count)
        categoryCursor.visibleRows = max(1, terminalSize.rows - 8)
        categoryCursor.index = taxonomy.categories.firstIndex { $0.id == first.item.category } ?? 0
        categoryCursor.scrollIntoView()
        push(.chooseCategory)
    }
}
