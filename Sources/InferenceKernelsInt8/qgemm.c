// The int8 GEMM's packing, bias folding, portable kernel and dispatch.
#include "internal.h"

size_t closet_qgemm_packed_size(int k, int n) {
    size_t panels = (size_t)(n + CLOSET_QGEMM_NR - 1) / CLOSET_QGEMM_NR;
    size_t kp = (size_t)(k + CLOSET_QGEMM_KR - 1) / CLOSET_QGEMM_KR * CLOSET_QGEMM_KR;
    return panels * kp * CLOSET_QGEMM_NR;
}

void closet_qgemm_pack(const int8_t *b, int k, int n, int8_t *packed) {
    const int panels = (n + 7) / 8, groups = (k + 3) / 4;
    for (int p = 0; p < panels; p++) {
        for (int g = 0; g < groups; g++) {
            int8_t *out = packed + ((size_t)p * groups + g) * 32;
            for (int j = 0; j < 8; j++) {
                for (int t = 0; t < 4; t++) {
                    int kk = 4 * g + t, col = 8 * p + j;
                    out[j * 4 + t] = (kk < k && col < n) ? b[(size_t)kk * n + col] : 0;
                }
            }
        }
    }
}

int closet_qgemm_weights_narrow(const int8_t *b, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (b[i] < -64 || b[i] > 63) return 0;
    return 1;
}

void closet_qgemm_fold_bias(const int8_t *b, int k, int n, const int32_t *bias, int a_zero_point, int32_t *out) {
    for (int j = 0; j < n; j++) {
        int64_t sum = 0;
        for (int kk = 0; kk < k; kk++) sum += b[(size_t)kk * n + j];
        out[j] = (int32_t)((bias ? (int64_t)bias[j] : 0) - (int64_t)a_zero_point * sum);
    }
}

void closet_qgemm_portable(int row_start, int row_end, const closet_qgemm_params *p) {
    const int n = p->n, k = p->k, groups = (k + 3) / 4, panels = (n + 7) / 8;
    for (int i = row_start; i < row_end; i++) {
        const uint8_t *a = p->a + (ptrdiff_t)i * p->lda;
        uint8_t *c = p->c + (ptrdiff_t)i * p->ldc;
        for (int pn = 0; pn < panels; pn++) {
            const int8_t *b = p->packed_b + (size_t)pn * groups * 32;
            for (int j = 0; j < 8 && pn * 8 + j < n; j++) {
                int32_t acc = p->bias[pn * 8 + j];
                for (int kk = 0; kk < k; kk++) acc += (int32_t)a[kk] * b[(kk / 4) * 32 + j * 4 + kk % 4];
                c[pn * 8 + j] =
                    closet_requantize(acc, p->scale[pn * 8 + j], p->output_zero_point, p->output_min, p->output_max);
            }
        }
    }
}

void closet_qgemm(int level, int row_start, int row_end, const closet_qgemm_params *p) {
    if (row_start >= row_end || p->n <= 0) return;
    switch (level) {
#if defined(__x86_64__)
    case CLOSET_INT8_AVX512VNNI: closet_qgemm_avx512vnni(row_start, row_end, p); return;
    case CLOSET_INT8_AVXVNNI: closet_qgemm_avxvnni(row_start, row_end, p); return;
    case CLOSET_INT8_VNNI_EMULATED: closet_qgemm_vnni_emulated(row_start, row_end, p); return;
    case CLOSET_INT8_AVX2:
        if (p->narrow_weights) closet_qgemm_avx2_narrow(row_start, row_end, p);
        else closet_qgemm_avx2(row_start, row_end, p);
        return;
#endif
    default: closet_qgemm_portable(row_start, row_end, p); return;
    }
}
