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

static double peak16(void) {
    const long iterations = 100000000;
    double best = 0;
    for (int round = 0; round < 3; round++) {
        long n = iterations;
        double start = seconds();
        __asm__ volatile(
            "vxorps %%zmm0,%%zmm0,%%zmm0\n vxorps %%zmm1,%%zmm1,%%zmm1\n vxorps %%zmm2,%%zmm2,%%zmm2\n"
            "vxorps %%zmm3,%%zmm3,%%zmm3\n vxorps %%zmm4,%%zmm4,%%zmm4\n vxorps %%zmm5,%%zmm5,%%zmm5\n"
            "vxorps %%zmm6,%%zmm6,%%zmm6\n vxorps %%zmm7,%%zmm7,%%zmm7\n vxorps %%zmm8,%%zmm8,%%zmm8\n"
            "vxorps %%zmm9,%%zmm9,%%zmm9\n vxorps %%zmm10,%%zmm10,%%zmm10\n vxorps %%zmm11,%%zmm11,%%zmm11\n"
            "1:\n"
            "vfmadd231ps %%zmm14,%%zmm15,%%zmm0\n vfmadd231ps %%zmm14,%%zmm15,%%zmm1\n vfmadd231ps %%zmm14,%%zmm15,%%zmm2\n"
            "vfmadd231ps %%zmm14,%%zmm15,%%zmm3\n vfmadd231ps %%zmm14,%%zmm15,%%zmm4\n vfmadd231ps %%zmm14,%%zmm15,%%zmm5\n"
            "vfmadd231ps %%zmm14,%%zmm15,%%zmm6\n vfmadd231ps %%zmm14,%%zmm15,%%zmm7\n vfmadd231ps %%zmm14,%%zmm15,%%zmm8\n"
            "vfmadd231ps %%zmm14,%%zmm15,%%zmm9\n vfmadd231ps %%zmm14,%%zmm15,%%zmm10\n vfmadd231ps %%zmm14,%%zmm15,%%zmm11\n"
            "dec %0\n jnz 1b\n"
            : "+r"(n)
            :
            : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "cc");
        double gflops = iterations * 12.0 * 32 / (seconds() - start) / 1e9;
        if (gflops > best) best = gflops;
    }
    return best;
}

int main(void) {
    const long iterations = 100000000;
    double best = 0;
    for (int round = 0; round < 3; round++) {
        long n = iterations;
        double start = seconds();
        __asm__ volatile(
            "vxorps %%ymm0,%%ymm0,%%ymm0\n vxorps %%ymm1,%%ymm1,%%ymm1\n vxorps %%ymm2,%%ymm2,%%ymm2\n"
            "vxorps %%ymm3,%%ymm3,%%ymm3\n vxorps %%ymm4,%%ymm4,%%ymm4\n vxorps %%ymm5,%%ymm5,%%ymm5\n"
            "vxorps %%ymm6,%%ymm6,%%ymm6\n vxorps %%ymm7,%%ymm7,%%ymm7\n vxorps %%ymm8,%%ymm8,%%ymm8\n"
            "vxorps %%ymm9,%%ymm9,%%ymm9\n vxorps %%ymm10,%%ymm10,%%ymm10\n vxorps %%ymm11,%%ymm11,%%ymm11\n"
            "1:\n"
            "vfmadd231ps %%ymm14,%%ymm15,%%ymm0\n vfmadd231ps %%ymm14,%%ymm15,%%ymm1\n vfmadd231ps %%ymm14,%%ymm15,%%ymm2\n"
            "vfmadd231ps %%ymm14,%%ymm15,%%ymm3\n vfmadd231ps %%ymm14,%%ymm15,%%ymm4\n vfmadd231ps %%ymm14,%%ymm15,%%ymm5\n"
            "vfmadd231ps %%ymm14,%%ymm15,%%ymm6\n vfmadd231ps %%ymm14,%%ymm15,%%ymm7\n vfmadd231ps %%ymm14,%%ymm15,%%ymm8\n"
            "vfmadd231ps %%ymm14,%%ymm15,%%ymm9\n vfmadd231ps %%ymm14,%%ymm15,%%ymm10\n vfmadd231ps %%ymm14,%%ymm15,%%ymm11\n"
            "dec %0\n jnz 1b\n"
            : "+r"(n)
            :
            : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "cc");
        double gflops = iterations * 12.0 * 16 / (seconds() - start) / 1e9;
        if (gflops > best) best = gflops;
    }
    printf("FMA peak, one core, 8-lane fp32: %.1f GFLOP/s (MobileNetV2's 300.8 M multiply-adds need at least %.1f ms)\n",
           best, 2 * 300.8e6 / best / 1e6);
    if (has_avx512()) {
        double wide = peak16();
        printf("FMA peak, one core, 16-lane fp32 (AVX-512): %.1f GFLOP/s (at least %.1f ms)\n", wide, 2 * 300.8e6 / wide / 1e6);
    } else {
        printf("16-lane fp32: this CPU (or its OS) has no AVX-512\n");
    }
    return 0;
}
