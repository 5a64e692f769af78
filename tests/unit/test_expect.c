/*
 * Unit tests for `expect` in decision files (lua_decl.c) and their
 * checking (expect.c): what is read, what passes, what fails and the
 * words and numbers of a failure, on decisions loaded from text.
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

#include "expect.h"
#include "tdm.h"
#include "tdm_test.h"

/* NATS 0.6, Kafka 0.4875, RabbitMQ 0.1405 (wsm); Pulsar rejected,
 * as-if rank 4. Throughput's weight 0.4 may rise to 0.4607 (+15.2 %). */
#define BODY                                                              \
	"decision 'Broker' { method = 'wsm' }\n"                              \
	"criterion 'throughput' { weight = 0.40, better = 'higher' }\n"       \
	"criterion 'ops' { weight = 0.35, better = 'lower' }\n"               \
	"criterion 'latency' { weight = 0.25, better = 'lower',\n"            \
	"  must = '<= 50', because = 'SLO' }\n"                               \
	"option 'Kafka' { throughput = 100, ops = 10, latency = 20 }\n"       \
	"option 'RabbitMQ' { throughput = 40, ops = 12, latency = 15 }\n"     \
	"option 'NATS' { throughput = 30, ops = 4, latency = 5 }\n"

#define PULSAR_LOSES                                                      \
	"option 'Pulsar' { throughput = 60, ops = 30, latency = 80 }\n"
#define PULSAR_WINS                                                       \
	"option 'Pulsar' { throughput = 200, ops = 2, latency = 80 }\n"

typedef struct {
	tdm_decl *d;
	tdm_model *m;
	tdm_result *r;
	tdm_hooks h;
	tdm_expect_outcome out[16];
	size_t n, n_failed;
} fixture;

static tdm_status
load(fixture *f, const char *text, tdm_error *err)
{
	tdm_status s;

	memset(f, 0, sizeof *f);
	f->d = tdm_decl_new(NULL, NULL, NULL);
	f->m = tdm_model_new();
	assert_non_null(f->d);
	assert_non_null(f->m);
	s = tdm_decl_load_buffer(f->d, "t.lua", text, strlen(text), f->m, err);
	if (s != TDM_OK)
		return s;
	f->h = tdm_decl_hooks(f->d);
	return tdm_evaluate(f->m, &f->h, NULL, &f->r, err);
}

/* Load and check; returns the number of failed expectations. */
static size_t
check(fixture *f, const char *text)
{
	tdm_error err;
	const tdm_expectation *e;

	assert_int_equal(load(f, text, &err), TDM_OK);
	e = tdm__decl_expectations(f->d, &f->n);
	assert_true(f->n <= 16);
	assert_int_equal(tdm__expect_check(f->m, &f->h, f->r, e, f->n, f->out,
	                                   &f->n_failed, &err),
	                 TDM_OK);
	return f->n_failed;
}

static void
done(fixture *f)
{
	tdm_result_free(f->r);
	tdm_model_free(f->m);
	tdm_decl_free(f->d);
}

static void
contains(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("'%s' does not contain '%s'", text, part);
}

static void
test_read(void **state)
{
	fixture f;
	const tdm_expectation *e;
	tdm_error err;
	size_t n;

	(void)state;
	assert_int_equal(
	    load(&f,
	         BODY PULSAR_LOSES
	         "expect { winner = 'NATS', rank = { RabbitMQ = 3, Kafka = 2 },\n"
	         "  min_margin = 0.02 }\n"
	         "expect { stable_within = 0.1, never_chosen_if_rejected = true }\n"
	         "expect { never_chosen_if_rejected = false }\n",
	         &err),
	    TDM_OK);
	e = tdm__decl_expectations(f.d, &n);
	assert_int_equal(n, 6);
	assert_int_equal(e[0].kind, TDM_EXPECT_WINNER);
	assert_string_equal(e[0].option, "NATS");
	assert_int_equal(e[0].line, 10);
	/* rank entries sorted by name, whatever the hash order */
	assert_int_equal(e[1].kind, TDM_EXPECT_RANK);
	assert_string_equal(e[1].option, "Kafka");
	assert_int_equal(e[1].rank, 2);
	assert_string_equal(e[2].option, "RabbitMQ");
	assert_int_equal(e[3].kind, TDM_EXPECT_MIN_MARGIN);
	assert_near(e[3].number, 0.02, 0);
	assert_int_equal(e[4].kind, TDM_EXPECT_STABLE_WITHIN);
	assert_int_equal(e[5].kind, TDM_EXPECT_NEVER_CHOSEN_IF_REJECTED);
	assert_int_equal(e[5].line, 12);
	done(&f);
}

