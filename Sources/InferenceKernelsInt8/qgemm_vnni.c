// The VNNI int8 GEMMs: `vpdpbusd` adds four u8 × s8 products into each s32 lane in one instruction, exactly
// (no 16-bit step). AVX-VNNI does it on 256 bits, 4 rows × 8 columns a tile; AVX-512 VNNI takes two groups of
// four k at once on 512 bits and folds the halves at the end. The 256-bit kernel is also compiled with
// `vpdpbusd` emulated exactly in AVX2, so its packing and tiling run in the tests on CPUs without VNNI.
#include "internal.h"
#if defined(__x86_64__)

#define CLOSET_VNNI __attribute__((target("avx2,fma,avxvnni")))
#define CLOSET_AVX512VNNI __attribute__((target("avx2,fma,avx512f,avx512bw,avx512vl,avx512vnni")))

/// `vpdpbusd` in AVX2: the even and odd bytes widened to 16 bits, two `vpmaddwd`s.
CLOSET_AVX2 static inline __m256i dpbusd_emulated(__m256i acc, __m256i a, __m256i b) {
    const __m256i low = _mm256_set1_epi16(0x00FF);
    const __m256i ae = _mm256_and_si256(a, low), ao = _mm256_srli_epi16(a, 8);
    const __m256i be = _mm256_srai_epi16(_mm256_slli_epi16(b, 8), 8), bo = _mm256_srai_epi16(b, 8);
    return _mm256_add_epi32(acc, _mm256_add_epi32(_mm256_madd_epi16(ae, be), _mm256_madd_epi16(ao, bo)));
}

CLOSET_VNNI static inline __m256i dpbusd_avxvnni(__m256i acc, __m256i a, __m256i b) {
    return _mm256_dpbusd_avx_epi32(acc, a, b);
}

#define CLOSET_QGEMM_VNNI256(NAME, TARGET, DPBUSD)                                                                      \
    TARGET void NAME(int row_start, int row_end, const closet_qgemm_params *p) {                                       \
        const int n = p->n, k = p->k, full = k / 4, rest = k % 4, groups = (k + 3) / 4, panels = (n + 7) / 8;         \
        const ptrdiff_t lda = p->lda, ldc = p->ldc;                                                                    \
        const __m256i zp = _mm256_set1_epi32(p->output_zero_point);                                                    \
        const __m256i lo = _mm256_set1_epi32(p->output_min), hi = _mm256_set1_epi32(p->output_max);                    \
        for (int i = row_start; i < row_end; i += 4) {                                                                 \
            const int mr = row_end - i < 4 ? row_end - i : 4;                                                          \
            const uint8_t *a0 = p->a + (ptrdiff_t)i * lda, *a1 = mr > 1 ? a0 + lda : a0;                               \
            const uint8_t *a2 = mr > 2 ? a0 + 2 * lda : a0, *a3 = mr > 3 ? a0 + 3 * lda : a0;                          \
            for (int pn = 0; pn < panels; pn++) {                                                                      \
                const int8_t *b = p->packed_b + (size_t)pn * groups * 32;                                              \
                __m256i s[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),                \
                                _mm256_setzero_si256()};                                                               \
                for (int g = 0; g < full; g++) {                                                                       \
                    const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)g * 32));                      \
                    s[0] = DPBUSD(s[0], _mm256_set1_epi32((int)closet_load32(a0 + 4 * g)), bv);                        \
                    s[1] = DPBUSD(s[1], _mm256_set1_epi32((int)closet_load32(a1 + 4 * g)), bv);                        \
                    s[2] = DPBUSD(s[2], _mm256_set1_epi32((int)closet_load32(a2 + 4 * g)), bv);                        \
                    s[3] = DPBUSD(s[3], _mm256_set1_epi32((int)closet_load32(a3 + 4 * g)), bv);                        \
                }                                                                                                      \
                if (rest) {                                                                                            \
                    const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)full * 32));                   \
                    s[0] = DPBUSD(s[0], _mm256_set1_epi32((int)closet_load_tail(a0 + 4 * full, rest)), bv);            \
                    s[1] = DPBUSD(s[1], _mm256_set1_epi32((int)closet_load_tail(a1 + 4 * full, rest)), bv);            \
                    s[2] = DPBUSD(s[2], _mm256_set1_epi32((int)closet_load_tail(a2 + 4 * full, rest)), bv);            \
                    s[3] = DPBUSD(s[3], _mm256_set1_epi32((int)closet_load_tail(a3 + 4 * full, rest)), bv);            \
                }                                                                                                      \
                const int col = pn * 8, cols = n - col < 8 ? n - col : 8;                                              \
                const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->bias + col));                             \
                for (int r = 0; r < mr; r++) {                                                                         \
                    closet_store_bytes(p->c + (ptrdiff_t)(i + r) * ldc + col,                                          \
                                       closet_requantize8(_mm256_add_epi32(s[r], bias), p->scale + col, zp, lo, hi),   \
                                       cols);                                                                          \
                }                                                                                                      \
            }                                                                                                          \
        }                                                                                                              \
    }

