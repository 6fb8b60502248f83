import Foundation
import Imaging
import Inference

/// The shipped clothing classifier: a CNN run by closet's own engine, its probabilities calibrated by
/// the manifest's temperature. Safe to call from several threads (runs are serialised on one arena).
public final class CNNClassifier: ClothingClassifier, @unchecked Sendable {
    public let network: Network
    public let classes: [String]
    public let input: ModelInput
    private let lock = NSLock()
    private var tensor: [Float]

    public init(manifestURL: URL) throws {
        network = try Network(manifestURL: manifestURL)
        let manifest = network.manifest
        guard let classes = manifest.classes, !classes.isEmpty else {
            throw InferenceError.badModel("\(manifestURL.lastPathComponent) lists no classes")
        }
        guard manifest.outputs["probabilities"] != nil, manifest.outputs["embedding"] != nil else {
            throw InferenceError.badModel("\(manifestURL.lastPathComponent) needs the outputs probabilities and embedding")
        }
        let p = manifest.preprocess ?? .init(size: manifest.input.height, scale: 1 / 127.5, offset: -1, pad: 255)
        guard p.size == manifest.input.height, p.size == manifest.input.width, manifest.input.channels == 3 else {
            throw InferenceError.badModel("the preprocessing size \(p.size) does not match the input \(manifest.input.height)x\(manifest.input.width)x\(manifest.input.channels)")
        }
        self.classes = classes
        self.input = ModelInput(size: p.size, scale: p.scale, offset: p.offset, pad: UInt8(clamping: p.pad))
        self.tensor = [Float](repeating: 0, count: p.size * p.size * 3)
    }

    /// Decodes a JPEG or PNG at the smallest DCT scale that covers the input, then classifies it.
    public func classify(photo data: Data) throws -> Prediction {
        try classify(ImageDecoder().decode(data, fitting: PixelSize(width: input.size, height: input.size)).image)
    }

    public func classify(_ image: RGBImage) throws -> Prediction {
        lock.lock()
        defer { lock.unlock() }
        input.write(image, into: &tensor)
        try network.run(tensor)
        let probabilities = network.output("probabilities") ?? []
        let embedding = network.output("embedding") ?? []
        let top = probabilities.enumerated().sorted { $0.element > $1.element }.prefix(3).map {
            Prediction.Candidate(category: classes[$0.offset], probability: Double($0.element))
        }
        return Prediction(top: Array(top), embedding: embedding)
    }
}
