import Inference
import InferenceKernels
import TestSupport
import XCTest

/// Each kernel set's `gemm`, `depthwise` and `convolution`, called directly (`KernelTesters.swift`), over the
/// shapes that pick different code: m from 1 to twice the largest tile (6 rows for the AVX2 and portable tile,
/// 7 for AVX-512's 7×32 tile, 14 for its `GEMM16` tile) and m ≥ 112 with k ≥ 192, where `GEMM16` runs (before
/// these, only the whole model reached it); n from 1 to 48 (partial, whole and paired 16-column panels); k at
/// 127/128 and 191/192 (either side of the AVX-512 paths' thresholds); strided A and C; row ranges that do not
/// start at 0; and the ReLU and ReLU6 clamps. A set this CPU cannot run is skipped, saying so (the only skip
/// `CLOSET_REQUIRE_ALL=1` keeps).
final class KernelTesterTests: XCTestCase {
    // MARK: GEMM

    func testGEMMPortable() throws { gemm(try kernels(.portable)) }
    func testGEMMAVX2() throws { gemm(try kernels(.avx2)) }
    func testGEMMAVX512() throws { gemm(try kernels(.avx512)) }

    func gemm(_ kernels: any KernelSet.Type) {
        let tester = GEMMTester()
        // m from 1 to 2·14 (every tile height's full and partial tiles), with n = 33 (two panels and one column: the
        // 7×32 tile and a rest) and k = 128.
        for m in 1...28 { tester.m(m).n(33).k(128).test(kernels) }
        // n from 1 to 48: partial, whole and paired panels, on a 6-row tile and a rest (a whole 7×32 tile on AVX-512).
        for n in 1...48 { tester.m(7).n(n).k(128).test(kernels) }
        // k either side of the thresholds (128 for the 7×32 tile, 192 for GEMM16), on short and tall m.
        for k in [1, 16, 127, 128, 191, 192] {
            for m in [1, 7, 13, 49] { for n in [17, 48] { tester.m(m).n(n).k(k).test(kernels) } }
        }
        // m ≥ 112: the GEMM16 path on AVX-512 (k ≥ 192), full 14-row tiles and a rest; k = 191 falls back.
        for m in [112, 126] { for n in [17, 48] { for k in [191, 192] { tester.m(m).n(n).k(k).test(kernels) } } }
        tester.m(141).n(48).k(192).test(kernels)
        // Strided A and C: A's padding is NaN and must not be read, C's must not be written.
        for (m, n, k) in [(1, 5, 16), (6, 16, 128), (7, 33, 128), (14, 48, 127), (49, 32, 192), (112, 48, 192)] {
            tester.m(m).n(n).k(k).lda(k + 3).ldc(n + 5).test(kernels)
        }
        // Row ranges that start past 0 (a thread's slice): the rows before are not touched.
        for (start, m, n, k) in [(1, 2, 16, 16), (5, 11, 17, 128), (7, 21, 48, 128), (13, 125, 48, 192), (3, 115, 32, 192)] {
            tester.m(m).n(n).k(k).rowStart(start).test(kernels)
            tester.m(m).n(n).k(k).rowStart(start).lda(k + 1).ldc(n + 2).test(kernels)
        }
        // The clamps, on every path.
        for activation in [Activation.relu, .relu6] {
            for (m, n, k) in [(1, 7, 16), (6, 16, 128), (7, 48, 128), (13, 33, 64), (112, 48, 192)] {
                tester.m(m).n(n).k(k).activation(activation).test(kernels)
            }
        }
    }

    // MARK: Depthwise

    func testDepthwisePortable() throws { depthwise(try kernels(.portable)) }
    func testDepthwiseAVX2() throws { depthwise(try kernels(.avx2)) }
    func testDepthwiseAVX512() throws { depthwise(try kernels(.avx512)) }

