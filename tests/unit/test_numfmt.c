/*
 * test_numfmt.c -- tdm__format_g17 against snprintf "%.17g", byte for byte.
 *
 * numfmt.c computes the 17 digits itself (exact integer arithmetic) for
 * ordinary magnitudes and hands the rest to snprintf; the contract is
 * snprintf's exact text and length. Millions of doubles of many shapes
 * from a fixed-seed PRNG (scores, integers, decimals, powers of ten and
 * their neighbours, exact and near ties at the 17th digit, carries to a
 * new exponent, tiny and huge values, both signs) are compared, also
 * under the other rounding modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- a fixed-seed PRNG (splitmix64) ---------------------------------- */

#include "tdm_rng.h"


/* ---- the reference and the comparison -------------------------------- */

static long n_checked;

/* The output (into exactly 32 bytes, so ASan sees any overrun) and the
 * length must be snprintf's. */
static void
check(double x)
{
	char want[64];
	char got[32];
	int n;
	size_t len;

	n = snprintf(want, sizeof want, "%.17g", x);
	memset(got, '#', sizeof got);
	len = tdm__format_g17(x, got);
	if (n < 0 || len != (size_t)n || memchr(got, '\0', sizeof got) == NULL ||
	    strcmp(got, want) != 0 || strlen(got) != len)
		fail_msg("%a: got \"%.32s\" (length %zu), snprintf gives \"%s\" (%d)",
		         x, got, len, want, n);
	n_checked++;
}

/* x and -x */
static void
check2(double x)
{
	check(x);
	check(-x);
}

/* x and its neighbours up to `steps` ulps each way, both signs. */
static void
check_around(double x, int steps)
{
	double up = x, down = x;
	int i;

	check2(x);
	for (i = 0; i < steps; i++) {
		up = nextafter(up, INFINITY);
		down = nextafter(down, -INFINITY);
		check2(up);
		check2(down);
	}
}

/* The double nearest to the decimal in s (round to nearest). */
static double
decimal(const char *s)
{
	char *end;
	double x = strtod(s, &end);

	if (*end != '\0')
		fail_msg("generator bug: strtod stops early in '%s'", s);
	return x;
}

/* A uniform 53-bit significand, 2^52 <= m < 2^53. */
static uint64_t
random_significand(rng *r)
{
	return (next(r) >> 11) | (UINT64_C(1) << 52);
}

/* ---- fixed cases, spelled out ---------------------------------------- */

static void
expect(double x, const char *want)
{
	char got[32];
	size_t len = tdm__format_g17(x, got);

	if (strcmp(got, want) != 0 || len != strlen(want))
		fail_msg("%a: got \"%s\", expected \"%s\"", x, got, want);
	check(x);
}

static void
test_numfmt_fixed_cases(void **state)
{
	(void)state;
	expect(0.0, "0");
	expect(-0.0, "-0");
	expect(1.0, "1");
	expect(-1.0, "-1");
	expect(0.5, "0.5");
	expect(0.1, "0.10000000000000001");
	expect(0.35, "0.34999999999999998");
	expect(840.19, "840.19000000000005");
	expect(1e-4, "0.0001");
	expect(1e-5, "1.0000000000000001e-05");
	expect(0.000123, "0.00012300000000000001");
	expect(0.00025, "0.00025000000000000001");
	expect(1e16, "10000000000000000");
	expect(1e17, "1e+17");
	expect(123456789012345678.0, "1.2345678901234568e+17");
	expect(1.2345678901234567e+20, "1.2345678901234567e+20");
	expect(1e100, "1e+100");
	expect(ldexp(1, -25), "2.9802322387695312e-08"); /* tie, to even */
	expect(ldexp(3, -25), "8.9406967163085938e-08"); /* tie, to even */
	expect(nextafter(1.0, 0.0), "0.99999999999999989");
	expect(9007199254740993.0, "9007199254740992");
	expect(18446744073709551616.0, "1.8446744073709552e+19");
	expect(DBL_MAX, "1.7976931348623157e+308");
	expect(DBL_MIN, "2.2250738585072014e-308");
	expect(ldexp(1, -1074), "4.9406564584124654e-324");
	expect(INFINITY, "inf");
	expect(-INFINITY, "-inf");
	check(NAN);
	check(-NAN);
	assert_true(n_checked > 0);
}

/* ---- generated doubles ----------------------------------------------- */

/* Every bit pattern is a double: all exponents, subnormals, inf, NaN. */
static void
test_numfmt_random_bits(void **state)
{
	rng r = {1};
	uint64_t bits;
	double x;
	long i;

	(void)state;
	for (i = 0; i < 150000; i++) {
		bits = next(&r);
		memcpy(&x, &bits, sizeof x);
		check(x);
	}
	/* subnormals */
	for (i = 0; i < 20000; i++) {
		bits = next(&r) & ((UINT64_C(1) << 52) - 1);
		bits |= (uint64_t)below(&r, 2) << 63;
		memcpy(&x, &bits, sizeof x);
		check(x);
	}
}

