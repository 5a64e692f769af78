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
 * overlap: the reader fills one block while scoring threads, each with
 * its own hooks (a Lua state each), score and format the blocks before
 * it; the reader writes them back in input order. Must not print (rows
 * go through the caller's tdm_write_fn, bad rows and progress through
 * callbacks), call Lua from the reader thread when there are scoring
 * threads, or accept a method whose score of a row depends on the other
 * rows. See doc/design/batch.md.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
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

/* Where a lane is: being filled by the reader, waiting for a scoring
 * thread, being scored, or scored and waiting to be written back. */
typedef enum { LANE_FILL = 0, LANE_READY, LANE_BUSY, LANE_DONE } lane_state;

/* One block of rows. With threads, the reader fills one lane while
 * scoring threads score and format others; without, the reader does
 * all of it on one lane. */
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
	size_t *name_cap;        /* bytes allocated for each slot's name */
	unsigned long long first_seq;   /* row number of slot 0 */
	unsigned long long bytes, rows; /* read when it was handed over */
	size_t n_rows;           /* rows in the block when handed over */
	/* what scoring leaves for the reader to write back */
	tdm__out out;            /* formatted rows, into `res` */
	tdm__rbuf res;
	tdm__rbuf why;           /* a row's reasons */
	unsigned char *bad;      /* keep_going: slot i was left out */
	int has_bad;
	tdm_error *bad_err;      /* and what was wrong with it, in row order */
	size_t n_bad_err, cap_bad_err;
	tdm_batch_stats st;      /* ranked, rejected, bad */
	lane_state state;
	size_t worker;           /* the scoring thread it is for */
	tdm_status status;       /* scoring's result, and its error */
	tdm_error err;
} lane;

/* A scoring thread and the hooks it calls (NULL: the decision has no
 * functions). */
typedef struct worker {
	struct batch *b;
	const tdm_hooks *hooks;
	size_t index;            /* it scores the lanes posted for it */
	pthread_t tid;
} worker;

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
	lane *lanes;             /* a ring: n_lanes, scoring threads + 1 */
	size_t n_lanes;
	size_t head, n_flight;   /* the oldest lane handed over, how many */
	lane *fill;              /* the lane the reader fills */
	unsigned long long next_seq;

	size_t name_col;
	size_t n_cols;           /* fields in the header */
	size_t n_in;             /* input columns written back */
	long *attr_ids;          /* per input column; -1 for the name column */

	/* scoring threads, when there are: each owns the lane it scores; the
	 * reader owns the rest (`out`, the heap, `wst`) */
	const tdm_hooks **hooks_of; /* per scoring thread; [0] when none */
	tdm_hooks *more;         /* hooks from cfg->more_hooks */
	worker *workers;
	size_t n_workers;        /* threads running */
	unsigned long long posted; /* blocks handed over so far */
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	int quit;
	/* the first row of the earliest lane that failed, ULLONG_MAX while
	 * none has: a lane after it is not worth scoring, one before it
	 * still is (its error comes first) */
	unsigned long long failed_at;
	tdm_status wstatus;      /* the first failure written back */
	tdm_error werr;

	tdm__out out;

	kept *heap;              /* worst on top */
	size_t n_heap;

	tdm_batch_stats st;      /* the reader's counts: rows, bad */
	tdm_batch_stats wst;     /* the written rows': ranked, rejected, bad */
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
out_score(tdm__out *o, double x)
{
	char num[40];

	tdm__out_write(o, num, tdm__format_g17(x, num));
}

/* A lane's formatted rows go into its `res` until written back. */
static int
to_lane(void *ud, const char *buf, size_t len)
{
	tdm__rbuf *r = ud;

	tdm__rbuf_add(r, buf, len);
	return r->nomem;
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
		out_score(&b->out, k->score);
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
	tdm__rbuf_init(&L->res);
	tdm__rbuf_init(&L->why);
	tdm__out_init(&L->out, to_lane, &L->res);
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
	L->bad = calloc(n, 1);
	L->name_cap = calloc(n, sizeof *L->name_cap);
	if (L->br.options == NULL || L->x == NULL || L->score == NULL ||
	    L->eligible == NULL || L->row_off == NULL || L->bad == NULL ||
	    L->name_cap == NULL)
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
	free(L->bad);
	free(L->name_cap);
	free(L->bad_err);
	tdm__rbuf_free(&L->text);
	tdm__rbuf_free(&L->res);
	tdm__rbuf_free(&L->why);
	if (L->has_sc)
		tdm__scorer_free(&L->sc);
}

