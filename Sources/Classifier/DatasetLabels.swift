/// How labels of the public clothing dataset map onto closet's categories; `closet eval` and the
/// training tools (tools/train/labels.py) share this table.
public enum DatasetLabels {
    public static let mapping: [String: String] = [
        "T-Shirt": "shortSleeve", "Polo": "shortSleeve", "Longsleeve": "longSleeve", "Shirt": "blouseShirt",
        "Blouse": "blouseShirt", "Top": "sleeveless", "Undershirt": "sleeveless", "Hoodie": "hoodie",
        "Pants": "longPants", "Shorts": "shortPants", "Skirt": "shortSkirt", "Dress": "onePieceSet",
        "Outwear": "jacket", "Blazer": "blazer", "Shoes": "shoes", "Hat": "hat",
    ]
    /// Labels with no category: left out of evaluation.
    public static let leftOut: Set<String> = ["Body", "Not sure", "Other", "Skip"]
    /// Each class's span, as the manifest declares it (tools/train/labels.py writes it there): the categories
    /// the class stands for, most common first.
    public static let spans: [String: [String]] = [
        "jacket": ["jacket", "coat", "parka", "winterOuter", "cardigan"], "longPants": ["longPants", "jeans"],
        "shortSkirt": ["shortSkirt", "longSkirt"],
        "shoes": ["shoes", "sneakers", "boots", "sandals", "heels", "flats", "loafers", "dressShoes"],
    ]
    /// Classes that stand for "kind not known yet" rather than for a kind of their own (`shoes`, as against
    /// `jacket`, which is also a kind): a photo of one is filed under the class until its kind is known, and the
    /// class is never offered as one of its kinds.
    public static let kindNotKnown: Set<String> = ["shoes"]
    /// Predictions that also count as correct for a mapped category: the rest of its span.
    public static let alsoCorrect: [String: Set<String>] = spans.mapValues { Set($0.dropFirst()) }
    /// The ten largest categories, over which accuracy is reported.
    public static let tenLargest: Set<String> = [
        "shortSleeve", "longSleeve", "longPants", "shoes", "blouseShirt", "onePieceSet", "jacket", "shortPants", "hat", "shortSkirt",
    ]

    /// The category for a dataset label, or nil when the label is left out or unknown (app category ids pass through).
    public static func category(for label: String, known: (String) -> Bool) -> String? {
        if let mapped = mapping[label] { return mapped }
        return known(label) ? label : nil
    }

    public static func isCorrect(truth: String, predicted: String) -> Bool {
        predicted == truth || alsoCorrect[truth]?.contains(predicted) == true
    }
}

/// Accuracy, per-category precision/recall/F1, the confusion matrix and the calibration error of a labelled
/// evaluation.
public struct Evaluation: Sendable {
    public private(set) var pairs: [(truth: String, predicted: String)] = []
    /// The confidence given with each pair that had one, and whether that pair was right.
    public private(set) var confidences: [(confidence: Double, correct: Bool)] = []

    public init() {}

    /// - Parameter confidence: the probability the classifier gave `predicted`, for ``calibrationError(bins:)``.
    public mutating func add(truth: String, predicted: String, confidence: Double? = nil) {
        pairs.append((truth, predicted))
        if let confidence, confidence.isFinite {
            confidences.append((min(max(confidence, 0), 1), DatasetLabels.isCorrect(truth: truth, predicted: predicted)))
        }
    }

    /// The expected calibration error: the photos sorted into `bins` equal bins of confidence, each holding its
    /// upper edge (of 15, a confidence of 0.2 falls in (0.133, 0.2]), and in each bin the gap between the mean
    /// confidence and the share right, weighted by the bin's share of the photos. Nil when no pair came with a confidence. The training tools
    /// compute it the same way (`ece` in tools/train/train.py), so the model card's figure can be checked here.
    public func calibrationError(bins: Int = 15) -> Double? {
        guard bins > 0, !confidences.isEmpty else { return nil }
        var count = [Int](repeating: 0, count: bins), right = count
        var sum = [Double](repeating: 0, count: bins)
        for c in confidences {
            // The first bin whose upper edge (b+1)/bins reaches it; a confidence of exactly 0 joins the first.
            let b = (0..<bins).first { c.confidence <= Double($0 + 1) / Double(bins) } ?? bins - 1
            count[b] += 1; sum[b] += c.confidence
            if c.correct { right[b] += 1 }
        }
        let n = Double(confidences.count)
        return (0..<bins).filter { count[$0] > 0 }.reduce(0) { total, b in
            let k = Double(count[b])
            return total + k / n * abs(Double(right[b]) / k - sum[b] / k)
        }
    }

    public var accuracy: Double {
        pairs.isEmpty
            ? 0 : Double(pairs.filter { DatasetLabels.isCorrect(truth: $0.truth, predicted: $0.predicted) }.count) / Double(pairs.count)
    }

    public var accuracyTenLargest: Double {
        let subset = pairs.filter { DatasetLabels.tenLargest.contains($0.truth) }
        return subset.isEmpty
            ? 0 : Double(subset.filter { DatasetLabels.isCorrect(truth: $0.truth, predicted: $0.predicted) }.count) / Double(subset.count)
    }

    /// Categories in the order of first appearance among truths, then predictions.
    public var categories: [String] {
        var seen: [String] = []
        for p in pairs where !seen.contains(p.truth) { seen.append(p.truth) }
        for p in pairs where !seen.contains(p.predicted) { seen.append(p.predicted) }
        return seen
    }

    public struct Scores: Sendable {
        public var precision: Double; public var recall: Double; public var f1: Double; public var support: Int
    }

    /// Per category; a prediction counted correct by `alsoCorrect` counts as the true category.
    public var perCategory: [String: Scores] {
        var result: [String: Scores] = [:]
        let normalised = pairs.map {
            (truth: $0.truth, predicted: DatasetLabels.isCorrect(truth: $0.truth, predicted: $0.predicted) ? $0.truth : $0.predicted)
        }
        for c in categories {
            let tp = normalised.filter { $0.truth == c && $0.predicted == c }.count
            let fp = normalised.filter { $0.truth != c && $0.predicted == c }.count
            let fn = normalised.filter { $0.truth == c && $0.predicted != c }.count
            let precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
            let recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            result[c] = Scores(precision: precision, recall: recall, f1: f1, support: tp + fn)
        }
        return result
    }

    /// Mean F1 over the categories that occur as truths.
    public var macroF1: Double {
        let scores = perCategory.filter { $0.value.support > 0 }
        return scores.isEmpty ? 0 : scores.values.map(\.f1).reduce(0, +) / Double(scores.count)
    }

    /// confusion[truth][predicted] counts.
    public var confusion: [String: [String: Int]] {
        var m: [String: [String: Int]] = [:]
        for p in pairs { m[p.truth, default: [:]][p.predicted, default: 0] += 1 }
        return m
    }
}
