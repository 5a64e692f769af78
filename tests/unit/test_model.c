/* Unit tests for model.c: adding, finding, cloning, values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"

static void
test_model_add_and_find(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_criterion *c;
	size_t o;
	int src;

	(void)state;
	src = tdm_model_source(m, "d.lua");
	assert_int_equal(src, 0);
	assert_int_equal(tdm_model_source(m, "d.lua"), 0);
	assert_int_equal(tdm_model_add_criterion(m, "cost", src, 3, &c, NULL),
	                 TDM_OK);
	assert_string_equal(c->name, "cost");
	assert_int_equal(tdm_model_find_criterion(m, "cost"), 0);
	assert_int_equal(tdm_model_find_criterion(m, "nope"), -1);
	assert_int_equal(tdm_model_add_option(m, "A", src, 5, &o, NULL), TDM_OK);
	assert_int_equal(o, 0);
	assert_int_equal(tdm_model_find_option(m, "A"), 0);
	assert_int_equal(tdm_model_attr(m, "x", 1), 0);
	assert_int_equal(tdm_model_attr(m, "x", 1), 0);
	assert_int_equal(tdm_model_attr(m, "y", 0), -1);
	tdm_model_free(m);
}

static void
test_model_duplicates_are_errors(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;
	int src = tdm_model_source(m, "d.lua");

	(void)state;
	assert_int_equal(tdm_model_add_criterion(m, "c", src, 2, NULL, NULL),
	                 TDM_OK);
	assert_int_equal(tdm_model_add_criterion(m, "c", src, 9, NULL, &err),
	                 TDM_DATA);
	assert_int_equal(err.line, 9);
	assert_string_equal(err.source, "d.lua");
	assert_non_null(strstr(err.message, "declared twice (first at line 2)"));
	assert_int_equal(tdm_model_add_option(m, "A", src, 4, NULL, NULL), TDM_OK);
	assert_int_equal(tdm_model_add_option(m, "A", src, 7, NULL, &err),
	                 TDM_DATA);
	assert_int_equal(err.line, 7);
	assert_non_null(strstr(err.message, "first at d.lua:4"));
	tdm_model_free(m);
}

static void
test_model_values_and_clone(void **state)
{
	tdm_model *m = tdm_model_new(), *c;
	tdm_value v = {TDM_VAL_STRING, 3, {0}};
	tdm_criterion *cr;
	size_t o;
	long a, b;

	(void)state;
	assert_int_equal(tdm_model_add_criterion(m, "fit", -1, 0, &cr, NULL),
	                 TDM_OK);
	cr->levels = calloc(1, sizeof *cr->levels);
	cr->levels[0].name = strdup("strong");
	cr->levels[0].value = 1;
	cr->n_levels = 1;
	assert_int_equal(tdm_model_add_option(m, "A", -1, 0, &o, NULL), TDM_OK);
	a = tdm_model_attr(m, "fit", 1);
	b = tdm_model_attr(m, "cost", 1);
	v.as.str = (char *)"strong";
	assert_int_equal(tdm_model_set_value(m, o, (size_t)a, &v, NULL), TDM_OK);
	assert_int_equal(tdm_model_value(m, o, b)->type, TDM_VAL_MISSING);
	c = tdm_model_clone(m);
	assert_non_null(c);
	tdm_model_free(m);
	assert_string_equal(tdm_model_value(c, 0, a)->as.str, "strong");
	assert_int_equal(tdm_model_value(c, 0, a)->column, 3);
	assert_string_equal(c->criteria[0].levels[0].name, "strong");
	assert_int_equal(tdm_model_value(c, 0, 99)->type, TDM_VAL_MISSING);
	tdm_model_free(c);
	tdm_model_free(NULL);
}

static void
test_model_error_format(void **state)
{
	tdm_error err;
	char buf[200];

	(void)state;
	tdm_error_set(&err, TDM_DATA, "o.csv", 4, 2, "bad %s", "cell");
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "o.csv:4:2: bad cell");
	tdm_error_set(&err, TDM_LUA, "d.lua", 12, 0, "boom");
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "d.lua:12: boom");
	tdm_error_set(&err, TDM_IO, NULL, 0, 0, "disk");
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf), "disk");
	assert_int_equal(tdm_status_exit_code(TDM_IO), 4);
	assert_int_equal(tdm_status_exit_code(TDM_LIMIT), 3);
	assert_int_equal(tdm_status_exit_code(TDM_USAGE), 2);
	assert_int_equal(tdm_status_exit_code(TDM_EVAL), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_add_and_find),
		cmocka_unit_test(test_model_duplicates_are_errors),
		cmocka_unit_test(test_model_values_and_clone),
		cmocka_unit_test(test_model_error_format),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
