/*
 * decl_write.c -- write a model back as a decision file (Lua).
 *
 * Owns the written form of a decision: the layout, how strings, names,
 * keys and numbers are quoted so that the file loads (lua_decl.c) to an
 * equal model, and the rule that Lua functions are written from the source
 * text the loader kept (closures are never serialised). The output is
 * deterministic: no timestamp, criteria and options in model order, an
 * option's attributes sorted by name (the order the loader gives them ids
 * in), so writing a reloaded model gives the same bytes.
 *
 * Must not print, touch FILE* or know where the bytes go (a tdm_write_fn
 * takes them; fileio.c makes a file of them atomically), and must not run
 * Lua.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

#define INDENT "  "

typedef struct writer {
	tdm_write_fn write;
	void *ud;
	tdm_error *err;
} writer;

static tdm_status
put_n(writer *w, const char *s, size_t len)
{
	if (len == 0)
		return TDM_OK;
	if (w->write(w->ud, s, len) != 0)
		return tdm_error_set(w->err, TDM_IO, NULL, 0, 0,
		                     "cannot write the decision file");
	return TDM_OK;
}

static tdm_status
put(writer *w, const char *s)
{
	return put_n(w, s, strlen(s));
}

/* ------------------------------------------------------------------------
 * Numbers, strings, keys
 * --------------------------------------------------------------------- */

/* A finite number in its shortest round-trip form. -0 is written -0.0:
 * Lua reads "-0" as the integer 0. `what` names the number in the error
 * for a non-finite one, which a decision file cannot hold. */
static tdm_status
put_number(writer *w, double x, const char *what)
{
	char buf[48];

	if (!isfinite(x))
		return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
		                     "cannot save: %s is %s, not a finite number",
		                     what, tdm_format_number(x, buf, sizeof buf));
	if (x == 0 && signbit(x))
		return put(w, "-0.0");
	return put(w, tdm_format_number(x, buf, sizeof buf));
}

/* Would `]` + level `=` + `]` end a long string of this text before its
 * end? That is, does the closing bracket occur in text + closing at any
 * position but the last. */
static int
closes_early(const char *s, size_t len, int level)
{
	size_t i, j;
	int k;

	for (i = 0; i < len; i++) {
		if (s[i] != ']')
			continue;
		for (j = i + 1, k = 0; k < level && j < len && s[j] == '='; j++)
			k++;
		if (j == len) {
			/* "]" and `level` "=" end the text: the closing's "]"
			 * would complete a bracket */
			if (k == level)
				return 1;
			continue;
		}
		if (k == level && s[j] == ']')
			return 1;
	}
	return 0;
}

/* A long string [==[...]==] keeps multi-line text readable. Only for
 * text that it reads back exactly: a newline in it, no carriage return
 * (Lua turns \r\n into \n), no other control character. */
static int
wants_long(const char *s, size_t len)
{
	size_t i;
	int has_nl = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			has_nl = 1;
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return has_nl;
}

static tdm_status
put_long_string(writer *w, const char *s, size_t len)
{
	char eq[64];
	int level = 0;
	tdm_status st;

	while (closes_early(s, len, level) && level < (int)sizeof eq - 1)
		level++;
	memset(eq, '=', (size_t)level);
	eq[level] = '\0';
	/* Lua drops a newline right after the opening bracket: add one when
	 * the text starts with its own. */
	if ((st = put(w, "[")) != TDM_OK || (st = put(w, eq)) != TDM_OK ||
	    (st = put(w, s[0] == '\n' ? "[\n" : "[")) != TDM_OK ||
	    (st = put_n(w, s, len)) != TDM_OK || (st = put(w, "]")) != TDM_OK ||
	    (st = put(w, eq)) != TDM_OK)
		return st;
	return put(w, "]");
}

/* "..." with \\, \" and control characters escaped as \ddd (three digits,
 * so a digit after one cannot extend it). Other bytes, UTF-8 included, go
 * as they are: Lua takes any byte in a quoted string. */
