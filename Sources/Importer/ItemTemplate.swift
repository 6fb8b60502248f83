import ClosetKit

/// What a person typed for the items an import creates; anything set here wins over the classifier.
public struct ItemTemplate: Sendable {
    public var category: String?
    public var name: String?
    public var seasons: [Season] = []
    public var styles: [String] = []
    public var colors: [String] = []
    public var thickness: Int?
    public var brand: String?
    public var price: Double?
    public var size: String?
    public var comment: String?
    public var status: ItemStatus = .active
    /// The stylist's attributes, when typed (else the kind's defaults, and the pattern estimated from the photo).
    public var formality: Int?
    public var pattern: ItemPattern?
    public var open: Bool?
    public var rainproof: Bool?

    public init() {}
}
