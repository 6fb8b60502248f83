import ClosetKit
import Foundation

/// The Today screen: outfits for the day's weather as cards, a piece selected in the chosen card, the
/// temperature field (only while typing one), and the week view.
public struct TodayState: Equatable, Sendable {
    /// One outfit card.
    public struct Card: Equatable, Sendable {
        public var ids: [Int64]
        /// One line: "5 °C, windy → knit under the jacket".
        public var why: String
        /// "#casual #closet #₩50,000".
        public var tags: String

        public init(ids: [Int64], why: String, tags: String) { self.ids = ids; self.why = why; self.tags = tags }
    }

    /// One day of the week view.
    public struct Day: Equatable, Sendable {
        public var date: String
        public var weather: String
        public var ids: [Int64]
        public var why: String

        public init(date: String, weather: String, ids: [Int64], why: String) {
            self.date = date; self.weather = weather; self.ids = ids; self.why = why
        }
    }

    public var cards: [Card] = []
    public var index = 0
    /// The piece selected in the chosen card (for swap and "not today").
    public var piece = 0
    /// Which weather the cards are for, in words: "12 °C typed yesterday · T to change".
    public var source: String?
    public var warnings: [String] = []
    /// Why there are no cards (an error in words), when there are none.
    public var failure: String?
    /// The temperature being typed; nil when not typing.
    public var field: TextField?
    /// Items left out of today's suggestions.
    public var notToday: Set<Int64> = []
    public var week: [Day]?
    public var showWeek = false

    public init() {}

    public var card: Card? { cards.indices.contains(index) ? cards[index] : nil }
    public var selectedID: Int64? { card.flatMap { $0.ids.indices.contains(piece) ? $0.ids[piece] : nil } }
}
