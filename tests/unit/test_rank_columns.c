/*
 * test_rank_columns.c -- tdm_rank_columns (rank_columns.c) writes exactly
 * the bytes of the general path, or declines and writes nothing.
 *
 * The general path is what `tradeoff rank FILE.csv -c ... -f csv` runs
 * when the columnar path declines: tdm_csv_load_options, the criteria as
 * main.c's add_cli_criteria adds them (weight, better, and the order of
 * the -c flags for roc), tdm_evaluate, tdm_render as CSV. The columnar
 * path gets a model with the same criteria and no option.
 *
 * Accepted inputs (random CSVs from splitmix64, 10,001 to 15,000 rows):
 * 2 to 6 criteria in any order of the header, the names column called
 * `option` or `name` and placed first, in the middle or last, extra
 * columns of text, numbers, ranges and empty cells, names that need
 * quoting (comma, double quote, newline, spaces) or are UTF-8 or look like
 * numbers, numbers spelt as integers, decimals, 1e3, 12345e-3, +7, .5 and
 * -0.0, rows repeating earlier rows' values (ties, some spelt
 * differently), a small set of values (many ties), CRLF, a BOM and blank
 * lines; methods wsm, topsis (every normalisation), wpm and moora;
 * weighting direct, equal and roc; benefit and cost criteria.
 *
 * Declined inputs: 10,000 rows; an empty, text, range or non-finite
 * criterion cell; a bad range; a duplicate or empty name; a ragged row; a
 * name that is not UTF-8; a criterion's column twice in the header;
 * vikor, promethee2, an unknown method; entropy and critic weights; a
 * criterion without a column; a criterion with a scale; no criteria; a
 * directory; a missing file; a model with an option; normalisation or
 * method failing on the data. For those the general path's outcome is
 * checked too (an error, or a row it would mark, such as a missing
 * value).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tdm.h"
#include "tdm_test.h"
#include "tdm_rng.h"

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

typedef struct sink {
	char *buf;
	size_t len, cap;
	int fail;     /* 1: every write fails */
	size_t calls;
} sink;

