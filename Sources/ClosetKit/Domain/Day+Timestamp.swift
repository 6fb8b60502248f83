import Foundation

// Moments, written as a day and a time. Two forms, each read and written as before: the archives' and JSON's
// ISO 8601 (`2026-11-30T08:15:00.250Z`) and the database's (`2026-11-30 08:15:00.250`, UTC, as GRDB stores
// a Date). Both read their day through ``Day/read(_:at:)``, so neither takes a day the calendar lacks.
extension Day {
    /// ISO 8601 with milliseconds, UTC: the precision the database keeps, so round trips are exact.
    public static func timestamp(_ date: Date) -> String {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = floor(ms / 1000)
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        // Digits by hand: String(format:) made `list --json` of 10,000 items measurably slower.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func put(_ value: Int, _ digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = value
            while divisor > 0 { out.append(UInt8(48 + (v / divisor) % 10)); v %= divisor; divisor /= 10 }
        }
        put(Int(parts.tm_year) + 1900, 4); out.append(45); put(Int(parts.tm_mon) + 1, 2); out.append(45)
        put(Int(parts.tm_mday), 2); out.append(84); put(Int(parts.tm_hour), 2); out.append(58)
        put(Int(parts.tm_min), 2); out.append(58); put(Int(parts.tm_sec), 2); out.append(46)
        put(Int(ms - seconds * 1000), 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` by hand, strictly: every field in range and a real
    /// calendar date. (Foundation's ISO8601DateFormatter, through ICU, died of a division by zero on a
    /// fraction of 40 digits; the restore fuzzer found it.)
    public static func date(timestamp text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in
            guard b.count >= 20, b.count <= 40, b[10] == 84 || b[10] == 116, let (day, time) = dayAndTime(b, maxSecond: 59)
            else { return nil }
            func digits(_ range: Range<Int>) -> Int? { number(b, range) }
            var i = 19
            var fraction = 0.0
            if b[i] == 46 {  // '.', then 1 to 9 digits
                i += 1
                var scale = 0.1
                let start = i
                while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                guard (1...9).contains(i - start) else { return nil }
            }
            var offset = 0
            if i == b.count - 1, b[i] == 90 || b[i] == 122 {  // Z
                i += 1
            } else if i + 6 == b.count, b[i] == 43 || b[i] == 45, b[i + 3] == 58, let h = digits(i + 1..<i + 3),
                let m = digits(i + 4..<i + 6), h < 24, m < 60
            {
                offset = (h * 60 + m) * 60 * (b[i] == 43 ? 1 : -1)
                i += 6
            } else {
                return nil  // a zone is required
            }
            guard i == b.count else { return nil }
            return Date(timeIntervalSince1970: Double(day.ordinal * 86_400 + time - offset) + fraction)
        }
    }

    /// Reads a time as the database stores it (`YYYY-MM-DD HH:MM:SS[.SSS]`, UTC; a `T` may stand for the
    /// space) by arithmetic: converting through GRDB's date parser cost a noticeable part of listing 10,000
    /// items. Nil when it is not that form or names no real day.
    public static func date(stored text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(stored: $0) }
    }

    static func date(stored b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 19, b[10] == 32 || b[10] == 84, let (day, time) = dayAndTime(b, maxSecond: 61) else { return nil }
        var fraction = 0.0
        if b.count > 19 {
            guard b[19] == 46, b.count > 20 else { return nil }
            var scale = 1.0
            for i in 20..<b.count {
                let digit = Int(b[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                scale /= 10; fraction += Double(digit) * scale
            }
        }
        return Date(timeIntervalSince1970: Double(day.ordinal * 86_400 + time) + fraction)
    }

    /// The day in `b[0..<10]` and the seconds into it of `HH:MM:SS` in `b[11..<19]`.
    private static func dayAndTime(_ b: UnsafeBufferPointer<UInt8>, maxSecond: Int) -> (Day, Int)? {
        guard b.count >= 19, let day = read(b, at: 0), b[13] == 58, b[16] == 58, let h = number(b, 11..<13),
            let m = number(b, 14..<16), let s = number(b, 17..<19), h < 24, m < 60, s <= maxSecond
        else { return nil }
        return (day, h * 3600 + m * 60 + s)
    }
}
