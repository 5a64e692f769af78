/*
 * normalize.c -- raw criterion values to comparable 0..1 values.
 *
 * Owns the normalisations (min-max now; a criterion's fixed `scale` always
 * wins). Must not look at weights or methods. Never produces NaN: a column
 * with no spread normalises to 1 (the criterion does not discriminate).
 */
#include "engine.h"

void
tdm__normalize_minmax(const tdm_model *m, const double *x,
                      const unsigned char *eligible, double *norm)
{
	size_t n = m->n_options, c, o;

	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const double *col = x + c * n;
		double *out = norm + c * n;
		double lo = 0, hi = 0, span;
		int seen = 0, lower = cr->better == TDM_BETTER_LOWER;

		if (cr->has_scale) {
			lo = cr->scale_lo;
			hi = cr->scale_hi;
		} else {
			for (o = 0; o < n; o++) {
				if (!eligible[o])
					continue;
				if (!seen || col[o] < lo)
					lo = col[o];
				if (!seen || col[o] > hi)
					hi = col[o];
				seen = 1;
			}
		}
		span = hi - lo;
		for (o = 0; o < n; o++) {
			double v;
			if (!eligible[o]) {
				out[o] = 0;
				continue;
			}
			if (!(span > 0))
				v = 1;
			else
				v = lower ? (hi - col[o]) / span : (col[o] - lo) / span;
			out[o] = v;
		}
	}
}
