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

/* What the run shows on stderr: the progress bar (first, so that a
 * pointer to this is one to the bar), and whether the rows come from
 * standard input, which messages then call stdin (as the REPL does)
 * rather than the path it is read through. */
typedef struct eval_ui {
	cmd_progress bar;
	int from_stdin;
} eval_ui;

#define STDIN_PATH "/dev/stdin"

static void
name_stdin(const eval_ui *ui, tdm_error *e)
{
	if (ui->from_stdin && strcmp(e->source, STDIN_PATH) == 0)
		snprintf(e->source, sizeof e->source, "stdin");
}

static void
on_bad_row(void *ud, const tdm_error *e)
{
	eval_ui *ui = ud;
	tdm_error shown = *e;
	char buf[1024];

	name_stdin(ui, &shown);
	cmd_progress_clear(&ui->bar);
	fprintf(stderr, "tradeoff: %s\n",
	        tdm_error_format(&shown, buf, sizeof buf));
}

tdm_status
cmd_eval(const tdm_cli *cli, tdm_write_fn write, void *wud, tdm_error *err)
{
	tdm_model *m = tdm_model_new();
	tdm_decl *decl = tdm_decl_new(&cli->limits, cmd_lua_print, NULL);
	int from_stdin = strcmp(cli->names[0], "-") == 0;
	const char *path = from_stdin ? STDIN_PATH : cli->names[0];
	tdm_batch_config cfg;
	tdm_hooks hooks;
	eval_ui ui;
	tdm_status s;

	memset(&cfg, 0, sizeof cfg);
	memset(&ui, 0, sizeof ui);
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
	cfg.ud = &ui;
	cmd_progress_start(&ui.bar, "eval", cli, path);
	ui.from_stdin = from_stdin;
	s = tdm_batch_eval(m, &hooks, path, &cfg, write, wud, NULL, err);
	cmd_progress_clear(&ui.bar);
	if (s != TDM_OK && err != NULL)
		name_stdin(&ui, err);
out:
	tdm_model_free(m);
	tdm_decl_free(decl);
	return s;
}
