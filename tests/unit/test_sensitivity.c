/*
 * Unit tests for weight sensitivity (sensitivity.c), acceptability
 * (acceptability.c) and the sensitivity report (render_sensitivity.c), on
 * models built in C.
 *
 * Every interval is checked by applying it: with the weight just inside
 * each end and the model evaluated again, the winner still ranks 1 alone;
 * just outside, the reported taker does. Acceptability is checked for
 * reproducibility, for shares that add up, and against cases whose answer
 * is known by hand.
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

#include "tdm.h"
#include "tdm_test.h"


typedef struct {
	const char *name;
	tdm_better better;
	double weight;
} crit;

static tdm_model *
build(const crit *cs, size_t k, const char *const *names, const double *rows,
      size_t n)
{
	tdm_model *m = tdm_model_new();
	int src = tdm_model_source(m, "t.lua");
	size_t c, o;

	for (c = 0; c < k; c++) {
		tdm_criterion *cr;
		assert_int_equal(tdm_model_add_criterion(m, cs[c].name, src,
		                                         (long)c + 1, &cr, NULL),
		                 TDM_OK);
		cr->better = cs[c].better;
		cr->has_better = 1;
		cr->weight = cs[c].weight;
		cr->has_weight = 1;
		tdm_model_attr(m, cs[c].name, 1);
	}
	for (o = 0; o < n; o++) {
		size_t idx;
		char name[32];
		if (names != NULL)
			snprintf(name, sizeof name, "%s", names[o]);
		else
			snprintf(name, sizeof name, "o%zu", o);
		assert_int_equal(tdm_model_add_option(m, name, src, (long)(100 + o),
		                                      &idx, NULL),
		                 TDM_OK);
		for (c = 0; c < k; c++) {
			tdm_value v = {TDM_VAL_NUMBER, (int)c + 2, {0}};
			v.as.num = rows[o * k + c];
			assert_int_equal(tdm_model_set_value(m, idx, c, &v, NULL),
			                 TDM_OK);
		}
	}
	return m;
}

static const crit broker[] = {
	{"throughput", TDM_BETTER_HIGHER, 5},
	{"p99_ms", TDM_BETTER_LOWER, 3},
	{"cost", TDM_BETTER_LOWER, 2},
};
static const char *const broker_names[] = {"Kafka", "RabbitMQ", "NATS"};
static const double broker_rows[] = {
	200000, 25, 4200,
	40000, 12, 1500,
	120000, 80, 900,
};

/* Two criteria worked by hand (minmax: A = (1, 0), B = (0, 1),
 * C = (0.6, 0.6)). With a at t: A scores t, B 1 - t, C 0.6. */
static const crit two[] = {
	{"a", TDM_BETTER_HIGHER, 7},
	{"b", TDM_BETTER_HIGHER, 3},
};
static const char *const two_names[] = {"A", "B", "C"};
static const double two_rows[] = {
	10, 0,
	0, 10,
	6, 6,
};

/* A fixed pseudo-random matrix (LCG), values 1..100. */
static void
fill_rows(double *rows, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		rows[i] = 1 + (double)((seed >> 8) % 9901) / 100.0;
	}
}

static int
wins_alone(const tdm_result *r, size_t o)
{
	size_t i;

	if (r->options[o].rank != 1)
		return 0;
	for (i = 0; i < r->n_options; i++)
		if (i != o && r->options[i].rank == 1)
			return 0;
	return 1;
}

/* Evaluate m with criterion j's weight at t, the others in proportion:
 * w_i (1 - t) / (1 - w_j). Returns 1 if o wins alone. */
static int
wins_at(const tdm_model *m, const tdm_eval_config *cfg, const double *w0,
        size_t j, double t, size_t o)
{
	tdm_model *c = tdm_model_clone(m);
	tdm_result *r;
	size_t i;
	int won;

	assert_non_null(c);
	for (i = 0; i < c->n_criteria; i++) {
		c->criteria[i].weight = i == j ? t : w0[i] * (1 - t) / (1 - w0[j]);
		c->criteria[i].has_weight = 1;
	}
	assert_int_equal(tdm_evaluate(c, NULL, cfg, &r, NULL), TDM_OK);
	won = wins_alone(r, o);
	tdm_result_free(r);
	tdm_model_free(c);
	return won;
}

/* Apply every interval of s: inside each end the winner wins, outside the
 * taker does (nudge: how far inside / outside). */
