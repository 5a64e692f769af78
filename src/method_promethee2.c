/*
 * method_promethee2.c -- PROMETHEE II, the complete outranking ranking.
 *
 * Brans & Vincke (1985), "A preference ranking organisation method",
 * Management Science 31(6), 647-656; the six generalised criteria as in
 * Brans, Vincke & Mareschal (1986), EJOR 24, 228-238. Works from the raw
 * matrix P->x. For options a, b and criterion j, d_j(a, b) is a's advantage
 * in the criterion's better direction (x_a - x_b, or x_b - x_a for a cost
 * criterion) and P_j(d) its preference function (0 for d <= 0):
 *
 *   pi(a, b) = sum_j w_j P_j(d_j(a, b))
 *   phi+(a)  = 1/(n-1) sum_b pi(a, b)     phi-(a) = 1/(n-1) sum_b pi(b, a)
 *   phi(a)   = phi+(a) - phi-(a)           (the score, higher is better)
 *
 * Memory is O(n m): no n x n matrix is ever formed. The flows are sums
 * over pairs, taken criterion by criterion into running sums in the
 * workspace (5n doubles: phi+, phi-, the criterion's sorted values and two
 * sums by sorted position). Every preference function is 0 up to a
 * threshold, exactly 1 beyond another, and monotone in between, so over
 * the sorted values the pairs at 0 or 1 are counted by binary search and
 * only the pairs in between are visited, once each, with the formula:
 * usual, ushape and level cost O(n log n) per criterion, vshape and
 * linear O(n log n) plus their window of pairs closer than p, gaussian
 * the pairs closer than 9 s (beyond that 1 - exp(-r^2/2) is 1.0 to the
 * bit). The worst case stays the O(n^2 m) of the definition.
 *
 * Owns the preference functions, their threshold checks and the flows.
 * Must not normalise, rank, allocate or know about the model.
 */
#include <math.h>

#include "engine.h"

static const char *const pref_names[] = {
	"usual", "ushape", "vshape", "level", "linear", "gaussian"};

static int
bad(double t)
{
	return !isfinite(t) || t < 0;
}

/* Check criterion j's preference function and the thresholds it uses;
 * thresholds it does not use are ignored. The decision loader checks the
 * same when it reads them; this keeps the method safe on its own. */
static tdm_status
check_pref(const tdm__crit *c, size_t j, tdm_error *err)
{
	long col = (long)j + 1;
	char a[40], b[40];

	switch (c->pref) {
	case TDM_PREF_USUAL:
		return TDM_OK;
	case TDM_PREF_USHAPE:
		if (bad(c->q))
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"ushape\" "
			                     "needs a finite q >= 0, got q = %s",
			                     j + 1, tdm_format_number(c->q, a, sizeof a));
		return TDM_OK;
	case TDM_PREF_VSHAPE:
		if (bad(c->p) || c->p == 0)
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"vshape\" "
			                     "needs a finite p > 0, got p = %s",
			                     j + 1, tdm_format_number(c->p, a, sizeof a));
		return TDM_OK;
	case TDM_PREF_LEVEL:
	case TDM_PREF_LINEAR:
		tdm_format_number(c->q, a, sizeof a);
		tdm_format_number(c->p, b, sizeof b);
		if (bad(c->q) || bad(c->p))
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"%s\" needs "
			                     "finite q >= 0 and p >= 0, got q = %s, "
			                     "p = %s",
			                     j + 1, pref_names[c->pref], a, b);
		if (c->pref == TDM_PREF_LINEAR && c->p == 0)
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"linear\" "
			                     "needs p > 0, got p = 0",
			                     j + 1);
		if (c->q > c->p)
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"%s\" needs "
			                     "q <= p, got q = %s, p = %s",
			                     j + 1, pref_names[c->pref], a, b);
		return TDM_OK;
	case TDM_PREF_GAUSSIAN:
		if (bad(c->s) || c->s == 0)
			return tdm_error_set(err, TDM_DATA, NULL, 0, col,
			                     "criterion %zu: preference \"gaussian\" "
			                     "needs a finite s > 0, got s = %s",
			                     j + 1, tdm_format_number(c->s, a, sizeof a));
		return TDM_OK;
	}
	return tdm_error_set(err, TDM_DATA, NULL, 0, col,
	                     "criterion %zu: unknown preference function (%d)",
	                     j + 1, (int)c->pref);
}

