/*
 * main.c -- the tradeoff command: dispatch, printing errors, exit status.
 *
 * Owns the process: it is the only place that writes to stdout/stderr and
 * chooses an exit status. Everything it does is a call into libtdm; it must
 * stay thin. Standard output is checked at the end (a failed write or close
 * is exit 4), as jq does.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "repl.h"
#include "tdm.h"

/* Threads when -j is not given: every CPU, up to this many. */
#define CLI_DEFAULT_THREADS 8

static void
print_error(const tdm_error *err)
{
	char buf[1024];

	fprintf(stderr, "tradeoff: %s\n", tdm_error_format(err, buf, sizeof buf));
}

void
cmd_lua_print(void *ud, const char *source, long line, const char *message)
{
	(void)ud;
	if (source != NULL && source[0] != '\0' && line > 0)
		fprintf(stderr, "%s:%ld: %s\n", source, line, message);
	else
		fprintf(stderr, "%s\n", message);
}

int
cmd_write_stdout(void *ud, const char *buf, size_t len)
{
	(void)ud;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

static int
terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (cols != NULL && atoi(cols) > 20)
		return atoi(cols);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

/* The -c criteria into m, whose attributes (the CSV's header) are known
 * when it has options: each criterion needs its column then. */
static tdm_status
add_cli_criteria(const tdm_cli *cli, tdm_model *m, tdm_error *err)
{
	tdm_status s;
	size_t i;

	for (i = 0; i < cli->n_criteria; i++) {
		const tdm_cli_criterion *cc = &cli->criteria[i];
		tdm_criterion *c;
		if (m->n_options > 0 && tdm_model_find_attr(m, cc->name) < 0)
			return tdm_error_set(err, TDM_DATA, cli->input, 1, 0,
			                     "criterion '%s' (from -c) has no column in "
			                     "the header",
			                     cc->name);
		if ((s = tdm_model_add_criterion(m, cc->name, -1, 0, &c, err)) !=
		    TDM_OK)
			return s;
		c->weight = cc->weight;
		c->has_weight = 1;
		c->better = cc->better;
		c->has_better = 1;
	}
	/* For --weights roc, the order of the -c flags is the order. */
	if (m->n_order == 0 && cli->n_criteria > 0) {
		m->order = calloc(cli->n_criteria, sizeof *m->order);
		if (m->order == NULL)
			return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0,
			                     "out of memory");
		for (i = 0; i < cli->n_criteria; i++) {
			if ((m->order[i] = strdup(cli->criteria[i].name)) == NULL)
				return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0,
				                     "out of memory");
			m->n_order = i + 1;
		}
	}
	return TDM_OK;
}

/* The output of a run with a progress bar: the bar is wiped before the
 * first bytes, which may go to the same terminal. */
typedef struct bar_writer {
	tdm_write_fn out;
	void *wud;
	cmd_progress *bar;
} bar_writer;

static int
write_after_bar(void *ud, const char *buf, size_t len)
{
	bar_writer *b = ud;

	cmd_progress_clear(b->bar);
	return b->out(b->wud, buf, len);
}

/* rank FILE.csv -c ... -f csv on a large plain file: from columns
 * (tdm_rank_columns), when it takes the input, with a progress bar;
 * *declined says whether it did not, and then nothing was written. */
