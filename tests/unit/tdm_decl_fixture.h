/*
 * tdm_decl_fixture.h -- the cmocka fixture of the tests that load Lua
 * decision code (test_lua_decl.c, test_lua_rowtable.c): a Lua state with
 * small limits whose print() output is captured, and an empty model.
 * Include after <cmocka.h> and tdm.h.
 */
#ifndef TDM_DECL_FIXTURE_H
#define TDM_DECL_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_MEMORY ((size_t)4 << 20)
#define TEST_BUDGET 1000000LL

typedef struct fixture {
	tdm_decl *d;
	tdm_model *m;
	char out[4096]; /* print() output, one line per call */
} fixture;

static void
capture(void *ud, const char *source, long line, const char *message)
{
	fixture *f = ud;
	size_t n = strlen(f->out);

	(void)source;
	(void)line;
	snprintf(f->out + n, sizeof f->out - n, "%s\n", message);
}

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};

	if (f == NULL)
		return -1;
	f->d = tdm_decl_new(&limits, capture, f);
	f->m = tdm_model_new();
	if (f->d == NULL || f->m == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	tdm_decl_free(f->d);
	tdm_model_free(f->m);
	free(f);
	return 0;
}

#endif
