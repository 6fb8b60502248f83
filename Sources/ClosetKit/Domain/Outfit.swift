import Foundation

/// A saved combination of items, as stored (the wardrobe gives it its id when it saves it).
public struct Outfit: Codable, Hashable, Sendable, Identifiable {
    public let id: Int64
    public var name: String
    public var itemIDs: [Int64]
    public var created: Date

    public init(id: Int64, name: String, itemIDs: [Int64], created: Date = Date()) {
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
