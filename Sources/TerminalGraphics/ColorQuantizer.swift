import Imaging

/// Median cut in CIE Lab: an image's colours (in bins of 5 bits a channel) reduced to at most `maxColors`
/// (≤ 256) boxes, each pixel taking its box's mean colour, so the palette spends its entries where the
/// eye sees differences (a beige knit keeps its shades, a white background takes one entry).
public struct ColorQuantizer {
    public let palette: [(r: UInt8, g: UInt8, b: UInt8)]
    /// One palette index per pixel, row by row.
    public let indices: [UInt8]

    /// A colour bin: 5 bits a channel, with how many pixels fell in it and their mean.
    struct Bin {
        var count = 0
        var sum = (0, 0, 0)
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
        // A busy picture (more than 4096 bins in use) is binned at 4 bits a channel instead: the splits
        // then sort a few thousand bins, not tens of thousands, and each entry is still its pixels' mean.
        if bins.lazy.filter({ $0.count > 0 }).count > 4096 {
            let coarse = 0b11110_11110_11110
            for key in 0..<bins.count where bins[key].count > 0 && key & coarse != key {
                let to = key & coarse
                bins[to].count += bins[key].count
                bins[to].sum.0 += bins[key].sum.0; bins[to].sum.1 += bins[key].sum.1; bins[to].sum.2 += bins[key].sum.2
                bins[key] = Bin()
            }
            for i in keys.indices { keys[i] &= coarse }
        }
        // Each used bin's mean colour in Lab, one flat array a side (L, a, b), so the sorts read them cheaply.
        var used: [Int] = []
        var labs = [[Float]](repeating: [Float](repeating: 0, count: 32_768), count: 3)
        for key in 0..<bins.count where bins[key].count > 0 {
            let m = bins[key].mean
            let lab = Lab(r: m.0, g: m.1, b: m.2)
            labs[0][key] = lab.l; labs[1][key] = lab.a; labs[2][key] = lab.b
            used.append(key)
        }
        // Boxes of bins, split at the weighted median of their longest Lab side (the box whose side times
        // the square root of its pixel count is largest first) until there are enough.
        var boxes: [Box] = used.isEmpty ? [] : [Box(used, bins, labs)]
        while boxes.count < limit {
            guard let best = boxes.indices.filter({ boxes[$0].keys.count > 1 }).max(by: { boxes[$0].score < boxes[$1].score }),
                boxes[best].score > 0
            else { break }
            let axis = boxes[best].axis
            let values = labs[axis]
            let sorted = values.withUnsafeBufferPointer { v in boxes[best].keys.sorted { v[$0] < v[$1] } }
            let total = boxes[best].count
            var running = 0, cut = 1
            for (i, key) in sorted.enumerated() {
                running += bins[key].count
                if running * 2 >= total { cut = max(1, min(sorted.count - 1, i + 1)); break }
            }
            boxes[best] = Box(Array(sorted[..<cut]), bins, labs)
            boxes.append(Box(Array(sorted[cut...]), bins, labs))
        }
        // Each box's mean colour is a palette entry, and its bins' pixels take it.
        var palette: [(r: UInt8, g: UInt8, b: UInt8)] = []
        var nearest = [UInt8](repeating: 0, count: 32_768)
        for (n, box) in boxes.enumerated() {
            var sum = (0, 0, 0)
            for key in box.keys {
                sum.0 += bins[key].sum.0; sum.1 += bins[key].sum.1; sum.2 += bins[key].sum.2
                nearest[key] = UInt8(n)
            }
            palette.append((UInt8(sum.0 / box.count), UInt8(sum.1 / box.count), UInt8(sum.2 / box.count)))
        }
        if palette.isEmpty { palette = [(0, 0, 0)] }
        self.palette = palette
        self.indices = keys.map { nearest[$0] }
    }

    /// A box of colour bins with its longest Lab side, kept so that choosing the next split is cheap.
    struct Box {
        var keys: [Int]
        var count: Int
        var axis: Int
        var score: Float

        init(_ keys: [Int], _ bins: [Bin], _ labs: [[Float]]) {
            self.keys = keys
            count = keys.reduce(0) { $0 + bins[$1].count }
            let (axis, range) = ColorQuantizer.longestSide(keys, labs)
            self.axis = axis
            score = range * Float(count).squareRoot()
        }
    }

    /// The box's longest side in Lab (`labs`: L, a and b of each bin) and its length.
    static func longestSide(_ box: [Int], _ labs: [[Float]]) -> (axis: Int, range: Float) {
        var lo = [Float](repeating: .infinity, count: 3), hi = [Float](repeating: -.infinity, count: 3)
        for key in box {
            for axis in 0..<3 {
                let v = labs[axis][key]
                lo[axis] = min(lo[axis], v); hi[axis] = max(hi[axis], v)
            }
        }
        let ranges = (0..<3).map { hi[$0] - lo[$0] }
        let axis = ranges.indices.max { ranges[$0] < ranges[$1] } ?? 0
        return (axis, ranges[axis])
    }
}
