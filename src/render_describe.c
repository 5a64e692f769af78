/*
 * render_describe.c -- the words for how a result was made: weighting,
 * method parameters, VIKOR's compromise, notes.
 *
 * Owns these phrases so the table, CSV and JSON say the same thing. Must
 * not compute anything the result does not already hold.
 */
#include <stdio.h>
#include <string.h>

#include "render.h"

static const char *const pref_names[] = {"usual",  "ushape", "vshape",
                                         "level",  "linear", "gaussian"};

static void
num(tdm__rbuf *b, double x)
{
	char buf[40];
	const char *s = tdm__number(x, buf, sizeof buf);

	tdm__rbuf_puts(b, s ? s : "?");
}

void
tdm__describe_weighting(tdm__rbuf *b, const tdm_result *r)
{
	const tdm_model *m = r->model;
	char buf[160];
	size_t i;

	tdm__rbuf_puts(b, r->weighting[0] ? r->weighting : "direct");
	if (strcmp(r->weighting, "direct") == 0 || r->weighting[0] == '\0') {
		if (r->weights_normalized) {
			tdm__rbuf_puts(b, ", normalised to sum 1 (given sum ");
			num(b, r->weight_sum);
			tdm__rbuf_puts(b, ")");
		} else {
			tdm__rbuf_puts(b, ", as given");
		}
	} else if (strcmp(r->weighting, "roc") == 0) {
		tdm__rbuf_puts(b, " from the order ");
		for (i = 0; i < m->n_order; i++) {
			if (i > 0)
				tdm__rbuf_puts(b, " > ");
			tdm__term_escape(b, m->order[i], strlen(m->order[i]));
		}
	} else if (strcmp(r->weighting, "critic") == 0) {
		tdm__rbuf_puts(b, m->critic_flip_cost
		                      ? " (cost columns flipped first)"
		                      : " (cost columns not flipped)");
	}
	if (r->has_ahp) {
		snprintf(buf, sizeof buf,
		         " (lambda_max %.4f, CI %.4f, CR %.4f, RI %.2f from the "
		         "%s table)",
		         r->ahp.lambda_max, r->ahp.ci, r->ahp.cr, r->ahp.ri,
		         r->ahp.ri_table);
		tdm__rbuf_puts(b, buf);
	}
}

int
tdm__describe_parameters(tdm__rbuf *b, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t c, n = 0;

	if (strcmp(r->method, "vikor") == 0) {
		tdm__rbuf_puts(b, "v=");
		num(b, r->info.vikor_v);
		return 1;
	}
	if (strcmp(r->method, "promethee2") == 0) {
		for (c = 0; c < m->n_criteria; c++) {
			const tdm_criterion *cr = &m->criteria[c];
			tdm_pref p = cr->has_pref ? cr->pref : TDM_PREF_USUAL;
			if (n++ > 0)
				tdm__rbuf_puts(b, "; ");
			tdm__term_escape(b, cr->name, strlen(cr->name));
			tdm__rbuf_puts(b, " ");
			tdm__rbuf_puts(b, (size_t)p < 6 ? pref_names[p] : "?");
			if (p == TDM_PREF_USHAPE || p == TDM_PREF_LEVEL ||
			    p == TDM_PREF_LINEAR) {
				tdm__rbuf_puts(b, " q=");
				num(b, cr->q);
			}
			if (p == TDM_PREF_VSHAPE || p == TDM_PREF_LEVEL ||
			    p == TDM_PREF_LINEAR) {
				tdm__rbuf_puts(b, " p=");
				num(b, cr->p);
			}
			if (p == TDM_PREF_GAUSSIAN) {
				tdm__rbuf_puts(b, " s=");
				num(b, cr->s);
			}
		}
		return n > 0;
	}
	if (strcmp(r->method, "spotis") == 0 && r->info.bounds_from_data) {
		tdm__rbuf_puts(b, "bounds: ");
		for (c = 0; c < m->n_criteria; c++) {
			const tdm_criterion *cr = &m->criteria[c];
			if (c > 0)
				tdm__rbuf_puts(b, ", ");
			tdm__term_escape(b, cr->name, strlen(cr->name));
			if (r->info.bounds_from_data[c]) {
				tdm__rbuf_puts(b, " from the data");
			} else {
				tdm__rbuf_puts(b, " from its scale ");
				num(b, cr->scale_lo);
				tdm__rbuf_puts(b, "..");
				num(b, cr->scale_hi);
			}
		}
		return 1;
	}
	return 0;
}

int
tdm__describe_compromise(tdm__rbuf *b, const tdm_result *r)
{
	const tdm_model *m = r->model;
	size_t i;

	if (strcmp(r->method, "vikor") != 0 || r->info.n_compromise == 0)
		return 0;
	tdm__rbuf_puts(b, "compromise set: ");
	for (i = 0; i < r->info.n_compromise; i++) {
		const char *name = m->options[r->info.compromise[i]].name;
		if (i > 0)
			tdm__rbuf_puts(b, ", ");
		tdm__term_escape(b, name, strlen(name));
	}
	tdm__rbuf_puts(b, r->info.vikor_advantage
	                      ? " (acceptable advantage: yes, "
	                      : " (acceptable advantage: no, ");
	tdm__rbuf_puts(b, r->info.vikor_stability
	                      ? "acceptable stability: yes)"
	                      : "acceptable stability: no)");
	return 1;
}
