import Inference
import InferenceKernels
import TestSupport
import XCTest

/// Each kernel set's Winograd F(4×4, 3×3) convolution (`Winograd.swift`) called directly against a plain loop in
/// Double: inputs 1 to 9 pixels a side and odd sizes past them (outputs that end inside a 4×4 tile, inputs smaller
/// than one 6×6 tile), channels around the 8-lane vectors and the GEMM's 16-column panels (1, 3, 8, 9, 16, 17, 33,
/// 64, 128), symmetric, asymmetric and no padding, blocks of 1 to 96 tiles (a block ending inside a tile row and
/// inside a 6-row GEMM tile), tile rows from past 0, bias, ReLU and ReLU6. Every float it must not write holds a
/// sentinel.
final class WinogradConvolutionTests: XCTestCase {
    func testPortable() throws { try all(kernels(.portable)) }
    func testAVX2() throws { try all(kernels(.avx2)) }
    func testAVX512() throws { try all(kernels(.avx512)) }

    /// Through the whole engine: a 3×3 stride-1 `conv2d` over 8 channels or more is lowered to Winograd (its weights
    /// are the 36 transformed matrices), one over fewer keeps the direct path, and both match plain loops at odd sizes
    /// with asymmetric padding, on every kernel set this CPU runs.
    func testTheEngineRunsThreeByThreeConvolutionsThroughWinograd() throws {
        var random = SeededRandom(state: 37)
        for kernels in KernelDispatch.usable {
            for (h, w, cin, cout, pad) in [
                (13, 11, 16, 24, [1, 1, 1, 1]), (9, 14, 33, 17, [1, 0, 2, 1]), (6, 5, 8, 1, [0, 2, 1, 0]), (7, 9, 5, 16, [1, 1, 1, 1]),
            ] {
                let x = random.array(h * w * cin), weights = random.array(cout * 9 * cin, scale: 0.5)
                let bias = random.array(cout, scale: 0.2)
                let manifest = ModelManifest(
                    name: "t", weights: "-", input: .init(name: "input", height: h, width: w, channels: cin), outputs: ["out": "y"],
                    nodes: [
                        .init(
                            op: "conv2d", name: "c", inputs: ["input"], output: "y", weights: "w", bias: "b", stride: [1, 1], pad: pad,
                            activation: "relu6")
                    ])
                let tensors: [String: (shape: [Int], values: [Float])] = ["w": ([cout, 3, 3, cin], weights), "b": ([cout], bias)]
                let net = try Network(manifest: manifest, tensor: { tensors[$0]! }, kernels: kernels)
                let winograd = 36 * Winograd.packedFloats(c: cin, n: cout), direct = (cout + 15) / 16 * 16 * 9 * cin
                XCTAssertEqual(net.weightBytes, ((cin >= 8 ? winograd : direct) + cout + 16) * 4, "\(kernels.name) \(cin) channels")
                try net.run(x)
                let expected = NaiveReference.conv(
                    x, h: h, w: w, cin: cin, weights: weights, bias: bias, cout: cout, kh: 3, kw: 3, stride: 1, pad: pad, relu6: true)
                assertClose(
                    net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-4,
                    "\(kernels.name) conv \(h)x\(w)x\(cin)->\(cout) pad \(pad)")
            }
        }
    }

    func all(_ k: any KernelSet.Type) {
        let tester = WinogradTester()
        for side in 1...9 {
            for (c, n) in [(1, 1), (8, 16), (9, 17)] {
                tester.with { ($0.ih, $0.iw, $0.c, $0.n) = (side, side + 2, c, n) }.test(k)
            }
        }
        for (c, n) in [(3, 64), (16, 16), (17, 33), (33, 8), (64, 16), (128, 64)] {
            tester.with { ($0.ih, $0.iw, $0.c, $0.n) = (11, 13, c, n) }.test(k)
        }
        for pad in [[0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 1, 0], [2, 1, 0, 2], [1, 2, 2, 1]] {
            tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.pad) = (10, 9, 12, 20, pad) }.test(k)
        }
        for block in [1, 5, 6, 7, 13, 96] {
            tester.with { ($0.ih, $0.iw, $0.c, $0.n, $0.blockTiles) = (17, 15, 24, 24, block) }.test(k)
        }
        for activation in [Activation.relu, .relu6] {
            for rowStart in [1, 2] {
                tester.with {
                    ($0.ih, $0.iw, $0.c, $0.n, $0.activation, $0.rowStart, $0.blockTiles) = (13, 11, 16, 17, activation, rowStart, 5)
                }
                .test(k)
            }
        }
    }
}

