/*
 * agreement.c -- the decision ranked under every built-in method, and
 * whether they agree.
 *
 * Owns tdm_method_agreement: re-scores r's ranked options (same weights,
 * same guardrails) with each built-in method and its default
 * normalisation, ranks them, measures how alike the rankings are (Kendall
 * tau-b and Spearman rho) and says in words why the winner changes when it
 * does. A method that refuses the data is skipped with a reason; it never
 * fails the analysis. Must not resolve attributes, re-run guardrails,
 * change r, or print.
 *
 * Degenerate cases are defined, never NaN: with fewer than two ranked
 * options, or two rankings that both put every option level, tau and rho
 * are 1 (nothing is ordered differently); when one ranking is all ties and
 * the other is not, they are 0 (no association). See
 * doc/design/agreement.md.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "util.h"


/* ------------------------------------------------------------------------
 * Rank correlation
 * --------------------------------------------------------------------- */

static int
sign(long d)
{
	return (d > 0) - (d < 0);
}

/* Below this many items the correlations take the direct O(n^2) route
 * (and always when the O(n log n) one cannot allocate its buffers). */
#define CORR_SMALL 32

/* Kendall's tau-b (Kendall 1945, "The treatment of ties in ranking
 * problems", Biometrika 33(3), 239-251):
 *   (n_c - n_d) / sqrt((n_0 - n_1)(n_0 - n_2))
 * with n_0 = n(n-1)/2, n_1 and n_2 the pairs tied in a and in b. Pairs
 * tied in both count in n_1 and n_2 and in neither n_c nor n_d. */
static double
tau_b(double s, double n0, double n1, double n2)
{
	double den;

	if (n1 == n0 && n2 == n0)
		return 1;
	if (n1 == n0 || n2 == n0)
		return 0;
	den = sqrt((n0 - n1) * (n0 - n2));
	return s / den;
}

/* Every pair, O(n^2). */
static double
kendall_pairs(const long *a, const long *b, size_t n)
{
	double s = 0, n1 = 0, n2 = 0;
	size_t i, j;

	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n; j++) {
			int sa = sign(a[i] - a[j]), sb = sign(b[i] - b[j]);
			s += sa * sb;
			n1 += sa == 0;
			n2 += sb == 0;
		}
	return tau_b(s, (double)n * (double)(n - 1) / 2, n1, n2);
}

/* Sort idx[0..n) by (key1, key2) (key2 NULL: key1 alone), stable, and
 * return the pairs it had to swap: those with key1 in the wrong order. */
static double
sort_count(size_t *idx, size_t *tmp, size_t n, const long *key1,
           const long *key2)
{
	size_t mid, i, j, q;
	double swaps;

	if (n < 2)
		return 0;
	mid = n / 2;
	swaps = sort_count(idx, tmp, mid, key1, key2) +
	        sort_count(idx + mid, tmp, n - mid, key1, key2);
	i = 0, j = mid, q = 0;
	while (i < mid && j < n) {
		long li = key1[idx[i]], rj = key1[idx[j]];
		int right_first = rj < li ||
		                  (key2 != NULL && rj == li &&
		                   key2[idx[j]] < key2[idx[i]]);
		if (right_first) {
			swaps += (double)(mid - i);
			tmp[q++] = idx[j++];
		} else {
			tmp[q++] = idx[i++];
		}
	}
	while (i < mid)
		tmp[q++] = idx[i++];
	while (j < n)
		tmp[q++] = idx[j++];
	memcpy(idx, tmp, n * sizeof *idx);
	return swaps;
}

/* The pairs within runs of equal key1 (and equal key2, when given) along
 * idx. */
static double
tied_pairs(const size_t *idx, size_t n, const long *key1, const long *key2)
{
	double pairs = 0, run = 1;
	size_t i;

	for (i = 1; i <= n; i++) {
		if (i < n && key1[idx[i]] == key1[idx[i - 1]] &&
		    (key2 == NULL || key2[idx[i]] == key2[idx[i - 1]])) {
			run++;
			continue;
		}
		pairs += run * (run - 1) / 2;
		run = 1;
	}
	return pairs;
}

/* The mid-rank of a value with `below` values below it and `equal` values
 * equal to it (itself included), 1-based: ties get the mean of the
 * positions they share. */
