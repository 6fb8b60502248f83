/// The parts of a convolution that read each pixel's taps in place as runs of the input, for the shapes of the
/// segmentation network (U²-Netp), which the classifier's path (`GEMM.panels` over kernel rows) served badly:
///
/// - **Long windows** (`k = kh × kw × c` over 384, e.g. 3×3 over 128 channels at 320×320, 38 % of the network):
///   a 16-column panel of weights (`k × 16` floats, 72 KB there) does not stay in L1 while the pixels pass over it,
///   so every 6-pixel tile read it again from L2 or L3. `blockedPanels` takes the runs a block at a time (at most
///   384 floats of k, 24 KB of one panel), keeps the partial sums in C between blocks, and clamps after the last.
/// - **Dilated taps** (dilation 2, 4, 8): a pixel's taps are `kh × kw` runs of `c` floats, not `kh` runs of
///   `kw × c`; read in place the same way, where the lowering used to copy every patch.
///
/// A pixel's runs: `runs` runs of `length` floats; run `s` starts `(s / inner) × outerStride + (s % inner) ×
/// innerStride` floats past the pixel's first tap (`inner` = 1 when each kernel row is one run).
public struct TapRuns {
    public var runs: Int
    public var inner: Int
    public var outerStride: Int
    public var innerStride: Int
    public var length: Int

    /// The runs of a `kh × kw` window with taps `dilationH`, `dilationW` apart over an input `iw` pixels wide of
    /// `c` channels.
    @inlinable @inline(__always)
    public init(kh: Int, kw: Int, c: Int, iw: Int, dilationH: Int, dilationW: Int) {
        outerStride = dilationH * iw * c
        if dilationW == 1 {
            (runs, inner, innerStride, length) = (kh, 1, 0, kw * c)
        } else {
            (runs, inner, innerStride, length) = (kh * kw, kw, dilationW * c, c)
        }
    }

    /// Where run `s` starts, in floats past the pixel's first tap.
    @inlinable @inline(__always)
    public func offset(_ s: Int) -> Int { (s / inner) * outerStride + (s % inner) * innerStride }
}

extension Convolution {
    /// The most floats of k a block of `blockedPanels` takes: 384 × 16 columns × 4 bytes = 24 KB of weights,
    /// which stay in L1 (32 KB on Zen 3) while the row's pixels pass over them.
    public static let blockFloats = 384

    /// `count` pixels (`lda` floats apart, each read as `runs`) times every 16-column panel of B, a block of runs
    /// at a time: runs outer, so the input a block reads is reused by every panel; the sums wait in C between
    /// blocks; the activation is applied after the last block.
    @_transparent
    public static func blockedPanels(
        fused: Bool, count: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, runs: TapRuns, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        let panelWidth = GEMM.panelWidth, tileRows = GEMM.tileRows
        let panelCount = (n + panelWidth - 1) / panelWidth
        let perBlock = max(1, blockFloats / max(1, runs.length))
        var first = 0
        while first < runs.runs {
            let last = min(runs.runs, first + perBlock)
            for p in 0..<panelCount {
                let col = p * panelWidth
                let cols = min(panelWidth, n - col)
                let b = packedB + p * k * panelWidth + first * runs.length * panelWidth
                let bias0 = GEMM.loadBias(bias, col, cols, 0), bias1 = GEMM.loadBias(bias, col, cols, 8)
                var r = 0
                while r < count {
                    runsTile(
                        fused: fused, mr: min(tileRows, count - r), a: a + r * lda, lda: lda, runs: runs, block: first..<last, b: b,
                        bias0: bias0, bias1: bias1, fromBias: first == 0, c: c + r * ldc + col, ldc: ldc, cols: cols,
                        clamp: last == runs.runs && activation != .none, bounds: activation.bounds)
                    r += tileRows
                }
            }
            first = last
        }
    }

