import Classifier
import ClosetKit
import Foundation
import Imaging

/// Computes again the embeddings another model made (or one of unknown origin), from the stored photos,
/// so that the k-NN, the near-duplicate warning and `closet similar` compare vectors of one model. Each photo
/// is saved on its own, so an interrupted run keeps what it finished and the next one goes on from there.
public struct EmbeddingRefresh {
    public let wardrobe: Wardrobe
    public let classifier: any ClothingClassifier

    public init(wardrobe: Wardrobe, classifier: any ClothingClassifier) {
        self.wardrobe = wardrobe
        self.classifier = classifier
    }

    /// What a run did.
    public struct Outcome: Equatable, Sendable {
        public var refreshed = 0
        /// Photos that could not be read, with why (their old embedding is no longer compared).
        public var failed: [(hash: String, why: String)] = []

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.refreshed == b.refreshed && a.failed.map(\.hash) == b.failed.map(\.hash)
        }
    }

    /// The photos whose embedding this classifier did not compute.
    public func stale() throws -> [(hash: String, ext: String)] {
        try wardrobe.photosWithStaleEmbeddings(model: classifier.embeddingModel)
    }

    /// Runs over `photos` (every stale photo when nil: pass what ``stale()`` returned to ask only once);
    /// `progress(done, total)` after each (never called when there is none).
    public func run(_ photos: [(hash: String, ext: String)]? = nil, progress: (Int, Int) -> Void = { _, _ in }) throws -> Outcome {
        var outcome = Outcome()
        let photos = try photos ?? stale()
        var decoder = ImageDecoder()
        decoder.acceptsDamaged = true  // a stored photo was kept as it is, damaged or not
        let fitting = PixelSize(width: classifier.input.size, height: classifier.input.size)
        for (n, photo) in photos.enumerated() {
            defer { progress(n + 1, photos.count) }
            let embedding: [Float]
            do {
                let file = try wardrobe.photos.url(hash: photo.hash, ext: photo.ext)
                embedding = try classifier.classify(try decoder.decode(try decoder.read(file: file), fitting: fitting).image).embedding
            } catch {
                outcome.failed.append((photo.hash, "\(error)"))
                continue
            }
            try wardrobe.setEmbedding(embedding, photo: photo.hash, model: classifier.embeddingModel)
            outcome.refreshed += 1
        }
        return outcome
    }
}
