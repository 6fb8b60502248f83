import Foundation
import Inference
import InferenceKernels
import XCTest

/// Each operator, through the whole engine (planner, packing, kernels), against naive loops over
/// random shapes: odd sizes, strides, asymmetric padding, channel counts that are not multiples of 8.
final class OperatorTests: XCTestCase {
    func network(
        _ nodes: [ModelManifest.Node], h: Int, w: Int, c: Int, tensors: [String: (shape: [Int], values: [Float])],
        output: String, kernels: any KernelSet.Type
    ) throws -> Network {
        let manifest = ModelManifest(
            name: "t", weights: "-", input: .init(name: "input", height: h, width: w, channels: c),
            outputs: ["out": output], nodes: nodes)
        return try Network(manifest: manifest, tensor: { tensors[$0]! }, kernels: kernels)
    }

    func testConvolutionsOfManyShapes() throws {
        var rng = SeededRandom(state: 11)
        for kernels in KernelDispatch.usable {
            for trial in 0..<24 {
                let h = rng.int(1...19), w = rng.int(1...19), cin = rng.int(1...21), cout = rng.int(1...37)
                let k = [1, 1, 3, 3, 5, 2][trial % 6], stride = rng.int(1...2)
                let pad = [rng.int(0...(k - 1)), rng.int(0...(k - 1)), rng.int(0...(k - 1)), rng.int(0...(k - 1))]
                guard h + pad[0] + pad[2] >= k, w + pad[1] + pad[3] >= k else { continue }
                let x = rng.array(h * w * cin), weights = rng.array(cout * k * k * cin, scale: 0.5), bias = rng.array(cout, scale: 0.2)
                let relu6 = trial % 2 == 0
                let node = ModelManifest.Node(
                    op: "conv2d", name: "c", inputs: ["input"], output: "y", weights: "w", bias: "b",
                    stride: [stride, stride], pad: pad, activation: relu6 ? "relu6" : "none")
                let net = try network(
                    [node], h: h, w: w, c: cin, tensors: ["w": ([cout, k, k, cin], weights), "b": ([cout], bias)],
                    output: "y", kernels: kernels)
                try net.run(x)
                let expected = NaiveReference.conv(
                    x, h: h, w: w, cin: cin, weights: weights, bias: bias, cout: cout, kh: k, kw: k,
                    stride: stride, pad: pad, relu6: relu6)
                XCTAssertEqual(net.shape(of: "y"), TensorShape(height: expected.oh, width: expected.ow, channels: cout))
                assertClose(
                    net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-4,
                    "\(kernels.name) conv \(h)x\(w)x\(cin)->\(cout) k\(k) s\(stride) pad \(pad)")
            }
        }
    }

    /// 1×1 convolutions deep enough (k ≥ 192) for the AVX-512 set's 14-row tile: rows that leave a partial
    /// tile, panels of 1…16 columns, with and without an activation.
    func testDeepMatrixMultipliesOnEveryKernelSet() throws {
        var rng = SeededRandom(state: 23)
        for kernels in KernelDispatch.usable {
            for trial in 0..<16 {
                let h = rng.int(1...9), w = rng.int(2...9), cin = rng.int(192...300), cout = rng.int(1...40)
                try checkPointwise(kernels, h: h, w: w, cin: cin, cout: cout, relu6: trial % 2 == 1, rng: &rng)
            }
        }
    }

