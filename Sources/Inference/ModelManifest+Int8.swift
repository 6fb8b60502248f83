/// A node's `int8` field: it runs on u8 activations and s8 per-channel weights through `Int8Kernels`.
///
/// ```json
/// "int8": {"input": {"scale": 0.0235, "zeroPoint": 0}, "output": {"scale": 0.0471, "zeroPoint": 128},
///          "weightScales": "block1.expand.weight_scale"}
/// ```
/// - Only a 1×1 stride-1 unpadded `conv2d` (the GEMM kernel) or a `depthwise_conv2d` of at most 7×7 taps.
/// - `weights` names an I8 tensor of the fp32 node's shape, `[out, 1, 1, in]` or `[kh, kw, c]` (a leading 1
///   allowed), symmetric per output channel: w ≈ q · `weightScales[channel]` (an F32 tensor, one per channel).
/// - `bias` names an I32 tensor at the scale `input.scale · weightScales[channel]`.
/// - The input is quantized `clamp(rint(x / s) + zp, 0, 255)` unless the node before it is int8 with this same
///   quantization (the bytes then pass as they are). The output is requantized in the kernel with one fp32
///   multiplier per channel, `Float(Double(input.scale) · Double(weightScales[c])) / output.scale`; a fused
///   ReLU clamps at the zero point and ReLU6 at `zp + rint(6 / s)` too. fp32 nodes reading it get
///   `(q − zp) · s`.
public struct Int8Node: Codable, Sendable, Equatable {
    public var input: Quantization
    public var output: Quantization
    /// An F32 tensor of one positive scale per output channel.
    public var weightScales: String

    public init(input: Quantization, output: Quantization, weightScales: String) {
        self.input = input; self.output = output; self.weightScales = weightScales
    }
}

/// An asymmetric u8 quantization: x ≈ (q − zeroPoint) · scale.
public struct Quantization: Codable, Sendable, Equatable {
    public var scale: Float
    public var zeroPoint: Int

    public init(scale: Float, zeroPoint: Int) { self.scale = scale; self.zeroPoint = zeroPoint }

    /// The quantization min…max calibrates (0 always inside), as `tools/quantize` computes it.
    public static func calibrated(min lo: Float, max hi: Float) -> Quantization {
        let lo = Swift.min(lo, 0), hi = Swift.max(hi, 0)
        let scale = Swift.max(hi - lo, 1e-8) / 255
        return Quantization(scale: scale, zeroPoint: Int(Swift.min(255, Swift.max(0, (-lo / scale).rounded()))))
    }

    /// Refuses a scale that is not a positive finite number and a zero point outside 0…255.
    func validate(_ what: String, node: String) throws {
        guard scale.isFinite, scale > 0, (0...255).contains(zeroPoint) else {
            throw InferenceError.badModel(
                "node \(node): int8 \(what) scale \(scale) and zero point \(zeroPoint) are not usable "
                    + "(a positive finite scale and a zero point of 0 to 255 are needed)")
        }
    }
}

/// An integer tensor of a model file (`SafeTensors.integers`): I8 weights or I32 biases, widened to Int32.
public struct IntegerTensor: Sendable, Equatable {
    public var dtype: String
    public var shape: [Int]
    public var values: [Int32]

    public init(dtype: String, shape: [Int], values: [Int32]) { self.dtype = dtype; self.shape = shape; self.values = values }
}
