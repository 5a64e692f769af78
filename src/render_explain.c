/*
 * render_explain.c -- "why X" / "why not X" and head-to-head comparisons
 * in words, JSON, Markdown (and CSV for comparisons).
 *
 * Owns how an explanation reads: for an option that is not chosen, in this
 * order, (1) the guardrails it breaks, (2) the options that dominate it,
 * (3) its score and rank against the chosen one, (4) the criteria that
 * cost it most and those it wins on, (5) the smallest single-weight
 * change, (6) the smallest single-value change, (7) the smallest joint
 * change of all weights that would make it win, (8) the alternative
 * offered (and a close call); for the chosen option, its margin, the
 * criteria that carry it and a close call. Owns the JSON keys of `explain`
 * and `compare` (doc/json.md) and the comparison's table, CSV and
 * Markdown layouts.
 *
 * Every number it prints comes from the tdm_explanation, tdm_comparison or
 * tdm_result as it is: scores and margins with 4 decimals, weights with 3,
 * weighted differences with a sign and 4 decimals, attribute values with 6
 * significant digits. The new value of a counterfactual (a weight or a
 * value) is rounded away from the current one, and a weight's change away
 * from zero, so that the printed statement stays true (the change is just
 * past the boundary). Must not compute explanations (explain.c) or
 * comparisons (compare.c), and must not touch FILE*: it writes through
 * tdm__out. With spec->ascii the text (not JSON, CSV or Markdown) keeps
 * our own words in ASCII: "->", "+-", "*", "-", "..." and " - " for
 * "→", "±", "×", "−", "…" and " · "; user text stays as it is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

#define DEFAULT_WIDTH 80
#define MIN_TEXT 24
#define MAX_DELTAS 5      /* criteria listed per side in the text */
#define MAX_NAME_CELLS 24 /* option names as column headings */
#define VALUE_DIGITS 6    /* significant digits of attribute values */
#define ARROW " \xe2\x86\x92 "  /* " → " */
#define PLUSMINUS "\xc2\xb1"    /* "±" */
/* A space the text wrapper must not break at ("±50 %"): our own words
 * only (user text has its control bytes escaped before it gets here). */
#define GLUE "\x1f"
#define WITHIN_50 PLUSMINUS "50" GLUE "%"
#define ELLIPSIS "\xe2\x80\xa6" /* "…" */
#define TIMES "\xc3\x97"       /* "×" */
#define MINUS "\xe2\x88\x92"   /* "−" */
#define DOT " \xc2\xb7 "        /* " · ", the provenance's separator */
#define ASCII_ARROW " -> "
#define ASCII_WITHIN_50 "+-50" GLUE "%"
#define ASCII_ELLIPSIS "..."

/* ------------------------------------------------------------------------
 * Numbers
 * --------------------------------------------------------------------- */

/* x rounded to `decimals` places: to nearest (dir 0), up (dir > 0) or down
 * (dir < 0); a value within rounding noise of a grid point stays on it. */
static double
round_dir(double x, int decimals, int dir)
{
	double scale = pow(10, decimals), y = x * scale, n = nearbyint(y);

	if (dir == 0 || fabs(y - n) < 1e-9 * (fabs(y) > 1 ? fabs(y) : 1))
		return n / scale;
	return (dir > 0 ? ceil(y) : floor(y)) / scale;
}

/* Fixed decimals, rounded in direction dir; "?" if not finite. */
static const char *
fixed(double x, int decimals, int dir, int sign, char *buf, size_t size)
{
	double y;

	if (!isfinite(x)) {
		snprintf(buf, size, "?");
		return buf;
	}
	y = round_dir(x, decimals, dir);
	if (y == 0)
		y = 0; /* no "-0.000", and no sign on zero */
	snprintf(buf, size, sign && y != 0 ? "%+.*f" : "%.*f", decimals, y);
	return buf;
}

/* An attribute value with VALUE_DIGITS significant digits, rounded in
 * direction dir, trailing zeros trimmed and the thousands grouped with
 * commas from 10,000 on: "152,000", "0.5", "1,234,567". */
static const char *
value_digits(double x, int dir, int digits, char *buf, size_t size)
{
	char raw[64], *dot, *p;
	double ax = fabs(x), y;
	int e, decimals;
	size_t n, int_len, i, out;

	if (!isfinite(x)) {
		snprintf(buf, size, "?");
		return buf;
	}
	if (x == 0) {
		snprintf(buf, size, "0");
		return buf;
	}
	if (ax >= 1e15 || ax < 1e-4) {
		snprintf(buf, size, "%.*g", digits, x);
		return buf;
	}
	e = (int)floor(log10(ax));
	decimals = digits - 1 - e;
	if (decimals < 0)
		decimals = 0;
	y = round_dir(x, decimals, dir);
	snprintf(raw, sizeof raw, "%.*f", decimals, y);
	if ((dot = strchr(raw, '.')) != NULL) {
		p = raw + strlen(raw) - 1;
		while (p > dot && *p == '0')
			*p-- = '\0';
		if (p == dot)
			*p = '\0';
	}
	if (strcmp(raw, "-0") == 0)
		snprintf(raw, sizeof raw, "0");
	/* group the integer part */
	p = raw[0] == '-' ? raw + 1 : raw;
	int_len = strcspn(p, ".");
	if (int_len < 5 || size < 2) {
		snprintf(buf, size, "%s", raw);
		return buf;
	}
	out = 0;
	if (raw[0] == '-' && out + 1 < size)
		buf[out++] = '-';
	for (i = 0; i < int_len && out + 1 < size; i++) {
		if (i > 0 && (int_len - i) % 3 == 0 && out + 2 < size)
			buf[out++] = ',';
		buf[out++] = p[i];
	}
	n = strlen(p + int_len);
	if (out + n < size) {
		memcpy(buf + out, p + int_len, n);
		out += n;
	}
	buf[out] = '\0';
	return buf;
}

static const char *
value_num(double x, int dir, char *buf, size_t size)
{
	return value_digits(x, dir, VALUE_DIGITS, buf, size);
}

/* A changed value next to its old one: with as many more digits as it
 * takes for the two to read differently (a change can be tiny). */
static void
value_pair(double from, double to, char *fbuf, char *tbuf, size_t size)
{
	int digits;

	for (digits = VALUE_DIGITS; digits <= 17; digits++) {
		value_digits(from, 0, digits, fbuf, size);
		value_digits(to, to > from ? 1 : -1, digits, tbuf, size);
		if (strcmp(fbuf, tbuf) != 0 || from == to)
			return;
	}
}

/* The same for weights: 3 decimals, more if the change needs them. The
 * new weight is rounded away from the old, the change away from zero. */
static void
weight_pair(double from, double to, double delta, char *fbuf, char *tbuf,
            char *dbuf, size_t size)
{
	int decimals, up = to > from;

	for (decimals = 3; decimals <= 12; decimals++) {
		fixed(from, decimals, 0, 0, fbuf, size);
		fixed(to, decimals, up ? 1 : -1, 0, tbuf, size);
		fixed(delta, decimals, up ? 1 : -1, 1, dbuf, size);
		if (strcmp(fbuf, tbuf) != 0 || from == to)
			return;
	}
}

/* ------------------------------------------------------------------------
 * A tiny document: blocks of text (title, lines, paragraphs, list items)
 * that become wrapped, indented text or Markdown. User text goes through
 * user() (escaped for the format), our own words through put().
 * --------------------------------------------------------------------- */

typedef enum { B_NONE = 0, B_TITLE, B_LINE, B_PARA, B_ITEM } block_kind;

typedef struct doc {
	tdm__out *o;
	int md;
	int color;
	int ascii;        /* text in ASCII (never set for Markdown) */
	size_t width;
	tdm__rbuf text;   /* the block being built */
	tdm__rbuf tmp;
	block_kind kind, last;
	int level;
} doc;

