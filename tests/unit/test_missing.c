/*
 * Unit tests for missing and uncertain values: the missing-value analysis
 * (missing.c), ranges in evaluation (resolve.c) and acceptability
 * (acceptability.c), range parsing in Lua (lua_decl.c) and CSV
 * (csv_input.c), and the report section (render_missing.c).
 *
 * Thresholds are hand-computed for WSM and checked by applying them: the
 * value filled in just past the threshold and the decision evaluated
 * again.
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

#include "render.h"
#include "tdm.h"
#include "tdm_test.h"

typedef struct {
	tdm_decl *d;
	tdm_model *m;
	tdm_result *r;
	tdm_missing_report *rep;
} fix;

static void
fix_free(fix *f)
{
	tdm_missing_report_free(f->rep);
	tdm_result_free(f->r);
	tdm_model_free(f->m);
	tdm_decl_free(f->d);
	memset(f, 0, sizeof *f);
}

static void render(const fix *f, int json, int md, tdm__rbuf *b);

/* Load a decision, evaluate it, analyse its missing values. */
static void
load(fix *f, const char *code)
{
	tdm_error err;
	tdm_hooks h;

	memset(f, 0, sizeof *f);
	f->d = tdm_decl_new(NULL, NULL, NULL);
	f->m = tdm_model_new();
	assert_non_null(f->d);
	assert_non_null(f->m);
	if (tdm_decl_load_buffer(f->d, "t.lua", code, strlen(code), f->m,
	                         &err) != TDM_OK)
		fail_msg("%s:%ld: %s", err.source, err.line, err.message);
	h = tdm_decl_hooks(f->d);
	if (tdm_evaluate(f->m, &h, NULL, &f->r, &err) != TDM_OK)
		fail_msg("evaluate: %s", err.message);
	if (tdm_missing_analyse(f->m, &h, f->r, &f->rep, &err) != TDM_OK)
		fail_msg("missing: %s", err.message);
}

/* The winner's name of a decision evaluated afresh. */
static const char *
winner_of(const char *code, char *buf, size_t size)
{
	fix f;

	load(&f, code);
	assert_true(f.r->n_ranked > 0);
	snprintf(buf, size, "%s", f.m->options[f.r->order[0]].name);
	fix_free(&f);
	return buf;
}

#define SCALED                                                            \
	"decision 'd' { method = 'wsm' }\n"                                   \
	"criterion 'quality' { weight = 1, better = 'higher', scale = {0, 10} }\n" \
	"criterion 'cost' { weight = 1, better = 'lower', scale = {0, 100} }\n"   \
	"option 'A' { quality = 8, cost = 40 }\n"                             \
	"option 'B' { quality = 6, cost = 30 }\n"

/* A: 0.5 * 0.8 + 0.5 * 0.6 = 0.7; P: 0.45 + 0.5 * (1 - cost / 100) beats
 * it when cost < 50. */
static void
test_missing_threshold_makes_option_win(void **state)
{
	char code[1024], buf[32];
	const tdm_missing_cell *c;
	fix f;

	(void)state;
	load(&f, SCALED "option 'P' { quality = 9 }\n");
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 1);
	c = &f.rep->cells[0];
	assert_int_equal(c->option, 2);
	assert_int_equal(c->criterion, 1);
	assert_false(c->is_range);
	assert_near(c->lo, 0, 0);
	assert_near(c->hi, 100, 0);
	assert_true(c->changes_winner);
	assert_true(c->option_wins);
	assert_false(c->at_least);
	assert_int_equal(c->new_winner, 2);
	assert_near(c->threshold, 50, 1e-6);
	snprintf(code, sizeof code, SCALED "option 'P' { quality = 9, cost = %.17g }\n",
	         c->threshold - 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "P");
	snprintf(code, sizeof code, SCALED "option 'P' { quality = 9, cost = %.17g }\n",
	         c->threshold + 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "A");
	fix_free(&f);
}

