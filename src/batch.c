/*
 * batch.c -- `eval`: a decision's criteria over the rows of a big CSV.
 *
 * Owns streaming evaluation: rows from the CSV reader fill the option
 * slots of a block model (a copy of the decision with no options of its
 * own), a full block goes through the same resolve and scorer code as
 * `rank`, and each row is written back with its score, verdict and
 * reasons; with a top K, a bounded heap keeps the best rows. Slots are
 * reused block after block, so memory is one block whatever the number
 * of rows. Must not print (rows go through the caller's tdm_write_fn, bad
 * rows and progress through callbacks) or accept a method whose score of
 * a row depends on the other rows. See doc/design/batch.md.
 */
#include <math.h>
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

typedef struct batch {
	const tdm_model *m;
	const tdm_hooks *hooks;
	const tdm_batch_config *cfg;
	const char *source;
	tdm_result *plan;        /* method, direction, weights */
	tdm_error *err;
	tdm_status status;       /* the first failure of a callback */

	tdm_model *bm;           /* the block model */
	int source_id;
	size_t block;            /* slots */
	tdm_result br;           /* the block's resolve results (options only) */
	double *x, *score;
	unsigned char *eligible;

	size_t name_col;
	size_t n_in;             /* input columns written back */
	long *attr_ids;          /* per input column; -1 for the name column */

	tdm__rbuf text;          /* the block's rows, as CSV text */
	size_t *row_off;         /* block + 1 offsets into text */
	unsigned long long first_seq;

	tdm__out out;
	tdm__rbuf tmp;           /* a field being quoted */
	tdm__rbuf why;           /* a row's reasons */

	kept *heap;              /* worst on top */
	size_t n_heap;

	tdm_batch_stats st;
	unsigned long long bytes;
} batch;

/* ------------------------------------------------------------------------
 * Output
 * --------------------------------------------------------------------- */

/* Append a field to b, quoted when RFC 4180 needs it. */
static void
csv_field(tdm__rbuf *b, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			break;
	if (i == len) {
		tdm__rbuf_add(b, s, len);
		return;
	}
	tdm__rbuf_add(b, "\"", 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			tdm__rbuf_add(b, s + start, i + 1 - start);
			tdm__rbuf_add(b, "\"", 1);
			start = i + 1;
		}
	}
	tdm__rbuf_add(b, s + start, len - start);
	tdm__rbuf_add(b, "\"", 1);
}

static void
out_field(batch *b, const char *s, size_t len)
{
	tdm__rbuf_clear(&b->tmp);
	csv_field(&b->tmp, s, len);
	tdm__out_write(&b->out, tdm__rbuf_str(&b->tmp), b->tmp.len);
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
           size_t len)
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
			return tdm__nomem(b->err);
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

static void
free_reasons(tdm_option_result *or)
{
	size_t k;

	for (k = 0; k < or->n_reasons; k++) {
		tdm_value_free(&or->reasons[k].observed);
		free(or->reasons[k].detail);
	}
	free(or->reasons);
	or->reasons = NULL;
	or->n_reasons = 0;
}

static tdm_status
batch_init(batch *b, tdm_error *err)
{
	size_t n = b->block, k = b->m->n_criteria, i;

	tdm_option *opts;

	if ((b->bm = tdm_model_clone(b->m)) == NULL)
		return tdm__nomem(err);
	tdm_model_clear_options(b->bm);
	if ((opts = realloc(b->bm->options, n * sizeof *opts)) == NULL)
		return tdm__nomem(err);
	b->bm->options = opts;
	b->br.options = calloc(n, sizeof *b->br.options);
	b->x = calloc(n * k, sizeof *b->x);
	b->score = calloc(n, sizeof *b->score);
	b->eligible = calloc(n, 1);
	b->row_off = calloc(n + 1, sizeof *b->row_off);
	b->heap = b->cfg->top > 0 ? calloc(b->cfg->top, sizeof *b->heap) : NULL;
	if (b->br.options == NULL || b->x == NULL ||
	    b->score == NULL || b->eligible == NULL || b->row_off == NULL ||
	    (b->cfg->top > 0 && b->heap == NULL))
		return tdm__nomem(err);
	b->bm->cap_options = n;
	memset(b->bm->options, 0, n * sizeof *b->bm->options);
	b->br.model = b->bm;
	b->br.n_options = n;
	b->br.n_criteria = k;
	for (i = 0; i < n; i++)
		b->br.options[i].rank = 0;
	b->source_id = tdm_model_source(b->bm, b->source);
	if (b->source_id < 0)
		return tdm__nomem(err);
	return TDM_OK;
}

