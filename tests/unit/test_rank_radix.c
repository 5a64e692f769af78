/*
 * test_rank_radix.c -- tdm__rank (rank.c) against a reference written
 * here the obvious way, on both sides of the size at which it switches
 * from its merge sort to its LSD radix sort (4,096 ranked rows), and
 * tdm__rank_in_order (every row, by position; the radix sort at any size)
 * against the same reference, with its own memory and with the caller's.
 *
 * The reference: the eligible rows sorted by score, best first (higher
 * first for TDM_DIR_HIGHER, lower first for TDM_DIR_LOWER), equal scores
 * (-0 and +0 among them) in row order; then the ineligible rows in row
 * order with rank 0. Each ranked row gets position + 1, or, when its score
 * ties with the previous one (|a - b| <= 1e-12 * max(1, |a|, |b|)), the
 * previous row's rank. Every element of `order` and `ranks` is compared,
 * and the count returned.
 *
 * The inputs (splitmix64, fixed seeds): exact duplicates from a small
 * set, -0 and +0 mixed, negative numbers, huge and tiny magnitudes,
 * infinities, near ties (x and nextafter(x)), chains of ties within
 * 1e-12, scores differing only in their lowest bits, all scores equal,
 * and ineligible rows, at sizes 0 to 70,000.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "tdm.h"
#include "tdm_test.h"
#include "tdm_rng.h"



/* ------------------------------------------------------------------------
 * The reference
 * --------------------------------------------------------------------- */

typedef struct keyed {
	double key;  /* the score, negated when higher is better */
	size_t row;
} keyed;

/* Ascending key (-0 and +0 equal: == says so), then ascending row: a
 * total order, so qsort's lack of stability does not matter. */
static int
cmp_keyed(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;

	if (a->key < b->key)
		return -1;
	if (a->key > b->key)
		return 1;
	return (a->row > b->row) - (a->row < b->row);
}

static int
ref_tied(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	if (m < 1)
		m = 1;
	return fabs(a - b) <= 1e-12 * m;
}

static size_t
reference_rank(size_t n, const double *scores, const unsigned char *eligible,
               tdm_direction dir, long *ranks, size_t *order)
{
	keyed *kv = malloc((n ? n : 1) * sizeof *kv);
	size_t i, ne = 0, q;

	assert_non_null(kv);
	for (i = 0; i < n; i++) {
		ranks[i] = 0;
		if (eligible[i]) {
			kv[ne].key = dir == TDM_DIR_LOWER ? scores[i] : -scores[i];
			kv[ne].row = i;
			ne++;
		}
	}
	qsort(kv, ne, sizeof *kv, cmp_keyed);
	for (i = 0; i < ne; i++)
		order[i] = kv[i].row;
	for (i = 0, q = ne; i < n; i++)
		if (!eligible[i])
			order[q++] = i;
	for (i = 0; i < ne; i++) {
		size_t o = order[i];
		if (i > 0 && ref_tied(scores[o], scores[order[i - 1]]))
			ranks[o] = ranks[order[i - 1]];
		else
			ranks[o] = (long)i + 1;
	}
	free(kv);
	return ne;
}

/* ------------------------------------------------------------------------
 * The comparison
 * --------------------------------------------------------------------- */

static int
all_eligible(size_t n, const unsigned char *eligible)
{
	size_t i;

	for (i = 0; i < n && eligible[i]; i++)
		;
	return i == n;
}

/* tdm__rank_in_order on every row: the reference's order, the scores in
 * that order (-0 as +0), the ranks by position. in_place: sorted is the
 * scores themselves and the workspace the caller's; else both its own. */
