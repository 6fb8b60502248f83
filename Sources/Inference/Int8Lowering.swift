import InferenceKernels
import InferenceKernelsInt8

/// Lowers a node with `int8` (`Int8Node`) to an `Int8Op`: every field checked against the input's shape, the
/// weights packed and the bias folded for the kernels. A manifest or weight file that does not fit is refused
/// with `InferenceError.badModel` naming the node.
enum Int8Lowering {
    typealias IntegerSource = (String) throws -> IntegerTensor

    /// Most taps of a depthwise window the kernel takes (7×7).
    static let maximumTaps = 49
    /// Most multiply-adds an output sums: 255 · 128 · this stays far inside s32 with any bias.
    static let maximumDepth = 32_768

    static func lower(
        _ node: ModelManifest.Node, shapes: [String: TensorShape], tensor: Lowering.TensorSource, integers: IntegerSource?
    ) throws -> (CompiledOp, TensorShape) {
        guard let q = node.int8 else { throw InferenceError.badModel("node \(node.name) is not int8") }
        guard node.op == "conv2d" || node.op == "depthwise_conv2d" else {
            throw InferenceError.badModel("node \(node.name): \(node.op) cannot run in int8 (conv2d 1×1 and depthwise_conv2d can)")
        }
        try q.input.validate("input", node: node.name)
        try q.output.validate("output", node: node.name)
        guard let integers else {
            throw InferenceError.badModel("node \(node.name) runs in int8, but the model has no integer (I8, I32) tensors")
        }
        guard node.inputs.count == 1, let x = shapes[node.inputs[0]] else {
            throw InferenceError.badModel("node \(node.name): an int8 node reads one input")
        }
        let lowering = Lowering(
            node: node, x: x, shapes: shapes, activation: try Lowering.activation(node.activation, node: node.name))
        guard let weightsName = node.weights else { throw InferenceError.badModel("node \(node.name) has no weights") }
        let w = try integers(weightsName)
        guard w.dtype == "I8" else {
            throw InferenceError.badModel("node \(node.name): int8 weights \(weightsName) are \(w.dtype), not I8")
        }
        switch node.op {
        case "conv2d": return try gemm(lowering, q, w, tensor, integers)
        default: return try depthwise(lowering, q, w, tensor, integers)
        }
    }

    /// `conv2d` 1×1, stride 1, unpadded: weights `[out, 1, 1, in]`, a GEMM on the input as it lies.
    static func gemm(
        _ l: Lowering, _ q: Int8Node, _ w: IntegerTensor, _ tensor: Lowering.TensorSource, _ integers: IntegerSource
    ) throws -> (CompiledOp, TensorShape) {
        let node = l.node, x = l.x
        guard node.dilation == nil || node.dilation! == [1, 1], (node.stride ?? [1, 1]) == [1, 1],
            (node.pad ?? [0, 0, 0, 0]) == [0, 0, 0, 0]
        else {
            throw InferenceError.badModel("node \(node.name): an int8 conv2d must be 1×1 with stride 1 and no padding or dilation")
        }
        guard w.shape.count == 4, w.shape[1] == 1, w.shape[2] == 1, w.shape[3] == x.channels, w.shape[0] > 0 else {
            throw InferenceError.badModel(
                "node \(node.name): int8 weights \(w.shape) do not fit input \(x) (expected [out, 1, 1, \(x.channels)])")
        }
        let (n, k) = (w.shape[0], w.shape[3])
        guard k <= maximumDepth else { throw InferenceError.badModel("node \(node.name): \(k) inputs are too many for int8 sums") }
        var b = [Int8](repeating: 0, count: k * n)
        for co in 0..<n { for kk in 0..<k { b[kk * n + co] = Int8(truncatingIfNeeded: w.values[co * k + kk]) } }
        let bias = try self.bias(l, q, count: n, integers)
        let scale = try multipliers(l, q, count: n, tensor)
        let (lo, hi) = clamp(l.activation, q.output)
        let folded = Int8Kernels.foldGEMMBias(b, k: k, n: n, bias: bias, inputZeroPoint: q.input.zeroPoint)
        let packed = Int8Kernels.pack(b, k: k, n: n)
        let op = Int8Op(
            kernel: .gemm(m: x.pixels, n: n, k: k, packed: RawBuffer(packed), narrow: Int8Kernels.weightsAreNarrow(b)),
            bias: RawBuffer(folded + [Int32](repeating: 0, count: 16)), scale: RawBuffer(scale + [Float](repeating: 0, count: 16)),
            input: q.input, output: q.output, outputMin: lo, outputMax: hi, inputCount: x.count, outputCount: x.pixels * n,
            weightBytes: packed.count + 8 * n, multiplyAdds: x.pixels * n * k)
        return (.int8(op), TensorShape(height: x.height, width: x.width, channels: n))
    }

