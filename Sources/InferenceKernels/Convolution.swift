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
        // Output columns whose taps all fall inside the input (as in `Depthwise`).
        let firstInterior = min(ow, (padLeft + strideW - 1) / strideW)
        let lastInterior = iw + padLeft < kw ? firstInterior : max(firstInterior, min(ow, (iw + padLeft - kw) / strideW + 1))
        for oy in rows {
            let iy0 = oy * strideH - padTop
            let interior = iy0 >= 0 && iy0 + kh <= ih ? firstInterior..<lastInterior : firstInterior..<firstInterior
            // Pixels left and right of the interior (all of a row that touches the top or bottom
            // padding): patches copied, then an ordinary GEMM over them.
            for side in 0..<2 {
                let pixels = side == 0 ? 0..<interior.lowerBound : interior.upperBound..<ow
                if pixels.isEmpty { continue }
                for (i, ox) in pixels.enumerated() {
                    Elementwise.patch(oy: oy, ox: ox, input: input, ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH,
                                      strideW: strideW, padTop: padTop, padLeft: padLeft, dst: scratch + i * k)
                }
                tiles(fused: fused, count: pixels.count, k: k, n: n, a: scratch, lda: k, packedB: packedB, bias: bias,
                      c: output + (oy * ow + pixels.lowerBound) * n, activation: activation, segments: 1, segmentLength: k, segmentStride: 0)
            }
            if interior.isEmpty { continue }
            tiles(fused: fused, count: interior.count, k: k, n: n, a: input + (iy0 * iw + interior.lowerBound * strideW - padLeft) * c,
                  lda: strideW * c, packedB: packedB, bias: bias, c: output + (oy * ow + interior.lowerBound) * n,
                  activation: activation, segments: kh, segmentLength: kw * c, segmentStride: iw * c)
        }
    }

    /// `count` consecutive output pixels, every panel of the weights, in six-row tiles. (Tiles, not
    /// `GEMM.run`: that one stayed a call into the portable copy from here, without AVX2.)
    @_transparent
    public static func tiles(
        fused: Bool, count: Int, k: Int, n: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, activation: Activation, segments: Int, segmentLength: Int,
        segmentStride: Int
    ) {
        for p in 0..<((n + GEMM.panelWidth - 1) / GEMM.panelWidth) {
            let col = p * GEMM.panelWidth
            let cols = min(GEMM.panelWidth, n - col)
            let bias0 = GEMM.loadBias(bias, col, cols, 0), bias1 = GEMM.loadBias(bias, col, cols, 8)
            var r = 0
            while r < count {
                GEMM.tile(fused: fused, mr: min(GEMM.tileRows, count - r), k: k, a: a + r * lda, lda: lda,
                          b: packedB + p * k * GEMM.panelWidth, bias0: bias0, bias1: bias1, c: c + r * n + col, ldc: n,
                          cols: cols, activation: activation, segments: segments, segmentLength: segmentLength,
                          segmentStride: segmentStride)
                r += GEMM.tileRows
            }
        }
    }
}
