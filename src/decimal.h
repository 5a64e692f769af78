/*
 * decimal.h -- the short decimals of tdm_parse_number, inline.
 *
 * Owns the exact powers of ten and tdm__scan_decimal, the common case of
 * number.c's parser written for an inner loop: the columnar reader
 * (rank_columns.c) calls it once per cell, 8 million times for a 1M x 8
 * file, where a call into number.c and a second scan of the cell cost
 * more than the conversion. Must give exactly tdm_parse_number's value
 * (strtod's, bit for bit) or decline; tests/unit/test_number.c compares
 * the two on millions of generated cells.
 */
#ifndef TDM_DECIMAL_H
#define TDM_DECIMAL_H

#include <float.h>
#include <stdint.h>

/* Clinger's fast path needs each double operation rounded once, to
 * double: with x87 excess precision (FLT_EVAL_METHOD 2) it would be
 * rounded twice. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define TDM_FAST_DECIMAL 1
#else
#define TDM_FAST_DECIMAL 0
#endif

#define TDM__MAX_EXACT ((uint64_t)1 << 53) /* integers up to here are exact */

/* Every power of ten that a double holds exactly (5^22 < 2^53 < 5^23). */
static const double tdm__pow10_exact[] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The number at p (before end) if it is -?d*(.d*)? with at least one
 * digit, at most 19 digits in all (leading zeros too) and a value of
 * digits up to 2^53: then *out is its value,
 * (digits as an integer) / 10^(digits after the point), one correctly
 * rounded IEEE division as strtod's, and the return is where the number
 * ends (the caller checks that a delimiter follows). Anything else: NULL,
 * and the caller asks tdm_parse_number, which decides (a sign '+', an
 * exponent, long or huge numbers) or refuses. */
static inline const char *
tdm__scan_decimal(const char *p, const char *end, double *out)
{
#if TDM_FAST_DECIMAL
	const char *digits, *point = NULL;
	uint64_t w = 0;
	unsigned d;
	int neg = 0;
	size_t n_digits, n_frac = 0;
	double v;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	digits = p;
	for (; p < end && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		w = w * 10 + d;
	if (p < end && *p == '.') {
		point = ++p;
		for (; p < end && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
			w = w * 10 + d;
		n_frac = (size_t)(p - point);
	}
	n_digits = (size_t)(p - digits) - (point != NULL);
	/* more than 19 digits may have wrapped w: decline before using it;
	 * then n_frac <= 19, an index of the table */
	if (n_digits == 0 || n_digits > 19 || w > TDM__MAX_EXACT)
		return NULL;
	v = (double)w;
	if (neg)
		v = -v; /* the sign first: a directed rounding rounds the value */
	*out = v / tdm__pow10_exact[n_frac];
	return p;
#else
	(void)p;
	(void)end;
	(void)out;
	return NULL;
#endif
}

#endif