static void
doc_init(doc *d, tdm__out *o, const tdm_render_spec *spec, int md)
{
	memset(d, 0, sizeof *d);
	d->o = o;
	d->md = md;
	d->color = spec != NULL && spec->use_color && !md;
	d->ascii = spec != NULL && spec->ascii && !md;
	d->width = spec != NULL && spec->width > 0 ? (size_t)spec->width
	                                            : DEFAULT_WIDTH;
	tdm__rbuf_init(&d->text);
	tdm__rbuf_init(&d->tmp);
}

static void
doc_free(doc *d)
{
	if (d->text.nomem || d->tmp.nomem)
		d->o->nomem = 1;
	tdm__rbuf_free(&d->text);
	tdm__rbuf_free(&d->tmp);
}

static void
begin(doc *d, block_kind kind, int level)
{
	tdm__rbuf_clear(&d->text);
	d->kind = kind;
	d->level = level;
}

static void
put(doc *d, const char *s)
{
	tdm__rbuf_puts(&d->text, s);
}

static void
putf(doc *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
putf(doc *d, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tdm__rbuf_puts(&d->text, buf);
}

/* User text, escaped for the terminal or for Markdown. */
static void
user(doc *d, const char *s)
{
	if (s == NULL)
		s = "?";
	if (d->md)
		tdm__md_text(&d->text, s, 0);
	else
		tdm__term_escape(&d->text, s, strlen(s));
}

/* A name padded to `cells` (text) so that what follows lines up; in
 * Markdown "name:". */
static void
user_padded(doc *d, const char *s, size_t cells)
{
	size_t start = d->text.len, w;

	user(d, s);
	if (d->md) {
		put(d, ":");
		return;
	}
	w = tdm__display_width(tdm__rbuf_str(&d->text) + start,
	                       d->text.len - start);
	while (w++ < cells)
		put(d, " ");
}

/* Display width of a name once escaped for the terminal. */
static size_t
name_cells(doc *d, const char *s)
{
	tdm__rbuf_clear(&d->tmp);
	tdm__term_escape(&d->tmp, s ? s : "?", strlen(s ? s : "?"));
	return tdm__display_width(tdm__rbuf_str(&d->tmp), d->tmp.len);
}

static void
spaces(tdm__out *o, size_t n)
{
	while (n-- > 0)
		tdm__out_putc(o, ' ');
}

/* Write s, a GLUE byte as a space. */
static void
write_glued(tdm__out *o, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == GLUE[0]) {
			tdm__out_write(o, s + start, i - start);
			tdm__out_putc(o, ' ');
			start = i + 1;
		}
	}
	tdm__out_write(o, s + start, len - start);
}

/* Write text at `indent`, wrapped at spaces to the width; continuation
 * lines at `hang`. Runs of spaces inside a line are kept (they align
 * columns); a break swallows them. */
static void
wrap(tdm__out *o, const char *s, size_t len, size_t indent, size_t hang,
     size_t width)
{
	size_t avail = width > indent + MIN_TEXT ? width : indent + MIN_TEXT;
	size_t col = indent, i = 0;

	spaces(o, indent);
	while (i < len) {
		size_t sp = i, w_end, ww;
		while (sp < len && s[sp] == ' ')
			sp++;
		w_end = sp;
		while (w_end < len && s[w_end] != ' ')
			w_end++;
		ww = tdm__display_width(s + sp, w_end - sp);
		if (col > indent && col + (sp - i) + ww > avail && i > 0) {
			tdm__out_putc(o, '\n');
			spaces(o, hang);
			col = hang;
		} else {
			tdm__out_write(o, s + i, sp - i);
			col += sp - i;
		}
		write_glued(o, s + sp, w_end - sp);
		col += ww;
		i = w_end;
	}
	tdm__out_putc(o, '\n');
}

static void
end(doc *d)
{
	const char *s = tdm__rbuf_str(&d->text);
	size_t len = d->text.len, k;
	tdm__out *o = d->o;

	if (d->md) {
		if (d->last != B_NONE && (d->kind != B_ITEM || d->last != B_ITEM))
			tdm__out_putc(o, '\n');
		switch (d->kind) {
		case B_TITLE:
			tdm__out_puts(o, "# ");
			break;
		case B_ITEM:
			for (k = 1; k < (size_t)d->level; k++)
				tdm__out_puts(o, "  ");
			tdm__out_puts(o, "- ");
			break;
		default:
			break;
		}
		write_glued(o, s, len);
		tdm__out_putc(o, '\n');
	} else {
		size_t indent = d->kind == B_ITEM ? 2 * (size_t)d->level : 0;
		if (d->kind == B_PARA && d->last != B_NONE)
			tdm__out_putc(o, '\n');
		if (d->kind == B_TITLE && d->color) {
			tdm__out_puts(o, "\x1b[1m");
			write_glued(o, s, len);
			tdm__out_puts(o, "\x1b[0m\n");
		} else {
			wrap(o, s, len, indent,
			     d->kind == B_ITEM ? indent + 2 : indent, d->width);
		}
	}
	d->last = d->kind;
}

/* Our own symbol: the Unicode one, or its ASCII stand-in. */
static const char *
sym(const doc *d, const char *unicode, const char *ascii)
{
	return d->ascii ? ascii : unicode;
}

/* The provenance line ("method wsm · normalisation ..."), already escaped
 * for terminals, as one line block. In ASCII its separators become " - "
 * (a scaled criterion's name holding " · " would too: a cosmetic loss
 * only, and only with --ascii). */
static void
provenance_line(doc *d, const tdm_result *r)
{
	tdm__rbuf prov;
	const char *s, *dot;

	tdm__rbuf_init(&prov);
	tdm__provenance(&prov, r, 0);
	begin(d, B_LINE, 0);
	if (d->md) {
		tdm__md_text(&d->text, tdm__rbuf_str(&prov), 0);
	} else if (d->ascii) {
		s = tdm__rbuf_str(&prov);
		while ((dot = strstr(s, DOT)) != NULL) {
			tdm__rbuf_add(&d->text, s, (size_t)(dot - s));
			put(d, " - ");
			s = dot + strlen(DOT);
		}
		put(d, s);
	} else {
		put(d, tdm__rbuf_str(&prov));
	}
	end(d);
	if (prov.nomem)
		d->o->nomem = 1;
	tdm__rbuf_free(&prov);
}

/* ------------------------------------------------------------------------
 * Reading the result
 * --------------------------------------------------------------------- */

static const char *
opt_name(const tdm_result *r, size_t o)
{
	return o < r->model->n_options ? r->model->options[o].name : "?";
}

static const tdm_criterion *
crit(const tdm_result *r, size_t c)
{
	return c < r->model->n_criteria ? &r->model->criteria[c] : NULL;
}

static const char *
crit_name(const tdm_result *r, size_t c)
{
	const tdm_criterion *cr = crit(r, c);

	return cr != NULL ? cr->name : "?";
}

static int
has_reference(const tdm_result *r, const tdm_explanation *e)
{
	return e->reference != e->option && e->reference < r->n_options;
}

/* "A", "A and B", "A, B and C" (user text) */
static void
name_list(doc *d, const tdm_result *r, const size_t *idx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			put(d, i + 1 == n ? " and " : ", ");
		user(d, opt_name(r, idx[i]));
	}
}

/* The level of criterion c whose number is exactly v, or NULL. */
static const char *
level_of(const tdm_criterion *cr, double v)
{
	size_t k;

	for (k = 0; cr != NULL && k < cr->n_levels; k++)
		if (cr->levels[k].value == v)
			return cr->levels[k].name;
	return NULL;
}

/* ------------------------------------------------------------------------
 * The explanation in words (text and Markdown)
 * --------------------------------------------------------------------- */

