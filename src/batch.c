/*
 * batch.c -- `eval`: a decision's criteria over the rows of a big CSV.
 *
 * Owns streaming evaluation: rows from the CSV reader fill the option
 * slots of a block model (a copy of the decision with no options of its
 * own), a full block goes through the same resolve and scorer code as
 * `rank`, and each row is written back with its score, verdict and
 * reasons; with a top K, a bounded heap keeps the best rows. Slots are
 * reused block after block, so memory is one block whatever the number
 * of rows. With two threads or more (tdm_threads), reading and scoring
 * overlap: the reader fills one block while a worker thread scores and
 * writes the other. Must not print (rows go through the caller's
 * tdm_write_fn, bad rows and progress through callbacks), call Lua from
 * the reader thread, or accept a method whose score of a row depends on
 * the other rows. See doc/design/batch.md.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "render.h"
#include "tdm.h"
#include "util.h"

#define DEFAULT_BLOCK 4096

/* One kept row for --top: its CSV text and score. */
typedef struct kept {
	double score;
	unsigned long long seq;  /* row number, for ties: earlier wins */
	char *text;
	size_t len, cap;
} kept;

/* One block of rows. With threads, the reader fills one lane while the
 * worker scores and writes the other; without, the same lane does both. */
typedef struct lane {
	tdm_model *bm;           /* the block model */
	int source_id;
	tdm_result br;           /* the block's resolve results (options only) */
	double *x, *score;
	unsigned char *eligible;
	tdm__rbuf text;          /* the block's rows, as CSV text */
	tdm__scorer sc;          /* kept from block to block (its memory) */
	int has_sc;
	size_t *row_off;         /* block + 1 offsets into text */
	unsigned long long first_seq;   /* row number of slot 0 */
	unsigned long long bytes, rows; /* read when it was handed over */
} lane;

typedef struct batch {
	const tdm_model *m;
	const tdm_hooks *hooks;
	const tdm_batch_config *cfg;
	const char *source;
	tdm_result *plan;        /* method, direction, weights */
	tdm_error *err;
	tdm_status status;       /* a failure in on_ragged, for on_row */
	tdm_error status_err;

	size_t block;            /* slots per lane */
	lane lanes[2];
	lane *fill;              /* the lane the reader fills */
	unsigned long long next_seq;

	size_t name_col;
	size_t n_in;             /* input columns written back */
	long *attr_ids;          /* per input column; -1 for the name column */

	/* the worker thread, when there is one: it owns `out`, the heap and
	 * `wst` (the counts of what was written) while it runs */
	int threaded;
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	lane *job;               /* handed to the worker, NULL: none */
	int busy, quit;
	tdm_status wstatus;      /* the worker's first failure */
	tdm_error werr;

	tdm__out out;
	tdm__rbuf why;           /* a row's reasons */

	kept *heap;              /* worst on top */
	size_t n_heap;

	tdm_batch_stats st;      /* the reader's counts: rows, bad */
	tdm_batch_stats wst;     /* the scorer's: ranked, rejected, bad */
	unsigned long long bytes;
} batch;

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

/* Append the row's first n fields to b as a CSV line (no line end): the
 * common row, with nothing to quote, is one copy per field into room
 * made once. */
static tdm_status
row_text(tdm__rbuf *b, const tdm_csv_row *row, size_t n)
{
	size_t i, j, need = n;
	char *p;

	for (i = 0; i < n; i++) {
		const char *f = row->fields[i];
		for (j = 0; j < row->lens[i]; j++)
			if (f[j] == ',' || f[j] == '"' || f[j] == '\r' || f[j] == '\n')
				break;
		if (j < row->lens[i])
			break;
		need += row->lens[i];
	}
	if (i < n) {
		/* something to quote: field by field */
		for (i = 0; i < n; i++) {
			if (i > 0)
				tdm__rbuf_add(b, ",", 1);
			tdm__rbuf_csv_field(b, row->fields[i], row->lens[i]);
		}
		return b->nomem ? TDM_NOMEM : TDM_OK;
	}
	if (b->cap - b->len < need + 1) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len < need + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL) {
			b->nomem = 1;
			return TDM_NOMEM;
		}
		b->s = p;
		b->cap = cap;
	}
	p = b->s + b->len;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		memcpy(p, row->fields[i], row->lens[i]);
		p += row->lens[i];
	}
	*p = '\0';
	b->len = (size_t)(p - b->s);
	return TDM_OK;
}


