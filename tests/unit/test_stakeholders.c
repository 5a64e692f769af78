/*
 * Unit tests for stakeholders.c, render_stakeholders.c and the
 * `stakeholder` declaration in lua_decl.c: a hand-computed wsm case (each
 * ranking, the geometric-mean aggregate, regret, minimax regret, the
 * deciding stakeholder), a case where everyone agrees, the errors, the
 * text, Markdown and JSON sections (golden), and the declaration's checks.
 * Leaks are caught by the AddressSanitizer build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "tdm_test.h"

typedef struct loaded {
	tdm_model *m;
	tdm_decl *d;
	tdm_hooks h;
	tdm_result *r;
} loaded;

static loaded
load(const char *text)
{
	loaded l;
	tdm_error e;

	l.m = tdm_model_new();
	l.d = tdm_decl_new(NULL, NULL, NULL);
	assert_non_null(l.m);
	assert_non_null(l.d);
	if (tdm_decl_load_buffer(l.d, "t.lua", text, strlen(text), l.m, &e) !=
	    TDM_OK)
		fail_msg("load: %s", e.message);
	l.h = tdm_decl_hooks(l.d);
	assert_int_equal(tdm_evaluate(l.m, &l.h, NULL, &l.r, &e), TDM_OK);
	return l;
}

static void
unload(loaded *l)
{
	tdm_result_free(l->r);
	tdm_decl_free(l->d);
	tdm_model_free(l->m);
}

/* Load text expecting a declaration error; returns it. */
static tdm_error
load_error(const char *text)
{
	tdm_model *m = tdm_model_new();
	tdm_decl *d = tdm_decl_new(NULL, NULL, NULL);
	tdm_error e;

	assert_non_null(m);
	assert_non_null(d);
	assert_int_not_equal(
		tdm_decl_load_buffer(d, "t.lua", text, strlen(text), m, &e), TDM_OK);
	tdm_decl_free(d);
	tdm_model_free(m);
	return e;
}

static size_t
index_of(const tdm_stakeholder_report *p, size_t option)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->options[i] == option)
			return i;
	fail_msg("option %zu not in the report", option);
	return 0;
}

/* ------------------------------------------------------------------------
 * The analysis, by hand
 *
 * Min-max normalised, speed (higher) is A 1, B 0.8, C 0 and cost (lower)
 * A 0, B 0.4, C 1. With w the weight of speed, wsm scores A = w,
 * B = 0.4 + 0.4w, C = 1 - w.
 *   Fast  (9:1, w = 0.9): A 0.9, B 0.76, C 0.1   ranks A1 B2 C3, likes A
 *   Cheap (2:3, w = 0.4): A 0.4, B 0.56, C 0.6   ranks C1 B2 A3, likes C
 * Geometric mean: speed sqrt(0.9 * 0.4) = 0.6, cost sqrt(0.1 * 0.6) =
 * sqrt(0.06); normalised w = 0.6 / (0.6 + sqrt(0.06)) = 0.7101: A wins
 * (A beats B once w > 2/3), B second, C third.
 * Regret against Fast's A (0.9): A 0, B 0.14, C 0.8; against Cheap's C
 * (0.6): A 0.2, B 0.04, C 0. Max: A 0.2, B 0.14, C 0.8: minimax B.
 * Without Fast the aggregate is Cheap's weights and picks C: Fast decides.
 * --------------------------------------------------------------------- */

static const char hand_text[] =
	"decision 'Pick' { method = 'wsm' }\n"
	"stakeholder 'Fast' { weights = { speed = 9, cost = 1 } }\n"
	"criterion 'speed' { weight = 1, better = 'higher' }\n"
	"criterion 'cost' { weight = 1, better = 'lower' }\n"
	"stakeholder 'Cheap' { weights = { speed = 2, cost = 3 } }\n"
	"option 'A' { speed = 10, cost = 10 }\n"
	"option 'B' { speed = 8, cost = 6 }\n"
	"option 'C' { speed = 0, cost = 0 }\n";

