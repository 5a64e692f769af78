/*
 * render_html.c -- `tradeoff report`: one self-contained HTML page.
 *
 * Owns the page's layout: a header (title, context, how the result was
 * made), the ranking table, a stacked bar per ranked option of each
 * criterion's weighted contribution (wsm; for methods that do not add up,
 * weight x normalised value, said so), a tornado chart of the weight
 * intervals in which the winner stays the winner, a stacked rank-share bar
 * per option (acceptability), and the "why not" text of every option that
 * has an explanation. Charts are inline SVG with a <title> on every mark
 * and a table beside them, so the page reads without JavaScript, without
 * network and on paper (print styles). Owns the HTML escaping of user
 * text: every name, context and reason goes through html_text.
 *
 * Deterministic: the same inputs give the same bytes (no clock, no
 * pointers; numbers with fixed decimals in the C locale).
 *
 * Must not compute results (scores, intervals, shares and explanations
 * come from the caller) and must not touch FILE*: it writes through
 * tdm__out. The explanations' words come from tdm_render_explanation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* Chart geometry, in SVG user units (px at 100 %). */
#define CHART_W 760
#define ROW_H 26
#define BAR_H 16
#define TOP 10
#define RIGHT_W 200
#define CHAR_W 7.2     /* a 13 px sans-serif character, roughly */
#define MAX_LABEL 24   /* characters of a label before it is cut */
#define EXPLAIN_WIDTH 88

/* Okabe & Ito's colour-blind-safe palette, then two more. */
static const char *const criterion_colours[] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9",
	"#d55e00", "#f0e442", "#000000", "#999999", "#8c564b",
};
#define N_COLOURS (sizeof criterion_colours / sizeof criterion_colours[0])

/* Ranks 1, 2, 3 ... from strong to pale; later ranks share the last. */
static const char *const rank_colours[] = {
	"#1a7f37", "#6cb86f", "#b5dcb1", "#e3e3e3", "#cfcfcf", "#bdbdbd",
	"#a8a8a8", "#949494",
};
#define N_RANK_COLOURS (sizeof rank_colours / sizeof rank_colours[0])

static const char style_sheet[] =
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,sans-serif;color:#1f2328;background:#fff;"
	"max-width:60rem;margin:2rem auto;padding:0 1rem}\n"
	"h1{font-size:1.7rem;margin:0 0 .3rem}\n"
	"h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid "
	"#d0d7de;padding-bottom:.2rem}\n"
	"h3{font-size:1.05rem;margin:1.2rem 0 .3rem}\n"
	".prov,.note{color:#57606a;font-size:.9rem}\n"
	"table{border-collapse:collapse;margin:.5rem 0}\n"
	"th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f6f8fa}\n"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tr.chosen td{font-weight:600}\n"
	"svg{display:block;max-width:100%;height:auto}\n"
	"svg text{font:13px system-ui,Arial,sans-serif;fill:#1f2328}\n"
	".legend{list-style:none;padding:0;margin:.3rem 0;display:flex;"
	"flex-wrap:wrap;gap:.3rem 1rem;font-size:.9rem}\n"
	".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
	"vertical-align:-.1em;border:1px solid #0003}\n"
	"pre.why{white-space:pre-wrap;font:13px/1.4 ui-monospace,"
	"\"DejaVu Sans Mono\",Menlo,Consolas,monospace;background:#f6f8fa;"
	"border:1px solid #d0d7de;padding:.6rem .8rem;overflow-wrap:anywhere}\n"
	"@media print{body{margin:0;max-width:none;font-size:11pt}"
	"section{break-inside:avoid-page}h2,h3{break-after:avoid}"
	"pre.why{break-inside:avoid}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

typedef struct page {
	const tdm_result *r;
	const tdm_model *m;
	tdm__out *o;
	tdm__rbuf tmp;
	int nomem;
} page;

/* ------------------------------------------------------------------------
 * Escaping
 * --------------------------------------------------------------------- */

/* Write s (len bytes) as HTML text, safe in element content and in a
 * double- or single-quoted attribute: & < > " ' as references; invalid
 * UTF-8 and control characters as U+FFFD, except that a line break or tab
 * is kept when keep_breaks, else becomes a space; bidi overrides and
 * isolates are dropped, so user text cannot reorder the page around it. */