static tdm_status
put_quoted(writer *w, const char *s, size_t len)
{
	size_t i, run = 0;
	char esc[8];
	tdm_status st;

	if ((st = put(w, "\"")) != TDM_OK)
		return st;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
			continue;
		if ((st = put_n(w, s + run, i - run)) != TDM_OK)
			return st;
		run = i + 1;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			esc[2] = '\0';
		} else if (c == '\n') {
			strcpy(esc, "\\n");
		} else if (c == '\t') {
			strcpy(esc, "\\t");
		} else {
			snprintf(esc, sizeof esc, "\\%03u", (unsigned)c);
		}
		if ((st = put(w, esc)) != TDM_OK)
			return st;
	}
	if ((st = put_n(w, s + run, len - run)) != TDM_OK)
		return st;
	return put(w, "\"");
}

static tdm_status
put_string(writer *w, const char *s)
{
	size_t len = strlen(s);

	if (wants_long(s, len))
		return put_long_string(w, s, len);
	return put_quoted(w, s, len);
}

static const char *const reserved[] = {
	"and",   "break", "do",     "else", "elseif", "end",
	"false", "for",   "function", "goto", "if",   "in",
	"local", "nil",   "not",    "or",   "repeat", "return",
	"then",  "true",  "until",  "while", NULL,
};

static int
is_identifier(const char *s)
{
	const char *const *r;
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      s[0] == '_'))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	for (r = reserved; *r != NULL; r++)
		if (strcmp(s, *r) == 0)
			return 0;
	return 1;
}

/* A table key: `name` when it is a Lua name, else ["..."]. */
static tdm_status
put_key(writer *w, const char *key)
{
	tdm_status st;

	if (is_identifier(key))
		return put(w, key);
	if ((st = put(w, "[")) != TDM_OK ||
	    (st = put_quoted(w, key, strlen(key))) != TDM_OK)
		return st;
	return put(w, "]");
}

static tdm_status
put_value(writer *w, const tdm_value *v, const char *what)
{
	tdm_status st;

	switch (v->type) {
	case TDM_VAL_NUMBER:
		return put_number(w, v->as.num, what);
	case TDM_VAL_STRING:
		return put_string(w, v->as.str != NULL ? v->as.str : "");
	case TDM_VAL_BOOL:
		return put(w, v->as.boolean ? "true" : "false");
	case TDM_VAL_RANGE:
		if ((st = put(w, "{")) != TDM_OK ||
		    (st = put_number(w, v->as.range.lo, what)) != TDM_OK ||
		    (st = put(w, ", ")) != TDM_OK ||
		    (st = put_number(w, v->as.range.hi, what)) != TDM_OK)
			return st;
		return put(w, "}");
	case TDM_VAL_MISSING:
		break;
	}
	return put(w, "nil");
}

/* ------------------------------------------------------------------------
 * Fields: one `key = value,` per line inside a declaration
 * --------------------------------------------------------------------- */

static tdm_status
field_start(writer *w, const char *key)
{
	tdm_status st;

	if ((st = put(w, INDENT)) != TDM_OK || (st = put_key(w, key)) != TDM_OK)
		return st;
	return put(w, " = ");
}

static tdm_status
field_string(writer *w, const char *key, const char *s)
{
	tdm_status st;

	if (s == NULL)
		return TDM_OK;
	if ((st = field_start(w, key)) != TDM_OK ||
	    (st = put_string(w, s)) != TDM_OK)
		return st;
	return put(w, ",\n");
}

