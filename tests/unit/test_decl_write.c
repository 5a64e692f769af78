/*
 * test_decl_write.c -- decisions round-trip: a model written back as a
 * decision file loads to the same model and the same result (ranks,
 * scores bit for bit, verdicts), the written text is a fixed point, hostile
 * names and strings survive, a function without source text is refused;
 * and files are written atomically.
 *
 * Run from the repository root (tests/run-tests.sh does): the round trips
 * read examples/.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tdm.h"

#define TEST_MEMORY ((size_t)16 << 20)
#define TEST_BUDGET 10000000LL

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

static int
buf_write(void *ud, const char *s, size_t len)
{
	buf *b = ud;

	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;
		while (cap < b->len + len + 1)
			cap *= 2;
		if ((p = realloc(b->data, cap)) == NULL)
			return -1;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

static void
quiet(void *ud, const char *source, long line, const char *message)
{
	(void)ud;
	(void)source;
	(void)line;
	(void)message;
}

static tdm_decl *
new_decl(void)
{
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};
	tdm_decl *d = tdm_decl_new(&limits, quiet, NULL);

	assert_non_null(d);
	return d;
}

/* Write m into b (cleared first), asserting success. */
static void
write_ok(const tdm_model *m, buf *b)
{
	tdm_error err;
	char msg[800];

	b->len = 0;
	tdm_error_clear(&err);
	if (tdm_model_write_lua(m, buf_write, b, &err) != TDM_OK)
		fail_msg("write: %s", tdm_error_format(&err, msg, sizeof msg));
	assert_non_null(b->data);
}

/* Load text into a fresh model with decl d, asserting success. */
static tdm_model *
load_text(tdm_decl *d, const buf *b)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;
	char msg[800];

	assert_non_null(m);
	if (tdm_decl_load_buffer(d, "saved.lua", b->data, b->len, m, &err) !=
	    TDM_OK)
		fail_msg("reload: %s\n--- text ---\n%s",
		         tdm_error_format(&err, msg, sizeof msg), b->data);
	return m;
}

