/*
 * cmd_report.c -- `tradeoff report`: the HTML page, to -o FILE (written
 * atomically) or standard output.
 *
 * Owns what the report is made of: an explanation of every option not
 * chosen, the winner's weight intervals and the acceptability (the
 * default samples and seed unless --samples/--seed/--spread say
 * otherwise). The page itself is render_html.c's. Thin over libtdm.
 */
#include <stdlib.h>

#include "cmd.h"
#include "render.h"

typedef struct report_ctx {
	const tdm_result *r;
	const tdm_how_sure *h;
	tdm_explanation *const *e;
} report_ctx;

static tdm_status
produce(tdm_write_fn write, void *wud, void *ctx, tdm_error *err)
{
	report_ctx *c = ctx;

	return tdm__render_report_html(c->r, c->h, c->e, write, wud, err);
}

tdm_status
cmd_report(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
           const tdm_result *r, tdm_error *err)
{
	tdm_acceptability_config acfg = {cli->samples, cli->seed, cli->spread};
	tdm_explanation **e;
	tdm_sensitivity *sens = NULL;
	tdm_acceptability *acc = NULL;
	tdm_how_sure h = {NULL, NULL, NULL, NULL, NULL};
	report_ctx ctx;
	tdm_status s = TDM_OK;
	size_t i;

	if ((e = calloc(r->n_options ? r->n_options : 1, sizeof *e)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; i < r->n_options && s == TDM_OK; i++)
		if (r->options[i].verdict != TDM_VERDICT_CHOSEN)
			s = tdm_explain(m, hooks, r, i, &e[i], err);
	if (s != TDM_OK)
		goto out;
	/* with nothing ranked there is no winner to be sure about: the page
	 * says so instead of failing */
	if (r->n_ranked > 0) {
		if ((s = tdm_sensitivity_weights(m, hooks, r, &sens, err)) !=
		        TDM_OK ||
		    (s = tdm_acceptability_compute(m, hooks, r, &acfg, &acc,
		                                   err)) != TDM_OK)
			goto out;
	}
	h.weights = sens;
	h.acceptability = acc;
	ctx.r = r;
	ctx.h = &h;
	ctx.e = e;
	if (cli->output != NULL)
		s = tdm_write_file_atomic(cli->output, produce, &ctx, err);
	else
		s = tdm__render_report_html(r, &h, e, cmd_write_stdout, NULL, err);
out:
	tdm_sensitivity_free(sens);
	tdm_acceptability_free(acc);
	for (i = 0; i < r->n_options; i++)
		tdm_explanation_free(e[i]);
	free(e);
	return s;
}
