/*
 * test_lua_sandbox.c -- the sandboxed lua_State: one test per escape
 * attempt (Redis's scripting.tcl), the limits, and how errors come back.
 *
 * Each test gets a fresh sandbox with small limits (4 MiB, 1e6
 * instructions) so that the limit tests run fast.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lua_sandbox.h"
#include "tdm.h"

#define TEST_MEMORY ((size_t)4 << 20)
#define TEST_BUDGET 1000000LL

typedef struct fixture {
	tdm_sandbox *sb;
	volatile sig_atomic_t stop;
	char out[4096];       /* print() output, one line per call */
	char source[256];     /* of the last print */
	long line;
	int calls;
} fixture;

static void
capture(void *ud, const char *source, long line, const char *message)
{
	fixture *f = ud;
	size_t n = strlen(f->out);

	snprintf(f->out + n, sizeof f->out - n, "%s\n", message);
	snprintf(f->source, sizeof f->source, "%s", source ? source : "");
	f->line = line;
	f->calls++;
}

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};

	if (f == NULL)
		return -1;
	limits.interrupt = &f->stop;
	f->sb = tdm__sandbox_new(&limits, capture, f);
	if (f->sb == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	tdm__sandbox_free(f->sb);
	free(f);
	return 0;
}

static tdm_status
run(fixture *f, const char *code, tdm_error *err)
{
	return tdm__sandbox_run_chunk(f->sb, "test.lua", code, strlen(code),
	                              NULL, NULL, err);
}

/* Run code and assert the status, the line and a message substring. */
static void
expect(void **state, const char *code, tdm_status code_want, long line,
       const char *substring)
{
	fixture *f = *state;
	tdm_error err;
	tdm_status s = run(f, code, &err);

	if (s != code_want || (substring && !strstr(err.message, substring)))
		print_error("code: %s\nstatus %d, want %d; message: %s\n", code,
		            (int)s, (int)code_want, err.message);
	assert_int_equal(s, code_want);
	assert_int_equal(err.code, code_want);
	if (code_want == TDM_OK)
		return;
	if (substring != NULL)
		assert_non_null(strstr(err.message, substring));
	if (line >= 0) {
		assert_string_equal(err.source, "test.lua");
		assert_int_equal(err.line, line);
	}
}

static void
expect_ok(void **state, const char *code)
{
	expect(state, code, TDM_OK, -1, NULL);
}

/* ------------------------------------------------------------------------ */

static void
test_lua_sandbox_runs_plain_code(void **state)
{
	fixture *f = *state;

	expect_ok(state, "local x = 1 + 2\nprint(x, 'a', nil, true)");
	assert_string_equal(f->out, "3\ta\tnil\ttrue\n");
	assert_string_equal(f->source, "test.lua");
	assert_int_equal(f->line, 2);
}

static void
test_lua_sandbox_print_through_pcall(void **state)
{
	fixture *f = *state;

	/* print is called by pcall (C): the line is its Lua caller's */
	expect_ok(state, "\n\npcall(print, 'via pcall')");
	assert_string_equal(f->out, "via pcall\n");
	assert_string_equal(f->source, "test.lua");
	assert_int_equal(f->line, 3);
}

struct nested {
	tdm_status inner;
	tdm_error err;
};

static int
call_nested(lua_State *L)
{
	struct nested *n = lua_touserdata(L, 1);

	n->inner = tdm__sandbox_call(tdm__sandbox_of(L), call_nested, n, NULL,
	                             &n->err);
	return 0;
}

static void
test_lua_sandbox_call_is_not_reentrant(void **state)
{
	fixture *f = *state;
	struct nested n;
	tdm_error err;

	memset(&n, 0, sizeof n);
	assert_int_equal(tdm__sandbox_call(f->sb, call_nested, &n, NULL, &err),
	                 TDM_OK);
	assert_int_equal(n.inner, TDM_USAGE);
	assert_non_null(strstr(n.err.message, "already running"));
}

static void
test_lua_sandbox_os_execute(void **state)
{
	expect(state, "os.execute('touch /tmp/pwned')", TDM_LUA, 1,
	       "undefined global 'os'");
}

