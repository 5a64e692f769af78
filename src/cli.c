/*
 * cli.c -- argv to a tdm_cli struct, the help texts, and finding an option
 * by the name a user typed.
 *
 * Owns the grammar of the command line and its help: one table of
 * commands (name, the option names it takes after the input, the formats
 * it writes, help) and one of flags. Must not open files, print or exit:
 * main.c does I/O and chooses the exit status.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define EXIT_STATUSES                                                        \
	"Exit status:\n"                                                         \
	"  0  ok\n"                                                              \
	"  1  data or evaluation error (bad CSV cell, missing column, ...)\n"   \
	"  2  usage error (unknown option, bad flag value)\n"                   \
	"  3  Lua script error, or a Lua limit (memory, instruction budget)\n"  \
	"  4  I/O error (a file cannot be read, standard output cannot be\n"    \
	"     written)\n"

#define FORMAT_ALL                                                           \
	"  -f, --format FORMAT     table (default), csv, json or md\n"

/* The flags that choose what is ranked and how: the same for rank, check,
 * explain, compare and record, so "why not X under topsis" is one flag. */
#define COMMON_OPTIONS                                                       \
	"  -m, --method METHOD     scoring method: wsm (default), wpm, topsis,\n" \
	"                          vikor, promethee2, spotis, copras, moora,\n"  \
	"                          edas; overrides the decision's method\n"     \
	"      --normalize NAME    minmax, max, linear, sum, vector or none\n"  \
	"                          (default: the method's own default)\n"       \
	"      --weights SCHEME    direct (default), equal, roc, ahp, entropy\n" \
	"                          or critic; overrides the decision's\n"       \
	"      --critic-flip-cost  with critic: flip cost columns first\n"      \
	"      --ri TABLE          with ahp: the random-index table\n"          \
	"      --options FILE.csv  rank the options in FILE.csv against the\n"  \
	"                          decision's criteria (instead of its own)\n"  \
	"  -c, --criterion NAME:higher|lower:WEIGHT\n"                          \
	"                          a criterion, for a CSV input (repeatable)\n" \
	"      --color WHEN        auto (default), always or never; NO_COLOR\n" \
	"                          in the environment means never\n"            \
	"      --ascii             ASCII only in table output (no Unicode bars\n" \
	"                          or symbols); the default when the locale is\n" \
	"                          not UTF-8\n"                                 \
	"      --lua-memory BYTES  memory cap of the Lua sandbox (default 64M,\n" \
	"                          at least 256K; K, M, G suffixes)\n"        \
	"      --lua-budget N      Lua instructions allowed per call (default\n" \
	"                          100000000)\n"                                \
	"  -j, --jobs N            threads for work that pays (rank of a large\n" \
	"                          CSV; eval scores on N threads, a Lua\n"    \
	"                          state each, while it reads;\n"             \
	"                          acceptability samples; PROMETHEE II\n"      \
	"                          gaussian); 0: every CPU; default every\n"   \
	"                          CPU, at most 8; results do not depend on\n" \
	"                          it\n"                                        \
	"  -o, --output FILE       write to FILE instead of standard output,\n" \
	"                          atomically: FILE is replaced whole or not\n" \
	"                          at all\n"                                    \
	"  -h, --help              show this help\n"

#define F_TABLE (1u << TDM_FORMAT_TABLE)
#define F_CSV (1u << TDM_FORMAT_CSV)
#define F_JSON (1u << TDM_FORMAT_JSON)
#define F_MD (1u << TDM_FORMAT_MD)
#define F_ALL (F_TABLE | F_CSV | F_JSON | F_MD)

#define MATCHING                                                             \
	"Option names are matched exactly, then ignoring case, then as a\n"     \
	"unique prefix ('rabbit' finds RabbitMQ); an unknown or ambiguous\n"    \
	"name is a usage error that lists the candidates.\n"

/* One row per command: its name, how many option names it takes after
 * the input (and what they are called), the formats it writes, and its
 * help. The parser, --help and the error messages all read this table. */