static int
to_sink(void *ud, const char *s, size_t n)
{
	sink *k = ud;

	k->calls++;
	if (k->fail)
		return -1;
	if (k->len + n + 1 > k->cap) {
		size_t cap = (k->len + n + 1) * 2;
		char *p = realloc(k->buf, cap);
		if (p == NULL)
			return -1;
		k->buf = p;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

static void
sink_free(sink *k)
{
	free(k->buf);
	memset(k, 0, sizeof *k);
}

/* ------------------------------------------------------------------------
 * Random CSVs
 * --------------------------------------------------------------------- */


/* What a data row may carry that the columnar path must decline. */
typedef enum {
	DEF_NONE = 0,
	DEF_EMPTY_CELL,  /* a criterion cell left empty */
	DEF_TEXT_CELL,   /* "fast" */
	DEF_RANGE_CELL,  /* "1..2" */
	DEF_BAD_RANGE,   /* "2..1" */
	DEF_INF_CELL,    /* "inf" */
	DEF_NEGATIVE,    /* "-5" */
	DEF_DUP_NAME,    /* the name of row 3 again */
	DEF_EMPTY_NAME,  /* "" */
	DEF_RAGGED,      /* one field short */
	DEF_BAD_UTF8,    /* a name with the byte 0xFF */
	DEF_NAN_EXTRA,   /* "nan" in the extra numbers column */
	DEF_DUP_COLUMN   /* criterion column 0 twice in the header */
} defect;

/* Extra columns beside the names and the criteria. */
enum {
	EXTRA_NONE = 0,
	EXTRA_TEXT,     /* notes: text, numbers, empty */
	EXTRA_NUMBERS,  /* price: numbers and empty cells */
	EXTRA_ALL,      /* notes, price and span (ranges, empty) */
	EXTRA_NAME      /* a text column `name` beside the names column
	                 * `option` (which wins) */
};

typedef struct gen {
	size_t n;                  /* data rows */
	size_t k;                  /* criterion columns */
	const char *const *cols;   /* their names in the header, k */
	const char *name_head;     /* "option" or "name" */
	size_t name_pos;           /* the names column's place (clamped) */
	int extra;                 /* EXTRA_* */
	int crlf, bom, blank_lines;
	int positive;              /* every value > 0 */
	int few_values;            /* values from a small set: many ties */
	int dup_pct;               /* rows repeating an earlier row's values */
	uint64_t seed;
	defect def;
	size_t def_row;            /* the data row (0-based) with the defect */
	size_t def_col;            /* the criterion column it hits */
} gen;

/* Row i's name: mostly "opt<i>", some that need quoting, UTF-8, or
 * look like a number; unique whatever i. */
static void
name_of(char *buf, size_t size, size_t i)
{
	if (i % 97 == 5)
		snprintf(buf, size, "opt,%zu", i);
	else if (i % 101 == 7)
		snprintf(buf, size, "say \"%zu\"", i);
	else if (i % 103 == 9)
		snprintf(buf, size, "caf\xc3\xa9-%zu", i);
	else if (i % 107 == 11)
		snprintf(buf, size, " spaced %zu ", i);
	else if (i % 109 == 13)
		snprintf(buf, size, "two\nlines %zu", i);
	else if (i % 113 == 15)
		snprintf(buf, size, "%zu", i);
	else if (i % 127 == 17)
		snprintf(buf, size, "\xe6\x97\xa5\xe6\x9c\xac-%zu", i);
	else
		snprintf(buf, size, "opt%zu", i);
}

/* A field, quoted when it holds a comma, quote, CR, LF or a space. */
static void
put_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n ") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The number m / 1000 spelt exactly in one of several ways (every
 * spelling of the same m reads as the same double: strtod rounds the
 * decimal value correctly). */
static void
spell(char *buf, size_t size, long long m, unsigned style)
{
	const char *sign = m < 0 ? "-" : "";
	long long a = m < 0 ? -m : m, ip = a / 1000, fp = a % 1000;

	switch (style) {
	case 0: /* 12.345 */
		snprintf(buf, size, "%s%lld.%03lld", sign, ip, fp);
		break;
	case 1: /* 12345e-3 */
		snprintf(buf, size, "%s%llde-3", sign, a);
		break;
	case 2: /* 12 when whole, else 12.345 with a plus sign */
		if (fp == 0)
			snprintf(buf, size, "%s%lld", sign, ip);
		else
			snprintf(buf, size, "%s%lld.%03lld", m < 0 ? "-" : "+", ip,
			         fp);
		break;
	case 3: /* 1e3 when whole, else 1.2345E1 */
		if (fp == 0 && ip > 0) {
			int t = 0;
			while (ip % 10 == 0)
				ip /= 10, t++;
			snprintf(buf, size, "%s%llde%d", sign, ip, t);
		} else {
			snprintf(buf, size, "%s%lld.%03lldE0", sign, ip, fp);
		}
		break;
	case 4: /* .345 when below 1 */
		if (ip == 0 && fp != 0)
			snprintf(buf, size, "%s.%03lld", sign, fp);
		else
			snprintf(buf, size, "%s%lld.%03lld", sign, ip, fp);
		break;
	default: /* 12.3450, and zero as -0.0 */
		if (m == 0)
			snprintf(buf, size, "-0.0");
		else
			snprintf(buf, size, "%s%lld.%03lld0", sign, ip, fp);
		break;
	}
}

#define RING 256
#define MAX_K 8

/* The temporary file and directory of the running test, removed by
 * remove_temp (also after a failure: it is every test's teardown). */
static char temp_file[64], temp_dir[64];

static void
remove_file(void)
{
	if (temp_file[0] != '\0')
		unlink(temp_file);
	temp_file[0] = '\0';
}

static int
remove_temp(void **state)
{
	(void)state;
	remove_file();
	if (temp_dir[0] != '\0')
		rmdir(temp_dir);
	temp_dir[0] = '\0';
	return 0;
}

/* A new value (thousandths). */
static long long
new_value(rng *r, const gen *g)
{
	static const long long few_pos[] = {1000, 2000, 3000, 5000, 8000};
	static const long long few_any[] = {-2000, 0, 1000, 3500, 7000};

	if (g->few_values)
		return g->positive ? few_pos[below(r, 5)] : few_any[below(r, 5)];
	if (below(r, 10) == 0) /* whole numbers, some of them 1e3 */
		return (long long)(below(r, 20) + (g->positive ? 1 : 0)) * 1000 *
		       (below(r, 2) ? 1 : 100);
	if (g->positive)
		return (long long)below(r, 1000000) + 1;
	return (long long)below(r, 1000001) - 500000;
}

/* Write g's CSV to a new temporary file; the path is returned (the
 * running test's temp_file: remove_file removes it). */
static char *
write_csv(const gen *g)
{
	char *path = temp_file;
	rng r = {g->seed};
	long long ring[RING][MAX_K];
	size_t n_ring = 0, i, j, n_extra, n_cols, c;
	const char *eol = g->crlf ? "\r\n" : "\n";
	/* the columns: -1 names, 0..k-1 criteria, 50 a second column with
	 * criterion 0's name, 100+e extra e */
	int layout[MAX_K + 8];
	char buf[128];
	FILE *f;
	int fd;

	assert_true(g->k <= MAX_K);
	n_extra = g->extra == EXTRA_ALL ? 3 : g->extra != EXTRA_NONE ? 1 : 0;
	n_cols = 0;
	for (j = 0; j < g->k; j++)
		layout[n_cols++] = (int)j;
	if (g->def == DEF_DUP_COLUMN)
		layout[n_cols++] = 50;
	for (j = 0; j < n_extra; j++)
		layout[n_cols++] = 100 + (int)j +
		                   (g->extra == EXTRA_NUMBERS ? 1
		                    : g->extra == EXTRA_NAME  ? 3
		                                              : 0);
	/* the names column at name_pos */
	c = g->name_pos < n_cols ? g->name_pos : n_cols;
	memmove(layout + c + 1, layout + c, (n_cols - c) * sizeof *layout);
	layout[c] = -1;
	n_cols++;

	remove_file();
	snprintf(temp_file, sizeof temp_file, "/tmp/tdm-rankcols-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	if (g->bom)
		fputs("\xef\xbb\xbf", f);
	for (c = 0; c < n_cols; c++) {
		static const char *const extra_names[] = {"notes", "price", "span",
		                                          "name"};
		if (c > 0)
			fputc(',', f);
		if (layout[c] < 0)
			put_field(f, g->name_head);
		else if (layout[c] == 50)
			put_field(f, g->cols[0]);
		else if (layout[c] < 50)
			put_field(f, g->cols[layout[c]]);
		else
			put_field(f, extra_names[layout[c] - 100]);
	}
	fputs(eol, f);
	for (i = 0; i < g->n; i++) {
		long long v[MAX_K] = {0};
		int is_def = g->def != DEF_NONE && i == g->def_row;
		if (n_ring > 0 && (int)below(&r, 100) < g->dup_pct) {
			size_t src = below(&r, n_ring < RING ? n_ring : RING);
			memcpy(v, ring[src], sizeof v);
		} else {
			for (j = 0; j < g->k; j++)
				v[j] = new_value(&r, g);
		}
		memcpy(ring[n_ring % RING], v, sizeof v);
		n_ring++;
		for (c = 0; c < n_cols; c++) {
			int t = layout[c];
			if (is_def && g->def == DEF_RAGGED && c + 1 == n_cols)
				break; /* one field short */
			if (c > 0)
				fputc(',', f);
			if (t < 0) {
				if (is_def && g->def == DEF_DUP_NAME)
					name_of(buf, sizeof buf, 3);
				else if (is_def && g->def == DEF_EMPTY_NAME)
					buf[0] = '\0';
				else if (is_def && g->def == DEF_BAD_UTF8)
					snprintf(buf, sizeof buf, "bad\xff%zu", i);
				else
					name_of(buf, sizeof buf, i);
				put_field(f, buf);
			} else if (t == 50) {
				/* criterion 0's column again, other values */
				spell(buf, sizeof buf, new_value(&r, g),
				      (unsigned)below(&r, 6));
				fputs(buf, f);
			} else if (t < 50) {
				if (is_def && (size_t)t == g->def_col &&
				    g->def >= DEF_EMPTY_CELL && g->def <= DEF_NEGATIVE) {
					static const char *const bad[] = {
						"", "", "fast", "1..2", "2..1", "inf", "-5"};
					fputs(bad[g->def], f);
				} else {
					spell(buf, sizeof buf, v[t], (unsigned)below(&r, 6));
					fputs(buf, f);
				}
			} else if (t == 100) { /* notes */
				switch (below(&r, 5)) {
				case 0:
					break;
				case 1:
					fputs("42", f);
					break;
				case 2:
					put_field(f, "text, with a comma");
					break;
				default:
					fprintf(f, "n%zu", i);
				}
			} else if (t == 101) { /* price */
				if (is_def && g->def == DEF_NAN_EXTRA)
					fputs("nan", f);
				else if (below(&r, 4) != 0) {
					spell(buf, sizeof buf, (long long)below(&r, 99999),
					      (unsigned)below(&r, 6));
					fputs(buf, f);
				}
			} else if (t == 102) { /* span */
				if (below(&r, 3) == 0)
					fputs("1..2", f);
				else if (below(&r, 2) == 0)
					fputs("3.5..7", f);
			} else { /* name, beside option */
				fprintf(f, "alias%zu", i);
			}
		}
		fputs(eol, f);
		if (g->blank_lines && i % 1000 == 999)
			fputs(eol, f);
	}
	assert_int_equal(fclose(f), 0);
	return path;
}

/* ------------------------------------------------------------------------
 * The two paths
 * --------------------------------------------------------------------- */

typedef struct crit_def {
	const char *name;
	double weight;
	tdm_better better;
} crit_def;

typedef struct run_def {
	const char *method, *normalization, *weighting;
} run_def;

/* The criteria as add_cli_criteria adds them: with options loaded, a
 * criterion must name a column; the order of the flags is the order
 * (for roc). */
static tdm_status
add_criteria(tdm_model *m, const crit_def *cr, size_t k, tdm_error *err)
{
	tdm_status s;
	size_t i;

	for (i = 0; i < k; i++) {
		tdm_criterion *c;
		if (m->n_options > 0 && tdm_model_find_attr(m, cr[i].name) < 0)
			return tdm_error_set(err, TDM_DATA, NULL, 1, 0,
			                     "criterion '%s' (from -c) has no column "
			                     "in the header",
			                     cr[i].name);
		if ((s = tdm_model_add_criterion(m, cr[i].name, -1, 0, &c, err)) !=
		    TDM_OK)
			return s;
		c->weight = cr[i].weight;
		c->has_weight = 1;
		c->better = cr[i].better;
		c->has_better = 1;
	}
	if (m->n_order == 0 && k > 0) {
		m->order = calloc(k, sizeof *m->order);
		assert_non_null(m->order);
		for (i = 0; i < k; i++) {
			m->order[i] = strdup(cr[i].name);
			assert_non_null(m->order[i]);
			m->n_order = i + 1;
		}
	}
	return TDM_OK;
}

/* The general path's model: the CSV's options, then the criteria. */
static tdm_status
general_model(const char *path, const crit_def *cr, size_t k,
              tdm_model **out, tdm_error *err)
{
	tdm_model *m = tdm_model_new();
	tdm_status s;

	assert_non_null(m);
	if ((s = tdm_csv_load_options(m, path, NULL, err)) != TDM_OK ||
	    (s = add_criteria(m, cr, k, err)) != TDM_OK) {
		tdm_model_free(m);
		*out = NULL;
		return s;
	}
	*out = m;
	return TDM_OK;
}

static tdm_status
general_render(const tdm_model *m, const tdm_eval_config *cfg, sink *out,
               tdm_error *err)
{
	tdm_render_spec spec;
	tdm_result *r = NULL;
	tdm_status s;

	memset(&spec, 0, sizeof spec);
	spec.format = TDM_FORMAT_CSV;
	if ((s = tdm_evaluate(m, NULL, cfg, &r, err)) == TDM_OK)
		s = tdm_render(r, &spec, to_sink, out, err);
	tdm_result_free(r);
	return s;
}

/* The whole general path: load, add the criteria, evaluate, render. */
static tdm_status
general(const char *path, const crit_def *cr, size_t k,
        const tdm_eval_config *cfg, sink *out, tdm_error *err)
{
	tdm_model *m;
	tdm_status s;

	if ((s = general_model(path, cr, k, &m, err)) != TDM_OK)
		return s;
	s = general_render(m, cfg, out, err);
	tdm_model_free(m);
	return s;
}

/* The columnar path's model: the criteria, no option. */
static tdm_model *
columns_model(const crit_def *cr, size_t k)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;

	assert_non_null(m);
	if (add_criteria(m, cr, k, &err) != TDM_OK)
		fail_msg("criteria: %s", err.message);
	return m;
}

static tdm_status
columnar(const tdm_model *m, const char *path, const tdm_eval_config *cfg,
         sink *out, int *declined, tdm_error *err)
{
	*declined = 7; /* must be set either way */
	tdm_error_clear(err);
	return tdm_rank_columns(m, path, cfg, NULL, NULL, to_sink, out, declined,
	                        err);
}

static const char *
str_or_null(const char *s)
{
	return s ? s : "NULL";
}

/* The line of buf holding byte `at`, for a message: at most 160 bytes,
 * from the line's start. */
static void
line_at(const sink *k, size_t at, char *line, size_t size, long *line_no)
{
	size_t from = at, to, i;

	*line_no = 1;
	for (i = 0; i < at && i < k->len; i++)
		*line_no += k->buf[i] == '\n';
	while (from > 0 && from <= k->len && k->buf[from - 1] != '\n')
		from--;
	if (from > k->len)
		from = k->len;
	for (to = from; to < k->len && k->buf[to] != '\n' && to - from < 160;
	     to++)
		;
	snprintf(line, size, "%.*s", (int)(to - from), k->buf + from);
}

/* want and got byte for byte; on a difference, the first differing byte
 * and both lines there. */
static void
assert_same_bytes(const char *what, const sink *want, const sink *got)
{
	size_t i, n = want->len < got->len ? want->len : got->len;
	char wl[200], gl[200];
	long wno, gno;

	for (i = 0; i < n && want->buf[i] == got->buf[i]; i++)
		;
	if (i == n && want->len == got->len)
		return;
	line_at(want, i, wl, sizeof wl, &wno);
	line_at(got, i, gl, sizeof gl, &gno);
	fail_msg("%s: the bytes differ at byte %zu (general %zu bytes, "
	         "columnar %zu): general line %ld \"%s\", columnar line %ld "
	         "\"%s\"",
	         what, i, want->len, got->len, wno, wl, gno, gl);
}

static size_t
count_lines(const sink *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->len; i++)
		n += k->buf[i] == '\n';
	return n;
}

