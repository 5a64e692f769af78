/*
 * csv_input.c -- CSV to rows, and rows to options, through libcsv.
 *
 * Owns the streaming reader (blocks from a file or one buffer, split into
 * physical lines so every error can name source:line:field), the checks
 * every row must pass (header names, field count, field cap, no NUL), and
 * the option loader built on it (name column, cell type detection).
 * Tokenising is libcsv's (strict mode), with one exception, the fast path
 * (split_line): a whole line of at most 64 KiB that starts a row and holds
 * no '"' and no NUL is split on ',' here, by libcsv's own rules for such a
 * line (spaces and tabs around a field dropped; a line of only spaces and
 * tabs is no row), so rows and errors are the same either way
 * (tests/unit/test_csv_fastpath.c checks it against libcsv alone).
 * Must not tokenise quoted CSV itself, print, or guess: a ragged row, a
 * stray quote, 'inf' or an out-of-range number is an error with its
 * location, never padded, truncated or coerced.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "engine.h"
#include "util.h"

#define BLOCK_SIZE ((size_t)64 << 10)
#define DEFAULT_MAX_FIELD ((size_t)1 << 20)
/* Longer lines go through libcsv, which holds one field at a time; the
 * fast path holds the whole line. */
#define MAX_FAST_LINE BLOCK_SIZE

/* The reader's state. libcsv reports no positions, so the reader feeds it
 * one physical line (or the piece of one that is in the current block) per
 * csv_parse call: inside the callbacks, `line` is then the line being
 * parsed, and a row can only end at the end of a call. A line that takes
 * the fast path is not fed at all: libcsv stays in its between-rows state,
 * where that line leaves it too. */
typedef struct reader {
	struct csv_parser p;
	const char *source;
	size_t cap;              /* max bytes in one field */
	int empty_corner;        /* header field 1 may be empty */
	void (*ragged)(void *, const tdm_error *); /* report and skip, or NULL */
	void *ragged_ud;
	tdm_csv_row_fn fn;
	tdm__csv_line_fn line_fn; /* offered whole data lines first, or NULL */
	void *ud;
	tdm_error *err;
	tdm_status status;       /* the first failure; callbacks stop after it */

	long line;               /* physical line of the bytes being fed */
	long row_line;           /* line where the current row starts */
	int at_line_start;       /* the next byte fed begins a line */
	int after_cr;            /* the last byte fed was a CR (maybe of CRLF) */
	int at_start;            /* nothing fed yet: a BOM may follow */

	int has_header;
	size_t n_header;         /* fields in the header */
	size_t n_fields;         /* fields seen in the current row */

	/* The current row: field bytes in one arena, reset per row, so a
	 * warmed-up reader allocates nothing per row. */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *offs, *lens;
	const char **ptrs;
	size_t cap_offs, cap_lens, cap_ptrs;
} reader;

static void
reader_init(reader *r, const char *source, const tdm_csv_config *cfg,
            tdm_csv_row_fn fn, void *ud, tdm_error *err)
{
	memset(r, 0, sizeof *r);
	/* csv_init only fills the struct (the buffer is allocated on first
	 * use), so it cannot fail with a valid pointer. */
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	r->source = source;
	r->cap = cfg != NULL && cfg->max_field > 0 ? cfg->max_field
	                                           : DEFAULT_MAX_FIELD;
	r->empty_corner = cfg != NULL && cfg->allow_empty_corner;
	r->ragged = cfg != NULL ? cfg->ragged : NULL;
	r->ragged_ud = cfg != NULL ? cfg->ragged_ud : NULL;
	r->fn = fn;
	r->ud = ud;
	r->err = err;
	r->status = TDM_OK;
	r->line = 1;
	r->row_line = 1;
	r->at_line_start = 1;
	r->at_start = 1;
}

static void
reader_free(reader *r)
{
	csv_free(&r->p);
	free(r->buf);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
}

/* Record the first failure; later ones (from callbacks that libcsv keeps
 * calling until the line ends) are ignored. */
