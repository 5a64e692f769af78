/*
 * Unit tests for the outranking and compromise methods: VIKOR
 * (method_vikor.c), PROMETHEE II (method_promethee2.c) and SPOTIS
 * (method_spotis.c). The methods are called through tdm__method_find on
 * hand-built dense problems, and through tdm_evaluate on models built in
 * C. Published worked examples are compared at the precision their source
 * prints (each test names its source); the rest are hand computations,
 * degenerate data and a naive O(n^2 m) cross-check of PROMETHEE II.
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
 * Allocation counting (PROMETHEE's memory check). Outside AddressSanitizer,
 * which owns malloc itself, the test binary interposes malloc, calloc and
 * realloc to count calls, forwarding to glibc's allocator.
 * --------------------------------------------------------------------- */

#if !defined(__SANITIZE_ADDRESS__) && defined(__GLIBC__)
#define COUNT_ALLOCS 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static size_t n_allocs;

void *
malloc(size_t size)
{
	n_allocs++;
	return __libc_malloc(size);
}

void *
calloc(size_t n, size_t size)
{
	n_allocs++;
	return __libc_calloc(n, size);
}

void *
realloc(void *p, size_t size)
{
	n_allocs++;
	return __libc_realloc(p, size);
}
#endif

/* ------------------------------------------------------------------------
 * Running a method on a dense problem
 * --------------------------------------------------------------------- */

#define MAXN 64
#define MAXM 16

typedef struct {
	tdm_status status;
	tdm_error err;
	double score[MAXN];
	double extra[TDM_MAX_EXTRA * MAXN];
	size_t compromise[MAXN];
	unsigned char from_data[MAXM];
	tdm_method_info info;
} outcome;

/* Criterion types as pymcdm writes them: 1 benefit, -1 cost. */
static void
set_types(tdm__crit *c, const int *types, size_t m)
{
	size_t j;

	for (j = 0; j < m; j++) {
		memset(&c[j], 0, sizeof c[j]);
		c[j].cost = types[j] < 0;
		c[j].pref = TDM_PREF_USUAL;
	}
}

/* Run `method` on rows (row-major n x m, as papers print them) with the
 * given weights normalised to sum 1, as the pipeline does. The workspace is
 * exactly workspace(n, m) doubles, filled with NaN so that reading it
 * before writing shows. */
static void
run(const char *method, size_t n, size_t m, const double *rows,
    const double *given_w, const tdm__crit *crit, double v, outcome *o)
{
	const tdm__method *me = tdm__method_find(method);
	double x[MAXN * MAXM], w[MAXM], sum = 0, *ws = NULL;
	size_t i, j, wsn, k;
	tdm__problem P;

	assert_non_null(me);
	assert_true(n <= MAXN && m <= MAXM);
	for (j = 0; j < m; j++)
		sum += given_w[j];
	for (j = 0; j < m; j++)
		w[j] = given_w[j] / sum;
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			x[j * n + i] = rows[i * m + j];
	memset(o, 0, sizeof *o);
	memset(o->from_data, 7, sizeof o->from_data);
	o->info.compromise = o->compromise;
	o->info.bounds_from_data = o->from_data;
	P.n = n;
	P.m = m;
	P.x = x;
	P.crit = crit;
	P.vikor_v = v;
	wsn = me->workspace ? me->workspace(n, m) : 0;
	if (wsn > 0) {
		ws = malloc(wsn * sizeof *ws);
		assert_non_null(ws);
		for (k = 0; k < wsn; k++)
			ws[k] = NAN;
	}
	o->status = me->fn(&P, NULL, w, ws, o->score, o->extra, &o->info,
	                   &o->err);
	free(ws);
	if (o->status != TDM_OK)
		return;
	for (i = 0; i < n; i++) {
		assert_true(isfinite(o->score[i]));
		for (k = 0; me->extra != NULL && me->extra[k] != NULL; k++)
			assert_true(isfinite(o->extra[k * n + i]));
	}
}

static void
assert_all_near(const double *got, const double *want, size_t n, double eps)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_near(got[i], want[i], eps);
}

/* ------------------------------------------------------------------------
 * Models for tdm_evaluate
 * --------------------------------------------------------------------- */

/* Options "A1".."An" over criteria "c1".."cm" from row-major values (NAN:
 * missing), weights and pymcdm types. */
static tdm_model *
model_of(size_t n, size_t m, const double *rows, const double *w,
         const int *types)
{
	tdm_model *md = tdm_model_new();
	int src = tdm_model_source(md, "t.lua");
	size_t i, j;
	char name[32];

	assert_non_null(md);
	for (j = 0; j < m; j++) {
		tdm_criterion *cr;
		snprintf(name, sizeof name, "c%zu", j + 1);
		assert_int_equal(tdm_model_add_criterion(md, name, src, (long)j + 1,
		                                         &cr, NULL),
		                 TDM_OK);
		cr->better = types[j] < 0 ? TDM_BETTER_LOWER : TDM_BETTER_HIGHER;
		cr->has_better = 1;
		cr->weight = w[j];
		cr->has_weight = 1;
		assert_true(tdm_model_attr(md, name, 1) == (long)j);
	}
	for (i = 0; i < n; i++) {
		size_t idx;
		snprintf(name, sizeof name, "A%zu", i + 1);
		assert_int_equal(tdm_model_add_option(md, name, src, (long)(100 + i),
		                                      &idx, NULL),
		                 TDM_OK);
		for (j = 0; j < m; j++) {
			tdm_value val = {TDM_VAL_NUMBER, (int)j + 2, {0}};
			if (isnan(rows[i * m + j]))
				continue;
			val.as.num = rows[i * m + j];
			assert_int_equal(tdm_model_set_value(md, idx, j, &val, NULL),
			                 TDM_OK);
		}
	}
	return md;
}

static tdm_result *
evaluate(const tdm_model *md, const char *method)
{
	tdm_eval_config cfg = {method, NULL, NULL};
	tdm_result *r = NULL;
	tdm_error err;

	tdm_error_clear(&err);
	if (tdm_evaluate(md, NULL, &cfg, &r, &err) != TDM_OK)
		fail_msg("tdm_evaluate: %s", err.message);
	return r;
}

/* ========================================================================
 * VIKOR
 * ===================================================================== */

/* Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A
 * comparative analysis of VIKOR and TOPSIS", EJOR 156(2), 445-455, the
 * numerical example (as in pymcdm tests/test_methods.py, TestVIKOR.
 * test_output_opricovic): Q = (1, 0, 1); A2 is the compromise solution and
 * both conditions hold. S and R follow from the definitions by hand. */
static const double ot2004_rows[] = {
	1, 3000,
	2, 3750,
	5, 4500,
};
static const double ot2004_w[] = {0.5, 0.5};
static const int ot2004_types[] = {-1, 1};

static void
test_outranking_vikor_opricovic_tzeng_2004(void **state)
{
	static const double S[] = {0.5, 0.375, 0.5}, R[] = {0.5, 0.25, 0.5};
	static const double Q[] = {1, 0, 1};
	tdm__crit crit[2];
	outcome o;

	(void)state;
	set_types(crit, ot2004_types, 2);
	run("vikor", 3, 2, ot2004_rows, ot2004_w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.extra, S, 3, 1e-15);
	assert_all_near(o.extra + 3, R, 3, 1e-15);
	assert_all_near(o.extra + 6, Q, 3, 1e-15);
	assert_all_near(o.score, Q, 3, 1e-15);
	assert_true(o.info.vikor_advantage);
	assert_true(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 1);
	assert_int_equal(o.compromise[0], 1);
	assert_near(o.info.vikor_v, 0.5, 0);
}

