/*
 * advise.c -- ask the kernel for huge pages under a big array.
 *
 * Owns tdm__advise_huge. The columnar ranking (rank_columns.c) and the
 * radix sort (rank.c) fill and probe arrays of tens of megabytes in no
 * particular order; with 4 KiB pages every such access also misses the
 * TLB, and every page is one fault. Linux's transparent huge pages,
 * when the system leaves them to madvise (the default of most
 * distributions), back an advised range with 2 MiB pages instead:
 * measured on 1M rows x 8 criteria, the names check 75 -> 35 ms and the
 * reading 230 -> 190 ms (doc/design/rank-columns.md). Advice only:
 * where the call or the pages do not exist nothing changes.
 */
/* MADV_HUGEPAGE is a Linux extension, declared with the default set */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <sys/mman.h>

#include "util.h"

#define HUGE_PAGE ((uintptr_t)1 << 21)

void
tdm__advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	/* the whole huge pages inside [p, p + bytes) */
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t b = ((uintptr_t)p + bytes) & ~(HUGE_PAGE - 1);

	if (p != NULL && b > a)
		(void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}
