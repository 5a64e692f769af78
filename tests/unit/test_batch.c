/*
 * test_batch.c -- tdm_batch_eval: scores equal tdm_evaluate's on the same
 * rows, whatever the block size; verdicts and reasons; the top K; bad rows
 * with keep_going; the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tdm.h"
#include "tdm_test.h"

#define DECISION                                                             \
	"decision 'batch' {}\n"                                                  \
	"criterion 'a' { weight = 3, better = 'higher', scale = {0, 100} }\n"    \
	"criterion 'b' { weight = 2, better = 'lower', scale = {0, 50},\n"       \
	"                must = '<= 40' }\n"                                     \
	"criterion 'c' { weight = 1, better = 'higher', scale = {0, 10},\n"      \
	"                score = function(o) return o.x / 10 end }\n"

typedef struct sink {
	char *buf;
	size_t len, cap;
} sink;

static int
to_sink(void *ud, const char *s, size_t n)
{
	sink *k = ud;

	if (k->len + n + 1 > k->cap) {
		k->cap = (k->len + n + 1) * 2;
		k->buf = realloc(k->buf, k->cap);
		if (k->buf == NULL)
			return -1;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

/* A CSV of n rows with a deterministic mix: some rows break b's guardrail,
 * some miss a value. Written to a temporary file; the path is returned. */
static char *
write_rows(size_t n, int with_bad)
{
	static char path[64];
	unsigned long long s = 12345;
	size_t i;
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "/tmp/tdm-batch-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "option,a,b,x\n");
	for (i = 0; i < n; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		double a = (double)(s >> 40 & 0xffff) / 655.36;
		double b = (double)(s >> 20 & 0xffff) / 1310.72;
		double x = (double)(s >> 8 & 0xfff) / 40.96;
		if (with_bad && i % 17 == 5)
			fprintf(f, "r%zu,lots,%.3f,%.2f\n", i, b, x);
		else if (i % 11 == 3)
			fprintf(f, "r%zu,,%.3f,%.2f\n", i, b, x);
		else
			fprintf(f, "r%zu,%.3f,%.3f,%.2f\n", i, a, b, x);
	}
	fclose(f);
	return path;
}

static tdm_model *
load(tdm_decl **d)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;

	*d = tdm_decl_new(NULL, NULL, NULL);
	assert_non_null(*d);
	assert_int_equal(tdm_decl_load_buffer(*d, "batch.lua", DECISION,
	                                      strlen(DECISION), m, &err),
	                 TDM_OK);
	return m;
}

/* The value of column `col` (0-based) of the data line for option name. */
static double
score_of(const char *csv, const char *name, int col)
{
	char key[64];
	const char *p;
	int i;

	snprintf(key, sizeof key, "\n%s,", name);
	p = strstr(csv, key);
	assert_non_null(p);
	p++;
	for (i = 0; i < col; i++) {
		p = strchr(p, ',');
		assert_non_null(p);
		p++;
	}
	return strtod(p, NULL);
}

