import Classifier
import Foundation
import Imaging
import Inference
import XCTest

/// The shipped model is two networks in one graph (tools/train/ensemble.py): MobileNetV2 with its names
/// kept, EfficientNet-Lite0 prefixed `lite0.`, and an `add` of their logits. The engine must compute each
/// member's logits as PyTorch did (MobileNetV2 on the 240-pixel input, Lite0 on its 224-pixel area resize), and
/// their sum.
final class EnsembleTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/clothing")
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ensemble_fixture.json")

    struct Fixture: Decodable {
        struct Image: Decodable { let seed, width, height: Int; let logits: [String: [Double]] }
        let images: [Image]
    }

    func testTheEngineComputesEachMemberAndTheirSumAsPyTorchDid() throws {
        let manifestURL = Self.models.appendingPathComponent("manifest.json")
        var manifest = try ModelManifest.load(manifestURL)
        let sum = try XCTUnwrap(manifest.nodes.first { $0.output == manifest.outputs["logits"] })
        XCTAssertEqual(sum.op, "add")
        XCTAssertEqual(sum.inputs, ["mobilenetv2.logits", "lite0.logits"])
        for member in sum.inputs { manifest.outputs[member] = member }
        let weights = try SafeTensors(contentsOf: Self.models.appendingPathComponent(manifest.weights))
        let network = try Network(manifest: manifest, tensor: { try weights.floats($0) })
        print("ensemble parity on the \(network.kernels.name) kernels")
        // The photo comes in at the manifest's size; Lite0 reads it resized to 224 inside the graph.
        let input = ModelInput(try XCTUnwrap(manifest.preprocess))
        let resize = try XCTUnwrap(manifest.nodes.first { $0.op == "resize_area" })
        XCTAssertEqual(resize.size, [224, 224])
        XCTAssertTrue(manifest.nodes.contains { $0.name == "lite0.stem" && $0.inputs == [resize.output] })
        var tensor = [Float](repeating: 0, count: input.size * input.size * 3)
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixture))
        XCTAssertEqual(fixture.images.count, 3)
        for image in fixture.images {
            input.write(FineKindTests.synthetic(seed: image.seed, width: image.width, height: image.height), into: &tensor)
            try network.run(tensor)
            XCTAssertEqual(Set(image.logits.keys), ["mobilenetv2.logits", "lite0.logits", "logits"])
            for (name, expected) in image.logits {
                let got = try XCTUnwrap(network.output(name), name)
                XCTAssertEqual(got.count, 13)
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(Double(g), e, accuracy: 0.02 + 0.01 * abs(e), "image \(image.seed), \(name): \(got) vs \(expected)")
                }
            }
            let a = network.output("mobilenetv2.logits") ?? [], b = network.output("lite0.logits") ?? []
            XCTAssertEqual(network.output("logits") ?? [], zip(a, b).map { $0 + $1 }, "the add node sums the members")
        }
    }

    /// The classifier's embedding is MobileNetV2's pooled feature (what wardrobes made before the second
    /// network came store), and its probabilities are the calibrated softmax of the sum.
    func testTheClassifierKeepsMobileNetV2sEmbeddingAndCalibratesTheSum() throws {
        let classifier = try CNNClassifier(manifestURL: Self.models.appendingPathComponent("manifest.json"))
        let manifest = classifier.network.manifest
        let pool = try XCTUnwrap(manifest.nodes.first { $0.output == manifest.outputs["embedding"] })
        XCTAssertEqual(pool.op, "global_average_pool")
        XCTAssertEqual(pool.inputs, ["head.out"], "the first member's features, not lite0's")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixture))
        let image = fixture.images[0]
        let prediction = try classifier.classify(FineKindTests.synthetic(seed: image.seed, width: image.width, height: image.height))
        let logits = image.logits["logits"] ?? []
        let t = try XCTUnwrap(manifest.temperature)
        let exps = logits.map { exp(($0 - logits.max()!) / Double(t)) }
        let best = logits.indices.max { logits[$0] < logits[$1] }!
        XCTAssertEqual(prediction.top[0].category, classifier.classes[best])
        XCTAssertEqual(prediction.top[0].probability, exps[best] / exps.reduce(0, +), accuracy: 0.01)
        XCTAssertEqual(prediction.embedding.count, 1280)
    }
}
