/* 1-D convolution and transposed convolution (PyTorch semantics, one sequence, no batch).
 *
 * conv1d:           im2col of one group's input into the workspace, then one SGEMM per group:
 *                   out_g[c_out_g, l_out] = w_g[c_out_g, c_in_g·k] · cols[c_in_g·k, l_out].
 * conv_transpose1d: one SGEMM per group into a columns buffer in the workspace,
 *                   cols[c_out_g·k, l_in] = w_gᵀ · x_g (w_g is [c_in_g, c_out_g·k]),
 *                   then a col2im scatter-add into out (which starts as the bias or zero).
 */
#include "gt_conv.h"

#include <cblas.h>
#include <limits.h>
#include <string.h>

/* Output length of a convolution, or 0 when the parameters are invalid or leave no output. */
int32_t gt_conv1d_out_length(int32_t l_in, int32_t kernel, int32_t stride, int32_t padding,
                             int32_t dilation) {
    if (l_in < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1) return 0;
    int64_t span = (int64_t)l_in + 2 * (int64_t)padding - (int64_t)dilation * (kernel - 1) - 1;
    if (span < 0) return 0; /* must not rely on C's truncating division of a negative number */
    int64_t l_out = span / stride + 1;
    return l_out > INT32_MAX ? 0 : (int32_t)l_out;
}

size_t gt_conv1d_workspace_floats(int32_t c_in, int32_t l_in, int32_t kernel, int32_t stride,
                                  int32_t padding, int32_t dilation, int32_t groups) {
    if (c_in < 1 || groups < 1 || c_in % groups != 0) return 0;
    int32_t l_out = gt_conv1d_out_length(l_in, kernel, stride, padding, dilation);
    if (l_out < 1) return 0;
    return (size_t)(c_in / groups) * (size_t)kernel * (size_t)l_out;
}

int gt_conv1d_f32(float *out, const float *x, const float *w, const float *bias, int32_t c_in,
                  int32_t l_in, int32_t c_out, int32_t kernel, int32_t stride, int32_t padding,
                  int32_t dilation, int32_t groups, float *workspace) {
    if (!out || !x || !w || !workspace) return GT_ERR_INVALID_ARGUMENT;
    if (c_in < 1 || l_in < 1 || c_out < 1 || kernel < 1 || stride < 1 || padding < 0 ||
        dilation < 1 || groups < 1)
        return GT_ERR_INVALID_ARGUMENT;
    if (c_in % groups != 0 || c_out % groups != 0) return GT_ERR_INVALID_ARGUMENT;
    const int32_t l_out = gt_conv1d_out_length(l_in, kernel, stride, padding, dilation);
    if (l_out < 1) return GT_ERR_INVALID_ARGUMENT;
    const int32_t cig = c_in / groups, cog = c_out / groups;
    /* The GEMM's inner dimension and leading dimensions must fit BLAS's int. */
    if ((int64_t)cig * kernel > INT32_MAX) return GT_ERR_INVALID_ARGUMENT;

    /* Fill out with the bias (or zero) so that each GEMM can accumulate with beta = 1. */
    for (int32_t o = 0; o < c_out; o++) {
        float *row = out + (size_t)o * l_out;
        const float b = bias ? bias[o] : 0.0f;
        for (int32_t t = 0; t < l_out; t++) row[t] = b;
    }

    /* A pointwise, unstrided, unpadded convolution needs no im2col: the input is the matrix. */
    const int direct = kernel == 1 && stride == 1 && padding == 0;
    const int32_t ck = cig * kernel;
    for (int32_t g = 0; g < groups; g++) {
        const float *xg = x + (size_t)g * cig * l_in;
        const float *cols = xg;
        if (!direct) {
            /* cols[(ci·k + j), t] = x[ci, t·stride − padding + j·dilation] (zero outside). */
            for (int32_t ci = 0; ci < cig; ci++) {
                const float *xr = xg + (size_t)ci * l_in;
                for (int32_t j = 0; j < kernel; j++) {
                    float *cr = workspace + ((size_t)ci * kernel + j) * l_out;
                    const int64_t off = (int64_t)j * dilation - padding;
                    /* valid t: 0 <= t·stride + off < l_in */
                    int64_t t_lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
                    int64_t t_hi = off >= l_in ? 0 : (l_in - 1 - off) / stride + 1; /* exclusive */
                    if (t_lo > l_out) t_lo = l_out;
                    if (t_hi > l_out) t_hi = l_out;
                    if (t_hi < t_lo) t_hi = t_lo;
                    for (int64_t t = 0; t < t_lo; t++) cr[t] = 0.0f;
                    if (stride == 1) {
                        if (t_hi > t_lo)
                            memcpy(cr + t_lo, xr + t_lo + off, (size_t)(t_hi - t_lo) * sizeof(float));
                    } else {
                        for (int64_t t = t_lo; t < t_hi; t++) cr[t] = xr[t * stride + off];
                    }
                    for (int64_t t = t_hi; t < l_out; t++) cr[t] = 0.0f;
                }
            }
            cols = workspace;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, cog, l_out, ck, 1.0f,
                    w + (size_t)g * cog * ck, ck, cols, l_out, 1.0f,
                    out + (size_t)g * cog * l_out, l_out);
    }
    return GT_OK;
}

