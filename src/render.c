/*
 * render.c -- what the renderers share, and the rendering entry points.
 *
 * Owns tdm_render (checks the result, picks the renderer -- table, csv,
 * json or md -- and turns a failed write into TDM_IO), tdm_format_from_name,
 * the words of a reason (tdm_reason_format: the one line every renderer
 * uses), the buffered writer, a growable string, UTF-8 decoding, display
 * width and terminal escaping. Must not touch FILE* or print anything
 * itself, and must not compute results: it only reads a tdm_result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* ------------------------------------------------------------------------
 * The writer
 * --------------------------------------------------------------------- */

void
tdm__out_init(tdm__out *o, tdm_write_fn write, void *ud)
{
	o->write = write;
	o->ud = ud;
	o->failed = 0;
	o->nomem = 0;
	o->len = 0;
}

void
tdm__out_flush(tdm__out *o)
{
	if (o->len > 0 && !o->failed && o->write(o->ud, o->buf, o->len) != 0)
		o->failed = 1;
	o->len = 0;
}

void
tdm__out_write(tdm__out *o, const char *s, size_t len)
{
	if (o->failed)
		return;
	if (len > sizeof o->buf - o->len) {
		tdm__out_flush(o);
		if (o->failed)
			return;
		/* Too big to buffer: hand it over as it is. */
		if (len >= sizeof o->buf) {
			if (o->write(o->ud, s, len) != 0)
				o->failed = 1;
			return;
		}
	}
	memcpy(o->buf + o->len, s, len);
	o->len += len;
}

void
tdm__out_puts(tdm__out *o, const char *s)
{
	tdm__out_write(o, s, strlen(s));
}

void
tdm__out_putc(tdm__out *o, char c)
{
	tdm__out_write(o, &c, 1);
}

void
tdm__out_printf(tdm__out *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		tdm__out_write(o, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big == NULL) {
			o->nomem = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		tdm__out_write(o, big, (size_t)n);
		free(big);
	}
}

