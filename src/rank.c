/*
 * rank.c -- scores to ranks, with ties sharing the best rank (1, 2, 2, 4).
 *
 * Owns ordering and tie handling. Two scores tie when they differ by at
 * most 1e-12 relative: sums taken in the same order give identical
 * options identical scores, and rounding noise must not invent an order.
 */
#include <math.h>
#include <stdlib.h>

#include "engine.h"

typedef struct {
	const double *scores;
	int lower_better;
} sort_ctx;

/* qsort has no user data; a small insertion/merge sort keeps this
 * re-entrant. Merge sort: stable, so ties keep model order. */
static int
before(const sort_ctx *ctx, size_t a, size_t b)
{
	double sa = ctx->scores[a], sb = ctx->scores[b];
	return ctx->lower_better ? sa < sb : sa > sb;
}

static void
merge_sort(const sort_ctx *ctx, size_t *a, size_t *tmp, size_t n)
{
	size_t mid, i, j, k;

	if (n < 2)
		return;
	mid = n / 2;
	merge_sort(ctx, a, tmp, mid);
	merge_sort(ctx, a + mid, tmp, n - mid);
	i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		tmp[k++] = before(ctx, a[j], a[i]) ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	for (k = 0; k < n; k++)
		a[k] = tmp[k];
}

static int
tied(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-12 * (scale > 1 ? scale : 1);
}

size_t
tdm__rank(size_t n, const double *scores, const unsigned char *eligible,
          tdm_direction dir, long *ranks, size_t *order)
{
	sort_ctx ctx = {scores, dir == TDM_DIR_LOWER};
	size_t n_ranked = 0, i, k, *tmp;

	for (i = 0; i < n; i++) {
		ranks[i] = 0;
		if (eligible[i])
			order[n_ranked++] = i;
	}
	k = n_ranked;
	for (i = 0; i < n; i++)
		if (!eligible[i])
			order[k++] = i;
	tmp = malloc((n_ranked ? n_ranked : 1) * sizeof *tmp);
	if (tmp != NULL) {
		merge_sort(&ctx, order, tmp, n_ranked);
		free(tmp);
	} else {
		/* Out of memory: fall back to an in-place insertion sort. */
		for (i = 1; i < n_ranked; i++)
			for (k = i; k > 0 && before(&ctx, order[k], order[k - 1]); k--) {
				size_t t = order[k];
				order[k] = order[k - 1];
				order[k - 1] = t;
			}
	}
	for (i = 0; i < n_ranked; i++) {
		size_t o = order[i];
		if (i > 0 && tied(scores[o], scores[order[i - 1]]))
			ranks[o] = ranks[order[i - 1]];
		else
			ranks[o] = (long)i + 1;
	}
	return n_ranked;
}
