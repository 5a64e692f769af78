/* Unit tests for number.c: strict decimal parsing, shortest formatting. */
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

static int
parse(const char *s, double *out)
{
	return tdm_parse_number(s, strlen(s), out);
}

static void
test_number_accepts_decimals(void **state)
{
	const char *ok[] = {"0", "-0", "12", "+12", "1.5", ".5", "5.", "1e3",
	                    "1E-3", "-2.5e+10", "007"};
	size_t i;
	double v;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(parse(ok[i], &v), 1);
		assert_true(v == strtod(ok[i], NULL));
	}
}

static void
test_number_rejects_non_decimals(void **state)
{
	const char *bad[] = {"", " 1", "1 ", "12abc", "0x1A", "inf", "nan",
	                     "-inf", "Infinity", "1e", "1e+", ".", "-", "+.",
	                     "1.2.3", "1,5", "--1", "e5"};
	size_t i;
	double v = 42;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(bad[i], &v), 0);
		assert_true(v == 42);
	}
}

static void
test_number_overflow_is_reported(void **state)
{
	double v;

	(void)state;
	assert_int_equal(parse("1e999", &v), -1);
	assert_int_equal(parse("-1e999", &v), -1);
	assert_int_equal(parse("1e-999", &v), 1); /* underflow reads as 0 */
	assert_true(v == 0);
}

static void
test_number_matches_strtod_bit_for_bit(void **state)
{
	char buf[64];
	unsigned long long seed = 88172645463325252ULL;
	int i;
	double a, b;

	(void)state;
	for (i = 0; i < 100000; i++) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		snprintf(buf, sizeof buf, "%llu.%llue%d", seed % 1000000007ULL,
		         (seed >> 20) % 100000ULL, (int)(seed % 40) - 20);
		assert_int_equal(parse(buf, &a), 1);
		b = strtod(buf, NULL);
		assert_memory_equal(&a, &b, sizeof a);
	}
}

static void
test_number_not_terminated(void **state)
{
	double v;

	(void)state;
	assert_int_equal(tdm_parse_number("123456", 3, &v), 1);
	assert_true(v == 123);
}

static void
test_number_format_round_trips(void **state)
{
	double xs[] = {0.1, 1.0 / 3, 5, 1e300, -2.5e-7, 0.38461538461538464};
	char buf[40];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof xs / sizeof xs[0]; i++)
		assert_true(strtod(tdm_format_number(xs[i], buf, sizeof buf), NULL) ==
		            xs[i]);
	assert_string_equal(tdm_format_number(0.1, buf, sizeof buf), "0.1");
	assert_string_equal(tdm_format_number(5, buf, sizeof buf), "5");
	assert_string_equal(tdm_format_number(-0.0, buf, sizeof buf), "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_accepts_decimals),
		cmocka_unit_test(test_number_rejects_non_decimals),
		cmocka_unit_test(test_number_overflow_is_reported),
		cmocka_unit_test(test_number_matches_strtod_bit_for_bit),
		cmocka_unit_test(test_number_not_terminated),
		cmocka_unit_test(test_number_format_round_trips),
	};
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
