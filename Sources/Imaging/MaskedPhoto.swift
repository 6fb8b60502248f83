/// A photo seen through its garment mask, as a classifier could be shown it: the background greyed out, or
/// the photo cropped to the garment's box. The mask is read by position, so it may have any size.
public enum MaskedPhoto {
    /// The photo blended toward mid grey where the mask says background (each pixel by its mask value).
    public static func greyed(_ photo: RGBImage, mask: GarmentAlpha, grey: UInt8 = 128) -> RGBImage {
        var pixels = photo.pixels
        for y in 0..<photo.height {
            let my = min(y * mask.height / photo.height, mask.height - 1)
            for x in 0..<photo.width {
                let mx = min(x * mask.width / photo.width, mask.width - 1)
                let alpha = Int(mask.values[my * mask.width + mx])
                let i = (y * photo.width + x) * 3
                for c in 0..<3 { pixels[i + c] = UInt8((Int(pixels[i + c]) * alpha + Int(grey) * (255 - alpha) + 127) / 255) }
            }
        }
        return RGBImage(width: photo.width, height: photo.height, pixels: pixels)
    }

    /// The photo cropped to the box of the mask's garment pixels (over half), widened by `margin` of its
    /// size on each side; the whole photo when the mask holds no garment.
    public static func cropped(_ photo: RGBImage, mask: GarmentAlpha, margin: Double = 0.05) -> RGBImage {
        var (x0, y0, x1, y1) = (mask.width, mask.height, -1, -1)
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask.values[y * mask.width + x] > 127 {
                (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
            }
        }
        guard x1 >= x0, y1 >= y0 else { return photo }
        func place(_ v: Int, _ from: Int, _ to: Int) -> Int { min(max(v * to / from, 0), to) }
        let (mw, mh) = (Double(x1 - x0 + 1) * margin, Double(y1 - y0 + 1) * margin)
        let left = place(max(x0 - Int(mw), 0), mask.width, photo.width)
        let top = place(max(y0 - Int(mh), 0), mask.height, photo.height)
        let right = max(place(min(x1 + 1 + Int(mw), mask.width), mask.width, photo.width), left + 1)
        let bottom = max(place(min(y1 + 1 + Int(mh), mask.height), mask.height, photo.height), top + 1)
        var pixels = [UInt8]()
        pixels.reserveCapacity((right - left) * (bottom - top) * 3)
        for y in top..<bottom { pixels += photo.pixels[(y * photo.width + left) * 3..<(y * photo.width + right) * 3] }
        return RGBImage(width: right - left, height: bottom - top, pixels: pixels)
    }
}
