/*
 * normalize.c -- raw criterion values to comparable values.
 *
 * Owns the normalisations by name: minmax, max, linear, sum, vector, none,
 * following pymcdm's definitions (pymcdm/normalizations.py), and the rule
 * that a criterion with a fixed scale is normalised min-max over its scale
 * whatever the name. Every normalisation but "none" gives values where
 * higher is better for cost criteria too; "none" gives a benefit criterion
 * x and a cost criterion -x, so higher is still better.
 *
 * Must not look at weights or methods, allocate, or write NaN or infinity,
 * nor write out[i] before it has read every x it needs but x[i]: out may
 * be x's own column (rank_columns.c normalises in place).
 * Degenerate columns have defined values (doc/methods.md):
 * an all-zero column normalises as any constant column would; data a
 * normalisation cannot take (a value <= 0 where it divides by x) is an error
 * naming the cell through err->line = row + 1, err->column = criterion + 1.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

/* The catch-all that keeps infinity out of the matrix: values spanning
 * more than the range of a double (x / max with x = -1e300 and
 * max = 1e-10) cannot be normalised. A finite sum of the column has
 * finite terms, so the values are looked at one by one only when the sum
 * is not finite (a NaN, an infinity, or a sum that overflows). */
static tdm_status
check_finite(const char *name, size_t n, size_t j, const double *col,
             const double *out, tdm_error *err)
{
	size_t i;
	double sum = 0;
	char what[128];

	for (i = 0; i < n; i++)
		sum += out[i];
	if (isfinite(sum))
		return TDM_OK;
	for (i = 0; i < n; i++)
		if (!isfinite(out[i])) {
			snprintf(what, sizeof what,
			         "%s normalisation overflows: the values span too "
			         "many orders of magnitude",
			         name);
			return tdm__cell_error(err, i, j, what, col[i]);
		}
	return TDM_OK;
}

/* Index of the largest / smallest value of col (n > 0). */
static size_t
argmax(const double *col, size_t n)
{
	size_t i, k = 0;

	for (i = 1; i < n; i++)
		if (col[i] > col[k])
			k = i;
	return k;
}

static size_t
argmin(const double *col, size_t n)
{
	size_t i, k = 0;

	for (i = 1; i < n; i++)
		if (col[i] < col[k])
			k = i;
	return k;
}

/* The largest absolute value, to scale sums so they cannot overflow. */
static double
max_abs(const double *col, size_t n)
{
	double m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(col[i]) > m)
			m = fabs(col[i]);
	return m;
}

/* minmax: (x - min) / (max - min), cost (max - x) / (max - min); a
 * constant column gives 1. A fixed scale replaces min and max. */
static tdm_status
minmax(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const tdm__crit *c = &P->crit[j];
	const double *col = P->x + j * P->n;
	double lo, hi, span;
	size_t i;

	if (P->n == 0)
		return TDM_OK;
	/* the first smallest and largest, as argmin and argmax */
	lo = hi = col[0];
	for (i = 1; i < P->n; i++) {
		if (col[i] < lo)
			lo = col[i];
		if (col[i] > hi)
			hi = col[i];
	}
	if (c->has_scale)
		lo = c->lo, hi = c->hi;
	span = hi - lo;
	/* one loop per case (missing.c renormalises a column per probe) */
	if (!(span > 0))
		for (i = 0; i < P->n; i++)
			out[i] = 1;
	else if (c->cost)
		for (i = 0; i < P->n; i++)
			out[i] = (hi - col[i]) / span;
	else
		for (i = 0; i < P->n; i++)
			out[i] = (col[i] - lo) / span;
	return check_finite("minmax", P->n, j, col, out, err);
}

/* x / max, and for the benefit form of max and linear, the checks:
 * an all-zero column gives 1, a largest value <= 0 is an error. */
static tdm_status
over_max(const tdm__problem *P, size_t j, const char *name, double *out,
         tdm_error *err)
{
	const double *col = P->x + j * P->n;
	size_t i, k = argmax(col, P->n);
	double hi = col[k];
	char what[128];

	if (hi == 0 && col[argmin(col, P->n)] == 0) {
		for (i = 0; i < P->n; i++)
			out[i] = 1;
		return TDM_OK;
	}
	if (!(hi > 0)) {
		snprintf(what, sizeof what,
		         "%s normalisation needs the largest value of a criterion "
		         "to be > 0",
		         name);
		return tdm__cell_error(err, k, j, what, hi);
	}
	for (i = 0; i < P->n; i++)
		out[i] = col[i] / hi;
	return check_finite(name, P->n, j, col, out, err);
}

/* max: x / max, cost 1 - x / max (pymcdm). An all-zero column is a
 * constant column: 1, cost 0. */
static tdm_status
max_norm(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	size_t i;
	tdm_status s;

	if (P->n == 0)
		return TDM_OK;
	if ((s = over_max(P, j, "max", out, err)) != TDM_OK)
		return s;
	if (P->crit[j].cost)
		for (i = 0; i < P->n; i++)
			out[i] = 1 - out[i];
	return TDM_OK;
}

