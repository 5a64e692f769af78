/*
 * cli.h -- the command line, parsed: argv -> tdm_cli. No I/O here.
 *
 * The subcommand table (name, usage, summary, help) lives in cli.c so the
 * parser, --help and the docs read one source. main.c dispatches.
 */
#ifndef TDM_CLI_H
#define TDM_CLI_H

#include <stddef.h>

#include "tdm.h"

typedef enum {
	TDM_CMD_NONE = 0, /* --help / --version of the program itself */
	TDM_CMD_RANK,
	TDM_CMD_CHECK,
	TDM_CMD_WEIGHTS,
	TDM_CMD_EXPLAIN,  /* explain INPUT [OPTION] */
	TDM_CMD_COMPARE,  /* compare INPUT A B */
	TDM_CMD_RECORD,   /* record INPUT */
	TDM_CMD_SENSITIVITY, /* sensitivity INPUT */
	TDM_CMD_REPL,     /* repl [DECISION] */
	TDM_CMD_REPORT,   /* report INPUT [-o FILE.html] */
	TDM_CMD_DIFF,     /* diff OLD NEW | diff INPUT --rev REV */
	TDM_CMD_EVAL      /* eval DECISION DATA.csv */
} tdm_cmd;

/* A criterion given on the command line: NAME:higher|lower:WEIGHT. */
typedef struct tdm_cli_criterion {
	char name[128];
	tdm_better better;
	double weight;
} tdm_cli_criterion;

#define TDM_CLI_MAX_CRITERIA 256
#define TDM_CLI_MIN_LUA_MEMORY ((size_t)256 << 10)

typedef struct tdm_cli {
	tdm_cmd cmd;
	int want_help;
	int want_version;
	const char *input;        /* DECISION.lua or FILE.csv */
	const char *names[2];     /* option names after the input: explain's
	                           * OPTION, compare's A and B */
	size_t n_names;
	int input_is_csv;
	const char *options_csv;  /* --options */
	const char *method;       /* -m: a method (rank), a scheme (weights) */
	const char *normalization; /* --normalize */
	const char *weighting;    /* --weights */
	const char *ahp_csv;      /* --ahp (weights) */
	const char *ri_table;     /* --ri */
	int critic_flip_cost;     /* --critic-flip-cost */
	size_t samples;           /* --samples (sensitivity), 0: default */
	unsigned long long seed;  /* --seed, 0: default */
	int has_seed;
	double spread;            /* --spread, as a fraction; 0: uniform */
	const char *output;       /* -o, --output FILE (written atomically) */
	const char *rev;          /* --rev REV (diff against a git revision) */
	int ascii;                /* --ascii: no Unicode in table output */
	size_t top;               /* --top K (eval), 0: every row */
	int keep_going;           /* --keep-going (eval) */
	int quiet;                /* --quiet: no progress bar */
	unsigned threads;         /* -j N; 0: not given */
	int has_threads;
	int format;               /* tdm_format, or -1: the default (table) */
	int color;                /* -1 auto, 0 never, 1 always */
	tdm_lua_limits limits;
	tdm_cli_criterion criteria[TDM_CLI_MAX_CRITERIA];
	size_t n_criteria;
} tdm_cli;

/* Parse argv. On a usage error returns TDM_USAGE with err->message set
 * (err->source names the option, e.g. "-f"). */
tdm_status tdm_cli_parse(int argc, char **argv, tdm_cli *cli, tdm_error *err);

/* The help text for a command (TDM_CMD_NONE: the program). Static. */
const char *tdm_cli_help(tdm_cmd cmd);
/* The command's name ("rank"), or "tradeoff" for TDM_CMD_NONE. */
const char *tdm_cli_cmd_name(tdm_cmd cmd);

/* The option of m that `name` names (explain OPTION, compare A B): the
 * exact name, else the one name equal to it ignoring ASCII case, else the
 * one name it is a prefix of (first case-sensitively, then not). An
 * unknown or ambiguous name is TDM_USAGE, with the candidates (or some of
 * the options) listed in the message. */
tdm_status tdm_cli_find_option(const tdm_model *m, const char *name,
                               size_t *out, tdm_error *err);

/* Parse "NAME:higher|lower:WEIGHT". */
tdm_status tdm_cli_parse_criterion(const char *spec, tdm_cli_criterion *out,
                                   tdm_error *err);
/* Parse a byte count with an optional K, M or G suffix (powers of 1024). */
int tdm_cli_parse_size(const char *s, size_t *out);

#endif
