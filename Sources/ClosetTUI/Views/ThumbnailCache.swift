import ClosetKit
import Cutouts
import Foundation
import Imaging
import Segmenter

/// Thumbnails read from the wardrobe once, decoded once, and their half-block cells kept per size,
/// so a redraw never touches the database or a decoder.
public final class ThumbnailCache {
    let wardrobe: Wardrobe?
    private var images: [String: RGBImage] = [:]
    private var cells: [String: [[HalfBlockCell]]] = [:]
    private var missing: Set<String> = []

    public init(wardrobe: Wardrobe?) { self.wardrobe = wardrobe }

    /// The last read or write of the wardrobe that failed while drawing, until the controller takes it to say
    /// so: a photo that cannot be read is never just drawn as "no photo".
    private(set) var failure: Error?

    /// The failure since the last call, if any.
    func takeFailure() -> Error? {
        defer { failure = nil }
        return failure
    }

    /// Loads the thumbnails of many photos in one query.
    public func preload(_ hashes: [String]) {
        let wanted = hashes.filter { images[$0] == nil && !missing.contains($0) }
        guard !wanted.isEmpty, let wardrobe else { return }
        let stored: [String: StoredPhoto]
        do { stored = try wardrobe.thumbnails(wanted) } catch {
            // Not marked missing: read again on the next frame, when the wardrobe may answer.
            failure = error
            return
        }
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
        let cut = mask(hash)
        let key = "\(hash):\(columns)x\(rows)" + (cut == nil ? "" : ":cutout")
        if let c = cells[key] { return c }
        guard let thumbnail = image(hash) else { return nil }
        let image = cut.map { Cutout.compose(thumbnail, mask: $0.mask) } ?? thumbnail
        let c = HalfBlockRenderer.cells(image, columns: columns, rows: rows)
        cells[key] = c
        return c
    }

    /// Larger pictures for terminals that draw real pixels, least recently used dropped past the budget.
    private var larger: [String: (image: RGBImage, used: Int)] = [:]
    /// Photos whose preview or original could not be had (the file gone): not looked for again each frame.
    private var noLarger: Set<String> = []
    private var largerBytes = 0
    private var uses = 0
    /// About 64 MB of decoded pixels.
    let largerBudget = 64 << 20

    /// Garments cut out on the backdrop where their photo has a mask, or photos as taken: the view sets it each
    /// frame from ``AppState/backdrop``.
    public var backdrop: Profile.Backdrop = .cutout
    /// Reads a photo's mask (the wardrobe's by default; tests give their own): nil when it has none yet or
    /// nothing was found in it.
    public var readMask: ((String) throws -> GarmentMask?)?
    /// Masks read, shrunk to at most `maskSide`, and how much larger than the box a source is fetched so that
    /// the garment cropped out of it keeps its detail; nil where the photo has none.
    private var masks: [String: (mask: GarmentMask, zoom: Double)?] = [:]
    static let maskSide = 800

    /// The photo's mask when it is shown cut out; nil when it is shown as taken. Read once.
    func mask(_ hash: String) -> (mask: GarmentMask, zoom: Double)? {
        guard backdrop == .cutout else { return nil }
        if let known = masks[hash] { return known }
        let read = readMask ?? { [wardrobe] hash in try wardrobe.flatMap { try StoredGarment($0).mask(hash) } }
        // A mask that cannot be read is not trusted: the photo is shown as it is (doctor rebuilds the mask).
        let found = ((try? read(hash)) ?? nil).flatMap { mask -> (mask: GarmentMask, zoom: Double)? in
            let shrunk = mask.shrunk(longest: Self.maskSide)
            guard let box = Cutout.garmentBox(shrunk) else { return nil }
            let zoom = min(Double(shrunk.width) / Double(box.width), Double(shrunk.height) / Double(box.height))
            return (shrunk, min(2, max(1, zoom)))
        }
        masks[hash] = .some(found)
        return found
    }

    /// Photos that had no mask are looked at again (after the background pass made some).
    public func masksChanged() { masks = masks.filter { $0.value != nil } }

    /// The key a picture is placed under: a cut-out is another picture than its photo.
    func pictureKey(_ hash: String) -> String { mask(hash) == nil ? hash : hash + ":cutout" }

    /// The picture to draw in a box of `box` pixels: the photo (``source(_:fitting:)``), with its garment cut
    /// out on the backdrop where it has a mask and the cut-out is shown. Cut-outs are kept as the sources are.
    public func picture(_ hash: String, fitting box: PixelSize) -> RGBImage? {
        guard let cut = mask(hash) else { return source(hash, fitting: box) }
        let wanted = PixelSize(width: Int(Double(box.width) * cut.zoom), height: Int(Double(box.height) * cut.zoom))
        guard let source = source(hash, fitting: wanted) else { return nil }
        let key = "\(hash):cutout:\(source.width)x\(source.height)"
        if larger[key] != nil {
            uses += 1
            larger[key]?.used = uses
            return larger[key]?.image
        }
        return keep(Cutout.compose(source, mask: cut.mask), as: key)
    }

    /// An outfit's pieces as one picture fitting `box` (at most 1200 pixels a side), and the key it is placed
    /// under; nil when no piece has a picture. Kept as the larger pictures are.
    func outfit(_ pieces: [(role: OutfitRole, hash: String)], fitting box: PixelSize) -> (key: String, image: RGBImage)? {
        let canvas = Resampler.fit(
            PixelSize(width: 3, height: 4), in: PixelSize(width: min(box.width, 1200), height: min(box.height, 1200)))
        let key = "outfit:\(canvas.width)x\(canvas.height):" + pieces.map { pictureKey($0.hash) }.joined(separator: ",")
        if larger[key] != nil {
            uses += 1
            larger[key]?.used = uses
            return larger[key].map { (key, $0.image) }
        }
        // Each piece fetched about as large as the half of the picture it may take.
        let cell = PixelSize(width: canvas.width, height: canvas.height / 2)
        let drawn = pieces.compactMap { piece in picture(piece.hash, fitting: cell).map { (role: piece.role, image: $0) } }
        guard !drawn.isEmpty else { return nil }
        return (key, keep(OutfitPicture.compose(drawn, canvas: canvas), as: key))
    }