static void
fail(reader *r, tdm_status code, long line, long column, const char *what)
{
	if (r->status != TDM_OK)
		return;
	r->status = tdm_error_set(r->err, code, r->source, line, column, "%s",
	                          what);
}

static void
fail_cap(reader *r, size_t field_no)
{
	char msg[200];

	snprintf(msg, sizeof msg,
	         "field longer than %zu bytes (the cap is %zu bytes per field; "
	         "is a closing quote missing?)",
	         r->cap, r->cap);
	fail(r, TDM_DATA, r->row_line, (long)field_no, msg);
}

/* Names of both fields of the first duplicate header name, in file order:
 * sort (name, index) pairs, then keep the duplicate pair whose second
 * field comes first. 0 if none, -1 on out of memory. */
typedef struct hname {
	const char *s;
	size_t len, idx;
} hname;

static int
hname_cmp(const void *a, const void *b)
{
	const hname *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int
find_duplicate(const char *const *fields, const size_t *lens, size_t n,
               size_t *first, size_t *second)
{
	hname *v;
	size_t i, best = (size_t)-1;

	if (n < 2)
		return 0;
	v = malloc(n * sizeof *v);
	if (v == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].s = fields[i];
		v[i].len = lens[i];
		v[i].idx = i;
	}
	qsort(v, n, sizeof *v, hname_cmp);
	for (i = 1; i < n; i++) {
		/* The first of a run of equal names has the smallest index, so
		 * only the first two of each run matter. */
		if (v[i].len == v[i - 1].len &&
		    memcmp(v[i].s, v[i - 1].s, v[i].len) == 0 &&
		    (i < 2 || v[i - 2].len != v[i].len ||
		     memcmp(v[i - 2].s, v[i].s, v[i].len) != 0) &&
		    v[i].idx < best) {
			best = v[i].idx;
			*first = v[i - 1].idx;
		}
	}
	free(v);
	if (best == (size_t)-1)
		return 0;
	*second = best;
	return 1;
}

static void
check_header(reader *r, const tdm_csv_row *row)
{
	char msg[400];
	size_t i, a, b;
	int dup;

	for (i = 0; i < row->n_fields; i++) {
		if (row->lens[i] == 0 && !(i == 0 && r->empty_corner)) {
			snprintf(msg, sizeof msg,
			         "empty column name in header field %zu (every "
			         "column needs a name)",
			         i + 1);
			fail(r, TDM_DATA, row->line, (long)(i + 1), msg);
			return;
		}
	}
	dup = find_duplicate(row->fields, row->lens, row->n_fields, &a, &b);
	if (dup < 0) {
		r->status = tdm__nomem(r->err);
		return;
	}
	if (dup > 0) {
		snprintf(msg, sizeof msg,
		         "duplicate column name '%.100s' (header fields %zu and %zu)",
		         row->fields[b], a + 1, b + 1);
		fail(r, TDM_DATA, row->line, (long)(b + 1), msg);
	}
}

/* A whole row has been read: check it and hand it to the caller. */
static void
deliver(reader *r)
{
	tdm_csv_row row;
	char msg[200];
	size_t i, n = r->n_fields;

	if (r->has_header && n != r->n_header) {
		snprintf(msg, sizeof msg, "row has %zu field%s, the header has %zu",
		         n, n == 1 ? "" : "s", r->n_header);
		/* Point at the first missing field, or the first extra one. */
		fail(r, TDM_DATA, r->row_line,
		     (long)((n < r->n_header ? n : r->n_header) + 1), msg);
		if (r->ragged != NULL && r->err != NULL && r->status == TDM_DATA) {
			r->ragged(r->ragged_ud, r->err);
			tdm_error_clear(r->err);
			r->status = TDM_OK;
		}
		return;
	}
	for (i = 0; i < n; i++)
		r->ptrs[i] = r->buf + r->offs[i];
	row.fields = r->ptrs;
	row.lens = r->lens;
	row.n_fields = n;
	row.line = r->row_line;
	if (!r->has_header) {
		check_header(r, &row);
		if (r->status != TDM_OK)
			return;
		r->has_header = 1;
		r->n_header = n;
		if (r->fn != NULL)
			r->status = r->fn(r->ud, &row, 1, r->err);
		return;
	}
	if (r->fn != NULL)
		r->status = r->fn(r->ud, &row, 0, r->err);
}

