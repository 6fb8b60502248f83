// Helpers shared by the int8 kernel files: unaligned loads and the requantization, scalar and AVX2.
#ifndef CLOSET_INT8_INTERNAL_H
#define CLOSET_INT8_INTERNAL_H
#include "InferenceKernelsInt8.h"
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define CLOSET_AVX2 __attribute__((target("avx2,fma")))

/// The requantized value's bound before rounding: any sum past it clamps to the same byte, and it keeps the
/// float-to-int conversion inside int32 (AVX2's `vcvtps2dq` and C's conversion agree there).
#define CLOSET_INT8_LIMIT 65536.0f

static inline uint32_t closet_load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// The first `count` (< 4) bytes at `p`, zeros above: the last group of a row whose k is not a multiple of 4.
static inline uint32_t closet_load_tail(const uint8_t *p, int count) {
    uint32_t v = 0;
    memcpy(&v, p, (size_t)count);
    return v;
}

/// One sum to a byte: `clamp(rint(float(acc) · scale) + zero_point, lo, hi)`, rounding to nearest even as the
/// vector conversion does.
static inline uint8_t closet_requantize(int32_t acc, float scale, int zero_point, int lo, int hi) {
    float v = (float)acc * scale;
    v = v < -CLOSET_INT8_LIMIT ? -CLOSET_INT8_LIMIT : (v > CLOSET_INT8_LIMIT ? CLOSET_INT8_LIMIT : v);
    int r = (int)rintf(v) + zero_point;
    r = r < lo ? lo : (r > hi ? hi : r);
    return (uint8_t)r;
}

#if defined(__x86_64__)
/// Eight sums to eight bytes (the low 8 bytes of the result), exactly as `closet_requantize` does each.
CLOSET_AVX2 static inline __m128i closet_requantize8(__m256i acc, const float *scale, __m256i zero_point, __m256i lo,
                                                     __m256i hi) {
    __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(acc), _mm256_loadu_ps(scale));
    v = _mm256_min_ps(_mm256_max_ps(v, _mm256_set1_ps(-CLOSET_INT8_LIMIT)), _mm256_set1_ps(CLOSET_INT8_LIMIT));
    __m256i r = _mm256_add_epi32(_mm256_cvtps_epi32(v), zero_point);
    r = _mm256_min_epi32(_mm256_max_epi32(r, lo), hi);
    __m256i w = _mm256_packs_epi32(r, r);  // lane 0: r0-3 twice; lane 1: r4-7 twice
    w = _mm256_packus_epi16(w, w);         // lane 0: bytes r0-3 four times; lane 1: r4-7
    return _mm_unpacklo_epi32(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
}

/// Stores the low `count` (≤ 8) bytes of `v`.
CLOSET_AVX2 static inline void closet_store_bytes(uint8_t *p, __m128i v, int count) {
    if (count == 8) {
        _mm_storel_epi64((__m128i *)p, v);
    } else {
        uint8_t tmp[16];
        _mm_storeu_si128((__m128i *)tmp, v);
        memcpy(p, tmp, (size_t)count);
    }
}
#endif

void closet_qgemm_portable(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qgemm_avx2_narrow(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qgemm_avx2(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qgemm_avxvnni(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qgemm_vnni_emulated(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qgemm_avx512vnni(int row_start, int row_end, const closet_qgemm_params *p);
void closet_qdepthwise_portable(int row_start, int row_end, const closet_qdepthwise_params *p);
void closet_qdepthwise_avx2(int row_start, int row_end, const closet_qdepthwise_params *p);
#endif
