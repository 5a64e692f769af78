/*
 * test_number_fast.c -- tdm_parse_number against strtod, bit for bit.
 *
 * number.c converts short decimals itself (Clinger's fast path) and hands
 * the rest to strtod; the contract is that the value is strtod's, sign of
 * zero included, and the return code is 1 / -1 (overflow) / 0 (grammar).
 * Millions of generated strings of many shapes (fixed seed) are compared
 * with strtod by memcmp of the doubles; random strings over the grammar's
 * alphabet are compared with an independent grammar (a POSIX regex).
 * The same strings go to decimal.h's tdm__scan_decimal (the columnar
 * reader's inline fast path), with and without bytes after them, which
 * must decline or agree bit for bit and stop at the comma.
 * TDM_NUMBER_BENCH=1 also prints a micro-benchmark (no timing asserts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decimal.h"
#include "tdm.h"

/* ---- a fixed-seed PRNG (splitmix64) ---------------------------------- */

#include "tdm_rng.h"


/* ---- the reference and the comparison -------------------------------- */

typedef struct tally {
	long n_checked, n_ok, n_overflow;
	long n_scanned;           /* taken whole by tdm__scan_decimal */
} tally;

/* tdm__scan_decimal on s followed by a comma (the columnar reader's
 * cell): it declines (NULL), stops before the comma (the reader then
 * declines the line), or takes all of s with strtod's value (want, of
 * return code want_rc). Never past the comma. */
static void
check_scan_in(const char *s, size_t len, double want, int want_rc,
              tally *t, size_t room)
{
	char buf[512];
	const char *end;
	double got = 12345.0;

	memset(buf, '7', sizeof buf);
	memcpy(buf, s, len);
	buf[len] = ',';
	end = tdm__scan_decimal(buf, buf + len + room, &got);
	if (end == NULL)
		return;
	if (end > buf + len)
		fail_msg("'%s': tdm__scan_decimal read past the comma", s);
	if (end < buf + len)
		return;
	if (want_rc != 1)
		fail_msg("'%s': tdm__scan_decimal took it, strtod says %d", s,
		         want_rc);
	if (memcmp(&got, &want, sizeof got) != 0)
		fail_msg("'%s': tdm__scan_decimal gives %a (%.17g), strtod %a "
		         "(%.17g)",
		         s, got, got, want, want);
	t->n_scanned++;
}

/* With the comma the last byte it may read, and with more bytes (digits)
 * after it: it must stop at the comma all the same. */
static void
check_scan(const char *s, size_t len, double want, int want_rc, tally *t)
{
	check_scan_in(s, len, want, want_rc, t, 1);
	check_scan_in(s, len, want, want_rc, t, 2 + 16);
}

/* s (terminated, length len) must be accepted exactly as strtod reads it.
 * tdm_parse_number sees the bytes through a buffer whose next byte is a
 * digit, so reading past len would change the value. */
static void
check_one(const char *s, size_t len, tally *t)
{
	char buf[512];
	char *end;
	double want, got = 12345.0, sentinel = 12345.0;
	int want_rc, rc;

	assert_true(len + 2 <= sizeof buf);
	memcpy(buf, s, len);
	buf[len] = '7';
	buf[len + 1] = '\0';
	errno = 0;
	want = strtod(s, &end);
	if (end != s + len)
		fail_msg("generator bug: strtod stops early in '%s'", s);
	want_rc = errno == ERANGE && isinf(want) ? -1 : 1;
	rc = tdm_parse_number(buf, len, &got);
	if (rc != want_rc)
		fail_msg("'%s': returned %d, strtod says %d", s, rc, want_rc);
	if (rc == 1 && memcmp(&got, &want, sizeof got) != 0)
		fail_msg("'%s': got %a (%.17g), strtod gives %a (%.17g)", s, got, got,
		         want, want);
	if (rc != 1 && memcmp(&got, &sentinel, sizeof got) != 0)
		fail_msg("'%s': *out written on return %d", s, rc);
	check_scan(s, len, want, want_rc, t);
	t->n_checked++;
	t->n_ok += rc == 1;
	t->n_overflow += rc == -1;
}

