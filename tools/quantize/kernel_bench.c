// Times closet's int8 kernels (Sources/InferenceKernelsInt8) alone, one thread, on layer shapes read from stdin:
//   gemm NAME M K N          a 1×1 convolution as an int8 GEMM
//   dw NAME IH IW C STRIDE T L B R   a 3×3 depthwise convolution, padding top, left, bottom, right
// and prints "NAME ms" for each: the median of 15 runs of the thread's CPU time (a shared machine's wall clock
// counts other processes' time too). Built and run by kernel_figures.py:
//   clang -O2 -ffp-contract=off -I Sources/InferenceKernelsInt8/include Sources/InferenceKernelsInt8/*.c \
//     tools/quantize/kernel_bench.c -lm -o /tmp/int8-kernel-bench
#include "InferenceKernelsInt8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#define RUNS 15

int main(int argc, char **argv) {
    int level = argc > 1 ? atoi(argv[1]) : CLOSET_INT8_AVX2;
    int narrow = argc > 2 && strcmp(argv[2], "narrow") == 0;
    if (!(closet_int8_levels() & (1u << level))) {
        fprintf(stderr, "this CPU cannot run int8 level %d\n", level);
        return 69;
    }
    char kind[16], name[128];
    while (scanf("%15s %127s", kind, name) == 2) {
        double times[RUNS];
        if (strcmp(kind, "gemm") == 0) {
            int m, k, n;
            if (scanf("%d %d %d", &m, &k, &n) != 3) return 65;
            uint8_t *a = malloc((size_t)m * k), *c = malloc((size_t)m * n);
            int8_t *b = malloc((size_t)k * n), *packed = malloc(closet_qgemm_packed_size(k, n));
            int32_t *bias = calloc((size_t)n + 8, 4);
            float *scale = calloc((size_t)n + 8, 4);
            for (size_t i = 0; i < (size_t)m * k; i++) a[i] = (uint8_t)(i * 7);
            for (size_t i = 0; i < (size_t)k * n; i++) b[i] = (int8_t)(i * 13);
            for (int j = 0; j < n; j++) scale[j] = 1e-4f;
            closet_qgemm_pack(b, k, n, packed);
            for (size_t i = 0; i < (size_t)k * n; i++) b[i] = narrow ? (int8_t)(b[i] / 2) : b[i];
            closet_qgemm_pack(b, k, n, packed);
            closet_qgemm_params p = {n, k, a, k, packed, bias, scale, c, n, 0, 0, 255, narrow};
            closet_qgemm(level, 0, m, &p);
            for (int r = 0; r < RUNS; r++) {
                double t = now_ms();
                closet_qgemm(level, 0, m, &p);
                times[r] = now_ms() - t;
            }
            free(a), free(c), free(b), free(packed), free(bias), free(scale);
        } else if (strcmp(kind, "dw") == 0) {
            int ih, iw, ch, stride, top, left, bottom, right;
            if (scanf("%d %d %d %d %d %d %d %d", &ih, &iw, &ch, &stride, &top, &left, &bottom, &right) != 8) return 65;
            int oh = (ih + top + bottom - 3) / stride + 1, ow = (iw + left + right - 3) / stride + 1;
            uint8_t *in = malloc((size_t)ih * iw * ch), *out = malloc((size_t)oh * ow * ch), *zero = calloc((size_t)ch, 1);
            int8_t *w = malloc((size_t)9 * ch);
            int32_t *bias = calloc((size_t)ch + 8, 4);
            float *scale = calloc((size_t)ch + 8, 4);
            for (size_t i = 0; i < (size_t)ih * iw * ch; i++) in[i] = (uint8_t)(i * 7);
            for (size_t i = 0; i < (size_t)9 * ch; i++) w[i] = (int8_t)(i * 13);
            for (int j = 0; j < ch; j++) scale[j] = 1e-3f;
            closet_qdepthwise_params p = {ih, iw, ch, 3, 3, stride, stride, top, left, ow, in, w, bias, scale, zero, out, 0, 0, 255};
            closet_qdepthwise(level, 0, oh, &p);
            for (int r = 0; r < RUNS; r++) {
                double t = now_ms();
                closet_qdepthwise(level, 0, oh, &p);
                times[r] = now_ms() - t;
            }
            free(in), free(out), free(zero), free(w), free(bias), free(scale);
        } else {
            fprintf(stderr, "unknown kind %s\n", kind);
            return 65;
        }
        qsort(times, RUNS, sizeof times[0], compare);
        printf("%s %.4f\n", name, times[RUNS / 2]);
        fflush(stdout);
    }
    return 0;
}