/* P: at most 0.1 + 0.5 = 0.6 < 0.7 whatever its cost. */
static void
test_missing_never_changes_winner(void **state)
{
	fix f;

	(void)state;
	load(&f, SCALED "option 'P' { quality = 2 }\n");
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 1);
	assert_false(f.rep->cells[0].changes_winner);
	assert_false(f.rep->cells[0].option_wins);
	assert_int_equal(f.rep->cells[0].new_winner, -1);
	fix_free(&f);
}

/* Sum normalisation: X's q joins the column sum. A - B =
 * 0.5 * (6 / (10 + q) - 5 / 12) < 0 once q > 4.4, and X never wins. */
#define SUMS                                                              \
	"decision 'd' { method = 'wsm', normalize = 'sum' }\n"                \
	"criterion 'q' { weight = 1, better = 'higher' }\n"                   \
	"criterion 'r' { weight = 1, better = 'higher' }\n"                   \
	"option 'A' { q = 8, r = 3 }\n"                                       \
	"option 'B' { q = 2, r = 8 }\n"

static void
test_missing_changes_winner_to_third_option(void **state)
{
	char code[1024], buf[32];
	const tdm_missing_cell *c;
	fix f;

	(void)state;
	load(&f, SUMS "option 'X' { r = 1 }\n");
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 1);
	c = &f.rep->cells[0];
	assert_near(c->lo, 2, 0);
	assert_near(c->hi, 8, 0);
	assert_true(c->changes_winner);
	assert_false(c->option_wins);
	assert_true(c->at_least);
	assert_int_equal(c->new_winner, 1);
	assert_near(c->threshold, 4.4, 1e-6);
	snprintf(code, sizeof code, SUMS "option 'X' { q = %.17g, r = 1 }\n",
	         c->threshold - 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "A");
	snprintf(code, sizeof code, SUMS "option 'X' { q = %.17g, r = 1 }\n",
	         c->threshold + 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "B");
	fix_free(&f);
}

/* Two missing values, each searched with the other at its best end, then
 * at its worst. Cost with quality at 10: 0.5 + 0.5 * (1 - cost / 100) beats
 * A's 0.7 when cost < 60; quality with cost at 0: 0.5 * q / 10 + 0.5 beats
 * it when q > 4. With the other at its worst end P never wins (at most
 * 0.5), so the answer depends on it. */
static void
test_missing_two_cells_other_at_best(void **state)
{
	char code[1024], buf[32];
	const tdm_missing_cell *q, *c;
	tdm__rbuf b;
	fix f;

	(void)state;
	load(&f, SCALED "option 'P' { }\n");
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 2);
	q = &f.rep->cells[0];
	c = &f.rep->cells[1];
	assert_int_equal(q->criterion, 0);
	assert_true(q->changes_winner);
	assert_true(q->option_wins);
	assert_true(q->at_least);
	assert_int_equal(q->new_winner, 2);
	assert_near(q->threshold, 4, 1e-6);
	assert_int_equal(c->criterion, 1);
	assert_true(c->changes_winner);
	assert_true(c->option_wins);
	assert_false(c->at_least);
	assert_int_equal(c->new_winner, 2);
	assert_near(c->threshold, 60, 1e-6);
	/* both filled in: the other at its best end, this one either side */
	snprintf(code, sizeof code, SCALED "option 'P' { quality = 10, cost = %.17g }\n",
	         c->threshold - 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "P");
	snprintf(code, sizeof code, SCALED "option 'P' { quality = 10, cost = %.17g }\n",
	         c->threshold + 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "A");
	snprintf(code, sizeof code, SCALED "option 'P' { quality = %.17g, cost = 0 }\n",
	         q->threshold + 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "P");
	snprintf(code, sizeof code, SCALED "option 'P' { quality = %.17g, cost = 0 }\n",
	         q->threshold - 1e-4);
	assert_string_equal(winner_of(code, buf, sizeof buf), "A");
	/* the other at its worst end: no value wins */
	assert_string_equal(winner_of(SCALED "option 'P' { quality = 10, cost = 100 }\n",
	                              buf, sizeof buf), "A");
	assert_string_equal(winner_of(SCALED "option 'P' { quality = 0, cost = 0 }\n",
	                              buf, sizeof buf), "A");
	render(&f, 0, 0, &b);
	assert_string_equal(tdm__rbuf_str(&b),
	    "Missing and uncertain values:\n\n"
	    "P's quality is missing: if it is at least 4, P could win, depending "
	    "on its other missing value (cost) -- measure these first.\n\n"
	    "P's cost is missing: if it is at most 60, P could win, depending on "
	    "its other missing value (quality) -- measure these first.\n\n");
	tdm__rbuf_free(&b);
	fix_free(&f);
}

