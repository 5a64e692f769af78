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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

/* The scan for the best k ranks uses SSE2 and, when the processor has it,
 * AVX (x86-64, GCC or Clang); elsewhere plain comparisons. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TOPK_X86 1
#include <immintrin.h>
#else
#define TOPK_X86 0
#endif

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

void
tdm__sort_desc(const double *key, size_t *idx, size_t *tmp, size_t n)
{
	sort_ctx ctx = {key, 0};

	merge_sort(&ctx, idx, tmp, n);
}

/* The same order as merge_sort for many rows, by keys: each score as a
 * 64-bit key whose unsigned order is `before`'s (best first); -0 and +0
 * compare equal in `before` and get one key; the scores are finite or
 * infinite, never NaN (the scorer sees to it).
 *
 * Only the bits in which the keys differ are sorted on: with lo and hi
 * the smallest and largest key, every key's offset key - lo fits in
 * bits(hi - lo) bits, the rest being lo's. Of those, the top RADIX_TOP
 * bits are sorted by a stable LSD radix sort, 11 bits a pass (two
 * passes, instead of six over the whole key); rows whose offsets agree
 * in those bits (about n / 4M of them together, for scores spread over
 * their range) are then put in order by their whole key, stably: an
 * insertion sort for a few, a merge sort on keys for more (many equal
 * or near-equal scores). Stable throughout, so equal scores keep their
 * order, as in the merge sort. At 1M rows 6 to 10 times faster than
 * the merge sort, which fetches two scores from anywhere in memory per
 * comparison. sorted[i] receives the score of a[i] (-0 as +0). 0 if out
 * of memory (the caller merge-sorts). */
#define RADIX_MIN 4096
#define RADIX_BITS 11
#define RADIX_TOP (2 * RADIX_BITS)
#define RUN_INSERT 24   /* runs up to this long: insertion sort */

typedef struct {
	uint64_t key;
	size_t row;
} keyed;

static uint64_t
score_key(const sort_ctx *ctx, double sc)
{
	uint64_t u;

	if (sc == 0)
		sc = 0; /* -0 -> +0 */
	memcpy(&u, &sc, sizeof u);
	/* ascending order of u is ascending order of the doubles */
	u = (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
	/* best first: higher scores first unless lower is better */
	return ctx->lower_better ? u : ~u;
}

static double
key_score(const sort_ctx *ctx, uint64_t u)
{
	double sc;

	u = ctx->lower_better ? u : ~u;
	u = (u >> 63) ? u & ~((uint64_t)1 << 63) : ~u;
	memcpy(&sc, &u, sizeof sc);
	return sc;
}

static unsigned
bit_length(uint64_t v)
{
	unsigned b = 0;

	while (v != 0) {
		b++;
		v >>= 1;
	}
	return b;
}

/* Stable sort of a[0..n) by key; tmp has n entries. */
static void
sort_keyed(keyed *a, keyed *tmp, size_t n)
{
	size_t mid, i, j, k;

	if (n <= RUN_INSERT) {
		for (i = 1; i < n; i++) {
			keyed t = a[i];
			for (j = i; j > 0 && t.key < a[j - 1].key; j--)
				a[j] = a[j - 1];
			a[j] = t;
		}
		return;
	}
	mid = n / 2;
	sort_keyed(a, tmp, mid);
	sort_keyed(a + mid, tmp, n - mid);
	if (a[mid - 1].key <= a[mid].key)
		return; /* already in order (equal scores, say) */
	i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
	while (i < mid)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof *a);
}

/* The sort in shares: rows [n t / T, n (t+1) / T) are share t's in
 * every step (keys, counts, moves, output), so each step runs on T
 * threads; a pass moves share t's rows to where the counts of the
 * shares before it say, so the order is the one-thread order, stable.
 * From RADIX_SHARE_MIN rows, when tdm_threads() allows. */
#define RADIX_SHARE_MIN ((size_t)1 << 18)
#define RADIX_MAX_SHARES 8
#define RADIX_DIGITS ((size_t)1 << RADIX_BITS)

typedef struct {
	const sort_ctx *ctx;
	size_t *a;
	double *sorted;
	keyed *k0, *k1;
	size_t n;
	unsigned shares;
	uint64_t lo, hi;          /* the smallest and largest key */
	uint64_t share_lo[RADIX_MAX_SHARES], share_hi[RADIX_MAX_SHARES];
	unsigned shift, at;       /* sorted bits from shift; this pass's */
	size_t bound[RADIX_MAX_SHARES + 1]; /* the shares' rows at the end */
	size_t count[RADIX_MAX_SHARES][RADIX_DIGITS]; /* then offsets */
} radix_job;