    /// A 1×1 convolution of random values through the engine against the naive loops.
    func checkPointwise(
        _ kernels: any KernelSet.Type, h: Int, w: Int, cin: Int, cout: Int, relu6: Bool, rng: inout SeededRandom
    ) throws {
        let x = rng.array(h * w * cin), weights = rng.array(cout * cin, scale: 0.2), bias = rng.array(cout, scale: 0.2)
        let node = ModelManifest.Node(
            op: "conv2d", name: "c", inputs: ["input"], output: "y", weights: "w", bias: "b",
            stride: [1, 1], pad: [0, 0, 0, 0], activation: relu6 ? "relu6" : "none")
        let net = try network(
            [node], h: h, w: w, c: cin, tensors: ["w": ([cout, 1, 1, cin], weights), "b": ([cout], bias)],
            output: "y", kernels: kernels)
        try net.run(x)
        let expected = NaiveReference.conv(
            x, h: h, w: w, cin: cin, weights: weights, bias: bias, cout: cout, kh: 1, kw: 1,
            stride: 1, pad: [0, 0, 0, 0], relu6: relu6)
        assertClose(
            net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-3,
            "\(kernels.name) 1x1 \(h)x\(w)x\(cin)->\(cout)")
    }

    /// 1×1 convolutions with few rows (a 7×7 map has 49) and k ≥ 128, which the AVX-512 set runs in tiles of
    /// 7 rows × 32 columns: row counts that are and are not multiples of 7, a second panel of 1…16 columns, an
    /// odd last panel, with and without an activation.
    func testFewRowWideMatrixMultipliesOnEveryKernelSet() throws {
        var rng = SeededRandom(state: 29)
        let shapes = [(7, 7, 32), (7, 7, 33), (1, 7, 48), (3, 5, 40), (7, 7, 80), (2, 4, 64), (9, 12, 47), (10, 11, 96)]
        for kernels in KernelDispatch.usable {
            for (trial, (h, w, cout)) in shapes.enumerated() {
                let cin = [128, 160, 192, 331, 1152][trial % 5]
                try checkPointwise(kernels, h: h, w: w, cin: cin, cout: cout, relu6: trial % 2 == 0, rng: &rng)
            }
        }
    }

    /// 5×5 depthwise on maps no larger than the kernel reaches across (EfficientNet-Lite's 7×7 layers and smaller):
    /// every pixel has taps in the padding, on the left, the right, above or below; stride 1 and 2.
    func testFiveByFiveDepthwiseOnSmallMaps() throws {
        var rng = SeededRandom(state: 31)
        for kernels in KernelDispatch.usable {
            for (h, w, stride) in [(7, 7, 1), (1, 1, 1), (2, 3, 1), (5, 4, 1), (7, 7, 2), (6, 9, 1), (3, 8, 2)] {
                let c = 24 + rng.int(0...9)
                let pad = stride == 2 ? [1, 1, 2, 2] : [2, 2, 2, 2]
                let x = rng.array(h * w * c, scale: 2), weights = rng.array(25 * c), bias = rng.array(c, scale: 0.3)
                let node = ModelManifest.Node(
                    op: "depthwise_conv2d", name: "d", inputs: ["input"], output: "y", weights: "w",
                    bias: "b", stride: [stride, stride], pad: pad, activation: "none")
                let net = try network(
                    [node], h: h, w: w, c: c, tensors: ["w": ([5, 5, c], weights), "b": ([c], bias)],
                    output: "y", kernels: kernels)
                try net.run(x)
                let expected = NaiveReference.depthwise(
                    x, h: h, w: w, c: c, weights: weights, bias: bias, k: 5, stride: stride, pad: pad, relu6: false)
                assertClose(
                    net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-5,
                    "\(kernels.name) depthwise 5x5 \(h)x\(w)x\(c) s\(stride) pad \(pad)")
            }
        }
    }

