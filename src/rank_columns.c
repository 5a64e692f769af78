/*
 * rank_columns.c -- `rank` of a large CSV of plain numbers, from columns.
 *
 * Owns tdm_rank_columns: read the CSV into one array per criterion and
 * one arena of names, normalise and score those arrays with the
 * functions the scorer calls, rank them with tdm__rank, and write the CSV
 * ranking from the arrays -- no model option and no result per row. It
 * takes only inputs for which the general path (tdm_evaluate, then
 * tdm_render as CSV) attaches nothing to a row but its rank, score and
 * verdict, and then writes the general path's bytes; for any other input
 * it declines before writing anything, and the caller takes the general
 * path, which gives the answer or the error (doc/design/rank-columns.md
 * lists the conditions and why each).
 *
 * Must not render anything but through render_csv.c's head and row
 * writers, and must not decide anything the general path decides
 * differently: every rule it applies is the general path's own function.
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

#include "engine.h"
#include "render.h"
#include "tdm.h"
#include "util.h"

/* Methods whose result has nothing beyond scores (no extra columns, no
 * compromise set, no parameters line). */
static const char *const plain_methods[] = {"wsm", "wpm", "topsis", "moora",
                                            NULL};

typedef struct {
	const char *path;
	size_t k;                 /* criteria */
	const tdm_model *m;
	long *col_crit;           /* header column -> criterion, -1 other */
	size_t n_cols, name_col;
	double *x;                /* x[c * cap + i] */
	size_t n, cap;
	size_t want;              /* rows expected (the first allocation) */
	char *names;              /* every name, back to back, no NULs */
	size_t names_len, names_cap;
	size_t *name_end;         /* name i is names[end(i-1) .. end(i)) */
	/* progress, from the thread that reads the first part only: rows
	 * read times `parts` as all rows, times bytes_per_row as bytes */
	tdm_progress_fn progress;
	void *progress_ud;
	unsigned parts;
	double bytes_per_row;
} columns;

static void
columns_free(columns *c)
{
	free(c->col_crit);
	free(c->x);
	free(c->names);
	free(c->name_end);
}

/* Room for one more row: the matrix doubles, each column moving to its
 * new place (the last first, as they only move up). 0 if out of memory. */
static int
grow_rows(columns *c)
{
	size_t cap = c->cap ? 2 * c->cap : c->want ? c->want : 4096, j;
	double *x;
	size_t *ends;

	if (cap > SIZE_MAX / sizeof *x / (c->k ? c->k : 1))
		return 0;
	if ((x = realloc(c->x, cap * c->k * sizeof *x)) == NULL)
		return 0;
	c->x = x;
	for (j = c->k; j-- > 1;)
		memmove(x + j * cap, x + j * c->cap, c->n * sizeof *x);
	if ((ends = realloc(c->name_end, cap * sizeof *ends)) == NULL)
		return 0;
	c->name_end = ends;
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
	c->names_len += len;
	c->name_end[c->n] = c->names_len;
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
	    row->lens[nc] == 0)
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
	if (c->progress != NULL && (c->n & 0xffff) == 0) {
		double rows = (double)c->n * c->parts;
		c->progress(c->progress_ud,
		            (unsigned long long)(rows * c->bytes_per_row),
		            (unsigned long long)rows);
	}
	return TDM_OK;
}

static const char *
name_of(const columns *c, size_t i, size_t *len)
{
	size_t from = i ? c->name_end[i - 1] : 0;

	*len = c->name_end[i] - from;
	return c->names + from;
}

/* Ask for memory a loop will read a few iterations later (the rows are
 * visited in rank order: every access is a cache miss otherwise). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif
#define AHEAD 16

static uint64_t
name_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037u;
	size_t q;

	for (q = 0; q < len; q++)
		h = (h ^ (unsigned char)s[q]) * 1099511628211u;
	return h ^ (h >> 29);
}

/* 1 if two rows have the same name (the general path's error), 0 if
 * not, -1 if out of memory. Open addressing; a slot keeps 32 bits of
 * the hash beside the row, so that names are compared only when those
 * agree. */
