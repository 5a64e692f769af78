/*
 * render_diff.c -- writing a decision diff (diff.h): text (table), md,
 * json, and csv as rows of section,item,field,old,new.
 *
 * Owns the words of `tradeoff diff`. Must not compute: diff.c does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "render.h"

static const char *
better_name(tdm_better b)
{
	return b == TDM_BETTER_LOWER ? "lower" : "higher";
}

static char *
num(double x, char *buf, size_t size)
{
	return tdm_format_number(x, buf, size);
}

static char *
weight_text(int has, double w, char *buf, size_t size)
{
	if (!has)
		snprintf(buf, size, "-");
	else
		num(w, buf, size);
	return buf;
}

static int
norm_changed(const tdm_diff_criterion *c)
{
	return fabs(c->old_norm - c->new_norm) > 1e-12;
}

static int
weight_changed(const tdm_diff_criterion *c)
{
	return c->has_old_weight != c->has_new_weight ||
	       c->old_weight != c->new_weight;
}

static const char *
edit_label(const tdm_diff_edit *e, char *buf, size_t size)
{
	switch (e->kind) {
	case TDM_DIFF_EDIT_WEIGHTS: return "the weights";
	case TDM_DIFF_EDIT_GUARDRAILS: return "the guardrails and directions";
	case TDM_DIFF_EDIT_CRITERIA: return "the criteria added and removed";
	case TDM_DIFF_EDIT_OPTIONS: return "the options added and removed";
	case TDM_DIFF_EDIT_VALUES:
		snprintf(buf, size, "the values of '%s'", e->option);
		return buf;
	}
	return "?";
}

static const char *
rank_text(long rank, int present, tdm_verdict v, char *buf, size_t size)
{
	if (!present)
		snprintf(buf, size, "absent");
	else if (rank > 0)
		snprintf(buf, size, "%ld", rank);
	else
		snprintf(buf, size, "%s", tdm_verdict_name(v));
	return buf;
}

/* text and md share one layout; md adds headings and list markers */
static void
render_text(tdm__out *o, const tdm_diff *d, int md)
{
	char a[64], b[64], c2[64], d2[64], lbl[200];
	const char *bullet = md ? "- " : "  ";
	size_t i;
	int any;

	tdm__out_printf(o, md ? "# Decision diff: %s -> %s\n\n"
	                      : "diff %s -> %s\n",
	                d->old_name, d->new_name);
	if (strcmp(d->old_method, d->new_method) != 0)
		tdm__out_printf(o, "%smethod %s -> %s\n", md ? "- " : "",
		                d->old_method, d->new_method);
	if (d->winner_changed)
		tdm__out_printf(o, "%swinner: %s -> %s\n", md ? "- " : "",
		                d->old_winner ? d->old_winner : "(none)",
		                d->new_winner ? d->new_winner : "(none)");
	else
		tdm__out_printf(o, "%swinner: %s (unchanged)\n", md ? "- " : "",
		                d->new_winner ? d->new_winner : "(none)");

	any = 0;
	for (i = 0; i < d->n_criteria; i++) {
		const tdm_diff_criterion *c = &d->criteria[i];
		if (c->in_old && c->in_new && !weight_changed(c) &&
		    !norm_changed(c) && !c->better_changed && !c->must_changed)
			continue;
		if (!any++)
			tdm__out_puts(o, md ? "\n## Criteria\n\n" : "\ncriteria:\n");
		if (!c->in_old) {
			tdm__out_printf(o, "%s+ %s: weight %s (normalised %.3f), %s "
			                   "is better%s%s\n",
			                bullet, c->name,
			                weight_text(c->has_new_weight, c->new_weight, a,
			                            sizeof a),
			                c->new_norm, better_name(c->new_better),
			                c->new_must ? ", must " : "",
			                c->new_must ? c->new_must : "");
			continue;
		}
		if (!c->in_new) {
			tdm__out_printf(o, "%s- %s: weight %s (normalised %.3f)\n",
			                bullet, c->name,
			                weight_text(c->has_old_weight, c->old_weight, a,
			                            sizeof a),
			                c->old_norm);
			continue;
		}
		if (weight_changed(c))
			tdm__out_printf(
			    o, "%s~ %s: weight %s -> %s (normalised %.3f -> %.3f)\n",
			    bullet, c->name,
			    weight_text(c->has_old_weight, c->old_weight, a, sizeof a),
			    weight_text(c->has_new_weight, c->new_weight, b, sizeof b),
			    c->old_norm, c->new_norm);
		else if (norm_changed(c))
			tdm__out_printf(
			    o, "%s~ %s: weight %s (normalised %.3f -> %.3f)\n", bullet,
			    c->name,
			    weight_text(c->has_new_weight, c->new_weight, b, sizeof b),
			    c->old_norm, c->new_norm);
		if (c->better_changed)
			tdm__out_printf(o, "%s~ %s: better %s -> %s\n", bullet, c->name,
			                better_name(c->old_better),
			                better_name(c->new_better));
		if (c->must_changed)
			tdm__out_printf(o, "%s~ %s: must %s -> %s\n", bullet, c->name,
			                c->old_must ? c->old_must : "(none)",
			                c->new_must ? c->new_must : "(none)");
	}

	any = 0;
	for (i = 0; i < d->n_options; i++) {
		const tdm_diff_option *p = &d->options[i];
		if (p->in_old && p->in_new)
			continue;
		if (!any++)
			tdm__out_puts(o, md ? "\n## Options\n\n" : "\noptions:\n");
		tdm__out_printf(o, "%s%c %s\n", bullet, p->in_new ? '+' : '-',
		                p->name);
	}

	if (d->n_values > 0)
		tdm__out_puts(o, md ? "\n## Values\n\n" : "\nvalues:\n");
	for (i = 0; i < d->n_values; i++) {
		const tdm_diff_value *v = &d->values[i];
		tdm__out_printf(o, "%s%s.%s: %s -> %s\n", bullet, v->option, v->attr,
		                tdm_value_format(v->old_value, a, sizeof a),
		                tdm_value_format(v->new_value, b, sizeof b));
	}

	tdm__out_puts(o, md ? "\n## Ranking\n\n| option | old | new | old score "
	                      "| new score |\n|---|---|---|---|---|\n"
	                    : "\nranking (old -> new):\n");
	for (i = 0; i < d->n_options; i++) {
		const tdm_diff_option *p = &d->options[i];
		rank_text(p->old_rank, p->in_old, p->old_verdict, a, sizeof a);
		rank_text(p->new_rank, p->in_new, p->new_verdict, b, sizeof b);
		snprintf(c2, sizeof c2, "%.4f", p->old_score);
		snprintf(d2, sizeof d2, "%.4f", p->new_score);
		if (md)
			tdm__out_printf(o, "| %s | %s | %s | %s | %s |\n", p->name, a, b,
			                p->old_rank > 0 ? c2 : "", p->new_rank > 0 ? d2
			                                                        : "");
		else
			tdm__out_printf(o, "  %-24s %8s -> %-8s %6s -> %s\n", p->name,
			                a, b, p->old_rank > 0 ? c2 : "-",
			                p->new_rank > 0 ? d2 : "-");
	}

	if (d->n_edits == 0)
		return;
	tdm__out_puts(o, md ? "\n## Each edit alone\n\n"
	                    : "\neach edit alone, on the old decision:\n");
	for (i = 0; i < d->n_edits; i++) {
		const tdm_diff_edit *e = &d->edits[i];
		const char *label = edit_label(e, lbl, sizeof lbl);
		if (!e->evaluated)
			tdm__out_printf(o, "%s%s: not replayed (%s)\n", bullet, label,
			                e->why);
		else if (e->flips)
			tdm__out_printf(o, "%s%s: %s wins instead of %s%s\n", bullet,
			                label,
			                e->winner ? e->winner
			                          : "no single option (a tie, or none "
			                            "ranked)",
			                d->old_winner ? d->old_winner : "no one",
			                e->gives_new_winner ? " (the new winner)" : "");
		else
			tdm__out_printf(o, "%s%s: %s still wins\n", bullet, label,
			                d->old_winner ? d->old_winner : "no one");
	}
	if (d->winner_changed) {
		int n = 0;
		tdm__out_puts(o, "\n");
		for (i = 0; i < d->n_edits; i++)
			n += d->edits[i].gives_new_winner;
		if (d->combination_only)
			tdm__out_printf(o, "No single edit changes the winner alone: "
			                   "the combination makes %s win.\n",
			                d->new_winner ? d->new_winner : "no one");
		else if (n > 0) {
			int k = 0;
			tdm__out_puts(o, "The change of winner is accounted for by ");
			for (i = 0; i < d->n_edits; i++)
				if (d->edits[i].gives_new_winner)
					tdm__out_printf(o, "%s%s", k++ ? (k == n ? " or " : ", ")
					                               : "",
					                edit_label(&d->edits[i], lbl, sizeof lbl));
			tdm__out_printf(o, " alone.\n");
		} else {
			tdm__out_puts(o, "Some edits alone change the winner, but none "
			                 "alone to the new one: the combination does.\n");
		}
	}
}

