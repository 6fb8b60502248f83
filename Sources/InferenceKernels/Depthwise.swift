/// Depthwise convolution in NHWC with the channels in SIMD lanes. For each output row and block of
/// 8 channels, the block's kh×kw weight vectors are loaded once and stay in registers while the row
/// is swept; 3×3 interior pixels take an unrolled path with no bounds checks. Bias and the
/// activation are fused. Padding is explicit per side (TensorFlow "SAME" pads bottom/right more).
public enum Depthwise {
    /// Packs `[kh][kw][c]` weights block by block, `[c / 8][kh × kw][8]` (a block's taps side by side),
    /// and the `[c]` bias, with the channel count rounded up to 8 (zeros).
    public static func pack(
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?, taps: Int, c: Int
    ) -> (weights: [Float], bias: [Float]) {
        let c8 = (c + 7) / 8 * 8
        var w = [Float](repeating: 0, count: taps * c8)
        var b = [Float](repeating: 0, count: c8)
        for t in 0..<taps { for ch in 0..<c { w[((ch / 8) * taps + t) * 8 + ch % 8] = weights[t * c + ch] } }
        if let bias { for ch in 0..<c { b[ch] = bias[ch] } }
        return (w, b)
    }

    /// Computes output rows `rows` (all for one thread). `zeros` holds at least `iw × c + 8` zeros:
    /// padding taps read it, and so do whole kernel rows above or below the input.
    @inlinable @inline(__always)
    public static func run<M: MultiplyAdd>(
        _ flavour: M.Type, rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, kh: Int, kw: Int, strideH: Int, strideW: Int,
        padTop: Int, padLeft: Int, output: UnsafeMutablePointer<Float>, ow: Int, activation: Activation,
        zeros: UnsafePointer<Float>
    ) {
        let fused = M.fused
        let fullBlocks = c / 8
        let bounds = activation.bounds
        let interior = Convolution.interiorColumns(ow: ow, iw: iw, kw: kw, strideW: strideW, padLeft: padLeft)
        let (firstInterior, lastInterior) = (interior.lowerBound, interior.upperBound)
        // 3×3 kernels sweep each channel block along the row with its weights in registers. Kernel rows
        // above or below the input read a row of zeros; the column just left of the interior (padding 1
        // on the left) and the one just right of it (one column of padding) are swept too, with the
        // taps that fall inside. Other kernels, and pixels with more padding, go pixel by pixel through
        // tap pointers, padding taps reading zeros.
        let sweep = kh == 3 && kw == 3 && lastInterior > firstInterior
        // 5×5 kernels (EfficientNet-Lite) sweep the interior columns four pixels at a time, kernel row by row,
        // and take the pixels near the left and right edges one by one; both read only the taps inside the input.
        let fiveByFive = kh == 5 && kw == 5
        let sweep5 = fiveByFive && lastInterior > firstInterior
        let leftEdge = sweep && firstInterior == 1 && padLeft == 1 && iw >= 2
        let rightEdge = sweep && lastInterior < ow && lastInterior * strideW - padLeft == iw - 2
        let sweptColumns = (leftEdge ? 0 : firstInterior)..<(rightEdge ? lastInterior + 1 : lastInterior)
        // No closures here: a closure in an @inlinable function is compiled once, in this module,
        // without the AVX2 build's flags. Taps live in a fixed-size inline array instead.
        var taps = InlineArray<25, UnsafePointer<Float>>(repeating: zeros)
        precondition(kh * kw <= 25, "depthwise kernels up to 5×5")
        for oy in rows {
            let iy0 = oy * strideH - padTop
            if sweep {
                let rowStride = iw * c, step = strideW * c, start = (firstInterior * strideW - padLeft) * c
                // The three input rows (or zeros), at column 0.
                let row0 = iy0 >= 0 && iy0 < ih ? input + iy0 * rowStride : zeros
                let row1 = iy0 + 1 >= 0 && iy0 + 1 < ih ? input + (iy0 + 1) * rowStride : zeros
                let row2 = iy0 + 2 >= 0 && iy0 + 2 < ih ? input + (iy0 + 2) * rowStride : zeros
                for block in 0..<fullBlocks {
                    let ch = block * 8
                    sweepRow(
                        flavour, row0 + ch, row1 + ch, row2 + ch, c: c, step: step, start: start, columns: interior,
                        leftEdge: leftEdge, rightEdge: rightEdge, output: output + oy * ow * c + ch,
                        weights: weights + block * 9 * 8, bias: bias + ch, activation: activation)
                }
            }
            if fiveByFive {
                // Only the kernel rows inside the input: the rest would multiply zeros.
                let kyRange = inside(from: iy0, count: 5, limit: ih)
                let rowStart = input + iy0 * iw * c
                // Stride 1 (EfficientNet-Lite's 28×28, 14×14 and 7×7 layers): runs of seven output pixels, whose
                // eleven input columns and five weights of a kernel row are loaded once for all seven.
                let runs = strideW == 1 ? ow / 7 : 0
                let covered = runs > 0 ? 0..<(runs * 7) : sweep5 ? interior : 0..<0
                for block in 0..<fullBlocks {
                    let ch = block * 8
                    let wb = weights + block * 25 * 8
                    for run in 0..<runs {
                        let ix0 = run * 7 - padLeft
                        runOfSeven5(
                            flavour, rowStart + ix0 * c + ch, rowStride: iw * c, kyRange: kyRange,
                            columns: inside(from: ix0, count: 11, limit: iw), c: c,
                            output: output + (oy * ow + run * 7) * c + ch, weights: wb, bias: bias + ch, activation: activation)
                    }
                    if runs == 0 && sweep5 {
                        sweepRow5(
                            flavour, rowStart + (firstInterior * strideW - padLeft) * c + ch, rowStride: iw * c, kyRange: kyRange,
                            c: c, step: strideW * c, count: lastInterior - firstInterior,
                            output: output + (oy * ow + firstInterior) * c + ch, weights: wb, bias: bias + ch, activation: activation)
                    }
                    // The pixels left (near the edges, or past the last run): only their taps inside the input.
                    var ox = 0
                    while ox < ow {
                        if covered.contains(ox) { ox = covered.upperBound; continue }
                        let ix0 = ox * strideW - padLeft
                        edgePixel(
                            flavour, rowStart + ix0 * c + ch, rowStride: iw * c, kw: 5, kyRange: kyRange,
                            kxRange: inside(from: ix0, count: 5, limit: iw), c: c, output: output + (oy * ow + ox) * c + ch,
                            weights: wb, bias: bias + ch, activation: activation)
                        ox += 1
                    }
                }
            }
            for ox in 0..<ow {
                // Swept pixels have their full blocks done; only channels past them remain.
                let swept = (sweep && sweptColumns.contains(ox)) || fiveByFive
                if swept && fullBlocks * 8 == c { continue }
                let ix0 = ox * strideW - padLeft
                for ky in 0..<kh {
                    let iy = iy0 + ky
                    for kx in 0..<kw {
                        let ix = ix0 + kx
                        taps[ky * kw + kx] = iy >= 0 && iy < ih && ix >= 0 && ix < iw ? input + (iy * iw + ix) * c : zeros
                    }
                }
                let out = output + (oy * ow + ox) * c
                for block in 0..<(swept ? 0 : fullBlocks) {
                    let ch = block * 8
                    let wb = weights + block * kh * kw * 8
                    var acc0 = load8(bias + ch), acc1 = SIMD8<Float>(repeating: 0)
                    var t = 0
                    while t + 2 <= kh * kw {
                        acc0 = madd(acc0, load8(taps[t] + ch), load8(wb + t * 8), fused: fused)
                        acc1 = madd(acc1, load8(taps[t + 1] + ch), load8(wb + (t + 1) * 8), fused: fused)
                        t += 2
                    }
                    if t < kh * kw { acc0 = madd(acc0, load8(taps[t] + ch), load8(wb + t * 8), fused: fused) }
                    store8(clamp(acc0 + acc1, bounds), out + ch)
                }
                // Channels past the last full block of 8, one at a time.
                for ch in (fullBlocks * 8)..<c {
                    var acc = bias[ch]
                    for t in 0..<(kh * kw) { acc += taps[t][ch] * weights[((ch / 8) * kh * kw + t) * 8 + ch % 8] }
                    out[ch] = activation.apply(acc)
                }
            }
        }
    }

