/*
 * test_record.c -- the Markdown decision record (render_record.c): MADR 4
 * front matter and sections in order, the numbers it quotes checked
 * against the result and the explanations, determinism and the date
 * (SOURCE_DATE_EPOCH), escaping of hostile user text, and write failures.
 *
 * The result comes from tdm_evaluate on a model built in C; the
 * explanations are built by hand, so these tests do not depend on
 * tdm_explain.
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

/* ------------------------------------------------------------------------
 * A write callback into memory, which can be told to fail.
 * --------------------------------------------------------------------- */

typedef struct sink {
	char *data;
	size_t len, cap;
	int calls;   /* times the callback was called */
	int fail_on; /* fail on this call (1-based) and after; 0: never */
} sink;

static int
sink_write(void *ud, const char *buf, size_t len)
{
	sink *s = ud;

	s->calls++;
	if (s->fail_on > 0 && s->calls >= s->fail_on)
		return -1;
	if (s->len + len + 1 > s->cap) {
		size_t ncap = s->cap ? s->cap : 256;
		while (ncap < s->len + len + 1)
			ncap *= 2;
		s->data = realloc(s->data, ncap);
		assert_non_null(s->data);
		s->cap = ncap;
	}
	memcpy(s->data + s->len, buf, len);
	s->len += len;
	s->data[s->len] = '\0';
	return 0;
}

static char *
dup(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	assert_non_null(p);
	strcpy(p, s);
	return p;
}

/* Assert that needle occurs in text; print the text if not. */
static void
expect_has(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL) {
		fprintf(stderr, "--- record\n%s--- lacks\n%s\n---\n", text, needle);
		fail_msg("the record lacks an expected text");
	}
}

static void
expect_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle) != NULL) {
		fprintf(stderr, "--- record\n%s--- has\n%s\n---\n", text, needle);
		fail_msg("the record has an unexpected text");
	}
}

/* The texts appear in this order. */
static void
expect_in_order(const char *text, const char *const *parts, size_t n)
{
	const char *at = text;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = strstr(at, parts[i]);
		if (p == NULL) {
			fprintf(stderr, "--- record\n%s--- lacks (after part %zu)\n%s\n",
			        text, i, parts[i]);
			fail_msg("sections out of order or missing");
		}
		at = p + strlen(parts[i]);
	}
}

/* x with four significant digits, for 0.001 <= |x| < 10 (how the record
 * writes scores, margins and weighted differences). */
static const char *
sig4(char *buf, size_t size, double x)
{
	int dec = 3 - (int)floor(log10(fabs(x)));

	snprintf(buf, size, "%.*f", dec, x);
	return buf;
}

/* ------------------------------------------------------------------------
 * The model: a broker decision with a guardrail, a level criterion, a
 * rejected and a dominated option.
 * --------------------------------------------------------------------- */

enum { KAFKA, RABBIT, NATS, SLOW };
enum { THROUGHPUT, P99, COST, FIT };

static tdm_criterion *
add_crit(tdm_model *m, const char *name, double weight, tdm_better better,
         const char *unit)
{
	tdm_criterion *c = NULL;

	assert_int_equal(tdm_model_add_criterion(m, name, -1, 0, &c, NULL),
	                 TDM_OK);
	c->weight = weight;
	c->has_weight = 1;
	c->better = better;
	c->has_better = 1;
	if (unit != NULL)
		c->unit = dup(unit);
	assert_true(tdm_model_attr(m, name, 1) >= 0);
	return c;
}

static void
set_num(tdm_model *m, size_t o, const char *attr, double x)
{
	tdm_value v = {TDM_VAL_NUMBER, 0, {0}};

	v.as.num = x;
	assert_int_equal(tdm_model_set_value(m, o, (size_t)tdm_model_attr(m, attr,
	                                                                  0),
	                                     &v, NULL),
	                 TDM_OK);
}

static void
set_str(tdm_model *m, size_t o, const char *attr, const char *s)
{
	tdm_value v = {TDM_VAL_STRING, 0, {0}};

	v.as.str = (char *)s;
	assert_int_equal(tdm_model_set_value(m, o, (size_t)tdm_model_attr(m, attr,
	                                                                  0),
	                                     &v, NULL),
	                 TDM_OK);
}

static void
add_option(tdm_model *m, const char *name, double tp, double p99, double cost,
           const char *fit)
{
	size_t o;

	assert_int_equal(tdm_model_add_option(m, name, -1, 0, &o, NULL), TDM_OK);
	set_num(m, o, "throughput", tp);
	set_num(m, o, "p99_ms", p99);
	set_num(m, o, "cost", cost);
	set_str(m, o, "team_fit", fit);
}

