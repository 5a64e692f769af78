/*
 * render_table.c -- the ranking for people at a terminal.
 *
 * Owns the human layout: a heading, one line on how the scores were made,
 * aligned columns (rank, option, score, bar) for ranked options, the
 * rejected options with their reasons, and the weights. Measures first,
 * then writes; widths are display cells, not bytes. Every piece of user
 * text (title, names, reasons) is escaped before it reaches the terminal,
 * and a row never grows past the width: long names and reasons are cut
 * with "…". Colour only when spec->use_color, and then no other escape
 * sequences than SGR. With spec->ascii our own decorations are ASCII (bars
 * of '#' in whole cells, "..." and " - " for "…" and " · "); user text
 * stays as it is, UTF-8 included (escaped as ever). Must not touch FILE*
 * (it writes through tdm__out).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

#define SEP "  "
#define SEP_CELLS 2
#define BAR_CELLS 20 /* the best option's bar */
#define MIN_BAR 5    /* the bar shrinks to this before names are cut */
#define MIN_NAME 6   /* names are cut to no fewer cells than this */
#define MIN_TEXT 12  /* room kept for "rejected: ..." on narrow terminals */
#define DEFAULT_WIDTH 80

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one cell */
#define DOT " \xc2\xb7 "         /* " · ", three cells */
#define ASCII_ELLIPSIS "..."
#define ASCII_DOT " - "

/* SGR sequences; empty strings when colour is off. */
typedef struct palette {
	const char *bold, *chosen, *rejected, *bar, *reset;
} palette;

static const palette colors = {"\x1b[1m", "\x1b[1;32m", "\x1b[2;31m",
                               "\x1b[36m", "\x1b[0m"};
static const palette no_colors = {"", "", "", "", ""};

typedef struct layout {
	size_t width;
	size_t rankw, namew, scorew, barw, notew;
	double lo, hi;     /* range of the ranked, finite scores */
	int have_range;
	int ascii;         /* spec->ascii: our decorations in ASCII */
} layout;

/* Bar pieces, 1/8 to 8/8 of a cell: U+258F..U+2589 and the full block. */
static const char *const eighths[8] = {
	"\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88",
};

static void
spaces(tdm__out *o, size_t n)
{
	static const char blanks[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof blanks - 1 ? n : sizeof blanks - 1;
		tdm__out_write(o, blanks, k);
		n -= k;
	}
}

/* Escape s into tmp (cleared first); returns its width in cells. */
static size_t
escaped(tdm__rbuf *tmp, const char *s)
{
	tdm__rbuf_clear(tmp);
	if (s != NULL)
		tdm__term_escape(tmp, s, strlen(s));
	return tdm__display_width(tdm__rbuf_str(tmp), tmp->len);
}

/* Write the escaped text in tmp in at most `cells` cells, cutting it with
 * "…" ("..." in ASCII) if it is wider; pad with spaces to `cells` if pad. */
static void
put_cells(tdm__out *o, const layout *L, const tdm__rbuf *tmp, size_t cells,
          int pad)
{
	const char *s = tdm__rbuf_str(tmp);
	size_t w = tdm__display_width(s, tmp->len), used, n;

	if (w <= cells) {
		tdm__out_write(o, s, tmp->len);
		if (pad)
			spaces(o, cells - w);
		return;
	}
	if (cells == 0)
		return;
	if (L->ascii) {
		/* "..." when there is room for it, else a plain cut */
		size_t dots = cells > strlen(ASCII_ELLIPSIS) ? strlen(ASCII_ELLIPSIS)
		                                              : 0;
		n = tdm__fit_cells(s, tmp->len, cells - dots, &used);
		tdm__out_write(o, s, n);
		tdm__out_write(o, ASCII_ELLIPSIS, dots);
		if (pad)
			spaces(o, cells - used - dots);
		return;
	}
	n = tdm__fit_cells(s, tmp->len, cells - 1, &used);
	tdm__out_write(o, s, n);
	tdm__out_puts(o, ELLIPSIS);
	if (pad)
		spaces(o, cells - used - 1);
}

