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
    public var image: RGBImage
    /// What is missing from a damaged photo (its data ends early): it is stored only if `keepsDamaged` says so.
    public var damage: String? = nil
}

/// Turns photo files into wardrobe items: decode once, thumbnail, colours, classify, store.
/// The CLI's `add` and `import` and the TUI's import screen all go through here.
///
/// Each photo is stored in its own transaction, so an interrupted import keeps the items it finished
/// and none half-made; running it again skips those as duplicates and finishes the rest.
public final class PhotoImporter: @unchecked Sendable {
    public let wardrobe: Wardrobe
    public var processor: PhotoProcessor
    public var classifier: (any ClothingClassifier)?
    /// At or above this confidence the classifier's category is taken; below, the item needs review.
    public var threshold: Double = 0.6
    /// How many photos are prepared at once (decoded in parallel, then stored in order).
    public var batchSize = 8
    public var threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
    /// The user's confirmed items, which adjust the model's guesses (k-NN).
    public var personal = KNNIndex()
    /// Every stored photo's embedding, to warn about near-duplicates.
    public var everything = KNNIndex()
    public var personalizer = Personalizer()
    /// Embeddings this similar to an existing item's are reported as probable duplicates.
    public var nearDuplicateSimilarity: Float = 0.97
    /// Asked, in order, for each damaged photo (file, what is missing) whether to keep it; nil keeps none.
    public var keepsDamaged: ((URL, String) -> Bool)?

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
    public func prepare(_ file: URL) throws -> PreparedPhoto {
        let data: Data
        let processed: ProcessedPhoto
        // The classifier runs before the colours, so that they weigh the pixels its map calls garment.
        var model: Prediction?
        do {
            data = try processor.decoder.read(file: file)
            processed = try processor.process(data) { image in
                model = try self.classifier?.classify(image, garmentMap: true)
                return model?.garmentMap
            }
        } catch let error as ImagingError {
            throw ClosetError.unreadablePhoto(file: file.path, reason: error.description)
        }
        let prediction = model.map { personalizer.combine($0, with: personal) }
        // Never "kind not known yet" (a shoe confirmed as just a shoe): the vote is among the kinds.
        let fineKind = model.flatMap {
            personalizer.fineKind($0.embedding, among: KindDecision.kinds(of: $0), in: personal)
        }
        let upright = processed.decoded.uprightSize
        let upload = PhotoUpload(
            data: data, ext: processed.decoded.format.fileExtension, width: upright.width, height: upright.height,
            thumbnail: processed.thumbnail.jpeg, thumbWidth: processed.thumbnail.image.width,
            thumbHeight: processed.thumbnail.image.height, preview: processed.preview.jpeg, embedding: prediction?.embedding,
            embeddingModel: classifier?.embeddingModel)
        return PreparedPhoto(
            file: file, upload: upload, colors: processed.colors, prediction: prediction, model: model, fineKind: fineKind,
            image: processed.decoded.image, damage: processed.decoded.damage)
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
    /// stops between photos, each one stored whole, and the report says it `stopped`.
    public func importFiles(
        _ files: [URL], template: ItemTemplate = ItemTemplate(),
        progress: ((Int, Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) -> ImportReport {
        var report = ImportReport()
        var seen: [String: Int64] = [:]
        var done = 0
        for start in stride(from: 0, to: files.count, by: batchSize) {
            let batch = Array(files[start..<min(files.count, start + batchSize)])
            if shouldStop?() == true { report.stopped = true; return report }
            let prepared = prepareAll(batch)
            for (file, result) in zip(batch, prepared) {
                if shouldStop?() == true { report.stopped = true; return report }
                report.outcomes.append(store(file, result, template: template, seen: &seen))
                done += 1
                progress?(done, files.count)
            }
        }
        return report
    }

    /// Prepares a batch on up to `threads` threads, keeping the order.
    func prepareAll(_ files: [URL]) -> [Result<PreparedPhoto, Error>] {
        let results = UnsafeMutableBufferPointer<Result<PreparedPhoto, Error>?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        // Deinitialise before freeing: each slot holds a photo's bytes and pixels (≈1 MB a photo leaked without it).
        defer { results.deinitialize(); results.deallocate() }
        let work = { (i: Int) in results[i] = Result { try self.prepare(files[i]) } }
        if threads > 1 && files.count > 1 {
            DispatchQueue.concurrentPerform(iterations: files.count, execute: work)
        } else {
            for i in files.indices { work(i) }
        }
        return results.map { $0! }
    }

    func store(
        _ file: URL, _ result: Result<PreparedPhoto, Error>, template: ItemTemplate,
        seen: inout [String: Int64]
    ) -> ImportOutcome {
        do {
            let photo = try result.get()
            if let refused = refusal(of: photo) { return refused }
            let hash = photo.upload.hash
            if let id = seen[hash] { return .duplicate(file: file, existing: id) }
            var warning: String? = nil
            if let embedding = photo.prediction?.embedding, let near = everything.nearest(embedding, k: 1).first,
                near.similarity >= nearDuplicateSimilarity
            {
                warning = String(format: "looks like item %lld (%.0f%% similar)", near.example.id, near.similarity * 100)
            }
            // The duplicate check and the insert are one transaction: two imports at once store a photo once.
            let item: Item
            switch try wardrobe.add(try self.item(for: photo, template: template), photo: photo.upload, skippingDuplicate: true) {
            case .duplicate(let id):
                seen[hash] = id
                return .duplicate(file: file, existing: id)
            case .added(let added): item = added
            }
            seen[hash] = item.id
            if let embedding = photo.prediction?.embedding {
                everything.add(.init(id: item.id, category: item.category.rawValue, embedding: embedding))
                if template.category != nil { personal.add(.init(id: item.id, category: item.category.rawValue, embedding: embedding)) }
            }
            return .imported(file: file, item: item, warning: Self.warning(photo, nearDuplicate: warning))
        } catch let error as ClosetError {
            // The outcome names the file; its reason does not repeat it (each front end writes the two its way).
            return .failed(file: file, error: error.reason)
        } catch {
            return .failed(file: file, error: "\(error)")
        }
    }
}
