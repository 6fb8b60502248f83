import Foundation

/// Colours a person gives an item (`closet edit --color`, the TUI's form): the one rule both follow.
extension Item {
    /// Replaces the item's colours with `names`, first colour first: lower-cased, each once, blanks dropped.
    /// The shares measured from the photo no longer describe them, so they go. Nothing changes when no name
    /// is left.
    public mutating func setColors(_ names: [String]) {
        var seen = Set<String>()
        let kept = names.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !kept.isEmpty else { return }
        fields.colors = kept
        fields.colorShares = []
    }
}