static tdm_result *
evaluate_ok(const tdm_model *m, tdm_decl *d)
{
	tdm_hooks hooks;
	tdm_result *r = NULL;
	tdm_error err;
	char msg[800];

	if (d != NULL)
		hooks = tdm_decl_hooks(d);
	if (tdm_evaluate(m, d != NULL ? &hooks : NULL, NULL, &r, &err) != TDM_OK)
		fail_msg("evaluate: %s", tdm_error_format(&err, msg, sizeof msg));
	return r;
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
assert_same_value(const tdm_value *a, const tdm_value *b)
{
	assert_int_equal(a->type, b->type);
	switch (a->type) {
	case TDM_VAL_NUMBER:
		assert_true(same_bits(a->as.num, b->as.num));
		break;
	case TDM_VAL_STRING:
		assert_string_equal(a->as.str, b->as.str);
		break;
	case TDM_VAL_BOOL:
		assert_int_equal(!a->as.boolean, !b->as.boolean);
		break;
	case TDM_VAL_RANGE:
		assert_true(same_bits(a->as.range.lo, b->as.range.lo));
		assert_true(same_bits(a->as.range.hi, b->as.range.hi));
		break;
	case TDM_VAL_MISSING:
		break;
	}
}

/* The parts of two models a decision file says: equal. */
static void
assert_same_model(const tdm_model *a, const tdm_model *b)
{
	size_t i, k;

	assert_true(same_str(a->title, b->title));
	assert_true(same_str(a->context, b->context));
	assert_true(same_str(a->method, b->method));
	assert_int_equal(a->method_fn > 0, b->method_fn > 0);
	assert_true(same_str(a->normalization, b->normalization));
	assert_true(same_str(a->weighting, b->weighting));
	assert_int_equal(a->n_order, b->n_order);
	for (i = 0; i < a->n_order; i++)
		assert_string_equal(a->order[i], b->order[i]);
	assert_int_equal(a->n_judgements, b->n_judgements);
	for (i = 0; i < a->n_judgements; i++) {
		assert_string_equal(a->judgements[i].a, b->judgements[i].a);
		assert_string_equal(a->judgements[i].b, b->judgements[i].b);
		assert_true(same_bits(a->judgements[i].value,
		                      b->judgements[i].value));
	}
	assert_true(same_str(a->ri_table, b->ri_table));
	assert_int_equal(a->critic_flip_cost, b->critic_flip_cost);
	assert_int_equal(a->has_vikor_v, b->has_vikor_v);
	assert_true(same_str(a->status, b->status));
	assert_true(same_str(a->date, b->date));
	assert_int_equal(a->n_deciders, b->n_deciders);
	assert_true(same_str(a->consequences, b->consequences));
	assert_int_equal(a->n_criteria, b->n_criteria);
	for (i = 0; i < a->n_criteria; i++) {
		const tdm_criterion *x = &a->criteria[i], *y = &b->criteria[i];
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->has_weight, y->has_weight);
		if (x->has_weight)
			assert_true(same_bits(x->weight, y->weight));
		assert_int_equal(x->has_better, y->has_better);
		assert_int_equal(x->better, y->better);
		assert_true(same_str(x->unit, y->unit));
		assert_int_equal(x->n_levels, y->n_levels);
		for (k = 0; k < x->n_levels; k++) {
			assert_string_equal(x->levels[k].name, y->levels[k].name);
			assert_true(same_bits(x->levels[k].value, y->levels[k].value));
		}
		assert_int_equal(x->score_fn > 0, y->score_fn > 0);
		assert_true(same_str(x->score_src, y->score_src));
		assert_int_equal(x->vf.kind, y->vf.kind);
		assert_int_equal(x->vf.n_params, y->vf.n_params);
		for (k = 0; k < x->vf.n_params; k++)
			assert_true(same_bits(x->vf.params[k], y->vf.params[k]));
		assert_int_equal(x->has_scale, y->has_scale);
		assert_int_equal(x->must.is_set, y->must.is_set);
		assert_int_equal(x->must.fn > 0, y->must.fn > 0);
		assert_true(same_str(x->must.text, y->must.text));
		assert_true(same_str(x->because, y->because));
		assert_int_equal(x->has_pref, y->has_pref);
		assert_int_equal(x->pref, y->pref);
	}
	assert_int_equal(a->n_stakeholders, b->n_stakeholders);
	for (i = 0; i < a->n_stakeholders; i++) {
		const tdm_stakeholder *x = &a->stakeholders[i];
		const tdm_stakeholder *y = &b->stakeholders[i];
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->n, y->n);
		for (k = 0; k < x->n; k++) {
			assert_string_equal(x->criteria[k], y->criteria[k]);
			assert_true(same_bits(x->weights[k], y->weights[k]));
		}
	}
	assert_int_equal(a->n_options, b->n_options);
	for (i = 0; i < a->n_options; i++) {
		const tdm_option *o = &a->options[i];
		assert_string_equal(o->name, b->options[i].name);
		for (k = 0; k < a->n_attrs; k++) {
			long id = tdm_model_find_attr(b, a->attrs[k]);
			const tdm_value *va = tdm_model_value(a, i, (long)k);
			if (va->type == TDM_VAL_MISSING && id < 0)
				continue;
			assert_true(id >= 0);
			assert_same_value(va, tdm_model_value(b, i, id));
		}
	}
}