static tdm_status
field_number(writer *w, const char *key, double x, const char *what)
{
	tdm_status st;

	if ((st = field_start(w, key)) != TDM_OK ||
	    (st = put_number(w, x, what)) != TDM_OK)
		return st;
	return put(w, ",\n");
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Trimmed source text of a function, if it reads as one expression
 * `function ... end`; *len receives its length. NULL when there is none
 * or it is only the lines around the function (then it cannot be
 * written back as a value). */
static const char *
function_text(const char *src, size_t *len)
{
	size_t n;

	if (src == NULL)
		return NULL;
	while (*src == ' ' || *src == '\t' || *src == '\n' || *src == '\r')
		src++;
	n = strlen(src);
	while (n > 0 && strchr(" \t\r\n", src[n - 1]) != NULL)
		n--;
	if (n < 12 || strncmp(src, "function", 8) != 0 ||
	    is_name_char(src[8]) || strncmp(src + n - 3, "end", 3) != 0 ||
	    is_name_char(src[n - 4]))
		return NULL;
	*len = n;
	return src;
}

static tdm_status
field_function(writer *w, const char *key, const char *src, const char *what)
{
	const char *text;
	size_t len = 0;
	tdm_status st;

	if ((text = function_text(src, &len)) == NULL)
		return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
		                     "cannot save: %s has no source text", what);
	if ((st = field_start(w, key)) != TDM_OK ||
	    (st = put_n(w, text, len)) != TDM_OK)
		return st;
	return put(w, ",\n");
}

/* A scoring rule in its canonical form, from its kind and parameters:
 * "linear(0, 100)", "piecewise {{0, 1}, {50, 1}, {200, 0}}". */
static tdm_status
put_rule(writer *w, const tdm_value_fn *f, const char *what)
{
	size_t i;
	tdm_status st;

	if ((st = put(w, tdm_value_fn_name(f->kind))) != TDM_OK)
		return st;
	if (f->kind == TDM_VF_PIECEWISE || f->kind == TDM_VF_STEP) {
		if ((st = put(w, " {")) != TDM_OK)
			return st;
		for (i = 0; i + 1 < f->n_params; i += 2)
			if ((st = put(w, i ? ", {" : "{")) != TDM_OK ||
			    (st = put_number(w, f->params[i], what)) != TDM_OK ||
			    (st = put(w, ", ")) != TDM_OK ||
			    (st = put_number(w, f->params[i + 1], what)) != TDM_OK ||
			    (st = put(w, "}")) != TDM_OK)
				return st;
		return put(w, "}");
	}
	if (f->n_params != 2)
		return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
		                     "cannot save: %s takes 2 parameters, has %zu",
		                     what, f->n_params);
	if ((st = put(w, "(")) != TDM_OK ||
	    (st = put_number(w, f->params[0], what)) != TDM_OK ||
	    (st = put(w, ", ")) != TDM_OK ||
	    (st = put_number(w, f->params[1], what)) != TDM_OK)
		return st;
	return put(w, ")");
}

/* ------------------------------------------------------------------------
 * decision
 * --------------------------------------------------------------------- */

static int
decision_has_keys(const tdm_model *m)
{
	return m->context != NULL || m->method != NULL || m->method_fn > 0 ||
	       m->normalization != NULL || m->weighting != NULL ||
	       m->n_order > 0 || m->n_judgements > 0 || m->ri_table != NULL ||
	       m->critic_flip_cost || m->has_vikor_v || m->status != NULL ||
	       m->date != NULL || m->n_deciders > 0 || m->consequences != NULL;
}

static tdm_status
write_string_list(writer *w, const char *key, char *const *items, size_t n)
{
	size_t i;
	tdm_status st;

	if (n == 0)
		return TDM_OK;
	if ((st = field_start(w, key)) != TDM_OK || (st = put(w, "{")) != TDM_OK)
		return st;
	for (i = 0; i < n; i++)
		if ((st = put(w, i ? ", " : "")) != TDM_OK ||
		    (st = put_string(w, items[i])) != TDM_OK)
			return st;
	return put(w, "},\n");
}

