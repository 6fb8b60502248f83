import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// A photo of the `shoes` class: import files the kind a sure shoe head names, or the kind two of the person's
/// confirmed shoes agree on; else it is "shoes" (kind not known yet) and needs a detail, the seven kinds
/// offered in the head's order.
final class ShoeSpanTests: XCTestCase {
    static let kinds = ["sneakers", "boots", "sandals", "heels", "flats", "loafers", "dressShoes"]

    /// Says "shoes" for every photo, with an embedding from the colour at its centre (photos of one colour are
    /// neighbours), and the head's ranking `ranked`, sure of its first kind at or above 0.8.
    struct ShoeModel: ClothingClassifier {
        var ranked: [(String, Double)] = []
        var input: ModelInput { ModelInput(size: 32, scale: 1 / 127.5, offset: -1, pad: 255) }
        func classify(_ image: RGBImage) throws -> Prediction {
            let centre = ((image.height / 2) * image.width + image.width / 2) * 3
            let embedding = (0..<3).map { Float(image.pixels[centre + $0]) / 255 - 0.3 }
            let kinds = ranked.map { Prediction.Candidate(category: $0.0, probability: $0.1) }
            return Prediction(
                top: [.init(category: "shoes", probability: 0.98), .init(category: "hat", probability: 0.01)], embedding: embedding,
                span: DatasetLabels.spans["shoes"], kind: kinds.first.flatMap { $0.probability >= 0.8 ? $0 : nil }, kinds: kinds,
                kindFilesAlone: true)
        }
    }

    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func photo(_ name: String, _ color: (UInt8, UInt8, UInt8), seed: UInt32) throws -> URL {
        try dir.write(name, ImageEncoder.jpeg(SyntheticPhoto.garment(width: 160, height: 200, color: color, seed: seed), quality: 90))
    }

    func imported(_ model: ShoeModel, _ name: String, _ color: (UInt8, UInt8, UInt8), seed: UInt32 = 1) throws -> Item {
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: model)
        let report = importer.importFiles([try photo(name, color, seed: seed)])
        XCTAssertEqual(report.imported.count, 1)
        return try wardrobe.item(report.imported[0].1.id)
    }

    func testAnUnsureShoeNeedsADetailWithTheSevenKindsInTheHeadsOrder() throws {
        let ranked = [
            ("sandals", 0.45), ("flats", 0.3), ("heels", 0.1), ("sneakers", 0.06), ("loafers", 0.04), ("boots", 0.03),
            ("dressShoes", 0.02),
        ]
        let item = try imported(ShoeModel(ranked: ranked), "wedge.jpg", (150, 110, 80))
        XCTAssertEqual(item.category, "shoes", "kind not known yet: never filed as a closed kind meanwhile")
        XCTAssertTrue(item.needsReview)
        XCTAssertEqual(item.detail, ["sandals", "flats", "heels", "sneakers", "loafers", "boots", "dressShoes"])
        XCTAssertEqual(item.confidence, 0.98, "the confidence is the class's")
        // Answering the question files the kind.
        try wardrobe.confirm([item.id], category: "sandals")
        XCTAssertEqual(try wardrobe.item(item.id).category, "sandals")
        XCTAssertEqual(try wardrobe.item(item.id).detail, [])
        // Without a head's ranking: the seven kinds in the span's order, and still not "shoes".
        XCTAssertEqual(try imported(ShoeModel(), "plain.jpg", (20, 160, 40), seed: 2).detail.map(\.rawValue), Self.kinds)
    }

    func testASureShoeHeadFilesTheKindWithoutAsking() throws {
        let item = try imported(ShoeModel(ranked: [("boots", 0.91), ("sneakers", 0.05)]), "boot.jpg", (60, 40, 30))
        XCTAssertEqual(item.category, "boots")
        XCTAssertFalse(item.needsReview)
        XCTAssertEqual(item.detail, [])
        XCTAssertTrue(item.name.hasSuffix("boots"), item.name)
    }

    func testTwoConfirmedSneakersNameTheKindOfAThird() throws {
        let model = ShoeModel(ranked: [("flats", 0.5), ("sneakers", 0.4)])
        var ids: [Int64] = []
        for n in 0..<2 { ids.append(try imported(model, "s\(n).jpg", (200, 30, 30), seed: UInt32(n + 1)).id) }
        try wardrobe.confirm(ids, category: "sneakers")
        let third = try imported(model, "s2.jpg", (198, 32, 31), seed: 7)
        XCTAssertEqual(third.category, "sneakers")
        XCTAssertFalse(third.needsReview)
        // Shoes confirmed as just "shoes" name no kind: the next one is still asked about.
        let plain = try imported(model, "p0.jpg", (30, 30, 200), seed: 3), other = try imported(model, "p1.jpg", (31, 30, 201), seed: 4)
        try wardrobe.confirm([plain.id, other.id], category: "shoes")
        let next = try imported(model, "p2.jpg", (30, 31, 199), seed: 5)
        XCTAssertEqual(next.category, "shoes")
        XCTAssertTrue(next.needsReview)
        XCTAssertEqual(next.detail.first, "flats")
    }
}
