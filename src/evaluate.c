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
#include <stdint.h>
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

void
tdm__note_dominance_unchecked(tdm_result *r, size_t n_ranked)
{
	tdm__result_note(r, "dominance was not checked: %zu options are more "
	                    "than %d",
	                 n_ranked, TDM__DOMINANCE_MAX);
}

/* 1 if dominator a is to be named before b: the better rank, then the
 * lower index. */
static int
dominator_before(const tdm_result *r, size_t a, size_t b)
{
	long ra = r->options[a].rank, rb = r->options[b].rank;

	if (ra != rb)
		return ra < rb;
	return a < b;
}

/* An option's dominator reasons are full: put o in place of the
 * worst-ranked of them if o ranks better. */
static void
keep_better_dominator(const tdm_result *r, tdm_option_result *or, size_t o)
{
	size_t k, worst = 0;

	for (k = 1; k < or->n_reasons; k++)
		if (dominator_before(r, or->reasons[worst].other,
		                     or->reasons[k].other))
			worst = k;
	if (or->n_reasons > 0 && dominator_before(r, o, or->reasons[worst].other))
		or->reasons[worst].other = o;
}

/* Option a dominates b when it is at least as good on every criterion and
 * better on one. A loop over every pair costs ne^2 k comparisons, most of
 * them branches the processor cannot predict (8 ms for 1,000 options).
 * Instead each option b gets a bitset of the options at least as good as
 * it on every criterion so far: per criterion, the options sorted best
 * first are added to a running set group by group (equal values
 * together), and each b's bitset is ANDed with the running set when its
 * group is in. The options left in b's bitset (b aside) are at least as
 * good everywhere; the ones better somewhere dominate it, and are found
 * in index order, the order of b's reasons. ne k log ne + ne^2 k / 64
 * operations: 0.5 ms for 1,000 options (doc/design/repl-performance.md).
 * Values are negated for cost criteria, so higher is better everywhere. */
