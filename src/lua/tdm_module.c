/*
 * tdm_module.c -- `require "tdm"` for a standalone lua5.4: load a decision
 * file, rank it, explain an option, from the caller's own scripts.
 *
 * Owns the Lua-facing surface (doc/lua-module.md): tdm.load(path [, opts])
 * returns a decision userdata with :rank([method]), :explain(name
 * [, method]), :criteria(), :options() and :title(). It is a thin client of
 * libtdm, like main.c: the decision file itself still runs in the engine's
 * own sandbox (a tdm_decl with its own lua_State, memory cap and
 * instruction budget), never in the caller's state, and the caller only
 * ever gets plain tables of strings, numbers and booleans back.
 *
 * Engine errors become Lua errors whose message is the engine's
 * "file:line: message" (no position of the caller prepended). Everything
 * the engine allocates during a call sits in a boxed userdata with a __gc
 * before any Lua allocation can raise, so a memory error while building
 * the answer leaks nothing. Built only by `make lua-module` (src/lua/ is
 * outside the library's wildcard); the host interpreter provides liblua.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "render.h"
#include "tdm.h"

#define DECISION_MT "tdm.decision"
#define RESULT_BOX_MT "tdm.result_box"
#define EXPLANATION_BOX_MT "tdm.explanation_box"

typedef struct decision {
	tdm_decl *decl;
	tdm_model *model;
	char *method;         /* from tdm.load's options; NULL: the file's */
	char *normalization;
	char *weighting;
} decision;

/* ------------------------------------------------------------------------
 * Errors and boxes
 * --------------------------------------------------------------------- */

/* Raise err as a Lua error: the engine's own "file:line: message". */
static int
raise_error(lua_State *L, const tdm_error *err) /* [-0, +1, v] */
{
	char buf[1024];

	lua_pushstring(L, tdm_error_format(err, buf, sizeof buf));
	return lua_error(L);
}

static int
l_result_box_gc(lua_State *L) /* [-0, +0, -] */
{
	tdm_result **box = luaL_checkudata(L, 1, RESULT_BOX_MT);

	tdm_result_free(*box);
	*box = NULL;
	return 0;
}

static int
l_explanation_box_gc(lua_State *L) /* [-0, +0, -] */
{
	tdm_explanation **box = luaL_checkudata(L, 1, EXPLANATION_BOX_MT);

	tdm_explanation_free(*box);
	*box = NULL;
	return 0;
}

/* An empty box for a pointer freed by the metatable's __gc. */
static void **
new_box(lua_State *L, const char *mt) /* [-0, +1, m] */
{
	void **box = lua_newuserdatauv(L, sizeof *box, 0);

	*box = NULL;
	luaL_setmetatable(L, mt);
	return box;
}

/* print() in a decision file goes to standard error, like the CLI's. */
static void
diag_to_stderr(void *ud, const char *source, long line, const char *message)
{
	(void)ud;
	if (source != NULL && source[0] != '\0' && line > 0)
		fprintf(stderr, "%s:%ld: %s\n", source, line, message);
	else
		fprintf(stderr, "%s\n", message);
}

static decision *
check_decision(lua_State *L, int idx) /* [-0, +0, v] */
{
	decision *d = luaL_checkudata(L, idx, DECISION_MT);

	if (d->model == NULL)
		luaL_error(L, "tdm: the decision was closed");
	return d;
}

static void
decision_release(decision *d)
{
	tdm_model_free(d->model);
	tdm_decl_free(d->decl);
	free(d->method);
	free(d->normalization);
	free(d->weighting);
	memset(d, 0, sizeof *d);
}

/* A copy of opts[key] (a string or nil) into *out. */
static void
opt_string(lua_State *L, int opts, const char *key, char **out)
    /* [-0, +0, e] */
{
	const char *s;

	if (lua_getfield(L, opts, key) != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "tdm.load: option '%s' must be a string", key);
		s = lua_tostring(L, -1);
		if ((*out = malloc(strlen(s) + 1)) == NULL)
			luaL_error(L, "tdm.load: out of memory");
		memcpy(*out, s, strlen(s) + 1);
	}
	lua_pop(L, 1);
}

/* opts[key] as a positive integer, or 0 when absent. */
static long long
opt_count(lua_State *L, int opts, const char *key) /* [-0, +0, e] */
{
	long long n = 0;

	if (lua_getfield(L, opts, key) != LUA_TNIL) {
		int ok;
		n = (long long)lua_tointegerx(L, -1, &ok);
		if (!ok || n <= 0)
			luaL_error(L, "tdm.load: option '%s' must be a positive integer",
			           key);
	}
	lua_pop(L, 1);
	return n;
}

