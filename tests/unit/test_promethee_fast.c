/*
 * Unit tests for PROMETHEE II's fast flows (method_promethee2.c,
 * doc/design/promethee-fast.md) and the thread setting (threads.c).
 *
 * The method is held to tdm__promethee2_flows_reference, the O(n^2 m)
 * definition, to 1e-12 on seeded random problems built to hit the
 * boundaries: heavy ties, integer columns, thresholds equal to exact
 * differences in the data, every preference function, both directions,
 * large offsets and huge magnitudes. The gaussian must give the same bits
 * with any number of threads. Buffers are exactly the sizes the method
 * may use (workspace, score, the 3 extra columns), so AddressSanitizer
 * catches any overrun. No test measures time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "tdm.h"
#include "tdm_test.h"
#include "tdm_rng.h"

#define MAXM 6


/* The method's outputs for one problem, in buffers of exactly the size
 * it may touch. */
typedef struct {
	tdm_status status;
	tdm_error err;
	double *score;  /* n */
	double *extra;  /* 3n: phi+, phi-, phi */
} flows;

static void
flows_free(flows *f)
{
	free(f->score);
	free(f->extra);
}

static flows
run_fast(const tdm__problem *P, const double *w)
{
	const tdm__method *me = tdm__method_find("promethee2");
	size_t n = P->n, wsn, k;
	tdm_method_info info;
	double *ws;
	flows f;

	assert_non_null(me);
	memset(&f, 0, sizeof f);
	memset(&info, 0, sizeof info);
	wsn = me->workspace(n, P->m);
	assert_int_equal(wsn, 5 * n);
	ws = malloc((wsn ? wsn : 1) * sizeof *ws);
	f.score = malloc((n ? n : 1) * sizeof *f.score);
	f.extra = malloc((n ? 3 * n : 1) * sizeof *f.extra);
	assert_true(ws && f.score && f.extra);
	for (k = 0; k < wsn; k++)
		ws[k] = NAN;
	for (k = 0; k < n; k++)
		f.score[k] = NAN;
	for (k = 0; k < 3 * n; k++)
		f.extra[k] = NAN;
	f.status = me->fn(P, NULL, w, ws, f.score, f.extra, &info, &f.err);
	free(ws);
	return f;
}

/* The method against the definition, every option, to 1e-12; `what`
 * names the problem in a failure. */
static void
check_against_reference(const tdm__problem *P, const double *w,
                        const char *what)
{
	size_t n = P->n, i;
	double *plus = malloc((n ? n : 1) * sizeof *plus);
	double *minus = malloc((n ? n : 1) * sizeof *minus);
	tdm_error err;
	flows f;

	assert_true(plus && minus);
	assert_int_equal(
		tdm__promethee2_flows_reference(P, w, plus, minus, &err), TDM_OK);
	f = run_fast(P, w);
	if (f.status != TDM_OK)
		fail_msg("%s: %s", what, f.err.message);
	for (i = 0; i < n; i++) {
		double net = plus[i] - minus[i];
		if (!(fabs(f.extra[i] - plus[i]) <= 1e-12) ||
		    !(fabs(f.extra[n + i] - minus[i]) <= 1e-12) ||
		    !(fabs(f.extra[2 * n + i] - net) <= 1e-12) ||
		    !(fabs(f.score[i] - net) <= 1e-12))
			fail_msg("%s: option %zu of %zu: phi+ %.17g (want %.17g), "
			         "phi- %.17g (want %.17g), phi %.17g, score %.17g",
			         what, i, n, f.extra[i], plus[i], f.extra[n + i],
			         minus[i], f.extra[2 * n + i], f.score[i]);
	}
	flows_free(&f);
	free(plus);
	free(minus);
}

static tdm__problem
problem_of(size_t n, size_t m, const double *x, const tdm__crit *crit)
{
	tdm__problem P;

	P.n = n;
	P.m = m;
	P.x = x;
	P.crit = crit;
	P.vikor_v = 0.5;
	return P;
}

