/* FFT (any length), windows, reflect padding, STFT / inverse STFT and the Slaney mel filterbank.
 *
 * The complex FFT is a recursive mixed-radix decimation in time (radix 4, 2, 3, 5 butterflies and a
 * generic butterfly for any other prime factor, which makes prime lengths O(n²) but correct). A real
 * transform of even length n is one complex transform of length n/2 on the samples taken in pairs,
 * followed by the usual split step; odd lengths use a complex transform of length n.
 *
 * A plan is a header followed by its tables, all addressed by offsets from the plan's start, so a
 * plan may be copied with memcpy. Twiddles are computed in double precision and stored as float.
 * Nothing here allocates: scratch comes from the caller's workspace.
 */
#include "include/gt_spectral.h"

#include <math.h>
#include <string.h>

#define GT_FFT_MAGIC 0x46465447u /* "GTFF" */
#define GT_FFT_MAX_FACTORS 32    /* n < 2^31 has at most 31 prime factors */
#define GT_TWO_PI 6.283185307179586476925286766559

typedef struct {
    uint32_t magic;
    uint32_t check;   /* a hash of the fields below, so a stray buffer is not taken for a plan */
    int32_t n;        /* real transform length */
    int32_t m;        /* complex transform length: n/2 when n is even, else n */
    int32_t packed;   /* 1 when n is even (the n/2 complex transform) */
    int32_t nfactors; /* radices of the complex transform, outermost first */
    int32_t radix[GT_FFT_MAX_FACTORS];
    int32_t stride[GT_FFT_MAX_FACTORS]; /* length of the sub-transforms below each radix */
    int32_t max_generic; /* largest radix the generic butterfly handles (0 if none) */
    int32_t reserved;
    uint64_t bytes;      /* gt_fft_plan_bytes(n) */
    uint64_t tw_offset;  /* m complex twiddles e^(−2πik/m) */
    uint64_t rtw_offset; /* packed only: m/2 + 1 complex twiddles e^(−2πik/n) */
} fft_plan;

#define GT_FFT_HEADER_BYTES ((sizeof(fft_plan) + 63) / 64 * 64)

/* ---------------------------------------------------------------------------------------------- */
/* Factorization and plan layout                                                                   */

typedef struct {
    int32_t nfactors;
    int32_t radix[GT_FFT_MAX_FACTORS];
    int32_t stride[GT_FFT_MAX_FACTORS];
    int32_t max_generic;
} factorization;

/* Factors of m: 4s first, then 2, 3, 5, then any other primes in increasing order. */
static void factorize(int32_t m, factorization *f) {
    f->nfactors = 0;
    f->max_generic = 0;
    int32_t rest = m, p = 4;
    while (rest > 1) {
        while (rest % p != 0) {
            switch (p) {
            case 4: p = 2; break;
            case 2: p = 3; break;
            default: p += 2; break;
            }
            if ((int64_t)p * p > rest) p = rest; /* rest is prime */
        }
        rest /= p;
        f->radix[f->nfactors] = p;
        f->stride[f->nfactors] = rest;
        f->nfactors++;
        if (p != 2 && p != 3 && p != 4 && p != 5 && p > f->max_generic) f->max_generic = p;
    }
}

static int32_t complex_length(int32_t n) { return (n % 2 == 0) ? n / 2 : n; }

static size_t plan_bytes_for(int32_t n) {
    const int32_t m = complex_length(n);
    size_t bytes = GT_FFT_HEADER_BYTES + (size_t)2 * (size_t)m * sizeof(float);
    if (n % 2 == 0) bytes += (size_t)2 * (size_t)(m / 2 + 1) * sizeof(float);
    return bytes;
}

static uint32_t plan_check(const fft_plan *p) {
    uint32_t h = 2166136261u;
    const uint32_t fields[6] = {(uint32_t)p->n, (uint32_t)p->m, (uint32_t)p->packed,
                                (uint32_t)p->nfactors, (uint32_t)p->max_generic,
                                (uint32_t)p->bytes};
    for (int i = 0; i < 6; i++) h = (h ^ fields[i]) * 16777619u;
    return h;
}