static void
batch_free(batch *b)
{
	size_t i;

	if (b->bm != NULL) {
		/* every slot ever used holds a name and values */
		b->bm->n_options = b->bm->cap_options;
		tdm_model_free(b->bm);
	}
	if (b->br.options != NULL)
		for (i = 0; i < b->block; i++)
			free_reasons(&b->br.options[i]);
	free(b->br.options);
	free(b->x);
	free(b->score);
	free(b->eligible);
	free(b->row_off);
	free(b->attr_ids);
	for (i = 0; b->heap != NULL && i < b->cfg->top; i++)
		free(b->heap[i].text);
	free(b->heap);
	tdm__rbuf_free(&b->text);
	tdm__rbuf_free(&b->tmp);
	tdm__rbuf_free(&b->why);
}

/* Empty slot i for a new row: its values become missing, its name is
 * overwritten; the arrays are kept. */
static tdm_status
slot_reset(batch *b, size_t i, const char *name, size_t len, long line)
{
	tdm_option *o = &b->bm->options[i];
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
	o->source = b->source_id;
	o->line = line;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Scoring a block
 * --------------------------------------------------------------------- */

/* Resolve and score the block's options 0..n-1 (n = bm->n_options). */
static tdm_status
score_rows(batch *b, tdm_error *err)
{
	tdm__scorer sc;
	size_t n = b->bm->n_options, i;
	tdm_status s;

	for (i = 0; i < n; i++)
		free_reasons(&b->br.options[i]);
	b->br.n_options = n;
	if (b->hooks != NULL && b->hooks->rows_changed != NULL)
		b->hooks->rows_changed(b->hooks->ud);
	if ((s = tdm__resolve(b->bm, b->hooks, &b->br, b->x, b->eligible,
	                      err)) != TDM_OK)
		return s;
	s = tdm__scorer_init(&sc, b->bm, b->hooks, b->plan->method,
	                     b->plan->normalization,
	                     b->bm->has_vikor_v ? b->bm->vikor_v : 0.5, b->x,
	                     b->eligible, err);
	if (s == TDM_OK && sc.n > 0)
		s = tdm__scorer_run(&sc, b->plan->weights, b->score, err);
	if (s == TDM_OK) {
		/* scores of the dense rows back to their slots, in place:
		 * rows[] is increasing, so walking down never overwrites a
		 * score still to be moved */
		for (i = sc.n; i-- > 0;)
			b->score[sc.rows[i]] = b->score[i];
	}
	tdm__scorer_free(&sc);
	return s;
}

/* Write (or keep) the rows of the block whose slots are in [0, n). */
static tdm_status
emit_rows(batch *b, size_t n, const unsigned char *bad)
{
	size_t i;
	tdm_status s;

	for (i = 0; i < n; i++) {
		const char *text = b->text.s + b->row_off[i];
		size_t len = b->row_off[i + 1] - b->row_off[i];
		const tdm_option_result *or = &b->br.options[i];

		if (bad != NULL && bad[i])
			continue;
		if (b->eligible[i])
			b->st.ranked++;
		else
			b->st.rejected++;
		if (b->cfg->top > 0) {
			if (b->eligible[i] &&
			    (s = heap_offer(b, b->score[i], b->first_seq + i, text,
			                    len)) != TDM_OK)
				return s;
			continue;
		}
		tdm__out_write(&b->out, text, len);
		tdm__out_putc(&b->out, ',');
		if (b->eligible[i]) {
			out_score(b, b->score[i]);
			tdm__out_puts(&b->out, ",ranked,\n");
			continue;
		}
		tdm__out_puts(&b->out, ",rejected,");
		tdm__rbuf_clear(&b->why);
		tdm__reasons_text(&b->why, &b->br, or);
		if (b->why.nomem)
			return tdm__nomem(b->err);
		out_field(b, tdm__rbuf_str(&b->why), b->why.len);
		tdm__out_putc(&b->out, '\n');
	}
	return b->out.failed ? TDM_IO : TDM_OK;
}

/* A block failed and we keep going: score its rows one at a time, each
 * moved into slot 0, to find the bad ones. */
static tdm_status
block_by_rows(batch *b, size_t n)
{
	unsigned char *bad = calloc(n, 1);
	double *score = calloc(n, sizeof *score);
	unsigned char *elig = calloc(n, 1);
	tdm_option_result *res = calloc(n, sizeof *res);
	tdm_option *opts = b->bm->options;
	tdm_error e;
	size_t i;
	tdm_status s = TDM_OK;

	if (bad == NULL || score == NULL || elig == NULL || res == NULL) {
		s = tdm__nomem(b->err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		tdm_option t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		b->bm->n_options = 1;
		tdm_error_clear(&e);
		s = score_rows(b, &e);
		t = opts[0];
		opts[0] = opts[i];
		opts[i] = t;
		if (s == TDM_NOMEM || s == TDM_IO) {
			*b->err = e;
			goto out;
		}
		if (s != TDM_OK) {
			bad[i] = 1;
			b->st.bad++;
			if (b->cfg->bad_row != NULL)
				b->cfg->bad_row(b->cfg->ud, &e);
			s = TDM_OK;
			continue;
		}
		score[i] = b->score[0];
		elig[i] = b->eligible[0];
		res[i] = b->br.options[0];
		memset(&b->br.options[0], 0, sizeof b->br.options[0]);
	}
	for (i = 0; i < n; i++) {
		free_reasons(&b->br.options[i]);
		b->br.options[i] = res[i];
		b->score[i] = score[i];
		b->eligible[i] = elig[i];
	}
	memset(res, 0, n * sizeof *res);
	b->bm->n_options = n;
	s = emit_rows(b, n, bad);
out:
	if (res != NULL)
		for (i = 0; i < n; i++)
			free_reasons(&res[i]);
	free(res);
	free(bad);
	free(score);
	free(elig);
	return s;
}

static tdm_status
flush_block(batch *b)
{
	size_t n = b->bm->n_options;
	tdm_status s;

	if (n == 0)
		return TDM_OK;
	s = score_rows(b, b->err);
	if (s == TDM_OK)
		s = emit_rows(b, n, NULL);
	else if (b->cfg->keep_going && s != TDM_NOMEM && s != TDM_IO)
		s = block_by_rows(b, n);
	b->first_seq += n;
	b->bm->n_options = 0;
	tdm__rbuf_clear(&b->text);
	if (s == TDM_OK && b->cfg->progress != NULL)
		b->cfg->progress(b->cfg->ud, b->bytes, b->st.rows);
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
	size_t n = row->n_fields, i;
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
		if (i != b->name_col &&
		    (b->attr_ids[i] = tdm_model_attr(b->bm, row->fields[i], 1)) < 0)
			return tdm__nomem(err);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			tdm__out_putc(&b->out, ',');
		out_field(b, row->fields[i], row->lens[i]);
	}
	tdm__out_puts(&b->out, b->cfg->top > 0 ? ",score,verdict,reason,rank\n"
	                                       : ",score,verdict,reason\n");
	return TDM_OK;
}

/* Put one data row into the next slot. */
static tdm_status
on_data(batch *b, const tdm_csv_row *row, tdm_error *err)
{
	size_t slot = b->bm->n_options, i, nc = b->name_col;
	tdm_option *o = &b->bm->options[slot];
	tdm_status s;

	if ((s = tdm__csv_check_utf8(b->source, row, nc, err)) != TDM_OK)
		return s;
	if (row->lens[nc] == 0)
		return tdm_error_set(err, TDM_DATA, b->source, row->line,
		                     (long)(nc + 1), "empty option name");
	if ((s = slot_reset(b, slot, row->fields[nc], row->lens[nc],
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
		b->bm->n_options = slot + 1;
		s = tdm_model_set_value(b->bm, slot, (size_t)b->attr_ids[i], &v,
		                        err);
		b->bm->n_options = slot;
		if (s != TDM_OK)
			return s;
	}
	b->row_off[slot] = b->text.len;
	for (i = 0; i < b->n_in; i++) {
		if (i > 0)
			tdm__rbuf_add(&b->text, ",", 1);
		csv_field(&b->text, row->fields[i], row->lens[i]);
	}
	if (b->text.nomem)
		return tdm__nomem(err);
	b->row_off[slot + 1] = b->text.len;
	b->bm->n_options = slot + 1;
	return TDM_OK;
}

static tdm_status
on_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	batch *b = ud;
	size_t i;
	tdm_status s;

	if (b->status != TDM_OK)
		return b->status;   /* a flush from on_ragged failed */
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
	if (b->bm->n_options == b->block)
		return flush_block(b);
	return TDM_OK;
}

/* keep_going: a row with the wrong number of fields, from the reader */
static void
on_ragged(void *ud, const tdm_error *e)
{
	batch *b = ud;
	tdm_error row_err = *e;

	/* the rows before it first, so bad rows are reported in file order */
	if (b->status == TDM_OK)
		b->status = flush_block(b);
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

tdm_status
tdm_batch_eval(const tdm_model *m, const tdm_hooks *hooks, const char *path,
               const tdm_batch_config *cfg, tdm_write_fn write, void *wud,
               tdm_batch_stats *stats, tdm_error *err)
{
	batch b;
	tdm_csv_config ccfg = {0, 0, NULL, NULL};
	tdm_status s;

	memset(&b, 0, sizeof b);
	b.m = m;
	b.hooks = hooks;
	b.cfg = cfg;
	b.source = path;
	b.err = err;
	b.block = cfg->block > 0 ? cfg->block : DEFAULT_BLOCK;
	tdm__rbuf_init(&b.text);
	tdm__rbuf_init(&b.tmp);
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
	s = tdm_csv_stream_file(path, &ccfg, on_row, &b, err);
	if (s == TDM_OK)
		s = b.status;
	if (s == TDM_OK) {
		s = flush_block(&b);
	} else if (s == TDM_DATA && b.bm->n_options > 0) {
		/* A bad row stopped the reader; a row before it, still in the
		 * block, may be bad too, and the first one is the one to say. */
		tdm_error later = *err;
		if (flush_block(&b) == TDM_OK)
			*err = later;
	}
	if (s == TDM_OK && cfg->top > 0)
		write_top(&b);
	if (s == TDM_OK)
		s = tdm__out_finish(&b.out, err);
	if (s == TDM_OK && b.st.bad > 0)
		s = tdm_error_set(err, TDM_DATA, path, 0, 0,
		                  "%llu bad row%s left out (%llu written)", b.st.bad,
		                  b.st.bad == 1 ? "" : "s",
		                  cfg->top > 0 ? (unsigned long long)b.n_heap
		                               : b.st.ranked + b.st.rejected);
out:
	if (stats != NULL)
		*stats = b.st;
	tdm_result_free(b.plan);
	batch_free(&b);
	return s;
}