/* Yang & Wu (2020), "A new improvement method to avoid rank reversal in
 * VIKOR", IEEE Access 8, 21261-21271 (as in pymcdm tests/test_methods.py,
 * TestVIKOR.test_output_yang): Q to 4 decimals, v = 0.5. */
static void
test_outranking_vikor_yang_wu_2020(void **state)
{
	static const double rows[] = {
		78, 56, 34, 6,
		4, 45, 3, 97,
		18, 2, 50, 63,
		9, 14, 11, 92,
		85, 9, 100, 29,
	};
	static const double w[] = {0.25, 0.25, 0.25, 0.25};
	static const int types[] = {1, 1, 1, 1};
	static const double Q[] = {0.5679, 0.7667, 1, 0.7493, 0};
	tdm__crit crit[4];
	outcome o;

	(void)state;
	set_types(crit, types, 4);
	run("vikor", 5, 4, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, Q, 5, 0.5e-4);
	/* a1 = A5, a2 = A1: 0.5679 >= DQ = 0.25 */
	assert_true(o.info.vikor_advantage);
	assert_int_equal(o.compromise[0], 4);
}

/* Papathanasiou & Ploskas (2018), "VIKOR", in Multiple Criteria Decision
 * Aid, Springer, pp. 31-55, with v = 0.625 (as in pyrepo-mcda
 * tests/test_mcda_methods.py, Test_VIKOR): Q to 3 decimals. */
static const double pp2018_rows[] = {
	8, 7, 2, 1,
	5, 3, 7, 5,
	7, 5, 6, 4,
	9, 9, 7, 3,
	11, 10, 3, 7,
	6, 9, 5, 4,
};
static const double pp2018_w[] = {0.4, 0.3, 0.1, 0.2};
static const int pp2018_types[] = {1, 1, 1, 1};

static void
test_outranking_vikor_papathanasiou_ploskas_2018(void **state)
{
	static const double Q[] = {0.640, 1.000, 0.693, 0.271, 0.000, 0.694};
	tdm__crit crit[4];
	outcome o;

	(void)state;
	set_types(crit, pp2018_types, 4);
	run("vikor", 6, 4, pp2018_rows, pp2018_w, crit, 0.625, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, Q, 6, 0.5e-3);
	assert_near(o.info.vikor_v, 0.625, 0);
	/* a1 = A5 (0), a2 = A4 (0.271 >= DQ = 0.2), A5 best by S too */
	assert_true(o.info.vikor_advantage);
	assert_true(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 1);
	assert_int_equal(o.compromise[0], 4);
}

/* C1 fails: one benefit criterion, so Q = (10 - x) / 10 = (0.2, 1, 0,
 * 0.5, 0.1). a1 = row 2, a2 = row 4 and 0.1 < DQ = 0.25: the compromise
 * set is every option with Q - Q(a1) < DQ, in Q order: rows 2, 4, 0. */
static void
test_outranking_vikor_compromise_set_when_advantage_fails(void **state)
{
	static const double rows[] = {8, 0, 10, 5, 9};
	static const double w[] = {1};
	static const int types[] = {1};
	static const double Q[] = {0.2, 1, 0, 0.5, 0.1};
	tdm__crit crit[1];
	outcome o;

	(void)state;
	set_types(crit, types, 1);
	run("vikor", 5, 1, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, Q, 5, 1e-15);
	assert_false(o.info.vikor_advantage);
	assert_true(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 3);
	assert_int_equal(o.compromise[0], 2);
	assert_int_equal(o.compromise[1], 4);
	assert_int_equal(o.compromise[2], 0);
}

/* C2 fails alone. By hand: S = (0.52857, 0.43333, 0.55238, 0.58571,
 * 0.45), R = (0.3, 0.4, 0.28571, 0.3, 0.3), Q = (0.375, 0.5, 0.390625,
 * 0.5625, 0.1171875). a1 = row 4, a2 = row 0: 0.2578 >= DQ = 0.25, but
 * the best S is row 1 and the best R row 2, so the set is {a1, a2}. */
static void
test_outranking_vikor_compromise_pair_when_stability_fails(void **state)
{
	static const double rows[] = {
		4, 8, 0,
		1, 8, 8,
		3, 8, 1,
		3, 6, 9,
		8, 7, 0,
	};
	static const double w[] = {0.4, 0.3, 0.3};
	static const int types[] = {1, 1, 1};
	static const double Q[] = {0.375, 0.5, 0.390625, 0.5625, 0.1171875};
	tdm__crit crit[3];
	outcome o;

	(void)state;
	set_types(crit, types, 3);
	run("vikor", 5, 3, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, Q, 5, 1e-12);
	/* S(row 1) = 0.4 * 7/7 + 0.3 * 0 + 0.3 * 1/9 = 13/30, the best S */
	assert_near(o.extra[1], 13.0 / 30, 1e-15);
	assert_true(o.info.vikor_advantage);
	assert_false(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 2);
	assert_int_equal(o.compromise[0], 4);
	assert_int_equal(o.compromise[1], 0);
}

/* A constant column adds 0 to every S and cannot be R: the result is the
 * same as without it (the other weights unchanged). */
static void
test_outranking_vikor_constant_column_adds_nothing(void **state)
{
	static const double with[] = {
		1, 7, 3000,
		2, 7, 3750,
		5, 7, 4500,
	};
	static const double w3[] = {0.25, 0.5, 0.25}, w2[] = {0.25, 0.25};
	static const int t3[] = {-1, 1, 1};
	tdm__crit c3[3], c2[2];
	outcome a, b;

	(void)state;
	set_types(c3, t3, 3);
	set_types(c2, ot2004_types, 2);
	run("vikor", 3, 3, with, w3, c3, 0.5, &a);
	run("vikor", 3, 2, ot2004_rows, w2, c2, 0.5, &b);
	assert_int_equal(a.status, TDM_OK);
	/* S and R are halved by the weights summing to 1 with the constant
	 * column; Q is a ratio and does not change */
	assert_all_near(a.extra, (const double[]){0.25, 0.1875, 0.25}, 3, 1e-15);
	assert_all_near(a.score, b.score, 3, 1e-15);
	assert_int_equal(a.info.n_compromise, b.info.n_compromise);
	assert_int_equal(a.compromise[0], b.compromise[0]);
}

/* All S equal: the S part of Q is 0 (no 0/0), Q ranks by R alone. Here
 * S = 0.5 for all three; R = (0.5, 0.5, 0.25) so Q = (0.5, 0.5, 0). */
static void
test_outranking_vikor_all_s_equal(void **state)
{
	static const double rows[] = {
		1, 0,
		0, 1,
		0.5, 0.5,
	};
	static const double w[] = {0.5, 0.5};
	static const int types[] = {1, 1};
	tdm__crit crit[2];
	outcome o;

	(void)state;
	set_types(crit, types, 2);
	run("vikor", 3, 2, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.extra, (const double[]){0.5, 0.5, 0.5}, 3, 1e-15);
	assert_all_near(o.score, (const double[]){0.5, 0.5, 0}, 3, 1e-15);
	assert_true(o.info.vikor_advantage); /* 0.5 >= DQ = 0.5 */
	assert_true(o.info.vikor_stability); /* best by S (all tie) and R */
	assert_int_equal(o.info.n_compromise, 1);
	assert_int_equal(o.compromise[0], 2);
}

