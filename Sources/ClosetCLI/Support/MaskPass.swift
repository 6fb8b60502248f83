import ClosetKit
import Foundation
import Importer
import Segmenter

/// The background pass that cuts out the garments of photos without a mask (Importer's ``MaskRefresh``), run by
/// the CLI at the end of `closet import` and by `closet cutout --all`: two segmenters on two cores, a progress bar
/// on a terminal. Ctrl-C stops it at once and loses nothing: each mask is stored on its own, and the next run goes on.
enum MaskPass {
    /// Threads the pass runs on: one segmenter each (132 MB of activations each at 320).
    static var workers: Int { min(2, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Runs the pass over every photo without a mask of the installed model. Nil when there is nothing to run it
    /// with: no segmentation model (or CLOSET_SEGMENT_MODEL=none), or a read-only wardrobe.
    @discardableResult
    static func run(_ store: Wardrobe, quiet: Bool, required: Bool = false) throws -> MaskRefresh.Outcome? {
        if store.isReadOnly {
            if required { throw store.readOnlyCutoutsError }
            return nil
        }
        guard let first = try required ? ModelLoader.segmenter() : ModelLoader.segmenterIfInstalled() else { return nil }
        let refresh = MaskRefresh(wardrobe: store, segmenters: [first] + (try (1..<workers).map { _ in try first.another() }))
        let pending = try refresh.pending()
        guard !pending.isEmpty else { return MaskRefresh.Outcome() }
        if !quiet {
            Output.note(
                Output.format(
                    "Cutting out the garments of {0} photos (Ctrl-C stops; `closet cutout --all` goes on later)", "\(pending.count)"))
        }
        let progress = LazyProgress(shown: !quiet)
        let outcome = try refresh.run(pending, progress: progress.report)
        progress.finish()
        if !quiet {
            for failure in outcome.failed {
                Output.note(Output.format("photo {0} could not be cut out: {1}", String(failure.hash.prefix(12)), failure.why))
            }
        }
        return outcome
    }
}

extension Wardrobe {
    fileprivate var readOnlyCutoutsError: ClosetError {
        ClosetError.cannotCreate(
            Output.format("the wardrobe {0} is read-only: cut-outs cannot be stored in it", SafeText.escaped(folder.path)))
    }
}
