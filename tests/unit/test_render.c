/*
 * Unit tests for render*.c: table, csv and json output, reason texts,
 * escaping, widths and write failures. Results are built by hand (not by
 * tdm_evaluate) so the renderers are tested on their own.
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
	int calls;      /* times the callback was called */
	int fail_on;    /* fail on this call (1-based); 0: never */
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
sink_free(sink *s)
{
	free(s->data);
	memset(s, 0, sizeof *s);
}

/* Render r in format f (no colour, width 80) and return the text; the
 * caller frees it. */
static char *
render(const tdm_result *r, tdm_format f, int use_color, int width)
{
	tdm_render_spec spec = {f, use_color, width, 0};
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render(r, &spec, sink_write, &s, &err), TDM_OK);
	assert_non_null(s.data);
	return s.data;
}

/* Compare whole outputs; on a difference print both, so a failing golden
 * test shows what changed. */
static void
expect_text(const char *actual, const char *expected)
{
	if (strcmp(actual, expected) != 0) {
		fprintf(stderr, "--- expected\n%s--- actual\n%s---\n", expected,
		        actual);
		fail_msg("output differs from the golden text");
	}
}

/* ------------------------------------------------------------------------
 * Building models and results by hand
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

static void
set_must(tdm_criterion *c, const char *text, const char *because)
{
	assert_int_equal(tdm_must_parse(text, &c->must.op, &c->must.operand,
	                                NULL),
	                 TDM_OK);
	c->must.is_set = 1;
	c->must.text = dup(text);
	if (because != NULL)
		c->because = dup(because);
}

static size_t
add_opt(tdm_model *m, const char *name)
{
	size_t o;

	assert_int_equal(tdm_model_add_option(m, name, -1, 0, &o, NULL), TDM_OK);
	return o;
}

/* A result over m with every option unranked and no reasons yet. */
static tdm_result *
result_new(const tdm_model *m)
{
	tdm_result *r = calloc(1, sizeof *r);
	size_t c, o;

	assert_non_null(r);
	r->model = m;
	strcpy(r->method, "wsm");
	strcpy(r->normalization, "minmax");
	strcpy(r->weighting, "direct");
	r->has_contributions = 1;
	r->direction = TDM_DIR_HIGHER;
	r->n_criteria = m->n_criteria;
	r->weights = calloc(m->n_criteria ? m->n_criteria : 1, sizeof(double));
	assert_non_null(r->weights);
	for (c = 0; c < m->n_criteria; c++)
		r->weight_sum += m->criteria[c].weight;
	for (c = 0; c < m->n_criteria; c++)
		r->weights[c] = m->criteria[c].weight / r->weight_sum;
	r->weights_normalized = fabs(r->weight_sum - 1) > 1e-12;
	r->n_options = m->n_options;
	r->options = calloc(m->n_options ? m->n_options : 1,
	                    sizeof *r->options);
	r->order = calloc(m->n_options ? m->n_options : 1, sizeof *r->order);
	assert_non_null(r->options);
	assert_non_null(r->order);
	for (o = 0; o < m->n_options; o++) {
		r->options[o].contrib = calloc(m->n_criteria + 1, sizeof(double));
		r->options[o].norm = calloc(m->n_criteria + 1, sizeof(double));
		r->options[o].verdict = TDM_VERDICT_REJECTED;
		r->order[o] = o;
	}
	return r;
}

/* Rank option o with normalised values norm (contributions and score
 * follow, WSM). */
static void
set_ranked(tdm_result *r, size_t o, long rank, const double *norm)
{
	tdm_option_result *opt = &r->options[o];
	size_t c;

	opt->rank = rank;
	opt->verdict = rank == 1 ? TDM_VERDICT_CHOSEN : TDM_VERDICT_RANKED;
	opt->score = 0;
	for (c = 0; c < r->model->n_criteria; c++) {
		opt->norm[c] = norm[c];
		opt->contrib[c] = r->weights[c] * norm[c];
		opt->score += opt->contrib[c];
	}
}

static void
add_reason(tdm_result *r, size_t o, tdm_reason_kind kind, size_t crit,
           const tdm_value *observed, const char *detail)
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
	assert_int_equal(tdm_value_copy(&rs->observed, observed), 0);
	rs->detail = detail ? dup(detail) : NULL;
	opt->verdict = TDM_VERDICT_REJECTED;
}

static void
set_order(tdm_result *r, const size_t *order, size_t n_ranked)
{
	memcpy(r->order, order, r->n_options * sizeof *order);
	r->n_ranked = n_ranked;
}

static tdm_value
num(double x)
{
	tdm_value v;

	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_NUMBER;
	v.as.num = x;
	return v;
}

/* The broker decision: Kafka chosen, RabbitMQ second, Pulsar rejected by
 * the p99 guardrail. Weights 5, 3, 5 (sum 13, normalised). */
