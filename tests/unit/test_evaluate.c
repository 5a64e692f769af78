/*
 * Unit tests for the evaluation pipeline (resolve.c, weights.c,
 * normalize.c, methods.c, rank.c, evaluate.c), on models built in C.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "tdm_test.h"

/* A model from a compact description: criteria (name, better, weight) and
 * rows of numbers in criterion order (NAN = missing). */
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
		assert_int_equal(tdm_model_add_option(m, names[o], src,
		                                      (long)(100 + o), &idx, NULL),
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

static void
test_evaluate_wsm_minmax_by_hand(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_result *r;
	double w[3] = {0.5, 0.3, 0.2};
	double kafka, rabbit, nats;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	/* min-max by hand: throughput 40k..200k, p99 12..80 (lower), cost
	 * 900..4200 (lower) */
	kafka = w[0] * 1 + w[1] * (80.0 - 25) / 68 + w[2] * 0;
	rabbit = w[0] * 0 + w[1] * 1 + w[2] * (4200.0 - 1500) / 3300;
	nats = w[0] * (80000.0 / 160000) + w[1] * 0 + w[2] * 1;
	assert_near(r->options[0].score, kafka, 1e-15);
	assert_near(r->options[1].score, rabbit, 1e-15);
	assert_near(r->options[2].score, nats, 1e-15);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[0].verdict, TDM_VERDICT_CHOSEN);
	assert_int_equal(r->options[1].verdict, TDM_VERDICT_RANKED);
	assert_int_equal(r->order[0], 0);
	assert_int_equal(r->n_ranked, 3);
	assert_true(r->weights_normalized);
	assert_near(r->weight_sum, 10, 0);
	assert_near(r->options[0].contrib[0], 0.5, 1e-15);
	assert_string_equal(r->method, "wsm");
	assert_string_equal(r->normalization, "minmax");
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_evaluate_ties_share_the_best_rank(void **state)
{
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b", "c", "d"};
	static const double rows[] = {3, 2, 2, 1};
	tdm_model *m = build(cs, 1, names, rows, 4);
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[1].rank, 2);
	assert_int_equal(r->options[2].rank, 2);
	assert_int_equal(r->options[3].rank, 4);
	assert_false(r->weights_normalized);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_evaluate_scaling_weights_keeps_ranking(void **state)
{
	crit scaled[3];
	tdm_model *a = build(broker, 3, broker_names, broker_rows, 3), *b;
	tdm_result *ra, *rb;
	size_t i;

	(void)state;
	memcpy(scaled, broker, sizeof scaled);
	for (i = 0; i < 3; i++)
		scaled[i].weight *= 7.25;
	b = build(scaled, 3, broker_names, broker_rows, 3);
	assert_int_equal(tdm_evaluate(a, NULL, NULL, &ra, NULL), TDM_OK);
	assert_int_equal(tdm_evaluate(b, NULL, NULL, &rb, NULL), TDM_OK);
	for (i = 0; i < 3; i++) {
		assert_int_equal(ra->options[i].rank, rb->options[i].rank);
		assert_near(ra->options[i].score, rb->options[i].score,
		                    1e-15);
	}
	tdm_result_free(ra);
	tdm_result_free(rb);
	tdm_model_free(a);
	tdm_model_free(b);
}

static void
test_evaluate_constant_column_and_single_option(void **state)
{
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1},
	                          {"y", TDM_BETTER_LOWER, 1}};
	static const char *const names[] = {"only"};
	static const double rows[] = {5, 5};
	tdm_model *m = build(cs, 2, names, rows, 1);
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_near(r->options[0].score, 1, 0);
	assert_int_equal(r->options[0].rank, 1);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_evaluate_zero_total_weight_is_an_error(void **state)
{
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 0}};
	static const char *const names[] = {"a", "b"};
	static const double rows[] = {1, 2};
	tdm_model *m = build(cs, 1, names, rows, 2);
	tdm_result *r;
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_null(r);
	assert_non_null(strstr(err.message, "the weights sum to zero"));
	tdm_model_free(m);
}

