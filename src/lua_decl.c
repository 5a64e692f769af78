/*
 * lua_decl.c -- the decision vocabulary bound to the model.
 *
 * Owns tdm_decl: running decision files in the sandbox with the functions
 * decision, criterion, option, options, stakeholder and expect in their _ENV,
 * checking every declaration and turning it into the model, keeping
 * score, must and
 * method functions (registry handles plus their source text), and calling
 * them back through tdm_decl_hooks (score and must with the reused option
 * table, and the custom aggregation with its read-only argument). Also owns the scoring-rule
 * objects (linear, piecewise, step, target, logscale): unforgeable
 * userdata that a criterion turns into its tdm_value_fn; value_fn.c owns
 * their arithmetic.
 *
 * Must not evaluate, normalise or rank (evaluate.c and friends do), parse
 * CSV (csv_input.c), or touch the Lua state outside tdm__sandbox_call.
 *
 * Errors: a declaration error is a tdm_error (TDM_DATA, or whatever a C
 * callee such as the CSV loader returned) stashed in the decl at the file
 * and line of the call; a Lua error then unwinds the script. After the
 * call the stashed error is reported rather than the Lua message, even if
 * the script caught the Lua error with pcall.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "expect.h"
#include "lua_sandbox.h"
#include "tdm.h"
#include "util.h"

/* Where a `function ... end` sits in the file text. */
typedef struct fn_span {
	size_t start, end;   /* from "function" to after its "end" */
	size_t paren;        /* its '(' when the name is simple, else 0 */
	int named;           /* "function name(...)" */
	long line, last_line;
	size_t key, key_len; /* "key = function": the key; key_len 0 if none */
} fn_span;

/* What the option table's data table holds for one attribute (see
 * "The option table" below). */
typedef struct row_cell {
	int type;            /* LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, LUA_TBOOLEAN */
	double num;          /* a number; a boolean as 0 or 1 */
	size_t str;          /* a string: its offset in row_state.text */
} row_cell;

/* The option table of score and must functions: registry references
 * (0 until made) and a C snapshot of what the data table holds. A flag is
 * set only once the Lua side it describes is complete. */
typedef struct row_state {
	int meta_ref, data_ref, keys_ref, proxy_ref;
	int keys_ok;         /* data and keys tables match key_text */
	int filled;          /* the data table holds the snapshot (m, o, cells) */
	int dirty;           /* the proxy was written to: make a new one */
	int need_keys, need_fill; /* decided before a call, done inside it */
	size_t n_keys;       /* attributes keyed */
	int has_name;        /* plus `name` (no attribute is called that) */
	char *key_text;      /* the n_keys names, NUL-terminated, at key_off */
	size_t *key_off;
	size_t key_len, key_cap, key_off_cap;
	const tdm_model *m;  /* the option the data table holds */
	size_t o;
	row_cell *cells;     /* n_keys */
	size_t cap_cells;
	/* the keys set in the data table: those the functions have read
	 * (fill_row refreshes them for each option; the others are fetched
	 * from the snapshot when read) */
	unsigned char *held; /* n_keys */
	size_t *held_list;   /* n_held of them */
	size_t n_held, cap_held;
	char *text;          /* its name at 0, then its strings */
	size_t text_len, text_cap;
} row_state;

struct tdm_decl {
	tdm_sandbox *sb;

	row_state rows;      /* the option table, see push_row */

	/* while a file loads; NULL / 0 otherwise */
	tdm_model *m;
	const char *path;
	const char *text;
	size_t len;
	int source;
	fn_span *spans;      /* the file's functions, found on first need */
	size_t n_spans;
	int spans_state;     /* 0 not yet, 1 found, -1 could not scan */

	int has_stash;       /* the first declaration error */
	tdm_error stash;

	int has_pending;     /* `criterion "x"` seen, its table not yet */
	char pending_kind[16];
	char pending_name[128];
	char pending_source[256];
	long pending_line;

	tdm_expectation *expects; /* `expect { ... }`, over every file loaded */
	size_t n_expects, cap_expects;
};

#if defined(__GNUC__)
#define TDM__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TDM__PRINTF(a, b)
#endif

/* ------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------- */

/* Raise the error e as a Lua error, keeping e (if it is the first one) to
 * be reported after the call.  [-0, +0, v] */
static int
fail_with(lua_State *L, tdm_decl *d, const tdm_error *e)
{
	char buf[800];

	if (!d->has_stash) {
		d->stash = *e;
		d->has_stash = 1;
	}
	lua_pushstring(L, tdm_error_format(e, buf, sizeof buf));
	return lua_error(L);
}

/* A declaration error at the file and line of the Lua code that called
 * the vocabulary function.  [-0, +0, v] */
static int TDM__PRINTF(4, 5)
fail(lua_State *L, tdm_decl *d, tdm_status code, const char *fmt, ...)
{
	tdm_error e;
	char msg[512];
	const char *src;
	long line;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	src = tdm__sandbox_where(L, 1, &line);
	tdm_error_set(&e, code, src, line, 0, "%s", msg);
	return fail_with(L, d, &e);
}

static int
fail_nomem(lua_State *L, tdm_decl *d)
{
	return fail(L, d, TDM_NOMEM, "out of memory");
}

static tdm_decl *
decl_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* The decl, if a file is loading; declarations made later (from a score
 * function, say) are refused. */
static tdm_decl *
loading_decl(lua_State *L, const char *what)
{
	tdm_decl *d = decl_of(L);

	if (d->m == NULL)
		luaL_error(L,
		           "%s: declarations are only allowed while a decision "
		           "file loads",
		           what);
	return d;
}

/* Are the model's weights the criteria's own (no `weights = "roc"` and
 * the like)? Then every criterion needs a weight. */
static int
weights_are_direct(const tdm_model *m)
{
	return m->weighting == NULL || strcmp(m->weighting, "direct") == 0;
}

/* ------------------------------------------------------------------------
 * Reading user tables: raw access only
 * --------------------------------------------------------------------- */

/* Push t[key] without metamethods; returns its type.  [-0, +1, m] */
static int
rawfield(lua_State *L, int t, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[33], prev, tmp;

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static void
join_keys(const char *const *keys, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *keys != NULL && n < size; keys++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
		                      *keys);
}

/* Every key of table t must be a string from `allowed`. `what` names the
 * declaration in messages ("criterion 'latency'").  [-0, +0, v] */
static void
check_keys(lua_State *L, tdm_decl *d, int t, const char *what,
           const char *const *allowed)
{
	const char *const *k;
	const char *key, *best;
	char list[256];
	size_t dist, best_dist;

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		join_keys(allowed, list, sizeof list);
		if (lua_type(L, -1) != LUA_TSTRING)
			fail(L, d, TDM_DATA,
			     "%s: unexpected %s key; write fields as name = value "
			     "(allowed: %s)",
			     what, luaL_typename(L, -1), list);
		key = lua_tostring(L, -1);
		best = NULL;
		best_dist = 3;
		for (k = allowed; *k != NULL; k++) {
			if (strcmp(*k, key) == 0)
				break;
			if ((dist = edit_distance(*k, key)) < best_dist) {
				best_dist = dist;
				best = *k;
			}
		}
		if (*k != NULL)
			continue;
		if (best != NULL)
			fail(L, d, TDM_DATA,
			     "%s: unknown key '%s', did you mean '%s'? (allowed: %s)",
			     what, key, best, list);
		fail(L, d, TDM_DATA, "%s: unknown key '%s' (allowed: %s)", what,
		     key, list);
	}
}

/* A finite number from the value at idx, or a declaration error naming
 * `what`.  [-0, +0, v] */
static double
check_finite(lua_State *L, tdm_decl *d, int idx, const char *what)
{
	char num[40];
	double x;

	if (lua_type(L, idx) != LUA_TNUMBER)
		fail(L, d, TDM_DATA, "%s must be a number, got %s", what,
		     luaL_typename(L, idx));
	x = lua_tonumber(L, idx);
	if (!isfinite(x))
		fail(L, d, TDM_DATA, "%s must be a finite number, got %s", what,
		     tdm_format_number(x, num, sizeof num));
	return x;
}

/* ------------------------------------------------------------------------
 * Function source text
 * --------------------------------------------------------------------- */

static size_t
skip_newline(const char *s, size_t n, size_t i, long *line)
{
	char c = s[i++];

	if (i < n && (s[i] == '\n' || s[i] == '\r') && s[i] != c)
		i++;
	(*line)++;
	return i;
}

/* At s[i] == '[': the level of a long bracket "[==[", or -1. */
static int
long_bracket(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	int level = 0;

	while (j < n && s[j] == '=') {
		level++;
		j++;
	}
	return j < n && s[j] == '[' ? level : -1;
}

static size_t
skip_long(const char *s, size_t n, size_t i, int level, long *line)
{
	size_t j;
	int l;

	i += (size_t)level + 2;
	while (i < n) {
		if (s[i] == ']') {
			for (j = i + 1, l = 0; j < n && s[j] == '='; j++)
				l++;
			if (l == level && j < n && s[j] == ']')
				return j + 1;
			i++;
		} else if (s[i] == '\n' || s[i] == '\r') {
			i = skip_newline(s, n, i, line);
		} else {
			i++;
		}
	}
	return n;
}

static size_t
skip_quoted(const char *s, size_t n, size_t i, long *line)
{
	char q = s[i++];

	while (i < n && s[i] != q) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] == '\n' || s[i] == '\r') {
				i = skip_newline(s, n, i, line);
			} else if (s[i] == 'z') {
				i++;
				while (i < n && strchr(" \t\f\v\n\r", s[i]) != NULL &&
				       s[i] != '\0') {
					if (s[i] == '\n' || s[i] == '\r')
						i = skip_newline(s, n, i, line);
					else
						i++;
				}
			} else {
				i++;
			}
		} else if (s[i] == '\n' || s[i] == '\r') {
			return i;
		} else {
			i++;
		}
	}
	return i < n ? i + 1 : n;
}

static int
is_word(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && memcmp(s, w, len) == 0;
}

enum { TK_NONE = 0, TK_NAME, TK_STRING, TK_NUMBER, TK_OTHER };

/* Find every `function ... end` in the text with a small Lua tokenizer
 * (comments, strings and long brackets skipped; function, if, do and
 * repeat open a block, end and until close one). The text has loaded, so
 * it is valid Lua. Returns 0, or -1 on out of memory or if the blocks do
 * not balance. */