typedef struct broker {
	tdm_model *m;
	tdm_result *r;
} broker;

static broker
broker_new(void)
{
	static const double kafka[] = {1, 1, 0.4};
	static const double rabbit[] = {0, 1, 1};
	static const size_t order[] = {0, 1, 2};
	tdm_criterion *c;
	tdm_value v = num(80);
	broker b;

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
	set_must(c, "<= 50", "checkout SLO is 50 ms p99");
	add_crit(b.m, "ops_cost", 5, TDM_BETTER_LOWER);
	add_opt(b.m, "Kafka");
	add_opt(b.m, "RabbitMQ");
	add_opt(b.m, "Pulsar");
	b.r = result_new(b.m);
	set_ranked(b.r, 0, 1, kafka);
	set_ranked(b.r, 1, 2, rabbit);
	add_reason(b.r, 2, TDM_REASON_GUARDRAIL, 1, &v, NULL);
	set_order(b.r, order, 2);
	return b;
}

static void
broker_free(broker *b)
{
	tdm_result_free(b->r);
	tdm_model_free(b->m);
}

/* ------------------------------------------------------------------------
 * Golden outputs
 * --------------------------------------------------------------------- */

static void
test_render_csv_golden(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	expect_text(out,
	            "# tradeoff 0.1.0\n"
	            "# decision: Message broker for order events\n"
	            "# method: wsm (higher scores are better)\n"
	            "# normalization: minmax\n"
	            "# weights: throughput=0.38461538461538464, "
	            "p99_ms=0.23076923076923078, ops_cost=0.38461538461538464\n"
	            "# weighting: direct, normalised to sum 1 (given sum 13)\n"
	            "rank,option,score,verdict,reason\n"
	            "1,Kafka,0.76923076923076927,chosen,\n"
	            "2,RabbitMQ,0.61538461538461542,ranked,\n"
	            ",Pulsar,,rejected,p99_ms = 80 breaks must <= 50: checkout "
	            "SLO is 50 ms p99\n");
	free(out);
	broker_free(&b);
}