/* The plan behind `plan` if it looks like one made by gt_fft_plan_init, else NULL. */
static const fft_plan *plan_get(const void *plan) {
    if (!plan || ((uintptr_t)plan % _Alignof(fft_plan)) != 0) return NULL;
    const fft_plan *p = (const fft_plan *)plan;
    if (p->magic != GT_FFT_MAGIC || p->n < 1) return NULL;
    if (p->check != plan_check(p)) return NULL;
    if (p->m != complex_length(p->n) || p->packed != (p->n % 2 == 0)) return NULL;
    if (p->bytes != plan_bytes_for(p->n) || p->tw_offset != GT_FFT_HEADER_BYTES) return NULL;
    if (p->nfactors < 0 || p->nfactors > GT_FFT_MAX_FACTORS) return NULL;
    int64_t prod = 1;
    for (int32_t i = 0; i < p->nfactors; i++) {
        if (p->radix[i] < 2) return NULL;
        prod *= p->radix[i];
        if (prod > p->m || p->stride[i] != p->m / prod) return NULL;
    }
    if (prod != p->m) return NULL;
    return p;
}

static const float *plan_twiddles(const fft_plan *p) {
    return (const float *)((const unsigned char *)p + p->tw_offset);
}

static const float *plan_real_twiddles(const fft_plan *p) {
    return (const float *)((const unsigned char *)p + p->rtw_offset);
}

/* Floats of scratch the transforms of length n need (beyond their inputs and outputs). */
static size_t fft_ws_floats(int32_t n) {
    const int32_t m = complex_length(n);
    factorization f;
    factorize(m, &f);
    const size_t generic = (size_t)2 * (size_t)f.max_generic;
    /* packed: the conjugated half spectrum for irfft; odd: a complex input and output of length n */
    const size_t buffers = (n % 2 == 0) ? (size_t)2 * (size_t)m : (size_t)4 * (size_t)n;
    return buffers + generic + 8;
}

size_t gt_fft_plan_bytes(int32_t n) {
    if (n < 1) return 0;
    return plan_bytes_for(n);
}

size_t gt_fft_workspace_floats(int32_t n) {
    if (n < 1) return 0;
    return fft_ws_floats(n);
}

int gt_fft_plan_init(void *plan, size_t plan_bytes, int32_t n) {
    if (!plan || n < 1) return GT_ERR_INVALID_ARGUMENT;
    if (((uintptr_t)plan % _Alignof(fft_plan)) != 0) return GT_ERR_INVALID_ARGUMENT;
    const size_t need = plan_bytes_for(n);
    if (plan_bytes < need) return GT_ERR_INVALID_ARGUMENT;

    fft_plan *p = (fft_plan *)plan;
    memset(p, 0, GT_FFT_HEADER_BYTES);
    p->n = n;
    p->m = complex_length(n);
    p->packed = (n % 2 == 0);
    factorization f;
    factorize(p->m, &f);
    p->nfactors = f.nfactors;
    for (int32_t i = 0; i < f.nfactors; i++) {
        p->radix[i] = f.radix[i];
        p->stride[i] = f.stride[i];
    }
    p->max_generic = f.max_generic;
    p->bytes = need;
    p->tw_offset = GT_FFT_HEADER_BYTES;
    p->rtw_offset = GT_FFT_HEADER_BYTES + (uint64_t)2 * (uint64_t)p->m * sizeof(float);

    float *tw = (float *)((unsigned char *)p + p->tw_offset);
    for (int32_t k = 0; k < p->m; k++) {
        const double a = GT_TWO_PI * (double)k / (double)p->m;
        tw[2 * k] = (float)cos(a);
        tw[2 * k + 1] = (float)-sin(a);
    }
    if (p->packed) {
        float *rtw = (float *)((unsigned char *)p + p->rtw_offset);
        for (int32_t k = 0; k <= p->m / 2; k++) {
            const double a = GT_TWO_PI * (double)k / (double)n;
            rtw[2 * k] = (float)cos(a);
            rtw[2 * k + 1] = (float)-sin(a);
        }
    }
    p->magic = GT_FFT_MAGIC;
    p->check = plan_check(p);
    return GT_OK;
}