/* In place, ascending, O(n log n) and no allocation (qsort may allocate). */
static void
sift_down(double *v, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		double t;
		if (child >= n)
			return;
		if (child + 1 < n && v[child] < v[child + 1])
			child++;
		if (!(v[root] < v[child]))
			return;
		t = v[root], v[root] = v[child], v[child] = t;
		root = child;
	}
}

static void
sort_values(double *v, size_t n)
{
	size_t i;
	double t;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (i = n - 1; i > 0; i--) {
		t = v[0], v[0] = v[i], v[i] = t;
		sift_down(v, 0, i);
	}
}

/* Beyond this many standard deviations 1 - exp(-r^2 / 2) is exactly 1.0
 * in double precision (exp(-40.5) < 2^-54), so such pairs are counted,
 * not computed: the result is the same to the bit. */
#define GAUSS_FAR 9.0

/* P(d) == 1 exactly ("far"), for an advantage d. Monotone in d. */
static int
is_far(const tdm__crit *c, double d)
{
	switch (c->pref) {
	case TDM_PREF_USUAL:
		return d > 0;
	case TDM_PREF_USHAPE:
		return d > c->q;
	case TDM_PREF_VSHAPE:
		return d >= c->p;
	case TDM_PREF_LEVEL:
	case TDM_PREF_LINEAR:
		return d > c->p;
	case TDM_PREF_GAUSSIAN:
		return d / c->s >= GAUSS_FAR;
	}
	return 1;
}

/* P(d) == 0 below or at this advantage. */
static double
zero_until(const tdm__crit *c)
{
	switch (c->pref) {
	case TDM_PREF_USHAPE:
	case TDM_PREF_LEVEL:
	case TDM_PREF_LINEAR:
		return c->q;
	default:
		return 0;
	}
}

/* With z ascending, y - z[i] falls as i grows: the number of i (a prefix)
 * where y - z[i] is far, or (gt) where it is > t. */
static size_t
count_below(const tdm__crit *c, const double *z, size_t n, double y,
            int gt, double t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		double d = y - z[mid];
		if (gt ? d > t : is_far(c, d))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The number of i (a suffix) where z[i] - y is far, or (gt) > t. */
static size_t
count_above(const tdm__crit *c, const double *z, size_t n, double y,
            int gt, double t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		double d = z[mid] - y;
		if (gt ? d > t : is_far(c, d))
			hi = mid;
		else
			lo = mid + 1;
	}
	return n - lo;
}

/* The first position of y in z (y is one of z's values). */
static size_t
position(const double *z, size_t n, double y)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The pairs whose preference is strictly between 0 and 1 (vshape, linear,
 * gaussian), over the sorted values z: for each position k, the i < k
 * whose advantage d = z[k] - z[i] is past the zero region and not far.
 * Each such pair is visited once and T(d) goes to the better one's
 * positive sum (up[k]) and the other's negative sum (down[i]). T is the
 * preference itself (gaussian) or its numerator (vshape d, linear d - q),
 * the common denominator being applied once per option. Positions that
 * hold equal values get identical sums, in the same order.
 */
#define WINDOW(FAR, T)                                                     \
	for (k = 0; k < n; k++) {                                              \
		const double zk = z[k];                                            \
		size_t i = count_below(c, z, n, zk, 1, z0);                        \
		double acc = 0;                                                    \
		while (i-- > 0) {                                                  \
			const double d = zk - z[i];                                    \
			double t;                                                      \
			if (FAR)                                                       \
				break;                                                     \
			t = (T);                                                       \
			acc += t;                                                      \
			down[i] += t;                                                  \
		}                                                                  \
		up[k] = acc;                                                       \
	}

