/*
 * methods.c -- the scoring methods, by name.
 *
 * Owns the method table: each method's name, score direction, default
 * normalisation and scoring function. Must not normalise or rank.
 */
#include <string.h>

#include "engine.h"

/* Weighted sum: the score is the sum of weight x normalised value. */
static void
wsm(size_t n_options, size_t n_criteria, const double *norm, const double *w,
    const unsigned char *eligible, double *scores)
{
	size_t o, c;

	for (o = 0; o < n_options; o++)
		if (eligible[o])
			scores[o] = 0;
	for (c = 0; c < n_criteria; c++) {
		const double *col = norm + c * n_options;
		for (o = 0; o < n_options; o++)
			if (eligible[o])
				scores[o] += w[c] * col[o];
	}
}

static const tdm__method methods[] = {
	{"wsm", TDM_DIR_HIGHER, "minmax", wsm},
};

static const char *const method_names[] = {"wsm", NULL};

const tdm__method *
tdm__method_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

const char *const *
tdm_method_names(void)
{
	return method_names;
}
