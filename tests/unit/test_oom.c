/*
 * test_oom.c -- out-of-memory sweeps over the loaders and the engine.
 *
 * The binary is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * --wrap=strdup and lp_solve's entry points (a target-specific LDFLAGS at
 * the end of the Makefile), so
 * every allocation made by code linked statically into it -- libtdm.a, this
 * file, lp_solve's static archive, and Lua's heap, which the sandbox's
 * allocator takes from realloc -- goes through the __wrap_ functions below.
 * Shared libraries (libc itself, libcsv, cmocka) are not affected.
 *
 * As Lua's ltests.c does, a sweep arms the allocator to fail allocation N
 * and every one after it, for N = 1, 2, ... until the call succeeds with no
 * failure injected. At each N the call must return one of the documented
 * errors with the error filled in, and everything is freed: the asan build
 * runs LeakSanitizer at exit, so a leak on any error path fails the test.
 * Long sweeps take every k-th N so that the whole binary stays well under
 * 20 s; TDM_OOM_STRIDE=1 in the environment forces every N.
 *
 * Run from the repository root (tests/run-tests.sh does): the decision
 * file sweep reads examples/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <execinfo.h>
#include <lpsolve/lp_lib.h>

#include "tdm.h"
#include "tdm_test.h"

/* ------------------------------------------------------------------------
 * The failing allocator
 * --------------------------------------------------------------------- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
char *__wrap_strdup(const char *s);

static int oom_armed;        /* count allocations (and maybe fail them) */
static int oom_foreign;      /* inside lp_solve: see below */
static unsigned long oom_seen;    /* allocations since armed */
static unsigned long oom_fail_at; /* fail this one and all after; 0: never */
static unsigned long oom_failed;  /* failures injected since armed */
static void *oom_trace[16];  /* where the first failure was injected */
static int oom_trace_n;

static int
oom_fail(void)
{
	if (!oom_armed || oom_foreign)
		return 0;
	oom_seen++;
	if (oom_fail_at != 0 && oom_seen >= oom_fail_at) {
		if (oom_failed++ == 0)
			oom_trace_n = backtrace(oom_trace, 16);
		return 1;
	}
	return 0;
}

