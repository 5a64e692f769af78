/*
 * harness.h -- the bodies of the fuzz targets, shared by the libFuzzer
 * entry points (tests/fuzz/fuzz_*.c) and the plain regression test
 * (tests/unit/test_fuzz_regressions.c) that replays the committed corpora
 * and crash inputs without libFuzzer.
 *
 * Each body takes arbitrary bytes, must not crash, leak or hang, writes
 * nothing to disk and prints nothing: output goes to a discard writer
 * (or, for the two differential targets, to memory, their CSV to a
 * memory file). Every body returns 0.
 */
#ifndef TDM_FUZZ_HARNESS_H
#define TDM_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* Load the bytes as a CSV of options, then evaluate with one criterion on
 * the first attribute that has a number, and render the result. */
int tdm_fuzz_csv(const uint8_t *data, size_t size);
/* Load the bytes as a decision file (Lua, sandboxed: 8 MiB, 200,000
 * instructions), evaluate, render. */
int tdm_fuzz_decl(const uint8_t *data, size_t size);
/* Tokenize the bytes as one REPL line and look up its command; then run
 * the line against a small fixed session (never load, save or export). */
int tdm_fuzz_repl(const uint8_t *data, size_t size);
/* Parse the bytes as a `must` comparison. */
int tdm_fuzz_must(const uint8_t *data, size_t size);
/* A differential target: the bytes after the first are rows put among
 * 12,000 plain ones of a CSV `name,c1,c2` (a memory file); the first
 * byte chooses method, normalisation, weighting, threads and where the
 * rows go. Whatever tdm_rank_columns takes must come out byte for byte
 * as the general path (load, evaluate, render CSV) writes it; abort()
 * otherwise, or if a decline wrote anything. */
int tdm_fuzz_columns(const uint8_t *data, size_t size);
/* How many inputs tdm_fuzz_columns saw the columnar path take (and
 * compared): the regression test checks that its seeds reach it. */
extern unsigned long tdm_fuzz_columns_taken;
/* A differential target: the bytes after the first are rows of a CSV
 * `option,a,b,x` evaluated by tdm_batch_eval against a fixed decision
 * (scales, a guardrail), once as given and once with a space after every
 * comma (which the reader trims, so eval's whole-line reading does not
 * take those lines); the output, the bad rows, the counts and the error
 * must be the same, or abort(). The first byte chooses keep-going, the
 * block size, --top and threads. Inputs with a quote are skipped. */
int tdm_fuzz_eval(const uint8_t *data, size_t size);
/* How many inputs tdm_fuzz_eval compared (both runs made, none out of
 * memory): the regression test checks that its seeds get that far. */
extern unsigned long tdm_fuzz_eval_compared;

#endif