static const struct {
	tdm_cmd cmd;
	const char *name;
	size_t min_names, max_names;
	const char *names_usage;
	unsigned formats;
	const char *help;
} commands[] = {
	{TDM_CMD_NONE, "tradeoff", 0, 0, NULL, F_ALL,
	 "Usage: tradeoff COMMAND [OPTIONS] INPUT [NAMES]\n"
	 "       tradeoff --help | --version\n"
	 "\n"
	 "Rank options against weighted criteria, and say why the others are\n"
	 "not chosen.\n"
	 "\n"
	 "Commands:\n"
	 "  rank         rank the options of a decision (DECISION.lua) or a\n"
	 "               CSV\n"
	 "  explain      why the chosen option wins, or why OPTION is not\n"
	 "               chosen, and what would have to change for it to win\n"
	 "  compare      two options head to head, criterion by criterion\n"
	 "  record       a Markdown decision record (MADR) of the decision\n"
	 "  report       a self-contained HTML report with charts\n"
	 "  diff         what changed between two versions of a decision\n"
	 "  sensitivity  how sure the answer is: weight ranges that keep the\n"
	 "               winner, Monte Carlo acceptability, method agreement\n"
	 "  eval         score every row of a big CSV with a decision's\n"
	 "               criteria, streaming (batch)\n"
	 "  check        load and evaluate a decision, report problems,\n"
	 "               print nothing else\n"
	 "  weights      derive criterion weights (AHP, entropy, CRITIC,\n"
	 "               equal) or show the weights a decision uses\n"
	 "  repl         an interactive session: rank, what-if, why not,\n"
	 "               undo, save; reads a script from a pipe\n"
	 "\n"
	 "Run 'tradeoff COMMAND --help' for a command's options.\n"
	 "\n" EXIT_STATUSES},
	{TDM_CMD_RANK, "rank", 0, 0, NULL, F_ALL,
	 "Usage: tradeoff rank DECISION.lua [--options FILE.csv] [-m METHOD]\n"
	 "                     [-f FORMAT]\n"
	 "       tradeoff rank FILE.csv -c NAME:higher|lower:WEIGHT ...\n"
	 "\n"
	 "Rank the options by their score. Options that break a guardrail\n"
	 "(must) are rejected, with the reason; options missing a value for a\n"
	 "criterion are not ranked either. Weights are normalised to sum 1.\n"
	 "-f md writes a Markdown report: the method line, a table of rank,\n"
	 "option, score, verdict and reason, the weights and the notes.\n"
	 "A large CSV of plain numbers ranked with -f csv is read straight\n"
	 "into columns. A progress bar shows on a terminal while a big CSV\n"
	 "is read.\n"
	 "\n"
	 "Options:\n" FORMAT_ALL
	 "      --quiet             no progress bar\n" COMMON_OPTIONS "\n"
	 EXIT_STATUSES},
	{TDM_CMD_EVAL, "eval", 1, 1, "DATA.csv", F_CSV,
	 "Usage: tradeoff eval DECISION.lua DATA.csv [-o OUT.csv] [--top K]\n"
	 "                     [--keep-going] [--quiet] [-m wsm|wpm]\n"
	 "\n"
	 "Score every row of DATA.csv (- for standard input) with the\n"
	 "decision's criteria, guardrails and weights, streaming: rows are\n"
	 "read, scored and written in blocks, so memory does not grow with the\n"
	 "number of rows. Each row is written back with three columns\n"
	 "appended: score, verdict (ranked, or rejected by a guardrail or a\n"
	 "missing value) and reason. A row is scored on its own, so the method\n"
	 "must be wsm or wpm, every criterion needs a fixed scale = {lo, hi}\n"
	 "(or --normalize none), and the weights must be given; otherwise use\n"
	 "rank. Columns score,verdict,reason[,rank] left by a previous eval\n"
	 "are recomputed, not appended again, so the top K of several parts is\n"
	 "eval --top K over their concatenation.\n"
	 "\n"
	 "Options:\n"
	 "      --top K             keep only the best K rows, best first, with\n"
	 "                          a rank column (verdict chosen for rank 1)\n"
	 "      --keep-going        report each bad row on standard error, leave\n"
	 "                          it out, write the others, and exit 1 with a\n"
	 "                          count; without it the first bad row stops\n"
	 "                          the run\n"
	 "      --quiet             no progress bar (it is shown on a terminal\n"
	 "                          for runs longer than two seconds)\n"
	 COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_EXPLAIN, "explain", 0, 1, "OPTION", F_TABLE | F_JSON | F_MD,
	 "Usage: tradeoff explain DECISION.lua [OPTION] [-m METHOD] [-f FORMAT]\n"
	 "       tradeoff explain FILE.csv -c NAME:higher|lower:WEIGHT ...\n"
	 "                        [OPTION]\n"
	 "\n"
	 "Say why OPTION is not chosen or, without OPTION, why the chosen\n"
	 "option wins. For an option that is not chosen, in this order: the\n"
	 "guardrails it breaks (and where it would rank without them), the\n"
	 "options that dominate it, its score and rank against the chosen one,\n"
	 "the criteria that cost it most and those it wins on, then what would\n"
	 "make it win: the smallest change of one weight (the others keeping\n"
	 "their proportions), of one of its values, and of all weights together\n"
	 "-- or the statement that no change of a single weight within +-50 %\n"
	 "does; last the alternative, and \"no clear winner\" when the top\n"
	 "options are within 2 %. For the chosen option: its margin over the\n"
	 "runner-up and the criteria that carry it.\n"
	 "\n" MATCHING
	 "\n"
	 "The flags that rank takes choose the method, normalisation and\n"
	 "weights, so 'tradeoff explain d.lua RabbitMQ -m topsis' asks why not\n"
	 "RabbitMQ under TOPSIS.\n"
	 "\n"
	 "Options:\n"
	 "  -f, --format FORMAT     table (default), json or md\n"
	 COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_COMPARE, "compare", 2, 2, "A B", F_ALL,
	 "Usage: tradeoff compare DECISION.lua A B [-m METHOD] [-f FORMAT]\n"
	 "       tradeoff compare FILE.csv -c NAME:higher|lower:WEIGHT ... A B\n"
	 "\n"
	 "Put options A and B head to head, criterion by criterion: each one's\n"
	 "value, normalised so that 1 is best (min-max over the ranked options\n"
	 "and these two), the weighted difference weight x (A - B) of the\n"
	 "normalised values, the side it favours, and the total.\n"
	 "\n" MATCHING
	 "\n"
	 "Options:\n" FORMAT_ALL COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_RECORD, "record", 0, 0, NULL, F_MD,
	 "Usage: tradeoff record DECISION.lua [--options FILE.csv] [-m METHOD]\n"
	 "                       > docs/adr/NNNN-title.md\n"
	 "\n"
	 "Write a Markdown decision record in the MADR 4 layout to standard\n"
	 "output: front matter (status, date, decision-makers), the context,\n"
	 "the decision drivers with their weights, the considered options, the\n"
	 "outcome with the method and margin and its consequences, a \"why\n"
	 "not\" for every option that is not chosen (its reasons and what\n"
	 "would have to change for it to win), and when to re-open the\n"
	 "decision. The same decision gives the same bytes, so the record can\n"
	 "be committed and diffed.\n"
	 "\n"
	 "Options:\n" COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_REPORT, "report", 0, 0, NULL, F_ALL,
	 "Usage: tradeoff report DECISION.lua [-o REPORT.html]\n"
	 "\n"
	 "Write one self-contained HTML page (no network) with the ranking,\n"
	 "each option's weighted contributions, the weight intervals, the\n"
	 "acceptability and the \"why not\" of every option, as inline SVG\n"
	 "readable without JavaScript. To -o FILE (written atomically) or\n"
	 "standard output.\n"
	 "\n"
	 "Options:\n"
	 COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_DIFF, "diff", 0, 1, "NEW.lua", F_ALL,
	 "Usage: tradeoff diff OLD.lua NEW.lua [-f FORMAT]\n"
	 "       tradeoff diff DECISION.lua --rev REV [-f FORMAT]\n"
	 "       tradeoff diff DECISION.lua --rev OLD..NEW [-f FORMAT]\n"
	 "\n"
	 "What changed between two versions of a decision: criteria, weights\n"
	 "and values, how the ranking moved, and which edits account for a\n"
	 "change of winner. --rev REV compares the file with its version at a\n"
	 "git revision; --rev OLD..NEW compares two revisions of the file.\n"
	 "\n"
	 "Options:\n"
	 "      --rev REV           the old version is `git show REV:FILE`\n"
	 "      --rev OLD..NEW      both versions from git\n"
	 COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_SENSITIVITY, "sensitivity", 0, 0, NULL, F_TABLE | F_JSON | F_MD,
	 "Usage: tradeoff sensitivity DECISION.lua [--samples N] [--seed N]\n"
	 "                            [--spread PERCENT] [-m METHOD] [-f FORMAT]\n"
	 "\n"
	 "How sure is the answer? For each criterion, the interval of its\n"
	 "weight (the others keeping their proportions) in which the winner\n"
	 "stays the winner, and who takes over at each end (exact for wsm,\n"
	 "searched for the other methods); the criteria ordered by how close\n"
	 "they are to flipping the decision. Then acceptability: N random\n"
	 "weightings (uniform on the simplex, or each weight perturbed by up\n"
	 "to +-PERCENT), each option's share of samples at each rank, its\n"
	 "central weights, and how often the winner wins. Then the decision\n"
	 "ranked by every method, their agreement (Kendall tau, Spearman rho)\n"
	 "and, when the winner differs, why. The same seed gives the same\n"
	 "numbers.\n"
	 "\n"
	 "Options:\n"
	 "      --samples N         random weightings (default 10000)\n"
	 "      --seed N            the random seed (default 20261130)\n"
	 "      --spread PERCENT    perturb the given weights by up to\n"
	 "                          +-PERCENT instead of sampling uniformly\n"
	 COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_REPL, "repl", 0, 0, NULL, F_TABLE,
	 "Usage: tradeoff repl [DECISION.lua] [--lua-memory BYTES]\n"
	 "                     [--lua-budget N] [--color WHEN]\n"
	 "       tradeoff repl DECISION.lua < SCRIPT.txt\n"
	 "\n"
	 "An interactive session on a decision. A line that starts with a\n"
	 "command is a command; any other line is Lua run in the decision's\n"
	 "sandbox, so option \"Pulsar\" { throughput = 1e6 } adds an option.\n"
	 "Commands (a unique prefix is enough; 'help' lists them, 'help\n"
	 "COMMAND' explains one): load, criteria, options, show, rank, method,\n"
	 "weight, set, drop, why, why not, compare, whatif weight|set,\n"
	 "sensitivity, pareto, undo, redo, save, export, help, quit.\n"
	 "\n"
	 "On a terminal: GNU readline, Tab completes commands and the names\n"
	 "of criteria and options, history is kept in ~/.tradeoff_history,\n"
	 "Ctrl-C stops a running command (a Lua line, why not, sensitivity)\n"
	 "or abandons the line typed, and Ctrl-D or quit leaves.\n"
	 "\n"
	 "With standard input not a terminal it is a batch tool: no prompt,\n"
	 "no banner, no history, commands are not echoed, results go to\n"
	 "standard output and errors to standard error as\n"
	 "'tradeoff: stdin:LINE: message'; every line runs even after an\n"
	 "error.\n"
	 "\n"
	 "Options:\n"
	 "      --color WHEN        auto (default), always or never\n"
	 "      --lua-memory BYTES  memory cap of the Lua sandbox (default 64M)\n"
	 "      --lua-budget N      Lua instructions allowed per line\n"
	 "  -h, --help              show this help\n"
	 "\n"
	 "Exit status:\n"
	 "  0  ok (always, on a terminal)\n"
	 "  1  some line of the script failed (stdin not a terminal), or the\n"
	 "     decision could not be loaded\n"
	 "  2  usage error on the command line\n"
	 "  4  standard output cannot be written\n"},
	{TDM_CMD_CHECK, "check", 0, 0, NULL, F_ALL,
	 "Usage: tradeoff check DECISION.lua [--options FILE.csv]\n"
	 "       tradeoff check FILE.csv -c NAME:higher|lower:WEIGHT ...\n"
	 "\n"
	 "Load and evaluate the decision; print a one-line summary and exit 0\n"
	 "if it is sound, or the first error and its exit status. Then check\n"
	 "the decision's expect statements (winner, rank, min_margin,\n"
	 "stable_within, never_chosen_if_rejected): each failure is explained\n"
	 "on standard error and the exit status is 1.\n"
	 "\n"
	 "Options:\n" COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_WEIGHTS, "weights", 0, 0, NULL, F_TABLE | F_CSV | F_JSON,
	 "Usage: tradeoff weights --ahp PAIRWISE.csv [--ri TABLE] [-f FORMAT]\n"
	 "       tradeoff weights --method equal|entropy|critic FILE.csv\n"
	 "                        -c NAME:higher|lower:1 ... [-f FORMAT]\n"
	 "       tradeoff weights DECISION.lua [--weights SCHEME] [-f FORMAT]\n"
	 "\n"
	 "Print criterion weights and how they were derived. --ahp reads a\n"
	 "labelled square matrix of pairwise judgements (first row and column\n"
	 "name the criteria; cells are numbers or fractions like 1/3) and\n"
	 "reports lambda_max, CI, CR and the random-index table, with a\n"
	 "warning above CR 0.10. --method computes objective weights from the\n"
	 "columns named by -c (their weights are ignored; the direction\n"
	 "matters for --critic-flip-cost). A decision file prints the weights\n"
	 "it ranks with.\n"
	 "\n"
	 "Options:\n"
	 "  -f, --format FORMAT     table (default), csv or json\n"
	 "      --ahp FILE.csv      pairwise comparisons\n"
	 "      --ri TABLE          the random-index table for AHP's CR\n"
	 "  -m, --method SCHEME     equal, entropy or critic (with FILE.csv)\n"
	 "  -c, --criterion NAME:higher|lower:WEIGHT\n"
	 "                          a column of FILE.csv (repeatable)\n"
	 "      --critic-flip-cost  with critic: flip cost columns first\n"
	 "      --weights SCHEME    with a decision: override its scheme\n"
	 "      --lua-memory BYTES, --lua-budget N   as for rank\n"
	 "  -h, --help              show this help\n"
	 "\n" EXIT_STATUSES},
};

