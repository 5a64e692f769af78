/*
 * method_topsis.c -- TOPSIS, closeness to the ideal solution.
 *
 * Hwang & Yoon (1981), Methods for Multiple Attribute Decision Making,
 * pp. 128-140; pymcdm's TOPSIS. Over the weighted normalised matrix
 * v_ij = w_j r_ij (higher is better on every criterion, so the ideal is
 * the column maximum and the anti-ideal the column minimum):
 *
 *   D+_i = sqrt(sum_j (v_ij - max_k v_kj)^2)
 *   D-_i = sqrt(sum_j (v_ij - min_k v_kj)^2)
 *   C_i  = D-_i / (D+_i + D-_i)          in [0, 1], higher is better
 *
 * Hwang & Yoon normalise cost criteria without flipping and take their
 * ideal as the minimum; a flip r -> 1 - r (vector, max, minmax) moves the
 * ideal with it and leaves every distance unchanged, so the result is the
 * paper's. When D+ + D- = 0 every weighted column is constant: nothing
 * separates the options and each one is the ideal, so every C is 1.
 *
 * The distances are taken of v / 2^k, 2^k the power of two at or just
 * above max|v|, so that squares and differences cannot overflow. Scaling
 * by a power of two is exact, and so commutes with every rounding after
 * it: C is the bits the unscaled formula gives wherever that one does
 * not overflow, and each cell is multiplied by 2^-k, not divided (a
 * division per cell set the pace of `sensitivity` and the searches).
 *
 * Owns the distances and the closeness. Must not normalise or allocate:
 * the ideal and anti-ideal (2m doubles) live in ws when the caller gives
 * one (tdm__topsis_workspace), else on the stack for up to
 * TOPSIS_STACK_CRITERIA criteria.
 *
 * Speed (acceptability and the searches score thousands of times): with
 * weights >= 0 (always, from the engine), w_j r is monotone in r, and so
 * is the division by the scale, each rounded; so the largest |w_j r_ij|
 * is w_j times the largest |r_ij|, and the ideal and anti-ideal are the
 * weighted, scaled column maximum and minimum, each the same double the
 * loop over every cell finds. One pass takes the column maxima and
 * minima, and the distances are summed several rows at a time in
 * registers (tdm__v2d), in criterion order as before: the scores are the
 * same bits (doc/design/repl-performance.md). A negative or NaN weight
 * takes the loops over every cell.
 */
#include <math.h>
#include <string.h>

#include "engine.h"

#if TDM_HAVE_V2D && defined(__SSE2__)
#include <emmintrin.h>
#endif
#if TDM_HAVE_V2D && defined(__x86_64__)
#include <immintrin.h>
#endif

#define TOPSIS_STACK_CRITERIA 128

size_t tdm__topsis_workspace(size_t n, size_t m);

size_t
tdm__topsis_workspace(size_t n, size_t m)
{
	(void)n;
	return 2 * m;
}

/* The power of two at or above max (> 0), its exponent kept within
 * [-1021, 1023] so that it and its reciprocal are normal doubles. */
static double
pow2_scale(double max)
{
	int e;

	if (frexp(max, &e) == 0.5) /* max = f 2^e, 0.5 <= f < 1 */
		e--;                     /* max is a power of two itself */
	if (e > 1023)
		e = 1023;
	if (e < -1021)
		e = -1021;
	return ldexp(1.0, e);
}

/* The scale and the (scaled) ideal and anti-ideal, from every cell. */
static double
bounds_cells(const double *norm, const double *w, size_t n, size_t m,
             double *ideal, double *anti)
{
	double scale = 0;
	size_t i, j;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++) {
			double v = fabs(w[j] * norm[j * n + i]);
			if (v > scale)
				scale = v;
		}
	if (scale == 0)
		return 0;
	scale = pow2_scale(scale);
	for (j = 0; j < m; j++) {
		const double *col = norm + j * n;
		for (i = 0; i < n; i++) {
			double v = w[j] * col[i] / scale;
			if (i == 0 || v > ideal[j])
				ideal[j] = v;
			if (i == 0 || v < anti[j])
				anti[j] = v;
		}
	}
	return scale;
}

/* The same from each column's largest and smallest value (weights >= 0):
 * the largest |w r| of a column is w max|r|, the largest w r / scale is
 * w max r / scale, the smallest w min r / scale. */
