import CCPUFeatures
import InferenceKernels

/// Matrix multiply for the few-row layers (a 7×7 map has 49 rows): tiles of 7 rows × 32 columns, two
/// adjacent 16-column panels of the packed B side by side in 14 zmm accumulators. 49 rows are seven full
/// tiles (the AVX2 6×16 tile leaves a one-row rest, the 14×16 zmm tile a seven-row one), and each
/// broadcast of A feeds 32 columns, so a step of k is 2 loads of B and 7 broadcasts for 14 FMAs. Its 17
/// live vectors need the 32 registers AVX-512 has. Compiled only in this module.
enum GEMM7x32 {
    static let tileRows = 7
    /// The shortest k it is used for: the 14×14 expansions in bands (k = 80…112) ran 4–5 % slower on it than on the AVX2 tile.
    static let minimumDepth = 128

    @inline(__always)
    static func run(
        rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        let width = GEMM.panelWidth
        let a = a + rows.lowerBound * lda, c = c + rows.lowerBound * ldc
        let count = rows.count
        let panels = (n + width - 1) / width
        var p = 0
        while p + 2 <= panels {
            let col = p * width
            let cols = min(2 * width, n - col)
            let bias0 = load16(bias + col, count: cols), bias1 = load16(bias + col + width, count: cols - width)
            let b0 = packedB + p * k * width, b1 = b0 + k * width
            var r = 0
            while r < count {
                // The last tile of a pair brings the next panels (two, or the odd last one) into L2 while it works.
                let last = r + tileRows >= count
                tile(
                    mr: min(tileRows, count - r), k: k, a: a + r * lda, lda: lda, b0: b0, b1: b1, bias0: bias0, bias1: bias1,
                    c: c + r * ldc + col, ldc: ldc, cols: cols, activation: activation,
                    prefetch: last && p + 2 < panels ? b1 + k * width : nil,
                    prefetch2: last && p + 3 < panels ? b1 + 2 * k * width : nil)
                r += tileRows
            }
            p += 2
        }
        if p < panels {
            // An odd last panel: the shared 8-lane tiles.
            let col = p * width
            GEMM.panels(
                fused: true, count: count, n: n - col, k: k, a: a, lda: lda, packedB: packedB + p * k * width, bias: bias + col,
                c: c + col, ldc: ldc, activation: activation)
        }
    }

    /// One tile of up to 7 rows × 32 columns (`cols` ≤ 32); rows past `mr` read row 0 again and are not stored.
    @inline(__always)
    static func tile(
        mr: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b0: UnsafePointer<Float>, b1: UnsafePointer<Float>,
        bias0: SIMD16<Float>, bias1: SIMD16<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, cols: Int,
        activation: Activation, prefetch: UnsafePointer<Float>? = nil, prefetch2: UnsafePointer<Float>? = nil
    ) {
        let a0 = a
        let a1 = mr > 1 ? a + lda : a
        let a2 = mr > 2 ? a + 2 * lda : a
        let a3 = mr > 3 ? a + 3 * lda : a
        let a4 = mr > 4 ? a + 4 * lda : a
        let a5 = mr > 5 ? a + 5 * lda : a
        let a6 = mr > 6 ? a + 6 * lda : a
        var c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1
        var c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1, c60 = bias0, c61 = bias1
        var p0 = b0, p1 = b1
        // A line of each next panel (16 floats; a panel has k of them) per step of k.
        let ahead = prefetch ?? b0, ahead2 = prefetch2 ?? b0
        for kk in 0..<k {
            if prefetch != nil { closet_prefetch_l2(ahead + kk * 16) }
            if prefetch2 != nil { closet_prefetch_l2(ahead2 + kk * 16) }
            let v0 = load16(p0), v1 = load16(p1)
            p0 += 16
            p1 += 16
            var x = SIMD16<Float>(repeating: a0[kk])
            c00 = c00.addingProduct(x, v0); c01 = c01.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a1[kk])
            c10 = c10.addingProduct(x, v0); c11 = c11.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a2[kk])
            c20 = c20.addingProduct(x, v0); c21 = c21.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a3[kk])
            c30 = c30.addingProduct(x, v0); c31 = c31.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a4[kk])
            c40 = c40.addingProduct(x, v0); c41 = c41.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a5[kk])
            c50 = c50.addingProduct(x, v0); c51 = c51.addingProduct(x, v1)
            x = SIMD16<Float>(repeating: a6[kk])
            c60 = c60.addingProduct(x, v0); c61 = c61.addingProduct(x, v1)
        }
        let lower = SIMD16<Float>(repeating: activation == .none ? -.infinity : 0)
        let upper = SIMD16<Float>(repeating: activation == .relu6 ? 6 : .infinity)
        let clamped = activation != .none
        @inline(__always) func put(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, _ row: Int) {
            let out = c + row * ldc
            store16(clamped ? clamp16(v0, lower, upper) : v0, out, cols)
            store16(clamped ? clamp16(v1, lower, upper) : v1, out + 16, cols - 16)
        }
        put(c00, c01, 0)
        if mr > 1 { put(c10, c11, 1) }
        if mr > 2 { put(c20, c21, 2) }
        if mr > 3 { put(c30, c31, 3) }
        if mr > 4 { put(c40, c41, 4) }
        if mr > 5 { put(c50, c51, 5) }
        if mr > 6 { put(c60, c61, 6) }
    }
}
