/*
 * render_stakeholders.c -- the stakeholder section of the "how sure are
 * we" report, as text, Markdown or JSON.
 *
 * Owns tdm__section_stakeholders: each stakeholder's favourite and ranks,
 * the aggregate weights and winner, the regret table with each option's
 * largest regret, the minimax-regret option and the deciding stakeholder.
 * In JSON it writes one "stakeholders" key into the open object (keys in
 * doc/json.md, section "sensitivity"). Writes nothing for a NULL report or
 * one that does not match r. Must not compute (stakeholders.c does), touch
 * FILE* or print: everything goes through a tdm__out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* The text tables show at most this many options; JSON has all. */
#define SHOW_OPTIONS 20

static const char *
sh_name(const tdm_result *r, size_t s)
{
	return r->model->stakeholders[s].name;
}


/* Did the aggregate fall back to the arithmetic mean? It does when every
 * criterion has some stakeholder's weight 0 (stakeholders.c). */
static int
arithmetic(const tdm_stakeholder_report *rep)
{
	size_t c, s;

	for (c = 0; c < rep->m; c++) {
		int zero = 0;
		for (s = 0; s < rep->n_stakeholders; s++)
			if (!(rep->weights[s * rep->m + c] > 0))
				zero = 1;
		if (!zero)
			return 0;
	}
	return 1;
}

/* The report's indices must stay inside r and its model. */
static int
usable(const tdm_result *r, const tdm_stakeholder_report *rep)
{
	const tdm_model *m = r->model;
	size_t i;

	if (m == NULL || rep->n_stakeholders == 0 ||
	    rep->n_stakeholders != m->n_stakeholders ||
	    rep->m != r->n_criteria || rep->m != m->n_criteria || rep->n == 0 ||
	    rep->n > r->n_options || rep->aggregate_winner >= r->n_options ||
	    rep->minimax_regret >= r->n_options ||
	    rep->deciding >= (long)rep->n_stakeholders ||
	    memchr(rep->deciding_why, '\0', sizeof rep->deciding_why) == NULL)
		return 0;
	for (i = 0; i < rep->n; i++)
		if (rep->options[i] >= r->n_options)
			return 0;
	for (i = 0; i < rep->n_stakeholders; i++)
		if (rep->favourites[i] >= r->n_options)
			return 0;
	return 1;
}

/* "SRE favours Kafka; Checkout team favours NATS JetStream." */
static void
favourites(tdm__tdoc *d, const tdm_result *r, const tdm_stakeholder_report *rep)
{
	tdm__rbuf *b = &d->tmp;
	size_t s;

	for (s = 0; s < rep->n_stakeholders; s++) {
		if (s > 0)
			tdm__rbuf_puts(b, "; ");
		tdm__text_user(d, b, sh_name(r, s));
		tdm__rbuf_puts(b, " favours ");
		tdm__text_user(d, b, tdm__text_opt_name(r, rep->favourites[s]));
	}
	tdm__rbuf_puts(b, ".");
	tdm__text_para(d, b);
}

/* Stakeholders (and the aggregate) x options: ranks. */
static void
ranks_table(tdm__tdoc *d, const tdm_result *r, const tdm_stakeholder_report *rep)
{
	size_t S = rep->n_stakeholders, n = rep->n, shown, s, i;
	tdm__tgrid g;
	char buf[32];

	shown = n < SHOW_OPTIONS ? n : SHOW_OPTIONS;
	tdm__out_puts(d->o, "Ranks (1 = best) under each stakeholder's "
	                    "weights:\n\n");
	if (tdm__text_grid_init(&g, S + 2, shown + 1) != 0) {
		d->o->nomem = 1;
		return;
	}
	tdm__text_cell_text(&g, 0, 0, "stakeholder");
	for (i = 0; i < shown; i++)
		tdm__text_cell_user(d, &g, 0, i + 1, tdm__text_opt_name(r, rep->options[i]));
	for (s = 0; s <= S; s++) {
		const long *rk = s < S ? rep->ranks + s * n : rep->aggregate_ranks;
		if (s < S)
			tdm__text_cell_user(d, &g, s + 1, 0, sh_name(r, s));
		else
			tdm__text_cell_text(&g, s + 1, 0, "(aggregate)");
		for (i = 0; i < shown; i++) {
			snprintf(buf, sizeof buf, "%ld", rk[i]);
			tdm__text_cell_text(&g, s + 1, i + 1, buf);
		}
	}
	tdm__text_grid_write(d, &g);
	tdm__out_putc(d->o, '\n');
	tdm__text_grid_free(&g);
	if (shown < n) {
		tdm__text_addf(&d->tmp, "(%zu of %zu options shown; JSON has them all.)",
		     shown, n);
		tdm__text_para(d, &d->tmp);
	}
}

