import ClosetKit
import Weather

/// Today's keys: the outfit cards, the piece chosen, the temperature field and the week.
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
                help,
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
                }, help,
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
            KeyBinding([.char("T")], "T", "temperature") { s, _ in
                s.today.field = TextField(""); return []
            },
            KeyBinding([.char("W")], "W", "week") { s, _ in
                s.today.showWeek = true; return [.planWeek]
            },
            undoBinding, help, back(),
        ]
    }

    mutating func suggestTyped() -> [Effect] {
        guard let field = today.field else { return [] }
        let text = field.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-").replacingOccurrences(
            of: ",", with: ".")
        guard let typed = Double(text) else { message = say("Type the temperature in {0}, then Enter.", unit.symbol); return [] }
        let temp = unit.celsius(typed)
        do { try WeatherConditions(temp: temp).validate() } catch {
            message = "\(error)"
            return []
        }
        today.field = nil
        today.index = 0
        today.piece = 0
        return [.suggest(temp: temp)]
    }
}
