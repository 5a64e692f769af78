/*
 * diff.c -- what changed between two versions of a decision, and which
 * edits account for a change of winner.
 *
 * Owns tdm__diff: criteria added and removed, weights (as given and
 * normalised), directions and guardrails, options added and removed,
 * attribute values, rank moves and the winner. To say which edits account
 * for a new winner, each group of edits (the weights; the guardrails and
 * directions; the criteria added and removed; the options added and
 * removed; each option's values) is applied alone to a copy of the old
 * model and evaluated again with the old model's method and hooks; a group
 * "flips" the winner when the winner it gives is not the old one. A
 * removed criterion is replayed as weight 0 without its guardrail; an
 * added criterion, guardrail or option whose NEW declaration needs a Lua
 * function of the new file cannot be replayed (the old sandbox does not
 * have it) and is reported as not evaluated.
 *
 * Must not print, load files or change either model or result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

static const tdm_value no_value = {TDM_VAL_MISSING, 0, {0}};

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
same_value(const tdm_value *a, const tdm_value *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case TDM_VAL_MISSING: return 1;
	case TDM_VAL_NUMBER: return a->as.num == b->as.num;
	case TDM_VAL_STRING: return strcmp(a->as.str, b->as.str) == 0;
	case TDM_VAL_BOOL: return !a->as.boolean == !b->as.boolean;
	case TDM_VAL_RANGE:
		return a->as.range.lo == b->as.range.lo &&
		       a->as.range.hi == b->as.range.hi;
	}
	return 0;
}

static const tdm_value *
value_of(const tdm_model *m, long opt, const char *attr)
{
	if (opt < 0)
		return &no_value;
	return tdm_model_value(m, (size_t)opt, tdm_model_find_attr(m, attr));
}

static const char *
must_text(const tdm_criterion *c)
{
	return c->must.is_set ? (c->must.text ? c->must.text : "function")
	                      : NULL;
}

/* The single winner's name, NULL when none is ranked or the top ties. */
static const char *
winner_of(const tdm_result *r)
{
	if (r->n_ranked == 0 ||
	    (r->n_ranked > 1 && r->options[r->order[1]].rank == 1))
		return NULL;
	return r->model->options[r->order[0]].name;
}

/* ------------------------------------------------------------------------
 * Replaying one group of edits on a copy of the old model
 * --------------------------------------------------------------------- */

typedef struct replay {
	const tdm_model *old_m, *new_m;
	const tdm_hooks *hooks;
	const tdm_result *old_r;
	const tdm_diff *d;
} replay;

/* Option `o` of src: its every attribute into option `to` of dst. */
static tdm_status
copy_values(tdm_model *dst, size_t to, const tdm_model *src, size_t o,
            tdm_error *err)
{
	size_t a;
	long id;
	tdm_status s;

	for (a = 0; a < src->n_attrs; a++) {
		const tdm_value *v = tdm_model_value(src, o, (long)a);
		if ((id = tdm_model_attr(dst, src->attrs[a], 1)) < 0)
			return tdm__nomem(err);
		if ((s = tdm_model_set_value(dst, to, (size_t)id, v, err)) != TDM_OK)
			return s;
	}
	return TDM_OK;
}

/* The guardrail of src into dst (a comparison only). */
static int
copy_must(tdm_criterion *dst, const tdm_criterion *src)
{
	tdm_value_free(&dst->must.operand);
	free(dst->must.text);
	dst->must = src->must;
	dst->must.text = NULL;
	dst->must.operand.type = TDM_VAL_MISSING;
	if ((src->must.text != NULL &&
	     (dst->must.text = tdm__strdup(src->must.text)) == NULL) ||
	    tdm_value_copy(&dst->must.operand, &src->must.operand) != 0)
		return -1;
	return 0;
}