/* Write g's CSV; for each run, the general path and the columnar path
 * must agree byte for byte, and the columnar path must not decline. */
static void
check_same(const char *what, const gen *g, const crit_def *cr, size_t k,
           const run_def *runs, size_t n_runs)
{
	char *path = write_csv(g), desc[256];
	tdm_model *gm, *cm = columns_model(cr, k);
	tdm_error err;
	size_t i;

	if (general_model(path, cr, k, &gm, &err) != TDM_OK)
		fail_msg("%s: the general path cannot load: %s:%ld:%ld: %s", what,
		         err.source, err.line, err.column, err.message);
	for (i = 0; i < n_runs; i++) {
		tdm_eval_config cfg = {runs[i].method, runs[i].normalization,
		                       runs[i].weighting};
		sink want, got;
		int declined;
		tdm_status s;
		memset(&want, 0, sizeof want);
		memset(&got, 0, sizeof got);
		snprintf(desc, sizeof desc,
		         "%s (seed %llu, %zu rows), method %s, normalization %s, "
		         "weighting %s",
		         what, (unsigned long long)g->seed, g->n, runs[i].method,
		         str_or_null(runs[i].normalization),
		         str_or_null(runs[i].weighting));
		if ((s = general_render(gm, &cfg, &want, &err)) != TDM_OK)
			fail_msg("%s: the general path fails: %s", desc, err.message);
		s = columnar(cm, path, &cfg, &got, &declined, &err);
		if (s != TDM_OK)
			fail_msg("%s: tdm_rank_columns returned %d: %s", desc, (int)s,
			         err.message);
		if (declined != 0)
			fail_msg("%s: tdm_rank_columns declined (%zu bytes written)",
			         desc, got.len);
		assert_same_bytes(desc, &want, &got);
		/* a ranking of every row, not an empty agreement */
		assert_true(count_lines(&got) > g->n);
		assert_non_null(strstr(want.buf, "# note: dominance was not "
		                                 "checked"));
		sink_free(&want);
		sink_free(&got);
	}
	tdm_model_free(gm);
	tdm_model_free(cm);
	remove_file();
}

