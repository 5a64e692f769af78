/*
 * method_wsm.c -- the weighted sum model.
 *
 * score_i = sum_j w_j * r_ij over the normalised matrix (1 = best).
 * Fishburn (1967); pymcdm's WSM. Must not normalise.
 *
 * Acceptability runs this 10,000 times per analysis (a 1,000 x 10 matrix
 * each time), so the sums are taken many rows at a time in registers,
 * reading each column once: four doubles per register with AVX when the
 * processor has it (x86-64, chosen at run time), else two (tdm__v2d:
 * SSE2, NEON), else one. Every score is still 0 + w_0 r_i0 + w_1 r_i1 +
 * ... in criterion order, a multiplication and an addition each rounded
 * (AVX without FMA, so nothing is fused), the scalar loop's arithmetic to
 * the bit (doc/design/repl-performance.md).
 */
#include <string.h>

#include "engine.h"

#if TDM_HAVE_V2D && defined(__x86_64__)
#define WSM_AVX 1
typedef double v4d __attribute__((vector_size(32)));

/* Rows [0, return), 32 at a time then 16: eight (or four) running sums
 * of four rows each, for few instructions per cell. */
__attribute__((target("avx"))) static size_t
wsm_avx(const double *norm, const double *w, size_t n, size_t m,
        double *score)
{
	size_t i, j;

	for (i = 0; i + 32 <= n; i += 32) {
		v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0,
		    s6 = s0, s7 = s0;
		for (j = 0; j < m; j++) {
			const double *col = norm + j * n + i;
			v4d wj = {w[j], w[j], w[j], w[j]}, x0, x1, x2, x3, x4, x5, x6, x7;
			memcpy(&x0, col, sizeof x0);
			memcpy(&x1, col + 4, sizeof x1);
			memcpy(&x2, col + 8, sizeof x2);
			memcpy(&x3, col + 12, sizeof x3);
			memcpy(&x4, col + 16, sizeof x4);
			memcpy(&x5, col + 20, sizeof x5);
			memcpy(&x6, col + 24, sizeof x6);
			memcpy(&x7, col + 28, sizeof x7);
			s0 += wj * x0;
			s1 += wj * x1;
			s2 += wj * x2;
			s3 += wj * x3;
			s4 += wj * x4;
			s5 += wj * x5;
			s6 += wj * x6;
			s7 += wj * x7;
		}
		memcpy(score + i, &s0, sizeof s0);
		memcpy(score + i + 4, &s1, sizeof s1);
		memcpy(score + i + 8, &s2, sizeof s2);
		memcpy(score + i + 12, &s3, sizeof s3);
		memcpy(score + i + 16, &s4, sizeof s4);
		memcpy(score + i + 20, &s5, sizeof s5);
		memcpy(score + i + 24, &s6, sizeof s6);
		memcpy(score + i + 28, &s7, sizeof s7);
	}
	for (; i + 16 <= n; i += 16) {
		v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
		for (j = 0; j < m; j++) {
			const double *col = norm + j * n + i;
			v4d wj = {w[j], w[j], w[j], w[j]}, x0, x1, x2, x3;
			memcpy(&x0, col, sizeof x0);
			memcpy(&x1, col + 4, sizeof x1);
			memcpy(&x2, col + 8, sizeof x2);
			memcpy(&x3, col + 12, sizeof x3);
			s0 += wj * x0;
			s1 += wj * x1;
			s2 += wj * x2;
			s3 += wj * x3;
		}
		memcpy(score + i, &s0, sizeof s0);
		memcpy(score + i + 4, &s1, sizeof s1);
		memcpy(score + i + 8, &s2, sizeof s2);
		memcpy(score + i + 12, &s3, sizeof s3);
	}
	return i;
}
#else
#define WSM_AVX 0
#endif

void
tdm__wsm_scores(const double *norm, const double *w, size_t n, size_t m,
                tdm__simd simd, double *score)
{
	size_t i = 0, j;

	(void)simd;
#if WSM_AVX
	if (simd == TDM__SIMD_AUTO && __builtin_cpu_supports("avx"))
		i = wsm_avx(norm, w, n, m, score);
#endif
#if TDM_HAVE_V2D
	if (simd == TDM__SIMD_SCALAR)
		goto scalar;
	/* sixteen rows at a time: eight independent sums (named, so that they
	 * stay in registers) hide the latency of the additions, each sum
	 * being a chain of m of them */
	for (; i + 16 <= n; i += 16) {
		tdm__v2d s0 = {0, 0}, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0,
		         s6 = s0, s7 = s0;
		for (j = 0; j < m; j++) {
			const double *col = norm + j * n + i;
			tdm__v2d wj = {w[j], w[j]}, x0, x1, x2, x3, x4, x5, x6, x7;
			memcpy(&x0, col, sizeof x0);
			memcpy(&x1, col + 2, sizeof x1);
			memcpy(&x2, col + 4, sizeof x2);
			memcpy(&x3, col + 6, sizeof x3);
			memcpy(&x4, col + 8, sizeof x4);
			memcpy(&x5, col + 10, sizeof x5);
			memcpy(&x6, col + 12, sizeof x6);
			memcpy(&x7, col + 14, sizeof x7);
			s0 += wj * x0;
			s1 += wj * x1;
			s2 += wj * x2;
			s3 += wj * x3;
			s4 += wj * x4;
			s5 += wj * x5;
			s6 += wj * x6;
			s7 += wj * x7;
		}
		memcpy(score + i, &s0, sizeof s0);
		memcpy(score + i + 2, &s1, sizeof s1);
		memcpy(score + i + 4, &s2, sizeof s2);
		memcpy(score + i + 6, &s3, sizeof s3);
		memcpy(score + i + 8, &s4, sizeof s4);
		memcpy(score + i + 10, &s5, sizeof s5);
		memcpy(score + i + 12, &s6, sizeof s6);
		memcpy(score + i + 14, &s7, sizeof s7);
	}
scalar:
#endif
	for (; i < n; i++) {
		double s = 0;
		for (j = 0; j < m; j++)
			s += w[j] * norm[j * n + i];
		score[i] = s;
	}
}

tdm_status
tdm__method_wsm(const tdm__problem *P, const double *norm, const double *w,
                double *ws, double *score, double *extra,
                tdm_method_info *info, tdm_error *err)
{
	(void)ws, (void)extra, (void)info, (void)err;
	tdm__wsm_scores(norm, w, P->n, P->m, TDM__SIMD_AUTO, score);
	return TDM_OK;
}
