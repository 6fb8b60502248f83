import ClosetKit
import Foundation
import Segmenter

/// `closet doctor`'s look at the garment masks: every stored mask decoded (an 8-bit grey PNG within
/// ``StoredMask``'s bounds), its state consistent with it (a garment found means a mask with both garment and
/// background in it), and how many photos have none yet. A damaged mask is never used; ``repair(_:with:)`` makes
/// it again from the photo, which is only read.
public struct MaskCheck {
    public let wardrobe: Wardrobe

    public init(wardrobe: Wardrobe) { self.wardrobe = wardrobe }

    public struct Report: Equatable, Sendable {
        /// Masks that decode and agree with their state.
        public var sound = 0
        /// Photos of items without a mask yet (the background pass makes them).
        public var missing = 0
        /// Masks that cannot be used, with why.
        public var damaged: [Damaged] = []
    }

    public struct Damaged: Equatable, Sendable {
        public let hash: String
        public let why: String
    }

    public func examine() throws -> Report {
        var report = Report()
        report.missing = try wardrobe.maskCounts().missing
        for hash in try wardrobe.photosWithMask() {
            if let why = try problem(hash) { report.damaged.append(Damaged(hash: hash, why: why)) } else { report.sound += 1 }
        }
        return report
    }

    /// Why the mask of photo `hash` cannot be used, or nil when it is sound (or there is none).
    func problem(_ hash: String) throws -> String? {
        let mask: GarmentMask
        do {
            guard let stored = try wardrobe.mask(photo: hash) else { return nil }
            mask = try GarmentMask(stored: stored, photo: hash)
        } catch let error as ClosetError {
            guard case .damagedMask(_, let problem) = error else { throw error }
            return problem
        }
        if mask.found && !(mask.pixels.contains { $0 >= 128 } && mask.pixels.contains { $0 < 128 }) {
            return "marked as a garment found, but the mask is all garment or all background"
        }
        return nil
    }

    /// What a repair did.
    public struct Repair: Equatable, Sendable {
        /// Damaged masks made again from their photos.
        public var remade = 0
        /// Damaged masks forgotten because no segmentation model is installed or their photo cannot be read: the
        /// photo is shown as it is, and the background pass makes the mask once it can.
        public var cleared = 0
        /// Masks made for photos that had none.
        public var made = 0
        public var failed: [Damaged] = []
    }

    /// Makes the damaged masks in `report` again from their photos, and the missing ones, with `refresh` (nil: no
    /// segmentation model, and damaged masks are cleared so that nothing uses them).
    public func repair(
        _ report: Report, with refresh: MaskRefresh?, progress: @escaping (Int, Int) -> Void = { _, _ in }
    )
        throws -> Repair
    {
        var repair = Repair()
        let damaged = Set(report.damaged.map(\.hash))
        guard let refresh else {
            for hash in damaged.sorted() { try wardrobe.clearMask(photo: hash) }
            repair.cleared = damaged.count
            return repair
        }
        // The damaged first (the pending list leaves out those the current model made), then every missing one.
        let pending = try refresh.pending()
        let pendingHashes = Set(pending.map(\.hash))
        let extra = try damaged.subtracting(pendingHashes).sorted().compactMap { hash in
            try wardrobe.photo(hash).map { (hash: hash, ext: $0.ext) }
        }
        let outcome = try refresh.run(extra + pending, progress: progress)
        let failed = Set(outcome.failed.map(\.hash))
        for hash in damaged.intersection(failed).sorted() { try wardrobe.clearMask(photo: hash) }
        repair.cleared = damaged.intersection(failed).count
        repair.remade = damaged.subtracting(failed).count
        repair.made = outcome.stored - repair.remade
        repair.failed = outcome.failed.filter { !damaged.contains($0.hash) }.map { Damaged(hash: $0.hash, why: $0.why) }
        return repair
    }
}