void *
__wrap_malloc(size_t size)
{
	return oom_fail() ? NULL : __real_malloc(size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return oom_fail() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *ptr, size_t size)
{
	/* realloc(p, 0) frees: not an allocation that can fail usefully. */
	if (size != 0 && oom_fail())
		return NULL;
	return __real_realloc(ptr, size);
}

char *
__wrap_strdup(const char *s)
{
	return oom_fail() ? NULL : __real_strdup(s);
}

/* lp_solve (a static archive, so its allocations are wrapped too) does
 * not survive a failed allocation inside make_lp or solve: it is not ours
 * to fix. Its entry points that src/explain.c calls are wrapped as well:
 * they run with injection suspended, and those that can report running
 * out of memory (make_lp NULL, set_obj_fnex / add_constraintex FALSE)
 * count as one allocation each, so the library's handling of them is
 * swept. */
lprec *__real_make_lp(int rows, int columns);
MYBOOL __real_set_obj_fnex(lprec *lp, int count, REAL *row, int *colno);
MYBOOL __real_add_constraintex(lprec *lp, int count, REAL *row, int *colno,
                               int constr_type, REAL rh);
MYBOOL __real_set_add_rowmode(lprec *lp, MYBOOL turnon);
int __real_solve(lprec *lp);
void __real_delete_lp(lprec *lp);
lprec *__wrap_make_lp(int rows, int columns);
MYBOOL __wrap_set_obj_fnex(lprec *lp, int count, REAL *row, int *colno);
MYBOOL __wrap_add_constraintex(lprec *lp, int count, REAL *row, int *colno,
                               int constr_type, REAL rh);
MYBOOL __wrap_set_add_rowmode(lprec *lp, MYBOOL turnon);
int __wrap_solve(lprec *lp);
void __wrap_delete_lp(lprec *lp);

lprec *
__wrap_make_lp(int rows, int columns)
{
	lprec *lp;

	if (oom_fail())
		return NULL;
	oom_foreign++;
	lp = __real_make_lp(rows, columns);
	oom_foreign--;
	return lp;
}

MYBOOL
__wrap_set_obj_fnex(lprec *lp, int count, REAL *row, int *colno)
{
	MYBOOL ok;

	if (oom_fail())
		return FALSE;
	oom_foreign++;
	ok = __real_set_obj_fnex(lp, count, row, colno);
	oom_foreign--;
	return ok;
}

MYBOOL
__wrap_add_constraintex(lprec *lp, int count, REAL *row, int *colno,
                        int constr_type, REAL rh)
{
	MYBOOL ok;

	if (oom_fail())
		return FALSE;
	oom_foreign++;
	ok = __real_add_constraintex(lp, count, row, colno, constr_type, rh);
	oom_foreign--;
	return ok;
}

MYBOOL
__wrap_set_add_rowmode(lprec *lp, MYBOOL turnon)
{
	MYBOOL was;

	oom_foreign++;
	was = __real_set_add_rowmode(lp, turnon);
	oom_foreign--;
	return was;
}

int
__wrap_solve(lprec *lp)
{
	int ret;

	oom_foreign++;
	ret = __real_solve(lp);
	oom_foreign--;
	return ret;
}

void
__wrap_delete_lp(lprec *lp)
{
	oom_foreign++;
	__real_delete_lp(lp);
	oom_foreign--;
}

static void
arm(unsigned long fail_at)
{
	oom_seen = 0;
	oom_failed = 0;
	oom_fail_at = fail_at;
	oom_foreign = 0;
	oom_armed = 1;
}

static void
disarm(void)
{
	oom_armed = 0;
}

/* ------------------------------------------------------------------------
 * The sweep
 * --------------------------------------------------------------------- */

/* One attempt: make the call, check what it returned is whole when it
 * says TDM_OK, free everything. Runs armed: no cmocka asserts inside. */
typedef tdm_status (*attempt_fn)(void *ctx, tdm_error *err);

/* Which failure statuses a sweep accepts. OK_TOLERATED: TDM_OK after an
 * injected failure is fine, because the attempt has checked that the
 * result is the clean run's. Some failures are survived by design: Lua
 * keeps a string table or stack it cannot resize, tdm__rank falls back to
 * an insertion sort, method agreement words its `cause` without the
 * normalised values. TDM_OOM_TRACE=1 prints where each tolerated failure
 * was injected. Sweeps of code that runs Lua (score and must functions)
 * also accept TDM_LIMIT and TDM_LUA: a memory error raised inside Lua. */
#define OK_NOMEM (1u << TDM_NOMEM)
#define OK_TOLERATED (1u << TDM_OK)
#define OK_LUA \
	((1u << TDM_NOMEM) | (1u << TDM_LIMIT) | (1u << TDM_LUA) | OK_TOLERATED)

/* Runs per sweep, about (besides the first 64 N, which are all run). */
#define MAX_RUNS 600

static unsigned long
stride_for(unsigned long total)
{
	const char *env = getenv("TDM_OOM_STRIDE");
	unsigned long k;

	if (env != NULL && (k = strtoul(env, NULL, 10)) > 0)
		return k;
	k = (total + MAX_RUNS - 1) / MAX_RUNS;
	return k > 0 ? k : 1;
}

static void
sweep(const char *what, attempt_fn fn, void *ctx, unsigned accept)
{
	tdm_error err;
	tdm_status s;
	unsigned long total, n, k, runs = 0, tolerated = 0;

	/* Count the allocations of a clean run. With Lua in the call the
	 * count varies a little from run to run (the collector's timing), so
	 * it only sets the stride; the sweep ends when nothing failed. */
	tdm_error_clear(&err);
	arm(0);
	s = fn(ctx, &err);
	disarm();
	total = oom_seen;
	if (s != TDM_OK)
		fail_msg("%s: clean run: %s: %s", what, tdm_status_name(s),
		         err.message);
	if (total == 0) {
		print_message("%-28s no allocations\n", what);
		return;
	}
	k = stride_for(total);

	for (n = 1;; n += (n < 64 ? 1 : k)) {
		if (n > 4 * total + 1000)
			fail_msg("%s: still failing at N=%lu (%lu in a clean run)",
			         what, n, total);
		tdm_error_clear(&err);
		arm(n);
		s = fn(ctx, &err);
		disarm();
		runs++;
		if (oom_failed == 0) {
			/* Nothing failed: the call must simply succeed. */
			if (s != TDM_OK)
				fail_msg("%s: N=%lu (no failure injected): %s: %s", what,
				         n, tdm_status_name(s), err.message);
			break;
		}
		if (!(accept & (1u << s)))
			fail_msg("%s: N=%lu of %lu: unexpected %s: %s", what, n, total,
			         s == TDM_OK ? "TDM_OK after a failed allocation"
			                     : tdm_status_name(s),
			         err.message);
		if (s == TDM_OK) {
			tolerated++;
			if (getenv("TDM_OOM_TRACE") != NULL) {
				fprintf(stderr, "%s: N=%lu tolerated, failed at:\n", what,
				        n);
				backtrace_symbols_fd(oom_trace, oom_trace_n, 2);
			}
			continue;
		}
		if (err.code != s || err.message[0] == '\0')
			fail_msg("%s: N=%lu of %lu: %s returned but the error says "
			         "%s \"%s\"", what, n, total, tdm_status_name(s),
			         tdm_status_name(err.code), err.message);
	}
	print_message("%-28s %6lu allocations, every %lu-th N past 64 "
	              "(%lu runs, %lu tolerated)\n",
	              what, total, k, runs, tolerated);
}

/* ------------------------------------------------------------------------
 * Inputs, read and built before arming
 * --------------------------------------------------------------------- */

#define TEST_MEMORY ((size_t)16 << 20)
#define TEST_BUDGET 10000000LL

/* Every example decision: wsm with a CSV and stakeholders, topsis with
 * AHP weights, promethee2, levels, guardrails, score functions. */
static const char *const examples[] = {
	"examples/message-broker.lua",
	"examples/primary-database.lua",
	"examples/ci-runners.lua",
	"examples/vendor-shortlist.lua",
	"examples/feature-flags.lua",
};
#define N_EXAMPLES (sizeof examples / sizeof examples[0])

static char *texts[N_EXAMPLES];
static size_t lens[N_EXAMPLES];

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* A decision, loaded and evaluated with no failure injected, and what the
 * engine says about it then: the attempts compare with these. */
typedef struct loaded {
	size_t ex;
	tdm_decl *d;
	tdm_model *m;
	tdm_hooks hooks;
	tdm_result *r;
	size_t option;       /* the option being explained */
	tdm_explanation *e;  /* of r->order[1] */
	tdm_comparison *c;   /* order[0] against order[1] */
	tdm_sensitivity *sens;
	tdm_acceptability *acc;
	tdm_agreement *agr;
	tdm_stakeholder_report *stk;
	tdm_missing_report *mis;
} loaded;

static const tdm_acceptability_config acc_cfg = {50, 0, 0};

static void
load(loaded *l, size_t ex)
{
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};
	tdm_error err;

	disarm(); /* after a test that crashed while armed */
	memset(l, 0, sizeof *l);
	l->ex = ex;
	l->d = tdm_decl_new(&limits, NULL, NULL);
	l->m = tdm_model_new();
	assert_non_null(l->d);
	assert_non_null(l->m);
	if (tdm_decl_load_buffer(l->d, examples[ex], texts[ex], lens[ex], l->m,
	                         &err) != TDM_OK)
		fail_msg("%s: %s", examples[ex], err.message);
	l->hooks = tdm_decl_hooks(l->d);
	if (tdm_evaluate(l->m, &l->hooks, NULL, &l->r, &err) != TDM_OK)
		fail_msg("%s: %s", examples[ex], err.message);
	assert_true(l->r->n_ranked >= 2);
	assert_int_equal(tdm_explain(l->m, &l->hooks, l->r, l->r->order[1],
	                             &l->e, &err), TDM_OK);
	assert_int_equal(tdm_compare(l->m, l->r, l->r->order[0], l->r->order[1],
	                             &l->c, &err), TDM_OK);
	assert_int_equal(tdm_sensitivity_weights(l->m, &l->hooks, l->r, &l->sens,
	                                         &err), TDM_OK);
	assert_int_equal(tdm_acceptability_compute(l->m, &l->hooks, l->r,
	                                           &acc_cfg, &l->acc, &err),
	                 TDM_OK);
	assert_int_equal(tdm_method_agreement(l->m, &l->hooks, l->r, &l->agr,
	                                      &err), TDM_OK);
	assert_int_equal(tdm_stakeholders_analyse(l->m, &l->hooks, l->r, &l->stk,
	                                          &err), TDM_OK);
	assert_int_equal(tdm_missing_analyse(l->m, &l->hooks, l->r, &l->mis,
	                                     &err), TDM_OK);
}

