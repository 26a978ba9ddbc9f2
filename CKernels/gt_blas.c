#include "gt_internal.h"
#include "include/gt_blas.h"

#include <cblas.h>

int gt_gemm_f32(int32_t trans_a, int32_t trans_b, int32_t m, int32_t n, int32_t k, float alpha,
                const float *a, int32_t lda, const float *b, int32_t ldb, float beta,
                float *c, int32_t ldc) {
    if (!a || !b || !c || m < 1 || n < 1 || k < 1) return GT_ERR_INVALID_ARGUMENT;
    if (lda < (trans_a ? m : k) || ldb < (trans_b ? k : n) || ldc < n) return GT_ERR_INVALID_ARGUMENT;
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return GT_OK;
}

int gt_gemv_f32(int32_t trans, int32_t m, int32_t n, float alpha, const float *a, int32_t lda,
                const float *x, float beta, float *y) {
    if (!a || !x || !y || m < 1 || n < 1 || lda < n) return GT_ERR_INVALID_ARGUMENT;
    cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta,
                y, 1);
    return GT_OK;
}

int gt_linear_f32(float *out, const float *x, const float *w, const float *bias,
                  int32_t n_tokens, int32_t in_features, int32_t out_features) {
    if (!out || !x || !w || n_tokens < 1 || in_features < 1 || out_features < 1)
        return GT_ERR_INVALID_ARGUMENT;
    float beta = 0.0f;
    if (bias) {
        for (int32_t t = 0; t < n_tokens; t++)
            for (int32_t o = 0; o < out_features; o++) out[(size_t)t * out_features + o] = bias[o];
        beta = 1.0f;
    }
    if (n_tokens == 1) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, out_features, in_features, 1.0f, w, in_features,
                    x, 1, beta, out, 1);
    } else {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n_tokens, out_features, in_features,
                    1.0f, x, in_features, w, in_features, beta, out, out_features);
    }
    return GT_OK;
}
