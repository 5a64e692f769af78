/*
 * method_moora.c -- MOORA, the ratio system.
 *
 * Brauers & Zavadskas (2006), "The MOORA method and its application to
 * privatization in a transition economy", Control and Cybernetics 35(2):
 * x*_ij = x_ij / sqrt(sum_k x_kj^2) (not flipped), and
 *
 *   y_i = sum_{j benefit} w_j x*_ij - sum_{j cost} w_j x*_ij
 *
 * higher is better. The pipeline hands us the vector normalisation with
 * cost criteria flipped, r_ij = 1 - x*_ij, so a cost criterion contributes
 * w_j (r_ij - 1) = -w_j x*_ij and the score is exactly y_i; the same holds
 * for every normalisation whose cost form is 1 - (benefit form): max,
 * minmax and fixed scales. Under sum, linear and none the score is the
 * weighted sum over that normalisation minus the cost weights (the same
 * ranking as wsm with it).
 *
 * Owns the ratio-system score. Must not normalise or allocate.
 */
#include "engine.h"

tdm_status
tdm__method_moora(const tdm__problem *P, const double *norm, const double *w,
                  double *ws, double *score, double *extra,
                  tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;

	(void)ws, (void)extra, (void)info;
	if (norm == NULL)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "moora needs a normalisation (a bug: the "
		                     "method table gives it none)");
	for (i = 0; i < n; i++)
		score[i] = 0;
	for (j = 0; j < P->m; j++) {
		const double *col = norm + j * n;
		if (P->crit[j].cost)
			for (i = 0; i < n; i++)
				score[i] += w[j] * (col[i] - 1);
		else
			for (i = 0; i < n; i++)
				score[i] += w[j] * col[i];
	}
	return TDM_OK;
}
