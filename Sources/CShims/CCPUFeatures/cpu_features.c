#include "CCPUFeatures.h"
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

int closet_cpu_has_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
    return 0;
#endif
}

int closet_avx512_usable(unsigned leaf1_ecx, unsigned leaf7_ebx, unsigned long long xcr0) {
    const unsigned osxsave = 1u << 27, fma = 1u << 12, avx = 1u << 28, f16c = 1u << 29;
    const unsigned avx2 = 1u << 5, f = 1u << 16, dq = 1u << 17, bw = 1u << 30, vl = 1u << 31;
    if ((leaf1_ecx & (osxsave | fma | avx | f16c)) != (osxsave | fma | avx | f16c)) return 0;
    if ((leaf7_ebx & (avx2 | f | dq | bw | vl)) != (avx2 | f | dq | bw | vl)) return 0;
    return (xcr0 & 0xE6) == 0xE6;
}

int closet_cpu_has_avx512(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    unsigned leaf1_ecx = c;
    if (!(leaf1_ecx & (1u << 27))) return 0;   // no XGETBV without OSXSAVE
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return closet_avx512_usable(leaf1_ecx, b, ((unsigned long long)hi << 32) | lo);
#else
    return 0;
#endif
}
