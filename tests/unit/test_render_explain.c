/*
 * Unit tests for render_explain.c and render_md.c: explanations ("why X",
 * "why not X") in text, JSON and Markdown, comparisons in every format,
 * and `rank -f md`. Results, explanations and comparisons are built by
 * hand, so the renderers are tested without the evaluator or the
 * counterfactual engine.
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
	int calls;
	int fail_on; /* fail on this call (1-based); 0: never */
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

static void
expect_text(const char *actual, const char *expected)
{
	if (strcmp(actual, expected) != 0) {
		fprintf(stderr, "--- expected\n%s--- actual\n%s---\n", expected,
		        actual);
		fail_msg("output differs from the golden text");
	}
}

static void
expect_has(const char *text, const char *part)
{
	if (strstr(text, part) == NULL) {
		fprintf(stderr, "--- text\n%s---\n", text);
		fail_msg("'%s' is not in the text", part);
	}
}

static void
expect_lacks(const char *text, const char *part)
{
	if (strstr(text, part) != NULL) {
		fprintf(stderr, "--- text\n%s---\n", text);
		fail_msg("'%s' should not be in the text", part);
	}
}

/* Where part starts in text; fails if absent. */
static size_t
at(const char *text, const char *part)
{
	const char *p = strstr(text, part);

	if (p == NULL) {
		fprintf(stderr, "--- text\n%s---\n", text);
		fail_msg("'%s' is not in the text", part);
	}
	return (size_t)(p - text);
}

static char *
explain_text(const tdm_result *r, const tdm_explanation *e, tdm_format f,
             int width)
{
	tdm_render_spec spec = {f, 0, width, 0};
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render_explanation(r, e, &spec, sink_write, &s,
	                                        &err),
	                 TDM_OK);
	assert_non_null(s.data);
	return s.data;
}

static char *
compare_text(const tdm_result *r, const tdm_comparison *c, tdm_format f)
{
	tdm_render_spec spec = {f, 0, 80, 0};
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render_comparison(r, c, &spec, sink_write, &s,
	                                       &err),
	                 TDM_OK);
	assert_non_null(s.data);
	return s.data;
}

static char *
rank_md(const tdm_result *r)
{
	tdm_render_spec spec = {TDM_FORMAT_MD, 0, 80, 0};
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render(r, &spec, sink_write, &s, &err), TDM_OK);
	assert_non_null(s.data);
	return s.data;
}

/* ------------------------------------------------------------------------
 * The broker decision, by hand: Kafka chosen (0.7692), RabbitMQ second
 * (0.6154), Pulsar rejected by the p99 guardrail (as if #3 of 3).
 * Weights 5, 3, 5 normalised by 13.
 * --------------------------------------------------------------------- */

static char *
dup(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	assert_non_null(p);
	strcpy(p, s);
	return p;
}

static tdm_criterion *
add_crit(tdm_model *m, const char *name, double weight, tdm_better better)
{
	tdm_criterion *c = NULL;

	assert_int_equal(tdm_model_add_criterion(m, name, -1, 0, &c, NULL),
	                 TDM_OK);
	c->weight = weight;
	c->has_weight = 1;
	c->better = better;
	c->has_better = 1;
	return c;
}

static size_t
add_opt(tdm_model *m, const char *name)
{
	size_t o;

	assert_int_equal(tdm_model_add_option(m, name, -1, 0, &o, NULL), TDM_OK);
	return o;
}

static void
add_reason(tdm_result *r, size_t o, tdm_reason_kind kind, size_t crit,
           size_t other, double observed)
{
	tdm_option_result *opt = &r->options[o];
	tdm_reason *rs;

	opt->reasons = realloc(opt->reasons,
	                       (opt->n_reasons + 1) * sizeof *opt->reasons);
	assert_non_null(opt->reasons);
	rs = &opt->reasons[opt->n_reasons++];
	memset(rs, 0, sizeof *rs);
	rs->kind = kind;
	rs->criterion = crit;
	rs->other = other;
	if (kind == TDM_REASON_GUARDRAIL) {
		rs->observed.type = TDM_VAL_NUMBER;
		rs->observed.as.num = observed;
	}
}

typedef struct broker {
	tdm_model *m;
	tdm_result *r;
} broker;