static void
test_evaluate_missing_value_is_a_reason_not_zero(void **state)
{
	static const char *const names[] = {"Kafka", "RabbitMQ", "NATS"};
	double rows[9];
	tdm_model *m;
	tdm_result *r;

	(void)state;
	memcpy(rows, broker_rows, sizeof rows);
	rows[1 * 3 + 2] = NAN; /* RabbitMQ has no cost */
	m = build(broker, 3, names, rows, 3);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[1].verdict, TDM_VERDICT_REJECTED);
	assert_int_equal(r->options[1].rank, 0);
	assert_int_equal(r->options[1].n_reasons, 1);
	assert_int_equal(r->options[1].reasons[0].kind, TDM_REASON_MISSING);
	assert_int_equal(r->options[1].reasons[0].criterion, 2);
	assert_int_equal(r->n_ranked, 2);
	assert_int_equal(r->order[2], 1);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_evaluate_guardrail_rejects_with_value(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_criterion *p99 = &m->criteria[1];
	tdm_result *r;

	(void)state;
	p99->must.is_set = 1;
	p99->must.text = strdup("<= 50");
	assert_int_equal(tdm_must_parse("<= 50", &p99->must.op,
	                                &p99->must.operand, NULL),
	                 TDM_OK);
	p99->because = strdup("checkout SLO is 50 ms p99");
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[2].verdict, TDM_VERDICT_REJECTED);
	assert_int_equal(r->options[2].reasons[0].kind, TDM_REASON_GUARDRAIL);
	assert_near(r->options[2].reasons[0].observed.as.num, 80, 0);
	/* min-max is taken over the options that are ranked */
	assert_near(r->options[1].norm[1], 1, 0);
	assert_near(r->options[0].norm[1], 0, 0);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_evaluate_string_in_numeric_column_names_the_cell(void **state)
{
	tdm_model *m = build(broker, 3, broker_names, broker_rows, 3);
	tdm_value v = {TDM_VAL_STRING, 3, {0}};
	tdm_result *r;
	tdm_error err;

	(void)state;
	v.as.str = (char *)"12abc";
	assert_int_equal(tdm_model_set_value(m, 1, 1, &v, NULL), TDM_OK);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.source, "t.lua");
	assert_int_equal(err.line, 101);
	assert_int_equal(err.column, 3);
	assert_string_equal(err.message, "option 'RabbitMQ', criterion 'p99_ms': "
	                                 "expected a number, got '12abc'");
	tdm_model_free(m);
}

static void
test_evaluate_levels_and_scale(void **state)
{
	static const crit cs[] = {{"fit", TDM_BETTER_HIGHER, 1},
	                          {"pct", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b"};
	static const double rows[] = {NAN, 50, NAN, 100};
	tdm_model *m = build(cs, 2, names, rows, 2);
	tdm_criterion *fit = &m->criteria[0], *pct = &m->criteria[1];
	tdm_value v = {TDM_VAL_STRING, 0, {0}};
	tdm_result *r;
	tdm_error err;

	(void)state;
	fit->levels = calloc(2, sizeof *fit->levels);
	fit->levels[0].name = strdup("none");
	fit->levels[0].value = 0;
	fit->levels[1].name = strdup("strong");
	fit->levels[1].value = 1;
	fit->n_levels = 2;
	pct->has_scale = 1;
	pct->scale_lo = 0;
	pct->scale_hi = 200;
	v.as.str = (char *)"strong";
	tdm_model_set_value(m, 0, 0, &v, NULL);
	v.as.str = (char *)"none";
	tdm_model_set_value(m, 1, 0, &v, NULL);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_near(r->options[0].norm[1], 0.25, 0);
	assert_near(r->options[1].norm[1], 0.5, 0);
	assert_near(r->options[0].score, 0.5 * 1 + 0.5 * 0.25, 1e-15);
	tdm_result_free(r);
	v.as.str = (char *)"some";
	tdm_model_set_value(m, 1, 0, &v, NULL);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.message, "option 'b', criterion 'fit': 'some' is "
	                                 "not one of the levels (none, strong)");
	v.as.str = (char *)"none";
	tdm_model_set_value(m, 1, 0, &v, NULL);
	v.type = TDM_VAL_NUMBER;
	v.as.num = 250;
	tdm_model_set_value(m, 1, 1, &v, NULL);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.message, "option 'b', criterion 'pct': 250 is "
	                                 "outside its scale 0..200");
	tdm_model_free(m);
}