/* The columnar path must decline: TDM_OK, *declined 1, nothing written. */
static void
assert_declines(const char *what, const tdm_model *cm, const char *path,
                const tdm_eval_config *cfg)
{
	sink got;
	tdm_error err;
	int declined;
	tdm_status s;

	memset(&got, 0, sizeof got);
	s = columnar(cm, path, cfg, &got, &declined, &err);
	if (s != TDM_OK)
		fail_msg("%s: tdm_rank_columns returned %d (%s), expected TDM_OK",
		         what, (int)s, err.message);
	if (declined != 1)
		fail_msg("%s: tdm_rank_columns did not decline (declined = %d, "
		         "%zu bytes written)",
		         what, declined, got.len);
	if (got.len != 0 || got.calls != 0)
		fail_msg("%s: declined but wrote %zu bytes in %zu calls", what,
		         got.len, got.calls);
	sink_free(&got);
}

/* ------------------------------------------------------------------------
 * Accepted inputs
 * --------------------------------------------------------------------- */

static const char *const cols6[] = {"c1", "c2", "c3", "c4", "c5", "c6"};

/* 10,001 rows (one over the threshold), two criteria, names first. */
static void
test_two_criteria_at_threshold(void **state)
{
	static const crit_def cr[] = {{"c1", 3, TDM_BETTER_HIGHER},
	                              {"c2", 2, TDM_BETTER_LOWER}};
	static const run_def runs[] = {
		{"wsm", NULL, NULL},        {"wsm", "minmax", "equal"},
		{"wsm", "vector", "roc"},   {"topsis", NULL, NULL},
		{"topsis", "max", "equal"}, {"moora", NULL, "roc"},
	};
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 10001;
	g.k = 2;
	g.cols = cols6;
	g.name_head = "option";
	g.dup_pct = 5;
	g.seed = 101;
	check_same("2 criteria, 10,001 rows", &g, cr, 2, runs,
	           sizeof runs / sizeof runs[0]);
}