static void
check_str(const char *s, tally *t)
{
	check_one(s, strlen(s), t);
}

/* ---- generators ------------------------------------------------------ */

/* A string builder over a fixed buffer. */
typedef struct sb {
	char s[400];
	size_t n;
} sb;

static void
put(sb *b, char c)
{
	if (b->n + 1 < sizeof b->s)
		b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

static void
puts_(sb *b, const char *s)
{
	while (*s)
		put(b, *s++);
}

static void
digits(sb *b, rng *r, unsigned n, int first_nonzero)
{
	unsigned i;

	for (i = 0; i < n; i++)
		put(b, (char)('0' + (i == 0 && first_nonzero ? 1 + below(r, 9)
		                                            : below(r, 10))));
}

static void
sign(sb *b, rng *r)
{
	unsigned k = below(r, 4);

	if (k == 0)
		put(b, '-');
	else if (k == 1)
		put(b, '+');
}

/* An exponent part, weighted to the interesting ranges. */
static void
exponent(sb *b, rng *r)
{
	char tmp[40];
	long e;

	switch (below(r, 8)) {
	case 0: e = (long)below(r, 10); break;
	case 1: e = 15 + (long)below(r, 12); break;      /* around 22/23 */
	case 2: e = 30 + (long)below(r, 12); break;      /* fold limit 38 */
	case 3: e = 290 + (long)below(r, 40); break;     /* overflow/subnormal */
	case 4: e = (long)below(r, 400); break;
	case 5: e = 99990 + (long)below(r, 20); break;   /* around the clamp */
	case 6: e = 1000000000L + (long)below(r, 1000); break; /* huge */
	default: e = (long)below(r, 30); break;
	}
	put(b, below(r, 2) ? 'e' : 'E');
	switch (below(r, 3)) {
	case 0: put(b, '-'); break;
	case 1: put(b, '+'); break;
	default: break;
	}
	if (below(r, 8) == 0) /* leading zeros in the exponent */
		puts_(b, below(r, 2) ? "0" : "000");
	snprintf(tmp, sizeof tmp, "%ld", e);
	puts_(b, tmp);
}

/* Any string of the grammar, in many shapes. */
static void
gen_number(sb *b, rng *r)
{
	unsigned shape = below(r, 10), n_int, n_frac;

	b->n = 0;
	b->s[0] = '\0';
	sign(b, r);
	switch (shape) {
	case 0: /* an integer, maybe with leading zeros */
		if (below(r, 4) == 0)
			digits(b, r, 1 + below(r, 3), 0);
		digits(b, r, 1 + below(r, 20), 1);
		break;
	case 1: /* 1-20 significant digits with a dot somewhere */
		n_int = below(r, 12);
		n_frac = below(r, 12);
		if (n_int + n_frac == 0)
			n_int = 1;
		digits(b, r, n_int, 0);
		put(b, '.');
		digits(b, r, n_frac, 0);
		break;
	case 2: /* leading dot, maybe leading zeros after it */
		put(b, '.');
		if (below(r, 2))
			digits(b, r, below(r, 25), 0);
		digits(b, r, 1 + below(r, 18), 0);
		break;
	case 3: /* trailing dot */
		digits(b, r, 1 + below(r, 17), 0);
		put(b, '.');
		break;
	case 4: /* long significands: more than 19 digits */
		digits(b, r, 1 + below(r, 25), 0);
		if (below(r, 2)) {
			put(b, '.');
			digits(b, r, below(r, 25), 0);
		}
		digits(b, r, 20 - (below(r, 2) ? 0 : 5), 0);
		break;
	case 5: /* zeros in every form */
		if (below(r, 2))
			puts_(b, "0");
		if (below(r, 2)) {
			put(b, '.');
			puts_(b, below(r, 2) ? "0" : "000");
		}
		if (b->n == 0 || b->s[b->n - 1] == '-' || b->s[b->n - 1] == '+')
			put(b, '0');
		break;
	default: /* the common CSV shape: dddd.dd, sometimes longer */
		digits(b, r, 1 + below(r, 8), below(r, 2));
		if (below(r, 4)) {
			put(b, '.');
			digits(b, r, 1 + below(r, 8), 0);
		}
		break;
	}
	if (below(r, 3) == 0 || shape == 4)
		exponent(b, r);
}

/* Significands right at the edges of the fast path, with the exponents
 * that matter: 2^53 - 2 .. 2^53 + 3, and w x 10^q for q up to 38 and
 * down to -23. */
static void
gen_edge(sb *b, rng *r)
{
	static const char *const ws[] = {
		"9007199254740990", "9007199254740991", "9007199254740992",
		"9007199254740993", "9007199254740994", "9007199254740995",
		"4503599627370497", "18014398509481985", "1", "9", "123456789",
		"999999999999999", "1000000000000000", "9999999999999999",
		"1234567890123456789", "9999999999999999999", "10000000000000000000",
		"17976931348623157", "17976931348623159", "22250738585072014",
		"49406564584124654", "24703282292062327", "5",
	};
	const char *w = ws[below(r, sizeof ws / sizeof ws[0])];
	char tmp[40];
	int q = (int)below(r, 80) - 40;
	size_t k, n = strlen(w), dot;

	b->n = 0;
	b->s[0] = '\0';
	sign(b, r);
	switch (below(r, 3)) {
	case 0: /* w e q */
		puts_(b, w);
		snprintf(tmp, sizeof tmp, "e%d", q);
		puts_(b, tmp);
		break;
	case 1: /* w with a dot inside it */
		dot = below(r, (unsigned)n + 1);
		for (k = 0; k < n; k++) {
			if (k == dot)
				put(b, '.');
			put(b, w[k]);
		}
		if (dot == n)
			put(b, '.');
		if (below(r, 2)) {
			snprintf(tmp, sizeof tmp, "e%d", q);
			puts_(b, tmp);
		}
		break;
	default: /* the extremes: near DBL_MAX and the subnormals */
		tmp[0] = w[0];
		tmp[1] = '.';
		tmp[2] = '\0';
		puts_(b, tmp);
		puts_(b, w + 1);
		snprintf(tmp, sizeof tmp, "e%d",
		         below(r, 2) ? 300 + (int)below(r, 12)
		                     : -300 - (int)below(r, 30));
		puts_(b, tmp);
		break;
	}
}

/* ---- tests ----------------------------------------------------------- */

static void
test_number_fast_matches_strtod_on_generated_numbers(void **state)
{
	rng r = {UINT64_C(20240607)};
	sb b;
	tally t = {0, 0, 0, 0};
	long i;

	(void)state;
	for (i = 0; i < 1800000; i++) {
		gen_number(&b, &r);
		check_one(b.s, b.n, &t);
	}
	for (i = 0; i < 300000; i++) {
		gen_edge(&b, &r);
		check_one(b.s, b.n, &t);
	}
	assert_true(t.n_checked >= 2000000);
	/* The shapes reach both outcomes. */
	assert_true(t.n_overflow > 1000);
	assert_true(t.n_ok > 1500000);
	/* and the inline scanner takes the common shapes */
	assert_true(t.n_scanned > 400000);
}

static void
test_number_fast_matches_strtod_on_fixed_cases(void **state)
{
	static const char *const cases[] = {
		"0", "-0", "+0", "-0.0", "-.0", "-0.", "0e0", "-0e-5", "-0e999999",
		"0e-99999999999999999999", "000", "-000.000e+000",
		"1", "-1", "+1", "1.", ".1", "-.1", "840.19", "0.35", "1200",
		"1e22", "1e23", "1e-22", "1e-23", "9007199254740992e22",
		"9007199254740993", "9007199254740993e1", "900719925474099.3e1",
		"1.5e38", "15e37", "123e38", "1e38", "1e39", "9e37",
		"4503599627370497.5", "0.1", "0.2", "0.3", "3.14159265358979323846",
		"2.2250738585072011e-308", "2.2250738585072014e-308",
		"4.9406564584124654e-324", "2.4703282292062327e-324",
		"2.4703282292062328e-324", "1e-400", "1.7976931348623157e308",
		"1.7976931348623158e308", "1.7976931348623159e308", "1e309",
		"-1e309", "1e99999", "1e100000", "1e100001",
		"12345678901234567890", "1234567890123456789", "0.000000000000000000001",
		"00000000000000000000000000001", "1.00000000000000000000000000000",
		"9999999999999999999.9e-5", "1e0000000000000000000000000022",
		"3.518437208883201171875e13", "7.3177701707893310e15",
	};
	tally t = {0, 0, 0, 0};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_str(cases[i], &t);
}

/* A fraction long enough to offset a clamped exponent: the exponent must
 * be taken whole (strtod), not clamped. 0.(99989 zeros)1 is 10^-99990;
 * the exponent 1000000 would read as 100000 if clamped, giving 10^10. */
static void
test_number_fast_long_fraction_and_big_exponent(void **state)
{
	static char s[120000];
	double v = 0;
	size_t n = 0, k;

	(void)state;
	s[n++] = '0';
	s[n++] = '.';
	for (k = 0; k < 99989; k++)
		s[n++] = '0';
	s[n++] = '1';
	memcpy(s + n, "e1000000", 8);
	/* 10^-99990 x 10^1000000 overflows. */
	assert_int_equal(tdm_parse_number(s, n + 8, &v), -1);
	/* 10^-99990 x 10^99995 = 10^5, exponent under the clamp. */
	memcpy(s + n, "e99995", 6);
	assert_int_equal(tdm_parse_number(s, n + 6, &v), 1);
	assert_true(v == 1e5);
	/* 10^-99990 x 10^100000 = 10^10, exponent at the clamp. */
	memcpy(s + n, "e100000", 7);
	assert_int_equal(tdm_parse_number(s, n + 7, &v), 1);
	assert_true(v == 1e10);
	/* 10^-99990 x 10^-1000000 underflows to zero (not an error). */
	memcpy(s + n, "e-1000000", 9);
	assert_int_equal(tdm_parse_number(s, n + 9, &v), 1);
	assert_true(v == 0);
}

/* Random strings over the grammar's alphabet: accepted exactly when the
 * regex accepts them, and then with strtod's value. */
static void
test_number_fast_grammar_matches_regex(void **state)
{
	static const char alphabet[] = "0123456789+-.eE x";
	regex_t re;
	rng r = {UINT64_C(7)};
	char s[16];
	tally t = {0, 0, 0, 0};
	long i, n_accepted = 0;
	size_t len, k;
	double v;
	int rc;

	(void)state;
	assert_int_equal(regcomp(&re,
	                         "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
	                         "([eE][+-]?[0-9]+)?$",
	                         REG_EXTENDED | REG_NOSUB),
	                 0);
	for (i = 0; i < 200000; i++) {
		len = below(&r, 9);
		for (k = 0; k < len; k++)
			s[k] = alphabet[below(&r, sizeof alphabet - 1)];
		s[len] = '\0';
		if (regexec(&re, s, 0, NULL, 0) == 0) {
			check_one(s, len, &t);
			n_accepted++;
		} else {
			v = 42;
			rc = tdm_parse_number(s, len, &v);
			if (rc != 0 || v != 42)
				fail_msg("'%s': accepted (%d), the grammar says no", s, rc);
		}
	}
	regfree(&re);
	assert_true(n_accepted > 5000);
}

static void
test_number_fast_rejects_non_decimals(void **state)
{
	static const char *const bad[] = {
		"", " 1", "1 ", "\t1", "12abc", "0x1A", "0X1p3", "inf", "-inf",
		"nan", "NaN", "Infinity", "1e", "1e+", "1e-", ".", "-", "+", "+.",
		"-.", ".e1", "e5", "E5", "1.2.3", "1,5", "--1", "+-1", "1e5.0",
		"1e5e5", "1ee5", "1.e", "\xd9\xa1", "1\n", "1_000",
	};
	size_t i;
	double v = 42;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (tdm_parse_number(bad[i], strlen(bad[i]), &v) != 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(v == 42);
	}
	/* Embedded NUL: the length is the truth. */
	assert_int_equal(tdm_parse_number("1\0" "2", 3, &v), 0);
	assert_true(v == 42);
	/* A prefix of a longer number is parsed as itself. */
	assert_int_equal(tdm_parse_number("123e45", 4, &v), 0);
	assert_int_equal(tdm_parse_number("123e45", 5, &v), 1);
	assert_true(v == 123e4);
}

/* More than the 64-byte stack copy strtod gets: the malloc path. */
static void
test_number_fast_long_strings(void **state)
{
	rng r = {UINT64_C(99)};
	sb b;
	tally t = {0, 0, 0, 0};
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		b.n = 0;
		b.s[0] = '\0';
		sign(&b, &r);
		digits(&b, &r, 1 + below(&r, 150), 0);
		put(&b, '.');
		digits(&b, &r, below(&r, 150), 0);
		if (below(&r, 2))
			exponent(&b, &r);
		check_one(b.s, b.n, &t);
	}
	assert_true(t.n_checked == 20000);
}

