/*
 * test_lua_decl.c -- the decision vocabulary: what each declaration puts in
 * the model, every declaration error with its location, the score and must
 * hooks, and the source text kept for functions.
 *
 * Run from the repository root (tests/run-tests.sh does): the file tests
 * read tests/data/lua/.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tdm.h"
#include "tdm_test.h"

#include "tdm_decl_fixture.h"

#define DATA "tests/data/lua/"

static tdm_status
load(fixture *f, const char *code, tdm_error *err)
{
	return tdm_decl_load_buffer(f->d, "test.lua", code, strlen(code), f->m,
	                            err);
}

/* Load code and assert status, source, line and a message substring. */
static void
expect(void **state, const char *code, tdm_status want, long line,
       const char *substring)
{
	fixture *f = *state;
	tdm_error err;
	tdm_status s = load(f, code, &err);

	if (s != want || (substring && !strstr(err.message, substring)) ||
	    (want != TDM_OK && line >= 0 && err.line != line))
		print_error("code: %s\nstatus %d, want %d; %s:%ld: %s\n", code,
		            (int)s, (int)want, err.source, err.line, err.message);
	assert_int_equal(s, want);
	assert_int_equal(err.code, want);
	if (want == TDM_OK)
		return;
	if (substring != NULL)
		assert_non_null(strstr(err.message, substring));
	if (line >= 0) {
		assert_string_equal(err.source, "test.lua");
		assert_int_equal(err.line, line);
	}
}

/* A fresh model for a second case in the same test. */
static void
reset_model(fixture *f)
{
	tdm_model_free(f->m);
	f->m = tdm_model_new();
	assert_non_null(f->m);
}

static const tdm_value *
value_of(const tdm_model *m, const char *option, const char *attr)
{
	long o = tdm_model_find_option(m, option);

	assert_true(o >= 0);
	return tdm_model_value(m, (size_t)o, tdm_model_find_attr(m, attr));
}

/* ------------------------------------------------------------------------
 * What declarations put in the model
 * --------------------------------------------------------------------- */

static void
test_lua_decl_full_decision_file(void **state)
{
	fixture *f = *state;
	const tdm_model *m = f->m;
	const tdm_criterion *c;
	tdm_error err;

	assert_int_equal(tdm_decl_load_file(f->d, DATA "broker.lua", f->m, &err),
	                 TDM_OK);
	assert_string_equal(m->title, "Message broker for order events");
	assert_string_equal(m->context, "Checkout emits ~20k events/s at peak; "
	                                "we cannot lose paid orders.");
	assert_string_equal(m->method, "topsis");
	assert_int_equal(m->n_criteria, 5);

	c = &m->criteria[0];
	assert_string_equal(c->name, "throughput");
	assert_near(c->weight, 5, 0);
	assert_true(c->has_weight && c->has_better);
	assert_int_equal(c->better, TDM_BETTER_HIGHER);
	assert_string_equal(c->unit, "msg/s");
	assert_string_equal(tdm_model_source_name(m, c->source),
	                    DATA "broker.lua");
	assert_int_equal(c->line, 7);

	c = &m->criteria[1];
	assert_int_equal(c->better, TDM_BETTER_LOWER);
	assert_true(c->must.is_set);
	assert_int_equal(c->must.fn, 0);
	assert_int_equal(c->must.op, TDM_CMP_LE);
	assert_int_equal(c->must.operand.type, TDM_VAL_NUMBER);
	assert_near(c->must.operand.as.num, 50, 0);
	assert_string_equal(c->must.text, "<= 50");
	assert_string_equal(c->because, "checkout SLO is 50 ms p99");
	assert_int_equal(c->line, 8);

	c = &m->criteria[3];
	assert_string_equal(c->name, "team_fit");
	assert_int_equal(c->n_levels, 3);
	assert_string_equal(c->levels[0].name, "none"); /* sorted by name */
	assert_string_equal(c->levels[1].name, "some");
	assert_string_equal(c->levels[2].name, "strong");
	assert_near(c->levels[1].value, 0.5, 0);
	assert_int_equal(c->better, TDM_BETTER_HIGHER); /* the default */

	c = &m->criteria[4];
	assert_true(c->score_fn > 0);
	assert_string_equal(c->score_src, "function(o) return math.min("
	                                  "o.years_in_prod / 10, 1) end");
	assert_int_equal(c->score_line, 13);
	assert_int_equal(c->line, 12);

	/* two declared, two from the CSV next to the file */
	assert_int_equal(m->n_options, 4);
	assert_string_equal(m->options[0].name, "Kafka");
	assert_int_equal(m->options[0].line, 15);
	assert_string_equal(m->options[2].name, "Pulsar");
	assert_near(value_of(m, "Kafka", "throughput")->as.num, 200000, 0);
	assert_string_equal(value_of(m, "RabbitMQ", "team_fit")->as.str,
	                    "strong");
	assert_near(value_of(m, "NATS", "p99_ms")->as.num, 5, 0);
}

static void
test_lua_decl_all_criterion_keys(void **state)
{
	fixture *f = *state;
	const tdm_criterion *c;
	tdm_error err;

	assert_int_equal(
		load(f,
		     "criterion 'latency' { weight = 3.5, better = 'lower', unit = "
		     "'ms',\n"
		     "  scale = {0, 200}, must = \"~= 'none'\", because = 'SLO' }\n"
		     "criterion 'fit' { weight = 0, levels = { b = 2, a = 1 } }\n"
		     "criterion 'age' { weight = 1, score = function(o) return 1 end,\n"
		     "  must = function(v, o) return v ~= nil end }\n",
		     &err),
		TDM_OK);
	c = &f->m->criteria[0];
	assert_near(c->weight, 3.5, 0);
	assert_true(c->has_scale);
	assert_near(c->scale_lo, 0, 0);
	assert_near(c->scale_hi, 200, 0);
	assert_int_equal(c->must.op, TDM_CMP_NE);
	assert_int_equal(c->must.operand.type, TDM_VAL_STRING);
	assert_string_equal(c->must.operand.as.str, "none");
	assert_string_equal(c->because, "SLO");
	c = &f->m->criteria[1];
	assert_near(c->weight, 0, 0);
	assert_string_equal(c->levels[0].name, "a");
	assert_near(c->levels[1].value, 2, 0);
	c = &f->m->criteria[2];
	assert_true(c->score_fn > 0);
	assert_true(c->must.fn > 0);
	assert_true(c->must.fn != c->score_fn);
	assert_string_equal(c->score_src, "function(o) return 1 end");
	assert_string_equal(c->must.text, "function(v, o) return v ~= nil end");
	assert_int_equal(c->must.fn_line, 5);
	assert_int_equal(c->line, 4);
}

static void
test_lua_decl_option_values(void **state)
{
	fixture *f = *state;
	const tdm_model *m = f->m;
	tdm_error err;

	assert_int_equal(load(f,
	                      "option 'A' { z = 1, a = 'text', m = true, "
	                      "b = false, n = 2^53 }\n"
	                      "option 'B' {}\n",
	                      &err),
	                 TDM_OK);
	/* attribute ids in name order, whatever the hash order */
	assert_int_equal(m->n_attrs, 5);
	assert_string_equal(m->attrs[0], "a");
	assert_string_equal(m->attrs[1], "b");
	assert_string_equal(m->attrs[2], "m");
	assert_string_equal(m->attrs[3], "n");
	assert_string_equal(m->attrs[4], "z");
	assert_int_equal(value_of(m, "A", "a")->type, TDM_VAL_STRING);
	assert_int_equal(value_of(m, "A", "m")->type, TDM_VAL_BOOL);
	assert_int_equal(value_of(m, "A", "m")->as.boolean, 1);
	assert_int_equal(value_of(m, "A", "b")->as.boolean, 0);
	assert_near(value_of(m, "A", "n")->as.num, 9007199254740992.0, 0);
	assert_int_equal(value_of(m, "B", "z")->type, TDM_VAL_MISSING);
	assert_int_equal(m->options[1].line, 2);
	assert_string_equal(tdm_model_source_name(m, m->options[1].source),
	                    "test.lua");
}

static void
test_lua_decl_function_source_spans(void **state)
{
	fixture *f = *state;
	const tdm_model *m = f->m;
	tdm_error err;

	assert_int_equal(
		load(f,
		     "local function helper(o)\n"
		     "  return o.x * 2 -- end function do\n"
		     "end\n"
		     "criterion 'a' { weight = 1, score = helper }\n"
		     "criterion 'b' { weight = 1, score = function(o)\n"
		     "    if o.x > 1 then return 1 else return 0 end\n"
		     "  end }\n"
		     "criterion 'c' { weight = 1, must = function(v) return v end,"
		     " score = function(o) return [[end]] end }\n"
		     "criterion 'd' { weight = 1, score = function(o) return 1 end, "
		     "must = function(v) return true end, unit = 'x' }\n",
		     &err),
		TDM_OK);
	/* a named local function: the name is left out, so it is an expression */
	assert_string_equal(m->criteria[0].score_src,
	                    "function(o)\n  return o.x * 2 -- end function do\n"
	                    "end");
	assert_int_equal(m->criteria[0].score_line, 1);
	assert_string_equal(m->criteria[1].score_src,
	                    "function(o)\n    if o.x > 1 then return 1 else "
	                    "return 0 end\n  end");
	assert_int_equal(m->criteria[1].score_line, 5);
	/* two on one line, told apart by their keys */
	assert_string_equal(m->criteria[2].must.text,
	                    "function(v) return v end");
	assert_string_equal(m->criteria[2].score_src,
	                    "function(o) return [[end]] end");
	assert_string_equal(m->criteria[3].score_src,
	                    "function(o) return 1 end");
	assert_string_equal(m->criteria[3].must.text,
	                    "function(v) return true end");
	assert_int_equal(m->criteria[3].must.fn_line, 9);
}

static void
test_lua_decl_function_source_fallback_lines(void **state)
{
	fixture *f = *state;
	tdm_error err;

	/* one function used under a key it was not written with, next to
	 * another on the same line: the whole line is kept */
	assert_int_equal(load(f,
	                      "local s, t = function(o) return 1 end, "
	                      "function(o) return 2 end\n"
	                      "criterion 'a' { weight = 1, score = t }\n",
	                      &err),
	                 TDM_OK);
	assert_string_equal(f->m->criteria[0].score_src,
	                    "local s, t = function(o) return 1 end, "
	                    "function(o) return 2 end");
}

/* ------------------------------------------------------------------------
 * Declaration errors
 * --------------------------------------------------------------------- */