/* Room for n fields in the row's arrays. 0, or -1 on out of memory. */
static int
grow_fields(reader *r, size_t n)
{
	return tdm__grow((void **)&r->offs, &r->cap_offs, n, sizeof *r->offs) ||
	       tdm__grow((void **)&r->lens, &r->cap_lens, n, sizeof *r->lens) ||
	       tdm__grow((void **)&r->ptrs, &r->cap_ptrs, n, sizeof *r->ptrs)
	           ? -1
	           : 0;
}

/* Append a finished field (already checked against the cap and for NUL)
 * to the current row: a copy, since libcsv reuses its buffer and the
 * reader its block. 0, or -1 with the status set. */
static int
keep_field(reader *r, const char *s, size_t len)
{
	size_t i = r->n_fields;

	r->n_fields++;
	/* Extra fields of a data row are counted for the error, not kept: a
	 * runaway row cannot grow the arrays past the header's width. */
	if (r->has_header && i >= r->n_header)
		return 0;
	/* The capacity tests are inline: this runs once per field. */
	if (((i >= r->cap_offs || i >= r->cap_lens || i >= r->cap_ptrs) &&
	     grow_fields(r, i + 1)) ||
	    (r->buf_cap - r->buf_len <= len &&
	     tdm__grow((void **)&r->buf, &r->buf_cap, r->buf_len + len + 1, 1))) {
		r->status = tdm__nomem(r->err);
		return -1;
	}
	if (len > 0)
		memcpy(r->buf + r->buf_len, s, len);
	r->buf[r->buf_len + len] = '\0';
	r->offs[i] = r->buf_len;
	r->lens[i] = len;
	r->buf_len += len + 1;
	return 0;
}

/* libcsv field callback. */
static void
on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	char msg[200];
	size_t i = r->n_fields;

	if (r->status != TDM_OK)
		return;
	if (len > r->cap) {
		fail_cap(r, i + 1);
		return;
	}
	if (len > 0 && memchr(s, '\0', len) != NULL) {
		snprintf(msg, sizeof msg,
		         "field contains a NUL byte (is this a binary file, or "
		         "UTF-16?)");
		fail(r, TDM_DATA, r->row_line, (long)(i + 1), msg);
		return;
	}
	keep_field(r, s, len);
}

/* libcsv row callback (c is the terminator, -1 from csv_fini). */
static void
on_row(int c, void *data)
{
	reader *r = data;

	(void)c;
	if (r->status == TDM_OK)
		deliver(r);
	r->n_fields = 0;
	r->buf_len = 0;
}

