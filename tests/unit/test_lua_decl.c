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

#include <cmocka.h>

#include "tdm.h"
#include "tdm_test.h"

#define TEST_MEMORY ((size_t)4 << 20)
#define TEST_BUDGET 1000000LL
#define DATA "tests/data/lua/"

typedef struct fixture {
	tdm_decl *d;
	tdm_model *m;
	char out[2048]; /* print() output */
} fixture;

static void
capture(void *ud, const char *source, long line, const char *message)
{
	fixture *f = ud;
	size_t n = strlen(f->out);

	(void)source;
	(void)line;
	snprintf(f->out + n, sizeof f->out - n, "%s\n", message);
}

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};

	if (f == NULL)
		return -1;
	f->d = tdm_decl_new(&limits, capture, f);
	f->m = tdm_model_new();
	if (f->d == NULL || f->m == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	tdm_decl_free(f->d);
	tdm_model_free(f->m);
	free(f);
	return 0;
}

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
	       "must, because)");
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
	expect(state, "option 'Kafka' { p99_ms = {10, 20} }", TDM_DATA, 1,
	       "option 'Kafka': attribute 'p99_ms' is a table: ranges {lo, hi} "
	       "are not supported yet");
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
	       "(allowed: context, method)");
	reset_model(*state);
	expect(state, "decision 'T' { normalize = 'vector' }", TDM_DATA, 1,
	       "decision 'T': 'normalize' is not supported yet");
	reset_model(*state);
	expect(state, "decision 'T' { method = 5 }", TDM_DATA, 1,
	       "decision 'T': method must be a string, got number");
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
	};
#undef T
	return cmocka_run_group_tests_name("lua_decl", tests, NULL, NULL);
}
