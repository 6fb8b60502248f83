import Classifier
import ClosetKit
import Foundation

/// The k-NN indexes over a wardrobe's photo embeddings, built in this one place for import, `classify` and
/// `similar`: `personal` holds the confirmed items (they adjust the model's guesses), `everything` every item
/// with a photo (near-duplicates, look-alikes). Only one model's embeddings are compared.
public struct WardrobeIndex: Sendable {
    public var personal = KNNIndex()
    public var everything = KNNIndex()
    /// Each indexed item's name, by id.
    public var names: [Int64: String] = [:]

    public init() {}

    /// Reads the embeddings `model` made (every model's when nil); with `confirmedOnly`, only confirmed items'.
    public init(wardrobe: Wardrobe, model: String?, confirmedOnly: Bool = false) throws {
        for (item, embedding) in try wardrobe.embeddings(confirmedOnly: confirmedOnly, model: model) {
            let example = KNNIndex.Example(id: item.id ?? 0, category: item.category, embedding: embedding)
            everything.add(example)
            if item.isConfirmed { personal.add(example) }
            names[example.id] = item.name
        }
    }
}