/* Feed one piece of at most one physical line to libcsv. */
static int
feed(reader *r, const char *s, size_t n)
{
	char msg[300];
	size_t done = csv_parse(&r->p, s, n, on_field, on_row, r);
	size_t field_no = r->n_fields + 1;

	if (r->status != TDM_OK)
		return -1;
	if (done < n) {
		switch (csv_error(&r->p)) {
		case CSV_EPARSE:
			/* libcsv stops at the offending byte. A quote in an
			 * unquoted field, or anything but a delimiter, spaces or a
			 * line end after a closing quote. The line is the physical
			 * line of that byte: that is where to look. */
			if (!r->p.quoted)
				snprintf(msg, sizeof msg,
				         "malformed quoting in field %zu: a '\"' inside "
				         "an unquoted field (quote the whole field and "
				         "double the quote: \"a\"\"b\")",
				         field_no);
			else if ((unsigned char)s[done] >= 0x20 &&
			         (unsigned char)s[done] < 0x7f)
				snprintf(msg, sizeof msg,
				         "malformed quoting in field %zu: '%c' after the "
				         "closing quote (a '\"' inside a quoted field "
				         "must be doubled)",
				         field_no, s[done]);
			else
				snprintf(msg, sizeof msg,
				         "malformed quoting in field %zu: byte 0x%02X "
				         "after the closing quote (a '\"' inside a quoted "
				         "field must be doubled)",
				         field_no, (unsigned)(unsigned char)s[done]);
			fail(r, TDM_DATA, r->line, (long)field_no, msg);
			break;
		case CSV_ENOMEM:
			r->status = tdm__nomem(r->err);
			break;
		default:
			snprintf(msg, sizeof msg, "CSV parser: %s",
			         csv_strerror(csv_error(&r->p)));
			fail(r, TDM_DATA, r->line, (long)field_no, msg);
			break;
		}
		return -1;
	}
	/* A field still open after this piece: stop it growing past the cap
	 * (a missing closing quote would otherwise swallow the whole file).
	 * entry_pos may still hold trailing spaces and a closing quote that
	 * libcsv drops when the field ends, hence the slack; the exact check
	 * is on the finished field. */
	if (r->p.entry_pos > r->cap && r->p.entry_pos - r->cap > r->p.spaces + 1) {
		fail_cap(r, field_no);
		return -1;
	}
	return 0;
}

/* The next byte c in [s, end), or NULL, through a cache of the last
 * answer: a block is scanned for each byte value about once, not once
 * per line (lines are short, memchr calls are not free, and a file of
 * bare-CR lines would otherwise be rescanned for LF on every line). */
typedef struct scan {
	const char *at;
	int known;
} scan;

static const char *
scan_next(scan *sc, int c, const char *s, const char *end)
{
	if (!sc->known || (sc->at != NULL && sc->at < s)) {
		sc->at = memchr(s, c, (size_t)(end - s));
		sc->known = 1;
	}
	return sc->at;
}

/* The fast path: split the physical line [s, eol) (eol is its line end)
 * into the row, without libcsv. Only for a line that holds no '"' and no
 * NUL and starts while no row is pending (libcsv would be in its
 * ROW_NOT_BEGUN state). For such a line libcsv, in the reader's mode
 * (strict, default space and terminator sets), does exactly this: a field
 * ends at each ',' and the row at the line end; spaces and tabs around an
 * unquoted field are dropped (leading ones skipped, trailing ones
 * trimmed); a line of nothing but spaces and tabs is no row at all. The
 * same field checks (cap, count against the header) and the same
 * delivery follow, so rows and errors are those of the libcsv path;
 * tests/unit/test_csv_fastpath.c compares the two. */
static int
split_line(reader *r, const char *s, const char *eol)
{
	const char *p = s;
	char *dst, *f, *t, c;
	size_t i, len, n = (size_t)(eol - s);

	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	if (p == eol)
		return 0; /* blank: libcsv reports no row */
	/* The fields with their NULs fit in the line's bytes plus one (each
	 * ',' makes room for the NUL before it): one room check per line. The
	 * caller bounds n, so a runaway line cannot grow the arena. */
	if (r->buf_cap <= n &&
	    tdm__grow((void **)&r->buf, &r->buf_cap, n + 1, 1)) {
		r->status = tdm__nomem(r->err);
		return -1;
	}
	dst = r->buf; /* no row is pending: the arena is empty */
	for (;;) {
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		/* Copy up to the ',' or the line end; t: one past the last
		 * copied byte that is not a space or a tab. */
		for (f = t = dst; p < eol && (c = *p) != ','; p++) {
			*dst++ = c;
			if (c != ' ' && c != '\t')
				t = dst;
		}
		*t = '\0';
		dst = t + 1;
		len = (size_t)(t - f);
		if (len > r->cap) {
			fail_cap(r, r->n_fields + 1);
			break;
		}
		/* As keep_field: extra fields of a data row are only counted. */
		i = r->n_fields++;
		if (!r->has_header || i < r->n_header) {
			if ((i >= r->cap_offs || i >= r->cap_lens ||
			     i >= r->cap_ptrs) &&
			    grow_fields(r, i + 1)) {
				r->status = tdm__nomem(r->err);
				break;
			}
			r->offs[i] = (size_t)(f - r->buf);
			r->lens[i] = len;
		}
		if (p == eol)
			break;
		p++; /* the ',' */
	}
	if (r->status == TDM_OK)
		deliver(r);
	r->n_fields = 0;
	r->buf_len = 0;
	return r->status == TDM_OK ? 0 : -1;
}

