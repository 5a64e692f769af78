/*
 * stakeholders.c -- each stakeholder's ranking, the aggregate, regret, and
 * the stakeholder whose weights decide the outcome.
 *
 * Owns tdm_stakeholders_analyse and tdm_stakeholder_report_free. Each
 * stakeholder's weights (criteria it does not name weigh 0) are normalised
 * to sum 1 and r's ranked options are scored again under r's method and
 * normalisation (tdm__scorer), so a stakeholder's ranking differs from r's
 * only by the weights. Must not resolve attributes, re-run guardrails,
 * change r or the model, or print.
 *
 * The aggregate weights are the normalised geometric mean of the
 * stakeholders' normalised weights: g_c = (prod_s w_sc)^(1/S), then
 * divided by their sum. A criterion any stakeholder weighs 0 therefore
 * gets 0 in the aggregate (a veto by indifference). When that leaves every
 * criterion at 0 (no criterion is weighed by everyone), the aggregate
 * falls back to the arithmetic mean, and deciding_why starts by saying so;
 * a renderer can tell the fallback from the weights alone (every criterion
 * has some stakeholder's weight 0).
 *
 * Regret: regret[i * S + s] is how much worse options[i] scores than s's
 * favourite under s's weights, in the method's direction (>= 0). The
 * minimax-regret option has the smallest max regret; ties go to the
 * better aggregate rank, then to r's order.
 *
 * The deciding stakeholder: one whose favourite is the aggregate winner,
 * while some other stakeholder favours another option, and without whom
 * (aggregating the others' weights alike) the aggregate winner changes.
 * When several qualify, the first declared; -1 when none does.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

/* Scores closer than this (relative) count as equal when choosing the
 * minimax-regret option. */
#define REGRET_EPS 1e-12

void
tdm_stakeholder_report_free(tdm_stakeholder_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->options);
	free(rep->weights);
	free(rep->scores);
	free(rep->ranks);
	free(rep->favourites);
	free(rep->aggregate_weights);
	free(rep->aggregate_ranks);
	free(rep->regret);
	free(rep->max_regret);
	free(rep);
}

static tdm_stakeholder_report *
report_alloc(size_t S, size_t n, size_t k)
{
	tdm_stakeholder_report *p = calloc(1, sizeof *p);
	size_t n1 = n ? n : 1, k1 = k ? k : 1;

	if (p == NULL)
		return NULL;
	p->options = calloc(n1, sizeof *p->options);
	p->weights = calloc(S * k1, sizeof *p->weights);
	p->scores = calloc(S * n1, sizeof *p->scores);
	p->ranks = calloc(S * n1, sizeof *p->ranks);
	p->favourites = calloc(S, sizeof *p->favourites);
	p->aggregate_weights = calloc(k1, sizeof *p->aggregate_weights);
	p->aggregate_ranks = calloc(n1, sizeof *p->aggregate_ranks);
	p->regret = calloc(n1 * S, sizeof *p->regret);
	p->max_regret = calloc(n1, sizeof *p->max_regret);
	if (p->options == NULL || p->weights == NULL || p->scores == NULL ||
	    p->ranks == NULL || p->favourites == NULL ||
	    p->aggregate_weights == NULL || p->aggregate_ranks == NULL ||
	    p->regret == NULL || p->max_regret == NULL) {
		tdm_stakeholder_report_free(p);
		return NULL;
	}
	p->n_stakeholders = S;
	p->n = n;
	p->m = k;
	p->deciding = -1;
	return p;
}

/* Stakeholder t's weights over the model's k criteria, normalised, into
 * w; an error naming the stakeholder for a name that is not a criterion
 * or weights that are all 0. */
static tdm_status
stakeholder_weights(const tdm_model *m, size_t t, double *w, tdm_error *err)
{
	const tdm_stakeholder *sh = &m->stakeholders[t];
	const char *src = tdm_model_source_name(m, sh->source);
	size_t c, q;
	double sum = 0;

	for (c = 0; c < m->n_criteria; c++)
		w[c] = 0;
	for (q = 0; q < sh->n; q++) {
		for (c = 0; c < m->n_criteria; c++)
			if (strcmp(m->criteria[c].name, sh->criteria[q]) == 0)
				break;
		if (c == m->n_criteria)
			return tdm_error_set(err, TDM_DATA, src, sh->line, 0,
			                     "stakeholder '%s': '%s' is not a "
			                     "criterion",
			                     sh->name, sh->criteria[q]);
		if (!isfinite(sh->weights[q]) || sh->weights[q] < 0)
			return tdm_error_set(err, TDM_DATA, src, sh->line, 0,
			                     "stakeholder '%s': the weight of '%s' "
			                     "must be a finite number >= 0",
			                     sh->name, sh->criteria[q]);
		w[c] += sh->weights[q];
	}
	for (c = 0; c < m->n_criteria; c++)
		sum += w[c];
	if (!(sum > 0) || !isfinite(sum))
		return tdm_error_set(err, TDM_DATA, src, sh->line, 0,
		                     "stakeholder '%s' gives every criterion "
		                     "weight 0",
		                     sh->name);
	for (c = 0; c < m->n_criteria; c++)
		w[c] /= sum;
	return TDM_OK;
}