/* A third criterion P is known to be poor on: with quality and cost both
 * at their best P scores (1 + 1 + 0) / 3 < A's (0.8 + 0.6 + 1) / 3. */
#define THREE                                                             \
	"decision 'd' { method = 'wsm' }\n"                                   \
	"criterion 'quality' { weight = 1, better = 'higher', scale = {0, 10} }\n" \
	"criterion 'cost' { weight = 1, better = 'lower', scale = {0, 100} }\n"   \
	"criterion 'fit' { weight = 1, better = 'higher', scale = {0, 1} }\n"     \
	"option 'A' { quality = 8, cost = 40, fit = 1 }\n"                   \
	"option 'B' { quality = 6, cost = 30, fit = 0.5 }\n"

static void
test_missing_two_cells_never_win(void **state)
{
	char buf[32];
	tdm__rbuf b;
	fix f;

	(void)state;
	load(&f, THREE "option 'P' { fit = 0 }\n");
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 2);
	assert_false(f.rep->cells[0].changes_winner);
	assert_false(f.rep->cells[1].changes_winner);
	assert_int_equal(f.rep->cells[0].new_winner, -1);
	assert_int_equal(f.rep->cells[1].new_winner, -1);
	assert_string_equal(
	    winner_of(THREE "option 'P' { quality = 10, cost = 0, fit = 0 }\n",
	              buf, sizeof buf), "A");
	render(&f, 0, 0, &b);
	assert_string_equal(tdm__rbuf_str(&b),
	    "Missing and uncertain values:\n\n"
	    "P's quality is missing: no value between 0 and 10 changes the "
	    "winner, with its other missing value (cost) at either end of its "
	    "range.\n\n"
	    "P's cost is missing: no value between 0 and 100 changes the "
	    "winner, with its other missing value (quality) at either end of "
	    "its range.\n\n");
	tdm__rbuf_free(&b);
	fix_free(&f);
}

static void
test_missing_none_gives_null(void **state)
{
	fix f;

	(void)state;
	load(&f, SCALED);
	assert_null(f.rep);
	fix_free(&f);
}

/* R ranked at (5, 2000): 0.5 * 0.5 + 0.5 * (1 - 2000 / 4000) = 0.5. */
static void
test_missing_range_ranked_at_midpoint(void **state)
{
	fix f;
	size_t i;
	int found = 0;

	(void)state;
	load(&f, "criterion 'q' { weight = 1, better = 'higher', scale = {0, 10} }\n"
	         "criterion 'cost' { weight = 1, better = 'lower', scale = {0, 4000} }\n"
	         "option 'K' { q = 9, cost = 4000 }\n"
	         "option 'R' { q = 5, cost = {1500, 2500} }\n");
	assert_true(f.r->options[1].rank > 0);
	assert_near(f.r->values[1 * 2 + 1], 2000, 0);
	assert_near(f.r->options[1].score, 0.5, 1e-12);
	for (i = 0; i < f.r->n_notes; i++)
		found |= strcmp(f.r->notes[i], "R's cost is a range 1500..2500: "
		                               "ranked at its midpoint 2000") == 0;
	assert_true(found);
	/* R (0.5) beats K (0.45 + 0) at its midpoint; from cost 2400 up,
	 * 0.25 + 0.5 * (1 - cost / 4000) <= 0.45 and K wins */
	assert_int_equal(f.r->order[0], 1);
	assert_non_null(f.rep);
	assert_int_equal(f.rep->n, 1);
	assert_true(f.rep->cells[0].is_range);
	assert_near(f.rep->cells[0].lo, 1500, 0);
	assert_near(f.rep->cells[0].hi, 2500, 0);
	assert_true(f.rep->cells[0].changes_winner);
	assert_false(f.rep->cells[0].option_wins);
	assert_true(f.rep->cells[0].at_least);
	assert_int_equal(f.rep->cells[0].new_winner, 0);
	assert_near(f.rep->cells[0].threshold, 2400, 1e-5);
	fix_free(&f);
}