static void
html_textn(tdm__out *o, const char *s, size_t len, int keep_breaks)
{
	size_t i = 0;

	while (i < len) {
		long cp;
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);

		switch (cp) {
		case '&': tdm__out_puts(o, "&amp;"); break;
		case '<': tdm__out_puts(o, "&lt;"); break;
		case '>': tdm__out_puts(o, "&gt;"); break;
		case '"': tdm__out_puts(o, "&quot;"); break;
		case '\'': tdm__out_puts(o, "&#39;"); break;
		case '\n':
		case '\t':
			tdm__out_putc(o, keep_breaks ? (char)cp : ' ');
			break;
		case '\r':
			if (!(i + 1 < len && s[i + 1] == '\n'))
				tdm__out_putc(o, keep_breaks ? '\n' : ' ');
			break;
		default:
			if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
				tdm__out_puts(o, "\xef\xbf\xbd");
			else if ((cp >= 0x202a && cp <= 0x202e) ||
			         (cp >= 0x2066 && cp <= 0x2069))
				; /* dropped */
			else
				tdm__out_write(o, s + i, n);
		}
		i += n;
	}
}

static void
html_text(tdm__out *o, const char *s)
{
	if (s != NULL)
		html_textn(o, s, strlen(s), 0);
}

/* s cut to at most `max` code points ("…" ending a cut one), escaped. */
static void
html_label(tdm__out *o, const char *s, size_t max)
{
	size_t i = 0, len, count = 0;

	if (s == NULL)
		return;
	len = strlen(s);
	while (i < len && count < max) {
		long cp;
		i += tdm__utf8_decode(s + i, len - i, &cp);
		count++;
	}
	if (i >= len) {
		html_textn(o, s, len, 0);
		return;
	}
	/* leave room for the ellipsis */
	i = 0, count = 0;
	while (i < len && count + 1 < max) {
		long cp;
		i += tdm__utf8_decode(s + i, len - i, &cp);
		count++;
	}
	html_textn(o, s, i, 0);
	tdm__out_puts(o, "\xe2\x80\xa6");
}

/* Code points in s (for label widths). */
static size_t
cp_count(const char *s)
{
	size_t i = 0, len = s ? strlen(s) : 0, n = 0;

	while (i < len) {
		long cp;
		i += tdm__utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

/* ------------------------------------------------------------------------
 * Numbers: fixed decimals; "?" when not finite.
 * --------------------------------------------------------------------- */

static const char *
fixed(char *buf, size_t size, double x, int dec)
{
	if (!isfinite(x))
		return "?";
	snprintf(buf, size, "%.*f", dec, x);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf)); /* "-0.00" -> "0.00" */
	return buf;
}

/* An SVG coordinate or length: one decimal. */
static void
coord(tdm__out *o, double x)
{
	char buf[48];

	tdm__out_puts(o, fixed(buf, sizeof buf, isfinite(x) ? x : 0, 1));
}

static void
put_fixed(tdm__out *o, double x, int dec)
{
	char buf[48];

	tdm__out_puts(o, fixed(buf, sizeof buf, x, dec));
}

static void
put_percent(tdm__out *o, double share)
{
	put_fixed(o, share * 100, 1);
	tdm__out_puts(o, "\xc2\xa0%");
}

static double
clamp01(double x)
{
	return !isfinite(x) || x < 0 ? 0 : x > 1 ? 1 : x;
}

/* ------------------------------------------------------------------------
 * Chart pieces
 * --------------------------------------------------------------------- */

/* Width of the label column for these names. */
static double
label_width(page *p, const size_t *idx, size_t n, int criteria)
{
	size_t i, most = 4;

	for (i = 0; i < n; i++) {
		const char *name = criteria ? p->m->criteria[idx[i]].name
		                            : p->m->options[idx[i]].name;
		size_t c = cp_count(name);
		if (c > most)
			most = c;
	}
	if (most > MAX_LABEL)
		most = MAX_LABEL;
	return 12 + CHAR_W * (double)most;
}

static void
svg_open(page *p, const char *cls, double height, const char *label)
{
	tdm__out *o = p->o;

	/* inline SVG in HTML needs no xmlns (and the page names no URL) */
	tdm__out_printf(o, "<svg class=\"%s\" width=\"%d\" height=\"", cls,
	                CHART_W);
	coord(o, height);
	tdm__out_printf(o, "\" viewBox=\"0 0 %d ", CHART_W);
	coord(o, height);
	tdm__out_puts(o, "\" role=\"img\" aria-label=\"");
	html_text(o, label);
	tdm__out_puts(o, "\">\n");
}