static tdm_status
batch_init(batch *b, tdm_error *err)
{
	tdm_status s;
	size_t i;

	if ((b->lanes = calloc(b->n_lanes, sizeof *b->lanes)) == NULL)
		return tdm__nomem(err);
	for (i = 0; i < b->n_lanes; i++)
		if ((s = lane_init(b, &b->lanes[i], err)) != TDM_OK)
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

	for (i = 0; b->lanes != NULL && i < b->n_lanes; i++)
		lane_free(b, &b->lanes[i]);
	free(b->lanes);
	free(b->hooks_of);
	free(b->more);
	free(b->workers);
	free(b->attr_ids);
	for (i = 0; b->heap != NULL && i < b->cfg->top; i++)
		free(b->heap[i].text);
	free(b->heap);
}

/* Slot i's row: its name (the buffer kept, grown when short), where it
 * was read. */
static tdm_status
slot_name(lane *L, size_t i, const char *name, size_t len, long line,
          tdm_error *err)
{
	tdm_option *o = &L->bm->options[i];
	char *p;

	if (len + 1 > L->name_cap[i]) {
		if ((p = realloc(o->name, len + 1)) == NULL)
			return tdm__nomem(err);
		o->name = p;
		L->name_cap[i] = len + 1;
	}
	memcpy(o->name, name, len);
	o->name[len] = '\0';
	o->source = L->source_id;
	o->line = line;
	return TDM_OK;
}

/* Empty slot i for a new row: its values become missing, its name is
 * overwritten; the arrays are kept. */
static tdm_status
slot_reset(batch *b, lane *L, size_t i, const char *name, size_t len,
           long line)
{
	tdm_option *o = &L->bm->options[i];
	size_t v;

	for (v = 0; v < o->n_values; v++)
		tdm_value_free(&o->values[v]);
	return slot_name(L, i, name, len, line, b->err);
}

/* ------------------------------------------------------------------------
 * Scoring a block
 * --------------------------------------------------------------------- */

/* Resolve and score the block's options 0..n-1 (n = bm->n_options) with
 * the scoring thread's hooks. */