static void
out_score(batch *b, double x)
{
	char num[40];

	tdm__out_write(&b->out, num, tdm__format_g17(x, num));
}

/* ------------------------------------------------------------------------
 * The top K: a binary heap with the worst kept row on top
 * --------------------------------------------------------------------- */

/* 1 if a is better than c (the earlier row wins a tie). */
static int
kept_better(const batch *b, const kept *a, const kept *c)
{
	if (a->score != c->score)
		return tdm__better_score(b->plan->direction, a->score, c->score);
	return a->seq < c->seq;
}

static void
kept_swap(kept *a, kept *c)
{
	kept t = *a;
	*a = *c;
	*c = t;
}

static void
heap_down(batch *b, size_t i)
{
	size_t n = b->n_heap, l, r, w;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		w = i;
		if (l < n && kept_better(b, &b->heap[w], &b->heap[l]))
			w = l;
		if (r < n && kept_better(b, &b->heap[w], &b->heap[r]))
			w = r;
		if (w == i)
			return;
		kept_swap(&b->heap[i], &b->heap[w]);
		i = w;
	}
}

static void
heap_up(batch *b, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!kept_better(b, &b->heap[p], &b->heap[i]))
			return;
		kept_swap(&b->heap[p], &b->heap[i]);
		i = p;
	}
}

/* Offer a ranked row; returns TDM_NOMEM or TDM_OK. */
static tdm_status
heap_offer(batch *b, double score, unsigned long long seq, const char *text,
           size_t len, tdm_error *err)
{
	kept cand, *slot;
	size_t i;
	int replace = b->n_heap == b->cfg->top;

	cand.score = score;
	cand.seq = seq;
	if (replace && !kept_better(b, &cand, &b->heap[0]))
		return TDM_OK;
	i = replace ? 0 : b->n_heap++;
	slot = &b->heap[i];
	if (len + 1 > slot->cap) {
		char *p = realloc(slot->text, len + 1);
		if (p == NULL)
			return tdm__nomem(err);
		slot->text = p;
		slot->cap = len + 1;
	}
	memcpy(slot->text, text, len);
	slot->text[len] = '\0';
	slot->len = len;
	slot->score = score;
	slot->seq = seq;
	if (replace)
		heap_down(b, 0);
	else
		heap_up(b, i);
	return TDM_OK;
}

/* Best first; the heap is consumed. */
static void
write_top(batch *b)
{
	size_t i, n = b->n_heap;
	long rank = 0;

	/* Pop the worst repeatedly: the array then runs best first. */
	while (b->n_heap > 1) {
		kept_swap(&b->heap[0], &b->heap[b->n_heap - 1]);
		b->n_heap--;
		heap_down(b, 0);
	}
	b->n_heap = n;
	for (i = 0; i < n && !b->out.failed; i++) {
		const kept *k = &b->heap[i];
		if (i == 0 || k->score != b->heap[i - 1].score)
			rank = (long)i + 1;
		tdm__out_write(&b->out, k->text, k->len);
		tdm__out_putc(&b->out, ',');
		out_score(b, k->score);
		tdm__out_puts(&b->out, rank == 1 ? ",chosen,," : ",ranked,,");
		tdm__out_printf(&b->out, "%ld\n", rank);
	}
}

/* ------------------------------------------------------------------------
 * The block model
 * --------------------------------------------------------------------- */


static tdm_status
lane_init(batch *b, lane *L, tdm_error *err)
{
	size_t n = b->block, k = b->m->n_criteria;
	tdm_option *opts;

	tdm__rbuf_init(&L->text);
	if ((L->bm = tdm_model_clone(b->m)) == NULL)
		return tdm__nomem(err);
	tdm_model_clear_options(L->bm);
	if ((opts = realloc(L->bm->options, n * sizeof *opts)) == NULL)
		return tdm__nomem(err);
	L->bm->options = opts;
	L->bm->cap_options = n;
	memset(L->bm->options, 0, n * sizeof *L->bm->options);
	L->br.options = calloc(n, sizeof *L->br.options);
	L->x = calloc(n * k, sizeof *L->x);
	L->score = calloc(n, sizeof *L->score);
	L->eligible = calloc(n, 1);
	L->row_off = calloc(n + 1, sizeof *L->row_off);
	if (L->br.options == NULL || L->x == NULL || L->score == NULL ||
	    L->eligible == NULL || L->row_off == NULL)
		return tdm__nomem(err);
	L->br.model = L->bm;
	L->br.n_options = n;
	L->br.n_criteria = k;
	if ((L->source_id = tdm_model_source(L->bm, b->source)) < 0)
		return tdm__nomem(err);
	return TDM_OK;
}

