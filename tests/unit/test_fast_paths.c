/*
 * Unit tests for the fast paths that make the REPL answer in time on a
 * 1,000-option decision (doc/design/repl-performance.md). Each one must
 * give exactly -- bit for bit, or the same integers -- what the
 * straightforward computation gives, so each is checked against a
 * reference written here the obvious way, on random inputs with a fixed
 * seed, with ties, near ties (within rank.c's 1e-12) and signed zeros:
 *
 *   - tdm__topk_rank (rank.c) against tdm__rank;
 *   - Kendall's tau-b and Spearman's rho (agreement.c) against the loops
 *     over every pair and the O(n) mid-rank per item;
 *   - WSM and TOPSIS (method_wsm.c, method_topsis.c), vectorised, against
 *     the scalar loops they replaced;
 *   - dominance (evaluate.c's bitsets) against a check of every pair;
 *   - the scorer renormalising only the changed column (scorer.c) against
 *     a fresh scorer;
 *   - acceptability counting only the first ranks, and with several
 *     threads, against every rank counted by one thread.
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

#include "engine.h"
#include "tdm.h"
#include "tdm_test.h"

/* ------------------------------------------------------------------------
 * A fixed-seed generator (splitmix64)
 * --------------------------------------------------------------------- */

#include "tdm_rng.h"



/* n scores with the troubles ranking has to get right: a few distinct
 * values repeated (exact ties), values 1e-13 apart in chains (ties by
 * rank.c's rule that are not equal), both zeros, negatives. */
static void
troublesome_scores(rng *r, double *x, size_t n)
{
	size_t i, kind = below(r, 4);

	for (i = 0; i < n; i++) {
		switch (kind) {
		case 0:   /* plain */
			x[i] = uniform(r);
			break;
		case 1:   /* few values: many exact ties */
			x[i] = (double)below(r, 4) / 4;
			break;
		case 2:   /* chains of near ties */
			x[i] = 0.5 + 1e-13 * (double)below(r, 6);
			break;
		default:  /* a mix, with signed zeros and negatives */
			x[i] = below(r, 3) == 0   ? (below(r, 2) ? 0.0 : -0.0)
			       : below(r, 2) == 0 ? -uniform(r)
			                          : 0.25 + 1e-13 * (double)below(r, 3);
			break;
		}
	}
}

/* ------------------------------------------------------------------------
 * tdm__topk_rank against tdm__rank
 * --------------------------------------------------------------------- */

static void
check_topk(tdm__topk *t, const double *x, size_t n, size_t k,
           tdm_direction dir)
{
	unsigned char *all = malloc(n ? n : 1);
	long *ranks = malloc((n ? n : 1) * sizeof *ranks);
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	size_t i, got, want = 0;

	assert_non_null(all);
	assert_non_null(ranks);
	assert_non_null(order);
	memset(all, 1, n ? n : 1);
	tdm__rank(n, x, all, dir, ranks, order);
	got = tdm__topk_rank(t, x, dir);
	/* the reference's rows of rank <= k, in its order */
	for (i = 0; i < n && ranks[order[i]] <= (long)k; i++)
		want++;
	assert_int_equal(got, want);
	for (i = 0; i < got; i++) {
		assert_int_equal(t->rows[i], order[i]);
		assert_int_equal(t->ranks[i], ranks[order[i]]);
	}
	free(all);
	free(ranks);
	free(order);
}

static void
test_fast_paths_topk_equals_rank(void **state)
{
	rng r = {1};
	double x[300];
	size_t round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		size_t n = 1 + below(&r, round < 1500 ? 20 : 300);
		size_t k = 1 + below(&r, 8), calls, c;
		tdm_direction dir = below(&r, 2) ? TDM_DIR_HIGHER : TDM_DIR_LOWER;
		tdm__topk t;
		assert_int_equal(tdm__topk_init(&t, n, k, NULL), TDM_OK);
		t.simd = (tdm__simd)(round % 3);   /* AUTO, V2D, SCALAR */
		/* several calls on one tdm__topk, as acceptability makes */
		calls = 1 + below(&r, 3);
		for (c = 0; c < calls; c++) {
			troublesome_scores(&r, x, n);
			check_topk(&t, x, n, k < n ? k : n, dir);
		}
		tdm__topk_free(&t);
	}
}

