import Foundation

/// A day of the Gregorian calendar, as closet stores it: `YYYY-MM-DD`, in the local time zone.
///
/// A `Day` always holds a real day in ``years``: the only ways to make one are ``init(year:month:day:)``,
/// which checks the month's length (leap years included), the strict parser ``init(_:)`` (exactly
/// `YYYY-MM-DD`), which every reader of a written day goes through (typed days, stored days, the date part of
/// ``timestamp(_:)`` and of the database's times), and a day count. 2026-02-31 and 2026-13-01 are no days.
/// Days are stored as text, so the static helpers below take and give `YYYY-MM-DD` strings.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    /// The years a day may fall in: anything else is a typo or hostile input.
    public static let years = 1900...2200

    /// The day `year-month-day`, or nil when the calendar has no such day (or it lies outside ``years``).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.isDate(year: year, month: month, day: day) else { return nil }
        ordinal = Self.ordinal(year: year, month: month, day: day)
    }

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The local calendar day of `date`.
    public init(_ date: Date, timeZone: TimeZone = .current) { ordinal = Self.ordinal(of: date, timeZone: timeZone) }

    /// Parses exactly `YYYY-MM-DD`, a real day; nil for anything else.
    public init?(_ text: String) {
        var text = text
        guard let day = text.withUTF8({ $0.count == 10 ? Self.read($0, at: 0) : nil }) else { return nil }
        self = day
    }

    /// The one parser of a written day: `YYYY-MM-DD` in `bytes[start..<start + 10]`, a real day, or nil.
    static func read(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Day? {
        guard start >= 0, b.count >= start + 10, b[start + 4] == 45, b[start + 7] == 45,
            let y = number(b, start..<start + 4), let m = number(b, start + 5..<start + 7), let d = number(b, start + 8..<start + 10)
        else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// A day as a person types it: `YYYY-MM-DD` (the month and day may have one digit: `2026-3-7`), `today`,
    /// `yesterday` or `tomorrow`. Throws a usage error naming the text; with `latest`, a later day is refused
    /// too (a wear cannot be logged for next year).
    public init(typed text: String, now: Date = Date(), latest: Day? = nil) throws {
        switch text.lowercased() {
        case "today": self = Day(now)
        case "yesterday": self = Day(ordinal: Day(now).ordinal - 1)
        case "tomorrow": self = Day(ordinal: Day(now).ordinal + 1)
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let padded = parts.count == 3 && parts[0].count == 4 ? parts[0] + "-" + Self.pad(parts[1]) + "-" + Self.pad(parts[2]) : text
            guard let day = Day(padded) else {
                throw ClosetError.usage(
                    "'\(SafeText.escaped(String(text.prefix(40))))' is not a calendar date: write YYYY-MM-DD (years \(Self.years.lowerBound)–\(Self.years.upperBound)), today or yesterday"
                )
            }
            self = day
        }
        if let latest, self > latest {
            throw ClosetError.usage("\(self) is in the future: the latest day allowed here is \(latest)")
        }
    }

    private static func pad(_ part: Substring) -> Substring { part.count == 1 ? "0" + part : part }

    public var year: Int { Self.civil(ordinal).year }
    public var month: Int { Self.civil(ordinal).month }
    public var day: Int { Self.civil(ordinal).day }

    /// `YYYY-MM-DD`, as stored.
    public var description: String { Self.string(ordinal: ordinal) }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day { Day(ordinal: ordinal + count) }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// Reads `YYYY-MM-DD` strictly; anything else is a decoding error that names the text.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(SafeText.escaped(String(text.prefix(40))))' is not a day (YYYY-MM-DD)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

// The stored form: days are `YYYY-MM-DD` strings in the database, the archives and the front ends.
extension Day {
    public static func string(_ date: Date, timeZone: TimeZone = .current) -> String {
        Day(date, timeZone: timeZone).description
    }

    /// A typed day (see ``init(typed:now:latest:)``), as stored: `YYYY-MM-DD`.
    public static func parse(_ text: String, now: Date = Date(), latest: String? = nil) throws -> String {
        try Day(typed: text, now: now, latest: latest.flatMap(Day.init)).description
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
        guard let day = Day(day), let first = Day(year: day.year, month: day.month, day: 1) else { return [] }
        let count = (28...31).last { isDate(year: day.year, month: day.month, day: $0) } ?? 28
        return days(from: first.description, count: count)
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
    public static func isValid(_ text: String) -> Bool { Day(text) != nil }

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

    /// Whole days from `a` to `b` (positive when b is later).
    public static func distance(from a: String, to b: String) -> Int? {
        guard let da = ordinal(a), let db = ordinal(b) else { return nil }
        return db - da
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` day, nil when it is no day; by arithmetic alone (the
    /// suggester calls this for every item; a Calendar per call made `suggest` on 1,000 items twice as slow).
    public static func ordinal(_ day: String) -> Int? { Day(day)?.ordinal }

    /// Noon UTC of a `YYYY-MM-DD` day, nil when it is no day.
    public static func date(_ day: String) -> Date? {
        Day(day).map { Date(timeIntervalSince1970: Double($0.ordinal * 86_400 + 12 * 3600)) }
    }
}

// Calendar arithmetic.
extension Day {
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
}