static int
scan_functions(const char *s, size_t n, fn_span **out, size_t *n_out)
{
	fn_span *spans = NULL;
	size_t n_spans = 0, cap_spans = 0;
	struct opener {
		int is_fn;
		size_t span;
	} *stack = NULL;
	size_t depth = 0, cap_stack = 0, i = 0, start, len;
	size_t prev_start = 0, prev_len = 0, prev2_start = 0, prev2_len = 0;
	size_t fn_open = 0;
	int tok, prev = TK_NONE, prev2 = TK_NONE, fn_stage = 0, lvl, rc = -1;
	char prev_char = 0;
	long line = 1;

	while (i < n) {
		char c = s[i];
		start = i;
		if (c == '\n' || c == '\r') {
			i = skip_newline(s, n, i, &line);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if (c == '-' && i + 1 < n && s[i + 1] == '-') {
			i += 2;
			if (i < n && s[i] == '[' && (lvl = long_bracket(s, n, i)) >= 0)
				i = skip_long(s, n, i, lvl, &line);
			else
				while (i < n && s[i] != '\n' && s[i] != '\r')
					i++;
			continue;
		}
		if (c == '[' && (lvl = long_bracket(s, n, i)) >= 0) {
			i = skip_long(s, n, i, lvl, &line);
			tok = TK_STRING;
		} else if (c == '"' || c == '\'') {
			i = skip_quoted(s, n, i, &line);
			tok = TK_STRING;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           c == '_') {
			while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
			                 (s[i] >= 'A' && s[i] <= 'Z') ||
			                 (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
				i++;
			tok = TK_NAME;
		} else if ((c >= '0' && c <= '9') ||
		           (c == '.' && i + 1 < n && s[i + 1] >= '0' &&
		            s[i + 1] <= '9')) {
			i++;
			while (i < n &&
			       ((s[i] >= 'a' && s[i] <= 'z') ||
			        (s[i] >= 'A' && s[i] <= 'Z') ||
			        (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
			        ((s[i] == '+' || s[i] == '-') &&
			         strchr("eEpP", s[i - 1]) != NULL)))
				i++;
			tok = TK_NUMBER;
		} else {
			i++;
			tok = TK_OTHER;
		}
		len = i - start;

		if (tok == TK_NAME && is_word(s + start, len, "function")) {
			if (tdm__grow((void **)&spans, &cap_spans, n_spans + 1,
			              sizeof *spans) ||
			    tdm__grow((void **)&stack, &cap_stack, depth + 1,
			              sizeof *stack))
				goto out;
			memset(&spans[n_spans], 0, sizeof *spans);
			spans[n_spans].start = start;
			spans[n_spans].line = line;
			if (prev == TK_OTHER && prev_char == '=' && prev2 == TK_NAME) {
				spans[n_spans].key = prev2_start;
				spans[n_spans].key_len = prev2_len;
			}
			stack[depth].is_fn = 1;
			stack[depth].span = n_spans;
			depth++;
			fn_open = n_spans++;
			fn_stage = 1;
		} else {
			if (fn_stage != 0) {
				if (tok == TK_OTHER && c == '(') {
					spans[fn_open].paren = start;
					spans[fn_open].named = fn_stage == 2;
					fn_stage = 0;
				} else if (tok == TK_NAME && fn_stage == 1) {
					fn_stage = 2;
				} else {
					fn_stage = 0; /* a.b or a:b: keep the text as it is */
				}
			}
			if (tok == TK_NAME && (is_word(s + start, len, "if") ||
			                       is_word(s + start, len, "do") ||
			                       is_word(s + start, len, "repeat"))) {
				if (tdm__grow((void **)&stack, &cap_stack, depth + 1,
				              sizeof *stack))
					goto out;
				stack[depth].is_fn = 0;
				depth++;
			} else if (tok == TK_NAME &&
			           (is_word(s + start, len, "end") ||
			            is_word(s + start, len, "until"))) {
				if (depth == 0)
					goto out;
				depth--;
				if (stack[depth].is_fn) {
					spans[stack[depth].span].end = i;
					spans[stack[depth].span].last_line = line;
				}
			}
		}
		prev2 = prev;
		prev2_start = prev_start;
		prev2_len = prev_len;
		prev = tok;
		prev_start = start;
		prev_len = len;
		prev_char = c;
	}
	if (depth == 0)
		rc = 0;
out:
	free(stack);
	if (rc == 0) {
		*out = spans;
		*n_out = n_spans;
	} else {
		free(spans);
	}
	return rc;
}

/* Offset of the start of line `line` (1-based), n if past the end. */
static size_t
line_start(const char *s, size_t n, long line)
{
	size_t i = 0;
	long at = 1;

	while (at < line && i < n) {
		if (s[i] == '\n' || s[i] == '\r')
			i = skip_newline(s, n, i, &at);
		else
			i++;
	}
	return i;
}

static char *
copy_range(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* The source text of the function spanning lines [first, last] of the file
 * that is loading, given as `key = function ... end`: exactly the
 * `function ... end` expression when it can be told apart from others on
 * the same lines (a simple name, as in `local function f(o)`, is left out
 * so that the text is an expression), else those whole lines. Caller
 * frees; NULL on out of memory. */
static char *
function_source(tdm_decl *d, long first, long last, const char *key)
{
	const fn_span *pick = NULL, *sp;
	size_t i, n_match = 0, n_keyed = 0, a, b;
	const fn_span *keyed = NULL;
	char *text;

	if (d->spans_state == 0)
		d->spans_state =
			scan_functions(d->text, d->len, &d->spans, &d->n_spans) == 0
				? 1
				: -1;
	for (i = 0; d->spans_state == 1 && i < d->n_spans; i++) {
		sp = &d->spans[i];
		if (sp->line != first || sp->last_line != last || sp->end == 0)
			continue;
		n_match++;
		pick = sp;
		if (sp->key_len == strlen(key) &&
		    memcmp(d->text + sp->key, key, sp->key_len) == 0) {
			n_keyed++;
			keyed = sp;
		}
	}
	if (n_match > 1)
		pick = n_keyed == 1 ? keyed : NULL;
	if (pick != NULL && pick->named && pick->paren > pick->start) {
		size_t tail = pick->end - pick->paren;
		text = malloc(8 + tail + 1);
		if (text != NULL) {
			memcpy(text, "function", 8);
			memcpy(text + 8, d->text + pick->paren, tail);
			text[8 + tail] = '\0';
		}
		return text;
	}
	if (pick != NULL)
		return copy_range(d->text + pick->start, pick->end - pick->start);
	a = line_start(d->text, d->len, first);
	b = line_start(d->text, d->len, last + 1);
	while (b > a && (d->text[b - 1] == '\n' || d->text[b - 1] == '\r'))
		b--;
	return copy_range(d->text + a, b - a);
}

/* A Lua function found at idx (a `score` or `must` of criterion `what`):
 * checks it was written in the loading file, stores it in the registry
 * and returns the handle, with its first and last line.  [-0, +0, v] */
static int
keep_function(lua_State *L, tdm_decl *d, int idx, const char *what,
              const char *key, long *first, long *last)
{
	lua_Debug ar;

	lua_pushvalue(L, idx);
	if (lua_iscfunction(L, -1) || !lua_getinfo(L, ">S", &ar) ||
	    ar.source == NULL || ar.source[0] != '@' ||
	    strcmp(ar.source + 1, d->path) != 0)
		fail(L, d, TDM_DATA,
		     "%s: %s must be a Lua function written in this file", what,
		     key);
	*first = ar.linedefined;
	*last = ar.lastlinedefined;
	lua_pushvalue(L, idx);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* ------------------------------------------------------------------------
 * decision "Title" { ... } and friends: the curried first half
 * --------------------------------------------------------------------- */

/* `kind "name"`: remember the declaration as pending until its table comes
 * and return the function that takes the table (upvalues: decl, name,
 * line).  [-1, +1, v] */
static int
curry(lua_State *L, const char *kind, lua_CFunction body)
{
	tdm_decl *d = loading_decl(L, kind);
	const char *src;
	long line;

	if (lua_type(L, 1) != LUA_TSTRING || lua_rawlen(L, 1) == 0)
		fail(L, d, TDM_DATA, "%s: expected a name: %s \"name\" { ... }",
		     kind, kind);
	if (d->has_pending)
		fail(L, d, TDM_DATA,
		     "%s '%s' (line %ld) has no table: write %s \"%s\" { ... }",
		     d->pending_kind, d->pending_name, d->pending_line,
		     d->pending_kind, d->pending_name);
	src = tdm__sandbox_where(L, 1, &line);
	d->has_pending = 1;
	snprintf(d->pending_kind, sizeof d->pending_kind, "%s", kind);
	snprintf(d->pending_name, sizeof d->pending_name, "%s",
	         lua_tostring(L, 1));
	snprintf(d->pending_source, sizeof d->pending_source, "%s", src);
	d->pending_line = line;

	lua_pushlightuserdata(L, d);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushcclosure(L, body, 3);
	return 1;
}

/* The second half: checks its argument is a table and returns the decl,
 * the name (upvalue 2) and the declaring line (upvalue 3). */
static tdm_decl *
body_start(lua_State *L, const char *kind, const char **name, long *line)
{
	tdm_decl *d = loading_decl(L, kind);

	d->has_pending = 0;
	*name = lua_tostring(L, lua_upvalueindex(2));
	*line = (long)lua_tointeger(L, lua_upvalueindex(3));
	if (lua_type(L, 1) != LUA_TTABLE)
		fail(L, d, TDM_DATA,
		     "%s '%s': expected a table: %s \"%s\" { ... }, got %s", kind,
		     *name, kind, *name, luaL_typename(L, 1));
	return d;
}

/* ------------------------------------------------------------------------
 * Files a decision file names
 * --------------------------------------------------------------------- */

/* Does path have a ".." component? */
static int
has_dotdot(const char *path)
{
	const char *p = path, *slash;
	size_t len;

	for (;;) {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		if (slash == NULL)
			return 0;
		p = slash + 1;
	}
}

/* The file name at idx (checked to be a non-empty string), resolved
 * against the loading file's directory. Decision files are untrusted, so
 * the name may not be absolute or climb out with "..". `label` starts
 * every message ("options"); `usage` shows the right form. The result is
 * on the stack (or is the string at idx).  [-0, +(0|2), v] */
static const char *
relative_path(lua_State *L, tdm_decl *d, int idx, const char *label,
              const char *usage)
{
	const char *path, *slash;

	if (lua_type(L, idx) != LUA_TSTRING || lua_rawlen(L, idx) == 0)
		fail(L, d, TDM_DATA, "%s: expected a CSV file name: %s", label,
		     usage);
	path = lua_tostring(L, idx);
	if (strlen(path) != lua_rawlen(L, idx))
		fail(L, d, TDM_DATA, "%s: the file name contains a NUL byte", label);
	if (path[0] == '/')
		fail(L, d, TDM_DATA,
		     "%s: \"%s\" is an absolute path; decision files may only read "
		     "files in their own directory tree",
		     label, path);
	if (has_dotdot(path))
		fail(L, d, TDM_DATA,
		     "%s: \"%s\" contains '..'; decision files may only read files "
		     "in their own directory tree",
		     label, path);
	slash = strrchr(d->path, '/');
	if (slash == NULL)
		return path;
	return lua_pushfstring(
		L, "%s%s",
		lua_pushlstring(L, d->path, (size_t)(slash - d->path) + 1), path);
}

/* ------------------------------------------------------------------------
 * Scoring rules: linear, piecewise, step, target, logscale
 *
 * Each returns a full userdata holding the rule's kind and numbers, with
 * the metatable registered under RULE_MT. A script cannot forge one: it
 * cannot reach the registry, cannot make a full userdata, and
 * setmetatable takes tables only, so luaL_testudata accepting a value
 * means one of these functions made it; a table that looks like a rule is
 * just a table. The metatable is locked (getmetatable answers "locked").
 * The constructors check the shape of their arguments; the values (x
 * increasing, y in 0..1, lo != hi ...) are checked by tdm_value_fn_check
 * where a criterion uses the rule, so that the error names the criterion.
 * --------------------------------------------------------------------- */

#define RULE_MT "scoring rule"
/* More points than anyone draws by hand; keeps the saved text small. */
#define RULE_MAX_POINTS 1000

typedef struct rule_ud {
	tdm_vf_kind kind;
	size_t n_params;
	double params[];
} rule_ud;

/* A rule as a tdm_value_fn that borrows its numbers. */
static tdm_value_fn
rule_view(rule_ud *r)
{
	tdm_value_fn f;

	f.kind = r->kind;
	f.params = r->params;
	f.n_params = r->n_params;
	f.text = NULL;
	return f;
}

/* The canonical text of a rule, as a decision file writes it:
 * "linear(0, 100)", "piecewise {{0, 1}, {50, 1}, {200, 0}}". Numbers in
 * their shortest round-trip form. Caller frees; NULL on out of memory. */
static char *
rule_text(const tdm_value_fn *f)
{
	const char *name = tdm_value_fn_name(f->kind);
	size_t size = strlen(name) + 8 + f->n_params * 48, n, i;
	char *buf = malloc(size), a[40], b[40];

	if (buf == NULL)
		return NULL;
	if (f->kind == TDM_VF_PIECEWISE || f->kind == TDM_VF_STEP) {
		n = (size_t)snprintf(buf, size, "%s {", name);
		/* each pair takes at most 6 + 2 * 39 bytes: size is enough */
		for (i = 0; i + 1 < f->n_params && n < size; i += 2)
			n += (size_t)snprintf(
				buf + n, size - n, "%s{%s, %s}", i ? ", " : "",
				tdm_format_number(f->params[i], a, sizeof a),
				tdm_format_number(f->params[i + 1], b, sizeof b));
		if (n < size)
			snprintf(buf + n, size - n, "}");
	} else {
		snprintf(buf, size, "%s(%s, %s)", name,
		         tdm_format_number(f->n_params > 0 ? f->params[0] : 0, a,
		                           sizeof a),
		         tdm_format_number(f->n_params > 1 ? f->params[1] : 0, b,
		                           sizeof b));
	}
	return buf;
}

/* An error in a rule's arguments: a declaration error while a file loads
 * (reported even if the script catches it), else a plain Lua error (a
 * rule made inside a score function, say).  [-0, +0, v] */
static int TDM__PRINTF(2, 3)
rule_fail(lua_State *L, const char *fmt, ...)
{
	tdm_decl *d = decl_of(L);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (d->m != NULL)
		return fail(L, d, TDM_DATA, "%s", msg);
	return luaL_error(L, "%s", msg);
}

/* tostring(rule): its text.  [-0, +1, m] */
static int
l_rule_tostring(lua_State *L)
{
	rule_ud *r = luaL_checkudata(L, 1, RULE_MT);
	tdm_value_fn f = rule_view(r);
	char *text = rule_text(&f);

	if (text == NULL)
		return luaL_error(L, "out of memory");
	lua_pushstring(L, text);
	free(text);
	return 1;
}

/* rule(x): the rule applied to a number, for use inside score functions:
 * score = function(o) return r(o.p99_ms * 1000) end.  [-0, +1, e] */
static int
l_rule_call(lua_State *L)
{
	rule_ud *r = luaL_checkudata(L, 1, RULE_MT);
	tdm_value_fn f = rule_view(r);
	tdm_error e;
	char num[40];
	double x;

	tdm__sandbox_charge(L, r->n_params);
	if (tdm_value_fn_check(&f, &e) != TDM_OK)
		return luaL_error(L, "%s", e.message);
	if (lua_type(L, 2) != LUA_TNUMBER)
		return luaL_error(L, "%s: expected a number, got %s",
		                  tdm_value_fn_name(r->kind), luaL_typename(L, 2));
	x = lua_tonumber(L, 2);
	if (!isfinite(x))
		return luaL_error(L, "%s: expected a finite number, got %s",
		                  tdm_value_fn_name(r->kind),
		                  tdm_format_number(x, num, sizeof num));
	lua_pushnumber(L, tdm_value_fn_apply(&f, x));
	return 1;
}

static const luaL_Reg rule_meta[] = {
	{"__tostring", l_rule_tostring},
	{"__call", l_rule_call},
	{NULL, NULL},
};

/* A new rule of n_params numbers (left zero).  [-0, +1, m] */
static rule_ud *
push_rule(lua_State *L, tdm_vf_kind kind, size_t n_params)
{
	rule_ud *r = lua_newuserdatauv(L, sizeof *r + n_params * sizeof(double),
	                               0);

	r->kind = kind;
	r->n_params = n_params;
	memset(r->params, 0, n_params * sizeof(double));
	if (luaL_newmetatable(L, RULE_MT)) {
		luaL_setfuncs(L, rule_meta, 0);
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	return r;
}

/* linear(lo, hi), target(value, tolerance), logscale(lo, hi).
 * [-n, +1, v] */
static int
two_numbers(lua_State *L, tdm_vf_kind kind, const char *sig, const char *a,
            const char *b)
{
	int n = lua_gettop(L);
	rule_ud *r;

	if (n != 2)
		return rule_fail(L, "%s takes 2 numbers, got %d argument%s", sig, n,
		                 n == 1 ? "" : "s");
	if (lua_type(L, 1) != LUA_TNUMBER)
		return rule_fail(L, "%s: %s must be a number, got %s", sig, a,
		                 luaL_typename(L, 1));
	if (lua_type(L, 2) != LUA_TNUMBER)
		return rule_fail(L, "%s: %s must be a number, got %s", sig, b,
		                 luaL_typename(L, 2));
	r = push_rule(L, kind, 2);
	r->params[0] = lua_tonumber(L, 1);
	r->params[1] = lua_tonumber(L, 2);
	return 1;
}

/* piecewise { {x, y}, ... } and step { {x, y}, ... }.  [-1, +1, v] */
static int
points(lua_State *L, tdm_vf_kind kind)
{
	const char *name = tdm_value_fn_name(kind);
	size_t n = 0, i, k;
	rule_ud *r;

	if (lua_gettop(L) != 1 || lua_type(L, 1) != LUA_TTABLE)
		return rule_fail(L,
		                 "%s expects a list of points {x, y}: %s { {0, 1}, "
		                 "{50, 1}, {200, 0} }, got %s",
		                 name, name,
		                 lua_gettop(L) == 0 ? "nothing" : luaL_typename(L, 1));
	lua_settop(L, 1);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		if (++n > RULE_MAX_POINTS)
			return rule_fail(L, "%s: at most %d points", name,
			                 RULE_MAX_POINTS);
	}
	r = push_rule(L, kind, 2 * n); /* index 2 */
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, 1, (lua_Integer)i) != LUA_TTABLE)
			return rule_fail(L,
			                 "%s: point %zu must be a table {x, y}, got %s "
			                 "(write the points as a list: %s { {0, 1}, "
			                 "{50, 1} })",
			                 name, i, luaL_typename(L, -1), name);
		k = 0;
		lua_pushnil(L);
		while (lua_next(L, 3) && k <= 2) {
			lua_pop(L, 1);
			k++;
		}
		lua_settop(L, 3);
		if (k != 2 || lua_rawgeti(L, 3, 1) != LUA_TNUMBER ||
		    lua_rawgeti(L, 3, 2) != LUA_TNUMBER)
			return rule_fail(L, "%s: point %zu must be {x, y}, two numbers",
			                 name, i);
		r->params[2 * (i - 1)] = lua_tonumber(L, 4);
		r->params[2 * (i - 1) + 1] = lua_tonumber(L, 5);
		lua_settop(L, 2);
	}
	return 1;
}

/* linear(lo, hi): 0 at lo, 1 at hi.  [-2, +1, v] */
static int
l_linear(lua_State *L)
{
	return two_numbers(L, TDM_VF_LINEAR, "linear(lo, hi)", "lo", "hi");
}

/* piecewise { {x, y}, ... }: straight lines between points.  [-1, +1, v] */
static int
l_piecewise(lua_State *L)
{
	return points(L, TDM_VF_PIECEWISE);
}

/* step { {x, y}, ... }: y of the last point at or below.  [-1, +1, v] */
static int
l_step(lua_State *L)
{
	return points(L, TDM_VF_STEP);
}

/* target(value, tolerance): 1 at value, 0 beyond the tolerance.
 * [-2, +1, v] */
static int
l_target(lua_State *L)
{
	return two_numbers(L, TDM_VF_TARGET, "target(value, tolerance)", "value",
	                   "tolerance");
}

/* logscale(lo, hi): 0 at lo, 1 at hi, on a log scale.  [-2, +1, v] */
static int
l_logscale(lua_State *L)
{
	return two_numbers(L, TDM_VF_LOGSCALE, "logscale(lo, hi)", "lo", "hi");
}

/* ------------------------------------------------------------------------
 * decision
 * --------------------------------------------------------------------- */

static const char *const decision_keys[] = {
	"context", "method", "normalize", "weights", "order",
	"pairwise", "ri", "critic_flip_cost", "v", "status",
	"date", "deciders", "consequences", NULL,
};

/* A decision record's status, as MADR 4 suggests them; "superseded by
 * ADR-0123" (any text after "superseded by ") is also accepted. */
static const char *const status_names[] = {
	"proposed", "rejected", "accepted", "deprecated", "superseded", NULL,
};
#define SUPERSEDED_BY "superseded by "

/* AHP judgements outside Saaty's scale 1/9..9 are refused (with a little
 * room for 1/9 written as a decimal). */
#define SAATY_MIN (1.0 / 9 * (1 - 1e-9))
#define SAATY_MAX (9 * (1 + 1e-9))
/* A CSV matrix is reciprocal when a_ij * a_ji is 1 within this. */
#define RECIPROCAL_TOLERANCE 1e-6

/* One AHP judgement as read from Lua (names lent by Lua). */
struct judgement_ent {
	const char *a, *b;
	double value;
};

/* Everything a decision table says, read and checked before the model is
 * touched. Strings are lent by Lua (the table anchors them). */
struct decision_spec {
	const char *context, *method, *normalize, *weights, *ri;
	int method_ref;
	long method_first, method_last;
	const char **order;   /* n_order names, a userdata on the stack */
	size_t n_order;
	struct judgement_ent *pairs; /* n_pairs, a userdata on the stack */
	size_t n_pairs;
	const char *pairwise_file;   /* resolved path, or NULL */
	const char *pairwise_name;   /* as written */
	int has_flip, flip;
	int has_v;
	double v;
	const char *status, *date, *consequences;
	const char **deciders; /* n_deciders names, a userdata on the stack */
	size_t n_deciders;
};

/* The string at idx must be one of names: returns it, or fails with "KEY =
 * "x" is not a NOUN (a, b, c)".  [-0, +0, v] */
static const char *
one_of(lua_State *L, tdm_decl *d, int idx, const char *what, const char *key,
       const char *noun, const char *const *names)
{
	const char *const *k;
	const char *s;
	char list[256];
	size_t len;

	join_keys(names, list, sizeof list);
	if (lua_type(L, idx) != LUA_TSTRING)
		fail(L, d, TDM_DATA, "%s: %s must be a string (%s), got %s", what,
		     key, list, luaL_typename(L, idx));
	s = lua_tolstring(L, idx, &len);
	for (k = names; *k != NULL; k++)
		if (strlen(*k) == len && memcmp(*k, s, len) == 0)
			return s;
	fail(L, d, TDM_DATA, "%s: %s = \"%s\" is not %s (%s)", what, key, s, noun,
	     list);
	return NULL;
}

/* The number of keys in the table at t, charged to the budget.
 * [-0, +0, e] */
static size_t
count_keys(lua_State *L, int t)
{
	size_t n = 0;

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		n++;
	}
	tdm__sandbox_charge(L, n);
	return n;
}

/* order = {"a", "b", ...}: criterion names, most important first.
 * [-0, +1, v] */
static void
read_order(lua_State *L, tdm_decl *d, int t, const char *what,
           struct decision_spec *spec)
{
	size_t n = count_keys(L, t), i, j;

	if (n == 0)
		fail(L, d, TDM_DATA,
		     "%s: order must not be empty: order = {\"throughput\", "
		     "\"p99_ms\", ...}, most important first",
		     what);
	spec->order = lua_newuserdatauv(L, n * sizeof *spec->order, 0);
	for (i = 0; i < n; i++) {
		int ty = lua_rawgeti(L, t, (lua_Integer)i + 1);
		if (ty == LUA_TNIL)
			fail(L, d, TDM_DATA,
			     "%s: order must be a list of criterion names: order = "
			     "{\"throughput\", \"p99_ms\", ...}",
			     what);
		if (ty != LUA_TSTRING || lua_rawlen(L, -1) == 0)
			fail(L, d, TDM_DATA,
			     "%s: order[%zu] must be a criterion name, got %s", what,
			     i + 1, ty == LUA_TSTRING ? "an empty string"
			                              : luaL_typename(L, -1));
		spec->order[i] = lua_tostring(L, -1);
		lua_pop(L, 1); /* the table anchors the string */
		tdm__sandbox_charge(L, i);
		for (j = 0; j < i; j++)
			if (strcmp(spec->order[j], spec->order[i]) == 0)
				fail(L, d, TDM_DATA,
				     "%s: order names '%s' twice (positions %zu and %zu)",
				     what, spec->order[i], j + 1, i + 1);
	}
	spec->n_order = n;
}

static int
same_pair(const char *a1, const char *b1, const char *a2, const char *b2)
{
	return (strcmp(a1, a2) == 0 && strcmp(b1, b2) == 0) ||
	       (strcmp(a1, b2) == 0 && strcmp(b1, a2) == 0);
}

/* pairwise = { {"a", "b", 3}, ... }: a is 3 times as important as b.
 * [-0, +1, v] */
static void
read_pairwise(lua_State *L, tdm_decl *d, int t, const char *what,
              struct decision_spec *spec)
{
	size_t n = count_keys(L, t), i, j;
	struct judgement_ent *p;
	char num[40];
	int top;

	if (n == 0)
		fail(L, d, TDM_DATA,
		     "%s: pairwise must not be empty: pairwise = { {\"a\", \"b\", "
		     "3}, ... }",
		     what);
	spec->pairs = lua_newuserdatauv(L, n * sizeof *spec->pairs, 0);
	top = lua_gettop(L);
	for (i = 0; i < n; i++) {
		p = &spec->pairs[i];
		switch (lua_rawgeti(L, t, (lua_Integer)i + 1)) {
		case LUA_TTABLE: break;
		case LUA_TNIL:
			fail(L, d, TDM_DATA,
			     "%s: pairwise must be a list of judgements: pairwise = { "
			     "{\"a\", \"b\", 3}, ... }",
			     what);
			break;
		default:
			fail(L, d, TDM_DATA,
			     "%s: pairwise[%zu] must be a judgement {\"a\", \"b\", "
			     "value}, got %s",
			     what, i + 1, luaL_typename(L, -1));
		}
		if (count_keys(L, top + 1) != 3 ||
		    lua_rawgeti(L, top + 1, 1) != LUA_TSTRING ||
		    lua_rawgeti(L, top + 1, 2) != LUA_TSTRING ||
		    lua_rawgeti(L, top + 1, 3) == LUA_TNIL)
			fail(L, d, TDM_DATA,
			     "%s: pairwise[%zu] must be {\"a\", \"b\", value}: two "
			     "criterion names and how much more important a is than b",
			     what, i + 1);
		p->a = lua_tostring(L, top + 2);
		p->b = lua_tostring(L, top + 3);
		if (lua_type(L, top + 4) != LUA_TNUMBER)
			fail(L, d, TDM_DATA,
			     "%s: pairwise[%zu]: the value must be a number, got %s",
			     what, i + 1, luaL_typename(L, top + 4));
		p->value = lua_tonumber(L, top + 4);
		if (!isfinite(p->value) || !(p->value > 0))
			fail(L, d, TDM_DATA,
			     "%s: pairwise[%zu]: the value must be a finite number > 0, "
			     "got %s",
			     what, i + 1, tdm_format_number(p->value, num, sizeof num));
		if (p->value < SAATY_MIN || p->value > SAATY_MAX)
			fail(L, d, TDM_DATA,
			     "%s: pairwise[%zu]: %s is outside Saaty's scale 1/9..9",
			     what, i + 1, tdm_format_number(p->value, num, sizeof num));
		if (strcmp(p->a, p->b) == 0)
			fail(L, d, TDM_DATA, "%s: pairwise[%zu] compares '%s' with itself",
			     what, i + 1, p->a);
		tdm__sandbox_charge(L, i);
		for (j = 0; j < i; j++)
			if (same_pair(p->a, p->b, spec->pairs[j].a, spec->pairs[j].b))
				fail(L, d, TDM_DATA,
				     "%s: pairwise[%zu] judges '%s' against '%s' again "
				     "(first in pairwise[%zu])",
				     what, i + 1, p->a, p->b, j + 1);
		lua_settop(L, top);
	}
	spec->n_pairs = n;
}

/* status = "accepted": one of status_names, or "superseded by <what>".
 * [-0, +0, v] */
static const char *
read_status(lua_State *L, tdm_decl *d, int idx, const char *what)
{
	const char *const *k;
	const char *s;
	size_t len, n = sizeof SUPERSEDED_BY - 1;

	if (lua_type(L, idx) != LUA_TSTRING)
		fail(L, d, TDM_DATA,
		     "%s: status must be a string (proposed, rejected, accepted, "
		     "deprecated, superseded, or \"superseded by ADR-0123\"), got %s",
		     what, luaL_typename(L, idx));
	s = lua_tolstring(L, idx, &len);
	for (k = status_names; *k != NULL; k++)
		if (strlen(*k) == len && memcmp(*k, s, len) == 0)
			return s;
	if (len > n && memcmp(s, SUPERSEDED_BY, n) == 0 &&
	    strspn(s + n, " \t") < len - n && strlen(s) == len)
		return s;
	fail(L, d, TDM_DATA,
	     "%s: status = \"%s\" is not a status (proposed, rejected, "
	     "accepted, deprecated, superseded, or \"superseded by ADR-0123\")",
	     what, s);
	return NULL;
}

static int
leap_year(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* date = "2026-11-30": exactly YYYY-MM-DD, a day of the Gregorian
 * calendar.  [-0, +0, v] */
static const char *
read_date(lua_State *L, tdm_decl *d, int idx, const char *what)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	const char *s;
	size_t len, i;
	long y, mo, dd;

	if (lua_type(L, idx) != LUA_TSTRING)
		fail(L, d, TDM_DATA,
		     "%s: date must be a string \"YYYY-MM-DD\", got %s", what,
		     luaL_typename(L, idx));
	s = lua_tolstring(L, idx, &len);
	for (i = 0; i < len && len == 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-'
		                       : (s[i] < '0' || s[i] > '9'))
			break;
	if (len != 10 || i != 10)
		fail(L, d, TDM_DATA,
		     "%s: date = \"%s\" is not a date written YYYY-MM-DD", what, s);
	y = strtol(s, NULL, 10);
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (mo < 1 || mo > 12 || dd < 1 ||
	    dd > days[mo - 1] + (mo == 2 && leap_year(y)))
		fail(L, d, TDM_DATA, "%s: date = \"%s\" is not a day of the calendar",
		     what, s);
	return s;
}

/* deciders = {"Ana", "Ben"}: a list of non-empty names.  [-0, +1, v] */
static void
read_deciders(lua_State *L, tdm_decl *d, int t, const char *what,
              struct decision_spec *spec)
{
	size_t n = count_keys(L, t), i;

	if (n == 0)
		fail(L, d, TDM_DATA,
		     "%s: deciders must not be empty: deciders = {\"Ana\", "
		     "\"Ben\"}",
		     what);
	spec->deciders = lua_newuserdatauv(L, n * sizeof *spec->deciders, 0);
	for (i = 0; i < n; i++) {
		int ty = lua_rawgeti(L, t, (lua_Integer)i + 1);
		if (ty == LUA_TNIL)
			fail(L, d, TDM_DATA,
			     "%s: deciders must be a list of names: deciders = "
			     "{\"Ana\", \"Ben\"}",
			     what);
		if (ty != LUA_TSTRING || lua_rawlen(L, -1) == 0)
			fail(L, d, TDM_DATA,
			     "%s: deciders[%zu] must be a name, got %s", what, i + 1,
			     ty == LUA_TSTRING ? "an empty string"
			                       : luaL_typename(L, -1));
		spec->deciders[i] = lua_tostring(L, -1);
		lua_pop(L, 1); /* the table anchors the string */
	}
	spec->n_deciders = n;
}

/* Read and check a decision table (at index 1) into spec. Leaves what it
 * read on the stack, which keeps the strings alive.  [-0, +k, v] */
static void
read_decision(lua_State *L, tdm_decl *d, const char *what,
              struct decision_spec *spec)
{
	char num[40];

	check_keys(L, d, 1, what, decision_keys);
	switch (rawfield(L, 1, "context")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: spec->context = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: context must be a string, got %s", what,
		     luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "method")) {
	case LUA_TNIL: break;
	case LUA_TSTRING:
		if (lua_rawlen(L, -1) == 0)
			fail(L, d, TDM_DATA, "%s: method must not be empty", what);
		spec->method = one_of(L, d, -1, what, "method", "a method",
		                      tdm_method_names());
		break;
	case LUA_TFUNCTION:
		spec->method_ref = keep_function(L, d, -1, what, "method",
		                                 &spec->method_first,
		                                 &spec->method_last);
		break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: method must be a method name or a function(m), got %s",
		     what, luaL_typename(L, -1));
	}
	if (rawfield(L, 1, "normalize") != LUA_TNIL)
		spec->normalize = one_of(L, d, -1, what, "normalize",
		                         "a normalisation",
		                         tdm_normalization_names());
	if (rawfield(L, 1, "weights") != LUA_TNIL)
		spec->weights = one_of(L, d, -1, what, "weights",
		                       "a weighting scheme", tdm_weighting_names());
	if (rawfield(L, 1, "ri") != LUA_TNIL)
		spec->ri = one_of(L, d, -1, what, "ri", "a random-index table",
		                  tdm_ahp_ri_tables());
	switch (rawfield(L, 1, "order")) {
	case LUA_TNIL: break;
	case LUA_TTABLE: read_order(L, d, lua_gettop(L), what, spec); break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: order must be a list of criterion names like "
		     "{\"throughput\", \"p99_ms\"}, got %s",
		     what, luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "pairwise")) {
	case LUA_TNIL: break;
	case LUA_TTABLE: read_pairwise(L, d, lua_gettop(L), what, spec); break;
	case LUA_TSTRING: {
		char label[200];
		spec->pairwise_name = lua_tostring(L, -1);
		snprintf(label, sizeof label, "%s: pairwise", what);
		spec->pairwise_file =
			relative_path(L, d, -1, label, "pairwise = \"weights.csv\"");
		break;
	}
	default:
		fail(L, d, TDM_DATA,
		     "%s: pairwise must be a list of judgements { {\"a\", \"b\", "
		     "3}, ... } or a CSV file name, got %s",
		     what, luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "critic_flip_cost")) {
	case LUA_TNIL: break;
	case LUA_TBOOLEAN:
		spec->has_flip = 1;
		spec->flip = lua_toboolean(L, -1);
		break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: critic_flip_cost must be true or false, got %s", what,
		     luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "v")) {
	case LUA_TNIL: break;
	case LUA_TNUMBER:
		spec->v = lua_tonumber(L, -1);
		spec->has_v = 1;
		if (!(spec->v >= 0 && spec->v <= 1))
			fail(L, d, TDM_DATA,
			     "%s: v (VIKOR's weight of the majority) must be between 0 "
			     "and 1, got %s",
			     what, tdm_format_number(spec->v, num, sizeof num));
		break;
	default:
		fail(L, d, TDM_DATA, "%s: v must be a number between 0 and 1, got %s",
		     what, luaL_typename(L, -1));
	}
	if (rawfield(L, 1, "status") != LUA_TNIL)
		spec->status = read_status(L, d, -1, what);
	if (rawfield(L, 1, "date") != LUA_TNIL)
		spec->date = read_date(L, d, -1, what);
	switch (rawfield(L, 1, "deciders")) {
	case LUA_TNIL: break;
	case LUA_TTABLE: read_deciders(L, d, lua_gettop(L), what, spec); break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: deciders must be a list of names like {\"Ana\", \"Ben\"}, "
		     "got %s",
		     what, luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "consequences")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: spec->consequences = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: consequences must be a string, got %s",
		     what, luaL_typename(L, -1));
	}
	if (spec->weights != NULL && strcmp(spec->weights, "roc") == 0 &&
	    spec->n_order == 0)
		fail(L, d, TDM_DATA,
		     "%s: weights = \"roc\" needs order = {\"a\", \"b\", ...}, the "
		     "criteria from most to least important",
		     what);
	if (spec->weights != NULL && strcmp(spec->weights, "ahp") == 0 &&
	    spec->n_pairs == 0 && spec->pairwise_file == NULL)
		fail(L, d, TDM_DATA,
		     "%s: weights = \"ahp\" needs pairwise = { {\"a\", \"b\", 3}, "
		     "... } or pairwise = \"file.csv\"",
		     what);
}