/* The aggregate of the stakeholders' weights W (S x k), leaving out
 * stakeholder `skip` (SIZE_MAX: none), into g: the normalised geometric
 * mean, or the arithmetic mean when the geometric one is 0 everywhere.
 * Returns 1 when it fell back to the arithmetic mean. */
static int
aggregate(const double *W, size_t S, size_t k, size_t skip, double *g)
{
	size_t c, s, count = S - (skip < S);
	double sum = 0;
	int arithmetic = 0;

	for (c = 0; c < k; c++) {
		double logs = 0;
		int zero = 0;
		for (s = 0; s < S; s++) {
			if (s == skip)
				continue;
			if (W[s * k + c] > 0)
				logs += log(W[s * k + c]);
			else
				zero = 1;
		}
		g[c] = zero || count == 0 ? 0 : exp(logs / (double)count);
		sum += g[c];
	}
	if (!(sum > 0)) {
		arithmetic = 1;
		sum = 0;
		for (c = 0; c < k; c++) {
			g[c] = 0;
			for (s = 0; s < S; s++)
				if (s != skip)
					g[c] += W[s * k + c];
			sum += g[c];
		}
	}
	for (c = 0; c < k && sum > 0; c++)
		g[c] /= sum;
	return arithmetic;
}

/* Score the rows with weights w, rank them, and map scores and ranks into
 * the report's order (row_of[i] is the row of options[i]). The winner is
 * the first option of rank 1 in the report's order. */
typedef struct work {
	tdm__scorer sc;
	tdm_direction dir;
	size_t n;
	const size_t *row_of;
	const size_t *options;
	double *row_scores;
	long *row_ranks;
	size_t *order;
	unsigned char *ones;
} work;

static tdm_status
score_rank(work *wk, const double *w, double *scores, long *ranks,
           size_t *winner, tdm_error *err)
{
	size_t i;
	tdm_status st;

	st = tdm__scorer_run(&wk->sc, w, wk->row_scores, err);
	if (st != TDM_OK)
		return st;
	tdm__rank(wk->n, wk->row_scores, wk->ones, wk->dir, wk->row_ranks,
	          wk->order);
	*winner = wk->options[0];
	for (i = 0; i < wk->n; i++) {
		if (scores != NULL)
			scores[i] = wk->row_scores[wk->row_of[i]];
		if (ranks != NULL)
			ranks[i] = wk->row_ranks[wk->row_of[i]];
	}
	for (i = 0; i < wk->n; i++)
		if (wk->row_ranks[wk->row_of[i]] == 1) {
			*winner = wk->options[i];
			break;
		}
	return TDM_OK;
}

