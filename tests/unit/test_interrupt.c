/*
 * Unit tests for Ctrl-C in the engine: with tdm_interrupted set, the long
 * computations (acceptability sampling, counterfactual search, weight
 * intervals, method agreement, missing values) stop at their first check
 * with TDM_LIMIT "interrupted", hand nothing back and leak nothing (the
 * sanitizer build checks the last part). Each test clears the flag after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tdm.h"

/* Three brokers, three criteria; `hole` leaves RabbitMQ's cost missing. */
static tdm_model *
build(int hole)
{
	static const char *const crit[] = {"throughput", "p99_ms", "cost"};
	static const tdm_better better[] = {TDM_BETTER_HIGHER, TDM_BETTER_LOWER,
	                                    TDM_BETTER_LOWER};
	static const double weight[] = {5, 3, 2};
	static const char *const names[] = {"Kafka", "RabbitMQ", "NATS"};
	static const double rows[] = {
		200000, 25, 4200,
		40000, 12, 1500,
		120000, 80, 900,
	};
	tdm_model *m = tdm_model_new();
	int src = tdm_model_source(m, "t.lua");
	size_t c, o;

	assert_non_null(m);
	for (c = 0; c < 3; c++) {
		tdm_criterion *cr;
		assert_int_equal(tdm_model_add_criterion(m, crit[c], src,
		                                         (long)c + 1, &cr, NULL),
		                 TDM_OK);
		cr->better = better[c];
		cr->has_better = 1;
		cr->weight = weight[c];
		cr->has_weight = 1;
		tdm_model_attr(m, crit[c], 1);
	}
	for (o = 0; o < 3; o++) {
		size_t idx;
		assert_int_equal(tdm_model_add_option(m, names[o], src,
		                                      (long)(10 + o), &idx, NULL),
		                 TDM_OK);
		for (c = 0; c < 3; c++) {
			tdm_value v = {TDM_VAL_NUMBER, (int)c + 2, {0}};
			if (hole && o == 1 && c == 2)
				continue;
			v.as.num = rows[o * 3 + c];
			assert_int_equal(tdm_model_set_value(m, idx, c, &v, NULL),
			                 TDM_OK);
		}
	}
	return m;
}

static void
assert_interrupted(tdm_status s, const tdm_error *e)
{
	assert_int_equal(s, TDM_LIMIT);
	assert_int_equal(e->code, TDM_LIMIT);
	assert_string_equal(e->message, "interrupted");
}

static void
test_interrupt_acceptability(void **state)
{
	tdm_model *m = build(0);
	tdm_result *r;
	tdm_acceptability *a = (tdm_acceptability *)1;
	tdm_acceptability_config cfg = {0, 0, 0};
	tdm_error e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	tdm_error_clear(&e);
	tdm_interrupted = 1;
	assert_interrupted(tdm_acceptability_compute(m, NULL, r, &cfg, &a, &e),
	                   &e);
	tdm_interrupted = 0;
	assert_null(a);
	/* cleared, the same call runs to the end */
	assert_int_equal(tdm_acceptability_compute(m, NULL, r, &cfg, &a, &e),
	                 TDM_OK);
	assert_non_null(a);
	tdm_acceptability_free(a);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_interrupt_explain(void **state)
{
	tdm_model *m = build(0);
	tdm_result *r;
	tdm_explanation *x = (tdm_explanation *)1;
	tdm_error e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_true(r->n_ranked >= 2);
	tdm_error_clear(&e);
	tdm_interrupted = 1;
	assert_interrupted(tdm_explain(m, NULL, r, r->order[1], &x, &e), &e);
	tdm_interrupted = 0;
	assert_null(x);
	assert_int_equal(tdm_explain(m, NULL, r, r->order[1], &x, &e), TDM_OK);
	assert_non_null(x);
	tdm_explanation_free(x);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_interrupt_sensitivity_agreement_missing(void **state)
{
	tdm_model *m = build(1);
	tdm_result *r;
	tdm_sensitivity *s = (tdm_sensitivity *)1;
	tdm_agreement *a = (tdm_agreement *)1;
	tdm_missing_report *mr = (tdm_missing_report *)1;
	tdm_error e;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_true(r->n_ranked >= 2);
	tdm_interrupted = 1;
	tdm_error_clear(&e);
	assert_interrupted(tdm_sensitivity_weights(m, NULL, r, &s, &e), &e);
	assert_null(s);
	tdm_error_clear(&e);
	assert_interrupted(tdm_method_agreement(m, NULL, r, &a, &e), &e);
	assert_null(a);
	tdm_error_clear(&e);
	assert_interrupted(tdm_missing_analyse(m, NULL, r, &mr, &e), &e);
	assert_null(mr);
	tdm_interrupted = 0;
	assert_int_equal(tdm_sensitivity_weights(m, NULL, r, &s, &e), TDM_OK);
	tdm_sensitivity_free(s);
	assert_int_equal(tdm_method_agreement(m, NULL, r, &a, &e), TDM_OK);
	tdm_agreement_free(a);
	assert_int_equal(tdm_missing_analyse(m, NULL, r, &mr, &e), TDM_OK);
	tdm_missing_report_free(mr);
	tdm_result_free(r);
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interrupt_acceptability),
		cmocka_unit_test(test_interrupt_explain),
		cmocka_unit_test(test_interrupt_sensitivity_agreement_missing),
	};
	return cmocka_run_group_tests_name("interrupt", tests, NULL, NULL);
}
