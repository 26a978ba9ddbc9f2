/* 1-D convolutions (the upsampler) and the LSTM step (the speaker encoder). PyTorch layouts. */
#ifndef GT_CONV_H
#define GT_CONV_H
#include "gt_core.h"
#ifdef __cplusplus
extern "C" {
#endif

/* Conv1d as torch.nn.functional.conv1d on one sequence (no batch), zero padding.
 *   x: [c_in, l_in]; w: [c_out, c_in / groups, kernel]; bias: [c_out] or NULL;
 *   out: [c_out, l_out], l_out = (l_in + 2·padding − dilation·(kernel − 1) − 1) / stride + 1 (≥ 1).
 *   workspace: gt_conv1d_workspace_floats(...) floats. */
int32_t gt_conv1d_out_length(int32_t l_in, int32_t kernel, int32_t stride, int32_t padding,
                             int32_t dilation);
size_t gt_conv1d_workspace_floats(int32_t c_in, int32_t l_in, int32_t kernel, int32_t stride,
                                  int32_t padding, int32_t dilation, int32_t groups);
int gt_conv1d_f32(float *out, const float *x, const float *w, const float *bias, int32_t c_in,
                  int32_t l_in, int32_t c_out, int32_t kernel, int32_t stride, int32_t padding,
                  int32_t dilation, int32_t groups, float *workspace);

/* ConvTranspose1d as torch.nn.functional.conv_transpose1d on one sequence.
 *   x: [c_in, l_in]; w: [c_in, c_out / groups, kernel]; bias: [c_out] or NULL;
 *   out: [c_out, l_out], l_out = (l_in − 1)·stride − 2·padding + dilation·(kernel − 1)
 *                                + output_padding + 1.
 *   workspace: gt_conv_transpose1d_workspace_floats(...) floats. */
int32_t gt_conv_transpose1d_out_length(int32_t l_in, int32_t kernel, int32_t stride,
                                       int32_t padding, int32_t dilation, int32_t output_padding);
size_t gt_conv_transpose1d_workspace_floats(int32_t c_out, int32_t l_in, int32_t kernel,
                                            int32_t groups);
int gt_conv_transpose1d_f32(float *out, const float *x, const float *w, const float *bias,
                            int32_t c_in, int32_t l_in, int32_t c_out, int32_t kernel,
                            int32_t stride, int32_t padding, int32_t dilation,
                            int32_t output_padding, int32_t groups, float *workspace);

/* One step of a torch.nn.LSTM layer (gate order i, f, g, o):
 *   x: [input_size]; w_ih: [4·hidden, input_size]; w_hh: [4·hidden, hidden];
 *   b_ih, b_hh: [4·hidden] or NULL; h, c: [hidden], updated in place;
 *   workspace: 4·hidden floats. */
int gt_lstm_step_f32(float *h, float *c, const float *x, const float *w_ih, const float *w_hh,
                     const float *b_ih, const float *b_hh, int32_t input_size, int32_t hidden_size,
                     float *workspace);

#ifdef __cplusplus
}
#endif
#endif