static void
svg_rect(tdm__out *o, double x, double y, double w, double h,
         const char *fill, const char *extra)
{
	tdm__out_puts(o, "<rect x=\"");
	coord(o, x);
	tdm__out_puts(o, "\" y=\"");
	coord(o, y);
	tdm__out_puts(o, "\" width=\"");
	coord(o, w > 0 ? w : 0);
	tdm__out_puts(o, "\" height=\"");
	coord(o, h);
	tdm__out_printf(o, "\" fill=\"%s\"%s", fill, extra ? extra : "");
}

/* A row label at the left of row y, cut to MAX_LABEL with the full name
 * in its title. */
static void
svg_label(tdm__out *o, double y, const char *name)
{
	tdm__out_puts(o, "<text x=\"4\" y=\"");
	coord(o, y + BAR_H - 3);
	tdm__out_puts(o, "\"><title>");
	html_text(o, name);
	tdm__out_puts(o, "</title>");
	html_label(o, name, MAX_LABEL);
	tdm__out_puts(o, "</text>\n");
}

static void
svg_right_text_open(tdm__out *o, double y)
{
	tdm__out_printf(o, "<text x=\"%d\" y=\"", CHART_W - RIGHT_W + 8);
	coord(o, y + BAR_H - 3);
	tdm__out_puts(o, "\">");
}

/* An axis under the bars from x0 to x1 with ticks at 0, .25 ... 1 of `top`
 * (labelled with `dec` decimals). */
static void
svg_axis(tdm__out *o, double x0, double x1, double y, double top, int dec)
{
	int k;

	tdm__out_puts(o, "<line x1=\"");
	coord(o, x0);
	tdm__out_puts(o, "\" y1=\"");
	coord(o, y);
	tdm__out_puts(o, "\" x2=\"");
	coord(o, x1);
	tdm__out_puts(o, "\" y2=\"");
	coord(o, y);
	tdm__out_puts(o, "\" stroke=\"#57606a\"/>\n");
	for (k = 0; k <= 4; k++) {
		double x = x0 + (x1 - x0) * k / 4.0;
		tdm__out_puts(o, "<line x1=\"");
		coord(o, x);
		tdm__out_puts(o, "\" y1=\"");
		coord(o, y);
		tdm__out_puts(o, "\" x2=\"");
		coord(o, x);
		tdm__out_puts(o, "\" y2=\"");
		coord(o, y + 4);
		tdm__out_puts(o, "\" stroke=\"#57606a\"/><text x=\"");
		coord(o, x);
		tdm__out_puts(o, "\" y=\"");
		coord(o, y + 17);
		tdm__out_puts(o, "\" text-anchor=\"middle\">");
		put_fixed(o, top * k / 4.0, dec);
		tdm__out_puts(o, "</text>\n");
	}
}

static void
legend_item(tdm__out *o, const char *colour, const char *name)
{
	tdm__out_printf(o, "<li><span class=\"swatch\" style=\"background:%s\">"
	                "</span>", colour);
	html_text(o, name);
	tdm__out_puts(o, "</li>\n");
}

/* ------------------------------------------------------------------------
 * Sections
 * --------------------------------------------------------------------- */

static void
header(page *p)
{
	tdm__out *o = p->o;
	const char *title = p->m->title ? p->m->title : "Decision";

	tdm__out_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	                 "<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, "
	                 "initial-scale=1\">\n"
	                 "<meta name=\"generator\" content=\"tradeoff "
	                 TDM_VERSION "\">\n<title>");
	html_text(o, title);
	tdm__out_puts(o, " \xe2\x80\x94 tradeoff report</title>\n<style>\n");
	tdm__out_puts(o, style_sheet);
	tdm__out_puts(o, "</style>\n</head>\n<body>\n<header>\n<h1>");
	html_text(o, title);
	tdm__out_puts(o, "</h1>\n");
	if (p->m->context != NULL && p->m->context[0] != '\0') {
		tdm__out_puts(o, "<p class=\"context\">");
		html_text(o, p->m->context);
		tdm__out_puts(o, "</p>\n");
	}
	tdm__rbuf_clear(&p->tmp);
	tdm__provenance(&p->tmp, p->r, 1);
	tdm__out_puts(o, "<p class=\"prov\">");
	html_text(o, tdm__rbuf_str(&p->tmp));
	tdm__out_puts(o, "</p>\n</header>\n");
}