static void
test_stakeholders_hand_computed(void **state)
{
	loaded l = load(hand_text);
	tdm_stakeholder_report *p = NULL;
	tdm_error e;
	size_t a, b, c;
	double ws = 0.6 / (0.6 + sqrt(0.06));

	(void)state;
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_OK);
	assert_non_null(p);
	assert_int_equal(p->n_stakeholders, 2);
	assert_int_equal(p->n, 3);
	assert_int_equal(p->m, 2);
	a = index_of(p, 0);
	b = index_of(p, 1);
	c = index_of(p, 2);
	/* weights, normalised */
	assert_near(p->weights[0], 0.9, 1e-15);
	assert_near(p->weights[1], 0.1, 1e-15);
	assert_near(p->weights[2], 0.4, 1e-15);
	assert_near(p->weights[3], 0.6, 1e-15);
	/* each one's scores and ranks */
	assert_near(p->scores[0 * 3 + a], 0.9, 1e-12);
	assert_near(p->scores[0 * 3 + b], 0.76, 1e-12);
	assert_near(p->scores[0 * 3 + c], 0.1, 1e-12);
	assert_near(p->scores[1 * 3 + a], 0.4, 1e-12);
	assert_near(p->scores[1 * 3 + b], 0.56, 1e-12);
	assert_near(p->scores[1 * 3 + c], 0.6, 1e-12);
	assert_int_equal(p->ranks[0 * 3 + a], 1);
	assert_int_equal(p->ranks[0 * 3 + b], 2);
	assert_int_equal(p->ranks[0 * 3 + c], 3);
	assert_int_equal(p->ranks[1 * 3 + a], 3);
	assert_int_equal(p->ranks[1 * 3 + b], 2);
	assert_int_equal(p->ranks[1 * 3 + c], 1);
	assert_int_equal(p->favourites[0], 0);
	assert_int_equal(p->favourites[1], 2);
	/* the aggregate */
	assert_near(p->aggregate_weights[0], ws, 1e-12);
	assert_near(p->aggregate_weights[1], 1 - ws, 1e-12);
	assert_int_equal(p->aggregate_winner, 0);
	assert_int_equal(p->aggregate_ranks[a], 1);
	assert_int_equal(p->aggregate_ranks[b], 2);
	assert_int_equal(p->aggregate_ranks[c], 3);
	/* regret */
	assert_near(p->regret[a * 2 + 0], 0, 1e-12);
	assert_near(p->regret[b * 2 + 0], 0.14, 1e-12);
	assert_near(p->regret[c * 2 + 0], 0.8, 1e-12);
	assert_near(p->regret[a * 2 + 1], 0.2, 1e-12);
	assert_near(p->regret[b * 2 + 1], 0.04, 1e-12);
	assert_near(p->regret[c * 2 + 1], 0, 1e-12);
	assert_near(p->max_regret[a], 0.2, 1e-12);
	assert_near(p->max_regret[b], 0.14, 1e-12);
	assert_near(p->max_regret[c], 0.8, 1e-12);
	assert_int_equal(p->minimax_regret, 1);
	/* the deciding stakeholder */
	assert_int_equal(p->deciding, 0);
	assert_string_equal(p->deciding_why,
	                    "Without Fast's weights the aggregate would pick C.");
	tdm_stakeholder_report_free(p);
	unload(&l);
}

/* Brute force on the same case: the aggregate winner and every regret
 * recomputed from the scores in the report. */
static void
test_stakeholders_regret_matches_scores(void **state)
{
	loaded l = load(hand_text);
	tdm_stakeholder_report *p = NULL;
	tdm_error e;
	size_t i, s, S, n;

	(void)state;
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_OK);
	S = p->n_stakeholders;
	n = p->n;
	for (s = 0; s < S; s++) {
		double best = -HUGE_VAL;
		for (i = 0; i < n; i++)
			best = fmax(best, p->scores[s * n + i]);
		for (i = 0; i < n; i++)
			assert_near(p->regret[i * S + s], best - p->scores[s * n + i],
			            1e-15);
	}
	tdm_stakeholder_report_free(p);
	unload(&l);
}