const char *
tdm_cli_help(tdm_cmd cmd)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].cmd == cmd)
			return commands[i].help;
	return commands[0].help;
}

const char *
tdm_cli_cmd_name(tdm_cmd cmd)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].cmd == cmd)
			return commands[i].name;
	return "tradeoff";
}

#define USAGE(opt, ...) tdm_error_set(err, TDM_USAGE, (opt), 0, 0, __VA_ARGS__)

int
tdm_cli_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v, mult = 1;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = 1ULL << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mult = 1ULL << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mult = 1ULL << 30, end++;
	if (*end != '\0' || v == 0 || v > (unsigned long long)(size_t)-1 / mult)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

tdm_status
tdm_cli_parse_criterion(const char *spec, tdm_cli_criterion *out,
                        tdm_error *err)
{
	const char *c1 = strchr(spec, ':'), *c2;
	size_t n;
	double w;

	if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL)
		return USAGE("-c", "expected NAME:higher|lower:WEIGHT, got '%s'",
		             spec);
	n = (size_t)(c1 - spec);
	if (n == 0 || n >= sizeof out->name)
		return USAGE("-c", "criterion name in '%s' must be 1 to %zu bytes",
		             spec, sizeof out->name - 1);
	memcpy(out->name, spec, n);
	out->name[n] = '\0';
	if ((size_t)(c2 - c1 - 1) == 6 && strncmp(c1 + 1, "higher", 6) == 0)
		out->better = TDM_BETTER_HIGHER;
	else if ((size_t)(c2 - c1 - 1) == 5 && strncmp(c1 + 1, "lower", 5) == 0)
		out->better = TDM_BETTER_LOWER;
	else
		return USAGE("-c", "in '%s': direction must be 'higher' or 'lower'",
		             spec);
	if (tdm_parse_number(c2 + 1, strlen(c2 + 1), &w) != 1 || !isfinite(w) ||
	    w < 0)
		return USAGE("-c", "in '%s': weight must be a number >= 0", spec);
	out->weight = w;
	return TDM_OK;
}