/* ------------------------------------------------------------------------
 * Kendall and Spearman against every pair
 * --------------------------------------------------------------------- */

static int
sgn(long d)
{
	return (d > 0) - (d < 0);
}

static double
kendall_reference(const long *a, const long *b, size_t n)
{
	double s = 0, n0, n1 = 0, n2 = 0;
	size_t i, j;

	if (n < 2)
		return 1;
	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n; j++) {
			int sa = sgn(a[i] - a[j]), sb = sgn(b[i] - b[j]);
			s += sa * sb;
			n1 += sa == 0;
			n2 += sb == 0;
		}
	n0 = (double)n * (double)(n - 1) / 2;
	if (n1 == n0 && n2 == n0)
		return 1;
	if (n1 == n0 || n2 == n0)
		return 0;
	return s / sqrt((n0 - n1) * (n0 - n2));
}

static double
mid_rank_reference(const long *a, size_t n, size_t i)
{
	size_t j, lt = 0, eq = 0;

	for (j = 0; j < n; j++) {
		lt += a[j] < a[i];
		eq += a[j] == a[i];
	}
	return 1 + (double)lt + ((double)eq - 1) / 2;
}

static double
spearman_reference(const long *a, const long *b, size_t n)
{
	double mean = ((double)n + 1) / 2, sab = 0, saa = 0, sbb = 0, rho;
	size_t i;

	if (n < 2)
		return 1;
	for (i = 0; i < n; i++) {
		double da = mid_rank_reference(a, n, i) - mean;
		double db = mid_rank_reference(b, n, i) - mean;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	if (saa == 0 && sbb == 0)
		return 1;
	if (saa == 0 || sbb == 0)
		return 0;
	rho = sab / sqrt(saa * sbb);
	return rho > 1 ? 1 : rho < -1 ? -1 : rho;
}

/* Ranks as tdm__rank gives them (1..n, ties share the best) of scores
 * with ties, or (wide) arbitrary longs, which take the sorting path. */
static void
random_ranking(rng *r, long *out, size_t n, int wide)
{
	double x[400];
	unsigned char all[400];
	size_t order[400], i;

	troublesome_scores(r, x, n);
	memset(all, 1, n);
	tdm__rank(n, x, all, TDM_DIR_HIGHER, out, order);
	if (wide)
		for (i = 0; i < n; i++)
			out[i] = out[i] * 1000003L - 500000000L;
}

static void
test_fast_paths_correlations_equal_pairs(void **state)
{
	rng r = {2};
	long a[400], b[400];
	size_t round;

	(void)state;
	for (round = 0; round < 400; round++) {
		size_t n = 1 + below(&r, round < 200 ? 40 : 400);
		int wide = below(&r, 3) == 0;
		double got, want;
		random_ranking(&r, a, n, wide);
		if (below(&r, 5) == 0)
			memcpy(b, a, n * sizeof *b);   /* identical rankings */
		else
			random_ranking(&r, b, n, wide && below(&r, 2));
		got = tdm__kendall_tau_b(a, b, n);
		want = kendall_reference(a, b, n);
		assert_memory_equal(&got, &want, sizeof got);
		got = tdm__spearman_rho(a, b, n);
		want = spearman_reference(a, b, n);
		assert_memory_equal(&got, &want, sizeof got);
	}
}

/* ------------------------------------------------------------------------
 * WSM and TOPSIS against the scalar loops
 * --------------------------------------------------------------------- */

static void
wsm_reference(const double *norm, const double *w, size_t n, size_t m,
              double *score)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		score[i] = 0;
	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			score[i] += w[j] * norm[j * n + i];
}

/* method_topsis.c before it was made fast, verbatim; its scale, ideal
 * and anti-ideal are left in *scale_out, ideal and anti. */
