import Imaging

/// Median cut in CIE Lab: an image's colours reduced to at most `maxColors` (≤ 256), each pixel then
/// mapped to its nearest palette colour in Lab, so the palette spends its entries where the eye sees
/// differences (a beige knit keeps its shades, a white background takes one entry).
public struct ColorQuantizer {
    public let palette: [(r: UInt8, g: UInt8, b: UInt8)]
    /// One palette index per pixel, row by row.
    public let indices: [UInt8]

    /// A colour bin: 5 bits a channel, with how many pixels fell in it and their mean.
    struct Bin {
        var count = 0
        var sum = (0, 0, 0)
        var lab = Lab(l: 0, a: 0, b: 0)
        var mean: (UInt8, UInt8, UInt8) { (UInt8(sum.0 / count), UInt8(sum.1 / count), UInt8(sum.2 / count)) }
    }

    public init(_ image: RGBImage, maxColors: Int = 256) {
        let limit = max(1, min(256, maxColors))
        var bins = [Bin](repeating: Bin(), count: 32_768)
        let pixelCount = image.width * image.height
        var keys = [Int](repeating: 0, count: pixelCount)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<pixelCount {
                let (r, g, b) = (Int(p[3 * i]), Int(p[3 * i + 1]), Int(p[3 * i + 2]))
                let key = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)
                keys[i] = key
                bins[key].count += 1
                bins[key].sum.0 += r; bins[key].sum.1 += g; bins[key].sum.2 += b
            }
        }
        var used: [Int] = []
        for key in 0..<bins.count where bins[key].count > 0 {
            let m = bins[key].mean
            bins[key].lab = Lab(r: m.0, g: m.1, b: m.2)
            used.append(key)
        }
        // Boxes of bins, split at the weighted median of their longest Lab side until there are enough.
        var boxes: [[Int]] = used.isEmpty ? [] : [used]
        while boxes.count < limit {
            var best = -1, bestScore: Float = 0, bestAxis = 0
            for (n, box) in boxes.enumerated() where box.count > 1 {
                let (axis, range) = Self.longestSide(box, bins)
                let score = range * Float(box.reduce(0) { $0 + bins[$1].count }).squareRoot()
                if score > bestScore { best = n; bestScore = score; bestAxis = axis }
            }
            guard best >= 0 else { break }
            let sorted = boxes[best].sorted { Self.component(bins[$0].lab, bestAxis) < Self.component(bins[$1].lab, bestAxis) }
            let total = sorted.reduce(0) { $0 + bins[$1].count }
            var running = 0, cut = 1
            for (i, key) in sorted.enumerated() {
                running += bins[key].count
                if running * 2 >= total { cut = max(1, min(sorted.count - 1, i + 1)); break }
            }
            boxes[best] = Array(sorted[..<cut])
            boxes.append(Array(sorted[cut...]))
        }
        var palette: [(r: UInt8, g: UInt8, b: UInt8)] = []
        var paletteLab: [Lab] = []
        for box in boxes {
            var sum = (0, 0, 0), count = 0
            for key in box { sum.0 += bins[key].sum.0; sum.1 += bins[key].sum.1; sum.2 += bins[key].sum.2; count += bins[key].count }
            let c = (UInt8(sum.0 / count), UInt8(sum.1 / count), UInt8(sum.2 / count))
            palette.append(c)
            paletteLab.append(Lab(r: c.0, g: c.1, b: c.2))
        }
        if palette.isEmpty { palette = [(0, 0, 0)]; paletteLab = [Lab(r: 0, g: 0, b: 0)] }
        // Each bin's nearest palette colour, once.
        var nearest = [UInt8](repeating: 0, count: 32_768)
        for key in used {
            var best = 0, bestDistance = Float.infinity
            for (i, lab) in paletteLab.enumerated() {
                let d = lab.distanceSquared(bins[key].lab)
                if d < bestDistance { bestDistance = d; best = i }
            }
            nearest[key] = UInt8(best)
        }
        self.palette = palette
        self.indices = keys.map { nearest[$0] }
    }

    static func component(_ lab: Lab, _ axis: Int) -> Float { axis == 0 ? lab.l : axis == 1 ? lab.a : lab.b }

    static func longestSide(_ box: [Int], _ bins: [Bin]) -> (axis: Int, range: Float) {
        var lo = [Float](repeating: .infinity, count: 3), hi = [Float](repeating: -.infinity, count: 3)
        for key in box {
            for axis in 0..<3 {
                let v = component(bins[key].lab, axis)
                lo[axis] = min(lo[axis], v); hi[axis] = max(hi[axis], v)
            }
        }
        let ranges = (0..<3).map { hi[$0] - lo[$0] }
        let axis = ranges.indices.max { ranges[$0] < ranges[$1] } ?? 0
        return (axis, ranges[axis])
    }
}