static void
test_render_json_golden(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	expect_text(out,
	            "{\n"
	            "  \"tradeoff_version\": \"0.1.0\",\n"
	            "  \"decision\": {\n"
	            "    \"title\": \"Message broker for order events\",\n"
	            "    \"context\": null\n"
	            "  },\n"
	            "  \"method\": {\n"
	            "    \"name\": \"wsm\",\n"
	            "    \"direction\": \"higher\",\n"
	            "    \"parameters\": {}\n"
	            "  },\n"
	            "  \"normalization\": \"minmax\",\n"
	            "  \"weights\": {\n"
	            "    \"used\": {\n"
	            "      \"throughput\": 0.38461538461538464,\n"
	            "      \"p99_ms\": 0.23076923076923078,\n"
	            "      \"ops_cost\": 0.38461538461538464\n"
	            "    },\n"
	            "    \"given\": {\n"
	            "      \"throughput\": 5,\n"
	            "      \"p99_ms\": 3,\n"
	            "      \"ops_cost\": 5\n"
	            "    },\n"
	            "    \"given_sum\": 13,\n"
	            "    \"normalized\": true,\n"
	            "    \"scheme\": \"direct\"\n"
	            "  },\n"
	            "  \"criteria\": [\n"
	            "    {\n"
	            "      \"name\": \"throughput\",\n"
	            "      \"weight\": 0.38461538461538464,\n"
	            "      \"given_weight\": 5,\n"
	            "      \"better\": \"higher\",\n"
	            "      \"unit\": \"msg/s\",\n"
	            "      \"scale\": null,\n"
	            "      \"levels\": null,\n"
	            "      \"must\": null,\n"
	            "      \"must_is_function\": false,\n"
	            "      \"because\": null\n"
	            "    },\n"
	            "    {\n"
	            "      \"name\": \"p99_ms\",\n"
	            "      \"weight\": 0.23076923076923078,\n"
	            "      \"given_weight\": 3,\n"
	            "      \"better\": \"lower\",\n"
	            "      \"unit\": \"ms\",\n"
	            "      \"scale\": null,\n"
	            "      \"levels\": null,\n"
	            "      \"must\": \"<= 50\",\n"
	            "      \"must_is_function\": false,\n"
	            "      \"because\": \"checkout SLO is 50 ms p99\"\n"
	            "    },\n"
	            "    {\n"
	            "      \"name\": \"ops_cost\",\n"
	            "      \"weight\": 0.38461538461538464,\n"
	            "      \"given_weight\": 5,\n"
	            "      \"better\": \"lower\",\n"
	            "      \"unit\": null,\n"
	            "      \"scale\": null,\n"
	            "      \"levels\": null,\n"
	            "      \"must\": null,\n"
	            "      \"must_is_function\": false,\n"
	            "      \"because\": null\n"
	            "    }\n"
	            "  ],\n"
	            "  \"options\": [\n"
	            "    {\n"
	            "      \"option\": \"Kafka\",\n"
	            "      \"rank\": 1,\n"
	            "      \"score\": 0.7692307692307693,\n"
	            "      \"verdict\": \"chosen\",\n"
	            "      \"as_if_rank\": null,\n"
	            "      \"dominated_by\": [],\n"
	            "      \"contributions\": {\n"
	            "        \"throughput\": 0.38461538461538464,\n"
	            "        \"p99_ms\": 0.23076923076923078,\n"
	            "        \"ops_cost\": 0.15384615384615385\n"
	            "      },\n"
	            "      \"normalized\": {\n"
	            "        \"throughput\": 1,\n"
	            "        \"p99_ms\": 1,\n"
	            "        \"ops_cost\": 0.4\n"
	            "      },\n"
	            "      \"reasons\": []\n"
	            "    },\n"
	            "    {\n"
	            "      \"option\": \"RabbitMQ\",\n"
	            "      \"rank\": 2,\n"
	            "      \"score\": 0.6153846153846154,\n"
	            "      \"verdict\": \"ranked\",\n"
	            "      \"as_if_rank\": null,\n"
	            "      \"dominated_by\": [],\n"
	            "      \"contributions\": {\n"
	            "        \"throughput\": 0,\n"
	            "        \"p99_ms\": 0.23076923076923078,\n"
	            "        \"ops_cost\": 0.38461538461538464\n"
	            "      },\n"
	            "      \"normalized\": {\n"
	            "        \"throughput\": 0,\n"
	            "        \"p99_ms\": 1,\n"
	            "        \"ops_cost\": 1\n"
	            "      },\n"
	            "      \"reasons\": []\n"
	            "    },\n"
	            "    {\n"
	            "      \"option\": \"Pulsar\",\n"
	            "      \"rank\": null,\n"
	            "      \"score\": null,\n"
	            "      \"verdict\": \"rejected\",\n"
	            "      \"as_if_rank\": null,\n"
	            "      \"dominated_by\": [],\n"
	            "      \"contributions\": null,\n"
	            "      \"normalized\": null,\n"
	            "      \"reasons\": [\n"
	            "        {\n"
	            "          \"kind\": \"guardrail\",\n"
	            "          \"criterion\": \"p99_ms\",\n"
	            "          \"value\": 80,\n"
	            "          \"must\": \"<= 50\",\n"
	            "          \"because\": \"checkout SLO is 50 ms p99\",\n"
	            "          \"detail\": null,\n"
	            "          \"text\": \"p99_ms = 80 breaks must <= 50: "
	            "checkout SLO is 50 ms p99\"\n"
	            "        }\n"
	            "      ]\n"
	            "    }\n"
	            "  ],\n"
	            "  \"notes\": []\n"
	            "}\n");
	free(out);
	broker_free(&b);
}

static void
test_render_table_golden(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 100);
	expect_text(out,
	            "Message broker for order events\n"
	            "method wsm · normalisation minmax · weighting direct, "
	            "normalised to sum 1 (given sum 13)\n"
	            "tradeoff 0.1.0\n"
	            "\n"
	            "rank  option     score\n"
	            "   1  Kafka     0.7692  ████████████████████\n"
	            "   2  RabbitMQ  0.6154  ████████████████\n"
	            "   -  Pulsar    rejected\n"
	            "        p99_ms = 80 breaks must <= 50: checkout SLO is 50 ms "
	            "p99\n"
	            "\n"
	            "weights: throughput 0.385 (5), p99_ms 0.231 (3), ops_cost "
	            "0.385 (5)\n");
	free(out);
	broker_free(&b);
}


/* ------------------------------------------------------------------------
 * CSV and JSON escaping
 * --------------------------------------------------------------------- */

/* One criterion "x" (weight 1, so weights are as given); options named as
 * given, all ranked 1..n in order with score 1/rank. */
static broker
named_new(const char *const *names, size_t n)
{
	broker b;
	size_t i;

	b.m = tdm_model_new();
	assert_non_null(b.m);
	add_crit(b.m, "x", 1, TDM_BETTER_HIGHER);
	for (i = 0; i < n; i++)
		add_opt(b.m, names[i]);
	b.r = result_new(b.m);
	for (i = 0; i < n; i++) {
		double norm = 1.0 / (double)(i + 1);
		set_ranked(b.r, i, (long)i + 1, &norm);
	}
	b.r->n_ranked = n;
	return b;
}

