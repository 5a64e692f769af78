/*
 * resolve.c -- attributes to numbers, and guardrails to reasons.
 *
 * Owns turning each (option, criterion) into one finite number: the
 * attribute itself, its `levels` value, the criterion's scoring rule (a
 * value function applied to the numeric attribute, 0..1 with 1 the best),
 * or the criterion's score function (called once per option here, never
 * per weighting); and checking each `must`, always against the raw
 * attribute. Must not normalise, weigh or rank. Bad data is an error with
 * its location; a missing value is a reason (the option is not ranked),
 * never 0. A range {lo, hi} is ranked at its midpoint, with a note saying
 * so; its guardrail must hold for the whole range (must_range).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

/* Where an option's value came from, for error messages. */
static tdm_status
value_error(const tdm_model *m, size_t o, const tdm_value *v,
            const tdm_criterion *cr, tdm_status code, const char *what,
            tdm_error *err)
{
	const tdm_option *op = &m->options[o];

	return tdm_error_set(err, code, tdm_model_source_name(m, op->source),
	                     op->line, v ? v->column : 0,
	                     "option '%s', criterion '%s': %s", op->name, cr->name,
	                     what);
}

static tdm_status
add_reason(tdm_option_result *or, tdm_reason_kind kind, size_t c,
           const tdm_value *observed, const char *detail, tdm_error *err)
{
	tdm_reason *p, *rs;

	p = realloc(or->reasons, (or->n_reasons + 1) * sizeof *p);
	if (p == NULL)
		return tdm__nomem(err);
	or->reasons = p;
	rs = &p[or->n_reasons];
	memset(rs, 0, sizeof *rs);
	rs->kind = kind;
	rs->criterion = c;
	if (observed != NULL && tdm_value_copy(&rs->observed, observed))
		return tdm__nomem(err);
	if (detail != NULL && detail[0] != '\0' &&
	    (rs->detail = tdm__strdup(detail)) == NULL) {
		tdm_value_free(&rs->observed);
		return tdm__nomem(err);
	}
	or->n_reasons++;
	return TDM_OK;
}

/* The number a criterion sees in v (levels applied). */
/* A range {lo, hi} is ranked at its midpoint (said in a note). */
static double
midpoint(const tdm_value *v)
{
	return v->as.range.lo + (v->as.range.hi - v->as.range.lo) / 2;
}

static tdm_status
to_number(const tdm_model *m, size_t o, const tdm_criterion *cr,
          const tdm_value *v, double *out, tdm_error *err)
{
	char buf[256], what[600];
	size_t i;

	if (cr->n_levels > 0) {
		const char *key = NULL;
		if (v->type == TDM_VAL_STRING)
			key = v->as.str;
		else if (v->type == TDM_VAL_BOOL)
			key = v->as.boolean ? "true" : "false";
		if (key != NULL)
			for (i = 0; i < cr->n_levels; i++)
				if (strcmp(cr->levels[i].name, key) == 0) {
					*out = cr->levels[i].value;
					return TDM_OK;
				}
		{
			size_t n = 0;
			buf[0] = '\0';
			for (i = 0; i < cr->n_levels && n < sizeof buf - 1; i++) {
				snprintf(buf + n, sizeof buf - n, "%s%s", i ? ", " : "",
				         cr->levels[i].name);
				n = strlen(buf);
			}
		}
		{
			char val[200];
			snprintf(what, sizeof what, "%s is not one of the levels (%s)",
			         tdm_value_format(v, val, sizeof val), buf);
		}
		return value_error(m, o, v, cr, TDM_DATA, what, err);
	}
	switch (v->type) {
	case TDM_VAL_NUMBER:
		if (!isfinite(v->as.num))
			return value_error(m, o, v, cr, TDM_DATA,
			                   "not a finite number", err);
		*out = v->as.num;
		return TDM_OK;
	case TDM_VAL_BOOL:
		*out = v->as.boolean ? 1 : 0;
		return TDM_OK;
	case TDM_VAL_RANGE:
		*out = midpoint(v);
		return TDM_OK;
	default:
		snprintf(what, sizeof what, "expected a number, got %s",
		         tdm_value_format(v, buf, sizeof buf));
		return value_error(m, o, v, cr, TDM_DATA, what, err);
	}
}

