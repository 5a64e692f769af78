/*
 * test_advise.c -- tdm__alloc_huge (advise.c): below 4 MiB a plain
 * malloc; from 4 MiB a block that starts on a 2 MiB boundary and can be
 * written to its last byte (its size is rounded up, never down); an
 * impossible size gives NULL, not a crash; every block is freed with
 * free() (ASan and valgrind, in `make test`, would see a mismatch).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MIB ((size_t)1 << 20)

/* Under AddressSanitizer (make test's second run) an impossible size
 * must come back as NULL, as it does from glibc, not stop the test. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void
test_small_is_plain(void **state)
{
	size_t sizes[] = {0, 1, 4096, 4 * MIB - 1};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char *p = tdm__alloc_huge(sizes[i]);
		assert_non_null(p);
		if (sizes[i] > 0) {
			p[0] = 1;
			p[sizes[i] - 1] = 2;
		}
		free(p);
	}
}

static void
test_big_is_aligned_and_whole(void **state)
{
	/* exact multiples of 2 MiB and sizes just past one */
	size_t sizes[] = {4 * MIB, 4 * MIB + 1, 7 * MIB + 12345, 16 * MIB};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char *p = tdm__alloc_huge(sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % (2 * MIB), 0);
		/* every byte asked for is there */
		memset(p, 0xa5, sizes[i]);
		assert_int_equal(p[sizes[i] - 1], 0xa5);
		free(p);
	}
}

static void
test_impossible_is_null(void **state)
{
	(void)state;
	assert_null(tdm__alloc_huge(SIZE_MAX));
	assert_null(tdm__alloc_huge(SIZE_MAX - 3 * MIB));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_is_plain),
		cmocka_unit_test(test_big_is_aligned_and_whole),
		cmocka_unit_test(test_impossible_is_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
