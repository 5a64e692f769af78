/*
 * test_csv_fastpath.c -- the CSV reader's fast path against libcsv alone.
 *
 * csv_input.c splits a physical line with no '"' and no NUL itself and
 * gives every other line to libcsv. Its rows and its first error must be
 * those of libcsv, in the reader's mode, with the reader's documented
 * checks. The reference here is built on libcsv alone: it feeds the whole
 * input one byte at a time, counts physical lines itself (LF, CRLF, bare
 * CR), takes a row's line to be the line of its first byte that is not a
 * space, tab or line end, and applies the checks (header names, field
 * count, field cap, NUL, open-field cap after each line and block). Random
 * inputs mixing quoted and unquoted fields, spaces, tabs, empty fields,
 * CRLF, bare CR, blank lines, ragged rows, long fields, a BOM and the odd
 * error are run through both and compared: rows (line, fields, bytes) and
 * the error (code, line, field, kind of message).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tdm.h"

#define SRC "fast.csv"
#define BLOCK ((size_t)64 << 10) /* the reader's block for files */

/* ---- a fixed-seed PRNG (splitmix64) ---------------------------------- */

#include "tdm_rng.h"


/* ---- growable byte buffer -------------------------------------------- */

typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void
add(buf *b, const void *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
addc(buf *b, char c)
{
	add(b, &c, 1);
}

static void
adds(buf *b, const char *s)
{
	add(b, s, strlen(s));
}

static void
addf(buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	add(b, tmp, (size_t)n);
}

/* One row of a transcript: "H|R line n: len<bytes> len<bytes>...\n". */
static void
record_row(buf *t, int is_header, long line, const char *const *fields,
           const size_t *lens, size_t n)
{
	size_t i;

	addf(t, "%c %ld %zu:", is_header ? 'H' : 'R', line, n);
	for (i = 0; i < n; i++) {
		addf(t, " %zu<", lens[i]);
		add(t, fields[i], lens[i]);
		addc(t, '>');
	}
	addc(t, '\n');
}

/* ---- the reader under test ------------------------------------------- */

static tdm_status
on_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	size_t i;

	(void)err;
	for (i = 0; i < row->n_fields; i++)
		assert_int_equal(row->fields[i][row->lens[i]], '\0');
	record_row(ud, is_header, row->line, row->fields, row->lens,
	           row->n_fields);
	return TDM_OK;
}

/* ---- the reference: libcsv alone ------------------------------------- */

/* Kinds of error, by the text every message of that kind holds. */
static const char *const kinds[] = {
	"", "empty file", "empty column name", "duplicate column name",
	"row has", "field longer than", "NUL byte", "malformed quoting",
	"unterminated quoted field",
};
enum {
	K_NONE, K_EMPTY, K_EMPTY_NAME, K_DUP, K_RAGGED, K_CAP, K_NUL, K_QUOTE,
	K_UNTERM
};

typedef struct ref {
	size_t cap;
	int empty_corner;
	buf *t;           /* transcript */
	int kind;         /* the first error, K_NONE if none */
	long err_line, err_col;
	long line;        /* physical line of the byte being fed */
	long row_line;    /* line of the current row's first byte */
	int in_row;       /* a byte of the current row has been seen */
	int has_header;
	size_t n_header;
	size_t n_fields;
	char **fields;    /* the current row's fields (copies) */
	size_t *lens;
	size_t cap_fields;
} ref;

static void
ref_fail(ref *x, int kind, long line, long col)
{
	if (x->kind != K_NONE)
		return;
	x->kind = kind;
	x->err_line = line;
	x->err_col = col;
}

