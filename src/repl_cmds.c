/*
 * repl_cmds.c -- the REPL's commands: one const table of name, argument
 * counts, usage, help and handler, and the handlers.
 *
 * Every handler calls the same engine functions and renderers as the
 * command line. Handlers that change the decision work on a copy of the
 * model and hand it to tdm__repl_commit, so every change can be undone
 * and a failed one changes nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repl.h"

#define USAGE(...) tdm_error_set(err, TDM_USAGE, NULL, 0, 0, __VA_ARGS__)
#define NOMEM() tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory")

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
eq_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* A criterion by the name typed: exact, then ignoring case, then a unique
 * prefix (case-sensitive, then not), as tdm_cli_find_option does for
 * options. */
static tdm_status
find_criterion(const tdm_model *m, const char *name, size_t *out,
               tdm_error *err)
{
	size_t len = strlen(name), c, hits, found = 0, n;
	char list[400];
	int how;

	for (c = 0; c < m->n_criteria; c++)
		if (strcmp(m->criteria[c].name, name) == 0) {
			*out = c;
			return TDM_OK;
		}
	for (how = 0; how < 3 && len > 0; how++) {
		hits = 0;
		list[0] = '\0';
		for (c = 0; c < m->n_criteria; c++) {
			const char *cn = m->criteria[c].name;
			size_t k = strlen(cn);
			int ok = how == 0   ? k == len && eq_ci(cn, name, len)
			         : how == 1 ? k > len && strncmp(cn, name, len) == 0
			                    : k > len && eq_ci(cn, name, len);
			if (!ok)
				continue;
			if (hits++ == 0)
				found = c;
			n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", hits > 1 ? ", " : "",
			         cn);
		}
		if (hits == 1) {
			*out = found;
			return TDM_OK;
		}
		if (hits > 1)
			return USAGE("criterion name '%.100s' is ambiguous: %s", name,
			             list);
	}
	list[0] = '\0';
	for (c = 0; c < m->n_criteria; c++) {
		n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", c ? ", " : "",
		         m->criteria[c].name);
	}
	if (m->n_criteria == 0)
		return USAGE("no criterion named '%.100s': the decision has no "
		             "criteria",
		             name);
	return USAGE("no criterion named '%.100s'; the criteria are: %s", name,
	             list);
}

static tdm_status
parse_weight(const char *s, double *w, tdm_error *err)
{
	if (tdm_parse_number(s, strlen(s), w) != 1 || !isfinite(*w) || *w < 0)
		return USAGE("a weight must be a number >= 0, not '%.60s'", s);
	return TDM_OK;
}

static tdm_status
apply_weight(tdm_model *m, const char *crit, const char *value,
             tdm_error *err)
{
	size_t c;
	double w;
	tdm_status s;

	if ((s = find_criterion(m, crit, &c, err)) != TDM_OK ||
	    (s = parse_weight(value, &w, err)) != TDM_OK)
		return s;
	m->criteria[c].weight = w;
	m->criteria[c].has_weight = 1;
	return TDM_OK;
}

/* set OPTION ATTRIBUTE VALUE on m. The attribute is a criterion (by the
 * usual name matching) or, exactly, another attribute (one a score
 * function reads). A criterion with levels takes a level name; otherwise
 * a number, true/false, or text. */
