/*
 * expect.h -- a decision's own checks (`expect { ... }` in a decision
 * file) and their evaluation against a result. Internal: not part of
 * tdm.h, shared by lua_decl.c (which reads the declarations and keeps them
 * in the tdm_decl), expect.c (which checks them) and cmd_check.c.
 *
 * An `expect` block may hold several keys; each key (and each entry of
 * `rank`) becomes one tdm__expectation, in the order of the file (keys of
 * one block in a fixed order: winner, rank (by option name), min_margin,
 * stable_within, never_chosen_if_rejected).
 */
#ifndef TDM_EXPECT_H
#define TDM_EXPECT_H

#include <stddef.h>

#include "tdm.h"

typedef enum {
	TDM_EXPECT_WINNER = 0,     /* option: the chosen option */
	TDM_EXPECT_RANK,           /* option ranks exactly `rank` */
	TDM_EXPECT_MIN_MARGIN,     /* winner's relative lead >= number */
	TDM_EXPECT_STABLE_WITHIN,  /* every weight may move +-number (relative) */
	TDM_EXPECT_NEVER_CHOSEN_IF_REJECTED /* no guardrail-rejected option
	                                     * would win without guardrails */
} tdm_expect_kind;

typedef struct tdm_expectation {
	tdm_expect_kind kind;
	char *option;          /* WINNER, RANK; owned */
	long rank;             /* RANK */
	double number;         /* MIN_MARGIN, STABLE_WITHIN */
	int source;            /* index into the model's sources */
	long line;             /* of the expect call */
} tdm_expectation;

/* The expectations the decl has read so far (over every file it loaded),
 * lent; *n receives their count. */
const tdm_expectation *tdm__decl_expectations(const tdm_decl *d, size_t *n);

typedef struct tdm_expect_outcome {
	int ok;
	char text[640];        /* what was expected, and if it failed, why,
	                        * with the numbers */
} tdm_expect_outcome;

/* Check the n expectations e against r (evaluated from m with hooks).
 * out (n entries, the caller's) receives one outcome each; *n_failed the
 * number that failed. An error (TDM_NOMEM, a failed re-evaluation) is
 * not a failed expectation. */
tdm_status tdm__expect_check(const tdm_model *m, const tdm_hooks *hooks,
                             const tdm_result *r, const tdm_expectation *e,
                             size_t n, tdm_expect_outcome *out,
                             size_t *n_failed, tdm_error *err);

/* The winner's lead over the runner-up as TDM_CLOSE_CALL measures it:
 * (best - second) / (best - worst) over the ranked options' scores in the
 * method's direction; with fewer than three ranked options, relative to
 * |best| (the raw lead if best is 0). 0 for a tie; HUGE_VAL with a single
 * ranked option; -1 when none is ranked. */
double tdm__expect_margin(const tdm_result *r);

#endif