static broker
broker_new(void)
{
	/* resolved values, values[c * 3 + o]: Kafka, RabbitMQ, Pulsar */
	static const double values[] = {200000, 40000, 150000, /* throughput */
	                                25,     12,    80,     /* p99_ms */
	                                4200,   1500,  2000};  /* ops_cost */
	static const double norm[2][3] = {{1, 1, 0.4}, {0, 1, 1}};
	static const size_t order[] = {0, 1, 2};
	tdm_criterion *c;
	broker b;
	size_t o, k;

	b.m = tdm_model_new();
	assert_non_null(b.m);
	assert_int_equal(tdm_model_set_text(b.m, &b.m->title,
	                                    "Message broker for order events",
	                                    NULL),
	                 TDM_OK);
	c = add_crit(b.m, "throughput", 5, TDM_BETTER_HIGHER);
	c->unit = dup("msg/s");
	c = add_crit(b.m, "p99_ms", 3, TDM_BETTER_LOWER);
	c->unit = dup("ms");
	assert_int_equal(tdm_must_parse("<= 50", &c->must.op, &c->must.operand,
	                                NULL),
	                 TDM_OK);
	c->must.is_set = 1;
	c->must.text = dup("<= 50");
	c->because = dup("checkout SLO is 50 ms p99");
	add_crit(b.m, "ops_cost", 5, TDM_BETTER_LOWER);
	add_opt(b.m, "Kafka");
	add_opt(b.m, "RabbitMQ");
	add_opt(b.m, "Pulsar");

	b.r = calloc(1, sizeof *b.r);
	assert_non_null(b.r);
	b.r->model = b.m;
	strcpy(b.r->method, "wsm");
	strcpy(b.r->normalization, "minmax");
	strcpy(b.r->weighting, "direct");
	b.r->has_contributions = 1;
	b.r->n_criteria = 3;
	b.r->weights = malloc(3 * sizeof(double));
	assert_non_null(b.r->weights);
	b.r->weights[0] = 5.0 / 13;
	b.r->weights[1] = 3.0 / 13;
	b.r->weights[2] = 5.0 / 13;
	b.r->weight_sum = 13;
	b.r->weights_normalized = 1;
	b.r->n_options = 3;
	b.r->options = calloc(3, sizeof *b.r->options);
	b.r->order = malloc(sizeof order);
	b.r->values = malloc(sizeof values);
	b.r->has_value = malloc(9);
	assert_non_null(b.r->options);
	assert_non_null(b.r->order);
	assert_non_null(b.r->values);
	assert_non_null(b.r->has_value);
	memcpy(b.r->order, order, sizeof order);
	memcpy(b.r->values, values, sizeof values);
	memset(b.r->has_value, 1, 9);
	for (o = 0; o < 3; o++) {
		b.r->options[o].contrib = calloc(3, sizeof(double));
		b.r->options[o].norm = calloc(3, sizeof(double));
		assert_non_null(b.r->options[o].contrib);
		assert_non_null(b.r->options[o].norm);
	}
	for (o = 0; o < 2; o++) {
		tdm_option_result *opt = &b.r->options[o];
		opt->rank = (long)o + 1;
		opt->verdict = o == 0 ? TDM_VERDICT_CHOSEN : TDM_VERDICT_RANKED;
		for (k = 0; k < 3; k++) {
			opt->norm[k] = norm[o][k];
			opt->contrib[k] = b.r->weights[k] * norm[o][k];
			opt->score += opt->contrib[k];
		}
	}
	b.r->options[2].verdict = TDM_VERDICT_REJECTED;
	b.r->options[2].as_if_rank = 3;
	b.r->n_as_if = 3;
	add_reason(b.r, 2, TDM_REASON_GUARDRAIL, 1, 0, 80);
	b.r->n_ranked = 2;
	return b;
}

static void
broker_free(broker *b)
{
	tdm_result_free(b->r);
	tdm_model_free(b->m);
}

/* "Why not RabbitMQ?": every part filled in, with numbers chosen to test
 * the rounding (a new weight of 0.41149 must read 0.412, not 0.411). */
typedef struct why_not {
	tdm_explanation e;
	tdm_criterion_delta costs[1], wins[1];
	tdm_weight_change wc[3];
	tdm_value_change vc[3];
	double joint[3];
	size_t contenders[2];
} why_not;

static void
why_not_rabbitmq(const broker *b, why_not *w)
{
	tdm_explanation *e = &w->e;

	memset(w, 0, sizeof *w);
	e->option = 1;
	e->reference = 0;
	e->verdict = TDM_VERDICT_RANKED;
	e->rank = 2;
	e->ref_rank = 1;
	e->score = b->r->options[1].score;
	e->ref_score = b->r->options[0].score;
	e->margin = e->ref_score - e->score;
	e->deltas_additive = 1;
	w->costs[0].criterion = 0;
	w->costs[0].delta = -5.0 / 13;
	w->wins[0].criterion = 2;
	w->wins[0].delta = 0.6 * 5.0 / 13;
	e->costs = w->costs;
	e->n_costs = 1;
	e->wins = w->wins;
	e->n_wins = 1;
	e->has_counterfactuals = 1;
	/* raise ops_cost: 0.384615 -> 0.41149 (+0.026875) */
	w->wc[0].criterion = 2;
	w->wc[0].found = 1;
	w->wc[0].from = 5.0 / 13;
	w->wc[0].to = 0.41149;
	w->wc[0].delta = 0.41149 - 5.0 / 13;
	w->wc[0].plausible = 1;
	w->wc[0].exact = 1;
	/* lower throughput: 0.384615 -> 0.1 (-0.284615), beyond 50 % */
	w->wc[1].criterion = 0;
	w->wc[1].found = 1;
	w->wc[1].from = 5.0 / 13;
	w->wc[1].to = 0.1;
	w->wc[1].delta = 0.1 - 5.0 / 13;
	w->wc[1].plausible = 0;
	w->wc[1].exact = 0;
	w->wc[2].criterion = 1;
	w->wc[2].from = 3.0 / 13;
	e->weight_changes = w->wc;
	e->n_weight_changes = 3;
	/* throughput 40,000 -> 151,823.4 (must read 151,824) */
	w->vc[0].criterion = 0;
	w->vc[0].found = 1;
	w->vc[0].from = 40000;
	w->vc[0].to = 151823.4;
	w->vc[0].exact = 1;
	/* ops_cost 1500 -> 1234.5678 (lower: 1234.56) */
	w->vc[1].criterion = 2;
	w->vc[1].found = 1;
	w->vc[1].from = 1500;
	w->vc[1].to = 1234.5678;
	w->vc[1].exact = 0;
	w->vc[2].criterion = 1;
	w->vc[2].from = 12;
	e->value_changes = w->vc;
	e->n_value_changes = 3;
	w->joint[0] = 0.3;
	w->joint[1] = 3.0 / 13;
	w->joint[2] = 1 - 0.3 - 3.0 / 13;
	e->joint_found = 1;
	e->joint_exact = 1;
	e->joint_weights = w->joint;
	e->joint_l1 = 2 * (5.0 / 13 - 0.3);
	e->any_plausible = 1;
}

/* ------------------------------------------------------------------------
 * Explanations
 * --------------------------------------------------------------------- */