/* NEW's criterion `c` added to m (fields that need no Lua function). */
static tdm_status
add_criterion(tdm_model *m, const tdm_criterion *src, tdm_error *err)
{
	tdm_criterion *c;
	tdm_status s;
	size_t i;

	if ((s = tdm_model_add_criterion(m, src->name, -1, 0, &c, err)) != TDM_OK)
		return s;
	c->weight = src->weight;
	c->has_weight = src->has_weight;
	c->better = src->better;
	c->has_better = src->has_better;
	c->has_scale = src->has_scale;
	c->scale_lo = src->scale_lo;
	c->scale_hi = src->scale_hi;
	c->has_pref = src->has_pref;
	c->pref = src->pref;
	c->q = src->q;
	c->p = src->p;
	c->s = src->s;
	if (tdm_value_fn_copy(&c->vf, &src->vf) != 0 || copy_must(c, src) != 0)
		return tdm__nomem(err);
	if (src->n_levels > 0) {
		if ((c->levels = calloc(src->n_levels, sizeof *c->levels)) == NULL)
			return tdm__nomem(err);
		c->n_levels = src->n_levels;
		for (i = 0; i < src->n_levels; i++) {
			c->levels[i].value = src->levels[i].value;
			if ((c->levels[i].name = tdm__strdup(src->levels[i].name)) ==
			    NULL)
				return tdm__nomem(err);
		}
	}
	return TDM_OK;
}

static const char *
needs_new_function(const tdm_criterion *c)
{
	if (c->score_fn > 0)
		return "score function";
	if (c->must.is_set && c->must.fn > 0)
		return "must function";
	return NULL;
}

/* Apply the group of edits e to m (a copy of OLD). TDM_OK, or TDM_EVAL
 * with e->why when it cannot be replayed. */
static tdm_status
apply(const replay *rp, tdm_model *m, tdm_diff_edit *e, tdm_error *err)
{
	const tdm_model *nm = rp->new_m, *om = rp->old_m;
	const char *fn;
	long c, o;
	size_t i, j;
	tdm_status s;

	switch (e->kind) {
	case TDM_DIFF_EDIT_WEIGHTS:
		for (i = 0; i < m->n_criteria; i++)
			if ((c = tdm_model_find_criterion(nm, m->criteria[i].name)) >=
			    0) {
				m->criteria[i].weight = nm->criteria[c].weight;
				m->criteria[i].has_weight = nm->criteria[c].has_weight;
			}
		return TDM_OK;
	case TDM_DIFF_EDIT_GUARDRAILS:
		for (i = 0; i < m->n_criteria; i++) {
			tdm_criterion *mc = &m->criteria[i];
			const tdm_criterion *nc;
			if ((c = tdm_model_find_criterion(nm, mc->name)) < 0)
				continue;
			nc = &nm->criteria[c];
			mc->better = nc->better;
			mc->has_better = nc->has_better;
			if (same_text(must_text(mc), must_text(nc)))
				continue;
			if (nc->must.is_set && nc->must.fn > 0) {
				snprintf(e->why, sizeof e->why,
				         "criterion '%s': its new must is a function",
				         mc->name);
				return TDM_EVAL;
			}
			if (copy_must(mc, nc) != 0)
				return tdm__nomem(err);
		}
		return TDM_OK;
	case TDM_DIFF_EDIT_CRITERIA:
		for (i = 0; i < m->n_criteria; i++)
			if (tdm_model_find_criterion(nm, m->criteria[i].name) < 0) {
				m->criteria[i].weight = 0;
				m->criteria[i].has_weight = 1;
				m->criteria[i].must.is_set = 0;
			}
		for (j = 0; j < nm->n_criteria; j++) {
			const tdm_criterion *nc = &nm->criteria[j];
			long a;
			if (tdm_model_find_criterion(om, nc->name) >= 0)
				continue;
			if ((fn = needs_new_function(nc)) != NULL) {
				snprintf(e->why, sizeof e->why,
				         "criterion '%s' has a %s of the new file",
				         nc->name, fn);
				return TDM_EVAL;
			}
			if ((s = add_criterion(m, nc, err)) != TDM_OK)
				return s;
			/* its values, for the options OLD has */
			if ((a = tdm_model_attr(m, nc->name, 1)) < 0)
				return tdm__nomem(err);
			for (i = 0; i < m->n_options; i++) {
				o = tdm_model_find_option(nm, m->options[i].name);
				if (o >= 0 &&
				    (s = tdm_model_set_value(m, i, (size_t)a,
				                             value_of(nm, o, nc->name),
				                             err)) != TDM_OK)
					return s;
			}
		}
		return TDM_OK;
	case TDM_DIFF_EDIT_OPTIONS: {
		/* rebuild: OLD's options that NEW keeps, then NEW's new ones */
		size_t at;
		tdm_model_clear_options(m);
		for (i = 0; i < om->n_options; i++) {
			if (tdm_model_find_option(nm, om->options[i].name) < 0)
				continue;
			if ((s = tdm_model_add_option(m, om->options[i].name, -1, 0, &at,
			                              err)) != TDM_OK ||
			    (s = copy_values(m, at, om, i, err)) != TDM_OK)
				return s;
		}
		for (i = 0; i < nm->n_options; i++) {
			if (tdm_model_find_option(om, nm->options[i].name) >= 0)
				continue;
			if ((s = tdm_model_add_option(m, nm->options[i].name, -1, 0, &at,
			                              err)) != TDM_OK ||
			    (s = copy_values(m, at, nm, i, err)) != TDM_OK)
				return s;
		}
		return TDM_OK;
	}
	case TDM_DIFF_EDIT_VALUES:
		o = tdm_model_find_option(m, e->option);
		c = tdm_model_find_option(nm, e->option);
		if (o < 0 || c < 0)
			return TDM_OK;
		for (i = 0; i < rp->d->n_values; i++) {
			const tdm_diff_value *v = &rp->d->values[i];
			long a;
			if (strcmp(v->option, e->option) != 0)
				continue;
			if ((a = tdm_model_attr(m, v->attr, 1)) < 0)
				return tdm__nomem(err);
			if ((s = tdm_model_set_value(m, (size_t)o, (size_t)a,
			                             v->new_value, err)) != TDM_OK)
				return s;
		}
		return TDM_OK;
	}
	return TDM_OK;
}

