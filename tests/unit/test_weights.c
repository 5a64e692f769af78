/*
 * test_weights.c -- derived weights (weights_objective.c, weights_ahp.c):
 * rank-order centroid, entropy, CRITIC, AHP with its random-index tables,
 * and the pairwise-matrix CSV reader.
 *
 * Published worked examples first, each citing where its numbers come
 * from; agreement is to 1e-6 relative where the source gives more digits,
 * else to the published precision (half a unit in the last place shown).
 * Then every error path with its whole error, and the degenerate cases
 * (never NaN).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tdm.h"
#include "tdm_test.h"

/* ---- helpers --------------------------------------------------------- */


/* Within 1e-6 relative. */
#define assert_rel(got, want) assert_near((got), (want), 1e-6 * fabs(want))

/* Rows as printed in a paper (option by option) into the engine's
 * column-major layout, x[j * n + i]. */
static double *
colmajor(const double *rows, size_t n, size_t m)
{
	double *x = malloc(n * m * sizeof *x);
	size_t i, j;

	assert_non_null(x);
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			x[j * n + i] = rows[i * m + j];
	return x;
}

static void
assert_sums_to_one(const double *w, size_t m)
{
	double s = 0;
	size_t j;

	for (j = 0; j < m; j++) {
		assert_true(isfinite(w[j]));
		assert_true(w[j] >= 0);
		s += w[j];
	}
	assert_near(s, 1, 1e-12);
}

static void
assert_error(const tdm_error *err, tdm_status code, const char *source,
             long line, long column, const char *needle)
{
	if (err->code != code || err->line != line || err->column != column ||
	    strstr(err->message, needle) == NULL ||
	    strcmp(err->source, source) != 0)
		print_error("got %s:%ld:%ld: [%s] %s\n", err->source, err->line,
		            err->column, tdm_status_name(err->code), err->message);
	assert_int_equal(err->code, code);
	assert_string_equal(err->source, source);
	assert_int_equal(err->line, line);
	assert_int_equal(err->column, column);
	assert_non_null(strstr(err->message, needle));
}

/* An AHP matrix from the judgements above the diagonal, given row by row
 * (a12, a13, ..., a1m, a23, ...); the rest is 1 and reciprocals. */
static double *
pairwise(size_t m, const double *upper)
{
	double *a = malloc(m * m * sizeof *a);
	size_t i, j, k = 0;

	assert_non_null(a);
	for (i = 0; i < m; i++) {
		a[i * m + i] = 1;
		for (j = i + 1; j < m; j++) {
			a[i * m + j] = upper[k];
			a[j * m + i] = 1 / upper[k];
			k++;
		}
	}
	return a;
}

/* Write text to a new temporary file; returns its path (static buffer). */
static const char *
temp_csv(const char *text)
{
	static char path[64];
	size_t len = strlen(text);
	FILE *fp;
	int fd;

	snprintf(path, sizeof path, "/tmp/tdm-ahp-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
free_names(char **names, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		free(names[k]);
	free(names);
}

/* Read text as an AHP CSV expecting an error at line:field. */
static void
csv_fails(const char *text, tdm_status code, long line, long field,
          const char *needle)
{
	const char *path = temp_csv(text);
	char **names = (char **)1;
	double *a = (double *)1;
	size_t n = 99;
	tdm_error err;

	tdm_error_clear(&err);
	assert_int_equal(tdm_ahp_read_csv(path, &names, &a, &n, &err), code);
	assert_error(&err, code, path, line, field, needle);
	assert_null(names);
	assert_null(a);
	assert_int_equal(n, 0);
	unlink(path);
}

/* ---- rank-order centroid ---------------------------------------------- */

/* Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked
 * attribute weights. Management Science 42(11), 1515-1523: ROC weights
 * for four attributes, 0.5208, 0.2708, 0.1458, 0.0625 (exactly 25/48,
 * 13/48, 7/48, 3/48). */
static void
test_weights_roc_barron_barrett_four(void **state)
{
	double w[4];

	(void)state;
	tdm_weights_roc(4, w);
	assert_published(w[0], 0.5208, 4);
	assert_published(w[1], 0.2708, 4);
	assert_published(w[2], 0.1458, 4);
	assert_published(w[3], 0.0625, 4);
	assert_near(w[0], 25.0 / 48, 1e-15);
	assert_near(w[1], 13.0 / 48, 1e-15);
	assert_near(w[2], 7.0 / 48, 1e-15);
	assert_near(w[3], 3.0 / 48, 1e-15);
	assert_sums_to_one(w, 4);
}

/* Barron & Barrett (1996), the same table for three and five attributes:
 * 0.6111, 0.2778, 0.1111 and 0.4567, 0.2567, 0.1567, 0.0900, 0.0400
 * (11/18, 5/18, 2/18 and 137/300, 77/300, 47/300, 27/300, 12/300). */
static void
test_weights_roc_barron_barrett_three_and_five(void **state)
{
	double w3[3], w5[5];

	(void)state;
	tdm_weights_roc(3, w3);
	assert_published(w3[0], 0.6111, 4);
	assert_published(w3[1], 0.2778, 4);
	assert_published(w3[2], 0.1111, 4);
	assert_near(w3[0], 11.0 / 18, 1e-15);
	assert_near(w3[2], 2.0 / 18, 1e-15);
	tdm_weights_roc(5, w5);
	assert_published(w5[0], 0.4567, 4);
	assert_published(w5[1], 0.2567, 4);
	assert_published(w5[2], 0.1567, 4);
	assert_published(w5[3], 0.0900, 4);
	assert_published(w5[4], 0.0400, 4);
	assert_near(w5[0], 137.0 / 300, 1e-15);
	assert_near(w5[4], 12.0 / 300, 1e-15);
	assert_sums_to_one(w5, 5);
}

/* Chang, C.-L. (2004), the project-selection example quoted in course
 * material on rank order centroid weights: four factors ranked shortening
 * schedule > project cost > agency control > competition weigh 0.52,
 * 0.27, 0.15 and 0.06 (two decimals). Checked here through the whole
 * pipeline: `order` maps ranks to criteria whatever their declaration
 * order. */
static void
test_weights_roc_chang_2004_through_evaluate(void **state)
{
	static const char *const names[] = {"competition", "cost", "schedule",
	                                    "control"};
	static const char *const order[] = {"schedule", "cost", "control",
	                                    "competition"};
	tdm_model *m = tdm_model_new();
	tdm_result *r;
	size_t c, o;

	(void)state;
	for (c = 0; c < 4; c++) {
		tdm_criterion *cr;
		assert_int_equal(tdm_model_add_criterion(m, names[c], -1, 0, &cr,
		                                         NULL),
		                 TDM_OK);
		cr->better = TDM_BETTER_HIGHER;
		cr->has_better = 1;
		tdm_model_attr(m, names[c], 1);
	}
	for (o = 0; o < 2; o++) {
		size_t idx;
		tdm_value v = {TDM_VAL_NUMBER, 0, {0}};
		assert_int_equal(tdm_model_add_option(m, o ? "B" : "A", -1, 0, &idx,
		                                      NULL),
		                 TDM_OK);
		for (c = 0; c < 4; c++) {
			v.as.num = (double)(o + c);
			tdm_model_set_value(m, idx, c, &v, NULL);
		}
	}
	m->order = calloc(4, sizeof *m->order);
	for (c = 0; c < 4; c++)
		m->order[c] = strdup(order[c]);
	m->n_order = 4;
	assert_int_equal(tdm_model_set_text(m, &m->weighting, "roc", NULL),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_string_equal(r->weighting, "roc");
	assert_published(r->weights[2], 0.52, 2); /* schedule */
	assert_published(r->weights[1], 0.27, 2); /* cost */
	assert_published(r->weights[3], 0.15, 2); /* control */
	assert_published(r->weights[0], 0.06, 2); /* competition */
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_weights_roc_one_and_many(void **state)
{
	double one[1], many[200];
	size_t k;

	(void)state;
	tdm_weights_roc(1, one);
	assert_near(one[0], 1, 0);
	tdm_weights_roc(200, many);
	assert_sums_to_one(many, 200);
	for (k = 1; k < 200; k++)
		assert_true(many[k] < many[k - 1]);
	assert_near(many[199], 1.0 / (200.0 * 200.0), 1e-18);
	tdm_weights_roc(0, NULL); /* nothing to write, nothing read */
}

/* ---- entropy ---------------------------------------------------------- */

/* Elsayed, E. A., Dawood, A. S. & Karthikeyan, R. (2017). Evaluating
 * alternatives through the application of TOPSIS method with entropy
 * weight. Int. J. Eng. Trends Technol. 46(2), 60-66; the example of
 * pymcdm's tests/test_weights.py (TestEntropyWeights), 6 decimals. */
static void
test_weights_entropy_elsayed_2017(void **state)
{
	static const double rows[] = {
		7, 312, 1891, 6613, 163,
		72, 88, 728, 941804, 1078,
		10, 252, 2594, 3466, 117471,
		10, 145, 980, 2371, 86329,
		65, 54, 350, 501, 29897,
		29, 48, 380, 912, 34051,
		7, 476, 3300, 78470, 2212,
		70, 87, 650, 733, 819000,
		4, 86, 591, 3015, 103,
		12, 79, 579, 3240, 96098,
		21, 45, 261, 1253, 453,
		1, 72, 530, 4333, 0.104800,
	};
	static const double want[] = {0.104991, 0.069124, 0.071373, 0.449937,
	                              0.304575};
	double *x = colmajor(rows, 12, 5), w[5];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 12, 5, w, NULL), TDM_OK);
	for (j = 0; j < 5; j++)
		assert_published(w[j], want[j], 6);
	assert_sums_to_one(w, 5);
	free(x);
}

/* Xu, X. (2004). A note on the subjective and objective integrated
 * approach to determine attribute weights. European Journal of
 * Operational Research 156(2), 530-532; pyrepo-mcda
 * tests/test_weighting_methods.py (Test_Entropy.test_Entropy), 4
 * decimals. The fourth attribute barely varies: weight 0.0000. */
static void
test_weights_entropy_xu_2004(void **state)
{
	static const double rows[] = {
		30, 30, 38, 29,
		19, 54, 86, 29,
		19, 15, 85, 28.9,
		68, 70, 60, 29,
	};
	static const double want[] = {0.4630, 0.3992, 0.1378, 0.0000};
	double *x = colmajor(rows, 4, 4), w[4];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 4, 4, w, NULL), TDM_OK);
	for (j = 0; j < 4; j++)
		assert_published(w[j], want[j], 4);
	assert_true(w[3] > 0);
	free(x);
}

