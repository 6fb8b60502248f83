import InferenceKernels

/// One operator, compiled at load time: shapes resolved, weights packed, arena offsets fixed.
enum CompiledOp {
    struct GEMMConv {
        var input: Int              // arena offset of the input activation
        var output: Int
        var im2col: Im2col?         // nil: the input is already the M×K matrix (1×1, stride 1)
        var m: Int, n: Int, k: Int
        var weights: AlignedBuffer  // packed panels
        var bias: AlignedBuffer
        var activation: Activation
    }

    struct Im2col {
        var scratch: Int
        var ih: Int, iw: Int, c: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        var oh: Int, ow: Int
    }

    struct DepthwiseConv {
        var input: Int, output: Int
        var ih: Int, iw: Int, c: Int, oh: Int, ow: Int
        var kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        var weights: AlignedBuffer, bias: AlignedBuffer
        var activation: Activation
    }

    case gemm(GEMMConv)
    case depthwise(DepthwiseConv)
    case add(a: Int, b: Int, output: Int, count: Int, activation: Activation)
    case globalAveragePool(input: Int, output: Int, pixels: Int, channels: Int)
    case softmax(input: Int, output: Int, count: Int, temperature: Float)

    /// Multiply-adds (for GFLOP/s figures).
    var multiplyAdds: Int {
        switch self {
        case .gemm(let g): g.m * g.n * g.k
        case .depthwise(let d): d.oh * d.ow * d.c * d.kh * d.kw
        case .add(_, _, _, let count, _): count
        case .globalAveragePool(_, _, let pixels, let channels): pixels * channels
        case .softmax(_, _, let count, _): count
        }
    }
}
