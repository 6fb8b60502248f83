import Dispatch
import Foundation
import InferenceKernels

/// A loaded network, ready to run: weights packed, every activation placed in one arena.
/// `run` allocates nothing. A `Network` is not safe to run from two threads at once (one arena);
/// use one per thread, or `threads` to split each operator.
public final class Network: @unchecked Sendable {
    public let manifest: ModelManifest
    public let kernels: any KernelSet.Type
    /// Threads each operator is split across; 1 runs everything on the caller's thread.
    public var threads: Int = 1

    let ops: [CompiledOp]
    /// Each worker thread's scratch (the bands of fused ops, the patches of convolutions touching the
    /// padding): `workerFloats` each, grown on the first run after `threads` grows.
    let workerFloats: Int
    var workerScratch: AlignedBuffer
    let arena: AlignedBuffer
    /// Zeros that padding taps and padding rows of depthwise kernels read (a whole row of the widest tensor).
    let zeros: AlignedBuffer
    let inputOffset: Int
    let shapes: [String: TensorShape]
    let offsets: [String: Int]
    /// Multiply-adds of one inference.
    public let multiplyAdds: Int
    /// Bytes of packed weights held.
    public let weightBytes: Int
    public var arenaBytes: Int { arena.count * 4 }
    /// Bytes of the worker threads' scratch (one worker's worth with `threads` = 1).
    public var scratchBytes: Int { workerScratch.count * 4 }

