import InferenceKernels

extension KernelsAVX2 {
    public static func winogradConvolution(rows: Range<Int>, _ parameters: WinogradParameters) {
        Winograd.run(fused: true, rows: rows, parameters)
    }
}
