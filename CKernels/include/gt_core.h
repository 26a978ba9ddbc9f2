/* GLMTTS C kernels — shared conventions.
 *
 * - Every symbol starts with gt_. Every array is row-major, float32 unless the name says otherwise.
 * - Kernels never allocate: the caller passes output buffers and, where a kernel needs scratch
 *   memory, a workspace whose size a *_workspace_* function (or the comment) states.
 * - Every kernel returns a status code (GT_OK or a GT_ERR_*); arguments are checked before any
 *   output is written.
 * - Parallelism has one owner: OpenBLAS's thread pool. gt_set_num_threads sets it explicitly.
 */
#ifndef GT_CORE_H
#define GT_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    GT_OK = 0,
    GT_ERR_INVALID_ARGUMENT = 1, /* a size, pointer or option the kernel cannot accept */
    GT_ERR_CAPACITY = 2,         /* a preallocated buffer (the KV cache) is full */
    GT_ERR_WORKSPACE = 3,        /* the workspace given is smaller than the kernel needs */
    GT_ERR_NUMERIC = 4,          /* LAPACK reported failure (no convergence, singular input) */
    GT_ERR_UNSUPPORTED = 5       /* the CPU lacks the requested instruction set */
};

/* Threads used by OpenBLAS (and so by every GEMM/GEMV below). n < 1 is GT_ERR_INVALID_ARGUMENT. */
int gt_set_num_threads(int32_t n);
int32_t gt_get_num_threads(void);

/* Hand-tuned loops (attention, activations, KV append) have AVX-512, AVX2+FMA and portable variants,
 * chosen once at start-up from the CPU. gt_simd_select lets tests and benchmarks force a lower
 * level; asking for one the CPU lacks is GT_ERR_UNSUPPORTED. */
enum { GT_SIMD_SCALAR = 0, GT_SIMD_AVX2 = 1, GT_SIMD_AVX512 = 2 };
int32_t gt_simd_detected(void);
int32_t gt_simd_active(void);
int gt_simd_select(int32_t level);

/* A short English description of a status code, for error messages. Never NULL. */
const char *gt_status_string(int status);

#ifdef __cplusplus
}
#endif
#endif