static void
test_lua_decl_unknown_key(void **state)
{
	expect(state,
	       "criterion 'ok' { weight = 1, better = 'higher' }\n"
	       "criterion 'latency' { wieght = 5, better = 'lower' }",
	       TDM_DATA, 2,
	       "criterion 'latency': unknown key 'wieght', did you mean "
	       "'weight'? (allowed: weight, better, unit, levels, score, scale, "
	       "must, because, preference, q, p, s)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'lower', colour = 1 }",
	       TDM_DATA, 1, "criterion 'x': unknown key 'colour' (allowed:");
	reset_model(*state);
	expect(state, "criterion 'x' { 5, weight = 1, better = 'lower' }",
	       TDM_DATA, 1, "criterion 'x': unexpected number key");
	reset_model(*state);
	expect(state, "option 'A' { 1, 2 }", TDM_DATA, 1,
	       "option 'A': attribute names must be strings, got a number key");
}

static void
test_lua_decl_bad_better(void **state)
{
	expect(state, "criterion 'x' { weight = 1, better = 'up' }", TDM_DATA, 1,
	       "criterion 'x': better must be \"higher\" or \"lower\", got \"up\"");
	reset_model(*state);
	expect(state, "\ncriterion 'x' { weight = 1 }", TDM_DATA, 2,
	       "criterion 'x' needs better = \"higher\" or better = \"lower\"");
}

static void
test_lua_decl_bad_weight(void **state)
{
	expect(state, "criterion 'x' { weight = -1, better = 'higher' }",
	       TDM_DATA, 1, "criterion 'x': weight must be >= 0, got -1");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = '5', better = 'higher' }",
	       TDM_DATA, 1, "criterion 'x': weight must be a number, got string");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1/0, better = 'higher' }",
	       TDM_DATA, 1, "criterion 'x': weight must be a finite number, got inf");
}

static void
test_lua_decl_missing_weight(void **state)
{
	expect(state, "\n\ncriterion 'x' { better = 'higher' }", TDM_DATA, 3,
	       "criterion 'x' has no weight");
}

static void
test_lua_decl_bad_levels(void **state)
{
	expect(state, "criterion 'x' { weight = 1, levels = { a = 'high' } }",
	       TDM_DATA, 1,
	       "criterion 'x': level 'a' must be a number, got string");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, levels = { 0, 1 } }", TDM_DATA,
	       1, "criterion 'x': level names must be strings");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, levels = {} }", TDM_DATA, 1,
	       "criterion 'x': levels must not be empty");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, levels = 'a,b' }", TDM_DATA, 1,
	       "criterion 'x': levels must be a table");
	reset_model(*state);
	expect(state,
	       "criterion 'x' { weight = 1, levels = { a = 1 },\n"
	       "  score = function(o) return 1 end }",
	       TDM_DATA, 1, "criterion 'x': give levels or score, not both");
}

static void
test_lua_decl_bad_scale(void **state)
{
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "scale = {5, 1} }",
	       TDM_DATA, 1, "criterion 'x': scale must be {lo, hi} with lo < hi");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', scale = {1} }",
	       TDM_DATA, 1, "criterion 'x': scale must be {lo, hi}, two numbers");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "scale = {1, 2, 3} }",
	       TDM_DATA, 1, "scale must be {lo, hi}");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "scale = {0, 'max'} }",
	       TDM_DATA, 1, "criterion 'x': scale hi must be a number");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "scale = {0, 0/0} }",
	       TDM_DATA, 1, "criterion 'x': scale hi must be a finite number");
}

static void
test_lua_decl_bad_must_text(void **state)
{
	expect(state,
	       "criterion 'ok' { weight = 1, better = 'higher' }\n"
	       "criterion 'p99' { weight = 3, better = 'lower',\n"
	       "                  must = '<= fast' }",
	       TDM_DATA, 2,
	       "criterion 'p99': must: expected a number, a quoted string, true "
	       "or false, got \"fast\" (column 4 of \"<= fast\")");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'lower', must = 50 }",
	       TDM_DATA, 1,
	       "criterion 'x': must must be a comparison string like \"<= 50\" "
	       "or a function, got number");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'lower', "
	              "score = math.abs }",
	       TDM_DATA, 1,
	       "criterion 'x': score must be a Lua function written in this file");
}

static void
test_lua_decl_non_finite_option_value(void **state)
{
	expect(state, "option 'Kafka' { p99_ms = 0/0 }", TDM_DATA, 1,
	       "option 'Kafka': attribute 'p99_ms' must be a finite number, "
	       "got nan");
	reset_model(*state);
	expect(state, "\noption 'Kafka' { cost = -1/0 }", TDM_DATA, 2,
	       "option 'Kafka': attribute 'cost' must be a finite number, got -inf");
	reset_model(*state);
	expect(state, "option 'Kafka' { p99_ms = {10, 2} }", TDM_DATA, 1,
	       "option 'Kafka': attribute 'p99_ms' must be a range {lo, hi}: two "
	       "finite numbers with lo < hi");
	reset_model(*state);
	expect(state, "option 'Kafka' { p99_ms = print }", TDM_DATA, 1,
	       "option 'Kafka': attribute 'p99_ms' is a function (expected a "
	       "number, a string or a boolean)");
}

static void
test_lua_decl_duplicate_option(void **state)
{
	expect(state, "option 'A' { x = 1 }\n\noption 'A' { x = 2 }", TDM_DATA, 3,
	       "option 'A' is declared twice (first at test.lua:1)");
}

static void
test_lua_decl_duplicate_criterion(void **state)
{
	expect(state,
	       "criterion 'x' { weight = 1, better = 'lower' }\n"
	       "criterion 'x' { weight = 2, better = 'lower' }",
	       TDM_DATA, 2, "criterion 'x' is declared twice (first at line 1)");
}

static void
test_lua_decl_bad_names(void **state)
{
	expect(state, "criterion '' { weight = 1 }", TDM_DATA, 1,
	       "criterion: expected a name: criterion \"name\" { ... }");
	reset_model(*state);
	expect(state, "option { x = 1 }", TDM_DATA, 1, "option: expected a name");
	reset_model(*state);
	expect(state, "option 'A' 'B'", TDM_DATA, 1,
	       "option 'A': expected a table: option \"A\" { ... }, got string");
}

static void
test_lua_decl_missing_table(void **state)
{
	expect(state, "option 'A' { x = 1 }\n\noption 'B'", TDM_DATA, 3,
	       "option 'B' has no table: write option \"B\" { ... }");
	reset_model(*state);
	expect(state, "criterion 'a'\ncriterion 'b' { weight = 1 }", TDM_DATA, 2,
	       "criterion 'a' (line 1) has no table");
}

static void
test_lua_decl_decision_keys(void **state)
{
	expect(state, "decision 'T' { contxt = 'x' }", TDM_DATA, 1,
	       "decision 'T': unknown key 'contxt', did you mean 'context'? "
	       "(allowed: context, method, normalize, weights, order, pairwise, "
	       "ri, critic_flip_cost, v, status, date, deciders, consequences)");
	reset_model(*state);
	expect(state, "decision 'T' { method = 5 }", TDM_DATA, 1,
	       "decision 'T': method must be a method name or a function(m), got "
	       "number");
	reset_model(*state);
	expect(state, "decision 'T' { method = '' }", TDM_DATA, 1,
	       "decision 'T': method must not be empty");
	reset_model(*state);
	expect(state, "decision 'T' {}\ndecision 'U' {}", TDM_DATA, 2,
	       "decision 'U': the decision is already declared as 'T'");
}

static void
test_lua_decl_options_absolute_path(void **state)
{
	expect(state, "options '/etc/passwd'", TDM_DATA, 1,
	       "options: \"/etc/passwd\" is an absolute path; decision files may "
	       "only read files in their own directory tree");
}

static void
test_lua_decl_options_dotdot(void **state)
{
	expect(state, "\noptions 'data/../../secret.csv'", TDM_DATA, 2,
	       "options: \"data/../../secret.csv\" contains '..'");
	reset_model(*state);
	expect(state, "options '..'", TDM_DATA, 1, "contains '..'");
	/* a name that merely starts with dots is fine (and missing) */
	reset_model(*state);
	expect(state, "options '..data.csv'", TDM_IO, -1, NULL);
}

static void
test_lua_decl_options_csv(void **state)
{
	fixture *f = *state;
	tdm_error err;

	/* the CSV's own error, with its file, line and code, is reported */
	assert_int_equal(tdm_decl_load_file(f->d, DATA "ragged.lua", f->m, &err),
	                 TDM_DATA);
	assert_string_equal(err.source, DATA "ragged.csv");
	assert_int_equal(err.line, 3);
	reset_model(f);
	assert_int_equal(tdm_decl_load_buffer(f->d, DATA "x.lua",
	                                      "options 'nope.csv'", 18, f->m,
	                                      &err),
	                 TDM_IO);
	assert_non_null(strstr(err.source, DATA "nope.csv"));
}

static void
test_lua_decl_error_survives_pcall(void **state)
{
	fixture *f = *state;

	expect(state,
	       "local ok, e = pcall(criterion 'x', { weight = -1 })\n"
	       "print(ok, e)",
	       TDM_DATA, 1, "criterion 'x': weight must be >= 0, got -1");
	assert_string_equal(f->out,
	                    "false\ttest.lua:1: criterion 'x': weight must be >= "
	                    "0, got -1\n");
}

static void
test_lua_decl_error_locations(void **state)
{
	fixture *f = *state;
	tdm_error err;
	char buf[800];

	expect(state, "local x = 1\nlocal y = x +\n", TDM_LUA, 3,
	       "unexpected symbol near <eof>");
	expect(state, "local t = {}\n\nlocal z = t.a.b", TDM_LUA, 3,
	       "attempt to index a nil value (field 'a')");
	assert_int_equal(load(f, "\nerror('custom')", &err), TDM_LUA);
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "test.lua:2: custom");
	expect(state, "wait_for_it()", TDM_LUA, 1,
	       "undefined global 'wait_for_it'");
	expect(state, "weight = 5", TDM_LUA, 1,
	       "cannot assign global 'weight': decision files are read-only; "
	       "use local");
	expect(state, "while true do end", TDM_LIMIT, 1,
	       "instruction budget exhausted (1000000 instructions)");
	expect(state, "local s = ('x'):rep(2^30)", TDM_LIMIT, -1,
	       "Lua memory limit of 4 MiB exceeded");
}

static void
test_lua_decl_load_file_missing(void **state)
{
	fixture *f = *state;
	tdm_error err;

	assert_int_equal(tdm_decl_load_file(f->d, DATA "no-such.lua", f->m, &err),
	                 TDM_IO);
	assert_string_equal(err.source, DATA "no-such.lua");
	assert_string_equal(err.message, "cannot open: No such file or directory");
}

