/*
 * evaluate.c -- the pipeline from a model to a ranked result.
 *
 * Owns running the stages in order (resolve, weights, normalise, method,
 * rank, verdicts) and assembling the tdm_result: choosing the method,
 * normalisation and weighting from the config and the model, compacting
 * the options that pass every guardrail into a dense matrix for the
 * numeric core, and mapping its answers back. Must not print or render.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

static tdm_result *
result_new(const tdm_model *m)
{
	tdm_result *r = calloc(1, sizeof *r);
	size_t i, n = m->n_options, k = m->n_criteria;

	if (r == NULL)
		return NULL;
	r->model = m;
	r->n_options = n;
	r->n_criteria = k;
	r->options = calloc(n, sizeof *r->options);
	r->order = calloc(n, sizeof *r->order);
	r->weights = calloc(k, sizeof *r->weights);
	r->info.compromise = calloc(n ? n : 1, sizeof *r->info.compromise);
	if (r->options == NULL || r->order == NULL || r->weights == NULL ||
	    r->info.compromise == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		r->options[i].contrib = calloc(k, sizeof(double));
		r->options[i].norm = calloc(k, sizeof(double));
		if (r->options[i].contrib == NULL || r->options[i].norm == NULL)
			goto fail;
	}
	return r;
fail:
	tdm_result_free(r);
	return NULL;
}

void
tdm__result_note(tdm_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_notes >= TDM_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->n_notes], sizeof r->notes[0], fmt, ap);
	va_end(ap);
	r->n_notes++;
}

/* A method or normalisation error names a row and criterion of the dense
 * problem (line = row + 1, column = criterion + 1): say which option and
 * cell that is. */
static tdm_status
locate_error(const tdm_model *m, const size_t *rows, size_t n_rows,
             tdm_error *err)
{
	char msg[sizeof err->message];
	size_t row, c;
	const tdm_option *o;
	long attr;

	if (err != NULL && err->line == 0 && err->column > 0 &&
	    (size_t)err->column <= m->n_criteria) {
		/* a criterion's parameters, not a cell: name the criterion */
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
	if (err == NULL || err->line <= 0 || err->column <= 0 ||
	    (size_t)err->line > n_rows || (size_t)err->column > m->n_criteria)
		return err ? err->code : TDM_EVAL;
	row = (size_t)err->line - 1;
	c = (size_t)err->column - 1;
	o = &m->options[rows[row]];
	attr = tdm_model_find_attr(m, m->criteria[c].name);
	snprintf(msg, sizeof msg, "%s", err->message);
	return tdm_error_set(err, err->code, tdm_model_source_name(m, o->source),
	                     o->line, tdm_model_value(m, rows[row], attr)->column,
	                     "option '%s', criterion '%s': %s", o->name,
	                     m->criteria[c].name, msg);
}

/* Which of the names in `list` is criterion c, or -1. */
static long
index_of(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return (long)i;
	return -1;
}

static const char *
model_source(const tdm_model *m)
{
	return m->n_sources ? m->sources[0] : NULL;
}

/* Rank-order centroid weights from the model's `order`. */
static tdm_status
weights_roc(const tdm_model *m, double *w, tdm_error *err)
{
	size_t k = m->n_criteria, c;
	double *roc;

	if (m->n_order != k)
		return tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
		                     "weights = \"roc\" needs an order naming every "
		                     "criterion once (%zu named, %zu criteria)",
		                     m->n_order, k);
	if ((roc = malloc(k * sizeof *roc)) == NULL)
		return tdm__nomem(err);
	tdm_weights_roc(k, roc);
	for (c = 0; c < k; c++) {
		long pos = index_of(m->order, m->n_order, m->criteria[c].name);
		if (pos < 0) {
			free(roc);
			return tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
			                     "weights = \"roc\": criterion '%s' is not in "
			                     "the order",
			                     m->criteria[c].name);
		}
		w[c] = roc[pos];
	}
	free(roc);
	return TDM_OK;
}

