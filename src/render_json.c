/*
 * render_json.c -- the whole result as one JSON object (doc/json.md).
 *
 * Owns the JSON schema: which keys exist, their order and types. Output is
 * pretty-printed with two-space indents in the layout of Python's
 * json.dumps(indent=2) and ends with "\n". Strings are escaped (quote,
 * backslash, control characters; invalid UTF-8 becomes U+FFFD), numbers are
 * shortest round-trip and a non-finite number is null. Must not touch
 * FILE* (it writes through tdm__out); a key, once published, keeps its name
 * and type.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* The schema nests five deep; deeper would be a bug, and is clamped
 * rather than overrunning count[]. */
#define JSON_MAX_DEPTH 16

typedef struct json {
	tdm__out *o;
	int depth;
	int count[JSON_MAX_DEPTH]; /* values written so far at each depth */
	int after_key;             /* a key was written: the value follows */
} json;

static void
indent(json *j)
{
	int i;

	tdm__out_putc(j->o, '\n');
	for (i = 0; i < j->depth; i++)
		tdm__out_puts(j->o, "  ");
}

/* Separator and indent before a value (or a key) in the current container. */
static void
before_value(json *j)
{
	int d;

	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0)
		return;
	d = j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth;
	if (j->count[d - 1] > 0)
		tdm__out_putc(j->o, ',');
	j->count[d - 1]++;
	indent(j);
}

static void
string_body(tdm__out *o, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	char esc[16];
	long cp;

	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		const char *rep = NULL;

		if (cp < 0) {
			rep = "\\ufffd";
		} else if (cp == '"') {
			rep = "\\\"";
		} else if (cp == '\\') {
			rep = "\\\\";
		} else if (cp == '\n') {
			rep = "\\n";
		} else if (cp == '\r') {
			rep = "\\r";
		} else if (cp == '\t') {
			rep = "\\t";
		} else if (cp == '\b') {
			rep = "\\b";
		} else if (cp == '\f') {
			rep = "\\f";
		} else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 ||
		           cp == 0x2029) {
			/* U+2028/9 are legal JSON but end a line in JavaScript. */
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			rep = esc;
		}
		if (rep != NULL) {
			tdm__out_write(o, s + start, i - start);
			tdm__out_puts(o, rep);
			start = i + n;
		}
		i += n;
	}
	tdm__out_write(o, s + start, len - start);
}

void
tdm__json_string(tdm__out *o, const char *s)
{
	if (s == NULL) {
		tdm__out_puts(o, "null");
		return;
	}
	tdm__out_putc(o, '"');
	string_body(o, s, strlen(s));
	tdm__out_putc(o, '"');
}

static void
j_strn(json *j, const char *s, size_t len)
{
	before_value(j);
	tdm__out_putc(j->o, '"');
	string_body(j->o, s, len);
	tdm__out_putc(j->o, '"');
}

static void
j_null(json *j)
{
	before_value(j);
	tdm__out_puts(j->o, "null");
}

/* A string, or null for NULL. */
static void
j_str(json *j, const char *s)
{
	if (s == NULL)
		j_null(j);
	else
		j_strn(j, s, strlen(s));
}

static void
j_num(json *j, double x)
{
	char buf[40];
	const char *s = tdm__number(x, buf, sizeof buf);

	before_value(j);
	tdm__out_puts(j->o, s != NULL ? s : "null");
}

static void
j_long(json *j, long x)
{
	before_value(j);
	tdm__out_printf(j->o, "%ld", x);
}

static void
j_bool(json *j, int b)
{
	before_value(j);
	tdm__out_puts(j->o, b ? "true" : "false");
}

static void
j_key(json *j, const char *key)
{
	before_value(j);
	tdm__out_putc(j->o, '"');
	string_body(j->o, key, strlen(key));
	tdm__out_puts(j->o, "\": ");
	j->after_key = 1;
}

