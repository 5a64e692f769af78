/*
 * lua_sandbox.c -- the sandboxed lua_State that decision files run in.
 *
 * Owns the allocator and its byte cap, the allow-list of libraries (base,
 * string, table, math, utf8) and the wrappers that make them safe, the
 * read-only proxies and per-chunk _ENV tables, the instruction budget, and
 * the protected-call helper that turns Lua errors into tdm_error. Every
 * use of the state goes through tdm__sandbox_call, so that no error can
 * reach Lua's panic function (which would abort the process).
 *
 * Must not know about the decision vocabulary or the model (lua_decl.c),
 * print or exit. See doc/design/lua-sandbox.md for the reasoning.
 *
 * Why the wrappers: the budget hook only runs between VM instructions, so
 * any C library function that loops on a count the script chooses can run
 * for hours inside one instruction. Those are string.rep (which loops even
 * when the result is empty), the pattern functions (which can backtrack
 * exponentially), and the table functions insert, remove, move, concat,
 * unpack and sort (a table with 51 keys can have a border of 2^50). They
 * are removed, refuse their worst cases, or charge their loop counts to the
 * budget before they start.
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lua_sandbox.h"
#include "util.h"

/* How many VM instructions between two budget checks. */
#define HOOK_STEP 1000
/* One budget unit per this many bytes allocated during a call: building
 * large strings is work the instruction count does not see. */
#define ALLOC_BYTES_PER_UNIT 64
/* math.random starts from this seed, so runs are reproducible. */
#define RANDOM_SEED 20240611
/* The biggest cap we accept, so that cap + header never overflows. */
#define MAX_CAP (SIZE_MAX / 4)

enum { STOP_NONE = 0, STOP_BUDGET, STOP_INTERRUPT };

struct tdm_sandbox {
	lua_State *L;
	size_t used;               /* bytes held by the state now */
	size_t cap;                /* the byte cap */
	int cap_hit;               /* the cap refused a block in this call */
	int sys_oom;               /* realloc itself failed in this call */
	long long budget;          /* units per top-level call */
	volatile sig_atomic_t *interrupt;
	int active;                /* inside tdm__sandbox_call */
	int hook_step;             /* the count the hook is armed with */
	unsigned long long count;  /* instructions seen by the hook */
	unsigned long long charged;      /* units charged by C loops */
	unsigned long long alloc_volume; /* bytes allocated in this call */
	int stop;                  /* STOP_*: why the call is being stopped */
	char stop_source[256];     /* where it was stopped */
	long stop_line;
	tdm_diag_fn diag;
	void *diag_ud;
	int template_ref;          /* registry ref of the globals template */
	char **names;              /* chunk names loaded, for "...tail" names */
	size_t n_names, cap_names;
};

/* ------------------------------------------------------------------------
 * Allocator and budget
 * --------------------------------------------------------------------- */

static unsigned long long
sat_add(unsigned long long a, unsigned long long b)
{
	return a > ULLONG_MAX - b ? ULLONG_MAX : a + b;
}

static unsigned long long
units_used(const tdm_sandbox *sb)
{
	return sat_add(sat_add(sb->count, sb->charged),
	               sb->alloc_volume / ALLOC_BYTES_PER_UNIT);
}

static void budget_hook(lua_State *L, lua_Debug *ar);

static void *
l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	tdm_sandbox *sb = ud;
	size_t old = ptr != NULL ? osize : 0; /* osize is a type tag if !ptr */
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->used -= old;
		return NULL;
	}
	if (nsize > old && nsize - old > sb->cap - sb->used) {
		sb->cap_hit = 1;
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (p == NULL) {
		sb->sys_oom = 1;
		return NULL;
	}
	sb->used = sb->used - old + nsize;
	if (nsize > old && sb->active) {
		sb->alloc_volume = sat_add(sb->alloc_volume, nsize - old);
		/* Over budget by allocation alone: make the hook look at the very
		 * next instruction. lua_sethook is safe at any point (lua.c calls
		 * it from a signal handler). */
		if (sb->stop == STOP_NONE && sb->hook_step != 1 &&
		    units_used(sb) >= (unsigned long long)sb->budget) {
			sb->hook_step = 1;
			lua_sethook(sb->L, budget_hook, LUA_MASKCOUNT, 1);
		}
	}
	return p;
}