/* The criterion's scoring rule on attribute v: only a finite number is
 * accepted (not a boolean, not a string: a rule is a function of a
 * quantity). The result is in 0..1, higher is better. */
static tdm_status
apply_rule(const tdm_model *m, size_t o, const tdm_criterion *cr,
           const tdm_value *v, double *out, tdm_error *err)
{
	char buf[256], what[600];

	if (v->type == TDM_VAL_RANGE) {
		*out = tdm_value_fn_apply(&cr->vf, midpoint(v));
		return TDM_OK;
	}
	if (v->type != TDM_VAL_NUMBER || !isfinite(v->as.num)) {
		if (v->type == TDM_VAL_NUMBER)
			snprintf(what, sizeof what, "not a finite number");
		else
			snprintf(what, sizeof what,
			         "the scoring rule %s needs a number, got %s",
			         tdm_value_fn_name(cr->vf.kind),
			         tdm_value_format(v, buf, sizeof buf));
		return value_error(m, o, v, cr, TDM_DATA, what, err);
	}
	*out = tdm_value_fn_apply(&cr->vf, v->as.num);
	return TDM_OK;
}

/* Compare v with a `must` comparison: *ok set, or an error for a type
 * mismatch (a number against a string, say). */
static tdm_status
compare(const tdm_model *m, size_t o, const tdm_criterion *cr,
        const tdm_value *v, int *ok, tdm_error *err)
{
	const tdm_must *mu = &cr->must;
	const tdm_value *rhs = &mu->operand;
	char what[600], val[200];
	int cmp;

	if (v->type != rhs->type) {
		snprintf(what, sizeof what,
		         "must %s compares with a %s, but the value is %s",
		         mu->text ? mu->text : "",
		         rhs->type == TDM_VAL_NUMBER   ? "number"
		         : rhs->type == TDM_VAL_STRING ? "string"
		                                       : "boolean",
		         tdm_value_format(v, val, sizeof val));
		return value_error(m, o, v, cr, TDM_DATA, what, err);
	}
	switch (v->type) {
	case TDM_VAL_NUMBER:
		cmp = v->as.num < rhs->as.num ? -1 : v->as.num > rhs->as.num;
		break;
	case TDM_VAL_STRING:
		cmp = strcmp(v->as.str, rhs->as.str);
		break;
	default:
		cmp = v->as.boolean != rhs->as.boolean;
		break;
	}
	switch (mu->op) {
	case TDM_CMP_LT: *ok = cmp < 0; break;
	case TDM_CMP_LE: *ok = cmp <= 0; break;
	case TDM_CMP_GT: *ok = cmp > 0; break;
	case TDM_CMP_GE: *ok = cmp >= 0; break;
	case TDM_CMP_EQ: *ok = cmp == 0; break;
	case TDM_CMP_NE: *ok = cmp != 0; break;
	}
	return TDM_OK;
}

/* A guardrail on a range must hold for the whole range: a comparison is
 * checked at both ends (and `~=` needs the operand outside the range, `==`
 * never holds for a range); a must function is called with each end as a
 * number and must accept both. The engine never assumes the favourable
 * end: "<= 50" with 40..60 breaks the guardrail. */
static tdm_status
must_range(const tdm_model *m, const tdm_hooks *hooks, size_t c, size_t o,
           const tdm_value *v, int *ok, char *reason, size_t size,
           tdm_error *err)
{
	const tdm_criterion *cr = &m->criteria[c];
	const tdm_must *mu = &cr->must;
	tdm_value end;
	tdm_status s;
	int i, ok_end;

	memset(&end, 0, sizeof end);
	end.type = TDM_VAL_NUMBER;
	end.column = v->column;
	*ok = 1;
	for (i = 0; i < 2 && *ok; i++) {
		end.as.num = i == 0 ? v->as.range.lo : v->as.range.hi;
		ok_end = 1;
		if (mu->fn > 0) {
			if (hooks == NULL || hooks->must == NULL)
				return value_error(m, o, v, cr, TDM_EVAL,
				                   "must is a function but no Lua state "
				                   "runs it",
				                   err);
			s = hooks->must(hooks->ud, m, c, o, &end, &ok_end, reason, size,
			                err);
		} else {
			s = compare(m, o, cr, &end, &ok_end, err);
		}
		if (s != TDM_OK)
			return s;
		*ok = ok_end;
	}
	if (*ok && mu->fn == 0 && mu->op == TDM_CMP_NE &&
	    mu->operand.type == TDM_VAL_NUMBER &&
	    mu->operand.as.num >= v->as.range.lo &&
	    mu->operand.as.num <= v->as.range.hi)
		*ok = 0;
	return TDM_OK;
}