static tdm_status
apply_set(tdm_model *m, const char *opt, const char *attr, const char *text,
          tdm_error *err)
{
	size_t o, c, i;
	long a;
	tdm_value v;
	tdm_status s;
	double x;
	int rc;

	if ((s = tdm_cli_find_option(m, opt, &o, err)) != TDM_OK)
		return s;
	memset(&v, 0, sizeof v);
	if ((a = tdm_model_find_attr(m, attr)) >= 0 &&
	    tdm_model_find_criterion(m, attr) < 0) {
		c = (size_t)-1;
	} else {
		if ((s = find_criterion(m, attr, &c, err)) != TDM_OK)
			return s;
		if ((a = tdm_model_attr(m, m->criteria[c].name, 1)) < 0)
			return NOMEM();
	}
	if (c != (size_t)-1 && m->criteria[c].n_levels > 0) {
		const tdm_criterion *cr = &m->criteria[c];
		char list[300];
		size_t n;
		for (i = 0; i < cr->n_levels; i++)
			if (strcmp(cr->levels[i].name, text) == 0)
				break;
		if (i == cr->n_levels)
			for (i = 0; i < cr->n_levels; i++)
				if (strlen(cr->levels[i].name) == strlen(text) &&
				    eq_ci(cr->levels[i].name, text, strlen(text)))
					break;
		if (i == cr->n_levels) {
			list[0] = '\0';
			for (i = 0; i < cr->n_levels; i++) {
				n = strlen(list);
				snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
				         cr->levels[i].name);
			}
			return USAGE("'%.60s' is not a level of %s (%s)", text, cr->name,
			             list);
		}
		v.type = TDM_VAL_STRING;
		v.as.str = cr->levels[i].name; /* copied by set_value */
	} else if ((rc = tdm_parse_number(text, strlen(text), &x)) != 0) {
		if (rc < 0)
			return USAGE("'%.60s' is out of range", text);
		v.type = TDM_VAL_NUMBER;
		v.as.num = x;
	} else if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
		v.type = TDM_VAL_BOOL;
		v.as.boolean = text[0] == 't';
	} else {
		v.type = TDM_VAL_STRING;
		v.as.str = (char *)(uintptr_t)text;
	}
	return tdm_model_set_value(m, o, (size_t)a, &v, err);
}

static tdm_status
print_result(tdm_repl *r, const tdm_result *res, tdm_format f,
             tdm_write_fn w, void *ud, tdm_error *err)
{
	tdm_render_spec spec = tdm__repl_spec(r, f);

	return tdm_render(res, &spec, w, ud, err);
}

/* ------------------------------------------------------------------------
 * Handlers
 * --------------------------------------------------------------------- */

static tdm_status
cmd_load(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_status s;

	(void)argc;
	if ((s = tdm_repl_load(r, argv[0], err)) != TDM_OK)
		return s;
	if (r->cfg.interactive)
		return tdm__repl_print(r, err, "%s: %zu criteria, %zu options\n",
		                       argv[0], r->model->n_criteria,
		                       r->model->n_options);
	return TDM_OK;
}

static tdm_status
cmd_criteria(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	const tdm_model *m = r->model;
	tdm_result *res = NULL;
	size_t c, width = 9;
	tdm_status s;
	char num[40];

	(void)argc, (void)argv;
	if (m->n_criteria == 0)
		return tdm__repl_print(r, err, "no criteria\n");
	/* the normalised weights, when the decision evaluates */
	if (tdm__repl_evaluate(r, m, NULL, &res, NULL) != TDM_OK)
		res = NULL;
	for (c = 0; c < m->n_criteria; c++)
		if (strlen(m->criteria[c].name) > width)
			width = strlen(m->criteria[c].name);
	s = tdm__repl_print(r, err, "%-*s  %8s  %6s  %-6s  %s\n", (int)width,
	                    "criterion", "weight", "share", "better", "notes");
	for (c = 0; c < m->n_criteria && s == TDM_OK; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		char notes[512];
		size_t n = 0;
		notes[0] = '\0';
		if (cr->unit)
			n += (size_t)snprintf(notes + n, sizeof notes - n, "%s; ",
			                      cr->unit);
		if (cr->n_levels)
			n += (size_t)snprintf(notes + n, sizeof notes - n, "levels; ");
		if (cr->score_fn)
			n += (size_t)snprintf(notes + n, sizeof notes - n,
			                      "score function; ");
		if (cr->must.is_set && n < sizeof notes)
			n += (size_t)snprintf(notes + n, sizeof notes - n, "must %s; ",
			                      cr->must.fn ? "(function)"
			                                  : cr->must.text);
		if (n >= 2 && n < sizeof notes)
			notes[n - 2] = '\0';
		if (cr->has_weight)
			tdm_format_number(cr->weight, num, sizeof num);
		else
			snprintf(num, sizeof num, "-");
		if (res != NULL)
			s = tdm__repl_print(r, err, "%-*s  %8s  %6.3f  %-6s  %s\n",
			                    (int)width, cr->name, num, res->weights[c],
			                    cr->better == TDM_BETTER_LOWER ? "lower"
			                                                   : "higher",
			                    notes);
		else
			s = tdm__repl_print(r, err, "%-*s  %8s  %6s  %-6s  %s\n",
			                    (int)width, cr->name, num, "-",
			                    cr->better == TDM_BETTER_LOWER ? "lower"
			                                                   : "higher",
			                    notes);
	}
	tdm_result_free(res);
	return s;
}

