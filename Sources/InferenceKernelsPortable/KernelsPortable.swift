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
}

/// No FMA instruction assumed: a multiply, then an add. Declared here so that generic kernels specialized for it are compiled only in this module.
public enum PortableMultiplyAdd: MultiplyAdd {
    @inlinable public static var fused: Bool { false }
}
