/*
 * explain.c -- "why X" and "why not X", as data.
 *
 * Owns tdm_explain: an option's margin against the chosen option (for the
 * chosen one, against the runner-up), the close-call test, the criteria
 * that cost it and those it wins on, and the counterfactuals -- the
 * smallest change of a single weight, of a single one of its own values,
 * and of the whole weight vector (L1 on the simplex) that would make it
 * win. WSM is solved exactly: scores are linear in a moved weight and in a
 * value inside its column's range, and the joint change is a linear
 * programme (lp_solve, the only file that includes it). The other methods
 * are searched through a tdm__scorer in bounded steps: a grid and
 * bisection along one weight or value, sequential linear programming and a
 * pattern search for the joint change (the constants below;
 * doc/design/explain.md says why each is what it is).
 *
 * "Wins" means a score strictly better than every other ranked option's,
 * and not a tie by rank.c's rule, so that applying a counterfactual and
 * ranking again gives the option rank 1 alone. Reported changes sit just
 * past the boundary (a nudge of 1e-6 relative, 1e-9 absolute when tiny, at
 * most 0.1 % of the change itself) and are verified by re-scoring.
 *
 * Must not print, render, rank or change the result or the model; scorer
 * runs inside the searches allocate nothing (every buffer is allocated
 * once, before they start).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* lp_solve's header is clean under our warning flags (Debian 5.5.2); it
 * defines many short macros (TRUE, FALSE, NEUTRAL, EQ, GE ...), so it is
 * included here only and nothing below defines names like those. */
#include <lpsolve/lp_lib.h>

#include "engine.h"
#include "util.h"

/* Search resolution and budget. A scorer run costs about n * k cell
 * operations (n * n * k for promethee2, which compares every pair); the
 * grid shrinks so that one explanation stays within WORK_BUDGET of them,
 * never below GRID_MIN steps. Bisection stops at 1e-9 (relative to the
 * search's scale) or BISECT_MAX halvings. */
#define GRID_MAX 200
#define GRID_MIN 16
#define N_NEAR 5               /* points 1e-2 ... 1e-6 from the start */
#define N_EDGE 7               /* weights near 0 and 1 (weight_points) */
#define N_ZERO 6               /* values near 0 when a search crosses it */
#define BISECT_MAX 60
#define BISECT_TOL 1e-9
#define NUDGE_REL 1e-6
#define NUDGE_ABS 1e-9
#define NUDGE_GAP 1e-3         /* a nudge is at most this share of the change */
#define NUDGE_TRIES 12         /* x4 each time the re-scoring disagrees */
#define JOINT_RANDOM 32        /* random starting weightings (fixed seed) */
#define JOINT_RUNS_MAX 1500
#define JOINT_RUNS_MIN 100
#define JOINT_STEP_MIN 1e-7
#define JOINT_SEED 0x9E3779B97F4A7C15ULL
#define WORK_BUDGET 4e8
/* Per criterion, runs beyond the grid: near points, bisection, nudges. */
#define RUNS_PER_CRITERION 100
/* The LP's margin, relative to the scale of the normalised values; raised
 * by LP_EPS_STEP when the re-scoring does not confirm the win. */
#define LP_EPS 1e-9
#define LP_EPS_STEP 100
#define LP_TRIES 3
#define TINY 1e-300
/* Sequential linear programming for the joint change of the other
 * methods: at most SLP_ITERS linearisations, forward differences of step
 * SLP_H toward each vertex of the simplex. */
#define SLP_ITERS 12
#define SLP_H 1e-6

typedef struct {
	double dist, t;
} point;

typedef struct {
	const tdm_model *m;
	const tdm_result *r;
	size_t k, n;          /* criteria, model options */
	size_t option, row;   /* explained option, its scorer row */
	tdm__scorer sc;
	double *scores;       /* sc.n */
	double *base;         /* sc.n: scores with the current weights */
	double *w;            /* k: a trial weighting */
	double *cand, *best;  /* k: joint search */
	point *pts;           /* grid + near points */
	size_t *lv;           /* level indices, the most levels of a criterion */
	double *lp_a, *lp_b;  /* LP constraints: (sc.n - 1) x k and sc.n */
	double *lp_vars;      /* 3k: the LP's variables */
	REAL *lp_row;         /* 2k: one LP row */
	int *lp_cols;         /* 2k: its column numbers */
	double *lin;          /* (k + 1) x sc.n: scores at x and toward each vertex */
	double *lin_x;        /* k: where the scores are linearised */
	size_t grid;
	long joint_runs;
	long runs;
	int is_wsm;
	int lp_nomem;         /* the joint search's LP ran out of memory */
} ctx;

typedef int (*probe_fn)(ctx *c, size_t j, double v);

/* ------------------------------------------------------------------------
 * Winning
 * --------------------------------------------------------------------- */

/* rank.c's tie rule: scores within 1e-12 relative share a rank. */
static int
tied(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-12 * (scale > 1 ? scale : 1);
}

static int
wins(const ctx *c, const double *s)
{
	size_t i;
	double so = s[c->row];

	for (i = 0; i < c->sc.n; i++)
		if (i != c->row && (!tdm__better_score(c->r->direction, so, s[i]) ||
		                    tied(so, s[i])))
			return 0;
	return 1;
}

/* Score with weights w; a run that fails (data a normalisation cannot
 * take after a value moved) counts as not winning. */
static int
probe_weights(ctx *c, const double *w)
{
	tdm_error scratch;

	c->runs++;
	if (tdm__scorer_run(&c->sc, w, c->scores, &scratch) != TDM_OK)
		return 0;
	return wins(c, c->scores);
}

/* w0 with criterion j's weight set to t and the others keeping their
 * proportions to each other (equal shares of 1 - t when they are all 0). */
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

static int
probe_weight(ctx *c, size_t j, double t)
{
	shift_weight(c->r->weights, c->k, j, t, c->w);
	return probe_weights(c, c->w);
}

/* Leaves the value in the scorer: the caller restores it. */
static int
probe_value(ctx *c, size_t j, double v)
{
	tdm__scorer_set_value(&c->sc, c->row, j, v);
	return probe_weights(c, c->r->weights);
}

static double
nudge_size(double boundary, double from)
{
	double nudge = fmax(NUDGE_REL * fabs(boundary), NUDGE_ABS);
	double gap = fabs(boundary - from);

	return gap > 0 ? fmin(nudge, NUDGE_GAP * gap) : nudge;
}

