/*
 * Unit tests for the ASCII mode of the text renderers (spec.ascii, set by
 * --ascii or a locale that is not UTF-8): with names that are ASCII, the
 * table, explanation, comparison, sensitivity and weights outputs hold no
 * byte >= 0x80; without it, the Unicode decorations are still there. The
 * decision is loaded and evaluated by the engine (a small decision in
 * memory), so every renderer sees a real result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"

/* ------------------------------------------------------------------------
 * A write callback into memory
 * --------------------------------------------------------------------- */

typedef struct sink {
	char *data;
	size_t len, cap;
} sink;

static int
sink_write(void *ud, const char *buf, size_t len)
{
	sink *s = ud;

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

/* The first byte >= 0x80 in s, or -1; on one, print the text. */
static long
first_non_ascii(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			fprintf(stderr, "--- text (byte 0x%02x at %zu)\n%s---\n",
			        (unsigned char)s[i], i, s);
			return (long)i;
		}
	}
	return -1;
}

static void
expect_has(const char *text, const char *part)
{
	if (strstr(text, part) == NULL) {
		fprintf(stderr, "--- text\n%s---\n", text);
		fail_msg("'%s' is not in the text", part);
	}
}

/* ------------------------------------------------------------------------
 * A decision with everything the renderers decorate: bars with partial
 * cells, a dominated and a rejected option, a scaled criterion (the
 * provenance), a name long enough to be cut at width 40, counterfactuals
 * with arrows and "±50 %".
 * --------------------------------------------------------------------- */

static const char decision[] =
	"decision \"Queue for the order events\" {}\n"
	"criterion \"throughput\" { weight = 5, better = \"higher\" }\n"
	"criterion \"latency\" { weight = 3, better = \"lower\",\n"
	"  must = \"<= 50\", because = \"the checkout SLO\" }\n"
	"criterion \"team_fit\" { weight = 1, better = \"higher\",\n"
	"  scale = {0, 10} }\n"
	"option \"Kafka\" { throughput = 200, latency = 25, team_fit = 5 }\n"
	"option \"RabbitMQ\" { throughput = 40, latency = 12, team_fit = 10 }\n"
	"option \"NATS JetStream with a rather long name\" {\n"
	"  throughput = 120, latency = 8, team_fit = 6 }\n"
	"option \"Pulsar\" { throughput = 39, latency = 30, team_fit = 4 }\n"
	"option \"SQS\" { throughput = 20, latency = 80, team_fit = 9 }\n";

typedef struct fixture {
	tdm_decl *decl;
	tdm_model *model;
	tdm_hooks hooks;
	tdm_result *result;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	tdm_error err;

	assert_non_null(f);
	f->decl = tdm_decl_new(NULL, NULL, NULL);
	f->model = tdm_model_new();
	assert_non_null(f->decl);
	assert_non_null(f->model);
	if (tdm_decl_load_buffer(f->decl, "ascii.lua", decision,
	                         strlen(decision), f->model, &err) != TDM_OK)
		fail_msg("load: %s", err.message);
	f->hooks = tdm_decl_hooks(f->decl);
	if (tdm_evaluate(f->model, &f->hooks, NULL, &f->result, &err) != TDM_OK)
		fail_msg("evaluate: %s", err.message);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	tdm_result_free(f->result);
	tdm_model_free(f->model);
	tdm_decl_free(f->decl);
	free(f);
	return 0;
}

static size_t
option_index(const fixture *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->model->n_options; i++)
		if (strcmp(f->model->options[i].name, name) == 0)
			return i;
	fail_msg("no option '%s'", name);
	return 0;
}

static tdm_render_spec
spec_of(int ascii, int width)
{
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, width, ascii};

	return spec;
}

/* ------------------------------------------------------------------------
 * Tests
 * --------------------------------------------------------------------- */

static void
test_render_ascii_table(void **state)
{
	fixture *f = *state;
	static const int widths[] = {80, 40};
	size_t k;

	for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		tdm_render_spec spec = spec_of(1, widths[k]);
		sink s = {0};
		tdm_error err;

		assert_int_equal(tdm_render(f->result, &spec, sink_write, &s, &err),
		                 TDM_OK);
		assert_int_equal(first_non_ascii(s.data), -1);
		expect_has(s.data, "#");
		expect_has(s.data, " - ");
		if (widths[k] == 40)
			expect_has(s.data, "...");
		free(s.data);
	}
}

/* The same result without ascii keeps its Unicode bars and dots. */
static void
test_render_ascii_off_keeps_unicode(void **state)
{
	fixture *f = *state;
	tdm_render_spec spec = spec_of(0, 80);
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_render(f->result, &spec, sink_write, &s, &err),
	                 TDM_OK);
	expect_has(s.data, "\xe2\x96\x88");   /* full block */
	expect_has(s.data, " \xc2\xb7 ");     /* " · " */
	free(s.data);
}

/* Colour and ASCII together: SGR sequences are ASCII too. */
static void
test_render_ascii_with_color(void **state)
{
	fixture *f = *state;
	tdm_render_spec spec = spec_of(1, 80);
	sink s = {0};
	tdm_error err;

	spec.use_color = 1;
	assert_int_equal(tdm_render(f->result, &spec, sink_write, &s, &err),
	                 TDM_OK);
	assert_int_equal(first_non_ascii(s.data), -1);
	expect_has(s.data, "\x1b[36m#");
	free(s.data);
}