static void
heading(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	begin(d, B_TITLE, 0);
	put(d, e->verdict == TDM_VERDICT_CHOSEN ? "Why " : "Why not ");
	user(d, opt_name(r, e->option));
	put(d, "?");
	end(d);
	if (r->model->title != NULL && r->model->title[0] != '\0') {
		begin(d, B_LINE, 0);
		user(d, r->model->title);
		end(d);
	}
	/* the provenance is escaped for terminals already */
	provenance_line(d, r);
}

/* (1) guardrails broken and (2) dominators, from the option's reasons. */
static void
reasons(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	const tdm_option_result *opt = &r->options[e->option];
	size_t k, n_guard = 0, n_dom = 0;
	tdm__rbuf line;

	for (k = 0; k < opt->n_reasons; k++) {
		if (opt->reasons[k].kind == TDM_REASON_DOMINATED)
			n_dom++;
		else
			n_guard++;
	}
	tdm__rbuf_init(&line);
	if (n_guard > 0) {
		begin(d, B_PARA, 0);
		user(d, opt_name(r, e->option));
		put(d, " is rejected:");
		end(d);
		for (k = 0; k < opt->n_reasons; k++) {
			if (opt->reasons[k].kind == TDM_REASON_DOMINATED)
				continue;
			tdm__rbuf_clear(&line);
			tdm__reason_text(&line, r, &opt->reasons[k]);
			begin(d, B_ITEM, 1);
			user(d, tdm__rbuf_str(&line));
			end(d);
		}
		if (opt->as_if_rank > 0) {
			begin(d, B_ITEM, 1);
			putf(d, "without its guardrails it would rank #%ld of %zu",
			     opt->as_if_rank, r->n_as_if);
			end(d);
		}
	}
	if (n_dom > 0) {
		begin(d, B_PARA, 0);
		user(d, opt_name(r, e->option));
		put(d, " is dominated:");
		end(d);
		for (k = 0; k < opt->n_reasons; k++) {
			if (opt->reasons[k].kind != TDM_REASON_DOMINATED)
				continue;
			tdm__rbuf_clear(&line);
			tdm__reason_text(&line, r, &opt->reasons[k]);
			begin(d, B_ITEM, 1);
			user(d, tdm__rbuf_str(&line));
			end(d);
		}
	}
	if (line.nomem)
		d->o->nomem = 1;
	tdm__rbuf_free(&line);
}

/* "#1 with 0.6923" */
static void
rank_score(doc *d, long rank, double score)
{
	char num[48];

	putf(d, "#%ld with %s", rank, fixed(score, 4, 0, 0, num, sizeof num));
}

/* (3) its score and rank against the chosen option */
static void
standing(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	char num[48];

	begin(d, B_PARA, 0);
	user(d, opt_name(r, e->option));
	if (e->rank > 0) {
		put(d, " ranks ");
		rank_score(d, e->rank, e->score);
	} else {
		put(d, " is not ranked, so it has no score");
	}
	if (has_reference(r, e) && e->ref_rank > 0) {
		put(d, "; ");
		user(d, opt_name(r, e->reference));
		put(d, " is ");
		rank_score(d, e->ref_rank, e->ref_score);
		if (e->rank > 0)
			putf(d, ": %s behind",
			     fixed(e->margin, 4, 0, 0, num, sizeof num));
	} else if (r->n_ranked == 0) {
		put(d, "; no option is ranked");
	}
	put(d, ".");
	end(d);
}

/* The widest criterion name among the deltas that are shown (of both
 * lists, so that they line up). */
static size_t
delta_cells(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	size_t i, cells = 0, w;

	for (i = 0; i < e->n_costs && i < MAX_DELTAS; i++)
		if ((w = name_cells(d, crit_name(r, e->costs[i].criterion))) > cells)
			cells = w;
	for (i = 0; i < e->n_wins && i < MAX_DELTAS; i++)
		if ((w = name_cells(d, crit_name(r, e->wins[i].criterion))) > cells)
			cells = w;
	return cells;
}

/* A list of criterion deltas under a lead-in, at most MAX_DELTAS shown,
 * the names padded to `cells`. */
static void
delta_list(doc *d, const tdm_result *r, const tdm_criterion_delta *v,
           size_t n, size_t cells)
{
	size_t i, shown = n < MAX_DELTAS ? n : MAX_DELTAS;
	char num[48];

	for (i = 0; i < shown; i++) {
		begin(d, B_ITEM, 1);
		user_padded(d, crit_name(r, v[i].criterion), cells + 2);
		if (d->md)
			put(d, " ");
		put(d, fixed(v[i].delta, 4, 0, 1, num, sizeof num));
		end(d);
	}
	if (n > shown) {
		begin(d, B_ITEM, 1);
		putf(d, "and %zu more, smaller", n - shown);
		end(d);
	}
}

static const char *
deltas_phrase(const tdm_explanation *e)
{
	return e->deltas_additive ? "weighted contribution"
	                          : "weighted preference";
}

/* (4) the criteria that cost it most and those it wins on */
static void
costs_and_wins(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	if (!has_reference(r, e) || (e->n_costs == 0 && e->n_wins == 0))
		return;
	if (e->n_costs > 0) {
		begin(d, B_PARA, 0);
		put(d, "What costs it most against ");
		user(d, opt_name(r, e->reference));
		putf(d, " (%s):", deltas_phrase(e));
		end(d);
		delta_list(d, r, e->costs, e->n_costs, delta_cells(d, r, e));
	}
	if (e->n_wins > 0) {
		begin(d, B_PARA, 0);
		putf(d, "What it wins on%s", e->n_costs > 0 ? ":" : " against ");
		if (e->n_costs == 0) {
			user(d, opt_name(r, e->reference));
			putf(d, " (%s):", deltas_phrase(e));
		}
		end(d);
		delta_list(d, r, e->wins, e->n_wins, delta_cells(d, r, e));
	}
}

/* "p99_ms, ops_cost" for the not-found changes, "" if none. */
static size_t
not_found_list(doc *d, const tdm_result *r, const size_t *crits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			put(d, i + 1 == n ? " or " : ", ");
		user(d, crit_name(r, crits[i]));
	}
	return n;
}

/* (5) the smallest single-weight changes */
static void
weight_changes(doc *d, const tdm_result *r, const tdm_explanation *e,
               size_t *scratch)
{
	size_t i, n_missing = 0;
	char from[48], to[48], delta[48];

	begin(d, B_ITEM, 1);
	put(d, "one weight, the others keeping their proportions:");
	end(d);
	for (i = 0; i < e->n_weight_changes; i++) {
		const tdm_weight_change *w = &e->weight_changes[i];
		int up = w->delta > 0;

		if (!w->found) {
			scratch[n_missing++] = w->criterion;
			continue;
		}
		begin(d, B_ITEM, 2);
		put(d, up ? "raise " : "lower ");
		user(d, crit_name(r, w->criterion));
		weight_pair(w->from, w->to, w->delta, from, to, delta, sizeof from);
		putf(d, "'s weight from %s to %s (%s): %s%s%s", from, to, delta,
		     w->plausible ? "plausible (within " : "beyond ",
		     sym(d, WITHIN_50, ASCII_WITHIN_50), w->plausible ? ")" : "");
		put(d, w->exact ? ", exact" : ", found by search");
		end(d);
	}
	if (n_missing > 0) {
		begin(d, B_ITEM, 2);
		put(d, "no weight of ");
		not_found_list(d, r, scratch, n_missing);
		put(d, " alone makes it win");
		end(d);
	}
	if (!e->any_plausible) {
		begin(d, B_ITEM, 2);
		put(d, "no change of a single weight within ");
		put(d, sym(d, WITHIN_50, ASCII_WITHIN_50));
		put(d, " makes it win");
		end(d);
	}
}

