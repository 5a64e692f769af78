/*
 * test_value_fn.c -- the scoring rules (value functions): each shape's
 * values at and between its points, clamping beyond them, validation
 * errors with their messages, no NaN for any finite input, copy and free,
 * and the rule applied to an option's attribute by tdm_evaluate.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tdm.h"
#include "tdm_test.h"

#define EPS 1e-12

/* A rule over the numbers given (lent: the array must outlive it). */
static tdm_value_fn
rule(tdm_vf_kind kind, double *params, size_t n)
{
	tdm_value_fn f;

	f.kind = kind;
	f.params = params;
	f.n_params = n;
	f.text = NULL;
	return f;
}

/* Check f and expect TDM_DATA with message `want`. */
static void
expect_invalid(const tdm_value_fn *f, const char *want)
{
	tdm_error err;

	assert_int_equal(tdm_value_fn_check(f, &err), TDM_DATA);
	assert_int_equal(err.code, TDM_DATA);
	assert_string_equal(err.message, want);
}

static void
expect_valid(const tdm_value_fn *f)
{
	tdm_error err;

	if (tdm_value_fn_check(f, &err) != TDM_OK)
		fail_msg("unexpected: %s", err.message);
}

/* Finite inputs a rule must survive without NaN. */
static const double probes[] = {
	-DBL_MAX, -1e300, -1e16, -1000, -1, -DBL_MIN, -0.0, 0, 4.9e-324,
	DBL_MIN,  1e-300, 0.5,   1,     2,  49.999,   50,  50.001, 125,
	199.999,  200,    1e6,   1e300, DBL_MAX,
};

static void
expect_never_nan(const tdm_value_fn *f)
{
	size_t i;

	for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		double y = tdm_value_fn_apply(f, probes[i]);
		if (!(y >= 0 && y <= 1))
			fail_msg("%s(%g) = %g, not in 0..1", tdm_value_fn_name(f->kind),
			         probes[i], y);
	}
}

/* ------------------------------------------------------------------------
 * Names
 * --------------------------------------------------------------------- */

static void
test_value_fn_names(void **state)
{
	(void)state;
	assert_string_equal(tdm_value_fn_name(TDM_VF_NONE), "none");
	assert_string_equal(tdm_value_fn_name(TDM_VF_LINEAR), "linear");
	assert_string_equal(tdm_value_fn_name(TDM_VF_PIECEWISE), "piecewise");
	assert_string_equal(tdm_value_fn_name(TDM_VF_STEP), "step");
	assert_string_equal(tdm_value_fn_name(TDM_VF_TARGET), "target");
	assert_string_equal(tdm_value_fn_name(TDM_VF_LOGSCALE), "logscale");
}

/* ------------------------------------------------------------------------
 * linear
 * --------------------------------------------------------------------- */

