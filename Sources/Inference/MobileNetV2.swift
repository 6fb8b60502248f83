import Foundation

/// The MobileNetV2 graph (Sandler et al. 2018) as a closet manifest, with TensorFlow "SAME" padding,
/// batch norm folded, ReLU6 fused: the layout the TFLite backbone and the trained classifier use.
public enum MobileNetV2 {
    /// (expansion, output channels, repeats, first stride) for each stage.
    public static let stages: [(t: Int, c: Int, n: Int, s: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    /// The manifest and the weight shapes for an input `size`×`size`, `classes` outputs and width `alpha`.
    public static func manifest(
        size: Int = 224, classes: Int = 1000, alpha: Double = 1, lastChannels: Int = 1280,
        weights: String = "model.safetensors"
    ) -> (ModelManifest, [String: [Int]]) {
        func channels(_ c: Int) -> Int {
            let scaled = Double(c) * alpha
            var v = max(8, Int(scaled + 4) / 8 * 8)
            if Double(v) < 0.9 * scaled { v += 8 }
            return v
        }
        var nodes: [ModelManifest.Node] = []
        var shapes: [String: [Int]] = [:]
        var current = "input", cin = 3, hw = size, counter = 0
        func conv(_ name: String, _ cout: Int, _ k: Int, _ stride: Int, _ act: String) {
            let (pt, pb) = ModelManifest.samePadding(input: hw, kernel: k, stride: stride)
            let out = "\(name).out"
            nodes.append(
                .init(
                    op: "conv2d", name: name, inputs: [current], output: out, weights: "\(name).weight",
                    bias: "\(name).bias", stride: [stride, stride], pad: [pt, pt, pb, pb], activation: act))
            shapes["\(name).weight"] = [cout, k, k, cin]
            shapes["\(name).bias"] = [cout]
            current = out; cin = cout; hw = (hw + stride - 1) / stride
        }
        func depthwise(_ name: String, _ stride: Int) {
            let (pt, pb) = ModelManifest.samePadding(input: hw, kernel: 3, stride: stride)
            let out = "\(name).out"
            nodes.append(
                .init(
                    op: "depthwise_conv2d", name: name, inputs: [current], output: out, weights: "\(name).weight",
                    bias: "\(name).bias", stride: [stride, stride], pad: [pt, pt, pb, pb], activation: "relu6"))
            shapes["\(name).weight"] = [3, 3, cin]
            shapes["\(name).bias"] = [cin]
            current = out; hw = (hw + stride - 1) / stride
        }
        conv("stem", channels(32), 3, 2, "relu6")
        for stage in stages {
            for r in 0..<stage.n {
                let stride = r == 0 ? stage.s : 1
                let blockInput = current, blockChannels = cin
                let name = "block\(counter)"
                counter += 1
                if stage.t != 1 { conv("\(name).expand", cin * stage.t, 1, 1, "relu6") }
                depthwise("\(name).depthwise", stride)
                let cout = channels(stage.c)
                conv("\(name).project", cout, 1, 1, "none")
                if stride == 1 && blockChannels == cout {
                    let out = "\(name).sum"
                    nodes.append(.init(op: "add", name: "\(name).add", inputs: [blockInput, current], output: out))
                    current = out
                }
            }
        }
        conv("head", alpha > 1 ? channels(lastChannels) : lastChannels, 1, 1, "relu6")
        nodes.append(.init(op: "global_average_pool", name: "pool", inputs: [current], output: "embedding"))
        nodes.append(
            .init(
                op: "fully_connected", name: "classifier", inputs: ["embedding"], output: "logits",
                weights: "classifier.weight", bias: "classifier.bias"))
        shapes["classifier.weight"] = [classes, cin]
        shapes["classifier.bias"] = [classes]
        nodes.append(.init(op: "softmax", name: "softmax", inputs: ["logits"], output: "probabilities"))
        let manifest = ModelManifest(
            name: "mobilenet_v2_\(alpha)_\(size)", weights: weights,
            input: .init(name: "input", height: size, width: size, channels: 3),
            outputs: ["logits": "logits", "probabilities": "probabilities", "embedding": "embedding"], nodes: nodes)
        return (manifest, shapes)
    }

    /// Random weights (He-scaled, fixed seed) for every shape: for benchmarks and tests until a trained model exists.
    public static func randomWeights(_ shapes: [String: [Int]], seed: UInt64 = 42) -> [String: (shape: [Int], values: [Float])] {
        var state = seed | 1
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
        }
        var result: [String: (shape: [Int], values: [Float])] = [:]
        for name in shapes.keys.sorted() {
            let shape = shapes[name]!
            let count = shape.reduce(1, *)
            let fanIn = shape.count == 4 ? shape[1] * shape[2] * shape[3] : shape.count == 3 ? shape[0] * shape[1] : shape.last ?? 1
            let scale = name.hasSuffix(".bias") ? Float(0.05) : Float((3.0 / Double(max(1, fanIn))).squareRoot())
            result[name] = (shape, (0..<count).map { _ in next() * scale })
        }
        return result
    }
}
