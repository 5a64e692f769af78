/*
 * diff.h -- what changed between two versions of a decision (internal:
 * not part of tdm.h). diff.c compares two models and their results;
 * render_diff.c writes the comparison; cmd_diff.c loads the two versions.
 *
 * Names are lent from the two models, which must outlive the diff.
 */
#ifndef TDM_DIFF_H
#define TDM_DIFF_H

#include <stddef.h>

#include "tdm.h"

typedef struct tdm_diff_criterion {
	const char *name;
	int in_old, in_new;
	int has_old_weight, has_new_weight; /* weights as given */
	double old_weight, new_weight;
	double old_norm, new_norm;          /* normalised (0 when absent) */
	int better_changed;
	tdm_better old_better, new_better;
	int must_changed;
	const char *old_must, *new_must;    /* guardrail text, NULL: none */
} tdm_diff_criterion;

typedef struct tdm_diff_option {
	const char *name;
	int in_old, in_new;
	long old_rank, new_rank;            /* 0: not ranked (or absent) */
	tdm_verdict old_verdict, new_verdict;
	double old_score, new_score;        /* meaningful when ranked */
} tdm_diff_option;

typedef struct tdm_diff_value {
	const char *option, *attr;
	const tdm_value *old_value, *new_value; /* lent; type MISSING if unset */
} tdm_diff_value;

typedef enum {
	TDM_DIFF_EDIT_WEIGHTS = 0,  /* every criterion's weight as in NEW */
	TDM_DIFF_EDIT_VALUES,       /* one option's values as in NEW */
	TDM_DIFF_EDIT_CRITERIA,     /* criteria added and removed */
	TDM_DIFF_EDIT_GUARDRAILS,   /* guardrails (and directions) as in NEW */
	TDM_DIFF_EDIT_OPTIONS       /* options added and removed */
} tdm_diff_edit_kind;

/* One group of edits applied alone to the old decision. */
typedef struct tdm_diff_edit {
	tdm_diff_edit_kind kind;
	const char *option;         /* VALUES: whose */
	int evaluated;              /* 0: could not be applied alone (a Lua
	                             * function of NEW, or an evaluation error;
	                             * `why` says) */
	char why[160];
	const char *winner;         /* the winner with this edit alone, NULL:
	                             * none or a tie */
	int flips;                  /* winner differs from OLD's */
	int gives_new_winner;       /* ... and is NEW's winner */
} tdm_diff_edit;

typedef struct tdm_diff {
	const char *old_name, *new_name;
	tdm_diff_criterion *criteria; size_t n_criteria;
	tdm_diff_option *options;     size_t n_options;   /* NEW's rank order,
	                                                   * then OLD-only */
	tdm_diff_value *values;       size_t n_values;
	const char *old_method, *new_method; /* the results' method names */
	const char *old_winner, *new_winner; /* NULL: none or a tie */
	int winner_changed;
	tdm_diff_edit *edits;         size_t n_edits;     /* groups that change
	                                                   * something */
	int combination_only;         /* the winner changed and no single
	                               * group changes it alone */
} tdm_diff;

/* Compare OLD (model, hooks, result) with NEW. The hooks run the old
 * model's functions when edits are replayed on a copy of it. Caller frees
 * with tdm__diff_free. */
tdm_status tdm__diff(const tdm_model *old_m, const tdm_hooks *old_hooks,
                     const tdm_result *old_r, const tdm_model *new_m,
                     const tdm_result *new_r, tdm_diff **out,
                     tdm_error *err);
void tdm__diff_free(tdm_diff *d);

/* table (text), md, json or csv (section,item,field,old,new). */
tdm_status tdm__render_diff(const tdm_diff *d, const tdm_render_spec *spec,
                            tdm_write_fn write, void *ud, tdm_error *err);

#endif