static void
assert_same_result(const tdm_result *a, const tdm_result *b)
{
	size_t i;

	assert_string_equal(a->method, b->method);
	assert_int_equal(a->n_options, b->n_options);
	assert_int_equal(a->n_ranked, b->n_ranked);
	for (i = 0; i < a->n_criteria; i++)
		assert_true(same_bits(a->weights[i], b->weights[i]));
	for (i = 0; i < a->n_options; i++) {
		const tdm_option_result *x = &a->options[i], *y = &b->options[i];
		assert_int_equal(x->rank, y->rank);
		assert_int_equal(x->verdict, y->verdict);
		assert_int_equal(x->n_reasons, y->n_reasons);
		if (x->rank > 0 && !same_bits(x->score, y->score))
			fail_msg("option %zu: score %.17g, reloaded %.17g", i, x->score,
			         y->score);
	}
	for (i = 0; i < a->n_options; i++)
		assert_int_equal(a->order[i], b->order[i]);
}

/* Write m, reload, check model, result and the fixed point. d made m
 * (NULL for a model built in C without functions). */
static void
round_trip(const tdm_model *m, tdm_decl *d)
{
	buf one = {0}, two = {0};
	tdm_decl *d2 = new_decl();
	tdm_model *m2;
	tdm_result *r1, *r2;

	write_ok(m, &one);
	m2 = load_text(d2, &one);
	assert_same_model(m, m2);
	r1 = evaluate_ok(m, d);
	r2 = evaluate_ok(m2, d2);
	assert_same_result(r1, r2);
	write_ok(m2, &two);
	if (one.len != two.len || memcmp(one.data, two.data, one.len) != 0)
		fail_msg("not a fixed point:\n--- first ---\n%s\n--- second ---\n%s",
		         one.data, two.data);
	tdm_result_free(r1);
	tdm_result_free(r2);
	tdm_model_free(m2);
	tdm_decl_free(d2);
	free(one.data);
	free(two.data);
}

/* ------------------------------------------------------------------------
 * Round trips
 * --------------------------------------------------------------------- */

static void
test_decl_write_examples_round_trip(void **state)
{
	DIR *dir = opendir("examples");
	struct dirent *e;
	char path[512], msg[800];
	size_t n = 0, len;
	tdm_error err;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		tdm_decl *d;
		tdm_model *m;
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".lua") != 0)
			continue;
		snprintf(path, sizeof path, "examples/%s", e->d_name);
		d = new_decl();
		m = tdm_model_new();
		assert_non_null(m);
		if (tdm_decl_load_file(d, path, m, &err) != TDM_OK)
			fail_msg("%s", tdm_error_format(&err, msg, sizeof msg));
		round_trip(m, d);
		tdm_model_free(m);
		tdm_decl_free(d);
		n++;
	}
	closedir(dir);
	assert_true(n >= 5);
}

/* The written form: header, no options line, CSV rows inline. */
static void
test_decl_write_csv_options_inline(void **state)
{
	tdm_decl *d = new_decl();
	tdm_model *m = tdm_model_new();
	tdm_error err;
	buf b = {0};

	(void)state;
	assert_int_equal(
		tdm_decl_load_file(d, "examples/message-broker.lua", m, &err),
		TDM_OK);
	write_ok(m, &b);
	assert_true(strncmp(b.data, "-- written by tradeoff " TDM_VERSION "\n",
	                    strlen("-- written by tradeoff " TDM_VERSION "\n")) ==
	            0);
	assert_null(strstr(b.data, "options \""));
	assert_non_null(strstr(b.data, "option \"NATS JetStream\" {"));
	assert_non_null(strstr(b.data, "option \"Apache Pulsar\" {"));
	/* in model order */
	assert_true(strstr(b.data, "option \"NATS JetStream\"") <
	            strstr(b.data, "option \"Apache Pulsar\""));
	free(b.data);
	tdm_model_free(m);
	tdm_decl_free(d);
}