static void
topsis_reference(const double *norm, const double *w, size_t n, size_t m,
                 double *score, double *scale_out, double *ideal,
                 double *anti)
{
	double scale = 0;
	size_t i, j;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++) {
			double v = fabs(w[j] * norm[j * n + i]);
			if (v > scale)
				scale = v;
		}
	if (scale == 0) {
		*scale_out = 0;
		for (i = 0; i < n; i++)
			score[i] = 1;
		return;
	}
	/* the power of two at or above the largest |w r| */
	{
		double p = 1;
		while (p < scale && p < 0x1p1023)
			p *= 2;
		while (p / 2 >= scale && p > 0x1p-1021)
			p /= 2;
		scale = p;
	}
	*scale_out = scale;
	for (j = 0; j < m; j++) {
		const double *col = norm + j * n;
		for (i = 0; i < n; i++) {
			double v = w[j] * col[i] / scale;
			if (i == 0 || v > ideal[j])
				ideal[j] = v;
			if (i == 0 || v < anti[j])
				anti[j] = v;
		}
	}
	for (i = 0; i < n; i++) {
		double dp = 0, dm = 0;
		for (j = 0; j < m; j++) {
			double v = w[j] * norm[j * n + i] / scale;
			dp += (v - ideal[j]) * (v - ideal[j]);
			dm += (v - anti[j]) * (v - anti[j]);
		}
		dp = sqrt(dp);
		dm = sqrt(dm);
		score[i] = dp + dm > 0 ? dm / (dp + dm) : 1;
	}
}

static void
test_fast_paths_methods_equal_scalar(void **state)
{
	rng r = {3};
	const tdm__method *wsm = tdm__method_find("wsm");
	const tdm__method *topsis = tdm__method_find("topsis");
	double norm[70 * 12], w[12], got[70], want[70], ws[24];
	double scale, ideal[12], anti[12];
	static const tdm__simd simds[] = {TDM__SIMD_AUTO, TDM__SIMD_V2D,
	                                  TDM__SIMD_SCALAR};
	tdm__crit crit[12];
	tdm__problem P;
	size_t round;

	(void)state;
	assert_non_null(wsm);
	assert_non_null(topsis);
	memset(crit, 0, sizeof crit);
	for (round = 0; round < 2000; round++) {
		size_t n = 1 + below(&r, 70), m = 1 + below(&r, 12), i, j;
		double sum = 0;
		int kind = (int)below(&r, 6);
		for (i = 0; i < n * m; i++)
			norm[i] = kind == 0   ? uniform(&r)
			          : kind == 1 ? (double)below(&r, 3) / 2
			          : kind == 2 ? (below(&r, 2) ? -0.0 : 0.0)
			          : kind == 3 ? (uniform(&r) - 0.5) * 1e6 /* "none" */
			          /* near the ends of the doubles: the scale's
			           * exponent is clamped there */
			          : kind == 4 ? (uniform(&r) - 0.5) * 0x1p1023
			                      : uniform(&r) * 0x1p-1060;
		for (j = 0; j < m; j++) {
			w[j] = below(&r, 5) == 0 ? 0 : uniform(&r);
			sum += w[j];
		}
		for (j = 0; j < m && sum > 0; j++)
			w[j] /= sum;
		/* weights that are powers of two: with kind 1's values, the
		 * largest |w r| is one, and is its own scale */
		if (kind == 1 && below(&r, 2) == 0)
			for (j = 0; j < m; j++)
				w[j] = ldexp(1.0, -(int)below(&r, 3));
		if (below(&r, 10) == 0)
			w[below(&r, m)] = -0.25;   /* the general TOPSIS loops */
		memset(&P, 0, sizeof P);
		P.n = n;
		P.m = m;
		P.crit = crit;
		P.vikor_v = 0.5;
		wsm_reference(norm, w, n, m, want);
		assert_int_equal(wsm->fn(&P, norm, w, NULL, got, NULL, NULL, NULL),
		                 TDM_OK);
		assert_memory_equal(got, want, n * sizeof *got);
		for (i = 0; i < 3; i++) {
			tdm__wsm_scores(norm, w, n, m, simds[i], got);
			assert_memory_equal(got, want, n * sizeof *got);
		}
		topsis_reference(norm, w, n, m, want, &scale, ideal, anti);
		assert_int_equal(topsis->fn(&P, norm, w, ws, got, NULL, NULL, NULL),
		                 TDM_OK);
		assert_memory_equal(got, want, n * sizeof *got);
		for (i = 0; i < 3 && scale > 0; i++) {
			tdm__topsis_closeness(norm, w, n, m, scale, ideal, anti,
			                      simds[i], got);
			assert_memory_equal(got, want, n * sizeof *got);
		}
	}
}