static void
lane_free(batch *b, lane *L)
{
	size_t i;

	if (L->bm != NULL) {
		/* every slot ever used holds a name and values */
		L->bm->n_options = L->bm->cap_options;
		tdm_model_free(L->bm);
	}
	if (L->br.options != NULL)
		for (i = 0; i < b->block; i++)
			tdm__option_reasons_free(&L->br.options[i]);
	free(L->br.options);
	free(L->x);
	free(L->score);
	free(L->eligible);
	free(L->row_off);
	tdm__rbuf_free(&L->text);
	if (L->has_sc)
		tdm__scorer_free(&L->sc);
}

static tdm_status
batch_init(batch *b, tdm_error *err)
{
	tdm_status s;

	if ((s = lane_init(b, &b->lanes[0], err)) != TDM_OK ||
	    (s = lane_init(b, &b->lanes[1], err)) != TDM_OK)
		return s;
	b->fill = &b->lanes[0];
	if (b->cfg->top > 0 &&
	    (b->heap = calloc(b->cfg->top, sizeof *b->heap)) == NULL)
		return tdm__nomem(err);
	return TDM_OK;
}

static void
batch_free(batch *b)
{
	size_t i;

	lane_free(b, &b->lanes[0]);
	lane_free(b, &b->lanes[1]);
	free(b->attr_ids);
	for (i = 0; b->heap != NULL && i < b->cfg->top; i++)
		free(b->heap[i].text);
	free(b->heap);
	tdm__rbuf_free(&b->why);
}

/* Empty slot i for a new row: its values become missing, its name is
 * overwritten; the arrays are kept. */
