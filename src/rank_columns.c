/*
 * rank_columns.c -- `rank` of a large CSV of plain numbers, from columns.
 *
 * Owns tdm_rank_columns: read the CSV into one array per criterion and
 * one arena of names, normalise and score those arrays with the
 * functions the scorer calls, rank them by rank.c's sort and tie rule
 * (tdm__rank_in_order), and write the CSV ranking from the arrays -- no
 * model option and no result per row -- on tdm_threads() threads. It
 * takes only inputs for which the general path (tdm_evaluate, then
 * tdm_render as CSV) attaches nothing to a row but its rank, score and
 * verdict, and then writes the general path's bytes; for any other input
 * it declines before writing anything, and the caller takes the general
 * path, which gives the answer or the error (doc/design/rank-columns.md
 * lists the conditions and why each).
 *
 * Must not render anything but through render_csv.c's head and row
 * writers, and must not decide anything the general path decides
 * differently: every rule it applies is the general path's own function,
 * but for reading a plain line, which must take exactly what the CSV
 * reader takes from it, to the same bits (decimal.h for numbers;
 * tests/scale/rank-columns.sh compares the two on the same files).
 */
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decimal.h"
#include "engine.h"
#include "render.h"
#include "tdm.h"
#include "util.h"

/* Built with -DTDM_PHASE_TIMES, each phase's wall time on stderr (the
 * figures of doc/design/rank-columns.md); else nothing. */
#ifdef TDM_PHASE_TIMES
#include <stdio.h>
#include <time.h>
static void
phase(const char *name)
{
	static double t0;
	struct timespec t;
	double now;

	clock_gettime(CLOCK_MONOTONIC, &t);
	now = (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
	if (name != NULL)
		fprintf(stderr, "%-8s %.3f\n", name, now - t0);
	t0 = now;
}
#define PHASE(name) phase(name)
#else
#define PHASE(name) ((void)0)
#endif

/* Methods whose result has nothing beyond scores (no extra columns, no
 * compromise set, no parameters line). */
static const char *const plain_methods[] = {"wsm", "wpm", "topsis", "moora",
                                            NULL};

/* A name's place: its offset in the arena of names (below 1 TiB) and
 * its length (below 16 MiB; longer declines) in one word, one fetch per
 * row when the rows are written in rank order. */
#define NAME_SHIFT 40
#define NAME_OFF_MAX ((UINT64_C(1) << NAME_SHIFT) - 1)
#define NAME_LEN_MAX ((UINT64_C(1) << (64 - NAME_SHIFT)) - 1)
#define NAME_AT(off, len) ((uint64_t)(off) | (uint64_t)(len) << NAME_SHIFT)
#define NAME_OFF(at) ((size_t)((at) & NAME_OFF_MAX))
#define NAME_LEN(at) ((size_t)((at) >> NAME_SHIFT))

typedef struct {
	const char *path;
	size_t k;                 /* criteria */
	const tdm_model *m;
	long *col_crit;           /* header column -> criterion, -1 other */
	size_t n_cols, name_col;
	double *x;                /* x[c * cap + i] */
	size_t n, cap;
	size_t want;              /* rows expected (the first allocation) */
	/* name i: NAME_LEN(name_at[i]) bytes at names +
	 * NAME_OFF(name_at[i]); names_len and names_cap: the CSV reader's
	 * use of the arena (the line reading gives each part its room) */
	uint64_t *name_at;        /* offset | length << NAME_SHIFT */
	uint64_t *hash;           /* of each name, when the reading took it */
	char *names;
	size_t names_len, names_cap;
	tdm_progress_fn progress;
	void *progress_ud;
	double bytes_per_row;     /* for progress: rows -> bytes */
} columns;

static void
columns_free(columns *c)
{
	free(c->col_crit);
	free(c->x);
	free(c->name_at);
	free(c->hash);
	free(c->names);
}

static void
report(const columns *c, size_t rows)
{
	c->progress(c->progress_ud,
	            (unsigned long long)((double)rows * c->bytes_per_row),
	            (unsigned long long)rows);
}

/* ------------------------------------------------------------------------
 * Reading through the CSV reader (any file)
 * --------------------------------------------------------------------- */

/* Room for one more row: the matrix doubles, each column moving to its
 * new place (the last first, as they only move up). 0 if out of memory. */
static int
grow_rows(columns *c)
{
	size_t cap = c->cap ? 2 * c->cap : c->want ? c->want : 4096, j;
	double *x;
	uint64_t *at;

	if (cap > SIZE_MAX / sizeof *x / (c->k ? c->k : 1))
		return 0;
	if ((x = realloc(c->x, cap * c->k * sizeof *x)) == NULL)
		return 0;
	c->x = x;
	for (j = c->k; j-- > 1;)
		memmove(x + j * cap, x + j * c->cap, c->n * sizeof *x);
	if ((at = realloc(c->name_at, cap * sizeof *at)) == NULL)
		return 0;
	c->name_at = at;
	c->cap = cap;
	return 1;
}

static int
add_name(columns *c, const char *s, size_t len)
{
	if (c->names_len + len > c->names_cap) {
		size_t cap = c->names_cap ? c->names_cap : 65536;
		char *p;
		while (cap < c->names_len + len)
			cap *= 2;
		if ((p = realloc(c->names, cap)) == NULL)
			return 0;
		c->names = p;
		c->names_cap = cap;
	}
	memcpy(c->names + c->names_len, s, len);
	c->name_at[c->n] = NAME_AT(c->names_len, len);
	c->names_len += len;
	return 1;
}

/* The header: every field valid UTF-8 (the loader's rule), each criterion
 * a column other than the names'. */
static tdm_status
take_header(columns *c, const tdm_csv_row *row, tdm_error *err)
{
	size_t i, j;

	for (i = 0; i < row->n_fields; i++)
		if (tdm__csv_check_utf8(c->path, row, i, err) != TDM_OK)
			return TDM_DATA;
	c->name_col = tdm__csv_name_column(row);
	c->n_cols = row->n_fields;
	if ((c->col_crit = malloc(row->n_fields * sizeof *c->col_crit)) == NULL)
		return tdm__nomem(err);
	for (i = 0; i < row->n_fields; i++)
		c->col_crit[i] = -1;
	for (j = 0; j < c->k; j++) {
		for (i = 0; i < row->n_fields; i++)
			if (i != c->name_col &&
			    strcmp(row->fields[i], c->m->criteria[j].name) == 0)
				break;
		if (i == row->n_fields)
			return TDM_DATA; /* no column: the general path says so */
		c->col_crit[i] = (long)j;
	}
	return TDM_OK;
}

/* One row: the loader's cell rule for every cell; a criterion's cell must
 * be a plain number, a name non-empty. Anything else declines (TDM_DATA
 * without a message: the general path reads the file again and gives
 * it). */
static tdm_status
take_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	columns *c = ud;
	size_t i, nc;
	tdm_value v;

	if (is_header)
		return take_header(c, row, err);
	nc = c->name_col;
	if (row->n_fields != c->n_cols ||
	    tdm__csv_check_utf8(c->path, row, nc, err) != TDM_OK ||
	    row->lens[nc] == 0 || row->lens[nc] > NAME_LEN_MAX ||
	    c->names_len + row->lens[nc] > NAME_OFF_MAX)
		return TDM_DATA;
	if (c->n == c->cap && !grow_rows(c))
		return tdm__nomem(err);
	for (i = 0; i < row->n_fields; i++) {
		double num;
		if (i == nc)
			continue;
		/* A criterion's cell is a number for tdm__csv_cell exactly when
		 * tdm_parse_number takes it (which it tries first; a number is
		 * ASCII, so valid UTF-8); anything else declines. */
		if (c->col_crit[i] >= 0) {
			if (tdm_parse_number(row->fields[i], row->lens[i], &num) != 1)
				return TDM_DATA;
			c->x[(size_t)c->col_crit[i] * c->cap + c->n] = num;
		} else if (tdm__csv_cell(c->path, row, i, &v, err) != TDM_OK) {
			return TDM_DATA;
		}
	}
	if (!add_name(c, row->fields[nc], row->lens[nc]))
		return tdm__nomem(err);
	c->n++;
	if (c->progress != NULL && (c->n & 0xffff) == 0)
		report(c, c->n);
	return TDM_OK;
}