/* Remember where the call was stopped: the function at `level`. */
static void
record_stop(tdm_sandbox *sb, lua_State *L, int level, int why)
{
	const char *src;
	long line;

	sb->stop = why;
	src = tdm__sandbox_where(L, level, &line);
	snprintf(sb->stop_source, sizeof sb->stop_source, "%s", src);
	sb->stop_line = line;
	/* From now on every instruction raises, so a pcall in the script
	 * cannot swallow the stop (Redis's script_lua.c does the same). */
	sb->hook_step = 1;
	lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
}

static int
raise_stop(lua_State *L, const tdm_sandbox *sb)
{
	if (sb->stop == STOP_INTERRUPT)
		lua_pushliteral(L, "interrupted");
	else
		lua_pushfstring(L, "instruction budget exhausted (%I instructions)",
		                (lua_Integer)sb->budget);
	if (sb->stop_source[0] != '\0') {
		lua_pushfstring(L, "%s:%d: ", sb->stop_source, (int)sb->stop_line);
		lua_insert(L, -2);
		lua_concat(L, 2);
	}
	return lua_error(L);
}

static int
should_stop(const tdm_sandbox *sb)
{
	if (sb->interrupt != NULL && *sb->interrupt)
		return STOP_INTERRUPT;
	if (units_used(sb) >= (unsigned long long)sb->budget)
		return STOP_BUDGET;
	return STOP_NONE;
}

static void
budget_hook(lua_State *L, lua_Debug *ar)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);
	int why;

	(void)ar;
	if (sb->stop == STOP_NONE) {
		sb->count = sat_add(sb->count, (unsigned long long)sb->hook_step);
		if ((why = should_stop(sb)) == STOP_NONE)
			return;
		record_stop(sb, L, 0, why);
	}
	raise_stop(L, sb);
}

void
tdm__sandbox_charge(lua_State *L, unsigned long long units)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);
	int why;

	if (!sb->active)
		return;
	sb->charged = sat_add(sb->charged, units);
	if (sb->stop == STOP_NONE && (why = should_stop(sb)) != STOP_NONE)
		record_stop(sb, L, 1, why);
	if (sb->stop != STOP_NONE)
		raise_stop(L, sb);
}

/* Raise a genuine memory error (LUA_ERRMEM) from C: ask for a block the
 * allocator is sure to refuse. It never reaches malloc.  [-0, +0, m] */
static int
raise_nomem(lua_State *L)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);

	lua_newuserdatauv(L, sb->cap, 0);
	return luaL_error(L, "not enough memory"); /* not reached */
}

static size_t
room(const tdm_sandbox *sb)
{
	return sb->cap - sb->used;
}

/* ------------------------------------------------------------------------
 * Small helpers
 * --------------------------------------------------------------------- */

tdm_sandbox *
tdm__sandbox_of(lua_State *L)
{
	return *(tdm_sandbox **)lua_getextraspace(L);
}

lua_State *
tdm__sandbox_state(const tdm_sandbox *sb)
{
	return sb->L;
}

size_t
tdm__sandbox_memory(const tdm_sandbox *sb)
{
	return sb->used;
}

const char *
tdm__sandbox_where(lua_State *L, int level, long *line)
{
	lua_Debug ar;

	*line = 0;
	/* C frames (pcall(print, x)) have no line: blame their Lua caller */
	for (; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue;
		*line = ar.currentline;
		if (ar.source != NULL && ar.source[0] == '@')
			return ar.source + 1;
		return "";
	}
	return "";
}

/* The name of key `idx` for a message: the string, or its type. */
static const char *
key_text(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TSTRING)
		return lua_tostring(L, idx);
	return luaL_typename(L, idx);
}

/* ------------------------------------------------------------------------
 * Globals, proxies and _ENV
 * --------------------------------------------------------------------- */

/* print(...): the text goes to the diagnostics callback with the caller's
 * source and line.  [-0, +0, e] */
static int
l_print(lua_State *L)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);
	int i, n = lua_gettop(L);
	const char *src;
	long line;
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	for (i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	src = tdm__sandbox_where(L, 1, &line);
	if (sb->diag != NULL)
		sb->diag(sb->diag_ud, src[0] ? src : NULL, line,
		         lua_tostring(L, -1));
	lua_pop(L, 1);
	assert(lua_gettop(L) == n);
	return 0;
}

