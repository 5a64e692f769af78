/*
 * lua_sandbox.h -- the sandboxed lua_State (internal to libtdm).
 *
 * Owns the Lua state that untrusted decision files run in: the allocator
 * with its byte cap, the allow-listed libraries (base, string, table, math,
 * utf8) and the wrappers that make them safe to hand out, the read-only
 * library proxies and per-chunk _ENV tables, the instruction budget hook,
 * and the one protected-call helper through which every use of the state
 * goes (so that no Lua error can reach the panic function).
 *
 * Must not know about the decision vocabulary or the model (lua_decl.c does),
 * print, or exit: print() output goes to the tdm_diag_fn, errors come back
 * as tdm_error.
 */
#ifndef TDM_LUA_SANDBOX_H
#define TDM_LUA_SANDBOX_H

#include <lua.h>
#include <lauxlib.h>

#include "tdm.h"

typedef struct tdm_sandbox tdm_sandbox;

/* A new sandboxed state with the given limits (NULL: the defaults). diag
 * (may be NULL) receives print() output. NULL on out of memory or when the
 * memory cap is too small to open the libraries. Free with
 * tdm__sandbox_free. */
tdm_sandbox *tdm__sandbox_new(const tdm_lua_limits *limits, tdm_diag_fn diag,
                              void *diag_ud);
void tdm__sandbox_free(tdm_sandbox *sb);

/* The state (lent). Use it only inside tdm__sandbox_call. */
lua_State *tdm__sandbox_state(const tdm_sandbox *sb);
/* The sandbox a state belongs to. */
tdm_sandbox *tdm__sandbox_of(lua_State *L);
/* Bytes the state holds now. */
size_t tdm__sandbox_memory(const tdm_sandbox *sb);

/* Where to blame an error that carries no "file:line:" of its own, and a
 * prefix for every message: `prefix` as it is, or, when it is NULL and
 * `option` is not, "option 'Kafka', criterion 'maturity': " made from
 * option and criterion (only when there is a message: a call per row
 * need not build it). Any field may be NULL / 0. */
typedef struct tdm_sandbox_ctx {
	const char *source;
	long line;
	const char *prefix;
	const char *option, *criterion;
} tdm_sandbox_ctx;

/* "option 'o', criterion 'c': " into buf (size > 0), cut short as
 * snprintf would. */
void tdm__sandbox_prefix(char *buf, size_t size, const char *option,
                         const char *criterion);

/* One top-level call: run fn(L) with ud as its only argument (a light
 * userdata) under lua_pcall, with the instruction budget armed; the hook and
 * the counters are reset on every exit path. fn returns nothing. Errors:
 * TDM_LIMIT for the budget, an interrupt or the memory cap; TDM_LUA for
 * anything the script raised, with source and line split out of
 * "file:line: message"; TDM_NOMEM when malloc itself failed. ctx may be
 * NULL. Not re-entrant: a call made from inside fn fails with TDM_USAGE. */
tdm_status tdm__sandbox_call(tdm_sandbox *sb, lua_CFunction fn, void *ud,
                             const tdm_sandbox_ctx *ctx, tdm_error *err);

/* Load text (never a binary chunk) as chunk "@name", give it a fresh _ENV
 * (the allowed globals plus the `extra` functions, each with ud as its one
 * upvalue, a light userdata) and run it: one top-level call. */
tdm_status tdm__sandbox_run_chunk(tdm_sandbox *sb, const char *name,
                                  const char *text, size_t len,
                                  const luaL_Reg *extra, void *ud,
                                  tdm_error *err);

/* Inside a call: push a fresh _ENV table, read-only, whose undefined names
 * raise errors, holding the allowed globals and the `extra` functions (each
 * with ud as upvalue 1). extra may be NULL.  [-0, +1, m] */
void tdm__sandbox_push_env(lua_State *L, const luaL_Reg *extra, void *ud);

/* Inside a call: charge units of work done in C to the budget (loops of the
 * table library, plain string.find). Raises the budget error when the
 * budget is spent.  [-0, +0, e] */
void tdm__sandbox_charge(lua_State *L, unsigned long long units);

/* The source name of the Lua function at stack `level`, or of the nearest
 * Lua function above it when that one is C ("@broker.lua" without its
 * '@'), and its current line into *line; "" and 0 when unknown. The
 * string is lent by Lua for as long as that function lives. */
const char *tdm__sandbox_where(lua_State *L, int level, long *line);

#endif /* TDM_LUA_SANDBOX_H */
