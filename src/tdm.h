/*
 * tdm.h -- the public API of the tradeoff decision-matrix engine (libtdm).
 *
 * This is the only header that tests and embedders need. The engine never
 * prints, exits or aborts: fallible functions return a tdm_status and fill a
 * caller-provided tdm_error (which may be NULL); diagnostics that are not
 * errors (Lua's print, warnings) go through a tdm_diag_fn callback.
 *
 * Data flows one way:
 *
 *   load (Lua decision / CSV) -> tdm_model -> resolve (levels, score
 *   functions, guardrails) -> weights -> normalise -> method -> tdm_result
 *   -> render (table / csv / json)
 *
 * Ownership: tdm_x_new pairs with tdm_x_free, and freeing NULL is a no-op.
 * Containers copy the strings they are given; getters lend. A function that
 * hands memory to the caller says so.
 */
#ifndef TDM_H
#define TDM_H

#include <stddef.h>
#include <signal.h>

#define TDM_VERSION "0.1.0"

/* ------------------------------------------------------------------------
 * Status codes and errors
 * --------------------------------------------------------------------- */

/* X(name, exit status, description). One list, so enum, exit status and
 * text cannot drift apart. */
#define TDM_STATUS_MAP(X)                                   \
	X(OK, 0, "ok")                                          \
	X(DATA, 1, "data error")                                \
	X(EVAL, 1, "evaluation error")                          \
	X(NOMEM, 1, "out of memory")                            \
	X(USAGE, 2, "usage error")                              \
	X(LUA, 3, "Lua error")                                  \
	X(LIMIT, 3, "Lua limit exceeded")                       \
	X(IO, 4, "I/O error")

typedef enum {
#define TDM__STATUS_ENUM(name, exit_code, text) TDM_##name,
	TDM_STATUS_MAP(TDM__STATUS_ENUM)
#undef TDM__STATUS_ENUM
	TDM__STATUS_COUNT
} tdm_status;

/* The process exit status documented for each status code. */
int tdm_status_exit_code(tdm_status s);
/* A short description, e.g. "data error". Never NULL. */
const char *tdm_status_name(tdm_status s);

/* An error with its location. Fixed buffers: filling one never allocates,
 * so the out-of-memory path can report itself. line/column are 0 when
 * unknown. For CSV input, column is the 1-based field number. */
typedef struct tdm_error {
	tdm_status code;
	char source[256];
	long line;
	long column;
	char message[512];
} tdm_error;

