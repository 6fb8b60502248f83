import ClosetKit
import Foundation

/// What happened to one file of an import.
public enum ImportOutcome: Sendable {
    case imported(file: URL, item: Item, warning: String?)
    case duplicate(file: URL, existing: Int64)
    case failed(file: URL, error: String)
}

/// The outcome of a whole import, printed as a summary or as `--json`.
public struct ImportReport: Sendable {
    public var outcomes: [ImportOutcome] = []
    /// True when the import was asked to stop (a signal) before every file was done: each file finished is stored whole.
    public var stopped = false
    public init() {}

    public var imported: [(URL, Item)] { outcomes.compactMap { if case .imported(let f, let i, _) = $0 { (f, i) } else { nil } } }
    /// Near-duplicate warnings: a new item whose photo looks like an existing one.
    public var warnings: [(URL, String)] { outcomes.compactMap { if case .imported(let f, _, let w?) = $0 { (f, w) } else { nil } } }
    public var duplicates: [(URL, Int64)] { outcomes.compactMap { if case .duplicate(let f, let i) = $0 { (f, i) } else { nil } } }
    public var failed: [(URL, String)] { outcomes.compactMap { if case .failed(let f, let e) = $0 { (f, e) } else { nil } } }

    /// The `--json` document: `{"imported":[{file,id,category,confidence}],"duplicates":[{file,id}],"failed":[{file,error}]}`.
    public var json: [String: Any] {
        [
            "imported": imported.map { file, item -> [String: Any] in
                [
                    "file": file.path, "id": item.id ?? 0, "category": item.category as Any,
                    "confidence": item.confidence.map { $0 as Any } ?? NSNull(), "needsReview": item.needsReview,
                ]
            },
            "duplicates": duplicates.map { ["file": $0.0.path, "id": $0.1] as [String: Any] },
            "failed": failed.map { ["file": $0.0.path, "error": $0.1] },
            "warnings": warnings.map { ["file": $0.0.path, "warning": $0.1] },
        ]
    }
}
