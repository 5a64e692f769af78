/*
 * weights_objective.c -- weights derived from an order (rank-order
 * centroid) or from the data themselves (Shannon entropy, CRITIC).
 *
 * Owns the three formulas and their degenerate cases: every input gives
 * either finite weights >= 0 that sum to 1, or an error; never NaN.
 * Must not know about models, criteria names or guardrails (the caller
 * passes the dense matrix of the options that count, column-major,
 * x[j * n + i] for option i and criterion j), and must not print.
 * doc/methods.md states the formulas, defaults and sources.
 */
#include <math.h>
#include <stdlib.h>

#include "tdm.h"
#include "util.h"

/* Rank-order centroid, Barron & Barrett (1996), "Decision quality using
 * ranked attribute weights", Management Science 42(11), 1515-1523:
 * w_k = (1/m) sum_{i=k..m} 1/i. Summed from the smallest term up, so the
 * last weights are exact to the last bit and the first lose nothing to
 * the small ones. */
void
tdm_weights_roc(size_t m, double *w)
{
	double tail = 0;
	size_t k;

	for (k = m; k > 0; k--) {
		tail += 1.0 / (double)k;
		w[k - 1] = tail / (double)m;
	}
}

static void
equal(size_t m, double *w)
{
	size_t j;

	for (j = 0; j < m; j++)
		w[j] = 1.0 / (double)m;
}

/* Every value finite: a NaN or infinity would make every weight NaN. */
static tdm_status
check_finite(const char *scheme, const double *x, size_t n, size_t m,
             tdm_error *err)
{
	size_t i, j;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			if (!isfinite(x[j * n + i]))
				return tdm_error_set(err, TDM_DATA, NULL, 0, (long)(j + 1),
				                     "%s weights: criterion %zu, option "
				                     "%zu is not a finite number",
				                     scheme, j + 1, i + 1);
	return TDM_OK;
}

/* Shannon entropy weights (Zeleny 1982; Hwang & Yoon 1981), the formula
 * of pymcdm's entropy_weights: p_ij = x_ij / sum_i x_ij,
 * E_j = -(1 / ln n) sum_i p_ij ln p_ij, d_j = 1 - E_j, w_j = d_j / sum d.
 *
 * Degenerate cases, all documented in doc/methods.md:
 * - a negative value: error (p would be negative, ln undefined);
 * - a zero: 0 ln 0 = 0, its limit (pymcdm instead sets E_j = 0 for any
 *   column holding a zero, which gives that column the largest weight);
 * - an all-zero column carries no information: E_j = 1, d_j = 0, like any
 *   constant column;
 * - one option: no column can tell options apart, equal weights;
 * - every d_j = 0 (every column constant): equal weights. */
tdm_status
tdm_weights_entropy(const double *x, size_t n, size_t m, double *w,
                    tdm_error *err)
{
	double total = 0, lnn;
	size_t i, j;
	tdm_status s;

	if (m == 0)
		return TDM_OK;
	if (n == 0)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "entropy weights need at least one option");
	if ((s = check_finite("entropy", x, n, m, err)) != TDM_OK)
		return s;
	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			if (x[j * n + i] < 0)
				return tdm_error_set(
					err, TDM_DATA, NULL, 0, (long)(j + 1),
					"entropy weights: criterion %zu has a negative value "
					"(%g, option %zu); entropy needs values >= 0 because "
					"p_ij = x_ij / sum_i x_ij is a share",
					j + 1, x[j * n + i], i + 1);
	if (n == 1) {
		equal(m, w);
		return TDM_OK;
	}
	lnn = log((double)n);
	for (j = 0; j < m; j++) {
		const double *col = x + j * n;
		double top = 0, sum = 0, h = 0, e;

		for (i = 1; i < n && col[i] == col[0]; i++)
			;
		if (i == n) {
			/* Constant (all zero included): no information. Exactly 0,
			 * not the rounding residue of ln n / ln n. */
			w[j] = 0;
			continue;
		}
		/* Shares do not change when the column is scaled by its largest
		 * value (> 0 here), and the scaled sum, at most n, cannot
		 * overflow. */
		for (i = 0; i < n; i++)
			if (col[i] > top)
				top = col[i];
		for (i = 0; i < n; i++)
			sum += col[i] / top;
		for (i = 0; i < n; i++) {
			double p = col[i] / top / sum;
			if (p > 0) /* 0 ln 0 = 0 */
				h -= p * log(p);
		}
		e = h / lnn;
		/* Rounding can leave E a hair above 1 (or, in theory, below 0). */
		if (e > 1)
			e = 1;
		if (e < 0)
			e = 0;
		w[j] = 1 - e;
		total += w[j];
	}
	if (!(total > 0)) {
		equal(m, w);
		return TDM_OK;
	}
	for (j = 0; j < m; j++)
		w[j] /= total;
	return TDM_OK;
}

