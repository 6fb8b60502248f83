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
    /// Photos named without a mask, when masks were asked for: none in the folder, or one that found nothing.
    var unmasked = 0

    var right: Int { photos.filter(\.isAccepted).count }
    var accuracy: Double { photos.isEmpty ? 0 : Double(right) / Double(photos.count) }

    /// The misses as "first accepted name → named", most frequent first.
    var confusions: [(pair: String, count: Int)] {
        var counts: [String: Int] = [:]
        for p in photos where !p.isAccepted { counts["\(p.accepted.first ?? "?") → \(p.first)", default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Reads `records` (image, colours: every accepted palette name, `;`-separated, the likeliest first) and
    /// names each photo's colours as import does: with the classifier's garment map when one is installed, and
    /// with the photo's mask from `masks` (`<image>.png`, as `closet cutout --mask` writes it) when given.
    static func run(
        _ records: [[String: String]], folder: String, classifier: CNNClassifier?, masks: String? = nil,
        colours: DominantColors = DominantColors(), progress: ((Int) -> Void)? = nil
    ) throws -> ColourEval {
        let palette = ColorPalette.shared
        let known = Set(palette.names)
        var result = ColourEval()
        var processor = PhotoProcessor()
        processor.colors = colours
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
            let alpha = masks.flatMap { Self.mask(image, in: $0) }
            if masks != nil && alpha?.found != true { result.unmasked += 1 }
            guard let named = try? Self.shares(data, processor: processor, classifier: classifier, mask: alpha) else {
                result.unreadable += 1; continue
            }
            let first = processor.colors.rank(named).first?.name ?? "none"
            result.photos.append(Photo(image: image, accepted: accepted, first: first, shares: named))
        }
        return result
    }

    /// The photo's colour shares as import names them (``PhotoProcessor/process(_:times:garment:)``), with
    /// `mask` weighing the pixels when there is one.
    static func shares(_ data: Data, processor: PhotoProcessor, classifier: CNNClassifier?, mask: GarmentAlpha?) throws -> [String: Double]
    {
        guard let mask else {
            return try processor.process(data, garment: { try classifier?.classify($0, garmentMap: true).garmentMap }).colorShares
        }
        let decoded = try processor.decoder.decode(data, fitting: processor.box)
        let thumbnail = try Thumbnail(of: decoded.image)
        let map = try classifier?.classify(decoded.image, garmentMap: true).garmentMap
        return processor.colors.shares(thumbnail.image, garment: map, mask: mask)
    }

    /// The mask of `image` in the folder `masks` (`<image>.png`, 8-bit grey), when there is a readable one.
    static func mask(_ image: String, in masks: String) -> GarmentAlpha? {
        guard let url = EvalCommand.photo(image + ".png", in: masks), let data = FileManager.default.contents(atPath: url.path),
            let decoded = try? ImageDecoder().decode(data)
        else { return nil }
        let grey = stride(from: 0, to: decoded.image.pixels.count, by: 3).map { decoded.image.pixels[$0] }
        return GarmentAlpha(width: decoded.image.width, height: decoded.image.height, values: grey)
    }
}
