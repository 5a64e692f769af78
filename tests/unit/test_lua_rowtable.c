/*
 * test_lua_rowtable.c -- the option table `o` that score and must
 * functions get (doc/design/lua-rows.md): one table reused for every call,
 * refilled for each option, so nothing may leak from one option to the
 * next, from one criterion to the next, or from a model to the one that
 * replaces it; values overwritten in place must be seen.
 *
 * Functions report what they see through print(), which the fixture
 * captures line by line.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tdm.h"
#include "tdm_test.h"

#include "tdm_decl_fixture.h"

static void
load(fixture *f, const char *code)
{
	tdm_error err;

	if (tdm_decl_load_buffer(f->d, "test.lua", code, strlen(code), f->m,
	                         &err) != TDM_OK)
		fail_msg("%s:%ld: %s", err.source, err.line, err.message);
}

/* Run criterion crit's score function on option opt; returns the score. */
static double
score(fixture *f, const char *crit, const char *opt)
{
	tdm_hooks h = tdm_decl_hooks(f->d);
	long c = tdm_model_find_criterion(f->m, crit);
	long o = tdm_model_find_option(f->m, opt);
	tdm_error err;
	double x = -1;

	assert_true(c >= 0 && o >= 0);
	if (h.score(h.ud, f->m, (size_t)c, (size_t)o, &x, &err) != TDM_OK)
		fail_msg("%s:%ld: %s", err.source, err.line, err.message);
	return x;
}

/* Score options named by single letters, one after another ("ABA": A,
 * then B, then A again). */
static void
score_in_turn(fixture *f, const char *crit, const char *letters)
{
	char name[2] = {0, 0};

	for (; *letters != '\0'; letters++) {
		name[0] = *letters;
		score(f, crit, name);
	}
}

/* The same, expecting an error; its formatted text into buf. */
static tdm_status
score_error(fixture *f, const char *crit, const char *opt, char *buf,
            size_t size)
{
	tdm_hooks h = tdm_decl_hooks(f->d);
	long c = tdm_model_find_criterion(f->m, crit);
	long o = tdm_model_find_option(f->m, opt);
	tdm_error err;
	tdm_status s;
	double x;

	assert_true(c >= 0 && o >= 0);
	s = h.score(h.ud, f->m, (size_t)c, (size_t)o, &x, &err);
	assert_int_not_equal(s, TDM_OK);
	tdm_error_format(&err, buf, size);
	return s;
}

/* Run crit's must function on number v for option opt; returns ok. */
static int
must(fixture *f, const char *crit, const char *opt, double v)
{
	tdm_hooks h = tdm_decl_hooks(f->d);
	long c = tdm_model_find_criterion(f->m, crit);
	long o = tdm_model_find_option(f->m, opt);
	tdm_value val;
	tdm_error err;
	char reason[64];
	int ok = -1;

	assert_true(c >= 0 && o >= 0);
	val.type = TDM_VAL_NUMBER;
	val.column = 0;
	val.as.num = v;
	if (h.must(h.ud, f->m, (size_t)c, (size_t)o, &val, &ok, reason,
	           sizeof reason, &err) != TDM_OK)
		fail_msg("%s:%ld: %s", err.source, err.line, err.message);
	return ok;
}

/* Overwrite option opt's attribute with v, in place. */
static void
set_value(fixture *f, const char *opt, const char *attr, const tdm_value *v)
{
	long o = tdm_model_find_option(f->m, opt);
	long a = tdm_model_find_attr(f->m, attr);
	tdm_error err;

	assert_true(o >= 0 && a >= 0);
	assert_int_equal(tdm_model_set_value(f->m, (size_t)o, (size_t)a, v, &err),
	                 TDM_OK);
}

static void
set_number(fixture *f, const char *opt, const char *attr, double x)
{
	tdm_value v;

	v.type = TDM_VAL_NUMBER;
	v.column = 0;
	v.as.num = x;
	set_value(f, opt, attr, &v);
}