static void
test_render_explain_why_not_golden(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 80);
	expect_text(out, "Why not RabbitMQ?\n"
	            "Message broker for order events\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given\n"
	            "sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "RabbitMQ ranks #2 with 0.6154; Kafka is #1 "
	            "with 0.7692: 0.1538 behind.\n"
	            "\n"
	            "What costs it most against Kafka (weighted "
	            "contribution):\n"
	            "  throughput  -0.3846\n"
	            "\n"
	            "What it wins on:\n"
	            "  ops_cost    +0.2308\n"
	            "\n"
	            "What would make it win:\n"
	            "  one weight, the others keeping their proportions:\n"
	            "    raise ops_cost's weight from 0.385 to 0.412 "
	            "(+0.027): plausible (within\n"
	            "      ±50 %), exact\n"
	            "    lower throughput's weight from 0.385 to 0.100 "
	            "(-0.285): beyond ±50 %, found\n"
	            "      by search\n"
	            "    no weight of p99_ms alone makes it win\n"
	            "  one value:\n"
	            "    if RabbitMQ's throughput were 151,824 instead "
	            "of 40,000 msg/s (exact)\n"
	            "    if RabbitMQ's ops_cost were 1234.56 instead "
	            "of 1500 (found by search)\n"
	            "    no value of p99_ms alone makes it win\n"
	            "  all weights together: the nearest weights where "
	            "it wins are 0.169 away (L1),\n"
	            "    exact (linear programming):\n"
	            "    throughput 0.385 → 0.300, ops_cost 0.385 → 0.469\n"
	            "\n"
	            "The alternative: Kafka (#1 with 0.7692).\n");
	free(out);
	broker_free(&b);
}


