import ClosetKit
import Foundation
import Imaging

/// What happened to one file of an import.
public enum ImportOutcome: Sendable {
    case imported(file: URL, item: Item, warning: String?)
    case duplicate(file: URL, existing: Int64)
    case failed(file: URL, error: String)
    /// A damaged photo (part of the picture missing) that was not kept: asked and refused, or nobody to ask.
    case damaged(file: URL, reason: String)
}

/// The outcome of a whole import, printed as a summary or as `--json`.
public struct ImportReport: Sendable {
    public var outcomes: [ImportOutcome] = []
    /// True when the import was asked to stop (a signal) before every file was done: each file finished is stored whole.
    public var stopped = false
    public init() {}

    public var imported: [(URL, Item)] { outcomes.compactMap { if case .imported(let f, let i, _) = $0 { (f, i) } else { nil } } }
    /// Warnings about imported items: a photo that looks like an existing one, a damaged photo kept.
    public var warnings: [(URL, String)] { outcomes.compactMap { if case .imported(let f, _, let w?) = $0 { (f, w) } else { nil } } }
    public var duplicates: [(URL, Int64)] { outcomes.compactMap { if case .duplicate(let f, let i) = $0 { (f, i) } else { nil } } }
    /// Every file not imported, with why; damaged photos not kept among them.
    public var failed: [(URL, String)] {
        outcomes.compactMap {
            switch $0 {
            case .failed(let f, let e), .damaged(let f, let e): (f, e)
            default: nil
            }
        }
    }
    /// The damaged photos not kept.
    public var damaged: [URL] { outcomes.compactMap { if case .damaged(let f, _) = $0 { f } else { nil } } }

    /// The `--json` document: `{"imported":[{file,id,category,confidence}],"duplicates":[{file,id}],"failed":[{file,error}]}`
    /// (a damaged photo not kept has `"damaged": true`); a file whose path is not UTF-8 shows those bytes as `\xNN`.
    public var json: [String: Any] {
        [
            "imported": imported.map { file, item -> [String: Any] in
                [
                    "file": Self.path(file), "id": item.id, "category": item.category.rawValue,
                    "confidence": item.confidence.map { $0 as Any } ?? NSNull(), "needsReview": item.needsReview,
                ]
            },
            "duplicates": duplicates.map { ["file": Self.path($0.0), "id": $0.1] as [String: Any] },
            "failed": outcomes.compactMap { outcome -> [String: Any]? in
                switch outcome {
                case .failed(let file, let error): ["file": Self.path(file), "error": error]
                case .damaged(let file, let reason): ["file": Self.path(file), "error": reason, "damaged": true]
                default: nil
                }
            },
            "warnings": warnings.map { ["file": Self.path($0.0), "warning": $0.1] },
        ]
    }

    /// A file's path as JSON text: exact when it is UTF-8, its other bytes as `\xNN`.
    public static func path(_ file: URL) -> String { file.pathIsText ? file.path : SafeText.text(bytes: file.filePathBytes) }
}