/* A range whose lower part makes the option win: K 0.45 + 0.5 * 0.25 =
 * 0.575 ... with K's cost 3000; R: 0.25 + 0.5 * (1 - c / 4000) > 0.575
 * when c < 1400. */
static void
test_missing_range_threshold(void **state)
{
	fix f;
	const tdm_missing_cell *c;

	(void)state;
	load(&f, "criterion 'q' { weight = 1, better = 'higher', scale = {0, 10} }\n"
	         "criterion 'cost' { weight = 1, better = 'lower', scale = {0, 4000} }\n"
	         "option 'K' { q = 9, cost = 3000 }\n"
	         "option 'R' { q = 5, cost = {1000, 2000} }\n");
	assert_non_null(f.rep);
	c = &f.rep->cells[0];
	assert_true(c->changes_winner);
	assert_true(c->option_wins);
	assert_false(c->at_least);
	assert_near(c->threshold, 1400, 1e-5);
	fix_free(&f);
}

/* The guardrail must hold for the whole range. */
static void
test_missing_range_guardrail(void **state)
{
	fix f;

	(void)state;
	load(&f, "criterion 'p99' { weight = 1, better = 'lower', must = '<= 50' }\n"
	         "criterion 'q' { weight = 1, better = 'higher' }\n"
	         "option 'A' { p99 = 30, q = 1 }\n"
	         "option 'B' { p99 = {40, 60}, q = 5 }\n"
	         "option 'C' { p99 = {40, 50}, q = 2 }\n");
	assert_int_equal(f.r->options[1].rank, 0);
	assert_int_equal(f.r->options[1].n_reasons, 1);
	assert_int_equal(f.r->options[1].reasons[0].kind, TDM_REASON_GUARDRAIL);
	assert_int_equal(f.r->options[1].reasons[0].observed.type,
	                 TDM_VAL_RANGE);
	assert_true(f.r->options[2].rank > 0);
	fix_free(&f);
}

static double
first_share(const char *code, const char *name, unsigned long long seed)
{
	tdm_acceptability_config cfg = { 2000, seed, 0 };
	tdm_acceptability *a;
	tdm_error err;
	double share = -1;
	size_t i;
	fix f;

	load(&f, code);
	if (tdm_acceptability_compute(f.m, NULL, f.r, &cfg, &a, &err) != TDM_OK)
		fail_msg("%s", err.message);
	for (i = 0; i < a->n; i++)
		if (strcmp(f.m->options[a->options[i]].name, name) == 0)
			share = a->rank_share[i * a->n];
	tdm_acceptability_free(a);
	fix_free(&f);
	return share;
}

/* R at its midpoint (5, 7.9) is beaten by A (8, 8) under every weighting;
 * with q drawn in 0..10 it wins some samples. */
static void
test_missing_ranges_widen_acceptability(void **state)
{
#define ACC "criterion 'q' { weight = 1, better = 'higher', scale = {0, 10} }\n" \
            "criterion 'c' { weight = 1, better = 'higher', scale = {0, 10} }\n" \
            "option 'A' { q = 8, c = 8 }\n"
	double mid, wide, again;

	(void)state;
	mid = first_share(ACC "option 'R' { q = 5, c = 7.9 }\n", "R", 7);
	wide = first_share(ACC "option 'R' { q = {0, 10}, c = 7.9 }\n", "R", 7);
	again = first_share(ACC "option 'R' { q = {0, 10}, c = 7.9 }\n", "R", 7);
	assert_near(mid, 0, 0);
	assert_true(wide > 0.05 && wide < 0.35);
	assert_near(wide, again, 0);
#undef ACC
}