static int
ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		char a = s[n - k + i], b = suffix[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------------
 * The options: one table of name, whether it takes a value, and a setter,
 * so the parser is one loop and adding a flag is one row.
 * --------------------------------------------------------------------- */

typedef tdm_status (*setter)(tdm_cli *cli, const char *v, tdm_error *err);

static tdm_status
set_help(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->want_help = 1;
	return TDM_OK;
}

static tdm_status
set_version(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->want_version = 1;
	return TDM_OK;
}

static tdm_status
set_format(tdm_cli *cli, const char *v, tdm_error *err)
{
	if ((cli->format = tdm_format_from_name(v)) < 0)
		return USAGE("-f", "unknown format '%s' (table, csv, json, md)", v);
	return TDM_OK;
}

/* A name that must be one of a NULL-terminated list. */
static tdm_status
one_of(const char *opt, const char *what, const char *v,
       const char *const *names, tdm_error *err)
{
	char list[256];
	size_t i, n = 0;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(v, names[i]) == 0)
			return TDM_OK;
	list[0] = '\0';
	for (i = 0; names[i] != NULL && n < sizeof list - 1; i++) {
		snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", names[i]);
		n = strlen(list);
	}
	return USAGE(opt, "unknown %s '%s' (%s)", what, v, list);
}

