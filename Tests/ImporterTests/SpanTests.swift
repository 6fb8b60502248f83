import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// A model class that stands for several categories (its span): the kind comes from the user's confirmed
/// items when they agree, else a person is asked, and the model's confidence is never shown for a kind it
/// did not choose.
final class SpanTests: XCTestCase {
    /// Says "jacket" (an outer of any kind) with the given confidence, and an embedding made from the colour at
    /// the photo's centre (the garment), so photos of one colour are neighbours and others are not.
    struct OuterModel: ClothingClassifier {
        var confidence = 0.996
        /// What a fine-kind head is sure of, if anything.
        var kind: Prediction.Candidate?
        var input: ModelInput { ModelInput(size: 32, scale: 1 / 127.5, offset: -1, pad: 255) }
        func classify(_ image: RGBImage) throws -> Prediction {
            let centre = ((image.height / 2) * image.width + image.width / 2) * 3
            let embedding = (0..<3).map { Float(image.pixels[centre + $0]) / 255 - 0.3 }
            return Prediction(
                top: [
                    .init(category: "jacket", probability: confidence), .init(category: "blazer", probability: 0.003),
                    .init(category: "hoodie", probability: 0.001),
                ],
                embedding: embedding, span: DatasetLabels.spans["jacket"], kind: kind)
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

    func testAnOuterWithoutConfirmedNeighboursNeedsADetailAndIsNeverSilentlyAJacket() throws {
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: OuterModel())
        let report = importer.importFiles([try photo("coat.jpg", (120, 20, 40), seed: 1)])
        XCTAssertEqual(report.imported.count, 1)
        let item = try wardrobe.item(report.imported[0].1.id)
        XCTAssertTrue(item.needsReview, "a person is asked, however sure the model is of the class")
        XCTAssertEqual(item.detail, ["jacket", "coat", "parka", "winterOuter", "cardigan"])
        XCTAssertEqual(item.category, "jacket", "filed under the span's most common kind meanwhile")
        XCTAssertEqual(item.confidence, 0.996, "the confidence is the class's")
        XCTAssertEqual(item.guesses, ["jacket", "blazer", "hoodie"])
        // Answering the question confirms the kind; the generated name follows it.
        XCTAssertTrue(item.name.hasSuffix("jacket"), item.name)
        try wardrobe.confirm([item.id], category: "coat")
        let answered = try wardrobe.item(item.id)
        XCTAssertEqual(answered.category, "coat")
        XCTAssertTrue(answered.name.hasSuffix("coat"), answered.name)
        XCTAssertEqual(answered.detail, [])
        XCTAssertTrue(answered.isConfirmed)
    }

    func testAFineKindHeadsGuessIsTheDefaultAndTheFirstChoiceButAPersonIsStillAsked() throws {
        let model = OuterModel(kind: .init(category: "coat", probability: 0.97))
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: model)
        let item = try wardrobe.item(importer.importFiles([try photo("coat.jpg", (120, 20, 40), seed: 1)]).imported[0].1.id)
        XCTAssertEqual(item.category, "coat", "filed as the head's kind meanwhile")
        XCTAssertTrue(item.name.hasSuffix("coat"), item.name)
        XCTAssertTrue(item.needsReview, "still asked: the head errs on flat-lay photos")
        XCTAssertEqual(item.detail, ["coat", "jacket", "parka", "winterOuter", "cardigan"], "its kind offered first")
        XCTAssertEqual(item.confidence, 0.996, "the confidence shown is still the class's")
        // A kind outside the class's span is ignored.
        let stray = try PhotoImporter(wardrobe: wardrobe, classifier: OuterModel(kind: .init(category: "jeans", probability: 0.99)))
        let other = try wardrobe.item(stray.importFiles([try photo("other.jpg", (20, 160, 40), seed: 2)]).imported[0].1.id)
        XCTAssertEqual(other.category, "jacket")
        XCTAssertEqual(other.detail, ["jacket", "coat", "parka", "winterOuter", "cardigan"])
    }