static tdm_status
cmd_options(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	const tdm_model *m = r->model;
	tdm_result *res = NULL;
	size_t o, width = 6;
	tdm_status s;

	(void)argc, (void)argv;
	if (m->n_options == 0)
		return tdm__repl_print(r, err, "no options\n");
	if (tdm__repl_evaluate(r, m, NULL, &res, NULL) != TDM_OK)
		res = NULL;
	for (o = 0; o < m->n_options; o++)
		if (strlen(m->options[o].name) > width)
			width = strlen(m->options[o].name);
	s = tdm__repl_print(r, err, "%-*s  %4s  %s\n", (int)width, "option",
	                    "rank", "verdict");
	for (o = 0; o < m->n_options && s == TDM_OK; o++) {
		char rank[24] = "-";
		const char *verdict = "-";
		if (res != NULL) {
			if (res->options[o].rank > 0)
				snprintf(rank, sizeof rank, "%ld", res->options[o].rank);
			verdict = tdm_verdict_name(res->options[o].verdict);
		}
		s = tdm__repl_print(r, err, "%-*s  %4s  %s\n", (int)width,
		                    m->options[o].name, rank, verdict);
	}
	tdm_result_free(res);
	return s;
}

static tdm_status
cmd_show(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	const tdm_model *m = r->model;
	tdm_result *res = NULL;
	size_t o, a, i, width = 5;
	tdm_status s;
	char buf[512];

	(void)argc;
	if ((s = tdm_cli_find_option(m, argv[0], &o, err)) != TDM_OK)
		return s;
	for (a = 0; a < m->n_attrs; a++)
		if (strlen(m->attrs[a]) > width)
			width = strlen(m->attrs[a]);
	s = tdm__repl_print(r, err, "%s\n", m->options[o].name);
	for (a = 0; a < m->n_attrs && s == TDM_OK; a++) {
		const tdm_value *v = tdm_model_value(m, o, (long)a);
		if (v->type == TDM_VAL_MISSING)
			continue;
		s = tdm__repl_print(r, err, "  %-*s  %s\n", (int)width, m->attrs[a],
		                    tdm_value_format(v, buf, sizeof buf));
	}
	if (s != TDM_OK || tdm__repl_evaluate(r, m, NULL, &res, NULL) != TDM_OK) {
		tdm_result_free(res);
		return s;
	}
	if (res->options[o].rank > 0)
		s = tdm__repl_print(r, err, "  rank %ld of %zu, score %.4f, %s\n",
		                    res->options[o].rank, res->n_ranked,
		                    res->options[o].score,
		                    tdm_verdict_name(res->options[o].verdict));
	else
		s = tdm__repl_print(r, err, "  not ranked: %s\n",
		                    tdm_verdict_name(res->options[o].verdict));
	for (i = 0; i < res->options[o].n_reasons && s == TDM_OK; i++)
		s = tdm__repl_print(r, err, "  - %s\n",
		                    tdm_reason_format(res, &res->options[o].reasons[i],
		                                      buf, sizeof buf));
	tdm_result_free(res);
	return s;
}

