/*
 * missing.c -- the value of missing information: for each missing cell
 * (and each range {lo, hi}), would any value change the winner, and where.
 *
 * Owns tdm_missing_analyse. For an option whose only reasons for not being
 * ranked are missing values (or a ranked option with a range), the option
 * is put back among the ranked options with the cell set to values v in
 * [lo, hi] -- the range itself; for a missing value the criterion's scale,
 * else the min..max of the ranked options' attribute values -- and the
 * winner W(v) of that set (best score, ties to the first option in model
 * order, as rank.c does) is compared with the result's winner. The search
 * is deterministic and bounded: W on a grid of GRID + 1 evenly spaced
 * points (a criterion with levels: each level), then bisection to 1e-9
 * relative (at most MAX_BISECT steps) on the grid interval next to the end
 * whose winner differs. The threshold is reported on the changed side:
 * "at least t" or "at most t" gives new_winner there. A winner change in a
 * band narrower than a grid step, with the same winner at both of its grid
 * points, goes unseen (with WSM and a fixed scale the option's score is
 * linear in v, so it cannot happen there).
 *
 * An option with other missing values besides the cell under study: the
 * cell is searched as above twice, with all the option's other missing
 * values held at their best end for the option (the end of their own
 * search range that the criterion's `better` prefers), then all at their
 * worst end. changes_winner when either setting changes the winner; the
 * threshold is the one found with the others at their best end (the
 * optimistic case), else the one at their worst end. Only these two
 * settings are tried, whatever the number of other missing values (with
 * WSM and fixed scales the option's score is monotone in each value, so
 * the two extremes bound every mix); a setting whose held value breaks
 * that criterion's own guardrail is skipped. The renderer says the answer
 * depends on the other values (it sees them in the result's has_value).
 *
 * Decisions, documented in doc/sensitivity.md:
 *   - an option that breaks a guardrail stays out: its missing cells and
 *     ranges are reported with changes_winner = 0;
 *   - an option with more than one missing value: see above; a cell whose
 *     other missing values cannot be held (a scoring rule, nothing to
 *     search) is reported with changes_winner = 0;
 *   - a candidate value that breaks the criterion's own guardrail leaves
 *     the option out, so the winner stays.
 *
 * Must not change the model or the result, print, or render.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

#define GRID 64
#define MAX_BISECT 200

typedef struct {
	const tdm_model *m;
	const tdm_hooks *hooks;
	const tdm_result *r;
	tdm__scorer sc;
	double *scores;
	size_t option, row, c;
	long base;                /* the result's winner, -1 if none */
	int is_range;
	size_t n_held;            /* other missing cells held at an end */
} ctx;

/* One other missing cell of the option, held at one end of its range. */
typedef struct {
	size_t c;
	double cell[2];           /* [0] best end, [1] worst end (scored) */
	tdm_value raw[2];         /* the same as raw values, for the guardrail */
} held;

static int
tied(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= 1e-12 * (scale > 1 ? scale : 1);
}

static int
has_guardrail_reason(const tdm_option_result *or)
{
	size_t i;

	for (i = 0; i < or->n_reasons; i++)
		if (or->reasons[i].kind == TDM_REASON_GUARDRAIL)
			return 1;
	return 0;
}

/* Does the criterion's guardrail accept raw value v for this option? A
 * range was checked whole by resolve.c (any value in it passes). */
