/* Matrix products (OpenBLAS) and small dense linear algebra (LAPACKE). */
#ifndef GT_BLAS_H
#define GT_BLAS_H
#include "gt_core.h"
#ifdef __cplusplus
extern "C" {
#endif

/* c[m, n] = alpha · op(a)[m, k] · op(b)[k, n] + beta · c.
 * op(x) = x, or xᵀ when trans_x != 0. a is [m, k] (or [k, m] transposed) with row stride lda;
 * b is [k, n] (or [n, k]) with row stride ldb; c has row stride ldc. */
int gt_gemm_f32(int32_t trans_a, int32_t trans_b, int32_t m, int32_t n, int32_t k, float alpha,
                const float *a, int32_t lda, const float *b, int32_t ldb, float beta,
                float *c, int32_t ldc);

/* y = alpha · op(a) · x + beta · y; a is [m, n] with row stride lda.
 * trans == 0: x is [n], y is [m]. trans != 0: x is [m], y is [n]. */
int gt_gemv_f32(int32_t trans, int32_t m, int32_t n, float alpha, const float *a, int32_t lda,
                const float *x, float beta, float *y);

/* A PyTorch/Hugging Face linear layer: out[t, o] = Σ_i x[t, i] · w[o, i] + bias[o].
 * x: [n_tokens, in_features]; w: [out_features, in_features]; bias: [out_features] or NULL;
 * out: [n_tokens, out_features]. Uses GEMV for one token, GEMM otherwise. */
int gt_linear_f32(float *out, const float *x, const float *w, const float *bias,
                  int32_t n_tokens, int32_t in_features, int32_t out_features);

/* Reduced-precision weights: bf16 and f16 values are uint16_t bit patterns. Conversions to f32 are
 * exact; f32 → bf16 rounds to nearest even (NaN stays NaN). */
int gt_bf16_to_f32(float *out, const uint16_t *in, size_t n);
int gt_f16_to_f32(float *out, const uint16_t *in, size_t n);
int gt_f32_to_bf16(uint16_t *out, const float *in, size_t n);

/* gt_linear_f32 with bf16 weights w: [out_features, in_features], read in place; activations and
 * accumulation stay f32, so the result equals gt_linear_f32 on the widened weights up to summation
 * order, at half the bytes read. One token: a hand-written GEMV (AVX-512 / AVX2 / portable, single
 * thread). Several tokens: blocks of 64 weight rows are widened into workspace and multiplied with
 * OpenBLAS SGEMM. workspace: gt_linear_bf16_workspace_floats(in_features) floats. */
size_t gt_linear_bf16_workspace_floats(int32_t in_features);
int gt_linear_bf16(float *out, const float *x, const uint16_t *w, const float *bias,
                   int32_t n_tokens, int32_t in_features, int32_t out_features, float *workspace);

/* Minimum-norm least squares (LAPACK sgelsd): x = argmin ‖a·x − b‖, the smallest such x.
 * a: [m, n]; b: [m, nrhs]; x: [n, nrhs]. Singular values below rcond·σ_max count as zero
 * (rcond < 0: machine precision). gt_lstsq_workspace reports the float and int workspace sizes. */
int gt_lstsq_workspace(int32_t m, int32_t n, int32_t nrhs, size_t *n_floats, size_t *n_ints);
int gt_lstsq_f32(float *x, const float *a, const float *b, int32_t m, int32_t n, int32_t nrhs,
                 float rcond, float *workspace, size_t workspace_floats,
                 int32_t *iworkspace, size_t iworkspace_ints);

#ifdef __cplusplus
}
#endif
#endif
