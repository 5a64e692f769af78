/*
 * harness.c -- the fuzz target bodies (see harness.h). Each copies the
 * input into a NUL-terminated buffer where the API wants a string, drives
 * one input surface and frees everything it made.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "repl.h"
#include "tdm.h"

#define FUZZ_MEMORY ((size_t)8 << 20)
#define FUZZ_BUDGET 200000LL

static int
discard(void *ud, const char *buf, size_t len)
{
	(void)ud;
	(void)buf;
	(void)len;
	return 0;
}

static void
quiet(void *ud, const char *source, long line, const char *msg)
{
	(void)ud;
	(void)source;
	(void)line;
	(void)msg;
}

static char *
dup_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Evaluate m and render the result in every format into the discard
 * writer; errors are expected and ignored. */
static void
evaluate_and_render(const tdm_model *m, const tdm_hooks *hooks)
{
	static const tdm_format formats[] = {
		TDM_FORMAT_TABLE, TDM_FORMAT_CSV, TDM_FORMAT_JSON, TDM_FORMAT_MD
	};
	tdm_result *r = NULL;
	tdm_error err;
	size_t i;

	if (tdm_evaluate(m, hooks, NULL, &r, &err) != TDM_OK || r == NULL) {
		tdm_result_free(r);
		return;
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		tdm_render_spec spec;

		memset(&spec, 0, sizeof spec);
		spec.format = formats[i];
		spec.width = 80;
		(void)tdm_render(r, &spec, discard, NULL, &err);
	}
	tdm_result_free(r);
}

int
tdm_fuzz_csv(const uint8_t *data, size_t size)
{
	tdm_model *m = tdm_model_new();
	tdm_csv_config cfg;
	tdm_hooks hooks;
	tdm_error err;
	size_t a, o;

	if (m == NULL)
		return 0;
	memset(&cfg, 0, sizeof cfg);
	cfg.max_field = 4096;
	if (tdm_csv_load_options_buffer(m, "fuzz.csv", (const char *)data, size,
	                                &cfg, &err) != TDM_OK)
		goto out;
	/* the first attribute that some option holds a number in */
	for (a = 0; a < m->n_attrs; a++) {
		for (o = 0; o < m->n_options; o++) {
			const tdm_option *op = &m->options[o];

			if (a < op->n_values && op->values[a].type == TDM_VAL_NUMBER)
				break;
		}
		if (o < m->n_options)
			break;
	}
	if (a < m->n_attrs) {
		tdm_criterion *c = NULL;

		if (tdm_model_add_criterion(m, m->attrs[a], -1, 0, &c, &err) != TDM_OK)
			goto out;
		c->weight = 1;
		c->has_weight = 1;
	}
	memset(&hooks, 0, sizeof hooks);
	evaluate_and_render(m, &hooks);
out:
	tdm_model_free(m);
	return 0;
}

int
tdm_fuzz_decl(const uint8_t *data, size_t size)
{
	tdm_lua_limits limits;
	tdm_decl *d;
	tdm_model *m;
	tdm_error err;

	memset(&limits, 0, sizeof limits);
	limits.memory = FUZZ_MEMORY;
	limits.budget = FUZZ_BUDGET;
	d = tdm_decl_new(&limits, quiet, NULL);
	m = tdm_model_new();
	if (d == NULL || m == NULL)
		goto out;
	/* a name in a directory that does not exist: relative `options`
	 * paths resolve there and fail to open */
	if (tdm_decl_load_buffer(d, "/nonexistent-fuzz-dir/fuzz.lua",
	                         (const char *)data, size, m, &err) == TDM_OK) {
		tdm_hooks hooks = tdm_decl_hooks(d);

		evaluate_and_render(m, &hooks);
	}
out:
	tdm_model_free(m);
	tdm_decl_free(d);
	return 0;
}

/* The fixed session the REPL target runs lines against. */
static const char *const session_lines[] = {
	"criterion \"cost\" { better = \"lower\", weight = 2 }",
	"criterion \"speed\" { weight = 1, must = \">= 1\" }",
	"criterion \"tier\" { levels = { low = 0, high = 1 }, weight = 1 }",
	"option \"A\" { cost = 10, speed = 5, tier = \"low\" }",
	"option \"B\" { cost = 20, speed = 9, tier = \"high\" }",
	"option \"C\" { cost = 15, speed = 0.5, tier = \"high\" }",
	NULL
};

/* Commands that touch files: never run from the target. */
static int
touches_files(const char *name)
{
	return strcmp(name, "load") == 0 || strcmp(name, "save") == 0 ||
	       strcmp(name, "export") == 0;
}

int
tdm_fuzz_repl(const uint8_t *data, size_t size)
{
	char *line = dup_text(data, size);
	char **words = NULL;
	size_t n = 0, i;
	const char *name = NULL, *p;
	tdm_repl_config cfg;
	tdm_repl *r = NULL;
	tdm_error err;
	int run = 0;

	if (line == NULL)
		return 0;
	/* one line: the loop never hands the REPL an embedded NUL or newline */
	line[strcspn(line, "\n")] = '\0';
	if (tdm_repl_tokenize(line, &words, &n, &err) == TDM_OK) {
		if (n > 0)
			name = tdm_repl_find_command(words[0], &err);
		tdm_repl_free_words(words);
	}
	/* as tdm_repl_exec decides: blanks skipped, then Lua or a command */
	p = line;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (tdm_repl_is_lua(p))
		run = name == NULL || !touches_files(name);
	else
		run = name != NULL && !touches_files(name);
	if (!run)
		goto out;

	memset(&cfg, 0, sizeof cfg);
	cfg.out = discard;
	cfg.err = discard;
	cfg.source = "fuzz";
	cfg.limits.memory = FUZZ_MEMORY;
	cfg.limits.budget = FUZZ_BUDGET;
	cfg.width = 80;
	if ((r = tdm_repl_new(&cfg)) == NULL)
		goto out;
	r->no_continue = 1;
	for (i = 0; session_lines[i] != NULL; i++)
		(void)tdm_repl_exec(r, session_lines[i], (long)i + 1);
	(void)tdm_repl_exec(r, line, 100);
	tdm_repl_free(r);
out:
	free(line);
	return 0;
}

int
tdm_fuzz_must(const uint8_t *data, size_t size)
{
	char *text = dup_text(data, size);
	tdm_cmp_op op;
	tdm_value v;
	tdm_error err;

	if (text == NULL)
		return 0;
	memset(&v, 0, sizeof v);
	if (tdm_must_parse(text, &op, &v, &err) == TDM_OK) {
		(void)tdm_cmp_op_name(op);
		tdm_value_free(&v);
	}
	free(text);
	return 0;
}
