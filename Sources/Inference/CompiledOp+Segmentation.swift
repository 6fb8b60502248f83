import Foundation
import InferenceKernels

/// The segmentation network's operators (U²-Netp): compiled forms, their lowering and how they run.
extension CompiledOp {
    /// A convolution whose taps are `dilationH`, `dilationW` apart: read in place, the patches that touch the padding
    /// copied a row at a time (`Convolution.run`).
    struct DilatedConvolution {
        var conv: GEMMConv  // `im2col` holds the window
        var dilationH: Int, dilationW: Int
        var scratchFloats: Int { conv.im2col.map { $0.ow * conv.k } ?? 0 }
    }

    struct MaxPool {
        var input: Int, output: Int
        var window: ConvolutionWindow
        var oh: Int
    }

    /// A bilinear resize to `oh × ow`, its taps computed at load.
    struct Bilinear {
        var input: Int, output: Int
        var iw: Int, c: Int, oh: Int, ow: Int
        var rows: BilinearTaps, columns: BilinearTaps
    }

    /// Inputs of one height and width joined along channels, in order.
    struct Concat {
        var inputs: [Int]
        var channels: [Int]
        var output: Int
        var pixels: Int
    }

    /// How a convolution runs through Winograd's F(4×4, 3×3) (`GEMMConv.winograd`): tiles a block, and the
    /// worker's scratch for one block.
    struct WinogradTiles {
        var blockTiles: Int
        var scratchFloats: Int
    }
}