static tdm_status
fake_score(void *ud, const tdm_model *m, size_t c, size_t o, double *out,
           tdm_error *err)
{
	(void)ud, (void)m, (void)c, (void)err;
	*out = o == 0 ? 10 : 20;
	return TDM_OK;
}

static tdm_status
nan_score(void *ud, const tdm_model *m, size_t c, size_t o, double *out,
          tdm_error *err)
{
	(void)ud, (void)m, (void)c, (void)o, (void)err;
	*out = NAN;
	return TDM_OK;
}

static void
test_evaluate_score_hook_and_non_finite_score(void **state)
{
	static const crit cs[] = {{"x", TDM_BETTER_HIGHER, 1}};
	static const char *const names[] = {"a", "b"};
	static const double rows[] = {NAN, NAN};
	tdm_model *m = build(cs, 1, names, rows, 2);
	tdm_hooks hooks = {NULL, fake_score, NULL, NULL, NULL};
	tdm_result *r;
	tdm_error err;

	(void)state;
	m->criteria[0].score_fn = 1;
	assert_int_equal(tdm_evaluate(m, &hooks, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[1].rank, 1);
	tdm_result_free(r);
	hooks.score = nan_score;
	assert_int_equal(tdm_evaluate(m, &hooks, NULL, &r, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "not a finite number"));
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_EVAL);
	tdm_model_free(m);
}

static void
test_evaluate_adding_dominated_option_keeps_winner(void **state)
{
	static const char *const names[] = {"Kafka", "RabbitMQ", "NATS", "Worse"};
	double rows[12];
	tdm_model *a = build(broker, 3, broker_names, broker_rows, 3), *b;
	tdm_eval_config linear = {NULL, "linear", NULL};
	tdm_result *ra, *rb;

	(void)state;
	memcpy(rows, broker_rows, sizeof broker_rows);
	rows[9] = 30000, rows[10] = 90, rows[11] = 5000;
	b = build(broker, 3, names, rows, 4);
	/* Under min-max the property does not hold in general: a dominated
	 * option can stretch a column's range and reverse the ranking
	 * (test_methods pins a counterexample). Linear normalisation divides by
	 * the column's best value, which a dominated option never changes. */
	assert_int_equal(tdm_evaluate(a, NULL, &linear, &ra, NULL), TDM_OK);
	assert_int_equal(tdm_evaluate(b, NULL, &linear, &rb, NULL), TDM_OK);
	assert_int_equal(ra->order[0], rb->order[0]);
	assert_int_equal(rb->options[3].rank, 4);
	tdm_result_free(ra);
	tdm_result_free(rb);
	tdm_model_free(a);
	tdm_model_free(b);
}

static void
test_evaluate_empty_model_and_unknown_method(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_eval_config cfg = {"magic", NULL, NULL};
	tdm_result *r;
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.message, "the decision has no criteria");
	tdm_model_add_criterion(m, "x", -1, 0, NULL, NULL);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.message, "the decision has no options");
	tdm_model_add_option(m, "A", -1, 0, NULL, NULL);
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, &err), TDM_USAGE);
	assert_non_null(strstr(err.message, "unknown method 'magic'"));
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evaluate_wsm_minmax_by_hand),
		cmocka_unit_test(test_evaluate_ties_share_the_best_rank),
		cmocka_unit_test(test_evaluate_scaling_weights_keeps_ranking),
		cmocka_unit_test(test_evaluate_constant_column_and_single_option),
		cmocka_unit_test(test_evaluate_zero_total_weight_is_an_error),
		cmocka_unit_test(test_evaluate_missing_value_is_a_reason_not_zero),
		cmocka_unit_test(test_evaluate_guardrail_rejects_with_value),
		cmocka_unit_test(test_evaluate_string_in_numeric_column_names_the_cell),
		cmocka_unit_test(test_evaluate_levels_and_scale),
		cmocka_unit_test(test_evaluate_score_hook_and_non_finite_score),
		cmocka_unit_test(test_evaluate_adding_dominated_option_keeps_winner),
		cmocka_unit_test(test_evaluate_empty_model_and_unknown_method),
	};
	return cmocka_run_group_tests_name("evaluate", tests, NULL, NULL);
}
