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

    /// Parses `YYYY-MM-DD` (or `today`/`yesterday`), or throws a usage error.
    public static func parse(_ text: String, now: Date = Date()) throws -> String {
        switch text.lowercased() {
        case "today": return string(now)
        case "yesterday": return string(now.addingTimeInterval(-86_400))
        default: break
        }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[0] > 1900 else {
            throw ClosetError.usage("'\(text)' is not a date: write YYYY-MM-DD, today or yesterday")
        }
        return String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])
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
                  (1...12).contains(m), (1...31).contains(d) else { return nil }
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