static double
mid_rank_of(size_t below, size_t equal)
{
	return 1 + (double)below + ((double)equal - 1) / 2;
}

/* Rankings are ranks 1..n (ties share the best), so their values span at
 * most n: then counting replaces sorting. 1 with *lo the smallest value
 * and *span = largest - smallest + 1 when the span is at most 4n. */
static int
small_span(const long *a, size_t n, long *lo, size_t *span)
{
	long mn = a[0], mx = a[0];
	unsigned long d;
	size_t i;

	for (i = 1; i < n; i++) {
		if (a[i] < mn)
			mn = a[i];
		if (a[i] > mx)
			mx = a[i];
	}
	d = (unsigned long)mx - (unsigned long)mn;
	if (d >= 4 * (unsigned long)n)
		return 0;
	*lo = mn;
	*span = (size_t)d + 1;
	return 1;
}

/* The mid-ranks of a[0..n) by counting (mid_rank_of, as the other ways);
 * 0 when the values span too much or there is no memory. */
static int
mid_ranks_counting(const long *a, size_t n, double *out)
{
	size_t span, i, *cnt, *below, sum = 0;
	long lo;

	if (!small_span(a, n, &lo, &span) ||
	    (cnt = calloc(2 * span, sizeof *cnt)) == NULL)
		return 0;
	below = cnt + span;
	for (i = 0; i < n; i++)
		cnt[a[i] - lo]++;
	for (i = 0; i < span; i++) {
		below[i] = sum;
		sum += cnt[i];
	}
	for (i = 0; i < n; i++)
		out[i] = mid_rank_of(below[a[i] - lo], cnt[a[i] - lo]);
	free(cnt);
	return 1;
}

/* Stable counting sort of idx[0..n) by key[idx[i]] - lo (span values)
 * into out; cnt has span + 1 entries. */
