/*
 * cmd_eval.c -- `eval DECISION DATA.csv`: streaming batch scoring.
 *
 * Owns the command's I/O around tdm_batch_eval: loading the decision,
 * reporting bad rows on stderr, and the progress bar (cmd_progress.c).
 * Rows go to the writer it is given: standard output, or -o's temporary
 * file straight away (main.c), so a big result is written once. With
 * threads it loads the decision once more for each scoring thread beyond
 * the first (a Lua state each). Must not score anything itself: batch.c
 * does.
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
	/* the decision loaded again for the scoring threads */
	const tdm_cli *cli;
	tdm_decl *more[TDM_MAX_THREADS];
	tdm_model *more_m[TDM_MAX_THREADS];
	size_t n_more;
	int loading;          /* their print() is shown after loading only */
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

/* print() of a decision loaded again: its top level ran once already */
static void
more_print(void *ud, const char *source, long line, const char *message)
{
	const eval_ui *ui = ud;

	if (!ui->loading)
		cmd_lua_print(NULL, source, line, message);
}

/* tdm_batch_config.more_hooks: the decision file loaded once more. */
static int
more_hooks(void *ud, const tdm_model **m, tdm_hooks *hooks)
{
	eval_ui *ui = ud;
	tdm_decl *d;
	tdm_model *dm;
	tdm_error e;
	tdm_status s;

	if (ui->n_more == TDM_MAX_THREADS)
		return -1;
	d = tdm_decl_new(&ui->cli->limits, more_print, ui);
	dm = tdm_model_new();
	ui->more[ui->n_more] = d;
	ui->more_m[ui->n_more] = dm;
	ui->n_more++;
	if (d == NULL || dm == NULL)
		return -1;
	ui->loading = 1;
	s = tdm_decl_load_file(d, ui->cli->input, dm, &e);
	ui->loading = 0;
	if (s != TDM_OK)
		return -1;
	*m = dm;
	*hooks = tdm_decl_hooks(d);
	return 0;
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
	size_t i;

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
	cfg.more_hooks = more_hooks;
	ui.cli = cli;
	cmd_progress_start(&ui.bar, "eval", cli, path);
	ui.from_stdin = from_stdin;
	s = tdm_batch_eval(m, &hooks, path, &cfg, write, wud, NULL, err);
	cmd_progress_clear(&ui.bar);
	if (s != TDM_OK && err != NULL)
		name_stdin(&ui, err);
out:
	for (i = 0; i < ui.n_more; i++) {
		tdm_model_free(ui.more_m[i]);
		tdm_decl_free(ui.more[i]);
	}
	tdm_model_free(m);
	tdm_decl_free(decl);
	return s;
}
