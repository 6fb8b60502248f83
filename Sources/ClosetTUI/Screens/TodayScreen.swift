import ClosetKit
import Weather

/// Today: outfits for the day's weather as cards, the piece chosen in one, the temperature field and the week.
enum TodayScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.todayBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.today(s) }
}

extension AppState {
    var todayBindings: [KeyBinding] {
        if today.field != nil {
            return [
                KeyBinding([.enter], "Enter", "suggest") { s, _ in s.suggestTyped() },
                KeyBinding([.escape, .char("q")], "Esc", "stop typing") { s, _ in
                    s.today.field = nil
                    if s.today.cards.isEmpty && s.today.failure == nil { s.pop() }
                    return []
                },
                .help,
                .typing(unit.symbol) { s, key in
                    // A temperature: digits, a sign and a decimal point; anything else is refused aloud.
                    if case .char(let c) = key, !(c.isNumber || "-−.,".contains(c)) {
                        s.message = s.say("Type the temperature in {0} (digits, - and .), then Enter.", s.unit.symbol)
                        return []
                    }
                    s.today.field?.handle(key)
                    return []
                },
            ]
        }
        if today.showWeek {
            return [
                KeyBinding([.escape, .char("q"), .char("W")], "Esc", "back to today") { s, _ in
                    s.today.showWeek = false; return []
                }, .help,
            ]
        }
        return [
            KeyBinding([.right, .left, .tab, .backTab, .char("l"), .char("h")], "←→", "outfits") { s, key in
                let count = s.today.cards.count
                guard count > 0 else { return [] }
                let forward = [.right, .tab, .char("l")].contains(key)
                s.today.index = (s.today.index + (forward ? 1 : count - 1)) % count
                s.today.piece = 0
                return []
            },
            KeyBinding([.up, .down, .char("k"), .char("j")], "↑↓", "piece") { s, key in
                if [.down, .char("j")].contains(key) {
                    if let card = s.today.card { s.today.piece = min(card.ids.count - 1, s.today.piece + 1) }
                } else {
                    s.today.piece = max(0, s.today.piece - 1)
                }
                return []
            },
            KeyBinding([.char("s")], "s", "swap piece") { s, _ in
                s.today.selectedID != nil ? [.swap(card: s.today.index, piece: s.today.piece)] : []
            },
            KeyBinding([.char("x")], "x", "not today") { s, _ in
                guard let id = s.today.selectedID else { return [] }
                s.today.notToday.insert(id)
                s.message = s.say("Left {0} out of today's outfits.", s.item(id)?.displayName(s.language) ?? "?")
                return [.suggest(temp: nil)]
            },
            KeyBinding([.char("w")], "w", "wear") { s, _ in
                guard let card = s.today.card else { return [] }
                s.message = s.say("Logged today's outfit (u undoes it).")
                return [.wear(card.ids)]
            },
            KeyBinding([.ctrl("s")], "Ctrl-S", "save") { s, _ in
                guard let card = s.today.card else { return [] }
                s.message = s.say("Saved as an outfit.")
                return [.saveOutfit(name: "Outfit for \(s.today.source?.components(separatedBy: " ").first ?? "today")", items: card.ids)]
            },
            KeyBinding([.char("a")], "a", "another outfit") { s, _ in
                guard s.today.card != nil else { return [] }
                s.today.index = 0
                s.today.piece = 0
                s.message = s.say("Another outfit for today: what was suggested first comes later.")
                return [.suggest(temp: nil, asked: true)]
            },
            KeyBinding([.char("T")], "T", "temperature") { s, _ in
                s.today.field = TextField(""); return []
            },
            KeyBinding([.char("W")], "W", "week") { s, _ in
                s.today.showWeek = true; return [.planWeek]
            },
            .undo, .help, .back(),
        ]
    }

    mutating func suggestTyped() -> [Effect] {
        guard let field = today.field else { return [] }
        let text = field.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-").replacingOccurrences(
            of: ",", with: ".")
        guard let typed = Double(text) else { message = say("Type the temperature in {0}, then Enter.", unit.symbol); return [] }
        let temp = unit.celsius(typed)
        // The range is the weather library's; the words are said in the person's language and unit.
        guard temp.isFinite, WeatherConditions.temperatureRange.contains(temp) else {
            let range = WeatherConditions.temperatureRange
            message = say(
                "{0} is not a temperature to dress for: type one from {1} to {2}.", text + " " + unit.symbol, unit.text(range.lowerBound),
                unit.text(range.upperBound))
            return []
        }
        today.field = nil
        today.index = 0
        today.piece = 0
        return [.suggest(temp: temp, asked: true)]
    }
}