/* ------------------------------------------------------------------------
 * Margin, close call, costs and wins
 * --------------------------------------------------------------------- */

/* A score in the "higher is better" sense. */
static double
up(const tdm_result *r, size_t o)
{
	return r->direction == TDM_DIR_LOWER ? -r->options[o].score
	                                     : r->options[o].score;
}

static tdm_status
close_call(const tdm_result *r, tdm_explanation *e, tdm_error *err)
{
	size_t nr = r->n_ranked, i, n = 0;
	double best, second, worst, scale;

	if (nr < 2)
		return TDM_OK;
	best = up(r, r->order[0]);
	second = up(r, r->order[1]);
	worst = up(r, r->order[nr - 1]);
	scale = nr >= 3 ? best - worst : fmax(fabs(best), TINY);
	if (scale > 0 ? !((best - second) / scale < TDM_CLOSE_CALL)
	              : best - second > 0)
		return TDM_OK;
	e->close_call = 1;
	for (i = 0; i < nr; i++) {
		double d = best - up(r, r->order[i]);
		if (scale > 0 ? d / scale < TDM_CLOSE_CALL : d <= 0)
			n++;
		else
			break;  /* order is by score: the rest are further */
	}
	if ((e->contenders = malloc(n * sizeof *e->contenders)) == NULL)
		return tdm__nomem(err);
	for (i = 0; i < n; i++)
		e->contenders[i] = r->order[i];
	e->n_contenders = n;
	return TDM_OK;
}

static int
cmp_cost(const void *pa, const void *pb)
{
	const tdm_criterion_delta *a = pa, *b = pb;

	if (a->delta != b->delta)
		return a->delta < b->delta ? -1 : 1;
	return a->criterion < b->criterion ? -1 : a->criterion > b->criterion;
}

static int
cmp_win(const void *pa, const void *pb)
{
	const tdm_criterion_delta *a = pa, *b = pb;

	if (a->delta != b->delta)
		return a->delta > b->delta ? -1 : 1;
	return a->criterion < b->criterion ? -1 : a->criterion > b->criterion;
}

/* Min-max of criterion c over the ranked options, 1 = best, for methods
 * with their own normalisation (a constant column gives 1). */