static tdm_model *
broker_model(void)
{
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;

	assert_non_null(m);
	m->title = dup("Message broker");
	m->context = dup("Checkout emits ~20k events/s.\nWe cannot lose orders.");
	add_crit(m, "throughput", 5, TDM_BETTER_HIGHER, "msg/s");
	c = add_crit(m, "p99_ms", 2, TDM_BETTER_LOWER, "ms");
	assert_int_equal(tdm_must_parse("<= 50", &c->must.op, &c->must.operand,
	                                NULL),
	                 TDM_OK);
	c->must.is_set = 1;
	c->must.text = dup("<= 50");
	c->because = dup("checkout SLO is 50 ms p99");
	add_crit(m, "cost", 2, TDM_BETTER_LOWER, "$/month");
	c = add_crit(m, "team_fit", 1, TDM_BETTER_HIGHER, NULL);
	c->levels = calloc(3, sizeof *c->levels);
	assert_non_null(c->levels);
	c->levels[0].name = dup("none");
	c->levels[0].value = 0;
	c->levels[1].name = dup("some");
	c->levels[1].value = 0.5;
	c->levels[2].name = dup("strong");
	c->levels[2].value = 1;
	c->n_levels = 3;
	add_option(m, "Kafka", 200000, 25, 4200, "some");
	add_option(m, "RabbitMQ", 40000, 12, 1500, "strong");
	add_option(m, "NATS", 120000, 80, 900, "some");
	add_option(m, "Slowpoke", 30000, 30, 5000, "none");
	return m;
}

/* ------------------------------------------------------------------------
 * Explanations by hand
 * --------------------------------------------------------------------- */

typedef struct fixture {
	tdm_model *m;
	tdm_result *r;
	tdm_explanation *ex[4];
} fixture;

/* The criterion deltas of option o against ref as the engine defines them
 * for an additive method: differences of weighted contributions; costs
 * worst first, wins best first. */
static void
fill_deltas(const tdm_result *r, tdm_explanation *e, size_t o, size_t ref)
{
	size_t c, i, j;

	e->costs = calloc(r->n_criteria, sizeof *e->costs);
	e->wins = calloc(r->n_criteria, sizeof *e->wins);
	assert_non_null(e->costs);
	assert_non_null(e->wins);
	e->deltas_additive = 1;
	for (c = 0; c < r->n_criteria; c++) {
		double d = r->options[o].contrib[c] - r->options[ref].contrib[c];
		tdm_criterion_delta cd = {c, d};
		if (d < 0)
			e->costs[e->n_costs++] = cd;
		else if (d > 0)
			e->wins[e->n_wins++] = cd;
	}
	/* sort by |delta|, largest first (a few elements: insertion sort) */
	for (i = 1; i < e->n_costs; i++)
		for (j = i; j > 0 && e->costs[j].delta < e->costs[j - 1].delta; j--) {
			tdm_criterion_delta t = e->costs[j];
			e->costs[j] = e->costs[j - 1];
			e->costs[j - 1] = t;
		}
	for (i = 1; i < e->n_wins; i++)
		for (j = i; j > 0 && e->wins[j].delta > e->wins[j - 1].delta; j--) {
			tdm_criterion_delta t = e->wins[j];
			e->wins[j] = e->wins[j - 1];
			e->wins[j - 1] = t;
		}
}

