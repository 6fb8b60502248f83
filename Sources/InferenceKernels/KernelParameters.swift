/// What one kernel call works on, one struct per operator, as XNNPACK passes its `params` structs: the kernel
/// sets' entry points take these, and the row range a thread computes beside them.

/// `C[rows] = act(A[rows] · B + bias)`: A row-major with stride `lda`, B packed by `GEMM.pack` (16-column panels),
/// `bias` readable for `n` rounded up to 16 floats, C with stride `ldc`.
public struct GEMMParameters {
    public var n: Int
    public var k: Int
    public var a: UnsafePointer<Float>
    public var lda: Int
    public var packedB: UnsafePointer<Float>
    public var bias: UnsafePointer<Float>
    public var c: UnsafeMutablePointer<Float>
    public var ldc: Int
    public var activation: Activation

    @inlinable
    public init(
        n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        (self.n, self.k, self.a, self.lda, self.packedB, self.bias, self.c, self.ldc, self.activation) =
            (n, k, a, lda, packedB, bias, c, ldc, activation)
    }
}

/// The window of a convolution over an NHWC input `ih × iw × c`: kernel size, strides and the top and left padding
/// (the bottom and right follow from the output size).
public struct ConvolutionWindow {
    public var ih: Int
    public var iw: Int
    public var c: Int
    public var kh: Int
    public var kw: Int
    public var strideH: Int
    public var strideW: Int
    public var padTop: Int
    public var padLeft: Int
    /// Output columns.
    public var ow: Int

    @inlinable
    public init(ih: Int, iw: Int, c: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int, ow: Int) {
        (self.ih, self.iw, self.c, self.kh, self.kw, self.strideH, self.strideW, self.padTop, self.padLeft, self.ow) =
            (ih, iw, c, kh, kw, strideH, strideW, padTop, padLeft, ow)
    }
}

/// A depthwise convolution: weights and bias packed by `Depthwise.pack`; `zeros` holds at least `iw × c + 8` zeros.
public struct DepthwiseParameters {
    public var window: ConvolutionWindow
    public var input: UnsafePointer<Float>
    public var weights: UnsafePointer<Float>
    public var bias: UnsafePointer<Float>
    public var output: UnsafeMutablePointer<Float>
    public var activation: Activation
    public var zeros: UnsafePointer<Float>

    @inlinable
    public init(
        window: ConvolutionWindow, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, activation: Activation, zeros: UnsafePointer<Float>
    ) {
        (self.window, self.input, self.weights, self.bias, self.output, self.activation, self.zeros) =
            (window, input, weights, bias, output, activation, zeros)
    }
}

/// A general convolution to `n` output channels over weights packed by `GEMM.pack` (`k = kh × kw × c` rows);
/// `scratch` holds at least `ow × kh × kw × c` floats.
public struct ConvolutionParameters {
    public var window: ConvolutionWindow
    public var n: Int
    public var input: UnsafePointer<Float>
    public var packedB: UnsafePointer<Float>
    public var bias: UnsafePointer<Float>
    public var output: UnsafeMutablePointer<Float>
    public var activation: Activation
    public var scratch: UnsafeMutablePointer<Float>

    @inlinable
    public init(
        window: ConvolutionWindow, n: Int, input: UnsafePointer<Float>, packedB: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, activation: Activation, scratch: UnsafeMutablePointer<Float>
    ) {
        (self.window, self.n, self.input, self.packedB, self.bias, self.output, self.activation, self.scratch) =
            (window, n, input, packedB, bias, output, activation, scratch)
    }
}

extension GEMM {
    /// `GEMM.run` on a call's parameters.
    @inlinable @inline(__always)
    public static func run(fused: Bool, rows: Range<Int>, _ p: GEMMParameters) {
        run(
            fused: fused, rows: rows, n: p.n, k: p.k, a: p.a, lda: p.lda, packedB: p.packedB, bias: p.bias, c: p.c, ldc: p.ldc,
            activation: p.activation)
    }
}

extension Depthwise {
    /// `Depthwise.run` on a call's parameters.
    @inlinable @inline(__always)
    public static func run<M: MultiplyAdd>(_ flavour: M.Type, rows: Range<Int>, _ p: DepthwiseParameters) {
        let w = p.window
        run(
            flavour, rows: rows, input: p.input, ih: w.ih, iw: w.iw, c: w.c, weights: p.weights, bias: p.bias, kh: w.kh, kw: w.kw,
            strideH: w.strideH, strideW: w.strideW, padTop: w.padTop, padLeft: w.padLeft, output: p.output, ow: w.ow,
            activation: p.activation, zeros: p.zeros)
    }
}

extension Convolution {
    /// `Convolution.run` on a call's parameters.
    @inlinable @inline(__always)
    public static func run(fused: Bool, rows: Range<Int>, _ p: ConvolutionParameters) {
        let w = p.window
        run(
            fused: fused, rows: rows, input: p.input, ih: w.ih, iw: w.iw, c: w.c, kh: w.kh, kw: w.kw, strideH: w.strideH,
            strideW: w.strideW, padTop: w.padTop, padLeft: w.padLeft, ow: w.ow, n: p.n, packedB: p.packedB, bias: p.bias,
            output: p.output, activation: p.activation, scratch: p.scratch)
    }
}
