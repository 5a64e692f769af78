/*
 * sensitivity.c -- weight stability intervals: how far one weight can move
 * (the others keeping their proportions to each other) before the winner
 * stops being the winner, and who takes over at each end.
 *
 * Owns tdm_sensitivity_weights. With criterion j's weight at t the others
 * become w_i (1 - t) / (1 - w_j) (equal shares of 1 - t when they are all
 * 0), as in explain.c. WSM is solved exactly: every score is linear in t,
 * so the winner's lead over each option is a line and the interval is the
 * intersection of the half-lines where those leads are positive. The other
 * methods (and a decision whose method is a Lua function) are searched: a
 * grid over [0, 1] walked outward from the current weight, then the first
 * grid step where the winner stops winning is bisected to BISECT_TOL. A
 * grid can step over a window narrower than one grid step where another
 * option wins; doc/design/sensitivity.md discusses it.
 *
 * "Wins" means strictly better than every other ranked option and not a
 * tie by rank.c's rule (1e-12 relative). A winner tied at the top has no
 * interval: lo = hi = from, no takers, closeness 0. An end at exactly 0 or
 * 1 is not a flip (no taker). closeness = min(from - lo, hi - from) / from
 * over the ends strictly inside (0, 1); HUGE_VAL when no end flips, or the
 * weight is 0 (any change is infinitely large relative to it).
 *
 * Must not print, render, or change the result or the model; the scorer
 * runs inside the search allocate nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

/* Search resolution: a grid of GRID_MAX steps shrunk so that one criterion
 * costs at most WORK_BUDGET cell operations (never below GRID_MIN steps),
 * then bisection to BISECT_TOL (at most BISECT_MAX halvings). */
#define GRID_MAX 200
#define GRID_MIN 20
#define WORK_BUDGET 5e7
#define BISECT_TOL 1e-9
#define BISECT_MAX 60
/* Two WSM boundaries closer than this are the same crossing. */
#define SAME_BOUND 1e-12

typedef struct {
	const tdm_result *r;
	size_t k;
	size_t winner_row;
	tdm__scorer sc;
	double *scores;   /* sc.n */
	double *w;        /* k */
	size_t grid;
} ctx;

/* rank.c's tie rule. */
static int
tied(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-12 * (scale > 1 ? scale : 1);
}

/* w0 with criterion j at t, the others in proportion (explain.c's rule). */
static void
shift_weight(const double *w0, size_t k, size_t j, double t, double *w)
{
	double others = 0;
	size_t i;

	for (i = 0; i < k; i++)
		if (i != j)
			others += w0[i];
	for (i = 0; i < k; i++)
		w[i] = i == j       ? t
		       : others > 0 ? w0[i] * (1 - t) / others
		                    : (1 - t) / (double)(k - 1);
}

/* Score with criterion j at t. Returns the row of the strict winner, or
 * -1 when the top is tied, or -2 when the method fails there (counted as
 * the winner not winning, with no one taking over). */
static long
top_at(ctx *c, size_t j, double t)
{
	tdm_error scratch;
	size_t i, best = 0;

	shift_weight(c->r->weights, c->k, j, t, c->w);
	if (tdm__scorer_run(&c->sc, c->w, c->scores, &scratch) != TDM_OK)
		return -2;
	for (i = 1; i < c->sc.n; i++)
		if (tdm__better_score(c->r->direction, c->scores[i],
		                      c->scores[best]))
			best = i;
	for (i = 0; i < c->sc.n; i++)
		if (i != best && tied(c->scores[i], c->scores[best]))
			return -1;
	return (long)best;
}

static int
wins_at(ctx *c, size_t j, double t)
{
	return top_at(c, j, t) == (long)c->winner_row;
}

/* The option that wins just beyond a boundary: the strict top at t, or
 * the best scorer there when the top is tied; -1 if the method fails. */
static long
taker_at(ctx *c, size_t j, double t)
{
	long top = top_at(c, j, t);
	size_t i, best = 0;

	if (top >= 0)
		return (long)c->sc.rows[top];
	if (top == -2)
		return -1;
	for (i = 1; i < c->sc.n; i++)
		if (i != c->winner_row &&
		    (best == c->winner_row ||
		     tdm__better_score(c->r->direction, c->scores[i],
		                       c->scores[best])))
			best = i;
	return best == c->winner_row ? -1 : (long)c->sc.rows[best];
}

/* ------------------------------------------------------------------------
 * WSM: exact
 * --------------------------------------------------------------------- */

/* With weight j at t option i scores A_i (1 - t) + v_ij t (A_i the other
 * criteria's weighted mean of its normalised values), so the winner's lead
 * over i is D_i + S_i t. Leads with S_i > 0 bound t from below at -D_i /
 * S_i, those with S_i < 0 from above. The taker at a boundary is, among
 * the options crossing there, the one that gains fastest beyond it. */
