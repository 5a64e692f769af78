/*
 * render_sensitivity.c -- the sensitivity report: weight stability
 * intervals, acceptability and method agreement, as text (table), JSON or
 * Markdown.
 *
 * Owns tdm_render_sensitivity. Each part is rendered only when it was
 * computed (its pointer is not NULL); every document says how the result
 * was made (method, normalisation, weighting, "tradeoff 0.1.0"). CSV is
 * refused: the report is not one table. With spec->ascii the text report
 * is ASCII but for user text (the provenance's " · " becomes " - "). The
 * JSON keys are documented in doc/json.md, section "sensitivity". Must
 * not compute (it reads the
 * structs it is given), touch FILE* or print: everything goes through a
 * tdm__out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* The table shows at most this many ranks and options; JSON has all
 * (all that were counted: a->n_ranks). */
#define SHOW_RANKS TDM_ACCEPTABILITY_SHOWN_RANKS
#define SHOW_OPTIONS 20

/* ------------------------------------------------------------------------
 * A tdm__tgrid of cells, measured then written as aligned text or a Markdown
 * table
 * --------------------------------------------------------------------- */

#define DOT " \xc2\xb7 " /* " · ", the provenance's separator */

static int
tied_top(const tdm_result *r)
{
	return r->n_ranked > 1 && r->options[r->order[1]].rank == 1;
}

static void
taker_cell(tdm__tdoc *d, tdm__tgrid *g, size_t row, size_t col, const tdm_result *r,
           double end, long taker)
{
	if (end <= 0 || end >= 1)
		tdm__text_cell_text(g, row, col, "-");
	else if (taker < 0)
		tdm__text_cell_text(g, row, col, "(no single winner)");
	else
		tdm__text_cell_user(d, g, row, col, tdm__text_opt_name(r, (size_t)taker));
}

/* "the decision is most sensitive to p99_ms: below 0.18 NATS wins" */
static void
most_sensitive(tdm__tdoc *d, const tdm_result *r, const tdm_sensitivity *s)
{
	tdm__rbuf *b = &d->tmp;
	const tdm_weight_interval *iv;
	int below;
	long taker;
	double end;

	if (tied_top(r)) {
		tdm__text_user(d, b, tdm__text_opt_name(r, s->winner));
		tdm__rbuf_puts(b, " is tied at the top with ");
		tdm__text_user(d, b, tdm__text_opt_name(r, r->order[1]));
		tdm__rbuf_puts(b, ": no weighting around the current one makes "
		                  "it win alone, so every interval is empty.");
		tdm__text_para(d, b);
		return;
	}
	if (s->n_intervals == 0 ||
	    s->intervals[s->by_closeness[0]].closeness == HUGE_VAL) {
		tdm__rbuf_puts(b, "No single weight change flips the decision: ");
		tdm__text_user(d, b, tdm__text_opt_name(r, s->winner));
		tdm__rbuf_puts(b, " wins whatever weight any one criterion gets "
		                  "(the others keeping their proportions).");
		tdm__text_para(d, b);
		return;
	}
	iv = &s->intervals[s->by_closeness[0]];
	below = iv->lo > 0 && iv->lo < 1 &&
	        (!(iv->hi > 0 && iv->hi < 1) ||
	         iv->from - iv->lo <= iv->hi - iv->from);
	end = below ? iv->lo : iv->hi;
	taker = below ? iv->lo_taker : iv->hi_taker;
	tdm__rbuf_puts(b, "The decision is most sensitive to ");
	tdm__text_user(d, b, tdm__text_crit_name(r, iv->criterion));
	tdm__text_addf(b, ": %s %.3g ", below ? "below" : "above", end);
	if (taker >= 0) {
		tdm__text_user(d, b, tdm__text_opt_name(r, (size_t)taker));
		tdm__rbuf_puts(b, " wins");
	} else {
		tdm__text_user(d, b, tdm__text_opt_name(r, s->winner));
		tdm__rbuf_puts(b, " no longer wins");
	}
	tdm__text_addf(b, " (its weight is %.3g now).", iv->from);
	tdm__text_para(d, b);
}

