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
            guard let hash = item.photo, let stored = try wardrobe.photo(hash) else { continue }
            let id = item.id
            outcome.checked += 1
            let colours: [NamedColor]
            do {
                let file = try wardrobe.photos.url(hash: hash, ext: stored.ext)
                colours = try processor.process(try processor.decoder.read(file: file)) { image in
                    try classifier?.classify(image, garmentMap: true).garmentMap
                }.colors
            } catch {
                outcome.failed.append((id, "\(error)"))
                continue
            }
            var updated = item
            updated.colors = colours.map(\.name)
            updated.colorShares = colours.map(\.share)
            guard updated.colors != item.colors || updated.colorShares != item.colorShares else { continue }
            if item.hasGeneratedName(taxonomy: wardrobe.taxonomy) {
                updated.name = Item.generatedName(colors: updated.colors, category: item.category, taxonomy: wardrobe.taxonomy)
            }
            if case .saved = try wardrobe.update(updated, basedOn: item) {
                outcome.recoloured += 1
                if updated.name != item.name { outcome.renamed += 1 }
            }
        }
        return outcome
    }
}