static tdm_explanation *
explanation(const tdm_result *r, size_t o, size_t ref)
{
	tdm_explanation *e = calloc(1, sizeof *e);

	assert_non_null(e);
	e->option = o;
	e->reference = ref;
	e->verdict = r->options[o].verdict;
	e->rank = r->options[o].rank;
	e->ref_rank = r->options[ref].rank;
	e->score = r->options[o].score;
	e->ref_score = r->options[ref].score;
	e->margin = e->ref_score - e->score;
	if (r->options[o].rank > 0)
		fill_deltas(r, e, o, ref);
	return e;
}

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	tdm_explanation *e;

	assert_non_null(f);
	f->m = broker_model();
	assert_int_equal(tdm_evaluate(f->m, NULL, NULL, &f->r, NULL), TDM_OK);
	/* the ranking the tests rely on */
	assert_int_equal(f->r->order[0], KAFKA);
	assert_int_equal(f->r->order[1], RABBIT);
	assert_int_equal(f->r->options[NATS].verdict, TDM_VERDICT_REJECTED);
	assert_int_equal(f->r->options[SLOW].verdict, TDM_VERDICT_DOMINATED);

	/* RabbitMQ, the runner-up: counterfactuals of every kind */
	e = f->ex[RABBIT] = explanation(f->r, RABBIT, KAFKA);
	e->has_counterfactuals = 1;
	e->any_plausible = 1;
	e->weight_changes = calloc(2, sizeof *e->weight_changes);
	assert_non_null(e->weight_changes);
	e->weight_changes[0] =
		(tdm_weight_change){P99, 1, 0.2, 0.29153, 0.09153, 1, 1};
	e->weight_changes[1] =
		(tdm_weight_change){THROUGHPUT, 1, 0.5, 0.38718, -0.11282, 1, 1};
	e->n_weight_changes = 2;
	e->value_changes = calloc(2, sizeof *e->value_changes);
	assert_non_null(e->value_changes);
	e->value_changes[0] =
		(tdm_value_change){THROUGHPUT, 1, 40000, 151999.87, NULL, 1};
	e->value_changes[1] = (tdm_value_change){COST, 1, 1500, -120.5, NULL, 1};
	e->n_value_changes = 2;
	e->joint_found = 1;
	e->joint_exact = 1;
	e->joint_l1 = 0.1;
	e->joint_weights = calloc(4, sizeof *e->joint_weights);
	assert_non_null(e->joint_weights);
	e->joint_weights[0] = 0.45;
	e->joint_weights[1] = 0.25;
	e->joint_weights[2] = 0.2;
	e->joint_weights[3] = 0.1;

	/* Slowpoke: no plausible weight change; a level would do */
	e = f->ex[SLOW] = explanation(f->r, SLOW, KAFKA);
	e->has_counterfactuals = 1;
	e->any_plausible = 0;
	e->value_changes = calloc(1, sizeof *e->value_changes);
	assert_non_null(e->value_changes);
	e->value_changes[0] = (tdm_value_change){FIT, 1, 0, 1, "strong", 1};
	e->n_value_changes = 1;

	/* NATS, rejected: no counterfactuals */
	f->ex[NATS] = explanation(f->r, NATS, KAFKA);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;
	size_t i;

	for (i = 0; i < 4; i++)
		tdm_explanation_free(f->ex[i]);
	tdm_result_free(f->r);
	tdm_model_free(f->m);
	free(f);
	return 0;
}

/* Render the fixture's record (SOURCE_DATE_EPOCH as the caller set it). */
static char *
record(const tdm_result *r, tdm_explanation *const *ex)
{
	sink s = {0};
	tdm_error err;

	if (tdm_render_record(r, ex, sink_write, &s, &err) != TDM_OK)
		fail_msg("tdm_render_record: %s", err.message);
	assert_non_null(s.data);
	return s.data;
}

static char *
record_of(fixture *f)
{
	return record(f->r, f->ex);
}

/* ------------------------------------------------------------------------
 * Front matter and date
 * --------------------------------------------------------------------- */

static void
test_record_front_matter(void **state)
{
	fixture *f = *state;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	f->m->status = dup("accepted");
	f->m->date = dup("2026-11-30");
	f->m->deciders = calloc(2, sizeof *f->m->deciders);
	assert_non_null(f->m->deciders);
	f->m->deciders[0] = dup("Ana Lima");
	f->m->deciders[1] = dup("Ben Okafor");
	f->m->n_deciders = 2;
	t = record_of(f);
	assert_true(strncmp(t,
	                    "---\n"
	                    "status: accepted\n"
	                    "date: 2026-11-30\n"
	                    "decision-makers: Ana Lima, Ben Okafor\n"
	                    "---\n"
	                    "\n"
	                    "# Message broker\n"
	                    "\n"
	                    "## Context and Problem Statement\n"
	                    "\n"
	                    "Checkout emits ~20k events/s.\n"
	                    "We cannot lose orders.\n"
	                    "\n"
	                    "## Decision Drivers\n",
	                    strlen("---\nstatus: accepted\ndate: 2026-11-30\n"
	                           "decision-makers: Ana Lima, Ben Okafor\n"
	                           "---\n\n# Message broker\n\n"
	                           "## Context and Problem Statement\n\n"
	                           "Checkout emits ~20k events/s.\n"
	                           "We cannot lose orders.\n\n"
	                           "## Decision Drivers\n")) == 0);
	free(t);
}

static void
test_record_defaults_without_date(void **state)
{
	fixture *f = *state;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	assert_true(strncmp(t, "---\nstatus: proposed\n---\n\n# Message broker\n",
	                    43) == 0);
	expect_lacks(t, "date:");
	expect_lacks(t, "decision-makers:");
	free(t);
}

