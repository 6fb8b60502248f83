import Foundation

/// A saved combination of items.
public struct Outfit: Codable, Hashable, Sendable, Identifiable {
    public var id: Int64?
    public var name: String
    public var itemIDs: [Int64]
    public var created: Date

    public init(id: Int64? = nil, name: String, itemIDs: [Int64], created: Date = Date()) {
        self.id = id; self.name = name; self.itemIDs = itemIDs; self.created = created
    }
}

/// One line of the wear log: an item or an outfit worn on a day (`YYYY-MM-DD`).
public struct WearEntry: Codable, Hashable, Sendable {
    public var id: Int64?
    public var itemID: Int64?
    public var outfitID: Int64?
    public var day: String

    public init(id: Int64? = nil, itemID: Int64? = nil, outfitID: Int64? = nil, day: String) {
        self.id = id; self.itemID = itemID; self.outfitID = outfitID; self.day = day
    }
}

/// Calendar days as closet stores them: `YYYY-MM-DD` in the local time zone.
public enum Day {
    public static func string(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The years a day may fall in: anything else is a typo or hostile input.
    public static let years = 1900...2200

    /// Parses `YYYY-MM-DD` (or `today`/`yesterday`/`tomorrow`), a real calendar date, or throws a usage
    /// error. With `latest`, a later day is refused too (a wear cannot be logged for next year).
    public static func parse(_ text: String, now: Date = Date(), latest: String? = nil) throws -> String {
        let day: String
        switch text.lowercased() {
        case "today": day = string(now)
        case "yesterday": day = string(now.addingTimeInterval(-86_400))
        case "tomorrow": day = string(now.addingTimeInterval(86_400))
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), isDate(year: y, month: m, day: d)
            else {
                throw ClosetError.usage(
                    "'\(SafeText.escaped(String(text.prefix(40))))' is not a calendar date: write YYYY-MM-DD (years \(years.lowerBound)–\(years.upperBound)), today or yesterday"
                )
            }
            day = String(format: "%04d-%02d-%02d", y, m, d)
        }
        if let latest, day > latest {
            throw ClosetError.usage("\(day) is in the future: the latest day allowed here is \(latest)")
        }
        return day
    }

    /// Whether `y-m-d` is a day of the Gregorian calendar in ``years``.
    public static func isDate(year y: Int, month m: Int, day d: Int) -> Bool {
        guard years.contains(y), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= lengths[m - 1]
    }

    /// The days of the month that `day` (`YYYY-MM-DD`) lies in, from its 1st; empty when `day` is no day.
    public static func month(of day: String) -> [String] {
        guard isValid(day), let ordinal = ordinal(day) else { return [] }
        let (y, m, _) = civil(ordinal)
        let count = (28...31).last { isDate(year: y, month: m, day: $0) } ?? 28
        return days(from: String(format: "%04d-%02d-01", y, m), count: count)
    }

    /// "November 2026" ("2026년 11월" in Korean) for any day of that month.
    public static func monthName(_ day: String, language: Language = .en) -> String {
        guard let ordinal = ordinal(day) else { return day }
        let (y, m, _) = civil(ordinal)
        if language == .ko { return "\(y)년 \(m)월" }
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        return "\(names[m - 1]) \(y)"
    }

    /// Whether `text` is exactly a stored day, `YYYY-MM-DD`, that exists.
    public static func isValid(_ text: String) -> Bool {
        guard text.utf8.count == 10, let ordinal = ordinal(text) else { return false }
        let (y, m, d) = civil(ordinal)
        return isDate(year: y, month: m, day: d) && string(ordinal: ordinal) == text
    }

    /// The day `ordinal` days after 1970-01-01, as `YYYY-MM-DD`.
    public static func string(ordinal: Int) -> String {
        let (y, m, d) = civil(ordinal)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The `count` days from `first` on (`first` included), as `YYYY-MM-DD`; empty when `first` is no day.
    public static func days(from first: String, count: Int) -> [String] {
        guard let start = ordinal(first) else { return [] }
        return (0..<max(0, count)).map { string(ordinal: start + $0) }
    }

    /// The weekday of a `YYYY-MM-DD` day, abbreviated ("Mon"); 1970-01-01 was a Thursday.
    public static func weekday(_ day: String) -> String? {
        guard let n = ordinal(day) else { return nil }
        return ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((n % 7) + 7) % 7]
    }

    /// The latest day a wear may be logged for: tomorrow.
    public static func latestWearDay(now: Date = Date()) -> String { string(now.addingTimeInterval(86_400)) }

    /// The calendar date of a day ordinal (Howard Hinnant's civil_from_days).
    public static func civil(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whole days from `a` to `b` (positive when b is later).
    public static func distance(from a: String, to b: String) -> Int? {
        guard let da = ordinal(a), let db = ordinal(b) else { return nil }
        return db - da
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` day, by arithmetic alone (the suggester calls this
    /// for every item; a Calendar per call made `suggest` on 1,000 items twice as slow).
    public static func ordinal(_ day: String) -> Int? {
        var day = day
        return day.withUTF8 { b in
            guard b.count == 10, b[4] == 45, b[7] == 45, let y = number(b, 0..<4), let m = number(b, 5..<7), let d = number(b, 8..<10),
                (1...12).contains(m), (1...31).contains(d)
            else { return nil }
            return ordinal(year: y, month: m, day: d)
        }
    }

    /// The decimal number written in `bytes[range]`, or nil when a byte there is not a digit.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var v = 0
        for i in range { let d = Int(bytes[i]) - 48; guard (0...9).contains(d) else { return nil }; v = v * 10 + d }
        return v
    }

    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's days_from_civil).
    public static func ordinal(year: Int, month m: Int, day d: Int) -> Int {
        var y = year
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days since 1970-01-01 of the local calendar day of `date` (the ordinal of `string(date)`),
    /// without a Calendar: the statistics compute this for every item.
    public static func ordinal(of date: Date, timeZone: TimeZone = .current) -> Int {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Int((local / 86_400).rounded(.down))
    }

    public static func date(_ day: String) -> Date? {
        let p = day.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: 12))
    }
}