static void
words_intervals(tdm__tdoc *d, const tdm_result *r, const tdm_sensitivity *s)
{
	tdm__tgrid g;
	size_t i;

	tdm__text_heading(d, d->md ? "Weight intervals"
	                    : "Weight intervals (one weight moves, the others "
	                      "keep their proportions):");
	if (d->md) {
		tdm__out_puts(d->o, "One weight moves, the others keep their "
		                    "proportions; within the interval ");
		tdm__rbuf_clear(&d->tmp);
		tdm__text_user(d, &d->tmp, tdm__text_opt_name(r, s->winner));
		tdm__out_puts(d->o, tdm__rbuf_str(&d->tmp));
		tdm__rbuf_clear(&d->tmp);
		tdm__out_puts(d->o, " stays the winner.\n\n");
	}
	if (tdm__text_grid_init(&g, s->n_intervals + 1, 6) != 0) {
		d->o->nomem = 1;
		return;
	}
	tdm__text_cell_text(&g, 0, 0, "criterion");
	tdm__text_cell_text(&g, 0, 1, "weight");
	tdm__text_cell_text(&g, 0, 2, "interval");
	tdm__text_cell_text(&g, 0, 3, "below it");
	tdm__text_cell_text(&g, 0, 4, "above it");
	tdm__text_cell_text(&g, 0, 5, "how");
	for (i = 0; i < s->n_intervals; i++) {
		const tdm_weight_interval *iv = &s->intervals[s->by_closeness[i]];
		char buf[64];
		tdm__text_cell_user(d, &g, i + 1, 0, tdm__text_crit_name(r, iv->criterion));
		snprintf(buf, sizeof buf, "%.3f", iv->from);
		tdm__text_cell_text(&g, i + 1, 1, buf);
		snprintf(buf, sizeof buf, "%.3f .. %.3f", iv->lo, iv->hi);
		tdm__text_cell_text(&g, i + 1, 2, buf);
		taker_cell(d, &g, i + 1, 3, r, iv->lo, iv->lo_taker);
		taker_cell(d, &g, i + 1, 4, r, iv->hi, iv->hi_taker);
		tdm__text_cell_text(&g, i + 1, 5, iv->exact ? "exact" : "search");
	}
	tdm__text_grid_write(d, &g);
	tdm__text_grid_free(&g);
	tdm__out_putc(d->o, '\n');
	most_sensitive(d, r, s);
}

static void
pct(char *buf, size_t size, double share)
{
	snprintf(buf, size, "%.1f %%", 100 * share);
}

static void
words_acceptability(tdm__tdoc *d, const tdm_result *r, const tdm_acceptability *a)
{
	tdm__rbuf *b = &d->tmp;
	size_t shown = a->n < SHOW_OPTIONS ? a->n : SHOW_OPTIONS;
	size_t counted = a->n_ranks ? a->n_ranks : a->n;
	size_t ranks = counted < SHOW_RANKS ? counted : SHOW_RANKS;
	size_t i, k, n_win = 0, row;
	char buf[64];
	tdm__tgrid g;

	tdm__text_heading(d, d->md ? "Acceptability" : "Acceptability:");
	tdm__text_addf(b, "%zu sampled weightings, seed %llu, ", a->n_samples, a->seed);
	if (a->spread > 0)
		tdm__text_addf(b, "each weight perturbed by up to %g %% and renormalised.",
		     100 * a->spread);
	else
		tdm__rbuf_puts(b, "weights uniform on the simplex.");
	tdm__text_para(d, b);
	if (tdm__text_grid_init(&g, shown + 1, ranks + 1) != 0) {
		d->o->nomem = 1;
		return;
	}
	tdm__text_cell_text(&g, 0, 0, "option");
	for (k = 0; k < ranks; k++) {
		snprintf(buf, sizeof buf, "rank %zu", k + 1);
		tdm__text_cell_text(&g, 0, k + 1, buf);
	}
	for (i = 0; i < shown; i++) {
		tdm__text_cell_user(d, &g, i + 1, 0, tdm__text_opt_name(r, a->options[i]));
		for (k = 0; k < ranks; k++) {
			pct(buf, sizeof buf, a->rank_share[i * a->n + k]);
			tdm__text_cell_text(&g, i + 1, k + 1, buf);
		}
	}
	tdm__text_grid_write(d, &g);
	tdm__text_grid_free(&g);
	tdm__out_putc(d->o, '\n');
	if (shown < a->n) {
		tdm__text_addf(b, "... and %zu more options (-f json has them all).",
		     a->n - shown);
		tdm__text_para(d, b);
	}
	for (i = 0; i < a->n; i++)
		n_win += a->rank_share[i * a->n] > 0;
	if (n_win > 0 && a->m > 0) {
		tdm__out_puts(d->o, "Central weights (the mean weights of the "
		                    "samples in which an option ranks first):\n\n");
		if (tdm__text_grid_init(&g, n_win + 1, a->m + 1) != 0) {
			d->o->nomem = 1;
			return;
		}
		tdm__text_cell_text(&g, 0, 0, "option");
		for (k = 0; k < a->m; k++)
			tdm__text_cell_user(d, &g, 0, k + 1, tdm__text_crit_name(r, k));
		for (i = 0, row = 1; i < a->n; i++) {
			if (!(a->rank_share[i * a->n] > 0))
				continue;
			tdm__text_cell_user(d, &g, row, 0, tdm__text_opt_name(r, a->options[i]));
			for (k = 0; k < a->m; k++) {
				snprintf(buf, sizeof buf, "%.3f",
				         a->central_weights[i * a->m + k]);
				tdm__text_cell_text(&g, row, k + 1, buf);
			}
			row++;
		}
		tdm__text_grid_write(d, &g);
		tdm__text_grid_free(&g);
		tdm__out_putc(d->o, '\n');
	}
	tdm__text_user(d, b, tdm__text_opt_name(r, a->options[0]));
	pct(buf, sizeof buf, a->confidence);
	tdm__text_addf(b, " wins in %s of the weightings.", buf);
	tdm__text_para(d, b);
}