/* Scores: uniform in [0, 1) with 53 random bits, or fewer (as a score
 * computed from short inputs often has), both signs. */
static void
test_numfmt_unit_interval(void **state)
{
	rng r = {2};
	long i;

	(void)state;
	for (i = 0; i < 700000; i++) {
		double x = (double)(next(&r) >> 11) * 0x1p-53;

		check(i % 8 == 0 ? -x : x);
	}
	for (i = 0; i < 150000; i++) {
		unsigned keep = 1 + below(&r, 53);
		double x = (double)(next(&r) >> (64 - keep)) * ldexp(1, -(int)keep);

		check(i % 8 == 0 ? -x : x);
	}
}

/* Random significands at every binary exponent from well below the fast
 * range (2^-37) to well above it (2^64). */
static void
test_numfmt_exponent_sweep(void **state)
{
	rng r = {3};
	int be;
	long i;

	(void)state;
	for (be = -70; be <= 90; be++)
		for (i = 0; i < 1000; i++)
			check2(ldexp((double)random_significand(&r), be - 52));
}

static void
test_numfmt_integers(void **state)
{
	rng r = {4};
	long i;

	(void)state;
	for (i = 0; i <= 100000; i++)
		check((double)i);
	for (i = -100; i <= 100; i++) {
		check2(9007199254740992.0 + (double)i);
		check2(1e16 + (double)(2 * i));
		check2(1e17 + (double)(16 * i));
	}
	for (i = 0; i < 100000; i++) /* any width up to 64 bits */
		check2((double)(next(&r) >> below(&r, 64)));
	for (i = 0; i < 50000; i++) /* 17 to 20 digits */
		check2((double)(next(&r) | (UINT64_C(1) << 56)));
}

/* Decimals as a CSV would hold them: k / 10^d, read by strtod, and
 * k / 1000 computed by division. */
static void
test_numfmt_decimals(void **state)
{
	rng r = {5};
	char s[64];
	int d;
	long i;

	(void)state;
	for (d = 1; d <= 17; d++) {
		for (i = 0; i < 8000; i++) {
			uint64_t k = next(&r) >> below(&r, 64);

			snprintf(s, sizeof s, "%" PRIu64 "e-%d", k, d);
			check2(decimal(s));
		}
	}
	for (i = 0; i <= 100000; i++)
		check((double)i / 1000.0);
}

/* 10^j for every double decade and 2^j for every binade, three ulps
 * each way. */
static void
test_numfmt_powers(void **state)
{
	char s[32];
	int j;

	(void)state;
	for (j = -323; j <= 308; j++) {
		snprintf(s, sizeof s, "1e%d", j);
		check_around(decimal(s), 3);
	}
	for (j = -1074; j <= 1023; j++)
		check_around(ldexp(1, j), 3);
}

/* The double nearest to D.5 x 10^(k-16) for a random 17-digit D: its
 * scaled remainder is within an ulp of 1/2, where a rounding error would
 * show. */
static void
test_numfmt_near_ties(void **state)
{
	rng r = {6};
	char s[64];
	long i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		uint64_t dd = UINT64_C(10000000000000000) +
		              next(&r) % UINT64_C(90000000000000000);
		int k = -24 + (int)below(&r, 52);

		if (i % 50 == 0)
			dd = UINT64_C(99999999999999999); /* carries */
		snprintf(s, sizeof s, "%" PRIu64 "5e%d", dd, k - 17);
		check_around(decimal(s), 1);
	}
}

/* Exact ties: x = m x 2^-j with m odd has the decimal expansion
 * m x 5^j x 10^-j, all of whose digits are significant; with exactly 18
 * of them the 18th is 5 and %.17g must round half to even. Those are all
 * the ties there are (5^j <= 10^18 needs j <= 25; integers from 10^17 up
 * are multiples of 16, so none end in 5, 50 or 500). */
static void
test_numfmt_exact_ties(void **state)
{
	rng r = {7};
	uint64_t p5 = 1;
	int j;
	long n_ties = 0;

	(void)state;
	for (j = 1; j <= 25; j++) {
		uint64_t lo, hi, m;
		long i;

		p5 *= 5;
		lo = (UINT64_C(100000000000000000) + p5 - 1) / p5;
		hi = UINT64_C(999999999999999999) / p5;
		if (hi > (UINT64_C(1) << 53))
			hi = UINT64_C(1) << 53;
		if (lo > hi)
			continue;
		for (i = 0; i < 4000; i++) {
			char s[64];
			double x;

			m = (lo + next(&r) % (hi - lo + 1)) | 1;
			if (m > hi)
				m -= 2;
			if (m < lo)
				continue;
			x = ldexp((double)m, -j);
			/* the generator's claim: digit 18 is the last, a 5 */
			snprintf(s, sizeof s, "%.40e", x);
			if (s[18] != '5' || strspn(s + 19, "0") != 23)
				fail_msg("generator bug: %s is not a tie", s);
			check2(x);
			n_ties++;
		}
	}
	assert_true(n_ties > 50000);
}