/*
 * Criterion c's contribution, weighted by wj, to the flows of every
 * option. z, up and down are workspace of n doubles each. Pairs whose
 * preference is 0 or exactly 1 are counted by binary search over the
 * sorted values; only the pairs in between are visited, so usual, ushape
 * and level take O(n log n) and the others O(n log n) plus their window.
 */
static void
criterion_flows(const tdm__crit *c, const double *col, size_t n, double wj,
                double *z, double *up, double *down, double *plus,
                double *minus)
{
	const double sign = c->cost ? -1.0 : 1.0, q = c->q, p = c->p;
	const double sd = c->s, z0 = zero_until(c);
	const double denom = c->pref == TDM_PREF_VSHAPE   ? p
	                     : c->pref == TDM_PREF_LINEAR ? p - q
	                                                  : 1.0;
	int windowed = c->pref == TDM_PREF_VSHAPE ||
	               (c->pref == TDM_PREF_LINEAR && p > q) ||
	               c->pref == TDM_PREF_GAUSSIAN;
	size_t a, k;

	for (a = 0; a < n; a++)
		z[a] = sign * col[a];
	sort_values(z, n);
	if (windowed) {
		for (k = 0; k < n; k++)
			down[k] = 0;
		if (c->pref == TDM_PREF_VSHAPE) {
			WINDOW(d >= p, d)
		} else if (c->pref == TDM_PREF_LINEAR) {
			WINDOW(d > p, d - q)
		} else {
			WINDOW(d / sd >= GAUSS_FAR,
			       1.0 - exp(-0.5 * ((d / sd) * (d / sd))))
		}
	}
	for (a = 0; a < n; a++) {
		const double y = sign * col[a];
		const size_t far_b = count_below(c, z, n, y, 0, 0);
		const size_t far_a = count_above(c, z, n, y, 0, 0);
		double fp = (double)far_b, fm = (double)far_a;
		if (c->pref == TDM_PREF_LEVEL) {
			/* q < d <= p: a half each */
			fp += 0.5 * (double)(count_below(c, z, n, y, 1, q) - far_b);
			fm += 0.5 * (double)(count_above(c, z, n, y, 1, q) - far_a);
		} else if (windowed) {
			k = position(z, n, y);
			fp += up[k] / denom;
			fm += down[k] / denom;
		}
		plus[a] += wj * fp;
		minus[a] += wj * fm;
	}
}

tdm_status
tdm__method_promethee2(const tdm__problem *P, const double *norm,
                       const double *w, double *ws, double *score,
                       double *extra, tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n;
	double *plus = ws, *minus = ws + n;
	double *z = ws + 2 * n, *up = ws + 3 * n, *down = ws + 4 * n;
	tdm_status s;

	(void)norm, (void)info;
	for (j = 0; j < P->m; j++)
		if ((s = check_pref(&P->crit[j], j, err)) != TDM_OK)
			return s;
	for (i = 0; i < n; i++)
		plus[i] = 0, minus[i] = 0;
	for (j = 0; j < P->m && n > 1; j++)
		if (w[j] != 0)
			criterion_flows(&P->crit[j], P->x + j * n, n, w[j], z, up,
			                down, plus, minus);
	for (i = 0; i < n; i++) {
		double fp = n > 1 ? plus[i] / (double)(n - 1) : 0;
		double fm = n > 1 ? minus[i] / (double)(n - 1) : 0;
		extra[i] = fp;
		extra[n + i] = fm;
		extra[2 * n + i] = fp - fm;
		score[i] = fp - fm;
	}
	return TDM_OK;
}

size_t
tdm__promethee2_workspace(size_t n, size_t m)
{
	/* the running positive and negative flows, one criterion's sorted
	 * values and the flows of its in-between pairs by sorted position */
	(void)m;
	return 5 * n;
}