static void
ref_field(void *s, size_t len, void *data)
{
	ref *x = data;

	if (x->kind != K_NONE)
		return;
	if (len > x->cap) {
		ref_fail(x, K_CAP, x->row_line, (long)x->n_fields + 1);
		return;
	}
	if (len > 0 && memchr(s, '\0', len) != NULL) {
		ref_fail(x, K_NUL, x->row_line, (long)x->n_fields + 1);
		return;
	}
	if (x->n_fields == x->cap_fields) {
		x->cap_fields = x->cap_fields * 2 + 8;
		x->fields = realloc(x->fields, x->cap_fields * sizeof *x->fields);
		x->lens = realloc(x->lens, x->cap_fields * sizeof *x->lens);
		assert_non_null(x->fields);
		assert_non_null(x->lens);
	}
	x->fields[x->n_fields] = malloc(len + 1);
	assert_non_null(x->fields[x->n_fields]);
	memcpy(x->fields[x->n_fields], s, len);
	x->fields[x->n_fields][len] = '\0';
	x->lens[x->n_fields] = len;
	x->n_fields++;
}

static void
ref_clear_row(ref *x)
{
	size_t i;

	for (i = 0; i < x->n_fields; i++)
		free(x->fields[i]);
	x->n_fields = 0;
	x->in_row = 0;
}

static void
ref_row(int c, void *data)
{
	ref *x = data;
	size_t i, j, n = x->n_fields;
	int is_header = !x->has_header;

	(void)c;
	if (x->kind != K_NONE)
		goto out;
	if (!x->has_header) {
		for (i = 0; i < n; i++) {
			if (x->lens[i] == 0 && !(i == 0 && x->empty_corner)) {
				ref_fail(x, K_EMPTY_NAME, x->row_line, (long)i + 1);
				goto out;
			}
		}
		/* The duplicate whose second occurrence comes first. */
		for (j = 1; j < n; j++) {
			for (i = 0; i < j; i++) {
				if (x->lens[i] == x->lens[j] &&
				    memcmp(x->fields[i], x->fields[j], x->lens[i]) == 0) {
					ref_fail(x, K_DUP, x->row_line, (long)j + 1);
					goto out;
				}
			}
		}
		x->has_header = 1;
		x->n_header = n;
	} else if (n != x->n_header) {
		ref_fail(x, K_RAGGED, x->row_line,
		         (long)(n < x->n_header ? n : x->n_header) + 1);
		goto out;
	}
	record_row(x->t, is_header, x->row_line,
	           (const char *const *)x->fields, x->lens, n);
out:
	ref_clear_row(x);
}

/* The reader bounds a field still open at the end of each line and each
 * block piece (a missing closing quote must not read the whole file). */
static void
ref_check_open(ref *x, const struct csv_parser *p)
{
	if (x->kind == K_NONE && p->entry_pos > x->cap &&
	    p->entry_pos - x->cap > p->spaces + 1)
		ref_fail(x, K_CAP, x->row_line, (long)x->n_fields + 1);
}

/* Run data through libcsv byte by byte. block: the reader's block size
 * (0: one block, as for a buffer). */
static void
ref_run(ref *x, const char *data, size_t len, size_t block)
{
	struct csv_parser p;
	size_t i = 0;
	unsigned char c;
	int piece_end;

	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	x->line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len && x->kind == K_NONE; i++) {
		c = (unsigned char)data[i];
		if (!x->in_row && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			x->in_row = 1;
			x->row_line = x->line;
		}
		if (csv_parse(&p, &c, 1, ref_field, ref_row, x) != 1) {
			if (csv_error(&p) == CSV_EPARSE)
				ref_fail(x, K_QUOTE, x->line, (long)x->n_fields + 1);
			else
				fail_msg("libcsv error %d", csv_error(&p));
			break;
		}
		if (x->kind != K_NONE)
			break;
		/* Where the reader's csv_parse calls end: after each line end
		 * (a CRLF is one), at each block end, at the end of input. */
		piece_end = c == '\n' ||
		            (c == '\r' && (i + 1 == len || data[i + 1] != '\n')) ||
		            i + 1 == len || (block > 0 && (i + 1) % block == 0);
		if (piece_end)
			ref_check_open(x, &p);
		if (c == '\n' || (c == '\r' && (i + 1 == len || data[i + 1] != '\n')))
			x->line++;
	}
	if (x->kind == K_NONE) {
		if (csv_fini(&p, ref_field, ref_row, x) != 0)
			ref_fail(x, K_UNTERM, x->row_line, (long)x->n_fields + 1);
		else if (x->kind == K_NONE && !x->has_header)
			ref_fail(x, K_EMPTY, 0, 0);
	}
	ref_clear_row(x);
	csv_free(&p);
	free(x->fields);
	free(x->lens);
	x->fields = NULL;
	x->lens = NULL;
	x->cap_fields = 0;
}