static void
judgements_free(tdm_judgement *j, size_t n)
{
	size_t i;

	for (i = 0; j != NULL && i < n; i++) {
		free(j[i].a);
		free(j[i].b);
	}
	free(j);
}

/* The judgements above the diagonal of a labelled k x k pairwise matrix,
 * which must have ones on the diagonal and be positive, reciprocal and on
 * Saaty's scale. C only. TDM_DATA with msg filled, or TDM_NOMEM. */
static tdm_status
matrix_judgements(char **names, const double *a, size_t k,
                  tdm_judgement **out, size_t *n_out, char *msg,
                  size_t msg_size)
{
	tdm_judgement *j = NULL;
	size_t r, c, n = 0;
	char x[40], y[40];

	*out = NULL;
	*n_out = 0;
	for (r = 0; r < k; r++)
		for (c = 0; c < k; c++) {
			double v = a[r * k + c], w = a[c * k + r];
			if (r == c && v != 1) {
				snprintf(msg, msg_size,
				         "the diagonal must be 1, but '%s' against itself "
				         "is %s",
				         names[r], tdm_format_number(v, x, sizeof x));
				return TDM_DATA;
			}
			if (!isfinite(v) || !(v > 0) || v < SAATY_MIN || v > SAATY_MAX) {
				snprintf(msg, msg_size,
				         "'%s' against '%s' is %s, outside Saaty's scale "
				         "1/9..9",
				         names[r], names[c], tdm_format_number(v, x, sizeof x));
				return TDM_DATA;
			}
			if (r < c && fabs(v * w - 1) > RECIPROCAL_TOLERANCE) {
				snprintf(msg, msg_size,
				         "the matrix is not reciprocal: '%s' against '%s' is "
				         "%s but '%s' against '%s' is %s (it must be 1/%s)",
				         names[r], names[c], tdm_format_number(v, x, sizeof x),
				         names[c], names[r], tdm_format_number(w, y, sizeof y),
				         x);
				return TDM_DATA;
			}
		}
	if (k > 1 && (j = calloc(k * (k - 1) / 2, sizeof *j)) == NULL)
		return TDM_NOMEM;
	for (r = 0; r < k; r++)
		for (c = r + 1; c < k; c++) {
			j[n].value = a[r * k + c];
			j[n].a = tdm__strdup(names[r]);
			j[n].b = tdm__strdup(names[c]);
			n++;
			if (j[n - 1].a == NULL || j[n - 1].b == NULL) {
				judgements_free(j, n);
				return TDM_NOMEM;
			}
		}
	*out = j;
	*n_out = n;
	return TDM_OK;
}

