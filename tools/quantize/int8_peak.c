// The ceiling of int8 on AVX2 against fp32 FMA, one thread: 8 independent chains of vpmaddubsw → vpmaddwd (by ones) →
// vpaddd (32 u8 × s8 multiply-adds) against 8 chains of vfmadd (8 fp32 multiply-adds), thread CPU time.
//   clang -O2 tools/quantize/int8_peak.c -o /tmp/int8-peak && /tmp/int8-peak
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
__attribute__((target("avx2,fma"))) int main(void) {
  __m256i a = _mm256_set1_epi8(3), b = _mm256_set1_epi8(5), ones = _mm256_set1_epi16(1);
  __m256i s[8]; for (int i = 0; i < 8; i++) s[i] = _mm256_set1_epi32(i);
  long n = 200000000; double t = now();
  for (long i = 0; i < n; i++) {
    for (int j = 0; j < 8; j++) { __asm__("" : "+x"(a)); s[j] = _mm256_add_epi32(s[j], _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), ones)); __asm__("" : "+x"(s[j])); }
    __asm__("" : "+x"(a));
  }
  double dt = now() - t; __m256i r = s[0]; for (int j = 1; j < 8; j++) r = _mm256_add_epi32(r, s[j]);
  printf("int8 maddubs+madd: %.1f G MAC/s (%d)\n", n * 8.0 * 32 / dt / 1e9, _mm256_extract_epi32(r, 0));
  __m256 f[8]; __m256 x = _mm256_set1_ps(1.0001f), y = _mm256_set1_ps(0.9999f); for (int j = 0; j < 8; j++) f[j] = _mm256_set1_ps(j);
  t = now();
  for (long i = 0; i < n; i++) { for (int j = 0; j < 8; j++) { __asm__("" : "+x"(x)); f[j] = _mm256_fmadd_ps(x, y, f[j]); __asm__("" : "+x"(f[j])); } __asm__("" : "+x"(x)); }
  dt = now() - t; __m256 g = f[0]; for (int j = 1; j < 8; j++) g = _mm256_add_ps(g, f[j]);
  printf("fp32 fma: %.1f G MAC/s (%f)\n", n * 8.0 * 8 / dt / 1e9, _mm256_cvtss_f32(g));
}