/* Zavadskas, E. K. & Podvezko, V. (2016). Integrated determination of
 * objective criteria weights in MCDM. International Journal of
 * Information Technology & Decision Making 15(2), 267-283; pyrepo-mcda
 * (Test_Entropy.test_Entropy2), 4 decimals. Entropy ignores directions. */
static void
test_weights_entropy_zavadskas_podvezko_2016(void **state)
{
	static const double rows[] = {
		3.0, 100, 10, 7,
		2.5, 80, 8, 5,
		1.8, 50, 20, 11,
		2.2, 70, 12, 9,
	};
	static const double want[] = {0.1146, 0.1981, 0.4185, 0.2689};
	double *x = colmajor(rows, 4, 4), w[4];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 4, 4, w, NULL), TDM_OK);
	for (j = 0; j < 4; j++)
		assert_published(w[j], want[j], 4);
	free(x);
}

/* Ersoy, Y. (2021). Equipment selection for an e-commerce company using
 * entropy-based TOPSIS, EDAS and CODAS methods during the COVID-19.
 * LogForum 17(3); pyrepo-mcda (Test_Entropy.test_Entropy3), 3 decimals. */
static void
test_weights_entropy_ersoy_2021(void **state)
{
	static const double rows[] = {
		256, 8, 41, 1.6, 1.77, 7347.16,
		256, 8, 32, 1.0, 1.8, 6919.99,
		256, 8, 53, 1.6, 1.9, 8400,
		256, 8, 41, 1.0, 1.75, 6808.9,
		512, 8, 35, 1.6, 1.7, 8479.99,
		256, 4, 35, 1.6, 1.7, 7499.99,
	};
	static const double want[] = {0.405, 0.221, 0.134, 0.199, 0.007, 0.034};
	double *x = colmajor(rows, 6, 6), w[6];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 6, 6, w, NULL), TDM_OK);
	for (j = 0; j < 6; j++)
		assert_published(w[j], want[j], 3);
	free(x);
}

/* Lee, H. C. & Chang, C. T. (2018). Comparative analysis of MCDM methods
 * for ranking renewable energy sources in Taiwan. Renewable and
 * Sustainable Energy Reviews 92, 883-896; pyrepo-mcda
 * (Test_Entropy.test_Entropy4), 3 decimals. */
static void
test_weights_entropy_lee_chang_2018(void **state)
{
	static const double rows[] = {
		4550, 30, 6.74, 20, 15, 5, 85, 150, 0.87, 4.76,
		3005, 60.86, 2.4, 35, 27, 4, 26, 200, 0.17, 4.51,
		2040, 14.85, 1.7, 90, 25, 5, 26, 500, 0.27, 4.19,
		3370, 99.4, 3.25, 25.3, 54, 3, 45, 222, 0.21, 3.78,
		3920, 112.6, 4.93, 11.4, 71.7, 2, 50, 100, 0.25, 4.11,
	};
	static const double want[] = {0.026, 0.154, 0.089, 0.199, 0.115,
	                              0.04,  0.08,  0.123, 0.172, 0.002};
	double *x = colmajor(rows, 5, 10), w[10];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 5, 10, w, NULL), TDM_OK);
	for (j = 0; j < 10; j++)
		assert_published(w[j], want[j], 3);
	free(x);
}

/* 0 ln 0 = 0: a zero is a share of nothing, not an error. (0, 1): all
 * the mass on one option, entropy 0, d = 1; (5, 5): entropy 1, d = 0.
 * (0, 1, 3) against (1, 2, 3), by hand from the definition. */
static void
test_weights_entropy_zero_cells(void **state)
{
	static const double x[] = {0, 1, 5, 5}; /* column-major, n = 2 */
	static const double x3[] = {0, 1, 3, 1, 2, 3};
	double w[2], d0, d1;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 2, 2, w, NULL), TDM_OK);
	assert_near(w[0], 1, 1e-15);
	assert_near(w[1], 0, 1e-15);
	assert_int_equal(tdm_weights_entropy(x3, 3, 2, w, NULL), TDM_OK);
	d0 = 1 + (0.25 * log(0.25) + 0.75 * log(0.75)) / log(3);
	d1 = 1 + (log(1.0 / 6) / 6 + log(2.0 / 6) * 2 / 6 + log(3.0 / 6) * 3 / 6) /
	             log(3);
	assert_near(w[0], d0 / (d0 + d1), 1e-15);
	assert_near(w[1], d1 / (d0 + d1), 1e-15);
	assert_sums_to_one(w, 2);
}

/* An all-zero column carries no information: weight 0, the others as if
 * it were not there. */
static void
test_weights_entropy_all_zero_column(void **state)
{
	static const double rows3[] = {30, 30, 0, 19, 54, 0, 19, 15, 0};
	static const double rows2[] = {30, 30, 19, 54, 19, 15};
	double *x3 = colmajor(rows3, 3, 3), *x2 = colmajor(rows2, 3, 2);
	double w3[3], w2[2];

	(void)state;
	assert_int_equal(tdm_weights_entropy(x3, 3, 3, w3, NULL), TDM_OK);
	assert_int_equal(tdm_weights_entropy(x2, 3, 2, w2, NULL), TDM_OK);
	assert_near(w3[2], 0, 0);
	assert_rel(w3[0], w2[0]);
	assert_rel(w3[1], w2[1]);
	assert_sums_to_one(w3, 3);
	free(x3);
	free(x2);
}