static void
test_value_fn_linear_values(void **state)
{
	double p[] = {0, 100};
	tdm_value_fn f = rule(TDM_VF_LINEAR, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 0), 0, EPS);
	assert_near(tdm_value_fn_apply(&f, 25), 0.25, EPS);
	assert_near(tdm_value_fn_apply(&f, 50), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 100), 1, EPS);
	/* clamped */
	assert_near(tdm_value_fn_apply(&f, -5), 0, 0);
	assert_near(tdm_value_fn_apply(&f, 1e9), 1, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_linear_decreasing(void **state)
{
	double p[] = {200, 50}; /* lower is better */
	tdm_value_fn f = rule(TDM_VF_LINEAR, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 200), 0, EPS);
	assert_false(signbit(tdm_value_fn_apply(&f, 200))); /* not -0 */
	assert_near(tdm_value_fn_apply(&f, 125), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 50), 1, EPS);
	assert_near(tdm_value_fn_apply(&f, 10), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 300), 0, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_linear_huge_range(void **state)
{
	double p[] = {-DBL_MAX, DBL_MAX}; /* hi - lo overflows */
	tdm_value_fn f = rule(TDM_VF_LINEAR, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 0), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, DBL_MAX), 1, EPS);
	assert_near(tdm_value_fn_apply(&f, -DBL_MAX), 0, EPS);
	expect_never_nan(&f);
	/* the smallest possible range */
	p[0] = 0;
	p[1] = 4.9e-324;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 0), 0, 0);
	assert_near(tdm_value_fn_apply(&f, 4.9e-324), 1, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_linear_invalid(void **state)
{
	double p[] = {5, 5};
	tdm_value_fn f = rule(TDM_VF_LINEAR, p, 2);

	(void)state;
	expect_invalid(&f, "linear(lo, hi): lo and hi must differ (both 5)");
	p[1] = INFINITY;
	expect_invalid(&f, "linear(lo, hi): both must be finite numbers");
	p[1] = NAN;
	expect_invalid(&f, "linear(lo, hi): both must be finite numbers");
	f.n_params = 3;
	expect_invalid(&f, "linear takes 2 numbers, got 3");
	f.params = NULL;
	f.n_params = 0;
	expect_invalid(&f, "linear takes 2 numbers, got 0");
}

/* ------------------------------------------------------------------------
 * piecewise
 * --------------------------------------------------------------------- */

static void
test_value_fn_piecewise_values(void **state)
{
	/* "under 50 ms is perfect, over 200 ms worthless" */
	double p[] = {0, 1, 50, 1, 200, 0};
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 6);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 0), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 25), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 50), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 80), 0.8, EPS);
	assert_near(tdm_value_fn_apply(&f, 125), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 200), 0, 0);
	/* constant beyond the ends */
	assert_near(tdm_value_fn_apply(&f, -10), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 1e6), 0, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_piecewise_many_points(void **state)
{
	/* a concave curve through five points; the search must find each
	 * segment */
	double p[] = {0, 0, 10, 0.5, 20, 0.75, 40, 0.9, 80, 1};
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 10);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 5), 0.25, EPS);
	assert_near(tdm_value_fn_apply(&f, 10), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 15), 0.625, EPS);
	assert_near(tdm_value_fn_apply(&f, 30), 0.825, EPS);
	assert_near(tdm_value_fn_apply(&f, 40), 0.9, EPS);
	assert_near(tdm_value_fn_apply(&f, 60), 0.95, EPS);
	assert_near(tdm_value_fn_apply(&f, 79.999999), 1, 1e-6);
	expect_never_nan(&f);
}

static void
test_value_fn_piecewise_extreme_x(void **state)
{
	double p[] = {-DBL_MAX, 0, DBL_MAX, 1};
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 4);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 0), 0.5, EPS);
	expect_never_nan(&f);
}

static void
test_value_fn_piecewise_invalid(void **state)
{
	double one[] = {0, 1};
	double down[] = {0, 1, 50, 1, 40, 0};
	double same[] = {0, 1, 0, 0};
	double high[] = {0, 0, 10, 1.5};
	double neg[] = {0, -0.1, 10, 1};
	double inf[] = {0, 0, INFINITY, 1};
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, one, 2);

	(void)state;
	expect_invalid(&f, "piecewise needs at least 2 points {x, y}, got 1");
	f = rule(TDM_VF_PIECEWISE, down, 5);
	expect_invalid(&f, "piecewise needs at least 2 points {x, y}, got 2");
	f = rule(TDM_VF_PIECEWISE, down, 6);
	expect_invalid(&f, "piecewise: point 3 has x = 40 after x = 50; x must "
	                   "be strictly increasing");
	f = rule(TDM_VF_PIECEWISE, same, 4);
	expect_invalid(&f, "piecewise: point 2 has x = 0 after x = 0; x must be "
	                   "strictly increasing");
	f = rule(TDM_VF_PIECEWISE, high, 4);
	expect_invalid(&f, "piecewise: point 2 has y = 1.5; y must be between 0 "
	                   "and 1");
	f = rule(TDM_VF_PIECEWISE, neg, 4);
	expect_invalid(&f, "piecewise: point 1 has y = -0.1; y must be between 0 "
	                   "and 1");
	f = rule(TDM_VF_PIECEWISE, inf, 4);
	expect_invalid(&f, "piecewise: point 2 is not two finite numbers");
}