static void
test_record_source_date_epoch(void **state)
{
	static const struct {
		const char *epoch, *date;
	} cases[] = {
		{"0", "1970-01-01"},
		{"951782400", "2000-02-29"},    /* a leap day */
		{"951868799", "2000-02-29"},    /* its last second */
		{"1700000000", "2023-11-14"},
		{"4102444800", "2100-01-01"},   /* after 2099, not a leap year */
		{"253402300799", "9999-12-31"},
	};
	fixture *f = *state;
	char want[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t;
		assert_int_equal(setenv("SOURCE_DATE_EPOCH", cases[i].epoch, 1), 0);
		t = record_of(f);
		snprintf(want, sizeof want, "---\nstatus: proposed\ndate: %s\n---\n",
		         cases[i].date);
		if (strncmp(t, want, strlen(want)) != 0)
			fail_msg("SOURCE_DATE_EPOCH=%s: want %s", cases[i].epoch,
			         cases[i].date);
		free(t);
	}
	/* the decision's own date wins */
	f->m->date = dup("2026-01-02");
	{
		char *t = record_of(f);
		expect_has(t, "date: 2026-01-02\n");
		expect_lacks(t, "9999");
		free(t);
	}
	unsetenv("SOURCE_DATE_EPOCH");
}

static void
test_record_bad_source_date_epoch(void **state)
{
	static const char *const bad[] = {"yesterday", "-1", "12.5", " 1",
	                                  "1234567890123"};
	fixture *f = *state;
	sink s = {0};
	tdm_error err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(setenv("SOURCE_DATE_EPOCH", bad[i], 1), 0);
		assert_int_equal(tdm_render_record(f->r, f->ex, sink_write, &s, &err),
		                 TDM_USAGE);
		assert_int_equal(err.code, TDM_USAGE);
		assert_non_null(strstr(err.message, "SOURCE_DATE_EPOCH"));
		assert_int_equal(s.calls, 0); /* nothing written */
	}
	/* empty means unset */
	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "", 1), 0);
	assert_int_equal(tdm_render_record(f->r, f->ex, sink_write, &s, &err),
	                 TDM_OK);
	expect_lacks(s.data, "date:");
	free(s.data);
	unsetenv("SOURCE_DATE_EPOCH");
}

/* ------------------------------------------------------------------------
 * Sections and their content
 * --------------------------------------------------------------------- */

static void
test_record_sections_in_order(void **state)
{
	static const char *const parts[] = {
		"---\nstatus: ",
		"\n---\n\n# Message broker\n",
		"\n## Context and Problem Statement\n\n",
		"\n## Decision Drivers\n\n",
		"\n## Considered Options\n\n",
		"\n## Decision Outcome\n\nChosen option: \"Kafka\", because ",
		"\n### Consequences\n\n",
		"\n## Pros and Cons of the Options\n\n",
		"\n### Kafka\n\nChosen: ",
		"\n### RabbitMQ\n\nWhy not: ",
		"\n### Slowpoke\n\nWhy not: ",
		"\n### NATS\n\nWhy not: ",
		"\n## More Information\n",
		"\n### Re-open if\n\n",
		"\n### How this record was made\n\n",
		"* Made by tradeoff " TDM_VERSION,
	};
	fixture *f = *state;
	char *t;
	const char *p;
	size_t h2 = 0;

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	expect_in_order(t, parts, sizeof parts / sizeof parts[0]);
	/* exactly MADR's six second-level sections */
	for (p = t; (p = strstr(p, "\n## ")) != NULL; p++)
		h2++;
	assert_int_equal(h2, 6);
	/* ends with one newline */
	assert_true(t[strlen(t) - 1] == '\n' && t[strlen(t) - 2] != '\n');
	free(t);
}

static void
test_record_drivers_and_options(void **state)
{
	fixture *f = *state;
	char *t, line[160], num[40];

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	expect_has(t, "Weights: as given in the decision, normalised to sum 1 "
	              "(the given weights sum to 10).\n");
	expect_has(t, "* throughput: weight 0.500 (given 5); higher is better; "
	              "in msg/s\n");
	expect_has(t, "* p99_ms: weight 0.200 (given 2); lower is better; in ms; "
	              "guardrail: must <= 50 — checkout SLO is 50 ms p99\n");
	expect_has(t, "* cost: weight 0.200 (given 2); lower is better; in "
	              "\\$/month\n");
	expect_has(t, "* team_fit: weight 0.100 (given 1); higher is better; "
	              "levels none = 0, some = 0.5, strong = 1\n");
	/* considered: rank order, then the rejected */
	snprintf(line, sizeof line, "* Kafka (chosen: #1, score %s)\n",
	         sig4(num, sizeof num, f->r->options[KAFKA].score));
	expect_has(t, line);
	snprintf(line, sizeof line, "* RabbitMQ (#2, score %s)\n",
	         sig4(num, sizeof num, f->r->options[RABBIT].score));
	expect_has(t, line);
	expect_has(t, "* Slowpoke (#3, score 0, dominated)\n"
	              "* NATS (rejected by a guardrail)\n");
	free(t);
}

