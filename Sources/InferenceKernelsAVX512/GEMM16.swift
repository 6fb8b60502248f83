import CCPUFeatures
import InferenceKernels

/// Matrix multiply on 16 lanes, for CPUs with AVX-512: the same panels of 16 columns that `GEMM.pack`
/// writes (so weights pack once, whichever kernels run), one zmm vector per panel row, and a tile of
/// up to 14 rows held in 14 zmm accumulators. Each step of k loads one vector of B and broadcasts 14
/// values of A (14 FMAs against 15 loads; the AVX2 tile does 12 against 8, on half the lanes).
/// Compiled only in this module, with -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma.
enum GEMM16 {
    static let tileRows = 14
    /// The shortest k the 14-row tile is used for (see KernelsAVX512.gemm).
    static let minimumDepth = 192
    /// The fewest rows it is used for (see KernelsAVX512.gemm).
    static let minimumRows = 8 * tileRows

    @inline(__always)
    static func run(
        rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        // Blocks of A as in GEMM.run: all of A when it fits in L2, else about 48 KB that stay in L1.
        let blockRows =
            rows.count * k <= 49_152
            ? max(1, rows.count)
            : max(tileRows, min(98, (12_288 / max(k, 1)) / tileRows * tileRows))
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r1 = min(rows.upperBound, r0 + blockRows)
            panels(
                count: r1 - r0, n: n, k: k, a: a + r0 * lda, lda: lda, packedB: packedB, bias: bias, c: c + r0 * ldc,
                ldc: ldc, activation: activation)
            r0 = r1
        }
    }

    @inline(__always)
    static func panels(
        count: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        let width = GEMM.panelWidth
        for p in 0..<((n + width - 1) / width) {
            let col = p * width
            let cols = min(width, n - col)
            let b = packedB + p * k * width
            let biasVector = load16(bias + col, count: cols)
            var r = 0
            if cols <= 8 {
                // A last panel of at most 8 columns (n = 24 in MobileNetV2): the shared 8-lane tile does half the work.
                let bias0 = GEMM.loadBias(bias, col, cols, 0)
                while r < count {
                    GEMM.narrowTile(
                        fused: true, mr: min(GEMM.tileRows, count - r), k: k, a: a + r * lda, lda: lda, b: b, bias0: bias0,
                        c: c + r * ldc + col, ldc: ldc, cols: cols, activation: activation)
                    r += GEMM.tileRows
                }
                continue
            }
            while r < count {
                // The last tile of a panel brings the next into L2 while it works (as GEMM.tile does).
                let next = r + tileRows >= count && col + width < n
                tile(
                    mr: min(tileRows, count - r), k: k, a: a + r * lda, lda: lda, b: b, bias: biasVector, c: c + r * ldc + col,
                    ldc: ldc, cols: cols, activation: activation, prefetch: next ? b + k * width : nil)
                r += tileRows
            }
        }
    }

    /// One tile of up to 14 rows × 16 columns; rows past `mr` read row 0 again (harmless) and are not stored.
    @inline(__always)
    static func tile(
        mr: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, bias: SIMD16<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, activation: Activation, prefetch: UnsafePointer<Float>? = nil
    ) {
        let a0 = a
        let a1 = mr > 1 ? a + 1 * lda : a
        let a2 = mr > 2 ? a + 2 * lda : a
        let a3 = mr > 3 ? a + 3 * lda : a
        let a4 = mr > 4 ? a + 4 * lda : a
        let a5 = mr > 5 ? a + 5 * lda : a
        let a6 = mr > 6 ? a + 6 * lda : a
        let a7 = mr > 7 ? a + 7 * lda : a
        let a8 = mr > 8 ? a + 8 * lda : a
        let a9 = mr > 9 ? a + 9 * lda : a
        let a10 = mr > 10 ? a + 10 * lda : a
        let a11 = mr > 11 ? a + 11 * lda : a
        let a12 = mr > 12 ? a + 12 * lda : a
        let a13 = mr > 13 ? a + 13 * lda : a
        var c0 = bias, c1 = bias, c2 = bias, c3 = bias, c4 = bias, c5 = bias, c6 = bias, c7 = bias, c8 = bias, c9 = bias, c10 = bias,
            c11 = bias, c12 = bias, c13 = bias
        var bp = b
        let ahead = prefetch ?? b  // a line of the next panel per step of k
        for kk in 0..<k {
            if prefetch != nil { closet_prefetch_l2(ahead + kk * 16) }
            let bv = load16(bp)
            bp += 16
            c0 = c0.addingProduct(SIMD16<Float>(repeating: a0[kk]), bv)
            c1 = c1.addingProduct(SIMD16<Float>(repeating: a1[kk]), bv)
            c2 = c2.addingProduct(SIMD16<Float>(repeating: a2[kk]), bv)
            c3 = c3.addingProduct(SIMD16<Float>(repeating: a3[kk]), bv)
            c4 = c4.addingProduct(SIMD16<Float>(repeating: a4[kk]), bv)
            c5 = c5.addingProduct(SIMD16<Float>(repeating: a5[kk]), bv)
            c6 = c6.addingProduct(SIMD16<Float>(repeating: a6[kk]), bv)
            c7 = c7.addingProduct(SIMD16<Float>(repeating: a7[kk]), bv)
            c8 = c8.addingProduct(SIMD16<Float>(repeating: a8[kk]), bv)
            c9 = c9.addingProduct(SIMD16<Float>(repeating: a9[kk]), bv)
            c10 = c10.addingProduct(SIMD16<Float>(repeating: a10[kk]), bv)
            c11 = c11.addingProduct(SIMD16<Float>(repeating: a11[kk]), bv)
            c12 = c12.addingProduct(SIMD16<Float>(repeating: a12[kk]), bv)
            c13 = c13.addingProduct(SIMD16<Float>(repeating: a13[kk]), bv)
        }
        if activation == .none {
            store16(c0, c + 0 * ldc, cols)
            if mr > 1 { store16(c1, c + 1 * ldc, cols) }
            if mr > 2 { store16(c2, c + 2 * ldc, cols) }
            if mr > 3 { store16(c3, c + 3 * ldc, cols) }
            if mr > 4 { store16(c4, c + 4 * ldc, cols) }
            if mr > 5 { store16(c5, c + 5 * ldc, cols) }
            if mr > 6 { store16(c6, c + 6 * ldc, cols) }
            if mr > 7 { store16(c7, c + 7 * ldc, cols) }
            if mr > 8 { store16(c8, c + 8 * ldc, cols) }
            if mr > 9 { store16(c9, c + 9 * ldc, cols) }
            if mr > 10 { store16(c10, c + 10 * ldc, cols) }
            if mr > 11 { store16(c11, c + 11 * ldc, cols) }
            if mr > 12 { store16(c12, c + 12 * ldc, cols) }
            if mr > 13 { store16(c13, c + 13 * ldc, cols) }
            return
        }
        let lower = SIMD16<Float>(repeating: activation == .none ? -.infinity : 0)
        let upper = SIMD16<Float>(repeating: activation == .relu6 ? 6 : .infinity)
        store16(clamp16(c0, lower, upper), c + 0 * ldc, cols)
        if mr > 1 { store16(clamp16(c1, lower, upper), c + 1 * ldc, cols) }
        if mr > 2 { store16(clamp16(c2, lower, upper), c + 2 * ldc, cols) }
        if mr > 3 { store16(clamp16(c3, lower, upper), c + 3 * ldc, cols) }
        if mr > 4 { store16(clamp16(c4, lower, upper), c + 4 * ldc, cols) }
        if mr > 5 { store16(clamp16(c5, lower, upper), c + 5 * ldc, cols) }
        if mr > 6 { store16(clamp16(c6, lower, upper), c + 6 * ldc, cols) }
        if mr > 7 { store16(clamp16(c7, lower, upper), c + 7 * ldc, cols) }
        if mr > 8 { store16(clamp16(c8, lower, upper), c + 8 * ldc, cols) }
        if mr > 9 { store16(clamp16(c9, lower, upper), c + 9 * ldc, cols) }
        if mr > 10 { store16(clamp16(c10, lower, upper), c + 10 * ldc, cols) }
        if mr > 11 { store16(clamp16(c11, lower, upper), c + 11 * ldc, cols) }
        if mr > 12 { store16(clamp16(c12, lower, upper), c + 12 * ldc, cols) }
        if mr > 13 { store16(clamp16(c13, lower, upper), c + 13 * ldc, cols) }
    }
}

@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) }

/// The first `count` floats (all 16 when `count` ≥ 16, none when ≤ 0), zeros after.
@inline(__always)
func load16(_ p: UnsafePointer<Float>, count: Int) -> SIMD16<Float> {
    if count >= 16 { return load16(p) }
    var v = SIMD16<Float>(repeating: 0)
    for i in 0..<max(0, count) { v[i] = p[i] }
    return v
}

/// Stores the first `cols` lanes (all 16 when `cols` ≥ 16, none when ≤ 0).
@inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ cols: Int) {
    if cols >= 16 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self); return }
    for i in 0..<max(0, cols) { p[i] = v[i] }
}

@inline(__always)
func clamp16(_ v: SIMD16<Float>, _ lower: SIMD16<Float>, _ upper: SIMD16<Float>) -> SIMD16<Float> {
    let low = v.replacing(with: lower, where: v .< lower)
    return low.replacing(with: upper, where: low .> upper)
}