static void
test_render_csv_quoting(void **state)
{
	static const char *const names[] = {"a,b", "say \"hi\"", "two\nlines",
	                                    "cr\rhere", "plain"};
	broker b = named_new(names, 5);
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	expect_text(strstr(out, "rank,option"),
	            "rank,option,score,verdict,reason\n"
	            "1,\"a,b\",1,chosen,\n"
	            "2,\"say \"\"hi\"\"\",0.5,ranked,\n"
	            "3,\"two\nlines\",0.33333333333333331,ranked,\n"
	            "4,\"cr\rhere\",0.25,ranked,\n"
	            "5,plain,0.20000000000000001,ranked,\n");
	/* weights as given: no "normalised" comment */
	assert_null(strstr(out, "normalised"));
	assert_non_null(strstr(out, "# weights: x=1\n"));
	free(out);
	broker_free(&b);
}

/* Names around the length up to which a row is composed in one buffer
 * (96 bytes), plain and quoted: the same bytes either way. */
static void
test_render_csv_long_names(void **state)
{
	static const size_t lens[] = {95, 96, 97, 300};
	char names[4][301], quoted[160], want[2048];
	const char *list[5];
	broker b;
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		memset(names[i], (int)('a' + i), lens[i]);
		names[i][lens[i]] = '\0';
		list[i] = names[i];
	}
	/* 150 bytes with a comma and a quote: quoted, quotes doubled */
	memset(quoted, 'q', 150);
	quoted[10] = ',';
	quoted[20] = '"';
	quoted[150] = '\0';
	list[4] = quoted;
	b = named_new(list, 5);
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	snprintf(want, sizeof want,
	         "rank,option,score,verdict,reason\n"
	         "1,%s,1,chosen,\n"
	         "2,%s,0.5,ranked,\n"
	         "3,%s,0.33333333333333331,ranked,\n"
	         "4,%s,0.25,ranked,\n"
	         "5,\"%.20s\"%s\",0.20000000000000001,ranked,\n",
	         names[0], names[1], names[2], names[3], quoted, quoted + 20);
	expect_text(strstr(out, "rank,option"), want);
	free(out);
	broker_free(&b);
}

static void
test_render_csv_quotes_reasons(void **state)
{
	broker b = broker_new();
	tdm_value v = num(120);
	char *out;

	(void)state;
	free(b.m->criteria[1].because);
	b.m->criteria[1].because = dup("SLO, \"hard\" limit");
	add_reason(b.r, 2, TDM_REASON_MISSING, 2, &v, NULL);
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(strstr(out,
	                       "\n,Pulsar,,rejected,\"p99_ms = 80 breaks must <= "
	                       "50: SLO, \"\"hard\"\" limit; ops_cost is "
	                       "missing\"\n"));
	free(out);
	broker_free(&b);
}

/* User text in "# " comment lines cannot start a new line of the file. */
static void
test_render_csv_comment_lines_stay_comments(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	assert_int_equal(tdm_model_set_text(b.m, &b.m->title,
	                                    "Brokers\nrank,option,score", NULL),
	                 TDM_OK);
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(
	    strstr(out, "# decision: Brokers\\nrank,option,score\n"));
	/* the header appears once, at the start of a line */
	assert_non_null(strstr(out, "\nrank,option,score,verdict,reason\n"));
	assert_null(strstr(out, "\nrank,option,score\n"));
	free(out);
	broker_free(&b);
}

static void
test_render_json_escaping(void **state)
{
	static const char *const names[] = {
		"q\"b\\s", "ctl\x01\x1f\x7f", "nl\n\ttab", "caf\xc3\xa9 \xe6\x9d\xb1",
		"bad\xff", "ls\xe2\x80\xa8"};
	broker b = named_new(names, 6);
	char *out;

	(void)state;
	assert_int_equal(tdm_model_set_text(b.m, &b.m->context,
	                                    "line 1\r\nline 2", NULL),
	                 TDM_OK);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"option\": \"q\\\"b\\\\s\""));
	assert_non_null(strstr(out, "\"option\": \"ctl\\u0001\\u001f\\u007f\""));
	assert_non_null(strstr(out, "\"option\": \"nl\\n\\ttab\""));
	/* valid UTF-8 passes through */
	assert_non_null(strstr(out, "\"option\": \"caf\xc3\xa9 \xe6\x9d\xb1\""));
	/* invalid UTF-8 is replaced, so the document stays valid */
	assert_non_null(strstr(out, "\"option\": \"bad\\ufffd\""));
	assert_non_null(strstr(out, "\"option\": \"ls\\u2028\""));
	assert_non_null(strstr(out, "\"context\": \"line 1\\r\\nline 2\""));
	assert_null(strchr(out, '\x01'));
	free(out);
	broker_free(&b);
}

/* Neither csv nor json ever prints nan or inf: a non-finite score (a bug
 * upstream) is an empty cell or null. */
