/*
 * weights_ahp.c -- weights from pairwise comparisons (AHP), the
 * random-index tables behind the consistency ratio, and the labelled
 * matrix CSV that carries the comparisons.
 *
 * Owns checking a pairwise matrix (positive, unit diagonal, reciprocal),
 * its principal eigenvector, lambda_max, CI, CR, the most inconsistent
 * judgement, and reading the matrix from CSV with source:line:field
 * errors. Must not tokenise CSV (csv_input.c does, through libcsv), know
 * about models or criteria beyond their names, decide what a high CR
 * means for a decision (the caller adds the note), or print.
 * doc/methods.md states the formulas, tables and sources.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

/* a_ji must be 1 / a_ij within this relative tolerance, and a_ii = 1. */
#define RECIPROCAL_TOL 1e-6
/* Power iteration stops when no weight moves by more than POWER_TOL,
 * relative to itself (to POWER_FLOOR for smaller weights), or fails after
 * POWER_MAX_STEPS. */
#define POWER_TOL 1e-13
#define POWER_FLOOR 1e-280
#define POWER_MAX_STEPS 10000
/* More criteria than this is not a pairwise comparison anyone made. */
#define AHP_MAX_CRITERIA 1000

/* ------------------------------------------------------------------------
 * Random-index tables
 *
 * RI(n) is the mean consistency index of random reciprocal matrices of
 * order n on Saaty's scale; CR = CI / RI. The tables differ because they
 * were simulated with different numbers of matrices. RI(1) = RI(2) = 0
 * in all of them (a 1x1 or 2x2 reciprocal matrix is always consistent);
 * the points below start at n = 3. Between two listed orders (only
 * Donegan & Dodd skip some) RI is interpolated linearly, as AHPy does.
 * --------------------------------------------------------------------- */

typedef struct ri_point {
	unsigned n;
	double ri;
} ri_point;

typedef struct ri_index {
	const char *name;
	const ri_point *points;
	size_t n_points;
} ri_index;

/* Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill. The
 * table the 0.10 rule was stated with, and the one most textbooks and
 * hand-worked examples use: the default. */
static const ri_point ri_saaty[] = {
	{3, 0.58}, {4, 0.90}, {5, 1.12}, {6, 1.24},
	{7, 1.32}, {8, 1.41}, {9, 1.45}, {10, 1.49},
};

/* Saaty, T. L. (2005). Theory and Applications of the Analytic Network
 * Process. RWS Publications, p. 31 (AHPy's random_index='saaty'). */
static const ri_point ri_saaty_2005[] = {
	{3, 0.52}, {4, 0.89}, {5, 1.11}, {6, 1.25}, {7, 1.35},
	{8, 1.40}, {9, 1.45}, {10, 1.49}, {11, 1.52}, {12, 1.54},
	{13, 1.56}, {14, 1.58}, {15, 1.59},
};

/* Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic
 * hierarchy process: a new approach. International Journal of
 * Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445-459
 * (100,000 random matrices per order). */
static const ri_point ri_alonso_lamata[] = {
	{3, 0.5245}, {4, 0.8815}, {5, 1.1086}, {6, 1.2479}, {7, 1.3417},
	{8, 1.4056}, {9, 1.4499}, {10, 1.4854}, {11, 1.5141}, {12, 1.5365},
	{13, 1.5551}, {14, 1.5713}, {15, 1.5838},
};

/* Donegan, H. A. & Dodd, F. J. (1991). A note on Saaty's random indexes.
 * Mathematical and Computer Modelling 15(10), 135-137,
 * doi:10.1016/0895-7177(91)90098-R; as tabulated by AHPy (its default,
 * random_index='dd'), 90 -> 1.6213 included as given there. */