static void
test_render_explain_why_not_json_golden(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_text(out, "{\n"
	            "  \"tradeoff_version\": \"0.1.0\",\n"
	            "  \"decision\": \"Message broker for order events\",\n"
	            "  \"method\": \"wsm\",\n"
	            "  \"direction\": \"higher\",\n"
	            "  \"normalization\": \"minmax\",\n"
	            "  \"weighting\": \"direct\",\n"
	            "  \"parameters\": null,\n"
	            "  \"weights\": {\n"
	            "    \"throughput\": 0.38461538461538464,\n"
	            "    \"p99_ms\": 0.23076923076923078,\n"
	            "    \"ops_cost\": 0.38461538461538464\n"
	            "  },\n"
	            "  \"option\": \"RabbitMQ\",\n"
	            "  \"verdict\": \"ranked\",\n"
	            "  \"rank\": 2,\n"
	            "  \"score\": 0.6153846153846154,\n"
	            "  \"reference\": {\n"
	            "    \"option\": \"Kafka\",\n"
	            "    \"rank\": 1,\n"
	            "    \"score\": 0.7692307692307693\n"
	            "  },\n"
	            "  \"margin\": 0.15384615384615385,\n"
	            "  \"close_call\": false,\n"
	            "  \"contenders\": [],\n"
	            "  \"reasons\": [],\n"
	            "  \"as_if_rank\": null,\n"
	            "  \"dominated_by\": [],\n"
	            "  \"deltas_kind\": \"contribution\",\n"
	            "  \"costs\": [\n"
	            "    {\n"
	            "      \"criterion\": \"throughput\",\n"
	            "      \"delta\": -0.38461538461538464\n"
	            "    }\n"
	            "  ],\n"
	            "  \"wins\": [\n"
	            "    {\n"
	            "      \"criterion\": \"ops_cost\",\n"
	            "      \"delta\": 0.23076923076923078\n"
	            "    }\n"
	            "  ],\n"
	            "  \"counterfactuals\": true,\n"
	            "  \"why_not_computed\": null,\n"
	            "  \"weight_changes\": [\n"
	            "    {\n"
	            "      \"criterion\": \"ops_cost\",\n"
	            "      \"found\": true,\n"
	            "      \"from\": 0.38461538461538464,\n"
	            "      \"to\": 0.41149,\n"
	            "      \"delta\": 0.026874615384615386,\n"
	            "      \"plausible\": true,\n"
	            "      \"exact\": true\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"throughput\",\n"
	            "      \"found\": true,\n"
	            "      \"from\": 0.38461538461538464,\n"
	            "      \"to\": 0.1,\n"
	            "      \"delta\": -0.2846153846153846,\n"
	            "      \"plausible\": false,\n"
	            "      \"exact\": false\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"p99_ms\",\n"
	            "      \"found\": false,\n"
	            "      \"from\": 0.23076923076923078,\n"
	            "      \"to\": null,\n"
	            "      \"delta\": null,\n"
	            "      \"plausible\": false,\n"
	            "      \"exact\": false\n"
	            "    }\n"
	            "  ],\n"
	            "  \"value_changes\": [\n"
	            "    {\n"
	            "      \"criterion\": \"throughput\",\n"
	            "      \"found\": true,\n"
	            "      \"from\": 40000,\n"
	            "      \"to\": 151823.4,\n"
	            "      \"level\": null,\n"
	            "      \"exact\": true\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"ops_cost\",\n"
	            "      \"found\": true,\n"
	            "      \"from\": 1500,\n"
	            "      \"to\": 1234.5678,\n"
	            "      \"level\": null,\n"
	            "      \"exact\": false\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"p99_ms\",\n"
	            "      \"found\": false,\n"
	            "      \"from\": 12,\n"
	            "      \"to\": null,\n"
	            "      \"level\": null,\n"
	            "      \"exact\": false\n"
	            "    }\n"
	            "  ],\n"
	            "  \"joint_weight_change\": {\n"
	            "    \"found\": true,\n"
	            "    \"exact\": true,\n"
	            "    \"l1\": 0.1692307692307693,\n"
	            "    \"weights\": {\n"
	            "      \"throughput\": 0.3,\n"
	            "      \"p99_ms\": 0.23076923076923078,\n"
	            "      \"ops_cost\": 0.4692307692307692\n"
	            "    }\n"
	            "  },\n"
	            "  \"any_plausible\": true\n"
	            "}\n");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_why_not_md_golden(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	out = explain_text(b.r, &w.e, TDM_FORMAT_MD, 80);
	expect_text(out, "# Why not RabbitMQ?\n"
	            "\n"
	            "Message broker for order events\n"
	            "\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "RabbitMQ ranks #2 with 0.6154; Kafka is #1 "
	            "with 0.7692: 0.1538 behind.\n"
	            "\n"
	            "What costs it most against Kafka (weighted "
	            "contribution):\n"
	            "\n"
	            "- throughput: -0.3846\n"
	            "\n"
	            "What it wins on:\n"
	            "\n"
	            "- ops_cost: +0.2308\n"
	            "\n"
	            "What would make it win:\n"
	            "\n"
	            "- one weight, the others keeping their proportions:\n"
	            "  - raise ops_cost's weight from 0.385 to 0.412 "
	            "(+0.027): plausible (within ±50 %), exact\n"
	            "  - lower throughput's weight from 0.385 to 0.100 "
	            "(-0.285): beyond ±50 %, found by search\n"
	            "  - no weight of p99_ms alone makes it win\n"
	            "- one value:\n"
	            "  - if RabbitMQ's throughput were 151,824 instead "
	            "of 40,000 msg/s (exact)\n"
	            "  - if RabbitMQ's ops_cost were 1234.56 instead "
	            "of 1500 (found by search)\n"
	            "  - no value of p99_ms alone makes it win\n"
	            "- all weights together: the nearest weights where "
	            "it wins are 0.169 away (L1), exact (linear programming):\n"
	            "  - throughput 0.385 → 0.300, ops_cost 0.385 → 0.469\n"
	            "\n"
	            "The alternative: Kafka (#1 with 0.7692).\n");
	free(out);
	broker_free(&b);
}

/* "Why Kafka?": the margin over the runner-up and what carries it. */
static void
test_render_explain_chosen_golden(void **state)
{
	broker b = broker_new();
	tdm_explanation e;
	tdm_criterion_delta wins[1], costs[1];
	char *out;

	(void)state;
	memset(&e, 0, sizeof e);
	e.option = 0;
	e.reference = 1;
	e.verdict = TDM_VERDICT_CHOSEN;
	e.rank = 1;
	e.ref_rank = 2;
	e.score = b.r->options[0].score;
	e.ref_score = b.r->options[1].score;
	e.margin = e.score - e.ref_score;
	e.deltas_additive = 1;
	wins[0].criterion = 0;
	wins[0].delta = 5.0 / 13;
	costs[0].criterion = 2;
	costs[0].delta = -0.6 * 5.0 / 13;
	e.wins = wins;
	e.n_wins = 1;
	e.costs = costs;
	e.n_costs = 1;
	out = explain_text(b.r, &e, TDM_FORMAT_TABLE, 80);
	expect_text(out, "Why Kafka?\n"
	            "Message broker for order events\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given\n"
	            "sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "Kafka ranks #1 with 0.7692, ahead of RabbitMQ "
	            "(#2 with 0.6154) by 0.1538.\n"
	            "\n"
	            "What carries it against RabbitMQ (weighted "
	            "contribution):\n"
	            "  throughput  +0.3846\n"
	            "\n"
	            "Where RabbitMQ is better:\n"
	            "  ops_cost    -0.2308\n");
	free(out);
	broker_free(&b);
}

/* "Why not Pulsar?": rejected by a guardrail, no counterfactuals. */
static void
test_render_explain_rejected_golden(void **state)
{
	broker b = broker_new();
	tdm_explanation e;
	char *out;

	(void)state;
	memset(&e, 0, sizeof e);
	e.option = 2;
	e.reference = 0;
	e.verdict = TDM_VERDICT_REJECTED;
	e.ref_rank = 1;
	e.ref_score = b.r->options[0].score;
	out = explain_text(b.r, &e, TDM_FORMAT_TABLE, 80);
	expect_text(out, "Why not Pulsar?\n"
	            "Message broker for order events\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given\n"
	            "sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "Pulsar is rejected:\n"
	            "  p99_ms = 80 breaks must <= 50: checkout SLO is "
	            "50 ms p99\n"
	            "  without its guardrails it would rank #3 of 3\n"
	            "\n"
	            "Pulsar is not ranked, so it has no score; Kafka "
	            "is #1 with 0.7692.\n"
	            "\n"
	            "What would make it win: first, passing its guardrails "
	            "(changes of weights and\n"
	            "values are looked for only for ranked options).\n"
	            "\n"
	            "The alternative: Kafka (#1 with 0.7692).\n");
	free(out);
	out = explain_text(b.r, &e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"rank\": null,\n  \"score\": null,");
	expect_has(out, "\"as_if_rank\": 3,");
	expect_has(out, "\"kind\": \"guardrail\",\n      \"criterion\": "
	                "\"p99_ms\","
	                "\n      \"value\": 80,");
	expect_has(out, "\"counterfactuals\": false,");
	expect_has(out, "\"weight_changes\": [],");
	expect_has(out, "\"joint_weight_change\": null,");
	expect_has(out, "\"margin\": null,");
	free(out);
	broker_free(&b);
}

static void
test_render_comparison_goldens(void **state)
{
	broker b = broker_new();
	tdm_comparison c;
	tdm_comparison_row rows[3];
	char *out;
	size_t k;

	(void)state;
	memset(&c, 0, sizeof c);
	memset(rows, 0, sizeof rows);
	c.a = 0;
	c.b = 1;
	c.rows = rows;
	c.n_rows = 3;
	for (k = 0; k < 3; k++) {
		rows[k].criterion = k;
		rows[k].has_a = rows[k].has_b = 1;
		rows[k].a = b.r->values[k * 3 + 0];
		rows[k].b = b.r->values[k * 3 + 1];
		rows[k].norm_a = b.r->options[0].norm[k];
		rows[k].norm_b = b.r->options[1].norm[k];
		rows[k].weighted = b.r->weights[k] * (rows[k].norm_a - rows[k].norm_b);
		rows[k].favours = rows[k].weighted > 1e-12    ? 1
		                  : rows[k].weighted < -1e-12 ? -1
		                                              : 0;
		c.total += rows[k].weighted;
	}
	out = compare_text(b.r, &c, TDM_FORMAT_TABLE);
	expect_text(out, "Kafka vs RabbitMQ\n"
	            "Message broker for order events\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given\n"
	            "sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "Kafka is #1 with 0.7692; RabbitMQ is #2 with 0.6154.\n"
	            "\n"
	            "criterion   weight            Kafka        RabbitMQ "
	            " weighted  favours\n"
	            "throughput   0.385  200,000 (1.000)  40,000 (0.000) "
	            "  +0.3846  Kafka\n"
	            "p99_ms       0.231       25 (1.000)      12 (1.000) "
	            "   0.0000  -\n"
	            "ops_cost     0.385     4200 (0.400)    1500 (1.000) "
	            "  -0.2308  RabbitMQ\n"
	            "total                                           "
	            "      +0.1538  Kafka\n"
	            "\n"
	            "Values as resolved, normalised in parentheses (1 "
	            "= best, min-max over the ranked\n"
	            "options and these two); weighted = weight × (normalised "
	            "Kafka − normalised\n"
	            "RabbitMQ): above 0 favours Kafka.\n");
	free(out);
	out = compare_text(b.r, &c, TDM_FORMAT_CSV);
	expect_text(out, "# tradeoff 0.1.0\n"
	            "# decision: Message broker for order events\n"
	            "# method: wsm (higher scores are better)\n"
	            "# normalization: minmax (this comparison: min-max "
	            "over the "
	            "ranked options and a, b)\n"
	            "# weighting: direct, normalised to sum 1 (given sum 13)\n"
	            "# a: Kafka (rank 1, score 0.76923076923076927, chosen)\n"
	            "# b: RabbitMQ (rank 2, score 0.61538461538461542, "
	            "ranked)\n"
	            "# total: 0.15384615384615385, favours Kafka\n"
	            "criterion,weight,a,b,norm_a,norm_b,weighted,favours\n"
	            "throughput,0.38461538461538464,200000,40000,1,0,"
	            "0.38461538461538464,Kafka\n"
	            "p99_ms,0.23076923076923078,25,12,1,1,0,\n"
	            "ops_cost,0.38461538461538464,4200,1500,"
	            "0.40000000000000002,1,-0.23076923076923078,RabbitMQ\n");
	free(out);
	out = compare_text(b.r, &c, TDM_FORMAT_JSON);
	expect_text(out, "{\n"
	            "  \"tradeoff_version\": \"0.1.0\",\n"
	            "  \"decision\": \"Message broker for order events\",\n"
	            "  \"method\": \"wsm\",\n"
	            "  \"direction\": \"higher\",\n"
	            "  \"normalization\": \"minmax\",\n"
	            "  \"weighting\": \"direct\",\n"
	            "  \"parameters\": null,\n"
	            "  \"weights\": {\n"
	            "    \"throughput\": 0.38461538461538464,\n"
	            "    \"p99_ms\": 0.23076923076923078,\n"
	            "    \"ops_cost\": 0.38461538461538464\n"
	            "  },\n"
	            "  \"a\": \"Kafka\",\n"
	            "  \"b\": \"RabbitMQ\",\n"
	            "  \"ranks\": {\n"
	            "    \"a\": 1,\n"
	            "    \"b\": 2\n"
	            "  },\n"
	            "  \"scores\": {\n"
	            "    \"a\": 0.7692307692307693,\n"
	            "    \"b\": 0.6153846153846154\n"
	            "  },\n"
	            "  \"verdicts\": {\n"
	            "    \"a\": \"chosen\",\n"
	            "    \"b\": \"ranked\"\n"
	            "  },\n"
	            "  \"criteria\": [\n"
	            "    {\n"
	            "      \"criterion\": \"throughput\",\n"
	            "      \"weight\": 0.38461538461538464,\n"
	            "      \"a\": 200000,\n"
	            "      \"b\": 40000,\n"
	            "      \"norm_a\": 1,\n"
	            "      \"norm_b\": 0,\n"
	            "      \"weighted\": 0.38461538461538464,\n"
	            "      \"favours\": \"a\"\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"p99_ms\",\n"
	            "      \"weight\": 0.23076923076923078,\n"
	            "      \"a\": 25,\n"
	            "      \"b\": 12,\n"
	            "      \"norm_a\": 1,\n"
	            "      \"norm_b\": 1,\n"
	            "      \"weighted\": 0,\n"
	            "      \"favours\": null\n"
	            "    },\n"
	            "    {\n"
	            "      \"criterion\": \"ops_cost\",\n"
	            "      \"weight\": 0.38461538461538464,\n"
	            "      \"a\": 4200,\n"
	            "      \"b\": 1500,\n"
	            "      \"norm_a\": 0.4,\n"
	            "      \"norm_b\": 1,\n"
	            "      \"weighted\": -0.23076923076923078,\n"
	            "      \"favours\": \"b\"\n"
	            "    }\n"
	            "  ],\n"
	            "  \"total\": 0.15384615384615385,\n"
	            "  \"favours\": \"a\"\n"
	            "}\n");
	free(out);
	out = compare_text(b.r, &c, TDM_FORMAT_MD);
	expect_text(out, "# Kafka vs RabbitMQ\n"
	            "\n"
	            "Message broker for order events\n"
	            "\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "Kafka is #1 with 0.7692; RabbitMQ is #2 with 0.6154.\n"
	            "\n"
	            "| criterion | weight | Kafka | RabbitMQ | weighted "
	            "| favours |\n"
	            "|---|---:|---:|---:|---:|---|\n"
	            "| throughput | 0.385 | 200,000 (1.000) | 40,000 "
	            "(0.000) | +0.3846 | Kafka |\n"
	            "| p99_ms | 0.231 | 25 (1.000) | 12 (1.000) | 0.0000 "
	            "| - |\n"
	            "| ops_cost | 0.385 | 4200 (0.400) | 1500 (1.000) "
	            "| -0.2308 | RabbitMQ |\n"
	            "| **total** | | | | +0.1538 | Kafka |\n"
	            "\n"
	            "Values as resolved, normalised in parentheses (1 "
	            "= best, min-max over the ranked options and these "
	            "two); weighted = weight × (normalised Kafka − normalised "
	            "RabbitMQ): above 0 favours Kafka.\n");
	free(out);
	broker_free(&b);
}

static void
test_render_rank_md_golden(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	assert_int_equal(tdm_model_set_text(b.m, &b.m->context,
	                                    "Checkout emits ~20k events/s.\n"
	                                    "# not a heading\n1. not a list",
	                                    NULL),
	                 TDM_OK);
	out = rank_md(b.r);
	expect_text(out, "# Message broker for order events\n"
	            "\n"
	            "> Checkout emits ~20k events/s.\n"
	            "> \\# not a heading\n"
	            "> 1\\. not a list\n"
	            "\n"
	            "method wsm (higher scores are better) · normalisation "
	            "minmax · weighting direct, normalised to sum 1 (given "
	            "sum 13) · tradeoff 0.1.0\n"
	            "\n"
	            "| rank | option | score | verdict | reason |\n"
	            "|---:|---|---:|---|---|\n"
	            "| 1 | Kafka | 0.7692 | chosen | |\n"
	            "| 2 | RabbitMQ | 0.6154 | ranked | |\n"
	            "| - | Pulsar | | rejected | p99_ms = 80 breaks must "
	            "<= 50: checkout SLO is 50 ms p99; without its guardrails "
	            "it would rank #3 of 3 |\n"
	            "\n"
	            "Weights: throughput 0.385 (5), p99_ms 0.231 (3), "
	            "ops_cost 0.385 (5)\n");
	free(out);
	broker_free(&b);
}

/* Each part of a "why not" in the order of issue 4: guardrails,
 * dominators, standing, costs and wins, weight, value and joint
 * changes, the alternative. (An option that is both rejected and
 * dominated does not occur; the renderer must still keep the order.) */
static void
test_render_explain_order(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;
	size_t p[10];
	size_t i;

	(void)state;
	why_not_rabbitmq(&b, &w);
	add_reason(b.r, 1, TDM_REASON_DOMINATED, 0, 0, 0);
	add_reason(b.r, 1, TDM_REASON_GUARDRAIL, 1, 0, 51);
	b.r->options[1].as_if_rank = 2;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	p[0] = at(out, "RabbitMQ is rejected:");
	p[1] = at(out, "p99_ms = 51 breaks must <= 50: checkout SLO");
	p[2] = at(out, "without its guardrails it would rank #2 of 3");
	p[3] = at(out, "dominated by Kafka: no worse on any criterion");
	p[4] = at(out, "RabbitMQ ranks #2 with 0.6154; Kafka is #1 with "
	               "0.7692: 0.1538 behind.");
	p[5] = at(out, "What costs it most against Kafka (weighted "
	               "contribution)");
	p[6] = at(out, "What it wins on");
	p[7] = at(out, "raise ops_cost's weight from 0.385 to 0.412 ("
	               "+0.027): ");
	p[8] = at(out, "if RabbitMQ's throughput were 151,824 instead of 40,"
	               "000");
	p[9] = at(out, "all weights together: the nearest weights where it "
	               "wins "
	               "are 0.169 away (L1), exact (linear programming)");
	for (i = 1; i < 10; i++)
		if (p[i] <= p[i - 1])
			fail_msg("part %zu comes before part %zu", i, i - 1);
	assert_true(p[9] < at(out, "The alternative: Kafka (#1 with 0.7692)."));
	free(out);
	broker_free(&b);
}

/* The new value of a counterfactual is rounded away from the old one (and
 * a weight's change away from zero), so the sentence stays true. */
static void
test_render_explain_rounding_keeps_statements_true(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	w.wc[0].to = 0.27932065; /* lower ops_cost */
	w.wc[0].delta = 0.27932065 - 5.0 / 13;
	w.vc[0].to = 131786.01;
	w.vc[1].to = 1234.5699;  /* lower: 1234.56, not 1234.57 */
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "lower ops_cost's weight from 0.385 to 0.279 (-0.106): "
	                "plausible (within \xc2\xb1" "50 %), exact");
	expect_has(out, "were 131,787 instead of 40,000 msg/s");
	expect_has(out, "were 1234.56 instead of 1500 (found by search)");
	free(out);
	/* a change too small for the usual digits gets more of them */
	w.vc[0].to = 40000.0000001;
	w.wc[0].to = 5.0 / 13 + 1e-5;
	w.wc[0].delta = 1e-5;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "were 40,000.0000001 instead of 40,000 msg/s");
	expect_has(out, "raise ops_cost's weight from 0.3846 to 0.3847 "
	                "(+0.0001)");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_levels_and_scores(void **state)
{
	broker b = broker_new();
	why_not w;
	tdm_criterion *c;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	c = &b.m->criteria[2];
	c->levels = calloc(3, sizeof *c->levels);
	assert_non_null(c->levels);
	c->levels[0].name = dup("none");
	c->levels[0].value = 0;
	c->levels[1].name = dup("some");
	c->levels[1].value = 0.5;
	c->levels[2].name = dup("strong");
	c->levels[2].value = 1;
	c->n_levels = 3;
	w.vc[1].from = 0.5;
	w.vc[1].to = 1;
	w.vc[1].level = c->levels[2].name;
	c = &b.m->criteria[0];
	c->score_fn = 1; /* throughput scored by a function: a score */
	w.vc[0].from = 0.25;
	w.vc[0].to = 0.8125;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "if RabbitMQ's ops_cost were 'strong' instead of "
	                "'some' "
	                "(found by search)");
	expect_has(out, "if RabbitMQ's throughput scored 0.8125 instead of "
	                "0.25 "
	                "(exact)");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"criterion\": \"ops_cost\",\n      \"found\": true,\n"
	                "      \"from\": 0.5,\n      \"to\": 1,\n"
	                "      \"level\": \"strong\",");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_nothing_plausible(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	w.wc[0].plausible = 0;
	w.e.any_plausible = 0;
	w.e.joint_found = 0;
	w.e.joint_weights = NULL;
	w.e.joint_exact = 1;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "no change of a single weight within \xc2\xb1"
	                "50 % makes it win");
	expect_has(out, "all weights together: no weighting makes it win "
	                "(exact, linear programming)");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"joint_weight_change\": {\n    \"found\": false,\n"
	                "    \"exact\": true,\n    \"l1\": null,\n"
	                "    \"weights\": null\n  },\n"
	                "  \"any_plausible\": false\n}\n");
	free(out);
	/* not computed, with the engine's reason */
	w.e.has_counterfactuals = 0;
	snprintf(w.e.why_not_computed, sizeof w.e.why_not_computed,
	         "too many options for the search");
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "What would make it win: not computed: too many "
	                "options "
	                "for the search.");
	expect_lacks(out, "one weight");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"counterfactuals\": false,\n"
	                "  \"why_not_computed\": \"too many options for the "
	                "search\",\n  \"weight_changes\": [],\n"
	                "  \"value_changes\": [],\n"
	                "  \"joint_weight_change\": null,");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_close_call(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	w.contenders[0] = 0;
	w.contenders[1] = 1;
	w.e.contenders = w.contenders;
	w.e.n_contenders = 2;
	w.e.close_call = 1;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	assert_true(at(out, "The alternative: Kafka") <
	            at(out, "Close call, no clear winner: Kafka and RabbitMQ are "
	                    "within 2 %."));
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"close_call\": true,\n  \"contenders\": [\n"
	                "    \"Kafka\",\n    \"RabbitMQ\"\n  ],");
	free(out);
	/* and for the chosen option */
	w.e.option = 0;
	w.e.reference = 1;
	w.e.verdict = TDM_VERDICT_CHOSEN;
	w.e.rank = 1;
	w.e.ref_rank = 2;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "Close call, no clear winner: Kafka and RabbitMQ are "
	                "within 2 %.");
	expect_lacks(out, "What would make it win");
	free(out);
	broker_free(&b);
}