/* The full pairwise matrix from the model's judgements. */
static tdm_status
weights_ahp(const tdm_model *m, tdm_result *r, tdm_error *err)
{
	size_t k = m->n_criteria, i, j;
	double *a = calloc(k * k, sizeof *a);
	tdm_status s = TDM_OK;

	if (a == NULL)
		return tdm__nomem(err);
	for (i = 0; i < k; i++)
		a[i * k + i] = 1;
	for (i = 0; i < m->n_judgements; i++) {
		const tdm_judgement *jd = &m->judgements[i];
		long x = tdm_model_find_criterion(m, jd->a);
		long y = tdm_model_find_criterion(m, jd->b);
		if (x < 0 || y < 0 || x == y) {
			s = tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
			                  "ahp: judgement '%s' vs '%s' does not name two "
			                  "different criteria",
			                  jd->a, jd->b);
			goto out;
		}
		if (a[x * k + y] != 0) {
			s = tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
			                  "ahp: '%s' vs '%s' is judged twice", jd->a,
			                  jd->b);
			goto out;
		}
		a[x * k + y] = jd->value;
		a[y * k + x] = 1 / jd->value;
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (a[i * k + j] == 0) {
				s = tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
				                  "ahp: no judgement of '%s' against '%s' "
				                  "(every pair of criteria needs one)",
				                  m->criteria[i].name, m->criteria[j].name);
				goto out;
			}
	if ((s = tdm_weights_ahp(a, k, m->ri_table, r->weights, &r->ahp, err)) !=
	    TDM_OK)
		goto out;
	r->has_ahp = 1;
	if (r->ahp.cr > 0.10)
		tdm__result_note(r,
		                 "AHP consistency ratio %.3f is above 0.10: the "
		                 "judgements contradict each other; the most "
		                 "inconsistent is %s vs %s (given %g, the weights "
		                 "imply %.3g)",
		                 r->ahp.cr, m->criteria[r->ahp.worst_a].name,
		                 m->criteria[r->ahp.worst_b].name, r->ahp.worst_given,
		                 r->ahp.worst_implied);
out:
	free(a);
	return s;
}

/* Fill r->weights by the chosen scheme; xd is the dense raw matrix of the
 * n ranked options (objective schemes look at it). */
static tdm_status
compute_weights(const tdm_model *m, const char *scheme, const double *xd,
                size_t n, const unsigned char *cost, tdm_result *r,
                tdm_error *err)
{
	size_t k = m->n_criteria, c;

	snprintf(r->weighting, sizeof r->weighting, "%s", scheme);
	r->weight_sum = 1;
	r->weights_normalized = 0;
	if (strcmp(scheme, "direct") == 0)
		return tdm__weights_normalize(m, r->weights, &r->weight_sum,
		                              &r->weights_normalized, err);
	if (strcmp(scheme, "equal") == 0) {
		for (c = 0; c < k; c++)
			r->weights[c] = 1.0 / (double)k;
		return TDM_OK;
	}
	if (strcmp(scheme, "roc") == 0)
		return weights_roc(m, r->weights, err);
	if (strcmp(scheme, "ahp") == 0)
		return weights_ahp(m, r, err);
	if (strcmp(scheme, "entropy") == 0 || strcmp(scheme, "critic") == 0) {
		if (n < 2)
			return tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
			                     "%s weights need at least two options that "
			                     "pass every guardrail (%zu do)",
			                     scheme, n);
		tdm_status s;
		if (scheme[0] == 'e')
			s = tdm_weights_entropy(xd, n, k, r->weights, err);
		else
			s = tdm_weights_critic(xd, n, k, cost, m->critic_flip_cost,
			                       r->weights, err);
		/* The weighting names criterion numbers; say which one. */
		if (s != TDM_OK && err != NULL && err->column >= 1 &&
		    (size_t)err->column <= k) {
			char msg[sizeof err->message];
			const tdm_criterion *cr = &m->criteria[err->column - 1];
			snprintf(msg, sizeof msg, "%s", err->message);
			tdm_error_set(err, s, tdm_model_source_name(m, cr->source),
			              cr->line, 0, "criterion '%s': %s", cr->name, msg);
		}
		return s;
	}
	return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
	                     "unknown weighting '%s' (direct, equal, roc, ahp, "
	                     "entropy, critic)",
	                     scheme);
}

typedef struct {
	const tdm__method *method;     /* NULL: the model's Lua aggregation */
	const tdm__normalization *nz;  /* NULL: the method's own */
	const char *weighting;
} plan;

