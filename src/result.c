/*
 * result.c -- the tdm_result struct's lifetime and the verdict names.
 *
 * Owns freeing results. Must not compute them (evaluate.c) or turn them
 * into text (render_*.c).
 */
#include <stdlib.h>

#include "tdm.h"

const char *
tdm_verdict_name(tdm_verdict v)
{
	switch (v) {
	case TDM_VERDICT_CHOSEN: return "chosen";
	case TDM_VERDICT_RANKED: return "ranked";
	case TDM_VERDICT_REJECTED: return "rejected";
	case TDM_VERDICT_DOMINATED: return "dominated";
	}
	return "unknown";
}

void
tdm_result_free(tdm_result *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	/* options is NULL when result_new ran out of memory allocating it */
	for (i = 0; r->options != NULL && i < r->n_options; i++) {
		tdm_option_result *o = &r->options[i];
		free(o->contrib);
		free(o->norm);
		for (k = 0; k < o->n_reasons; k++) {
			tdm_value_free(&o->reasons[k].observed);
			free(o->reasons[k].detail);
		}
		free(o->reasons);
	}
	free(r->options);
	free(r->order);
	free(r->values);
	free(r->has_value);
	free(r->info.compromise);
	free(r->info.bounds_from_data);
	free(r->weights);
	free(r);
}
