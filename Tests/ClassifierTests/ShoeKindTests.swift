import Classifier
import ClosetKit
import Foundation
import Importer
import TestSupport
import XCTest

/// Shoes by kind (issue 36): the shipped shoe head, the span decision (filed by kind when sure, else "needs a
/// detail" with the kinds in the head's order, "shoes" never offered as a kind), and the hidden check on real
/// photos: a shoe is filed by kind or asked about, never silently open for closed.
final class ShoeKindTests: XCTestCase {
    static let kinds = ["sneakers", "boots", "sandals", "heels", "flats", "loafers", "dressShoes"]
    static let span = ["shoes"] + kinds

    /// A prediction of the `shoes` class: `ranked` is the head's order with probabilities, `sure` its kind when
    /// at or above the threshold.
    func shoe(
        confidence: Double = 0.97, ranked: [(String, Double)] = [], sure: String? = nil, filesAlone: Bool = true
    ) -> Prediction {
        let kinds = ranked.map { Prediction.Candidate(category: $0.0, probability: $0.1) }
        return Prediction(
            top: [.init(category: "shoes", probability: confidence), .init(category: "hat", probability: 1 - confidence)],
            embedding: [1, 0], span: Self.span, kind: sure.flatMap { s in kinds.first { $0.category == s } }, kinds: kinds,
            kindFilesAlone: filesAlone)
    }

    func decide(_ model: Prediction, personal: String? = nil) -> KindDecision {
        KindDecision.decide(model: model, kinds: KindDecision.kinds(of: model), personal: personal, threshold: 0.6)
    }

    func testTheShippedShoeHeadKnowsTheSevenKindsAndFilesAloneOnlyBelowAThresholdOfOne() throws {
        let heads = try FineKindHead.load(FineKindTests.models.appendingPathComponent("fine_kinds.json"))
        let shoes = try XCTUnwrap(heads.first { $0.modelClass == "shoes" })
        XCTAssertEqual(shoes.kinds, Self.kinds)
        // tools/train/fine_kinds.py lets the head file alone only where a threshold below 1 filed no open shoe as
        // closed (nor closed as open) on val and train's out-of-fold photos; else it only orders the question.
        XCTAssertEqual(shoes.filesAlone, shoes.threshold < 1)
        XCTAssertGreaterThan(shoes.threshold, 0.5)
        XCTAssertEqual(heads.first { $0.modelClass == "jacket" }?.filesAlone, false, "the outer head still asks")
        // The manifest's span for shoes: the class first ("kind not known yet"), then the head's kinds.
        XCTAssertEqual(try CNNClassifier(manifestURL: ClassifierTests.manifest).spans["shoes"], Self.span)
        XCTAssertEqual(DatasetLabels.kindNotKnown, ["shoes"])
        for kind in Self.kinds { XCTAssertEqual(Taxonomy.shared.category(CategoryID(kind))?.group, "shoes", kind) }
    }

