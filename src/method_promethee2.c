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
 * No n x n matrix is ever formed (doc/design/promethee-fast.md). Per
 * criterion the values are sorted once with their options. usual, ushape,
 * vshape, level and linear then take one scan: the pairs at 0 and at 1
 * are counted, and the in-between pairs of vshape and linear are summed
 * through a sliding window (Calders & Van Assche, arXiv:1603.00091):
 * O(n log n) per criterion. gaussian visits each pair of distinct values
 * closer than 8.7 s once (beyond, 1 - exp(-r^2/2) is 1.0 to the bit and
 * is counted), with an exp of our own that the compiler vectorises, in
 * tiles that tdm_threads() threads share without changing a bit of the
 * result.
 * tdm__promethee2_flows_reference is the definition, O(n^2 m), that the
 * tests hold the method to.
 *
 * Owns the preference functions, their threshold checks and the flows.
 * Must not normalise, rank, allocate (threads aside: see gauss_flows) or
 * know about the model.
 */
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

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

/* ------------------------------------------------------------------------
 * The definition (the reference)
 * --------------------------------------------------------------------- */

/* P(d) as Brans, Vincke & Mareschal write it. */
static double
pref_value(const tdm__crit *c, double d)
{
	double r;

	if (!(d > 0))
		return 0;
	switch (c->pref) {
	case TDM_PREF_USUAL:
		return 1;
	case TDM_PREF_USHAPE:
		return d > c->q ? 1 : 0;
	case TDM_PREF_VSHAPE:
		return d > c->p ? 1 : d / c->p;
	case TDM_PREF_LEVEL:
		return d > c->p ? 1 : d > c->q ? 0.5 : 0;
	case TDM_PREF_LINEAR:
		return d > c->p ? 1 : d > c->q ? (d - c->q) / (c->p - c->q) : 0;
	case TDM_PREF_GAUSSIAN:
		r = d / c->s;
		return 1 - exp(-0.5 * (r * r));
	}
	return 0;
}

tdm_status
tdm__promethee2_flows_reference(const tdm__problem *P, const double *w,
                                double *plus, double *minus, tdm_error *err)
{
	size_t a, b, j, n = P->n;
	tdm_status s;

	for (j = 0; j < P->m; j++)
		if ((s = check_pref(&P->crit[j], j, err)) != TDM_OK)
			return s;
	for (a = 0; a < n; a++) {
		double sp = 0, sm = 0;
		for (j = 0; j < P->m; j++) {
			const double *col = P->x + j * n;
			for (b = 0; b < n; b++) {
				double d = col[a] - col[b];
				if (P->crit[j].cost)
					d = -d;
				sp += w[j] * pref_value(&P->crit[j], d);
				sm += w[j] * pref_value(&P->crit[j], -d);
			}
		}
		plus[a] = n > 1 ? sp / (double)(n - 1) : 0;
		minus[a] = n > 1 ? sm / (double)(n - 1) : 0;
	}
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Sorting (value, option) pairs
 * --------------------------------------------------------------------- */

/* Pairs are interleaved: v[2k] the value, v[2k + 1] the option's index
 * (exact in a double). Stable, ascending by value, O(n log n), in the
 * caller's buffers. */
#define KEY(v, k) ((v)[2 * (k)])
#define RUN 32

static void
insertion_sort(double *v, size_t lo, size_t hi)
{
	size_t i, k;

	for (i = lo + 1; i < hi; i++) {
		double key = KEY(v, i), idx = v[2 * i + 1];
		for (k = i; k > lo && KEY(v, k - 1) > key; k--) {
			v[2 * k] = v[2 * k - 2];
			v[2 * k + 1] = v[2 * k - 1];
		}
		v[2 * k] = key;
		v[2 * k + 1] = idx;
	}
}

static void
merge(const double *src, double *dst, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi) {
		const double *from = KEY(src, j) < KEY(src, i) ? &src[2 * j++]
		                                                : &src[2 * i++];
		dst[2 * k] = from[0];
		dst[2 * k + 1] = from[1];
		k++;
	}
	if (i < mid)
		memcpy(dst + 2 * k, src + 2 * i, 2 * (mid - i) * sizeof *dst);
	else if (j < hi)
		memcpy(dst + 2 * k, src + 2 * j, 2 * (hi - j) * sizeof *dst);
}