/* ---- comparison ------------------------------------------------------ */

static void
show(const char *what, const char *s, size_t n)
{
	size_t i;

	print_message("%s (%zu bytes): \"", what, n);
	for (i = 0; i < n && i < 4000; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			print_message("\\n");
		else if (c == '\r')
			print_message("\\r");
		else if (c == '\t')
			print_message("\\t");
		else if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			print_message("\\x%02X", c);
		else
			print_message("%c", c);
	}
	print_message("\"\n");
}

/* Both readers on data; fail with everything printed on a difference. */
static void
compare(const char *data, size_t len, const tdm_csv_config *cfg, int as_file)
{
	buf got = {NULL, 0, 0}, want = {NULL, 0, 0};
	ref x;
	tdm_error err;
	tdm_status st;
	char path[64];
	FILE *fp;
	int fd, same;

	tdm_error_clear(&err);
	if (as_file) {
		snprintf(path, sizeof path, "/tmp/test_csv_fastpath_XXXXXX");
		fd = mkstemp(path);
		assert_true(fd >= 0);
		fp = fdopen(fd, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(data, 1, len, fp), len);
		assert_int_equal(fclose(fp), 0);
		st = tdm_csv_stream_file(path, cfg, on_row, &got, &err);
		unlink(path);
	} else {
		st = tdm_csv_stream_buffer(SRC, data, len, cfg, on_row, &got, &err);
	}
	adds(&got, "");

	memset(&x, 0, sizeof x);
	x.cap = cfg != NULL && cfg->max_field > 0 ? cfg->max_field
	                                          : (size_t)1 << 20;
	x.empty_corner = cfg != NULL && cfg->allow_empty_corner;
	x.t = &want;
	adds(&want, "");
	want.n = 0;
	ref_run(&x, data, len, as_file ? BLOCK : 0);

	same = got.n == want.n && memcmp(got.s, want.s, got.n) == 0 &&
	       (x.kind == K_NONE
	            ? st == TDM_OK
	            : st == TDM_DATA && err.line == x.err_line &&
	                  err.column == x.err_col &&
	                  strstr(err.message, kinds[x.kind]) != NULL);
	if (!same) {
		show("input", data, len);
		show("reader rows", got.s, got.n);
		show("libcsv rows", want.s, want.n);
		print_message("reader: %s %ld:%ld %s\n", tdm_status_name(st),
		              err.line, err.column, err.message);
		print_message("libcsv: %s %ld:%ld\n", kinds[x.kind], x.err_line,
		              x.err_col);
		fail_msg("the reader and libcsv disagree");
	}
	free(got.s);
	free(want.s);
}

/* ---- generated inputs ------------------------------------------------ */

typedef struct gen {
	rng r;
	size_t cap;      /* the reader's field cap for this input */
	int errors;      /* inject rare errors */
} gen;

static void
gen_spaces(gen *g, buf *b)
{
	unsigned n = below(&g->r, 3), i;

	for (i = 0; i < n; i++)
		addc(b, below(&g->r, 2) ? ' ' : '\t');
}

static void
gen_text(gen *g, buf *b, unsigned n, int quoted)
{
	static const char plain[] = "abcxyz0123456789.-_ ";
	unsigned i, k;

	for (i = 0; i < n; i++) {
		k = below(&g->r, 40);
		if (k == 0)
			adds(b, "\xC3\xA9"); /* é */
		else if (k == 1)
			addc(b, '\t');
		else if (k == 2)
			addc(b, (char)0xFF); /* not UTF-8: the reader passes bytes */
		else if (quoted && k == 3)
			addc(b, ',');
		else if (quoted && k == 4)
			adds(b, "\"\"");
		else if (quoted && k == 5)
			adds(b, below(&g->r, 2) ? "\n" : "\r\n");
		else if (quoted && k == 6)
			addc(b, '\r');
		else
			addc(b, plain[below(&g->r, sizeof plain - 1)]);
	}
}