/* Output length of a transposed convolution, or 0 when the parameters are invalid (including
 * output_padding not smaller than stride or dilation, as PyTorch requires) or leave no output. */
int32_t gt_conv_transpose1d_out_length(int32_t l_in, int32_t kernel, int32_t stride,
                                       int32_t padding, int32_t dilation, int32_t output_padding) {
    if (l_in < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || output_padding < 0)
        return 0;
    if (output_padding >= stride && output_padding >= dilation) return 0;
    int64_t l_out = ((int64_t)l_in - 1) * stride - 2 * (int64_t)padding +
                    (int64_t)dilation * (kernel - 1) + output_padding + 1;
    if (l_out < 1 || l_out > INT32_MAX) return 0;
    return (int32_t)l_out;
}

size_t gt_conv_transpose1d_workspace_floats(int32_t c_out, int32_t l_in, int32_t kernel,
                                            int32_t groups) {
    if (c_out < 1 || l_in < 1 || kernel < 1 || groups < 1 || c_out % groups != 0) return 0;
    return (size_t)(c_out / groups) * (size_t)kernel * (size_t)l_in;
}

int gt_conv_transpose1d_f32(float *out, const float *x, const float *w, const float *bias,
                            int32_t c_in, int32_t l_in, int32_t c_out, int32_t kernel,
                            int32_t stride, int32_t padding, int32_t dilation,
                            int32_t output_padding, int32_t groups, float *workspace) {
    if (!out || !x || !w || !workspace) return GT_ERR_INVALID_ARGUMENT;
    if (c_in < 1 || l_in < 1 || c_out < 1 || kernel < 1 || stride < 1 || padding < 0 ||
        dilation < 1 || output_padding < 0 || groups < 1)
        return GT_ERR_INVALID_ARGUMENT;
    if (c_in % groups != 0 || c_out % groups != 0) return GT_ERR_INVALID_ARGUMENT;
    const int32_t l_out =
        gt_conv_transpose1d_out_length(l_in, kernel, stride, padding, dilation, output_padding);
    if (l_out < 1) return GT_ERR_INVALID_ARGUMENT;
    const int32_t cig = c_in / groups, cog = c_out / groups;
    if ((int64_t)cog * kernel > INT32_MAX) return GT_ERR_INVALID_ARGUMENT;
    const int32_t ck = cog * kernel;

    for (int32_t o = 0; o < c_out; o++) {
        float *row = out + (size_t)o * l_out;
        const float b = bias ? bias[o] : 0.0f;
        for (int32_t t = 0; t < l_out; t++) row[t] = b;
    }

    for (int32_t g = 0; g < groups; g++) {
        /* cols[co·k + j, t] = Σ_ci w[g·cig + ci, co, j] · x[g·cig + ci, t] */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, ck, l_in, cig, 1.0f,
                    w + (size_t)g * cig * ck, ck, x + (size_t)g * cig * l_in, l_in, 0.0f,
                    workspace, l_in);
        /* out[g·cog + co, t·stride − padding + j·dilation] += cols[co·k + j, t] */
        for (int32_t co = 0; co < cog; co++) {
            float *orow = out + ((size_t)g * cog + co) * l_out;
            for (int32_t j = 0; j < kernel; j++) {
                const float *cr = workspace + ((size_t)co * kernel + j) * l_in;
                const int64_t off = (int64_t)j * dilation - padding;
                /* valid t: 0 <= t·stride + off < l_out */
                int64_t t_lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
                int64_t t_hi = off >= l_out ? 0 : (l_out - 1 - off) / stride + 1;
                if (t_hi > l_in) t_hi = l_in;
                if (stride == 1) {
                    for (int64_t t = t_lo; t < t_hi; t++) orow[t + off] += cr[t];
                } else {
                    for (int64_t t = t_lo; t < t_hi; t++) orow[t * stride + off] += cr[t];
                }
            }
        }
    }
    return GT_OK;
}