/* Feed a block, split into physical lines. A line ends at LF, CRLF or a
 * bare CR (libcsv ends rows at each of them too); a CRLF split across two
 * blocks counts once. A whole line without quotes or NUL that starts a
 * row takes the fast path (split_line); any other line, and the piece of
 * a line cut by the end of the block, goes through libcsv. */
static int
feed_block(reader *r, const char *s, size_t n)
{
	const char *end = s + n, *nl, *cr, *eol, *q, *z;
	scan nls = {NULL, 0}, crs = {NULL, 0}, qs = {NULL, 0}, zs = {NULL, 0};
	size_t len;
	int fresh;

	if (r->at_start) {
		r->at_start = 0;
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
	}
	while (s < end) {
		if (r->after_cr) {
			r->after_cr = 0;
			if (*s == '\n') {
				if (feed(r, s, 1))
					return -1;
				s++;
				continue;
			}
		}
		fresh = 0;
		if (r->at_line_start) {
			r->at_line_start = 0;
			/* Nothing of a row is pending: whatever starts a row from
			 * here on starts it on this line. (A blank line leaves this
			 * true, so the next line takes over.) */
			if (r->n_fields == 0 && r->p.entry_pos == 0 && !r->p.quoted) {
				r->row_line = r->line;
				fresh = 1;
			}
		}
		nl = scan_next(&nls, '\n', s, end);
		cr = scan_next(&crs, '\r', s, end);
		eol = cr != NULL && (nl == NULL || cr < nl) ? cr : nl;
		if (eol == NULL) {
			/* The line goes on in the next block. */
			return feed(r, s, (size_t)(end - s));
		}
		len = (size_t)(eol - s) + 1;
		if (*eol == '\r') {
			if (eol + 1 == end)
				r->after_cr = 1;
			else if (eol[1] == '\n')
				len++;
		}
		if (fresh && (size_t)(eol - s) <= MAX_FAST_LINE &&
		    ((q = scan_next(&qs, '"', s, end)) == NULL || q > eol) &&
		    ((z = scan_next(&zs, '\0', s, end)) == NULL || z > eol)) {
			int took = 0;
			if (r->line_fn != NULL && r->has_header &&
			    (r->status = r->line_fn(r->ud, s, (size_t)(eol - s),
			                            r->row_line, &took, r->err)) !=
			        TDM_OK)
				return -1;
			if (!took && split_line(r, s, eol))
				return -1;
		} else if (feed(r, s, len)) {
			return -1;
		}
		s += len;
		r->line++;
		r->at_line_start = 1;
	}
	return 0;
}

static tdm_status
reader_finish(reader *r)
{
	char msg[200];

	if (csv_fini(&r->p, on_field, on_row, r) != 0 && r->status == TDM_OK) {
		if (csv_error(&r->p) == CSV_EPARSE) {
			snprintf(msg, sizeof msg,
			         "unterminated quoted field: the quote opened in field "
			         "%zu is never closed",
			         r->n_fields + 1);
			fail(r, TDM_DATA, r->row_line, (long)(r->n_fields + 1), msg);
		} else {
			r->status = tdm__nomem(r->err);
		}
	}
	if (r->status != TDM_OK)
		return r->status;
	if (!r->has_header)
		return tdm_error_set(r->err, TDM_DATA, r->source, 0, 0,
		                     "empty file: no header row");
	return TDM_OK;
}

