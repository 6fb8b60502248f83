import Foundation
import Inference
import InferenceKernels
import XCTest

/// The shipped U²-Netp (models/segment) in closet's engine against ONNX Runtime on the same fp16 weights: a photo
/// of the clothing set's `test` split at 32×32 (fixture written by tools/segment/make_fixtures.py; the full-size
/// comparison on real photos is tools/segment/parity.py). The manifest runs at any input size: every resize takes
/// its size from another tensor, as the ONNX graph does.
final class SegmentationNetworkTests: XCTestCase {
    static let modelFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/segment")

    /// The shipped manifest at `size`×`size`, with its weights.
    func network(size: Int, kernels: any KernelSet.Type) throws -> Network {
        var manifest = try ModelManifest.load(Self.modelFolder.appendingPathComponent("manifest.json"))
        (manifest.input.height, manifest.input.width) = (size, size)
        let weights = try SafeTensors(contentsOf: Self.modelFolder.appendingPathComponent(manifest.weights))
        return try Network(manifest: manifest, tensor: { try weights.floats($0) }, kernels: kernels)
    }

    func testMatchesONNXRuntimeOnAPhoto() throws {
        let fixture = try SafeTensors(
            contentsOf: Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("u2netp_32.safetensors"))
        let input = try fixture.floats("input0").values, expected = try fixture.floats("mask0").values
        for kernels in KernelDispatch.usable {
            let net = try network(size: 32, kernels: kernels)
            try net.run(input)
            let mask = try XCTUnwrap(net.output("mask"))
            XCTAssertEqual(mask.count, 32 * 32)
            let worst = zip(mask, expected).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst, 1e-3, "\(kernels.name): the mask differs from ONNX Runtime's by up to \(worst)")
        }
    }

    func testOperatorsTheGraphUses() throws {
        let manifest = try ModelManifest.load(Self.modelFolder.appendingPathComponent("manifest.json"))
        XCTAssertEqual(
            Set(manifest.nodes.map(\.op)), ["conv2d", "max_pool", "resize_bilinear", "concat", "add", "sigmoid"])
        XCTAssertEqual(Set(manifest.nodes.compactMap(\.dilation)), [[2, 2], [4, 4], [8, 8]])
    }
}
