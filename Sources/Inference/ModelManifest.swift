import Foundation

/// The JSON manifest beside a model's safetensors: the graph, its input, the preprocessing, and the classes.
///
/// Supported operators (NHWC, float32):
/// - `conv2d`: any kernel size and stride, explicit padding per side `[top, left, bottom, right]`,
///   weights `[out, kh, kw, in]`; 1×1 stride-1 runs as a GEMM on the input, others as a GEMM over
///   their patches (read in place; copied only for pixels that touch the padding).
/// - `depthwise_conv2d`: any kernel size and stride, weights `[kh, kw, channels]` (a leading 1 is allowed).
/// - `add`: elementwise, for residual connections.
/// - `global_average_pool`, `fully_connected` (weights `[out, in]`), `softmax`.
/// - `resize_area`: the input averaged down (or nearest-area up) to `size` `[height, width]`, so that one member
///   of a joined network reads the photo smaller than the other.
/// - `conv2d` with `dilation`: taps spaced apart (U²-Net's dilated 3×3 convolutions).
/// - `max_pool`: `kernel`, `stride`, `pad`, and `ceil` for PyTorch's ceil mode.
/// - `resize_bilinear`: the first input resized to the height and width of the second (PyTorch's
///   `_upsample_like`), `coordinates` as ONNX's `coordinate_transformation_mode`.
/// - `concat`: its inputs (of one height and width) joined along channels. `sigmoid`: `1 / (1 + e^−x)`.
/// Every producing operator takes an optional bias and a fused `activation`: `none`, `relu`, `relu6`.
/// That covers MobileNetV1/V2, ResNet-style (with `relu` and `add`) and EfficientNet-Lite nets.
/// A node with `int8` runs on u8 activations and s8 weights (`ModelManifest+Int8.swift`).
public struct ModelManifest: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var name: String
        public var height: Int
        public var width: Int
        public var channels: Int

        public init(name: String, height: Int, width: Int, channels: Int) {
            self.name = name; self.height = height; self.width = width; self.channels = channels
        }
    }

    public struct Preprocess: Codable, Sendable, Equatable {
        public var size: Int
        public var scale: Float
        public var offset: Float
        public var pad: Int

        public init(size: Int, scale: Float, offset: Float, pad: Int) {
            self.size = size; self.scale = scale; self.offset = offset; self.pad = pad
        }
    }

    public struct Node: Codable, Sendable {
        public var op: String
        public var name: String
        public var inputs: [String]
        public var output: String
        public var weights: String?
        public var bias: String?
        public var stride: [Int]?
        public var pad: [Int]?
        public var activation: String?
        /// `resize_area`'s output `[height, width]`.
        public var size: [Int]?
        /// `conv2d`: the spacing of its taps `[vertical, horizontal]` (a dilated convolution); `[1, 1]` when absent.
        public var dilation: [Int]?
        /// `max_pool`: its window `[height, width]`.
        public var kernel: [Int]?
        /// `max_pool`: the output size rounded up (PyTorch's `ceil_mode`): a last window may hang over the edge.
        public var ceil: Bool?
        /// `resize_bilinear`: how output coordinates map to the input (`ResizeCoordinates`, ONNX's names).
        public var coordinates: String?
        /// Runs this node in int8 (`Int8Node`, `ModelManifest+Int8.swift`): a 1×1 stride-1 `conv2d` or a
        /// `depthwise_conv2d` whose weights are an I8 tensor and bias an I32 one.
        public var int8: Int8Node?

        public init(
            op: String, name: String, inputs: [String], output: String, weights: String? = nil, bias: String? = nil,
            stride: [Int]? = nil, pad: [Int]? = nil, activation: String? = nil, size: [Int]? = nil
        ) {
            self.op = op; self.name = name; self.inputs = inputs; self.output = output; self.weights = weights
            self.bias = bias; self.stride = stride; self.pad = pad; self.activation = activation; self.size = size
        }
    }

    public var format = "closet-cnn"
    public var version = 1
    public var name: String
    public var weights: String
    public var input: Input
    public var preprocess: Preprocess?
    public var classes: [String]?
    /// Each class's span: the app categories it stands for, most common first, where its training data did not
    /// tell them apart (the clothing dataset labels every outer "Outwear": jacket → jacket, coat, parka, …).
    /// A class missing here stands for itself alone.
    public var spans: [String: [String]]?
    /// Calibration temperature: probabilities are softmax(logits / temperature).
    public var temperature: Float?
    /// Named outputs: `logits`, `probabilities`, `embedding` (the pooled features).
    public var outputs: [String: String]
    /// Names the network that computes the embedding, so that stored embeddings are recomputed only when it
    /// changes (a joined model keeps its first member's); `name` when absent.
    public var embeddingModel: String?
    public var nodes: [Node]

    /// What names the embedding's network: `embeddingModel`, else `name`.
    public var embeddingIdentity: String { embeddingModel ?? name }

    public init(name: String, weights: String, input: Input, outputs: [String: String], nodes: [Node]) {
        self.name = name; self.weights = weights; self.input = input; self.outputs = outputs; self.nodes = nodes
    }

    public static func load(_ url: URL) throws -> ModelManifest {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InferenceError.badModel("cannot read \(url.path): \(error.localizedDescription)")
        }
        let manifest: ModelManifest
        do { manifest = try JSONDecoder().decode(ModelManifest.self, from: data) } catch {
            throw InferenceError.badModel("\(url.lastPathComponent) is not a closet model manifest: \(error)")
        }
        guard manifest.format == "closet-cnn", manifest.version == 1 else {
            throw InferenceError.badModel(
                "\(url.lastPathComponent) has format \(manifest.format) v\(manifest.version); closet reads closet-cnn v1")
        }
        return manifest
    }

    /// Input pixels per cell of `tensor`: the product of the (vertical) strides on the path from the input to it,
    /// following each node's first input. Nil when a node on the way resizes (a ratio, not a stride) or the
    /// tensor is not reached from the input.
    public func stride(of tensor: String) -> Int? {
        let producers = Dictionary(nodes.map { ($0.output, $0) }) { a, _ in a }
        var name = tensor, stride = 1
        for _ in 0...nodes.count {
            if name == input.name { return stride }
            guard let node = producers[name], node.op != "resize_area", let next = node.inputs.first else { return nil }
            stride *= max(node.stride?.first ?? 1, 1)
            name = next
        }
        return nil  // a cycle: no path from the input
    }

    /// TensorFlow "SAME" padding along one axis: (before, after). On even sizes with stride 2 it pads after only.
    public static func samePadding(input: Int, kernel: Int, stride: Int) -> (Int, Int) {
        let out = (input + stride - 1) / stride
        let total = max((out - 1) * stride + kernel - input, 0)
        return (total / 2, total - total / 2)
    }
}