/* "Aggregate weights (geometric mean): latency 0.500, ... The aggregate
 * picks X." */
static void
aggregate_words(tdm__tdoc *d, const tdm_result *r,
                const tdm_stakeholder_report *rep)
{
	tdm__rbuf *b = &d->tmp;
	size_t c;

	tdm__text_addf(b, "Aggregate weights (%s): ",
	     arithmetic(rep) ? "arithmetic mean: no criterion is weighed by "
	                       "every stakeholder"
	                     : "normalised geometric mean");
	for (c = 0; c < rep->m; c++) {
		if (c > 0)
			tdm__rbuf_puts(b, ", ");
		tdm__text_user(d, b, tdm__text_crit_name(r, c));
		tdm__text_addf(b, " %.3f", rep->aggregate_weights[c]);
	}
	tdm__rbuf_puts(b, ". The aggregate picks ");
	tdm__text_user(d, b, tdm__text_opt_name(r, rep->aggregate_winner));
	tdm__rbuf_puts(b, ".");
	tdm__text_para(d, b);
}

/* Options x stakeholders: regret, then the largest. */
static void
regret_table(tdm__tdoc *d, const tdm_result *r, const tdm_stakeholder_report *rep)
{
	size_t S = rep->n_stakeholders, n = rep->n, shown, s, i;
	tdm__tgrid g;

	shown = n < SHOW_OPTIONS ? n : SHOW_OPTIONS;
	tdm__out_puts(d->o, "Regret (how much worse each option scores than "
	                    "the stakeholder's favourite, under their "
	                    "weights):\n\n");
	if (tdm__text_grid_init(&g, shown + 1, S + 2) != 0) {
		d->o->nomem = 1;
		return;
	}
	tdm__text_cell_text(&g, 0, 0, "option");
	for (s = 0; s < S; s++)
		tdm__text_cell_user(d, &g, 0, s + 1, sh_name(r, s));
	tdm__text_cell_text(&g, 0, S + 1, "max regret");
	for (i = 0; i < shown; i++) {
		tdm__text_cell_user(d, &g, i + 1, 0, tdm__text_opt_name(r, rep->options[i]));
		for (s = 0; s < S; s++)
			tdm__text_cell_num(&g, i + 1, s + 1, rep->regret[i * S + s]);
		tdm__text_cell_num(&g, i + 1, S + 1, rep->max_regret[i]);
	}
	tdm__text_grid_write(d, &g);
	tdm__out_putc(d->o, '\n');
	tdm__text_grid_free(&g);
}

static void
words(tdm__tdoc *d, const tdm_result *r, const tdm_stakeholder_report *rep)
{
	tdm__rbuf *b = &d->tmp;
	size_t i;

	tdm__text_heading(d, d->md ? "Stakeholders" : "Stakeholders:");
	favourites(d, r, rep);
	ranks_table(d, r, rep);
	aggregate_words(d, r, rep);
	regret_table(d, r, rep);
	tdm__rbuf_puts(b, "Minimax regret: ");
	tdm__text_user(d, b, tdm__text_opt_name(r, rep->minimax_regret));
	for (i = 0; i < rep->n; i++)
		if (rep->options[i] == rep->minimax_regret)
			tdm__text_addf(b, " (its largest regret is %.3f)", rep->max_regret[i]);
	tdm__rbuf_puts(b, ".");
	tdm__text_para(d, b);
	if (rep->deciding >= 0) {
		tdm__rbuf_puts(b, "Deciding stakeholder: ");
		tdm__text_user(d, b, sh_name(r, (size_t)rep->deciding));
		tdm__rbuf_puts(b, ". ");
	}
	/* stakeholders.c words deciding_why as whole sentences */
	tdm__text_user(d, b, rep->deciding_why);
	tdm__text_para(d, b);
}