/* A Lua helper every test file starts with: the option's fields, sorted,
 * as "k=v" with the Lua type of numbers (so 12.0 reads "12.0"). */
#define DUMP                                                            \
	"local function dump(o)\n"                                          \
	"  local keys = {}\n"                                               \
	"  for k in pairs(o) do keys[#keys + 1] = k end\n"                  \
	"  table.sort(keys)\n"                                              \
	"  local parts = {}\n"                                              \
	"  for _, k in ipairs(keys) do\n"                                   \
	"    parts[#parts + 1] = k .. '=' .. tostring(o[k])\n"              \
	"  end\n"                                                           \
	"  return table.concat(parts, ' ')\n"                               \
	"end\n"

/* ------------------------------------------------------------------------
 * Nothing leaks between options
 * --------------------------------------------------------------------- */

static void
test_lua_rowtable_missing_after_present(void **state)
{
	fixture *f = *state;

	load(f, "criterion 's' { weight = 1, score = function(o)\n"
	        "  print(o.name, o.x, o.y) return 0 end }\n"
	        "option 'A' { x = 1, y = 2 }\n"
	        "option 'B' { x = 3 }\n"
	        "option 'C' { y = 4 }\n");
	score_in_turn(f, "s", "ABCA");
	assert_string_equal(f->out, "A\t1.0\t2.0\n"
	                            "B\t3.0\tnil\n"
	                            "C\tnil\t4.0\n"
	                            "A\t1.0\t2.0\n");
}

/* The data table holds only the keys a function has read (refreshed for
 * every option; the others are fetched when read): a key read first on a
 * later option, a read key the next option lacks, pairs after some keys
 * were read, and the same again once every key is held. */
static void
test_lua_rowtable_keys_held_as_read(void **state)
{
	fixture *f = *state;

	load(f, DUMP "criterion 's' { weight = 1, score = function(o)\n"
	        "  if o.name == 'A' then print(o.x)\n"
	        "  elseif o.name == 'B' then print(o.y, o.x)\n"
	        "  else print(dump(o)) end\n"
	        "  return 0 end }\n"
	        "option 'A' { x = 1, y = 2 }\n"
	        "option 'B' { y = 3 }\n"
	        "option 'C' { x = 5, z = 'w' }\n"
	        "option 'D' { y = 9 }\n");
	score_in_turn(f, "s", "ABCDBA");
	assert_string_equal(f->out, "1.0\n"
	                            "3.0\tnil\n"
	                            "name=C x=5.0 z=w\n"
	                            "name=D y=9.0\n"
	                            "3.0\tnil\n"
	                            "1.0\n");
}

static void
test_lua_rowtable_written_keys_gone(void **state)
{
	fixture *f = *state;

	/* w writes into o: a new key, an attribute, a missing attribute, the
	 * name, an integer key; r, and w itself, must not see any of it */
	load(f, "criterion 'w' { weight = 1, score = function(o)\n"
	        "  print('w', o.name, o.x, o.y, o.extra, o[1])\n"
	        "  o.extra = 'planted'; o.x = 99; o.y = 98; o.name = 'Z'\n"
	        "  table.insert(o, 'one')\n"
	        "  print('w', o.name, o.x, o.y, o.extra, o[1], #o)\n"
	        "  return 0 end }\n"
	        "criterion 'r' { weight = 1, score = function(o)\n"
	        "  print('r', o.name, o.x, o.y, o.extra, o[1]) return 0 end }\n"
	        "option 'A' { x = 1 }\n"
	        "option 'B' { x = 2, y = 3 }\n");
	score(f, "w", "A");
	score(f, "r", "A"); /* same option, next criterion */
	score(f, "w", "B");
	score(f, "w", "B"); /* same option, same criterion */
	score(f, "r", "A");
	assert_string_equal(f->out, "w\tA\t1.0\tnil\tnil\tnil\n"
	                            "w\tZ\t99\t98\tplanted\tone\t1\n"
	                            "r\tA\t1.0\tnil\tnil\tnil\n"
	                            "w\tB\t2.0\t3.0\tnil\tnil\n"
	                            "w\tZ\t99\t98\tplanted\tone\t1\n"
	                            "w\tB\t2.0\t3.0\tnil\tnil\n"
	                            "w\tZ\t99\t98\tplanted\tone\t1\n"
	                            "r\tA\t1.0\tnil\tnil\tnil\n");
}

