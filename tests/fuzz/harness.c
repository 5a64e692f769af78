/*
 * harness.c -- the fuzz target bodies (see harness.h). Each copies the
 * input into a NUL-terminated buffer where the API wants a string, drives
 * one input surface and frees everything it made.
 */
/* memfd_create: the columnar ranking reads a regular file by its path,
 * and a memory file is one without touching the disk */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "render.h"
#include "repl.h"
#include "tdm.h"
#include "util.h"

#define FUZZ_MEMORY ((size_t)8 << 20)
#define FUZZ_BUDGET 200000LL

static int
discard(void *ud, const char *buf, size_t len)
{
	(void)ud;
	(void)buf;
	(void)len;
	return 0;
}

static void
quiet(void *ud, const char *source, long line, const char *msg)
{
	(void)ud;
	(void)source;
	(void)line;
	(void)msg;
}

static char *
dup_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Evaluate m and render the result in every format into the discard
 * writer; errors are expected and ignored. */
static void
evaluate_and_render(const tdm_model *m, const tdm_hooks *hooks)
{
	static const tdm_format formats[] = {
		TDM_FORMAT_TABLE, TDM_FORMAT_CSV, TDM_FORMAT_JSON, TDM_FORMAT_MD
	};
	tdm_result *r = NULL;
	tdm_error err;
	size_t i;

	if (tdm_evaluate(m, hooks, NULL, &r, &err) != TDM_OK || r == NULL) {
		tdm_result_free(r);
		return;
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		tdm_render_spec spec;

		memset(&spec, 0, sizeof spec);
		spec.format = formats[i];
		spec.width = 80;
		(void)tdm_render(r, &spec, discard, NULL, &err);
	}
	tdm_result_free(r);
}

int
tdm_fuzz_csv(const uint8_t *data, size_t size)
{
	tdm_model *m = tdm_model_new();
	tdm_csv_config cfg;
	tdm_hooks hooks;
	tdm_error err;
	size_t a, o;

	if (m == NULL)
		return 0;
	memset(&cfg, 0, sizeof cfg);
	cfg.max_field = 4096;
	if (tdm_csv_load_options_buffer(m, "fuzz.csv", (const char *)data, size,
	                                &cfg, &err) != TDM_OK)
		goto out;
	/* the first attribute that some option holds a number in */
	for (a = 0; a < m->n_attrs; a++) {
		for (o = 0; o < m->n_options; o++) {
			const tdm_option *op = &m->options[o];

			if (a < op->n_values && op->values[a].type == TDM_VAL_NUMBER)
				break;
		}
		if (o < m->n_options)
			break;
	}
	if (a < m->n_attrs) {
		tdm_criterion *c = NULL;

		if (tdm_model_add_criterion(m, m->attrs[a], -1, 0, &c, &err) != TDM_OK)
			goto out;
		c->weight = 1;
		c->has_weight = 1;
	}
	memset(&hooks, 0, sizeof hooks);
	evaluate_and_render(m, &hooks);
out:
	tdm_model_free(m);
	return 0;
}

int
tdm_fuzz_decl(const uint8_t *data, size_t size)
{
	tdm_lua_limits limits;
	tdm_decl *d;
	tdm_model *m;
	tdm_error err;

	memset(&limits, 0, sizeof limits);
	limits.memory = FUZZ_MEMORY;
	limits.budget = FUZZ_BUDGET;
	d = tdm_decl_new(&limits, quiet, NULL);
	m = tdm_model_new();
	if (d == NULL || m == NULL)
		goto out;
	/* a name in a directory that does not exist: relative `options`
	 * paths resolve there and fail to open */
	if (tdm_decl_load_buffer(d, "/nonexistent-fuzz-dir/fuzz.lua",
	                         (const char *)data, size, m, &err) == TDM_OK) {
		tdm_hooks hooks = tdm_decl_hooks(d);

		evaluate_and_render(m, &hooks);
	}
out:
	tdm_model_free(m);
	tdm_decl_free(d);
	return 0;
}

/* The fixed session the REPL target runs lines against. */
static const char *const session_lines[] = {
	"criterion \"cost\" { better = \"lower\", weight = 2 }",
	"criterion \"speed\" { weight = 1, must = \">= 1\" }",
	"criterion \"tier\" { levels = { low = 0, high = 1 }, weight = 1 }",
	"option \"A\" { cost = 10, speed = 5, tier = \"low\" }",
	"option \"B\" { cost = 20, speed = 9, tier = \"high\" }",
	"option \"C\" { cost = 15, speed = 0.5, tier = \"high\" }",
	NULL
};