static tdm__crit
crit_of(tdm_pref pref, int cost, double q, double p, double s)
{
	tdm__crit c;

	memset(&c, 0, sizeof c);
	c.pref = pref;
	c.cost = cost;
	c.q = q;
	c.p = p;
	c.s = s;
	return c;
}

/* ------------------------------------------------------------------------
 * Random problems against the definition
 * --------------------------------------------------------------------- */

/* One column of n values in one of several shapes: few distinct
 * integers (heavy ties), a wide integer range, binary fractions (exact
 * differences), two-decimal values (inexact differences), an offset of
 * 1e6, or a handful of arbitrary doubles repeated. */
static void
random_column(rng *s, double *col, size_t n)
{
	size_t i, kind = below(s, 6);
	double pool[5];

	for (i = 0; i < 5; i++)
		pool[i] = (double)(next(s) >> 33) / 3.0 - 1e8;
	for (i = 0; i < n; i++) {
		switch (kind) {
		case 0:
			col[i] = (double)below(s, 4);
			break;
		case 1:
			col[i] = (double)below(s, 2000) - 1000;
			break;
		case 2:
			col[i] = (double)below(s, 64) / 8.0;
			break;
		case 3:
			col[i] = (double)below(s, 10000) / 100.0;
			break;
		case 4:
			col[i] = 1e6 + (double)below(s, 50);
			break;
		default:
			col[i] = pool[below(s, 5)];
			break;
		}
	}
}

/* A threshold: 0, or the difference of two values of the column as the
 * definition computes it (so that some pairs sit exactly on it), or a
 * fraction of the column's spread. */
static double
random_threshold(rng *s, const double *col, size_t n)
{
	double t;

	switch (below(s, 4)) {
	case 0:
		return 0;
	case 1:
	case 2:
		t = col[below(s, n)] - col[below(s, n)];
		return fabs(t);
	default:
		t = fabs(col[below(s, n)] - col[below(s, n)]);
		return t * (double)below(s, 100) / 37.0;
	}
}

static tdm__crit
random_crit(rng *s, const double *col, size_t n)
{
	tdm_pref pref = (tdm_pref)below(s, 6);
	double q = random_threshold(s, col, n), p = random_threshold(s, col, n);
	double t;

	if (q > p)
		t = q, q = p, p = t;
	switch (pref) {
	case TDM_PREF_VSHAPE:
	case TDM_PREF_LINEAR:
		if (p == 0)
			p = below(s, 2) ? 1 : 0.25;
		break;
	case TDM_PREF_LEVEL:
		if (below(s, 4) == 0)
			q = p; /* a step at q */
		break;
	case TDM_PREF_GAUSSIAN:
		if (p == 0)
			p = 0.5;
		break;
	default:
		break;
	}
	if (pref == TDM_PREF_LINEAR && below(s, 5) == 0)
		q = p; /* linear with q = p is a step */
	return crit_of(pref, (int)below(s, 2), q, p, p);
}

static void
random_trials(uint64_t seed, int trials, size_t max_n)
{
	rng s = {seed};
	int trial;

	for (trial = 0; trial < trials; trial++) {
		size_t n = 1 + below(&s, below(&s, 4) == 0 ? max_n : 40);
		size_t m = 1 + below(&s, 4), j;
		double *x = malloc(n * m * sizeof *x), w[MAXM], sum = 0;
		tdm__crit crit[MAXM];
		tdm__problem P;
		char what[96];

		assert_non_null(x);
		for (j = 0; j < m; j++) {
			random_column(&s, x + j * n, n);
			crit[j] = random_crit(&s, x + j * n, n);
			w[j] = below(&s, 6) == 0 ? 0 : 1 + (double)below(&s, 5);
			sum += w[j];
		}
		for (j = 0; j < m; j++)
			w[j] = sum > 0 ? w[j] / sum : 1.0 / (double)m;
		P = problem_of(n, m, x, crit);
		snprintf(what, sizeof what, "seed %llu trial %d (n %zu, m %zu)",
		         (unsigned long long)seed, trial, n, m);
		check_against_reference(&P, w, what);
		free(x);
	}
}

