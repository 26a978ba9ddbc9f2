/* Normalizations, softmax and elementwise activations. */
#include "gt_internal.h"
#include "include/gt_nn.h"

#include <math.h>

int gt_rmsnorm_f32(float *out, const float *x, const float *weight, int32_t n_rows, int32_t dim,
                   float eps) {
    if (!out || !x || n_rows < 1 || dim < 1 || !(eps >= 0.0f)) return GT_ERR_INVALID_ARGUMENT;
    const gt_simd_table *simd = gt__simd();
    for (int32_t r = 0; r < n_rows; r++) {
        const float *xr = x + (size_t)r * dim;
        float *or_ = out + (size_t)r * dim;
        float ms = simd->dot(xr, xr, dim) / (float)dim;
        float inv = 1.0f / sqrtf(ms + eps);
        if (weight) {
            for (int32_t i = 0; i < dim; i++) or_[i] = weight[i] * (xr[i] * inv);
        } else {
            for (int32_t i = 0; i < dim; i++) or_[i] = xr[i] * inv;
        }
    }
    return GT_OK;
}

int gt_layernorm_f32(float *out, const float *x, const float *weight, const float *bias,
                     int32_t n_rows, int32_t dim, float eps) {
    if (!out || !x || n_rows < 1 || dim < 1 || !(eps >= 0.0f)) return GT_ERR_INVALID_ARGUMENT;
    for (int32_t r = 0; r < n_rows; r++) {
        const float *xr = x + (size_t)r * dim;
        float *or_ = out + (size_t)r * dim;
        /* two passes in double: the mean of large values would otherwise cancel badly */
        double mean = 0.0, var = 0.0;
        for (int32_t i = 0; i < dim; i++) mean += xr[i];
        mean /= dim;
        for (int32_t i = 0; i < dim; i++) { double d = xr[i] - mean; var += d * d; }
        var /= dim;
        float inv = (float)(1.0 / sqrt(var + eps)), m = (float)mean;
        for (int32_t i = 0; i < dim; i++) {
            float v = (xr[i] - m) * inv;
            if (weight) v *= weight[i];
            if (bias) v += bias[i];
            or_[i] = v;
        }
    }
    return GT_OK;
}

int gt_softmax_f32(float *x, int32_t n_rows, int32_t dim) {
    if (!x || n_rows < 1 || dim < 1) return GT_ERR_INVALID_ARGUMENT;
    const gt_simd_table *simd = gt__simd();
    for (int32_t r = 0; r < n_rows; r++) {
        float *xr = x + (size_t)r * dim;
        float mx = xr[0];
        for (int32_t i = 1; i < dim; i++) mx = xr[i] > mx ? xr[i] : mx;
        float sum = simd->exp_sum(xr, mx, dim);
        simd->scale(xr, 1.0f / sum, dim);
    }
    return GT_OK;
}

int gt_silu_f32(float *out, const float *x, size_t n) {
    if (!out || !x) return GT_ERR_INVALID_ARGUMENT;
    gt__simd()->silu(out, x, n);
    return GT_OK;
}

int gt_swiglu_f32(float *out, const float *gate, const float *up, size_t n) {
    if (!out || !gate || !up) return GT_ERR_INVALID_ARGUMENT;
    gt__simd()->swiglu(out, gate, up, n);
    return GT_OK;
}

int gt_gelu_f32(float *out, const float *x, size_t n, int32_t tanh_approx) {
    if (!out || !x) return GT_ERR_INVALID_ARGUMENT;
    if (tanh_approx) {
        const float k = 0.7978845608028654f; /* sqrt(2/pi) */
        for (size_t i = 0; i < n; i++) {
            float v = x[i];
            out[i] = 0.5f * v * (1.0f + tanhf(k * (v + 0.044715f * v * v * v)));
        }
    } else {
        for (size_t i = 0; i < n; i++) out[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678118654752f));
    }
    return GT_OK;
}

int gt_leaky_relu_f32(float *out, const float *x, size_t n, float negative_slope) {
    if (!out || !x) return GT_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) out[i] = x[i] >= 0.0f ? x[i] : x[i] * negative_slope;
    return GT_OK;
}

int gt_snake_f32(float *out, const float *x, const float *alpha, int32_t channels, int32_t length) {
    if (!out || !x || !alpha || channels < 1 || length < 1) return GT_ERR_INVALID_ARGUMENT;
    for (int32_t c = 0; c < channels; c++) {
        const float a = alpha[c], inv = 1.0f / (a + 1e-9f);
        const float *xc = x + (size_t)c * length;
        float *oc = out + (size_t)c * length;
        for (int32_t t = 0; t < length; t++) {
            float s = sinf(a * xc[t]);
            oc[t] = xc[t] + inv * s * s;
        }
    }
    return GT_OK;
}
