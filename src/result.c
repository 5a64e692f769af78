/*
 * result.c -- the tdm_result struct's lifetime and the verdict names.
 *
 * Owns freeing results. Must not compute them (evaluate.c) or turn them
 * into text (render_*.c).
 */
#include <stdlib.h>

#include "engine.h"
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
tdm__option_reasons_free(tdm_option_result *or)
{
	size_t k;

	for (k = 0; k < or->n_reasons; k++) {
		tdm_value_free(&or->reasons[k].observed);
		free(or->reasons[k].detail);
	}
	free(or->reasons);
	or->reasons = NULL;
	or->n_reasons = 0;
}

void
tdm_result_free(tdm_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	/* options is NULL when result_new ran out of memory allocating it */
	for (i = 0; r->options != NULL && i < r->n_options; i++) {
		tdm_option_result *o = &r->options[i];
		free(o->contrib);
		free(o->norm);
		tdm__option_reasons_free(o);
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