/* Sort the n pairs in a (2n doubles) using b (2n doubles); returns the
 * buffer that holds the result. */
static double *
sort_pairs(double *a, double *b, size_t n)
{
	size_t lo, width;

	for (lo = 0; lo < n; lo += RUN)
		insertion_sort(a, lo, lo + RUN < n ? lo + RUN : n);
	for (width = RUN; width < n; width *= 2) {
		double *t;
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = mid + width < n ? mid + width : n;
			merge(a, b, lo, mid, hi);
		}
		t = a, a = b, b = t;
	}
	return a;
}

/* ------------------------------------------------------------------------
 * usual, ushape, vshape, level, linear: one scan over the sorted values
 * --------------------------------------------------------------------- */

/* A preference function as the scan sees it: P(d) = 0 for d <= zero; 1
 * where far(d) (d > far, or d >= far when far_ge); in between 1/2
 * (LEVEL) or (d - sub) / denom (WINDOW). far(d) implies d > zero. */
enum { COUNT, LEVEL, WINDOW };

typedef struct {
	int kind;
	int far_ge;
	double zero, far, sub, denom;
} shape;

static shape
shape_of(const tdm__crit *c)
{
	shape sh = {COUNT, 0, 0, 0, 0, 1};

	switch (c->pref) {
	case TDM_PREF_USUAL:
	case TDM_PREF_GAUSSIAN:
		break;
	case TDM_PREF_USHAPE:
		sh.zero = sh.far = c->q;
		break;
	case TDM_PREF_VSHAPE:
		/* at d = p the definition's d / p is exactly 1 */
		sh.kind = WINDOW, sh.far_ge = 1, sh.far = c->p, sh.denom = c->p;
		break;
	case TDM_PREF_LEVEL:
		sh.kind = LEVEL, sh.zero = c->q, sh.far = c->p;
		break;
	case TDM_PREF_LINEAR:
		sh.zero = sh.far = c->q;
		if (c->p > c->q) {
			/* at d = p, (p - q) / (p - q) is exactly 1 */
			sh.kind = WINDOW, sh.far_ge = 1, sh.far = c->p;
			sh.sub = c->q, sh.denom = c->p - c->q;
		}
		break;
	}
	return sh;
}

static int
is_far(const shape *sh, double d)
{
	return sh->far_ge ? d >= sh->far : d > sh->far;
}

/* Knuth's TwoSum: s + e == a + b exactly. */
static void
two_sum(double a, double b, double *s, double *e)
{
	double t = a + b, bb = t - a;
	*e = (a - (t - bb)) + (b - bb);
	*s = t;
}

/* (hi, lo) += x in double-double. */
static void
dd_add(double *hi, double *lo, double x)
{
	double s, e;

	two_sum(*hi, x, &s, &e);
	e += *lo;
	two_sum(s, e, hi, lo);
}

/* cnt v - (hi + lo) - cnt sub, rounded once at the end: the products are
 * exact through fma, the rest double-double. */
static double
window_value(double cnt, double v, double hi, double lo, double sub)
{
	double ph = cnt * v, pl = fma(cnt, v, -ph);
	double qh = cnt * sub, ql = fma(cnt, sub, -qh);
	double s1, e1, s2, e2;

	two_sum(ph, -hi, &s1, &e1);
	two_sum(s1, -qh, &s2, &e2);
	return s2 + (((e1 + e2) + (pl - ql)) - lo);
}

/* An exactly representable centre c for the sorted column z: when every
 * value has one sign and they lie within a factor 4, z - c is exact for
 * all of them (Sterbenz), and the window sums see the spread, not the
 * offset. 0 otherwise (then max |z| is within 4/3 of the spread). */
