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

    /// Categories whose English or Korean name (or id) holds the typed text, those starting with it first (the
    /// pickers' rule, ``PickList/matches(_:_:)``).
    public var reviewMatches: [String] {
        let text = review.filter?.text ?? ""
        guard !text.isEmpty else { return [] }
        let categories = taxonomy.categories
        return PickList.matches(categories.map { [$0.en, $0.ko, $0.id.rawValue] }, text).map { categories[$0].id.rawValue }
    }

    /// The question (or the model's guesses) and the numbered choices, in rows of `width` cells: on one line when
    /// they fit, else every choice whole on the rows below.
    func reviewChoiceLines(width: Int) -> [String] {
        guard let current = reviewed?.item else { return [] }
        let numbered = reviewChoices.enumerated().map { n, id in
            let share =
                current.detail.isEmpty && current.guessShares.indices.contains(n)
                ? String(format: " %.0f%%", current.guessShares[n] * 100) : ""
            return "\(n + 1) \(categoryName(id))\(share)"
        }
        let prompt =
            reviewQuestion ?? (numbered.isEmpty ? say("Is it {0}?", categoryName(current.category.rawValue)) : say("The model's guesses:"))
        return ChoiceRows.layout(prompt: prompt, choices: numbered, width: width)
    }

    func categoryName(_ id: String) -> String { taxonomy.category(CategoryID(id))?.displayName(language) ?? id }

    /// The first row of review's list (each item takes two rows: its name, then what the model could tell).
    var reviewListTop: Int { 2 + reviewChoiceLines(width: terminalSize.columns - 4).count + 1 }

    /// Items on screen at once.
    var reviewVisibleItems: Int { max(1, (terminalSize.rows - 1 - reviewListTop) / 2) }

    /// What a category choice did (review, the picker), after it: the items' new kind and new name, the old name
    /// when a generated name followed the kind, and that u undoes it. Keeping the kind the item had says so too.
    public func recategorizedMessage(_ changes: [ItemChange], category: String) -> String {
        let kind = categoryName(category)
        guard changes.count == 1, let change = changes.first else {
            let moved = changes.contains { $0.before.category != $0.after.category }
            return say(moved ? "Now {0}: {1} (u undoes it)." : "Confirmed {1} as {0} (u undoes it).", kind, count(changes.count))
        }
        let new = change.after.displayName(language), old = change.before.displayName(language)
        if change.before.category == change.after.category { return say("Confirmed {0} as {1} (u undoes it).", new, kind) }
        if new != old { return say("Now {0}: {1}, was {2} (u undoes it).", kind, new, old) }
        return say("Now {0}: {1} (u undoes it).", kind, new)
    }

    mutating func settleReview(_ category: String) -> [Effect] {
        guard let id = reviewed?.item.id else { return [] }
        review.filter = nil
        return [.recategorize([id], category: category)]
    }

    /// A click chooses the item on that line; the wheel moves by a line.
    mutating func reviewMouse(_ event: MouseEvent) -> [Effect] {
        guard event.kind == .press else { return wheel(event) }
        guard event.y >= reviewListTop else { return [] }
        let i = review.cursor.scrollRow + (event.y - reviewListTop) / 2
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
                .filtering { s, key in
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
                s.review.cursor.visibleRows = s.reviewVisibleItems
                s.review.cursor.handle(key)
                return []
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
            .filtering { s, key in
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
    /// Review: the question (or the model's guesses) on top, in rows when it does not fit on one line; the items
    /// (two rows each: the name as wide as the pane, then what the model could tell) or the typed filter's
    /// matches on the left; the photo as large as the right half allows.
    func review(_ s: AppState) {
        let t = terminal
        let list = s.review.items
        t.put(1, 2, s.say("Review: {0} the classifier was unsure of", s.count(list.count)), style: .init(bold: true))
        guard let current = s.reviewed?.item else { t.put(3, 2, s.say("Nothing to review.")); return }
        let choiceLines = s.reviewChoiceLines(width: t.columns - 4)
        for (i, line) in choiceLines.enumerated() { t.put(2 + i, 2, line, width: t.columns - 4, style: .init(bold: true)) }
        let top = 2 + choiceLines.count + 1
        let paneWidth = max(20, t.columns / 2 - 3)
        if let filter = s.review.filter {
            t.put(top - 1, 2, s.say("Category:") + " " + filter.text + "▏", width: paneWidth, style: .init(underline: true))
            let matches = s.reviewMatches
            if matches.isEmpty { t.put(top, 2, s.say("No category matches."), width: paneWidth) }
            var cursor = s.review.matchCursor
            cursor.visibleRows = max(1, t.rows - 1 - top)
            cursor.scrollIntoView()
            for (row, i) in (cursor.scrollRow..<min(matches.count, cursor.scrollRow + cursor.visibleRows)).enumerated() {
                t.put(top + row, 2, categoryName(matches[i], s), width: paneWidth, style: .init(reverse: i == s.review.matchCursor.index))
            }
        } else {
            var cursor = s.review.cursor
            cursor.visibleRows = max(1, (t.rows - 1 - top) / 2)
            cursor.scrollIntoView()
            for (row, i) in (cursor.scrollRow..<min(list.count, cursor.scrollRow + cursor.visibleRows)).enumerated() {
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
                let chosen = i == s.review.cursor.index
                let id = TextWidth.fit("#\(item.id)", 6)
                t.put(
                    top + 2 * row, 2, id + confidence + "  " + item.displayName(s.language), width: paneWidth, style: .init(reverse: chosen)
                )
                t.put(
                    top + 2 * row + 1, 2, String(repeating: " ", count: 12) + what, width: paneWidth,
                    style: .init(bold: chosen, dim: !chosen))
            }
        }
        // As large as the right half allows (a cell is about twice as tall as wide: two pixel rows a cell).
        let columns = max(8, t.columns - paneWidth - 6), rows = max(4, t.rows - top - 2)
        drawPicture(current, x: paneWidth + 4, y: top, columns: min(columns, rows * 2), rows: rows, language: s.language)
    }
}
