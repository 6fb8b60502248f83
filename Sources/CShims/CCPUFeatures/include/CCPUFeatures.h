#ifndef CLOSET_CPU_FEATURES_H
#define CLOSET_CPU_FEATURES_H
/// 1 when the CPU and OS support AVX2, FMA and F16C (x86-64-v3 vector code), else 0.
int closet_cpu_has_avx2_fma(void);
#endif
