/*
 * cmd_eval.c -- `eval DECISION DATA.csv`: streaming batch scoring.
 *
 * Owns the command's I/O around tdm_batch_eval: loading the decision,
 * reporting bad rows on stderr, and the progress bar (stderr, a terminal
 * only, after two seconds, not with --quiet). Rows go to the writer it is
 * given: standard output, or -o's temporary file straight away (main.c),
 * so a big result is written once. Must not score anything
 * itself: batch.c does.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

typedef struct progress {
	int show;                   /* a terminal, and not --quiet */
	unsigned long long total;   /* input bytes, 0 if unknown (a pipe) */
	struct timespec start, last;
	int drawn;                  /* a bar is on the screen */
} progress;

static double
seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
on_progress(void *ud, unsigned long long bytes, unsigned long long rows)
{
	progress *p = ud;
	struct timespec now;
	double t;

	if (!p->show)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = seconds_since(&p->start, &now);
	/* nothing for short runs; then at most four redraws a second */
	if (t < 2.0 || (p->drawn && seconds_since(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->drawn = 1;
	if (p->total > 0) {
		double f = (double)bytes / (double)p->total;
		int i, fill = (int)(f * 30);
		if (f > 1)
			f = 1, fill = 30;
		fputs("\rtradeoff: eval [", stderr);
		for (i = 0; i < 30; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %3d%%  %llu rows, %.2fM rows/s ", (int)(f * 100),
		        rows, (double)rows / t / 1e6);
	} else {
		fprintf(stderr, "\rtradeoff: eval %llu rows, %.2fM rows/s ", rows,
		        (double)rows / t / 1e6);
	}
	fflush(stderr);
}

static void
progress_done(progress *p)
{
	if (p->drawn) {
		/* wipe the bar: what follows starts on a clean line */
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

static void
on_bad_row(void *ud, const tdm_error *e)
{
	progress *p = ud;
	char buf[1024];

	if (p->drawn)
		fputs("\r\033[K", stderr);
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
	progress p;
	struct stat st;
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
	cfg.progress = on_progress;
	cfg.ud = &p;
	p.show = !cli->quiet && isatty(STDERR_FILENO);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		p.total = (unsigned long long)st.st_size;
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	s = tdm_batch_eval(m, &hooks, path, &cfg, write, wud, NULL, err);
	progress_done(&p);
out:
	tdm_model_free(m);
	tdm_decl_free(decl);
	return s;
}
