/// The user's own confirmed items as labelled embeddings, searched by cosine similarity.
/// This is how closet learns from corrections: categories the base model cannot tell apart
/// (jeans vs long pants, long vs short skirt, coat vs parka) become learnable from a few examples.
public struct KNNIndex: Sendable {
    public struct Example: Sendable {
        public var id: Int64
        public var category: String
        public var embedding: [Float]
        public init(id: Int64, category: String, embedding: [Float]) { self.id = id; self.category = category; self.embedding = embedding }
    }

    public private(set) var examples: [Example] = []
    private var normalised: [[Float]] = []

    public init(_ examples: [Example] = []) { for e in examples { add(e) } }

    public var count: Int { examples.count }

    public mutating func add(_ example: Example) {
        examples.append(example)
        normalised.append(Self.normalise(example.embedding))
    }

    static func normalise(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// The `k` most similar examples, most similar first (cosine similarity in −1…1).
    public func nearest(_ embedding: [Float], k: Int, excluding: Int64? = nil) -> [(example: Example, similarity: Float)] {
        let q = Self.normalise(embedding)
        var scored: [(Int, Float)] = []
        for (i, e) in normalised.enumerated() where e.count == q.count && examples[i].id != excluding {
            var dot: Float = 0
            for j in 0..<q.count { dot += q[j] * e[j] }
            scored.append((i, dot))
        }
        scored.sort { $0.1 > $1.1 }
        return scored.prefix(k).map { (examples[$0.0], $0.1) }
    }
}

/// Blends the model's prediction with a vote of the user's nearest confirmed items.
public struct Personalizer: Sendable {
    public var k = 5
    /// Neighbours less similar than this do not vote.
    public var minimumSimilarity: Float = 0.6
    /// The most weight the neighbours get (with `k` close neighbours).
    public var maximumWeight = 0.75

    public init() {}

    public func combine(_ prediction: Prediction, with index: KNNIndex) -> Prediction {
        guard index.count > 0, !prediction.embedding.isEmpty else { return prediction }
        let neighbours = index.nearest(prediction.embedding, k: k).filter { $0.similarity >= minimumSimilarity }
        guard !neighbours.isEmpty else { return prediction }
        var votes: [String: Double] = [:]
        var total = 0.0
        for n in neighbours {
            let w = Double(n.similarity - minimumSimilarity) / Double(1 - minimumSimilarity) + 0.05
            votes[n.example.category, default: 0] += w
            total += w
        }
        // Trust grows with how many close neighbours there are and how close they are.
        let closeness = neighbours.map { Double($0.similarity) }.reduce(0, +) / Double(neighbours.count)
        let weight = maximumWeight * min(1, Double(neighbours.count) / Double(k) + 0.4) * closeness
        var blended: [String: Double] = [:]
        for c in prediction.top { blended[c.category, default: 0] += (1 - weight) * c.probability }
        for (category, v) in votes { blended[category, default: 0] += weight * v / total }
        let top = blended.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
            .map { Prediction.Candidate(category: $0.key, probability: $0.value) }
        return Prediction(
            top: Array(top), embedding: prediction.embedding, garmentMap: prediction.garmentMap, span: prediction.span,
            kind: prediction.kind)
    }

    /// The category among `span` the user's own confirmed items point to, when they agree: at least two close
    /// neighbours within the span, and one category with at least `agreement` of their weight. Nil otherwise,
    /// and then a person is asked.
    public func fineKind(_ embedding: [Float], among span: [String], in index: KNNIndex, agreement: Double = 0.6) -> String? {
        guard span.count > 1, index.count > 0, !embedding.isEmpty else { return nil }
        let neighbours = index.nearest(embedding, k: k).filter { $0.similarity >= minimumSimilarity && span.contains($0.example.category) }
        guard neighbours.count >= 2 else { return nil }
        var votes: [String: Double] = [:]
        for n in neighbours { votes[n.example.category, default: 0] += Double(n.similarity) }
        let total = votes.values.reduce(0, +)
        guard let best = votes.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), best.value >= agreement * total
        else { return nil }
        return best.key
    }
}
