/*
 * method_edas.c -- EDAS, evaluation based on distance from the average.
 *
 * Keshavarz Ghorabaee, Zavadskas, Olfat & Turskis (2015), "Multi-criteria
 * inventory classification using a new method of evaluation based on
 * distance from average solution (EDAS)", Informatica 26(3), 435-451:
 *
 *   AV_j   = mean_i x_ij
 *   PDA_ij = max(0, x_ij - AV_j) / AV_j     (benefit; cost: AV_j - x_ij)
 *   NDA_ij = max(0, AV_j - x_ij) / AV_j     (benefit; cost: x_ij - AV_j)
 *   SP_i   = sum_j w_j PDA_ij,   SN_i = sum_j w_j NDA_ij
 *   NSP_i  = SP_i / max SP,      NSN_i = 1 - SN_i / max SN
 *   AS_i   = (NSP_i + NSN_i) / 2            in [0, 1], higher is better
 *
 * on the raw values (its own normalisation). The paper assumes positive
 * data; we divide by |AV_j| so that a criterion with a negative average
 * keeps its direction (pymcdm and pyrepo-mcda divide by AV_j, which turns a
 * negative-average criterion around).
 *
 * Degenerate data: a constant column (all zero included) has no deviation;
 * an average of exactly 0 over values that differ is an error naming the
 * first non-zero cell (the deviations have no scale); when max SP = 0 (no
 * option above average on any weighted criterion, i.e. all options alike)
 * every NSP is 1, when max SN = 0 every NSN is 1, so identical options all
 * score 1.
 *
 * Owns the EDAS scores. Must not allocate: SN lives in ws (n doubles), SP
 * in score until the end.
 */
#include <float.h>
#include <math.h>

#include "engine.h"

size_t
tdm__edas_workspace(size_t n, size_t m)
{
	(void)m;
	return n;
}

tdm_status
tdm__method_edas(const tdm__problem *P, const double *norm, const double *w,
                 double *ws, double *score, double *extra,
                 tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;
	double *sp = score, *sn = ws, max_sp = 0, max_sn = 0;

	(void)norm, (void)extra, (void)info;
	if (n == 0)
		return TDM_OK;
	for (i = 0; i < n; i++)
		sp[i] = sn[i] = 0;
	for (j = 0; j < P->m; j++) {
		const double *col = P->x + j * n;
		double top = 0, mean = 0, scale;
		for (i = 0; i < n; i++)
			if (fabs(col[i]) > top)
				top = fabs(col[i]);
		if (top == 0)
			continue; /* all zero: no deviation */
		/* in units of max|x|, so that nothing below can overflow */
		for (i = 0; i < n; i++)
			mean += col[i] / top;
		/* 0 within the rounding of that sum: no scale for deviations */
		if (fabs(mean) <= (double)n * DBL_EPSILON) {
			for (i = 0; col[i] == 0; i++)
				;
			return tdm_error_set(err, TDM_DATA, NULL, (long)i + 1,
			                     (long)j + 1,
			                     "edas divides by the average of a "
			                     "criterion, and these values average to "
			                     "0; shift them (add a constant)");
		}
		mean /= (double)n;
		scale = fabs(mean);
		for (i = 0; i < n; i++) {
			double d = (col[i] / top - mean) / scale;
			if (P->crit[j].cost)
				d = -d;
			if (d > 0)
				sp[i] += w[j] * d;
			else
				sn[i] -= w[j] * d;
		}
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(sp[i]) || !isfinite(sn[i]))
			return tdm_error_set(err, TDM_DATA, NULL, (long)i + 1, 0,
			                     "edas: a distance from the average "
			                     "overflows (an average tiny next to the "
			                     "values)");
		if (sp[i] > max_sp)
			max_sp = sp[i];
		if (sn[i] > max_sn)
			max_sn = sn[i];
	}
	for (i = 0; i < n; i++) {
		double nsp = max_sp > 0 ? sp[i] / max_sp : 1;
		double nsn = max_sn > 0 ? 1 - sn[i] / max_sn : 1;
		score[i] = (nsp + nsn) / 2;
	}
	return TDM_OK;
}
