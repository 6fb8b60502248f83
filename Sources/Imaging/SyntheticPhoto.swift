/// Generated photos with known content, for tests and benchmarks (no real photos ship with closet).
public enum SyntheticPhoto {
    /// A T-shirt-like silhouette of `color` on a plain `background`, with mild texture so that it
    /// compresses like a real photo. The garment covers about a third of the frame.
    public static func garment(
        width: Int, height: Int, color: (UInt8, UInt8, UInt8) = (30, 40, 110),
        background: (UInt8, UInt8, UInt8) = (236, 236, 232), seed: UInt32 = 1, noise: Int = 6
    ) -> RGBImage {
        var image = RGBImage(width: width, height: height, fill: background)
        var state = seed &* 2_654_435_761 | 1
        func jitter() -> Int {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return noise == 0 ? 0 : Int(state % UInt32(2 * noise + 1)) - noise
        }
        let (cx, top, bottom) = (width / 2, height / 5, height * 4 / 5)
        let bodyHalf = width / 6, sleeveHalf = width / 3, sleeveBottom = top + height / 6
        image.pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<height {
                for x in 0..<width {
                    let dx = abs(x - cx)
                    let inBody = y >= top && y < bottom && dx < bodyHalf
                    let inSleeve = y >= top && y < sleeveBottom && dx < sleeveHalf
                    let i = (y * width + x) * 3
                    if inBody || inSleeve {
                        let shade = (y - top) * 20 / max(1, bottom - top) - 10
                        p[i] = clamp(Int(color.0) - shade + jitter())
                        p[i + 1] = clamp(Int(color.1) - shade + jitter())
                        p[i + 2] = clamp(Int(color.2) - shade + jitter())
                    } else if noise > 0 {
                        p[i] = clamp(Int(p[i]) + jitter() / 2)
                        p[i + 1] = clamp(Int(p[i + 1]) + jitter() / 2)
                        p[i + 2] = clamp(Int(p[i + 2]) + jitter() / 2)
                    }
                }
            }
        }
        return image
    }

    /// An asymmetric pattern whose four quadrants have distinct colours: red top-left, green top-right,
    /// blue bottom-left, yellow bottom-right. Used to check orientation handling.
    public static func quadrants(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let left = x < width / 2, upper = y < height / 2
                image[x, y] = upper ? (left ? (220, 30, 30) : (30, 200, 30)) : (left ? (30, 30, 220) : (230, 220, 30))
            }
        }
        return image
    }

    @inline(__always) static func clamp(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v))) }
}