static void
test_scores_equal_rank(void **state)
{
	static const size_t blocks[] = {1, 3, 7, 4096};
	char *path = write_rows(200, 0);
	tdm_decl *d;
	tdm_model *m = load(&d), *rm;
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_result *r;
	tdm_error err;
	size_t bi, o;

	(void)state;
	/* the same rows ranked the usual way */
	rm = tdm_model_clone(m);
	assert_int_equal(tdm_csv_load_options(rm, path, NULL, &err), TDM_OK);
	assert_int_equal(tdm_evaluate(rm, &h, NULL, &r, &err), TDM_OK);
	for (bi = 0; bi < sizeof blocks / sizeof blocks[0]; bi++) {
		tdm_batch_config cfg;
		tdm_batch_stats st;
		sink out = {NULL, 0, 0};
		size_t ranked = 0;
		memset(&cfg, 0, sizeof cfg);
		cfg.block = blocks[bi];
		assert_int_equal(tdm_batch_eval(m, &h, path, &cfg, to_sink, &out,
		                                &st, &err),
		                 TDM_OK);
		assert_int_equal(st.rows, 200);
		for (o = 0; o < rm->n_options; o++) {
			const tdm_option_result *or = &r->options[o];
			char key[64];
			const char *line;
			snprintf(key, sizeof key, "\n%s,", rm->options[o].name);
			line = strstr(out.buf, key);
			assert_non_null(line);
			if (or->verdict == TDM_VERDICT_REJECTED) {
				assert_non_null(strstr(line + 1, ",,rejected,"));
				continue;
			}
			/* bit for bit: %.17g round-trips */
			assert_true(score_of(out.buf, rm->options[o].name, 4) ==
			            or->score);
			ranked++;
		}
		assert_int_equal(st.ranked, ranked);
		assert_int_equal(st.ranked + st.rejected, 200);
		free(out.buf);
	}
	tdm_result_free(r);
	tdm_model_free(rm);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

static void
test_top_k(void **state)
{
	char *path = write_rows(500, 0);
	tdm_decl *d;
	tdm_model *m = load(&d), *rm;
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_result *r;
	tdm_error err;
	tdm_batch_config cfg;
	sink out = {NULL, 0, 0};
	const char *p;
	size_t i;

	(void)state;
	rm = tdm_model_clone(m);
	assert_int_equal(tdm_csv_load_options(rm, path, NULL, &err), TDM_OK);
	assert_int_equal(tdm_evaluate(rm, &h, NULL, &r, &err), TDM_OK);
	memset(&cfg, 0, sizeof cfg);
	cfg.block = 16;
	cfg.top = 10;
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
		TDM_OK);
	/* the rows come best first, in rank's order */
	p = strchr(out.buf, '\n') + 1;
	for (i = 0; i < 10; i++) {
		const char *name = rm->options[r->order[i]].name;
		assert_true(strncmp(p, name, strlen(name)) == 0 &&
		            p[strlen(name)] == ',');
		assert_non_null(strstr(p, i == 0 ? ",chosen,," : ",ranked,,"));
		p = strchr(p, '\n') + 1;
	}
	assert_int_equal(*p, '\0');
	free(out.buf);
	tdm_result_free(r);
	tdm_model_free(rm);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

static int n_bad;

static void
count_bad(void *ud, const tdm_error *e)
{
	(void)ud;
	assert_true(e->line > 1);
	assert_int_equal(e->column, 2);
	n_bad++;
}

static void
test_keep_going(void **state)
{
	char *path = write_rows(100, 1);
	tdm_decl *d;
	tdm_model *m = load(&d);
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_error err;
	tdm_batch_config cfg;
	tdm_batch_stats st;
	sink out = {NULL, 0, 0};

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.block = 8;
	/* without keep_going the first bad row stops the run */
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, &st, &err),
		TDM_DATA);
	assert_int_equal(err.line, 7); /* row 5, after the header */
	assert_int_equal(err.column, 2);
	free(out.buf);
	memset(&out, 0, sizeof out);
	cfg.keep_going = 1;
	cfg.bad_row = count_bad;
	n_bad = 0;
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, &st, &err),
		TDM_DATA);
	assert_int_equal(n_bad, 6); /* rows 5, 22, 39, 56, 73, 90 */
	assert_int_equal(st.bad, 6);
	assert_int_equal(st.ranked + st.rejected, 94);
	assert_null(strstr(out.buf, "\nr5,"));
	assert_non_null(strstr(out.buf, "\nr6,"));
	assert_non_null(strstr(err.message, "6 bad rows"));
	free(out.buf);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

static long seen[16];
static size_t n_seen;

static void
note_line(void *ud, const tdm_error *e)
{
	(void)ud;
	if (n_seen < 16)
		seen[n_seen++] = e->line;
}

/* Ragged rows (the reader's) and bad cells (the block's) are reported in
 * file order, and the first bad row is the one that stops a run. */
