/*
 * method_wsm.c -- the weighted sum model.
 *
 * score_i = sum_j w_j * r_ij over the normalised matrix (1 = best).
 * Fishburn (1967); pymcdm's WSM. Must not normalise.
 */
#include "engine.h"

tdm_status
tdm__method_wsm(const tdm__problem *P, const double *norm, const double *w,
                double *ws, double *score, double *extra,
                tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;

	(void)ws, (void)extra, (void)info, (void)err;
	for (i = 0; i < n; i++)
		score[i] = 0;
	for (j = 0; j < P->m; j++) {
		const double *col = norm + j * n;
		for (i = 0; i < n; i++)
			score[i] += w[j] * col[i];
	}
	return TDM_OK;
}