#define SHARE_FROM(j, t) ((j)->n * (t) / (j)->shares)
#define DIGIT(j, key) ((size_t)(((key) - (j)->lo) >> (j)->at) & (RADIX_DIGITS - 1))

static void
radix_keys(void *arg, unsigned t)
{
	radix_job *j = arg;
	size_t i, to = SHARE_FROM(j, t + 1);
	uint64_t lo = UINT64_MAX, hi = 0;

	for (i = SHARE_FROM(j, t); i < to; i++) {
		uint64_t u = score_key(j->ctx, j->ctx->scores[j->a[i]]);
		j->k0[i].key = u;
		j->k0[i].row = j->a[i];
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	j->share_lo[t] = lo;
	j->share_hi[t] = hi;
}

static void
radix_count(void *arg, unsigned t)
{
	radix_job *j = arg;
	size_t i, to = SHARE_FROM(j, t + 1), *c = j->count[t];

	memset(c, 0, RADIX_DIGITS * sizeof *c);
	for (i = SHARE_FROM(j, t); i < to; i++)
		c[DIGIT(j, j->k0[i].key)]++;
}

static void
radix_move(void *arg, unsigned t)
{
	radix_job *j = arg;
	size_t i, to = SHARE_FROM(j, t + 1), *c = j->count[t];

	for (i = SHARE_FROM(j, t); i < to; i++)
		j->k1[c[DIGIT(j, j->k0[i].key)]++] = j->k0[i];
}

/* Whether row i starts a run of rows that agree in the sorted bits. */
static int
run_starts(const radix_job *j, size_t i)
{
	return i == 0 || i >= j->n ||
	       (j->k0[i].key - j->lo) >> j->shift !=
	               (j->k0[i - 1].key - j->lo) >> j->shift;
}

/* The runs in share t's rows, by their whole key; then those rows and
 * their scores out. The shares' last rows are [bound[t], bound[t + 1]):
 * each bound moved on to where a run starts, so that no run is split. */
static void
radix_finish(void *arg, unsigned t)
{
	radix_job *j = arg;
	size_t from = j->bound[t], to = j->bound[t + 1], i, k;

	if (j->shift > 0) {
		for (i = from; i < to; i = k) {
			uint64_t d = (j->k0[i].key - j->lo) >> j->shift;
			for (k = i + 1;
			     k < to && (j->k0[k].key - j->lo) >> j->shift == d; k++)
				;
			if (k - i > 1)
				sort_keyed(j->k0 + i, j->k1 + i, k - i);
		}
	}
	/* the scores in order, from the keys: read in sequence, where
	 * scores[a[i]] would be a cache miss per row at this size */
	for (i = from; i < to; i++) {
		j->a[i] = j->k0[i].row;
		j->sorted[i] = key_score(j->ctx, j->k0[i].key);
	}
}

/* ws: 2n keyed entries of workspace, or NULL to allocate them. sorted
 * may be ctx->scores itself (each share reads its scores before any
 * share writes sorted: the keys come first, on every thread). */
static int
radix_sort(const sort_ctx *ctx, size_t *a, size_t n, double *sorted,
           keyed *ws)
{
	keyed *own = ws == NULL ? tdm__alloc_huge(2 * n * sizeof *own) : NULL;
	radix_job *j = malloc(sizeof *j);
	unsigned bits, p, passes, t, shares = 1;
	size_t d, sum;

	if ((ws == NULL && own == NULL) || j == NULL) {
		free(own);
		free(j);
		return 0;
	}
	if (n >= RADIX_SHARE_MIN) {
		shares = tdm_threads();
		if (shares > RADIX_MAX_SHARES)
			shares = RADIX_MAX_SHARES;
		if (shares < 1)
			shares = 1;
	}
	j->ctx = ctx;
	j->a = a;
	j->sorted = sorted;
	j->k0 = ws != NULL ? ws : own;
	j->k1 = j->k0 + n;
	j->n = n;
	j->shares = shares;
	tdm__parallel(shares, radix_keys, j);
	j->lo = UINT64_MAX;
	j->hi = 0;
	for (t = 0; t < shares; t++) {
		j->lo = j->share_lo[t] < j->lo ? j->share_lo[t] : j->lo;
		j->hi = j->share_hi[t] > j->hi ? j->share_hi[t] : j->hi;
	}
	bits = bit_length(j->hi - j->lo);
	j->shift = bits > RADIX_TOP ? bits - RADIX_TOP : 0;
	passes = (bits - j->shift + RADIX_BITS - 1) / RADIX_BITS;
	for (p = 0; p < passes; p++) {
		keyed *kt;
		j->at = j->shift + p * RADIX_BITS;
		tdm__parallel(shares, radix_count, j);
		/* every key has this digit: nothing moves */
		for (t = 0, sum = 0; t < shares; t++)
			sum += j->count[t][DIGIT(j, j->k0[0].key)];
		if (sum == n)
			continue;
		/* offsets: by digit, then by share */
		for (d = 0, sum = 0; d < RADIX_DIGITS; d++)
			for (t = 0; t < shares; t++) {
				size_t c = j->count[t][d];
				j->count[t][d] = sum;
				sum += c;
			}
		tdm__parallel(shares, radix_move, j);
		kt = j->k0, j->k0 = j->k1, j->k1 = kt;
	}
	/* before any share sorts a run: no share reads another's rows */
	for (t = 0; t <= shares; t++) {
		j->bound[t] = SHARE_FROM(j, t);
		while (j->shift > 0 && !run_starts(j, j->bound[t]))
			j->bound[t]++;
	}
	tdm__parallel(shares, radix_finish, j);
	free(j);
	free(own);
	return 1;
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
	double *sorted;

	for (i = 0; i < n; i++) {
		ranks[i] = 0;
		if (eligible[i])
			order[n_ranked++] = i;
	}
	k = n_ranked;
	for (i = 0; i < n; i++)
		if (!eligible[i])
			order[k++] = i;
	/* many rows: the radix sort, which also gives the scores in order
	 * (read in sequence below instead of one cache miss per row) */
	sorted = n_ranked >= RADIX_MIN ? malloc(n_ranked * sizeof *sorted) : NULL;
	if (sorted != NULL && !radix_sort(&ctx, order, n_ranked, sorted, NULL)) {
		free(sorted);
		sorted = NULL;
	}
	if (sorted == NULL &&
	    (tmp = malloc((n_ranked ? n_ranked : 1) * sizeof *tmp)) != NULL) {
		merge_sort(&ctx, order, tmp, n_ranked);
		free(tmp);
	} else if (sorted == NULL) {
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
		double a = sorted ? sorted[i] : scores[o];
		double b = i == 0 ? 0 : sorted ? sorted[i - 1] : scores[order[i - 1]];
		ranks[o] = i > 0 && tied(a, b) ? ranks[order[i - 1]] : (long)i + 1;
	}
	free(sorted);
	return n_ranked;
}

int
tdm__rank_in_order(size_t n, const double *scores, tdm_direction dir,
                   size_t *order, double *sorted, long *rank_at, void *ws)
{
	sort_ctx ctx = {scores, dir == TDM_DIR_LOWER};
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = i;
	if (n > 0 && !radix_sort(&ctx, order, n, sorted, ws))
		return 0;
	for (i = 0; i < n; i++)
		rank_at[i] = i > 0 && tied(sorted[i], sorted[i - 1]) ? rank_at[i - 1]
		                                                     : (long)i + 1;
	return 1;
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
	free(t->prev);
	free(t->kept);
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
	t->prev = malloc((t->k + 1) * sizeof *t->prev);
	t->kept = calloc(n ? n : 1, 1);
	t->rows = malloc((n ? n : 1) * sizeof *t->rows);
	t->ranks = malloc((n ? n : 1) * sizeof *t->ranks);
	t->tmp = malloc((n ? n : 1) * sizeof *t->tmp);
	if (t->best == NULL || t->best_rows == NULL || t->prev == NULL ||
	    t->kept == NULL || t->rows == NULL ||
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

/* A bit per score of x[0..16): set when the score is better than limit
 * (greater, or less when lower is better). Almost always 0 once the kept
 * scores are good, so the scan is a few instructions per 16 scores and a
 * branch the processor predicts: AVX where the x86-64 processor has it
 * (chosen at run time), else SSE2, else a comparison per score. */
#if TOPK_X86

__attribute__((target("avx"))) static unsigned
better16_avx(const double *x, double limit, int lower)
{
	__m256d l = _mm256_set1_pd(limit), a = _mm256_loadu_pd(x),
	        b = _mm256_loadu_pd(x + 4), c = _mm256_loadu_pd(x + 8),
	        d = _mm256_loadu_pd(x + 12);
	unsigned m;

	if (lower)
		m = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(a, l, _CMP_LT_OQ)) |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(b, l, _CMP_LT_OQ))
		        << 4 |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(c, l, _CMP_LT_OQ))
		        << 8 |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(d, l, _CMP_LT_OQ))
		        << 12;
	else
		m = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(a, l, _CMP_GT_OQ)) |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(b, l, _CMP_GT_OQ))
		        << 4 |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(c, l, _CMP_GT_OQ))
		        << 8 |
		    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(d, l, _CMP_GT_OQ))
		        << 12;
	return m;
}