/* The whole file through tdm_csv_stream_file; the matrix then at its
 * final stride. */
static tdm_status
read_with_reader(columns *c, tdm_error *err)
{
	tdm_error scratch;
	tdm_status s;
	size_t j;

	s = tdm_csv_stream_file(c->path, NULL, take_row, c, &scratch);
	if (s != TDM_OK)
		return s == TDM_NOMEM ? tdm__nomem(err) : TDM_DATA;
	for (j = 1; j < c->k; j++)
		memmove(c->x + j * c->n, c->x + j * c->cap, c->n * sizeof *c->x);
	c->cap = c->n;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Reading line by line from the mapped file, in parts on threads
 * --------------------------------------------------------------------- */

/* A file without a quote, a carriage return or a NUL byte, whose columns
 * are the names and the criteria, has a row per line: for such a line
 * the CSV reader (csv_input.c, split_line) ends a field at each ',' and
 * drops spaces and tabs around it, skips a line of nothing but spaces and
 * tabs, and refuses a field over 1 MiB or a row with another number of
 * fields. The parts below do exactly that on the mapped bytes, without
 * copying a field: numbers go straight into the matrix, names stay in
 * the file (offsets), and each name's hash is taken while it is in the
 * cache. The file is cut at newlines into one part per thread (a part at
 * least PART_MIN_BYTES); each part's rows are counted first (newlines),
 * so every part writes its own rows of one matrix allocated once. Any
 * line the reader would take differently declines. The header line goes
 * through the CSV reader itself (take_header). */
#define PART_MIN_BYTES (1u << 20)
#define MAX_PARTS 8
#define FIELD_CAP ((size_t)1 << 20) /* the reader's default cap */

typedef struct {
	columns *c;
	const char *from, *to;    /* whole lines */
	size_t base, max;         /* its rows: base .. base + max at most */
	size_t n;                 /* rows read */
	int bad;                  /* a line the fast reading does not take */
	int special;              /* survey: a '"', CR or NUL in the part */
	char *names;              /* where its next name is copied */
	size_t scale;             /* > 0: reports progress, its rows times
	                           * scale (the parts) as all rows */
} part;

/* FNV-1a over the name's bytes, then the high bits folded down (the
 * table's index is the low bits). */
#define HASH_START UINT64_C(14695981039346656037)
#define HASH_STEP(h, ch) (((h) ^ (unsigned char)(ch)) * UINT64_C(1099511628211))
#define HASH_END(h) ((h) ^ ((h) >> 29))

static uint64_t
name_hash(const char *s, size_t len)
{
	uint64_t h = HASH_START;
	size_t q;

	for (q = 0; q < len; q++)
		h = HASH_STEP(h, s[q]);
	return HASH_END(h);
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* A name: not empty, valid UTF-8 (ASCII is). */
static int
name_ok(const columns *c, const char *s, size_t len)
{
	const char *fields[1];
	size_t lens[1], i;
	tdm_csv_row row;
	tdm_error scratch;

	if (len == 0)
		return 0;
	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len)
		return 1;
	fields[0] = s;
	lens[0] = len;
	row.fields = fields;
	row.lens = lens;
	row.n_fields = 1;
	row.line = 0;
	return tdm__csv_check_utf8(c->path, &row, 0, &scratch) == TDM_OK;
}

/* The line at s the quick way, in one pass: an ASCII name without
 * spaces around it, and numbers that tdm__scan_decimal takes, each
 * followed by its comma (the last by the end of the line). The row is
 * stored (name, hash, values) and the next line's start returned; NULL
 * when the line needs read_lines' careful reading (a blank line, spaces
 * around a field, a sign '+', an exponent, a long number, a name not in
 * ASCII, a field too many or too few, a bad cell), which decides it
 * anew. */
static const char *
quick_line(columns *c, part *p, const char *s, const char *end, size_t row,
           size_t stride)
{
	size_t col, name_len = 0;

	for (col = 0; col < c->n_cols; col++) {
		if (col == c->name_col) {
			const char *f = s;
			uint64_t h = HASH_START;
			unsigned bits = 0;
			for (; s < end && *s != ',' && *s != '\n'; s++) {
				h = HASH_STEP(h, *s);
				bits |= (unsigned char)*s;
			}
			name_len = (size_t)(s - f);
			if (name_len == 0 || name_len > FIELD_CAP || bits >= 0x80 ||
			    is_blank(f[0]) || is_blank(s[-1]))
				return NULL;
			/* copied, but kept only with the line: a line declined
			 * here is read again and its name copied again, to the
			 * same place (the part's room holds each name once) */
			memcpy(p->names, f, name_len);
			c->name_at[row] =
				NAME_AT((size_t)(p->names - c->names), name_len);
			c->hash[row] = HASH_END(h);
		} else {
			double v;
			if ((s = tdm__scan_decimal(s, end, &v)) == NULL)
				return NULL;
			c->x[(size_t)c->col_crit[col] * stride + row] = v;
		}
		if (col + 1 < c->n_cols) {
			if (s == end || *s != ',')
				return NULL;
			s++;
		} else if (s < end && *s != '\n') {
			return NULL;
		}
	}
	p->names += name_len;
	return s < end ? s + 1 : end;
}

static void
read_lines(part *p)
{
	columns *c = p->c;
	const char *s = p->from, *end = p->to;
	size_t row = p->base, limit = p->base + p->max, stride = c->cap;

	while (s < end && !p->bad) {
		const char *eol, *f = s;
		size_t col = 0;
		if (row < limit &&
		    (eol = quick_line(c, p, s, end, row, stride)) != NULL) {
			s = eol;
			goto next;
		}
		if ((eol = memchr(s, '\n', (size_t)(end - s))) == NULL)
			eol = end;
		while (f < eol && is_blank(*f))
			f++;
		if (f == eol) { /* a blank line: no row */
			s = eol + 1;
			continue;
		}
		if (row == limit) {
			p->bad = 1;
			break;
		}
		for (f = s;; f++) {
			const char *a = f, *b;
			while (a < eol && is_blank(*a))
				a++;
			for (f = a; f < eol && *f != ','; f++)
				;
			for (b = f; b > a && is_blank(b[-1]); b--)
				;
			if ((size_t)(b - a) > FIELD_CAP || col >= c->n_cols) {
				p->bad = 1;
				break;
			}
			if (col == c->name_col) {
				if (!name_ok(c, a, (size_t)(b - a))) {
					p->bad = 1;
					break;
				}
				memcpy(p->names, a, (size_t)(b - a));
				c->name_at[row] = NAME_AT(
					(size_t)(p->names - c->names), (size_t)(b - a));
				p->names += b - a;
				c->hash[row] = name_hash(a, (size_t)(b - a));
			} else if (tdm_parse_number(a, (size_t)(b - a),
			                            &c->x[(size_t)c->col_crit[col] *
			                                      stride + row]) != 1) {
				p->bad = 1;
				break;
			}
			col++;
			if (f == eol)
				break;
		}
		if (!p->bad && col != c->n_cols)
			p->bad = 1;
		s = eol + 1;
	next:
		row++;
		if (p->scale > 0 && c->progress != NULL &&
		    ((row - p->base) & 0xffff) == 0)
			report(c, (row - p->base) * p->scale);
	}
	p->n = row - p->base;
}

/* Lines in [s, end): newlines, and one more for an unended last line;
 * *special set when a '"', CR or NUL is among the bytes (a file for the
 * CSV reader). One pass, 16 bytes at a time with SSE2 where there is. */
static size_t
survey(const char *s, const char *end, int *special)
{
	size_t n = 0;
	unsigned odd = 0;
	const char *start = s;

#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n'), qu = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();

	for (; end - s >= 16; s += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		__m128i bad = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, qu), _mm_cmpeq_epi8(v, cr)),
			_mm_cmpeq_epi8(v, nul));
		unsigned lines = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
		odd |= (unsigned)_mm_movemask_epi8(bad);
		while (lines != 0) {
			n++;
			lines &= lines - 1;
		}
	}
