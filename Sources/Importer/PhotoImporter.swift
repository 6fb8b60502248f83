import Classifier
import ClosetKit
import Dispatch
import Foundation
import Imaging

/// A photo read, decoded and analysed, ready to be stored.
public struct PreparedPhoto: Sendable {
    public var file: URL
    public var upload: PhotoUpload
    public var colors: [NamedColor]
    public var prediction: Prediction?
    /// The model's own guess, before the user's items adjusted it: its class and the class's span.
    public var model: Prediction?
    /// The kind within the span the user's confirmed items point to, when they agree.
    public var fineKind: String?
    /// The preview's pixels: the decode itself is not kept, so a photo waiting to be written holds little.
    public var image: RGBImage
    /// What is missing from a damaged photo (its data ends early): it is stored only if `keepsDamaged` says so.
    public var damage: String? = nil
}

/// Turns photo files into wardrobe items: read and hash, decode once, thumbnail, colours, classify, store.
/// The CLI's `add` and `import` and the TUI's import screen all go through here.
///
/// Photos are prepared on worker threads while the ones before them are written, and written a batch at a
/// time, each batch one transaction: an interrupted import keeps the batches it finished and no photo
/// half-made; running it again skips those as duplicates and finishes the rest.
public final class PhotoImporter: @unchecked Sendable {
    public let wardrobe: Wardrobe
    public var processor: PhotoProcessor
    public var classifier: (any ClothingClassifier)?
    /// At or above this confidence the classifier's category is taken; below, the item needs review.
    public var threshold: Double = 0.6
    /// How many photos are written in one transaction (in order); the workers prepare up to as many again
    /// meanwhile.
    public var batchSize = 8
    public var threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
    /// The user's confirmed items, which adjust the model's guesses (k-NN).
    public var personal: KNNIndex {
        get { personalLock.withLock { storedPersonal } }
        set { personalLock.withLock { storedPersonal = newValue } }
    }
    /// `personal`'s value: the workers read it while the writer adds the items it stores.
    private var storedPersonal = KNNIndex()
    private let personalLock = NSLock()
    /// Every stored photo's embedding, to warn about near-duplicates.
    public var everything = KNNIndex()
    public var personalizer = Personalizer()
    /// Embeddings this similar to an existing item's are reported as probable duplicates.
    public var nearDuplicateSimilarity: Float = 0.97
    /// Asked, in order, for each damaged photo (file, what is missing) whether to keep it; nil keeps none.
    public var keepsDamaged: ((URL, String) -> Bool)?
    /// Where each stage's time is added (`closet bench import`); nil times nothing.
    public var stageTimes: StageTimes?

    public init(wardrobe: Wardrobe, classifier: (any ClothingClassifier)? = nil) throws {
        self.wardrobe = wardrobe
        self.classifier = classifier
        self.processor = PhotoProcessor(modelInput: classifier?.input)
        processor.decoder.acceptsDamaged = true  // decoded, then refused or kept by `keepsDamaged`
        if let classifier {
            let index = try WardrobeIndex(wardrobe: wardrobe, model: classifier.embeddingModel)
            (personal, everything) = (index.personal, index.everything)
        }
    }

    /// Reads and analyses one file (thread-safe: touches no database).
    public func prepare(_ file: URL) throws -> PreparedPhoto { try prepare(PhotoSource(file: file)) }

    /// Reads and analyses one photo, from its file or from the bytes it came with (thread-safe: touches no database).
    public func prepare(_ source: PhotoSource) throws -> PreparedPhoto {
        let file = source.file
        let data: Data
        var hasher = SHA256()
        let processed: ProcessedPhoto
        // The classifier runs before the colours, so that they weigh the pixels its map calls garment.
        var model: Prediction?
        do {
            // Hashed as it is read, each piece while it is still in the cache: no second pass over the bytes.
            data = try stageTimes.measure(.read) { try source.read(with: processor.decoder) { hasher.update($0) } }
            processed = try processor.process(data, times: stageTimes) { image in
                model = try self.classifier?.classify(image, garmentMap: true)
                return model?.garmentMap
            }
        } catch let error as ImagingError {
            throw ClosetError.unreadablePhoto(file: file.path, reason: error.description)
        }
        let personal = self.personal
        let prediction = model.map { personalizer.combine($0, with: personal) }
        // Never "kind not known yet" (a shoe confirmed as just a shoe): the vote is among the kinds.
        let fineKind = model.flatMap {
            personalizer.fineKind($0.embedding, among: KindDecision.kinds(of: $0), in: personal)
        }
        let upright = processed.decoded.uprightSize
        let upload = PhotoUpload(
            data: data, sha256: SHA256.hex(hasher.finalize()), ext: processed.decoded.format.fileExtension, width: upright.width,
            height: upright.height,
            thumbnail: processed.thumbnail.jpeg, thumbWidth: processed.thumbnail.image.width,
            thumbHeight: processed.thumbnail.image.height, preview: processed.preview.jpeg, embedding: prediction?.embedding,
            embeddingModel: classifier?.embeddingModel)
        return PreparedPhoto(
            file: file, upload: upload, colors: processed.colors, prediction: prediction, model: model, fineKind: fineKind,
            image: processed.preview.image, damage: processed.decoded.damage)
    }

