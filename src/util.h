/*
 * util.h -- small helpers shared inside the engine (not part of the API).
 */
#ifndef TDM_UTIL_H
#define TDM_UTIL_H

#include <stddef.h>

#include "tdm.h"

/* Grow *arr to hold at least need elements of size elem. 0 ok, -1 no memory. */
int tdm__grow(void **arr, size_t *cap, size_t need, size_t elem);
/* strdup that is C11; NULL in, NULL out. */
char *tdm__strdup(const char *s);
/* Fill err with TDM_NOMEM and return it. */
tdm_status tdm__nomem(tdm_error *err);

/* advise.c: malloc(bytes) for an array of many megabytes; from 4 MiB it
 * starts on a 2 MiB boundary, its size rounded up to the next one, and
 * is backed with huge pages where the system offers them (Linux,
 * madvise). Freed with free(); NULL when out of memory. */
void *tdm__alloc_huge(size_t bytes);

/* numfmt.c: the text snprintf(buf, 32, "%.17g", x) writes, byte for byte
 * (locale, rounding mode and sign of zero included), without glibc's
 * multi-precision path for ordinary magnitudes. buf holds at least 32
 * bytes; NUL-terminated; returns the length. Never fails.
 * doc/design/number-formatting.md */
size_t tdm__format_g17(double x, char *buf);
/* The same, for many numbers in a row: plain is what tdm__g17_plain()
 * returned (1: doubles are IEEE and the locale and rounding mode are
 * printf's defaults, as the fast path needs; checked once instead of per
 * number, since looking at the rounding mode costs a fifth of a call). */
int tdm__g17_plain(void);
size_t tdm__format_g17_in(double x, char *buf, int plain);

#endif