static void
test_promethee_fast_random_small(void **state)
{
	(void)state;
	random_trials(1, 1500, 60);
}

static void
test_promethee_fast_random_up_to_300(void **state)
{
	(void)state;
	random_trials(2, 120, 300);
}

/* ------------------------------------------------------------------------
 * Boundaries, by hand
 * --------------------------------------------------------------------- */

/* Integer values 0..10 (each twice, so ties too), thresholds on exact
 * differences: every function, both directions, q = 0, q = p, q < p. */
static void
test_promethee_fast_thresholds_on_data_differences(void **state)
{
	static const double q_p[][2] = {{0, 1}, {0, 3}, {2, 2}, {2, 5},
	                                {1, 10}, {0, 10}, {5, 11}};
	double x[22];
	size_t i, t, pref;
	int cost;

	(void)state;
	for (i = 0; i < 22; i++)
		x[i] = (double)((i * 7) % 11);
	for (pref = 0; pref < 6; pref++)
		for (t = 0; t < sizeof q_p / sizeof q_p[0]; t++)
			for (cost = 0; cost < 2; cost++) {
				const double w[] = {1};
				tdm__crit c = crit_of((tdm_pref)pref, cost, q_p[t][0],
				                      q_p[t][1], q_p[t][1] / 8.7);
				tdm__problem P = problem_of(22, 1, x, &c);
				char what[64];
				snprintf(what, sizeof what, "pref %zu q %g p %g cost %d",
				         pref, q_p[t][0], q_p[t][1], cost);
				check_against_reference(&P, w, what);
			}
}

/* Large offsets (window sums must not cancel) and huge magnitudes (the
 * pair-by-pair path): 1e9, 1e15 and 2^52 plus small integers with q = 1,
 * p = 7; a column spanning -1e12..1e12 with p from 1e-3 to 1e11;
 * multiples of 1.5e306. */
static void
test_promethee_fast_large_and_huge_values(void **state)
{
	static const double offsets[] = {1e9, -1e9, 1e15, 4503599627370496.0};
	double x[200];
	rng s = {9};
	size_t i, o, pref;

	(void)state;
	for (o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
		for (i = 0; i < 200; i++)
			x[i] = offsets[o] + (double)below(&s, 40);
		for (pref = 0; pref < 6; pref++) {
			const double w[] = {1};
			tdm__crit c = crit_of((tdm_pref)pref, (int)(o % 2), 1, 7, 3);
			tdm__problem P = problem_of(200, 1, x, &c);
			check_against_reference(&P, w, "offset");
		}
	}
	for (i = 0; i < 200; i++)
		x[i] = ((double)below(&s, 2000001) - 1e6) * 1e6;
	for (pref = 0; pref < 6; pref++) {
		const double ps[] = {1e-3, 1e5, 1e9, 1e11};
		for (o = 0; o < 4; o++) {
			const double w[] = {1};
			tdm__crit c = crit_of((tdm_pref)pref, 0, ps[o] / 2, ps[o], ps[o]);
			tdm__problem P = problem_of(200, 1, x, &c);
			check_against_reference(&P, w, "wide range");
		}
	}
	/* near the top of the double range: sums could overflow */
	for (i = 0; i < 200; i++)
		x[i] = (double)((long)below(&s, 21) - 10) * 1.5e306;
	for (pref = 0; pref < 6; pref++) {
		const double w[] = {1};
		tdm__crit c = crit_of((tdm_pref)pref, 1, 1e306, 4.5e306, 2e306);
		tdm__problem P = problem_of(200, 1, x, &c);
		check_against_reference(&P, w, "huge");
	}
}

