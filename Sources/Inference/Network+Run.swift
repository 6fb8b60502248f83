import Dispatch
import Foundation
import InferenceKernels

/// The runtime: runs the compiled ops in order on the arena, each split over `threads` by rows, every kernel
/// call through the chosen `KernelSet` with its parameter struct.
extension Network {
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

    /// Time per operator over `runs` inferences, in ms, with each node's name and multiply-adds. `clock` reads
    /// nanoseconds: wall time by default; a caller on one thread may pass its thread's CPU time, which a loaded
    /// machine disturbs less.
    public func profile(
        _ input: [Float], runs: Int, clock: () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) throws -> [(name: String, op: String, ms: Double, multiplyAdds: Int)] {
        try run(input)
        var totals = [Double](repeating: 0, count: ops.count)
        let base = arena.pointer
        for _ in 0..<runs {
            for (i, op) in ops.enumerated() {
                let t = clock()
                execute(op, base)
                totals[i] += Double(clock() - t) / 1e6
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
                    rows: 0..<(fresh.count * d.iw),
                    GEMMParameters(
                        n: e.n, k: e.k, a: base + e.input + fresh.lowerBound * d.iw * e.k, lda: e.k, packedB: e.weights.pointer,
                        bias: e.bias.pointer, c: scratch + (fresh.lowerBound - need.lowerBound) * rowFloats, ldc: e.n,
                        activation: e.activation))
            }
            held = need
            var window = d.window
            (window.ih, window.padTop) = (need.count, d.padTop + need.lowerBound)
            k.depthwise(
                rows: band..<bandEnd,
                DepthwiseParameters(
                    window: window, input: scratch, weights: d.weights.pointer, bias: d.bias.pointer, output: base + d.output,
                    activation: d.activation, zeros: zeros.pointer))
            band = bandEnd
        }
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
            if g.winograd != nil { return executeWinograd(g, base) }
            let a = UnsafePointer(base + g.input)
            let c = base + g.output
            if let i = g.im2col {
                let window = i.window
                parallel(i.oh, minimumPerThread: 4) { rows, worker in
                    k.convolution(
                        rows: rows,
                        ConvolutionParameters(
                            window: window, n: g.n, input: a, packedB: g.weights.pointer, bias: g.bias.pointer, output: c,
                            activation: g.activation, scratch: workerScratch.pointer + worker * workerFloats))
                }
                return
            }
            let call = GEMMParameters(
                n: g.n, k: g.k, a: a, lda: g.k, packedB: g.weights.pointer, bias: g.bias.pointer, c: c, ldc: g.n,
                activation: g.activation)
            parallel(g.m, minimumPerThread: 48) { rows in k.gemm(rows: rows, call) }
        case .depthwise(let d):
            let call = DepthwiseParameters(
                window: d.window, input: UnsafePointer(base + d.input), weights: d.weights.pointer, bias: d.bias.pointer,
                output: base + d.output, activation: d.activation, zeros: self.zeros.pointer)
            parallel(d.oh, minimumPerThread: 4) { rows in k.depthwise(rows: rows, call) }
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
        case .dilatedConvolution, .maxPool, .bilinear, .concat, .sigmoid:
            executeSegmentation(op, base)
        case .int8(let q):
            executeInt8(q, base)
        }
    }
}