static void
gen_field(gen *g, buf *b)
{
	unsigned k = below(&g->r, 100);

	if (k < 10)
		return; /* empty */
	if (k < 14) {
		gen_spaces(g, b); /* spaces only: an empty field */
		addc(b, ' ');
		return;
	}
	if (k < 24) { /* quoted, maybe with spaces around */
		if (below(&g->r, 3) == 0)
			gen_spaces(g, b);
		addc(b, '"');
		gen_text(g, b, below(&g->r, 10), 1);
		addc(b, '"');
		if (below(&g->r, 3) == 0)
			gen_spaces(g, b);
		return;
	}
	if (k < 27) { /* long: around the cap */
		unsigned n = (unsigned)g->cap - 2 + below(&g->r, 5);
		if (g->cap > 200)
			n = 100 + below(&g->r, 200);
		gen_text(g, b, n, 0);
		return;
	}
	if (g->errors && k == 27) {
		switch (below(&g->r, 4)) {
		case 0: adds(b, "ab\"c"); break;   /* quote in an unquoted field */
		case 1: adds(b, "\"ab\"x"); break; /* junk after a closing quote */
		case 2: add(b, "a\0b", 3); break;  /* NUL, unquoted */
		default: add(b, "\"a\0\"", 4); break; /* NUL, quoted */
		}
		return;
	}
	if (below(&g->r, 2))
		gen_spaces(g, b);
	gen_text(g, b, 1 + below(&g->r, 8), 0);
	if (below(&g->r, 2))
		gen_spaces(g, b);
}

static void
gen_eol(gen *g, buf *b)
{
	unsigned k = below(&g->r, 10);

	adds(b, k < 6 ? "\n" : k < 9 ? "\r\n" : "\r");
}

static void
gen_row(gen *g, buf *b, unsigned width)
{
	unsigned n = width, i;

	if (below(&g->r, 50) == 0) /* ragged */
		n = below(&g->r, 2) && n > 1 ? n - 1 : n + 1;
	for (i = 0; i < n; i++) {
		if (i > 0)
			addc(b, ',');
		gen_field(g, b);
	}
}

static void
gen_header(gen *g, buf *b, unsigned width)
{
	unsigned i, k;

	for (i = 0; i < width; i++) {
		if (i > 0)
			addc(b, ',');
		k = below(&g->r, 40);
		if (g->errors && k == 0)
			continue;                     /* an empty name */
		if (g->errors && k == 1 && i > 0) {
			adds(b, "c1");                /* a duplicate, maybe */
			continue;
		}
		if (k < 6)
			gen_spaces(g, b);
		if (k < 10)
			addf(b, "\"c%u\"", i + 1);
		else
			addf(b, "c%u", i + 1);
		if (k < 6)
			gen_spaces(g, b);
	}
}

/* A whole input of n_rows rows. */
static void
gen_input(gen *g, buf *b, unsigned n_rows)
{
	unsigned width = 1 + below(&g->r, 6), i;

	b->n = 0;
	if (below(&g->r, 10) == 0)
		adds(b, "\xEF\xBB\xBF");
	if (below(&g->r, 20) == 0)
		gen_eol(g, b); /* a blank first line */
	gen_header(g, b, width);
	for (i = 0; i < n_rows; i++) {
		gen_eol(g, b);
		if (below(&g->r, 15) == 0) { /* blank lines, maybe spaces */
			gen_spaces(g, b);
			gen_eol(g, b);
		}
		gen_row(g, b, width);
	}
	if (below(&g->r, 3))
		gen_eol(g, b);
	if (g->errors && below(&g->r, 30) == 0)
		adds(b, "\"never closed"); /* unterminated at the end */
}

/* ---- tests ----------------------------------------------------------- */