/* Every column constant (every d_j = 0), or a single option: nothing
 * tells the criteria apart, so equal weights -- documented, never 0/0. */
static void
test_weights_entropy_uniform_and_single_option(void **state)
{
	static const double flat[] = {4, 4, 4, 7, 7, 7, 0, 0, 0};
	static const double one[] = {3, 9, 0.5};
	double w[3];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_entropy(flat, 3, 3, w, NULL), TDM_OK);
	for (j = 0; j < 3; j++)
		assert_near(w[j], 1.0 / 3, 1e-15);
	assert_int_equal(tdm_weights_entropy(one, 1, 3, w, NULL), TDM_OK);
	for (j = 0; j < 3; j++)
		assert_near(w[j], 1.0 / 3, 1e-15);
}

static void
test_weights_entropy_negative_value(void **state)
{
	static const double x[] = {1, 2, 3, 4, -0.5, 6}; /* column 2 holds -0.5 */
	double w[2];
	tdm_error err;

	(void)state;
	tdm_error_clear(&err);
	assert_int_equal(tdm_weights_entropy(x, 3, 2, w, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, "", 0, 2,
	             "criterion 2 has a negative value (-0.5, option 2)");
	assert_non_null(strstr(err.message, "values >= 0"));
}

static void
test_weights_entropy_not_finite_and_no_options(void **state)
{
	double x[] = {1, 2, 3, 4};
	double w[2];
	tdm_error err;

	(void)state;
	x[3] = NAN;
	tdm_error_clear(&err);
	assert_int_equal(tdm_weights_entropy(x, 2, 2, w, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, "", 0, 2,
	             "entropy weights: criterion 2, option 2 is not a finite "
	             "number");
	x[3] = INFINITY;
	assert_int_equal(tdm_weights_entropy(x, 2, 2, w, NULL), TDM_DATA);
	tdm_error_clear(&err);
	assert_int_equal(tdm_weights_entropy(x, 0, 2, w, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, "", 0, 0, "at least one option");
	assert_int_equal(tdm_weights_entropy(x, 2, 0, w, NULL), TDM_OK);
}

/* Scaling a column by a positive factor leaves its shares, and all the
 * weights, unchanged -- also at magnitudes whose plain sum overflows. */
static void
test_weights_entropy_scale_invariant(void **state)
{
	static const double rows[] = {30, 30, 19, 54, 19, 15, 68, 70};
	double *x = colmajor(rows, 4, 2), w[2], big[2];
	size_t i;

	(void)state;
	assert_int_equal(tdm_weights_entropy(x, 4, 2, w, NULL), TDM_OK);
	for (i = 0; i < 4; i++)
		x[i] *= 1e306; /* sums past DBL_MAX */
	assert_int_equal(tdm_weights_entropy(x, 4, 2, big, NULL), TDM_OK);
	assert_rel(big[0], w[0]);
	assert_rel(big[1], w[1]);
	free(x);
}

/* ---- CRITIC ----------------------------------------------------------- */

/* Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining
 * objective weights in multiple criteria problems: the CRITIC method.
 * Computers & Operations Research 22(7), 763-770: the paper's own data
 * (eight firms, three ratios); weights as in scikit-criteria
 * tests/preprocessing/test_weighters.py
 * (test_CRITIC_diakoulaki1995determining), 1e-6 relative. Negative
 * values are fine for CRITIC. */
static void
test_weights_critic_diakoulaki_1995(void **state)
{
	static const double rows[] = {
		61, 1.08, 4.33,
		20.7, 0.26, 4.34,
		16.3, 1.98, 2.53,
		9.0, 3.29, 1.65,
		5.4, 2.77, 2.33,
		4.0, 4.12, 1.21,
		-6.1, 3.52, 2.10,
		-34.6, 3.31, 0.98,
	};
	static const double want[] = {0.20222554, 0.48090173, 0.31687273};
	double *x = colmajor(rows, 8, 3), w[3];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_critic(x, 8, 3, NULL, 0, w, NULL), TDM_OK);
	for (j = 0; j < 3; j++)
		assert_rel(w[j], want[j]);
	assert_sums_to_one(w, 3);
	free(x);
}

/* Tuş, A. & Aytaç Adalı, E. (2019). The new combination with CRITIC and
 * WASPAS methods for the time and attendance software selection problem.
 * OPSEARCH 56(2), 528-538; pymcdm tests/test_weights.py
 * (TestCRITICWeights) and pyrepo-mcda (Test_CRITIC), 3 decimals. The
 * first criterion (price) is a cost; as in the paper and pymcdm it is not
 * flipped, and flagging it changes nothing unless flip_cost is set. */
static const double tus_rows[] = {
	5000, 3, 3, 4, 3, 2,
	680, 5, 3, 2, 2, 1,
	2000, 3, 2, 3, 4, 3,
	600, 4, 3, 1, 2, 2,
	800, 2, 4, 3, 3, 4,
};

static void
test_weights_critic_tus_adali_2019(void **state)
{
	static const double want[] = {0.157, 0.249, 0.168, 0.121, 0.154, 0.151};
	static const unsigned char cost[] = {1, 0, 0, 0, 0, 0};
	double *x = colmajor(tus_rows, 5, 6), w[6], wc[6];
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_critic(x, 5, 6, NULL, 0, w, NULL), TDM_OK);
	for (j = 0; j < 6; j++)
		assert_published(w[j], want[j], 3);
	assert_int_equal(tdm_weights_critic(x, 5, 6, cost, 0, wc, NULL), TDM_OK);
	for (j = 0; j < 6; j++)
		assert_near(wc[j], w[j], 0);
	free(x);
}

/* flip_cost: a flipped cost column is min-max normalised as (max - x) /
 * (max - min), the same as negating the column without flipping. Its
 * sigma is unchanged; its correlations change sign, so the weights move. */
static void
test_weights_critic_flip_cost(void **state)
{
	static const unsigned char cost[] = {1, 0, 0, 0, 0, 0};
	double *x = colmajor(tus_rows, 5, 6), *neg = colmajor(tus_rows, 5, 6);
	double flipped[6], negated[6], plain[6];
	size_t i, j;
	int moved = 0;

	(void)state;
	for (i = 0; i < 5; i++)
		neg[i] = -neg[i];
	assert_int_equal(tdm_weights_critic(x, 5, 6, cost, 1, flipped, NULL),
	                 TDM_OK);
	assert_int_equal(tdm_weights_critic(neg, 5, 6, NULL, 0, negated, NULL),
	                 TDM_OK);
	assert_int_equal(tdm_weights_critic(x, 5, 6, NULL, 0, plain, NULL),
	                 TDM_OK);
	for (j = 0; j < 6; j++) {
		assert_near(flipped[j], negated[j], 1e-15);
		if (fabs(flipped[j] - plain[j]) > 1e-3)
			moved = 1;
	}
	assert_true(moved);
	assert_sums_to_one(flipped, 6);
	free(x);
	free(neg);
}

/* A constant column normalises to zeros: sigma 0, weight 0, and its
 * undefined correlation with the others counts as 0 (conflict 1), which
 * the others' weights show. No NaN anywhere. */
static void
test_weights_critic_constant_column(void **state)
{
	static const double rows[] = {
		1, 7, 10,
		2, 7, 30,
		4, 7, 20,
	};
	double *x = colmajor(rows, 3, 3), w[3];
	double z0[3] = {0, 1.0 / 3, 1}, z2[3] = {0, 1, 0.5};
	double m0 = (0 + 1.0 / 3 + 1) / 3, m2 = 0.5, s0 = 0, s2 = 0, c = 0;
	double r, c0, c2;
	size_t i;

	(void)state;
	assert_int_equal(tdm_weights_critic(x, 3, 3, NULL, 0, w, NULL), TDM_OK);
	assert_near(w[1], 0, 0);
	/* by hand: sigma and r of the two varying columns */
	for (i = 0; i < 3; i++) {
		s0 += (z0[i] - m0) * (z0[i] - m0);
		s2 += (z2[i] - m2) * (z2[i] - m2);
		c += (z0[i] - m0) * (z2[i] - m2);
	}
	r = c / sqrt(s0 * s2);
	c0 = sqrt(s0 / 2) * ((1 - 0) + (1 - r));
	c2 = sqrt(s2 / 2) * ((1 - r) + (1 - 0));
	assert_near(w[0], c0 / (c0 + c2), 1e-15);
	assert_near(w[2], c2 / (c0 + c2), 1e-15);
	assert_sums_to_one(w, 3);
	free(x);
}

/* Every C_j = 0 (every column constant), one option, or one criterion:
 * equal weights, documented. */
static void
test_weights_critic_degenerate_equal(void **state)
{
	static const double flat[] = {2, 2, 2, 5, 5, 5};
	static const double one[] = {1, 2, 3};
	static const double single[] = {1, 5, 2};
	double w[3];

	(void)state;
	assert_int_equal(tdm_weights_critic(flat, 3, 2, NULL, 0, w, NULL),
	                 TDM_OK);
	assert_near(w[0], 0.5, 0);
	assert_near(w[1], 0.5, 0);
	assert_int_equal(tdm_weights_critic(one, 1, 3, NULL, 0, w, NULL), TDM_OK);
	assert_near(w[0], 1.0 / 3, 1e-16);
	assert_near(w[2], 1.0 / 3, 1e-16);
	assert_int_equal(tdm_weights_critic(single, 3, 1, NULL, 0, w, NULL),
	                 TDM_OK);
	assert_near(w[0], 1, 0);
	assert_int_equal(tdm_weights_critic(one, 3, 0, NULL, 0, w, NULL), TDM_OK);
}

/* Identical options: every column is constant. Two perfectly correlated
 * columns: no conflict with each other. */
static void
test_weights_critic_identical_options_and_duplicates(void **state)
{
	static const double same[] = {3, 3, 3, 8, 8, 8};
	/* columns 1 and 2 are the same data scaled: r = 1 */
	static const double rows[] = {1, 10, 5, 2, 20, 1, 4, 40, 3};
	double *x = colmajor(rows, 3, 3), w[3];

	(void)state;
	assert_int_equal(tdm_weights_critic(same, 3, 2, NULL, 0, w, NULL),
	                 TDM_OK);
	assert_near(w[0], 0.5, 0);
	assert_int_equal(tdm_weights_critic(x, 3, 3, NULL, 0, w, NULL), TDM_OK);
	assert_near(w[0], w[1], 1e-15);
	assert_sums_to_one(w, 3);
	free(x);
}

static void
test_weights_critic_not_finite(void **state)
{
	double x[] = {1, 2, 3, 4, 5, 6};
	double w[2];
	tdm_error err;

	(void)state;
	x[4] = INFINITY;
	tdm_error_clear(&err);
	assert_int_equal(tdm_weights_critic(x, 3, 2, NULL, 0, w, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, "", 0, 2,
	             "CRITIC weights: criterion 2, option 2 is not a finite "
	             "number");
}

/* Values near the top of the double range: the range hi - lo overflows,
 * the normalised values must not. */
static void
test_weights_critic_huge_range(void **state)
{
	static const double rows[] = {-1e308, 1, 0, 3, 1e308, 2};
	static const double scaled[] = {-1, 1, 0, 3, 1, 2};
	double *x = colmajor(rows, 3, 2), *y = colmajor(scaled, 3, 2);
	double w[2], v[2];

	(void)state;
	assert_int_equal(tdm_weights_critic(x, 3, 2, NULL, 0, w, NULL), TDM_OK);
	assert_int_equal(tdm_weights_critic(y, 3, 2, NULL, 0, v, NULL), TDM_OK);
	assert_near(w[0], v[0], 1e-12);
	assert_near(w[1], v[1], 1e-12);
	free(x);
	free(y);
}

/* ---- AHP: published examples ------------------------------------------ */

/* Saaty, T. L. (2008). Decision making with the analytic hierarchy
 * process. International Journal of Services Sciences 1(1), 83-98: which
 * drink is consumed more in the US. Expected values from AHPy
 * tests/test_ahp.py (test_drinks_weights_precision_4_dd,
 * test_drinks_cr_dd, test_drinks_cr_saaty): weights to 4 decimals, CR
 * 0.0235 with Donegan & Dodd's RI and 0.022 with Saaty's 2005 table.
 * Order: coffee, wine, tea, beer, soda, milk, water. */
static const double drinks_upper[] = {
	/* coffee vs wine, tea, beer, soda, milk, water */
	9, 5, 2, 1, 1, 1.0 / 2,
	/* wine vs tea, beer, soda, milk, water */
	1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9,
	/* tea vs beer, soda, milk, water */
	1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9,
	/* beer vs soda, milk, water */
	1.0 / 2, 1, 1.0 / 3,
	/* soda vs milk, water */
	2, 1.0 / 2,
	/* milk vs water */
	1.0 / 3,
};

static void
test_weights_ahp_saaty_2008_drinks(void **state)
{
	static const double want[] = {0.1775, 0.0191, 0.0418, 0.1164,
	                              0.1896, 0.1288, 0.3268};
	double *a = pairwise(7, drinks_upper), w[7];
	tdm_ahp_info info;
	size_t j;

	(void)state;
	assert_int_equal(tdm_weights_ahp(a, 7, "donegan-dodd", w, &info, NULL),
	                 TDM_OK);
	for (j = 0; j < 7; j++)
		assert_published(w[j], want[j], 4);
	assert_sums_to_one(w, 7);
	assert_published(info.cr, 0.0235, 4);
	assert_near(info.ri, 1.2519, 0);
	assert_string_equal(info.ri_table, "donegan-dodd");
	assert_near(info.ci, (info.lambda_max - 7) / 6, 1e-15);
	assert_near(info.cr, info.ci / 1.2519, 1e-15);
	assert_int_equal(tdm_weights_ahp(a, 7, "saaty-2005", w, &info, NULL),
	                 TDM_OK);
	assert_published(info.cr, 0.022, 3);
	assert_near(info.ri, 1.35, 0);
	free(a);
}

/* Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of
 * incomplete pairwise comparison matrices. Mathematical and Computer
 * Modelling 52(1-2), 318-333: the complete 4x4 example, as in AHPy's
 * README (weights b 0.3917, a 0.3742, d 0.1349, c 0.0991; CR 0.0372 with
 * its default Donegan & Dodd RI), 4 decimals. */
static void
test_weights_ahp_bozoki_2010_complete(void **state)
{
	static const double upper[] = {1, 5, 2, 3, 4, 3.0 / 4};
	double *a = pairwise(4, upper), w[4];
	tdm_ahp_info info;

	(void)state;
	assert_int_equal(tdm_weights_ahp(a, 4, "donegan-dodd", w, &info, NULL),
	                 TDM_OK);
	assert_published(w[0], 0.3742, 4);
	assert_published(w[1], 0.3917, 4);
	assert_published(w[2], 0.0991, 4);
	assert_published(w[3], 0.1349, 4);
	assert_published(info.cr, 0.0372, 4);
	/* lambda_max is an eigenvalue: A w = lambda_max w, row by row */
	{
		size_t i, j;
		for (i = 0; i < 4; i++) {
			double s = 0;
			for (j = 0; j < 4; j++)
				s += a[i * 4 + j] * w[j];
			assert_near(s, info.lambda_max * w[i], 1e-12);
		}
	}
	free(a);
}

/* Saaty, T. L. (2005). Theory and Applications of the Analytic Network
 * Process, RWS Publications: choosing a city to live in, five criteria
 * and four cities, synthesised over the hierarchy. Expected from AHPy
 * tests/test_ahp.py (test_cities_weights_dd_precision_4): Bethesda
 * 0.2291, Boston 0.2748, Pittsburgh 0.3852, Santa Fe 0.1110. AHPy rounds
 * every local weight to 4 decimals before synthesising, so the agreement
 * allowed is 1e-4, not half of it. */
static void
test_weights_ahp_saaty_2005_cities(void **state)
{
	/* criteria: culture, family, housing, jobs, transportation */
	static const double criteria[] = {
		1.0 / 5, 3, 1.0 / 2, 5, /* culture vs family, housing, jobs, transp. */
		7, 1, 7,                /* family vs housing, jobs, transportation */
		1.0 / 4, 3,             /* housing vs jobs, transportation */
		7,                      /* jobs vs transportation */
	};
	/* cities: Bethesda, Boston, Pittsburgh, Santa Fe */
	static const double cities[5][6] = {
		{1.0 / 2, 1, 1.0 / 2, 2.5, 1, 1.0 / 2.5},  /* culture */
		{2, 1.0 / 3, 4, 1.0 / 8, 2, 9},            /* family */
		{5, 1.0 / 2, 2.5, 1.0 / 9, 1.0 / 4, 7},    /* housing */
		{1.0 / 2, 3, 4, 6, 8, 1},                  /* jobs */
		{1.5, 1.0 / 2, 4, 1.0 / 3.5, 2.5, 9},      /* transportation */
	};
	static const double want[] = {0.2291, 0.2748, 0.3852, 0.1110};
	double *a = pairwise(5, criteria), wc[5], target[4] = {0, 0, 0, 0};
	size_t c, k;

	(void)state;
	assert_int_equal(tdm_weights_ahp(a, 5, "donegan-dodd", wc, NULL, NULL),
	                 TDM_OK);
	free(a);
	for (c = 0; c < 5; c++) {
		double wl[4];
		a = pairwise(4, cities[c]);
		assert_int_equal(tdm_weights_ahp(a, 4, NULL, wl, NULL, NULL), TDM_OK);
		for (k = 0; k < 4; k++)
			target[k] += wc[c] * wl[k];
		free(a);
	}
	for (k = 0; k < 4; k++)
		assert_near(target[k], want[k], 1e-4);
	assert_sums_to_one(target, 4);
}

/* A consistent matrix (a_ij = v_i / v_j) gives back v exactly, lambda_max
 * = m, CI = CR = 0. */
static void
test_weights_ahp_consistent_matrix(void **state)
{
	static const double v[] = {8, 4, 2, 1};
	double a[16], w[4];
	tdm_ahp_info info;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			a[i * 4 + j] = v[i] / v[j];
	assert_int_equal(tdm_weights_ahp(a, 4, NULL, w, &info, NULL), TDM_OK);
	for (i = 0; i < 4; i++)
		assert_near(w[i], v[i] / 15, 1e-15);
	assert_near(info.lambda_max, 4, 1e-13);
	assert_near(info.ci, 0, 1e-13);
	assert_near(info.cr, 0, 1e-13);
	assert_true(info.ci >= 0);
	assert_string_equal(info.ri_table, "saaty"); /* the default */
	assert_near(info.ri, 0.90, 0);
}

/* ---- AHP: consistency, tables ----------------------------------------- */

/* One judgement reversed in a consistent matrix: CR far above 0.10, and
 * that judgement is the one named. */
static void
test_weights_ahp_inconsistent_pair_named(void **state)
{
	static const double v[] = {8, 4, 2, 1};
	double a[16], w[4];
	tdm_ahp_info info;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			a[i * 4 + j] = v[i] / v[j];
	a[0 * 4 + 3] = 1.0 / 8; /* "1 is 8 times less important than 4" */
	a[3 * 4 + 0] = 8;
	assert_int_equal(tdm_weights_ahp(a, 4, NULL, w, &info, NULL), TDM_OK);
	assert_true(info.cr > 0.10);
	assert_int_equal(info.worst_a, 0);
	assert_int_equal(info.worst_b, 3);
	assert_near(info.worst_given, 0.125, 0);
	assert_near(info.worst_implied, w[0] / w[3], 1e-15);
	/* the weights disagree with the judgement by a factor of more than 5 */
	assert_true(info.worst_implied / info.worst_given > 5);
	assert_near(info.cr, info.ci / 0.90, 1e-15);
	assert_sums_to_one(w, 4);
}

/* The same judgements under each table: same weights and CI, CR = CI / RI
 * with that table's RI -- the choice of table moves CR across 0.10. */
static void
test_weights_ahp_ri_table_changes_cr(void **state)
{
	static const char *const tables[] = {"saaty", "saaty-2005",
	                                     "alonso-lamata", "donegan-dodd",
	                                     "ahpsurvey"};
	static const double ri3[] = {0.58, 0.52, 0.5245, 0.4914, 0.5251686};
	/* a 3x3 with CI = 0.054: a12 a23 / a13 = 8/3, delta = (8/3)^(1/3),
	 * lambda_max = 1 + delta + 1/delta (Saaty 1980) */
	static const double upper[] = {2, 3, 4};
	double *a = pairwise(3, upper), w[3], ci = -1;
	tdm_ahp_info info;
	size_t t;

	(void)state;
	for (t = 0; t < 5; t++) {
		assert_int_equal(tdm_weights_ahp(a, 3, tables[t], w, &info, NULL),
		                 TDM_OK);
		assert_string_equal(info.ri_table, tables[t]);
		assert_near(info.ri, ri3[t], 0);
		if (ci < 0)
			ci = info.ci;
		assert_near(info.ci, ci, 1e-15);
		assert_near(info.cr, ci / ri3[t], 1e-15);
	}
	{
		double d = cbrt(8.0 / 3);
		assert_near(ci, (d + 1 / d - 2) / 2, 1e-14);
	}
	/* acceptable by Saaty's 1980 table, not by any of the others */
	assert_true(ci / 0.58 < 0.10);
	for (t = 1; t < 5; t++)
		assert_true(ci / ri3[t] > 0.10);
	free(a);
}

/* The names, default first; every one usable. */
static void
test_weights_ahp_ri_table_names(void **state)
{
	const char *const *names = tdm_ahp_ri_tables();
	double a[1] = {1}, w[1];
	tdm_ahp_info info;
	size_t k;

	(void)state;
	assert_string_equal(names[0], "saaty");
	for (k = 0; names[k] != NULL; k++) {
		assert_int_equal(tdm_weights_ahp(a, 1, names[k], w, &info, NULL),
		                 TDM_OK);
		assert_string_equal(info.ri_table, names[k]);
	}
	assert_int_equal(k, 5);
}

/* Donegan & Dodd skip orders above 20; RI between two listed orders is
 * interpolated linearly (as AHPy does). 22 lies 2/5 of the way from 20
 * (1.5371) to 25 (1.5619). */
static void
test_weights_ahp_ri_interpolated(void **state)
{
	double *a = malloc(22 * 22 * sizeof *a), w[22];
	tdm_ahp_info info;
	size_t i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 22 * 22; i++)
		a[i] = 1;
	assert_int_equal(tdm_weights_ahp(a, 22, "donegan-dodd", w, &info, NULL),
	                 TDM_OK);
	assert_near(info.ri, 1.5371 + (1.5619 - 1.5371) * 2 / 5, 1e-15);
	assert_near(w[21], 1.0 / 22, 1e-15);
	assert_near(info.cr, 0, 1e-13);
	free(a);
}

/* One and two criteria: always consistent, CI = CR = 0 with any table. */
static void
test_weights_ahp_one_and_two(void **state)
{
	double one[1] = {1}, two[4] = {1, 3, 1.0 / 3, 1}, w[2];
	tdm_ahp_info info;

	(void)state;
	assert_int_equal(tdm_weights_ahp(one, 1, NULL, w, &info, NULL), TDM_OK);
	assert_near(w[0], 1, 0);
	assert_near(info.cr, 0, 0);
	assert_near(info.lambda_max, 1, 1e-15);
	assert_int_equal(tdm_weights_ahp(two, 2, "alonso-lamata", w, &info, NULL),
	                 TDM_OK);
	assert_near(w[0], 0.75, 1e-15);
	assert_near(w[1], 0.25, 1e-15);
	assert_near(info.ci, 0, 0);
	assert_near(info.cr, 0, 0);
	assert_near(info.ri, 0, 0);
	assert_near(info.lambda_max, 2, 1e-14);
	assert_int_equal(info.worst_a, 0);
	assert_int_equal(info.worst_b, 1);
	assert_near(info.worst_implied, 3, 1e-14);
}

/* A cyclic 3x3 (a > b > c > a, all 9): a slow case for power iteration
 * (|lambda_2 / lambda_max| = 0.84); it converges, to equal weights. */
static void
test_weights_ahp_cyclic_converges(void **state)
{
	static const double upper[] = {9, 1.0 / 9, 9};
	double *a = pairwise(3, upper), w[3];
	tdm_ahp_info info;

	(void)state;
	assert_int_equal(tdm_weights_ahp(a, 3, NULL, w, &info, NULL), TDM_OK);
	assert_near(w[0], 1.0 / 3, 1e-13);
	assert_near(info.lambda_max, 1 + 9 + 1.0 / 9, 1e-12);
	assert_true(info.cr > 1);
	free(a);
}

/* ---- AHP: errors ------------------------------------------------------- */

static void
ahp_fails(const double *a, size_t m, const char *table, tdm_status code,
          const char *needle)
{
	double w[32];
	tdm_ahp_info info;
	tdm_error err;

	tdm_error_clear(&err);
	assert_int_equal(tdm_weights_ahp(a, m, table, w, &info, &err), code);
	assert_error(&err, code, "", 0, 0, needle);
}

static void
test_weights_ahp_not_reciprocal(void **state)
{
	static const double upper[] = {3, 5, 2};
	double *a = pairwise(3, upper);

	(void)state;
	a[2 * 3 + 1] = 0.4; /* (3, 2) should be 1/2 */
	ahp_fails(a, 3, NULL, TDM_DATA,
	          "ahp: cells (2, 3) = 2 and (3, 2) = 0.4 are not reciprocal: "
	          "(3, 2) must be 1/2");
	/* within the relative tolerance of 1e-6 it passes */
	a[2 * 3 + 1] = 0.5 * (1 + 5e-7);
	assert_int_equal(tdm_weights_ahp(a, 3, NULL, (double[3]){0}, NULL, NULL),
	                 TDM_OK);
	/* 0.333 for 1/3 is not within it */
	a[2 * 3 + 1] = 0.5;
	a[1 * 3 + 0] = 0.333;
	ahp_fails(a, 3, NULL, TDM_DATA,
	          "cells (1, 2) = 3 and (2, 1) = 0.333 are not reciprocal");
	free(a);
}

static void
test_weights_ahp_bad_cells(void **state)
{
	static const double upper[] = {3, 5, 2};
	double *a = pairwise(3, upper);

	(void)state;
	a[0 * 3 + 2] = 0;
	ahp_fails(a, 3, NULL, TDM_DATA,
	          "ahp: cell (1, 3) is 0: every judgement must be a finite "
	          "number > 0");
	a[0 * 3 + 2] = -5;
	ahp_fails(a, 3, NULL, TDM_DATA, "cell (1, 3) is -5");
	a[0 * 3 + 2] = NAN;
	ahp_fails(a, 3, NULL, TDM_DATA, "cell (1, 3) is nan");
	a[0 * 3 + 2] = INFINITY;
	ahp_fails(a, 3, NULL, TDM_DATA, "cell (1, 3) is inf");
	a[0 * 3 + 2] = 5;
	a[1 * 3 + 1] = 2;
	ahp_fails(a, 3, NULL, TDM_DATA,
	          "ahp: cell (2, 2) is 2: the diagonal must be 1");
	free(a);
	ahp_fails(NULL, 0, NULL, TDM_DATA, "ahp: no criteria to compare");
}

/* Judgements at the edge of the double range: an error, never NaN. */
static void
test_weights_ahp_out_of_range(void **state)
{
	static const double upper[] = {1.7e308, 1.7e308, 1.7e308};
	double *a = pairwise(3, upper);

	(void)state;
	ahp_fails(a, 3, NULL, TDM_EVAL,
	          "ahp: the judgements span too many orders of magnitude for the "
	          "eigenvector to be computed in double precision");
	free(a);
}

static void
test_weights_ahp_unknown_table(void **state)
{
	double a[1] = {1};

	(void)state;
	ahp_fails(a, 1, "saaty1980", TDM_USAGE,
	          "ahp: unknown random-index table 'saaty1980' (known: saaty (up "
	          "to 10), saaty-2005 (up to 15), alonso-lamata (up to 15), "
	          "donegan-dodd (up to 100), ahpsurvey (up to 15))");
}

/* Saaty's 1980 table stops at 10; 11 criteria need another table. */
static void
test_weights_ahp_matrix_beyond_table(void **state)
{
	double a[11 * 11], *big = malloc(101 * 101 * sizeof *big), w[11];
	size_t i;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < 11 * 11; i++)
		a[i] = 1;
	for (i = 0; i < 101 * 101; i++)
		big[i] = 1;
	ahp_fails(a, 11, NULL, TDM_DATA,
	          "ahp: the 'saaty' random-index table stops at 10 criteria, "
	          "this matrix has 11; choose a table that covers it: saaty (up "
	          "to 10), saaty-2005 (up to 15)");
	assert_int_equal(tdm_weights_ahp(a, 11, "saaty-2005", w, NULL, NULL),
	                 TDM_OK);
	ahp_fails(big, 101, "donegan-dodd", TDM_DATA,
	          "'donegan-dodd' random-index table stops at 100 criteria, this "
	          "matrix has 101");
	free(big);
}

