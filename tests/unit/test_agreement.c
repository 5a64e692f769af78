/*
 * Unit tests for agreement.c: Kendall tau-b and Spearman rho against
 * hand-computed and published values (with and without ties), the
 * degenerate cases, and tdm_method_agreement on decisions where every
 * method agrees, where they disagree (the cause names the criteria), where
 * a method refuses the data, on one ranked option, and twice in a row.
 * Leaks are caught by the AddressSanitizer build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "tdm.h"
#include "tdm_test.h"


/* ------------------------------------------------------------------------
 * Rank correlation
 * --------------------------------------------------------------------- */

/* No ties, by hand: pairs (i < j) of a = 1..5 against b = 3 4 1 2 5 are
 * 6 concordant, 4 discordant: tau = 2 / 10. d = -2 -2 2 2 0, sum d^2 =
 * 16: rho = 1 - 6 * 16 / (5 * 24) = 0.2. */
static void
test_agreement_tau_rho_by_hand(void **state)
{
	static const long a[] = {1, 2, 3, 4, 5}, b[] = {3, 4, 1, 2, 5};
	static const long rev[] = {5, 4, 3, 2, 1};

	(void)state;
	assert_near(tdm__kendall_tau_b(a, b, 5), 0.2, 1e-15);
	assert_near(tdm__spearman_rho(a, b, 5), 0.2, 1e-15);
	assert_near(tdm__kendall_tau_b(a, a, 5), 1, 1e-15);
	assert_near(tdm__spearman_rho(a, a, 5), 1, 1e-15);
	assert_near(tdm__kendall_tau_b(a, rev, 5), -1, 1e-15);
	assert_near(tdm__spearman_rho(a, rev, 5), -1, 1e-15);
}

/* With ties: scipy.stats.kendalltau's documented example, x = 12 2 1 12 2,
 * y = 1 4 7 1 0, gives tau-b = -0.47140452079103173 (= -1/sqrt(4.5):
 * n_c - n_d = -4, n_0 = 10, 2 pairs tied in x, 1 in y, so
 * -4 / sqrt(8 * 9)). scipy.stats.spearmanr's documented example,
 * [1 2 3 4 5] against [5 6 7 8 7] (mid-ranks 1 2 3.5 5 3.5), gives
 * 0.82078268166812329. */
static void
test_agreement_tau_rho_with_ties_scipy(void **state)
{
	static const long x[] = {12, 2, 1, 12, 2}, y[] = {1, 4, 7, 1, 0};
	static const long u[] = {1, 2, 3, 4, 5}, v[] = {5, 6, 7, 8, 7};

	(void)state;
	assert_near(tdm__kendall_tau_b(x, y, 5), -0.47140452079103173, 1e-15);
	assert_near(tdm__kendall_tau_b(x, y, 5), -4 / sqrt(72), 1e-15);
	assert_near(tdm__spearman_rho(u, v, 5), 0.82078268166812329, 1e-15);
}

/* Competition ranks (1 2 2 4) and mid-ranks measure the same thing: rho
 * depends only on the order. Degenerate: fewer than two options, or both
 * rankings all tied, give 1; one all tied, 0. Never NaN. */
static void
test_agreement_tau_rho_degenerate(void **state)
{
	static const long a[] = {1, 2, 2, 4}, b[] = {1, 2, 2, 3};
	static const long flat[] = {1, 1, 1, 1}, c[] = {1, 2, 3, 4};

	(void)state;
	assert_near(tdm__kendall_tau_b(a, b, 4), 1, 1e-15);
	assert_near(tdm__spearman_rho(a, b, 4), 1, 1e-15);
	assert_near(tdm__kendall_tau_b(a, a, 1), 1, 0);
	assert_near(tdm__spearman_rho(a, a, 0), 1, 0);
	assert_near(tdm__kendall_tau_b(flat, flat, 4), 1, 0);
	assert_near(tdm__spearman_rho(flat, flat, 4), 1, 0);
	assert_near(tdm__kendall_tau_b(flat, c, 4), 0, 0);
	assert_near(tdm__spearman_rho(c, flat, 4), 0, 0);
}

/* ------------------------------------------------------------------------
 * Decisions
 * --------------------------------------------------------------------- */

typedef struct loaded {
	tdm_model *m;
	tdm_decl *d;
	tdm_hooks h;
	tdm_result *r;
} loaded;