static void
test_csv_fastpath_fixed_lines(void **state)
{
	static const char *const inputs[] = {
		"a,b\n1,2\n",
		" a , b \n 1 ,\t2\t\n",
		"a,b\n,\n , \n\t,\t\n",
		"a,b\n   \n\t\n1,2\n \t \r\n3,4",
		"a,b\r\n1,2\r\n\r\n3,4\r\n",
		"a,b\r1,2\r\r3,4\r",
		"\xEF\xBB\xBF" "a,b\n1,2\n",
		"a,b\n\"x\ny\",1\n2,3\n",
		"a,b\n\"x\r\n\r\ny\",1\r\n2,3\r\n",
		"a,b\n  \"q\"  , z \n",
		"a,b\n1,2,3\n",
		"a,b,c\n1,2\n",
		"a,b\n1\n",
		"a,,b\n",
		",a\n1,2\n",
		"a,a\n",
		"a,b\nx\"y,1\n",
		"a,b\n\"x\"y,1\n",
		"a,b\n1,\"open\n2,3\n",
		"",
		"\n\n  \n",
		"a\n\n\nb\nc",
		"a b ,  c  d\n1  2,3\t \t4\n",
		"a,b\n1,2\n\"\",\"\"\n",
		"a,b\n\xC3\xA9,\xFF\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		compare(inputs[i], strlen(inputs[i]), NULL, 0);
		compare(inputs[i], strlen(inputs[i]), NULL, 1);
	}
	/* NUL bytes: in an unquoted field, in a quoted one, on a blank line. */
	compare("a,b\n1,x\0y\n", 10, NULL, 0);
	compare("a,b\n1,\"x\0\"\n", 11, NULL, 0);
	compare("a,b\n\0\n1,2\n", 10, NULL, 0);
}

static void
test_csv_fastpath_field_cap(void **state)
{
	tdm_csv_config cfg = {8, 0, NULL, NULL, NULL, NULL};
	static const char *const inputs[] = {
		"a,b\n12345678,1\n",
		"a,b\n123456789,1\n",
		"a,b\n  12345678  ,1\n",
		"a,b\n1,123456789\n",
		"a,b\n1,\"123456789\"\n",
		"a,b\n1,\"1234\n56789\n",
		"a,b\n1,\"123456\n",
		"a,b\n1,\"12345678901234567890\n",
		"a,123456789\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		compare(inputs[i], strlen(inputs[i]), &cfg, 0);
		compare(inputs[i], strlen(inputs[i]), &cfg, 1);
	}
}

static void
test_csv_fastpath_matches_libcsv_on_generated_buffers(void **state)
{
	gen g;
	buf b = {NULL, 0, 0};
	tdm_csv_config cfg = {0, 0, NULL, NULL, NULL, NULL};
	int i;

	(void)state;
	g.r.s = UINT64_C(424242);
	for (i = 0; i < 20000; i++) {
		g.errors = below(&g.r, 4) == 0;
		g.cap = below(&g.r, 2) ? 6 + below(&g.r, 20) : (size_t)1 << 20;
		cfg.max_field = g.cap;
		cfg.allow_empty_corner = below(&g.r, 4) == 0;
		gen_input(&g, &b, below(&g.r, 12));
		compare(b.s, b.n, &cfg, 0);
	}
	free(b.s);
}

/* Files of a few 64 KiB blocks: lines cut by a block end, a CRLF or a
 * quoted field across a boundary, then fast-path lines again. */
static void
test_csv_fastpath_matches_libcsv_on_generated_files(void **state)
{
	gen g;
	buf b = {NULL, 0, 0};
	tdm_csv_config cfg = {0, 0, NULL, NULL, NULL, NULL};
	int i;

	(void)state;
	g.r.s = UINT64_C(777);
	for (i = 0; i < 40; i++) {
		g.errors = i % 4 == 3;
		g.cap = i % 2 ? 30 : (size_t)1 << 20;
		cfg.max_field = g.cap;
		gen_input(&g, &b, 3000 + below(&g.r, 3000));
		compare(b.s, b.n, &cfg, 1);
	}
	free(b.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fastpath_fixed_lines),
		cmocka_unit_test(test_csv_fastpath_field_cap),
		cmocka_unit_test(test_csv_fastpath_matches_libcsv_on_generated_buffers),
		cmocka_unit_test(test_csv_fastpath_matches_libcsv_on_generated_files),
	};
	return cmocka_run_group_tests_name("csv_fastpath", tests, NULL, NULL);
}