static tdm_status
slot_reset(batch *b, lane *L, size_t i, const char *name, size_t len,
           long line)
{
	tdm_option *o = &L->bm->options[i];
	size_t v;
	char *p;

	for (v = 0; v < o->n_values; v++)
		tdm_value_free(&o->values[v]);
	p = realloc(o->name, len + 1);
	if (p == NULL)
		return tdm__nomem(b->err);
	memcpy(p, name, len);
	p[len] = '\0';
	o->name = p;
	o->source = L->source_id;
	o->line = line;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Scoring a block
 * --------------------------------------------------------------------- */

/* Resolve and score the block's options 0..n-1 (n = bm->n_options). */
static tdm_status
score_rows(batch *b, lane *L, tdm_error *err)
{
	tdm__scorer *sc = &L->sc;
	size_t n = L->bm->n_options, i;
	tdm_status s;

	for (i = 0; i < n; i++)
		tdm__option_reasons_free(&L->br.options[i]);
	L->br.n_options = n;
	if (b->hooks != NULL && b->hooks->rows_changed != NULL)
		b->hooks->rows_changed(b->hooks->ud);
	if ((s = tdm__resolve(L->bm, b->hooks, &L->br, L->x, L->eligible,
	                      err)) != TDM_OK)
		return s;
	/* one scorer per lane, its memory kept from block to block */
	s = (L->has_sc ? tdm__scorer_reuse : tdm__scorer_init)(
		sc, L->bm, b->hooks, b->plan->method, b->plan->normalization,
		L->bm->has_vikor_v ? L->bm->vikor_v : 0.5, L->x, L->eligible, err);
	L->has_sc = s == TDM_OK;
	if (s == TDM_OK && sc->n > 0)
		s = tdm__scorer_run(sc, b->plan->weights, L->score, err);
	if (s == TDM_OK) {
		/* scores of the dense rows back to their slots, in place:
		 * rows[] is increasing, so walking down never overwrites a
		 * score still to be moved */
		for (i = sc->n; i-- > 0;)
			L->score[sc->rows[i]] = L->score[i];
	}
	return s;
}

/* Write (or keep) the rows of the block whose slots are in [0, n). */
static tdm_status
emit_rows(batch *b, lane *L, size_t n, const unsigned char *bad,
          tdm_error *err)
{
	size_t i;
	tdm_status s;

	for (i = 0; i < n; i++) {
		const char *text = L->text.s + L->row_off[i];
		size_t len = L->row_off[i + 1] - L->row_off[i];
		const tdm_option_result *or = &L->br.options[i];

		if (bad != NULL && bad[i])
			continue;
		if (L->eligible[i])
			b->wst.ranked++;
		else
			b->wst.rejected++;
		if (b->cfg->top > 0) {
			if (L->eligible[i] &&
			    (s = heap_offer(b, L->score[i], L->first_seq + i, text,
			                    len, err)) != TDM_OK)
				return s;
			continue;
		}
		tdm__out_write(&b->out, text, len);
		tdm__out_putc(&b->out, ',');
		if (L->eligible[i]) {
			out_score(b, L->score[i]);
			tdm__out_puts(&b->out, ",ranked,\n");
			continue;
		}
		tdm__out_puts(&b->out, ",rejected,");
		tdm__rbuf_clear(&b->why);
		tdm__reasons_text(&b->why, &L->br, or);
		if (b->why.nomem)
			return tdm__nomem(err);
		tdm__csv_field(&b->out, tdm__rbuf_str(&b->why), b->why.len);
		tdm__out_putc(&b->out, '\n');
	}
	return b->out.failed ? tdm_error_set(err, TDM_IO, NULL, 0, 0,
	                                     "write failed")
	                     : TDM_OK;
}

/* A block failed and we keep going: score its rows one at a time, each
 * moved into slot 0, to find the bad ones. */
static tdm_status
block_by_rows(batch *b, lane *L, size_t n, tdm_error *err)
{
	unsigned char *bad = calloc(n, 1);
	double *score = calloc(n, sizeof *score);
	unsigned char *elig = calloc(n, 1);
	tdm_option_result *res = calloc(n, sizeof *res);
	tdm_option *opts = L->bm->options;
	tdm_error e;
	size_t i;
	tdm_status s = TDM_OK;

	if (bad == NULL || score == NULL || elig == NULL || res == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		tdm_option t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		L->bm->n_options = 1;
		tdm_error_clear(&e);
		s = score_rows(b, L, &e);
		t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		if (s == TDM_NOMEM || s == TDM_IO) {
			*err = e;
			goto out;
		}
		if (s != TDM_OK) {
			bad[i] = 1;
			b->wst.bad++;
			if (b->cfg->bad_row != NULL)
				b->cfg->bad_row(b->cfg->ud, &e);
			s = TDM_OK;
			continue;
		}
		score[i] = L->score[0];
		elig[i] = L->eligible[0];
		res[i] = L->br.options[0];
		memset(&L->br.options[0], 0, sizeof L->br.options[0]);
	}
	for (i = 0; i < n; i++) {
		tdm__option_reasons_free(&L->br.options[i]);
		L->br.options[i] = res[i];
		L->score[i] = score[i];
		L->eligible[i] = elig[i];
	}
	memset(res, 0, n * sizeof *res);
	L->bm->n_options = n;
	s = emit_rows(b, L, n, bad, err);
out:
	if (res != NULL)
		for (i = 0; i < n; i++)
			tdm__option_reasons_free(&res[i]);
	free(res);
	free(bad);
	free(score);
	free(elig);
	return s;
}

/* Score and write (or keep) a lane's rows, then empty it. */
static tdm_status
process(batch *b, lane *L, tdm_error *err)
{
	size_t n = L->bm->n_options;
	tdm_status s;

	if (n == 0)
		return TDM_OK;
	s = score_rows(b, L, err);
	if (s == TDM_OK)
		s = emit_rows(b, L, n, NULL, err);
	else if (b->cfg->keep_going && s != TDM_NOMEM && s != TDM_IO)
		s = block_by_rows(b, L, n, err);
	L->bm->n_options = 0;
	tdm__rbuf_clear(&L->text);
	if (s == TDM_OK && b->cfg->progress != NULL)
		b->cfg->progress(b->cfg->ud, L->bytes, L->rows);
	return s;
}

static void *
worker_main(void *arg)
{
	batch *b = arg;
	lane *L;
	tdm_status s;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (b->job == NULL && !b->quit)
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->job == NULL)
			break;
		L = b->job;
		pthread_mutex_unlock(&b->mu);
		s = b->wstatus == TDM_OK ? process(b, L, &b->werr) : TDM_OK;
		pthread_mutex_lock(&b->mu);
		if (s != TDM_OK && b->wstatus == TDM_OK)
			b->wstatus = s;
		b->job = NULL;
		b->busy = 0;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Wait for the worker to be idle; its failure, if any, into b->err. */
static tdm_status
drain(batch *b)
{
	tdm_status s;

	if (!b->threaded)
		return TDM_OK;
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cv, &b->mu);
	s = b->wstatus;
	if (s != TDM_OK)
		*b->err = b->werr;
	pthread_mutex_unlock(&b->mu);
	return s;
}

