/*
 * method_spotis.c -- SPOTIS, the Stable Preference Ordering Towards Ideal
 * Solution.
 *
 * Dezert, Tchamova, Han & Tacnet (2020), "The SPOTIS rank reversal free
 * method for multi-criteria decision-making support", FUSION 2020. Works
 * from the raw matrix P->x. Per criterion j the bounds [lo_j, hi_j] are the
 * criterion's scale, or, when it has none, the data's min and max (which
 * gives up SPOTIS's freedom from rank reversal; info->bounds_from_data[j]
 * says so). The ideal solution point is hi_j for a benefit criterion and
 * lo_j for a cost criterion, and
 *
 *   d_ij    = |x_ij - ideal_j| / (hi_j - lo_j)     (0 if hi_j == lo_j)
 *   score_i = sum_j w_j d_ij,  lower is better, in [0, 1].
 *
 * Owns that arithmetic only. Must not normalise, rank, allocate or know
 * about the model; values outside a fixed scale are rejected before this.
 */
#include <math.h>

#include "engine.h"

tdm_status
tdm__method_spotis(const tdm__problem *P, const double *norm, const double *w,
                   double *ws, double *score, double *extra,
                   tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;

	(void)norm, (void)ws, (void)extra, (void)err;
	for (i = 0; i < n; i++)
		score[i] = 0;
	for (j = 0; j < P->m; j++) {
		const tdm__crit *c = &P->crit[j];
		const double *col = P->x + j * n;
		double lo, hi, ideal, range;

		if (c->has_scale) {
			lo = c->lo;
			hi = c->hi;
		} else {
			lo = hi = n > 0 ? col[0] : 0;
			for (i = 1; i < n; i++) {
				if (col[i] < lo)
					lo = col[i];
				if (col[i] > hi)
					hi = col[i];
			}
		}
		if (info->bounds_from_data != NULL)
			info->bounds_from_data[j] = !c->has_scale;
		if (!(hi > lo) || w[j] == 0)
			continue;    /* no spread: every option is at the ideal */
		/* halves: exact, and hi - lo cannot overflow to infinity */
		ideal = (c->cost ? lo : hi) / 2;
		range = hi / 2 - lo / 2;
		for (i = 0; i < n; i++)
			score[i] += w[j] * (fabs(col[i] / 2 - ideal) / range);
	}
	return TDM_OK;
}