/* Read pairwise = "file.csv" into judgements. C only: on error, err
 * holds what to report (msg for a matrix that is read but wrong). */
static tdm_status
pairwise_csv(const char *path, tdm_judgement **out, size_t *n_out,
             char *msg, size_t msg_size, tdm_error *err)
{
	char **names = NULL;
	double *a = NULL;
	size_t k = 0, i;
	tdm_status s;

	msg[0] = '\0';
	tdm_error_clear(err);
	if ((s = tdm_ahp_read_csv(path, &names, &a, &k, err)) != TDM_OK)
		return s;
	s = matrix_judgements(names, a, k, out, n_out, msg, msg_size);
	if (s == TDM_NOMEM)
		tdm__nomem(err);
	for (i = 0; i < k; i++)
		free(names[i]);
	free(names);
	free(a);
	return s;
}

/* decision "Title" { context = "...", method = "wsm", ... }  [-1, +0, v] */
static int
l_decision_body(lua_State *L)
{
	struct decision_spec spec;
	const char *title;
	tdm_decl *d;
	tdm_model *m;
	tdm_judgement *judg = NULL;
	char **order = NULL, *method_src = NULL, **deciders = NULL;
	size_t n_judg = 0, i = 0, k = 0;
	long line;
	char what[160], msg[512];
	tdm_error e;
	tdm_status s;

	d = body_start(L, "decision", &title, &line);
	m = d->m;
	snprintf(what, sizeof what, "decision '%s'", title);
	if (m->title != NULL)
		fail(L, d, TDM_DATA,
		     "decision '%s': the decision is already declared as '%s'",
		     title, m->title);
	memset(&spec, 0, sizeof spec);
	read_decision(L, d, what, &spec);

	/* From here on, C only until everything is in the model: nothing
	 * allocated with malloc may be lost to a Lua error. */
	if (spec.pairwise_file != NULL) {
		s = pairwise_csv(spec.pairwise_file, &judg, &n_judg, msg, sizeof msg,
		                 &e);
		if (s == TDM_DATA && msg[0] != '\0')
			return fail(L, d, TDM_DATA, "%s: pairwise \"%s\": %s", what,
			            spec.pairwise_name, msg);
		if (s != TDM_OK)
			return fail_with(L, d, &e);
	} else if (spec.n_pairs > 0) {
		if ((judg = calloc(spec.n_pairs, sizeof *judg)) == NULL)
			return fail_nomem(L, d);
		for (i = 0; i < spec.n_pairs; i++) {
			n_judg = i + 1;
			judg[i].value = spec.pairs[i].value;
			judg[i].a = tdm__strdup(spec.pairs[i].a);
			judg[i].b = tdm__strdup(spec.pairs[i].b);
			if (judg[i].a == NULL || judg[i].b == NULL) {
				judgements_free(judg, n_judg);
				return fail_nomem(L, d);
			}
		}
	}
	if (spec.n_order > 0 &&
	    (order = calloc(spec.n_order, sizeof *order)) != NULL)
		for (i = 0; i < spec.n_order; i++)
			if ((order[i] = tdm__strdup(spec.order[i])) == NULL)
				break;
	if (spec.n_deciders > 0 &&
	    (deciders = calloc(spec.n_deciders, sizeof *deciders)) != NULL)
		for (k = 0; k < spec.n_deciders; k++)
			if ((deciders[k] = tdm__strdup(spec.deciders[k])) == NULL)
				break;
	if (spec.method_ref > 0)
		method_src = function_source(d, spec.method_first, spec.method_last,
		                             "method");
	if ((spec.n_order > 0 && (order == NULL || i < spec.n_order)) ||
	    (spec.n_deciders > 0 && (deciders == NULL || k < spec.n_deciders)) ||
	    (spec.method_ref > 0 && method_src == NULL)) {
		for (i = 0; order != NULL && i < spec.n_order; i++)
			free(order[i]);
		free(order);
		for (k = 0; deciders != NULL && k < spec.n_deciders; k++)
			free(deciders[k]);
		free(deciders);
		free(method_src);
		judgements_free(judg, n_judg);
		return fail_nomem(L, d);
	}
	if (judg != NULL) {
		judgements_free(m->judgements, m->n_judgements);
		m->judgements = judg;
		m->n_judgements = n_judg;
	}
	if (order != NULL) {
		for (i = 0; i < m->n_order; i++)
			free(m->order[i]);
		free(m->order);
		m->order = order;
		m->n_order = spec.n_order;
	}
	if (deciders != NULL) {
		for (k = 0; k < m->n_deciders; k++)
			free(m->deciders[k]);
		free(m->deciders);
		m->deciders = deciders;
		m->n_deciders = spec.n_deciders;
	}
	if (spec.method_ref > 0) {
		free(m->method_src);
		m->method_fn = spec.method_ref;
		m->method_src = method_src;
	}
	if (spec.has_flip)
		m->critic_flip_cost = spec.flip;
	if (spec.has_v) {
		m->has_vikor_v = 1;
		m->vikor_v = spec.v;
	}
	if ((spec.context != NULL &&
	     tdm_model_set_text(m, &m->context, spec.context, NULL) != TDM_OK) ||
	    (spec.method != NULL &&
	     tdm_model_set_text(m, &m->method, spec.method, NULL) != TDM_OK) ||
	    (spec.normalize != NULL &&
	     tdm_model_set_text(m, &m->normalization, spec.normalize, NULL) !=
	         TDM_OK) ||
	    (spec.weights != NULL &&
	     tdm_model_set_text(m, &m->weighting, spec.weights, NULL) !=
	         TDM_OK) ||
	    (spec.ri != NULL &&
	     tdm_model_set_text(m, &m->ri_table, spec.ri, NULL) != TDM_OK) ||
	    (spec.status != NULL &&
	     tdm_model_set_text(m, &m->status, spec.status, NULL) != TDM_OK) ||
	    (spec.date != NULL &&
	     tdm_model_set_text(m, &m->date, spec.date, NULL) != TDM_OK) ||
	    (spec.consequences != NULL &&
	     tdm_model_set_text(m, &m->consequences, spec.consequences, NULL) !=
	         TDM_OK) ||
	    tdm_model_set_text(m, &m->title, title, NULL) != TDM_OK)
		return fail_nomem(L, d);
	return 0;
}

/* decision "Title" -> function(t)  [-1, +1, v] */
static int
l_decision(lua_State *L)
{
	return curry(L, "decision", l_decision_body);
}

/* ------------------------------------------------------------------------
 * criterion
 * --------------------------------------------------------------------- */

static const char *const criterion_keys[] = {
	"weight", "better", "unit", "levels", "score", "scale",
	"must",   "because", "preference", "q", "p", "s", NULL,
};

struct level_ent {
	const char *name;
	double value;
};

static int
cmp_level(const void *a, const void *b)
{
	return strcmp(((const struct level_ent *)a)->name,
	              ((const struct level_ent *)b)->name);
}

/* Everything a criterion table says, read and checked before the model is
 * touched. Strings are lent by Lua (the table anchors them). */
struct crit_spec {
	double weight;
	int has_weight;
	int better, has_better;
	const char *unit, *because;
	struct level_ent *levels;
	size_t n_levels;
	int has_scale;
	double lo, hi;
	int score_ref;
	long score_first, score_last;
	rule_ud *rule;       /* score = piecewise {...}: the rule, or NULL */
	int has_pref;
	tdm_pref pref;
	double q, p, s;
	const char *must_text;
	int must_ref;
	long must_first, must_last;
};

/* levels = { none = 0, some = 0.5, strong = 1 }, sorted by name into a
 * userdata left on the stack.  [-0, +1, v] */
static void
read_levels(lua_State *L, tdm_decl *d, int t, const char *what,
            struct crit_spec *spec)
{
	size_t n = 0, i = 0;
	char label[320];

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		n++;
	}
	if (n == 0)
		fail(L, d, TDM_DATA,
		     "%s: levels must not be empty: levels = { none = 0, some = "
		     "0.5, strong = 1 }",
		     what);
	spec->levels = lua_newuserdatauv(L, n * sizeof *spec->levels, 0);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			fail(L, d, TDM_DATA,
			     "%s: level names must be strings, got a %s key: levels = "
			     "{ none = 0, some = 0.5, strong = 1 }",
			     what, luaL_typename(L, -2));
		spec->levels[i].name = lua_tostring(L, -2);
		snprintf(label, sizeof label, "%s: level '%s'", what,
		         spec->levels[i].name);
		spec->levels[i].value = check_finite(L, d, -1, label);
		lua_pop(L, 1);
		i++;
	}
	spec->n_levels = n;
	qsort(spec->levels, n, sizeof *spec->levels, cmp_level);
}

/* scale = {lo, hi}.  [-0, +0, v] */
static void
read_scale(lua_State *L, tdm_decl *d, int t, const char *what,
           struct crit_spec *spec)
{
	size_t n = 0;
	char label[320];

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		n++;
	}
	if (n != 2 || lua_rawgeti(L, t, 1) == LUA_TNIL ||
	    lua_rawgeti(L, t, 2) == LUA_TNIL)
		fail(L, d, TDM_DATA, "%s: scale must be {lo, hi}, two numbers",
		     what);
	snprintf(label, sizeof label, "%s: scale lo", what);
	spec->lo = check_finite(L, d, -2, label);
	snprintf(label, sizeof label, "%s: scale hi", what);
	spec->hi = check_finite(L, d, -1, label);
	if (!(spec->lo < spec->hi))
		fail(L, d, TDM_DATA,
		     "%s: scale must be {lo, hi} with lo < hi, got {%g, %g}", what,
		     spec->lo, spec->hi);
	spec->has_scale = 1;
	lua_pop(L, 2);
}

/* PROMETHEE II preference functions by name, with the thresholds each
 * takes (Brans & Vincke 1985; Brans & Mareschal 2005, table 6.1). */
static const struct pref_ent {
	const char *name;
	tdm_pref pref;
	int q, p, s;          /* which thresholds it takes */
	const char *takes;    /* for messages */
} prefs[] = {
	{"usual", TDM_PREF_USUAL, 0, 0, 0, "no thresholds"},
	{"ushape", TDM_PREF_USHAPE, 1, 0, 0, "q"},
	{"vshape", TDM_PREF_VSHAPE, 0, 1, 0, "p"},
	{"level", TDM_PREF_LEVEL, 1, 1, 0, "q and p"},
	{"linear", TDM_PREF_LINEAR, 1, 1, 0, "q and p"},
	{"gaussian", TDM_PREF_GAUSSIAN, 0, 0, 1, "s"},
};

static const char *const pref_names[] = {
	"usual", "ushape", "vshape", "level", "linear", "gaussian", NULL,
};

/* A threshold q, p or s: absent, or a finite number >= 0.  [-0, +1, v] */
static int
read_threshold(lua_State *L, tdm_decl *d, const char *what, const char *key,
               double *out)
{
	char label[320], num[40];

	if (rawfield(L, 1, key) == LUA_TNIL)
		return 0;
	snprintf(label, sizeof label, "%s: %s", what, key);
	*out = check_finite(L, d, -1, label);
	if (*out < 0)
		fail(L, d, TDM_DATA, "%s must be >= 0, got %s", label,
		     tdm_format_number(*out, num, sizeof num));
	return 1;
}

/* preference = "linear", q = 1, p = 2: the function must be known, get
 * every threshold it needs and no other.  [-0, +k, v] */
static void
read_preference(lua_State *L, tdm_decl *d, const char *what,
                struct crit_spec *spec)
{
	const struct pref_ent *pe = &prefs[0];
	const char *given[3] = {"q", "p", "s"};
	int has[3], wants[3], k;
	double *val[3];
	char list[256], a[40], b[40];
	size_t i;

