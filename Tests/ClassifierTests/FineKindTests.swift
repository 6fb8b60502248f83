import Classifier
import Foundation
import Imaging
import XCTest

/// The fine-kind heads (coat or jacket, jeans or other trousers): the engine computes what PyTorch computed
/// when the heads were trained, bad head files are refused, and a head's threshold is honoured.
final class FineKindTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/clothing")
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fine_kinds_fixture.json")

    /// The fixture's synthetic image (tools/train/fine_kinds.py `synthetic` draws the same pixels).
    static func synthetic(seed: Int, width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                pixels[i] = UInt8((x * 7 + y * 3 + seed * 50) % 256)
                pixels[i + 1] = UInt8((x * y / 16 + seed * 20) % 256)
                pixels[i + 2] = UInt8((x * 2 + y * 5 + seed * 90) % 256)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    func testTheShippedHeadsGiveTheLogitsPyTorchGave() throws {
        let classifier = try CNNClassifier(manifestURL: Self.models.appendingPathComponent("manifest.json"))
        XCTAssertEqual(Set(classifier.heads.keys), ["jacket", "longPants", "shoes"])
        XCTAssertEqual(classifier.heads["jacket"]?.kinds, ["coat", "jacket"])
        struct Fixture: Decodable {
            struct Image: Decodable { let seed, width, height: Int; let logits: [String: [Double]] }
            let images: [Image]
        }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixture))
        XCTAssertEqual(fixture.images.count, 4)
        for image in fixture.images {
            let logits = try classifier.kindLogits(Self.synthetic(seed: image.seed, width: image.width, height: image.height))
            XCTAssertEqual(Set(logits.keys), Set(image.logits.keys))
            for (cls, expected) in image.logits {
                let got = logits[cls] ?? []
                XCTAssertEqual(got.count, expected.count)
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(g, e, accuracy: 0.02 + 0.01 * abs(e), "image \(image.seed), head \(cls): \(got) vs \(expected)")
                }
            }
        }
    }

    func testAHeadAveragesItsMapAndTakesAKindOnlyAtItsThreshold() {
        let head = FineKindHead(
            modelClass: "jacket", kinds: ["coat", "jacket"], tap: "t", threshold: 0.9, weights: [[1, 0], [0, 1]], bias: [0, 0])
        // Two cells of two channels: the means are (2, 0) and (0, 2).
        let logits = [Float](arrayLiteral: 3, 0, 1, 0).withUnsafeBufferPointer { head.logits(featureMap: $0, cells: 2) }
        XCTAssertEqual(logits, [2, 0])
        let p = FineKindHead.probabilities(logits)
        XCTAssertEqual(p[0], 1 / (1 + exp(-2)), accuracy: 1e-12)
        XCTAssertNil(head.confidentKind(logits), "0.88 is below the threshold")
        XCTAssertEqual(head.confidentKind([3, 0])?.category, "coat")
        XCTAssertEqual(head.confidentKind([0, 4])?.category, "jacket")
    }

    func testBadHeadFilesAreRefusedWithTheReason() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("closet-heads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func head(
            _ cls: String = "jacket", kinds: String = #"["coat","jacket"]"#, threshold: String = "0.9", weights: String = "[[1,0],[0,1]]"
        ) -> String {
            #"{"class":"\#(cls)","kinds":\#(kinds),"tap":"t","threshold":\#(threshold),"weights":\#(weights),"bias":[0,0]}"#
        }
        let cases: [(String, String)] = [
            (#"{"version":1,"heads":[\#(head(kinds: #"["coat"]"#))]}"#, "two or more"),
            (#"{"version":1,"heads":[\#(head(kinds: #"["coat","coat"]"#))]}"#, "two or more"),
            (#"{"version":1,"heads":[\#(head(weights: "[[1,0]]"))]}"#, "one weight row"),
            (#"{"version":1,"heads":[\#(head(weights: "[[1,0],[1]]"))]}"#, "one length"),
            (#"{"version":1,"heads":[\#(head(threshold: "1.5"))]}"#, "threshold"),
            (#"{"version":1,"heads":[\#(head()),\#(head())]}"#, "two heads"),
            (#"{"version":2,"heads":[]}"#, "version"),
            ("not json", "fine_kinds.json"),
        ]
        for (n, (text, reason)) in cases.enumerated() {
            let url = dir.appendingPathComponent("fine_kinds.json")
            try Data(text.utf8).write(to: url)
            XCTAssertThrowsError(try FineKindHead.load(url), "case \(n)") { error in
                XCTAssertTrue("\(error)".contains(reason), "case \(n): \(error)")
            }
        }
        // A head that reads a tensor the network lacks, or the wrong width, stops the classifier from loading.
        for file in ["manifest.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: Self.models.appendingPathComponent(file), to: dir.appendingPathComponent(file))
        }
        try Data(#"{"version":1,"heads":[\#(head())]}"#.utf8).write(to: dir.appendingPathComponent("fine_kinds.json"))
        XCTAssertThrowsError(try CNNClassifier(manifestURL: dir.appendingPathComponent("manifest.json"))) { error in
            XCTAssertTrue("\(error)".contains("lacks"), "\(error)")
        }
        let narrow = head().replacingOccurrences(of: #""tap":"t""#, with: #""tap":"block15.sum""#)
        try Data(#"{"version":1,"heads":[\#(narrow)]}"#.utf8).write(to: dir.appendingPathComponent("fine_kinds.json"))
        XCTAssertThrowsError(try CNNClassifier(manifestURL: dir.appendingPathComponent("manifest.json"))) { error in
            XCTAssertTrue("\(error)".contains("weights a kind"), "\(error)")
        }
    }
}