/* (6) the smallest single-value changes */
static void
value_changes(doc *d, const tdm_result *r, const tdm_explanation *e,
              size_t *scratch)
{
	size_t i, n_missing = 0;
	char from[64], to[64];

	begin(d, B_ITEM, 1);
	put(d, "one value:");
	end(d);
	for (i = 0; i < e->n_value_changes; i++) {
		const tdm_value_change *v = &e->value_changes[i];
		const tdm_criterion *cr = crit(r, v->criterion);

		if (!v->found) {
			scratch[n_missing++] = v->criterion;
			continue;
		}
		begin(d, B_ITEM, 2);
		put(d, "if ");
		user(d, opt_name(r, e->option));
		put(d, "'s ");
		user(d, crit_name(r, v->criterion));
		if (v->level != NULL) {
			const char *was = level_of(cr, v->from);
			put(d, " were '");
			user(d, v->level);
			put(d, "'");
			if (was != NULL) {
				put(d, " instead of '");
				user(d, was);
				put(d, "'");
			} else {
				putf(d, " instead of %s",
				     value_num(v->from, 0, from, sizeof from));
			}
		} else {
			int scored = cr != NULL &&
			             (cr->score_fn > 0 || cr->vf.kind != TDM_VF_NONE);
			value_pair(v->from, v->to, from, to, sizeof from);
			put(d, scored ? " scored " : " were ");
			put(d, to);
			put(d, " instead of ");
			put(d, from);
			if (!scored && cr != NULL && cr->unit != NULL) {
				put(d, " ");
				user(d, cr->unit);
			}
		}
		put(d, v->exact ? " (exact)" : " (found by search)");
		end(d);
	}
	if (n_missing > 0) {
		begin(d, B_ITEM, 2);
		put(d, "no value of ");
		not_found_list(d, r, scratch, n_missing);
		put(d, " alone makes it win");
		end(d);
	}
}

/* (7) the smallest joint change of all weights */
static void
joint_change(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	size_t c, shown = 0;
	char a[48], b[48];

	begin(d, B_ITEM, 1);
	if (!e->joint_found || e->joint_weights == NULL) {
		put(d, "all weights together: no weighting makes it win");
		put(d, e->joint_exact ? " (exact, linear programming)"
		                      : " (found by search)");
		end(d);
		return;
	}
	putf(d, "all weights together: the nearest weights where it wins are "
	        "%s away (L1), ",
	     fixed(e->joint_l1, 3, 0, 0, a, sizeof a));
	put(d, e->joint_exact ? "exact (linear programming):"
	                      : "found by search:");
	end(d);
	begin(d, B_ITEM, 2);
	for (c = 0; c < r->model->n_criteria && c < r->n_criteria; c++) {
		if (fabs(e->joint_weights[c] - r->weights[c]) < 1e-9)
			continue;
		if (shown++ > 0)
			put(d, ", ");
		user(d, crit_name(r, c));
		putf(d, " %s%s%s", fixed(r->weights[c], 3, 0, 0, a, sizeof a),
		     sym(d, ARROW, ASCII_ARROW),
		     fixed(e->joint_weights[c], 3, 0, 0, b, sizeof b));
	}
	if (shown == 0)
		put(d, "(no weight changes)");
	end(d);
}

static void
counterfactuals(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	size_t *scratch;
	size_t n = e->n_weight_changes > e->n_value_changes
	               ? e->n_weight_changes
	               : e->n_value_changes;

	begin(d, B_PARA, 0);
	put(d, "What would make it win:");
	if (!e->has_counterfactuals) {
		if (e->why_not_computed[0] != '\0') {
			put(d, " not computed: ");
			user(d, e->why_not_computed);
		} else if (e->rank <= 0) {
			put(d, " first, passing its guardrails (changes of "
			       "weights and values are looked for only for ranked "
			       "options)");
		} else {
			put(d, " not computed");
		}
		put(d, ".");
		end(d);
		return;
	}
	end(d);
	scratch = malloc((n ? n : 1) * sizeof *scratch);
	if (scratch == NULL) {
		d->o->nomem = 1;
		return;
	}
	weight_changes(d, r, e, scratch);
	value_changes(d, r, e, scratch);
	joint_change(d, r, e);
	free(scratch);
}

static void
close_call(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	if (!e->close_call || e->n_contenders < 2)
		return;
	begin(d, B_PARA, 0);
	put(d, "Close call, no clear winner: ");
	name_list(d, r, e->contenders, e->n_contenders);
	putf(d, " are within %g %%.", TDM_CLOSE_CALL * 100);
	end(d);
}

/* (8) the alternative offered */
static void
alternative(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	begin(d, B_PARA, 0);
	if (has_reference(r, e) && e->ref_rank > 0) {
		put(d, "The alternative: ");
		user(d, opt_name(r, e->reference));
		put(d, " (");
		rank_score(d, e->ref_rank, e->ref_score);
		put(d, ").");
	} else {
		put(d, "No alternative: no option passes every guardrail.");
	}
	end(d);
	close_call(d, r, e);
}

/* For the chosen option: why it wins. */
static void
why_chosen(doc *d, const tdm_result *r, const tdm_explanation *e)
{
	char num[48];

	begin(d, B_PARA, 0);
	user(d, opt_name(r, e->option));
	put(d, " ranks ");
	rank_score(d, e->rank, e->score);
	if (!has_reference(r, e)) {
		put(d, "; it is the only ranked option.");
		end(d);
		return;
	}
	if (e->ref_rank == e->rank) {
		put(d, ", tied with ");
		user(d, opt_name(r, e->reference));
	} else {
		put(d, ", ahead of ");
		user(d, opt_name(r, e->reference));
		put(d, " (");
		rank_score(d, e->ref_rank, e->ref_score);
		putf(d, ") by %s", fixed(e->margin, 4, 0, 0, num, sizeof num));
	}
	put(d, ".");
	end(d);
	if (e->n_wins > 0) {
		begin(d, B_PARA, 0);
		put(d, "What carries it against ");
		user(d, opt_name(r, e->reference));
		putf(d, " (%s):", deltas_phrase(e));
		end(d);
		delta_list(d, r, e->wins, e->n_wins, delta_cells(d, r, e));
	}
	if (e->n_costs > 0) {
		begin(d, B_PARA, 0);
		put(d, "Where ");
		user(d, opt_name(r, e->reference));
		put(d, " is better:");
		end(d);
		delta_list(d, r, e->costs, e->n_costs, delta_cells(d, r, e));
	}
	close_call(d, r, e);
}

static void
explanation_words(const tdm_result *r, const tdm_explanation *e,
                  const tdm_render_spec *spec, int md, tdm__out *o)
{
	doc d;

	doc_init(&d, o, spec, md);
	heading(&d, r, e);
	if (e->verdict == TDM_VERDICT_CHOSEN) {
		why_chosen(&d, r, e);
	} else {
		reasons(&d, r, e);
		standing(&d, r, e);
		costs_and_wins(&d, r, e);
		counterfactuals(&d, r, e);
		alternative(&d, r, e);
	}
	doc_free(&d);
}

/* ------------------------------------------------------------------------
 * JSON, through the shared writer (render_jsonw.c) in the layout of
 * render_json.c.
 * --------------------------------------------------------------------- */

/* tradeoff_version, decision, method, direction, normalization,
 * weighting, parameters, weights: how the result was made. */
