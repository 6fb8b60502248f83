import Inference
import InferenceKernelsInt8
import TestSupport
import XCTest

/// The int8 kernels at every level, called directly, against plain integer loops: the bytes must be equal (the sums
/// are exact and every level requantizes the same way). The sweeps cross the tiles' edges (4 rows, 8 columns, 4 and
/// 8 k a step), put A's zero point at 0, 128 and 255, drive the sums to the extremes `vpmaddubsw` would saturate
/// (255 · −128 + 255 · −128), clamp as ReLU6 does, and leave sentinels where nothing may be written. A level this
/// CPU cannot run is skipped, saying so (AVX-VNNI and AVX-512 VNNI on today's Zen 3); the emulated level runs the
/// VNNI kernel's code with `vpdpbusd` done in AVX2.
final class Int8KernelTests: XCTestCase {
    func level(_ level: Int8Kernels.Level) throws -> Int8Kernels.Level {
        guard Int8Kernels.supported.contains(level) else {
            throw Requirement.notOnThisCPU("this CPU cannot run the \(level.name) int8 kernels")
        }
        return level
    }

    func testGEMMPortable() throws { gemm(try level(.portable)) }
    func testGEMMAVX2() throws { gemm(try level(.avx2)) }
    func testGEMMVNNIEmulated() throws { gemm(try level(.vnniEmulated)) }
    func testGEMMAVXVNNI() throws { gemm(try level(.avxVNNI)) }
    func testGEMMAVX512VNNI() throws { gemm(try level(.avx512VNNI)) }

    func gemm(_ level: Int8Kernels.Level) {
        var t = Int8GEMMTester()
        // Every m, n and k across the tiles' edges.
        for m in 1...9 { for n in 1...17 { for k in [1, 3, 4, 5, 8, 9, 12, 13] { t.m = m; t.n = n; t.k = k; t.test(level) } } }
        // Long k (MobileNetV2's 1×1 layers), odd and even numbers of 4-k groups, each A zero point.
        for k in [16, 20, 24, 60, 63, 144, 960] {
            for za in [0, 128, 255] { t.m = 7; t.n = 33; t.k = k; t.aZeroPoint = za; t.test(level) }
        }
        // The extremes: A all 255, B at ±127/−128 in pairs (a saturating `vpmaddubsw` would be off by thousands).
        t = Int8GEMMTester()
        for za in [0, 255] {
            for (m, n, k) in [(5, 24, 1024), (4, 8, 8), (9, 17, 961)] {
                t.m = m; t.n = n; t.k = k; t.aZeroPoint = za; t.extreme = true; t.test(level)
            }
        }
        // The clamp (ReLU6 as [zp, zp + 6/s]) and another output zero point; strided rows; a slice of rows.
        t = Int8GEMMTester()
        t.m = 11; t.n = 40; t.k = 96; t.outputZeroPoint = 3; t.outputMin = 3; t.outputMax = 120; t.test(level)
        t.lda = 101; t.ldc = 47; t.test(level)
        t.rowStart = 5; t.test(level)
        // 7-bit weights (AVX2's `vpmaddubsw` kernel): the tile edges again, and the extremes it must not saturate.
        t = Int8GEMMTester()
        t.narrow = true
        for m in [1, 3, 4, 5, 9] { for n in [1, 7, 8, 9, 17] { for k in [1, 4, 5, 13, 64] { t.m = m; t.n = n; t.k = k; t.test(level) } } }
        t.extreme = true
        for za in [0, 255] { t.m = 5; t.n = 24; t.k = 1024; t.aZeroPoint = za; t.test(level) }
    }

    /// Only weights in [−64, 63] take the `vpmaddubsw` kernel: one −65 or 64 and a pair could saturate.
    func testNarrowWeightsAreExactlyThoseInSevenBits() {
        XCTAssertTrue(Int8Kernels.weightsAreNarrow([-64, 63, 0, 1, -1]))
        XCTAssertFalse(Int8Kernels.weightsAreNarrow([0, -65]))
        XCTAssertFalse(Int8Kernels.weightsAreNarrow([64, 0]))
        XCTAssertFalse(Int8Kernels.weightsAreNarrow([-128]))
    }

    func testDepthwisePortable() throws { depthwise(try level(.portable)) }
    func testDepthwiseAVX2() throws { depthwise(try level(.avx2)) }