/* ---- AHP: CSV ---------------------------------------------------------- */

/* The Bozóki et al. (2010) matrix as a spreadsheet would save it: an
 * empty corner, fractions, CRLF, a diagonal 1 within the tolerance. Read
 * and weighed, it gives AHPy's numbers (see
 * test_weights_ahp_bozoki_2010_complete). */
static void
test_weights_ahp_csv_reads_matrix(void **state)
{
	const char *path = temp_csv(",a,b,c,d\r\n"
	                            "a,1.0000001,1,5,2\r\n"
	                            "b,1,1,3,4\r\n"
	                            "c,1/5,1/3,1,3/4\r\n"
	                            "d,0.5,1/4,4/3,1\r\n");
	char **names;
	double *a, w[4];
	size_t n;
	tdm_ahp_info info;

	(void)state;
	assert_int_equal(tdm_ahp_read_csv(path, &names, &a, &n, NULL), TDM_OK);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "a");
	assert_string_equal(names[3], "d");
	assert_near(a[2 * 4 + 0], 0.2, 0);
	assert_near(a[0], 1, 0); /* stored as exactly 1 */
	assert_near(a[3 * 4 + 2], 4.0 / 3, 0);
	assert_int_equal(tdm_weights_ahp(a, n, "donegan-dodd", w, &info, NULL),
	                 TDM_OK);
	assert_published(w[1], 0.3917, 4);
	assert_published(info.cr, 0.0372, 4);
	free_names(names, n);
	free(a);
	unlink(path);
}