static void
matrix(tdm__tdoc *d, const tdm_agreement *g, const double *x, const char *title)
{
	tdm__tgrid t;
	size_t i, q;
	char buf[32];

	tdm__out_puts(d->o, title);
	tdm__out_puts(d->o, "\n\n");
	if (tdm__text_grid_init(&t, g->n_methods + 1, g->n_methods + 1) != 0) {
		d->o->nomem = 1;
		return;
	}
	tdm__text_cell_text(&t, 0, 0, "method");
	for (i = 0; i < g->n_methods; i++) {
		tdm__text_cell_text(&t, 0, i + 1, g->methods[i]);
		tdm__text_cell_text(&t, i + 1, 0, g->methods[i]);
		for (q = 0; q < g->n_methods; q++) {
			snprintf(buf, sizeof buf, "%.2f", x[i * g->n_methods + q]);
			tdm__text_cell_text(&t, i + 1, q + 1, buf);
		}
	}
	tdm__text_grid_write(d, &t);
	tdm__text_grid_free(&t);
	tdm__out_putc(d->o, '\n');
}

static void
words_agreement(tdm__tdoc *d, const tdm_result *r, const tdm_agreement *g)
{
	tdm__rbuf *b = &d->tmp;
	tdm__tgrid t;
	size_t i;

	tdm__text_heading(d, d->md ? "Method agreement" : "Method agreement:");
	if (g->n_methods > 0) {
		if (tdm__text_grid_init(&t, g->n_methods + 1, 2) != 0) {
			d->o->nomem = 1;
			return;
		}
		tdm__text_cell_text(&t, 0, 0, "method");
		tdm__text_cell_text(&t, 0, 1, "winner");
		for (i = 0; i < g->n_methods; i++) {
			tdm__text_cell_text(&t, i + 1, 0, g->methods[i]);
			tdm__text_cell_user(d, &t, i + 1, 1, tdm__text_opt_name(r, g->winners[i]));
		}
		tdm__text_grid_write(d, &t);
		tdm__text_grid_free(&t);
		tdm__out_putc(d->o, '\n');
	}
	if (g->skipped[0]) {
		tdm__rbuf_puts(b, "Skipped: ");
		tdm__text_user(d, b, g->skipped);
		tdm__rbuf_puts(b, ".");
		tdm__text_para(d, b);
	}
	if (g->n_methods > 1 && g->tau != NULL && g->rho != NULL) {
		matrix(d, g, g->tau, "Kendall tau-b between the rankings:");
		matrix(d, g, g->rho, "Spearman rho between the rankings:");
	}
	if (g->same_winner && g->n_methods > 0) {
		tdm__text_user(d, b, tdm__text_opt_name(r, g->winners[0]));
		tdm__text_addf(b, " wins under every method (%zu).", g->n_methods);
	} else if (g->cause[0]) {
		/* agreement.c words the cause as whole sentences */
		tdm__text_user(d, b, g->cause);
	} else {
		tdm__rbuf_puts(b, "The winner is not the same under every "
		                  "method.");
	}
	tdm__text_para(d, b);
}

/* Append how the result was made; in ASCII with " - " between the parts
 * (a scaled criterion's name holding " · " would get one too: cosmetic,
 * and only in ASCII). */