static void
j_open(json *j, char c)
{
	before_value(j);
	tdm__out_putc(j->o, c);
	if (j->depth < JSON_MAX_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

static void
j_close(json *j, char c)
{
	int d = j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth;
	int empty = j->count[d - 1] == 0;

	j->depth--;
	if (!empty)
		indent(j);
	tdm__out_putc(j->o, c);
}

static void
value(json *j, const tdm_value *v)
{
	switch (v->type) {
	case TDM_VAL_NUMBER:
		j_num(j, v->as.num);
		break;
	case TDM_VAL_STRING:
		j_str(j, v->as.str);
		break;
	case TDM_VAL_BOOL:
		j_bool(j, v->as.boolean);
		break;
	default:
		j_null(j);
		break;
	}
}

static void
criteria(json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t c, k;

	j_key(j, "criteria");
	j_open(j, '[');
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];

		j_open(j, '{');
		j_key(j, "name");
		j_str(j, cr->name);
		j_key(j, "weight");
		j_num(j, r->weights[c]);
		j_key(j, "given_weight");
		if (cr->has_weight)
			j_num(j, cr->weight);
		else
			j_null(j);
		j_key(j, "better");
		j_str(j, cr->better == TDM_BETTER_LOWER ? "lower" : "higher");
		j_key(j, "unit");
		j_str(j, cr->unit);
		j_key(j, "scale");
		if (cr->has_scale) {
			j_open(j, '[');
			j_num(j, cr->scale_lo);
			j_num(j, cr->scale_hi);
			j_close(j, ']');
		} else {
			j_null(j);
		}
		j_key(j, "levels");
		if (cr->levels != NULL && cr->n_levels > 0) {
			j_open(j, '{');
			for (k = 0; k < cr->n_levels; k++) {
				j_key(j, cr->levels[k].name ? cr->levels[k].name : "");
				j_num(j, cr->levels[k].value);
			}
			j_close(j, '}');
		} else {
			j_null(j);
		}
		j_key(j, "must");
		j_str(j, cr->must.is_set ? cr->must.text : NULL);
		j_key(j, "must_is_function");
		j_bool(j, cr->must.is_set && cr->must.fn > 0);
		j_key(j, "because");
		j_str(j, cr->because);
		j_close(j, '}');
	}
	j_close(j, ']');
}

/* {"criterion": v[c], ...} or null when the option has no such values. */
static void
per_criterion(json *j, const tdm_result *r, const double *v)
{
	size_t c;

	if (v == NULL) {
		j_null(j);
		return;
	}
	j_open(j, '{');
	for (c = 0; c < r->model->n_criteria; c++) {
		j_key(j, r->model->criteria[c].name);
		j_num(j, v[c]);
	}
	j_close(j, '}');
}

static void
reasons(json *j, const tdm_result *r, const tdm_option_result *opt,
        tdm__rbuf *tmp)
{
	size_t k;

	j_key(j, "reasons");
	j_open(j, '[');
	for (k = 0; k < opt->n_reasons; k++) {
		const tdm_reason *rs = &opt->reasons[k];
		const tdm_criterion *cr = NULL;

		if (rs->criterion < r->model->n_criteria)
			cr = &r->model->criteria[rs->criterion];
		j_open(j, '{');
		j_key(j, "kind");
		if (rs->kind == TDM_REASON_DOMINATED) {
			j_str(j, "dominated");
			j_key(j, "dominated_by");
			j_str(j, rs->other < r->model->n_options
			             ? r->model->options[rs->other].name : NULL);
			j_key(j, "text");
			tdm__rbuf_clear(tmp);
			tdm__reason_text(tmp, r, rs);
			j_strn(j, tdm__rbuf_str(tmp), tmp->len);
			j_close(j, '}');
			continue;
		}
		j_str(j, rs->kind == TDM_REASON_MISSING ? "missing" : "guardrail");
		j_key(j, "criterion");
		j_str(j, cr != NULL ? cr->name : NULL);
		j_key(j, "value");
		value(j, &rs->observed);
		j_key(j, "must");
		j_str(j, cr != NULL && cr->must.is_set ? cr->must.text : NULL);
		j_key(j, "because");
		j_str(j, cr != NULL ? cr->because : NULL);
		j_key(j, "detail");
		j_str(j, rs->detail);
		j_key(j, "text");
		tdm__rbuf_clear(tmp);
		tdm__reason_text(tmp, r, rs);
		j_strn(j, tdm__rbuf_str(tmp), tmp->len);
		j_close(j, '}');
	}
	j_close(j, ']');
}