static tdm_status
score_rows(batch *b, lane *L, const tdm_hooks *hooks, tdm_error *err)
{
	tdm__scorer *sc = &L->sc;
	size_t n = L->bm->n_options, i;
	tdm_status s;

	for (i = 0; i < n; i++)
		tdm__option_reasons_free(&L->br.options[i]);
	L->br.n_options = n;
	if (hooks != NULL && hooks->rows_changed != NULL)
		hooks->rows_changed(hooks->ud);
	if ((s = tdm__resolve(L->bm, hooks, &L->br, L->x, L->eligible, err)) !=
	    TDM_OK)
		return s;
	/* one scorer per lane, its memory kept from block to block */
	s = (L->has_sc ? tdm__scorer_reuse : tdm__scorer_init)(
		sc, L->bm, hooks, b->plan->method, b->plan->normalization,
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

/* Count and format the block's rows (slots 0..n-1, but those marked
 * bad) into the lane's output; with a top K the reader keeps them
 * instead, when it writes the lane back. */
static tdm_status
emit_rows(batch *b, lane *L, size_t n, tdm_error *err)
{
	tdm__out *o = &L->out;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *text = L->text.s + L->row_off[i];
		size_t len = L->row_off[i + 1] - L->row_off[i];
		const tdm_option_result *or = &L->br.options[i];

		if (L->has_bad && L->bad[i])
			continue;
		if (L->eligible[i])
			L->st.ranked++;
		else
			L->st.rejected++;
		if (b->cfg->top > 0)
			continue;
		tdm__out_write(o, text, len);
		tdm__out_putc(o, ',');
		if (L->eligible[i]) {
			out_score(o, L->score[i]);
			tdm__out_puts(o, ",ranked,\n");
			continue;
		}
		tdm__out_puts(o, ",rejected,");
		tdm__rbuf_clear(&L->why);
		tdm__reasons_text(&L->why, &L->br, or);
		if (L->why.nomem)
			return tdm__nomem(err);
		tdm__csv_field(o, tdm__rbuf_str(&L->why), L->why.len);
		tdm__out_putc(o, '\n');
	}
	tdm__out_flush(o);
	return L->res.nomem ? tdm__nomem(err) : TDM_OK;
}

/* A bad row of a lane, to be reported when the lane is written back. */
static tdm_status
lane_bad(lane *L, size_t i, const tdm_error *e, tdm_error *err)
{
	if (tdm__grow((void **)&L->bad_err, &L->cap_bad_err, L->n_bad_err + 1,
	              sizeof *L->bad_err))
		return tdm__nomem(err);
	L->bad_err[L->n_bad_err++] = *e;
	L->bad[i] = 1;
	L->st.bad++;
	return TDM_OK;
}

/* A block failed and we keep going: score its rows one at a time, each
 * moved into slot 0, to find the bad ones. */
static tdm_status
block_by_rows(batch *b, lane *L, const tdm_hooks *hooks, size_t n,
              tdm_error *err)
{
	double *score = calloc(n, sizeof *score);
	unsigned char *elig = calloc(n, 1);
	tdm_option_result *res = calloc(n, sizeof *res);
	tdm_option *opts = L->bm->options;
	tdm_error e;
	size_t i;
	tdm_status s = TDM_OK;

	if (score == NULL || elig == NULL || res == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	memset(L->bad, 0, n);
	L->has_bad = 1;
	for (i = 0; i < n; i++) {
		tdm_option t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		L->bm->n_options = 1;
		tdm_error_clear(&e);
		s = score_rows(b, L, hooks, &e);
		t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		if (s == TDM_NOMEM || s == TDM_IO) {
			*err = e;
			goto out;
		}
		if (s != TDM_OK) {
			if ((s = lane_bad(L, i, &e, err)) != TDM_OK)
				goto out;
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
	s = emit_rows(b, L, n, err);
out:
	if (res != NULL)
		for (i = 0; i < n; i++)
			tdm__option_reasons_free(&res[i]);
	free(res);
	free(score);
	free(elig);
	return s;
}

/* Score a lane's rows and format them for writing back. */
static tdm_status
process(batch *b, lane *L, const tdm_hooks *hooks, tdm_error *err)
{
	size_t n = L->n_rows;
	tdm_status s;

	s = score_rows(b, L, hooks, err);
	if (s == TDM_OK)
		s = emit_rows(b, L, n, err);
	else if (b->cfg->keep_going && s != TDM_NOMEM && s != TDM_IO)
		s = block_by_rows(b, L, hooks, n, err);
	return s;
}

/* The oldest lane waiting for scoring thread w, or NULL. */
static lane *
next_ready(batch *b, size_t w)
{
	size_t i;

	for (i = 0; i < b->n_flight; i++) {
		lane *L = &b->lanes[(b->head + i) % b->n_lanes];
		if (L->state == LANE_READY && L->worker == w)
			return L;
	}
	return NULL;
}

static void *
worker_main(void *arg)
{
	worker *w = arg;
	batch *b = w->b;
	lane *L;
	int skip;
	tdm_status s;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while ((L = next_ready(b, w->index)) == NULL && !b->quit)
			pthread_cond_wait(&b->work, &b->mu);
		if (L == NULL)
			break;
		L->state = LANE_BUSY;
		skip = L->first_seq > b->failed_at;
		pthread_mutex_unlock(&b->mu);
		s = skip ? TDM_OK : process(b, L, w->hooks, &L->err);
		pthread_mutex_lock(&b->mu);
		L->status = s;
		if (s != TDM_OK && L->first_seq < b->failed_at)
			b->failed_at = L->first_seq;
		L->state = LANE_DONE;
		pthread_cond_broadcast(&b->done);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Write back the oldest lane handed over, once it is scored: its rows
 * (or, with a top K, into the heap), its counts and its bad rows, in
 * input order; then it is empty for the reader again. The first failure
 * is kept: from then on every call returns it. */
static tdm_status
reclaim(batch *b)
{
	lane *L = &b->lanes[b->head];
	size_t i;
	tdm_status s;

	/* head and n_flight change under the lock: scoring threads look for
	 * work with them */
	if (b->threaded) {
		pthread_mutex_lock(&b->mu);
		while (L->state != LANE_DONE)
			pthread_cond_wait(&b->done, &b->mu);
		b->head = (b->head + 1) % b->n_lanes;
		b->n_flight--;
		pthread_mutex_unlock(&b->mu);
	} else {
		b->head = (b->head + 1) % b->n_lanes;
		b->n_flight--;
	}
	if (b->wstatus == TDM_OK && L->status != TDM_OK) {
		b->wstatus = L->status;
		b->werr = L->err;
	}
	if (b->wstatus == TDM_OK) {
		if (L->res.len > 0) /* none with a top K */
			tdm__out_write(&b->out, L->res.s, L->res.len);
		if (b->out.failed) /* stop reading: nothing more can be written */
			b->wstatus = tdm_error_set(&b->werr, TDM_IO, NULL, 0, 0,
			                           "write failed");
		for (i = 0; i < L->n_bad_err && b->cfg->bad_row != NULL; i++)
			b->cfg->bad_row(b->cfg->ud, &L->bad_err[i]);
		for (i = 0; b->cfg->top > 0 && i < L->n_rows; i++) {
			if ((L->has_bad && L->bad[i]) || !L->eligible[i])
				continue;
			s = heap_offer(b, L->score[i], L->first_seq + i,
			               L->text.s + L->row_off[i],
			               L->row_off[i + 1] - L->row_off[i], &b->werr);
			if (s != TDM_OK) {
				b->wstatus = s;
				break;
			}
		}
		b->wst.ranked += L->st.ranked;
		b->wst.rejected += L->st.rejected;
		b->wst.bad += L->st.bad;
	}
	if (b->wstatus == TDM_OK && b->cfg->progress != NULL)
		b->cfg->progress(b->cfg->ud, L->bytes, L->rows);
	L->bm->n_options = 0;
	L->n_rows = 0;
	L->has_bad = 0;
	L->n_bad_err = 0;
	memset(&L->st, 0, sizeof L->st);
	tdm__rbuf_clear(&L->text);
	tdm__rbuf_clear(&L->res);
	L->status = TDM_OK;
	L->state = LANE_FILL;
	s = b->wstatus;
	if (s != TDM_OK)
		*b->err = b->werr;
	return s;
}

/* Hand the rows read so far over to be scored: to the scoring threads
 * (the reader goes on with the next lane of the ring, written back first
 * if it is still in flight), or scored right here. */
static tdm_status
post(batch *b)
{
	lane *L = b->fill;
	size_t n = L->bm->n_options;

	if (n == 0)
		return TDM_OK;
	L->first_seq = b->next_seq;
	b->next_seq += n;
	L->bytes = b->bytes;
	L->rows = b->st.rows;
	L->n_rows = n;
	if (!b->threaded) {
		L->status = b->wstatus == TDM_OK
		                    ? process(b, L, b->hooks_of[0], &L->err)
		                    : TDM_OK;
		L->state = LANE_DONE;
		b->n_flight++;
	} else {
		pthread_mutex_lock(&b->mu);
		/* block after block to the threads in turn, so that each Lua
		 * state sees the same rows in every run (a function's
		 * math.random sequence, say), not whichever came free */
		L->worker = (size_t)(b->posted++ % b->n_workers);
		L->state = LANE_READY;
		b->n_flight++;
		pthread_cond_broadcast(&b->work);
		pthread_mutex_unlock(&b->mu);
	}
	b->fill = &b->lanes[(b->head + b->n_flight) % b->n_lanes];
	return b->n_flight == b->n_lanes ? reclaim(b) : TDM_OK;
}

/* Every row read so far scored and written (or kept). */
static tdm_status
flush_block(batch *b)
{
	tdm_status s = post(b);

	while (b->n_flight > 0) {
		tdm_status r = reclaim(b);
		if (s == TDM_OK)
			s = r;
	}
	return s;
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
	b->n_cols = row->n_fields;
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
		/* the lanes are copies of one model: the same ids in each */
		for (c = 0; c < b->n_lanes; c++) {
			long id = tdm_model_attr(b->lanes[c].bm, row->fields[i], 1);
			if (id < 0 || (c > 0 && id != b->attr_ids[i]))
				return tdm__nomem(err);
			b->attr_ids[i] = id;
		}
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

/* The common data line, taken whole (tdm__csv_line_fn): a name of
 * printable ASCII without spaces, a plain decimal in every other column
 * written back (tdm__scan_decimal: exactly tdm_parse_number's value), as
 * many fields as the header, and a slot whose values are already
 * allocated. The row is then what on_data would make of it, without
 * splitting, copying or checking each cell again. Any other line is left
 * to the reader and on_row. */
static tdm_status
on_line(void *ud, const char *s, size_t len, long line, int *took,
        tdm_error *err)
{
	batch *b = ud;
	lane *L = b->fill;
	size_t slot = L->bm->n_options, i, nc = b->name_col, name_len = 0;
	tdm_option *o = &L->bm->options[slot];
	const char *p = s, *end = s + len, *name = s, *cut = end, *q;
	double x;

	if (b->status != TDM_OK || len == 0)
		return TDM_OK;
	for (i = 0;; i++) {
		if (i == nc) {
			for (name = p; p < end && *p != ','; p++)
				if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
					return TDM_OK;
			if ((name_len = (size_t)(p - name)) == 0)
				return TDM_OK;
		} else if (i < b->n_in) {
			tdm_value *v;
			if ((q = tdm__scan_decimal(p, end, &x)) == NULL ||
			    (q < end && *q != ',') ||
			    (size_t)b->attr_ids[i] >= o->n_values)
				return TDM_OK;
			/* set now: if the line is left to on_data after all, its
			 * slot_reset clears the slot again */
			v = &o->values[b->attr_ids[i]];
			if (v->type != TDM_VAL_NUMBER)
				tdm_value_free(v);
			v->type = TDM_VAL_NUMBER;
			v->column = (int)(i + 1);
			v->as.num = x;
			p = q;
		} else if ((p = memchr(p, ',', (size_t)(end - p))) == NULL) {
			p = end;
		}
		if (i + 1 == b->n_cols)
			break;
		if (p == end)
			return TDM_OK; /* too few fields */
		if (i + 1 == b->n_in)
			cut = p;
		p++;
	}
	if (p != end)
		return TDM_OK; /* too many */
	if (slot_name(L, slot, name, name_len, line, err) != TDM_OK)
		return TDM_NOMEM;
	L->row_off[slot] = L->text.len;
	tdm__rbuf_add(&L->text, s, (size_t)(cut - s));
	if (L->text.nomem)
		return tdm__nomem(err);
	L->row_off[slot + 1] = L->text.len;
	L->bm->n_options = slot + 1;
	b->st.rows++;
	b->bytes += len + 1;
	*took = 1;
	if (L->bm->n_options == b->block)
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

/* Does m call Lua (a score or must function)? */
static int
has_functions(const tdm_model *m)
{
	size_t c;

	for (c = 0; c < m->n_criteria; c++)
		if (m->criteria[c].score_fn > 0 || m->criteria[c].must.fn > 0)
			return 1;
	return 0;
}

static int
same_text(const char *a, const char *c)
{
	return a == c || (a != NULL && c != NULL && strcmp(a, c) == 0);
}

/* Do a's and c's hooks run the same functions for the same criteria: the
 * same names in the same order, the same handles, the same sources? */
static int
same_functions(const tdm_model *a, const tdm_model *c)
{
	size_t i;

	if (a->n_criteria != c->n_criteria || a->method_fn != c->method_fn)
		return 0;
	for (i = 0; i < a->n_criteria; i++) {
		const tdm_criterion *x = &a->criteria[i], *y = &c->criteria[i];
		if (strcmp(x->name, y->name) != 0 || x->score_fn != y->score_fn ||
		    !same_text(x->score_src, y->score_src) ||
		    x->must.is_set != y->must.is_set || x->must.fn != y->must.fn ||
		    !same_text(x->must.text, y->must.text))
			return 0;
	}
	return 1;
}

/* How many threads score, and with which hooks: with threads, one per
 * thread allowed, each with hooks of its own when the decision has
 * functions (as many as cfg->more_hooks gives); none without. */
static tdm_status
choose_scorers(batch *b, tdm_error *err)
{
	const tdm_batch_config *cfg = b->cfg;
	size_t want = tdm_threads(), i;
	const tdm_model *m2;
	int lua = b->hooks != NULL && has_functions(b->m);

	if (want < 2)
		want = 1;
	b->hooks_of = calloc(want, sizeof *b->hooks_of);
	b->more = calloc(want, sizeof *b->more);
	if (b->hooks_of == NULL || b->more == NULL)
		return tdm__nomem(err);
	/* without functions the hooks are never called: none, so that no
	 * thread touches the decl (rows_changed writes into it) */
	b->hooks_of[0] = lua ? b->hooks : NULL;
	for (i = 1; i < want; i++) {
		if (lua && (cfg->more_hooks == NULL ||
		            cfg->more_hooks(cfg->ud, &m2, &b->more[i]) != 0 ||
		            !same_functions(b->m, m2)))
			break;
		b->hooks_of[i] = lua ? &b->more[i] : NULL;
	}
	b->n_workers = want < 2 ? 0 : i;
	b->n_lanes = b->n_workers + 1;
	return TDM_OK;
}

/* Start the scoring threads chosen; without any (or if none can start)
 * the reader scores each block itself. */
static void
worker_start(batch *b)
{
	size_t want = b->n_workers, i;

	b->n_workers = 0;
	if (want == 0)
		return;
	if ((b->workers = calloc(want, sizeof *b->workers)) == NULL ||
	    pthread_mutex_init(&b->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&b->work, NULL) != 0) {
		pthread_mutex_destroy(&b->mu);
		return;
	}
	if (pthread_cond_init(&b->done, NULL) != 0) {
		pthread_cond_destroy(&b->work);
		pthread_mutex_destroy(&b->mu);
		return;
	}
	for (i = 0; i < want; i++) {
		b->workers[i].b = b;
		b->workers[i].hooks = b->hooks_of[i];
		b->workers[i].index = i;
		if (pthread_create(&b->workers[i].tid, NULL, worker_main,
		                   &b->workers[i]) != 0)
			break;
		b->n_workers++;
	}
	if (b->n_workers == 0) {
		pthread_cond_destroy(&b->done);
		pthread_cond_destroy(&b->work);
		pthread_mutex_destroy(&b->mu);
		return;
	}
	b->threaded = 1;
}

/* Stop the scoring threads; a lane still being scored is finished, one
 * still waiting is not (the run failed, or every lane is written back). */
static void
worker_stop(batch *b)
{
	size_t i;

	if (!b->threaded)
		return;
	pthread_mutex_lock(&b->mu);
	b->quit = 1;
	pthread_cond_broadcast(&b->work);
	pthread_mutex_unlock(&b->mu);
	for (i = 0; i < b->n_workers; i++)
		pthread_join(b->workers[i].tid, NULL);
	pthread_cond_destroy(&b->done);
	pthread_cond_destroy(&b->work);
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
	b.failed_at = ULLONG_MAX;
	b.m = m;
	b.hooks = hooks;
	b.cfg = cfg;
	b.source = path;
	b.err = err;
	b.block = cfg->block > 0 ? cfg->block : DEFAULT_BLOCK;
	tdm__out_init(&b.out, write, wud);
	if ((s = tdm__eval_plan(m, &cfg->eval, &b.plan, err)) != TDM_OK)
		goto out;
	if ((s = check_streamable(&b, err)) != TDM_OK)
		goto out;
	if ((s = choose_scorers(&b, err)) != TDM_OK)
		goto out;
	if ((s = batch_init(&b, err)) != TDM_OK)
		goto out;
	if (cfg->keep_going) {
		ccfg.ragged = on_ragged;
		ccfg.ragged_ud = &b;
	}
	worker_start(&b);
	s = tdm__csv_stream_lines(path, &ccfg, on_line, on_row, &b, err);
	if (s == TDM_OK && (s = b.status) != TDM_OK)
		*err = b.status_err;
	if (s == TDM_OK) {
		s = flush_block(&b);
	} else if (s == TDM_DATA) {
		/* A bad row stopped the reader; a row before it, still to be
		 * scored, may be bad too, and the first one is the one to say. */
		tdm_error later = *err;
		tdm_status f = flush_block(&b);
		if (f == TDM_OK)
			*err = later;
		else
			s = f;
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
