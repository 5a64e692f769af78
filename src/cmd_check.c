/*
 * cmd_check.c -- `tradeoff check`: validate and lint a decision.
 *
 * Owns the check command's output: the one-line summary (and, later, the
 * decision's expectations). Thin over the engine.
 */
#include <stdio.h>

#include "cmd.h"

tdm_status
cmd_check(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
          const tdm_result *r, tdm_error *err)
{
	size_t rejected = r->n_options - r->n_ranked;

	(void)hooks;
	if (printf("ok: %s: %zu criteria, %zu options, %zu ranked, %zu not "
	           "ranked\n",
	           cli->input, m->n_criteria, m->n_options, r->n_ranked,
	           rejected) < 0)
		return tdm_error_set(err, TDM_IO, "stdout", 0, 0, "write failed");
	return TDM_OK;
}