static tdm_status
rank_columns(const tdm_cli *cli, tdm_write_fn out, void *wud, int *declined,
             tdm_error *err)
{
	tdm_eval_config cfg = {cli->method, cli->normalization, cli->weighting};
	cmd_progress bar;
	bar_writer bw = {out, wud, &bar};
	tdm_model *m;
	tdm_status s;

	*declined = 1;
	if (cli->cmd != TDM_CMD_RANK || !cli->input_is_csv ||
	    cli->format != TDM_FORMAT_CSV || cli->ri_table != NULL ||
	    strcmp(cli->input, "-") == 0)
		return TDM_OK;
	if ((m = tdm_model_new()) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	cmd_progress_start(&bar, "rank", cli, cli->input);
	/* criteria the model refuses (a name twice): the general path says
	 * so, after the CSV's own errors, as always */
	if (add_cli_criteria(cli, m, err) != TDM_OK) {
		tdm_error_clear(err);
		s = TDM_OK;
	} else {
		s = tdm_rank_columns(m, cli->input, &cfg, cmd_progress_update, &bar,
		                     write_after_bar, &bw, declined, err);
	}
	cmd_progress_clear(&bar);
	tdm_model_free(m);
	return s;
}

/* Load the input the command line names into m: a decision file (with
 * its options, or those of --options), or a CSV with -c criteria. */
tdm_status
cmd_load_input(const tdm_cli *cli, tdm_decl *decl, tdm_model *m,
               cmd_progress *bar, tdm_error *err)
{
	tdm_csv_config cfg;
	tdm_status s;

	memset(&cfg, 0, sizeof cfg);
	if (bar != NULL) {
		cfg.progress = cmd_progress_update;
		cfg.progress_ud = bar;
	}
	if (!cli->input_is_csv) {
		if ((s = tdm_decl_load_file(decl, cli->input, m, err)) != TDM_OK)
			return s;
		if (cli->options_csv != NULL) {
			tdm_model_clear_options(m);
			if ((s = tdm_csv_load_options(m, cli->options_csv, &cfg, err)) !=
			    TDM_OK)
				return s;
		}
	} else {
		if ((s = tdm_csv_load_options(m, cli->input, &cfg, err)) != TDM_OK ||
		    (s = add_cli_criteria(cli, m, err)) != TDM_OK)
			return s;
	}
	if (cli->ri_table != NULL &&
	    (s = tdm_model_set_text(m, &m->ri_table, cli->ri_table, err)) !=
	        TDM_OK)
		return s;
	if (cli->critic_flip_cost)
		m->critic_flip_cost = 1;
	return TDM_OK;
}

tdm_render_spec
cmd_render_spec(const tdm_cli *cli)
{
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 80, 0};
	const char *no_color = getenv("NO_COLOR");
	const char *cur = setlocale(LC_CTYPE, NULL), *codeset;
	char saved[256];
	int is_utf8 = 0;

	if (cli->format >= 0)
		spec.format = (tdm_format)cli->format;
	/* NO_COLOR (https://no-color.org): set and not empty. */
	if (cli->color == 1)
		spec.use_color = 1;
	else if (cli->color == -1)
		spec.use_color = isatty(STDOUT_FILENO) &&
		                 (no_color == NULL || no_color[0] == '\0');
	spec.width = terminal_width();
	/* ASCII too when the user's locale (LC_ALL, LC_CTYPE, LANG) does not
	 * encode text as UTF-8. The process's LC_CTYPE is put back: the engine
	 * (the Lua string library's ctype calls) must not behave differently
	 * under another locale; LC_NUMERIC is never touched. */
	snprintf(saved, sizeof saved, "%s", cur != NULL ? cur : "C");
	if (setlocale(LC_CTYPE, "") != NULL) {
		codeset = nl_langinfo(CODESET);
		is_utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	}
	setlocale(LC_CTYPE, saved);
	spec.ascii = cli->ascii || !is_utf8;
	return spec;
}

/* tradeoff weights --ahp PAIRWISE.csv */
static tdm_status
weights_from_ahp(const tdm_cli *cli, tdm_error *err)
{
	char **names = NULL;
	double *a = NULL, *w = NULL;
	size_t n = 0, i;
	tdm_weights_report rep;
	tdm_render_spec spec = cmd_render_spec(cli);
	tdm_status s;

	memset(&rep, 0, sizeof rep);
	if ((s = tdm_ahp_read_csv(cli->ahp_csv, &names, &a, &n, err)) != TDM_OK)
		goto out;
	if ((w = calloc(n ? n : 1, sizeof *w)) == NULL) {
		s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((s = tdm_weights_ahp(a, n, cli->ri_table, w, &rep.ahp, err)) !=
	    TDM_OK) {
		if (err->source[0] == '\0')
			snprintf(err->source, sizeof err->source, "%s", cli->ahp_csv);
		goto out;
	}
	rep.n = n;
	rep.names = (const char *const *)names;
	rep.weights = w;
	rep.scheme = "ahp";
	rep.source = cli->ahp_csv;
	rep.has_ahp = 1;
	s = tdm_render_weights(&rep, &spec, cmd_write_stdout, NULL, err);
out:
	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
	free(a);
	free(w);
	return s;
}

/* tradeoff explain INPUT [OPTION]: the named option, or the chosen one. */
static tdm_status
explain(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
        const tdm_result *r, const tdm_render_spec *spec, tdm_error *err)
{
	tdm_explanation *e = NULL;
	size_t o;
	tdm_status s;

	if (cli->n_names > 0) {
		if ((s = tdm_cli_find_option(m, cli->names[0], &o, err)) != TDM_OK)
			return s;
	} else if (r->n_ranked > 0) {
		o = r->order[0];
	} else {
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "no option is chosen (none passes every "
		                     "guardrail); name one: tradeoff explain %s "
		                     "OPTION",
		                     cli->input);
	}
	if ((s = tdm_explain(m, hooks, r, o, &e, err)) == TDM_OK)
		s = tdm_render_explanation(r, e, spec, cmd_write_stdout, NULL, err);
	tdm_explanation_free(e);
	return s;
}