/* A is better on both criteria: everyone favours it, no one decides. */
static void
test_stakeholders_all_agree(void **state)
{
	loaded l = load("criterion 'speed' { weight = 1, better = 'higher' }\n"
	                "criterion 'cost' { weight = 1, better = 'lower' }\n"
	                "stakeholder 'X' { weights = { speed = 1 } }\n"
	                "stakeholder 'Y' { weights = { cost = 5 } }\n"
	                "option 'A' { speed = 10, cost = 1 }\n"
	                "option 'B' { speed = 5, cost = 2 }\n");
	tdm_stakeholder_report *p = NULL;
	tdm_error e;

	(void)state;
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_OK);
	assert_int_equal(p->favourites[0], 0);
	assert_int_equal(p->favourites[1], 0);
	assert_int_equal(p->aggregate_winner, 0);
	assert_int_equal(p->minimax_regret, 0);
	assert_int_equal(p->deciding, -1);
	/* X weighs cost 0 and Y speed 0: the geometric mean is 0 everywhere,
	 * so the aggregate is the arithmetic mean, and the words say so */
	assert_near(p->aggregate_weights[0], 0.5, 1e-15);
	assert_near(p->aggregate_weights[1], 0.5, 1e-15);
	assert_string_equal(p->deciding_why,
	                    "No criterion is weighed by every stakeholder, so "
	                    "the aggregate is the arithmetic mean of their "
	                    "weights. Every stakeholder favours A, so no one's "
	                    "weights decide the outcome.");
	tdm_stakeholder_report_free(p);
	unload(&l);
}

/* No stakeholders: no report, no error. */
static void
test_stakeholders_none(void **state)
{
	loaded l = load("criterion 'speed' { weight = 1, better = 'higher' }\n"
	                "option 'A' { speed = 1 }\n");
	tdm_stakeholder_report *p = (tdm_stakeholder_report *)&l;
	tdm_error e;

	(void)state;
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_OK);
	assert_null(p);
	tdm_stakeholder_report_free(NULL);
	unload(&l);
}

/* A model built (or changed) in C is checked too: a name that is not a
 * criterion, and weights that are all 0, are errors naming the
 * stakeholder at its line. */
static void
test_stakeholders_analysis_errors(void **state)
{
	loaded l = load(hand_text);
	tdm_stakeholder_report *p = NULL;
	tdm_stakeholder *sh = &l.m->stakeholders[1];
	tdm_error e;
	char *saved;

	(void)state;
	saved = sh->criteria[0];
	sh->criteria[0] = (char *)"sped";
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_DATA);
	assert_null(p);
	assert_string_equal(e.message,
	                    "stakeholder 'Cheap': 'sped' is not a criterion");
	assert_int_equal(e.line, 5);
	sh->criteria[0] = saved;

	sh->weights[0] = 0;
	sh->weights[1] = 0;
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_DATA);
	assert_null(p);
	assert_string_equal(e.message,
	                    "stakeholder 'Cheap' gives every criterion weight 0");
	assert_int_equal(e.line, 5);
	unload(&l);
}

/* ------------------------------------------------------------------------
 * Rendering: the stakeholder part alone
 * --------------------------------------------------------------------- */

typedef struct {
	char buf[16384];
	size_t len;
} sink;