static tdm_status
mark_dominated(const tdm_model *m, const double *x,
               const unsigned char *eligible, tdm_result *r, tdm_error *err)
{
	size_t n = m->n_options, k = m->n_criteria, ne = 0, o, c, q, i, j, w;
	size_t *idx = NULL, *order = NULL, *tmp = NULL, n_words;
	double *v = NULL;
	uint64_t *acc = NULL, *run = NULL;
	tdm_status s = TDM_OK;

	if (r->n_ranked > TDM__DOMINANCE_MAX) {
		tdm__note_dominance_unchecked(r, r->n_ranked);
		return TDM_OK;
	}
	r->dominance_checked = 1;
	for (o = 0; o < n; o++)
		ne += eligible[o] != 0;
	if (ne < 2 || k == 0)
		return TDM_OK;
	n_words = (ne + 63) / 64;
	if ((idx = malloc(ne * sizeof *idx)) == NULL ||
	    (order = malloc(ne * sizeof *order)) == NULL ||
	    (tmp = malloc(ne * sizeof *tmp)) == NULL ||
	    (v = malloc(ne * k * sizeof *v)) == NULL ||
	    (acc = malloc(ne * n_words * sizeof *acc)) == NULL ||
	    (run = malloc(n_words * sizeof *run)) == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	for (o = 0, q = 0; o < n; o++)
		if (eligible[o])
			idx[q++] = o;
	for (c = 0; c < k; c++) {
		int cost = m->criteria[c].better == TDM_BETTER_LOWER;
		for (q = 0; q < ne; q++) {
			double y = x[c * n + idx[q]];
			v[c * ne + q] = cost ? -y : y;
		}
	}
	memset(acc, 0xff, ne * n_words * sizeof *acc);
	for (c = 0; c < k; c++) {
		const double *col = v + c * ne;
		for (q = 0; q < ne; q++)
			order[q] = q;
		tdm__sort_desc(col, order, tmp, ne);
		memset(run, 0, n_words * sizeof *run);
		for (i = 0; i < ne; i = j) {
			for (j = i; j < ne && col[order[j]] == col[order[i]]; j++)
				run[order[j] / 64] |= (uint64_t)1 << (order[j] % 64);
			for (q = i; q < j; q++) {
				uint64_t *a = acc + order[q] * n_words;
				for (w = 0; w < n_words; w++)
					a[w] &= run[w];
			}
		}
	}
	for (q = 0; q < ne; q++) {
		tdm_option_result *orb = &r->options[idx[q]];
		const uint64_t *a = acc + q * n_words;
		for (w = 0; w < n_words; w++) {
			uint64_t bits = a[w];
			for (i = 0; bits != 0; i++, bits >>= 1) {
				size_t d = w * 64 + i;
				int better = 0;
				tdm_reason *p;
				if (!(bits & 1) || d == q)
					continue;
				for (c = 0; c < k && !better; c++)
					better = v[c * ne + d] > v[c * ne + q];
				if (!better)
					continue;
				orb->verdict = TDM_VERDICT_DOMINATED;
				if (orb->n_dominators++ >= TDM_MAX_DOMINATORS) {
					/* full: keep the best-ranked */
					keep_better_dominator(r, orb, idx[d]);
					continue;
				}
				p = realloc(orb->reasons, (orb->n_reasons + 1) * sizeof *p);
				if (p == NULL) {
					s = tdm__nomem(err);
					goto out;
				}
				orb->reasons = p;
				memset(&p[orb->n_reasons], 0, sizeof *p);
				p[orb->n_reasons].kind = TDM_REASON_DOMINATED;
				p[orb->n_reasons].other = idx[d];
				p[orb->n_reasons].subject = idx[q];
				orb->n_reasons++;
			}
		}
		/* the kept dominators in index order, as they were found */
		for (i = 1; i < orb->n_reasons; i++)
			for (j = i; j > 0 && orb->reasons[j - 1].other >
			                         orb->reasons[j].other;
			     j--) {
				tdm_reason t = orb->reasons[j];
				orb->reasons[j] = orb->reasons[j - 1];
				orb->reasons[j - 1] = t;
			}
	}
out:
	free(idx);
	free(order);
	free(tmp);
	free(v);
	free(acc);
	free(run);
	return s;
}

/* Rank the options that were rejected by a guardrail (but have every
 * value) as if no guardrail applied, for "without this guardrail it would
 * rank #k". */
static tdm_status
rank_as_if(const tdm_model *m, const tdm_hooks *hooks, tdm_result *r,
           const unsigned char *eligible, tdm_error *err)
{
	size_t n = m->n_options, o, i, n_rejected = 0;
	unsigned char *complete = calloc(n, 1);
	double *scores = calloc(n, sizeof *scores), *dense = NULL;
	long *ranks = calloc(n, sizeof *ranks);
	size_t *order = calloc(n, sizeof *order);
	tdm__scorer sc;
	tdm_status s = TDM_OK;

	memset(&sc, 0, sizeof sc);
	if (complete == NULL || scores == NULL || ranks == NULL ||
	    order == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	for (o = 0; o < n; o++) {
		const tdm_option_result *or = &r->options[o];
		size_t k;
		complete[o] = 1;
		for (k = 0; k < or->n_reasons; k++)
			if (or->reasons[k].kind == TDM_REASON_MISSING)
				complete[o] = 0;
		if (complete[o] && !eligible[o])
			n_rejected++;
	}
	if (n_rejected == 0)
		goto out;
	s = tdm__scorer_init(&sc, m, hooks, r->method, r->normalization,
	                     r->info.vikor_v, r->values, complete, err);
	if (s != TDM_OK)
		goto out;
	if ((dense = calloc(sc.n ? sc.n : 1, sizeof *dense)) == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	/* A method may refuse data that only the rejected options bring (wpm
	 * and a zero, say): then there is no "as if" ranking, not an error. */
	if (tdm__scorer_run(&sc, r->weights, dense, NULL) != TDM_OK)
		goto out;
	for (i = 0; i < sc.n; i++)
		scores[sc.rows[i]] = dense[i];
	r->n_as_if = tdm__rank(n, scores, complete, r->direction, ranks, order);
	for (o = 0; o < n; o++)
		if (complete[o] && !eligible[o])
			r->options[o].as_if_rank = ranks[o];
out:
	tdm__scorer_free(&sc);
	free(complete);
	free(scores);
	free(dense);
	free(ranks);
	free(order);
	return s;
}

tdm_status
tdm_evaluate(const tdm_model *m, const tdm_hooks *hooks,
             const tdm_eval_config *cfg, tdm_result **out, tdm_error *err)
{
	size_t n = m->n_options, k = m->n_criteria, o, c, i, j, ne = 0;
	tdm_result *r = NULL;
	double *x = NULL, *xd = NULL, *scores = NULL, *dscore = NULL;
	long *ranks = NULL;
	unsigned char *eligible = NULL, *cost = NULL;
	tdm__scorer sc;
	plan pl;
	tdm_status s = TDM_OK;

	memset(&sc, 0, sizeof sc);
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
	scores = calloc(n, sizeof *scores);
	dscore = calloc(n, sizeof *dscore);
	ranks = calloc(n, sizeof *ranks);
	eligible = calloc(n, 1);
	cost = calloc(k, 1);
	r->has_value = calloc(n * k, 1);
	r->info.bounds_from_data = calloc(k, 1);
	if (x == NULL || xd == NULL || scores == NULL || dscore == NULL ||
	    ranks == NULL || eligible == NULL || cost == NULL ||
	    r->has_value == NULL || r->info.bounds_from_data == NULL) {
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
	memset(r->has_value, 1, n * k);
	for (o = 0; o < n; o++)
		for (j = 0; j < r->options[o].n_reasons; j++)
			if (r->options[o].reasons[j].kind == TDM_REASON_MISSING)
				r->has_value[r->options[o].reasons[j].criterion * n + o] = 0;
	/* the options that pass every guardrail, dense, for the weighting */
	for (o = 0; o < n; o++)
		ne += eligible[o] != 0;
	for (c = 0; c < k; c++) {
		cost[c] = m->criteria[c].better == TDM_BETTER_LOWER;
		for (o = 0, i = 0; o < n; o++)
			if (eligible[o])
				xd[c * ne + i++] = x[c * n + o];
	}
	if ((s = compute_weights(m, pl.weighting, xd, ne, cost, r, err)) !=
	    TDM_OK)
		goto out;
	s = tdm__scorer_init(&sc, m, hooks,
	                     pl.method ? pl.method->name : "lua",
	                     pl.nz ? pl.nz->name : "own",
	                     m->has_vikor_v ? m->vikor_v : 0.5, x, eligible, err);
	if (s != TDM_OK)
		goto out;
	r->info.vikor_v = sc.info.vikor_v;
	if ((s = tdm__scorer_run(&sc, r->weights, dscore, err)) != TDM_OK)
		goto out;
	if (pl.method != NULL && pl.method->extra != NULL)
		for (i = 0; pl.method->extra[i] != NULL && i < TDM_MAX_EXTRA; i++)
			r->extra_names[r->n_extra++] = pl.method->extra[i];
	r->info.vikor_advantage = sc.info.vikor_advantage;
	r->info.vikor_stability = sc.info.vikor_stability;
	r->info.n_compromise = sc.info.n_compromise;
	for (i = 0; i < sc.info.n_compromise; i++)
		r->info.compromise[i] = sc.rows[sc.info.compromise[i]];
	memcpy(r->info.bounds_from_data, sc.info.bounds_from_data, k);
	for (i = 0; i < ne; i++)
		scores[sc.rows[i]] = dscore[i];
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
		tdm_option_result *or = &r->options[sc.rows[i]];
		or->score = dscore[i];
		for (c = 0; c < r->n_extra; c++)
			or->extra[c] = sc.extra[c * ne + i];
		for (c = 0; c < k; c++) {
			double v = sc.nz ? sc.norm[c * ne + i] : 0;
			or->norm[c] = v;
			or->contrib[c] = r->has_contributions ? r->weights[c] * v : 0;
		}
	}
	/* the resolved values stay with the result, for explanations */
	r->values = x;
	x = NULL;
	if ((s = mark_dominated(m, r->values, eligible, r, err)) != TDM_OK)
		goto out;
	if ((s = rank_as_if(m, hooks, r, eligible, err)) != TDM_OK)
		goto out;
	*out = r;
	r = NULL;
out:
	tdm__scorer_free(&sc);
	tdm_result_free(r);
	free(x);
	free(xd);
	free(scores);
	free(dscore);
	free(ranks);
	free(eligible);
	free(cost);
	return s;
}

tdm_status
tdm__eval_plan(const tdm_model *m, const tdm_eval_config *cfg,
               tdm_result **out, tdm_error *err)
{
	tdm_result *r = calloc(1, sizeof *r);
	size_t k = m->n_criteria;
	plan pl;
	tdm_status s;

	*out = NULL;
	if (r == NULL)
		return tdm__nomem(err);
	r->model = m;
	r->n_criteria = k;
	r->weights = calloc(k ? k : 1, sizeof *r->weights);
	r->info.compromise = calloc(1, sizeof *r->info.compromise);
	if (r->weights == NULL || r->info.compromise == NULL) {
		tdm_result_free(r);
		return tdm__nomem(err);
	}
	if (k == 0) {
		s = tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
		                  "the decision has no criteria");
		goto fail;
	}
	if ((s = choose(m, cfg, r, &pl, err)) != TDM_OK)
		goto fail;
	if (strcmp(pl.weighting, "entropy") == 0 ||
	    strcmp(pl.weighting, "critic") == 0) {
		s = tdm_error_set(err, TDM_DATA, model_source(m), 0, 0,
		                  "%s weights are computed from every option's "
		                  "values, and rows are scored one at a time here: "
		                  "give the weights (or use `tradeoff rank`)",
		                  pl.weighting);
		goto fail;
	}
	if ((s = compute_weights(m, pl.weighting, NULL, 0, NULL, r, err)) !=
	    TDM_OK)
		goto fail;
	*out = r;
	return TDM_OK;
fail:
	tdm_result_free(r);
	return s;
}