    /// One tile of up to 6 pixels × 16 columns over the runs `block`: starts from the bias (`fromBias`) or from
    /// the sums already in C, and stores its sums back, clamped when `clamp`. Rows past `mr` read row 0 again
    /// (harmless) and are not stored. Transparent, as `GEMM.tile` is, so that each kernel build compiles its own.
    @_transparent
    public static func runsTile(
        fused: Bool, mr: Int, a: UnsafePointer<Float>, lda: Int, runs: TapRuns, block: Range<Int>, b: UnsafePointer<Float>,
        bias0: SIMD8<Float>, bias1: SIMD8<Float>, fromBias: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int,
        clamp: Bool, bounds: (lower: SIMD8<Float>, upper: SIMD8<Float>)
    ) {
        let (a0, a1, a2, a3, a4, a5) = GEMM.rowPointers(a, lda: lda, mr: mr)
        var c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1
        var c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1
        if !fromBias {
            (c00, c01) = load(c, cols)
            if mr > 1 { (c10, c11) = load(c + ldc, cols) }
            if mr > 2 { (c20, c21) = load(c + 2 * ldc, cols) }
            if mr > 3 { (c30, c31) = load(c + 3 * ldc, cols) }
            if mr > 4 { (c40, c41) = load(c + 4 * ldc, cols) }
            if mr > 5 { (c50, c51) = load(c + 5 * ldc, cols) }
        }
        var bp = b
        for s in block {
            let start = runs.offset(s)
            for kk in start..<(start + runs.length) {
                let b0 = load8(bp), b1 = load8(bp + 8)
                bp += 16
                var x = SIMD8<Float>(repeating: a0[kk])
                c00 = madd(c00, x, b0, fused: fused); c01 = madd(c01, x, b1, fused: fused)
                x = SIMD8<Float>(repeating: a1[kk])
                c10 = madd(c10, x, b0, fused: fused); c11 = madd(c11, x, b1, fused: fused)
                x = SIMD8<Float>(repeating: a2[kk])
                c20 = madd(c20, x, b0, fused: fused); c21 = madd(c21, x, b1, fused: fused)
                x = SIMD8<Float>(repeating: a3[kk])
                c30 = madd(c30, x, b0, fused: fused); c31 = madd(c31, x, b1, fused: fused)
                x = SIMD8<Float>(repeating: a4[kk])
                c40 = madd(c40, x, b0, fused: fused); c41 = madd(c41, x, b1, fused: fused)
                x = SIMD8<Float>(repeating: a5[kk])
                c50 = madd(c50, x, b0, fused: fused); c51 = madd(c51, x, b1, fused: fused)
            }
        }
        if clamp {
            (c00, c01) = (InferenceKernels.clamp(c00, bounds), InferenceKernels.clamp(c01, bounds))
            (c10, c11) = (InferenceKernels.clamp(c10, bounds), InferenceKernels.clamp(c11, bounds))
            (c20, c21) = (InferenceKernels.clamp(c20, bounds), InferenceKernels.clamp(c21, bounds))
            (c30, c31) = (InferenceKernels.clamp(c30, bounds), InferenceKernels.clamp(c31, bounds))
            (c40, c41) = (InferenceKernels.clamp(c40, bounds), InferenceKernels.clamp(c41, bounds))
            (c50, c51) = (InferenceKernels.clamp(c50, bounds), InferenceKernels.clamp(c51, bounds))
        }
        GEMM.store(c00, c01, c, cols)
        if mr > 1 { GEMM.store(c10, c11, c + ldc, cols) }
        if mr > 2 { GEMM.store(c20, c21, c + 2 * ldc, cols) }
        if mr > 3 { GEMM.store(c30, c31, c + 3 * ldc, cols) }
        if mr > 4 { GEMM.store(c40, c41, c + 4 * ldc, cols) }
        if mr > 5 { GEMM.store(c50, c51, c + 5 * ldc, cols) }
    }

    /// The first `cols` (1…16) floats at `p` as two vectors, zeros past `cols`.
    @inlinable @inline(__always)
    public static func load(_ p: UnsafeMutablePointer<Float>, _ cols: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        if cols == 16 { return (load8(p), load8(p + 8)) }
        var v0 = SIMD8<Float>(repeating: 0), v1 = SIMD8<Float>(repeating: 0)
        for i in 0..<min(cols, 8) { v0[i] = p[i] }
        var i = 8
        while i < cols { v1[i - 8] = p[i]; i += 1 }
        return (v0, v1)
    }

    /// Copies output pixel (oy, ox)'s patch (taps `dilationH`, `dilationW` apart, zeros in the padding) to `dst`
    /// (`kh × kw × c` floats, in the order of B's rows).
    @inlinable @inline(__always)
    public static func patch(
        oy: Int, ox: Int, input: UnsafePointer<Float>, _ w: ConvolutionWindow, dilationH: Int, dilationW: Int,
        dst: UnsafeMutablePointer<Float>
    ) {
        if dilationH == 1 && dilationW == 1 {
            Elementwise.patch(
                oy: oy, ox: ox, input: input, ih: w.ih, iw: w.iw, c: w.c, kh: w.kh, kw: w.kw, strideH: w.strideH,
                strideW: w.strideW, padTop: w.padTop, padLeft: w.padLeft, dst: dst)
            return
        }
        var dst = dst
        for ky in 0..<w.kh {
            let iy = oy * w.strideH - w.padTop + ky * dilationH
            for kx in 0..<w.kw {
                let ix = ox * w.strideW - w.padLeft + kx * dilationW
                if iy >= 0 && iy < w.ih && ix >= 0 && ix < w.iw {
                    let src = input + (iy * w.iw + ix) * w.c
                    for ch in 0..<w.c { dst[ch] = src[ch] }
                } else {
                    for ch in 0..<w.c { dst[ch] = 0 }
                }
                dst += w.c
            }
        }
    }
}
