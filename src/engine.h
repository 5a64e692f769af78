/*
 * engine.h -- the numeric core's internal interfaces (not part of the API).
 *
 * Each stage is a plain function over plain arrays so it can be tested
 * without Lua or files, and evaluation with new weights allocates nothing.
 * Matrices are column-major: x[c * n_options + o].
 */
#ifndef TDM_ENGINE_H
#define TDM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "tdm.h"

/* resolve.c: turn attributes into the numeric matrix x (n_criteria columns
 * of m->n_options), run guardrails, and record reasons in r->options[o]
 * (which must be allocated, zeroed). eligible[o] is set to 1 for options
 * with no reasons. */
tdm_status tdm__resolve(const tdm_model *m, const tdm_hooks *hooks,
                        tdm_result *r, double *x, unsigned char *eligible,
                        tdm_error *err);

/* csv_input.c: the option loader's rules for one CSV cell, for callers
 * that stream rows themselves (batch.c). tdm__csv_cell fills v: missing
 * for an empty cell, a number, a range "lo..hi", else a string that lends
 * the row's bytes; errors (bad UTF-8, nan/inf, out of range, a bad range)
 * name source:line:field. */
tdm_status tdm__csv_cell(const char *source, const tdm_csv_row *row,
                         size_t col, tdm_value *v, tdm_error *err);
tdm_status tdm__csv_check_utf8(const char *source, const tdm_csv_row *row,
                               size_t col, tdm_error *err);
/* The column that names options: `option`, else `name`, else the first. */
size_t tdm__csv_name_column(const tdm_csv_row *header);

/* A data line offered whole before the reader splits it: [s, s + len),
 * without its line end, a line that holds no '"', NUL or CR. Set *took
 * to 1 when the line is taken as it is (it then counts as a row with as
 * many fields as the header: the callee must take only such a line, with
 * no space or tab around a field), else leave it 0 and the reader splits
 * it and calls the row function as usual. Anything but TDM_OK (err
 * filled) stops the stream. */
typedef tdm_status (*tdm__csv_line_fn)(void *ud, const char *s, size_t len,
                                       long line, int *took, tdm_error *err);

/* tdm_csv_stream_file with a line function, called (when not NULL) for
 * each data line that could take the reader's own fast path. */
tdm_status tdm__csv_stream_lines(const char *path, const tdm_csv_config *cfg,
                                 tdm__csv_line_fn line, tdm_csv_row_fn fn,
                                 void *ud, tdm_error *err);

/* evaluate.c: what tdm_evaluate would choose for m without looking at its
 * options: method, direction, normalisation, weighting and weights, in a
 * result with no options. Weightings computed from the data (entropy,
 * CRITIC) are refused. */
tdm_status tdm__eval_plan(const tdm_model *m, const tdm_eval_config *cfg,
                          tdm_result **out, tdm_error *err);

/* result.c: free an option's reasons and leave it with none. */
void tdm__option_reasons_free(tdm_option_result *or);

/* evaluate.c: above this many ranked options dominance is not checked
 * (O(n^2 m)); the result notes it (tdm__note_dominance_unchecked, the
 * same words whichever path ranked them). */
#define TDM__DOMINANCE_MAX 10000
void tdm__note_dominance_unchecked(tdm_result *r, size_t n_ranked);

