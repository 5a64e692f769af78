/*
 * numfmt.c -- the "%.17g" text of a double, without glibc's bignums.
 *
 * Owns tdm__format_g17: exactly the bytes snprintf(buf, 32, "%.17g", x)
 * writes. For a normal double with 1e-11 <= |x| < 2^64, while the C
 * library would round to nearest and print a '.' point, the 17 digits
 * are computed with exact integer arithmetic in 64-bit words (a 64x64
 * product, shifts, one division), so there is no error to bound; all
 * else goes to snprintf (doc/design/number-formatting.md). Must not
 * approximate, print, allocate or keep state, and must never write a
 * byte that snprintf would not.
 */
#include <fenv.h>
#include <float.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The fast path reads the bits of an IEEE 754 binary64. */
#if FLT_RADIX == 2 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024 && \
	DBL_MIN_EXP == -1021
#define FAST_PATH 1
#else
#define FAST_PATH 0
#endif

#define P16 UINT64_C(10000000000000000)  /* 10^16: the least 17-digit D */
#define P17 UINT64_C(100000000000000000) /* 10^17: one past the largest */
#define MAX_POW5 27                       /* 5^27 < 2^63 < 5^28 */

#if FAST_PATH
/* 5^0 .. 5^27, all exact in 64 bits. */
static const uint64_t pow5[MAX_POW5 + 1] = {
	UINT64_C(1),
	UINT64_C(5),
	UINT64_C(25),
	UINT64_C(125),
	UINT64_C(625),
	UINT64_C(3125),
	UINT64_C(15625),
	UINT64_C(78125),
	UINT64_C(390625),
	UINT64_C(1953125),
	UINT64_C(9765625),
	UINT64_C(48828125),
	UINT64_C(244140625),
	UINT64_C(1220703125),
	UINT64_C(6103515625),
	UINT64_C(30517578125),
	UINT64_C(152587890625),
	UINT64_C(762939453125),
	UINT64_C(3814697265625),
	UINT64_C(19073486328125),
	UINT64_C(95367431640625),
	UINT64_C(476837158203125),
	UINT64_C(2384185791015625),
	UINT64_C(11920928955078125),
	UINT64_C(59604644775390625),
	UINT64_C(298023223876953125),
	UINT64_C(1490116119384765625),
	UINT64_C(7450580596923828125),
};

/* 10^0 .. 10^3: the divisors for 10^17 <= |x| < 2^64 (at most 20 digits). */
static const uint64_t pow10_small[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
};

/* 10^-11 .. 10^20 as doubles (index j + 11), only to guess the decimal
 * exponent: the negative ones are rounded, which the exact range check
 * of D corrects. */
#define TEN_MIN (-11)
static const double ten[] = {
	1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
	1e0,   1e1,   1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10,
	1e11,  1e12,  1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
};

static const char pairs[] = "00010203040506070809"
                            "10111213141516171819"
                            "20212223242526272829"
                            "30313233343536373839"
                            "40414243444546474849"
                            "50515253545556575859"
                            "60616263646566676869"
                            "70717273747576777879"
                            "80818283848586878889"
                            "90919293949596979899";
#endif

static size_t
slow(double x, char *buf)
{
	int n = snprintf(buf, 32, "%.17g", x);

	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return n < 32 ? (size_t)n : 31;
}

#if FAST_PATH
/* a x b = hi x 2^64 + lo, exactly, from 32-bit halves (ISO C has no
 * 128-bit type). */
