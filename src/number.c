/*
 * number.c -- strict decimal parsing and shortest round-trip formatting.
 *
 * Owns what counts as a number in a CSV cell or a guardrail: plain decimal
 * notation only, with the value strtod gives, bit for bit. Short decimals
 * (at most 19 significant digits that fit in 53 bits, a power of ten up
 * to 10^22) are converted with one IEEE multiply or divide (Clinger's fast
 * path, doc/design/number-parsing.md); everything else goes to strtod.
 * Must not accept what strtod alone would (hex, inf, nan, leading spaces),
 * nor return a value that differs from strtod's in any bit.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"

/* The fast path needs each double operation rounded once, to double:
 * with x87 excess precision (FLT_EVAL_METHOD 2) it would be rounded twice. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FAST_PATH 1
#else
#define FAST_PATH 0
#endif

#define MAX_EXACT ((uint64_t)1 << 53) /* integers up to here are exact */
#define MAX_DIGITS 19                 /* 10^19 - 1 fits in a uint64 */
#define EXP_CLAMP 100000              /* far beyond any finite double */

#if FAST_PATH
/* Every power of ten that a double holds exactly (5^22 < 2^53 < 5^23). */
static const double pow10_exact[] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* 10^0 .. 10^16, for folding zeros into the significand. */
static const uint64_t pow10_int[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
	UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
	UINT64_C(10000000000000000),
};

/* w x 10^q as a correctly rounded double, or 0 if that needs more than one
 * rounding (then strtod decides). w is exact (<= 2^53) and the power of
 * ten is exact, so the one operation rounds the exact result once, as
 * strtod must. The sign goes on w first so a directed rounding mode
 * rounds the signed value. */
static int
clinger(uint64_t w, long long q, int neg, double *out)
{
	double v;

	if (w > MAX_EXACT)
		return 0;
	if (q > 22) {
		/* 1234e25 is 12340000e22: fold zeros into w while it stays
		 * an exact integer. */
		uint64_t p;

		if (q - 22 > 16)
			return 0;
		p = pow10_int[q - 22];
		if (w > MAX_EXACT / p)
			return 0;
		w *= p;
		q = 22;
	}
	if (q < -22)
		return 0;
	v = (double)w;
	if (neg)
		v = -v;
	*out = q >= 0 ? v * pow10_exact[q] : v / pow10_exact[-q];
	return 1;
}
#endif

/* The general path: strtod on a terminated copy of s, whose grammar the
 * caller has checked (strtod alone would take hex, inf, nan, spaces). */
static int
parse_strtod(const char *s, size_t len, double *out)
{
	char small[64];
	char *copy = small, *end;
	double v;
	int rc;

	/* strtod needs a terminated string; fields are usually terminated, but
	 * the caller's length is the truth. */
	if (len >= sizeof small) {
		copy = malloc(len + 1);
		if (copy == NULL)
			return 0;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	errno = 0;
	v = strtod(copy, &end);
	rc = 1;
	if (end != copy + len)
		rc = 0;
	else if (errno == ERANGE && isinf(v))
		rc = -1;
	if (copy != small)
		free(copy);
	/* Underflow to a subnormal or zero is a faithful reading; keep it. */
	if (rc == 1)
		*out = v;
	return rc;
}

/* One pass: check the grammar [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?
 * and gather the significand w and the decimal exponent q, so that the
 * value is w x 10^q as long as is_short holds (at most 19 significant
 * digits, an exponent that was not clamped). */
int
tdm_parse_number(const char *s, size_t len, double *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	uint64_t w = 0;
	long long q = 0; /* one step per fraction digit: cannot overflow */
	int neg = 0, n_sig = 0, is_short = 1, has_digits = 0;
	unsigned d;

	if (len == 0)
		return 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; p < end && (d = (unsigned)*p - '0') <= 9; p++) {
		has_digits = 1;
		if (n_sig < MAX_DIGITS) {
			w = w * 10 + d;
			n_sig += w != 0; /* leading zeros are not significant */
		} else {
			is_short = 0;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && (d = (unsigned)*p - '0') <= 9; p++) {
			has_digits = 1;
			if (n_sig < MAX_DIGITS) {
				w = w * 10 + d;
				n_sig += w != 0;
				q--;
			} else {
				is_short = 0;
			}
		}
	}
	if (!has_digits)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int e = 0, e_neg = 0, has_e_digits = 0;

		p++;
		if (p < end && (*p == '+' || *p == '-'))
			e_neg = *p++ == '-';
		for (; p < end && (d = (unsigned)*p - '0') <= 9; p++) {
			has_e_digits = 1;
			if (e < EXP_CLAMP)
				e = e * 10 + (int)d;
		}
		if (!has_e_digits)
			return 0;
		/* A clamped exponent is not the exponent (and a long fraction
		 * could make up for the true one): strtod decides. */
		if (e >= EXP_CLAMP)
			is_short = 0;
		q += e_neg ? -e : e;
	}
	if (p != end)
		return 0;
#if FAST_PATH
	if (w == 0 && n_sig == 0) {
		/* All digits zero (0, -0.000, 0e999999): zero with its sign,
		 * as strtod gives it. */
		*out = neg ? -0.0 : 0.0;
		return 1;
	}
	if (is_short && clinger(w, q, neg, out))
		return 1;
#else
	(void)w;
	(void)q;
	(void)neg;
	(void)n_sig;
	(void)is_short;
#endif
	return parse_strtod(s, len, out);
}

char *
tdm_format_number(double x, char *buf, size_t size)
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
	/* Plain notation where people expect it (250, not 2.5e+02). */
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
