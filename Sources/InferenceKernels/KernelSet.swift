/// One compiled set of the engine's kernels. The same source is compiled twice: `KernelsAVX2`
/// (AVX2 + FMA, chosen at run time when the CPU has them) and `KernelsPortable` (baseline x86-64 or
/// any other CPU). Each call covers a whole operator or a thread's slice of one, so the dispatch
/// through this protocol costs nothing measurable.
public protocol KernelSet {
    static var name: String { get }

    static func gemm(
        rows: Range<Int>, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, activation: Activation)

    static func depthwise(
        rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int,
        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, kh: Int, kw: Int, strideH: Int,
        strideW: Int, padTop: Int, padLeft: Int, output: UnsafeMutablePointer<Float>, ow: Int,
        activation: Activation, zeros: UnsafePointer<Float>)

    static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        activation: Activation)

    static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, c: Int, _ out: UnsafeMutablePointer<Float>)

    static func convolution(
        rows: Range<Int>, input: UnsafePointer<Float>, ih: Int, iw: Int, c: Int, kh: Int, kw: Int,
        strideH: Int, strideW: Int, padTop: Int, padLeft: Int, ow: Int, n: Int, packedB: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, activation: Activation,
        scratch: UnsafeMutablePointer<Float>)
}