static void
json_weight(tdm__json *j, const char *key, int has, double w)
{
	tdm__json_key(j, key);
	if (has)
		tdm__json_num(j, w);
	else
		tdm__json_null(j);
}

static void
json_text(tdm__json *j, const char *key, const char *s)
{
	tdm__json_key(j, key);
	if (s != NULL)
		tdm__json_str(j, s);
	else
		tdm__json_null(j);
}

static void
render_json(tdm__out *o, const tdm_diff *d)
{
	tdm__json j;
	size_t i;
	char lbl[200];

	tdm__json_init(&j, o);
	tdm__json_open(&j, '{');
	json_text(&j, "old", d->old_name);
	json_text(&j, "new", d->new_name);
	json_text(&j, "old_method", d->old_method);
	json_text(&j, "new_method", d->new_method);
	json_text(&j, "old_winner", d->old_winner);
	json_text(&j, "new_winner", d->new_winner);
	tdm__json_key(&j, "winner_changed");
	tdm__json_bool(&j, d->winner_changed);
	tdm__json_key(&j, "criteria");
	tdm__json_open(&j, '[');
	for (i = 0; i < d->n_criteria; i++) {
		const tdm_diff_criterion *c = &d->criteria[i];
		tdm__json_open(&j, '{');
		json_text(&j, "name", c->name);
		json_text(&j, "change", !c->in_old ? "added"
		                        : !c->in_new ? "removed"
		                        : (weight_changed(c) || norm_changed(c) ||
		                           c->better_changed || c->must_changed)
		                            ? "changed"
		                            : "same");
		json_weight(&j, "old_weight", c->in_old && c->has_old_weight,
		            c->old_weight);
		json_weight(&j, "new_weight", c->in_new && c->has_new_weight,
		            c->new_weight);
		json_weight(&j, "old_normalized", c->in_old, c->old_norm);
		json_weight(&j, "new_normalized", c->in_new, c->new_norm);
		json_text(&j, "old_better", c->in_old ? better_name(c->old_better)
		                                      : NULL);
		json_text(&j, "new_better", c->in_new ? better_name(c->new_better)
		                                      : NULL);
		json_text(&j, "old_must", c->old_must);
		json_text(&j, "new_must", c->new_must);
		tdm__json_close(&j, '}');
	}
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "options");
	tdm__json_open(&j, '[');
	for (i = 0; i < d->n_options; i++) {
		const tdm_diff_option *p = &d->options[i];
		tdm__json_open(&j, '{');
		json_text(&j, "name", p->name);
		json_text(&j, "change", !p->in_old ? "added"
		                        : !p->in_new ? "removed" : "kept");
		tdm__json_key(&j, "old_rank");
		if (p->old_rank > 0) tdm__json_long(&j, p->old_rank);
		else tdm__json_null(&j);
		tdm__json_key(&j, "new_rank");
		if (p->new_rank > 0) tdm__json_long(&j, p->new_rank);
		else tdm__json_null(&j);
		json_text(&j, "old_verdict",
		          p->in_old ? tdm_verdict_name(p->old_verdict) : NULL);
		json_text(&j, "new_verdict",
		          p->in_new ? tdm_verdict_name(p->new_verdict) : NULL);
		json_weight(&j, "old_score", p->old_rank > 0, p->old_score);
		json_weight(&j, "new_score", p->new_rank > 0, p->new_score);
		tdm__json_close(&j, '}');
	}
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "values");
	tdm__json_open(&j, '[');
	for (i = 0; i < d->n_values; i++) {
		tdm__json_open(&j, '{');
		json_text(&j, "option", d->values[i].option);
		json_text(&j, "attribute", d->values[i].attr);
		tdm__json_key(&j, "old");
		tdm__json_value(&j, d->values[i].old_value);
		tdm__json_key(&j, "new");
		tdm__json_value(&j, d->values[i].new_value);
		tdm__json_close(&j, '}');
	}
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "edits_alone");
	tdm__json_open(&j, '[');
	for (i = 0; i < d->n_edits; i++) {
		const tdm_diff_edit *e = &d->edits[i];
		tdm__json_open(&j, '{');
		json_text(&j, "edit", edit_label(e, lbl, sizeof lbl));
		tdm__json_key(&j, "evaluated");
		tdm__json_bool(&j, e->evaluated);
		if (!e->evaluated)
			json_text(&j, "why", e->why);
		json_text(&j, "winner", e->winner);
		tdm__json_key(&j, "flips_winner");
		tdm__json_bool(&j, e->flips);
		tdm__json_key(&j, "gives_new_winner");
		tdm__json_bool(&j, e->gives_new_winner);
		tdm__json_close(&j, '}');
	}
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "combination_only");
	tdm__json_bool(&j, d->combination_only);
	tdm__json_close(&j, '}');
	tdm__out_putc(o, '\n');
}