	val[0] = &spec->q;
	val[1] = &spec->p;
	val[2] = &spec->s;
	for (k = 0; k < 3; k++)
		has[k] = read_threshold(L, d, what, given[k], val[k]);
	if (rawfield(L, 1, "preference") != LUA_TNIL) {
		const char *name = one_of(L, d, -1, what, "preference",
		                          "a preference function", pref_names);
		for (i = 0; i < sizeof prefs / sizeof prefs[0]; i++)
			if (strcmp(prefs[i].name, name) == 0)
				pe = &prefs[i];
		spec->has_pref = 1;
	} else {
		for (k = 0; k < 3; k++)
			if (has[k]) {
				join_keys(pref_names, list, sizeof list);
				fail(L, d, TDM_DATA,
				     "%s: %s is a threshold of a PROMETHEE preference "
				     "function; set preference = \"...\" (%s) or remove %s",
				     what, given[k], list, given[k]);
			}
	}
	spec->pref = pe->pref;
	wants[0] = pe->q;
	wants[1] = pe->p;
	wants[2] = pe->s;
	for (k = 0; k < 3; k++) {
		if (wants[k] && !has[k])
			fail(L, d, TDM_DATA,
			     "%s: preference \"%s\" needs %s (it takes %s)", what,
			     pe->name, given[k], pe->takes);
		if (!wants[k] && has[k])
			fail(L, d, TDM_DATA,
			     "%s: preference \"%s\" does not use %s (it takes %s)", what,
			     pe->name, given[k], pe->takes);
	}
	if (pe->q && pe->p && spec->q > spec->p)
		fail(L, d, TDM_DATA,
		     "%s: preference \"%s\" needs q <= p, got q = %s, p = %s", what,
		     pe->name, tdm_format_number(spec->q, a, sizeof a),
		     tdm_format_number(spec->p, b, sizeof b));
	/* divisors: P(d) = d / p and exp(-d^2 / 2 s^2) */
	if (pe->pref == TDM_PREF_VSHAPE && !(spec->p > 0))
		fail(L, d, TDM_DATA, "%s: preference \"vshape\" needs p > 0", what);
	if (pe->pref == TDM_PREF_LINEAR && !(spec->p > 0))
		fail(L, d, TDM_DATA, "%s: preference \"linear\" needs p > 0", what);
	if (pe->pref == TDM_PREF_GAUSSIAN && !(spec->s > 0))
		fail(L, d, TDM_DATA, "%s: preference \"gaussian\" needs s > 0",
		     what);
}

/* Read and check a criterion table (at index 1) into spec. Leaves what it
 * read on the stack, which keeps the strings alive.  [-0, +k, v] */
static void
read_criterion(lua_State *L, tdm_decl *d, const char *what,
               struct crit_spec *spec)
{
	char num[40];
	const char *s;

	check_keys(L, d, 1, what, criterion_keys);

	switch (rawfield(L, 1, "weight")) {
	case LUA_TNIL:
		/* Derived weights (weights = "roc" ...) need none. Whether they
		 * are derived is known once the decision is declared: before it,
		 * the check waits for the end of the file (check_weights). */
		if (d->m->title != NULL && weights_are_direct(d->m))
			fail(L, d, TDM_DATA, "%s has no weight", what);
		break;
	case LUA_TNUMBER:
		spec->has_weight = 1;
		spec->weight = lua_tonumber(L, -1);
		if (!isfinite(spec->weight))
			fail(L, d, TDM_DATA, "%s: weight must be a finite number, got %s",
			     what, tdm_format_number(spec->weight, num, sizeof num));
		if (spec->weight < 0)
			fail(L, d, TDM_DATA, "%s: weight must be >= 0, got %s", what,
			     tdm_format_number(spec->weight, num, sizeof num));
		break;
	default:
		fail(L, d, TDM_DATA, "%s: weight must be a number, got %s", what,
		     luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "better")) {
	case LUA_TNIL:
		break;
	case LUA_TSTRING:
		s = lua_tostring(L, -1);
		spec->has_better = 1;
		if (strcmp(s, "higher") == 0)
			spec->better = TDM_BETTER_HIGHER;
		else if (strcmp(s, "lower") == 0)
			spec->better = TDM_BETTER_LOWER;
		else
			fail(L, d, TDM_DATA,
			     "%s: better must be \"higher\" or \"lower\", got \"%s\"",
			     what, s);
		break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: better must be \"higher\" or \"lower\", got %s", what,
		     luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "unit")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: spec->unit = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: unit must be a string, got %s", what,
		     luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "because")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: spec->because = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: because must be a string, got %s", what,
		     luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "levels")) {
	case LUA_TNIL: break;
	case LUA_TTABLE: read_levels(L, d, lua_gettop(L), what, spec); break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: levels must be a table like { none = 0, some = 0.5, "
		     "strong = 1 }, got %s",
		     what, luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "scale")) {
	case LUA_TNIL: break;
	case LUA_TTABLE: read_scale(L, d, lua_gettop(L), what, spec); break;
	default:
		fail(L, d, TDM_DATA, "%s: scale must be {lo, hi}, got %s", what,
		     luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "score")) {
	case LUA_TNIL: break;
	case LUA_TFUNCTION:
		spec->score_ref = keep_function(L, d, -1, what, "score",
		                                &spec->score_first,
		                                &spec->score_last);
		break;
	default:
		/* a scoring rule, never a table that looks like one */
		if ((spec->rule = luaL_testudata(L, -1, RULE_MT)) == NULL)
			fail(L, d, TDM_DATA,
			     "%s: score must be a function or a scoring rule (linear, "
			     "piecewise, step, target, logscale), got %s",
			     what, luaL_typename(L, -1));
	}

	switch (rawfield(L, 1, "must")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: spec->must_text = lua_tostring(L, -1); break;
	case LUA_TFUNCTION:
		spec->must_ref = keep_function(L, d, -1, what, "must",
		                               &spec->must_first, &spec->must_last);
		break;
	default:
		fail(L, d, TDM_DATA,
		     "%s: must must be a comparison string like \"<= 50\" or a "
		     "function, got %s",
		     what, luaL_typename(L, -1));
	}

	read_preference(L, d, what, spec);

	if (spec->n_levels > 0 && (spec->score_ref > 0 || spec->rule != NULL))
		fail(L, d, TDM_DATA, "%s: give levels or score, not both", what);
	if (spec->rule != NULL) {
		tdm_value_fn f = rule_view(spec->rule);
		tdm_error e;
		if (tdm_value_fn_check(&f, &e) != TDM_OK)
			fail(L, d, TDM_DATA, "%s: %s", what, e.message);
		if (spec->has_better && spec->better == TDM_BETTER_LOWER)
			fail(L, d, TDM_DATA,
			     "%s: better = \"lower\" does not go with a scoring rule, "
			     "which gives 1 to the best; draw the rule the other way "
			     "round (linear(200, 50) makes lower better)",
			     what);
		spec->better = TDM_BETTER_HIGHER; /* 0..1, higher is better */
		spec->has_better = 1;
	}
	if (!spec->has_better) {
		if (spec->n_levels == 0 && spec->score_ref == 0)
			fail(L, d, TDM_DATA,
			     "%s needs better = \"higher\" or better = \"lower\"", what);
		spec->better = TDM_BETTER_HIGHER; /* levels and scores: higher */
		spec->has_better = 1;
	}
}

/* criterion "name" { weight = 5, better = "higher", ... }  [-1, +0, v] */
static int
l_criterion_body(lua_State *L)
{
	struct crit_spec spec;
	const char *name;
	tdm_criterion *c;
	tdm_cmp_op op = TDM_CMP_EQ;
	tdm_value operand;
	tdm_error e;
	tdm_decl *d;
	long line;
	size_t i;
	int top;
	char what[200], *score_src = NULL, *must_src = NULL;

	d = body_start(L, "criterion", &name, &line);
	top = lua_gettop(L);
	snprintf(what, sizeof what, "criterion '%s'", name);
	memset(&spec, 0, sizeof spec);
	read_criterion(L, d, what, &spec);

	/* From here on, C only until the criterion is in the model: nothing
	 * allocated with malloc may be lost to a Lua error. */
	operand.type = TDM_VAL_MISSING;
	tdm_error_clear(&e);
	if (spec.must_text != NULL &&
	    tdm_must_parse(spec.must_text, &op, &operand, &e) != TDM_OK) {
		if (e.code == TDM_NOMEM)
			return fail_nomem(L, d);
		return fail(L, d, TDM_DATA, "%s: %s (column %ld of \"%s\")", what,
		            e.message, e.column, spec.must_text);
	}
	if ((spec.score_ref > 0 &&
	     (score_src = function_source(d, spec.score_first, spec.score_last,
	                                  "score")) == NULL) ||
	    (spec.must_ref > 0 &&
	     (must_src = function_source(d, spec.must_first, spec.must_last,
	                                 "must")) == NULL)) {
		free(score_src);
		tdm_value_free(&operand);
		return fail_nomem(L, d);
	}
	if (tdm_model_add_criterion(d->m, name, d->source, line, &c, &e) !=
	    TDM_OK) {
		free(score_src);
		free(must_src);
		tdm_value_free(&operand);
		return fail_with(L, d, &e);
	}
	c->weight = spec.weight;
	c->has_weight = spec.has_weight;
	c->has_pref = spec.has_pref;
	c->pref = spec.pref;
	c->q = spec.q;
	c->p = spec.p;
	c->s = spec.s;
	if (spec.rule != NULL) {
		size_t np = spec.rule->n_params;
		c->vf.kind = spec.rule->kind;
		c->vf.n_params = np;
		if ((c->vf.params = malloc(np * sizeof *c->vf.params)) == NULL)
			return fail_nomem(L, d);
		memcpy(c->vf.params, spec.rule->params, np * sizeof *c->vf.params);
		if ((c->vf.text = rule_text(&c->vf)) == NULL)
			return fail_nomem(L, d);
	}
	c->better = (tdm_better)spec.better;
	c->has_better = spec.has_better;
	c->has_scale = spec.has_scale;
	c->scale_lo = spec.lo;
	c->scale_hi = spec.hi;
	c->score_fn = spec.score_ref;
	c->score_src = score_src;
	c->score_line = spec.score_ref > 0 ? spec.score_first : 0;
	if (spec.must_text != NULL) {
		c->must.is_set = 1;
		c->must.op = op;
		c->must.operand = operand;
		c->must.text = tdm__strdup(spec.must_text);
		if (c->must.text == NULL)
			return fail_nomem(L, d);
	} else if (spec.must_ref > 0) {
		c->must.is_set = 1;
		c->must.fn = spec.must_ref;
		c->must.text = must_src;
		c->must.fn_line = spec.must_first;
	}
	if ((spec.unit != NULL && (c->unit = tdm__strdup(spec.unit)) == NULL) ||
	    (spec.because != NULL &&
	     (c->because = tdm__strdup(spec.because)) == NULL))
		return fail_nomem(L, d);
	if (spec.n_levels > 0) {
		c->levels = calloc(spec.n_levels, sizeof *c->levels);
		if (c->levels == NULL)
			return fail_nomem(L, d);
		for (i = 0; i < spec.n_levels; i++) {
			c->levels[i].value = spec.levels[i].value;
			c->levels[i].name = tdm__strdup(spec.levels[i].name);
			if (c->levels[i].name == NULL)
				return fail_nomem(L, d);
			c->n_levels = i + 1;
		}
	}
	lua_settop(L, top);
	return 0;
}

/* criterion "name" -> function(t)  [-1, +1, v] */
static int
l_criterion(lua_State *L)
{
	return curry(L, "criterion", l_criterion_body);
}

/* ------------------------------------------------------------------------
 * option and options
 * --------------------------------------------------------------------- */

struct attr_ent {
	const char *key;
	tdm_value value; /* strings lent by Lua */
};

static int
cmp_attr(const void *a, const void *b)
{
	return strcmp(((const struct attr_ent *)a)->key,
	              ((const struct attr_ent *)b)->key);
}

/* The table on top of the stack as a range {lo, hi}: exactly two entries,
 * both finite numbers, lo < hi. Returns 0 and fills *v, or -1. The stack
 * is left as it was. */
static int
read_range(lua_State *L, tdm_value *v)
{
	int n = 0, ok;
	double lo, hi;

	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pop(L, 1);
		n++;
	}
	if (n != 2)
		return -1;
	lua_rawgeti(L, -1, 1);
	lua_rawgeti(L, -2, 2);
	ok = lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TNUMBER;
	lo = lua_tonumber(L, -2);
	hi = lua_tonumber(L, -1);
	lua_pop(L, 2);
	if (!ok || !isfinite(lo) || !isfinite(hi) || !(lo < hi))
		return -1;
	v->type = TDM_VAL_RANGE;
	v->as.range.lo = lo;
	v->as.range.hi = hi;
	return 0;
}

/* option "name" { attr = value, ... }  [-1, +0, v] */
static int
l_option_body(lua_State *L)
{
	struct attr_ent *ents;
	const char *name;
	tdm_decl *d;
	tdm_error e;
	size_t n = 0, i = 0, index;
	long line, id;
	char num[40];

	d = body_start(L, "option", &name, &line);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		n++;
	}
	ents = lua_newuserdatauv(L, (n ? n : 1) * sizeof *ents, 0);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		struct attr_ent *a = &ents[i];
		if (lua_type(L, -2) != LUA_TSTRING)
			return fail(L, d, TDM_DATA,
			            "option '%s': attribute names must be strings, got "
			            "a %s key",
			            name, luaL_typename(L, -2));
		a->key = lua_tostring(L, -2);
		a->value.column = 0;
		switch (lua_type(L, -1)) {
		case LUA_TNUMBER:
			a->value.type = TDM_VAL_NUMBER;
			a->value.as.num = lua_tonumber(L, -1);
			if (!isfinite(a->value.as.num))
				return fail(L, d, TDM_DATA,
				            "option '%s': attribute '%s' must be a finite "
				            "number, got %s",
				            name, a->key,
				            tdm_format_number(a->value.as.num, num,
				                              sizeof num));
			break;
		case LUA_TSTRING:
			a->value.type = TDM_VAL_STRING;
			a->value.as.str = (char *)lua_tostring(L, -1);
			break;
		case LUA_TBOOLEAN:
			a->value.type = TDM_VAL_BOOL;
			a->value.as.boolean = lua_toboolean(L, -1);
			break;
		case LUA_TTABLE:
			/* an uncertain number: a range {lo, hi} */
			if (read_range(L, &a->value) != 0)
				return fail(L, d, TDM_DATA,
				            "option '%s': attribute '%s' must be a range "
				            "{lo, hi}: two finite numbers with lo < hi",
				            name, a->key);
			break;
		default:
			return fail(L, d, TDM_DATA,
			            "option '%s': attribute '%s' is a %s (expected a "
			            "number, a string or a boolean)",
			            name, a->key, luaL_typename(L, -1));
		}
		lua_pop(L, 1);
		i++;
	}
	/* sorted, so that attribute ids do not depend on hash order */
	qsort(ents, n, sizeof *ents, cmp_attr);

	if (tdm_model_add_option(d->m, name, d->source, line, &index, &e) !=
	    TDM_OK)
		return fail_with(L, d, &e);
	for (i = 0; i < n; i++) {
		if ((id = tdm_model_attr(d->m, ents[i].key, 1)) < 0)
			return fail_nomem(L, d);
		if (tdm_model_set_value(d->m, index, (size_t)id, &ents[i].value,
		                        &e) != TDM_OK)
			return fail_with(L, d, &e);
	}
	lua_pop(L, 1);
	return 0;
}

/* option "name" -> function(t)  [-1, +1, v] */
static int
l_option(lua_State *L)
{
	return curry(L, "option", l_option_body);
}

/* options "more.csv": options from a CSV file, the path relative to the
 * decision file's directory (see relative_path).  [-1, +0, v] */
static int
l_options(lua_State *L)
{
	tdm_decl *d = loading_decl(L, "options");
	const char *resolved;
	tdm_error e;

	resolved = relative_path(L, d, 1, "options", "options \"file.csv\"");
	tdm_error_clear(&e);
	if (tdm_csv_load_options(d->m, resolved, NULL, &e) != TDM_OK)
		return fail_with(L, d, &e);
	return 0;
}

/* ------------------------------------------------------------------------
 * stakeholder
 * --------------------------------------------------------------------- */

static const char *const stakeholder_keys[] = {"weights", NULL};

struct weight_ent {
	const char *key;   /* lent by Lua */
	double weight;
};

static int
cmp_weight(const void *a, const void *b)
{
	return strcmp(((const struct weight_ent *)a)->key,
	              ((const struct weight_ent *)b)->key);
}

/* Append stakeholder `name` with the n weights in ents (names copied) to
 * m. C only: nothing is left half-built on failure. */
