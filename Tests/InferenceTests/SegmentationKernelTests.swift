import Inference
import InferenceKernels
import TestSupport
import XCTest

/// Each kernel set's segmentation operators (dilated convolution, max pooling with ceil mode, bilinear resize,
/// concatenation, sigmoid), called directly against plain loops in Double, at the shapes that pick different code:
/// channels below, at and past 8 (the vector width) and 1 (the side outputs' maps); windows that hang over every
/// edge (dilation 8 on a 5×5 input; ceil mode's last window on odd sizes); 1-pixel inputs and outputs; row ranges
/// that do not start at 0. Every float the kernel must not write holds a sentinel. A set this CPU cannot run is
/// skipped, saying so.
final class SegmentationKernelTests: XCTestCase {
    func testPortable() throws { try all(kernels(.portable)) }
    func testAVX2() throws { try all(kernels(.avx2)) }
    func testAVX512() throws { try all(kernels(.avx512)) }

    func all(_ k: any KernelSet.Type) {
        dilated(k)
        maxPool(k)
        bilinear(k)
        concat(k)
        sigmoid(k)
    }

    // MARK: Dilated convolution

    func dilated(_ k: any KernelSet.Type) {
        // (input side, channels, outputs, dilation, rows from): dilation 2, 4, 8 with "same" padding, a window far
        // wider than the input (every tap but the centre in the padding), channels 1…17.
        for (side, c, n, d, start) in [(5, 3, 16, 2, 0), (7, 8, 17, 4, 2), (5, 1, 1, 8, 0), (6, 9, 33, 2, 3), (3, 17, 5, 4, 1)] {
            dilatedCase(k, ih: side, iw: side + 1, c: c, n: n, dilation: d, pad: d, start: start)
        }
        dilatedCase(k, ih: 9, iw: 6, c: 4, n: 8, dilation: 2, pad: 0, start: 0)  // no padding: output smaller
    }

    /// One case through ``DilatedConvolutionTester`` (SegmentationConvolutionTests), without and with ReLU.
    func dilatedCase(_ kernels: any KernelSet.Type, ih: Int, iw: Int, c: Int, n: Int, dilation: Int, pad: Int, start: Int) {
        for activation in [Activation.none, .relu] {
            DilatedConvolutionTester().with {
                ($0.ih, $0.iw, $0.c, $0.n, $0.dilation, $0.pad, $0.rowStart, $0.activation) = (
                    ih, iw, c, n, dilation, [pad, pad, pad, pad], start, activation
                )
            }
            .test(kernels)
        }
    }

    // MARK: Max pooling

    func maxPool(_ k: any KernelSet.Type) {
        // 2×2 stride 2 in ceil mode over odd and even sides (the last window one pixel wide), 1×1 inputs,
        // channels 1…17; a 3×3 stride 2 window with padding 1.
        for (ih, iw, c, start) in [(5, 7, 3, 0), (4, 4, 8, 1), (1, 1, 16, 0), (9, 3, 17, 2), (2, 5, 1, 0)] {
            maxPoolCase(k, ih: ih, iw: iw, c: c, kernel: 2, stride: 2, pad: 0, start: start)
        }
        maxPoolCase(k, ih: 7, iw: 6, c: 9, kernel: 3, stride: 2, pad: 1, start: 0)
    }

