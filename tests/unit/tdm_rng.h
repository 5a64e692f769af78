/*
 * tdm_rng.h -- the fixed-seed generator the unit tests draw their
 * generated inputs from: splitmix64 (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014). The same seed
 * gives the same inputs on every machine, so a failure can be replayed.
 */
#ifndef TDM_RNG_H
#define TDM_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t
next(rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* A whole number in [0, n), n > 0 (the modulo bias is far below what a
 * test could notice). */
static inline size_t
below(rng *r, size_t n)
{
	return (size_t)(next(r) % n);
}

/* A double in [0, 1), every one of its 53 bits drawn. */
static inline double
uniform(rng *r)
{
	return (double)(next(r) >> 11) * 0x1.0p-53;
}

#endif
