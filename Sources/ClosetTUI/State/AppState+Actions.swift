import ClosetKit

/// What the closet's and the item screen's keys do to the selected or marked items (Enter on the grid, or the
/// item screen): the actions behind the bindings their controllers declare.
extension AppState {
    /// Opens the form on `current` (the item shown), else on the grid's selection.
    mutating func edit(_ current: ItemSummary? = nil) {
        guard let current = current ?? selected else { return }
        editor = ItemEditor(item: current.item, knownStyles: closet.facets.styles)
        push(.edit)
    }

    mutating func wear(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        // An archived item left the closet: no wear today (the CLI's `wear --force` logs one from before).
        if let gone = list.first(where: { $0.item.status == .archived }) {
            message = say("{0} is archived: a brings it back first; nothing was logged.", gone.item.displayName(language))
            return []
        }
        if ids.count == 1 {
            message = say("Logged a wear of {0} today (u undoes it).", list[0].item.displayName(language))
            return [.wear(ids)]
        }
        question.confirmation = Confirmation(question: say("Log a wear today of {0}?", count(ids.count)), effects: [.wear(ids)])
        push(.confirm)
        return []
    }

    mutating func archive(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        if list.allSatisfy({ $0.item.status == .archived }) {
            closet.marked = []
            message = say("Back in the closet: {0} (u undoes it).", ids.count == 1 ? list[0].item.displayName(language) : count(ids.count))
            return [.unarchive(ids)]
        }
        archivePicker.targets = ids
        archivePicker.reason = 0
        push(.chooseArchiveReason)
        return []
    }

    /// Sends the items to the laundry, or brings them back when all of them are there.
    mutating func toggleLaundry(_ list: [ItemSummary]) -> [Effect] {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return [] }
        guard list.allSatisfy({ $0.item.status.isInCloset }) else { message = say("Archived items cannot go to the laundry."); return [] }
        closet.marked = []
        let back = list.allSatisfy { $0.item.status == .laundry }
        let what = ids.count == 1 ? list[0].item.displayName(language) : count(ids.count)
        message = say(back ? "Back from the laundry: {0} (u undoes it)." : "In the laundry: {0} (u undoes it).", what)
        return [.setAway(ids, back ? .active : .laundry)]
    }

    mutating func askDelete(_ list: [ItemSummary]) {
        let ids = list.compactMap(\.item.id)
        guard !ids.isEmpty else { return }
        let what = ids.count == 1 ? "\"\(list[0].item.displayName(language))\"" : count(ids.count)
        question.confirmation = Confirmation(
            question: say("Delete {0}? Photos go to the trash; u undoes it.", what), effects: [.delete(ids)])
        push(.confirm)
    }
}
