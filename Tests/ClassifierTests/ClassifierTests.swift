import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// The shipped model (models/clothing) through the app's own pipeline.
final class ClassifierTests: XCTestCase {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/clothing/manifest.json")

    func classifier() throws -> CNNClassifier { try CNNClassifier(manifestURL: Self.manifest) }

    func testTheShippedModelLoadsWithItsClassesAndCalibration() throws {
        let c = try classifier()
        XCTAssertEqual(c.classes.count, 13)
        XCTAssertTrue(c.classes.allSatisfy { Taxonomy.shared.category(CategoryID($0)) != nil }, "every class is an app category")
        // Photos are fitted into the model's input (240: MobileNetV2 reads it whole, Lite0 a 224 copy), scaled as
        // MobileNetV2 expects.
        XCTAssertEqual(c.input, ModelInput(size: c.network.manifest.input.height, scale: 1 / 127.5, offset: -1, pad: 255))
        XCTAssertNotNil(c.network.manifest.temperature)
        let p = try c.classify(SyntheticPhoto.garment(width: 300, height: 400))
        XCTAssertEqual(p.top.count, 3)
        XCTAssertEqual(p.embedding.count, 1280)
        XCTAssertGreaterThanOrEqual(p.top[0].probability, p.top[1].probability)
    }