static tdm_status
check_must(const tdm_model *m, const tdm_hooks *hooks, size_t c, size_t o,
           const tdm_value *v, tdm_option_result *or, tdm_error *err)
{
	const tdm_criterion *cr = &m->criteria[c];
	char reason[512];
	int ok = 1;
	tdm_status s;

	if (!cr->must.is_set)
		return TDM_OK;
	if (v->type == TDM_VAL_MISSING)
		return add_reason(or, TDM_REASON_MISSING, c, NULL, NULL, err);
	reason[0] = '\0';
	if (v->type == TDM_VAL_RANGE) {
		if ((s = must_range(m, hooks, c, o, v, &ok, reason, sizeof reason,
		                    err)) != TDM_OK)
			return s;
		if (!ok)
			return add_reason(or, TDM_REASON_GUARDRAIL, c, v, reason, err);
		return TDM_OK;
	}
	if (cr->must.fn > 0) {
		if (hooks == NULL || hooks->must == NULL)
			return value_error(m, o, v, cr, TDM_EVAL,
			                   "must is a function but no Lua state runs it",
			                   err);
		s = hooks->must(hooks->ud, m, c, o, v, &ok, reason, sizeof reason,
		                err);
	} else {
		s = compare(m, o, cr, v, &ok, err);
	}
	if (s != TDM_OK)
		return s;
	if (!ok)
		return add_reason(or, TDM_REASON_GUARDRAIL, c, v, reason, err);
	return TDM_OK;
}

/* Never silently: a ranked option with a range is said to be ranked at
 * its midpoint ("RabbitMQ's ops_cost is a range 1500..2500: ranked at its
 * midpoint 2000"). The result holds TDM_MAX_NOTES notes; the missing-value
 * report lists every range. */
static void
note_ranges(const tdm_model *m, tdm_result *r, const double *x,
            const unsigned char *eligible)
{
	size_t n = m->n_options, c, o, k = m->n_criteria;
	char a[40], b[40], mid[40], scored[40];
	long stack[16], *attr = k <= 16 ? stack : malloc(k * sizeof *attr);

	/* each criterion's attribute once, not once per option (a block of
	 * thousands of rows would compare names millions of times) */
	for (c = 0; attr != NULL && c < k; c++)
		attr[c] = tdm_model_find_attr(m, m->criteria[c].name);
	for (o = 0; o < n; o++) {
		if (!eligible[o])
			continue;
		for (c = 0; c < k; c++) {
			const tdm_criterion *cr = &m->criteria[c];
			const tdm_value *v;
			if (cr->score_fn > 0)
				continue;
			v = tdm_model_value(m, o,
			                    attr != NULL ? attr[c]
			                                 : tdm_model_find_attr(m, cr->name));
			if (v->type != TDM_VAL_RANGE)
				continue;
			tdm_format_number(v->as.range.lo, a, sizeof a);
			tdm_format_number(v->as.range.hi, b, sizeof b);
			tdm_format_number(midpoint(v), mid, sizeof mid);
			if (cr->vf.kind != TDM_VF_NONE)
				tdm__result_note(r, "%s's %s is a range %s..%s: ranked at "
				                 "its midpoint %s (scored %s)",
				                 m->options[o].name, cr->name, a, b, mid,
				                 tdm_format_number(x[c * n + o], scored,
				                                   sizeof scored));
			else
				tdm__result_note(r, "%s's %s is a range %s..%s: ranked at "
				                 "its midpoint %s",
				                 m->options[o].name, cr->name, a, b, mid);
		}
	}
	if (attr != stack)
		free(attr);
}