static tdm_status
set_method(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)err;
	/* checked later: rank takes a scoring method, weights a scheme */
	cli->method = v;
	return TDM_OK;
}

static tdm_status
set_normalize(tdm_cli *cli, const char *v, tdm_error *err)
{
	cli->normalization = v;
	return one_of("--normalize", "normalisation", v,
	              tdm_normalization_names(), err);
}

static tdm_status
set_weights(tdm_cli *cli, const char *v, tdm_error *err)
{
	cli->weighting = v;
	return one_of("--weights", "weighting", v, tdm_weighting_names(), err);
}

static tdm_status
set_ri(tdm_cli *cli, const char *v, tdm_error *err)
{
	cli->ri_table = v;
	return one_of("--ri", "random-index table", v, tdm_ahp_ri_tables(), err);
}

static tdm_status
set_ahp(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)err;
	cli->ahp_csv = v;
	return TDM_OK;
}

static tdm_status
set_flip(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->critic_flip_cost = 1;
	return TDM_OK;
}

static tdm_status
set_options(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)err;
	cli->options_csv = v;
	return TDM_OK;
}

static tdm_status
set_output(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)err;
	cli->output = v;
	return TDM_OK;
}

static tdm_status
set_rev(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)err;
	cli->rev = v;
	return TDM_OK;
}

static tdm_status
set_ascii(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->ascii = 1;
	return TDM_OK;
}

static tdm_status
set_criterion(tdm_cli *cli, const char *v, tdm_error *err)
{
	tdm_cli_criterion *c = &cli->criteria[cli->n_criteria];
	size_t k;
	tdm_status s;

	if (cli->n_criteria == TDM_CLI_MAX_CRITERIA)
		return USAGE("-c", "at most %d criteria on the command line",
		             TDM_CLI_MAX_CRITERIA);
	if ((s = tdm_cli_parse_criterion(v, c, err)) != TDM_OK)
		return s;
	for (k = 0; k < cli->n_criteria; k++)
		if (strcmp(cli->criteria[k].name, c->name) == 0)
			return USAGE("-c", "criterion '%s' is given twice", c->name);
	cli->n_criteria++;
	return TDM_OK;
}

static tdm_status
set_color(tdm_cli *cli, const char *v, tdm_error *err)
{
	if (strcmp(v, "auto") == 0)
		cli->color = -1;
	else if (strcmp(v, "always") == 0)
		cli->color = 1;
	else if (strcmp(v, "never") == 0)
		cli->color = 0;
	else
		return USAGE("--color", "unknown value '%s' (auto, always, never)",
		             v);
	return TDM_OK;
}

static tdm_status
set_lua_memory(tdm_cli *cli, const char *v, tdm_error *err)
{
	if (tdm_cli_parse_size(v, &cli->limits.memory) != 0)
		return USAGE("--lua-memory",
		             "needs a byte count > 0, like 64M or 1048576");
	/* Below this the sandbox cannot even open its libraries. */
	if (cli->limits.memory < TDM_CLI_MIN_LUA_MEMORY)
		return USAGE("--lua-memory",
		             "%s is too small: the sandbox needs at least 256K", v);
	return TDM_OK;
}

static tdm_status
set_lua_budget(tdm_cli *cli, const char *v, tdm_error *err)
{
	char *end;

	errno = 0;
	cli->limits.budget = strtoll(v, &end, 10);
	if (errno || *end || v[0] < '0' || v[0] > '9' || cli->limits.budget <= 0)
		return USAGE("--lua-budget",
		             "needs a whole number of instructions > 0, got '%s'", v);
	return TDM_OK;
}

/* A whole number in [lo, hi] written in plain digits; 0 ok, -1 not. */
static int
whole_number(const char *v, unsigned long long lo, unsigned long long hi,
             unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(v, &end, 10);
	return errno || *end || v[0] < '0' || v[0] > '9' || *out < lo ||
	               *out > hi
	           ? -1
	           : 0;
}

static tdm_status
set_samples(tdm_cli *cli, const char *v, tdm_error *err)
{
	unsigned long long n;

	if (whole_number(v, 1, 100000000ULL, &n))
		return USAGE("--samples",
		             "needs a whole number from 1 to 100000000, got '%s'", v);
	cli->samples = (size_t)n;
	return TDM_OK;
}

