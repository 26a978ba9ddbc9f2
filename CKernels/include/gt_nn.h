/* Transformer kernels: normalization, activations, rotary positions, attention, KV cache. */
#ifndef GT_NN_H
#define GT_NN_H
#include "gt_core.h"
#ifdef __cplusplus
extern "C" {
#endif

/* x, out: [n_rows, dim] (out may equal x); weight: [dim] or NULL (no scale).
 * RMSNorm: out = x / sqrt(mean(x²) + eps) · weight (the Llama form, computed in float).
 * LayerNorm: out = (x − mean) / sqrt(var + eps) · weight + bias (biased variance, as PyTorch). */
int gt_rmsnorm_f32(float *out, const float *x, const float *weight, int32_t n_rows, int32_t dim,
                   float eps);
int gt_layernorm_f32(float *out, const float *x, const float *weight, const float *bias,
                     int32_t n_rows, int32_t dim, float eps);

/* Softmax over each row of x: [n_rows, dim], in place, max-subtracted. */
int gt_softmax_f32(float *x, int32_t n_rows, int32_t dim);

/* Elementwise activations over n values; out may equal x. */
int gt_silu_f32(float *out, const float *x, size_t n);                   /* x · σ(x) */
int gt_gelu_f32(float *out, const float *x, size_t n, int32_t tanh_approx); /* erf form, or tanh form */
int gt_swiglu_f32(float *out, const float *gate, const float *up, size_t n); /* silu(gate) · up */
int gt_leaky_relu_f32(float *out, const float *x, size_t n, float negative_slope);
/* Snake (BigVGAN/HiFT): out = x + sin²(α·x) / (α + 1e-9), α per channel.
 * x, out: [channels, length]; alpha: [channels]. */
int gt_snake_f32(float *out, const float *x, const float *alpha, int32_t channels, int32_t length);

/* Rotary position embedding, Hugging Face Llama convention ("rotate half"): for each head, the pair
 * (x[i], x[i + head_dim/2]) is rotated by angle pos · theta^(−2i/head_dim), i < head_dim/2.
 * x: [n_tokens, n_heads, head_dim], in place; positions: [n_tokens]; head_dim even. */
int gt_rope_f32(float *x, const int32_t *positions, int32_t n_tokens, int32_t n_heads,
                int32_t head_dim, float theta);

/* KV cache of one layer: k_cache, v_cache: [capacity, kv_dim] with kv_dim = n_kv_heads · head_dim.
 * Copies k_new, v_new: [n_new, kv_dim] to rows *count … *count + n_new − 1 and advances *count.
 * Past capacity nothing is written and GT_ERR_CAPACITY comes back. */
int gt_kv_append_f32(float *k_cache, float *v_cache, int32_t *count, int32_t capacity,
                     const float *k_new, const float *v_new, int32_t n_new, int32_t kv_dim);

/* Scaled dot-product attention with grouped-query heads (n_kv_heads divides n_heads; query head h
 * reads key/value head h / (n_heads / n_kv_heads)); scale 1/sqrt(head_dim).
 *
 * Decode (one new token attends to every cached position):
 *   q: [n_heads, head_dim]; k_cache, v_cache: [n_ctx, n_kv_heads, head_dim]; out: [n_heads, head_dim];
 *   workspace: gt_attention_decode_workspace_floats(n_ctx, n_heads) floats.
 * Prefill (a block of n_new tokens whose keys and values are already the last n_new cache rows;
 *   token i attends causally to positions 0 … n_past + i):
 *   q, out: [n_new, n_heads, head_dim]; caches: [n_past + n_new, n_kv_heads, head_dim];
 *   workspace: gt_attention_prefill_workspace_floats(n_past, n_new) floats. */
size_t gt_attention_decode_workspace_floats(int32_t n_ctx, int32_t n_heads);
int gt_attention_decode_f32(float *out, const float *q, const float *k_cache, const float *v_cache,
                            int32_t n_ctx, int32_t n_heads, int32_t n_kv_heads, int32_t head_dim,
                            float *workspace);
size_t gt_attention_prefill_workspace_floats(int32_t n_past, int32_t n_new);
int gt_attention_prefill_f32(float *out, const float *q, const float *k_cache, const float *v_cache,
                             int32_t n_past, int32_t n_new, int32_t n_heads, int32_t n_kv_heads,
                             int32_t head_dim, float *workspace);

#ifdef __cplusplus
}
#endif
#endif