static double
own_norm(const tdm_model *m, const tdm_result *r, size_t c, size_t o)
{
	size_t n = r->n_options, i;
	double lo = INFINITY, hi = -INFINITY, x = r->values[c * n + o], span;

	for (i = 0; i < r->n_ranked; i++) {
		double v = r->values[c * n + r->order[i]];
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	span = hi - lo;
	if (!(span > 0))
		return 1;
	return m->criteria[c].better == TDM_BETTER_LOWER ? (hi - x) / span
	                                                 : (x - lo) / span;
}

static tdm_status
deltas(const tdm_model *m, const tdm_result *r, tdm_explanation *e,
       tdm_error *err)
{
	size_t k = r->n_criteria, c, o = e->option, ref = e->reference;
	int own = strcmp(r->normalization, "own") == 0;

	e->deltas_additive = r->has_contributions;
	if (e->rank == 0 || ref == o)
		return TDM_OK;
	e->costs = malloc(k * sizeof *e->costs);
	e->wins = malloc(k * sizeof *e->wins);
	if (e->costs == NULL || e->wins == NULL)
		return tdm__nomem(err);
	for (c = 0; c < k; c++) {
		double d;
		if (r->has_contributions)
			d = r->options[o].contrib[c] - r->options[ref].contrib[c];
		else if (!own)
			d = r->weights[c] * (r->options[o].norm[c] -
			                     r->options[ref].norm[c]);
		else
			d = r->weights[c] * (own_norm(m, r, c, o) -
			                     own_norm(m, r, c, ref));
		if (d < 0) {
			e->costs[e->n_costs].criterion = c;
			e->costs[e->n_costs++].delta = d;
		} else if (d > 0) {
			e->wins[e->n_wins].criterion = c;
			e->wins[e->n_wins++].delta = d;
		}
	}
	qsort(e->costs, e->n_costs, sizeof *e->costs, cmp_cost);
	qsort(e->wins, e->n_wins, sizeof *e->wins, cmp_win);
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * The nearest winning point along one line
 * --------------------------------------------------------------------- */

static int
cmp_point(const void *pa, const void *pb)
{
	const point *a = pa, *b = pb;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return a->t < b->t ? -1 : a->t > b->t;
}

/* Probe pts[0..n) (sorted by distance from x0, which does not win) in
 * order; at the first that wins, bisect between it and the last point on
 * its side that did not, to BISECT_TOL * scale (and a ten-thousandth of
 * the change), then nudge past the boundary within [lo, hi] if the nudged
 * point still wins. 1 with *out, or 0 if no point wins. */
static int
nearest_win(ctx *c, probe_fn probe, size_t j, double x0, const point *pts,
            size_t n, double scale, double lo, double hi, double *out)
{
	double inner[2];
	size_t p;

	inner[0] = inner[1] = x0;
	for (p = 0; p < n; p++) {
		double t = pts[p].t, in, win, tol, nudge, cand;
		int side = t > x0, it;
		if (!probe(c, j, t)) {
			inner[side] = t;
			continue;
		}
		in = inner[side];
		win = t;
		for (it = 0; it < BISECT_MAX; it++) {
			double mid = in + (win - in) / 2;
			/* to 1e-9 of the scale, and of the change itself */
			tol = fmin(BISECT_TOL * scale, 1e-4 * fabs(win - x0));
			if (!(fabs(win - in) > tol) || mid == in || mid == win)
				break;
			if (probe(c, j, mid))
				win = mid;
			else
				in = mid;
		}
		nudge = nudge_size(win, x0);
		cand = win + (side ? nudge : -nudge);
		cand = fmin(fmax(cand, lo), hi);
		*out = cand != win && probe(c, j, cand) ? cand : win;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Single-weight changes
 * --------------------------------------------------------------------- */

/* WSM: with weight j at t and the others in proportion, option i scores
 * A_i (1 - t) + r_ij t, A_i the others' weighted mean. The option wins on
 * the open interval where it beats every other option; the nearest point
 * of it to the current weight, nudged inside and confirmed by the scorer,
 * is the answer. Returns 1 when settled (found or proved impossible), 0
 * to fall back to the search (the scorer disagreed with the arithmetic). */
static int
weight_exact(ctx *c, size_t j, tdm_weight_change *wc)
{
	const tdm_result *r = c->r;
	const double *w0 = r->weights;
	size_t k = c->k, i, q;
	double lo = 0, hi = 1, others = 0, ao = 0, bo, t, side, nudge, bound;
	int lo_open = 0, hi_open = 0, tries;

	for (q = 0; q < k; q++)
		if (q != j)
			others += w0[q];
	{
		const double *no = r->options[c->option].norm;
		for (q = 0; q < k; q++)
			if (q != j)
				ao += (others > 0 ? w0[q] / others : 1.0 / (double)(k - 1)) *
				      no[q];
		bo = no[j] - ao;
	}
	for (i = 0; i < c->sc.n; i++) {
		const double *ni = r->options[c->sc.rows[i]].norm;
		double ai = 0, a, b;
		if (i == c->row)
			continue;
		for (q = 0; q < k; q++)
			if (q != j)
				ai += (others > 0 ? w0[q] / others
				                  : 1.0 / (double)(k - 1)) *
				      ni[q];
		a = ao - ai;              /* difference at t = 0 */
		b = bo - (ni[j] - ai);    /* and its slope */
		if (b > 0) {
			bound = -a / b;
			if (bound >= lo) {
				lo = bound;
				lo_open = 1;
			}
		} else if (b < 0) {
			bound = -a / b;
			if (bound <= hi) {
				hi = bound;
				hi_open = 1;
			}
		} else if (!(a > 0)) {
			wc->exact = 1;        /* never ahead of this one */
			return 1;
		}
	}
	if (!(lo < hi || (lo == hi && !lo_open && !hi_open))) {
		wc->exact = 1;            /* no weight in [0, 1] wins */
		return 1;
	}
	if (w0[j] <= lo) {
		t = lo, side = 1;
	} else if (w0[j] >= hi) {
		t = hi, side = -1;
	} else {
		/* inside by the arithmetic but not by the tie rule: move in */
		t = w0[j];
		side = hi - w0[j] > w0[j] - lo ? 1 : -1;
	}
	nudge = nudge_size(t, w0[j]);
	for (tries = 0; tries < NUDGE_TRIES; tries++, nudge *= 4) {
		double cand = t + side * nudge;
		if (cand < lo || cand > hi)
			break;
		if ((lo_open && cand == lo) || (hi_open && cand == hi))
			continue;
		if (probe_weight(c, j, cand)) {
			wc->found = 1;
			wc->exact = 1;
			wc->to = cand;
			return 1;
		}
	}
	return 0;
}

/* Grid points across [0, 1], points near the current weight and near
 * both ends (where a weight can open a narrow window, as in wpm's
 * exponents), by distance from the current weight. */
static size_t
weight_points(const ctx *c, double w0, point *pts)
{
	static const double edge[N_EDGE] = {1e-3, 2.5e-3, 5e-4, 2.5e-4, 1e-4,
	                                    1e-5, 1e-6};
	size_t n = 0, s, p;
	double near = 1e-2;

	for (s = 0; s <= c->grid; s++) {
		double t = (double)s / (double)c->grid;
		if (t != w0)
			pts[n].t = t, pts[n].dist = fabs(t - w0), n++;
	}
	for (p = 0; p < N_NEAR; p++, near /= 10) {
		if (w0 + near <= 1)
			pts[n].t = w0 + near, pts[n].dist = near, n++;
		if (w0 - near >= 0)
			pts[n].t = w0 - near, pts[n].dist = near, n++;
	}
	for (p = 0; p < N_EDGE; p++) {
		pts[n].t = edge[p], pts[n].dist = fabs(edge[p] - w0), n++;
		pts[n].t = 1 - edge[p], pts[n].dist = fabs(1 - edge[p] - w0), n++;
	}
	qsort(pts, n, sizeof *pts, cmp_point);
	return n;
}

static void
weight_change(ctx *c, size_t j, tdm_weight_change *wc)
{
	double w0 = c->r->weights[j], to;
	size_t n;

	wc->criterion = j;
	wc->from = w0;
	wc->to = w0;
	if (c->k < 2)
		return;   /* one criterion: its weight is always 1 */
	if (!(c->is_wsm && weight_exact(c, j, wc))) {
		n = weight_points(c, w0, c->pts);
		if (nearest_win(c, probe_weight, j, w0, c->pts, n, 1, 0, 1, &to)) {
			wc->found = 1;
			wc->exact = 0;
			wc->to = to;
		}
	}
	if (wc->found) {
		wc->delta = wc->to - wc->from;
		wc->plausible = fabs(wc->delta) <= 0.5 * wc->from;
	}
}

/* ------------------------------------------------------------------------
 * Single-value changes
 * --------------------------------------------------------------------- */

/* Does the criterion's guardrail comparison accept v? 1 also when it
 * cannot tell (no comparison, a must function, a type the comparison does
 * not take: resolve would have refused the current value then). */
static int
must_allows(const tdm_criterion *cr, const tdm_value *v)
{
	const tdm_value *rhs = &cr->must.operand;
	int cmp;

	if (!cr->must.is_set || cr->must.fn > 0 || v->type != rhs->type)
		return 1;
	if (v->type == TDM_VAL_NUMBER)
		cmp = v->as.num < rhs->as.num ? -1 : v->as.num > rhs->as.num;
	else if (v->type == TDM_VAL_STRING)
		cmp = strcmp(v->as.str, rhs->as.str);
	else
		cmp = v->as.boolean != rhs->as.boolean;
	switch (cr->must.op) {
	case TDM_CMP_LT: return cmp < 0;
	case TDM_CMP_LE: return cmp <= 0;
	case TDM_CMP_GT: return cmp > 0;
	case TDM_CMP_GE: return cmp >= 0;
	case TDM_CMP_EQ: return cmp == 0;
	case TDM_CMP_NE: return cmp != 0;
	}
	return 1;
}

/* Is the resolved value the attribute itself (so a guardrail on the
 * attribute applies to it)? */
static int
plain_number(const tdm_criterion *cr)
{
	return cr->n_levels == 0 && cr->score_fn == 0 && cr->vf.kind == TDM_VF_NONE;
}

static int
number_allowed(const tdm_criterion *cr, double v)
{
	tdm_value tv;

	if (!plain_number(cr))
		return 1;
	tv.type = TDM_VAL_NUMBER;
	tv.column = 0;
	tv.as.num = v;
	return must_allows(cr, &tv);
}

/* A criterion with levels: the levels better than the current value, the
 * closest first, each tried; exact by enumeration. */
static void
level_change(ctx *c, size_t j, double x, int dir, tdm_value_change *vc)
{
	const tdm_criterion *cr = &c->m->criteria[j];
	size_t n = 0, a, b;

	for (a = 0; a < cr->n_levels; a++)
		if ((cr->levels[a].value - x) * dir > 0)
			c->lv[n++] = a;
	/* insertion sort by closeness, then declaration order */
	for (a = 1; a < n; a++)
		for (b = a; b > 0; b--) {
			double db = fabs(cr->levels[c->lv[b]].value - x);
			double dp = fabs(cr->levels[c->lv[b - 1]].value - x);
			size_t tmp;
			if (!(db < dp))
				break;
			tmp = c->lv[b], c->lv[b] = c->lv[b - 1], c->lv[b - 1] = tmp;
		}
	for (a = 0; a < n; a++) {
		const tdm_level *lv = &cr->levels[c->lv[a]];
		tdm_value tv;
		tv.type = TDM_VAL_STRING;
		tv.column = 0;
		tv.as.str = lv->name;
		if (!must_allows(cr, &tv))
			continue;
		if (probe_value(c, j, lv->value)) {
			vc->found = 1;
			vc->exact = 1;
			vc->to = lv->value;
			vc->level = lv->name;
			return;
		}
	}
}

/* WSM with a value that stays where its normalisation is linear (a fixed
 * scale; min-max within the other options' range, so no other option's
 * normalised value moves; "none"): the option's score moves by
 * w_j * slope per unit and nobody else's does. 1 with *to when settled. */
static int
value_exact(ctx *c, size_t j, double x, double bound, int dir, double *to)
{
	const tdm_criterion *cr = &c->m->criteria[j];
	const tdm_result *r = c->r;
	double lo = -INFINITY, hi = INFINITY, slope, best = -INFINITY, v, nudge;
	size_t i;
	int tries;

	if (cr->has_scale) {
		lo = cr->scale_lo, hi = cr->scale_hi;
		if (!(hi > lo))
			return 0;
		slope = 1 / (hi - lo);
	} else if (strcmp(r->normalization, "minmax") == 0) {
		double olo = INFINITY, ohi = -INFINITY;
		for (i = 0; i < c->sc.n; i++)
			if (i != c->row) {
				double y = c->sc.x[j * c->sc.n + i];
				olo = fmin(olo, y);
				ohi = fmax(ohi, y);
			}
		if (!(ohi > olo) || x < olo || x > ohi)
			return 0;
		lo = olo, hi = ohi;
		slope = 1 / (hi - lo);
	} else if (strcmp(r->normalization, "none") == 0) {
		slope = 1;
	} else {
		return 0;
	}
	for (i = 0; i < c->sc.n; i++)
		if (i != c->row)
			best = fmax(best, c->base[i]);
	/* dir * slope * w_j per unit in the improving direction */
	v = x + dir * fmax(best - c->base[c->row], 0) / (slope * r->weights[j]);
	if (v < lo || v > hi || (bound - v) * dir < 0)
		return 0;
	nudge = nudge_size(v, x);
	for (tries = 0; tries < NUDGE_TRIES; tries++, nudge *= 4) {
		double cand = v + dir * nudge;
		if (cand < lo || cand > hi || (bound - cand) * dir < 0)
			return 0;
		if (!number_allowed(cr, cand))
			return 0;
		if (probe_value(c, j, cand)) {
			*to = cand;
			return 1;
		}
	}
	return 0;
}

/* How far the value may move: the scale's end, a rule's 1 (or 0), else
 * the column's best plus its range, not crossing zero when the column is
 * all of one sign; a guardrail comparison on the attribute stops it at the
 * guardrail. */
static double
value_bound(const ctx *c, size_t j, double x, int dir)
{
	const tdm_criterion *cr = &c->m->criteria[j];
	const tdm_must *mu = &cr->must;
	double lo = INFINITY, hi = -INFINITY, bound, span;
	size_t i;

	if (cr->has_scale) {
		bound = dir > 0 ? cr->scale_hi : cr->scale_lo;
	} else if (cr->vf.kind != TDM_VF_NONE && cr->score_fn == 0) {
		bound = dir > 0 ? 1 : 0;
	} else {
		for (i = 0; i < c->sc.n; i++) {
			double y = c->sc.x[j * c->sc.n + i];
			lo = fmin(lo, y);
			hi = fmax(hi, y);
		}
		span = hi - lo;
		if (!(span > 0))
			span = fmax(fabs(x), 1);
		bound = (dir > 0 ? hi : lo) + dir * span;
		/* a column of one sign (prices, latencies) keeps it: a negative
		 * latency is not an answer */
		if (lo >= 0 && bound < 0)
			bound = 0;
		else if (hi <= 0 && bound > 0)
			bound = 0;
	}
	if (plain_number(cr) && mu->is_set && mu->fn == 0 &&
	    mu->operand.type == TDM_VAL_NUMBER) {
		double g = mu->operand.as.num;
		if (mu->op == TDM_CMP_EQ)
			bound = x;
		else if (dir > 0 && (mu->op == TDM_CMP_LT || mu->op == TDM_CMP_LE))
			bound = fmin(bound, g);
		else if (dir < 0 && (mu->op == TDM_CMP_GT || mu->op == TDM_CMP_GE))
			bound = fmax(bound, g);
	}
	return bound;
}

/* Do all the ranked options have the same value on criterion j? */
static int
column_constant(const ctx *c, size_t j)
{
	const double *col = c->sc.x + j * c->sc.n;
	size_t i;

	for (i = 1; i < c->sc.n; i++)
		if (col[i] != col[0])
			return 0;
	return 1;
}

static void
value_change(ctx *c, size_t j, tdm_value_change *vc)
{
	const tdm_criterion *cr = &c->m->criteria[j];
	double x = c->r->values[j * c->n + c->option], bound, to, span;
	int dir = cr->better == TDM_BETTER_LOWER ? -1 : 1;
	size_t n = 0, s, p;

	vc->criterion = j;
	vc->from = x;
	vc->to = x;
	if (!(c->r->weights[j] > 0))
		return;   /* a weightless criterion moves no score */
	if (cr->n_levels > 0) {
		level_change(c, j, x, dir, vc);
		goto restore;
	}
	/* A boolean attribute can only flip. */
	if (cr->score_fn == 0 && cr->vf.kind == TDM_VF_NONE &&
	    tdm_model_value(c->m, c->option,
	                    tdm_model_find_attr(c->m, cr->name))->type ==
	        TDM_VAL_BOOL) {
		double flip = x != 0 ? 0 : 1;
		if ((flip - x) * dir > 0 && probe_value(c, j, flip)) {
			vc->found = 1;
			vc->exact = 1;
			vc->to = flip;
			vc->level = flip != 0 ? "true" : "false";
		}
		goto restore;
	}
	/* Every ranked option has the same value: under a normalisation
	 * relative to the data any difference jumps from no spread to the
	 * whole range, so a tiny change would "win" for a reason nobody would
	 * accept. Such a criterion is not changed (a fixed scale is fine). */
	if (!cr->has_scale && column_constant(c, j))
		goto restore;
	bound = value_bound(c, j, x, dir);
	if (!((bound - x) * dir > 0))
		return;
	if (c->is_wsm && value_exact(c, j, x, bound, dir, &to)) {
		vc->found = 1;
		vc->exact = 1;
		vc->to = to;
		goto restore;
	}
	span = bound - x;
	for (s = 1; s <= c->grid; s++) {
		c->pts[n].t = x + span * (double)s / (double)c->grid;
		c->pts[n].dist = fabs(c->pts[n].t - x);
		n++;
	}
	for (p = 0, to = 1e-2; p < N_NEAR; p++, to /= 10) {
		c->pts[n].t = x + span * to;
		c->pts[n].dist = fabs(span * to);
		n++;
	}
	/* Crossing zero changes what max, linear and sum normalisations and
	 * wpm do (a value near 0 can dominate a ratio): look closely there. */
	if (x != 0 && fmin(x, bound) <= 0 && fmax(x, bound) >= 0)
		for (p = 0, to = 1e-1; p < N_ZERO; p++, to /= 10) {
			c->pts[n].t = x * to;
			c->pts[n].dist = fabs(x * to - x);
			n++;
			if ((bound + x * to) * dir < 0)
				continue;    /* past zero is beyond the bound */
			c->pts[n].t = -x * to;
			c->pts[n].dist = fabs(x * to + x);
			n++;
		}
	qsort(c->pts, n, sizeof *c->pts, cmp_point);
	if (nearest_win(c, probe_value, j, x, c->pts, n,
	                fmax(fmax(fabs(x), fabs(bound)), fabs(span)),
	                fmin(x, bound), fmax(x, bound), &to) &&
	    number_allowed(cr, to)) {
		vc->found = 1;
		vc->exact = 0;
		vc->to = to;
	}
restore:
	tdm__scorer_set_value(&c->sc, c->row, j, x);
}

/* ------------------------------------------------------------------------
 * Joint weight change
 * --------------------------------------------------------------------- */

static double
l1(const double *a, const double *b, size_t k)
{
	double s = 0;
	size_t i;

	for (i = 0; i < k; i++)
		s += fabs(a[i] - b[i]);
	return s;
}

/* Clamp rounding negatives to 0 and make the weights sum to 1. */
static void
renormalize(double *w, size_t k)
{
	double s = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		if (w[i] < 0)
			w[i] = 0;
		s += w[i];
	}
	if (s > 0)
		for (i = 0; i < k; i++)
			w[i] /= s;
}

/* The weighting nearest the current one in L1 on the simplex that meets
 * n_rows linear constraints sum_j a[i * k + j] w'_j >= b[i]:
 *
 *   min sum_j (d+_j + d-_j)  over w' >= 0, d+ >= 0, d- >= 0
 *   w'_j - d+_j + d-_j = w_j,  sum_j w'_j = 1,  the constraints.
 *
 * Columns 1..k are w', k+1..2k d+, 2k+1..3k d-. Returns lp_solve's
 * status (out receives w' when OPTIMAL or SUBOPTIMAL), or LP_NOMEM. */
#define LP_NOMEM (-100)

static int
lp_nearest(ctx *c, const double *a, const double *b, size_t n_rows,
           double *out)
{
	size_t k = c->k, i, j;
	REAL *row = c->lp_row;
	int *cols = c->lp_cols, ret = LP_NOMEM;
	lprec *lp;

	if ((lp = make_lp(0, (int)(3 * k))) == NULL)
		return LP_NOMEM;
	set_verbose(lp, NEUTRAL);
	set_add_rowmode(lp, TRUE);
	for (j = 0; j < 2 * k; j++) {
		row[j] = 1;
		cols[j] = (int)(k + j + 1);
	}
	if (!set_obj_fnex(lp, (int)(2 * k), row, cols))
		goto out;
	for (j = 0; j < k; j++) {
		row[0] = 1, row[1] = -1, row[2] = 1;
		cols[0] = (int)(j + 1);
		cols[1] = (int)(k + j + 1);
		cols[2] = (int)(2 * k + j + 1);
		if (!add_constraintex(lp, 3, row, cols, EQ, c->r->weights[j]))
			goto out;
	}
	for (j = 0; j < k; j++) {
		row[j] = 1;
		cols[j] = (int)(j + 1);
	}
	if (!add_constraintex(lp, (int)k, row, cols, EQ, 1))
		goto out;
	for (i = 0; i < n_rows; i++) {
		for (j = 0; j < k; j++) {
			row[j] = a[i * k + j];
			cols[j] = (int)(j + 1);
		}
		if (!add_constraintex(lp, (int)k, row, cols, GE, b[i]))
			goto out;
	}
	set_add_rowmode(lp, FALSE);
	set_minim(lp);
	ret = solve(lp);
	if (ret == OPTIMAL || ret == SUBOPTIMAL) {
		if (!get_variables(lp, c->lp_vars))
			ret = LP_NOMEM;
		else
			for (j = 0; j < k; j++)
				out[j] = c->lp_vars[j];
	}
out:
	delete_lp(lp);
	return ret;
}

/* WSM: option o beats option i when sum_j w'_j (r_oj - r_ij) >= eps, with
 * r the normalised values (which do not depend on the weights), so the
 * nearest winning weighting is one LP. Its answer is confirmed by
 * re-scoring, eps raised when rounding leaves a tie. *settled is 1 when
 * found or proved infeasible, 0 to fall back to the search (lp_solve
 * reported numerical trouble); an error only for out of memory. */
static tdm_status
joint_exact(ctx *c, tdm_explanation *e, int *settled, tdm_error *err)
{
	const tdm_result *r = c->r;
	const double *no = r->options[c->option].norm;
	size_t k = c->k, i, j, n_rows = 0;
	double scale = 1, eps;
	int tries, ret;

	*settled = 0;
	for (i = 0; i < c->sc.n; i++) {
		const double *ni = r->options[c->sc.rows[i]].norm;
		if (i == c->row)
			continue;
		for (j = 0; j < k; j++) {
			c->lp_a[n_rows * k + j] = no[j] - ni[j];
			scale = fmax(scale, fabs(ni[j]));
		}
		n_rows++;
	}
	for (tries = 0, eps = LP_EPS * scale; tries < LP_TRIES;
	     tries++, eps *= LP_EPS_STEP) {
		for (i = 0; i < n_rows; i++)
			c->lp_b[i] = eps;
		ret = lp_nearest(c, c->lp_a, c->lp_b, n_rows, c->cand);
		if (ret == LP_NOMEM)
			return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0,
			                     "out of memory in the linear programme of "
			                     "the joint weight change");
		if (ret == INFEASIBLE) {
			/* proved: no weighting at all makes it win */
			e->joint_exact = 1;
			*settled = 1;
			return TDM_OK;
		}
		if (ret != OPTIMAL && ret != SUBOPTIMAL)
			return TDM_OK;    /* numerical trouble: search instead */
		renormalize(c->cand, k);
		if (probe_weights(c, c->cand)) {
			memcpy(e->joint_weights, c->cand, k * sizeof *c->cand);
			e->joint_found = 1;
			e->joint_exact = 1;
			e->joint_l1 = l1(c->cand, r->weights, k);
			*settled = 1;
			return TDM_OK;
		}
	}
	return TDM_OK;
}

static double
rand_unit(unsigned long long *state)
{
	unsigned long long x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (double)((x * 2685821657736338717ULL) >> 11) *
	       (1.0 / 9007199254740992.0);
}

/* w on the segment from the current weights to a winning w, as close to
 * the current ones as still wins (bisection on the segment). */
static void
shrink(ctx *c, double *w)
{
	const double *w0 = c->r->weights;
	double lo = 0, hi = 1, d = l1(w, w0, c->k);
	size_t i;
	int it;

	for (it = 0; it < BISECT_MAX && (hi - lo) * d > BISECT_TOL &&
	             c->runs < c->joint_runs;
	     it++) {
		double mid = lo + (hi - lo) / 2;
		for (i = 0; i < c->k; i++)
			c->w[i] = w0[i] + mid * (w[i] - w0[i]);
		if (probe_weights(c, c->w))
			hi = mid;
		else
			lo = mid;
	}
	for (i = 0; i < c->k; i++)
		w[i] = w0[i] + hi * (w[i] - w0[i]);
}

/* c->cand wins: pull it toward the current weights and keep it if it is
 * the nearest so far. */
static void
consider(ctx *c, double *best_l1, int *have)
{
	double d;

	shrink(c, c->cand);
	d = l1(c->cand, c->r->weights, c->k);
	if (!*have || d < *best_l1) {
		memcpy(c->best, c->cand, c->k * sizeof *c->best);
		*best_l1 = d;
		*have = 1;
	}
}

/* Sequential linear programming: linearise every score difference at x
 * (forward differences toward each vertex of the simplex, which stay on
 * it), solve the WSM-like LP, and move x to its answer -- pulled toward
 * the current weights when it wins, so that the next linearisation is
 * taken on the boundary. Exact in one step for a method that is linear in
 * the weights; for the others it converges where the scores are smooth. */
static void
joint_slp(ctx *c, double *best_l1, int *have)
{
	const tdm_result *r = c->r;
	size_t k = c->k, n = c->sc.n, i, j, q, n_rows;
	double *x = c->lin_x, *s0 = c->lin, prev = INFINITY;
	int it, ret, sign = r->direction == TDM_DIR_LOWER ? -1 : 1;
	tdm_error scratch;

	memcpy(x, r->weights, k * sizeof *x);
	for (it = 0; it < SLP_ITERS && c->runs + (long)k + 1 < c->joint_runs;
	     it++) {
		double scale = 1, eps;
		c->runs++;
		if (tdm__scorer_run(&c->sc, x, s0, &scratch) != TDM_OK)
			return;
		for (j = 0; j < k; j++) {
			double *sj = c->lin + (j + 1) * n;
			for (q = 0; q < k; q++)
				c->w[q] = (1 - SLP_H) * x[q] + (q == j ? SLP_H : 0);
			c->runs++;
			if (tdm__scorer_run(&c->sc, c->w, sj, &scratch) != TDM_OK)
				return;
		}
		for (i = 0; i < n; i++)
			scale = fmax(scale, fabs(s0[i]));
		eps = LP_EPS * scale;
		for (i = 0, n_rows = 0; i < n; i++) {
			double d0, rhs;
			if (i == c->row)
				continue;
			d0 = sign * (s0[c->row] - s0[i]);
			rhs = eps - d0;
			for (j = 0; j < k; j++) {
				const double *sj = c->lin + (j + 1) * n;
				double h = (sign * (sj[c->row] - sj[i]) - d0) / SLP_H;
				c->lp_a[n_rows * k + j] = h;
				rhs += h * x[j];
			}
			c->lp_b[n_rows++] = rhs;
		}
		if ((ret = lp_nearest(c, c->lp_a, c->lp_b, n_rows, c->cand)) !=
		    OPTIMAL) {
			c->lp_nomem = ret == LP_NOMEM;
			return;
		}
		renormalize(c->cand, k);
		if (probe_weights(c, c->cand)) {
			consider(c, best_l1, have);
			if (!(l1(c->cand, r->weights, k) < prev * (1 - 1e-9)))
				return;   /* no longer getting nearer */
			prev = l1(c->cand, r->weights, k);
		}
		memcpy(x, c->cand, k * sizeof *x);
	}
}

/* The other methods: candidates from every single-weight change that
 * wins, sequential linear programming, the simplex's vertices and
 * JOINT_RANDOM random weightings (fixed seed), each pulled toward the
 * current weights; then a pattern search moves weight between pairs of
 * criteria while that lowers the L1 distance and still wins, halving its
 * step, pulling toward the current weights after each step size. At most
 * c->joint_runs scorer runs. */
static void
joint_search(ctx *c, tdm_explanation *e)
{
	const double *w0 = c->r->weights;
	size_t k = c->k, j, a, b;
	unsigned long long seed = JOINT_SEED;
	double best_l1 = 0, step;
	int have = 0, improved, it;

	c->joint_runs = c->runs + c->joint_runs;   /* a budget from here on */
	for (j = 0; j < e->n_weight_changes; j++) {
		const tdm_weight_change *wc = &e->weight_changes[j];
		if (!wc->found)
			continue;
		shift_weight(w0, k, wc->criterion, wc->to, c->cand);
		if (!have || l1(c->cand, w0, k) < best_l1) {
			memcpy(c->best, c->cand, k * sizeof *c->best);
			best_l1 = l1(c->cand, w0, k);
			have = 1;
		}
	}
	joint_slp(c, &best_l1, &have);
	if (c->lp_nomem)
		return;
	for (j = 0; j < k && c->runs < c->joint_runs; j++) {
		memset(c->cand, 0, k * sizeof *c->cand);
		c->cand[j] = 1;
		if (probe_weights(c, c->cand))
			consider(c, &best_l1, &have);
	}
	for (it = 0; it < JOINT_RANDOM && c->runs < c->joint_runs; it++) {
		double sum = 0;
		for (j = 0; j < k; j++)
			sum += c->cand[j] = -log(1 - rand_unit(&seed));
		for (j = 0; j < k; j++)
			c->cand[j] /= sum;
		if (probe_weights(c, c->cand))
			consider(c, &best_l1, &have);
	}
	if (!have)
		return;
	for (step = best_l1 / 4; step > JOINT_STEP_MIN && c->runs < c->joint_runs;
	     step /= 2) {
		do {
			improved = 0;
			for (a = 0; a < k; a++)
				for (b = 0; b < k; b++) {
					double mv = fmin(step, c->best[a]), d;
					if (a == b || !(mv > 0) || c->runs >= c->joint_runs)
						continue;
					memcpy(c->cand, c->best, k * sizeof *c->cand);
					c->cand[a] -= mv;
					c->cand[b] += mv;
					d = l1(c->cand, w0, k);
					if (d < best_l1 - 1e-15 && probe_weights(c, c->cand)) {
						memcpy(c->best, c->cand, k * sizeof *c->best);
						best_l1 = d;
						improved = 1;
					}
				}
		} while (improved && c->runs < c->joint_runs);
		memcpy(c->cand, c->best, k * sizeof *c->cand);
		shrink(c, c->cand);
		if (l1(c->cand, w0, k) < best_l1) {
			memcpy(c->best, c->cand, k * sizeof *c->best);
			best_l1 = l1(c->cand, w0, k);
		}
	}
	memcpy(c->cand, c->best, k * sizeof *c->cand);
	renormalize(c->cand, k);
	if (!probe_weights(c, c->cand))
		return;
	memcpy(e->joint_weights, c->cand, k * sizeof *c->cand);
	e->joint_found = 1;
	e->joint_exact = 0;
	e->joint_l1 = l1(c->cand, w0, k);
}

/* ------------------------------------------------------------------------
 * Counterfactuals
 * --------------------------------------------------------------------- */

static int
cmp_weight_change(const void *pa, const void *pb)
{
	const tdm_weight_change *a = pa, *b = pb;

	if (a->found != b->found)
		return a->found ? -1 : 1;
	if (a->found && fabs(a->delta) != fabs(b->delta))
		return fabs(a->delta) < fabs(b->delta) ? -1 : 1;
	return a->criterion < b->criterion ? -1 : a->criterion > b->criterion;
}

static int
cmp_value_change(const void *pa, const void *pb)
{
	const tdm_value_change *a = pa, *b = pb;

	if (a->found != b->found)
		return a->found ? -1 : 1;
	return a->criterion < b->criterion ? -1 : a->criterion > b->criterion;
}

/* Grid steps and joint-search runs for a problem of n options and k
 * criteria, so that one explanation stays near WORK_BUDGET. */
static void
plan_budget(ctx *c)
{
	double n = (double)c->sc.n, k = (double)c->k;
	double per_run = n * k * (strcmp(c->r->method, "promethee2") == 0 ? n : 1);
	double runs = WORK_BUDGET / fmax(per_run, 1);
	double grid = (runs - k * RUNS_PER_CRITERION - JOINT_RUNS_MAX) / (2 * k);

	c->grid = grid >= GRID_MAX ? GRID_MAX
	          : grid <= GRID_MIN ? GRID_MIN
	                             : (size_t)grid;
	c->joint_runs = runs / 4 >= JOINT_RUNS_MAX ? JOINT_RUNS_MAX
	                : runs / 4 <= JOINT_RUNS_MIN ? JOINT_RUNS_MIN
	                                             : (long)(runs / 4);
}

static tdm_status
counterfactuals(const tdm_model *m, const tdm_hooks *hooks,
                const tdm_result *r, tdm_explanation *e, tdm_error *err)
{
	size_t k = r->n_criteria, n = r->n_options, o, j, max_levels = 0;
	unsigned char *subset = calloc(n ? n : 1, 1);
	tdm_status s;
	ctx c;
	int settled = 0;

	memset(&c, 0, sizeof c);
	c.m = m;
	c.r = r;
	c.k = k;
	c.n = n;
	c.option = e->option;
	c.is_wsm = strcmp(r->method, "wsm") == 0;
	if (subset == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	for (o = 0; o < n; o++)
		subset[o] = r->options[o].rank > 0;
	s = tdm__scorer_init(&c.sc, m, hooks, r->method, r->normalization,
	                     r->info.vikor_v, r->values, subset, err);
	if (s != TDM_OK)
		goto out;
	for (j = 0; j < k; j++)
		if (m->criteria[j].n_levels > max_levels)
			max_levels = m->criteria[j].n_levels;
	plan_budget(&c);
	c.scores = malloc(c.sc.n * sizeof *c.scores);
	c.base = malloc(c.sc.n * sizeof *c.base);
	c.w = malloc(k * sizeof *c.w);
	c.cand = malloc(k * sizeof *c.cand);
	c.best = malloc(k * sizeof *c.best);
	c.pts = malloc((c.grid + 1 + 2 * N_NEAR + 2 * N_EDGE + 2 * N_ZERO) *
	               sizeof *c.pts);
	c.lv = malloc((max_levels ? max_levels : 1) * sizeof *c.lv);
	c.lp_a = malloc((c.sc.n ? c.sc.n : 1) * k * sizeof *c.lp_a);
	c.lp_b = malloc((c.sc.n ? c.sc.n : 1) * sizeof *c.lp_b);
	c.lp_vars = malloc(3 * k * sizeof *c.lp_vars);
	c.lp_row = malloc(2 * k * sizeof *c.lp_row);
	c.lp_cols = malloc(2 * k * sizeof *c.lp_cols);
	c.lin = malloc((k + 1) * (c.sc.n ? c.sc.n : 1) * sizeof *c.lin);
	c.lin_x = malloc(k * sizeof *c.lin_x);
	e->weight_changes = calloc(k, sizeof *e->weight_changes);
	e->value_changes = calloc(k, sizeof *e->value_changes);
	e->joint_weights = calloc(k, sizeof *e->joint_weights);
	if (c.scores == NULL || c.base == NULL || c.w == NULL ||
	    c.cand == NULL || c.best == NULL || c.pts == NULL || c.lv == NULL ||
	    c.lp_a == NULL || c.lp_b == NULL || c.lp_vars == NULL ||
	    c.lp_row == NULL || c.lp_cols == NULL || c.lin == NULL ||
	    c.lin_x == NULL ||
	    e->weight_changes == NULL || e->value_changes == NULL ||
	    e->joint_weights == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	e->n_weight_changes = k;
	e->n_value_changes = k;
	for (c.row = 0; c.row < c.sc.n && c.sc.rows[c.row] != e->option; c.row++)
		;
	if ((s = tdm__scorer_run(&c.sc, r->weights, c.base, err)) != TDM_OK)
		goto out;
	/* Ctrl-C (tdm_interrupted) is checked between the searches, one
	 * criterion at a time. */
	for (j = 0; j < k; j++) {
		if (tdm_interrupted)
			goto interrupted;
		weight_change(&c, j, &e->weight_changes[j]);
	}
	for (j = 0; j < k; j++) {
		if (tdm_interrupted)
			goto interrupted;
		value_change(&c, j, &e->value_changes[j]);
	}
	if (tdm_interrupted)
		goto interrupted;
	if (c.is_wsm && (s = joint_exact(&c, e, &settled, err)) != TDM_OK)
		goto out;
	if (!settled)
		joint_search(&c, e);
	if (c.lp_nomem) {
		s = tdm__nomem(err);
		goto out;
	}
	if (tdm_interrupted)
		goto interrupted;
	qsort(e->weight_changes, k, sizeof *e->weight_changes, cmp_weight_change);
	qsort(e->value_changes, k, sizeof *e->value_changes, cmp_value_change);
	for (j = 0; j < k; j++)
		if (e->weight_changes[j].found && e->weight_changes[j].plausible)
			e->any_plausible = 1;
	e->has_counterfactuals = 1;
	goto out;
interrupted:
	s = tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
out:
	tdm__scorer_free(&c.sc);
	free(subset);
	free(c.scores);
	free(c.base);
	free(c.w);
	free(c.cand);
	free(c.best);
	free(c.pts);
	free(c.lv);
	free(c.lp_a);
	free(c.lp_b);
	free(c.lp_vars);
	free(c.lp_row);
	free(c.lp_cols);
	free(c.lin);
	free(c.lin_x);
	return s;
}

/* ------------------------------------------------------------------------
 * The explanation
 * --------------------------------------------------------------------- */

tdm_status
tdm_explain(const tdm_model *m, const tdm_hooks *hooks, const tdm_result *r,
            size_t option, tdm_explanation **out, tdm_error *err)
{
	tdm_explanation *e = NULL;
	const tdm_option_result *or;
	tdm_status s = TDM_OK;
	size_t chosen;

	*out = NULL;
	if (r->n_options != m->n_options || r->n_criteria != m->n_criteria)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the result does not come from this decision");
	if (option >= r->n_options)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "no option %zu (the decision has %zu)", option,
		                     r->n_options);
	if ((e = calloc(1, sizeof *e)) == NULL)
		return tdm__nomem(err);
	or = &r->options[option];
	chosen = r->n_ranked > 0 ? r->order[0] : option;
	e->option = option;
	e->verdict = or->verdict;
	e->rank = or->rank;
	e->score = or->score;
	if (option == chosen)
		e->reference = r->n_ranked > 1 ? r->order[1] : option;
	else
		e->reference = chosen;
	e->ref_rank = r->options[e->reference].rank;
	e->ref_score = r->options[e->reference].score;
	if (or->rank > 0 && e->reference != option) {
		double d = up(r, option) - up(r, e->reference);
		e->margin = option == chosen ? fmax(d, 0) : fmax(-d, 0);
	}
	if ((s = close_call(r, e, err)) != TDM_OK)
		goto out;
	if ((s = deltas(m, r, e, err)) != TDM_OK)
		goto out;
	if (or->rank == 0)
		goto out;
	if (option == chosen) {
		snprintf(e->why_not_computed, sizeof e->why_not_computed,
		         "it is the chosen option");
		goto out;
	}
	if (strcmp(r->method, "lua") == 0) {
		snprintf(e->why_not_computed, sizeof e->why_not_computed,
		         "the decision's own method is a Lua function: no search "
		         "of weights or values runs it");
		goto out;
	}
	s = counterfactuals(m, hooks, r, e, err);
out:
	if (s != TDM_OK) {
		tdm_explanation_free(e);
		return s;
	}
	*out = e;
	return TDM_OK;
}

void
tdm_explanation_free(tdm_explanation *e)
{
	if (e == NULL)
		return;
	free(e->contenders);
	free(e->costs);
	free(e->wins);
	free(e->weight_changes);
	free(e->value_changes);
	free(e->joint_weights);
	free(e);
}
