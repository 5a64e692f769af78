/*
 * Unit tests for compare.c: tdm_compare against hand computation (min-max
 * over the ranked options and the two compared, direction, constant
 * ranges, missing values), its errors, and one property against
 * tdm_evaluate: under WSM with min-max, the total of two ranked options is
 * the difference of their scores.
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

/* ------------------------------------------------------------------------
 * A model and a result made by hand: three criteria (speed: higher,
 * cost: lower, flag: constant among the ranked), four options, the last
 * rejected. Values are resolved numbers, values[c * n + o].
 * --------------------------------------------------------------------- */

typedef struct fixture {
	tdm_model *m;
	tdm_result *r;
} fixture;

static void
add_crit(tdm_model *m, const char *name, double w, tdm_better better)
{
	tdm_criterion *c = NULL;

	assert_int_equal(tdm_model_add_criterion(m, name, -1, 0, &c, NULL),
	                 TDM_OK);
	c->weight = w;
	c->has_weight = 1;
	c->better = better;
	c->has_better = 1;
}

static fixture
fixture_new(void)
{
	/*             A     B     C     D (rejected) */
	static const double speed[] = {10, 20, 30, 100};
	static const double cost[] = {5, 3, 1, 0};
	static const double flag[] = {1, 1, 1, 0};
	static const double weights[] = {0.5, 0.3, 0.2};
	static const long ranks[] = {3, 2, 1, 0};
	const size_t n = 4, k = 3;
	fixture f;
	size_t o, c;

	f.m = tdm_model_new();
	assert_non_null(f.m);
	add_crit(f.m, "speed", 5, TDM_BETTER_HIGHER);
	add_crit(f.m, "cost", 3, TDM_BETTER_LOWER);
	add_crit(f.m, "flag", 2, TDM_BETTER_HIGHER);
	assert_int_equal(tdm_model_add_option(f.m, "A", -1, 0, &o, NULL), TDM_OK);
	assert_int_equal(tdm_model_add_option(f.m, "B", -1, 0, &o, NULL), TDM_OK);
	assert_int_equal(tdm_model_add_option(f.m, "C", -1, 0, &o, NULL), TDM_OK);
	assert_int_equal(tdm_model_add_option(f.m, "D", -1, 0, &o, NULL), TDM_OK);
	f.r = calloc(1, sizeof *f.r);
	assert_non_null(f.r);
	f.r->model = f.m;
	strcpy(f.r->method, "wsm");
	strcpy(f.r->normalization, "minmax");
	strcpy(f.r->weighting, "direct");
	f.r->n_criteria = k;
	f.r->n_options = n;
	f.r->weights = malloc(k * sizeof *f.r->weights);
	f.r->options = calloc(n, sizeof *f.r->options);
	f.r->order = calloc(n, sizeof *f.r->order);
	f.r->values = malloc(n * k * sizeof *f.r->values);
	f.r->has_value = malloc(n * k);
	assert_non_null(f.r->weights);
	assert_non_null(f.r->options);
	assert_non_null(f.r->order);
	assert_non_null(f.r->values);
	assert_non_null(f.r->has_value);
	memcpy(f.r->weights, weights, sizeof weights);
	memset(f.r->has_value, 1, n * k);
	for (o = 0; o < n; o++) {
		f.r->values[0 * n + o] = speed[o];
		f.r->values[1 * n + o] = cost[o];
		f.r->values[2 * n + o] = flag[o];
		f.r->options[o].rank = ranks[o];
		f.r->options[o].verdict = ranks[o] == 1   ? TDM_VERDICT_CHOSEN
		                          : ranks[o] > 0 ? TDM_VERDICT_RANKED
		                                         : TDM_VERDICT_REJECTED;
		f.r->order[o] = n - 1 - o;
	}
	f.r->n_ranked = 3;
	for (c = 0; c < k; c++)
		f.r->weight_sum += weights[c];
	return f;
}

static void
fixture_free(fixture *f)
{
	tdm_result_free(f->r);
	tdm_model_free(f->m);
}

/* ------------------------------------------------------------------------
 * Hand computation
 * --------------------------------------------------------------------- */

