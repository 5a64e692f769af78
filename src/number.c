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
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "tdm.h"
#include "util.h"

#define FAST_PATH TDM_FAST_DECIMAL
#define MAX_EXACT TDM__MAX_EXACT
#define MAX_DIGITS 19                 /* 10^19 - 1 fits in a uint64 */
#define EXP_CLAMP 100000              /* far beyond any finite double */

#if FAST_PATH
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
	*out = q >= 0 ? v * tdm__pow10_exact[q] : v / tdm__pow10_exact[-q];
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

/* The shortest round-trip text, found by trying every precision: up to
 * 25 snprintf + strtod pairs. The reference the fast path must equal
 * byte for byte, and its fallback. */
static char *
format_number_slow(double x, char *buf, size_t size)
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

#define N_G17 17   /* significant digits that always round-trip */
#define FMT_MAX 64 /* longer than any text below ("-" 16 "." 24 digits) */

/* The significant digits of |x| as "%.17g" prints them, padded with '0'
 * to 17, and the decimal exponent of the first: |x| ~ d.ddd x 10^e.
 * 0 when the text has another shape (a decimal comma, say). */
static int
split_g17(double x, char *dig, int *exp10)
{
	char text[32];
	const char *p = text;
	int pos = 0, n_int = 0, first = -1, n_sig = 0, seen_point = 0;
	int e = 0, e_neg = 0;

	tdm__format_g17(x, text);
	if (*p == '-')
		p++;
	for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
		if (*p == '.') {
			if (seen_point)
				return 0;
			seen_point = 1;
			continue;
		}
		if (!seen_point)
			n_int++;
		if (first < 0 && *p != '0')
			first = pos;
		if (first >= 0) {
			if (n_sig == N_G17)
				return 0;
			dig[n_sig++] = *p;
		}
		pos++;
	}
	if (*p == 'e') {
		p++;
		if (*p == '+' || *p == '-')
			e_neg = *p++ == '-';
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		for (; *p >= '0' && *p <= '9'; p++)
			e = e * 10 + (*p - '0');
	}
	if (*p != '\0' || first < 0)
		return 0;
	while (n_sig < N_G17)
		dig[n_sig++] = '0';
	*exp10 = n_int - 1 - first + (e_neg ? -e : e);
	return 1;
}

/* Style f text of the n digits c (the first at 10^e) with prec decimals;
 * digits past c are zeros. Returns the length. */
static size_t
put_fixed(char *out, int neg, const char *c, int n, int e, int prec)
{
	size_t len = 0;
	int k, i;

	if (neg)
		out[len++] = '-';
	for (k = e > 0 ? e : 0; k >= -prec; k--) {
		if (k == -1)
			out[len++] = '.';
		i = e - k;
		out[len++] = i >= 0 && i < n ? c[i] : '0';
	}
	out[len] = '\0';
	return len;
}

/* What "%.*g" prints for the value 0.c x 10^(e+1), c the n digits it was
 * rounded to (prec n, no '#' flag): style f or e by the C11 rule on the
 * rounded exponent, trailing zeros removed. Returns the length. */
static size_t
put_general(char *out, int neg, const char *c, int n, int e)
{
	size_t len = 0;
	int n_keep = n, i;
	unsigned ue;
	char exp_digits[8];
	int n_exp = 0;

	while (n_keep > 1 && c[n_keep - 1] == '0')
		n_keep--;
	if (n > e && e >= -4)
		return put_fixed(out, neg, c, n_keep, e,
		                 n_keep - 1 - e > 0 ? n_keep - 1 - e : 0);
	if (neg)
		out[len++] = '-';
	out[len++] = c[0];
	if (n_keep > 1) {
		out[len++] = '.';
		for (i = 1; i < n_keep; i++)
			out[len++] = c[i];
	}
	out[len++] = 'e';
	out[len++] = e < 0 ? '-' : '+';
	ue = (unsigned)(e < 0 ? -e : e);
	do {
		exp_digits[n_exp++] = (char)('0' + ue % 10);
		ue /= 10;
	} while (ue != 0);
	if (n_exp < 2)
		exp_digits[n_exp++] = '0';
	while (n_exp > 0)
		out[len++] = exp_digits[--n_exp];
	out[len] = '\0';
	return len;
}

/* The text of x rounded to d significant digits, as the old loop prints
 * it, into out; its length, or 0 for an apparent tie (the 17 digits end
 * in 5 then zeros after digit d: which way x rounds is not known). With
 * way >= 0 a tie is not looked for: 0 truncates the digits, 1 rounds
 * them up. */
static size_t
candidate(const char *dig, int e, int d, int is_plain, int neg, int way,
          char *out)
{
	char c[N_G17];
	int ce = e, i, up = way > 0;

	memcpy(c, dig, (size_t)d);
	if (way < 0 && d < N_G17 && dig[d] >= '5') {
		for (i = d + 1; i < N_G17 && dig[i] == '0'; i++)
			;
		if (dig[d] == '5' && i == N_G17)
			return 0;
		up = 1;
	}
	if (up) {
		for (i = d - 1; i >= 0 && c[i] == '9'; i--)
			c[i] = '0';
		if (i >= 0) {
			c[i]++;
		} else {
			c[0] = '1'; /* 9.99 -> 10.0: the rest are zeros */
			ce = e + 1;
		}
	}
	/* "%.*f" with prec d - 1 - e rounds x at its d-th digit (e, not ce)
	 * and prints a carry as it is ("10.0"). */
	if (is_plain)
		return put_fixed(out, neg, c, d, ce, d - 1 - e);
	return put_general(out, neg, c, d, ce);
}

