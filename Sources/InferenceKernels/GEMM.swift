import CCPUFeatures

/// Matrix multiply with a fused epilogue, the workhorse of 1×1 and im2col convolutions and fully
/// connected layers: `C[m×n] = act(A[m×k] · B[k×n] + bias)`, A row-major with stride `lda`, C with
/// stride `ldc`, and B packed once at load time into panels of 16 columns (`PackedPanels`).
///
/// The micro-kernel holds a 6×16 tile of C in twelve 8-lane registers and streams one broadcast of
/// A and two vectors of B per step of k. Rows of A are blocked so a block stays in L1 while every
/// panel of B passes over it.
public enum GEMM {
    public static let panelWidth = 16
    public static let tileRows = 6

    /// Packs a row-major `k×n` matrix (`b[kk*n + j]`) into panels of 16 columns, zero-padded.
    public static func pack(_ b: UnsafePointer<Float>, k: Int, n: Int) -> [Float] {
        let panels = (n + panelWidth - 1) / panelWidth
        var packed = [Float](repeating: 0, count: panels * k * panelWidth)
        for p in 0..<panels {
            for kk in 0..<k {
                for j in 0..<panelWidth where p * panelWidth + j < n {
                    packed[(p * k + kk) * panelWidth + j] = b[kk * n + p * panelWidth + j]
                }
            }
        }
        return packed
    }