    /// One output row of one 8-channel block of a 3×3 depthwise convolution, with the block's weights
    /// in registers: the interior `columns`, and the padding column on either side when asked. Rows
    /// `row0…row2` are the three input rows at column 0 (a row of zeros for padding rows). Not inlined,
    /// so the loop has the registers to itself (inlined into `run`, five of its nine tap pointers and
    /// the bias and bounds lived on the stack and were reloaded for every pixel); generic over `M` so
    /// each kernel module compiles its own copy with its own flags.
    @inlinable @inline(never)
    public static func sweepRow<M: MultiplyAdd>(
        _: M.Type, _ row0: UnsafePointer<Float>, _ row1: UnsafePointer<Float>, _ row2: UnsafePointer<Float>, c: Int, step: Int,
        start: Int, columns: Range<Int>, leftEdge: Bool, rightEdge: Bool,
        output: UnsafeMutablePointer<Float>, weights wb: UnsafePointer<Float>, bias: UnsafePointer<Float>, activation: Activation
    ) {
        let fused = M.fused, bounds = activation.bounds
        let b = load8(bias)
        let w0 = load8(wb), w1 = load8(wb + 8), w2 = load8(wb + 16), w3 = load8(wb + 24), w4 = load8(wb + 32)
        let w5 = load8(wb + 40), w6 = load8(wb + 48), w7 = load8(wb + 56), w8 = load8(wb + 64)
        if leftEdge {
            // Output column 0 reads input columns 0 and 1 with the kernel's right two columns.
            let (a, m, z) = twoColumns(fused: fused, row0, row1, row2, c: c, bias: b, w1, w2, w4, w5, w7, w8)
            store8(clamp(a + m + z, bounds), output)
        }
        // One pointer per kernel row, advanced together: the taps are [row], [row + c] and [row + 2c].
        // (Pixel by pixel over all channel blocks instead, XNNPACK's order, measured 1.3–1.6× slower.)
        var r0 = row0 + start, r1 = row1 + start, r2 = row2 + start
        var out = output + columns.lowerBound * c
        for _ in columns {
            // The first two columns as at an edge, then the third.
            var (a, m, z) = twoColumns(fused: fused, r0, r1, r2, c: c, bias: b, w0, w1, w3, w4, w6, w7)
            a = madd(a, load8(r0 + 2 * c), w2, fused: fused)
            m = madd(m, load8(r1 + 2 * c), w5, fused: fused)
            z = madd(z, load8(r2 + 2 * c), w8, fused: fused)
            store8(clamp(a + m + z, bounds), out)
            r0 += step; r1 += step; r2 += step; out += c
        }
        if rightEdge {
            // The column after the interior (where the pointers now stand) reads the last two input columns.
            let (a, m, z) = twoColumns(fused: fused, r0, r1, r2, c: c, bias: b, w0, w1, w3, w4, w6, w7)
            store8(clamp(a + m + z, bounds), out)
        }
    }

