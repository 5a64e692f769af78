/*
 * render_csv.c -- the ranking as CSV (RFC 4180), for spreadsheets and
 * scripts.
 *
 * Owns the CSV layout: "# " comment lines saying how the scores were made,
 * the header `rank,option,score,verdict,reason`, one row per option in
 * rank order. Fields are quoted when they hold a comma, quote, CR or LF;
 * rows end with "\n". Must not touch FILE* (it writes through tdm__out),
 * and must never print "nan" or "inf": a non-finite score leaves its cell
 * empty.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "tdm.h"
#include "util.h"

static void
field_str(tdm__out *o, const char *s)
{
	tdm__csv_field(o, s, strlen(s));
}

/* A comment line carries user text (titles, names): escape what would end
 * the line or reach a terminal, so the comment stays one line. */
static void
comment_text(tdm__out *o, tdm__rbuf *tmp, const char *s)
{
	tdm__rbuf_clear(tmp);
	tdm__term_escape(tmp, s, strlen(s));
	tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
}

/* A "# label: words" line from a describe function (already escaped), if
 * it has anything to say. */
static void
describe_line(tdm__out *o, tdm__rbuf *tmp, const char *label,
              int (*fn)(tdm__rbuf *, const tdm_result *), const tdm_result *r)
{
	tdm__rbuf_clear(tmp);
	if (!fn(tmp, r))
		return;
	tdm__out_puts(o, label);
	tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
	tdm__out_putc(o, '\n');
}

static int
weighting_words(tdm__rbuf *b, const tdm_result *r)
{
	tdm__describe_weighting(b, r);
	return 1;
}

static void
comments(const tdm_result *r, tdm__out *o, tdm__rbuf *tmp)
{
	const tdm_model *m = r->model;
	char num[40], lo[40], hi[40];
	const char *s;
	size_t c;

	tdm__out_puts(o, "# tradeoff " TDM_VERSION "\n");
	if (m->title != NULL) {
		tdm__out_puts(o, "# decision: ");
		comment_text(o, tmp, m->title);
		tdm__out_putc(o, '\n');
	}
	tdm__out_puts(o, "# method: ");
	comment_text(o, tmp, r->method);
	tdm__out_puts(o, r->direction == TDM_DIR_LOWER
	                     ? " (lower scores are better)\n"
	                     : " (higher scores are better)\n");
	tdm__out_puts(o, "# normalization: ");
	comment_text(o, tmp, r->normalization);
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		const char *l, *h;
		if (!cr->has_scale)
			continue;
		l = tdm__number(cr->scale_lo, lo, sizeof lo);
		h = tdm__number(cr->scale_hi, hi, sizeof hi);
		tdm__out_printf(o, "; scale %s..%s for ", l ? l : "?", h ? h : "?");
		comment_text(o, tmp, cr->name);
	}
	tdm__out_putc(o, '\n');
	tdm__out_puts(o, "# weights: ");
	for (c = 0; c < m->n_criteria; c++) {
		if (c > 0)
			tdm__out_puts(o, ", ");
		comment_text(o, tmp, m->criteria[c].name);
		s = tdm__number(r->weights[c], num, sizeof num);
		tdm__out_putc(o, '=');
		tdm__out_puts(o, s ? s : "?");
	}
	tdm__out_putc(o, '\n');
	describe_line(o, tmp, "# weighting: ", weighting_words, r);
	describe_line(o, tmp, "# parameters: ", tdm__describe_parameters, r);
	describe_line(o, tmp, "# vikor: ", tdm__describe_compromise, r);
	for (c = 0; c < r->n_notes; c++) {
		tdm__out_puts(o, "# note: ");
		comment_text(o, tmp, r->notes[c]);
		tdm__out_putc(o, '\n');
	}
}

void
tdm__render_csv_head(const tdm_result *r, tdm__out *o)
{
	tdm__rbuf tmp;
	size_t i;

	tdm__rbuf_init(&tmp);
	comments(r, o, &tmp);
	tdm__out_puts(o, "rank,option,score,verdict,reason");
	for (i = 0; i < r->n_extra; i++) {
		tdm__out_putc(o, ',');
		field_str(o, r->extra_names[i]);
	}
	tdm__out_putc(o, '\n');
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}