/* An option added later (as at the REPL's prompt), with a function. */
static void
test_decl_write_prompt_options(void **state)
{
	static const char added[] =
		"option \"Pulsar 2\" { throughput = 170000, p99_ms = 30, "
		"ops_cost = 3900, team_fit = \"some\", years_in_prod = 7 }\n"
		"option \"Slow\" { throughput = 1000, p99_ms = 400, "
		"ops_cost = 100, team_fit = \"none\", years_in_prod = 1 }\n";
	tdm_decl *d = new_decl();
	tdm_model *m = tdm_model_new();
	tdm_error err;

	(void)state;
	assert_int_equal(
		tdm_decl_load_file(d, "examples/message-broker.lua", m, &err),
		TDM_OK);
	assert_int_equal(tdm_decl_load_buffer(d, "prompt", added,
	                                      strlen(added), m, &err),
	                 TDM_OK);
	round_trip(m, d);
	tdm_model_free(m);
	tdm_decl_free(d);
}

/* Every decision key, scoring rules, scale, preference, a must function
 * over several lines, a method function. */
static void
test_decl_write_every_key(void **state)
{
	static const char text[] =
		"decision \"All keys\" {\n"
		"  context = \"one line\",\n"
		"  method = function(m)\n"
		"    local s = {}\n"
		"    for i, row in ipairs(m.matrix) do\n"
		"      local t = 0\n"
		"      for c, x in ipairs(row) do t = t + m.weights[c] * x end\n"
		"      s[i] = t\n"
		"    end\n"
		"    return s\n"
		"  end,\n"
		"  normalize = \"max\",\n"
		"  weights = \"critic\",\n"
		"  order = {\"a\", \"b\", \"c\"},\n"
		"  pairwise = { {\"a\", \"b\", 3}, {\"a\", \"c\", 1/7}, "
		"{\"b\", \"c\", 0.5} },\n"
		"  ri = \"saaty\",\n"
		"  critic_flip_cost = true,\n"
		"  v = 0.3,\n"
		"  status = \"superseded by ADR-0012\",\n"
		"  date = \"2026-11-30\",\n"
		"  deciders = {\"Ana\", \"Ben \\\"B\\\" O\"},\n"
		"  consequences = [[\n* good]] .. \"]]\" .. [[\n* bad]=]\n]],\n"
		"}\n"
		"criterion \"a\" { weight = 0.1, score = piecewise { {0, 1}, "
		"{50, 1}, {200, 0} }, scale = {0, 1}, preference = \"linear\", "
		"q = 1, p = 2.5 }\n"
		"criterion \"b\" { weight = 2, better = \"lower\", unit = \"ms\",\n"
		"  must = function(v, o)\n"
		"    if v > 500 then return false, o.name .. \" is slow\" end\n"
		"    return true\n"
		"  end, because = \"SLO\" }\n"
		"criterion \"c\" { weight = 1e-3, levels = { [\"very low\"] = 0, "
		"mid = 0.5, [\"end\"] = 1 }, must = \"~= 'very low'\", "
		"preference = \"gaussian\", s = 0.25 }\n"
		"criterion \"d\" { weight = 1, score = linear(5000, 1000) }\n"
		"criterion \"e\" { weight = 1, score = target(3, 2) }\n"
		"option \"x\" { a = 10, b = 12.5, c = \"mid\", d = 2000, e = 3 }\n"
		"option \"y\" { a = 100, b = 0.1, c = \"end\", d = 4000, e = 4 }\n"
		"option \"z\" { a = 70, b = 900, c = \"end\", d = 1000, e = 2 }\n";
	tdm_decl *d = new_decl();
	tdm_model *m = tdm_model_new();
	tdm_error err;
	char msg[800];

	(void)state;
	if (tdm_decl_load_buffer(d, "all.lua", text, strlen(text), m, &err) !=
	    TDM_OK)
		fail_msg("%s", tdm_error_format(&err, msg, sizeof msg));
	assert_true(m->method_fn > 0);
	assert_true(m->criteria[1].must.fn > 0);
	round_trip(m, d);
	tdm_model_free(m);
	tdm_decl_free(d);
}