static void
unload(loaded *l)
{
	tdm_missing_report_free(l->mis);
	tdm_stakeholder_report_free(l->stk);
	tdm_agreement_free(l->agr);
	tdm_acceptability_free(l->acc);
	tdm_sensitivity_free(l->sens);
	tdm_comparison_free(l->c);
	tdm_explanation_free(l->e);
	tdm_result_free(l->r);
	tdm_model_free(l->m);
	tdm_decl_free(l->d);
}

static int
group_setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_EXAMPLES; i++)
		texts[i] = read_all(examples[i], &lens[i]);
	return 0;
}

static int
group_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_EXAMPLES; i++)
		free(texts[i]);
	return 0;
}

/* A fixed output buffer, so writing never allocates; the clean run's
 * output is kept to compare with. */
static char out_buf[1 << 17];
static size_t out_len;

static int
to_buffer(void *ud, const char *buf, size_t len)
{
	(void)ud;
	if (len > sizeof out_buf - out_len)
		return 1;
	memcpy(out_buf + out_len, buf, len);
	out_len += len;
	return 0;
}

static tdm_status
broken(tdm_error *err, const char *what)
{
	return tdm_error_set(err, TDM_EVAL, NULL, 0, 0, "TDM_OK but %s differs "
	                     "from the clean run", what);
}