    /// `count` output pixels of one row and one 8-channel block of a 5×5 depthwise convolution whose five
    /// columns are all inside the input. `row` points at the first pixel's first input column in kernel row 0
    /// (which may lie outside the input: only the kernel rows in `kyRange`, those inside it, are read). Four
    /// pixels at a time keep four sums in registers while each kernel row's five weights are loaded once for
    /// them (loading all 25 for every pixel measured slower); with stride 1 the four pixels' loads of shared
    /// input columns are the same addresses, loaded once.
    @inlinable @inline(never)
    public static func sweepRow5<M: MultiplyAdd>(
        _: M.Type, _ row: UnsafePointer<Float>, rowStride: Int, kyRange: Range<Int>, c: Int, step: Int, count: Int,
        output: UnsafeMutablePointer<Float>, weights wb: UnsafePointer<Float>, bias: UnsafePointer<Float>, activation: Activation
    ) {
        let fused = M.fused, bounds = activation.bounds
        let b = load8(bias)
        var x = 0
        while x + 4 <= count {
            var s0 = b, s1 = b, s2 = b, s3 = b
            for ky in kyRange {
                let p = row + ky * rowStride + x * step
                let w = wb + ky * 40
                let w0 = load8(w), w1 = load8(w + 8), w2 = load8(w + 16), w3 = load8(w + 24), w4 = load8(w + 32)
                s0 += fiveTaps(fused: fused, p, c: c, w0, w1, w2, w3, w4)
                s1 += fiveTaps(fused: fused, p + step, c: c, w0, w1, w2, w3, w4)
                s2 += fiveTaps(fused: fused, p + 2 * step, c: c, w0, w1, w2, w3, w4)
                s3 += fiveTaps(fused: fused, p + 3 * step, c: c, w0, w1, w2, w3, w4)
            }
            let out = output + x * c
            store8(clamp(s0, bounds), out)
            store8(clamp(s1, bounds), out + c)
            store8(clamp(s2, bounds), out + 2 * c)
            store8(clamp(s3, bounds), out + 3 * c)
            x += 4
        }
        while x < count {
            var s0 = b
            for ky in kyRange {
                let p = row + ky * rowStride + x * step
                let w = wb + ky * 40
                s0 += fiveTaps(fused: fused, p, c: c, load8(w), load8(w + 8), load8(w + 16), load8(w + 24), load8(w + 32))
            }
            store8(clamp(s0, bounds), output + x * c)
            x += 1
        }
    }