/* setmetatable(t, mt): the base function, but a metatable with a __gc
 * field is refused (a finalizer runs at a moment no budget covers, even
 * inside lua_close).  [-0, +1, e] */
static int
l_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc finalizers are not allowed");
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* xpcall(f, msgh, ...): the base function's contract, but the message
 * handler runs after the stack has unwound, as an ordinary call under the
 * instruction budget. Lua's own xpcall runs the handler inside its error
 * machinery, where the count hook does not fire, so a handler that loops
 * (`xpcall(error, function() while true do end end)`) could never be
 * stopped. The handler therefore sees the error object but not the stack
 * where it was raised.  [-0, +?, e] */
static int
l_xpcall(lua_State *L)
{
	int n = lua_gettop(L), i, status;

	luaL_checkany(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	luaL_checkstack(L, n + 2, "too many arguments");
	lua_pushboolean(L, 1);          /* the first result, if all goes well */
	lua_pushvalue(L, 1);
	for (i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
	if (status == LUA_OK)
		return lua_gettop(L) - n;   /* true, results... */
	/* [... true err]: call the handler with the error object */
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	(void)lua_pcall(L, 1, 1, 0);    /* its error, if any, is the result */
	lua_pushboolean(L, 0);
	lua_replace(L, n + 1);
	return 2;
}

/* The `next` of a proxy: walks the table in upvalue 1.  [-0, +2, e] */
static int
l_next_of(lua_State *L)
{
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 2);
	if (lua_next(L, -2))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* __pairs of a proxy: (iterator over the real table, proxy, nil). The real
 * table itself is never handed out.  [-0, +3, -] */
static int
l_pairs_via(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* __newindex of a library proxy; upvalue 1 is the library name.
 * [-0, +0, e] */
static int
l_proxy_assign(lua_State *L)
{
	return luaL_error(L, "cannot assign %s.%s: the %s library is read-only",
	                  lua_tostring(L, lua_upvalueindex(1)), key_text(L, 2),
	                  lua_tostring(L, lua_upvalueindex(1)));
}

/* __newindex of an _ENV.  [-0, +0, e] */
static int
l_env_assign(lua_State *L)
{
	return luaL_error(L,
	                  "cannot assign global '%s': decision files are "
	                  "read-only; use local",
	                  key_text(L, 2));
}

/* __index of an _ENV's values: the name is not defined.  [-0, +0, e] */
static int
l_env_undefined(lua_State *L)
{
	return luaL_error(L, "undefined global '%s'", key_text(L, 2));
}

/* Push a metatable field that iterates table `real` for __pairs.
 * [-0, +1, m] */
static void
push_pairs(lua_State *L, int real)
{
	lua_pushvalue(L, real);
	lua_pushcclosure(L, l_next_of, 1);
	lua_pushcclosure(L, l_pairs_via, 1);
}

/* An empty table that reads through to table `real` and refuses writes.
 * [-0, +1, m] */
static void
push_proxy(lua_State *L, int real, const char *name)
{
	real = lua_absindex(L, real);
	lua_newtable(L);
	lua_createtable(L, 0, 4);
	lua_pushvalue(L, real);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, name);
	lua_pushcclosure(L, l_proxy_assign, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	push_pairs(L, real);
	lua_setfield(L, -2, "__pairs");
	lua_setmetatable(L, -2);
}

void
tdm__sandbox_push_env(lua_State *L, const luaL_Reg *extra, void *ud)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);
	int top = lua_gettop(L), vals, env;

	/* vals holds the names; env is an empty table reading through to it,
	 * so that every assignment reaches __newindex. The VM follows a table
	 * __index without a call, so globals stay fast. */
	lua_createtable(L, 0, 32);
	vals = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, sb->template_ref);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, vals);
	}
	lua_pop(L, 1);
	if (extra != NULL) {
		lua_pushlightuserdata(L, ud);
		luaL_setfuncs(L, extra, 1);
	}
	lua_newtable(L);
	env = lua_gettop(L);
	lua_pushvalue(L, env);
	lua_setfield(L, vals, "_G");

	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, l_env_undefined);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, vals);

	lua_createtable(L, 0, 4);
	lua_pushvalue(L, vals);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_env_assign);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	push_pairs(L, vals);
	lua_setfield(L, -2, "__pairs");
	lua_setmetatable(L, env);

	lua_replace(L, vals);
	assert(lua_gettop(L) == top + 1);
}

