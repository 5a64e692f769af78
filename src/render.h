/*
 * render.h -- what the renderers share (internal, not part of the API).
 *
 * Owns the buffered writer that every renderer writes through (it remembers
 * the first failed write and then stops writing), a small growable string
 * buffer, UTF-8 decoding and display width, escaping for terminals, and the
 * words of a reason. Must not touch FILE* or print: output goes only through
 * the caller's tdm_write_fn. Must not compute results.
 */
#ifndef TDM_RENDER_H
#define TDM_RENDER_H

#include <stdarg.h>
#include <stddef.h>

#include "tdm.h"

/* ------------------------------------------------------------------------
 * The writer: a fixed buffer in front of the caller's callback, so a
 * renderer can write a byte at a time and the callback still sees large
 * chunks. After the first failed write nothing else reaches the callback.
 * --------------------------------------------------------------------- */

typedef struct tdm__out {
	tdm_write_fn write;
	void *ud;
	int failed;      /* the callback returned non-zero once */
	int nomem;       /* a helper ran out of memory */
	size_t len;      /* bytes waiting in buf */
	char buf[4096];
} tdm__out;

void tdm__out_init(tdm__out *o, tdm_write_fn write, void *ud);
void tdm__out_write(tdm__out *o, const char *s, size_t len);
void tdm__out_puts(tdm__out *o, const char *s);
void tdm__out_putc(tdm__out *o, char c);
void tdm__out_printf(tdm__out *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Hand what is buffered to the callback. */
void tdm__out_flush(tdm__out *o);
/* Flush, then TDM_IO ("write failed") if any write failed, TDM_NOMEM if a
 * helper ran out of memory, else TDM_OK. */
tdm_status tdm__out_finish(tdm__out *o, tdm_error *err);

/* ------------------------------------------------------------------------
 * A growable NUL-terminated string. Out of memory sets `nomem` and makes
 * further appends no-ops, so callers check once at the end.
 * --------------------------------------------------------------------- */

typedef struct tdm__rbuf {
	char *s;         /* NUL-terminated when len > 0 or after any append */
	size_t len, cap;
	int nomem;
} tdm__rbuf;

void tdm__rbuf_init(tdm__rbuf *b);
void tdm__rbuf_free(tdm__rbuf *b);
void tdm__rbuf_clear(tdm__rbuf *b);
void tdm__rbuf_add(tdm__rbuf *b, const char *s, size_t len);
void tdm__rbuf_puts(tdm__rbuf *b, const char *s);
/* The text so far; "" if nothing (never NULL). */
const char *tdm__rbuf_str(const tdm__rbuf *b);
/* A tdm_write_fn that appends to the tdm__rbuf ud (-1 out of memory). */
int tdm__rbuf_write(void *ud, const char *buf, size_t len);

/* ------------------------------------------------------------------------
 * UTF-8 and display width
 * --------------------------------------------------------------------- */

/* Decode one UTF-8 sequence at s (n > 0 bytes available). Returns its
 * length and sets *cp; for an invalid or truncated sequence (overlong,
 * surrogate, > U+10FFFF) returns 1 and sets *cp to -1. */
size_t tdm__utf8_decode(const char *s, size_t n, long *cp);

/* Terminal cells taken by code point cp: 2 for East Asian wide and
 * fullwidth, 0 for combining marks and zero-width characters, else 1. */
int tdm__cp_width(long cp);

/* ------------------------------------------------------------------------
 * Terminal escaping (table output only)
 *
 * Control bytes (< 0x20, 0x7f), C1 controls (U+0080..U+009F), bidi
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069) and bytes that
 * are not valid UTF-8 become visible text: \n \r \t, \x1b, \u0085, \u202e,
 * \xff. Everything else is passed through.
 * --------------------------------------------------------------------- */

/* Append s escaped to b. */
void tdm__term_escape(tdm__rbuf *b, const char *s, size_t len);
/* Display width of an already escaped (hence printable) string. */
size_t tdm__display_width(const char *s, size_t len);
/* Bytes of s (escaped, printable) that fit in `cells` cells, not cutting a
 * code point; *used receives the cells they take. */
size_t tdm__fit_cells(const char *s, size_t len, size_t cells, size_t *used);

/* ------------------------------------------------------------------------
 * Reasons and numbers
 * --------------------------------------------------------------------- */

/* Append the one-line text of a reason (see tdm_reason_format) to b, with
 * no length limit. */
void tdm__reason_text(tdm__rbuf *b, const tdm_result *r,
                      const tdm_reason *reason);
/* One CSV field (RFC 4180): as it is, or quoted with its quotes doubled
 * when it holds a comma, quote, CR or LF. To a writer or a string. */
void tdm__csv_field(tdm__out *o, const char *s, size_t len);
/* 1 if CSV writes s as it is (no comma, quote, CR or LF), 0 if quoted. */
int tdm__csv_plain(const char *s, size_t len);
void tdm__rbuf_csv_field(tdm__rbuf *b, const char *s, size_t len);

/* Append every reason of option `o`, joined with "; ". */
void tdm__reasons_text(tdm__rbuf *b, const tdm_result *r,
                       const tdm_option_result *o);

/* Shortest round-trip form of a finite x into buf (at least 32 bytes);
 * returns NULL if x is NaN or infinite, so callers choose what to print. */
const char *tdm__number(double x, char *buf, size_t size);

/* render_describe.c: how the result was made, in words (user text
 * escaped for terminals). The describe functions that may have nothing to
 * say return 0 then, and append nothing. */
void tdm__describe_weighting(tdm__rbuf *b, const tdm_result *r);
int tdm__describe_parameters(tdm__rbuf *b, const tdm_result *r);
int tdm__describe_compromise(tdm__rbuf *b, const tdm_result *r);

/* ------------------------------------------------------------------------
 * JSON (render_jsonw.c): a streaming writer in the layout of Python's
 * json.dumps(indent=2) -- two-space indents, "," between values, ": "
 * after a key, empty containers as "{}" and "[]". It writes through o,
 * never allocates and cannot fail (a failed write is remembered by o).
 *
 *     tdm__json j;
 *     tdm__json_init(&j, o);
 *     tdm__json_open(&j, '{');
 *     tdm__json_key(&j, "score");
 *     tdm__json_num(&j, 0.5);
 *     tdm__json_close(&j, '}');    -> {\n  "score": 0.5\n}
 *
 * Inside an object, call tdm__json_key before each value; inside an array
 * (or at the top level) write values only. The caller writes any final
 * "\n" itself. Strings are escaped (quote, backslash, control characters,
 * U+2028/U+2029; invalid UTF-8 becomes U+FFFD); numbers are shortest
 * round-trip, and NaN or infinity is written as null.
 * --------------------------------------------------------------------- */

/* Containers nest at most this deep; deeper is a bug, clamped rather than
 * overrunning count[] (the layout of the too-deep levels may then be
 * wrong, memory is not). */
#define TDM__JSON_MAX_DEPTH 16

typedef struct tdm__json {
	tdm__out *o;
	int depth;                      /* containers open */
	int count[TDM__JSON_MAX_DEPTH]; /* values written so far at each depth */
	int after_key;                  /* a key was written: the value follows */
} tdm__json;

/* Start a document written through o (not owned). */
void tdm__json_init(tdm__json *j, tdm__out *o);
/* Open a container, c being '{' or '['; close it with the matching '}' or
 * ']'. Every close must match an open. */
void tdm__json_open(tdm__json *j, char c);
void tdm__json_close(tdm__json *j, char c);
/* An object key (NULL is written as ""); the next call writes its value. */
void tdm__json_key(tdm__json *j, const char *key);
/* A string of len bytes (may hold NUL, written as \u0000). */
void tdm__json_strn(tdm__json *j, const char *s, size_t len);
/* A NUL-terminated string, or null for NULL. */
void tdm__json_str(tdm__json *j, const char *s);
void tdm__json_null(tdm__json *j);
/* A number, or null if x is NaN or infinite. */
void tdm__json_num(tdm__json *j, double x);
void tdm__json_long(tdm__json *j, long x);
void tdm__json_bool(tdm__json *j, int b);
/* A model value: number, string, boolean, or null when missing. */
void tdm__json_value(tdm__json *j, const tdm_value *v);
/* s as a bare JSON string ("null" for NULL), with no separator or indent:
 * for renderers that lay out their JSON themselves (render_weights.c). */
void tdm__json_string(tdm__out *o, const char *s);

/* render_json.c: "reasons": [...] for option opt, with the keys of rank's
 * JSON (doc/json.md), as the next member of the open object. Explanations
 * use it too, so both documents describe a reason alike. tmp is scratch
 * space (cleared before use); its out-of-memory flag is the caller's to
 * check. */
void tdm__json_reasons(tdm__json *j, const tdm_result *r,
                       const tdm_option_result *opt, tdm__rbuf *tmp);

/* render_text.c: the document and aligned grid the text reports share
 * (render_sensitivity.c, render_stakeholders.c). A grid's row 0 is the
 * header; column 0 is left-aligned, the others right-aligned. */
typedef struct {
	tdm__out *o;
	int md;
	int ascii;      /* text in ASCII (never set for Markdown) */
	tdm__rbuf tmp;
} tdm__tdoc;

typedef struct {
	size_t nr, nc;
	tdm__rbuf *cells;     /* nr x nc, row 0 is the header */
	int nomem;
} tdm__tgrid;

int tdm__text_grid_init(tdm__tgrid *g, size_t nr, size_t nc);
void tdm__text_grid_free(tdm__tgrid *g);
tdm__rbuf *tdm__text_cell(tdm__tgrid *g, size_t r, size_t c);
void tdm__text_cell_user(const tdm__tdoc *d, tdm__tgrid *g, size_t r, size_t c, const char *s);
void tdm__text_cell_text(tdm__tgrid *g, size_t r, size_t c, const char *s);
void tdm__text_cell_num(tdm__tgrid *g, size_t r, size_t c, double x);
void tdm__text_spaces(tdm__out *o, size_t n);
void tdm__text_grid_write(tdm__tdoc *d, tdm__tgrid *g);
const char *tdm__text_opt_name(const tdm_result *r, size_t o);
const char *tdm__text_crit_name(const tdm_result *r, size_t c);
void tdm__text_user(tdm__tdoc *d, tdm__rbuf *b, const char *s);
void tdm__text_addf(tdm__rbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void tdm__text_para(tdm__tdoc *d, tdm__rbuf *b);
void tdm__text_heading(tdm__tdoc *d, const char *text);

/* Sections of the "how sure are we" report written by their own files
 * (render_stakeholders.c, render_missing.c): in JSON (j not NULL) they
 * write "key": value pairs into the open top-level object; otherwise text
 * (md: Markdown) through o. They write nothing for a NULL report. */
void tdm__section_stakeholders(tdm__out *o, tdm__json *j, int md,
                               const tdm_result *r,
                               const tdm_stakeholder_report *rep);
void tdm__section_missing(tdm__out *o, tdm__json *j, int md,
                          const tdm_result *r, const tdm_missing_report *rep);

/* The renderers, called by tdm_render with a fresh writer. They write
 * everything through o and report out-of-memory through o->nomem. */
void tdm__render_table(const tdm_result *r, const tdm_render_spec *spec,
                       tdm__out *o);
void tdm__render_csv(const tdm_result *r, tdm__out *o);
/* The CSV ranking in parts, for a caller that has its rows elsewhere
 * (rank_columns.c): the comment lines and the header line; then one row's
 * first five fields (rank,option,score,verdict,reason -- no extra columns,
 * no newline), rank 0 leaving rank and score empty; g17_plain is
 * tdm__g17_plain() as the caller found it for these rows. */
void tdm__render_csv_head(const tdm_result *r, tdm__out *o);
/* The common row at line, for a rank > 0, a finite score, a name that
 * needs no quotes and no reason: the bytes tdm__csv_rank_row writes for
 * it, composed in place (a million-row ranking writes it straight into
 * its chunk). line has room for name_len + TDM__CSV_ROW_ROOM bytes;
 * returns the bytes written. */
#define TDM__CSV_ROW_ROOM 80
size_t tdm__csv_rank_line(char *line, long rank, const char *name,
                          size_t name_len, double score, tdm_verdict verdict,
                          int g17_plain);
void tdm__csv_rank_row(tdm__out *o, long rank, const char *name,
                       size_t name_len, double score, tdm_verdict verdict,
                       const char *reason, size_t reason_len, int g17_plain);
void tdm__render_json(const tdm_result *r, tdm__out *o);
void tdm__render_md(const tdm_result *r, tdm__out *o);

/* render_md.c: s as Markdown text: inline specials backslash-escaped
 * ('|' always), so user text cannot make links, HTML, emphasis or table
 * cells; a line break becomes <br> in a table cell (in_cell), elsewhere a
 * space. Control characters become visible as in tdm__term_escape. */
void tdm__md_text(tdm__rbuf *b, const char *s, int in_cell);
/* How the result was made, on one line: "method wsm (higher scores are
 * better) · normalisation minmax · weighting direct, as given ·
 * parameters v=0.5 · tradeoff 0.1.0". The direction is said always when
 * `direction`, else only when lower scores are better. User text is
 * escaped for terminals. */
void tdm__provenance(tdm__rbuf *b, const tdm_result *r, int direction);

/* render_html.c: the HTML report (`tradeoff report`): one page with no
 * network and no script -- the ranking, stacked contribution bars, a
 * tornado chart of h->weights, acceptability bars of h->acceptability
 * (either may be NULL: the section says it was not computed) and the
 * words of explanations[i] for every option i that has one (NULL array or
 * entries: none). User text is escaped for HTML. Deterministic. TDM_IO
 * if a write fails, TDM_NOMEM if memory runs out. */
tdm_status tdm__render_report_html(const tdm_result *r, const tdm_how_sure *h,
                                   tdm_explanation *const *explanations,
                                   tdm_write_fn write, void *ud,
                                   tdm_error *err);


#endif