    func depthwise(_ kernels: any KernelSet.Type) {
        let tester = DepthwiseTester()
        // 3×3 (the swept rows) and 5×5 (runs of four and of seven), strides 1 and 2, with MobileNet's symmetric
        // padding, TensorFlow's "SAME" (more at the bottom and right), less than half the kernel, and none.
        for kernel in [3, 5] {
            for stride in [1, 2] {
                let half = kernel / 2
                for pad in [[half, half, half, half], [0, 0, 1, 1], [half - 1, half - 1, half, half], [0, 0, 0, 0]] {
                    for (size, c) in [(7, 8), (14, 17), (15, 24), (11, 1), (kernel, 9)] {
                        tester.with {
                            ($0.ih, $0.iw, $0.c, $0.kh, $0.kw, $0.stride, $0.pad) = (size, size + 1, c, kernel, kernel, stride, pad)
                        }.test(kernels)
                    }
                }
            }
        }
        // Other windows (up to 25 taps), pixel by pixel through tap pointers.
        for (kh, kw) in [(1, 1), (2, 2), (3, 5), (5, 3), (1, 5)] {
            for stride in [1, 2] {
                tester.with {
                    ($0.ih, $0.iw, $0.c, $0.kh, $0.kw, $0.stride, $0.pad) = (9, 10, 12, kh, kw, stride, [kh / 2, kw / 2, kh / 2, kw / 2])
                }.test(kernels)
            }
        }
        // Channels either side of the 8-lane block.
        for c in [1, 7, 8, 9, 15, 16, 17, 40] { tester.with { ($0.ih, $0.iw, $0.c) = (5, 9, c) }.test(kernels) }
        // Row ranges that do not start at 0 (a thread's or a band's slice), and a single row.
        for (kernel, start, end) in [(3, 2, 5), (5, 3, 4), (3, 6, 7), (5, 1, 7), (3, 4, 6)] {
            tester.with {
                ($0.ih, $0.iw, $0.c, $0.kh, $0.kw, $0.pad, $0.rowStart, $0.rowEnd) = (
                    7, 12, 16, kernel, kernel, [kernel / 2, kernel / 2, kernel / 2, kernel / 2], start, end
                )
            }.test(kernels)
        }
        // The clamps.
        for activation in [Activation.relu, .relu6] {
            for kernel in [3, 5] {
                tester.with { ($0.ih, $0.iw, $0.c, $0.kh, $0.kw, $0.activation) = (9, 13, 17, kernel, kernel, activation) }.test(kernels)
            }
        }
    }

    // MARK: Convolution

    func testConvolutionPortable() throws { convolution(try kernels(.portable)) }
    func testConvolutionAVX2() throws { convolution(try kernels(.avx2)) }
    func testConvolutionAVX512() throws { convolution(try kernels(.avx512)) }

    func convolution(_ kernels: any KernelSet.Type) {
        let tester = ConvolutionTester()
        // The stem (3×3 stride 2 over 3 channels), 1×1 with stride or padding, 3×3 and 5×5 with each padding.
        for (kernel, stride, pad) in [
            (3, 2, [0, 0, 1, 1]), (3, 2, [1, 1, 1, 1]), (3, 1, [1, 1, 1, 1]), (1, 2, [0, 0, 0, 0]), (1, 1, [1, 0, 0, 1]),
            (5, 1, [2, 2, 2, 2]), (5, 2, [1, 1, 2, 2]), (3, 1, [0, 0, 0, 0]),
        ] {
            for (size, c) in [(9, 3), (7, 8), (6, 17), (kernel, 1)] {
                for n in [1, 16, 17, 48] {
                    tester.with { ($0.ih, $0.iw, $0.c, $0.kh, $0.kw, $0.stride, $0.pad) = (size, size + 2, c, kernel, kernel, stride, pad) }
                        .n(n)
                        .test(kernels)
                }
            }
        }
        // Row ranges that do not start at 0, and the clamps.
        for (start, end) in [(1, 3), (4, 5), (2, 9)] {
            tester.with { ($0.ih, $0.iw, $0.c, $0.rowStart, $0.rowEnd) = (9, 10, 5, start, end) }.n(33).test(kernels)
        }
        for activation in [Activation.relu, .relu6] {
            tester.with { ($0.ih, $0.iw, $0.c, $0.stride, $0.activation) = (8, 8, 16, 2, activation) }.n(40).test(kernels)
        }
    }
}