tdm_status
tdm__out_finish(tdm__out *o, tdm_error *err)
{
	tdm__out_flush(o);
	if (o->failed)
		return tdm_error_set(err, TDM_IO, NULL, 0, 0, "write failed");
	if (o->nomem)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Growable string
 * --------------------------------------------------------------------- */

void
tdm__rbuf_init(tdm__rbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
	b->nomem = 0;
}

void
tdm__rbuf_free(tdm__rbuf *b)
{
	free(b->s);
	tdm__rbuf_init(b);
}

void
tdm__rbuf_clear(tdm__rbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
tdm__rbuf_add(tdm__rbuf *b, const char *s, size_t len)
{
	if (b->nomem)
		return;
	if (len >= b->cap - b->len || b->s == NULL) {
		size_t ncap = b->cap ? b->cap : 64;
		char *p;
		while (ncap - b->len <= len) {
			if (ncap > ((size_t)-1) / 2) {
				b->nomem = 1;
				return;
			}
			ncap *= 2;
		}
		p = realloc(b->s, ncap);
		if (p == NULL) {
			b->nomem = 1;
			return;
		}
		b->s = p;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void
tdm__rbuf_puts(tdm__rbuf *b, const char *s)
{
	tdm__rbuf_add(b, s, strlen(s));
}

int
tdm__rbuf_write(void *ud, const char *buf, size_t len)
{
	tdm__rbuf *b = ud;

	tdm__rbuf_add(b, buf, len);
	return b->nomem ? -1 : 0;
}

const char *
tdm__rbuf_str(const tdm__rbuf *b)
{
	return b->s != NULL ? b->s : "";
}

/* ------------------------------------------------------------------------
 * UTF-8 and display width
 * --------------------------------------------------------------------- */

size_t
tdm__utf8_decode(const char *s, size_t n, long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	long c, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return len;
}

struct cp_range {
	long lo, hi;
};

/* Zero-width: combining marks, zero-width spaces and joiners, variation
 * selectors. A short list of the common blocks, not all of Unicode's Mn. */
static const struct cp_range zero_width[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
	{0x064b, 0x065f}, {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x0e47, 0x0e4e},
	{0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f}, {0x2060, 0x2064},
	{0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
	{0xe0100, 0xe01ef},
};

/* Wide (W) and fullwidth (F) in Unicode's EastAsianWidth.txt, merged into
 * the blocks that matter for names: CJK, Hangul, kana, fullwidth forms and
 * the emoji blocks. Approximate by design. */
static const struct cp_range wide[] = {
	{0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},
	{0x23e9, 0x23ec},   {0x23f0, 0x23f0},   {0x23f3, 0x23f3},
	{0x25fd, 0x25fe},   {0x2614, 0x2615},   {0x2648, 0x2653},
	{0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
	{0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},
	{0x26ce, 0x26ce},   {0x26d4, 0x26d4},   {0x26ea, 0x26ea},
	{0x26f2, 0x26f3},   {0x26f5, 0x26f5},   {0x26fa, 0x26fa},
	{0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
	{0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},
	{0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
	{0x27b0, 0x27b0},   {0x27bf, 0x27bf},   {0x2b1b, 0x2b1c},
	{0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
	{0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
	{0xa000, 0xa4cf},   {0xa960, 0xa97f},   {0xac00, 0xd7a3},
	{0xf900, 0xfaff},   {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},
	{0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x16fe4},
	{0x17000, 0x18aff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004},
	{0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
	{0x1f200, 0x1f251}, {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff},
	{0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
	{0x30000, 0x3fffd},
};

static int
in_ranges(long cp, const struct cp_range *t, size_t n)
{
	size_t lo = 0, hi = n;

	/* binary search over sorted, disjoint ranges */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
tdm__cp_width(long cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

size_t
tdm__display_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	long cp;

	while (i < len) {
		i += tdm__utf8_decode(s + i, len - i, &cp);
		w += cp < 0 ? 1 : (size_t)tdm__cp_width(cp);
	}
	return w;
}

size_t
tdm__fit_cells(const char *s, size_t len, size_t cells, size_t *used)
{
	size_t i = 0, w = 0;
	long cp;

	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		size_t cw = cp < 0 ? 1 : (size_t)tdm__cp_width(cp);
		if (w + cw > cells)
			break;
		w += cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}

/* ------------------------------------------------------------------------
 * Terminal escaping
 * --------------------------------------------------------------------- */

static int
is_bidi_control(long cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
tdm__term_escape(tdm__rbuf *b, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	char esc[16];
	long cp;

	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		const char *rep = NULL;

		if (cp < 0) {
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)s[i]);
			rep = esc;
		} else if (cp == '\n') {
			rep = "\\n";
		} else if (cp == '\r') {
			rep = "\\r";
		} else if (cp == '\t') {
			rep = "\\t";
		} else if (cp < 0x20 || cp == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
			rep = esc;
		} else if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp)) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			rep = esc;
		}
		if (rep != NULL) {
			tdm__rbuf_add(b, s + start, i - start);
			tdm__rbuf_puts(b, rep);
			start = i + n;
		}
		i += n;
	}
	tdm__rbuf_add(b, s + start, len - start);
}

/* ------------------------------------------------------------------------
 * Numbers and reasons
 * --------------------------------------------------------------------- */

const char *
tdm__number(double x, char *buf, size_t size)
{
	if (!isfinite(x))
		return NULL;
	return tdm_format_number(x, buf, size);
}

/* A value as tdm_value_format writes it, without its length limit. */
static void
value_text(tdm__rbuf *b, const tdm_value *v)
{
	char num[40];

	switch (v->type) {
	case TDM_VAL_NUMBER:
		tdm__rbuf_puts(b, tdm_format_number(v->as.num, num, sizeof num));
		break;
	case TDM_VAL_STRING:
		tdm__rbuf_puts(b, "'");
		tdm__rbuf_puts(b, v->as.str != NULL ? v->as.str : "");
		tdm__rbuf_puts(b, "'");
		break;
	case TDM_VAL_BOOL:
		tdm__rbuf_puts(b, v->as.boolean ? "true" : "false");
		break;
	default:
		tdm__rbuf_puts(b, "missing");
		break;
	}
}

/* The must as written; rebuilt from operator and operand if the text was
 * not kept. */
static void
must_text(tdm__rbuf *b, const tdm_must *must)
{
	if (must->text != NULL) {
		tdm__rbuf_puts(b, must->text);
		return;
	}
	tdm__rbuf_puts(b, tdm_cmp_op_name(must->op));
	tdm__rbuf_puts(b, " ");
	value_text(b, &must->operand);
}

/* "dominated by Kafka: no worse on any criterion and better on throughput,
 * p99_ms" -- the criteria are read from the resolved values. */
static void
dominated_text(tdm__rbuf *b, const tdm_result *r, const tdm_reason *reason)
{
	const tdm_model *m = r != NULL ? r->model : NULL;
	size_t c, n, o = reason->other, self = (size_t)-1, i, first = 1;

	if (m == NULL || o >= m->n_options) {
		tdm__rbuf_puts(b, "dominated by another option");
		return;
	}
	tdm__rbuf_puts(b, "dominated by ");
	tdm__rbuf_puts(b, m->options[o].name);
	n = m->n_options;
	/* which option is dominated: the one whose reasons hold this one --
	 * the reason says (subject), else every option is looked at (a
	 * reason built by hand); a lookup per reason made ranking 10,000
	 * options quadratic */
	if (reason->subject < r->n_options) {
		const tdm_option_result *so = &r->options[reason->subject];
		if (so->n_reasons > 0 && reason >= so->reasons &&
		    reason < so->reasons + so->n_reasons)
			self = reason->subject;
	}
	for (i = 0; i < r->n_options && self == (size_t)-1; i++)
		if (r->options[i].n_reasons > 0 &&
		    reason >= r->options[i].reasons &&
		    reason < r->options[i].reasons + r->options[i].n_reasons)
			self = i;
	if (r->values == NULL || self == (size_t)-1)
		return;
	tdm__rbuf_puts(b, ": no worse on any criterion, better on ");
	for (c = 0; c < m->n_criteria; c++) {
		double a = r->values[c * n + o], v = r->values[c * n + self];
		int better = m->criteria[c].better == TDM_BETTER_LOWER ? a < v
		                                                        : a > v;
		if (!better)
			continue;
		if (!first)
			tdm__rbuf_puts(b, ", ");
		tdm__rbuf_puts(b, m->criteria[c].name);
		first = 0;
	}
}

void
tdm__reason_text(tdm__rbuf *b, const tdm_result *r, const tdm_reason *reason)
{
	const tdm_criterion *c = NULL;
	int has_must, is_fn;

	if (reason->kind == TDM_REASON_DOMINATED) {
		dominated_text(b, r, reason);
		return;
	}
	if (r != NULL && r->model != NULL &&
	    reason->criterion < r->model->n_criteria)
		c = &r->model->criteria[reason->criterion];
	has_must = c != NULL && c->must.is_set;
	is_fn = has_must && c->must.fn > 0;
	tdm__rbuf_puts(b, c != NULL ? c->name : "?");
	switch (reason->kind) {
	case TDM_REASON_MISSING:
		tdm__rbuf_puts(b, " is missing");
		if (is_fn) {
			tdm__rbuf_puts(b, ", so its must function cannot be checked");
		} else if (has_must) {
			tdm__rbuf_puts(b, ", so must ");
			must_text(b, &c->must);
			tdm__rbuf_puts(b, " cannot be checked");
		}
		break;
	case TDM_REASON_GUARDRAIL:
	default:
		tdm__rbuf_puts(b, " = ");
		value_text(b, &reason->observed);
		if (is_fn) {
			tdm__rbuf_puts(b, " fails its must function");
		} else if (has_must) {
			tdm__rbuf_puts(b, " breaks must ");
			must_text(b, &c->must);
		} else {
			tdm__rbuf_puts(b, " breaks a guardrail");
		}
		break;
	}
	if (reason->detail != NULL && reason->detail[0] != '\0') {
		tdm__rbuf_puts(b, ": ");
		tdm__rbuf_puts(b, reason->detail);
	}
	if (c != NULL && c->because != NULL && c->because[0] != '\0') {
		tdm__rbuf_puts(b, ": ");
		tdm__rbuf_puts(b, c->because);
	}
}

int
tdm__csv_plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 0;
	return 1;
}

/* The quoting of tdm__csv_field, over any appender. */
static void
csv_quote(void (*add)(void *, const char *, size_t), void *ud, const char *s,
          size_t len)
{
	size_t i, start = 0;

	if (tdm__csv_plain(s, len)) {
		add(ud, s, len);
		return;
	}
	add(ud, "\"", 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			add(ud, s + start, i + 1 - start);
			add(ud, "\"", 1);
			start = i + 1;
		}
	}
	add(ud, s + start, len - start);
	add(ud, "\"", 1);
}

static void
add_out(void *ud, const char *s, size_t len)
{
	tdm__out_write(ud, s, len);
}

static void
add_rbuf(void *ud, const char *s, size_t len)
{
	tdm__rbuf_add(ud, s, len);
}

void
tdm__csv_field(tdm__out *o, const char *s, size_t len)
{
	csv_quote(add_out, o, s, len);
}

void
tdm__rbuf_csv_field(tdm__rbuf *b, const char *s, size_t len)
{
	csv_quote(add_rbuf, b, s, len);
}

void
tdm__reasons_text(tdm__rbuf *b, const tdm_result *r,
                  const tdm_option_result *o)
{
	size_t k;

	size_t kept = 0;

	for (k = 0; k < o->n_reasons; k++) {
		if (k > 0)
			tdm__rbuf_puts(b, "; ");
		tdm__reason_text(b, r, &o->reasons[k]);
		kept += o->reasons[k].kind == TDM_REASON_DOMINATED;
	}
	if (o->n_dominators > kept) {
		char more[80];
		snprintf(more, sizeof more, "; and %zu more option%s dominate%s it",
		         o->n_dominators - kept,
		         o->n_dominators - kept == 1 ? "" : "s",
		         o->n_dominators - kept == 1 ? "s" : "");
		tdm__rbuf_puts(b, more);
	}
}

/* Length of s[0..len) without a UTF-8 sequence cut short at its end. */
static size_t
utf8_trim(const char *s, size_t len)
{
	size_t i = len, back = 0;

	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--, back++;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xc0) {
		long cp;
		size_t n = tdm__utf8_decode(s + i - 1, len - (i - 1), &cp);
		if (cp < 0 || n != len - (i - 1))
			return i - 1;
	}
	return len;
}

char *
tdm_reason_format(const tdm_result *r, const tdm_reason *reason, char *buf,
                  size_t size)
{
	tdm__rbuf b;
	size_t n;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (reason == NULL)
		return buf;
	tdm__rbuf_init(&b);
	tdm__reason_text(&b, r, reason);
	if (b.nomem) {
		snprintf(buf, size, "(out of memory)");
	} else {
		n = b.len;
		if (n >= size)
			n = utf8_trim(b.s, size - 1);
		memcpy(buf, tdm__rbuf_str(&b), n);
		buf[n] = '\0';
	}
	tdm__rbuf_free(&b);
	return buf;
}

/* ------------------------------------------------------------------------
 * Entry points
 * --------------------------------------------------------------------- */

static const struct {
	const char *name;
	tdm_format format;
} formats[] = {
	{"table", TDM_FORMAT_TABLE},
	{"csv", TDM_FORMAT_CSV},
	{"json", TDM_FORMAT_JSON},
	{"md", TDM_FORMAT_MD},
};

int
tdm_format_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(name, formats[i].name) == 0)
			return (int)formats[i].format;
	return -1;
}

/* A result that the renderers can read without going out of bounds: a
 * model that still has the options and criteria it was evaluated with, an
 * order that is a list of option indices. */
static int
result_consistent(const tdm_result *r)
{
	size_t i;

	if (r->model == NULL || r->n_options > r->model->n_options ||
	    r->n_ranked > r->n_options)
		return 0;
	if (r->n_criteria != r->model->n_criteria ||
	    (r->n_criteria > 0 && r->weights == NULL))
		return 0;
	if (memchr(r->method, '\0', sizeof r->method) == NULL ||
	    memchr(r->normalization, '\0', sizeof r->normalization) == NULL)
		return 0;
	if (r->n_options > 0 && (r->options == NULL || r->order == NULL))
		return 0;
	for (i = 0; i < r->n_options; i++)
		if (r->order[i] >= r->n_options)
			return 0;
	return 1;
}

tdm_status
tdm_render(const tdm_result *r, const tdm_render_spec *spec,
           tdm_write_fn write, void *ud, tdm_error *err)
{
	static const tdm_render_spec plain = {TDM_FORMAT_TABLE, 0, 0, 0};
	tdm__out *o;
	tdm_status st;

	if (r == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render: no result or no writer");
	if (spec == NULL)
		spec = &plain;
	if (!result_consistent(r))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the result does not match its model "
		                     "(evaluate again after changing the model)");
	/* The writer's buffer is 4 KiB: keep it off the stack of callers
	 * that may be deep in a REPL. */
	o = malloc(sizeof *o);
	if (o == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	switch (spec->format) {
	case TDM_FORMAT_TABLE:
		tdm__render_table(r, spec, o);
		break;
	case TDM_FORMAT_CSV:
		tdm__render_csv(r, o);
		break;
	case TDM_FORMAT_JSON:
		tdm__render_json(r, o);
		break;
	case TDM_FORMAT_MD:
		tdm__render_md(r, o);
		break;
	default:
		free(o);
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown output format %d", (int)spec->format);
	}
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}