/* Four criteria given in another order than the header's, the names
 * column `name` in the middle, a text column, CRLF, positive values
 * (wpm, sum). */
static void
test_name_column_crlf_positive(void **state)
{
	static const crit_def cr[] = {{"c3", 0.5, TDM_BETTER_LOWER},
	                              {"c1", 0.25, TDM_BETTER_HIGHER},
	                              {"c4", 0.125, TDM_BETTER_HIGHER},
	                              {"c2", 0.125, TDM_BETTER_LOWER}};
	static const run_def runs[] = {
		{"wsm", "sum", NULL},        {"wsm", "max", "roc"},
		{"wsm", "linear", "equal"},  {"wsm", "none", NULL},
		{"topsis", "sum", "equal"},  {"topsis", "minmax", "roc"},
		{"topsis", "vector", NULL},  {"topsis", "linear", NULL},
		{"wpm", NULL, NULL},         {"wpm", NULL, "equal"},
		{"wpm", NULL, "roc"},        {"moora", NULL, "equal"},
	};
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 12345;
	g.k = 4;
	g.cols = cols6;
	g.name_head = "name";
	g.name_pos = 2;
	g.extra = EXTRA_TEXT;
	g.crlf = 1;
	g.positive = 1;
	g.dup_pct = 8;
	g.seed = 202;
	check_same("4 criteria, `name` in the middle, CRLF", &g, cr, 4, runs,
	           sizeof runs / sizeof runs[0]);
}

/* Six criteria with names that need quoting or are UTF-8, the names
 * column last, extra text, numbers and ranges, negative values. */
