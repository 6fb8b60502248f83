// The int8 depthwise convolution: each output pixel gathers its taps' pointers (a padded tap points at the
// zero-point row), then sums u8 × s8 channel by channel. In AVX2, 16 channels a step: both widened to 16 bits,
// one `vpmullw` (255 · −128 still fits), widened to 32 bits and added.
#include "internal.h"
#include <stdlib.h>

/// Most taps a window may have (7×7).
#define CLOSET_QDW_MAX_TAPS 49

/// The taps' input pointers for output pixel (oy, ox).
static inline void tap_pointers(const closet_qdepthwise_params *p, int oy, int ox, const uint8_t **taps) {
    int t = 0;
    for (int dy = 0; dy < p->kh; dy++) {
        const int y = oy * p->stride_h - p->pad_top + dy;
        for (int dx = 0; dx < p->kw; dx++, t++) {
            const int x = ox * p->stride_w - p->pad_left + dx;
            taps[t] = (y >= 0 && y < p->ih && x >= 0 && x < p->iw) ? p->input + ((ptrdiff_t)y * p->iw + x) * p->c
                                                                   : p->zero_row;
        }
    }
}

void closet_qdepthwise_fold_bias(const int8_t *weights, int taps, int c, const int32_t *bias, int input_zero_point,
                                 int32_t *out) {
    for (int ch = 0; ch < c; ch++) {
        int64_t sum = 0;
        for (int t = 0; t < taps; t++) sum += weights[(size_t)t * c + ch];
        out[ch] = (int32_t)((bias ? (int64_t)bias[ch] : 0) - (int64_t)input_zero_point * sum);
    }
}

/// Channels [from, c) of one pixel, one at a time.
static inline void channels_scalar(const closet_qdepthwise_params *p, const uint8_t **taps, int ntaps, int from,
                                   uint8_t *out) {
    const int c = p->c;
    for (int ch = from; ch < c; ch++) {
        int32_t acc = p->bias[ch];
        for (int t = 0; t < ntaps; t++) acc += (int32_t)taps[t][ch] * p->weights[(size_t)t * c + ch];
        out[ch] = closet_requantize(acc, p->scale[ch], p->output_zero_point, p->output_min, p->output_max);
    }
}

void closet_qdepthwise_portable(int row_start, int row_end, const closet_qdepthwise_params *p) {
    const uint8_t *taps[CLOSET_QDW_MAX_TAPS];
    const int ntaps = p->kh * p->kw;
    for (int oy = row_start; oy < row_end; oy++) {
        for (int ox = 0; ox < p->ow; ox++) {
            tap_pointers(p, oy, ox, taps);
            channels_scalar(p, taps, ntaps, 0, p->output + ((ptrdiff_t)oy * p->ow + ox) * p->c);
        }
    }
}

#if defined(__x86_64__)
/// The weights of a 3×3 window for `vpmaddwd`: taps in pairs (0,1) (2,3) (4,5) (6,7) (8,—), each pair's two taps
/// interleaved as 16-bit lanes, for each block of 16 channels: 10 vectors a block ([pair][low, high half]).
CLOSET_AVX2 static void pair_weights(const int8_t *weights, int c, int blocks, __m256i *out) {
    for (int b = 0; b < blocks; b++) {
        for (int pair = 0; pair < 5; pair++) {
            const int ta = 2 * pair, tb = 2 * pair + 1;
            const __m256i wa = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(weights + (size_t)ta * c + 16 * b)));
            const __m256i wb = tb < 9 ? _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(weights + (size_t)tb * c + 16 * b)))
                                      : _mm256_setzero_si256();
            out[(b * 5 + pair) * 2] = _mm256_unpacklo_epi16(wa, wb);
            out[(b * 5 + pair) * 2 + 1] = _mm256_unpackhi_epi16(wa, wb);
        }
    }
}