static void
test_record_outcome_numbers(void **state)
{
	fixture *f = *state;
	const tdm_option_result *k = &f->r->options[KAFKA],
	                        *rb = &f->r->options[RABBIT];
	char *t, line[400], a[40], b[40], c[40], d[40];

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	snprintf(line, sizeof line,
	         "Chosen option: \"Kafka\", because it comes out best by the "
	         "weighted sum (wsm; higher scores are better; min-max "
	         "normalisation): score %s, %s ahead of the runner-up, RabbitMQ "
	         "(%s). What carries it against RabbitMQ: throughput (+%s).\n",
	         sig4(a, sizeof a, k->score), sig4(b, sizeof b, k->score - rb->score),
	         sig4(c, sizeof c, rb->score),
	         sig4(d, sizeof d, k->contrib[THROUGHPUT] - rb->contrib[THROUGHPUT]));
	expect_has(t, line);
	/* derived consequences: the runner-up's costs are the chosen option's
	 * gains, its wins the chosen option's losses */
	snprintf(line, sizeof line,
	         "### Consequences\n\n"
	         "* Good, because throughput: 200,000 msg/s against 40,000 msg/s "
	         "for RabbitMQ (+%s)\n"
	         "* Bad, because ",
	         sig4(a, sizeof a, k->contrib[THROUGHPUT] - rb->contrib[THROUGHPUT]));
	expect_has(t, line);
	snprintf(line, sizeof line,
	         "* Bad, because p99_ms: 25 ms against 12 ms for RabbitMQ (-%s)\n",
	         sig4(b, sizeof b, rb->contrib[P99] - k->contrib[P99]));
	expect_has(t, line);
	snprintf(line, sizeof line,
	         "* Bad, because cost: 4200 \\$/month against 1500 \\$/month for "
	         "RabbitMQ (-%s)\n",
	         sig4(a, sizeof a, rb->contrib[COST] - k->contrib[COST]));
	expect_has(t, line);
	snprintf(line, sizeof line,
	         "* Bad, because team_fit: some against strong for RabbitMQ "
	         "(-%s)\n",
	         sig4(a, sizeof a, rb->contrib[FIT] - k->contrib[FIT]));
	expect_has(t, line);
	expect_lacks(t, "No clear winner");
	free(t);
}

static void
test_record_why_not(void **state)
{
	fixture *f = *state;
	const tdm_explanation *e = f->ex[RABBIT];
	char *t, line[400], a[40], b[40], c[40];
	size_t i;

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	/* rank, score and margin from the explanation */
	snprintf(line, sizeof line,
	         "### RabbitMQ\n\nWhy not: rank #2 of 3, score %s, %s behind "
	         "Kafka (%s).\n\n",
	         sig4(a, sizeof a, e->score), sig4(b, sizeof b, e->margin),
	         sig4(c, sizeof c, e->ref_score));
	expect_has(t, line);
	for (i = 0; i < e->n_wins && e->wins[i].criterion != P99; i++)
		;
	assert_true(i < e->n_wins);
	snprintf(line, sizeof line,
	         "* Good, because p99_ms: 12 ms against 25 ms for Kafka (+%s)\n",
	         sig4(a, sizeof a, e->wins[i].delta));
	expect_has(t, line);
	snprintf(line, sizeof line,
	         "* Bad, because throughput: 40,000 msg/s against 200,000 msg/s "
	         "for Kafka (-%s)\n",
	         sig4(a, sizeof a, -e->costs[0].delta));
	expect_has(t, line);
	/* counterfactuals: thresholds rounded away from today's value */
	expect_has(t, "It would win if any one of these changed:\n\n"
	              "* p99_ms's weight rises above 0.292 (now 0.200, +46 %)\n"
	              "* throughput's weight falls below 0.387 (now 0.500, -23 %)\n"
	              "* its throughput reaches 152,000 msg/s (now 40,000)\n"
	              "* its cost falls to -120.5 \\$/month (now 1500; lower "
	              "than any option's)\n"
	              "* all weights move together by 0.1000 in total (L1 "
	              "distance, exact, by linear programming): throughput "
	              "0.450, p99_ms 0.250, cost 0.200, team_fit 0.100\n");
	/* dominated: its dominator, and a level that would do */
	expect_has(t, "* Bad, because dominated by Kafka: no worse on any "
	              "criterion, better on throughput, p99_ms, cost, "
	              "team_fit\n");
	expect_has(t, "No change of a single weight within ±50 % makes it win."
	              "\n\nIt would win if any one of these changed:\n\n"
	              "* its team_fit becomes strong (now none)\n");
	/* rejected: the guardrail with its because, and the as-if rank */
	snprintf(line, sizeof line,
	         "### NATS\n\nWhy not: it breaks a guardrail, so it is not "
	         "ranked. Without its guardrails it would rank #%ld of %zu.\n\n"
	         "* Bad, because p99_ms = 80 breaks must <= 50: checkout SLO is "
	         "50 ms p99\n",
	         f->r->options[NATS].as_if_rank, f->r->n_as_if);
	expect_has(t, line);
	free(t);
}