static double
bounds_columns(const tdm__problem *P, const double *norm, const double *w,
               double *ideal, double *anti)
{
	double scale = 0;
	size_t j, n = P->n, m = P->m;

	for (j = 0; j < m; j++) {
		double hi, lo, v;
		if (P->norm_hi != NULL && P->norm_lo != NULL)
			hi = P->norm_hi[j], lo = P->norm_lo[j];
		else
			tdm__col_range(norm + j * n, n, &hi, &lo);
		ideal[j] = hi;
		anti[j] = lo;
		v = w[j] * (fabs(hi) > fabs(lo) ? fabs(hi) : fabs(lo));
		if (v > scale)
			scale = v;
	}
	if (scale == 0)
		return 0;
	scale = pow2_scale(scale);
	for (j = 0; j < m; j++) {
		ideal[j] = w[j] * ideal[j] / scale;
		anti[j] = w[j] * anti[j] / scale;
	}
	return scale;
}

/* The closeness of rows [from, from + 4k) into score: four rows at a
 * time, the distances summed in criterion order. */
#if TDM_HAVE_V2D
/* Two rows' closeness from their squared distances dp and dm: the square
 * roots and the division lane by lane, each correctly rounded as sqrt()
 * and / are (IEEE 754), so the bits of the scalar loop's
 * a + b > 0 ? b / (a + b) : 1; a lane whose a + b is 0 divides by zero
 * and its quotient is not kept. The per-row tail was most of the time of
 * a run done one row at a time. */
static void
close_tail_v2d(tdm__v2d dp, tdm__v2d dm, double *out)
{
#if defined(__SSE2__)
	__m128d a = _mm_sqrt_pd((__m128d)dp), b = _mm_sqrt_pd((__m128d)dm);
	__m128d s = _mm_add_pd(a, b), q = _mm_div_pd(b, s);
	__m128d pos = _mm_cmpgt_pd(s, _mm_setzero_pd());
	__m128d r = _mm_or_pd(_mm_and_pd(pos, q),
	                      _mm_andnot_pd(pos, _mm_set1_pd(1.0)));
	_mm_storeu_pd(out, r);
#else
	int r;
	for (r = 0; r < 2; r++) {
		double a = sqrt(dp[r]), b = sqrt(dm[r]);
		out[r] = a + b > 0 ? b / (a + b) : 1;
	}
#endif
}

static size_t
close_v2d(const double *norm, const double *w, size_t n, size_t m,
          size_t from, double inv, const double *ideal,
          const double *anti, double *score)
{
	size_t i, j;

	for (i = from; i + 4 <= n; i += 4) {
		tdm__v2d p0 = {0, 0}, p1 = p0, q0 = p0, q1 = p0, sc = {inv, inv};
		for (j = 0; j < m; j++) {
			const double *col = norm + j * n + i;
			tdm__v2d wj = {w[j], w[j]}, id = {ideal[j], ideal[j]};
			tdm__v2d an = {anti[j], anti[j]}, x0, x1, d;
			memcpy(&x0, col, sizeof x0);
			memcpy(&x1, col + 2, sizeof x1);
			x0 = wj * x0 * sc;
			x1 = wj * x1 * sc;
			d = x0 - id;
			p0 += d * d;
			d = x1 - id;
			p1 += d * d;
			d = x0 - an;
			q0 += d * d;
			d = x1 - an;
			q1 += d * d;
		}
		close_tail_v2d(p0, q0, score + i);
		close_tail_v2d(p1, q1, score + i + 2);
	}
	return i;
}
#endif

/* The same eight rows at a time with AVX (x86-64, chosen at run time;
 * no FMA, so each operation is rounded as in the scalar loop). */
#if TDM_HAVE_V2D && defined(__x86_64__)
#define TOPSIS_AVX 1
typedef double v4d __attribute__((vector_size(32)));

/* close_tail_v2d four lanes at a time (same bits). */
__attribute__((target("avx"))) static void
close_tail_avx(v4d dp, v4d dm, double *out)
{
	__m256d a = _mm256_sqrt_pd((__m256d)dp), b = _mm256_sqrt_pd((__m256d)dm);
	__m256d s = _mm256_add_pd(a, b), q = _mm256_div_pd(b, s);
	__m256d pos = _mm256_cmp_pd(s, _mm256_setzero_pd(), _CMP_GT_OQ);
	_mm256_storeu_pd(out, _mm256_blendv_pd(_mm256_set1_pd(1.0), q, pos));
}