/* Methods that are not additive speak of preferences. */
static void
test_render_explain_preference_phrase(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	w.e.deltas_additive = 0;
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_has(out, "What costs it most against Kafka (weighted "
	                "preference):");
	expect_lacks(out, "contribution");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 80);
	expect_has(out, "\"deltas_kind\": \"preference\",");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_refuses_csv_and_bad_input(void **state)
{
	broker b = broker_new();
	why_not w;
	tdm_render_spec csv = {TDM_FORMAT_CSV, 0, 80, 0};
	tdm_render_spec bad = {(tdm_format)42, 0, 80, 0};
	sink s = {0};
	tdm_error err;

	(void)state;
	why_not_rabbitmq(&b, &w);
	assert_int_equal(tdm_render_explanation(b.r, &w.e, &csv, sink_write, &s,
	                                        &err),
	                 TDM_USAGE);
	assert_string_equal(err.message, "explain has no csv format; use json");
	assert_int_equal(s.calls, 0);
	assert_int_equal(tdm_render_explanation(b.r, &w.e, &bad, sink_write, &s,
	                                        &err),
	                 TDM_USAGE);
	assert_int_equal(tdm_render_explanation(NULL, &w.e, NULL, sink_write, &s,
	                                        &err),
	                 TDM_USAGE);
	assert_int_equal(tdm_render_explanation(b.r, NULL, NULL, sink_write, &s,
	                                        &err),
	                 TDM_USAGE);
	w.e.option = 7;
	assert_int_equal(tdm_render_explanation(b.r, &w.e, NULL, sink_write, &s,
	                                        &err),
	                 TDM_EVAL);
	w.e.option = 1;
	w.costs[0].criterion = 3;
	assert_int_equal(tdm_render_explanation(b.r, &w.e, NULL, sink_write, &s,
	                                        &err),
	                 TDM_EVAL);
	assert_int_equal(s.calls, 0);
	broker_free(&b);
}

