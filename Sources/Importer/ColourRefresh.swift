import Classifier
import ClosetKit
import Foundation
import Imaging

/// Recomputes the colours of items whose colours closet found (never those a person typed: those have no
/// shares), from their stored photos, after the colour analysis improved. A name closet generated follows the
/// new first colour ("Grey hoodie" becomes "Pink hoodie"); a name a person typed stays. Each item is saved on
/// its own, merged with changes made meanwhile, so an interrupted run keeps what it finished.
public struct ColourRefresh {
    public let wardrobe: Wardrobe
    public var processor: PhotoProcessor
    /// Its garment map weighs the pixels, as at import; nil weighs the middle of the photo.
    public let classifier: (any ClothingClassifier)?

    public init(wardrobe: Wardrobe, classifier: (any ClothingClassifier)? = nil) {
        self.wardrobe = wardrobe
        self.classifier = classifier
        self.processor = PhotoProcessor(modelInput: classifier?.input)
        processor.decoder.acceptsDamaged = true  // a stored photo was kept as it is, damaged or not
    }

    /// What a run did.
    public struct Outcome: Equatable, Sendable {
        public var checked = 0
        public var recoloured = 0
        public var renamed = 0
        /// Items whose photo could not be read, with why.
        public var failed: [(id: Int64, why: String)] = []

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.checked == b.checked && a.recoloured == b.recoloured && a.renamed == b.renamed && a.failed.map(\.id) == b.failed.map(\.id)
        }
    }

    /// The items whose colours were found by closet (a photo, and shares beside the colours).
    public func candidates() throws -> [Item] {
        try wardrobe.summaries(ItemFilter(status: nil)).map(\.item).filter {
            $0.photo != nil && (!$0.colorShares.isEmpty || $0.colors.isEmpty)
        }
    }

    /// Runs over every candidate; `progress(done, total)` after each.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> Outcome {
        var outcome = Outcome()
        let items = try candidates()
        for (n, item) in items.enumerated() {
            defer { progress(n + 1, items.count) }
            try recolour(item, mask: nil, outcome: &outcome)
        }
        return outcome
    }

    /// Re-names the colours of the items showing the photo `hash`, its pixels weighed by the photo's garment
    /// mask: what the background pass calls once it has stored the mask. Only colours closet found change
    /// (``candidates()``); a colour a person set stays as it is. A mask that found nothing
    /// (``GarmentAlpha/found``) names the colours as import did.
    public func recolour(photo hash: String, mask: GarmentAlpha) throws -> Outcome {
        var outcome = Outcome()
        for item in try candidates() where item.photo == hash { try recolour(item, mask: mask, outcome: &outcome) }
        return outcome
    }

    /// Names `item`'s colours again from its photo (through `mask` when given) and saves them, merged with
    /// changes made since it was read; a person's colours (set meanwhile too) are kept.
    private func recolour(_ item: Item, mask: GarmentAlpha?, outcome: inout Outcome) throws {
        guard let hash = item.photo, let stored = try wardrobe.photo(hash) else { return }
        let id = item.id
        outcome.checked += 1
        let colours: [NamedColor]
        do {
            let file = try wardrobe.photos.url(hash: hash, ext: stored.ext)
            let data = try processor.decoder.read(file: file)
            let garment: (RGBImage) throws -> GarmentMap? = { try classifier?.classify($0, garmentMap: true).garmentMap }
            if let mask {
                let decoded = try processor.decoder.decode(data, fitting: processor.box)
                let thumbnail = try Thumbnail(of: decoded.image)
                colours = processor.colors.analyse(thumbnail.image, garment: try garment(decoded.image), mask: mask)
            } else {
                colours = try processor.process(data, garment: garment).colors
            }
        } catch {
            outcome.failed.append((id, "\(error)"))
            return
        }
        var updated = item
        updated.colors = colours.map(\.name)
        updated.colorShares = colours.map(\.share)
        guard updated.colors != item.colors || updated.colorShares != item.colorShares else { return }
        if item.hasGeneratedName(taxonomy: wardrobe.taxonomy) {
            updated.name = Item.generatedName(colors: updated.colors, category: item.category, taxonomy: wardrobe.taxonomy)
        }
        if case .saved = try wardrobe.update(updated, basedOn: item) {
            outcome.recoloured += 1
            if updated.name != item.name { outcome.renamed += 1 }
        }
    }
}