static void
test_lua_rowtable_write_nil_removes(void **state)
{
	fixture *f = *state;

	/* o.x = nil hides the attribute for the rest of the call, as in a
	 * plain table; the next call has it back */
	load(f, "criterion 's' { weight = 1, score = function(o)\n"
	        "  local before = o.x\n"
	        "  o.x = nil\n"
	        "  print(before, o.x, rawget(o, 'y')) return 0 end }\n"
	        "option 'A' { x = 1, y = 2 }\n");
	score(f, "s", "A");
	score(f, "s", "A");
	assert_string_equal(f->out, "1.0\tnil\t2.0\n"
	                            "1.0\tnil\t2.0\n");
}

static void
test_lua_rowtable_kept_reference(void **state)
{
	fixture *f = *state;

	/* A function that keeps `o` sees it follow the current option
	 * (documented); writing through the kept reference in a later call
	 * changes only that call's view, never what the next call gets. */
	load(f, "local saved\n"
	        "criterion 'keep' { weight = 1, score = function(o)\n"
	        "  if saved then print('saved', saved.name, saved.x) end\n"
	        "  saved = o return 0 end }\n"
	        "criterion 'spoil' { weight = 1, score = function(o)\n"
	        "  saved.x = 100 print('spoil', o.x) return 0 end }\n"
	        "criterion 'look' { weight = 1, score = function(o)\n"
	        "  print('look', o.name, o.x) return 0 end }\n"
	        "option 'A' { x = 1 }\n"
	        "option 'B' { x = 2 }\n");
	score(f, "keep", "A");
	score(f, "keep", "B");
	score(f, "spoil", "B");
	score(f, "look", "B");
	score(f, "look", "A");
	assert_string_equal(f->out, "saved\tB\t2.0\n"
	                            "spoil\t100\n"
	                            "look\tB\t2.0\n"
	                            "look\tA\t1.0\n");
}

/* ------------------------------------------------------------------------
 * Values: as the fresh table of earlier versions
 * --------------------------------------------------------------------- */

static void
test_lua_rowtable_value_types(void **state)
{
	fixture *f = *state;

	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o), math.type(o.n), type(o.b), type(o.r))\n"
	     "  return 0 end }\n"
	     "option 'A' { n = 12, s = 'log', b = true, f = false, r = {1, 2} }\n"
	     "option 'B' { n = -0.5, s = '', b = false }\n"
	     "option 'C' { }\n");
	score_in_turn(f, "s", "ABCA");
	/* a range reaches a score function as nil */
	assert_string_equal(f->out,
	                    "b=true f=false n=12.0 name=A s=log\tfloat\tboolean\tnil\n"
	                    "b=false n=-0.5 name=B s=\tfloat\tboolean\tnil\n"
	                    "name=C\tnil\tnil\tnil\n"
	                    "b=true f=false n=12.0 name=A s=log\tfloat\tboolean\tnil\n");
}

static void
test_lua_rowtable_attribute_called_name(void **state)
{
	fixture *f = *state;

	/* an attribute `name` wins over the option's name, missing or not */
	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o), o.name) return 0 end }\n"
	     "option 'A' { name = 'alias', x = 1 }\n"
	     "option 'B' { x = 2 }\n");
	score(f, "s", "A");
	score(f, "s", "B");
	assert_string_equal(f->out, "name=alias x=1.0\talias\n"
	                            "x=2.0\tnil\n");
}

