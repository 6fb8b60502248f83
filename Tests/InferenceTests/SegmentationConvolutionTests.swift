import Inference
import InferenceKernels
import TestSupport
import XCTest

/// Each kernel set's convolution paths for U²-Netp's shapes (`ConvolutionRuns.swift`), called directly against
/// plain loops in Double, XNNPACK-style: windows longer than one block of k (`Convolution.blockFloats`, 384 floats:
/// 3×3 over 43 to 130 channels, so one, two and three runs a block and a run longer than a block), the blocks'
/// sums kept in C and clamped only after the last (ReLU and ReLU6 fail if a block clamps); one output channel (the
/// side outputs' maps); dilated taps read in place (dilation 2, 4, 8 on inputs large enough for an interior, and far
/// smaller); strides 1 and 2; row ranges that do not start at 0; n from 1 to 64 (partial and whole panels). Every
/// float the kernel must not write holds a sentinel.
final class SegmentationConvolutionTests: XCTestCase {
    func testPortable() throws { try all(kernels(.portable)) }
    func testAVX2() throws { try all(kernels(.avx2)) }
    func testAVX512() throws { try all(kernels(.avx512)) }

    func all(_ k: any KernelSet.Type) {
        let tester = DilatedConvolutionTester()
        // Long windows (blocked): 3×3 over c = 43 (k = 387, length 129: two runs a block), 64 (576: two a block,
        // then one), 128 (1152: one a block), 130 (a run of 390, longer than a block); n across panels.
        for c in [43, 64, 128, 130] {
            for n in [1, 5, 16, 17, 40, 64] {
                tester.with { ($0.ih, $0.iw, $0.c, $0.n) = (5, 9, c, n) }.test(k)
            }
        }
        // Stride 2, no padding, a 5×5 window (k = 5·5·20 = 500), rows from past 0, and the clamps.
        tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.stride) = (9, 8, 48, 24, 2) }.test(k)
        tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.pad) = (6, 7, 48, 16, [0, 0, 0, 0]) }.test(k)
        tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.kh, $0.kw, $0.pad) = (8, 9, 20, 33, 5, 5, [2, 2, 2, 2]) }.test(k)
        for activation in [Activation.relu, .relu6] {
            for (c, n) in [(64, 16), (128, 64), (130, 1), (9, 1)] {
                tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.activation, $0.rowStart) = (6, 11, c, n, activation, 2) }.test(k)
            }
        }
        // One output channel: runs of 3 to 390 floats (c = 1, …, 130 with kw = 3), widths that leave 1 to 5 pixels
        // after the 6-pixel tiles.
        for c in [1, 8, 16, 64, 130] {
            for iw in [4, 5, 6, 7, 13] {
                tester.with { ($0.ih, $0.iw, $0.c, $0.n) = (4, iw, c, 1) }.test(k)
            }
        }
        // Dilated taps (U²-Netp's 2, 4 and 8, with padding equal to the dilation): inputs with an interior
        // (20×20, 10×11) and without (5×6), channels 16 and 32 (one block) and 130 (a block a tap), n = 1, 16, 64.
        for dilation in [2, 4, 8] {
            for (side, c, n) in [(20, 16, 16), (10, 32, 64), (5, 16, 16), (20, 130, 17), (12, 16, 1), (11, 3, 1)] {
                tester.with {
                    ($0.ih, $0.iw, $0.c, $0.n, $0.dilation, $0.pad) = (
                        side, side + 1, c, n, dilation, [dilation, dilation, dilation, dilation]
                    )
                }.test(k)
            }
        }
        tester.with {
            ($0.ih, $0.iw, $0.c, $0.n, $0.dilation, $0.pad, $0.rowStart, $0.activation) = (14, 12, 24, 20, 2, [1, 3, 0, 2], 3, .relu)
        }
        .test(k)
        tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.dilation, $0.stride, $0.pad) = (15, 16, 16, 16, 2, 2, [2, 2, 2, 2]) }.test(k)
    }
}

/// A convolution to `n` channels with taps `dilation` apart, through `KernelSet.convolution` (dilation 1) or
/// `KernelSet.dilatedConvolution`, against a plain loop in Double.
struct DilatedConvolutionTester {
    var ih = 7, iw = 7, c = 8, n = 16
    var kh = 3, kw = 3
    var stride = 1
    var dilation = 1
    var pad = [1, 1, 1, 1]
    var rowStart = 0
    var activation: Activation = .none

    var oh: Int { (ih + pad[0] + pad[2] - (kh - 1) * dilation - 1) / stride + 1 }
    var ow: Int { (iw + pad[1] + pad[3] - (kw - 1) * dilation - 1) / stride + 1 }

    func with(_ change: (inout Self) -> Void) -> Self { var t = self; change(&t); return t }

    func test(_ kernels: any KernelSet.Type, file: StaticString = #filePath, line: UInt = #line) {
        precondition(oh > 0 && ow > 0 && rowStart < oh)
        let k = kh * kw * c
        var random = SeededRandom(state: UInt64(ih * 7919 + iw * 131 + c * 31 + n * 7 + dilation))
        let x = random.array(ih * iw * c)
        let b = random.array(k * n)
        let bias = random.array(n) + [Float](repeating: 0, count: 16)
        let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: n) }
        var scratch = [Float](repeating: .nan, count: ow * k)
        var out = [Float](repeating: untouched, count: oh * ow * n)
        let window = ConvolutionWindow(
            ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: stride, strideW: stride, padTop: pad[0], padLeft: pad[1], ow: ow)
        x.withUnsafeBufferPointer { xp in
            packed.withUnsafeBufferPointer { bp in
                bias.withUnsafeBufferPointer { biasp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        out.withUnsafeMutableBufferPointer { op in
                            let call = ConvolutionParameters(
                                window: window, n: n, input: xp.baseAddress!, packedB: bp.baseAddress!, bias: biasp.baseAddress!,
                                output: op.baseAddress!, activation: activation, scratch: sp.baseAddress!)
                            if dilation == 1 {
                                kernels.convolution(rows: rowStart..<oh, call)
                            } else {
                                kernels.dilatedConvolution(
                                    rows: rowStart..<oh, DilatedConvolutionParameters(call, dilationH: dilation, dilationW: dilation))
                            }
                        }
                    }
                }
            }
        }
        let what =
            "\(kernels.name) convolution \(ih)×\(iw)×\(c) → \(n) kernel \(kh)×\(kw) stride \(stride) dilation \(dilation) pad \(pad) "
            + "rows \(rowStart)..<\(oh) \(activation)"
        for oy in 0..<oh {
            for ox in 0..<ow {
                for co in 0..<n {
                    let got = out[(oy * ow + ox) * n + co]
                    guard oy >= rowStart else {
                        if got != untouched {
                            return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got) was written", file: file, line: line)
                        }
                        continue
                    }
                    var sum = Double(bias[co]), scale = abs(Double(bias[co]))
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let iy = oy * stride - pad[0] + ky * dilation, ix = ox * stride - pad[1] + kx * dilation
                            guard iy >= 0, iy < ih, ix >= 0, ix < iw else { continue }
                            for ci in 0..<c {
                                let p = Double(x[(iy * iw + ix) * c + ci]) * Double(b[((ky * kw + kx) * c + ci) * n + co])
                                sum += p
                                scale += abs(p)
                            }
                        }
                    }
                    let expected = Double(activation.apply(Float(sum)))
                    if !closeEnough(got, expected, terms: k, scale: scale) {
                        return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got), expected \(expected)", file: file, line: line)
                    }
                }
            }
        }
    }
}