    func depthwise(_ level: Int8Kernels.Level) {
        var t = Int8DepthwiseTester()
        // 3×3 at strides 1 and 2 with symmetric, "SAME" (more at the bottom right) and no padding; channels on either
        // side of the 16- and 8-channel steps.
        for stride in [1, 2] {
            for pad in [1, 0] {
                for (size, c) in [(7, 16), (8, 17), (5, 24), (6, 8), (5, 7), (9, 1), (4, 40), (3, 33)] {
                    t.ih = size; t.iw = size + 1; t.c = c; t.stride = stride; t.pad = pad
                    for za in [0, 128, 255] { t.inputZeroPoint = za; t.test(level) }
                }
            }
        }
        // 5×5 and a slice of rows, the extremes and the clamp.
        t = Int8DepthwiseTester()
        t.kernel = 5; t.pad = 2; t.c = 24; t.test(level)
        t.rowStart = 2; t.rowEnd = 4; t.test(level)
        t = Int8DepthwiseTester()
        t.extreme = true; t.c = 32; t.inputZeroPoint = 255; t.test(level)
        t.inputZeroPoint = 0; t.outputMin = 10; t.outputMax = 200; t.test(level)
    }

    /// The same bytes from every level this CPU runs, on one layer of MobileNetV2's shape.
    func testEveryLevelGivesTheSameBytes() {
        var t = Int8GEMMTester()
        (t.m, t.n, t.k, t.aZeroPoint) = (49, 160, 960, 77)
        let outputs = Int8Kernels.supported.map { t.run($0) }
        for (level, output) in zip(Int8Kernels.supported, outputs) {
            XCTAssertEqual(output, outputs[0], "\(level.name) against \(Int8Kernels.supported[0].name)")
        }
    }

    /// Which level runs: CPUID and XGETBV decide.
    func testTheLevelFollowsCPUIDAndTheOSState() {
        let leaf1: UInt32 = (1 << 12) | (1 << 27) | (1 << 28)
        let avx2: UInt32 = 1 << 5
        let avx512: UInt32 = avx2 | (1 << 16) | (1 << 30) | (1 << 31)
        let vnni512: UInt32 = 1 << 11, avxVNNI: UInt32 = 1 << 4
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1, leaf7EBX: avx2, leaf7ECX: 0, leaf7Subleaf1EAX: 0, xcr0: 0x7),
            [.avx2, .vnniEmulated, .portable], "Zen 3")
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1, leaf7EBX: avx512, leaf7ECX: vnni512, leaf7Subleaf1EAX: 0, xcr0: 0xE7),
            [.avx512VNNI, .avx2, .vnniEmulated, .portable], "Zen 4")
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1, leaf7EBX: avx2, leaf7ECX: 0, leaf7Subleaf1EAX: avxVNNI, xcr0: 0x7),
            [.avxVNNI, .avx2, .vnniEmulated, .portable], "Alder Lake")
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1, leaf7EBX: avx512, leaf7ECX: vnni512, leaf7Subleaf1EAX: avxVNNI, xcr0: 0x7),
            [.avxVNNI, .avx2, .vnniEmulated, .portable], "the OS does not save the ZMM state")
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1, leaf7EBX: avx2, leaf7ECX: 0, leaf7Subleaf1EAX: 0, xcr0: 0x3), [.portable],
            "the OS does not save the AVX state")
        XCTAssertEqual(
            Int8Kernels.levels(leaf1ECX: leaf1 & ~(1 << 27), leaf7EBX: avx2, leaf7ECX: 0, leaf7Subleaf1EAX: 0, xcr0: 0x7),
            [.portable], "no OSXSAVE")
        XCTAssertTrue(Int8Kernels.supported.contains(.portable))
        XCTAssertNotEqual(Int8Kernels.best, .vnniEmulated)
    }
}

/// `clamp(rint(float(acc) · scale) + zp, lo, hi)` as the kernels define it, ties to even.
func requantize(_ acc: Int64, scale: Float, zeroPoint: Int, lo: Int, hi: Int) -> UInt8 {
    let v = min(max(Float(Int32(acc)) * scale, -65536), 65536)
    return UInt8(min(max(Int(v.rounded(.toNearestOrEven)) + zeroPoint, lo), hi))
}

