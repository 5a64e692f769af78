/*
 * cmd_check.c -- `tradeoff check`: validate and lint a decision, and check
 * its `expect` statements.
 *
 * Owns the check command's output: the one-line summary on stdout, then
 * "expect: ok (N expectations)" on stdout, or each failed expectation as
 * "expect failed: ..." on stderr and TDM_DATA (exit 1). Thin over the
 * engine (expect.c says what each expectation means).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "expect.h"

tdm_status
cmd_check(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
          const tdm_result *r, tdm_error *err)
{
	size_t rejected = r->n_options - r->n_ranked;
	const tdm_expectation *e;
	tdm_expect_outcome *out;
	size_t n, n_failed = 0, i;
	tdm_status s;

	if (printf("ok: %s: %zu criteria, %zu options, %zu ranked, %zu not "
	           "ranked\n",
	           cli->input, m->n_criteria, m->n_options, r->n_ranked,
	           rejected) < 0)
		return tdm_error_set(err, TDM_IO, "stdout", 0, 0, "write failed");
	/* hooks are the decl's: a CSV input has neither decl nor expect */
	e = hooks != NULL ? tdm__decl_expectations(hooks->ud, &n) : NULL;
	if (e == NULL || n == 0)
		return TDM_OK;
	if ((out = calloc(n, sizeof *out)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	s = tdm__expect_check(m, hooks, r, e, n, out, &n_failed, err);
	if (s == TDM_OK && n_failed == 0) {
		if (printf("expect: ok (%zu expectation%s)\n", n,
		           n == 1 ? "" : "s") < 0)
			s = tdm_error_set(err, TDM_IO, "stdout", 0, 0, "write failed");
	} else if (s == TDM_OK) {
		fflush(stdout);
		for (i = 0; i < n; i++)
			if (!out[i].ok)
				fprintf(stderr, "expect failed: %s\n", out[i].text);
		s = tdm_error_set(err, TDM_DATA, cli->input, 0, 0,
		                  "%zu of %zu expectation%s failed", n_failed, n,
		                  n == 1 ? "" : "s");
	}
	free(out);
	return s;
}
