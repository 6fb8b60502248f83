/// Antialiased downscaling by area averaging (a box filter with exact fractional coverage):
/// each output pixel is the mean of the input area it covers, so nothing aliases.
/// Upscaling falls back to the same weights (nearest-area), which the classifier never needs.
///
/// The arithmetic is pinned: `tools/train/preprocess.py` computes the same weights in float32
/// and the same two passes (vertical, then horizontal), and a test compares both.
public enum Resampler {
    /// Per output index, the first input index and the weights of the inputs it covers.
    struct Taps {
        var start: [Int32]
        var count: [Int32]
        var weights: [Float]  // `maxTaps` per output, zero-padded
        var maxTaps: Int
    }

    static func taps(input: Int, output: Int) -> Taps {
        let scale = Double(input) / Double(output)
        var start = [Int32](), count = [Int32](), lists: [[Float]] = []
        for o in 0..<output {
            let lo = Double(o) * scale, hi = Double(o + 1) * scale
            let first = Int(lo.rounded(.down)), last = min(input, Int(hi.rounded(.up)))
            var ws: [Float] = []
            for i in first..<max(first + 1, last) {
                let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                ws.append(Float(max(0, overlap) / scale))
            }
            start.append(Int32(min(first, input - 1)))
            count.append(Int32(ws.count))
            lists.append(ws)
        }
        let maxTaps = lists.map(\.count).max() ?? 1
        var weights = [Float](repeating: 0, count: maxTaps * output)
        for (o, ws) in lists.enumerated() { for (k, w) in ws.enumerated() { weights[o * maxTaps + k] = w } }
        return Taps(start: start, count: count, weights: weights, maxTaps: maxTaps)
    }

    /// Resizes to exactly `width`×`height`, returning floats in 0…255 (RGB interleaved).
    public static func resizeToFloats(_ image: RGBImage, width: Int, height: Int) -> [Float] {
        precondition(width > 0 && height > 0 && image.width > 0 && image.height > 0)
        let rowLength = image.width * 3
        let vertical = taps(input: image.height, output: height)
        let horizontal = taps(input: image.width, output: width)
        // Pass 1, vertical: each output row is a weighted sum of whole input rows (SIMD across the row).
        var rows = [Float](repeating: 0, count: height * rowLength)
        image.pixels.withUnsafeBufferPointer { src in
            rows.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let out = dst.baseAddress! + y * rowLength
                    let first = Int(vertical.start[y])
                    for k in 0..<Int(vertical.count[y]) {
                        let w = vertical.weights[y * vertical.maxTaps + k]
                        let inRow = src.baseAddress! + (first + k) * rowLength
                        accumulate(out, inRow, rowLength, w)
                    }
                }
            }
        }
        // Pass 2, horizontal: each output pixel sums its taps from the reduced rows.
        var result = [Float](repeating: 0, count: width * height * 3)
        rows.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = src.baseAddress! + y * rowLength
                    let out = dst.baseAddress! + y * width * 3
                    for x in 0..<width {
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        let first = Int(horizontal.start[x])
                        for k in 0..<Int(horizontal.count[x]) {
                            let w = horizontal.weights[x * horizontal.maxTaps + k]
                            let p = row + (first + k) * 3
                            r += p[0] * w; g += p[1] * w; b += p[2] * w
                        }
                        out[x * 3] = r; out[x * 3 + 1] = g; out[x * 3 + 2] = b
                    }
                }
            }
        }
        return result
    }

    /// `out[i] += Float(row[i]) * w` for a whole row, eight lanes at a time.
    @inline(__always)
    static func accumulate(_ out: UnsafeMutablePointer<Float>, _ row: UnsafePointer<UInt8>, _ n: Int, _ w: Float) {
        var i = 0
        let wv = SIMD8<Float>(repeating: w)
        while i + 8 <= n {
            let bytes = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<UInt8>.self)
            let acc = UnsafeRawPointer(out + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: acc + SIMD8<Float>(bytes) * wv, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { out[i] += Float(row[i]) * w; i += 1 }
    }

    /// Resizes to exactly `width`×`height` as 8-bit RGB (rounded to nearest).
    public static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        if image.width == width && image.height == height { return image }
        let floats = resizeToFloats(image, width: width, height: height)
        return RGBImage(width: width, height: height, pixels: floats.map { UInt8(max(0, min(255, $0.rounded()))) })
    }

    /// The largest size with `image`'s aspect ratio that fits in `box` (at least 1×1).
    public static func fit(_ size: PixelSize, in box: PixelSize) -> PixelSize {
        let scale = min(Double(box.width) / Double(size.width), Double(box.height) / Double(size.height))
        return PixelSize(
            width: max(1, min(box.width, Int((Double(size.width) * scale).rounded()))),
            height: max(1, min(box.height, Int((Double(size.height) * scale).rounded()))))
    }
}
