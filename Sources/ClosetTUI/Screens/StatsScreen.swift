import ClosetKit
import Stylist

/// The statistics: a bar per category, what sits unworn, what is worn most, what is away. The figures are
/// ``WardrobeStats``'s (read by the controller when the screen opens, ``Effect/loadStats``); this only lays
/// them out.
enum StatsScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] {
        [
            KeyBinding([.escape, .char("q"), .enter], "Esc", "back") { s, _ in
                s.pop(); return []
            }, .help,
        ]
    }

    static func draw(_ s: AppState, _ view: Screens) { view.lines(Strings.text("Statistics", s.language), lines(s)) }

    /// Where the category names end and the bars begin, in terminal cells.
    static let labelWidth = 20
    /// The longest bar, in cells.
    static let barWidth = 30

    /// The screen's lines: why the figures could not be read, or the figures.
    static func lines(_ s: AppState) -> [String] {
        if let failure = s.stats.failure { return [failure] }
        guard let stats = s.stats.figures else { return [] }
        // Padded by display width, not characters: a Korean name takes two cells a syllable.
        var lines = stats.categoryBars(width: barWidth).map {
            TextWidth.fit(s.taxonomy.category(CategoryID($0.category))?.displayName(s.language) ?? $0.category, labelWidth)
                + String(repeating: "█", count: $0.cells) + " \($0.count)"
        }
        lines.append("")
        lines.append(
            s.say("Not worn for {0} days or more: {1}", "90", "\(stats.unworn.count)") + "   "
                + s.say("Worn this {0}: {1}% of the closet", s.say(stats.season.rawValue), "\(Int(stats.wornThisSeason * 100))"))
        // Only items worn at least once (WardrobeStats): none yet is said, not left as a bare heading.
        let mostWorn = stats.mostWorn.prefix(3).map { "\($0.item.displayName(s.language)) (\($0.wears))" }
        lines.append(s.say("Most worn:") + " " + (mostWorn.isEmpty ? s.say("nothing worn yet") : mostWorn.joined(separator: ", ")))
        for (item, since) in stats.away {
            lines.append(
                s.say(item.status == .repair ? "In repair: {0}" : "In the laundry: {0}", item.displayName(s.language))
                    + (since.map { s.say(" since {0}", Day.string($0)) } ?? ""))
        }
        return lines
    }
}