static void
check_in_order(const char *what, size_t n, const double *scores,
               tdm_direction dir, const long *want_ranks,
               const size_t *want_order, int in_place)
{
	size_t nn = n ? n : 1, i;
	size_t *order = malloc(nn * sizeof *order);
	long *rank_at = malloc(nn * sizeof *rank_at);
	double *sorted = malloc(nn * sizeof *sorted);
	void *ws = in_place ? malloc(TDM__RANK_WS_BYTES(nn)) : NULL;
	const char *how = in_place ? "in place" : "own memory";

	assert_non_null(order);
	assert_non_null(rank_at);
	assert_non_null(sorted);
	if (in_place) {
		assert_non_null(ws);
		memcpy(sorted, scores, n * sizeof *sorted);
	}
	for (i = 0; i < n; i++)
		rank_at[i] = -7;
	assert_int_equal(tdm__rank_in_order(n, in_place ? sorted : scores, dir,
	                                    order, sorted, rank_at, ws),
	                 1);
	for (i = 0; i < n; i++) {
		double want = scores[want_order[i]] == 0 ? 0.0 : scores[want_order[i]];
		if (order[i] != want_order[i])
			fail_msg("%s, n=%zu, in order (%s): order[%zu] = %zu, "
			         "expected %zu",
			         what, n, how, i, order[i], want_order[i]);
		if (sorted[i] != want || signbit(sorted[i]) != signbit(want))
			fail_msg("%s, n=%zu, in order (%s): sorted[%zu] = %.17g, "
				         "expected %.17g",
				         what, n, how, i, sorted[i], want);
		if (rank_at[i] != want_ranks[want_order[i]])
			fail_msg("%s, n=%zu, in order (%s): rank_at[%zu] = %ld, "
			         "expected %ld",
			         what, n, how, i, rank_at[i],
			         want_ranks[want_order[i]]);
	}
	free(order);
	free(rank_at);
	free(sorted);
	free(ws);
}

/* Rank scores[0..n) both ways, in both directions, and compare every
 * element. `what` names the input in a failure. */
static void
check_rank(const char *what, size_t n, const double *scores,
           const unsigned char *eligible)
{
	size_t nn = n ? n : 1, i, got_n, want_n;
	long *ranks = malloc(nn * sizeof *ranks), *want_ranks =
	                                             malloc(nn * sizeof *ranks);
	size_t *order = malloc(nn * sizeof *order), *want_order =
	                                               malloc(nn * sizeof *order);
	int d;

	assert_non_null(ranks);
	assert_non_null(want_ranks);
	assert_non_null(order);
	assert_non_null(want_order);
	for (d = 0; d < 2; d++) {
		tdm_direction dir = d ? TDM_DIR_LOWER : TDM_DIR_HIGHER;
		/* garbage in the outputs: every element must be written */
		for (i = 0; i < n; i++) {
			ranks[i] = -7;
			order[i] = (size_t)-1;
		}
		want_n = reference_rank(n, scores, eligible, dir, want_ranks,
		                        want_order);
		got_n = tdm__rank(n, scores, eligible, dir, ranks, order);
		if (got_n != want_n)
			fail_msg("%s, n=%zu, %s: tdm__rank returned %zu ranked, "
			         "expected %zu",
			         what, n, d ? "lower" : "higher", got_n, want_n);
		for (i = 0; i < n; i++)
			if (order[i] != want_order[i])
				fail_msg("%s, n=%zu, %s: order[%zu] = %zu (score %.17g), "
				         "expected %zu (score %.17g)",
				         what, n, d ? "lower" : "higher", i, order[i],
				         order[i] < n ? scores[order[i]] : NAN,
				         want_order[i], scores[want_order[i]]);
		for (i = 0; i < n; i++)
			if (ranks[i] != want_ranks[i])
				fail_msg("%s, n=%zu, %s: ranks[%zu] = %ld (score %.17g), "
				         "expected %ld",
				         what, n, d ? "lower" : "higher", i, ranks[i],
				         scores[i], want_ranks[i]);
		if (all_eligible(n, eligible)) {
			check_in_order(what, n, scores, dir, want_ranks, want_order, 0);
			check_in_order(what, n, scores, dir, want_ranks, want_order, 1);
		}
	}
	free(ranks);
	free(want_ranks);
	free(order);
	free(want_order);
}

/* The sizes around the switch to the radix sort, and beyond. */
static const size_t sizes[] = {0, 1, 2, 3, 100, 4095, 4096, 4097, 5000,
                               70000};
#define N_SIZES (sizeof sizes / sizeof sizes[0])

typedef void (*fill_fn)(rng *r, size_t n, double *x);