/* CRITIC, Diakoulaki, Mavrotas & Papayannakis (1995), "Determining
 * objective weights in multiple criteria problems: the CRITIC method",
 * Computers & Operations Research 22(7), 763-770; as pymcdm's
 * critic_weights:
 *   z_ij = (x_ij - min_j) / (max_j - min_j)   (cost columns flipped to
 *          (max_j - x_ij) / (max_j - min_j) only if flip_cost),
 *   sigma_j = sample standard deviation of z_j (n - 1 in the divisor),
 *   r_jk = Pearson correlation of z_j and z_k,
 *   C_j = sigma_j sum_k (1 - r_jk),  w_j = C_j / sum C.
 * The divisor of sigma scales every C_j alike, so it does not change the
 * weights; flipping a column changes the sign of its correlations, hence
 * the explicit option (default off, as in the paper).
 *
 * Degenerate cases: a constant column normalises to zeros, its sigma is
 * 0 and so is its weight; its correlation with any column is undefined
 * and taken as 0. Fewer than two options, or every C_j = 0: equal weights.
 */
tdm_status
tdm_weights_critic(const double *x, size_t n, size_t m,
                   const unsigned char *cost, int flip_cost, double *w,
                   tdm_error *err)
{
	double *z = NULL, *sd = NULL, total = 0;
	size_t i, j, k;
	tdm_status s;

	if (m == 0)
		return TDM_OK;
	if ((s = check_finite("CRITIC", x, n, m, err)) != TDM_OK)
		return s;
	if (n < 2) {
		equal(m, w);
		return TDM_OK;
	}
	z = malloc(n * m * sizeof *z);
	sd = malloc(m * sizeof *sd);
	if (z == NULL || sd == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	/* Normalise, then centre each column: z keeps z - mean, which is all
	 * that sigma and r need. */
	for (j = 0; j < m; j++) {
		const double *col = x + j * n;
		double *zc = z + j * n;
		double lo = col[0], hi = col[0], range, mean = 0, ss = 0;
		int flip = flip_cost && cost != NULL && cost[j];

		for (i = 1; i < n; i++) {
			if (col[i] < lo)
				lo = col[i];
			if (col[i] > hi)
				hi = col[i];
		}
		range = hi - lo;
		for (i = 0; i < n; i++) {
			if (!(range > 0))
				zc[i] = 0;
			else if (!isfinite(range)) /* |hi|, |lo| near DBL_MAX */
				zc[i] = flip ? (hi / 2 - col[i] / 2) / (hi / 2 - lo / 2)
				             : (col[i] / 2 - lo / 2) / (hi / 2 - lo / 2);
			else
				zc[i] = flip ? (hi - col[i]) / range : (col[i] - lo) / range;
			mean += zc[i];
		}
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			zc[i] -= mean;
			ss += zc[i] * zc[i];
		}
		sd[j] = sqrt(ss / (double)(n - 1));
	}
	for (j = 0; j < m; j++) {
		double conflict = 0;

		if (!(sd[j] > 0)) {
			w[j] = 0;
			continue;
		}
		for (k = 0; k < m; k++) {
			double r = 0, dot = 0;

			if (k == j)
				continue; /* r_jj = 1 adds nothing */
			if (sd[k] > 0) {
				for (i = 0; i < n; i++)
					dot += z[j * n + i] * z[k * n + i];
				/* sd carries the same n - 1 as the covariance would. */
				r = dot / ((double)(n - 1) * sd[j] * sd[k]);
				if (r > 1)
					r = 1;
				if (r < -1)
					r = -1;
			}
			conflict += 1 - r;
		}
		w[j] = sd[j] * conflict;
		total += w[j];
	}
	if (!(total > 0))
		equal(m, w);
	else
		for (j = 0; j < m; j++)
			w[j] /= total;
	s = TDM_OK;
out:
	free(sd);
	free(z);
	return s;
}