tdm_status
tdm_csv_stream_buffer(const char *source, const char *data, size_t len,
                      const tdm_csv_config *cfg, tdm_csv_row_fn fn, void *ud,
                      tdm_error *err)
{
	reader r;
	tdm_status st;

	reader_init(&r, source, cfg, fn, ud, err);
	if (len > 0 && feed_block(&r, data, len)) {
		st = r.status;
		goto out;
	}
	st = reader_finish(&r);
out:
	reader_free(&r);
	return st;
}

tdm_status
tdm_csv_stream_file(const char *path, const tdm_csv_config *cfg,
                    tdm_csv_row_fn fn, void *ud, tdm_error *err)
{
	return tdm__csv_stream_lines(path, cfg, NULL, fn, ud, err);
}

tdm_status
tdm__csv_stream_lines(const char *path, const tdm_csv_config *cfg,
                      tdm__csv_line_fn line, tdm_csv_row_fn fn, void *ud,
                      tdm_error *err)
{
	reader r;
	FILE *fp = NULL;
	char *block = NULL;
	size_t n;
	unsigned long long read_bytes = 0;
	tdm_status st;

	reader_init(&r, path, cfg, fn, ud, err);
	r.line_fn = line;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		st = tdm_error_set(err, TDM_IO, path, 0, 0, "cannot open: %s",
		                   strerror(errno));
		goto out;
	}
	block = malloc(BLOCK_SIZE);
	if (block == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	for (;;) {
		n = fread(block, 1, BLOCK_SIZE, fp);
		if (n > 0 && feed_block(&r, block, n)) {
			st = r.status;
			goto out;
		}
		read_bytes += n;
		if (cfg != NULL && cfg->progress != NULL)
			cfg->progress(cfg->progress_ud, read_bytes,
			              (unsigned long long)(r.line - 1));
		if (n < BLOCK_SIZE) {
			if (ferror(fp)) {
				st = tdm_error_set(err, TDM_IO, path, 0, 0,
				                   "read error: %s", strerror(errno));
				goto out;
			}
			break;
		}
	}
	st = reader_finish(&r);
out:
	free(block);
	if (fp != NULL)
		fclose(fp);
	reader_free(&r);
	return st;
}

/* ------------------------------------------------------------------------
 * Options from a CSV
 * --------------------------------------------------------------------- */

typedef struct loader {
	tdm_model *m;
	const char *source;
	int source_id;
	size_t name_col;
	long *attr_ids;      /* per column; -1 for the name column */
	size_t n_cols;
} loader;

/* 0 if s is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), else the 1-based offset of the first bad byte. */
static size_t
utf8_bad_at(const unsigned char *s, size_t len)
{
	size_t i = 0, k, n;
	unsigned long cp, min;
	unsigned long long w;

	unsigned char any = 0;

	/* Most cells are short and all ASCII: one pass with no branch per
	 * byte says so; then eight bytes at a time up to the first high bit. */
	for (k = 0; k < len; k++)
		any |= s[k];
	if (!(any & 0x80))
		return 0;
	while (len - i >= 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F, min = 0x80;
		else if ((c & 0xF0) == 0xE0)
			n = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07, min = 0x10000;
		else
			return i + 1;
		if (len - i - 1 < n)
			return i + 1;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i + 1;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i + 1;
		i += n + 1;
	}
	return 0;
}

tdm_status
tdm__csv_check_utf8(const char *source, const tdm_csv_row *row, size_t col,
                    tdm_error *err)
{
	size_t at = utf8_bad_at((const unsigned char *)row->fields[col],
	                        row->lens[col]);

	if (at == 0)
		return TDM_OK;
	return tdm_error_set(err, TDM_DATA, source, row->line, (long)(col + 1),
	                     "invalid UTF-8: byte 0x%02X at byte %zu of the field "
	                     "(save the file as UTF-8)",
	                     (unsigned)(unsigned char)row->fields[col][at - 1],
	                     at);
}

static tdm_status
check_utf8(const loader *ld, const tdm_csv_row *row, size_t col,
           tdm_error *err)
{
	return tdm__csv_check_utf8(ld->source, row, col, err);
}