static const ri_point ri_donegan_dodd[] = {
	{3, 0.4914}, {4, 0.8286}, {5, 1.0591}, {6, 1.1797}, {7, 1.2519},
	{8, 1.3171}, {9, 1.3733}, {10, 1.4055}, {11, 1.4213}, {12, 1.4497},
	{13, 1.4643}, {14, 1.4822}, {15, 1.4969}, {16, 1.5078}, {17, 1.5153},
	{18, 1.5262}, {19, 1.5313}, {20, 1.5371}, {25, 1.5619}, {30, 1.5772},
	{40, 1.5976}, {50, 1.6102}, {60, 1.6178}, {70, 1.6237}, {80, 1.6277},
	{90, 1.6213}, {100, 1.6339},
};

/* Cho, F. (2019). ahpsurvey: Analytic Hierarchy Process for Survey Data,
 * R package, ahp.cr (500,000 random matrices per order, ahp.ri). */
static const ri_point ri_ahpsurvey[] = {
	{3, 0.5251686}, {4, 0.8836651}, {5, 1.1081014}, {6, 1.2492774},
	{7, 1.3415514}, {8, 1.4048466}, {9, 1.4507197}, {10, 1.4857266},
	{11, 1.5141022}, {12, 1.5356638}, {13, 1.5545925}, {14, 1.5703498},
	{15, 1.5839958},
};

#define RI_TABLE(name, pts) {name, pts, sizeof pts / sizeof pts[0]}

static const ri_index ri_tables[] = {
	RI_TABLE("saaty", ri_saaty),
	RI_TABLE("saaty-2005", ri_saaty_2005),
	RI_TABLE("alonso-lamata", ri_alonso_lamata),
	RI_TABLE("donegan-dodd", ri_donegan_dodd),
	RI_TABLE("ahpsurvey", ri_ahpsurvey),
};

#define N_RI_TABLES (sizeof ri_tables / sizeof ri_tables[0])

static const char *const ri_table_names[] = {
	"saaty", "saaty-2005", "alonso-lamata", "donegan-dodd", "ahpsurvey", NULL,
};

const char *const *
tdm_ahp_ri_tables(void)
{
	return ri_table_names;
}

static const ri_index *
ri_find(const char *name)
{
	size_t t;

	for (t = 0; t < N_RI_TABLES; t++)
		if (strcmp(ri_tables[t].name, name) == 0)
			return &ri_tables[t];
	return NULL;
}

static unsigned
ri_max(const ri_index *t)
{
	return t->points[t->n_points - 1].n;
}

