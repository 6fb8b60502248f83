import InferenceKernels
import InferenceKernelsAVX2

/// The engine's kernels for x86-64 CPUs with AVX-512 (F, DQ, BW, VL): GEMM on 16 lanes for the deep layers with
/// many rows (`GEMM16`, 14×16 tiles) and for those with few (`GEMM7x32`, 7×32 tiles: the 7×7 maps); the depthwise
/// kernels' 8-lane source compiled here, where it has 32 vector registers; everything else is the AVX2 set's (the
/// shared GEMM source compiled with the AVX-512 flags ran 10–16 % slower on Zen 4, which splits 512-bit work in
/// two). Only called after CPUID and XGETBV say the CPU and the OS support it.
public enum KernelsAVX512: KernelSet {
    public static let name = "avx512"

    public static func gemm(rows: Range<Int>, _ p: GEMMParameters) {
        // The 14-row zmm tile pays off only when each tile has enough k to amortise its 14 row stores and
        // pointers, and enough rows that its 14-row tiles are mostly full: on Zen 4 it beat the AVX2 6×16 tile
        // by 3–8 % on the 14×14 layers (196 rows, k 384–576) and lost 13–16 % on the 7×7 ones (49 rows: three
        // tiles and a 7-row rest). There the 7×32 tile: seven full tiles, 105–108 GFLOP/s on the projections
        // against 77–83 for the AVX2 tile. Below that, and for the expansions (k = 16…112, in bands, 4–40 %
        // slower on the 7×32 tile), the AVX2 kernels.
        if rows.count >= GEMM7x32.tileRows && rows.count < GEMM16.minimumRows && p.n >= 32 && p.k >= GEMM7x32.minimumDepth {
            GEMM7x32.run(
                rows: rows, n: p.n, k: p.k, a: p.a, lda: p.lda, packedB: p.packedB, bias: p.bias, c: p.c, ldc: p.ldc,
                activation: p.activation)
        } else if p.k >= GEMM16.minimumDepth && rows.count >= GEMM16.minimumRows {
            GEMM16.run(
                rows: rows, n: p.n, k: p.k, a: p.a, lda: p.lda, packedB: p.packedB, bias: p.bias, c: p.c, ldc: p.ldc,
                activation: p.activation)
        } else {
            KernelsAVX2.gemm(rows: rows, p)
        }
    }

    public static func depthwise(rows: Range<Int>, _ parameters: DepthwiseParameters) {
        Depthwise.run(AVX512MultiplyAdd.self, rows: rows, parameters)
    }

    public static func add(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
        activation: Activation
    ) {
        KernelsAVX2.add(a, b, out, count: count, activation: activation)
    }

    public static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, c: Int, _ out: UnsafeMutablePointer<Float>) {
        KernelsAVX2.globalAveragePool(input, pixels: pixels, c: c, out)
    }

    public static func convolution(rows: Range<Int>, _ parameters: ConvolutionParameters) {
        KernelsAVX2.convolution(rows: rows, parameters)
    }

    // The segmentation operators: the AVX2 set's, as for the other memory-bound operators.
    public static func dilatedConvolution(rows: Range<Int>, _ parameters: DilatedConvolutionParameters) {
        KernelsAVX2.dilatedConvolution(rows: rows, parameters)
    }

    public static func maxPool(rows: Range<Int>, _ parameters: MaxPoolParameters) {
        KernelsAVX2.maxPool(rows: rows, parameters)
    }

    public static func resizeBilinear(rows: Range<Int>, _ parameters: BilinearResizeParameters) {
        KernelsAVX2.resizeBilinear(rows: rows, parameters)
    }

    public static func concatenate(
        _ input: UnsafePointer<Float>, channels: Int, pixels: Range<Int>, into output: UnsafeMutablePointer<Float>,
        outputChannels: Int, offset: Int
    ) {
        KernelsAVX2.concatenate(input, channels: channels, pixels: pixels, into: output, outputChannels: outputChannels, offset: offset)
    }

    public static func sigmoid(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        KernelsAVX2.sigmoid(input, out, count: count)
    }
}

/// FMA hardware, in this module: the depthwise kernels specialized for it are compiled with the AVX-512 flags,
/// so their 8-lane code has 32 vector registers (the seven-pixel 5×5 runs hold 23 vectors).
public enum AVX512MultiplyAdd: MultiplyAdd {
    @inlinable public static var fused: Bool { true }
}