static void
add_crit(tdm_model *m, const char *name, double w, tdm_better better,
         tdm_criterion **out)
{
	tdm_criterion *c;
	tdm_error err;

	assert_int_equal(tdm_model_add_criterion(m, name, -1, 0, &c, &err),
	                 TDM_OK);
	c->weight = w;
	c->has_weight = 1;
	c->better = better;
	c->has_better = 1;
	if (out != NULL)
		*out = c;
}

static void
set_num(tdm_model *m, size_t o, const char *attr, double x)
{
	tdm_value v;
	tdm_error err;
	long id = tdm_model_attr(m, attr, 1);

	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_NUMBER;
	v.as.num = x;
	assert_true(id >= 0);
	assert_int_equal(tdm_model_set_value(m, o, (size_t)id, &v, &err),
	                 TDM_OK);
}

static void
set_str(tdm_model *m, size_t o, const char *attr, const char *s)
{
	tdm_value v;
	tdm_error err;
	long id = tdm_model_attr(m, attr, 1);

	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_STRING;
	v.as.str = (char *)s;
	assert_true(id >= 0);
	assert_int_equal(tdm_model_set_value(m, o, (size_t)id, &v, &err),
	                 TDM_OK);
}

/* Quotes, backslashes, newlines, "]]", carriage returns, control
 * characters, reserved words and non-identifier keys, in names and
 * strings; numbers that are hard to read back. */
static void
test_decl_write_hostile_names_and_strings(void **state)
{
	static const char *const crit_names[] = {
		"p\"99 ms\n", "end", "a]]b]=]c", "x\\y\001\033[31m", "1st",
	};
	static const char *const opt_names[] = {
		"Kafka \"the\" ]] broker", "line\nbreak\r\nand\rcr",
		"tab\there\177", "]=]", "\xc3\xa9t\xc3\xa9",
	};
	static const double nums[][5] = {
		{0.1, 1e-300, 123456789012345680000.0, 3, -0.0},
		{0.30000000000000004, 5e-324, 1e16, 2, 1},
		{1.0 / 3, 9007199254740993.0, 4.5e15, 1, -2},
		{2.5, 1.7976931348623157e308, 17, 0, 0},
		{-7, 2.2250738585072014e-308, 0.0001, 5, 1e-5},
	};
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;
	size_t i, k, o;
	tdm_error err;
	buf b = {0};

	(void)state;
	assert_int_equal(tdm_model_set_text(m, &m->title,
	                                    "Title with ]] and \"quotes\"\n", &err),
	                 TDM_OK);
	assert_int_equal(
		tdm_model_set_text(m, &m->context,
		                   "\nstarts with a newline]]\nends with ]=", &err),
		TDM_OK);
	assert_int_equal(tdm_model_set_text(m, &m->consequences,
	                                    "a\n]==]b\n\\n not an escape]", &err),
	                 TDM_OK);
	for (k = 0; k < 5; k++) {
		add_crit(m, crit_names[k], (double)k + 0.5,
		         k % 2 ? TDM_BETTER_LOWER : TDM_BETTER_HIGHER, &c);
		if (k == 0) {
			c->unit = strdup("\"units\"\t]]");
			c->because = strdup("because\nof \"this\"\\");
		}
	}
	for (i = 0; i < 5; i++) {
		assert_int_equal(
			tdm_model_add_option(m, opt_names[i], -1, 0, &o, &err), TDM_OK);
		for (k = 0; k < 5; k++)
			set_num(m, o, crit_names[k], nums[i][k]);
		set_str(m, o, "note with spaces", "\"q\" ]] \001\n\r");
		set_str(m, o, "nil", i % 2 ? "and" : "\\");
	}
	write_ok(m, &b);
	/* keys that are not names are quoted */
	assert_non_null(strstr(b.data, "[\"end\"] = "));
	assert_non_null(strstr(b.data, "[\"nil\"] = "));
	assert_non_null(strstr(b.data, "[\"note with spaces\"] = "));
	assert_non_null(strstr(b.data, "-0.0"));
	/* the fewest "=" that keep each long string whole */
	assert_non_null(strstr(b.data, "  context = [==[\n\nstarts with a "
	                               "newline]]\nends with ]=]==],\n"));
	assert_non_null(strstr(b.data, "  consequences = [=[a\n]==]b\n\\n not an "
	                               "escape]]=],\n"));
	round_trip(m, NULL);
	free(b.data);
	tdm_model_free(m);
}

