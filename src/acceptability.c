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
 * in a pass and gives the same shares for those ranks. Ranges: when a ranked option's attribute is a range {lo, hi}
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
	size_t *pos = NULL;
	double *scores = NULL, *w = NULL, *counts_w = NULL;
	size_t *counts = NULL, *wins = NULL;
	size_t s, i, j, o, n_top;
	tdm_status st = TDM_OK;
	tdm__scorer sc;
	tdm__topk top;
	range_cell *rg = NULL;
	size_t n_rg = 0;
	prng g;

	memset(&sc, 0, sizeof sc);
	memset(&top, 0, sizeof top);
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
	if ((a = calloc(1, sizeof *a)) == NULL ||
	    (a->options = calloc(n, sizeof *a->options)) == NULL ||
	    (a->rank_share = calloc(n * n, sizeof *a->rank_share)) == NULL ||
	    (a->central_weights = calloc(n * (k ? k : 1),
	                                 sizeof *a->central_weights)) == NULL ||
	    (subset = calloc(no ? no : 1, 1)) == NULL ||
	    (pos = calloc(no ? no : 1, sizeof *pos)) == NULL ||
	    (scores = calloc(n, sizeof *scores)) == NULL ||
	    (w = calloc(k ? k : 1, sizeof *w)) == NULL ||
	    (counts = calloc(n * nr, sizeof *counts)) == NULL ||
	    (wins = calloc(n, sizeof *wins)) == NULL ||
	    (counts_w = calloc(n * (k ? k : 1), sizeof *counts_w)) == NULL) {
		st = tdm__nomem(err);
		goto out;
	}
	a->n_samples = samples;
	a->seed = seed;
	a->spread = spread;
	a->n = n;
	a->m = k;
	a->n_ranks = nr;
	for (i = 0; i < n; i++) {
		a->options[i] = r->order[i];
		pos[r->order[i]] = i;
	}
	for (o = 0; o < no; o++)
		subset[o] = r->options[o].rank > 0;
	st = tdm__scorer_init(&sc, m, hooks, r->method, r->normalization,
	                      r->info.vikor_v, r->values, subset, err);
	if (st != TDM_OK ||
	    (st = tdm__topk_init(&top, sc.n, nr, err)) != TDM_OK ||
	    (st = find_ranges(m, &sc, &rg, &n_rg, err)) != TDM_OK)
		goto out;
	prng_seed(&g, seed);
	for (s = 0; s < samples; s++) {
		if ((s & 63) == 0 && tdm_interrupted) {
			st = tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
			goto out;
		}
		sample_weights(&g, r->weights, k, spread, w);
		for (i = 0; i < n_rg; i++) {
			double v = rg[i].lo + (rg[i].hi - rg[i].lo) * prng_unit(&g);
			if (rg[i].vf != NULL)
				v = tdm_value_fn_apply(rg[i].vf, v);
			tdm__scorer_set_value(&sc, rg[i].row, rg[i].c, v);
		}
		if ((st = tdm__scorer_run(&sc, w, scores, err)) != TDM_OK)
			goto out;
		n_top = tdm__topk_rank(&top, scores, r->direction);
		for (i = 0; i < n_top; i++) {
			size_t p = pos[sc.rows[top.rows[i]]];
			long rank = top.ranks[i];
			counts[p * nr + (size_t)rank - 1]++;
			if (rank == 1) {
				wins[p]++;
				for (j = 0; j < k; j++)
					counts_w[p * k + j] += w[j];
			}
		}
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < nr; j++)
			a->rank_share[i * n + j] =
			    (double)counts[i * nr + j] / (double)samples;
	for (i = 0; i < n; i++)
		for (j = 0; j < k && wins[i] > 0; j++)
			a->central_weights[i * k + j] =
			    counts_w[i * k + j] / (double)wins[i];
	a->confidence = (double)wins[0] / (double)samples;
out:
	tdm__scorer_free(&sc);
	tdm__topk_free(&top);
	free(rg);
	free(subset);
	free(pos);
	free(scores);
	free(w);
	free(counts);
	free(wins);
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
