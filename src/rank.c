/*
 * rank.c -- scores to ranks, with ties sharing the best rank (1, 2, 2, 4).
 *
 * Owns ordering and tie handling. Two scores tie when they differ by at
 * most 1e-12 relative: sums taken in the same order give identical
 * options identical scores, and rounding noise must not invent an order.
 *
 * tdm__rank ranks every eligible option; tdm__topk_rank finds only the
 * best k ranks of a score vector, for acceptability sampling (thousands
 * of rankings of which a report shows the first few ranks), and gives
 * exactly the ranks tdm__rank would.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

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

/* ------------------------------------------------------------------------
 * The best k ranks
 * --------------------------------------------------------------------- */

void
tdm__topk_free(tdm__topk *t)
{
	if (t == NULL)
		return;
	free(t->best);
	free(t->best_rows);
	free(t->rows);
	free(t->ranks);
	free(t->tmp);
	memset(t, 0, sizeof *t);
}

tdm_status
tdm__topk_init(tdm__topk *t, size_t n, size_t k, tdm_error *err)
{
	memset(t, 0, sizeof *t);
	t->n = n;
	t->k = k < n ? k : n;
	t->best = malloc((t->k + 1) * sizeof *t->best);
	t->best_rows = malloc((t->k + 1) * sizeof *t->best_rows);
	t->rows = malloc((n ? n : 1) * sizeof *t->rows);
	t->ranks = malloc((n ? n : 1) * sizeof *t->ranks);
	t->tmp = malloc((n ? n : 1) * sizeof *t->tmp);
	if (t->best == NULL || t->best_rows == NULL || t->rows == NULL ||
	    t->ranks == NULL || t->tmp == NULL) {
		tdm__topk_free(t);
		return tdm__nomem(err);
	}
	return TDM_OK;
}

/* Give rows[0..n_rows), sorted, their ranks by the tie rule. */
static void
rank_sorted(tdm__topk *t, const double *sc, size_t n_rows)
{
	size_t i;

	for (i = 0; i < n_rows; i++)
		t->ranks[i] = i > 0 && tied(sc[t->rows[i]], sc[t->rows[i - 1]])
		                  ? t->ranks[i - 1]
		                  : (long)i + 1;
}

/* Every row, sorted as tdm__rank sorts (stable: equal scores in row
 * order), and ranked. */
static size_t
rank_all(tdm__topk *t, const sort_ctx *ctx)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		t->rows[i] = i;
	merge_sort(ctx, t->rows, t->tmp, t->n);
	rank_sorted(t, ctx->scores, t->n);
	return t->n;
}

/* The k + 1 best (score, row) pairs, best first, into t->best and
 * t->best_rows: a score enters only if it is better than the last one
 * kept, and goes after the scores equal to it, so equal scores stay in
 * row order, as in a stable sort. Eight rows are tested at once (SKIP8):
 * the test is almost always false, a branch the processor predicts. */
#define KEEP_BEST(BETTER, SKIP8)                                            \
	do {                                                                    \
		double limit;                                                       \
		size_t e, q;                                                        \
		for (i = 0; i < kk; i++) {                                          \
			for (q = i; q > 0 && BETTER(sc[i], best[q - 1]); q--)           \
				best[q] = best[q - 1], best_rows[q] = best_rows[q - 1];     \
			best[q] = sc[i], best_rows[q] = i;                              \
		}                                                                   \
		limit = best[kk - 1];                                               \
		for (; i < n; i = e) {                                              \
			e = i + 8 <= n ? i + 8 : n;                                     \
			if (e == i + 8 && SKIP8(sc + i, limit))                         \
				continue;                                                   \
			for (; i < e; i++) {                                            \
				if (!(BETTER(sc[i], limit)))                                \
					continue;                                               \
				for (q = kk - 1; q > 0 && BETTER(sc[i], best[q - 1]); q--)  \
					best[q] = best[q - 1], best_rows[q] = best_rows[q - 1]; \
				best[q] = sc[i], best_rows[q] = i;                          \
				limit = best[kk - 1];                                       \
			}                                                               \
		}                                                                   \
	} while (0)