/* ------------------------------------------------------------------------
 * step
 * --------------------------------------------------------------------- */

static void
test_value_fn_step_values(void **state)
{
	/* support tiers: none below 1 h, some up to 24 h, best from 24 h */
	double p[] = {1, 0.25, 8, 0.5, 24, 1};
	tdm_value_fn f = rule(TDM_VF_STEP, p, 6);

	(void)state;
	expect_valid(&f);
	/* below the first x: the first y */
	assert_near(tdm_value_fn_apply(&f, 0), 0.25, 0);
	assert_near(tdm_value_fn_apply(&f, -1e9), 0.25, 0);
	/* at a point: its y; between: the y of the point below */
	assert_near(tdm_value_fn_apply(&f, 1), 0.25, 0);
	assert_near(tdm_value_fn_apply(&f, 7.999), 0.25, 0);
	assert_near(tdm_value_fn_apply(&f, 8), 0.5, 0);
	assert_near(tdm_value_fn_apply(&f, 23.9), 0.5, 0);
	assert_near(tdm_value_fn_apply(&f, 24), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 1e9), 1, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_step_invalid(void **state)
{
	double p[] = {10, 1, 5, 0};
	double q[] = {0, 1, 5, 2};
	tdm_value_fn f = rule(TDM_VF_STEP, p, 2);

	(void)state;
	expect_invalid(&f, "step needs at least 2 points {x, y}, got 1");
	f = rule(TDM_VF_STEP, p, 4);
	expect_invalid(&f, "step: point 2 has x = 5 after x = 10; x must be "
	                   "strictly increasing");
	f = rule(TDM_VF_STEP, q, 4);
	expect_invalid(&f, "step: point 2 has y = 2; y must be between 0 and 1");
}

/* ------------------------------------------------------------------------
 * target
 * --------------------------------------------------------------------- */

static void
test_value_fn_target_values(void **state)
{
	double p[] = {3, 2}; /* three replicas, give or take two */
	tdm_value_fn f = rule(TDM_VF_TARGET, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 3), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 2), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 4), 0.5, EPS);
	assert_near(tdm_value_fn_apply(&f, 3.5), 0.75, EPS);
	assert_near(tdm_value_fn_apply(&f, 1), 0, 0);
	assert_near(tdm_value_fn_apply(&f, 5), 0, 0);
	assert_near(tdm_value_fn_apply(&f, -100), 0, 0);
	assert_near(tdm_value_fn_apply(&f, 100), 0, 0);
	expect_never_nan(&f);
	/* a tolerance so small that every distance divides to infinity */
	p[1] = 4.9e-324;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 3), 1, 0);
	expect_never_nan(&f);
	p[0] = -DBL_MAX;
	expect_never_nan(&f);
}

static void
test_value_fn_target_invalid(void **state)
{
	double p[] = {3, 0};
	tdm_value_fn f = rule(TDM_VF_TARGET, p, 2);

	(void)state;
	expect_invalid(&f, "target(value, tolerance): tolerance must be > 0, "
	                   "got 0");
	p[1] = -1;
	expect_invalid(&f, "target(value, tolerance): tolerance must be > 0, "
	                   "got -1");
	p[1] = INFINITY;
	expect_invalid(&f, "target(value, tolerance): both must be finite "
	                   "numbers");
	f.n_params = 1;
	expect_invalid(&f, "target takes 2 numbers, got 1");
}

/* ------------------------------------------------------------------------
 * logscale
 * --------------------------------------------------------------------- */