static void
check_intervals(const tdm_model *m, const tdm_eval_config *cfg,
                const tdm_result *r, const tdm_sensitivity *s, double nudge)
{
	size_t j;

	assert_int_equal(s->winner, r->order[0]);
	assert_int_equal(s->n_intervals, m->n_criteria);
	if (r->n_ranked > 1 && r->options[r->order[1]].rank == 1) {
		for (j = 0; j < s->n_intervals; j++) {
			assert_true(s->intervals[j].lo == s->intervals[j].from);
			assert_true(s->intervals[j].hi == s->intervals[j].from);
		}
		return;
	}
	for (j = 0; j < s->n_intervals; j++) {
		const tdm_weight_interval *iv = &s->intervals[j];
		assert_int_equal(iv->criterion, j);
		assert_near(iv->from, r->weights[j], 1e-15);
		assert_true(iv->lo <= iv->from && iv->from <= iv->hi);
		assert_true(iv->lo >= 0 && iv->hi <= 1);
		assert_true(wins_at(m, cfg, r->weights, j, iv->from, s->winner));
		if (iv->lo > 0) {
			assert_true(iv->lo_taker >= 0);
			assert_true(wins_at(m, cfg, r->weights, j, iv->lo + nudge,
			                    s->winner));
			assert_true(wins_at(m, cfg, r->weights, j, iv->lo - nudge,
			                    (size_t)iv->lo_taker));
		} else {
			assert_int_equal(iv->lo_taker, -1);
			assert_true(wins_at(m, cfg, r->weights, j, 1e-9, s->winner));
		}
		if (iv->hi < 1) {
			assert_true(iv->hi_taker >= 0);
			assert_true(wins_at(m, cfg, r->weights, j, iv->hi - nudge,
			                    s->winner));
			assert_true(wins_at(m, cfg, r->weights, j, iv->hi + nudge,
			                    (size_t)iv->hi_taker));
		} else {
			assert_int_equal(iv->hi_taker, -1);
			assert_true(wins_at(m, cfg, r->weights, j, 1 - 1e-9,
			                    s->winner));
		}
	}
	for (j = 1; j < s->n_intervals; j++)
		assert_true(s->intervals[s->by_closeness[j - 1]].closeness <=
		            s->intervals[s->by_closeness[j]].closeness);
}

static void
run_case(const tdm_model *m, const char *method, double nudge, int exact)
{
	tdm_eval_config cfg = {method, NULL, NULL};
	tdm_sensitivity *s;
	tdm_result *r;
	size_t j;

	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	for (j = 0; j < s->n_intervals; j++)
		assert_int_equal(s->intervals[j].exact, exact);
	check_intervals(m, &cfg, r, s, nudge);
	tdm_sensitivity_free(s);
	tdm_result_free(r);
}

static void
test_sensitivity_wsm_intervals_hold_when_applied(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	double rows[12 * 4];
	crit cs[4] = {{"c0", TDM_BETTER_HIGHER, 4}, {"c1", TDM_BETTER_LOWER, 3},
	              {"c2", TDM_BETTER_HIGHER, 2}, {"c3", TDM_BETTER_HIGHER, 1}};
	unsigned seed;

	(void)state;
	run_case(m, "wsm", 1e-7, 1);
	tdm_model_free(m);
	for (seed = 1; seed <= 6; seed++) {
		fill_rows(rows, 12 * 4, seed);
		m = build(cs, 4, NULL, rows, 12);
		run_case(m, "wsm", 1e-7, 1);
		tdm_model_free(m);
	}
}