static void
test_lua_sandbox_io_open(void **state)
{
	expect(state, "\nlocal f = io.open('/etc/passwd')", TDM_LUA, 2,
	       "undefined global 'io'");
}

static void
test_lua_sandbox_require(void **state)
{
	expect(state, "require('os')", TDM_LUA, 1, "undefined global 'require'");
	expect(state, "local p = package", TDM_LUA, 1,
	       "undefined global 'package'");
	expect(state, "local d = debug", TDM_LUA, 1, "undefined global 'debug'");
	expect(state, "local c = coroutine", TDM_LUA, 1,
	       "undefined global 'coroutine'");
}

static void
test_lua_sandbox_dofile(void **state)
{
	expect(state, "dofile('/etc/passwd')", TDM_LUA, 1,
	       "undefined global 'dofile'");
}

static void
test_lua_sandbox_loadfile(void **state)
{
	expect(state, "loadfile('/etc/passwd')", TDM_LUA, 1,
	       "undefined global 'loadfile'");
}

static void
test_lua_sandbox_load_text(void **state)
{
	expect(state, "load('return 1')", TDM_LUA, 1, "undefined global 'load'");
	expect(state, "collectgarbage()", TDM_LUA, 1,
	       "undefined global 'collectgarbage'");
}

static void
test_lua_sandbox_load_binary_chunk(void **state)
{
	fixture *f = *state;
	static const char chunk[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08";
	tdm_error err;

	assert_int_equal(tdm__sandbox_run_chunk(f->sb, "bin.lua", chunk,
	                                        sizeof chunk - 1, NULL, NULL,
	                                        &err),
	                 TDM_LUA);
	assert_non_null(strstr(err.message, "attempt to load a binary chunk"));
	assert_string_equal(err.source, "bin.lua");
}

static void
test_lua_sandbox_string_dump(void **state)
{
	expect(state, "local s = string.dump(function() end)", TDM_LUA, 1,
	       "attempt to call a nil value (field 'dump')");
	expect(state, "local s = (''):dump()", TDM_LUA, 1,
	       "attempt to call a nil value (method 'dump')");
}

static void
test_lua_sandbox_setmetatable_G(void **state)
{
	expect(state, "setmetatable(_G, nil)", TDM_LUA, 1,
	       "cannot change a protected metatable");
	expect(state, "setmetatable(string, nil)", TDM_LUA, 1,
	       "cannot change a protected metatable");
	expect_ok(state, "assert(getmetatable(_G) == 'locked')\n"
	                 "assert(getmetatable(math) == 'locked')\n"
	                 "assert(_G == _ENV)");
}

static void
test_lua_sandbox_rawset(void **state)
{
	expect(state, "rawset(string, 'rep', print)", TDM_LUA, 1,
	       "undefined global 'rawset'");
	/* the proxies are empty: rawget sees nothing to change */
	expect_ok(state, "assert(rawget(string, 'rep') == nil)");
}

static void
test_lua_sandbox_assign_string_rep(void **state)
{
	expect(state, "string.rep = function() return 'x' end", TDM_LUA, 1,
	       "cannot assign string.rep: the string library is read-only");
	expect(state, "math.pi = 3", TDM_LUA, 1,
	       "cannot assign math.pi: the math library is read-only");
	expect(state, "table.insert = nil", TDM_LUA, 1,
	       "cannot assign table.insert");
}

static void
test_lua_sandbox_string_metatable(void **state)
{
	expect_ok(state, "assert(getmetatable('') == 'locked')");
	expect(state, "getmetatable('').__index.rep = nil", TDM_LUA, 1,
	       "attempt to index a nil value (field '__index')");
}

static void
test_lua_sandbox_pairs_does_not_leak_tables(void **state)
{
	fixture *f = *state;

	/* __pairs hands back the proxy, never the real library table */
	expect(state, "local _, s = pairs(string)\nassert(s == string)\n"
	              "s.rep = nil",
	       TDM_LUA, 3, "read-only");
	expect_ok(state, "local n = 0\nfor k, v in pairs(math) do n = n + 1 end\n"
	                 "print(n > 10, math.floor(2.5))");
	assert_string_equal(f->out, "true\t2\n");
}

static void
test_lua_sandbox_string_rep_methods(void **state)
{
	fixture *f = *state;

	expect_ok(state, "print(('ab'):rep(3, ','), ('x'):rep(0), ('x'):rep(-1),"
	                 " string.rep('', 3, '-'))");
	assert_string_equal(f->out, "ab,ab,ab\t\t\t--\n");
}

static void
test_lua_sandbox_string_rep_huge(void **state)
{
	expect(state, "local s = string.rep('x', 1e9)", TDM_LIMIT, -1,
	       "Lua memory limit of 4 MiB exceeded");
	expect(state, "local s = ('x'):rep(1e9)", TDM_LIMIT, -1,
	       "Lua memory limit of 4 MiB exceeded");
	expect(state, "local s = ('xy'):rep(2^62, 'z')", TDM_LIMIT, -1,
	       "Lua memory limit of 4 MiB exceeded");
}

static void
test_lua_sandbox_string_rep_empty(void **state)
{
	fixture *f = *state;

	/* Lua 5.4.4 would loop 1e18 times here */
	expect_ok(state, "print(#string.rep('', 1e18), #(''):rep(1e18, ''))");
	assert_string_equal(f->out, "0\t0\n");
}

static void
test_lua_sandbox_memory_cap(void **state)
{
	fixture *f = *state;
	tdm_error err;

	expect(state, "local s = 'x'\nwhile true do s = s .. s end", TDM_LIMIT,
	       -1, "Lua memory limit of 4 MiB exceeded");
	expect(state, "local t = {}\nfor i = 1, 1e7 do t[i] = {} end",
	       TDM_LIMIT, -1, "Lua memory limit of 4 MiB exceeded");
	/* the state is still usable, and its garbage can be collected */
	assert_int_equal(run(f, "print('still here')", &err), TDM_OK);
	assert_string_equal(f->out, "still here\n");
}

static void
test_lua_sandbox_while_true_in_pcall(void **state)
{
	expect(state, "pcall(function()\n  while true do end\nend)", TDM_LIMIT,
	       2, "instruction budget exhausted (1000000 instructions)");
}

static void
test_lua_sandbox_pcall_loop_cannot_swallow_budget(void **state)
{
	expect(state,
	       "local n = 0\n"
	       "for i = 1, 1e12 do\n"
	       "  local ok = pcall(function() while true do end end)\n"
	       "  n = n + 1\n"
	       "end",
	       TDM_LIMIT, -1, "instruction budget exhausted");
	expect(state,
	       "while true do\n"
	       "  xpcall(function() while true do end end,\n"
	       "         function(e) return e end)\n"
	       "end",
	       TDM_LIMIT, -1, "instruction budget exhausted");
	expect(state,
	       "local t = setmetatable({}, {__close = function()\n"
	       "  while true do end end})\n"
	       "do local x <close> = t\n  while true do end\nend",
	       TDM_LIMIT, -1, "instruction budget exhausted");
}

static void
test_lua_sandbox_budget_is_per_call(void **state)
{
	/* each run uses about 60% of the budget */
	expect_ok(state, "for i = 1, 6e5 do end");
	expect_ok(state, "for i = 1, 6e5 do end");
	expect(state, "while true do end", TDM_LIMIT, 1, "budget");
	/* the hook is gone between calls */
	assert_null(lua_gethook(tdm__sandbox_state(((fixture *)*state)->sb)));
	assert_int_equal(
		lua_gethookmask(tdm__sandbox_state(((fixture *)*state)->sb)), 0);
	expect_ok(state, "for i = 1, 6e5 do end");
}

static void
test_lua_sandbox_interrupt(void **state)
{
	fixture *f = *state;

	f->stop = 1;
	expect(state, "local n = 0\nwhile true do n = n + 1 end", TDM_LIMIT, 2,
	       "interrupted");
	f->stop = 0;
	expect_ok(state, "local n = 1");
}

static void
test_lua_sandbox_gc_finalizer(void **state)
{
	expect(state, "setmetatable({}, {__gc = function() while true do end end})",
	       TDM_LUA, 1, "__gc finalizers are not allowed");
	expect(state, "setmetatable({}, {__gc = false})", TDM_LUA, 1,
	       "__gc finalizers are not allowed");
	expect_ok(state, "local t = setmetatable({}, {__index = function() "
	                 "return 1 end})\nassert(t.x == 1)");
}

static void
test_lua_sandbox_undefined_global(void **state)
{
	expect(state, "local w = 5\nlocal x = wieght + 1", TDM_LUA, 2,
	       "undefined global 'wieght'");
}

static void
test_lua_sandbox_global_assignment(void **state)
{
	expect(state, "x = 1", TDM_LUA, 1,
	       "cannot assign global 'x': decision files are read-only; use "
	       "local");
	expect(state, "function helper() end", TDM_LUA, 1,
	       "cannot assign global 'helper'");
	expect(state, "print = nil", TDM_LUA, 1, "cannot assign global 'print'");
	expect(state, "_G.x = 1", TDM_LUA, 1, "cannot assign global 'x'");
}

static void
test_lua_sandbox_patterns_refused(void **state)
{
	expect(state, "local m = string.match('aaa', '(a*)*b')", TDM_LUA, 1,
	       "string.match is not available in decision files");
	expect(state, "local s = ('abc'):gsub('b', 'x')", TDM_LUA, 1,
	       "string.gsub is not available");
	expect(state, "for w in string.gmatch('a b', '%a+') do end", TDM_LUA, 1,
	       "string.gmatch is not available");
	expect(state, "local i = string.find(('a'):rep(30), '(a*)*b')", TDM_LUA,
	       1, "Lua patterns are not available");
}

static void
test_lua_sandbox_plain_find(void **state)
{
	fixture *f = *state;

	expect_ok(state, "print(string.find('a.b', '.', 1, true))\n"
	                 "print(('hello'):find('ll'))\n"
	                 "print(('hello'):find('zz'))\n"
	                 "print(string.find('a(b', '(', 1, true))");
	assert_string_equal(f->out, "2\t2\n3\t4\nnil\n2\t2\n");
}

static void
test_lua_sandbox_find_is_charged(void **state)
{
	/* 1 MiB haystack, 512 KiB needle: about 2^39 byte compares */
	expect(state,
	       "local s = string.rep('a', 2^20)\n"
	       "local p = string.rep('a', 2^19) .. 'b'\n"
	       "local i = string.find(s, p, 1, true)",
	       TDM_LIMIT, 3, "instruction budget exhausted");
}

static void
test_lua_sandbox_table_loops_are_charged(void **state)
{
	static const char *const loops[] = {
		"table.remove(t, 1)",
		"table.insert(t, 1, 'x')",
		"table.move(t, 1, 1e15, 2)",
		"local s = table.concat(t, '', 1, 1e15)",
		"table.sort(t)",
		NULL,
	};
	const char *const *loop;
	char code[256];

	for (loop = loops; *loop != NULL; loop++) {
		/* #t is 2^40 with 41 keys: t[2^40], ..., t[2], t[1] */
		snprintf(code, sizeof code,
		         "local t = {}\nfor k = 40, 0, -1 do t[1 << k] = 1 end\n%s", *loop);
		expect(state, code, TDM_LIMIT, 3, "instruction budget exhausted");
	}
	expect(state,
	       "local t = setmetatable({}, {__len = function() return 1e15 end})\n"
	       "table.remove(t, 1)",
	       TDM_LIMIT, 2, "instruction budget exhausted");
	/* every t[i] is "" through a C __index: no instruction, no memory */
	expect(state,
	       "local t = setmetatable({}, {__index = table.concat})\n"
	       "local s = table.concat(t, '', 1, 1e15)",
	       TDM_LIMIT, 2, "instruction budget exhausted");
	expect(state,
	       "local t = setmetatable({}, {__len = function() return 5 end})\n"
	       "table.sort(t)",
	       TDM_LUA, 2, "__len metamethod");
}

static void
test_lua_sandbox_table_functions_work(void **state)
{
	fixture *f = *state;

	expect_ok(state,
	          "local t = {3, 1, 2}\n"
	          "table.sort(t)\n"
	          "table.insert(t, 4)\n"
	          "table.insert(t, 1, 0)\n"
	          "local r = table.remove(t, 2)\n"
	          "local m = table.move(t, 1, 2, 1, {})\n"
	          "print(table.concat(t, ','), r, table.unpack(m))\n"
	          "print(table.concat({1, 2, 3}, '-', 2), select('#', "
	          "table.unpack({1, 2, 3})))");
	assert_string_equal(f->out, "0,2,3,4\t1\t0\t2\n2-3\t3\n");
}

static void
test_lua_sandbox_allocation_is_charged(void **state)
{
	/* ~4 instructions per iteration, each copying 1 MiB: without charging
	 * allocations this would run for hours within the budget */
	expect(state,
	       "local s = string.rep('x', 2^20)\n"
	       "while true do local t = s .. 'y' end",
	       TDM_LIMIT, 2, "instruction budget exhausted");
}

static void
test_lua_sandbox_random_is_reproducible(void **state)
{
	fixture *f = *state;
	tdm_sandbox *other;
	tdm_error err;
	char first[sizeof f->out];
	const char *code = "print(math.random(1, 1000000), math.random())";
	fixture g;

	expect_ok(state, code);
	snprintf(first, sizeof first, "%s", f->out);
	memset(&g, 0, sizeof g);
	other = tdm__sandbox_new(NULL, capture, &g);
	assert_non_null(other);
	assert_int_equal(tdm__sandbox_run_chunk(other, "t.lua", code,
	                                        strlen(code), NULL, NULL, &err),
	                 TDM_OK);
	assert_string_equal(g.out, first);
	tdm__sandbox_free(other);
	expect(state, "math.randomseed()", TDM_LUA, 1, "number expected");
	expect_ok(state, "math.randomseed(7)");
}

static void
test_lua_sandbox_error_objects(void **state)
{
	expect(state, "error({})", TDM_LUA, -1,
	       "(error object is a table value)");
	expect(state,
	       "error(setmetatable({}, {__tostring = function() "
	       "while true do end end}))",
	       TDM_LUA, -1, "(error object is a table value)");
	expect(state, "error(42)", TDM_LUA, -1, "42");
	expect(state, "error(nil)", TDM_LUA, -1, "(error object is a nil value)");
	expect(state, "\nerror('plain', 0)", TDM_LUA, 0, "plain");
	expect(state, "local t\n\nlocal x = t.field", TDM_LUA, 3,
	       "attempt to index a nil value (local 't')");
	expect(state, "local x = 1 +", TDM_LUA, 1, "unexpected symbol");
}

static void
test_lua_sandbox_error_message_is_split(void **state)
{
	fixture *f = *state;
	tdm_error err;
	char buf[800];

	assert_int_equal(run(f, "\n\nerror('boom')", &err), TDM_LUA);
	assert_string_equal(err.source, "test.lua");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.message, "boom");
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "test.lua:3: boom");
}