static void
test_value_fn_logscale_values(void **state)
{
	double p[] = {1, 1000}; /* throughput over three orders of magnitude */
	tdm_value_fn f = rule(TDM_VF_LOGSCALE, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 1), 0, EPS);
	assert_near(tdm_value_fn_apply(&f, 10), 1.0 / 3, EPS);
	assert_near(tdm_value_fn_apply(&f, 100), 2.0 / 3, EPS);
	assert_near(tdm_value_fn_apply(&f, 1000), 1, EPS);
	assert_near(tdm_value_fn_apply(&f, sqrt(1000)), 0.5, EPS);
	/* clamped, and values <= 0 are the limit towards 0 */
	assert_near(tdm_value_fn_apply(&f, 0.5), 0, 0);
	assert_near(tdm_value_fn_apply(&f, 1e6), 1, 0);
	assert_near(tdm_value_fn_apply(&f, 0), 0, 0);
	assert_near(tdm_value_fn_apply(&f, -5), 0, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_logscale_decreasing(void **state)
{
	double p[] = {1000, 1}; /* lower is better */
	tdm_value_fn f = rule(TDM_VF_LOGSCALE, p, 2);

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 1000), 0, EPS);
	assert_near(tdm_value_fn_apply(&f, 10), 2.0 / 3, EPS);
	assert_near(tdm_value_fn_apply(&f, 1), 1, EPS);
	/* towards 0 is the good end here, so 0 and below score 1 */
	assert_near(tdm_value_fn_apply(&f, 0), 1, 0);
	assert_near(tdm_value_fn_apply(&f, -1), 1, 0);
	expect_never_nan(&f);
}

static void
test_value_fn_logscale_invalid(void **state)
{
	double p[] = {0, 100};
	tdm_value_fn f = rule(TDM_VF_LOGSCALE, p, 2);

	(void)state;
	expect_invalid(&f, "logscale(lo, hi): lo and hi must be > 0, got 0");
	p[0] = 1;
	p[1] = -10;
	expect_invalid(&f, "logscale(lo, hi): lo and hi must be > 0, got -10");
	p[1] = 1;
	expect_invalid(&f, "logscale(lo, hi): lo and hi must differ (both 1)");
	p[0] = 1e300;
	p[1] = nextafter(1e300, INFINITY);
	expect_invalid(&f, "logscale(lo, hi): lo and hi are too close to tell "
	                   "apart on a log scale");
	p[1] = NAN;
	expect_invalid(&f, "logscale(lo, hi): both must be finite numbers");
}

/* ------------------------------------------------------------------------
 * none, unknown kinds, copy and free
 * --------------------------------------------------------------------- */

static void
test_value_fn_none_and_unknown(void **state)
{
	tdm_value_fn f = rule(TDM_VF_NONE, NULL, 0);
	tdm_error err;

	(void)state;
	expect_valid(&f);
	assert_near(tdm_value_fn_apply(&f, 42), 42, 0); /* the identity */
	f.kind = (tdm_vf_kind)99;
	assert_int_equal(tdm_value_fn_check(&f, &err), TDM_DATA);
	assert_string_equal(err.message, "unknown scoring rule (kind 99)");
	assert_int_equal(tdm_value_fn_check(&f, NULL), TDM_DATA);
}

static void
test_value_fn_nan_input(void **state)
{
	double p[] = {0, 1, 50, 1, 200, 0};
	tdm_vf_kind kinds[] = {TDM_VF_LINEAR, TDM_VF_PIECEWISE, TDM_VF_STEP,
	                       TDM_VF_TARGET, TDM_VF_LOGSCALE};
	double two[] = {1, 100};
	size_t i;

	(void)state;
	/* not a finite input, but still no NaN out */
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		tdm_value_fn f = kinds[i] == TDM_VF_PIECEWISE ||
		                         kinds[i] == TDM_VF_STEP
		                     ? rule(kinds[i], p, 6)
		                     : rule(kinds[i], two, 2);
		expect_valid(&f);
		assert_false(isnan(tdm_value_fn_apply(&f, NAN)));
		assert_false(isnan(tdm_value_fn_apply(&f, INFINITY)));
		assert_false(isnan(tdm_value_fn_apply(&f, -INFINITY)));
	}
}