static double
centre_of(double zmin, double zmax)
{
	if (zmin > 0 && zmax * 0.5 <= zmin)
		return zmin;
	if (zmin > 0 && zmax * 0.25 <= zmin)
		return 2 * zmin;
	if (zmax < 0 && zmin * 0.5 >= zmax)
		return zmax;
	if (zmax < 0 && zmin * 0.25 >= zmax)
		return 2 * zmax;
	return 0;
}

/*
 * Criterion c's contribution, weighted by wj, to every option's flows,
 * from its n (value, option) pairs sorted ascending (z). For the value y
 * at position k, the definition's advantages over the others are
 * fl(y - z_i), monotone in i, so the i where it is far form a prefix
 * [0, fb) and those where it is past the zero region a prefix [0, nb);
 * above y, fl(z_i - y) is far on a suffix [fa, n) and non-zero on
 * [na, n). As y grows the four ends only move right. sb and sa are the
 * double-double sums of z_i - centre over the windows [fb, nb) and
 * [na, fa). Each run of equal values is computed once.
 */
static void
scan_flows(const tdm__crit *c, const double *z, size_t n, double wj,
           double *plus, double *minus)
{
	const shape sh = shape_of(c);
	const int window = sh.kind == WINDOW;
	const double centre = centre_of(KEY(z, 0), KEY(z, n - 1));
	const double amax = fmax(fabs(KEY(z, 0) - centre),
	                         fabs(KEY(z, n - 1) - centre));
	/* sums that could overflow: take the window pair by pair instead */
	const int pairwise = !(amax <= DBL_MAX / (4.0 * (double)n));
	size_t k = 0, e, i, fb = 0, nb = 0, na = 0, fa = 0;
	double sbh = 0, sbl = 0, sah = 0, sal = 0;

	while (k < n) {
		const double y = KEY(z, k);
		double fp, fm, cb, ca;

		for (e = k + 1; e < n && KEY(z, e) == y; e++)
			;
		while (nb < n && y - KEY(z, nb) > sh.zero) {
			if (window)
				dd_add(&sbh, &sbl, KEY(z, nb) - centre);
			nb++;
		}
		while (fb < nb && is_far(&sh, y - KEY(z, fb))) {
			if (window)
				dd_add(&sbh, &sbl, -(KEY(z, fb) - centre));
			fb++;
		}
		while (na < n && !(KEY(z, na) - y > sh.zero)) {
			if (window && na < fa)
				dd_add(&sah, &sal, -(KEY(z, na) - centre));
			na++;
		}
		if (fa < na)
			fa = na;
		while (fa < n && !is_far(&sh, KEY(z, fa) - y)) {
			if (window)
				dd_add(&sah, &sal, KEY(z, fa) - centre);
			fa++;
		}
		cb = (double)(nb - fb), ca = (double)(fa - na);
		fp = (double)fb, fm = (double)(n - fa);
		if (sh.kind == LEVEL) {
			fp += 0.5 * cb;
			fm += 0.5 * ca;
		} else if (window && pairwise) {
			/* the definition's own terms */
			for (i = fb; i < nb; i++)
				fp += ((y - KEY(z, i)) - sh.sub) / sh.denom;
			for (i = na; i < fa; i++)
				fm += ((KEY(z, i) - y) - sh.sub) / sh.denom;
		} else if (window) {
			fp += window_value(cb, y - centre, sbh, sbl, sh.sub) / sh.denom;
			fm -= window_value(ca, y - centre, sah, sal, -sh.sub) / sh.denom;
		}
		for (; k < e; k++) {
			const size_t a = (size_t)z[2 * k + 1];
			plus[a] += wj * fp;
			minus[a] += wj * fm;
		}
	}
}

/* ------------------------------------------------------------------------
 * gaussian: every pair of distinct values in the band, once
 * --------------------------------------------------------------------- */

/* Beyond this many s, 1 - exp(-r^2 / 2) is exactly 1.0 in double precision
 * (exp(-8.7^2 / 2) = 3.3e-17 < 2^-54, with room for exp's own error), so
 * such pairs are counted, not computed: the result is the same to the
 * bit. The same predicate decides the band everywhere. */
