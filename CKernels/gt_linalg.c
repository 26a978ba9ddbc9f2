/* Minimum-norm least squares with LAPACK's sgelsd (SVD by divide and conquer).
 *
 * The row-major LAPACKE wrappers transpose through memory they allocate, so this file uses the
 * column-major LAPACKE_sgelsd_work only, with every buffer carved out of the caller's workspace:
 *   floats: a_cm [m·n] | b_cm [ldb·nrhs], ldb = max(m, n) | s [min(m, n)] | LAPACK work [lwork]
 *   ints:   LAPACK iwork [liwork]
 * lwork and liwork come from sgelsd's own workspace query (lwork = −1), which allocates nothing.
 */
#include "gt_blas.h"

#include <lapacke.h>
#include <limits.h>

_Static_assert(sizeof(lapack_int) == sizeof(int32_t),
               "iworkspace is int32_t: LAPACK must use 32-bit ints");

typedef struct {
    size_t a, b, s;       /* floats in the copied a, the copied b and the singular values */
    size_t lwork, liwork; /* LAPACK's work sizes */
} lstsq_layout;

static int32_t max32(int32_t p, int32_t q) { return p > q ? p : q; }
static int32_t min32(int32_t p, int32_t q) { return p < q ? p : q; }

static int lstsq_plan(int32_t m, int32_t n, int32_t nrhs, lstsq_layout *lay) {
    if (m < 1 || n < 1 || nrhs < 1) return GT_ERR_INVALID_ARGUMENT;
    const int32_t ldb = max32(m, n);
    /* Every element count handed to LAPACK must fit its 32-bit int. */
    if ((int64_t)m * n > INT32_MAX || (int64_t)ldb * nrhs > INT32_MAX)
        return GT_ERR_INVALID_ARGUMENT;

    float dummy_a = 0.0f, dummy_b = 0.0f, dummy_s = 0.0f, work_query = 0.0f;
    lapack_int rank = 0, iwork_query = 0;
    lapack_int info = LAPACKE_sgelsd_work(LAPACK_COL_MAJOR, m, n, nrhs, &dummy_a, m, &dummy_b,
                                          ldb, &dummy_s, -1.0f, &rank, &work_query, -1,
                                          &iwork_query);
    if (info != 0 || !(work_query >= 1.0f) || work_query > (float)INT32_MAX)
        return GT_ERR_INVALID_ARGUMENT;
    size_t lwork = (size_t)work_query;
    /* LAPACK returns lwork as a float; before 3.11 it could round down above 2^24. */
    lwork += (lwork >> 22) + 1;
    lay->a = (size_t)m * (size_t)n;
    lay->b = (size_t)ldb * (size_t)nrhs;
    lay->s = (size_t)min32(m, n);
    lay->lwork = lwork;
    lay->liwork = iwork_query > 0 ? (size_t)iwork_query : 1;
    return GT_OK;
}

int gt_lstsq_workspace(int32_t m, int32_t n, int32_t nrhs, size_t *n_floats, size_t *n_ints) {
    if (!n_floats || !n_ints) return GT_ERR_INVALID_ARGUMENT;
    lstsq_layout lay;
    int st = lstsq_plan(m, n, nrhs, &lay);
    if (st != GT_OK) return st;
    *n_floats = lay.a + lay.b + lay.s + lay.lwork;
    *n_ints = lay.liwork;
    return GT_OK;
}

int gt_lstsq_f32(float *x, const float *a, const float *b, int32_t m, int32_t n, int32_t nrhs,
                 float rcond, float *workspace, size_t workspace_floats,
                 int32_t *iworkspace, size_t iworkspace_ints) {
    if (!x || !a || !b || !workspace || !iworkspace) return GT_ERR_INVALID_ARGUMENT;
    if (rcond != rcond) return GT_ERR_INVALID_ARGUMENT; /* NaN */
    lstsq_layout lay;
    int st = lstsq_plan(m, n, nrhs, &lay);
    if (st != GT_OK) return st;
    const size_t fixed = lay.a + lay.b + lay.s;
    if (workspace_floats < fixed + lay.lwork || iworkspace_ints < lay.liwork)
        return GT_ERR_WORKSPACE;
    /* Give LAPACK all the space there is (more lets it block better), within its int. */
    size_t lwork = workspace_floats - fixed;
    if (lwork > (size_t)INT32_MAX) lwork = (size_t)INT32_MAX;

    const int32_t ldb = max32(m, n);
    float *a_cm = workspace;
    float *b_cm = a_cm + lay.a;
    float *s = b_cm + lay.b;
    float *work = s + lay.s;

    for (int32_t i = 0; i < m; i++)
        for (int32_t j = 0; j < n; j++) a_cm[(size_t)j * m + i] = a[(size_t)i * n + j];
    for (int32_t r = 0; r < nrhs; r++) {
        float *col = b_cm + (size_t)r * ldb;
        for (int32_t i = 0; i < m; i++) col[i] = b[(size_t)i * nrhs + r];
        for (int32_t i = m; i < ldb; i++) col[i] = 0.0f;
    }

    lapack_int rank = 0;
    lapack_int info = LAPACKE_sgelsd_work(LAPACK_COL_MAJOR, m, n, nrhs, a_cm, m, b_cm, ldb, s,
                                          rcond, &rank, work, (lapack_int)lwork,
                                          (lapack_int *)iworkspace);
    if (info < 0) return GT_ERR_INVALID_ARGUMENT;
    if (info > 0) return GT_ERR_NUMERIC;

    for (int32_t i = 0; i < n; i++)
        for (int32_t r = 0; r < nrhs; r++)
            x[(size_t)i * nrhs + r] = b_cm[(size_t)r * ldb + i];
    return GT_OK;
}
