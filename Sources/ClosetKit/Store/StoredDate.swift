import Foundation

/// Reads the timestamps GRDB stores (`YYYY-MM-DD HH:MM:SS.SSS`, UTC) by arithmetic. Converting them
/// through GRDB's date parser cost a noticeable part of listing 10,000 items.
enum StoredDate {
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 32 || b[10] == 84, b[13] == 58, b[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Day.number(b, range) }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let h = number(11..<13),
            let mi = number(14..<16), let s = number(17..<19), (1...12).contains(m), (1...31).contains(d), h < 24, mi < 60, s < 62
        else { return nil }
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
        let day = Day.ordinal(year: y, month: m, day: d)
        return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + mi * 60 + s) + fraction)
    }
}