static void
test_render_ascii_explanation(void **state)
{
	fixture *f = *state;
	const char *names[] = {"Kafka", "RabbitMQ", "Pulsar", "SQS",
	                       "NATS JetStream with a rather long name"};
	size_t k;

	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		tdm_render_spec spec = spec_of(1, 80);
		tdm_explanation *e = NULL;
		sink s = {0};
		tdm_error err;

		assert_int_equal(tdm_explain(f->model, &f->hooks, f->result,
		                             option_index(f, names[k]), &e, &err),
		                 TDM_OK);
		assert_int_equal(tdm_render_explanation(f->result, e, &spec,
		                                        sink_write, &s, &err),
		                 TDM_OK);
		assert_int_equal(first_non_ascii(s.data), -1);
		tdm_explanation_free(e);
		free(s.data);
	}
}

/* "why not" with counterfactuals: the arrow and "±50 %" in ASCII. */
static void
test_render_ascii_explanation_symbols(void **state)
{
	fixture *f = *state;
	tdm_render_spec spec = spec_of(1, 200);
	tdm_explanation *e = NULL;
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_explain(f->model, &f->hooks, f->result,
	                             option_index(f, "RabbitMQ"), &e, &err),
	                 TDM_OK);
	assert_int_equal(tdm_render_explanation(f->result, e, &spec, sink_write,
	                                        &s, &err),
	                 TDM_OK);
	assert_int_equal(first_non_ascii(s.data), -1);
	expect_has(s.data, "+-50 %");
	expect_has(s.data, " -> ");
	tdm_explanation_free(e);
	free(s.data);
}

static void
test_render_ascii_comparison(void **state)
{
	fixture *f = *state;
	static const int widths[] = {80, 30};
	size_t k;

	for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		tdm_render_spec spec = spec_of(1, widths[k]);
		tdm_comparison *c = NULL;
		sink s = {0};
		tdm_error err;

		assert_int_equal(
		    tdm_compare(f->model, f->result, option_index(f, "Kafka"),
		                option_index(f, "NATS JetStream with a rather long "
		                                "name"),
		                &c, &err),
		    TDM_OK);
		assert_int_equal(tdm_render_comparison(f->result, c, &spec,
		                                       sink_write, &s, &err),
		                 TDM_OK);
		assert_int_equal(first_non_ascii(s.data), -1);
		if (widths[k] == 80)
			expect_has(s.data, "weight * (normalised Kafka - normalised");
		expect_has(s.data, "...");  /* the long name as a heading */
		tdm_comparison_free(c);
		free(s.data);
	}
}

static void
test_render_ascii_sensitivity(void **state)
{
	fixture *f = *state;
	tdm_render_spec spec = spec_of(1, 80);
	tdm_acceptability_config cfg = {500, 0, 0};
	tdm_sensitivity *sens = NULL;
	tdm_acceptability *acc = NULL;
	tdm_agreement *agr = NULL;
	sink s = {0};
	tdm_error err;

	assert_int_equal(tdm_sensitivity_weights(f->model, &f->hooks, f->result,
	                                         &sens, &err),
	                 TDM_OK);
	assert_int_equal(tdm_acceptability_compute(f->model, &f->hooks,
	                                           f->result, &cfg, &acc, &err),
	                 TDM_OK);
	assert_int_equal(tdm_method_agreement(f->model, &f->hooks, f->result,
	                                      &agr, &err),
	                 TDM_OK);
	assert_int_equal(tdm_render_sensitivity(f->result, sens, acc, agr, &spec,
	                                        sink_write, &s, &err),
	                 TDM_OK);
	assert_int_equal(first_non_ascii(s.data), -1);
	expect_has(s.data, "method wsm - normalisation");
	tdm_agreement_free(agr);
	tdm_acceptability_free(acc);
	tdm_sensitivity_free(sens);
	free(s.data);
}

static void
test_render_ascii_weights(void **state)
{
	fixture *f = *state;
	tdm_render_spec spec = spec_of(1, 80);
	const char *names[8];
	tdm_weights_report rep;
	sink s = {0};
	tdm_error err;
	size_t c;

	memset(&rep, 0, sizeof rep);
	for (c = 0; c < f->model->n_criteria && c < 8; c++)
		names[c] = f->model->criteria[c].name;
	rep.n = c;
	rep.names = names;
	rep.weights = f->result->weights;
	rep.scheme = "direct";
	assert_int_equal(tdm_render_weights(&rep, &spec, sink_write, &s, &err),
	                 TDM_OK);
	assert_int_equal(first_non_ascii(s.data), -1);
	free(s.data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_ascii_table),
		cmocka_unit_test(test_render_ascii_off_keeps_unicode),
		cmocka_unit_test(test_render_ascii_with_color),
		cmocka_unit_test(test_render_ascii_explanation),
		cmocka_unit_test(test_render_ascii_explanation_symbols),
		cmocka_unit_test(test_render_ascii_comparison),
		cmocka_unit_test(test_render_ascii_sensitivity),
		cmocka_unit_test(test_render_ascii_weights),
	};

	return cmocka_run_group_tests_name("render_ascii", tests, setup,
	                                   teardown);
}
