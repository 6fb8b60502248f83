import CCPUFeatures
import InferenceKernels
import InferenceKernelsAVX2
import InferenceKernelsPortable

/// Chooses the kernel build the CPU can run: AVX2+FMA when CPUID says so, the portable one otherwise.
/// `CLOSET_KERNELS=portable` forces the portable build (tests use it to cover that path).
public enum KernelDispatch {
    public static var best: any KernelSet.Type {
        if ProcessInfo.processInfo.environment["CLOSET_KERNELS"] == "portable" { return KernelsPortable.self }
        return closet_cpu_has_avx2_fma() == 1 ? KernelsAVX2.self : KernelsPortable.self
    }

    public static var portable: any KernelSet.Type { KernelsPortable.self }

    /// The kernel builds this CPU can run (tests check each against the same references).
    public static var usable: [any KernelSet.Type] {
        closet_cpu_has_avx2_fma() == 1 ? [KernelsAVX2.self, KernelsPortable.self] : [KernelsPortable.self]
    }
}

import Foundation
