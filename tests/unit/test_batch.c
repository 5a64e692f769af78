/*
 * test_batch.c -- tdm_batch_eval: scores equal tdm_evaluate's on the same
 * rows, whatever the block size; verdicts and reasons; the top K; bad rows
 * with keep_going; the refusals; the same again with scoring threads of
 * their own Lua states; lines taken whole against lines split.
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

/* Scoring threads: more_hooks loads `more_text` (DECISION unless a test
 * says otherwise) into a new state each time it is called, when
 * use_more is set; free_more frees them. */
#define MAX_MORE 8
static int use_more;
static const char *more_text = DECISION;
static tdm_decl *more_d[MAX_MORE];
static tdm_model *more_m[MAX_MORE];
static size_t n_more;

static int
more_hooks(void *ud, const tdm_model **m, tdm_hooks *h)
{
	tdm_error err;

	(void)ud;
	if (n_more == MAX_MORE)
		return -1;
	more_d[n_more] = tdm_decl_new(NULL, NULL, NULL);
	more_m[n_more] = tdm_model_new();
	assert_int_equal(tdm_decl_load_buffer(more_d[n_more], "batch.lua",
	                                      more_text, strlen(more_text),
	                                      more_m[n_more], &err),
	                 TDM_OK);
	*m = more_m[n_more];
	*h = tdm_decl_hooks(more_d[n_more]);
	n_more++;
	return 0;
}

static void
free_more(void)
{
	while (n_more > 0) {
		n_more--;
		tdm_model_free(more_m[n_more]);
		tdm_decl_free(more_d[n_more]);
	}
}

