/*
 * render_md.c -- the ranking as a Markdown report (`rank -f md`), and the
 * Markdown escaping and provenance line other renderers share.
 *
 * Owns the report's layout: a title, the context as a quote, one line on
 * how the scores were made (method and direction, normalisation,
 * weighting, parameters, version), a table `rank | option | score |
 * verdict | reason` (plus the method's own columns), the weights and the
 * notes. User text (title, names, reasons) is escaped so it cannot make
 * links, HTML, emphasis or new table cells. Must not touch FILE* (it
 * writes through tdm__out) and must not compute anything the result does
 * not hold.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* ------------------------------------------------------------------------
 * Escaping
 * --------------------------------------------------------------------- */

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

void
tdm__md_text(tdm__rbuf *b, const char *s, int in_cell)
{
	size_t i = 0, len, start = 0;
	int has_pair;
	long cp;

	if (s == NULL)
		return;
	len = strlen(s);
	has_pair = strchr(s, '~') != NULL && strchr(strchr(s, '~') + 1, '~');
	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		const char *rep = NULL;
		char one[3];
		int escape_raw = 0;

		if (cp == '\r' && i + 1 < len && s[i + 1] == '\n') {
			rep = "";
		} else if (cp == '\n' || cp == '\r') {
			rep = in_cell ? "<br>" : " ";
		} else if (cp == '\t') {
			rep = " ";
		} else if (cp < 0 || cp < 0x20 || cp == 0x7f ||
		           (cp >= 0x80 && cp <= 0x9f) ||
		           (cp >= 0x202a && cp <= 0x202e) ||
		           (cp >= 0x2066 && cp <= 0x2069)) {
			escape_raw = 1;
		} else if (cp < 0x80 && strchr("\\`*[]|", (int)cp) != NULL) {
			one[0] = '\\', one[1] = (char)cp, one[2] = '\0';
			rep = one;
		} else if ((cp == '<' && i + 1 < len &&
		            (is_alnum((unsigned char)s[i + 1]) ||
		             strchr("/!?", s[i + 1]) != NULL)) ||
		           (cp == '&' && i + 1 < len &&
		            (is_alnum((unsigned char)s[i + 1]) || s[i + 1] == '#')) ||
		           (cp == '>' && i == 0) ||
		           (cp == '~' && has_pair)) {
			/* an HTML tag, an entity, a quote, a strikethrough */
			one[0] = '\\', one[1] = (char)cp, one[2] = '\0';
			rep = one;
		} else if (cp == '_' &&
		           (i == 0 || i + 1 >= len ||
		            !is_alnum((unsigned char)s[i - 1]) ||
		            !is_alnum((unsigned char)s[i + 1]))) {
			/* intraword underscores (p99_ms) are not emphasis */
			rep = "\\_";
		}
		if (rep != NULL || escape_raw) {
			tdm__rbuf_add(b, s + start, i - start);
			if (escape_raw)
				tdm__term_escape(b, s + i, n);
			else
				tdm__rbuf_puts(b, rep);
			start = i + n;
		}
		i += n;
	}
	tdm__rbuf_add(b, s + start, len - start);
}

/* ------------------------------------------------------------------------
 * Provenance
 * --------------------------------------------------------------------- */

#define DOT " \xc2\xb7 " /* " · " */