static void
test_render_nonfinite_numbers(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	b.r->options[1].score = NAN;
	b.r->options[1].contrib[0] = INFINITY;
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(strstr(out, "\n2,RabbitMQ,,ranked,\n"));
	assert_null(strstr(out, "nan"));
	free(out);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"score\": null,\n      \"verdict\": "
	                            "\"ranked\""));
	assert_non_null(strstr(out, "\"throughput\": null"));
	assert_null(strstr(out, "nan"));
	assert_null(strstr(out, "inf"));
	free(out);
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	assert_null(strstr(out, "nan"));
	free(out);
	broker_free(&b);
}

/* ------------------------------------------------------------------------
 * Table
 * --------------------------------------------------------------------- */

static void
test_render_table_without_color_has_no_escape(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	assert_null(strchr(out, '\x1b'));
	free(out);
	broker_free(&b);
}

static void
test_render_table_with_color(void **state)
{
	broker b = broker_new();
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_TABLE, 1, 0);
	/* chosen row bold green, bars cyan, rejected rows dim red */
	assert_non_null(strstr(out, "\x1b[1;32m   1  Kafka "));
	assert_non_null(strstr(out, "\x1b[36m\xe2\x96\x88"));
	assert_non_null(strstr(out, "\x1b[2;31m   -  Pulsar "));
	assert_non_null(strstr(out, "\x1b[0m\n"));
	free(out);
	broker_free(&b);
}

static void
test_render_table_escapes_control_characters(void **state)
{
	static const char *const names[] = {"evil\x1b[2Jname", "c1\xc2\x9bx",
	                                    "rtl\xe2\x80\xaeoff", "bad\xfe"};
	broker b = named_new(names, 4);
	tdm_value v;
	char *out;

	(void)state;
	assert_int_equal(tdm_model_set_text(b.m, &b.m->title,
	                                    "title\x07\x1b]0;pwned\x07", NULL),
	                 TDM_OK);
	/* the last option is rejected, with a hostile observed value */
	b.r->options[3].rank = 0;
	b.r->n_ranked = 3;
	memset(&v, 0, sizeof v);
	v.type = TDM_VAL_STRING;
	v.as.str = (char *)"\x1b[31mred\r";
	add_reason(b.r, 3, TDM_REASON_GUARDRAIL, 0, &v, "x\ty");
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_null(strchr(out, '\r'));
	assert_null(strchr(out, '\t'));
	assert_non_null(strstr(out, "title\\x07\\x1b]0;pwned\\x07\n"));
	assert_non_null(strstr(out, "evil\\x1b[2Jname"));
	assert_non_null(strstr(out, "c1\\u009bx"));
	assert_non_null(strstr(out, "rtl\\u202eoff"));
	assert_non_null(strstr(out, "bad\\xfe"));
	assert_non_null(strstr(out, "rejected\n"
	                            "        x = '\\x1b[31mred\\r' breaks a "
	                            "guardrail: x\\ty\n"));
	free(out);
	broker_free(&b);
}

/* Count display cells the simple way: code points, CJK as two. */
static size_t
cells(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) == 0x80)
			continue;
		/* U+4E00..U+9FFF, CJK ideographs, start with 0xe4..0xe9 */
		n += c >= 0xe4 && c <= 0xe9 ? 2 : 1;
	}
	return n;
}

/* Cells before `needle` on the line of `out` that contains `row`. */
static size_t
column_of(const char *out, const char *row, const char *needle)
{
	const char *line = strstr(out, row), *at;

	assert_non_null(line);
	while (line > out && line[-1] != '\n')
		line--;
	at = strstr(line, needle);
	assert_non_null(at);
	return cells(line, (size_t)(at - line));
}

static void
test_render_table_utf8_width(void **state)
{
	static const char *const names[] = {"Caf\xc3\xa9", "Kafka",
	                                    "\xe6\x9d\xb1\xe4\xba\xac"};
	broker b = named_new(names, 3);
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	/* é is one cell, 東京 four: the scores line up in cells */
	assert_int_equal(column_of(out, "Caf\xc3\xa9", "1.0000"),
	                 column_of(out, "Kafka", "0.5000"));
	assert_int_equal(column_of(out, "Kafka", "0.5000"),
	                 column_of(out, "\xe6\x9d\xb1", "0.3333"));
	assert_non_null(strstr(out, "   1  Caf\xc3\xa9    1.0000"));
	free(out);
	broker_free(&b);
}

/* No row is wider than the terminal: long names are cut with an ellipsis
 * (never in the middle of a UTF-8 sequence); reasons wrap, never cut. */
