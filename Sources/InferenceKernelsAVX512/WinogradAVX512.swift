import InferenceKernels
import InferenceKernelsAVX2

extension KernelsAVX512 {
    /// The AVX2 build's: the GEMMs are its 6×16 tiles, as for the general convolutions.
    public static func winogradConvolution(rows: Range<Int>, _ parameters: WinogradParameters) {
        KernelsAVX2.winogradConvolution(rows: rows, parameters)
    }
}