/* ------------------------------------------------------------------------
 * Models for the engine-level checks
 * --------------------------------------------------------------------- */

/* n options, k criteria (every third one lower-is-better), values from a
 * few levels so that options tie and dominate each other. */
static tdm_model *
random_model(rng *r, size_t n, size_t k, int levels)
{
	tdm_model *m = tdm_model_new();
	int src = tdm_model_source(m, "t.lua");
	size_t c, o;

	assert_non_null(m);
	for (c = 0; c < k; c++) {
		tdm_criterion *cr;
		char name[32];
		snprintf(name, sizeof name, "c%zu", c);
		assert_int_equal(tdm_model_add_criterion(m, name, src, (long)c + 1,
		                                         &cr, NULL),
		                 TDM_OK);
		cr->better = c % 3 == 2 ? TDM_BETTER_LOWER : TDM_BETTER_HIGHER;
		cr->has_better = 1;
		cr->weight = 1 + (double)below(r, 5);
		cr->has_weight = 1;
		tdm_model_attr(m, name, 1);
	}
	for (o = 0; o < n; o++) {
		size_t idx;
		char name[32];
		snprintf(name, sizeof name, "o%zu", o);
		assert_int_equal(tdm_model_add_option(m, name, src, (long)(100 + o),
		                                      &idx, NULL),
		                 TDM_OK);
		for (c = 0; c < k; c++) {
			tdm_value v = {TDM_VAL_NUMBER, (int)c + 2, {0}};
			v.as.num = levels ? (double)below(r, (size_t)levels)
			                  : 1 + 100 * uniform(r);
			assert_int_equal(tdm_model_set_value(m, idx, c, &v, NULL),
			                 TDM_OK);
		}
	}
	return m;
}

/* Does a dominate b (at least as good everywhere, better somewhere)? */
static int
dominates_reference(const tdm_model *m, const double *x, size_t a, size_t b)
{
	size_t c, n = m->n_options;
	int better = 0;

	for (c = 0; c < m->n_criteria; c++) {
		double va = x[c * n + a], vb = x[c * n + b];
		if (m->criteria[c].better == TDM_BETTER_LOWER)
			va = -va, vb = -vb;
		if (va < vb)
			return 0;
		better |= va > vb;
	}
	return better;
}

static void
test_fast_paths_dominance_equals_pairs(void **state)
{
	rng r = {4};
	size_t round;

	(void)state;
	for (round = 0; round < 60; round++) {
		size_t n = 2 + below(&r, 150), k = 1 + below(&r, 6), a, b, q, i, j;
		tdm_model *m = random_model(&r, n, k, 1 + (int)below(&r, 4));
		size_t *dom = malloc(n * sizeof *dom);
		tdm_result *res;
		assert_non_null(dom);
		assert_int_equal(tdm_evaluate(m, NULL, NULL, &res, NULL), TDM_OK);
		assert_true(res->dominance_checked);
		for (b = 0; b < n; b++) {
			const tdm_option_result *or = &res->options[b];
			size_t n_dom = 0, kept;
			for (a = 0; a < n; a++)
				if (a != b && dominates_reference(m, res->values, a, b))
					dom[n_dom++] = a;
			assert_int_equal(or->n_dominators, n_dom);
			/* the reasons name the best-ranked TDM_MAX_DOMINATORS (ties:
			 * the lower index), in index order */
			for (i = 1; i < n_dom; i++)
				for (j = i; j > 0 &&
				            (res->options[dom[j]].rank <
				                 res->options[dom[j - 1]].rank ||
				             (res->options[dom[j]].rank ==
				                  res->options[dom[j - 1]].rank &&
				              dom[j] < dom[j - 1]));
				     j--) {
					size_t t = dom[j];
					dom[j] = dom[j - 1];
					dom[j - 1] = t;
				}
			kept = n_dom < TDM_MAX_DOMINATORS ? n_dom : TDM_MAX_DOMINATORS;
			for (i = 1; i < kept; i++)
				for (j = i; j > 0 && dom[j] < dom[j - 1]; j--) {
					size_t t = dom[j];
					dom[j] = dom[j - 1];
					dom[j - 1] = t;
				}
			for (i = 0, q = 0; q < or->n_reasons; q++)
				if (or->reasons[q].kind == TDM_REASON_DOMINATED) {
					assert_true(i < kept);
					assert_int_equal(or->reasons[q].other, dom[i]);
					i++;
				}
			assert_int_equal(i, kept);
		}
		tdm_result_free(res);
		tdm_model_free(m);
		free(dom);
	}
}