/* ------------------------------------------------------------------------
 * Loaders
 * --------------------------------------------------------------------- */

static const char small_csv[] =
	"option,throughput,p99_ms,cost,notes\n"
	"Kafka,200000,25,4200,\"log, replicated\"\n"
	"RabbitMQ,40000,12,1500,queues\n"
	"NATS,120000,80,900,\n";

static tdm_status
try_csv(void *ctx, tdm_error *err)
{
	tdm_model *m = tdm_model_new();
	tdm_status s;

	(void)ctx;
	if (m == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "model");
	s = tdm_csv_load_options_buffer(m, "small.csv", small_csv,
	                                sizeof small_csv - 1, NULL, err);
	if (s == TDM_OK && m->n_options != 3)
		s = broken(err, "the model");
	tdm_model_free(m);
	return s;
}

static void
test_oom_csv(void **state)
{
	(void)state;
	sweep("csv_load_options_buffer", try_csv, NULL, OK_NOMEM);
}

typedef struct decl_ctx {
	size_t ex;
	size_t n_options, n_criteria;
} decl_ctx;

static tdm_status
try_decl(void *ctx, tdm_error *err)
{
	decl_ctx *x = ctx;
	tdm_lua_limits limits = {TEST_MEMORY, TEST_BUDGET, NULL};
	tdm_decl *d;
	tdm_model *m;
	tdm_status s;

	d = tdm_decl_new(&limits, NULL, NULL);
	if (d == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "decl_new");
	m = tdm_model_new();
	if (m == NULL) {
		tdm_decl_free(d);
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "model");
	}
	s = tdm_decl_load_buffer(d, examples[x->ex], texts[x->ex], lens[x->ex],
	                         m, err);
	if (s == TDM_OK && (m->n_options != x->n_options ||
	                    m->n_criteria != x->n_criteria))
		s = broken(err, "the model");
	tdm_model_free(m);
	tdm_decl_free(d);
	return s;
}