/* Hand the rows read so far to be scored: to the worker (which then owns
 * that lane; the reader goes on with the other), or scored right here. */
static tdm_status
post(batch *b)
{
	lane *L = b->fill;
	size_t n = L->bm->n_options;
	tdm_status s;

	if (n == 0)
		return TDM_OK;
	L->first_seq = b->next_seq;
	b->next_seq += n;
	L->bytes = b->bytes;
	L->rows = b->st.rows;
	if (!b->threaded)
		return process(b, L, b->err);
	if ((s = drain(b)) != TDM_OK)
		return s;
	pthread_mutex_lock(&b->mu);
	b->job = L;
	b->busy = 1;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	b->fill = L == &b->lanes[0] ? &b->lanes[1] : &b->lanes[0];
	return TDM_OK;
}

/* Every row read so far scored and written (or kept). */
static tdm_status
flush_block(batch *b)
{
	tdm_status s = post(b);

	return s != TDM_OK ? s : drain(b);
}

/* ------------------------------------------------------------------------
 * Rows from the reader
 * --------------------------------------------------------------------- */

static int
named(const tdm_csv_row *row, size_t col, const char *name)
{
	return col < row->n_fields && strcmp(row->fields[col], name) == 0;
}

static tdm_status
on_header(batch *b, const tdm_csv_row *row, tdm_error *err)
{
	size_t n = row->n_fields, i, c;
	tdm_status s;

	for (i = 0; i < n; i++)
		if ((s = tdm__csv_check_utf8(b->source, row, i, err)) != TDM_OK)
			return s;
	/* A previous run's own columns are recomputed, not appended. */
	if (n > 4 && named(row, n - 4, "score") && named(row, n - 3, "verdict") &&
	    named(row, n - 2, "reason") && named(row, n - 1, "rank"))
		n -= 4;
	else if (n > 3 && named(row, n - 3, "score") &&
	         named(row, n - 2, "verdict") && named(row, n - 1, "reason"))
		n -= 3;
	b->n_in = n;
	b->name_col = tdm__csv_name_column(row);
	if (b->name_col >= n)
		b->name_col = 0;
	if ((b->attr_ids = calloc(n, sizeof *b->attr_ids)) == NULL)
		return tdm__nomem(err);
	for (i = 0; i < n; i++) {
		b->attr_ids[i] = -1;
		if (i == b->name_col)
			continue;
		/* the lanes are copies of one model: the same ids in both */
		if ((b->attr_ids[i] = tdm_model_attr(b->lanes[0].bm,
		                                     row->fields[i], 1)) < 0 ||
		    tdm_model_attr(b->lanes[1].bm, row->fields[i], 1) !=
		        b->attr_ids[i])
			return tdm__nomem(err);
	}
	/* A criterion with nothing to read is the decision's mistake, not
	 * every row's: say it once, even with keep_going. */
	for (c = 0; c < b->m->n_criteria; c++) {
		const tdm_criterion *cr = &b->m->criteria[c];
		if (cr->score_fn > 0)
			continue;
		for (i = 0; i < n; i++)
			if (i != b->name_col && strcmp(row->fields[i], cr->name) == 0)
				break;
		if (i == n)
			return tdm_error_set(err, TDM_DATA, b->source, row->line, 0,
			                     "criterion '%s' has no column in the "
			                     "header (and no score function)",
			                     cr->name);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			tdm__out_putc(&b->out, ',');
		tdm__csv_field(&b->out, row->fields[i], row->lens[i]);
	}
	tdm__out_puts(&b->out, b->cfg->top > 0 ? ",score,verdict,reason,rank\n"
	                                       : ",score,verdict,reason\n");
	return TDM_OK;
}

