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
        var bits = [UInt8](repeating: 0, count: w)
        var present = [Bool](repeating: false, count: quantized.palette.count)
        for top in stride(from: 0, to: h, by: 6) {
            let rows = min(6, h - top)
            for i in present.indices { present[i] = false }
            for y in top..<(top + rows) { for x in 0..<w { present[Int(indices[y * w + x])] = true } }
            var firstColour = true
            for colour in present.indices where present[colour] {
                let c = UInt8(colour)
                var last = -1
                for x in 0..<w {
                    var b: UInt8 = 0
                    for dy in 0..<rows where indices[(top + dy) * w + x] == c { b |= 1 << dy }
                    bits[x] = b
                    if b != 0 { last = x }
                }
                if !firstColour { out.append(UInt8(ascii: "$")) }
                firstColour = false
                out += Array("#\(colour)".utf8)
                appendRuns(bits, upTo: last, to: &out)
            }
            if top + 6 < h { out.append(UInt8(ascii: "-")) }
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }

    /// The sixel characters of `bits[0...last]`, runs of four or more as `!n`.
    static func appendRuns(_ bits: [UInt8], upTo last: Int, to out: inout [UInt8]) {
        var x = 0
        while x <= last {
            var run = 1
            while x + run <= last && bits[x + run] == bits[x] { run += 1 }
            let ch = 63 + bits[x]
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