static tdm_status
choose(const tdm_model *m, const tdm_eval_config *cfg, tdm_result *r,
       plan *pl, tdm_error *err)
{
	const char *mname = cfg && cfg->method ? cfg->method : m->method;
	const char *nname = cfg && cfg->normalization ? cfg->normalization
	                                              : m->normalization;
	int n_from_cli = cfg && cfg->normalization;

	pl->method = NULL;
	pl->nz = NULL;
	pl->weighting = cfg && cfg->weighting ? cfg->weighting
	                : m->weighting        ? m->weighting
	                                      : "direct";
	if (mname == NULL && m->method_fn > 0) {
		/* the decision's own aggregation, in Lua */
		snprintf(r->method, sizeof r->method, "lua");
		r->direction = TDM_DIR_HIGHER;
		if (nname == NULL)
			nname = "minmax";
	} else {
		if (mname == NULL)
			mname = "wsm";
		if ((pl->method = tdm__method_find(mname)) == NULL)
			return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
			                     "unknown method '%s' (wsm, wpm, topsis, "
			                     "vikor, promethee2, spotis, copras, moora, "
			                     "edas)",
			                     mname);
		snprintf(r->method, sizeof r->method, "%s", pl->method->name);
		r->direction = pl->method->direction;
		r->has_contributions = pl->method->additive;
		if (pl->method->normalization == NULL) {
			if (nname != NULL && strcmp(nname, "own") != 0)
				return tdm_error_set(
					err, n_from_cli ? TDM_USAGE : TDM_DATA,
					n_from_cli ? "--normalize" : model_source(m), 0, 0,
					"%s normalises by its own formula; a normalisation "
					"('%s') does not apply to it",
					pl->method->name, nname);
			snprintf(r->normalization, sizeof r->normalization, "own");
			return TDM_OK;
		}
		if (nname == NULL)
			nname = pl->method->normalization;
	}
	if ((pl->nz = tdm__normalization_find(nname)) == NULL)
		return tdm_error_set(err, n_from_cli ? TDM_USAGE : TDM_DATA,
		                     n_from_cli ? "--normalize" : model_source(m), 0, 0,
		                     "unknown normalisation '%s' (minmax, max, linear, "
		                     "sum, vector, none)",
		                     nname);
	snprintf(r->normalization, sizeof r->normalization, "%s", pl->nz->name);
	return TDM_OK;
}