#endif
	for (; s < end; s++) {
		n += *s == '\n';
		odd |= *s == '"' || *s == '\r' || *s == '\0';
	}
	*special = odd != 0;
	return n + (end > start && end[-1] != '\n');
}

static void
survey_part(part *p)
{
	p->max = survey(p->from, p->to, &p->special);
}

static void
survey_share(void *parts, unsigned i)
{
	survey_part((part *)parts + i);
}

static void
read_share(void *parts, unsigned i)
{
	read_lines((part *)parts + i);
}

/* The header line through the CSV reader (take_header). */
static tdm_status
header_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	return is_header ? take_header(ud, row, err) : TDM_DATA;
}

/* Read data (the whole file, len bytes) by lines in parts. TDM_OK, or
 * TDM_DATA when the file is not one for this reading (the caller uses
 * the reader), or TDM_NOMEM. */
static tdm_status
read_by_lines(columns *c, const char *data, size_t len, tdm_error *err)
{
	part parts[MAX_PARTS];
	const char *hdr_end, *s, *end = data + len;
	size_t n_parts, i, j, total = 0, n;
	tdm_error scratch;
	unsigned t = tdm_threads();
	int special;

	if (len > NAME_OFF_MAX || (hdr_end = memchr(data, '\n', len)) == NULL)
		return TDM_DATA;
	if (tdm_csv_stream_buffer(c->path, data, (size_t)(hdr_end - data) + 1,
	                          NULL, header_row, c, &scratch) != TDM_OK ||
	    c->col_crit == NULL || c->n_cols != c->k + 1)
		return TDM_DATA;
	s = hdr_end + 1;
	n_parts = t < 1 ? 1 : t > MAX_PARTS ? MAX_PARTS : t;
	while (n_parts > 1 && (size_t)(end - s) / n_parts < PART_MIN_BYTES)
		n_parts--;
	/* cut at newlines; survey the parts on threads (their lines, and
	 * whether the file is one for the CSV reader), then give each its
	 * rows */
	for (i = 0; i < n_parts; i++) {
		const char *to = end;
		if (i + 1 < n_parts) {
			const char *mid = s + (size_t)(end - s) / (n_parts - i);
			to = memchr(mid, '\n', (size_t)(end - mid));
			to = to == NULL ? end : to + 1;
		}
		memset(&parts[i], 0, sizeof parts[i]);
		parts[i].c = c;
		parts[i].from = s;
		parts[i].to = to;
		parts[i].scale = i == 0 ? n_parts : 0;
		s = to;
	}
	tdm__parallel((unsigned)n_parts, survey_share, parts);
	for (i = 0; i < n_parts; i++) {
		if (parts[i].special)
			return TDM_DATA;
		parts[i].base = total;
		total += parts[i].max;
	}
	/* the header too: a quote or CR in it is the CSV reader's */
	survey(data, hdr_end, &special);
	if (special)
		return TDM_DATA;
	if (total > SIZE_MAX / sizeof(double) / c->k)
		return tdm__nomem(err);
	c->cap = total;
	c->bytes_per_row = parts[0].max ? (double)(parts[0].to - parts[0].from) /
	                                      (double)parts[0].max
	                                : 0;
	c->x = tdm__alloc_huge(total * c->k * sizeof *c->x);
	c->name_at = tdm__alloc_huge(total * sizeof *c->name_at);
	c->hash = tdm__alloc_huge(total * sizeof *c->hash);
	/* the names are copied together, each part's after the previous
	 * part's room (its bytes: more than its names), so that the rows,
	 * written in rank order, fetch them from a few megabytes of huge
	 * pages rather than from anywhere in the mapped file (a TLB and a
	 * cache miss each); only the pages written are ever mapped */
	c->names = tdm__alloc_huge(len);
	if (c->x == NULL || c->name_at == NULL || c->hash == NULL ||
	    c->names == NULL)
		return tdm__nomem(err);
	for (i = 0; i < n_parts; i++)
		parts[i].names = c->names + (parts[i].from - data);
	tdm__parallel((unsigned)n_parts, read_share, parts);
	/* the rows back to back (a part with blank lines has fewer rows
	 * than lines), the matrix at stride n */
	for (i = 0, n = 0; i < n_parts; i++) {
		if (parts[i].bad)
			return TDM_DATA;
		if (parts[i].base != n) {
			memmove(c->name_at + n, c->name_at + parts[i].base,
			        parts[i].n * sizeof *c->name_at);
			memmove(c->hash + n, c->hash + parts[i].base,
			        parts[i].n * sizeof *c->hash);
			for (j = 0; j < c->k; j++)
				memmove(c->x + j * total + n,
				        c->x + j * total + parts[i].base,
				        parts[i].n * sizeof *c->x);
		}
		n += parts[i].n;
	}
	for (j = 1; j < c->k && n < total; j++)
		memmove(c->x + j * n, c->x + j * total, n * sizeof *c->x);
	c->n = n;
	c->cap = n;
	return TDM_OK;
}