/* tradeoff compare INPUT A B */
static tdm_status
compare(const tdm_cli *cli, const tdm_model *m, const tdm_result *r,
        const tdm_render_spec *spec, tdm_error *err)
{
	tdm_comparison *c = NULL;
	size_t a, b;
	tdm_status s;

	if ((s = tdm_cli_find_option(m, cli->names[0], &a, err)) != TDM_OK ||
	    (s = tdm_cli_find_option(m, cli->names[1], &b, err)) != TDM_OK)
		return s;
	if ((s = tdm_compare(m, r, a, b, &c, err)) == TDM_OK)
		s = tdm_render_comparison(r, c, spec, cmd_write_stdout, NULL, err);
	tdm_comparison_free(c);
	return s;
}

/* tradeoff record INPUT: every option that is not chosen explained, then
 * the decision record. */
static tdm_status
record(const tdm_model *m, const tdm_hooks *hooks, const tdm_result *r,
       tdm_error *err)
{
	tdm_explanation **e;
	tdm_status s = TDM_OK;
	size_t i;

	if ((e = calloc(r->n_options ? r->n_options : 1, sizeof *e)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; i < r->n_options && s == TDM_OK; i++)
		if (r->options[i].verdict != TDM_VERDICT_CHOSEN)
			s = tdm_explain(m, hooks, r, i, &e[i], err);
	if (s == TDM_OK)
		s = tdm_render_record(r, e, cmd_write_stdout, NULL, err);
	for (i = 0; i < r->n_options; i++)
		tdm_explanation_free(e[i]);
	free(e);
	return s;
}

/* tradeoff sensitivity: weight intervals, acceptability, agreement,
 * stakeholders, missing and uncertain values. */
static tdm_status
sensitivity(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
            const tdm_result *r, const tdm_render_spec *spec, tdm_error *err)
{
	tdm_acceptability_config acfg = {cli->samples, cli->seed, cli->spread};
	tdm_sensitivity *sens = NULL;
	tdm_acceptability *acc = NULL;
	tdm_agreement *agr = NULL;
	tdm_stakeholder_report *stk = NULL;
	tdm_missing_report *mis = NULL;
	tdm_how_sure h;
	tdm_status s;

	if (r->n_ranked == 0) {
		s = tdm_error_set(err, TDM_DATA, cli->input, 0, 0,
		                  "no option passes every guardrail: nothing to be "
		                  "sure about");
		goto out;
	}
	/* the table and Markdown show the first ranks only (as the REPL,
	 * which counts just those); JSON gives every rank */
	if ((s = tdm_sensitivity_weights(m, hooks, r, &sens, err)) != TDM_OK ||
	    (s = tdm_acceptability_compute_top(
	         m, hooks, r, &acfg,
	         spec->format == TDM_FORMAT_JSON ? 0
	                                         : TDM_ACCEPTABILITY_SHOWN_RANKS,
	         &acc, err)) != TDM_OK ||
	    (s = tdm_method_agreement(m, hooks, r, &agr, err)) != TDM_OK ||
	    (s = tdm_stakeholders_analyse(m, hooks, r, &stk, err)) != TDM_OK ||
	    (s = tdm_missing_analyse(m, hooks, r, &mis, err)) != TDM_OK)
		goto out;
	h.weights = sens;
	h.acceptability = acc;
	h.agreement = agr;
	h.stakeholders = stk;
	h.missing = mis;
	s = tdm_render_how_sure(r, &h, spec, cmd_write_stdout, NULL, err);
out:
	tdm_sensitivity_free(sens);
	tdm_acceptability_free(acc);
	tdm_agreement_free(agr);
	tdm_stakeholder_report_free(stk);
	tdm_missing_report_free(mis);
	return s;
}

static tdm_status
run(const tdm_cli *cli, tdm_error *err)
{
	tdm_model *m = NULL;
	tdm_decl *decl = NULL;
	tdm_result *r = NULL;
	tdm_hooks hooks;
	tdm_eval_config cfg = {cli->method, cli->normalization, cli->weighting};
	tdm_render_spec spec = cmd_render_spec(cli);
	const char **names = NULL;
	cmd_progress bar;
	tdm_status s;
	size_t c;

	if (cli->cmd == TDM_CMD_WEIGHTS && cli->ahp_csv != NULL)
		return weights_from_ahp(cli, err);
	if (cli->cmd == TDM_CMD_DIFF)
		return cmd_diff(cli, err);
	if (cli->cmd == TDM_CMD_EVAL)
		return cmd_eval(cli, cmd_write_stdout, NULL, err);
	if (cli->output == NULL) {
		int declined;
		s = rank_columns(cli, cmd_write_stdout, NULL, &declined, err);
		if (!declined || s != TDM_OK)
			return s;
	}
	if (cli->cmd == TDM_CMD_WEIGHTS) {
		/* the weights of a CSV (--method is the scheme) or a decision */
		cfg.method = NULL;
		if (cli->input_is_csv)
			cfg.weighting = cli->method;
	}
	m = tdm_model_new();
	/* A CSV with -c criteria needs no Lua state. */
	if (!cli->input_is_csv)
		decl = tdm_decl_new(&cli->limits, cmd_lua_print, NULL);
	if (m == NULL || (!cli->input_is_csv && decl == NULL)) {
		s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	/* a bar while a big CSV is read (the evaluation after it is not
	 * counted: the bar is wiped when the rows are in) */
	cmd_progress_start(&bar, tdm_cli_cmd_name(cli->cmd), cli,
	                   cli->input_is_csv ? cli->input : cli->options_csv);
	s = cmd_load_input(cli, decl, m, &bar, err);
	cmd_progress_clear(&bar);
	if (s != TDM_OK)
		goto out;
	if (decl != NULL)
		hooks = tdm_decl_hooks(decl);
	if ((s = tdm_evaluate(m, decl ? &hooks : NULL, &cfg, &r, err)) != TDM_OK)
		goto out;
	if (cli->cmd == TDM_CMD_CHECK) {
		s = cmd_check(cli, m, decl ? &hooks : NULL, r, err);
	} else if (cli->cmd == TDM_CMD_WEIGHTS) {
		tdm_weights_report rep;
		memset(&rep, 0, sizeof rep);
		if ((names = calloc(m->n_criteria, sizeof *names)) == NULL) {
			s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		for (c = 0; c < m->n_criteria; c++)
			names[c] = m->criteria[c].name;
		rep.n = m->n_criteria;
		rep.names = names;
		rep.weights = r->weights;
		rep.scheme = r->weighting;
		rep.source = cli->input;
		rep.has_ahp = r->has_ahp;
		rep.ahp = r->ahp;
		s = tdm_render_weights(&rep, &spec, cmd_write_stdout, NULL, err);
	} else if (cli->cmd == TDM_CMD_EXPLAIN) {
		s = explain(cli, m, decl ? &hooks : NULL, r, &spec, err);
	} else if (cli->cmd == TDM_CMD_COMPARE) {
		s = compare(cli, m, r, &spec, err);
	} else if (cli->cmd == TDM_CMD_RECORD) {
		s = record(m, decl ? &hooks : NULL, r, err);
	} else if (cli->cmd == TDM_CMD_REPORT) {
		s = cmd_report(cli, m, decl ? &hooks : NULL, r, err);
	} else if (cli->cmd == TDM_CMD_SENSITIVITY) {
		s = sensitivity(cli, m, decl ? &hooks : NULL, r, &spec, err);
	} else {
		s = tdm_render(r, &spec, cmd_write_stdout, NULL, err);
	}
out:
	free(names);
	tdm_result_free(r);
	tdm_model_free(m);
	tdm_decl_free(decl);
	return s;
}

/* -o FILE for every command but report (which writes its page itself)
 * and the REPL: the command writes to standard output as usual, with the
 * descriptor pointed at an unnamed temporary file; once it has succeeded
 * the bytes are copied into FILE by tdm_write_file_atomic, so FILE is
 * replaced whole or not at all, and an error leaves it as it was. */
static tdm_status
produce_output(tdm_write_fn out, void *wud, void *ctx, tdm_error *err)
{
	const tdm_cli *cli = ctx;
	FILE *cap;
	char buf[65536];
	size_t n;
	int saved, declined;
	tdm_status s;

	/* a large plain ranking goes straight into the file */
	s = rank_columns(cli, out, wud, &declined, err);
	if (!declined || s != TDM_OK)
		return s;
	if ((cap = tmpfile()) == NULL)
		return tdm_error_set(err, TDM_IO, NULL, 0, 0,
		                     "cannot create a temporary file: %s",
		                     strerror(errno));
	fflush(stdout);
	if ((saved = dup(STDOUT_FILENO)) < 0) {
		s = tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot redirect "
		                  "standard output: %s", strerror(errno));
		goto out;
	}
	if (dup2(fileno(cap), STDOUT_FILENO) < 0) {
		s = tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot redirect "
		                  "standard output: %s", strerror(errno));
		close(saved);
		goto out;
	}
	s = run(cli, err);
	if ((fflush(stdout) != 0 || ferror(stdout)) && s == TDM_OK)
		s = tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot write a "
		                  "temporary file: %s", strerror(errno));
	clearerr(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	if (s != TDM_OK)
		goto out;
	/* the descriptors share one offset: go back to the start */
	if (fseek(cap, 0, SEEK_SET) != 0) {
		s = tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot read a "
		                  "temporary file: %s", strerror(errno));
		goto out;
	}
	while ((n = fread(buf, 1, sizeof buf, cap)) > 0)
		if (out(wud, buf, n) != 0) {
			s = tdm_error_set(err, TDM_IO, cli->output, 0, 0,
			                  "cannot write");
			goto out;
		}
	if (ferror(cap))
		s = tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot read a "
		                  "temporary file: %s", strerror(errno));