/* ------------------------------------------------------------------------
 * Hooks
 * --------------------------------------------------------------------- */

static const char hook_decl[] =
	"criterion 'maturity' { weight = 1,\n"
	"  score = function(o) return math.min(o.years / 10, 1) end }\n"
	"criterion 'nil_score' { weight = 1, score = function(o) end }\n"
	"criterion 'nan_score' { weight = 1, score = function(o) return 0/0 end }\n"
	"criterion 'str_score' { weight = 1, score = function(o) return '5' end }\n"
	"criterion 'loop' { weight = 1, score = function(o)\n"
	"  while true do end end }\n"
	"criterion 'p99' { weight = 1, better = 'lower',\n"
	"  must = function(v, o)\n"
	"    if v > 50 then return false, o.name .. ' is too slow' end\n"
	"    return true\n"
	"  end }\n"
	"criterion 'bad_must' { weight = 1, better = 'lower',\n"
	"  must = function(v, o) return 1 end }\n"
	"criterion 'peek' { weight = 1, score = function(o)\n"
	"  print(o.name, o.years, o.kind, o.ok, o.missing)\n"
	"  return 0 end }\n"
	"criterion 'declare' { weight = 1, score = function(o)\n"
	"  option 'late' {} return 0 end }\n"
	"option 'Kafka' { years = 12, p99 = 80, kind = 'log', ok = true }\n"
	"option 'Young' { p99 = 10 }\n";

static void
load_hooks(fixture *f)
{
	tdm_error err;

	if (load(f, hook_decl, &err) != TDM_OK)
		fail_msg("%s:%ld: %s", err.source, err.line, err.message);
}

static tdm_status
score(fixture *f, const char *crit, const char *opt, double *out,
      tdm_error *err)
{
	tdm_hooks h = tdm_decl_hooks(f->d);
	long c = tdm_model_find_criterion(f->m, crit);
	long o = tdm_model_find_option(f->m, opt);

	assert_true(c >= 0 && o >= 0);
	return h.score(h.ud, f->m, (size_t)c, (size_t)o, out, err);
}

static void
test_lua_decl_score_hook_number(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x = -1;

	load_hooks(f);
	assert_int_equal(score(f, "maturity", "Kafka", &x, &err), TDM_OK);
	assert_near(x, 1, 0);
	/* many calls, each with its own budget */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(score(f, "maturity", "Kafka", &x, &err), TDM_OK);
}

static void
test_lua_decl_score_hook_option_table(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x;

	load_hooks(f);
	assert_int_equal(score(f, "peek", "Kafka", &x, &err), TDM_OK);
	assert_int_equal(score(f, "peek", "Young", &x, &err), TDM_OK);
	/* numbers arrive as floats: Lua integers would wrap on overflow */
	assert_string_equal(f->out, "Kafka\t12.0\tlog\ttrue\tnil\n"
	                            "Young\tnil\tnil\tnil\tnil\n");
}

static void
test_lua_decl_score_hook_nil(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x;

	load_hooks(f);
	assert_int_equal(score(f, "nil_score", "Kafka", &x, &err), TDM_EVAL);
	assert_string_equal(err.message, "option 'Kafka', criterion 'nil_score': "
	                                 "score returned nil (expected a finite "
	                                 "number)");
	assert_string_equal(err.source, "test.lua");
	assert_int_equal(err.line, 3);
	assert_int_equal(score(f, "str_score", "Kafka", &x, &err), TDM_EVAL);
	assert_string_equal(err.message, "option 'Kafka', criterion 'str_score': "
	                                 "score returned a string (expected a "
	                                 "finite number)");
}

static void
test_lua_decl_score_hook_nan(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x;

	load_hooks(f);
	assert_int_equal(score(f, "nan_score", "Kafka", &x, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "option 'Kafka', criterion "
	                                    "'nan_score': score returned "));
	assert_non_null(strstr(err.message, "nan (expected a finite number)"));
}

static void
test_lua_decl_score_hook_error(void **state)
{
	fixture *f = *state;
	tdm_error err;
	char buf[800];
	double x;

	load_hooks(f);
	assert_int_equal(score(f, "maturity", "Young", &x, &err), TDM_LUA);
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "test.lua:2: option 'Young', criterion 'maturity': "
	                    "attempt to perform arithmetic on a nil value (field "
	                    "'years')");
	assert_int_equal(score(f, "loop", "Kafka", &x, &err), TDM_LIMIT);
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "test.lua:7: option 'Kafka', criterion 'loop': "
	                    "instruction budget exhausted (1000000 instructions)");
	/* the state is fine afterwards */
	assert_int_equal(score(f, "maturity", "Kafka", &x, &err), TDM_OK);
	/* declarations belong to loading, not to scoring */
	assert_int_equal(score(f, "declare", "Kafka", &x, &err), TDM_LUA);
	assert_non_null(strstr(err.message, "option: declarations are only "
	                                    "allowed while a decision file loads"));
	assert_int_equal(f->m->n_options, 2);
}

static void
test_lua_decl_must_hook(void **state)
{
	fixture *f = *state;
	tdm_hooks h;
	tdm_error err;
	tdm_value v;
	char reason[16];
	long c, o;
	int ok = -1;

	load_hooks(f);
	h = tdm_decl_hooks(f->d);
	c = tdm_model_find_criterion(f->m, "p99");
	o = tdm_model_find_option(f->m, "Kafka");
	v.type = TDM_VAL_NUMBER;
	v.column = 0;
	v.as.num = 80;
	assert_int_equal(h.must(h.ud, f->m, (size_t)c, (size_t)o, &v, &ok, reason,
	                        sizeof reason, &err),
	                 TDM_OK);
	assert_int_equal(ok, 0);
	assert_string_equal(reason, "Kafka is too sl"); /* cut to fit */
	v.as.num = 20;
	assert_int_equal(h.must(h.ud, f->m, (size_t)c, (size_t)o, &v, &ok, reason,
	                        sizeof reason, &err),
	                 TDM_OK);
	assert_int_equal(ok, 1);
	assert_string_equal(reason, "");

	c = tdm_model_find_criterion(f->m, "bad_must");
	assert_int_equal(h.must(h.ud, f->m, (size_t)c, (size_t)o, &v, &ok, reason,
	                        sizeof reason, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message, "option 'Kafka', criterion 'bad_must': "
	                                 "must returned a number (expected true "
	                                 "or false)");
	assert_int_equal(err.line, 14);
}

static void
test_lua_decl_hook_without_function(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x;

	assert_int_equal(load(f, "criterion 'x' { weight = 1, better = 'lower' }\n"
	                         "option 'A' { x = 1 }",
	                      &err),
	                 TDM_OK);
	assert_int_equal(score(f, "x", "A", &x, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "no Lua function to call"));
}

/* Every allocation point of creating the decl and loading a file, by
 * sweeping the memory cap: each step fails cleanly or works; no leaks. */
static void
test_lua_decl_memory_cap_sweep(void **state)
{
	tdm_lua_limits limits = {0, TEST_BUDGET, NULL};
	tdm_decl *d;
	tdm_model *m;
	tdm_error err;
	tdm_status s;
	size_t cap;
	int ran = 0;

	(void)state;
	for (cap = 8 * 1024; cap < 160 * 1024; cap += 512) {
		limits.memory = cap;
		if ((d = tdm_decl_new(&limits, NULL, NULL)) == NULL)
			continue;
		m = tdm_model_new();
		assert_non_null(m);
		s = tdm_decl_load_buffer(d, "t.lua", hook_decl, strlen(hook_decl), m,
		                         &err);
		if (s == TDM_OK)
			ran++;
		else
			assert_int_equal(s, TDM_LIMIT);
		tdm_model_free(m);
		tdm_decl_free(d);
	}
	assert_true(ran > 0);
}

/* ------------------------------------------------------------------------
 * decision: normalisation, weighting, order, pairwise, ri, critic, v
 * --------------------------------------------------------------------- */

/* "(a, b, c)" from a NULL-terminated list, as the messages write it. */
static void
list_of(const char *const *names, char *buf, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(buf + n, size - n, "(");
	for (; *names != NULL; names++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n > 1 ? ", " : "",
		                      *names);
	snprintf(buf + n, size - n, ")");
}

static void
test_lua_decl_decision_method_keys(void **state)
{
	fixture *f = *state;
	const tdm_model *m;
	tdm_error err;

	assert_int_equal(load(f,
	                      "decision 'T' { method = 'topsis', normalize = "
	                      "'minmax', weights = 'roc',\n"
	                      "  order = {'b', 'a'}, ri = 'saaty', "
	                      "critic_flip_cost = true, v = 0.25 }\n"
	                      "criterion 'a' { better = 'higher' }\n"
	                      "criterion 'b' { better = 'lower' }\n",
	                      &err),
	                 TDM_OK);
	m = f->m;
	assert_string_equal(m->method, "topsis");
	assert_int_equal(m->method_fn, 0);
	assert_string_equal(m->normalization, "minmax");
	assert_string_equal(m->weighting, "roc");
	assert_int_equal(m->n_order, 2);
	assert_string_equal(m->order[0], "b");
	assert_string_equal(m->order[1], "a");
	assert_string_equal(m->ri_table, "saaty");
	assert_int_equal(m->critic_flip_cost, 1);
	assert_true(m->has_vikor_v);
	assert_near(m->vikor_v, 0.25, 0);
	/* derived weights: the criteria need none */
	assert_false(m->criteria[0].has_weight);
	assert_false(m->criteria[1].has_weight);

	/* the defaults */
	reset_model(f);
	assert_int_equal(load(f, "decision 'T' {}", &err), TDM_OK);
	m = f->m;
	assert_null(m->method);
	assert_null(m->normalization);
	assert_null(m->weighting);
	assert_null(m->ri_table);
	assert_int_equal(m->n_order, 0);
	assert_int_equal(m->n_judgements, 0);
	assert_int_equal(m->critic_flip_cost, 0);
	assert_false(m->has_vikor_v);
	reset_model(f);
	assert_int_equal(load(f, "decision 'T' { critic_flip_cost = false, "
	                         "v = 0, weights = 'direct' }",
	                      &err),
	                 TDM_OK);
	assert_int_equal(f->m->critic_flip_cost, 0);
	assert_true(f->m->has_vikor_v);
	assert_near(f->m->vikor_v, 0, 0);
}

static void
test_lua_decl_decision_bad_names(void **state)
{
	char want[600], list[300];

	list_of(tdm_normalization_names(), list, sizeof list);
	snprintf(want, sizeof want,
	         "decision 'T': normalize = \"vectr\" is not a normalisation %s",
	         list);
	expect(state, "decision 'T' { normalize = 'vectr' }", TDM_DATA, 1, want);
	reset_model(*state);
	expect(state, "decision 'T' { normalize = 1 }", TDM_DATA, 1,
	       "decision 'T': normalize must be a string (minmax");

	list_of(tdm_weighting_names(), list, sizeof list);
	snprintf(want, sizeof want,
	         "decision 'T': weights = \"rank\" is not a weighting scheme %s",
	         list);
	reset_model(*state);
	expect(state, "decision 'T' {\n weights = 'rank' }", TDM_DATA, 1, want);
	assert_non_null(strstr(want, "(direct, equal, roc, ahp, entropy, "
	                             "critic)"));

	list_of(tdm_ahp_ri_tables(), list, sizeof list);
	snprintf(want, sizeof want,
	         "decision 'T': ri = \"nope\" is not a random-index table %s",
	         list);
	reset_model(*state);
	expect(state, "decision 'T' { ri = 'nope' }", TDM_DATA, 1, want);

	list_of(tdm_method_names(), list, sizeof list);
	snprintf(want, sizeof want,
	         "decision 'T': method = \"magic\" is not a method %s", list);
	reset_model(*state);
	expect(state, "decision 'T' { method = 'magic' }", TDM_DATA, 1, want);
	/* a NUL byte does not sneak a name past the check */
	reset_model(*state);
	expect(state, "decision 'T' { weights = 'roc\\0x' }", TDM_DATA, 1,
	       "is not a weighting scheme");
}

/* ------------------------------------------------------------------------
 * decision: the decision record's status, date, deciders, consequences
 * --------------------------------------------------------------------- */

static void
test_lua_decl_record_keys(void **state)
{
	static const char *const ok[] = {"proposed", "rejected", "accepted",
	                                 "deprecated", "superseded",
	                                 "superseded by ADR-0012",
	                                 "superseded by [ADR-0005](0005-x.md)"};
	fixture *f = *state;
	const tdm_model *m;
	tdm_error err;
	char code[200];
	size_t i;

	assert_int_equal(load(f,
	                      "decision 'T' { status = 'accepted', date = "
	                      "'2024-02-29',\n"
	                      "  deciders = {'Ana Lima', 'Ben Okafor'},\n"
	                      "  consequences = [[* Good, because it is fast\n"
	                      "* Bad, because ops must learn it]] }\n",
	                      &err),
	                 TDM_OK);
	m = f->m;
	assert_string_equal(m->status, "accepted");
	assert_string_equal(m->date, "2024-02-29");
	assert_int_equal(m->n_deciders, 2);
	assert_string_equal(m->deciders[0], "Ana Lima");
	assert_string_equal(m->deciders[1], "Ben Okafor");
	assert_string_equal(m->consequences, "* Good, because it is fast\n"
	                                     "* Bad, because ops must learn it");

	/* every MADR status, and "superseded by ..." */
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		reset_model(f);
		snprintf(code, sizeof code, "decision 'T' { status = '%s' }", ok[i]);
		assert_int_equal(load(f, code, &err), TDM_OK);
		assert_string_equal(f->m->status, ok[i]);
	}

	/* none given: none in the model */
	reset_model(f);
	assert_int_equal(load(f, "decision 'T' {}", &err), TDM_OK);
	assert_null(f->m->status);
	assert_null(f->m->date);
	assert_null(f->m->deciders);
	assert_int_equal(f->m->n_deciders, 0);
	assert_null(f->m->consequences);

	/* the model's clone keeps them */
	reset_model(f);
	assert_int_equal(load(f,
	                      "decision 'T' { deciders = {'A', 'B', 'C'}, "
	                      "status = 'proposed' }",
	                      &err),
	                 TDM_OK);
	{
		tdm_model *c = tdm_model_clone(f->m);
		assert_non_null(c);
		assert_int_equal(c->n_deciders, 3);
		assert_string_equal(c->deciders[2], "C");
		assert_string_equal(c->status, "proposed");
		tdm_model_free(c);
	}
}

