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
 * The distances are taken of v / max|v| (C does not change when every v
 * is scaled alike) so that squares and differences cannot overflow.
 *
 * Owns the distances and the closeness. Must not normalise or allocate:
 * the ideal and anti-ideal (2m doubles) live in ws when the caller gives
 * one (tdm__topsis_workspace), else on the stack for up to
 * TOPSIS_STACK_CRITERIA criteria.
 */
#include <math.h>

#include "engine.h"

#define TOPSIS_STACK_CRITERIA 128

size_t tdm__topsis_workspace(size_t n, size_t m);

size_t
tdm__topsis_workspace(size_t n, size_t m)
{
	(void)n;
	return 2 * m;
}

tdm_status
tdm__method_topsis(const tdm__problem *P, const double *norm, const double *w,
                   double *ws, double *score, double *extra,
                   tdm_method_info *info, tdm_error *err)
{
	double stack[2 * TOPSIS_STACK_CRITERIA];
	double *ideal, *anti, scale = 0;
	size_t i, j, n = P->n, m = P->m;

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

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++) {
			double v = fabs(w[j] * norm[j * n + i]);
			if (v > scale)
				scale = v;
		}
	if (scale == 0) {
		/* every weighted value is 0: all options are the ideal */
		for (i = 0; i < n; i++)
			score[i] = 1;
		return TDM_OK;
	}
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
	for (i = 0; i < n; i++) {
		double dp = 0, dm = 0;
		for (j = 0; j < m; j++) {
			double v = w[j] * norm[j * n + i] / scale;
			dp += (v - ideal[j]) * (v - ideal[j]);
			dm += (v - anti[j]) * (v - anti[j]);
		}
		dp = sqrt(dp);
		dm = sqrt(dm);
		score[i] = dp + dm > 0 ? dm / (dp + dm) : 1;
	}
	return TDM_OK;
}
