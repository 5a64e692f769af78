/*
 * scorer.c -- score a fixed set of options again and again.
 *
 * Owns the dense problem of one set of options (the ones that pass the
 * guardrails, or every option with complete values for "as if" ranks) and
 * the buffers a method needs, so that scoring with other weights, or after
 * changing one value, allocates nothing. tdm_evaluate scores through it
 * once; explanations and counterfactual searches call it in loops. Must
 * not resolve attributes (resolve.c) or rank (rank.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

#if TDM_HAVE_V2D && defined(__SSE2__)
#include <emmintrin.h>
#endif

void
tdm__crit_from_criterion(const tdm_criterion *cr, tdm__crit *out)
{
	out->cost = cr->better == TDM_BETTER_LOWER;
	out->has_scale = cr->has_scale;
	out->lo = cr->scale_lo;
	out->hi = cr->scale_hi;
	out->pref = cr->pref;
	out->q = cr->q;
	out->p = cr->p;
	out->s = cr->s;
}

void
tdm__scorer_free(tdm__scorer *s)
{
	if (s == NULL)
		return;
	free(s->rows);
	free(s->x);
	free(s->crit);
	free(s->norm);
	free(s->dirty);
	free(s->col_absmax);
	free(s->col_absmax_ok);
	free(s->col_hi);
	free(s->col_lo);
	free(s->col_range_ok);
	free(s->ws);
	free(s->extra);
	free(s->info.compromise);
	free(s->info.bounds_from_data);
	memset(s, 0, sizeof *s);
}

/* The rows of subset into s (its arrays hold them) and the problem over
 * them; every cache is stale. */
static void
load(tdm__scorer *s, const tdm_model *m, double vikor_v,
     const double *values, const unsigned char *subset)
{
	size_t n = s->n, k = s->k, o, c, i;

	for (o = 0, i = 0; o < m->n_options; o++)
		if (subset[o])
			s->rows[i++] = o;
	for (c = 0; c < k; c++) {
		tdm__crit_from_criterion(&m->criteria[c], &s->crit[c]);
		for (i = 0; i < n; i++)
			s->x[c * n + i] = values[c * m->n_options + s->rows[i]];
	}
	s->P.n = n;
	s->P.m = k;
	s->P.x = s->x;
	s->P.crit = s->crit;
	s->P.vikor_v = vikor_v;
	s->info.vikor_v = vikor_v;
}

static size_t
count_subset(const tdm_model *m, const unsigned char *subset)
{
	size_t n = 0, o;

	for (o = 0; o < m->n_options; o++)
		n += subset[o] != 0;
	return n;
}

static size_t
workspace_of(const tdm__scorer *s, size_t n)
{
	return s->method && s->method->workspace ? s->method->workspace(n, s->k)
	                                         : 0;
}

