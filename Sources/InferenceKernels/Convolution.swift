/// General convolutions (any kernel size, stride, padding and dilation) over weights packed for `GEMM`. Where a
/// pixel's taps all fall inside the input, its patch is read in place (`TapRuns`): `kh` runs of `kw × c`
/// contiguous floats, one per kernel row (`kh × kw` runs of `c` when dilated), and the pixels of a tile `strideW × c`
/// apart. Only pixels that touch the padding have their patch copied (im2col) first. For the MobileNetV2 stem the
/// copy was 0.27 of its 0.9 ms. Long windows and dilated taps go through `ConvolutionRuns.swift`; the classifier's
/// short windows (k ≤ 384) through `GEMM.panels` as before.
public enum Convolution {
    /// Computes output rows `rows`. `scratch` holds at least `ow × kh × kw × c` floats (one row of patches).
    @inlinable @inline(__always)
    public static func run(
        fused: Bool, rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int, kh: Int, kw: Int,
        strideH: Int, strideW: Int, padTop: Int, padLeft: Int, ow: Int, n: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, activation: Activation,
        scratch: UnsafeMutablePointer<Float>, dilationH: Int = 1, dilationW: Int = 1
    ) {
        let k = kh * kw * c
        let window = ConvolutionWindow(
            ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH, strideW: strideW, padTop: padTop, padLeft: padLeft, ow: ow)
        let spanH = (kh - 1) * dilationH + 1, spanW = (kw - 1) * dilationW + 1
        let columns = interiorColumns(ow: ow, iw: iw, kw: spanW, strideW: strideW, padLeft: padLeft)
        let runs = TapRuns(kh: kh, kw: kw, c: c, iw: iw, dilationH: dilationH, dilationW: dilationW)
        let dilated = dilationH != 1 || dilationW != 1
        for oy in rows {
            let iy0 = oy * strideH - padTop
            let interior = iy0 >= 0 && iy0 + spanH <= ih ? columns : columns.lowerBound..<columns.lowerBound
            // Pixels left and right of the interior (all of a row that touches the top or bottom
            // padding): patches copied, then an ordinary GEMM over them.
            for side in 0..<2 {
                let pixels = side == 0 ? 0..<interior.lowerBound : interior.upperBound..<ow
                if pixels.isEmpty { continue }
                for (i, ox) in pixels.enumerated() {
                    patch(oy: oy, ox: ox, input: input, window, dilationH: dilationH, dilationW: dilationW, dst: scratch + i * k)
                }
                GEMM.panels(
                    fused: fused, count: pixels.count, n: n, k: k, a: scratch, lda: k, packedB: packedB, bias: bias,
                    c: output + (oy * ow + pixels.lowerBound) * n, ldc: n, activation: activation)
            }
            if interior.isEmpty { continue }
            let a = input + (iy0 * iw + interior.lowerBound * strideW - padLeft) * c
            let out = output + (oy * ow + interior.lowerBound) * n
            if dilated || k > blockFloats {
                blockedPanels(
                    fused: fused, count: interior.count, n: n, k: k, a: a, lda: strideW * c, runs: runs, packedB: packedB, bias: bias,
                    c: out, ldc: n, activation: activation)
            } else {
                GEMM.panels(
                    fused: fused, count: interior.count, n: n, k: k, a: a, lda: strideW * c, packedB: packedB, bias: bias, c: out,
                    ldc: n, activation: activation, segments: kh, segmentLength: kw * c, segmentStride: iw * c)
            }
        }
    }

    /// Output columns whose taps all fall inside the input, horizontally (`kw` the window's span).
    @inlinable @inline(__always)
    public static func interiorColumns(ow: Int, iw: Int, kw: Int, strideW: Int, padLeft: Int) -> Range<Int> {
        let first = min(ow, (padLeft + strideW - 1) / strideW)
        guard iw + padLeft >= kw else { return first..<first }
        return first..<max(first, min(ow, (iw + padLeft - kw) / strideW + 1))
    }
}