/* Commands that touch files: never run from the target. */
static int
touches_files(const char *name)
{
	return strcmp(name, "load") == 0 || strcmp(name, "save") == 0 ||
	       strcmp(name, "export") == 0;
}

int
tdm_fuzz_repl(const uint8_t *data, size_t size)
{
	char *line = dup_text(data, size);
	char **words = NULL;
	size_t n = 0, i;
	const char *name = NULL, *p;
	tdm_repl_config cfg;
	tdm_repl *r = NULL;
	tdm_error err;
	int run = 0;

	if (line == NULL)
		return 0;
	/* one line: the loop never hands the REPL an embedded NUL or newline */
	line[strcspn(line, "\n")] = '\0';
	if (tdm_repl_tokenize(line, &words, &n, &err) == TDM_OK) {
		if (n > 0)
			name = tdm_repl_find_command(words[0], &err);
		tdm_repl_free_words(words);
	}
	/* as tdm_repl_exec decides: blanks skipped, then Lua or a command */
	p = line;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (tdm_repl_is_lua(p))
		run = name == NULL || !touches_files(name);
	else
		run = name != NULL && !touches_files(name);
	if (!run)
		goto out;

	memset(&cfg, 0, sizeof cfg);
	cfg.out = discard;
	cfg.err = discard;
	cfg.source = "fuzz";
	cfg.limits.memory = FUZZ_MEMORY;
	cfg.limits.budget = FUZZ_BUDGET;
	cfg.width = 80;
	if ((r = tdm_repl_new(&cfg)) == NULL)
		goto out;
	r->no_continue = 1;
	for (i = 0; session_lines[i] != NULL; i++)
		(void)tdm_repl_exec(r, session_lines[i], (long)i + 1);
	(void)tdm_repl_exec(r, line, 100);
	tdm_repl_free(r);
out:
	free(line);
	return 0;
}

int
tdm_fuzz_must(const uint8_t *data, size_t size)
{
	char *text = dup_text(data, size);
	tdm_cmp_op op;
	tdm_value v;
	tdm_error err;

	if (text == NULL)
		return 0;
	memset(&v, 0, sizeof v);
	if (tdm_must_parse(text, &op, &v, &err) == TDM_OK) {
		(void)tdm_cmp_op_name(op);
		tdm_value_free(&v);
	}
	free(text);
	return 0;
}

/* ------------------------------------------------------------------------
 * tdm_fuzz_columns: the columnar ranking against the general path
 * --------------------------------------------------------------------- */

/* Rows around the fuzzed ones: more than the dominance cap (10,000), so
 * that the columnar path may take the file, by more than the rows 4 KiB
 * of input can leave unranked (a missing value: `x,,` and a newline, at
 * most 1,024), so that the general path never compares every pair (a
 * first version at exactly the cap took 12 s a run under ASan when two
 * fuzzed rows had a missing value). */
#define COLUMNS_BASE_ROWS 12000

unsigned long tdm_fuzz_columns_taken, tdm_fuzz_eval_compared;

/* 1 if the two buffers hold the same bytes (memcmp must not see the
 * NULL of an empty one) */