static void
score_text(double score, char *buf, size_t size)
{
	if (isfinite(score))
		snprintf(buf, size, "%.4f", score);
	else
		snprintf(buf, size, "?");
}

static size_t
digits(long x)
{
	size_t n = 1;

	while (x >= 10) {
		x /= 10;
		n++;
	}
	return n;
}

/* A ranked option whose verdict says more than its rank (dominated). */
static int
has_note(const tdm_option_result *opt)
{
	return opt->verdict != TDM_VERDICT_CHOSEN &&
	       opt->verdict != TDM_VERDICT_RANKED;
}

static void
measure(const tdm_result *r, const tdm_render_spec *spec, tdm__rbuf *tmp,
        layout *L)
{
	size_t i, total, over;
	char buf[64];

	memset(L, 0, sizeof *L);
	L->width = spec->width > 0 ? (size_t)spec->width : DEFAULT_WIDTH;
	L->ascii = spec->ascii;
	L->rankw = strlen("rank");
	L->namew = strlen("option");
	L->scorew = strlen("score");
	for (i = 0; i < r->n_options; i++) {
		size_t idx = r->order[i], w;
		const tdm_option_result *opt = &r->options[idx];

		w = escaped(tmp, r->model->options[idx].name);
		if (w > L->namew)
			L->namew = w;
		if (i >= r->n_ranked)
			continue;
		if (opt->rank > 0 && digits(opt->rank) > L->rankw)
			L->rankw = digits(opt->rank);
		score_text(opt->score, buf, sizeof buf);
		if (strlen(buf) > L->scorew)
			L->scorew = strlen(buf);
		if (has_note(opt) &&
		    SEP_CELLS + strlen(tdm_verdict_name(opt->verdict)) > L->notew)
			L->notew = SEP_CELLS + strlen(tdm_verdict_name(opt->verdict));
		if (isfinite(opt->score)) {
			if (!L->have_range || opt->score < L->lo)
				L->lo = opt->score;
			if (!L->have_range || opt->score > L->hi)
				L->hi = opt->score;
			L->have_range = 1;
		}
	}
	L->barw = r->n_ranked > 0 ? BAR_CELLS : 0;
	total = L->rankw + SEP_CELLS + L->namew + SEP_CELLS + L->scorew +
	        SEP_CELLS + L->barw + L->notew;
	if (total > L->width && L->barw > MIN_BAR) {
		over = total - L->width;
		if (over > L->barw - MIN_BAR)
			over = L->barw - MIN_BAR;
		L->barw -= over;
		total -= over;
	}
	if (total > L->width && L->namew > MIN_NAME) {
		over = total - L->width;
		if (over > L->namew - MIN_NAME)
			over = L->namew - MIN_NAME;
		L->namew -= over;
	}
}

/* The share of the bar an option earns. Scores that cannot be negative
 * and where higher is better (WSM, WPM, TOPSIS) get a bar proportional to
 * the score, the best full: the axis starts at zero, so a small lead looks
 * small. Otherwise (negative scores, lower is better) the bar spans the
 * ranked range: the best full, the worst empty. All full when every
 * ranked score is the same. */
