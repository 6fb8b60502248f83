/* The machine's single-core FMA ceiling: twelve independent 8-lane FMA chains in inline assembly, so
 * no compiler choice (spills, stores, dependencies) stands between the figure and the hardware.
 *
 *     cc -O2 tools/bench/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 *
 * The engine's GEMM micro-kernel (`closet bench engine --kernel-peak`) is measured against this. x86-64 only. */
#include <stdio.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
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
    return 0;
}
