/*
 * Unit tests for the numeric core's normalisations (normalize.c) and the
 * compensatory methods (method_wsm.c, method_wpm.c, method_topsis.c,
 * method_moora.c, method_copras.c, method_edas.c): called directly through
 * tdm__method_find(name)->fn on hand-built problems, and through
 * tdm_evaluate on models built in C.
 *
 * Published worked examples are compared at the precision the source
 * publishes (a value printed with d decimals must agree to 0.5e-d); each
 * test names its source. Matrices are written row by row (one option per
 * row) as in the sources; the helpers transpose them.
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
#include "tdm_test.h"


/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

/* A dense problem from rows (n x m, row-major); cost[j] = 1 for lower is
 * better. Freed with dense_free. */
typedef struct {
	tdm__problem P;
	double *x;
	tdm__crit *crit;
} dense;

static dense
dense_new(size_t n, size_t m, const double *rows, const int *cost)
{
	dense d;
	size_t i, j;

	d.x = calloc(n * m + 1, sizeof *d.x);
	d.crit = calloc(m, sizeof *d.crit);
	assert_non_null(d.x);
	assert_non_null(d.crit);
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			d.x[j * n + i] = rows[i * m + j];
	for (j = 0; j < m; j++)
		d.crit[j].cost = cost ? cost[j] : 0;
	d.P.n = n;
	d.P.m = m;
	d.P.x = d.x;
	d.P.crit = d.crit;
	d.P.vikor_v = 0.5;
	return d;
}

static void
dense_free(dense *d)
{
	free(d->x);
	free(d->crit);
}

static void
assert_all_finite(const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(v[i]))
			fail_msg("value %zu is %g, not finite", i, v[i]);
}

/* Score the dense problem with `method` under normalisation `nz` (NULL:
 * the method's default; ignored for methods with their own), as
 * tdm_evaluate does: normalise, give the method its workspace, call it. */
static tdm_status
score_dense(const char *method, const char *nz, const tdm__problem *P,
            const double *w, double *score, tdm_error *err)
{
	const tdm__method *me = tdm__method_find(method);
	const tdm__normalization *nzf = NULL;
	double *norm = NULL, *ws = NULL, *extra;
	size_t wsn;
	tdm_status s;

	assert_non_null(me);
	if (me->normalization != NULL) {
		nzf = tdm__normalization_find(nz ? nz : me->normalization);
		assert_non_null(nzf);
	}
	norm = calloc(P->n * P->m + 1, sizeof *norm);
	extra = calloc(P->n * TDM_MAX_EXTRA + 1, sizeof *extra);
	wsn = me->workspace ? me->workspace(P->n, P->m) : 0;
	if (wsn > 0)
		ws = calloc(wsn, sizeof *ws);
	assert_non_null(norm);
	assert_non_null(extra);
	if (nzf != NULL && (s = tdm__normalize(P, nzf, norm, err)) != TDM_OK)
		goto out;
	s = me->fn(P, nzf ? norm : NULL, w, ws, score, extra, NULL, err);
	if (s == TDM_OK)
		assert_all_finite(score, P->n);
out:
	free(norm);
	free(extra);
	free(ws);
	return s;
}

static tdm_status
score_rows(const char *method, const char *nz, size_t n, size_t m,
           const double *rows, const int *cost, const double *w,
           double *score, tdm_error *err)
{
	dense d = dense_new(n, m, rows, cost);
	tdm_status s = score_dense(method, nz, &d.P, w, score, err);

	dense_free(&d);
	return s;
}

/* Scores that must succeed. */
static void
scores(const char *method, const char *nz, size_t n, size_t m,
       const double *rows, const int *cost, const double *w, double *score)
{
	tdm_error err;

	if (score_rows(method, nz, n, m, rows, cost, w, score, &err) != TDM_OK)
		fail_msg("%s: %s", method, err.message);
}

/* Normalise one column. */
static tdm_status
norm_col(const char *nz, size_t n, const double *col, int cost, double *out,
         tdm_error *err)
{
	dense d = dense_new(n, 1, col, &cost);
	const tdm__normalization *f = tdm__normalization_find(nz);
	tdm_status s;

	assert_non_null(f);
	s = tdm__normalize(&d.P, f, out, err);
	if (s == TDM_OK)
		assert_all_finite(out, n);
	dense_free(&d);
	return s;
}

static void
assert_error(tdm_status got, const tdm_error *err, tdm_status code,
             long line, long column, const char *message)
{
	assert_int_equal(got, code);
	assert_int_equal(err->code, code);
	assert_int_equal(err->line, line);
	assert_int_equal(err->column, column);
	assert_string_equal(err->message, message);
}