static void
test_six_criteria_names_last(void **state)
{
	static const char *const cols[] = {"lat, ms", "d\xc3\xa9" "bit",
	                                   "cost \"usd\"", "c4", "c5", "c6"};
	static const crit_def cr[] = {
		{"lat, ms", 2, TDM_BETTER_LOWER},
		{"d\xc3\xa9" "bit", 1.5, TDM_BETTER_HIGHER},
		{"cost \"usd\"", 1, TDM_BETTER_LOWER},
		{"c4", 0.75, TDM_BETTER_HIGHER},
		{"c5", 0.5, TDM_BETTER_LOWER},
		{"c6", 0.25, TDM_BETTER_HIGHER}};
	static const run_def runs[] = {
		{"wsm", NULL, "roc"},       {"wsm", "minmax", NULL},
		{"wsm", "vector", "equal"}, {"topsis", NULL, "roc"},
		{"topsis", "minmax", "equal"}, {"topsis", "max", NULL},
		{"moora", NULL, NULL},
	};
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 15000;
	g.k = 6;
	g.cols = cols;
	g.name_head = "option";
	g.name_pos = 99; /* last */
	g.extra = EXTRA_ALL;
	g.dup_pct = 3;
	g.seed = 303;
	check_same("6 criteria, names last, extra columns", &g, cr, 6, runs,
	           sizeof runs / sizeof runs[0]);
}

/* Few distinct values: thousands of exact ties (ranks shared, rows in
 * file order), an extra numbers column. */
static void
test_many_ties(void **state)
{
	static const crit_def cr[] = {{"c2", 1, TDM_BETTER_HIGHER},
	                              {"c1", 1, TDM_BETTER_LOWER},
	                              {"c3", 2, TDM_BETTER_HIGHER}};
	static const run_def runs[] = {
		{"wsm", NULL, NULL},         {"wsm", "sum", "roc"},
		{"wsm", "max", "equal"},     {"topsis", "vector", "equal"},
		{"topsis", "sum", NULL},     {"wpm", NULL, "roc"},
		{"moora", NULL, NULL},
	};
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 11000;
	g.k = 3;
	g.cols = cols6;
	g.name_head = "option";
	g.extra = EXTRA_NUMBERS;
	g.positive = 1;
	g.few_values = 1;
	g.dup_pct = 20;
	g.seed = 404;
	check_same("3 criteria, few values (ties)", &g, cr, 3, runs,
	           sizeof runs / sizeof runs[0]);
}

/* A BOM, blank lines, a text column `name` first and the names column
 * `option` after it (option wins), five criteria. */
static void
test_bom_blank_lines_option_wins(void **state)
{
	static const crit_def cr[] = {{"c5", 5, TDM_BETTER_HIGHER},
	                              {"c4", 4, TDM_BETTER_LOWER},
	                              {"c3", 3, TDM_BETTER_HIGHER},
	                              {"c2", 2, TDM_BETTER_LOWER},
	                              {"c1", 1, TDM_BETTER_HIGHER}};
	static const run_def runs[] = {
		{"wsm", NULL, "equal"},  {"topsis", "sum", NULL},
		{"topsis", NULL, "equal"}, {"wpm", NULL, NULL},
		{"moora", NULL, "roc"},
	};
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 10500;
	g.k = 5;
	g.cols = cols6;
	g.name_head = "option";
	g.name_pos = 1; /* after the first criterion column */
	g.extra = EXTRA_NAME;
	g.bom = 1;
	g.blank_lines = 1;
	g.positive = 1;
	g.dup_pct = 5;
	g.seed = 505;
	check_same("5 criteria, BOM, blank lines, option beside name", &g, cr,
	           5, runs, sizeof runs / sizeof runs[0]);
}

/* A write that fails is the columnar path's error, not a decline. */
static void
test_write_error(void **state)
{
	static const crit_def cr[] = {{"c1", 1, TDM_BETTER_HIGHER},
	                              {"c2", 1, TDM_BETTER_LOWER}};
	tdm_eval_config cfg = {"wsm", NULL, NULL};
	tdm_model *cm = columns_model(cr, 2);
	tdm_error err;
	sink got;
	int declined;
	char *path;
	gen g;

	(void)state;
	memset(&g, 0, sizeof g);
	g.n = 10001;
	g.k = 2;
	g.cols = cols6;
	g.name_head = "option";
	g.seed = 606;
	path = write_csv(&g);
	memset(&got, 0, sizeof got);
	got.fail = 1;
	assert_int_equal(columnar(cm, path, &cfg, &got, &declined, &err),
	                 TDM_IO);
	assert_int_equal(declined, 0);
	tdm_model_free(cm);
	remove_file();
}

/* ------------------------------------------------------------------------
 * Declined inputs
 * --------------------------------------------------------------------- */

static const crit_def cr3[] = {{"c1", 2, TDM_BETTER_HIGHER},
                               {"c2", 1, TDM_BETTER_LOWER},
                               {"c3", 1, TDM_BETTER_HIGHER}};

/* A generator for the declined files: 10,050 rows, three criteria. */
static gen
decline_gen(defect def, size_t row, size_t col, uint64_t seed)
{
	gen g;

	memset(&g, 0, sizeof g);
	g.n = 10050;
	g.k = 3;
	g.cols = cols6;
	g.name_head = "option";
	g.extra = EXTRA_NUMBERS;
	g.dup_pct = 2;
	g.positive = 1;
	g.seed = seed;
	g.def = def;
	g.def_row = row;
	g.def_col = col;
	return g;
}

