import Importer

/// The `cutouts` object of `closet import --json`: what the cut-outs' pass did once the photos were stored.
/// `stored`: masks with a garment; `nothingFound`: masks that found none (the photo is shown as taken);
/// `leftForLater`: photos still without a mask, which `closet cutout --all` (or the TUI) cuts out later: the ones
/// that could not be read, or this import's photos when the pass did not run; `ran`: whether it ran.
struct CutoutsJSON {
    /// The pass's outcome: nil when it did not run (`--no-cutouts`, nothing imported, no segmentation model, a
    /// read-only wardrobe).
    var outcome: MaskRefresh.Outcome?
    /// Photos this import stored.
    var imported: Int

    var object: [String: Any] {
        guard let outcome else { return ["ran": false, "stored": 0, "nothingFound": 0, "leftForLater": imported] }
        return ["ran": true, "stored": outcome.garment, "nothingFound": outcome.nothing, "leftForLater": outcome.failed.count]
    }
}
