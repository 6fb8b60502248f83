/// The small operators: residual add, global average pooling, softmax, and the im2col row of a convolution patch.
public enum Elementwise {
    /// `out = act(a + b)` over `count` floats.
    @inlinable @inline(__always)
    public static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
        count: Int, activation: Activation
    ) {
        var i = 0
        let bounds = activation.bounds
        while i + 8 <= count {
            store8(clamp(load8(a + i) + load8(b + i), bounds), out + i)
            i += 8
        }
        while i < count { out[i] = activation.apply(a[i] + b[i]); i += 1 }
    }

    /// Mean over `pixels` rows of `c` channels.
    @inlinable @inline(__always)
    public static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, c: Int, _ out: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(pixels)
        var ch = 0
        while ch + 8 <= c {
            var acc = SIMD8<Float>(repeating: 0)
            for p in 0..<pixels { acc += load8(input + p * c + ch) }
            store8(acc * scale, out + ch)
            ch += 8
        }
        while ch < c {
            var acc: Float = 0
            for p in 0..<pixels { acc += input[p * c + ch] }
            out[ch] = acc * scale
            ch += 1
        }
    }

    /// Numerically stable softmax, in place allowed.
    public static func softmax(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        var top = -Float.infinity
        for i in 0..<count { top = max(top, input[i]) }
        var sum: Float = 0
        for i in 0..<count { let e = expf(input[i] - top); out[i] = e; sum += e }
        for i in 0..<count { out[i] /= sum }
    }

    /// Copies output pixel (`oy`, `ox`)'s receptive field to `dst` as one row of `kh*kw*c` values in
    /// (ky, kx, channel) order, zeros where it falls in the padding: an im2col row.
    @inlinable @inline(__always)
    public static func patch(
        oy: Int, ox: Int, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int, kh: Int, kw: Int, strideH: Int,
        strideW: Int, padTop: Int, padLeft: Int, dst: UnsafeMutablePointer<Float>
    ) {
        var dst = dst
        let ix0 = ox * strideW - padLeft
        for ky in 0..<kh {
            let iy = oy * strideH - padTop + ky
            if iy >= 0 && iy < ih && ix0 >= 0 && ix0 + kw <= iw {
                // The kernel row lies inside: its kw × c inputs are one contiguous run.
                let src = input + (iy * iw + ix0) * c
                for j in 0..<(kw * c) { dst[j] = src[j] }
                dst += kw * c
                continue
            }
            for kx in 0..<kw {
                let ix = ix0 + kx
                if iy >= 0 && iy < ih && ix >= 0 && ix < iw {
                    let src = input + (iy * iw + ix) * c
                    for ch in 0..<c { dst[ch] = src[ch] }
                } else {
                    for ch in 0..<c { dst[ch] = 0 }
                }
                dst += c
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