static void
test_lua_decl_record_key_errors(void **state)
{
	static const struct {
		const char *code, *message;
	} cases[] = {
		{"decision 'T' { status = 'done' }",
		 "decision 'T': status = \"done\" is not a status (proposed, "
		 "rejected, accepted, deprecated, superseded, or \"superseded by "
		 "ADR-0123\")"},
		{"decision 'T' { status = 'Accepted' }", "is not a status"},
		{"decision 'T' { status = 'superseded by ' }", "is not a status"},
		{"decision 'T' { status = 'superseded by  \t' }", "is not a status"},
		{"decision 'T' { status = 'accepted\\0x' }", "is not a status"},
		{"decision 'T' { status = 1 }",
		 "decision 'T': status must be a string (proposed, rejected, "
		 "accepted, deprecated, superseded, or \"superseded by ADR-0123\"), "
		 "got number"},
		{"decision 'T' { date = '2026-2-28' }",
		 "decision 'T': date = \"2026-2-28\" is not a date written "
		 "YYYY-MM-DD"},
		{"decision 'T' { date = '28.02.2026' }", "is not a date written"},
		{"decision 'T' { date = '2026-02-28T10:00' }", "is not a date written"},
		{"decision 'T' { date = '2026-13-01' }",
		 "decision 'T': date = \"2026-13-01\" is not a day of the calendar"},
		{"decision 'T' { date = '2026-00-10' }", "is not a day of the calendar"},
		{"decision 'T' { date = '2026-04-31' }", "is not a day of the calendar"},
		{"decision 'T' { date = '2023-02-29' }", "is not a day of the calendar"},
		{"decision 'T' { date = '1900-02-29' }", "is not a day of the calendar"},
		{"decision 'T' { date = '2026-01-00' }", "is not a day of the calendar"},
		{"decision 'T' { date = 20260228 }",
		 "decision 'T': date must be a string \"YYYY-MM-DD\", got number"},
		{"decision 'T' { deciders = 'Ana' }",
		 "decision 'T': deciders must be a list of names like {\"Ana\", "
		 "\"Ben\"}, got string"},
		{"decision 'T' { deciders = {} }",
		 "decision 'T': deciders must not be empty"},
		{"decision 'T' { deciders = {'Ana', 5} }",
		 "decision 'T': deciders[2] must be a name, got number"},
		{"decision 'T' { deciders = {'Ana', ''} }",
		 "decision 'T': deciders[2] must be a name, got an empty string"},
		{"decision 'T' { deciders = {lead = 'Ana'} }",
		 "decision 'T': deciders must be a list of names"},
		{"decision 'T' { consequences = {'good'} }",
		 "decision 'T': consequences must be a string, got table"},
		{"decision 'T' { deciderz = {'Ana'} }",
		 "decision 'T': unknown key 'deciderz', did you mean 'deciders'?"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		reset_model(*state);
		expect(state, cases[i].code, TDM_DATA, 1, cases[i].message);
	}
	/* a leap day of a leap century is a day */
	reset_model(*state);
	expect(state, "decision 'T' { date = '2000-02-29' }", TDM_OK, 0, NULL);
}

static void
test_lua_decl_memory_cap_sweep_record(void **state)
{
	static const char code[] =
		"decision 'T' { status = 'superseded by ADR-0007', date = "
		"'2026-11-30',\n"
		"  deciders = {'Ana', 'Ben', 'Chidi', 'Dana'},\n"
		"  consequences = [[* Good, because it is fast]] }\n"
		"criterion 'x' { weight = 1, better = 'higher' }\n"
		"option 'A' { x = 1 }\n";
	tdm_lua_limits limits = {0, TEST_BUDGET, NULL};
	tdm_decl *d;
	tdm_model *m;
	tdm_error err;
	tdm_status s;
	size_t cap;
	int ran = 0;

	(void)state;
	for (cap = 8 * 1024; cap < 160 * 1024; cap += 512) {
		limits.memory = cap;
		if ((d = tdm_decl_new(&limits, NULL, NULL)) == NULL)
			continue;
		m = tdm_model_new();
		assert_non_null(m);
		s = tdm_decl_load_buffer(d, "t.lua", code, strlen(code), m, &err);
		if (s == TDM_OK) {
			ran++;
			assert_int_equal(m->n_deciders, 4);
		} else {
			assert_int_equal(s, TDM_LIMIT);
		}
		tdm_model_free(m);
		tdm_decl_free(d);
	}
	assert_true(ran > 0);
}

static void
test_lua_decl_decision_bad_flags(void **state)
{
	expect(state, "decision 'T' { critic_flip_cost = 'yes' }", TDM_DATA, 1,
	       "decision 'T': critic_flip_cost must be true or false, got string");
	reset_model(*state);
	expect(state, "decision 'T' { v = 1.5 }", TDM_DATA, 1,
	       "decision 'T': v (VIKOR's weight of the majority) must be between "
	       "0 and 1, got 1.5");
	reset_model(*state);
	expect(state, "decision 'T' { v = 0/0 }", TDM_DATA, 1,
	       "decision 'T': v (VIKOR's weight of the majority) must be between "
	       "0 and 1, got nan");
	reset_model(*state);
	expect(state, "decision 'T' { v = '0.5' }", TDM_DATA, 1,
	       "decision 'T': v must be a number between 0 and 1, got string");
}

static void
test_lua_decl_order(void **state)
{
	expect(state, "decision 'T' { weights = 'roc' }", TDM_DATA, 1,
	       "decision 'T': weights = \"roc\" needs order = {\"a\", \"b\", "
	       "...}, the criteria from most to least important");
	reset_model(*state);
	expect(state, "decision 'T' { order = 'a, b' }", TDM_DATA, 1,
	       "decision 'T': order must be a list of criterion names like "
	       "{\"throughput\", \"p99_ms\"}, got string");
	reset_model(*state);
	expect(state, "decision 'T' { order = {} }", TDM_DATA, 1,
	       "decision 'T': order must not be empty");
	reset_model(*state);
	expect(state, "decision 'T' { order = {'a', 2} }", TDM_DATA, 1,
	       "decision 'T': order[2] must be a criterion name, got number");
	reset_model(*state);
	expect(state, "decision 'T' { order = {'a', ''} }", TDM_DATA, 1,
	       "decision 'T': order[2] must be a criterion name, got an empty "
	       "string");
	reset_model(*state);
	expect(state, "decision 'T' { order = {'a', 'b', 'a'} }", TDM_DATA, 1,
	       "decision 'T': order names 'a' twice (positions 1 and 3)");
	reset_model(*state);
	expect(state, "decision 'T' { order = {'a', x = 'b'} }", TDM_DATA, 1,
	       "decision 'T': order must be a list of criterion names");
}

static void
test_lua_decl_pairwise(void **state)
{
	fixture *f = *state;
	const tdm_model *m;
	tdm_error err;

	assert_int_equal(load(f,
	                      "decision 'T' { weights = 'ahp', pairwise = {\n"
	                      "  {'throughput', 'p99_ms', 3},\n"
	                      "  {'throughput', 'ops_cost', 5},\n"
	                      "  {'ops_cost', 'p99_ms', 1/3},\n"
	                      "  {'a', 'b', 1/9}, {'a', 'c', 9} } }\n",
	                      &err),
	                 TDM_OK);
	m = f->m;
	assert_string_equal(m->weighting, "ahp");
	assert_int_equal(m->n_judgements, 5);
	assert_string_equal(m->judgements[0].a, "throughput");
	assert_string_equal(m->judgements[0].b, "p99_ms");
	assert_near(m->judgements[0].value, 3, 0);
	assert_string_equal(m->judgements[2].a, "ops_cost");
	assert_near(m->judgements[2].value, 1.0 / 3, 0);
	assert_near(m->judgements[3].value, 1.0 / 9, 0);
}

static void
test_lua_decl_pairwise_errors(void **state)
{
	expect(state, "decision 'T' { weights = 'ahp' }", TDM_DATA, 1,
	       "decision 'T': weights = \"ahp\" needs pairwise = { {\"a\", \"b\", "
	       "3}, ... } or pairwise = \"file.csv\"");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = 3 }", TDM_DATA, 1,
	       "decision 'T': pairwise must be a list of judgements { {\"a\", "
	       "\"b\", 3}, ... } or a CSV file name, got number");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = {} }", TDM_DATA, 1,
	       "decision 'T': pairwise must not be empty");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { 'a', 'b', 3 } }", TDM_DATA, 1,
	       "decision 'T': pairwise[1] must be a judgement {\"a\", \"b\", "
	       "value}, got string");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b'} } }", TDM_DATA, 1,
	       "decision 'T': pairwise[1] must be {\"a\", \"b\", value}: two "
	       "criterion names and how much more important a is than b");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 2, 3} } }", TDM_DATA, 1,
	       "decision 'T': pairwise[1] must be {\"a\", \"b\", value}");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b', '3'} } }", TDM_DATA,
	       1, "decision 'T': pairwise[1]: the value must be a number, got "
	          "string");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b', 3}, {'a', 'c', 0} } }",
	       TDM_DATA, 1,
	       "decision 'T': pairwise[2]: the value must be a finite number > 0, "
	       "got 0");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b', 1/0} } }", TDM_DATA,
	       1, "decision 'T': pairwise[1]: the value must be a finite number "
	          "> 0, got inf");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b', 12} } }", TDM_DATA,
	       1, "decision 'T': pairwise[1]: 12 is outside Saaty's scale 1/9..9");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'b', 0.1} } }", TDM_DATA,
	       1, "decision 'T': pairwise[1]: 0.1 is outside Saaty's scale 1/9..9");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = { {'a', 'a', 1} } }", TDM_DATA, 1,
	       "decision 'T': pairwise[1] compares 'a' with itself");
	reset_model(*state);
	expect(state,
	       "decision 'T' { pairwise = { {'a', 'b', 3}, {'b', 'c', 2},\n"
	       "  {'b', 'a', 1/3} } }",
	       TDM_DATA, 1,
	       "decision 'T': pairwise[3] judges 'b' against 'a' again (first in "
	       "pairwise[1])");
}