    func testDepthwiseOfManyShapes() throws {
        var rng = SeededRandom(state: 5)
        for kernels in KernelDispatch.usable {
            for trial in 0..<40 {
                // Wide and narrow rows, odd channel counts (the last few channels go through tap pointers).
                let h = rng.int(1...40), w = trial % 3 == 0 ? rng.int(20...45) : rng.int(1...12), c = rng.int(1...29)
                let k = trial % 4 == 3 ? 5 : 3, stride = rng.int(1...2)
                // TensorFlow SAME padding, and every fifth trial any padding up to 2 per side (the sweep
                // takes one column of padding on either side, more goes through tap pointers).
                let pad = trial % 5 == 4 ? (0..<4).map { _ in rng.int(0...2) } : stride == 2 ? [0, 0, 1, 1] : [k / 2, k / 2, k / 2, k / 2]
                guard h + pad[0] + pad[2] >= k, w + pad[1] + pad[3] >= k else { continue }
                let x = rng.array(h * w * c, scale: 2), weights = rng.array(k * k * c), bias = rng.array(c, scale: 0.3)
                let node = ModelManifest.Node(
                    op: "depthwise_conv2d", name: "d", inputs: ["input"], output: "y", weights: "w",
                    bias: "b", stride: [stride, stride], pad: pad, activation: "relu6")
                let net = try network(
                    [node], h: h, w: w, c: c, tensors: ["w": ([k, k, c], weights), "b": ([c], bias)],
                    output: "y", kernels: kernels)
                try net.run(x)
                let expected = NaiveReference.depthwise(x, h: h, w: w, c: c, weights: weights, bias: bias, k: k, stride: stride, pad: pad)
                assertClose(
                    net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-5,
                    "\(kernels.name) depthwise \(h)x\(w)x\(c) k\(k) s\(stride) pad \(pad)")
            }
        }
    }

    /// Channel counts of several 8-channel blocks, even and odd in number, some with channels past the last
    /// block (taken one at a time): each block's sweep must read and write only its own channels. 3×3 and
    /// 5×5, both strides, with and without an activation.
    func testDepthwiseOverPairsOfChannelBlocks() throws {
        var rng = SeededRandom(state: 17)
        for kernels in KernelDispatch.usable {
            for (trial, c) in [32, 40, 48, 56, 72, 35, 61, 96].enumerated() {
                let k = trial % 2 == 0 ? 3 : 5, stride = trial % 3 == 2 ? 2 : 1
                let h = rng.int(5...14), w = rng.int(9...24)
                let pad = stride == 2 ? [0, 0, k / 2, k / 2] : [k / 2, k / 2, k / 2, k / 2]
                let x = rng.array(h * w * c, scale: 2), weights = rng.array(k * k * c), bias = rng.array(c, scale: 0.3)
                let relu6 = trial % 4 < 2
                let node = ModelManifest.Node(
                    op: "depthwise_conv2d", name: "d", inputs: ["input"], output: "y", weights: "w",
                    bias: "b", stride: [stride, stride], pad: pad, activation: relu6 ? "relu6" : "none")
                let net = try network(
                    [node], h: h, w: w, c: c, tensors: ["w": ([k, k, c], weights), "b": ([c], bias)],
                    output: "y", kernels: kernels)
                try net.run(x)
                let expected = NaiveReference.depthwise(
                    x, h: h, w: w, c: c, weights: weights, bias: bias, k: k, stride: stride, pad: pad, relu6: relu6)
                assertClose(
                    net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-5,
                    "\(kernels.name) depthwise \(h)x\(w)x\(c) k\(k) s\(stride) \(relu6 ? "relu6" : "none")")
            }
        }
    }

