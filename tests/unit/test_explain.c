/*
 * Unit tests for explanations (explain.c), on models built in C.
 *
 * Every counterfactual is checked by applying it and ranking again: the
 * option then ranks 1 alone, and the same change 1 % smaller does not make
 * it win (for searched joint changes only the first half holds by
 * construction, so only that is checked). Numbers an explanation quotes
 * are compared with the engine's result or with arithmetic by hand.
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
			if (isnan(rows[o * k + c]))
				continue;
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

/* Option o alone at rank 1. */
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

/* Evaluate m with the criteria's weights replaced by w. */
static int
wins_with_weights(const tdm_model *m, const tdm_eval_config *cfg,
                  const double *w, size_t o)
{
	tdm_model *c = tdm_model_clone(m);
	tdm_result *r;
	size_t j;
	int won;

	assert_non_null(c);
	for (j = 0; j < c->n_criteria; j++) {
		c->criteria[j].weight = w[j];
		c->criteria[j].has_weight = 1;
	}
	assert_int_equal(tdm_evaluate(c, NULL, cfg, &r, NULL), TDM_OK);
	won = wins_alone(r, o);
	tdm_result_free(r);
	tdm_model_free(c);
	return won;
}

/* The weights with criterion j's at t, the others keeping their
 * proportions: w_i (1 - t) / (1 - w_j). */
static void
moved(const double *w0, size_t k, size_t j, double t, double *w)
{
	size_t i;

	for (i = 0; i < k; i++)
		w[i] = i == j ? t : w0[i] * (1 - t) / (1 - w0[j]);
}

/* Evaluate m with option o's attribute c set to the number v. */
static int
wins_with_value(const tdm_model *m, const tdm_eval_config *cfg, size_t o,
                size_t c, double v)
{
	tdm_model *cl = tdm_model_clone(m);
	tdm_value val = {TDM_VAL_NUMBER, 0, {0}};
	tdm_result *r;
	int won;

	assert_non_null(cl);
	val.as.num = v;
	assert_int_equal(tdm_model_set_value(cl, o, (size_t)tdm_model_find_attr(
	                                                cl, cl->criteria[c].name),
	                                     &val, NULL),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(cl, NULL, cfg, &r, NULL), TDM_OK);
	won = wins_alone(r, o);
	tdm_result_free(r);
	tdm_model_free(cl);
	return won;
}

typedef struct {
	size_t weights, values, joint, exact, searched;
} tally;