static double
max_of(const double *v, size_t n)
{
	double m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* Ranks (1 = best, higher scores better, ties share the best rank). */
static void
ranks_of(const double *score, size_t n, long *ranks)
{
	unsigned char eligible[64];
	size_t order[64];

	assert_true(n <= 64);
	memset(eligible, 1, n);
	tdm__rank(n, score, eligible, TDM_DIR_HIGHER, ranks, order);
}

/* A model from rows, for tdm_evaluate. */
static tdm_model *
model_from(size_t n, size_t m, const double *rows, const int *cost,
           const double *w)
{
	tdm_model *mo = tdm_model_new();
	int src = tdm_model_source(mo, "t.lua");
	size_t i, j;
	char name[32];

	assert_non_null(mo);
	for (j = 0; j < m; j++) {
		tdm_criterion *cr;
		snprintf(name, sizeof name, "c%zu", j + 1);
		assert_int_equal(tdm_model_add_criterion(mo, name, src, (long)j + 1,
		                                         &cr, NULL),
		                 TDM_OK);
		cr->better = cost[j] ? TDM_BETTER_LOWER : TDM_BETTER_HIGHER;
		cr->has_better = 1;
		cr->weight = w[j];
		cr->has_weight = 1;
		assert_true(tdm_model_attr(mo, name, 1) == (long)j);
	}
	for (i = 0; i < n; i++) {
		size_t idx;
		snprintf(name, sizeof name, "A%zu", i + 1);
		assert_int_equal(tdm_model_add_option(mo, name, src, (long)(100 + i),
		                                      &idx, NULL),
		                 TDM_OK);
		for (j = 0; j < m; j++) {
			tdm_value v = {TDM_VAL_NUMBER, (int)j + 2, {0}};
			v.as.num = rows[i * m + j];
			assert_int_equal(tdm_model_set_value(mo, idx, j, &v, NULL),
			                 TDM_OK);
		}
	}
	return mo;
}

static tdm_result *
evaluate(const tdm_model *mo, const char *method, const char *nz)
{
	tdm_eval_config cfg = {method, nz, NULL};
	tdm_result *r = NULL;
	tdm_error err;

	if (tdm_evaluate(mo, NULL, &cfg, &r, &err) != TDM_OK)
		fail_msg("tdm_evaluate: %s", err.message);
	return r;
}

/* ------------------------------------------------------------------------
 * Published data sets
 * --------------------------------------------------------------------- */

/* Ersoy, Y. (2021). Equipment selection for an e-commerce company using
 * entropy-based TOPSIS, EDAS and CODAS methods during the COVID-19.
 * LogForum 17(3). Data as in pyrepo-mcda tests/test_mcda_methods.py
 * (Test_TOPSIS, Test_EDAS). */
static const double ersoy_rows[] = {
	256, 8, 41, 1.6, 1.77, 7347.16,
	256, 8, 32, 1.0, 1.8,  6919.99,
	256, 8, 53, 1.6, 1.9,  8400,
	256, 8, 41, 1.0, 1.75, 6808.9,
	512, 8, 35, 1.6, 1.7,  8479.99,
	256, 4, 35, 1.6, 1.7,  7499.99,
};
static const int ersoy_cost[] = {0, 0, 0, 0, 1, 1};
static const double ersoy_w[] = {0.405, 0.221, 0.134, 0.199, 0.007, 0.034};

/* Chakraborty, S., Zavadskas, E. K., & Antucheviciene, J. (2015).
 * Applications of WASPAS method as a multi-criteria decision-making tool.
 * Economic Computation and Economic Cybernetics Studies and Research
 * 49(1), 5-22. Data as in pymcdm tests/test_methods.py (TestWASPAS). */
static const double waspas_rows[] = {
	30, 23, 5,  0.745, 0.745, 1500, 5000,
	18, 13, 15, 0.745, 0.745, 1300, 6000,
	15, 12, 10, 0.500, 0.500, 950,  7000,
	25, 20, 13, 0.745, 0.745, 1200, 4000,
	14, 18, 14, 0.255, 0.745, 950,  3500,
	17, 15, 9,  0.745, 0.500, 1250, 5250,
	23, 18, 20, 0.500, 0.745, 1100, 3000,
	16, 8,  14, 0.255, 0.500, 1500, 3000,
};
static const int waspas_cost[] = {0, 0, 0, 0, 0, 1, 1};
static const double waspas_w[] = {0.1181, 0.1181, 0.0445, 0.1181,
                                  0.2861, 0.2861, 0.0445};

/* Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A
 * Comparative Study. Kluwer, ch. 2 (the numerical example of the WSM and
 * WPM, also the example of the Wikipedia article "Weighted product
 * model"): all criteria are benefits. */
static const double tri_rows[] = {
	25, 20, 15, 30,
	10, 30, 20, 30,
	30, 10, 30, 10,
};
static const int tri_cost[] = {0, 0, 0, 0};
static const double tri_w[] = {0.20, 0.15, 0.40, 0.25};

/* Goswami, S., & Mitra, S. (2020). Selecting the best mobile model by
 * applying AHP-COPRAS and AHP-ARAS decision making methodology.
 * International Journal of Data and Network Science 4(1), 27-42. Data as
 * in pyrepo-mcda tests/test_mcda_methods_2.py (Test_COPRAS). */
static const double goswami_rows[] = {
	80,  16,  2, 5,
	110, 32,  2, 9,
	130, 64,  4, 9,
	185, 64,  4, 1,
	135, 64,  3, 4,
	140, 32,  3, 5,
	185, 64,  6, 7,
	110, 16,  3, 3,
	120, 16,  4, 3,
	340, 128, 6, 5,
};
static const int goswami_cost[] = {1, 0, 0, 0};
static const double goswami_w[] = {0.60338, 0.13639, 0.19567, 0.06456};
static const double goswami_u[] = {1,       0.85262, 0.91930, 0.68523,
                                   0.80515, 0.72587, 0.83436, 0.79758,
                                   0.79097, 0.79533};

/* Siregar, V. M. M., et al. (2021). Decision support system for selection
 * technique using MOORA method. IOP Conf. Series: Materials Science and
 * Engineering 1088, 012022. Data as in pymcdm tests/test_methods.py
 * (TestMOORA). */
static const double siregar_rows[] = {
	1.5,   3, 5, 3.3,
	2,     7, 5, 3.35,
	3,     1, 5, 3.07,
	2.2,   4, 5, 3.5,
	2,     5, 3, 3.09,
	3.2,   2, 3, 3.48,
	2.775, 3, 5, 3.27,
};
static const int siregar_cost[] = {1, 0, 0, 0};
static const double siregar_w[] = {0.3, 0.2, 0.1, 0.4};
static const double siregar_y[] = {0.1801, 0.2345, 0.0625, 0.1757,
                                   0.1683, 0.0742, 0.1197};

/* Yazdani, M., Torkayesh, A. E., Santibanez-Gonzalez, E. D., & Otaghsara,
 * S. K. (2020). Evaluation of renewable energy resources using integrated
 * Shannon Entropy-EDAS model. Sustainable Operations and Computers 1,
 * 35-42. Data as in pymcdm tests/test_methods.py (TestEDAS). */
static const double yazdani_rows[] = {
	3873, 39.55,  0.27, 0.87, 150, 0.07, 12, 2130,
	5067, 67.26,  0.23, 0.23, 40,  0.02, 21, 2200,
	2213, 24.69,  0.08, 0.17, 200, 0.04, 35, 570,
	6243, 132,    0.07, 0.25, 100, 0.04, 16, 100,
	8312, 460.47, 0.05, 0.21, 25,  0.1,  25, 200,
};
static const int yazdani_cost[] = {1, 1, 1, 0, 0, 1, 0, 0};
static const double yazdani_w[] = {0.131, 0.113, 0.126, 0.125,
                                   0.126, 0.129, 0.132, 0.117};
static const double yazdani_as[] = {0.841, 0.632, 0.883, 0.457, 0.104};

/* ------------------------------------------------------------------------
 * Normalisations (definitions: pymcdm/normalizations.py)
 * --------------------------------------------------------------------- */

static const double col125[] = {1, 2, 5};

/* A method without reads_values scores the same when the matrix is
 * normalised in place (P->x is the normalised matrix, as the columnar
 * rank gives it); every method names its normalisation or reads x. A
 * method that read x but said it did not would score differently. */
static void
test_methods_in_place_unless_reads_values(void **state)
{
	static const char *const names[] = {"wsm", "wpm", "topsis", "vikor",
	                                    "promethee2", "spotis", "copras",
	                                    "moora", "edas"};
	static const double rows[] = {3, 40, 0.5, 7, 10, 0.9,
	                              5, 25, 0.7, 2, 60, 0.2};
	static const int cost[] = {0, 1, 0};
	static const double w[] = {0.5, 0.3, 0.2};
	size_t i, j, n = 4, m = 3;
	int n_in_place = 0;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const tdm__method *me = tdm__method_find(names[i]);
		dense d = dense_new(n, m, rows, cost);
		double want[4], got[4], *ws = NULL;
		size_t wsn;
		tdm_error err;

		assert_non_null(me);
		if (me->reads_values) {
			dense_free(&d);
			continue;
		}
		/* no own normalisation: it could not take the matrix in place */
		assert_non_null(me->normalization);
		assert_int_equal(score_dense(names[i], NULL, &d.P, w, want, &err),
		                 TDM_OK);
		wsn = me->workspace ? me->workspace(n, m) : 0;
		ws = calloc(wsn + 1, sizeof *ws);
		assert_non_null(ws);
		for (j = 0; j < m; j++)
			assert_int_equal(
				tdm__normalize_column(&d.P,
				                      tdm__normalization_find(me->normalization),
				                      j, d.x, &err),
				TDM_OK);
		assert_int_equal(me->fn(&d.P, d.x, w, ws, got, NULL, NULL, &err),
		                 TDM_OK);
		for (j = 0; j < n; j++)
			if (memcmp(&got[j], &want[j], sizeof got[j]) != 0)
				fail_msg("%s in place: row %zu scores %.17g, not %.17g",
				         names[i], j, got[j], want[j]);
		n_in_place++;
		free(ws);
		dense_free(&d);
	}
	assert_int_equal(n_in_place, 3); /* wsm, topsis, moora */
}

static void
test_methods_normalization_names(void **state)
{
	const char *const *names = tdm_normalization_names();
	static const char *const want[] = {"minmax", "max",    "linear",
	                                   "sum",    "vector", "none"};
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		assert_string_equal(names[i], want[i]);
		assert_non_null(tdm__normalization_find(want[i]));
	}
	assert_null(names[6]);
	assert_null(tdm__normalization_find("zscore"));
}

