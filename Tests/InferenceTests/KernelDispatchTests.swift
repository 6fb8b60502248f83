import Inference
import TestSupport
import XCTest

/// Which kernel set runs: CPUID and XGETBV decide, CLOSET_KERNELS asks, and a set the CPU cannot run is never chosen.
final class KernelDispatchTests: XCTestCase {
    // CPUID leaf 1 ECX: FMA (12), OSXSAVE (27), AVX (28), F16C (29); leaf 7 EBX: AVX2 (5), F (16), DQ (17), BW (30), VL (31).
    let leaf1: UInt32 = (1 << 12) | (1 << 27) | (1 << 28) | (1 << 29)
    let leaf7: UInt32 = (1 << 5) | (1 << 16) | (1 << 17) | (1 << 30) | (1 << 31)

    func testAVX512NeedsTheCPUBitsAndTheOSToSaveTheZMMState() {
        XCTAssertTrue(KernelDispatch.avx512Usable(leaf1ECX: leaf1, leaf7EBX: leaf7, xcr0: 0xE7))
        // The OS saves only SSE and AVX state (XCR0 = 0x7): ZMM registers would be lost on a context switch.
        XCTAssertFalse(KernelDispatch.avx512Usable(leaf1ECX: leaf1, leaf7EBX: leaf7, xcr0: 0x07))
        for bit in [5, 6, 7] as [UInt64] {
            XCTAssertFalse(KernelDispatch.avx512Usable(leaf1ECX: leaf1, leaf7EBX: leaf7, xcr0: 0xE7 & ~(1 << bit)), "XCR0 bit \(bit)")
        }
        for bit in [16, 17, 30, 31] as [UInt32] {
            XCTAssertFalse(KernelDispatch.avx512Usable(leaf1ECX: leaf1, leaf7EBX: leaf7 & ~(1 << bit), xcr0: 0xE7), "leaf 7 bit \(bit)")
        }
        XCTAssertFalse(KernelDispatch.avx512Usable(leaf1ECX: leaf1 & ~(1 << 27), leaf7EBX: leaf7, xcr0: 0xE7), "no OSXSAVE")
    }

    func testTheChoiceAndWhatCLOSETKERNELSMayAskFor() {
        XCTAssertEqual(KernelDispatch.supported(avx512: true, avx2: true), [.avx512, .avx2, .portable])
        XCTAssertEqual(KernelDispatch.supported(avx512: false, avx2: true), [.avx2, .portable])
        XCTAssertEqual(KernelDispatch.supported(avx512: true, avx2: false), [.portable])
        let avx2Only: [KernelDispatch.Choice] = [.avx2, .portable]
        XCTAssertEqual(KernelDispatch.choose(requested: nil, supported: avx2Only), .avx2)
        XCTAssertEqual(KernelDispatch.choose(requested: "portable", supported: avx2Only), .portable)
        XCTAssertEqual(KernelDispatch.choose(requested: "AVX512", supported: avx2Only), .avx2, "never a set the CPU lacks")
        XCTAssertEqual(KernelDispatch.choose(requested: "avx512", supported: [.avx512, .avx2, .portable]), .avx512)
        XCTAssertNotNil(KernelDispatch.refusal(requested: "avx512", supported: avx2Only))
        XCTAssertNotNil(KernelDispatch.refusal(requested: "sse", supported: avx2Only))
        XCTAssertNil(KernelDispatch.refusal(requested: "avx2", supported: avx2Only))
    }

    /// Says which kernel sets the operator and whole-network tests ran on this CPU, and why any was left out.
    func testEveryKernelSetRunsOrIsSkippedWithAReason() throws {
        for choice in KernelDispatch.Choice.allCases {
            if KernelDispatch.supported.contains(choice) {
                print("kernel set \(choice.rawValue): tested on this CPU (\(choice.kernels.name))")
            } else {
                print("kernel set \(choice.rawValue): skipped — this CPU (or its OS) cannot run it")
            }
        }
        XCTAssertTrue(KernelDispatch.supported.contains(.portable))
        XCTAssertEqual(KernelDispatch.usable.count, KernelDispatch.supported.count)
        if !KernelDispatch.supported.contains(.avx512) {
            throw Requirement.notOnThisCPU("no AVX-512 here: the avx512 kernels were not run")
        }
    }
}