    func testAfterThreeConfirmedCoatsAFourthIsFiledAsACoat() throws {
        var ids: [Int64] = []
        let first = try PhotoImporter(wardrobe: wardrobe, classifier: OuterModel())
        for n in 0..<3 {
            let report = first.importFiles([try photo("coat\(n).jpg", (120, 20, 40), seed: UInt32(n + 1))])
            ids.append(report.imported[0].1.id)
        }
        try wardrobe.confirm(ids, category: "coat")
        // A fresh importer reads the confirmed coats as the user's own examples.
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: OuterModel())
        let fourth = importer.importFiles([try photo("coat3.jpg", (118, 22, 41), seed: 9)]).imported[0].1
        let item = try wardrobe.item(fourth.id)
        XCTAssertEqual(item.category, "coat")
        XCTAssertFalse(item.needsReview)
        XCTAssertEqual(item.detail, [])
        // A photo far from every confirmed coat still asks.
        let other = importer.importFiles([try photo("green.jpg", (20, 160, 40), seed: 4)]).imported[0].1
        XCTAssertEqual(try wardrobe.item(other.id).detail.count, 5)
    }

    func testTheShippedManifestDeclaresTheSpansTheEvaluationUses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../models/clothing/manifest.json")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        XCTAssertEqual(manifest["spans"] as? [String: [String]], DatasetLabels.spans)
        let classes = manifest["classes"] as! [String]
        for (cls, span) in DatasetLabels.spans {
            XCTAssertTrue(classes.contains(cls))
            XCTAssertEqual(span.first, cls, "the class itself is its span's most common kind")
            for category in span { XCTAssertNotNil(Taxonomy.shared.category(CategoryID(category)), category) }
        }
    }
}

/// `closet doctor --recolour`: colours closet found are found again; typed ones, and typed names, stay.
final class ColourRefreshTests: XCTestCase {
    func testFoundColoursAreRecomputedAndGeneratedNamesFollowWhileTypedOnesStay() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let photo = try dir.write(
            "pink.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 200, height: 260, color: (230, 120, 160)), quality: 92))
        let other = try dir.write(
            "pink2.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 200, height: 260, color: (231, 121, 161), seed: 7), quality: 92))
        let importer = try PhotoImporter(wardrobe: wardrobe)
        var template = ItemTemplate()
        template.category = "hoodie"
        let found = importer.importFiles([photo, other], template: template).imported.map(\.1)
        XCTAssertEqual(found.count, 2)
        // As an older analysis left them: the first with found (wrong) colours and its generated name, the
        // second with colours a person typed (no shares) and a typed name.
        var stale = try wardrobe.item(found[0].id)
        stale.colors = ["grey"]; stale.colorShares = [0.9]; stale.name = "Grey hoodie"
        try wardrobe.update(stale)
        var typed = try wardrobe.item(found[1].id)
        typed.colors = ["grey"]; typed.colorShares = []; typed.name = "My grey hoodie"
        try wardrobe.update(typed)

        let outcome = try ColourRefresh(wardrobe: wardrobe).run()
        XCTAssertEqual(outcome.checked, 1, "only the found colours are candidates")
        XCTAssertEqual(outcome.recoloured, 1)
        XCTAssertEqual(outcome.renamed, 1)
        let fresh = try wardrobe.item(found[0].id)
        XCTAssertEqual(fresh.colors.first, "pink")
        XCTAssertEqual(fresh.name, "Pink hoodie")
        XCTAssertEqual(try wardrobe.item(found[1].id).colors, ["grey"])
        XCTAssertEqual(try wardrobe.item(found[1].id).name, "My grey hoodie")
        // Run again: nothing changes.
        XCTAssertEqual(try ColourRefresh(wardrobe: wardrobe).run().recoloured, 0)
    }
}