/* Check every counterfactual of option o's explanation by applying it. */
static void
check_counterfactuals(const tdm_model *m, const tdm_eval_config *cfg,
                      const tdm_result *r, const tdm_explanation *e,
                      tally *t)
{
	size_t k = r->n_criteria, i, j;
	double *w = malloc(k * sizeof *w);
	double prev = 0;
	int prev_found = 1;
	/* Tied for first: any change in its favour wins, so there is no
	 * "1 % smaller" that loses. */
	int tied = r->options[e->option].rank == 1;

	assert_non_null(w);
	assert_true(e->has_counterfactuals);
	assert_int_equal(e->n_weight_changes, k);
	assert_int_equal(e->n_value_changes, k);
	for (i = 0; i < e->n_weight_changes; i++) {
		const tdm_weight_change *wc = &e->weight_changes[i];
		/* found first, then by |delta| */
		assert_true(prev_found || !wc->found);
		prev_found = wc->found;
		assert_near(wc->from, r->weights[wc->criterion], 0);
		if (!wc->found)
			continue;
		assert_true(fabs(wc->delta) >= prev);
		prev = fabs(wc->delta);
		assert_near(wc->delta, wc->to - wc->from, 1e-15);
		assert_true(wc->to >= 0 && wc->to <= 1);
		assert_int_equal(wc->plausible,
		                 fabs(wc->delta) <= 0.5 * wc->from);
		moved(r->weights, k, wc->criterion, wc->to, w);
		if (!wins_with_weights(m, cfg, w, e->option))
			fail_msg("option %zu, weight of %zu to %.17g does not win",
			         e->option, wc->criterion, wc->to);
		moved(r->weights, k, wc->criterion, wc->from + 0.99 * wc->delta, w);
		if (!tied && wins_with_weights(m, cfg, w, e->option))
			fail_msg("option %zu, weight of %zu: 1 %% less than %.17g "
			         "still wins",
			         e->option, wc->criterion, wc->to);
		t->weights++;
		wc->exact ? t->exact++ : t->searched++;
	}
	for (i = 0; i < e->n_value_changes; i++) {
		const tdm_value_change *vc = &e->value_changes[i];
		size_t c = vc->criterion;
		assert_near(vc->from, r->values[c * r->n_options + e->option], 0);
		if (!vc->found)
			continue;
		assert_true(m->criteria[c].better == TDM_BETTER_LOWER
		                ? vc->to < vc->from
		                : vc->to > vc->from);
		if (m->criteria[c].n_levels > 0)
			continue;   /* checked where levels are tested */
		if (!wins_with_value(m, cfg, e->option, c, vc->to))
			fail_msg("option %zu, value of %zu to %.17g does not win",
			         e->option, c, vc->to);
		if (!tied && wins_with_value(m, cfg, e->option, c,
		                             vc->from + 0.99 * (vc->to - vc->from)))
			fail_msg("option %zu, value of %zu: 1 %% less than %.17g "
			         "still wins",
			         e->option, c, vc->to);
		t->values++;
		vc->exact ? t->exact++ : t->searched++;
	}
	/* a single-weight change is a joint change too */
	if (e->weight_changes[0].found)
		assert_true(e->joint_found);
	if (e->joint_found) {
		double sum = 0, d = 0;
		for (j = 0; j < k; j++) {
			assert_true(e->joint_weights[j] >= 0);
			sum += e->joint_weights[j];
			d += fabs(e->joint_weights[j] - r->weights[j]);
		}
		assert_near(sum, 1, 1e-12);
		assert_near(e->joint_l1, d, 1e-12);
		if (!wins_with_weights(m, cfg, e->joint_weights, e->option))
			fail_msg("option %zu: the joint change does not win", e->option);
		/* never worse than the best single-weight change */
		if (e->weight_changes[0].found) {
			moved(r->weights, k, e->weight_changes[0].criterion,
			      e->weight_changes[0].to, w);
			d = 0;
			for (j = 0; j < k; j++)
				d += fabs(w[j] - r->weights[j]);
			assert_true(e->joint_l1 <= d * (1 + 1e-6) + 1e-9);
		}
		if (e->joint_exact && !tied) {
			for (j = 0; j < k; j++)
				w[j] = r->weights[j] +
				       0.99 * (e->joint_weights[j] - r->weights[j]);
			if (wins_with_weights(m, cfg, w, e->option))
				fail_msg("option %zu: 99 %% of the joint change still wins",
				         e->option);
		}
		t->joint++;
	}
	for (i = 0, j = 0; i < e->n_weight_changes; i++)
		j += e->weight_changes[i].found && e->weight_changes[i].plausible;
	assert_int_equal(e->any_plausible, j > 0);
	free(w);
}

/* Explain every ranked option but the chosen one and check them all. */
static void
check_all(const tdm_model *m, const tdm_eval_config *cfg, tally *t)
{
	tdm_result *r;
	size_t i;

	assert_int_equal(tdm_evaluate(m, NULL, cfg, &r, NULL), TDM_OK);
	for (i = 1; i < r->n_ranked; i++) {
		tdm_explanation *e;
		assert_int_equal(tdm_explain(m, NULL, r, r->order[i], &e, NULL),
		                 TDM_OK);
		assert_int_equal(e->reference, r->order[0]);
		check_counterfactuals(m, cfg, r, e, t);
		tdm_explanation_free(e);
	}
	tdm_result_free(r);
}