static int
passes_must(ctx *x, size_t c, const tdm_value *v)
{
	const tdm_criterion *cr = &x->m->criteria[c];
	const tdm_must *mu = &cr->must;
	char reason[256];
	int ok = 1, cmp;

	if (!mu->is_set || (c == x->c && x->is_range))
		return 1;
	if (mu->fn > 0) {
		if (x->hooks == NULL || x->hooks->must == NULL ||
		    x->hooks->must(x->hooks->ud, x->m, c, x->option, v, &ok,
		                   reason, sizeof reason, NULL) != TDM_OK)
			return 0;
		return ok;
	}
	if (v->type != mu->operand.type)
		return 0;
	if (v->type == TDM_VAL_STRING)
		cmp = strcmp(v->as.str, mu->operand.as.str);
	else
		cmp = v->as.num < mu->operand.as.num ? -1
		                                     : v->as.num > mu->operand.as.num;
	switch (mu->op) {
	case TDM_CMP_LT: return cmp < 0;
	case TDM_CMP_LE: return cmp <= 0;
	case TDM_CMP_GT: return cmp > 0;
	case TDM_CMP_GE: return cmp >= 0;
	case TDM_CMP_EQ: return cmp == 0;
	case TDM_CMP_NE: return cmp != 0;
	}
	return 1;
}

/* The winner with the cell at raw value v (level: the level's index, or
 * -1 for a plain number). */
static long
winner_at(ctx *x, double v, long level)
{
	const tdm_criterion *cr = &x->m->criteria[x->c];
	tdm_value raw;
	double cell = v;
	size_t i;
	long best = -1;

	memset(&raw, 0, sizeof raw);
	if (level >= 0) {
		raw.type = TDM_VAL_STRING;
		raw.as.str = cr->levels[level].name;
		cell = cr->levels[level].value;
	} else {
		raw.type = TDM_VAL_NUMBER;
		raw.as.num = v;
		if (cr->vf.kind != TDM_VF_NONE)
			cell = tdm_value_fn_apply(&cr->vf, v);
	}
	if (!passes_must(x, x->c, &raw))
		return x->base;      /* the option stays out */
	tdm__scorer_set_value(&x->sc, x->row, x->c, cell);
	if (tdm__scorer_run(&x->sc, x->r->weights, x->scores, NULL) != TDM_OK)
		return x->base;      /* a value the method cannot take */
	/* The best score, ties to the first option in model order. The rows
	 * are in model order, so a later row that ties never takes over: only
	 * a better score that is not a tie does (the common case, a worse
	 * score, costs one comparison). */
	if (x->sc.n == 0)
		return -1;
	best = 0;
	if (x->r->direction == TDM_DIR_LOWER) {
		for (i = 1; i < x->sc.n; i++)
			if (x->scores[i] < x->scores[best] &&
			    !tied(x->scores[i], x->scores[best]))
				best = (long)i;
	} else {
		for (i = 1; i < x->sc.n; i++)
			if (x->scores[i] > x->scores[best] &&
			    !tied(x->scores[i], x->scores[best]))
				best = (long)i;
	}
	return (long)x->sc.rows[best];
}

/* The values a missing cell may take: the scale, else the ranked
 * options' values (raw numbers, booleans as 0/1, ranges by their ends).
 * Returns 0 when there is nothing to search. */
static int
search_bounds(const tdm_model *m, const tdm_result *r, size_t c, double *lo,
              double *hi)
{
	const tdm_criterion *cr = &m->criteria[c];
	long attr = tdm_model_find_attr(m, cr->name);
	size_t o, i;
	int any = 0;

	if (cr->n_levels > 0) {
		for (i = 0; i < cr->n_levels; i++) {
			double v = cr->levels[i].value;
			if (!any || v < *lo)
				*lo = v;
			if (!any || v > *hi)
				*hi = v;
			any = 1;
		}
		return any;
	}
	if (cr->has_scale && cr->vf.kind == TDM_VF_NONE) {
		*lo = cr->scale_lo;
		*hi = cr->scale_hi;
		return 1;
	}
	for (o = 0; o < m->n_options; o++) {
		const tdm_value *v;
		double a, b;
		if (r->options[o].rank <= 0)
			continue;
		v = tdm_model_value(m, o, attr);
		if (v->type == TDM_VAL_NUMBER)
			a = b = v->as.num;
		else if (v->type == TDM_VAL_BOOL)
			a = b = v->as.boolean ? 1 : 0;
		else if (v->type == TDM_VAL_RANGE)
			a = v->as.range.lo, b = v->as.range.hi;
		else
			continue;
		if (!any || a < *lo)
			*lo = a;
		if (!any || b > *hi)
			*hi = b;
		any = 1;
	}
	return any;
}