static void
test_render_table_fits_width(void **state)
{
	broker b = broker_new();
	const char *line, *end, *ell;
	char *out;
	int cut = 0;

	(void)state;
	free(b.m->criteria[1].because);
	b.m->criteria[1].because = dup("\xc3\xa9\xc3\xa9\xc3\xa9 the checkout "
	                               "SLO is 50 ms p99 and has been since "
	                               "2019, when we lost orders \xc3\xa9");
	free(b.m->options[1].name);
	b.m->options[1].name = dup("RabbitMQ with quorum queues and a very "
	                           "long name");
	out = render(b.r, TDM_FORMAT_TABLE, 0, 40);
	for (line = out; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		/* the parts of the method line wrap but are not cut */
		if (strncmp(line, "method ", 7) == 0 ||
		    strncmp(line, "weighting ", 10) == 0)
			continue;
		if (cells(line, (size_t)(end - line)) > 40)
			fail_msg("line wider than 40 cells: %.*s", (int)(end - line),
			         line);
		ell = strstr(line, "\xe2\x80\xa6");
		if (ell != NULL && ell < end)
			cut++;
	}
	assert_true(cut >= 1); /* the long name */
	/* the reason wraps and keeps every word */
	assert_non_null(strstr(out, "2019,"));
	assert_non_null(strstr(out, "orders \xc3\xa9\n"));
	/* the method line breaks between its parts */
	assert_non_null(strstr(out, "\nmethod wsm \xc2\xb7 normalisation minmax\n"
	                            "weighting direct, normalised to sum 1 (given "
	                            "sum 13)\n"
	                            "tradeoff 0.1.0\n\n"));
	assert_non_null(strstr(out, "   -  Pulsar  "));
	free(out);
	broker_free(&b);
}

static void
test_render_no_ranked_options(void **state)
{
	broker b = broker_new();
	tdm_value v = num(90);
	char *out;

	(void)state;
	add_reason(b.r, 0, TDM_REASON_GUARDRAIL, 1, &v, NULL);
	add_reason(b.r, 1, TDM_REASON_GUARDRAIL, 1, &v, NULL);
	b.r->options[0].rank = b.r->options[1].rank = 0;
	b.r->n_ranked = 0;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 100);
	assert_non_null(strstr(out, "\n\nno option passes every guardrail\n\n"
	                            "   -  Kafka     rejected\n"
	                            "        p99_ms = 90 "));
	assert_null(strstr(out, "score"));
	free(out);
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(strstr(out, "reason\n,Kafka,,rejected,p99_ms = 90 "));
	free(out);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_null(strstr(out, "\"rank\": 1"));
	assert_non_null(strstr(out, "\"option\": \"Kafka\",\n      \"rank\": "
	                            "null,\n      \"score\": null"));
	free(out);
	broker_free(&b);
}

static void
test_render_no_options(void **state)
{
	broker b = named_new(NULL, 0);
	char *out;

	(void)state;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	assert_non_null(strstr(out, "\nno options to rank\n"));
	free(out);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"options\": [],\n  \"notes\": []\n}\n"));
	free(out);
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(strstr(out, "\nrank,option,score,verdict,reason\n"));
	free(out);
	broker_free(&b);
}

/* Fixed scales are named wherever the normalisation is. */
static void
test_render_fixed_scale(void **state)
{
	broker b = broker_new();
	tdm_criterion *c = &b.m->criteria[2];
	char *out;

	(void)state;
	c->has_scale = 1;
	c->scale_lo = 0;
	c->scale_hi = 2.5;
	out = render(b.r, TDM_FORMAT_CSV, 0, 0);
	assert_non_null(strstr(out, "# normalization: minmax; scale 0..2.5 for "
	                            "ops_cost\n"));
	free(out);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"scale\": [\n        0,\n        2.5\n"
	                            "      ],"));
	free(out);
	out = render(b.r, TDM_FORMAT_TABLE, 0, 200);
	assert_non_null(strstr(out, "normalisation minmax (scale 0..2.5 for "
	                            "ops_cost) \xc2\xb7 "));
	free(out);
	broker_free(&b);
}

/* Where lower scores are better (and scores may be negative) the bar spans
 * the ranked range: the best (lowest) full, the worst empty. */
static void
test_render_table_lower_is_better(void **state)
{
	static const char *const names[] = {"A", "B", "C"};
	broker b = named_new(names, 3);
	char *out;

	(void)state;
	b.r->direction = TDM_DIR_LOWER;
	b.r->options[0].score = -0.5;
	b.r->options[1].score = 0.25;
	b.r->options[2].score = 1;
	out = render(b.r, TDM_FORMAT_TABLE, 0, 0);
	assert_non_null(strstr(out, "method wsm (lower scores are better)"));
	/* 20 full blocks, then 10, then none (and no trailing blanks) */
	assert_non_null(strstr(out, "   1  A       -0.5000  \xe2\x96\x88"));
	assert_non_null(strstr(out, "\xe2\x96\x88\xe2\x96\x88\n   2"));
	assert_non_null(strstr(out, "   3  C        1.0000\n"));
	free(out);
	broker_free(&b);
}

/* ------------------------------------------------------------------------
 * Reasons
 * --------------------------------------------------------------------- */