/* ------------------------------------------------------------------------
 * string: rep, find, and no patterns
 * --------------------------------------------------------------------- */

/* string.rep(s, n [, sep]): Lua 5.4.4 loops n times even when s and sep
 * are empty (string.rep("", 1e18) never returns). This one returns "" for
 * an empty result and refuses, before allocating, a result larger than the
 * memory that is left.  [-0, +1, m] */
static int
l_str_rep(lua_State *L)
{
	tdm_sandbox *sb = tdm__sandbox_of(L);
	size_t l, lsep, unit, total;
	const char *s = luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	const char *sep = luaL_optlstring(L, 3, "", &lsep);
	luaL_Buffer b;
	char *p;

	unit = l + lsep;
	if (n <= 0 || unit == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	/* n copies and n - 1 separators: n * unit - lsep bytes */
	if ((lua_Unsigned)n > SIZE_MAX / unit)
		return raise_nomem(L);
	total = (size_t)n * unit - lsep;
	if (total > room(sb))
		return raise_nomem(L);
	p = luaL_buffinitsize(L, &b, total);
	while (n-- > 1) {
		memcpy(p, s, l);
		p += l;
		if (lsep > 0) {
			memcpy(p, sep, lsep);
			p += lsep;
		}
	}
	memcpy(p, s, l);
	luaL_pushresultsize(&b, total);
	return 1;
}

static int
has_pattern_chars(const char *p, size_t len)
{
	static const char specials[] = "^$*+?.([%-";
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != '\0' && strchr(specials, p[i]) != NULL)
			return 1;
	return 0;
}

/* string.find(s, text [, init [, plain]]), plain search only: Lua patterns
 * run in C where the budget cannot stop them and can backtrack
 * exponentially. A pattern without magic characters is plain anyway. The
 * search is charged its worst case, len(s) * len(text) byte compares.
 * Upvalue 1: the original find.  [-0, +(1|2), e] */
static int
l_str_find(lua_State *L)
{
	size_t ls, lp;
	const char *p;
	unsigned long long cost;

	luaL_checklstring(L, 1, &ls);
	p = luaL_checklstring(L, 2, &lp);
	if (!lua_toboolean(L, 4) && has_pattern_chars(p, lp))
		return luaL_error(L,
		                  "string.find: Lua patterns are not available in "
		                  "decision files; search for plain text with "
		                  "string.find(s, text, 1, true)");
	cost = lp > 0 && ls > ULLONG_MAX / lp ? ULLONG_MAX
	                                      : (unsigned long long)ls * lp;
	tdm__sandbox_charge(L, cost / 64);
	lua_settop(L, 3);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_pushboolean(L, 1);
	lua_call(L, 4, LUA_MULTRET);
	return lua_gettop(L) - 3;
}

/* string.match, gmatch, gsub: refused with a reason. Upvalue 1: the name.
 * [-0, +0, e] */
static int
l_no_patterns(lua_State *L)
{
	return luaL_error(L,
	                  "string.%s is not available in decision files: Lua "
	                  "patterns can run without limit; use "
	                  "string.find(s, text, 1, true) for plain text",
	                  lua_tostring(L, lua_upvalueindex(1)));
}

/* ------------------------------------------------------------------------
 * table: every loop is charged before it starts
 * --------------------------------------------------------------------- */

/* table.insert(t, [pos,] v), as in Lua 5.4 but for tables only and with
 * the shift charged to the budget.  [-0, +0, e] */
static int
l_tab_insert(lua_State *L)
{
	lua_Integer e, pos, i;

	luaL_checktype(L, 1, LUA_TTABLE);
	e = (lua_Integer)((lua_Unsigned)luaL_len(L, 1) + 1u);
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
		              "position out of bounds");
		tdm__sandbox_charge(L, (lua_Unsigned)e - (lua_Unsigned)pos);
		for (i = e; i > pos; i--) {
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

/* table.remove(t [, pos]), likewise.  [-0, +1, e] */
static int
l_tab_remove(lua_State *L)
{
	lua_Integer size, pos;

	luaL_checktype(L, 1, LUA_TTABLE);
	size = luaL_len(L, 1);
	pos = luaL_optinteger(L, 2, size);
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
		              "position out of bounds");
	if (pos < size)
		tdm__sandbox_charge(L, (lua_Unsigned)size - (lua_Unsigned)pos);
	lua_geti(L, 1, pos);
	for (; pos < size; pos++) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

/* The number of elements in [i, j], saturated. */
static unsigned long long
span(lua_Integer i, lua_Integer j)
{
	if (j < i)
		return 0;
	return sat_add((lua_Unsigned)j - (lua_Unsigned)i, 1);
}

/* Call the original (upvalue 1) with the stack as it is; return its
 * results. */
static int
call_original(lua_State *L)
{
	int n = lua_gettop(L);

	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* table.move(a1, f, e, t [, a2]).  [-0, +1, e] */
static int
l_tab_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);

	luaL_checkinteger(L, 4);
	tdm__sandbox_charge(L, span(f, e));
	return call_original(L);
}