/* The corner: empty, quoted empty, blank, or any label; a BOM and blank
 * lines before the header; quoted names. */
static void
test_weights_ahp_csv_corner_forms(void **state)
{
	static const char *const texts[] = {
		",x,y\nx,1,2\ny,1/2,1\n",
		"\"\",x,y\nx,1,2\ny,1/2,1\n",
		"  \"\" ,x,y\nx,1,2\ny,1/2,1\n",
		"criterion,x,y\nx,1,2\ny,1/2,1\n",
		"\xEF\xBB\xBF,x,y\nx,1,2\ny,1/2,1\n",
		"\n\r\n,x,y\nx,1,2\ny,1/2,1\n",
		"\xEF\xBB\xBF\n,\"x\",y\r\"x\",1,2\ry,1/2,1",
	};
	size_t t;

	(void)state;
	for (t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		const char *path = temp_csv(texts[t]);
		char **names;
		double *a;
		size_t n;
		tdm_error err;

		tdm_error_clear(&err);
		if (tdm_ahp_read_csv(path, &names, &a, &n, &err) != TDM_OK)
			fail_msg("text %zu: %s:%ld:%ld: %s", t, err.source, err.line,
			         err.column, err.message);
		assert_int_equal(n, 2);
		assert_string_equal(names[0], "x");
		assert_string_equal(names[1], "y");
		assert_near(a[1], 2, 0);
		assert_near(a[2], 0.5, 0);
		free_names(names, n);
		free(a);
		unlink(path);
	}
}