static int
same_bytes(const tdm__rbuf *a, const tdm__rbuf *b)
{
	return a->len == b->len &&
	       (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

/* The criteria the command line's `-c c1:higher:2 -c c2:lower:1` gives
 * (main.c, add_cli_criteria): the flags' order is the order. The header
 * is fixed, so each has its column. */
static tdm_status
columns_criteria(tdm_model *m, tdm_error *err)
{
	static const char *const names[] = {"c1", "c2"};
	size_t i;
	tdm_status s;

	for (i = 0; i < 2; i++) {
		tdm_criterion *c;
		if ((s = tdm_model_add_criterion(m, names[i], -1, 0, &c, err)) !=
		    TDM_OK)
			return s;
		c->weight = i == 0 ? 2 : 1;
		c->has_weight = 1;
		c->better = i == 0 ? TDM_BETTER_HIGHER : TDM_BETTER_LOWER;
		c->has_better = 1;
	}
	if ((m->order = calloc(2, sizeof *m->order)) == NULL)
		return TDM_NOMEM;
	for (i = 0; i < 2; i++) {
		if ((m->order[i] = tdm__strdup(names[i])) == NULL)
			return TDM_NOMEM;
		m->n_order = i + 1;
	}
	return TDM_OK;
}

/* The base rows [from, to), values from the row number alone. */
static int
columns_rows(FILE *f, unsigned from, unsigned to)
{
	unsigned i;

	for (i = from; i < to; i++)
		if (fprintf(f, "r%u,%u.%02u,%u\n", i, (i * 7919u) % 1000u,
		            (i * 31u) % 100u, (i * 104729u) % 5000u) < 0)
			return -1;
	return 0;
}

int
tdm_fuzz_columns(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"wsm", "topsis", "wpm", "moora"};
	static const char *const norms[] = {NULL,  "minmax", "max",
	                                    "sum", "vector", "linear"};
	static const char *const weightings[] = {NULL, "equal", "roc"};
	tdm_model *gm = NULL, *cm = NULL;
	tdm_eval_config cfg;
	tdm_error err;
	tdm__rbuf want, got;
	char path[64];
	unsigned sel, middle;
	int fd, declined = 1, general_ok = 0;
	FILE *f = NULL;

	if (size < 1)
		return 0;
	/* the first byte chooses the run, the rest are rows */
	sel = data[0];
	data++;
	size--;
	memset(&cfg, 0, sizeof cfg);
	cfg.method = methods[sel & 3];
	cfg.normalization = norms[(sel >> 2) % 6];
	cfg.weighting = weightings[(sel >> 5) % 3];
	middle = sel & 0x80 ? COLUMNS_BASE_ROWS / 2 : COLUMNS_BASE_ROWS;
	tdm__rbuf_init(&want);
	tdm__rbuf_init(&got);
	if ((fd = memfd_create("fuzz-columns.csv", 0)) < 0)
		return 0;
	if ((f = fdopen(dup(fd), "w")) == NULL)
		goto out;
	/* the fuzzed rows in the middle (a part boundary with two threads)
	 * or at the end */
	if (fputs("name,c1,c2\n", f) < 0 || columns_rows(f, 0, middle) != 0 ||
	    fwrite(data, 1, size, f) != size || fputc('\n', f) == EOF ||
	    columns_rows(f, middle, COLUMNS_BASE_ROWS) != 0)
		goto out;
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	tdm_set_threads(sel & 0x40 ? 2 : 1);

	/* the general path: load, criteria, evaluate, render CSV */
	if ((gm = tdm_model_new()) == NULL)
		goto out;
	if (tdm_csv_load_options(gm, path, NULL, &err) == TDM_OK &&
	    columns_criteria(gm, &err) == TDM_OK) {
		tdm_render_spec spec;
		tdm_result *r = NULL;

		memset(&spec, 0, sizeof spec);
		spec.format = TDM_FORMAT_CSV;
		general_ok = tdm_evaluate(gm, NULL, &cfg, &r, &err) == TDM_OK &&
		             tdm_render(r, &spec, tdm__rbuf_write, &want, &err) ==
		                 TDM_OK;
		tdm_result_free(r);
	}
	/* the columnar path: the criteria alone, the file by its path */
	if ((cm = tdm_model_new()) == NULL || columns_criteria(cm, &err) != TDM_OK)
		goto out;
	if (tdm_rank_columns(cm, path, &cfg, NULL, NULL, tdm__rbuf_write, &got,
	                     &declined, &err) != TDM_OK)
		goto out; /* out of memory only: the writer keeps everything */
	/* what it takes, it must answer as the general path does */
	if (!declined && !want.nomem && !got.nomem &&
	    (!general_ok || !same_bytes(&want, &got)))
		abort();
	if (declined && got.len != 0)
		abort(); /* a decline writes nothing */
	if (!declined)
		tdm_fuzz_columns_taken++;
out:
	if (f != NULL)
		fclose(f);
	close(fd);
	tdm_set_threads(1);
	tdm_model_free(gm);
	tdm_model_free(cm);
	tdm__rbuf_free(&want);
	tdm__rbuf_free(&got);
	return 0;
}

/* ------------------------------------------------------------------------
 * tdm_fuzz_eval: eval's whole-line reading against the field by field one
 * --------------------------------------------------------------------- */

#define EVAL_DECISION                                                        \
	"decision 'fuzz' {}\n"                                                   \
	"criterion 'a' { weight = 3, better = 'higher', scale = {0, 100} }\n"    \
	"criterion 'b' { weight = 2, better = 'lower', scale = {0, 50},\n"       \
	"                must = '<= 40' }\n"                                     \
	"criterion 'x' { weight = 1, better = 'higher', scale = {0, 10} }\n"

/* The bad rows' messages, one after the other. */
static void
eval_bad_row(void *ud, const tdm_error *e)
{
	char line[600];
	int n = snprintf(line, sizeof line, "%ld:%ld: %s\n", e->line, e->column,
	                 e->message);

	if (n > 0)
		tdm__rbuf_add(ud, line,
		              (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Put text into the memory file fd, replacing what it held. */
static int
eval_put(int fd, const char *text, size_t len)
{
	size_t done = 0;

	if (ftruncate(fd, 0) != 0)
		return -1;
	while (done < len) {
		ssize_t w = pwrite(fd, text + done, len - done, (off_t)done);
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* One run of tdm_batch_eval on path; the outcome in *out. */
typedef struct {
	tdm__rbuf rows, bad;
	tdm_status status;
	tdm_batch_stats st;
	tdm_error err;
} eval_run;

static void
eval_once(const tdm_model *m, const tdm_hooks *h, const char *path,
          unsigned sel, eval_run *out)
{
	tdm_batch_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.keep_going = sel & 1;
	cfg.block = sel & 2 ? 3 : 64;
	cfg.top = sel & 4 ? 5 : 0;
	cfg.bad_row = eval_bad_row;
	cfg.ud = &out->bad;
	tdm_error_clear(&out->err);
	out->status = tdm_batch_eval(m, h, path, &cfg, tdm__rbuf_write,
	                             &out->rows, &out->st, &out->err);
}

static int
eval_same(const eval_run *a, const eval_run *b)
{
	return a->status == b->status && same_bytes(&a->rows, &b->rows) &&
	       same_bytes(&a->bad, &b->bad) &&
	       a->st.rows == b->st.rows && a->st.ranked == b->st.ranked &&
	       a->st.rejected == b->st.rejected && a->st.bad == b->st.bad &&
	       (a->status == TDM_OK ||
	        (a->err.line == b->err.line && a->err.column == b->err.column &&
	         strcmp(a->err.message, b->err.message) == 0));
}

int
tdm_fuzz_eval(const uint8_t *data, size_t size)
{
	tdm_decl *d = NULL;
	tdm_model *m = NULL;
	tdm_hooks h;
	tdm_error err;
	eval_run ra, rb;
	tdm__rbuf ta, tb;
	char path[64];
	size_t i;
	unsigned sel;
	int fd = -1;

	if (size < 1 || memchr(data, '"', size) != NULL)
		return 0; /* a space after a comma inside quotes is a change */
	sel = data[0];
	data++;
	size--;
	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	/* A as given; B with a space after every comma, which the reader
	 * trims and the whole-line reading does not take */
	tdm__rbuf_init(&ta);
	tdm__rbuf_init(&tb);
	tdm__rbuf_puts(&ta, "option,a,b,x\n");
	tdm__rbuf_puts(&tb, "option, a, b, x\n");
	tdm__rbuf_add(&ta, (const char *)data, size);
	for (i = 0; i < size; i++)
		tdm__rbuf_add(&tb, data[i] == ',' ? ", " : (const char *)data + i,
		              data[i] == ',' ? 2 : 1);
	if (ta.nomem || tb.nomem ||
	    (fd = memfd_create("fuzz-eval.csv", 0)) < 0)
		goto out;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((d = tdm_decl_new(NULL, quiet, NULL)) == NULL ||
	    (m = tdm_model_new()) == NULL ||
	    tdm_decl_load_buffer(d, "fuzz.lua", EVAL_DECISION,
	                         sizeof EVAL_DECISION - 1, m, &err) != TDM_OK)
		goto out;
	h = tdm_decl_hooks(d);
	tdm_set_threads(sel & 8 ? 2 : 1);
	if (eval_put(fd, ta.s, ta.len) != 0)
		goto out;
	eval_once(m, &h, path, sel, &ra);
	if (eval_put(fd, tb.s, tb.len) != 0)
		goto out;
	eval_once(m, &h, path, sel, &rb);
	if (ra.rows.nomem || rb.rows.nomem || ra.bad.nomem || rb.bad.nomem ||
	    ra.status == TDM_NOMEM || rb.status == TDM_NOMEM)
		goto out;
	if (!eval_same(&ra, &rb))
		abort();
	tdm_fuzz_eval_compared++;
out:
	tdm_set_threads(1);
	if (fd >= 0)
		close(fd);
	tdm_model_free(m);
	tdm_decl_free(d);
	tdm__rbuf_free(&ta);
	tdm__rbuf_free(&tb);
	tdm__rbuf_free(&ra.rows);
	tdm__rbuf_free(&ra.bad);
	tdm__rbuf_free(&rb.rows);
	tdm__rbuf_free(&rb.bad);
	return 0;
}