/* "saaty (up to 10), saaty-2005 (up to 15), ..." into buf. */
static void
ri_list(char *buf, size_t size)
{
	size_t t, used = 0;

	buf[0] = '\0';
	for (t = 0; t < N_RI_TABLES && used < size; t++) {
		int k = snprintf(buf + used, size - used, "%s%s (up to %u)",
		                 t ? ", " : "", ri_tables[t].name,
		                 ri_max(&ri_tables[t]));
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* RI for order m; the caller has checked m <= ri_max(t). */
static double
ri_value(const ri_index *t, size_t m)
{
	size_t p;

	if (m < 3)
		return 0;
	for (p = 0; p < t->n_points; p++) {
		const ri_point *hi = &t->points[p];
		if (hi->n == m)
			return hi->ri;
		if (hi->n > m && p > 0) {
			const ri_point *lo = &t->points[p - 1];
			return lo->ri + (hi->ri - lo->ri) * (double)(m - lo->n) /
			                    (double)(hi->n - lo->n);
		}
	}
	return t->points[t->n_points - 1].ri;
}

/* ------------------------------------------------------------------------
 * The pairwise matrix
 * --------------------------------------------------------------------- */

typedef enum {
	CELL_OK = 0,
	CELL_NOT_POSITIVE, /* not a finite number > 0 */
	CELL_DIAGONAL,     /* a_ii != 1 */
	CELL_RECIPROCAL    /* a_ji != 1 / a_ij */
} cell_problem;

/* Is a_ij (i != j) consistent in form with a_ji? Relative tolerance on
 * a_ji against 1 / a_ij: |a_ij a_ji - 1|. */
static int
is_reciprocal(double aij, double aji)
{
	return fabs(aij * aji - 1) <= RECIPROCAL_TOL;
}

static int
is_unit(double aii)
{
	return fabs(aii - 1) <= RECIPROCAL_TOL;
}

/* The first cell in row-major order that breaks the rules; *bi, *bj. A
 * reciprocity failure is reported at the later cell (j, i), j > i, the
 * one that contradicts a judgement already made. */
static cell_problem
find_bad_cell(const double *a, size_t m, size_t *bi, size_t *bj)
{
	size_t i, j;

	for (i = 0; i < m; i++)
		for (j = 0; j < m; j++) {
			double v = a[i * m + j];
			*bi = i, *bj = j;
			if (!isfinite(v) || !(v > 0))
				return CELL_NOT_POSITIVE;
			if (i == j && !is_unit(v))
				return CELL_DIAGONAL;
			if (j < i && !is_reciprocal(a[j * m + i], v))
				return CELL_RECIPROCAL;
		}
	return CELL_OK;
}

/* Principal right eigenvector of the positive matrix a by power
 * iteration (von Mises; Golub & Van Loan, Matrix Computations, 4th ed.,
 * 2013, section 7.3.1), normalised to sum 1, as Saaty (1980) prescribes
 * for the priorities. A positive matrix has a simple dominant eigenvalue
 * with a positive eigenvector (Perron 1907), so the iteration converges
 * from any positive start, at the rate |lambda_2 / lambda_max|. It starts
 * from the row geometric means, which are exact for a consistent matrix.
 * tmp holds m doubles. Returns the number of steps, 0 if it did not
 * converge (*change: the last relative change), or -1 if the numbers left
 * the range of a double (judgements near 1e308 or 1e-308). */
static int
power_iteration(const double *a, size_t m, double *w, double *tmp,
                double *change)
{
	size_t i, j;
	double sum = 0;
	int step;

	for (i = 0; i < m; i++) {
		double lg = 0;
		for (j = 0; j < m; j++)
			lg += log(a[i * m + j]);
		w[i] = exp(lg / (double)m);
		sum += w[i];
	}
	if (!isfinite(sum) || !(sum > 0))
		return -1;
	for (i = 0; i < m; i++)
		w[i] /= sum;
	for (step = 1; step <= POWER_MAX_STEPS; step++) {
		double worst = 0;
		sum = 0;
		for (i = 0; i < m; i++) {
			double s = 0;
			for (j = 0; j < m; j++)
				s += a[i * m + j] * w[j];
			tmp[i] = s;
			sum += s;
		}
		if (!isfinite(sum))
			return -1;
		for (i = 0; i < m; i++) {
			double v = tmp[i] / sum;
			double d;
			if (!(v > 0)) /* underflow */
				return -1;
			/* relative, except for weights too small to matter (or to
			 * carry 13 significant digits: subnormals) */
			d = fabs(v - w[i]) / (v > POWER_FLOOR ? v : POWER_FLOOR);
			if (d > worst)
				worst = d;
			w[i] = v;
		}
		*change = worst;
		if (worst <= POWER_TOL)
			return step;
	}
	return 0;
}

tdm_status
tdm_weights_ahp(const double *a, size_t m, const char *ri_table, double *w,
                tdm_ahp_info *info, tdm_error *err)
{
	const ri_index *table;
	double *tmp = NULL, lambda = 0, ci, ri, change = 0, worst = -1;
	size_t i, j, bi, bj;
	char list[256];
	tdm_ahp_info local;
	tdm_status s;

	if (info == NULL)
		info = &local;
	if (ri_table == NULL)
		ri_table = ri_tables[0].name;
	if ((table = ri_find(ri_table)) == NULL) {
		ri_list(list, sizeof list);
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "ahp: unknown random-index table '%s' (known: "
		                     "%s)",
		                     ri_table, list);
	}
	if (m == 0)
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "ahp: no criteria to compare");
	switch (find_bad_cell(a, m, &bi, &bj)) {
	case CELL_NOT_POSITIVE:
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "ahp: cell (%zu, %zu) is %g: every judgement "
		                     "must be a finite number > 0",
		                     bi + 1, bj + 1, a[bi * m + bj]);
	case CELL_DIAGONAL:
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "ahp: cell (%zu, %zu) is %g: the diagonal must "
		                     "be 1 (a criterion is as important as itself)",
		                     bi + 1, bj + 1, a[bi * m + bj]);
	case CELL_RECIPROCAL:
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "ahp: cells (%zu, %zu) = %g and (%zu, %zu) = %g "
		                     "are not reciprocal: (%zu, %zu) must be 1/%g",
		                     bj + 1, bi + 1, a[bj * m + bi], bi + 1, bj + 1,
		                     a[bi * m + bj], bi + 1, bj + 1, a[bj * m + bi]);
	case CELL_OK:
		break;
	}
	if (m > ri_max(table)) {
		ri_list(list, sizeof list);
		return tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                     "ahp: the '%s' random-index table stops at %u "
		                     "criteria, this matrix has %zu; choose a table "
		                     "that covers it: %s",
		                     table->name, ri_max(table), m, list);
	}
	if ((tmp = malloc(m * sizeof *tmp)) == NULL)
		return tdm__nomem(err);
	switch (power_iteration(a, m, w, tmp, &change)) {
	case 0:
		s = tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                  "ahp: the principal eigenvector did not converge "
		                  "in %d power-iteration steps (last relative "
		                  "change %.3g)",
		                  POWER_MAX_STEPS, change);
		goto out;
	case -1:
		s = tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                  "ahp: the judgements span too many orders of "
		                  "magnitude for the eigenvector to be computed in "
		                  "double precision");
		goto out;
	default:
		break;
	}
	/* lambda_max as the mean of (A w)_i / w_i (Saaty 1980). */
	for (i = 0; i < m; i++) {
		double s_i = 0;
		for (j = 0; j < m; j++)
			s_i += a[i * m + j] * w[j];
		lambda += s_i / w[i];
	}
	lambda /= (double)m;
	if (!isfinite(lambda)) {
		s = tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                  "ahp: the judgements span too many orders of "
		                  "magnitude for the eigenvector to be computed in "
		                  "double precision");
		goto out;
	}
	ci = m <= 2 ? 0 : (lambda - (double)m) / (double)(m - 1);
	if (ci < 0) /* lambda_max >= m in exact arithmetic; this is rounding */
		ci = 0;
	ri = ri_value(table, m);
	info->lambda_max = lambda;
	info->ci = ci;
	info->ri = ri;
	info->cr = ri > 0 ? ci / ri : 0;
	snprintf(info->ri_table, sizeof info->ri_table, "%s", table->name);
	/* The most inconsistent judgement: with e_ij = a_ij w_j / w_i,
	 * lambda_max - m = (1/m) sum_{i<j} (e_ij + 1/e_ij - 2) (Saaty 1980),
	 * so the pair with the largest e + 1/e adds the most to CI. */
	info->worst_a = 0;
	info->worst_b = m > 1 ? 1 : 0;
	info->worst_given = m > 1 ? a[1] : 1;
	info->worst_implied = m > 1 ? w[0] / w[1] : 1;
	for (i = 0; i < m; i++)
		for (j = i + 1; j < m; j++) {
			double e = a[i * m + j] * w[j] / w[i];
			double dev = e + 1 / e;
			if (dev > worst) {
				worst = dev;
				info->worst_a = i;
				info->worst_b = j;
				info->worst_given = a[i * m + j];
				info->worst_implied = w[i] / w[j];
			}
		}
	s = TDM_OK;
