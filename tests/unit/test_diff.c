/*
 * Unit tests for decision diffs (diff.c, render_diff.c): what is reported
 * changed, and which edit alone accounts for a new winner.
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

#include "diff.h"
#include "tdm.h"
#include "tdm_test.h"

#define HEAD "decision 'B' { method = 'wsm' }\n"
#define OPTS                                                              \
	"option 'Kafka' { throughput = 100, ops = 10, latency = 20 }\n"       \
	"option 'RabbitMQ' { throughput = 40, ops = 12, latency = 15 }\n"     \
	"option 'NATS' { throughput = 30, ops = 4, latency = 5 }\n"
#define CRITS(w)                                                          \
	"criterion 'throughput' { weight = " w ", better = 'higher' }\n"      \
	"criterion 'ops' { weight = 0.3, better = 'lower' }\n"                \
	"criterion 'latency' { weight = 0.2, better = 'lower',"               \
	" must = '<= 50' }\n"

typedef struct {
	tdm_decl *d;
	tdm_model *m;
	tdm_result *r;
	tdm_hooks h;
} ver;

static void
load(ver *v, const char *text)
{
	v->d = tdm_decl_new(NULL, NULL, NULL);
	v->m = tdm_model_new();
	assert_int_equal(tdm_decl_load_buffer(v->d, "t.lua", text, strlen(text),
	                                      v->m, NULL),
	                 TDM_OK);
	v->h = tdm_decl_hooks(v->d);
	assert_int_equal(tdm_evaluate(v->m, &v->h, NULL, &v->r, NULL), TDM_OK);
}

static void
unload(ver *v)
{
	tdm_result_free(v->r);
	tdm_model_free(v->m);
	tdm_decl_free(v->d);
}

typedef struct {
	char buf[8192];
	size_t len;
} sink;

static int
to_sink(void *ud, const char *b, size_t n)
{
	sink *s = ud;
	if (s->len + n >= sizeof s->buf)
		return -1;
	memcpy(s->buf + s->len, b, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return 0;
}

static void
test_weight_flips(void **state)
{
	ver a, b;
	tdm_diff *d;
	sink out = {{0}, 0};
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 80, 0};

	(void)state;
	load(&a, HEAD CRITS("0.5") OPTS);
	load(&b, HEAD CRITS("0.3") OPTS);
	assert_int_equal(tdm__diff(a.m, &a.h, a.r, b.m, b.r, &d, NULL), TDM_OK);
	assert_string_equal(d->old_winner, "Kafka");
	assert_string_equal(d->new_winner, "NATS");
	assert_true(d->winner_changed);
	assert_int_equal(d->n_values, 0);
	assert_int_equal(d->n_edits, 1);
	assert_int_equal(d->edits[0].kind, TDM_DIFF_EDIT_WEIGHTS);
	assert_true(d->edits[0].flips);
	assert_true(d->edits[0].gives_new_winner);
	assert_false(d->combination_only);
	assert_near(d->criteria[0].old_norm, 0.5, 1e-12);
	assert_near(d->criteria[0].new_norm, 0.375, 1e-12);
	assert_int_equal(d->options[0].new_rank, 1); /* NEW's order */
	assert_string_equal(d->options[0].name, "NATS");
	assert_int_equal(d->options[0].old_rank, 2);
	assert_int_equal(tdm__render_diff(d, &spec, to_sink, &out, NULL),
	                 TDM_OK);
	assert_non_null(strstr(out.buf, "accounted for by the weights alone"));
	tdm__diff_free(d);
	unload(&a);
	unload(&b);
}

static void
test_values_and_options(void **state)
{
	ver a, b;
	tdm_diff *d;
	size_t i;
	int saw_values = 0, saw_options = 0;

	(void)state;
	load(&a, HEAD CRITS("0.5") OPTS);
	load(&b, HEAD CRITS("0.5")
	     "option 'Kafka' { throughput = 100, ops = 10, latency = 60 }\n"
	     "option 'NATS' { throughput = 30, ops = 4, latency = 5 }\n"
	     "option 'Redis' { throughput = 10, ops = 20, latency = 40 }\n");
	assert_int_equal(tdm__diff(a.m, &a.h, a.r, b.m, b.r, &d, NULL), TDM_OK);
	assert_string_equal(d->new_winner, "NATS");
	assert_int_equal(d->n_values, 1);
	assert_string_equal(d->values[0].option, "Kafka");
	assert_string_equal(d->values[0].attr, "latency");
	assert_near(d->values[0].new_value->as.num, 60, 0);
	for (i = 0; i < d->n_edits; i++) {
		if (d->edits[i].kind == TDM_DIFF_EDIT_VALUES) {
			saw_values = 1;
			/* Kafka rejected: RabbitMQ and NATS tie on OLD alone */
			assert_true(d->edits[i].flips);
			assert_null(d->edits[i].winner);
		}
		if (d->edits[i].kind == TDM_DIFF_EDIT_OPTIONS) {
			saw_options = 1; /* RabbitMQ gone, Redis new: Kafka stays */
			assert_false(d->edits[i].flips);
		}
	}
	assert_true(saw_values && saw_options);
	tdm__diff_free(d);
	unload(&a);
	unload(&b);
}

static void
test_json(void **state)
{
	ver a, b;
	tdm_diff *d;
	sink out = {{0}, 0};
	tdm_render_spec spec = {TDM_FORMAT_JSON, 0, 80, 0};

	(void)state;
	load(&a, HEAD CRITS("0.5") OPTS);
	load(&b, HEAD CRITS("0.5") OPTS);
	assert_int_equal(tdm__diff(a.m, &a.h, a.r, b.m, b.r, &d, NULL), TDM_OK);
	assert_false(d->winner_changed);
	assert_int_equal(d->n_edits, 0);
	assert_int_equal(tdm__render_diff(d, &spec, to_sink, &out, NULL),
	                 TDM_OK);
	assert_non_null(strstr(out.buf, "\"winner_changed\": false"));
	tdm__diff_free(d);
	unload(&a);
	unload(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weight_flips),
		cmocka_unit_test(test_values_and_options),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