/* One option: Q = 0, DQ is undefined and C1 holds by definition. */
static void
test_outranking_vikor_one_option(void **state)
{
	static const double rows[] = {3, 4};
	static const double w[] = {1, 1};
	static const int types[] = {1, -1};
	tdm__crit crit[2];
	outcome o;

	(void)state;
	set_types(crit, types, 2);
	run("vikor", 1, 2, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_near(o.score[0], 0, 0);
	assert_near(o.extra[0], 0, 0);
	assert_near(o.extra[1], 0, 0);
	assert_true(o.info.vikor_advantage);
	assert_true(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 1);
	assert_int_equal(o.compromise[0], 0);
}

/* Identical options: all Q = 0, C1 fails (no advantage) and every option
 * is in the compromise set, in model order. */
static void
test_outranking_vikor_identical_options(void **state)
{
	static const double rows[] = {2, 5, 2, 5, 2, 5, 2, 5};
	static const double w[] = {1, 1};
	static const int types[] = {1, -1};
	tdm__crit crit[2];
	outcome o;
	size_t i;

	(void)state;
	set_types(crit, types, 2);
	run("vikor", 4, 2, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	for (i = 0; i < 4; i++)
		assert_near(o.score[i], 0, 0);
	assert_false(o.info.vikor_advantage);
	assert_true(o.info.vikor_stability);
	assert_int_equal(o.info.n_compromise, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(o.compromise[i], i);
}

static void
test_outranking_vikor_v_outside_0_1_is_an_error(void **state)
{
	tdm__crit crit[2];
	outcome o;

	(void)state;
	set_types(crit, ot2004_types, 2);
	run("vikor", 3, 2, ot2004_rows, ot2004_w, crit, 1.5, &o);
	assert_int_equal(o.status, TDM_DATA);
	assert_non_null(strstr(o.err.message, "v must be"));
	run("vikor", 3, 2, ot2004_rows, ot2004_w, crit, NAN, &o);
	assert_int_equal(o.status, TDM_DATA);
}

/* Through the pipeline: an option with a missing value is not ranked, so
 * the dense rows are options 1..3 and the compromise row 1 must come back
 * as option 2. Ranks are ascending in Q, ties sharing the best rank. */
static void
test_outranking_vikor_through_evaluate(void **state)
{
	static const double rows[] = {
		NAN, 3000,
		1, 3000,
		2, 3750,
		5, 4500,
	};
	tdm_model *md = model_of(4, 2, rows, ot2004_w, ot2004_types);
	tdm_result *r;

	(void)state;
	r = evaluate(md, "vikor");
	assert_string_equal(r->method, "vikor");
	assert_int_equal(r->direction, TDM_DIR_LOWER);
	assert_string_equal(r->normalization, "own");
	assert_int_equal(r->n_extra, 3);
	assert_string_equal(r->extra_names[0], "S");
	assert_string_equal(r->extra_names[1], "R");
	assert_string_equal(r->extra_names[2], "Q");
	assert_int_equal(r->options[0].rank, 0);
	assert_int_equal(r->options[1].rank, 2);
	assert_int_equal(r->options[2].rank, 1);
	assert_int_equal(r->options[3].rank, 2);
	assert_near(r->options[2].score, 0, 1e-15);
	assert_near(r->options[2].extra[0], 0.375, 1e-15);
	assert_near(r->options[2].extra[1], 0.25, 1e-15);
	assert_near(r->options[2].extra[2], 0, 1e-15);
	assert_near(r->options[3].extra[2], 1, 1e-15);
	assert_int_equal(r->info.n_compromise, 1);
	assert_int_equal(r->info.compromise[0], 2);
	assert_true(r->info.vikor_advantage);
	assert_true(r->info.vikor_stability);
	assert_near(r->info.vikor_v, 0.5, 0);
	tdm_result_free(r);

	/* v from the model (Papathanasiou & Ploskas 2018, v = 0.625) */
	tdm_model_free(md);
	md = model_of(6, 4, pp2018_rows, pp2018_w, pp2018_types);
	md->has_vikor_v = 1;
	md->vikor_v = 0.625;
	r = evaluate(md, "vikor");
	assert_near(r->info.vikor_v, 0.625, 0);
	assert_near(r->options[0].score, 0.640, 0.5e-3);
	assert_int_equal(r->options[4].rank, 1);
	assert_int_equal(r->options[3].rank, 2);
	assert_int_equal(r->options[1].rank, 6);
	assert_int_equal(r->info.compromise[0], 4);
	tdm_result_free(r);
	tdm_model_free(md);
}

/* ========================================================================
 * PROMETHEE II
 * ===================================================================== */

static void
set_pref(tdm__crit *c, tdm_pref pref, double q, double p, double s)
{
	c->pref = pref;
	c->q = q;
	c->p = p;
	c->s = s;
}

/* The preference of a over b for an advantage d, read from a two-option
 * problem (x_a = d, x_b = 0): with n - 1 = 1 the flows are the
 * preferences themselves, phi+(a) = P(d) and phi-(a) = P(-d). */
static double
pref_at(tdm_pref pref, double q, double p, double s, int cost, double d)
{
	double rows[2];
	static const double w[] = {1};
	tdm__crit crit;
	outcome o;

	memset(&crit, 0, sizeof crit);
	crit.cost = cost;
	set_pref(&crit, pref, q, p, s);
	rows[0] = d;
	rows[1] = 0;
	run("promethee2", 2, 1, rows, w, &crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	/* the other side: b's preference over a, and the net flow */
	assert_near(o.extra[1], o.extra[2], 0);       /* phi+(b) == phi-(a) */
	assert_near(o.extra[2 * 2], o.extra[0] - o.extra[2], 0);
	return o.extra[0];
}

static void
test_outranking_promethee_preference_shapes(void **state)
{
	(void)state;
	/* usual: any advantage is a full preference */
	assert_near(pref_at(TDM_PREF_USUAL, 0, 0, 0, 0, -1), 0, 0);
	assert_near(pref_at(TDM_PREF_USUAL, 0, 0, 0, 0, 0), 0, 0);
	assert_near(pref_at(TDM_PREF_USUAL, 0, 0, 0, 0, 1e-9), 1, 0);
	assert_near(pref_at(TDM_PREF_USUAL, 0, 0, 0, 0, 5), 1, 0);
	/* ushape (q = 2): indifferent up to q, then full */
	assert_near(pref_at(TDM_PREF_USHAPE, 2, 0, 0, 0, 1), 0, 0);
	assert_near(pref_at(TDM_PREF_USHAPE, 2, 0, 0, 0, 2), 0, 0);
	assert_near(pref_at(TDM_PREF_USHAPE, 2, 0, 0, 0, 2.001), 1, 0);
	assert_near(pref_at(TDM_PREF_USHAPE, 2, 0, 0, 0, 50), 1, 0);
	/* vshape (p = 4): d / p up to p */
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 0, 0), 0, 0);
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 0, 1), 0.25, 1e-15);
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 0, 3), 0.75, 1e-15);
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 0, 4), 1, 0);
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 0, 9), 1, 0);
	/* level (q = 1, p = 3): 0, a half, then full */
	assert_near(pref_at(TDM_PREF_LEVEL, 1, 3, 0, 0, 1), 0, 0);
	assert_near(pref_at(TDM_PREF_LEVEL, 1, 3, 0, 0, 2), 0.5, 0);
	assert_near(pref_at(TDM_PREF_LEVEL, 1, 3, 0, 0, 3), 0.5, 0);
	assert_near(pref_at(TDM_PREF_LEVEL, 1, 3, 0, 0, 3.5), 1, 0);
	/* linear (q = 1, p = 3): (d - q) / (p - q) between */
	assert_near(pref_at(TDM_PREF_LINEAR, 1, 3, 0, 0, 1), 0, 0);
	assert_near(pref_at(TDM_PREF_LINEAR, 1, 3, 0, 0, 2), 0.5, 1e-15);
	assert_near(pref_at(TDM_PREF_LINEAR, 1, 3, 0, 0, 2.5), 0.75, 1e-15);
	assert_near(pref_at(TDM_PREF_LINEAR, 1, 3, 0, 0, 3), 1, 1e-15);
	assert_near(pref_at(TDM_PREF_LINEAR, 1, 3, 0, 0, 7), 1, 0);
	/* linear with q == p is a step at q */
	assert_near(pref_at(TDM_PREF_LINEAR, 2, 2, 0, 0, 2), 0, 0);
	assert_near(pref_at(TDM_PREF_LINEAR, 2, 2, 0, 0, 2.5), 1, 0);
	/* gaussian (s = 2): 1 - exp(-d^2 / (2 s^2)) */
	assert_near(pref_at(TDM_PREF_GAUSSIAN, 0, 0, 2, 0, 0), 0, 0);
	assert_near(pref_at(TDM_PREF_GAUSSIAN, 0, 0, 2, 0, 2), 1 - exp(-0.5),
	            1e-15);
	assert_near(pref_at(TDM_PREF_GAUSSIAN, 0, 0, 2, 0, 4), 1 - exp(-2),
	            1e-15);
	assert_near(pref_at(TDM_PREF_GAUSSIAN, 0, 0, 2, 0, 17.9), 1, 1e-15);
	assert_near(pref_at(TDM_PREF_GAUSSIAN, 0, 0, 2, 0, 18), 1, 0);
	/* a cost criterion: the lower value has the advantage */
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 1, -1), 0.25, 1e-15);
	assert_near(pref_at(TDM_PREF_VSHAPE, 0, 4, 0, 1, 1), 0, 0);
}