/* A scratch directory with files in it, removed by the test. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
remove_file(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	remove(path);
}

static void
test_lua_decl_pairwise_csv_paths(void **state)
{
	expect(state, "decision 'T' { pairwise = '/etc/passwd' }", TDM_DATA, 1,
	       "decision 'T': pairwise: \"/etc/passwd\" is an absolute path; "
	       "decision files may only read files in their own directory tree");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = 'w/../../w.csv' }", TDM_DATA, 1,
	       "decision 'T': pairwise: \"w/../../w.csv\" contains '..'; decision "
	       "files may only read files in their own directory tree");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = '' }", TDM_DATA, 1,
	       "decision 'T': pairwise: expected a CSV file name: pairwise = "
	       "\"weights.csv\"");
	reset_model(*state);
	expect(state, "decision 'T' { pairwise = 'w\\0.csv' }", TDM_DATA, 1,
	       "decision 'T': pairwise: the file name contains a NUL byte");
}

static void
test_lua_decl_pairwise_csv(void **state)
{
	fixture *f = *state;
	char dir[] = "/tmp/tdm-pairwise-XXXXXX", path[512], **names = NULL;
	double *a = NULL;
	size_t n = 0, i;
	tdm_error err;
	tdm_status s;

	assert_non_null(mkdtemp(dir));
	write_file(dir, "w.csv",
	           ",throughput,p99_ms,ops_cost\n"
	           "throughput,1,3,5\n"
	           "p99_ms,1/3,1,3\n"
	           "ops_cost,1/5,1/3,1\n");
	write_file(dir, "bad.csv",
	           ",a,b\n"
	           "a,1,3\n"
	           "b,3,1\n");
	write_file(dir, "big.csv",
	           ",a,b\n"
	           "a,1,12\n"
	           "b,1/12,1\n");
	write_file(dir, "big.lua", "\n\ndecision 'T' { pairwise = 'big.csv' }\n");
	write_file(dir, "d.lua", "decision 'T' { weights = 'ahp', pairwise = "
	                         "'w.csv' }\n");
	write_file(dir, "bad.lua", "\ndecision 'T' { pairwise = 'bad.csv' }\n");
	write_file(dir, "none.lua", "decision 'T' { pairwise = 'none.csv' }\n");

	/* the reader (weights_ahp.c) may not have landed yet */
	snprintf(path, sizeof path, "%s/w.csv", dir);
	s = tdm_ahp_read_csv(path, &names, &a, &n, &err);
	if (s == TDM_OK) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		free(a);

		snprintf(path, sizeof path, "%s/d.lua", dir);
		assert_int_equal(tdm_decl_load_file(f->d, path, f->m, &err), TDM_OK);
		assert_int_equal(f->m->n_judgements, 3);
		assert_string_equal(f->m->judgements[0].a, "throughput");
		assert_string_equal(f->m->judgements[0].b, "p99_ms");
		assert_near(f->m->judgements[0].value, 3, 0);
		assert_string_equal(f->m->judgements[1].b, "ops_cost");
		assert_near(f->m->judgements[1].value, 5, 0);
		assert_string_equal(f->m->judgements[2].a, "p99_ms");
		assert_string_equal(f->m->judgements[2].b, "ops_cost");

		/* the reader's own error, with the CSV's location */
		reset_model(f);
		snprintf(path, sizeof path, "%s/bad.lua", dir);
		assert_int_equal(tdm_decl_load_file(f->d, path, f->m, &err),
		                 TDM_DATA);
		snprintf(path, sizeof path, "%s/bad.csv", dir);
		assert_string_equal(err.source, path);
		assert_non_null(strstr(err.message, "reciprocal"));
		assert_int_equal(f->m->n_judgements, 0);
		/* read, but off Saaty's scale: refused at the decision */
		reset_model(f);
		snprintf(path, sizeof path, "%s/big.lua", dir);
		assert_int_equal(tdm_decl_load_file(f->d, path, f->m, &err),
		                 TDM_DATA);
		assert_string_equal(err.source, path);
		assert_int_equal(err.line, 3);
		assert_string_equal(err.message,
		                    "decision 'T': pairwise \"big.csv\": 'a' against "
		                    "'b' is 12, outside Saaty's scale 1/9..9");
		assert_int_equal(f->m->n_judgements, 0);
	}
	/* a file that is not there: the reader's own error */
	reset_model(f);
	snprintf(path, sizeof path, "%s/none.lua", dir);
	assert_int_not_equal(tdm_decl_load_file(f->d, path, f->m, &err), TDM_OK);
	assert_int_equal(f->m->n_judgements, 0);

	remove_file(dir, "w.csv");
	remove_file(dir, "bad.csv");
	remove_file(dir, "d.lua");
	remove_file(dir, "bad.lua");
	remove_file(dir, "big.csv");
	remove_file(dir, "big.lua");
	remove_file(dir, "none.lua");
	assert_int_equal(rmdir(dir), 0);
	if (s != TDM_OK)
		skip(); /* the reader is still a stub: the paths were checked */
}

static void
test_lua_decl_method_function(void **state)
{
	fixture *f = *state;
	tdm_error err;

	assert_int_equal(load(f,
	                      "decision 'T' {\n"
	                      "  method = function(m)\n"
	                      "    return m.weights\n"
	                      "  end,\n"
	                      "}\n",
	                      &err),
	                 TDM_OK);
	assert_null(f->m->method);
	assert_true(f->m->method_fn > 0);
	assert_string_equal(f->m->method_src,
	                    "function(m)\n    return m.weights\n  end");
	reset_model(f);
	expect(state, "decision 'T' { method = math.max }", TDM_DATA, 1,
	       "decision 'T': method must be a Lua function written in this "
	       "file");
}

static void
test_lua_decl_weights_optional_when_derived(void **state)
{
	fixture *f = *state;
	tdm_error err;

	/* the decision may come after the criteria */
	assert_int_equal(load(f,
	                      "criterion 'a' { better = 'higher' }\n"
	                      "decision 'T' { weights = 'equal' }\n",
	                      &err),
	                 TDM_OK);
	assert_false(f->m->criteria[0].has_weight);
	/* with direct weights a missing weight is an error at its criterion,
	 * whether the decision comes first ... */
	reset_model(f);
	expect(state,
	       "decision 'T' { weights = 'direct' }\n"
	       "criterion 'a' { better = 'higher' }\n"
	       "criterion 'b' { weight = 1, better = 'higher' }\n",
	       TDM_DATA, 2, "criterion 'a' has no weight");
	assert_int_equal(f->m->n_criteria, 0);
	/* ... or last */
	reset_model(f);
	expect(state,
	       "criterion 'a' { weight = 1, better = 'higher' }\n"
	       "criterion 'b' { better = 'higher' }\n"
	       "decision 'T' {}\n",
	       TDM_DATA, 2, "criterion 'b' has no weight");
}

/* ------------------------------------------------------------------------
 * criterion: PROMETHEE II preference functions
 * --------------------------------------------------------------------- */