extension Lowering {
    /// `conv2d` with `dilation`: the window spans `(k − 1) × dilation + 1` pixels.
    func dilatedConvolution(_ tensor: TensorSource, dilation: [Int]) throws -> (CompiledOp, TensorShape) {
        guard dilation.count == 2, dilation.allSatisfy({ (1...64).contains($0) }) else {
            throw InferenceError.badModel("node \(node.name): dilation needs 2 values from 1 to 64")
        }
        let w = try weights(tensor)
        guard w.shape.count == 4, w.shape[3] == x.channels else {
            throw InferenceError.badModel(
                "node \(node.name): weights \(w.shape) do not fit input \(x) (expected [out, kh, kw, \(x.channels)])")
        }
        let (cout, kh, kw, cin) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let (sh, sw, p) = try stridePad()
        let (oh, ow) = try outputSize(kh: (kh - 1) * dilation[0] + 1, kw: (kw - 1) * dilation[1] + 1, sh: sh, sw: sw, p: p)
        let k = kh * kw * cin
        var b = [Float](repeating: 0, count: k * cout)
        for co in 0..<cout { for kk in 0..<k { b[kk * cout + co] = w.values[co * k + kk] } }
        let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: cout) }
        let window = CompiledOp.Im2col(
            ih: x.height, iw: x.width, c: cin, kh: kh, kw: kw, strideH: sh, strideW: sw, padTop: p[0], padLeft: p[1], oh: oh, ow: ow)
        let conv = CompiledOp.GEMMConv(
            input: 0, output: 0, im2col: window, m: oh * ow, n: cout, k: k, weights: AlignedBuffer(packed),
            bias: try paddedBias(cout, tensor), activation: activation)
        return (
            .dilatedConvolution(.init(conv: conv, dilationH: dilation[0], dilationW: dilation[1])),
            TensorShape(height: oh, width: ow, channels: cout)
        )
    }

    /// `conv2d` 3×3 with strides 1 through Winograd's F(4×4, 3×3) where it is faster than the direct path: at least
    /// 8 input channels (see models/segment/README.md, "Round 5"); nil where it is not, or when `CLOSET_WINOGRAD=0`
    /// asks for the direct path (same-run comparisons).
    func winograd(
        _ weights: [Float], n: Int, kh: Int, kw: Int, sh: Int, sw: Int, p: [Int], oh: Int, ow: Int, _ tensor: TensorSource
    ) throws -> (CompiledOp, TensorShape)? {
        let c = x.channels
        guard kh == 3, kw == 3, sh == 1, sw == 1, c >= 8, Lowering.winogradEnabled else { return nil }
        let packed = weights.withUnsafeBufferPointer { Winograd.transformWeights($0.baseAddress!, n: n, c: c) }
        let block = Winograd.blockTiles(c: c, n: n)
        let window = CompiledOp.Im2col(
            ih: x.height, iw: x.width, c: c, kh: 3, kw: 3, strideH: 1, strideW: 1, padTop: p[0], padLeft: p[1], oh: oh, ow: ow)
        let op = CompiledOp.GEMMConv(
            input: 0, output: 0, im2col: window, m: oh * ow, n: n, k: 9 * c, weights: AlignedBuffer(packed),
            bias: try paddedBias(n, tensor), activation: activation,
            winograd: .init(blockTiles: block, scratchFloats: Winograd.scratchFloats(c: c, n: n, blockTiles: block)))
        return (.gemm(op), TensorShape(height: oh, width: ow, channels: n))
    }

    /// False when `CLOSET_WINOGRAD=0`.
    static let winogradEnabled = ProcessInfo.processInfo.environment["CLOSET_WINOGRAD"] != "0"

    /// `max_pool`: with `ceil`, the output rounds up, as long as the last window starts inside the input or its
    /// top and left padding (PyTorch's rule).
    func maxPool() throws -> (CompiledOp, TensorShape) {
        guard let kernel = node.kernel, kernel.count == 2, kernel.allSatisfy({ (1...64).contains($0) }), x.count > 0 else {
            throw InferenceError.badModel("node \(node.name): max_pool needs a kernel [height, width] of 1 to 64 and an input")
        }
        let (sh, sw, p) = try stridePad()
        guard p[0] < kernel[0], p[2] < kernel[0], p[1] < kernel[1], p[3] < kernel[1] else {
            throw InferenceError.badModel("node \(node.name): max_pool padding must be smaller than its window")
        }
        func size(_ input: Int, _ k: Int, _ s: Int, _ before: Int, _ after: Int) -> Int {
            let span = input + before + after - k
            guard span >= 0 else { return 0 }
            guard node.ceil == true else { return span / s + 1 }
            var out = (span + s - 1) / s + 1
            if (out - 1) * s >= input + before { out -= 1 }  // the last window would start in the padding
            return out
        }
        let oh = size(x.height, kernel[0], sh, p[0], p[2]), ow = size(x.width, kernel[1], sw, p[1], p[3])
        guard oh > 0, ow > 0 else { throw InferenceError.badModel("node \(node.name): output would be empty") }
        let window = ConvolutionWindow(
            ih: x.height, iw: x.width, c: x.channels, kh: kernel[0], kw: kernel[1], strideH: sh, strideW: sw, padTop: p[0],
            padLeft: p[1], ow: ow)
        return (.maxPool(.init(input: 0, output: 0, window: window, oh: oh)), TensorShape(height: oh, width: ow, channels: x.channels))
    }

    /// `resize_bilinear`: the first input to the second's height and width.
    func resizeBilinear() throws -> (CompiledOp, TensorShape) {
        guard node.inputs.count == 2, let like = shapes[node.inputs[1]], x.count > 0, like.count > 0 else {
            throw InferenceError.badModel("node \(node.name): resize_bilinear needs an input and a tensor whose size it takes")
        }
        guard let coordinates = ResizeCoordinates(rawValue: node.coordinates ?? "half_pixel") else {
            throw InferenceError.badModel(
                "node \(node.name): unknown coordinates \(node.coordinates ?? "") ("
                    + ResizeCoordinates.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let op = CompiledOp.Bilinear(
            input: 0, output: 0, iw: x.width, c: x.channels, oh: like.height, ow: like.width,
            rows: BilinearTaps(input: x.height, output: like.height, coordinates: coordinates),
            columns: BilinearTaps(input: x.width, output: like.width, coordinates: coordinates))
        return (.bilinear(op), TensorShape(height: like.height, width: like.width, channels: x.channels))
    }

    /// `concat`: inputs of one height and width, joined along channels.
    func concat() throws -> (CompiledOp, TensorShape) {
        let inputs = node.inputs.compactMap { shapes[$0] }
        guard inputs.count >= 1, inputs.count == node.inputs.count,
            inputs.allSatisfy({ $0.height == x.height && $0.width == x.width })
        else {
            throw InferenceError.badModel("node \(node.name): concat needs inputs of one height and width")
        }
        let channels = inputs.map(\.channels)
        let op = CompiledOp.Concat(inputs: [], channels: channels, output: 0, pixels: x.pixels)
        return (.concat(op), TensorShape(height: x.height, width: x.width, channels: channels.reduce(0, +)))
    }

    func sigmoid() -> (CompiledOp, TensorShape) {
        (.sigmoid(input: 0, output: 0, count: x.count), x)
    }
}

extension Network {
    /// A convolution through Winograd's F(4×4, 3×3), split over `threads` by rows of 4×4 tiles.
    func executeWinograd(_ g: CompiledOp.GEMMConv, _ base: UnsafeMutablePointer<Float>) {
        guard let i = g.im2col, let tiles = g.winograd else { return }
        let k = kernels, window = i.window
        parallel(Winograd.tileRows(i.oh), minimumPerThread: 1) { rows, worker in
            k.winogradConvolution(
                rows: rows,
                WinogradParameters(
                    window: window, oh: i.oh, n: g.n, blockTiles: tiles.blockTiles, input: UnsafePointer(base + g.input),
                    weights: g.weights.pointer, bias: g.bias.pointer, output: base + g.output, activation: g.activation,
                    scratch: workerScratch.pointer + worker * workerFloats))
        }
    }

    /// Runs one of the segmentation operators, split over `threads` by rows where it is worth it.
    func executeSegmentation(_ op: CompiledOp, _ base: UnsafeMutablePointer<Float>) {
        let k = kernels
        switch op {
        case .dilatedConvolution(let d):
            guard let i = d.conv.im2col else { return }
            let window = i.window
            parallel(i.oh, minimumPerThread: 4) { rows, worker in
                k.dilatedConvolution(
                    rows: rows,
                    DilatedConvolutionParameters(
                        ConvolutionParameters(
                            window: window, n: d.conv.n, input: UnsafePointer(base + d.conv.input), packedB: d.conv.weights.pointer,
                            bias: d.conv.bias.pointer, output: base + d.conv.output, activation: d.conv.activation,
                            scratch: workerScratch.pointer + worker * workerFloats), dilationH: d.dilationH, dilationW: d.dilationW))
            }
        case .maxPool(let p):
            let call = MaxPoolParameters(window: p.window, oh: p.oh, input: UnsafePointer(base + p.input), output: base + p.output)
            parallel(p.oh, minimumPerThread: 8) { rows in k.maxPool(rows: rows, call) }
        case .bilinear(let b):
            b.rows.first.withUnsafeBufferPointer { rf in
                b.rows.second.withUnsafeBufferPointer { rs in
                    b.rows.weight.withUnsafeBufferPointer { rw in
                        b.columns.first.withUnsafeBufferPointer { cf in
                            b.columns.second.withUnsafeBufferPointer { cs in
                                b.columns.weight.withUnsafeBufferPointer { cw in
                                    let call = BilinearResizeParameters(
                                        iw: b.iw, c: b.c, ow: b.ow, rowFirst: rf.baseAddress!, rowSecond: rs.baseAddress!,
                                        rowWeight: rw.baseAddress!, columnFirst: cf.baseAddress!, columnSecond: cs.baseAddress!,
                                        columnWeight: cw.baseAddress!, input: UnsafePointer(base + b.input), output: base + b.output)
                                    parallel(b.oh, minimumPerThread: 8) { rows in k.resizeBilinear(rows: rows, call) }
                                }
                            }
                        }
                    }
                }
            }
        case .concat(let c):
            let total = c.channels.reduce(0, +)
            parallel(c.pixels, minimumPerThread: 4096) { pixels in
                var offset = 0
                for (input, channels) in zip(c.inputs, c.channels) {
                    k.concatenate(
                        UnsafePointer(base + input), channels: channels, pixels: pixels, into: base + c.output, outputChannels: total,
                        offset: offset)
                    offset += channels
                }
            }
        case .sigmoid(let input, let output, let count):
            k.sigmoid(base + input, base + output, count: count)
        default:
            break
        }
    }
}
