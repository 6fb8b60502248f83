import ArgumentParser
import ClosetKit
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "A month of what was worn: a grid of days with counts, then each day's pieces.")

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "The month, YYYY-MM (default: this month).") var month: String?
    @Flag(help: "Print JSON: {\"month\",\"days\":[{\"date\",\"worn\":[{\"id\",\"name\",\"category\"}]}]}.") var json = false

    /// The first day of the month and how many days it has.
    static func parse(month text: String) throws -> (first: String, days: Int) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            (1...12).contains(m),
            (1900...2200).contains(y)
        else {
            throw ClosetError.usage("'\(SafeText.escaped(String(text.prefix(20))))' is not a month: write YYYY-MM, for example 2026-11")
        }
        let days = (28...31).last { Day.isDate(year: y, month: m, day: $0) } ?? 28
        return (String(format: "%04d-%02d-01", y, m), days)
    }

    func run() throws {
        let store = try wardrobe.open()
        let (first, count) = try Self.parse(month: month ?? String(Day.string(Date()).prefix(7)))
        let days = Day.days(from: first, count: count)
        let inMonth = Set(days)
        let items = Dictionary(try store.summaries(ItemFilter(status: nil)).compactMap { s in s.item.id.map { ($0, s.item) } }) { a, _ in a
        }
        var worn: [String: [Int64]] = [:]
        for (id, wornDays) in try store.wearDays() {
            for day in wornDays where inMonth.contains(day) && worn[day]?.contains(id) != true { worn[day, default: []].append(id) }
        }
        if json {
            let out: [String: Any] = [
                "month": String(first.prefix(7)),
                "days": days.map { day in
                    [
                        "date": day,
                        "worn": (worn[day] ?? []).sorted().map { id in
                            ["id": id, "name": items[id]?.name ?? "", "category": items[id]?.category ?? ""] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ]
            try Output.jsonObject(out)
            return
        }
        print(Self.monthName(first))
        print(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Output.column($0, 6) }.joined().trimmingCharacters(in: .whitespaces))
        let lead = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].firstIndex(of: Day.weekday(first) ?? "Mon") ?? 0
        var line = String(repeating: " ", count: lead * 6)
        for (i, day) in days.enumerated() {
            let n = worn[day]?.count ?? 0
            line += Output.column(String(format: "%2d", i + 1) + (n > 0 ? " \(n)" : " ·"), 6)
            if (lead + i) % 7 == 6 || i == days.count - 1 {
                print(line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
                line = ""
            }
        }
        let logged = days.filter { worn[$0] != nil }
        if logged.isEmpty { Output.note("Nothing was logged as worn in \(Self.monthName(first)): `closet wear ID` logs it."); return }
        print("")
        for day in logged {
            print(
                "\(day) \(Day.weekday(day) ?? "")  "
                    + (worn[day] ?? []).sorted().map { items[$0]?.name ?? "#\($0)" }.joined(separator: ", "))
        }
    }

    static func monthName(_ first: String) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        let m = Int(first.dropFirst(5).prefix(2)) ?? 1
        return "\(names[m - 1]) \(first.prefix(4))"
    }
}
