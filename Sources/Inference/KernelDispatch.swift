import CCPUFeatures
import InferenceKernels
import InferenceKernelsAVX2
import InferenceKernelsAVX512
import InferenceKernelsPortable

import Foundation

/// Chooses the kernel build the CPU can run: AVX-512 when CPUID says the CPU has F, DQ, BW and VL and
/// XGETBV says the OS saves the ZMM state; else AVX2+FMA; else the portable one. AVX-512 comes first on Zen 4
/// too, which splits 512-bit instructions in two: with its 7×32 tiles for the 7×7 layers and its depthwise
/// kernels' 32 registers it ran the shipped model 6 % faster than the AVX2 set there.
/// `CLOSET_KERNELS=avx512|avx2|portable` asks for one (tests and benchmarks); a set the CPU cannot run is never chosen.
public enum KernelDispatch {
    public enum Choice: String, CaseIterable, Sendable {
        case avx512, avx2, portable

        public var kernels: any KernelSet.Type {
            switch self {
            case .avx512: KernelsAVX512.self
            case .avx2: KernelsAVX2.self
            case .portable: KernelsPortable.self
            }
        }
    }

    /// What this CPU and OS can run, the one to use first.
    public static let supported: [Choice] = supported(avx512: closet_cpu_has_avx512() == 1, avx2: closet_cpu_has_avx2_fma() == 1)

    public static func supported(avx512: Bool, avx2: Bool) -> [Choice] {
        guard avx2 else { return [.portable] }
        return avx512 ? [.avx512, .avx2, .portable] : [.avx2, .portable]
    }

    /// The set to run: the one `CLOSET_KERNELS` names when the CPU supports it, else the fastest supported.
    public static func choose(requested: String?, supported: [Choice]) -> Choice {
        if let requested, let choice = Choice(rawValue: requested.lowercased()), supported.contains(choice) { return choice }
        return supported[0]
    }

    /// Why a requested set was not used (nil when it was, or none was requested).
    public static func refusal(requested: String?, supported: [Choice]) -> String? {
        guard let requested, !requested.isEmpty else { return nil }
        guard let choice = Choice(rawValue: requested.lowercased()) else {
            return "CLOSET_KERNELS=\(requested) is not a kernel set (avx512, avx2 or portable)"
        }
        return supported.contains(choice) ? nil : "this CPU cannot run the \(choice.rawValue) kernels"
    }

    public static var best: any KernelSet.Type {
        choose(requested: ProcessInfo.processInfo.environment["CLOSET_KERNELS"], supported: supported).kernels
    }

    public static var portable: any KernelSet.Type { KernelsPortable.self }

    /// The kernel builds this CPU can run (tests check each against the same references).
    public static var usable: [any KernelSet.Type] { supported.map(\.kernels) }

    /// Pure decision from raw CPUID and XGETBV bits (exposed for tests that feed them).
    public static func avx512Usable(leaf1ECX: UInt32, leaf7EBX: UInt32, xcr0: UInt64) -> Bool {
        closet_avx512_usable(leaf1ECX, leaf7EBX, xcr0) == 1
    }
}