    /// `depthwise_conv2d`: weights `[kh, kw, c]` (a leading 1 allowed), at most 7×7 taps.
    static func depthwise(
        _ l: Lowering, _ q: Int8Node, _ w: IntegerTensor, _ tensor: Lowering.TensorSource, _ integers: IntegerSource
    ) throws -> (CompiledOp, TensorShape) {
        let node = l.node, x = l.x
        let dims = w.shape.count == 4 && w.shape[0] == 1 ? Array(w.shape.dropFirst()) : w.shape
        guard dims.count == 3, dims[2] == x.channels, dims[0] > 0, dims[1] > 0, dims[0] * dims[1] <= maximumTaps else {
            throw InferenceError.badModel(
                "node \(node.name): int8 depthwise weights \(w.shape) do not fit input \(x) "
                    + "(expected [kh, kw, \(x.channels)], at most 7×7 taps)")
        }
        let (kh, kw, c) = (dims[0], dims[1], dims[2])
        guard node.dilation == nil || node.dilation! == [1, 1] else {
            throw InferenceError.badModel("node \(node.name): an int8 depthwise convolution cannot be dilated")
        }
        let (sh, sw, p) = try l.stridePad()
        let (oh, ow) = try l.outputSize(kh: kh, kw: kw, sh: sh, sw: sw, p: p)
        let weights = w.values.map { Int8(truncatingIfNeeded: $0) }
        let bias = try self.bias(l, q, count: c, integers)
        let scale = try multipliers(l, q, count: c, tensor)
        let (lo, hi) = clamp(l.activation, q.output)
        let folded = Int8Kernels.foldDepthwiseBias(weights, taps: kh * kw, c: c, bias: bias, inputZeroPoint: q.input.zeroPoint)
        let window = Int8Op.Window(
            ih: x.height, iw: x.width, c: c, kh: kh, kw: kw, strideH: sh, strideW: sw, padTop: p[0], padLeft: p[1], oh: oh, ow: ow)
        let zeroRow = [UInt8](repeating: UInt8(q.input.zeroPoint), count: c + 32)
        let op = Int8Op(
            kernel: .depthwise(window, weights: RawBuffer(weights + [Int8](repeating: 0, count: 32)), zeroRow: RawBuffer(zeroRow)),
            bias: RawBuffer(folded + [Int32](repeating: 0, count: 16)), scale: RawBuffer(scale + [Float](repeating: 0, count: 16)),
            input: q.input, output: q.output, outputMin: lo, outputMax: hi, inputCount: x.count, outputCount: oh * ow * c,
            weightBytes: weights.count + 8 * c, multiplyAdds: oh * ow * c * kh * kw)
        return (.int8(op), TensorShape(height: oh, width: ow, channels: c))
    }

    /// The I32 bias (zeros when the node has none), one per output channel.
    static func bias(_ l: Lowering, _ q: Int8Node, count: Int, _ integers: IntegerSource) throws -> [Int32] {
        guard let name = l.node.bias else { return [Int32](repeating: 0, count: count) }
        let b = try integers(name)
        guard b.dtype == "I32", b.values.count == count else {
            throw InferenceError.badModel(
                "node \(l.node.name): int8 bias \(name) is \(b.dtype) with \(b.values.count) values, expected I32 with \(count)")
        }
        return b.values
    }

    /// Each channel's requantization multiplier, `s_in · s_w[c] / s_out`, checked finite and positive.
    static func multipliers(_ l: Lowering, _ q: Int8Node, count: Int, _ tensor: Lowering.TensorSource) throws -> [Float] {
        let s = try tensor(q.weightScales)
        guard s.values.count == count else {
            throw InferenceError.badModel(
                "node \(l.node.name): weight scales \(q.weightScales) hold \(s.values.count) values, expected \(count)")
        }
        return try s.values.enumerated().map { c, scale in
            let m = Float(Double(q.input.scale) * Double(scale)) / q.output.scale
            guard scale.isFinite, scale > 0, m.isFinite, m > 0 else {
                throw InferenceError.badModel(
                    "node \(l.node.name): weight scale \(scale) of channel \(c) is not usable (a positive finite scale is needed)")
            }
            return m
        }
    }

    /// The output clamp: a fused ReLU starts at the zero point, ReLU6 also stops at `zp + rint(6 / s)`.
    static func clamp(_ activation: Activation, _ output: Quantization) -> (Int, Int) {
        let six = min(256, (6 / Double(output.scale)).rounded(.toNearestOrEven))
        switch activation {
        case .none: return (0, 255)
        case .relu: return (output.zeroPoint, 255)
        case .relu6: return (output.zeroPoint, min(255, output.zeroPoint + Int(six)))
        }
    }
}
