/*
 * compare.c -- two options head to head, criterion by criterion
 * (tdm_compare, `tradeoff compare DECISION A B`).
 *
 * Owns the comparison: per criterion the two resolved values, their
 * min-max normalisation (1 = best, in the criterion's direction, over the
 * ranked options and these two), the weighted difference and the side it
 * favours. A criterion where either value is missing favours neither side
 * (norm 0 for the missing one, weighted 0). Must not print or render
 * (render_explain.c does), and must not re-evaluate: it reads only what
 * the tdm_result already holds.
 */
#include <math.h>
#include <stdlib.h>

#include "tdm.h"
#include "util.h"

/* Below this a weighted difference favours neither side. */
#define FAVOUR_EPS 1e-12

void
tdm_comparison_free(tdm_comparison *c)
{
	if (c == NULL)
		return;
	free(c->rows);
	free(c);
}

/* Min-max range of criterion c over the ranked options and a, b (the
 * values that are present). Returns 0 if no value is present. */
static int
range_of(const tdm_result *r, size_t c, size_t a, size_t b, double *lo,
         double *hi)
{
	size_t o, n = r->n_options;
	int any = 0;

	for (o = 0; o < n; o++) {
		double v;
		if (o != a && o != b && r->options[o].rank <= 0)
			continue;
		if (!r->has_value[c * n + o])
			continue;
		v = r->values[c * n + o];
		if (!isfinite(v))
			continue;
		if (!any || v < *lo)
			*lo = v;
		if (!any || v > *hi)
			*hi = v;
		any = 1;
	}
	return any;
}

/* v normalised into 0..1 over [lo, hi], 1 = best; a constant range gives 1. */
static double
norm_of(double v, double lo, double hi, tdm_better better)
{
	double x;

	if (!(hi > lo))
		return 1;
	x = better == TDM_BETTER_LOWER ? (hi - v) / (hi - lo)
	                               : (v - lo) / (hi - lo);
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

tdm_status
tdm_compare(const tdm_model *m, const tdm_result *r, size_t a, size_t b,
            tdm_comparison **out, tdm_error *err)
{
	tdm_comparison *cmp;
	size_t c, n;

	if (out != NULL)
		*out = NULL;
	if (m == NULL || r == NULL || out == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to compare: no model or no result");
	if (r->model != m || r->n_options != m->n_options ||
	    r->n_criteria != m->n_criteria ||
	    (m->n_criteria > 0 && r->weights == NULL) ||
	    (m->n_options > 0 && m->n_criteria > 0 &&
	     (r->values == NULL || r->has_value == NULL)))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the result does not match its model "
		                     "(evaluate again after changing the model)");
	n = r->n_options;
	if (a >= n || b >= n)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "compare: no option number %zu (there are %zu)",
		                     a >= n ? a : b, n);
	if (a == b)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "compare needs two different options");
	if ((cmp = calloc(1, sizeof *cmp)) == NULL)
		return tdm__nomem(err);
	cmp->a = a;
	cmp->b = b;
	if (m->n_criteria > 0 &&
	    (cmp->rows = calloc(m->n_criteria, sizeof *cmp->rows)) == NULL) {
		free(cmp);
		return tdm__nomem(err);
	}
	cmp->n_rows = m->n_criteria;
	for (c = 0; c < m->n_criteria; c++) {
		tdm_comparison_row *row = &cmp->rows[c];
		tdm_better better = m->criteria[c].better;
		double lo = 0, hi = 0;

		row->criterion = c;
		row->has_a = r->has_value[c * n + a] && isfinite(r->values[c * n + a]);
		row->has_b = r->has_value[c * n + b] && isfinite(r->values[c * n + b]);
		row->a = row->has_a ? r->values[c * n + a] : 0;
		row->b = row->has_b ? r->values[c * n + b] : 0;
		if (!range_of(r, c, a, b, &lo, &hi))
			lo = hi = 0;
		row->norm_a = row->has_a ? norm_of(row->a, lo, hi, better) : 0;
		row->norm_b = row->has_b ? norm_of(row->b, lo, hi, better) : 0;
		if (row->has_a && row->has_b)
			row->weighted = r->weights[c] * (row->norm_a - row->norm_b);
		else
			row->weighted = 0;
		if (!isfinite(row->weighted))
			row->weighted = 0;
		row->favours = row->weighted > FAVOUR_EPS    ? 1
		               : row->weighted < -FAVOUR_EPS ? -1
		                                             : 0;
		cmp->total += row->weighted;
	}
	*out = cmp;
	return TDM_OK;
}