static void
ranking(page *p)
{
	const tdm_result *r = p->r;
	tdm__out *o = p->o;
	size_t k;

	tdm__out_puts(o, "<section id=\"ranking\">\n<h2>Ranking</h2>\n");
	if (r->n_ranked == 0)
		tdm__out_puts(o, "<p><strong>No option passes every guardrail."
		                 "</strong></p>\n");
	tdm__out_puts(o, "<table>\n<thead><tr><th>Rank</th><th>Option</th>"
	                 "<th>Score</th><th>Verdict</th><th>Why</th></tr>"
	                 "</thead>\n<tbody>\n");
	for (k = 0; k < r->n_options; k++) {
		size_t i = r->order[k];
		const tdm_option_result *or = &r->options[i];

		tdm__out_printf(o, "<tr class=\"%s\"><td class=\"num\">",
		                tdm_verdict_name(or->verdict));
		if (or->rank > 0)
			tdm__out_printf(o, "%ld", or->rank);
		else
			tdm__out_puts(o, "\xe2\x80\x93");
		tdm__out_puts(o, "</td><td>");
		html_text(o, p->m->options[i].name);
		tdm__out_puts(o, "</td><td class=\"num\">");
		if (or->rank > 0)
			put_fixed(o, or->score, 4);
		tdm__out_puts(o, "</td><td>");
		html_text(o, tdm_verdict_name(or->verdict));
		tdm__out_puts(o, "</td><td>");
		tdm__rbuf_clear(&p->tmp);
		tdm__reasons_text(&p->tmp, r, or);
		html_text(o, tdm__rbuf_str(&p->tmp));
		if (or->as_if_rank > 0)
			tdm__out_printf(o, "%swithout its guardrails it would rank "
			                "#%ld", or->n_reasons ? "; " : "",
			                or->as_if_rank);
		tdm__out_puts(o, "</td></tr>\n");
	}
	tdm__out_puts(o, "</tbody>\n</table>\n<p class=\"note\">Weights: ");
	for (k = 0; k < p->m->n_criteria && k < r->n_criteria; k++) {
		if (k > 0)
			tdm__out_puts(o, ", ");
		html_text(o, p->m->criteria[k].name);
		tdm__out_puts(o, " ");
		put_fixed(o, r->weights[k], 3);
	}
	tdm__out_puts(o, ".</p>\n</section>\n");
}

/* Stacked bars: each ranked option's weighted contribution per criterion
 * (or weight x normalised value when the method does not add up). */