static void
provenance(tdm__tdoc *d, tdm__rbuf *b, const tdm_result *r)
{
	size_t start = b->len, i;

	tdm__provenance(b, r, 0);
	if (!d->ascii || b->nomem)
		return;
	/* " · " is four bytes, " - " three: rewrite in place, left to right */
	for (i = start; i < b->len; i++) {
		if (b->len - i >= strlen(DOT) &&
		    memcmp(b->s + i, DOT, strlen(DOT)) == 0) {
			memmove(b->s + i + 3, b->s + i + strlen(DOT),
			        b->len - i - strlen(DOT) + 1);
			memcpy(b->s + i, " - ", 3);
			b->len -= strlen(DOT) - 3;
		}
	}
}

static void
sensitivity_words(const tdm_result *r, const tdm_how_sure *h, int md,
                  int ascii, tdm__out *o)
{
	const tdm_sensitivity *s = h->weights;
	const tdm_acceptability *a = h->acceptability;
	const tdm_agreement *g = h->agreement;
	tdm__tdoc d;
	tdm__rbuf *b = &d.tmp;
	size_t winner = s ? s->winner : a ? a->options[0] : r->order[0];

	d.o = o;
	d.md = md;
	d.ascii = ascii && !md;
	tdm__rbuf_init(&d.tmp);
	if (md)
		tdm__rbuf_puts(b, "# ");
	tdm__rbuf_puts(b, "How sure are we: ");
	if (r->model->title) {
		tdm__text_user(&d, b, r->model->title);
		tdm__rbuf_puts(b, " -- ");
	}
	tdm__text_user(&d, b, tdm__text_opt_name(r, winner));
	tdm__rbuf_puts(b, tied_top(r) ? " is tied at the top" : " wins");
	tdm__rbuf_puts(b, "\n");
	if (md)
		tdm__rbuf_puts(b, "\n");
	provenance(&d, b, r);
	tdm__text_para(&d, b);
	if (s)
		words_intervals(&d, r, s);
	if (a)
		words_acceptability(&d, r, a);
	if (g)
		words_agreement(&d, r, g);
	tdm__section_stakeholders(o, NULL, md, r, h->stakeholders);
	tdm__section_missing(o, NULL, md, r, h->missing);
	if (d.tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&d.tmp);
}

/* ------------------------------------------------------------------------
 * JSON
 * --------------------------------------------------------------------- */

static void
j_taker(tdm__json *j, const tdm_result *r, double end, long taker)
{
	if (end <= 0 || end >= 1 || taker < 0)
		tdm__json_null(j);
	else
		tdm__json_str(j, tdm__text_opt_name(r, (size_t)taker));
}