/* ------------------------------------------------------------------------
 * The scorer renormalises only the changed column
 * --------------------------------------------------------------------- */

static void
test_fast_paths_scorer_changed_column(void **state)
{
	static const char *const methods[] = {"wsm", "topsis", "vikor", "edas",
	                                      "promethee2", "spotis", NULL};
	static const char *const norms[] = {"minmax", "max", "sum", "vector",
	                                    NULL};
	rng r = {5};
	size_t round;

	(void)state;
	for (round = 0; round < 40; round++) {
		size_t n = 3 + below(&r, 40), k = 2 + below(&r, 5), i, c, step;
		tdm_model *m = random_model(&r, n, k, 0);
		const char *meth = methods[below(&r, 6)];
		const tdm__method *me = tdm__method_find(meth);
		/* wsm and topsis with any normalisation, the others their own */
		const char *nz = strcmp(meth, "wsm") == 0 ||
		                         strcmp(meth, "topsis") == 0
		                     ? norms[below(&r, 4)]
		                 : me->normalization ? me->normalization
		                                     : "own";
		unsigned char *all = malloc(n);
		double *values = malloc(n * k * sizeof *values);
		double *s1 = malloc(n * sizeof *s1), *s2 = malloc(n * sizeof *s2);
		tdm_result *res;
		tdm__scorer kept;
		assert_non_null(all);
		assert_non_null(values);
		assert_non_null(s1);
		assert_non_null(s2);
		assert_int_equal(tdm_evaluate(m, NULL, NULL, &res, NULL), TDM_OK);
		memcpy(values, res->values, n * k * sizeof *values);
		memset(all, 1, n);
		assert_int_equal(tdm__scorer_init(&kept, m, NULL, meth, nz, 0.5,
		                                  values, all, NULL),
		                 TDM_OK);
		assert_int_equal(tdm__scorer_run(&kept, res->weights, s1, NULL),
		                 TDM_OK);
		for (step = 0; step < 6; step++) {
			tdm__scorer fresh;
			i = below(&r, n);
			c = below(&r, k);
			values[c * n + i] = 1 + 200 * uniform(&r);
			tdm__scorer_set_value(&kept, i, c, values[c * n + i]);
			assert_int_equal(tdm__scorer_run(&kept, res->weights, s1, NULL),
			                 TDM_OK);
			assert_int_equal(tdm__scorer_init(&fresh, m, NULL, meth, nz, 0.5,
			                                  values, all, NULL),
			                 TDM_OK);
			assert_int_equal(tdm__scorer_run(&fresh, res->weights, s2,
			                                 NULL),
			                 TDM_OK);
			assert_memory_equal(s1, s2, n * sizeof *s1);
			assert_memory_equal(kept.norm, fresh.norm,
			                    n * k * sizeof *kept.norm);
			tdm__scorer_free(&fresh);
		}
		tdm__scorer_free(&kept);
		tdm_result_free(res);
		tdm_model_free(m);
		free(all);
		free(values);
		free(s1);
		free(s2);
	}
}

/* WSM skips looking at its scores when their bound says they are finite;
 * a sum that does overflow is still an error naming the option. */
