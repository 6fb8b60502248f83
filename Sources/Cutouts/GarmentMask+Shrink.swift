import Segmenter

extension GarmentMask {
    /// The mask averaged down so that its longer side is at most `longest` (kept when it already is): a photo's mask
    /// at 12 MP is 12 MB, while the pictures it cuts out on screen are a few hundred pixels. Its coverage and state are kept.
    public func shrunk(longest: Int) -> GarmentMask {
        let side = max(width, height)
        guard longest > 0, side > longest else { return self }
        let w = max(1, width * longest / side), h = max(1, height * longest / side)
        var out = [UInt8](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let y0 = y * height / h, y1 = max(y0 + 1, (y + 1) * height / h)
                for x in 0..<w {
                    let x0 = x * width / w, x1 = max(x0 + 1, (x + 1) * width / w)
                    var sum = 0
                    for yy in y0..<y1 { for xx in x0..<x1 { sum += Int(p[yy * width + xx]) } }
                    out[y * w + x] = UInt8(sum / ((y1 - y0) * (x1 - x0)))
                }
            }
        }
        return GarmentMask(width: w, height: h, pixels: out, coverage: coverage, found: found)
    }
}