    /// Seven output pixels in a row of one 8-channel block of a 5×5 depthwise convolution with stride 1: each
    /// kernel row's eleven input columns and five weights are loaded once for all seven, into seven independent
    /// sums. `row` points at input column 0 of the run (the first pixel's first tap) in kernel row 0; only
    /// kernel rows in `kyRange` and input columns in `columns` (of 0..<11) are read, the others count as zeros.
    /// The general path reached 27 GFLOP/s on 7×7 maps (one sum per pixel, the edge pixels alone), this 78.
    @inlinable @inline(never)
    public static func runOfSeven5<M: MultiplyAdd>(
        _: M.Type, _ row: UnsafePointer<Float>, rowStride: Int, kyRange: Range<Int>, columns: Range<Int>, c: Int,
        output: UnsafeMutablePointer<Float>, weights wb: UnsafePointer<Float>, bias: UnsafePointer<Float>, activation: Activation
    ) {
        let fused = M.fused, bounds = activation.bounds
        let b = load8(bias)
        var s0 = b, s1 = b, s2 = b, s3 = b, s4 = b, s5 = b, s6 = b
        let (lo, hi) = (columns.lowerBound, columns.upperBound)
        for ky in kyRange {
            let p = row + ky * rowStride, w = wb + ky * 40
            let w0 = load8(w), w1 = load8(w + 8), w2 = load8(w + 16), w3 = load8(w + 24), w4 = load8(w + 32)
            @inline(__always) func x(_ i: Int) -> SIMD8<Float> { i >= lo && i < hi ? load8(p + i * c) : SIMD8<Float>(repeating: 0) }
            let x0 = x(0), x1 = x(1), x2 = x(2), x3 = x(3), x4 = x(4), x5 = x(5), x6 = x(6)
            let x7 = x(7), x8 = x(8), x9 = x(9), x10 = x(10)
            s0 = fiveTapsOf(fused: fused, s0, x0, x1, x2, x3, x4, w0, w1, w2, w3, w4)
            s1 = fiveTapsOf(fused: fused, s1, x1, x2, x3, x4, x5, w0, w1, w2, w3, w4)
            s2 = fiveTapsOf(fused: fused, s2, x2, x3, x4, x5, x6, w0, w1, w2, w3, w4)
            s3 = fiveTapsOf(fused: fused, s3, x3, x4, x5, x6, x7, w0, w1, w2, w3, w4)
            s4 = fiveTapsOf(fused: fused, s4, x4, x5, x6, x7, x8, w0, w1, w2, w3, w4)
            s5 = fiveTapsOf(fused: fused, s5, x5, x6, x7, x8, x9, w0, w1, w2, w3, w4)
            s6 = fiveTapsOf(fused: fused, s6, x6, x7, x8, x9, x10, w0, w1, w2, w3, w4)
        }
        store8(clamp(s0, bounds), output)
        store8(clamp(s1, bounds), output + c)
        store8(clamp(s2, bounds), output + 2 * c)
        store8(clamp(s3, bounds), output + 3 * c)
        store8(clamp(s4, bounds), output + 4 * c)
        store8(clamp(s5, bounds), output + 5 * c)
        store8(clamp(s6, bounds), output + 6 * c)
    }