/* Reset to TDM_OK with empty fields. err may be NULL. */
void tdm_error_clear(tdm_error *err);
/* Fill err (if not NULL) and return code. */
tdm_status tdm_error_set(tdm_error *err, tdm_status code, const char *source,
                         long line, long column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
/* "source:line:col: message" (parts that are unknown are left out) into
 * buf; returns buf. */
char *tdm_error_format(const tdm_error *err, char *buf, size_t size);

/* The library's one global flag (the other global is the thread count,
 * tdm_set_threads): set it (from a SIGINT handler) to ask long
 * computations -- acceptability sampling, counterfactual and interval
 * searches, method agreement, PROMETHEE II's gaussian flows -- to stop;
 * they return TDM_LIMIT "interrupted" at their next check. The caller
 * clears it. The Lua sandbox has its own flag in
 * tdm_lua_limits.interrupt, which may point here. */
extern volatile sig_atomic_t tdm_interrupted;

/* Diagnostics that are not errors: Lua's print(), warnings. source and line
 * may be NULL / 0. */
typedef void (*tdm_diag_fn)(void *ud, const char *source, long line,
                            const char *message);

/* ------------------------------------------------------------------------
 * Numbers
 * --------------------------------------------------------------------- */

/* Parse a whole field as a decimal number: [+-]digits[.digits][e[+-]digits]
 * (or [+-].digits...). No hex, no inf/nan, no surrounding spaces. The value
 * is exactly what strtod gives. Returns 1 on success, 0 if the text is not a
 * number of that form, -1 if it is one but out of range (overflow). */
int tdm_parse_number(const char *s, size_t len, double *out);

/* ------------------------------------------------------------------------
 * The model: criteria, options and their attribute values
 * --------------------------------------------------------------------- */

typedef enum {
	TDM_VAL_MISSING = 0,
	TDM_VAL_NUMBER,
	TDM_VAL_STRING,
	TDM_VAL_BOOL,
	TDM_VAL_RANGE     /* an uncertain number: somewhere in [lo, hi] */
} tdm_value_type;

/* One attribute value. `column` is where it came from in its source (CSV
 * field number, 1-based), 0 when not from a CSV. A string is owned by the
 * container that holds the value. */
typedef struct tdm_value {
	tdm_value_type type;
	int column;
	union {
		double num;
		char *str;
		int boolean;
		struct {
			double lo, hi;
		} range;
	} as;
} tdm_value;

typedef enum { TDM_BETTER_HIGHER = 0, TDM_BETTER_LOWER } tdm_better;

typedef enum {
	TDM_CMP_LT = 0,
	TDM_CMP_LE,
	TDM_CMP_GT,
	TDM_CMP_GE,
	TDM_CMP_EQ,
	TDM_CMP_NE
} tdm_cmp_op;

/* A category and its number, from a criterion's `levels`. */
typedef struct tdm_level {
	char *name;
	double value;
} tdm_level;

/* PROMETHEE II preference functions (Brans & Vincke 1985), by name:
 * usual, ushape (q), vshape (p), level (q, p), linear (q, p), gaussian (s). */
typedef enum {
	TDM_PREF_USUAL = 0,
	TDM_PREF_USHAPE,
	TDM_PREF_VSHAPE,
	TDM_PREF_LEVEL,
	TDM_PREF_LINEAR,
	TDM_PREF_GAUSSIAN
} tdm_pref;

/* A scoring rule (value function) applied in C to a numeric attribute:
 * `score = piecewise { {0, 1}, {50, 1}, {200, 0} }` in a decision file. */
typedef enum {
	TDM_VF_NONE = 0,
	TDM_VF_LINEAR,    /* params: lo, hi            -> 0 at lo, 1 at hi, clamped */
	TDM_VF_PIECEWISE, /* params: x0, y0, x1, y1... -> linear between points */
	TDM_VF_STEP,      /* params: x0, y0, x1, y1... -> y of the last x <= value */
	TDM_VF_TARGET,    /* params: value, tolerance  -> 1 at value, 0 beyond */
	TDM_VF_LOGSCALE   /* params: lo, hi            -> log-linear 0..1, clamped */
} tdm_vf_kind;

typedef struct tdm_value_fn {
	tdm_vf_kind kind;
	double *params;   /* n_params numbers, owned */
	size_t n_params;
	char *text;       /* as written, e.g. "piecewise {{0, 1}, {50, 1}}" */
} tdm_value_fn;

/* A guardrail. Either a comparison parsed from text ("<= 50"), or a Lua
 * function identified by a handle that the tdm_hooks understand. */
typedef struct tdm_must {
	int is_set;
	int fn;            /* 0: a comparison; >0: a function handle */
	tdm_cmp_op op;
	tdm_value operand; /* number, string or boolean */
	char *text;        /* as written: "<= 50"; for a function, its source */
	long fn_line;      /* first line of the function's source, 0 if none */
} tdm_must;

typedef struct tdm_criterion {
	char *name;
	double weight;
	int has_weight;
	tdm_better better;
	int has_better;
	char *unit;          /* NULL if none */
	tdm_level *levels;   /* n_levels entries, or NULL */
	size_t n_levels;
	int score_fn;        /* 0: none; >0: a function handle for tdm_hooks */
	char *score_src;     /* the score function's source text, or NULL */
	long score_line;     /* its first line, 0 if none */
	tdm_value_fn vf;     /* kind TDM_VF_NONE if none (not with score_fn) */
	int has_scale;
	double scale_lo, scale_hi;
	tdm_must must;
	char *because;       /* NULL if none */
	int has_pref;        /* PROMETHEE II preference function given */
	tdm_pref pref;       /* default usual */
	double q, p, s;      /* its thresholds (indifference, preference, gaussian) */
	int source;          /* index into model->sources; -1 if unknown */
	long line;           /* where it was declared, 0 if unknown */
} tdm_criterion;

/* One AHP judgement: criterion a is `value` times as important as b
 * (Saaty's 1..9 scale and reciprocals). */
typedef struct tdm_judgement {
	char *a, *b;
	double value;
} tdm_judgement;

typedef struct tdm_option {
	char *name;
	tdm_value *values;   /* indexed by attribute id; n_values entries */
	size_t n_values;     /* ids >= n_values are missing */
	int source;          /* index into model->sources; -1 if unknown */
	long line;           /* line of its row or declaration, 0 if unknown */
} tdm_option;

/* A stakeholder's own weights: `stakeholder "SRE" { weights = {...} }`.
 * Criteria it does not name weigh 0 for it. */
typedef struct tdm_stakeholder {
	char *name;
	char **criteria;     /* n criterion names */
	double *weights;     /* n given weights, finite and >= 0 */
	size_t n;
	int source;
	long line;
} tdm_stakeholder;

typedef struct tdm_model {
	char *title;         /* NULL if none */
	char *context;
	char *method;        /* requested method name, NULL for the default */
	int method_fn;       /* >0: a custom aggregation function (handle) */
	char *method_src;    /* its source text */
	char *normalization; /* requested normalisation, NULL: the method's */
	char *weighting;     /* NULL or "direct", "equal", "roc", "ahp",
	                      * "entropy", "critic" */
	char **order;        /* roc: criterion names, most important first */
	size_t n_order;
	tdm_judgement *judgements; /* ahp */
	size_t n_judgements;
	char *ri_table;      /* ahp random-index table, NULL: the default */
	int critic_flip_cost;/* critic: flip cost columns first (default 0) */
	int has_vikor_v;
	double vikor_v;      /* VIKOR's v, default 0.5 */
	tdm_stakeholder *stakeholders;
	size_t n_stakeholders;
	/* for the decision record (MADR); NULL / 0 when not given */
	char *status;        /* "proposed", "accepted", ... */
	char *date;          /* "YYYY-MM-DD" */
	char **deciders;
	size_t n_deciders;
	char *consequences;
	tdm_criterion *criteria;
	size_t n_criteria, cap_criteria;
	tdm_option *options;
	size_t n_options, cap_options;
	char **attrs;        /* attribute names; an attribute id indexes this */
	size_t n_attrs, cap_attrs;
	char **sources;      /* file names that criteria and options came from */
	size_t n_sources, cap_sources;
	/* A hash index of option names (model.c's, a cache): valid while it
	 * covers exactly n_options options; rebuilt when it does not. */
	size_t *name_index;  /* index_cap slots: option index + 1, 0 empty */
	size_t index_cap, index_n;
} tdm_model;

/* A new empty model; NULL on out of memory. Free with tdm_model_free. */
tdm_model *tdm_model_new(void);
void tdm_model_free(tdm_model *m);
/* A deep copy (function handles are copied as they are: they stay valid as
 * long as the tdm_decl that made them). NULL on out of memory. */
tdm_model *tdm_model_clone(const tdm_model *m);

/* Set one of the model's strings (title, context, method, normalization,
 * weighting, ri_table): copied; NULL clears. */
tdm_status tdm_model_set_text(tdm_model *m, char **field, const char *text,
                              tdm_error *err);

/* Intern a source file name; returns its index or -1 on out of memory. */
int tdm_model_source(tdm_model *m, const char *name);
/* The source name for an index, "" if unknown. */
const char *tdm_model_source_name(const tdm_model *m, int source);

/* Add a criterion named `name` with default fields (weight unset, better
 * unset). Fails with TDM_DATA if the name exists. *out lends the new
 * criterion (valid until the next add). */
tdm_status tdm_model_add_criterion(tdm_model *m, const char *name, int source,
                                   long line, tdm_criterion **out,
                                   tdm_error *err);
/* Index of the criterion called name, or -1. */
long tdm_model_find_criterion(const tdm_model *m, const char *name);

/* Add an option. Fails with TDM_DATA if the name exists (the error names
 * the earlier one). *index_out receives its index. */
tdm_status tdm_model_add_option(tdm_model *m, const char *name, int source,
                                long line, size_t *index_out, tdm_error *err);
/* Index of the option called name, or -1. */
long tdm_model_find_option(const tdm_model *m, const char *name);
/* Remove every option. */
void tdm_model_clear_options(tdm_model *m);

/* The id of attribute `name`, creating it if `create`; -1 if absent (or out
 * of memory when creating). */
long tdm_model_attr(tdm_model *m, const char *name, int create);
long tdm_model_find_attr(const tdm_model *m, const char *name);

/* Store a copy of *v as option `opt`'s attribute `attr`. */
tdm_status tdm_model_set_value(tdm_model *m, size_t opt, size_t attr,
                               const tdm_value *v, tdm_error *err);
/* The value of an attribute; a static missing value if unset. Lends. */
const tdm_value *tdm_model_value(const tdm_model *m, size_t opt, long attr);

/* Copy a value (strings duplicated). Returns 0, or -1 on out of memory. */
int tdm_value_copy(tdm_value *dst, const tdm_value *src);
void tdm_value_free(tdm_value *v);
/* Write a value as a user would read it (numbers with %.17g trimmed to the
 * shortest round-trip form, strings quoted with ''). */
char *tdm_value_format(const tdm_value *v, char *buf, size_t size);

/* Format a double in the shortest form that reads back to the same value
 * (at most 17 significant digits). */
char *tdm_format_number(double x, char *buf, size_t size);

/* ------------------------------------------------------------------------
 * Scoring rules (value functions)
 * --------------------------------------------------------------------- */

/* Check a value function's parameters (finite, lo < hi, points in
 * increasing x, y in 0..1 ...). TDM_DATA with a message on error. */
tdm_status tdm_value_fn_check(const tdm_value_fn *f, tdm_error *err);
/* Apply f to x (finite); the result is in 0..1 and finite. */
double tdm_value_fn_apply(const tdm_value_fn *f, double x);
/* Name of a kind: "linear", "piecewise" ... */
const char *tdm_value_fn_name(tdm_vf_kind kind);
/* Copy (deep) and free. */
int tdm_value_fn_copy(tdm_value_fn *dst, const tdm_value_fn *src);
void tdm_value_fn_free(tdm_value_fn *f);

/* ------------------------------------------------------------------------
 * Guardrail comparisons
 * --------------------------------------------------------------------- */

/* Parse "<= 50", ">= 3", "== 'replicated'", "~= 'none'" (also "!=",
 * double-quoted strings, true/false). On error the message says what was
 * expected; column is the 1-based character position in text. */
tdm_status tdm_must_parse(const char *text, tdm_cmp_op *op, tdm_value *operand,
                          tdm_error *err);
/* The operator as text: "<=", "~=" ... */
const char *tdm_cmp_op_name(tdm_cmp_op op);

/* ------------------------------------------------------------------------
 * CSV input (libcsv)
 * --------------------------------------------------------------------- */

/* Called now and then during a long run: bytes of the input read so far
 * (of its size) and rows so far. */
typedef void (*tdm_progress_fn)(void *ud, unsigned long long bytes,
                                unsigned long long rows);

typedef struct tdm_csv_config {
	size_t max_field;    /* bytes in one field; 0 means the default 1 MiB */
	int allow_empty_corner; /* the header's first field may be empty (a
	                         * labelled matrix, as spreadsheets write it) */
	/* When set, a data row with more or fewer fields than the header is
	 * reported here (the error as it would stop the stream) and skipped,
	 * and the stream goes on; NULL: such a row stops it. */
	void (*ragged)(void *ud, const tdm_error *err);
	void *ragged_ud;
	/* tdm_csv_stream_file (and the loaders over it): called after each
	 * block read, with the bytes and the lines so far; NULL: none */
	tdm_progress_fn progress;
	void *progress_ud;
} tdm_csv_config;

/* One data row handed to a tdm_csv_row_fn: fields[i] (NUL-terminated,
 * lengths in lens[i]) for i < n_fields, the line where the row starts. The
 * arrays are lent for the duration of the call. */
typedef struct tdm_csv_row {
	const char *const *fields;
	const size_t *lens;
	size_t n_fields;
	long line;
} tdm_csv_row;

/* Called for the header (is_header = 1) and then each data row; return
 * TDM_OK to go on, anything else (with err filled) to stop. */
typedef tdm_status (*tdm_csv_row_fn)(void *ud, const tdm_csv_row *row,
                                     int is_header, tdm_error *err);

/* Stream a CSV file (path) or buffer through fn in strict mode: BOM
 * skipped, CRLF accepted, blank lines skipped, every row must have as many
 * fields as the header, fields capped at max_field bytes, no NUL bytes.
 * Errors carry source:line:field. */
tdm_status tdm_csv_stream_file(const char *path, const tdm_csv_config *cfg,
                               tdm_csv_row_fn fn, void *ud, tdm_error *err);
tdm_status tdm_csv_stream_buffer(const char *source, const char *data,
                                 size_t len, const tdm_csv_config *cfg,
                                 tdm_csv_row_fn fn, void *ud, tdm_error *err);

/* Load options from a CSV into the model: the header names the attributes;
 * the column `option` (else `name`, else the first) names each option.
 * Cells that read as numbers (tdm_parse_number) become numbers, empty cells
 * are missing, anything else is a string. `source` is the name used in
 * errors and recorded in the model. */
tdm_status tdm_csv_load_options(tdm_model *m, const char *path,
                                const tdm_csv_config *cfg, tdm_error *err);
tdm_status tdm_csv_load_options_buffer(tdm_model *m, const char *source,
                                       const char *data, size_t len,
                                       const tdm_csv_config *cfg,
                                       tdm_error *err);

/* ------------------------------------------------------------------------
 * Lua: the sandbox and the decision vocabulary
 * --------------------------------------------------------------------- */

typedef struct tdm_lua_limits {
	size_t memory;                    /* bytes; 0: 64 MiB */
	long long budget;                 /* VM instructions per call; 0: 100M */
	volatile sig_atomic_t *interrupt; /* set to non-zero to stop; may be NULL */
} tdm_lua_limits;

#define TDM_LUA_DEFAULT_MEMORY ((size_t)64 << 20)
#define TDM_LUA_DEFAULT_BUDGET 100000000LL

/* A loaded decision: its sandboxed Lua state and the functions the model's
 * handles refer to. */
typedef struct tdm_decl tdm_decl;

/* A new sandbox; NULL on out of memory. diag receives print() output. */
tdm_decl *tdm_decl_new(const tdm_lua_limits *limits, tdm_diag_fn diag,
                       void *diag_ud);
void tdm_decl_free(tdm_decl *d);

/* Run a decision file in the sandbox, adding what it declares to m. Errors:
 * TDM_LUA for script errors (source:line), TDM_LIMIT for the memory cap or
 * instruction budget, TDM_DATA for bad declarations, TDM_IO when the file
 * (or an `options` CSV) cannot be read. */
tdm_status tdm_decl_load_file(tdm_decl *d, const char *path, tdm_model *m,
                              tdm_error *err);
/* The same with the text in memory; `name` is used as the chunk name and
 * relative `options` paths resolve against its directory. */
tdm_status tdm_decl_load_buffer(tdm_decl *d, const char *name,
                                const char *text, size_t len, tdm_model *m,
                                tdm_error *err);

/* Say that option values changed in place (a caller that reuses a model's
 * option slots, block after block): the next score or must call refills
 * the option table instead of reusing what it holds. Cheap, no Lua runs.
 * The reuse is also guarded by comparing the values it holds with the
 * model's, so a missed call is no error; call it anyway where rows are
 * overwritten. d may be NULL. */
void tdm_decl_rows_changed(tdm_decl *d);

/* ------------------------------------------------------------------------
 * Evaluation
 * --------------------------------------------------------------------- */

/* How resolve calls back into whatever runs score and must functions (the
 * Lua bridge); a model without functions needs none (pass NULL). */
typedef struct tdm_hooks {
	void *ud;
	/* Score of option o on criterion c from c's score function. The result
	 * must be a finite number. */
	tdm_status (*score)(void *ud, const tdm_model *m, size_t c, size_t o,
	                    double *out, tdm_error *err);
	/* c's must function on value v of option o: *ok is set, and an optional
	 * reason is copied into reason (always NUL-terminated). */
	tdm_status (*must)(void *ud, const tdm_model *m, size_t c, size_t o,
	                   const tdm_value *v, int *ok, char *reason,
	                   size_t reason_size, tdm_error *err);
	/* The model's custom aggregation (model->method_fn): given the
	 * normalised matrix of the n ranked options (column-major,
	 * norm[c * n + i], 1 = best), the weights and directions, write one
	 * finite score per option (higher is better). `rows` maps each of the
	 * n rows to its option index in the model. */
	tdm_status (*aggregate)(void *ud, const tdm_model *m, size_t n,
	                        const size_t *rows, const double *norm,
	                        const double *w, double *scores, tdm_error *err);
	/* Optional (NULL: none): the option slots of m were refilled with
	 * other rows since the last call (batch evaluation reuses them), so
	 * nothing cached about an option index may be trusted. */
	void (*rows_changed)(void *ud);
} tdm_hooks;

/* The hooks that run a decl's functions. */
tdm_hooks tdm_decl_hooks(tdm_decl *d);

typedef enum {
	TDM_VERDICT_CHOSEN = 0,
	TDM_VERDICT_RANKED,
	TDM_VERDICT_REJECTED,
	TDM_VERDICT_DOMINATED
} tdm_verdict;

const char *tdm_verdict_name(tdm_verdict v);

typedef enum {
	TDM_REASON_GUARDRAIL = 0, /* breaks a must */
	TDM_REASON_MISSING,       /* no value for a criterion (or its must) */
	TDM_REASON_DOMINATED      /* another option is at least as good on every
	                           * criterion and better on one (`other`) */
} tdm_reason_kind;

/* Why an option is not ranked (or, later, not chosen). Data, not text:
 * renderers make the words. */
typedef struct tdm_reason {
	tdm_reason_kind kind;
	size_t criterion;     /* index into model->criteria (not DOMINATED) */
	size_t other;         /* DOMINATED: the dominating option's index */
	size_t subject;       /* DOMINATED: the dominated option's (whose
	                       * reasons hold this one) */
	tdm_value observed;   /* the value that broke it (owned) */
	char *detail;         /* a must function's own reason, or NULL */
} tdm_reason;

#define TDM_MAX_EXTRA 4

typedef struct tdm_option_result {
	double score;         /* meaningful only when rank > 0 */
	double extra[TDM_MAX_EXTRA]; /* method columns (VIKOR S,R,Q ...) */
	long rank;            /* 1 = best, ties share the best rank; 0: not ranked */
	long as_if_rank;      /* rejected by a guardrail only: its rank had the
	                       * guardrails not applied (0: not applicable) */
	tdm_verdict verdict;
	double *contrib;      /* n_criteria weighted contributions (WSM) */
	double *norm;         /* n_criteria normalised values, 0..1, higher better */
	tdm_reason *reasons;
	size_t n_reasons;
	size_t n_dominators;  /* options that dominate it; the best-ranked
	                       * TDM_MAX_DOMINATORS of them are its reasons */
} tdm_option_result;

/* Dominating options kept as reasons per option: with thousands of random
 * options most are dominated by hundreds; three say enough. */
#define TDM_MAX_DOMINATORS 3

typedef enum { TDM_DIR_HIGHER = 0, TDM_DIR_LOWER } tdm_direction;

/* AHP's by-products, when the weights came from pairwise judgements. */
typedef struct tdm_ahp_info {
	double lambda_max, ci, cr, ri;
	char ri_table[32];   /* the random-index table used */
	size_t worst_a, worst_b; /* the most inconsistent judgement (criteria) */
	double worst_given, worst_implied; /* a_ab as given, and w_a / w_b */
} tdm_ahp_info;

/* What a method reports beyond scores. */
typedef struct tdm_method_info {
	/* VIKOR */
	double vikor_v;
	int vikor_advantage;  /* C1: Q(a2) - Q(a1) >= 1/(n-1) */
	int vikor_stability;  /* C2: a1 is also best by S or R */
	size_t *compromise;   /* option indices of the compromise set */
	size_t n_compromise;
	/* SPOTIS: per criterion, 1 if the bounds came from the data (no
	 * `scale`), 0 if from the criterion's scale; NULL for other methods */
	unsigned char *bounds_from_data;
} tdm_method_info;

#define TDM_MAX_NOTES 8

typedef struct tdm_result {
	const tdm_model *model;   /* lent: must outlive the result */
	char method[32];
	tdm_direction direction;  /* which scores are better */
	char normalization[32];   /* "minmax"...; "own" when the method has its
	                           * own; fixed-scale criteria noted per criterion */
	char weighting[32];       /* "direct", "equal", "roc", "ahp", "entropy",
	                           * "critic" */
	int has_contributions;    /* contrib[] is additive (wsm) */
	size_t n_extra;           /* method columns per option */
	const char *extra_names[TDM_MAX_EXTRA];
	tdm_method_info info;
	int has_ahp;
	tdm_ahp_info ahp;
	char notes[TDM_MAX_NOTES][256]; /* warnings worth showing (AHP CR > 0.1) */
	size_t n_notes;
	size_t n_criteria;        /* the model's criteria when evaluated */
	double *weights;          /* n_criteria, normalised to sum 1 */
	double weight_sum;        /* sum of the weights as given */
	int weights_normalized;   /* 1 if the given sum was not 1 */
	tdm_option_result *options; /* in model order */
	size_t n_options;
	size_t *order;            /* option indices: ranked by rank, then the rest */
	size_t n_ranked;
	size_t n_as_if;           /* options in the "as if" ranking (0: none) */
	double *values;           /* resolved numbers, values[c * n_options + o]
	                           * (levels, score functions and rules applied) */
	unsigned char *has_value; /* same layout: 0 where the value is missing */
	int dominance_checked;    /* 0 when there were too many options */
} tdm_result;

typedef struct tdm_eval_config {
	const char *method;        /* NULL: model->method, else "wsm" */
	const char *normalization; /* NULL: model's, else the method's default */
	const char *weighting;     /* NULL: model's, else "direct" */
} tdm_eval_config;

/* Resolve, check guardrails, weigh, normalise, score and rank. The result
 * is the caller's (tdm_result_free). */
tdm_status tdm_evaluate(const tdm_model *m, const tdm_hooks *hooks,
                        const tdm_eval_config *cfg, tdm_result **out,
                        tdm_error *err);
void tdm_result_free(tdm_result *r);

/* Known method names, NULL-terminated. */
const char *const *tdm_method_names(void);
/* Known normalisation names, NULL-terminated. */
const char *const *tdm_normalization_names(void);

/* ------------------------------------------------------------------------
 * Threads (threads.c)
 * --------------------------------------------------------------------- */

/* The most threads the engine uses for one computation. */
#define TDM_MAX_THREADS 64

/* How many threads the computations that can share their work (PROMETHEE
 * II's gaussian flows, for one) may use. Process-wide; default 1; 0 means
 * the number of online CPUs; more than TDM_MAX_THREADS is taken as
 * TDM_MAX_THREADS. Results are the same bits whatever the setting. Safe
 * to call from any thread; a computation reads it when it starts. */
void tdm_set_threads(unsigned n);
/* The number of threads a computation would use now, 1..TDM_MAX_THREADS. */
unsigned tdm_threads(void);

/* ------------------------------------------------------------------------
 * Weights
 * --------------------------------------------------------------------- */

/* Known weighting scheme names, NULL-terminated. */
const char *const *tdm_weighting_names(void);

/* Rank-order centroid (Barron & Barrett 1996): w_k = (1/m) sum_{i>=k} 1/i
 * for the criterion ranked k (1 = most important). */
void tdm_weights_roc(size_t m, double *w);

/* Entropy weights over a dense n x m matrix (column-major), 0 ln 0 = 0. */
tdm_status tdm_weights_entropy(const double *x, size_t n, size_t m,
                               double *w, tdm_error *err);
/* CRITIC weights (Diakoulaki et al. 1995): min-max normalised columns,
 * sample standard deviation, Pearson correlation. cost[j] marks cost
 * columns, flipped first only if flip_cost. */
tdm_status tdm_weights_critic(const double *x, size_t n, size_t m,
                              const unsigned char *cost, int flip_cost,
                              double *w, tdm_error *err);

/* AHP from a full m x m pairwise matrix (row-major, a[i*m+j] = how much
 * more important i is than j): principal eigenvector by power iteration,
 * lambda_max, CI, CR with the named random-index table (NULL: the
 * default). A matrix that is not positive and reciprocal is an error. */
tdm_status tdm_weights_ahp(const double *a, size_t m, const char *ri_table,
                           double *w, tdm_ahp_info *info, tdm_error *err);
/* Names of the random-index tables, NULL-terminated; the first is the
 * default. */
const char *const *tdm_ahp_ri_tables(void);

/* Read a labelled square pairwise matrix from CSV: the first row and
 * column name the criteria, cells are numbers or fractions like 1/3.
 * *names (n strings) and *a (n*n, row-major) are the caller's: free each
 * name, the array, and a with free(). */
tdm_status tdm_ahp_read_csv(const char *path, char ***names, double **a,
                            size_t *n, tdm_error *err);

/* ------------------------------------------------------------------------
 * Saying no: explanations, counterfactuals, head-to-head comparison
 *
 * An option "wins" when its score is strictly better than every other
 * ranked option's. Counterfactuals are reported just past the boundary
 * (a relative nudge of 1e-6), so applying one makes the option win, and a
 * change 1 % smaller does not.
 * --------------------------------------------------------------------- */

/* Below this relative margin the top of the ranking is a close call: "no
 * clear winner". The margin is (best - second) / (best - worst) over the
 * ranked options' scores (in the method's direction); with fewer than
 * three ranked options, relative to the best score's magnitude. */
#define TDM_CLOSE_CALL 0.02

/* A single weight moved, the others keeping their proportions to each
 * other (then all renormalised to sum 1). */
typedef struct tdm_weight_change {
	size_t criterion;
	int found;          /* some weight in [0, 1] makes the option win */
	double from;        /* the criterion's current normalised weight */
	double to;          /* the new normalised weight */
	double delta;       /* to - from */
	int plausible;      /* |delta| <= 50 % of from */
	int exact;          /* 1: solved exactly (wsm); 0: found by search */
} tdm_weight_change;

/* One of the option's own values changed. */
typedef struct tdm_value_change {
	size_t criterion;
	int found;
	double from, to;    /* resolved values (after levels / score rules) */
	const char *level;  /* for a criterion with levels: the level that is
	                     * enough (lent from the model); for a boolean
	                     * attribute "true" or "false" (static); else NULL */
	int exact;
} tdm_value_change;

/* What a criterion does to the option against the reference option:
 * delta > 0 favours the option. For additive methods (wsm) it is the
 * difference of weighted contributions; otherwise w_c times the
 * difference of normalised values (min-max over the ranked options when
 * the method has its own normalisation). */
typedef struct tdm_criterion_delta {
	size_t criterion;
	double delta;
} tdm_criterion_delta;

typedef struct tdm_explanation {
	size_t option;            /* explained */
	size_t reference;         /* the chosen option; for the chosen one, the
	                           * runner-up (== option when it is alone) */
	tdm_verdict verdict;
	long rank, ref_rank;
	double score, ref_score;
	double margin;            /* how far behind the reference (>= 0), or for
	                           * the chosen option how far ahead, in score
	                           * units */
	int close_call;           /* the top is within TDM_CLOSE_CALL */
	size_t *contenders;       /* options within the close-call margin of the
	                           * top (close_call only), best first */
	size_t n_contenders;
	int deltas_additive;
	tdm_criterion_delta *costs;   /* criteria that cost it, worst first */
	size_t n_costs;
	tdm_criterion_delta *wins;    /* criteria it wins on, best first */
	size_t n_wins;
	int has_counterfactuals;  /* 0: rejected, chosen, or not computable */
	char why_not_computed[160]; /* when !has_counterfactuals and ranked */
	tdm_weight_change *weight_changes;  /* one per criterion, smallest
	                                     * |delta| first; found ones first */
	size_t n_weight_changes;
	tdm_value_change *value_changes;    /* one per criterion, found first */
	size_t n_value_changes;
	int joint_found;          /* a joint change of all weights */
	int joint_exact;          /* by linear programming (wsm) */
	double *joint_weights;    /* n_criteria new normalised weights */
	double joint_l1;          /* sum |new - current| */
	int any_plausible;        /* some single-weight change within +-50 % */
} tdm_explanation;

/* Explain option `option` of result r (which must come from m, with the
 * same hooks if the model has Lua functions). Caller frees with
 * tdm_explanation_free. */
tdm_status tdm_explain(const tdm_model *m, const tdm_hooks *hooks,
                       const tdm_result *r, size_t option,
                       tdm_explanation **out, tdm_error *err);
void tdm_explanation_free(tdm_explanation *e);

typedef struct tdm_comparison_row {
	size_t criterion;
	int has_a, has_b;       /* values present */
	double a, b;            /* resolved values */
	double norm_a, norm_b;  /* normalised, 1 = best (min-max over the
	                         * ranked options and these two) */
	double weighted;        /* w_c * (norm_a - norm_b): > 0 favours a */
	int favours;            /* 1: a, -1: b, 0: neither */
} tdm_comparison_row;

typedef struct tdm_comparison {
	size_t a, b;
	tdm_comparison_row *rows;  /* one per criterion, in model order */
	size_t n_rows;
	double total;              /* sum of weighted */
} tdm_comparison;

tdm_status tdm_compare(const tdm_model *m, const tdm_result *r, size_t a,
                       size_t b, tdm_comparison **out, tdm_error *err);
void tdm_comparison_free(tdm_comparison *c);

/* ------------------------------------------------------------------------
 * How sure are we: weight sensitivity, acceptability, method agreement
 * --------------------------------------------------------------------- */

/* The interval of one criterion's weight (the others keeping their
 * proportions to each other) in which the winner stays the winner. */
typedef struct tdm_weight_interval {
	size_t criterion;
	double from;        /* the current normalised weight */
	double lo, hi;      /* the interval, within [0, 1], containing `from` */
	long lo_taker;      /* the option that wins just below lo, -1: none
	                     * (lo == 0) */
	long hi_taker;      /* the option that wins just above hi, -1: none */
	double closeness;   /* min(from - lo, hi - from) / from when the
	                     * interval ends before 0 or 1, else +inf as
	                     * HUGE_VAL: smaller is closer to flipping */
	int exact;          /* 1: solved (wsm); 0: found by search */
} tdm_weight_interval;

typedef struct tdm_sensitivity {
	size_t winner;                  /* option index */
	tdm_weight_interval *intervals; /* one per criterion, model order */
	size_t n_intervals;
	size_t *by_closeness;           /* criterion indices, closest to
	                                 * flipping the decision first */
} tdm_sensitivity;

/* Weight stability intervals of r's winner. Caller frees. */
tdm_status tdm_sensitivity_weights(const tdm_model *m, const tdm_hooks *hooks,
                                   const tdm_result *r, tdm_sensitivity **out,
                                   tdm_error *err);
void tdm_sensitivity_free(tdm_sensitivity *s);

#define TDM_DEFAULT_SAMPLES 10000
#define TDM_DEFAULT_SEED 20261130ULL

typedef struct tdm_acceptability_config {
	size_t samples;             /* 0: TDM_DEFAULT_SAMPLES */
	unsigned long long seed;    /* 0: TDM_DEFAULT_SEED */
	double spread;              /* 0: uniform on the weight simplex; else
	                             * each weight perturbed by up to
	                             * +-spread (a fraction, 0.2 = 20 %) and
	                             * renormalised */
} tdm_acceptability_config;

/* SMAA-2 style acceptability over the ranked options. */
typedef struct tdm_acceptability {
	size_t n_samples;
	unsigned long long seed;
	double spread;
	size_t n;                 /* ranked options */
	size_t m;                 /* criteria */
	size_t *options;          /* n option indices, in r's rank order */
	double *rank_share;       /* n x n: rank_share[i * n + k] = share of
	                           * samples in which options[i] ranks k + 1 */
	double *central_weights;  /* n x m: the mean weights of the samples in
	                           * which options[i] wins (0s if it never does) */
	double confidence;        /* the share of samples in which r's winner
	                           * wins */
	size_t n_ranks;           /* the ranks counted: rank_share[i * n + k]
	                           * for k >= n_ranks is 0, not counted; 0
	                           * means all (n) */
} tdm_acceptability;

/* The ranks the text and Markdown reports show (ranks 1..5). */
#define TDM_ACCEPTABILITY_SHOWN_RANKS 5

/* Every rank of every option (n_ranks = n). Caller frees. */
tdm_status tdm_acceptability_compute(const tdm_model *m,
                                     const tdm_hooks *hooks,
                                     const tdm_result *r,
                                     const tdm_acceptability_config *cfg,
                                     tdm_acceptability **out,
                                     tdm_error *err);
/* The same samples, counting only ranks 1..n_ranks (0: all). The shares
 * of those ranks, the central weights and the confidence are exactly
 * tdm_acceptability_compute's, for far less work when there are many
 * options: each sample then finds its best ranks in one pass instead of
 * sorting every option. The REPL's `sensitivity` asks for
 * TDM_ACCEPTABILITY_SHOWN_RANKS. Caller frees. */
tdm_status tdm_acceptability_compute_top(const tdm_model *m,
                                         const tdm_hooks *hooks,
                                         const tdm_result *r,
                                         const tdm_acceptability_config *cfg,
                                         size_t n_ranks,
                                         tdm_acceptability **out,
                                         tdm_error *err);
void tdm_acceptability_free(tdm_acceptability *a);

/* The decision ranked under every applicable method (same weights and
 * guardrails). */
typedef struct tdm_agreement {
	size_t n_methods;
	const char **methods;     /* static names; methods that refused the
	                           * data are left out and listed in `skipped` */
	char skipped[256];        /* "wpm (needs values > 0)", ... or "" */
	size_t n;                 /* ranked options */
	size_t *options;          /* n option indices, in r's rank order */
	long *ranks;              /* n_methods x n: ranks[k * n + i] */
	size_t *winners;          /* n_methods option indices (first rank 1) */
	double *tau;              /* n_methods x n_methods Kendall tau-b */
	double *rho;              /* n_methods x n_methods Spearman rho */
	int same_winner;
	char cause[512];          /* in words, when the winner is not the same */
} tdm_agreement;

tdm_status tdm_method_agreement(const tdm_model *m, const tdm_hooks *hooks,
                                const tdm_result *r, tdm_agreement **out,
                                tdm_error *err);
void tdm_agreement_free(tdm_agreement *a);

/* Stakeholders: each one's ranking, the aggregate, regret. */
typedef struct tdm_stakeholder_report {
	size_t n_stakeholders;
	size_t n;                  /* ranked options */
	size_t m;                  /* criteria */
	size_t *options;           /* n option indices, in r's rank order */
	double *weights;           /* n_stakeholders x m normalised weights */
	double *scores;            /* n_stakeholders x n: each one's scores */
	long *ranks;               /* n_stakeholders x n */
	size_t *favourites;        /* n_stakeholders option indices */
	double *aggregate_weights; /* m: the normalised geometric mean */
	long *aggregate_ranks;     /* n */
	size_t aggregate_winner;   /* option index */
	double *regret;            /* n x n_stakeholders: how much worse
	                            * options[i] scores than stakeholder s's
	                            * favourite, in s's scores (>= 0) */
	double *max_regret;        /* n */
	size_t minimax_regret;     /* option index with the smallest max regret */
	long deciding;             /* the stakeholder whose weights decide the
	                            * outcome, -1 when none does */
	char deciding_why[256];    /* in words */
} tdm_stakeholder_report;

/* NULL *out (and TDM_OK) when the model has no stakeholders. */
tdm_status tdm_stakeholders_analyse(const tdm_model *m,
                                    const tdm_hooks *hooks,
                                    const tdm_result *r,
                                    tdm_stakeholder_report **out,
                                    tdm_error *err);
void tdm_stakeholder_report_free(tdm_stakeholder_report *rep);

/* Missing and uncertain values: for each missing cell (and each range),
 * whether some value changes the winner, and where. */
typedef struct tdm_missing_cell {
	size_t option, criterion;
	int is_range;          /* a range {lo, hi}, not a missing value */
	double lo, hi;         /* the values considered: the range itself, or
	                        * the criterion's scale, or the other options'
	                        * min..max */
	int changes_winner;    /* some value in [lo, hi] changes the winner */
	int option_wins;       /* ... by making this option the winner */
	double threshold;      /* where the winner changes */
	int at_least;          /* 1: values >= threshold, 0: <= threshold */
	long new_winner;       /* the winner past the threshold, -1 if none */
} tdm_missing_cell;

typedef struct tdm_missing_report {
	tdm_missing_cell *cells;
	size_t n;
} tdm_missing_report;

/* NULL *out (and TDM_OK) when no value is missing or uncertain. */
tdm_status tdm_missing_analyse(const tdm_model *m, const tdm_hooks *hooks,
                               const tdm_result *r,
                               tdm_missing_report **out, tdm_error *err);
void tdm_missing_report_free(tdm_missing_report *rep);

/* ------------------------------------------------------------------------
 * Batch evaluation (batch.c): a decision's criteria over the rows of a big
 * CSV, streamed in blocks; memory does not grow with the row count.
 * --------------------------------------------------------------------- */

/* Where output goes: returns 0 on success, non-zero if the bytes could not
 * be written. */
typedef int (*tdm_write_fn)(void *ud, const char *buf, size_t len);

typedef struct tdm_batch_config {
	tdm_eval_config eval;   /* method, normalisation, weighting */
	size_t top;             /* > 0: keep the best `top` rows, write them
	                         * ranked, best first */
	int keep_going;         /* a bad row is reported through bad_row and
	                         * left out; the run ends with TDM_DATA */
	size_t block;           /* rows per block; 0: 4096 */
	void (*bad_row)(void *ud, const tdm_error *err);
	tdm_progress_fn progress;
	void *ud;
	/* Optional, for threads: a Lua state runs one call at a time, so
	 * each scoring thread beyond the first needs hooks of its own, over
	 * a model loaded from the same decision. Called from the calling
	 * thread before any row is read, once per such thread, until it
	 * returns non-zero; what it gives must stay valid until
	 * tdm_batch_eval returns. A model whose criteria or functions differ
	 * from m's is not used (fewer threads score). NULL: m's hooks only,
	 * so one scoring thread when m has functions. */
	int (*more_hooks)(void *ud, const tdm_model **m, tdm_hooks *hooks);
} tdm_batch_config;

typedef struct tdm_batch_stats {
	unsigned long long rows;      /* data rows read */
	unsigned long long ranked;    /* passed every guardrail */
	unsigned long long rejected;  /* a guardrail or a missing value */
	unsigned long long bad;       /* left out (keep_going) */
} tdm_batch_stats;

/* Score every row of the CSV at `path` with m's criteria, weights and
 * method, and write each row back with `score,verdict,reason` appended
 * (and `rank`, best first, with cfg->top). A row's score must not depend
 * on the other rows: the method is wsm or wpm, every criterion has a fixed
 * scale (or the normalisation is none), and the weights are given (not
 * entropy or CRITIC); otherwise TDM_DATA saying which. Trailing columns
 * from a previous run (score,verdict,reason[,rank]) are recomputed, not
 * appended again. The options m declares itself are not scored. */
tdm_status tdm_batch_eval(const tdm_model *m, const tdm_hooks *hooks,
                          const char *path, const tdm_batch_config *cfg,
                          tdm_write_fn write, void *wud,
                          tdm_batch_stats *stats, tdm_error *err);

/* Rank the CSV at `path` against m's criteria and write the ranking as
 * CSV -- the bytes tdm_evaluate and tdm_render (TDM_FORMAT_CSV) would
 * give -- straight from columns, without a model option or a result per
 * row (rank_columns.c; five to seven times faster on a million rows).
 * m holds criteria and no options. Takes only the inputs for which that is the
 * same thing: more than 10,000 rows (dominance is not checked), plain
 * numbers in every criterion cell, unique non-empty names, a regular
 * file, criteria without levels, scales, value or score functions or
 * guardrails, method wsm, wpm, topsis or moora, weights given (direct,
 * equal, roc). For any other input *declined is 1, nothing is written
 * and TDM_OK is returned: take the general path, which gives the answer
 * or the error. Otherwise *declined is 0 and the status is the writing's
 * (TDM_IO, TDM_NOMEM) or TDM_OK. progress (may be NULL) is called now and
 * then while the file is read, with estimated bytes and rows so far. */
tdm_status tdm_rank_columns(const tdm_model *m, const char *path,
                            const tdm_eval_config *cfg,
                            tdm_progress_fn progress, void *progress_ud,
                            tdm_write_fn write, void *wud, int *declined,
                            tdm_error *err);

/* ------------------------------------------------------------------------
 * Rendering
 * --------------------------------------------------------------------- */

typedef enum {
	TDM_FORMAT_TABLE = 0,
	TDM_FORMAT_CSV,
	TDM_FORMAT_JSON,
	TDM_FORMAT_MD
} tdm_format;


typedef struct tdm_render_spec {
	tdm_format format;
	int use_color;  /* ANSI colour in table output */
	int width;      /* terminal width for table output; 0: 80 */
	int ascii;      /* table output in ASCII only (no Unicode bars or
	                 * rules): --ascii, or a locale that is not UTF-8 */
} tdm_render_spec;

/* Parse "table", "csv", "json", "md"; -1 if unknown. */
int tdm_format_from_name(const char *name);

/* Render r through write. TDM_IO if a write fails. */
tdm_status tdm_render(const tdm_result *r, const tdm_render_spec *spec,
                      tdm_write_fn write, void *ud, tdm_error *err);

/* What `tradeoff weights` prints: weights and how they were made. */
typedef struct tdm_weights_report {
	size_t n;
	const char *const *names;
	const double *weights;
	const char *scheme;     /* "ahp", "entropy", "critic", "equal", ... */
	const char *source;     /* the file they came from, or NULL */
	int has_ahp;
	tdm_ahp_info ahp;       /* worst_a/worst_b index names[] */
} tdm_weights_report;

/* Render a weights report: table, csv (criterion,weight with # comments)
 * or json ({"weights": {...}, "scheme", and for AHP "lambda_max", "ci",
 * "cr", "ri", "ri_table", "most_inconsistent"}). */
tdm_status tdm_render_weights(const tdm_weights_report *rep,
                              const tdm_render_spec *spec, tdm_write_fn write,
                              void *ud, tdm_error *err);

/* An explanation ("why X" / "why not X"): table (text), json or md; csv is
 * refused (TDM_USAGE). */
tdm_status tdm_render_explanation(const tdm_result *r,
                                  const tdm_explanation *e,
                                  const tdm_render_spec *spec,
                                  tdm_write_fn write, void *ud,
                                  tdm_error *err);
/* A head-to-head comparison: table, csv, json or md. */
tdm_status tdm_render_comparison(const tdm_result *r,
                                 const tdm_comparison *c,
                                 const tdm_render_spec *spec,
                                 tdm_write_fn write, void *ud,
                                 tdm_error *err);
/* A Markdown decision record (MADR 4 layout) for result r, with the
 * explanation of every option not chosen (e[i] for option i; NULL for the
 * chosen). Deterministic for the same inputs. */
tdm_status tdm_render_record(const tdm_result *r,
                             tdm_explanation *const *explanations,
                             tdm_write_fn write, void *ud, tdm_error *err);

/* Every part of "how sure are we"; any may be NULL (not computed). */
typedef struct tdm_how_sure {
	const tdm_sensitivity *weights;
	const tdm_acceptability *acceptability;
	const tdm_agreement *agreement;
	const tdm_stakeholder_report *stakeholders;
	const tdm_missing_report *missing;
} tdm_how_sure;

tdm_status tdm_render_how_sure(const tdm_result *r, const tdm_how_sure *h,
                               const tdm_render_spec *spec,
                               tdm_write_fn write, void *ud, tdm_error *err);

/* The same with the first three parts only. */
tdm_status tdm_render_sensitivity(const tdm_result *r,
                                  const tdm_sensitivity *s,
                                  const tdm_acceptability *a,
                                  const tdm_agreement *g,
                                  const tdm_render_spec *spec,
                                  tdm_write_fn write, void *ud,
                                  tdm_error *err);

/* Write the model back as a decision file (Lua) that loads to the same
 * result: the decision's keys, every criterion with its fields (function
 * and scoring-rule sources as written), every option inline (those from a
 * CSV too), stakeholders. */
tdm_status tdm_model_write_lua(const tdm_model *m, tdm_write_fn write,
                               void *ud, tdm_error *err);

/* Produce a file atomically: `produce` writes through the given writer
 * into a temporary file beside `path`, which is then renamed over it; on
 * any failure the temporary file is removed and `path` is untouched.
 * TDM_IO names the path and the system's reason. */
tdm_status tdm_write_file_atomic(const char *path,
                                 tdm_status (*produce)(tdm_write_fn write,
                                                       void *wud, void *ctx,
                                                       tdm_error *err),
                                 void *ctx, tdm_error *err);
/* Remove the temporary file of a tdm_write_file_atomic in progress, if
 * any: for a signal handler that is about to end the process (Ctrl-C,
 * SIGTERM), so that nothing is left beside the target. Async-signal-safe
 * (one unlink); the interrupted write is not to be resumed. */
void tdm_atomic_abandon(void);

/* The reason as one line of text: "p99_ms = 80 breaks must <= 50: checkout
 * SLO is 50 ms p99". Returns buf. */
char *tdm_reason_format(const tdm_result *r, const tdm_reason *reason,
                        char *buf, size_t size);

#endif /* TDM_H */