static tdm_status
check_method(const char *name, tdm_error *err)
{
	const char *const *names = tdm_method_names();
	char list[256];
	size_t i, n;

	list[0] = '\0';
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) == 0)
			return TDM_OK;
		n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", names[i]);
	}
	return USAGE("unknown method '%.60s' (%s)", name, list);
}

static int
write_out(void *ud, const char *buf, size_t len)
{
	tdm_repl *r = ud;

	return r->cfg.out(r->cfg.out_ud, buf, len);
}

static tdm_status
cmd_rank(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_result *res = NULL;
	tdm_status s;

	if (argc > 0 && (s = check_method(argv[0], err)) != TDM_OK)
		return s;
	if ((s = tdm__repl_evaluate(r, r->model, argc ? argv[0] : NULL, &res,
	                            err)) == TDM_OK)
		s = print_result(r, res, TDM_FORMAT_TABLE, write_out, r, err);
	tdm_result_free(res);
	return s;
}

static tdm_status
cmd_method(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_model *next;
	tdm_status s;

	if (argc == 0)
		return tdm__repl_print(r, err, "%s\n",
		                       r->model->method ? r->model->method : "wsm");
	if ((s = check_method(argv[0], err)) != TDM_OK)
		return s;
	if ((next = tdm_model_clone(r->model)) == NULL)
		return NOMEM();
	if ((s = tdm_model_set_text(next, &next->method, argv[0], err)) !=
	    TDM_OK) {
		tdm_model_free(next);
		return s;
	}
	return tdm__repl_commit(r, next, NULL, err);
}

static tdm_status
cmd_weight(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_model *next = tdm_model_clone(r->model);
	tdm_status s;

	(void)argc;
	if (next == NULL)
		return NOMEM();
	if ((s = apply_weight(next, argv[0], argv[1], err)) != TDM_OK) {
		tdm_model_free(next);
		return s;
	}
	return tdm__repl_commit(r, next, NULL, err);
}

static tdm_status
cmd_set(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_model *next = tdm_model_clone(r->model);
	tdm_status s;

	(void)argc;
	if (next == NULL)
		return NOMEM();
	if ((s = apply_set(next, argv[0], argv[1], argv[2], err)) != TDM_OK) {
		tdm_model_free(next);
		return s;
	}
	return tdm__repl_commit(r, next, NULL, err);
}

static tdm_status
cmd_drop(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_model *next;
	tdm_option *op;
	size_t o, i;
	tdm_status s;

	(void)argc;
	if ((s = tdm_cli_find_option(r->model, argv[0], &o, err)) != TDM_OK)
		return s;
	if ((next = tdm_model_clone(r->model)) == NULL)
		return NOMEM();
	op = &next->options[o];
	free(op->name);
	for (i = 0; i < op->n_values; i++)
		tdm_value_free(&op->values[i]);
	free(op->values);
	memmove(op, op + 1, (next->n_options - o - 1) * sizeof *op);
	next->n_options--;
	return tdm__repl_commit(r, next, NULL, err);
}

static tdm_status
cmd_why(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_result *res = NULL;
	tdm_explanation *e = NULL;
	tdm_hooks hooks = tdm_decl_hooks(r->decl);
	tdm_render_spec spec = tdm__repl_spec(r, TDM_FORMAT_TABLE);
	const char *name = argv[0];
	size_t o;
	tdm_status s;

	if (argc == 2) {
		if (strcmp(argv[0], "not") != 0)
			return USAGE("usage: why OPTION | why not OPTION");
		name = argv[1];
	}
	if ((s = tdm_cli_find_option(r->model, name, &o, err)) != TDM_OK ||
	    (s = tdm__repl_evaluate(r, r->model, NULL, &res, err)) != TDM_OK)
		goto out;
	if ((s = tdm_explain(r->model, &hooks, res, o, &e, err)) == TDM_OK)
		s = tdm_render_explanation(res, e, &spec, write_out, r, err);
out:
	tdm_explanation_free(e);
	tdm_result_free(res);
	return s;
}