static void
test_bad_rows_in_order(void **state)
{
	static const char csv[] =
		"option,a,b,x\n"
		"r1,10,5,1\n"
		"r2,11,5,1\n"
		"r3,x,5,1\n"      /* line 4: a bad cell, seen when scoring */
		"r4,12,5\n"       /* line 5: ragged, seen by the reader */
		"r5,13,5,1\n"
		"r6,,5,1\n"       /* missing: rejected, not bad */
		"r7,14,5,1,9\n"   /* line 8: ragged */
		"r8,200,5,1\n";   /* line 9: outside its scale */
	char path[] = "/tmp/tdm-batch-XXXXXX";
	int fd = mkstemp(path);
	tdm_decl *d;
	tdm_model *m = load(&d);
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_error err;
	tdm_batch_config cfg;
	tdm_batch_stats st;
	sink out = {NULL, 0, 0};
	size_t block;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, sizeof csv - 1), (long)(sizeof csv - 1));
	close(fd);
	for (block = 1; block <= 5; block++) {
		memset(&cfg, 0, sizeof cfg);
		cfg.block = block;
		assert_int_equal(
			tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, &st, &err),
			TDM_DATA);
		assert_int_equal(err.line, 4);
		cfg.keep_going = 1;
		cfg.bad_row = note_line;
		n_seen = 0;
		out.len = 0;
		assert_int_equal(
			tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, &st, &err),
			TDM_DATA);
		assert_int_equal(n_seen, 4);
		assert_int_equal(seen[0], 4);
		assert_int_equal(seen[1], 5);
		assert_int_equal(seen[2], 8);
		assert_int_equal(seen[3], 9);
		assert_int_equal(st.rows, 8);
		assert_int_equal(st.bad, 4);
		assert_int_equal(st.ranked, 3);
		assert_int_equal(st.rejected, 1);
		/* the good rows, in order */
		assert_non_null(strstr(out.buf, "\nr1,"));
		assert_true(strstr(out.buf, "\nr5,") > strstr(out.buf, "\nr2,"));
		assert_null(strstr(out.buf, "\nr4,"));
	}
	free(out.buf);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

static void
test_refusals(void **state)
{
	char *path = write_rows(3, 0);
	tdm_decl *d;
	tdm_model *m = load(&d);
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_error err;
	tdm_batch_config cfg;
	sink out = {NULL, 0, 0};

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.eval.method = "topsis";
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
		TDM_DATA);
	assert_non_null(strstr(err.message, "topsis compares every option"));
	cfg.eval.method = NULL;
	cfg.eval.weighting = "critic";
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
		TDM_DATA);
	m->criteria[0].has_scale = 0;
	cfg.eval.weighting = NULL;
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
		TDM_DATA);
	assert_non_null(strstr(err.message, "criterion 'a' has no scale"));
	/* with no normalisation, no scale is needed */
	cfg.eval.normalization = "none";
	assert_int_equal(
		tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
		TDM_OK);
	free(out.buf);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

/* The same with a worker thread scoring while the reader reads: the same
 * bytes, the same errors, in the same order. */
#define THREADED(name)                                                     \
	static void name##_threaded(void **state)                             \
	{                                                                      \
		tdm_set_threads(2);                                                \
		name(state);                                                       \
		tdm_set_threads(1);                                                \
	}
THREADED(test_scores_equal_rank)
THREADED(test_top_k)
THREADED(test_keep_going)
THREADED(test_bad_rows_in_order)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scores_equal_rank),
		cmocka_unit_test(test_top_k),
		cmocka_unit_test(test_keep_going),
		cmocka_unit_test(test_bad_rows_in_order),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_scores_equal_rank_threaded),
		cmocka_unit_test(test_top_k_threaded),
		cmocka_unit_test(test_keep_going_threaded),
		cmocka_unit_test(test_bad_rows_in_order_threaded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