static void
test_oom_decl(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_EXAMPLES; i++) {
		loaded l;
		decl_ctx x;

		load(&l, i);
		x.ex = i;
		x.n_options = l.m->n_options;
		x.n_criteria = l.m->n_criteria;
		unload(&l);
		print_message("%s\n", examples[i]);
		sweep("  decl_new + decl_load_buffer", try_decl, &x, OK_LUA);
	}
}

/* ------------------------------------------------------------------------
 * The engine, on each loaded decision
 * --------------------------------------------------------------------- */

static tdm_status
try_evaluate(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_result *r = NULL;
	tdm_status s = tdm_evaluate(l->m, &l->hooks, NULL, &r, err);
	size_t i;

	if (s == TDM_OK) {
		if (r == NULL || r->n_ranked != l->r->n_ranked ||
		    r->n_notes != l->r->n_notes)
			s = broken(err, "the result");
		for (i = 0; s == TDM_OK && i < r->n_options; i++)
			if (r->order[i] != l->r->order[i] ||
			    r->options[i].score != l->r->options[i].score ||
			    r->options[i].n_reasons != l->r->options[i].n_reasons)
				s = broken(err, "the result");
	}
	tdm_result_free(r);
	return s;
}

static tdm_status
try_explain(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_explanation *e = NULL;
	tdm_status s = tdm_explain(l->m, &l->hooks, l->r, l->option, &e, err);

	if (s == TDM_OK && (e == NULL || e->option != l->option))
		s = broken(err, "the explanation");
	if (s == TDM_OK &&
	    (e->has_counterfactuals != l->e->has_counterfactuals ||
	     e->n_weight_changes != l->e->n_weight_changes ||
	     e->n_value_changes != l->e->n_value_changes ||
	     e->joint_found != l->e->joint_found ||
	     e->joint_l1 != l->e->joint_l1 ||
	     e->n_costs != l->e->n_costs || e->n_wins != l->e->n_wins))
		s = broken(err, "the explanation");
	tdm_explanation_free(e);
	return s;
}

static tdm_status
try_compare(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_comparison *c = NULL;
	tdm_status s = tdm_compare(l->m, l->r, l->r->order[0], l->r->order[1],
	                           &c, err);

	if (s == TDM_OK && (c == NULL || c->n_rows != l->c->n_rows ||
	                    c->total != l->c->total))
		s = broken(err, "the comparison");
	tdm_comparison_free(c);
	return s;
}

static tdm_status
try_sensitivity(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_sensitivity *x = NULL;
	tdm_status s = tdm_sensitivity_weights(l->m, &l->hooks, l->r, &x, err);
	size_t i;

	if (s == TDM_OK && (x == NULL || x->n_intervals != l->sens->n_intervals))
		s = broken(err, "the sensitivity");
	for (i = 0; s == TDM_OK && i < x->n_intervals; i++)
		if (x->intervals[i].lo != l->sens->intervals[i].lo ||
		    x->intervals[i].hi != l->sens->intervals[i].hi)
			s = broken(err, "the sensitivity");
	tdm_sensitivity_free(x);
	return s;
}

static tdm_status
try_acceptability(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_acceptability *a = NULL;
	tdm_status s = tdm_acceptability_compute(l->m, &l->hooks, l->r, &acc_cfg,
	                                         &a, err);

	if (s == TDM_OK && (a == NULL || a->n != l->acc->n ||
	                    a->confidence != l->acc->confidence))
		s = broken(err, "the acceptability");
	tdm_acceptability_free(a);
	return s;
}

static tdm_status
try_agreement(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_agreement *g = NULL;
	tdm_status s = tdm_method_agreement(l->m, &l->hooks, l->r, &g, err);

	if (s == TDM_OK && (g == NULL || g->n_methods != l->agr->n_methods ||
	                    strcmp(g->skipped, l->agr->skipped) != 0 ||
	                    g->same_winner != l->agr->same_winner))
		s = broken(err, "the agreement");
	tdm_agreement_free(g);
	return s;
}

