import InferenceKernels

/// The engine's kernels compiled for x86-64 CPUs with AVX2 and FMA (this module is built with `-mavx2 -mfma`; only called after a CPUID check).
public enum KernelsAVX2: KernelSet {
    public static let name = "avx2+fma"

    public static func gemm(rows: Range<Int>, _ parameters: GEMMParameters) {
        GEMM.run(fused: true, rows: rows, parameters)
    }

    public static func depthwise(rows: Range<Int>, _ parameters: DepthwiseParameters) {
        Depthwise.run(AVX2MultiplyAdd.self, rows: rows, parameters)
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

    public static func convolution(rows: Range<Int>, _ parameters: ConvolutionParameters) {
        Convolution.run(fused: true, rows: rows, parameters)
    }

    public static func dilatedConvolution(rows: Range<Int>, _ parameters: DilatedConvolutionParameters) {
        SegmentationKernels.dilatedConvolution(fused: true, rows: rows, parameters)
    }

    public static func maxPool(rows: Range<Int>, _ parameters: MaxPoolParameters) {
        SegmentationKernels.maxPool(rows: rows, parameters)
    }

    public static func resizeBilinear(rows: Range<Int>, _ parameters: BilinearResizeParameters) {
        SegmentationKernels.resizeBilinear(rows: rows, parameters)
    }

    public static func concatenate(
        _ input: UnsafePointer<Float>, channels: Int, pixels: Range<Int>, into output: UnsafeMutablePointer<Float>,
        outputChannels: Int, offset: Int
    ) {
        SegmentationKernels.concatenate(
            input, channels: channels, pixels: pixels, into: output, outputChannels: outputChannels, offset: offset)
    }

    public static func sigmoid(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        SegmentationKernels.sigmoid(input, out, count: count)
    }
}

/// FMA hardware: `addingProduct` is one instruction. Declared here so that generic kernels specialized for it are compiled only in this module.
public enum AVX2MultiplyAdd: MultiplyAdd {
    @inlinable public static var fused: Bool { true }
}