static double
bar_share(const tdm_result *r, const layout *L, double score)
{
	double f;

	if (!L->have_range || !isfinite(score))
		return 0;
	if (r->direction == TDM_DIR_HIGHER && L->lo >= 0)
		f = L->hi > 0 ? score / L->hi : 1;
	else if (!(L->hi > L->lo))
		f = 1;
	else if (r->direction == TDM_DIR_LOWER)
		f = (L->hi - score) / (L->hi - L->lo);
	else
		f = (score - L->lo) / (L->hi - L->lo);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* Eighths of a cell for a bar of L->barw cells filled to share. In ASCII
 * there are no partial cells: rounded to whole cells, and a bar that is
 * not empty keeps at least one. */
static long
bar_eighths(const layout *L, double share)
{
	long n = (long)floor(share * (double)L->barw * 8 + 0.5);

	if (L->ascii && n > 0)
		n = n < 8 ? 8 : (n + 4) / 8 * 8;
	return n;
}

static void
bar(tdm__out *o, const layout *L, long n)
{
	long k;

	for (k = 0; k + 8 <= n; k += 8)
		tdm__out_puts(o, L->ascii ? "#" : eighths[7]);
	if (n % 8 > 0)
		tdm__out_puts(o, eighths[n % 8 - 1]);
}

/* Write one part of the method line: after " · " (" - ") if it fits in
 * the width, else on a line of its own. */
static void
method_part(tdm__out *o, const tdm__rbuf *part, const layout *L,
            size_t *col)
{
	size_t w = tdm__display_width(tdm__rbuf_str(part), part->len);

	if (*col > 0) {
		if (*col + 3 + w > L->width) {
			tdm__out_putc(o, '\n');
			*col = 0;
		} else {
			tdm__out_puts(o, L->ascii ? ASCII_DOT : DOT);
			*col += 3;
		}
	}
	tdm__out_write(o, tdm__rbuf_str(part), part->len);
	*col += w;
}

static void
heading(const tdm_result *r, const layout *L, const palette *p,
        tdm__out *o, tdm__rbuf *tmp, tdm__rbuf *part)
{
	const tdm_model *m = r->model;
	char lo[40], hi[40];
	const char *l, *h;
	size_t c, col = 0;
	int n_scaled = 0;

	if (m->title != NULL && m->title[0] != '\0') {
		escaped(tmp, m->title);
		tdm__out_puts(o, p->bold);
		put_cells(o, L, tmp, L->width, 0);
		tdm__out_puts(o, p->reset);
		tdm__out_putc(o, '\n');
	}

	tdm__rbuf_clear(part);
	tdm__rbuf_puts(part, "method ");
	escaped(tmp, r->method);
	tdm__rbuf_add(part, tdm__rbuf_str(tmp), tmp->len);
	if (r->direction == TDM_DIR_LOWER)
		tdm__rbuf_puts(part, " (lower scores are better)");
	method_part(o, part, L, &col);

	tdm__rbuf_clear(part);
	tdm__rbuf_puts(part, "normalisation ");
	escaped(tmp, r->normalization);
	tdm__rbuf_add(part, tdm__rbuf_str(tmp), tmp->len);
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		if (!cr->has_scale)
			continue;
		l = tdm__number(cr->scale_lo, lo, sizeof lo);
		h = tdm__number(cr->scale_hi, hi, sizeof hi);
		tdm__rbuf_puts(part, n_scaled++ ? "; scale " : " (scale ");
		tdm__rbuf_puts(part, l ? l : "?");
		tdm__rbuf_puts(part, "..");
		tdm__rbuf_puts(part, h ? h : "?");
		tdm__rbuf_puts(part, " for ");
		escaped(tmp, cr->name);
		tdm__rbuf_add(part, tdm__rbuf_str(tmp), tmp->len);
	}
	if (n_scaled > 0)
		tdm__rbuf_puts(part, ")");
	method_part(o, part, L, &col);

	tdm__rbuf_clear(part);
	tdm__rbuf_puts(part, "weighting ");
	tdm__describe_weighting(part, r);
	method_part(o, part, L, &col);
	tdm__rbuf_clear(part);
	tdm__rbuf_clear(tmp);
	if (tdm__describe_parameters(tmp, r)) {
		tdm__rbuf_puts(part, "parameters ");
		tdm__rbuf_add(part, tdm__rbuf_str(tmp), tmp->len);
		method_part(o, part, L, &col);
		tdm__rbuf_clear(part);
	}
	tdm__rbuf_puts(part, "tradeoff " TDM_VERSION);
	method_part(o, part, L, &col);
	tdm__out_puts(o, "\n\n");
}

static void wrapped(tdm__out *o, const char *text, size_t indent,
                    size_t width);
static void reason_lines(const tdm_result *r, const tdm_option_result *opt,
                         const layout *L, tdm__out *o, tdm__rbuf *tmp);