static void
j_provenance(tdm__json *j, const tdm_result *r, tdm__rbuf *tmp)
{
	const tdm_model *m = r->model;
	size_t c;

	tdm__json_key(j, "tradeoff_version");
	tdm__json_str(j, TDM_VERSION);
	tdm__json_key(j, "decision");
	tdm__json_str(j, m->title);
	tdm__json_key(j, "method");
	tdm__json_str(j, r->method);
	tdm__json_key(j, "direction");
	tdm__json_str(j, r->direction == TDM_DIR_LOWER ? "lower" : "higher");
	tdm__json_key(j, "normalization");
	tdm__json_str(j, r->normalization);
	tdm__json_key(j, "weighting");
	tdm__json_str(j, r->weighting[0] ? r->weighting : "direct");
	tdm__json_key(j, "parameters");
	tdm__rbuf_clear(tmp);
	if (tdm__describe_parameters(tmp, r))
		tdm__json_str(j, tdm__rbuf_str(tmp));
	else
		tdm__json_null(j);
	tdm__json_key(j, "weights");
	tdm__json_open(j, '{');
	for (c = 0; c < m->n_criteria && c < r->n_criteria; c++) {
		tdm__json_key(j, m->criteria[c].name);
		tdm__json_num(j, r->weights[c]);
	}
	tdm__json_close(j, '}');
}

