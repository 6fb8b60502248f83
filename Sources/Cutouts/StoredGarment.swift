import ClosetKit
import Foundation
import Imaging
import Segmenter

/// A stored photo as a garment to show: its original decoded to fit a box, its mask, and the two put together as
/// the profile's backdrop says. Shared by `closet outfit show -o` and the TUI, so that both show the same thing.
public struct StoredGarment {
    public let wardrobe: Wardrobe

    public init(_ wardrobe: Wardrobe) { self.wardrobe = wardrobe }

    /// The photo's mask, at its stored size, when one is stored and a garment was found in it; nil otherwise (none
    /// made yet, nothing found): the photo is then shown as it is. A damaged one throws
    /// ``ClosetKit/ClosetError/damagedMask(photo:problem:)`` and is never used.
    public func mask(_ hash: String) throws -> GarmentMask? {
        guard let stored = try wardrobe.mask(photo: hash), stored.state == .garment else { return nil }
        return try GarmentMask(stored: stored, photo: hash)
    }

    /// The original photo, upright, decoded at the smallest scale that covers `box` and shrunk to fit it; nil when
    /// the item's photo record is gone.
    public func photo(_ hash: String, fitting box: PixelSize) throws -> RGBImage? {
        guard let stored = try wardrobe.photo(hash) else { return nil }
        let url = try wardrobe.photos.url(hash: stored.hash, ext: stored.ext)
        let decoder = ImageDecoder()
        let image = try decoder.decode(try decoder.read(file: url), fitting: box).image
        let size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: box)
        guard size.width < image.width else { return image }
        return Resampler.resize(image, width: size.width, height: size.height)
    }

    /// The garment of photo `hash` fitting `box`: cut out on the backdrop where it has a mask and `backdrop` is
    /// the cut-out, else the photo as taken.
    public func picture(_ hash: String, fitting box: PixelSize, backdrop: Profile.Backdrop) throws -> RGBImage? {
        // Decoded larger than the box: the crop to the garment keeps its detail. A damaged mask is not trusted: the
        // photo is shown as it is (`closet doctor` makes the mask again).
        let wanted = backdrop == .cutout ? (try? mask(hash)) ?? nil : nil
        let decodeBox = wanted == nil ? box : PixelSize(width: box.width * 2, height: box.height * 2)
        guard let photo = try photo(hash, fitting: decodeBox) else { return nil }
        return Cutout.compose(photo, mask: wanted, fitting: box)
    }

    /// The outfit of `items` as one picture of `canvas` pixels; items without a photo are left out. Nil when none
    /// has a photo.
    public func outfit(_ items: [Item], canvas: PixelSize, backdrop: Profile.Backdrop) throws -> RGBImage? {
        let cell = PixelSize(width: canvas.width, height: canvas.height / 2)
        var pieces: [(role: OutfitRole, image: RGBImage)] = []
        for item in items {
            guard let hash = item.photo, let image = try picture(hash, fitting: cell, backdrop: backdrop) else { continue }
            pieces.append((OutfitRole(category: item.category, in: wardrobe.taxonomy), image))
        }
        return pieces.isEmpty ? nil : OutfitPicture.compose(pieces, canvas: canvas)
    }
}