static void
test_value_fn_copy_and_free(void **state)
{
	double p[] = {0, 1, 50, 1, 200, 0};
	char text[] = "piecewise {{0, 1}, {50, 1}, {200, 0}}";
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 6), g;

	(void)state;
	f.text = text;
	assert_int_equal(tdm_value_fn_copy(&g, &f), 0);
	assert_int_equal(g.kind, TDM_VF_PIECEWISE);
	assert_int_equal(g.n_params, 6);
	assert_ptr_not_equal(g.params, p);
	assert_memory_equal(g.params, p, sizeof p);
	assert_ptr_not_equal(g.text, f.text);
	assert_string_equal(g.text, f.text);
	assert_near(tdm_value_fn_apply(&g, 125), 0.5, EPS);
	tdm_value_fn_free(&g);
	assert_int_equal(g.kind, TDM_VF_NONE);
	assert_null(g.params);
	assert_null(g.text);
	assert_int_equal(g.n_params, 0);
	tdm_value_fn_free(&g); /* twice is fine */
	tdm_value_fn_free(NULL);
	/* no parameters, no text */
	f = rule(TDM_VF_NONE, NULL, 0);
	assert_int_equal(tdm_value_fn_copy(&g, &f), 0);
	assert_null(g.params);
	assert_null(g.text);
	tdm_value_fn_free(&g);
}

/* ------------------------------------------------------------------------
 * Applied by resolve: the rule's value is the criterion's value
 * --------------------------------------------------------------------- */

/* A model with criterion "p99" (value function f, copied) and options
 * with the given p99 values. */
static tdm_model *
model_with_rule(const tdm_value_fn *f, const tdm_value *vals, size_t n)
{
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;
	size_t i, o;
	long attr;
	char name[32];

	assert_non_null(m);
	assert_int_equal(tdm_model_add_criterion(m, "p99", -1, 0, &c, NULL),
	                 TDM_OK);
	c->weight = 1;
	c->has_weight = 1;
	c->better = TDM_BETTER_HIGHER;
	c->has_better = 1;
	assert_int_equal(tdm_value_fn_copy(&c->vf, f), 0);
	attr = tdm_model_attr(m, "p99", 1);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "o%zu", i + 1);
		assert_int_equal(tdm_model_add_option(m, name, -1, 0, &o, NULL),
		                 TDM_OK);
		assert_int_equal(tdm_model_set_value(m, o, (size_t)attr, &vals[i],
		                                     NULL),
		                 TDM_OK);
	}
	return m;
}

static tdm_value
num(double x)
{
	tdm_value v;

	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_NUMBER;
	v.as.num = x;
	return v;
}