static tdm_status
lua_err(const char *code, tdm_error *err)
{
	tdm_decl *d = tdm_decl_new(NULL, NULL, NULL);
	tdm_model *m = tdm_model_new();
	tdm_status s = tdm_decl_load_buffer(d, "t.lua", code, strlen(code), m,
	                                    err);
	if (s == TDM_OK) {
		const tdm_value *v = tdm_model_value(m, 0,
		                                     tdm_model_find_attr(m, "cost"));
		assert_int_equal(v->type, TDM_VAL_RANGE);
		assert_near(v->as.range.lo, 1500, 0);
		assert_near(v->as.range.hi, 2500.5, 0);
	}
	tdm_model_free(m);
	tdm_decl_free(d);
	return s;
}

static void
test_missing_lua_ranges(void **state)
{
	static const char *const bad[] = {
		"option 'R' { cost = {5, 2} }\n",
		"option 'R' { cost = {1, 'x'} }\n",
		"option 'R' { cost = {1, 2, 3} }\n",
		"option 'R' { cost = {1} }\n",
		"option 'R' { cost = {2, 2} }\n",
		"option 'R' { cost = {1, 1/0} }\n",
		"option 'R' { cost = {lo = 1, hi = 2} }\n",
	};
	tdm_error err;
	size_t i;

	(void)state;
	assert_int_equal(lua_err("option 'R' { cost = {1500, 2500.5} }\n", &err),
	                 TDM_OK);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(lua_err(bad[i], &err), TDM_DATA);
		assert_string_equal(err.message,
		                    "option 'R': attribute 'cost' must be a range "
		                    "{lo, hi}: two finite numbers with lo < hi");
		assert_int_equal(err.line, 1);
	}
}

static tdm_status
csv(const char *text, tdm_model **out, tdm_error *err)
{
	tdm_model *m = tdm_model_new();
	tdm_status s = tdm_csv_load_options_buffer(m, "o.csv", text, strlen(text),
	                                           NULL, err);
	*out = m;
	return s;
}

static void
test_missing_csv_ranges(void **state)
{
	static const char *const bad[][2] = {
		{ "name,cost\nA,5..2\n", "5..2" },
		{ "name,cost\nA,1..x\n", "1..x" },
		{ "name,cost\nA,3..3\n", "3..3" },
		{ "name,cost\nA,1..\n", "1.." },
	};
	const tdm_value *v;
	tdm_model *m;
	tdm_error err;
	char want[200];
	size_t i;

	(void)state;
	assert_int_equal(csv("name,cost,v\nA,1500..2500,abc..def\nB,,-1.5..2e3\n",
	                     &m, &err), TDM_OK);
	v = tdm_model_value(m, 0, tdm_model_find_attr(m, "cost"));
	assert_int_equal(v->type, TDM_VAL_RANGE);
	assert_near(v->as.range.lo, 1500, 0);
	assert_near(v->as.range.hi, 2500, 0);
	assert_int_equal(v->column, 2);
	v = tdm_model_value(m, 0, tdm_model_find_attr(m, "v"));
	assert_int_equal(v->type, TDM_VAL_STRING);
	v = tdm_model_value(m, 1, tdm_model_find_attr(m, "cost"));
	assert_int_equal(v->type, TDM_VAL_MISSING);
	v = tdm_model_value(m, 1, tdm_model_find_attr(m, "v"));
	assert_int_equal(v->type, TDM_VAL_RANGE);
	assert_near(v->as.range.lo, -1.5, 0);
	assert_near(v->as.range.hi, 2000, 0);
	tdm_model_free(m);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(csv(bad[i][0], &m, &err), TDM_DATA);
		snprintf(want, sizeof want,
		         "not a range: '%s' (a range is lo..hi, two numbers with "
		         "lo < hi, as in 1500..2500)", bad[i][1]);
		assert_string_equal(err.message, want);
		assert_int_equal(err.line, 2);
		assert_int_equal(err.column, 2);
		tdm_model_free(m);
	}
}