/* The ends of the option's other missing cell c, best first (by the
 * criterion's `better`, on the scored value). Returns 0 when it cannot be
 * held: a scoring rule, or nothing to search. */
static int
hold_ends(const tdm_model *m, const tdm_result *r, size_t c, held *h)
{
	const tdm_criterion *cr = &m->criteria[c];
	double e[2], v[2];
	tdm_value raw[2];
	size_t l;
	int i, hi_best;

	if (cr->score_fn > 0 || !search_bounds(m, r, c, &e[0], &e[1]))
		return 0;
	memset(h, 0, sizeof *h);
	memset(raw, 0, sizeof raw);
	h->c = c;
	for (i = 0; i < 2; i++) {
		v[i] = e[i];
		if (cr->n_levels > 0) {
			for (l = 0; l < cr->n_levels && cr->levels[l].value != e[i];
			     l++)
				;
			if (l == cr->n_levels)
				return 0;
			raw[i].type = TDM_VAL_STRING;
			raw[i].as.str = cr->levels[l].name;
		} else {
			raw[i].type = TDM_VAL_NUMBER;
			raw[i].as.num = e[i];
			if (cr->vf.kind != TDM_VF_NONE)
				v[i] = tdm_value_fn_apply(&cr->vf, e[i]);
		}
	}
	hi_best = cr->better == TDM_BETTER_LOWER ? v[1] < v[0] : v[1] > v[0];
	h->cell[0] = v[hi_best];
	h->raw[0] = raw[hi_best];
	h->cell[1] = v[!hi_best];
	h->raw[1] = raw[!hi_best];
	return 1;
}

/* The search itself, into cell (lo, hi set). */
static void
search(ctx *x, tdm_missing_cell *cell)
{
	const tdm_criterion *cr = &x->m->criteria[x->c];
	long w[GRID + 1], lv[GRID + 1], target;
	double p[GRID + 1], a, b, tol;
	size_t np, i, k, j;
	int any = 0, up;

	if (cr->n_levels > 0 && !x->is_range) {
		/* each level, by value (ties in level order) */
		np = cr->n_levels < GRID + 1 ? cr->n_levels : GRID + 1;
		for (i = 0; i < np; i++)
			lv[i] = (long)i;
		for (i = 1; i < np; i++)
			for (j = i; j > 0 && cr->levels[lv[j - 1]].value >
			                         cr->levels[lv[j]].value; j--) {
				long t = lv[j];
				lv[j] = lv[j - 1];
				lv[j - 1] = t;
			}
		for (i = 0; i < np; i++)
			p[i] = cr->levels[lv[i]].value;
	} else {
		np = cell->hi > cell->lo ? GRID + 1 : 1;
		for (i = 0; i < np; i++) {
			lv[i] = -1;
			p[i] = i == 0          ? cell->lo
			       : i == np - 1 ? cell->hi
			                     : cell->lo + (cell->hi - cell->lo) *
			                                      (double)i / (double)GRID;
		}
	}
	for (i = 0; i < np; i++) {
		w[i] = winner_at(x, p[i], lv[i]);
		any |= w[i] != x->base;
	}
	if (!any)
		return;
	cell->changes_winner = 1;
	/* Which end: the one whose winner differs; both: the one where the
	 * option wins, else the criterion's better end. Neither (a change
	 * inside only): the first change from lo, "at least". */
	{
		int e_lo = w[0] != x->base, e_hi = w[np - 1] != x->base;
		if (e_lo && e_hi) {
			int win_lo = w[0] == (long)x->option;
			int win_hi = w[np - 1] == (long)x->option;
			up = win_lo != win_hi ? win_hi
			                      : cr->better != TDM_BETTER_LOWER;
		} else {
			up = e_hi || !e_lo;
		}
	}
	if (up && w[np - 1] == x->base) {
		/* a change inside only */
		for (k = 0; w[k] == x->base; k++)
			;
		target = w[k];
	} else {
		target = up ? w[np - 1] : w[0];
		if (up) {
			for (k = np; k > 0 && w[k - 1] == target; k--)
				;
		} else {
			for (k = 0; k < np && w[k] == target; k++)
				;
			/* k: first index not target, k - 1 the last target */
		}
	}
	cell->new_winner = target;
	cell->option_wins = target == (long)x->option;
	cell->at_least = up;
	if (up) {
		/* k: the first index of the run reaching to target */
		if (k == 0) {
			cell->threshold = p[0];
			goto out;
		}
		a = p[k - 1];   /* not target */
		b = p[k];       /* target */
	} else {
		if (k >= np) {
			cell->threshold = p[np - 1];
			goto out;
		}
		a = p[k - 1];   /* target */
		b = p[k];       /* not target */
	}
	if (lv[0] >= 0) {
		cell->threshold = up ? b : a;
		goto out;
	}
	tol = 1e-9 * fmax(fmax(fabs(cell->lo), fabs(cell->hi)),
	                  cell->hi - cell->lo);
	for (i = 0; i < MAX_BISECT && b - a > tol; i++) {
		double mid = a + (b - a) / 2;
		int is_target = winner_at(x, mid, -1) == target;
		if (mid <= a || mid >= b)
			break;
		if (is_target == up)
			b = mid;
		else
			a = mid;
	}
	cell->threshold = up ? b : a;
out:
	return;
}