static void
test_value_fn_applied_by_evaluate(void **state)
{
	double p[] = {0, 1, 50, 1, 200, 0};
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 6);
	tdm_value vals[3];
	tdm_eval_config cfg = {"wsm", NULL, NULL};
	tdm_result *r = NULL;
	tdm_model *m;
	tdm_error err;
	size_t i;

	(void)state;
	vals[0] = num(25);  /* 1 */
	vals[1] = num(80);  /* 0.8 */
	vals[2] = num(300); /* 0 */
	m = model_with_rule(&f, vals, 3);
	/* a guardrail on the raw attribute, not on the 0..1 value */
	m->criteria[0].must.is_set = 1;
	m->criteria[0].must.op = TDM_CMP_LE;
	m->criteria[0].must.operand = num(250);
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, &err), TDM_OK);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[1].rank, 2);
	assert_int_equal(r->options[2].rank, 0); /* 300 breaks <= 250 */
	assert_int_equal(r->options[2].verdict, TDM_VERDICT_REJECTED);
	assert_near(r->options[2].reasons[0].observed.as.num, 300, 0);
	tdm_result_free(r);
	/* with a fixed scale {0, 1} the rule's value is the normalised value */
	m->criteria[0].has_scale = 1;
	m->criteria[0].scale_lo = 0;
	m->criteria[0].scale_hi = 1;
	m->criteria[0].must.is_set = 0;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, &err), TDM_OK);
	for (i = 0; i < 3; i++)
		assert_near(r->options[i].norm[0],
		            tdm_value_fn_apply(&f, vals[i].as.num), EPS);
	assert_near(r->options[1].norm[0], 0.8, EPS);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_value_fn_needs_a_number(void **state)
{
	double p[] = {0, 100};
	tdm_value_fn f = rule(TDM_VF_LINEAR, p, 2);
	char fast[] = "fast";
	tdm_value vals[2];
	tdm_result *r = NULL;
	tdm_model *m;
	tdm_error err;

	(void)state;
	vals[0] = num(5);
	memset(&vals[1], 0, sizeof vals[1]);
	vals[1].type = TDM_VAL_STRING;
	vals[1].as.str = fast;
	m = model_with_rule(&f, vals, 2);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_null(r);
	assert_string_equal(err.message, "option 'o2', criterion 'p99': the "
	                                 "scoring rule linear needs a number, got "
	                                 "'fast'");
	tdm_model_free(m);
	/* a boolean is not taken as 0 or 1 by a rule */
	vals[1].type = TDM_VAL_BOOL;
	vals[1].as.boolean = 1;
	m = model_with_rule(&f, vals, 2);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.message, "option 'o2', criterion 'p99': the "
	                                 "scoring rule linear needs a number, got "
	                                 "true");
	tdm_model_free(m);
	/* a missing value is a reason, as without a rule */
	vals[1].type = TDM_VAL_MISSING;
	m = model_with_rule(&f, vals, 2);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_OK);
	assert_int_equal(r->options[1].rank, 0);
	assert_int_equal(r->options[1].reasons[0].kind, TDM_REASON_MISSING);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_value_fn_checked_by_evaluate(void **state)
{
	double p[] = {0, 1, 50, 1, 40, 0}; /* x goes back */
	tdm_value_fn f = rule(TDM_VF_PIECEWISE, p, 6);
	tdm_value vals[1];
	tdm_result *r = NULL;
	tdm_model *m;
	tdm_error err;

	(void)state;
	vals[0] = num(5);
	m = model_with_rule(&f, vals, 1);
	m->criteria[0].line = 7;
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, &err), TDM_DATA);
	assert_null(r);
	assert_int_equal(err.line, 7);
	assert_string_equal(err.message, "criterion 'p99': piecewise: point 3 "
	                                 "has x = 40 after x = 50; x must be "
	                                 "strictly increasing");
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_DATA);
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_fn_names),
		cmocka_unit_test(test_value_fn_linear_values),
		cmocka_unit_test(test_value_fn_linear_decreasing),
		cmocka_unit_test(test_value_fn_linear_huge_range),
		cmocka_unit_test(test_value_fn_linear_invalid),
		cmocka_unit_test(test_value_fn_piecewise_values),
		cmocka_unit_test(test_value_fn_piecewise_many_points),
		cmocka_unit_test(test_value_fn_piecewise_extreme_x),
		cmocka_unit_test(test_value_fn_piecewise_invalid),
		cmocka_unit_test(test_value_fn_step_values),
		cmocka_unit_test(test_value_fn_step_invalid),
		cmocka_unit_test(test_value_fn_target_values),
		cmocka_unit_test(test_value_fn_target_invalid),
		cmocka_unit_test(test_value_fn_logscale_values),
		cmocka_unit_test(test_value_fn_logscale_decreasing),
		cmocka_unit_test(test_value_fn_logscale_invalid),
		cmocka_unit_test(test_value_fn_none_and_unknown),
		cmocka_unit_test(test_value_fn_nan_input),
		cmocka_unit_test(test_value_fn_copy_and_free),
		cmocka_unit_test(test_value_fn_applied_by_evaluate),
		cmocka_unit_test(test_value_fn_needs_a_number),
		cmocka_unit_test(test_value_fn_checked_by_evaluate),
	};

	return cmocka_run_group_tests_name("value_fn", tests, NULL, NULL);
}
