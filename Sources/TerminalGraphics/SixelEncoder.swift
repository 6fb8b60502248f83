import Imaging

/// DEC Sixel: a picture as bands six pixels high, one pass per palette colour a band, repeated
/// characters run-length encoded (`!n`). The palette comes from ``ColorQuantizer`` (at most 256).
public enum SixelEncoder {
    /// The whole sequence, `ESC P … q` to `ESC \`, for `image` at its own size (pixel aspect 1:1).
    public static func encode(_ image: RGBImage, maxColors: Int = 256) -> [UInt8] {
        let (w, h) = (image.width, image.height)
        guard w > 0, h > 0 else { return [] }
        let quantized = ColorQuantizer(image, maxColors: maxColors)
        var out = Array("\u{1B}P0;1;0q\"1;1;\(w);\(h)".utf8)
        out.reserveCapacity(w * h / 2)
        for (n, c) in quantized.palette.enumerated() {
            // Colours in percent, rounded.
            func pct(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
            out += Array("#\(n);2;\(pct(c.r));\(pct(c.g));\(pct(c.b))".utf8)
        }
        let indices = quantized.indices
        let colours = quantized.palette.count
        // One row of sixel bits per colour for the current band, cleared after it is written.
        var bits = [UInt8](repeating: 0, count: colours * w)
        var last = [Int](repeating: -1, count: colours)
        var present: [Int] = []
        for top in stride(from: 0, to: h, by: 6) {
            let rows = min(6, h - top)
            present.removeAll(keepingCapacity: true)
            for dy in 0..<rows {
                let row = (top + dy) * w
                for x in 0..<w {
                    let c = Int(indices[row + x])
                    if last[c] < 0 { present.append(c) }
                    bits[c * w + x] |= 1 << dy
                    last[c] = max(last[c], x)
                }
            }
            for (n, colour) in present.sorted().enumerated() {
                if n > 0 { out.append(UInt8(ascii: "$")) }
                out += Array("#\(colour)".utf8)
                appendRuns(bits[(colour * w)..<(colour * w + w)], upTo: last[colour], to: &out)
                for x in 0..<w { bits[colour * w + x] = 0 }
                last[colour] = -1
            }
            if top + 6 < h { out.append(UInt8(ascii: "-")) }
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }

    /// The sixel characters of `bits[0...last]`, runs of four or more as `!n`.
    static func appendRuns(_ bits: ArraySlice<UInt8>, upTo last: Int, to out: inout [UInt8]) {
        let base = bits.startIndex
        var x = 0
        while x <= last {
            var run = 1
            while x + run <= last && bits[base + x + run] == bits[base + x] { run += 1 }
            let ch = 63 + bits[base + x]
            if run >= 4 {
                out += Array("!\(run)".utf8)
                out.append(ch)
            } else {
                for _ in 0..<run { out.append(ch) }
            }
            x += run
        }
    }
}
