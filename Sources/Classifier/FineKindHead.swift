import Foundation
import Inference

/// A small head that tells the kinds within a class's span apart (coat from jacket, jeans from other trousers)
/// where training data separates them: a linear layer over one of the network's feature maps, averaged over
/// its cells. `models/clothing/fine_kinds.json` holds the heads (`tools/train/fine_kinds.py` trains them on
/// garment crops and chooses each threshold so that few kinds are filed wrongly without asking).
public struct FineKindHead: Equatable, Sendable {
    /// The class whose span the head splits.
    public var modelClass: String
    /// The kinds it knows, in the order of its weights' rows.
    public var kinds: [String]
    /// The tensor it reads, averaged over its cells.
    public var tap: String
    /// At or above this probability the kind is the head's: filed without asking when `filesAlone`, else
    /// filed meanwhile and offered first.
    public var threshold: Double
    /// Whether a kind at or above `threshold` is filed without asking: true for a head whose threshold was set on
    /// photos like those a person imports (the shoe head, on the clothing set's shoes labelled by eye), false for
    /// one set on street-photo crops only (coat or jacket: on flat-lay photos it errs too often to be silent).
    public var filesAlone: Bool
    /// kinds × channels.
    public var weights: [[Float]]
    public var bias: [Float]

    struct File: Decodable {
        struct Head: Decodable {
            let `class`: String
            let kinds: [String]
            let tap: String
            let threshold: Double
            let weights: [[Float]]
            let bias: [Float]
            let filesAlone: Bool?
        }
        let version: Int
        let heads: [Head]
    }

    public init(
        modelClass: String, kinds: [String], tap: String, threshold: Double, weights: [[Float]], bias: [Float], filesAlone: Bool = false
    ) {
        self.modelClass = modelClass; self.kinds = kinds; self.tap = tap; self.threshold = threshold
        self.weights = weights; self.bias = bias; self.filesAlone = filesAlone
    }

    /// The heads in a `fine_kinds.json`, each checked: at least two kinds, one weight row and one bias a kind,
    /// rows of one length, finite numbers, a threshold within 0…1, one head a class.
    public static func load(_ url: URL) throws -> [FineKindHead] {
        let name = url.lastPathComponent
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: url)) } catch {
            throw InferenceError.badModel("\(name): \(error.localizedDescription)")
        }
        guard file.version == 1 else { throw InferenceError.badModel("\(name): version \(file.version) is not 1") }
        var seen: Set<String> = []
        return try file.heads.map { h in
            let head = FineKindHead(
                modelClass: h.class, kinds: h.kinds, tap: h.tap, threshold: h.threshold, weights: h.weights, bias: h.bias,
                filesAlone: h.filesAlone ?? false)
            guard seen.insert(h.class).inserted else { throw InferenceError.badModel("\(name): two heads for \(h.class)") }
            if let problem = head.problem { throw InferenceError.badModel("\(name), head \(h.class): \(problem)") }
            return head
        }
    }

    /// What is wrong with the head, or nil.
    var problem: String? {
        let width = weights.first?.count ?? 0
        if kinds.count < 2 || Set(kinds).count != kinds.count { return "it needs two or more different kinds" }
        if weights.count != kinds.count || bias.count != kinds.count { return "one weight row and one bias a kind" }
        if width == 0 || weights.contains(where: { $0.count != width }) { return "weight rows of one length" }
        if !(0...1).contains(threshold) { return "a threshold within 0…1" }
        if (weights.joined() + bias).contains(where: { !$0.isFinite }) { return "a weight that is not a number" }
        return nil
    }

    /// The number of channels the head reads.
    public var channels: Int { weights.first?.count ?? 0 }

    /// The logits of each kind for a feature map (NHWC, `cells` × `channels`), averaged over its cells.
    public func logits(featureMap: UnsafeBufferPointer<Float>, cells: Int) -> [Double] {
        precondition(cells > 0 && featureMap.count == cells * channels)
        var mean = [Double](repeating: 0, count: channels)
        for cell in 0..<cells {
            let row = cell * channels
            for c in 0..<channels { mean[c] += Double(featureMap[row + c]) }
        }
        for c in 0..<channels { mean[c] /= Double(cells) }
        return zip(weights, bias).map { row, b in
            var sum = Double(b)
            for c in 0..<channels { sum += Double(row[c]) * mean[c] }
            return sum
        }
    }

    /// Each kind's probability (softmax of the logits), in the order of `kinds`.
    public static func probabilities(_ logits: [Double]) -> [Double] {
        guard let top = logits.max() else { return [] }
        let e = logits.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// The kind the head is sure of (at or above its threshold), or nil.
    public func confidentKind(_ logits: [Double]) -> Prediction.Candidate? {
        guard let best = ranked(logits).first, best.probability >= threshold else { return nil }
        return best
    }

    /// Every kind with its probability, most probable first (ties in the order of `kinds`).
    public func ranked(_ logits: [Double]) -> [Prediction.Candidate] {
        let p = Self.probabilities(logits)
        guard p.count == kinds.count else { return [] }
        return p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
            .map { Prediction.Candidate(category: kinds[$0], probability: p[$0]) }
    }
}
