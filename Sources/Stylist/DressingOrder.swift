/// The order a person puts an outfit on: the base top (or the one-piece), the mid layer, the outer layer,
/// then the bottom and the shoes. Every front end lists an outfit's pieces in it.
extension Slot {
    /// The slot's place in the dressing order (a one-piece takes the base top's).
    public var dressingRank: Int {
        switch self {
        case .top, .onepiece: 0
        case .mid: 1
        case .outer: 2
        case .bottom: 3
        case .shoes: 4
        }
    }
}

extension SuggestedOutfit {
    /// The outfit with its pieces in the dressing order (pieces of one slot keep their order).
    public var inDressingOrder: SuggestedOutfit {
        var outfit = self
        outfit.pieces = pieces.enumerated().sorted {
            ($0.element.slot.dressingRank, $0.offset) < ($1.element.slot.dressingRank, $1.offset)
        }.map(\.element)
        return outfit
    }
}
