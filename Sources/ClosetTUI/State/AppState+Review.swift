import ClosetKit

/// Review: the items the classifier was unsure of, each settled in one or two keys. An item that "needs a
/// detail" (the model knew it is an outer, not which kind) asks its question with the span's kinds on 1–9;
/// any other offers the model's top three on 1–3. Typing filters every category by English or Korean name.
extension AppState {
    /// The item under the review cursor.
    public var reviewed: ItemSummary? { reviewItems.indices.contains(reviewCursor.index) ? reviewItems[reviewCursor.index] : nil }

    /// What the number keys choose for the reviewed item: the kinds its class spans, else the model's guesses.
    public var reviewChoices: [String] {
        guard let item = reviewed?.item else { return [] }
        return (item.detail.isEmpty ? item.guesses : item.detail).map(\.rawValue)
    }

    /// The question review asks: "Which kind of outer?", or nil when the model was merely unsure.
    public var reviewQuestion: String? {
        guard let item = reviewed?.item, !item.detail.isEmpty else { return nil }
        let group = taxonomy.category(item.detail[0]).flatMap { taxonomy.group($0.group) }
        let noun = group.map { language == .ko ? $0.ko : Self.singular($0.en).lowercased() } ?? "garment"
        return language == .ko ? "어떤 \(noun)인가요?" : "Which kind of \(noun)?"
    }

    static func singular(_ group: String) -> String {
        switch group {
        case "Outerwear": "outer"
        case "Bottoms": "bottom"
        case "Tops": "top"
        default: group.hasSuffix("s") ? String(group.dropLast()) : group
        }
    }

    /// Categories whose English or Korean name (or id) holds the typed text, those starting with it first.
    public var reviewMatches: [String] {
        let text = (reviewFilter?.text ?? "").lowercased()
        guard !text.isEmpty else { return [] }
        var starts: [String] = [], contains: [String] = []
        for c in taxonomy.categories {
            let names = [c.en.lowercased(), c.ko, c.id.rawValue.lowercased()]
            if names.contains(where: { $0.hasPrefix(text) }) {
                starts.append(c.id.rawValue)
            } else if names.contains(where: { $0.contains(text) }) {
                contains.append(c.id.rawValue)
            }
        }
        return starts + contains
    }

    mutating func settleReview(_ category: String) -> [Effect] {
        guard let id = reviewed?.item.id else { return [] }
        reviewFilter = nil
        return [.recategorize([id], category: category)]
    }

    var reviewBindings: [KeyBinding] {
        if reviewFilter != nil {
            return [
                KeyBinding([.up, .down, .pageUp, .pageDown], "↑↓", "match") { s, key in
                    s.reviewMatchCursor.set(count: s.reviewMatches.count)
                    s.reviewMatchCursor.handle(key)
                    return []
                },
                KeyBinding([.enter], "Enter", "choose") { s, _ in
                    let matches = s.reviewMatches
                    guard matches.indices.contains(s.reviewMatchCursor.index) else { s.message = s.say("No category matches."); return [] }
                    return s.settleReview(matches[s.reviewMatchCursor.index])
                },
                KeyBinding([.escape], "Esc", "clear") { s, _ in
                    s.reviewFilter = nil; return []
                },
                .typing("a category") { s, key in
                    s.reviewFilter?.handle(key)
                    if s.reviewFilter?.text.isEmpty == true && key == .backspace { s.reviewFilter = nil }
                    s.reviewMatchCursor = ListCursor(count: s.reviewMatches.count)
                    return []
                },
            ]
        }
        let choices = reviewChoices.count
        return [
            KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓", "item") { s, key in
                s.reviewCursor.handle(key); return []
            },
            KeyBinding((1...9).map { Key.char(Character(String($0))) }, choices > 1 ? "1–\(min(9, choices))" : "1", "choose") { s, key in
                guard case .char(let c) = key, let n = c.wholeNumberValue, s.reviewChoices.indices.contains(n - 1) else { return [] }
                return s.settleReview(s.reviewChoices[n - 1])
            },
            KeyBinding([.enter], "Enter", "accept") { s, _ in
                guard let item = s.reviewed?.item else { return [] }
                return s.settleReview(item.category.rawValue)
            },
            KeyBinding([.char("+"), .char("-")], "+ -", "thickness") { s, key in
                guard let current = s.reviewed?.item else { return [] }
                var item = current
                item.thickness = key == .char("+") ? min(5, item.thickness + 1) : max(1, item.thickness - 1)
                s.message = "Thickness " + String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness)
                return [.save(item, base: current)]
            },
            help,
            KeyBinding([.escape], "Esc", "back") { s, _ in
                s.pop(); return []
            },
            .typing("a category") { s, key in
                guard case .char(let c) = key, c.isLetter || c == " " else { return [] }
                var field = TextField()
                field.handle(key)
                s.reviewFilter = field
                s.reviewMatchCursor = ListCursor(count: s.reviewMatches.count)
                return []
            },
        ]
    }
}