static tdm_status
cmd_compare(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_result *res = NULL;
	tdm_comparison *c = NULL;
	tdm_render_spec spec = tdm__repl_spec(r, TDM_FORMAT_TABLE);
	size_t a, b;
	tdm_status s;

	(void)argc;
	if ((s = tdm_cli_find_option(r->model, argv[0], &a, err)) != TDM_OK ||
	    (s = tdm_cli_find_option(r->model, argv[1], &b, err)) != TDM_OK ||
	    (s = tdm__repl_evaluate(r, r->model, NULL, &res, err)) != TDM_OK)
		goto out;
	if ((s = tdm_compare(r->model, res, a, b, &c, err)) == TDM_OK)
		s = tdm_render_comparison(res, c, &spec, write_out, r, err);
out:
	tdm_comparison_free(c);
	tdm_result_free(res);
	return s;
}

/* The ranking of `after` beside that of `before`: each option of the new
 * ranking with its old rank and how far it moved. */
static tdm_status
print_whatif(tdm_repl *r, const tdm_result *before, const tdm_result *after,
             tdm_error *err)
{
	size_t i, o, width = 6;
	tdm_status s;
	const tdm_model *m = after->model;

	for (o = 0; o < m->n_options; o++)
		if (strlen(m->options[o].name) > width)
			width = strlen(m->options[o].name);
	if (after->n_ranked > 0 && before->n_ranked > 0) {
		size_t w0 = before->order[0], w1 = after->order[0];
		if (strcmp(before->model->options[w0].name, m->options[w1].name) == 0)
			s = tdm__repl_print(r, err, "winner stays: %s\n",
			                    m->options[w1].name);
		else
			s = tdm__repl_print(r, err, "winner changes: %s -> %s\n",
			                    before->model->options[w0].name,
			                    m->options[w1].name);
		if (s != TDM_OK)
			return s;
	}
	s = tdm__repl_print(r, err, "%4s  %-*s  %8s  %4s  %8s  %s\n", "new",
	                    (int)width, "option", "score", "now", "score", "move");
	for (i = 0; i < after->n_options && s == TDM_OK; i++) {
		const tdm_option_result *na, *nb = NULL;
		char rank_a[24] = "-", rank_b[24] = "-", sa[32] = "-", sb[32] = "-";
		char move[32] = "";
		long ob;
		o = after->order[i];
		na = &after->options[o];
		ob = tdm_model_find_option(before->model, m->options[o].name);
		if (ob >= 0 && (size_t)ob < before->n_options)
			nb = &before->options[ob];
		if (na->rank > 0) {
			snprintf(rank_a, sizeof rank_a, "%ld", na->rank);
			snprintf(sa, sizeof sa, "%.4f", na->score);
		}
		if (nb != NULL && nb->rank > 0) {
			snprintf(rank_b, sizeof rank_b, "%ld", nb->rank);
			snprintf(sb, sizeof sb, "%.4f", nb->score);
		}
		if (na->rank > 0 && nb != NULL && nb->rank > 0) {
			long d = nb->rank - na->rank;
			if (d > 0)
				snprintf(move, sizeof move, "\xe2\x86\x91 +%ld", d);
			else if (d < 0)
				snprintf(move, sizeof move, "\xe2\x86\x93 %ld", d);
			else
				snprintf(move, sizeof move, "=");
		} else if (na->rank > 0) {
			snprintf(move, sizeof move, "in");
		} else if (nb != NULL && nb->rank > 0) {
			snprintf(move, sizeof move, "out (%s)",
			         tdm_verdict_name(na->verdict));
		} else {
			snprintf(move, sizeof move, "(%s)", tdm_verdict_name(na->verdict));
		}
		s = tdm__repl_print(r, err, "%4s  %-*s  %8s  %4s  %8s  %s\n", rank_a,
		                    (int)width, m->options[o].name, sa, rank_b, sb,
		                    move);
	}
	return s;
}

