import ClosetKit
import Foundation
import Imaging

/// Storing prepared photos a batch at a time: one transaction for the batch (one commit's syncs instead of one
/// per photo), each photo still all-or-nothing within it; a batch that fails is stored again one photo at a
/// time, so that a photo the store refuses costs only itself.
extension PhotoImporter {
    /// What to do with one prepared photo: an outcome already (failed, refused, a duplicate of one stored in
    /// this import), or an item to write.
    enum Decision {
        case done(ImportOutcome)
        case write(PreparedPhoto, NewItem)
    }

    /// Stores a batch, in order; returns one outcome for each file.
    func store(
        _ batch: [(file: URL, result: Result<PreparedPhoto, Error>)], template: ItemTemplate, seen: inout [String: Int64]
    ) -> [ImportOutcome] {
        let decisions = batch.map { decide($0.file, $0.result, template: template, seen: seen) }
        var outcomes: [ImportOutcome?] = decisions.map { if case .done(let outcome) = $0 { outcome } else { nil } }
        let writes: [(index: Int, photo: PreparedPhoto, item: NewItem)] = decisions.enumerated().compactMap {
            if case .write(let photo, let item) = $0.element { (index: $0.offset, photo: photo, item: item) } else { nil }
        }
        if writes.count > 1 {
            // The duplicate check and the inserts are one transaction: two imports at once store a photo once,
            // and a photo twice in the batch is stored once (the second finds the first's row).
            if let added = try? stageTimes.measure(
                .write,
                {
                    try wardrobe.addAll(writes.map { ($0.item, $0.photo.upload) }, skippingDuplicates: true)
                })
            {
                for (write, outcome) in zip(writes, added) {
                    outcomes[write.index] = recorded(batch[write.index].file, write.photo, outcome, template: template, seen: &seen)
                }
                return outcomes.map { $0! }
            }
        }
        for write in writes {
            let file = batch[write.index].file
            do {
                let outcome = try stageTimes.measure(.write) {
                    try wardrobe.add(write.item, photo: write.photo.upload, skippingDuplicate: true)
                }
                outcomes[write.index] = recorded(file, write.photo, outcome, template: template, seen: &seen)
            } catch {
                outcomes[write.index] = Self.failure(file, error)
            }
        }
        return outcomes.map { $0! }
    }

    /// Whether a prepared photo is written, and as what item; asks `keepsDamaged` about a damaged one.
    func decide(_ file: URL, _ result: Result<PreparedPhoto, Error>, template: ItemTemplate, seen: [String: Int64]) -> Decision {
        do {
            let photo = try result.get()
            if let refused = refusal(of: photo) { return .done(refused) }
            if let id = seen[photo.upload.hash] { return .done(.duplicate(file: file, existing: id)) }
            return .write(photo, try item(for: photo, template: template))
        } catch {
            return .done(Self.failure(file, error))
        }
    }

    /// The outcome of a written photo; the map of stored hashes and the k-NN indexes learn of it. A photo that
    /// looks like one stored before it (by embedding) is imported with a warning naming that item.
    func recorded(
        _ file: URL, _ photo: PreparedPhoto, _ outcome: Wardrobe.AddOutcome, template: ItemTemplate, seen: inout [String: Int64]
    ) -> ImportOutcome {
        let item: Item
        switch outcome {
        case .duplicate(let id):
            seen[photo.upload.hash] = id
            return .duplicate(file: file, existing: id)
        case .added(let added): item = added
        }
        seen[photo.upload.hash] = item.id
        var warning: String? = nil
        if let embedding = photo.prediction?.embedding {
            if let near = everything.nearest(embedding, k: 1).first, near.similarity >= nearDuplicateSimilarity {
                warning = String(format: "looks like item %lld (%.0f%% similar)", near.example.id, near.similarity * 100)
            }
            everything.add(.init(id: item.id, category: item.category.rawValue, embedding: embedding))
            if template.category != nil { learn(.init(id: item.id, category: item.category.rawValue, embedding: embedding)) }
        }
        return .imported(file: file, item: item, warning: Self.warning(photo, nearDuplicate: warning))
    }

    /// The outcome naming the file; its reason does not repeat it (each front end writes the two its way).
    static func failure(_ file: URL, _ error: Error) -> ImportOutcome {
        if let error = error as? ClosetError { return .failed(file: file, error: error.reason) }
        return .failed(file: file, error: "\(error)")
    }
}