static void
sensitivity_json(const tdm_result *r, const tdm_how_sure *h, tdm__out *o)
{
	const tdm_sensitivity *s = h->weights;
	const tdm_acceptability *a = h->acceptability;
	const tdm_agreement *g = h->agreement;
	const tdm_model *m = r->model;
	tdm__rbuf tmp;
	tdm__json j;
	size_t i, k, q;
	size_t winner = s ? s->winner : a ? a->options[0] : r->order[0];

	tdm__rbuf_init(&tmp);
	tdm__json_init(&j, o);
	tdm__json_open(&j, '{');
	tdm__json_key(&j, "tradeoff_version");
	tdm__json_str(&j, TDM_VERSION);
	tdm__json_key(&j, "decision");
	tdm__json_str(&j, m->title);
	tdm__json_key(&j, "method");
	tdm__json_str(&j, r->method);
	tdm__json_key(&j, "direction");
	tdm__json_str(&j, r->direction == TDM_DIR_LOWER ? "lower" : "higher");
	tdm__json_key(&j, "normalization");
	tdm__json_str(&j, r->normalization);
	tdm__json_key(&j, "weighting");
	tdm__json_str(&j, r->weighting[0] ? r->weighting : "direct");
	tdm__json_key(&j, "parameters");
	if (tdm__describe_parameters(&tmp, r))
		tdm__json_str(&j, tdm__rbuf_str(&tmp));
	else
		tdm__json_null(&j);
	tdm__json_key(&j, "weights");
	tdm__json_open(&j, '{');
	for (k = 0; k < r->n_criteria; k++) {
		tdm__json_key(&j, tdm__text_crit_name(r, k));
		tdm__json_num(&j, r->weights[k]);
	}
	tdm__json_close(&j, '}');
	tdm__json_key(&j, "winner");
	tdm__json_str(&j, tdm__text_opt_name(r, winner));
	tdm__json_key(&j, "tied");
	tdm__json_bool(&j, tied_top(r));
	if (s) {
		tdm__json_key(&j, "weight_intervals");
		tdm__json_open(&j, '[');
		for (i = 0; i < s->n_intervals; i++) {
			const tdm_weight_interval *iv = &s->intervals[i];
			tdm__json_open(&j, '{');
			tdm__json_key(&j, "criterion");
			tdm__json_str(&j, tdm__text_crit_name(r, iv->criterion));
			tdm__json_key(&j, "weight");
			tdm__json_num(&j, iv->from);
			tdm__json_key(&j, "lo");
			tdm__json_num(&j, iv->lo);
			tdm__json_key(&j, "hi");
			tdm__json_num(&j, iv->hi);
			tdm__json_key(&j, "below");
			j_taker(&j, r, iv->lo, iv->lo_taker);
			tdm__json_key(&j, "above");
			j_taker(&j, r, iv->hi, iv->hi_taker);
			tdm__json_key(&j, "exact");
			tdm__json_bool(&j, iv->exact);
			tdm__json_key(&j, "closeness");
			tdm__json_num(&j, iv->closeness);
			tdm__json_close(&j, '}');
		}
		tdm__json_close(&j, ']');
		tdm__json_key(&j, "closest_criteria");
		tdm__json_open(&j, '[');
		for (i = 0; i < s->n_intervals; i++)
			tdm__json_str(&j, tdm__text_crit_name(r, s->by_closeness[i]));
		tdm__json_close(&j, ']');
	}
	if (a) {
		tdm__json_key(&j, "acceptability");
		tdm__json_open(&j, '{');
		tdm__json_key(&j, "samples");
		tdm__json_num(&j, (double)a->n_samples);
		tdm__json_key(&j, "seed");
		tdm__rbuf_clear(&tmp);
		/* a 64-bit seed is exact as a JSON integer only up to 2^53 */
		if (a->seed <= (1ULL << 53)) {
			tdm__json_num(&j, (double)a->seed);
		} else {
			char buf[32];
			snprintf(buf, sizeof buf, "%llu", a->seed);
			tdm__json_str(&j, buf);
		}
		tdm__json_key(&j, "spread");
		tdm__json_num(&j, a->spread);
		tdm__json_key(&j, "confidence");
		tdm__json_num(&j, a->confidence);
		tdm__json_key(&j, "options");
		tdm__json_open(&j, '[');
		for (i = 0; i < a->n; i++) {
			tdm__json_open(&j, '{');
			tdm__json_key(&j, "option");
			tdm__json_str(&j, tdm__text_opt_name(r, a->options[i]));
			tdm__json_key(&j, "rank_shares");
			tdm__json_open(&j, '[');
			for (q = 0; q < (a->n_ranks ? a->n_ranks : a->n); q++)
				tdm__json_num(&j, a->rank_share[i * a->n + q]);
			tdm__json_close(&j, ']');
			tdm__json_key(&j, "central_weights");
			if (a->rank_share[i * a->n] > 0) {
				tdm__json_open(&j, '{');
				for (k = 0; k < a->m; k++) {
					tdm__json_key(&j, tdm__text_crit_name(r, k));
					tdm__json_num(&j, a->central_weights[i * a->m + k]);
				}
				tdm__json_close(&j, '}');
			} else {
				tdm__json_null(&j);
			}
			tdm__json_close(&j, '}');
		}
		tdm__json_close(&j, ']');
		tdm__json_close(&j, '}');
	}
	if (g) {
		tdm__json_key(&j, "agreement");
		tdm__json_open(&j, '{');
		tdm__json_key(&j, "methods");
		tdm__json_open(&j, '[');
		for (i = 0; i < g->n_methods; i++)
			tdm__json_str(&j, g->methods[i]);
		tdm__json_close(&j, ']');
		tdm__json_key(&j, "skipped");
		tdm__json_str(&j, g->skipped);
		tdm__json_key(&j, "winners");
		tdm__json_open(&j, '{');
		for (i = 0; i < g->n_methods; i++) {
			tdm__json_key(&j, g->methods[i]);
			tdm__json_str(&j, tdm__text_opt_name(r, g->winners[i]));
		}
		tdm__json_close(&j, '}');
		for (k = 0; k < 2; k++) {
			const double *x = k == 0 ? g->tau : g->rho;
			tdm__json_key(&j, k == 0 ? "kendall_tau" : "spearman_rho");
			tdm__json_open(&j, '[');
			for (i = 0; i < g->n_methods && x != NULL; i++) {
				tdm__json_open(&j, '[');
				for (q = 0; q < g->n_methods; q++)
					tdm__json_num(&j, x[i * g->n_methods + q]);
				tdm__json_close(&j, ']');
			}
			tdm__json_close(&j, ']');
		}
		tdm__json_key(&j, "same_winner");
		tdm__json_bool(&j, g->same_winner);
		tdm__json_key(&j, "cause");
		if (g->cause[0])
			tdm__json_str(&j, g->cause);
		else
			tdm__json_null(&j);
		tdm__json_close(&j, '}');
	}
	tdm__section_stakeholders(o, &j, 0, r, h->stakeholders);
	tdm__section_missing(o, &j, 0, r, h->missing);
	tdm__json_close(&j, '}');
	tdm__out_putc(o, '\n');
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
}

