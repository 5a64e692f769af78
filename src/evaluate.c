/*
 * evaluate.c -- the pipeline from a model to a ranked result.
 *
 * Owns running the stages in order (resolve, weights, normalise, method,
 * rank, verdicts) and assembling the tdm_result. Must not print or render.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

static tdm_result *
result_new(const tdm_model *m)
{
	tdm_result *r = calloc(1, sizeof *r);
	size_t i, n = m->n_options, k = m->n_criteria;

	if (r == NULL)
		return NULL;
	r->model = m;
	r->n_options = n;
	r->n_criteria = k;
	r->options = calloc(n, sizeof *r->options);
	r->order = calloc(n, sizeof *r->order);
	r->weights = calloc(k, sizeof *r->weights);
	if (r->options == NULL || r->order == NULL || r->weights == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		r->options[i].contrib = calloc(k, sizeof(double));
		r->options[i].norm = calloc(k, sizeof(double));
		if (r->options[i].contrib == NULL || r->options[i].norm == NULL)
			goto fail;
	}
	return r;
fail:
	tdm_result_free(r);
	return NULL;
}

tdm_status
tdm_evaluate(const tdm_model *m, const tdm_hooks *hooks,
             const tdm_eval_config *cfg, tdm_result **out, tdm_error *err)
{
	const char *name = cfg && cfg->method ? cfg->method
	                   : m->method        ? m->method
	                                      : "wsm";
	const tdm__method *method = tdm__method_find(name);
	size_t n = m->n_options, k = m->n_criteria, o, c;
	tdm_result *r = NULL;
	double *x = NULL, *norm = NULL, *scores = NULL;
	long *ranks = NULL;
	unsigned char *eligible = NULL;
	tdm_status s = TDM_OK;

	*out = NULL;
	if (method == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown method '%s' (known: wsm)", name);
	if (k == 0)
		return tdm_error_set(err, TDM_DATA,
		                     m->n_sources ? m->sources[0] : NULL, 0, 0,
		                     "the decision has no criteria");
	if (n == 0)
		return tdm_error_set(err, TDM_DATA,
		                     m->n_sources ? m->sources[0] : NULL, 0, 0,
		                     "the decision has no options");
	r = result_new(m);
	x = calloc(n * k, sizeof *x);
	norm = calloc(n * k, sizeof *norm);
	scores = calloc(n, sizeof *scores);
	ranks = calloc(n, sizeof *ranks);
	eligible = calloc(n, 1);
	if (r == NULL || x == NULL || norm == NULL || scores == NULL ||
	    ranks == NULL || eligible == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	snprintf(r->method, sizeof r->method, "%s", method->name);
	snprintf(r->normalization, sizeof r->normalization, "%s",
	         method->normalization);
	r->direction = method->direction;

	if ((s = tdm__weights_normalize(m, r->weights, &r->weight_sum,
	                                &r->weights_normalized, err)) != TDM_OK)
		goto out;
	if ((s = tdm__resolve(m, hooks, r, x, eligible, err)) != TDM_OK)
		goto out;
	tdm__normalize_minmax(m, x, eligible, norm);
	method->fn(n, k, norm, r->weights, eligible, scores);
	r->n_ranked = tdm__rank(n, scores, eligible, method->direction, ranks,
	                        r->order);
	for (o = 0; o < n; o++) {
		tdm_option_result *or = &r->options[o];
		or->rank = ranks[o];
		if (!eligible[o]) {
			or->verdict = TDM_VERDICT_REJECTED;
			continue;
		}
		or->score = scores[o];
		or->verdict = ranks[o] == 1 ? TDM_VERDICT_CHOSEN : TDM_VERDICT_RANKED;
		for (c = 0; c < k; c++) {
			or->norm[c] = norm[c * n + o];
			or->contrib[c] = r->weights[c] * norm[c * n + o];
		}
	}
	*out = r;
	r = NULL;
out:
	tdm_result_free(r);
	free(x);
	free(norm);
	free(scores);
	free(ranks);
	free(eligible);
	return s;
}
