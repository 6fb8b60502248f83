import ClosetKit

/// The grid's items: positions into the loaded items rather than copies, so filtering 10,000 items
/// on a keystroke copies integers, not item records.
public struct VisibleItems: RandomAccessCollection, Sendable {
    let items: [ItemSummary]
    let positions: [Int]

    init(items: [ItemSummary] = [], positions: [Int] = []) { self.items = items; self.positions = positions }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(i: Int) -> ItemSummary { items[positions[i]] }
}
