/* The machine's single-core FMA ceiling: twelve independent FMA chains in inline assembly, so no
 * compiler choice (spills, stores, dependencies) stands between the figure and the hardware. 8-lane
 * (AVX2) always; 16-lane (AVX-512) too when CPUID and XGETBV say the CPU and the OS support it.
 *
 *     cc -O2 tools/bench/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 *
 * The engine's GEMM micro-kernel (`closet bench engine --kernel-peak`) is measured against this. x86-64 only. */
#include <cpuid.h>
#include <stdio.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* AVX-512F with the ZMM state enabled by the OS (XCR0 bits 1, 2, 5, 6, 7). */
static int has_avx512(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;
}

/* Twelve independent FMA chains on registers R (ymm or zmm), `n` times round the loop. */
#define FMA_LOOP(R, n)                                                                                              \
    __asm__ volatile(                                                                                               \
        "vxorps %%" R "0,%%" R "0,%%" R "0\n vxorps %%" R "1,%%" R "1,%%" R "1\n vxorps %%" R "2,%%" R "2,%%" R "2\n" \
        "vxorps %%" R "3,%%" R "3,%%" R "3\n vxorps %%" R "4,%%" R "4,%%" R "4\n vxorps %%" R "5,%%" R "5,%%" R "5\n" \
        "vxorps %%" R "6,%%" R "6,%%" R "6\n vxorps %%" R "7,%%" R "7,%%" R "7\n vxorps %%" R "8,%%" R "8,%%" R "8\n" \
        "vxorps %%" R "9,%%" R "9,%%" R "9\n vxorps %%" R "10,%%" R "10,%%" R "10\n vxorps %%" R "11,%%" R "11,%%" R "11\n" \
        "1:\n"                                                                                                      \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "0\n vfmadd231ps %%" R "14,%%" R "15,%%" R "1\n"                        \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "2\n vfmadd231ps %%" R "14,%%" R "15,%%" R "3\n"                        \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "4\n vfmadd231ps %%" R "14,%%" R "15,%%" R "5\n"                        \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "6\n vfmadd231ps %%" R "14,%%" R "15,%%" R "7\n"                        \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "8\n vfmadd231ps %%" R "14,%%" R "15,%%" R "9\n"                        \
        "vfmadd231ps %%" R "14,%%" R "15,%%" R "10\n vfmadd231ps %%" R "14,%%" R "15,%%" R "11\n"                      \
        "dec %0\n jnz 1b\n"                                                                                          \
        : "+r"(n)                                                                                                   \
        :                                                                                                           \
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "cc")

/* GFLOP/s of the best of three rounds: 12 chains of `lanes`-wide FMAs (2 flops a lane). */
static double peak(int lanes) {
    const long iterations = 100000000;
    double best = 0;
    for (int round = 0; round < 3; round++) {
        long n = iterations;
        double start = seconds();
        if (lanes == 16) { FMA_LOOP("zmm", n); } else { FMA_LOOP("ymm", n); }
        double gflops = iterations * 12.0 * 2 * lanes / (seconds() - start) / 1e9;
        if (gflops > best) best = gflops;
    }
    return best;
}

int main(void) {
    double best = peak(8);
    printf("FMA peak, one core, 8-lane fp32: %.1f GFLOP/s (MobileNetV2's 300.8 M multiply-adds need at least %.1f ms)\n",
           best, 2 * 300.8e6 / best / 1e6);
    if (has_avx512()) {
        double wide = peak(16);
        printf("FMA peak, one core, 16-lane fp32 (AVX-512): %.1f GFLOP/s (at least %.1f ms)\n", wide, 2 * 300.8e6 / wide / 1e6);
    } else {
        printf("16-lane fp32: this CPU (or its OS) has no AVX-512\n");
    }
    return 0;
}