static tdm_status
cmd_whatif(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_model *copy = NULL;
	tdm_result *before = NULL, *after = NULL;
	tdm_status s;

	if (strcmp(argv[0], "weight") == 0 && argc == 3) {
		if ((copy = tdm_model_clone(r->model)) == NULL)
			return NOMEM();
		s = apply_weight(copy, argv[1], argv[2], err);
	} else if (strcmp(argv[0], "set") == 0 && argc == 4) {
		if ((copy = tdm_model_clone(r->model)) == NULL)
			return NOMEM();
		s = apply_set(copy, argv[1], argv[2], argv[3], err);
	} else {
		return USAGE("usage: whatif weight CRITERION W | whatif set OPTION "
		             "CRITERION VALUE");
	}
	if (s == TDM_OK &&
	    (s = tdm__repl_evaluate(r, r->model, NULL, &before, err)) == TDM_OK &&
	    (s = tdm__repl_evaluate(r, copy, NULL, &after, err)) == TDM_OK)
		s = print_whatif(r, before, after, err);
	tdm_result_free(before);
	tdm_result_free(after);
	tdm_model_free(copy);
	return s;
}

static tdm_status
cmd_sensitivity(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_acceptability_config acfg = {0, 0, 0};
	tdm_hooks hooks = tdm_decl_hooks(r->decl);
	tdm_render_spec spec = tdm__repl_spec(r, TDM_FORMAT_TABLE);
	tdm_result *res = NULL;
	tdm_sensitivity *sens = NULL;
	tdm_acceptability *acc = NULL;
	tdm_agreement *agr = NULL;
	tdm_stakeholder_report *stk = NULL;
	tdm_missing_report *mis = NULL;
	tdm_how_sure h;
	const tdm_model *m = r->model;
	tdm_status s;

	(void)argc, (void)argv;
	if ((s = tdm__repl_evaluate(r, m, NULL, &res, err)) != TDM_OK)
		goto out;
	if (res->n_ranked == 0) {
		s = tdm_error_set(err, TDM_DATA, NULL, 0, 0,
		                  "no option passes every guardrail: nothing to be "
		                  "sure about");
		goto out;
	}
	if ((s = tdm_sensitivity_weights(m, &hooks, res, &sens, err)) != TDM_OK ||
	    (s = tdm_acceptability_compute_top(m, &hooks, res, &acfg,
	                                       TDM_ACCEPTABILITY_SHOWN_RANKS,
	                                       &acc, err)) != TDM_OK ||
	    (s = tdm_method_agreement(m, &hooks, res, &agr, err)) != TDM_OK ||
	    (s = tdm_stakeholders_analyse(m, &hooks, res, &stk, err)) != TDM_OK ||
	    (s = tdm_missing_analyse(m, &hooks, res, &mis, err)) != TDM_OK)
		goto out;
	h.weights = sens;
	h.acceptability = acc;
	h.agreement = agr;
	h.stakeholders = stk;
	h.missing = mis;
	s = tdm_render_how_sure(res, &h, &spec, write_out, r, err);
out:
	tdm_sensitivity_free(sens);
	tdm_acceptability_free(acc);
	tdm_agreement_free(agr);
	tdm_stakeholder_report_free(stk);
	tdm_missing_report_free(mis);
	tdm_result_free(res);
	return s;
}

/* The options that pass the guardrails and that no other option
 * dominates: the result's dominance reasons say which do. */