/* An apparent tie at d = 16 of a normal x that is not a power of two:
 * the doubles on both sides of x are equally far, so a text reads back
 * iff it is nearer x than half that gap. If exactly one of the two
 * roundings (down, up) reads back, it is the nearer one, which is the
 * one printf's correct rounding of x's exact value prints: 1 with it in
 * out. If neither does, printf's does not: 0. If both do, which is nearer
 * is not known from 17 digits: -1. */
static int
tie_reads_back(const char *dig, int e, int d, int is_plain, double x,
               char *out)
{
	char down[FMT_MAX], up[FMT_MAX];
	size_t n_down, n_up;
	double b_down, b_up;
	int ok_down, ok_up;

	n_down = candidate(dig, e, d, is_plain, x < 0, 0, down);
	n_up = candidate(dig, e, d, is_plain, x < 0, 1, up);
	ok_down = tdm_parse_number(down, n_down, &b_down) == 1 && b_down == x;
	ok_up = tdm_parse_number(up, n_up, &b_up) == 1 && b_up == x;
	if (ok_down && ok_up)
		return -1;
	if (ok_down)
		memcpy(out, down, n_down + 1);
	else if (ok_up)
		memcpy(out, up, n_up + 1);
	return ok_down || ok_up;
}

/* Does the d-digit text read back to x? 1 yes, 0 no, -1 not known (an
 * apparent tie at d = 16 that tie_reads_back cannot settle). sym: x is not
 * a power of two (the gaps on both sides are equal). */
static int
reads_back(const char *dig, int e, int d, int is_plain, int sym, double x,
           char *out)
{
	size_t len = candidate(dig, e, d, is_plain, x < 0, -1, out);
	double back;

	/* An apparent tie at digit d: either way the text is about half a
	 * unit of digit d from x, at least 5e-15 |x| for d <= 15, more than
	 * the half gap to the next double (< 1.2e-16 |x| for a normal x): it
	 * cannot read back. At d = 16 both roundings are tried; for a
	 * subnormal x or a power of two, the slow loop decides. */
	if (len == 0) {
		if (fabs(x) < DBL_MIN)
			return -1;
		if (d <= 15)
			return 0;
		return sym ? tie_reads_back(dig, e, d, is_plain, x, out) : -1;
	}
	if (d == N_G17)
		return 1; /* x's own 17 digits: they read back */
	return tdm_parse_number(out, len, &back) == 1 && back == x;
}

static int
format_number_fast(double x, char *out)
{
	char dig[N_G17];
	int e, d, i, lo, hi, r, ex, is_plain;
	double ax = fabs(x);

#ifdef FE_TONEAREST
	if (fegetround() != FE_TONEAREST)
		return 0;
#endif
	if (!split_g17(x, dig, &e))
		return 0;
	/* 1 then zeros: a power of ten, or 17 digits that carried into a
	 * new exponent (e would then not be x's). Rare; short when exact. */
	for (i = 1; i < N_G17 && dig[i] == '0'; i++)
		;
	if (dig[0] == '1' && i == N_G17)
		return 0;
	is_plain = ax >= 1e-4 && ax < 1e16;
	/* Style f has at least the integer part's e + 1 digits. With e < 0,
	 * the precisions below d = 1 print 0 or 10^(e+1); the latter reads
	 * back only to the double nearest 10^(e+1), which for 10^-3 .. 10^0
	 * is not below 10^(e+1), so its exponent is not e: none reads back. */
	lo = is_plain && e + 1 > 1 ? e + 1 : 1;
	if (frexp(ax, &ex) != 0.5) {
		/* Not a power of two: the doubles on both sides of x are
		 * equally far, so a text reads back iff it is within half that
		 * gap; d + 1 digits are at least as close as d, so reading back
		 * is monotone in d and the shortest is found by bisection. */
		hi = N_G17;
		/* Most doubles that are not short need 16 or 17 digits: try
		 * 16, then 15, before bisecting what is left (two parses for
		 * them instead of four). */
		for (d = N_G17 - 1; d >= N_G17 - 2 && d >= lo && d < hi; d--) {
			if ((r = reads_back(dig, e, d, is_plain, 1, x, out)) < 0)
				return 0;
			if (!r) {
				lo = d + 1;
				break;
			}
			hi = d;
		}
		while (lo < hi) {
			d = lo + (hi - lo) / 2;
			if ((r = reads_back(dig, e, d, is_plain, 1, x, out)) < 0)
				return 0;
			if (r)
				hi = d;
			else
				lo = d + 1;
		}
		return reads_back(dig, e, lo, is_plain, 1, x, out) == 1;
	}
	/* A power of two: the gap below is half the gap above; try each d */
	for (d = lo; d <= N_G17; d++)
		if ((r = reads_back(dig, e, d, is_plain, 0, x, out)) != 0)
			return r > 0;
	return 0;
}

char *
tdm_format_number(double x, char *buf, size_t size)
{
	char text[FMT_MAX];
	size_t len;

	if (size == 0 || isnan(x) || isinf(x) || x == 0
	    || !format_number_fast(x, text))
		return format_number_slow(x, buf, size);
	len = strlen(text);
	if (len >= size)
		return format_number_slow(x, buf, size); /* truncates alike */
	memcpy(buf, text, len + 1);
	return buf;
}