static void
test_record_reopen_if(void **state)
{
	fixture *f = *state;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	t = record_of(f);
	expect_has(t, "### Re-open if\n\n"
	              "Each threshold below is rounded away from today's value, "
	              "so the one quoted is enough.\n\n"
	              "RabbitMQ (the runner-up) would win if any one of these "
	              "changed:\n\n"
	              "* p99_ms's weight rises above 0.292 (now 0.200, +46 %)\n");
	expect_has(t, "### How this record was made\n\n"
	              "* Method: wsm (the weighted sum); higher scores are "
	              "better\n"
	              "* Normalisation: minmax\n"
	              "* Weighting: direct, normalised to sum 1 (given sum 10)\n");
	/* the runner-up without a plausible single-weight change */
	f->ex[RABBIT]->any_plausible = 0;
	free(t);
	t = record_of(f);
	expect_has(t, "No change of a single weight within ±50 % makes RabbitMQ "
	              "(the runner-up) win.\n");
	free(t);
}

static void
test_record_close_call(void **state)
{
	fixture *f = *state;
	tdm_explanation *e = f->ex[RABBIT];
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	e->close_call = 1;
	e->contenders = calloc(2, sizeof *e->contenders);
	assert_non_null(e->contenders);
	e->contenders[0] = KAFKA;
	e->contenders[1] = RABBIT;
	e->n_contenders = 2;
	t = record_of(f);
	expect_has(t, "> **No clear winner:** the top of the ranking is a close "
	              "call (a margin under 2 % of the spread of the scores) "
	              "between Kafka and RabbitMQ.");
	free(t);
}

static void
test_record_consequences_verbatim(void **state)
{
	fixture *f = *state;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	f->m->consequences = dup("\n* Good, because ops know Kafka\r\n"
	                         "* Bad, because **cost**\n# not a heading\n\n");
	t = record_of(f);
	expect_has(t, "### Consequences\n\n"
	              "* Good, because ops know Kafka\n"
	              "* Bad, because **cost**\n"
	              "\\# not a heading\n"
	              "\n## Pros and Cons of the Options\n");
	free(t);
}

static void
test_record_deterministic(void **state)
{
	fixture *f = *state;
	char *a, *b;

	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
	a = record_of(f);
	b = record_of(f);
	assert_string_equal(a, b);
	free(b);
	/* a clone of the model, evaluated again, gives the same bytes */
	{
		tdm_model *m2 = tdm_model_clone(f->m);
		tdm_result *r2;
		assert_non_null(m2);
		assert_int_equal(tdm_evaluate(m2, NULL, NULL, &r2, NULL), TDM_OK);
		b = record(r2, f->ex);
		assert_string_equal(a, b);
		free(b);
		tdm_result_free(r2);
		tdm_model_free(m2);
	}
	expect_lacks(a, "0x");
	free(a);
	unsetenv("SOURCE_DATE_EPOCH");
}

/* ------------------------------------------------------------------------
 * Escaping and robustness
 * --------------------------------------------------------------------- */