static tdm_status
try_stakeholders(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_stakeholder_report *x = NULL;
	tdm_status s = tdm_stakeholders_analyse(l->m, &l->hooks, l->r, &x, err);

	if (s == TDM_OK && (x == NULL) != (l->stk == NULL))
		s = broken(err, "the stakeholder report");
	if (s == TDM_OK && x != NULL &&
	    (x->n_stakeholders != l->stk->n_stakeholders ||
	     x->aggregate_winner != l->stk->aggregate_winner ||
	     x->deciding != l->stk->deciding))
		s = broken(err, "the stakeholder report");
	tdm_stakeholder_report_free(x);
	return s;
}

static tdm_status
try_missing(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_missing_report *x = NULL;
	tdm_status s = tdm_missing_analyse(l->m, &l->hooks, l->r, &x, err);

	if (s == TDM_OK && (x == NULL) != (l->mis == NULL))
		s = broken(err, "the missing-value report");
	if (s == TDM_OK && x != NULL && x->n != l->mis->n)
		s = broken(err, "the missing-value report");
	tdm_missing_report_free(x);
	return s;
}

/* Renderers: the output must be byte for byte the clean run's. */
static char ref_buf[sizeof out_buf];
static size_t ref_len;

static tdm_status
same_output(tdm_status s, tdm_error *err)
{
	if (s == TDM_OK && (out_len != ref_len ||
	                    memcmp(out_buf, ref_buf, out_len) != 0))
		s = broken(err, "the output");
	return s;
}

static tdm_status
render_as(loaded *l, tdm_format format, tdm_error *err)
{
	tdm_render_spec spec = {format, 0, 100, 0};

	out_len = 0;
	return same_output(tdm_render(l->r, &spec, to_buffer, NULL, err), err);
}

static tdm_status
try_render_table(void *ctx, tdm_error *err)
{
	return render_as(ctx, TDM_FORMAT_TABLE, err);
}

static tdm_status
try_render_csv(void *ctx, tdm_error *err)
{
	return render_as(ctx, TDM_FORMAT_CSV, err);
}

static tdm_status
try_render_json(void *ctx, tdm_error *err)
{
	return render_as(ctx, TDM_FORMAT_JSON, err);
}

static tdm_status
try_render_md(void *ctx, tdm_error *err)
{
	return render_as(ctx, TDM_FORMAT_MD, err);
}

static tdm_status
try_render_explanation(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 100, 0};

	out_len = 0;
	return same_output(tdm_render_explanation(l->r, l->e, &spec, to_buffer,
	                                          NULL, err), err);
}

static tdm_status
try_render_comparison(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_render_spec spec = {TDM_FORMAT_JSON, 0, 100, 0};

	out_len = 0;
	return same_output(tdm_render_comparison(l->r, l->c, &spec, to_buffer,
	                                         NULL, err), err);
}

static tdm_status
try_render_how_sure(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_render_spec spec = {TDM_FORMAT_TABLE, 0, 100, 0};
	tdm_how_sure h = {l->sens, l->acc, l->agr, l->stk, l->mis};

	out_len = 0;
	return same_output(tdm_render_how_sure(l->r, &h, &spec, to_buffer, NULL,
	                                       err), err);
}

static tdm_status
try_clone(void *ctx, tdm_error *err)
{
	loaded *l = ctx;
	tdm_model *c = tdm_model_clone(l->m);
	tdm_status s = TDM_OK;

	if (c == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "clone");
	if (c->n_options != l->m->n_options ||
	    c->n_criteria != l->m->n_criteria)
		s = broken(err, "the clone");
	tdm_model_free(c);
	return s;
}

static tdm_status
try_write_lua(void *ctx, tdm_error *err)
{
	loaded *l = ctx;

	out_len = 0;
	return same_output(tdm_model_write_lua(l->m, to_buffer, NULL, err), err);
}

/* Sweep fn over every example; the clean run (not armed) fills ref_buf
 * for the renderers. */
static void
engine_sweep(const char *what, attempt_fn fn, unsigned accept)
{
	size_t i;

	for (i = 0; i < N_EXAMPLES; i++) {
		loaded l;
		tdm_error err;

		load(&l, i);
		l.option = l.r->order[1];
		out_len = 0;
		if (fn(&l, &err) != TDM_OK && err.code != TDM_EVAL)
			fail_msg("%s: %s: %s", examples[i], what, err.message);
		memcpy(ref_buf, out_buf, out_len);
		ref_len = out_len;
		print_message("%s\n", examples[i]);
		sweep(what, fn, &l, accept);
		unload(&l);
	}
}