static void
test_decline_threshold(void **state)
{
	tdm_eval_config cfg = {"wsm", NULL, NULL};
	tdm_model *cm = columns_model(cr3, 3);
	sink want;
	tdm_error err;
	char *path;
	gen g = decline_gen(DEF_NONE, 0, 0, 707);

	(void)state;
	g.n = 10000;
	path = write_csv(&g);
	assert_declines("10,000 rows", cm, path, &cfg);
	/* the general path ranks them, and checks dominance */
	memset(&want, 0, sizeof want);
	assert_int_equal(general(path, cr3, 3, &cfg, &want, &err), TDM_OK);
	assert_null(strstr(want.buf, "dominance was not checked"));
	sink_free(&want);
	remove_file();
	/* 10,000 rows and blank lines are still 10,000 rows */
	g.blank_lines = 1;
	path = write_csv(&g);
	assert_declines("10,000 rows and blank lines", cm, path, &cfg);
	remove_file();
	/* 10,001: taken (the accepted tests compare its bytes) */
	g.n = 10001;
	path = write_csv(&g);
	{
		sink got;
		int declined;
		memset(&got, 0, sizeof got);
		assert_int_equal(columnar(cm, path, &cfg, &got, &declined, &err),
		                 TDM_OK);
		assert_int_equal(declined, 0);
		sink_free(&got);
	}
	remove_file();
	tdm_model_free(cm);
}

/* A defect in a data row: the columnar path declines, and the general
 * path gives an error (expect_error) or ranks with something attached
 * to a row (mark, looked for in its output). */
static void
check_defect(const char *what, defect def, size_t row, size_t col,
             const tdm_eval_config *cfg, int expect_error, const char *mark)
{
	tdm_model *cm = columns_model(cr3, 3);
	gen g = decline_gen(def, row, col, 800 + (uint64_t)def);
	char *path = write_csv(&g);
	sink want;
	tdm_error err;
	tdm_status s;

	assert_declines(what, cm, path, cfg);
	memset(&want, 0, sizeof want);
	tdm_error_clear(&err);
	s = general(path, cr3, 3, cfg, &want, &err);
	if (expect_error) {
		if (s == TDM_OK)
			fail_msg("%s: the general path succeeded; expected an error",
			         what);
	} else {
		if (s != TDM_OK)
			fail_msg("%s: the general path fails: %s", what, err.message);
		if (mark != NULL && (want.buf == NULL || strstr(want.buf, mark) ==
		                                             NULL))
			fail_msg("%s: the general path's output lacks \"%s\"", what,
			         mark);
	}
	sink_free(&want);
	remove_file();
	tdm_model_free(cm);
}

static void
test_decline_bad_cells(void **state)
{
	tdm_eval_config wsm = {"wsm", NULL, NULL};

	(void)state;
	/* text: the general path says the criterion needs a number */
	check_defect("text cell, last row", DEF_TEXT_CELL, 10049, 1, &wsm, 1,
	             NULL);
	check_defect("text cell, first row", DEF_TEXT_CELL, 0, 0, &wsm, 1,
	             NULL);
	check_defect("bad range 2..1", DEF_BAD_RANGE, 5000, 2, &wsm, 1, NULL);
	check_defect("inf in a criterion cell", DEF_INF_CELL, 10049, 0, &wsm,
	             1, NULL);
	check_defect("nan in a column that is no criterion", DEF_NAN_EXTRA,
	             7000, 0, &wsm, 1, NULL);
	/* a missing value: the general path rejects the row, saying why */
	check_defect("empty cell, last row", DEF_EMPTY_CELL, 10049, 2, &wsm, 0,
	             ",rejected,");
	/* a range: ranked at a point of it, with a note */
	check_defect("range 1..2", DEF_RANGE_CELL, 10049, 0, &wsm, 0,
	             "# note: ");
}

static void
test_decline_bad_rows(void **state)
{
	tdm_eval_config wsm = {"wsm", NULL, NULL};

	(void)state;
	check_defect("duplicate option name, last row", DEF_DUP_NAME, 10049, 0,
	             &wsm, 1, NULL);
	check_defect("duplicate option name, row 4", DEF_DUP_NAME, 4, 0, &wsm,
	             1, NULL);
	check_defect("empty option name", DEF_EMPTY_NAME, 10049, 0, &wsm, 1,
	             NULL);
	check_defect("ragged row", DEF_RAGGED, 10049, 0, &wsm, 1, NULL);
	check_defect("name not UTF-8", DEF_BAD_UTF8, 10049, 0, &wsm, 1, NULL);
}

/* The data makes the normalisation or the method fail. */
static void
test_decline_method_fails(void **state)
{
	tdm_eval_config sum = {"wsm", "sum", NULL};
	tdm_eval_config wpm = {"wpm", NULL, NULL};

	(void)state;
	check_defect("sum normalisation and a negative benefit value",
	             DEF_NEGATIVE, 10049, 0, &sum, 1, NULL);
	check_defect("wpm and a negative cost value", DEF_NEGATIVE, 10049, 1,
	             &wpm, 1, NULL);
}