    /// Loads `manifest.json` and the safetensors file it names from the same folder.
    public convenience init(manifestURL: URL, kernels: (any KernelSet.Type)? = nil, fusion: Bool = true) throws {
        let manifest = try ModelManifest.load(manifestURL)
        let weights = try SafeTensors(contentsOf: manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.weights))
        try self.init(manifest: manifest, tensor: { try weights.floats($0) }, kernels: kernels, fusion: fusion)
    }

    /// Builds a network from a manifest and a source of named weight tensors. With `fusion` (the
    /// default), a 1×1 expansion read only by the depthwise convolution after it runs with it, band
    /// by band, and its output is not kept (`output(_:)` cannot return it).
    public init(
        manifest: ModelManifest, tensor: (String) throws -> (shape: [Int], values: [Float]),
        kernels: (any KernelSet.Type)? = nil, fusion: Bool = true
    ) throws {
        self.manifest = manifest
        self.kernels = kernels ?? KernelDispatch.best
        var shapes: [String: TensorShape] = [:]
        let inputShape = TensorShape(height: manifest.input.height, width: manifest.input.width, channels: manifest.input.channels)
        guard inputShape.count > 0 else { throw InferenceError.badModel("the input shape \(inputShape) is empty") }
        shapes[manifest.input.name] = inputShape

        // Last use of every tensor, so the planner can reuse its space after; outputs live to the end.
        var lastUse: [String: Int] = [:]
        for (i, node) in manifest.nodes.enumerated() { for input in node.inputs { lastUse[input] = i } }
        for name in manifest.outputs.values { lastUse[name] = manifest.nodes.count }

        var planner = ArenaPlanner()
        let inputOffset = planner.allocate(manifest.input.name, count: inputShape.count)
        var ops: [CompiledOp] = []
        var weightFloats = 0
        var index = 0
        while index < manifest.nodes.count {
            let node = manifest.nodes[index]
            for input in node.inputs where shapes[input] == nil {
                throw InferenceError.badModel("node \(node.name) reads \(input), which no earlier node produces")
            }
            guard shapes[node.output] == nil else { throw InferenceError.badModel("tensor \(node.output) is produced twice") }
            var (op, outShape) = try Self.compile(
                node, shapes: shapes, activation: try Self.activation(node.activation, node: node.name),
                temperature: manifest.temperature ?? 1, tensor: tensor)
            shapes[node.output] = outShape
            var last = index
            if fusion, case .gemm(let expand) = op, expand.im2col == nil, index + 1 < manifest.nodes.count,
                case let next = manifest.nodes[index + 1], next.op == "depthwise_conv2d", next.inputs == [node.output],
                lastUse[node.output] == index + 1, shapes[next.output] == nil
            {
                // The expanded tensor only feeds this depthwise: run the two as one, band by band.
                let (dwOp, dwShape) = try Self.compile(
                    next, shapes: shapes, activation: try Self.activation(next.activation, node: next.name),
                    temperature: 1, tensor: tensor)
                guard case .depthwise(let dw) = dwOp else { preconditionFailure("a depthwise node compiles to a depthwise op") }
                shapes[next.output] = dwShape
                let rowFloats = dw.iw * dw.c
                // About 320 KB of expanded rows per band: they stay in L2 (512 KB on Zen 3) between the two kernels
                // (160 KB and 480 KB measured within noise of it; the unfused pair 0.5 ms slower on the first blocks).
                let bandRows = max(1, min(dw.oh, (max(dw.kh, 81_920 / rowFloats) - dw.kh) / dw.strideH + 1))
                op = .expandDepthwise(
                    .init(
                        expand: expand, depthwise: dw, bandRows: bandRows,
                        scratchRows: min(dw.ih, (bandRows - 1) * dw.strideH + dw.kh)))
                outShape = dwShape
                last = index + 1
            }
            let output = manifest.nodes[last].output
            _ = planner.allocate(output, count: outShape.count)
            for i in index...last {
                for input in Set(manifest.nodes[i].inputs) where lastUse[input] == i { planner.release(input) }
            }
            if lastUse[output] == nil { planner.release(output) }  // produced, never read: scratch space
            ops.append(op)
            switch op {
            case .gemm(let g): weightFloats += g.weights.count + g.bias.count
            case .depthwise(let d): weightFloats += d.weights.count + d.bias.count
            case .expandDepthwise(let f):
                weightFloats += f.expand.weights.count + f.expand.bias.count + f.depthwise.weights.count + f.depthwise.bias.count
            default: break
            }
            index = last + 1
        }
        for (key, name) in manifest.outputs where shapes[name] == nil {
            throw InferenceError.badModel("output \(key) names \(name), which no node produces")
        }
        // Second pass: patch the offsets the planner chose into the ops.
        let offsets = planner.offsets
        var first = 0
        self.ops = ops.map { op in
            defer { first += op.nodeCount }
            return Self.placed(op, node: manifest.nodes[first], last: manifest.nodes[first + op.nodeCount - 1], offsets: offsets)
        }
        self.workerFloats = ops.map(\.workerScratchFloats).max() ?? 0
        self.workerScratch = AlignedBuffer(count: workerFloats)
        self.shapes = shapes
        self.offsets = offsets
        self.inputOffset = inputOffset
        self.arena = AlignedBuffer(count: planner.size)
        self.zeros = AlignedBuffer(count: (shapes.values.map { $0.width * $0.channels }.max() ?? 0) + 16)
        self.multiplyAdds = self.ops.reduce(0) { $0 + $1.multiplyAdds }
        self.weightBytes = weightFloats * 4
    }

    static func activation(_ name: String?, node: String) throws -> Activation {
        switch name ?? "none" {
        case "none", "linear": return .none
        case "relu": return .relu
        case "relu6": return .relu6
        default: throw InferenceError.badModel("node \(node): unknown activation \(name!) (none, relu, relu6)")
        }
    }

    /// Compiles a node with placeholder offsets; `placed` fills them in once the arena is laid out.
    static func compile(
        _ node: ModelManifest.Node, shapes: [String: TensorShape], activation: Activation, temperature: Float,
        tensor: (String) throws -> (shape: [Int], values: [Float])
    ) throws -> (CompiledOp, TensorShape) {
        let x = shapes[node.inputs.first ?? ""] ?? TensorShape(height: 0, width: 0, channels: 0)
        func bias(_ n: Int) throws -> [Float] {
            guard let name = node.bias else { return [Float](repeating: 0, count: n) }
            let b = try tensor(name)
            guard b.values.count == n else {
                throw InferenceError.badModel("node \(node.name): bias has \(b.values.count) values, expected \(n)")
            }
            return b.values
        }
        func stridePad() throws -> (Int, Int, [Int]) {
            let s = node.stride ?? [1, 1]
            let p = node.pad ?? [0, 0, 0, 0]
            guard s.count == 2, s.allSatisfy({ $0 >= 1 }), p.count == 4, p.allSatisfy({ $0 >= 0 }) else {
                throw InferenceError.badModel("node \(node.name): stride needs 2 positive values and pad 4 (top, left, bottom, right)")
            }
            return (s[0], s[1], p)
        }
        switch node.op {
        case "conv2d":
            guard let wName = node.weights else { throw InferenceError.badModel("node \(node.name) has no weights") }
            let w = try tensor(wName)
            guard w.shape.count == 4, w.shape[3] == x.channels else {
                throw InferenceError.badModel(
                    "node \(node.name): weights \(w.shape) do not fit input \(x) (expected [out, kh, kw, \(x.channels)])")
            }
            let (cout, kh, kw, cin) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
            let (sh, sw, p) = try stridePad()
            let oh = (x.height + p[0] + p[2] - kh) / sh + 1, ow = (x.width + p[1] + p[3] - kw) / sw + 1
            guard oh > 0, ow > 0 else { throw InferenceError.badModel("node \(node.name): output would be empty") }
            let k = kh * kw * cin
            // B[k][cout] from OHWI weights: B[(ky*kw+kx)*cin+ci][co] = W[co][ky][kx][ci].
            var b = [Float](repeating: 0, count: k * cout)
            for co in 0..<cout { for kk in 0..<k { b[kk * cout + co] = w.values[co * k + kk] } }
            let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: cout) }
            let direct = kh == 1 && kw == 1 && sh == 1 && sw == 1 && p == [0, 0, 0, 0]
            let im2col =
                direct
                ? nil
                : CompiledOp.Im2col(
                    ih: x.height, iw: x.width, c: cin, kh: kh, kw: kw,
                    strideH: sh, strideW: sw, padTop: p[0], padLeft: p[1], oh: oh, ow: ow)
            let op = CompiledOp.gemm(
                .init(
                    input: 0, output: 0, im2col: im2col, m: oh * ow, n: cout, k: k,
                    weights: AlignedBuffer(packed), bias: AlignedBuffer(try bias(cout) + [Float](repeating: 0, count: 16)),
                    activation: activation))
            return (op, TensorShape(height: oh, width: ow, channels: cout))
        case "depthwise_conv2d":
            guard let wName = node.weights else { throw InferenceError.badModel("node \(node.name) has no weights") }
            let w = try tensor(wName)
            let dims = w.shape.count == 4 && w.shape[0] == 1 ? Array(w.shape.dropFirst()) : w.shape
            guard dims.count == 3, dims[2] == x.channels else {
                throw InferenceError.badModel(
                    "node \(node.name): depthwise weights \(w.shape) do not fit input \(x) (expected [kh, kw, \(x.channels)])")
            }
            let (kh, kw, c) = (dims[0], dims[1], dims[2])
            let (sh, sw, p) = try stridePad()
            let oh = (x.height + p[0] + p[2] - kh) / sh + 1, ow = (x.width + p[1] + p[3] - kw) / sw + 1
            guard oh > 0, ow > 0 else { throw InferenceError.badModel("node \(node.name): output would be empty") }
            let biasValues = try bias(c)
            let packed = w.values.withUnsafeBufferPointer { wp in
                biasValues.withUnsafeBufferPointer { Depthwise.pack(weights: wp.baseAddress!, bias: $0.baseAddress!, taps: kh * kw, c: c) }
            }
            let op = CompiledOp.depthwise(
                .init(
                    input: 0, output: 0, ih: x.height, iw: x.width, c: c, oh: oh, ow: ow, kh: kh, kw: kw,
                    strideH: sh, strideW: sw, padTop: p[0], padLeft: p[1],
                    weights: AlignedBuffer(packed.weights), bias: AlignedBuffer(packed.bias),
                    activation: activation))
            return (op, TensorShape(height: oh, width: ow, channels: c))
        case "add":
            guard node.inputs.count == 2, let y = shapes[node.inputs[1]], y == x else {
                throw InferenceError.badModel("node \(node.name): add needs two inputs of the same shape")
            }
            return (.add(a: 0, b: 0, output: 0, count: x.count, activation: activation), x)
        case "global_average_pool":
            return (
                .globalAveragePool(input: 0, output: 0, pixels: x.pixels, channels: x.channels),
                TensorShape(height: 1, width: 1, channels: x.channels)
            )
        case "fully_connected":
            guard let wName = node.weights else { throw InferenceError.badModel("node \(node.name) has no weights") }
            let w = try tensor(wName)
            guard w.shape.count == 2, w.shape[1] == x.count else {
                throw InferenceError.badModel("node \(node.name): weights \(w.shape) do not fit \(x.count) inputs")
            }
            let (out, inputs) = (w.shape[0], w.shape[1])
            var b = [Float](repeating: 0, count: inputs * out)
            for o in 0..<out { for i in 0..<inputs { b[i * out + o] = w.values[o * inputs + i] } }
            let packed = b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: inputs, n: out) }
            let op = CompiledOp.gemm(
                .init(
                    input: 0, output: 0, im2col: nil, m: 1, n: out, k: inputs, weights: AlignedBuffer(packed),
                    bias: AlignedBuffer(try bias(out) + [Float](repeating: 0, count: 16)), activation: activation))
            return (op, TensorShape(height: 1, width: 1, channels: out))
        case "softmax":
            return (.softmax(input: 0, output: 0, count: x.count, temperature: temperature), x)
        case "resize_area":
            guard let size = node.size, size.count == 2, size.allSatisfy({ (1...4096).contains($0) }), x.count > 0 else {
                throw InferenceError.badModel("node \(node.name): resize_area needs a size [height, width] of 1 to 4096 and an input")
            }
            let op = CompiledOp.Resize(
                input: 0, output: 0, iw: x.width, c: x.channels, rows: AreaResize.Taps(input: x.height, output: size[0]),
                columns: AreaResize.Taps(input: x.width, output: size[1]))
            return (.resize(op), TensorShape(height: size[0], width: size[1], channels: x.channels))
        default:
            throw InferenceError.badModel("node \(node.name): unsupported operator \(node.op)")
        }
    }

    static func placed(_ op: CompiledOp, node: ModelManifest.Node, last: ModelManifest.Node, offsets: [String: Int]) -> CompiledOp {
        let input = offsets[node.inputs.first ?? ""] ?? 0
        let output = offsets[last.output] ?? 0
        switch op {
        case .expandDepthwise(var f):
            f.expand.input = input; f.depthwise.output = output
            return .expandDepthwise(f)
        case .gemm(var g):
            g.input = input; g.output = output
            return .gemm(g)
        case .depthwise(var d):
            d.input = input; d.output = output
            return .depthwise(d)
        case .add(_, _, _, let count, let activation):
            return .add(a: input, b: offsets[node.inputs[1]] ?? 0, output: output, count: count, activation: activation)
        case .globalAveragePool(_, _, let pixels, let channels):
            return .globalAveragePool(input: input, output: output, pixels: pixels, channels: channels)
        case .softmax(_, _, let count, let t):
            return .softmax(input: input, output: output, count: count, temperature: t)
        case .resize(var r):
            r.input = input; r.output = output
            return .resize(r)
        }
    }

    /// The shape of a named tensor.
    public func shape(of name: String) -> TensorShape? { shapes[name] }

    /// Runs one image: `input` holds height×width×channels floats (NHWC). Returns nothing; read outputs with `output(_:)`.
    public func run(_ input: UnsafeBufferPointer<Float>) throws {
        let expected = manifest.input.height * manifest.input.width * manifest.input.channels
        guard input.count == expected else {
            throw InferenceError.badInput("the input has \(input.count) values, the model takes \(expected)")
        }
        let base = arena.pointer
        if workerScratch.count < threads * workerFloats { workerScratch = AlignedBuffer(count: threads * workerFloats) }
        (base + inputOffset).update(from: input.baseAddress!, count: expected)
        for op in ops { execute(op, base) }
    }

    public func run(_ input: [Float]) throws { try input.withUnsafeBufferPointer { try run($0) } }

    /// Time per operator over `runs` inferences, in ms, with each node's name and multiply-adds.
    public func profile(_ input: [Float], runs: Int) throws -> [(name: String, op: String, ms: Double, multiplyAdds: Int)] {
        try run(input)
        var totals = [Double](repeating: 0, count: ops.count)
        let base = arena.pointer
        for _ in 0..<runs {
            for (i, op) in ops.enumerated() {
                let t = DispatchTime.now().uptimeNanoseconds
                execute(op, base)
                totals[i] += Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
            }
        }
        // A fused op is named after its nodes: "block1.expand+block1.depthwise".
        var first = 0
        return ops.indices.map { i in
            let nodes = manifest.nodes[first..<(first + ops[i].nodeCount)]
            first += ops[i].nodeCount
            return (
                nodes.map(\.name).joined(separator: "+"), nodes.map(\.op).joined(separator: "+"), totals[i] / Double(runs),
                ops[i].multiplyAdds
            )
        }
    }

    /// Depthwise output rows `rows` of a fused pair: for each band, the expanded rows its taps need
    /// are computed into `scratch` (rows the previous band already made are moved to the front, not
    /// recomputed), then the depthwise kernel reads them there, with `padTop` shifted so that the
    /// scratch's first row is row 0.
    func expandDepthwise(
        _ f: CompiledOp.ExpandDepthwise, rows: Range<Int>, base: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let k = kernels, e = f.expand, d = f.depthwise
        let rowFloats = d.iw * d.c
        var held = 0..<0  // expanded rows in the scratch, from its start
        var band = rows.lowerBound
        while band < rows.upperBound {
            let bandEnd = min(rows.upperBound, band + f.bandRows)
            let need = max(0, band * d.strideH - d.padTop)..<min(d.ih, (bandEnd - 1) * d.strideH - d.padTop + d.kh)
            // Bands move down, so the rows still needed are the end of those held.
            let kept = need.lowerBound..<max(need.lowerBound, min(held.upperBound, need.upperBound))
            if !kept.isEmpty && kept.lowerBound > held.lowerBound {
                UnsafeMutableRawPointer(scratch).copyMemory(  // memmove: the regions may overlap
                    from: scratch + (kept.lowerBound - held.lowerBound) * rowFloats, byteCount: kept.count * rowFloats * 4)
            }
            let fresh = kept.upperBound..<need.upperBound
            if !fresh.isEmpty {
                k.gemm(
                    rows: 0..<(fresh.count * d.iw), n: e.n, k: e.k, a: base + e.input + fresh.lowerBound * d.iw * e.k, lda: e.k,
                    packedB: e.weights.pointer, bias: e.bias.pointer, c: scratch + (fresh.lowerBound - need.lowerBound) * rowFloats,
                    ldc: e.n, activation: e.activation)
            }
            held = need
            k.depthwise(
                rows: band..<bandEnd, input: scratch, ih: need.count, iw: d.iw, c: d.c, weights: d.weights.pointer,
                bias: d.bias.pointer, kh: d.kh, kw: d.kw, strideH: d.strideH, strideW: d.strideW,
                padTop: d.padTop + need.lowerBound, padLeft: d.padLeft, output: base + d.output, ow: d.ow,
                activation: d.activation, zeros: zeros.pointer)
            band = bandEnd
        }
    }

    /// A copy of a named output (`logits`, `probabilities`, `embedding`) or any tensor still live at the end.
    public func output(_ key: String) -> [Float]? {
        guard let name = manifest.outputs[key] ?? (shapes[key] != nil ? key : nil), let shape = shapes[name],
            let offset = offsets[name]
        else { return nil }
        return Array(UnsafeBufferPointer(start: arena.pointer + offset, count: shape.count))
    }

    /// Splits `count` rows over `threads` (one call on the caller's thread when single-threaded).
    @inline(__always)
    func parallel(_ count: Int, minimumPerThread: Int, _ body: (Range<Int>) -> Void) {
        parallel(count, minimumPerThread: minimumPerThread) { rows, _ in body(rows) }
    }

    /// The same, with each call's worker number (below `threads`), for its part of `workerScratch`.
    @inline(__always)
    func parallel(_ count: Int, minimumPerThread: Int, _ body: (Range<Int>, Int) -> Void) {
        let workers = min(threads, max(1, count / max(1, minimumPerThread)))
        if workers <= 1 { body(0..<count, 0); return }
        let chunk = (count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = w * chunk, hi = min(count, lo + chunk)
            if lo < hi { body(lo..<hi, w) }
        }
    }

    func execute(_ op: CompiledOp, _ base: UnsafeMutablePointer<Float>) {
        let k = kernels
        switch op {
        case .gemm(let g):
            let a = UnsafePointer(base + g.input)
            let c = base + g.output
            if let i = g.im2col {
                parallel(i.oh, minimumPerThread: 4) { rows, worker in
                    k.convolution(
                        rows: rows, input: a, ih: i.ih, iw: i.iw, c: i.c, kh: i.kh, kw: i.kw, strideH: i.strideH,
                        strideW: i.strideW, padTop: i.padTop, padLeft: i.padLeft, ow: i.ow, n: g.n,
                        packedB: g.weights.pointer, bias: g.bias.pointer, output: c, activation: g.activation,
                        scratch: workerScratch.pointer + worker * workerFloats)
                }
                return
            }
            parallel(g.m, minimumPerThread: 48) { rows in
                k.gemm(
                    rows: rows, n: g.n, k: g.k, a: a, lda: g.k, packedB: g.weights.pointer, bias: g.bias.pointer,
                    c: c, ldc: g.n, activation: g.activation)
            }
        case .depthwise(let d):
            let input = UnsafePointer(base + d.input), output = base + d.output
            parallel(d.oh, minimumPerThread: 4) { rows in
                k.depthwise(
                    rows: rows, input: input, ih: d.ih, iw: d.iw, c: d.c, weights: d.weights.pointer, bias: d.bias.pointer,
                    kh: d.kh, kw: d.kw, strideH: d.strideH, strideW: d.strideW, padTop: d.padTop, padLeft: d.padLeft,
                    output: output, ow: d.ow, activation: d.activation, zeros: self.zeros.pointer)
            }
        case .expandDepthwise(let f):
            parallel(f.depthwise.oh, minimumPerThread: f.bandRows) { rows, worker in
                expandDepthwise(f, rows: rows, base: base, scratch: workerScratch.pointer + worker * workerFloats)
            }
        case .add(let a, let b, let out, let count, let activation):
            k.add(base + a, base + b, base + out, count: count, activation: activation)
        case .globalAveragePool(let input, let output, let pixels, let channels):
            k.globalAveragePool(base + input, pixels: pixels, c: channels, base + output)
        case .softmax(let input, let output, let count, let temperature):
            if temperature != 1 {
                for i in 0..<count { base[output + i] = base[input + i] / temperature }
                Elementwise.softmax(base + output, base + output, count: count)
            } else {
                Elementwise.softmax(base + input, base + output, count: count)
            }
        case .resize(let r):
            AreaResize.run(
                input: base + r.input, iw: r.iw, c: r.c, rows: r.rows, columns: r.columns, output: base + r.output,
                scratch: workerScratch.pointer)
        }
    }
}