/* ------------------------------------------------------------------------
 * JSON
 * --------------------------------------------------------------------- */

static void
j_weights(tdm__json *j, const tdm_result *r, const double *w, size_t k)
{
	size_t c;

	tdm__json_open(j, '{');
	for (c = 0; c < k; c++) {
		tdm__json_key(j, tdm__text_crit_name(r, c));
		tdm__json_num(j, w[c]);
	}
	tdm__json_close(j, '}');
}

static void
j_ranks(tdm__json *j, const tdm_result *r, const tdm_stakeholder_report *rep,
        const long *rk)
{
	size_t i;

	tdm__json_open(j, '{');
	for (i = 0; i < rep->n; i++) {
		tdm__json_key(j, tdm__text_opt_name(r, rep->options[i]));
		tdm__json_long(j, rk[i]);
	}
	tdm__json_close(j, '}');
}

static void
json(tdm__json *j, const tdm_result *r, const tdm_stakeholder_report *rep)
{
	size_t S = rep->n_stakeholders, n = rep->n, k = rep->m, s, i;

	tdm__json_key(j, "stakeholders");
	tdm__json_open(j, '{');
	tdm__json_key(j, "stakeholders");
	tdm__json_open(j, '[');
	for (s = 0; s < S; s++) {
		tdm__json_open(j, '{');
		tdm__json_key(j, "name");
		tdm__json_str(j, sh_name(r, s));
		tdm__json_key(j, "weights");
		j_weights(j, r, rep->weights + s * k, k);
		tdm__json_key(j, "favourite");
		tdm__json_str(j, tdm__text_opt_name(r, rep->favourites[s]));
		tdm__json_key(j, "ranks");
		j_ranks(j, r, rep, rep->ranks + s * n);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
	tdm__json_key(j, "aggregate");
	tdm__json_open(j, '{');
	tdm__json_key(j, "method");
	tdm__json_str(j, arithmetic(rep) ? "arithmetic mean" : "geometric mean");
	tdm__json_key(j, "weights");
	j_weights(j, r, rep->aggregate_weights, k);
	tdm__json_key(j, "winner");
	tdm__json_str(j, tdm__text_opt_name(r, rep->aggregate_winner));
	tdm__json_key(j, "ranks");
	j_ranks(j, r, rep, rep->aggregate_ranks);
	tdm__json_close(j, '}');
	tdm__json_key(j, "regret");
	tdm__json_open(j, '{');
	for (i = 0; i < n; i++) {
		tdm__json_key(j, tdm__text_opt_name(r, rep->options[i]));
		tdm__json_open(j, '{');
		for (s = 0; s < S; s++) {
			tdm__json_key(j, sh_name(r, s));
			tdm__json_num(j, rep->regret[i * S + s]);
		}
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, '}');
	tdm__json_key(j, "max_regret");
	tdm__json_open(j, '{');
	for (i = 0; i < n; i++) {
		tdm__json_key(j, tdm__text_opt_name(r, rep->options[i]));
		tdm__json_num(j, rep->max_regret[i]);
	}
	tdm__json_close(j, '}');
	tdm__json_key(j, "minimax_regret");
	tdm__json_str(j, tdm__text_opt_name(r, rep->minimax_regret));
	tdm__json_key(j, "deciding");
	if (rep->deciding >= 0)
		tdm__json_str(j, sh_name(r, (size_t)rep->deciding));
	else
		tdm__json_null(j);
	tdm__json_key(j, "deciding_why");
	tdm__json_str(j, rep->deciding_why);
	tdm__json_close(j, '}');
}

/* ------------------------------------------------------------------------
 * Entry point
 * --------------------------------------------------------------------- */

void
tdm__section_stakeholders(tdm__out *o, tdm__json *j, int md,
                          const tdm_result *r,
                          const tdm_stakeholder_report *rep)
{
	tdm__tdoc d;

	if (rep == NULL || r == NULL || !usable(r, rep))
		return;
	if (j != NULL) {
		json(j, r, rep);
		return;
	}
	d.o = o;
	d.md = md;
	tdm__rbuf_init(&d.tmp);
	words(&d, r, rep);
	if (d.tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&d.tmp);
}