static void
test_lua_decl_preference(void **state)
{
	fixture *f = *state;
	const tdm_criterion *c;
	tdm_error err;

	assert_int_equal(
		load(f,
		     "criterion 'none' { weight = 1, better = 'higher' }\n"
		     "criterion 'usual' { weight = 1, better = 'higher', "
		     "preference = 'usual' }\n"
		     "criterion 'u' { weight = 1, better = 'higher', "
		     "preference = 'ushape', q = 2 }\n"
		     "criterion 'v' { weight = 1, better = 'lower', "
		     "preference = 'vshape', p = 10 }\n"
		     "criterion 'lv' { weight = 1, better = 'higher', "
		     "preference = 'level', q = 1, p = 3 }\n"
		     "criterion 'li' { weight = 1, better = 'higher', "
		     "preference = 'linear', q = 0, p = 4 }\n"
		     "criterion 'g' { weight = 1, better = 'higher', "
		     "preference = 'gaussian', s = 0.5 }\n",
		     &err),
		TDM_OK);
	c = &f->m->criteria[0];
	assert_false(c->has_pref);
	assert_int_equal(c->pref, TDM_PREF_USUAL);
	c = &f->m->criteria[1];
	assert_true(c->has_pref);
	assert_int_equal(c->pref, TDM_PREF_USUAL);
	c = &f->m->criteria[2];
	assert_int_equal(c->pref, TDM_PREF_USHAPE);
	assert_near(c->q, 2, 0);
	c = &f->m->criteria[3];
	assert_int_equal(c->pref, TDM_PREF_VSHAPE);
	assert_near(c->p, 10, 0);
	c = &f->m->criteria[4];
	assert_int_equal(c->pref, TDM_PREF_LEVEL);
	assert_near(c->q, 1, 0);
	assert_near(c->p, 3, 0);
	c = &f->m->criteria[5];
	assert_int_equal(c->pref, TDM_PREF_LINEAR);
	c = &f->m->criteria[6];
	assert_int_equal(c->pref, TDM_PREF_GAUSSIAN);
	assert_near(c->s, 0.5, 0);
}

static void
test_lua_decl_preference_errors(void **state)
{
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'sigmoid' }",
	       TDM_DATA, 1,
	       "criterion 'x': preference = \"sigmoid\" is not a preference "
	       "function (usual, ushape, vshape, level, linear, gaussian)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 2 }",
	       TDM_DATA, 1,
	       "criterion 'x': preference must be a string (usual, ushape, "
	       "vshape, level, linear, gaussian), got number");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'linear', q = 1 }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"linear\" needs p (it takes q and p)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'ushape' }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"ushape\" needs q (it takes q)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'gaussian' }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"gaussian\" needs s (it takes s)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'vshape', p = 2, q = 1 }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"vshape\" does not use q (it takes p)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'usual', s = 1 }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"usual\" does not use s (it takes no "
	       "thresholds)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', q = 1 }",
	       TDM_DATA, 1,
	       "criterion 'x': q is a threshold of a PROMETHEE preference "
	       "function; set preference = \"...\" (usual, ushape, vshape, level, "
	       "linear, gaussian) or remove q");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'level', q = 3, p = 2 }",
	       TDM_DATA, 1,
	       "criterion 'x': preference \"level\" needs q <= p, got q = 3, "
	       "p = 2");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'ushape', q = -1 }",
	       TDM_DATA, 1, "criterion 'x': q must be >= 0, got -1");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'linear', q = 0, p = '2' }",
	       TDM_DATA, 1, "criterion 'x': p must be a number, got string");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'linear', q = 0, p = 1/0 }",
	       TDM_DATA, 1, "criterion 'x': p must be a finite number, got inf");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'vshape', p = 0 }",
	       TDM_DATA, 1, "criterion 'x': preference \"vshape\" needs p > 0");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, better = 'higher', "
	              "preference = 'gaussian', s = 0 }",
	       TDM_DATA, 1, "criterion 'x': preference \"gaussian\" needs s > 0");
}

/* ------------------------------------------------------------------------
 * Scoring rules
 * --------------------------------------------------------------------- */

static void
test_lua_decl_scoring_rules(void **state)
{
	fixture *f = *state;
	const tdm_criterion *c;
	tdm_error err;

	assert_int_equal(
		load(f,
		     "criterion 'p99' { weight = 3, unit = 'ms',\n"
		     "  score = piecewise { {0, 1}, {50, 1}, {200, 0} } }\n"
		     "criterion 'cost' { weight = 1, better = 'higher', "
		     "score = linear(5000, 1000.5) }\n"
		     "criterion 'tier' { weight = 1, score = step { {1, 0.25}, "
		     "{8, 0.5}, {24, 1} } }\n"
		     "criterion 'replicas' { weight = 1, score = target(3, 2),\n"
		     "  must = '>= 1' }\n"
		     "criterion 'tput' { weight = 1, score = logscale(1e-7, 1e20) }\n",
		     &err),
		TDM_OK);
	c = &f->m->criteria[0];
	assert_int_equal(c->vf.kind, TDM_VF_PIECEWISE);
	assert_int_equal(c->vf.n_params, 6);
	assert_near(c->vf.params[2], 50, 0);
	assert_near(c->vf.params[5], 0, 0);
	assert_string_equal(c->vf.text, "piecewise {{0, 1}, {50, 1}, {200, 0}}");
	assert_int_equal(c->score_fn, 0);
	assert_null(c->score_src);
	assert_true(c->has_better);
	assert_int_equal(c->better, TDM_BETTER_HIGHER);
	c = &f->m->criteria[1];
	assert_int_equal(c->vf.kind, TDM_VF_LINEAR);
	assert_string_equal(c->vf.text, "linear(5000, 1000.5)");
	c = &f->m->criteria[2];
	assert_string_equal(c->vf.text, "step {{1, 0.25}, {8, 0.5}, {24, 1}}");
	c = &f->m->criteria[3];
	assert_string_equal(c->vf.text, "target(3, 2)");
	assert_true(c->must.is_set);
	c = &f->m->criteria[4];
	assert_int_equal(c->vf.kind, TDM_VF_LOGSCALE);
	assert_string_equal(c->vf.text, "logscale(1e-07, 1e+20)");
	/* a clone keeps them */
	{
		tdm_model *copy = tdm_model_clone(f->m);
		assert_non_null(copy);
		assert_string_equal(copy->criteria[0].vf.text,
		                    "piecewise {{0, 1}, {50, 1}, {200, 0}}");
		assert_ptr_not_equal(copy->criteria[0].vf.params,
		                     f->m->criteria[0].vf.params);
		tdm_model_free(copy);
	}
}

static void
test_lua_decl_scoring_rule_in_lua(void **state)
{
	fixture *f = *state;
	tdm_error err;
	double x;

	/* tostring gives the text; calling a rule applies it */
	assert_int_equal(load(f,
	                      "local r = piecewise { {0, 1}, {50, 1}, {200, 0} }\n"
	                      "print(tostring(r), r(125), linear(0, 100)(25))\n"
	                      "print(getmetatable(r), type(r))\n"
	                      "criterion 'x' { weight = 1, score = function(o)\n"
	                      "  return logscale(1, 100)(o.v) end }\n"
	                      "criterion 'y' { weight = 1, score = function(o)\n"
	                      "  return linear(1, 1)(o.v) end }\n"
	                      "criterion 'z' { weight = 1, score = function(o)\n"
	                      "  return linear('a', 1) end }\n"
	                      "option 'A' { v = 10 }\n",
	                      &err),
	                 TDM_OK);
	assert_string_equal(f->out,
	                    "piecewise {{0, 1}, {50, 1}, {200, 0}}\t0.5\t0.25\n"
	                    "locked\tuserdata\n");
	/* inside a score function, after loading */
	assert_int_equal(score(f, "x", "A", &x, &err), TDM_OK);
	assert_near(x, 0.5, 1e-12);
	assert_int_equal(score(f, "y", "A", &x, &err), TDM_LUA);
	assert_int_equal(err.line, 7);
	assert_string_equal(err.message, "option 'A', criterion 'y': linear(lo, "
	                                 "hi): lo and hi must differ (both 1)");
	assert_int_equal(score(f, "z", "A", &x, &err), TDM_LUA);
	assert_string_equal(err.message, "option 'A', criterion 'z': linear(lo, "
	                                 "hi): lo must be a number, got string");
	reset_model(f);
	expect(state, "local r = linear(0, 1)\nlocal y = r('5')", TDM_LUA, 2,
	       "linear: expected a number, got string");
	expect(state, "local r = linear(0, 1)\nlocal y = r.kind", TDM_LUA, 2,
	       "attempt to index a scoring rule value");
}

