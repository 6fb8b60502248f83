import ClosetKit
import Foundation

/// How often a pipeline's first colour is one a person accepts, on real photos of the clothing set labelled by
/// eye (`Tests/ImagingTests/Fixtures/colour_labels*.csv`: `image`, `colours` — every accepted name,
/// `;`-separated — and a column that groups the photos, such as `background` or `scene`). The photos are read
/// from `../shared/datasets/clothing/images` (``clothingImages``); one missing there is left out.
public struct ColourLabelScore {
    public private(set) var right = 0
    public private(set) var total = 0
    /// Per value of the group column: right, total.
    public private(set) var byGroup: [String: (right: Int, total: Int)] = [:]
    /// "a label's first accepted name → the name given", and how often.
    public private(set) var confusions: [String: Int] = [:]

    public var accuracy: Double { Double(right) / Double(max(total, 1)) }

    /// `../shared/datasets/clothing` beside the repository (or `$CLOSET_DATASETS/clothing`, for a checkout kept
    /// elsewhere, such as a git worktree), or nil where it is not (tests then skip, or fail under
    /// `CLOSET_REQUIRE_ALL=1`).
    public static var clothing: URL? {
        let datasets =
            ProcessInfo.processInfo.environment["CLOSET_DATASETS"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets")
        let url = datasets.appendingPathComponent("clothing")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The clothing set's photos, or nil where `../shared` is not here.
    public static var clothingImages: URL? { clothing?.appendingPathComponent("images") }

    /// Scores `firstColour` (a photo's file → the first colour named) on every photo `labels` lists.
    public init(labels: URL, group: String, images: URL, firstColour: (URL) throws -> String) throws {
        for record in try CSV.records(String(contentsOf: labels, encoding: .utf8)) {
            guard let image = record["image"], let names = record["colours"] else { continue }
            let photo = images.appendingPathComponent("\(image).jpg")
            guard FileManager.default.fileExists(atPath: photo.path) else { continue }
            let accepted = Set(names.split(separator: ";").map(String.init))
            let first = try firstColour(photo)
            let key = record[group] ?? ""
            total += 1
            byGroup[key, default: (0, 0)].total += 1
            if accepted.contains(first) {
                right += 1
                byGroup[key, default: (0, 0)].right += 1
            } else {
                confusions["\(accepted.sorted().first ?? "?") → \(first)", default: 0] += 1
            }
        }
    }

    /// One line for the test log: the count, each group's, and the confusions, most frequent first.
    public var summary: String {
        let groups = byGroup.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.right) of \($0.value.total)" }
        let misses = confusions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
        return String(format: "%d of %d accepted (%.1f%%); ", right, total, accuracy * 100) + groups.joined(separator: ", ")
            + "; confusions (a label's first accepted name → named): " + misses.joined(separator: ", ")
    }
}
