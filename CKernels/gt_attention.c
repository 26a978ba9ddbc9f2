/* Rotary positions, the KV cache append and grouped-query attention. */
#include "gt_internal.h"
#include "include/gt_nn.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

int gt_rope_f32(float *x, const int32_t *positions, int32_t n_tokens, int32_t n_heads,
                int32_t head_dim, float theta) {
    if (!x || !positions || n_tokens < 1 || n_heads < 1 || head_dim < 2 || head_dim % 2 != 0 ||
        !(theta > 0.0f))
        return GT_ERR_INVALID_ARGUMENT;
    const int32_t half = head_dim / 2;
    for (int32_t t = 0; t < n_tokens; t++) {
        /* Same float32 arithmetic as transformers' LlamaRotaryEmbedding: inv_freq in float, the
         * angle as a float product, then cos/sin. Positions far out lose precision identically. */
        const float pos = (float)positions[t];
        for (int32_t i = 0; i < half; i++) {
            const float inv_freq = 1.0f / powf(theta, (float)(2 * i) / (float)head_dim);
            const float angle = pos * inv_freq;
            const float c = cosf(angle), s = sinf(angle);
            for (int32_t h = 0; h < n_heads; h++) {
                float *v = x + ((size_t)t * n_heads + h) * head_dim;
                const float a = v[i], b = v[i + half];
                v[i] = a * c - b * s;
                v[i + half] = b * c + a * s;
            }
        }
    }
    return GT_OK;
}

int gt_kv_append_f32(float *k_cache, float *v_cache, int32_t *count, int32_t capacity,
                     const float *k_new, const float *v_new, int32_t n_new, int32_t kv_dim) {
    if (!k_cache || !v_cache || !count || !k_new || !v_new || n_new < 0 || kv_dim < 1 ||
        capacity < 0 || *count < 0 || *count > capacity)
        return GT_ERR_INVALID_ARGUMENT;
    if (n_new > capacity - *count) return GT_ERR_CAPACITY;
    /* glibc's memcpy already dispatches on the CPU (AVX2/AVX-512/ERMS); a hand loop cannot beat it. */
    const size_t offset = (size_t)(*count) * kv_dim, bytes = (size_t)n_new * kv_dim * sizeof(float);
    memcpy(k_cache + offset, k_new, bytes);
    memcpy(v_cache + offset, v_new, bytes);
    *count += n_new;
    return GT_OK;
}

static int check_heads(int32_t n_heads, int32_t n_kv_heads, int32_t head_dim) {
    return n_heads >= 1 && n_kv_heads >= 1 && head_dim >= 1 && n_heads % n_kv_heads == 0;
}

size_t gt_attention_decode_workspace_floats(int32_t n_ctx, int32_t n_heads) {
    return n_ctx > 0 && n_heads > 0 ? (size_t)n_ctx * (size_t)n_heads : 0;
}

int gt_attention_decode_f32(float *out, const float *q, const float *k_cache, const float *v_cache,
                            int32_t n_ctx, int32_t n_heads, int32_t n_kv_heads, int32_t head_dim,
                            float *workspace) {
    if (!out || !q || !k_cache || !v_cache || !workspace || n_ctx < 1 ||
        !check_heads(n_heads, n_kv_heads, head_dim))
        return GT_ERR_INVALID_ARGUMENT;
    const gt_simd_table *simd = gt__simd();
    const int32_t group = n_heads / n_kv_heads;
    const size_t stride = (size_t)n_kv_heads * head_dim;
    const float scale = 1.0f / sqrtf((float)head_dim);
    /* One sequential pass over the keys and one over the values, every query head served from the
     * row in hand: each cache row is read from memory once per step (not once per query head), and
     * in address order, so long contexts stream instead of striding across pages. */
    for (int32_t t = 0; t < n_ctx; t++) {
        const float *krow = k_cache + t * stride;
        for (int32_t h = 0; h < n_heads; h++)
            workspace[(size_t)h * n_ctx + t] = simd->dot(q + (size_t)h * head_dim, krow + (size_t)(h / group) * head_dim, head_dim) * scale;
    }
    for (int32_t h = 0; h < n_heads; h++) {
        float *s = workspace + (size_t)h * n_ctx;
        float mx = s[0];
        for (int32_t t = 1; t < n_ctx; t++) mx = s[t] > mx ? s[t] : mx;
        simd->scale(s, 1.0f / simd->exp_sum(s, mx, n_ctx), n_ctx);
    }
    memset(out, 0, sizeof(float) * (size_t)n_heads * (size_t)head_dim);
    for (int32_t t = 0; t < n_ctx; t++) {
        const float *vrow = v_cache + t * stride;
        for (int32_t h = 0; h < n_heads; h++)
            simd->axpy(out + (size_t)h * head_dim, workspace[(size_t)h * n_ctx + t], vrow + (size_t)(h / group) * head_dim, head_dim);
    }
    return GT_OK;
}

size_t gt_attention_prefill_workspace_floats(int32_t n_past, int32_t n_new) {
    return n_past >= 0 && n_new > 0 ? (size_t)n_new * (size_t)(n_past + n_new) : 0;
}

int gt_attention_prefill_f32(float *out, const float *q, const float *k_cache, const float *v_cache,
                             int32_t n_past, int32_t n_new, int32_t n_heads, int32_t n_kv_heads,
                             int32_t head_dim, float *workspace) {
    if (!out || !q || !k_cache || !v_cache || !workspace || n_past < 0 || n_new < 1 ||
        !check_heads(n_heads, n_kv_heads, head_dim))
        return GT_ERR_INVALID_ARGUMENT;
    const gt_simd_table *simd = gt__simd();
    const int32_t group = n_heads / n_kv_heads, n_ctx = n_past + n_new;
    const int32_t kv_stride = n_kv_heads * head_dim, q_stride = n_heads * head_dim;
    const float scale = 1.0f / sqrtf((float)head_dim);
    for (int32_t h = 0; h < n_heads; h++) {
        const float *kh = k_cache + (size_t)(h / group) * head_dim;
        const float *vh = v_cache + (size_t)(h / group) * head_dim;
        /* scores[n_new, n_ctx] = scale · Q_h · K_hᵀ, then a causal softmax per row */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n_new, n_ctx, head_dim, scale,
                    q + (size_t)h * head_dim, q_stride, kh, kv_stride, 0.0f, workspace, n_ctx);
        for (int32_t i = 0; i < n_new; i++) {
            float *row = workspace + (size_t)i * n_ctx;
            const int32_t len = n_past + i + 1;
            float mx = row[0];
            for (int32_t t = 1; t < len; t++) mx = row[t] > mx ? row[t] : mx;
            simd->scale(row, 1.0f / simd->exp_sum(row, mx, len), len);
            memset(row + len, 0, sizeof(float) * (size_t)(n_ctx - len));
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n_new, head_dim, n_ctx, 1.0f,
                    workspace, n_ctx, vh, kv_stride, 0.0f, out + (size_t)h * head_dim, q_stride);
    }
    return GT_OK;
}