static void
test_compare_hand_computation(void **state)
{
	fixture f = fixture_new();
	tdm_comparison *c = NULL;
	tdm_error err;

	(void)state;
	/* A (0) against C (2): ranked range speed 10..30, cost 1..5 */
	assert_int_equal(tdm_compare(f.m, f.r, 0, 2, &c, &err), TDM_OK);
	assert_non_null(c);
	assert_int_equal(c->a, 0);
	assert_int_equal(c->b, 2);
	assert_int_equal(c->n_rows, 3);

	/* speed: A 10 -> 0, C 30 -> 1; 0.5 * (0 - 1) = -0.5, favours C */
	assert_int_equal(c->rows[0].criterion, 0);
	assert_true(c->rows[0].has_a && c->rows[0].has_b);
	assert_near(c->rows[0].a, 10, 0);
	assert_near(c->rows[0].b, 30, 0);
	assert_near(c->rows[0].norm_a, 0, 1e-15);
	assert_near(c->rows[0].norm_b, 1, 1e-15);
	assert_near(c->rows[0].weighted, -0.5, 1e-15);
	assert_int_equal(c->rows[0].favours, -1);

	/* cost (lower is better): A 5 -> 0, C 1 -> 1; 0.3 * -1 */
	assert_near(c->rows[1].norm_a, 0, 1e-15);
	assert_near(c->rows[1].norm_b, 1, 1e-15);
	assert_near(c->rows[1].weighted, -0.3, 1e-15);
	assert_int_equal(c->rows[1].favours, -1);

	/* flag: constant among the ranked: both 1, neither favoured */
	assert_near(c->rows[2].norm_a, 1, 0);
	assert_near(c->rows[2].norm_b, 1, 0);
	assert_near(c->rows[2].weighted, 0, 0);
	assert_int_equal(c->rows[2].favours, 0);

	assert_near(c->total, -0.8, 1e-15);
	tdm_comparison_free(c);

	/* B (1) against A (0): speed (20-10)/20 = 0.5 vs 0; cost (5-3)/4 =
	 * 0.5 vs 0 */
	assert_int_equal(tdm_compare(f.m, f.r, 1, 0, &c, &err), TDM_OK);
	assert_near(c->rows[0].norm_a, 0.5, 1e-15);
	assert_near(c->rows[0].weighted, 0.25, 1e-15);
	assert_int_equal(c->rows[0].favours, 1);
	assert_near(c->rows[1].norm_a, 0.5, 1e-15);
	assert_near(c->rows[1].weighted, 0.15, 1e-15);
	assert_near(c->total, 0.4, 1e-15);
	tdm_comparison_free(c);
	fixture_free(&f);
}

/* The rejected option counts in the range only when it is compared. */
static void
test_compare_range_includes_the_two(void **state)
{
	fixture f = fixture_new();
	tdm_comparison *c = NULL;

	(void)state;
	/* C (2) against D (3): speed range 10..100, cost 0..5, flag 0..1 */
	assert_int_equal(tdm_compare(f.m, f.r, 2, 3, &c, NULL), TDM_OK);
	assert_near(c->rows[0].norm_a, 20.0 / 90.0, 1e-15);
	assert_near(c->rows[0].norm_b, 1, 1e-15);
	assert_near(c->rows[0].weighted, 0.5 * (20.0 / 90.0 - 1), 1e-15);
	assert_near(c->rows[1].norm_a, 0.8, 1e-15);
	assert_near(c->rows[1].norm_b, 1, 1e-15);
	assert_near(c->rows[2].norm_a, 1, 1e-15);
	assert_near(c->rows[2].norm_b, 0, 1e-15);
	assert_near(c->rows[2].weighted, 0.2, 1e-15);
	assert_int_equal(c->rows[2].favours, 1);
	assert_near(c->total,
	            0.5 * (20.0 / 90.0 - 1) + 0.3 * (0.8 - 1) + 0.2, 1e-15);
	tdm_comparison_free(c);
	fixture_free(&f);
}

static void
test_compare_missing_value_favours_neither(void **state)
{
	fixture f = fixture_new();
	tdm_comparison *c = NULL;

	(void)state;
	f.r->has_value[1 * 4 + 1] = 0; /* B has no cost */
	assert_int_equal(tdm_compare(f.m, f.r, 1, 2, &c, NULL), TDM_OK);
	assert_false(c->rows[1].has_a);
	assert_true(c->rows[1].has_b);
	assert_near(c->rows[1].weighted, 0, 0);
	assert_int_equal(c->rows[1].favours, 0);
	/* the missing value does not take part in the range: cost 1..5 */
	assert_near(c->rows[1].norm_b, 1, 1e-15);
	/* speed still counts: (20-10)/20 vs 1 */
	assert_near(c->total, 0.5 * (0.5 - 1), 1e-15);
	tdm_comparison_free(c);
	fixture_free(&f);
}

static void
test_compare_tiny_difference_favours_neither(void **state)
{
	fixture f = fixture_new();
	tdm_comparison *c = NULL;

	(void)state;
	f.r->values[0 * 4 + 0] = 30 - 1e-13; /* A's speed all but C's */
	f.r->values[1 * 4 + 0] = 1;          /* and its cost the same */
	assert_int_equal(tdm_compare(f.m, f.r, 0, 2, &c, NULL), TDM_OK);
	assert_true(fabs(c->rows[0].weighted) < 1e-12);
	assert_int_equal(c->rows[0].favours, 0);
	assert_int_equal(c->rows[1].favours, 0);
	tdm_comparison_free(c);
	fixture_free(&f);
}

