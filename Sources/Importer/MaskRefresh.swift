import ClosetKit
import Foundation
import Imaging
import Segmenter

/// The background pass that gives every photo its garment mask: the photos of items with no mask the segmenter's
/// model made (imported before masks, or since: import does not wait for the network), newest first. Each mask is
/// stored in its own transaction as soon as it is made, so a pass stopped at any point (Ctrl-C, a kill, the TUI
/// closing) keeps every mask it stored, whole, and the next pass goes on with the photos still without one.
/// The photo files are only read.
public struct MaskRefresh {
    public let wardrobe: Wardrobe
    /// One worker thread each (a network runs on one thread at a time): two on a 2-core machine.
    public let segmenters: [Segmenter]

    public init(wardrobe: Wardrobe, segmenters: [Segmenter]) {
        precondition(!segmenters.isEmpty, "a mask pass needs a segmenter")
        precondition(Set(segmenters.map(\.model)).count == 1, "the segmenters of one pass are one model")
        self.wardrobe = wardrobe
        self.segmenters = segmenters
    }

    /// The model the masks are made with, as the wardrobe records it.
    public var model: String { segmenters[0].model }

    /// A mask just stored: the photo, its mask at the network's size (``GarmentMask/resized(width:height:)`` gives
    /// any other), and whether a garment was found.
    public struct Made: Sendable {
        public let hash: String
        public let mask: GarmentMask
        public let state: MaskState
    }

    /// What a run did.
    public struct Outcome: Equatable, Sendable {
        public var garment = 0
        /// Masks stored as "nothing found": the photo is shown as it is.
        public var nothing = 0
        /// Photos deleted (by another closet) before their mask was stored: nothing written for them.
        public var gone = 0
        /// Photos that could not be read, with why (they keep no mask, and are tried again by the next pass).
        public var failed: [(hash: String, why: String)] = []
        /// Whether `shouldStop` ended the run before every photo was done.
        public var stopped = false

        public var stored: Int { garment + nothing }

        public init() {}

        public static func == (a: Outcome, b: Outcome) -> Bool {
            (a.garment, a.nothing, a.gone, a.stopped) == (b.garment, b.nothing, b.gone, b.stopped)
                && a.failed.map(\.hash) == b.failed.map(\.hash)
        }
    }

    /// The photos of items without a mask of this model: what a run works through.
    public func pending() throws -> [(hash: String, ext: String)] { try wardrobe.photosWithoutMask(model: model) }

    /// Makes and stores the masks of `photos` (every pending one when nil: pass what ``pending()`` returned to ask
    /// only once), the segmenters each on a thread of their own.
    /// - Parameters:
    ///   - progress: `(done, total)` after each photo, stored or not.
    ///   - stored: each mask right after it is stored — the one place a mask is announced (what re-reads a
    ///     garment through its mask, such as its colours, starts here).
    ///   - shouldStop: asked before each photo; true ends the run after the photos already started.
    ///   The three are called one at a time (never two at once), from the pass's threads.
    public func run(
        _ photos: [(hash: String, ext: String)]? = nil, progress: @escaping (Int, Int) -> Void = { _, _ in },
        stored: @escaping (Made) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Outcome {
        let photos = try photos ?? pending()
        let state = PassState()
        let (model, wardrobe, segmenters) = (model, wardrobe, segmenters)
        DispatchQueue.concurrentPerform(iterations: min(segmenters.count, max(photos.count, 1))) { worker in
            while let index = state.next(count: photos.count, shouldStop: shouldStop) {
                let photo = photos[index]
                let mask: GarmentMask
                do { mask = try Self.make(photo, with: segmenters[worker], in: wardrobe) } catch {
                    state.finish(photos.count, progress) { $0.failed.append((photo.hash, Self.describe(error))) }
                    continue
                }
                // The wardrobe refusing a write (a full disk, a lock held too long) ends the pass: it is thrown.
                let written: Bool, found: MaskState
                do {
                    let (png, kind) = try mask.stored
                    found = kind
                    written = try wardrobe.setMask(png, state: found, model: model, photo: photo.hash)
                } catch {
                    state.fail(error)
                    return
                }
                state.finish(photos.count, progress) { outcome in
                    guard written else { return outcome.gone += 1 }
                    if found == .garment { outcome.garment += 1 } else { outcome.nothing += 1 }
                    stored(Made(hash: photo.hash, mask: mask, state: found))
                }
            }
        }
        return try state.result()
    }

    /// A photo's mask at the network's size, from the photo decoded small (its DCT scale covering twice the
    /// network's side, as the area resize to the network's input then averages what a full decode would).
    static func make(_ photo: (hash: String, ext: String), with segmenter: Segmenter, in wardrobe: Wardrobe) throws -> GarmentMask {
        var decoder = ImageDecoder()
        decoder.acceptsDamaged = true  // a stored photo was kept as it is, damaged or not
        let file = try wardrobe.photos.url(hash: photo.hash, ext: photo.ext)
        let side = segmenter.size * 2
        let decoded = try decoder.decode(try decoder.read(file: file), fitting: PixelSize(width: side, height: side))
        return try segmenter.map(decoded.image)
    }

    static func describe(_ error: Error) -> String {
        (error as? ClosetError)?.message ?? (error as? ImagingError)?.description ?? "\(error)"
    }
}

/// The pass's shared counters, behind one lock: which photo is next, and the outcome so far.
private final class PassState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var done = 0
    private var outcome = MaskRefresh.Outcome()
    private var fatal: Error?

    func next(count: Int, shouldStop: () -> Bool) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count, fatal == nil else { return nil }
        if outcome.stopped || shouldStop() {
            outcome.stopped = true
            return nil
        }
        nextIndex += 1
        return nextIndex - 1
    }

    /// Records one photo and reports progress, under the lock.
    func finish(_ total: Int, _ progress: (Int, Int) -> Void, _ update: (inout MaskRefresh.Outcome) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        update(&outcome)
        progress(done, total)
    }

    /// A write the wardrobe refused: no further photo is started, and the run throws it.
    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if fatal == nil { fatal = error }
    }

    func result() throws -> MaskRefresh.Outcome {
        lock.lock()
        defer { lock.unlock() }
        if let fatal { throw fatal }
        return outcome
    }
}
