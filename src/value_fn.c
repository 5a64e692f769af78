/*
 * value_fn.c -- scoring rules (value functions): a raw attribute to 0..1.
 *
 * Owns the five built-in shapes a decision file names in Lua -- linear,
 * piecewise, step, target and logscale -- as plain C over a tdm_value_fn:
 * checking their parameters, applying them, naming them, copying and
 * freeing them. The shapes are the single-attribute value functions of
 * multi-attribute value theory (Keeney & Raiffa 1976, ch. 3; Belton &
 * Stewart 2002, value function methods): 0 is the worst, 1 the best.
 *
 * Must not know about Lua, the model or options: lua_decl.c builds a
 * tdm_value_fn from the script and renders its text, resolve.c applies it
 * to an option's attribute. Never prints; never returns NaN for a finite
 * input.
 *
 * tdm_value_fn_apply expects a function that passed tdm_value_fn_check.
 *
 * The shapes (see doc/methods.md):
 *   linear(lo, hi)       0 at lo, 1 at hi, straight between, clamped;
 *                        lo > hi means lower is better
 *   piecewise {{x,y}...} straight lines between points with x strictly
 *                        increasing and y in 0..1; constant beyond the ends
 *   step {{x,y}...}      y of the last point with x <= value; below the
 *                        first x, the first y
 *   target(v, tol)       1 at v, falling straight to 0 at v - tol and
 *                        v + tol (tol > 0)
 *   logscale(lo, hi)     0 at lo, 1 at hi, straight in log(value); lo and hi
 *                        > 0; a value <= 0 scores as the limit towards 0
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

const char *
tdm_value_fn_name(tdm_vf_kind kind)
{
	switch (kind) {
	case TDM_VF_NONE: return "none";
	case TDM_VF_LINEAR: return "linear";
	case TDM_VF_PIECEWISE: return "piecewise";
	case TDM_VF_STEP: return "step";
	case TDM_VF_TARGET: return "target";
	case TDM_VF_LOGSCALE: return "logscale";
	}
	return "unknown";
}

/* Clamp to 0..1; NaN (which finite input never gives) and -0 become 0,
 * so that no output prints as "-0". */
static double
clamp01(double t)
{
	if (!(t > 0))
		return 0;
	return t > 1 ? 1 : t;
}

/* (x - a) / (b - a) for a != b without overflow to inf / inf: when b - a
 * overflows, both differences are taken on halves, which are exact for
 * numbers that large. May be +-inf (a caller clamps), never NaN. */
static double
fraction(double x, double a, double b)
{
	double d = b - a;

	if (isinf(d))
		return (x / 2 - a / 2) / (b / 2 - a / 2);
	return (x - a) / d;
}

/* The index i of the last point with xs[i] <= x, given xs[0] <= x. */
static size_t
last_at_or_below(const double *p, size_t n_points, double x)
{
	size_t lo = 0, hi = n_points - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (p[2 * mid] <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static tdm_status
check_points(const tdm_value_fn *f, const char *name, tdm_error *err)
{
	char a[40], b[40];
	size_t i, n;

	if (f->n_params % 2 != 0 || f->n_params < 4 || f->params == NULL)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "%s needs at least 2 points {x, y}, got %zu",
		                     name, f->n_params / 2);
	n = f->n_params / 2;
	for (i = 0; i < n; i++) {
		double x = f->params[2 * i], y = f->params[2 * i + 1];
		if (!isfinite(x) || !isfinite(y))
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "%s: point %zu is not two finite numbers",
			                     name, i + 1);
		if (y < 0 || y > 1)
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "%s: point %zu has y = %s; y must be "
			                     "between 0 and 1",
			                     name, i + 1,
			                     tdm_format_number(y, a, sizeof a));
		if (i > 0 && !(x > f->params[2 * (i - 1)]))
			return tdm_error_set(
				err, TDM_DATA, NULL, 0, 0,
				"%s: point %zu has x = %s after x = %s; x must be "
				"strictly increasing",
				name, i + 1, tdm_format_number(x, a, sizeof a),
				tdm_format_number(f->params[2 * (i - 1)], b, sizeof b));
	}
	return TDM_OK;
}