static tdm_status
write_decision(writer *w, const tdm_model *m)
{
	size_t i;
	tdm_status st;

	if (m->title == NULL && !decision_has_keys(m))
		return TDM_OK;
	/* a decision needs a title: "" when the model has keys but none */
	if ((st = put(w, "decision ")) != TDM_OK ||
	    (st = put_string(w, m->title != NULL ? m->title : "")) != TDM_OK ||
	    (st = put(w, " {\n")) != TDM_OK ||
	    (st = field_string(w, "context", m->context)) != TDM_OK)
		return st;
	if (m->method_fn > 0)
		st = field_function(w, "method", m->method_src,
		                    "the decision's method function");
	else
		st = field_string(w, "method", m->method);
	if (st != TDM_OK ||
	    (st = field_string(w, "normalize", m->normalization)) != TDM_OK ||
	    (st = field_string(w, "weights", m->weighting)) != TDM_OK ||
	    (st = write_string_list(w, "order", m->order, m->n_order)) != TDM_OK)
		return st;
	if (m->n_judgements > 0) {
		if ((st = field_start(w, "pairwise")) != TDM_OK ||
		    (st = put(w, "{\n")) != TDM_OK)
			return st;
		for (i = 0; i < m->n_judgements; i++) {
			const tdm_judgement *j = &m->judgements[i];
			if ((st = put(w, INDENT INDENT "{")) != TDM_OK ||
			    (st = put_string(w, j->a)) != TDM_OK ||
			    (st = put(w, ", ")) != TDM_OK ||
			    (st = put_string(w, j->b)) != TDM_OK ||
			    (st = put(w, ", ")) != TDM_OK ||
			    (st = put_number(w, j->value, "a pairwise judgement")) !=
			        TDM_OK ||
			    (st = put(w, "},\n")) != TDM_OK)
				return st;
		}
		if ((st = put(w, INDENT "},\n")) != TDM_OK)
			return st;
	}
	if ((st = field_string(w, "ri", m->ri_table)) != TDM_OK)
		return st;
	if (m->critic_flip_cost &&
	    (st = put(w, INDENT "critic_flip_cost = true,\n")) != TDM_OK)
		return st;
	if (m->has_vikor_v &&
	    (st = field_number(w, "v", m->vikor_v, "VIKOR's v")) != TDM_OK)
		return st;
	if ((st = field_string(w, "status", m->status)) != TDM_OK ||
	    (st = field_string(w, "date", m->date)) != TDM_OK ||
	    (st = write_string_list(w, "deciders", m->deciders,
	                            m->n_deciders)) != TDM_OK ||
	    (st = field_string(w, "consequences", m->consequences)) != TDM_OK)
		return st;
	return put(w, "}\n\n");
}

/* ------------------------------------------------------------------------
 * criterion
 * --------------------------------------------------------------------- */

static const struct pref_ent {
	tdm_pref pref;
	const char *name;
	int q, p, s;
} prefs[] = {
	{TDM_PREF_USUAL, "usual", 0, 0, 0},
	{TDM_PREF_USHAPE, "ushape", 1, 0, 0},
	{TDM_PREF_VSHAPE, "vshape", 0, 1, 0},
	{TDM_PREF_LEVEL, "level", 1, 1, 0},
	{TDM_PREF_LINEAR, "linear", 1, 1, 0},
	{TDM_PREF_GAUSSIAN, "gaussian", 0, 0, 1},
};

/* must = "<= 50" as written; rebuilt from the operator and operand for a
 * model made in C without the text. */
static tdm_status
write_must_comparison(writer *w, const tdm_criterion *c, const char *what)
{
	char buf[600], num[48];
	const tdm_value *v = &c->must.operand;

	if (c->must.text != NULL)
		return field_string(w, "must", c->must.text);
	switch (v->type) {
	case TDM_VAL_NUMBER:
		if (!isfinite(v->as.num))
			return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
			                     "cannot save: %s: must compares with a "
			                     "number that is not finite",
			                     what);
		snprintf(buf, sizeof buf, "%s %s", tdm_cmp_op_name(c->must.op),
		         tdm_format_number(v->as.num, num, sizeof num));
		break;
	case TDM_VAL_BOOL:
		snprintf(buf, sizeof buf, "%s %s", tdm_cmp_op_name(c->must.op),
		         v->as.boolean ? "true" : "false");
		break;
	case TDM_VAL_STRING:
		if (v->as.str == NULL || strchr(v->as.str, '\'') != NULL ||
		    strlen(v->as.str) > 500)
			return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
			                     "cannot save: %s: the must comparison "
			                     "has no text",
			                     what);
		snprintf(buf, sizeof buf, "%s '%s'", tdm_cmp_op_name(c->must.op),
		         v->as.str);
		break;
	default:
		return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
		                     "cannot save: %s: the must comparison has no "
		                     "text",
		                     what);
	}
	return field_string(w, "must", buf);
}