/* ------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------- */

static void
test_compare_errors(void **state)
{
	fixture f = fixture_new();
	tdm_comparison *c = (tdm_comparison *)&f; /* must be reset to NULL */
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_compare(f.m, f.r, 1, 1, &c, &err), TDM_USAGE);
	assert_null(c);
	assert_int_equal(err.code, TDM_USAGE);
	assert_string_equal(err.message, "compare needs two different options");

	assert_int_equal(tdm_compare(f.m, f.r, 0, 4, &c, &err), TDM_USAGE);
	assert_null(c);
	assert_non_null(strstr(err.message, "no option number 4"));

	assert_int_equal(tdm_compare(NULL, f.r, 0, 1, &c, &err), TDM_USAGE);
	assert_int_equal(tdm_compare(f.m, NULL, 0, 1, &c, &err), TDM_USAGE);
	assert_int_equal(tdm_compare(f.m, f.r, 0, 1, NULL, &err), TDM_USAGE);
	/* err may be NULL */
	assert_int_equal(tdm_compare(f.m, f.r, 2, 2, &c, NULL), TDM_USAGE);

	/* a result that no longer fits its model */
	f.r->n_criteria = 2;
	assert_int_equal(tdm_compare(f.m, f.r, 0, 1, &c, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "does not match its model"));
	f.r->n_criteria = 3;
	free(f.r->values);
	f.r->values = NULL;
	assert_int_equal(tdm_compare(f.m, f.r, 0, 1, &c, &err), TDM_EVAL);
	assert_null(c);

	tdm_comparison_free(NULL); /* a no-op */
	fixture_free(&f);
}

/* ------------------------------------------------------------------------
 * Against the evaluator
 * --------------------------------------------------------------------- */

static void
set_num(tdm_model *m, size_t o, const char *attr, double x)
{
	tdm_value v;
	long a = tdm_model_attr(m, attr, 1);

	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_NUMBER;
	v.as.num = x;
	assert_true(a >= 0);
	assert_int_equal(tdm_model_set_value(m, o, (size_t)a, &v, NULL), TDM_OK);
}

/* Under WSM with min-max, each ranked option's score is the sum of
 * w * norm over the ranked range, so A vs B totals score(A) - score(B). */
static void
test_compare_wsm_total_is_score_difference(void **state)
{
	static const double tput[] = {200000, 40000, 120000, 90000};
	static const double p99[] = {25, 12, 8, 40};
	static const double cost[] = {4200, 1500, 2600, 900};
	static const char *const names[] = {"Kafka", "RabbitMQ", "NATS",
	                                    "Redis"};
	tdm_eval_config cfg = {"wsm", NULL, NULL};
	tdm_model *m = tdm_model_new();
	tdm_result *r = NULL;
	tdm_comparison *c = NULL;
	tdm_error err;
	size_t o, a, b;

	(void)state;
	assert_non_null(m);
	add_crit(m, "throughput", 5, TDM_BETTER_HIGHER);
	add_crit(m, "p99_ms", 3, TDM_BETTER_LOWER);
	add_crit(m, "ops_cost", 2, TDM_BETTER_LOWER);
	for (o = 0; o < 4; o++) {
		size_t idx;
		assert_int_equal(tdm_model_add_option(m, names[o], -1, 0, &idx,
		                                      NULL),
		                 TDM_OK);
		set_num(m, idx, "throughput", tput[o]);
		set_num(m, idx, "p99_ms", p99[o]);
		set_num(m, idx, "ops_cost", cost[o]);
	}
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, &err), TDM_OK);
	for (a = 0; a < 4; a++) {
		for (b = 0; b < 4; b++) {
			size_t k;
			if (a == b)
				continue;
			assert_int_equal(tdm_compare(m, r, a, b, &c, &err), TDM_OK);
			assert_near(c->total, r->options[a].score - r->options[b].score,
			            1e-12);
			for (k = 0; k < 3; k++) {
				assert_near(c->rows[k].norm_a, r->options[a].norm[k], 1e-12);
				assert_near(c->rows[k].weighted,
				            r->options[a].contrib[k] -
				                r->options[b].contrib[k],
				            1e-12);
			}
			tdm_comparison_free(c);
		}
	}
	tdm_result_free(r);
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_hand_computation),
		cmocka_unit_test(test_compare_range_includes_the_two),
		cmocka_unit_test(test_compare_missing_value_favours_neither),
		cmocka_unit_test(test_compare_tiny_difference_favours_neither),
		cmocka_unit_test(test_compare_errors),
		cmocka_unit_test(test_compare_wsm_total_is_score_difference),
	};

	return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