static void
test_lua_rowtable_must_sees_same_table(void **state)
{
	fixture *f = *state;

	/* must gets v (a range: each end) and the same option table */
	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print('score', dump(o)) return 0 end }\n"
	     "criterion 'lat' { weight = 1, better = 'lower',\n"
	     "  must = function(v, o) print('must', v, dump(o))\n"
	     "    return v < 50 end }\n"
	     "option 'A' { lat = {10, 60}, k = 'x' }\n"
	     "option 'B' { lat = 5 }\n");
	score(f, "s", "A");
	assert_int_equal(must(f, "lat", "A", 10), 1);
	assert_int_equal(must(f, "lat", "A", 60), 0);
	score(f, "s", "B");
	assert_int_equal(must(f, "lat", "B", 5), 1);
	assert_string_equal(f->out, "score\tk=x name=A\n"
	                            "must\t10.0\tk=x name=A\n"
	                            "must\t60.0\tk=x name=A\n"
	                            "score\tlat=5.0 name=B\n"
	                            "must\t5.0\tlat=5.0 name=B\n");
}

static void
test_lua_rowtable_two_criteria_same_values(void **state)
{
	fixture *f = *state;
	const char *line2;

	/* two score functions on the same option, in a row, see the same
	 * values (the second one is served from the cache) */
	load(f, DUMP
	     "criterion 'a' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return o.x * 2 end }\n"
	     "criterion 'b' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return o.x + o.y end }\n"
	     "option 'A' { x = 1, y = 10, s = 'a' }\n"
	     "option 'B' { x = 2, s = 'b', t = true }\n");
	assert_near(score(f, "a", "A"), 2, 0);
	assert_near(score(f, "b", "A"), 11, 0);
	assert_near(score(f, "a", "B"), 4, 0);
	assert_string_equal(f->out, "name=A s=a x=1.0 y=10.0\n"
	                            "name=A s=a x=1.0 y=10.0\n"
	                            "name=B s=b t=true x=2.0\n");
	line2 = strchr(f->out, '\n') + 1;
	assert_memory_equal(f->out, line2, (size_t)(strchr(line2, '\n') - line2));
}

static void
test_lua_rowtable_evaluate(void **state)
{
	fixture *f = *state;
	tdm_hooks h;
	tdm_result *r = NULL;
	tdm_error err;
	size_t i;

	/* the whole engine: two score functions and a must function per
	 * option, no scale: the scores must match a plain computation */
	load(f, "criterion 'a' { weight = 1, score = function(o) return o.x end }\n"
	        "criterion 'b' { weight = 1, score = function(o)\n"
	        "  o.x = -1e9 return o.y end }\n"
	        "criterion 'z' { weight = 1, better = 'higher',\n"
	        "  must = function(v, o) return o.x > 0 and v > 0 end }\n"
	        "option 'A' { x = 1, y = 3, z = 5 }\n"
	        "option 'B' { x = 2, y = 2, z = 5 }\n"
	        "option 'C' { x = 3, y = 1, z = 5 }\n");
	h = tdm_decl_hooks(f->d);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_OK);
	assert_int_equal(r->n_options, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(r->options[i].n_reasons, 0);
	/* symmetric data: every option scores the same */
	assert_near(r->options[0].score, r->options[1].score, 1e-12);
	assert_near(r->options[1].score, r->options[2].score, 1e-12);
	tdm_result_free(r);
}

/* ------------------------------------------------------------------------
 * Values changed in place, models replaced
 * --------------------------------------------------------------------- */

