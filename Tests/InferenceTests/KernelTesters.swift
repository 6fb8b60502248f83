import Inference
import InferenceKernels
import XCTest

// Kernel testers in XNNPACK's style (its `GemmMicrokernelTester`, `DWConvMicrokernelTester`): a tester holds one
// call's shape with defaults, the test sets only what it varies, and `test(_:)` runs one kernel set's entry
// point directly (not through a network) against a plain loop in Double. Every float the kernel must not touch
// (the rows outside its range, the columns past `n` in a strided C, A's padding past `k`) holds a sentinel and
// must still hold it afterwards; A's padding holds NaN, so a kernel that reads it poisons its output.

/// The sentinel left in every float a kernel must not write.
let untouched: Float = -1234.5

/// `|a - b|` within what float accumulation of `terms` products of magnitude `scale` allows.
func closeEnough(_ a: Float, _ b: Double, terms: Int, scale: Double) -> Bool {
    guard a.isFinite else { return false }
    return abs(Double(a) - b) <= 1e-6 * Double(terms + 1) * scale + 1e-5
}

/// `C[rows] = act(A · B + bias)` through `KernelSet.gemm`.
struct GEMMTester {
    var m = 1
    var n = 16
    var k = 16
    /// A's row stride; `k` when nil. Floats past `k` in a row are NaN.
    var lda: Int?
    /// C's row stride; `n` when nil. Floats past `n` in a row must stay untouched.
    var ldc: Int?
    /// The first row computed (rows `rowStart..<m`); the rows before it must stay untouched.
    var rowStart = 0
    var activation: Activation = .none
    var seed: UInt64 = 1

    func m(_ v: Int) -> Self { var t = self; t.m = v; return t }
    func n(_ v: Int) -> Self { var t = self; t.n = v; return t }
    func k(_ v: Int) -> Self { var t = self; t.k = v; return t }
    func lda(_ v: Int) -> Self { var t = self; t.lda = v; return t }
    func ldc(_ v: Int) -> Self { var t = self; t.ldc = v; return t }
    func rowStart(_ v: Int) -> Self { var t = self; t.rowStart = v; return t }
    func activation(_ v: Activation) -> Self { var t = self; t.activation = v; return t }

    func test(_ kernels: any KernelSet.Type, file: StaticString = #filePath, line: UInt = #line) {
        let lda = self.lda ?? k, ldc = self.ldc ?? n
        precondition(lda >= k && ldc >= n && rowStart <= m)
        var random = SeededRandom(state: seed &+ UInt64(m * 1_000_003 + n * 1009 + k))
        var a = [Float](repeating: .nan, count: m * lda)
        for i in 0..<m { for kk in 0..<k { a[i * lda + kk] = random.next() } }
        let b = random.array(k * n)
        // Bias padded by 16, as the compiler pads it (vector loads past n read zeros).
        let bias = random.array(n) + [Float](repeating: 0, count: 16)
        let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: n) }
        var c = [Float](repeating: untouched, count: m * ldc)
        a.withUnsafeBufferPointer { ap in
            packed.withUnsafeBufferPointer { bp in
                bias.withUnsafeBufferPointer { biasp in
                    c.withUnsafeMutableBufferPointer { cp in
                        kernels.gemm(
                            rows: rowStart..<m,
                            GEMMParameters(
                                n: n, k: k, a: ap.baseAddress!, lda: lda, packedB: bp.baseAddress!, bias: biasp.baseAddress!,
                                c: cp.baseAddress!, ldc: ldc, activation: activation))
                    }
                }
            }
        }
        let what = "\(kernels.name) gemm m=\(m) n=\(n) k=\(k) lda=\(lda) ldc=\(ldc) rows \(rowStart)..<\(m) \(activation)"
        for i in 0..<m {
            for j in 0..<ldc {
                let got = c[i * ldc + j]
                guard i >= rowStart && j < n else {
                    if got != untouched { return XCTFail("\(what): C[\(i)][\(j)] = \(got) was written", file: file, line: line) }
                    continue
                }
                var sum = Double(bias[j]), scale = abs(Double(bias[j]))
                for kk in 0..<k {
                    let p = Double(a[i * lda + kk]) * Double(b[kk * n + j])
                    sum += p
                    scale += abs(p)
                }
                let expected = Double(activation.apply(Float(sum)))
                if !closeEnough(got, expected, terms: k, scale: scale) {
                    return XCTFail("\(what): C[\(i)][\(j)] = \(got), expected \(expected)", file: file, line: line)
                }
            }
        }
    }
}

/// The window shared by the depthwise and convolution testers: an NHWC input `ih × iw × c`, a `kh × kw` kernel,
/// strides and padding (top, left, bottom, right), output rows `rowStart..<oh` computed.
struct WindowShape {
    var ih = 7, iw = 7, c = 8
    var kh = 3, kw = 3
    var stride = 1
    var pad = [1, 1, 1, 1]
    var rowStart = 0
    var rowEnd: Int?
    var activation: Activation = .none
    var seed: UInt64 = 7

    var oh: Int { (ih + pad[0] + pad[2] - kh) / stride + 1 }
    var ow: Int { (iw + pad[1] + pad[3] - kw) / stride + 1 }
    var rows: Range<Int> { rowStart..<(rowEnd ?? oh) }
    var window: ConvolutionWindow {
        ConvolutionWindow(ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: stride, strideW: stride, padTop: pad[0], padLeft: pad[1], ow: ow)
    }
    var description: String {
        "\(ih)×\(iw)×\(c) kernel \(kh)×\(kw) stride \(stride) pad \(pad) rows \(rows) \(activation)"
    }