/* A range value written as {lo, hi}, checked on the text (whether the
 * loader takes ranges yet is another file's business). */
static void
test_decl_write_range_value(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_value v;
	tdm_error err;
	size_t o;
	long id;
	buf b = {0};

	(void)state;
	add_crit(m, "cost", 1, TDM_BETTER_LOWER, NULL);
	assert_int_equal(tdm_model_add_option(m, "A", -1, 0, &o, &err), TDM_OK);
	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_RANGE;
	v.as.range.lo = 10;
	v.as.range.hi = 12.5;
	id = tdm_model_attr(m, "cost", 1);
	assert_int_equal(tdm_model_set_value(m, o, (size_t)id, &v, &err),
	                 TDM_OK);
	write_ok(m, &b);
	assert_non_null(strstr(b.data, "option \"A\" { cost = {10, 12.5} }\n"));
	free(b.data);
	tdm_model_free(m);
}

/* Stakeholders and ranges, through the loader: the same model, the same
 * result. */
static void
test_decl_write_stakeholders_and_ranges(void **state)
{
	static const char text[] =
		"decision \"Broker\" {}\n"
		"criterion \"throughput\" { weight = 5, better = \"higher\" }\n"
		"criterion \"p 99\" { weight = 3, better = \"lower\" }\n"
		"criterion \"cost\" { weight = 2, better = \"lower\" }\n"
		"stakeholder \"SRE\" { weights = { [\"p 99\"] = 5, cost = 1 } }\n"
		"stakeholder \"Finance \\\"team\\\"\" { weights = { cost = 4, "
		"throughput = 0.5 } }\n"
		"option \"Kafka\" { throughput = 200000, [\"p 99\"] = 25, "
		"cost = {3900, 4500} }\n"
		"option \"RabbitMQ\" { throughput = 40000, [\"p 99\"] = 12, "
		"cost = 1500 }\n"
		"option \"NATS\" { throughput = {150000, 170000.5}, [\"p 99\"] = 8, "
		"cost = 1100 }\n";
	tdm_decl *d = new_decl();
	tdm_model *m = tdm_model_new();
	tdm_error err;
	char msg[800];
	buf b = {0};

	(void)state;
	if (tdm_decl_load_buffer(d, "sh.lua", text, strlen(text), m, &err) !=
	    TDM_OK)
		fail_msg("%s", tdm_error_format(&err, msg, sizeof msg));
	assert_int_equal(m->n_stakeholders, 2);
	write_ok(m, &b);
	assert_non_null(strstr(b.data, "stakeholder \"SRE\" { weights = { "
	                               "cost = 1, [\"p 99\"] = 5 } }\n"));
	assert_non_null(strstr(b.data, "cost = {3900, 4500}"));
	round_trip(m, d);
	free(b.data);
	tdm_model_free(m);
	tdm_decl_free(d);
}

