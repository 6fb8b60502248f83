import ArgumentParser
import ClosetKit
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: Output.helpText("A month of what was worn and what is planned: a grid of days with counts, then each day's pieces."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "The month, YYYY-MM (default: this month).") var month: String?
    @Flag(help: "Print JSON: {\"month\",\"days\":[{\"date\",\"worn\":[{\"id\",\"name\",\"category\"}],\"planned\":[…]}]}.")
    var json = false

    /// The days of the month `text` (`YYYY-MM`) names.
    static func days(ofMonth text: String) throws -> [String] {
        let days = text.utf8.count == 7 ? Day.month(of: text + "-01") : []
        guard !days.isEmpty, days[0].hasPrefix(text) else {
            throw ClosetError.usage("'\(SafeText.escaped(String(text.prefix(20))))' is not a month: write YYYY-MM, for example 2026-11")
        }
        return days
    }

    func run() throws {
        let store = try wardrobe.open(mode: .read)
        let days = try Self.days(ofMonth: month ?? String(Day.string(Date()).prefix(7)))
        let first = days[0]
        let items = try PlanCommand.itemsByID(store)
        let worn = try store.worn(on: days)
        let planned = try store.plans(on: days)
        if json {
            let out: [String: Any] = [
                "month": String(first.prefix(7)),
                "days": days.map { day in
                    [
                        "date": day,
                        "worn": (worn[day] ?? []).map { PlanCommand.piece($0, items) },
                        "planned": (planned[day] ?? []).map { PlanCommand.piece($0, items) },
                    ] as [String: Any]
                },
            ]
            try Output.jsonObject(out)
            return
        }
        let monthName = Day.monthName(first, language: Output.language)
        print(monthName)
        print(
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Output.column(Output.text($0), 6) }.joined()
                .trimmingCharacters(in: .whitespaces))
        let lead = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].firstIndex(of: Day.weekday(first) ?? "Mon") ?? 0
        var line = String(repeating: " ", count: lead * 6)
        for (i, day) in days.enumerated() {
            // Worn: how many pieces; planned: "+" and how many.
            let n = worn[day]?.count ?? 0, p = planned[day]?.count ?? 0
            line += Output.column(String(format: "%2d", i + 1) + (n > 0 ? " \(n)" : p > 0 ? " +\(p)" : " ·"), 6)
            if (lead + i) % 7 == 6 || i == days.count - 1 {
                print(line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
                line = ""
            }
        }
        let shown = days.filter { worn[$0] != nil || planned[$0] != nil }
        if shown.isEmpty {
            Output.note(Output.format("Nothing was logged as worn or planned in {0}: `closet wear ID` logs a wear.", monthName))
            return
        }
        print("")
        func names(_ ids: [Int64]) -> String {
            ids.map { items[$0]?.displayName(Output.language) ?? "#\($0)" }.joined(separator: ", ")
        }
        for day in shown {
            var parts: [String] = []
            if let ids = worn[day] { parts.append(names(ids)) }
            if let ids = planned[day] { parts.append(Output.text("planned") + ": " + names(ids)) }
            print("\(day) \(Output.text(Day.weekday(day) ?? ""))  " + parts.joined(separator: "; "))
        }
    }
}
