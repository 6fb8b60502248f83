// The AVX2 int8 GEMM: 4 rows × 8 columns a tile. `vpmaddubsw` (u8 × s8 pairs into s16) saturates when two
// products of 255 · ±128 meet, so, as exact sums are the point, the weights are sign-extended to 16 bits and
// multiplied by `vpmaddwd` (s16 pairs into s32), four k a step: the same bytes as every other build.
#include "internal.h"
#if defined(__x86_64__)

/// The four rows of A a tile reads; rows past `mr` repeat the first (read, never stored).
#define CLOSET_ROWS4(a, lda, mr)                                                                                        \
    const uint8_t *a0 = (a), *a1 = (mr) > 1 ? a0 + (lda) : a0, *a2 = (mr) > 2 ? a0 + 2 * (lda) : a0,                   \
                  *a3 = (mr) > 3 ? a0 + 3 * (lda) : a0

CLOSET_AVX2 static inline __m256i widen4(uint32_t a4, __m256i shuffle) {
    // [a0 a1 a2 a3] as 16-bit lanes, four times over.
    return _mm256_shuffle_epi8(_mm256_set1_epi32((int)a4), shuffle);
}

CLOSET_AVX2 void closet_qgemm_avx2(int row_start, int row_end, const closet_qgemm_params *p) {
    const int n = p->n, k = p->k, full = k / 4, rest = k % 4, groups = (k + 3) / 4, panels = (n + 7) / 8;
    const ptrdiff_t lda = p->lda, ldc = p->ldc;
    const __m256i shuffle = _mm256_setr_epi8(0, -128, 1, -128, 2, -128, 3, -128, 0, -128, 1, -128, 2, -128, 3, -128, 0,
                                             -128, 1, -128, 2, -128, 3, -128, 0, -128, 1, -128, 2, -128, 3, -128);
    const __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->output_min), hi = _mm256_set1_epi32(p->output_max);
    for (int i = row_start; i < row_end; i += 4) {
        const int mr = row_end - i < 4 ? row_end - i : 4;
        CLOSET_ROWS4(p->a + (ptrdiff_t)i * lda, lda, mr);
        for (int pn = 0; pn < panels; pn++) {
            const int8_t *b = p->packed_b + (size_t)pn * groups * 32;
            __m256i l0 = _mm256_setzero_si256(), l1 = l0, l2 = l0, l3 = l0, h0 = l0, h1 = l0, h2 = l0, h3 = l0;
            for (int g = 0; g < groups; g++) {
                const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)g * 32));
                const __m256i bl = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(bv));
                const __m256i bh = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(bv, 1));
                const int at = 4 * g;
                uint32_t x0, x1, x2, x3;
                if (g < full) {
                    x0 = closet_load32(a0 + at), x1 = closet_load32(a1 + at);
                    x2 = closet_load32(a2 + at), x3 = closet_load32(a3 + at);
                } else {
                    x0 = closet_load_tail(a0 + at, rest), x1 = closet_load_tail(a1 + at, rest);
                    x2 = closet_load_tail(a2 + at, rest), x3 = closet_load_tail(a3 + at, rest);
                }
                __m256i x = widen4(x0, shuffle);
                l0 = _mm256_add_epi32(l0, _mm256_madd_epi16(x, bl)), h0 = _mm256_add_epi32(h0, _mm256_madd_epi16(x, bh));
                x = widen4(x1, shuffle);
                l1 = _mm256_add_epi32(l1, _mm256_madd_epi16(x, bl)), h1 = _mm256_add_epi32(h1, _mm256_madd_epi16(x, bh));
                x = widen4(x2, shuffle);
                l2 = _mm256_add_epi32(l2, _mm256_madd_epi16(x, bl)), h2 = _mm256_add_epi32(h2, _mm256_madd_epi16(x, bh));
                x = widen4(x3, shuffle);
                l3 = _mm256_add_epi32(l3, _mm256_madd_epi16(x, bl)), h3 = _mm256_add_epi32(h3, _mm256_madd_epi16(x, bh));
            }
            // Lanes hold two halves of a column's sum: [c0 c0 c1 c1 | c2 c2 c3 c3] and the same for c4-c7. One
            // horizontal add gives [c0 c1 c4 c5 | c2 c3 c6 c7]; the permute puts them in order.
            const int col = pn * 8, cols = n - col < 8 ? n - col : 8;
            const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->bias + col));
            const float *scale = p->scale + col;
            __m256i s[4] = {_mm256_hadd_epi32(l0, h0), _mm256_hadd_epi32(l1, h1), _mm256_hadd_epi32(l2, h2),
                            _mm256_hadd_epi32(l3, h3)};
            for (int r = 0; r < mr; r++) {
                __m256i acc = _mm256_add_epi32(_mm256_permute4x64_epi64(s[r], 0xD8), bias);
                closet_store_bytes(p->c + (ptrdiff_t)(i + r) * ldc + col, closet_requantize8(acc, scale, zp, lo, hi),
                                   cols);
            }
        }
    }
}
#endif

#if defined(__x86_64__)
/// The AVX2 GEMM for 7-bit weights: `vpmaddubsw` multiplies the broadcast four bytes of A (u8) by a group's
/// 8 columns × 4 k of B (s8) and adds pairs into s16 (exact: |2 · 255 · 64| < 2^15), `vpmaddwd` by ones adds the
/// pairs into s32. No widening of A or B: half the instructions of the exact kernel a multiply-add.
CLOSET_AVX2 void closet_qgemm_avx2_narrow(int row_start, int row_end, const closet_qgemm_params *p) {
    const int n = p->n, k = p->k, full = k / 4, rest = k % 4, groups = (k + 3) / 4, panels = (n + 7) / 8;
    const ptrdiff_t lda = p->lda, ldc = p->ldc;
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->output_min), hi = _mm256_set1_epi32(p->output_max);
    for (int i = row_start; i < row_end; i += 4) {
        const int mr = row_end - i < 4 ? row_end - i : 4;
        CLOSET_ROWS4(p->a + (ptrdiff_t)i * lda, lda, mr);
        for (int pn = 0; pn < panels; pn++) {
            const int8_t *b = p->packed_b + (size_t)pn * groups * 32;
            __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
#define CLOSET_STEP(s, x) s = _mm256_add_epi32(s, _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_set1_epi32((int)(x)), bv), ones))
            for (int g = 0; g < full; g++) {
                const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)g * 32));
                const int at = 4 * g;
                CLOSET_STEP(s0, closet_load32(a0 + at));
                CLOSET_STEP(s1, closet_load32(a1 + at));
                CLOSET_STEP(s2, closet_load32(a2 + at));
                CLOSET_STEP(s3, closet_load32(a3 + at));
            }
            if (rest) {
                const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)full * 32));
                const int at = 4 * full;
                CLOSET_STEP(s0, closet_load_tail(a0 + at, rest));
                CLOSET_STEP(s1, closet_load_tail(a1 + at, rest));
                CLOSET_STEP(s2, closet_load_tail(a2 + at, rest));
                CLOSET_STEP(s3, closet_load_tail(a3 + at, rest));
            }
#undef CLOSET_STEP
            const int col = pn * 8, cols = n - col < 8 ? n - col : 8;
            const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->bias + col));
            const __m256i s[4] = {s0, s1, s2, s3};
            for (int r = 0; r < mr; r++) {
                closet_store_bytes(p->c + (ptrdiff_t)(i + r) * ldc + col,
                                   closet_requantize8(_mm256_add_epi32(s[r], bias), p->scale + col, zp, lo, hi), cols);
            }
        }
    }
}
#endif