/* ------------------------------------------------------------------------
 * Entry point
 * --------------------------------------------------------------------- */

/* The parts' indices must stay inside r: a part computed from another
 * result is refused rather than followed. */
static int
parts_usable(const tdm_result *r, const tdm_sensitivity *s,
             const tdm_acceptability *a, const tdm_agreement *g)
{
	size_t i;

	if (r->model == NULL || r->n_criteria != r->model->n_criteria ||
	    r->n_options > r->model->n_options || r->n_ranked == 0 ||
	    memchr(r->method, '\0', sizeof r->method) == NULL ||
	    memchr(r->normalization, '\0', sizeof r->normalization) == NULL ||
	    memchr(r->weighting, '\0', sizeof r->weighting) == NULL)
		return 0;
	if (s) {
		if (s->winner >= r->n_options || s->n_intervals != r->n_criteria)
			return 0;
		for (i = 0; i < s->n_intervals; i++)
			if (s->intervals[i].criterion >= r->n_criteria ||
			    s->by_closeness[i] >= r->n_criteria ||
			    s->intervals[i].lo_taker >= (long)r->n_options ||
			    s->intervals[i].hi_taker >= (long)r->n_options)
				return 0;
	}
	if (a) {
		if (a->n == 0 || a->n > r->n_options || a->m != r->n_criteria)
			return 0;
		for (i = 0; i < a->n; i++)
			if (a->options[i] >= r->n_options)
				return 0;
	}
	if (g) {
		for (i = 0; i < g->n_methods; i++)
			if (g->winners[i] >= r->n_options)
				return 0;
		if (memchr(g->skipped, '\0', sizeof g->skipped) == NULL ||
		    memchr(g->cause, '\0', sizeof g->cause) == NULL)
			return 0;
	}
	return 1;
}

tdm_status
tdm_render_sensitivity(const tdm_result *r, const tdm_sensitivity *s,
                       const tdm_acceptability *a, const tdm_agreement *g,
                       const tdm_render_spec *spec, tdm_write_fn write,
                       void *ud, tdm_error *err)
{
	tdm_how_sure h = {s, a, g, NULL, NULL};

	return tdm_render_how_sure(r, &h, spec, write, ud, err);
}

tdm_status
tdm_render_how_sure(const tdm_result *r, const tdm_how_sure *h,
                    const tdm_render_spec *spec, tdm_write_fn write,
                    void *ud, tdm_error *err)
{
	static const tdm_how_sure none = {NULL, NULL, NULL, NULL, NULL};
	const tdm_sensitivity *s;
	const tdm_acceptability *a;
	const tdm_agreement *g;
	tdm_format f = spec != NULL ? spec->format : TDM_FORMAT_TABLE;
	tdm__out *o;
	tdm_status st;

	if (h == NULL)
		h = &none;
	s = h->weights;
	a = h->acceptability;
	g = h->agreement;
	if (r == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render: no result or writer");
	if (f == TDM_FORMAT_CSV)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "sensitivity has no csv format; use json");
	if (f != TDM_FORMAT_TABLE && f != TDM_FORMAT_JSON && f != TDM_FORMAT_MD)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "unknown output format %d", (int)f);
	if (!parts_usable(r, s, a, g))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the sensitivity report does not match its "
		                     "result (compute it again after changing the "
		                     "model)");
	if ((o = malloc(sizeof *o)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	if (f == TDM_FORMAT_JSON)
		sensitivity_json(r, h, o);
	else
		sensitivity_words(r, h, f == TDM_FORMAT_MD,
		                  spec != NULL && spec->ascii, o);
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}