/* Put one data row into the next slot. */
static tdm_status
on_data(batch *b, const tdm_csv_row *row, tdm_error *err)
{
	lane *L = b->fill;
	size_t slot = L->bm->n_options, i, nc = b->name_col;
	tdm_option *o = &L->bm->options[slot];
	tdm_status s;

	if ((s = tdm__csv_check_utf8(b->source, row, nc, err)) != TDM_OK)
		return s;
	if (row->lens[nc] == 0)
		return tdm_error_set(err, TDM_DATA, b->source, row->line,
		                     (long)(nc + 1), "empty option name");
	if ((s = slot_reset(b, L, slot, row->fields[nc], row->lens[nc],
	                    row->line)) != TDM_OK)
		return s;
	for (i = 0; i < b->n_in; i++) {
		tdm_value v;
		if (i == nc)
			continue;
		if ((s = tdm__csv_cell(b->source, row, i, &v, err)) != TDM_OK)
			return s;
		if (v.type == TDM_VAL_MISSING)
			continue;
		if ((size_t)b->attr_ids[i] < o->n_values &&
		    v.type == TDM_VAL_NUMBER) {
			o->values[b->attr_ids[i]] = v;   /* no copy needed */
			continue;
		}
		/* the slot was counted: set_value may grow its values */
		L->bm->n_options = slot + 1;
		s = tdm_model_set_value(L->bm, slot, (size_t)b->attr_ids[i], &v,
		                        err);
		L->bm->n_options = slot;
		if (s != TDM_OK)
			return s;
	}
	L->row_off[slot] = L->text.len;
	if ((s = row_text(&L->text, row, b->n_in)) != TDM_OK)
		return tdm__nomem(err);
	L->row_off[slot + 1] = L->text.len;
	L->bm->n_options = slot + 1;
	return TDM_OK;
}

static tdm_status
on_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	batch *b = ud;
	size_t i;
	tdm_status s;

	if (b->status != TDM_OK) {
		*err = b->status_err;   /* a flush from on_ragged failed */
		return b->status;
	}
	if (is_header)
		return on_header(b, row, err);
	b->st.rows++;
	for (i = 0; i < row->n_fields; i++)
		b->bytes += row->lens[i] + 1;
	if ((s = on_data(b, row, err)) != TDM_OK) {
		tdm_error row_err = *err;
		if (!b->cfg->keep_going || s == TDM_NOMEM)
			return s;
		/* the rows before it first, so bad rows come in file order */
		if ((s = flush_block(b)) != TDM_OK)
			return s;
		b->st.bad++;
		if (b->cfg->bad_row != NULL)
			b->cfg->bad_row(b->cfg->ud, &row_err);
		tdm_error_clear(err);
		return TDM_OK;
	}
	if (b->fill->bm->n_options == b->block)
		return post(b);
	return TDM_OK;
}

/* keep_going: a row with the wrong number of fields, from the reader */
static void
on_ragged(void *ud, const tdm_error *e)
{
	batch *b = ud;
	tdm_error row_err = *e;

	/* the rows before it first, so bad rows are reported in file order;
	 * the reader clears its error after this call, so a failure is kept
	 * aside for on_row to return */
	if (b->status == TDM_OK && (b->status = flush_block(b)) != TDM_OK) {
		b->status_err = *b->err;
		return;
	}
	b->st.rows++;
	b->st.bad++;
	if (b->cfg->bad_row != NULL)
		b->cfg->bad_row(b->cfg->ud, &row_err);
}

/* ------------------------------------------------------------------------
 * The run
 * --------------------------------------------------------------------- */