/* Explain every option: chosen, ranked and rejected take different
 * paths (counterfactuals, the runner-up, reasons). */
static void
test_oom_explain(void **state)
{
	size_t i, o;

	(void)state;
	for (i = 0; i < N_EXAMPLES; i++) {
		loaded l;

		load(&l, i);
		print_message("%s\n", examples[i]);
		for (o = 0; o < l.m->n_options; o++) {
			tdm_explanation *ref = l.e;
			tdm_error err;

			/* the clean run's explanation of o, to compare with */
			assert_int_equal(tdm_explain(l.m, &l.hooks, l.r, o, &l.e, &err),
			                 TDM_OK);
			l.option = o;
			sweep("  explain", try_explain, &l, OK_LUA);
			tdm_explanation_free(l.e);
			l.e = ref;
		}
		unload(&l);
	}
}

#define ENGINE_TEST(name, fn, accept)                                       \
	static void name(void **state)                                          \
	{                                                                       \
		(void)state;                                                        \
		engine_sweep("  " #fn, fn, accept);                                 \
	}

ENGINE_TEST(test_oom_evaluate, try_evaluate, OK_LUA)
ENGINE_TEST(test_oom_compare, try_compare, OK_NOMEM)
ENGINE_TEST(test_oom_sensitivity, try_sensitivity, OK_LUA)
ENGINE_TEST(test_oom_acceptability, try_acceptability, OK_LUA)
ENGINE_TEST(test_oom_agreement, try_agreement, OK_LUA)
ENGINE_TEST(test_oom_stakeholders, try_stakeholders, OK_LUA)
ENGINE_TEST(test_oom_missing, try_missing, OK_LUA)
ENGINE_TEST(test_oom_render_table, try_render_table, OK_NOMEM)
ENGINE_TEST(test_oom_render_csv, try_render_csv, OK_NOMEM)
ENGINE_TEST(test_oom_render_json, try_render_json, OK_NOMEM)
ENGINE_TEST(test_oom_render_md, try_render_md, OK_NOMEM)
ENGINE_TEST(test_oom_render_explanation, try_render_explanation, OK_NOMEM)
ENGINE_TEST(test_oom_render_comparison, try_render_comparison, OK_NOMEM)
ENGINE_TEST(test_oom_render_how_sure, try_render_how_sure, OK_NOMEM)
ENGINE_TEST(test_oom_clone, try_clone, OK_NOMEM)
ENGINE_TEST(test_oom_write_lua, try_write_lua, OK_NOMEM)

/* The wrappers are really in the path: a failure injected into the first
 * allocation reaches a plain malloc call of the library. */
static void
test_oom_wrappers_active(void **state)
{
	tdm_model *m;

	(void)state;
	arm(1);
	m = tdm_model_new();
	disarm();
	assert_null(m);
	assert_int_equal(oom_failed, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_wrappers_active),
		cmocka_unit_test(test_oom_csv),
		cmocka_unit_test(test_oom_decl),
		cmocka_unit_test(test_oom_evaluate),
		cmocka_unit_test(test_oom_explain),
		cmocka_unit_test(test_oom_compare),
		cmocka_unit_test(test_oom_sensitivity),
		cmocka_unit_test(test_oom_acceptability),
		cmocka_unit_test(test_oom_agreement),
		cmocka_unit_test(test_oom_stakeholders),
		cmocka_unit_test(test_oom_missing),
		cmocka_unit_test(test_oom_render_table),
		cmocka_unit_test(test_oom_render_csv),
		cmocka_unit_test(test_oom_render_json),
		cmocka_unit_test(test_oom_render_md),
		cmocka_unit_test(test_oom_render_explanation),
		cmocka_unit_test(test_oom_render_comparison),
		cmocka_unit_test(test_oom_render_how_sure),
		cmocka_unit_test(test_oom_clone),
		cmocka_unit_test(test_oom_write_lua),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