static int
to_sink(void *ud, const char *b, size_t n)
{
	sink *k = ud;
	if (k->len + n >= sizeof k->buf)
		return 1;
	memcpy(k->buf + k->len, b, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

static void
render(tdm_format f, const char *want)
{
	loaded l = load(hand_text);
	tdm_stakeholder_report *p = NULL;
	tdm_how_sure h = {NULL, NULL, NULL, NULL, NULL};
	tdm_render_spec spec;
	tdm_error e;
	sink k;

	memset(&spec, 0, sizeof spec);
	spec.format = f;
	k.len = 0;
	k.buf[0] = '\0';
	assert_int_equal(tdm_stakeholders_analyse(l.m, &l.h, l.r, &p, &e),
	                 TDM_OK);
	h.stakeholders = p;
	assert_int_equal(tdm_render_how_sure(l.r, &h, &spec, to_sink, &k, &e),
	                 TDM_OK);
	if (getenv("TDM_PRINT_GOLDEN") != NULL)
		fprintf(stderr, "<<<%s>>>", k.buf);
	assert_string_equal(k.buf, want);
	tdm_stakeholder_report_free(p);
	unload(&l);
}

static const char text_golden[] =
	"How sure are we: Pick -- B wins\n"
	"method wsm · normalisation minmax · weighting direct, normalised"
	" to sum 1 (given sum 2) · tradeoff " TDM_VERSION "\n"
	"\n"
	"Stakeholders:\n"
	"\n"
	"Fast favours A; Cheap favours C.\n"
	"\n"
	"Ranks (1 = best) under each stakeholder's weights:\n"
	"\n"
	"  stakeholder  B  A  C\n"
	"  Fast         2  1  3\n"
	"  Cheap        2  3  1\n"
	"  (aggregate)  2  1  3\n"
	"\n"
	"Aggregate weights (normalised geometric mean): speed 0.710, cost"
	" 0.290. The aggregate picks A.\n"
	"\n"
	"Regret (how much worse each option scores than the stakeholder's"
	" favourite, under their weights):\n"
	"\n"
	"  option   Fast  Cheap  max regret\n"
	"  B       0.140  0.040       0.140\n"
	"  A       0.000  0.200       0.200\n"
	"  C       0.800  0.000       0.800\n"
	"\n"
	"Minimax regret: B (its largest regret is 0.140).\n"
	"\n"
	"Deciding stakeholder: Fast. Without Fast's weights the aggregate"
	" would pick C.\n"
	"\n";

static void
test_stakeholders_render_text(void **state)
{
	(void)state;
	render(TDM_FORMAT_TABLE, text_golden);
}

static const char md_golden[] =
	"# How sure are we: Pick -- B wins\n"
	"\n"
	"method wsm · normalisation minmax · weighting direct, normalised"
	" to sum 1 (given sum 2) · tradeoff " TDM_VERSION "\n"
	"\n"
	"## Stakeholders\n"
	"\n"
	"Fast favours A; Cheap favours C.\n"
	"\n"
	"Ranks (1 = best) under each stakeholder's weights:\n"
	"\n"
	"| stakeholder | B | A | C |\n"
	"| --- | ---: | ---: | ---: |\n"
	"| Fast | 2 | 1 | 3 |\n"
	"| Cheap | 2 | 3 | 1 |\n"
	"| (aggregate) | 2 | 1 | 3 |\n"
	"\n"
	"Aggregate weights (normalised geometric mean): speed 0.710, cost"
	" 0.290. The aggregate picks A.\n"
	"\n"
	"Regret (how much worse each option scores than the stakeholder's"
	" favourite, under their weights):\n"
	"\n"
	"| option | Fast | Cheap | max regret |\n"
	"| --- | ---: | ---: | ---: |\n"
	"| B | 0.140 | 0.040 | 0.140 |\n"
	"| A | 0.000 | 0.200 | 0.200 |\n"
	"| C | 0.800 | 0.000 | 0.800 |\n"
	"\n"
	"Minimax regret: B (its largest regret is 0.140).\n"
	"\n"
	"Deciding stakeholder: Fast. Without Fast's weights the aggregate"
	" would pick C.\n"
	"\n";

static void
test_stakeholders_render_md(void **state)
{
	(void)state;
	render(TDM_FORMAT_MD, md_golden);
}

static const char json_golden[] =
	"{\n"
	"  \"tradeoff_version\": \"" TDM_VERSION "\",\n"
	"  \"decision\": \"Pick\",\n"
	"  \"method\": \"wsm\",\n"
	"  \"direction\": \"higher\",\n"
	"  \"normalization\": \"minmax\",\n"
	"  \"weighting\": \"direct\",\n"
	"  \"parameters\": null,\n"
	"  \"weights\": {\n"
	"    \"speed\": 0.5,\n"
	"    \"cost\": 0.5\n"
	"  },\n"
	"  \"winner\": \"B\",\n"
	"  \"tied\": false,\n"
	"  \"stakeholders\": {\n"
	"    \"stakeholders\": [\n"
	"      {\n"
	"        \"name\": \"Fast\",\n"
	"        \"weights\": {\n"
	"          \"speed\": 0.9,\n"
	"          \"cost\": 0.1\n"
	"        },\n"
	"        \"favourite\": \"A\",\n"
	"        \"ranks\": {\n"
	"          \"B\": 2,\n"
	"          \"A\": 1,\n"
	"          \"C\": 3\n"
	"        }\n"
	"      },\n"
	"      {\n"
	"        \"name\": \"Cheap\",\n"
	"        \"weights\": {\n"
	"          \"speed\": 0.4,\n"
	"          \"cost\": 0.6\n"
	"        },\n"
	"        \"favourite\": \"C\",\n"
	"        \"ranks\": {\n"
	"          \"B\": 2,\n"
	"          \"A\": 3,\n"
	"          \"C\": 1\n"
	"        }\n"
	"      }\n"
	"    ],\n"
	"    \"aggregate\": {\n"
	"      \"method\": \"geometric mean\",\n"
	"      \"weights\": {\n"
	"        \"speed\": 0.7101020514433645,\n"
	"        \"cost\": 0.2898979485566356\n"
	"      },\n"
	"      \"winner\": \"A\",\n"
	"      \"ranks\": {\n"
	"        \"B\": 2,\n"
	"        \"A\": 1,\n"
	"        \"C\": 3\n"
	"      }\n"
	"    },\n"
	"    \"regret\": {\n"
	"      \"B\": {\n"
	"        \"Fast\": 0.1399999999999999,\n"
	"        \"Cheap\": 0.039999999999999925\n"
	"      },\n"
	"      \"A\": {\n"
	"        \"Fast\": 0,\n"
	"        \"Cheap\": 0.19999999999999996\n"
	"      },\n"
	"      \"C\": {\n"
	"        \"Fast\": 0.8,\n"
	"        \"Cheap\": 0\n"
	"      }\n"
	"    },\n"
	"    \"max_regret\": {\n"
	"      \"B\": 0.1399999999999999,\n"
	"      \"A\": 0.19999999999999996,\n"
	"      \"C\": 0.8\n"
	"    },\n"
	"    \"minimax_regret\": \"B\",\n"
	"    \"deciding\": \"Fast\",\n"
	"    \"deciding_why\": \"Without Fast's weights the aggregate"
	" would pick C.\"\n"
	"  }\n"
	"}\n";

static void
test_stakeholders_render_json(void **state)
{
	(void)state;
	render(TDM_FORMAT_JSON, json_golden);
}

/* ------------------------------------------------------------------------
 * The declaration
 * --------------------------------------------------------------------- */

/* Declared before or after its criteria; weights copied, sorted by name,
 * zeros kept; the line and source recorded. */
static void
test_stakeholders_decl_good(void **state)
{
	static const char text[] =
		"stakeholder 'SRE' { weights = { ops = 2, latency = 0 } }\n"
		"criterion 'latency' { weight = 1, better = 'lower' }\n"
		"criterion 'ops' { weight = 1, better = 'lower' }\n"
		"stakeholder 'Checkout team' { weights = { latency = 0.5 } }\n";
	tdm_model *m = tdm_model_new();
	tdm_decl *d = tdm_decl_new(NULL, NULL, NULL);
	tdm_error e;

	(void)state;
	assert_int_equal(
		tdm_decl_load_buffer(d, "t.lua", text, strlen(text), m, &e), TDM_OK);
	assert_int_equal(m->n_stakeholders, 2);
	assert_string_equal(m->stakeholders[0].name, "SRE");
	assert_int_equal(m->stakeholders[0].n, 2);
	assert_string_equal(m->stakeholders[0].criteria[0], "latency");
	assert_near(m->stakeholders[0].weights[0], 0, 0);
	assert_string_equal(m->stakeholders[0].criteria[1], "ops");
	assert_near(m->stakeholders[0].weights[1], 2, 0);
	assert_int_equal(m->stakeholders[0].line, 1);
	assert_string_equal(
		tdm_model_source_name(m, m->stakeholders[0].source), "t.lua");
	assert_string_equal(m->stakeholders[1].name, "Checkout team");
	assert_int_equal(m->stakeholders[1].n, 1);
	assert_int_equal(m->stakeholders[1].line, 4);
	tdm_decl_free(d);
	tdm_model_free(m);
}

static void
test_stakeholders_decl_unknown_key(void **state)
{
	tdm_error e;

	(void)state;
	e = load_error("criterion 'a' { weight = 1, better = 'higher' }\n"
	               "stakeholder 'SRE' { weigths = { a = 1 } }\n");
	assert_int_equal(e.code, TDM_DATA);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': unknown key 'weigths', did you "
	                    "mean 'weights'? (allowed: weights)");
	e = load_error("stakeholder 'SRE' { }\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': weights must be a table { "
	                    "criterion = number, ... }, got nil");
	e = load_error("stakeholder 'SRE'\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE' has no table: write stakeholder "
	                    "\"SRE\" { ... }");
}

static void
test_stakeholders_decl_bad_weight(void **state)
{
	tdm_error e;

	(void)state;
	e = load_error("criterion 'a' { weight = 1, better = 'higher' }\n"
	               "\n"
	               "stakeholder 'SRE' { weights = { a = -1 } }\n");
	assert_int_equal(e.code, TDM_DATA);
	assert_int_equal(e.line, 3);
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': the weight of 'a' must be >= 0, "
	                    "got -1");
	e = load_error("stakeholder 'SRE' { weights = { a = 'high' } }\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': the weight of 'a' must be a "
	                    "number, got string");
	e = load_error("stakeholder 'SRE' { weights = { a = 1/0 } }\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': the weight of 'a' must be a "
	                    "finite number, got inf");
	e = load_error("stakeholder 'SRE' { weights = { 3 } }\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': weights are criterion = number, "
	                    "got a number key");
	e = load_error("stakeholder 'SRE' { weights = { a = 0 } }\n");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE' gives every criterion weight 0: "
	                    "weights = { criterion = number, ... } with at least "
	                    "one > 0");
}