out:
	free(tmp);
	return s;
}

/* ------------------------------------------------------------------------
 * The labelled matrix in CSV
 *
 *   ,cost,speed,risk          (the corner cell: empty or any label)
 *   cost,1,3,1/5
 *   speed,1/3,1,1/7
 *   risk,5,7,1
 *
 * Rows follow the header's order; cells are numbers or fractions p/q.
 * --------------------------------------------------------------------- */

typedef struct ahp_csv {
	const char *path;
	char **names;   /* n criteria, from the header */
	size_t n;
	double *a;      /* n * n, row-major */
	long *lines;    /* line of each row read */
	long header_line;
	size_t rows;    /* rows read so far */
	int has_header;
} ahp_csv;

/* A cell as a number > 0: "3", "0.25", "1/3". Returns 1, or 0 with a
 * reason in why. */
static int
parse_cell(const char *s, size_t len, double *out, char *why, size_t size)
{
	const char *slash = memchr(s, '/', len);
	double p, q;
	int rp, rq;

	if (len == 0) {
		snprintf(why, size,
		         "empty cell: every pair of criteria needs a judgement");
		return 0;
	}
	if (slash == NULL) {
		rp = tdm_parse_number(s, len, &p);
		if (rp == 0) {
			snprintf(why, size,
			         "'%.40s' is not a number or a fraction like 1/3", s);
			return 0;
		}
		if (rp < 0) {
			snprintf(why, size, "number out of range: '%.40s'", s);
			return 0;
		}
		if (!(p > 0)) {
			snprintf(why, size, "'%.40s': a judgement must be > 0", s);
			return 0;
		}
		*out = p;
		return 1;
	}
	rp = tdm_parse_number(s, (size_t)(slash - s), &p);
	rq = tdm_parse_number(slash + 1, len - (size_t)(slash - s) - 1, &q);
	if (rp == 0 || rq == 0) {
		snprintf(why, size,
		         "'%.40s' is not a number or a fraction like 1/3", s);
		return 0;
	}
	if (rp < 0 || rq < 0) {
		snprintf(why, size, "number out of range: '%.40s'", s);
		return 0;
	}
	if (!(p > 0) || !(q > 0)) {
		snprintf(why, size,
		         "'%.40s': both parts of a fraction must be numbers > 0", s);
		return 0;
	}
	*out = p / q;
	if (!isfinite(*out) || !(*out > 0)) {
		snprintf(why, size, "number out of range: '%.40s'", s);
		return 0;
	}
	return 1;
}

