import Foundation
import GRDB

/// Whether the segmentation network told a garment apart from the background in a photo.
public enum MaskState: String, Hashable, Sendable, CaseIterable {
    /// A garment was found: a cut-out shows the photo through the mask.
    case garment
    /// Nothing was told apart (the mask was empty or the whole frame): closet keeps the photo as it is.
    case nothing
}

/// A photo's garment mask as the wardrobe stores it: an 8-bit grey PNG of the segmentation network's map (its own
/// square size, not the photo's: Segmenter's `GarmentMask(png:width:height:photo:)` reads it back at any size),
/// whether a garment was found, and which model made it.
public struct StoredMask: Hashable, Sendable {
    public var png: Data
    public var state: MaskState
    /// The model that made it; nil when unknown (a mask restored from a backup that did not name one).
    public var model: String?

    /// A stored mask's bounds: a PNG of at most this many bytes, at most this many pixels a side. The network's map
    /// is 320 a side (a few kilobytes); anything past these is damaged or hostile and is never read.
    public static let maxBytes = 1_048_576
    public static let maxSide = 1024

    /// The eight bytes every PNG starts with.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public init(png: Data, state: MaskState, model: String?) {
        self.png = png
        self.state = state
        self.model = model
    }

    /// Why `png` cannot be a stored mask (too large, not a PNG), or nil. Decoding it is the reader's check.
    public static func problem(_ png: Data) -> String? {
        if png.count > maxBytes { return "\(png.count) bytes, over the \(maxBytes)-byte limit" }
        if !png.starts(with: pngSignature) { return "not a PNG" }
        return nil
    }
}

extension Wardrobe {
    /// Stores the mask of photo `hash` in one transaction, replacing any mask it had. Writes nothing, and says so
    /// (false), when the photo is no longer in the wardrobe (deleted while its mask was being made).
    @discardableResult
    public func setMask(_ png: Data, state: MaskState, model: String?, photo hash: String) throws -> Bool {
        if let problem = StoredMask.problem(png) { throw ClosetError.damagedMask(photo: hash, problem: problem) }
        return try write { db in
            try db.execute(
                sql: "UPDATE photos SET mask = ?, mask_state = ?, mask_model = ? WHERE hash = ?",
                arguments: [png, state.rawValue, model, hash])
            return db.changesCount > 0
        }
    }

    /// Forgets the mask of photo `hash` (one that is damaged and cannot be made again): the photo is shown as it is
    /// until the pass makes one.
    public func clearMask(photo hash: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE photos SET mask = NULL, mask_state = NULL, mask_model = NULL WHERE hash = ?", arguments: [hash])
        }
    }

    /// The stored mask of photo `hash`, or nil when it has none (or is not in the wardrobe). A row whose mask is not a
    /// PNG within ``StoredMask/maxBytes``, or whose state is unknown, throws ``ClosetError/damagedMask(photo:problem:)``.
    public func mask(photo hash: String) throws -> StoredMask? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT mask, mask_state, mask_model FROM photos WHERE hash = ?", arguments: [hash])
        }
        guard let row else { return nil }
        return try Self.storedMask(row, photo: hash)
    }

    /// The mask in a row's `mask`, `mask_state` and `mask_model`, checked; nil when there is none.
    static func storedMask(_ row: Row, photo hash: String) throws -> StoredMask? {
        let png: Data? = row["mask"]
        let state: String? = row["mask_state"]
        switch (png, state) {
        case (nil, nil): return nil
        case (nil, _): throw ClosetError.damagedMask(photo: hash, problem: "a state without a mask")
        case (_, nil): throw ClosetError.damagedMask(photo: hash, problem: "a mask without a state")
        case (let png?, let state?):
            guard let known = MaskState(rawValue: state) else {
                throw ClosetError.damagedMask(photo: hash, problem: "an unknown state '\(state.prefix(40))'")
            }
            if let problem = StoredMask.problem(png) { throw ClosetError.damagedMask(photo: hash, problem: problem) }
            return StoredMask(png: png, state: known, model: row["mask_model"])
        }
    }

    /// The photos of items that have no mask `model` made (none yet, another model's, or one of unknown origin),
    /// newest first, so that the photos just imported are cut out first: what the background pass works through.
    public func photosWithoutMask(model: String) throws -> [(hash: String, ext: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT photos.hash, photos.ext FROM photos
                    WHERE photos.hash IN (SELECT photo FROM items WHERE photo IS NOT NULL)
                    AND (photos.mask IS NULL OR photos.mask_model IS NULL OR photos.mask_model != ?)
                    ORDER BY photos.created DESC, photos.hash
                    """, arguments: [model]
            ).map { (hash: $0["hash"], ext: $0["ext"]) }
        }
    }

    /// How many photos of items have a mask, and how many have none: for a progress line and `doctor`.
    public func maskCounts() throws -> (masked: Int, missing: Int) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(mask), COUNT(*) - COUNT(mask) FROM photos
                    WHERE hash IN (SELECT photo FROM items WHERE photo IS NOT NULL)
                    """)
            return (masked: row?[0] ?? 0, missing: row?[1] ?? 0)
        }
    }
}

extension Wardrobe {
    /// The photos of items that have a mask stored (damaged or not): what `doctor` checks one by one.
    public func photosWithMask() throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT hash FROM photos WHERE (mask IS NOT NULL OR mask_state IS NOT NULL)
                    AND hash IN (SELECT photo FROM items WHERE photo IS NOT NULL) ORDER BY hash
                    """)
        }
    }
}