static tdm_status
cmd_pareto(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	tdm_result *res = NULL;
	size_t i, k, n_front = 0;
	tdm_status s;
	char buf[512];

	(void)argc, (void)argv;
	if ((s = tdm__repl_evaluate(r, r->model, NULL, &res, err)) != TDM_OK)
		return s;
	if (!res->dominance_checked) {
		s = USAGE("too many options to check dominance");
		goto out;
	}
	for (i = 0; i < res->n_options; i++) {
		const tdm_option_result *or = &res->options[i];
		int dominated = 0;
		if (or->verdict == TDM_VERDICT_REJECTED)
			continue;
		for (k = 0; k < or->n_reasons; k++)
			dominated |= or->reasons[k].kind == TDM_REASON_DOMINATED;
		n_front += !dominated;
	}
	s = tdm__repl_print(r, err,
	                    "Pareto front: %zu option%s that no other option "
	                    "dominates\n",
	                    n_front, n_front == 1 ? "" : "s");
	for (i = 0; i < res->n_options && s == TDM_OK; i++) {
		size_t o = res->order[i];
		const tdm_option_result *or = &res->options[o];
		int dominated = 0;
		if (or->verdict == TDM_VERDICT_REJECTED)
			continue;
		for (k = 0; k < or->n_reasons; k++)
			dominated |= or->reasons[k].kind == TDM_REASON_DOMINATED;
		if (!dominated)
			s = tdm__repl_print(r, err, "  %s\n", r->model->options[o].name);
	}
	for (i = 0; i < res->n_options && s == TDM_OK; i++) {
		size_t o = res->order[i];
		const tdm_option_result *or = &res->options[o];
		for (k = 0; k < or->n_reasons && s == TDM_OK; k++)
			if (or->reasons[k].kind == TDM_REASON_DOMINATED)
				s = tdm__repl_print(
					r, err, "not on it: %s: %s\n", r->model->options[o].name,
					tdm_reason_format(res, &or->reasons[k], buf, sizeof buf));
	}
out:
	tdm_result_free(res);
	return s;
}

static tdm_status
cmd_undo(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	(void)argc, (void)argv;
	return tdm__repl_undo(r, 0, err);
}

static tdm_status
cmd_redo(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	(void)argc, (void)argv;
	return tdm__repl_undo(r, 1, err);
}

