/*
 * render_text.c -- what the text reports (sensitivity, stakeholders)
 * share: a document (plain text or Markdown) and a grid of cells that is
 * measured first and then written with aligned columns.
 *
 * Owns the layout helpers only; the reports own their words.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

int
tdm__text_grid_init(tdm__tgrid *g, size_t nr, size_t nc)
{
	size_t i;

	g->nr = nr;
	g->nc = nc;
	g->nomem = 0;
	g->cells = malloc((nr * nc > 0 ? nr * nc : 1) * sizeof *g->cells);
	if (g->cells == NULL)
		return -1;
	for (i = 0; i < nr * nc; i++)
		tdm__rbuf_init(&g->cells[i]);
	return 0;
}

void
tdm__text_grid_free(tdm__tgrid *g)
{
	size_t i;

	for (i = 0; g->cells != NULL && i < g->nr * g->nc; i++)
		tdm__rbuf_free(&g->cells[i]);
	free(g->cells);
	g->cells = NULL;
}

tdm__rbuf *
tdm__text_cell(tdm__tgrid *g, size_t r, size_t c)
{
	return &g->cells[r * g->nc + c];
}

/* User text into a cell, escaped for the format. */
void
tdm__text_cell_user(const tdm__tdoc *d, tdm__tgrid *g, size_t r, size_t c, const char *s)
{
	if (d->md)
		tdm__md_text(tdm__text_cell(g, r, c), s, 1);
	else
		tdm__term_escape(tdm__text_cell(g, r, c), s, strlen(s));
}

void
tdm__text_cell_text(tdm__tgrid *g, size_t r, size_t c, const char *s)
{
	tdm__rbuf_puts(tdm__text_cell(g, r, c), s);
}

void
tdm__text_cell_num(tdm__tgrid *g, size_t r, size_t c, double x)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.3f", x);
	tdm__text_cell_text(g, r, c, buf);
}

void
tdm__text_spaces(tdm__out *o, size_t n)
{
	while (n-- > 0)
		tdm__out_putc(o, ' ');
}

/* Column 0 left-aligned, the others right-aligned. */
void
tdm__text_grid_write(tdm__tdoc *d, tdm__tgrid *g)
{
	size_t r, c, *wid = calloc(g->nc ? g->nc : 1, sizeof *wid);

	for (r = 0; r < g->nr * g->nc; r++)
		if (g->cells[r].nomem)
			d->o->nomem = 1;
	if (wid == NULL) {
		d->o->nomem = 1;
		return;
	}
	for (r = 0; r < g->nr; r++)
		for (c = 0; c < g->nc; c++) {
			const tdm__rbuf *b = tdm__text_cell(g, r, c);
			size_t w = tdm__display_width(tdm__rbuf_str(b), b->len);
			if (w > wid[c])
				wid[c] = w;
		}
	for (r = 0; r < g->nr; r++) {
		tdm__out_puts(d->o, d->md ? "|" : "  ");
		for (c = 0; c < g->nc; c++) {
			const tdm__rbuf *b = tdm__text_cell(g, r, c);
			size_t w = tdm__display_width(tdm__rbuf_str(b), b->len);
			if (d->md) {
				tdm__out_putc(d->o, ' ');
				tdm__out_puts(d->o, tdm__rbuf_str(b));
				tdm__out_puts(d->o, " |");
				continue;
			}
			if (c > 0) {
				tdm__text_spaces(d->o, 2 + wid[c] - w);
				tdm__out_puts(d->o, tdm__rbuf_str(b));
			} else {
				tdm__out_puts(d->o, tdm__rbuf_str(b));
				if (g->nc > 1)
					tdm__text_spaces(d->o, wid[c] - w);
			}
		}
		tdm__out_putc(d->o, '\n');
		if (d->md && r == 0) {
			tdm__out_putc(d->o, '|');
			for (c = 0; c < g->nc; c++)
				tdm__out_puts(d->o, c == 0 ? " --- |" : " ---: |");
			tdm__out_putc(d->o, '\n');
		}
	}
	free(wid);
}

/* ------------------------------------------------------------------------
 * Words
 * --------------------------------------------------------------------- */

const char *
tdm__text_opt_name(const tdm_result *r, size_t o)
{
	return r->model->options[o].name;
}

const char *
tdm__text_crit_name(const tdm_result *r, size_t c)
{
	return r->model->criteria[c].name;
}

/* Append user text escaped for the format (outside tables). */
void
tdm__text_user(tdm__tdoc *d, tdm__rbuf *b, const char *s)
{
	if (d->md)
		tdm__md_text(b, s, 0);
	else
		tdm__term_escape(b, s, strlen(s));
}

void
tdm__text_addf(tdm__rbuf *b, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tdm__rbuf_puts(b, buf);
}

/* A paragraph: text then a blank line. */
void
tdm__text_para(tdm__tdoc *d, tdm__rbuf *b)
{
	if (b->nomem)
		d->o->nomem = 1;
	tdm__out_puts(d->o, tdm__rbuf_str(b));
	tdm__out_puts(d->o, "\n\n");
	tdm__rbuf_clear(b);
}

void
tdm__text_heading(tdm__tdoc *d, const char *text)
{
	if (d->md)
		tdm__out_puts(d->o, "## ");
	tdm__out_puts(d->o, text);
	tdm__out_puts(d->o, "\n\n");
}