static void
test_render_comparison_bad_input(void **state)
{
	broker b = broker_new();
	tdm_comparison c;
	tdm_comparison_row row;
	sink s = {0};
	tdm_error err;

	(void)state;
	memset(&c, 0, sizeof c);
	memset(&row, 0, sizeof row);
	c.a = 0;
	c.b = 5;
	assert_int_equal(tdm_render_comparison(b.r, &c, NULL, sink_write, &s,
	                                       &err),
	                 TDM_EVAL);
	c.b = 1;
	row.criterion = 3;
	c.rows = &row;
	c.n_rows = 1;
	assert_int_equal(tdm_render_comparison(b.r, &c, NULL, sink_write, &s,
	                                       &err),
	                 TDM_EVAL);
	assert_int_equal(tdm_render_comparison(b.r, NULL, NULL, sink_write, &s,
	                                       &err),
	                 TDM_USAGE);
	assert_int_equal(s.calls, 0);
	broker_free(&b);
}

/* A missing value reads "missing" and favours neither side. */
static void
test_render_comparison_missing(void **state)
{
	broker b = broker_new();
	tdm_comparison c;
	tdm_comparison_row row;
	char *out;

	(void)state;
	memset(&c, 0, sizeof c);
	memset(&row, 0, sizeof row);
	c.a = 0;
	c.b = 2;
	row.criterion = 1;
	row.has_a = 1;
	row.a = 25;
	row.norm_a = 1;
	c.rows = &row;
	c.n_rows = 1;
	out = compare_text(b.r, &c, TDM_FORMAT_TABLE);
	expect_has(out, "Pulsar is not ranked (rejected).");
	expect_has(out, "p99_ms      0.231  25 (1.000)  missing    0.0000  -\n"
	                "total                                     0.0000 "
	                " -\n");
	free(out);
	out = compare_text(b.r, &c, TDM_FORMAT_JSON);
	expect_has(out, "\"b\": null,\n      \"norm_a\": 1,\n"
	                "      \"norm_b\": null,");
	expect_has(out, "\"favours\": null\n}\n");
	free(out);
	out = compare_text(b.r, &c, TDM_FORMAT_CSV);
	expect_has(out, "\np99_ms,0.23076923076923078,25,,1,,0,\n");
	expect_has(out, "# b: Pulsar (not ranked, rejected)\n");
	expect_has(out, "# total: 0, favours neither\n");
	free(out);
	broker_free(&b);
}

