/* Unit tests for cli.c: argv to tdm_cli, with every usage error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tdm_test.h"

static tdm_status
parse(tdm_cli *cli, tdm_error *err, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	char *a;

	argv[argc++] = (char *)"tradeoff";
	va_start(ap, err);
	while ((a = va_arg(ap, char *)) != NULL)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return tdm_cli_parse(argc, argv, cli, err);
}

static void
test_cli_rank_decision_with_flags(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "rank", "d.lua", "-f", "csv", "-mwsm",
	                       "--options=o.csv", "--lua-memory", "8M",
	                       "--lua-budget", "5000", "--color", "never",
	                       (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_RANK);
	assert_string_equal(cli.input, "d.lua");
	assert_int_equal(cli.input_is_csv, 0);
	assert_int_equal(cli.format, TDM_FORMAT_CSV);
	assert_string_equal(cli.method, "wsm");
	assert_string_equal(cli.options_csv, "o.csv");
	assert_int_equal(cli.limits.memory, 8u << 20);
	assert_int_equal(cli.limits.budget, 5000);
	assert_int_equal(cli.color, 0);
}

static void
test_cli_quick_mode_criteria(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "rank", "o.CSV", "-c",
	                       "throughput:higher:5", "--criterion=p99_ms:lower:0.5",
	                       (char *)NULL),
	                 TDM_OK);
	assert_true(cli.input_is_csv);
	assert_int_equal(cli.n_criteria, 2);
	assert_string_equal(cli.criteria[0].name, "throughput");
	assert_int_equal(cli.criteria[0].better, TDM_BETTER_HIGHER);
	assert_true(cli.criteria[1].weight == 0.5);
	assert_int_equal(cli.criteria[1].better, TDM_BETTER_LOWER);
}

static void
expect_usage(const char *opt, const char *substring, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	char *a;
	tdm_cli cli;
	tdm_error err;

	argv[argc++] = (char *)"tradeoff";
	va_start(ap, substring);
	while ((a = va_arg(ap, char *)) != NULL)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	assert_int_equal(tdm_cli_parse(argc, argv, &cli, &err), TDM_USAGE);
	assert_string_equal(err.source, opt ? opt : "");
	if (strstr(err.message, substring) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, substring);
}

static void
test_cli_usage_errors(void **state)
{
	(void)state;
	expect_usage(NULL, "no command given", (char *)NULL);
	expect_usage(NULL, "unknown command 'rnak' (commands: rank, eval, explain, "
	             "compare, record, report, diff, sensitivity, repl, check, weights)", "rnak",
	             (char *)NULL);
	expect_usage(NULL, "rank needs an input", "rank", (char *)NULL);
	expect_usage(NULL, "unknown option '--frobnicate'", "rank", "d.lua",
	             "--frobnicate", (char *)NULL);
	expect_usage("-f", "unknown format 'xml'", "rank", "d.lua", "-f", "xml",
	             (char *)NULL);
	expect_usage("-f", "needs a format", "rank", "d.lua", "-f", (char *)NULL);
	expect_usage("-c", "expected NAME:higher|lower:WEIGHT", "rank", "o.csv",
	             "-c", "speed", (char *)NULL);
	expect_usage("-c", "direction must be 'higher' or 'lower'", "rank",
	             "o.csv", "-c", "speed:faster:1", (char *)NULL);
	expect_usage("-c", "weight must be a number >= 0", "rank", "o.csv", "-c",
	             "speed:higher:-1", (char *)NULL);
	expect_usage("-c", "weight must be a number >= 0", "rank", "o.csv", "-c",
	             "speed:higher:lots", (char *)NULL);
	expect_usage("-c", "given twice", "rank", "o.csv", "-c", "a:higher:1",
	             "-c", "a:lower:1", (char *)NULL);
	expect_usage(NULL, "needs criteria", "rank", "o.csv", (char *)NULL);
	expect_usage("-c", "-c is for a CSV input", "rank", "d.lua", "-c",
	             "a:higher:1", (char *)NULL);
	expect_usage(NULL, "cannot tell what 'd.txt' is", "rank", "d.txt",
	             (char *)NULL);
	expect_usage("--lua-memory", "needs a byte count", "rank", "d.lua",
	             "--lua-memory", "lots", (char *)NULL);
	expect_usage("--lua-memory", "1K is too small", "rank", "d.lua",
	             "--lua-memory", "1K", (char *)NULL);
	expect_usage("--lua-budget", "needs a whole number", "rank", "d.lua",
	             "--lua-budget", "-5", (char *)NULL);
	expect_usage("--color", "unknown value 'sometimes'", "rank", "d.lua",
	             "--color", "sometimes", (char *)NULL);
	expect_usage(NULL, "unexpected argument 'extra'", "rank", "d.lua",
	             "extra", (char *)NULL);
}

static void
test_cli_numeric_core_options(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "rank", "d.lua", "--normalize",
	                       "vector", "--weights=entropy", "-m", "topsis",
	                       "--critic-flip-cost", "--ri", "saaty",
	                       (char *)NULL),
	                 TDM_OK);
	assert_string_equal(cli.normalization, "vector");
	assert_string_equal(cli.weighting, "entropy");
	assert_string_equal(cli.method, "topsis");
	assert_string_equal(cli.ri_table, "saaty");
	assert_true(cli.critic_flip_cost);
	expect_usage("--normalize", "unknown normalisation 'zscore' (minmax, max",
	             "rank", "d.lua", "--normalize", "zscore", (char *)NULL);
	expect_usage("--weights", "unknown weighting 'magic' (direct, equal",
	             "rank", "d.lua", "--weights", "magic", (char *)NULL);
	expect_usage("--critic-flip-cost", "takes no value", "rank", "d.lua",
	             "--critic-flip-cost=yes", (char *)NULL);
	expect_usage("--ahp", "is for the weights command", "rank", "d.lua",
	             "--ahp", "p.csv", (char *)NULL);
}

static void
test_cli_weights_command(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "weights", "--ahp", "p.csv", "-f",
	                       "json", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_WEIGHTS);
	assert_string_equal(cli.ahp_csv, "p.csv");
	assert_null(cli.input);
	assert_int_equal(parse(&cli, NULL, "weights", "--method", "critic",
	                       "o.csv", "-c", "a:higher:1", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(parse(&cli, NULL, "weights", "d.lua", (char *)NULL),
	                 TDM_OK);
	expect_usage(NULL, "weights needs --ahp", "weights", (char *)NULL);
	expect_usage("--method", "need --method equal, entropy or critic",
	             "weights", "o.csv", "-c", "a:higher:1", (char *)NULL);
	expect_usage("-c", "need the criteria", "weights", "o.csv", "--method",
	             "entropy", (char *)NULL);
	expect_usage("--method", "unknown weighting for a CSV 'roc'", "weights",
	             "o.csv", "--method", "roc", "-c", "a:higher:1",
	             (char *)NULL);
	expect_usage("--method", "use --weights to override", "weights",
	             "d.lua", "--method", "entropy", (char *)NULL);
	expect_usage("--ahp", "takes the whole input", "weights", "--ahp",
	             "p.csv", "d.lua", (char *)NULL);
}

static void
test_cli_sensitivity_options(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "sensitivity", "d.lua", "--samples",
	                       "500", "--seed=7", "--spread", "20", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_SENSITIVITY);
	assert_int_equal(cli.samples, 500);
	assert_true(cli.seed == 7);
	assert_true(cli.has_seed);
	assert_near(cli.spread, 0.2, 1e-15);
	expect_usage("--samples", "from 1 to 100000000", "sensitivity", "d.lua",
	             "--samples", "0", (char *)NULL);
	expect_usage("--samples", "from 1 to 100000000", "sensitivity", "d.lua",
	             "--samples", "1e3", (char *)NULL);
	expect_usage("--seed", "needs a whole number >= 0", "sensitivity",
	             "d.lua", "--seed", "-1", (char *)NULL);
	expect_usage("--spread", "above 0 and below 100", "sensitivity", "d.lua",
	             "--spread", "100", (char *)NULL);
}

static void
test_cli_help_and_version(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "--help", (char *)NULL), TDM_OK);
	assert_true(cli.want_help);
	assert_int_equal(cli.cmd, TDM_CMD_NONE);
	assert_int_equal(parse(&cli, NULL, "rank", "-h", (char *)NULL), TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_RANK);
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_RANK), "Exit status:"));
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_NONE), "  4  I/O error"));
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_WEIGHTS), "--ahp FILE.csv"));
	assert_int_equal(parse(&cli, NULL, "--version", (char *)NULL), TDM_OK);
	assert_true(cli.want_version);
}

static void
test_cli_parse_size(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(tdm_cli_parse_size("64M", &n), 0);
	assert_int_equal(n, 64u << 20);
	assert_int_equal(tdm_cli_parse_size("100", &n), 0);
	assert_int_equal(n, 100);
	assert_int_equal(tdm_cli_parse_size("0", &n), -1);
	assert_int_equal(tdm_cli_parse_size("1T", &n), -1);
	assert_int_equal(tdm_cli_parse_size("-1", &n), -1);
}

static void
test_cli_saying_no_commands(void **state)
{
	tdm_cli cli;

	(void)state;
	assert_int_equal(parse(&cli, NULL, "explain", "d.lua", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_EXPLAIN);
	assert_int_equal(cli.n_names, 0);
	assert_int_equal(parse(&cli, NULL, "explain", "d.lua", "RabbitMQ", "-m",
	                       "topsis", "-f", "json", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.n_names, 1);
	assert_string_equal(cli.names[0], "RabbitMQ");
	assert_string_equal(cli.method, "topsis");
	assert_int_equal(cli.format, TDM_FORMAT_JSON);
	/* an option name that looks like a flag, after -- */
	assert_int_equal(parse(&cli, NULL, "explain", "o.csv", "-c",
	                       "a:higher:1", "--", "-x", (char *)NULL),
	                 TDM_OK);
	assert_string_equal(cli.names[0], "-x");
	assert_int_equal(parse(&cli, NULL, "compare", "d.lua", "A", "B", "-f",
	                       "md", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_COMPARE);
	assert_int_equal(cli.n_names, 2);
	assert_string_equal(cli.names[1], "B");
	assert_int_equal(cli.format, TDM_FORMAT_MD);
	assert_int_equal(parse(&cli, NULL, "record", "d.lua", (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.cmd, TDM_CMD_RECORD);
	assert_int_equal(parse(&cli, NULL, "rank", "d.lua", "-f", "md",
	                       (char *)NULL),
	                 TDM_OK);
	assert_int_equal(cli.format, TDM_FORMAT_MD);

	expect_usage("-f", "explain has no csv format; use json", "explain",
	             "d.lua", "-f", "csv", (char *)NULL);
	expect_usage("-f", "record has no json format; use md", "record",
	             "d.lua", "-f", "json", (char *)NULL);
	expect_usage("-f", "weights has no md format; use table, csv or json",
	             "weights", "d.lua", "-f", "md", (char *)NULL);
	expect_usage(NULL, "compare needs 2 option names", "compare", "d.lua",
	             "A", (char *)NULL);
	expect_usage(NULL, "unexpected argument 'C'", "compare", "d.lua", "A",
	             "B", "C", (char *)NULL);
	expect_usage(NULL, "unexpected argument 'B'", "explain", "d.lua", "A",
	             "B", (char *)NULL);
	expect_usage(NULL, "unexpected argument 'A'", "record", "d.lua", "A",
	             (char *)NULL);
	expect_usage(NULL, "unexpected argument 'A'", "rank", "d.lua", "A",
	             (char *)NULL);
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_EXPLAIN),
	                       "tradeoff explain DECISION.lua [OPTION]"));
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_COMPARE),
	                       "tradeoff compare DECISION.lua A B"));
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_RECORD), "MADR"));
	assert_non_null(strstr(tdm_cli_help(TDM_CMD_NONE), "  explain  "));
	assert_string_equal(tdm_cli_cmd_name(TDM_CMD_COMPARE), "compare");
}