tdm_status
tdm_evaluate(const tdm_model *m, const tdm_hooks *hooks,
             const tdm_eval_config *cfg, tdm_result **out, tdm_error *err)
{
	size_t n = m->n_options, k = m->n_criteria, o, c, i, ne = 0;
	tdm_result *r = NULL;
	double *x = NULL, *xd = NULL, *norm = NULL, *scores = NULL, *ws = NULL;
	double *dscore = NULL, *extra = NULL;
	long *ranks = NULL;
	size_t *rows = NULL;
	unsigned char *eligible = NULL, *cost = NULL;
	tdm__crit *crit = NULL;
	tdm__problem P;
	plan pl;
	tdm_status s = TDM_OK;

	*out = NULL;
	if (k == 0)
		return tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
		                     "the decision has no criteria");
	if (n == 0)
		return tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
		                     "the decision has no options");
	if ((r = result_new(m)) == NULL)
		return tdm__nomem(err);
	if ((s = choose(m, cfg, r, &pl, err)) != TDM_OK)
		goto out;
	x = calloc(n * k, sizeof *x);
	xd = calloc(n * k, sizeof *xd);
	norm = calloc(n * k, sizeof *norm);
	scores = calloc(n, sizeof *scores);
	dscore = calloc(n, sizeof *dscore);
	extra = calloc(n * TDM_MAX_EXTRA, sizeof *extra);
	ranks = calloc(n, sizeof *ranks);
	rows = calloc(n, sizeof *rows);
	eligible = calloc(n, 1);
	cost = calloc(k, 1);
	crit = calloc(k, sizeof *crit);
	r->info.bounds_from_data = calloc(k, 1);
	if (x == NULL || xd == NULL || norm == NULL || scores == NULL ||
	    dscore == NULL || extra == NULL || ranks == NULL || rows == NULL ||
	    eligible == NULL || cost == NULL || crit == NULL ||
	    r->info.bounds_from_data == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	/* Direct weights are checked before anything runs, so a bad weight is
	 * reported as such and not as a consequence. */
	if (strcmp(pl.weighting, "direct") == 0 &&
	    (s = tdm__weights_normalize(m, r->weights, &r->weight_sum,
	                                &r->weights_normalized, err)) != TDM_OK)
		goto out;
	if ((s = tdm__resolve(m, hooks, r, x, eligible, err)) != TDM_OK)
		goto out;

	/* the dense problem: the options that pass every guardrail */
	for (o = 0; o < n; o++)
		if (eligible[o])
			rows[ne++] = o;
	for (c = 0; c < k; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		cost[c] = cr->better == TDM_BETTER_LOWER;
		crit[c].cost = cost[c];
		crit[c].has_scale = cr->has_scale;
		crit[c].lo = cr->scale_lo;
		crit[c].hi = cr->scale_hi;
		crit[c].pref = cr->pref;
		crit[c].q = cr->q;
		crit[c].p = cr->p;
		crit[c].s = cr->s;
		for (i = 0; i < ne; i++)
			xd[c * ne + i] = x[c * n + rows[i]];
	}
	P.n = ne;
	P.m = k;
	P.x = xd;
	P.crit = crit;
	P.vikor_v = m->has_vikor_v ? m->vikor_v : 0.5;
	r->info.vikor_v = P.vikor_v;

	if ((s = compute_weights(m, pl.weighting, xd, ne, cost, r, err)) !=
	    TDM_OK)
		goto out;
	if (ne > 0) {
		if (pl.nz != NULL &&
		    (s = tdm__normalize(&P, pl.nz, norm, err)) != TDM_OK) {
			s = locate_error(m, rows, ne, err);
			goto out;
		}
		if (pl.method == NULL) {
			if (hooks == NULL || hooks->aggregate == NULL) {
				s = tdm_error_set(err, TDM_EVAL, model_source(m), 0, 0,
				                  "the decision's method is a function but "
				                  "no Lua state runs it");
				goto out;
			}
			s = hooks->aggregate(hooks->ud, m, ne, rows, norm, r->weights,
			                     dscore, err);
			for (i = 0; s == TDM_OK && i < ne; i++)
				if (!isfinite(dscore[i]))
					s = tdm_error_set(err, TDM_EVAL, model_source(m), 0, 0,
					                  "the decision's method gave option "
					                  "'%s' a score that is not a finite "
					                  "number",
					                  m->options[rows[i]].name);
			if (s != TDM_OK)
				goto out;
		} else {
			const char *const *names = pl.method->extra;
			size_t wsn = pl.method->workspace
			                 ? pl.method->workspace(ne, k) : 0;
			if (wsn > 0 && (ws = calloc(wsn, sizeof *ws)) == NULL) {
				s = tdm__nomem(err);
				goto out;
			}
			s = pl.method->fn(&P, pl.nz ? norm : NULL, r->weights, ws, dscore,
			                  extra, &r->info, err);
			if (s != TDM_OK) {
				s = locate_error(m, rows, ne, err);
				goto out;
			}
			for (i = 0; names != NULL && names[i] != NULL &&
			            i < TDM_MAX_EXTRA; i++)
				r->extra_names[r->n_extra++] = names[i];
			for (i = 0; i < ne; i++)
				if (!isfinite(dscore[i])) {
					s = tdm_error_set(err, TDM_EVAL, model_source(m), 0, 0,
					                  "%s gave option '%s' a score that is "
					                  "not a finite number (a bug: please "
					                  "report it with the decision)",
					                  r->method, m->options[rows[i]].name);
					goto out;
				}
			for (i = 0; i < r->info.n_compromise; i++)
				r->info.compromise[i] = rows[r->info.compromise[i]];
		}
	}
	for (i = 0; i < ne; i++)
		scores[rows[i]] = dscore[i];
	r->n_ranked = tdm__rank(n, scores, eligible, r->direction, ranks,
	                        r->order);
	for (o = 0; o < n; o++) {
		r->options[o].rank = ranks[o];
		r->options[o].verdict = eligible[o] ? (ranks[o] == 1
		                                           ? TDM_VERDICT_CHOSEN
		                                           : TDM_VERDICT_RANKED)
		                                    : TDM_VERDICT_REJECTED;
	}
	for (i = 0; i < ne; i++) {
		tdm_option_result *or = &r->options[rows[i]];
		or->score = dscore[i];
		for (c = 0; c < r->n_extra; c++)
			or->extra[c] = extra[c * ne + i];
		for (c = 0; c < k; c++) {
			or->norm[c] = pl.nz ? norm[c * ne + i] : 0;
			or->contrib[c] = r->has_contributions
			                     ? r->weights[c] * norm[c * ne + i] : 0;
		}
	}
	*out = r;
	r = NULL;
out:
	tdm_result_free(r);
	free(x);
	free(xd);
	free(norm);
	free(scores);
	free(dscore);
	free(extra);
	free(ws);
	free(ranks);
	free(rows);
	free(eligible);
	free(cost);
	free(crit);
	return s;
}