static void
test_sensitivity_wsm_matches_hand_computation(void **state)
{
	tdm_model *m = build(two, 2, two_names, two_rows, 3);
	tdm_sensitivity *s;
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_string_equal(r->method, "wsm");
	assert_string_equal(r->normalization, "minmax");
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	assert_int_equal(s->winner, 0);
	/* a: A wins while t > 0.6 (C scores 0.6), up to 1 */
	assert_near(s->intervals[0].from, 0.7, 1e-15);
	assert_near(s->intervals[0].lo, 0.6, 1e-12);
	assert_near(s->intervals[0].hi, 1, 0);
	assert_int_equal(s->intervals[0].lo_taker, 2);
	assert_int_equal(s->intervals[0].hi_taker, -1);
	assert_near(s->intervals[0].closeness, 0.1 / 0.7, 1e-12);
	/* b: A scores 1 - t, wins while t < 0.4 */
	assert_near(s->intervals[1].lo, 0, 0);
	assert_near(s->intervals[1].hi, 0.4, 1e-12);
	assert_int_equal(s->intervals[1].lo_taker, -1);
	assert_int_equal(s->intervals[1].hi_taker, 2);
	assert_near(s->intervals[1].closeness, 0.1 / 0.3, 1e-12);
	assert_int_equal(s->by_closeness[0], 0);
	assert_int_equal(s->by_closeness[1], 1);
	assert_int_equal(s->intervals[0].exact, 1);
	tdm_sensitivity_free(s);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_search_intervals_hold_when_applied(void **state)
{
	static const char *const methods[] = {"topsis", "vikor", "promethee2",
	                                      "copras", "wpm"};
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	double rows[10 * 3];
	size_t i;
	unsigned seed;

	(void)state;
	run_case(m, "topsis", 1e-6, 0);
	tdm_model_free(m);
	for (seed = 1; seed <= 4; seed++) {
		fill_rows(rows, 10 * 3, seed);
		m = build(broker, 3, NULL, rows, 10);
		for (i = 0; i < sizeof methods / sizeof *methods; i++)
			run_case(m, methods[i], 1e-6, 0);
		tdm_model_free(m);
	}
}

static void
test_sensitivity_search_agrees_with_exact_on_hand_case(void **state)
{
	/* moora's ratio score is additive too: the search must land within
	 * its tolerance of the exact WSM-like answer only when the methods
	 * agree, so compare topsis with itself through the interval ends */
	tdm_model *m = build(two, 2, two_names, two_rows, 3);
	tdm_eval_config cfg = {"topsis", NULL, NULL};
	tdm_sensitivity *s;
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	check_intervals(m, &cfg, r, s, 1e-6);
	/* the ends are found to within the bisection tolerance */
	if (s->intervals[0].lo > 0) {
		assert_true(wins_at(m, &cfg, r->weights, 0,
		                    s->intervals[0].lo + 2e-9, s->winner));
		assert_false(wins_at(m, &cfg, r->weights, 0,
		                     s->intervals[0].lo - 2e-9, s->winner));
	}
	tdm_sensitivity_free(s);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_closeness_orders_criteria(void **state)
{
	/* c is worth little and only Kafka is good on it: moving "throughput"
	 * flips the decision sooner than anything else */
	double rows[12 * 4];
	crit cs[4] = {{"c0", TDM_BETTER_HIGHER, 4}, {"c1", TDM_BETTER_LOWER, 3},
	              {"c2", TDM_BETTER_HIGHER, 2}, {"c3", TDM_BETTER_HIGHER, 1}};
	tdm_model *m;
	tdm_sensitivity *s;
	tdm_result *r;
	size_t j;

	(void)state;
	fill_rows(rows, 12 * 4, 3);
	m = build(cs, 4, NULL, rows, 12);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	for (j = 0; j < 4; j++) {
		const tdm_weight_interval *iv = &s->intervals[j];
		double d = HUGE_VAL;
		if (iv->lo > 0 && iv->lo < 1)
			d = iv->from - iv->lo;
		if (iv->hi > 0 && iv->hi < 1 && iv->hi - iv->from < d)
			d = iv->hi - iv->from;
		if (d == HUGE_VAL)
			assert_true(iv->closeness == HUGE_VAL);
		else
			assert_near(iv->closeness, d / iv->from, 1e-12);
	}
	for (j = 1; j < 4; j++)
		assert_true(s->intervals[s->by_closeness[j - 1]].closeness <=
		            s->intervals[s->by_closeness[j]].closeness);
	tdm_sensitivity_free(s);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_tie_at_the_top_has_no_interval(void **state)
{
	static const double rows[] = {10, 0, 0, 10, 5, 5};
	static const crit eq[] = {{"a", TDM_BETTER_HIGHER, 1},
	                          {"b", TDM_BETTER_HIGHER, 1}};
	tdm_model *m = build(eq, 2, two_names, rows, 3);
	tdm_sensitivity *s;
	tdm_result *r;
	size_t j;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[r->order[1]].rank, 1);
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	for (j = 0; j < 2; j++) {
		assert_near(s->intervals[j].lo, s->intervals[j].from, 0);
		assert_near(s->intervals[j].hi, s->intervals[j].from, 0);
		assert_int_equal(s->intervals[j].lo_taker, -1);
		assert_int_equal(s->intervals[j].hi_taker, -1);
		assert_near(s->intervals[j].closeness, 0, 0);
	}
	tdm_sensitivity_free(s);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_dominant_winner_never_flips(void **state)
{
	static const double rows[] = {10, 10, 0, 5, 5, 0};
	tdm_model *m = build(two, 2, two_names, rows, 3);
	tdm_sensitivity *s;
	tdm_result *r;
	size_t j;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, NULL), TDM_OK);
	for (j = 0; j < 2; j++) {
		assert_near(s->intervals[j].lo, 0, 0);
		assert_near(s->intervals[j].hi, 1, 0);
		assert_true(s->intervals[j].closeness == HUGE_VAL);
	}
	tdm_sensitivity_free(s);
	tdm_result_free(r);
	tdm_model_free(m);
}

/* ------------------------------------------------------------------------
 * Acceptability
 * --------------------------------------------------------------------- */

static tdm_acceptability *
accept(const tdm_model *m, const char *method, size_t samples,
       unsigned long long seed, double spread, tdm_result **rout)
{
	tdm_eval_config cfg = {method, NULL, NULL};
	tdm_acceptability_config ac = {samples, seed, spread};
	tdm_acceptability *a;
	tdm_result *r;

	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_int_equal(tdm_acceptability_compute(m, NULL, r, &ac, &a, NULL),
	                 TDM_OK);
	if (rout)
		*rout = r;
	else
		tdm_result_free(r);
	return a;
}

static void
test_sensitivity_acceptability_is_reproducible(void **state)
{
	double rows[20 * 4];
	crit cs[4] = {{"c0", TDM_BETTER_HIGHER, 4}, {"c1", TDM_BETTER_LOWER, 3},
	              {"c2", TDM_BETTER_HIGHER, 2}, {"c3", TDM_BETTER_HIGHER, 1}};
	tdm_model *m;
	tdm_acceptability *a, *b, *c;

	(void)state;
	fill_rows(rows, 20 * 4, 7);
	m = build(cs, 4, NULL, rows, 20);
	a = accept(m, "wsm", 2000, 42, 0, NULL);
	b = accept(m, "wsm", 2000, 42, 0, NULL);
	c = accept(m, "wsm", 2000, 43, 0, NULL);
	assert_int_equal(a->n, 20);
	assert_int_equal(a->seed, 42);
	assert_int_equal(a->n_samples, 2000);
	assert_memory_equal(a->rank_share, b->rank_share,
	                    a->n * a->n * sizeof *a->rank_share);
	assert_memory_equal(a->central_weights, b->central_weights,
	                    a->n * a->m * sizeof *a->central_weights);
	assert_true(a->confidence == b->confidence);
	assert_true(memcmp(a->rank_share, c->rank_share,
	                   a->n * a->n * sizeof *a->rank_share) != 0);
	tdm_acceptability_free(a);
	tdm_acceptability_free(b);
	tdm_acceptability_free(c);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_defaults(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_acceptability *a, *b;
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_acceptability_compute(m, NULL, r, NULL, &a, NULL),
	                 TDM_OK);
	assert_int_equal(a->n_samples, TDM_DEFAULT_SAMPLES);
	assert_true(a->seed == TDM_DEFAULT_SEED);
	assert_near(a->spread, 0, 0);
	b = accept(m, "wsm", TDM_DEFAULT_SAMPLES, TDM_DEFAULT_SEED, 0, NULL);
	assert_memory_equal(a->rank_share, b->rank_share,
	                    a->n * a->n * sizeof *a->rank_share);
	assert_near(a->confidence, a->rank_share[0], 0);
	assert_int_equal(a->options[0], r->order[0]);
	tdm_acceptability_free(a);
	tdm_acceptability_free(b);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_shares_sum_to_one(void **state)
{
	static const char *const methods[] = {"wsm", "topsis"};
	double rows[15 * 4];
	crit cs[4] = {{"c0", TDM_BETTER_HIGHER, 4}, {"c1", TDM_BETTER_LOWER, 3},
	              {"c2", TDM_BETTER_HIGHER, 2}, {"c3", TDM_BETTER_HIGHER, 1}};
	tdm_model *m;
	size_t i, q, meth;

	(void)state;
	fill_rows(rows, 15 * 4, 11);
	m = build(cs, 4, NULL, rows, 15);
	for (meth = 0; meth < 2; meth++) {
		tdm_acceptability *a = accept(m, methods[meth], 3000, 5, 0, NULL);
		for (i = 0; i < a->n; i++) {
			double by_option = 0, by_rank = 0;
			for (q = 0; q < a->n; q++) {
				by_option += a->rank_share[i * a->n + q];
				by_rank += a->rank_share[q * a->n + i];
			}
			assert_near(by_option, 1, 1e-12);
			assert_near(by_rank, 1, 1e-12);
		}
		tdm_acceptability_free(a);
	}
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_dominant_option_always_wins(void **state)
{
	static const double rows[] = {10, 10, 0, 5, 5, 0};
	tdm_model *m = build(two, 2, two_names, rows, 3);
	tdm_acceptability *a = accept(m, "wsm", 5000, 9, 0, NULL);

	(void)state;
	assert_int_equal(a->options[0], 0);
	assert_near(a->confidence, 1, 0);
	assert_near(a->rank_share[0], 1, 0);
	tdm_acceptability_free(a);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_matches_hand_share(void **state)
{
	/* A wins when a's weight t > 0.6; t is uniform on [0, 1] for two
	 * criteria, so A wins in 40 % of uniform weightings, B (t < 0.4) in
	 * 40 % and C (0.4 < t < 0.6) in 20 %. */
	tdm_model *m = build(two, 2, two_names, two_rows, 3);
	tdm_acceptability *a = accept(m, "wsm", 20000, 1, 0, NULL);
	size_t k;

	(void)state;
	assert_int_equal(a->options[0], 0);
	assert_near(a->confidence, 0.4, 0.015);
	for (k = 0; k < a->n; k++)
		if (a->options[k] != 0)
			assert_near(a->rank_share[k * a->n],
			            a->options[k] == 1 ? 0.4 : 0.2, 0.015);
	/* A's central weight on a is the mean of U(0.6, 1): 0.8 */
	assert_near(a->central_weights[0], 0.8, 0.01);
	tdm_acceptability_free(a);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_small_spread_keeps_clear_winner(void **state)
{
	static const crit clear[] = {{"a", TDM_BETTER_HIGHER, 9},
	                             {"b", TDM_BETTER_HIGHER, 1}};
	tdm_model *m = build(clear, 2, two_names, two_rows, 3);
	tdm_acceptability *a = accept(m, "wsm", 5000, 3, 0.1, NULL);
	tdm_acceptability *u = accept(m, "wsm", 5000, 3, 0, NULL);

	(void)state;
	assert_near(a->spread, 0.1, 0);
	assert_near(a->confidence, 1, 0);
	assert_true(u->confidence < 0.5);
	tdm_acceptability_free(a);
	tdm_acceptability_free(u);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_spread_out_of_range_is_refused(void **state)
{
	tdm_model *m = build(two, 2, two_names, two_rows, 3);
	tdm_acceptability_config ac = {100, 1, 1.5};
	tdm_acceptability *a = NULL;
	tdm_result *r;
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_acceptability_compute(m, NULL, r, &ac, &a, &err),
	                 TDM_USAGE);
	assert_null(a);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_sensitivity_acceptability_central_weights_on_simplex(void **state)
{
	double rows[12 * 4];
	crit cs[4] = {{"c0", TDM_BETTER_HIGHER, 4}, {"c1", TDM_BETTER_LOWER, 3},
	              {"c2", TDM_BETTER_HIGHER, 2}, {"c3", TDM_BETTER_HIGHER, 1}};
	tdm_model *m;
	tdm_acceptability *a;
	size_t i, j;

	(void)state;
	fill_rows(rows, 12 * 4, 21);
	m = build(cs, 4, NULL, rows, 12);
	a = accept(m, "topsis", 4000, 77, 0, NULL);
	for (i = 0; i < a->n; i++) {
		double sum = 0;
		for (j = 0; j < a->m; j++) {
			double w = a->central_weights[i * a->m + j];
			assert_true(w >= 0 && w <= 1);
			sum += w;
		}
		if (a->rank_share[i * a->n] > 0)
			assert_near(sum, 1, 1e-9);
		else
			assert_near(sum, 0, 0);
	}
	tdm_acceptability_free(a);
	tdm_model_free(m);
}

/* ------------------------------------------------------------------------
 * Rendering: a small hand-built report
 * --------------------------------------------------------------------- */

/* Golden outputs of the hand-built report (report_build). */
#define GOLDEN_TABLE \
	"How sure are we: Pick one -- A wins\n" \
	"method wsm · normalisation minmax · weighting direct, normalised to sum 1 (given sum 10) · tradeoff 0.1.0\n" \
	"\n" \
	"Weight intervals (one weight moves, the others keep their proportions):\n" \
	"\n" \
	"  criterion  weight        interval  below it  above it    how\n" \
	"  a           0.700  0.600 .. 1.000         C         -  exact\n" \
	"  b           0.300  0.000 .. 0.400         -         C  exact\n" \
	"\n" \
	"The decision is most sensitive to a: below 0.6 C wins (its weight is 0.7 now).\n" \
	"\n" \
	"Acceptability:\n" \
	"\n" \
	"1000 sampled weightings, seed 7, weights uniform on the simplex.\n" \
	"\n" \
	"  option  rank 1  rank 2  rank 3\n" \
	"  A       40.0 %  10.0 %  50.0 %\n" \
	"  C       40.0 %  60.0 %   0.0 %\n" \
	"  B       20.0 %  30.0 %  50.0 %\n" \
	"\n" \
	"Central weights (the mean weights of the samples in which an option ranks first):\n" \
	"\n" \
	"  option      a      b\n" \
	"  A       0.800  0.200\n" \
	"  C       0.200  0.800\n" \
	"  B       0.500  0.500\n" \
	"\n" \
	"A wins in 40.0 % of the weightings.\n" \
	"\n" \
	"Method agreement:\n" \
	"\n" \
	"  method  winner\n" \
	"  wsm          A\n" \
	"  topsis       A\n" \
	"\n" \
	"Skipped: wpm (needs values > 0).\n" \
	"\n" \
	"Kendall tau-b between the rankings:\n" \
	"\n" \
	"  method   wsm  topsis\n" \
	"  wsm     1.00    0.50\n" \
	"  topsis  0.50    1.00\n" \
	"\n" \
	"Spearman rho between the rankings:\n" \
	"\n" \
	"  method   wsm  topsis\n" \
	"  wsm     1.00    0.75\n" \
	"  topsis  0.75    1.00\n" \
	"\n" \
	"A wins under every method (2).\n" \
	"\n"

#define GOLDEN_MD \
	"# How sure are we: Pick one -- A wins\n" \
	"\n" \
	"method wsm · normalisation minmax · weighting direct, normalised to sum 1 (given sum 10) · tradeoff 0.1.0\n" \
	"\n" \
	"## Weight intervals\n" \
	"\n" \
	"One weight moves, the others keep their proportions; within the interval A stays the winner.\n" \
	"\n" \
	"| criterion | weight | interval | below it | above it | how |\n" \
	"| --- | ---: | ---: | ---: | ---: | ---: |\n" \
	"| a | 0.700 | 0.600 .. 1.000 | C | - | exact |\n" \
	"| b | 0.300 | 0.000 .. 0.400 | - | C | exact |\n" \
	"\n" \
	"The decision is most sensitive to a: below 0.6 C wins (its weight is 0.7 now).\n" \
	"\n" \
	"## Acceptability\n" \
	"\n" \
	"1000 sampled weightings, seed 7, weights uniform on the simplex.\n" \
	"\n" \
	"| option | rank 1 | rank 2 | rank 3 |\n" \
	"| --- | ---: | ---: | ---: |\n" \
	"| A | 40.0 % | 10.0 % | 50.0 % |\n" \
	"| C | 40.0 % | 60.0 % | 0.0 % |\n" \
	"| B | 20.0 % | 30.0 % | 50.0 % |\n" \
	"\n" \
	"Central weights (the mean weights of the samples in which an option ranks first):\n" \
	"\n" \
	"| option | a | b |\n" \
	"| --- | ---: | ---: |\n" \
	"| A | 0.800 | 0.200 |\n" \
	"| C | 0.200 | 0.800 |\n" \
	"| B | 0.500 | 0.500 |\n" \
	"\n" \
	"A wins in 40.0 % of the weightings.\n" \
	"\n"

#define GOLDEN_JSON \
	"{\n" \
	"  \"tradeoff_version\": \"0.1.0\",\n" \
	"  \"decision\": \"Pick one\",\n" \
	"  \"method\": \"wsm\",\n" \
	"  \"direction\": \"higher\",\n" \
	"  \"normalization\": \"minmax\",\n" \
	"  \"weighting\": \"direct\",\n" \
	"  \"parameters\": null,\n" \
	"  \"weights\": {\n" \
	"    \"a\": 0.7,\n" \
	"    \"b\": 0.3\n" \
	"  },\n" \
	"  \"winner\": \"A\",\n" \
	"  \"tied\": false,\n" \
	"  \"weight_intervals\": [\n" \
	"    {\n" \
	"      \"criterion\": \"a\",\n" \
	"      \"weight\": 0.7,\n" \
	"      \"lo\": 0.6,\n" \
	"      \"hi\": 1,\n" \
	"      \"below\": \"C\",\n" \
	"      \"above\": null,\n" \
	"      \"exact\": true,\n" \
	"      \"closeness\": 0.14285714285714282\n" \
	"    },\n" \
	"    {\n" \
	"      \"criterion\": \"b\",\n" \
	"      \"weight\": 0.3,\n" \
	"      \"lo\": 0,\n" \
	"      \"hi\": 0.4,\n" \
	"      \"below\": null,\n" \
	"      \"above\": \"C\",\n" \
	"      \"exact\": true,\n" \
	"      \"closeness\": 0.3333333333333335\n" \
	"    }\n" \
	"  ],\n" \
	"  \"closest_criteria\": [\n" \
	"    \"a\",\n" \
	"    \"b\"\n" \
	"  ],\n" \
	"  \"acceptability\": {\n" \
	"    \"samples\": 1000,\n" \
	"    \"seed\": 7,\n" \
	"    \"spread\": 0,\n" \
	"    \"confidence\": 0.4,\n" \
	"    \"options\": [\n" \
	"      {\n" \
	"        \"option\": \"A\",\n" \
	"        \"rank_shares\": [\n" \
	"          0.4,\n" \
	"          0.1,\n" \
	"          0.5\n" \
	"        ],\n" \
	"        \"central_weights\": {\n" \
	"          \"a\": 0.8,\n" \
	"          \"b\": 0.2\n" \
	"        }\n" \
	"      },\n" \
	"      {\n" \
	"        \"option\": \"C\",\n" \
	"        \"rank_shares\": [\n" \
	"          0.4,\n" \
	"          0.6,\n" \
	"          0\n" \
	"        ],\n" \
	"        \"central_weights\": {\n" \
	"          \"a\": 0.2,\n" \
	"          \"b\": 0.8\n" \
	"        }\n" \
	"      },\n" \
	"      {\n" \
	"        \"option\": \"B\",\n" \
	"        \"rank_shares\": [\n" \
	"          0.2,\n" \
	"          0.3,\n" \
	"          0.5\n" \
	"        ],\n" \
	"        \"central_weights\": {\n" \
	"          \"a\": 0.5,\n" \
	"          \"b\": 0.5\n" \
	"        }\n" \
	"      }\n" \
	"    ]\n" \
	"  },\n" \
	"  \"agreement\": {\n" \
	"    \"methods\": [\n" \
	"      \"wsm\",\n" \
	"      \"topsis\"\n" \
	"    ],\n" \
	"    \"skipped\": \"wpm (needs values > 0)\",\n" \
	"    \"winners\": {\n" \
	"      \"wsm\": \"A\",\n" \
	"      \"topsis\": \"A\"\n" \
	"    },\n" \
	"    \"kendall_tau\": [\n" \
	"      [\n" \
	"        1,\n" \
	"        0.5\n" \
	"      ],\n" \
	"      [\n" \
	"        0.5,\n" \
	"        1\n" \
	"      ]\n" \
	"    ],\n" \
	"    \"spearman_rho\": [\n" \
	"      [\n" \
	"        1,\n" \
	"        0.75\n" \
	"      ],\n" \
	"      [\n" \
	"        0.75,\n" \
	"        1\n" \
	"      ]\n" \
	"    ],\n" \
	"    \"same_winner\": true,\n" \
	"    \"cause\": null\n" \
	"  }\n" \
	"}\n"

typedef struct {
	char buf[16384];
	size_t len;
} sink;

static int
to_sink(void *ud, const char *b, size_t n)
{
	sink *k = ud;
	if (k->len + n >= sizeof k->buf)
		return 1;
	memcpy(k->buf + k->len, b, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

typedef struct {
	tdm_model *m;
	tdm_result *r;
	tdm_sensitivity *s;
	tdm_acceptability a;
	tdm_agreement g;
	size_t a_options[3];
	double a_share[9], a_central[6];
	const char *g_methods[2];
	size_t g_winners[2], g_options[3];
	long g_ranks[6];
	double g_tau[4], g_rho[4];
} report;

static void
report_build(report *p)
{
	static const double share[9] = {0.4, 0.1, 0.5, 0.4, 0.6, 0, 0.2, 0.3,
	                                0.5};
	static const double central[6] = {0.8, 0.2, 0.2, 0.8, 0.5, 0.5};

	memset(p, 0, sizeof *p);
	p->m = build(two, 2, two_names, two_rows, 3);
	assert_int_equal(tdm_model_set_text(p->m, &p->m->title, "Pick one",
	                                    NULL),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(p->m, NULL, NULL, &p->r, NULL), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(p->m, NULL, p->r, &p->s, NULL),
	                 TDM_OK);
	/* r ranks A, C, B */
	p->a_options[0] = 0, p->a_options[1] = 2, p->a_options[2] = 1;
	memcpy(p->a_share, share, sizeof share);
	memcpy(p->a_central, central, sizeof central);
	p->a.n_samples = 1000;
	p->a.seed = 7;
	p->a.n = 3;
	p->a.m = 2;
	p->a.options = p->a_options;
	p->a.rank_share = p->a_share;
	p->a.central_weights = p->a_central;
	p->a.confidence = 0.4;
	p->g_methods[0] = "wsm", p->g_methods[1] = "topsis";
	p->g_winners[0] = 0, p->g_winners[1] = 0;
	p->g_tau[0] = 1, p->g_tau[1] = 0.5, p->g_tau[2] = 0.5, p->g_tau[3] = 1;
	p->g_rho[0] = 1, p->g_rho[1] = 0.75, p->g_rho[2] = 0.75, p->g_rho[3] = 1;
	p->g.n_methods = 2;
	p->g.methods = p->g_methods;
	snprintf(p->g.skipped, sizeof p->g.skipped, "wpm (needs values > 0)");
	p->g.n = 3;
	p->g.options = p->g_options;
	p->g.ranks = p->g_ranks;
	p->g.winners = p->g_winners;
	p->g.tau = p->g_tau;
	p->g.rho = p->g_rho;
	p->g.same_winner = 1;
}

static void
report_free(report *p)
{
	tdm_sensitivity_free(p->s);
	tdm_result_free(p->r);
	tdm_model_free(p->m);
}

static const char *
render(report *p, tdm_format f, int with_agreement, sink *k)
{
	tdm_render_spec spec = {f, 0, 80, 0};
	k->len = 0;
	k->buf[0] = '\0';
	assert_int_equal(tdm_render_sensitivity(p->r, p->s, &p->a,
	                                        with_agreement ? &p->g : NULL,
	                                        &spec, to_sink, k, NULL),
	                 TDM_OK);
	return k->buf;
}

static void
test_sensitivity_render_table(void **state)
{
	static sink k;
	report p;

	(void)state;
	report_build(&p);
	assert_string_equal(render(&p, TDM_FORMAT_TABLE, 1, &k), GOLDEN_TABLE);
	report_free(&p);
}

static void
test_sensitivity_render_md(void **state)
{
	static sink k;
	report p;

	(void)state;
	report_build(&p);
	assert_string_equal(render(&p, TDM_FORMAT_MD, 0, &k), GOLDEN_MD);
	report_free(&p);
}

static void
test_sensitivity_render_json(void **state)
{
	static sink k;
	report p;

	(void)state;
	report_build(&p);
	assert_string_equal(render(&p, TDM_FORMAT_JSON, 1, &k), GOLDEN_JSON);
	report_free(&p);
}

static void
test_sensitivity_render_parts_are_optional(void **state)
{
	tdm_render_spec spec = {TDM_FORMAT_JSON, 0, 80, 0};
	static sink k;
	report p;

	(void)state;
	report_build(&p);
	assert_int_equal(tdm_render_sensitivity(p.r, NULL, NULL, NULL, &spec,
	                                        to_sink, &k, NULL),
	                 TDM_OK);
	assert_non_null(strstr(k.buf, "\"winner\": \"A\""));
	assert_null(strstr(k.buf, "weight_intervals"));
	assert_null(strstr(k.buf, "acceptability"));
	assert_null(strstr(k.buf, "agreement"));
	report_free(&p);
}

static void
test_sensitivity_render_csv_is_refused(void **state)
{
	tdm_render_spec spec = {TDM_FORMAT_CSV, 0, 80, 0};
	static sink k;
	tdm_error err;
	report p;

	(void)state;
	report_build(&p);
	assert_int_equal(tdm_render_sensitivity(p.r, p.s, &p.a, NULL, &spec,
	                                        to_sink, &k, &err),
	                 TDM_USAGE);
	assert_string_equal(err.message,
	                    "sensitivity has no csv format; use json");
	assert_int_equal(k.len, 0);
	report_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sensitivity_wsm_intervals_hold_when_applied),
		cmocka_unit_test(test_sensitivity_wsm_matches_hand_computation),
		cmocka_unit_test(test_sensitivity_search_intervals_hold_when_applied),
		cmocka_unit_test(test_sensitivity_search_agrees_with_exact_on_hand_case),
		cmocka_unit_test(test_sensitivity_closeness_orders_criteria),
		cmocka_unit_test(test_sensitivity_tie_at_the_top_has_no_interval),
		cmocka_unit_test(test_sensitivity_dominant_winner_never_flips),
		cmocka_unit_test(test_sensitivity_acceptability_is_reproducible),
		cmocka_unit_test(test_sensitivity_acceptability_defaults),
		cmocka_unit_test(test_sensitivity_acceptability_shares_sum_to_one),
		cmocka_unit_test(
		    test_sensitivity_acceptability_dominant_option_always_wins),
		cmocka_unit_test(test_sensitivity_acceptability_matches_hand_share),
		cmocka_unit_test(
		    test_sensitivity_acceptability_small_spread_keeps_clear_winner),
		cmocka_unit_test(
		    test_sensitivity_acceptability_spread_out_of_range_is_refused),
		cmocka_unit_test(
		    test_sensitivity_acceptability_central_weights_on_simplex),
		cmocka_unit_test(test_sensitivity_render_table),
		cmocka_unit_test(test_sensitivity_render_md),
		cmocka_unit_test(test_sensitivity_render_json),
		cmocka_unit_test(test_sensitivity_render_parts_are_optional),
		cmocka_unit_test(test_sensitivity_render_csv_is_refused),
	};
	return cmocka_run_group_tests_name("sensitivity", tests, NULL, NULL);
}