/* ------------------------------------------------------------------------
 * tdm.load
 * --------------------------------------------------------------------- */

static int
l_load(lua_State *L) /* [-(1|2), +1, e] */
{
	const char *path = luaL_checkstring(L, 1);
	tdm_lua_limits limits;
	decision *d;
	tdm_error err;

	memset(&limits, 0, sizeof limits);
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	/* the userdata first: from here on its __gc owns what it holds */
	d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	luaL_setmetatable(L, DECISION_MT);
	if (lua_istable(L, 2)) {
		opt_string(L, 2, "method", &d->method);
		opt_string(L, 2, "normalization", &d->normalization);
		opt_string(L, 2, "weighting", &d->weighting);
		limits.memory = (size_t)opt_count(L, 2, "memory");
		limits.budget = opt_count(L, 2, "budget");
	}
	d->decl = tdm_decl_new(&limits, diag_to_stderr, NULL);
	d->model = tdm_model_new();
	if (d->decl == NULL || d->model == NULL)
		return luaL_error(L, "tdm.load: out of memory");
	if (tdm_decl_load_file(d->decl, path, d->model, &err) != TDM_OK) {
		decision_release(d);
		return raise_error(L, &err);
	}
	return 1;
}

/* Evaluate d with method (NULL: the load options', then the file's) into
 * a box left on the stack. */
static tdm_result *
evaluate(lua_State *L, decision *d, const char *method) /* [-0, +1, v] */
{
	tdm_result **box = (tdm_result **)new_box(L, RESULT_BOX_MT);
	tdm_hooks hooks = tdm_decl_hooks(d->decl);
	tdm_eval_config cfg;
	tdm_error err;

	cfg.method = method != NULL ? method : d->method;
	cfg.normalization = d->normalization;
	cfg.weighting = d->weighting;
	if (tdm_evaluate(d->model, &hooks, &cfg, box, &err) != TDM_OK)
		raise_error(L, &err);
	return *box;
}

/* ------------------------------------------------------------------------
 * Building the answers
 * --------------------------------------------------------------------- */

static const char *
option_name(const tdm_result *r, size_t o)
{
	return o < r->model->n_options ? r->model->options[o].name : "?";
}

static const char *
criterion_name(const tdm_result *r, size_t c)
{
	return c < r->model->n_criteria ? r->model->criteria[c].name : "?";
}

static void
set_string(lua_State *L, const char *key, const char *s) /* [-0, +0, m] */
{
	lua_pushstring(L, s);
	lua_setfield(L, -2, key);
}

static void
set_number(lua_State *L, const char *key, double x) /* [-0, +0, m] */
{
	lua_pushnumber(L, x);
	lua_setfield(L, -2, key);
}

static void
set_integer(lua_State *L, const char *key, long x) /* [-0, +0, m] */
{
	lua_pushinteger(L, (lua_Integer)x);
	lua_setfield(L, -2, key);
}

static void
set_boolean(lua_State *L, const char *key, int b) /* [-0, +0, m] */
{
	lua_pushboolean(L, b);
	lua_setfield(L, -2, key);
}

