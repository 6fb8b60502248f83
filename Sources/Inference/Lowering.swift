import InferenceKernels

/// The compiler's first step: one manifest node to one `CompiledOp` (with placeholder arena offsets, which
/// `NetworkCompiler.placed` fills in) and its output's shape, one lowering function per operator, as XNNPACK
/// has one `define_*` per node type. Weights are checked against the input's shape and packed here.
struct Lowering {
    typealias TensorSource = (String) throws -> (shape: [Int], values: [Float])

    let node: ModelManifest.Node
    /// The first input's shape (empty for a node without one).
    let x: TensorShape
    let shapes: [String: TensorShape]
    let activation: Activation

    /// Lowers `node`, whose inputs' shapes are in `shapes`.
    static func lower(
        _ node: ModelManifest.Node, shapes: [String: TensorShape], temperature: Float, tensor: TensorSource
    ) throws -> (CompiledOp, TensorShape) {
        let lowering = Lowering(
            node: node, x: shapes[node.inputs.first ?? ""] ?? TensorShape(height: 0, width: 0, channels: 0), shapes: shapes,
            activation: try activation(node.activation, node: node.name))
        switch node.op {
        case "conv2d": return try lowering.convolution(tensor)
        case "depthwise_conv2d": return try lowering.depthwise(tensor)
        case "add": return try lowering.add()
        case "global_average_pool": return lowering.globalAveragePool()
        case "fully_connected": return try lowering.fullyConnected(tensor)
        case "softmax": return lowering.softmax(temperature: temperature)
        case "resize_area": return try lowering.resizeArea()
        case "max_pool": return try lowering.maxPool()
        case "resize_bilinear": return try lowering.resizeBilinear()
        case "concat": return try lowering.concat()
        case "sigmoid": return lowering.sigmoid()
        default: throw InferenceError.badModel("node \(node.name): unsupported operator \(node.op)")
        }
    }

    static func activation(_ name: String?, node: String) throws -> Activation {
        switch name ?? "none" {
        case "none", "linear": return .none
        case "relu": return .relu
        case "relu6": return .relu6
        default: throw InferenceError.badModel("node \(node): unknown activation \(name!) (none, relu, relu6)")
        }
    }

    // MARK: Helpers the lowerings share.

    func weights(_ tensor: TensorSource) throws -> (shape: [Int], values: [Float]) {
        guard let name = node.weights else { throw InferenceError.badModel("node \(node.name) has no weights") }
        return try tensor(name)
    }

    func bias(_ n: Int, _ tensor: TensorSource) throws -> [Float] {
        guard let name = node.bias else { return [Float](repeating: 0, count: n) }
        let b = try tensor(name)
        guard b.values.count == n else {
            throw InferenceError.badModel("node \(node.name): bias has \(b.values.count) values, expected \(n)")
        }
        return b.values
    }

    /// A GEMM's bias, with the 16 floats of zeros past its end that the kernels' vector loads may read.
    func paddedBias(_ n: Int, _ tensor: TensorSource) throws -> AlignedBuffer {
        AlignedBuffer(try bias(n, tensor) + [Float](repeating: 0, count: 16))
    }

    func stridePad() throws -> (Int, Int, [Int]) {
        let s = node.stride ?? [1, 1]
        let p = node.pad ?? [0, 0, 0, 0]
        guard s.count == 2, s.allSatisfy({ $0 >= 1 }), p.count == 4, p.allSatisfy({ $0 >= 0 }) else {
            throw InferenceError.badModel("node \(node.name): stride needs 2 positive values and pad 4 (top, left, bottom, right)")
        }
        return (s[0], s[1], p)
    }

    /// The output size of a `kh × kw` window with strides `sh`, `sw` and padding `p` over the input.
    func outputSize(kh: Int, kw: Int, sh: Int, sw: Int, p: [Int]) throws -> (oh: Int, ow: Int) {
        let oh = (x.height + p[0] + p[2] - kh) / sh + 1, ow = (x.width + p[1] + p[3] - kw) / sw + 1
        guard oh > 0, ow > 0 else { throw InferenceError.badModel("node \(node.name): output would be empty") }
        return (oh, ow)
    }

    // MARK: One lowering per operator.

