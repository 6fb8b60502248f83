import InferenceKernels

/// One operator, compiled at load time: shapes resolved, weights packed, arena offsets fixed.
enum CompiledOp {
    struct GEMMConv {
        var input: Int  // arena offset of the input activation
        var output: Int
        var im2col: Im2col?  // nil: the input is already the M×K matrix (1×1, stride 1)
        var m: Int, n: Int, k: Int
        var weights: AlignedBuffer  // packed panels
        var bias: AlignedBuffer
        var activation: Activation
        /// Set for a 3×3 stride-1 convolution run through Winograd's F(4×4, 3×3): `weights` then holds its 36
        /// transformed matrices (`CompiledOp+Segmentation.swift`).
        var winograd: WinogradTiles? = nil
    }

    /// A convolution other than 1×1 stride 1: the geometry of its patches (those touching the padding
    /// are copied into the worker's scratch, a row's worth at most).
    struct Im2col {
        var ih: Int, iw: Int, c: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        var oh: Int, ow: Int

        /// The kernels' view of its window.
        var window: ConvolutionWindow {
            ConvolutionWindow(
                ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH, strideW: strideW, padTop: padTop, padLeft: padLeft, ow: ow)
        }
    }

    struct DepthwiseConv {
        var input: Int, output: Int
        var ih: Int, iw: Int, c: Int, oh: Int, ow: Int
        var kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        var weights: AlignedBuffer, bias: AlignedBuffer
        var activation: Activation

        /// The kernels' view of its window.
        var window: ConvolutionWindow {
            ConvolutionWindow(
                ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH, strideW: strideW, padTop: padTop, padLeft: padLeft, ow: ow)
        }
    }

    /// A 1×1 expansion whose only reader is the depthwise convolution after it. The expanded tensor
    /// (up to 4.8 MB in MobileNetV2) never goes to the arena: it is made a band of rows at a time in
    /// a scratch that stays in L2, and the depthwise kernel reads it from there.
    struct ExpandDepthwise {
        var expand: GEMMConv  // `output` unused
        var depthwise: DepthwiseConv  // `input` unused
        /// Depthwise output rows per band, and the expanded rows the scratch holds for one band.
        var bandRows: Int, scratchRows: Int
        var scratchFloats: Int { scratchRows * depthwise.iw * depthwise.c }
    }

    /// An area resize (`resize_area`): one member of a joined network reads a smaller copy of the input.
    struct Resize {
        var input: Int, output: Int
        var iw: Int, c: Int
        var rows: AreaResize.Taps, columns: AreaResize.Taps
    }

    case gemm(GEMMConv)
    case depthwise(DepthwiseConv)
    case expandDepthwise(ExpandDepthwise)
    case add(a: Int, b: Int, output: Int, count: Int, activation: Activation)
    case globalAveragePool(input: Int, output: Int, pixels: Int, channels: Int)
    case softmax(input: Int, output: Int, count: Int, temperature: Float)
    case resize(Resize)
    // The segmentation network's operators (`CompiledOp+Segmentation.swift`).
    case dilatedConvolution(DilatedConvolution)
    case maxPool(MaxPool)
    case bilinear(Bilinear)
    case concat(Concat)
    case sigmoid(input: Int, output: Int, count: Int)
    /// A node run in int8 (`CompiledOp+Int8.swift`).
    case int8(Int8Op)

    /// Manifest nodes this op runs (2 for a fused pair).
    var nodeCount: Int { if case .expandDepthwise = self { 2 } else { 1 } }

    /// Floats of scratch each worker thread needs for this op.
    var workerScratchFloats: Int {
        switch self {
        case .gemm(let g): max(g.im2col.map { $0.ow * g.k } ?? 0, g.winograd?.scratchFloats ?? 0)
        case .expandDepthwise(let f): f.scratchFloats
        case .resize(let r): r.iw * r.c
        case .dilatedConvolution(let d): d.scratchFloats
        default: 0
        }
    }

    /// Multiply-adds (for GFLOP/s figures).
    var multiplyAdds: Int {
        switch self {
        case .gemm(let g): g.m * g.n * g.k
        case .depthwise(let d): d.oh * d.ow * d.c * d.kh * d.kw
        case .expandDepthwise(let f): CompiledOp.gemm(f.expand).multiplyAdds + CompiledOp.depthwise(f.depthwise).multiplyAdds
        case .add(_, _, _, let count, _): count
        case .globalAveragePool(_, _, let pixels, let channels): pixels * channels
        case .softmax(_, _, let count, _): count
        case .resize(let r): r.rows.multiplyAdds(lanes: r.iw * r.c) + r.rows.count * r.columns.multiplyAdds(lanes: r.c)
        case .dilatedConvolution(let d): d.conv.m * d.conv.n * d.conv.k
        case .maxPool(let p): p.oh * p.window.ow * p.window.c * p.window.kh * p.window.kw
        case .bilinear(let b): b.oh * b.ow * b.c * 3
        case .concat(let c): c.pixels * c.channels.reduce(0, +)
        case .sigmoid(_, _, let count): count
        case .int8(let q): q.multiplyAdds
        }
    }
}