static void
test_lua_sandbox_long_chunk_name(void **state)
{
	fixture *f = *state;
	char name[200];
	tdm_error err;
	const char *code = "\nerror('deep')";

	memset(name, 'd', sizeof name);
	memcpy(name + sizeof name - 9, "/x/y.lua", 9);
	/* Lua shortens this to "...tail"; the error names the whole file */
	assert_int_equal(tdm__sandbox_run_chunk(f->sb, name, code, strlen(code),
	                                        NULL, NULL, &err),
	                 TDM_LUA);
	assert_string_equal(err.source, name);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.message, "deep");
}

static void
test_lua_sandbox_deep_recursion(void **state)
{
	fixture *f = *state;
	tdm_error err;
	tdm_status s;

	s = run(f, "local function r(n) return 1 + r(n + 1) end\nr(1)", &err);
	assert_true(s == TDM_LUA || s == TDM_LIMIT);
	s = run(f,
	        "local t = setmetatable({}, {})\n"
	        "getmetatable(t).__index = function(t, k) return t[k] end\n"
	        "local x = t.y",
	        &err);
	assert_true(s == TDM_LUA || s == TDM_LIMIT);
	assert_int_equal(run(f, "local ok = 1", &err), TDM_OK);
}

static void
test_lua_sandbox_env_is_per_chunk(void **state)
{
	fixture *f = *state;

	/* one chunk's local-shadowed _ENV does not leak into the next */
	expect_ok(state, "local _ENV = {print = print}\nprint(string)");
	expect_ok(state, "print(type(string))");
	assert_string_equal(f->out, "nil\ntable\n");
}