    /// Runs the rows `rows` of C (all of them for one thread; a slice each when threaded).
    @inlinable @inline(__always)
    public static func run(
        fused: Bool, rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        packedB: UnsafePointer<Float>, bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        activation: Activation
    ) {
        // Rows per block: keep the block of A (rows × k floats) around 48 KB, so it stays in L1 while
        // every panel of B passes over it. When all of A fits in L2 (the 7×7 and 14×14 layers: few
        // rows, long k), take it as one block instead: each panel of B is then read once, rather
        // than once per block from L3 (B is up to 1.6 MB there).
        let blockRows =
            rows.count * k <= 49_152
            ? max(1, rows.count)
            : max(tileRows, min(96, (12_288 / max(k, 1)) / tileRows * tileRows))
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r1 = min(rows.upperBound, r0 + blockRows)
            panels(
                fused: fused, count: r1 - r0, n: n, k: k, a: a + r0 * lda, lda: lda, packedB: packedB, bias: bias,
                c: c + r0 * ldc, ldc: ldc, activation: activation)
            r0 = r1
        }
    }

    /// `count` rows of A times every panel of B, in tiles: each panel of B passes over the rows once.
    /// A row of A may be `segments` runs (see `tile`); the short and narrow tiles take plain rows.
    /// Transparent, like the tiles, so that it is compiled into each kernel build.
    @_transparent
    public static func panels(
        fused: Bool, count: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation,
        segments: Int = 1, segmentLength: Int? = nil, segmentStride: Int = 0
    ) {
        let panelCount = (n + panelWidth - 1) / panelWidth
        for p in 0..<panelCount {
            let col = p * panelWidth
            let cols = min(panelWidth, n - col)
            let b = packedB + p * k * panelWidth
            let bias0 = loadBias(bias, col, cols, 0)
            let bias1 = loadBias(bias, col, cols, 8)
            var r = 0
            while r < count {
                let mr = min(tileRows, count - r)
                if segments == 1 && mr <= 2 && cols > 8 {
                    // The last one or two rows (m = 49 on 7×7 layers leaves one): a full tile would
                    // spend six rows' time on them.
                    shortTile(
                        fused: fused, mr: mr, k: k, a: a + r * lda, lda: lda, b: b, bias0: bias0, bias1: bias1,
                        c: c + r * ldc + col, ldc: ldc, cols: cols, activation: activation)
                } else if segments == 1 && cols <= 8 {
                    // A last panel of at most 8 columns (n = 24 in MobileNetV2): half the work.
                    narrowTile(
                        fused: fused, mr: mr, k: k, a: a + r * lda, lda: lda, b: b, bias0: bias0,
                        c: c + r * ldc + col, ldc: ldc, cols: cols, activation: activation)
                } else {
                    // The last tile of a panel brings the next panel into L2, a line per step of k, while it works: the
                    // next panel's first tile then finds it there rather than in memory (weights are read once an image).
                    let next = r + tileRows >= count && segments == 1 && p + 1 < panelCount
                    tile(
                        fused: fused, mr: mr, k: k, a: a + r * lda, lda: lda, b: b, bias0: bias0, bias1: bias1,
                        c: c + r * ldc + col, ldc: ldc, cols: cols, activation: activation, segments: segments,
                        segmentLength: segmentLength, segmentStride: segmentStride, prefetch: next ? b + k * panelWidth : nil)
                }
                r += tileRows
            }
        }
    }

    @inlinable @inline(__always)
    public static func loadBias(_ bias: UnsafePointer<Float>, _ col: Int, _ cols: Int, _ offset: Int) -> SIMD8<Float> {
        if cols >= offset + 8 { return load8(bias + col + offset) }
        var v = SIMD8<Float>(repeating: 0)
        var i = 0
        while offset + i < cols && i < 8 { v[i] = bias[col + offset + i]; i += 1 }
        return v
    }

    /// One tile of up to 6 rows × 16 columns. Rows beyond `mr` read row 0 again (harmless) and are not stored.
    /// Transparent: it must be inlined into each kernel build (an out-of-line copy is compiled without
    /// AVX2/FMA and runs 60× slower; @inline(__always) stopped being enough once `run` had two tiles).
    ///
    /// A row of A may be `segments` runs of `segmentLength` floats, `segmentStride` apart (a convolution
    /// patch read in place: one run per kernel row); a plain GEMM passes one run of `k`.
    @_transparent
    public static func tile(
        fused: Bool, mr: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        bias0: SIMD8<Float>, bias1: SIMD8<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int,
        activation: Activation, segments: Int = 1, segmentLength: Int? = nil, segmentStride: Int = 0,
        prefetch: UnsafePointer<Float>? = nil
    ) {
        let (a0, a1, a2, a3, a4, a5) = rowPointers(a, lda: lda, mr: mr)
        var c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1
        var c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1
        var bp = b
        let run = segmentLength ?? k
        // One line of the next panel (16 floats) per step of k: the panel has k of them.
        let ahead = prefetch ?? b
        for segment in 0..<segments {
            let start = segment * segmentStride
            for kk in start..<(start + run) {
                if prefetch != nil { closet_prefetch_l2(ahead + kk * 16) }
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
        if activation == .none {
            // No clamp at all (projections): 24 min/max instructions a tile, on the FMA ports.
            store(c00, c01, c, cols)
            if mr > 1 { store(c10, c11, c + ldc, cols) }
            if mr > 2 { store(c20, c21, c + 2 * ldc, cols) }
            if mr > 3 { store(c30, c31, c + 3 * ldc, cols) }
            if mr > 4 { store(c40, c41, c + 4 * ldc, cols) }
            if mr > 5 { store(c50, c51, c + 5 * ldc, cols) }
            return
        }
        let bounds = activation.bounds
        store(clamp(c00, bounds), clamp(c01, bounds), c, cols)
        if mr > 1 { store(clamp(c10, bounds), clamp(c11, bounds), c + ldc, cols) }
        if mr > 2 { store(clamp(c20, bounds), clamp(c21, bounds), c + 2 * ldc, cols) }
        if mr > 3 { store(clamp(c30, bounds), clamp(c31, bounds), c + 3 * ldc, cols) }
        if mr > 4 { store(clamp(c40, bounds), clamp(c41, bounds), c + 4 * ldc, cols) }
        if mr > 5 { store(clamp(c50, bounds), clamp(c51, bounds), c + 5 * ldc, cols) }
    }

    /// One tile of one or two rows × 16 columns, for the rows left after the six-row tiles. Four
    /// accumulators (two per row, k split into even and odd steps for one row) keep the FMA unit busy.
    @_transparent
    public static func shortTile(
        fused: Bool, mr: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        bias0: SIMD8<Float>, bias1: SIMD8<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int,
        activation: Activation
    ) {
        let bounds = activation.bounds
        if mr == 1 {
            var e0 = bias0, e1 = bias1, o0 = SIMD8<Float>(repeating: 0), o1 = SIMD8<Float>(repeating: 0)
            var bp = b
            var kk = 0
            while kk + 2 <= k {
                let x = SIMD8<Float>(repeating: a[kk]), y = SIMD8<Float>(repeating: a[kk + 1])
                e0 = madd(e0, x, load8(bp), fused: fused); e1 = madd(e1, x, load8(bp + 8), fused: fused)
                o0 = madd(o0, y, load8(bp + 16), fused: fused); o1 = madd(o1, y, load8(bp + 24), fused: fused)
                bp += 32; kk += 2
            }
            if kk < k {
                let x = SIMD8<Float>(repeating: a[kk])
                e0 = madd(e0, x, load8(bp), fused: fused); e1 = madd(e1, x, load8(bp + 8), fused: fused)
            }
            store(clamp(e0 + o0, bounds), clamp(e1 + o1, bounds), c, cols)
            return
        }
        let a1 = a + lda
        var c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1
        var bp = b
        for kk in 0..<k {
            let b0 = load8(bp), b1 = load8(bp + 8)
            bp += 16
            var x = SIMD8<Float>(repeating: a[kk])
            c00 = madd(c00, x, b0, fused: fused); c01 = madd(c01, x, b1, fused: fused)
            x = SIMD8<Float>(repeating: a1[kk])
            c10 = madd(c10, x, b0, fused: fused); c11 = madd(c11, x, b1, fused: fused)
        }
        store(clamp(c00, bounds), clamp(c01, bounds), c, cols)
        store(clamp(c10, bounds), clamp(c11, bounds), c + ldc, cols)
    }

    /// The six rows of A a tile reads; rows past `mr` repeat row 0 (read, never stored).
    @_transparent
    public static func rowPointers(
        _ a: UnsafePointer<Float>, lda: Int, mr: Int
    ) -> (
        UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>
    ) {
        (a, mr > 1 ? a + lda : a, mr > 2 ? a + 2 * lda : a, mr > 3 ? a + 3 * lda : a, mr > 4 ? a + 4 * lda : a, mr > 5 ? a + 5 * lda : a)
    }

    /// One tile of up to 6 rows × 8 columns, for a panel whose right half is padding.
    @_transparent
    public static func narrowTile(
        fused: Bool, mr: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        bias0: SIMD8<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int, activation: Activation
    ) {
        let (a0, a1, a2, a3, a4, a5) = rowPointers(a, lda: lda, mr: mr)
        var c0 = bias0, c1 = bias0, c2 = bias0, c3 = bias0, c4 = bias0, c5 = bias0
        var bp = b
        for kk in 0..<k {
            let b0 = load8(bp)
            bp += 16
            c0 = madd(c0, SIMD8<Float>(repeating: a0[kk]), b0, fused: fused)
            c1 = madd(c1, SIMD8<Float>(repeating: a1[kk]), b0, fused: fused)
            c2 = madd(c2, SIMD8<Float>(repeating: a2[kk]), b0, fused: fused)
            c3 = madd(c3, SIMD8<Float>(repeating: a3[kk]), b0, fused: fused)
            c4 = madd(c4, SIMD8<Float>(repeating: a4[kk]), b0, fused: fused)
            c5 = madd(c5, SIMD8<Float>(repeating: a5[kk]), b0, fused: fused)
        }
        let bounds = activation.bounds
        let n = min(cols, 8)
        storePartial(clamp(c0, bounds), c, count: n)
        if mr > 1 { storePartial(clamp(c1, bounds), c + ldc, count: n) }
        if mr > 2 { storePartial(clamp(c2, bounds), c + 2 * ldc, count: n) }
        if mr > 3 { storePartial(clamp(c3, bounds), c + 3 * ldc, count: n) }
        if mr > 4 { storePartial(clamp(c4, bounds), c + 4 * ldc, count: n) }
        if mr > 5 { storePartial(clamp(c5, bounds), c + 5 * ldc, count: n) }
    }

    @inlinable @inline(__always)
    public static func store(_ v0: SIMD8<Float>, _ v1: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ cols: Int) {
        if cols == 16 { store8(v0, p); store8(v1, p + 8); return }
        storePartial(v0, p, count: min(cols, 8))
        if cols > 8 { storePartial(v1, p + 8, count: cols - 8) }
    }
}
