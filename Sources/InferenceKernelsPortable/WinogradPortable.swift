import InferenceKernels

extension KernelsPortable {
    public static func winogradConvolution(rows: Range<Int>, _ parameters: WinogradParameters) {
        Winograd.run(fused: false, rows: rows, parameters)
    }
}