#define GAUSS_FAR 8.7

static int
gauss_far(double d, double s)
{
	return d / s >= GAUSS_FAR;
}

/* Tiles are GAUSS_TILE x GAUSS_TILE distinct values; rows are summed in
 * GAUSS_LANES lanes. Neither depends on the thread count. */
#define GAUSS_TILE 256
#define GAUSS_LANES 8
/* A criterion's band must hold this many pairs before threads start. */
#define GAUSS_THREAD_PAIRS ((size_t)1 << 22)

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/*
 * 1 - exp(-r^2 / 2) for r = (d * sc) * inv, r in [0, 8.7 + ulps]: Cephes'
 * exp (Moshier, Cephes Math Library 2.3, exp.c): x = k ln 2 + f with a
 * two-part ln 2, e^f = 1 + 2f P(f^2) / (Q(f^2) - f P(f^2)), relative error
 * about 2e-16. Branch-free, so loops over it vectorise. k is rounded with
 * the 1.5 * 2^52 trick and 2^k built from its bits (k in [-55, 0]).
 */
static ALWAYS_INLINE double
gauss_value(double d, double sc, double inv)
{
	const double log2e = 1.4426950408889634, shift = 0x1.8p52;
	const double c1 = 6.93145751953125e-1, c2 = 1.42860682030941723212e-6;
	const double r = (d * sc) * inv;
	double x = -0.5 * (r * r), kd = x * log2e + shift, k = kd - shift;
	double xx, px, qx, e, two_k;
	uint64_t bits;

	x = x - k * c1;
	x = x - k * c2;
	xx = x * x;
	px = x * ((1.26177193074810590878e-4 * xx + 3.02994407707441961300e-2) *
	              xx +
	          9.99999999999999999910e-1);
	qx = ((3.00198505138664455042e-6 * xx + 2.52448340349684104192e-3) * xx +
	      2.27265548208155028766e-1) *
	         xx +
	     2.00000000000000000009e0;
	e = 1.0 + 2.0 * (px / (qx - px));
	memcpy(&bits, &kd, sizeof bits);
	bits = (bits + 1023) << 52;
	memcpy(&two_k, &bits, sizeof two_k);
	return 1.0 - e * two_k;
}

typedef struct gauss_job gauss_job;
typedef void (*gauss_tile_fn)(const gauss_job *J, size_t K, size_t I);

struct gauss_job {
	const double *u;    /* distinct values, ascending */
	const double *cnt;  /* how many options hold each */
	const double *lo;   /* lo[k]: the first l with u[k] - u[l] not far */
	double *up;         /* up[k]: sum over the band below k */
	double *down;       /* down[l]: sum over the band above l */
	size_t D, n_tiles;  /* distinct values; tiles per side */
	double sc, inv;
	gauss_tile_fn tile;
	size_t round;       /* tiles (I + round, I) */
	atomic_size_t next; /* the next I to take in this round */
};

/*
 * Tile (K, I): rows k of block K, columns l of block I with lo[k] <= l <
 * k. Each pair's value goes, weighted by the other side's count, to the
 * row's up[k] (summed in GAUSS_LANES fixed lanes) and to the column's
 * down[l]. Full blocks of lanes are fixed-length loops so that gcc
 * vectorises them at -O2.
 */
