#include "gt_internal.h"

#include <stdatomic.h>

/* Declared by OpenBLAS's own cblas.h; repeated here so the build does not depend on which cblas.h
 * (reference or OpenBLAS) the include path finds first. */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);

int gt_set_num_threads(int32_t n) {
    if (n < 1) return GT_ERR_INVALID_ARGUMENT;
    openblas_set_num_threads(n);
    return GT_OK;
}

int32_t gt_get_num_threads(void) { return (int32_t)openblas_get_num_threads(); }

static int32_t detect_level(void) {
#if GT_HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return GT_SIMD_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return GT_SIMD_AVX2;
#endif
    return GT_SIMD_SCALAR;
}

/* -1 until first use; then the active level. Races on first use store the same value. */
static _Atomic int32_t active_level = -1;

static const gt_simd_table *table_for(int32_t level) {
#if GT_HAVE_X86
    if (level == GT_SIMD_AVX512) return &gt__simd_avx512;
    if (level == GT_SIMD_AVX2) return &gt__simd_avx2;
#endif
    (void)level;
    return &gt__simd_scalar;
}

int32_t gt_simd_detected(void) { return detect_level(); }

int32_t gt_simd_active(void) {
    int32_t level = atomic_load_explicit(&active_level, memory_order_acquire);
    if (level < 0) {
        level = detect_level();
        atomic_store_explicit(&active_level, level, memory_order_release);
    }
    return level;
}

int gt_simd_select(int32_t level) {
    if (level < GT_SIMD_SCALAR || level > GT_SIMD_AVX512) return GT_ERR_INVALID_ARGUMENT;
    if (level > detect_level()) return GT_ERR_UNSUPPORTED;
    atomic_store_explicit(&active_level, level, memory_order_release);
    return GT_OK;
}

const gt_simd_table *gt__simd(void) { return table_for(gt_simd_active()); }

const char *gt_status_string(int status) {
    switch (status) {
    case GT_OK: return "ok";
    case GT_ERR_INVALID_ARGUMENT: return "invalid argument";
    case GT_ERR_CAPACITY: return "buffer capacity exceeded";
    case GT_ERR_WORKSPACE: return "workspace too small";
    case GT_ERR_NUMERIC: return "numerical failure in LAPACK";
    case GT_ERR_UNSUPPORTED: return "instruction set not supported by this CPU";
    default: return "unknown status";
    }
}
