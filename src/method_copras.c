/*
 * method_copras.c -- COPRAS, complex proportional assessment.
 *
 * The textbook formula of Zavadskas, Kaklauskas & Sarka (1994), "The new
 * method of multicriteria complex proportional assessment of projects",
 * Technological and Economic Development of Economy 1(3), as restated in
 * Zavadskas, Kaklauskas, Peldschus & Turskis (2007), Baltic Journal of
 * Road and Bridge Engineering 2(4):
 *
 *   d_ij  = w_j x_ij / sum_k x_kj            (own sum normalisation, no flip)
 *   S+_i  = sum_{j benefit} d_ij,   S-_i = sum_{j cost} d_ij
 *   Q_i   = S+_i + (S-min * sum_k S-_k) / (S-_i * sum_k (S-min / S-_k))
 *
 * higher is better; the score is Q_i (the utility degree N_i = Q_i / max Q
 * of the papers ranks the same). pymcdm's COPRAS differs: its second term
 * reduces to S-_i, i.e. it adds the cost shares instead of rewarding small
 * ones, and it returns Q / max Q; pyrepo-mcda's matches the textbook.
 *
 * Degenerate data: cost values must be > 0 and benefit values >= 0 (an
 * error naming the cell); an all-zero benefit column gives every option the
 * share 1/n, as any constant column does; with no cost criterion (or only
 * zero-weight ones) every S- is 0 and Q_i = S+_i.
 *
 * Owns the COPRAS scores. Must not allocate: S- lives in ws (n doubles).
 */
#include <math.h>

#include "engine.h"

size_t
tdm__copras_workspace(size_t n, size_t m)
{
	(void)m;
	return n;
}

tdm_status
tdm__method_copras(const tdm__problem *P, const double *norm, const double *w,
                   double *ws, double *score, double *extra,
                   tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;
	double *sminus = ws, smin, smax, sum, ratio;

	(void)norm, (void)extra, (void)info;
	for (j = 0; j < P->m; j++)
		for (i = 0; i < n; i++) {
			double x = P->x[j * n + i];
			if (P->crit[j].cost && !(x > 0))
				return tdm__cell_error(err, i, j,
				                 "copras needs values > 0 on a cost "
				                 "criterion",
				                 x);
			if (!P->crit[j].cost && x < 0)
				return tdm__cell_error(err, i, j,
				                 "copras needs values >= 0 on a benefit "
				                 "criterion",
				                 x);
		}
	for (i = 0; i < n; i++)
		score[i] = sminus[i] = 0;
	for (j = 0; j < P->m; j++) {
		const double *col = P->x + j * n;
		double *acc = P->crit[j].cost ? sminus : score;
		double top = 0, total = 0;
		for (i = 0; i < n; i++)
			if (col[i] > top)
				top = col[i];
		if (top == 0) {
			for (i = 0; i < n; i++)
				acc[i] += w[j] / (double)n;
			continue;
		}
		/* shares of x / max so the column sum cannot overflow */
		for (i = 0; i < n; i++)
			total += col[i] / top;
		for (i = 0; i < n; i++)
			acc[i] += w[j] * (col[i] / top / total);
	}
	if (n == 0)
		return TDM_OK;
	smin = smax = sminus[0];
	for (i = 1; i < n; i++) {
		if (sminus[i] < smin)
			smin = sminus[i];
		if (sminus[i] > smax)
			smax = sminus[i];
	}
	if (smax == 0)
		return TDM_OK; /* no cost criterion counts: Q = S+ */
	if (!(smin > 0)) {
		/* only when cost values span more than a double's range */
		for (i = 0; sminus[i] > 0; i++)
			;
		return tdm_error_set(err, TDM_DATA, NULL, (long)i + 1, 0,
		                     "copras: the cost values span too many orders "
		                     "of magnitude (a share rounds to 0)");
	}
	/* Q_i = S+_i + (S-min / S-_i) * (sum S- / sum_k (S-min / S-_k)), the
	 * textbook term regrouped so that no product can overflow */
	sum = 0, ratio = 0;
	for (i = 0; i < n; i++) {
		sum += sminus[i];
		ratio += smin / sminus[i];
	}
	for (i = 0; i < n; i++)
		score[i] += smin / sminus[i] * (sum / ratio);
	return TDM_OK;
}