static void
init_cfg(tdm_batch_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	if (use_more)
		cfg->more_hooks = more_hooks;
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
		init_cfg(&cfg);
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
	init_cfg(&cfg);
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
	init_cfg(&cfg);
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
		init_cfg(&cfg);
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
	init_cfg(&cfg);
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

/* The same with threads scoring while the reader reads (one: the
 * decision's functions have one Lua state): the same bytes, the same
 * errors, in the same order. */
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

/* And with four scoring threads, a Lua state each. */
#define STATES(name)                                                       \
	static void name##_states(void **state)                               \
	{                                                                      \
		tdm_set_threads(4);                                                \
		use_more = 1;                                                      \
		name(state);                                                       \
		use_more = 0;                                                      \
		assert_true(n_more >= 3);                                          \
		free_more();                                                       \
		tdm_set_threads(1);                                                \
	}
STATES(test_scores_equal_rank)
STATES(test_top_k)
STATES(test_keep_going)
STATES(test_bad_rows_in_order)

/* A copy whose score function differs is not used: were it, the rows it
 * scored would not match rank's. */
static void
test_differing_copy_unused(void **state)
{
	more_text =
		"decision 'batch' {}\n"
		"criterion 'a' { weight = 3, better = 'higher', scale = {0, 100} }\n"
		"criterion 'b' { weight = 2, better = 'lower', scale = {0, 50},\n"
		"                must = '<= 40' }\n"
		"criterion 'c' { weight = 1, better = 'higher', scale = {0, 10},\n"
		"                score = function(o) return o.x / 5 end }\n";
	test_scores_equal_rank_states(state);
	more_text = DECISION;
}

/* A score function that fails on some rows and a must function that
 * rejects others: with one thread and with four states of their own,
 * blocks of 1, 5 and 64 rows, the same first error without keep_going,
 * and with it the same bad rows in the same order and the same output. */
#define LUA_ERRORS                                                           \
	"decision 'batch' {}\n"                                                  \
	"criterion 'a' { weight = 3, better = 'higher', scale = {0, 100} }\n"    \
	"criterion 'b' { weight = 2, better = 'lower', scale = {0, 50},\n"       \
	"                must = function(v, o) return v <= 45, 'b over 45' end }\n" \
	"criterion 'c' { weight = 1, better = 'higher', scale = {0, 10},\n"      \
	"                score = function(o)\n"                                   \
	"                  if o.x > 95 then error('x too big: ' .. o.name) end\n" \
	"                  return o.x / 10 end }\n"

static void keep_bad(void *ud, const tdm_error *e);

static void
test_lua_errors_in_order(void **state)
{
	static const size_t blocks[] = {1, 5, 64};
	char *path = write_rows(300, 0);
	tdm_decl *d = tdm_decl_new(NULL, NULL, NULL);
	tdm_model *m = tdm_model_new();
	tdm_hooks h;
	tdm_error err, first;
	tdm_batch_config cfg;
	sink out = {NULL, 0, 0}, bad = {NULL, 0, 0};
	sink out0 = {NULL, 0, 0}, bad0 = {NULL, 0, 0};
	size_t bi, run = 0;
	int pass;

	(void)state;
	assert_int_equal(tdm_decl_load_buffer(d, "batch.lua", LUA_ERRORS,
	                                      strlen(LUA_ERRORS), m, &err),
	                 TDM_OK);
	h = tdm_decl_hooks(d);
	more_text = LUA_ERRORS;
	for (pass = 0; pass < 2; pass++) {
		tdm_set_threads(pass == 0 ? 1 : 4);
		use_more = pass == 1;
		for (bi = 0; bi < sizeof blocks / sizeof *blocks; bi++, run++) {
			init_cfg(&cfg);
			cfg.block = blocks[bi];
			out.len = 0;
			assert_int_not_equal(tdm_batch_eval(m, &h, path, &cfg, to_sink,
			                                    &out, NULL, &err),
			                     TDM_OK);
			assert_non_null(strstr(err.message, "x too big"));
			if (run == 0)
				first = err;
			assert_int_equal(err.line, first.line);
			assert_string_equal(err.message, first.message);
			cfg.keep_going = 1;
			cfg.bad_row = keep_bad;
			cfg.ud = &bad;
			out.len = bad.len = 0;
			assert_int_equal(tdm_batch_eval(m, &h, path, &cfg, to_sink, &out,
			                                NULL, &err),
			                 TDM_DATA);
			assert_non_null(strstr(out.buf, "b over 45"));
			if (run == 0) {
				to_sink(&out0, out.buf, out.len);
				to_sink(&bad0, bad.buf, bad.len);
			}
			assert_int_equal(out.len, out0.len);
			assert_memory_equal(out.buf, out0.buf, out.len);
			assert_int_equal(bad.len, bad0.len);
			assert_memory_equal(bad.buf, bad0.buf, bad.len);
		}
		use_more = 0;
		free_more();
	}
	/* more than one row failed: the order was tested */
	assert_non_null(strstr(strchr(bad0.buf, '\n') + 1, "x too big"));
	more_text = DECISION;
	tdm_set_threads(1);
	free(out.buf);
	free(bad.buf);
	free(out0.buf);
	free(bad0.buf);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

/* A score function that draws from math.random: with four states, the
 * same output in every run (blocks go to the states in turn). */
#define RANDOM                                                               \
	"decision 'batch' {}\n"                                                  \
	"criterion 'a' { weight = 3, better = 'higher', scale = {0, 100} }\n"    \
	"criterion 'c' { weight = 1, better = 'higher', scale = {0, 10},\n"      \
	"                score = function(o) return math.random() * 10 end }\n"

static void
test_random_reproducible(void **state)
{
	char *path = write_rows(400, 0);
	tdm_decl *d;
	tdm_model *m;
	tdm_hooks h;
	tdm_error err;
	tdm_batch_config cfg;
	sink out = {NULL, 0, 0}, first = {NULL, 0, 0};
	int run;

	(void)state;
	more_text = RANDOM;
	tdm_set_threads(4);
	use_more = 1;
	for (run = 0; run < 3; run++) {
		/* every state new, as in a new process */
		d = tdm_decl_new(NULL, NULL, NULL);
		m = tdm_model_new();
		assert_int_equal(tdm_decl_load_buffer(d, "batch.lua", RANDOM,
		                                      strlen(RANDOM), m, &err),
		                 TDM_OK);
		h = tdm_decl_hooks(d);
		init_cfg(&cfg);
		cfg.block = 4;
		out.len = 0;
		assert_int_equal(
			tdm_batch_eval(m, &h, path, &cfg, to_sink, &out, NULL, &err),
			TDM_OK);
		free_more();
		tdm_model_free(m);
		tdm_decl_free(d);
		if (run == 0)
			to_sink(&first, out.buf, out.len);
		assert_int_equal(out.len, first.len);
		assert_memory_equal(out.buf, first.buf, out.len);
	}
	use_more = 0;
	more_text = DECISION;
	tdm_set_threads(1);
	free(out.buf);
	free(first.buf);
	unlink(path);
}

static size_t fail_after;

static int
to_failing(void *ud, const char *s, size_t n)
{
	(void)ud;
	(void)s;
	if (n > fail_after)
		return -1;
	fail_after -= n;
	return 0;
}

/* A write that fails stops the run soon, not at the end of the input:
 * with one thread and with four. */
static void
test_write_fails_early(void **state)
{
	char *path = write_rows(20000, 0);
	tdm_decl *d;
	tdm_model *m = load(&d);
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_error err;
	tdm_batch_config cfg;
	tdm_batch_stats st;
	int pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		tdm_set_threads(pass == 0 ? 1 : 4);
		use_more = pass == 1;
		init_cfg(&cfg);
		cfg.block = 64;
		fail_after = 10000;
		assert_int_equal(tdm_batch_eval(m, &h, path, &cfg, to_failing, NULL,
		                                &st, &err),
		                 TDM_IO);
		assert_string_equal(err.message, "write failed");
		assert_true(st.rows < 2000);
		use_more = 0;
		free_more();
	}
	tdm_set_threads(1);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

/* Bad rows as the callback saw them, one formatted error a line. */
static void
keep_bad(void *ud, const tdm_error *e)
{
	char buf[1024];

	to_sink(ud, buf, strlen(tdm_error_format(e, buf, sizeof buf)));
	to_sink(ud, "\n", 1);
}

/* snprintf with a format from the table (all of them take one double,
 * or none) */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static void
format_cell(char *buf, size_t size, const char *f, double v)
{
	snprintf(buf, size, f, v);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static void
put_file(const char *path, const sink *k)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(k->buf, 1, k->len, f), k->len);
	assert_int_equal(fclose(f), 0);
}

/* A line the reader's line function takes whole gives what the same line
 * split, trimmed and read cell by cell gives: file B is file A with a
 * space before every field but the first, which the reader trims, so it
 * sends every line of B the long way. The same output and the same bad
 * rows, over numbers of every form. */
static void
test_lines_whole_as_split(void **state)
{
	static const char *forms[] = {
		"%.3f", "%.0f", "%.0f.", "0%.2f", "%.1e", "+%.1f", "-%.0f",
		"%.17f", "%.2f0000000000000000000", "12345678901234567890",
		"x%.0f", "", "%.6f", "1..2", "-0",
	};
	static const char *odd[] = {
		"rj1,1.5-3,4\n", "rj2,12a,3,4\n", "rj3,1,2,3,4\n", "rj4,1,2\n",
		"r j5,1,2,3\n", "rj6,1,2,3,\n", "\xc3\xa9" "7,1,2,3\n", "rj8,1,2,3\n",
	};
	char path[] = "/tmp/tdm-batch-XXXXXX";
	int fd = mkstemp(path);
	sink ta = {NULL, 0, 0}, tb = {NULL, 0, 0};
	unsigned long long r = 99;
	tdm_decl *d;
	tdm_model *m = load(&d);
	tdm_hooks h = tdm_decl_hooks(d);
	tdm_error ea, eb;
	tdm_batch_config cfg;
	sink oa = {NULL, 0, 0}, ob = {NULL, 0, 0};
	sink ba = {NULL, 0, 0}, bb = {NULL, 0, 0};
	char cell[3][96];
	size_t i, k;
	int pass;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	to_sink(&ta, "option,a,b,x\n", 13);
	to_sink(&tb, "option, a, b, x\n", 16);
	for (i = 0; i < 3000; i++) {
		char line[400];
		for (k = 0; k < 3; k++) {
			r = r * 6364136223846793005ULL + 1442695040888963407ULL;
			double v = (double)(r >> 33 & 0xffff) / 1310.72; /* 0..50 */
			const char *f = forms[(r >> 20) % (sizeof forms / sizeof *forms)];
			if ((r >> 10) % 3 != 0)
				f = "%.2f"; /* mostly the common form */
			format_cell(cell[k], sizeof cell[k], f, v);
		}
		to_sink(&ta, line, (size_t)snprintf(line, sizeof line, "r%zu,%s,%s,%s\n",
		                                     i, cell[0], cell[1], cell[2]));
		to_sink(&tb, line, (size_t)snprintf(line, sizeof line,
		                                     "r%zu, %s, %s, %s\n", i, cell[0],
		                                     cell[1], cell[2]));
	}
	/* and lines that look plain but are not: junk after a number where
	 * a field is missing, too many or too few fields, a trailing comma,
	 * names with a space or beyond ASCII */
	for (i = 0; i < sizeof odd / sizeof *odd; i++) {
		const char *c;
		to_sink(&ta, odd[i], strlen(odd[i]));
		for (c = odd[i]; *c != '\0'; c++)
			to_sink(&tb, *c == ',' ? ", " : c, *c == ',' ? 2 : 1);
	}
	for (pass = 0; pass < 2; pass++) {
		tdm_set_threads(pass == 0 ? 1 : 4);
		use_more = pass == 1;
		init_cfg(&cfg);
		cfg.block = 64;
		cfg.keep_going = 1;
		cfg.bad_row = keep_bad;
		oa.len = ob.len = ba.len = bb.len = 0;
		/* one path, so that the messages name the same file */
		cfg.ud = &ba;
		put_file(path, &ta);
		assert_int_equal(
			tdm_batch_eval(m, &h, path, &cfg, to_sink, &oa, NULL, &ea),
			TDM_DATA);
		cfg.ud = &bb;
		put_file(path, &tb);
		assert_int_equal(
			tdm_batch_eval(m, &h, path, &cfg, to_sink, &ob, NULL, &eb),
			TDM_DATA);
		/* the header is written as read: B's has no spaces after the
		 * reader trims them either */
		assert_int_equal(oa.len, ob.len);
		assert_memory_equal(oa.buf, ob.buf, oa.len);
		assert_true(ba.len > 0);
		assert_int_equal(ba.len, bb.len);
		assert_memory_equal(ba.buf, bb.buf, ba.len);
		assert_int_equal(ea.line, eb.line);
		assert_string_equal(ea.message, eb.message);
		use_more = 0;
		free_more();
	}
	tdm_set_threads(1);
	free(oa.buf);
	free(ob.buf);
	free(ba.buf);
	free(bb.buf);
	free(ta.buf);
	free(tb.buf);
	tdm_model_free(m);
	tdm_decl_free(d);
	unlink(path);
}

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
		cmocka_unit_test(test_scores_equal_rank_states),
		cmocka_unit_test(test_top_k_states),
		cmocka_unit_test(test_keep_going_states),
		cmocka_unit_test(test_bad_rows_in_order_states),
		cmocka_unit_test(test_differing_copy_unused),
		cmocka_unit_test(test_lines_whole_as_split),
		cmocka_unit_test(test_lua_errors_in_order),
		cmocka_unit_test(test_write_fails_early),
		cmocka_unit_test(test_random_reproducible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