static void
contributions(page *p)
{
	const tdm_result *r = p->r;
	tdm__out *o = p->o;
	size_t k, c, n = r->n_ranked, nc = r->n_criteria;
	double lw, x0, x1, top = 0, y, h;
	int additive = r->has_contributions;

	tdm__out_puts(o, "<section id=\"contributions\">\n<h2>What each "
	                 "criterion contributes</h2>\n");
	if (n == 0 || nc == 0) {
		tdm__out_puts(o, "<p>No option is ranked.</p>\n</section>\n");
		return;
	}
	if (additive)
		tdm__out_puts(o, "<p>Each bar is an option's score, split into "
		                 "the weighted contribution of every criterion "
		                 "(weight \xc3\x97 normalised value).</p>\n");
	else {
		tdm__out_puts(o, "<p>The method ");
		html_text(o, r->method);
		tdm__out_puts(o, " does not add contributions up, so its scores "
		                 "are not these bars: each bar shows weight "
		                 "\xc3\x97 normalised value (1 = best) per "
		                 "criterion, to compare where the options are "
		                 "strong.</p>\n");
	}
	tdm__out_puts(o, "<ul class=\"legend\">\n");
	for (c = 0; c < nc; c++)
		legend_item(o, criterion_colours[c % N_COLOURS],
		            p->m->criteria[c].name);
	tdm__out_puts(o, "</ul>\n");

	for (k = 0; k < n; k++) {
		const tdm_option_result *or = &r->options[r->order[k]];
		const double *part = additive ? or->contrib : or->norm;
		double sum = 0;
		if (part == NULL)
			continue;
		for (c = 0; c < nc; c++) {
			double v = additive ? part[c] : r->weights[c] * part[c];
			if (isfinite(v) && v > 0)
				sum += v;
		}
		if (sum > top)
			top = sum;
	}
	if (!(top > 0))
		top = 1;
	top = top <= 1 ? 1 : ceil(top * 4) / 4;
	lw = label_width(p, r->order, n, 0);
	x0 = lw;
	x1 = CHART_W - RIGHT_W;
	h = TOP + n * ROW_H + 26;
	svg_open(p, "contributions", h, "weighted contribution per criterion");
	for (k = 0; k < n; k++) {
		size_t i = r->order[k];
		const tdm_option_result *or = &r->options[i];
		const double *part = additive ? or->contrib : or->norm;
		double x = x0, total = 0;

		y = TOP + k * ROW_H;
		svg_label(o, y, p->m->options[i].name);
		for (c = 0; part != NULL && c < nc; c++) {
			double v = additive ? part[c] : r->weights[c] * part[c];
			double w;
			if (!isfinite(v) || v <= 0)
				continue;
			w = (x1 - x0) * v / top;
			total += v;
			svg_rect(o, x, y, w, BAR_H, criterion_colours[c % N_COLOURS],
			         "><title>");
			html_text(o, p->m->options[i].name);
			tdm__out_puts(o, ": ");
			html_text(o, p->m->criteria[c].name);
			tdm__out_puts(o, " ");
			put_fixed(o, v, 4);
			tdm__out_puts(o, "</title></rect>\n");
			x += w;
		}
		svg_right_text_open(o, y);
		if (additive) {
			put_fixed(o, or->score, 4);
		} else {
			tdm__out_puts(o, "score ");
			put_fixed(o, or->score, 4);
		}
		(void)total;
		tdm__out_puts(o, "</text>\n");
	}
	svg_axis(o, x0, x1, TOP + n * ROW_H, top, 2);
	tdm__out_puts(o, "</svg>\n</section>\n");
}

/* Tornado: each criterion's weight interval in which the winner stays,
 * closest to flipping first. */