/* table.concat(t [, sep [, i [, j]]]): the length is taken once and passed
 * on, so a __len that answers differently the second time cannot escape
 * the charge.  [-0, +1, e] */
static int
l_tab_concat(lua_State *L)
{
	lua_Integer i, j;

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_optlstring(L, 2, "", NULL);
	i = luaL_optinteger(L, 3, 1);
	j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
	tdm__sandbox_charge(L, span(i, j));
	lua_settop(L, 2);
	lua_pushinteger(L, i);
	lua_pushinteger(L, j);
	return call_original(L);
}

/* table.unpack(t [, i [, j]]), likewise.  [-0, +n, e] */
static int
l_tab_unpack(lua_State *L)
{
	lua_Integer i, j;

	i = luaL_optinteger(L, 2, 1);
	j = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
	tdm__sandbox_charge(L, span(i, j));
	lua_settop(L, 1);
	lua_pushinteger(L, i);
	lua_pushinteger(L, j);
	return call_original(L);
}

/* table.sort(t [, comp]): charged n log2 n. The original takes the length
 * again, so a __len metamethod (which could answer differently) is
 * refused.  [-0, +0, e] */
static int
l_tab_sort(lua_State *L)
{
	lua_Unsigned n, units = 0, k;

	luaL_checktype(L, 1, LUA_TTABLE);
	if (luaL_getmetafield(L, 1, "__len") != LUA_TNIL)
		return luaL_error(L, "table.sort: tables with a __len metamethod "
		                     "are not supported in decision files");
	n = lua_rawlen(L, 1);
	for (k = n; k > 0; k >>= 1)
		units = sat_add(units, n);
	tdm__sandbox_charge(L, units);
	lua_settop(L, 2);
	return call_original(L);
}

/* math.randomseed(x [, y]): a seed is required, since without one Lua 5.4
 * seeds from the clock and runs stop being reproducible.  [-0, +?, e] */
static int
l_math_randomseed(lua_State *L)
{
	luaL_checknumber(L, 1);
	return call_original(L);
}

/* ------------------------------------------------------------------------
 * Setting up the state
 * --------------------------------------------------------------------- */

/* The base functions a decision file may use (print and setmetatable are
 * ours). Not here: load, loadfile, dofile, collectgarbage, rawset, warn. */
static const char *const base_allowed[] = {
	"assert", "error", "getmetatable", "ipairs", "next", "pairs",
	"pcall", "rawequal", "rawget", "rawlen", "select", "tonumber",
	"tostring", "type", "xpcall", "_VERSION", NULL,
};

static const luaL_Reg libs[] = {
	{LUA_GNAME, luaopen_base},
	{LUA_STRLIBNAME, luaopen_string},
	{LUA_TABLIBNAME, luaopen_table},
	{LUA_MATHLIBNAME, luaopen_math},
	{LUA_UTF8LIBNAME, luaopen_utf8},
	{NULL, NULL},
};

/* Replace t[name] with fn, given the old t[name] as upvalue 1.
 * [-0, +0, m] */
static void
wrap_field(lua_State *L, int t, const char *name, lua_CFunction fn)
{
	lua_getfield(L, t, name);
	lua_pushcclosure(L, fn, 1);
	lua_setfield(L, t, name);
}

/* The real library tables are changed in place: the string one is also
 * reachable as the string metatable's __index, so ("x"):rep(n) must find
 * the wrapper too.  [-0, +0, m] */
