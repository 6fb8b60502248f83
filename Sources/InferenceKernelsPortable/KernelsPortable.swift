import InferenceKernels

/// The engine's kernels compiled for any CPU (baseline instruction set, separate multiply and add).
public enum KernelsPortable: KernelSet {
    public static let name = "portable"

    public static func gemm(rows: Range<Int>, _ parameters: GEMMParameters) {
        GEMM.run(fused: false, rows: rows, parameters)
    }

    public static func depthwise(rows: Range<Int>, _ parameters: DepthwiseParameters) {
        Depthwise.run(PortableMultiplyAdd.self, rows: rows, parameters)
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
        Convolution.run(fused: false, rows: rows, parameters)
    }

    public static func dilatedConvolution(rows: Range<Int>, _ parameters: DilatedConvolutionParameters) {
        SegmentationKernels.dilatedConvolution(fused: false, rows: rows, parameters)
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

/// No FMA instruction assumed: a multiply, then an add. Declared here so that generic kernels specialized for it are compiled only in this module.
public enum PortableMultiplyAdd: MultiplyAdd {
    @inlinable public static var fused: Bool { false }
}
