/*
 * acceptability.c -- SMAA-2 style rank acceptability (Lahdelma & Salminen
 * 2001): sample many weightings, rank the options under each, and count.
 *
 * Owns tdm_acceptability_compute and its pseudo-random numbers. Weights
 * are drawn uniformly on the simplex (Dirichlet(1, ..., 1): k independent
 * standard exponentials divided by their sum -- Devroye 1986, "Non-Uniform
 * Random Variate Generation", ch. V.2 and XI.4; Rubinstein & Kroese,
 * "Simulation and the Monte Carlo Method", 2nd ed., sec. 2.7), or, with a
 * spread s > 0, each given weight multiplied by a factor uniform in
 * [1 - s, 1 + s] and the whole renormalised (a weight of 0 stays 0). The
 * generator is xoshiro256** seeded through splitmix64 (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", 2018; both public
 * domain reference code at prng.di.unimi.it), so the same seed gives the
 * same numbers on every platform with IEEE doubles and a correct log().
 *
 * Per sample the ranked options are scored through a tdm__scorer and
 * ranked by rank.c's rule (ties within 1e-12 relative share the best rank)
 * through a tdm__topk on buffers allocated once: the sampling loop
 * allocates nothing. Counting every rank sorts every sample; counting the
 * first few ranks (tdm_acceptability_compute_top, for the REPL) finds them
 * in one pass and gives the same shares for those ranks. The samples of
 * a chunk may be scored by tdm_threads() workers; the draws and the sums
 * of the central weights stay in sample order in the calling thread, so
 * every number is the same bits with any number of threads
 * (doc/design/repl-performance.md).
 *
 * Ranges: when a ranked option's attribute is a range {lo, hi}
 * (ranked at its midpoint by resolve.c), every sample also draws that
 * value uniformly in [lo, hi] (after the sample's weights, options in rank
 * order, criteria in model order, so the seed reproduces it) and sets it
 * through tdm__scorer_set_value, so the ranges widen the analysis. Must
 * not print, render, or change the result or the model.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"

/* ------------------------------------------------------------------------
 * xoshiro256** and splitmix64 (Blackman & Vigna 2018)
 * --------------------------------------------------------------------- */

typedef struct {
	uint64_t s[4];
} prng;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
prng_next(prng *g)
{
	uint64_t *s = g->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static void
prng_seed(prng *g, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		g->s[i] = splitmix64(&seed);
}

/* Uniform in [0, 1): the top 53 bits. */
static double
prng_unit(prng *g)
{
	return (double)(prng_next(g) >> 11) * 0x1.0p-53;
}

/* A standard exponential by inversion: -log(1 - U), 1 - U in (0, 1]. */
static double
prng_exp(prng *g)
{
	return -log(1.0 - prng_unit(g));
}

/* ------------------------------------------------------------------------
 * Sampling
 * --------------------------------------------------------------------- */

/* One weighting into w (k entries summing to 1). */
static void
sample_weights(prng *g, const double *w0, size_t k, double spread, double *w)
{
	double sum = 0;
	size_t j;

	for (j = 0; j < k; j++) {
		w[j] = spread > 0 ? w0[j] * (1 - spread + 2 * spread * prng_unit(g))
		                  : prng_exp(g);
		sum += w[j];
	}
	if (!(sum > 0)) {
		/* every factor hit 0 (spread 1): keep the given weights */
		for (j = 0; j < k; j++)
			w[j] = w0[j];
		return;
	}
	for (j = 0; j < k; j++)
		w[j] /= sum;
}

/* ------------------------------------------------------------------------
 * Uncertain values: ranges {lo, hi} are drawn too
 * --------------------------------------------------------------------- */

typedef struct {
	size_t row, c;              /* scorer row and criterion */
	double lo, hi;              /* the range of the raw attribute */
	const tdm_value_fn *vf;     /* the criterion's rule, or NULL */
} range_cell;

/* The ranked options' range attributes, in row then criterion order (the
 * order of the draws, part of what a seed reproduces). A criterion with a
 * score function sees no attribute and is skipped. *out is NULL when
 * there are none; caller frees. */
static tdm_status
find_ranges(const tdm_model *m, const tdm__scorer *sc, range_cell **out,
            size_t *n_out, tdm_error *err)
{
	size_t i, c, n = 0, pass;
	range_cell *rg = NULL;

	*out = NULL;
	*n_out = 0;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (n == 0)
				return TDM_OK;
			if ((rg = calloc(n, sizeof *rg)) == NULL)
				return tdm__nomem(err);
			n = 0;
		}
		for (i = 0; i < sc->n; i++)
			for (c = 0; c < m->n_criteria; c++) {
				const tdm_criterion *cr = &m->criteria[c];
				const tdm_value *v;
				if (cr->score_fn > 0)
					continue;
				v = tdm_model_value(m, sc->rows[i],
				                    tdm_model_find_attr(m, cr->name));
				if (v->type != TDM_VAL_RANGE)
					continue;
				if (pass == 1) {
					rg[n].row = i;
					rg[n].c = c;
					rg[n].lo = v->as.range.lo;
					rg[n].hi = v->as.range.hi;
					rg[n].vf = cr->vf.kind != TDM_VF_NONE ? &cr->vf : NULL;
				}
				n++;
			}
	}
	*out = rg;
	*n_out = n;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Workers: the samples of a chunk, shared out
 * --------------------------------------------------------------------- */