tdm_status
tdm__scorer_init(tdm__scorer *s, const tdm_model *m, const tdm_hooks *hooks,
                 const char *method, const char *normalization,
                 double vikor_v, const double *values,
                 const unsigned char *subset, tdm_error *err)
{
	size_t n, k = m->n_criteria, n_ws;

	memset(s, 0, sizeof *s);
	s->m = m;
	s->hooks = hooks;
	if (method != NULL && strcmp(method, "lua") != 0 &&
	    (s->method = tdm__method_find(method)) == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown method '%s'", method);
	if (normalization != NULL && strcmp(normalization, "own") != 0 &&
	    (s->nz = tdm__normalization_find(normalization)) == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown normalisation '%s'", normalization);
	n = count_subset(m, subset);
	s->n = s->cap_n = n;
	s->k = k;
	n_ws = s->cap_ws = workspace_of(s, n);
	s->rows = calloc(n ? n : 1, sizeof *s->rows);
	s->x = calloc(n * k > 0 ? n * k : 1, sizeof *s->x);
	s->crit = calloc(k ? k : 1, sizeof *s->crit);
	s->norm = calloc(n * k > 0 ? n * k : 1, sizeof *s->norm);
	s->dirty = calloc(k ? k : 1, 1);
	s->col_absmax = calloc(k ? k : 1, sizeof *s->col_absmax);
	s->col_absmax_ok = calloc(k ? k : 1, 1);
	s->col_hi = calloc(k ? k : 1, sizeof *s->col_hi);
	s->col_lo = calloc(k ? k : 1, sizeof *s->col_lo);
	s->col_range_ok = calloc(k ? k : 1, 1);
	s->ws = calloc(n_ws ? n_ws : 1, sizeof *s->ws);
	s->extra = calloc(n ? n * TDM_MAX_EXTRA : 1, sizeof *s->extra);
	s->info.compromise = calloc(n ? n : 1, sizeof *s->info.compromise);
	s->info.bounds_from_data = calloc(k ? k : 1, 1);
	if (s->rows == NULL || s->x == NULL || s->crit == NULL ||
	    s->norm == NULL || s->dirty == NULL || s->col_absmax == NULL ||
	    s->col_absmax_ok == NULL || s->col_hi == NULL || s->col_lo == NULL ||
	    s->col_range_ok == NULL || s->ws == NULL || s->extra == NULL ||
	    s->info.compromise == NULL || s->info.bounds_from_data == NULL) {
		tdm__scorer_free(s);
		return tdm__nomem(err);
	}
	load(s, m, vikor_v, values, subset);
	return TDM_OK;
}

tdm_status
tdm__scorer_reuse(tdm__scorer *s, const tdm_model *m,
                  const tdm_hooks *hooks, const char *method,
                  const char *normalization, double vikor_v,
                  const double *values, const unsigned char *subset,
                  tdm_error *err)
{
	size_t n, k = m->n_criteria, n_ws;
	size_t *compromise;
	unsigned char *from_data;

	if (s->rows == NULL || s->k != k)
		goto anew;
	n = count_subset(m, subset);
	n_ws = workspace_of(s, n);
	if (n > s->cap_n || n_ws > s->cap_ws)
		goto anew;
	/* what tdm__scorer_init leaves zero, zero again */
	s->m = m;
	s->hooks = hooks;
	s->n = n;
	s->norm_valid = 0;
	s->any_dirty = 0;
	memset(s->dirty, 0, k);
	memset(s->col_absmax, 0, k * sizeof *s->col_absmax);
	memset(s->col_absmax_ok, 0, k);
	memset(s->col_hi, 0, k * sizeof *s->col_hi);
	memset(s->col_lo, 0, k * sizeof *s->col_lo);
	memset(s->col_range_ok, 0, k);
	memset(s->ws, 0, n_ws * sizeof *s->ws);
	/* only a method with extra columns writes them */
	if (s->method != NULL && s->method->extra != NULL)
		memset(s->extra, 0, n * TDM_MAX_EXTRA * sizeof *s->extra);
	compromise = s->info.compromise;
	from_data = s->info.bounds_from_data;
	memset(&s->info, 0, sizeof s->info);
	memset(compromise, 0, n * sizeof *compromise);
	memset(from_data, 0, k);
	s->info.compromise = compromise;
	s->info.bounds_from_data = from_data;
	memset(&s->P, 0, sizeof s->P);
	load(s, m, vikor_v, values, subset);
	return TDM_OK;
anew:
	tdm__scorer_free(s);
	return tdm__scorer_init(s, m, hooks, method, normalization, vikor_v,
	                        values, subset, err);
}

/* A method or normalisation error names a row and criterion of the dense
 * problem (line = row + 1, column = criterion + 1), or a criterion alone
 * (line 0): say which option, cell or criterion that is. */
static tdm_status
locate_error(const tdm__scorer *s, tdm_error *err)
{
	const tdm_model *m = s->m;
	char msg[sizeof err->message];
	const tdm_option *o;
	size_t row, c;
	long attr;

	if (err == NULL)
		return TDM_EVAL;
	if (err->line == 0 && err->column > 0 &&
	    (size_t)err->column <= m->n_criteria) {
		const tdm_criterion *cr = &m->criteria[err->column - 1];
		const char *text = err->message;
		char prefix[32];
		snprintf(prefix, sizeof prefix, "criterion %ld: ", err->column);
		if (strncmp(text, prefix, strlen(prefix)) == 0)
			text += strlen(prefix);
		snprintf(msg, sizeof msg, "%s", text);
		return tdm_error_set(err, err->code,
		                     tdm_model_source_name(m, cr->source), cr->line,
		                     0, "criterion '%s': %s", cr->name, msg);
	}
	if (err->line <= 0 || err->column <= 0 || (size_t)err->line > s->n ||
	    (size_t)err->column > m->n_criteria)
		return err->code;
	row = (size_t)err->line - 1;
	c = (size_t)err->column - 1;
	o = &m->options[s->rows[row]];
	attr = tdm_model_find_attr(m, m->criteria[c].name);
	snprintf(msg, sizeof msg, "%s", err->message);
	return tdm_error_set(err, err->code, tdm_model_source_name(m, o->source),
	                     o->line, tdm_model_value(m, s->rows[row], attr)->column,
	                     "option '%s', criterion '%s': %s", o->name,
	                     m->criteria[c].name, msg);
}

void
tdm__scorer_set_value(tdm__scorer *s, size_t row, size_t c, double v)
{
	s->x[c * s->n + row] = v;
	s->dirty[c] = 1;
	s->any_dirty = 1;
}

/* The column range (engine.h): several running maxima and minima in
 * registers, as the chain of one would wait on each comparison. */
#if TDM_HAVE_V2D && defined(__SSE2__)
/* maxpd and minpd: a > b ? a : b, a < b ? a : b, lane by lane */
static tdm__v2d
vmax(tdm__v2d a, tdm__v2d b)
{
	return (tdm__v2d)_mm_max_pd((__m128d)a, (__m128d)b);
}

static tdm__v2d
vmin(tdm__v2d a, tdm__v2d b)
{
	return (tdm__v2d)_mm_min_pd((__m128d)a, (__m128d)b);
}
#elif TDM_HAVE_V2D
typedef long long v2l __attribute__((vector_size(16)));

static tdm__v2d
vmax(tdm__v2d a, tdm__v2d b)
{
	v2l m = a > b;
	return (tdm__v2d)(((v2l)a & m) | ((v2l)b & ~m));
}

static tdm__v2d
vmin(tdm__v2d a, tdm__v2d b)
{
	v2l m = a < b;
	return (tdm__v2d)(((v2l)a & m) | ((v2l)b & ~m));
}
#endif

void
tdm__col_range(const double *col, size_t n, double *hi_out, double *lo_out)
{
	double hi = col[0], lo = col[0];
	size_t i = 0;

#if TDM_HAVE_V2D
	if (n >= 8) {
		tdm__v2d h0, h1, h2, h3, l0, l1, l2, l3;
		memcpy(&h0, col, sizeof h0);
		memcpy(&h1, col + 2, sizeof h1);
		memcpy(&h2, col + 4, sizeof h2);
		memcpy(&h3, col + 6, sizeof h3);
		l0 = h0, l1 = h1, l2 = h2, l3 = h3;
		for (i = 8; i + 8 <= n; i += 8) {
			tdm__v2d a, b, c, d;
			memcpy(&a, col + i, sizeof a);
			memcpy(&b, col + i + 2, sizeof b);
			memcpy(&c, col + i + 4, sizeof c);
			memcpy(&d, col + i + 6, sizeof d);
			h0 = vmax(a, h0), h1 = vmax(b, h1), h2 = vmax(c, h2);
			h3 = vmax(d, h3);
			l0 = vmin(a, l0), l1 = vmin(b, l1), l2 = vmin(c, l2);
			l3 = vmin(d, l3);
		}
		h0 = vmax(vmax(h0, h1), vmax(h2, h3));
		l0 = vmin(vmin(l0, l1), vmin(l2, l3));
		hi = h0[0] > h0[1] ? h0[0] : h0[1];
		lo = l0[0] < l0[1] ? l0[0] : l0[1];
	}
#endif
	for (; i < n; i++) {
		hi = col[i] > hi ? col[i] : hi;
		lo = col[i] < lo ? col[i] : lo;
	}
	*hi_out = hi;
	*lo_out = lo;
}

/* 1 if every score is finite: their sum is then finite (an infinity or a
 * NaN would make it one), and a finite sum has finite terms. A sum that
 * overflows says 0 for finite scores, and the caller looks at each. A loop
 * without a branch per score (acceptability checks 10,000 vectors). */
static int
all_finite(const double *x, size_t n)
{
	size_t i = 0;
	double d = 0;

#if TDM_HAVE_V2D
	tdm__v2d d0 = {0, 0}, d1 = {0, 0};
	for (; i + 4 <= n; i += 4) {
		tdm__v2d a, b;
		memcpy(&a, x + i, sizeof a);
		memcpy(&b, x + i + 2, sizeof b);
		d0 += a;
		d1 += b;
	}
	d0 += d1;
	d = d0[0] + d0[1];
#endif
	for (; i < n; i++)
		d += x[i];
	return isfinite(d);
}

/* For a method whose score is sum_j w_j norm_ij (WSM): 1 if no score can
 * be infinite or NaN, so that they need not be looked at. Every |score|
 * is at most sum_j |w_j| max_i |norm_ij| times (1 + 2^-53)^(2k) for the
 * roundings; below 1e300 it is finite (and the norms are finite, the
 * normalisations see to it). The column maxima are kept between runs and
 * taken again for a column that was normalised again. A NaN or infinite
 * weight makes the bound fail, and the scores are looked at. */
static int
sums_bounded(tdm__scorer *s, const double *w)
{
	double bound = 0;
	size_t i, j;

	for (j = 0; j < s->k; j++) {
		if (!s->col_absmax_ok[j]) {
			const double *col = s->norm + j * s->n;
			double mx = 0;
			for (i = 0; i < s->n; i++)   /* a NaN would stay */
				mx = !(fabs(col[i]) <= mx) ? fabs(col[i]) : mx;
			s->col_absmax[j] = mx;
			s->col_absmax_ok[j] = 1;
		}
		bound += fabs(w[j]) * s->col_absmax[j];
	}
	return bound <= 1e300;
}

/* The ranges of the normalised columns for a method that reads them,
 * taken again for a column normalised again since. */
static void
keep_ranges(tdm__scorer *s)
{
	size_t j;

	for (j = 0; j < s->k; j++)
		if (!s->col_range_ok[j]) {
			tdm__col_range(s->norm + j * s->n, s->n, &s->col_hi[j],
			               &s->col_lo[j]);
			s->col_range_ok[j] = 1;
		}
	s->P.norm_hi = s->col_hi;
	s->P.norm_lo = s->col_lo;
}

tdm_status
tdm__scorer_run(tdm__scorer *s, const double *w, double *scores,
                tdm_error *err)
{
	tdm_status st;
	size_t i;

	if (s->n == 0)
		return TDM_OK;
	if (s->nz != NULL && !s->norm_valid) {
		if ((st = tdm__normalize(&s->P, s->nz, s->norm, err)) != TDM_OK)
			return locate_error(s, err);
		s->norm_valid = 1;
		memset(s->dirty, 0, s->k);
		memset(s->col_absmax_ok, 0, s->k);
		memset(s->col_range_ok, 0, s->k);
		s->any_dirty = 0;
	} else if (s->nz != NULL && s->any_dirty) {
		/* a changed value moves its column's normalisation only (a
		 * column that fails stays dirty, so it fails again) */
		for (i = 0; i < s->k; i++) {
			if (!s->dirty[i])
				continue;
			st = tdm__normalize_column(&s->P, s->nz, i, s->norm, err);
			if (st != TDM_OK)
				return locate_error(s, err);
			s->dirty[i] = 0;
			s->col_absmax_ok[i] = 0;
			s->col_range_ok[i] = 0;
		}
		s->any_dirty = 0;
	}
	if (s->method == NULL) {
		if (s->hooks == NULL || s->hooks->aggregate == NULL)
			return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
			                     "the decision's method is a function but "
			                     "no Lua state runs it");
		st = s->hooks->aggregate(s->hooks->ud, s->m, s->n, s->rows, s->norm,
		                         w, scores, err);
		if (st != TDM_OK)
			return st;
		for (i = 0; i < s->n; i++)
			if (!isfinite(scores[i]))
				return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
				                     "the decision's method gave option '%s' "
				                     "a score that is not a finite number",
				                     s->m->options[s->rows[i]].name);
		return TDM_OK;
	}
	s->info.n_compromise = 0;
	if (s->method->wants_range && s->nz != NULL)
		keep_ranges(s);
	st = s->method->fn(&s->P, s->nz ? s->norm : NULL, w, s->ws, scores,
	                   s->extra, &s->info, err);
	if (st != TDM_OK)
		return locate_error(s, err);
	if ((s->method->additive && s->nz != NULL && sums_bounded(s, w)) ||
	    all_finite(scores, s->n))
		return TDM_OK;
	for (i = 0; i < s->n; i++)
		if (!isfinite(scores[i]))
			return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
			                     "%s gave option '%s' a score that is not a "
			                     "finite number (a bug: please report it "
			                     "with the decision)",
			                     s->method->name,
			                     s->m->options[s->rows[i]].name);
	return TDM_OK;
}

int
tdm__better_score(tdm_direction dir, double a, double b)
{
	return dir == TDM_DIR_LOWER ? a < b : a > b;
}