/* Replay e alone; fills its winner and flags. Only TDM_NOMEM is an error:
 * an edit that does not evaluate says why. */
static tdm_status
trial(const replay *rp, tdm_diff_edit *e, tdm_error *err)
{
	tdm_model *m = tdm_model_clone(rp->old_m);
	tdm_result *r = NULL;
	tdm_error e2;
	tdm_status s;
	const char *w;
	char buf[600];

	if (m == NULL)
		return tdm__nomem(err);
	tdm_error_clear(&e2);
	s = apply(rp, m, e, &e2);
	if (s == TDM_OK)
		s = tdm_evaluate(m, rp->hooks, NULL, &r, &e2);
	if (s == TDM_NOMEM) {
		if (err != NULL)
			*err = e2;
		goto out;
	}
	if (s != TDM_OK) {
		if (e->why[0] == '\0')
			snprintf(e->why, sizeof e->why, "%s",
			         tdm_error_format(&e2, buf, sizeof buf));
		s = TDM_OK;
		goto out;
	}
	e->evaluated = 1;
	w = winner_of(r);
	/* lend the name from NEW or OLD, which outlive the diff */
	if (w != NULL) {
		long k = tdm_model_find_option(rp->new_m, w);
		e->winner = k >= 0 ? rp->new_m->options[k].name
		                   : rp->old_m->options[tdm_model_find_option(
		                                              rp->old_m, w)]
		                         .name;
	}
	e->flips = !same_text(e->winner, rp->d->old_winner);
	e->gives_new_winner = e->flips && same_text(e->winner,
	                                            rp->d->new_winner);
out:
	tdm_result_free(r);
	tdm_model_free(m);
	return s;
}

