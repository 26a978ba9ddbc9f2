/* Private to the kernel target: the SIMD dispatch table and checks shared by the .c files. */
#ifndef GT_INTERNAL_H
#define GT_INTERNAL_H
#include "include/gt_core.h"

/* The loops that have per-ISA variants. n is a count of floats. */
typedef struct {
    float (*dot)(const float *a, const float *b, int32_t n);
    void (*axpy)(float *y, float a, const float *x, int32_t n);           /* y += a·x */
    void (*scale)(float *y, float a, int32_t n);                          /* y *= a */
    float (*exp_sum)(float *x, float shift, int32_t n);                   /* x = e^(x−shift); Σ */
    void (*silu)(float *out, const float *x, size_t n);
    void (*swiglu)(float *out, const float *gate, const float *up, size_t n);
} gt_simd_table;

const gt_simd_table *gt__simd(void);

extern const gt_simd_table gt__simd_scalar;
#if defined(__x86_64__) || defined(__i386__)
#define GT_HAVE_X86 1
extern const gt_simd_table gt__simd_avx2;
extern const gt_simd_table gt__simd_avx512;
#endif

#endif
