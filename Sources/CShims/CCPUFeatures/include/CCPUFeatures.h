#ifndef CLOSET_CPU_FEATURES_H
#define CLOSET_CPU_FEATURES_H
/// 1 when the CPU and OS support AVX2, FMA and F16C (x86-64-v3 vector code), else 0.
int closet_cpu_has_avx2_fma(void);

/// 1 when the CPU has AVX-512 F, DQ, BW and VL (with AVX2, FMA) and the OS saves the ZMM state, else 0.
int closet_cpu_has_avx512(void);

/// The decision behind closet_cpu_has_avx512, from the raw bits: CPUID leaf 1 ECX, leaf 7 EBX, and XCR0
/// as XGETBV reads it (the OS must have enabled the SSE, AVX, opmask and both ZMM states: bits 1, 2, 5, 6, 7).
int closet_avx512_usable(unsigned leaf1_ecx, unsigned leaf7_ebx, unsigned long long xcr0);
/// Asks the CPU to bring the cache line holding `p` into L2 ahead of use (a hint: no fault, no effect on results).
static inline void closet_prefetch_l2(const void *p) { __builtin_prefetch(p, 0, 2); }
#endif