/* Append to buf, truncating (never overflowing) when it is full. */
static void cat(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void
cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* The deciding stakeholder and the words for it. g is k scratch. */
static tdm_status
find_deciding(const tdm_model *m, work *wk, tdm_stakeholder_report *p,
              int arithmetic, double *g, tdm_error *err)
{
	size_t S = p->n_stakeholders, k = p->m, s, winner;
	int all_agree = 1, found = 0;
	tdm_status st;
	char *why = p->deciding_why;
	size_t size = sizeof p->deciding_why;

	why[0] = '\0';
	if (arithmetic)
		cat(why, size, "No criterion is weighed by every stakeholder, so "
		               "the aggregate is the arithmetic mean of their "
		               "weights. ");
	for (s = 1; s < S; s++)
		if (p->favourites[s] != p->favourites[0])
			all_agree = 0;
	if (all_agree) {
		if (S == 1)
			cat(why, size,
			    "The only stakeholder, %s, favours %s, so no one's "
			    "weights decide the outcome.",
			    m->stakeholders[0].name, m->options[p->favourites[0]].name);
		else
			cat(why, size,
			    "Every stakeholder favours %s, so no one's weights "
			    "decide the outcome.",
			    m->options[p->favourites[0]].name);
		return TDM_OK;
	}
	for (s = 0; s < S; s++) {
		if (p->favourites[s] != p->aggregate_winner)
			continue;
		aggregate(p->weights, S, k, s, g);
		st = score_rank(wk, g, NULL, NULL, &winner, err);
		if (st != TDM_OK)
			return st;
		if (winner == p->aggregate_winner)
			continue;
		if (!found) {
			found = 1;
			p->deciding = (long)s;
			cat(why, size,
			    "Without %s's weights the aggregate would pick %s.",
			    m->stakeholders[s].name, m->options[winner].name);
		} else {
			cat(why, size, " So would it without %s's (%s).",
			    m->stakeholders[s].name, m->options[winner].name);
		}
	}
	if (found)
		return TDM_OK;
	cat(why, size,
	    "No single stakeholder decides: without any one of them the "
	    "aggregate still picks %s.",
	    m->options[p->aggregate_winner].name);
	return TDM_OK;
}

/* Is option (report index) a better than b for minimax regret? */
static int
less_regret(const tdm_stakeholder_report *p, size_t a, size_t b)
{
	double x = p->max_regret[a], y = p->max_regret[b];
	double tol = REGRET_EPS * (1 + fabs(x) + fabs(y));

	if (x < y - tol)
		return 1;
	if (x > y + tol)
		return 0;
	return p->aggregate_ranks[a] < p->aggregate_ranks[b];
}

tdm_status
tdm_stakeholders_analyse(const tdm_model *m, const tdm_hooks *hooks,
                         const tdm_result *r, tdm_stakeholder_report **out,
                         tdm_error *err)
{
	size_t S = m->n_stakeholders, k = m->n_criteria, n = 0, i, s;
	size_t best;
	unsigned char *subset = NULL;
	size_t *row_of = NULL;
	double *g = NULL;
	tdm_stakeholder_report *p = NULL;
	work wk;
	tdm_status st = TDM_OK;
	int arithmetic;

	*out = NULL;
	memset(&wk, 0, sizeof wk);
	if (S == 0)
		return TDM_OK;
	if (r->n_criteria != k)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the result does not match the model "
		                     "(evaluate it again)");
	for (i = 0; i < r->n_ranked; i++)
		n += r->options[r->order[i]].rank > 0;
	if (n == 0)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "no option passes the guardrails, so no "
		                     "stakeholder can rank anything");
	p = report_alloc(S, n, k);
	subset = calloc(m->n_options ? m->n_options : 1, 1);
	row_of = calloc(n, sizeof *row_of);
	g = calloc(k ? k : 1, sizeof *g);
	wk.row_scores = calloc(n, sizeof *wk.row_scores);
	wk.row_ranks = calloc(n, sizeof *wk.row_ranks);
	wk.order = calloc(n, sizeof *wk.order);
	wk.ones = malloc(n);
	if (p == NULL || subset == NULL || row_of == NULL || g == NULL ||
	    wk.row_scores == NULL || wk.row_ranks == NULL || wk.order == NULL ||
	    wk.ones == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	for (s = 0; s < S; s++)
		if ((st = stakeholder_weights(m, s, p->weights + s * k, err)) !=
		    TDM_OK)
			goto out;
	memset(wk.ones, 1, n);
	n = 0;
	for (i = 0; i < r->n_ranked; i++)
		if (r->options[r->order[i]].rank > 0) {
			p->options[n++] = r->order[i];
			subset[r->order[i]] = 1;
		}
	/* the scorer's rows are the subset in model order */
	{
		size_t row = 0, o;
		for (o = 0; o < m->n_options; o++)
			if (subset[o]) {
				for (i = 0; i < n; i++)
					if (p->options[i] == o)
						row_of[i] = row;
				row++;
			}
	}
	st = tdm__scorer_init(&wk.sc, m, hooks, r->method, r->normalization,
	                      r->info.vikor_v, r->values, subset, err);
	if (st != TDM_OK)
		goto out;
	wk.dir = r->direction;
	wk.n = n;
	wk.row_of = row_of;
	wk.options = p->options;

	/* each stakeholder's scores, ranks and favourite */
	for (s = 0; s < S; s++) {
		st = score_rank(&wk, p->weights + s * k, p->scores + s * n,
		                p->ranks + s * n, &p->favourites[s], err);
		if (st != TDM_OK)
			goto out;
	}
	/* the aggregate */
	arithmetic = aggregate(p->weights, S, k, SIZE_MAX, p->aggregate_weights);
	st = score_rank(&wk, p->aggregate_weights, NULL, p->aggregate_ranks,
	                &p->aggregate_winner, err);
	if (st != TDM_OK)
		goto out;
	/* regret against each stakeholder's favourite, in its own scores */
	for (s = 0; s < S; s++) {
		const double *sc = p->scores + s * n;
		double fav = 0;
		for (i = 0; i < n; i++)
			if (p->options[i] == p->favourites[s])
				fav = sc[i];
		for (i = 0; i < n; i++) {
			double d = r->direction == TDM_DIR_LOWER ? sc[i] - fav
			                                         : fav - sc[i];
			p->regret[i * S + s] = d > 0 ? d : 0;
		}
	}
	best = 0;
	for (i = 0; i < n; i++) {
		p->max_regret[i] = 0;
		for (s = 0; s < S; s++)
			if (p->regret[i * S + s] > p->max_regret[i])
				p->max_regret[i] = p->regret[i * S + s];
	}
	for (i = 1; i < n; i++)
		if (less_regret(p, i, best))
			best = i;
	p->minimax_regret = p->options[best];
	st = find_deciding(m, &wk, p, arithmetic, g, err);
	if (st != TDM_OK)
		goto out;
	*out = p;
	p = NULL;
out:
	tdm__scorer_free(&wk.sc);
	free(wk.ones);
	free(wk.order);
	free(wk.row_ranks);
	free(wk.row_scores);
	free(g);
	free(row_of);
	free(subset);
	tdm_stakeholder_report_free(p);
	return st;
}
