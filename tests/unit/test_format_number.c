/*
 * test_format_number.c -- tdm_format_number against the old algorithm,
 * byte for byte.
 *
 * number.c now derives the shortest round-trip text from the exact 17
 * digits (tdm__format_g17) and falls back to the old precision loop on
 * apparent ties, powers of ten and unusual environments. The contract is
 * the old loop's exact text: it is copied here as the reference and
 * compared on millions of doubles of many shapes from a fixed-seed PRNG
 * (scores, short decimals, random bit patterns, integers, powers of ten
 * and their neighbours, the 1e-4 and 1e16 edges, 9.99..-style carries,
 * subnormals, huge values, both signs), then under another rounding mode
 * and with small buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"

/* ---- a fixed-seed PRNG (splitmix64) ---------------------------------- */

#include "tdm_rng.h"


static double
from_bits(uint64_t u)
{
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

/* ---- the reference: the old loop, verbatim --------------------------- */

static char *
reference(double x, char *buf, size_t size)
{
	int prec;

	if (size == 0)
		return buf;
	if (isnan(x)) {
		snprintf(buf, size, "nan");
		return buf;
	}
	if (isinf(x)) {
		snprintf(buf, size, x > 0 ? "inf" : "-inf");
		return buf;
	}
	if (x == 0) {
		snprintf(buf, size, "0");
		return buf;
	}
	if (fabs(x) >= 1e-4 && fabs(x) < 1e16) {
		for (prec = 0; prec <= 24; prec++) {
			snprintf(buf, size, "%.*f", prec, x);
			if (strtod(buf, NULL) == x)
				return buf;
		}
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return buf;
}

static long n_checked;

static void
check(double x)
{
	char want[64], got[64];

	reference(x, want, sizeof want);
	memset(got, 'Z', sizeof got);
	tdm_format_number(x, got, sizeof got);
	if (strcmp(want, got) != 0)
		fail_msg("x = %a (%.17g): got '%s', want '%s'", x, x, got, want);
	n_checked++;
}

/* x, -x and the neighbours on both sides. */
static void
check_around(double x)
{
	double lo = nextafter(x, -INFINITY), hi = nextafter(x, INFINITY);

	check(x);
	check(-x);
	check(lo);
	check(-lo);
	check(hi);
	check(-hi);
}

/* ---- the groups ------------------------------------------------------ */

static void
test_format_number_scores(void **state)
{
	rng r = { 1 };
	long i;

	(void)state;
	for (i = 0; i < 150000; i++)
		check(uniform(&r));
	/* Scores that went through arithmetic: sums and products. */
	for (i = 0; i < 20000; i++)
		check(uniform(&r) * 0.3 + uniform(&r) * 0.7);
	for (i = 0; i < 20000; i++)
		check(-uniform(&r) * uniform(&r));
}

static void
test_format_number_short_decimals(void **state)
{
	rng r = { 2 };
	long k, i;

	(void)state;
	/* Cheap: the answers are short. */
	for (k = -260000; k <= 260000; k++) {
		check((double)k / 1000);
		check((double)k / 100);
		check((double)k / 8);
	}
	for (k = -20000; k <= 20000; k++)
		check((double)k * 0.001);
	for (i = 0; i < 30000; i++) {
		unsigned digits = (unsigned)(next(&r) % 16) + 1;
		uint64_t m = next(&r) % 10000000000000000u;
		int q = (int)(next(&r) % 40) - 20;
		double v;

		while (digits < 16 && m >= 10)
			m /= 10, digits++; /* shorter significands too */
		v = (double)m * pow(10, q);
		check(v);
		check(-v);
	}
}

static void
test_format_number_bit_patterns(void **state)
{
	rng r = { 3 };
	long i;

	(void)state;
	for (i = 0; i < 40000; i++) {
		double x = from_bits(next(&r));

		check(x);
	}
	/* Exponents near the plain range. */
	for (i = 0; i < 60000; i++) {
		uint64_t e = 1023 - 20 + next(&r) % 80;
		uint64_t m = next(&r) & ((UINT64_C(1) << 52) - 1);

		check(from_bits((e << 52) | m | (next(&r) & (UINT64_C(1) << 63))));
	}
}

static void
test_format_number_integers_and_powers(void **state)
{
	rng r = { 4 };
	long i;
	int k;

	(void)state;
	for (i = 0; i <= 20000; i++)
		check_around((double)i);
	for (i = 0; i < 100000; i++)
		check((double)(int64_t)(next(&r) >> (next(&r) % 64)));
	for (k = -330; k <= 310; k++) {
		double p = pow(10, k);

		check_around(p);
		check_around(p * 2);
		check_around(p * 5);
		check_around(p * 9.5);
		check_around(p * 1.5);
	}
	for (k = -1074; k <= 1023; k++)
		check_around(ldexp(1, k));
}

static void
test_format_number_edges(void **state)
{
	rng r = { 5 };
	double x;
	long i;
	int k;

	(void)state;
	/* Walk the neighbours of the 1e-4 and 1e16 boundaries. */
	x = 1e-4;
	for (i = 0; i < 2000; i++)
		x = nextafter(x, 0);
	for (i = 0; i < 4000; i++, x = nextafter(x, 1))
		check_around(x);
	x = 1e16;
	for (i = 0; i < 2000; i++)
		x = nextafter(x, 0);
	for (i = 0; i < 4000; i++, x = nextafter(x, INFINITY))
		check_around(x);
	/* 9.99..-style carries: d nines at every exponent, and 9.5-like. */
	for (k = -12; k <= 20; k++) {
		int d;
		double nines = 0;

		for (d = 1; d <= 17; d++) {
			nines = nines * 10 + 9;
			check_around(nines * pow(10, k - d));
			check_around((nines * 10 + 5) * pow(10, k - d - 1));
		}
	}
	/* Subnormals and the smallest normals. */
	for (i = 0; i < 20000; i++) {
		uint64_t m = next(&r) & ((UINT64_C(1) << 52) - 1);

		check(from_bits(m >> (next(&r) % 52)));
	}
	check_around(DBL_MIN);
	check_around(DBL_TRUE_MIN);
	check_around(DBL_MAX);
	check_around(DBL_EPSILON);
	/* Huge values. */
	for (i = 0; i < 10000; i++)
		check(ldexp(1 + uniform(&r), 900 + (int)(next(&r) % 123)));
	/* Special values. */
	check(0.0);
	check(-0.0);
	check(INFINITY);
	check(-INFINITY);
	check(NAN);
}

/* Under another rounding mode glibc rounds the digits and strtod its way:
 * the fast path must step aside and keep the old answer. */
static void
test_format_number_rounding_mode(void **state)
{
#ifdef FE_UPWARD
	rng r = { 6 };
	long i;

	(void)state;
	if (fesetround(FE_UPWARD) != 0)
		skip();
	for (i = 0; i < 3000; i++) {
		check(uniform(&r));
		check((double)(i - 1500) / 1000);
	}
	fesetround(FE_TONEAREST);
#else
	(void)state;
	skip();
#endif
}

/* A short buffer truncates exactly as the old snprintf loop did. */
static void
test_format_number_small_buffers(void **state)
{
	static const double xs[] = { 0.75993500000000014, -0.125, 123456.5,
	                             1e-300, 2.5e+20, 0.1, 1 };
	char want[64], got[64];
	size_t i, size;

	(void)state;
	for (i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		for (size = 0; size <= 24; size++) {
			memset(want, 'Z', sizeof want);
			memset(got, 'Z', sizeof got);
			reference(xs[i], want, size);
			tdm_format_number(xs[i], got, size);
			assert_memory_equal(want, got, sizeof want);
		}
	}
}

static void
test_format_number_count(void **state)
{
	(void)state;
	/* The groups above must have compared at least 2 million doubles. */
	print_message("%ld doubles compared\n", n_checked);
	if (n_checked < 2000000)
		fail_msg("only %ld doubles compared", n_checked);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_number_scores),
		cmocka_unit_test(test_format_number_short_decimals),
		cmocka_unit_test(test_format_number_bit_patterns),
		cmocka_unit_test(test_format_number_integers_and_powers),
		cmocka_unit_test(test_format_number_edges),
		cmocka_unit_test(test_format_number_rounding_mode),
		cmocka_unit_test(test_format_number_small_buffers),
		cmocka_unit_test(test_format_number_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