static void
test_weights_ahp_csv_not_reciprocal(void **state)
{
	(void)state;
	csv_fails(",a,b,c\n"
	          "a,1,3,5\n"
	          "b,1/3,1,2\n"
	          "c,1/5,1/3,1\n",
	          TDM_DATA, 4, 3,
	          "not reciprocal: 'c' vs 'b' is 1/3 here, but 'b' vs 'c' is 2 "
	          "(line 3), so this cell must be 1/2");
	csv_fails(",a,b\na,1,3\nb,0.333,1\n", TDM_DATA, 3, 2,
	          "'b' vs 'a' is 0.333 here, but 'a' vs 'b' is 3 (line 2)");
}

static void
test_weights_ahp_csv_bad_cells(void **state)
{
	(void)state;
	csv_fails(",a,b\na,1,abc\nb,1,1\n", TDM_DATA, 2, 3,
	          "'abc' is not a number or a fraction like 1/3 ('a' vs 'b')");
	csv_fails(",a,b\na,1,0\nb,1,1\n", TDM_DATA, 2, 3,
	          "'0': a judgement must be > 0 ('a' vs 'b')");
	csv_fails(",a,b\na,1,-2\nb,-1/2,1\n", TDM_DATA, 2, 3,
	          "'-2': a judgement must be > 0");
	csv_fails(",a,b\na,1,1/0\nb,0,1\n", TDM_DATA, 2, 3,
	          "'1/0': both parts of a fraction must be numbers > 0");
	csv_fails(",a,b\na,1,1/2/3\nb,1,1\n", TDM_DATA, 2, 3,
	          "'1/2/3' is not a number or a fraction like 1/3");
	csv_fails(",a,b\na,1,/3\nb,1,1\n", TDM_DATA, 2, 3,
	          "'/3' is not a number or a fraction like 1/3");
	csv_fails(",a,b\na,1,\nb,1,1\n", TDM_DATA, 2, 3,
	          "empty cell: every pair of criteria needs a judgement ('a' vs "
	          "'b')");
	csv_fails(",a,b\na,1,1e999\nb,1,1\n", TDM_DATA, 2, 3,
	          "number out of range: '1e999'");
	csv_fails(",a,b\na,1,1e300/1e-300\nb,1,1\n", TDM_DATA, 2, 3,
	          "number out of range: '1e300/1e-300'");
	csv_fails(",a,b\na,1,inf\nb,1,1\n", TDM_DATA, 2, 3,
	          "'inf' is not a number");
	csv_fails(",a,b\na,2,1\nb,1,1\n", TDM_DATA, 2, 2,
	          "'a' vs itself is 2: the diagonal must be 1");
}