out:
	fclose(cap);
	return s;
}

/* eval -o FILE: the rows go straight into the temporary file that
 * becomes FILE (a million rows are written once, not captured and
 * copied). */
static tdm_status
produce_eval(tdm_write_fn out, void *wud, void *ctx, tdm_error *err)
{
	return cmd_eval(ctx, out, wud, err);
}

/* Ctrl-C, SIGTERM or SIGHUP during a command: the temporary file of an
 * -o in progress is removed (nothing is left beside the target, which is
 * untouched), then the signal ends the process as it would have. The
 * REPL has its own Ctrl-C (it stops the command, not the session). */
static void
on_fatal_signal(int sig)
{
	tdm_atomic_abandon();
	raise(sig); /* SA_RESETHAND: the default action now */
}

static void
abandon_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* a signal ignored by whoever started us stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

/* Flush and close stdout; a failure here is an I/O error (exit 4). */
static int
close_stdout(int status)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	if (failed && status == 0) {
		fprintf(stderr, "tradeoff: write error on standard output: %s\n",
		        errno ? strerror(errno) : "unknown error");
		return tdm_status_exit_code(TDM_IO);
	}
	return status;
}

int
main(int argc, char **argv)
{
	tdm_cli cli;
	tdm_error err;
	tdm_status s;

	tdm_error_clear(&err);
	s = tdm_cli_parse(argc, argv, &cli, &err);
	if (s != TDM_OK) {
		print_error(&err);
		fprintf(stderr, "Try 'tradeoff%s%s --help'.\n",
		        cli.cmd != TDM_CMD_NONE ? " " : "",
		        cli.cmd != TDM_CMD_NONE ? tdm_cli_cmd_name(cli.cmd) : "");
		return close_stdout(tdm_status_exit_code(s));
	}
	/* a command's output into a file or pipe in 64 KiB writes (the
	 * REPL keeps the default: it talks with whoever reads it) */
	if (cli.cmd != TDM_CMD_REPL && !isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, (size_t)1 << 16);
	if (cli.want_help) {
		fputs(tdm_cli_help(cli.cmd), stdout);
		return close_stdout(0);
	}
	if (cli.want_version) {
		printf("tradeoff %s\n", TDM_VERSION);
		return close_stdout(0);
	}
	/* The library uses one thread unless told; the command line uses
	 * every CPU, up to CLI_DEFAULT_THREADS (the results are the same
	 * bits with any number) */
	if (cli.has_threads) {
		tdm_set_threads(cli.threads);
	} else {
		tdm_set_threads(0);
		if (tdm_threads() > CLI_DEFAULT_THREADS)
			tdm_set_threads(CLI_DEFAULT_THREADS);
	}
	if (cli.cmd == TDM_CMD_REPL)
		return close_stdout(tdm_repl_main(cli.input, &cli.limits, cli.color));
	if (cli.output != NULL)
		abandon_on_signals();
	if (cli.output != NULL && cli.cmd == TDM_CMD_EVAL)
		s = tdm_write_file_atomic(cli.output, produce_eval, &cli, &err);
	else if (cli.output != NULL && cli.cmd != TDM_CMD_REPORT)
		s = tdm_write_file_atomic(cli.output, produce_output, &cli, &err);
	else
		s = run(&cli, &err);
	if (s != TDM_OK)
		print_error(&err);
	return close_stdout(tdm_status_exit_code(s));
}