    func maxPoolCase(_ kernels: any KernelSet.Type, ih: Int, iw: Int, c: Int, kernel: Int, stride: Int, pad: Int, start: Int) {
        // Ceil mode, as the lowering sizes it.
        func size(_ input: Int) -> Int {
            var out = (input + 2 * pad - kernel + stride - 1) / stride + 1
            if (out - 1) * stride >= input + pad { out -= 1 }
            return out
        }
        let oh = size(ih), ow = size(iw)
        var random = SeededRandom(state: UInt64(ih * 31 + iw * 7 + c))
        let x = random.array(ih * iw * c, scale: 5)
        var out = [Float](repeating: untouched, count: oh * ow * c)
        let window = ConvolutionWindow(
            ih: ih, iw: iw, c: c, kh: kernel, kw: kernel, strideH: stride, strideW: stride, padTop: pad, padLeft: pad, ow: ow)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                kernels.maxPool(
                    rows: start..<oh, MaxPoolParameters(window: window, oh: oh, input: xp.baseAddress!, output: op.baseAddress!))
            }
        }
        let what = "\(kernels.name) max pool \(ih)×\(iw)×\(c) kernel \(kernel) stride \(stride) pad \(pad) rows \(start)..<\(oh)"
        for oy in 0..<oh {
            for ox in 0..<ow {
                for ch in 0..<c {
                    let got = out[(oy * ow + ox) * c + ch]
                    guard oy >= start else {
                        if got != untouched { return XCTFail("\(what): (\(oy), \(ox), \(ch)) was written") }
                        continue
                    }
                    var m = -Float.infinity
                    for ky in 0..<kernel {
                        for kx in 0..<kernel {
                            let iy = oy * stride - pad + ky, ix = ox * stride - pad + kx
                            if iy >= 0, iy < ih, ix >= 0, ix < iw { m = max(m, x[(iy * iw + ix) * c + ch]) }
                        }
                    }
                    if got != m { return XCTFail("\(what): (\(oy), \(ox), \(ch)) = \(got), expected \(m)") }
                }
            }
        }
    }

    // MARK: Bilinear resize

    func bilinear(_ k: any KernelSet.Type) {
        // Up by whole and fractional factors, down, 1 pixel to many and many to 1, channels 1…17, every mode.
        let cases = [(2, 3, 5, 7, 1), (10, 10, 320, 33, 1), (5, 4, 3, 2, 8), (1, 1, 4, 4, 9), (6, 6, 1, 1, 17), (3, 7, 6, 14, 16)]
        for (ih, iw, oh, ow, c) in cases {
            for mode in ResizeCoordinates.allCases { bilinearCase(k, ih: ih, iw: iw, oh: oh, ow: ow, c: c, mode: mode, start: 0) }
        }
        bilinearCase(k, ih: 4, iw: 5, oh: 9, ow: 11, c: 12, mode: .pytorchHalfPixel, start: 4)
    }

    /// The source coordinate of output `o`, in Double, as ONNX defines each mode.
    func source(_ o: Int, input: Int, output: Int, mode: ResizeCoordinates) -> Double {
        let scale = Double(output) / Double(input)
        var x: Double
        switch mode {
        case .halfPixel: x = (Double(o) + 0.5) / scale - 0.5
        case .pytorchHalfPixel: x = output > 1 ? (Double(o) + 0.5) / scale - 0.5 : 0
        case .alignCorners: x = output > 1 ? Double(o) * Double(input - 1) / Double(output - 1) : 0
        case .asymmetric: x = Double(o) / scale
        }
        return min(max(x, 0), Double(input - 1))
    }

    func bilinearCase(
        _ kernels: any KernelSet.Type, ih: Int, iw: Int, oh: Int, ow: Int, c: Int, mode: ResizeCoordinates, start: Int
    ) {
        var random = SeededRandom(state: UInt64(ih * 31 + ow * 7 + c))
        let x = random.array(ih * iw * c, scale: 3)
        let rows = BilinearTaps(input: ih, output: oh, coordinates: mode)
        let columns = BilinearTaps(input: iw, output: ow, coordinates: mode)
        var out = [Float](repeating: untouched, count: oh * ow * c)
        let (rf, rs, rw) = (AlignedInts(rows.first), AlignedInts(rows.second), AlignedBuffer(rows.weight))
        let (cf, cs, cw) = (AlignedInts(columns.first), AlignedInts(columns.second), AlignedBuffer(columns.weight))
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                let call = BilinearResizeParameters(
                    iw: iw, c: c, ow: ow, rowFirst: rf.pointer, rowSecond: rs.pointer, rowWeight: rw.pointer, columnFirst: cf.pointer,
                    columnSecond: cs.pointer, columnWeight: cw.pointer, input: xp.baseAddress!, output: op.baseAddress!)
                kernels.resizeBilinear(rows: start..<oh, call)
            }
        }
        let what = "\(kernels.name) bilinear \(ih)×\(iw)×\(c) → \(oh)×\(ow) \(mode.rawValue) rows \(start)..<\(oh)"
        func at(_ y: Int, _ x0: Int, _ ch: Int) -> Double { Double(x[(y * iw + x0) * c + ch]) }
        for oy in 0..<oh {
            let sy = source(oy, input: ih, output: oh, mode: mode)
            let y0 = Int(sy), y1 = min(y0 + 1, ih - 1), wy = sy - Double(y0)
            for ox in 0..<ow {
                let sx = source(ox, input: iw, output: ow, mode: mode)
                let x0 = Int(sx), x1 = min(x0 + 1, iw - 1), wx = sx - Double(x0)
                for ch in 0..<c {
                    let got = out[(oy * ow + ox) * c + ch]
                    guard oy >= start else {
                        if got != untouched { return XCTFail("\(what): (\(oy), \(ox), \(ch)) was written") }
                        continue
                    }
                    let expected =
                        (at(y0, x0, ch) * (1 - wx) + at(y0, x1, ch) * wx) * (1 - wy) + (at(y1, x0, ch) * (1 - wx) + at(y1, x1, ch) * wx)
                        * wy
                    if abs(Double(got) - expected) > 1e-5 {
                        return XCTFail("\(what): (\(oy), \(ox), \(ch)) = \(got), expected \(expected)")
                    }
                }
            }
        }
    }

    // MARK: Concatenation and sigmoid

    func concat(_ kernels: any KernelSet.Type) {
        // Parts of 1, 7, 8, 9 and 16 channels into one tensor, the pixels split in two calls (as two threads).
        let parts = [1, 7, 8, 9, 16], pixels = 13, total = parts.reduce(0, +)
        var random = SeededRandom(state: 5)
        let inputs = parts.map { random.array(pixels * $0) }
        var out = [Float](repeating: untouched, count: pixels * total + 3)
        out.withUnsafeMutableBufferPointer { op in
            var offset = 0
            for (input, channels) in zip(inputs, parts) {
                input.withUnsafeBufferPointer { ip in
                    for range in [0..<6, 6..<pixels] {
                        kernels.concatenate(
                            ip.baseAddress!, channels: channels, pixels: range, into: op.baseAddress!, outputChannels: total, offset: offset
                        )
                    }
                }
                offset += channels
            }
        }
        var expected: [Float] = []
        for px in 0..<pixels { for (input, channels) in zip(inputs, parts) { expected += input[(px * channels)..<((px + 1) * channels)] } }
        XCTAssertEqual(Array(out[0..<(pixels * total)]), expected, "\(kernels.name) concat")
        XCTAssertEqual(Array(out[(pixels * total)...]), [untouched, untouched, untouched], "\(kernels.name) concat wrote past its end")
    }

    func sigmoid(_ kernels: any KernelSet.Type) {
        let x: [Float] = [-100, -20, -1, -1e-3, 0, 1e-3, 0.5, 1, 5, 20, 100]
        for count in [0, 1, 8, x.count] {
            var out = [Float](repeating: untouched, count: x.count)
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { kernels.sigmoid(xp.baseAddress!, $0.baseAddress!, count: count) }
            }
            for i in 0..<x.count {
                let expected = i < count ? 1 / (1 + exp(-Double(x[i]))) : Double(untouched)
                XCTAssertEqual(Double(out[i]), expected, accuracy: 1e-7, "\(kernels.name) sigmoid(\(x[i])) of \(count)")
            }
        }
    }
}

/// Indices held at a fixed address for a kernel call's parameters.
final class AlignedInts {
    let pointer: UnsafeMutablePointer<Int32>
    init(_ values: [Int32]) {
        pointer = .allocate(capacity: max(1, values.count))
        pointer.initialize(from: values, count: values.count)
    }
    deinit { pointer.deallocate() }
}