CLOSET_AVX2 void closet_qdepthwise_avx2(int row_start, int row_end, const closet_qdepthwise_params *p) {
    const uint8_t *taps[CLOSET_QDW_MAX_TAPS + 1];
    const int ntaps = p->kh * p->kw, c = p->c;
    const __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->output_min), hi = _mm256_set1_epi32(p->output_max);
    // 3×3: two taps a `vpmaddwd` (u8 widened, weights interleaved once a call), 16 channels a step.
    const int paired = ntaps == 9 ? c / 16 : 0;
    __m256i *pairs = paired ? aligned_alloc(32, (size_t)paired * 10 * sizeof(__m256i)) : NULL;
    if (paired && !pairs) return closet_qdepthwise_portable(row_start, row_end, p);
    if (paired) pair_weights(p->weights, c, paired, pairs);
    for (int oy = row_start; oy < row_end; oy++) {
        for (int ox = 0; ox < p->ow; ox++) {
            tap_pointers(p, oy, ox, taps);
            taps[ntaps] = p->zero_row;  // the ninth tap's partner: any bytes (its weights are zero)
            uint8_t *out = p->output + ((ptrdiff_t)oy * p->ow + ox) * c;
            int ch = 0;
            for (int b = 0; b < paired; b++, ch += 16) {
                const __m256i bias0 = _mm256_loadu_si256((const __m256i *)(p->bias + ch));
                const __m256i bias1 = _mm256_loadu_si256((const __m256i *)(p->bias + ch + 8));
                // Lanes after the unpacks: low = channels 0-3 | 8-11, high = 4-7 | 12-15.
                __m256i sl = _mm256_permute2x128_si256(bias0, bias1, 0x20);
                __m256i sh = _mm256_permute2x128_si256(bias0, bias1, 0x31);
                const __m256i *w = pairs + (size_t)b * 10;
                for (int pair = 0; pair < 5; pair++) {
                    const __m256i xa = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(taps[2 * pair] + ch)));
                    const __m256i xb =
                        pair < 4 ? _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(taps[2 * pair + 1] + ch)))
                                 : _mm256_setzero_si256();
                    sl = _mm256_add_epi32(sl, _mm256_madd_epi16(_mm256_unpacklo_epi16(xa, xb), w[2 * pair]));
                    sh = _mm256_add_epi32(sh, _mm256_madd_epi16(_mm256_unpackhi_epi16(xa, xb), w[2 * pair + 1]));
                }
                const __m128i r0 = closet_requantize8(_mm256_permute2x128_si256(sl, sh, 0x20), p->scale + ch, zp, lo, hi);
                const __m128i r1 = closet_requantize8(_mm256_permute2x128_si256(sl, sh, 0x31), p->scale + ch + 8, zp, lo, hi);
                _mm_storeu_si128((__m128i *)(out + ch), _mm_unpacklo_epi64(r0, r1));
            }
            for (; ch + 16 <= c; ch += 16) {
                __m256i s0 = _mm256_loadu_si256((const __m256i *)(p->bias + ch));
                __m256i s1 = _mm256_loadu_si256((const __m256i *)(p->bias + ch + 8));
                const int8_t *w = p->weights + ch;
                for (int t = 0; t < ntaps; t++, w += c) {
                    const __m256i x = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(taps[t] + ch)));
                    const __m256i wv = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w));
                    const __m256i prod = _mm256_mullo_epi16(x, wv);
                    s0 = _mm256_add_epi32(s0, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(prod)));
                    s1 = _mm256_add_epi32(s1, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(prod, 1)));
                }
                const __m128i r0 = closet_requantize8(s0, p->scale + ch, zp, lo, hi);
                const __m128i r1 = closet_requantize8(s1, p->scale + ch + 8, zp, lo, hi);
                _mm_storeu_si128((__m128i *)(out + ch), _mm_unpacklo_epi64(r0, r1));
            }
            for (; ch + 8 <= c; ch += 8) {
                __m256i s0 = _mm256_loadu_si256((const __m256i *)(p->bias + ch));
                const int8_t *w = p->weights + ch;
                for (int t = 0; t < ntaps; t++, w += c) {
                    const __m128i x = _mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)(taps[t] + ch)));
                    const __m128i wv = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)w));
                    s0 = _mm256_add_epi32(s0, _mm256_cvtepi16_epi32(_mm_mullo_epi16(x, wv)));
                }
                _mm_storel_epi64((__m128i *)(out + ch), closet_requantize8(s0, p->scale + ch, zp, lo, hi));
            }
            if (ch < c) channels_scalar(p, taps, ntaps, ch, out);
        }
    }
    free(pairs);
}
#endif

void closet_qdepthwise(int level, int row_start, int row_end, const closet_qdepthwise_params *p) {
    if (row_start >= row_end || p->kh * p->kw > CLOSET_QDW_MAX_TAPS || p->kh * p->kw <= 0) return;
#if defined(__x86_64__)
    if (level != CLOSET_INT8_PORTABLE) {
        closet_qdepthwise_avx2(row_start, row_end, p);
        return;
    }
#endif
    closet_qdepthwise_portable(row_start, row_end, p);
}