static tdm_status
add_stakeholder(tdm_model *m, const char *name,
                const struct weight_ent *ents, size_t n, int source,
                long line)
{
	tdm_stakeholder *grown, *sh;
	size_t i;

	grown = realloc(m->stakeholders,
	                (m->n_stakeholders + 1) * sizeof *m->stakeholders);
	if (grown == NULL)
		return TDM_NOMEM;
	m->stakeholders = grown;
	sh = &m->stakeholders[m->n_stakeholders];
	memset(sh, 0, sizeof *sh);
	sh->source = source;
	sh->line = line;
	sh->name = tdm__strdup(name);
	sh->criteria = calloc(n ? n : 1, sizeof *sh->criteria);
	sh->weights = calloc(n ? n : 1, sizeof *sh->weights);
	if (sh->name == NULL || sh->criteria == NULL || sh->weights == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if ((sh->criteria[i] = tdm__strdup(ents[i].key)) == NULL)
			goto nomem;
		sh->weights[i] = ents[i].weight;
		sh->n = i + 1;
	}
	m->n_stakeholders++;
	return TDM_OK;
nomem:
	for (i = 0; i < sh->n; i++)
		free(sh->criteria[i]);
	free(sh->criteria);
	free(sh->weights);
	free(sh->name);
	return TDM_NOMEM;
}

/* stakeholder "name" { weights = { criterion = number, ... } }: the
 * criterion names are checked at the end of the file (check_stakeholders),
 * since a stakeholder may come before its criteria.  [-1, +0, v] */
static int
l_stakeholder_body(lua_State *L)
{
	struct weight_ent *ents;
	const char *name;
	tdm_decl *d;
	size_t n = 0, i = 0;
	long line;
	int wt;
	double sum = 0;
	char what[200], label[400];

	d = body_start(L, "stakeholder", &name, &line);
	snprintf(what, sizeof what, "stakeholder '%s'", name);
	check_keys(L, d, 1, what, stakeholder_keys);
	for (i = 0; i < d->m->n_stakeholders; i++)
		if (strcmp(d->m->stakeholders[i].name, name) == 0)
			return fail(L, d, TDM_DATA,
			            "%s is declared twice (lines %ld and %ld)", what,
			            d->m->stakeholders[i].line, line);
	if (rawfield(L, 1, "weights") != LUA_TTABLE)
		return fail(L, d, TDM_DATA,
		            "%s: weights must be a table { criterion = number, "
		            "... }, got %s",
		            what, luaL_typename(L, -1));
	wt = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, wt)) {
		lua_pop(L, 1);
		n++;
	}
	ents = lua_newuserdatauv(L, (n ? n : 1) * sizeof *ents, 0);
	i = 0;
	lua_pushnil(L);
	while (lua_next(L, wt)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return fail(L, d, TDM_DATA,
			            "%s: weights are criterion = number, got a %s key",
			            what, luaL_typename(L, -2));
		ents[i].key = lua_tostring(L, -2);
		snprintf(label, sizeof label, "%s: the weight of '%s'", what,
		         ents[i].key);
		ents[i].weight = check_finite(L, d, -1, label);
		if (ents[i].weight < 0)
			return fail(L, d, TDM_DATA, "%s must be >= 0, got %g", label,
			            ents[i].weight);
		sum += ents[i].weight;
		lua_pop(L, 1);
		i++;
	}
	if (!(sum > 0))
		return fail(L, d, TDM_DATA,
		            "%s gives every criterion weight 0: weights = { "
		            "criterion = number, ... } with at least one > 0",
		            what);
	/* sorted, so that the order does not depend on hash order */
	qsort(ents, n, sizeof *ents, cmp_weight);
	if (add_stakeholder(d->m, name, ents, n, d->source, line) != TDM_OK)
		return fail_nomem(L, d);
	lua_settop(L, 1);
	return 0;
}

/* stakeholder "name" -> function(t)  [-1, +1, v] */
static int
l_stakeholder(lua_State *L)
{
	return curry(L, "stakeholder", l_stakeholder_body);
}

/* Every criterion that stakeholders[from..] name must exist by the end of
 * the file. */
static tdm_status
check_stakeholders(const tdm_model *m, size_t from, tdm_error *err)
{
	size_t s, q, c, dist, best_dist;
	const char *best;

	for (s = from; s < m->n_stakeholders; s++) {
		const tdm_stakeholder *sh = &m->stakeholders[s];
		for (q = 0; q < sh->n; q++) {
			best = NULL;
			best_dist = 3;
			for (c = 0; c < m->n_criteria; c++) {
				if (strcmp(m->criteria[c].name, sh->criteria[q]) == 0)
					break;
				dist = edit_distance(m->criteria[c].name, sh->criteria[q]);
				if (dist < best_dist) {
					best_dist = dist;
					best = m->criteria[c].name;
				}
			}
			if (c < m->n_criteria)
				continue;
			if (best != NULL)
				return tdm_error_set(err, TDM_DATA,
				                     tdm_model_source_name(m, sh->source),
				                     sh->line, 0,
				                     "stakeholder '%s': '%s' is not a "
				                     "criterion, did you mean '%s'?",
				                     sh->name, sh->criteria[q], best);
			return tdm_error_set(err, TDM_DATA,
			                     tdm_model_source_name(m, sh->source),
			                     sh->line, 0,
			                     "stakeholder '%s': '%s' is not a criterion",
			                     sh->name, sh->criteria[q]);
		}
	}
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * expect: the decision's own checks, for `tradeoff check` (expect.h)
 * --------------------------------------------------------------------- */

static const char *const expect_keys[] = {
	"winner", "rank", "min_margin", "stable_within",
	"never_chosen_if_rejected", NULL,
};

struct rank_ent {
	const char *key;   /* lent by Lua */
	long rank;
};

static int
cmp_rank_ent(const void *a, const void *b)
{
	return strcmp(((const struct rank_ent *)a)->key,
	              ((const struct rank_ent *)b)->key);
}

/* Append one expectation to the decl. 0 ok, -1 out of memory. */
static int
add_expectation(tdm_decl *d, tdm_expect_kind kind, const char *option,
                long rank, double number, long line)
{
	tdm_expectation *e;
	void *arr = d->expects;

	if (tdm__grow(&arr, &d->cap_expects, d->n_expects + 1,
	              sizeof *d->expects) != 0)
		return -1;
	d->expects = arr;
	e = &d->expects[d->n_expects];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->rank = rank;
	e->number = number;
	e->source = d->source;
	e->line = line;
	if (option != NULL && (e->option = tdm__strdup(option)) == NULL)
		return -1;
	d->n_expects++;
	return 0;
}

/* expect { winner = "X", rank = { X = 1 }, min_margin = 0.02,
 *          stable_within = 0.10, never_chosen_if_rejected = true }
 * Option names are checked when the expectations are (the options may
 * come from --options).  [-1, +0, v] */
static int
l_expect(lua_State *L)
{
	tdm_decl *d = loading_decl(L, "expect");
	struct rank_ent *ents;
	char list[256];
	long line;
	size_t n, i;
	double x;
	int rt;

	tdm__sandbox_where(L, 1, &line);
	join_keys(expect_keys, list, sizeof list);
	if (lua_type(L, 1) != LUA_TTABLE)
		return fail(L, d, TDM_DATA,
		            "expect: expected a table: expect { winner = \"name\" "
		            "}, got %s",
		            luaL_typename(L, 1));
	lua_settop(L, 1);
	check_keys(L, d, 1, "expect", expect_keys);
	if (count_keys(L, 1) == 0)
		return fail(L, d, TDM_DATA, "expect { }: nothing is expected "
		                            "(keys: %s)",
		            list);
	if (rawfield(L, 1, "winner") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
			return fail(L, d, TDM_DATA,
			            "expect: winner must be an option's name, got %s",
			            luaL_typename(L, -1));
		if (add_expectation(d, TDM_EXPECT_WINNER, lua_tostring(L, -1), 0,
		                    0, line) != 0)
			return fail_nomem(L, d);
	}
	lua_pop(L, 1);
	if (rawfield(L, 1, "rank") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TTABLE || count_keys(L, 2) == 0)
			return fail(L, d, TDM_DATA,
			            "expect: rank must be a table { option = rank, ... "
			            "}, got %s",
			            lua_type(L, -1) == LUA_TTABLE ? "an empty table"
			                                          : luaL_typename(L, -1));
		rt = lua_gettop(L);
		n = count_keys(L, rt);
		ents = lua_newuserdatauv(L, n * sizeof *ents, 0);
		i = 0;
		lua_pushnil(L);
		while (lua_next(L, rt)) {
			if (lua_type(L, -2) != LUA_TSTRING)
				return fail(L, d, TDM_DATA,
				            "expect: rank is { option = rank, ... }, got a "
				            "%s key",
				            luaL_typename(L, -2));
			ents[i].key = lua_tostring(L, -2);
			if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
			    lua_tointeger(L, -1) > LONG_MAX)
				return fail(L, d, TDM_DATA,
				            "expect: the rank of '%s' must be a whole number "
				            ">= 1, got %s",
				            ents[i].key,
				            lua_type(L, -1) == LUA_TNUMBER
				                ? lua_tostring(L, -1)
				                : luaL_typename(L, -1));
			ents[i].rank = (long)lua_tointeger(L, -1);
			lua_pop(L, 1);
			i++;
		}
		qsort(ents, n, sizeof *ents, cmp_rank_ent);
		for (i = 0; i < n; i++)
			if (add_expectation(d, TDM_EXPECT_RANK, ents[i].key, ents[i].rank,
			                    0, line) != 0)
				return fail_nomem(L, d);
	}
	lua_settop(L, 1);
	if (rawfield(L, 1, "min_margin") != LUA_TNIL) {
		x = check_finite(L, d, -1, "expect: min_margin");
		if (x < 0 || x > 1)
			return fail(L, d, TDM_DATA,
			            "expect: min_margin is the winner's relative lead, "
			            "from 0 to 1 (0.02 = 2 %%), got %g",
			            x);
		if (add_expectation(d, TDM_EXPECT_MIN_MARGIN, NULL, 0, x, line) != 0)
			return fail_nomem(L, d);
	}
	lua_pop(L, 1);
	if (rawfield(L, 1, "stable_within") != LUA_TNIL) {
		x = check_finite(L, d, -1, "expect: stable_within");
		if (!(x > 0) || x >= 1)
			return fail(L, d, TDM_DATA,
			            "expect: stable_within is a relative change of each "
			            "weight, above 0 and below 1 (0.10 = +-10 %%), got %g",
			            x);
		if (add_expectation(d, TDM_EXPECT_STABLE_WITHIN, NULL, 0, x, line) !=
		    0)
			return fail_nomem(L, d);
	}
	lua_pop(L, 1);
	if (rawfield(L, 1, "never_chosen_if_rejected") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TBOOLEAN)
			return fail(L, d, TDM_DATA,
			            "expect: never_chosen_if_rejected must be true or "
			            "false, got %s",
			            luaL_typename(L, -1));
		if (lua_toboolean(L, -1) &&
		    add_expectation(d, TDM_EXPECT_NEVER_CHOSEN_IF_REJECTED, NULL, 0, 0,
		                    line) != 0)
			return fail_nomem(L, d);
	}
	lua_settop(L, 1);
	return 0;
}

const tdm_expectation *
tdm__decl_expectations(const tdm_decl *d, size_t *n)
{
	*n = d != NULL ? d->n_expects : 0;
	return d != NULL ? d->expects : NULL;
}

static const luaL_Reg vocabulary[] = {
	{"decision", l_decision},
	{"criterion", l_criterion},
	{"option", l_option},
	{"options", l_options},
	{"stakeholder", l_stakeholder},
	{"expect", l_expect},
	{"linear", l_linear},
	{"piecewise", l_piecewise},
	{"step", l_step},
	{"target", l_target},
	{"logscale", l_logscale},
	{NULL, NULL},
};

/* ------------------------------------------------------------------------
 * The public API
 * --------------------------------------------------------------------- */