static const char *const pref_names[] = {"usual",  "ushape", "vshape",
                                         "level",  "linear", "gaussian"};

/* "parameters", and what VIKOR and SPOTIS report, inside "method". */
static void
method_details(json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t c, i;

	j_key(j, "parameters");
	j_open(j, '{');
	if (strcmp(r->method, "vikor") == 0) {
		j_key(j, "v");
		j_num(j, r->info.vikor_v);
	} else if (strcmp(r->method, "promethee2") == 0) {
		j_key(j, "preference");
		j_open(j, '{');
		for (c = 0; c < m->n_criteria; c++) {
			const tdm_criterion *cr = &m->criteria[c];
			tdm_pref p = cr->has_pref ? cr->pref : TDM_PREF_USUAL;
			j_key(j, cr->name);
			j_open(j, '{');
			j_key(j, "function");
			j_str(j, (size_t)p < 6 ? pref_names[p] : NULL);
			j_key(j, "q");
			j_num(j, cr->q);
			j_key(j, "p");
			j_num(j, cr->p);
			j_key(j, "s");
			j_num(j, cr->s);
			j_close(j, '}');
		}
		j_close(j, '}');
	} else if (strcmp(r->method, "spotis") == 0 &&
	           r->info.bounds_from_data != NULL) {
		j_key(j, "bounds");
		j_open(j, '{');
		for (c = 0; c < m->n_criteria; c++) {
			j_key(j, m->criteria[c].name);
			j_str(j, r->info.bounds_from_data[c] ? "data" : "scale");
		}
		j_close(j, '}');
	}
	j_close(j, '}');
	if (strcmp(r->method, "vikor") == 0) {
		j_key(j, "compromise");
		j_open(j, '{');
		j_key(j, "options");
		j_open(j, '[');
		for (i = 0; i < r->info.n_compromise; i++)
			j_str(j, m->options[r->info.compromise[i]].name);
		j_close(j, ']');
		j_key(j, "acceptable_advantage");
		j_bool(j, r->info.vikor_advantage);
		j_key(j, "acceptable_stability");
		j_bool(j, r->info.vikor_stability);
		j_close(j, '}');
	}
}

/* "scheme" and, for AHP, its consistency figures, inside "weights". */
static void
weighting(json *j, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t i;

	j_key(j, "scheme");
	j_str(j, r->weighting[0] ? r->weighting : "direct");
	if (strcmp(r->weighting, "roc") == 0) {
		j_key(j, "order");
		j_open(j, '[');
		for (i = 0; i < m->n_order; i++)
			j_str(j, m->order[i]);
		j_close(j, ']');
	}
	if (strcmp(r->weighting, "critic") == 0) {
		j_key(j, "critic_flip_cost");
		j_bool(j, m->critic_flip_cost);
	}
	if (r->has_ahp) {
		j_key(j, "ahp");
		j_open(j, '{');
		j_key(j, "lambda_max");
		j_num(j, r->ahp.lambda_max);
		j_key(j, "ci");
		j_num(j, r->ahp.ci);
		j_key(j, "cr");
		j_num(j, r->ahp.cr);
		j_key(j, "ri");
		j_num(j, r->ahp.ri);
		j_key(j, "ri_table");
		j_str(j, r->ahp.ri_table);
		j_key(j, "most_inconsistent");
		j_open(j, '{');
		j_key(j, "a");
		j_str(j, r->ahp.worst_a < m->n_criteria
		             ? m->criteria[r->ahp.worst_a].name : NULL);
		j_key(j, "b");
		j_str(j, r->ahp.worst_b < m->n_criteria
		             ? m->criteria[r->ahp.worst_b].name : NULL);
		j_key(j, "given");
		j_num(j, r->ahp.worst_given);
		j_key(j, "implied");
		j_num(j, r->ahp.worst_implied);
		j_close(j, '}');
		j_close(j, '}');
	}
}

