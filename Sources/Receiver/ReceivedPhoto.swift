import ClosetKit
import Foundation
import Importer

/// What became of one uploaded photo, named by its label (the client's file name cleaned, never a path).
public struct ReceivedPhoto: Sendable {
    public enum Outcome: Sendable {
        case imported(id: Int64, category: String, kind: String, name: String, confidence: Double?, needsReview: Bool, warning: String?)
        case duplicate(id: Int64)
        case failed(String)

        /// An importer outcome told with the label where the staged file's path was.
        init(_ outcome: ImportOutcome, staged: URL, label: String, language: Language) {
            func clean(_ text: String) -> String { text.replacingOccurrences(of: staged.path, with: label) }
            switch outcome {
            case .imported(_, let item, let warning):
                let kind = Taxonomy.shared.category(item.category)?.displayName(language) ?? item.category.rawValue
                self = .imported(
                    id: item.id, category: item.category.rawValue, kind: kind, name: item.name, confidence: item.confidence,
                    needsReview: item.needsReview, warning: warning.map(clean))
            case .duplicate(_, let existing): self = .duplicate(id: existing)
            case .failed(_, let error), .damaged(_, let error): self = .failed(clean(error))
            }
        }
    }

    public var label: String
    public var outcome: Outcome

    /// The answer, in the shape of `import --json`: `imported` ({file, id, category, confidence, needsReview, name,
    /// kind}), `duplicates` ({file, id}), `failed` ({file, error}), `warnings` ({file, warning}); `file` is the label.
    public static func json(_ photos: [ReceivedPhoto]) -> [String: Any] {
        var imported: [[String: Any]] = [], duplicates: [[String: Any]] = [], failed: [[String: Any]] = []
        var warnings: [[String: Any]] = []
        for photo in photos {
            switch photo.outcome {
            case .imported(let id, let category, let kind, let name, let confidence, let needsReview, let warning):
                imported.append([
                    "file": photo.label, "id": id, "category": category, "kind": kind, "name": name,
                    "confidence": confidence.map { $0 as Any } ?? NSNull(), "needsReview": needsReview,
                ])
                if let warning { warnings.append(["file": photo.label, "warning": warning]) }
            case .duplicate(let id): duplicates.append(["file": photo.label, "id": id])
            case .failed(let error): failed.append(["file": photo.label, "error": error])
            }
        }
        return ["imported": imported, "duplicates": duplicates, "failed": failed, "warnings": warnings]
    }
}

/// A session's counts, for its summary.
public struct ReceiveTotals: Sendable, Equatable {
    public var imported = 0
    public var duplicates = 0
    public var failed = 0
    public var review = 0

    mutating func add(_ photos: [ReceivedPhoto]) {
        for photo in photos {
            switch photo.outcome {
            case .imported(_, _, _, _, _, let needsReview, _):
                imported += 1
                if needsReview { review += 1 }
            case .duplicate: duplicates += 1
            case .failed: failed += 1
            }
        }
    }
}