/* ---- micro-benchmark (TDM_NUMBER_BENCH=1) ---------------------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void
test_number_fast_bench(void **state)
{
	enum { N = 1000000, W = 12 };
	rng r = {UINT64_C(1)};
	char *cells;
	size_t *lens, i;
	double t0, t_strtod, t_ours, sum = 0, v;
	const char *env = getenv("TDM_NUMBER_BENCH");

	(void)state;
	if (env == NULL || strcmp(env, "1") != 0)
		return; /* only on request: no timing in the normal run */
	cells = malloc((size_t)N * W);
	lens = malloc((size_t)N * sizeof *lens);
	assert_non_null(cells);
	assert_non_null(lens);
	for (i = 0; i < N; i++) /* the benchmark file's shape: 840.19 */
		lens[i] = (size_t)snprintf(cells + i * W, W, "%.2f",
		                           (double)below(&r, 100000) / 100);
	t0 = now();
	for (i = 0; i < N; i++)
		sum += strtod(cells + i * W, NULL);
	t_strtod = now() - t0;
	t0 = now();
	for (i = 0; i < N; i++) {
		if (tdm_parse_number(cells + i * W, lens[i], &v) == 1)
			sum += v;
	}
	t_ours = now() - t0;
	print_message("numbers: strtod %.1f ns, tdm_parse_number %.1f ns "
	              "(%.1f M/s) [checksum %g]\n",
	              t_strtod / N * 1e9, t_ours / N * 1e9, N / t_ours / 1e6, sum);
	free(cells);
	free(lens);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_fast_matches_strtod_on_generated_numbers),
		cmocka_unit_test(test_number_fast_matches_strtod_on_fixed_cases),
		cmocka_unit_test(test_number_fast_long_fraction_and_big_exponent),
		cmocka_unit_test(test_number_fast_grammar_matches_regex),
		cmocka_unit_test(test_number_fast_rejects_non_decimals),
		cmocka_unit_test(test_number_fast_long_strings),
		cmocka_unit_test(test_number_fast_bench),
	};
	return cmocka_run_group_tests_name("number_fast", tests, NULL, NULL);
}