static void
test_lua_rowtable_rows_changed(void **state)
{
	fixture *f = *state;
	tdm_hooks h;
	tdm_value v;

	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return 0 end }\n"
	     "option 'A' { x = 1, s = 'abc', b = true }\n");
	score(f, "s", "A");
	/* the batch evaluator's pattern: overwrite the slot, then say so */
	set_number(f, "A", "x", 2);
	tdm_decl_rows_changed(f->d);
	score(f, "s", "A");
	/* without saying so: the cache compares what it holds */
	set_number(f, "A", "x", 3);
	score(f, "s", "A");
	v.type = TDM_VAL_STRING;
	v.column = 0;
	v.as.str = (char *)"abd"; /* same length, same place, other bytes */
	set_value(f, "A", "s", &v);
	score(f, "s", "A");
	v.type = TDM_VAL_BOOL;
	v.as.boolean = 0;
	set_value(f, "A", "b", &v);
	score(f, "s", "A");
	v.type = TDM_VAL_MISSING;
	set_value(f, "A", "x", &v);
	score(f, "s", "A");
	set_number(f, "A", "x", -0.0);
	score(f, "s", "A");
	set_number(f, "A", "x", 0.0);
	score(f, "s", "A");
	tdm_decl_rows_changed(f->d);
	tdm_decl_rows_changed(NULL);
	score(f, "s", "A");
	/* through the hooks, as the batch evaluator calls it */
	set_number(f, "A", "x", 4);
	h = tdm_decl_hooks(f->d);
	assert_non_null(h.rows_changed);
	h.rows_changed(h.ud);
	score(f, "s", "A");
	assert_string_equal(f->out, "b=true name=A s=abc x=1.0\n"
	                            "b=true name=A s=abc x=2.0\n"
	                            "b=true name=A s=abc x=3.0\n"
	                            "b=true name=A s=abd x=3.0\n"
	                            "b=false name=A s=abd x=3.0\n"
	                            "b=false name=A s=abd\n"
	                            "b=false name=A s=abd x=-0.0\n"
	                            "b=false name=A s=abd x=0.0\n"
	                            "b=false name=A s=abd x=0.0\n"
	                            "b=false name=A s=abd x=4.0\n");
}

static void
test_lua_rowtable_evaluate_after_edit(void **state)
{
	fixture *f = *state;
	tdm_hooks h;
	tdm_result *r = NULL;
	tdm_error err;

	/* one option: the last call of a pass and the first of the next are
	 * the same (model, option); an edit between them must be seen */
	load(f, "criterion 's' { weight = 1, scale = {0, 10},\n"
	        "  score = function(o) return o.x end }\n"
	        "option 'A' { x = 2 }\n");
	h = tdm_decl_hooks(f->d);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_OK);
	assert_near(r->values[0], 2, 0);
	tdm_result_free(r);
	r = NULL;
	set_number(f, "A", "x", 7);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_OK);
	assert_near(r->values[0], 7, 0);
	tdm_result_free(r);
}

static void
test_lua_rowtable_model_replaced(void **state)
{
	fixture *f = *state;
	int i;

	/* a model freed and another loaded through the same decl, likely at
	 * the same address, with the same option name and index: other
	 * attribute names (same count) must not leave stale keys */
	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return 0 end }\n"
	     "option 'A' { aa = 1, bb = 2 }\n");
	score(f, "s", "A");
	for (i = 0; i < 2; i++) {
		tdm_model_free(f->m);
		f->m = tdm_model_new();
		assert_non_null(f->m);
		load(f, DUMP
		     "criterion 's' { weight = 1, score = function(o)\n"
		     "  print(dump(o)) return 0 end }\n"
		     "option 'A' { cc = 1, dd = 2 }\n");
		score(f, "s", "A");
	}
	tdm_model_free(f->m);
	f->m = tdm_model_new();
	assert_non_null(f->m);
	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return 0 end }\n"
	     "option 'A' { cc = 1, dd = 3, ee = 'e' }\n");
	score(f, "s", "A");
	assert_string_equal(f->out, "aa=1.0 bb=2.0 name=A\n"
	                            "cc=1.0 dd=2.0 name=A\n"
	                            "cc=1.0 dd=2.0 name=A\n"
	                            "cc=1.0 dd=3.0 ee=e name=A\n");
}