static loaded
load(const char *name, const char *text)
{
	loaded l;
	tdm_error e;

	l.m = tdm_model_new();
	l.d = tdm_decl_new(NULL, NULL, NULL);
	assert_non_null(l.m);
	assert_non_null(l.d);
	if (name != NULL)
		assert_int_equal(tdm_decl_load_file(l.d, name, l.m, &e), TDM_OK);
	else
		assert_int_equal(tdm_decl_load_buffer(l.d, "t.lua", text,
		                                      strlen(text), l.m, &e),
		                 TDM_OK);
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

static size_t
method_index(const tdm_agreement *a, const char *name)
{
	size_t k;

	for (k = 0; k < a->n_methods; k++)
		if (strcmp(a->methods[k], name) == 0)
			return k;
	fail_msg("method %s not in the agreement", name);
	return 0;
}

/* One option better on everything: every method ranks the same, tau and
 * rho are 1 everywhere, no cause. */
static void
test_agreement_all_agree(void **state)
{
	loaded l = load(NULL,
	                "criterion 'speed' { weight = 2, better = 'higher' }\n"
	                "criterion 'cost' { weight = 1, better = 'lower' }\n"
	                "option 'A' { speed = 30, cost = 1 }\n"
	                "option 'B' { speed = 20, cost = 2 }\n"
	                "option 'C' { speed = 10, cost = 3 }\n");
	tdm_agreement *a = NULL;
	tdm_error e;
	size_t k, j;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_int_equal(a->n_methods, 9);
	assert_string_equal(a->skipped, "");
	assert_int_equal(a->n, 3);
	assert_true(a->same_winner);
	assert_string_equal(a->cause, "");
	for (k = 0; k < a->n_methods; k++) {
		assert_int_equal(a->winners[k], 0);
		for (j = 0; j < a->n; j++)
			assert_int_equal(a->ranks[k * a->n + j], (long)j + 1);
		for (j = 0; j < a->n_methods; j++) {
			assert_near(a->tau[k * a->n_methods + j], 1, 1e-15);
			assert_near(a->rho[k * a->n_methods + j], 1, 1e-15);
		}
	}
	tdm_agreement_free(a);
	unload(&l);
}

/* A is the best on latency and ops_cost and in the bottom third on
 * throughput; C is balanced. wsm picks A, vikor (among others) C: the
 * cause says why and names the criteria. */
static const char lopsided_text[] =
	"criterion 'throughput' { weight = 5, better = 'higher' }\n"
	"criterion 'latency' { weight = 3, better = 'lower' }\n"
	"criterion 'ops_cost' { weight = 5, better = 'lower' }\n"
	"option 'A' { throughput = 4, latency = 6, ops_cost = 1 }\n"
	"option 'B' { throughput = 10, latency = 6, ops_cost = 8 }\n"
	"option 'C' { throughput = 6, latency = 7, ops_cost = 2 }\n"
	"option 'D' { throughput = 1, latency = 8, ops_cost = 8 }\n";

static void
test_agreement_disagree_names_criteria(void **state)
{
	loaded l = load(NULL, lopsided_text);
	tdm_agreement *a = NULL;
	tdm_error e;
	size_t k, j;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_false(a->same_winner);
	assert_int_equal(a->winners[method_index(a, "wsm")], 0);   /* A */
	assert_int_equal(a->winners[method_index(a, "vikor")], 2); /* C */
	assert_non_null(strstr(a->cause, "A wins under wsm"));
	assert_non_null(strstr(a->cause, "because it is excellent on latency "
	                                 "and ops_cost and poor on throughput"));
	assert_non_null(strstr(a->cause, "C wins under"));
	assert_non_null(strstr(a->cause, "vikor rewards being good on every "
	                                 "criterion"));
	/* the matrices are symmetric with 1 on the diagonal, in [-1, 1] */
	for (k = 0; k < a->n_methods; k++)
		for (j = 0; j < a->n_methods; j++) {
			double t = a->tau[k * a->n_methods + j];
			double r = a->rho[k * a->n_methods + j];
			assert_near(t, a->tau[j * a->n_methods + k], 0);
			assert_near(r, a->rho[j * a->n_methods + k], 0);
			assert_true(t >= -1 && t <= 1 && r >= -1 && r <= 1);
			if (j == k)
				assert_near(t * r, 1, 0);
		}
	/* ranks are kept in r's order: wsm's are 1..n */
	for (j = 0; j < a->n; j++) {
		assert_int_equal(a->options[j], l.r->order[j]);
		assert_int_equal(a->ranks[method_index(a, "wsm") * a->n + j],
		                 l.r->options[l.r->order[j]].rank);
	}
	tdm_agreement_free(a);
	unload(&l);
}

/* The example: wpm refuses a 0 (team_fit "none"), the rest disagree and
 * the cause says who wins where and what each is ahead on. */
static void
test_agreement_message_broker_skips_wpm(void **state)
{
	loaded l = load("examples/message-broker.lua", NULL);
	tdm_agreement *a = NULL;
	tdm_error e;
	size_t k;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_string_equal(a->skipped, "wpm (needs values > 0)");
	assert_int_equal(a->n_methods, 8);
	for (k = 0; k < a->n_methods; k++)
		assert_string_not_equal(a->methods[k], "wpm");
	assert_false(a->same_winner);
	assert_string_equal(l.m->options[a->winners[method_index(a, "wsm")]].name,
	                    "Kafka");
	assert_non_null(strstr(a->cause, "Kafka wins under wsm"));
	assert_non_null(strstr(a->cause, "NATS JetStream wins under"));
	assert_non_null(strstr(a->cause, "Kafka is ahead on"));
	assert_non_null(strstr(a->cause, "throughput"));
	assert_non_null(strstr(a->cause, "ops_cost"));
	tdm_agreement_free(a);
	unload(&l);
}

/* One ranked option (the other fails a guardrail): agreement is trivial,
 * tau = rho = 1 by definition. */
static void
test_agreement_one_option(void **state)
{
	loaded l = load(NULL,
	                "criterion 'speed' { weight = 1, better = 'higher',"
	                " must = '>= 5' }\n"
	                "criterion 'cost' { weight = 1, better = 'lower' }\n"
	                "option 'A' { speed = 10, cost = 3 }\n"
	                "option 'B' { speed = 1, cost = 1 }\n");
	tdm_agreement *a = NULL;
	tdm_error e;
	size_t k;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_int_equal(a->n, 1);
	assert_int_equal(a->options[0], 0);
	assert_true(a->same_winner);
	for (k = 0; k < a->n_methods; k++) {
		assert_int_equal(a->ranks[k], 1);
		assert_int_equal(a->winners[k], 0);
		assert_near(a->tau[k], 1, 0);
		assert_near(a->rho[k], 1, 0);
	}
	tdm_agreement_free(a);
	unload(&l);
}

/* Identical options tie under every method: ranks 1 1, the same winner
 * (the first in r's order), tau = rho = 1. */
static void
test_agreement_constant_scores(void **state)
{
	loaded l = load(NULL,
	                "criterion 'speed' { weight = 1, better = 'higher' }\n"
	                "criterion 'cost' { weight = 1, better = 'lower' }\n"
	                "option 'A' { speed = 2, cost = 3 }\n"
	                "option 'B' { speed = 2, cost = 3 }\n");
	tdm_agreement *a = NULL;
	tdm_error e;
	size_t k;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_int_equal(a->n, 2);
	assert_true(a->same_winner);
	for (k = 0; k < a->n_methods; k++) {
		assert_int_equal(a->ranks[k * 2], 1);
		assert_int_equal(a->ranks[k * 2 + 1], 1);
		assert_int_equal(a->winners[k], a->options[0]);
		assert_near(a->tau[k], 1, 0);
		assert_near(a->rho[k], 1, 0);
	}
	tdm_agreement_free(a);
	unload(&l);
}

/* Same input, same output, to the bit. */
static void
test_agreement_deterministic(void **state)
{
	loaded l = load(NULL, lopsided_text);
	tdm_agreement *a = NULL, *b = NULL;
	tdm_error e;
	size_t nm, n;

	(void)state;
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &a, &e), TDM_OK);
	assert_int_equal(tdm_method_agreement(l.m, &l.h, l.r, &b, &e), TDM_OK);
	nm = a->n_methods, n = a->n;
	assert_int_equal(b->n_methods, nm);
	assert_int_equal(b->n, n);
	assert_memory_equal(a->methods, b->methods, nm * sizeof *a->methods);
	assert_memory_equal(a->ranks, b->ranks, nm * n * sizeof *a->ranks);
	assert_memory_equal(a->winners, b->winners, nm * sizeof *a->winners);
	assert_memory_equal(a->tau, b->tau, nm * nm * sizeof *a->tau);
	assert_memory_equal(a->rho, b->rho, nm * nm * sizeof *a->rho);
	assert_string_equal(a->cause, b->cause);
	assert_string_equal(a->skipped, b->skipped);
	tdm_agreement_free(a);
	tdm_agreement_free(b);
	tdm_agreement_free(NULL);
	unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreement_tau_rho_by_hand),
		cmocka_unit_test(test_agreement_tau_rho_with_ties_scipy),
		cmocka_unit_test(test_agreement_tau_rho_degenerate),
		cmocka_unit_test(test_agreement_all_agree),
		cmocka_unit_test(test_agreement_disagree_names_criteria),
		cmocka_unit_test(test_agreement_message_broker_skips_wpm),
		cmocka_unit_test(test_agreement_one_option),
		cmocka_unit_test(test_agreement_constant_scores),
		cmocka_unit_test(test_agreement_deterministic),
	};

	return cmocka_run_group_tests_name("agreement", tests, NULL, NULL);
}
