/*
 * lineedit.h -- reading lines for the REPL: GNU readline on a terminal,
 * plain getline otherwise.
 *
 * lineedit.c is the only file that includes readline. It owns the prompt,
 * history (~/.tradeoff_history), completion plumbing and SIGINT while the
 * REPL runs interactively. It knows nothing of commands or models: the
 * REPL supplies the words to complete through a tdm_lineedit_completer.
 */
#ifndef TDM_LINEEDIT_H
#define TDM_LINEEDIT_H

#include <signal.h>
#include <stddef.h>

typedef struct tdm_lineedit_completer {
	void *ud;
	/* 1 if the word starting at byte `start` of `line` is a file name. */
	int (*wants_files)(void *ud, const char *line, int start);
	/* The i-th word that may stand at `start` (unfiltered; lineedit keeps
	 * those that begin with what is typed), NULL after the last. Lent. */
	const char *(*word)(void *ud, const char *line, int start, size_t i);
} tdm_lineedit_completer;

/* Set up for reading. interactive: readline with prompts, completion
 * from c (may be NULL), history, and a SIGINT handler that sets
 * tdm_interrupted (tdm.h); else getline on stdin and no signal handling. */
void tdm_lineedit_init(int interactive, const tdm_lineedit_completer *c);
/* Restore the SIGINT disposition and save history (interactive). */
void tdm_lineedit_done(void);

/* One line without its newline, or NULL at end of input. Caller frees
 * with free(). Ctrl-C at a readline prompt abandons the line typed so far
 * and prompts again. */
char *tdm_lineedit_read(const char *prompt);

/* Remember a line in the history (interactive and not blank only). */
void tdm_lineedit_add_history(const char *line);

/* The history file: $HOME/.tradeoff_history, or NULL when HOME is unset.
 * Caller frees. */
char *tdm_lineedit_history_path(void);

#endif
