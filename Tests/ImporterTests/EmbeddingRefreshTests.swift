import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// Embeddings of two models do not compare: the ones another model made (or of unknown origin) are computed
/// again from the stored photos before the k-NN, the near-duplicate warning or `similar` use them.
final class EmbeddingRefreshTests: XCTestCase {
    /// Says "shortSleeve"; its embedding is the photo's centre colour, scaled by `gain`, under the name `model`
    /// (two gains stand for two models whose vectors differ).
    struct Model: ClothingClassifier {
        var model: String
        var gain: Float
        var input: ModelInput { ModelInput(size: 32, scale: 1 / 127.5, offset: -1, pad: 255) }
        var embeddingModel: String { model }
        func classify(_ image: RGBImage) throws -> Prediction {
            let centre = ((image.height / 2) * image.width + image.width / 2) * 3
            let embedding = (0..<3).map { gain * (Float(image.pixels[centre + $0]) / 255 - 0.3) }
            return Prediction(top: [.init(category: "shortSleeve", probability: 0.9)], embedding: embedding)
        }
    }

    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func importThree(with model: Model) throws -> [Int64] {
        let files = try [(200, 30, 30), (30, 200, 30), (30, 30, 200)].enumerated().map { n, c in
            try dir.write(
                "p\(n).jpg",
                ImageEncoder.jpeg(SyntheticPhoto.garment(width: 120, height: 160, color: c, seed: UInt32(n)), quality: 90))
        }
        let report = try PhotoImporter(wardrobe: wardrobe, classifier: model).importFiles(files)
        XCTAssertEqual(report.imported.count, 3)
        return report.imported.map { $0.1.id }
    }

    func testAnotherModelsEmbeddingsAreComputedAgainOnceAndOnlyThenCompared() throws {
        let old = Model(model: "old@1", gain: 1), new = Model(model: "new@2", gain: -2)
        let ids = try importThree(with: old)
        XCTAssertEqual(try wardrobe.embeddings(confirmedOnly: false, model: "old@1").count, 3, "import stamps the model")
        XCTAssertEqual(try EmbeddingRefresh(wardrobe: wardrobe, classifier: old).stale().count, 0)

        // The new model compares none of the old vectors before the refresh.
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe, classifier: new).everything.count, 0)
        let refresh = EmbeddingRefresh(wardrobe: wardrobe, classifier: new)
        XCTAssertEqual(try refresh.stale().count, 3)
        var steps: [Int] = []
        let outcome = try refresh.run { done, total in
            XCTAssertEqual(total, 3)
            steps.append(done)
        }
        XCTAssertEqual(outcome.refreshed, 3)
        XCTAssertEqual(steps, [1, 2, 3], "progress after each photo")
        XCTAssertEqual(try refresh.stale().count, 0)
        XCTAssertEqual(try refresh.run().refreshed, 0, "once: a second run finds nothing to do")

        // The stored vectors are the new model's, computed from the stored photos.
        let stored = try wardrobe.embeddings(confirmedOnly: false, model: "new@2")
        XCTAssertEqual(Set(stored.map { $0.item.id }), Set(ids))
        for (item, vector) in stored {
            let photo = try XCTUnwrap(try wardrobe.photo(item.photo!))
            let file = try wardrobe.photos.url(hash: photo.hash, ext: photo.ext)
            let decoder = ImageDecoder()
            let image = try decoder.decode(try decoder.read(file: file), fitting: PixelSize(width: 32, height: 32)).image
            XCTAssertEqual(vector, try new.classify(image).embedding)
        }
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe, classifier: new).everything.count, 3)
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe, classifier: old).everything.count, 0)
    }

    /// Wardrobes made before closet recorded the model (the column is NULL) count as stale; so do photos
    /// imported with the classifier off, which have no embedding yet. A missing photo file is reported, not fatal.
    func testUnknownAndMissingEmbeddingsAreStaleAndAnUnreadablePhotoIsReported() throws {
        let ids = try importThree(with: Model(model: "m", gain: 1))
        let first = try wardrobe.item(ids[0]), second = try wardrobe.item(ids[1])
        try wardrobe.setEmbedding([1, 2, 3], photo: first.photo!)  // as before the stamp existed
        let plain = try dir.write(
            "plain.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 120, height: 160, color: (90, 90, 90), seed: 9), quality: 90))
        var template = ItemTemplate()
        template.category = "hoodie"
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe).importFiles([plain], template: template).imported.count, 1)
        let refresh = EmbeddingRefresh(wardrobe: wardrobe, classifier: Model(model: "m", gain: 1))
        XCTAssertEqual(try refresh.stale().count, 2, "the unstamped one and the one without an embedding")

        let stored = try XCTUnwrap(try wardrobe.photo(second.photo!))
        try wardrobe.setEmbedding([0, 0, 0], photo: second.photo!, model: "other")
        try FileManager.default.removeItem(at: try wardrobe.photos.url(hash: stored.hash, ext: stored.ext))
        let outcome = try refresh.run()
        XCTAssertEqual(outcome.refreshed, 2)
        XCTAssertEqual(outcome.failed.map(\.hash), [stored.hash])
        XCTAssertEqual(try refresh.stale().map(\.hash), [stored.hash], "tried again next time")
    }
}