void
tdm__provenance(tdm__rbuf *b, const tdm_result *r, int direction)
{
	const tdm_model *m = r->model;
	char lo[40], hi[40];
	const char *l, *h;
	size_t c;
	int n_scaled = 0;
	tdm__rbuf tmp;

	tdm__rbuf_puts(b, "method ");
	tdm__term_escape(b, r->method, strlen(r->method));
	if (r->direction == TDM_DIR_LOWER)
		tdm__rbuf_puts(b, " (lower scores are better)");
	else if (direction)
		tdm__rbuf_puts(b, " (higher scores are better)");
	tdm__rbuf_puts(b, DOT "normalisation ");
	tdm__term_escape(b, r->normalization, strlen(r->normalization));
	for (c = 0; m != NULL && c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		if (!cr->has_scale)
			continue;
		l = tdm__number(cr->scale_lo, lo, sizeof lo);
		h = tdm__number(cr->scale_hi, hi, sizeof hi);
		tdm__rbuf_puts(b, n_scaled++ ? "; scale " : " (scale ");
		tdm__rbuf_puts(b, l ? l : "?");
		tdm__rbuf_puts(b, "..");
		tdm__rbuf_puts(b, h ? h : "?");
		tdm__rbuf_puts(b, " for ");
		tdm__term_escape(b, cr->name, strlen(cr->name));
	}
	if (n_scaled > 0)
		tdm__rbuf_puts(b, ")");
	tdm__rbuf_puts(b, DOT "weighting ");
	tdm__describe_weighting(b, r);
	tdm__rbuf_init(&tmp);
	if (tdm__describe_parameters(&tmp, r)) {
		tdm__rbuf_puts(b, DOT "parameters ");
		tdm__rbuf_add(b, tdm__rbuf_str(&tmp), tmp.len);
	}
	if (tmp.nomem)
		b->nomem = 1;
	tdm__rbuf_free(&tmp);
	tdm__rbuf_puts(b, DOT "tradeoff " TDM_VERSION);
}

/* ------------------------------------------------------------------------
 * The report
 * --------------------------------------------------------------------- */

/* Write s escaped (md) through o. */
static void
put_md(tdm__out *o, tdm__rbuf *tmp, const char *s, int in_cell)
{
	tdm__rbuf_clear(tmp);
	tdm__md_text(tmp, s, in_cell);
	tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
}

/* The context as a block quote, line by line (a blank line stays a
 * paragraph break inside the quote). */
static void
context(tdm__out *o, tdm__rbuf *tmp, tdm__rbuf *line, const char *s)
{
	const char *p = s;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		tdm__rbuf_clear(line);
		tdm__rbuf_add(line, p, n);
		tdm__out_puts(o, n > 0 ? "> " : ">");
		/* a leading '#', '-', '+' or digit run followed by '.' would
		 * start a heading or a list inside the quote */
		if (n > 0 && strchr("#-+=", p[0]) != NULL) {
			tdm__out_putc(o, '\\');
		} else {
			size_t d = strspn(p, "0123456789");
			if (d > 0 && d < n && (p[d] == '.' || p[d] == ')')) {
				/* "1. x" would be a list: write "1\. x" */
				tdm__out_write(o, p, d);
				tdm__out_putc(o, '\\');
				tdm__rbuf_clear(line);
				tdm__rbuf_add(line, p + d, n - d);
			}
		}
		put_md(o, tmp, tdm__rbuf_str(line), 0);
		tdm__out_putc(o, '\n');
		p += n;
		if (*p == '\n')
			p++;
	}
	tdm__out_putc(o, '\n');
}

static void
score_cell(tdm__out *o, double x)
{
	if (isfinite(x))
		tdm__out_printf(o, "%.4f", x);
	else
		tdm__out_puts(o, "?");
}

