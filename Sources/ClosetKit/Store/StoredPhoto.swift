import Foundation
import GRDB

/// A photo as the wardrobe stores it: the original file's address and what was derived from it once,
/// at import, so that nothing has to decode the original again.
public struct StoredPhoto: Hashable, Sendable {
    public var hash: String
    public var ext: String
    public var bytes: Int
    public var width: Int
    public var height: Int
    /// A small JPEG of the photo for the closet grid.
    public var thumbnail: Data?
    public var thumbWidth: Int?
    public var thumbHeight: Int?
    /// A larger JPEG (240 pixels on the long side) for terminals that draw real pixels; nil for photos
    /// imported before closet made them (``Wardrobe/setPreview(_:photo:)`` adds it on first use).
    public var preview: Data?
    /// The classifier's pooled feature vector, float32 little-endian.
    public var embedding: Data?
    /// The model that computed `embedding` (``Wardrobe/setEmbedding(_:photo:model:)``); nil when unknown
    /// (photos imported before closet recorded it, or restored from an export).
    public var embeddingModel: String?
    /// The garment mask (``StoredMask``; ``Wardrobe/mask(photo:)`` reads it checked), nil until the background pass
    /// made one.
    public var mask: StoredMask?
    public var created: Date

    public init(
        hash: String, ext: String, bytes: Int, width: Int, height: Int, thumbnail: Data? = nil,
        thumbWidth: Int? = nil, thumbHeight: Int? = nil, preview: Data? = nil, embedding: Data? = nil,
        embeddingModel: String? = nil, mask: StoredMask? = nil, created: Date = Date()
    ) {
        self.hash = hash; self.ext = ext; self.bytes = bytes; self.width = width; self.height = height
        self.thumbnail = thumbnail; self.thumbWidth = thumbWidth; self.thumbHeight = thumbHeight
        self.preview = preview; self.embedding = embedding; self.embeddingModel = embeddingModel; self.mask = mask
        self.created = created
    }

    /// The embedding as floats, or nil when none is stored.
    public var embeddingVector: [Float]? {
        guard let embedding, embedding.count % 4 == 0 else { return nil }
        return embedding.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    public static func encode(embedding: [Float]) -> Data { embedding.withUnsafeBufferPointer { Data(buffer: $0) } }
}

extension StoredPhoto: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "photos"

    public init(row: Row) throws {
        self.init(
            hash: row["hash"], ext: row["ext"], bytes: row["bytes"], width: row["width"], height: row["height"],
            thumbnail: row["thumbnail"], thumbWidth: row["thumb_width"], thumbHeight: row["thumb_height"],
            preview: row["preview"], embedding: row["embedding"], embeddingModel: row["embedding_model"],
            // A damaged mask is read as none: it is never used, and the pass or `doctor --fix` makes it again.
            mask: (try? Wardrobe.storedMask(row, photo: row["hash"])) ?? nil, created: row["created"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["hash"] = hash
        container["ext"] = ext
        container["bytes"] = bytes
        container["width"] = width
        container["height"] = height
        container["thumbnail"] = thumbnail
        container["thumb_width"] = thumbWidth
        container["thumb_height"] = thumbHeight
        container["preview"] = preview
        container["embedding"] = embedding
        container["embedding_model"] = embeddingModel
        container["mask"] = mask?.png
        container["mask_state"] = mask?.state.rawValue
        container["mask_model"] = mask?.model
        container["created"] = created
    }
}

/// A photo on its way into the wardrobe: the original's bytes and what was derived from them.
public struct PhotoUpload: Sendable {
    public let data: Data
    /// SHA-256 of `data`, hex: the photo's name in the store.
    public let hash: String
    public var ext: String
    public var width: Int
    public var height: Int
    public var thumbnail: Data?
    public var thumbWidth: Int?
    public var thumbHeight: Int?
    /// The larger JPEG for pixel terminals (see ``StoredPhoto/preview``).
    public var preview: Data?
    public var embedding: [Float]?
    /// The model that computed `embedding`.
    public var embeddingModel: String?

    public init(
        data: Data, ext: String, width: Int, height: Int, thumbnail: Data? = nil, thumbWidth: Int? = nil,
        thumbHeight: Int? = nil, preview: Data? = nil, embedding: [Float]? = nil, embeddingModel: String? = nil
    ) {
        self.init(
            data: data, sha256: SHA256.hex(data), ext: ext, width: width, height: height, thumbnail: thumbnail,
            thumbWidth: thumbWidth, thumbHeight: thumbHeight, preview: preview, embedding: embedding, embeddingModel: embeddingModel)
    }

    /// As the other initialiser, with `data`'s SHA-256 already known (hashed as the file was read, so the bytes
    /// are not read twice). It must be `SHA256.hex(data)`: it names the stored file.
    public init(
        data: Data, sha256: String, ext: String, width: Int, height: Int, thumbnail: Data? = nil, thumbWidth: Int? = nil,
        thumbHeight: Int? = nil, preview: Data? = nil, embedding: [Float]? = nil, embeddingModel: String? = nil
    ) {
        assert(sha256 == SHA256.hex(data), "the hash given is not the data's")
        self.data = data; self.hash = sha256; self.ext = ext; self.width = width; self.height = height; self.thumbnail = thumbnail
        self.thumbWidth = thumbWidth; self.thumbHeight = thumbHeight; self.preview = preview; self.embedding = embedding
        self.embeddingModel = embedding == nil ? nil : embeddingModel
    }
}
