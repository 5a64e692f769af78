/*
 * test_render_html.c -- the HTML report (render_html.c): a small result
 * rendered into memory is well-formed (every element closed), has its
 * SVG charts, escapes user text (a name with <script> stays text), names
 * no URL, is deterministic, survives missing parts, and reports a failed
 * write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

typedef struct sink {
	char *data;
	size_t len, cap;
	int calls, fail_on;
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

#define HOSTILE "<script>alert(\"x\")</script> & 'co'"

/* ------------------------------------------------------------------------
 * A small decision: three criteria, four options (one rejected, one with
 * a hostile name), evaluated, explained and analysed.
 * --------------------------------------------------------------------- */

typedef struct fixture {
	tdm_model *m;
	tdm_result *r;
	tdm_explanation **e;
	tdm_sensitivity *sens;
	tdm_acceptability *acc;
	tdm_how_sure h;
} fixture;

static void
add_crit(tdm_model *m, const char *name, double w, tdm_better better)
{
	tdm_criterion *c = NULL;

	assert_int_equal(tdm_model_add_criterion(m, name, -1, 0, &c, NULL),
	                 TDM_OK);
	c->weight = w;
	c->has_weight = 1;
	c->better = better;
	c->has_better = 1;
	assert_true(tdm_model_attr(m, name, 1) >= 0);
}

static void
add_opt(tdm_model *m, const char *name, double a, double b, double c)
{
	const char *attrs[3] = {"speed", "cost", "fit"};
	double xs[3];
	size_t o, k;

	xs[0] = a, xs[1] = b, xs[2] = c;
	assert_int_equal(tdm_model_add_option(m, name, -1, 0, &o, NULL), TDM_OK);
	for (k = 0; k < 3; k++) {
		tdm_value v = {TDM_VAL_NUMBER, 0, {0}};
		v.as.num = xs[k];
		assert_int_equal(tdm_model_set_value(
		                     m, o, (size_t)tdm_model_attr(m, attrs[k], 0), &v,
		                     NULL),
		                 TDM_OK);
	}
}

static void
make(fixture *f, const char *method)
{
	tdm_eval_config cfg = {method, NULL, NULL};
	tdm_acceptability_config acfg = {500, 0, 0};
	tdm_criterion *cost;
	size_t i;

	memset(f, 0, sizeof *f);
	f->m = tdm_model_new();
	assert_non_null(f->m);
	assert_int_equal(tdm_model_set_text(f->m, &f->m->title,
	                                    "Pick <one> & \"go\"", NULL),
	                 TDM_OK);
	add_crit(f->m, "speed", 3, TDM_BETTER_HIGHER);
	add_crit(f->m, "cost", 2, TDM_BETTER_LOWER);
	add_crit(f->m, "fit", 1, TDM_BETTER_HIGHER);
	cost = &f->m->criteria[1];
	assert_int_equal(tdm_must_parse("<= 100", &cost->must.op,
	                                &cost->must.operand, NULL),
	                 TDM_OK);
	cost->must.is_set = 1;
	cost->must.text = strdup("<= 100");
	add_opt(f->m, "Alpha", 90, 60, 2);
	add_opt(f->m, HOSTILE, 60, 30, 5);
	add_opt(f->m, "Gamma", 70, 50, 3);
	add_opt(f->m, "Too dear", 99, 500, 5);
	assert_int_equal(tdm_evaluate(f->m, NULL, &cfg, &f->r, NULL), TDM_OK);
	f->e = calloc(f->r->n_options, sizeof *f->e);
	assert_non_null(f->e);
	for (i = 0; i < f->r->n_options; i++)
		if (f->r->options[i].verdict != TDM_VERDICT_CHOSEN)
			assert_int_equal(tdm_explain(f->m, NULL, f->r, i, &f->e[i],
			                             NULL),
			                 TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(f->m, NULL, f->r, &f->sens,
	                                         NULL),
	                 TDM_OK);
	assert_int_equal(tdm_acceptability_compute(f->m, NULL, f->r, &acfg,
	                                           &f->acc, NULL),
	                 TDM_OK);
	f->h.weights = f->sens;
	f->h.acceptability = f->acc;
}

static void
unmake(fixture *f)
{
	size_t i;

	for (i = 0; f->r != NULL && i < f->r->n_options; i++)
		tdm_explanation_free(f->e[i]);
	free(f->e);
	tdm_sensitivity_free(f->sens);
	tdm_acceptability_free(f->acc);
	tdm_result_free(f->r);
	tdm_model_free(f->m);
}

static char *
render(fixture *f, const tdm_how_sure *h, tdm_explanation *const *e)
{
	sink s = {NULL, 0, 0, 0, 0};
	tdm_error err;

	assert_int_equal(tdm__render_report_html(f->r, h, e, sink_write, &s,
	                                         &err),
	                 TDM_OK);
	assert_non_null(s.data);
	return s.data;
}

/* ------------------------------------------------------------------------
 * Well-formedness: every element opened is closed, in order. Void HTML
 * elements (meta ...) and self-closed SVG elements ("/>") open nothing.
 * The text between tags holds no bare '<'.
 * --------------------------------------------------------------------- */

static int
is_void(const char *name, size_t n)
{
	static const char *const voids[] = {"meta", "br", "hr", "img", "link",
	                                    "input", "col", "wbr", NULL};
	size_t i;

	for (i = 0; voids[i]; i++)
		if (strlen(voids[i]) == n && strncmp(voids[i], name, n) == 0)
			return 1;
	return 0;
}