static tdm_status
set_seed(tdm_cli *cli, const char *v, tdm_error *err)
{
	char *end;

	errno = 0;
	cli->seed = strtoull(v, &end, 10);
	if (errno || *end || v[0] < '0' || v[0] > '9')
		return USAGE("--seed", "needs a whole number >= 0, got '%s'", v);
	cli->has_seed = 1;
	return TDM_OK;
}

static tdm_status
set_spread(tdm_cli *cli, const char *v, tdm_error *err)
{
	double p;

	if (tdm_parse_number(v, strlen(v), &p) != 1 || !(p > 0) || p >= 100)
		return USAGE("--spread",
		             "needs a percentage above 0 and below 100, got '%s'",
		             v);
	cli->spread = p / 100;
	return TDM_OK;
}

static tdm_status
set_top(tdm_cli *cli, const char *v, tdm_error *err)
{
	unsigned long long n;

	if (whole_number(v, 1, 100000000ULL, &n))
		return USAGE("--top",
		             "needs a whole number from 1 to 100000000, got '%s'", v);
	cli->top = (size_t)n;
	return TDM_OK;
}

static tdm_status
set_keep_going(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->keep_going = 1;
	return TDM_OK;
}

static tdm_status
set_quiet(tdm_cli *cli, const char *v, tdm_error *err)
{
	(void)v, (void)err;
	cli->quiet = 1;
	return TDM_OK;
}

static tdm_status
set_jobs(tdm_cli *cli, const char *v, tdm_error *err)
{
	unsigned long long n;

	if (whole_number(v, 0, TDM_MAX_THREADS, &n))
		return USAGE("-j", "needs a whole number from 0 (every CPU) to "
		                   "%d, got '%s'", TDM_MAX_THREADS, v);
	cli->threads = (unsigned)n;
	cli->has_threads = 1;
	return TDM_OK;
}

static const struct {
	char short_name;
	const char *long_name;
	const char *value; /* what the value is, for "needs ..."; NULL: none */
	setter set;
} options[] = {
	{'h', "--help", NULL, set_help},
	{0, "--version", NULL, set_version},
	{'f', "--format", "a format: table, csv, json or md", set_format},
	{'m', "--method", "a method name", set_method},
	{'c', "--criterion", "NAME:higher|lower:WEIGHT", set_criterion},
	{0, "--options", "a CSV file", set_options},
	{'o', "--output", "a file to write", set_output},
	{0, "--rev", "a git revision", set_rev},
	{0, "--ascii", NULL, set_ascii},
	{0, "--normalize", "a normalisation", set_normalize},
	{0, "--weights", "a weighting scheme", set_weights},
	{0, "--ahp", "a pairwise comparison CSV", set_ahp},
	{0, "--ri", "a random-index table", set_ri},
	{0, "--critic-flip-cost", NULL, set_flip},
	{0, "--color", "auto, always or never", set_color},
	{0, "--colour", "auto, always or never", set_color},
	{0, "--lua-memory", "a byte count", set_lua_memory},
	{0, "--lua-budget", "a number of instructions", set_lua_budget},
	{0, "--samples", "a number of weightings", set_samples},
	{0, "--seed", "a number", set_seed},
	{0, "--spread", "a percentage", set_spread},
	{0, "--top", "a number of rows", set_top},
	{0, "--keep-going", NULL, set_keep_going},
	{0, "--quiet", NULL, set_quiet},
	{'j', "--jobs", "a number of threads", set_jobs},
};

/* Apply option argv[*i]; a value may be glued (-fjson, --format=json) or
 * the next word. */
static tdm_status
apply_option(int argc, char **argv, int *i, tdm_cli *cli, tdm_error *err)
{
	const char *a = argv[*i], *v = NULL;
	size_t k, n;

	for (k = 0; k < sizeof options / sizeof options[0]; k++) {
		char shortopt[3] = {'-', options[k].short_name, '\0'};
		const char *name = options[k].long_name;

		n = strlen(name);
		if (strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=')) {
			if (a[n] == '=')
				v = a + n + 1;
		} else if (options[k].short_name != 0 && a[1] == shortopt[1] &&
		           a[0] == '-') {
			name = shortopt;
			if (a[2] != '\0') {
				if (options[k].value == NULL)
					continue;
				v = a + 2;
			}
		} else {
			continue;
		}
		if (options[k].value == NULL) {
			if (v != NULL)
				return USAGE(name, "takes no value");
			return options[k].set(cli, NULL, err);
		}
		if (v == NULL) {
			if (*i + 1 >= argc)
				return USAGE(options[k].short_name ? shortopt : name,
				             "needs %s", options[k].value);
			v = argv[++*i];
		}
		return options[k].set(cli, v, err);
	}
	return USAGE(NULL, "unknown option '%s'", a);
}

static tdm_status
check_weights_command(tdm_cli *cli, tdm_error *err)
{
	static const char *const schemes[] = {"equal", "entropy", "critic",
	                                      NULL};

	if (cli->ahp_csv != NULL) {
		if (cli->input != NULL || cli->method != NULL)
			return USAGE("--ahp", "takes the whole input: no other file "
			                      "or --method");
		return TDM_OK;
	}
	if (cli->input == NULL)
		return USAGE(NULL, "weights needs --ahp PAIRWISE.csv, a decision "
		                   "file, or FILE.csv with --method and -c");
	if (cli->input_is_csv) {
		if (cli->method == NULL)
			return USAGE("--method", "weights of a CSV need --method "
			                         "equal, entropy or critic");
		if (cli->n_criteria == 0)
			return USAGE("-c", "weights of a CSV need the criteria: -c "
			                   "NAME:higher|lower:1 (one or more)");
		return one_of("--method", "weighting for a CSV", cli->method,
		              schemes, err);
	}
	if (cli->method != NULL)
		return USAGE("--method", "a decision file says how its weights are "
		                         "made; use --weights to override it");
	return TDM_OK;
}

