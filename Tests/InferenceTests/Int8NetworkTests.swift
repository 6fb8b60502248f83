import Foundation
import Inference
import TestSupport
import XCTest

/// Networks with `int8` nodes through the whole engine (manifest, lowering, the arena's byte tensors, the
/// conversions at fp32 edges), against the same network computed in plain integer loops here (the bytes, so the
/// floats made from them, must be equal), against the fp32 network they were quantized from, and refusing
/// manifests that do not fit.
final class Int8NetworkTests: XCTestCase {
    /// A small inverted residual and more: input → expand (int8, ReLU6) → 3×3 depthwise (int8, ReLU; takes the
    /// expansion's bytes) → project (int8; an output, and read by the fp32 add) → add with the input (fp32) →
    /// head (int8, ReLU; quantizes the add's floats) → 3×3 depthwise stride 2 with another input quantization (so
    /// the head's bytes are made floats and quantized again).
    struct Model {
        var h = 6, w = 5, c = 8, e = 16, o = 12
        var weightBits = 8
        var q = [String: Quantization]()
        var floats = [String: (shape: [Int], values: [Float])]()
        var integers = [String: IntegerTensor]()

        var nodes: [ModelManifest.Node] {
            var n: [ModelManifest.Node] = [
                .init(
                    op: "conv2d", name: "expand", inputs: ["input"], output: "e", weights: "expand.w", bias: "expand.b", activation: "relu6"
                ),
                .init(
                    op: "depthwise_conv2d", name: "dw", inputs: ["e"], output: "d", weights: "dw.w", bias: "dw.b", stride: [1, 1],
                    pad: [1, 1, 1, 1], activation: "relu"),
                .init(op: "conv2d", name: "project", inputs: ["d"], output: "p", weights: "project.w", bias: "project.b"),
                .init(op: "add", name: "add", inputs: ["input", "p"], output: "a"),
                .init(op: "conv2d", name: "head", inputs: ["a"], output: "hd", weights: "head.w", bias: "head.b", activation: "relu"),
                .init(
                    op: "depthwise_conv2d", name: "down", inputs: ["hd"], output: "y", weights: "down.w", bias: "down.b", stride: [2, 2],
                    pad: [0, 0, 1, 1]),
            ]
            for i in n.indices where n[i].op != "add" && !q.isEmpty {
                let inputKey = n[i].name == "down" ? "down.in" : n[i].inputs[0]
                n[i].int8 = Int8Node(input: q[inputKey]!, output: q[n[i].output]!, weightScales: n[i].name + ".s")
            }
            return n
        }

        var manifest: ModelManifest {
            ModelManifest(
                name: "t", weights: "model.safetensors", input: .init(name: "input", height: h, width: w, channels: c),
                outputs: ["y": "y", "p": "p"], nodes: nodes)
        }

        /// Weight shapes per node (OHWI for 1×1, [kh, kw, c] for depthwise) and output channels.
        var layers: [(name: String, shape: [Int], channels: Int)] {
            [
                ("expand", [e, 1, 1, c], e), ("dw", [3, 3, e], e), ("project", [c, 1, 1, e], c), ("head", [o, 1, 1, c], o),
                ("down", [3, 3, o], o),
            ]
        }

        /// Random fp32 weights and biases.
        mutating func randomFloats(_ rng: inout SeededRandom) {
            for (name, shape, channels) in layers {
                floats[name + ".w"] = (shape, rng.array(shape.reduce(1, *), scale: 0.5))
                floats[name + ".b"] = ([channels], rng.array(channels, scale: 0.2))
            }
        }