static void
test_explain_margin_costs_and_wins_by_hand(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	double kafka = 0.5 + 0.3 * 55.0 / 68, rabbit = 0.3 + 0.2 * 2700.0 / 3300;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	assert_int_equal(e->option, 1);
	assert_int_equal(e->reference, 0);
	assert_int_equal(e->verdict, TDM_VERDICT_RANKED);
	assert_int_equal(e->rank, 2);
	assert_int_equal(e->ref_rank, 1);
	assert_near(e->score, r->options[1].score, 0);
	assert_near(e->ref_score, r->options[0].score, 0);
	assert_near(e->margin, kafka - rabbit, 1e-15);
	assert_false(e->close_call);
	assert_int_equal(e->n_contenders, 0);
	assert_true(e->deltas_additive);
	/* throughput costs it 0.5; cost wins 0.2 * 2700/3300, p99 0.3 * 13/68 */
	assert_int_equal(e->n_costs, 1);
	assert_int_equal(e->costs[0].criterion, 0);
	assert_near(e->costs[0].delta, -0.5, 1e-15);
	assert_int_equal(e->n_wins, 2);
	assert_int_equal(e->wins[0].criterion, 2);
	assert_near(e->wins[0].delta, 0.2 * 2700.0 / 3300, 1e-15);
	assert_int_equal(e->wins[1].criterion, 1);
	assert_near(e->wins[1].delta, 0.3 * 13.0 / 68, 1e-15);
	/* each delta is the engine's contribution difference */
	assert_near(e->wins[1].delta,
	            r->options[1].contrib[1] - r->options[0].contrib[1], 0);
	assert_true(e->has_counterfactuals);
	assert_int_equal(e->why_not_computed[0], '\0');
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_wsm_single_weight_by_hand(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	const tdm_weight_change *wc = NULL;
	double boundary;
	size_t i;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	for (i = 0; i < e->n_weight_changes; i++)
		if (e->weight_changes[i].criterion == 1)
			wc = &e->weight_changes[i];
	assert_non_null(wc);
	/* p99's weight t, the others 5:2 of 1 - t. Scores are a + b t:
	 * Kafka 5/7 + t (55/68 - 5/7), RabbitMQ (2 * 2700/3300)/7 + t (1 -
	 * that), NATS 4.5/7 - t 4.5/7; RabbitMQ must pass both. */
	{
		double ka = 5.0 / 7, kb = 55.0 / 68 - ka;
		double ra = 2 * 2700.0 / 3300 / 7, rb = 1 - ra;
		double na = 4.5 / 7, nb = -na;
		double t_k = (ka - ra) / (rb - kb), t_n = (na - ra) / (rb - nb);
		boundary = fmax(t_k, t_n);
		assert_near(boundary, 0.7154, 1e-4);
		assert_true(wc->found);
		assert_true(wc->exact);
		assert_true(wc->to > boundary);
		assert_near(wc->to, boundary, 1e-5);
		assert_near(wc->from, 0.3, 1e-15);
		assert_near(wc->delta, wc->to - 0.3, 1e-15);
		assert_false(wc->plausible);   /* +0.42 is more than half of 0.3 */
	}
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_wsm_counterfactuals_apply(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tally t = {0, 0, 0, 0, 0};

	(void)state;
	check_all(m, NULL, &t);
	assert_true(t.weights > 0);
	assert_true(t.joint == 2);
	tdm_model_free(m);
}

static void
test_explain_wsm_random_models_exact(void **state)
{
	static const crit cs[] = {
		{"a", TDM_BETTER_HIGHER, 4}, {"b", TDM_BETTER_LOWER, 3},
		{"c", TDM_BETTER_HIGHER, 2}, {"d", TDM_BETTER_LOWER, 1},
	};
	double rows[8 * 4];
	tally t = {0, 0, 0, 0, 0};
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		tdm_model *m;
		fill_rows(rows, 8 * 4, seed);
		m = build(cs, 4, NULL, rows, 8);
		check_all(m, NULL, &t);
		tdm_model_free(m);
	}
	assert_true(t.weights > 10);
	assert_true(t.values > 10);
	assert_true(t.joint > 10);
	assert_true(t.exact > 10);
}

static void
test_explain_wsm_value_exact_by_hand(void **state)
{
	/* b's x (40) is inside the others' range 0..100 and stays there: its
	 * score moves by 0.5 / 100 per unit. a = 0.5 * 1 + 0.5 * 0.5 = 0.75,
	 * b = 0.5 * 0.4 + 0.5 * 1 = 0.7, c = 0.5 * 0 + 0.5 * 0 = 0: b needs
	 * 0.05 more, x = 40 + 0.05 / 0.005 = 50. */
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const double rows[] = {100, 5, 40, 10, 0, 0};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	const tdm_value_change *vc = NULL;
	size_t i;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_near(r->options[0].score, 0.75, 1e-15);
	assert_near(r->options[1].score, 0.7, 1e-15);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	for (i = 0; i < e->n_value_changes; i++)
		if (e->value_changes[i].criterion == 0)
			vc = &e->value_changes[i];
	assert_non_null(vc);
	assert_true(vc->found);
	assert_true(vc->exact);
	assert_null(vc->level);
	assert_near(vc->from, 40, 0);
	assert_true(vc->to > 50);
	assert_near(vc->to, 50, 1e-4);
	assert_true(wins_with_value(m, NULL, 1, 0, vc->to));
	assert_false(wins_with_value(m, NULL, 1, 0, 50 - 1e-6));
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_value_on_a_fixed_scale_is_exact(void **state)
{
	/* x on a fixed scale 0..10: a = (8, 0) 0.4, b = (2, 1) 0.6, c = (4,
	 * 0.5) 0.45. c needs 0.15 more, 0.5 * x / 10 per unit: x = 4 + 3. */
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const double rows[] = {8, 0, 2, 1, 4, 0.5};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	tally t = {0, 0, 0, 0, 0};

	(void)state;
	m->criteria[0].has_scale = 1;
	m->criteria[0].scale_lo = 0;
	m->criteria[0].scale_hi = 10;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->order[0], 1);
	assert_near(r->options[2].score, 0.45, 1e-15);
	assert_int_equal(tdm_explain(m, NULL, r, 2, &e, NULL), TDM_OK);
	assert_int_equal(e->value_changes[0].criterion, 0);
	assert_true(e->value_changes[0].found);
	assert_true(e->value_changes[0].exact);
	assert_true(e->value_changes[0].to > 7);
	assert_near(e->value_changes[0].to, 7, 1e-5);
	check_counterfactuals(m, NULL, r, e, &t);
	tdm_explanation_free(e);
	/* a cannot get there on x: even 10 gives it 0.5 */
	assert_int_equal(tdm_explain(m, NULL, r, 0, &e, NULL), TDM_OK);
	{
		size_t i;
		for (i = 0; i < e->n_value_changes; i++)
			if (e->value_changes[i].criterion == 0)
				assert_false(e->value_changes[i].found);
	}
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_topsis_search(void **state)
{
	static const crit cs[] = {
		{"a", TDM_BETTER_HIGHER, 4}, {"b", TDM_BETTER_LOWER, 3},
		{"c", TDM_BETTER_HIGHER, 2}, {"d", TDM_BETTER_LOWER, 1},
	};
	tdm_eval_config cfg = {"topsis", NULL, NULL};
	double rows[7 * 4];
	tally t = {0, 0, 0, 0, 0};
	unsigned seed;
	tdm_model *m;

	(void)state;
	for (seed = 11; seed <= 13; seed++) {
		fill_rows(rows, 7 * 4, seed);
		m = build(cs, 4, NULL, rows, 7);
		check_all(m, &cfg, &t);
		tdm_model_free(m);
	}
	m = build(broker, 3, broker_names, broker_rows, 3);
	check_all(m, &cfg, &t);
	tdm_model_free(m);
	assert_true(t.weights > 5);
	assert_true(t.values > 5);
	assert_true(t.joint > 5);
	assert_true(t.searched > 10);
	assert_int_equal(t.exact, 0);
}

static void
test_explain_vikor_search(void **state)
{
	static const crit cs[] = {
		{"a", TDM_BETTER_HIGHER, 3}, {"b", TDM_BETTER_LOWER, 3},
		{"c", TDM_BETTER_HIGHER, 2},
	};
	tdm_eval_config cfg = {"vikor", NULL, NULL};
	double rows[6 * 3];
	tally t = {0, 0, 0, 0, 0};
	unsigned seed;
	tdm_model *m;
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	for (seed = 21; seed <= 23; seed++) {
		fill_rows(rows, 6 * 3, seed);
		m = build(cs, 3, NULL, rows, 6);
		check_all(m, &cfg, &t);
		tdm_model_free(m);
	}
	assert_true(t.weights > 3);
	assert_true(t.values > 3);
	assert_true(t.joint > 3);
	assert_int_equal(t.exact, 0);
	/* lower is better: the margin is the Q gap, positive */
	fill_rows(rows, 6 * 3, 21);
	m = build(cs, 3, NULL, rows, 6);
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, r->order[1], &e, NULL), TDM_OK);
	assert_near(e->margin, r->options[r->order[1]].score -
	                           r->options[r->order[0]].score, 1e-15);
	assert_true(e->margin >= 0);
	assert_false(e->deltas_additive);
	/* vikor has its own normalisation: deltas are weighted min-max gaps */
	{
		size_t i, n = r->n_options, o = r->order[1], ref = r->order[0];
		for (i = 0; i < e->n_costs; i++) {
			size_t c = e->costs[i].criterion;
			double lo = INFINITY, hi = -INFINITY, d;
			size_t q;
			for (q = 0; q < n; q++) {
				lo = fmin(lo, r->values[c * n + q]);
				hi = fmax(hi, r->values[c * n + q]);
			}
			d = (r->values[c * n + o] - r->values[c * n + ref]) / (hi - lo);
			if (m->criteria[c].better == TDM_BETTER_LOWER)
				d = -d;
			assert_near(e->costs[i].delta, r->weights[c] * d, 1e-15);
			assert_true(e->costs[i].delta < 0);
			assert_true(i == 0 || e->costs[i].delta >= e->costs[i - 1].delta);
		}
		for (i = 0; i < e->n_wins; i++) {
			assert_true(e->wins[i].delta > 0);
			assert_true(i == 0 || e->wins[i].delta <= e->wins[i - 1].delta);
		}
	}
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_other_methods_apply(void **state)
{
	static const crit cs[] = {
		{"a", TDM_BETTER_HIGHER, 4}, {"b", TDM_BETTER_LOWER, 3},
		{"c", TDM_BETTER_HIGHER, 2},
	};
	static const char *const methods[] = {"wpm", "promethee2", "spotis",
	                                      "copras", "moora", "edas"};
	double rows[6 * 3];
	size_t i;

	(void)state;
	fill_rows(rows, 6 * 3, 31);
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		tdm_eval_config cfg = {methods[i], NULL, NULL};
		tally t = {0, 0, 0, 0, 0};
		tdm_model *m = build(cs, 3, NULL, rows, 6);
		check_all(m, &cfg, &t);
		assert_true(t.weights + t.values > 0);
		tdm_model_free(m);
	}
}