extension Screens {
    func today(_ s: AppState) {
        let t = terminal
        let today = s.today
        t.put(1, 2, s.say("Today"), style: .init(bold: true))
        if let field = today.field {
            t.put(
                2, 2, s.say("Temperature ({0}): ", s.unit.symbol) + field.text + "▏  " + s.say("Enter suggests · Esc stops typing"),
                width: t.columns - 4)
        } else {
            t.put(2, 2, today.source ?? "", width: t.columns - 4, style: .init(dim: true))
        }
        if today.showWeek { return week(s) }
        var top = 3
        for warning in today.warnings.prefix(2) {
            t.put(top, 2, "! " + warning, width: t.columns - 4, style: .init(bold: true))
            top += 1
        }
        guard !today.cards.isEmpty else {
            t.put(
                top + 1, 2, today.failure ?? (today.field != nil ? s.say("Type a temperature and press Enter for outfits.") : ""),
                width: t.columns - 4)
            return
        }
        let shown = min(3, today.cards.count)
        let cardWidth = max(16, (t.columns - 4) / shown)
        for (n, card) in today.cards.prefix(shown).enumerated() {
            let x = 2 + n * cardWidth
            let chosen = n == today.index
            t.put(
                top + 1, x, s.say("Outfit {0}", "\(n + 1)") + (chosen ? " ◀" : ""), width: cardWidth - 2,
                style: .init(bold: true, reverse: chosen))
            t.put(top + 2, x, card.why, width: cardWidth - 2)
            t.put(top + 3, x, card.tags, width: cardWidth - 2, style: .init(dim: true))
            var y = top + 4
            // Photos as large as the card allows: the rows left shared by its pieces.
            let pictureRows = max(2, min(10, (t.rows - y - 1) / max(1, card.ids.count) - 1))
            let pictureColumns = min(cardWidth / 2, pictureRows * 2)
            // Where the terminal draws pixels, the outfit as one picture down the card, the pieces named beside it.
            let outfitRows = min(t.rows - 1 - y, card.ids.count * (pictureRows + 1) - 1)
            let asOne = drawOutfit(
                card.ids.compactMap { s.item($0) }, taxonomy: s.taxonomy, x: x, y: y, columns: pictureColumns, rows: outfitRows)
            for (p, id) in card.ids.enumerated() {
                guard let item = s.item(id), y + pictureRows <= t.rows - 1 else { continue }
                if !asOne { drawPicture(item, x: x, y: y, columns: pictureColumns, rows: pictureRows, language: s.language) }
                let textX = x + pictureColumns + 1, textWidth = cardWidth - pictureColumns - 3
                t.put(
                    y, textX, item.displayName(s.language), width: textWidth,
                    style: .init(bold: chosen && p == today.piece, reverse: chosen && p == today.piece))
                t.put(y + 1, textX, categoryName(item.category, s), width: textWidth, style: .init(dim: true))
                y += pictureRows + 1
            }
        }
    }

    /// The week view: a row a day. With room (four rows a day or more), the planned pieces' photos; else their
    /// names, so that the week reads at 80×24 too.
    func week(_ s: AppState) {
        let t = terminal
        guard let days = s.today.week, !days.isEmpty else {
            t.put(4, 2, s.say("Planning the week…"))
            return
        }
        let rowHeight = max(2, min(6, (t.rows - 4) / days.count))
        let pictures = rowHeight >= 4
        for (n, day) in days.enumerated() {
            let y = 4 + n * rowHeight
            guard y + rowHeight <= t.rows - 1 else { break }
            let date = "\(s.say(ClosetKit.Day.weekday(day.date) ?? "")) \(day.date.suffix(5))"
            t.put(y, 2, TextWidth.fit(date, 10), style: .init(bold: true))
            let names = day.ids.compactMap { s.item($0)?.displayName(s.language) }.joined(separator: " · ")
            if !pictures {
                // One line: the day, its weather and the pieces' names; the why below, dimmed.
                let weather = TextWidth.fit(day.weather, 16)
                t.put(y, 13, weather, style: .init(dim: true))
                // Cut between words, with "…", when the names do not fit.
                let room = max(1, t.columns - 32)
                t.put(y, 30, TextWidth.wrap(names.isEmpty ? day.why : names, width: room, maxLines: 1).first ?? "", width: room)
                if !names.isEmpty { t.put(y + 1, 13, day.why, width: max(0, t.columns - 15), style: .init(dim: true)) }
                continue
            }
            t.put(y + 1, 2, day.weather, width: 14, style: .init(dim: true))
            var x = 17
            let pictureRows = rowHeight - 1
            for id in day.ids {
                guard let item = s.item(id), x + pictureRows * 2 < t.columns - 20 else { continue }
                drawPicture(item, x: x, y: y, columns: pictureRows * 2, rows: pictureRows, language: s.language)
                x += pictureRows * 2 + 1
            }
            t.put(y, x + 1, names, width: max(0, t.columns - x - 2))
            t.put(y + 1, x + 1, day.why, width: max(0, t.columns - x - 2), style: .init(dim: true))
        }
    }
}