/* 1 if none of x[0..8) is better than limit. */
#if TDM_HAVE_V2D
typedef long long v2l __attribute__((vector_size(16)));

static int
none_above(const double *x, double limit)
{
	tdm__v2d l = {limit, limit}, a, b, c, d;
	v2l m;

	memcpy(&a, x, sizeof a);
	memcpy(&b, x + 2, sizeof b);
	memcpy(&c, x + 4, sizeof c);
	memcpy(&d, x + 6, sizeof d);
	m = (a > l) | (b > l) | (c > l) | (d > l);
	return !(m[0] | m[1]);
}

static int
none_below(const double *x, double limit)
{
	tdm__v2d l = {limit, limit}, a, b, c, d;
	v2l m;

	memcpy(&a, x, sizeof a);
	memcpy(&b, x + 2, sizeof b);
	memcpy(&c, x + 4, sizeof c);
	memcpy(&d, x + 6, sizeof d);
	m = (a < l) | (b < l) | (c < l) | (d < l);
	return !(m[0] | m[1]);
}
#else
static int
none_above(const double *x, double limit)
{
	return !((x[0] > limit) | (x[1] > limit) | (x[2] > limit) |
	         (x[3] > limit) | (x[4] > limit) | (x[5] > limit) |
	         (x[6] > limit) | (x[7] > limit));
}

static int
none_below(const double *x, double limit)
{
	return !((x[0] < limit) | (x[1] < limit) | (x[2] < limit) |
	         (x[3] < limit) | (x[4] < limit) | (x[5] < limit) |
	         (x[6] < limit) | (x[7] < limit));
}
#endif

#define LESS(a, b) ((a) < (b))
#define GREATER(a, b) ((a) > (b))

/* Why this gives tdm__rank's ranks. tdm__rank sorts every row stably and
 * gives each the rank of the first row of its tie chain (scores within
 * 1e-12 of the previous one). Let theta be the k-th best score. The pass
 * keeps the k + 1 best pairs in that sorted order, so:
 *   - when the (k + 1)-th score is worse than theta, no other row scores
 *     theta or better (it would have been kept), so the first k pairs are
 *     the first k rows of the sorted order, and the (k + 1)-th is the best
 *     of the rest: if it ties with the k-th and the k-th's rank is at most
 *     k, the chain runs on past the pairs kept, and every row is ranked
 *     instead (rare: two scores within 1e-12 at rank k);
 *   - when it equals theta, more rows may tie at theta: every row is
 *     ranked (rare with real data: equal scores at exactly rank k).
 * Either way the rows returned and their ranks are tdm__rank's. */
size_t
tdm__topk_rank(tdm__topk *t, const double *sc, tdm_direction dir)
{
	sort_ctx ctx = {sc, dir == TDM_DIR_LOWER};
	size_t n = t->n, k = t->k, kk = k + 1, i, n_sel = n, n_out;
	double *best = t->best;
	size_t *best_rows = t->best_rows;

	if (n == 0 || k == 0)
		return 0;
	if (k >= n) {
		rank_all(t, &ctx);
		return n;
	}
	if (ctx.lower_better)
		KEEP_BEST(LESS, none_below);
	else
		KEEP_BEST(GREATER, none_above);
	if (best[k] == best[k - 1]) {
		rank_all(t, &ctx);
	} else {
		for (i = 0; i < k; i++)
			t->rows[i] = best_rows[i];
		rank_sorted(t, sc, k);
		if (t->ranks[k - 1] <= (long)k && tied(best[k], best[k - 1]))
			rank_all(t, &ctx);
		else
			n_sel = k;
	}
	for (n_out = 0; n_out < n_sel && t->ranks[n_out] <= (long)k; n_out++)
		;
	return n_out;
}
#undef KEEP_BEST
#undef LESS
#undef GREATER