static unsigned
better16_sse2(const double *x, double limit, int lower)
{
	__m128d l = _mm_set1_pd(limit);
	unsigned m = 0, q;

	for (q = 0; q < 8; q++) {
		__m128d v = _mm_loadu_pd(x + 2 * q);
		m |= (unsigned)_mm_movemask_pd(lower ? _mm_cmplt_pd(v, l)
		                                     : _mm_cmpgt_pd(v, l))
		     << (2 * q);
	}
	return m;
}
#endif

static unsigned
better16_scalar(const double *x, double limit, int lower)
{
	unsigned m = 0, q;

	for (q = 0; q < 16; q++)
		m |= (unsigned)(lower ? x[q] < limit : x[q] > limit) << q;
	return m;
}

/* The lowest set bit's position (m != 0). */
static unsigned
lowest_bit(unsigned m)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned)__builtin_ctz(m);
#else
	unsigned b = 0;
	while (!(m & 1u))
		m >>= 1, b++;
	return b;
#endif
}

/* Put (v, row) among the kk best kept, in place of the last one, in the
 * order of a stable sort: by score, equal scores by row. The row that
 * drops out is no longer marked kept. Returns the new last score. */
static double
keep(tdm__topk *t, size_t kk, int lower, const double *sc, size_t row)
{
	double *best = t->best, v = sc[row];
	size_t *best_rows = t->best_rows, q;

	t->kept[best_rows[kk - 1]] = 0;
	for (q = kk - 1;
	     q > 0 && ((lower ? v < best[q - 1] : v > best[q - 1]) ||
	               (v == best[q - 1] && row < best_rows[q - 1]));
	     q--) {
		best[q] = best[q - 1];
		best_rows[q] = best_rows[q - 1];
	}
	best[q] = v;
	best_rows[q] = row;
	t->kept[row] = 1;
	return best[kk - 1];
}