    /// `conv2d`: OHWI weights packed for GEMM; 1×1 stride-1 unpadded convolutions run as GEMM on the input as is.
    func convolution(_ tensor: TensorSource) throws -> (CompiledOp, TensorShape) {
        if let dilation = node.dilation, dilation != [1, 1] { return try dilatedConvolution(tensor, dilation: dilation) }
        let w = try weights(tensor)
        guard w.shape.count == 4, w.shape[3] == x.channels else {
            throw InferenceError.badModel(
                "node \(node.name): weights \(w.shape) do not fit input \(x) (expected [out, kh, kw, \(x.channels)])")
        }
        let (cout, kh, kw, cin) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let (sh, sw, p) = try stridePad()
        let (oh, ow) = try outputSize(kh: kh, kw: kw, sh: sh, sw: sw, p: p)
        if let lowered = try winograd(w.values, n: cout, kh: kh, kw: kw, sh: sh, sw: sw, p: p, oh: oh, ow: ow, tensor) { return lowered }
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
                ih: x.height, iw: x.width, c: cin, kh: kh, kw: kw, strideH: sh, strideW: sw, padTop: p[0], padLeft: p[1], oh: oh, ow: ow)
        let op = CompiledOp.gemm(
            .init(
                input: 0, output: 0, im2col: im2col, m: oh * ow, n: cout, k: k, weights: AlignedBuffer(packed),
                bias: try paddedBias(cout, tensor), activation: activation))
        return (op, TensorShape(height: oh, width: ow, channels: cout))
    }

    /// `depthwise_conv2d`: `[kh, kw, c]` (or `[1, kh, kw, c]`) weights packed in 8-channel blocks.
    func depthwise(_ tensor: TensorSource) throws -> (CompiledOp, TensorShape) {
        let w = try weights(tensor)
        let dims = w.shape.count == 4 && w.shape[0] == 1 ? Array(w.shape.dropFirst()) : w.shape
        guard dims.count == 3, dims[2] == x.channels else {
            throw InferenceError.badModel(
                "node \(node.name): depthwise weights \(w.shape) do not fit input \(x) (expected [kh, kw, \(x.channels)])")
        }
        let (kh, kw, c) = (dims[0], dims[1], dims[2])
        let (sh, sw, p) = try stridePad()
        let (oh, ow) = try outputSize(kh: kh, kw: kw, sh: sh, sw: sw, p: p)
        let biasValues = try bias(c, tensor)
        let packed = w.values.withUnsafeBufferPointer { wp in
            biasValues.withUnsafeBufferPointer { Depthwise.pack(weights: wp.baseAddress!, bias: $0.baseAddress!, taps: kh * kw, c: c) }
        }
        let op = CompiledOp.depthwise(
            .init(
                input: 0, output: 0, ih: x.height, iw: x.width, c: c, oh: oh, ow: ow, kh: kh, kw: kw, strideH: sh, strideW: sw,
                padTop: p[0], padLeft: p[1], weights: AlignedBuffer(packed.weights), bias: AlignedBuffer(packed.bias),
                activation: activation))
        return (op, TensorShape(height: oh, width: ow, channels: c))
    }

    /// `add`: two inputs of one shape.
    func add() throws -> (CompiledOp, TensorShape) {
        guard node.inputs.count == 2, let y = shapes[node.inputs[1]], y == x else {
            throw InferenceError.badModel("node \(node.name): add needs two inputs of the same shape")
        }
        return (.add(a: 0, b: 0, output: 0, count: x.count, activation: activation), x)
    }

    func globalAveragePool() -> (CompiledOp, TensorShape) {
        (
            .globalAveragePool(input: 0, output: 0, pixels: x.pixels, channels: x.channels),
            TensorShape(height: 1, width: 1, channels: x.channels)
        )
    }

    /// `fully_connected`: `[out, inputs]` weights, as a one-row GEMM.
    func fullyConnected(_ tensor: TensorSource) throws -> (CompiledOp, TensorShape) {
        let w = try weights(tensor)
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
                bias: try paddedBias(out, tensor), activation: activation))
        return (op, TensorShape(height: 1, width: 1, channels: out))
    }

    func softmax(temperature: Float) -> (CompiledOp, TensorShape) {
        (.softmax(input: 0, output: 0, count: x.count, temperature: temperature), x)
    }

    /// `resize_area`: the taps of both directions computed now.
    func resizeArea() throws -> (CompiledOp, TensorShape) {
        guard let size = node.size, size.count == 2, size.allSatisfy({ (1...4096).contains($0) }), x.count > 0 else {
            throw InferenceError.badModel("node \(node.name): resize_area needs a size [height, width] of 1 to 4096 and an input")
        }
        let op = CompiledOp.Resize(
            input: 0, output: 0, iw: x.width, c: x.channels, rows: AreaResize.Taps(input: x.height, output: size[0]),
            columns: AreaResize.Taps(input: x.width, output: size[1]))
        return (.resize(op), TensorShape(height: size[0], width: size[1], channels: x.channels))
    }
}