/* The row is composed in one buffer and written with one call (a
 * million-row ranking writes a million of them); a long or quoted name
 * or reason goes through tdm__csv_field as it is. */
#define ROW_INLINE 96   /* names and reasons up to this long: inline */

/* Field s at line + *n when short and plain; else what is in line so
 * far, then s, written through o, and line starts again. */
static void
row_field(tdm__out *o, char *line, size_t *n, const char *s, size_t len)
{
	if (len <= ROW_INLINE && tdm__csv_plain(s, len)) {
		memcpy(line + *n, s, len);
		*n += len;
	} else {
		tdm__out_write(o, line, *n);
		tdm__csv_field(o, s, len);
		*n = 0;
	}
}

/* Rank digits at line: the number written. */
static size_t
put_rank(char *line, long rank)
{
	char digits[24];
	size_t nd = 0;
	unsigned long u = (unsigned long)rank;

	do {
		digits[sizeof digits - ++nd] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	memcpy(line, digits + sizeof digits - nd, nd);
	return nd;
}

size_t
tdm__csv_rank_line(char *line, long rank, const char *name, size_t name_len,
                   double score, tdm_verdict verdict, int g17_plain)
{
	const char *word = tdm_verdict_name(verdict); /* never quoted */
	size_t n = put_rank(line, rank), wl = strlen(word);

	line[n++] = ',';
	memcpy(line + n, name, name_len);
	n += name_len;
	line[n++] = ',';
	n += tdm__format_g17_in(score, line + n, g17_plain);
	line[n++] = ',';
	memcpy(line + n, word, wl);
	n += wl;
	line[n++] = ',';
	return n;
}

void
tdm__csv_rank_row(tdm__out *o, long rank, const char *name, size_t name_len,
                  double score, tdm_verdict verdict, const char *reason,
                  size_t reason_len, int g17_plain)
{
	char line[24 + 1 + ROW_INLINE + 1 + 32 + 1 + ROW_INLINE + 1 + ROW_INLINE];
	const char *word = tdm_verdict_name(verdict); /* never quoted */
	size_t n = 0;

	if (rank > 0 && isfinite(score) && reason_len == 0 &&
	    name_len <= ROW_INLINE && tdm__csv_plain(name, name_len)) {
		/* the common row, as the columnar ranking writes it */
		tdm__out_write(o, line,
		               tdm__csv_rank_line(line, rank, name, name_len, score,
		                                  verdict, g17_plain));
		return;
	}
	if (rank > 0)
		n = put_rank(line, rank);
	line[n++] = ',';
	row_field(o, line, &n, name, name_len);
	line[n++] = ',';
	if (rank > 0 && isfinite(score))
		n += tdm__format_g17_in(score, line + n, g17_plain);
	line[n++] = ',';
	row_field(o, line, &n, word, strlen(word));
	line[n++] = ',';
	row_field(o, line, &n, reason, reason_len);
	tdm__out_write(o, line, n);
}

void
tdm__render_csv(const tdm_result *r, tdm__out *o)
{
	tdm__rbuf tmp;
	char num[40];
	size_t i, k;
	int plain = tdm__g17_plain();

	tdm__render_csv_head(r, o);
	tdm__rbuf_init(&tmp);
	for (i = 0; i < r->n_options && !o->failed; i++) {
		size_t idx = r->order[i];
		const tdm_option_result *opt = &r->options[idx];
		const char *name = r->model->options[idx].name;

		tdm__rbuf_clear(&tmp);
		tdm__reasons_text(&tmp, r, opt);
		if (opt->as_if_rank > 0) {
			char line[96];
			snprintf(line, sizeof line,
			         "; without its guardrails it would rank #%ld of %zu",
			         opt->as_if_rank, r->n_as_if);
			tdm__rbuf_puts(&tmp, line);
		}
		tdm__csv_rank_row(o, opt->rank, name, strlen(name), opt->score,
		                  opt->verdict, tdm__rbuf_str(&tmp), tmp.len, plain);
		for (k = 0; k < r->n_extra; k++) {
			tdm__out_putc(o, ',');
			if (opt->rank > 0 && isfinite(opt->extra[k]))
				tdm__out_write(o, num,
				               tdm__format_g17_in(opt->extra[k], num, plain));
		}
		tdm__out_putc(o, '\n');
	}
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}