/// `C[rows] = requantize(bias + Σ (A − za) · B)` through `Int8Kernels.gemm`, against a plain loop.
struct Int8GEMMTester {
    var m = 4, n = 8, k = 16
    var lda: Int?, ldc: Int?
    var rowStart = 0
    var aZeroPoint = 5
    var outputZeroPoint = 0, outputMin = 0, outputMax = 255
    /// A all 255 and B alternating 127 and −128: the largest sums of both signs.
    var extreme = false
    /// Weights in [−64, 63], marked narrow: AVX2 takes its `vpmaddubsw` kernel.
    var narrow = false
    var seed: UInt64 = 1

    func inputs() -> (a: [UInt8], b: [Int8], bias: [Int32], scale: [Float]) {
        let lda = self.lda ?? k
        var random = SeededRandom(state: seed &+ UInt64(m * 1_000_003 + n * 1009 + k * 7 + aZeroPoint))
        let a = (0..<(m * lda)).map { _ in extreme ? UInt8(255) : UInt8(random.int(0...255)) }
        let low = narrow ? -64 : -128, high = narrow ? 63 : 127
        let b = (0..<(k * n)).map { i in extreme ? Int8(i % 2 == 0 ? high : low) : Int8(random.int(low...high)) }
        let bias = (0..<n).map { _ in Int32(random.int(-5000...5000)) }
        // Scales that put typical sums across the byte range, some far past it.
        let scale = (0..<n).map { _ in Float(random.int(1...400)) / Float(max(k, 1) * 2000) }
        return (a, b, bias, scale)
    }

    func run(_ level: Int8Kernels.Level) -> [UInt8] {
        let lda = self.lda ?? k, ldc = self.ldc ?? n
        let (a, b, bias, scale) = inputs()
        let packed = Int8Kernels.pack(b, k: k, n: n)
        let narrowWeights = Int8Kernels.weightsAreNarrow(b)
        precondition(narrowWeights == narrow || !narrow)
        let folded = Int8Kernels.foldGEMMBias(b, k: k, n: n, bias: bias, inputZeroPoint: aZeroPoint)
        let paddedScale = scale + [Float](repeating: 0, count: 8)
        var c = [UInt8](repeating: 0xAB, count: m * ldc)
        a.withUnsafeBufferPointer { ap in
            packed.withUnsafeBufferPointer { bp in
                folded.withUnsafeBufferPointer { biasp in
                    paddedScale.withUnsafeBufferPointer { sp in
                        c.withUnsafeMutableBufferPointer { cp in
                            Int8Kernels.gemm(
                                level, rows: rowStart..<m,
                                closet_qgemm_params(
                                    n: Int32(n), k: Int32(k), a: ap.baseAddress!, lda: lda, packed_b: bp.baseAddress!,
                                    bias: biasp.baseAddress!, scale: sp.baseAddress!, c: cp.baseAddress!, ldc: ldc,
                                    output_zero_point: Int32(outputZeroPoint), output_min: Int32(outputMin),
                                    output_max: Int32(outputMax), narrow_weights: narrowWeights ? 1 : 0))
                        }
                    }
                }
            }
        }
        return c
    }

    func test(_ level: Int8Kernels.Level, file: StaticString = #filePath, line: UInt = #line) {
        let lda = self.lda ?? k, ldc = self.ldc ?? n
        let (a, b, bias, scale) = inputs()
        let c = run(level)
        let what =
            "\(level.name)\(narrow ? " narrow" : "") int8 gemm m=\(m) n=\(n) k=\(k) za=\(aZeroPoint) lda=\(lda) ldc=\(ldc) rows \(rowStart)..<\(m)"
        for i in 0..<m {
            for j in 0..<ldc {
                let got = c[i * ldc + j]
                guard i >= rowStart && j < n else {
                    if got != 0xAB { return XCTFail("\(what): C[\(i)][\(j)] = \(got) was written", file: file, line: line) }
                    continue
                }
                var sum = Int64(bias[j])
                for kk in 0..<k { sum += (Int64(a[i * lda + kk]) - Int64(aZeroPoint)) * Int64(b[kk * n + j]) }
                let expected = requantize(sum, scale: scale[j], zeroPoint: outputZeroPoint, lo: outputMin, hi: outputMax)
                if got != expected {
                    return XCTFail("\(what): C[\(i)][\(j)] = \(got), expected \(expected) (sum \(sum))", file: file, line: line)
                }
            }
        }
    }
}

