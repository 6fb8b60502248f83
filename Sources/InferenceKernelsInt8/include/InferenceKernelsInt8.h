// The engine's int8 kernels: 1×1 convolutions as a GEMM (u8 activations × s8 weights, s32 sums) and 3×3
// depthwise convolutions, each requantized to u8 with a per-channel fp32 scale, the output zero point and a
// clamp (a fused ReLU or ReLU6 is only a narrower clamp). Written in C with per-function target attributes, so
// one file holds the portable, AVX2, AVX-VNNI and AVX-512 VNNI builds; `closet_int8_level` says which the CPU
// runs. Every build gives the same bytes: the sums are exact (no 16-bit saturation), and the requantization is
// the same fp32 multiply, clamp and round-to-nearest-even everywhere.
#ifndef CLOSET_INFERENCE_KERNELS_INT8_H
#define CLOSET_INFERENCE_KERNELS_INT8_H
#include <stdint.h>
#include <stddef.h>

/// The kernel builds, slowest first.
enum {
    CLOSET_INT8_PORTABLE = 0,
    CLOSET_INT8_AVX2 = 1,
    /// AVX-VNNI (VEX `vpdpbusd` on 256 bits: Alder Lake, Sapphire Rapids, Zen 5).
    CLOSET_INT8_AVXVNNI = 2,
    /// AVX-512 VNNI (EVEX `vpdpbusd`: Ice Lake, Sapphire Rapids, Zen 4 and later) with F, BW and VL.
    CLOSET_INT8_AVX512VNNI = 3,
    /// Not a CPU's level: the AVX-VNNI kernel with `vpdpbusd` emulated exactly in AVX2, so the VNNI kernels'
    /// packing and tiling are tested on a CPU without VNNI.
    CLOSET_INT8_VNNI_EMULATED = 4,
};

/// The levels this CPU and OS run (CPUID and XGETBV), a bit for each (`1 << level`); portable is always in.
unsigned closet_int8_levels(void);

/// The decision behind closet_int8_levels from raw bits: CPUID leaf 1 ECX, leaf 7 subleaf 0 EBX and ECX,
/// leaf 7 subleaf 1 EAX, and XCR0.
unsigned closet_int8_levels_from(unsigned leaf1_ecx, unsigned leaf7_ebx, unsigned leaf7_ecx, unsigned leaf7_1_eax,
                                 unsigned long long xcr0);

/// Columns in a packed panel of B, and the k step of a packed group.
#define CLOSET_QGEMM_NR 8
#define CLOSET_QGEMM_KR 4

/// Bytes `closet_qgemm_pack` writes for a k×n matrix: panels of 8 columns, k rounded up to 4.
size_t closet_qgemm_packed_size(int k, int n);

/// Packs row-major s8 `b[kk*n + j]` (k×n) into panels of 8 columns, each a run of groups of 4 k: group g of
/// panel p holds, column by column, b[4g..4g+3][8p + j] (zero past k and past n).
void closet_qgemm_pack(const int8_t *b, int k, int n, int8_t *packed);

/// `out[j] = bias[j] − a_zero_point · Σ_kk b[kk][j]`, the s32 start of column j's sums (so the kernels
/// multiply raw u8 activations). `bias` may be NULL (zero).
void closet_qgemm_fold_bias(const int8_t *b, int k, int n, const int32_t *bias, int a_zero_point, int32_t *out);

/// One int8 GEMM call: `C[i][j] = clamp(round(float(bias'[j] + Σ_kk A[i][kk]·B[kk][j]) · scale[j]) + zp)`.
/// `bias` and `scale` are readable for n rounded up to 8. A rows are read for k bytes, C rows written for n.
typedef struct {
    int n;
    int k;
    const uint8_t *a;
    ptrdiff_t lda;
    const int8_t *packed_b;
    const int32_t *bias;
    const float *scale;
    uint8_t *c;
    ptrdiff_t ldc;
    int output_zero_point;
    int output_min;
    int output_max;
    /// 1 when every weight is in [−64, 63] (`closet_qgemm_weights_narrow`): AVX2 may then use `vpmaddubsw`, whose
    /// pairs of u8 × s8 products cannot saturate 16 bits with 7-bit weights (255 · −64 · 2 = −32640).
    int narrow_weights;
} closet_qgemm_params;

/// 1 when all `count` weights are in [−64, 63], else 0.
int closet_qgemm_weights_narrow(const int8_t *b, size_t count);

/// Rows [row_start, row_end) of C with the given level's kernel (a level the CPU lacks must not be asked for).
void closet_qgemm(int level, int row_start, int row_end, const closet_qgemm_params *p);

/// One int8 depthwise convolution over an NHWC u8 input ih×iw×c: kh×kw taps (any size; 3×3 is the fast
/// path), strides, top/left padding; padded taps read `zero_row` (c bytes of the input zero point, so a
/// padded tap adds nothing once the bias is folded). Weights are s8 `[tap][c]`; bias is the folded s32
/// (`closet_qdepthwise_fold_bias`), scale fp32 per channel. Output is oh×ow×c u8.
typedef struct {
    int ih, iw, c;
    int kh, kw;
    int stride_h, stride_w;
    int pad_top, pad_left;
    int ow;
    const uint8_t *input;
    const int8_t *weights;
    const int32_t *bias;
    const float *scale;
    const uint8_t *zero_row;
    uint8_t *output;
    int output_zero_point;
    int output_min;
    int output_max;
} closet_qdepthwise_params;

/// `out[ch] = bias[ch] − input_zero_point · Σ_tap w[tap][ch]`. `bias` may be NULL.
void closet_qdepthwise_fold_bias(const int8_t *weights, int taps, int c, const int32_t *bias, int input_zero_point,
                                 int32_t *out);

/// Output rows [row_start, row_end) with the given level's kernel (VNNI levels run the AVX2 depthwise: it has no
/// dot products of four to gain from).
void closet_qdepthwise(int level, int row_start, int row_end, const closet_qdepthwise_params *p);

#endif