/* nan, inf, infinity with an optional sign, in any case: strtod would
 * take them, people write them, and they are not values we can rank. */
static int
is_nonfinite_word(const char *s, size_t len)
{
	static const char *const words[] = {"nan", "inf", "infinity"};
	size_t i, k;

	if (len > 0 && (s[0] == '+' || s[0] == '-'))
		s++, len--;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i]) != len)
			continue;
		for (k = 0; k < len; k++) {
			char c = s[k];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != words[i][k])
				break;
		}
		if (k == len)
			return 1;
	}
	return 0;
}

/* A cell for a message: at most 40 bytes, then "...". Only used for cells
 * of ASCII text (number-like), so a cut cannot split a character. */
static const char *
excerpt(const char *s, size_t len, char *buf, size_t size)
{
	if (len <= 40)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.40s...", s);
	return buf;
}

size_t
tdm__csv_name_column(const tdm_csv_row *header)
{
	size_t i, col = 0;
	int has_name = 0;

	for (i = 0; i < header->n_fields; i++) {
		if (strcmp(header->fields[i], "option") == 0)
			return i;
		if (!has_name && strcmp(header->fields[i], "name") == 0) {
			col = i;
			has_name = 1;
		}
	}
	return col;
}

static tdm_status
load_header(loader *ld, const tdm_csv_row *row, tdm_error *err)
{
	size_t i;
	tdm_status st;

	for (i = 0; i < row->n_fields; i++)
		if ((st = check_utf8(ld, row, i, err)) != TDM_OK)
			return st;
	ld->source_id =
		tdm_model_source(ld->m, ld->source != NULL ? ld->source : "");
	if (ld->source_id < 0)
		return tdm__nomem(err);
	ld->name_col = tdm__csv_name_column(row);
	ld->attr_ids = malloc(row->n_fields * sizeof *ld->attr_ids);
	if (ld->attr_ids == NULL)
		return tdm__nomem(err);
	ld->n_cols = row->n_fields;
	for (i = 0; i < row->n_fields; i++) {
		ld->attr_ids[i] = -1;
		if (i == ld->name_col)
			continue;
		ld->attr_ids[i] = tdm_model_attr(ld->m, row->fields[i], 1);
		if (ld->attr_ids[i] < 0)
			return tdm__nomem(err);
	}
	return TDM_OK;
}

/* A cell "lo..hi" whose part before ".." is a number is a range: both
 * parts must be numbers (tdm_parse_number) with lo < hi, else an error at
 * its line:field. Returns 1 with *v filled for a range, -1 with err
 * filled, or 0 when the cell is not a range ("abc..def" stays a string). */
static int
read_range(const char *source, const tdm_csv_row *row, size_t col,
           tdm_value *v, tdm_error *err)
{
	const char *s = row->fields[col], *dots;
	size_t len = row->lens[col], left;
	double lo, hi;
	char ex[48];
	int a, b;

	for (dots = s; dots + 1 < s + len; dots++)
		if (dots[0] == '.' && dots[1] == '.')
			break;
	if (dots + 1 >= s + len)
		return 0;
	left = (size_t)(dots - s);
	if ((a = tdm_parse_number(s, left, &lo)) == 0)
		return 0;
	b = tdm_parse_number(dots + 2, len - left - 2, &hi);
	if (a < 0 || b != 1 || !(lo < hi)) {
		tdm_error_set(err, TDM_DATA, source, row->line, (long)(col + 1),
		              "not a range: '%s' (a range is lo..hi, two numbers "
		              "with lo < hi, as in 1500..2500)",
		              excerpt(s, len, ex, sizeof ex));
		return -1;
	}
	v->type = TDM_VAL_RANGE;
	v->as.range.lo = lo;
	v->as.range.hi = hi;
	return 1;
}

