/*
 * render_json.c -- the whole result as one JSON object (doc/json.md).
 *
 * Owns the JSON schema: which keys exist, their order and types, including
 * the "reasons" array that `explain` shares (tdm__json_reasons). The layout
 * and escaping are the writer's (render_jsonw.c: Python's
 * json.dumps(indent=2), non-finite numbers as null); the document ends with
 * "\n". Must not touch FILE* (it writes through tdm__out); a key, once
 * published, keeps its name and type.
 */
#include <string.h>

#include "render.h"
#include "tdm.h"

static void
criteria(tdm__json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t c, k;

	tdm__json_key(j, "criteria");
	tdm__json_open(j, '[');
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];

		tdm__json_open(j, '{');
		tdm__json_key(j, "name");
		tdm__json_str(j, cr->name);
		tdm__json_key(j, "weight");
		tdm__json_num(j, r->weights[c]);
		tdm__json_key(j, "given_weight");
		if (cr->has_weight)
			tdm__json_num(j, cr->weight);
		else
			tdm__json_null(j);
		tdm__json_key(j, "better");
		tdm__json_str(j, cr->better == TDM_BETTER_LOWER ? "lower"
		                                                 : "higher");
		tdm__json_key(j, "unit");
		tdm__json_str(j, cr->unit);
		tdm__json_key(j, "scale");
		if (cr->has_scale) {
			tdm__json_open(j, '[');
			tdm__json_num(j, cr->scale_lo);
			tdm__json_num(j, cr->scale_hi);
			tdm__json_close(j, ']');
		} else {
			tdm__json_null(j);
		}
		tdm__json_key(j, "levels");
		if (cr->levels != NULL && cr->n_levels > 0) {
			tdm__json_open(j, '{');
			for (k = 0; k < cr->n_levels; k++) {
				/* a NULL name is written as "" */
				tdm__json_key(j, cr->levels[k].name);
				tdm__json_num(j, cr->levels[k].value);
			}
			tdm__json_close(j, '}');
		} else {
			tdm__json_null(j);
		}
		tdm__json_key(j, "must");
		tdm__json_str(j, cr->must.is_set ? cr->must.text : NULL);
		tdm__json_key(j, "must_is_function");
		tdm__json_bool(j, cr->must.is_set && cr->must.fn > 0);
		tdm__json_key(j, "because");
		tdm__json_str(j, cr->because);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
}

/* {"criterion": v[c], ...} or null when the option has no such values. */
static void
per_criterion(tdm__json *j, const tdm_result *r, const double *v)
{
	size_t c;

	if (v == NULL) {
		tdm__json_null(j);
		return;
	}
	tdm__json_open(j, '{');
	for (c = 0; c < r->model->n_criteria; c++) {
		tdm__json_key(j, r->model->criteria[c].name);
		tdm__json_num(j, v[c]);
	}
	tdm__json_close(j, '}');
}

/* Shared with render_explain.c (see render.h), so that `explain` and
 * `rank` describe a reason with the same keys. */