static void
j_deltas(tdm__json *j, const char *key, const tdm_result *r,
         const tdm_criterion_delta *v, size_t n)
{
	size_t i;

	tdm__json_key(j, key);
	tdm__json_open(j, '[');
	for (i = 0; i < n; i++) {
		tdm__json_open(j, '{');
		tdm__json_key(j, "criterion");
		tdm__json_str(j, crit_name(r, v[i].criterion));
		tdm__json_key(j, "delta");
		tdm__json_num(j, v[i].delta);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
}

static void
j_counterfactuals(tdm__json *j, const tdm_result *r, const tdm_explanation *e)
{
	size_t i, c;

	tdm__json_key(j, "counterfactuals");
	tdm__json_bool(j, e->has_counterfactuals);
	tdm__json_key(j, "why_not_computed");
	tdm__json_str(j, e->why_not_computed[0] ? e->why_not_computed : NULL);
	tdm__json_key(j, "weight_changes");
	tdm__json_open(j, '[');
	for (i = 0; e->has_counterfactuals && i < e->n_weight_changes; i++) {
		const tdm_weight_change *w = &e->weight_changes[i];
		tdm__json_open(j, '{');
		tdm__json_key(j, "criterion");
		tdm__json_str(j, crit_name(r, w->criterion));
		tdm__json_key(j, "found");
		tdm__json_bool(j, w->found);
		tdm__json_key(j, "from");
		tdm__json_num(j, w->from);
		tdm__json_key(j, "to");
		if (w->found)
			tdm__json_num(j, w->to);
		else
			tdm__json_null(j);
		tdm__json_key(j, "delta");
		if (w->found)
			tdm__json_num(j, w->delta);
		else
			tdm__json_null(j);
		tdm__json_key(j, "plausible");
		tdm__json_bool(j, w->found && w->plausible);
		tdm__json_key(j, "exact");
		tdm__json_bool(j, w->exact);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
	tdm__json_key(j, "value_changes");
	tdm__json_open(j, '[');
	for (i = 0; e->has_counterfactuals && i < e->n_value_changes; i++) {
		const tdm_value_change *v = &e->value_changes[i];
		tdm__json_open(j, '{');
		tdm__json_key(j, "criterion");
		tdm__json_str(j, crit_name(r, v->criterion));
		tdm__json_key(j, "found");
		tdm__json_bool(j, v->found);
		tdm__json_key(j, "from");
		tdm__json_num(j, v->from);
		tdm__json_key(j, "to");
		if (v->found)
			tdm__json_num(j, v->to);
		else
			tdm__json_null(j);
		tdm__json_key(j, "level");
		tdm__json_str(j, v->found ? v->level : NULL);
		tdm__json_key(j, "exact");
		tdm__json_bool(j, v->exact);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
	tdm__json_key(j, "joint_weight_change");
	if (!e->has_counterfactuals) {
		tdm__json_null(j);
	} else {
		int found = e->joint_found && e->joint_weights != NULL;
		tdm__json_open(j, '{');
		tdm__json_key(j, "found");
		tdm__json_bool(j, found);
		tdm__json_key(j, "exact");
		tdm__json_bool(j, e->joint_exact);
		tdm__json_key(j, "l1");
		if (found)
			tdm__json_num(j, e->joint_l1);
		else
			tdm__json_null(j);
		tdm__json_key(j, "weights");
		if (found) {
			tdm__json_open(j, '{');
			for (c = 0; c < r->model->n_criteria && c < r->n_criteria; c++) {
				tdm__json_key(j, crit_name(r, c));
				tdm__json_num(j, e->joint_weights[c]);
			}
			tdm__json_close(j, '}');
		} else {
			tdm__json_null(j);
		}
		tdm__json_close(j, '}');
	}
	tdm__json_key(j, "any_plausible");
	tdm__json_bool(j, e->has_counterfactuals && e->any_plausible);
}

static void
explanation_json(const tdm_result *r, const tdm_explanation *e, tdm__out *o)
{
	const tdm_option_result *opt = &r->options[e->option];
	tdm__rbuf tmp;
	tdm__json j;
	size_t i;

	tdm__json_init(&j, o);
	tdm__rbuf_init(&tmp);
	tdm__json_open(&j, '{');
	j_provenance(&j, r, &tmp);
	tdm__json_key(&j, "option");
	tdm__json_str(&j, opt_name(r, e->option));
	tdm__json_key(&j, "verdict");
	tdm__json_str(&j, tdm_verdict_name(e->verdict));
	tdm__json_key(&j, "rank");
	if (e->rank > 0)
		tdm__json_long(&j, e->rank);
	else
		tdm__json_null(&j);
	tdm__json_key(&j, "score");
	if (e->rank > 0)
		tdm__json_num(&j, e->score);
	else
		tdm__json_null(&j);
	tdm__json_key(&j, "reference");
	if (has_reference(r, e) && e->ref_rank > 0) {
		tdm__json_open(&j, '{');
		tdm__json_key(&j, "option");
		tdm__json_str(&j, opt_name(r, e->reference));
		tdm__json_key(&j, "rank");
		tdm__json_long(&j, e->ref_rank);
		tdm__json_key(&j, "score");
		tdm__json_num(&j, e->ref_score);
		tdm__json_close(&j, '}');
	} else {
		tdm__json_null(&j);
	}
	tdm__json_key(&j, "margin");
	if (e->rank > 0 && has_reference(r, e) && e->ref_rank > 0)
		tdm__json_num(&j, e->margin);
	else
		tdm__json_null(&j);
	tdm__json_key(&j, "close_call");
	tdm__json_bool(&j, e->close_call);
	tdm__json_key(&j, "contenders");
	tdm__json_open(&j, '[');
	for (i = 0; e->close_call && i < e->n_contenders; i++)
		tdm__json_str(&j, opt_name(r, e->contenders[i]));
	tdm__json_close(&j, ']');
	tdm__json_reasons(&j, r, opt, &tmp);
	tdm__json_key(&j, "as_if_rank");
	if (opt->as_if_rank > 0)
		tdm__json_long(&j, opt->as_if_rank);
	else
		tdm__json_null(&j);
	tdm__json_key(&j, "dominated_by");
	tdm__json_open(&j, '[');
	for (i = 0; i < opt->n_reasons; i++)
		if (opt->reasons[i].kind == TDM_REASON_DOMINATED)
			tdm__json_str(&j, opt_name(r, opt->reasons[i].other));
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "deltas_kind");
	tdm__json_str(&j, e->deltas_additive ? "contribution" : "preference");
	j_deltas(&j, "costs", r, e->costs, e->n_costs);
	j_deltas(&j, "wins", r, e->wins, e->n_wins);
	j_counterfactuals(&j, r, e);
	tdm__json_close(&j, '}');
	tdm__out_putc(o, '\n');
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}

/* ------------------------------------------------------------------------
 * Entry points
 * --------------------------------------------------------------------- */

/* A result whose indices the renderers may follow. */
static int
usable(const tdm_result *r)
{
	return r->model != NULL && r->n_options <= r->model->n_options &&
	       r->n_criteria == r->model->n_criteria &&
	       (r->n_criteria == 0 || r->weights != NULL) &&
	       (r->n_options == 0 || r->options != NULL) &&
	       memchr(r->method, '\0', sizeof r->method) != NULL &&
	       memchr(r->normalization, '\0', sizeof r->normalization) != NULL &&
	       memchr(r->weighting, '\0', sizeof r->weighting) != NULL;
}

static int
explanation_usable(const tdm_result *r, const tdm_explanation *e)
{
	size_t i;

	if (e->option >= r->n_options)
		return 0;
	for (i = 0; i < e->n_costs; i++)
		if (e->costs[i].criterion >= r->n_criteria)
			return 0;
	for (i = 0; i < e->n_wins; i++)
		if (e->wins[i].criterion >= r->n_criteria)
			return 0;
	for (i = 0; i < e->n_contenders; i++)
		if (e->contenders[i] >= r->n_options)
			return 0;
	for (i = 0; i < e->n_weight_changes; i++)
		if (e->weight_changes[i].criterion >= r->n_criteria)
			return 0;
	for (i = 0; i < e->n_value_changes; i++)
		if (e->value_changes[i].criterion >= r->n_criteria)
			return 0;
	return 1;
}

tdm_status
tdm_render_explanation(const tdm_result *r, const tdm_explanation *e,
                       const tdm_render_spec *spec, tdm_write_fn write,
                       void *ud, tdm_error *err)
{
	tdm_format f = spec != NULL ? spec->format : TDM_FORMAT_TABLE;
	tdm__out *o;
	tdm_status st;

	if (r == NULL || e == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render: no result, explanation "
		                     "or writer");
	if (f == TDM_FORMAT_CSV)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "explain has no csv format; use json");
	if (f != TDM_FORMAT_TABLE && f != TDM_FORMAT_JSON && f != TDM_FORMAT_MD)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown output format %d", (int)f);
	if (!usable(r) || !explanation_usable(r, e))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the explanation does not match its result "
		                     "(explain again after changing the model)");
	if ((o = malloc(sizeof *o)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	if (f == TDM_FORMAT_JSON)
		explanation_json(r, e, o);
	else
		explanation_words(r, e, spec, f == TDM_FORMAT_MD, o);
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}

/* ------------------------------------------------------------------------
 * The comparison
 * --------------------------------------------------------------------- */

/* "value (norm)" for one side of a row; "missing" if absent. */
static void
side_cell(tdm__rbuf *b, int has, double v, double norm)
{
	char num[64], nb[48];

	if (!has) {
		tdm__rbuf_puts(b, "missing");
		return;
	}
	tdm__rbuf_puts(b, value_num(v, 0, num, sizeof num));
	tdm__rbuf_puts(b, " (");
	tdm__rbuf_puts(b, fixed(norm, 3, 0, 0, nb, sizeof nb));
	tdm__rbuf_puts(b, ")");
}

static const char *
favours_name(const tdm_result *r, const tdm_comparison *c, int favours)
{
	return favours > 0 ? opt_name(r, c->a)
	                   : favours < 0 ? opt_name(r, c->b) : NULL;
}

static int
total_favours(const tdm_comparison *c)
{
	return c->total > 1e-12 ? 1 : c->total < -1e-12 ? -1 : 0;
}

/* "Kafka is #1 with 0.6923" / "Amazon SQS is not ranked (rejected)" */
static void
standing_of(doc *d, const tdm_result *r, size_t o)
{
	const tdm_option_result *opt = &r->options[o];

	user(d, opt_name(r, o));
	if (opt->rank > 0) {
		put(d, " is ");
		rank_score(d, opt->rank, opt->score);
		if (opt->verdict == TDM_VERDICT_DOMINATED)
			put(d, " (dominated)");
	} else {
		putf(d, " is not ranked (%s)", tdm_verdict_name(opt->verdict));
	}
}

static void
comparison_intro(doc *d, const tdm_result *r, const tdm_comparison *c)
{
	begin(d, B_TITLE, 0);
	user(d, opt_name(r, c->a));
	put(d, " vs ");
	user(d, opt_name(r, c->b));
	end(d);
	if (r->model->title != NULL && r->model->title[0] != '\0') {
		begin(d, B_LINE, 0);
		user(d, r->model->title);
		end(d);
	}
	provenance_line(d, r);
	begin(d, B_PARA, 0);
	standing_of(d, r, c->a);
	put(d, "; ");
	standing_of(d, r, c->b);
	put(d, ".");
	end(d);
}

static void
comparison_outro(doc *d, const tdm_result *r, const tdm_comparison *c)
{
	begin(d, B_PARA, 0);
	put(d, "Values as resolved, normalised in parentheses (1 = best, "
	       "min-max over the ranked options and these two); weighted = "
	       "weight ");
	put(d, sym(d, TIMES, "*"));
	put(d, " (normalised ");
	user(d, opt_name(r, c->a));
	put(d, " ");
	put(d, sym(d, MINUS, "-"));
	put(d, " normalised ");
	user(d, opt_name(r, c->b));
	put(d, "): above 0 favours ");
	user(d, opt_name(r, c->a));
	put(d, ".");
	end(d);
}

typedef struct cmp_cols {
	size_t crit, weight, a, b, weighted;
} cmp_cols;

/* Write tmp (escaped text) in `cells` cells, cut with "…" if wider (in
 * ASCII "..." when there is room for it, else a plain cut), padded on the
 * left (right-aligned) or the right. */
static void
cell(const doc *d, const char *s, size_t len, size_t cells, int right)
{
	tdm__out *o = d->o;
	size_t w = tdm__display_width(s, len), used;

	if (w > cells && d->ascii) {
		size_t dots = cells > strlen(ASCII_ELLIPSIS) ? strlen(ASCII_ELLIPSIS)
		                                              : 0;
		size_t n = tdm__fit_cells(s, len, cells - dots, &used);
		tdm__out_write(o, s, n);
		tdm__out_write(o, ASCII_ELLIPSIS, dots);
		if (!right)
			spaces(o, cells - used - dots);
		return;
	}
	if (w > cells) {
		size_t n = cells > 0 ? tdm__fit_cells(s, len, cells - 1, &used) : 0;
		tdm__out_write(o, s, n);
		if (cells > 0)
			tdm__out_puts(o, ELLIPSIS);
		return;
	}
	if (right)
		spaces(o, cells - w);
	tdm__out_write(o, s, len);
	if (!right)
		spaces(o, cells - w);
}

static void
comparison_table(const tdm_result *r, const tdm_comparison *c,
                 const tdm_render_spec *spec, tdm__out *o)
{
	doc d;
	cmp_cols w;
	size_t i;
	char num[48];
	tdm__rbuf t;

	doc_init(&d, o, spec, 0);
	tdm__rbuf_init(&t);
	comparison_intro(&d, r, c);
	memset(&w, 0, sizeof w);
	w.crit = strlen("criterion");
	w.weight = strlen("weight");
	w.weighted = strlen("weighted");
	w.a = name_cells(&d, opt_name(r, c->a));
	w.b = name_cells(&d, opt_name(r, c->b));
	if (w.a > MAX_NAME_CELLS)
		w.a = MAX_NAME_CELLS;
	if (w.b > MAX_NAME_CELLS)
		w.b = MAX_NAME_CELLS;
	for (i = 0; i < c->n_rows; i++) {
		const tdm_comparison_row *row = &c->rows[i];
		size_t k = name_cells(&d, crit_name(r, row->criterion));
		if (k > w.crit)
			w.crit = k;
		tdm__rbuf_clear(&t);
		side_cell(&t, row->has_a, row->a, row->norm_a);
		if (t.len > w.a)
			w.a = t.len;
		tdm__rbuf_clear(&t);
		side_cell(&t, row->has_b, row->b, row->norm_b);
		if (t.len > w.b)
			w.b = t.len;
		if (strlen(fixed(row->weighted, 4, 0, 1, num, sizeof num)) >
		    w.weighted)
			w.weighted = strlen(num);
	}
	tdm__out_putc(o, '\n');
	cell(&d, "criterion", 9, w.crit, 0);
	tdm__out_puts(o, "  ");
	cell(&d, "weight", 6, w.weight, 1);
	tdm__out_puts(o, "  ");
	name_cells(&d, opt_name(r, c->a));
	cell(&d, tdm__rbuf_str(&d.tmp), d.tmp.len, w.a, 1);
	tdm__out_puts(o, "  ");
	name_cells(&d, opt_name(r, c->b));
	cell(&d, tdm__rbuf_str(&d.tmp), d.tmp.len, w.b, 1);
	tdm__out_puts(o, "  ");
	cell(&d, "weighted", 8, w.weighted, 1);
	tdm__out_puts(o, "  favours\n");
	for (i = 0; i < c->n_rows && !o->failed; i++) {
		const tdm_comparison_row *row = &c->rows[i];
		const char *fav = favours_name(r, c, row->favours);

		name_cells(&d, crit_name(r, row->criterion));
		cell(&d, tdm__rbuf_str(&d.tmp), d.tmp.len, w.crit, 0);
		tdm__out_puts(o, "  ");
		fixed(row->criterion < r->n_criteria ? r->weights[row->criterion]
		                                     : NAN,
		      3, 0, 0, num, sizeof num);
		cell(&d, num, strlen(num), w.weight, 1);
		tdm__out_puts(o, "  ");
		tdm__rbuf_clear(&t);
		side_cell(&t, row->has_a, row->a, row->norm_a);
		cell(&d, tdm__rbuf_str(&t), t.len, w.a, 1);
		tdm__out_puts(o, "  ");
		tdm__rbuf_clear(&t);
		side_cell(&t, row->has_b, row->b, row->norm_b);
		cell(&d, tdm__rbuf_str(&t), t.len, w.b, 1);
		tdm__out_puts(o, "  ");
		fixed(row->weighted, 4, 0, 1, num, sizeof num);
		cell(&d, num, strlen(num), w.weighted, 1);
		tdm__out_puts(o, "  ");
		if (fav != NULL) {
			name_cells(&d, fav);
			tdm__out_write(o, tdm__rbuf_str(&d.tmp), d.tmp.len);
		} else {
			tdm__out_puts(o, "-");
		}
		tdm__out_putc(o, '\n');
	}
	cell(&d, "total", 5, w.crit + 2 + w.weight + 2 + w.a + 2 + w.b + 2, 0);
	fixed(c->total, 4, 0, 1, num, sizeof num);
	cell(&d, num, strlen(num), w.weighted, 1);
	tdm__out_puts(o, "  ");
	if (favours_name(r, c, total_favours(c)) != NULL) {
		name_cells(&d, favours_name(r, c, total_favours(c)));
		tdm__out_write(o, tdm__rbuf_str(&d.tmp), d.tmp.len);
	} else {
		tdm__out_puts(o, "-");
	}
	tdm__out_putc(o, '\n');
	d.last = B_ITEM;
	comparison_outro(&d, r, c);
	if (t.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&t);
	doc_free(&d);
}

static void
comparison_md(const tdm_result *r, const tdm_comparison *c,
              const tdm_render_spec *spec, tdm__out *o)
{
	doc d;
	size_t i;
	char num[48];
	tdm__rbuf t;

	doc_init(&d, o, spec, 1);
	tdm__rbuf_init(&t);
	comparison_intro(&d, r, c);
	tdm__out_puts(o, "\n| criterion | weight | ");
	tdm__rbuf_clear(&t);
	tdm__md_text(&t, opt_name(r, c->a), 1);
	tdm__out_write(o, tdm__rbuf_str(&t), t.len);
	tdm__out_puts(o, " | ");
	tdm__rbuf_clear(&t);
	tdm__md_text(&t, opt_name(r, c->b), 1);
	tdm__out_write(o, tdm__rbuf_str(&t), t.len);
	tdm__out_puts(o, " | weighted | favours |\n"
	                 "|---|---:|---:|---:|---:|---|\n");
	for (i = 0; i <= c->n_rows && !o->failed; i++) {
		const tdm_comparison_row *row = i < c->n_rows ? &c->rows[i] : NULL;
		int fav = row != NULL ? row->favours : total_favours(c);
		const char *fname = favours_name(r, c, fav);

		tdm__out_puts(o, "| ");
		tdm__rbuf_clear(&t);
		if (row != NULL) {
			tdm__md_text(&t, crit_name(r, row->criterion), 1);
			tdm__out_write(o, tdm__rbuf_str(&t), t.len);
			tdm__out_printf(o, " | %s | ",
			                fixed(row->criterion < r->n_criteria
			                          ? r->weights[row->criterion]
			                          : NAN,
			                      3, 0, 0, num, sizeof num));
			tdm__rbuf_clear(&t);
			side_cell(&t, row->has_a, row->a, row->norm_a);
			tdm__out_write(o, tdm__rbuf_str(&t), t.len);
			tdm__out_puts(o, " | ");
			tdm__rbuf_clear(&t);
			side_cell(&t, row->has_b, row->b, row->norm_b);
			tdm__out_write(o, tdm__rbuf_str(&t), t.len);
			tdm__out_printf(o, " | %s | ",
			                fixed(row->weighted, 4, 0, 1, num, sizeof num));
		} else {
			tdm__out_printf(o, "**total** | | | | %s | ",
			                fixed(c->total, 4, 0, 1, num, sizeof num));
		}
		tdm__rbuf_clear(&t);
		tdm__md_text(&t, fname != NULL ? fname : "-", 1);
		tdm__out_write(o, tdm__rbuf_str(&t), t.len);
		tdm__out_puts(o, " |\n");
	}
	d.last = B_ITEM;
	comparison_outro(&d, r, c);
	if (t.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&t);
	doc_free(&d);
}

static void
csv_field(tdm__out *o, const char *s)
{
	if (s != NULL)
		tdm__csv_field(o, s, strlen(s));
}

static void
csv_num(tdm__out *o, int has, double x)
{
	if (has && isfinite(x))
		tdm__out_printf(o, "%.17g", x);
}

/* A "# " comment line's user text: escaped so it stays one line. */
static void
comment_text(tdm__out *o, tdm__rbuf *tmp, const char *s)
{
	tdm__rbuf_clear(tmp);
	tdm__term_escape(tmp, s, strlen(s));
	tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
}

static void
csv_side(tdm__out *o, tdm__rbuf *tmp, const tdm_result *r, const char *label,
         size_t idx)
{
	const tdm_option_result *opt = &r->options[idx];

	tdm__out_puts(o, label);
	comment_text(o, tmp, opt_name(r, idx));
	if (opt->rank > 0)
		tdm__out_printf(o, " (rank %ld, score %.17g, %s)\n", opt->rank,
		                opt->score, tdm_verdict_name(opt->verdict));
	else
		tdm__out_printf(o, " (not ranked, %s)\n",
		                tdm_verdict_name(opt->verdict));
}

static void
comparison_csv(const tdm_result *r, const tdm_comparison *c, tdm__out *o)
{
	tdm__rbuf tmp;
	size_t i;
	const char *fav;

	tdm__rbuf_init(&tmp);
	tdm__out_puts(o, "# tradeoff " TDM_VERSION "\n");
	if (r->model->title != NULL) {
		tdm__out_puts(o, "# decision: ");
		comment_text(o, &tmp, r->model->title);
		tdm__out_putc(o, '\n');
	}
	tdm__out_puts(o, "# method: ");
	comment_text(o, &tmp, r->method);
	tdm__out_puts(o, r->direction == TDM_DIR_LOWER
	                     ? " (lower scores are better)\n"
	                     : " (higher scores are better)\n");
	tdm__out_puts(o, "# normalization: ");
	comment_text(o, &tmp, r->normalization);
	tdm__out_puts(o, " (this comparison: min-max over the ranked options "
	                 "and a, b)\n# weighting: ");
	tdm__rbuf_clear(&tmp);
	tdm__describe_weighting(&tmp, r);
	tdm__out_write(o, tdm__rbuf_str(&tmp), tmp.len);
	tdm__out_putc(o, '\n');
	tdm__rbuf_clear(&tmp);
	if (tdm__describe_parameters(&tmp, r)) {
		tdm__out_puts(o, "# parameters: ");
		tdm__out_write(o, tdm__rbuf_str(&tmp), tmp.len);
		tdm__out_putc(o, '\n');
	}
	csv_side(o, &tmp, r, "# a: ", c->a);
	csv_side(o, &tmp, r, "# b: ", c->b);
	tdm__out_printf(o, "# total: %.17g, favours ", c->total);
	fav = favours_name(r, c, total_favours(c));
	if (fav != NULL)
		comment_text(o, &tmp, fav);
	else
		tdm__out_puts(o, "neither");
	tdm__out_puts(o, "\ncriterion,weight,a,b,norm_a,norm_b,weighted,favours\n");
	for (i = 0; i < c->n_rows && !o->failed; i++) {
		const tdm_comparison_row *row = &c->rows[i];
		int ok = row->criterion < r->n_criteria;

		csv_field(o, crit_name(r, row->criterion));
		tdm__out_putc(o, ',');
		csv_num(o, ok, ok ? r->weights[row->criterion] : 0);
		tdm__out_putc(o, ',');
		csv_num(o, row->has_a, row->a);
		tdm__out_putc(o, ',');
		csv_num(o, row->has_b, row->b);
		tdm__out_putc(o, ',');
		csv_num(o, row->has_a, row->norm_a);
		tdm__out_putc(o, ',');
		csv_num(o, row->has_b, row->norm_b);
		tdm__out_putc(o, ',');
		csv_num(o, 1, row->weighted);
		tdm__out_putc(o, ',');
		csv_field(o, favours_name(r, c, row->favours));
		tdm__out_putc(o, '\n');
	}
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}

/* "ranks", "scores", "verdicts": {"a": ..., "b": ...} */
static void
j_sides(tdm__json *j, const tdm_result *r, const tdm_comparison *c)
{
	const tdm_option_result *a = &r->options[c->a], *b = &r->options[c->b];

	tdm__json_key(j, "a");
	tdm__json_str(j, opt_name(r, c->a));
	tdm__json_key(j, "b");
	tdm__json_str(j, opt_name(r, c->b));
	tdm__json_key(j, "ranks");
	tdm__json_open(j, '{');
	tdm__json_key(j, "a");
	if (a->rank > 0)
		tdm__json_long(j, a->rank);
	else
		tdm__json_null(j);
	tdm__json_key(j, "b");
	if (b->rank > 0)
		tdm__json_long(j, b->rank);
	else
		tdm__json_null(j);
	tdm__json_close(j, '}');
	tdm__json_key(j, "scores");
	tdm__json_open(j, '{');
	tdm__json_key(j, "a");
	if (a->rank > 0)
		tdm__json_num(j, a->score);
	else
		tdm__json_null(j);
	tdm__json_key(j, "b");
	if (b->rank > 0)
		tdm__json_num(j, b->score);
	else
		tdm__json_null(j);
	tdm__json_close(j, '}');
	tdm__json_key(j, "verdicts");
	tdm__json_open(j, '{');
	tdm__json_key(j, "a");
	tdm__json_str(j, tdm_verdict_name(a->verdict));
	tdm__json_key(j, "b");
	tdm__json_str(j, tdm_verdict_name(b->verdict));
	tdm__json_close(j, '}');
}

static void
j_favours(tdm__json *j, int favours)
{
	if (favours > 0)
		tdm__json_str(j, "a");
	else if (favours < 0)
		tdm__json_str(j, "b");
	else
		tdm__json_null(j);
}

static void
comparison_json(const tdm_result *r, const tdm_comparison *c, tdm__out *o)
{
	tdm__rbuf tmp;
	tdm__json j;
	size_t i;

	tdm__json_init(&j, o);
	tdm__rbuf_init(&tmp);
	tdm__json_open(&j, '{');
	j_provenance(&j, r, &tmp);
	j_sides(&j, r, c);
	tdm__json_key(&j, "criteria");
	tdm__json_open(&j, '[');
	for (i = 0; i < c->n_rows && !o->failed; i++) {
		const tdm_comparison_row *row = &c->rows[i];
		int ok = row->criterion < r->n_criteria;

		tdm__json_open(&j, '{');
		tdm__json_key(&j, "criterion");
		tdm__json_str(&j, crit_name(r, row->criterion));
		tdm__json_key(&j, "weight");
		if (ok)
			tdm__json_num(&j, r->weights[row->criterion]);
		else
			tdm__json_null(&j);
		tdm__json_key(&j, "a");
		if (row->has_a)
			tdm__json_num(&j, row->a);
		else
			tdm__json_null(&j);
		tdm__json_key(&j, "b");
		if (row->has_b)
			tdm__json_num(&j, row->b);
		else
			tdm__json_null(&j);
		tdm__json_key(&j, "norm_a");
		if (row->has_a)
			tdm__json_num(&j, row->norm_a);
		else
			tdm__json_null(&j);
		tdm__json_key(&j, "norm_b");
		if (row->has_b)
			tdm__json_num(&j, row->norm_b);
		else
			tdm__json_null(&j);
		tdm__json_key(&j, "weighted");
		tdm__json_num(&j, row->weighted);
		tdm__json_key(&j, "favours");
		j_favours(&j, row->favours);
		tdm__json_close(&j, '}');
	}
	tdm__json_close(&j, ']');
	tdm__json_key(&j, "total");
	tdm__json_num(&j, c->total);
	tdm__json_key(&j, "favours");
	j_favours(&j, total_favours(c));
	tdm__json_close(&j, '}');
	tdm__out_putc(o, '\n');
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}

tdm_status
tdm_render_comparison(const tdm_result *r, const tdm_comparison *c,
                      const tdm_render_spec *spec, tdm_write_fn write,
                      void *ud, tdm_error *err)
{
	tdm_format f = spec != NULL ? spec->format : TDM_FORMAT_TABLE;
	tdm__out *o;
	tdm_status st;
	size_t i;

	if (r == NULL || c == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render: no result, comparison "
		                     "or writer");
	if (f != TDM_FORMAT_TABLE && f != TDM_FORMAT_CSV &&
	    f != TDM_FORMAT_JSON && f != TDM_FORMAT_MD)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown output format %d", (int)f);
	if (!usable(r) || c->a >= r->n_options || c->b >= r->n_options ||
	    (c->n_rows > 0 && c->rows == NULL))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the comparison does not match its result "
		                     "(compare again after changing the model)");
	for (i = 0; i < c->n_rows; i++)
		if (c->rows[i].criterion >= r->n_criteria)
			return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
			                     "the comparison does not match its "
			                     "result (compare again after changing "
			                     "the model)");
	if ((o = malloc(sizeof *o)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	switch (f) {
	case TDM_FORMAT_CSV:
		comparison_csv(r, c, o);
		break;
	case TDM_FORMAT_JSON:
		comparison_json(r, c, o);
		break;
	case TDM_FORMAT_MD:
		comparison_md(r, c, spec, o);
		break;
	default:
		comparison_table(r, c, spec, o);
		break;
	}
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}