/* ------------------------------------------------------------------------
 * The comparison
 * --------------------------------------------------------------------- */

static int
push_edit(tdm_diff *d, size_t *cap, tdm_diff_edit_kind kind,
          const char *option)
{
	void *arr = d->edits;

	if (tdm__grow(&arr, cap, d->n_edits + 1, sizeof *d->edits) != 0)
		return -1;
	d->edits = arr;
	memset(&d->edits[d->n_edits], 0, sizeof *d->edits);
	d->edits[d->n_edits].kind = kind;
	d->edits[d->n_edits].option = option;
	d->n_edits++;
	return 0;
}

static double
norm_weight(const tdm_result *r, long c)
{
	return c >= 0 && (size_t)c < r->n_criteria ? r->weights[c] : 0;
}

tdm_status
tdm__diff(const tdm_model *om, const tdm_hooks *old_hooks,
          const tdm_result *orr, const tdm_model *nm, const tdm_result *nr,
          tdm_diff **out, tdm_error *err)
{
	tdm_diff *d;
	size_t i, k, cap_values = 0, cap_edits = 0;
	int weights = 0, guards = 0, crits = 0, opts = 0;
	replay rp;
	tdm_status s = TDM_OK;

	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return tdm__nomem(err);
	d->old_method = orr->method;
	d->new_method = nr->method;
	d->criteria = calloc(om->n_criteria + nm->n_criteria + 1,
	                     sizeof *d->criteria);
	d->options = calloc(om->n_options + nm->n_options + 1,
	                    sizeof *d->options);
	if (d->criteria == NULL || d->options == NULL)
		goto nomem;

	/* criteria: OLD's order, then NEW's additions */
	for (k = 0; k < om->n_criteria + nm->n_criteria; k++) {
		int from_old = k < om->n_criteria;
		const tdm_criterion *c =
		    from_old ? &om->criteria[k] : &nm->criteria[k - om->n_criteria];
		long oc = tdm_model_find_criterion(om, c->name);
		long nc = tdm_model_find_criterion(nm, c->name);
		tdm_diff_criterion *dc;
		if (!from_old && oc >= 0)
			continue;
		dc = &d->criteria[d->n_criteria++];
		dc->name = c->name;
		dc->in_old = oc >= 0;
		dc->in_new = nc >= 0;
		if (oc >= 0) {
			dc->has_old_weight = om->criteria[oc].has_weight;
			dc->old_weight = om->criteria[oc].weight;
			dc->old_norm = norm_weight(orr, oc);
			dc->old_better = om->criteria[oc].better;
			dc->old_must = must_text(&om->criteria[oc]);
		}
		if (nc >= 0) {
			dc->has_new_weight = nm->criteria[nc].has_weight;
			dc->new_weight = nm->criteria[nc].weight;
			dc->new_norm = norm_weight(nr, nc);
			dc->new_better = nm->criteria[nc].better;
			dc->new_must = must_text(&nm->criteria[nc]);
		}
		if (dc->in_old && dc->in_new) {
			dc->better_changed = dc->old_better != dc->new_better;
			dc->must_changed = !same_text(dc->old_must, dc->new_must);
			if (dc->has_old_weight != dc->has_new_weight ||
			    dc->old_weight != dc->new_weight)
				weights = 1;
			if (dc->better_changed || dc->must_changed)
				guards = 1;
		} else {
			crits = 1;
		}
	}

	/* options: NEW's rank order, then those only OLD has */
	for (k = 0; k < nr->n_options + om->n_options; k++) {
		const char *name = k < nr->n_options
		                       ? nm->options[nr->order[k]].name
		                       : om->options[k - nr->n_options].name;
		long oo = tdm_model_find_option(om, name);
		long no = tdm_model_find_option(nm, name);
		tdm_diff_option *dopt;
		if (k >= nr->n_options && no >= 0)
			continue;
		dopt = &d->options[d->n_options++];
		dopt->name = name;
		dopt->in_old = oo >= 0;
		dopt->in_new = no >= 0;
		if (oo >= 0) {
			dopt->old_rank = orr->options[oo].rank;
			dopt->old_verdict = orr->options[oo].verdict;
			dopt->old_score = orr->options[oo].score;
		}
		if (no >= 0) {
			dopt->new_rank = nr->options[no].rank;
			dopt->new_verdict = nr->options[no].verdict;
			dopt->new_score = nr->options[no].score;
		}
		if (!dopt->in_old || !dopt->in_new)
			opts = 1;
	}

	/* values of the options both have, over both models' attributes */
	for (k = 0; k < d->n_options; k++) {
		const tdm_diff_option *dopt = &d->options[k];
		long oo, no;
		size_t a;
		if (!dopt->in_old || !dopt->in_new)
			continue;
		oo = tdm_model_find_option(om, dopt->name);
		no = tdm_model_find_option(nm, dopt->name);
		for (a = 0; a < om->n_attrs + nm->n_attrs; a++) {
			const char *attr = a < om->n_attrs ? om->attrs[a]
			                                   : nm->attrs[a - om->n_attrs];
			const tdm_value *ov, *nv;
			void *arr;
			if (a >= om->n_attrs && tdm_model_find_attr(om, attr) >= 0)
				continue;
			ov = value_of(om, oo, attr);
			nv = value_of(nm, no, attr);
			if (same_value(ov, nv))
				continue;
			arr = d->values;
			if (tdm__grow(&arr, &cap_values, d->n_values + 1,
			              sizeof *d->values) != 0)
				goto nomem;
			d->values = arr;
			d->values[d->n_values].option = dopt->name;
			d->values[d->n_values].attr = attr;
			d->values[d->n_values].old_value = ov;
			d->values[d->n_values].new_value = nv;
			d->n_values++;
		}
	}

	d->old_winner = winner_of(orr);
	d->new_winner = winner_of(nr);
	d->winner_changed = !same_text(d->old_winner, d->new_winner);

	/* the groups of edits, each replayed alone */
	if ((weights && push_edit(d, &cap_edits, TDM_DIFF_EDIT_WEIGHTS, NULL)) ||
	    (guards &&
	     push_edit(d, &cap_edits, TDM_DIFF_EDIT_GUARDRAILS, NULL)) ||
	    (crits && push_edit(d, &cap_edits, TDM_DIFF_EDIT_CRITERIA, NULL)) ||
	    (opts && push_edit(d, &cap_edits, TDM_DIFF_EDIT_OPTIONS, NULL)))
		goto nomem;
	for (i = 0; i < d->n_values; i++)
		if (i == 0 || strcmp(d->values[i].option,
		                     d->values[i - 1].option) != 0)
			if (push_edit(d, &cap_edits, TDM_DIFF_EDIT_VALUES,
			              d->values[i].option))
				goto nomem;
	rp.old_m = om;
	rp.new_m = nm;
	rp.hooks = old_hooks;
	rp.old_r = orr;
	rp.d = d;
	for (i = 0; i < d->n_edits && s == TDM_OK; i++)
		s = trial(&rp, &d->edits[i], err);
	if (s != TDM_OK) {
		tdm__diff_free(d);
		return s;
	}
	if (d->winner_changed) {
		d->combination_only = 1;
		for (i = 0; i < d->n_edits; i++)
			if (d->edits[i].flips)
				d->combination_only = 0;
	}
	d->old_name = tdm_model_source_name(om, 0);
	d->new_name = tdm_model_source_name(nm, 0);
	*out = d;
	return TDM_OK;
nomem:
	tdm__diff_free(d);
	return tdm__nomem(err);
}

void
tdm__diff_free(tdm_diff *d)
{
	if (d == NULL)
		return;
	free(d->criteria);
	free(d->options);
	free(d->values);
	free(d->edits);
	free(d);
}