static void
ranked_row(const tdm_result *r, size_t idx, const layout *L,
           const palette *p, tdm__out *o, tdm__rbuf *tmp)
{
	const tdm_option_result *opt = &r->options[idx];
	int chosen = opt->verdict == TDM_VERDICT_CHOSEN;
	char num[64];
	long n;

	if (chosen)
		tdm__out_puts(o, p->chosen);
	snprintf(num, sizeof num, "%ld", opt->rank);
	spaces(o, L->rankw - strlen(num));
	tdm__out_puts(o, num);
	tdm__out_puts(o, SEP);
	escaped(tmp, r->model->options[idx].name);
	put_cells(o, L, tmp, L->namew, 1);
	tdm__out_puts(o, SEP);
	score_text(opt->score, num, sizeof num);
	spaces(o, L->scorew - strlen(num));
	tdm__out_puts(o, num);
	if (chosen)
		tdm__out_puts(o, p->reset);
	n = bar_eighths(L, bar_share(r, L, opt->score));
	if (n > 0) {
		tdm__out_puts(o, SEP);
		tdm__out_puts(o, p->bar);
		bar(o, L, n);
		tdm__out_puts(o, p->reset);
	}
	if (has_note(opt)) {
		/* pad the bar so that notes line up */
		spaces(o, (n > 0 ? 0 : SEP_CELLS) + L->barw - (size_t)(n + 7) / 8);
		tdm__out_puts(o, SEP);
		tdm__out_puts(o, tdm_verdict_name(opt->verdict));
	}
	tdm__out_putc(o, '\n');
	reason_lines(r, opt, L, o, tmp);
}

/* Write text (already escaped) at column indent, wrapped at spaces so no
 * line passes the width; a word longer than a line is cut, never lost
 * silently (it continues on the next line). */
static void
wrapped(tdm__out *o, const char *text, size_t indent, size_t width)
{
	size_t avail = width > indent + MIN_TEXT ? width - indent : MIN_TEXT;
	size_t col = 0;
	const char *p = text;

	spaces(o, indent);
	while (*p != '\0') {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		size_t w = tdm__display_width(p, len);

		if (col > 0 && col + 1 + w > avail) {
			tdm__out_putc(o, '\n');
			spaces(o, indent + 2);
			col = 2;
		} else if (col > 0) {
			tdm__out_putc(o, ' ');
			col++;
		}
		tdm__out_write(o, p, len);
		col += w;
		p += len;
		while (*p == ' ')
			p++;
	}
	tdm__out_putc(o, '\n');
}

/* Each reason on its own line under the option's name, wrapped to the
 * width, then what the option would rank without its guardrails. */
static void
reason_lines(const tdm_result *r, const tdm_option_result *opt,
             const layout *L, tdm__out *o, tdm__rbuf *tmp)
{
	size_t indent = L->rankw + SEP_CELLS + 2, k;
	tdm__rbuf text;

	tdm__rbuf_init(&text);
	for (k = 0; k < opt->n_reasons; k++) {
		tdm__rbuf_clear(&text);
		tdm__reason_text(&text, r, &opt->reasons[k]);
		escaped(tmp, tdm__rbuf_str(&text));
		wrapped(o, tdm__rbuf_str(tmp), indent, L->width);
	}
	if (opt->as_if_rank > 0) {
		char line[96];
		snprintf(line, sizeof line,
		         "without its guardrails it would rank #%ld of %zu",
		         opt->as_if_rank, r->n_as_if);
		wrapped(o, line, indent, L->width);
	}
	if (text.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&text);
}

/* "-  name  rejected", then each reason on its own line under the name,
 * wrapped to the width: saying no is the point, so reasons are never cut. */
static void
unranked_row(const tdm_result *r, size_t idx, const layout *L,
             const palette *p, tdm__out *o, tdm__rbuf *tmp,
             tdm__rbuf *text)
{
	const tdm_option_result *opt = &r->options[idx];
	size_t indent = L->rankw + SEP_CELLS + 2, k;

	tdm__out_puts(o, p->rejected);
	spaces(o, L->rankw - 1);
	tdm__out_putc(o, '-');
	tdm__out_puts(o, SEP);
	escaped(tmp, r->model->options[idx].name);
	put_cells(o, L, tmp, L->namew, 1);
	tdm__out_puts(o, SEP);
	tdm__out_puts(o, tdm_verdict_name(opt->verdict));
	tdm__out_puts(o, p->reset);
	tdm__out_putc(o, '\n');
	(void)indent, (void)k, (void)text;
	reason_lines(r, opt, L, o, tmp);
}