static void
tornado(page *p, const tdm_sensitivity *s)
{
	tdm__out *o = p->o;
	const tdm_model *m = p->m;
	size_t k, n;
	double lw, x0, x1, h;
	size_t *idx = NULL;

	tdm__out_puts(o, "<section id=\"sensitivity\">\n<h2>How far each "
	                 "weight can move</h2>\n");
	if (s == NULL || s->n_intervals == 0) {
		tdm__out_puts(o, "<p>Not computed: it needs a ranked winner.</p>\n"
		                 "</section>\n");
		return;
	}
	n = s->n_intervals;
	tdm__out_puts(o, "<p>For each criterion, the range of its normalised "
	                 "weight (the others keeping their proportions) in "
	                 "which ");
	html_text(o, m->options[s->winner].name);
	tdm__out_puts(o, " stays the winner; the mark is the current weight. "
	                 "Criteria closest to flipping the decision come "
	                 "first.</p>\n");
	if ((idx = malloc(n * sizeof *idx)) == NULL) {
		p->nomem = 1;
		tdm__out_puts(o, "</section>\n");
		return;
	}
	for (k = 0; k < n; k++)
		idx[k] = s->intervals[s->by_closeness ? s->by_closeness[k] : k]
		             .criterion;
	lw = label_width(p, idx, n, 1);
	x0 = lw;
	x1 = CHART_W - RIGHT_W;
	h = TOP + n * ROW_H + 26;
	svg_open(p, "tornado", h, "weight intervals per criterion");
	for (k = 0; k < n; k++) {
		size_t j = s->by_closeness ? s->by_closeness[k] : k;
		const tdm_weight_interval *wi = &s->intervals[j];
		const char *name = m->criteria[wi->criterion].name;
		double lo = clamp01(wi->lo), hi = clamp01(wi->hi);
		double from = clamp01(wi->from), y = TOP + k * ROW_H;
		int closed = wi->lo > 0 || wi->hi < 1;

		svg_label(o, y, name);
		svg_rect(o, x0, y + BAR_H / 2 - 1, x1 - x0, 2, "#d0d7de", "/>\n");
		svg_rect(o, x0 + (x1 - x0) * lo, y, (x1 - x0) * (hi - lo), BAR_H,
		         closed ? "#d55e00" : "#56b4e9", "><title>");
		html_text(o, name);
		tdm__out_puts(o, ": ");
		put_fixed(o, wi->lo, 3);
		tdm__out_puts(o, " to ");
		put_fixed(o, wi->hi, 3);
		tdm__out_puts(o, ", now ");
		put_fixed(o, wi->from, 3);
		tdm__out_puts(o, "</title></rect>\n");
		svg_rect(o, x0 + (x1 - x0) * from - 1.5, y - 2, 3, BAR_H + 4,
		         "#1f2328", "/>\n");
		svg_right_text_open(o, y);
		put_fixed(o, wi->lo, 3);
		tdm__out_puts(o, "\xe2\x80\x93");
		put_fixed(o, wi->hi, 3);
		tdm__out_puts(o, " (now ");
		put_fixed(o, wi->from, 3);
		tdm__out_puts(o, ")</text>\n");
	}
	svg_axis(o, x0, x1, TOP + n * ROW_H, 1, 2);
	tdm__out_puts(o, "</svg>\n<table>\n<thead><tr><th>Criterion</th>"
	                 "<th>Weight now</th><th>Winner stays from</th>"
	                 "<th>to</th><th>Below, the winner is</th>"
	                 "<th>Above, the winner is</th></tr></thead>\n<tbody>\n");
	for (k = 0; k < n; k++) {
		size_t j = s->by_closeness ? s->by_closeness[k] : k;
		const tdm_weight_interval *wi = &s->intervals[j];

		tdm__out_puts(o, "<tr><td>");
		html_text(o, m->criteria[wi->criterion].name);
		tdm__out_puts(o, "</td><td class=\"num\">");
		put_fixed(o, wi->from, 3);
		tdm__out_puts(o, "</td><td class=\"num\">");
		put_fixed(o, wi->lo, 3);
		tdm__out_puts(o, "</td><td class=\"num\">");
		put_fixed(o, wi->hi, 3);
		tdm__out_puts(o, "</td><td>");
		if (wi->lo_taker >= 0 && (size_t)wi->lo_taker < m->n_options)
			html_text(o, m->options[wi->lo_taker].name);
		else
			tdm__out_puts(o, "\xe2\x80\x93");
		tdm__out_puts(o, "</td><td>");
		if (wi->hi_taker >= 0 && (size_t)wi->hi_taker < m->n_options)
			html_text(o, m->options[wi->hi_taker].name);
		else
			tdm__out_puts(o, "\xe2\x80\x93");
		tdm__out_puts(o, "</td></tr>\n");
	}
	tdm__out_puts(o, "</tbody>\n</table>\n</section>\n");
	free(idx);
}

/* Acceptability: a stacked bar per option of its share of samples at each
 * rank. */
static void
acceptability(page *p, const tdm_acceptability *a)
{
	tdm__out *o = p->o;
	const tdm_model *m = p->m;
	size_t i, k, n;
	double lw, x0, x1, h;

	tdm__out_puts(o, "<section id=\"acceptability\">\n<h2>How often each "
	                 "option wins under other weights</h2>\n");
	if (a == NULL || a->n == 0) {
		tdm__out_puts(o, "<p>Not computed: it needs a ranked option.</p>\n"
		                 "</section>\n");
		return;
	}
	n = a->n;
	tdm__out_printf(o, "<p>Share of %zu random weightings (seed %llu",
	                a->n_samples, a->seed);
	if (a->spread > 0) {
		tdm__out_puts(o, ", each weight within \xc2\xb1");
		put_percent(o, a->spread);
		tdm__out_puts(o, " of its value");
	} else {
		tdm__out_puts(o, ", uniform over all weightings");
	}
	tdm__out_puts(o, ") in which each option takes each rank. The current "
	                 "winner wins in ");
	put_percent(o, a->confidence);
	tdm__out_puts(o, " of them.</p>\n<ul class=\"legend\">\n");
	for (k = 0; k < n && k < N_RANK_COLOURS; k++) {
		char name[48];
		if (k + 1 == N_RANK_COLOURS && n > N_RANK_COLOURS)
			snprintf(name, sizeof name, "rank %zu or lower", k + 1);
		else
			snprintf(name, sizeof name, "rank %zu", k + 1);
		legend_item(o, rank_colours[k], name);
	}
	tdm__out_puts(o, "</ul>\n");
	lw = label_width(p, a->options, n, 0);
	x0 = lw;
	x1 = CHART_W - RIGHT_W;
	h = TOP + n * ROW_H + 26;
	svg_open(p, "acceptability", h, "rank acceptability per option");
	for (i = 0; i < n; i++) {
		const char *name = m->options[a->options[i]].name;
		double y = TOP + i * ROW_H, x = x0;

		svg_label(o, y, name);
		for (k = 0; k < n; k++) {
			double share = clamp01(a->rank_share[i * n + k]);
			double w = (x1 - x0) * share;
			size_t col = k < N_RANK_COLOURS ? k : N_RANK_COLOURS - 1;
			if (share <= 0)
				continue;
			svg_rect(o, x, y, w, BAR_H, rank_colours[col], "><title>");
			html_text(o, name);
			tdm__out_printf(o, ": rank %zu in ", k + 1);
			put_percent(o, share);
			tdm__out_puts(o, "</title></rect>\n");
			x += w;
		}
		svg_right_text_open(o, y);
		tdm__out_puts(o, "wins ");
		put_percent(o, clamp01(a->rank_share[i * n]));
		tdm__out_puts(o, "</text>\n");
	}
	svg_axis(o, x0, x1, TOP + n * ROW_H, 100, 0);
	tdm__out_puts(o, "</svg>\n</section>\n");
}

