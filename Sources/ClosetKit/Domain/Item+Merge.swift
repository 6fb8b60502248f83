import Foundation

/// Three-way merge of two edits of one item, for saves that race with another closet.
extension Item {
    /// The fields a person edits, for merging and for naming conflicts.
    public enum Field: String, CaseIterable, Sendable {
        case name, category, colors, seasons, styles, thickness, brand, price, size, comment, status, photo
        case formality, pattern, open, rainproof
    }

    /// Applies to `theirs` (the stored item) the fields `mine` changed from `base`. A field both
    /// changed, to different values, is a conflict (and keeps `theirs`).
    public static func merge(base: Item, mine: Item, theirs: Item) -> (item: Item, conflicts: [Field]) {
        var merger = Merger(base: base, mine: mine, out: theirs)
        merger.take(.name, \.name)
        // A category carries whether a person confirmed it.
        merger.take(.category, \.category, \.needsReview, \.confidence)
        merger.take(.category, \.detail)
        merger.take(.colors, \.colors, \.colorShares)
        merger.take(.seasons, \.seasons)
        merger.take(.styles, \.styles)
        // A thickness carries whether a person set it.
        merger.take(.thickness, \.thickness, \.thicknessSet)
        merger.take(.formality, \.formalityOverride)
        merger.take(.pattern, \.pattern)
        merger.take(.open, \.openOverride)
        merger.take(.rainproof, \.rainproofOverride)
        merger.take(.brand, \.brand)
        merger.take(.price, \.price)
        merger.take(.size, \.size)
        merger.take(.comment, \.comment)
        merger.take(.status, \.status, \.archiveReason)
        merger.take(.photo, \.photo)
        return (merger.out, merger.conflicts)
    }

    private struct Merger {
        let base: Item, mine: Item
        var out: Item
        var conflicts: [Field] = []

        mutating func take<A: Equatable>(_ field: Field, _ a: WritableKeyPath<Item, A>) {
            take(field, a, a, a)
        }

        mutating func take<A: Equatable, B: Equatable>(_ field: Field, _ a: WritableKeyPath<Item, A>, _ b: WritableKeyPath<Item, B>) {
            take(field, a, b, b)
        }

        mutating func take<A: Equatable, B: Equatable, C: Equatable>(
            _ field: Field, _ a: WritableKeyPath<Item, A>, _ b: WritableKeyPath<Item, B>, _ c: WritableKeyPath<Item, C>
        ) {
            func same(_ x: Item, _ y: Item) -> Bool {
                x[keyPath: a] == y[keyPath: a] && x[keyPath: b] == y[keyPath: b] && x[keyPath: c] == y[keyPath: c]
            }
            guard !same(mine, base) else { return }  // not edited here: the stored value stands
            if !same(out, base) && !same(out, mine) { conflicts.append(field); return }
            out[keyPath: a] = mine[keyPath: a]
            out[keyPath: b] = mine[keyPath: b]
            out[keyPath: c] = mine[keyPath: c]
        }
    }
}

extension Item {
    /// The item with its timestamps cleared, to compare what a person sees and edits.
    public var withoutTimestamps: Item {
        var copy = self
        copy.created = Date(timeIntervalSince1970: 0)
        copy.updated = Date(timeIntervalSince1970: 0)
        return copy
    }
}
