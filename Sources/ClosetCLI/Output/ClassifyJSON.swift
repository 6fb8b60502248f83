import Classifier
import ClosetKit
import Foundation

/// The documented JSON shapes of `classify --json`, one object per photo, as typed values.
enum ClassifyJSON {
    /// A category and its probability.
    struct Guess: Encodable {
        var category: String
        var p: Double
    }

    /// A photo classified. `kind` is written as `null` when no fine-kind head is sure.
    struct Photo: Encodable {
        var file: String
        var category: String
        var group: String
        var confidence: Double
        var top: [Guess]
        var kind: Guess?
        var span: [String]

        init(file: String, prediction: Prediction, group: String, span: [String]) {
            self.file = file
            category = prediction.category
            self.group = group
            confidence = prediction.confidence
            top = prediction.top.map { Guess(category: $0.category, p: $0.probability) }
            kind = prediction.kind.map { Guess(category: $0.category, p: $0.probability) }
            self.span = span
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(category, forKey: .category)
            try c.encode(group, forKey: .group)
            try c.encode(confidence, forKey: .confidence)
            try c.encode(top, forKey: .top)
            try c.encode(kind, forKey: .kind)
            try c.encode(span, forKey: .span)
        }

        enum CodingKeys: String, CodingKey { case file, category, group, confidence, top, kind, span }
    }

    /// A photo that could not be classified.
    struct Failure: Encodable {
        var file: String
        var error: String
    }
}
