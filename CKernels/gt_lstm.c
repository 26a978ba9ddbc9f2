/* One step of a torch.nn.LSTM layer: two SGEMVs for the gates, then the pointwise cell update. */
#include "gt_conv.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>

static inline float sigmoidf(float v) { return 1.0f / (1.0f + expf(-v)); }

int gt_lstm_step_f32(float *h, float *c, const float *x, const float *w_ih, const float *w_hh,
                     const float *b_ih, const float *b_hh, int32_t input_size, int32_t hidden_size,
                     float *workspace) {
    if (!h || !c || !x || !w_ih || !w_hh || !workspace) return GT_ERR_INVALID_ARGUMENT;
    if (input_size < 1 || hidden_size < 1) return GT_ERR_INVALID_ARGUMENT;
    if ((int64_t)hidden_size * 4 > INT32_MAX) return GT_ERR_INVALID_ARGUMENT;
    const int32_t n = 4 * hidden_size;
    float *gates = workspace;

    /* gates = b_ih + b_hh + W_ih·x + W_hh·h (h is read before it is overwritten below) */
    for (int32_t i = 0; i < n; i++)
        gates[i] = (b_ih ? b_ih[i] : 0.0f) + (b_hh ? b_hh[i] : 0.0f);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, n, input_size, 1.0f, w_ih, input_size, x, 1, 1.0f,
                gates, 1);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, n, hidden_size, 1.0f, w_hh, hidden_size, h, 1, 1.0f,
                gates, 1);

    const float *gi = gates, *gf = gates + hidden_size, *gg = gates + 2 * (size_t)hidden_size,
                *go = gates + 3 * (size_t)hidden_size;
    for (int32_t k = 0; k < hidden_size; k++) {
        const float i = sigmoidf(gi[k]), f = sigmoidf(gf[k]), g = tanhf(gg[k]),
                    o = sigmoidf(go[k]);
        const float cn = f * c[k] + i * g;
        c[k] = cn;
        h[k] = o * tanhf(cn);
    }
    return GT_OK;
}