/* The whole error: TDM_DATA, no source or line (the method does not know
 * the file), column = the criterion's number, and the message. */
static void
expect_threshold_error(tdm_pref pref, double q, double p, double s,
                       const char *text)
{
	static const double rows[] = {1, 2, 3, 4, 5, 6};
	static const double w[] = {1, 1};
	tdm__crit crit[2];
	outcome o;

	memset(crit, 0, sizeof crit);
	set_pref(&crit[1], pref, q, p, s);
	run("promethee2", 3, 2, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_DATA);
	assert_int_equal(o.err.code, TDM_DATA);
	assert_int_equal(o.err.line, 0);
	assert_int_equal(o.err.column, 2);
	assert_string_equal(o.err.source, "");
	assert_string_equal(o.err.message, text);
}

static void
test_outranking_promethee_threshold_errors(void **state)
{
	(void)state;
	expect_threshold_error(TDM_PREF_USHAPE, -1, 0, 0,
	                       "criterion 2: preference \"ushape\" needs a "
	                       "finite q >= 0, got q = -1");
	expect_threshold_error(TDM_PREF_USHAPE, NAN, 0, 0,
	                       "criterion 2: preference \"ushape\" needs a "
	                       "finite q >= 0, got q = nan");
	expect_threshold_error(TDM_PREF_VSHAPE, 0, 0, 0,
	                       "criterion 2: preference \"vshape\" needs a "
	                       "finite p > 0, got p = 0");
	expect_threshold_error(TDM_PREF_VSHAPE, 0, INFINITY, 0,
	                       "criterion 2: preference \"vshape\" needs a "
	                       "finite p > 0, got p = inf");
	expect_threshold_error(TDM_PREF_LEVEL, 3, 2, 0,
	                       "criterion 2: preference \"level\" needs q <= "
	                       "p, got q = 3, p = 2");
	expect_threshold_error(TDM_PREF_LEVEL, 1, -2, 0,
	                       "criterion 2: preference \"level\" needs finite "
	                       "q >= 0 and p >= 0, got q = 1, p = -2");
	expect_threshold_error(TDM_PREF_LINEAR, 0, 0, 0,
	                       "criterion 2: preference \"linear\" needs p > "
	                       "0, got p = 0");
	expect_threshold_error(TDM_PREF_LINEAR, 2, 1.5, 0,
	                       "criterion 2: preference \"linear\" needs q <= "
	                       "p, got q = 2, p = 1.5");
	expect_threshold_error(TDM_PREF_LINEAR, INFINITY, 1, 0,
	                       "criterion 2: preference \"linear\" needs "
	                       "finite q >= 0 and p >= 0, got q = inf, p = 1");
	expect_threshold_error(TDM_PREF_GAUSSIAN, 0, 0, 0,
	                       "criterion 2: preference \"gaussian\" needs a "
	                       "finite s > 0, got s = 0");
	expect_threshold_error(TDM_PREF_GAUSSIAN, 0, 0, -1,
	                       "criterion 2: preference \"gaussian\" needs a "
	                       "finite s > 0, got s = -1");
	expect_threshold_error(TDM_PREF_GAUSSIAN, 0, 0, NAN,
	                       "criterion 2: preference \"gaussian\" needs a "
	                       "finite s > 0, got s = nan");
	expect_threshold_error((tdm_pref)42, 0, 0, 0,
	                       "criterion 2: unknown preference function (42)");
}

/* Zhao, Peng & Li (2013), "Revised PROMETHEE II for improving efficiency
 * in emergency response", Procedia Computer Science 17, 181-188 (as in
 * pymcdm tests/test_methods.py, TestPROMETHEE_II): usual preference, net
 * flows (0.1, -0.3, 0.2) printed to 2 decimals; the flows are exact
 * fractions (phi+ = (1.1, 0.7, 1.2) / 2, phi- = (0.9, 1.3, 0.8) / 2). */
static void
test_outranking_promethee_zhao_peng_li_2013(void **state)
{
	static const double rows[] = {
		4, 3, 2,
		3, 2, 4,
		5, 1, 3,
	};
	static const double w[] = {0.5, 0.3, 0.2};
	static const int types[] = {1, 1, 1};
	tdm__crit crit[3];
	outcome o;

	(void)state;
	set_types(crit, types, 3);
	run("promethee2", 3, 3, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, (const double[]){0.1, -0.3, 0.2}, 3, 1e-15);
	assert_all_near(o.extra, (const double[]){0.55, 0.35, 0.6}, 3, 1e-15);
	assert_all_near(o.extra + 3, (const double[]){0.45, 0.65, 0.4}, 3,
	                1e-15);
	assert_all_near(o.extra + 6, o.score, 3, 0);
}

