/*
 * method_wpm.c -- the weighted product model.
 *
 * score_i = prod_j r_ij ^ w_j over the normalised matrix, higher is better
 * (Bridgman 1922; Miller & Starr 1969; Triantaphyllou 2000, ch. 2; pymcdm's
 * WPM). With a ratio normalisation (linear, sum) the ratio of two scores is
 * Triantaphyllou's P(A_K / A_L) = prod (a_Kj / a_Lj) ^ w_j, so the ranking
 * does not depend on which of the two is used.
 *
 * Owns the product and its checks: every raw value must be > 0 (the issue's
 * rule: a product over ratios of quantities), and every normalised value
 * >= 0 (a negative number has no real power); either is an error naming
 * the cell. A normalised 0 (the worst value under minmax or max) makes the
 * score 0; a zero weight makes the factor 1 (pow(r, 0) is 1, even for 0).
 * Must not normalise or allocate.
 */
#include <math.h>

#include "engine.h"

tdm_status
tdm__method_wpm(const tdm__problem *P, const double *norm, const double *w,
                double *ws, double *score, double *extra,
                tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;

	(void)ws, (void)extra, (void)info;
	if (norm == NULL)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "wpm needs a normalisation (a bug: the method "
		                     "table gives it none)");
	for (j = 0; j < P->m; j++)
		for (i = 0; i < n; i++)
			if (!(P->x[j * n + i] > 0))
				return tdm__cell_error(err, i, j, "wpm needs values > 0",
				                 P->x[j * n + i]);
	for (j = 0; j < P->m; j++)
		for (i = 0; i < n; i++)
			if (norm[j * n + i] < 0)
				return tdm__cell_error(err, i, j,
				                 "wpm needs normalised values >= 0 (the "
				                 "'none' normalisation gives a cost "
				                 "criterion -x: choose linear or sum)",
				                 norm[j * n + i]);
	for (i = 0; i < n; i++)
		score[i] = 1;
	for (j = 0; j < P->m; j++) {
		const double *col = norm + j * n;
		for (i = 0; i < n; i++)
			score[i] *= pow(col[i], w[j]);
	}
	/* Only weights far from summing to 1 can overflow a product of
	 * finite numbers; the pipeline's weights sum to 1. */
	for (i = 0; i < n; i++)
		if (!isfinite(score[i]))
			return tdm_error_set(err, TDM_EVAL, NULL, (long)i + 1, 0,
			                     "wpm: the weighted product overflows "
			                     "(weights that do not sum to 1?)");
	return TDM_OK;
}