/* Methods and weightings that put more than rank, score and verdict in
 * the output, or take weights from the data. */
static void
test_decline_config(void **state)
{
	static const run_def runs[] = {
		{"vikor", NULL, NULL},     {"promethee2", NULL, NULL},
		{"wsm", NULL, "entropy"},  {"wsm", NULL, "critic"},
		{"topsis", NULL, "entropy"}, {"nosuch", NULL, NULL},
		{"wsm", "nosuch", NULL},   {"wsm", NULL, "nosuch"},
		{"spotis", NULL, NULL},    {"copras", NULL, NULL},
		{"edas", NULL, NULL},
	};
	tdm_model *cm = columns_model(cr3, 3);
	gen g = decline_gen(DEF_NONE, 0, 0, 909);
	char *path = write_csv(&g), what[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		tdm_eval_config cfg = {runs[i].method, runs[i].normalization,
		                       runs[i].weighting};
		snprintf(what, sizeof what, "method %s, normalization %s, "
		         "weighting %s", runs[i].method,
		         str_or_null(runs[i].normalization),
		         str_or_null(runs[i].weighting));
		assert_declines(what, cm, path, &cfg);
	}
	remove_file();
	tdm_model_free(cm);
}

static void
test_decline_model(void **state)
{
	static const crit_def missing[] = {{"c1", 1, TDM_BETTER_HIGHER},
	                                   {"nosuch", 1, TDM_BETTER_LOWER}};
	static const crit_def names_col[] = {{"c1", 1, TDM_BETTER_HIGHER},
	                                     {"option", 1, TDM_BETTER_LOWER}};
	tdm_eval_config cfg = {"wsm", NULL, NULL};
	gen g = decline_gen(DEF_NONE, 0, 0, 1010);
	char *path = write_csv(&g), *dir = temp_dir, gone[64];
	tdm_model *cm;
	tdm_criterion *c;
	tdm_error err;
	sink want;
	size_t idx;

	(void)state;
	/* a criterion that no column holds (the names column is none) */
	cm = columns_model(missing, 2);
	assert_declines("criterion without a column", cm, path, &cfg);
	tdm_model_free(cm);
	memset(&want, 0, sizeof want);
	assert_int_not_equal(general(path, missing, 2, &cfg, &want, &err),
	                     TDM_OK);
	sink_free(&want);
	cm = columns_model(names_col, 2);
	assert_declines("criterion named as the names column", cm, path, &cfg);
	tdm_model_free(cm);
	/* an option in the model already */
	cm = columns_model(cr3, 3);
	assert_int_equal(tdm_model_add_option(cm, "x", -1, 0, &idx, &err),
	                 TDM_OK);
	assert_declines("a model with an option", cm, path, &cfg);
	tdm_model_free(cm);
	/* no criteria */
	cm = tdm_model_new();
	assert_non_null(cm);
	assert_declines("no criteria", cm, path, &cfg);
	tdm_model_free(cm);
	/* a criterion with a scale (a decision file's) */
	cm = columns_model(cr3, 3);
	c = &cm->criteria[1];
	c->has_scale = 1;
	c->scale_lo = 0;
	c->scale_hi = 1000;
	assert_declines("a criterion with a scale", cm, path, &cfg);
	tdm_model_free(cm);
	/* not a regular file; no file */
	cm = columns_model(cr3, 3);
	snprintf(temp_dir, sizeof temp_dir, "/tmp/tdm-rankcols-dir-XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_declines("a directory", cm, dir, &cfg);
	assert_int_equal(rmdir(dir), 0);
	snprintf(gone, sizeof gone, "%s", dir);
	temp_dir[0] = '\0';
	assert_declines("a file that does not exist", cm, gone, &cfg);
	assert_declines("no path", cm, NULL, &cfg);
	tdm_model_free(cm);
	remove_file();
}

/* A criterion's column twice in the header: the CSV reader refuses the
 * header (the general path's error), so the columnar path declines. */
static void
test_decline_duplicate_column(void **state)
{
	tdm_eval_config wsm = {"wsm", NULL, NULL};

	(void)state;
	check_defect("criterion column twice in the header", DEF_DUP_COLUMN, 0,
	             0, &wsm, 1, NULL);
}

int
main(void)
{
#define TEST(f) cmocka_unit_test_teardown(f, remove_temp)
	const struct CMUnitTest tests[] = {
		TEST(test_two_criteria_at_threshold),
		TEST(test_name_column_crlf_positive),
		TEST(test_six_criteria_names_last),
		TEST(test_many_ties),
		TEST(test_bom_blank_lines_option_wins),
		TEST(test_write_error),
		TEST(test_decline_threshold),
		TEST(test_decline_bad_cells),
		TEST(test_decline_bad_rows),
		TEST(test_decline_method_fails),
		TEST(test_decline_config),
		TEST(test_decline_model),
		TEST(test_decline_duplicate_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