static const char *
name_of(const columns *c, size_t i, size_t *len)
{
	*len = NAME_LEN(c->name_at[i]);
	return c->names + NAME_OFF(c->name_at[i]);
}

/* Ask for memory a loop will read a few iterations later (the rows are
 * visited in rank order: every access is a cache miss otherwise). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif
#define AHEAD 16

/* The size of names_repeat's table for n rows: a power of two, at
 * least 2n (at most half full). */
static size_t
table_size(size_t n)
{
	size_t size = 1;

	while (size < 2 * n)
		size *= 2;
	return size;
}

/* 1 if two rows have the same name (the general path's error), 0 if
 * not, -1 if out of memory. Open addressing in slot[0..size), zeroed by
 * the caller (table_size(c->n)); a slot keeps 32 bits of the hash beside
 * the row, so that names are compared only when those agree. c->hash
 * holds every name's hash after (computed here if the reading did not
 * take them). */
static int
names_repeat(columns *c, uint64_t *slot, size_t size)
{
	size_t i, mask, len, len2;
	int found = 0;

	if (c->hash == NULL &&
	    (c->hash = malloc((c->n ? c->n : 1) * sizeof *c->hash)) != NULL)
		for (i = 0; i < c->n; i++) {
			const char *s = name_of(c, i, &len);
			c->hash[i] = name_hash(s, len);
		}
	if (c->hash == NULL)
		return -1;
	mask = size - 1;
	for (i = 0; i < c->n && !found; i++) {
		uint64_t h = c->hash[i], tag = h >> 32;
		size_t p;
		if (i + AHEAD < c->n)
			PREFETCH(&slot[c->hash[i + AHEAD] & mask]);
		for (p = (size_t)h & mask; slot[p] != 0; p = (p + 1) & mask) {
			const char *s, *t;
			if (slot[p] >> 32 != tag)
				continue;
			s = name_of(c, i, &len);
			t = name_of(c, (size_t)(slot[p] & 0xffffffffu) - 1, &len2);
			if (len2 == len && memcmp(s, t, len) == 0) {
				found = 1;
				break;
			}
		}
		slot[p] = tag << 32 | (uint64_t)(i + 1);
	}
	return found;
}

