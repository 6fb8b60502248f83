import InferenceKernels

/// The engine's kernels compiled for x86-64 CPUs with AVX2 and FMA (this module is built with `-mavx2 -mfma`; only called after a CPUID check).
public enum KernelsAVX2: KernelSet {
    public static let name = "avx2+fma"

    public static func gemm(
        rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation
    ) {
        GEMM.run(
            fused: true, rows: rows, n: n, k: k, a: a, lda: lda, packedB: packedB, bias: bias, c: c, ldc: ldc,
            activation: activation)
    }

    public static func depthwise(
        rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, kh: Int, kw: Int, strideH: Int,
        strideW: Int, padTop: Int, padLeft: Int, output: UnsafeMutablePointer<Float>, ow: Int,
        activation: Activation, zeros: UnsafePointer<Float>
    ) {
        Depthwise.run(
            AVX2MultiplyAdd.self, rows: rows, input: input, ih: ih, iw: iw, c: c, weights: weights, bias: bias,
            kh: kh, kw: kw, strideH: strideH, strideW: strideW, padTop: padTop, padLeft: padLeft,
            output: output, ow: ow, activation: activation, zeros: zeros)
    }

    public static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        activation: Activation
    ) {
        Elementwise.add(a, b, out, count: count, activation: activation)
    }

    public static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, c: Int, _ out: UnsafeMutablePointer<Float>) {
        Elementwise.globalAveragePool(input, pixels: pixels, c: c, out)
    }

    public static func convolution(
        rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int, kh: Int, kw: Int,
        strideH: Int, strideW: Int, padTop: Int, padLeft: Int, ow: Int, n: Int,
        packedB: UnsafePointer<Float>, bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        activation: Activation, scratch: UnsafeMutablePointer<Float>
    ) {
        Convolution.run(
            fused: true, rows: rows, input: input, ih: ih, iw: iw, c: c, kh: kh, kw: kw, strideH: strideH,
            strideW: strideW, padTop: padTop, padLeft: padLeft, ow: ow, n: n, packedB: packedB, bias: bias,
            output: output, activation: activation, scratch: scratch)
    }
}

/// FMA hardware: `addingProduct` is one instruction. Declared here so that generic kernels specialized for it are compiled only in this module.
public enum AVX2MultiplyAdd: MultiplyAdd {
    @inlinable public static var fused: Bool { true }
}
