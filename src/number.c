/*
 * number.c -- strict decimal parsing and shortest round-trip formatting.
 *
 * Owns what counts as a number in a CSV cell or a guardrail: plain decimal
 * notation only, converted by strtod so the value is correctly rounded.
 * Must not accept what strtod alone would (hex, inf, nan, leading spaces).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"

static int
isdigit_ascii(char c)
{
	return c >= '0' && c <= '9';
}

/* Check the grammar [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)? */
static int
is_decimal(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && isdigit_ascii(s[i]))
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && isdigit_ascii(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp_digits = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && isdigit_ascii(s[i]))
			i++, exp_digits++;
		if (exp_digits == 0)
			return 0;
	}
	return i == len;
}

int
tdm_parse_number(const char *s, size_t len, double *out)
{
	char small[64];
	char *copy = small, *end;
	double v;
	int rc;

	if (len == 0 || !is_decimal(s, len))
		return 0;
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