static tdm_status
write_criterion(writer *w, const tdm_criterion *c)
{
	char what[300], fn_what[360];
	size_t i;
	tdm_status st;

	snprintf(what, sizeof what, "criterion '%s'", c->name);
	if ((st = put(w, "criterion ")) != TDM_OK ||
	    (st = put_string(w, c->name)) != TDM_OK ||
	    (st = put(w, " {\n")) != TDM_OK)
		return st;
	if (c->has_weight &&
	    (st = field_number(w, "weight", c->weight, what)) != TDM_OK)
		return st;
	if (c->has_better &&
	    (st = field_string(w, "better", c->better == TDM_BETTER_LOWER
	                                        ? "lower"
	                                        : "higher")) != TDM_OK)
		return st;
	if ((st = field_string(w, "unit", c->unit)) != TDM_OK)
		return st;
	if (c->n_levels > 0) {
		if ((st = field_start(w, "levels")) != TDM_OK ||
		    (st = put(w, "{ ")) != TDM_OK)
			return st;
		for (i = 0; i < c->n_levels; i++)
			if ((st = put(w, i ? ", " : "")) != TDM_OK ||
			    (st = put_key(w, c->levels[i].name)) != TDM_OK ||
			    (st = put(w, " = ")) != TDM_OK ||
			    (st = put_number(w, c->levels[i].value, what)) != TDM_OK)
				return st;
		if ((st = put(w, " },\n")) != TDM_OK)
			return st;
	}
	if (c->score_fn > 0) {
		snprintf(fn_what, sizeof fn_what, "the score function of '%s'",
		         c->name);
		if ((st = field_function(w, "score", c->score_src, fn_what)) !=
		    TDM_OK)
			return st;
	} else if (c->vf.kind != TDM_VF_NONE) {
		if ((st = field_start(w, "score")) != TDM_OK ||
		    (st = put_rule(w, &c->vf, what)) != TDM_OK ||
		    (st = put(w, ",\n")) != TDM_OK)
			return st;
	}
	if (c->has_scale &&
	    ((st = field_start(w, "scale")) != TDM_OK ||
	     (st = put(w, "{")) != TDM_OK ||
	     (st = put_number(w, c->scale_lo, what)) != TDM_OK ||
	     (st = put(w, ", ")) != TDM_OK ||
	     (st = put_number(w, c->scale_hi, what)) != TDM_OK ||
	     (st = put(w, "},\n")) != TDM_OK))
		return st;
	if (c->must.is_set) {
		if (c->must.fn > 0) {
			snprintf(fn_what, sizeof fn_what,
			         "the must function of '%s'", c->name);
			st = field_function(w, "must", c->must.text, fn_what);
		} else {
			st = write_must_comparison(w, c, what);
		}
		if (st != TDM_OK)
			return st;
	}
	if ((st = field_string(w, "because", c->because)) != TDM_OK)
		return st;
	if (c->has_pref) {
		const struct pref_ent *pe = NULL;
		for (i = 0; i < sizeof prefs / sizeof prefs[0]; i++)
			if (prefs[i].pref == c->pref)
				pe = &prefs[i];
		if (pe == NULL)
			return tdm_error_set(w->err, TDM_DATA, NULL, 0, 0,
			                     "cannot save: %s: unknown preference "
			                     "function %d",
			                     what, (int)c->pref);
		if ((st = field_string(w, "preference", pe->name)) != TDM_OK ||
		    (pe->q && (st = field_number(w, "q", c->q, what)) != TDM_OK) ||
		    (pe->p && (st = field_number(w, "p", c->p, what)) != TDM_OK) ||
		    (pe->s && (st = field_number(w, "s", c->s, what)) != TDM_OK))
			return st;
	}
	return put(w, "}\n");
}

