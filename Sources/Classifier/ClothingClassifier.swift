import Imaging

/// A category guess for a photo.
public struct Prediction: Equatable, Sendable {
    public struct Candidate: Equatable, Sendable {
        public var category: String
        public var probability: Double
        public init(category: String, probability: Double) { self.category = category; self.probability = probability }
    }

    /// Best first.
    public var top: [Candidate]
    /// The pooled feature vector the k-NN compares.
    public var embedding: [Float]
    /// Where the top class's evidence lies (its class activation map), when the model gives one.
    public var garmentMap: GarmentMap?
    /// The categories the top class stands for and cannot tell apart, most common first (just the class
    /// when it stands for one category).
    public var span: [String]
    /// The kind within the span a fine-kind head is sure of (``FineKindHead``), when the top class has a head.
    public var kind: Candidate?
    /// Every kind the top class's head knows, most probable first (empty without a head): the order in which a
    /// person is offered them when the head is not sure.
    public var kinds: [Candidate]
    /// Whether a kind the head is sure of is filed without asking (``FineKindHead/filesAlone``), or only offered
    /// first.
    public var kindFilesAlone: Bool

    public init(
        top: [Candidate], embedding: [Float], garmentMap: GarmentMap? = nil, span: [String]? = nil, kind: Candidate? = nil,
        kinds: [Candidate] = [], kindFilesAlone: Bool = false
    ) {
        self.top = top; self.embedding = embedding; self.garmentMap = garmentMap
        self.span = span ?? top.first.map { [$0.category] } ?? []
        self.kind = kind; self.kinds = kinds; self.kindFilesAlone = kindFilesAlone
    }

    public var category: String { top.first?.category ?? "" }
    public var confidence: Double { top.first?.probability ?? 0 }
}

/// Anything that can guess a garment's category from an upright photo.
public protocol ClothingClassifier: Sendable {
    /// The input the classifier expects; the decoder covers it.
    var input: ModelInput { get }
    /// Names what computes ``Prediction/embedding``: embeddings stored under another name are recomputed
    /// before they are compared with this classifier's.
    var embeddingModel: String { get }
    func classify(_ image: RGBImage) throws -> Prediction
    /// As `classify(_:)`, with ``Prediction/garmentMap`` when `garmentMap` is true and the model gives one.
    func classify(_ image: RGBImage, garmentMap: Bool) throws -> Prediction
}

extension ClothingClassifier {
    public var embeddingModel: String { String(describing: Self.self) }
    public func classify(_ image: RGBImage, garmentMap: Bool) throws -> Prediction { try classify(image) }
}