    /// Learning from the user: a category the model has never seen (vest) becomes the prediction for a
    /// similar photo once a few items of it are confirmed.
    func testConfirmedExamplesTeachANewCategory() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: try classifier())
        func photo(_ seed: UInt32, _ color: (UInt8, UInt8, UInt8)) throws -> URL {
            var image = SyntheticPhoto.garment(width: 300, height: 400, color: color, seed: seed)
            // A vest: the garment without sleeves, a V cut at the neck.
            for y in 80..<147 { for x in 0..<300 where abs(x - 150) >= 50 && abs(x - 150) < 100 { image[x, y] = (236, 236, 232) } }
            for y in 80..<130 { for x in (150 - (130 - y) / 2)..<(150 + (130 - y) / 2) { image[x, y] = (236, 236, 232) } }
            return try dir.write("vest\(seed).jpg", ImageEncoder.jpeg(image, quality: 90))
        }
        let baseline = try importer.prepare(try photo(99, (60, 60, 70))).prediction!
        XCTAssertNotEqual(baseline.category, "vest", "the model alone does not know vests")
        var template = ItemTemplate()
        template.category = "vest"
        let taught = importer.importFiles(
            [try photo(1, (50, 50, 60)), try photo(2, (70, 70, 80)), try photo(3, (55, 60, 65))], template: template)
        XCTAssertEqual(taught.imported.count, 3)
        XCTAssertEqual(importer.personal.count, 3)
        let after = try importer.prepare(try photo(99, (60, 60, 70))).prediction!
        XCTAssertEqual(after.category, "vest", "the k-NN over confirmed items wins: \(after.top)")
        // A fresh importer reads the confirmed examples back from the wardrobe.
        let reloaded = try PhotoImporter(wardrobe: wardrobe, classifier: try classifier())
        XCTAssertEqual(reloaded.personal.count, 3)
        XCTAssertEqual(try reloaded.prepare(try photo(98, (65, 62, 70))).prediction?.category, "vest")
    }

    func testImportSetsTheCategoryOrAsksForReview() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let importer = try PhotoImporter(wardrobe: wardrobe, classifier: try classifier())
        let files = try (0..<3).map { i in
            try dir.write(
                "p\(i).jpg",
                ImageEncoder.jpeg(
                    SyntheticPhoto.garment(width: 240, height: 320, color: (UInt8(40 * i), 90, 160), seed: UInt32(i)), quality: 90))
        }
        importer.threshold = 1.01  // nothing is sure enough: everything needs review
        let report = importer.importFiles(files)
        XCTAssertEqual(report.imported.count, 3)
        XCTAssertTrue(report.imported.allSatisfy { $0.1.needsReview && $0.1.confidence != nil })
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(needsReview: true)).count, 3)
        let again = try dir.write(
            "q.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: (0, 90, 160), seed: 0), quality: 89))
        importer.threshold = 0
        let second = importer.importFiles([again])
        XCTAssertFalse(second.imported[0].1.needsReview)
        XCTAssertTrue(second.warnings.first?.1.contains("looks like item") ?? false, "near-duplicate warning: \(second.warnings)")
    }

    func testEvaluationMetrics() {
        var e = Evaluation()
        e.add(truth: "longPants", predicted: "jeans")  // counts as correct
        e.add(truth: "longPants", predicted: "longPants")
        e.add(truth: "shoes", predicted: "shoes")
        e.add(truth: "shoes", predicted: "hat")
        XCTAssertEqual(e.accuracy, 0.75)
        XCTAssertEqual(e.perCategory["longPants"]?.recall, 1)
        XCTAssertEqual(e.perCategory["shoes"]?.recall, 0.5)
        XCTAssertEqual(e.confusion["shoes"]?["hat"], 1)
        XCTAssertEqual(DatasetLabels.category(for: "Polo", known: { _ in false }), "shortSleeve")
        XCTAssertNil(DatasetLabels.category(for: "Not sure", known: { _ in false }))
        XCTAssertNil(e.calibrationError(), "no confidence was given")
    }

    func testCalibrationErrorIsTheWeightedGapBetweenConfidenceAndAccuracyPerBin() throws {
        var e = Evaluation()
        e.add(truth: "shoes", predicted: "shoes", confidence: 0.9)
        e.add(truth: "shoes", predicted: "hat", confidence: 0.9)
        e.add(truth: "hat", predicted: "hat", confidence: 0.3)
        e.add(truth: "longPants", predicted: "jeans", confidence: 0.3)  // right through the span
        // 0.9: half right, a gap of 0.4; 0.3: all right, a gap of 0.7; each bin holds half the photos.
        XCTAssertEqual(try XCTUnwrap(e.calibrationError()), 0.55, accuracy: 1e-12)

        var calibrated = Evaluation()
        for i in 0..<10 { calibrated.add(truth: "hat", predicted: i < 7 ? "hat" : "shoes", confidence: 0.7) }
        XCTAssertEqual(try XCTUnwrap(calibrated.calibrationError()), 0, accuracy: 1e-12)

        // A bin's upper edge belongs to it: 0.2 (3/15) shares (2/15, 3/15] with 0.15, not (3/15, 4/15] with 0.25.
        var edge = Evaluation()
        edge.add(truth: "hat", predicted: "hat", confidence: 0.2)
        edge.add(truth: "hat", predicted: "shoes", confidence: 0.15)
        edge.add(truth: "hat", predicted: "shoes", confidence: 0.25)
        XCTAssertEqual(try XCTUnwrap(edge.calibrationError(bins: 15)), (2 * abs(0.5 - 0.175) + 0.25) / 3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(edge.calibrationError(bins: 1)), abs(1.0 / 3 - 0.2), accuracy: 1e-12)

        var hostile = Evaluation()
        hostile.add(truth: "hat", predicted: "hat", confidence: .nan)
        XCTAssertNil(hostile.calibrationError(), "a confidence that is not a number is not counted")
        hostile.add(truth: "hat", predicted: "hat", confidence: 1.5)
        XCTAssertEqual(try XCTUnwrap(hostile.calibrationError()), 0, accuracy: 1e-12, "clamped to 1, and right")
        XCTAssertNil(hostile.calibrationError(bins: 0))
    }

    /// The real test split, when ../shared is there (skipped on machines without the dataset): the app's engine,
    /// decode and calibration give the figures the model card reports from the training tools (metrics.json).
    func testRealPhotosGiveTheModelCardsFigures() throws {
        guard let root = ColourLabelScore.clothing,
            let text = try? String(contentsOf: root.appendingPathComponent("labels.csv"), encoding: .utf8)
        else { throw Requirement.missing("../shared/datasets/clothing is not here") }
        let card = try XCTUnwrap(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.manifest.deletingLastPathComponent().appendingPathComponent("metrics.json")))
                as? [String: Any])
        let test = try XCTUnwrap(card["test"] as? [String: Any])
        let c = try classifier()
        var e = Evaluation()
        for r in try CSV.records(text).filter({ $0["split"] == "test" }) {
            guard let truth = DatasetLabels.category(for: r["label"]!, known: { _ in false }),
                let data = FileManager.default.contents(atPath: root.appendingPathComponent("images/\(r["image"]!).jpg").path)
            else { continue }
            let prediction = try c.classify(photo: data)
            e.add(truth: truth, predicted: prediction.category, confidence: prediction.confidence)
        }
        XCTAssertEqual(e.pairs.count, 511, "the test photos with a category")
        XCTAssertEqual(e.accuracyTenLargest, try XCTUnwrap(test["accuracy_ten_largest"] as? Double), accuracy: 0.003)
        XCTAssertEqual(e.macroF1, try XCTUnwrap(test["macro_f1"] as? Double), accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(e.calibrationError()), try XCTUnwrap(card["ece_test_after"] as? Double), accuracy: 0.005)
        print(
            String(
                format: "test: %d photos, ten largest %.4f, macro-F1 %.4f, calibration error %.4f", e.pairs.count,
                e.accuracyTenLargest, e.macroF1, e.calibrationError() ?? .nan))
    }
}

