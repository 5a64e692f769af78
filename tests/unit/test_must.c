/* Unit tests for must.c: the guardrail comparison parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tdm.h"

static void
test_must_parses_numeric_comparisons(void **state)
{
	struct { const char *text; tdm_cmp_op op; double v; } cases[] = {
		{"<= 50", TDM_CMP_LE, 50}, {">=3", TDM_CMP_GE, 3},
		{"< -1.5", TDM_CMP_LT, -1.5}, {" > 1e3 ", TDM_CMP_GT, 1000},
		{"== 2", TDM_CMP_EQ, 2}, {"~= 0", TDM_CMP_NE, 0},
		{"!= 7", TDM_CMP_NE, 7},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tdm_cmp_op op;
		tdm_value v;
		assert_int_equal(tdm_must_parse(cases[i].text, &op, &v, NULL), TDM_OK);
		assert_int_equal(op, cases[i].op);
		assert_int_equal(v.type, TDM_VAL_NUMBER);
		assert_true(v.as.num == cases[i].v);
	}
}

static void
test_must_parses_strings_and_booleans(void **state)
{
	tdm_cmp_op op;
	tdm_value v;

	(void)state;
	assert_int_equal(tdm_must_parse("== 'replicated'", &op, &v, NULL), TDM_OK);
	assert_int_equal(v.type, TDM_VAL_STRING);
	assert_string_equal(v.as.str, "replicated");
	tdm_value_free(&v);
	assert_int_equal(tdm_must_parse("~= \"none\"", &op, &v, NULL), TDM_OK);
	assert_int_equal(op, TDM_CMP_NE);
	assert_string_equal(v.as.str, "none");
	tdm_value_free(&v);
	assert_int_equal(tdm_must_parse("== true", &op, &v, NULL), TDM_OK);
	assert_int_equal(v.type, TDM_VAL_BOOL);
	assert_int_equal(v.as.boolean, 1);
}

static void
expect_error(const char *text, long column, const char *substring)
{
	tdm_cmp_op op;
	tdm_value v;
	tdm_error err;

	assert_int_equal(tdm_must_parse(text, &op, &v, &err), TDM_DATA);
	assert_int_equal(err.code, TDM_DATA);
	assert_int_equal(err.column, column);
	assert_non_null(strstr(err.message, substring));
}

static void
test_must_errors_name_the_column(void **state)
{
	(void)state;
	expect_error("50", 1, "expected an operator");
	expect_error("<=", 3, "expected a value after '<='");
	expect_error("<= fifty", 4, "expected a number, a quoted string");
	expect_error("== 'open", 4, "unterminated string");
	expect_error("<= 5 ms", 6, "unexpected \"ms\"");
	expect_error("<= 'a'", 4, "'<=' needs a number");
	expect_error("<= 12abc", 4, "got \"12abc\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_must_parses_numeric_comparisons),
		cmocka_unit_test(test_must_parses_strings_and_booleans),
		cmocka_unit_test(test_must_errors_name_the_column),
	};
	return cmocka_run_group_tests_name("must", tests, NULL, NULL);
}