static void
test_record_hostile_text(void **state)
{
	fixture *f = *state;
	char *t;
	const char *p;
	size_t h2 = 0;

	unsetenv("SOURCE_DATE_EPOCH");
	free(f->m->title);
	f->m->title = dup("# Title\n## Injected");
	free(f->m->context);
	f->m->context = dup("Intro\n## Fake section\n---\n<!-- hide\n```\nopen");
	f->m->status = dup("superseded by ADR-7\n---");
	f->m->deciders = calloc(1, sizeof *f->m->deciders);
	assert_non_null(f->m->deciders);
	f->m->deciders[0] = dup("\"Q\": yes\x1b[31m");
	f->m->n_deciders = 1;
	free(f->m->options[RABBIT].name);
	f->m->options[RABBIT].name = dup("1. *Rabbit* | [x](http://e) <b>&amp;");
	free(f->m->criteria[P99].because);
	f->m->criteria[P99].because = dup("SLO\n## Also injected");
	t = record_of(f);
	/* YAML: quoted, escaped, one line each */
	assert_true(strncmp(t,
	                    "---\nstatus: \"superseded by ADR-7\\n---\"\n"
	                    "decision-makers: \"\\\"Q\\\": yes\\x1b[31m\"\n"
	                    "---\n",
	                    strlen("---\nstatus: \"superseded by ADR-7\\n---\"\n"
	                           "decision-makers: \"\\\"Q\\\": yes\\x1b[31m\"\n"
	                           "---\n")) == 0);
	expect_has(t, "\n# \\# Title \\#\\# Injected\n");
	/* the context keeps its text, but cannot open sections or hide the
	 * rest of the record */
	expect_has(t, "Intro\n\\## Fake section\n\\---\n\\<!-- hide\n```\nopen\n"
	              "```\n\n## Decision Drivers\n");
	expect_has(t, "— SLO \\#\\# Also injected\n");
	expect_has(t, "### 1\\. \\*Rabbit\\* \\| \\[x\\](http://e) \\<b>\\&amp;\n");
	expect_has(t, "* 1\\. \\*Rabbit\\* \\| \\[x\\](http://e) \\<b>\\&amp; "
	              "(#2,");
	expect_has(t, "ahead of the runner-up, 1. \\*Rabbit\\*");
	/* a name that starts a paragraph cannot start a list */
	expect_has(t, "\n1\\. \\*Rabbit\\* \\| \\[x\\](http://e) \\<b>\\&amp; "
	              "(the runner-up) would win if any one of these changed:");
	expect_lacks(t, "\x1b");
	expect_lacks(t, "\n## Injected");
	expect_lacks(t, "\n## Fake");
	expect_lacks(t, "\n## Also");
	for (p = t; (p = strstr(p, "\n## ")) != NULL; p++)
		h2++;
	assert_int_equal(h2, 6);
	free(t);
}

static void
test_record_without_explanations(void **state)
{
	fixture *f = *state;
	tdm_explanation *bad[4] = {NULL, NULL, NULL, NULL};
	tdm_explanation wrong;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	t = record(f->r, NULL);
	expect_has(t, "### RabbitMQ\n\nWhy not: rank #2 of 3");
	expect_has(t, "No explanation could be computed for this option.\n");
	expect_has(t, "What would make RabbitMQ (the runner-up) win could not be "
	              "computed.\n");
	expect_has(t, "The runner-up, RabbitMQ, could not be compared criterion "
	              "by criterion.\n");
	free(t);
	/* an explanation of another option, or with indices out of range, is
	 * not followed */
	memset(&wrong, 0, sizeof wrong);
	wrong.option = SLOW;
	wrong.reference = 99;
	bad[RABBIT] = &wrong;
	t = record(f->r, bad);
	expect_has(t, "No explanation could be computed for this option.\n");
	free(t);
	*f->ex[RABBIT]->wins = (tdm_criterion_delta){42, 1.0};
	f->ex[RABBIT]->weight_changes[0].criterion = 42;
	f->ex[RABBIT]->value_changes[0].criterion = 42;
	t = record_of(f);
	expect_lacks(t, "?:");
	free(t);
}