static void
test_stakeholders_decl_duplicate(void **state)
{
	tdm_error e;

	(void)state;
	e = load_error("criterion 'a' { weight = 1, better = 'higher' }\n"
	               "stakeholder 'SRE' { weights = { a = 1 } }\n"
	               "stakeholder 'SRE' { weights = { a = 2 } }\n");
	assert_int_equal(e.code, TDM_DATA);
	assert_int_equal(e.line, 3);
	assert_string_equal(e.message,
	                    "stakeholder 'SRE' is declared twice (lines 2 and 3)");
}

/* Checked at the end of the file, at the stakeholder's line, with a
 * suggestion when a criterion is close. */
static void
test_stakeholders_decl_unknown_criterion(void **state)
{
	tdm_error e;

	(void)state;
	e = load_error("stakeholder 'SRE' { weights = { latncy = 1 } }\n"
	               "criterion 'latency' { weight = 1, better = 'lower' }\n");
	assert_int_equal(e.code, TDM_DATA);
	assert_int_equal(e.line, 1);
	assert_string_equal(e.source, "t.lua");
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': 'latncy' is not a criterion, did "
	                    "you mean 'latency'?");
	e = load_error("criterion 'latency' { weight = 1, better = 'lower' }\n"
	               "stakeholder 'SRE' { weights = { cost = 1 } }\n");
	assert_int_equal(e.line, 2);
	assert_string_equal(e.message,
	                    "stakeholder 'SRE': 'cost' is not a criterion");
}