__attribute__((target("avx"))) static size_t
close_avx(const double *norm, const double *w, size_t n, size_t m,
          double inv, const double *ideal, const double *anti,
          double *score)
{
	size_t i, j;

	for (i = 0; i + 8 <= n; i += 8) {
		v4d p0 = {0, 0, 0, 0}, p1 = p0, q0 = p0, q1 = p0;
		v4d sc = {inv, inv, inv, inv};
		for (j = 0; j < m; j++) {
			const double *col = norm + j * n + i;
			v4d wj = {w[j], w[j], w[j], w[j]};
			v4d id = {ideal[j], ideal[j], ideal[j], ideal[j]};
			v4d an = {anti[j], anti[j], anti[j], anti[j]}, x0, x1, d;
			memcpy(&x0, col, sizeof x0);
			memcpy(&x1, col + 4, sizeof x1);
			x0 = wj * x0 * sc;
			x1 = wj * x1 * sc;
			d = x0 - id;
			p0 += d * d;
			d = x1 - id;
			p1 += d * d;
			d = x0 - an;
			q0 += d * d;
			d = x1 - an;
			q1 += d * d;
		}
		close_tail_avx(p0, q0, score + i);
		close_tail_avx(p1, q1, score + i + 4);
	}
	return i;
}
#else
#define TOPSIS_AVX 0
#endif

tdm_status
tdm__method_topsis(const tdm__problem *P, const double *norm, const double *w,
                   double *ws, double *score, double *extra,
                   tdm_method_info *info, tdm_error *err)
{
	double stack[2 * TOPSIS_STACK_CRITERIA];
	double *ideal, *anti, scale;
	size_t i = 0, j, n = P->n, m = P->m;
	int nonneg = 1;

	(void)extra, (void)info;
	if (norm == NULL)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "topsis needs a normalisation (a bug: the "
		                     "method table gives it none)");
	if (ws != NULL)
		ideal = ws;
	else if (m <= TOPSIS_STACK_CRITERIA)
		ideal = stack;
	else
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "topsis needs a workspace for more than %d "
		                     "criteria (a bug: the method table gives it "
		                     "none)",
		                     TOPSIS_STACK_CRITERIA);
	anti = ideal + m;
	if (n == 0)
		return TDM_OK;
	for (j = 0; j < m; j++)
		nonneg &= w[j] >= 0;
	scale = nonneg ? bounds_columns(P, norm, w, ideal, anti)
	               : bounds_cells(norm, w, n, m, ideal, anti);
	if (scale == 0) {
		/* every weighted value is 0: all options are the ideal */
		for (i = 0; i < n; i++)
			score[i] = 1;
		return TDM_OK;
	}
	tdm__topsis_closeness(norm, w, n, m, scale, ideal, anti, TDM__SIMD_AUTO,
	                      score);
	return TDM_OK;
}

void
tdm__topsis_closeness(const double *norm, const double *w, size_t n,
                      size_t m, double scale, const double *ideal,
                      const double *anti, tdm__simd simd, double *score)
{
	/* exact: scale is a power of two, so x * inv is x / scale */
	double inv = 1 / scale;
	size_t i = 0, j;

	(void)simd;
#if TOPSIS_AVX
	if (simd == TDM__SIMD_AUTO && __builtin_cpu_supports("avx"))
		i = close_avx(norm, w, n, m, inv, ideal, anti, score);
#endif
#if TDM_HAVE_V2D
	if (simd != TDM__SIMD_SCALAR)
		i = close_v2d(norm, w, n, m, i, inv, ideal, anti, score);
#endif
	for (; i < n; i++) {
		double dp = 0, dm = 0;
		for (j = 0; j < m; j++) {
			double v = w[j] * norm[j * n + i] * inv;
			dp += (v - ideal[j]) * (v - ideal[j]);
			dm += (v - anti[j]) * (v - anti[j]);
		}
		dp = sqrt(dp);
		dm = sqrt(dm);
		score[i] = dp + dm > 0 ? dm / (dp + dm) : 1;
	}
}
