/*
 * weights.c -- from the weights a decision gives to the weights it uses.
 *
 * Owns normalising direct weights to sum 1 and saying whether they needed
 * it. Must not invent weights: a zero total is an error, not "equal".
 */
#include <math.h>

#include "engine.h"

tdm_status
tdm__weights_normalize(const tdm_model *m, double *w, double *sum,
                       int *normalized, tdm_error *err)
{
	size_t c;
	double total = 0;

	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const char *src = tdm_model_source_name(m, cr->source);
		if (!cr->has_weight)
			return tdm_error_set(err, TDM_DATA, src, cr->line, 0,
			                     "criterion '%s' has no weight", cr->name);
		if (!isfinite(cr->weight) || cr->weight < 0)
			return tdm_error_set(err, TDM_DATA, src, cr->line, 0,
			                     "criterion '%s': weight must be a finite "
			                     "number >= 0",
			                     cr->name);
		total += cr->weight;
	}
	if (!(total > 0) || !isfinite(total))
		return tdm_error_set(err, TDM_DATA,
		                     m->n_criteria ? tdm_model_source_name(
		                                         m, m->criteria[0].source)
		                                   : NULL,
		                     0, 0,
		                     "the weights sum to %s: at least one criterion "
		                     "needs a positive weight",
		                     total > 0 ? "infinity" : "zero");
	for (c = 0; c < m->n_criteria; c++)
		w[c] = m->criteria[c].weight / total;
	*sum = total;
	*normalized = fabs(total - 1.0) > 1e-12;
	return TDM_OK;
}

static const char *const weighting_names[] = {
	"direct", "equal", "roc", "ahp", "entropy", "critic", NULL};

const char *const *
tdm_weighting_names(void)
{
	return weighting_names;
}