static void
test_record_rejected_would_win(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;
	tdm_result *r;
	size_t o;
	char *t;

	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	add_crit(m, "x", 2, TDM_BETTER_HIGHER, NULL);
	c = add_crit(m, "y", 1, TDM_BETTER_LOWER, NULL);
	assert_int_equal(tdm_must_parse("<= 10", &c->must.op, &c->must.operand,
	                                NULL),
	                 TDM_OK);
	c->must.is_set = 1;
	c->must.text = dup("<= 10");
	assert_int_equal(tdm_model_add_option(m, "A", -1, 0, &o, NULL), TDM_OK);
	set_num(m, o, "x", 10);
	set_num(m, o, "y", 20);
	assert_int_equal(tdm_model_add_option(m, "B", -1, 0, &o, NULL), TDM_OK);
	set_num(m, o, "x", 5);
	set_num(m, o, "y", 5);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[0].as_if_rank, 1);
	t = record(r, NULL);
	expect_has(t, "Chosen option: \"B\", because it is the only option that "
	              "meets every guardrail; it is scored by the weighted sum");
	expect_has(t, "### Consequences\n\n* Good, because it is the only option "
	              "that meets every guardrail\n");
	expect_has(t, "A would rank first without its guardrails: re-open if the "
	              "guardrail on y (must <= 10) is relaxed.\n");
	expect_has(t, "# Decision\n");
	expect_has(t, "(No context was given.)\n");
	free(t);
	tdm_result_free(r);

	/* nothing passes: no chosen option */
	set_num(m, o, "y", 50);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->n_ranked, 0);
	t = record(r, NULL);
	expect_has(t, "Chosen option: none, because no option meets every "
	              "guardrail");
	expect_has(t, "* Bad, because no option can be chosen until a guardrail "
	              "or an option changes\n");
	free(t);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_record_tie(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_result *r;
	size_t o;
	char *t;

	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	add_crit(m, "x", 1, TDM_BETTER_HIGHER, NULL);
	add_crit(m, "y", 1, TDM_BETTER_HIGHER, NULL);
	assert_int_equal(tdm_model_add_option(m, "A", -1, 0, &o, NULL), TDM_OK);
	set_num(m, o, "x", 1);
	set_num(m, o, "y", 0);
	assert_int_equal(tdm_model_add_option(m, "B", -1, 0, &o, NULL), TDM_OK);
	set_num(m, o, "x", 0);
	set_num(m, o, "y", 1);
	assert_int_equal(tdm_evaluate(m, NULL, NULL, &r, NULL), TDM_OK);
	assert_int_equal(r->options[0].rank, 1);
	assert_int_equal(r->options[1].rank, 1);
	t = record(r, NULL);
	expect_has(t, "score 0.5000, tied with B (0.5000).");
	expect_has(t, "### B\n\nWhy not: it ties with A at rank #1 (score "
	              "0.5000); the record lists A first.\n");
	expect_has(t, "B (the runner-up) ties with the chosen option: any change "
	              "in its favour decides for it.\n");
	expect_lacks(t, "No explanation could be computed");
	free(t);
	tdm_result_free(r);
	tdm_model_free(m);
}

static void
test_record_roc_weighting(void **state)
{
	fixture *f = *state;
	tdm_result *r;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	f->m->weighting = dup("roc");
	f->m->order = calloc(4, sizeof *f->m->order);
	assert_non_null(f->m->order);
	f->m->order[0] = dup("p99_ms");
	f->m->order[1] = dup("throughput");
	f->m->order[2] = dup("cost");
	f->m->order[3] = dup("team_fit");
	f->m->n_order = 4;
	assert_int_equal(tdm_evaluate(f->m, NULL, NULL, &r, NULL), TDM_OK);
	t = record(r, NULL);
	expect_has(t, "Weights: rank-order centroid (Barron & Barrett 1996) from "
	              "the order p99_ms > throughput > cost > team_fit.\n");
	/* ROC weights for 4: 0.521, 0.271, 0.146, 0.063 */
	expect_has(t, "* p99_ms: weight 0.521 (#1 in the order); lower is "
	              "better");
	expect_has(t, "* team_fit: weight 0.063 (#4 in the order); higher");
	expect_lacks(t, "(given");
	free(t);
	tdm_result_free(r);
}

static void
test_record_write_failure(void **state)
{
	fixture *f = *state;
	tdm_error err;
	int n;

	unsetenv("SOURCE_DATE_EPOCH");
	/* the record is more than one 4 KiB buffer: fail the first write,
	 * then the second */
	for (n = 1; n <= 2; n++) {
		sink s = {0};
		s.fail_on = n;
		assert_int_equal(tdm_render_record(f->r, f->ex, sink_write, &s, &err),
		                 TDM_IO);
		assert_int_equal(err.code, TDM_IO);
		assert_string_equal(err.message, "write failed");
		/* after the first failure nothing more is written */
		assert_int_equal(s.calls, n);
		free(s.data);
	}
}

static void
test_record_bad_arguments(void **state)
{
	fixture *f = *state;
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render_record(NULL, NULL, sink_write, &s, &err),
	                 TDM_USAGE);
	assert_int_equal(tdm_render_record(f->r, f->ex, NULL, &s, &err),
	                 TDM_USAGE);
	assert_int_equal(s.calls, 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_record_front_matter),
		T(test_record_defaults_without_date),
		T(test_record_source_date_epoch),
		T(test_record_bad_source_date_epoch),
		T(test_record_sections_in_order),
		T(test_record_drivers_and_options),
		T(test_record_outcome_numbers),
		T(test_record_why_not),
		T(test_record_reopen_if),
		T(test_record_close_call),
		T(test_record_consequences_verbatim),
		T(test_record_deterministic),
		T(test_record_hostile_text),
		T(test_record_without_explanations),
		T(test_record_rejected_would_win),
		T(test_record_tie),
		T(test_record_roc_weighting),
		T(test_record_write_failure),
		T(test_record_bad_arguments),
	};
#undef T
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