    /// The input value under output pixel (oy, ox)'s tap (ky, kx), channel ch; nil in the padding.
    func tap(_ x: [Float], _ oy: Int, _ ox: Int, _ ky: Int, _ kx: Int, _ ch: Int) -> Double? {
        let iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx
        guard iy >= 0, iy < ih, ix >= 0, ix < iw else { return nil }
        return Double(x[(iy * iw + ix) * c + ch])
    }
}

/// Depthwise convolution through `KernelSet.depthwise`.
struct DepthwiseTester {
    var shape = WindowShape()

    func with(_ change: (inout WindowShape) -> Void) -> Self { var t = self; change(&t.shape); return t }

    func test(_ kernels: any KernelSet.Type, file: StaticString = #filePath, line: UInt = #line) {
        let s = shape
        var random = SeededRandom(state: s.seed &+ UInt64(s.ih * 7919 + s.c * 31 + s.kh))
        let x = random.array(s.ih * s.iw * s.c, scale: 3)
        let weights = random.array(s.kh * s.kw * s.c)
        let bias = random.array(s.c)
        let packed = weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { Depthwise.pack(weights: w.baseAddress!, bias: $0.baseAddress!, taps: s.kh * s.kw, c: s.c) }
        }
        let zeros = [Float](repeating: 0, count: s.iw * s.c + 16)
        var out = [Float](repeating: untouched, count: s.oh * s.ow * s.c)
        x.withUnsafeBufferPointer { xp in
            packed.weights.withUnsafeBufferPointer { wp in
                packed.bias.withUnsafeBufferPointer { bp in
                    zeros.withUnsafeBufferPointer { zp in
                        out.withUnsafeMutableBufferPointer { op in
                            kernels.depthwise(
                                rows: s.rows,
                                DepthwiseParameters(
                                    window: s.window, input: xp.baseAddress!, weights: wp.baseAddress!, bias: bp.baseAddress!,
                                    output: op.baseAddress!, activation: s.activation, zeros: zp.baseAddress!))
                        }
                    }
                }
            }
        }
        let what = "\(kernels.name) depthwise \(s.description)"
        for oy in 0..<s.oh {
            for ox in 0..<s.ow {
                for ch in 0..<s.c {
                    let got = out[(oy * s.ow + ox) * s.c + ch]
                    guard s.rows.contains(oy) else {
                        if got != untouched {
                            return XCTFail("\(what): (\(oy), \(ox), \(ch)) = \(got) was written", file: file, line: line)
                        }
                        continue
                    }
                    var sum = Double(bias[ch]), scale = abs(Double(bias[ch]))
                    for ky in 0..<s.kh {
                        for kx in 0..<s.kw {
                            guard let v = s.tap(x, oy, ox, ky, kx, ch) else { continue }
                            let p = v * Double(weights[(ky * s.kw + kx) * s.c + ch])
                            sum += p
                            scale += abs(p)
                        }
                    }
                    let expected = Double(s.activation.apply(Float(sum)))
                    if !closeEnough(got, expected, terms: s.kh * s.kw, scale: scale) {
                        return XCTFail("\(what): (\(oy), \(ox), \(ch)) = \(got), expected \(expected)", file: file, line: line)
                    }
                }
            }
        }
    }
}

/// General convolution to `n` channels through `KernelSet.convolution`.
struct ConvolutionTester {
    var shape = WindowShape()
    var n = 16

    func with(_ change: (inout WindowShape) -> Void) -> Self { var t = self; change(&t.shape); return t }
    func n(_ v: Int) -> Self { var t = self; t.n = v; return t }

    func test(_ kernels: any KernelSet.Type, file: StaticString = #filePath, line: UInt = #line) {
        let s = shape
        let k = s.kh * s.kw * s.c
        var random = SeededRandom(state: s.seed &+ UInt64(s.ih * 7919 + s.c * 31 + n))
        let x = random.array(s.ih * s.iw * s.c)
        // B[(ky·kw + kx)·c + ci][co], the layout the compiler packs.
        let b = random.array(k * n)
        let bias = random.array(n) + [Float](repeating: 0, count: 16)
        let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: n) }
        var scratch = [Float](repeating: .nan, count: s.ow * k)
        var out = [Float](repeating: untouched, count: s.oh * s.ow * n)
        x.withUnsafeBufferPointer { xp in
            packed.withUnsafeBufferPointer { bp in
                bias.withUnsafeBufferPointer { biasp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        out.withUnsafeMutableBufferPointer { op in
                            kernels.convolution(
                                rows: s.rows,
                                ConvolutionParameters(
                                    window: s.window, n: n, input: xp.baseAddress!, packedB: bp.baseAddress!, bias: biasp.baseAddress!,
                                    output: op.baseAddress!, activation: s.activation, scratch: sp.baseAddress!))
                        }
                    }
                }
            }
        }
        let what = "\(kernels.name) convolution \(s.description) n=\(n)"
        for oy in 0..<s.oh {
            for ox in 0..<s.ow {
                for co in 0..<n {
                    let got = out[(oy * s.ow + ox) * n + co]
                    guard s.rows.contains(oy) else {
                        if got != untouched {
                            return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got) was written", file: file, line: line)
                        }
                        continue
                    }
                    var sum = Double(bias[co]), scale = abs(Double(bias[co]))
                    for ky in 0..<s.kh {
                        for kx in 0..<s.kw {
                            for ci in 0..<s.c {
                                guard let v = s.tap(x, oy, ox, ky, kx, ci) else { continue }
                                let p = v * Double(b[((ky * s.kw + kx) * s.c + ci) * n + co])
                                sum += p
                                scale += abs(p)
                            }
                        }
                    }
                    let expected = Double(s.activation.apply(Float(sum)))
                    if !closeEnough(got, expected, terms: k, scale: scale) {
                        return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got), expected \(expected)", file: file, line: line)
                    }
                }
            }
        }
    }
}