static void
patch_string(lua_State *L, int g)
{
	static const char *const refused[] = {"match", "gmatch", "gsub", NULL};
	const char *const *name;
	int s;

	lua_getfield(L, g, LUA_STRLIBNAME);
	s = lua_gettop(L);
	lua_pushcfunction(L, l_str_rep);
	lua_setfield(L, s, "rep");
	wrap_field(L, s, "find", l_str_find);
	lua_pushnil(L);
	lua_setfield(L, s, "dump");
	for (name = refused; *name != NULL; name++) {
		lua_pushstring(L, *name);
		lua_pushcclosure(L, l_no_patterns, 1);
		lua_setfield(L, s, *name);
	}
	/* lock the string metatable: getmetatable("") answers "locked" */
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
}

static void
patch_table(lua_State *L, int g)
{
	int t;

	lua_getfield(L, g, LUA_TABLIBNAME);
	t = lua_gettop(L);
	lua_pushcfunction(L, l_tab_insert);
	lua_setfield(L, t, "insert");
	lua_pushcfunction(L, l_tab_remove);
	lua_setfield(L, t, "remove");
	wrap_field(L, t, "move", l_tab_move);
	wrap_field(L, t, "concat", l_tab_concat);
	wrap_field(L, t, "unpack", l_tab_unpack);
	wrap_field(L, t, "sort", l_tab_sort);
	lua_pop(L, 1);
}

static void
patch_math(lua_State *L, int g)
{
	int m;

	lua_getfield(L, g, LUA_MATHLIBNAME);
	m = lua_gettop(L);
	lua_getfield(L, m, "randomseed");
	lua_pushinteger(L, RANDOM_SEED);
	lua_call(L, 1, 0);
	wrap_field(L, m, "randomseed", l_math_randomseed);
	lua_pop(L, 1);
}

/* Open the allowed libraries, patch them and build the globals template
 * every _ENV is copied from.  [-0, +0, m] */
static int
l_setup(lua_State *L)
{
	tdm_sandbox *sb = lua_touserdata(L, 1);
	const luaL_Reg *lib;
	const char *const *name;
	int g, tmpl;

	for (lib = libs; lib->func != NULL; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	lua_pushglobaltable(L);
	g = lua_gettop(L);
	patch_string(L, g);
	patch_table(L, g);
	patch_math(L, g);

	lua_createtable(L, 0, 24);
	tmpl = lua_gettop(L);
	for (name = base_allowed; *name != NULL; name++) {
		lua_getfield(L, g, *name);
		lua_setfield(L, tmpl, *name);
	}
	lua_pushcfunction(L, l_print);
	lua_setfield(L, tmpl, "print");
	lua_pushcfunction(L, l_setmetatable);
	lua_setfield(L, tmpl, "setmetatable");
	lua_pushcfunction(L, l_xpcall);
	lua_setfield(L, tmpl, "xpcall");
	for (lib = libs + 1; lib->func != NULL; lib++) {
		lua_getfield(L, g, lib->name);
		push_proxy(L, -1, lib->name);
		lua_setfield(L, tmpl, lib->name);
		lua_pop(L, 1);
	}
	sb->template_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
	return 0;
}

tdm_sandbox *
tdm__sandbox_new(const tdm_lua_limits *limits, tdm_diag_fn diag,
                 void *diag_ud)
{
	tdm_sandbox *sb = calloc(1, sizeof *sb);

	if (sb == NULL)
		return NULL;
	sb->cap = TDM_LUA_DEFAULT_MEMORY;
	sb->budget = TDM_LUA_DEFAULT_BUDGET;
	if (limits != NULL) {
		if (limits->memory > 0)
			sb->cap = limits->memory < MAX_CAP ? limits->memory : MAX_CAP;
		if (limits->budget > 0)
			sb->budget = limits->budget;
		sb->interrupt = limits->interrupt;
	}
	sb->diag = diag;
	sb->diag_ud = diag_ud;
	sb->template_ref = LUA_NOREF;
	sb->L = lua_newstate(l_alloc, sb);
	if (sb->L == NULL)
		goto fail;
	*(tdm_sandbox **)lua_getextraspace(sb->L) = sb;
	if (tdm__sandbox_call(sb, l_setup, sb, NULL, NULL) != TDM_OK)
		goto fail;
	return sb;
fail:
	tdm__sandbox_free(sb);
	return NULL;
}

void
tdm__sandbox_free(tdm_sandbox *sb)
{
	size_t i;

	if (sb == NULL)
		return;
	/* No user code runs here: finalizers are refused and no to-be-closed
	 * variable outlives its top-level call. */
	if (sb->L != NULL)
		lua_close(sb->L);
	for (i = 0; i < sb->n_names; i++)
		free(sb->names[i]);
	free(sb->names);
	free(sb);
}

/* ------------------------------------------------------------------------
 * Top-level calls and their errors
 * --------------------------------------------------------------------- */

static const char *
format_size(size_t n, char *buf, size_t size)
{
	if (n % ((size_t)1 << 20) == 0)
		snprintf(buf, size, "%zu MiB", n >> 20);
	else if (n % 1024 == 0)
		snprintf(buf, size, "%zu KiB", n >> 10);
	else
		snprintf(buf, size, "%zu bytes", n);
	return buf;
}

/* A chunk name this sandbox loaded that Lua printed as s[0..len), or as
 * its shortened form "...tail"; NULL if none. */
static const char *
known_name(const tdm_sandbox *sb, const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < sb->n_names; i++) {
		n = strlen(sb->names[i]);
		if (n == len && memcmp(sb->names[i], s, len) == 0)
			return sb->names[i];
	}
	if (len > 3 && memcmp(s, "...", 3) == 0) {
		for (i = 0; i < sb->n_names; i++) {
			n = strlen(sb->names[i]);
			if (n >= len - 3 &&
			    memcmp(sb->names[i] + n - (len - 3), s + 3, len - 3) == 0)
				return sb->names[i];
		}
	}
	return NULL;
}