    /// A 1×1 expansion feeding a depthwise convolution runs fused, band by band through a scratch;
    /// the shapes are wide enough for several bands (rows carried from one band to the next), and the
    /// answer must be the two operators' on their own, on one thread and on three.
    func testFusedExpandDepthwiseMatchesTheTwoOperators() throws {
        var rng = SeededRandom(state: 23)
        for kernels in KernelDispatch.usable {
            for trial in 0..<8 {
                let h = rng.int(9...41), w = rng.int(30...75), cin = rng.int(3...17), c = rng.int(60...130)
                let stride = trial % 2 + 1
                let pad = stride == 2 ? [0, 0, 1, 1] : [1, 1, 1, 1]
                let x = rng.array(h * w * cin), we = rng.array(c * cin, scale: 0.5), be = rng.array(c, scale: 0.2)
                let wd = rng.array(9 * c), bd = rng.array(c, scale: 0.3)
                let nodes = [
                    ModelManifest.Node(
                        op: "conv2d", name: "e", inputs: ["input"], output: "x", weights: "we", bias: "be", activation: "relu6"),
                    ModelManifest.Node(
                        op: "depthwise_conv2d", name: "d", inputs: ["x"], output: "y", weights: "wd", bias: "bd",
                        stride: [stride, stride], pad: pad, activation: "relu6"),
                ]
                let tensors: [String: (shape: [Int], values: [Float])] = [
                    "we": ([c, 1, 1, cin], we), "be": ([c], be), "wd": ([3, 3, c], wd), "bd": ([c], bd),
                ]
                let expanded = NaiveReference.conv(
                    x, h: h, w: w, cin: cin, weights: we, bias: be, cout: c, kh: 1, kw: 1,
                    stride: 1, pad: [0, 0, 0, 0], relu6: true)
                let expected = NaiveReference.depthwise(
                    expanded.out, h: h, w: w, c: c, weights: wd, bias: bd, k: 3, stride: stride, pad: pad)
                let net = try network(nodes, h: h, w: w, c: cin, tensors: tensors, output: "y", kernels: kernels)
                XCTAssertEqual(try net.profile(x, runs: 1).map(\.op), ["conv2d+depthwise_conv2d"], "the pair runs as one op")
                for threads in [1, 3] {
                    net.threads = threads
                    try net.run(x)
                    assertClose(
                        net.output("out")!, expected.out, relative: 1e-4, absolute: 1e-4,
                        "\(kernels.name) fused \(h)x\(w)x\(cin)->\(c) s\(stride), \(threads) thread(s)")
                }
            }
        }
    }

    func testAddPoolFullyConnectedSoftmax() throws {
        var rng = SeededRandom(state: 3)
        let (h, w, c, n) = (5, 3, 13, 11)
        let x = rng.array(h * w * c), fc = rng.array(n * c), bias = rng.array(n)
        let nodes: [ModelManifest.Node] = [
            .init(op: "add", name: "a", inputs: ["input", "input"], output: "twice", activation: "relu"),
            .init(op: "global_average_pool", name: "p", inputs: ["twice"], output: "pooled"),
            .init(op: "fully_connected", name: "f", inputs: ["pooled"], output: "logits", weights: "w", bias: "b"),
            .init(op: "softmax", name: "s", inputs: ["logits"], output: "probs"),
        ]
        for kernels in KernelDispatch.usable {
            let manifest = ModelManifest(
                name: "t", weights: "-", input: .init(name: "input", height: h, width: w, channels: c),
                outputs: ["probs": "probs", "logits": "logits", "pooled": "pooled"], nodes: nodes)
            let net = try Network(manifest: manifest, tensor: { ["w": ([n, c], fc), "b": ([n], bias)][$0]! }, kernels: kernels)
            try net.run(x)
            var pooled = [Float](repeating: 0, count: c)
            for p in 0..<(h * w) { for ch in 0..<c { pooled[ch] += max(0, 2 * x[p * c + ch]) / Float(h * w) } }
            let logits = (0..<n).map { o in bias[o] + (0..<c).reduce(Float(0)) { $0 + fc[o * c + $1] * pooled[$1] } }
            let top = logits.max()!
            let exps = logits.map { expf($0 - top) }
            assertClose(net.output("pooled")!, pooled, relative: 1e-5, "\(kernels.name) pool")
            assertClose(net.output("logits")!, logits, relative: 1e-4, absolute: 1e-5, "\(kernels.name) fc")
            assertClose(
                net.output("probs")!, exps.map { $0 / exps.reduce(0, +) }, relative: 1e-4, absolute: 1e-6, "\(kernels.name) softmax")
        }
    }

