/*
 * cmd.h -- what the command-line files share: main.c's helpers, and the
 * commands that live in their own files (src/cmd_*.c).
 *
 * These files are the program, not the library: they may print, read
 * files and run other programs. They stay thin over libtdm.
 */
#ifndef TDM_CMD_H
#define TDM_CMD_H

#include <time.h>

#include "cli.h"
#include "tdm.h"

/* main.c */
int cmd_write_stdout(void *ud, const char *buf, size_t len);
void cmd_lua_print(void *ud, const char *source, long line,
                   const char *message);
tdm_render_spec cmd_render_spec(const tdm_cli *cli);


/* cmd_check.c: `check` -- the summary line and the decision's `expect`
 * statements. */
tdm_status cmd_check(const tdm_cli *cli, const tdm_model *m,
                     const tdm_hooks *hooks, const tdm_result *r,
                     tdm_error *err);
/* cmd_report.c: `report` -- the HTML report, to -o FILE or stdout. */
tdm_status cmd_report(const tdm_cli *cli, const tdm_model *m,
                      const tdm_hooks *hooks, const tdm_result *r,
                      tdm_error *err);
/* cmd_eval.c: `eval DECISION DATA.csv` -- streaming batch scoring. */
tdm_status cmd_eval(const tdm_cli *cli, tdm_write_fn write, void *wud,
                    tdm_error *err);
/* cmd_progress.c: the progress bar on standard error (a terminal only,
 * not with --quiet, after TRADEOFF_PROGRESS_DELAY seconds, default 2). */
typedef struct cmd_progress {
	const char *label;          /* the command: "eval", "rank" */
	int show;
	double delay;
	unsigned long long total;   /* input bytes, 0 if unknown (a pipe) */
	struct timespec start, last;
	int drawn;                  /* a bar is on the screen */
} cmd_progress;

void cmd_progress_start(cmd_progress *p, const char *label,
                        const tdm_cli *cli, const char *path);
/* A progress callback (ud is the cmd_progress): bytes read of the total,
 * rows so far. */
void cmd_progress_update(void *ud, unsigned long long bytes,
                         unsigned long long rows);
/* Wipe the bar, if one is drawn (at the end, or before other output on
 * the terminal); a later update draws it again. */
void cmd_progress_clear(cmd_progress *p);

/* main.c: load the input the command line names (a decision with its
 * options or those of --options, or a CSV with -c criteria) into m; a
 * CSV's reading drives bar when it is not NULL. */
tdm_status cmd_load_input(const tdm_cli *cli, tdm_decl *decl, tdm_model *m,
                          cmd_progress *bar, tdm_error *err);

/* cmd_diff.c: `diff OLD NEW` or `diff FILE --rev REV`. */
tdm_status cmd_diff(const tdm_cli *cli, tdm_error *err);

#endif
