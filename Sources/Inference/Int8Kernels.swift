import InferenceKernelsInt8

/// The int8 kernels (`Sources/InferenceKernelsInt8`, C): a 1×1 convolution's GEMM and a depthwise convolution on u8
/// activations and s8 per-channel weights, summed exactly in s32 and requantized to u8. Each level gives the same
/// bytes; CPUID and XGETBV say which this CPU runs, and the fastest is used.
public enum Int8Kernels {
    public enum Level: Int32, CaseIterable, Sendable {
        case portable = 0
        /// `vpmaddubsw` when the weights fit in 7 bits, else `vpmaddwd` on sign-extended weights (`vpmaddubsw` would
        /// saturate pairs of 255 · −128): exact either way.
        case avx2 = 1
        /// `vpdpbusd` on 256 bits (Alder Lake, Sapphire Rapids, Zen 5).
        case avxVNNI = 2
        /// `vpdpbusd` on 512 bits (Ice Lake, Sapphire Rapids, Zen 4 and later).
        case avx512VNNI = 3
        /// The AVX-VNNI kernel with `vpdpbusd` emulated in AVX2: its packing and tiling tested without VNNI.
        case vnniEmulated = 4

        public var name: String {
            switch self {
            case .portable: "portable"
            case .avx2: "avx2"
            case .avxVNNI: "avx-vnni"
            case .avx512VNNI: "avx512-vnni"
            case .vnniEmulated: "vnni-emulated"
            }
        }
    }

    /// The levels in a mask from `closet_int8_levels`, fastest first (the emulated one never chosen).
    public static func levels(mask: UInt32) -> [Level] {
        [.avx512VNNI, .avxVNNI, .avx2, .vnniEmulated, .portable].filter { mask & (1 << UInt32($0.rawValue)) != 0 }
    }

    /// What this CPU and OS run, fastest first.
    public static let supported: [Level] = levels(mask: closet_int8_levels())

    /// The level to run.
    public static var best: Level { supported.first { $0 != .vnniEmulated } ?? .portable }

    /// Pure decision from raw CPUID and XGETBV bits (for tests that feed them).
    public static func levels(
        leaf1ECX: UInt32, leaf7EBX: UInt32, leaf7ECX: UInt32, leaf7Subleaf1EAX: UInt32, xcr0: UInt64
    )
        -> [Level]
    {
        levels(mask: closet_int8_levels_from(leaf1ECX, leaf7EBX, leaf7ECX, leaf7Subleaf1EAX, xcr0))
    }

    /// Rows `rows` of an int8 GEMM (`closet_qgemm_params`).
    @inlinable
    public static func gemm(_ level: Level, rows: Range<Int>, _ parameters: closet_qgemm_params) {
        withUnsafePointer(to: parameters) { closet_qgemm(level.rawValue, Int32(rows.lowerBound), Int32(rows.upperBound), $0) }
    }

    /// Output rows `rows` of an int8 depthwise convolution (`closet_qdepthwise_params`).
    @inlinable
    public static func depthwise(_ level: Level, rows: Range<Int>, _ parameters: closet_qdepthwise_params) {
        withUnsafePointer(to: parameters) { closet_qdepthwise(level.rawValue, Int32(rows.lowerBound), Int32(rows.upperBound), $0) }
    }

    /// Row-major s8 `k×n` weights packed for `gemm`.
    public static func pack(_ b: [Int8], k: Int, n: Int) -> [Int8] {
        precondition(b.count == k * n)
        var packed = [Int8](repeating: 0, count: closet_qgemm_packed_size(Int32(k), Int32(n)))
        b.withUnsafeBufferPointer { bp in
            packed.withUnsafeMutableBufferPointer { closet_qgemm_pack(bp.baseAddress!, Int32(k), Int32(n), $0.baseAddress!) }
        }
        return packed
    }

    /// Whether every weight is in [−64, 63] (`closet_qgemm_params.narrow_weights`): AVX2 may then use `vpmaddubsw`.
    public static func weightsAreNarrow(_ b: [Int8]) -> Bool {
        b.withUnsafeBufferPointer { closet_qgemm_weights_narrow($0.baseAddress, $0.count) == 1 }
    }

    /// The s32 bias a GEMM starts from: `bias[j] − zeroPoint · Σ_k b[k][j]`, padded with zeros to a multiple of 8.
    public static func foldGEMMBias(_ b: [Int8], k: Int, n: Int, bias: [Int32], inputZeroPoint: Int) -> [Int32] {
        precondition(b.count == k * n && bias.count == n)
        var out = [Int32](repeating: 0, count: (n + 7) / 8 * 8)
        b.withUnsafeBufferPointer { bp in
            bias.withUnsafeBufferPointer { biasp in
                out.withUnsafeMutableBufferPointer {
                    closet_qgemm_fold_bias(bp.baseAddress!, Int32(k), Int32(n), biasp.baseAddress!, Int32(inputZeroPoint), $0.baseAddress!)
                }
            }
        }
        return out
    }

    /// The s32 bias a depthwise convolution starts from: `bias[c] − zeroPoint · Σ_tap w[tap][c]`.
    public static func foldDepthwiseBias(_ weights: [Int8], taps: Int, c: Int, bias: [Int32], inputZeroPoint: Int) -> [Int32] {
        precondition(weights.count == taps * c && bias.count == c)
        var out = [Int32](repeating: 0, count: c)
        weights.withUnsafeBufferPointer { wp in
            bias.withUnsafeBufferPointer { biasp in
                out.withUnsafeMutableBufferPointer {
                    closet_qdepthwise_fold_bias(
                        wp.baseAddress!, Int32(taps), Int32(c), biasp.baseAddress!, Int32(inputZeroPoint), $0.baseAddress!)
                }
            }
        }
        return out
    }
}