/* Options with identical values get bitwise identical flows, whatever
 * the function; one option has flows 0; two options, each function. */
static void
test_promethee_fast_identical_and_tiny(void **state)
{
	double x[3 * 40], one[3] = {5, 6, 7}, two[2 * 3] = {1, 4, 2, 2, 3, 9};
	const double w[] = {0.5, 0.3, 0.2};
	rng s = {3};
	size_t i, j, pref;

	(void)state;
	for (pref = 0; pref < 6; pref++) {
		tdm__crit c[3];
		tdm__problem P;
		flows f;
		for (j = 0; j < 3; j++)
			c[j] = crit_of((tdm_pref)pref, (int)(j == 1), 1, 3, 2);
		/* options 0, 10, 20 and 30 are the same */
		for (j = 0; j < 3; j++)
			for (i = 0; i < 40; i++)
				x[j * 40 + i] = i % 10 == 0 ? 4.25 * (double)(j + 1)
				                            : (double)below(&s, 13);
		P = problem_of(40, 3, x, c);
		f = run_fast(&P, w);
		assert_int_equal(f.status, TDM_OK);
		for (i = 10; i < 40; i += 10) {
			assert_memory_equal(&f.extra[i], &f.extra[0], sizeof(double));
			assert_memory_equal(&f.extra[40 + i], &f.extra[40],
			                    sizeof(double));
			assert_memory_equal(&f.score[i], &f.score[0], sizeof(double));
		}
		flows_free(&f);
		check_against_reference(&P, w, "identical options");

		P = problem_of(1, 3, one, c);
		f = run_fast(&P, w);
		assert_int_equal(f.status, TDM_OK);
		assert_near(f.extra[0], 0, 0);
		assert_near(f.extra[1], 0, 0);
		assert_near(f.score[0], 0, 0);
		flows_free(&f);

		P = problem_of(2, 3, two, c);
		check_against_reference(&P, w, "two options");
	}
}

/* A threshold error is the method's, and the reference's, unchanged. */
static void
test_promethee_fast_reference_checks_thresholds(void **state)
{
	static const double x[] = {1, 2, 3};
	const double w[] = {1};
	tdm__crit c = crit_of(TDM_PREF_VSHAPE, 0, 0, 0, 0);
	tdm__problem P = problem_of(3, 1, x, &c);
	double plus[3], minus[3];
	tdm_error err;
	flows f;

	(void)state;
	f = run_fast(&P, w);
	assert_int_equal(f.status, TDM_DATA);
	assert_int_equal(
		tdm__promethee2_flows_reference(&P, w, plus, minus, &err), TDM_DATA);
	assert_int_equal(err.column, 1);
	assert_string_equal(err.message, f.err.message);
	flows_free(&f);
}

/* ------------------------------------------------------------------------
 * The gaussian and threads
 * --------------------------------------------------------------------- */

/* 3,000 distinct values in 0..1000 and s = 120: every pair is in the
 * band (4.5 million pairs: enough to start threads), 12 x 12 tiles. A
 * second criterion with a narrow s leaves most tiles empty. The flows are
 * the same bits with 1, 2, 3 and 8 threads, and match the definition. */
static void
test_promethee_fast_gaussian_threads_same_bits(void **state)
{
	const size_t n = 3000;
	const double w[] = {0.7, 0.3};
	const unsigned counts[] = {2, 3, 8};
	double *x = malloc(2 * n * sizeof *x);
	tdm__crit c[2];
	tdm__problem P;
	rng s = {11};
	flows one, f;
	size_t i, t;

	(void)state;
	assert_non_null(x);
	for (i = 0; i < 2 * n; i++)
		x[i] = uniform(&s) * 1000.0;
	c[0] = crit_of(TDM_PREF_GAUSSIAN, 0, 0, 0, 120);
	c[1] = crit_of(TDM_PREF_GAUSSIAN, 1, 0, 0, 3);
	P = problem_of(n, 2, x, c);
	tdm_set_threads(1);
	one = run_fast(&P, w);
	assert_int_equal(one.status, TDM_OK);
	for (t = 0; t < sizeof counts / sizeof counts[0]; t++) {
		tdm_set_threads(counts[t]);
		f = run_fast(&P, w);
		assert_int_equal(f.status, TDM_OK);
		assert_memory_equal(f.extra, one.extra, 3 * n * sizeof(double));
		assert_memory_equal(f.score, one.score, n * sizeof(double));
		flows_free(&f);
	}
	tdm_set_threads(1);
	check_against_reference(&P, w, "gaussian, 3000 options");
	flows_free(&one);
	free(x);
}