static tdm_status
add_cell(tdm_missing_report *rep, size_t *cap, const tdm_missing_cell *cell,
         tdm_error *err)
{
	if (rep->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		tdm_missing_cell *p = realloc(rep->cells, nc * sizeof *p);
		if (p == NULL)
			return tdm__nomem(err);
		rep->cells = p;
		*cap = nc;
	}
	rep->cells[rep->n++] = *cell;
	return TDM_OK;
}

/* The option's missing cells other than c, into hold (n_held of them).
 * Returns 0 when one of them cannot be held. */
static int
hold_others(const tdm_model *m, const tdm_result *r, size_t o, size_t c,
            held *hold, size_t *n_held)
{
	size_t n = m->n_options, c2;

	*n_held = 0;
	for (c2 = 0; c2 < m->n_criteria; c2++) {
		if (c2 == c || r->has_value[c2 * n + o])
			continue;
		if (!hold_ends(m, r, c2, &hold[*n_held]))
			return 0;
		++*n_held;
	}
	return 1;
}

/* The search with the other missing cells held at their best ends, then
 * at their worst: the first setting that changes the winner decides the
 * report. */
static void
search_held(ctx *x, const held *hold, tdm_missing_cell *cell)
{
	tdm_missing_cell t;
	size_t i;
	int end, ok;

	for (end = 0; end < 2; end++) {
		ok = 1;
		for (i = 0; i < x->n_held; i++) {
			ok &= passes_must(x, hold[i].c, &hold[i].raw[end]);
			tdm__scorer_set_value(&x->sc, x->row, hold[i].c,
			                      hold[i].cell[end]);
		}
		if (!ok)
			continue;    /* the option stays out in this setting */
		t = *cell;
		search(x, &t);
		if (t.changes_winner) {
			*cell = t;
			return;
		}
	}
}