static void
mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32;
	uint64_t b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);

	*lo = (mid << 32) | (p00 & 0xFFFFFFFFu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* How a remainder compares with one half: -1 below, 0 equal, 1 above. */
static int
half_cmp(int half_bit, int below_nonzero)
{
	if (!half_bit)
		return -1;
	return below_nonzero ? 1 : 0;
}

/* For |x| = m x 2^e: *d = floor(|x| x 10^p) and *rest = how the
 * discarded fraction compares with 1/2, both exact. 0 when p is outside
 * the tables or *d would not fit in 64 bits. */
static int
scale(uint64_t m, int e, int p, uint64_t *d, int *rest)
{
	uint64_t hi, lo;
	int r;

	if (p < 0) {
		/* |x| >= 10^17 > 2^56: an integer, m << e, below 2^64 */
		uint64_t v, t, rem;

		if (-p > 3 || e < 0 || e > 11)
			return 0;
		v = m << e;
		t = pow10_small[-p];
		*d = v / t;
		rem = v % t;
		*rest = rem < t / 2 ? -1 : (rem > t / 2 ? 1 : 0);
		return 1;
	}
	if (p > MAX_POW5)
		return 0;
	/* N = m x 5^p < 2^53 x 2^63: two words, no rounding */
	mul64(m, pow5[p], &hi, &lo);
	r = -(e + p); /* |x| x 10^p = N x 2^-r */
	if (r <= 0) {
		if (hi != 0 || -r > 63 || lo > (UINT64_MAX >> -r))
			return 0;
		*d = lo << -r;
		*rest = -1;
	} else if (r < 64) {
		if ((hi >> r) != 0)
			return 0;
		*d = (hi << (64 - r)) | (lo >> r);
		*rest = half_cmp((int)((lo >> (r - 1)) & 1),
		                 (lo & ((UINT64_C(1) << (r - 1)) - 1)) != 0);
	} else {
		return 0; /* r <= 62 whenever D has 17 digits */
	}
	return 1;
}

/* The 8 digits of v < 10^8 at out[0..7], two at a time. */
static void
put8(uint32_t v, char *out)
{
	uint32_t hi = v / 10000, lo = v % 10000;

	memcpy(out, pairs + 2 * (hi / 100), 2);
	memcpy(out + 2, pairs + 2 * (hi % 100), 2);
	memcpy(out + 4, pairs + 2 * (lo / 100), 2);
	memcpy(out + 6, pairs + 2 * (lo % 100), 2);
}

/* %g with precision 17 for the digits of d (10^16 <= d < 10^17) times
 * 10^(k-16): style e when k < -4 or k >= 17, else style f; trailing zeros
 * and a bare point dropped; an exponent of at least two digits. */
static size_t
layout(int neg, uint64_t d, int k, char *buf)
{
	char dig[17];
	uint32_t top = (uint32_t)(d / UINT64_C(100000000));
	char *p = buf;
	int n = 17;

	dig[0] = (char)('0' + top / 100000000u);
	put8(top % 100000000u, dig + 1);
	put8((uint32_t)(d % UINT64_C(100000000)), dig + 9);
	while (dig[n - 1] == '0')
		n--; /* stops at dig[0], which is not '0' */

	if (neg)
		*p++ = '-';
	if (k < -4 || k >= 17) {
		int ak = k < 0 ? -k : k;

		/* constant-size copies (within the 32 bytes), then keep n */
		*p++ = dig[0];
		*p = '.';
		memcpy(p + 1, dig + 1, 16);
		if (n > 1)
			p += n; /* the point and n - 1 digits */
		*p++ = 'e';
		*p++ = k < 0 ? '-' : '+';
		if (ak >= 100) {
			*p++ = (char)('0' + ak / 100);
			ak %= 100;
		}
		*p++ = (char)('0' + ak / 10);
		*p++ = (char)('0' + ak % 10);
	} else if (k >= 0) {
		memcpy(p, dig, (size_t)(k + 1));
		p += k + 1;
		if (n > k + 1) {
			*p++ = '.';
			memcpy(p, dig + k + 1, (size_t)(n - k - 1));
			p += n - k - 1;
		}
	} else {
		*p++ = '0';
		*p++ = '.';
		memset(p, '0', 3); /* -k - 1 <= 3 of them */
		p += -k - 1;
		memcpy(p, dig, 17);
		p += n;
	}
	*p = '\0';
	return (size_t)(p - buf);
}

/* 1 when double and uint64_t share a layout: a constant whose bytes all
 * differ, so any swap shows; the compiler folds the whole test. */
static int
ieee_layout(void)
{
	const double probe = 0x1.0123456789abcp+0;
	uint64_t u;

	memcpy(&u, &probe, sizeof u);
	return u == UINT64_C(0x3FF0123456789ABC);
}

/* 1 when glibc would round to nearest and print '.'. */
static int
plain_environment(void)
{
	const char *radix;

#ifdef FE_TONEAREST
	if (fegetround() != FE_TONEAREST)
		return 0;
#endif
	radix = nl_langinfo(RADIXCHAR);
	return radix != NULL && radix[0] == '.' && radix[1] == '\0';
}
#endif /* FAST_PATH */

int
tdm__g17_plain(void)
{
#if FAST_PATH
	return ieee_layout() && plain_environment();
#else
	return 0;
#endif
}

size_t
tdm__format_g17(double x, char *buf)
{
	return tdm__format_g17_in(x, buf, tdm__g17_plain());
}

size_t
tdm__format_g17_in(double x, char *buf, int plain)
{
#if FAST_PATH
	uint64_t bits, m, d;
	int neg, bexp, e, k, tries, rest;
	double a;

	if (!plain)
		return slow(x, buf);
	memcpy(&bits, &x, sizeof bits);
	neg = (int)(bits >> 63);
	bexp = (int)((bits >> 52) & 0x7FF);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (bexp == 0 && m == 0) {
		memcpy(buf, neg ? "-0" : "0", neg ? 3 : 2);
		return neg ? 2 : 1;
	}
	/* normal, 2^-37 <= |x| < 2^64; else subnormal, inf, nan, or out of
	 * the range where the words below hold every quantity */
	if (bexp < 1023 - 37 || bexp > 1023 + 63)
		return slow(x, buf);
	m |= UINT64_C(1) << 52;
	e = bexp - 1075; /* |x| = m x 2^e */

	/* k = floor(log10 |x|): floor(E log10 2) with E = e + 52, then one
	 * step up against the table; checked exactly below */
	{
		long t = (long)(e + 52) * 78913L;

		k = t >= 0 ? (int)(t >> 18) : -(int)((-t + 262143L) >> 18);
	}
	a = neg ? -x : x;
	if (k + 1 - TEN_MIN >= 0 &&
	    k + 1 - TEN_MIN < (int)(sizeof ten / sizeof ten[0]) &&
	    a >= ten[k + 1 - TEN_MIN])
		k++;
	for (tries = 0;; tries++) {
		if (tries == 3 || !scale(m, e, 16 - k, &d, &rest))
			return slow(x, buf);
		if (d >= P17)
			k++;
		else if (d < P16)
			k--;
		else
			break;
	}
	/* round half to even. A carry to 10^17 (a new exponent) needs a
	 * double within 5e-18 (relative) below a power of ten; none of
	 * 10^-11 .. 10^20 has one, so it cannot happen here, but should it,
	 * snprintf decides. */
	if (rest > 0 || (rest == 0 && (d & 1))) {
		if (++d == P17)
			return slow(x, buf);
	}
	return layout(neg, d, k, buf);
#else
	(void)plain;
	return slow(x, buf);
#endif
}