tdm_status
tdm__resolve(const tdm_model *m, const tdm_hooks *hooks, tdm_result *r,
             double *x, unsigned char *eligible, tdm_error *err)
{
	size_t n = m->n_options, c, o;
	tdm_error bad;
	tdm_status s;
	int any_range = 0; /* note_ranges has nothing to say without one */

	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		long attr = tdm_model_find_attr(m, cr->name);

		if (cr->vf.kind != TDM_VF_NONE && cr->score_fn == 0 &&
		    (s = tdm_value_fn_check(&cr->vf, &bad)) != TDM_OK)
			/* the Lua side checks rules; a model built in C may not */
			return tdm_error_set(err, s,
			                     tdm_model_source_name(m, cr->source),
			                     cr->line, 0, "criterion '%s': %s", cr->name,
			                     bad.message);
		if (attr < 0 && cr->score_fn == 0)
			return tdm_error_set(
				err, TDM_DATA, tdm_model_source_name(m, cr->source),
				cr->line, 0,
				"criterion '%s' has no attribute of that name in any "
				"option and no score function",
				cr->name);
		for (o = 0; o < n; o++) {
			const tdm_value *v = tdm_model_value(m, o, attr);
			tdm_option_result *or = &r->options[o];
			double *cell = &x[c * n + o];
			tdm_value scored;

			*cell = 0;
			if (cr->score_fn > 0) {
				if (hooks == NULL || hooks->score == NULL)
					return value_error(m, o, NULL, cr, TDM_EVAL,
					                   "score is a function but no Lua "
					                   "state runs it",
					                   err);
				s = hooks->score(hooks->ud, m, c, o, cell, err);
				if (s != TDM_OK)
					return s;
				if (!isfinite(*cell))
					return value_error(m, o, NULL, cr, TDM_EVAL,
					                   "score is not a finite number", err);
				/* The guardrail looks at the attribute when there is
				 * one, else at the score. */
				if (attr < 0) {
					scored.type = TDM_VAL_NUMBER;
					scored.column = 0;
					scored.as.num = *cell;
					v = &scored;
				}
			} else if (v->type == TDM_VAL_MISSING) {
				if (!cr->must.is_set &&
				    (s = add_reason(or, TDM_REASON_MISSING, c, NULL, NULL,
				                    err)) != TDM_OK)
					return s;
			} else if (cr->vf.kind != TDM_VF_NONE) {
				if ((s = apply_rule(m, o, cr, v, cell, err)) != TDM_OK)
					return s;
			} else if ((s = to_number(m, o, cr, v, cell, err)) != TDM_OK) {
				return s;
			}
			any_range |= v->type == TDM_VAL_RANGE;
			if (cr->has_scale && v->type == TDM_VAL_RANGE &&
			    cr->vf.kind == TDM_VF_NONE && cr->score_fn == 0 &&
			    (v->as.range.lo < cr->scale_lo ||
			     v->as.range.hi > cr->scale_hi)) {
				char what[300], a[40], b[40], val[100];
				snprintf(what, sizeof what,
				         "the range %s is not within its scale %s..%s",
				         tdm_value_format(v, val, sizeof val),
				         tdm_format_number(cr->scale_lo, a, sizeof a),
				         tdm_format_number(cr->scale_hi, b, sizeof b));
				return value_error(m, o, v, cr, TDM_DATA, what, err);
			}
			if (cr->has_scale && v->type != TDM_VAL_MISSING &&
			    (*cell < cr->scale_lo || *cell > cr->scale_hi)) {
				char what[300], a[40], b[40], val[40];
				snprintf(what, sizeof what, "%s is outside its scale %s..%s",
				         tdm_format_number(*cell, val, sizeof val),
				         tdm_format_number(cr->scale_lo, a, sizeof a),
				         tdm_format_number(cr->scale_hi, b, sizeof b));
				return value_error(m, o, v, cr, TDM_DATA, what, err);
			}
			if ((s = check_must(m, hooks, c, o, v, or, err)) != TDM_OK)
				return s;
		}
	}
	for (o = 0; o < n; o++)
		eligible[o] = r->options[o].n_reasons == 0;
	if (any_range)
		note_ranges(m, r, x, eligible);
	return TDM_OK;
}
