#include "internal.h"
#if defined(__x86_64__)
#include <cpuid.h>
#endif

unsigned closet_int8_levels_from(unsigned leaf1_ecx, unsigned leaf7_ebx, unsigned leaf7_ecx, unsigned leaf7_1_eax,
                                 unsigned long long xcr0) {
    const unsigned osxsave = 1u << 27, avx = 1u << 28, fma = 1u << 12;
    const unsigned avx2 = 1u << 5, f = 1u << 16, bw = 1u << 30, vl = 1u << 31;
    const unsigned avx512vnni = 1u << 11, avxvnni = 1u << 4;
    unsigned levels = 1u << CLOSET_INT8_PORTABLE;
    if ((leaf1_ecx & (osxsave | avx | fma)) != (osxsave | avx | fma)) return levels;
    // The OS must save the SSE and AVX state (XCR0 bits 1 and 2) for any 256-bit code.
    if (!(leaf7_ebx & avx2) || (xcr0 & 0x6) != 0x6) return levels;
    levels |= (1u << CLOSET_INT8_AVX2) | (1u << CLOSET_INT8_VNNI_EMULATED);
    if (leaf7_1_eax & avxvnni) levels |= 1u << CLOSET_INT8_AVXVNNI;
    // AVX-512 needs the opmask and both ZMM states too (bits 5, 6, 7).
    if ((leaf7_ebx & (f | bw | vl)) == (f | bw | vl) && (leaf7_ecx & avx512vnni) && (xcr0 & 0xE6) == 0xE6)
        levels |= 1u << CLOSET_INT8_AVX512VNNI;
    return levels;
}

unsigned closet_int8_levels(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 1u << CLOSET_INT8_PORTABLE;
    const unsigned leaf1_ecx = c;
    if (!(leaf1_ecx & (1u << 27)) || __get_cpuid_max(0, 0) < 7) return 1u << CLOSET_INT8_PORTABLE;  // no XGETBV
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned leaf7_ebx = b, leaf7_ecx = c, subleaves = a;
    unsigned leaf7_1_eax = 0;
    if (subleaves >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        leaf7_1_eax = a;
    }
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return closet_int8_levels_from(leaf1_ecx, leaf7_ebx, leaf7_ecx, leaf7_1_eax, ((unsigned long long)hi << 32) | lo);
#else
    return 1u << CLOSET_INT8_PORTABLE;
#endif
}