/* Every allocation point of creating the state and running a chunk, by
 * sweeping the cap: each attempt fails cleanly or works, and nothing
 * leaks (under ASan). */
static void
test_lua_sandbox_memory_cap_sweep(void **state)
{
	tdm_lua_limits limits = {0, TEST_BUDGET, NULL};
	const char *code = "local t = {}\nfor i = 1, 100 do t[i] = "
	                   "('x'):rep(i) end\nprint(#table.concat(t))";
	size_t cap;
	int created = 0, ran = 0;
	tdm_sandbox *sb;
	tdm_error err;
	tdm_status s;
	fixture g;

	(void)state;
	for (cap = 1024; cap < 96 * 1024; cap += 256) {
		limits.memory = cap;
		memset(&g, 0, sizeof g);
		sb = tdm__sandbox_new(&limits, capture, &g);
		if (sb == NULL)
			continue;
		created++;
		s = tdm__sandbox_run_chunk(sb, "t.lua", code, strlen(code), NULL,
		                           NULL, &err);
		if (s == TDM_OK) {
			assert_string_equal(g.out, "5050\n");
			ran++;
		} else {
			assert_int_equal(s, TDM_LIMIT);
			assert_non_null(strstr(err.message, "Lua memory limit of"));
		}
		assert_true(tdm__sandbox_memory(sb) <= cap);
		tdm__sandbox_free(sb);
	}
	assert_true(created > 0);
	assert_true(ran > 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_lua_sandbox_runs_plain_code),
		T(test_lua_sandbox_print_through_pcall),
		T(test_lua_sandbox_call_is_not_reentrant),
		T(test_lua_sandbox_os_execute),
		T(test_lua_sandbox_io_open),
		T(test_lua_sandbox_require),
		T(test_lua_sandbox_dofile),
		T(test_lua_sandbox_loadfile),
		T(test_lua_sandbox_load_text),
		T(test_lua_sandbox_load_binary_chunk),
		T(test_lua_sandbox_string_dump),
		T(test_lua_sandbox_setmetatable_G),
		T(test_lua_sandbox_rawset),
		T(test_lua_sandbox_assign_string_rep),
		T(test_lua_sandbox_string_metatable),
		T(test_lua_sandbox_pairs_does_not_leak_tables),
		T(test_lua_sandbox_string_rep_methods),
		T(test_lua_sandbox_string_rep_huge),
		T(test_lua_sandbox_string_rep_empty),
		T(test_lua_sandbox_memory_cap),
		T(test_lua_sandbox_while_true_in_pcall),
		T(test_lua_sandbox_pcall_loop_cannot_swallow_budget),
		T(test_lua_sandbox_budget_is_per_call),
		T(test_lua_sandbox_interrupt),
		T(test_lua_sandbox_gc_finalizer),
		T(test_lua_sandbox_undefined_global),
		T(test_lua_sandbox_global_assignment),
		T(test_lua_sandbox_patterns_refused),
		T(test_lua_sandbox_plain_find),
		T(test_lua_sandbox_find_is_charged),
		T(test_lua_sandbox_table_loops_are_charged),
		T(test_lua_sandbox_table_functions_work),
		T(test_lua_sandbox_allocation_is_charged),
		T(test_lua_sandbox_random_is_reproducible),
		T(test_lua_sandbox_error_objects),
		T(test_lua_sandbox_error_message_is_split),
		T(test_lua_sandbox_long_chunk_name),
		T(test_lua_sandbox_deep_recursion),
		T(test_lua_sandbox_env_is_per_chunk),
		T(test_lua_sandbox_memory_cap_sweep),
	};
#undef T
	return cmocka_run_group_tests_name("lua_sandbox", tests, NULL, NULL);
}