static void
test_lua_decl_scoring_rule_errors(void **state)
{
	/* the values are checked where a criterion uses the rule */
	expect(state,
	       "criterion 'ok' { weight = 1, better = 'higher' }\n"
	       "criterion 'p99' { weight = 1,\n"
	       "  score = piecewise { {0, 1}, {50, 1}, {40, 0} } }",
	       TDM_DATA, 2,
	       "criterion 'p99': piecewise: point 3 has x = 40 after x = 50; x "
	       "must be strictly increasing");
	reset_model(*state);
	expect(state,
	       "criterion 'p99' { weight = 1, score = piecewise { {0, 2}, "
	       "{50, 1} } }",
	       TDM_DATA, 1,
	       "criterion 'p99': piecewise: point 1 has y = 2; y must be between "
	       "0 and 1");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, score = step {} }", TDM_DATA, 1,
	       "criterion 'x': step needs at least 2 points {x, y}, got 0");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, score = linear(3, 3) }",
	       TDM_DATA, 1,
	       "criterion 'x': linear(lo, hi): lo and hi must differ (both 3)");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, score = target(3, 0) }",
	       TDM_DATA, 1,
	       "criterion 'x': target(value, tolerance): tolerance must be > 0, "
	       "got 0");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, score = logscale(0, 10) }",
	       TDM_DATA, 1,
	       "criterion 'x': logscale(lo, hi): lo and hi must be > 0, got 0");
	reset_model(*state);
	expect(state, "criterion 'x' { weight = 1, score = linear(0, 1/0) }",
	       TDM_DATA, 1,
	       "criterion 'x': linear(lo, hi): both must be finite numbers");
	/* direction and levels */
	reset_model(*state);
	expect(state,
	       "criterion 'x' { weight = 1, better = 'lower', "
	       "score = linear(0, 10) }",
	       TDM_DATA, 1,
	       "criterion 'x': better = \"lower\" does not go with a scoring "
	       "rule, which gives 1 to the best; draw the rule the other way "
	       "round (linear(200, 50) makes lower better)");
	reset_model(*state);
	expect(state,
	       "criterion 'x' { weight = 1, levels = { a = 1 }, "
	       "score = linear(0, 10) }",
	       TDM_DATA, 1, "criterion 'x': give levels or score, not both");
	/* the shape of the arguments is checked by the rule itself */
	reset_model(*state);
	expect(state, "\nlocal r = linear(1)", TDM_DATA, 2,
	       "linear(lo, hi) takes 2 numbers, got 1 argument");
	reset_model(*state);
	expect(state, "local r = target(1, 2, 3)", TDM_DATA, 1,
	       "target(value, tolerance) takes 2 numbers, got 3 arguments");
	reset_model(*state);
	expect(state, "local r = logscale(1, '10')", TDM_DATA, 1,
	       "logscale(lo, hi): hi must be a number, got string");
	reset_model(*state);
	expect(state, "local r = piecewise(5)", TDM_DATA, 1,
	       "piecewise expects a list of points {x, y}: piecewise { {0, 1}, "
	       "{50, 1}, {200, 0} }, got number");
	reset_model(*state);
	expect(state, "local r = step()", TDM_DATA, 1,
	       "step expects a list of points {x, y}: step { {0, 1}, {50, 1}, "
	       "{200, 0} }, got nothing");
	reset_model(*state);
	expect(state, "local r = piecewise { {0, 1}, {50} }", TDM_DATA, 1,
	       "piecewise: point 2 must be {x, y}, two numbers");
	reset_model(*state);
	expect(state, "local r = piecewise { {0, 1}, {50, 1, 2} }", TDM_DATA, 1,
	       "piecewise: point 2 must be {x, y}, two numbers");
	reset_model(*state);
	expect(state, "local r = piecewise { {0, 1}, {'50', 1} }", TDM_DATA, 1,
	       "piecewise: point 2 must be {x, y}, two numbers");
	reset_model(*state);
	expect(state, "local r = piecewise { 0, 1, 50, 0 }", TDM_DATA, 1,
	       "piecewise: point 1 must be a table {x, y}, got number (write the "
	       "points as a list: piecewise { {0, 1}, {50, 1} })");
	reset_model(*state);
	expect(state, "local r = piecewise { a = {0, 1}, b = {50, 0} }", TDM_DATA,
	       1, "piecewise: point 1 must be a table {x, y}, got nil");
	reset_model(*state);
	expect(state,
	       "local t = {}\n"
	       "for i = 1, 1001 do t[i] = {i, 0} end\n"
	       "local r = step(t)",
	       TDM_DATA, 3, "step: at most 1000 points");
	/* caught by pcall, still reported: it is a declaration error */
	reset_model(*state);
	expect(state, "local ok = pcall(linear, 1)", TDM_DATA, 1,
	       "linear(lo, hi) takes 2 numbers, got 1 argument");
}

static void
test_lua_decl_scoring_rule_forgery(void **state)
{
	fixture *f = *state;
	tdm_error err;

	/* a table that looks like a rule is a table */
	expect(state,
	       "criterion 'x' { weight = 1, score = { kind = 'piecewise',\n"
	       "  params = { 0, 1, 50, 0 } } }",
	       TDM_DATA, 1,
	       "criterion 'x': score must be a function or a scoring rule "
	       "(linear, piecewise, step, target, logscale), got table");
	reset_model(f);
	expect(state,
	       "local fake = setmetatable({}, { __name = 'scoring rule',\n"
	       "  __metatable = 'locked' })\n"
	       "criterion 'x' { weight = 1, score = fake }",
	       TDM_DATA, 3,
	       "criterion 'x': score must be a function or a scoring rule");
	/* a rule's metatable cannot be read or replaced */
	reset_model(f);
	expect(state,
	       "local r = linear(0, 1)\n"
	       "setmetatable(r, {})",
	       TDM_LUA, 2, "bad argument #1 to 'setmetatable' (table expected");
	reset_model(f);
	assert_int_equal(load(f,
	                      "local r = linear(0, 1)\n"
	                      "print(getmetatable(r), rawequal(r, r))\n"
	                      "local ok, e = pcall(function() r.kind = 5 end)\n"
	                      "print(ok)\n"
	                      "criterion 'x' { weight = 1, score = r }\n",
	                      &err),
	                 TDM_OK);
	assert_string_equal(f->out, "locked\ttrue\nfalse\n");
	assert_int_equal(f->m->criteria[0].vf.kind, TDM_VF_LINEAR);
	assert_string_equal(f->m->criteria[0].vf.text, "linear(0, 1)");
	/* another userdata is not a rule either: the only ones a script can
	 * reach are rules, so a string stands in for "anything else" */
	reset_model(f);
	expect(state, "criterion 'x' { weight = 1, score = 'piecewise' }",
	       TDM_DATA, 1,
	       "criterion 'x': score must be a function or a scoring rule "
	       "(linear, piecewise, step, target, logscale), got string");
}

/* ------------------------------------------------------------------------
 * The aggregation hook: method = function(m) ... end
 * --------------------------------------------------------------------- */

static const char agg_options[] =
	"criterion 'a' { weight = 1, better = 'higher' }\n"
	"criterion 'b' { weight = 1, better = 'lower' }\n"
	"option 'A' { a = 1, b = 1 }\n"
	"option 'B' { a = 2, b = 2 }\n"
	"option 'C' { a = 3, b = 3 }\n";

/* Load `method` (a decision declaring method = function ...) and the
 * options above, then aggregate rows C, A (norm column-major, 2 x 2). */
static tdm_status
aggregate(fixture *f, const char *method, double *scores, tdm_error *err)
{
	static const size_t rows[] = {2, 0};
	static const double norm[] = {1, 0, 0, 1}; /* a: C=1 A=0; b: C=0 A=1 */
	static const double w[] = {0.75, 0.25};
	char code[4096];
	tdm_hooks h;

	snprintf(code, sizeof code, "%s%s", method, agg_options);
	if (load(f, code, err) != TDM_OK)
		fail_msg("%s:%ld: %s", err->source, err->line, err->message);
	h = tdm_decl_hooks(f->d);
	assert_non_null(h.aggregate);
	return h.aggregate(h.ud, f->m, 2, rows, norm, w, scores, err);
}

static void
test_lua_decl_aggregate_hook(void **state)
{
	fixture *f = *state;
	double scores[2] = {-1, -1};
	tdm_error err;

	assert_int_equal(
		aggregate(f,
		          "decision 'T' { method = function(m)\n"
		          "  print(m.n, #m.criteria, m.criteria[1], m.criteria[2],\n"
		          "        m.better[1], m.better[2], m.weights[1],\n"
		          "        m.options[1], m.options[2], #m.matrix,\n"
		          "        m.matrix[1][1], m.matrix[2][2], #m.matrix[1])\n"
		          "  local keys = {}\n"
		          "  for k in pairs(m) do keys[#keys + 1] = k end\n"
		          "  table.sort(keys)\n"
		          "  print(table.concat(keys, ' '), next(m), rawget(m, 'n'))\n"
		          "  for i, o in ipairs(m.options) do io_ = o end\n"
		          "end }\n",
		          scores, &err),
		TDM_LUA);
	/* (the last line assigns a global, to test errors below) */
	assert_string_equal(f->out,
	                    "2\t2\ta\tb\thigher\tlower\t0.75\tC\tA\t2\t1.0\t1.0\t2\n"
	                    "better criteria matrix n options weights\tnil\t"
	                    "nil\n");
	assert_string_equal(err.source, "test.lua");
	assert_int_equal(err.line, 10);
	assert_string_equal(err.message,
	                    "the decision's method: cannot assign global 'io_': "
	                    "decision files are read-only; use local");

	/* a weighted sum */
	reset_model(f);
	assert_int_equal(
		aggregate(f,
		          "decision 'T' { method = function(m)\n"
		          "  local s = {}\n"
		          "  for i, row in ipairs(m.matrix) do\n"
		          "    local t = 0\n"
		          "    for c, x in ipairs(row) do t = t + m.weights[c] * x end\n"
		          "    s[i] = t\n"
		          "  end\n"
		          "  return s\n"
		          "end }\n",
		          scores, &err),
		TDM_OK);
	assert_near(scores[0], 0.75, 1e-15);
	assert_near(scores[1], 0.25, 1e-15);
}

static void
test_lua_decl_aggregate_read_only(void **state)
{
	fixture *f = *state;
	double scores[2];
	tdm_error err;

	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  m.matrix[1][1] = 5\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LUA);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.message,
	                    "the decision's method: the method's argument is "
	                    "read-only (cannot assign field '1'); copy what you "
	                    "need into a local table");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  m.n = 3\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LUA);
	assert_non_null(strstr(err.message, "cannot assign field 'n'"));
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  table.insert(m.weights, 1)\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LUA);
	assert_non_null(strstr(err.message, "read-only"));
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return setmetatable(m, nil)\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LUA);
	assert_non_null(strstr(err.message, "cannot change a protected "
	                                    "metatable"));
}

static void
test_lua_decl_aggregate_bad_results(void **state)
{
	fixture *f = *state;
	double scores[2];
	tdm_error err;

	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {1}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.source, "test.lua");
	assert_int_equal(err.line, 1);
	assert_string_equal(err.message,
	                    "the decision's method: returned 1 value for 2 "
	                    "options (expected one score per option, in the "
	                    "order of m.options)");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {1, 2, 3}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: returned 3 values for 2 "
	                    "options (expected one score per option, in the "
	                    "order of m.options)");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {1, 0/0}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_non_null(strstr(err.message, "the decision's method: returned "));
	assert_non_null(strstr(err.message, "nan for option 'A' (position 2); "
	                                    "expected a finite number"));
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {-1/0, 1}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: returned -inf for option 'C' "
	                    "(position 1); expected a finite number");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {1, '2'}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: returned a string for option "
	                    "'A' (position 2); expected a finite number");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return {C = 1, A = 2}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: returned nil for option 'C' "
	                    "(position 1); expected a finite number");
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return 1\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: returned a number (expected "
	                    "a table of 2 scores, one per option in the order of "
	                    "m.options)");
	/* a view is not a plain table: raw access sees nothing in it */
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  return m.options\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_EVAL);
	assert_non_null(strstr(err.message, "returned 0 values for 2 options"));
}