/* ------------------------------------------------------------------------
 * stakeholders and options
 * --------------------------------------------------------------------- */

static tdm_status
write_stakeholder(writer *w, const tdm_stakeholder *s)
{
	char what[300];
	size_t i;
	tdm_status st;

	snprintf(what, sizeof what, "stakeholder '%s'", s->name);
	if ((st = put(w, "stakeholder ")) != TDM_OK ||
	    (st = put_string(w, s->name)) != TDM_OK ||
	    (st = put(w, " { weights = { ")) != TDM_OK)
		return st;
	for (i = 0; i < s->n; i++)
		if ((st = put(w, i ? ", " : "")) != TDM_OK ||
		    (st = put_key(w, s->criteria[i])) != TDM_OK ||
		    (st = put(w, " = ")) != TDM_OK ||
		    (st = put_number(w, s->weights[i], what)) != TDM_OK)
			return st;
	return put(w, " } }\n");
}

/* Attribute ids of one option, for sorting by name. */
typedef struct attr_ref {
	const char *name;
	size_t id;
} attr_ref;

static int
cmp_attr_ref(const void *a, const void *b)
{
	return strcmp(((const attr_ref *)a)->name, ((const attr_ref *)b)->name);
}

static tdm_status
write_option(writer *w, const tdm_model *m, const tdm_option *o,
             attr_ref *refs)
{
	char what[600];
	size_t i, n = 0;
	tdm_status st;

	for (i = 0; i < o->n_values && i < m->n_attrs; i++)
		if (o->values[i].type != TDM_VAL_MISSING) {
			refs[n].name = m->attrs[i];
			refs[n].id = i;
			n++;
		}
	/* by name, as the loader numbers them: ids then come out the same */
	qsort(refs, n, sizeof *refs, cmp_attr_ref);
	if ((st = put(w, "option ")) != TDM_OK ||
	    (st = put_string(w, o->name)) != TDM_OK ||
	    (st = put(w, n ? " { " : " {")) != TDM_OK)
		return st;
	for (i = 0; i < n; i++) {
		snprintf(what, sizeof what, "option '%s', attribute '%s'",
		         o->name, refs[i].name);
		if ((st = put(w, i ? ", " : "")) != TDM_OK ||
		    (st = put_key(w, refs[i].name)) != TDM_OK ||
		    (st = put(w, " = ")) != TDM_OK ||
		    (st = put_value(w, &o->values[refs[i].id], what)) != TDM_OK)
			return st;
	}
	return put(w, n ? " }\n" : "}\n");
}

tdm_status
tdm_model_write_lua(const tdm_model *m, tdm_write_fn write, void *ud,
                    tdm_error *err)
{
	writer w;
	attr_ref *refs = NULL;
	size_t i;
	tdm_status st;

	w.write = write;
	w.ud = ud;
	w.err = err;
	if (m->n_attrs > 0 &&
	    (refs = malloc(m->n_attrs * sizeof *refs)) == NULL)
		return tdm__nomem(err);
	if ((st = put(&w, "-- written by tradeoff " TDM_VERSION "\n\n")) !=
	        TDM_OK ||
	    (st = write_decision(&w, m)) != TDM_OK)
		goto out;
	for (i = 0; i < m->n_criteria; i++)
		if ((st = write_criterion(&w, &m->criteria[i])) != TDM_OK)
			goto out;
	if (m->n_stakeholders > 0 && (st = put(&w, "\n")) != TDM_OK)
		goto out;
	for (i = 0; i < m->n_stakeholders; i++)
		if ((st = write_stakeholder(&w, &m->stakeholders[i])) != TDM_OK)
			goto out;
	if (m->n_options > 0 && (st = put(&w, "\n")) != TDM_OK)
		goto out;
	for (i = 0; i < m->n_options; i++)
		if ((st = write_option(&w, m, &m->options[i], refs)) != TDM_OK)
			goto out;
	st = TDM_OK;
out:
	free(refs);
	return st;
}