static void
table(const tdm_result *r, tdm__out *o, tdm__rbuf *tmp, tdm__rbuf *text)
{
	size_t i, k;

	tdm__out_puts(o, "| rank | option | score | verdict | reason |");
	for (k = 0; k < r->n_extra; k++) {
		tdm__out_putc(o, ' ');
		put_md(o, tmp, r->extra_names[k], 1);
		tdm__out_puts(o, " |");
	}
	tdm__out_puts(o, "\n|---:|---|---:|---|---|");
	for (k = 0; k < r->n_extra; k++)
		tdm__out_puts(o, "---:|");
	tdm__out_putc(o, '\n');
	for (i = 0; i < r->n_options && !o->failed; i++) {
		size_t idx = r->order[i];
		const tdm_option_result *opt = &r->options[idx];
		int ranked = opt->rank > 0;

		if (ranked)
			tdm__out_printf(o, "| %ld | ", opt->rank);
		else
			tdm__out_puts(o, "| - | ");
		put_md(o, tmp, r->model->options[idx].name, 1);
		tdm__out_puts(o, " | ");
		if (ranked)
			score_cell(o, opt->score);
		tdm__out_puts(o, ranked ? " | " : "| ");
		tdm__out_puts(o, tdm_verdict_name(opt->verdict));
		tdm__out_puts(o, " | ");
		tdm__rbuf_clear(text);
		tdm__reasons_text(text, r, opt);
		if (opt->as_if_rank > 0) {
			char line[96];
			snprintf(line, sizeof line,
			         "%swithout its guardrails it would rank #%ld of %zu",
			         text->len > 0 ? "; " : "", opt->as_if_rank,
			         r->n_as_if);
			tdm__rbuf_puts(text, line);
		}
		put_md(o, tmp, tdm__rbuf_str(text), 1);
		tdm__out_puts(o, text->len > 0 ? " |" : "|");
		for (k = 0; k < r->n_extra; k++) {
			tdm__out_putc(o, ' ');
			if (ranked)
				score_cell(o, opt->extra[k]);
			tdm__out_puts(o, ranked ? " |" : "|");
		}
		tdm__out_putc(o, '\n');
	}
	tdm__out_putc(o, '\n');
}

/* "Weights: throughput 0.385 (5), p99_ms 0.231 (3)": the given weight
 * only when the weights were normalised. */
static void
weights(const tdm_result *r, tdm__out *o, tdm__rbuf *tmp)
{
	const tdm_model *m = r->model;
	char num[48], given[40];
	size_t c;

	if (m->n_criteria == 0)
		return;
	tdm__out_puts(o, "Weights: ");
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const char *g = cr->has_weight
		                    ? tdm__number(cr->weight, given, sizeof given)
		                    : NULL;
		if (c > 0)
			tdm__out_puts(o, ", ");
		put_md(o, tmp, cr->name, 0);
		if (isfinite(r->weights[c]))
			snprintf(num, sizeof num, " %.3f", r->weights[c]);
		else
			snprintf(num, sizeof num, " ?");
		tdm__out_puts(o, num);
		if (r->weights_normalized && g != NULL)
			tdm__out_printf(o, " (%s)", g);
	}
	tdm__out_putc(o, '\n');
}

void
tdm__render_md(const tdm_result *r, tdm__out *o)
{
	const tdm_model *m = r->model;
	tdm__rbuf tmp, text, line;
	size_t i;
	int notes = 0;

	tdm__rbuf_init(&tmp);
	tdm__rbuf_init(&text);
	tdm__rbuf_init(&line);
	tdm__out_puts(o, "# ");
	put_md(o, &tmp, m->title != NULL && m->title[0] != '\0' ? m->title
	                                                         : "Ranking",
	       0);
	tdm__out_puts(o, "\n\n");
	if (m->context != NULL && m->context[0] != '\0')
		context(o, &tmp, &line, m->context);
	tdm__rbuf_clear(&text);
	tdm__provenance(&text, r, 1);
	put_md(o, &tmp, tdm__rbuf_str(&text), 0);
	tdm__out_puts(o, "\n\n");
	if (r->n_options == 0)
		tdm__out_puts(o, "No options to rank.\n\n");
	else if (r->n_ranked == 0)
		tdm__out_puts(o, "No option passes every guardrail.\n\n");
	if (r->n_options > 0)
		table(r, o, &tmp, &text);
	weights(r, o, &tmp);
	tdm__rbuf_clear(&text);
	if (tdm__describe_compromise(&text, r)) {
		tdm__out_puts(o, "\nNotes:\n\n- ");
		put_md(o, &tmp, tdm__rbuf_str(&text), 0);
		tdm__out_putc(o, '\n');
		notes = 1;
	}
	for (i = 0; i < r->n_notes; i++) {
		tdm__out_puts(o, notes ? "- " : "\nNotes:\n\n- ");
		notes = 1;
		put_md(o, &tmp, r->notes[i], 0);
		tdm__out_putc(o, '\n');
	}
	if (tmp.nomem || text.nomem || line.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&line);
	tdm__rbuf_free(&text);
	tdm__rbuf_free(&tmp);
}