/* The explanation's words, without the heading block (title and
 * provenance, said once at the top of the page). */
static void
why_not(page *p, tdm_explanation *const *ex)
{
	const tdm_result *r = p->r;
	tdm__out *o = p->o;
	tdm_render_spec spec;
	size_t k;
	int any = 0;

	memset(&spec, 0, sizeof spec);
	spec.format = TDM_FORMAT_TABLE;
	spec.width = EXPLAIN_WIDTH;
	for (k = 0; ex != NULL && k < r->n_options; k++) {
		size_t i = r->order[k];
		const tdm_explanation *e = ex[i];
		const char *text, *body;
		tdm_error err;
		char *blank;

		if (e == NULL)
			continue;
		if (!any) {
			tdm__out_puts(o, "<section id=\"why-not\">\n<h2>Why not the "
			                 "others</h2>\n");
			any = 1;
		}
		tdm__rbuf_clear(&p->tmp);
		tdm_error_clear(&err);
		if (tdm_render_explanation(r, e, &spec, tdm__rbuf_write, &p->tmp,
		                           &err) != TDM_OK) {
			/* only out of memory can fail into a buffer */
			p->nomem = 1;
			continue;
		}
		if (p->tmp.nomem)
			p->nomem = 1;
		text = tdm__rbuf_str(&p->tmp);
		blank = strstr(text, "\n\n");
		body = blank != NULL ? blank + 2 : text;
		tdm__out_printf(o, "<h3 id=\"why-%zu\">", i + 1);
		tdm__out_puts(o, e->verdict == TDM_VERDICT_CHOSEN ? "Why "
		                                                  : "Why not ");
		html_text(o, p->m->options[i].name);
		tdm__out_puts(o, "?</h3>\n<pre class=\"why\">");
		html_textn(o, body, strlen(body), 1);
		tdm__out_puts(o, "</pre>\n");
	}
	if (any)
		tdm__out_puts(o, "</section>\n");
}

tdm_status
tdm__render_report_html(const tdm_result *r, const tdm_how_sure *h,
                        tdm_explanation *const *explanations,
                        tdm_write_fn write, void *ud, tdm_error *err)
{
	tdm__out o;
	page p;
	tdm_status s;

	if (r == NULL || r->model == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "report: no result to render");
	tdm__out_init(&o, write, ud);
	memset(&p, 0, sizeof p);
	p.r = r;
	p.m = r->model;
	p.o = &o;
	tdm__rbuf_init(&p.tmp);
	header(&p);
	tdm__out_puts(&o, "<main>\n");
	ranking(&p);
	contributions(&p);
	tornado(&p, h ? h->weights : NULL);
	acceptability(&p, h ? h->acceptability : NULL);
	why_not(&p, explanations);
	tdm__out_puts(&o, "</main>\n<footer class=\"note\"><p>Made by "
	                  "tradeoff " TDM_VERSION ". This page needs no network "
	                  "and no script.</p></footer>\n</body>\n</html>\n");
	if (p.tmp.nomem || p.nomem)
		o.nomem = 1;
	tdm__rbuf_free(&p.tmp);
	s = tdm__out_finish(&o, err);
	return s;
}