static ALWAYS_INLINE void
tile_body(const double *restrict u, const double *restrict cnt,
          const double *restrict lo, double *restrict up,
          double *restrict down, size_t D, double sc, double inv, size_t K,
          size_t I)
{
	const size_t k0 = K * GAUSS_TILE, i0 = I * GAUSS_TILE;
	const size_t k1 = k0 + GAUSS_TILE < D ? k0 + GAUSS_TILE : D;
	const size_t i1 = i0 + GAUSS_TILE < D ? i0 + GAUSS_TILE : D;
	size_t k, i, l;

	for (k = k0; k < k1; k++) {
		const size_t band = (size_t)lo[k];
		const size_t a = band > i0 ? band : i0, b = k < i1 ? k : i1;
		const double uk = u[k], ck = cnt[k];
		double acc[GAUSS_LANES] = {0}, t[GAUSS_LANES];

		if (a >= b)
			continue;
		for (i = a; i + GAUSS_LANES <= b; i += GAUSS_LANES) {
			for (l = 0; l < GAUSS_LANES; l++)
				t[l] = gauss_value(uk - u[i + l], sc, inv);
			for (l = 0; l < GAUSS_LANES; l++) {
				acc[l] += cnt[i + l] * t[l];
				down[i + l] += ck * t[l];
			}
		}
		for (; i < b; i++) {
			const double ti = gauss_value(uk - u[i], sc, inv);
			acc[0] += cnt[i] * ti;
			down[i] += ck * ti;
		}
		up[k] += ((acc[0] + acc[1]) + (acc[2] + acc[3])) +
		         ((acc[4] + acc[5]) + (acc[6] + acc[7]));
	}
}

static void
tile_base(const gauss_job *J, size_t K, size_t I)
{
	tile_body(J->u, J->cnt, J->lo, J->up, J->down, J->D, J->sc, J->inv, K, I);
}

/* The same code for AVX2 (chosen at run time): 4 lanes per instruction
 * instead of 2. No FMA, so every operation rounds as in tile_base and
 * the results are the same bits. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_AVX2_TILE 1
__attribute__((target("avx2"))) static void
tile_avx2(const gauss_job *J, size_t K, size_t I)
{
	tile_body(J->u, J->cnt, J->lo, J->up, J->down, J->D, J->sc, J->inv, K, I);
}
#endif

static gauss_tile_fn
tile_choose(void)
{
#ifdef HAVE_AVX2_TILE
	if (__builtin_cpu_supports("avx2"))
		return tile_avx2;
#endif
	return tile_base;
}

/* Take the round's tiles one by one until none is left. A tile (K, I)
 * is empty when even its first row's band starts past block I. */
static void
gauss_worker(void *arg, unsigned share)
{
	gauss_job *J = arg;
	const size_t r = J->round, n_round = J->n_tiles - r;
	size_t I;

	(void)share;

	while ((I = atomic_fetch_add(&J->next, 1)) < n_round) {
		const size_t K = I + r;
		if (r > 0 && (size_t)J->lo[K * GAUSS_TILE] >= (I + 1) * GAUSS_TILE)
			continue;
		J->tile(J, K, I);
	}
}

/*
 * Criterion c's contribution, weighted by wj, for the gaussian, from the
 * n sorted (value, option) pairs z. Equal values are merged into D
 * distinct values u with counts cnt; lo, up and down are scratch (n
 * doubles each, like u and cnt).
 *
 * The band below the diagonal is cut into tiles processed in rounds:
 * round r holds the tiles (I + r, I). Tiles of one round share no row
 * and no column, so they run concurrently, and every up[k] and down[l]
 * receives its tiles' sums in round order whoever computes them: the
 * flows are the same bits with any number of threads. Threads (up to
 * max_threads in all) are created for a round and joined before the
 * next, when the band is big enough to pay; a thread that cannot be created
 * leaves its share to the others. Between rounds it honours
 * tdm_interrupted (TDM_LIMIT "interrupted"; the flows are then partial).
 */