/* The row of the command called name, or 0 (the program's row). */
static size_t
command_row(const char *name)
{
	size_t c;

	for (c = 1; c < sizeof commands / sizeof commands[0]; c++)
		if (strcmp(name, commands[c].name) == 0)
			return c;
	return 0;
}

static tdm_status
unknown_command(const char *a, tdm_error *err)
{
	char list[256];
	size_t c, n = 0;

	list[0] = '\0';
	for (c = 1; c < sizeof commands / sizeof commands[0]; c++) {
		snprintf(list + n, sizeof list - n, "%s%s", c > 1 ? ", " : "",
		         commands[c].name);
		n = strlen(list);
	}
	return USAGE(NULL, "unknown command '%s' (commands: %s)", a, list);
}

/* A format the command writes; for one it does not, say which it does
 * ("explain has no csv format; use json"). */
static tdm_status
check_format(const tdm_cli *cli, size_t row, tdm_error *err)
{
	static const char *const names[] = {"table", "csv", "json", "md"};
	unsigned mask = commands[row].formats;
	char list[64];
	size_t f, n = 0, k = 0, count = 0;

	if (cli->format < 0 || (mask & (1u << cli->format)) != 0)
		return TDM_OK;
	if (cli->format == TDM_FORMAT_CSV && (mask & F_JSON) != 0)
		return USAGE("-f", "%s has no csv format; use json",
		             commands[row].name);
	for (f = 0; f < sizeof names / sizeof names[0]; f++)
		count += (mask & (1u << f)) != 0;
	list[0] = '\0';
	for (f = 0; f < sizeof names / sizeof names[0]; f++) {
		if ((mask & (1u << f)) == 0)
			continue;
		snprintf(list + n, sizeof list - n, "%s%s",
		         k == 0 ? "" : k + 1 == count ? " or " : ", ", names[f]);
		n = strlen(list);
		k++;
	}
	return USAGE("-f", "%s has no %s format; use %s", commands[row].name,
	             names[cli->format], list);
}

tdm_status
tdm_cli_parse(int argc, char **argv, tdm_cli *cli, tdm_error *err)
{
	int i, only_args = 0;
	size_t row = 0;
	tdm_status s;

	memset(cli, 0, sizeof *cli);
	cli->format = -1;
	cli->color = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			if ((s = apply_option(argc, argv, &i, cli, err)) != TDM_OK)
				return s;
		} else if (cli->cmd == TDM_CMD_NONE) {
			if ((row = command_row(a)) == 0)
				return unknown_command(a, err);
			cli->cmd = commands[row].cmd;
		} else if (cli->input == NULL) {
			cli->input = a;
		} else if (cli->n_names < commands[row].max_names &&
		           cli->n_names < sizeof cli->names / sizeof cli->names[0]) {
			cli->names[cli->n_names++] = a;
		} else {
			return USAGE(NULL, "unexpected argument '%s'", a);
		}
	}
	if (cli->want_help || cli->want_version)
		return TDM_OK;
	if (cli->cmd == TDM_CMD_NONE)
		return USAGE(NULL, "no command given");
	if ((s = check_format(cli, row, err)) != TDM_OK)
		return s;
	if (cli->input != NULL) {
		cli->input_is_csv = ends_with_ci(cli->input, ".csv");
		if (!cli->input_is_csv && !ends_with_ci(cli->input, ".lua"))
			return USAGE(NULL,
			             "cannot tell what '%s' is: a decision ends in "
			             ".lua, options in .csv",
			             cli->input);
	}
	if (cli->cmd == TDM_CMD_WEIGHTS)
		return check_weights_command(cli, err);
	if (cli->cmd == TDM_CMD_DIFF) {
		if (cli->input == NULL)
			return USAGE(NULL, "diff needs OLD.lua NEW.lua, or a decision "
			                   "and --rev REV");
		if ((cli->n_names == 1) == (cli->rev != NULL))
			return USAGE(NULL, "diff compares OLD.lua with NEW.lua, or a "
			                   "decision with --rev REV: give one of the "
			                   "two");
		if (cli->input_is_csv ||
		    (cli->n_names == 1 && !ends_with_ci(cli->names[0], ".lua")))
			return USAGE(NULL, "diff compares decision files (.lua)");
		return TDM_OK;
	}
	if (cli->rev != NULL)
		return USAGE("--rev", "is for the diff command");
	if (cli->output != NULL && cli->cmd == TDM_CMD_REPL)
		return USAGE("-o", "is not for the repl command; use its save "
		                   "and export commands");
	if (cli->cmd == TDM_CMD_REPL) {
		if (cli->input != NULL && cli->input_is_csv)
			return USAGE(NULL, "repl takes a decision file (.lua); load "
			                   "CSV options from it with options "
			                   "\"FILE.csv\"");
		if (cli->n_criteria > 0 || cli->options_csv != NULL ||
		    cli->ahp_csv != NULL)
			return USAGE(NULL, "repl takes only a decision file and the "
			                   "--lua-* and --color flags");
		return TDM_OK;
	}
	if ((cli->top > 0 || cli->keep_going) && cli->cmd != TDM_CMD_EVAL)
		return USAGE(cli->top > 0 ? "--top" : "--keep-going",
		             "is for the eval command");
	if (cli->cmd == TDM_CMD_EVAL) {
		if (cli->input == NULL || cli->n_names != 1)
			return USAGE(NULL, "eval needs a decision and a CSV: tradeoff "
			                   "eval DECISION.lua DATA.csv");
		if (cli->input_is_csv)
			return USAGE(NULL, "eval takes the decision first: tradeoff "
			                   "eval DECISION.lua DATA.csv");
		if (cli->n_criteria > 0 || cli->options_csv != NULL)
			return USAGE(cli->n_criteria > 0 ? "-c" : "--options",
			             "is not for eval: the criteria come from the "
			             "decision, the rows from DATA.csv");
	}
	if (cli->ahp_csv != NULL)
		return USAGE("--ahp", "is for the weights command; in a decision "
		                      "write weights = \"ahp\" and pairwise = ...");
	if (cli->input == NULL)
		return USAGE(NULL, "%s needs an input: DECISION.lua or FILE.csv",
		             tdm_cli_cmd_name(cli->cmd));
	if (cli->n_names < commands[row].min_names)
		return USAGE(NULL, "%s needs %zu option names: tradeoff %s INPUT %s",
		             commands[row].name, commands[row].min_names,
		             commands[row].name, commands[row].names_usage);
	if (cli->input_is_csv && cli->n_criteria == 0)
		return USAGE(NULL,
		             "ranking a CSV needs criteria: -c "
		             "NAME:higher|lower:WEIGHT (one or more)");
	if (!cli->input_is_csv && cli->n_criteria > 0)
		return USAGE("-c", "criteria come from the decision file; -c is for "
		                   "a CSV input");
	if (cli->input_is_csv && cli->options_csv != NULL)
		return USAGE("--options", "is for a decision file; the input is "
		                          "already a CSV");
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * Option names as the user types them
 * --------------------------------------------------------------------- */

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1 if the first n bytes of a and b are equal, ignoring ASCII case. */
static int
equal_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower_ascii((unsigned char)a[i]) !=
		    lower_ascii((unsigned char)b[i]))
			return 0;
	return 1;
}

