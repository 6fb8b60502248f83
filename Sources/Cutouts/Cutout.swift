import Imaging
import Segmenter

/// A garment cut out of its photo and laid on the ``Backdrop``: the photo's pixels weighted by the mask (soft at
/// the edges), cropped to the mask's box with a margin of backdrop around it. Where nothing was found (an empty
/// mask or the whole frame, or no mask at all) the photo is given as it is. The photo itself is never changed.
public enum Cutout {
    /// Mask values at or above this are garment when the box is measured.
    static let inside: UInt8 = 128
    /// Mask values up to `clear` are background, from `solid` on garment; between, a soft edge. The network's
    /// faint haze over a bed (a few percent) is cleared rather than shown as a ghost of the bed, and the ramp leans
    /// inward: an edge pixel half garment, half bed (the mask at 128) is mostly backdrop, so that a red blanket
    /// leaves no red fringe round a beige cap.
    static let clear: Float = 80, solid: Float = 240
    /// Backdrop left around the garment, as a share of the garment box's longer side.
    static let margin = 0.08

    /// A box of pixels: `x`, `y` its top left, inclusive; `width`×`height`.
    public struct Box: Equatable, Sendable {
        public var x: Int, y: Int, width: Int, height: Int
        public init(x: Int, y: Int, width: Int, height: Int) { (self.x, self.y, self.width, self.height) = (x, y, width, height) }
    }

    /// The garment's box in the mask's pixels; nil when the mask found nothing (``GarmentMask/found``) or
    /// no pixel of it is garment.
    public static func garmentBox(_ mask: GarmentMask) -> Box? {
        guard mask.found, mask.width > 0, mask.height > 0 else { return nil }
        var (left, top, right, bottom) = (mask.width, mask.height, -1, -1)
        mask.pixels.withUnsafeBufferPointer { p in
            for y in 0..<mask.height {
                let row = y * mask.width
                var first = -1, last = -1
                for x in 0..<mask.width where p[row + x] >= inside {
                    if first < 0 { first = x }
                    last = x
                }
                guard first >= 0 else { continue }
                (left, right) = (min(left, first), max(right, last))
                (top, bottom) = (min(top, y), y)
            }
        }
        guard right >= left, bottom >= top else { return nil }
        // Garment at every pixel: the whole frame, nothing told apart.
        if left == 0, top == 0, right == mask.width - 1, bottom == mask.height - 1,
            !mask.pixels.contains(where: { $0 < inside })
        {
            return nil
        }
        return Box(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
    }

    /// The garment of `photo` on the backdrop, or `photo` itself where `mask` is nil or found nothing; shrunk to
    /// fit `box` when given (never enlarged). The mask may be of another size than the photo (a mask at the
    /// original's size over a preview): it is laid over the whole photo, stretched.
    public static func compose(_ photo: RGBImage, mask: GarmentMask?, fitting box: PixelSize? = nil) -> RGBImage {
        guard photo.width > 0, photo.height > 0, let mask, let found = garmentBox(mask) else { return fit(photo, box) }
        // The garment's box in the photo's pixels, with the margin; it may reach past the photo (backdrop there).
        let sx = Double(photo.width) / Double(mask.width), sy = Double(photo.height) / Double(mask.height)
        let x0 = Double(found.x) * sx, x1 = Double(found.x + found.width) * sx
        let y0 = Double(found.y) * sy, y1 = Double(found.y + found.height) * sy
        let pad = max(x1 - x0, y1 - y0) * margin
        let left = Int((x0 - pad).rounded(.down)), top = Int((y0 - pad).rounded(.down))
        let width = max(1, Int((x1 + pad).rounded(.up)) - left), height = max(1, Int((y1 + pad).rounded(.up)) - top)
        let columns = taps(count: width, from: left, scale: 1 / sx, maskSide: mask.width, photoSide: photo.width)
        let rows = taps(count: height, from: top, scale: 1 / sy, maskSide: mask.height, photoSide: photo.height)
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let back = (Float(Backdrop.colour.r), Float(Backdrop.colour.g), Float(Backdrop.colour.b))
        photo.pixels.withUnsafeBufferPointer { src in
            mask.pixels.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { dst in
                    for (oy, row) in rows.enumerated() {
                        for (ox, column) in columns.enumerated() {
                            let o = (oy * width + ox) * 3
                            guard let py = row.photo, let px = column.photo else {
                                (dst[o], dst[o + 1], dst[o + 2]) = (Backdrop.colour.r, Backdrop.colour.g, Backdrop.colour.b)
                                continue
                            }
                            let top =
                                Float(m[row.m0 * mask.width + column.m0]) * (1 - column.w)
                                + Float(m[row.m0 * mask.width + column.m1]) * column.w
                            let bottom =
                                Float(m[row.m1 * mask.width + column.m0]) * (1 - column.w)
                                + Float(m[row.m1 * mask.width + column.m1]) * column.w
                            let a = alpha(top * (1 - row.w) + bottom * row.w)
                            let s = (py * photo.width + px) * 3
                            func mix(_ value: UInt8, _ backdrop: Float) -> UInt8 {
                                UInt8(min(255, max(0, (Float(value) * a + backdrop * (1 - a)).rounded())))
                            }
                            (dst[o], dst[o + 1], dst[o + 2]) = (mix(src[s], back.0), mix(src[s + 1], back.1), mix(src[s + 2], back.2))
                        }
                    }
                }
            }
        }
        return fit(RGBImage(width: width, height: height, pixels: out), box)
    }

    /// The opacity of a mask value: 0 to `clear`, a smooth ramp to 1 at `solid`.
    static func alpha(_ value: Float) -> Float {
        let t = min(max((value - clear) / (solid - clear), 0), 1)
        return t * t * (3 - 2 * t)
    }

    /// For each output pixel along one side: the photo's pixel (nil past the photo) and the mask's two taps and weight.
    private static func taps(
        count: Int, from start: Int, scale: Double, maskSide: Int, photoSide: Int
    ) -> [(
        photo: Int?, m0: Int, m1: Int, w: Float
    )] {
        (0..<count).map { i in
            let p = start + i
            guard p >= 0, p < photoSide else { return (nil, 0, 0, 0) }
            let m = min(max((Double(p) + 0.5) * scale - 0.5, 0), Double(maskSide - 1))
            let m0 = Int(m)
            return (p, m0, min(m0 + 1, maskSide - 1), Float(m - Double(m0)))
        }
    }

    /// `image` shrunk to fit `box` (kept when it already fits, or when there is no box).
    static func fit(_ image: RGBImage, _ box: PixelSize?) -> RGBImage {
        guard let box, box.width > 0, box.height > 0, image.width > box.width || image.height > box.height else { return image }
        let size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: box)
        return Resampler.resize(image, width: size.width, height: size.height)
    }
}
