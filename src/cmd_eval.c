/*
 * cmd_eval.c -- `eval DECISION DATA.csv`: streaming batch scoring.
 *
 * Owns the command's I/O around tdm_batch_eval: loading the decision,
 * reporting bad rows on stderr, and the progress bar (cmd_progress.c).
 * Rows go to the writer it is given: standard output, or -o's temporary
 * file straight away (main.c), so a big result is written once. Must not
 * score anything itself: batch.c does.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static void
on_bad_row(void *ud, const tdm_error *e)
{
	char buf[1024];

	cmd_progress_clear(ud);
	fprintf(stderr, "tradeoff: %s\n", tdm_error_format(e, buf, sizeof buf));
}

tdm_status
cmd_eval(const tdm_cli *cli, tdm_write_fn write, void *wud, tdm_error *err)
{
	tdm_model *m = tdm_model_new();
	tdm_decl *decl = tdm_decl_new(&cli->limits, cmd_lua_print, NULL);
	const char *path = strcmp(cli->names[0], "-") == 0 ? "/dev/stdin"
	                                                   : cli->names[0];
	tdm_batch_config cfg;
	tdm_hooks hooks;
	cmd_progress p;
	tdm_status s;

	memset(&cfg, 0, sizeof cfg);
	memset(&p, 0, sizeof p);
	if (m == NULL || decl == NULL) {
		s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((s = tdm_decl_load_file(decl, cli->input, m, err)) != TDM_OK)
		goto out;
	hooks = tdm_decl_hooks(decl);
	cfg.eval.method = cli->method;
	cfg.eval.normalization = cli->normalization;
	cfg.eval.weighting = cli->weighting;
	cfg.top = cli->top;
	cfg.keep_going = cli->keep_going;
	cfg.bad_row = on_bad_row;
	cfg.progress = cmd_progress_update;
	cfg.ud = &p;
	cmd_progress_start(&p, "eval", cli, path);
	s = tdm_batch_eval(m, &hooks, path, &cfg, write, wud, NULL, err);
	cmd_progress_clear(&p);
out:
	tdm_model_free(m);
	tdm_decl_free(decl);
	return s;
}
