/*
 * test_fuzz_regressions.c -- replay the fuzz seed corpora
 * (tests/fuzz/corpus/<target>/) and the committed findings
 * (tests/fuzz/regressions/<target>-*) through the same bodies the
 * libFuzzer targets run (tests/fuzz/harness.c), without libFuzzer, so
 * `make test` and `make asan` exercise them. A body that crashes, leaks
 * (under ASan) or trips UBSan fails the run; the bodies themselves accept
 * any outcome of the engine short of that; the columns and eval bodies
 * also abort when a fast reading and the general one disagree.
 */
/* as harness.c, included below, needs it (memfd_create) */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "../fuzz/harness.c"

typedef int (*body_fn)(const uint8_t *data, size_t size);

static uint8_t *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	assert_false(ferror(f));
	fclose(f);
	*len = n;
	return buf;
}

/* Run every regular file in dir whose name starts with prefix through
 * body; returns how many ran. A missing directory runs none. */
static size_t
replay(const char *dir, const char *prefix, body_fn body)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t ran = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		uint8_t *data;
		size_t len;

		if (e->d_name[0] == '.' ||
		    strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		data = read_all(path, &len);
		assert_int_equal(body(data, len), 0);
		free(data);
		ran++;
	}
	closedir(d);
	return ran;
}

static void
check(const char *target, body_fn body)
{
	char dir[256], prefix[64];

	snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", target);
	/* the corpus must be there: an empty run would pass vacuously */
	assert_true(replay(dir, "", body) > 0);
	snprintf(prefix, sizeof prefix, "%s-", target);
	(void)replay("tests/fuzz/regressions", prefix, body);
}

static void
test_fuzz_csv(void **state)
{
	(void)state;
	check("csv", tdm_fuzz_csv);
	/* edge cases the corpus may not hold */
	assert_int_equal(tdm_fuzz_csv((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_csv((const uint8_t *)"a\0b", 3), 0);
}

static void
test_fuzz_decl(void **state)
{
	(void)state;
	check("decl", tdm_fuzz_decl);
	assert_int_equal(tdm_fuzz_decl((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_decl((const uint8_t *)"\x1bLua", 4), 0);
}

static void
test_fuzz_repl(void **state)
{
	(void)state;
	check("repl", tdm_fuzz_repl);
	assert_int_equal(tdm_fuzz_repl((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_repl((const uint8_t *)"\"", 1), 0);
}

static void
test_fuzz_must(void **state)
{
	(void)state;
	check("must", tdm_fuzz_must);
	assert_int_equal(tdm_fuzz_must((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_must((const uint8_t *)"<=\0 5", 5), 0);
}

static void
test_fuzz_columns(void **state)
{
	(void)state;
	check("columns", tdm_fuzz_columns);
	/* the comparison ran: some seeds were taken by the columnar path */
	assert_true(tdm_fuzz_columns_taken > 0);
	assert_int_equal(tdm_fuzz_columns((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_columns((const uint8_t *)"\0", 1), 0);
}

static void
test_fuzz_eval(void **state)
{
	(void)state;
	check("eval", tdm_fuzz_eval);
	/* the comparison ran (a decision that failed to load, say, would
	 * make every seed pass without one) */
	assert_true(tdm_fuzz_eval_compared > 0);
	assert_int_equal(tdm_fuzz_eval((const uint8_t *)"", 0), 0);
	assert_int_equal(tdm_fuzz_eval((const uint8_t *)"\1,,,\n", 5), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_csv),
		cmocka_unit_test(test_fuzz_decl),
		cmocka_unit_test(test_fuzz_repl),
		cmocka_unit_test(test_fuzz_must),
		cmocka_unit_test(test_fuzz_columns),
		cmocka_unit_test(test_fuzz_eval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