tdm_status
tdm__csv_cell(const char *source, const tdm_csv_row *row, size_t col,
              tdm_value *v, tdm_error *err)
{
	const char *s = row->fields[col];
	size_t len = row->lens[col];
	char ex[48];
	tdm_status st;
	int rc;

	memset(v, 0, sizeof *v);
	if ((st = tdm__csv_check_utf8(source, row, col, err)) != TDM_OK)
		return st;
	if (len == 0)
		return TDM_OK; /* missing, never 0 */
	v->column = (int)(col + 1);
	/* The common case first: a plain number. */
	if ((rc = tdm_parse_number(s, len, &v->as.num)) == 1) {
		v->type = TDM_VAL_NUMBER;
		return TDM_OK;
	}
	if (is_nonfinite_word(s, len))
		return tdm_error_set(err, TDM_DATA, source, row->line,
		                     (long)(col + 1),
		                     "not a finite number: '%s' (leave the cell "
		                     "empty for a missing value)",
		                     excerpt(s, len, ex, sizeof ex));
	if (rc < 0)
		return tdm_error_set(err, TDM_DATA, source, row->line,
		                     (long)(col + 1),
		                     "number out of range: '%s' (larger than a "
		                     "double can hold)",
		                     excerpt(s, len, ex, sizeof ex));
	if ((rc = read_range(source, row, col, v, err)) < 0)
		return TDM_DATA;
	if (rc == 0) {
		/* Not a number ("12abc" too): a string. A criterion that needs
		 * a number rejects it later, naming this column. The row's
		 * bytes are lent: whoever keeps the value copies them. */
		v->type = TDM_VAL_STRING;
		v->as.str = (char *)s;
	}
	return TDM_OK;
}

static tdm_status
load_cell(loader *ld, const tdm_csv_row *row, size_t opt, size_t col,
          tdm_error *err)
{
	tdm_value v;
	tdm_status st;

	if ((st = tdm__csv_cell(ld->source, row, col, &v, err)) != TDM_OK ||
	    v.type == TDM_VAL_MISSING)
		return st;
	return tdm_model_set_value(ld->m, opt, (size_t)ld->attr_ids[col], &v,
	                           err);
}

static tdm_status
load_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	loader *ld = ud;
	size_t i, opt, nc = ld->name_col;
	tdm_status st;

	if (is_header)
		return load_header(ld, row, err);
	if ((st = check_utf8(ld, row, nc, err)) != TDM_OK)
		return st;
	if (row->lens[nc] == 0)
		return tdm_error_set(err, TDM_DATA, ld->source, row->line,
		                     (long)(nc + 1), "empty option name");
	st = tdm_model_add_option(ld->m, row->fields[nc], ld->source_id,
	                          row->line, &opt, err);
	if (st != TDM_OK) {
		/* The model names the row; point at the name cell too. */
		if (err != NULL && st == TDM_DATA)
			err->column = (long)(nc + 1);
		return st;
	}
	for (i = 0; i < row->n_fields; i++) {
		if (i == nc)
			continue;
		if ((st = load_cell(ld, row, opt, i, err)) != TDM_OK)
			return st;
	}
	return TDM_OK;
}

static tdm_status
load_options(tdm_model *m, const char *source, const char *data, size_t len,
             int from_file, const tdm_csv_config *cfg, tdm_error *err)
{
	loader ld;
	tdm_status st;

	memset(&ld, 0, sizeof ld);
	ld.m = m;
	ld.source = source;
	ld.source_id = -1;
	if (from_file)
		st = tdm_csv_stream_file(source, cfg, load_row, &ld, err);
	else
		st = tdm_csv_stream_buffer(source, data, len, cfg, load_row, &ld,
		                           err);
	free(ld.attr_ids);
	return st;
}

tdm_status
tdm_csv_load_options(tdm_model *m, const char *path,
                     const tdm_csv_config *cfg, tdm_error *err)
{
	return load_options(m, path, NULL, 0, 1, cfg, err);
}

tdm_status
tdm_csv_load_options_buffer(tdm_model *m, const char *source,
                            const char *data, size_t len,
                            const tdm_csv_config *cfg, tdm_error *err)
{
	return load_options(m, source, data, len, 0, cfg, err);
}