static void
test_render_reason_format_guardrail(void **state)
{
	broker b = broker_new();
	tdm_criterion *c;
	tdm_reason rs;
	tdm_value s;
	char buf[256];

	(void)state;
	memset(&rs, 0, sizeof rs);
	rs.kind = TDM_REASON_GUARDRAIL;
	rs.criterion = 1;
	rs.observed = num(80);
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "p99_ms = 80 breaks must <= 50: checkout SLO is 50 "
	                    "ms p99");
	/* a string value is quoted; no because, no ": " */
	c = add_crit(b.m, "durability", 1, TDM_BETTER_HIGHER);
	set_must(c, "== 'replicated'", NULL);
	memset(&s, 0, sizeof s);
	s.type = TDM_VAL_STRING;
	s.as.str = (char *)"async";
	rs.criterion = 3;
	rs.observed = s;
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "durability = 'async' breaks must == 'replicated'");
	broker_free(&b);
}

static void
test_render_reason_format_truncates_safely(void **state)
{
	broker b = broker_new();
	tdm_reason rs;
	char buf[8];

	(void)state;
	free(b.m->criteria[1].name);
	b.m->criteria[1].name = dup("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	memset(&rs, 0, sizeof rs);
	rs.kind = TDM_REASON_GUARDRAIL;
	rs.criterion = 1;
	rs.observed = num(80);
	/* 7 bytes would cut the fourth é in half: stop before it */
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, 4), "\xc3\xa9");
	buf[0] = 'x';
	tdm_reason_format(b.r, &rs, buf, 0);
	assert_int_equal(buf[0], 'x');
	broker_free(&b);
}

static void
test_render_reason_missing(void **state)
{
	broker b = broker_new();
	tdm_reason rs;
	char buf[256];
	char *out;

	(void)state;
	memset(&rs, 0, sizeof rs);
	rs.kind = TDM_REASON_MISSING;
	rs.criterion = 1;
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "p99_ms is missing, so must <= 50 cannot be checked: "
	                    "checkout SLO is 50 ms p99");
	rs.criterion = 2;
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "ops_cost is missing");
	/* in a result: JSON value null, text as above */
	add_reason(b.r, 2, TDM_REASON_MISSING, 2, &rs.observed, NULL);
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"kind\": \"missing\",\n"
	                            "          \"criterion\": \"ops_cost\",\n"
	                            "          \"value\": null,\n"));
	assert_non_null(strstr(out, "\"text\": \"ops_cost is missing\"\n"));
	free(out);
	out = render(b.r, TDM_FORMAT_TABLE, 0, 200);
	assert_non_null(strstr(out, "rejected\n"
	                            "        p99_ms = 80 breaks must <= 50: "
	                            "checkout SLO is 50 ms p99\n"
	                            "        ops_cost is missing\n"));
	free(out);
	broker_free(&b);
}

static void
test_render_reason_must_function(void **state)
{
	broker b = broker_new();
	tdm_criterion *c;
	tdm_reason rs;
	char buf[256];
	char *out;

	(void)state;
	c = add_crit(b.m, "region", 1, TDM_BETTER_HIGHER);
	c->must.is_set = 1;
	c->must.fn = 7;
	c->must.text = dup("function(v) return v ~= 'us-east-1' end");
	c->because = dup("data must stay in the EU");
	memset(&rs, 0, sizeof rs);
	rs.kind = TDM_REASON_GUARDRAIL;
	rs.criterion = 3;
	rs.observed.type = TDM_VAL_STRING;
	rs.observed.as.str = (char *)"us-east-1";
	rs.detail = (char *)"region is outside the EU";
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "region = 'us-east-1' fails its must function: "
	                    "region is outside the EU: data must stay in the EU");
	rs.detail = NULL;
	free(c->because);
	c->because = NULL;
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "region = 'us-east-1' fails its must function");
	rs.kind = TDM_REASON_MISSING;
	assert_string_equal(tdm_reason_format(b.r, &rs, buf, sizeof buf),
	                    "region is missing, so its must function cannot be "
	                    "checked");
	/* JSON says which kind of must it is */
	c = &b.m->criteria[3];
	c->because = dup("EU only");
	rs.kind = TDM_REASON_GUARDRAIL;
	/* the weights array must cover the new criterion */
	b.r->weights = realloc(b.r->weights, 4 * sizeof(double));
	assert_non_null(b.r->weights);
	b.r->weights[3] = 0;
	b.r->n_criteria = 4;
	add_reason(b.r, 2, TDM_REASON_GUARDRAIL, 3, &rs.observed, "not EU");
	out = render(b.r, TDM_FORMAT_JSON, 0, 0);
	assert_non_null(strstr(out, "\"must_is_function\": true"));
	assert_non_null(strstr(out, "\"detail\": \"not EU\",\n          \"text\": "
	                            "\"region = 'us-east-1' fails its must "
	                            "function: not EU: EU only\""));
	free(out);
	broker_free(&b);
}

