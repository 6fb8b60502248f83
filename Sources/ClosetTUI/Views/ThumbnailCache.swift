import ClosetKit
import Foundation
import Imaging

/// Thumbnails read from the wardrobe once, decoded once, and their half-block cells kept per size,
/// so a redraw never touches the database or a decoder.
public final class ThumbnailCache {
    let wardrobe: Wardrobe?
    private var images: [String: RGBImage] = [:]
    private var cells: [String: [[HalfBlockCell]]] = [:]
    private var missing: Set<String> = []

    public init(wardrobe: Wardrobe?) { self.wardrobe = wardrobe }

    /// Loads the thumbnails of many photos in one query.
    public func preload(_ hashes: [String]) {
        let wanted = hashes.filter { images[$0] == nil && !missing.contains($0) }
        guard !wanted.isEmpty, let wardrobe else { return }
        let stored = (try? wardrobe.thumbnails(wanted)) ?? [:]
        for hash in wanted {
            if let data = stored[hash]?.thumbnail, let image = try? Thumbnail.decode(data) {
                images[hash] = image
            } else {
                missing.insert(hash)
            }
        }
    }

    public func image(_ hash: String) -> RGBImage? {
        if images[hash] == nil && !missing.contains(hash) { preload([hash]) }
        return images[hash]
    }

    public func cells(_ hash: String, columns: Int, rows: Int) -> [[HalfBlockCell]]? {
        let key = "\(hash):\(columns)x\(rows)"
        if let c = cells[key] { return c }
        guard let image = image(hash) else { return nil }
        let c = HalfBlockRenderer.cells(image, columns: columns, rows: rows)
        cells[key] = c
        return c
    }

    /// Drops one photo's entries (after a delete) — everything else stays warm.
    public func forget(_ hash: String) {
        images[hash] = nil
        missing.remove(hash)
        cells = cells.filter { !$0.key.hasPrefix(hash + ":") }
    }
}