static long
find_name(const ahp_csv *c, const char *name)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (strcmp(c->names[k], name) == 0)
			return (long)k;
	return -1;
}

static tdm_status
on_header(ahp_csv *c, const tdm_csv_row *row, tdm_error *err)
{
	size_t k, n = row->n_fields - 1;

	c->header_line = row->line;
	if (row->n_fields < 2)
		return tdm_error_set(err, TDM_DATA, c->path, row->line, 2,
		                     "the header names no criteria: a pairwise "
		                     "matrix starts with a corner cell, then one "
		                     "column per criterion");
	if (n > AHP_MAX_CRITERIA)
		return tdm_error_set(err, TDM_DATA, c->path, row->line, 0,
		                     "the header names %zu criteria; at most %d can "
		                     "be compared",
		                     n, AHP_MAX_CRITERIA);
	c->names = calloc(n, sizeof *c->names);
	c->a = malloc(n * n * sizeof *c->a);
	c->lines = calloc(n, sizeof *c->lines);
	if (c->names == NULL || c->a == NULL || c->lines == NULL)
		return tdm__nomem(err);
	c->n = n;
	for (k = 0; k < n; k++)
		if ((c->names[k] = tdm__strdup(row->fields[k + 1])) == NULL)
			return tdm__nomem(err);
	c->has_header = 1;
	return TDM_OK;
}

