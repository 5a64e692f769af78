/*
 * threads.c -- how many threads the engine may use (tdm_set_threads).
 *
 * Owns one process-wide setting, read by the computations that can share
 * their work (method_promethee2.c's gaussian, for one). It is a resource
 * limit of the process, like an environment variable, not per-decision
 * state: the one deliberate global besides the interrupt flag
 * (doc/design/promethee-fast.md); and tdm__parallel, which runs a piece
 * of work in shares on that many threads. Must not change any result:
 * only how fast results come.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "engine.h"
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

/* One share of tdm__parallel's work, for a thread. */
typedef struct share {
	void (*fn)(void *ctx, unsigned i);
	void *ctx;
	unsigned i;
} share;

static void *
run_share(void *arg)
{
	share *s = arg;

	s->fn(s->ctx, s->i);
	return NULL;
}

void
tdm__parallel(unsigned n, void (*fn)(void *ctx, unsigned i), void *ctx)
{
	pthread_t th[TDM_MAX_THREADS];
	int started[TDM_MAX_THREADS];
	share calls[TDM_MAX_THREADS];
	unsigned i;

	if (n > TDM_MAX_THREADS)
		n = TDM_MAX_THREADS;
	for (i = 1; i < n; i++) {
		calls[i].fn = fn;
		calls[i].ctx = ctx;
		calls[i].i = i;
		started[i] = pthread_create(&th[i], NULL, run_share, &calls[i]) == 0;
	}
	if (n > 0)
		fn(ctx, 0);
	for (i = 1; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		else
			fn(ctx, i);
	}
}
