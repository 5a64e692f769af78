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

/* render_json.c: s as a JSON string ("null" for NULL). */
void tdm__json_string(tdm__out *o, const char *s);

/* The renderers, called by tdm_render with a fresh writer. They write
 * everything through o and report out-of-memory through o->nomem. */
void tdm__render_table(const tdm_result *r, const tdm_render_spec *spec,
                       tdm__out *o);
void tdm__render_csv(const tdm_result *r, tdm__out *o);
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

#endif