static void
counting_sort(const size_t *idx, size_t n, const long *key, long lo,
              size_t span, size_t *cnt, size_t *out)
{
	size_t i, sum = 0;

	memset(cnt, 0, (span + 1) * sizeof *cnt);
	for (i = 0; i < n; i++)
		cnt[key[idx[i]] - lo]++;
	for (i = 0; i < span; i++) {
		size_t c = cnt[i];
		cnt[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[cnt[key[idx[i]] - lo]++] = idx[i];
}

/* Kendall's tau-b by counting (both rankings of small span): the items
 * in (a, b) order by two stable counting sorts; n_1, n_2 and n_3 from
 * runs; n_d, the pairs with a smaller and b larger, from a Fenwick tree
 * over b (Fenwick 1994) filled in that order. The counts are the same
 * integers as Knight's, so the result is the same to the bit. 0 when
 * the spans are too large or there is no memory. */
static int
kendall_counting(const long *a, const long *b, size_t n, double *tau)
{
	long lo_a, lo_b;
	size_t span_a, span_b, i, *buf, *o1, *o2, *cnt, *tree;
	double n0, n1, n2, n3, nd = 0;

	if (!small_span(a, n, &lo_a, &span_a) ||
	    !small_span(b, n, &lo_b, &span_b))
		return 0;
	buf = malloc((2 * n + 2 * (span_a > span_b ? span_a : span_b) + 2) *
	             sizeof *buf);
	if (buf == NULL)
		return 0;
	o1 = buf;
	o2 = buf + n;
	cnt = buf + 2 * n;
	tree = cnt + (span_a > span_b ? span_a : span_b) + 1;
	for (i = 0; i < n; i++)
		o1[i] = i;
	counting_sort(o1, n, b, lo_b, span_b, cnt, o2);
	counting_sort(o2, n, a, lo_a, span_a, cnt, o1);
	n1 = tied_pairs(o1, n, a, NULL);
	n3 = tied_pairs(o1, n, a, b);
	memset(tree, 0, (span_b + 1) * sizeof *tree);
	for (i = 0; i < n; i++) {
		size_t y = (size_t)(b[o1[i]] - lo_b) + 1, at_most = 0, p;
		for (p = y; p > 0; p -= p & (~p + 1))
			at_most += tree[p];
		nd += (double)(i - at_most);
		for (p = y; p <= span_b; p += p & (~p + 1))
			tree[p]++;
	}
	for (i = 0; i < n; i++)
		o2[i] = i;
	counting_sort(o2, n, b, lo_b, span_b, cnt, o1);
	n2 = tied_pairs(o1, n, b, NULL);
	free(buf);
	n0 = (double)n * (double)(n - 1) / 2;
	*tau = tau_b(n0 - n1 - n2 + n3 - 2 * nd, n0, n1, n2);
	return 1;
}

/* Knight's O(n log n) algorithm (Knight 1966, "A computer method for
 * calculating Kendall's tau with ungrouped data", JASA 61(314), 436-439):
 * sorted by (a, b), runs give n_1 and the pairs tied in both, n_3; sorting
 * that order by b alone swaps exactly the discordant pairs, n_d, and runs
 * of b give n_2. Then n_c - n_d = n_0 - n_1 - n_2 + n_3 - 2 n_d. Every
 * count is an integer held exactly in a double, so the result is the
 * pairwise loop's to the bit. */
double
tdm__kendall_tau_b(const long *a, const long *b, size_t n)
{
	size_t *idx, *tmp, i;
	double n0, n1, n2, n3, nd;

	if (n < 2)
		return 1;
	if (n >= CORR_SMALL && kendall_counting(a, b, n, &nd))
		return nd;
	idx = n >= CORR_SMALL ? malloc(n * sizeof *idx) : NULL;
	tmp = idx != NULL ? malloc(n * sizeof *tmp) : NULL;
	if (tmp == NULL) {
		free(idx);
		return kendall_pairs(a, b, n);
	}
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_count(idx, tmp, n, a, b);
	n1 = tied_pairs(idx, n, a, NULL);
	n3 = tied_pairs(idx, n, a, b);
	nd = sort_count(idx, tmp, n, b, NULL);
	n2 = tied_pairs(idx, n, b, NULL);
	free(idx);
	free(tmp);
	n0 = (double)n * (double)(n - 1) / 2;
	return tau_b(n0 - n1 - n2 + n3 - 2 * nd, n0, n1, n2);
}

/* The mid-rank of a[i], O(n). */
static double
mid_rank(const long *a, size_t n, size_t i)
{
	size_t j, below = 0, equal = 0;

	for (j = 0; j < n; j++) {
		below += a[j] < a[i];
		equal += a[j] == a[i];
	}
	return mid_rank_of(below, equal);
}

/* The mid-ranks of a[0..n) into out, O(n log n): sorted, each run of
 * equal values shares one. */
static void
mid_ranks(const long *a, size_t n, size_t *idx, size_t *tmp, double *out)
{
	size_t i, start;

	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_count(idx, tmp, n, a, NULL);
	for (start = 0; start < n; start = i) {
		double mr;
		for (i = start + 1; i < n && a[idx[i]] == a[idx[start]]; i++)
			;
		mr = mid_rank_of(start, i - start);
		for (; start < i; start++)
			out[idx[start]] = mr;
	}
}

/* Spearman's rho (Spearman 1904, "The proof and measurement of
 * association between two things", Am. J. Psychol. 15, 72-101) with the
 * usual treatment of ties: Pearson's correlation of the mid-ranks, as
 * scipy.stats.spearmanr computes it. The mean mid-rank is (n + 1) / 2
 * whatever the ties. The mid-ranks come from a sort (or, small or out of
 * memory, a count per item); the sums run in item order either way. */
double
tdm__spearman_rho(const long *a, const long *b, size_t n)
{
	double mean = ((double)n + 1) / 2, sab = 0, saa = 0, sbb = 0;
	double *ra = NULL, *rb = NULL;
	size_t *idx = NULL, *tmp = NULL;
	size_t i;

	if (n < 2)
		return 1;
	if (n >= CORR_SMALL && ((ra = malloc(2 * n * sizeof *ra)) == NULL ||
	                        (idx = malloc(2 * n * sizeof *idx)) == NULL)) {
		free(ra);
		ra = NULL;
	}
	if (ra != NULL) {
		rb = ra + n;
		tmp = idx + n;
		if (!mid_ranks_counting(a, n, ra))
			mid_ranks(a, n, idx, tmp, ra);
		if (!mid_ranks_counting(b, n, rb))
			mid_ranks(b, n, idx, tmp, rb);
	}
	for (i = 0; i < n; i++) {
		double da = (ra ? ra[i] : mid_rank(a, n, i)) - mean;
		double db = (rb ? rb[i] : mid_rank(b, n, i)) - mean;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	free(ra);
	free(idx);
	if (saa == 0 && sbb == 0)
		return 1;
	if (saa == 0 || sbb == 0)
		return 0;
	{
		double rho = sab / sqrt(saa * sbb);
		return rho > 1 ? 1 : rho < -1 ? -1 : rho;
	}
}

/* ------------------------------------------------------------------------
 * Words
 * --------------------------------------------------------------------- */

static void cat(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Append to buf, truncating (never overflowing) when it is full. */
static void
cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* The methods where a strength can make up for a weakness, and those that
 * reward being good on every criterion (a compromise with the worst
 * regret, pairwise outranking, distance to an ideal point). */
static const char *const compensatory[] = {"wsm", "wpm", "topsis", "copras",
                                           "moora", "edas", NULL};
static const char *const balanced[] = {"vikor", "promethee2", "spotis", NULL};

static int
in_list(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* The short reason a method refused the data: the method's own message
 * without the location, the method's name or the value ("needs values >
 * 0"). */
static void
short_reason(const char *method, const char *message, char *out,
             size_t size)
{
	const char *p = message, *q;
	size_t len;

	while ((q = strstr(p, "': ")) != NULL)
		p = q + 3;
	len = strlen(method);
	if (strncmp(p, method, len) == 0 && p[len] == ' ')
		p += len + 1;
	len = (q = strstr(p, ", got ")) != NULL ? (size_t)(q - p) : strlen(p);
	if (len > 60)
		len = 60;
	snprintf(out, size, "%.*s", (int)len, p);
}

/* The methods (indices into a->methods) whose winner is option o, as
 * "wsm, topsis and copras". all_in is set to 1 if every one is in list. */
static void
method_list(const tdm_agreement *a, size_t o, const char *const *list,
            char *out, size_t size, int *all_in)
{
	size_t k, count = 0, total = 0;

	for (k = 0; k < a->n_methods; k++)
		total += a->winners[k] == o;
	out[0] = '\0';
	*all_in = 1;
	for (k = 0; k < a->n_methods; k++) {
		if (a->winners[k] != o)
			continue;
		count++;
		cat(out, size, "%s%s",
		    count == 1 ? "" : count == total ? " and " : ", ",
		    a->methods[k]);
		if (!in_list(list, a->methods[k]))
			*all_in = 0;
	}
}

/* The methods in list whose winner is option o, as "vikor and spotis". */
static void
method_subset(const tdm_agreement *a, size_t o, const char *const *list,
              char *out, size_t size)
{
	size_t k, count = 0, total = 0;

	for (k = 0; k < a->n_methods; k++)
		total += a->winners[k] == o && in_list(list, a->methods[k]);
	out[0] = '\0';
	for (k = 0; k < a->n_methods; k++) {
		if (a->winners[k] != o || !in_list(list, a->methods[k]))
			continue;
		count++;
		cat(out, size, "%s%s",
		    count == 1 ? "" : count == total ? " and " : ", ",
		    a->methods[k]);
	}
}

/* How many methods in list (NULL: any) pick option o. */
static size_t
votes(const tdm_agreement *a, size_t o, const char *const *list)
{
	size_t k, v = 0;

	for (k = 0; k < a->n_methods; k++)
		v += a->winners[k] == o &&
		     (list == NULL || in_list(list, a->methods[k]));
	return v;
}

/* The winner that wins most often among list (NULL: all), other than
 * `not` (SIZE_MAX: none); ties go to the method met first. SIZE_MAX if
 * none. */
static size_t
top_winner(const tdm_agreement *a, const char *const *list, size_t not)
{
	size_t k, best = SIZE_MAX, best_votes = 0;

	for (k = 0; k < a->n_methods; k++) {
		size_t o = a->winners[k], v;
		if (o == not || (list != NULL && !in_list(list, a->methods[k])))
			continue;
		v = votes(a, o, list);
		if (v > best_votes)
			best = o, best_votes = v;
	}
	return best;
}

/* Up to three criteria from idx[0..n) (already in order) as "a, b and
 * c". */
static void
criteria_list(const tdm_model *m, const size_t *idx, size_t n, char *out,
              size_t size)
{
	size_t i;

	if (n > 3)
		n = 3;
	out[0] = '\0';
	for (i = 0; i < n; i++)
		cat(out, size, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    m->criteria[idx[i]].name);
}

/* Sort criteria idx[0..n) by key, largest first, stable (insertion). */
static void
sort_by_key(size_t *idx, const double *key, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && key[idx[j]] > key[idx[j - 1]]; j--) {
			size_t t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
}

/* The ranked options as the words need them: raw values x and min-max
 * normalised values norm (1 = best, fixed scales honoured), both
 * [c * n + row]. */
typedef struct words {
	const tdm_model *m;
	const double *w;      /* r's weights */
	size_t n, k;
	const double *x, *norm;
	size_t *idx;          /* 2k scratch */
	double *key;          /* k scratch */
} words;

/* Does criterion c tell the ranked options apart (weight > 0, not
 * constant)? */
static int
telling(const words *W, size_t c)
{
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	size_t i;

	if (!(W->w[c] > 0))
		return 0;
	for (i = 0; i < W->n; i++) {
		double v = W->x[c * W->n + i];
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	return hi > lo;
}

/* Is row p lopsided against row b: the best of all ranked options on some
 * criterion where it beats b, in the bottom third (normalised <= 1/3) on
 * another where b is better, and with a wider spread of normalised values
 * than b? If so, the criteria go into good and poor (largest weighted
 * difference first) and the spreads into span[4] = p's lowest and highest,
 * b's lowest and highest. */
static int
lopsided(const words *W, size_t p, size_t b, char *good, char *poor,
         size_t size, double *span)
{
	size_t n = W->n, c, i, n_good = 0, n_poor = 0;

	span[0] = span[2] = HUGE_VAL;
	span[1] = span[3] = -HUGE_VAL;
	for (c = 0; c < W->k; c++) {
		double vp = W->norm[c * n + p], vb = W->norm[c * n + b];
		double best = -HUGE_VAL;
		W->key[c] = 0;
		if (!telling(W, c))
			continue;
		for (i = 0; i < n; i++)
			if (W->norm[c * n + i] > best)
				best = W->norm[c * n + i];
		span[0] = vp < span[0] ? vp : span[0];
		span[1] = vp > span[1] ? vp : span[1];
		span[2] = vb < span[2] ? vb : span[2];
		span[3] = vb > span[3] ? vb : span[3];
		if (vp >= best && vp > vb) {
			W->idx[n_good++] = c;
			W->key[c] = W->w[c] * (vp - vb);
		} else if (vp <= 1.0 / 3 && vp < vb) {
			W->idx[W->k + n_poor++] = c;
			W->key[c] = W->w[c] * (vb - vp);
		}
	}
	if (n_good == 0 || n_poor == 0 ||
	    !(span[3] - span[2] < span[1] - span[0]))
		return 0;
	sort_by_key(W->idx, W->key, n_good);
	sort_by_key(W->idx + W->k, W->key, n_poor);
	criteria_list(W->m, W->idx, n_good, good, size);
	criteria_list(W->m, W->idx + W->k, n_poor, poor, size);
	return 1;
}

/* What each of rows a and b is ahead on (largest weighted difference
 * first), as a clause; "" when one is ahead on nothing. */
static void
ahead_on(const words *W, size_t ra, size_t rb, const char *name_a,
         const char *name_b, char *out, size_t size)
{
	size_t n = W->n, c, n_a = 0, n_b = 0, *idx_b = W->idx + W->k;
	char at_a[160], at_b[160];

	out[0] = '\0';
	for (c = 0; c < W->k; c++) {
		double d = W->norm[c * n + ra] - W->norm[c * n + rb];
		W->key[c] = W->w[c] * fabs(d);
		if (!telling(W, c))
			continue;
		if (d > 1e-12)
			W->idx[n_a++] = c;
		else if (d < -1e-12)
			idx_b[n_b++] = c;
	}
	if (n_a == 0 || n_b == 0)
		return;
	sort_by_key(W->idx, W->key, n_a);
	sort_by_key(idx_b, W->key, n_b);
	criteria_list(W->m, W->idx, n_a, at_a, sizeof at_a);
	criteria_list(W->m, idx_b, n_b, at_b, sizeof at_b);
	cat(out, size,
	    ". %s is ahead on %s, %s on %s, and the methods trade these "
	    "differences off differently",
	    name_a, at_a, name_b, at_b);
}

/* The row of option o among the ranked options. */
static size_t
row_of_option(const tdm_agreement *a, const size_t *row_of, size_t o)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->options[i] == o)
			return row_of[i];
	return 0;
}

/* The cause, when the methods disagree. W->norm is NULL when the
 * normalised values could not be computed: then the words only say which
 * methods pick which option. */
static void
explain_cause(const words *W, tdm_agreement *a, const size_t *row_of)
{
	const tdm_model *m = W->m;
	size_t wa, wb, ra, rb, i, j;
	size_t wsm_winner = SIZE_MAX;
	char list[2][160], good[160], poor[160], more[320], bal_list[64];
	int comp[2], bal[2], dummy;
	double span[4];
	int lop = -1;

	/* A: wsm's winner (else the compensatory methods' favourite); B: the
	 * other winner the balanced methods prefer, else the most common */
	for (i = 0; i < a->n_methods; i++)
		if (strcmp(a->methods[i], "wsm") == 0)
			wsm_winner = a->winners[i];
	wa = wsm_winner;
	if (wa == SIZE_MAX)
		wa = top_winner(a, compensatory, SIZE_MAX);
	if (wa == SIZE_MAX)
		wa = top_winner(a, NULL, SIZE_MAX);
	wb = top_winner(a, balanced, wa);
	if (wb == SIZE_MAX)
		wb = top_winner(a, NULL, wa);
	ra = row_of_option(a, row_of, wa);
	rb = row_of_option(a, row_of, wb);
	method_list(a, wa, compensatory, list[0], sizeof list[0], &comp[0]);
	method_list(a, wa, balanced, list[0], sizeof list[0], &bal[0]);
	method_list(a, wb, compensatory, list[1], sizeof list[1], &comp[1]);
	method_list(a, wb, balanced, list[1], sizeof list[1], &bal[1]);
	if (W->norm != NULL) {
		if (lopsided(W, ra, rb, good, poor, sizeof good, span))
			lop = 0;
		else if (lopsided(W, rb, ra, good, poor, sizeof good, span))
			lop = 1;
	}
	a->cause[0] = '\0';
	/* "because" only when the methods split along the line: the lopsided
	 * option wins under wsm (the compensatory method par excellence), and
	 * the balanced one under at least one balanced method */
	if (lop >= 0 &&
	    (wsm_winner == SIZE_MAX || wsm_winner == (lop == 0 ? wa : wb)) &&
	    votes(a, lop == 0 ? wb : wa, balanced) > 0) {
		size_t b = lop == 0 ? wb : wa;
		method_subset(a, b, balanced, bal_list, sizeof bal_list);
		size_t p = lop == 0 ? wa : wb;
		cat(a->cause, sizeof a->cause,
		    "%s wins under %s%s%s because it is excellent on %s and poor "
		    "on %s; %s wins under %s%s%s reward%s being good on every "
		    "criterion (%s's normalised values span %.2f to %.2f, %s's "
		    "%.2f to %.2f)",
		    m->options[p].name, comp[lop] ? "compensatory methods (" : "",
		    list[lop], comp[lop] ? ")" : "", good, poor,
		    m->options[b].name,
		    list[1 - lop], bal[1 - lop] ? ", which" : "; ",
		    bal[1 - lop] ? "" : bal_list,
		    votes(a, b, bal[1 - lop] ? NULL : balanced) == 1 ? "s" : "",
		    m->options[b].name, span[2], span[3], m->options[p].name,
		    span[0], span[1]);
	} else {
		cat(a->cause, sizeof a->cause,
		    "The winner depends on the method: %s wins under %s; %s wins "
		    "under %s",
		    m->options[wa].name, list[0], m->options[wb].name, list[1]);
		if (lop >= 0) {
			size_t p = lop == 0 ? wa : wb, b = lop == 0 ? wb : wa;
			cat(a->cause, sizeof a->cause,
			    ". %s is excellent on %s and poor on %s; %s is more "
			    "balanced (its normalised values span %.2f to %.2f, "
			    "%s's %.2f to %.2f)",
			    m->options[p].name, good, poor, m->options[b].name,
			    span[2], span[3], m->options[p].name, span[0], span[1]);
		} else if (W->norm != NULL) {
			ahead_on(W, ra, rb, m->options[wa].name, m->options[wb].name,
			         more, sizeof more);
			cat(a->cause, sizeof a->cause, "%s", more);
		}
	}
	/* any further winners, in method order */
	for (i = 0; i < a->n_methods; i++) {
		size_t o = a->winners[i];
		int seen = o == wa || o == wb;
		for (j = 0; j < i && !seen; j++)
			seen = a->winners[j] == o;
		if (seen)
			continue;
		method_list(a, o, balanced, list[1], sizeof list[1], &dummy);
		cat(a->cause, sizeof a->cause, "; %s wins under %s",
		    m->options[o].name, list[1]);
	}
	cat(a->cause, sizeof a->cause, ".");
}

/* ------------------------------------------------------------------------
 * The analysis
 * --------------------------------------------------------------------- */

void
tdm_agreement_free(tdm_agreement *a)
{
	if (a == NULL)
		return;
	free(a->methods);
	free(a->options);
	free(a->ranks);
	free(a->winners);
	free(a->tau);
	free(a->rho);
	free(a);
}

static tdm_agreement *
agreement_alloc(size_t n_methods, size_t n)
{
	tdm_agreement *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->methods = calloc(n_methods ? n_methods : 1, sizeof *a->methods);
	a->options = calloc(n ? n : 1, sizeof *a->options);
	a->ranks = calloc(n_methods * n > 0 ? n_methods * n : 1, sizeof *a->ranks);
	a->winners = calloc(n_methods ? n_methods : 1, sizeof *a->winners);
	a->tau = calloc(n_methods ? n_methods * n_methods : 1, sizeof *a->tau);
	a->rho = calloc(n_methods ? n_methods * n_methods : 1, sizeof *a->rho);
	if (a->methods == NULL || a->options == NULL || a->ranks == NULL ||
	    a->winners == NULL || a->tau == NULL || a->rho == NULL) {
		tdm_agreement_free(a);
		return NULL;
	}
	return a;
}

tdm_status
tdm_method_agreement(const tdm_model *m, const tdm_hooks *hooks,
                     const tdm_result *r, tdm_agreement **out, tdm_error *err)
{
	const char *const *names = tdm_method_names();
	size_t n_all = 0, n = 0, k = m->n_criteria, i, j, q;
	unsigned char *subset = NULL, *ones = NULL;
	size_t *row_of = NULL, *row_at = NULL, *order = NULL, *idx = NULL;
	long *dense_ranks = NULL;
	double *scores = NULL, *key = NULL, *norm = NULL, *x = NULL;
	tdm_agreement *a = NULL;
	tdm__scorer sc;
	tdm_status s = TDM_OK;

	*out = NULL;
	memset(&sc, 0, sizeof sc);
	while (names[n_all] != NULL)
		n_all++;
	for (i = 0; i < r->n_ranked; i++)
		n += r->options[r->order[i]].rank > 0;
	a = agreement_alloc(n_all, n);
	subset = calloc(m->n_options ? m->n_options : 1, 1);
	ones = malloc(n ? n : 1);
	row_of = calloc(n ? n : 1, sizeof *row_of);
	row_at = calloc(m->n_options ? m->n_options : 1, sizeof *row_at);
	order = calloc(n ? n : 1, sizeof *order);
	dense_ranks = calloc(n ? n : 1, sizeof *dense_ranks);
	scores = calloc(n ? n : 1, sizeof *scores);
	idx = calloc(2 * k + 1, sizeof *idx);
	key = calloc(k + 1, sizeof *key);
	norm = calloc(n * k > 0 ? n * k : 1, sizeof *norm);
	x = calloc(n * k > 0 ? n * k : 1, sizeof *x);
	if (a == NULL || subset == NULL || ones == NULL || row_of == NULL ||
	    row_at == NULL || order == NULL || dense_ranks == NULL || scores == NULL ||
	    idx == NULL || key == NULL || norm == NULL || x == NULL) {
		s = tdm__nomem(err);
		goto out;
	}
	memset(ones, 1, n ? n : 1);
	a->n = 0;
	for (i = 0; i < r->n_ranked; i++)
		if (r->options[r->order[i]].rank > 0) {
			a->options[a->n++] = r->order[i];
			subset[r->order[i]] = 1;
		}
	/* the scorer's rows are the subset in model order; row_at[o] is
	 * option o's row */
	{
		size_t row = 0, o;
		for (o = 0; o < m->n_options; o++)
			if (subset[o])
				row_at[o] = row++;
		for (i = 0; i < n; i++)
			row_of[i] = row_at[a->options[i]];
	}
	if (n == 0) {
		a->same_winner = 0;
		snprintf(a->cause, sizeof a->cause,
		         "no option passes the guardrails, so no method ranks "
		         "anything");
		*out = a;
		a = NULL;
		goto out;
	}

	for (q = 0; q < n_all; q++) {
		const tdm__method *meth = tdm__method_find(names[q]);
		size_t mi = a->n_methods;
		tdm_error e;
		char reason[80];

		if (meth == NULL)
			continue;
		if (tdm_interrupted) {   /* Ctrl-C: one method at a time */
			s = tdm_error_set(err, TDM_LIMIT, NULL, 0, 0, "interrupted");
			goto out;
		}
		tdm_error_clear(&e);
		s = tdm__scorer_init(&sc, m, hooks, meth->name,
		                     meth->normalization ? meth->normalization
		                                         : "own",
		                     r->info.vikor_v, r->values, subset, &e);
		if (s == TDM_OK)
			s = tdm__scorer_run(&sc, r->weights, scores, &e);
		tdm__scorer_free(&sc);
		if (s == TDM_NOMEM) {
			if (err != NULL)
				*err = e;
			goto out;
		}
		if (s != TDM_OK) {
			/* this method cannot take the data: say so, go on */
			short_reason(meth->name, e.message, reason, sizeof reason);
			cat(a->skipped, sizeof a->skipped, "%s%s (%s)",
			    a->skipped[0] ? ", " : "", meth->name, reason);
			s = TDM_OK;
			continue;
		}
		tdm__rank(n, scores, ones, meth->direction, dense_ranks, order);
		a->methods[mi] = meth->name;
		for (i = 0; i < n; i++)
			a->ranks[mi * n + i] = dense_ranks[row_of[i]];
		a->winners[mi] = a->options[0];
		for (i = 0; i < n; i++)
			if (a->ranks[mi * n + i] == 1) {
				a->winners[mi] = a->options[i];
				break;
			}
		a->n_methods++;
	}
	if (a->n_methods == 0) {
		s = tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                  "no method can rank this decision: %s",
		                  a->skipped);
		goto out;
	}
	for (i = 0; i < a->n_methods; i++)
		for (j = 0; j < a->n_methods; j++) {
			const long *ri = a->ranks + i * n, *rj = a->ranks + j * n;
			if (j < i) {
				a->tau[i * a->n_methods + j] = a->tau[j * a->n_methods + i];
				a->rho[i * a->n_methods + j] = a->rho[j * a->n_methods + i];
				continue;
			}
			a->tau[i * a->n_methods + j] =
				i == j ? 1 : tdm__kendall_tau_b(ri, rj, n);
			a->rho[i * a->n_methods + j] =
				i == j ? 1 : tdm__spearman_rho(ri, rj, n);
		}
	a->same_winner = 1;
	for (i = 1; i < a->n_methods; i++)
		if (a->winners[i] != a->winners[0])
			a->same_winner = 0;
	if (!a->same_winner) {
		/* min-max over the ranked options, 1 = best, for the words */
		words W = {m, r->weights, n, k, x, NULL, idx, key};
		tdm_error e;
		if (tdm__scorer_init(&sc, m, hooks, "wsm", "minmax",
		                     r->info.vikor_v, r->values, subset,
		                     &e) == TDM_OK &&
		    tdm__scorer_run(&sc, r->weights, scores, &e) == TDM_OK) {
			memcpy(norm, sc.norm, n * k * sizeof *norm);
			memcpy(x, sc.x, n * k * sizeof *x);
			W.norm = norm;
		}
		tdm__scorer_free(&sc);
		explain_cause(&W, a, row_of);
	}
	*out = a;
	a = NULL;
out:
	tdm__scorer_free(&sc);
	free(x);
	free(norm);
	free(key);
	free(idx);
	free(scores);
	free(dense_ranks);
	free(order);
	free(row_of);
	free(row_at);
	free(ones);
	free(subset);
	tdm_agreement_free(a);
	return s;
}