static void
interval_exact(ctx *c, size_t j, tdm_weight_interval *iv)
{
	const tdm_result *r = c->r;
	const double *w0 = r->weights;
	size_t k = c->k, i, q, win = c->sc.rows[c->winner_row];
	double others = 0, aw = 0, lo = 0, hi = 1, sign;
	double lo_slope = 0, hi_slope = 0;
	long lo_taker = -1, hi_taker = -1;

	/* lower-is-better methods: negate so that higher is better */
	sign = r->direction == TDM_DIR_LOWER ? -1 : 1;
	for (q = 0; q < k; q++)
		if (q != j)
			others += w0[q];
#define MEAN_OTHERS(o, out)                                                \
	do {                                                                   \
		const double *nv_ = r->options[(o)].norm;                          \
		(out) = 0;                                                         \
		for (q = 0; q < k; q++)                                            \
			if (q != j)                                                    \
				(out) += (others > 0 ? w0[q] / others                      \
				                     : 1.0 / (double)(k - 1)) * nv_[q];    \
	} while (0)
	MEAN_OTHERS(win, aw);
	for (i = 0; i < c->sc.n; i++) {
		size_t o = c->sc.rows[i];
		double ai, d, s, bound, gain;
		if (i == c->winner_row)
			continue;
		MEAN_OTHERS(o, ai);
		d = sign * (aw - ai);
		s = sign * ((r->options[win].norm[j] - aw) -
		            (r->options[o].norm[j] - ai));
		if (s > 0) {
			bound = -d / s;
			gain = s; /* how fast o gains going down */
			if (bound > lo + SAME_BOUND ||
			    (bound >= lo - SAME_BOUND && lo_taker >= 0 &&
			     gain > lo_slope)) {
				lo = bound > lo ? bound : lo;
				lo_taker = (long)o;
				lo_slope = gain;
			}
		} else if (s < 0) {
			bound = -d / s;
			gain = -s;
			if (bound < hi - SAME_BOUND ||
			    (bound <= hi + SAME_BOUND && hi_taker >= 0 &&
			     gain > hi_slope)) {
				hi = bound < hi ? bound : hi;
				hi_taker = (long)o;
				hi_slope = gain;
			}
		}
	}
#undef MEAN_OTHERS
	if (lo <= 0) {
		lo = 0;
		lo_taker = -1;
	}
	if (hi >= 1) {
		hi = 1;
		hi_taker = -1;
	}
	iv->lo = lo;
	iv->hi = hi;
	iv->lo_taker = lo_taker;
	iv->hi_taker = hi_taker;
	iv->exact = 1;
}

/* ------------------------------------------------------------------------
 * Other methods: grid and bisection
 * --------------------------------------------------------------------- */

/* Walk from the current weight toward `end` (0 or 1) over the grid; at the
 * first grid point where the winner does not win, bisect between it and
 * the last point where it did. *bound is the last winning point (inside
 * the interval), *taker who wins just beyond it. */
static void
search_end(ctx *c, size_t j, double from, int up, double *bound, long *taker)
{
	double in = from, out = -1, t;
	size_t s, g = c->grid;
	int it;

	*taker = -1;
	for (s = 0; s <= g; s++) {
		t = up ? (double)s / (double)g : 1 - (double)s / (double)g;
		if (up ? t <= from : t >= from)
			continue;
		if (!wins_at(c, j, t)) {
			out = t;
			break;
		}
		in = t;
	}
	if (out < 0) {
		*bound = up ? 1 : 0;
		return;
	}
	for (it = 0; it < BISECT_MAX && fabs(out - in) > BISECT_TOL; it++) {
		double mid = 0.5 * (in + out);
		if (wins_at(c, j, mid))
			in = mid;
		else
			out = mid;
	}
	/* losing only at exactly 0 or 1 (a tie with all the weight on one
	 * side) is not a flip, as in the exact case */
	if (out == (up ? 1.0 : 0.0) && fabs(out - in) <= BISECT_TOL) {
		*bound = out;
		return;
	}
	*bound = in;
	*taker = taker_at(c, j, out);
}

static void
interval_search(ctx *c, size_t j, tdm_weight_interval *iv)
{
	search_end(c, j, iv->from, 0, &iv->lo, &iv->lo_taker);
	search_end(c, j, iv->from, 1, &iv->hi, &iv->hi_taker);
	iv->exact = 0;
}

/* ------------------------------------------------------------------------
 * The report
 * --------------------------------------------------------------------- */

static void
closeness(tdm_weight_interval *iv)
{
	double d = HUGE_VAL;

	if (iv->lo > 0 && iv->lo < 1)
		d = iv->from - iv->lo;
	if (iv->hi > 0 && iv->hi < 1 && iv->hi - iv->from < d)
		d = iv->hi - iv->from;
	if (d == HUGE_VAL || !(iv->from > 0))
		iv->closeness = HUGE_VAL;
	else
		iv->closeness = (d > 0 ? d : 0) / iv->from;
}