/* Split "source:line: rest" when source is a chunk we loaded. */
static int
split_location(const tdm_sandbox *sb, const char *msg, const char **src,
               long *line, const char **rest)
{
	const char *p, *q, *name;
	long n;

	for (p = strchr(msg, ':'); p != NULL; p = strchr(p + 1, ':')) {
		q = p + 1;
		if (*q < '0' || *q > '9')
			continue;
		for (n = 0; *q >= '0' && *q <= '9' && n < 100000000; q++)
			n = n * 10 + (*q - '0');
		if (*q != ':')
			continue;
		if ((name = known_name(sb, msg, (size_t)(p - msg))) == NULL)
			continue;
		*src = name;
		*line = n;
		*rest = q[1] == ' ' ? q + 2 : q + 1;
		return 1;
	}
	return 0;
}

void
tdm__sandbox_prefix(char *buf, size_t size, const char *option,
                    const char *criterion)
{
	const char *parts[5];
	size_t n = 0, i, len;

	parts[0] = "option '";
	parts[1] = option != NULL ? option : "";
	parts[2] = "', criterion '";
	parts[3] = criterion != NULL ? criterion : "";
	parts[4] = "': ";
	for (i = 0; i < 5; i++) {
		len = strlen(parts[i]);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(buf + n, parts[i], len);
		n += len;
	}
	buf[n] = '\0';
}

/* The error object on top of the stack as a tdm_error. Reads it without
 * metamethods or allocation: we are outside any protected call here. */
static tdm_status
convert_error(tdm_sandbox *sb, int status, const tdm_sandbox_ctx *ctx,
              tdm_error *err)
{
	lua_State *L = sb->L;
	char made[400];
	const char *prefix = ctx != NULL && ctx->prefix ? ctx->prefix : "";
	const char *src = ctx != NULL ? ctx->source : NULL;
	long line = ctx != NULL ? ctx->line : 0;
	const char *msg, *rest;
	char buf[64];

	if (ctx != NULL && ctx->prefix == NULL && ctx->option != NULL) {
		tdm__sandbox_prefix(made, sizeof made, ctx->option, ctx->criterion);
		prefix = made;
	}

	if (sb->stop != STOP_NONE) {
		if (sb->stop_source[0] != '\0') {
			src = sb->stop_source;
			line = sb->stop_line;
		}
		if (sb->stop == STOP_INTERRUPT)
			return tdm_error_set(err, TDM_LIMIT, src, line, 0,
			                     "%sinterrupted", prefix);
		return tdm_error_set(err, TDM_LIMIT, src, line, 0,
		                     "%sinstruction budget exhausted (%lld "
		                     "instructions)",
		                     prefix, sb->budget);
	}
	if (status == LUA_ERRMEM) {
		if (sb->sys_oom || !sb->cap_hit)
			return tdm_error_set(err, TDM_NOMEM, src, line, 0,
			                     "%sout of memory", prefix);
		return tdm_error_set(err, TDM_LIMIT, src, line, 0,
		                     "%sLua memory limit of %s exceeded", prefix,
		                     format_size(sb->cap, buf, sizeof buf));
	}
	switch (lua_type(L, -1)) {
	case LUA_TSTRING:
		msg = lua_tostring(L, -1);
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			snprintf(buf, sizeof buf, "%lld",
			         (long long)lua_tointeger(L, -1));
		else
			snprintf(buf, sizeof buf, "%.14g", (double)lua_tonumber(L, -1));
		msg = buf;
		break;
	default:
		snprintf(buf, sizeof buf, "(error object is a %s value)",
		         luaL_typename(L, -1));
		msg = buf;
		break;
	}
	rest = msg;
	split_location(sb, msg, &src, &line, &rest);
	return tdm_error_set(err, TDM_LUA, src, line, 0, "%s%s", prefix, rest);
}