enum { MATCH_EXACT_CI = 0, MATCH_PREFIX, MATCH_PREFIX_CI, N_MATCH };

static int
matches(int how, const char *option, const char *name, size_t len)
{
	size_t n = strlen(option);

	switch (how) {
	case MATCH_EXACT_CI:
		return n == len && equal_ci(option, name, len);
	case MATCH_PREFIX:
		return n > len && strncmp(option, name, len) == 0;
	default:
		return n > len && equal_ci(option, name, len);
	}
}

/* Append "A, B, C" (names of the options that match, or all when
 * how < 0) to buf, leaving room for " and N more". */
static void
list_names(const tdm_model *m, int how, const char *name, char *buf,
           size_t size)
{
	size_t o, n = strlen(buf), listed = 0, total = 0, len = strlen(name);

	for (o = 0; o < m->n_options; o++) {
		const char *opt = m->options[o].name;
		if (how >= 0 && !matches(how, opt, name, len))
			continue;
		total++;
		/* keep 40 bytes for the tail */
		if (n + strlen(opt) + 2 + 40 >= size)
			continue;
		snprintf(buf + n, size - n, "%s%s", listed ? ", " : "", opt);
		n = strlen(buf);
		listed++;
	}
	if (listed < total)
		snprintf(buf + n, size - n, "%s and %zu more", listed ? "," : "",
		         total - listed);
}

tdm_status
tdm_cli_find_option(const tdm_model *m, const char *name, size_t *out,
                    tdm_error *err)
{
	char msg[sizeof err->message];
	size_t o, len, found = 0, hits;
	long exact;
	int how;

	if (m == NULL || name == NULL || out == NULL)
		return USAGE(NULL, "no option name to look up");
	if ((exact = tdm_model_find_option(m, name)) >= 0) {
		*out = (size_t)exact;
		return TDM_OK;
	}
	len = strlen(name);
	for (how = 0; how < N_MATCH && len > 0; how++) {
		hits = 0;
		for (o = 0; o < m->n_options; o++) {
			if (matches(how, m->options[o].name, name, len)) {
				if (hits++ == 0)
					found = o;
			}
		}
		if (hits == 1) {
			*out = found;
			return TDM_OK;
		}
		if (hits > 1) {
			snprintf(msg, sizeof msg, "option name '%.100s' is ambiguous: ",
			         name);
			list_names(m, how, name, msg, sizeof msg);
			return USAGE(NULL, "%s", msg);
		}
	}
	if (m->n_options == 0)
		return USAGE(NULL, "no option named '%.100s': the decision has no "
		                   "options", name);
	snprintf(msg, sizeof msg, "no option named '%.100s'; the options are: ",
	         name);
	list_names(m, -1, name, msg, sizeof msg);
	return USAGE(NULL, "%s", msg);
}