/* The reasons of option o as a list of strings, the words `rank` prints. */
static void
push_reasons(lua_State *L, const tdm_result *r, const tdm_option_result *o)
    /* [-0, +1, m] */
{
	tdm__rbuf text;
	size_t k;

	lua_createtable(L, (int)o->n_reasons, 0);
	for (k = 0; k < o->n_reasons; k++) {
		tdm__rbuf_init(&text);
		tdm__reason_text(&text, r, &o->reasons[k]);
		if (text.nomem) {
			tdm__rbuf_free(&text);
			luaL_error(L, "tdm: out of memory");
		}
		/* copy to the stack before anything can raise: no leak */
		lua_pushlstring(L, text.len > 0 ? tdm__rbuf_str(&text) : "",
		                text.len);
		tdm__rbuf_free(&text);
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
}

/* { {criterion=, delta=}, ... } */
static void
push_deltas(lua_State *L, const tdm_result *r, const tdm_criterion_delta *v,
            size_t n) /* [-0, +1, m] */
{
	size_t k;

	lua_createtable(L, (int)n, 0);
	for (k = 0; k < n; k++) {
		lua_createtable(L, 0, 2);
		set_string(L, "criterion", criterion_name(r, v[k].criterion));
		set_number(L, "delta", v[k].delta);
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
}

static void
push_weight_changes(lua_State *L, const tdm_result *r,
                    const tdm_explanation *e) /* [-0, +1, m] */
{
	size_t k;

	lua_createtable(L, (int)e->n_weight_changes, 0);
	for (k = 0; k < e->n_weight_changes; k++) {
		const tdm_weight_change *w = &e->weight_changes[k];
		lua_createtable(L, 0, 7);
		set_string(L, "criterion", criterion_name(r, w->criterion));
		set_boolean(L, "found", w->found);
		if (w->found) {
			set_number(L, "from", w->from);
			set_number(L, "to", w->to);
			set_number(L, "delta", w->delta);
			set_boolean(L, "plausible", w->plausible);
			set_boolean(L, "exact", w->exact);
		}
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
}

static void
push_value_changes(lua_State *L, const tdm_result *r,
                   const tdm_explanation *e) /* [-0, +1, m] */
{
	size_t k;

	lua_createtable(L, (int)e->n_value_changes, 0);
	for (k = 0; k < e->n_value_changes; k++) {
		const tdm_value_change *v = &e->value_changes[k];
		lua_createtable(L, 0, 6);
		set_string(L, "criterion", criterion_name(r, v->criterion));
		set_boolean(L, "found", v->found);
		if (v->found) {
			set_number(L, "from", v->from);
			set_number(L, "to", v->to);
			if (v->level != NULL)
				set_string(L, "level", v->level);
			set_boolean(L, "exact", v->exact);
		}
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
}

/* The option named by argument idx, as an index into d's model. */
static size_t
check_option(lua_State *L, const decision *d, int idx) /* [-0, +0, v] */
{
	const char *name = luaL_checkstring(L, idx);
	size_t o;

	for (o = 0; o < d->model->n_options; o++)
		if (strcmp(d->model->options[o].name, name) == 0)
			return o;
	return (size_t)luaL_argerror(
	    L, idx, lua_pushfstring(L, "no option named '%s'", name));
}

/* ------------------------------------------------------------------------
 * Methods of a decision
 * --------------------------------------------------------------------- */

/* d:rank([method]) -> { {option=, rank=, score=, verdict=, reasons={}} }
 * in rank order, the options that are not ranked last (rank and score
 * nil). */
static int
l_rank(lua_State *L) /* [-(1|2), +1, e] */
{
	decision *d = check_decision(L, 1);
	const char *method = luaL_optstring(L, 2, NULL);
	int top = lua_gettop(L);
	tdm_result *r = evaluate(L, d, method);
	size_t i;

	lua_createtable(L, (int)r->n_options, 0);
	for (i = 0; i < r->n_options; i++) {
		size_t o = r->order[i];
		const tdm_option_result *opt = &r->options[o];

		lua_createtable(L, 0, 5);
		set_string(L, "option", option_name(r, o));
		if (opt->rank > 0) {
			set_integer(L, "rank", opt->rank);
			set_number(L, "score", opt->score);
		}
		set_string(L, "verdict", tdm_verdict_name(opt->verdict));
		push_reasons(L, r, opt);
		lua_setfield(L, -2, "reasons");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	set_string(L, "method", r->method);
	lua_replace(L, top + 1); /* the answer over the result's box */
	lua_settop(L, top + 1);
	return 1;
}

/* d:explain(name [, method]) -> the explanation's main fields */
static int
l_explain(lua_State *L) /* [-(2|3), +1, e] */
{
	decision *d = check_decision(L, 1);
	size_t o = check_option(L, d, 2);
	const char *method = luaL_optstring(L, 3, NULL);
	int top = lua_gettop(L);
	tdm_result *r = evaluate(L, d, method);
	tdm_explanation **box =
	    (tdm_explanation **)new_box(L, EXPLANATION_BOX_MT);
	tdm_hooks hooks = tdm_decl_hooks(d->decl);
	const tdm_explanation *e;
	tdm_error err;
	size_t c;

	if (tdm_explain(d->model, &hooks, r, o, box, &err) != TDM_OK)
		return raise_error(L, &err);
	e = *box;
	lua_createtable(L, 0, 16);
	set_string(L, "option", option_name(r, e->option));
	set_string(L, "verdict", tdm_verdict_name(e->verdict));
	if (e->rank > 0) {
		set_integer(L, "rank", e->rank);
		set_number(L, "score", e->score);
	}
	if (e->reference != e->option && e->reference < r->n_options) {
		set_string(L, "reference", option_name(r, e->reference));
		if (e->ref_rank > 0) {
			set_integer(L, "reference_rank", e->ref_rank);
			set_number(L, "reference_score", e->ref_score);
		}
		if (e->rank > 0)
			set_number(L, "margin", e->margin);
	}
	set_boolean(L, "close_call", e->close_call);
	push_reasons(L, r, &r->options[e->option]);
	lua_setfield(L, -2, "reasons");
	push_deltas(L, r, e->costs, e->n_costs);
	lua_setfield(L, -2, "costs");
	push_deltas(L, r, e->wins, e->n_wins);
	lua_setfield(L, -2, "wins");
	if (e->has_counterfactuals) {
		push_weight_changes(L, r, e);
		lua_setfield(L, -2, "weight_changes");
		push_value_changes(L, r, e);
		lua_setfield(L, -2, "value_changes");
		if (e->joint_found && e->joint_weights != NULL) {
			lua_createtable(L, 0, 3);
			set_number(L, "l1", e->joint_l1);
			set_boolean(L, "exact", e->joint_exact);
			lua_createtable(L, 0, (int)r->n_criteria);
			for (c = 0; c < r->n_criteria; c++)
				set_number(L, criterion_name(r, c), e->joint_weights[c]);
			lua_setfield(L, -2, "weights");
			lua_setfield(L, -2, "joint_change");
		}
	} else if (e->why_not_computed[0] != '\0') {
		set_string(L, "why_not_computed", e->why_not_computed);
	}
	set_string(L, "method", r->method);
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
	return 1;
}

/* d:criteria() -> { {name=, weight=, better=, unit=}, ... } in file order;
 * weight as written (nil when the file gives none), not normalised. */
static int
l_criteria(lua_State *L) /* [-1, +1, m] */
{
	decision *d = check_decision(L, 1);
	size_t c;

	lua_createtable(L, (int)d->model->n_criteria, 0);
	for (c = 0; c < d->model->n_criteria; c++) {
		const tdm_criterion *cr = &d->model->criteria[c];
		lua_createtable(L, 0, 4);
		set_string(L, "name", cr->name);
		if (cr->has_weight)
			set_number(L, "weight", cr->weight);
		set_string(L, "better",
		           cr->better == TDM_BETTER_LOWER ? "lower" : "higher");
		if (cr->unit != NULL)
			set_string(L, "unit", cr->unit);
		lua_rawseti(L, -2, (lua_Integer)c + 1);
	}
	return 1;
}

/* d:options() -> { "name", ... } in file order */
static int
l_options(lua_State *L) /* [-1, +1, m] */
{
	decision *d = check_decision(L, 1);
	size_t o;

	lua_createtable(L, (int)d->model->n_options, 0);
	for (o = 0; o < d->model->n_options; o++) {
		lua_pushstring(L, d->model->options[o].name);
		lua_rawseti(L, -2, (lua_Integer)o + 1);
	}
	return 1;
}

/* d:title() -> the decision's title, or nil */
static int
l_title(lua_State *L) /* [-1, +1, -] */
{
	decision *d = check_decision(L, 1);

	if (d->model->title != NULL)
		lua_pushstring(L, d->model->title);
	else
		lua_pushnil(L);
	return 1;
}

/* d:close(): free the engine's state now; also the __gc and __close. */
static int
l_close(lua_State *L) /* [-1, +0, -] */
{
	decision *d = luaL_checkudata(L, 1, DECISION_MT);

	decision_release(d);
	return 0;
}

static int
l_tostring(lua_State *L) /* [-1, +1, m] */
{
	decision *d = luaL_checkudata(L, 1, DECISION_MT);

	if (d->model == NULL)
		lua_pushliteral(L, "tdm.decision (closed)");
	else
		lua_pushfstring(L, "tdm.decision: %s",
		                d->model->title ? d->model->title : "(untitled)");
	return 1;
}

/* tdm.methods() -> { "wsm", ... } */
static int
l_methods(lua_State *L) /* [-0, +1, m] */
{
	const char *const *names = tdm_method_names();
	lua_Integer i;

	lua_newtable(L);
	for (i = 0; names[i] != NULL; i++) {
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static const luaL_Reg decision_methods[] = {
	{"rank", l_rank},
	{"explain", l_explain},
	{"criteria", l_criteria},
	{"options", l_options},
	{"title", l_title},
	{"close", l_close},
	{NULL, NULL},
};

static const luaL_Reg decision_meta[] = {
	{"__gc", l_close},
	{"__close", l_close},
	{"__tostring", l_tostring},
	{NULL, NULL},
};

static const luaL_Reg module_functions[] = {
	{"load", l_load},
	{"methods", l_methods},
	{NULL, NULL},
};

int luaopen_tdm(lua_State *L);

int
luaopen_tdm(lua_State *L) /* [-0, +1, m] */
{
	luaL_newmetatable(L, DECISION_MT);
	luaL_setfuncs(L, decision_meta, 0);
	luaL_newlib(L, decision_methods);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);

	luaL_newmetatable(L, RESULT_BOX_MT);
	lua_pushcfunction(L, l_result_box_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	luaL_newmetatable(L, EXPLANATION_BOX_MT);
	lua_pushcfunction(L, l_explanation_box_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);

	luaL_newlib(L, module_functions);
	lua_pushliteral(L, TDM_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