tdm_decl *
tdm_decl_new(const tdm_lua_limits *limits, tdm_diag_fn diag, void *diag_ud)
{
	tdm_decl *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	d->sb = tdm__sandbox_new(limits, diag, diag_ud);
	if (d->sb == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

void
tdm_decl_free(tdm_decl *d)
{
	size_t i;

	if (d == NULL)
		return;
	tdm__sandbox_free(d->sb);
	free(d->rows.key_text);
	free(d->rows.key_off);
	free(d->rows.cells);
	free(d->rows.held);
	free(d->rows.held_list);
	free(d->rows.text);
	free(d->spans);
	for (i = 0; i < d->n_expects; i++)
		free(d->expects[i].option);
	free(d->expects);
	free(d);
}

tdm_status
tdm_decl_load_buffer(tdm_decl *d, const char *name, const char *text,
                     size_t len, tdm_model *m, tdm_error *err)
{
	tdm_status rc;
	size_t n_before, sh_before, i;

	tdm_error_clear(err);
	if (name == NULL)
		name = "decision";
	if (d->m != NULL)
		return tdm_error_set(err, TDM_USAGE, name, 0, 0,
		                     "a decision file is already loading");
	d->source = tdm_model_source(m, name);
	if (d->source < 0)
		return tdm__nomem(err);
	d->m = m;
	d->path = name;
	d->text = text;
	d->len = len;
	d->has_stash = 0;
	d->has_pending = 0;
	n_before = m->n_criteria;
	sh_before = m->n_stakeholders;

	rc = tdm__sandbox_run_chunk(d->sb, name, text, len, vocabulary, d, err);
	if (d->has_stash) {
		rc = d->stash.code;
		if (err != NULL)
			*err = d->stash;
	} else if (rc == TDM_OK && d->has_pending) {
		rc = tdm_error_set(err, TDM_DATA, d->pending_source, d->pending_line,
		                   0, "%s '%s' has no table: write %s \"%s\" { ... }",
		                   d->pending_kind, d->pending_name, d->pending_kind,
		                   d->pending_name);
	} else if (rc == TDM_OK && weights_are_direct(m)) {
		/* criteria declared before the decision said how weights come */
		for (i = n_before; i < m->n_criteria; i++)
			if (!m->criteria[i].has_weight) {
				const tdm_criterion *c = &m->criteria[i];
				rc = tdm_error_set(err, TDM_DATA,
				                   tdm_model_source_name(m, c->source),
				                   c->line, 0, "criterion '%s' has no weight",
				                   c->name);
				break;
			}
	}
	/* stakeholders may name criteria declared after them */
	if (rc == TDM_OK)
		rc = check_stakeholders(m, sh_before, err);

	free(d->spans);
	d->spans = NULL;
	d->n_spans = 0;
	d->spans_state = 0;
	d->has_pending = 0;
	d->m = NULL;
	d->path = NULL;
	d->text = NULL;
	d->len = 0;
	return rc;
}

tdm_status
tdm_decl_load_file(tdm_decl *d, const char *path, tdm_model *m,
                   tdm_error *err)
{
	FILE *f;
	char *buf = NULL, *p;
	size_t len = 0, cap = 0, got;
	tdm_status rc;

	tdm_error_clear(err);
	if ((f = fopen(path, "rb")) == NULL)
		return tdm_error_set(err, TDM_IO, path, 0, 0, "cannot open: %s",
		                     strerror(errno));
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8192;
			if (ncap < cap || (p = realloc(buf, ncap)) == NULL) {
				rc = tdm__nomem(err);
				goto out;
			}
			buf = p;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot read: %s",
		                   strerror(errno));
		goto out;
	}
	rc = tdm_decl_load_buffer(d, path, buf, len, m, err);
out:
	fclose(f);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------------
 * The option table: what score and must functions get as `o`
 *
 * See doc/design/lua-rows.md. `o` is a proxy: an empty table whose locked
 * metatable (M) reads through (__index) to a data table (D) holding the
 * option's attributes (nil for missing values and ranges); D's own
 * __index answers `name`. D is written only here and never handed to Lua
 * code, so it is kept while the same option is asked again: C keeps a
 * snapshot of what D holds and reuses D only when the option's values
 * still equal it. K lists D's keys, interned once. The proxy is empty, so
 * any write into it runs __newindex, which turns it into a plain table
 * holding a copy of the option (what a call used to get) and marks it
 * spent: the next call gets a fresh proxy. M, D, K and the proxy live in
 * the registry, made on first use.
 * --------------------------------------------------------------------- */

/* [-0, +1, m] */
static void
push_value(lua_State *L, const tdm_value *v)
{
	switch (v->type) {
	case TDM_VAL_NUMBER: lua_pushnumber(L, v->as.num); break;
	case TDM_VAL_STRING: lua_pushstring(L, v->as.str); break;
	case TDM_VAL_BOOL: lua_pushboolean(L, v->as.boolean); break;
	default: lua_pushnil(L); break;
	}
}

/* The Lua type a value has in the option table: push_value's. */
static int
cell_type(const tdm_value *v)
{
	switch (v->type) {
	case TDM_VAL_NUMBER: return LUA_TNUMBER;
	case TDM_VAL_STRING: return LUA_TSTRING;
	case TDM_VAL_BOOL: return LUA_TBOOLEAN;
	default: return LUA_TNIL; /* missing, and a range */
	}
}

/* Does the data table hold v where it holds cell c? Numbers compare by
 * their bits (0.0 and -0.0 differ). */
static int
same_cell(const row_state *rs, const row_cell *c, const tdm_value *v)
{
	if (c->type != cell_type(v))
		return 0;
	switch (c->type) {
	case LUA_TNUMBER:
		return memcmp(&c->num, &v->as.num, sizeof c->num) == 0;
	case LUA_TSTRING: return strcmp(rs->text + c->str, v->as.str) == 0;
	case LUA_TBOOLEAN: return c->num == (v->as.boolean != 0);
	default: return 1;
	}
}

/* Is the data table keyed by m's attribute names? Compared by content:
 * a model freed and another made at the same address must not pass. */
static int
same_keys(const row_state *rs, const tdm_model *m)
{
	size_t i;

	if (!rs->keys_ok || rs->n_keys != m->n_attrs)
		return 0;
	for (i = 0; i < m->n_attrs; i++)
		if (strcmp(m->attrs[i], rs->key_text + rs->key_off[i]) != 0)
			return 0;
	return 1;
}

/* Room for n keys in held and held_list. -1 on out of memory. */
static int
grow_held(row_state *rs, size_t n)
{
	size_t cap = rs->cap_held, cap2 = rs->cap_held;

	if (n <= rs->cap_held)
		return 0;
	if (tdm__grow((void **)&rs->held, &cap, n, 1) ||
	    tdm__grow((void **)&rs->held_list, &cap2, n, sizeof *rs->held_list))
		return -1;
	rs->cap_held = cap < cap2 ? cap : cap2;
	return 0;
}

/* Copy m's attribute names as the keys to build. -1 on out of memory. */
static int
snap_keys(row_state *rs, const tdm_model *m)
{
	size_t i, len;

	rs->key_len = 0;
	rs->has_name = 1;
	if (tdm__grow((void **)&rs->key_off, &rs->key_off_cap, m->n_attrs,
	              sizeof *rs->key_off))
		return -1;
	for (i = 0; i < m->n_attrs; i++) {
		len = strlen(m->attrs[i]) + 1;
		if (tdm__grow((void **)&rs->key_text, &rs->key_cap,
		              rs->key_len + len, 1))
			return -1;
		memcpy(rs->key_text + rs->key_len, m->attrs[i], len);
		rs->key_off[i] = rs->key_len;
		rs->key_len += len;
		if (strcmp(m->attrs[i], "name") == 0)
			rs->has_name = 0;
	}
	rs->n_keys = m->n_attrs;
	/* the new keys get a new data table: nothing in it yet */
	if (grow_held(rs, rs->n_keys))
		return -1;
	if (rs->n_keys > 0)
		memset(rs->held, 0, rs->n_keys);
	rs->n_held = 0;
	return 0;
}

/* Append s to the snapshot's text; its offset into *off. -1 on out of
 * memory. */
static int
snap_text(row_state *rs, const char *s, size_t *off)
{
	size_t len = strlen(s) + 1;

	if (tdm__grow((void **)&rs->text, &rs->text_cap, rs->text_len + len, 1))
		return -1;
	memcpy(rs->text + rs->text_len, s, len);
	*off = rs->text_len;
	rs->text_len += len;
	return 0;
}

/* Before a call with option o of m: decide what push_row must do, and take
 * the snapshot of what the data table will hold. Runs outside Lua, so that
 * a failing malloc is a plain TDM_NOMEM. */
static tdm_status
rows_prepare(row_state *rs, const tdm_model *m, size_t o, tdm_error *err)
{
	static const tdm_value missing = {TDM_VAL_MISSING, 0, {0}};
	const tdm_option *opt = &m->options[o];
	const tdm_value *v;
	row_cell *c;
	size_t i, off;

	rs->need_keys = !same_keys(rs, m);
	if (rs->need_keys) {
		rs->keys_ok = rs->filled = 0;
		if (snap_keys(rs, m))
			return tdm__nomem(err);
	} else if (rs->filled && rs->m == m && rs->o == o &&
	           strcmp(rs->text, opt->name) == 0) {
		for (i = 0; i < rs->n_keys; i++) {
			v = i < opt->n_values ? &opt->values[i] : &missing;
			if (!same_cell(rs, &rs->cells[i], v))
				break;
		}
		if (i == rs->n_keys) {
			rs->need_fill = 0;
			return TDM_OK;
		}
	}
	rs->need_fill = 1;
	rs->filled = 0;
	rs->text_len = 0;
	if (tdm__grow((void **)&rs->cells, &rs->cap_cells, rs->n_keys,
	              sizeof *rs->cells) ||
	    snap_text(rs, opt->name, &off))
		return tdm__nomem(err);
	for (i = 0; i < rs->n_keys; i++) {
		v = i < opt->n_values ? &opt->values[i] : &missing;
		c = &rs->cells[i];
		c->type = cell_type(v);
		c->num = 0;
		c->str = 0;
		if (c->type == LUA_TNUMBER)
			c->num = v->as.num;
		else if (c->type == LUA_TBOOLEAN)
			c->num = v->as.boolean != 0;
		else if (c->type == LUA_TSTRING && snap_text(rs, v->as.str, &c->str))
			return tdm__nomem(err);
	}
	rs->m = m;
	rs->o = o;
	return TDM_OK;
}

static void hold_all(lua_State *L, row_state *rs);
static int l_row_fetch(lua_State *L);

/* __newindex of a proxy, o[k] = v: the first write into o. Copy the
 * option into it, drop its metatable and write, so that from now on it is
 * a plain table as a call used to get; if it is the current proxy, the
 * next call needs a new one.  [-0, +0, e] */
static int
l_row_write(lua_State *L)
{
	row_state *rs = &decl_of(L)->rows;
	int t;

	lua_settop(L, 3);
	/* what Lua 5.4.4 itself says for t[nil] and t[0/0], at the caller's
	 * line (test_lua_rowtable compares with a plain table) */
	t = lua_type(L, 2);
	if (t == LUA_TNIL)
		return luaL_error(L, "table index is nil");
	if (t == LUA_TNUMBER && lua_tonumber(L, 2) != lua_tonumber(L, 2))
		return luaL_error(L, "table index is NaN");
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->proxy_ref);
	if (lua_rawequal(L, -1, 1))
		rs->dirty = 1;
	lua_pop(L, 1);
	hold_all(L, rs);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->data_ref); /* 4 */
	lua_pushnil(L);
	while (lua_next(L, 4)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, 1);
	}
	if (rs->has_name) {
		lua_pushliteral(L, "name");
		lua_pushstring(L, rs->text);
		lua_rawset(L, 1);
	}
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_setmetatable(L, 1);
	lua_rawset(L, 1);
	assert(lua_gettop(L) == 1);
	return 0;
}

/* Is the value at idx the string "name"? */
static int
is_name_key(lua_State *L, int idx)
{
	size_t len;
	const char *k;

	if (lua_type(L, idx) != LUA_TSTRING)
		return 0;
	k = lua_tolstring(L, idx, &len);
	return len == 4 && memcmp(k, "name", 4) == 0;
}

/* The iterator of pairs(o): next over the data table, then `name`, for a
 * proxy only, without handing the data table out.  [-0, +(1|2), e] */
static int
l_row_next(lua_State *L)
{
	const row_state *rs = &decl_of(L)->rows;

	lua_settop(L, 2);
	if (lua_getmetatable(L, 1)) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, rs->meta_ref);
		if (lua_rawequal(L, -1, -2) && !(rs->has_name && is_name_key(L, 2))) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, rs->data_ref);
			lua_pushvalue(L, 2);
			if (lua_next(L, -2))
				return 2;
			if (rs->has_name) {
				lua_pushliteral(L, "name");
				lua_pushstring(L, rs->text);
				return 2;
			}
		}
	}
	lua_pushnil(L);
	return 1;
}

/* __pairs of a proxy (upvalue 2 is the iterator).  [-0, +3, -] */
static int
l_row_pairs(lua_State *L)
{
	hold_all(L, &decl_of(L)->rows);
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* Replace the current proxy with a fresh one.  [-0, +0, m] */
static void
new_proxy(lua_State *L, row_state *rs)
{
	lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->meta_ref);
	lua_setmetatable(L, -2);
	if (rs->proxy_ref == 0)
		rs->proxy_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	else
		lua_rawseti(L, LUA_REGISTRYINDEX, rs->proxy_ref);
	rs->dirty = 0;
}

/* Make whichever of the four tables does not exist yet (an earlier try
 * may have run out of memory half way).  [-0, +0, m] */
static void
make_row_tables(lua_State *L, tdm_decl *d)
{
	row_state *rs = &d->rows;

	if (rs->meta_ref == 0) {
		lua_createtable(L, 0, 4);
		lua_pushlightuserdata(L, d);
		lua_pushcclosure(L, l_row_write, 1);
		lua_setfield(L, -2, "__newindex");
		lua_pushlightuserdata(L, d);
		lua_pushlightuserdata(L, d);
		lua_pushcclosure(L, l_row_next, 1);
		lua_pushcclosure(L, l_row_pairs, 2);
		lua_setfield(L, -2, "__pairs");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		rs->meta_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	if (rs->data_ref == 0) {
		lua_newtable(L);
		rs->data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	if (rs->keys_ref == 0) {
		lua_newtable(L);
		rs->keys_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	if (rs->proxy_ref == 0)
		new_proxy(L, rs);
}

/* New data and keys tables for the names in key_text, M.__index pointed
 * at the new data table.  [-0, +0, m] */
static void
key_rows(lua_State *L, tdm_decl *d)
{
	row_state *rs = &d->rows;
	int n = rs->n_keys < INT_MAX ? (int)rs->n_keys : 0;
	size_t i;

	lua_createtable(L, 0, n);
	lua_createtable(L, 0, 1);
	lua_pushlightuserdata(L, d);
	lua_pushcclosure(L, l_row_fetch, 1);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	/* keys[i] is key i's name, keys[name] its i */
	lua_createtable(L, n, n);
	for (i = 0; i < rs->n_keys; i++) {
		lua_pushstring(L, rs->key_text + rs->key_off[i]);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, (lua_Integer)i + 1);
		lua_pushinteger(L, (lua_Integer)i + 1);
		lua_rawset(L, -3);
	}
	lua_rawseti(L, LUA_REGISTRYINDEX, rs->keys_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->meta_ref);
	lua_pushliteral(L, "__index");
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	lua_rawseti(L, LUA_REGISTRYINDEX, rs->data_ref);
	rs->keys_ok = 1;
}

/* Push snapshot cell i's value.  [-0, +1, m] */
static void
push_cell(lua_State *L, const row_state *rs, size_t i)
{
	const row_cell *c = &rs->cells[i];

	switch (c->type) {
	case LUA_TNUMBER: lua_pushnumber(L, c->num); break;
	case LUA_TSTRING: lua_pushstring(L, rs->text + c->str); break;
	case LUA_TBOOLEAN: lua_pushboolean(L, c->num != 0); break;
	default: lua_pushnil(L); break;
	}
}

/* Set the held keys of the data table from the snapshot: the previous
 * option's values cannot survive. The other keys are not in the table
 * and are fetched from the snapshot when read (l_row_fetch), `name`
 * too. A function that reads two of thirty attributes costs two here,
 * not thirty.  [-0, +0, m] */
static void
fill_row(lua_State *L, row_state *rs)
{
	size_t h;

	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->data_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->keys_ref);
	for (h = 0; h < rs->n_held; h++) {
		size_t i = rs->held_list[h];
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		push_cell(L, rs, i);
		lua_rawset(L, -4);
	}
	lua_pop(L, 2);
	rs->filled = 1;
}

/* Hold every key: the data table complete, for pairs and for the copy a
 * first write makes.  [-0, +0, m] */
static void
hold_all(lua_State *L, row_state *rs)
{
	size_t i;

	for (i = 0; i < rs->n_keys; i++)
		if (!rs->held[i]) {
			rs->held[i] = 1;
			rs->held_list[rs->n_held++] = i;
		}
	fill_row(L, rs);
}

/* __index of the data table, data[k] for a key not in it: `name`, or an
 * attribute's value from the snapshot, then held (set in the table and
 * refreshed for every option from now on).  [-0, +1, m] */
static int
l_row_fetch(lua_State *L)
{
	row_state *rs = &decl_of(L)->rows;
	lua_Integer i;

	lua_settop(L, 2);
	if (rs->has_name && is_name_key(L, 2)) {
		lua_pushstring(L, rs->text);
		return 1;
	}
	if (lua_type(L, 2) != LUA_TSTRING) {
		lua_pushnil(L);
		return 1;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->keys_ref);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNUMBER) {
		lua_pushnil(L);
		return 1;
	}
	i = lua_tointeger(L, -1) - 1;
	lua_settop(L, 2);
	if (i < 0 || (size_t)i >= rs->n_keys) {
		lua_pushnil(L);
		return 1;
	}
	push_cell(L, rs, (size_t)i);
	if (!rs->held[i]) {
		rs->held[i] = 1;
		rs->held_list[rs->n_held++] = (size_t)i;
	}
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1);
	return 1;
}

/* Push `o` for the option rows_prepare was given.  [-0, +1, m] */
static void
push_row(lua_State *L, tdm_decl *d)
{
	row_state *rs = &d->rows;
	int top = lua_gettop(L);

	if (rs->meta_ref == 0 || rs->data_ref == 0 || rs->keys_ref == 0 ||
	    rs->proxy_ref == 0)
		make_row_tables(L, d);
	if (rs->need_keys) {
		key_rows(L, d);
		rs->need_keys = 0;
	}
	if (rs->need_fill) {
		fill_row(L, rs);
		rs->need_fill = 0;
	}
	if (rs->dirty)
		new_proxy(L, rs);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->proxy_ref);
	assert(lua_gettop(L) == top + 1);
	(void)top;
}

void
tdm_decl_rows_changed(tdm_decl *d)
{
	if (d != NULL)
		d->rows.filled = 0;
}

/* ------------------------------------------------------------------------
 * Hooks: calling score and must functions
 * --------------------------------------------------------------------- */

struct hook_call {
	tdm_decl *d;
	int handle;
	const tdm_value *v;   /* must: the value; NULL for score */
	/* results */
	int is_function;
	int type1, type2;
	double num;
	int ok;
	char *reason;
	size_t reason_size;
};

