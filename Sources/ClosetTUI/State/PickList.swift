import ClosetKit

/// A list chosen from by typing to filter (the one rule for letters on a list whose letters are not keys)
/// and the arrows: the category picker, the calendar day's item picker. Review filters with ``matches``.
public struct PickList: Equatable, Sendable {
    /// One choice: what it stands for, how it is shown, and the words typing finds it by.
    public struct Entry: Equatable, Sendable {
        public var id: String
        public var label: String
        public var words: [String]
        public init(id: String, label: String, words: [String] = []) { self.id = id; self.label = label; self.words = words }
    }

    public var entries: [Entry]
    public var filter = TextField()
    /// The entries the filter keeps (indices into `entries`), and the cursor over them.
    public private(set) var shown: [Int]
    public var cursor: ListCursor

    public init(_ entries: [Entry], selected: String? = nil) {
        self.entries = entries
        shown = Array(entries.indices)
        cursor = ListCursor(count: entries.count)
        if let selected, let i = entries.firstIndex(where: { $0.id == selected }) { cursor.index = i }
    }

    /// The entry under the cursor, nil when nothing matches.
    public var chosen: Entry? { shown.indices.contains(cursor.index) ? entries[shown[cursor.index]] : nil }

    /// A key typed into the filter: the list narrows, the cursor on the first match.
    public mutating func type(_ key: Key) {
        filter.handle(key)
        shown = Self.matches(entries.map { [$0.label] + $0.words }, filter.text)
        cursor = ListCursor(count: shown.count)
    }

    /// The arrows, PgUp/PgDn, Home/End over the matches, `rows` of them on screen.
    public mutating func move(_ key: Key, rows: Int) {
        cursor.visibleRows = max(1, rows)
        cursor.handle(key)
    }

    /// The indices of `names` (each entry's names) holding `text`, ignoring case: those with a name that starts
    /// with it first, then those that contain it. Every index when `text` is empty.
    public static func matches(_ names: [[String]], _ text: String) -> [Int] {
        let text = text.lowercased()
        guard !text.isEmpty else { return Array(names.indices) }
        var starts: [Int] = [], contains: [Int] = []
        for (i, list) in names.enumerated() {
            let lowered = list.map { $0.lowercased() }
            if lowered.contains(where: { $0.hasPrefix(text) }) {
                starts.append(i)
            } else if lowered.contains(where: { $0.contains(text) }) {
                contains.append(i)
            }
        }
        return starts + contains
    }
}