/* Fill scores with `fill` for every size, every row eligible, then with
 * about one row in eight ineligible, and check both. */
static void
check_sizes(const char *what, uint64_t seed, fill_fn fill)
{
	size_t s, i;
	rng r = {seed};

	for (s = 0; s < N_SIZES; s++) {
		size_t n = sizes[s], nn = n ? n : 1;
		double *x = malloc(nn * sizeof *x);
		unsigned char *el = malloc(nn);
		assert_non_null(x);
		assert_non_null(el);
		fill(&r, n, x);
		memset(el, 1, nn);
		check_rank(what, n, x, el);
		for (i = 0; i < n; i++)
			el[i] = below(&r, 8) != 0;
		check_rank(what, n, x, el);
		free(x);
		free(el);
	}
}

/* ------------------------------------------------------------------------
 * The inputs
 * --------------------------------------------------------------------- */

/* Exact duplicates: a handful of values, negatives and both zeros. */
static void
fill_small_set(rng *r, size_t n, double *x)
{
	static const double set[] = {-3, -1.5, -0.0, 0.0, 0.25, 1, 1, 7.5, 42};
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = set[below(r, sizeof set / sizeof set[0])];
}

/* Only -0 and +0 (one key), and a few ones among them. */
static void
fill_zeros(rng *r, size_t n, double *x)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t v = below(r, 16);
		x[i] = v == 0 ? 1.0 : v < 8 ? -0.0 : 0.0;
	}
}

/* Random values of either sign over the whole exponent range, with
 * some exact repeats of earlier values. */
static void
fill_wide(rng *r, size_t n, double *x)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 && below(r, 10) == 0) {
			x[i] = x[below(r, i)];
			continue;
		}
		x[i] = ldexp(0.5 + 0.5 * uniform(r), (int)below(r, 2001) - 1000);
		if (next(r) & 1)
			x[i] = -x[i];
	}
}

/* Uniform on [-1, 1): plain data, almost no ties. */
static void
fill_uniform(rng *r, size_t n, double *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = 2 * uniform(r) - 1;
}

/* Huge and tiny magnitudes, infinities, denormals and zeros, mixed with
 * ordinary values. */
static void
fill_extremes(rng *r, size_t n, double *x)
{
	static const double set[] = {
		1e300, -1e300, 1e-300, -1e-300, DBL_MAX, -DBL_MAX, DBL_MIN,
		-DBL_MIN, 4.9406564584124654e-324, -4.9406564584124654e-324,
		HUGE_VAL, -HUGE_VAL, 0.0, -0.0, 1, -1, 1e308, -1e308, 1e-12,
		-1e-12};
	size_t i, k = sizeof set / sizeof set[0];

	for (i = 0; i < n; i++) {
		uint64_t v = below(r, 3);
		if (v == 0)
			x[i] = set[below(r, k)];
		else if (v == 1)
			x[i] = (2 * uniform(r) - 1) * 1e6;
		else
			x[i] = ldexp(uniform(r), (int)below(r, 2000) - 1000);
	}
}

/* Infinities only among a few ordinary values: equal infinite scores
 * (|inf - inf| is NaN: not tied by the rule) and infinities next to
 * the largest finite values. */
static void
fill_infinities(rng *r, size_t n, double *x)
{
	static const double set[] = {HUGE_VAL, -HUGE_VAL, DBL_MAX, -DBL_MAX,
	                             0.0, -0.0, 3};
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = set[below(r, sizeof set / sizeof set[0])];
}

/* Near ties: x and its neighbours one ulp away, values within 1e-12
 * relative (tied) and just outside it (not), chains of ties that each
 * step within 1e-12 but span more, around 0, 1, 1e6 and -1e-3. */
