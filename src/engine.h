/*
 * engine.h -- the numeric core's internal interfaces (not part of the API).
 *
 * Each stage is a plain function over plain arrays so it can be tested
 * without Lua or files, and evaluation with new weights allocates nothing.
 * Matrices are column-major: x[c * n_options + o].
 */
#ifndef TDM_ENGINE_H
#define TDM_ENGINE_H

#include <stddef.h>

#include "tdm.h"

/* resolve.c: turn attributes into the numeric matrix x (n_criteria columns
 * of m->n_options), run guardrails, and record reasons in r->options[o]
 * (which must be allocated, zeroed). eligible[o] is set to 1 for options
 * with no reasons. */
tdm_status tdm__resolve(const tdm_model *m, const tdm_hooks *hooks,
                        tdm_result *r, double *x, unsigned char *eligible,
                        tdm_error *err);

/* weights.c: normalise the criteria's weights to sum 1 into w. */
tdm_status tdm__weights_normalize(const tdm_model *m, double *w, double *sum,
                                  int *normalized, tdm_error *err);

/* normalize.c: min-max (or the criterion's fixed scale) over eligible
 * options into norm (same layout as x), 0..1 with 1 the best. A column that
 * is constant over the eligible options normalises to 1 for all of them. */
void tdm__normalize_minmax(const tdm_model *m, const double *x,
                           const unsigned char *eligible, double *norm);

/* methods.c: a scoring method over the normalised matrix. scores[o] is
 * written for eligible options only. Allocates nothing. */
typedef void (*tdm__method_fn)(size_t n_options, size_t n_criteria,
                               const double *norm, const double *w,
                               const unsigned char *eligible, double *scores);

typedef struct tdm__method {
	const char *name;
	tdm_direction direction;
	const char *normalization;
	tdm__method_fn fn;
} tdm__method;

const tdm__method *tdm__method_find(const char *name);

/* rank.c: ranks (1 = best, ties share the best rank) for eligible options;
 * 0 for the others. order receives eligible options by rank, then the rest
 * in index order; returns the number ranked. */
size_t tdm__rank(size_t n, const double *scores, const unsigned char *eligible,
                 tdm_direction dir, long *ranks, size_t *order);

#endif