    /// The item a prepared photo becomes, with what the person typed taking precedence.
    public func item(for photo: PreparedPhoto, template: ItemTemplate) throws -> NewItem {
        let taxonomy = wardrobe.taxonomy
        var categoryID: CategoryID
        var confidence: Double? = nil
        var needsReview = false
        var detail: [CategoryID] = []
        let guesses = (photo.prediction?.top ?? []).filter { taxonomy.category(CategoryID($0.category)) != nil }
        let span = (photo.model?.span ?? []).map { CategoryID($0) }.filter { taxonomy.category($0) != nil }
        if let typed = template.category {
            categoryID = try taxonomy.require(category: typed).id
        } else if let prediction = photo.prediction, let model = photo.model, span.count > 1, span.contains(CategoryID(prediction.category))
        {
            // The model knows the class (an outer, a shoe) but not the kind (jacket, coat, parka; sneakers, boots):
            // the confidence is the class's, and the kind comes from the user's own confirmed items, or a
            // fine-kind head sure of it, or else from a person (KindDecision).
            confidence = model.confidence
            let decision = KindDecision.decide(
                model: model, kinds: KindDecision.kinds(of: model) { taxonomy.category(CategoryID($0)) != nil }, personal: photo.fineKind,
                threshold: threshold)
            categoryID = CategoryID(decision.category)
            needsReview = decision.needsReview
            detail = decision.detail.map { CategoryID($0) }
        } else if let prediction = photo.prediction, taxonomy.category(CategoryID(prediction.category)) != nil {
            categoryID = CategoryID(prediction.category)
            confidence = prediction.confidence
            needsReview = prediction.confidence < threshold
        } else {
            throw ClosetError.noClassifier(file: photo.file.path)
        }
        // A kind from a model's own labels (a fine-kind head's) that the taxonomy lacks is refused, never trusted.
        let category = try taxonomy.require(category: categoryID.rawValue)
        categoryID = category.id
        let colors = template.colors.isEmpty ? photo.colors.map(\.name) : template.colors
        let name = template.name ?? Item.generatedName(colors: colors, category: categoryID, taxonomy: taxonomy)
        var item = NewItem(
            name: name, category: categoryID, colors: colors,
            colorShares: template.colors.isEmpty ? photo.colors.map(\.share) : [],
            seasons: template.seasons.isEmpty ? category.seasons : template.seasons,
            styles: template.styles.isEmpty ? category.defaultStyles : template.styles,
            thickness: template.thickness ?? category.thickness, brand: template.brand, price: template.price, size: template.size,
            comment: template.comment, status: template.status, needsReview: needsReview, confidence: confidence,
            guesses: guesses.map { CategoryID($0.category) }, guessShares: guesses.map { min(1, max(0, $0.probability)) }, detail: detail)
        item.apply(template, estimatedPattern: PatternEstimate.pattern(photo.colors.map { ($0.name, $0.share) }))
        return item
    }

    /// Imports files; `progress(done, total)` is called after each one. When `shouldStop` says so (a signal), it
    /// stops between batches, each photo stored whole, and the report says it `stopped`.
    ///
    /// Photos are prepared on `threads` workers while the ones before them are stored (``PreparePipeline``),
    /// and stored `batchSize` at a time in one transaction: all of a batch or none of it, so a photo is never
    /// half-stored. A batch that fails is stored again one photo at a time, so that the fault is the photo's.
    public func importFiles(
        _ files: [URL], template: ItemTemplate = ItemTemplate(),
        progress: ((Int, Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) -> ImportReport {
        importPhotos(files.map { PhotoSource(file: $0) }, template: template, progress: progress, shouldStop: shouldStop)
    }

    /// Imports photos from their files or from bytes already in memory (``PhotoSource``), as ``importFiles``.
    public func importPhotos(
        _ sources: [PhotoSource], template: ItemTemplate = ItemTemplate(),
        progress: ((Int, Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) -> ImportReport {
        var report = ImportReport()
        var seen: [String: Int64] = [:]
        let pipeline = PreparePipeline(count: sources.count, threads: threads, ahead: max(batchSize, threads)) { i in
            try self.prepare(sources[i])
        }
        defer { pipeline.finish() }
        for start in stride(from: 0, to: sources.count, by: max(1, batchSize)) {
            if shouldStop?() == true { report.stopped = true; return report }
            let end = min(sources.count, start + max(1, batchSize))
            let batch = (start..<end).map { (file: sources[$0].file, result: pipeline.take($0)) }
            for outcome in store(batch, template: template, seen: &seen) {
                report.outcomes.append(outcome)
                progress?(report.outcomes.count, sources.count)
            }
        }
        return report
    }

    /// Adds a stored item the person named the category of to `personal` (the workers read it meanwhile).
    func learn(_ example: KNNIndex.Example) {
        personalLock.withLock { storedPersonal.add(example) }
    }
}