static void
test_bad(void **state)
{
	static const struct {
		const char *text, *part;
	} cases[] = {
		{"expect { winer = 'NATS' }", "did you mean 'winner'"},
		{"expect { }", "nothing is expected"},
		{"expect 'NATS'", "expected a table"},
		{"expect { winner = 3 }", "winner must be an option's name"},
		{"expect { rank = { NATS = 0 } }", "whole number >= 1"},
		{"expect { rank = { NATS = 1.5 } }", "whole number >= 1"},
		{"expect { rank = 'NATS' }", "rank must be a table"},
		{"expect { min_margin = -0.1 }", "from 0 to 1"},
		{"expect { stable_within = 0 }", "above 0 and below 1"},
		{"expect { stable_within = 0/0 }", "finite"},
		{"expect { never_chosen_if_rejected = 1 }", "true or false"},
	};
	size_t i;
	char text[1024];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fixture f;
		tdm_error err;
		snprintf(text, sizeof text, "%s%s\n", BODY PULSAR_LOSES,
		         cases[i].text);
		assert_int_equal(load(&f, text, &err), TDM_DATA);
		contains(err.message, cases[i].part);
		assert_int_equal(err.line, 10);
		done(&f);
	}
}

static void
test_all_pass(void **state)
{
	fixture f;
	size_t i;

	(void)state;
	assert_int_equal(
	    check(&f, BODY PULSAR_LOSES
	          "expect { winner = 'NATS', rank = { Kafka = 2, RabbitMQ = 3 } }\n"
	          "expect { min_margin = 0.24, stable_within = 0.15 }\n"
	          "expect { never_chosen_if_rejected = true }\n"),
	    0);
	assert_int_equal(f.n, 6);
	for (i = 0; i < f.n; i++)
		assert_true(f.out[i].ok);
	assert_string_equal(f.out[0].text, "t.lua:10: winner = 'NATS'");
	done(&f);
}

static void
test_winner_and_rank_fail(void **state)
{
	fixture f;

	(void)state;
	assert_int_equal(check(&f, BODY PULSAR_LOSES
	                       "expect { winner = 'Kafka' }\n"
	                       "expect { rank = { Pulsar = 1, Redis = 2 } }\n"),
	                 3);
	contains(f.out[0].text, "the winner is 'NATS' (score 0.6); 'Kafka' ranks "
	                        "2 of 3 (score 0.4875 vs 0.6)");
	contains(f.out[1].text, "'Pulsar' is not ranked (rejected)");
	contains(f.out[2].text, "rank of 'Redis' = 2: no option is called that");
	done(&f);
}

static void
test_margin(void **state)
{
	fixture f;

	(void)state;
	assert_int_equal(check(&f, BODY PULSAR_LOSES
	                       "expect { min_margin = 0.25 }\n"),
	                 1);
	/* (0.6 - 0.4875) / (0.6 - 0.1405) */
	assert_near(tdm__expect_margin(f.r), 0.1125 / (0.6 - 0.140476190476),
	            1e-6);
	contains(f.out[0].text, "'NATS' leads 'Kafka' by 24.48 % of the score "
	                        "range (25 % asked)");
	done(&f);
}

static void
test_stable(void **state)
{
	fixture f;

	(void)state;
	/* throughput may rise 15.17 %: 0.15 holds, 0.16 does not */
	assert_int_equal(check(&f, BODY PULSAR_LOSES
	                       "expect { stable_within = 0.15 }\n"),
	                 0);
	done(&f);
	assert_int_equal(check(&f, BODY PULSAR_LOSES
	                       "expect { stable_within = 0.16 }\n"),
	                 1);
	contains(f.out[0].text, "the weight of 'throughput' (0.4) can rise only "
	                        "to 0.4607 (+15.17 %) before 'Kafka' takes over");
	done(&f);
}

static void
test_guardrail(void **state)
{
	fixture f;

	(void)state;
	assert_int_equal(check(&f, BODY PULSAR_WINS
	                       "expect { never_chosen_if_rejected = true }\n"),
	                 1);
	contains(f.out[0].text, "'Pulsar' is rejected (latency = 80 breaks must "
	                        "<= 50: SLO) but would rank 1 of 4");
	done(&f);
}

static void
test_nothing_ranked(void **state)
{
	fixture f;

	(void)state;
	assert_int_equal(
	    check(&f, "criterion 'x' { weight = 1, better = 'higher',"
	              " must = '>= 10' }\n"
	              "option 'a' { x = 1 }\noption 'b' { x = 2 }\n"
	              "expect { winner = 'a', min_margin = 0.1,"
	              " stable_within = 0.1, never_chosen_if_rejected = true }\n"),
	    4);
	contains(f.out[0].text, "no option passes every guardrail");
	contains(f.out[1].text, "no option passes every guardrail");
	contains(f.out[2].text, "no option passes every guardrail");
	/* b would win without the guardrail */
	contains(f.out[3].text, "'b' is rejected (x = 2 breaks must >= 10) but "
	                        "would rank 1 of 2");
	done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_all_pass),
		cmocka_unit_test(test_winner_and_rank_fail),
		cmocka_unit_test(test_margin),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_guardrail),
		cmocka_unit_test(test_nothing_ranked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
