/*
 * tdm_test.h -- helpers shared by the cmocka unit tests.
 * cmocka 1.1.5 (Debian 12) compares floats only as float; this compares
 * doubles.
 */
#ifndef TDM_TEST_H
#define TDM_TEST_H

#include <math.h>

#define assert_near(a, b, eps)                                              \
	do {                                                                    \
		double a_ = (a), b_ = (b);                                          \
		if (!(fabs(a_ - b_) <= (eps)))                                      \
			fail_msg("%s = %.17g, expected %.17g (within %g)", #a, a_, b_, \
			         (double)(eps));                                        \
	} while (0)

/* |got - want| within half a unit of the `decimals`-th decimal place: the
 * agreement a value published to that many decimals allows. */
#define assert_published(got, want, decimals)                             \
	assert_near((got), (want), 0.5 * pow(10, -(decimals)) + 1e-12)

#endif
