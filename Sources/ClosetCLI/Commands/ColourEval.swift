import Classifier
import ClosetKit
import Foundation
import Imaging

/// `closet eval --colours`: the first colour import names for labelled photos, against every name a person
/// accepts for the garment's main colour. The JSON keeps each photo's name shares before ranking, which
/// `tools/colour/fit_naming_prior.py` fits the palette's naming priors from.
struct ColourEval {
    struct Photo {
        var image: String
        var accepted: [String]
        var first: String
        var shares: [String: Double]
        var isAccepted: Bool { accepted.contains(first) }
    }

    var photos: [Photo] = []
    var unreadable = 0

    var right: Int { photos.filter(\.isAccepted).count }
    var accuracy: Double { photos.isEmpty ? 0 : Double(right) / Double(photos.count) }

    /// The misses as "first accepted name → named", most frequent first.
    var confusions: [(pair: String, count: Int)] {
        var counts: [String: Int] = [:]
        for p in photos where !p.isAccepted { counts["\(p.accepted.first ?? "?") → \(p.first)", default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Reads `records` (image, colours: every accepted palette name, `;`-separated, the likeliest first) and
    /// names each photo's colours as import does: with the classifier's garment map when one is installed.
    static func run(
        _ records: [[String: String]], folder: String, classifier: CNNClassifier?, progress: ((Int) -> Void)? = nil
    ) throws -> ColourEval {
        let palette = ColorPalette.shared
        let known = Set(palette.names)
        var result = ColourEval()
        let processor = PhotoProcessor()
        for (i, record) in records.enumerated() {
            defer { progress?(i + 1) }
            guard let image = record["image"], let names = record["colours"] else {
                throw ClosetError.badData("line \(i + 2): an image and its colours are needed")
            }
            let accepted = names.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let unknown = accepted.first(where: { !known.contains($0) }) {
                throw ClosetError.badData(
                    "line \(i + 2): \"\(unknown)\" is not one of closet's colours (\(palette.names.joined(separator: ", ")))")
            }
            guard !accepted.isEmpty else { throw ClosetError.badData("line \(i + 2): no accepted colour") }
            guard let url = EvalCommand.photo(image, in: folder), let data = FileManager.default.contents(atPath: url.path) else {
                result.unreadable += 1; continue
            }
            guard let processed = try? processor.process(data, garment: { try classifier?.classify($0, garmentMap: true).garmentMap })
            else { result.unreadable += 1; continue }
            result.photos.append(
                Photo(
                    image: image, accepted: accepted, first: processed.colors.first?.name ?? "none", shares: processed.colorShares))
        }
        return result
    }
}
