import Foundation
import Imaging
import Inference

/// The shipped clothing classifier: a CNN run by closet's own engine, its probabilities calibrated by
/// the manifest's temperature. Safe to call from several threads (runs are serialised on one arena).
public final class CNNClassifier: ClothingClassifier, @unchecked Sendable {
    public let network: Network
    public let classes: [String]
    /// Each class's span (see ``ModelManifest/spans``).
    public let spans: [String: [String]]
    /// The fine-kind heads (`fine_kinds.json` beside the manifest, when there), by the class they split.
    public let heads: [String: FineKindHead]
    public let input: ModelInput
    /// The manifest's `embeddingModel` (the member whose pooled features are the embedding), else its name.
    public let embeddingModel: String
    private let lock = NSLock()
    private var tensor: [Float]

    /// The classifier layer's weights (classes × features), for class activation maps; nil when the model
    /// does not end in global average pooling and one fully connected layer.
    private let classWeights: [Float]?
    private let featureCount: Int
    /// Input pixels per cell of those features (32 for MobileNetV2), when the graph says.
    private let featureStride: Int?

    public init(manifestURL: URL) throws {
        var manifest = try ModelManifest.load(manifestURL)
        let headsURL = manifestURL.deletingLastPathComponent().appendingPathComponent("fine_kinds.json")
        let heads = FileManager.default.fileExists(atPath: headsURL.path) ? try FineKindHead.load(headsURL) : []
        // Keep each head's tap alive to the end of the run.
        for head in heads {
            guard manifest.nodes.contains(where: { $0.output == head.tap }) else {
                throw InferenceError.badModel("fine_kinds.json: head \(head.modelClass) reads \(head.tap), which the network lacks")
            }
            manifest.outputs["tap:" + head.tap] = head.tap
        }
        let weights = try SafeTensors(contentsOf: manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.weights))
        // Keep the feature map that global average pooling reads: with the classifier's weights it gives
        // the class activation map, which says where the garment is.
        var fc: (shape: [Int], values: [Float])?
        if let pool = manifest.nodes.first(where: { $0.op == "global_average_pool" }), let features = pool.inputs.first,
            let dense = manifest.nodes.first(where: { $0.op == "fully_connected" && $0.inputs == [pool.output] }), let name = dense.weights
        {
            manifest.outputs["features"] = features
            fc = try weights.floats(name)
        }
        network = try Network(manifest: manifest, tensor: { try weights.floats($0) }, integers: { try weights.integers($0) })
        classWeights = fc?.values
        featureCount = fc?.shape.last ?? 0
        featureStride = manifest.outputs["features"].flatMap(manifest.stride(of:))
        guard let classes = manifest.classes, !classes.isEmpty else {
            throw InferenceError.badModel("\(manifestURL.lastPathComponent) lists no classes")
        }
        guard manifest.outputs["probabilities"] != nil, manifest.outputs["embedding"] != nil else {
            throw InferenceError.badModel("\(manifestURL.lastPathComponent) needs the outputs probabilities and embedding")
        }
        let p = manifest.preprocess ?? .init(size: manifest.input.height, scale: 1 / 127.5, offset: -1, pad: 255)
        guard p.size == manifest.input.height, p.size == manifest.input.width, manifest.input.channels == 3 else {
            throw InferenceError.badModel(
                "the preprocessing size \(p.size) does not match the input \(manifest.input.height)x\(manifest.input.width)x\(manifest.input.channels)"
            )
        }
        for head in heads {
            guard classes.contains(head.modelClass) else {
                throw InferenceError.badModel("fine_kinds.json: \(head.modelClass) is not one of the model's classes")
            }
            guard network.shape(of: head.tap)?.channels == head.channels else {
                throw InferenceError.badModel(
                    "fine_kinds.json: head \(head.modelClass) has \(head.channels) weights a kind for \(head.tap)")
            }
        }
        self.heads = Dictionary(heads.map { ($0.modelClass, $0) }) { a, _ in a }
        self.classes = classes
        self.spans = manifest.spans ?? [:]
        self.embeddingModel = manifest.embeddingIdentity
        self.input = ModelInput(p)
        self.tensor = [Float](repeating: 0, count: p.size * p.size * 3)
    }

    /// Decodes a JPEG or PNG at the smallest DCT scale that covers the input, then classifies it.
    public func classify(photo data: Data) throws -> Prediction {
        try classify(ImageDecoder().decode(data, fitting: PixelSize(width: input.size, height: input.size)).image)
    }

    public func classify(_ image: RGBImage) throws -> Prediction { try classify(image, garmentMap: false) }

    /// - Parameter garmentMap: also compute where the top class's evidence lies (`Prediction.garmentMap`),
    ///   which import's colour analysis weighs pixels by.
    public func classify(_ image: RGBImage, garmentMap wanted: Bool) throws -> Prediction {
        lock.lock()
        defer { lock.unlock() }
        try run(image)
        let probabilities = network.output("probabilities") ?? []
        let embedding = network.output("embedding") ?? []
        let ranked = probabilities.enumerated().sorted { $0.element > $1.element }
        let top = ranked.prefix(3).map { Prediction.Candidate(category: classes[$0.offset], probability: Double($0.element)) }
        let map = wanted ? ranked.first.flatMap { garmentMap(class: $0.offset, image: image) } : nil
        let head = top.first.flatMap { heads[$0.category] }
        let logits = head.flatMap(kindLogits)
        return Prediction(
            top: Array(top), embedding: embedding, garmentMap: map, span: top.first.flatMap { spans[$0.category] },
            kind: logits.flatMap { head?.confidentKind($0) }, kinds: logits.map { head?.ranked($0) ?? [] } ?? [],
            kindFilesAlone: head?.filesAlone ?? false)
    }

    /// Every head's logits for a photo, by the class it splits (whatever the photo's top class).
    public func kindLogits(_ image: RGBImage) throws -> [String: [Double]] {
        lock.lock()
        defer { lock.unlock() }
        try run(image)
        return heads.compactMapValues(kindLogits)
    }

    /// Runs the network on a photo (the caller holds the lock).
    private func run(_ image: RGBImage) throws {
        input.write(image, into: &tensor)
        try network.run(tensor)
    }

    /// A head's logits from the last run (the caller holds the lock).
    private func kindLogits(_ head: FineKindHead) -> [Double]? {
        guard let values = network.output("tap:" + head.tap), let shape = network.shape(of: head.tap),
            shape.channels == head.channels, values.count == shape.count, shape.count > 0
        else { return nil }
        return values.withUnsafeBufferPointer { head.logits(featureMap: $0, cells: shape.height * shape.width) }
    }

    /// The class activation map of `class` (the features at each cell times that class's weights), placed
    /// where `image` lay in the model's input.
    func garmentMap(class k: Int, image: RGBImage) -> GarmentMap? {
        guard let classWeights, featureCount > 0, let features = network.output("features"),
            let shape = network.shape(of: network.manifest.outputs["features"] ?? ""), shape.channels == featureCount,
            shape.height == shape.width, (k + 1) * featureCount <= classWeights.count
        else { return nil }
        let cells = shape.height * shape.width
        var map = [Float](repeating: 0, count: cells)
        classWeights.withUnsafeBufferPointer { w in
            features.withUnsafeBufferPointer { f in
                for p in 0..<cells {
                    var sum: Float = 0
                    for c in 0..<featureCount { sum += f[p * featureCount + c] * w[k * featureCount + c] }
                    map[p] = sum
                }
            }
        }
        let fitted = Resampler.fit(
            PixelSize(width: image.width, height: image.height), in: PixelSize(width: input.size, height: input.size))
        return GarmentMap(
            values: map, side: shape.height, inputSize: input.size, x0: (input.size - fitted.width) / 2,
            y0: (input.size - fitted.height) / 2, width: fitted.width, height: fitted.height,
            cellSize: featureStride.map(Double.init))
    }
}