static int
plain_method(const char *name)
{
	size_t i;

	for (i = 0; plain_methods[i] != NULL; i++)
		if (strcmp(plain_methods[i], name) == 0)
			return 1;
	return 0;
}

/* The rows in rank order, written as CSV: position i is row order[i],
 * of score sorted[i] and rank rank_at[i]; only the names are fetched
 * from anywhere in memory (ahead of time: each would be a cache miss).
 *
 * Rows are formatted in chunks of CHUNK_ROWS, by every thread (this one
 * among them), each chunk into one of a few buffers that are reused,
 * and written in order by this thread: the memory stays a few
 * megabytes, written again while in cache, whatever the row count. A
 * row whose name needs no quotes (nearly all) is composed in place by
 * tdm__csv_rank_line, tdm__csv_rank_row's common row. */
#define CHUNK_ROWS 8192
#define MAX_SLOTS (2 * MAX_PARTS)

typedef struct {
	tdm__rbuf buf;
	size_t chunk;             /* the chunk it holds or will */
	int ready;                /* formatted */
} slot;

typedef struct {
	const columns *c;
	const size_t *order;
	const double *sorted;
	const long *rank_at;
	size_t n, n_chunks;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next;              /* the next chunk to format */
	size_t written;           /* chunks written */
	size_t n_slots;
	slot slots[MAX_SLOTS];
	int failed;               /* out of memory, or the write failed */
	tdm__out *o;              /* where the chunks go, in order */
} ranking_out;