static void
test_lua_rowtable_attribute_added(void **state)
{
	fixture *f = *state;
	tdm_value v;
	long o;
	tdm_error err;

	/* an attribute added to the model after a call (the REPL can) */
	load(f, DUMP
	     "criterion 's' { weight = 1, score = function(o)\n"
	     "  print(dump(o)) return 0 end }\n"
	     "option 'A' { x = 1 }\n");
	score(f, "s", "A");
	o = tdm_model_find_option(f->m, "A");
	v.type = TDM_VAL_STRING;
	v.column = 0;
	v.as.str = (char *)"new";
	assert_int_equal(tdm_model_set_value(f->m, (size_t)o,
	                                     (size_t)tdm_model_attr(f->m, "z", 1),
	                                     &v, &err),
	                 TDM_OK);
	score(f, "s", "A");
	assert_string_equal(f->out, "name=A x=1.0\n"
	                            "name=A x=1.0 z=new\n");
}

/* ------------------------------------------------------------------------
 * The proxy: what a script can see of it
 * --------------------------------------------------------------------- */

static void
test_lua_rowtable_pairs_and_length(void **state)
{
	fixture *f = *state;

	load(f, "criterion 's' { weight = 1, score = function(o)\n"
	        "  local n = 0\n"
	        "  for k, v in pairs(o) do n = n + 1 end\n"
	        "  local m = 0\n"
	        "  for _ in ipairs(o) do m = m + 1 end\n"
	        "  print(n, m, #o, o[1], o.nope) return 0 end }\n"
	        "option 'A' { x = 1, y = 2, z = 'z' }\n"
	        "option 'B' { x = 1 }\n");
	score(f, "s", "A");
	score(f, "s", "B");
	assert_string_equal(f->out, "4\t0\t0\tnil\tnil\n"
	                            "2\t0\t0\tnil\tnil\n");
}

static void
test_lua_rowtable_sandbox(void **state)
{
	fixture *f = *state;
	char buf[800];

	/* the metatable is locked; the pairs iterator reads only proxies;
	 * nothing hands out the hidden data table */
	load(f, "criterion 's' { weight = 1, score = function(o)\n"
	        "  local mt = getmetatable(o)\n"
	        "  local ok, e = pcall(setmetatable, o, {})\n"
	        "  local iter, t, k = pairs(o)\n"
	        "  print(mt, ok, e, t == o, k, iter({}, nil), iter('x', nil))\n"
	        "  print(next(o), rawget(o, 'x'), rawlen(o), rawequal(t, o))\n"
	        "  return 0 end }\n"
	        "criterion 'gc' { weight = 1, score = function(o)\n"
	        "  setmetatable(o, { __gc = function() end }) return 0 end }\n"
	        "criterion 'after_write' { weight = 1, score = function(o)\n"
	        "  o.w = 1\n"
	        "  print(getmetatable(o), setmetatable(o, {}) == o, rawget(o, 'x'))\n"
	        "  return 0 end }\n"
	        "option 'A' { x = 1 }\n");
	score(f, "s", "A");
	assert_string_equal(f->out, "locked\tfalse\tcannot change a protected "
	                            "metatable\ttrue\tnil\tnil\tnil\n"
	                            "nil\tnil\t0\ttrue\n");
	f->out[0] = '\0';
	assert_int_equal(score_error(f, "gc", "A", buf, sizeof buf), TDM_LUA);
	assert_string_equal(buf, "test.lua:9: option 'A', criterion 'gc': __gc "
	                         "finalizers are not allowed");
	score(f, "after_write", "A");
	score(f, "s", "A"); /* a fresh proxy again */
	assert_string_equal(f->out, "nil\ttrue\t1.0\n"
	                            "locked\tfalse\tcannot change a protected "
	                            "metatable\ttrue\tnil\tnil\tnil\n"
	                            "nil\tnil\t0\ttrue\n");
}