static tdm_status
on_row(ahp_csv *c, const tdm_csv_row *row, tdm_error *err)
{
	size_t i = c->rows, j;
	const char *name = row->fields[0];
	char why[200];
	long other;

	if (i >= c->n)
		return tdm_error_set(err, TDM_DATA, c->path, row->line, 1,
		                     "more rows than criteria: the header names %zu, "
		                     "so the matrix has %zu rows",
		                     c->n, c->n);
	if (strcmp(name, c->names[i]) != 0) {
		other = find_name(c, name);
		if (other >= 0)
			return tdm_error_set(err, TDM_DATA, c->path, row->line, 1,
			                     "row '%.100s' is out of order: row %zu "
			                     "must be '%.100s' (rows follow the order of "
			                     "the header)",
			                     name, i + 1, c->names[i]);
		return tdm_error_set(err, TDM_DATA, c->path, row->line, 1,
		                     "'%.100s' is not a criterion in the header "
		                     "(row %zu must be '%.100s')",
		                     name, i + 1, c->names[i]);
	}
	c->lines[i] = row->line;
	for (j = 0; j < c->n; j++) {
		double v;
		long field = (long)(j + 2);

		if (!parse_cell(row->fields[j + 1], row->lens[j + 1], &v, why,
		                sizeof why))
			return tdm_error_set(err, TDM_DATA, c->path, row->line, field,
			                     "%s ('%.100s' vs '%.100s')", why,
			                     c->names[i], c->names[j]);
		if (i == j && !is_unit(v))
			return tdm_error_set(err, TDM_DATA, c->path, row->line, field,
			                     "'%.100s' vs itself is %.40s: the diagonal "
			                     "must be 1",
			                     c->names[i], row->fields[j + 1]);
		if (j < i && !is_reciprocal(c->a[j * c->n + i], v))
			return tdm_error_set(
				err, TDM_DATA, c->path, row->line, field,
				"not reciprocal: '%.100s' vs '%.100s' is %.40s here, but "
				"'%.100s' vs '%.100s' is %g (line %ld), so this cell must "
				"be 1/%g",
				c->names[i], c->names[j], row->fields[j + 1], c->names[j],
				c->names[i], c->a[j * c->n + i], c->lines[j],
				c->a[j * c->n + i]);
		/* 1 within the tolerance is stored as 1, so that whoever reads
		 * the matrix next can compare exactly. */
		c->a[i * c->n + j] = i == j ? 1 : v;
	}
	c->rows++;
	return TDM_OK;
}

static tdm_status
on_csv_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	ahp_csv *c = ud;

	return is_header ? on_header(c, row, err) : on_row(c, row, err);
}

static void
ahp_csv_free(ahp_csv *c)
{
	size_t k;

	if (c->names != NULL)
		for (k = 0; k < c->n; k++)
			free(c->names[k]);
	free(c->names);
	free(c->a);
	free(c->lines);
	c->names = NULL;
	c->a = NULL;
	c->lines = NULL;
	c->n = c->rows = 0;
	c->has_header = 0;
}

tdm_status
tdm_ahp_read_csv(const char *path, char ***names, double **a, size_t *n,
                 tdm_error *err)
{
	/* The corner cell of a labelled matrix names nothing; spreadsheets and
	 * pandas leave it empty. */
	tdm_csv_config cfg = {0, 1, NULL, NULL, NULL, NULL};
	ahp_csv c;
	tdm_status s;

	memset(&c, 0, sizeof c);
	c.path = path;
	*names = NULL;
	*a = NULL;
	*n = 0;
	s = tdm_csv_stream_file(path, &cfg, on_csv_row, &c, err);
	if (s != TDM_OK)
		goto fail;
	if (c.rows < c.n) {
		s = tdm_error_set(err, TDM_DATA, path, c.header_line, 0,
		                  "the header names %zu criteria but %zu row%s "
		                  "follow%s: the matrix must be square",
		                  c.n, c.rows, c.rows == 1 ? "" : "s",
		                  c.rows == 1 ? "s" : "");
		goto fail;
	}
	*names = c.names;
	*a = c.a;
	*n = c.n;
	free(c.lines);
	return TDM_OK;
fail:
	ahp_csv_free(&c);
	return s;
}