/* A model made in C with a score function handle but no source. */
static void
test_decl_write_function_without_source(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;
	tdm_error err;
	buf b = {0};

	(void)state;
	add_crit(m, "ok", 1, TDM_BETTER_HIGHER, NULL);
	add_crit(m, "x", 1, TDM_BETTER_HIGHER, &c);
	c->score_fn = 1;
	tdm_error_clear(&err);
	assert_int_equal(tdm_model_write_lua(m, buf_write, &b, &err), TDM_DATA);
	assert_int_equal(err.code, TDM_DATA);
	assert_string_equal(err.message, "cannot save: the score function of "
	                                 "'x' has no source text");
	/* a must function, and a source that is not a function expression */
	c->score_fn = 0;
	c->must.is_set = 1;
	c->must.fn = 2;
	assert_int_equal(tdm_model_write_lua(m, buf_write, &b, &err), TDM_DATA);
	assert_non_null(strstr(err.message, "the must function of 'x'"));
	c->must.is_set = 0;
	c->must.fn = 0;
	c->score_fn = 1;
	c->score_src = strdup("  score = function(o) return 1 end, -- a");
	assert_int_equal(tdm_model_write_lua(m, buf_write, &b, &err), TDM_DATA);
	free(c->score_src);
	c->score_src = strdup("function(o) return 1 end");
	b.len = 0;
	assert_int_equal(tdm_model_write_lua(m, buf_write, &b, &err), TDM_OK);
	assert_non_null(strstr(b.data, "  score = function(o) return 1 end,\n"));
	free(b.data);
	tdm_model_free(m);
}

static int
failing_write(void *ud, const char *s, size_t len)
{
	(void)ud;
	(void)s;
	(void)len;
	return -1;
}

static void
test_decl_write_write_error(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;

	(void)state;
	add_crit(m, "x", 1, TDM_BETTER_HIGHER, NULL);
	assert_int_equal(tdm_model_write_lua(m, failing_write, NULL, &err),
	                 TDM_IO);
	tdm_model_free(m);
}

/* ------------------------------------------------------------------------
 * Atomic writes
 * --------------------------------------------------------------------- */

typedef struct produce_ctx {
	const char *text;
	int fail_after; /* write the text, then fail with TDM_DATA */
} produce_ctx;

static tdm_status
produce(tdm_write_fn write, void *wud, void *ctx, tdm_error *err)
{
	produce_ctx *p = ctx;

	if (write(wud, p->text, strlen(p->text)) != 0)
		return tdm_error_set(err, TDM_IO, NULL, 0, 0, "write failed");
	if (p->fail_after)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0, "produce failed");
	return TDM_OK;
}