static void
test_methods_normalize_minmax(void **state)
{
	double out[3];
	static const double same[] = {4, 4, 4};

	(void)state;
	assert_int_equal(norm_col("minmax", 3, col125, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0, 0);
	assert_near(out[1], 0.25, 1e-15);
	assert_near(out[2], 1, 0);
	assert_int_equal(norm_col("minmax", 3, col125, 1, out, NULL), TDM_OK);
	assert_near(out[0], 1, 0);
	assert_near(out[1], 0.75, 1e-15);
	assert_near(out[2], 0, 0);
	/* constant column (pymcdm: np.ones) */
	assert_int_equal(norm_col("minmax", 3, same, 1, out, NULL), TDM_OK);
	assert_near(out[0], 1, 0);
	assert_near(out[2], 1, 0);
}

static void
test_methods_normalize_max(void **state)
{
	double out[3];
	static const double zero[] = {0, 0, 0}, neg[] = {-1, -3, -2};
	static const double mixed[] = {-5, 5, 0};
	static const double wide[] = {-1e300, 1e-10, 0};
	tdm_error err;

	(void)state;
	assert_int_equal(norm_col("max", 3, col125, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0.2, 1e-15);
	assert_near(out[1], 0.4, 1e-15);
	assert_near(out[2], 1, 0);
	assert_int_equal(norm_col("max", 3, col125, 1, out, NULL), TDM_OK);
	assert_near(out[0], 0.8, 1e-15);
	assert_near(out[1], 0.6, 1e-15);
	assert_near(out[2], 0, 0);
	/* an all-zero column is a constant column: 1, cost 0 */
	assert_int_equal(norm_col("max", 3, zero, 0, out, NULL), TDM_OK);
	assert_near(out[1], 1, 0);
	assert_int_equal(norm_col("max", 3, zero, 1, out, NULL), TDM_OK);
	assert_near(out[1], 0, 0);
	/* negative values are fine while the largest is > 0 */
	assert_int_equal(norm_col("max", 3, mixed, 0, out, NULL), TDM_OK);
	assert_near(out[0], -1, 0);
	assert_near(out[1], 1, 0);
	/* a largest value <= 0 would turn the criterion around */
	assert_error(norm_col("max", 3, neg, 0, out, &err), &err, TDM_DATA, 1, 1,
	             "max normalisation needs the largest value of a criterion "
	             "to be > 0, got -1");
	/* x / max beyond the range of a double */
	assert_error(norm_col("max", 3, wide, 0, out, &err), &err, TDM_DATA, 1,
	             1,
	             "max normalisation overflows: the values span too many "
	             "orders of magnitude, got -1e+300");
}

static void
test_methods_normalize_linear(void **state)
{
	double out[3];
	static const double with_zero[] = {0, 2, 4};
	tdm_error err;

	(void)state;
	assert_int_equal(norm_col("linear", 3, col125, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0.2, 1e-15);
	assert_near(out[2], 1, 0);
	/* cost: min / x */
	assert_int_equal(norm_col("linear", 3, col125, 1, out, NULL), TDM_OK);
	assert_near(out[0], 1, 0);
	assert_near(out[1], 0.5, 1e-15);
	assert_near(out[2], 0.2, 1e-15);
	/* zeros are fine on a benefit criterion (pyrepo-mcda; pymcdm refuses) */
	assert_int_equal(norm_col("linear", 3, with_zero, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0, 0);
	assert_near(out[1], 0.5, 0);
	/* but min / x needs x > 0 */
	assert_error(norm_col("linear", 3, with_zero, 1, out, &err), &err,
	             TDM_DATA, 1, 1,
	             "linear normalisation of a cost criterion needs values > 0, "
	             "got 0");
}

static void
test_methods_normalize_sum(void **state)
{
	double out[3];
	static const double zero[] = {0, 0, 0}, neg[] = {3, -1, 2};
	static const double with_zero[] = {2, 0, 1};
	static const double huge[] = {1e308, 1e308, 1e308};
	tdm_error err;

	(void)state;
	assert_int_equal(norm_col("sum", 3, col125, 0, out, NULL), TDM_OK);
	assert_near(out[0], 1.0 / 8, 1e-15);
	assert_near(out[1], 2.0 / 8, 1e-15);
	assert_near(out[2], 5.0 / 8, 1e-15);
	/* cost: (1/x) / sum(1/x) = 1/1.7, 0.5/1.7, 0.2/1.7 */
	assert_int_equal(norm_col("sum", 3, col125, 1, out, NULL), TDM_OK);
	assert_near(out[0], 1 / 1.7, 1e-15);
	assert_near(out[1], 0.5 / 1.7, 1e-15);
	assert_near(out[2], 0.2 / 1.7, 1e-15);
	/* an all-zero benefit column is a constant column: 1/n each */
	assert_int_equal(norm_col("sum", 3, zero, 0, out, NULL), TDM_OK);
	assert_near(out[0], 1.0 / 3, 1e-15);
	/* sums that would overflow do not */
	assert_int_equal(norm_col("sum", 3, huge, 0, out, NULL), TDM_OK);
	assert_near(out[0], 1.0 / 3, 1e-15);
	assert_error(norm_col("sum", 3, neg, 0, out, &err), &err, TDM_DATA, 2, 1,
	             "sum normalisation of a benefit criterion needs values >= "
	             "0, got -1");
	assert_error(norm_col("sum", 3, with_zero, 1, out, &err), &err, TDM_DATA,
	             2, 1,
	             "sum normalisation of a cost criterion needs values > 0, "
	             "got 0");
}

static void
test_methods_normalize_vector(void **state)
{
	double out[2], out3[3];
	static const double c34[] = {3, 4}, big[] = {3e300, 4e300};
	static const double zero[] = {0, 0, 0, 0};
	double out4[4];

	(void)state;
	assert_int_equal(norm_col("vector", 2, c34, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0.6, 1e-15);
	assert_near(out[1], 0.8, 1e-15);
	assert_int_equal(norm_col("vector", 2, c34, 1, out, NULL), TDM_OK);
	assert_near(out[0], 0.4, 1e-15);
	assert_near(out[1], 0.2, 1e-15);
	/* squares that would overflow do not */
	assert_int_equal(norm_col("vector", 2, big, 0, out, NULL), TDM_OK);
	assert_near(out[0], 0.6, 1e-15);
	/* an all-zero column is a constant column: 1/sqrt(n) */
	assert_int_equal(norm_col("vector", 4, zero, 0, out4, NULL), TDM_OK);
	assert_near(out4[0], 0.5, 1e-15);
	assert_int_equal(norm_col("vector", 4, zero, 1, out4, NULL), TDM_OK);
	assert_near(out4[3], 0.5, 1e-15);
	/* 1 / sqrt(30) */
	assert_int_equal(norm_col("vector", 3, col125, 0, out3, NULL), TDM_OK);
	assert_near(out3[0], 1 / sqrt(30), 1e-15);
}

static void
test_methods_normalize_none(void **state)
{
	double out[3];
	static const double with_zero[] = {0, -2, 7.5};

	(void)state;
	assert_int_equal(norm_col("none", 3, with_zero, 0, out, NULL), TDM_OK);
	assert_near(out[1], -2, 0);
	assert_near(out[2], 7.5, 0);
	/* cost: -x, so higher is better; a zero stays +0 */
	assert_int_equal(norm_col("none", 3, with_zero, 1, out, NULL), TDM_OK);
	assert_near(out[0], 0, 0);
	assert_false(signbit(out[0]));
	assert_near(out[1], 2, 0);
	assert_near(out[2], -7.5, 0);
}

static void
test_methods_normalize_fixed_scale_wins_over_name(void **state)
{
	static const double rows[] = {10, 1, 30, 2};
	static const int cost[] = {0, 1};
	static const char *const names[] = {"minmax", "max",    "linear",
	                                    "sum",    "vector", "none"};
	dense d = dense_new(2, 2, rows, cost);
	double out[4];
	size_t k;

	(void)state;
	d.crit[0].has_scale = 1;
	d.crit[0].lo = 0;
	d.crit[0].hi = 40;
	d.crit[1].has_scale = 1;
	d.crit[1].lo = 0;
	d.crit[1].hi = 4;
	for (k = 0; k < 6; k++) {
		assert_int_equal(tdm__normalize(&d.P,
		                                tdm__normalization_find(names[k]),
		                                out, NULL),
		                 TDM_OK);
		assert_near(out[0], 0.25, 1e-15);
		assert_near(out[1], 0.75, 1e-15);
		assert_near(out[2], 0.75, 1e-15); /* cost: (4 - 1) / 4 */
		assert_near(out[3], 0.5, 1e-15);
	}
	dense_free(&d);
}

/* ------------------------------------------------------------------------
 * WSM
 * --------------------------------------------------------------------- */

/* Rizan, O., Wahyuningsih, D., Pradana, H. A., & Ramadella, S. (2020). SAW
 * method in supporting the process of admission of new junior high school
 * students. CITSM 2020, IEEE. From pyrepo-mcda tests/test_mcda_methods_2.py
 * (Test_SAW: linear normalisation, 3 decimals). Zeros on benefit criteria,
 * which linear normalisation takes. */
static void
test_methods_wsm_rizan_2020_saw(void **state)
{
	static const double rows[] = {
		0.75, 0.50, 0.75, 0, 0,    0,    1,
		0.75, 1,    0.75, 0, 0,    0,    0.75,
		0.75, 0.75, 0.75, 0, 0.50, 0.25, 1,
		0.50, 0.50, 0.75, 1, 0.50, 0,    0.75,
	};
	static const int cost[7] = {0};
	static const double w[] = {0.1, 0.1, 0.1, 0.15, 0.2, 0.25, 0.1};
	static const double want[] = {0.35, 0.375, 0.825, 0.642};
	double s[4];
	tdm_model *mo;
	tdm_result *r;
	size_t i;

	(void)state;
	scores("wsm", "linear", 4, 7, rows, cost, w, s);
	for (i = 0; i < 4; i++)
		assert_published(s[i], want[i], 3);
	/* the same through the pipeline */
	mo = model_from(4, 7, rows, cost, w);
	r = evaluate(mo, "wsm", "linear");
	assert_string_equal(r->normalization, "linear");
	for (i = 0; i < 4; i++)
		assert_published(r->options[i].score, want[i], 3);
	assert_int_equal(r->options[2].rank, 1);
	tdm_result_free(r);
	tdm_model_free(mo);
}

/* Chakraborty et al. (2015), WASPAS = 0.5 WSM + 0.5 WPM over the linear
 * normalisation: pymcdm tests/test_methods.py (TestWASPAS, 4 decimals).
 * Checks wsm and wpm together. */
static void
test_methods_wsm_wpm_chakraborty_2015_waspas(void **state)
{
	static const double want[] = {0.8329, 0.7884, 0.6987, 0.8831,
	                              0.7971, 0.7036, 0.8728, 0.5749};
	double sum[8], prod[8];
	size_t i;

	(void)state;
	scores("wsm", "linear", 8, 7, waspas_rows, waspas_cost, waspas_w, sum);
	scores("wpm", "linear", 8, 7, waspas_rows, waspas_cost, waspas_w, prod);
	for (i = 0; i < 8; i++)
		assert_published(0.5 * sum[i] + 0.5 * prod[i], want[i], 4);
}

/* Not a paper: pymcdm's own reference values for WSM and WPM with its
 * default sum normalisation (pymcdm tests/test_methods.py, TestWSM and
 * TestWPM, "self-reference", 3 decimals; weights not summing to 1). A
 * cross-check of our sum normalisation against pymcdm's. */
static void
test_methods_wsm_wpm_pymcdm_sum_reference(void **state)
{
	static const double rows[] = {
		96, 83, 75, 7,
		63, 5,  56, 9,
		72, 30, 32, 48,
		11, 4,  27, 9,
		77, 21, 17, 11,
	};
	static const int cost[] = {0, 0, 1, 1};
	static const double w[] = {8 / 13.0, 5 / 13.0, 6 / 13.0, 7 / 13.0};
	static const double want_wsm[] = {0.609, 0.313, 0.334, 0.265, 0.479};
	static const double want_wpm[] = {0.065, 0.017, 0.019, 0.007, 0.052};
	double s[5];
	size_t i;

	(void)state;
	scores("wsm", "sum", 5, 4, rows, cost, w, s);
	for (i = 0; i < 5; i++)
		assert_published(s[i], want_wsm[i], 3);
	scores("wpm", "sum", 5, 4, rows, cost, w, s);
	for (i = 0; i < 5; i++)
		assert_published(s[i], want_wpm[i], 3);
}

/* ------------------------------------------------------------------------
 * WPM
 * --------------------------------------------------------------------- */

/* Triantaphyllou (2000), ch. 2: P(A1/A2) = 1.007, P(A1/A3) = 1.067,
 * P(A2/A3) = 1.059 (3 decimals), A1 best. The ratio of two WPM scores is
 * Triantaphyllou's P whatever ratio normalisation is used (none, linear,
 * sum), so all three must give it. */
static void
test_methods_wpm_triantaphyllou_2000(void **state)
{
	static const char *const nz[] = {"none", "linear", "sum"};
	double s[3];
	size_t k;
	tdm_model *mo;
	tdm_result *r;

	(void)state;
	for (k = 0; k < 3; k++) {
		scores("wpm", nz[k], 3, 4, tri_rows, tri_cost, tri_w, s);
		assert_published(s[0] / s[1], 1.007, 3);
		assert_published(s[0] / s[2], 1.067, 3);
		assert_published(s[1] / s[2], 1.059, 3);
	}
	/* through the pipeline, with the linear normalisation */
	mo = model_from(3, 4, tri_rows, tri_cost, tri_w);
	r = evaluate(mo, "wpm", "linear");
	assert_string_equal(r->method, "wpm");
	assert_int_equal(r->direction, TDM_DIR_HIGHER);
	assert_published(r->options[0].score / r->options[1].score, 1.007, 3);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[1].rank, 2);
	assert_int_equal(r->options[2].rank, 3);
	tdm_result_free(r);
	tdm_model_free(mo);
}

static void
test_methods_wpm_zero_value_names_the_cell(void **state)
{
	double rows[12], s[3];
	tdm_model *mo;
	tdm_eval_config cfg = {"wpm", "linear", NULL};
	tdm_result *r;
	tdm_error err;

	(void)state;
	memcpy(rows, tri_rows, sizeof rows);
	rows[1 * 4 + 2] = 0; /* A2, criterion 3 */
	assert_error(score_rows("wpm", "linear", 3, 4, rows, tri_cost, tri_w, s,
	                        &err),
	             &err, TDM_DATA, 2, 3, "wpm needs values > 0, got 0");
	rows[1 * 4 + 2] = -4;
	assert_error(score_rows("wpm", "max", 3, 4, rows, tri_cost, tri_w, s,
	                        &err),
	             &err, TDM_DATA, 2, 3, "wpm needs values > 0, got -4");
	/* through the pipeline: the option's line and the value's column */
	rows[1 * 4 + 2] = 0;
	mo = model_from(3, 4, rows, tri_cost, tri_w);
	assert_int_equal(tdm_evaluate(mo, NULL, &cfg, &r, &err), TDM_DATA);
	assert_null(r);
	assert_string_equal(err.source, "t.lua");
	assert_int_equal(err.line, 101);
	assert_int_equal(err.column, 4);
	assert_string_equal(err.message,
	                    "option 'A2', criterion 'c3': wpm needs values > 0, "
	                    "got 0");
	tdm_model_free(mo);
}

static void
test_methods_wpm_negative_normalised_value(void **state)
{
	static const int cost[] = {0, 1, 0, 0};
	double s[3];
	tdm_error err;

	(void)state;
	/* "none" gives a cost criterion -x: no real power of it */
	assert_error(score_rows("wpm", "none", 3, 4, tri_rows, cost, tri_w, s,
	                        &err),
	             &err, TDM_DATA, 1, 2,
	             "wpm needs normalised values >= 0 (the 'none' normalisation "
	             "gives a cost criterion -x: choose linear or sum), got -20");
}

/* A normalised 0 (the worst value under max for a cost criterion) makes
 * the product 0; a zero weight makes its factor 1, even for 0. */
static void
test_methods_wpm_zero_factor_and_zero_weight(void **state)
{
	static const int cost[] = {0, 1, 0, 0};
	static const double w0[] = {0.5, 0, 0.25, 0.25};
	double s[3], without[3];

	(void)state;
	scores("wpm", "max", 3, 4, tri_rows, cost, tri_w, s);
	assert_near(s[1], 0, 0); /* A2 has the largest cost, 30: 1 - 30/30 */
	assert_true(s[0] > 0);
	scores("wpm", "max", 3, 4, tri_rows, cost, w0, s);
	assert_true(s[1] > 0);
	/* the same as without the criterion */
	{
		static const double rows3[] = {25, 15, 30, 10, 20, 30, 30, 30, 10};
		static const int cost3[] = {0, 0, 0};
		static const double w3[] = {0.5, 0.25, 0.25};
		scores("wpm", "max", 3, 3, rows3, cost3, w3, without);
	}
	assert_near(s[0], without[0], 1e-15);
	assert_near(s[1], without[1], 1e-15);
	assert_near(s[2], without[2], 1e-15);
}

/* ------------------------------------------------------------------------
 * TOPSIS
 * --------------------------------------------------------------------- */

/* Opricovic, S., & Tzeng, G. H. (2004). Compromise solution by MCDM
 * methods: A comparative analysis of VIKOR and TOPSIS. EJOR 156(2),
 * 445-455. From pymcdm tests/test_methods.py (TestTOPSIS, 3 decimals),
 * whose TOPSIS defaults to the minmax normalisation. */
static void
test_methods_topsis_opricovic_tzeng_2004(void **state)
{
	static const double rows[] = {1, 3000, 2, 3750, 5, 4500};
	static const int cost[] = {1, 0};
	static const double w[] = {0.5, 0.5};
	double s[3];

	(void)state;
	scores("topsis", "minmax", 3, 2, rows, cost, w, s);
	assert_published(s[0], 0.500, 3);
	assert_published(s[1], 0.617, 3);
	assert_published(s[2], 0.500, 3);
}

/* Ersoy (2021) TOPSIS with the vector normalisation: 0.308, 0.254, 0.327,
 * 0.263, 0.857, 0.192. The paper rounds its intermediate tables, so its
 * third decimal is off by up to 0.0008; pyrepo-mcda (Test_TOPSIS) compares
 * at 2 decimals and so do we. */
static void
test_methods_topsis_ersoy_2021(void **state)
{
	static const double want[] = {0.308, 0.254, 0.327, 0.263, 0.857, 0.192};
	double s[6];
	tdm_model *mo;
	tdm_result *r;
	size_t i;

	(void)state;
	scores("topsis", NULL, 6, 6, ersoy_rows, ersoy_cost, ersoy_w, s);
	for (i = 0; i < 6; i++)
		assert_published(s[i], want[i], 2);
	/* the pipeline's default for topsis is vector */
	mo = model_from(6, 6, ersoy_rows, ersoy_cost, ersoy_w);
	r = evaluate(mo, "topsis", NULL);
	assert_string_equal(r->normalization, "vector");
	for (i = 0; i < 6; i++)
		assert_near(r->options[i].score, s[i], 1e-12);
	assert_int_equal(r->options[4].rank, 1);
	tdm_result_free(r);
	tdm_model_free(mo);
}

/* Hwang & Yoon normalise cost criteria without flipping and take the
 * minimum as ideal; a flip 1 - r moves the ideal with it, so the distances
 * are the paper's. Computed here the paper's way on the Ersoy data. */
static void
test_methods_topsis_flip_matches_hwang_yoon(void **state)
{
	double s[6], v[36], ideal[6], anti[6];
	size_t i, j;

	(void)state;
	scores("topsis", "vector", 6, 6, ersoy_rows, ersoy_cost, ersoy_w, s);
	for (j = 0; j < 6; j++) {
		double ss = 0;
		for (i = 0; i < 6; i++)
			ss += ersoy_rows[i * 6 + j] * ersoy_rows[i * 6 + j];
		for (i = 0; i < 6; i++) {
			double x = ersoy_w[j] * ersoy_rows[i * 6 + j] / sqrt(ss);
			v[j * 6 + i] = x;
			if (i == 0 || (ersoy_cost[j] ? x < ideal[j] : x > ideal[j]))
				ideal[j] = x;
			if (i == 0 || (ersoy_cost[j] ? x > anti[j] : x < anti[j]))
				anti[j] = x;
		}
	}
	for (i = 0; i < 6; i++) {
		double dp = 0, dm = 0;
		for (j = 0; j < 6; j++) {
			dp += pow(v[j * 6 + i] - ideal[j], 2);
			dm += pow(v[j * 6 + i] - anti[j], 2);
		}
		assert_near(s[i], sqrt(dm) / (sqrt(dp) + sqrt(dm)), 1e-12);
	}
}

static void
test_methods_topsis_identical_options_score_one(void **state)
{
	static const double rows[] = {3, 7, 3, 7, 3, 7};
	static const int cost[] = {0, 1};
	static const double w[] = {0.5, 0.5};
	double s[3];
	size_t i;

	(void)state;
	scores("topsis", NULL, 3, 2, rows, cost, w, s);
	for (i = 0; i < 3; i++)
		assert_near(s[i], 1, 0);
	scores("topsis", "none", 1, 2, rows, cost, w, s);
	assert_near(s[0], 1, 0);
}

/* Without a workspace (direct callers) TOPSIS keeps its ideal on the
 * stack, up to 128 criteria; with one, any number. */
static void
test_methods_topsis_many_criteria(void **state)
{
	enum { N = 3, M = 200 };
	double *rows = calloc(N * M, sizeof *rows), *w = calloc(M, sizeof *w);
	double *norm = calloc(N * M, sizeof *norm), *ws, s[N];
	int *cost = calloc(M, sizeof *cost);
	const tdm__method *me = tdm__method_find("topsis");
	dense d;
	size_t i, j;
	tdm_error err;

	(void)state;
	for (i = 0; i < N; i++)
		for (j = 0; j < M; j++)
			rows[i * M + j] = (double)(i + 1) * (double)(j % 7 + 1);
	for (j = 0; j < M; j++)
		w[j] = 1.0 / M;
	d = dense_new(N, M, rows, cost);
	assert_int_equal(tdm__normalize(&d.P, tdm__normalization_find("vector"),
	                                norm, NULL),
	                 TDM_OK);
	assert_int_equal(me->fn(&d.P, norm, w, NULL, s, NULL, NULL, &err),
	                 TDM_EVAL);
	ws = calloc(2 * M, sizeof *ws);
	assert_int_equal(me->fn(&d.P, norm, w, ws, s, NULL, NULL, &err), TDM_OK);
	assert_near(s[2], 1, 1e-12);
	assert_near(s[0], 0, 1e-12);
	free(ws);
	dense_free(&d);
	free(rows);
	free(w);
	free(norm);
	free(cost);
}

/* ------------------------------------------------------------------------
 * MOORA
 * --------------------------------------------------------------------- */

/* Siregar et al. (2021), pymcdm TestMOORA (4 decimals): the pipeline's
 * vector normalisation flips cost criteria (1 - x*), and moora gives back
 * Brauers & Zavadskas' y_i exactly. */
static void
test_methods_moora_siregar_2021(void **state)
{
	double s[7];
	tdm_model *mo;
	tdm_result *r;
	size_t i;

	(void)state;
	scores("moora", NULL, 7, 4, siregar_rows, siregar_cost, siregar_w, s);
	for (i = 0; i < 7; i++)
		assert_published(s[i], siregar_y[i], 4);
	mo = model_from(7, 4, siregar_rows, siregar_cost, siregar_w);
	r = evaluate(mo, "moora", NULL);
	assert_string_equal(r->normalization, "vector");
	for (i = 0; i < 7; i++)
		assert_published(r->options[i].score, siregar_y[i], 4);
	assert_int_equal(r->options[1].rank, 1);
	tdm_result_free(r);
	tdm_model_free(mo);
}

/* Karabasevic, D., Stanujkic, D., Urosevic, S., & Maksimovic, M. (2015).
 * Selection of candidates in the mining industry based on the application
 * of the SWARA and the MULTIMOORA methods. Acta Montanistica Slovaca
 * 20(2). From pyrepo-mcda tests/test_mcda_methods.py (Test_MOORA, the
 * ratio system, 3 decimals). */
static void
test_methods_moora_karabasevic_2015(void **state)
{
	static const double rows[] = {
		4, 3, 3, 4, 3, 2, 4,
		3, 3, 4, 3, 5, 4, 4,
		5, 4, 4, 5, 5, 5, 4,
	};
	static const int cost[7] = {0};
	static const double w[] = {0.215, 0.215, 0.159, 0.133,
	                           0.102, 0.102, 0.073};
	static const double want[] = {0.494, 0.527, 0.677};
	double s[3];
	size_t i;

	(void)state;
	scores("moora", NULL, 3, 7, rows, cost, w, s);
	for (i = 0; i < 3; i++)
		assert_published(s[i], want[i], 3);
}

/* Under max (cost form 1 - x/max) the score is the ratio system over x/max;
 * under sum it is the weighted sum minus the cost weights. */
static void
test_methods_moora_other_normalizations(void **state)
{
	double s[7], wsm[7];
	size_t i, j;

	(void)state;
	scores("moora", "max", 7, 4, siregar_rows, siregar_cost, siregar_w, s);
	for (i = 0; i < 7; i++) {
		double y = 0;
		for (j = 0; j < 4; j++) {
			double hi = 0, r;
			size_t k;
			for (k = 0; k < 7; k++)
				if (siregar_rows[k * 4 + j] > hi)
					hi = siregar_rows[k * 4 + j];
			r = siregar_rows[i * 4 + j] / hi;
			y += siregar_cost[j] ? -siregar_w[j] * r : siregar_w[j] * r;
		}
		assert_near(s[i], y, 1e-12);
	}
	scores("moora", "sum", 7, 4, siregar_rows, siregar_cost, siregar_w, s);
	scores("wsm", "sum", 7, 4, siregar_rows, siregar_cost, siregar_w, wsm);
	for (i = 0; i < 7; i++)
		assert_near(s[i], wsm[i] - 0.3, 1e-12);
}

/* ------------------------------------------------------------------------
 * COPRAS
 * --------------------------------------------------------------------- */

/* Goswami & Mitra (2020), pyrepo-mcda Test_COPRAS: the utility degree
 * N_i = Q_i / max Q to 5 decimals. Our score is Q_i itself. */
static void
test_methods_copras_goswami_mitra_2020(void **state)
{
	double s[10], top;
	tdm_model *mo;
	tdm_result *r;
	size_t i;

	(void)state;
	scores("copras", NULL, 10, 4, goswami_rows, goswami_cost, goswami_w, s);
	top = max_of(s, 10);
	for (i = 0; i < 10; i++)
		assert_published(s[i] / top, goswami_u[i], 5);
	mo = model_from(10, 4, goswami_rows, goswami_cost, goswami_w);
	r = evaluate(mo, "copras", NULL);
	assert_string_equal(r->normalization, "own");
	for (i = 0; i < 10; i++)
		assert_near(r->options[i].score, s[i], 1e-12);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[3].rank, 10);
	tdm_result_free(r);
	tdm_model_free(mo);
}

/* Kundakci, N., & Isik, A. (2016). Integration of MACBETH and COPRAS
 * methods to select air compressor for a textile company. Decision Science
 * Letters 5(3), 381-394. Utility degrees 1, 0.9167, 0.8675, 0.9084,
 * 0.9315, 0.9486 (4 decimals), as in an earlier version of pymcdm's
 * tests/test_methods.py (TestCOPRAS). */
static void
test_methods_copras_kundakci_isik_2016(void **state)
{
	static const double rows[] = {
		1543, 2000, 39000, 15, 13.76, 3.86, 5, 3, 5000,
		1496, 3600, 43000, 14, 14,    2.5,  4, 4, 4000,
		1584, 3100, 24500, 10, 13.1,  3.7,  2, 2, 3500,
		1560, 2700, 36000, 12, 13.2,  3.2,  3, 3, 3500,
		1572, 2500, 31500, 13, 13.3,  3.4,  3, 2, 3500,
		1580, 2400, 20000, 12, 12.8,  3.9,  2, 2, 3000,
	};
	static const int cost[] = {1, 1, 1, 0, 0, 1, 0, 0, 0};
	static const double w[] = {0.2027, 0.1757, 0.1622, 0.1351, 0.1081,
	                           0.0946, 0.0676, 0.0405, 0.0135};
	static const double want[] = {1, 0.9167, 0.8675, 0.9084, 0.9315, 0.9486};
	double s[6], top;
	size_t i;

	(void)state;
	scores("copras", NULL, 6, 9, rows, cost, w, s);
	top = max_of(s, 6);
	for (i = 0; i < 6; i++)
		assert_published(s[i] / top, want[i], 4);
}

/* pymcdm's current COPRAS computes Q = S+ + S- (its second term reduces to
 * S-_i), which rewards large costs; its test for Zavadskas, Kaklauskas,
 * Peldschus & Turskis (2007) expects that variant's 0.9078 for A3. The
 * textbook formula gives 0.9724 (Q / max Q); we follow the textbook. */
static void
test_methods_copras_is_textbook_not_pymcdm_variant(void **state)
{
	static const double rows[] = {
		30, 12.487, 6.261, 10.880, 7.610,
		20, 12.372, 5.961, 10.880, 7.460,
		27, 11.096, 6.262, 9.920,  6.690,
		18, 10.982, 5.962, 9.920,  6.540,
		24, 11.017, 6.283, 9.980,  7.000,
		16, 10.903, 5.983, 9.980,  6.850,
	};
	static const int cost[] = {0, 1, 1, 1, 1};
	static const double w[] = {0.53, 0.1175, 0.1175, 0.1175, 0.1175};
	double s[6], top, sp[6], sm[6], smin = INFINITY, sum = 0, ratio = 0;
	size_t i, j;

	(void)state;
	scores("copras", NULL, 6, 5, rows, cost, w, s);
	top = max_of(s, 6);
	assert_published(s[2] / top, 0.9724, 4);
	assert_true(fabs(s[2] / top - 0.9078) > 0.05);
	/* the textbook formula written out */
	for (i = 0; i < 6; i++) {
		sp[i] = sm[i] = 0;
		for (j = 0; j < 5; j++) {
			double total = 0, d;
			size_t k;
			for (k = 0; k < 6; k++)
				total += rows[k * 5 + j];
			d = w[j] * rows[i * 5 + j] / total;
			if (cost[j])
				sm[i] += d;
			else
				sp[i] += d;
		}
		if (sm[i] < smin)
			smin = sm[i];
	}
	for (i = 0; i < 6; i++) {
		sum += sm[i];
		ratio += smin / sm[i];
	}
	for (i = 0; i < 6; i++)
		assert_near(s[i], sp[i] + smin * sum / (sm[i] * ratio), 1e-12);
}

static void
test_methods_copras_degenerate_data(void **state)
{
	static const double rows[] = {0, 2, 0, 4, 0, 8};
	static const int benefit[] = {0, 0}, mixed[] = {0, 1};
	static const double w[] = {0.5, 0.5};
	double s[3], one;
	tdm_error err;

	(void)state;
	/* no cost criterion: Q = S+; the all-zero column gives 1/3 each */
	scores("copras", NULL, 3, 2, rows, benefit, w, s);
	assert_near(s[0], 0.5 / 3 + 0.5 * 2 / 14, 1e-15);
	assert_near(s[2], 0.5 / 3 + 0.5 * 8 / 14, 1e-15);
	/* one option: S+ + S- */
	scores("copras", NULL, 1, 2, rows + 2, mixed, w, &one);
	assert_near(one, 1, 1e-15);
	/* cost values must be > 0, benefit values >= 0 */
	assert_error(score_rows("copras", NULL, 3, 2, rows, (const int[]){1, 0},
	                        w, s, &err),
	             &err, TDM_DATA, 1, 1,
	             "copras needs values > 0 on a cost criterion, got 0");
	assert_error(score_rows("copras", NULL, 1, 2, (const double[]){-1, 1},
	                        benefit, w, s, &err),
	             &err, TDM_DATA, 1, 1,
	             "copras needs values >= 0 on a benefit criterion, got -1");
}

/* ------------------------------------------------------------------------
 * EDAS
 * --------------------------------------------------------------------- */

/* Yazdani et al. (2020), pymcdm TestEDAS (3 decimals). The weights sum to
 * 0.999; EDAS does not change when every weight is scaled alike, so the
 * pipeline (which rescales them to sum 1) gives the same scores. */
static void
test_methods_edas_yazdani_2020(void **state)
{
	double s[5];
	tdm_model *mo;
	tdm_result *r;
	size_t i;

	(void)state;
	scores("edas", NULL, 5, 8, yazdani_rows, yazdani_cost, yazdani_w, s);
	for (i = 0; i < 5; i++)
		assert_published(s[i], yazdani_as[i], 3);
	mo = model_from(5, 8, yazdani_rows, yazdani_cost, yazdani_w);
	r = evaluate(mo, "edas", NULL);
	assert_string_equal(r->normalization, "own");
	assert_int_equal(r->direction, TDM_DIR_HIGHER);
	for (i = 0; i < 5; i++)
		assert_near(r->options[i].score, s[i], 1e-12);
	assert_int_equal(r->options[2].rank, 1);
	tdm_result_free(r);
	tdm_model_free(mo);
}

/* Ersoy (2021) EDAS: pyrepo-mcda Test_EDAS (3 decimals). */
static void
test_methods_edas_ersoy_2021(void **state)
{
	static const double want[] = {0.414, 0.130, 0.461, 0.212, 0.944, 0.043};
	double s[6];
	size_t i;

	(void)state;
	scores("edas", NULL, 6, 6, ersoy_rows, ersoy_cost, ersoy_w, s);
	for (i = 0; i < 6; i++)
		assert_published(s[i], want[i], 3);
}

static void
test_methods_edas_degenerate_data(void **state)
{
	static const double same[] = {5, 0, 5, 0, 5, 0};
	static const double cancel[] = {2, 1, -2, 1, 0, 1};
	static const double negative[] = {-10, -20, -30};
	static const int cost2[] = {0, 1}, benefit[] = {0};
	static const double w[] = {0.5, 0.5}, w1[] = {1};
	double s[3];
	tdm_error err;

	(void)state;
	/* constant and all-zero columns: no deviation, everyone scores 1 */
	scores("edas", NULL, 3, 2, same, cost2, w, s);
	assert_near(s[0], 1, 0);
	assert_near(s[2], 1, 0);
	scores("edas", NULL, 1, 2, same, cost2, w, s);
	assert_near(s[0], 1, 0);
	/* an average of 0 over different values has no scale */
	assert_error(score_rows("edas", NULL, 3, 2, cancel, cost2, w, s, &err),
	             &err, TDM_DATA, 1, 1,
	             "edas divides by the average of a criterion, and these "
	             "values average to 0; shift them (add a constant)");
	/* a negative average keeps the criterion's direction: -10 is best */
	scores("edas", NULL, 3, 1, negative, benefit, w1, s);
	assert_near(s[0], 1, 1e-15);
	assert_near(s[2], 0, 1e-15);
}

/* ------------------------------------------------------------------------
 * Properties and degenerate data, every method
 * --------------------------------------------------------------------- */

static const char *const methods[] = {"wsm",   "wpm",    "topsis",
                                      "moora", "copras", "edas"};
#define N_METHODS (sizeof methods / sizeof methods[0])

/* A small deterministic generator (Knuth's MMIX LCG) for data sets. */
static uint64_t
lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* n x m positive values in 1..100 with steps of 0.5, some columns cost. */
static void
random_problem(uint64_t *seed, size_t n, size_t m, double *rows, int *cost,
               double *w)
{
	size_t i, j;

	for (i = 0; i < n * m; i++)
		rows[i] = 1 + (double)(lcg(seed) % 199) / 2;
	for (j = 0; j < m; j++) {
		cost[j] = (int)(lcg(seed) % 3 == 0);
		w[j] = (double)(1 + lcg(seed) % 9);
	}
}

/* Scaling every weight by k keeps every pairwise order of the scores (the
 * pipeline hands the methods weights that sum to 1; k covers both sides of
 * that). Orders are compared directly, not through tdm__rank, whose tie
 * tolerance is absolute below 1 and would merge WPM's tiny products. */
static void
test_methods_scaling_weights_keeps_rankings(void **state)
{
	static const double ks[] = {0.01, 0.5, 7.25, 40};
	uint64_t seed = 42;
	double rows[8 * 5], w[5], kw[5], a[8], b[8], total;
	int cost[5];
	size_t t, k, mi, i, j;

	(void)state;
	for (t = 0; t < 20; t++) {
		random_problem(&seed, 8, 5, rows, cost, w);
		for (total = 0, j = 0; j < 5; j++)
			total += w[j];
		for (j = 0; j < 5; j++)
			w[j] /= total;
		for (mi = 0; mi < N_METHODS; mi++) {
			scores(methods[mi], NULL, 8, 5, rows, cost, w, a);
			for (k = 0; k < 4; k++) {
				for (j = 0; j < 5; j++)
					kw[j] = ks[k] * w[j];
				scores(methods[mi], NULL, 8, 5, rows, cost, kw, b);
				for (i = 0; i < 8; i++)
					for (j = 0; j < 8; j++) {
						double big = fmax(fabs(a[i]), fabs(a[j]));
						if (fabs(a[i] - a[j]) <= 1e-9 * big)
							assert_true(fabs(b[i] - b[j]) <=
							            1e-6 * fmax(fabs(b[i]), fabs(b[j])));
						else if ((a[i] > a[j]) != (b[i] > b[j]))
							fail_msg("%s: weights x %g swapped options %zu "
							         "and %zu",
							         methods[mi], ks[k], i, j);
					}
			}
		}
	}
}

static void
test_methods_swapping_rows_swaps_scores(void **state)
{
	uint64_t seed = 7;
	double rows[6 * 4], swapped[6 * 4], w[4], a[6], b[6];
	int cost[4];
	size_t t, mi, i;

	(void)state;
	for (t = 0; t < 20; t++) {
		random_problem(&seed, 6, 4, rows, cost, w);
		memcpy(swapped, rows, sizeof rows);
		memcpy(swapped + 1 * 4, rows + 4 * 4, 4 * sizeof *rows);
		memcpy(swapped + 4 * 4, rows + 1 * 4, 4 * sizeof *rows);
		for (mi = 0; mi < N_METHODS; mi++) {
			scores(methods[mi], NULL, 6, 4, rows, cost, w, a);
			scores(methods[mi], NULL, 6, 4, swapped, cost, w, b);
			for (i = 0; i < 6; i++) {
				size_t o = i == 1 ? 4 : i == 4 ? 1 : i;
				assert_near(b[o], a[i], 1e-12 * (1 + fabs(a[i])));
			}
		}
	}
}

/* Under the linear normalisation an option dominated by the winner moves
 * neither max (benefit) nor min (cost), so no other score changes and the
 * winner stays. (Under minmax it can move the bounds: see
 * doc/methods.md.) */
static void
test_methods_wsm_dominated_option_keeps_winner(void **state)
{
	uint64_t seed = 99;
	double rows[7 * 4], w[4], a[7], b[8];
	int cost[4];
	long ra[7], rb[8];
	size_t t, i, j, best;

	(void)state;
	for (t = 0; t < 50; t++) {
		random_problem(&seed, 7, 4, rows, cost, w);
		scores("wsm", "linear", 7, 4, rows, cost, w, a);
		ranks_of(a, 7, ra);
		for (best = 0; ra[best] != 1; best++)
			;
		{
			double more[8 * 4];
			memcpy(more, rows, sizeof rows);
			for (j = 0; j < 4; j++) {
				double x = rows[best * 4 + j];
				/* worse by a random amount on every criterion */
				double d = (double)(1 + lcg(&seed) % 5) / 10;
				more[7 * 4 + j] = cost[j] ? x * (1 + d) : x * (1 - d);
			}
			scores("wsm", "linear", 8, 4, more, cost, w, b);
		}
		ranks_of(b, 8, rb);
		assert_int_equal(rb[best], 1);
		assert_true(b[7] < b[best]);
		for (i = 0; i < 7; i++)
			assert_near(b[i], a[i], 1e-12);
	}
}

/* The limit of the property above, as documented in
 * doc/methods.md: under minmax an option dominated by
 * the winner can stretch a column's range and hand the win to another
 * option. A = (10, 1) beats B = (0, 10) by 0.55 to 0.45; adding
 * D = (-100, 0), worse than A on both criteria, makes it A 0.595, B 0.95. */
static void
test_methods_wsm_minmax_dominated_moves_bounds(void **state)
{
	static const double rows[] = {10, 1, 0, 10, -100, 0};
	static const int cost[] = {0, 0};
	static const double w[] = {0.55, 0.45};
	double s[3];

	(void)state;
	scores("wsm", "minmax", 2, 2, rows, cost, w, s);
	assert_near(s[0], 0.55, 1e-15);
	assert_near(s[1], 0.45, 1e-15);
	scores("wsm", "minmax", 3, 2, rows, cost, w, s);
	assert_near(s[0], 0.595, 1e-15);
	assert_near(s[1], 0.95, 1e-15);
	/* under linear the winner stays (the benefit maxima do not move) */
	scores("wsm", "linear", 2, 2, (const double[]){10, 1, 1, 10}, cost, w,
	       s);
	assert_true(s[0] > s[1]);
	scores("wsm", "linear", 3, 2, (const double[]){10, 1, 1, 10, 5, 0.5},
	       cost, w, s);
	assert_true(s[0] > s[1]);
}

/* A zero-weight criterion counts for nothing: the scores are those of the
 * problem without it, whatever its values. */
static void
test_methods_zero_weight_counts_for_nothing(void **state)
{
	static const double rows[] = {
		3, 900, 7, 1,
		5, 1,   2, 8,
		4, 50,  9, 3,
		1, 7,   4, 4,
	};
	static const double rows3[] = {3, 7, 1, 5, 2, 8, 4, 9, 3, 1, 4, 4};
	static const int cost[] = {0, 1, 1, 0}, cost3[] = {0, 1, 0};
	static const double w[] = {0.4, 0, 0.35, 0.25}, w3[] = {0.4, 0.35, 0.25};
	double a[4], b[4];
	size_t mi, i;

	(void)state;
	for (mi = 0; mi < N_METHODS; mi++) {
		scores(methods[mi], NULL, 4, 4, rows, cost, w, a);
		scores(methods[mi], NULL, 4, 3, rows3, cost3, w3, b);
		for (i = 0; i < 4; i++)
			assert_near(a[i], b[i], 1e-12);
	}
}

/* Constant columns, all-zero columns, one option, identical options: every
 * method under every normalisation gives finite scores, and identical
 * options tie. wpm needs values > 0, so it gets the data with the zero
 * column replaced by a constant 3, and refuses "none" with a cost
 * criterion (a negative normalised value). */
static void
test_methods_degenerate_data_never_nan(void **state)
{
	static const char *const nz[] = {"minmax", "max",    "linear",
	                                  "sum",    "vector", "none"};
	/* column 2 constant, column 3 all zero (benefit), 3 identical rows */
	static const double same[] = {
		2, 5, 0, 9,
		2, 5, 0, 9,
		2, 5, 0, 9,
	};
	static const double some[] = {
		1, 5, 0, 9,
		3, 5, 0, 4,
		2, 5, 0, 6,
	};
	static const int cost[] = {0, 1, 0, 1};
	static const double w[] = {0.25, 0.25, 0.25, 0.25};
	double same_pos[12], some_pos[12], s[3];
	size_t mi, k, i;
	tdm_error err;

	(void)state;
	for (i = 0; i < 12; i++) {
		same_pos[i] = i % 4 == 2 ? 3 : same[i];
		some_pos[i] = i % 4 == 2 ? 3 : some[i];
	}
	for (mi = 0; mi < N_METHODS; mi++)
		for (k = 0; k < 6; k++) {
			int is_wpm = strcmp(methods[mi], "wpm") == 0;
			const double *a = is_wpm ? same_pos : same;
			const double *b = is_wpm ? some_pos : some;
			if (is_wpm) {
				/* the zero column itself is refused */
				assert_int_equal(score_rows("wpm", nz[k], 3, 4, same, cost,
				                            w, s, &err),
				                 TDM_DATA);
				if (strcmp(nz[k], "none") == 0) {
					assert_int_equal(score_rows("wpm", "none", 3, 4, a,
					                            cost, w, s, &err),
					                 TDM_DATA);
					continue;
				}
			}
			if (score_rows(methods[mi], nz[k], 3, 4, a, cost, w, s, &err) !=
			    TDM_OK)
				fail_msg("%s/%s: %s", methods[mi], nz[k], err.message);
			for (i = 1; i < 3; i++)
				assert_near(s[i], s[0], 1e-15);
			if (score_rows(methods[mi], nz[k], 1, 4, a, cost, w, s, &err) !=
			    TDM_OK)
				fail_msg("%s/%s: %s", methods[mi], nz[k], err.message);
			if (score_rows(methods[mi], nz[k], 3, 4, b, cost, w, s, &err) !=
			    TDM_OK)
				fail_msg("%s/%s: %s", methods[mi], nz[k], err.message);
		}
}

/* A normalisation error through the pipeline names the option's cell. */
static void
test_methods_normalization_error_through_evaluate(void **state)
{
	static const double rows[] = {3, 10, 5, 0, 4, 2};
	static const int cost[] = {0, 1};
	static const double w[] = {0.5, 0.5};
	tdm_model *mo = model_from(3, 2, rows, cost, w);
	tdm_eval_config cfg = {"wsm", "sum", NULL};
	tdm_result *r;
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_evaluate(mo, NULL, &cfg, &r, &err), TDM_DATA);
	assert_int_equal(err.line, 101);
	assert_int_equal(err.column, 3);
	assert_string_equal(err.message,
	                    "option 'A2', criterion 'c2': sum normalisation of a "
	                    "cost criterion needs values > 0, got 0");
	tdm_model_free(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_methods_normalization_names),
		cmocka_unit_test(test_methods_in_place_unless_reads_values),
		cmocka_unit_test(test_methods_normalize_minmax),
		cmocka_unit_test(test_methods_normalize_max),
		cmocka_unit_test(test_methods_normalize_linear),
		cmocka_unit_test(test_methods_normalize_sum),
		cmocka_unit_test(test_methods_normalize_vector),
		cmocka_unit_test(test_methods_normalize_none),
		cmocka_unit_test(test_methods_normalize_fixed_scale_wins_over_name),
		cmocka_unit_test(test_methods_wsm_rizan_2020_saw),
		cmocka_unit_test(test_methods_wsm_wpm_chakraborty_2015_waspas),
		cmocka_unit_test(test_methods_wsm_wpm_pymcdm_sum_reference),
		cmocka_unit_test(test_methods_wpm_triantaphyllou_2000),
		cmocka_unit_test(test_methods_wpm_zero_value_names_the_cell),
		cmocka_unit_test(test_methods_wpm_negative_normalised_value),
		cmocka_unit_test(test_methods_wpm_zero_factor_and_zero_weight),
		cmocka_unit_test(test_methods_topsis_opricovic_tzeng_2004),
		cmocka_unit_test(test_methods_topsis_ersoy_2021),
		cmocka_unit_test(test_methods_topsis_flip_matches_hwang_yoon),
		cmocka_unit_test(test_methods_topsis_identical_options_score_one),
		cmocka_unit_test(test_methods_topsis_many_criteria),
		cmocka_unit_test(test_methods_moora_siregar_2021),
		cmocka_unit_test(test_methods_moora_karabasevic_2015),
		cmocka_unit_test(test_methods_moora_other_normalizations),
		cmocka_unit_test(test_methods_copras_goswami_mitra_2020),
		cmocka_unit_test(test_methods_copras_kundakci_isik_2016),
		cmocka_unit_test(test_methods_copras_is_textbook_not_pymcdm_variant),
		cmocka_unit_test(test_methods_copras_degenerate_data),
		cmocka_unit_test(test_methods_edas_yazdani_2020),
		cmocka_unit_test(test_methods_edas_ersoy_2021),
		cmocka_unit_test(test_methods_edas_degenerate_data),
		cmocka_unit_test(test_methods_scaling_weights_keeps_rankings),
		cmocka_unit_test(test_methods_swapping_rows_swaps_scores),
		cmocka_unit_test(test_methods_wsm_dominated_option_keeps_winner),
		cmocka_unit_test(test_methods_wsm_minmax_dominated_moves_bounds),
		cmocka_unit_test(test_methods_zero_weight_counts_for_nothing),
		cmocka_unit_test(test_methods_degenerate_data_never_nan),
		cmocka_unit_test(test_methods_normalization_error_through_evaluate),
	};

	return cmocka_run_group_tests_name("methods", tests, NULL, NULL);
}