    func testAHeadRanksEveryKindAndReadsFilesAloneFromItsFile() throws {
        let head = FineKindHead(
            modelClass: "shoes", kinds: ["sneakers", "boots", "sandals"], tap: "t", threshold: 0.8,
            weights: [[1], [1], [1]], bias: [0, 0, 0])
        XCTAssertEqual(head.ranked([0.5, 2, 1]).map(\.category), ["boots", "sandals", "sneakers"])
        XCTAssertEqual(head.ranked([1, 1, 1]).map(\.category), ["sneakers", "boots", "sandals"], "ties keep the head's order")
        XCTAssertEqual(head.ranked([1, 1]), [], "logits of another head")
        XCTAssertFalse(head.filesAlone, "a head asks unless its file says otherwise")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("closet-heads-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = #"{"class":"shoes","kinds":["a","b"],"tap":"t","threshold":0.9,"weights":[[1],[0]],"bias":[0,0]"#
        try Data(#"{"version":1,"heads":[\#(file),"filesAlone":true}]}"#.utf8).write(to: url)
        XCTAssertEqual(try FineKindHead.load(url).first?.filesAlone, true)
        try Data(#"{"version":1,"heads":[\#(file)}]}"#.utf8).write(to: url)
        XCTAssertEqual(try FineKindHead.load(url).first?.filesAlone, false)
    }

    func testASureShoeHeadFilesTheKindWithoutAsking() {
        let model = shoe(ranked: [("sandals", 0.93), ("flats", 0.04), ("sneakers", 0.03)], sure: "sandals")
        XCTAssertEqual(decide(model), KindDecision(category: "sandals", needsReview: false, detail: []))
        // Unsure of the class itself: filed as the kind meanwhile, but the class is asked about.
        XCTAssertEqual(decide(shoe(confidence: 0.4, ranked: [("sandals", 0.93)], sure: "sandals")).needsReview, true)
        // A head that may not file alone: its kind is offered first, and the shoe stays "kind not known yet".
        let offered = decide(shoe(ranked: [("flats", 0.99), ("sandals", 0.01)], sure: "flats", filesAlone: false))
        XCTAssertEqual(offered.category, "shoes", "never the closed kind a head guessed, while asked")
        XCTAssertTrue(offered.needsReview)
        XCTAssertEqual(offered.detail, ["flats", "sandals", "sneakers", "boots", "heels", "loafers", "dressShoes"])
    }

    func testAnUnsureShoeHeadAsksWithTheSevenKindsInItsOrderAndNeverOffersShoes() {
        let model = shoe(ranked: [
            ("flats", 0.41), ("sandals", 0.38), ("heels", 0.1), ("sneakers", 0.05), ("loafers", 0.03),
            ("boots", 0.02), ("dressShoes", 0.01),
        ])
        let decision = decide(model)
        XCTAssertEqual(decision.category, "shoes", "kind not known yet, never a closed kind by default")
        XCTAssertTrue(decision.needsReview)
        XCTAssertEqual(decision.detail, ["flats", "sandals", "heels", "sneakers", "loafers", "boots", "dressShoes"])
        // Without a head: the kinds in the span's order, still without "shoes".
        XCTAssertEqual(decide(shoe()).detail, Self.kinds)
        XCTAssertEqual(decide(shoe()).category, "shoes")
    }

    func testConfirmedNeighboursNameTheKindButNeverJustShoes() {
        XCTAssertEqual(decide(shoe(), personal: "boots"), KindDecision(category: "boots", needsReview: false, detail: []))
        XCTAssertFalse(KindDecision.kinds(of: shoe()).contains("shoes"))
        XCTAssertEqual(decide(shoe(), personal: "shoes").category, "shoes")
        XCTAssertTrue(decide(shoe(), personal: "shoes").needsReview, "a shoe confirmed as just a shoe names no kind")
    }

    func testAnOuterHeadsSureKindIsStillOnlyOfferedFirst() {
        let span = ["jacket", "coat", "parka", "winterOuter", "cardigan"]
        let coat = Prediction(
            top: [.init(category: "jacket", probability: 0.99)], embedding: [], span: span,
            kind: .init(category: "coat", probability: 0.9),
            kinds: [.init(category: "coat", probability: 0.9), .init(category: "jacket", probability: 0.1)])
        XCTAssertEqual(
            decide(coat), KindDecision(category: "coat", needsReview: true, detail: ["coat", "jacket", "parka", "winterOuter", "cardigan"]))
        // Unsure: filed under the span's most common kind, the head's order first.
        var unsure = coat
        unsure.kind = nil
        XCTAssertEqual(
            decide(unsure),
            KindDecision(category: "jacket", needsReview: true, detail: ["coat", "jacket", "parka", "winterOuter", "cardigan"]))
    }

    /// The hidden check of issue 36 on the photos a developer may look at: the clothing set's `test` shoes
    /// (41, not trained on), labelled by eye in tools/train/shoe_kinds.csv, each through import as a person's
    /// photo is (decode, classify, the shoe head, KindDecision). A shoe is filed by its kind or asked about;
    /// none is filed without asking as a kind whose openness is not its own (sandals open, the rest closed).
    func testRealShoePhotosAreFiledByKindOrAskedNeverSilentlyOpenForClosed() throws {
        // ../shared beside the repository, or where CLOSET_SHARED says (as tools/train/fine_kinds.py reads it).
        let shared = ProcessInfo.processInfo.environment["CLOSET_SHARED"].map {
            URL(fileURLWithPath: $0).appendingPathComponent("datasets/clothing/images")
        }
        guard let images = ColourLabelScore.clothingImages ?? shared.flatMap({ FileManager.default.fileExists(atPath: $0.path) ? $0 : nil })
        else { throw Requirement.missing("../shared/datasets/clothing is not here (nor CLOSET_SHARED)") }
        let csv = FineKindTests.models.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/train/shoe_kinds.csv")
        let text = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let photos = try CSV.records(text).filter { $0["split"] == "test" }
        XCTAssertEqual(photos.count, 41)
        let importer = try PhotoImporter(
            wardrobe: try Wardrobe(folder: TemporaryDirectory().path("w")),
            classifier: try CNNClassifier(manifestURL: ClassifierTests.manifest))
        var right = 0, asked = 0, firstThree = 0, wrongKind = 0, openForClosed: [String] = [], notAShoe: [String] = []
        for photo in photos {
            let image = try XCTUnwrap(photo["image"]), kind = photo["kind"] ?? "", open = photo["open"] ?? ""
            let item = try importer.item(for: try importer.prepare(images.appendingPathComponent("\(image).jpg")), template: ItemTemplate())
            if item.needsReview {
                asked += 1
                // Asked about its kind: "shoes" meanwhile, the seven kinds offered in the head's order.
                if item.category == "shoes" {
                    XCTAssertEqual(Set(item.detail.map(\.rawValue)), Set(Self.kinds), image)
                    if item.detail.prefix(3).contains(CategoryID(kind)) { firstThree += 1 }
                }
                continue
            }
            guard Self.kinds.contains(item.category.rawValue) else { notAShoe.append("\(image): \(item.category)"); continue }
            if item.category.rawValue == kind { right += 1 } else { wrongKind += 1 }
            if (open == "yes" && item.category != "sandals") || (open == "no" && item.category == "sandals") {
                openForClosed.append("\(image) (\(kind), open \(open)) filed as \(item.category)")
            }
        }
        print(
            "test shoes: \(right) filed right, \(asked) asked (\(firstThree) with the kind among the first three offered), \(wrongKind) filed as another kind, \(openForClosed.count) open for closed, \(notAShoe.count) filed as no shoe"
        )
        XCTAssertEqual(openForClosed, [], "never silently open for closed")
        XCTAssertEqual(notAShoe, [], "a shoe is filed as a shoe kind or asked about")
    }
}