static void
test_render_explain_write_failure(void **state)
{
	broker b = broker_new();
	why_not w;
	tdm_comparison c;
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 80, 0};
	tdm_format f;
	tdm_error err;

	(void)state;
	why_not_rabbitmq(&b, &w);
	memset(&c, 0, sizeof c);
	c.a = 0;
	c.b = 1;
	for (f = TDM_FORMAT_TABLE; f <= TDM_FORMAT_MD; f++) {
		sink s = {0};
		spec.format = f;
		s.fail_on = 1;
		if (f != TDM_FORMAT_CSV) {
			assert_int_equal(tdm_render_explanation(b.r, &w.e, &spec,
			                                        sink_write, &s, &err),
			                 TDM_IO);
			assert_int_equal(s.calls, 1);
		}
		s.calls = 0;
		assert_int_equal(tdm_render_comparison(b.r, &c, &spec, sink_write,
		                                       &s, &err),
		                 TDM_IO);
		assert_int_equal(s.calls, 1);
		assert_string_equal(err.message, "write failed");
		free(s.data);
	}
	broker_free(&b);
}

/* User text cannot drive the terminal, nor make Markdown links, HTML or
 * table cells. */
static void
test_render_explain_escaping(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out;

	(void)state;
	why_not_rabbitmq(&b, &w);
	free(b.m->options[1].name);
	b.m->options[1].name = dup("Rabbit\x1b[31m|MQ [x](http://e) <b>");
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, 200);
	expect_lacks(out, "\x1b");
	expect_has(out, "Why not Rabbit\\x1b[31m|MQ [x](http://e) <b>?");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_MD, 200);
	expect_lacks(out, "\x1b");
	expect_has(out, "# Why not Rabbit\\x1b\\[31m\\|MQ \\[x\\](http://e) "
	                "\\<b>?\n");
	free(out);
	out = explain_text(b.r, &w.e, TDM_FORMAT_JSON, 200);
	expect_has(out, "\"option\": \"Rabbit\\u001b[31m|MQ [x](http://e) "
	                "<b>\",");
	free(out);
	out = rank_md(b.r);
	expect_has(out, "| 2 | Rabbit\\x1b\\[31m\\|MQ \\[x\\](http://e) \\<b> "
	                "| "
	                "0.6154 | ranked | |\n");
	free(out);
	/* a line break in a cell */
	free(b.m->options[1].name);
	b.m->options[1].name = dup("two\nlines_");
	out = rank_md(b.r);
	expect_has(out, "| 2 | two<br>lines\\_ | 0.6154 |");
	free(out);
	broker_free(&b);
}