static void
fill_near_ties(rng *r, size_t n, double *x)
{
	static const double base[] = {0.0, 1.0, 1e6, -1e-3, -250.0, 1e-15};
	size_t i;

	for (i = 0; i < n; i++) {
		double b = base[below(r, sizeof base / sizeof base[0])];
		double scale = fabs(b) > 1 ? fabs(b) : 1;
		switch (below(r, 7)) {
		case 0:
			x[i] = b;
			break;
		case 1:
			x[i] = nextafter(b, HUGE_VAL);
			break;
		case 2:
			x[i] = nextafter(b, -HUGE_VAL);
			break;
		case 3: /* within the tie threshold */
			x[i] = b + 0.9e-12 * scale;
			break;
		case 4: /* just outside it */
			x[i] = b + 1.1e-12 * scale;
			break;
		case 5: /* a chain: steps of 0.6e-12 */
			x[i] = b + (double)below(r, 6) * 0.6e-12 * scale;
			break;
		default:
			x[i] = b - (double)below(r, 4) * 0.5e-12 * scale;
			break;
		}
	}
}

/* Scores that differ only in their lowest bits (the radix sort's first
 * passes decide), some exactly equal. */
static void
fill_low_bits(rng *r, size_t n, double *x)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t u;
		double one = 1.0;
		memcpy(&u, &one, sizeof u);
		u += next(r) & 0x3ff;
		memcpy(&x[i], &u, sizeof u);
		if (below(r, 4) == 0)
			x[i] = -x[i];
	}
}

/* Every score the same (every radix pass skipped), or all but one. */
static void
fill_equal(rng *r, size_t n, double *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = 2.5;
	if (n > 0 && (next(r) & 1))
		x[below(r, n)] = -0.0;
}

/* ------------------------------------------------------------------------
 * The tests
 * --------------------------------------------------------------------- */

static void
test_duplicates(void **state)
{
	(void)state;
	check_sizes("small set of values", 1, fill_small_set);
}

static void
test_signed_zeros(void **state)
{
	(void)state;
	check_sizes("-0 and +0", 2, fill_zeros);
}

static void
test_wide_range(void **state)
{
	(void)state;
	check_sizes("every magnitude, both signs", 3, fill_wide);
}

static void
test_uniform(void **state)
{
	(void)state;
	check_sizes("uniform in [-1, 1)", 4, fill_uniform);
}

static void
test_extremes(void **state)
{
	(void)state;
	check_sizes("1e300, -1e-300, denormals, infinities", 5, fill_extremes);
}

static void
test_infinities(void **state)
{
	(void)state;
	check_sizes("+-infinity and +-DBL_MAX", 6, fill_infinities);
}

static void
test_near_ties(void **state)
{
	(void)state;
	check_sizes("near ties", 7, fill_near_ties);
}

static void
test_low_bits(void **state)
{
	(void)state;
	check_sizes("lowest bits only", 8, fill_low_bits);
}

static void
test_all_equal(void **state)
{
	(void)state;
	check_sizes("all equal", 9, fill_equal);
}

/* From 2^18 ranked rows the radix sort works in shares, one per thread:
 * the same order and ranks with 2, 3 and 7 threads, on inputs whose
 * runs of equal or near-equal scores cross the shares' boundaries. */
static void
test_shares(void **state)
{
	static const unsigned threads[] = {2, 3, 7};
	static const fill_fn fills[] = {fill_small_set, fill_near_ties,
	                                fill_uniform, fill_equal, fill_low_bits};
	size_t n = ((size_t)1 << 18) + 1001, i, f, t;
	double *x = malloc(n * sizeof *x);
	unsigned char *el = malloc(n);
	rng r = {10};

	(void)state;
	assert_non_null(x);
	assert_non_null(el);
	memset(el, 1, n);
	for (f = 0; f < sizeof fills / sizeof fills[0]; f++) {
		fills[f](&r, n, x);
		for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
			tdm_set_threads(threads[t]);
			check_rank("in shares", n, x, el);
		}
	}
	/* and with rows left out, in tdm__rank */
	for (i = 0; i < n; i++)
		el[i] = below(&r, 8) != 0;
	tdm_set_threads(3);
	check_rank("in shares, some rows out", n, x, el);
	tdm_set_threads(1);
	free(x);
	free(el);
}

/* The number of eligible rows, not of rows, picks the sort: 4,096 rows
 * with one ineligible (4,095 ranked) and 5,000 rows with 904 ineligible
 * (4,096 ranked); the ineligible rows first, last, or every other; none
 * eligible. */
