/*
 * cmd_progress.c -- the progress bar of long commands (eval, rank of a
 * large CSV, any command while it reads a CSV).
 *
 * Owns the one line on standard error that says how far a long run is:
 * shown only when standard error is a terminal and not --quiet, only
 * after the run has taken TRADEOFF_PROGRESS_DELAY seconds (default 2; 0
 * shows it at once, for tests and the impatient), redrawn at most four
 * times a second, and wiped when the run ends or before anything else is
 * printed on the terminal. Must not compute anything: the commands report
 * bytes and rows through cmd_progress_update.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

#define DEFAULT_DELAY 2.0
#define BAR_WIDTH 30

static double
seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* TRADEOFF_PROGRESS_DELAY: seconds as a plain non-negative number; the
 * default for anything else. */
static double
delay_from_env(void)
{
	const char *v = getenv("TRADEOFF_PROGRESS_DELAY");
	char *end;
	double d;

	if (v == NULL || v[0] == '\0')
		return DEFAULT_DELAY;
	d = strtod(v, &end);
	return *end == '\0' && d >= 0 && d <= 1e6 ? d : DEFAULT_DELAY;
}

void
cmd_progress_start(cmd_progress *p, const char *label, const tdm_cli *cli,
                   const char *path)
{
	struct stat st;

	memset(p, 0, sizeof *p);
	p->label = label;
	p->show = !cli->quiet && isatty(STDERR_FILENO);
	p->delay = delay_from_env();
	if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		p->total = (unsigned long long)st.st_size;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void
cmd_progress_update(void *ud, unsigned long long bytes,
                    unsigned long long rows)
{
	cmd_progress *p = ud;
	struct timespec now;
	double t;

	if (!p->show)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = seconds_since(&p->start, &now);
	/* nothing for short runs; then at most four redraws a second */
	if (t < p->delay || (p->drawn && seconds_since(&p->last, &now) < 0.25))
		return;
	p->last = now;
	p->drawn = 1;
	if (t <= 0)
		t = 1e-9;
	if (p->total > 0) {
		double f = (double)bytes / (double)p->total;
		int i, fill;
		if (f > 1)
			f = 1;
		fill = (int)(f * BAR_WIDTH);
		fprintf(stderr, "\rtradeoff: %s [", p->label);
		for (i = 0; i < BAR_WIDTH; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %3d%%  %llu rows, %.2fM rows/s ", (int)(f * 100),
		        rows, (double)rows / t / 1e6);
	} else {
		fprintf(stderr, "\rtradeoff: %s %llu rows, %.2fM rows/s ", p->label,
		        rows, (double)rows / t / 1e6);
	}
	fflush(stderr);
}

void
cmd_progress_clear(cmd_progress *p)
{
	if (p->drawn) {
		/* wipe the bar: what follows starts on a clean line */
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = 0;
	}
}
