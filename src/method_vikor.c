/*
 * method_vikor.c -- VIKOR, the compromise ranking method.
 *
 * Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A
 * comparative analysis of VIKOR and TOPSIS", EJOR 156(2), 445-455.
 * Works from the raw matrix P->x (VIKOR normalises by its own formula):
 *
 *   f*_j, f-_j  the best and worst value of criterion j (max/min, or
 *               min/max for a cost criterion)
 *   t_ij  = w_j (f*_j - f_ij) / (f*_j - f-_j)            (0 if f*_j == f-_j)
 *   S_i   = sum_j t_ij      R_i = max_j t_ij
 *   Q_i   = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)
 *
 * with S* = min S, S- = max S (likewise R); a part whose spread is within
 * 1e-12 (all S, or all R, equal) contributes 0. The score is Q, lower is
 * better; the extra columns are S, R and Q. The compromise set follows the
 * paper's two conditions (acceptable advantage, acceptable stability).
 *
 * Owns the VIKOR arithmetic and the compromise set only. Must not
 * normalise, rank, allocate or know about the model.
 */
#include <math.h>

#include "engine.h"

/* Spreads and gaps of S, R and Q are sums of weighted fractions in
 * [0, 1]: a difference this small is rounding noise, not a difference
 * (the same tolerance rank.c uses for ties). */
#define VIKOR_EPS 1e-12

/* Q order: by Q, then by row, so the order is total and deterministic
 * (rows with equal Q keep model order, as ranks do). */
static int
q_before(const double *q, size_t a, size_t b)
{
	return q[a] < q[b] || (q[a] == q[b] && a < b);
}

static void
sift_down(const double *q, size_t *h, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, t;
		if (child >= n)
			return;
		if (child + 1 < n && q_before(q, h[child], h[child + 1]))
			child++;
		if (!q_before(q, h[root], h[child]))
			return;
		t = h[root], h[root] = h[child], h[child] = t;
		root = child;
	}
}

/* Heap sort of row indices by Q order: in place, O(k log k), so a
 * compromise set as large as n (identical options) costs no allocation. */
static void
sort_by_q(const double *q, size_t *h, size_t k)
{
	size_t i, t;

	if (k < 2)
		return;
	for (i = k / 2; i-- > 0;)
		sift_down(q, h, i, k);
	for (i = k - 1; i > 0; i--) {
		t = h[0], h[0] = h[i], h[i] = t;
		sift_down(q, h, 0, i);
	}
}

tdm_status
tdm__method_vikor(const tdm__problem *P, const double *norm, const double *w,
                  double *ws, double *score, double *extra,
                  tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n, a1, a2, k;
	double *S = extra, *R = extra + n, *Q = extra + 2 * n;
	double v = P->vikor_v, s_min, s_max, r_min, r_max, dq;
	int c1, c2;

	(void)norm, (void)ws;
	if (!(v >= 0 && v <= 1))
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "vikor: v must be a number between 0 and 1");
	info->vikor_v = v;
	info->n_compromise = 0;
	info->vikor_advantage = 0;
	info->vikor_stability = 0;
	if (n == 0)
		return TDM_OK;

	for (i = 0; i < n; i++)
		S[i] = 0, R[i] = 0;
	for (j = 0; j < P->m; j++) {
		const double *col = P->x + j * n;
		double lo = col[0], hi = col[0], best, range;
		for (i = 1; i < n; i++) {
			if (col[i] < lo)
				lo = col[i];
			if (col[i] > hi)
				hi = col[i];
		}
		if (hi == lo || w[j] == 0)
			continue;    /* constant column or zero weight: terms 0 */
		/* halves: exact, and hi - lo cannot overflow to infinity */
		best = (P->crit[j].cost ? lo : hi) / 2;
		range = hi / 2 - lo / 2;
		for (i = 0; i < n; i++) {
			double t = w[j] * (fabs(best - col[i] / 2) / range);
			S[i] += t;
			if (t > R[i])
				R[i] = t;
		}
	}

	s_min = s_max = S[0];
	r_min = r_max = R[0];
	for (i = 1; i < n; i++) {
		s_min = S[i] < s_min ? S[i] : s_min;
		s_max = S[i] > s_max ? S[i] : s_max;
		r_min = R[i] < r_min ? R[i] : r_min;
		r_max = R[i] > r_max ? R[i] : r_max;
	}
	for (i = 0; i < n; i++) {
		double q = 0;
		if (s_max - s_min > VIKOR_EPS)
			q += v * ((S[i] - s_min) / (s_max - s_min));
		if (r_max - r_min > VIKOR_EPS)
			q += (1 - v) * ((R[i] - r_min) / (r_max - r_min));
		Q[i] = q;
		score[i] = q;
	}

	/* a1, a2: the first two in Q order */
	a1 = 0;
	for (i = 1; i < n; i++)
		if (q_before(Q, i, a1))
			a1 = i;
	a2 = a1;
	for (i = 0; i < n; i++)
		if (i != a1 && (a2 == a1 || q_before(Q, i, a2)))
			a2 = i;

	/* C1, acceptable advantage: Q(a2) - Q(a1) >= DQ = 1 / (n - 1). With
	 * one option there is no a2 and no DQ: C1 holds by definition. */
	dq = n > 1 ? 1.0 / (double)(n - 1) : 0;
	c1 = n == 1 || Q[a2] - Q[a1] >= dq - VIKOR_EPS;
	/* C2, acceptable stability: a1 is also best by S or by R (ties with
	 * the best count as best). */
	c2 = S[a1] - s_min <= VIKOR_EPS || R[a1] - r_min <= VIKOR_EPS;
	info->vikor_advantage = c1;
	info->vikor_stability = c2;
	if (info->compromise == NULL)
		return TDM_OK;

	if (c1 && c2) {
		info->compromise[0] = a1;
		info->n_compromise = 1;
	} else if (c1) {
		info->compromise[0] = a1;
		info->compromise[1] = a2;
		info->n_compromise = 2;
	} else {
		/* a1 .. aM, M the largest with Q(aM) - Q(a1) < DQ, in Q order */
		k = 0;
		for (i = 0; i < n; i++)
			if (Q[i] - Q[a1] < dq - VIKOR_EPS)
				info->compromise[k++] = i;
		sort_by_q(Q, info->compromise, k);
		info->n_compromise = k;
	}
	return TDM_OK;
}

size_t
tdm__vikor_workspace(size_t n, size_t m)
{
	/* S, R and Q live in the extra columns; nothing else is needed */
	(void)n, (void)m;
	return 0;
}