        /// Per-channel symmetric weights and I32 biases from `floats`, at the quantizations in `q`.
        mutating func quantizeWeights() {
            let qmax = Float((1 << (weightBits - 1)) - 1)
            for (name, shape, channels) in layers {
                let w = floats[name + ".w"]!.values
                let depthwise = shape.count == 3
                let channel = { (i: Int) in depthwise ? i % channels : i / (w.count / channels) }
                var scales = [Float](repeating: 0, count: channels)
                for i in w.indices { scales[channel(i)] = max(scales[channel(i)], abs(w[i]) / qmax) }
                let wq = w.indices.map { i in Int32(max(-qmax - 1, min(qmax, (w[i] / scales[channel(i)]).rounded()))) }
                let inputKey = name == "down" ? "down.in" : nodes.first { $0.name == name }!.inputs[0]
                let bias = floats[name + ".b"]!.values.enumerated().map { ch, b in
                    Int32((b / Float(Double(q[inputKey]!.scale) * Double(scales[ch]))).rounded())
                }
                integers[name + ".w"] = IntegerTensor(dtype: "I8", shape: shape, values: wq)
                integers[name + ".b"] = IntegerTensor(dtype: "I32", shape: [channels], values: bias)
                floats[name + ".s"] = ([channels], scales)
            }
        }

        func network() throws -> Network {
            try Network(
                manifest: manifest,
                tensor: { name in
                    guard let t = floats[name] else { throw InferenceError.badModel("missing tensor \(name)") }
                    return t
                },
                integers: { name in
                    guard let t = integers[name] else { throw InferenceError.badModel("missing tensor \(name)") }
                    return t
                })
        }
    }

