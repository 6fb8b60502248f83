/// The Korean "clothes by temperature" (기온별 옷차림) bands: which categories suit an apparent temperature.
public struct TemperatureBand: Sendable, Equatable {
    /// Lowest apparent temperature (°C) of the band, inclusive.
    public var from: Double
    public var label: String
    public var tops: Set<String>
    public var bottoms: Set<String>
    public var onepieces: Set<String>
    /// Outers that suit the band; empty when none is worn.
    public var outers: Set<String>
    /// An outer is part of every outfit (below 12 °C).
    public var outerRequired: Bool
    /// The warmth (1…5) an outfit's pieces should have.
    public var warmth: Double

    /// Warmest first. The table follows the bands, with the categories closet knows.
    public static let all: [TemperatureBand] = [
        .init(
            from: 28, label: "≥ 28 °C", tops: ["sleeveless", "shortSleeve"], bottoms: ["shortPants", "shortSkirt", "longSkirt"],
            onepieces: ["onePieceSet"], outers: [], outerRequired: false, warmth: 1),
        .init(
            from: 23, label: "23–27 °C", tops: ["shortSleeve", "blouseShirt", "sleeveless"],
            bottoms: ["shortPants", "longPants", "shortSkirt", "longSkirt"], onepieces: ["onePieceSet"], outers: [],
            outerRequired: false, warmth: 1.5),
        .init(
            from: 20, label: "20–22 °C", tops: ["longSleeve", "blouseShirt", "hoodie", "trainingTop"],
            bottoms: ["jeans", "longPants", "longSkirt", "trainingBottom"], onepieces: ["onePieceSet"], outers: ["cardigan"],
            outerRequired: false, warmth: 2),
        .init(
            from: 17, label: "17–19 °C", tops: ["sweater", "hoodie", "longSleeve", "trainingTop", "blouseShirt"],
            bottoms: ["jeans", "longPants", "trainingBottom", "longSkirt"], onepieces: ["onePieceSet"],
            outers: ["cardigan", "blazer", "vest"], outerRequired: false, warmth: 2.5),
        .init(
            from: 12, label: "12–16 °C", tops: ["longSleeve", "sweater", "hoodie", "blouseShirt", "trainingTop"],
            bottoms: ["jeans", "longPants", "trainingBottom"], onepieces: ["onePieceSet"],
            outers: ["jacket", "cardigan", "blazer", "vest"], outerRequired: false, warmth: 3),
        .init(
            from: 9, label: "9–11 °C", tops: ["sweater", "longSleeve", "hoodie", "blouseShirt"],
            bottoms: ["jeans", "longPants", "trainingBottom"], onepieces: [], outers: ["jacket", "coat", "blazer"],
            outerRequired: true, warmth: 3.5),
        .init(
            from: 5, label: "5–8 °C", tops: ["sweater", "hoodie", "longSleeve"], bottoms: ["jeans", "longPants"],
            onepieces: [], outers: ["coat", "jacket", "parka"], outerRequired: true, warmth: 4),
        .init(
            from: -.infinity, label: "≤ 4 °C", tops: ["sweater", "hoodie", "longSleeve"], bottoms: ["jeans", "longPants"],
            onepieces: [], outers: ["winterOuter", "parka", "coat"], outerRequired: true, warmth: 5),
    ]

    /// The band of a temperature (rounded to whole degrees, as the table is written).
    public static func band(for temperature: Double) -> TemperatureBand {
        let t = temperature.rounded()
        return all.first { t >= $0.from } ?? all.last!
    }

    /// Categories never worn at this temperature, whatever else scores: the hard rules.
    public static func forbidden(at temperature: Double, max: Double?) -> Set<String> {
        var out: Set<String> = []
        if temperature < 15 { out.formUnion(["shortPants", "sleeveless", "shortSkirt"]) }
        if temperature > 20 || (max ?? temperature) > 24 { out.insert("winterOuter") }
        if temperature > 16 { out.insert("parka") }
        return out
    }
}
