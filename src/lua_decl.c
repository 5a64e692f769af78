/*
 * lua_decl.c -- the decision vocabulary bound to the model.
 *
 * Owns tdm_decl: running decision files in the sandbox with the functions
 * decision, criterion, option and options in their _ENV, checking every
 * declaration and turning it into the model, keeping score and must
 * functions (registry handles plus their source text), and calling them
 * back through tdm_decl_hooks.
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
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

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

struct tdm_decl {
	tdm_sandbox *sb;

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
 * decision
 * --------------------------------------------------------------------- */

static const char *const decision_keys[] = {"context", "method", NULL};

/* decision "Title" { context = "...", method = "wsm" }  [-1, +0, v] */
static int
l_decision_body(lua_State *L)
{
	const char *title, *context = NULL, *method = NULL;
	tdm_decl *d;
	tdm_model *m;
	long line;
	char what[160];

	d = body_start(L, "decision", &title, &line);
	m = d->m;
	snprintf(what, sizeof what, "decision '%s'", title);
	if (rawfield(L, 1, "normalize") != LUA_TNIL)
		fail(L, d, TDM_DATA,
		     "%s: 'normalize' is not supported yet (allowed: context, "
		     "method)",
		     what);
	lua_pop(L, 1);
	check_keys(L, d, 1, what, decision_keys);
	if (m->title != NULL)
		fail(L, d, TDM_DATA,
		     "decision '%s': the decision is already declared as '%s'",
		     title, m->title);
	switch (rawfield(L, 1, "context")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: context = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: context must be a string, got %s", what,
		     luaL_typename(L, -1));
	}
	switch (rawfield(L, 1, "method")) {
	case LUA_TNIL: break;
	case LUA_TSTRING: method = lua_tostring(L, -1); break;
	default:
		fail(L, d, TDM_DATA, "%s: method must be a string, got %s", what,
		     luaL_typename(L, -1));
	}
	if (method != NULL && method[0] == '\0')
		fail(L, d, TDM_DATA, "%s: method must not be empty", what);
	if (tdm_model_set_text(m, &m->title, title, NULL) != TDM_OK ||
	    tdm_model_set_text(m, &m->context, context, NULL) != TDM_OK ||
	    tdm_model_set_text(m, &m->method, method, NULL) != TDM_OK)
		fail_nomem(L, d);
	lua_pop(L, 2);
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
	"weight", "better", "unit", "levels", "score",
	"scale",  "must",   "because", NULL,
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
	int better, has_better;
	const char *unit, *because;
	struct level_ent *levels;
	size_t n_levels;
	int has_scale;
	double lo, hi;
	int score_ref;
	long score_first, score_last;
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
		fail(L, d, TDM_DATA, "%s has no weight", what);
		break;
	case LUA_TNUMBER:
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
		fail(L, d, TDM_DATA, "%s: score must be a function, got %s", what,
		     luaL_typename(L, -1));
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

	if (spec->n_levels > 0 && spec->score_ref > 0)
		fail(L, d, TDM_DATA, "%s: give levels or score, not both", what);
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
	c->has_weight = 1;
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
			return fail(L, d, TDM_DATA,
			            "option '%s': attribute '%s' is a table: ranges "
			            "{lo, hi} are not supported yet",
			            name, a->key);
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

/* options "more.csv": options from a CSV file, the path relative to the
 * decision file's directory. Decision files are untrusted, so the path may
 * not be absolute or climb out with "..".  [-1, +0, v] */
static int
l_options(lua_State *L)
{
	tdm_decl *d = loading_decl(L, "options");
	const char *path, *slash, *resolved;
	tdm_error e;

	if (lua_type(L, 1) != LUA_TSTRING || lua_rawlen(L, 1) == 0)
		return fail(L, d, TDM_DATA,
		            "options: expected a CSV file name: options "
		            "\"file.csv\"");
	path = lua_tostring(L, 1);
	if (strlen(path) != lua_rawlen(L, 1))
		return fail(L, d, TDM_DATA, "options: the file name contains a "
		                            "NUL byte");
	if (path[0] == '/')
		return fail(L, d, TDM_DATA,
		            "options: \"%s\" is an absolute path; decision files "
		            "may only read files in their own directory tree",
		            path);
	if (has_dotdot(path))
		return fail(L, d, TDM_DATA,
		            "options: \"%s\" contains '..'; decision files may only "
		            "read files in their own directory tree",
		            path);
	slash = strrchr(d->path, '/');
	if (slash != NULL)
		resolved = lua_pushfstring(L, "%s%s",
		                           lua_pushlstring(L, d->path,
		                                           (size_t)(slash - d->path) +
		                                               1),
		                           path);
	else
		resolved = path;
	tdm_error_clear(&e);
	if (tdm_csv_load_options(d->m, resolved, NULL, &e) != TDM_OK)
		return fail_with(L, d, &e);
	return 0;
}

static const luaL_Reg vocabulary[] = {
	{"decision", l_decision},
	{"criterion", l_criterion},
	{"option", l_option},
	{"options", l_options},
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
	if (d == NULL)
		return;
	tdm__sandbox_free(d->sb);
	free(d->spans);
	free(d);
}

tdm_status
tdm_decl_load_buffer(tdm_decl *d, const char *name, const char *text,
                     size_t len, tdm_model *m, tdm_error *err)
{
	tdm_status rc;

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
	}

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
 * Hooks: calling score and must functions
 * --------------------------------------------------------------------- */

struct hook_call {
	const tdm_model *m;
	size_t o;
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

/* The option as a fresh table: its attributes (missing ones absent), and
 * `name` unless an attribute is called that.  [-0, +1, m] */
static void
push_option(lua_State *L, const tdm_model *m, size_t o)
{
	const tdm_option *opt = &m->options[o];
	size_t i;

	lua_createtable(L, 0, (int)(opt->n_values < 64 ? opt->n_values : 64) + 1);
	for (i = 0; i < opt->n_values && i < m->n_attrs; i++) {
		if (opt->values[i].type == TDM_VAL_MISSING)
			continue;
		push_value(L, &opt->values[i]);
		lua_setfield(L, -2, m->attrs[i]);
	}
	if (tdm_model_find_attr(m, "name") < 0) {
		lua_pushstring(L, opt->name);
		lua_setfield(L, -2, "name");
	}
}

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
	push_option(L, h->m, h->o);
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
	snprintf(prefix, prefix_size, "option '%s', criterion '%s': ",
	         m->options[o].name, cr->name);
	src = tdm_model_source_name(m, cr->source);
	ctx.source = src[0] ? src : NULL;
	ctx.line = fn_line > 0 ? fn_line : cr->line;
	ctx.prefix = prefix;
	if (handle <= 0)
		return tdm_error_set(err, TDM_EVAL, ctx.source, ctx.line, 0,
		                     "%sno Lua function to call", prefix);
	h->m = m;
	h->o = o;
	h->handle = handle;
	if ((rc = tdm__sandbox_call(d->sb, l_call_hook, h, &ctx, err)) != TDM_OK)
		return rc;
	if (!h->is_function)
		return tdm_error_set(err, TDM_EVAL, ctx.source, ctx.line, 0,
		                     "%sfunction handle %d does not belong to this "
		                     "decision",
		                     prefix, handle);
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

tdm_hooks
tdm_decl_hooks(tdm_decl *d)
{
	tdm_hooks h;

	h.ud = d;
	h.score = hook_score;
	h.must = hook_must;
	return h;
}
