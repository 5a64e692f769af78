/*
 * render_jsonw.c -- the streaming JSON writer the JSON renderers share.
 *
 * Owns the layout of every JSON document tradeoff writes: pretty-printed
 * with two-space indents in the layout of Python's json.dumps(indent=2),
 * "," between values, ": " after a key, an empty container as "{}" or
 * "[]". Strings are escaped (quote, backslash, control characters, U+2028
 * and U+2029; invalid UTF-8 becomes U+FFFD), numbers are shortest
 * round-trip and a non-finite number is null. Must not know any schema
 * (which keys exist is the renderers' business: render_json.c,
 * render_explain.c), must not touch FILE* (it writes through tdm__out) and
 * never allocates.
 */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* Index into count[] for the innermost open container; deeper nesting
 * than TDM__JSON_MAX_DEPTH is a bug and is clamped rather than overrunning
 * count[]. Only called with depth > 0. */
static int
level(const tdm__json *j)
{
	int d = j->depth > TDM__JSON_MAX_DEPTH ? TDM__JSON_MAX_DEPTH : j->depth;

	return d - 1;
}

static void
indent(tdm__json *j)
{
	int i;

	tdm__out_putc(j->o, '\n');
	for (i = 0; i < j->depth; i++)
		tdm__out_puts(j->o, "  ");
}

/* Separator and indent before a value (or a key) in the current container;
 * nothing right after a key, or at the top level. */
static void
before_value(tdm__json *j)
{
	int d;

	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth == 0)
		return;
	d = level(j);
	if (j->count[d] > 0)
		tdm__out_putc(j->o, ',');
	j->count[d]++;
	indent(j);
}

/* The escaped text of a string, without its quotes. */
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

void
tdm__json_init(tdm__json *j, tdm__out *o)
{
	memset(j, 0, sizeof *j);
	j->o = o;
}

void
tdm__json_open(tdm__json *j, char c)
{
	before_value(j);
	tdm__out_putc(j->o, c);
	if (j->depth < TDM__JSON_MAX_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

void
tdm__json_close(tdm__json *j, char c)
{
	int empty = j->count[level(j)] == 0;

	j->depth--;
	if (!empty)
		indent(j);
	tdm__out_putc(j->o, c);
}

void
tdm__json_key(tdm__json *j, const char *key)
{
	before_value(j);
	tdm__out_putc(j->o, '"');
	if (key != NULL)
		string_body(j->o, key, strlen(key));
	tdm__out_puts(j->o, "\": ");
	j->after_key = 1;
}

void
tdm__json_strn(tdm__json *j, const char *s, size_t len)
{
	before_value(j);
	tdm__out_putc(j->o, '"');
	string_body(j->o, s, len);
	tdm__out_putc(j->o, '"');
}

void
tdm__json_str(tdm__json *j, const char *s)
{
	if (s == NULL)
		tdm__json_null(j);
	else
		tdm__json_strn(j, s, strlen(s));
}

void
tdm__json_null(tdm__json *j)
{
	before_value(j);
	tdm__out_puts(j->o, "null");
}

void
tdm__json_num(tdm__json *j, double x)
{
	char buf[40];
	const char *s = tdm__number(x, buf, sizeof buf);

	before_value(j);
	tdm__out_puts(j->o, s != NULL ? s : "null");
}

void
tdm__json_long(tdm__json *j, long x)
{
	before_value(j);
	tdm__out_printf(j->o, "%ld", x);
}

void
tdm__json_bool(tdm__json *j, int b)
{
	before_value(j);
	tdm__out_puts(j->o, b ? "true" : "false");
}

void
tdm__json_value(tdm__json *j, const tdm_value *v)
{
	switch (v->type) {
	case TDM_VAL_NUMBER:
		tdm__json_num(j, v->as.num);
		break;
	case TDM_VAL_STRING:
		tdm__json_str(j, v->as.str);
		break;
	case TDM_VAL_BOOL:
		tdm__json_bool(j, v->as.boolean);
		break;
	default:
		tdm__json_null(j);
		break;
	}
}