static void
test_fast_paths_scorer_overflow_still_caught(void **state)
{
	rng r = {7};
	tdm_model *m = random_model(&r, 20, 2, 0);
	unsigned char all[20];
	double values[40], scores[20], w[2] = {1, 1};
	tdm__scorer sc;
	tdm_error err;
	size_t i;

	(void)state;
	for (i = 0; i < 40; i++)
		values[i] = 1;
	values[7] = values[20 + 7] = 1.5e308;   /* option o7, both criteria */
	memset(all, 1, sizeof all);
	m->criteria[0].better = m->criteria[1].better = TDM_BETTER_HIGHER;
	assert_int_equal(tdm__scorer_init(&sc, m, NULL, "wsm", "none", 0.5,
	                                  values, all, NULL),
	                 TDM_OK);
	w[0] = w[1] = 0.5;   /* bounded: 1.5e308, fine */
	assert_int_equal(tdm__scorer_run(&sc, w, scores, NULL), TDM_OK);
	w[0] = w[1] = 1;     /* 3e308: infinite */
	assert_int_equal(tdm__scorer_run(&sc, w, scores, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "'o7'"));
	tdm__scorer_free(&sc);
	tdm_model_free(m);
}

/* ------------------------------------------------------------------------
 * Acceptability: the first ranks only, and threads
 * --------------------------------------------------------------------- */

static void
test_fast_paths_acceptability_top_and_threads(void **state)
{
	static const char *const methods[] = {"wsm", "topsis", "vikor", NULL};
	rng r = {6};
	size_t round;

	(void)state;
	for (round = 0; round < 12; round++) {
		size_t n = 2 + below(&r, 60), k = 2 + below(&r, 5), top, i, q;
		tdm_model *m = random_model(&r, n, k, round % 3 == 0 ? 3 : 0);
		tdm_eval_config ec = {methods[round % 3], NULL, NULL};
		tdm_acceptability_config ac = {600, 1 + round, round % 4 ? 0 : 0.3};
		tdm_acceptability *full, *part, *threaded;
		tdm_result *res;
		assert_int_equal(tdm_evaluate(m, NULL, &ec, &res, NULL), TDM_OK);
		top = 1 + below(&r, 6);
		tdm_set_threads(1);
		assert_int_equal(tdm_acceptability_compute(m, NULL, res, &ac, &full,
		                                           NULL),
		                 TDM_OK);
		assert_int_equal(tdm_acceptability_compute_top(m, NULL, res, &ac, top,
		                                               &part, NULL),
		                 TDM_OK);
		tdm_set_threads(3);
		assert_int_equal(tdm_acceptability_compute_top(m, NULL, res, &ac, top,
		                                               &threaded, NULL),
		                 TDM_OK);
		tdm_set_threads(1);
		assert_int_equal(full->n_ranks, full->n);
		assert_int_equal(part->n_ranks, top < full->n ? top : full->n);
		for (i = 0; i < full->n; i++)
			for (q = 0; q < full->n; q++) {
				double want = q < part->n_ranks
				                  ? full->rank_share[i * full->n + q]
				                  : 0;
				assert_memory_equal(&part->rank_share[i * full->n + q], &want,
				                    sizeof want);
			}
		assert_memory_equal(part->central_weights, full->central_weights,
		                    full->n * full->m * sizeof *full->central_weights);
		assert_memory_equal(&part->confidence, &full->confidence,
		                    sizeof full->confidence);
		assert_memory_equal(threaded->rank_share, part->rank_share,
		                    full->n * full->n * sizeof *full->rank_share);
		assert_memory_equal(threaded->central_weights, part->central_weights,
		                    full->n * full->m * sizeof *full->central_weights);
		tdm_acceptability_free(full);
		tdm_acceptability_free(part);
		tdm_acceptability_free(threaded);
		tdm_result_free(res);
		tdm_model_free(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_paths_topk_equals_rank),
		cmocka_unit_test(test_fast_paths_correlations_equal_pairs),
		cmocka_unit_test(test_fast_paths_methods_equal_scalar),
		cmocka_unit_test(test_fast_paths_dominance_equals_pairs),
		cmocka_unit_test(test_fast_paths_scorer_changed_column),
		cmocka_unit_test(test_fast_paths_scorer_overflow_still_caught),
		cmocka_unit_test(test_fast_paths_acceptability_top_and_threads),
	};

	return cmocka_run_group_tests_name("fast_paths", tests, NULL, NULL);
}