/* Written back as a decision file, the stakeholders load again alike. */
static void
test_stakeholders_decl_round_trip(void **state)
{
	loaded l = load(hand_text);
	tdm_model *m2 = tdm_model_new();
	tdm_decl *d2 = tdm_decl_new(NULL, NULL, NULL);
	tdm_error e;
	sink k;
	size_t s, q;

	(void)state;
	k.len = 0;
	k.buf[0] = '\0';
	assert_int_equal(tdm_model_write_lua(l.m, to_sink, &k, &e), TDM_OK);
	assert_int_equal(tdm_decl_load_buffer(d2, "w.lua", k.buf, k.len, m2, &e),
	                 TDM_OK);
	assert_int_equal(m2->n_stakeholders, l.m->n_stakeholders);
	for (s = 0; s < m2->n_stakeholders; s++) {
		assert_string_equal(m2->stakeholders[s].name,
		                    l.m->stakeholders[s].name);
		assert_int_equal(m2->stakeholders[s].n, l.m->stakeholders[s].n);
		for (q = 0; q < m2->stakeholders[s].n; q++) {
			assert_string_equal(m2->stakeholders[s].criteria[q],
			                    l.m->stakeholders[s].criteria[q]);
			assert_near(m2->stakeholders[s].weights[q],
			            l.m->stakeholders[s].weights[q], 0);
		}
	}
	tdm_decl_free(d2);
	tdm_model_free(m2);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stakeholders_hand_computed),
		cmocka_unit_test(test_stakeholders_regret_matches_scores),
		cmocka_unit_test(test_stakeholders_all_agree),
		cmocka_unit_test(test_stakeholders_none),
		cmocka_unit_test(test_stakeholders_analysis_errors),
		cmocka_unit_test(test_stakeholders_render_text),
		cmocka_unit_test(test_stakeholders_render_md),
		cmocka_unit_test(test_stakeholders_render_json),
		cmocka_unit_test(test_stakeholders_decl_good),
		cmocka_unit_test(test_stakeholders_decl_unknown_key),
		cmocka_unit_test(test_stakeholders_decl_bad_weight),
		cmocka_unit_test(test_stakeholders_decl_duplicate),
		cmocka_unit_test(test_stakeholders_decl_unknown_criterion),
		cmocka_unit_test(test_stakeholders_decl_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