static tdm_verdict
verdict_at(const ranking_out *w, size_t i)
{
	return w->rank_at[i] == 1 ? TDM_VERDICT_CHOSEN : TDM_VERDICT_RANKED;
}

static void
format_chunk(ranking_out *w, size_t chunk, tdm__rbuf *buf)
{
	const columns *c = w->c;
	size_t from = chunk * CHUNK_ROWS, i, len;
	size_t to = from + CHUNK_ROWS < w->n ? from + CHUNK_ROWS : w->n;
	int plain = tdm__g17_plain();
	char *p;

	tdm__rbuf_clear(buf);
	for (i = from; i < to; i++) {
		size_t row = w->order[i];
		const char *name;
		if (i + AHEAD < to) {
			size_t ahead = w->order[i + AHEAD];
			PREFETCH(&c->name_at[ahead]);
		}
		if (i + AHEAD / 2 < to)
			PREFETCH(c->names +
			         NAME_OFF(c->name_at[w->order[i + AHEAD / 2]]));
		name = name_of(c, row, &len);
		if (!tdm__csv_plain(name, len)) {
			/* quoted ("a, b" was a quoted field): the long way */
			tdm__out o;
			tdm__out_init(&o, tdm__rbuf_write, buf);
			tdm__csv_rank_row(&o, w->rank_at[i], name, len, w->sorted[i],
			                  verdict_at(w, i), "", 0, plain);
			tdm__out_putc(&o, '\n');
			tdm__out_flush(&o);
			if (o.failed || o.nomem)
				buf->nomem = 1;
			continue;
		}
		if (tdm__grow((void **)&buf->s, &buf->cap,
		              buf->len + len + TDM__CSV_ROW_ROOM, 1)) {
			buf->nomem = 1;
			return;
		}
		p = buf->s + buf->len;
		p += tdm__csv_rank_line(p, w->rank_at[i], name, len, w->sorted[i],
		                        verdict_at(w, i), plain);
		*p++ = '\n';
		buf->len = (size_t)(p - buf->s);
	}
}

/* Take the next chunk whose slot is free, if any: its slot, or NULL. */
static slot *
claim(ranking_out *w)
{
	slot *sl;

	if (w->next >= w->n_chunks || w->next >= w->written + w->n_slots ||
	    w->failed)
		return NULL;
	sl = &w->slots[w->next % w->n_slots];
	sl->chunk = w->next++;
	sl->ready = 0;
	return sl;
}

/* Format chunks as they can be claimed, until none is left. */
static void
format_work(ranking_out *w)
{
	slot *sl;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while ((sl = claim(w)) == NULL && w->next < w->n_chunks &&
		       !w->failed)
			pthread_cond_wait(&w->changed, &w->lock);
		if (sl == NULL)
			break;
		pthread_mutex_unlock(&w->lock);
		format_chunk(w, sl->chunk, &sl->buf);
		pthread_mutex_lock(&w->lock);
		sl->ready = 1;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
}

/* Write the chunks in order through w->o, formatting one whenever the
 * next to write is not ready and one can be claimed. */
static void
write_chunks(ranking_out *w)
{
	tdm__out *o = w->o;

	pthread_mutex_lock(&w->lock);
	while (w->written < w->n_chunks && !w->failed) {
		slot *sl = &w->slots[w->written % w->n_slots];
		if (sl->chunk == w->written && sl->ready && w->written < w->next) {
			pthread_mutex_unlock(&w->lock);
			if (sl->buf.nomem)
				o->nomem = 1;
			else
				tdm__out_write(o, tdm__rbuf_str(&sl->buf), sl->buf.len);
			pthread_mutex_lock(&w->lock);
			w->written++;
			w->failed = o->failed || o->nomem;
			pthread_cond_broadcast(&w->changed);
		} else if ((sl = claim(w)) != NULL) {
			pthread_mutex_unlock(&w->lock);
			format_chunk(w, sl->chunk, &sl->buf);
			pthread_mutex_lock(&w->lock);
			sl->ready = 1;
			pthread_cond_broadcast(&w->changed);
		} else {
			pthread_cond_wait(&w->changed, &w->lock);
		}
	}
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
}

static void
ranking_share(void *arg, unsigned i)
{
	if (i == 0)
		write_chunks(arg);
	else
		format_work(arg);
}

/* The head, then the rows, through o. */
static void
write_ranking(tdm__out *o, const tdm_result *r, ranking_out *w)
{
	size_t t = tdm_threads(), i;

	if (t > MAX_PARTS)
		t = MAX_PARTS;
	w->n_chunks = (w->n + CHUNK_ROWS - 1) / CHUNK_ROWS;
	if (t > w->n_chunks)
		t = w->n_chunks ? w->n_chunks : 1;
	w->n_slots = 2 * t;
	w->o = o;
	for (i = 0; i < w->n_slots; i++)
		tdm__rbuf_init(&w->slots[i].buf);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	tdm__render_csv_head(r, o);
	tdm__parallel((unsigned)t, ranking_share, w);
	pthread_cond_destroy(&w->changed);
	pthread_mutex_destroy(&w->lock);
	for (i = 0; i < w->n_slots; i++)
		tdm__rbuf_free(&w->slots[i].buf);
}