static tdm_status
gauss_flows(const tdm__crit *c, const double *z, size_t n, double wj,
            double *u, double *cnt, double *lo, double *up, double *down,
            double *plus, double *minus, size_t max_threads, tdm_error *err)
{
	const double s = c->s;
	gauss_job J;
	size_t D = 0, k, e, g, l, hi, band = 0, r, r_max = 0, n_threads = 1;
	double below = 0, above = (double)n;

	for (k = 0; k < n; k++) {
		if (D > 0 && KEY(z, k) == u[D - 1]) {
			cnt[D - 1] += 1;
		} else {
			u[D] = KEY(z, k);
			cnt[D++] = 1;
		}
	}
	for (g = 0, l = 0; g < D; g++) {
		while (l < g && gauss_far(u[g] - u[l], s))
			l++;
		lo[g] = (double)l;
		band += g - l;
		up[g] = 0;
		down[g] = 0;
	}

	J.u = u, J.cnt = cnt, J.lo = lo, J.up = up, J.down = down, J.D = D;
	J.n_tiles = (D + GAUSS_TILE - 1) / GAUSS_TILE;
	/* r = (d * sc) * inv keeps 1 / s finite for a subnormal s */
	J.sc = s < 0x1p-900 ? 0x1p600 : 1.0;
	J.inv = 1.0 / (s * J.sc);
	J.tile = tile_choose();
	for (k = 0; k < J.n_tiles; k++) {
		size_t first = (size_t)lo[k * GAUSS_TILE] / GAUSS_TILE;
		if (k - first > r_max)
			r_max = k - first;
	}
	if (band >= GAUSS_THREAD_PAIRS)
		n_threads = max_threads;
	for (r = 0; r <= r_max && r < J.n_tiles; r++) {
		size_t want = n_threads < J.n_tiles - r ? n_threads : J.n_tiles - r;

		if (tdm_interrupted)
			return tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
		J.round = r;
		atomic_store(&J.next, 0);
		tdm__parallel((unsigned)want, gauss_worker, &J);
	}

	/* counted pairs: the far ones below (before lo) and above (from hi) */
	for (g = 0, l = 0, hi = 0, k = 0; g < D; g++) {
		double fp, fm;
		while (l < (size_t)lo[g])
			below += cnt[l++];
		while (hi < D && !gauss_far(u[hi] - u[g], s))
			above -= cnt[hi++];
		fp = below + up[g];
		fm = above + down[g];
		for (e = k + (size_t)cnt[g]; k < e; k++) {
			const size_t a = (size_t)z[2 * k + 1];
			plus[a] += wj * fp;
			minus[a] += wj * fm;
		}
	}
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * The method
 * --------------------------------------------------------------------- */

/*
 * Memory: the workspace (5n doubles) and the method's own outputs, which
 * are scratch until the end: phi+ and phi- accumulate in extra[0..n) and
 * extra[n..2n); extra[2n..3n) and score join the workspace. Per
 * criterion: the (value, option) pairs and the sort's other buffer (2n
 * each); the gaussian also uses the free buffer for its distinct values
 * and counts, and ws[4n..5n), score and extra[2n..3n) for its band.
 */
tdm_status
tdm__method_promethee2(const tdm__problem *P, const double *norm,
                       const double *w, double *ws, double *score,
                       double *extra, tdm_method_info *info, tdm_error *err)
{
	size_t i, j, n = P->n, threads = 0;
	double *plus = extra, *minus = extra + n;
	tdm_status s;

	(void)norm, (void)info;
	for (j = 0; j < P->m; j++)
		if ((s = check_pref(&P->crit[j], j, err)) != TDM_OK)
			return s;
	for (i = 0; i < n; i++)
		plus[i] = 0, minus[i] = 0;
	for (j = 0; j < P->m && n > 1; j++) {
		const tdm__crit *c = &P->crit[j];
		const double *col = P->x + j * n;
		const double sign = c->cost ? -1.0 : 1.0;
		double *z, *other;

		if (w[j] == 0)
			continue;
		for (i = 0; i < n; i++) {
			ws[2 * i] = sign * col[i];
			ws[2 * i + 1] = (double)i;
		}
		z = sort_pairs(ws, ws + 2 * n, n);
		other = z == ws ? ws + 2 * n : ws;
		if (c->pref != TDM_PREF_GAUSSIAN) {
			scan_flows(c, z, n, w[j], plus, minus);
			continue;
		}
		if (threads == 0) /* read once per call */
			threads = tdm_threads();
		s = gauss_flows(c, z, n, w[j], other, other + n, ws + 4 * n, score,
		                extra + 2 * n, plus, minus, threads, err);
		if (s != TDM_OK)
			return s;
	}
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
	/* the sorted (value, option) pairs, the sort's other buffer, and one
	 * more column for the gaussian's band (see tdm__method_promethee2) */
	(void)m;
	return 5 * n;
}
