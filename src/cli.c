/*
 * cli.c -- argv to a tdm_cli struct, and the help texts.
 *
 * Owns the grammar of the command line and its help. Must not open files,
 * print or exit: main.c does I/O and chooses the exit status.
 */
#include <errno.h>
#include <math.h>
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

#define COMMON_OPTIONS                                                       \
	"  -f, --format FORMAT     table (default), csv or json\n"              \
	"  -m, --method METHOD     scoring method: wsm (default)\n"             \
	"      --options FILE.csv  rank the options in FILE.csv against the\n"  \
	"                          decision's criteria (instead of its own)\n"  \
	"  -c, --criterion NAME:higher|lower:WEIGHT\n"                          \
	"                          a criterion, for a CSV input (repeatable)\n" \
	"      --color WHEN        auto (default), always or never; NO_COLOR\n" \
	"                          in the environment means never\n"            \
	"      --lua-memory BYTES  memory cap of the Lua sandbox (default 64M,\n" \
	"                          at least 256K; K, M, G suffixes)\n"        \
	"      --lua-budget N      Lua instructions allowed per call (default\n" \
	"                          100000000)\n"                                \
	"  -h, --help              show this help\n"

static const struct {
	tdm_cmd cmd;
	const char *name;
	const char *help;
} commands[] = {
	{TDM_CMD_NONE, "tradeoff",
	 "Usage: tradeoff COMMAND [OPTIONS] INPUT\n"
	 "       tradeoff --help | --version\n"
	 "\n"
	 "Rank options against weighted criteria, and say why the others are\n"
	 "not chosen.\n"
	 "\n"
	 "Commands:\n"
	 "  rank    rank the options of a decision (DECISION.lua) or a CSV\n"
	 "  check   load and evaluate a decision, report problems, print nothing\n"
	 "          else\n"
	 "\n"
	 "Run 'tradeoff COMMAND --help' for a command's options.\n"
	 "\n" EXIT_STATUSES},
	{TDM_CMD_RANK, "rank",
	 "Usage: tradeoff rank DECISION.lua [--options FILE.csv] [-m METHOD]\n"
	 "                     [-f FORMAT]\n"
	 "       tradeoff rank FILE.csv -c NAME:higher|lower:WEIGHT ...\n"
	 "\n"
	 "Rank the options by their score. Options that break a guardrail\n"
	 "(must) are rejected, with the reason; options missing a value for a\n"
	 "criterion are not ranked either. Weights are normalised to sum 1.\n"
	 "\n"
	 "Options:\n" COMMON_OPTIONS "\n" EXIT_STATUSES},
	{TDM_CMD_CHECK, "check",
	 "Usage: tradeoff check DECISION.lua [--options FILE.csv]\n"
	 "       tradeoff check FILE.csv -c NAME:higher|lower:WEIGHT ...\n"
	 "\n"
	 "Load and evaluate the decision; print a one-line summary and exit 0\n"
	 "if it is sound, or the first error and its exit status.\n"
	 "\n"
	 "Options:\n" COMMON_OPTIONS "\n" EXIT_STATUSES},
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

/* The value of an option: "--opt=value", "-fvalue", or the next word. */
static const char *
take_value(int argc, char **argv, int *i, const char *arg, size_t name_len)
{
	if (arg[name_len] == '=')
		return arg + name_len + 1;
	if (arg[1] != '-' && arg[name_len] != '\0')
		return arg + name_len; /* -fjson */
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int
matches(const char *arg, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '\0' || arg[n] == '=')
		return 1;
	/* short options take their value glued on: -fjson */
	return name[1] != '-' && strlen(name) == 2;
}

tdm_status
tdm_cli_parse(int argc, char **argv, tdm_cli *cli, tdm_error *err)
{
	int i, only_args = 0;
	const char *v;
	size_t k;

	memset(cli, 0, sizeof *cli);
	cli->format = -1;
	cli->color = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || a[1] == '\0') {
			if (cli->cmd == TDM_CMD_NONE) {
				size_t c;
				for (c = 1; c < sizeof commands / sizeof commands[0]; c++)
					if (strcmp(a, commands[c].name) == 0)
						cli->cmd = commands[c].cmd;
				if (cli->cmd == TDM_CMD_NONE)
					return USAGE(NULL,
					             "unknown command '%s' (commands: rank, "
					             "check)",
					             a);
			} else if (cli->input == NULL) {
				cli->input = a;
			} else {
				return USAGE(NULL, "unexpected argument '%s'", a);
			}
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			cli->want_help = 1;
		} else if (strcmp(a, "--version") == 0) {
			cli->want_version = 1;
		} else if (matches(a, "-f") || matches(a, "--format")) {
			size_t n = a[1] == '-' ? strlen("--format") : 2;
			if ((v = take_value(argc, argv, &i, a, n)) == NULL)
				return USAGE("-f", "needs a format: table, csv or json");
			if ((cli->format = tdm_format_from_name(v)) < 0)
				return USAGE("-f", "unknown format '%s' (table, csv, json)",
				             v);
		} else if (matches(a, "-m") || matches(a, "--method")) {
			size_t n = a[1] == '-' ? strlen("--method") : 2;
			if ((v = take_value(argc, argv, &i, a, n)) == NULL)
				return USAGE("-m", "needs a method name");
			cli->method = v;
		} else if (matches(a, "-c") || matches(a, "--criterion")) {
			size_t n = a[1] == '-' ? strlen("--criterion") : 2;
			tdm_status s;
			if ((v = take_value(argc, argv, &i, a, n)) == NULL)
				return USAGE("-c", "needs NAME:higher|lower:WEIGHT");
			if (cli->n_criteria == TDM_CLI_MAX_CRITERIA)
				return USAGE("-c", "at most %d criteria on the command line",
				             TDM_CLI_MAX_CRITERIA);
			s = tdm_cli_parse_criterion(v, &cli->criteria[cli->n_criteria],
			                            err);
			if (s != TDM_OK)
				return s;
			for (k = 0; k < cli->n_criteria; k++)
				if (strcmp(cli->criteria[k].name,
				           cli->criteria[cli->n_criteria].name) == 0)
					return USAGE("-c", "criterion '%s' is given twice",
					             cli->criteria[k].name);
			cli->n_criteria++;
		} else if (matches(a, "--options")) {
			if ((v = take_value(argc, argv, &i, a, strlen("--options"))) ==
			    NULL)
				return USAGE("--options", "needs a CSV file");
			cli->options_csv = v;
		} else if (matches(a, "--color") || matches(a, "--colour")) {
			size_t n = strlen("--color");
			if ((v = take_value(argc, argv, &i, a, n)) == NULL)
				return USAGE("--color", "needs auto, always or never");
			if (strcmp(v, "auto") == 0)
				cli->color = -1;
			else if (strcmp(v, "always") == 0)
				cli->color = 1;
			else if (strcmp(v, "never") == 0)
				cli->color = 0;
			else
				return USAGE("--color",
				             "unknown value '%s' (auto, always, never)", v);
		} else if (matches(a, "--lua-memory")) {
			if ((v = take_value(argc, argv, &i, a, strlen("--lua-memory"))) ==
			        NULL ||
			    tdm_cli_parse_size(v, &cli->limits.memory) != 0)
				return USAGE("--lua-memory",
				             "needs a byte count > 0, like 64M or 1048576");
			/* Below this the sandbox cannot even open its libraries. */
			if (cli->limits.memory < TDM_CLI_MIN_LUA_MEMORY)
				return USAGE("--lua-memory",
				             "%s is too small: the sandbox needs at least "
				             "256K",
				             v);
		} else if (matches(a, "--lua-budget")) {
			char *end;
			if ((v = take_value(argc, argv, &i, a, strlen("--lua-budget"))) ==
			    NULL)
				return USAGE("--lua-budget", "needs a number of instructions");
			errno = 0;
			cli->limits.budget = strtoll(v, &end, 10);
			if (errno || *end || cli->limits.budget <= 0 || v[0] == '-')
				return USAGE("--lua-budget",
				             "needs a whole number of instructions > 0, got "
				             "'%s'",
				             v);
		} else {
			return USAGE(NULL, "unknown option '%s'", a);
		}
	}
	if (cli->want_help || cli->want_version)
		return TDM_OK;
	if (cli->cmd == TDM_CMD_NONE)
		return USAGE(NULL, "no command given");
	if (cli->input == NULL)
		return USAGE(NULL, "%s needs an input: DECISION.lua or FILE.csv",
		             tdm_cli_cmd_name(cli->cmd));
	cli->input_is_csv = ends_with_ci(cli->input, ".csv");
	if (!cli->input_is_csv && !ends_with_ci(cli->input, ".lua"))
		return USAGE(NULL,
		             "cannot tell what '%s' is: a decision ends in .lua, "
		             "options in .csv",
		             cli->input);
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