static int
names_repeat(const columns *c)
{
	size_t size = 1, i, mask, len, len2;
	uint64_t *slot, *hash;
	int found = 0;

	while (size < 2 * c->n)
		size *= 2;
	slot = calloc(size, sizeof *slot);
	hash = malloc((c->n ? c->n : 1) * sizeof *hash);
	if (slot == NULL || hash == NULL) {
		free(slot);
		free(hash);
		return -1;
	}
	mask = size - 1;
	for (i = 0; i < c->n; i++) {
		const char *s = name_of(c, i, &len);
		hash[i] = name_hash(s, len);
	}
	for (i = 0; i < c->n && !found; i++) {
		uint64_t h = hash[i], tag = h >> 32;
		size_t p;
		if (i + AHEAD < c->n)
			PREFETCH(&slot[hash[i + AHEAD] & mask]);
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
	free(slot);
	free(hash);
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

/* Score and rank the columns, then write them into r's ranking (r is
 * the plan: method, normalisation, weights). *declined stays 1 when the
 * method or normalisation fails or a score is not finite (the general
 * path says why); it is 0 once writing starts. */
static tdm_status
score_and_write(columns *c, tdm_result *r, tdm_write_fn write, void *ud,
                int *declined, tdm_error *err)
{
	size_t n = c->n, k = c->k, i, j, n_ws;
	const tdm__method *method = tdm__method_find(r->method);
	const tdm__normalization *nz = tdm__normalization_find(r->normalization);
	tdm__crit *crit = calloc(k, sizeof *crit);
	double *norm = malloc(n * k * sizeof *norm);
	double *scores = malloc(n * sizeof *scores), *ws = NULL;
	long *ranks = malloc(n * sizeof *ranks);
	size_t *order = malloc(n * sizeof *order);
	unsigned char *all = malloc(n);
	tdm_method_info info;
	tdm__problem P;
	tdm__out *o = NULL;
	tdm_error scratch;
	tdm_status s = TDM_OK;

	memset(&info, 0, sizeof info);
	n_ws = method != NULL && method->workspace ? method->workspace(n, k) : 0;
	if (crit == NULL || norm == NULL || scores == NULL || ranks == NULL ||
	    order == NULL || all == NULL ||
	    (n_ws > 0 && (ws = malloc(n_ws * sizeof *ws)) == NULL) ||
	    (o = malloc(sizeof *o)) == NULL) {
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
	if (tdm__normalize(&P, nz, norm, &scratch) != TDM_OK ||
	    method->fn(&P, norm, r->weights, ws, scores, NULL, &info,
	               &scratch) != TDM_OK)
		goto out;
	for (i = 0; i < n; i++)
		if (!isfinite(scores[i]))
			goto out;
	*declined = 0;
	memset(all, 1, n);
	r->n_ranked = tdm__rank(n, scores, all, r->direction, ranks, order);
	tdm__note_dominance_unchecked(r, r->n_ranked);
	tdm__out_init(o, write, ud);
	tdm__render_csv_head(r, o);
	for (i = 0; i < n && !o->failed; i++) {
		size_t row = order[i], len;
		const char *name;
		if (i + AHEAD < n) {
			size_t ahead = order[i + AHEAD];
			PREFETCH(&scores[ahead]);
			PREFETCH(&ranks[ahead]);
			PREFETCH(&c->name_end[ahead ? ahead - 1 : 0]);
		}
		if (i + AHEAD / 2 < n)
			PREFETCH(c->names + (order[i + AHEAD / 2]
			                         ? c->name_end[order[i + AHEAD / 2] - 1]
			                         : 0));
		name = name_of(c, row, &len);
		tdm__csv_rank_row(o, ranks[row], name, len, scores[row],
		                  ranks[row] == 1 ? TDM_VERDICT_CHOSEN
		                                  : TDM_VERDICT_RANKED,
		                  "", 0);
		tdm__out_putc(o, '\n');
	}
	s = tdm__out_finish(o, err);
out:
	free(crit);
	free(norm);
	free(scores);
	free(ranks);
	free(order);
	free(all);
	free(ws);
	free(o);
	return s;
}

/* ------------------------------------------------------------------------
 * Reading in two parts
 * --------------------------------------------------------------------- */

/* A file of a few megabytes or more without a quote character has a row
 * per line, so it can be cut at a newline into two parts that the same
 * reader takes exactly as it takes the whole (the second part behind
 * the header line, tdm__csv_stream_pieces). Each part is read into its own columns by
 * its own thread; the parts are then joined in file order. A file with a
 * quote is read in one piece (a newline may be inside a field). */
#define PARTS_MIN_BYTES (4u << 20)
/* Linux maps every page at once if asked (one call instead of a fault
 * per page); elsewhere the pages come as they are read. */
#ifdef MAP_POPULATE
#define MAP_PREFAULT MAP_POPULATE
#else
#define MAP_PREFAULT 0
#endif

typedef struct {
	columns c;
	const char *head, *data;   /* the header line, then the rows */
	size_t head_len, len;
	tdm_status st;
	tdm_error err;
} part;

/* Rows in len bytes, from the lines in the first 64 KiB. */
static size_t
guess_rows(const char *data, size_t len)
{
	size_t probe = len < 65536 ? len : 65536, lines = 0, i;

	for (i = 0; i < probe; i++)
		lines += data[i] == '\n';
	if (lines == 0)
		return 4096;
	return (size_t)((double)len / ((double)probe / (double)lines) * 1.02) +
	       64;
}

static void *
read_part(void *arg)
{
	part *p = arg;

	p->c.want = guess_rows(p->data, p->len);
	p->st = tdm__csv_stream_pieces(p->c.path, p->head, p->head_len, p->data,
	                               p->len, NULL, take_row, &p->c, &p->err);
	return NULL;
}

/* b's rows after a's, into a (at stride n = a.n + b.n). 0 if out of
 * memory. */
static int
join_parts(columns *a, const columns *b)
{
	size_t n = a->n + b->n, j, i;
	double *x = malloc((n ? n : 1) * a->k * sizeof *x);
	size_t *ends = realloc(a->name_end, (n ? n : 1) * sizeof *ends);
	char *names;

	if (ends != NULL)
		a->name_end = ends;
	names = realloc(a->names, a->names_len + b->names_len + 1);
	if (names != NULL)
		a->names = names;
	if (x == NULL || ends == NULL || names == NULL) {
		free(x);
		return 0;
	}
	for (j = 0; j < a->k; j++) {
		memcpy(x + j * n, a->x + j * a->cap, a->n * sizeof *x);
		memcpy(x + j * n + a->n, b->x + j * b->cap, b->n * sizeof *x);
	}
	free(a->x);
	a->x = x;
	memcpy(a->names + a->names_len, b->names, b->names_len);
	for (i = 0; i < b->n; i++)
		a->name_end[a->n + i] = b->name_end[i] + a->names_len;
	a->names_len += b->names_len;
	a->names_cap = a->names_len + 1;
	a->n = n;
	a->cap = n;
	return 1;
}

/* Read the file into c: in two parts on two threads when it pays and is
 * safe, else in one. TDM_NOMEM is an error; any other failure declines
 * (returned as TDM_DATA). */
static tdm_status
read_columns(columns *c, const char *path, off_t size, tdm_error *err)
{
	part p2;
	pthread_t th;
	const char *data, *hdr_end, *cut;
	size_t len = (size_t)size, hdr_len;
	tdm_error scratch;
	tdm_status s;
	int fd, threaded = 0;
	void *map = MAP_FAILED;

	if (tdm_threads() >= 2 && size >= (off_t)PARTS_MIN_BYTES &&
	    (fd = open(path, O_RDONLY)) >= 0) {
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_PREFAULT, fd, 0);
		close(fd);
	}
	c->parts = 1;
	c->bytes_per_row = 0;
	if (map == MAP_FAILED) {
		c->want = 0;
		s = tdm_csv_stream_file(path, NULL, take_row, c, &scratch);
		return s == TDM_NOMEM ? tdm__nomem(err) : s;
	}
	data = map;
	memset(&p2, 0, sizeof p2);
	hdr_end = memchr(data, '\n', len);
	cut = hdr_end ? memchr(data + len / 2, '\n', len - len / 2) : NULL;
	if (hdr_end == NULL || cut == NULL || cut <= hdr_end ||
	    memchr(data, '"', len) != NULL) {
		c->want = guess_rows(data, len);
		c->bytes_per_row = (double)len / (double)c->want;
		s = tdm_csv_stream_buffer(path, data, len, NULL, take_row, c,
		                          &scratch);
		goto out;
	}
	hdr_len = (size_t)(hdr_end - data) + 1;
	cut++;
	p2.c = *c;
	p2.c.progress = NULL;
	p2.head = data;
	p2.head_len = hdr_len;
	p2.data = cut;
	p2.len = (size_t)(data + len - cut);
	threaded = pthread_create(&th, NULL, read_part, &p2) == 0;
	if (!threaded)
		read_part(&p2);
	c->want = guess_rows(data, (size_t)(cut - data));
	c->parts = 2;
	c->bytes_per_row = (double)(cut - data) / (double)c->want;
	s = tdm_csv_stream_buffer(path, data, (size_t)(cut - data), NULL,
	                          take_row, c, &scratch);
	if (threaded)
		pthread_join(th, NULL);
	if (s == TDM_OK)
		s = p2.st;
	if (s == TDM_OK && !join_parts(c, &p2.c))
		s = TDM_NOMEM;
	columns_free(&p2.c);
out:
	munmap(map, len);
	return s == TDM_NOMEM ? tdm__nomem(err) : s;
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
	/* a row the reader or the cell rules refuse declines: the general
	 * path reads the file again and says what is wrong where */
	if ((s = read_columns(&c, path, st.st_size, err)) != TDM_OK) {
		if (s != TDM_NOMEM)
			s = TDM_OK;
		goto out;
	}
	if (c.col_crit == NULL || c.n <= TDM__DOMINANCE_MAX ||
	    c.n >= UINT32_MAX)
		goto out;
	/* the rest of the rows' memory: the matrix at its final stride */
	for (j = 1; j < c.k; j++)
		memmove(c.x + j * c.n, c.x + j * c.cap, c.n * sizeof *c.x);
	if ((rep = names_repeat(&c)) != 0) {
		if (rep < 0)
			s = tdm__nomem(err);
		goto out;
	}
	s = score_and_write(&c, r, write, ud, declined, err);
out:
	columns_free(&c);
	tdm_result_free(r);
	return s;
}
