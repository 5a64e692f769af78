/*
 * advise.c -- big arrays on huge pages.
 *
 * Owns tdm__alloc_huge. The columnar ranking (rank_columns.c) and the
 * radix sort (rank.c) fill and probe arrays of tens of megabytes in no
 * particular order; with 4 KiB pages every such access also misses the
 * TLB, and every page is one fault. Linux's transparent huge pages,
 * when the system leaves them to madvise (the default of most
 * distributions), back an advised range with 2 MiB pages instead:
 * measured on 1M rows x 8 criteria, the names check 75 -> 35 ms and the
 * reading 230 -> 190 ms (doc/design/rank-columns.md). Advice only:
 * where the call or the pages do not exist nothing changes.
 *
 * malloc's big blocks start just past a page boundary, so advice alone
 * misses up to 2 MiB at each end of an array, and on the virtual machine
 * measured a small page costs far more than its share of a huge one (3-4
 * ms per MB against 0.1-0.3: each page is a fault), so an array here
 * starts and ends on a huge page: rank of 1M x 8 with two threads went
 * from 0.260 to 0.225 s (mean of eight interleaved runs).
 */
/* MADV_HUGEPAGE is a Linux extension, declared with the default set */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "util.h"

#define HUGE_PAGE ((uintptr_t)1 << 21)

/* From this size an array is worth whole huge pages. The rounding adds
 * less than one huge page at the end, mapped only when the array's last
 * bytes are touched. */
#define HUGE_FROM (2 * HUGE_PAGE)

void *
tdm__alloc_huge(size_t bytes)
{
	void *p = NULL;

	if (bytes < HUGE_FROM || bytes > SIZE_MAX - HUGE_PAGE)
		return malloc(bytes ? bytes : 1);
	bytes = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}