static void
test_lua_rowtable_bad_keys_as_before(void **state)
{
	fixture *f = *state;
	char buf[800];

	/* o[nil] = v and o[0/0] = v fail as on a plain table: same message,
	 * same line */
	load(f, "criterion 'cmp' { weight = 1, score = function(o)\n"
	        "  local t = {}\n"
	        "  local _, a = pcall(function() t[nil] = 1 end)\n"
	        "  local _, b = pcall(function() o[nil] = 1 end)\n"
	        "  local _, c = pcall(function() t[0/0] = 1 end)\n"
	        "  local _, d = pcall(function() o[0/0] = 1 end)\n"
	        "  print(a, b, c, d) return 0 end }\n"
	        "criterion 'nilkey' { weight = 1, score = function(o)\n"
	        "  o[nil] = 1 return 0 end }\n"
	        "criterion 'fkey' { weight = 1, score = function(o)\n"
	        "  o[2.0] = 'two' print(o[2], rawget(o, 2)) return 0 end }\n"
	        "option 'A' { x = 1 }\n");
	score(f, "cmp", "A");
	assert_string_equal(f->out, "test.lua:3: table index is nil\t"
	                            "test.lua:4: table index is nil\t"
	                            "test.lua:5: table index is NaN\t"
	                            "test.lua:6: table index is NaN\n");
	assert_int_equal(score_error(f, "nilkey", "A", buf, sizeof buf), TDM_LUA);
	assert_string_equal(buf, "test.lua:9: option 'A', criterion 'nilkey': "
	                         "table index is nil");
	f->out[0] = '\0';
	score(f, "fkey", "A");
	assert_string_equal(f->out, "two\ttwo\n");
}

static void
test_lua_rowtable_many_options(void **state)
{
	fixture *f = *state;
	char code[256];
	tdm_error err;
	int i;

	/* many options, alternating with a writer: sums stay exact */
	load(f, "criterion 's' { weight = 1, score = function(o)\n"
	        "  if o.extra then error('leak') end\n"
	        "  if o.i % 7 == 0 then o.extra = true end\n"
	        "  return o.i + (o.j or 0) end }\n");
	for (i = 0; i < 200; i++) {
		if (i % 3 == 0)
			snprintf(code, sizeof code, "option 'o%d' { i = %d }\n", i, i);
		else
			snprintf(code, sizeof code, "option 'o%d' { i = %d, j = 1 }\n",
			         i, i);
		assert_int_equal(tdm_decl_load_buffer(f->d, "more.lua", code,
		                                      strlen(code), f->m, &err),
		                 TDM_OK);
	}
	for (i = 0; i < 200; i++) {
		char name[16];
		snprintf(name, sizeof name, "o%d", i);
		assert_near(score(f, "s", name), i + (i % 3 == 0 ? 0 : 1), 0);
	}
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_lua_rowtable_missing_after_present),
	T(test_lua_rowtable_keys_held_as_read),
		T(test_lua_rowtable_written_keys_gone),
		T(test_lua_rowtable_write_nil_removes),
		T(test_lua_rowtable_kept_reference),
		T(test_lua_rowtable_value_types),
		T(test_lua_rowtable_attribute_called_name),
		T(test_lua_rowtable_must_sees_same_table),
		T(test_lua_rowtable_two_criteria_same_values),
		T(test_lua_rowtable_evaluate),
		T(test_lua_rowtable_rows_changed),
		T(test_lua_rowtable_evaluate_after_edit),
		T(test_lua_rowtable_model_replaced),
		T(test_lua_rowtable_attribute_added),
		T(test_lua_rowtable_pairs_and_length),
		T(test_lua_rowtable_sandbox),
		T(test_lua_rowtable_bad_keys_as_before),
		T(test_lua_rowtable_many_options),
	};
#undef T
	return cmocka_run_group_tests_name("lua_rowtable", tests, NULL, NULL);
}