static void
options(json *j, const tdm_result *r, tdm__rbuf *tmp)
{
	size_t i;

	j_key(j, "options");
	j_open(j, '[');
	for (i = 0; i < r->n_options && !j->o->failed; i++) {
		size_t idx = r->order[i];
		const tdm_option_result *opt = &r->options[idx];
		int ranked = opt->rank > 0;

		j_open(j, '{');
		j_key(j, "option");
		j_str(j, r->model->options[idx].name);
		j_key(j, "rank");
		if (ranked)
			j_long(j, opt->rank);
		else
			j_null(j);
		j_key(j, "score");
		if (ranked)
			j_num(j, opt->score);
		else
			j_null(j);
		j_key(j, "verdict");
		j_str(j, tdm_verdict_name(opt->verdict));
		j_key(j, "as_if_rank");
		if (opt->as_if_rank > 0)
			j_long(j, opt->as_if_rank);
		else
			j_null(j);
		j_key(j, "dominated_by");
		j_open(j, '[');
		{
			size_t k;
			for (k = 0; k < opt->n_reasons; k++)
				if (opt->reasons[k].kind == TDM_REASON_DOMINATED &&
				    opt->reasons[k].other < r->model->n_options)
					j_str(j, r->model->options[opt->reasons[k].other].name);
		}
		j_close(j, ']');
		j_key(j, "contributions");
		per_criterion(j, r, ranked && r->has_contributions ? opt->contrib
		                                                   : NULL);
		j_key(j, "normalized");
		per_criterion(j, r, ranked && strcmp(r->normalization, "own") != 0
		                        ? opt->norm : NULL);
		if (r->n_extra > 0) {
			size_t k;
			j_key(j, "method_values");
			j_open(j, '{');
			for (k = 0; k < r->n_extra; k++) {
				j_key(j, r->extra_names[k]);
				if (ranked)
					j_num(j, opt->extra[k]);
				else
					j_null(j);
			}
			j_close(j, '}');
		}
		reasons(j, r, opt, tmp);
		j_close(j, '}');
	}
	j_close(j, ']');
}

void
tdm__render_json(const tdm_result *r, tdm__out *o)
{
	const tdm_model *m = r->model;
	tdm__rbuf tmp;
	json j;
	size_t c;

	memset(&j, 0, sizeof j);
	j.o = o;
	tdm__rbuf_init(&tmp);

	j_open(&j, '{');
	j_key(&j, "tradeoff_version");
	j_str(&j, TDM_VERSION);

	j_key(&j, "decision");
	j_open(&j, '{');
	j_key(&j, "title");
	j_str(&j, m->title);
	j_key(&j, "context");
	j_str(&j, m->context);
	j_close(&j, '}');

	j_key(&j, "method");
	j_open(&j, '{');
	j_key(&j, "name");
	j_str(&j, r->method);
	j_key(&j, "direction");
	j_str(&j, r->direction == TDM_DIR_LOWER ? "lower" : "higher");
	method_details(&j, r);
	j_close(&j, '}');

	j_key(&j, "normalization");
	j_str(&j, r->normalization);

	j_key(&j, "weights");
	j_open(&j, '{');
	j_key(&j, "used");
	j_open(&j, '{');
	for (c = 0; c < m->n_criteria; c++) {
		j_key(&j, m->criteria[c].name);
		j_num(&j, r->weights[c]);
	}
	j_close(&j, '}');
	j_key(&j, "given");
	j_open(&j, '{');
	for (c = 0; c < m->n_criteria; c++) {
		j_key(&j, m->criteria[c].name);
		if (m->criteria[c].has_weight)
			j_num(&j, m->criteria[c].weight);
		else
			j_null(&j);
	}
	j_close(&j, '}');
	j_key(&j, "given_sum");
	j_num(&j, r->weight_sum);
	j_key(&j, "normalized");
	j_bool(&j, r->weights_normalized);
	weighting(&j, r);
	j_close(&j, '}');

	criteria(&j, r);
	options(&j, r, &tmp);
	j_key(&j, "notes");
	j_open(&j, '[');
	for (c = 0; c < r->n_notes; c++)
		j_str(&j, r->notes[c]);
	j_close(&j, ']');
	j_close(&j, '}');
	tdm__out_putc(o, '\n');

	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}
