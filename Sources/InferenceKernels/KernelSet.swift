/// One compiled set of the engine's kernels. The same source is compiled three times: `KernelsAVX512`,
/// `KernelsAVX2` (AVX2 + FMA) and `KernelsPortable` (baseline x86-64 or any other CPU), one chosen at run time
/// by CPUID. Each call covers a whole operator or a thread's slice of its rows, described by a parameter
/// struct (`KernelParameters.swift`), so the dispatch through this protocol costs nothing measurable.
public protocol KernelSet {
    static var name: String { get }

    /// Rows `rows` of `C = act(A · B + bias)`.
    static func gemm(rows: Range<Int>, _ parameters: GEMMParameters)

    /// Output rows `rows` of a depthwise convolution.
    static func depthwise(rows: Range<Int>, _ parameters: DepthwiseParameters)

    static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        activation: Activation)

    static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, c: Int, _ out: UnsafeMutablePointer<Float>)

    /// Output rows `rows` of a general convolution.
    static func convolution(rows: Range<Int>, _ parameters: ConvolutionParameters)

    // The segmentation network's operators (`SegmentationKernels.swift`).

    /// Output rows `rows` of a dilated convolution.
    static func dilatedConvolution(rows: Range<Int>, _ parameters: DilatedConvolutionParameters)

    /// Output rows `rows` of a max pooling.
    static func maxPool(rows: Range<Int>, _ parameters: MaxPoolParameters)

    /// Output rows `rows` of a bilinear resize.
    static func resizeBilinear(rows: Range<Int>, _ parameters: BilinearResizeParameters)

    /// One input of a concatenation along channels, pixels `pixels`.
    static func concatenate(
        _ input: UnsafePointer<Float>, channels: Int, pixels: Range<Int>, into output: UnsafeMutablePointer<Float>,
        outputChannels: Int, offset: Int)

    /// `out = 1 / (1 + e^−x)`.
    static func sigmoid(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int)

    /// Output tile rows `rows` of a 3×3 stride-1 convolution through Winograd's F(4×4, 3×3) (`Winograd.swift`;
    /// each set's entry is in its `Winograd*.swift`).
    static func winogradConvolution(rows: Range<Int>, _ parameters: WinogradParameters)
}