/// The labelled real photos' colours (ImagingTests/Fixtures/colour_labels.csv) as import finds them: the
/// centre weighting scaled by the classifier's garment map (its class activation map), each pixel named and
/// the first colour chosen with the palette's naming priors. Measured 74 of 96 (77.1 %) against 70 (72.9 %)
/// for the centre weighting alone (RealPhotoColourTests); 74 too before lightness was anchored, 71 (74.0 %)
/// with the looser background fill (ΔE 14) used before, 65 (67.7 %) when clusters were named instead.
final class GarmentColourTests: XCTestCase {
    /// Scores the first colour import names, with the shipped classifier's garment map, on a label file of
    /// ImagingTests/Fixtures.
    func score(_ labels: String, group: String) throws -> ColourLabelScore {
        guard let images = ColourLabelScore.clothingImages else { throw Requirement.missing("../shared/datasets/clothing is not here") }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ImagingTests/Fixtures")
        let classifier = try CNNClassifier(manifestURL: ClassifierTests.manifest)
        let importer = try PhotoImporter(wardrobe: try Wardrobe(folder: TemporaryDirectory().path("w")), classifier: classifier)
        let file = fixtures.appendingPathComponent(labels)
        let score = try ColourLabelScore(labels: file, group: group, images: images) { photo in
            let prepared = try importer.prepare(photo)
            XCTAssertNotNil(prepared.model?.garmentMap, "import asks for the map")
            return prepared.colors.first?.name ?? "none"
        }
        print("colour with the garment map (\(labels)): " + score.summary)
        return score
    }

    /// The held-out `test` photos the colours issue measures: 74 of 96 with the garment map, 70 without it
    /// (RealPhotoColourTests). The floor was 0.77, exactly 74 of 96, so one borderline photo named otherwise (another
    /// kernel set's rounding) failed it. It now counts photos, with two of margin either way: at least 72, two under
    /// the measure and two over the pipeline without the map, so a loss of three photos, or of what the map adds,
    /// still fails it.
    func testColoursFromTheGarmentMapOnRealPhotos() throws {
        let score = try score("colour_labels.csv", group: "background")
        XCTAssertEqual(score.total, 96)
        XCTAssertGreaterThanOrEqual(score.right, 72, "photos whose first colour a person accepts, with the garment map (measured 74)")
    }

    /// 108 more `train` photos (not fitted), drawn at random among those whose border is strongly coloured
    /// (a red or pink blanket) or dim: where a white garment reads light grey until lightness is anchored
    /// (`LightnessAnchor`; 82 of 108 without it, five white T-shirts labelled "white" alone reading light grey).
    func testColoursInColouredOrDimScenes() throws {
        let score = try score("colour_labels_scenes.csv", group: "scene")
        XCTAssertEqual(score.total, 108)
        XCTAssertGreaterThanOrEqual(score.accuracy, 0.8)
    }
}
