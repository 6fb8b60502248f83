/// General convolutions (any kernel size, stride and padding) over weights packed for `GEMM`. Where
/// a pixel's taps all fall inside the input, the GEMM tile reads its patch in place: `kh` runs of
/// `kw × c` contiguous floats, one per kernel row, and the six pixels of a tile `strideW × c` apart.
/// Only pixels that touch the padding have their patch copied (im2col) first. For the MobileNetV2
/// stem the copy was 0.27 of its 0.9 ms.
public enum Convolution {
    /// Computes output rows `rows`. `scratch` holds at least `ow × kh × kw × c` floats (one row of patches).
    @inlinable @inline(__always)
    public static func run(
        fused: Bool, rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int, kh: Int, kw: Int,
        strideH: Int, strideW: Int, padTop: Int, padLeft: Int, ow: Int, n: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, activation: Activation,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let k = kh * kw * c
        let columns = interiorColumns(ow: ow, iw: iw, kw: kw, strideW: strideW, padLeft: padLeft)
        for oy in rows {
            let iy0 = oy * strideH - padTop
            let interior = iy0 >= 0 && iy0 + kh <= ih ? columns : columns.lowerBound..<columns.lowerBound
            // Pixels left and right of the interior (all of a row that touches the top or bottom
            // padding): patches copied, then an ordinary GEMM over them.
            for side in 0..<2 {
                let pixels = side == 0 ? 0..<interior.lowerBound : interior.upperBound..<ow
                if pixels.isEmpty { continue }
                for (i, ox) in pixels.enumerated() {
                    Elementwise.patch(
                        oy: oy, ox: ox, input: input, ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH,
                        strideW: strideW, padTop: padTop, padLeft: padLeft, dst: scratch + i * k)
                }
                GEMM.panels(
                    fused: fused, count: pixels.count, n: n, k: k, a: scratch, lda: k, packedB: packedB, bias: bias,
                    c: output + (oy * ow + pixels.lowerBound) * n, ldc: n, activation: activation)
            }
            if interior.isEmpty { continue }
            GEMM.panels(
                fused: fused, count: interior.count, n: n, k: k, a: input + (iy0 * iw + interior.lowerBound * strideW - padLeft) * c,
                lda: strideW * c, packedB: packedB, bias: bias, c: output + (oy * ow + interior.lowerBound) * n, ldc: n,
                activation: activation, segments: kh, segmentLength: kw * c, segmentStride: iw * c)
        }
    }

    /// Output columns whose taps all fall inside the input, horizontally.
    @inlinable @inline(__always)
    public static func interiorColumns(ow: Int, iw: Int, kw: Int, strideW: Int, padLeft: Int) -> Range<Int> {
        let first = min(ow, (padLeft + strideW - 1) / strideW)
        guard iw + padLeft >= kw else { return first..<first }
        return first..<max(first, min(ow, (iw + padLeft - kw) / strideW + 1))
    }
}