static void
test_eligible_threshold(void **state)
{
	static const size_t n_cases[] = {4096, 4097, 5000, 5000, 8192, 9000};
	static const size_t n_out[] = {1, 1, 904, 905, 4096, 9000};
	rng r = {10};
	size_t t, i;
	int layout;

	(void)state;
	for (t = 0; t < sizeof n_cases / sizeof n_cases[0]; t++) {
		size_t n = n_cases[t];
		double *x = malloc(n * sizeof *x);
		unsigned char *el = malloc(n);
		assert_non_null(x);
		assert_non_null(el);
		fill_small_set(&r, n, x);
		for (layout = 0; layout < 3; layout++) {
			memset(el, 1, n);
			if (layout == 0) /* the first rows out */
				memset(el, 0, n_out[t]);
			else if (layout == 1) /* the last rows out */
				memset(el + n - n_out[t], 0, n_out[t]);
			else /* spread out */
				for (i = 0; i < n_out[t]; i++)
					el[(i * 7919) % n] = 0;
			for (i = 0; i < n; i++)
				if (el[i] == 0 && i % 3 == 0)
					x[i] = -HUGE_VAL; /* an ineligible row's score is
					                   * never looked at */
			check_rank("eligible count at the threshold", n, x, el);
		}
		fill_near_ties(&r, n, x);
		check_rank("near ties, eligible count at the threshold", n, x, el);
		free(x);
		free(el);
	}
}

/* Hand-made: the ranks 1, 2, 2, 4 of the rule at both sizes (6 rows:
 * the merge sort; 12,288: the radix sort); -0 and +0 are equals and keep
 * row order. */
static void
test_known_ranks(void **state)
{
	size_t reps[] = {1, 2048}, t, i, n;

	(void)state;
	for (t = 0; t < 2; t++) {
		/* rep copies of {3, 5, 5, -0, 0, 9}: rows 0..6*rep */
		size_t rep = reps[t];
		double *x, pat[] = {3, 5, 5, -0.0, 0.0, 9};
		unsigned char *el;
		long *ranks;
		size_t *order;
		n = 6 * rep;
		x = malloc(n * sizeof *x);
		el = malloc(n);
		ranks = malloc(n * sizeof *ranks);
		order = malloc(n * sizeof *order);
		assert_non_null(x);
		assert_non_null(el);
		assert_non_null(ranks);
		assert_non_null(order);
		for (i = 0; i < n; i++)
			x[i] = pat[i % 6];
		memset(el, 1, n);
		assert_int_equal(tdm__rank(n, x, el, TDM_DIR_HIGHER, ranks, order),
		                 n);
		/* every 9 first, all rank 1 */
		for (i = 0; i < rep; i++) {
			assert_int_equal(order[i], 6 * i + 5);
			assert_int_equal(ranks[6 * i + 5], 1);
		}
		/* then every 5, tied: one rank */
		for (i = 0; i < 2 * rep; i++) {
			size_t row = order[rep + i];
			assert_int_equal(row, 6 * (i / 2) + 1 + i % 2);
			assert_int_equal(ranks[row], (long)rep + 1);
		}
		/* then every 3 */
		for (i = 0; i < rep; i++) {
			assert_int_equal(order[3 * rep + i], 6 * i);
			assert_int_equal(ranks[6 * i], (long)(3 * rep) + 1);
		}
		/* then -0 and +0 as equals, in row order */
		for (i = 0; i < 2 * rep; i++) {
			size_t row = order[4 * rep + i];
			assert_int_equal(row, 6 * (i / 2) + 3 + i % 2);
			assert_int_equal(ranks[row], (long)(4 * rep) + 1);
		}
		check_rank("known pattern", n, x, el);
		free(x);
		free(el);
		free(ranks);
		free(order);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_signed_zeros),
		cmocka_unit_test(test_wide_range),
		cmocka_unit_test(test_uniform),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_infinities),
		cmocka_unit_test(test_near_ties),
		cmocka_unit_test(test_low_bits),
		cmocka_unit_test(test_all_equal),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_eligible_threshold),
		cmocka_unit_test(test_known_ranks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