    /// Random quantizations and integer weights: the reference below sees exactly what the engine sees.
    func randomModel(seed: UInt64) -> Model {
        var rng = SeededRandom(state: seed)
        var m = Model()
        for t in ["input", "e", "d", "p", "a", "hd", "down.in", "y"] {
            m.q[t] = Quantization(scale: Float(rng.int(20...400)) / 4000, zeroPoint: t == "e" || t == "d" ? 0 : rng.int(0...255))
        }
        for (name, shape, channels) in m.layers {
            m.integers[name + ".w"] = IntegerTensor(
                dtype: "I8", shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Int32(rng.int(-128...127)) })
            m.integers[name + ".b"] = IntegerTensor(
                dtype: "I32", shape: [channels], values: (0..<channels).map { _ in Int32(rng.int(-4000...4000)) })
            m.floats[name + ".s"] = ([channels], (0..<channels).map { _ in Float(rng.int(1...100)) / 20000 })
        }
        return m
    }

    // MARK: The reference: plain integer loops.

    static func quantize(_ x: [Float], _ q: Quantization) -> [UInt8] {
        x.map { v in UInt8(min(255, max(0, Int((v / q.scale).rounded(.toNearestOrEven)) + q.zeroPoint))) }
    }

    static func dequantize(_ x: [UInt8], _ q: Quantization) -> [Float] { x.map { (Float($0) - Float(q.zeroPoint)) * q.scale } }

    static func clamp(_ activation: String?, _ q: Quantization) -> (Int, Int) {
        switch activation {
        case "relu": return (q.zeroPoint, 255)
        case "relu6": return (q.zeroPoint, min(255, q.zeroPoint + Int((6 / Double(q.scale)).rounded(.toNearestOrEven))))
        default: return (0, 255)
        }
    }

    /// One int8 node on bytes: `x` is h×w×c; 1×1 or depthwise by the weights' rank.
    static func reference(
        _ node: ModelManifest.Node, _ x: [UInt8], h: Int, w: Int, c: Int, _ m: Model
    ) -> (y: [UInt8], h: Int, w: Int, c: Int) {
        let q = node.int8!
        let weights = m.integers[node.weights!]!, bias = m.integers[node.bias!]!.values, scales = m.floats[q.weightScales]!.values
        let (lo, hi) = clamp(node.activation, q.output)
        let multiplier = { (ch: Int) in Float(Double(q.input.scale) * Double(scales[ch])) / q.output.scale }
        let zp = Int64(q.input.zeroPoint)
        if weights.shape.count == 4 {
            let n = weights.shape[0]
            var y = [UInt8](repeating: 0, count: h * w * n)
            for p in 0..<(h * w) {
                for co in 0..<n {
                    var sum = Int64(bias[co])
                    for ci in 0..<c { sum += (Int64(x[p * c + ci]) - zp) * Int64(weights.values[co * c + ci]) }
                    y[p * n + co] = requantize(sum, scale: multiplier(co), zeroPoint: q.output.zeroPoint, lo: lo, hi: hi)
                }
            }
            return (y, h, w, n)
        }
        let (kh, kw) = (weights.shape[0], weights.shape[1])
        let s = node.stride![0], pad = node.pad!
        let oh = (h + pad[0] + pad[2] - kh) / s + 1, ow = (w + pad[1] + pad[3] - kw) / s + 1
        var y = [UInt8](repeating: 0, count: oh * ow * c)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for ch in 0..<c {
                    var sum = Int64(bias[ch])
                    for dy in 0..<kh {
                        for dx in 0..<kw {
                            let iy = oy * s - pad[0] + dy, ix = ox * s - pad[1] + dx
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }  // padding is the zero point: adds 0
                            sum += (Int64(x[(iy * w + ix) * c + ch]) - zp) * Int64(weights.values[(dy * kw + dx) * c + ch])
                        }
                    }
                    y[(oy * ow + ox) * c + ch] = requantize(sum, scale: multiplier(ch), zeroPoint: q.output.zeroPoint, lo: lo, hi: hi)
                }
            }
        }
        return (y, oh, ow, c)
    }

    /// The model's two outputs, computed here node by node.
    static func reference(_ m: Model, input: [Float]) -> (y: [Float], p: [Float]) {
        let nodes = m.nodes
        let node = { (name: String) in nodes.first { $0.name == name }! }
        let x = quantize(input, node("expand").int8!.input)
        let e = reference(node("expand"), x, h: m.h, w: m.w, c: m.c, m)
        let d = reference(node("dw"), e.y, h: e.h, w: e.w, c: e.c, m)  // the same quantization: bytes as they are
        let p = reference(node("project"), d.y, h: d.h, w: d.w, c: d.c, m)
        let pf = dequantize(p.y, node("project").int8!.output)
        let a = zip(input, pf).map { $0 + $1 }
        let hd = reference(node("head"), quantize(a, node("head").int8!.input), h: m.h, w: m.w, c: m.c, m)
        let hdf = dequantize(hd.y, node("head").int8!.output)
        let y = reference(node("down"), quantize(hdf, node("down").int8!.input), h: hd.h, w: hd.w, c: hd.c, m)
        return (dequantize(y.y, node("down").int8!.output), pf)
    }

    // MARK: Tests.

    func testInt8NetworkGivesTheIntegerReferenceExactly() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let m = randomModel(seed: seed)
            var rng = SeededRandom(state: seed + 100)
            let input = rng.array(m.h * m.w * m.c, scale: 3)
            let expected = Self.reference(m, input: input)
            let net = try m.network()
            for level in Int8Kernels.supported {
                for threads in [1, 2] {
                    net.int8Level = level
                    net.threads = threads
                    try net.run(input)
                    XCTAssertEqual(net.output("y"), expected.y, "seed \(seed), \(level.name), \(threads) threads: y")
                    XCTAssertEqual(net.output("p"), expected.p, "seed \(seed), \(level.name), \(threads) threads: p")
                }
            }
        }
    }

    /// The int8 network quantized from an fp32 one (ranges calibrated on that network's own tensors) stays close
    /// to it: every output within 6 % of the output's range, on average within 1.5 %, with 8-bit and 7-bit
    /// weights. It also goes through a safetensors file (I8, I32 and F32 tensors) and `Network(manifestURL:)`.
    func testInt8NetworkStaysCloseToItsFP32Original() throws {
        for bits in [8, 7] {
            var rng = SeededRandom(state: 7)
            var m = Model()
            m.weightBits = bits
            m.randomFloats(&rng)
            let inputs = (0..<4).map { _ in rng.array(m.h * m.w * m.c, scale: 2) }
            // Calibrate: every tensor an int8 node reads or writes, min and max over the inputs.
            var fp32 = m.manifest
            for t in ["e", "d", "p", "a", "hd", "y"] { fp32.outputs[t] = t }
            let reference = try Network(manifest: fp32, tensor: { m.floats[$0]! }, fusion: false)
            var ranges = [String: (Float, Float)]()
            for input in inputs {
                try reference.run(input)
                for t in ["e", "d", "p", "a", "hd", "y"] {
                    let v = reference.output(t)!
                    let old = ranges[t] ?? (0, 0)
                    ranges[t] = (min(old.0, v.min()!), max(old.1, v.max()!))
                }
                ranges["input"] = (min(ranges["input"]?.0 ?? 0, input.min()!), max(ranges["input"]?.1 ?? 0, input.max()!))
            }
            for (t, r) in ranges { m.q[t] = .calibrated(min: r.0, max: r.1) }
            m.q["down.in"] = m.q["hd"]
            m.quantizeWeights()

            let folder = TemporaryDirectory()
            try SafeTensors.write(m.floats, integers: m.integers, to: folder.path("model.safetensors"))
            try JSONEncoder().encode(m.manifest).write(to: folder.path("manifest.json"))
            let net = try Network(manifestURL: folder.path("manifest.json"))
            for input in inputs {
                try reference.run(input)
                try net.run(input)
                for key in ["y", "p"] {
                    let want = reference.output(key)!, got = net.output(key)!
                    let range = want.max()! - want.min()!
                    let errors = zip(want, got).map { abs($0 - $1) }
                    XCTAssertLessThanOrEqual(errors.max()!, 0.06 * range, "\(bits)-bit weights, \(key): largest error")
                    XCTAssertLessThanOrEqual(
                        errors.reduce(0, +) / Float(errors.count), 0.015 * range, "\(bits)-bit weights, \(key): mean error")
                }
            }
        }
    }

    func testSafeTensorsReadsAndWritesIntegers() throws {
        let folder = TemporaryDirectory()
        let url = folder.path("t.safetensors")
        let i8 = IntegerTensor(dtype: "I8", shape: [2, 3], values: [-128, -1, 0, 1, 64, 127])
        let i32 = IntegerTensor(dtype: "I32", shape: [3], values: [Int32.min, 0, Int32.max])
        try SafeTensors.write(["f": ([2], [1.5, -2])], integers: ["b": i8, "c": i32], to: url)
        let file = try SafeTensors(contentsOf: url)
        XCTAssertEqual(try file.integers("b"), i8)
        XCTAssertEqual(try file.integers("c"), i32)
        XCTAssertEqual(try file.floats("f").values, [1.5, -2])
        // A tensor read as the other kind is refused, not reinterpreted.
        XCTAssertThrowsError(try file.floats("b")) { XCTAssertTrue("\($0)".contains("tensor b is I8, where floats")) }
        XCTAssertThrowsError(try file.integers("f")) { XCTAssertTrue("\($0)".contains("tensor f is F32, where integers")) }
        XCTAssertThrowsError(
            try SafeTensors.write([:], integers: ["x": IntegerTensor(dtype: "I8", shape: [1], values: [128])], to: url))
    }

    /// Hostile int8 fields: each refused with a message naming the node and what is wrong, never a crash.
    func testHostileInt8ManifestsAreRefusedWithAReason() {
        let good = randomModel(seed: 5)
        XCTAssertNoThrow(try good.network())
        func refusal(_ change: (inout Model, inout [ModelManifest.Node]) -> Void) -> String {
            var m = good
            var nodes = m.nodes
            change(&m, &nodes)
            var manifest = m.manifest
            manifest.nodes = nodes
            do {
                _ = try Network(
                    manifest: manifest,
                    tensor: { name in
                        guard let t = m.floats[name] else { throw InferenceError.badModel("missing tensor \(name)") }
                        return t
                    },
                    integers: { name in
                        guard let t = m.integers[name] else { throw InferenceError.badModel("missing tensor \(name)") }
                        return t
                    })
                return "loaded"
            } catch { return "\(error)" }
        }
        let cases: [(String, (inout Model, inout [ModelManifest.Node]) -> Void)] = [
            ("node expand: int8 input scale 0.0", { _, n in n[0].int8!.input.scale = 0 }),
            ("node expand: int8 input scale -0.5", { _, n in n[0].int8!.input.scale = -0.5 }),
            ("node expand: int8 input scale nan", { _, n in n[0].int8!.input.scale = .nan }),
            ("node dw: int8 output scale inf", { _, n in n[1].int8!.output.scale = .infinity }),
            ("zero point 256 are not usable", { _, n in n[0].int8!.input.zeroPoint = 256 }),
            ("zero point -1 are not usable", { _, n in n[2].int8!.output.zeroPoint = -1 }),
            ("node expand: weight scales expand.s hold 3 values, expected 16", { m, _ in m.floats["expand.s"] = ([3], [1, 1, 1]) }),
            ("node dw: weight scale 0.0 of channel 4 is not usable", { m, _ in m.floats["dw.s"]!.values[4] = 0 }),
            ("node dw: weight scale -1.0 of channel 0", { m, _ in m.floats["dw.s"]!.values[0] = -1 }),
            ("node dw: weight scale nan of channel 2", { m, _ in m.floats["dw.s"]!.values[2] = .nan }),
            (
                "channel 1 is not usable",
                { m, n in
                    m.floats["expand.s"]!.values[1] = 1e36; n[0].int8!.output.scale = 1e-6
                }
            ),  // the multiplier overflows
            ("node project: int8 weights project.w are I32, not I8", { m, _ in m.integers["project.w"]!.dtype = "I32" }),
            (
                "node head: int8 bias head.b is I32 with 5 values, expected I32 with 12",
                { m, _ in m.integers["head.b"]!.values = [1, 2, 3, 4, 5] }
            ),
            ("node head: int8 bias head.b is I8", { m, _ in m.integers["head.b"]!.dtype = "I8" }),
            ("node head: int8 weights [12, 1, 1, 7] do not fit", { m, _ in m.integers["head.w"]!.shape = [12, 1, 1, 7] }),
            ("node down: int8 depthwise weights [9, 9, 12] do not fit", { m, _ in m.integers["down.w"]!.shape = [9, 9, 12] }),
            ("node expand: an int8 conv2d must be 1×1 with stride 1", { _, n in n[0].stride = [2, 2] }),
            ("node expand: an int8 conv2d must be 1×1 with stride 1", { _, n in n[0].pad = [1, 1, 1, 1] }),
            ("node add: add cannot run in int8", { _, n in n[3].int8 = n[0].int8 }),
            ("node dw: an int8 node reads one input", { _, n in n[1].inputs = ["e", "e"] }),
            ("node down: stride needs 2 positive values", { _, n in n[5].stride = [0, 2] }),
            ("node expand has no weights", { _, n in n[0].weights = nil }),
            ("missing tensor dw.s", { m, _ in m.floats["dw.s"] = nil }),
            (
                "a tensor name holds a NUL character",
                { _, n in
                    n[3].output = "a\u{0}"; n[4].inputs = ["a\u{0}"]
                }
            ),
        ]
        for (expected, change) in cases {
            let message = refusal(change)
            XCTAssertTrue(message.contains(expected), "expected “\(expected)”, got “\(message)”")
        }
        // Without a source of integer tensors.
        XCTAssertThrowsError(try Network(manifest: good.manifest, tensor: { good.floats[$0]! })) {
            XCTAssertTrue("\($0)".contains("node expand runs in int8, but the model has no integer (I8, I32) tensors"), "\($0)")
        }
    }
}
