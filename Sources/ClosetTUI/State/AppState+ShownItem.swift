import ClosetKit

/// The item screen's item: the one it opened on, looked up among every item loaded, so that when another
/// closet deletes it the screen says so instead of showing (and acting on) the next one.
extension AppState {
    /// The item shown, as loaded now; nil when it is gone (or the item screen is not open).
    public var shownItem: ItemSummary? {
        guard let id = shownItemID else { return nil }
        return items.first { $0.item.id == id }
    }

    /// Whether the item screen's item was deleted meanwhile by another closet.
    public var shownItemIsGone: Bool { shownItemID != nil && stack.contains(.item) && shownItem == nil }

    /// What the item screen says, and every key that would act on the item repeats.
    public var shownItemGoneMessage: String {
        say("Item {0} is gone: another closet deleted it meanwhile. Nothing was done; Esc goes back.", shownItemID.map(String.init) ?? "")
    }
}