/* An insertion sort (k is small) so no static context is needed. */
static void
order_by_closeness(tdm_sensitivity *s)
{
	size_t i, q;

	for (i = 0; i < s->n_intervals; i++)
		s->by_closeness[i] = i;
	for (i = 1; i < s->n_intervals; i++)
		for (q = i; q > 0; q--) {
			size_t a = s->by_closeness[q - 1], b = s->by_closeness[q];
			double ca = s->intervals[a].closeness;
			double cb = s->intervals[b].closeness;
			if (!(cb < ca || (cb == ca && b < a)))
				break;
			s->by_closeness[q - 1] = b;
			s->by_closeness[q] = a;
		}
}

tdm_status
tdm_sensitivity_weights(const tdm_model *m, const tdm_hooks *hooks,
                        const tdm_result *r, tdm_sensitivity **out,
                        tdm_error *err)
{
	size_t k = r->n_criteria, n = r->n_options, o, j;
	unsigned char *subset = NULL;
	tdm_sensitivity *s = NULL;
	tdm_status st = TDM_OK;
	int is_wsm, tie;
	ctx c;

	memset(&c, 0, sizeof c);
	*out = NULL;
	if (r->n_options != m->n_options || r->n_criteria != m->n_criteria)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the result does not come from this decision");
	if (r->n_ranked == 0)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "no option is ranked: there is no winner whose "
		                     "weights could be tested");
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->intervals = calloc(k ? k : 1, sizeof *s->intervals)) == NULL ||
	    (s->by_closeness = calloc(k ? k : 1, sizeof *s->by_closeness)) ==
	        NULL ||
	    (subset = calloc(n ? n : 1, 1)) == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	s->n_intervals = k;
	s->winner = r->order[0];
	tie = r->n_ranked > 1 && r->options[r->order[1]].rank == 1;
	is_wsm = strcmp(r->method, "wsm") == 0;
	for (j = 0; j < k; j++) {
		tdm_weight_interval *iv = &s->intervals[j];
		iv->criterion = j;
		iv->from = r->weights[j];
		iv->lo = iv->hi = iv->from;
		iv->lo_taker = iv->hi_taker = -1;
		iv->exact = is_wsm;
		iv->closeness = tie ? 0 : HUGE_VAL;
	}
	if (tie || k < 2 || r->n_ranked == 1) {
		/* tied: no interval; one criterion: its weight is always 1; one
		 * ranked option: it wins whatever the weights */
		for (j = 0; j < k && !tie; j++) {
			if (r->n_ranked == 1 && k >= 2)
				s->intervals[j].lo = 0, s->intervals[j].hi = 1;
		}
		goto sorted;
	}
	for (o = 0; o < n; o++)
		subset[o] = r->options[o].rank > 0;
	st = tdm__scorer_init(&c.sc, m, hooks, r->method, r->normalization,
	                      r->info.vikor_v, r->values, subset, err);
	if (st != TDM_OK)
		goto out;
	c.r = r;
	c.k = k;
	c.scores = malloc(c.sc.n * sizeof *c.scores);
	c.w = malloc(k * sizeof *c.w);
	if (c.scores == NULL || c.w == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	for (c.winner_row = 0; c.sc.rows[c.winner_row] != s->winner;
	     c.winner_row++)
		;
	{
		double per_run = (double)c.sc.n * (double)k *
		                 (strcmp(r->method, "promethee2") == 0
		                      ? (double)c.sc.n : 1.0);
		double g = WORK_BUDGET / fmax(per_run, 1) - 2 * BISECT_MAX;
		c.grid = g >= GRID_MAX ? GRID_MAX
		         : g <= GRID_MIN ? GRID_MIN
		                         : (size_t)g;
	}
	for (j = 0; j < k; j++) {
		if (tdm_interrupted) {   /* Ctrl-C: one criterion at a time */
			st = tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
			goto out;
		}
		if (is_wsm)
			interval_exact(&c, j, &s->intervals[j]);
		else
			interval_search(&c, j, &s->intervals[j]);
		closeness(&s->intervals[j]);
	}
sorted:
	order_by_closeness(s);
out:
	tdm__scorer_free(&c.sc);
	free(c.scores);
	free(c.w);
	free(subset);
	if (st != TDM_OK) {
		tdm_sensitivity_free(s);
		return st;
	}
	*out = s;
	return TDM_OK;
}

void
tdm_sensitivity_free(tdm_sensitivity *s)
{
	if (s == NULL)
		return;
	free(s->intervals);
	free(s->by_closeness);
	free(s);
}