/* The k + 1 best (score, row) pairs, in the order of a stable sort, into
 * t->best and t->best_rows. The rows that were best in the previous call
 * go in first: an option that ranks high under one weighting usually does
 * under the next, so the scan then starts with a high last score and
 * inserts less. A score enters only if it is better than the last one
 * kept (equal to it, it could only take the last place, whose score is
 * all that is used of it). */
static void
keep_best(tdm__topk *t, const double *sc, int lower)
{
	size_t n = t->n, kk = t->k + 1, i, q;
	double *best = t->best, limit;
	size_t *best_rows = t->best_rows;
	unsigned (*better16)(const double *, double, int) = better16_scalar;

#if TOPK_X86
	if (t->simd == TDM__SIMD_AUTO && __builtin_cpu_supports("avx"))
		better16 = better16_avx;
	else if (t->simd != TDM__SIMD_SCALAR)
		better16 = better16_sse2;
#endif
	/* the first kk: the previous call's best rows, or rows 0..kk-1 */
	for (i = 0; i < kk; i++) {
		size_t row = t->has_prev ? t->prev[i] : i;
		double v = sc[row];
		for (q = i; q > 0 && (lower ? v < best[q - 1] : v > best[q - 1]);
		     q--) {
			best[q] = best[q - 1];
			best_rows[q] = best_rows[q - 1];
		}
		/* equal scores by row */
		while (q > 0 && v == best[q - 1] && row < best_rows[q - 1]) {
			best[q] = best[q - 1];
			best_rows[q] = best_rows[q - 1];
			q--;
		}
		best[q] = v;
		best_rows[q] = row;
		t->kept[row] = 1;
	}
	limit = best[kk - 1];
	for (i = t->has_prev ? 0 : kk; i + 16 <= n; i += 16) {
		unsigned m = better16(sc + i, limit, lower);
		while (m != 0) {
			size_t r = i + lowest_bit(m);
			m &= m - 1;
			/* the limit may have risen since the test */
			if ((lower ? sc[r] < limit : sc[r] > limit) && !t->kept[r])
				limit = keep(t, kk, lower, sc, r);
		}
	}
	for (; i < n; i++)
		if ((lower ? sc[i] < limit : sc[i] > limit) && !t->kept[i])
			limit = keep(t, kk, lower, sc, i);
	for (i = 0; i < kk; i++) {
		t->prev[i] = best_rows[i];
		t->kept[best_rows[i]] = 0;
	}
	t->has_prev = 1;
}

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
	size_t n = t->n, k = t->k, i, n_sel = n, n_out;
	double *best = t->best;
	size_t *best_rows = t->best_rows;

	if (n == 0 || k == 0)
		return 0;
	if (k >= n) {
		rank_all(t, &ctx);
		return n;
	}
	keep_best(t, sc, ctx.lower_better);
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