    /// `sum` plus five inputs times five weights.
    @_transparent
    public static func fiveTapsOf(
        fused: Bool, _ sum: SIMD8<Float>, _ x0: SIMD8<Float>, _ x1: SIMD8<Float>, _ x2: SIMD8<Float>, _ x3: SIMD8<Float>,
        _ x4: SIMD8<Float>, _ w0: SIMD8<Float>, _ w1: SIMD8<Float>, _ w2: SIMD8<Float>, _ w3: SIMD8<Float>, _ w4: SIMD8<Float>
    ) -> SIMD8<Float> {
        madd(
            madd(madd(madd(madd(sum, x0, w0, fused: fused), x1, w1, fused: fused), x2, w2, fused: fused), x3, w3, fused: fused), x4, w4,
            fused: fused)
    }

    /// Which of the `count` taps starting at input index `start` (negative in the padding) fall inside
    /// `0..<limit`, as offsets from `start`: empty when none does.
    @inlinable @inline(__always)
    public static func inside(from start: Int, count: Int, limit: Int) -> Range<Int> {
        let first = max(0, -start)
        return first..<max(first, min(count, limit - start))
    }

    /// One output pixel of one 8-channel block of a `kw`-wide depthwise convolution near an edge: only the taps in
    /// `kyRange` × `kxRange` (those inside the input) are read and multiplied; `p` is where tap (0, 0) would be.
    /// Each kernel row is a chain of its own, added at the end of it (see `fiveTaps`).
    @inlinable @inline(never)
    public static func edgePixel<M: MultiplyAdd>(
        _: M.Type, _ p: UnsafePointer<Float>, rowStride: Int, kw: Int, kyRange: Range<Int>, kxRange: Range<Int>, c: Int,
        output: UnsafeMutablePointer<Float>, weights wb: UnsafePointer<Float>, bias: UnsafePointer<Float>, activation: Activation
    ) {
        let fused = M.fused
        var sum = load8(bias)
        guard !kxRange.isEmpty else { store8(clamp(sum, activation.bounds), output); return }
        for ky in kyRange {
            let row = p + ky * rowStride + kxRange.lowerBound * c, w = wb + (ky * kw + kxRange.lowerBound) * 8
            var t = load8(row) * load8(w)
            for kx in 1..<kxRange.count { t = madd(t, load8(row + kx * c), load8(w + kx * 8), fused: fused) }
            sum += t
        }
        store8(clamp(sum, activation.bounds), output)
    }

    /// One kernel row of a 5×5 pixel: the five input columns `p`, `p + c`, … times the row's five weights,
    /// as a chain of its own (the callers add the rows' chains, so that the out-of-order core overlaps them
    /// instead of waiting on one chain of 25 dependent multiply-adds).
    @_transparent
    public static func fiveTaps(
        fused: Bool, _ p: UnsafePointer<Float>, c: Int, _ w0: SIMD8<Float>, _ w1: SIMD8<Float>,
        _ w2: SIMD8<Float>, _ w3: SIMD8<Float>, _ w4: SIMD8<Float>
    ) -> SIMD8<Float> {
        // A multiply first, not a multiply-add onto zeros (which measured 4–10 % slower on the strided layers).
        var s = load8(p) * w0
        s = madd(s, load8(p + c), w1, fused: fused)
        s = madd(s, load8(p + 2 * c), w2, fused: fused)
        s = madd(s, load8(p + 3 * c), w3, fused: fused)
        return madd(s, load8(p + 4 * c), w4, fused: fused)
    }

    /// A pixel's three partial sums, one per kernel row (the first one with the bias), over two input
    /// columns (`p` and `p + c` in each row) with two kernel columns: all of an edge pixel's taps, the
    /// first two of an interior pixel's. Three sums, so the multiply-adds form three short chains.
    /// Transparent, so it is compiled into `sweepRow`'s copy.
    @_transparent
    public static func twoColumns(
        fused: Bool, _ p0: UnsafePointer<Float>, _ p1: UnsafePointer<Float>, _ p2: UnsafePointer<Float>, c: Int, bias: SIMD8<Float>,
        _ w00: SIMD8<Float>, _ w01: SIMD8<Float>, _ w10: SIMD8<Float>, _ w11: SIMD8<Float>, _ w20: SIMD8<Float>, _ w21: SIMD8<Float>
    ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        var a = madd(bias, load8(p0), w00, fused: fused)
        var m = load8(p1) * w10
        var z = load8(p2) * w20
        a = madd(a, load8(p0 + c), w01, fused: fused)
        m = madd(m, load8(p1 + c), w11, fused: fused)
        z = madd(z, load8(p2 + c), w21, fused: fused)
        return (a, m, z)
    }
}