static int
to_buf(void *ud, const char *s, size_t len)
{
	tdm__rbuf_add(ud, s, len);
	return 0;
}

static void
render(const fix *f, int json, int md, tdm__rbuf *b)
{
	tdm__out o;
	tdm__json j;

	tdm__rbuf_init(b);
	tdm__out_init(&o, to_buf, b);
	if (json) {
		tdm__json_init(&j, &o);
		tdm__json_open(&j, '{');
		tdm__section_missing(&o, &j, 0, f->r, f->rep);
		tdm__json_close(&j, '}');
	} else {
		tdm__section_missing(&o, NULL, md, f->r, f->rep);
	}
	tdm__out_flush(&o);
}

static void
test_missing_render_text(void **state)
{
	tdm__rbuf b;
	fix f;

	(void)state;
	load(&f, SCALED "option 'P' { quality = 9 }\n"
	                "option 'Q' { quality = 1 }\n"
	                "option 'R' { quality = {7, 9}, cost = {40, 45} }\n");
	render(&f, 0, 0, &b);
	assert_string_equal(tdm__rbuf_str(&b),
	    "Missing and uncertain values:\n\n"
	    "P's cost is missing: if it is at most 50, P wins -- measure this "
	    "first.\n\n"
	    "Q's cost is missing: no value between 0 and 100 changes the "
	    "winner.\n\n"
	    "R's quality is 7..9: if it is at least 8.25, R wins -- measure "
	    "this first.\n\n"
	    "R's cost is 40..45: anywhere in that range A stays the winner.\n\n"
	    "A range is ranked at its midpoint; the acceptability samples draw "
	    "it uniformly in its range.\n\n");
	tdm__rbuf_free(&b);
	render(&f, 0, 1, &b);
	assert_non_null(strstr(tdm__rbuf_str(&b),
	                       "## Missing and uncertain values\n\n- P's cost"));
	tdm__rbuf_free(&b);
	fix_free(&f);
}

static void
test_missing_render_json(void **state)
{
	tdm__rbuf b;
	fix f;

	(void)state;
	load(&f, SCALED "option 'Q' { quality = 1 }\n");
	render(&f, 1, 0, &b);
	assert_string_equal(tdm__rbuf_str(&b),
	    "{\n"
	    "  \"missing\": [\n"
	    "    {\n"
	    "      \"option\": \"Q\",\n"
	    "      \"criterion\": \"cost\",\n"
	    "      \"kind\": \"missing\",\n"
	    "      \"lo\": 0,\n"
	    "      \"hi\": 100,\n"
	    "      \"changes_winner\": false,\n"
	    "      \"option_wins\": false,\n"
	    "      \"threshold\": null,\n"
	    "      \"at_least\": null,\n"
	    "      \"new_winner\": null\n"
	    "    }\n"
	    "  ]\n"
	    "}");
	tdm__rbuf_free(&b);
	fix_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_threshold_makes_option_win),
		cmocka_unit_test(test_missing_never_changes_winner),
		cmocka_unit_test(test_missing_changes_winner_to_third_option),
		cmocka_unit_test(test_missing_two_cells_other_at_best),
		cmocka_unit_test(test_missing_two_cells_never_win),
		cmocka_unit_test(test_missing_none_gives_null),
		cmocka_unit_test(test_missing_range_ranked_at_midpoint),
		cmocka_unit_test(test_missing_range_threshold),
		cmocka_unit_test(test_missing_range_guardrail),
		cmocka_unit_test(test_missing_ranges_widen_acceptability),
		cmocka_unit_test(test_missing_lua_ranges),
		cmocka_unit_test(test_missing_csv_ranges),
		cmocka_unit_test(test_missing_render_text),
		cmocka_unit_test(test_missing_render_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