/* evaluate.c: add a note (a warning worth showing) to a result. */
void tdm__result_note(tdm_result *r, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* weights.c: normalise the criteria's weights to sum 1 into w. */
tdm_status tdm__weights_normalize(const tdm_model *m, double *w, double *sum,
                                  int *normalized, tdm_error *err);

/* Two doubles side by side, for the loops that run thousands of times per
 * command (acceptability samples score every option 10,000 times): GCC's
 * and Clang's vector extensions, SSE2 on x86-64 and NEON on arm64 without
 * any -m flag. Each lane does exactly the arithmetic of the scalar code,
 * in the same order, so results are bit for bit the same; other compilers
 * (or -DTDM_NO_VECTOR) take the scalar loops. */
#if defined(__GNUC__) && !defined(TDM_NO_VECTOR)
#define TDM_HAVE_V2D 1
typedef double tdm__v2d __attribute__((vector_size(16)));
#else
#define TDM_HAVE_V2D 0
#endif

/* Which vector units a kernel may use: the best the processor has (AVX
 * where the x86-64 processor has it, else two doubles), two doubles
 * (tdm__v2d), or none. The results are the same bits whichever; tests
 * compare them (tests/unit/test_fast_paths.c). */
typedef enum {
	TDM__SIMD_AUTO = 0,
	TDM__SIMD_V2D,
	TDM__SIMD_SCALAR
} tdm__simd;

/* The numeric core works on a dense problem: only the options that pass
 * every guardrail, n rows, m criteria, raw values column-major. */
typedef struct tdm__crit {
	int cost;            /* 1: lower is better */
	int has_scale;       /* fixed scale [lo, hi] */
	double lo, hi;
	tdm_pref pref;       /* PROMETHEE II preference function */
	double q, p, s;      /* and its thresholds */
} tdm__crit;

typedef struct tdm__problem {
	size_t n, m;
	const double *x;       /* x[j * n + i], finite */
	const tdm__crit *crit; /* m entries */
	double vikor_v;        /* VIKOR's v in [0, 1] */
	/* Optional, for a method with wants_range: each column of the
	 * normalised matrix's largest and smallest value (tdm__col_range),
	 * kept by tdm__scorer between runs; NULL: the method takes them. */
	const double *norm_hi, *norm_lo;
} tdm__problem;

/* normalize.c: the normalisations, by name ("minmax", "max", "linear",
 * "sum", "vector", "none"), following pymcdm's definitions: out (n x m,
 * column-major) has 1 = best for every criterion ("none" gives x, and -x
 * for a cost criterion, so higher is better everywhere). A criterion with a fixed scale is
 * normalised min-max over its scale whatever the name. Allocates nothing;
 * never writes NaN (degenerate columns have documented values). An error
 * only for data the normalisation cannot take (a zero or negative value
 * for "linear" on a cost criterion, say), with err->line = row + 1 and
 * err->column = criterion + 1 (the caller rewrites them into the option's
 * location). out may be x's own column (rank_columns.c normalises in
 * place): each normalisation takes its column's figures first, then
 * writes out[i] from x[i] alone. */
typedef struct tdm__normalization {
	const char *name;
	tdm_status (*fn)(const tdm__problem *P, size_t j, double *out,
	                 tdm_error *err);   /* one column j into out[0..n) */
} tdm__normalization;

const tdm__normalization *tdm__normalization_find(const char *name);
/* Normalise every column of P with nz (fixed scales honoured). */
tdm_status tdm__normalize(const tdm__problem *P, const tdm__normalization *nz,
                          double *out, tdm_error *err);
/* Normalise column j alone into out + j * P->n, as tdm__normalize would. */
tdm_status tdm__normalize_column(const tdm__problem *P,
                                 const tdm__normalization *nz, size_t j,
                                 double *out, tdm_error *err);

/* methods.c: a scoring method. `norm` is P normalised with the method's
 * normalisation (NULL when the method has its own, normalization == NULL
 * in the table). ws is workspace of workspace(n, m) doubles. The method
 * writes score[0..n), extra[k * n + i] for its extra columns, and what it
 * reports in info (compromise indices are rows 0..n; the caller maps them
 * to options; info->compromise is allocated by the caller with n entries,
 * info->bounds_from_data with m). Allocates nothing. Errors for data the
 * method cannot take (wpm: a value <= 0), naming the row and criterion
 * through err->line = row + 1 and err->column = criterion + 1; the caller
 * rewrites them into the option's location. */
typedef tdm_status (*tdm__method_fn)(const tdm__problem *P, const double *norm,
                                     const double *w, double *ws,
                                     double *score, double *extra,
                                     tdm_method_info *info, tdm_error *err);

typedef struct tdm__method {
	const char *name;
	tdm_direction direction;
	const char *normalization;   /* default; NULL: the method's own */
	const char *const *extra;    /* NULL-terminated extra column names */
	int additive;                /* score = sum of w * norm */
	size_t (*workspace)(size_t n, size_t m);  /* NULL: none */
	tdm__method_fn fn;
	int wants_range;             /* reads P->norm_hi and P->norm_lo */
	int reads_values;            /* reads P->x too, not only norm (so x
	                              * cannot be normalised in place) */
} tdm__method;

const tdm__method *tdm__method_find(const char *name);

/* scorer.c: the largest and smallest of col[0..n) (n > 0), as values
 * (several running maxima and minima in registers). */
void tdm__col_range(const double *col, size_t n, double *hi, double *lo);

/* A TDM_DATA error about the value x in row i, criterion j of the dense
 * problem ("<what>, got <x>"), located by the convention above. */
tdm_status tdm__cell_error(tdm_error *err, size_t i, size_t j,
                           const char *what, double x);

/* The methods, each in its own file (method_<name>.c). */
tdm_status tdm__method_wsm(const tdm__problem *, const double *, const double *,
                           double *, double *, double *, tdm_method_info *,
                           tdm_error *);
tdm_status tdm__method_wpm(const tdm__problem *, const double *, const double *,
                           double *, double *, double *, tdm_method_info *,
                           tdm_error *);
tdm_status tdm__method_topsis(const tdm__problem *, const double *,
                              const double *, double *, double *, double *,
                              tdm_method_info *, tdm_error *);
tdm_status tdm__method_moora(const tdm__problem *, const double *,
                             const double *, double *, double *, double *,
                             tdm_method_info *, tdm_error *);
tdm_status tdm__method_copras(const tdm__problem *, const double *,
                              const double *, double *, double *, double *,
                              tdm_method_info *, tdm_error *);
tdm_status tdm__method_edas(const tdm__problem *, const double *,
                            const double *, double *, double *, double *,
                            tdm_method_info *, tdm_error *);
tdm_status tdm__method_vikor(const tdm__problem *, const double *,
                             const double *, double *, double *, double *,
                             tdm_method_info *, tdm_error *);
tdm_status tdm__method_promethee2(const tdm__problem *, const double *,
                                  const double *, double *, double *,
                                  double *, tdm_method_info *, tdm_error *);
tdm_status tdm__method_spotis(const tdm__problem *, const double *,
                              const double *, double *, double *, double *,
                              tdm_method_info *, tdm_error *);
size_t tdm__topsis_workspace(size_t n, size_t m);
/* The WSM scores of rows [0, n) of the n x m matrix norm (column-major),
 * and the TOPSIS closeness given the scale (a power of two), ideal and
 * anti-ideal (m each, as tdm__method_topsis finds them), with the vector
 * units of choice. */
void tdm__wsm_scores(const double *norm, const double *w, size_t n, size_t m,
                     tdm__simd simd, double *score);
void tdm__topsis_closeness(const double *norm, const double *w, size_t n,
                           size_t m, double scale, const double *ideal,
                           const double *anti, tdm__simd simd,
                           double *score);
size_t tdm__promethee2_workspace(size_t n, size_t m);
/* method_promethee2.c: PROMETHEE II's flows straight from the definition,
 * O(n^2 m) time, no workspace (the reference the tests hold the method
 * to): phi+ into plus[0..n) and phi- into minus[0..n), divided by n - 1
 * (0 for one option). Checks the thresholds as the method does. */
tdm_status tdm__promethee2_flows_reference(const tdm__problem *P,
                                           const double *w, double *plus,
                                           double *minus, tdm_error *err);
size_t tdm__edas_workspace(size_t n, size_t m);
size_t tdm__copras_workspace(size_t n, size_t m);
size_t tdm__vikor_workspace(size_t n, size_t m);

/* scorer.c: one set of options (a subset of the model's, chosen by
 * `subset`), scored again and again with any weights; changing a value
 * re-normalises its column (only) on the next run. `values` is the
 * resolved matrix in the
 * model's layout (values[c * n_options + o]). method "lua" (or NULL) is the
 * model's own aggregation through hooks; normalization "own" (or NULL) is
 * none. Runs allocate nothing. */
typedef struct tdm__scorer {
	const tdm_model *m;
	const tdm_hooks *hooks;
	const tdm__method *method;      /* NULL: the Lua aggregation */
	const tdm__normalization *nz;   /* NULL: the method's own */
	size_t n, k;
	size_t *rows;                   /* row -> option index */
	double *x;                      /* dense raw values, x[c * n + row] */
	tdm__crit *crit;
	tdm__problem P;
	double *norm;                   /* normalised x, when nz */
	int norm_valid;                 /* 0: every column is to normalise */
	unsigned char *dirty;           /* k: this column is to normalise */
	int any_dirty;
	double *col_absmax;             /* k: the largest |norm| of a column */
	unsigned char *col_absmax_ok;   /* k: col_absmax is up to date */
	double *col_hi, *col_lo;        /* k: range of a norm column, for */
	unsigned char *col_range_ok;    /*   methods with wants_range */
	double *ws;
	double *extra;                  /* extra[e * n + row] */
	tdm_method_info info;           /* compromise rows, bounds */
	size_t cap_n, cap_ws;           /* rows and workspace the arrays hold */
} tdm__scorer;

tdm_status tdm__scorer_init(tdm__scorer *s, const tdm_model *m,
                            const tdm_hooks *hooks, const char *method,
                            const char *normalization, double vikor_v,
                            const double *values, const unsigned char *subset,
                            tdm_error *err);
/* tdm__scorer_init again on an initialised s, for the same method and
 * normalisation (s's) and a model of as many criteria: s's arrays are
 * kept when the rows fit (batch.c scores block after block; new arrays
 * each time were new pages, each zeroed by the kernel); else as init. */
tdm_status tdm__scorer_reuse(tdm__scorer *s, const tdm_model *m,
                             const tdm_hooks *hooks, const char *method,
                             const char *normalization, double vikor_v,
                             const double *values, const unsigned char *subset,
                             tdm_error *err);
void tdm__scorer_free(tdm__scorer *s);
/* A criterion's parameters as the methods and normalisations take them. */
void tdm__crit_from_criterion(const tdm_criterion *cr, tdm__crit *out);
/* Scores of the n rows with weights w (summing to 1). */
tdm_status tdm__scorer_run(tdm__scorer *s, const double *w, double *scores,
                           tdm_error *err);
void tdm__scorer_set_value(tdm__scorer *s, size_t row, size_t c, double v);
/* 1 if score a is better than b in direction dir. */
int tdm__better_score(tdm_direction dir, double a, double b);

/* agreement.c: rank correlations of two rankings of n items (ties share
 * a rank): Kendall's tau-b (Kendall 1945) and Spearman's rho on mid-ranks.
 * Never NaN: see doc/methods.md for the degenerate cases. */
double tdm__kendall_tau_b(const long *a, const long *b, size_t n);
double tdm__spearman_rho(const long *a, const long *b, size_t n);

/* threads.c: fn(ctx, i) for every i in [0, n), each on a thread of its
 * own (i = 0 on this one; here too when a thread cannot be made), and
 * back when all are done. n at most TDM_MAX_THREADS. */
void tdm__parallel(unsigned n, void (*fn)(void *ctx, unsigned i), void *ctx);

/* rank.c: ranks (1 = best, ties share the best rank) for eligible options;
 * 0 for the others. order receives eligible options by rank, then the rest
 * in index order; returns the number ranked. */
size_t tdm__rank(size_t n, const double *scores, const unsigned char *eligible,
                 tdm_direction dir, long *ranks, size_t *order);
/* rank.c: every row of scores[0..n) ranked as tdm__rank ranks them (all
 * eligible), in rank order: order[i] is the row at position i, sorted[i]
 * its score (-0 as +0), rank_at[i] its rank. sorted may be scores itself.
 * ws: TDM__RANK_WS_BYTES(n) bytes aligned for 64-bit integers, or NULL
 * to allocate them. 0 if out of memory. */
#define TDM__RANK_WS_BYTES(n) (2 * (size_t)(n) * (sizeof(uint64_t) + sizeof(size_t)))
int tdm__rank_in_order(size_t n, const double *scores, tdm_direction dir,
                       size_t *order, double *sorted, long *rank_at, void *ws);

/* rank.c: idx[0..n) sorted by key[idx[i]], largest first, equal keys in
 * their order (tmp: n of workspace). */
void tdm__sort_desc(const double *key, size_t *idx, size_t *tmp, size_t n);

/* rank.c: the best k ranks of n scores by tdm__rank's rule (same order,
 * same ties), without sorting them all when k < n: one pass keeps the
 * k + 1 best scores with their rows (starting from the rows that were
 * best in the previous call, which only makes it faster), and every row
 * is sorted only when a tie at rank k could bring in rows beyond them
 * (rare). tdm__topk_rank
 * fills rows[0..r) with the rows of rank <= k, best first, and ranks[0..r)
 * with their ranks, and returns r (k <= r <= n when n >= k: ties at rank
 * k add rows). O(n) per call for small k instead of O(n log n); allocates
 * nothing. doc/design/repl-performance.md says why acceptability needs
 * it. */
typedef struct tdm__topk {
	size_t n, k;
	double *best;       /* k + 1: the best scores, best first */
	size_t *best_rows;  /* k + 1: their rows */
	size_t *prev;       /* k + 1: the best rows of the previous call */
	int has_prev;
	unsigned char *kept;/* n: the rows among best_rows (0 between calls) */
	size_t *rows;       /* n */
	long *ranks;        /* n */
	size_t *tmp;        /* n: merge sort */
	tdm__simd simd;     /* the vector units (tests): AUTO after init */
} tdm__topk;

tdm_status tdm__topk_init(tdm__topk *t, size_t n, size_t k, tdm_error *err);
void tdm__topk_free(tdm__topk *t);
size_t tdm__topk_rank(tdm__topk *t, const double *scores, tdm_direction dir);

#endif