static void
make_tmpdir(char *dir, size_t size)
{
	const char *base = getenv("TMPDIR");

	snprintf(dir, size, "%s/tdm-write-XXXXXX",
	         base != NULL && base[0] != '\0' ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
}

static void
put_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static char *
slurp(const char *path)
{
	static char text[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* Names in dir other than . and .., joined with spaces. */
static void
list_dir(const char *dir, char *out, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	out[0] = '\0';
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		strncat(out, e->d_name, size - strlen(out) - 2);
		strcat(out, " ");
	}
	closedir(d);
}

static void
remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[600];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void
test_decl_write_atomic_replaces(void **state)
{
	char dir[512], path[600], names[1024];
	produce_ctx p = {"new text\n", 0};
	struct stat sb;
	tdm_error err;

	(void)state;
	make_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/decision.lua", dir);
	/* a new file */
	assert_int_equal(tdm_write_file_atomic(path, produce, &p, &err), TDM_OK);
	assert_string_equal(slurp(path), "new text\n");
	/* replacing one keeps its mode */
	put_file(path, "old text\n", 0640);
	p.text = "newer text\n";
	assert_int_equal(tdm_write_file_atomic(path, produce, &p, &err), TDM_OK);
	assert_string_equal(slurp(path), "newer text\n");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	list_dir(dir, names, sizeof names);
	assert_string_equal(names, "decision.lua ");
	remove_tree(dir);
}

static void
test_decl_write_atomic_failure_keeps_old(void **state)
{
	char dir[512], path[600], names[1024];
	produce_ctx p = {"half-written", 1};
	tdm_error err;

	(void)state;
	make_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/decision.lua", dir);
	put_file(path, "old text\n", 0644);
	assert_int_equal(tdm_write_file_atomic(path, produce, &p, &err),
	                 TDM_DATA);
	assert_string_equal(err.message, "produce failed");
	assert_string_equal(slurp(path), "old text\n");
	list_dir(dir, names, sizeof names);
	assert_string_equal(names, "decision.lua ");
	/* a failure writing a new file leaves nothing behind */
	snprintf(path, sizeof path, "%s/other.lua", dir);
	assert_int_equal(tdm_write_file_atomic(path, produce, &p, &err),
	                 TDM_DATA);
	list_dir(dir, names, sizeof names);
	assert_string_equal(names, "decision.lua ");
	remove_tree(dir);
}

static void
test_decl_write_atomic_missing_directory(void **state)
{
	char dir[512], path[700];
	produce_ctx p = {"x", 0};
	tdm_error err;

	(void)state;
	make_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/no-such-dir/decision.lua", dir);
	tdm_error_clear(&err);
	assert_int_equal(tdm_write_file_atomic(path, produce, &p, &err), TDM_IO);
	assert_int_equal(err.code, TDM_IO);
	assert_string_equal(err.source, path);
	assert_non_null(strstr(err.message, "no-such-dir"));
	assert_non_null(strstr(err.message, strerror(ENOENT)));
	remove_tree(dir);
}

/* /dev/full: a device is written in place (never renamed over), and the
 * full disk is an I/O error with the system's reason. */
static void
test_decl_write_atomic_dev_full(void **state)
{
	produce_ctx p = {"some text that will not fit\n", 0};
	tdm_error err;
	struct stat sb;

	(void)state;
	if (stat("/dev/full", &sb) != 0 || !S_ISCHR(sb.st_mode))
		skip();
	tdm_error_clear(&err);
	assert_int_equal(tdm_write_file_atomic("/dev/full", produce, &p, &err),
	                 TDM_IO);
	assert_string_equal(err.source, "/dev/full");
	assert_non_null(strstr(err.message, strerror(ENOSPC)));
	assert_int_equal(stat("/dev/full", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
}

/* The whole path: a model saved atomically and loaded from the file. */
static tdm_status
produce_model(tdm_write_fn write, void *wud, void *ctx, tdm_error *err)
{
	return tdm_model_write_lua(ctx, write, wud, err);
}

static void
test_decl_write_save_file(void **state)
{
	char dir[512], path[600];
	tdm_decl *d = new_decl(), *d2 = new_decl();
	tdm_model *m = tdm_model_new(), *m2 = tdm_model_new();
	tdm_result *r1, *r2;
	tdm_error err;

	(void)state;
	make_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/saved.lua", dir);
	assert_int_equal(
		tdm_decl_load_file(d, "examples/feature-flags.lua", m, &err),
		TDM_OK);
	assert_int_equal(tdm_write_file_atomic(path, produce_model, m, &err),
	                 TDM_OK);
	assert_int_equal(tdm_decl_load_file(d2, path, m2, &err), TDM_OK);
	r1 = evaluate_ok(m, d);
	r2 = evaluate_ok(m2, d2);
	assert_same_result(r1, r2);
	tdm_result_free(r1);
	tdm_result_free(r2);
	tdm_model_free(m);
	tdm_model_free(m2);
	tdm_decl_free(d);
	tdm_decl_free(d2);
	remove_tree(dir);
}

int
main(void)
{
#define T(name) cmocka_unit_test(name)
	const struct CMUnitTest tests[] = {
		T(test_decl_write_examples_round_trip),
		T(test_decl_write_csv_options_inline),
		T(test_decl_write_prompt_options),
		T(test_decl_write_every_key),
		T(test_decl_write_hostile_names_and_strings),
		T(test_decl_write_range_value),
		T(test_decl_write_stakeholders_and_ranges),
		T(test_decl_write_function_without_source),
		T(test_decl_write_write_error),
		T(test_decl_write_atomic_replaces),
		T(test_decl_write_atomic_failure_keeps_old),
		T(test_decl_write_atomic_missing_directory),
		T(test_decl_write_atomic_dev_full),
		T(test_decl_write_save_file),
	};
#undef T
	return cmocka_run_group_tests_name("decl_write", tests, NULL, NULL);
}
