import ClosetKit

/// Review: the items the classifier was unsure of, each settled in one or two keys. An item that "needs a
/// detail" (the model knew it is an outer, not which kind) asks its question with the span's kinds on 1–9;
/// any other offers the model's top three on 1–3. Typing filters every category by English or Korean name.
enum ReviewScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.reviewBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.review(s) }
    static func mouse(_ event: MouseEvent, _ s: inout AppState) -> [Effect] { s.reviewMouse(event) }
}

extension AppState {
    /// The item under the review cursor.
    public var reviewed: ItemSummary? { review.items.indices.contains(review.cursor.index) ? review.items[review.cursor.index] : nil }

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
        let text = (review.filter?.text ?? "").lowercased()
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
        review.filter = nil
        return [.recategorize([id], category: category)]
    }

    /// A click chooses the item on that line; the wheel moves by a line.
    mutating func reviewMouse(_ event: MouseEvent) -> [Effect] {
        guard event.kind == .press else { return wheel(event) }
        let i = review.cursor.scrollRow + event.y - 4
        if review.items.indices.contains(i) { review.cursor.index = i }
        return []
    }

    var reviewBindings: [KeyBinding] {
        if review.filter != nil {
            return [
                KeyBinding([.up, .down, .pageUp, .pageDown], "↑↓", "match") { s, key in
                    s.review.matchCursor.set(count: s.reviewMatches.count)
                    s.review.matchCursor.handle(key)
                    return []
                },
                KeyBinding([.enter], "Enter", "choose") { s, _ in
                    let matches = s.reviewMatches
                    guard matches.indices.contains(s.review.matchCursor.index) else { s.message = s.say("No category matches."); return [] }
                    return s.settleReview(matches[s.review.matchCursor.index])
                },
                KeyBinding([.escape], "Esc", "clear") { s, _ in
                    s.review.filter = nil; return []
                },
                .typing("a category") { s, key in
                    s.review.filter?.handle(key)
                    if s.review.filter?.text.isEmpty == true && key == .backspace { s.review.filter = nil }
                    s.review.matchCursor = ListCursor(count: s.reviewMatches.count)
                    return []
                },
            ]
        }
        let choices = reviewChoices.count
        return [
            KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓", "item") { s, key in
                s.review.cursor.handle(key); return []
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
                s.message = s.say(
                    "Thickness {0}", String(repeating: "●", count: item.thickness) + String(repeating: "○", count: 5 - item.thickness))
                return [.save(item, base: current)]
            },
            .help,
            KeyBinding([.escape], "Esc", "back") { s, _ in
                s.pop(); return []
            },
            .typing("a category") { s, key in
                guard case .char(let c) = key, c.isLetter || c == " " else { return [] }
                var field = TextField()
                field.handle(key)
                s.review.filter = field
                s.review.matchCursor = ListCursor(count: s.reviewMatches.count)
                return []
            },
        ]
    }
}

extension Screens {
    /// Review: the question (or the model's guesses) on top, the items or the typed filter's matches on the
    /// left, the photo as large as the right half allows.
    func review(_ s: AppState) {
        let t = terminal
        let list = s.review.items
        t.put(1, 2, s.say("Review: {0} the classifier was unsure of", s.count(list.count)), style: .init(bold: true))
        guard let current = s.reviewed?.item else { t.put(3, 2, s.say("Nothing to review.")); return }
        let numbered = s.reviewChoices.enumerated().map { n, id in
            let share =
                current.detail.isEmpty && current.guessShares.indices.contains(n)
                ? String(format: " %.0f%%", current.guessShares[n] * 100) : ""
            return "\(n + 1) \(categoryName(id, s))\(share)"
        }
        let prompt = s.reviewQuestion ?? (numbered.isEmpty ? "Is it \(categoryName(current.category, s))?" : "The model's guesses:")
        t.put(2, 2, ([prompt] + numbered).joined(separator: "  "), width: t.columns - 4, style: .init(bold: true))
        let paneWidth = max(20, t.columns / 2 - 3)
        if let filter = s.review.filter {
            t.put(3, 2, s.say("Category: ") + filter.text + "▏", width: paneWidth, style: .init(underline: true))
            let matches = s.reviewMatches
            if matches.isEmpty { t.put(4, 2, s.say("No category matches."), width: paneWidth) }
            var cursor = s.review.matchCursor
            cursor.visibleRows = max(1, t.rows - 6)
            cursor.scrollIntoView()
            for (row, i) in (cursor.scrollRow..<min(matches.count, cursor.scrollRow + t.rows - 6)).enumerated() {
                t.put(4 + row, 2, categoryName(matches[i], s), width: paneWidth, style: .init(reverse: i == s.review.matchCursor.index))
            }
        } else {
            for (row, i) in (s.review.cursor.scrollRow..<min(list.count, s.review.cursor.scrollRow + t.rows - 6)).enumerated() {
                let item = list[i].item
                // What the model could tell, with its confidence: the group when it could not tell the kind.
                let confidence = item.confidence.map { String(format: "%3.0f%%", $0 * 100) } ?? "    "
                let what: String
                if item.detail.isEmpty {
                    what = categoryName(item.category, s)
                } else {
                    let group = s.taxonomy.category(item.category).flatMap { s.taxonomy.group($0.group) }
                    what = (group?.displayName(s.language) ?? "") + " → ?"
                }
                let line = "#\(item.id)".padding(toLength: 6, withPad: " ", startingAt: 0) + "\(confidence)  \(what)  ·  \(item.name)"
                t.put(4 + row, 2, line, width: paneWidth, style: .init(reverse: i == s.review.cursor.index))
            }
        }
        // As large as the right half allows (a cell is about twice as tall as wide: two pixel rows a cell).
        let columns = max(8, t.columns - paneWidth - 6), rows = max(4, t.rows - 6)
        drawPicture(current, x: paneWidth + 4, y: 4, columns: min(columns, rows * 2), rows: rows, language: s.language)
    }
}