/* The work before the scores, shared out among threads: the names check
 * and each column's normalisation (the general path's function, column
 * by column: the same bits in any order). A thread takes the next item
 * until none is left; the names check first, the longest. */
typedef struct {
	columns *c;
	const tdm__problem *P;
	const tdm__normalization *nz;
	double *norm;
	uint64_t *table;          /* names_repeat's, of table_size(n) */
	pthread_mutex_t lock;
	size_t next;              /* 0: the names; 1 + j: column j */
	int repeat;               /* names_repeat's answer */
	int failed;               /* a normalisation refused its column */
} prep_job;

static void
prep_work(void *arg, unsigned share)
{
	prep_job *j = arg;
	tdm_error scratch;

	(void)share;
	for (;;) {
		size_t item;
		pthread_mutex_lock(&j->lock);
		item = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (item > j->c->k)
			return;
		if (item == 0) {
			size_t size = table_size(j->c->n);
			/* zeroed here, so its pages are mapped beside the
			 * normalisations rather than before them */
			memset(j->table, 0, size * sizeof *j->table);
			j->repeat = names_repeat(j->c, j->table, size);
		} else if (tdm__normalize_column(j->P, j->nz, item - 1,
		                                 j->norm, &scratch) != TDM_OK) {
			pthread_mutex_lock(&j->lock);
			j->failed = 1;
			pthread_mutex_unlock(&j->lock);
		}
	}
}

/* Run prep_work on tdm_threads() threads (this one among them). */
static void
prepare(prep_job *j)
{
	size_t t = tdm_threads();

	if (t > MAX_PARTS)
		t = MAX_PARTS;
	if (t > j->c->k + 1)
		t = j->c->k + 1;
	tdm__parallel((unsigned)t, prep_work, j);
}

/* Check the names, normalise and score the columns, rank them, then
 * write them into r's ranking (r is the plan: method, normalisation,
 * weights). The columns are normalised in place (c->x is not read
 * again), except for a method that reads the values as well
 * (reads_values: wpm); once scored, the matrix is the ranking's
 * workspace when it is big enough.
 * *declined stays 1 when a name repeats (-1 in *repeat when out of
 * memory), the method or normalisation fails or a score is not finite
 * (the general path says why); it is 0 once writing starts. */