static void
test_lua_decl_aggregate_errors_and_budget(void **state)
{
	fixture *f = *state;
	double scores[2];
	tdm_error err;
	char buf[800];
	tdm_hooks h;

	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  local x = m.matrix[3][1]\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LUA);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(tdm_error_format(&err, buf, sizeof buf),
	                       "test.lua:2: the decision's method: attempt to "
	                       "index a nil value"));
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  while true do end\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LIMIT);
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "test.lua:2: the decision's method: instruction budget "
	                    "exhausted (1000000 instructions)");
	/* caught by pcall: still stopped */
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  pcall(function() while true do end end)\n"
	                           "  return {1, 2}\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_LIMIT);
	/* each call has its own budget, and the state is fine afterwards */
	reset_model(f);
	assert_int_equal(aggregate(f,
	                           "decision 'T' { method = function(m)\n"
	                           "  local s = {}\n"
	                           "  for i = 1, m.n do s[i] = m.n end\n"
	                           "  return s\n"
	                           "end }\n",
	                           scores, &err),
	                 TDM_OK);
	h = tdm_decl_hooks(f->d);
	for (int i = 0; i < 100; i++) {
		static const size_t rows[] = {0, 1, 2};
		static const double norm[6] = {0};
		static const double w[2] = {0.5, 0.5};
		double s3[3];
		assert_int_equal(h.aggregate(h.ud, f->m, 3, rows, norm, w, s3, &err),
		                 TDM_OK);
		assert_near(s3[0], 3, 0);
	}
	/* no method function */
	reset_model(f);
	assert_int_equal(load(f, agg_options, &err), TDM_OK);
	assert_int_equal(h.aggregate(h.ud, f->m, 0, NULL, NULL, NULL, scores,
	                             &err),
	                 TDM_EVAL);
	assert_string_equal(err.message,
	                    "the decision's method: no Lua function to call");
}

/* ------------------------------------------------------------------------
 * End to end: a scoring rule and a custom aggregation through tdm_evaluate
 * --------------------------------------------------------------------- */

static const char e2e_decl[] =
	"decision 'Latency first' {\n"
	"  method = function(m)\n"
	"    local s = {}\n"
	"    for i = 1, m.n do\n"
	"      local t = 0\n"
	"      for c = 1, #m.criteria do t = t + m.weights[c] * m.matrix[i][c] end\n"
	"      s[i] = t\n"
	"    end\n"
	"    return s\n"
	"  end,\n"
	"}\n"
	"criterion 'p99_ms' { weight = 3, unit = 'ms',\n"
	"  score = piecewise { {0, 1}, {50, 1}, {200, 0} }, must = '<= 250' }\n"
	"criterion 'cost' { weight = 1, better = 'lower' }\n"
	"option 'A' { p99_ms = 25, cost = 100 }\n"
	"option 'B' { p99_ms = 80, cost = 50 }\n"
	"option 'C' { p99_ms = 125, cost = 10 }\n"
	"option 'D' { p99_ms = 300, cost = 1 }\n";

static void
test_lua_decl_evaluate_end_to_end(void **state)
{
	fixture *f = *state;
	tdm_hooks h = tdm_decl_hooks(f->d);
	tdm_eval_config wsm = {"wsm", NULL, NULL};
	tdm_result *r = NULL, *w = NULL;
	tdm_error err;
	size_t i;

	assert_int_equal(load(f, e2e_decl, &err), TDM_OK);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_OK);
	assert_string_equal(r->method, "lua");
	assert_int_equal(r->direction, TDM_DIR_HIGHER);
	assert_string_equal(r->normalization, "minmax");
	/* D breaks the guardrail on the raw attribute (300 > 250), even though
	 * its score would be 0 like any value past 200 */
	assert_int_equal(r->options[3].verdict, TDM_VERDICT_REJECTED);
	assert_int_equal(r->n_ranked, 3);
	/* p99 scores 1, 0.8, 0.5, min-max: 1, 0.6, 0; cost: 0, 50/90, 1 */
	assert_near(r->options[0].score, 0.75, 1e-12);
	assert_near(r->options[1].score, 0.75 * 0.6 + 0.25 * 50.0 / 90, 1e-12);
	assert_near(r->options[2].score, 0.25, 1e-12);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[0].verdict, TDM_VERDICT_CHOSEN);
	/* the same sum as the built-in WSM */
	assert_int_equal(tdm_evaluate(f->m, &h, &wsm, &w, &err), TDM_OK);
	assert_string_equal(w->method, "wsm");
	for (i = 0; i < 3; i++) {
		assert_near(r->options[i].score, w->options[i].score, 1e-12);
		assert_int_equal(r->options[i].rank, w->options[i].rank);
	}
	tdm_result_free(r);
	tdm_result_free(w);
	/* a clone evaluates the same way with the same decl */
	{
		tdm_model *copy = tdm_model_clone(f->m);
		assert_non_null(copy);
		assert_int_equal(tdm_evaluate(copy, &h, NULL, &r, &err), TDM_OK);
		assert_string_equal(r->method, "lua");
		assert_near(r->options[0].score, 0.75, 1e-12);
		tdm_result_free(r);
		tdm_model_free(copy);
	}
}

static void
test_lua_decl_evaluate_bad_aggregation(void **state)
{
	fixture *f = *state;
	tdm_hooks h = tdm_decl_hooks(f->d);
	tdm_result *r = NULL;
	tdm_error err;

	assert_int_equal(load(f,
	                      "decision 'T' { method = function(m)\n"
	                      "  return { 1 } end }\n"
	                      "criterion 'x' { weight = 1, score = linear(0, 10) }\n"
	                      "option 'A' { x = 1 }\n"
	                      "option 'B' { x = 2 }\n",
	                      &err),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_EVAL);
	assert_null(r);
	assert_string_equal(err.message,
	                    "the decision's method: returned 1 value for 2 "
	                    "options (expected one score per option, in the "
	                    "order of m.options)");
	/* an option whose attribute is a string cannot go through a rule */
	reset_model(f);
	assert_int_equal(load(f,
	                      "criterion 'x' { weight = 1, score = linear(0, 10) }\n"
	                      "option 'A' { x = 1 }\n"
	                      "option 'B' { x = 'fast' }\n",
	                      &err),
	                 TDM_OK);
	assert_int_equal(tdm_evaluate(f->m, &h, NULL, &r, &err), TDM_DATA);
	assert_string_equal(err.source, "test.lua");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.message,
	                    "option 'B', criterion 'x': the scoring rule linear "
	                    "needs a number, got 'fast'");
}

/* The new vocabulary under every memory cap: each step fails cleanly or
 * works, and nothing leaks (the sanitizer build checks). */
static void
test_lua_decl_memory_cap_sweep_rules(void **state)
{
	static const char code[] =
		"decision 'T' { weights = 'ahp', normalize = 'minmax', v = 0.5,\n"
		"  order = {'p99', 'cost'}, pairwise = { {'p99', 'cost', 3} },\n"
		"  method = function(m) return {} end }\n"
		"criterion 'p99' { score = piecewise { {0, 1}, {50, 1}, {200, 0} },\n"
		"  preference = 'linear', q = 1, p = 2 }\n"
		"criterion 'cost' { score = linear(10, 1), must = '<= 20' }\n"
		"option 'A' { p99 = 10, cost = 5 }\n";
	tdm_lua_limits limits = {0, TEST_BUDGET, NULL};
	tdm_decl *d;
	tdm_model *m;
	tdm_error err;
	tdm_status s;
	size_t cap;
	int ran = 0;

	(void)state;
	for (cap = 8 * 1024; cap < 160 * 1024; cap += 256) {
		limits.memory = cap;
		if ((d = tdm_decl_new(&limits, NULL, NULL)) == NULL)
			continue;
		m = tdm_model_new();
		assert_non_null(m);
		s = tdm_decl_load_buffer(d, "t.lua", code, strlen(code), m, &err);
		if (s == TDM_OK) {
			ran++;
			assert_int_equal(m->criteria[0].vf.kind, TDM_VF_PIECEWISE);
		} else {
			assert_int_equal(s, TDM_LIMIT);
		}
		tdm_model_free(m);
		tdm_decl_free(d);
	}
	assert_true(ran > 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_lua_decl_full_decision_file),
		T(test_lua_decl_all_criterion_keys),
		T(test_lua_decl_option_values),
		T(test_lua_decl_function_source_spans),
		T(test_lua_decl_function_source_fallback_lines),
		T(test_lua_decl_unknown_key),
		T(test_lua_decl_bad_better),
		T(test_lua_decl_bad_weight),
		T(test_lua_decl_missing_weight),
		T(test_lua_decl_bad_levels),
		T(test_lua_decl_bad_scale),
		T(test_lua_decl_bad_must_text),
		T(test_lua_decl_non_finite_option_value),
		T(test_lua_decl_duplicate_option),
		T(test_lua_decl_duplicate_criterion),
		T(test_lua_decl_bad_names),
		T(test_lua_decl_missing_table),
		T(test_lua_decl_decision_keys),
		T(test_lua_decl_options_absolute_path),
		T(test_lua_decl_options_dotdot),
		T(test_lua_decl_options_csv),
		T(test_lua_decl_error_survives_pcall),
		T(test_lua_decl_error_locations),
		T(test_lua_decl_load_file_missing),
		T(test_lua_decl_score_hook_number),
		T(test_lua_decl_score_hook_option_table),
		T(test_lua_decl_score_hook_nil),
		T(test_lua_decl_score_hook_nan),
		T(test_lua_decl_score_hook_error),
		T(test_lua_decl_must_hook),
		T(test_lua_decl_hook_without_function),
		T(test_lua_decl_memory_cap_sweep),
		T(test_lua_decl_decision_method_keys),
		T(test_lua_decl_decision_bad_names),
		T(test_lua_decl_decision_bad_flags),
		T(test_lua_decl_record_keys),
		T(test_lua_decl_record_key_errors),
		T(test_lua_decl_memory_cap_sweep_record),
		T(test_lua_decl_order),
		T(test_lua_decl_pairwise),
		T(test_lua_decl_pairwise_errors),
		T(test_lua_decl_pairwise_csv_paths),
		T(test_lua_decl_pairwise_csv),
		T(test_lua_decl_method_function),
		T(test_lua_decl_weights_optional_when_derived),
		T(test_lua_decl_preference),
		T(test_lua_decl_preference_errors),
		T(test_lua_decl_scoring_rules),
		T(test_lua_decl_scoring_rule_in_lua),
		T(test_lua_decl_scoring_rule_errors),
		T(test_lua_decl_scoring_rule_forgery),
		T(test_lua_decl_aggregate_hook),
		T(test_lua_decl_aggregate_read_only),
		T(test_lua_decl_aggregate_bad_results),
		T(test_lua_decl_aggregate_errors_and_budget),
		T(test_lua_decl_evaluate_end_to_end),
		T(test_lua_decl_evaluate_bad_aggregation),
		T(test_lua_decl_memory_cap_sweep_rules),
	};
#undef T
	return cmocka_run_group_tests_name("lua_decl", tests, NULL, NULL);
}
