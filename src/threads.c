/*
 * threads.c -- how many threads the engine may use (tdm_set_threads).
 *
 * Owns one process-wide setting, read by the computations that can share
 * their work (method_promethee2.c's gaussian, for one). It is a resource
 * limit of the process, like an environment variable, not per-decision
 * state: the one deliberate global besides the interrupt flag
 * (doc/design/promethee-fast.md). Must not create threads or change any
 * result: only how fast results come.
 */
#include <stdatomic.h>
#include <unistd.h>

#include "tdm.h"

/* The value as set: 0 means the number of online CPUs. */
static atomic_uint setting = 1;

void
tdm_set_threads(unsigned n)
{
	atomic_store(&setting, n > TDM_MAX_THREADS ? TDM_MAX_THREADS : n);
}

unsigned
tdm_threads(void)
{
	unsigned n = atomic_load(&setting);
	long cpus;

	if (n > 0)
		return n;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus > TDM_MAX_THREADS ? TDM_MAX_THREADS : (unsigned)cpus;
}