static void
test_explain_chosen_option_against_runner_up(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 0, &e, NULL), TDM_OK);
	assert_int_equal(e->verdict, TDM_VERDICT_CHOSEN);
	assert_int_equal(e->reference, r->order[1]);
	assert_int_equal(e->reference, 1);
	assert_near(e->margin, r->options[0].score - r->options[1].score, 0);
	assert_true(e->margin > 0);
	/* what carries it: throughput, against RabbitMQ */
	assert_true(e->n_wins >= 1);
	assert_int_equal(e->wins[0].criterion, 0);
	assert_near(e->wins[0].delta, 0.5, 1e-15);
	assert_false(e->has_counterfactuals);
	assert_int_equal(e->n_weight_changes, 0);
	assert_int_equal(e->n_value_changes, 0);
	assert_false(e->joint_found);
	assert_null(e->joint_weights);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_single_option_is_its_own_reference(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 1);
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 0, &e, NULL), TDM_OK);
	assert_int_equal(e->reference, 0);
	assert_near(e->margin, 0, 0);
	assert_false(e->close_call);
	assert_int_equal(e->n_costs + e->n_wins, 0);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_close_call_names_contenders(void **state)
{
	/* a and b differ by (1.01 - 0.9999 + 0.99 - 1) / 2.01 = 0.0001 / 2.01
	 * on a 0..1 spread: a close call between a and b, not c. */
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1.01},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const double rows[] = {1, 0.99, 0.99, 1, 0, 0};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	double best, second, worst;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->order[0], 0);
	best = r->options[0].score;
	second = r->options[1].score;
	worst = r->options[2].score;
	assert_true((best - second) / (best - worst) < TDM_CLOSE_CALL);
	assert_int_equal(tdm_explain(m, NULL, r, 2, &e, NULL), TDM_OK);
	assert_true(e->close_call);
	assert_int_equal(e->n_contenders, 2);
	assert_int_equal(e->contenders[0], 0);
	assert_int_equal(e->contenders[1], 1);
	tdm_explanation_free(e);
	/* the chosen one: ahead of b by the same tiny margin */
	assert_int_equal(tdm_explain(m, NULL, r, 0, &e, NULL), TDM_OK);
	assert_true(e->close_call);
	assert_near(e->margin, best - second, 0);
	assert_int_equal(e->reference, 1);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_close_call_with_two_options(void **state)
{
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b"};
	/* "none" keeps the raw values: 10.05 against 10, 0.5 % apart */
	static const double rows[] = {5, 5.05, 5, 5};
	tdm_eval_config cfg = {NULL, "none", NULL};
	tdm_model *m = build(cs, 2, names, rows, 2);
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	assert_true(e->close_call);
	assert_int_equal(e->n_contenders, 2);
	assert_near(e->margin, 0.025, 1e-12);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_rejected_option_has_no_counterfactuals(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_criterion *p99 = &m->criteria[1];
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	p99->must.is_set = 1;
	p99->must.text = strdup("<= 50");
	assert_int_equal(tdm_must_parse("<= 50", &p99->must.op,
	                                &p99->must.operand, NULL),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 2, &e, NULL), TDM_OK);
	assert_int_equal(e->verdict, TDM_VERDICT_REJECTED);
	assert_int_equal(e->rank, 0);
	assert_int_equal(e->reference, 0);
	assert_near(e->margin, 0, 0);
	assert_int_equal(e->n_costs, 0);
	assert_int_equal(e->n_wins, 0);
	assert_false(e->has_counterfactuals);
	assert_int_equal(e->n_weight_changes, 0);
	assert_false(e->joint_found);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_guardrail_bounds_a_value_change(void **state)
{
	/* a = (1 + 0.3) / 2 = 0.65, b = (0.2 + 1) / 2 = 0.6; b's y beyond the
	 * column's 5 shrinks a's share: b wins once 1.5 / y < 0.2, y > 7.5.
	 * With a guardrail y <= 6 that is not offered. */
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const double rows[] = {10, 1.5, 2, 5, 0, 0};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_criterion *y = &m->criteria[1];
	tdm_result *r;
	tdm_explanation *e;
	size_t i;

	(void)state;
	y->must.is_set = 1;
	y->must.text = strdup("<= 6");
	assert_int_equal(tdm_must_parse("<= 6", &y->must.op, &y->must.operand,
	                                NULL),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->order[0], 0);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	for (i = 0; i < e->n_value_changes; i++)
		if (e->value_changes[i].criterion == 1)
			assert_false(e->value_changes[i].found);
	tdm_explanation_free(e);
	tdm_result_free(r);
	/* without the guardrail y can carry it */
	y->must.is_set = 0;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	for (i = 0; i < e->n_value_changes; i++)
		if (e->value_changes[i].criterion == 1) {
			assert_true(e->value_changes[i].found);
			assert_near(e->value_changes[i].to, 7.5, 1e-5);
			assert_true(wins_with_value(m, NULL, 1, 1,
			                            e->value_changes[i].to));
		}
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_dominated_cannot_win_by_weights(void **state)
{
	/* d is worse than a on every criterion: no weighting makes it win,
	 * single or joint (the LP is infeasible) */
	static const char *const names[] = {"Kafka", "RabbitMQ", "NATS", "d"};
	double rows[12];
	tdm_model *m;
	tdm_result *r;
	tdm_explanation *e;
	tally t = {0, 0, 0, 0, 0};
	size_t i;

	(void)state;
	memcpy(rows, broker_rows, sizeof broker_rows);
	rows[9] = 150000, rows[10] = 30, rows[11] = 4300;
	m = build(broker, 3, names, rows, 4);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[3].verdict, TDM_VERDICT_DOMINATED);
	assert_int_equal(tdm_explain(m, NULL, r, 3, &e, NULL), TDM_OK);
	assert_int_equal(e->verdict, TDM_VERDICT_DOMINATED);
	assert_true(e->has_counterfactuals);
	for (i = 0; i < e->n_weight_changes; i++) {
		assert_false(e->weight_changes[i].found);
		assert_true(e->weight_changes[i].exact);  /* proved, not missed */
		assert_near(e->weight_changes[i].delta, 0, 0);
		assert_near(e->weight_changes[i].to, e->weight_changes[i].from, 0);
	}
	assert_false(e->any_plausible);
	/* the LP is infeasible: no weighting at all, and it says so exactly */
	assert_false(e->joint_found);
	assert_true(e->joint_exact);
	/* a value change can still lift it */
	check_counterfactuals(m, NULL, r, e, &t);
	assert_true(t.values > 0);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_levels_report_the_level(void **state)
{
	/* fit levels none 0, weak 1, good 2, strong 3; b at "none" needs
	 * "good": with "weak" the column's minimum moves and b still loses */
	static const crit cs[] = {{"fit", TDM_BETTER_HIGHER, 1},
	                          {"cost", TDM_BETTER_LOWER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const char *const lv[] = {"none", "weak", "good", "strong"};
	static const char *const fits[] = {"strong", "none", "weak"};
	static const double rows[] = {NAN, 100, NAN, 50, NAN, 120};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_criterion *fit = &m->criteria[0];
	tdm_value v = {TDM_VAL_STRING, 0, {0}};
	tdm_result *r;
	tdm_explanation *e;
	const tdm_value_change *vc = NULL;
	size_t i;

	(void)state;
	fit->levels = calloc(4, sizeof *fit->levels);
	for (i = 0; i < 4; i++) {
		fit->levels[i].name = strdup(lv[i]);
		fit->levels[i].value = (double)i;
	}
	fit->n_levels = 4;
	for (i = 0; i < 3; i++) {
		v.as.str = (char *)fits[i];
		assert_int_equal(tdm_model_set_value(m, i, 0, &v, NULL), TDM_OK);
	}
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->order[0], 0);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	for (i = 0; i < e->n_value_changes; i++)
		if (e->value_changes[i].criterion == 0)
			vc = &e->value_changes[i];
	assert_non_null(vc);
	assert_true(vc->found);
	assert_non_null(vc->level);
	assert_string_equal(vc->level, "good");
	assert_near(vc->to, 2, 0);
	assert_near(vc->from, 0, 0);
	tdm_explanation_free(e);
	tdm_result_free(r);
	/* apply: "good" wins, "weak" does not */
	for (i = 1; i <= 2; i++) {
		tdm_model *cl = tdm_model_clone(m);
		v.as.str = (char *)lv[i];
		assert_int_equal(tdm_model_set_value(cl, 1, 0, &v, NULL), TDM_OK);
		assert_int_equal(tdm_evaluate(cl, NULL, NULL, &r, NULL), TDM_OK);
		assert_int_equal(wins_alone(r, 1), i == 2);
		tdm_result_free(r);
		tdm_model_free(cl);
	}
	tdm_model_free(m);
}

/* The decision's own aggregation: a weighted sum of the normalised
 * values. */
static tdm_status
weighted_sum(void *ud, const tdm_model *m, size_t n, const size_t *rows,
             const double *norm, const double *w, double *scores,
             tdm_error *err)
{
	size_t i, c;

	(void)ud, (void)rows, (void)err;
	for (i = 0; i < n; i++) {
		scores[i] = 0;
		for (c = 0; c < m->n_criteria; c++)
			scores[i] += w[c] * norm[c * n + i];
	}
	return TDM_OK;
}

static void
test_explain_lua_method_says_why_not(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_hooks hooks = {NULL, NULL, NULL, weighted_sum, NULL};
	tdm_result *r;
	tdm_explanation *e;

	(void)state;
	m->method_fn = 1;
	assert_int_equal(tdm_evaluate(m, &hooks, NULL, &r, NULL), TDM_OK);
	assert_string_equal(r->method, "lua");
	assert_int_equal(tdm_explain(m, &hooks, r, 1, &e, NULL), TDM_OK);
	assert_false(e->has_counterfactuals);
	assert_non_null(strstr(e->why_not_computed, "Lua"));
	assert_int_equal(e->n_weight_changes, 0);
	assert_false(e->joint_found);
	/* costs and wins still come from the normalised values */
	assert_false(e->deltas_additive);
	assert_int_equal(e->n_costs, 1);
	assert_near(e->costs[0].delta,
	            r->weights[0] * (r->options[1].norm[0] - r->options[0].norm[0]),
	            1e-15);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_bad_option_is_a_usage_error(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_result *r;
	tdm_explanation *e = (tdm_explanation *)&e;
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(tdm_explain(m, NULL, r, 3, &e, &err), TDM_USAGE);
	assert_null(e);
	assert_non_null(strstr(err.message, "no option 3"));
	tdm_explanation_free(NULL);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_explain_tied_option_breaks_the_tie(void **state)
{
	/* a and b tie for first; b's counterfactuals break the tie */
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c"};
	static const double rows[] = {1, 0, 0, 1, 0, 0};
	tdm_model *m = build(cs, 2, names, rows, 3);
	tdm_result *r;
	tdm_explanation *e;
	tally t = {0, 0, 0, 0, 0};

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[1].rank, 1);
	assert_int_equal(tdm_explain(m, NULL, r, 1, &e, NULL), TDM_OK);
	assert_int_equal(e->reference, 0);
	assert_near(e->margin, 0, 0);
	assert_true(e->close_call);
	check_counterfactuals(m, NULL, r, e, &t);
	assert_true(e->weight_changes[0].found);
	assert_int_equal(e->weight_changes[0].criterion, 1);
	assert_true(e->weight_changes[0].plausible);
	assert_true(e->any_plausible);
	assert_true(e->joint_found);
	tdm_explanation_free(e);
	tdm_result_free(r);
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_margin_costs_and_wins_by_hand),
		cmocka_unit_test(test_explain_wsm_single_weight_by_hand),
		cmocka_unit_test(test_explain_wsm_counterfactuals_apply),
		cmocka_unit_test(test_explain_wsm_random_models_exact),
		cmocka_unit_test(test_explain_wsm_value_exact_by_hand),
		cmocka_unit_test(test_explain_value_on_a_fixed_scale_is_exact),
		cmocka_unit_test(test_explain_topsis_search),
		cmocka_unit_test(test_explain_vikor_search),
		cmocka_unit_test(test_explain_other_methods_apply),
		cmocka_unit_test(test_explain_chosen_option_against_runner_up),
		cmocka_unit_test(test_explain_single_option_is_its_own_reference),
		cmocka_unit_test(test_explain_close_call_names_contenders),
		cmocka_unit_test(test_explain_close_call_with_two_options),
		cmocka_unit_test(test_explain_rejected_option_has_no_counterfactuals),
		cmocka_unit_test(test_explain_guardrail_bounds_a_value_change),
		cmocka_unit_test(test_explain_dominated_cannot_win_by_weights),
		cmocka_unit_test(test_explain_levels_report_the_level),
		cmocka_unit_test(test_explain_lua_method_says_why_not),
		cmocka_unit_test(test_explain_bad_option_is_a_usage_error),
		cmocka_unit_test(test_explain_tied_option_breaks_the_tie),
	};
	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
