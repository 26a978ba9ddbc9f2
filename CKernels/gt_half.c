/* bf16 / f16 conversions and the bf16-weight linear layer. */
#include "gt_internal.h"
#include "include/gt_blas.h"

#include <cblas.h>
#include <string.h>

static inline float bf16_to_f32(uint16_t h) {
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static inline float f16_to_f32(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu, bits;
    if (exp == 0x1F) {
        bits = sign | 0x7F800000u | (mant << 13); /* inf / NaN */
    } else if (exp != 0) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign; /* ±0 */
    } else { /* subnormal: normalize */
        exp = 113;
        while (!(mant & 0x400u)) { mant <<= 1; exp--; }
        bits = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

int gt_bf16_to_f32(float *out, const uint16_t *in, size_t n) {
    if ((!out || !in) && n) return GT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) out[i] = bf16_to_f32(in[i]);
    return GT_OK;
}

int gt_f16_to_f32(float *out, const uint16_t *in, size_t n) {
    if ((!out || !in) && n) return GT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) out[i] = f16_to_f32(in[i]);
    return GT_OK;
}

int gt_f32_to_bf16(uint16_t *out, const float *in, size_t n) {
    if ((!out || !in) && n) return GT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &in[i], 4);
        if ((bits & 0x7FFFFFFFu) > 0x7F800000u) { out[i] = (uint16_t)((bits >> 16) | 0x40u); continue; }
        bits += 0x7FFFu + ((bits >> 16) & 1u);
        out[i] = (uint16_t)(bits >> 16);
    }
    return GT_OK;
}

/* ---- one-token GEMV over bf16 rows ---- */

static float dot_bf16_scalar(const uint16_t *w, const float *x, int32_t n) {
    float s = 0.0f;
    for (int32_t i = 0; i < n; i++) s += bf16_to_f32(w[i]) * x[i];
    return s;
}

static void gemv_bf16_scalar(float *y, const uint16_t *w, const float *x, int32_t rows, int32_t n) {
    for (int32_t r = 0; r < rows; r++) y[r] = dot_bf16_scalar(w + (size_t)r * n, x, n);
}

#if GT_HAVE_X86
#include <immintrin.h>

__attribute__((target("avx512f"))) static inline __m512 load_bf16x16(const uint16_t *p) {
    __m256i h = _mm256_loadu_si256((const __m256i *)p);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

/* Four rows at a time share each load of x. */
__attribute__((target("avx512f")))
static void gemv_bf16_avx512(float *y, const uint16_t *w, const float *x, int32_t rows, int32_t n) {
    int32_t r = 0;
    const int32_t n16 = n & ~15;
    for (; r + 4 <= rows; r += 4) {
        const uint16_t *w0 = w + (size_t)r * n, *w1 = w0 + n, *w2 = w1 + n, *w3 = w2 + n;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (int32_t i = 0; i < n16; i += 16) {
            __m512 xv = _mm512_loadu_ps(x + i);
            s0 = _mm512_fmadd_ps(load_bf16x16(w0 + i), xv, s0);
            s1 = _mm512_fmadd_ps(load_bf16x16(w1 + i), xv, s1);
            s2 = _mm512_fmadd_ps(load_bf16x16(w2 + i), xv, s2);
            s3 = _mm512_fmadd_ps(load_bf16x16(w3 + i), xv, s3);
        }
        y[r] = _mm512_reduce_add_ps(s0) + dot_bf16_scalar(w0 + n16, x + n16, n - n16);
        y[r + 1] = _mm512_reduce_add_ps(s1) + dot_bf16_scalar(w1 + n16, x + n16, n - n16);
        y[r + 2] = _mm512_reduce_add_ps(s2) + dot_bf16_scalar(w2 + n16, x + n16, n - n16);
        y[r + 3] = _mm512_reduce_add_ps(s3) + dot_bf16_scalar(w3 + n16, x + n16, n - n16);
    }
    for (; r < rows; r++) {
        const uint16_t *wr = w + (size_t)r * n;
        __m512 s = _mm512_setzero_ps();
        for (int32_t i = 0; i < n16; i += 16) s = _mm512_fmadd_ps(load_bf16x16(wr + i), _mm512_loadu_ps(x + i), s);
        y[r] = _mm512_reduce_add_ps(s) + dot_bf16_scalar(wr + n16, x + n16, n - n16);
    }
}

__attribute__((target("avx2,fma")))
static void gemv_bf16_avx2(float *y, const uint16_t *w, const float *x, int32_t rows, int32_t n) {
    const int32_t n8 = n & ~7;
    for (int32_t r = 0; r < rows; r++) {
        const uint16_t *wr = w + (size_t)r * n;
        __m256 s = _mm256_setzero_ps();
        for (int32_t i = 0; i < n8; i += 8) {
            __m128i h = _mm_loadu_si128((const __m128i *)(wr + i));
            __m256 wv = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
            s = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + i), s);
        }
        __m128 q = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        q = _mm_add_ps(q, _mm_movehl_ps(q, q));
        q = _mm_add_ss(q, _mm_movehdup_ps(q));
        y[r] = _mm_cvtss_f32(q) + dot_bf16_scalar(wr + n8, x + n8, n - n8);
    }
}
#endif

static void gemv_bf16(float *y, const uint16_t *w, const float *x, int32_t rows, int32_t n) {
#if GT_HAVE_X86
    switch (gt_simd_active()) {
    case GT_SIMD_AVX512: gemv_bf16_avx512(y, w, x, rows, n); return;
    case GT_SIMD_AVX2: gemv_bf16_avx2(y, w, x, rows, n); return;
    default: break;
    }
#endif
    gemv_bf16_scalar(y, w, x, rows, n);
}

enum { BF16_BLOCK_ROWS = 64 };

size_t gt_linear_bf16_workspace_floats(int32_t in_features) {
    return in_features > 0 ? (size_t)BF16_BLOCK_ROWS * (size_t)in_features : 0;
}

int gt_linear_bf16(float *out, const float *x, const uint16_t *w, const float *bias,
                   int32_t n_tokens, int32_t in_features, int32_t out_features, float *workspace) {
    if (!out || !x || !w || n_tokens < 1 || in_features < 1 || out_features < 1)
        return GT_ERR_INVALID_ARGUMENT;
    if (n_tokens == 1) {
        gemv_bf16(out, w, x, out_features, in_features);
    } else {
        if (!workspace) return GT_ERR_INVALID_ARGUMENT;
        for (int32_t o = 0; o < out_features; o += BF16_BLOCK_ROWS) {
            const int32_t rows = out_features - o < BF16_BLOCK_ROWS ? out_features - o : BF16_BLOCK_ROWS;
            for (size_t i = 0; i < (size_t)rows * in_features; i++)
                workspace[i] = bf16_to_f32(w[(size_t)o * in_features + i]);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n_tokens, rows, in_features, 1.0f,
                        x, in_features, workspace, in_features, 0.0f, out + o, out_features);
        }
    }
    if (bias)
        for (int32_t t = 0; t < n_tokens; t++)
            for (int32_t o = 0; o < out_features; o++) out[(size_t)t * out_features + o] += bias[o];
    return GT_OK;
}