/* ------------------------------------------------------------------------
 * Errors and names
 * --------------------------------------------------------------------- */

static void
test_render_write_failure(void **state)
{
	static const tdm_format formats[] = {TDM_FORMAT_TABLE, TDM_FORMAT_CSV,
	                                     TDM_FORMAT_JSON};
	broker b = broker_new();
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 0, 0};
	tdm_error err;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		sink s = {0};
		s.fail_on = 1;
		spec.format = formats[i];
		tdm_error_clear(&err);
		assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, &err), TDM_IO);
		assert_int_equal(err.code, TDM_IO);
		assert_string_equal(err.message, "write failed");
		assert_int_equal(s.calls, 1); /* nothing written after the failure */
		sink_free(&s);
	}
	broker_free(&b);
}

/* A long output reaches the callback in several writes; after the one that
 * fails, no more. */
static void
test_render_write_failure_stops_writing(void **state)
{
	const char *names[300];
	char storage[300][48];
	tdm_render_spec spec = {TDM_FORMAT_JSON, 0, 0, 0};
	broker b;
	sink s = {0};
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(storage[i], sizeof storage[i], "option number %zu", i);
		names[i] = storage[i];
	}
	b = named_new(names, 300);
	/* how many writes the whole output takes */
	assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, NULL), TDM_OK);
	assert_true(s.calls > 3);
	sink_free(&s);
	s.fail_on = 2;
	assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, NULL), TDM_IO);
	assert_int_equal(s.calls, 2);
	sink_free(&s);
	broker_free(&b);
}

static void
test_render_rejects_bad_input(void **state)
{
	broker b = broker_new();
	tdm_render_spec spec = {(tdm_format)42, 0, 0, 0};
	sink s = {0};
	tdm_error err;

	(void)state;
	assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, &err), TDM_USAGE);
	assert_non_null(strstr(err.message, "unknown output format"));
	assert_int_equal(tdm_render(NULL, &spec, sink_write, &s, &err),
	                 TDM_USAGE);
	/* the model lost an option since the result was made */
	spec.format = TDM_FORMAT_CSV;
	b.r->n_options = 4;
	assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, &err), TDM_EVAL);
	assert_non_null(strstr(err.message, "does not match its model"));
	b.r->n_options = 3;
	/* a criterion was added since */
	b.r->n_criteria--;
	assert_int_equal(tdm_render(b.r, &spec, sink_write, &s, &err), TDM_EVAL);
	b.r->n_criteria++;
	assert_int_equal(s.calls, 0);
	broker_free(&b);
}

static void
test_render_format_from_name(void **state)
{
	(void)state;
	assert_int_equal(tdm_format_from_name("table"), TDM_FORMAT_TABLE);
	assert_int_equal(tdm_format_from_name("csv"), TDM_FORMAT_CSV);
	assert_int_equal(tdm_format_from_name("json"), TDM_FORMAT_JSON);
	assert_int_equal(tdm_format_from_name("JSON"), -1);
	assert_int_equal(tdm_format_from_name("md"), TDM_FORMAT_MD);
	assert_int_equal(tdm_format_from_name("markdown"), -1);
	assert_int_equal(tdm_format_from_name(""), -1);
	assert_int_equal(tdm_format_from_name(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_csv_golden),
		cmocka_unit_test(test_render_json_golden),
		cmocka_unit_test(test_render_table_golden),
		cmocka_unit_test(test_render_csv_quoting),
		cmocka_unit_test(test_render_csv_long_names),
		cmocka_unit_test(test_render_csv_quotes_reasons),
		cmocka_unit_test(test_render_csv_comment_lines_stay_comments),
		cmocka_unit_test(test_render_json_escaping),
		cmocka_unit_test(test_render_nonfinite_numbers),
		cmocka_unit_test(test_render_table_without_color_has_no_escape),
		cmocka_unit_test(test_render_table_with_color),
		cmocka_unit_test(test_render_table_escapes_control_characters),
		cmocka_unit_test(test_render_table_utf8_width),
		cmocka_unit_test(test_render_table_fits_width),
		cmocka_unit_test(test_render_no_ranked_options),
		cmocka_unit_test(test_render_no_options),
		cmocka_unit_test(test_render_fixed_scale),
		cmocka_unit_test(test_render_table_lower_is_better),
		cmocka_unit_test(test_render_reason_format_guardrail),
		cmocka_unit_test(test_render_reason_format_truncates_safely),
		cmocka_unit_test(test_render_reason_missing),
		cmocka_unit_test(test_render_reason_must_function),
		cmocka_unit_test(test_render_write_failure),
		cmocka_unit_test(test_render_write_failure_stops_writing),
		cmocka_unit_test(test_render_rejects_bad_input),
		cmocka_unit_test(test_render_format_from_name),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