/* Papathanasiou & Ploskas (2018), "PROMETHEE", in Multiple Criteria
 * Decision Aid, Springer, pp. 57-89 (as in pyrepo-mcda
 * tests/test_mcda_methods_2.py, Test_PROMETHEE_II): linear preference
 * (Brans' V-shape with indifference), q = 1, p = 2 on every criterion; net
 * flows to 2 decimals. */
static void
test_outranking_promethee_papathanasiou_ploskas_2018(void **state)
{
	static const double phi[] = {-0.26, -0.52, -0.22, 0.36, 0.7, -0.06};
	tdm__crit crit[4];
	outcome o;
	size_t j;

	(void)state;
	set_types(crit, pp2018_types, 4);
	for (j = 0; j < 4; j++)
		set_pref(&crit[j], TDM_PREF_LINEAR, 1, 2, 0);
	run("promethee2", 6, 4, pp2018_rows, pp2018_w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, phi, 6, 0.5e-2);
}

/* Ziemba (2019), "Towards strong sustainability management - A
 * generalized PROSA method", Sustainability 11(6), 1555 (as in
 * pyrepo-mcda tests/test_mcda_methods_2.py, Test_PROMETHEE_II_2): linear
 * preference with per-criterion q and p, 5 cost criteria, weights
 * normalised to sum 1; net flows to 4 decimals. The paper lists
 * criteria as rows, which is exactly the column-major layout. */
static void
test_outranking_promethee_ziemba_2019(void **state)
{
	static const double cols[12][9] = {
		{38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486},
		{33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958},
		{0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99},
		{3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653},
		{11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86},
		{-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9},
		{203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264},
		{0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9},
		{0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2},
		{1, 1, 1, 3.5, 4, 4, 4, 4, 4},
		{21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1},
		{0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4},
	};
	static const double w[] = {0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75,
	                           1, 1, 0.4, 0.20, 0.40, 1};
	static const int types[] = {-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1};
	static const double p[] = {2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2,
	                           23, 3};
	static const double q[] = {420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6,
	                           1};
	static const double phi[] = {-0.4143, -0.5056, -0.2317, -0.2892, 0.3313,
	                             0.0619, 0.4296, 0.1626, 0.4554};
	double rows[9 * 12];
	tdm__crit crit[12];
	outcome o;
	size_t i, j;

	(void)state;
	for (i = 0; i < 9; i++)
		for (j = 0; j < 12; j++)
			rows[i * 12 + j] = cols[j][i];
	set_types(crit, types, 12);
	for (j = 0; j < 12; j++)
		set_pref(&crit[j], TDM_PREF_LINEAR, q[j], p[j], 0);
	run("promethee2", 9, 12, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, phi, 9, 0.5e-4);
}

/* Ziemba, Watrobski, Ziolo & Karczmarczyk (2017), "Using the PROSA method
 * in offshore wind farm location problems", Energies 10(11), 1755 (as in
 * pyrepo-mcda tests/test_mcda_methods_2.py, Test_PROMETHEE_II_3): vshape
 * preference with per-criterion p; net flows to 4 decimals. */
static void
test_outranking_promethee_ziemba_et_al_2017(void **state)
{
	static const double cols[12][4] = {
		{16347, 14219, 8160, 8160},
		{9, 8.5, 9, 8.5},
		{73.8, 55, 64.8, 62.5},
		{36.7, 36, 28.5, 29.5},
		{1.5, 2, 2, 1.5},
		{3730, 3240, 1860, 1860},
		{2, 1, 2, 1},
		{1, 1, 2, 3},
		{38.8, 33.1, 45.8, 27.3},
		{4, 2, 4, 3},
		{1720524, 1496512, 858830, 858830},
		{40012, 34803, 19973, 19973},
	};
	static const double w[] = {20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5,
	                           16.67, 8.33, 8.33};
	static const int types[] = {-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1};
	static const double p[] = {7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3,
	                           766240, 17820};
	static const double phi[] = {-0.0445, 0.1884, -0.0954, -0.0485};
	double rows[4 * 12];
	tdm__crit crit[12];
	outcome o;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 12; j++)
			rows[i * 12 + j] = cols[j][i];
	set_types(crit, types, 12);
	for (j = 0; j < 12; j++)
		set_pref(&crit[j], TDM_PREF_VSHAPE, 0, p[j], 0);
	run("promethee2", 4, 12, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, phi, 4, 0.5e-4);
}

/* Brans, Vincke & Mareschal (1986), "How to select and how to rank
 * projects: The PROMETHEE method", EJOR 24(2), 228-238: six options, six
 * criteria, one of each preference function, equal weights. The paper
 * prints the preference indices pi(a, b) to 3 decimals (copied here from
 * their transcription in WAndraszyk/Construct-your-own-PROMETHEE-with-
 * Python-for-MCDA, test_preference); the flows are that table's row and
 * column sums over n - 1 = 5. Its entries carry intermediate rounding of
 * up to 0.001, so the flows are compared at 1e-3. */
static const double bvm1986_rows[] = {
	80, 90, 6, 5.4, 8, 5,
	65, 58, 2, 9.7, 1, 1,
	83, 60, 4, 7.2, 4, 7,
	40, 80, 10, 7.5, 7, 10,
	52, 72, 6, 2.0, 3, 8,
	94, 96, 7, 3.6, 5, 6,
};
static const double bvm1986_w[] = {1, 1, 1, 1, 1, 1};
static const int bvm1986_types[] = {-1, 1, -1, -1, -1, 1};
static const double bvm1986_pi[6][6] = {
	{0.000, 0.296, 0.250, 0.268, 0.100, 0.185},
	{0.462, 0.000, 0.389, 0.333, 0.296, 0.500},
	{0.236, 0.180, 0.000, 0.333, 0.056, 0.429},
	{0.399, 0.505, 0.305, 0.000, 0.223, 0.212},
	{0.444, 0.515, 0.487, 0.380, 0.000, 0.448},
	{0.286, 0.399, 0.250, 0.432, 0.133, 0.000},
};

static void
bvm1986_crit(tdm__crit *crit)
{
	set_types(crit, bvm1986_types, 6);
	set_pref(&crit[0], TDM_PREF_USHAPE, 10, 0, 0);
	set_pref(&crit[1], TDM_PREF_VSHAPE, 0, 30, 0);
	set_pref(&crit[2], TDM_PREF_LINEAR, 0.5, 5, 0);
	set_pref(&crit[3], TDM_PREF_LEVEL, 1, 6, 0);
	set_pref(&crit[4], TDM_PREF_USUAL, 0, 0, 0);
	set_pref(&crit[5], TDM_PREF_GAUSSIAN, 0, 0, 5);
}

static void
bvm1986_flows(double *plus, double *minus)
{
	size_t a, b;

	for (a = 0; a < 6; a++) {
		plus[a] = minus[a] = 0;
		for (b = 0; b < 6; b++) {
			plus[a] += bvm1986_pi[a][b] / 5;
			minus[a] += bvm1986_pi[b][a] / 5;
		}
	}
}

static void
test_outranking_promethee_brans_vincke_mareschal_1986(void **state)
{
	double plus[6], minus[6];
	tdm__crit crit[6];
	outcome o;
	size_t a;

	(void)state;
	bvm1986_crit(crit);
	bvm1986_flows(plus, minus);
	run("promethee2", 6, 6, bvm1986_rows, bvm1986_w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.extra, plus, 6, 1e-3);
	assert_all_near(o.extra + 6, minus, 6, 1e-3);
	for (a = 0; a < 6; a++)
		assert_near(o.score[a], plus[a] - minus[a], 1e-3);
}

