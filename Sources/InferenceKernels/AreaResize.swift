/// Resizing an NHWC tensor by area averaging: each output cell is the mean of the input area it covers,
/// cells covered in part counting in proportion. It lets a joined network feed one member a smaller copy of
/// the input (`resize_area` in the manifest) from the same preprocessed photo.
///
/// Rows are reduced first, then columns, in float32, as `tools/common/closet_graph.py` does.
public enum AreaResize {
    /// Per output index, the inputs it reads and their weights, `width` of each (flat, so that the loops read
    /// them without indirection): an output covering fewer inputs has zero weights on its last input, repeated.
    public struct Taps: Sendable {
        public let first: [Int]
        public let indices: [Int]
        public let weights: [Float]
        /// Weights per output index: the most inputs one covers.
        public let width: Int
        public var count: Int { first.count }

        /// The taps from `input` cells to `output` cells (both at least 1). An upscale takes the one input
        /// cell each output lies in.
        public init(input: Int, output: Int) {
            precondition(input > 0 && output > 0, "AreaResize.Taps needs sizes of at least 1")
            let scale = Double(input) / Double(output)
            var first: [Int] = [], lists: [[Float]] = []
            for o in 0..<output {
                let lo = Double(o) * scale, hi = Double(o + 1) * scale
                let start = min(Int(lo), input - 1)
                let end = max(start + 1, min(input, Int(hi.rounded(.up))))
                first.append(start)
                lists.append((start..<end).map { i in Float(max(0, min(hi, Double(i + 1)) - max(lo, Double(i))) / scale) })
            }
            let width = lists.map(\.count).max() ?? 1
            self.first = first
            self.width = width
            weights = lists.flatMap { $0 + [Float](repeating: 0, count: width - $0.count) }
            indices = zip(first, lists).flatMap { start, list in (0..<width).map { start + min($0, list.count - 1) } }
        }

        /// Multiply-adds of one pass over `lanes` values per index.
        public func multiplyAdds(lanes: Int) -> Int { weights.count * lanes }
    }

    /// Resizes `input` (NHWC, `iw` wide, `c` channels, as many rows as `rows` was made for) to
    /// `rows.count`×`columns.count`×`c` at `output`. `scratch` holds `iw * c` floats (one reduced row).
    public static func run(
        input: UnsafePointer<Float>, iw: Int, c: Int, rows: Taps, columns: Taps, output: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let rowFloats = iw * c, ow = columns.count, width = columns.width
        rows.weights.withUnsafeBufferPointer { rowWeights in
            columns.weights.withUnsafeBufferPointer { columnWeights in
                columns.indices.withUnsafeBufferPointer { columnIndices in
                    for oy in 0..<rows.count {
                        // The output row's input rows, weighted, into the scratch (a zero weight adds nothing).
                        let top = input + rows.first[oy] * rowFloats
                        let w0 = rowWeights[oy * rows.width]
                        for i in 0..<rowFloats { scratch[i] = top[i] * w0 }
                        for k in 1..<rows.width where rowWeights[oy * rows.width + k] != 0 {
                            let w = rowWeights[oy * rows.width + k], source = top + k * rowFloats
                            for i in 0..<rowFloats { scratch[i] += source[i] * w }
                        }
                        // Then the columns, one tap at a time across the whole row: the sums are independent,
                        // so they pipeline rather than wait on each other. (Photos have three channels: unrolled.)
                        let out = output + oy &* ow &* c
                        for k in 0..<width {
                            var w = columnWeights.baseAddress! + k, index = columnIndices.baseAddress! + k
                            var cell = out
                            for _ in 0..<ow {
                                let source = scratch + index.pointee &* c, weight = w.pointee
                                if c == 3 {
                                    if k == 0 {
                                        cell[0] = source[0] * weight; cell[1] = source[1] * weight; cell[2] = source[2] * weight
                                    } else {
                                        cell[0] += source[0] * weight; cell[1] += source[1] * weight; cell[2] += source[2] * weight
                                    }
                                } else {
                                    for ch in 0..<c { cell[ch] = (k == 0 ? 0 : cell[ch]) + source[ch] * weight }
                                }
                                w += width; index += width; cell += c
                            }
                        }
                    }
                }
            }
        }
    }
}