/* linear: x / max, cost min / x (pymcdm); cost values must be > 0. */
static tdm_status
linear(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const double *col = P->x + j * P->n;
	size_t i, k;
	double lo;

	if (P->n == 0)
		return TDM_OK;
	if (!P->crit[j].cost)
		return over_max(P, j, "linear", out, err);
	k = argmin(col, P->n);
	lo = col[k];
	if (!(lo > 0))
		return tdm__cell_error(err, k, j,
		                 "linear normalisation of a cost criterion needs "
		                 "values > 0",
		                 lo);
	for (i = 0; i < P->n; i++)
		out[i] = lo / col[i];
	return check_finite("linear", P->n, j, col, out, err);
}

/* sum: x / sum(x), cost (1/x) / sum(1/x) (pymcdm). Benefit values must be
 * >= 0 (an all-zero column gives every option 1/n, as any constant column
 * does), cost values > 0. Computed as (x/max) / sum(x/max) and
 * (min/x) / sum(min/x) so that neither sum can overflow. */
static tdm_status
sum_norm(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const double *col = P->x + j * P->n;
	size_t i, n = P->n, k;
	double total = 0, ref;

	if (n == 0)
		return TDM_OK;
	k = argmin(col, n);
	if (P->crit[j].cost) {
		if (!(col[k] > 0))
			return tdm__cell_error(err, k, j,
			                 "sum normalisation of a cost criterion needs "
			                 "values > 0",
			                 col[k]);
		ref = col[k];
		for (i = 0; i < n; i++)
			total += out[i] = ref / col[i];
	} else {
		if (col[k] < 0)
			return tdm__cell_error(err, k, j,
			                 "sum normalisation of a benefit criterion "
			                 "needs values >= 0",
			                 col[k]);
		ref = col[argmax(col, n)];
		if (ref == 0) {
			for (i = 0; i < n; i++)
				out[i] = 1.0 / (double)n;
			return TDM_OK;
		}
		for (i = 0; i < n; i++)
			total += out[i] = col[i] / ref;
	}
	for (i = 0; i < n; i++)
		out[i] /= total;
	return check_finite("sum", n, j, col, out, err);
}

/* vector: x / sqrt(sum x^2), cost 1 - x / sqrt(sum x^2) (pymcdm). An
 * all-zero column is a constant column: 1/sqrt(n), cost 1 - 1/sqrt(n).
 * The squares are taken of x / max|x| so they cannot overflow. */
static tdm_status
vector(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const double *col = P->x + j * P->n;
	size_t i, n = P->n;
	double m = max_abs(col, n), ss = 0, norm;

	(void)err;
	if (n == 0)
		return TDM_OK;
	if (m == 0) {
		for (i = 0; i < n; i++)
			out[i] = 1 / sqrt((double)n);
	} else {
		for (i = 0; i < n; i++) {
			double y = col[i] / m;
			ss += y * y;
		}
		norm = sqrt(ss);
		for (i = 0; i < n; i++)
			out[i] = col[i] / m / norm;
	}
	if (P->crit[j].cost)
		for (i = 0; i < n; i++)
			out[i] = 1 - out[i];
	return TDM_OK;
}

/* none: the value itself, negated for a cost criterion so that higher is
 * better everywhere (0 - x, not -x, so a zero stays +0). */
static tdm_status
none(const tdm__problem *P, size_t j, double *out, tdm_error *err)
{
	const double *col = P->x + j * P->n;
	size_t i;

	(void)err;
	for (i = 0; i < P->n; i++)
		out[i] = P->crit[j].cost ? 0.0 - col[i] : col[i];
	return TDM_OK;
}

/* minmax first: tdm__normalize uses it for fixed scales. */
static const tdm__normalization normalizations[] = {
	{"minmax", minmax}, {"max", max_norm}, {"linear", linear},
	{"sum", sum_norm},  {"vector", vector}, {"none", none},
};

static const char *const names[] = {"minmax", "max",    "linear", "sum",
                                    "vector", "none",   NULL};

const tdm__normalization *
tdm__normalization_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof normalizations / sizeof normalizations[0]; i++)
		if (strcmp(normalizations[i].name, name) == 0)
			return &normalizations[i];
	return NULL;
}

const char *const *
tdm_normalization_names(void)
{
	return names;
}

tdm_status
tdm__normalize_column(const tdm__problem *P, const tdm__normalization *nz,
                      size_t j, double *out, tdm_error *err)
{
	const tdm__normalization *use =
		P->crit[j].has_scale ? &normalizations[0] : nz;

	return use->fn(P, j, out + j * P->n, err);
}

tdm_status
tdm__normalize(const tdm__problem *P, const tdm__normalization *nz,
               double *out, tdm_error *err)
{
	size_t j;
	tdm_status s;

	for (j = 0; j < P->m; j++)
		if ((s = tdm__normalize_column(P, nz, j, out, err)) != TDM_OK)
			return s;
	return TDM_OK;
}