/* Samples are drawn in chunks, in order, by the calling thread (the seed
 * reproduces the draws whatever the threads); the scoring and ranking of
 * a chunk's samples are shared out among tdm_threads() workers, each with
 * its own scorer, in contiguous slices. A worker counts ranks into its
 * own table (integers: the sum over workers is the same whatever the
 * split) and notes, per sample, the first winner and how many there are;
 * the central weights are then summed by the calling thread in sample
 * order, so that they are the same bits as with one thread. */
#define CHUNK 2048

typedef struct {
	tdm__scorer sc;
	tdm__topk top;
	double *scores;
	size_t *counts;            /* n x nr */
	/* the chunk, set for each one */
	const double *W;           /* chunk x k weights */
	const double *V;           /* chunk x n_rg range values */
	const range_cell *rg;
	const size_t *pos;         /* scorer row -> position in r's order */
	size_t k, n_rg, nr, from, to;
	tdm_direction dir;
	size_t *first;             /* per sample of the chunk: a winner */
	size_t *n_win;             /*   and how many share rank 1 */
	tdm_status st;             /* TDM_OK, or why the worker stopped */
	tdm_error err;
} worker;

static tdm_status
worker_init(worker *wk, const tdm_model *m, const tdm_hooks *hooks,
            const tdm_result *r, const unsigned char *subset, size_t nr,
            tdm_error *err)
{
	tdm_status st;

	memset(wk, 0, sizeof *wk);
	st = tdm__scorer_init(&wk->sc, m, hooks, r->method, r->normalization,
	                      r->info.vikor_v, r->values, subset, err);
	if (st != TDM_OK ||
	    (st = tdm__topk_init(&wk->top, wk->sc.n, nr, err)) != TDM_OK)
		return st;
	if ((wk->scores = calloc(wk->sc.n ? wk->sc.n : 1,
	                         sizeof *wk->scores)) == NULL ||
	    (wk->counts = calloc(wk->sc.n * nr > 0 ? wk->sc.n * nr : 1,
	                         sizeof *wk->counts)) == NULL)
		return tdm__nomem(err);
	return TDM_OK;
}

static void
worker_free(worker *wk)
{
	tdm__scorer_free(&wk->sc);
	tdm__topk_free(&wk->top);
	free(wk->scores);
	free(wk->counts);
}

/* Score and rank chunk sample s; the number of rows ranked <= nr. */
static size_t
run_sample(worker *wk, size_t s, tdm_error *err, tdm_status *st)
{
	size_t i;

	for (i = 0; i < wk->n_rg; i++)
		tdm__scorer_set_value(&wk->sc, wk->rg[i].row, wk->rg[i].c,
		                      wk->V[s * wk->n_rg + i]);
	*st = tdm__scorer_run(&wk->sc, wk->W + s * wk->k, wk->scores, err);
	if (*st != TDM_OK)
		return 0;
	return tdm__topk_rank(&wk->top, wk->scores, wk->dir);
}