/* "weights: a 0.385 (5), b 0.231 (3)", wrapped after a comma to the
 * width. The given weight is shown only when it differs from the used. */
static void
weights(const tdm_result *r, const layout *L, tdm__out *o, tdm__rbuf *tmp,
        tdm__rbuf *item)
{
	const tdm_model *m = r->model;
	const size_t indent = strlen("weights: ");
	size_t c, col = indent;
	char num[48], given[40];

	if (m->n_criteria == 0)
		return;
	tdm__out_puts(o, "weights: ");
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const char *g;
		size_t w;

		tdm__rbuf_clear(item);
		escaped(tmp, cr->name);
		tdm__rbuf_add(item, tdm__rbuf_str(tmp), tmp->len);
		if (isfinite(r->weights[c]))
			snprintf(num, sizeof num, " %.3f", r->weights[c]);
		else
			snprintf(num, sizeof num, " ?");
		tdm__rbuf_puts(item, num);
		g = cr->has_weight ? tdm__number(cr->weight, given, sizeof given)
		                   : NULL;
		if (r->weights_normalized && g != NULL) {
			tdm__rbuf_puts(item, " (");
			tdm__rbuf_puts(item, g);
			tdm__rbuf_puts(item, ")");
		}
		w = tdm__display_width(tdm__rbuf_str(item), item->len);
		if (c > 0) {
			tdm__out_putc(o, ',');
			col++;
			if (col + 1 + w > L->width) {
				tdm__out_putc(o, '\n');
				spaces(o, indent);
				col = indent;
			} else {
				tdm__out_putc(o, ' ');
				col++;
			}
		}
		tdm__out_write(o, tdm__rbuf_str(item), item->len);
		col += w;
	}
	tdm__out_putc(o, '\n');
}

void
tdm__render_table(const tdm_result *r, const tdm_render_spec *spec,
                  tdm__out *o)
{
	const palette *p = spec->use_color ? &colors : &no_colors;
	tdm__rbuf tmp, text;
	layout L;
	size_t i;

	tdm__rbuf_init(&tmp);
	tdm__rbuf_init(&text);
	measure(r, spec, &tmp, &L);
	heading(r, &L, p, o, &tmp, &text);
	if (r->n_options == 0) {
		tdm__out_puts(o, "no options to rank\n");
	} else if (r->n_ranked == 0) {
		tdm__out_puts(o, "no option passes every guardrail\n\n");
	} else {
		spaces(o, L.rankw - strlen("rank"));
		tdm__out_puts(o, "rank" SEP "option");
		spaces(o, L.namew - strlen("option") + SEP_CELLS +
		              L.scorew - strlen("score"));
		tdm__out_puts(o, "score\n");
	}
	for (i = 0; i < r->n_options && !o->failed; i++) {
		if (i < r->n_ranked)
			ranked_row(r, r->order[i], &L, p, o, &tmp);
		else
			unranked_row(r, r->order[i], &L, p, o, &tmp, &text);
	}
	tdm__out_putc(o, '\n');
	weights(r, &L, o, &tmp, &text);
	tdm__rbuf_clear(&tmp);
	if (tdm__describe_compromise(&tmp, r))
		wrapped(o, tdm__rbuf_str(&tmp), 0, L.width);
	for (i = 0; i < r->n_notes; i++) {
		tdm__rbuf_clear(&tmp);
		tdm__rbuf_puts(&tmp, "note: ");
		tdm__term_escape(&tmp, r->notes[i], strlen(r->notes[i]));
		wrapped(o, tdm__rbuf_str(&tmp), 0, L.width);
	}
	if (tmp.nomem || text.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&text);
	tdm__rbuf_free(&tmp);
}
