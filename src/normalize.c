/*
 * normalize.c -- raw criterion values to comparable values, 1 = best.
 *
 * Owns the normalisations by name. Must not look at weights or methods.
 * Never produces NaN: a column with no spread normalises to 1.
 * (Placeholder: min-max and fixed scales only, until the full set lands.)
 */
#include <string.h>

#include "engine.h"

static tdm_status
minmax(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const tdm__crit *c = &P->crit[j];
	const double *col = P->x + j * P->n;
	double lo, hi, span;
	size_t i;

	(void)err;
	lo = hi = P->n ? col[0] : 0;
	for (i = 1; i < P->n; i++) {
		if (col[i] < lo)
			lo = col[i];
		if (col[i] > hi)
			hi = col[i];
	}
	if (c->has_scale)
		lo = c->lo, hi = c->hi;
	span = hi - lo;
	for (i = 0; i < P->n; i++)
		out[i] = !(span > 0) ? 1
		         : c->cost   ? (hi - col[i]) / span
		                     : (col[i] - lo) / span;
	return TDM_OK;
}

static const tdm__normalization normalizations[] = {
	{"minmax", minmax},
};

static const char *const names[] = {"minmax", NULL};

const tdm__normalization *
tdm__normalization_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof normalizations / sizeof normalizations[0]; i++)
		if (strcmp(normalizations[i].name, name) == 0)
			return &normalizations[i];
	return NULL;
}

const char *const *
tdm_normalization_names(void)
{
	return names;
}

tdm_status
tdm__normalize(const tdm__problem *P, const tdm__normalization *nz,
               double *out, tdm_error *err)
{
	const tdm__normalization *fixed = &normalizations[0];
	size_t j;
	tdm_status s;

	for (j = 0; j < P->m; j++) {
		const tdm__normalization *use = P->crit[j].has_scale ? fixed : nz;
		if ((s = use->fn(P, j, out + j * P->n, err)) != TDM_OK)
			return s;
	}
	return TDM_OK;
}
