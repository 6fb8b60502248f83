/// Depthwise convolution in NHWC with the channels in SIMD lanes. For each output row and block of
/// 8 channels, the block's kh×kw weight vectors are loaded once and stay in registers while the row
/// is swept; 3×3 interior pixels take an unrolled path with no bounds checks. Bias and the
/// activation are fused. Padding is explicit per side (TensorFlow "SAME" pads bottom/right more).
public enum Depthwise {
    /// Packs `[kh][kw][c]` weights and `[c]` bias with the channel count rounded up to 8 (zeros).
    public static func pack(weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?, taps: Int, c: Int) -> (weights: [Float], bias: [Float]) {
        let c8 = (c + 7) / 8 * 8
        var w = [Float](repeating: 0, count: taps * c8)
        var b = [Float](repeating: 0, count: c8)
        for t in 0..<taps { for ch in 0..<c { w[t * c8 + ch] = weights[t * c + ch] } }
        if let bias { for ch in 0..<c { b[ch] = bias[ch] } }
        return (w, b)
    }

    /// Computes output rows `rows` (all for one thread).
    @inlinable @inline(__always)
    public static func run(
        fused: Bool, rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, kh: Int, kw: Int, strideH: Int, strideW: Int,
        padTop: Int, padLeft: Int, output: UnsafeMutablePointer<Float>, ow: Int, activation: Activation,
        zeros: UnsafePointer<Float>
    ) {
        let c8 = (c + 7) / 8 * 8
        let fullBlocks = c / 8
        let bounds = activation.bounds
        // Output columns whose taps all fall inside the input.
        let firstInterior = min(ow, (padLeft + strideW - 1) / strideW)
        let lastInterior = max(firstInterior, min(ow, (iw + padLeft - kw) / strideW + 1))
        // Wide rows sweep each channel block with its weights held in registers; narrow rows (and the
        // edge pixels of wide ones) go pixel by pixel through tap pointers, padding taps reading zeros.
        let sweep = kh == 3 && kw == 3 && lastInterior - firstInterior >= 8
        // No closures here: a closure in an @inlinable function is compiled once, in this module,
        // without the AVX2 build's flags. Taps live in a fixed-size inline array instead.
        var taps = InlineArray<25, UnsafePointer<Float>>(repeating: zeros)
        precondition(kh * kw <= 25, "depthwise kernels up to 5×5")
                for oy in rows {
                    let iy0 = oy * strideH - padTop
                    let rowInterior = iy0 >= 0 && iy0 + kh <= ih
                    if sweep && rowInterior {
                        // Each channel block sweeps the row with its 3×3 weights held in registers.
                        let rowStride = iw * c, step = strideW * c
                        for block in 0..<fullBlocks {
                            let ch = block * 8
                            let b = load8(bias + ch)
                            let w0 = load8(weights + ch), w1 = load8(weights + c8 + ch), w2 = load8(weights + 2 * c8 + ch)
                            let w3 = load8(weights + 3 * c8 + ch), w4 = load8(weights + 4 * c8 + ch), w5 = load8(weights + 5 * c8 + ch)
                            let w6 = load8(weights + 6 * c8 + ch), w7 = load8(weights + 7 * c8 + ch), w8 = load8(weights + 8 * c8 + ch)
                            var ox = firstInterior
                            var p = input + (iy0 * iw + ox * strideW - padLeft) * c + ch
                            var out = output + (oy * ow + ox) * c + ch
                            while ox + 2 <= lastInterior {
                                let v0 = pixel3x3(fused: fused, p, c, rowStride, b, w0, w1, w2, w3, w4, w5, w6, w7, w8)
                                let v1 = pixel3x3(fused: fused, p + step, c, rowStride, b, w0, w1, w2, w3, w4, w5, w6, w7, w8)
                                store8(clamp(v0, bounds), out)
                                store8(clamp(v1, bounds), out + c)
                                p += 2 * step; out += 2 * c; ox += 2
                            }
                            if ox < lastInterior {
                                store8(clamp(pixel3x3(fused: fused, p, c, rowStride, b, w0, w1, w2, w3, w4, w5, w6, w7, w8), bounds), out)
                            }
                        }
                    }
                    for ox in 0..<ow {
                        // Swept pixels have their full blocks done; only channels past them remain.
                        let swept = sweep && rowInterior && ox >= firstInterior && ox < lastInterior
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
                            var acc0 = load8(bias + ch), acc1 = SIMD8<Float>(repeating: 0)
                            var t = 0
                            while t + 2 <= kh * kw {
                                acc0 = madd(acc0, load8(taps[t] + ch), load8(weights + t * c8 + ch), fused: fused)
                                acc1 = madd(acc1, load8(taps[t + 1] + ch), load8(weights + (t + 1) * c8 + ch), fused: fused)
                                t += 2
                            }
                            if t < kh * kw { acc0 = madd(acc0, load8(taps[t] + ch), load8(weights + t * c8 + ch), fused: fused) }
                            store8(clamp(acc0 + acc1, bounds), out + ch)
                        }
                        // Channels past the last full block of 8, one at a time.
                        for ch in (fullBlocks * 8)..<c {
                            var acc = bias[ch]
                            for t in 0..<(kh * kw) { acc += taps[t][ch] * weights[t * c8 + ch] }
                            out[ch] = activation.apply(acc)
                        }
                    }
                }
    }

    /// One output vector of a 3×3 depthwise tap set whose top-left input is `p`. Three partial sums
    /// (one per kernel row) keep the FMA dependency chains short.
    @inlinable @inline(__always)
    public static func pixel3x3(
        fused: Bool, _ p: UnsafePointer<Float>, _ c: Int, _ rowStride: Int, _ b: SIMD8<Float>,
        _ w0: SIMD8<Float>, _ w1: SIMD8<Float>, _ w2: SIMD8<Float>, _ w3: SIMD8<Float>, _ w4: SIMD8<Float>,
        _ w5: SIMD8<Float>, _ w6: SIMD8<Float>, _ w7: SIMD8<Float>, _ w8: SIMD8<Float>
    ) -> SIMD8<Float> {
        var r0 = madd(b, load8(p), w0, fused: fused)
        var r1 = load8(p + rowStride) * w3
        var r2 = load8(p + 2 * rowStride) * w6
        r0 = madd(r0, load8(p + c), w1, fused: fused)
        r1 = madd(r1, load8(p + rowStride + c), w4, fused: fused)
        r2 = madd(r2, load8(p + 2 * rowStride + c), w7, fused: fused)
        r0 = madd(r0, load8(p + 2 * c), w2, fused: fused)
        r1 = madd(r1, load8(p + rowStride + 2 * c), w5, fused: fused)
        r2 = madd(r2, load8(p + 2 * rowStride + 2 * c), w8, fused: fused)
        return r0 + r1 + r2
    }
}