    func testBadGraphsAreRefusedWithAReason() {
        let input = ModelManifest.Input(name: "input", height: 4, width: 4, channels: 3)
        func load(_ nodes: [ModelManifest.Node], _ tensors: [String: (shape: [Int], values: [Float])]) -> String {
            do {
                _ = try Network(
                    manifest: ModelManifest(name: "t", weights: "-", input: input, outputs: ["o": "y"], nodes: nodes),
                    tensor: { name in
                        guard let t = tensors[name] else { throw InferenceError.badModel("missing tensor \(name)") }
                        return t
                    })
                return "loaded"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(load([.init(op: "conv2d", name: "c", inputs: ["nope"], output: "y", weights: "w")], [:]).contains("reads nope"))
        XCTAssertTrue(
            load(
                [.init(op: "conv2d", name: "c", inputs: ["input"], output: "y", weights: "w")],
                ["w": ([8, 3, 3, 4], [Float](repeating: 0, count: 288))]
            ).contains("do not fit"))
        XCTAssertTrue(load([.init(op: "gelu", name: "g", inputs: ["input"], output: "y")], [:]).contains("unsupported operator"))
        XCTAssertTrue(load([.init(op: "conv2d", name: "c", inputs: ["input"], output: "y", weights: "w")], [:]).contains("missing tensor"))
    }

    /// The class activation map's cell size comes from the graph: MobileNetV2's last features are 32 input pixels
    /// a cell; a resize on the way, or a tensor not reached from the input, says nothing.
    func testTheStrideOfATensorIsTheProductOfTheStridesBeforeIt() {
        let (manifest, _) = MobileNetV2.manifest()
        let pool = manifest.nodes.first { $0.op == "global_average_pool" }!
        XCTAssertEqual(manifest.stride(of: pool.inputs[0]), 32)
        XCTAssertEqual(manifest.stride(of: "input"), 1)
        XCTAssertNil(manifest.stride(of: "nowhere"))
        let input = ModelManifest.Input(name: "input", height: 8, width: 8, channels: 3)
        let resized = ModelManifest(
            name: "t", weights: "-", input: input, outputs: [:],
            nodes: [
                .init(op: "resize_area", name: "r", inputs: ["input"], output: "small", size: [4, 4]),
                .init(op: "depthwise_conv2d", name: "d", inputs: ["small"], output: "y", weights: "w", stride: [2, 2]),
            ])
        XCTAssertNil(resized.stride(of: "y"))
    }

    func testPlannerReusesTheArena() throws {
        let (manifest, shapes) = MobileNetV2.manifest(size: 96, classes: 10, alpha: 0.35)
        let weights = MobileNetV2.randomWeights(shapes)
        let net = try Network(manifest: manifest, tensor: { weights[$0]! })
        var total = 0
        for node in manifest.nodes { total += net.shape(of: node.output)!.count * 4 }
        XCTAssertLessThan(net.arenaBytes, total / 3, "activations share space once they are dead")
        XCTAssertThrowsError(try net.run([Float](repeating: 0, count: 5)))
    }

    func testMobileNetV2HasThePublishedArithmetic() throws {
        let (manifest, shapes) = MobileNetV2.manifest()
        let weights = MobileNetV2.randomWeights(shapes)
        let net = try Network(manifest: manifest, tensor: { weights[$0]! })
        // 300.8 M multiply-adds for the convolutions and the 1000-way classifier (Sandler et al.); pooling,
        // residual adds and softmax add a few hundred thousand.
        XCTAssertEqual(Double(net.multiplyAdds) / 1e6, 300.8, accuracy: 1.0)
        XCTAssertEqual(net.shape(of: "embedding"), TensorShape(height: 1, width: 1, channels: 1280))
        XCTAssertEqual(manifest.nodes.first?.pad, [0, 0, 1, 1], "TensorFlow SAME pads the stem bottom/right only")
    }
}