tdm_status
tdm_value_fn_check(const tdm_value_fn *f, tdm_error *err)
{
	const char *name = tdm_value_fn_name(f->kind);
	char a[40];
	double lo, hi;

	switch (f->kind) {
	case TDM_VF_NONE:
		return TDM_OK;
	case TDM_VF_PIECEWISE:
	case TDM_VF_STEP:
		return check_points(f, name, err);
	case TDM_VF_LINEAR:
	case TDM_VF_TARGET:
	case TDM_VF_LOGSCALE:
		break;
	default:
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "unknown scoring rule (kind %d)", (int)f->kind);
	}
	if (f->n_params != 2 || f->params == NULL)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "%s takes 2 numbers, got %zu", name,
		                     f->n_params);
	lo = f->params[0];
	hi = f->params[1];
	if (f->kind == TDM_VF_TARGET) {
		if (!isfinite(lo) || !isfinite(hi))
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "target(value, tolerance): both must be "
			                     "finite numbers");
		if (!(hi > 0))
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "target(value, tolerance): tolerance must "
			                     "be > 0, got %s",
			                     tdm_format_number(hi, a, sizeof a));
		return TDM_OK;
	}
	if (!isfinite(lo) || !isfinite(hi))
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "%s(lo, hi): both must be finite numbers", name);
	if (lo == hi)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "%s(lo, hi): lo and hi must differ (both %s)",
		                     name, tdm_format_number(lo, a, sizeof a));
	if (f->kind == TDM_VF_LOGSCALE) {
		if (!(lo > 0) || !(hi > 0))
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "logscale(lo, hi): lo and hi must be > 0, "
			                     "got %s",
			                     tdm_format_number(lo > 0 ? hi : lo, a,
			                                       sizeof a));
		if (log(lo) == log(hi))
			return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
			                     "logscale(lo, hi): lo and hi are too close "
			                     "to tell apart on a log scale");
	}
	return TDM_OK;
}

double
tdm_value_fn_apply(const tdm_value_fn *f, double x)
{
	const double *p = f->params;
	size_t n, i;
	double t;

	if (isnan(x))
		return 0;
	switch (f->kind) {
	case TDM_VF_LINEAR:
		return clamp01(fraction(x, p[0], p[1]));
	case TDM_VF_PIECEWISE:
		n = f->n_params / 2;
		if (x <= p[0])
			return clamp01(p[1]);
		if (x >= p[2 * (n - 1)])
			return clamp01(p[2 * (n - 1) + 1]);
		i = last_at_or_below(p, n, x); /* i < n - 1 here */
		t = clamp01(fraction(x, p[2 * i], p[2 * i + 2]));
		/* the two endpoints' weighted mean: stays between y_i and y_i+1 */
		return clamp01(p[2 * i + 1] * (1 - t) + p[2 * i + 3] * t);
	case TDM_VF_STEP:
		n = f->n_params / 2;
		if (x < p[0])
			return clamp01(p[1]);
		return clamp01(p[2 * last_at_or_below(p, n, x) + 1]);
	case TDM_VF_TARGET:
		/* |x - v| / tol, overflow-safe: an infinite distance is 0 */
		t = fabs(x - p[0]);
		return clamp01(1 - t / p[1]);
	case TDM_VF_LOGSCALE:
		if (!(x > 0))
			return p[0] < p[1] ? 0 : 1; /* the limit as x -> 0+ */
		return clamp01((log(x) - log(p[0])) / (log(p[1]) - log(p[0])));
	case TDM_VF_NONE:
	default:
		return x;
	}
}

int
tdm_value_fn_copy(tdm_value_fn *dst, const tdm_value_fn *src)
{
	*dst = *src;
	dst->params = NULL;
	dst->text = NULL;
	if (src->n_params > 0) {
		dst->params = malloc(src->n_params * sizeof *dst->params);
		if (dst->params == NULL)
			return -1;
		memcpy(dst->params, src->params, src->n_params * sizeof *dst->params);
	}
	if (src->text != NULL && (dst->text = tdm__strdup(src->text)) == NULL)
		return -1;
	return 0;
}

void
tdm_value_fn_free(tdm_value_fn *f)
{
	if (f == NULL)
		return;
	free(f->params);
	free(f->text);
	f->params = NULL;
	f->text = NULL;
	f->n_params = 0;
	f->kind = TDM_VF_NONE;
}