/* A subnormal s: 1/s would overflow; the method scales. */
static void
test_promethee_fast_gaussian_tiny_s(void **state)
{
	double x[50];
	const double w[] = {1};
	tdm__crit c = crit_of(TDM_PREF_GAUSSIAN, 0, 0, 0, 3e-320);
	tdm__problem P = problem_of(50, 1, x, &c);
	size_t i;

	(void)state;
	for (i = 0; i < 50; i++)
		x[i] = (double)(i % 17) * 1e-320;
	check_against_reference(&P, w, "subnormal s");
}

/* Ctrl-C (tdm_interrupted) stops the gaussian between rounds, with the
 * whole error; the other functions finish (they take O(n log n)). */
static void
test_promethee_fast_gaussian_interrupted(void **state)
{
	static const double x[] = {1, 2, 3, 5, 8};
	const double w[] = {1};
	tdm__crit c = crit_of(TDM_PREF_GAUSSIAN, 0, 0, 0, 2);
	tdm__problem P = problem_of(5, 1, x, &c);
	flows f;

	(void)state;
	tdm_interrupted = 1;
	f = run_fast(&P, w);
	tdm_interrupted = 0;
	assert_int_equal(f.status, TDM_LIMIT);
	assert_int_equal(f.err.code, TDM_LIMIT);
	assert_int_equal(f.err.line, 0);
	assert_int_equal(f.err.column, 0);
	assert_string_equal(f.err.message, "interrupted");
	flows_free(&f);
	c.pref = TDM_PREF_LINEAR, c.q = 1, c.p = 3;
	tdm_interrupted = 1;
	f = run_fast(&P, w);
	tdm_interrupted = 0;
	assert_int_equal(f.status, TDM_OK);
	flows_free(&f);
}

static void
test_promethee_fast_threads_setting(void **state)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	assert_int_equal(tdm_threads(), 1); /* the default */
	tdm_set_threads(0);
	assert_int_equal(tdm_threads(),
	                 cpus < 1 ? 1 : cpus > TDM_MAX_THREADS ? TDM_MAX_THREADS
	                                                       : cpus);
	tdm_set_threads(3);
	assert_int_equal(tdm_threads(), 3);
	tdm_set_threads(1000);
	assert_int_equal(tdm_threads(), TDM_MAX_THREADS);
	tdm_set_threads(1);
	assert_int_equal(tdm_threads(), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_promethee_fast_threads_setting),
		cmocka_unit_test(test_promethee_fast_random_small),
		cmocka_unit_test(test_promethee_fast_random_up_to_300),
		cmocka_unit_test(test_promethee_fast_thresholds_on_data_differences),
		cmocka_unit_test(test_promethee_fast_large_and_huge_values),
		cmocka_unit_test(test_promethee_fast_identical_and_tiny),
		cmocka_unit_test(test_promethee_fast_reference_checks_thresholds),
		cmocka_unit_test(test_promethee_fast_gaussian_threads_same_bits),
		cmocka_unit_test(test_promethee_fast_gaussian_tiny_s),
		cmocka_unit_test(test_promethee_fast_gaussian_interrupted),
	};
	return cmocka_run_group_tests_name("promethee_fast", tests, NULL, NULL);
}
