/*
 * repl.h -- the interactive session: state, tokenizer, command table.
 *
 * A session holds one model (a value: cloned for whatif, snapshotted for
 * undo), the Lua sandbox that loaded it, and the undo/redo stacks. The
 * loop reads through a line-source callback and writes through
 * tdm_write_fn callbacks, so tests drive it with strings and buffers;
 * lineedit.c supplies readline when the REPL runs on a terminal.
 *
 * The REPL prints (to its writers) and chooses the exit status of
 * `tradeoff repl`; the engine underneath never does.
 */
#ifndef TDM_REPL_H
#define TDM_REPL_H

#include <stddef.h>

#include "tdm.h"

typedef struct tdm_repl tdm_repl;

#define TDM_REPL_MAX_UNDO 100

typedef struct tdm_repl_config {
	tdm_write_fn out;        /* results */
	void *out_ud;
	tdm_write_fn err;        /* errors and Lua's print() */
	void *err_ud;
	int interactive;         /* errors without line numbers; chattier */
	const char *source;      /* the name in error locations: "stdin" */
	tdm_lua_limits limits;   /* limits.interrupt: the Ctrl-C flag */
	int use_color;
	int width;               /* table width; 0: 80 */
} tdm_repl_config;

/* A new session with an empty model; NULL on out of memory. */
tdm_repl *tdm_repl_new(const tdm_repl_config *cfg);
void tdm_repl_free(tdm_repl *r);

/* What one line did. */
typedef enum {
	TDM_REPL_OK = 0,
	TDM_REPL_ERROR,       /* reported through cfg.err */
	TDM_REPL_INCOMPLETE,  /* Lua that needs more lines (an open `{`) */
	TDM_REPL_QUIT
} tdm_repl_outcome;

/* Run one line (numbered `line` in its source, for errors). A Lua chunk
 * that continues over several lines is passed whole, numbered by its first
 * line. */
tdm_repl_outcome tdm_repl_exec(tdm_repl *r, const char *text, long line);

/* Read lines until end of input or quit. read returns a line the caller
 * of read frees with free(), or NULL at the end; prompt is NULL when
 * non-interactive. Returns the number of lines that failed. */
typedef char *(*tdm_repl_read_fn)(void *ud, const char *prompt);
size_t tdm_repl_run(tdm_repl *r, tdm_repl_read_fn read, void *ud);

/* Load a decision file as the session's model (undoable). */
tdm_status tdm_repl_load(tdm_repl *r, const char *path, tdm_error *err);

/* The session's model (lent). */
const tdm_model *tdm_repl_model(const tdm_repl *r);
/* Undo and redo depths. */
size_t tdm_repl_undo_depth(const tdm_repl *r);
size_t tdm_repl_redo_depth(const tdm_repl *r);

/* `tradeoff repl [DECISION]` on stdin/stdout; returns the exit status:
 * 0, or 1 if any line failed (non-interactive). */
int tdm_repl_main(const char *decision, const tdm_lua_limits *limits,
                  int color);

/* ------------------------------------------------------------------------
 * Pieces exposed for tests and completion
 * --------------------------------------------------------------------- */

/* Split a line into words: blanks separate; '...' is literal; "..."
 * takes \" \\ \n \t; a backslash outside quotes escapes the next byte.
 * *words (NULL-terminated, *n entries) is the caller's: free with
 * tdm_repl_free_words. An unterminated quote is TDM_USAGE with column =
 * the 1-based byte position of the opening quote. */
tdm_status tdm_repl_tokenize(const char *line, char ***words, size_t *n,
                             tdm_error *err);
void tdm_repl_free_words(char **words);

/* The command a (possibly abbreviated) word names: its name (static), or
 * NULL with err filled: unknown, or ambiguous with the candidates. */
const char *tdm_repl_find_command(const char *word, tdm_error *err);

/* 1 if the line is Lua (the decision vocabulary, an assignment, a call,
 * a keyword), 0 if it is a command line. */
int tdm_repl_is_lua(const char *line);

/* The i-th word that may complete the word at byte `start` of line, NULL
 * after the last (lent; valid until the model changes). */
const char *tdm_repl_complete_word(tdm_repl *r, const char *line, int start,
                                   size_t i);
/* 1 if the word at `start` is a file name (load, save, export). */
int tdm_repl_complete_files(tdm_repl *r, const char *line, int start);

/* ------------------------------------------------------------------------
 * Internal: shared by repl.c (state, loop, tokenizer) and repl_cmds.c
 * (the command table). Not for embedders.
 * --------------------------------------------------------------------- */

typedef struct tdm__repl_snapshot {
	tdm_model *model;
	char *path;           /* the file the session was loaded from */
	char *what;           /* the line that made the change */
} tdm__repl_snapshot;

struct tdm_repl {
	tdm_repl_config cfg;
	tdm_model *model;
	tdm_decl *decl;
	char *path;           /* NULL: nothing loaded */
	tdm__repl_snapshot undo[TDM_REPL_MAX_UNDO];
	size_t n_undo;
	tdm__repl_snapshot redo[TDM_REPL_MAX_UNDO];
	size_t n_redo;
	long line;            /* the line being run, for errors */
	const char *text;     /* the line being run, for the undo list */
	int no_continue;      /* report an incomplete chunk, do not ask more */
	int quit;
	char **compl_words;   /* completion: the words before the cursor */
};

/* One command: the table row. Handlers get the words after the command
 * (argc of them). */
typedef tdm_status (*tdm__repl_handler)(tdm_repl *r, size_t argc,
                                         char **argv, tdm_error *err);
typedef struct tdm__repl_command {
	const char *name;
	size_t min_args, max_args;
	const char *usage;
	const char *help;
	tdm__repl_handler run;
} tdm__repl_command;

extern const tdm__repl_command tdm__repl_commands[];
extern const size_t tdm__repl_n_commands;

/* The row of a (possibly abbreviated) command name, NULL with err. */
const tdm__repl_command *tdm__repl_command_find(const char *word,
                                                tdm_error *err);

/* Write to the session's output; TDM_IO if the writer fails. */
tdm_status tdm__repl_print(tdm_repl *r, tdm_error *err, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Make `next` (a changed copy of the model) the session's model and push
 * the old one for undo; clears redo. Takes next (and path, if not NULL:
 * copied). */
tdm_status tdm__repl_commit(tdm_repl *r, tdm_model *next, const char *path,
                            tdm_error *err);
/* Evaluate model m (the session's or a copy) with the session's hooks;
 * method NULL: the model's. */
tdm_status tdm__repl_evaluate(tdm_repl *r, const tdm_model *m,
                              const char *method, tdm_result **out,
                              tdm_error *err);
/* The render spec for the terminal (or the test buffer). */
tdm_render_spec tdm__repl_spec(const tdm_repl *r, tdm_format f);
tdm_status tdm__repl_undo(tdm_repl *r, int redo, tdm_error *err);

#endif