tdm_status
tdm__sandbox_call(tdm_sandbox *sb, lua_CFunction fn, void *ud,
                  const tdm_sandbox_ctx *ctx, tdm_error *err)
{
	lua_State *L = sb->L;
	int top = lua_gettop(L), status;
	tdm_status rc = TDM_OK;

	tdm_error_clear(err);
	if (sb->active)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the Lua sandbox is already running a call");
	if (!lua_checkstack(L, 3))
		return tdm__nomem(err);
	sb->active = 1;
	sb->count = sb->charged = sb->alloc_volume = 0;
	sb->stop = STOP_NONE;
	sb->stop_source[0] = '\0';
	sb->stop_line = 0;
	sb->cap_hit = sb->sys_oom = 0;
	sb->hook_step = sb->budget < HOOK_STEP ? (int)sb->budget : HOOK_STEP;
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, sb->hook_step);

	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, ud);
	status = lua_pcall(L, 1, 0, 0);

	lua_sethook(L, NULL, 0, 0);
	sb->active = 0;
	if (status != LUA_OK)
		rc = convert_error(sb, status, ctx, err);
	lua_settop(L, top);
	sb->stop = STOP_NONE;
	sb->count = sb->charged = sb->alloc_volume = 0;
	return rc;
}

/* ------------------------------------------------------------------------
 * Running a chunk
 * --------------------------------------------------------------------- */

struct chunk {
	const char *name;
	const char *text;
	size_t len;
	const luaL_Reg *extra;
	void *ud;
};

/* Load a chunk as text only and run it with a fresh _ENV.  [-0, +0, e] */
static int
l_run_chunk(lua_State *L)
{
	const struct chunk *c = lua_touserdata(L, 1);
	const char *chunkname;
	int status;

	chunkname = lua_pushfstring(L, "@%s", c->name);
	status = luaL_loadbufferx(L, c->text, c->len, chunkname, "t");
	if (status == LUA_ERRMEM)
		return raise_nomem(L);
	if (status != LUA_OK)
		return lua_error(L);
	tdm__sandbox_push_env(L, c->extra, c->ud);
	if (lua_setupvalue(L, -2, 1) == NULL)
		lua_pop(L, 1);
	lua_call(L, 0, 0);
	return 0;
}

/* Remember a chunk name, to recognise it in error messages. */
static int
add_name(tdm_sandbox *sb, const char *name)
{
	size_t i;
	char *copy;

	for (i = 0; i < sb->n_names; i++)
		if (strcmp(sb->names[i], name) == 0)
			return 0;
	if (tdm__grow((void **)&sb->names, &sb->cap_names, sb->n_names + 1,
	              sizeof *sb->names))
		return -1;
	if ((copy = tdm__strdup(name)) == NULL)
		return -1;
	sb->names[sb->n_names++] = copy;
	return 0;
}

tdm_status
tdm__sandbox_run_chunk(tdm_sandbox *sb, const char *name, const char *text,
                       size_t len, const luaL_Reg *extra, void *ud,
                       tdm_error *err)
{
	struct chunk c;
	tdm_sandbox_ctx ctx;

	if (add_name(sb, name))
		return tdm__nomem(err);
	c.name = name;
	c.text = text;
	c.len = len;
	c.extra = extra;
	c.ud = ud;
	ctx.source = name;
	ctx.line = 0;
	ctx.prefix = NULL;
	ctx.option = ctx.criterion = NULL;
	return tdm__sandbox_call(sb, l_run_chunk, &c, &ctx, err);
}