/// An int8 depthwise convolution through `Int8Kernels.depthwise`, against a plain loop that skips padded taps.
struct Int8DepthwiseTester {
    var ih = 7, iw = 8, c = 16, kernel = 3, stride = 1, pad = 1
    var rowStart = 0
    var rowEnd: Int?
    var inputZeroPoint = 9
    var outputZeroPoint = 2, outputMin = 0, outputMax = 255
    var extreme = false
    var seed: UInt64 = 3

    func test(_ level: Int8Kernels.Level, file: StaticString = #filePath, line: UInt = #line) {
        let oh = (ih + 2 * pad - kernel) / stride + 1, ow = (iw + 2 * pad - kernel) / stride + 1
        let taps = kernel * kernel
        var random = SeededRandom(state: seed &+ UInt64(ih * 7919 + c * 31 + kernel + inputZeroPoint))
        let input = (0..<(ih * iw * c)).map { _ in extreme ? UInt8(255) : UInt8(random.int(0...255)) }
        let weights = (0..<(taps * c)).map { i in extreme ? Int8(i % 3 == 0 ? 127 : -128) : Int8(random.int(-128...127)) }
        let bias = (0..<c).map { _ in Int32(random.int(-3000...3000)) }
        let scale = (0..<c).map { _ in Float(random.int(1...300)) / 20000 }
        let folded = Int8Kernels.foldDepthwiseBias(weights, taps: taps, c: c, bias: bias, inputZeroPoint: inputZeroPoint)
        let zeroRow = [UInt8](repeating: UInt8(inputZeroPoint), count: c)
        let rows = rowStart..<(rowEnd ?? oh)
        var output = [UInt8](repeating: 0xAB, count: oh * ow * c)
        input.withUnsafeBufferPointer { ip in
            weights.withUnsafeBufferPointer { wp in
                folded.withUnsafeBufferPointer { bp in
                    scale.withUnsafeBufferPointer { sp in
                        zeroRow.withUnsafeBufferPointer { zp in
                            output.withUnsafeMutableBufferPointer { op in
                                Int8Kernels.depthwise(
                                    level, rows: rows,
                                    closet_qdepthwise_params(
                                        ih: Int32(ih), iw: Int32(iw), c: Int32(c), kh: Int32(kernel), kw: Int32(kernel),
                                        stride_h: Int32(stride), stride_w: Int32(stride), pad_top: Int32(pad), pad_left: Int32(pad),
                                        ow: Int32(ow), input: ip.baseAddress!, weights: wp.baseAddress!, bias: bp.baseAddress!,
                                        scale: sp.baseAddress!, zero_row: zp.baseAddress!, output: op.baseAddress!,
                                        output_zero_point: Int32(outputZeroPoint), output_min: Int32(outputMin),
                                        output_max: Int32(outputMax)))
                            }
                        }
                    }
                }
            }
        }
        let what =
            "\(level.name) int8 depthwise \(ih)×\(iw)×\(c) \(kernel)×\(kernel) stride \(stride) pad \(pad) za=\(inputZeroPoint) rows \(rows)"
        for oy in 0..<oh {
            for ox in 0..<ow {
                for ch in 0..<c {
                    let got = output[(oy * ow + ox) * c + ch]
                    guard rows.contains(oy) else {
                        if got != 0xAB { return XCTFail("\(what): (\(oy), \(ox), \(ch)) was written", file: file, line: line) }
                        continue
                    }
                    var sum = Int64(bias[ch])
                    for dy in 0..<kernel {
                        for dx in 0..<kernel {
                            let y = oy * stride - pad + dy, x = ox * stride - pad + dx
                            guard y >= 0 && y < ih && x >= 0 && x < iw else { continue }
                            sum +=
                                (Int64(input[(y * iw + x) * c + ch]) - Int64(inputZeroPoint)) * Int64(weights[(dy * kernel + dx) * c + ch])
                        }
                    }
                    let expected = requantize(sum, scale: scale[ch], zeroPoint: outputZeroPoint, lo: outputMin, hi: outputMax)
                    if got != expected {
                        return XCTFail("\(what): (\(oy), \(ox), \(ch)) = \(got), expected \(expected)", file: file, line: line)
                    }
                }
            }
        }
    }
}