static tdm_status
score_and_write(columns *c, tdm_result *r, tdm_write_fn write, void *ud,
                int *declined, int *repeat, tdm_error *err)
{
	size_t n = c->n, k = c->k, i, j, n_ws;
	const tdm__method *method = tdm__method_find(r->method);
	const tdm__normalization *nz = tdm__normalization_find(r->normalization);
	int in_place = method != NULL && !method->reads_values;
	tdm__crit *crit = calloc(k, sizeof *crit);
	double *norm = in_place ? c->x : malloc(n * k * sizeof *norm);
	size_t size = table_size(n);
	uint64_t *table = tdm__alloc_huge(size * sizeof *table);
	double *scores, *ws = NULL;
	size_t *order;
	long *rank_at;
	void *rank_ws;
	tdm_method_info info;
	tdm__problem P;
	tdm__out *o = NULL;
	tdm_error scratch;
	tdm_status s = TDM_OK;
	prep_job job;
	int scored = 0;
	ranking_out *w = NULL;

	memset(&info, 0, sizeof info);
	n_ws = method != NULL && method->workspace ? method->workspace(n, k) : 0;
	if (crit == NULL || norm == NULL || table == NULL ||
	    (n_ws > 0 && (ws = malloc(n_ws * sizeof *ws)) == NULL) ||
	    (o = malloc(sizeof *o)) == NULL ||
	    (w = calloc(1, sizeof *w)) == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	if (method == NULL || nz == NULL)
		goto out;
	for (j = 0; j < k; j++)
		tdm__crit_from_criterion(&c->m->criteria[j], &crit[j]);
	memset(&P, 0, sizeof P);
	P.n = n;
	P.m = k;
	P.x = c->x;
	P.crit = crit;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.P = &P;
	job.nz = nz;
	job.norm = norm;
	job.table = table;
	pthread_mutex_init(&job.lock, NULL);
	prepare(&job);
	pthread_mutex_destroy(&job.lock);
	PHASE("prep");
	*repeat = job.repeat;
	if (job.repeat < 0) {
		s = tdm__nomem(err);
		goto out;
	}
	if (job.repeat > 0 || job.failed)
		goto out;
	/* The names are checked: their hashes (n words) take the scores, the
	 * table (at least 2n words) the order and the ranks -- pages already
	 * mapped, where new ones (24 MB at 1M rows) would each be zeroed by
	 * the kernel first. */
	scores = (double *)(void *)c->hash;
	order = (size_t *)(void *)table;
	rank_at = (long *)(void *)(table + n);
	if (method->fn(&P, norm, r->weights, ws, scores, NULL, &info,
	               &scratch) == TDM_OK) {
		for (i = 0; i < n && isfinite(scores[i]); i++)
			;
		scored = i == n;
	}
	PHASE("method");
	if (!scored)
		goto out;
	/* the matrix is spent: the sort's workspace, when it holds it */
	rank_ws = TDM__RANK_WS_BYTES(n) <= n * k * sizeof *c->x ? (void *)c->x
	                                                       : NULL;
	if (!tdm__rank_in_order(n, scores, r->direction, order, scores, rank_at,
	                        rank_ws)) {
		s = tdm__nomem(err);
		goto out;
	}
	*declined = 0;
	r->n_ranked = n;
	tdm__note_dominance_unchecked(r, r->n_ranked);
	PHASE("rank");
	tdm__out_init(o, write, ud);
	w->c = c;
	w->order = order;
	w->sorted = scores;
	w->rank_at = rank_at;
	w->n = n;
	write_ranking(o, r, w);
	s = tdm__out_finish(o, err);
	PHASE("write");
out:
	free(crit);
	if (!in_place)
		free(norm);
	free(table);
	free(ws);
	free(o);
	free(w);
	return s;
}

/* Read the file into c: by lines in parts when it is mapped and plain,
 * else through the CSV reader. *map (len bytes) is what stays mapped
 * (names point into it) until the caller unmaps it. TDM_NOMEM is an
 * error; TDM_DATA declines. */
static tdm_status
read_columns(columns *c, size_t len, void **map, tdm_error *err)
{
	tdm_status s;
	size_t n_lines = 0;
	int fd, special;

	*map = MAP_FAILED;
	if (len > 0 && (fd = open(c->path, O_RDONLY)) >= 0) {
		/* no MAP_POPULATE: that maps every page on this thread before
		 * anything starts, where the survey's threads fault their own
		 * parts' pages in at once (1M rows: 15 ms less) */
		*map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
	}
	if (*map != MAP_FAILED) {
		s = read_by_lines(c, *map, len, err);
		if (s != TDM_DATA)
			return s;
		/* not plain: start again with the reader (progress in bytes
		 * from the lines the file has) */
		n_lines = survey(*map, (const char *)*map + len, &special);
		columns_free(c);
		c->col_crit = NULL, c->x = NULL, c->name_at = NULL;
		c->hash = NULL, c->names = NULL;
		c->n = c->cap = c->names_len = c->names_cap = 0;
		munmap(*map, len);
		*map = MAP_FAILED;
	}
	c->want = n_lines;
	c->bytes_per_row = n_lines ? (double)len / (double)n_lines : 0;
	return read_with_reader(c, err);
}

tdm_status
tdm_rank_columns(const tdm_model *m, const char *path,
                 const tdm_eval_config *cfg, tdm_progress_fn progress,
                 void *progress_ud, tdm_write_fn write, void *ud,
                 int *declined, tdm_error *err)
{
	columns c;
	tdm_result *r = NULL;
	tdm_error scratch;
	struct stat st;
	tdm_status s;
	size_t j;
	int rep;
	void *map = MAP_FAILED;

	*declined = 1;
	if (m->n_options > 0 || m->n_criteria == 0 || path == NULL ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return TDM_OK;
	for (j = 0; j < m->n_criteria; j++) {
		const tdm_criterion *cr = &m->criteria[j];
		if (cr->score_fn > 0 || cr->n_levels > 0 || cr->has_scale ||
		    cr->vf.kind != TDM_VF_NONE || cr->must.is_set)
			return TDM_OK;
	}
	if (tdm__eval_plan(m, cfg, &r, &scratch) != TDM_OK)
		return TDM_OK;
	if (!plain_method(r->method) || r->n_extra > 0 || r->n_notes > 0 ||
	    r->has_ahp) {
		tdm_result_free(r);
		return TDM_OK;
	}
	memset(&c, 0, sizeof c);
	c.path = path;
	c.k = m->n_criteria;
	c.m = m;
	c.progress = progress;
	c.progress_ud = progress_ud;
	PHASE(NULL);
	/* a row the reader or the cell rules refuse declines: the general
	 * path reads the file again and says what is wrong where */
	if ((s = read_columns(&c, (size_t)st.st_size, &map, err)) != TDM_OK) {
		if (s != TDM_NOMEM)
			s = TDM_OK;
		goto out;
	}
	PHASE("read");
	if (c.col_crit == NULL || c.n <= TDM__DOMINANCE_MAX ||
	    c.n >= UINT32_MAX)
		goto out;
	s = score_and_write(&c, r, write, ud, declined, &rep, err);
out:
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	columns_free(&c);
	tdm_result_free(r);
	PHASE("free");
	return s;
}