/* Text wraps to the width; items keep their indent. */
static void
test_render_explain_wraps_to_width(void **state)
{
	broker b = broker_new();
	why_not w;
	char *out, *line;
	size_t width = 44;

	(void)state;
	why_not_rabbitmq(&b, &w);
	out = explain_text(b.r, &w.e, TDM_FORMAT_TABLE, (int)width);
	for (line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		/* display cells: "±", "→" and "×" are one cell, two or three
		 * bytes */
		size_t cells = 0;
		const unsigned char *p;
		for (p = (const unsigned char *)line; *p; p++)
			cells += (*p & 0xc0) != 0x80;
		if (cells > width)
			fail_msg("line wider than %zu cells: '%s'", width, line);
	}
	free(out);
	broker_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_explain_why_not_golden),
		cmocka_unit_test(test_render_explain_why_not_json_golden),
		cmocka_unit_test(test_render_explain_why_not_md_golden),
		cmocka_unit_test(test_render_explain_chosen_golden),
		cmocka_unit_test(test_render_explain_rejected_golden),
		cmocka_unit_test(test_render_comparison_goldens),
		cmocka_unit_test(test_render_rank_md_golden),
		cmocka_unit_test(test_render_explain_order),
		cmocka_unit_test(test_render_explain_rounding_keeps_statements_true),
		cmocka_unit_test(test_render_explain_levels_and_scores),
		cmocka_unit_test(test_render_explain_nothing_plausible),
		cmocka_unit_test(test_render_explain_close_call),
		cmocka_unit_test(test_render_explain_preference_phrase),
		cmocka_unit_test(test_render_explain_refuses_csv_and_bad_input),
		cmocka_unit_test(test_render_comparison_bad_input),
		cmocka_unit_test(test_render_comparison_missing),
		cmocka_unit_test(test_render_explain_write_failure),
		cmocka_unit_test(test_render_explain_escaping),
		cmocka_unit_test(test_render_explain_wraps_to_width),
	};

	return cmocka_run_group_tests_name("render_explain", tests, NULL, NULL);
}