/* An O(n^2 m) reference straight from the definition. */
static double
naive_pref(const tdm__crit *c, double d)
{
	if (d <= 0)
		return 0;
	switch (c->pref) {
	case TDM_PREF_USUAL:
		return 1;
	case TDM_PREF_USHAPE:
		return d > c->q;
	case TDM_PREF_VSHAPE:
		return d > c->p ? 1 : d / c->p;
	case TDM_PREF_LEVEL:
		return d > c->p ? 1 : d > c->q ? 0.5 : 0;
	case TDM_PREF_LINEAR:
		return d > c->p ? 1 : d > c->q ? (d - c->q) / (c->p - c->q) : 0;
	case TDM_PREF_GAUSSIAN:
		return 1 - exp(-d * d / (2 * c->s * c->s));
	}
	return NAN;
}

/* phi+(a) and phi-(a) by the definition, for one option. */
static void
naive_flows(const double *x, size_t n, size_t m, const tdm__crit *crit,
            const double *w, size_t a, double *plus, double *minus)
{
	size_t b, j;

	*plus = *minus = 0;
	for (b = 0; b < n; b++)
		for (j = 0; j < m; j++) {
			double d = x[j * n + a] - x[j * n + b];
			if (crit[j].cost)
				d = -d;
			*plus += w[j] * naive_pref(&crit[j], d);
			*minus += w[j] * naive_pref(&crit[j], -d);
		}
	*plus /= (double)(n - 1);
	*minus /= (double)(n - 1);
}

/* A small deterministic generator (Knuth's MMIX LCG), so the random
 * problems are the same on every run. */
static uint64_t
lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* Random problems, with ties (values on a coarse grid), every preference
 * function and both directions, against the definition. */
static void
test_outranking_promethee_matches_the_definition(void **state)
{
	uint64_t seed = 42;
	int trial;

	(void)state;
	for (trial = 0; trial < 300; trial++) {
		size_t n = 2 + lcg(&seed) % 30, m = 1 + lcg(&seed) % 6, i, j;
		double rows[MAXN * MAXM], x[MAXN * MAXM], w[MAXM], wn[MAXM];
		double sum = 0;
		tdm__crit crit[MAXM];
		outcome o;

		for (j = 0; j < m; j++) {
			double q = 0.5 * (double)(lcg(&seed) % 4);
			double p = q + 0.5 * (double)(lcg(&seed) % 4);
			memset(&crit[j], 0, sizeof crit[j]);
			crit[j].cost = (int)(lcg(&seed) % 2);
			set_pref(&crit[j], (tdm_pref)(lcg(&seed) % 6), q,
			         p > 0 ? p : 1, 0.25 + 0.5 * (double)(lcg(&seed) % 5));
			w[j] = 1 + (double)(lcg(&seed) % 3);
			sum += w[j];
		}
		for (j = 0; j < m; j++)
			wn[j] = w[j] / sum;
		for (i = 0; i < n; i++)
			for (j = 0; j < m; j++) {
				rows[i * m + j] = trial % 2 ? (double)(lcg(&seed) % 7)
				                            : (double)(lcg(&seed) % 1000) /
				                                  97.0;
				x[j * n + i] = rows[i * m + j];
			}
		run("promethee2", n, m, rows, w, crit, 0.5, &o);
		assert_int_equal(o.status, TDM_OK);
		for (i = 0; i < n; i++) {
			double fp, fm;
			naive_flows(x, n, m, crit, wn, i, &fp, &fm);
			assert_near(o.extra[i], fp, 1e-12);
			assert_near(o.extra[n + i], fm, 1e-12);
			assert_near(o.score[i], fp - fm, 1e-12);
		}
	}
}

/* One option: all flows 0. Identical options: all flows 0. A constant
 * column: adds nothing to any flow. */