/* Analyse the cells of option o. */
static tdm_status
analyse_option(const tdm_model *m, const tdm_hooks *hooks,
               const tdm_result *r, size_t o, tdm_missing_report *rep,
               size_t *cap, unsigned char *subset, double *scores,
               held *hold, tdm_error *err)
{
	size_t n = m->n_options, k = m->n_criteria, c, i;
	const tdm_option_result *or = &r->options[o];
	int guardrail = has_guardrail_reason(or), ready = 0;
	tdm_status st = TDM_OK;
	ctx x;

	memset(&x, 0, sizeof x);
	for (c = 0; c < k; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const tdm_value *v;
		tdm_missing_cell cell;

		if (tdm_interrupted) {   /* Ctrl-C: one cell at a time */
			st = tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
			goto out;
		}
		if (cr->score_fn > 0)
			continue;
		v = tdm_model_value(m, o, tdm_model_find_attr(m, cr->name));
		memset(&cell, 0, sizeof cell);
		cell.option = o;
		cell.criterion = c;
		cell.new_winner = -1;
		if (v->type == TDM_VAL_RANGE) {
			cell.is_range = 1;
			cell.lo = v->as.range.lo;
			cell.hi = v->as.range.hi;
		} else if (!r->has_value[c * n + o]) {
			if (!search_bounds(m, r, c, &cell.lo, &cell.hi))
				cell.lo = cell.hi = 0;
		} else {
			continue;
		}
			if (!guardrail &&
		    (cell.is_range || search_bounds(m, r, c, &cell.lo, &cell.hi)) &&
		    hold_others(m, r, o, c, hold, &x.n_held)) {
			if (!ready) {
				for (i = 0; i < n; i++)
					subset[i] = r->options[i].rank > 0 || i == o;
				st = tdm__scorer_init(&x.sc, m, hooks, r->method,
				                      r->normalization, r->info.vikor_v,
				                      r->values, subset, err);
				if (st != TDM_OK)
					goto out;
				ready = 1;
				x.m = m;
				x.hooks = hooks;
				x.r = r;
				x.scores = scores;
				x.option = o;
				x.base = r->n_ranked > 0 ? (long)r->order[0] : -1;
				for (i = 0; i < x.sc.n; i++)
					if (x.sc.rows[i] == o)
						x.row = i;
			}
			x.c = c;
			x.is_range = cell.is_range;
			if (x.n_held == 0)
				search(&x, &cell);
			else
				search_held(&x, hold, &cell);
			/* put the cells back for the next criterion */
			tdm__scorer_set_value(&x.sc, x.row, c, r->values[c * n + o]);
			for (i = 0; i < x.n_held; i++)
				tdm__scorer_set_value(&x.sc, x.row, hold[i].c,
				                      r->values[hold[i].c * n + o]);
		}
		if ((st = add_cell(rep, cap, &cell, err)) != TDM_OK)
			goto out;
	}
out:
	tdm__scorer_free(&x.sc);
	return st;
}

tdm_status
tdm_missing_analyse(const tdm_model *m, const tdm_hooks *hooks,
                    const tdm_result *r, tdm_missing_report **out,
                    tdm_error *err)
{
	size_t n = m->n_options, o;
	tdm_missing_report *rep = NULL;
	unsigned char *subset = NULL;
	double *scores = NULL;
	held *hold = NULL;
	size_t cap = 0;
	tdm_status st = TDM_OK;

	*out = NULL;
	if (r->n_options != m->n_options || r->n_criteria != m->n_criteria)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the result does not come from this decision");
	if ((rep = calloc(1, sizeof *rep)) == NULL ||
	    (subset = calloc(n ? n : 1, 1)) == NULL ||
	    (scores = calloc(n ? n : 1, sizeof *scores)) == NULL ||
	    (hold = calloc(m->n_criteria ? m->n_criteria : 1,
	                   sizeof *hold)) == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	for (o = 0; o < n; o++)
		if ((st = analyse_option(m, hooks, r, o, rep, &cap, subset, scores,
		                         hold, err)) != TDM_OK)
			goto out;
out:
	free(hold);
	free(subset);
	free(scores);
	if (st != TDM_OK || rep->n == 0) {
		tdm_missing_report_free(rep);
		return st;
	}
	*out = rep;
	return TDM_OK;
}

void
tdm_missing_report_free(tdm_missing_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->cells);
	free(rep);
}