static void
worker_run(void *arg, unsigned t)
{
	worker *wk = (worker *)arg + t;
	size_t s, i, n_top;

	for (s = wk->from; s < wk->to; s++) {
		if ((s & 63) == 0 && tdm_interrupted) {
			wk->st = tdm_error_set(&wk->err, TDM_LIMIT, NULL, 0, 0,
			                       "interrupted");
			return;
		}
		n_top = run_sample(wk, s, &wk->err, &wk->st);
		if (wk->st != TDM_OK)
			return;
		wk->n_win[s] = 0;
		for (i = 0; i < n_top; i++) {
			size_t p = wk->pos[wk->top.rows[i]];
			long rank = wk->top.ranks[i];
			wk->counts[p * wk->nr + (size_t)rank - 1]++;
			if (rank == 1 && wk->n_win[s]++ == 0)
				wk->first[s] = p;
		}
	}
}

tdm_status
tdm_acceptability_compute(const tdm_model *m, const tdm_hooks *hooks,
                          const tdm_result *r,
                          const tdm_acceptability_config *cfg,
                          tdm_acceptability **out, tdm_error *err)
{
	return tdm_acceptability_compute_top(m, hooks, r, cfg, 0, out, err);
}

tdm_status
tdm_acceptability_compute_top(const tdm_model *m, const tdm_hooks *hooks,
                              const tdm_result *r,
                              const tdm_acceptability_config *cfg,
                              size_t n_ranks, tdm_acceptability **out,
                              tdm_error *err)
{
	size_t n = r->n_ranked, k = r->n_criteria, no = r->n_options;
	size_t samples = cfg && cfg->samples ? cfg->samples : TDM_DEFAULT_SAMPLES;
	unsigned long long seed = cfg && cfg->seed ? cfg->seed : TDM_DEFAULT_SEED;
	double spread = cfg ? cfg->spread : 0;
	size_t nr = n_ranks == 0 || n_ranks > n ? n : n_ranks;
	tdm_acceptability *a = NULL;
	unsigned char *subset = NULL;
	size_t *pos = NULL, *first = NULL, *n_win = NULL, *counts = NULL;
	double *W = NULL, *V = NULL, *counts_w = NULL;
	size_t s0, cs, i, j, o, t, n_workers = 1, chunk;
	tdm_status st = TDM_OK;
	worker *wk = NULL;
	range_cell *rg = NULL;
	size_t n_rg = 0;
	prng g;

	*out = NULL;
	if (r->n_options != m->n_options || r->n_criteria != m->n_criteria)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the result does not come from this decision");
	if (!(spread >= 0 && spread <= 1))
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "the spread must be between 0 and 1 (a "
		                     "fraction of each weight), got %g", spread);
	if (n == 0)
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "no option is ranked: there is nothing to "
		                     "sample");
	/* more workers only when each has enough to do and a small rank
	 * table of its own, and only for a built-in method: a decision's
	 * own method runs in its one Lua state, which one thread at a time
	 * may enter */
	if (nr * n <= (size_t)1 << 20 && samples >= 256 &&
	    tdm__method_find(r->method) != NULL)
		n_workers = tdm_threads();
	if (n_workers > samples / 128)
		n_workers = samples / 128;
	if (n_workers < 1)
		n_workers = 1;
	chunk = samples < CHUNK ? samples : CHUNK;
	if ((a = calloc(1, sizeof *a)) == NULL ||
	    (a->options = calloc(n, sizeof *a->options)) == NULL ||
	    (a->rank_share = calloc(n * n, sizeof *a->rank_share)) == NULL ||
	    (a->central_weights = calloc(n * (k ? k : 1),
	                                 sizeof *a->central_weights)) == NULL ||
	    (subset = calloc(no ? no : 1, 1)) == NULL ||
	    (pos = calloc(no ? no : 1, sizeof *pos)) == NULL ||
	    (first = calloc(chunk, sizeof *first)) == NULL ||
	    (n_win = calloc(chunk, sizeof *n_win)) == NULL ||
	    (W = calloc(chunk * (k ? k : 1), sizeof *W)) == NULL ||
	    (counts = calloc(n * nr, sizeof *counts)) == NULL ||
	    (counts_w = calloc(n * (k ? k : 1), sizeof *counts_w)) == NULL ||
	    (wk = calloc(n_workers, sizeof *wk)) == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	a->n_samples = samples;
	a->seed = seed;
	a->spread = spread;
	a->n = n;
	a->m = k;
	a->n_ranks = nr;
	for (i = 0; i < n; i++)
		a->options[i] = r->order[i];
	for (o = 0; o < no; o++)
		subset[o] = r->options[o].rank > 0;
	for (t = 0; t < n_workers; t++) {
		if ((st = worker_init(&wk[t], m, hooks, r, subset, nr, err)) !=
		    TDM_OK)
			goto out;
		/* the decision's own aggregation runs in its one Lua state */
		if (t == 0 && wk[0].sc.method == NULL)
			n_workers = 1;
	}
	/* pos[row]: the position in r's order of the scorer's row */
	{
		size_t *at = calloc(no ? no : 1, sizeof *at);
		if (at == NULL) {
			st = tdm__nomem(err);
			goto out;
		}
		for (i = 0; i < n; i++)
			at[r->order[i]] = i;
		for (i = 0; i < wk[0].sc.n; i++)
			pos[i] = at[wk[0].sc.rows[i]];
		free(at);
	}
	if ((st = find_ranges(m, &wk[0].sc, &rg, &n_rg, err)) != TDM_OK)
		goto out;
	if (n_rg > 0 && (V = calloc(chunk * n_rg, sizeof *V)) == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	prng_seed(&g, seed);
	for (s0 = 0; s0 < samples; s0 += cs) {
		size_t per;
		cs = samples - s0 < chunk ? samples - s0 : chunk;
		/* the draws, in the order one thread made them */
		for (i = 0; i < cs; i++) {
			sample_weights(&g, r->weights, k, spread, W + i * k);
			for (j = 0; j < n_rg; j++) {
				double v = rg[j].lo + (rg[j].hi - rg[j].lo) * prng_unit(&g);
				if (rg[j].vf != NULL)
					v = tdm_value_fn_apply(rg[j].vf, v);
				V[i * n_rg + j] = v;
			}
		}
		per = (cs + n_workers - 1) / n_workers;
		for (t = 0; t < n_workers; t++) {
			worker *w = &wk[t];
			w->W = W, w->V = V, w->rg = rg, w->pos = pos;
			w->k = k, w->n_rg = n_rg, w->nr = nr, w->dir = r->direction;
			w->first = first, w->n_win = n_win;
			w->from = t * per < cs ? t * per : cs;
			w->to = (t + 1) * per < cs ? (t + 1) * per : cs;
		}
		tdm__parallel((unsigned)n_workers, worker_run, wk);
		/* the first failure in sample order is the one reported */
		for (t = 0; t < n_workers; t++)
			if (wk[t].st != TDM_OK) {
				st = wk[t].st;
				if (err != NULL)
					*err = wk[t].err;
				goto out;
			}
		/* central weights in sample order: a sample with one winner adds
		 * to it; ties at rank 1 (rare) are ranked again here */
		for (i = 0; i < cs; i++) {
			const double *w = W + i * k;
			if (n_win[i] == 1) {
				for (j = 0; j < k; j++)
					counts_w[first[i] * k + j] += w[j];
			} else if (n_win[i] > 1) {
				worker *w0 = &wk[0];
				size_t q, n_top = run_sample(w0, i, err, &st);
				if (st != TDM_OK)
					goto out;
				for (q = 0; q < n_top && w0->top.ranks[q] == 1; q++)
					for (j = 0; j < k; j++)
						counts_w[pos[w0->top.rows[q]] * k + j] += w[j];
			}
		}
	}
	for (t = 0; t < n_workers; t++)
		for (i = 0; i < n * nr; i++)
			counts[i] += wk[t].counts[i];
	for (i = 0; i < n; i++)
		for (j = 0; j < nr; j++)
			a->rank_share[i * n + j] =
			    (double)counts[i * nr + j] / (double)samples;
	for (i = 0; i < n; i++)
		for (j = 0; j < k && counts[i * nr] > 0; j++)
			a->central_weights[i * k + j] =
			    counts_w[i * k + j] / (double)counts[i * nr];
	a->confidence = (double)counts[0] / (double)samples;
out:
	for (t = 0; wk != NULL && t < n_workers; t++)
		worker_free(&wk[t]);
	free(wk);
	free(rg);
	free(subset);
	free(pos);
	free(first);
	free(n_win);
	free(W);
	free(V);
	free(counts);
	free(counts_w);
	if (st != TDM_OK) {
		tdm_acceptability_free(a);
		return st;
	}
	*out = a;
	return TDM_OK;
}

void
tdm_acceptability_free(tdm_acceptability *a)
{
	if (a == NULL)
		return;
	free(a->options);
	free(a->rank_share);
	free(a->central_weights);
	free(a);
}