static void
test_outranking_promethee_degenerate_data(void **state)
{
	static const double one[] = {3, 4};
	static const double same[] = {1, 2, 1, 2, 1, 2};
	static const double with[] = {
		4, 9, 3, 2,
		3, 9, 2, 4,
		5, 9, 1, 3,
	};
	static const double without[] = {
		4, 3, 2,
		3, 2, 4,
		5, 1, 3,
	};
	static const double w2[] = {1, 1}, w4[] = {0.5, 0.25, 0.3, 0.2};
	static const double w3[] = {0.5, 0.3, 0.2};
	static const int t2[] = {1, -1}, t4[] = {1, 1, 1, 1}, t3[] = {1, 1, 1};
	tdm__crit c2[2], c4[4], c3[3];
	outcome o, ref;
	size_t i;

	(void)state;
	set_types(c2, t2, 2);
	set_pref(&c2[1], TDM_PREF_GAUSSIAN, 0, 0, 1);
	run("promethee2", 1, 2, one, w2, c2, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_near(o.score[0], 0, 0);
	assert_near(o.extra[0], 0, 0);
	assert_near(o.extra[1], 0, 0);

	run("promethee2", 3, 2, same, w2, c2, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	for (i = 0; i < 3; i++) {
		assert_near(o.score[i], 0, 0);
		assert_near(o.extra[i], 0, 0);
		assert_near(o.extra[3 + i], 0, 0);
	}

	/* the Zhao et al. data with a constant column inserted: the weights
	 * of the others are 0.5 : 0.3 : 0.2 of 0.75 in both runs' sums */
	set_types(c4, t4, 4);
	set_pref(&c4[1], TDM_PREF_LINEAR, 0, 1, 0);
	set_types(c3, t3, 3);
	run("promethee2", 3, 4, with, w4, c4, 0.5, &o);
	run("promethee2", 3, 3, without, w3, c3, 0.5, &ref);
	assert_int_equal(o.status, TDM_OK);
	for (i = 0; i < 3; i++)
		assert_near(o.score[i], ref.score[i] * (1.0 / 1.25), 1e-15);
}

/* Memory by construction: the method's whole memory is the caller's
 * workspace, 5n doubles whatever m is (no n x n matrix: 20,000 options
 * take 800 kB); it allocates nothing (counted where malloc can be
 * interposed; under AddressSanitizer the exact-size workspace catches any
 * overrun instead). 20,000 options x 8 criteria run here, and a sample of
 * options is checked against the definition. */
static void
test_outranking_promethee_memory_is_linear(void **state)
{
	const size_t n = 20000, m = 8;
	const tdm__method *me = tdm__method_find("promethee2");
	double *x, *ws, *score, *extra, w[8];
	tdm__crit crit[8];
	tdm__problem P;
	tdm_method_info info;
	uint64_t seed = 7;
	size_t i, j, wsn;
#ifdef COUNT_ALLOCS
	size_t before;
#endif

	(void)state;
	assert_non_null(me);
	wsn = me->workspace(n, m);
	assert_int_equal(wsn, 5 * n);
	assert_int_equal(me->workspace(n, 1), wsn);
	assert_int_equal(me->workspace(2 * n, m), 2 * wsn);
	assert_true(wsn * sizeof(double) < 1024 * 1024);

	x = malloc(n * m * sizeof *x);
	ws = malloc(wsn * sizeof *ws);
	score = malloc(n * sizeof *score);
	extra = malloc(TDM_MAX_EXTRA * n * sizeof *extra);
	assert_true(x && ws && score && extra);
	for (i = 0; i < n * m; i++)
		x[i] = (double)(lcg(&seed) % 100000) / 100.0; /* 0 .. 1000 */
	memset(crit, 0, sizeof crit);
	for (j = 0; j < m; j++) {
		w[j] = 1.0 / (double)m;
		crit[j].cost = (int)(j % 2);
	}
	set_pref(&crit[0], TDM_PREF_USUAL, 0, 0, 0);
	set_pref(&crit[1], TDM_PREF_USHAPE, 3, 0, 0);
	set_pref(&crit[2], TDM_PREF_LEVEL, 2, 8, 0);
	set_pref(&crit[3], TDM_PREF_VSHAPE, 0, 4, 0);
	set_pref(&crit[4], TDM_PREF_LINEAR, 1, 5, 0);
	set_pref(&crit[5], TDM_PREF_GAUSSIAN, 0, 0, 0.5);
	set_pref(&crit[6], TDM_PREF_USUAL, 0, 0, 0);
	set_pref(&crit[7], TDM_PREF_LINEAR, 0, 2, 0);
	P.n = n;
	P.m = m;
	P.x = x;
	P.crit = crit;
	P.vikor_v = 0.5;
	memset(&info, 0, sizeof info);
#ifdef COUNT_ALLOCS
	before = n_allocs;
	free(malloc(16)); /* the counter is live */
	assert_int_equal(n_allocs, before + 1);
	before = n_allocs;
#endif
	assert_int_equal(me->fn(&P, NULL, w, ws, score, extra, &info, NULL),
	                 TDM_OK);
#ifdef COUNT_ALLOCS
	assert_int_equal(n_allocs, before);
#endif
	for (i = 0; i < n; i += 1999) {
		double fp, fm;
		naive_flows(x, n, m, crit, w, i, &fp, &fm);
		assert_near(extra[i], fp, 1e-12);
		assert_near(extra[n + i], fm, 1e-12);
		assert_near(score[i], fp - fm, 1e-12);
	}
	free(x);
	free(ws);
	free(score);
	free(extra);
}

/* Through the pipeline, the Brans, Vincke & Mareschal (1986) example with
 * each criterion's preference function set on the model. */
static void
test_outranking_promethee_through_evaluate(void **state)
{
	static const tdm_pref prefs[] = {TDM_PREF_USHAPE, TDM_PREF_VSHAPE,
	                                 TDM_PREF_LINEAR, TDM_PREF_LEVEL,
	                                 TDM_PREF_USUAL, TDM_PREF_GAUSSIAN};
	static const double q[] = {10, 0, 0.5, 1, 0, 0};
	static const double p[] = {0, 30, 5, 6, 0, 0};
	static const double s[] = {0, 0, 0, 0, 0, 5};
	tdm_model *md = model_of(6, 6, bvm1986_rows, bvm1986_w, bvm1986_types);
	tdm_eval_config cfg = {"promethee2", NULL, NULL};
	double plus[6], minus[6];
	tdm_result *r;
	tdm_error err;
	size_t a, j;

	(void)state;
	for (j = 0; j < 6; j++) {
		md->criteria[j].has_pref = 1;
		md->criteria[j].pref = prefs[j];
		md->criteria[j].q = q[j];
		md->criteria[j].p = p[j];
		md->criteria[j].s = s[j];
	}
	bvm1986_flows(plus, minus);
	r = evaluate(md, "promethee2");
	assert_int_equal(r->direction, TDM_DIR_HIGHER);
	assert_int_equal(r->n_extra, 3);
	assert_string_equal(r->extra_names[0], "phi+");
	assert_string_equal(r->extra_names[1], "phi-");
	assert_string_equal(r->extra_names[2], "phi");
	for (a = 0; a < 6; a++) {
		assert_near(r->options[a].extra[0], plus[a], 1e-3);
		assert_near(r->options[a].extra[1], minus[a], 1e-3);
		assert_near(r->options[a].extra[2], r->options[a].score, 0);
	}
	/* net flows -0.146, 0.017, -0.090, -0.020, 0.293, -0.055 */
	assert_int_equal(r->options[4].rank, 1);
	assert_int_equal(r->options[1].rank, 2);
	assert_int_equal(r->options[3].rank, 3);
	assert_int_equal(r->options[5].rank, 4);
	assert_int_equal(r->options[2].rank, 5);
	assert_int_equal(r->options[0].rank, 6);
	assert_int_equal(r->options[4].verdict, TDM_VERDICT_CHOSEN);
	tdm_result_free(r);

	/* a bad threshold is a data error naming the criterion */
	md->criteria[2].p = 0.1;
	tdm_error_clear(&err);
	assert_int_equal(tdm_evaluate(md, NULL, &cfg, &r, &err), TDM_DATA);
	assert_null(r);
	assert_int_equal(err.column, 0);
	assert_non_null(strstr(err.message, "q <= p"));
	assert_true(strncmp(err.message, "criterion '", 11) == 0);
	assert_non_null(strstr(err.message, md->criteria[2].name));
	tdm_model_free(md);
}

/* ========================================================================
 * SPOTIS
 * ===================================================================== */

static void
set_scales(tdm__crit *c, const double (*bounds)[2], size_t m)
{
	size_t j;

	for (j = 0; j < m; j++) {
		c[j].has_scale = 1;
		c[j].lo = bounds[j][0];
		c[j].hi = bounds[j][1];
	}
}

/* Dezert, Tchamova, Han & Tacnet (2020), "The SPOTIS rank reversal free
 * method for multi-criteria decision-making support", FUSION 2020, the
 * first example (as in pymcdm tests/test_methods.py, TestSPOTIS): bounds
 * given; scores to 4 decimals. */
static const double dth2020a_rows[] = {
	10.5, -3.1, 1.7,
	-4.7, 0, 3.4,
	8.1, 0.3, 1.3,
	3.2, 7.3, -5.3,
};
static const double dth2020a_bounds[3][2] = {{-5, 12}, {-6, 10}, {-8, 5}};
static const double dth2020a_w[] = {0.2, 0.3, 0.5};
static const int dth2020a_types[] = {1, -1, 1};
static const double dth2020a_scores[] = {0.1989, 0.3705, 0.3063, 0.7491};

static void
test_outranking_spotis_dezert_2020_first_example(void **state)
{
	tdm__crit crit[3];
	outcome o;
	size_t j;

	(void)state;
	set_types(crit, dth2020a_types, 3);
	set_scales(crit, dth2020a_bounds, 3);
	run("spotis", 4, 3, dth2020a_rows, dth2020a_w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, dth2020a_scores, 4, 0.5e-4);
	/* A2 by hand: 0.2 * 16.7/17 + 0.3 * 6/16 + 0.5 * 1.6/13 */
	assert_near(o.score[1],
	            0.2 * 16.7 / 17 + 0.3 * 6.0 / 16 + 0.5 * 1.6 / 13, 1e-15);
	for (j = 0; j < 3; j++)
		assert_int_equal(o.from_data[j], 0);
}

/* Dezert, Tchamova, Han & Tacnet (2020), the car example (as in
 * pyrepo-mcda tests/test_mcda_methods.py, Test_SPOTIS, and
 * scikit-criteria's TestSPOTISMethod.test_reference_example_b): scores
 * to 4 decimals. The weights printed there, 0.2941, 0.2353, 0.2353,
 * 0.0588, 0.1765, are 5/17, 4/17, 4/17, 1/17, 3/17 rounded; the published
 * scores come from the fractions (with the rounded weights A1 scores
 * 0.477952, which rounds to 0.4780, not 0.4779). */
static void
test_outranking_spotis_dezert_2020_cars(void **state)
{
	static const double rows[] = {
		15000, 4.3, 99, 42, 737,
		15290, 5.0, 116, 42, 892,
		15350, 5.0, 114, 45, 952,
		15490, 5.3, 123, 45, 1120,
	};
	static const double bounds[5][2] = {
		{14000, 16000}, {3, 8}, {80, 140}, {35, 60}, {650, 1300}};
	static const double w[] = {5, 4, 4, 1, 3}; /* / 17 by run() */
	static const int types[] = {-1, -1, -1, 1, 1};
	static const double scores[] = {0.4779, 0.5781, 0.5558, 0.5801};
	tdm__crit crit[5];
	outcome o;

	(void)state;
	set_types(crit, types, 5);
	set_scales(crit, bounds, 5);
	run("spotis", 4, 5, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_all_near(o.score, scores, 4, 0.5e-4);
}

/* Without a scale the bounds are the data's min and max, and say so; a
 * constant column (no spread) adds 0, as does every column for a single
 * option. The matrix is scikit-criteria's test_bounds_from_matrix (bounds
 * (1, 10), (-1, 5), (3, 6)); the scores are by hand. */
static void
test_outranking_spotis_bounds_from_data(void **state)
{
	static const double rows[] = {
		1, 2, 3, 7,
		4, 5, 6, 7,
		10, -1, 4, 7,
	};
	static const double w[] = {1, 1, 1, 1};
	static const int types[] = {1, -1, 1, -1};
	static const double bounds[1][2] = {{0, 20}};
	tdm__crit crit[4];
	outcome o;

	(void)state;
	set_types(crit, types, 4);
	run("spotis", 3, 4, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	/* ideal (10, -1, 6, 7), ranges 9, 6, 3, 0 */
	assert_near(o.score[0], 0.25 * (9.0 / 9 + 3.0 / 6 + 3.0 / 3), 1e-15);
	assert_near(o.score[1], 0.25 * (6.0 / 9 + 6.0 / 6 + 0), 1e-15);
	assert_near(o.score[2], 0.25 * (0 + 0 + 2.0 / 3), 1e-15);
	assert_int_equal(o.from_data[0], 1);
	assert_int_equal(o.from_data[3], 1);

	/* a scale on the last criterion: its bounds are the scale's */
	set_scales(&crit[3], bounds, 1);
	run("spotis", 3, 4, rows, w, crit, 0.5, &o);
	assert_int_equal(o.from_data[0], 1);
	assert_int_equal(o.from_data[3], 0);
	assert_near(o.score[2], 0.25 * (2.0 / 3 + 7.0 / 20), 1e-15);

	/* one option, no scales: every column is constant, the score is 0 */
	set_types(crit, types, 4);
	run("spotis", 1, 4, rows, w, crit, 0.5, &o);
	assert_int_equal(o.status, TDM_OK);
	assert_near(o.score[0], 0, 0);
}

/* Through the pipeline: with `scale` on every criterion the bounds are
 * fixed (and said to be); without, from the data. Ranks ascend. */
static void
test_outranking_spotis_through_evaluate(void **state)
{
	tdm_model *md = model_of(4, 3, dth2020a_rows, dth2020a_w,
	                         dth2020a_types);
	tdm_result *r;
	size_t i, j;

	(void)state;
	for (j = 0; j < 3; j++) {
		md->criteria[j].has_scale = 1;
		md->criteria[j].scale_lo = dth2020a_bounds[j][0];
		md->criteria[j].scale_hi = dth2020a_bounds[j][1];
	}
	r = evaluate(md, "spotis");
	assert_int_equal(r->direction, TDM_DIR_LOWER);
	assert_int_equal(r->n_extra, 0);
	for (i = 0; i < 4; i++)
		assert_near(r->options[i].score, dth2020a_scores[i], 0.5e-4);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[2].rank, 2);
	assert_int_equal(r->options[1].rank, 3);
	assert_int_equal(r->options[3].rank, 4);
	assert_non_null(r->info.bounds_from_data);
	for (j = 0; j < 3; j++)
		assert_int_equal(r->info.bounds_from_data[j], 0);
	tdm_result_free(r);

	for (j = 0; j < 3; j++)
		md->criteria[j].has_scale = 0;
	r = evaluate(md, "spotis");
	for (j = 0; j < 3; j++)
		assert_int_equal(r->info.bounds_from_data[j], 1);
	/* data bounds (-4.7, 10.5), (-3.1, 7.3), (-5.3, 3.4): A1 is at the
	 * ideal on the first two criteria */
	assert_near(r->options[0].score, 0.5 * (3.4 - 1.7) / 8.7, 1e-15);
	tdm_result_free(r);
	tdm_model_free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outranking_vikor_opricovic_tzeng_2004),
		cmocka_unit_test(test_outranking_vikor_yang_wu_2020),
		cmocka_unit_test(test_outranking_vikor_papathanasiou_ploskas_2018),
		cmocka_unit_test(
			test_outranking_vikor_compromise_set_when_advantage_fails),
		cmocka_unit_test(
			test_outranking_vikor_compromise_pair_when_stability_fails),
		cmocka_unit_test(test_outranking_vikor_constant_column_adds_nothing),
		cmocka_unit_test(test_outranking_vikor_all_s_equal),
		cmocka_unit_test(test_outranking_vikor_one_option),
		cmocka_unit_test(test_outranking_vikor_identical_options),
		cmocka_unit_test(test_outranking_vikor_v_outside_0_1_is_an_error),
		cmocka_unit_test(test_outranking_vikor_through_evaluate),
		cmocka_unit_test(test_outranking_promethee_preference_shapes),
		cmocka_unit_test(test_outranking_promethee_threshold_errors),
		cmocka_unit_test(test_outranking_promethee_zhao_peng_li_2013),
		cmocka_unit_test(
			test_outranking_promethee_papathanasiou_ploskas_2018),
		cmocka_unit_test(test_outranking_promethee_ziemba_2019),
		cmocka_unit_test(test_outranking_promethee_ziemba_et_al_2017),
		cmocka_unit_test(
			test_outranking_promethee_brans_vincke_mareschal_1986),
		cmocka_unit_test(test_outranking_promethee_matches_the_definition),
		cmocka_unit_test(test_outranking_promethee_degenerate_data),
		cmocka_unit_test(test_outranking_promethee_memory_is_linear),
		cmocka_unit_test(test_outranking_promethee_through_evaluate),
		cmocka_unit_test(test_outranking_spotis_dezert_2020_first_example),
		cmocka_unit_test(test_outranking_spotis_dezert_2020_cars),
		cmocka_unit_test(test_outranking_spotis_bounds_from_data),
		cmocka_unit_test(test_outranking_spotis_through_evaluate),
	};
	return cmocka_run_group_tests_name("outranking", tests, NULL, NULL);
}