void
tdm__json_reasons(tdm__json *j, const tdm_result *r,
                  const tdm_option_result *opt, tdm__rbuf *tmp)
{
	const tdm_model *m = r->model;
	size_t k;

	tdm__json_key(j, "reasons");
	tdm__json_open(j, '[');
	for (k = 0; k < opt->n_reasons; k++) {
		const tdm_reason *rs = &opt->reasons[k];
		const tdm_criterion *cr = NULL;

		if (rs->criterion < m->n_criteria)
			cr = &m->criteria[rs->criterion];
		tdm__json_open(j, '{');
		tdm__json_key(j, "kind");
		if (rs->kind == TDM_REASON_DOMINATED) {
			tdm__json_str(j, "dominated");
			tdm__json_key(j, "dominated_by");
			tdm__json_str(j, rs->other < m->n_options
			                     ? m->options[rs->other].name
			                     : NULL);
		} else {
			tdm__json_str(j, rs->kind == TDM_REASON_MISSING
			                     ? "missing" : "guardrail");
			tdm__json_key(j, "criterion");
			tdm__json_str(j, cr != NULL ? cr->name : NULL);
			tdm__json_key(j, "value");
			tdm__json_value(j, &rs->observed);
			tdm__json_key(j, "must");
			tdm__json_str(j, cr != NULL && cr->must.is_set
			                     ? cr->must.text : NULL);
			tdm__json_key(j, "because");
			tdm__json_str(j, cr != NULL ? cr->because : NULL);
			tdm__json_key(j, "detail");
			tdm__json_str(j, rs->detail);
		}
		tdm__json_key(j, "text");
		tdm__rbuf_clear(tmp);
		tdm__reason_text(tmp, r, rs);
		tdm__json_strn(j, tdm__rbuf_str(tmp), tmp->len);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
}

static const char *const pref_names[] = {"usual",  "ushape", "vshape",
                                         "level",  "linear", "gaussian"};

/* "parameters", and what VIKOR and SPOTIS report, inside "method". */
static void
method_details(tdm__json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t c, i;

	tdm__json_key(j, "parameters");
	tdm__json_open(j, '{');
	if (strcmp(r->method, "vikor") == 0) {
		tdm__json_key(j, "v");
		tdm__json_num(j, r->info.vikor_v);
	} else if (strcmp(r->method, "promethee2") == 0) {
		tdm__json_key(j, "preference");
		tdm__json_open(j, '{');
		for (c = 0; c < m->n_criteria; c++) {
			const tdm_criterion *cr = &m->criteria[c];
			tdm_pref p = cr->has_pref ? cr->pref : TDM_PREF_USUAL;
			tdm__json_key(j, cr->name);
			tdm__json_open(j, '{');
			tdm__json_key(j, "function");
			tdm__json_str(j, (size_t)p < 6 ? pref_names[p] : NULL);
			tdm__json_key(j, "q");
			tdm__json_num(j, cr->q);
			tdm__json_key(j, "p");
			tdm__json_num(j, cr->p);
			tdm__json_key(j, "s");
			tdm__json_num(j, cr->s);
			tdm__json_close(j, '}');
		}
		tdm__json_close(j, '}');
	} else if (strcmp(r->method, "spotis") == 0 &&
	           r->info.bounds_from_data != NULL) {
		tdm__json_key(j, "bounds");
		tdm__json_open(j, '{');
		for (c = 0; c < m->n_criteria; c++) {
			int from_data = r->info.bounds_from_data[c];

			tdm__json_key(j, m->criteria[c].name);
			tdm__json_str(j, from_data ? "data" : "scale");
		}
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, '}');
	if (strcmp(r->method, "vikor") == 0) {
		tdm__json_key(j, "compromise");
		tdm__json_open(j, '{');
		tdm__json_key(j, "options");
		tdm__json_open(j, '[');
		for (i = 0; i < r->info.n_compromise; i++)
			tdm__json_str(j,
			              m->options[r->info.compromise[i]].name);
		tdm__json_close(j, ']');
		tdm__json_key(j, "acceptable_advantage");
		tdm__json_bool(j, r->info.vikor_advantage);
		tdm__json_key(j, "acceptable_stability");
		tdm__json_bool(j, r->info.vikor_stability);
		tdm__json_close(j, '}');
	}
}

/* "scheme" and, for AHP, its consistency figures, inside "weights". */
static void
weighting(tdm__json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t i;

	tdm__json_key(j, "scheme");
	tdm__json_str(j, r->weighting[0] ? r->weighting : "direct");
	if (strcmp(r->weighting, "roc") == 0) {
		tdm__json_key(j, "order");
		tdm__json_open(j, '[');
		for (i = 0; i < m->n_order; i++)
			tdm__json_str(j, m->order[i]);
		tdm__json_close(j, ']');
	}
	if (strcmp(r->weighting, "critic") == 0) {
		tdm__json_key(j, "critic_flip_cost");
		tdm__json_bool(j, m->critic_flip_cost);
	}
	if (r->has_ahp) {
		tdm__json_key(j, "ahp");
		tdm__json_open(j, '{');
		tdm__json_key(j, "lambda_max");
		tdm__json_num(j, r->ahp.lambda_max);
		tdm__json_key(j, "ci");
		tdm__json_num(j, r->ahp.ci);
		tdm__json_key(j, "cr");
		tdm__json_num(j, r->ahp.cr);
		tdm__json_key(j, "ri");
		tdm__json_num(j, r->ahp.ri);
		tdm__json_key(j, "ri_table");
		tdm__json_str(j, r->ahp.ri_table);
		tdm__json_key(j, "most_inconsistent");
		tdm__json_open(j, '{');
		tdm__json_key(j, "a");
		tdm__json_str(j, r->ahp.worst_a < m->n_criteria
		             ? m->criteria[r->ahp.worst_a].name : NULL);
		tdm__json_key(j, "b");
		tdm__json_str(j, r->ahp.worst_b < m->n_criteria
		             ? m->criteria[r->ahp.worst_b].name : NULL);
		tdm__json_key(j, "given");
		tdm__json_num(j, r->ahp.worst_given);
		tdm__json_key(j, "implied");
		tdm__json_num(j, r->ahp.worst_implied);
		tdm__json_close(j, '}');
		tdm__json_close(j, '}');
	}
}

static void
options(tdm__json *j, const tdm_result *r, tdm__rbuf *tmp)
{
	size_t i;

	tdm__json_key(j, "options");
	tdm__json_open(j, '[');
	for (i = 0; i < r->n_options && !j->o->failed; i++) {
		size_t idx = r->order[i];
		const tdm_option_result *opt = &r->options[idx];
		int ranked = opt->rank > 0;

		tdm__json_open(j, '{');
		tdm__json_key(j, "option");
		tdm__json_str(j, r->model->options[idx].name);
		tdm__json_key(j, "rank");
		if (ranked)
			tdm__json_long(j, opt->rank);
		else
			tdm__json_null(j);
		tdm__json_key(j, "score");
		if (ranked)
			tdm__json_num(j, opt->score);
		else
			tdm__json_null(j);
		tdm__json_key(j, "verdict");
		tdm__json_str(j, tdm_verdict_name(opt->verdict));
		tdm__json_key(j, "as_if_rank");
		if (opt->as_if_rank > 0)
			tdm__json_long(j, opt->as_if_rank);
		else
			tdm__json_null(j);
		tdm__json_key(j, "dominated_by");
		tdm__json_open(j, '[');
		{
			size_t k;
			for (k = 0; k < opt->n_reasons; k++) {
				const tdm_reason *rs = &opt->reasons[k];

				if (rs->kind == TDM_REASON_DOMINATED &&
				    rs->other < r->model->n_options)
					tdm__json_str(j,
					              r->model->options[rs->other].name);
			}
		}
		tdm__json_close(j, ']');
		if (opt->n_dominators > TDM_MAX_DOMINATORS) {
			/* dominated_by names the best-ranked few */
			tdm__json_key(j, "dominators");
			tdm__json_long(j, (long)opt->n_dominators);
		}
		tdm__json_key(j, "contributions");
		per_criterion(j, r, ranked && r->has_contributions ? opt->contrib
		                                                   : NULL);
		tdm__json_key(j, "normalized");
		per_criterion(j, r, ranked && strcmp(r->normalization, "own") != 0
		                        ? opt->norm : NULL);
		if (r->n_extra > 0) {
			size_t k;
			tdm__json_key(j, "method_values");
			tdm__json_open(j, '{');
			for (k = 0; k < r->n_extra; k++) {
				tdm__json_key(j, r->extra_names[k]);
				if (ranked)
					tdm__json_num(j, opt->extra[k]);
				else
					tdm__json_null(j);
			}
			tdm__json_close(j, '}');
		}
		tdm__json_reasons(j, r, opt, tmp);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
}

void
tdm__render_json(const tdm_result *r, tdm__out *o)
{
	const tdm_model *m = r->model;
	tdm__rbuf tmp;
	tdm__json j;
	size_t c;

	tdm__json_init(&j, o);
	tdm__rbuf_init(&tmp);

	tdm__json_open(&j, '{');
	tdm__json_key(&j, "tradeoff_version");
	tdm__json_str(&j, TDM_VERSION);

	tdm__json_key(&j, "decision");
	tdm__json_open(&j, '{');
	tdm__json_key(&j, "title");
	tdm__json_str(&j, m->title);
	tdm__json_key(&j, "context");
	tdm__json_str(&j, m->context);
	tdm__json_close(&j, '}');

	tdm__json_key(&j, "method");
	tdm__json_open(&j, '{');
	tdm__json_key(&j, "name");
	tdm__json_str(&j, r->method);
	tdm__json_key(&j, "direction");
	tdm__json_str(&j, r->direction == TDM_DIR_LOWER ? "lower" : "higher");
	method_details(&j, r);
	tdm__json_close(&j, '}');

	tdm__json_key(&j, "normalization");
	tdm__json_str(&j, r->normalization);

	tdm__json_key(&j, "weights");
	tdm__json_open(&j, '{');
	tdm__json_key(&j, "used");
	tdm__json_open(&j, '{');
	for (c = 0; c < m->n_criteria; c++) {
		tdm__json_key(&j, m->criteria[c].name);
		tdm__json_num(&j, r->weights[c]);
	}
	tdm__json_close(&j, '}');
	tdm__json_key(&j, "given");
	tdm__json_open(&j, '{');
	for (c = 0; c < m->n_criteria; c++) {
		tdm__json_key(&j, m->criteria[c].name);
		if (m->criteria[c].has_weight)
			tdm__json_num(&j, m->criteria[c].weight);
		else
			tdm__json_null(&j);
	}
	tdm__json_close(&j, '}');
	tdm__json_key(&j, "given_sum");
	tdm__json_num(&j, r->weight_sum);
	tdm__json_key(&j, "normalized");
	tdm__json_bool(&j, r->weights_normalized);
	weighting(&j, r);
	tdm__json_close(&j, '}');

	criteria(&j, r);
	options(&j, r, &tmp);
	tdm__json_key(&j, "notes");
	tdm__json_open(&j, '[');
	for (c = 0; c < r->n_notes; c++)
		tdm__json_str(&j, r->notes[c]);
	tdm__json_close(&j, ']');
	tdm__json_close(&j, '}');
	tdm__out_putc(o, '\n');

	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}