/* Can a row be scored without the others? TDM_DATA saying why not. */
static tdm_status
check_streamable(const batch *b, tdm_error *err)
{
	const tdm_model *m = b->m;
	const char *meth = b->plan->method;
	size_t c;

	if (strcmp(meth, "lua") == 0)
		return tdm_error_set(
			err, TDM_DATA, NULL, 0, 0,
			"eval scores each row on its own, and the decision's Lua "
			"aggregation sees every option at once: use method wsm or "
			"wpm here, or `tradeoff rank`");
	if (strcmp(meth, "wsm") != 0 && strcmp(meth, "wpm") != 0)
		return tdm_error_set(
			err, TDM_DATA, NULL, 0, 0,
			"eval scores each row on its own, and %s compares every "
			"option with the others: use wsm or wpm here, or `tradeoff "
			"rank` for %s",
			meth, meth);
	if (strcmp(b->plan->normalization, "none") == 0)
		return TDM_OK;
	for (c = 0; c < m->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		if (!cr->has_scale)
			return tdm_error_set(
				err, TDM_DATA, tdm_model_source_name(m, cr->source),
				cr->line, 0,
				"criterion '%s' has no scale: eval scores each row on "
				"its own, so every criterion needs a fixed scale = {lo, "
				"hi} (%s normalisation would need the whole column), or "
				"use `tradeoff rank`",
				cr->name, b->plan->normalization);
	}
	return TDM_OK;
}

/* Start the worker when threads are allowed; without one (or if it
 * cannot start) the reader scores each block itself. */
static void
worker_start(batch *b)
{
	if (tdm_threads() < 2)
		return;
	if (pthread_mutex_init(&b->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&b->cv, NULL) != 0) {
		pthread_mutex_destroy(&b->mu);
		return;
	}
	if (pthread_create(&b->worker, NULL, worker_main, b) != 0) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
		return;
	}
	b->threaded = 1;
}

static void
worker_stop(batch *b)
{
	if (!b->threaded)
		return;
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cv, &b->mu);
	b->quit = 1;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->worker, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	b->threaded = 0;
}

tdm_status
tdm_batch_eval(const tdm_model *m, const tdm_hooks *hooks, const char *path,
               const tdm_batch_config *cfg, tdm_write_fn write, void *wud,
               tdm_batch_stats *stats, tdm_error *err)
{
	batch b;
	tdm_csv_config ccfg = {0, 0, NULL, NULL, NULL, NULL};
	tdm_status s;

	memset(&b, 0, sizeof b);
	b.m = m;
	b.hooks = hooks;
	b.cfg = cfg;
	b.source = path;
	b.err = err;
	b.block = cfg->block > 0 ? cfg->block : DEFAULT_BLOCK;
	tdm__rbuf_init(&b.why);
	tdm__out_init(&b.out, write, wud);
	if ((s = tdm__eval_plan(m, &cfg->eval, &b.plan, err)) != TDM_OK)
		goto out;
	if ((s = check_streamable(&b, err)) != TDM_OK)
		goto out;
	if ((s = batch_init(&b, err)) != TDM_OK)
		goto out;
	if (cfg->keep_going) {
		ccfg.ragged = on_ragged;
		ccfg.ragged_ud = &b;
	}
	worker_start(&b);
	s = tdm_csv_stream_file(path, &ccfg, on_row, &b, err);
	if (s == TDM_OK && (s = b.status) != TDM_OK)
		*err = b.status_err;
	if (s == TDM_OK) {
		s = flush_block(&b);
	} else if (s == TDM_DATA) {
		/* A bad row stopped the reader; a row before it, still to be
		 * scored, may be bad too, and the first one is the one to say. */
		tdm_error later = *err;
		if (flush_block(&b) == TDM_OK)
			*err = later;
	}
	worker_stop(&b);
	if (s == TDM_OK && cfg->top > 0)
		write_top(&b);
	if (s == TDM_OK)
		s = tdm__out_finish(&b.out, err);
	b.st.ranked = b.wst.ranked;
	b.st.rejected = b.wst.rejected;
	b.st.bad += b.wst.bad;
	if (s == TDM_OK && b.st.bad > 0)
		s = tdm_error_set(err, TDM_DATA, path, 0, 0,
		                  "%llu bad row%s left out (%llu written)", b.st.bad,
		                  b.st.bad == 1 ? "" : "s",
		                  cfg->top > 0 ? (unsigned long long)b.n_heap
		                               : b.st.ranked + b.st.rejected);
out:
	worker_stop(&b);
	if (stats != NULL)
		*stats = b.st;
	tdm_result_free(b.plan);
	batch_free(&b);
	return s;
}
