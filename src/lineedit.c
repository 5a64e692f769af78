/*
 * lineedit.c -- the REPL's line input: GNU readline on a terminal, getline
 * otherwise; history, completion plumbing and SIGINT.
 *
 * The only file that includes readline, so the rest of the REPL can be
 * driven by strings in tests. Readline's API is global state (its hooks
 * take no user data), so the completer lives in a file-static here; the
 * interrupt flag is the library's one global, tdm_interrupted (tdm.h).
 *
 * Ctrl-C: one SIGINT handler sets tdm_interrupted. At a prompt readline's
 * read is interrupted (no SA_RESTART) and its signal-event hook clears the
 * line typed so far; while a command runs, the Lua hook (through
 * tdm_lua_limits.interrupt) and the engine's long loops see the flag and
 * stop with "interrupted".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lineedit.h"
#include "tdm.h"

#define HISTORY_FILE ".tradeoff_history"
#define HISTORY_MAX 1000

static int is_interactive;
static tdm_lineedit_completer completer;
static int has_completer;
static struct sigaction old_sigint;
static int has_old_sigint;

static void
on_sigint(int sig)
{
	(void)sig;
	tdm_interrupted = 1;
}

/* Called by readline when its read was interrupted by a signal: a Ctrl-C
 * at the prompt abandons the line, as in bash. */
static int
on_signal_event(void)
{
	if (tdm_interrupted) {
		tdm_interrupted = 0;
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		fputs("^C", rl_outstream ? rl_outstream : stdout);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

static size_t gen_index;
static int gen_start;

static char *
generate(const char *text, int state)
{
	const char *w;
	size_t len = strlen(text);

	if (state == 0)
		gen_index = 0;
	while ((w = completer.word(completer.ud, rl_line_buffer, gen_start,
	                           gen_index++)) != NULL)
		if (strncmp(w, text, len) == 0)
			return strdup(w);
	return NULL;
}

static char **
attempt_completion(const char *text, int start, int end)
{
	(void)end;
	if (!has_completer)
		return NULL;
	if (completer.wants_files != NULL &&
	    completer.wants_files(completer.ud, rl_line_buffer, start))
		return NULL; /* readline's own file name completion */
	rl_attempted_completion_over = 1;
	gen_start = start;
	return rl_completion_matches(text, generate);
}

char *
tdm_lineedit_history_path(void)
{
	const char *home = getenv("HOME");
	char *p;
	size_t n;

	if (home == NULL || home[0] == '\0')
		return NULL;
	n = strlen(home) + sizeof HISTORY_FILE + 2;
	if ((p = malloc(n)) == NULL)
		return NULL;
	snprintf(p, n, "%s/%s", home, HISTORY_FILE);
	return p;
}

void
tdm_lineedit_init(int interactive, const tdm_lineedit_completer *c)
{
	struct sigaction sa;
	char *path;

	is_interactive = interactive;
	tdm_interrupted = 0;
	if (!interactive)
		return;
	rl_readline_name = "tradeoff";
	if (c != NULL) {
		completer = *c;
		has_completer = c->word != NULL;
	}
	rl_attempted_completion_function = attempt_completion;
	rl_completer_quote_characters = "\"'";
	/* Our handler, not readline's: it must also work while a command
	 * runs. No SA_RESTART, so readline's read returns EINTR and calls the
	 * signal-event hook. */
	rl_catch_signals = 0;
	rl_signal_event_hook = on_signal_event;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	has_old_sigint = sigaction(SIGINT, &sa, &old_sigint) == 0;
	using_history();
	stifle_history(HISTORY_MAX);
	if ((path = tdm_lineedit_history_path()) != NULL) {
		/* A missing file is the first session, not a problem. */
		int rc = read_history(path);
		if (rc != 0 && rc != ENOENT)
			fprintf(stderr, "tradeoff: warning: cannot read history %s: "
			                "%s\n",
			        path, strerror(rc));
		free(path);
	}
}

void
tdm_lineedit_done(void)
{
	char *path;

	if (!is_interactive)
		return;
	if ((path = tdm_lineedit_history_path()) != NULL) {
		int rc = write_history(path);
		if (rc != 0)
			fprintf(stderr, "tradeoff: warning: cannot write history %s: "
			                "%s\n",
			        path, strerror(rc));
		else
			history_truncate_file(path, HISTORY_MAX);
		free(path);
	}
	clear_history();
	if (has_old_sigint)
		sigaction(SIGINT, &old_sigint, NULL);
	has_old_sigint = 0;
	is_interactive = 0;
}

char *
tdm_lineedit_read(const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (is_interactive) {
		tdm_interrupted = 0;
		return readline(prompt);
	}
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	return line;
}

void
tdm_lineedit_add_history(const char *line)
{
	const char *p = line;

	if (!is_interactive || line == NULL)
		return;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return;
	add_history(line);
}