static void
test_weights_ahp_csv_shape_errors(void **state)
{
	(void)state;
	/* ragged: the reader's own error, line and field */
	csv_fails(",a,b\na,1,2\nb,1/2\n", TDM_DATA, 3, 3,
	          "row has 2 fields, the header has 3");
	/* too few rows */
	csv_fails(",a,b,c\na,1,2,3\nb,1/2,1,1\n", TDM_DATA, 1, 0,
	          "the header names 3 criteria but 2 rows follow: the matrix "
	          "must be square");
	csv_fails(",a,b\na,1,2\n", TDM_DATA, 1, 0,
	          "the header names 2 criteria but 1 row follows");
	/* too many rows */
	csv_fails(",a,b\na,1,2\nb,1/2,1\nc,1,1\n", TDM_DATA, 4, 1,
	          "more rows than criteria: the header names 2, so the matrix "
	          "has 2 rows");
	/* no criteria */
	csv_fails("corner\nx\n", TDM_DATA, 1, 2, "the header names no criteria");
	csv_fails("", TDM_DATA, 0, 0, "empty file: no header row");
	/* duplicate names: the reader's check */
	csv_fails(",a,a\na,1,1\na,1,1\n", TDM_DATA, 1, 3,
	          "duplicate column name 'a'");
}

static void
test_weights_ahp_csv_name_errors(void **state)
{
	(void)state;
	csv_fails(",a,b\nb,1,2\na,1/2,1\n", TDM_DATA, 2, 1,
	          "row 'b' is out of order: row 1 must be 'a' (rows follow the "
	          "order of the header)");
	csv_fails(",a,b\na,1,2\nz,1/2,1\n", TDM_DATA, 3, 1,
	          "'z' is not a criterion in the header (row 2 must be 'b')");
	/* an empty header field other than the corner stays an error */
	csv_fails(",a,,b\n", TDM_DATA, 1, 3, "empty column name in header field 3");
	/* a bad first field that is not an empty corner is reported as is */
	csv_fails("a\"b,x\nx,1\n", TDM_DATA, 1, 1, "malformed quoting in field 1");
}

static void
test_weights_ahp_csv_missing_file(void **state)
{
	char **names;
	double *a;
	size_t n;
	tdm_error err;

	(void)state;
	tdm_error_clear(&err);
	assert_int_equal(tdm_ahp_read_csv("/nonexistent/pairwise.csv", &names, &a,
	                                  &n, &err),
	                 TDM_IO);
	assert_error(&err, TDM_IO, "/nonexistent/pairwise.csv", 0, 0,
	             "cannot open");
	assert_null(names);
	assert_null(a);
}

/* ---- through the evaluation ------------------------------------------- */

static tdm_model *
model_of(const char *const *crits, size_t k, const double *rows, size_t n)
{
	tdm_model *m = tdm_model_new();
	int src = tdm_model_source(m, "w.lua");
	size_t c, o;

	assert_non_null(m);
	for (c = 0; c < k; c++) {
		tdm_criterion *cr;
		assert_int_equal(tdm_model_add_criterion(m, crits[c], src,
		                                         (long)c + 1, &cr, NULL),
		                 TDM_OK);
		cr->better = TDM_BETTER_HIGHER;
		cr->has_better = 1;
		cr->weight = 1;
		cr->has_weight = 1;
		tdm_model_attr(m, crits[c], 1);
	}
	for (o = 0; o < n; o++) {
		char name[32];
		size_t idx;
		snprintf(name, sizeof name, "A%zu", o + 1);
		assert_int_equal(tdm_model_add_option(m, name, src, (long)(10 + o),
		                                      &idx, NULL),
		                 TDM_OK);
		for (c = 0; c < k; c++) {
			tdm_value v = {TDM_VAL_NUMBER, 0, {0}};
			v.as.num = rows[o * k + c];
			assert_int_equal(tdm_model_set_value(m, idx, c, &v, NULL),
			                 TDM_OK);
		}
	}
	return m;
}

/* Equal weights, trivially: Sałabun, W., Wątróbski, J. & Shekhovtsov, A.
 * (2020). Are MCDA methods benchmarkable? Symmetry 12(9), 1549; pyrepo-
 * mcda (Test_equal): 0.333 for each of three criteria; and pymcdm
 * (TestEqualWeights): 0.25 for four. */
