/*
 * repl.c -- the REPL's session and loop: state as model snapshots, the
 * tokenizer, routing a line to a command or to Lua, undo and redo.
 *
 * Owns the session (model, Lua sandbox, undo/redo stacks) and what a line
 * means. Reads lines only through a tdm_repl_read_fn and writes only
 * through the configured tdm_write_fn callbacks, so tests drive it with
 * strings; readline lives in lineedit.c and the commands in repl_cmds.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lineedit.h"
#include "repl.h"

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

static int
write_all(tdm_write_fn w, void *ud, const char *s, size_t n)
{
	return w != NULL ? w(ud, s, n) : 0;
}

tdm_status
tdm__repl_print(tdm_repl *r, tdm_error *err, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return tdm_error_set(err, TDM_IO, NULL, 0, 0, "cannot format output");
	if ((size_t)n >= sizeof small) {
		if ((big = malloc((size_t)n + 1)) == NULL)
			return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = write_all(r->cfg.out, r->cfg.out_ud, big ? big : small, (size_t)n);
	free(big);
	if (rc != 0)
		return tdm_error_set(err, TDM_IO, "stdout", 0, 0, "write failed");
	return TDM_OK;
}

static void
report(tdm_repl *r, tdm_error *err)
{
	char buf[1024], line[1100];
	int n;

	if (err->code == TDM_LIMIT && strstr(err->message, "interrupted") != NULL) {
		write_all(r->cfg.err, r->cfg.err_ud, "interrupted\n", 12);
		return;
	}
	/* An error without a place of its own happened on this line. */
	if (err->source[0] == '\0' && !r->cfg.interactive && r->line > 0) {
		snprintf(err->source, sizeof err->source, "%s", r->cfg.source);
		err->line = r->line;
	}
	n = snprintf(line, sizeof line, "tradeoff: %s\n",
	             tdm_error_format(err, buf, sizeof buf));
	if (n > 0)
		write_all(r->cfg.err, r->cfg.err_ud, line,
		          (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Lua's print(): results, so they go with the output. */
static void
lua_print(void *ud, const char *source, long line, const char *message)
{
	tdm_repl *r = ud;

	(void)source, (void)line;
	write_all(r->cfg.out, r->cfg.out_ud, message, strlen(message));
	write_all(r->cfg.out, r->cfg.out_ud, "\n", 1);
}

tdm_render_spec
tdm__repl_spec(const tdm_repl *r, tdm_format f)
{
	tdm_render_spec spec;

	spec.format = f;
	spec.use_color = f == TDM_FORMAT_TABLE ? r->cfg.use_color : 0;
	spec.width = r->cfg.width > 0 ? r->cfg.width : 80;
	spec.ascii = 0;
	return spec;
}

/* ------------------------------------------------------------------------
 * The session
 * --------------------------------------------------------------------- */

tdm_repl *
tdm_repl_new(const tdm_repl_config *cfg)
{
	tdm_repl *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->cfg = *cfg;
	if (r->cfg.source == NULL)
		r->cfg.source = "stdin";
	r->model = tdm_model_new();
	r->decl = tdm_decl_new(&r->cfg.limits, lua_print, r);
	if (r->model == NULL || r->decl == NULL) {
		tdm_repl_free(r);
		return NULL;
	}
	return r;
}

static void
snapshot_free(tdm__repl_snapshot *s)
{
	tdm_model_free(s->model);
	free(s->path);
	free(s->what);
	memset(s, 0, sizeof *s);
}

static void
clear_stack(tdm__repl_snapshot *stack, size_t *n)
{
	while (*n > 0)
		snapshot_free(&stack[--*n]);
}

void
tdm_repl_free(tdm_repl *r)
{
	if (r == NULL)
		return;
	clear_stack(r->undo, &r->n_undo);
	clear_stack(r->redo, &r->n_redo);
	tdm_model_free(r->model);
	/* after the models: their function handles point into it */
	tdm_decl_free(r->decl);
	free(r->path);
	tdm_repl_free_words(r->compl_words);
	free(r);
}

const tdm_model *
tdm_repl_model(const tdm_repl *r)
{
	return r->model;
}

size_t
tdm_repl_undo_depth(const tdm_repl *r)
{
	return r->n_undo;
}

size_t
tdm_repl_redo_depth(const tdm_repl *r)
{
	return r->n_redo;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* Push onto a stack of at most TDM_REPL_MAX_UNDO, dropping the oldest. */
static void
push(tdm__repl_snapshot *stack, size_t *n, tdm__repl_snapshot s)
{
	if (*n == TDM_REPL_MAX_UNDO) {
		snapshot_free(&stack[0]);
		memmove(stack, stack + 1, (*n - 1) * sizeof *stack);
		(*n)--;
	}
	stack[(*n)++] = s;
}

tdm_status
tdm__repl_commit(tdm_repl *r, tdm_model *next, const char *path,
                 tdm_error *err)
{
	tdm__repl_snapshot s;
	char *new_path = NULL;

	if (path != NULL && (new_path = strdup(path)) == NULL) {
		tdm_model_free(next);
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	}
	s.model = r->model;
	s.path = r->path;
	s.what = dup_or_null(r->text != NULL ? r->text : "a change");
	push(r->undo, &r->n_undo, s);
	clear_stack(r->redo, &r->n_redo);
	r->model = next;
	if (path != NULL)
		r->path = new_path;
	else
		r->path = dup_or_null(s.path);
	return TDM_OK;
}

/* Undo (or redo): swap the current state with the top of one stack,
 * pushing it onto the other. */
tdm_status
tdm__repl_undo(tdm_repl *r, int redo, tdm_error *err)
{
	tdm__repl_snapshot *from = redo ? r->redo : r->undo;
	tdm__repl_snapshot *to = redo ? r->undo : r->redo;
	size_t *n_from = redo ? &r->n_redo : &r->n_undo;
	size_t *n_to = redo ? &r->n_undo : &r->n_redo;
	tdm__repl_snapshot top, cur;
	tdm_status s;

	if (*n_from == 0)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0, "nothing to %s",
		                     redo ? "redo" : "undo");
	top = from[--*n_from];
	cur.model = r->model;
	cur.path = r->path;
	cur.what = top.what; /* the same change, seen from the other side */
	r->model = top.model;
	r->path = top.path;
	push(to, n_to, cur);
	s = tdm__repl_print(r, err, "%s: %s\n", redo ? "redone" : "undone",
	                    cur.what);
	return s;
}

tdm_status
tdm__repl_evaluate(tdm_repl *r, const tdm_model *m, const char *method,
                   tdm_result **out, tdm_error *err)
{
	tdm_hooks hooks = tdm_decl_hooks(r->decl);
	tdm_eval_config cfg = {method, NULL, NULL};

	*out = NULL;
	if (m->n_criteria == 0)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "no decision loaded: load FILE.lua, or declare "
		                     "criteria and options in Lua");
	return tdm_evaluate(m, &hooks, &cfg, out, err);
}

tdm_status
tdm_repl_load(tdm_repl *r, const char *path, tdm_error *err)
{
	tdm_model *next = tdm_model_new();
	tdm_status s;

	if (next == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	if ((s = tdm_decl_load_file(r->decl, path, next, err)) != TDM_OK) {
		tdm_model_free(next);
		return s;
	}
	return tdm__repl_commit(r, next, path, err);
}

/* ------------------------------------------------------------------------
 * The tokenizer
 * --------------------------------------------------------------------- */

void
tdm_repl_free_words(char **words)
{
	size_t i;

	if (words == NULL)
		return;
	for (i = 0; words[i] != NULL; i++)
		free(words[i]);
	free(words);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

tdm_status
tdm_repl_tokenize(const char *line, char ***words, size_t *n, tdm_error *err)
{
	char **w = NULL, **nw, *buf;
	size_t count = 0, cap = 0, k;
	const char *p = line, *q;
	tdm_status s = TDM_OK;

	*words = NULL;
	*n = 0;
	if ((buf = malloc(strlen(line) + 1)) == NULL ||
	    (w = calloc(1, sizeof *w)) == NULL) {
		free(buf);
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	}
	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		k = 0;
		while (*p != '\0' && !is_blank(*p)) {
			if (*p == '\'') {
				q = p++;
				while (*p != '\0' && *p != '\'')
					buf[k++] = *p++;
				if (*p == '\0') {
					s = tdm_error_set(err, TDM_USAGE, NULL, 0,
					                  (long)(q - line) + 1,
					                  "unterminated ' quote");
					goto out;
				}
				p++;
			} else if (*p == '"') {
				q = p++;
				while (*p != '\0' && *p != '"') {
					if (*p == '\\' && p[1] != '\0') {
						p++;
						buf[k++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
						p++;
					} else {
						buf[k++] = *p++;
					}
				}
				if (*p == '\0') {
					s = tdm_error_set(err, TDM_USAGE, NULL, 0,
					                  (long)(q - line) + 1,
					                  "unterminated \" quote");
					goto out;
				}
				p++;
			} else if (*p == '\\') {
				if (p[1] == '\0') {
					s = tdm_error_set(err, TDM_USAGE, NULL, 0,
					                  (long)(p - line) + 1,
					                  "a backslash at the end of the line "
					                  "escapes nothing");
					goto out;
				}
				buf[k++] = p[1];
				p += 2;
			} else {
				buf[k++] = *p++;
			}
		}
		buf[k] = '\0';
		if (count + 1 >= cap) {
			cap = cap ? cap * 2 : 8;
			if ((nw = realloc(w, cap * sizeof *w)) == NULL) {
				s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
				goto out;
			}
			w = nw;
		}
		if ((w[count] = strdup(buf)) == NULL) {
			s = tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		w[++count] = NULL;
	}
out:
	free(buf);
	if (s != TDM_OK) {
		tdm_repl_free_words(w);
		return s;
	}
	*words = w;
	*n = count;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Command or Lua?
 * --------------------------------------------------------------------- */

static int
is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int
word_is(const char *w, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && strncmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

/* 1 if some command's name begins with the n bytes at w. */
static int
names_command(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < tdm__repl_n_commands; i++)
		if (strncmp(tdm__repl_commands[i].name, w, n) == 0)
			return 1;
	return 0;
}

int
tdm_repl_is_lua(const char *line)
{
	/* The decision's vocabulary is never a command, whatever the
	 * prefixes say. */
	static const char *const vocabulary[] = {"decision", "criterion",
	                                         "option", "stakeholder",
	                                         "expect", NULL};
	static const char *const keywords[] = {
		"and", "break", "do", "else", "elseif", "end", "false", "for",
		"function", "goto", "if", "in", "local", "nil", "not", "or",
		"repeat", "return", "then", "true", "until", "while", NULL};
	const char *p = line, *w;
	size_t n;
	char next;

	while (is_blank(*p))
		p++;
	if (!is_ident_start(*p))
		return *p != '\0'; /* a symbol first: Lua; blank: neither */
	w = p;
	while (is_ident(*p))
		p++;
	n = (size_t)(p - w);
	while (is_blank(*p))
		p++;
	next = *p;
	if (word_is(w, n, vocabulary) || word_is(w, n, keywords))
		return 1;
	/* `options "more.csv"` declares; a bare `options` lists. */
	if (n == 7 && strncmp(w, "options", 7) == 0)
		return next != '\0';
	/* A statement that starts with a name is an assignment or a call: the
	 * name is followed by one of these. */
	if (next != '\0' && strchr("=,(.[:{", next) != NULL)
		return 1;
	if (!names_command(w, n) && (next == '"' || next == '\''))
		return 1; /* f "string" */
	return 0;
}

const tdm__repl_command *
tdm__repl_command_find(const char *word, tdm_error *err)
{
	size_t i, n = strlen(word), hits = 0, found = 0, len = 0;
	char list[256];

	for (i = 0; i < tdm__repl_n_commands; i++)
		if (strcmp(tdm__repl_commands[i].name, word) == 0)
			return &tdm__repl_commands[i];
	list[0] = '\0';
	for (i = 0; i < tdm__repl_n_commands && n > 0; i++) {
		if (strncmp(tdm__repl_commands[i].name, word, n) != 0)
			continue;
		if (hits++ == 0)
			found = i;
		snprintf(list + len, sizeof list - len, "%s%s", hits > 1 ? ", " : "",
		         tdm__repl_commands[i].name);
		len = strlen(list);
	}
	if (hits == 1)
		return &tdm__repl_commands[found];
	if (hits > 1)
		tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		              "ambiguous command '%.60s': %s", word, list);
	else
		tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		              "unknown command '%.60s' (help lists the commands)",
		              word);
	return NULL;
}

const char *
tdm_repl_find_command(const char *word, tdm_error *err)
{
	const tdm__repl_command *c = tdm__repl_command_find(word, err);

	return c != NULL ? c->name : NULL;
}

/* ------------------------------------------------------------------------
 * Running a line
 * --------------------------------------------------------------------- */

/* Lua's message for a chunk that stops in the middle ("near <eof>"). */
static int
is_incomplete(const tdm_error *err)
{
	const char *tail = "<eof>";
	size_t n = strlen(err->message), k = strlen(tail);

	return err->code == TDM_LUA && n >= k &&
	       strcmp(err->message + n - k, tail) == 0;
}

/* Lua text runs in the decision's sandbox on a copy of the model, which
 * replaces the session's only if the chunk succeeds: a failed line
 * changes nothing. The chunk is preceded by blank lines so that Lua's
 * own line numbers are the script's. */
static tdm_repl_outcome
run_lua(tdm_repl *r, const char *text, long line, tdm_error *err)
{
	tdm_model *next = tdm_model_clone(r->model);
	size_t pad = line > 1 ? (size_t)(line - 1) : 0, len = strlen(text);
	char *chunk = NULL;
	tdm_status s;

	if (next == NULL || (chunk = malloc(pad + len + 1)) == NULL) {
		tdm_model_free(next);
		tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
		return TDM_REPL_ERROR;
	}
	memset(chunk, '\n', pad);
	memcpy(chunk + pad, text, len + 1);
	s = tdm_decl_load_buffer(r->decl, r->cfg.source, chunk, pad + len, next,
	                         err);
	free(chunk);
	if (s != TDM_OK) {
		tdm_model_free(next);
		if (!r->no_continue && is_incomplete(err))
			return TDM_REPL_INCOMPLETE;
		return TDM_REPL_ERROR;
	}
	if (tdm__repl_commit(r, next, NULL, err) != TDM_OK)
		return TDM_REPL_ERROR;
	return TDM_REPL_OK;
}

static tdm_repl_outcome
run_command(tdm_repl *r, const char *text, tdm_error *err)
{
	const tdm__repl_command *c;
	char **words = NULL;
	size_t n;
	tdm_status s;

	if ((s = tdm_repl_tokenize(text, &words, &n, err)) != TDM_OK) {
		if (err->column > 0 && err->line == 0 && !r->cfg.interactive) {
			snprintf(err->source, sizeof err->source, "%s", r->cfg.source);
			err->line = r->line;
		}
		return TDM_REPL_ERROR;
	}
	if (n == 0) {
		tdm_repl_free_words(words);
		return TDM_REPL_OK;
	}
	if ((c = tdm__repl_command_find(words[0], err)) == NULL) {
		tdm_repl_free_words(words);
		return TDM_REPL_ERROR;
	}
	if (n - 1 < c->min_args || n - 1 > c->max_args) {
		tdm_error_set(err, TDM_USAGE, NULL, 0, 0, "usage: %s", c->usage);
		tdm_repl_free_words(words);
		return TDM_REPL_ERROR;
	}
	s = c->run(r, n - 1, words + 1, err);
	tdm_repl_free_words(words);
	if (r->quit)
		return TDM_REPL_QUIT;
	return s == TDM_OK ? TDM_REPL_OK : TDM_REPL_ERROR;
}

tdm_repl_outcome
tdm_repl_exec(tdm_repl *r, const char *text, long line)
{
	tdm_error err;
	tdm_repl_outcome o;
	const char *p = text;

	tdm_error_clear(&err);
	r->line = line;
	r->text = text;
	while (is_blank(*p))
		p++;
	/* blank lines and Lua comments (not block comments) do nothing */
	if (*p == '\0' || (p[0] == '-' && p[1] == '-' &&
	                   !(p[2] == '[' && (p[3] == '[' || p[3] == '='))))
		return TDM_REPL_OK;
	/* a Ctrl-C that came before this command is not meant for it */
	tdm_interrupted = 0;
	if (r->cfg.limits.interrupt != NULL)
		*r->cfg.limits.interrupt = 0;
	if (tdm_repl_is_lua(p))
		o = run_lua(r, text, line, &err);
	else
		o = run_command(r, p, &err);
	tdm_interrupted = 0;
	if (r->cfg.limits.interrupt != NULL)
		*r->cfg.limits.interrupt = 0;
	r->text = NULL;
	if (o == TDM_REPL_ERROR)
		report(r, &err);
	return o;
}

size_t
tdm_repl_run(tdm_repl *r, tdm_repl_read_fn read, void *ud)
{
	size_t failures = 0;
	long lineno = 0, first;
	char *text, *more, *joined;
	tdm_repl_outcome o;
	int interactive = r->cfg.interactive;

	while ((text = read(ud, interactive ? "tradeoff> " : NULL)) != NULL) {
		first = ++lineno;
		r->no_continue = 0;
		o = tdm_repl_exec(r, text, first);
		/* Lua that goes on: read until it is whole, or the input ends */
		while (o == TDM_REPL_INCOMPLETE) {
			more = read(ud, interactive ? "     ...> " : NULL);
			if (more == NULL) {
				r->no_continue = 1;
				o = tdm_repl_exec(r, text, first);
				break;
			}
			lineno++;
			joined = malloc(strlen(text) + strlen(more) + 2);
			if (joined == NULL) {
				free(more);
				o = TDM_REPL_ERROR;
				break;
			}
			sprintf(joined, "%s\n%s", text, more);
			free(more);
			free(text);
			text = joined;
			o = tdm_repl_exec(r, text, first);
		}
		free(text);
		if (o == TDM_REPL_ERROR)
			failures++;
		if (o == TDM_REPL_QUIT)
			break;
	}
	return failures;
}

/* ------------------------------------------------------------------------
 * Completion: which words may stand where
 * --------------------------------------------------------------------- */

/* The command the line starts with, and how many words come before the
 * cursor (0: the command word itself). */
static const tdm__repl_command *
complete_context(tdm_repl *r, const char *line, int start, size_t *argi)
{
	char *head;
	size_t n;

	tdm_repl_free_words(r->compl_words);
	r->compl_words = NULL;
	if ((head = strndup(line, (size_t)start)) == NULL)
		return NULL;
	if (tdm_repl_tokenize(head, &r->compl_words, &n, NULL) != TDM_OK) {
		free(head);
		return NULL;
	}
	free(head);
	*argi = n;
	if (n == 0)
		return NULL;
	return tdm__repl_command_find(r->compl_words[0], NULL);
}

static const char *
nth_option(const tdm_model *m, size_t i)
{
	return i < m->n_options ? m->options[i].name : NULL;
}

static const char *
nth_criterion(const tdm_model *m, size_t i)
{
	return i < m->n_criteria ? m->criteria[i].name : NULL;
}

/* Criteria, then the other attributes (set OPTION years_in_prod ...). */
static const char *
nth_attribute(const tdm_model *m, size_t i)
{
	size_t k;

	if (i < m->n_criteria)
		return m->criteria[i].name;
	i -= m->n_criteria;
	for (k = 0; k < m->n_attrs; k++) {
		if (tdm_model_find_criterion(m, m->attrs[k]) >= 0)
			continue;
		if (i-- == 0)
			return m->attrs[k];
	}
	return NULL;
}

static const char *
nth_level(const tdm_model *m, const char *crit, size_t i)
{
	long c = tdm_model_find_criterion(m, crit);

	if (c < 0 || i >= m->criteria[c].n_levels)
		return NULL;
	return m->criteria[c].levels[i].name;
}

const char *
tdm_repl_complete_word(tdm_repl *r, const char *line, int start, size_t i)
{
	static const char *const formats[] = {"md", "csv", "json", NULL};
	static const char *const whatifs[] = {"weight", "set", NULL};
	const tdm__repl_command *c;
	const tdm_model *m = r->model;
	size_t argi = 0;
	char **w;

	if (i == 0 || r->compl_words == NULL) {
		c = complete_context(r, line, start, &argi);
	} else {
		/* the same position as the call with i == 0 */
		for (argi = 0; r->compl_words[argi] != NULL; argi++)
			;
		c = argi > 0 ? tdm__repl_command_find(r->compl_words[0], NULL)
		             : NULL;
	}
	w = r->compl_words;
	if (argi == 0)
		return i < tdm__repl_n_commands ? tdm__repl_commands[i].name : NULL;
	if (c == NULL)
		return NULL;
	if (strcmp(c->name, "whatif") == 0) {
		if (argi == 1)
			return whatifs[i > 2 ? 2 : i];
		if (strcmp(w[1], "weight") == 0)
			return argi == 2 ? nth_criterion(m, i) : NULL;
		if (strcmp(w[1], "set") == 0) {
			if (argi == 2)
				return nth_option(m, i);
			if (argi == 3)
				return nth_attribute(m, i);
			if (argi == 4)
				return nth_level(m, w[3], i);
		}
		return NULL;
	}
	if (strcmp(c->name, "weight") == 0)
		return argi == 1 ? nth_criterion(m, i) : NULL;
	if (strcmp(c->name, "set") == 0) {
		if (argi == 1)
			return nth_option(m, i);
		if (argi == 2)
			return nth_attribute(m, i);
		if (argi == 3)
			return nth_level(m, w[2], i);
		return NULL;
	}
	if (strcmp(c->name, "why") == 0) {
		if (argi == 1)
			return i == 0 ? "not" : nth_option(m, i - 1);
		return argi == 2 && strcmp(w[1], "not") == 0 ? nth_option(m, i)
		                                              : NULL;
	}
	if (strcmp(c->name, "show") == 0 || strcmp(c->name, "drop") == 0)
		return argi == 1 ? nth_option(m, i) : NULL;
	if (strcmp(c->name, "compare") == 0)
		return argi <= 2 ? nth_option(m, i) : NULL;
	if (strcmp(c->name, "export") == 0)
		return argi == 1 && i < 3 ? formats[i] : NULL;
	if (strcmp(c->name, "rank") == 0 || strcmp(c->name, "method") == 0) {
		const char *const *names = tdm_method_names();
		size_t k;
		for (k = 0; names[k] != NULL && k < i; k++)
			;
		return argi == 1 ? names[k] : NULL;
	}
	if (strcmp(c->name, "help") == 0)
		return argi == 1 && i < tdm__repl_n_commands
		           ? tdm__repl_commands[i].name
		           : NULL;
	return NULL;
}

int
tdm_repl_complete_files(tdm_repl *r, const char *line, int start)
{
	const tdm__repl_command *c;
	size_t argi = 0;

	c = complete_context(r, line, start, &argi);
	if (c == NULL || argi == 0)
		return 0;
	if (strcmp(c->name, "load") == 0 || strcmp(c->name, "save") == 0)
		return argi == 1;
	if (strcmp(c->name, "export") == 0)
		return argi == 2;
	return 0;
}

/* ------------------------------------------------------------------------
 * `tradeoff repl` on the terminal or a pipe
 * --------------------------------------------------------------------- */

static int
write_file(void *ud, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, ud) == len ? 0 : -1;
}

static char *
read_line(void *ud, const char *prompt)
{
	char *line = tdm_lineedit_read(prompt);

	(void)ud;
	if (line != NULL)
		tdm_lineedit_add_history(line);
	return line;
}

static const char *
complete_word(void *ud, const char *line, int start, size_t i)
{
	return tdm_repl_complete_word(ud, line, start, i);
}

static int
complete_files(void *ud, const char *line, int start)
{
	return tdm_repl_complete_files(ud, line, start);
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

int
tdm_repl_main(const char *decision, const tdm_lua_limits *limits, int color)
{
	tdm_repl_config cfg;
	tdm_lineedit_completer comp;
	tdm_repl *r;
	tdm_error err;
	size_t failures = 0;
	const char *no_color = getenv("NO_COLOR");

	memset(&cfg, 0, sizeof cfg);
	cfg.out = write_file;
	cfg.out_ud = stdout;
	cfg.err = write_file;
	cfg.err_ud = stderr;
	cfg.interactive = isatty(STDIN_FILENO);
	cfg.source = "stdin";
	if (limits != NULL)
		cfg.limits = *limits;
	cfg.limits.interrupt = &tdm_interrupted;   /* one Ctrl-C flag */
	cfg.use_color = color == 1 ||
	                (color == -1 && isatty(STDOUT_FILENO) &&
	                 (no_color == NULL || no_color[0] == '\0'));
	cfg.width = terminal_width();
	if ((r = tdm_repl_new(&cfg)) == NULL) {
		fputs("tradeoff: out of memory\n", stderr);
		return tdm_status_exit_code(TDM_NOMEM);
	}
	tdm_error_clear(&err);
	if (decision != NULL && tdm_repl_load(r, decision, &err) != TDM_OK) {
		report(r, &err);
		failures++;
	}
	/* loading the decision is not a change to undo */
	clear_stack(r->undo, &r->n_undo);
	comp.ud = r;
	comp.word = complete_word;
	comp.wants_files = complete_files;
	tdm_lineedit_init(cfg.interactive, &comp);
	if (cfg.interactive) {
		printf("tradeoff %s: 'help' lists the commands; other lines are "
		       "Lua; Ctrl-D leaves.\n",
		       TDM_VERSION);
		if (r->path != NULL)
			printf("%s: %zu criteria, %zu options\n", r->path,
			       r->model->n_criteria, r->model->n_options);
		fflush(stdout);
	}
	failures += tdm_repl_run(r, read_line, NULL);
	if (cfg.interactive && !r->quit)
		putchar('\n');
	tdm_lineedit_done();
	tdm_repl_free(r);
	return !cfg.interactive && failures > 0 ? 1 : 0;
}