int32_t gt_fft_plan_length(const void *plan) {
    const fft_plan *p = plan_get(plan);
    return p ? p->n : 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Complex FFT. Complex numbers are interleaved (re, im) floats.                                  */

typedef struct {
    const float *tw; /* m twiddles e^(−2πik/m) */
    int32_t m;       /* the full complex length */
    const int32_t *radix;
    const int32_t *stride;
    float *scratch; /* 2·max_generic floats */
} cfft_ctx;

#define CMUL_RE(ar, ai, br, bi) ((ar) * (br) - (ai) * (bi))
#define CMUL_IM(ar, ai, br, bi) ((ar) * (bi) + (ai) * (br))

/* Butterflies on out[k + j·len], k < len, j < p; twiddle for (j, k) is tw[j·k·fstride]. */
static void bfly2(float *out, size_t fstride, const float *tw, int32_t len) {
    float *a = out, *b = out + 2 * (size_t)len;
    for (int32_t k = 0; k < len; k++) {
        const float *w = tw + 2 * (size_t)k * fstride;
        const float tr = CMUL_RE(b[2 * k], b[2 * k + 1], w[0], w[1]);
        const float ti = CMUL_IM(b[2 * k], b[2 * k + 1], w[0], w[1]);
        b[2 * k] = a[2 * k] - tr;
        b[2 * k + 1] = a[2 * k + 1] - ti;
        a[2 * k] += tr;
        a[2 * k + 1] += ti;
    }
}

static void bfly3(float *out, size_t fstride, const float *tw, int32_t len) {
    const float s3 = 0.866025403784438646763723170752936f; /* sin(2π/3) */
    float *f0 = out, *f1 = out + 2 * (size_t)len, *f2 = out + 4 * (size_t)len;
    for (int32_t k = 0; k < len; k++) {
        const float *w1 = tw + 2 * (size_t)k * fstride;
        const float *w2 = tw + 4 * (size_t)k * fstride;
        const float ar = f0[2 * k], ai = f0[2 * k + 1];
        const float br = CMUL_RE(f1[2 * k], f1[2 * k + 1], w1[0], w1[1]);
        const float bi = CMUL_IM(f1[2 * k], f1[2 * k + 1], w1[0], w1[1]);
        const float cr = CMUL_RE(f2[2 * k], f2[2 * k + 1], w2[0], w2[1]);
        const float ci = CMUL_IM(f2[2 * k], f2[2 * k + 1], w2[0], w2[1]);
        const float sr = br + cr, si = bi + ci;
        const float dr = (br - cr) * s3, di = (bi - ci) * s3;
        const float mr = ar - 0.5f * sr, mi = ai - 0.5f * si;
        f0[2 * k] = ar + sr;
        f0[2 * k + 1] = ai + si;
        /* X1 = m − i·d, X2 = m + i·d */
        f1[2 * k] = mr + di;
        f1[2 * k + 1] = mi - dr;
        f2[2 * k] = mr - di;
        f2[2 * k + 1] = mi + dr;
    }
}

static void bfly4(float *out, size_t fstride, const float *tw, int32_t len) {
    float *f0 = out, *f1 = out + 2 * (size_t)len, *f2 = out + 4 * (size_t)len,
          *f3 = out + 6 * (size_t)len;
    for (int32_t k = 0; k < len; k++) {
        const float *w1 = tw + 2 * (size_t)k * fstride;
        const float *w2 = tw + 4 * (size_t)k * fstride;
        const float *w3 = tw + 6 * (size_t)k * fstride;
        const float ar = f0[2 * k], ai = f0[2 * k + 1];
        const float br = CMUL_RE(f1[2 * k], f1[2 * k + 1], w1[0], w1[1]);
        const float bi = CMUL_IM(f1[2 * k], f1[2 * k + 1], w1[0], w1[1]);
        const float cr = CMUL_RE(f2[2 * k], f2[2 * k + 1], w2[0], w2[1]);
        const float ci = CMUL_IM(f2[2 * k], f2[2 * k + 1], w2[0], w2[1]);
        const float dr = CMUL_RE(f3[2 * k], f3[2 * k + 1], w3[0], w3[1]);
        const float di = CMUL_IM(f3[2 * k], f3[2 * k + 1], w3[0], w3[1]);
        const float s0r = ar + cr, s0i = ai + ci; /* a + c */
        const float s1r = ar - cr, s1i = ai - ci; /* a − c */
        const float s2r = br + dr, s2i = bi + di; /* b + d */
        const float s3r = br - dr, s3i = bi - di; /* b − d */
        f0[2 * k] = s0r + s2r;
        f0[2 * k + 1] = s0i + s2i;
        f2[2 * k] = s0r - s2r;
        f2[2 * k + 1] = s0i - s2i;
        /* X1 = (a − c) − i(b − d), X3 = (a − c) + i(b − d) */
        f1[2 * k] = s1r + s3i;
        f1[2 * k + 1] = s1i - s3r;
        f3[2 * k] = s1r - s3i;
        f3[2 * k + 1] = s1i + s3r;
    }
}

static void bfly5(float *out, size_t fstride, const float *tw, int32_t len) {
    const float c1 = 0.309016994374947424102293417182819f;  /* cos(2π/5) */
    const float c2 = -0.809016994374947424102293417182819f; /* cos(4π/5) */
    const float s1 = 0.951056516295153572116439333379382f;  /* sin(2π/5) */
    const float s2 = 0.587785252292473129168705954639073f;  /* sin(4π/5) */
    float *f[5];
    for (int j = 0; j < 5; j++) f[j] = out + 2 * (size_t)j * (size_t)len;
    for (int32_t k = 0; k < len; k++) {
        float xr[5], xi[5];
        xr[0] = f[0][2 * k];
        xi[0] = f[0][2 * k + 1];
        for (int j = 1; j < 5; j++) {
            const float *w = tw + 2 * (size_t)j * (size_t)k * fstride;
            xr[j] = CMUL_RE(f[j][2 * k], f[j][2 * k + 1], w[0], w[1]);
            xi[j] = CMUL_IM(f[j][2 * k], f[j][2 * k + 1], w[0], w[1]);
        }
        const float y1r = xr[1] + xr[4], y1i = xi[1] + xi[4];
        const float y2r = xr[2] + xr[3], y2i = xi[2] + xi[3];
        const float z1r = xr[1] - xr[4], z1i = xi[1] - xi[4];
        const float z2r = xr[2] - xr[3], z2i = xi[2] - xi[3];
        const float ar = xr[0] + c1 * y1r + c2 * y2r, ai = xi[0] + c1 * y1i + c2 * y2i;
        const float br = xr[0] + c2 * y1r + c1 * y2r, bi = xi[0] + c2 * y1i + c1 * y2i;
        const float ur = s1 * z1r + s2 * z2r, ui = s1 * z1i + s2 * z2i; /* X1 = a − i·u */
        const float vr = s2 * z1r - s1 * z2r, vi = s2 * z1i - s1 * z2i; /* X2 = b − i·v */
        f[0][2 * k] = xr[0] + y1r + y2r;
        f[0][2 * k + 1] = xi[0] + y1i + y2i;
        f[1][2 * k] = ar + ui;
        f[1][2 * k + 1] = ai - ur;
        f[4][2 * k] = ar - ui;
        f[4][2 * k + 1] = ai + ur;
        f[2][2 * k] = br + vi;
        f[2][2 * k + 1] = bi - vr;
        f[3][2 * k] = br - vi;
        f[3][2 * k + 1] = bi + vr;
    }
}

/* Any radix p: a direct DFT of length p per k, accumulated in double. */
static void bfly_generic(float *out, size_t fstride, const cfft_ctx *c, int32_t len, int32_t p) {
    float *s = c->scratch;
    const size_t nfull = (size_t)c->m;
    const size_t rstep = nfull / (size_t)p; /* tw[q·rstep] = e^(−2πiq/p) */
    for (int32_t k = 0; k < len; k++) {
        for (int32_t j = 0; j < p; j++) {
            const float *x = out + 2 * ((size_t)k + (size_t)j * (size_t)len);
            const float *w = c->tw + 2 * (((size_t)j * (size_t)k * fstride) % nfull);
            s[2 * j] = CMUL_RE(x[0], x[1], w[0], w[1]);
            s[2 * j + 1] = CMUL_IM(x[0], x[1], w[0], w[1]);
        }
        for (int32_t q = 0; q < p; q++) {
            double accr = s[0], acci = s[1];
            size_t idx = 0; /* (j·q mod p) */
            for (int32_t j = 1; j < p; j++) {
                idx += (size_t)q;
                if (idx >= (size_t)p) idx -= (size_t)p;
                const float *w = c->tw + 2 * (idx * rstep);
                accr += (double)s[2 * j] * w[0] - (double)s[2 * j + 1] * w[1];
                acci += (double)s[2 * j] * w[1] + (double)s[2 * j + 1] * w[0];
            }
            float *y = out + 2 * ((size_t)k + (size_t)q * (size_t)len);
            y[0] = (float)accr;
            y[1] = (float)acci;
        }
    }
}

/* out[0 .. p·len) = DFT of in[0], in[fstride], in[2·fstride], … (len·p samples), level `level`. */
static void cfft_rec(float *out, const float *in, size_t fstride, int32_t level, const cfft_ctx *c) {
    const int32_t p = c->radix[level], len = c->stride[level];
    if (len == 1) {
        for (int32_t j = 0; j < p; j++) {
            out[2 * j] = in[2 * (size_t)j * fstride];
            out[2 * j + 1] = in[2 * (size_t)j * fstride + 1];
        }
    } else {
        for (int32_t j = 0; j < p; j++)
            cfft_rec(out + 2 * (size_t)j * (size_t)len, in + 2 * (size_t)j * fstride,
                     fstride * (size_t)p, level + 1, c);
    }
    switch (p) {
    case 2: bfly2(out, fstride, c->tw, len); break;
    case 3: bfly3(out, fstride, c->tw, len); break;
    case 4: bfly4(out, fstride, c->tw, len); break;
    case 5: bfly5(out, fstride, c->tw, len); break;
    default: bfly_generic(out, fstride, c, len, p); break;
    }
}

/* Forward complex DFT of length p->m, out-of-place: in and out [m][2] must not overlap. */
static void cfft_forward(const fft_plan *p, const float *in, float *out, float *scratch) {
    if (p->m == 1) {
        out[0] = in[0];
        out[1] = in[1];
        return;
    }
    cfft_ctx c = {plan_twiddles(p), p->m, p->radix, p->stride, scratch};
    cfft_rec(out, in, 1, 0, &c);
}

/* ---------------------------------------------------------------------------------------------- */
/* Real transforms                                                                                 */

static void rfft_run(const fft_plan *p, const float *in, float *out, float *ws) {
    const int32_t n = p->n;
    if (n == 1) {
        out[0] = in[0];
        out[1] = 0.0f;
        return;
    }
    if (p->packed) {
        /* z[j] = x[2j] + i·x[2j+1] is `in` read as complex; Z = DFT_m(z) goes straight into out. */
        const int32_t m = p->m;
        cfft_forward(p, in, out, ws);
        const float *w = plan_real_twiddles(p);
        const float z0r = out[0], z0i = out[1];
        out[0] = z0r + z0i;
        out[1] = 0.0f;
        out[2 * m] = z0r - z0i;
        out[2 * m + 1] = 0.0f;
        /* X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[m−k]) / 2, O = −i (Z[k] − conj Z[m−k]) / 2,
         * and X[m−k] from the same pair (W^(m−k) = −conj W^k). */
        for (int32_t k = 1; k <= m / 2; k++) {
            const int32_t j = m - k;
            const float akr = out[2 * k], aki = out[2 * k + 1];
            const float ajr = out[2 * j], aji = out[2 * j + 1];
            const float er = 0.5f * (akr + ajr), ei = 0.5f * (aki - aji);
            const float or_ = 0.5f * (aki + aji), oi = -0.5f * (akr - ajr);
            const float wr = w[2 * k], wi = w[2 * k + 1];
            const float tr = CMUL_RE(or_, oi, wr, wi), ti = CMUL_IM(or_, oi, wr, wi);
            out[2 * k] = er + tr;
            out[2 * k + 1] = ei + ti;
            if (j != k) {
                /* E[m−k] = conj E[k], O[m−k] = conj O[k], W^(m−k) = −conj W^k */
                out[2 * j] = er - tr;
                out[2 * j + 1] = -(ei - ti);
            }
        }
        return;
    }
    /* Odd n: a complex transform of length n on x + 0i. */
    float *buf = ws, *spec = ws + 2 * (size_t)n, *scratch = ws + 4 * (size_t)n;
    for (int32_t i = 0; i < n; i++) {
        buf[2 * i] = in[i];
        buf[2 * i + 1] = 0.0f;
    }
    cfft_forward(p, buf, spec, scratch);
    memcpy(out, spec, sizeof(float) * 2 * (size_t)(n / 2 + 1));
}

static void irfft_run(const fft_plan *p, const float *in, float *out, float *ws) {
    const int32_t n = p->n;
    if (n == 1) {
        out[0] = in[0];
        return;
    }
    if (p->packed) {
        /* Rebuild Z[k] = E[k] + i·O[k] from X, then z = IDFT_m(Z) = conj(DFT_m(conj Z)) / m. */
        const int32_t m = p->m;
        const float *w = plan_real_twiddles(p);
        float *zc = ws, *scratch = ws + 2 * (size_t)m;
        /* k = 0 uses X[0] and X[m], both real (numpy ignores their imaginary parts). */
        {
            const float x0 = in[0], xm = in[2 * m];
            zc[0] = 0.5f * (x0 + xm);
            zc[1] = -0.5f * (x0 - xm);
        }
        for (int32_t k = 1; k <= m / 2; k++) {
            const int32_t j = m - k;
            const float xkr = in[2 * k], xki = in[2 * k + 1];
            const float xjr = in[2 * j], xji = in[2 * j + 1];
            /* E = (X[k] + conj X[m−k]) / 2, O = (X[k] − conj X[m−k]) / 2 · conj W^k */
            const float er = 0.5f * (xkr + xjr), ei = 0.5f * (xki - xji);
            const float dr = 0.5f * (xkr - xjr), di = 0.5f * (xki + xji);
            const float wr = w[2 * k], wi = -w[2 * k + 1];
            const float or_ = CMUL_RE(dr, di, wr, wi), oi = CMUL_IM(dr, di, wr, wi);
            /* Z[k] = E + iO; store conj */
            zc[2 * k] = er - oi;
            zc[2 * k + 1] = -(ei + or_);
            if (j != k) {
                /* E[m−k] = conj E[k], O[m−k] = conj O[k] */
                zc[2 * j] = er + oi;
                zc[2 * j + 1] = -(-ei + or_);
            }
        }
        cfft_forward(p, zc, out, scratch);
        const float scale = 1.0f / (float)m;
        for (int32_t i = 0; i < m; i++) {
            out[2 * i] *= scale;
            out[2 * i + 1] *= -scale;
        }
        return;
    }
    /* Odd n: the conjugate of the full Hermitian spectrum, a forward transform, the real part. */
    float *buf = ws, *res = ws + 2 * (size_t)n, *scratch = ws + 4 * (size_t)n;
    const int32_t h = n / 2;
    buf[0] = in[0];
    buf[1] = 0.0f;
    for (int32_t k = 1; k <= h; k++) {
        buf[2 * k] = in[2 * k];
        buf[2 * k + 1] = -in[2 * k + 1];
        buf[2 * (n - k)] = in[2 * k];
        buf[2 * (n - k) + 1] = in[2 * k + 1];
    }
    cfft_forward(p, buf, res, scratch);
    const float scale = 1.0f / (float)n;
    for (int32_t i = 0; i < n; i++) out[i] = res[2 * i] * scale;
}

int gt_rfft_f32(const void *plan, const float *in, float *out, float *workspace) {
    const fft_plan *p = plan_get(plan);
    if (!p || !in || !out || !workspace) return GT_ERR_INVALID_ARGUMENT;
    rfft_run(p, in, out, workspace);
    return GT_OK;
}

int gt_irfft_f32(const void *plan, const float *in, float *out, float *workspace) {
    const fft_plan *p = plan_get(plan);
    if (!p || !in || !out || !workspace) return GT_ERR_INVALID_ARGUMENT;
    irfft_run(p, in, out, workspace);
    return GT_OK;
}

/* ---------------------------------------------------------------------------------------------- */
/* Windows and padding                                                                             */

int gt_hann_window_f32(float *out, int32_t n, int32_t periodic) {
    if (!out || n < 1) return GT_ERR_INVALID_ARGUMENT;
    if (n == 1) {
        out[0] = 1.0f; /* torch.hann_window(1) and numpy.hanning(1) */
        return GT_OK;
    }
    const double denom = periodic ? (double)n : (double)(n - 1);
    for (int32_t i = 0; i < n; i++) out[i] = (float)(0.5 - 0.5 * cos(GT_TWO_PI * (double)i / denom));
    return GT_OK;
}

int gt_reflect_pad_f32(float *out, const float *x, int32_t n, int32_t left, int32_t right) {
    if (!out || !x || n < 1 || left < 0 || right < 0 || left >= n || right >= n)
        return GT_ERR_INVALID_ARGUMENT;
    for (int32_t j = 0; j < left; j++) out[j] = x[left - j];
    memcpy(out + left, x, sizeof(float) * (size_t)n);
    for (int32_t j = 0; j < right; j++) out[(size_t)left + (size_t)n + (size_t)j] = x[n - 2 - j];
    return GT_OK;
}

/* ---------------------------------------------------------------------------------------------- */
/* STFT                                                                                            */

int32_t gt_stft_frame_count(int32_t n_samples, int32_t n_fft, int32_t hop) {
    if (n_fft < 1 || hop < 1 || n_samples < n_fft) return 0;
    return 1 + (n_samples - n_fft) / hop;
}

size_t gt_stft_workspace_floats(int32_t n_fft) {
    if (n_fft < 1) return 0;
    /* the windowed frame, one spectrum (for magnitudes), the FFT's scratch */
    return (size_t)n_fft + (size_t)2 * (size_t)(n_fft / 2 + 1) + fft_ws_floats(n_fft);
}

static int stft_check(const float *out, const float *x, int32_t n_samples, const float *window,
                      int32_t n_fft, int32_t hop, const void *plan, const float *workspace,
                      const fft_plan **p_out) {
    if (!out || !x || !window || !workspace) return GT_ERR_INVALID_ARGUMENT;
    if (n_fft < 1 || hop < 1 || n_samples < n_fft) return GT_ERR_INVALID_ARGUMENT;
    const fft_plan *p = plan_get(plan);
    if (!p || p->n != n_fft) return GT_ERR_INVALID_ARGUMENT;
    *p_out = p;
    return GT_OK;
}

int gt_stft_f32(float *out, const float *x, int32_t n_samples, const float *window, int32_t n_fft,
                int32_t hop, const void *plan, float *workspace) {
    const fft_plan *p = NULL;
    const int st = stft_check(out, x, n_samples, window, n_fft, hop, plan, workspace, &p);
    if (st != GT_OK) return st;
    const int32_t frames = gt_stft_frame_count(n_samples, n_fft, hop);
    const size_t bins = (size_t)(n_fft / 2 + 1);
    float *frame = workspace, *scratch = workspace + (size_t)n_fft + 2 * bins;
    for (int32_t t = 0; t < frames; t++) {
        const float *src = x + (size_t)t * (size_t)hop;
        for (int32_t i = 0; i < n_fft; i++) frame[i] = src[i] * window[i];
        rfft_run(p, frame, out + (size_t)t * 2 * bins, scratch);
    }
    return GT_OK;
}

int gt_stft_magnitude_f32(float *out, const float *x, int32_t n_samples, const float *window,
                          int32_t n_fft, int32_t hop, int32_t power, const void *plan,
                          float *workspace) {
    const fft_plan *p = NULL;
    const int st = stft_check(out, x, n_samples, window, n_fft, hop, plan, workspace, &p);
    if (st != GT_OK) return st;
    const int32_t frames = gt_stft_frame_count(n_samples, n_fft, hop);
    const size_t bins = (size_t)(n_fft / 2 + 1);
    float *frame = workspace, *spec = workspace + (size_t)n_fft, *scratch = spec + 2 * bins;
    for (int32_t t = 0; t < frames; t++) {
        const float *src = x + (size_t)t * (size_t)hop;
        for (int32_t i = 0; i < n_fft; i++) frame[i] = src[i] * window[i];
        rfft_run(p, frame, spec, scratch);
        float *dst = out + (size_t)t * bins;
        if (power) {
            for (size_t k = 0; k < bins; k++)
                dst[k] = spec[2 * k] * spec[2 * k] + spec[2 * k + 1] * spec[2 * k + 1];
        } else {
            for (size_t k = 0; k < bins; k++) dst[k] = hypotf(spec[2 * k], spec[2 * k + 1]);
        }
    }
    return GT_OK;
}

/* Output length of the inverse STFT, or 0 if the arguments are invalid or it exceeds INT32_MAX. */
static int64_t istft_length(int32_t n_fft, int32_t n_frames, int32_t hop) {
    if (n_fft < 1 || n_frames < 1 || hop < 1) return 0;
    const int64_t len = (int64_t)n_fft + (int64_t)(n_frames - 1) * (int64_t)hop;
    return len > INT32_MAX ? 0 : len;
}

size_t gt_istft_workspace_floats(int32_t n_fft, int32_t n_frames, int32_t hop) {
    const int64_t len = istft_length(n_fft, n_frames, hop);
    if (len == 0) return 0;
    /* the window envelope, one frame, the FFT's scratch */
    return (size_t)len + (size_t)n_fft + fft_ws_floats(n_fft);
}

int gt_istft_f32(float *out, const float *spec, int32_t n_frames, const float *window,
                 int32_t n_fft, int32_t hop, const void *plan, float *workspace) {
    if (!out || !spec || !window || !workspace) return GT_ERR_INVALID_ARGUMENT;
    const int64_t len = istft_length(n_fft, n_frames, hop);
    if (len == 0) return GT_ERR_INVALID_ARGUMENT;
    const fft_plan *p = plan_get(plan);
    if (!p || p->n != n_fft) return GT_ERR_INVALID_ARGUMENT;

    const size_t bins = (size_t)(n_fft / 2 + 1);
    float *env = workspace, *frame = workspace + len, *scratch = frame + n_fft;
    memset(out, 0, sizeof(float) * (size_t)len);
    memset(env, 0, sizeof(float) * (size_t)len);
    for (int32_t t = 0; t < n_frames; t++) {
        irfft_run(p, spec + (size_t)t * 2 * bins, frame, scratch);
        float *y = out + (size_t)t * (size_t)hop, *e = env + (size_t)t * (size_t)hop;
        for (int32_t i = 0; i < n_fft; i++) {
            y[i] += frame[i] * window[i];
            e[i] += window[i] * window[i];
        }
    }
    /* torch.istft divides by the envelope (and refuses inputs where it vanishes); here samples whose
     * envelope is ≤ 1e-11 keep the plain overlap-added sum. */
    for (int64_t i = 0; i < len; i++)
        if (env[i] > 1e-11f) out[i] /= env[i];
    return GT_OK;
}

/* ---------------------------------------------------------------------------------------------- */
/* Mel filterbank (librosa.filters.mel, htk=False)                                                 */

static const double mel_f_sp = 200.0 / 3.0;
static const double mel_min_log_hz = 1000.0;
static const double mel_min_log_mel = 15.0; /* 1000 / f_sp */

static double mel_logstep(void) { return log(6.4) / 27.0; }

static double hz_to_mel(double f) {
    if (f >= mel_min_log_hz) return mel_min_log_mel + log(f / mel_min_log_hz) / mel_logstep();
    return f / mel_f_sp;
}

static double mel_to_hz(double mel) {
    if (mel >= mel_min_log_mel) return mel_min_log_hz * exp(mel_logstep() * (mel - mel_min_log_mel));
    return mel * mel_f_sp;
}

int gt_mel_filterbank_f32(float *out, int32_t sample_rate, int32_t n_fft, int32_t n_mels,
                          float fmin, float fmax, int32_t slaney_norm) {
    if (!out || sample_rate < 1 || n_fft < 1 || n_mels < 1) return GT_ERR_INVALID_ARGUMENT;
    if (!isfinite(fmin) || !isfinite(fmax) || fmin < 0.0f || fmax <= fmin)
        return GT_ERR_INVALID_ARGUMENT;
    const int32_t bins = n_fft / 2 + 1;
    const int32_t npts = n_mels + 2;
    const double mel_lo = hz_to_mel((double)fmin), mel_hi = hz_to_mel((double)fmax);
    /* np.linspace(mel_lo, mel_hi, n_mels + 2) then mel_to_hz; edges are recomputed per filter. */
    for (int32_t i = 0; i < n_mels; i++) {
        double f[3];
        for (int32_t j = 0; j < 3; j++) {
            const int32_t q = i + j;
            const double step = (mel_hi - mel_lo) / (double)(npts - 1);
            const double mel = (q == npts - 1) ? mel_hi : mel_lo + (double)q * step;
            f[j] = mel_to_hz(mel);
        }
        const double lower_w = f[1] - f[0], upper_w = f[2] - f[1];
        const double enorm = slaney_norm ? 2.0 / (f[2] - f[0]) : 1.0;
        float *row = out + (size_t)i * (size_t)bins;
        for (int32_t k = 0; k < bins; k++) {
            const double fk = (double)k * (double)sample_rate / (double)n_fft;
            const double lower = (fk - f[0]) / lower_w; /* −ramps[i] / fdiff[i] */
            const double upper = (f[2] - fk) / upper_w; /* ramps[i + 2] / fdiff[i + 1] */
            double w = lower < upper ? lower : upper;
            if (w < 0.0) w = 0.0;
            row[k] = (float)(w * enorm);
        }
    }
    return GT_OK;
}