/// A 3×3 stride-1 convolution to `n` channels through `KernelSet.winogradConvolution`, tile rows `rowStart..<`,
/// against a plain loop in Double.
///
/// The tolerance is the direct convolution's (`closeEnough`: 1e-6 of the sum of the window's |products| per term,
/// about 8 ε per term, and 1e-5): the transforms add and scale products the direct sum never forms (the output
/// transform's coefficients reach 8 on each side), so F(4×4, 3×3) rounds worse than the direct sum, but on these
/// inputs (uniform in ±1) its largest error came to 0.19 of that bound (0.11 with FMA), and one input-transform
/// coefficient changed by 1 % (−5 to −5.05) fails it.
struct WinogradTester {
    var ih = 7, iw = 7, c = 8, n = 16
    var pad = [1, 1, 1, 1]
    var rowStart = 0
    var blockTiles = 12
    var activation: Activation = .none

    var oh: Int { ih + pad[0] + pad[2] - 2 }
    var ow: Int { iw + pad[1] + pad[3] - 2 }

    func with(_ change: (inout Self) -> Void) -> Self { var t = self; change(&t); return t }

    func test(_ kernels: any KernelSet.Type, file: StaticString = #filePath, line: UInt = #line) {
        precondition(oh > 0 && ow > 0 && rowStart < Winograd.tileRows(oh))
        var random = SeededRandom(state: UInt64(ih * 7919 + iw * 131 + c * 31 + n * 7 + blockTiles))
        let x = random.array(ih * iw * c)
        let weights = random.array(n * 9 * c)  // OHWI
        let bias = random.array(n) + [Float](repeating: 0, count: 16)
        let packed = weights.withUnsafeBufferPointer { Winograd.transformWeights($0.baseAddress!, n: n, c: c) }
        var scratch = [Float](repeating: .nan, count: Winograd.scratchFloats(c: c, n: n, blockTiles: blockTiles))
        var out = [Float](repeating: untouched, count: oh * ow * n)
        let window = ConvolutionWindow(ih: ih, iw: iw, c: c, kh: 3, kw: 3, strideH: 1, strideW: 1, padTop: pad[0], padLeft: pad[1], ow: ow)
        x.withUnsafeBufferPointer { xp in
            packed.withUnsafeBufferPointer { wp in
                bias.withUnsafeBufferPointer { bp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        out.withUnsafeMutableBufferPointer { op in
                            kernels.winogradConvolution(
                                rows: rowStart..<Winograd.tileRows(oh),
                                WinogradParameters(
                                    window: window, oh: oh, n: n, blockTiles: blockTiles, input: xp.baseAddress!, weights: wp.baseAddress!,
                                    bias: bp.baseAddress!, output: op.baseAddress!, activation: activation, scratch: sp.baseAddress!))
                        }
                    }
                }
            }
        }
        let what =
            "\(kernels.name) Winograd \(ih)×\(iw)×\(c) → \(n) pad \(pad) tile rows \(rowStart)… block \(blockTiles) \(activation)"
        for oy in 0..<oh {
            for ox in 0..<ow {
                for co in 0..<n {
                    let got = out[(oy * ow + ox) * n + co]
                    guard oy >= rowStart * Winograd.tile else {
                        if got != untouched {
                            return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got) was written", file: file, line: line)
                        }
                        continue
                    }
                    var sum = Double(bias[co]), scale = abs(Double(bias[co]))
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            let iy = oy - pad[0] + ky, ix = ox - pad[1] + kx
                            guard iy >= 0, iy < ih, ix >= 0, ix < iw else { continue }
                            for ci in 0..<c {
                                let p = Double(x[(iy * iw + ix) * c + ci]) * Double(weights[((co * 3 + ky) * 3 + kx) * c + ci])
                                sum += p
                                scale += abs(p)
                            }
                        }
                    }
                    let expected = Double(activation.apply(Float(sum)))
                    if !closeEnough(got, expected, terms: 9 * c, scale: scale) {
                        return XCTFail("\(what): (\(oy), \(ox), \(co)) = \(got), expected \(expected)", file: file, line: line)
                    }
                }
            }
        }
    }
}