static void
expect_well_formed(const char *html)
{
	const char *stack[256];
	size_t lens[256], depth = 0;
	const char *p = html;

	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *name;
		size_t n;
		int closing;

		assert_non_null(end);
		if (p[1] == '!') { /* <!DOCTYPE html> */
			p = end + 1;
			continue;
		}
		closing = p[1] == '/';
		name = p + 1 + closing;
		n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0) {
			fprintf(stderr, "bare '<' at: %.40s\n", p);
			fail_msg("text holds a bare '<'");
		}
		/* no '<' inside a tag: attributes are escaped */
		assert_true(memchr(p + 1, '<', (size_t)(end - p - 1)) == NULL);
		if (closing) {
			if (depth == 0 || lens[depth - 1] != n ||
			    strncmp(stack[depth - 1], name, n) != 0) {
				fprintf(stderr, "unexpected </%.*s> (open: %.*s)\n", (int)n,
				        name, depth ? (int)lens[depth - 1] : 0,
				        depth ? stack[depth - 1] : "");
				fail_msg("elements are not closed in order");
			}
			depth--;
		} else if (end[-1] != '/' && !is_void(name, n)) {
			assert_true(depth < 256);
			stack[depth] = name;
			lens[depth++] = n;
		}
		p = end + 1;
	}
	if (depth != 0) {
		fprintf(stderr, "left open: <%.*s>\n", (int)lens[depth - 1],
		        stack[depth - 1]);
		fail_msg("an element is not closed");
	}
}

static size_t
count(const char *text, const char *needle)
{
	size_t n = 0;

	while ((text = strstr(text, needle)) != NULL)
		n++, text++;
	return n;
}

/* ------------------------------------------------------------------------
 * Tests
 * --------------------------------------------------------------------- */

static void
test_page_is_well_formed_with_charts(void **state)
{
	fixture f;
	char *html;

	(void)state;
	make(&f, "wsm");
	html = render(&f, &f.h, f.e);
	expect_well_formed(html);
	assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	assert_int_equal(count(html, "<svg"), 3);
	assert_true(count(html, "<rect") >= 3 * 3);
	assert_non_null(strstr(html, "id=\"contributions\""));
	assert_non_null(strstr(html, "id=\"sensitivity\""));
	assert_non_null(strstr(html, "id=\"acceptability\""));
	assert_non_null(strstr(html, "id=\"why-not\""));
	assert_non_null(strstr(html, "Why not Gamma?"));
	assert_non_null(strstr(html, "Why not Too dear?"));
	assert_non_null(strstr(html, "@media print"));
	free(html);
	unmake(&f);
}

static void
test_user_text_is_escaped(void **state)
{
	fixture f;
	char *html;

	(void)state;
	make(&f, "wsm");
	html = render(&f, &f.h, f.e);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<one>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)"
	                             "&lt;/script&gt; &amp; &#39;co&#39;"));
	assert_non_null(strstr(html, "Pick &lt;one&gt; &amp; &quot;go&quot;"));
	free(html);
	unmake(&f);
}

static void
test_no_network_no_script(void **state)
{
	fixture f;
	char *html;

	(void)state;
	make(&f, "wsm");
	html = render(&f, &f.h, f.e);
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "javascript:"));
	assert_null(strstr(html, " onload="));
	assert_null(strstr(html, " onclick="));
	free(html);
	unmake(&f);
}

static void
test_deterministic(void **state)
{
	fixture f;
	char *a, *b;

	(void)state;
	make(&f, "wsm");
	a = render(&f, &f.h, f.e);
	b = render(&f, &f.h, f.e);
	assert_string_equal(a, b);
	free(a);
	free(b);
	unmake(&f);
}

static void
test_missing_parts(void **state)
{
	fixture f;
	tdm_how_sure none;
	char *html;

	(void)state;
	memset(&none, 0, sizeof none);
	make(&f, "wsm");
	html = render(&f, &none, NULL);
	expect_well_formed(html);
	assert_int_equal(count(html, "Not computed"), 2);
	assert_int_equal(count(html, "<svg"), 1);
	assert_null(strstr(html, "id=\"why-not\""));
	free(html);
	html = render(&f, NULL, NULL);
	expect_well_formed(html);
	free(html);
	unmake(&f);
}

static void
test_non_additive_method(void **state)
{
	fixture f;
	char *html;

	(void)state;
	make(&f, "topsis");
	html = render(&f, &f.h, f.e);
	expect_well_formed(html);
	assert_non_null(strstr(html, "does not add contributions up"));
	assert_int_equal(count(html, "<svg"), 3);
	free(html);
	unmake(&f);
}

static void
test_write_failure(void **state)
{
	fixture f;
	sink s = {NULL, 0, 0, 0, 1};
	tdm_error err;

	(void)state;
	make(&f, "wsm");
	assert_int_equal(tdm__render_report_html(f.r, &f.h, f.e, sink_write, &s,
	                                         &err),
	                 TDM_IO);
	assert_int_equal(err.code, TDM_IO);
	free(s.data);
	unmake(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_is_well_formed_with_charts),
		cmocka_unit_test(test_user_text_is_escaped),
		cmocka_unit_test(test_no_network_no_script),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_non_additive_method),
		cmocka_unit_test(test_write_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