static void
csv_field(tdm__out *o, const char *s)
{
	tdm__out_putc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			tdm__out_putc(o, '"');
		tdm__out_putc(o, *s);
	}
	tdm__out_putc(o, '"');
}

static void
csv_row(tdm__out *o, const char *sec, const char *item, const char *field,
        const char *old_v, const char *new_v)
{
	csv_field(o, sec);
	tdm__out_putc(o, ',');
	csv_field(o, item);
	tdm__out_putc(o, ',');
	csv_field(o, field);
	tdm__out_putc(o, ',');
	csv_field(o, old_v);
	tdm__out_putc(o, ',');
	csv_field(o, new_v);
	tdm__out_putc(o, '\n');
}

static void
render_csv(tdm__out *o, const tdm_diff *d)
{
	char a[64], b[64];
	size_t i;

	tdm__out_puts(o, "section,item,field,old,new\n");
	csv_row(o, "decision", "", "winner", d->old_winner ? d->old_winner : "",
	        d->new_winner ? d->new_winner : "");
	for (i = 0; i < d->n_criteria; i++) {
		const tdm_diff_criterion *c = &d->criteria[i];
		csv_row(o, "criterion", c->name, "weight",
		        c->in_old ? weight_text(c->has_old_weight, c->old_weight, a,
		                                sizeof a)
		                  : "",
		        c->in_new ? weight_text(c->has_new_weight, c->new_weight, b,
		                                sizeof b)
		                  : "");
		if (c->must_changed)
			csv_row(o, "criterion", c->name, "must",
			        c->old_must ? c->old_must : "",
			        c->new_must ? c->new_must : "");
		if (c->better_changed)
			csv_row(o, "criterion", c->name, "better",
			        better_name(c->old_better), better_name(c->new_better));
	}
	for (i = 0; i < d->n_values; i++)
		csv_row(o, "value", d->values[i].option, d->values[i].attr,
		        tdm_value_format(d->values[i].old_value, a, sizeof a),
		        tdm_value_format(d->values[i].new_value, b, sizeof b));
	for (i = 0; i < d->n_options; i++) {
		const tdm_diff_option *p = &d->options[i];
		csv_row(o, "option", p->name, "rank",
		        rank_text(p->old_rank, p->in_old, p->old_verdict, a, sizeof a),
		        rank_text(p->new_rank, p->in_new, p->new_verdict, b,
		                  sizeof b));
	}
}

tdm_status
tdm__render_diff(const tdm_diff *d, const tdm_render_spec *spec,
                 tdm_write_fn write, void *ud, tdm_error *err)
{
	tdm__out o;

	tdm__out_init(&o, write, ud);
	switch (spec->format) {
	case TDM_FORMAT_JSON: render_json(&o, d); break;
	case TDM_FORMAT_CSV: render_csv(&o, d); break;
	case TDM_FORMAT_MD: render_text(&o, d, 1); break;
	default: render_text(&o, d, 0); break;
	}
	return tdm__out_finish(&o, err);
}