/* score(option) or must(value, option), results kept in the hook_call for
 * checking outside.  [-0, +0, e] */
static int
l_call_hook(lua_State *L)
{
	struct hook_call *h = lua_touserdata(L, 1);
	int nargs = 1;
	size_t len;
	const char *s;

	if (lua_rawgeti(L, LUA_REGISTRYINDEX, h->handle) != LUA_TFUNCTION)
		return 0;
	h->is_function = 1;
	if (h->v != NULL) {
		push_value(L, h->v);
		nargs++;
	}
	push_row(L, h->d);
	lua_call(L, nargs, h->v != NULL ? 2 : 1);
	if (h->v == NULL) {
		h->type1 = lua_type(L, -1);
		if (h->type1 == LUA_TNUMBER)
			h->num = lua_tonumber(L, -1);
		return 0;
	}
	h->type1 = lua_type(L, -2);
	h->ok = lua_toboolean(L, -2);
	h->type2 = lua_type(L, -1);
	if (h->type2 == LUA_TSTRING && h->reason_size > 0) {
		s = lua_tolstring(L, -1, &len);
		if (len >= h->reason_size)
			len = h->reason_size - 1;
		memcpy(h->reason, s, len);
		h->reason[len] = '\0';
	}
	return 0;
}

static const char *
lua_type_text(int t)
{
	switch (t) {
	case LUA_TNIL: return "nil";
	case LUA_TBOOLEAN: return "a boolean";
	case LUA_TNUMBER: return "a number";
	case LUA_TSTRING: return "a string";
	case LUA_TTABLE: return "a table";
	case LUA_TFUNCTION: return "a function";
	default: return "a userdata";
	}
}

static tdm_status
run_hook(tdm_decl *d, const tdm_model *m, size_t c, size_t o, int handle,
         long fn_line, struct hook_call *h, char *prefix, size_t prefix_size,
         tdm_error *err)
{
	const tdm_criterion *cr;
	tdm_sandbox_ctx ctx;
	const char *src;
	tdm_status rc;

	if (c >= m->n_criteria || o >= m->n_options)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "criterion %zu or option %zu out of range", c,
		                     o);
	cr = &m->criteria[c];
	src = tdm_model_source_name(m, cr->source);
	ctx.source = src[0] ? src : NULL;
	ctx.line = fn_line > 0 ? fn_line : cr->line;
	ctx.prefix = NULL; /* made from these on an error only */
	ctx.option = m->options[o].name;
	ctx.criterion = cr->name;
	/* the caller's messages start with it too: made when one is */
	prefix[0] = '\0';
	if (handle <= 0) {
		tdm__sandbox_prefix(prefix, prefix_size, ctx.option, ctx.criterion);
		return tdm_error_set(err, TDM_EVAL, ctx.source, ctx.line, 0,
		                     "%sno Lua function to call", prefix);
	}
	if ((rc = rows_prepare(&d->rows, m, o, err)) != TDM_OK)
		return rc;
	h->d = d;
	h->handle = handle;
	if ((rc = tdm__sandbox_call(d->sb, l_call_hook, h, &ctx, err)) != TDM_OK)
		return rc;
	if (!h->is_function) {
		tdm__sandbox_prefix(prefix, prefix_size, ctx.option, ctx.criterion);
		return tdm_error_set(err, TDM_EVAL, ctx.source, ctx.line, 0,
		                     "%sfunction handle %d does not belong to this "
		                     "decision",
		                     prefix, handle);
	}
	return TDM_OK;
}

static tdm_status
hook_score(void *ud, const tdm_model *m, size_t c, size_t o, double *out,
           tdm_error *err)
{
	struct hook_call h;
	char prefix[400], num[40];
	const tdm_criterion *cr;
	const char *src;
	tdm_status rc;

	memset(&h, 0, sizeof h);
	rc = run_hook(ud, m, c, o, c < m->n_criteria ? m->criteria[c].score_fn : 0,
	              c < m->n_criteria ? m->criteria[c].score_line : 0, &h,
	              prefix, sizeof prefix, err);
	if (rc != TDM_OK)
		return rc;
	cr = &m->criteria[c];
	src = tdm_model_source_name(m, cr->source);
	if (h.type1 != LUA_TNUMBER || !isfinite(h.num))
		tdm__sandbox_prefix(prefix, sizeof prefix, m->options[o].name,
		                    cr->name);
	if (h.type1 != LUA_TNUMBER)
		return tdm_error_set(err, TDM_EVAL, src, cr->score_line, 0,
		                     "%sscore returned %s (expected a finite number)",
		                     prefix, lua_type_text(h.type1));
	if (!isfinite(h.num))
		return tdm_error_set(err, TDM_EVAL, src, cr->score_line, 0,
		                     "%sscore returned %s (expected a finite number)",
		                     prefix, tdm_format_number(h.num, num, sizeof num));
	*out = h.num;
	return TDM_OK;
}

static tdm_status
hook_must(void *ud, const tdm_model *m, size_t c, size_t o,
          const tdm_value *v, int *ok, char *reason, size_t reason_size,
          tdm_error *err)
{
	static const tdm_value missing = {TDM_VAL_MISSING, 0, {0}};
	struct hook_call h;
	char prefix[400];
	const tdm_criterion *cr;
	const char *src;
	tdm_status rc;

	if (reason != NULL && reason_size > 0)
		reason[0] = '\0';
	memset(&h, 0, sizeof h);
	h.v = v != NULL ? v : &missing;
	h.reason = reason;
	h.reason_size = reason != NULL ? reason_size : 0;
	rc = run_hook(ud, m, c, o, c < m->n_criteria ? m->criteria[c].must.fn : 0,
	              c < m->n_criteria ? m->criteria[c].must.fn_line : 0, &h,
	              prefix, sizeof prefix, err);
	if (rc != TDM_OK)
		return rc;
	cr = &m->criteria[c];
	src = tdm_model_source_name(m, cr->source);
	if (h.type1 != LUA_TBOOLEAN ||
	    (h.type2 != LUA_TNIL && h.type2 != LUA_TSTRING))
		tdm__sandbox_prefix(prefix, sizeof prefix, m->options[o].name,
		                    cr->name);
	if (h.type1 != LUA_TBOOLEAN)
		return tdm_error_set(err, TDM_EVAL, src, cr->must.fn_line, 0,
		                     "%smust returned %s (expected true or false)",
		                     prefix, lua_type_text(h.type1));
	if (h.type2 != LUA_TNIL && h.type2 != LUA_TSTRING)
		return tdm_error_set(err, TDM_EVAL, src, cr->must.fn_line, 0,
		                     "%smust returned %s as its reason (expected a "
		                     "string)",
		                     prefix, lua_type_text(h.type2));
	*ok = h.ok;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Hooks: the decision's own aggregation, method = function(m) ... end
 *
 * The function gets one argument, m = { n, criteria, weights, better,
 * options, matrix }, every table of it a read-only view: an empty table
 * whose locked metatable reads through to the real one (__index), refuses
 * writes (__newindex), and answers # and pairs (__len, __pairs). Views
 * are made fresh for every call, so nothing a call does is seen by the
 * next. next() and rawget() see an empty table: use pairs, ipairs, # and
 * indexing.
 * --------------------------------------------------------------------- */

/* The table a view at idx reads through to (nil if idx is no view).
 * [-0, +1, -] */
static void
push_viewed(lua_State *L, int idx)
{
	if (!lua_getmetatable(L, idx)) {
		lua_pushnil(L);
		return;
	}
	lua_pushliteral(L, "__index");
	lua_rawget(L, -2);
	lua_remove(L, -2);
}

/* __newindex of a view.  [-0, +0, e] */
static int
l_view_assign(lua_State *L)
{
	const char *key = luaL_typename(L, 2);

	if (lua_type(L, 2) == LUA_TSTRING || lua_type(L, 2) == LUA_TNUMBER) {
		lua_pushvalue(L, 2); /* a copy: lua_tostring converts in place */
		key = lua_tostring(L, -1);
	}
	return luaL_error(L,
	                  "the method's argument is read-only (cannot assign "
	                  "field '%s'); copy what you need into a local table",
	                  key);
}

/* __len of a view.  [-0, +1, -] */
static int
l_view_len(lua_State *L)
{
	push_viewed(L, 1);
	lua_pushinteger(L, lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1)
	                                      : 0);
	return 1;
}

/* The iterator of pairs(view).  [-0, +(1|2), e] */
static int
l_view_next(lua_State *L)
{
	lua_settop(L, 2);
	push_viewed(L, 1);
	if (!lua_istable(L, -1))
		return 0;
	lua_pushvalue(L, 2);
	if (lua_next(L, -2))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* __pairs of a view.  [-0, +3, -] */
static int
l_view_pairs(lua_State *L)
{
	lua_pushcfunction(L, l_view_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* Replace the table on top of the stack by a read-only view of it.
 * [-1, +1, m] */
static void
make_view(lua_State *L)
{
	lua_newtable(L);
	lua_createtable(L, 0, 5);
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_view_assign);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, l_view_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, l_view_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_replace(L, -2);
}

struct agg_call {
	const tdm_model *m;
	int handle;
	size_t n;
	const size_t *rows;
	const double *norm, *w;
	double *scores;
	/* results */
	int is_function;
	char source[256];   /* where the function was written */
	long line;
	int type;           /* of the result */
	size_t count;       /* entries in the result table */
	size_t bad;         /* 1-based position of the first bad score, or 0 */
	int bad_type;
	double bad_num;
};

/* Push a view of a list of k strings (names[i] at stride).  [-0, +1, m] */
static void
push_names(lua_State *L, size_t k, const char *(*name)(const void *, size_t),
           const void *ud)
{
	size_t i;

	lua_createtable(L, k < INT_MAX ? (int)k : 0, 0);
	for (i = 0; i < k; i++) {
		lua_pushstring(L, name(ud, i));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	make_view(L);
}

static const char *
criterion_name(const void *ud, size_t i)
{
	return ((const tdm_model *)ud)->criteria[i].name;
}

static const char *
criterion_better(const void *ud, size_t i)
{
	return ((const tdm_model *)ud)->criteria[i].better == TDM_BETTER_LOWER
	           ? "lower"
	           : "higher";
}

static const char *
row_name(const void *ud, size_t i)
{
	const struct agg_call *h = ud;

	return h->m->options[h->rows[i]].name;
}

/* method(m), its result checked into h.  [-0, +0, e] */
static int
l_call_aggregate(lua_State *L)
{
	struct agg_call *h = lua_touserdata(L, 1);
	const tdm_model *m = h->m;
	size_t n = h->n, k = m->n_criteria, i, c;
	lua_Debug ar;
	int res;

	if (lua_rawgeti(L, LUA_REGISTRYINDEX, h->handle) != LUA_TFUNCTION)
		return 0;
	h->is_function = 1;
	lua_pushvalue(L, -1);
	if (lua_getinfo(L, ">S", &ar) && ar.source != NULL &&
	    ar.source[0] == '@') {
		snprintf(h->source, sizeof h->source, "%s", ar.source + 1);
		h->line = ar.linedefined;
	}

	lua_createtable(L, 0, 6);
	lua_pushinteger(L, (lua_Integer)n);
	lua_setfield(L, -2, "n");
	push_names(L, k, criterion_name, m);
	lua_setfield(L, -2, "criteria");
	lua_createtable(L, k < INT_MAX ? (int)k : 0, 0);
	for (c = 0; c < k; c++) {
		lua_pushnumber(L, h->w[c]);
		lua_rawseti(L, -2, (lua_Integer)c + 1);
	}
	make_view(L);
	lua_setfield(L, -2, "weights");
	push_names(L, k, criterion_better, m);
	lua_setfield(L, -2, "better");
	push_names(L, n, row_name, h);
	lua_setfield(L, -2, "options");
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	for (i = 0; i < n; i++) {
		lua_createtable(L, k < INT_MAX ? (int)k : 0, 0);
		for (c = 0; c < k; c++) {
			lua_pushnumber(L, h->norm[c * n + i]);
			lua_rawseti(L, -2, (lua_Integer)c + 1);
		}
		make_view(L);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	make_view(L);
	lua_setfield(L, -2, "matrix");
	make_view(L);

	lua_call(L, 1, 1);
	res = lua_gettop(L);
	h->type = lua_type(L, res);
	if (h->type != LUA_TTABLE)
		return 0;
	h->count = count_keys(L, res);
	if (h->count != n)
		return 0;
	for (i = 0; i < n; i++) {
		int t = lua_rawgeti(L, res, (lua_Integer)i + 1);
		double x = t == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
		lua_pop(L, 1);
		if (t != LUA_TNUMBER || !isfinite(x)) {
			h->bad = i + 1;
			h->bad_type = t;
			h->bad_num = x;
			return 0;
		}
		h->scores[i] = x;
	}
	return 0;
}

static tdm_status
hook_aggregate(void *ud, const tdm_model *m, size_t n, const size_t *rows,
               const double *norm, const double *w, double *scores,
               tdm_error *err)
{
	static const char prefix[] = "the decision's method: ";
	tdm_decl *d = ud;
	struct agg_call h;
	tdm_sandbox_ctx ctx;
	const char *src;
	char num[40];
	tdm_status rc;

	memset(&h, 0, sizeof h);
	src = m->n_sources > 0 ? m->sources[0] : "";
	ctx.source = src[0] ? src : NULL;
	ctx.line = 0;
	ctx.prefix = prefix;
	ctx.option = ctx.criterion = NULL;
	if (m->method_fn <= 0)
		return tdm_error_set(err, TDM_EVAL, ctx.source, 0, 0,
		                     "%sno Lua function to call", prefix);
	h.m = m;
	h.handle = m->method_fn;
	h.n = n;
	h.rows = rows;
	h.norm = norm;
	h.w = w;
	h.scores = scores;
	if ((rc = tdm__sandbox_call(d->sb, l_call_aggregate, &h, &ctx, err)) !=
	    TDM_OK)
		return rc;
	if (!h.is_function)
		return tdm_error_set(err, TDM_EVAL, ctx.source, 0, 0,
		                     "%sfunction handle %d does not belong to this "
		                     "decision",
		                     prefix, m->method_fn);
	if (h.source[0] != '\0')
		src = h.source;
	if (h.type != LUA_TTABLE)
		return tdm_error_set(err, TDM_EVAL, src, h.line, 0,
		                     "%sreturned %s (expected a table of %zu scores, "
		                     "one per option in the order of m.options)",
		                     prefix, lua_type_text(h.type), n);
	if (h.count != n)
		return tdm_error_set(err, TDM_EVAL, src, h.line, 0,
		                     "%sreturned %zu value%s for %zu option%s "
		                     "(expected one score per option, in the order "
		                     "of m.options)",
		                     prefix, h.count, h.count == 1 ? "" : "s", n,
		                     n == 1 ? "" : "s");
	if (h.bad > 0)
		return tdm_error_set(
			err, TDM_EVAL, src, h.line, 0,
			"%sreturned %s for option '%s' (position %zu); expected a "
			"finite number",
			prefix,
			h.bad_type == LUA_TNUMBER
				? tdm_format_number(h.bad_num, num, sizeof num)
				: lua_type_text(h.bad_type),
			m->options[rows[h.bad - 1]].name, h.bad);
	return TDM_OK;
}

static void
hook_rows_changed(void *ud)
{
	tdm_decl_rows_changed(ud);
}

tdm_hooks
tdm_decl_hooks(tdm_decl *d)
{
	tdm_hooks h;

	memset(&h, 0, sizeof h);
	h.ud = d;
	h.score = hook_score;
	h.must = hook_must;
	h.aggregate = hook_aggregate;
	h.rows_changed = hook_rows_changed;
	return h;
}