static tdm_status
produce_lua(tdm_write_fn write, void *wud, void *ctx, tdm_error *err)
{
	return tdm_model_write_lua(ctx, write, wud, err);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static tdm_status
cmd_save(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	(void)argc;
	if (!ends_with(argv[0], ".lua"))
		return USAGE("save writes a decision file: name it FILE.lua");
	if (r->model->n_criteria == 0)
		return USAGE("nothing to save: no criteria");
	return tdm_write_file_atomic(argv[0], produce_lua, r->model, err);
}

struct export_ctx {
	tdm_repl *r;
	const tdm_result *res;
	tdm_format format;
};

static tdm_status
produce_export(tdm_write_fn write, void *wud, void *ctx, tdm_error *err)
{
	struct export_ctx *x = ctx;
	tdm_render_spec spec = tdm__repl_spec(x->r, x->format);

	spec.use_color = 0;
	return tdm_render(x->res, &spec, write, wud, err);
}

static tdm_status
cmd_export(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	struct export_ctx x;
	tdm_result *res = NULL;
	int f = tdm_format_from_name(argv[0]);
	tdm_status s;

	(void)argc;
	if (f != TDM_FORMAT_MD && f != TDM_FORMAT_CSV && f != TDM_FORMAT_JSON)
		return USAGE("export writes md, csv or json, not '%.40s'", argv[0]);
	if ((s = tdm__repl_evaluate(r, r->model, NULL, &res, err)) != TDM_OK)
		return s;
	x.r = r;
	x.res = res;
	x.format = (tdm_format)f;
	s = tdm_write_file_atomic(argv[1], produce_export, &x, err);
	tdm_result_free(res);
	return s;
}

static tdm_status cmd_help(tdm_repl *r, size_t argc, char **argv,
                           tdm_error *err);

static tdm_status
cmd_quit(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	(void)argc, (void)argv, (void)err;
	r->quit = 1;
	return TDM_OK;
}

/* The commands. Help and `doc/repl.md` read from here. */
const tdm__repl_command tdm__repl_commands[] = {
	{"load", 1, 1, "load FILE.lua",
	 "Load a decision file in place of the current decision.", cmd_load},
	{"criteria", 0, 0, "criteria",
	 "List the criteria: weight as given, share (normalised), direction, "
	 "unit, levels, score function, guardrail.",
	 cmd_criteria},
	{"options", 0, 0, "options",
	 "List the options with their rank and verdict.", cmd_options},
	{"show", 1, 1, "show OPTION",
	 "An option's values, rank, score and the reasons it is not ranked.",
	 cmd_show},
	{"rank", 0, 1, "rank [METHOD]",
	 "Rank the options (with METHOD for this once).", cmd_rank},
	{"method", 0, 1, "method [METHOD]",
	 "Show or change the scoring method of the decision.", cmd_method},
	{"weight", 2, 2, "weight CRITERION W",
	 "Change a criterion's weight (a number >= 0; weights are normalised).",
	 cmd_weight},
	{"set", 3, 3, "set OPTION CRITERION VALUE",
	 "Change one value of an option: a number, true/false, text, or for a "
	 "criterion with levels a level name. Any attribute a score function "
	 "reads can be set by its exact name.",
	 cmd_set},
	{"drop", 1, 1, "drop OPTION", "Remove an option from the decision.",
	 cmd_drop},
	{"why", 1, 2, "why OPTION | why not OPTION",
	 "Why an option wins, or why it is not chosen and what would make it "
	 "win.",
	 cmd_why},
	{"compare", 2, 2, "compare A B",
	 "Two options head to head, criterion by criterion.", cmd_compare},
	{"whatif", 3, 4, "whatif weight CRITERION W | whatif set OPTION "
	                 "CRITERION VALUE",
	 "The ranking after a change, beside the current one, with the moves; "
	 "the decision is not changed.",
	 cmd_whatif},
	{"sensitivity", 0, 0, "sensitivity",
	 "How sure the answer is: weight intervals that keep the winner, "
	 "acceptability, method agreement, stakeholders, missing values.",
	 cmd_sensitivity},
	{"pareto", 0, 0, "pareto",
	 "The options that pass the guardrails and that no other option "
	 "dominates.",
	 cmd_pareto},
	{"undo", 0, 0, "undo", "Take back the last change.", cmd_undo},
	{"redo", 0, 0, "redo", "Make the last undone change again.", cmd_redo},
	{"save", 1, 1, "save FILE.lua",
	 "Write the decision as it is now to a decision file (atomically).",
	 cmd_save},
	{"export", 2, 2, "export md|csv|json FILE",
	 "Write the current ranking to FILE (atomically).", cmd_export},
	{"help", 0, 1, "help [COMMAND]", "List the commands, or explain one.",
	 cmd_help},
	{"quit", 0, 0, "quit", "Leave (Ctrl-D does too).", cmd_quit},
};

const size_t tdm__repl_n_commands =
	sizeof tdm__repl_commands / sizeof tdm__repl_commands[0];

static tdm_status
cmd_help(tdm_repl *r, size_t argc, char **argv, tdm_error *err)
{
	const tdm__repl_command *c;
	tdm_status s = TDM_OK;
	size_t i;

	if (argc == 1) {
		if ((c = tdm__repl_command_find(argv[0], err)) == NULL)
			return err != NULL ? err->code : TDM_USAGE;
		return tdm__repl_print(r, err, "usage: %s\n%s\n", c->usage, c->help);
	}
	for (i = 0; i < tdm__repl_n_commands && s == TDM_OK; i++)
		s = tdm__repl_print(r, err, "  %s\n", tdm__repl_commands[i].usage);
	if (s == TDM_OK)
		s = tdm__repl_print(
			r, err,
			"Commands may be abbreviated to a unique prefix. Any other line "
			"is Lua in the\ndecision's sandbox: option \"X\" { ... } adds an "
			"option. 'help COMMAND' says more.\n");
	return s;
}