static void
expect_find(const tdm_model *m, const char *name, const char *want)
{
	size_t o = 99;
	tdm_error err;

	if (tdm_cli_find_option(m, name, &o, &err) != TDM_OK)
		fail_msg("'%s': %s", name, err.message);
	assert_string_equal(m->options[o].name, want);
}

static void
expect_not_found(const tdm_model *m, const char *name, const char *substring)
{
	size_t o = 99;
	tdm_error err;

	assert_int_equal(tdm_cli_find_option(m, name, &o, &err), TDM_USAGE);
	assert_int_equal(o, 99);
	if (strstr(err.message, substring) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, substring);
}

static void
test_cli_find_option(void **state)
{
	static const char *const names[] = {"Kafka", "RabbitMQ", "Redis Streams",
	                                    "redis", "NATS", "nats-js"};
	tdm_model *m = tdm_model_new();
	size_t i, o;
	char big[64];

	(void)state;
	assert_non_null(m);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_int_equal(tdm_model_add_option(m, names[i], -1, 0, &o, NULL),
		                 TDM_OK);
	expect_find(m, "Kafka", "Kafka");
	expect_find(m, "kafka", "Kafka");          /* case */
	expect_find(m, "KAFKA", "Kafka");
	expect_find(m, "Rab", "RabbitMQ");         /* prefix */
	expect_find(m, "rabbit", "RabbitMQ");      /* prefix, any case */
	expect_find(m, "redis", "redis");          /* exact beats prefix */
	expect_find(m, "Redis", "redis");          /* any case beats prefix */
	expect_find(m, "Redis ", "Redis Streams"); /* prefix */
	expect_find(m, "NATS", "NATS");
	expect_find(m, "nats", "NATS");            /* any case beats prefix */
	expect_find(m, "nats-", "nats-js");
	expect_not_found(m, "R", "option name 'R' is ambiguous: RabbitMQ, "
	                         "Redis Streams");
	expect_find(m, "re", "redis");             /* prefix, with case */
	expect_not_found(m, "RE", "option name 'RE' is ambiguous: Redis "
	                          "Streams, redis");
	expect_not_found(m, "Pulsar", "no option named 'Pulsar'; the options "
	                              "are: Kafka, RabbitMQ, Redis Streams, "
	                              "redis, NATS, nats-js");
	expect_not_found(m, "", "no option named ''");
	/* a long list is cut, and says how many are left out */
	for (i = 0; i < 100; i++) {
		snprintf(big, sizeof big, "option number %zu with a long name", i);
		assert_int_equal(tdm_model_add_option(m, big, -1, 0, &o, NULL),
		                 TDM_OK);
	}
	expect_not_found(m, "zzz", " more");
	expect_not_found(m, "option", "is ambiguous: option number 0 with a");
	tdm_model_free(m);

	m = tdm_model_new();
	expect_not_found(m, "x", "the decision has no options");
	tdm_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_rank_decision_with_flags),
		cmocka_unit_test(test_cli_quick_mode_criteria),
		cmocka_unit_test(test_cli_usage_errors),
		cmocka_unit_test(test_cli_numeric_core_options),
		cmocka_unit_test(test_cli_weights_command),
		cmocka_unit_test(test_cli_sensitivity_options),
		cmocka_unit_test(test_cli_help_and_version),
		cmocka_unit_test(test_cli_parse_size),
		cmocka_unit_test(test_cli_saying_no_commands),
		cmocka_unit_test(test_cli_find_option),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