/* Values just below a power of ten, some of which round up to it. */
static void
test_numfmt_carries(void **state)
{
	char s[64];
	int j, t;

	(void)state;
	for (j = -30; j <= 30; j++) {
		snprintf(s, sizeof s, "1e%d", j);
		check_around(decimal(s), 8);
		for (t = 0; t <= 9; t++) {
			snprintf(s, sizeof s, "9.9999999999999999%de%d", t, j);
			check_around(decimal(s), 2);
			snprintf(s, sizeof s, "9.999999999999999%de%d", t, j);
			check_around(decimal(s), 2);
		}
	}
}

/* The edges of the fast range and other extremes. */
static void
test_numfmt_edges(void **state)
{
	static const double edges[] = {
		1e-11, 1e-12, 0x1p-37, 0x1p-36, 1e-10, 1e-5, 1e-4, 0x1p52, 0x1p53,
		0x1p56, 0x1p63, 0x1p64, 0x1p65, 1e16, 1e17, 1e18, 1e19, 1e20,
		DBL_MIN, DBL_MAX, DBL_EPSILON, 0x1p-1074, 0x1p-1022,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof edges / sizeof edges[0]; i++)
		check_around(edges[i], 40);
}

/* In the other rounding modes glibc rounds differently: the result must
 * follow (by taking the snprintf path). */
static void
test_numfmt_rounding_modes(void **state)
{
	static const int modes[] = {
#ifdef FE_UPWARD
		FE_UPWARD,
#endif
#ifdef FE_DOWNWARD
		FE_DOWNWARD,
#endif
#ifdef FE_TOWARDZERO
		FE_TOWARDZERO,
#endif
		FE_TONEAREST,
	};
	size_t k;
	int j;
	long i;

	(void)state;
	for (k = 0; k < sizeof modes / sizeof modes[0]; k++) {
		rng r = {8};

		assert_int_equal(fesetround(modes[k]), 0);
		for (j = 20; j <= 25; j++) {
			check2(ldexp(1, -j));
			check2(ldexp(3, -j));
		}
		for (i = 0; i < 20000; i++)
			check2((double)(next(&r) >> 11) * 0x1p-53);
		for (i = 0; i < 20000; i++)
			check2(ldexp((double)random_significand(&r), -40 + (int)below(&r, 100)));
	}
	assert_int_equal(fegetround(), FE_TONEAREST);
}

/* With a decimal comma, snprintf prints one and so must we. Needs a
 * locale that this machine may not have. */
static void
test_numfmt_locale_comma(void **state)
{
	static const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
	                              "fr_FR.utf8", "de_DE", "fr_FR"};
	char got[32];
	size_t i;
	int found = 0;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0] && !found; i++)
		found = setlocale(LC_NUMERIC, names[i]) != NULL;
	if (!found)
		skip();
	tdm__format_g17(0.5, got);
	assert_string_equal(got, "0,5");
	check(0.1);
	check(-1234.5678);
	check(1e-5);
	setlocale(LC_NUMERIC, "C");
	tdm__format_g17(0.5, got);
	assert_string_equal(got, "0.5");
}

static void
test_numfmt_count(void **state)
{
	(void)state;
	/* the brief: at least 3 million comparisons */
	print_message("%ld doubles compared with snprintf\n", n_checked);
	assert_true(n_checked >= 3000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numfmt_fixed_cases),
		cmocka_unit_test(test_numfmt_random_bits),
		cmocka_unit_test(test_numfmt_unit_interval),
		cmocka_unit_test(test_numfmt_exponent_sweep),
		cmocka_unit_test(test_numfmt_integers),
		cmocka_unit_test(test_numfmt_decimals),
		cmocka_unit_test(test_numfmt_powers),
		cmocka_unit_test(test_numfmt_near_ties),
		cmocka_unit_test(test_numfmt_exact_ties),
		cmocka_unit_test(test_numfmt_carries),
		cmocka_unit_test(test_numfmt_edges),
		cmocka_unit_test(test_numfmt_rounding_modes),
		cmocka_unit_test(test_numfmt_locale_comma),
		cmocka_unit_test(test_numfmt_count),
	};

	return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