CLOSET_QGEMM_VNNI256(closet_qgemm_avxvnni, CLOSET_VNNI, dpbusd_avxvnni)
CLOSET_QGEMM_VNNI256(closet_qgemm_vnni_emulated, CLOSET_AVX2, dpbusd_emulated)

CLOSET_AVX512VNNI void closet_qgemm_avx512vnni(int row_start, int row_end, const closet_qgemm_params *p) {
    const int n = p->n, k = p->k, full = k / 4, rest = k % 4, groups = (k + 3) / 4, panels = (n + 7) / 8;
    const ptrdiff_t lda = p->lda, ldc = p->ldc;
    const __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->output_min), hi = _mm256_set1_epi32(p->output_max);
    // Lanes 0-7 take the first group's four bytes, lanes 8-15 the second's.
    const __m512i split = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    for (int i = row_start; i < row_end; i += 4) {
        const int mr = row_end - i < 4 ? row_end - i : 4;
        const uint8_t *a0 = p->a + (ptrdiff_t)i * lda, *a1 = mr > 1 ? a0 + lda : a0;
        const uint8_t *a2 = mr > 2 ? a0 + 2 * lda : a0, *a3 = mr > 3 ? a0 + 3 * lda : a0;
        for (int pn = 0; pn < panels; pn++) {
            const int8_t *b = p->packed_b + (size_t)pn * groups * 32;
            __m512i w0 = _mm512_setzero_si512(), w1 = w0, w2 = w0, w3 = w0;
            int g = 0;
            for (; g + 2 <= full; g += 2) {
                const __m512i bv = _mm512_loadu_si512((const void *)(b + (size_t)g * 32));
                uint64_t x;
#define CLOSET_PAIR(acc, row)                                                                                          \
    memcpy(&x, (row) + 4 * g, 8);                                                                                      \
    acc = _mm512_dpbusd_epi32(acc, _mm512_permutexvar_epi32(split, _mm512_castsi128_si512(_mm_cvtsi64_si128((long long)x))), bv)
                CLOSET_PAIR(w0, a0);
                CLOSET_PAIR(w1, a1);
                CLOSET_PAIR(w2, a2);
                CLOSET_PAIR(w3, a3);
#undef CLOSET_PAIR
            }
            __m256i s[4] = {
                _mm256_add_epi32(_mm512_castsi512_si256(w0), _mm512_extracti64x4_epi64(w0, 1)),
                _mm256_add_epi32(_mm512_castsi512_si256(w1), _mm512_extracti64x4_epi64(w1, 1)),
                _mm256_add_epi32(_mm512_castsi512_si256(w2), _mm512_extracti64x4_epi64(w2, 1)),
                _mm256_add_epi32(_mm512_castsi512_si256(w3), _mm512_extracti64x4_epi64(w3, 1)),
            };
            // An odd last whole group, then the partial one, on 256 bits.
            for (; g < groups; g++) {
                const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + (size_t)g * 32));
                const int whole = g < full;
                uint32_t x0 = whole ? closet_load32(a0 + 4 * g) : closet_load_tail(a0 + 4 * g, rest);
                uint32_t x1 = whole ? closet_load32(a1 + 4 * g) : closet_load_tail(a1 + 4 * g, rest);
                uint32_t x2 = whole ? closet_load32(a2 + 4 * g) : closet_load_tail(a2 + 4 * g, rest);
                uint32_t x3 = whole ? closet_load32(a3 + 4 * g) : closet_load_tail(a3 + 4 * g, rest);
                s[0] = _mm256_dpbusd_epi32(s[0], _mm256_set1_epi32((int)x0), bv);
                s[1] = _mm256_dpbusd_epi32(s[1], _mm256_set1_epi32((int)x1), bv);
                s[2] = _mm256_dpbusd_epi32(s[2], _mm256_set1_epi32((int)x2), bv);
                s[3] = _mm256_dpbusd_epi32(s[3], _mm256_set1_epi32((int)x3), bv);
            }
            const int col = pn * 8, cols = n - col < 8 ? n - col : 8;
            const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->bias + col));
            for (int r = 0; r < mr; r++) {
                closet_store_bytes(p->c + (ptrdiff_t)(i + r) * ldc + col,
                                   closet_requantize8(_mm256_add_epi32(s[r], bias), p->scale + col, zp, lo, hi), cols);
            }
        }
    }
}
#endif