static void
test_weights_equal_through_evaluate(void **state)
{
	static const char *const c3[] = {"c1", "c2", "c3"};
	static const double r3[] = {
		0.619, 0.449, 0.447,
		0.862, 0.466, 0.006,
		0.458, 0.698, 0.771,
		0.777, 0.631, 0.491,
		0.567, 0.992, 0.968,
	};
	static const char *const c4[] = {"a", "b", "c", "d"};
	static const double r4[] = {1, 2, 3, 5, 2, 3, 4, 8};
	tdm_eval_config cfg = {NULL, NULL, "equal"};
	tdm_model *m = model_of(c3, 3, r3, 5);
	tdm_result *r;
	size_t j;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_string_equal(r->weighting, "equal");
	for (j = 0; j < 3; j++)
		assert_published(r->weights[j], 0.333, 3);
	tdm_result_free(r);
	tdm_model_free(m);
	m = model_of(c4, 4, r4, 2);
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	for (j = 0; j < 4; j++)
		assert_near(r->weights[j], 0.25, 0);
	tdm_result_free(r);
	tdm_model_free(m);
}

/* Entropy and CRITIC as the evaluation calls them: on the raw matrix of
 * the options. Xu (2004) again, and Diakoulaki et al. (1995). */
static void
test_weights_objective_through_evaluate(void **state)
{
	static const char *const c4[] = {"a", "b", "c", "d"};
	static const double xu[] = {
		30, 30, 38, 29,
		19, 54, 86, 29,
		19, 15, 85, 28.9,
		68, 70, 60, 29,
	};
	static const char *const c3[] = {"x", "y", "z"};
	static const double dk[] = {
		61, 1.08, 4.33, 20.7, 0.26, 4.34, 16.3, 1.98, 2.53,
		9.0, 3.29, 1.65, 5.4, 2.77, 2.33, 4.0, 4.12, 1.21,
		-6.1, 3.52, 2.10, -34.6, 3.31, 0.98,
	};
	tdm_eval_config cfg = {NULL, NULL, "entropy"};
	tdm_model *m = model_of(c4, 4, xu, 4);
	tdm_result *r;

	(void)state;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_published(r->weights[0], 0.4630, 4);
	assert_published(r->weights[2], 0.1378, 4);
	tdm_result_free(r);
	tdm_model_free(m);
	cfg.weighting = "critic";
	m = model_of(c3, 3, dk, 8);
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_rel(r->weights[1], 0.48090173);
	tdm_result_free(r);
	tdm_model_free(m);
}

/* AHP judgements in a model: the weights, the table, and the note naming
 * the most inconsistent judgement when CR > 0.10. */
static void
test_weights_ahp_through_evaluate(void **state)
{
	static const char *const cs[] = {"cost", "speed", "risk", "fit"};
	static const double rows[] = {1, 2, 3, 4, 4, 3, 2, 1};
	/* consistent with 8 : 4 : 2 : 1 except cost vs fit, reversed */
	static const struct {
		const char *a, *b;
		double v;
	} judged[] = {
		{"cost", "speed", 2}, {"cost", "risk", 4}, {"cost", "fit", 1.0 / 8},
		{"speed", "risk", 2}, {"speed", "fit", 4}, {"risk", "fit", 2},
	};
	tdm_eval_config cfg = {NULL, NULL, "ahp"};
	tdm_model *m = model_of(cs, 4, rows, 2);
	tdm_result *r;
	size_t k;

	(void)state;
	m->judgements = calloc(6, sizeof *m->judgements);
	assert_non_null(m->judgements);
	for (k = 0; k < 6; k++) {
		m->judgements[k].a = strdup(judged[k].a);
		m->judgements[k].b = strdup(judged[k].b);
		m->judgements[k].value = judged[k].v;
	}
	m->n_judgements = 6;
	assert_int_equal(tdm_evaluate(m, NULL, &cfg, &r, NULL), TDM_OK);
	assert_true(r->has_ahp);
	assert_string_equal(r->ahp.ri_table, "saaty");
	assert_true(r->ahp.cr > 0.10);
	assert_int_equal(r->ahp.worst_a, 0);
	assert_int_equal(r->ahp.worst_b, 3);
	assert_true(r->n_notes >= 1);
	assert_non_null(strstr(r->notes[0], "cost vs fit"));
	assert_sums_to_one(r->weights, 4);
	tdm_result_free(r);
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights_roc_barron_barrett_four),
		cmocka_unit_test(test_weights_roc_barron_barrett_three_and_five),
		cmocka_unit_test(test_weights_roc_chang_2004_through_evaluate),
		cmocka_unit_test(test_weights_roc_one_and_many),
		cmocka_unit_test(test_weights_entropy_elsayed_2017),
		cmocka_unit_test(test_weights_entropy_xu_2004),
		cmocka_unit_test(test_weights_entropy_zavadskas_podvezko_2016),
		cmocka_unit_test(test_weights_entropy_ersoy_2021),
		cmocka_unit_test(test_weights_entropy_lee_chang_2018),
		cmocka_unit_test(test_weights_entropy_zero_cells),
		cmocka_unit_test(test_weights_entropy_all_zero_column),
		cmocka_unit_test(test_weights_entropy_uniform_and_single_option),
		cmocka_unit_test(test_weights_entropy_negative_value),
		cmocka_unit_test(test_weights_entropy_not_finite_and_no_options),
		cmocka_unit_test(test_weights_entropy_scale_invariant),
		cmocka_unit_test(test_weights_critic_diakoulaki_1995),
		cmocka_unit_test(test_weights_critic_tus_adali_2019),
		cmocka_unit_test(test_weights_critic_flip_cost),
		cmocka_unit_test(test_weights_critic_constant_column),
		cmocka_unit_test(test_weights_critic_degenerate_equal),
		cmocka_unit_test(test_weights_critic_identical_options_and_duplicates),
		cmocka_unit_test(test_weights_critic_not_finite),
		cmocka_unit_test(test_weights_critic_huge_range),
		cmocka_unit_test(test_weights_ahp_saaty_2008_drinks),
		cmocka_unit_test(test_weights_ahp_bozoki_2010_complete),
		cmocka_unit_test(test_weights_ahp_saaty_2005_cities),
		cmocka_unit_test(test_weights_ahp_consistent_matrix),
		cmocka_unit_test(test_weights_ahp_inconsistent_pair_named),
		cmocka_unit_test(test_weights_ahp_ri_table_changes_cr),
		cmocka_unit_test(test_weights_ahp_ri_table_names),
		cmocka_unit_test(test_weights_ahp_ri_interpolated),
		cmocka_unit_test(test_weights_ahp_one_and_two),
		cmocka_unit_test(test_weights_ahp_cyclic_converges),
		cmocka_unit_test(test_weights_ahp_not_reciprocal),
		cmocka_unit_test(test_weights_ahp_bad_cells),
		cmocka_unit_test(test_weights_ahp_out_of_range),
		cmocka_unit_test(test_weights_ahp_unknown_table),
		cmocka_unit_test(test_weights_ahp_matrix_beyond_table),
		cmocka_unit_test(test_weights_ahp_csv_reads_matrix),
		cmocka_unit_test(test_weights_ahp_csv_corner_forms),
		cmocka_unit_test(test_weights_ahp_csv_not_reciprocal),
		cmocka_unit_test(test_weights_ahp_csv_bad_cells),
		cmocka_unit_test(test_weights_ahp_csv_shape_errors),
		cmocka_unit_test(test_weights_ahp_csv_name_errors),
		cmocka_unit_test(test_weights_ahp_csv_missing_file),
		cmocka_unit_test(test_weights_equal_through_evaluate),
		cmocka_unit_test(test_weights_objective_through_evaluate),
		cmocka_unit_test(test_weights_ahp_through_evaluate),
	};

	return cmocka_run_group_tests_name("weights", tests, NULL, NULL);
}
