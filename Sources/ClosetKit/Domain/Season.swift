import Foundation

/// A season of the year.
public enum Season: String, Codable, CaseIterable, Comparable, Sendable {
    case spring, summer, autumn, winter

    /// Parses `spring`, `summer`, `autumn`/`fall`, `winter`, or throws a usage error.
    public init(parsing text: String) throws {
        let lower = text.lowercased()
        if lower == "fall" { self = .autumn; return }
        guard let season = Season(rawValue: lower) else {
            throw ClosetError.usage("unknown season '\(text)'. Valid seasons: spring, summer, autumn, winter")
        }
        self = season
    }

    /// The season a date falls in (northern hemisphere, meteorological seasons).
    public static func of(_ date: Date, calendar: Calendar = .current) -> Season {
        switch calendar.component(.month, from: date) {
        case 3...5: return .spring
        case 6...8: return .summer
        case 9...11: return .autumn
        default: return .winter
        }
    }

    public static func < (a: Season, b: Season) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