    /// The photo to draw in a box of `box` pixels: the thumbnail when it is about as large, else the
    /// stored preview (made from the original, and stored, for photos imported before previews existed),
    /// else, for a box larger still (the item and review screens), the original decoded to fit it.
    func source(_ hash: String, fitting box: PixelSize) -> RGBImage? {
        guard let thumbnail = image(hash) else { return nil }
        func covers(_ image: RGBImage) -> Bool {
            let fitted = Resampler.fit(PixelSize(width: image.width, height: image.height), in: box)
            return fitted.width * 4 <= image.width * 5
        }
        if covers(thumbnail) || noLarger.contains(hash) { return thumbnail }
        uses += 1
        let previewKey = hash + ":preview"
        let preview = larger[previewKey]?.image ?? loadPreview(hash).map { keep($0, as: previewKey) }
        guard let preview else {
            noLarger.insert(hash)
            return thumbnail
        }
        larger[previewKey]?.used = uses
        if covers(preview) { return preview }
        // Large boxes: the original, decoded to fit (capped), kept for the next frames.
        let capped = PixelSize(width: min(box.width, 1600), height: min(box.height, 1600))
        let originalKey = hash + ":\(capped.width)x\(capped.height)"
        if let original = larger[originalKey] {
            larger[originalKey]?.used = uses
            return original.image
        }
        guard !noLarger.contains(hash + ":original"), let original = decodeOriginal(hash, fitting: capped) else {
            noLarger.insert(hash + ":original")
            return preview
        }
        return keep(original, as: originalKey)
    }

    private func keep(_ image: RGBImage, as key: String) -> RGBImage {
        larger[key] = (image, uses)
        largerBytes += image.pixels.count
        while largerBytes > largerBudget, let oldest = larger.min(by: { $0.value.used < $1.value.used })?.key, oldest != key {
            largerBytes -= larger[oldest]?.image.pixels.count ?? 0
            larger[oldest] = nil
        }
        return image
    }

    /// The stored preview; for a photo imported before previews, one made from the original and stored.
    private func loadPreview(_ hash: String) -> RGBImage? {
        guard let wardrobe, let photo = stored(hash) else { return nil }
        if let data = photo.preview, let image = try? Thumbnail.decode(data) { return image }
        guard let decoded = decodeOriginal(hash, fitting: Thumbnail.previewBox, photo: photo),
            let preview = try? Thumbnail(of: decoded, box: Thumbnail.previewBox)
        else { return nil }
        do { try wardrobe.setPreview(preview.jpeg, photo: hash) } catch { failure = error }
        return preview.image
    }

    /// The original photo, upright, decoded at the smallest scale that covers `box`.
    private func decodeOriginal(_ hash: String, fitting box: PixelSize, photo: StoredPhoto? = nil) -> RGBImage? {
        guard let wardrobe, let photo = photo ?? stored(hash),
            let url = try? wardrobe.photos.url(hash: photo.hash, ext: photo.ext),
            let data = try? ImageDecoder().read(file: url), let decoded = try? ImageDecoder().decode(data, fitting: box)
        else { return nil }
        let size = Resampler.fit(PixelSize(width: decoded.image.width, height: decoded.image.height), in: box)
        guard size.width < decoded.image.width else { return decoded.image }
        return Resampler.resize(decoded.image, width: size.width, height: size.height)
    }

    /// The photo's record, nil when there is none or it could not be read (then ``failure`` says why).
    private func stored(_ hash: String) -> StoredPhoto? {
        do { return try wardrobe?.photo(hash) } catch {
            failure = error
            return nil
        }
    }

    /// Photo files outside the wardrobe (the import browser's preview), as cells per path and size; nil for a
    /// file that is no photo. A few dozen kept: a folder is browsed, not all of them.
    private var files: [String: [[HalfBlockCell]]?] = [:]

    /// The half-block cells of the photo file at `path`, decoded at the smallest scale that covers the box.
    public func filePreview(_ path: String, columns: Int, rows: Int) -> [[HalfBlockCell]]? {
        let key = "\(columns)x\(rows):" + path
        if let cached = files[key] { return cached }
        if files.count >= 32 { files = [:] }
        let box = PixelSize(width: max(1, columns), height: max(1, rows * 2))
        let decoder = ImageDecoder()
        let cells = (try? decoder.read(file: URL(fileURLWithPath: path))).flatMap { try? decoder.decode($0, fitting: box) }.map {
            HalfBlockRenderer.cells($0.image, columns: columns, rows: rows)
        }
        files[key] = .some(cells)
        return cells
    }

    /// Drops one photo's entries (after a delete) — everything else stays warm.
    public func forget(_ hash: String) {
        images[hash] = nil
        masks[hash] = nil
        missing.remove(hash)
        cells = cells.filter { !$0.key.hasPrefix(hash + ":") }
        noLarger = noLarger.filter { $0 != hash && !$0.hasPrefix(hash + ":") }
        for key in larger.keys where key.hasPrefix(hash + ":") {
            largerBytes -= larger[key]?.image.pixels.count ?? 0
            larger[key] = nil
        }
    }
}
