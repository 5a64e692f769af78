/*
 * render_record.c -- a Markdown decision record (`tradeoff record`): the
 * document a team commits next to its architecture decision records.
 *
 * Owns the record's layout, which follows MADR 4.0.0's
 * template/adr-template.md (https://github.com/adr/madr): YAML front
 * matter (status, date, decision-makers), "# title", "Context and Problem
 * Statement", "Decision Drivers", "Considered Options", "Decision Outcome"
 * with "Consequences", "Pros and Cons of the Options" (one section per
 * option; a "why not" for each one not chosen) and "More Information"
 * ("Re-open if" and how the record was made). Also owns the Markdown and
 * YAML escaping of user text here, and the record's number formats.
 *
 * Deterministic: the same result and explanations give the same bytes. No
 * clock (the date is the model's, else SOURCE_DATE_EPOCH, else none), no
 * pointers, no locale-dependent text.
 *
 * Must not touch FILE* (it writes through tdm__out) and must not compute
 * results: scores, margins, deltas and counterfactuals come from the
 * result and the explanations; only their rounding for display is done
 * here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tdm.h"

/* How many criteria the outcome and the derived consequences name, and
 * how many counterfactuals of each kind "Re-open if" lists per option. */
#define TOP_CRITERIA 3
#define TOP_CHANGES 3

typedef struct rec {
	const tdm_result *r;
	const tdm_model *m;
	tdm_explanation *const *ex; /* may be NULL */
	tdm__out *o;
	tdm__rbuf tmp, line;
	int has_chosen, has_runner;
	size_t chosen, runner;
} rec;

/* ------------------------------------------------------------------------
 * Numbers: no exponents, '.' for the point, ',' between thousands from
 * 10,000 on. Thresholds are rounded away from the current value (dir),
 * so the number quoted is enough.
 * --------------------------------------------------------------------- */

/* x rounded to `dec` decimals (negative: to tens, hundreds ...): dir > 0
 * up, dir < 0 down, 0 to nearest. A product within 1e-9 of an integer is
 * that integer, so 0.5 rounded up to 3 decimals stays 0.500. */
static double
round_dec(double x, int dec, int dir)
{
	double s = pow(10, dec), y = x * s, n = round(y);

	if (fabs(y - n) <= 1e-9 * fmax(1, fabs(y)))
		y = n;
	y = dir > 0 ? ceil(y) : dir < 0 ? floor(y) : round(y);
	return y / s;
}

/* Insert ',' between groups of three integer digits of the decimal text
 * in buf (size bytes) when the number is 10,000 or more. */
static void
group_thousands(char *buf, size_t size)
{
	char out[96];
	size_t start = (buf[0] == '-' || buf[0] == '+'), i, n, k = 0, digits;

	digits = strspn(buf + start, "0123456789");
	if (digits < 5 || strlen(buf) + digits / 3 + 1 > sizeof out)
		return;
	for (i = 0; i < start; i++)
		out[k++] = buf[i];
	for (i = 0; i < digits; i++) {
		if (i > 0 && (digits - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = buf[start + i];
	}
	n = strlen(buf + start + digits);
	memcpy(out + k, buf + start + digits, n + 1);
	snprintf(buf, size, "%s", out);
}

/* x to `sig` significant digits, rounded as dir says; trailing zeros
 * after the point dropped unless keep_zeros. "?" if not finite. */
static const char *
num_sig(char *buf, size_t size, double x, int sig, int dir, int keep_zeros)
{
	double a = fabs(x), y;
	int dec;

	if (!isfinite(x))
		return "?";
	if (x == 0)
		return "0";
	if (a >= 1e15 || a < 1e-9) {
		snprintf(buf, size, "%.*g", sig, x);
		return buf;
	}
	dec = sig - 1 - (int)floor(log10(a));
	y = round_dec(x, dec, dir);
	if (y != 0 && (int)floor(log10(fabs(y))) != sig - 1 - dec)
		dec--; /* 9.9996 became 10.00: one digit less after the point */
	snprintf(buf, size, "%.*f", dec > 0 ? dec : 0, y);
	if (!keep_zeros && strchr(buf, '.') != NULL) {
		char *end = buf + strlen(buf);
		while (end[-1] == '0')
			*--end = '\0';
		if (end[-1] == '.')
			end[-1] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
	group_thousands(buf, size);
	return buf;
}

/* A value of an option (an attribute or a resolved number). */
static const char *
num_value(char *buf, size_t size, double x)
{
	return num_sig(buf, size, x, 7, 0, 0);
}

/* A threshold a value must reach: 4 significant digits, rounded in the
 * direction of the change. */
static const char *
num_target(char *buf, size_t size, double to, double from)
{
	return num_sig(buf, size, to, 4, to > from ? 1 : -1, 0);
}

/* A score, margin or weighted difference: 4 significant digits. */
static const char *
num_score(char *buf, size_t size, double x)
{
	return num_sig(buf, size, x, 4, 0, 1);
}

/* A signed weighted difference: "+0.09615", "-0.05769". */
static const char *
num_delta(char *buf, size_t size, double x)
{
	if (!isfinite(x) || size < 2)
		return "?";
	num_score(buf + 1, size - 1, fabs(x));
	if (strcmp(buf + 1, "0") == 0)
		return buf + 1;
	buf[0] = x < 0 ? '-' : '+';
	return buf;
}

/* A normalised weight: three decimals, rounded as dir says. */
static const char *
num_weight(char *buf, size_t size, double w, int dir)
{
	if (!isfinite(w))
		return "?";
	snprintf(buf, size, "%.3f", round_dec(w, 3, dir));
	if (strcmp(buf, "-0.000") == 0)
		snprintf(buf, size, "0.000");
	return buf;
}

/* ------------------------------------------------------------------------
 * Escaping
 * --------------------------------------------------------------------- */

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int
is_control(long cp)
{
	return cp < 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* An HTML entity or numeric character reference starts at s: "&amp;",
 * "&#38;". Then '&' needs a backslash to stay an ampersand. */
static int
starts_entity(const char *s, size_t len)
{
	size_t i = 1;

	if (i < len && s[i] == '#')
		i++;
	while (i < len && is_alnum((unsigned char)s[i]) &&
	       (unsigned char)s[i] < 0x80)
		i++;
	return i < len && s[i] == ';' && i > 1;
}

#define MD_START 1 /* the text begins a block (a heading, a list item) */

/* Append s as one line of Markdown text: line breaks and tabs become
 * spaces, control characters become visible (as tdm__term_escape does),
 * and what Markdown would read as syntax -- emphasis, code, links, HTML,
 * entities, table cells, headings, math, and at the start a list or quote
 * marker -- is backslash-escaped. Intraword underscores (p99_ms) are left
 * alone: they are never emphasis. */
static void
md_add(tdm__rbuf *b, const char *s, int flags)
{
	size_t len, i = 0, start = 0, lead;
	long cp;

	if (s == NULL)
		return;
	len = strlen(s);
	lead = strspn(s, " ");
	if ((flags & MD_START) && lead < len) {
		size_t d = strspn(s + lead, "0123456789");
		if (strchr("-+>=", s[lead]) != NULL) {
			tdm__rbuf_add(b, s, lead);
			tdm__rbuf_puts(b, "\\");
			start = i = lead;
		} else if (d > 0 && d <= 9 && lead + d < len &&
		           (s[lead + d] == '.' || s[lead + d] == ')')) {
			tdm__rbuf_add(b, s, lead + d);
			tdm__rbuf_puts(b, "\\");
			start = i = lead + d;
		}
	}
	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		char one[3];
		int raw = 0;

		if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
			rep = "";
		else if (cp == '\n' || cp == '\r' || cp == '\t')
			rep = " ";
		else if (is_control(cp))
			raw = 1;
		else if ((cp < 0x80 && strchr("\\`*[]|$~#", c) != NULL) ||
		         (c == '_' && (i == 0 || i + 1 >= len ||
		                       !is_alnum((unsigned char)s[i - 1]) ||
		                       !is_alnum((unsigned char)s[i + 1]))) ||
		         (c == '<' && i + 1 < len &&
		          (is_alnum((unsigned char)s[i + 1]) ||
		           strchr("/!?", s[i + 1]) != NULL)) ||
		         (c == '&' && starts_entity(s + i, len - i))) {
			one[0] = '\\', one[1] = (char)c, one[2] = '\0';
			rep = one;
		}
		if (rep != NULL || raw) {
			tdm__rbuf_add(b, s + start, i - start);
			if (raw)
				tdm__term_escape(b, s + i, n);
			else
				tdm__rbuf_puts(b, rep);
			start = i + n;
		}
		i += n;
	}
	tdm__rbuf_add(b, s + start, len - start);
}

/* Write s as Markdown text (see md_add). */
static void
md(rec *R, const char *s, int flags)
{
	tdm__rbuf_clear(&R->tmp);
	md_add(&R->tmp, s, flags);
	tdm__out_write(R->o, tdm__rbuf_str(&R->tmp), R->tmp.len);
}

static void
put(rec *R, const char *s)
{
	tdm__out_puts(R->o, s);
}

/* One line of text written verbatim, but with control characters other
 * than tab made visible. */
static void
plain_line(tdm__rbuf *b, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	long cp;

	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		if (cp != '\t' && is_control(cp)) {
			tdm__rbuf_add(b, s + start, i - start);
			tdm__term_escape(b, s + i, n);
			start = i + n;
		}
		i += n;
	}
	tdm__rbuf_add(b, s + start, len - start);
}

/* A fence line: up to three spaces, then three or more '`' or '~' (a
 * backtick fence's info string has no backtick). Returns the run length
 * and sets *ch; 0 if not a fence. */
static size_t
fence(const char *s, size_t len, char *ch)
{
	size_t i = 0, n = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	*ch = s[i];
	while (i + n < len && s[i + n] == *ch)
		n++;
	if (n < 3)
		return 0;
	if (*ch == '`' && memchr(s + i + n, '`', len - i - n) != NULL)
		return 0;
	return n;
}

/* Does the line (after at most three spaces) hold only '=' or only '-'
 * and spaces? Under a paragraph, Markdown would make that a heading. */
static int
setext_underline(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	char c;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != '=' && s[i] != '-'))
		return 0;
	c = s[i];
	for (; i < len && (s[i] == c || s[i] == ' ' || s[i] == '\t'); i++)
		n += s[i] == c;
	return i == len && n > 0;
}

/* Write the author's own Markdown (context, consequences) as it is, but so
 * it cannot break the record's structure: line endings become "\n",
 * blank lines at either end go, a line that would start a heading (#, or
 * a setext underline) or an HTML block ('<') gets a backslash, control
 * characters become visible, and a code fence left open is closed. */
static void
md_block(rec *R, const char *s)
{
	tdm__rbuf *b = &R->line;
	size_t len = strlen(s), i = 0, open_len = 0, blank = 0;
	char open_ch = 0;
	int started = 0;

	tdm__rbuf_clear(b);
	while (i <= len) {
		size_t e = i, next, ind, n;
		char ch;

		while (e < len && s[e] != '\n' && s[e] != '\r')
			e++;
		next = e + 1;
		if (e < len && s[e] == '\r' && e + 1 < len && s[e + 1] == '\n')
			next = e + 2;
		if (strspn(s + i, " \t") >= e - i && open_len == 0) {
			/* blank: held back until more text comes */
			if (started)
				blank++;
			i = next;
			if (e >= len)
				break;
			continue;
		}
		for (; blank > 0; blank--)
			tdm__rbuf_puts(b, "\n");
		started = 1;
		ind = strspn(s + i, " ");
		if (open_len > 0) {
			n = fence(s + i, e - i, &ch);
			if (n >= open_len && ch == open_ch &&
			    strspn(s + i + ind + n, " \t") == e - i - ind - n)
				open_len = 0;
		} else if ((n = fence(s + i, e - i, &ch)) > 0) {
			open_len = n;
			open_ch = ch;
		} else if (ind <= 3 && (s[i + ind] == '#' || s[i + ind] == '<' ||
		                        setext_underline(s + i, e - i))) {
			tdm__rbuf_add(b, s + i, ind);
			tdm__rbuf_puts(b, "\\");
			i += ind;
		}
		plain_line(b, s + i, e - i);
		tdm__rbuf_puts(b, "\n");
		if (e >= len)
			break;
		i = next;
	}
	if (open_len > 0) {
		/* the author's fence never closed: close it, or the rest of the
		 * record would be code */
		for (i = 0; i < open_len; i++)
			tdm__rbuf_add(b, &open_ch, 1);
		tdm__rbuf_puts(b, "\n");
	}
	tdm__out_write(R->o, tdm__rbuf_str(b), b->len);
}

/* Can s be a plain YAML scalar as it is? Letters, digits and a few marks
 * that mean nothing to YAML, not starting with one that does. */
static int
yaml_plain(const char *s)
{
	size_t len = strlen(s);

	static const char *const reserved[] = {"y",    "n",     "yes", "no",
	                                       "true", "false", "on",  "off",
	                                       "null", NULL};
	const char *const *k;
	size_t i;

	if (len == 0 || !is_alnum((unsigned char)s[0]) || s[len - 1] == ' ')
		return 0;
	/* words YAML 1.1 reads as booleans or null */
	for (k = reserved; *k != NULL; k++) {
		if (strlen(*k) != len)
			continue;
		for (i = 0; i < len && (s[i] | 0x20) == (*k)[i]; i++)
			;
		if (i == len)
			return 0;
	}
	for (; *s != '\0'; s++)
		if (!is_alnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			if (strchr(" ._,()/+-", *s) == NULL)
				return 0;
	return 1;
}

/* A YAML scalar: plain when safe, else double-quoted with escapes
 * (control characters as \xNN or \uNNNN, broken UTF-8 as U+FFFD). */
static void
yaml_scalar(rec *R, const char *s)
{
	size_t len = strlen(s), i = 0;
	long cp;
	char esc[16];

	if (yaml_plain(s)) {
		put(R, s);
		return;
	}
	tdm__out_putc(R->o, '"');
	while (i < len) {
		size_t n = tdm__utf8_decode(s + i, len - i, &cp);
		if (cp < 0)
			put(R, "\\uFFFD");
		else if (cp == '"' || cp == '\\')
			tdm__out_printf(R->o, "\\%c", (char)cp);
		else if (cp == '\n')
			put(R, "\\n");
		else if (cp == '\t')
			put(R, "\\t");
		else if (is_control(cp)) {
			snprintf(esc, sizeof esc, cp < 0x100 ? "\\x%02lx" : "\\u%04lx",
			         cp);
			put(R, esc);
		} else
			tdm__out_write(R->o, s + i, n);
		i += n;
	}
	tdm__out_putc(R->o, '"');
}

/* ------------------------------------------------------------------------
 * Reading the result and the explanations, defensively: an index out of
 * range is skipped, never followed.
 * --------------------------------------------------------------------- */

static const tdm_explanation *
explanation_of(const rec *R, size_t o)
{
	const tdm_explanation *e;

	if (R->ex == NULL || o >= R->r->n_options)
		return NULL;
	e = R->ex[o];
	if (e == NULL || e->option != o || e->reference >= R->r->n_options)
		return NULL;
	return e;
}

static const char *
option_name(const rec *R, size_t o)
{
	return o < R->m->n_options ? R->m->options[o].name : "?";
}

static const char *
criterion_name(const rec *R, size_t c)
{
	return c < R->m->n_criteria ? R->m->criteria[c].name : "?";
}

static int
scored(const tdm_criterion *cr)
{
	return cr->score_fn > 0 || cr->vf.kind != TDM_VF_NONE;
}

/* The rank of option o among the ranked, and how many are ranked. */
static void
rank_words(rec *R, long rank)
{
	tdm__out_printf(R->o, "rank #%ld of %zu", rank, R->r->n_ranked);
}

/* Option o's value on criterion c as a reader knows it: the level's
 * name, the attribute with its unit, or the score a function gave. */
static void
value_words(rec *R, size_t c, size_t o)
{
	const tdm_result *r = R->r;
	const tdm_criterion *cr = &R->m->criteria[c];
	const tdm_value *v = NULL;
	size_t n = r->n_options;
	char num[64];
	long attr;

	if (r->has_value != NULL && !r->has_value[c * n + o]) {
		put(R, "missing");
		return;
	}
	if (cr->score_fn == 0 && (attr = tdm_model_find_attr(R->m, cr->name)) >= 0)
		v = tdm_model_value(R->m, o, attr);
	if (v != NULL && v->type == TDM_VAL_STRING) {
		md(R, v->as.str, 0);
		return;
	}
	if (v != NULL && v->type == TDM_VAL_BOOL) {
		put(R, v->as.boolean ? "true" : "false");
		return;
	}
	if (v != NULL && v->type == TDM_VAL_NUMBER) {
		put(R, num_value(num, sizeof num, v->as.num));
	} else if (r->values != NULL) {
		if (cr->score_fn > 0)
			put(R, "score ");
		put(R, num_value(num, sizeof num, r->values[c * n + o]));
		if (cr->score_fn > 0 || cr->n_levels > 0)
			return;
	} else {
		put(R, "?");
		return;
	}
	if (cr->unit != NULL && cr->unit[0] != '\0') {
		put(R, " ");
		md(R, cr->unit, 0);
	}
}

/* "throughput: 200,000 msg/s against 160,000 msg/s for NATS JetStream
 * (+0.09615)" -- criterion c for option `self` against `other`, delta as
 * it favours self. */
static void
delta_line(rec *R, const char *lead, size_t c, size_t self, size_t other,
           double delta)
{
	char num[64];

	put(R, lead);
	md(R, criterion_name(R, c), 0);
	put(R, ": ");
	value_words(R, c, self);
	put(R, " against ");
	value_words(R, c, other);
	put(R, " for ");
	md(R, option_name(R, other), 0);
	tdm__out_printf(R->o, " (%s)\n", num_delta(num, sizeof num, delta));
}

/* ------------------------------------------------------------------------
 * Words for methods, normalisations and weightings
 * --------------------------------------------------------------------- */

static const struct {
	const char *name, *words;
} method_words[] = {
	{"wsm", "the weighted sum"},
	{"wpm", "the weighted product"},
	{"topsis", "TOPSIS"},
	{"vikor", "VIKOR"},
	{"promethee2", "PROMETHEE II"},
	{"spotis", "SPOTIS"},
	{"copras", "COPRAS"},
	{"moora", "MOORA"},
	{"edas", "EDAS"},
	{"lua", "the decision's own aggregation (a Lua function)"},
};

static const char *
method_name_words(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof method_words / sizeof method_words[0]; i++)
		if (strcmp(method_words[i].name, name) == 0)
			return method_words[i].words;
	return NULL;
}

/* "the weighted sum (wsm; higher scores are better; min-max
 * normalisation)" */
static void
method_phrase(rec *R)
{
	const tdm_result *r = R->r;
	const char *words = method_name_words(r->method);

	if (words != NULL) {
		put(R, words);
		put(R, " (");
		md(R, r->method, 0);
	} else {
		put(R, "the method ");
		md(R, r->method, 0);
		put(R, " (");
	}
	put(R, r->direction == TDM_DIR_LOWER ? "; lower scores are better"
	                                     : "; higher scores are better");
	if (strcmp(r->normalization, "own") == 0) {
		put(R, "; its own normalisation)");
	} else {
		put(R, "; ");
		md(R, strcmp(r->normalization, "minmax") == 0 ? "min-max"
		                                               : r->normalization,
		   0);
		put(R, " normalisation)");
	}
}

/* Where the weights came from, for the Decision Drivers. */
static void
weighting_phrase(rec *R)
{
	const tdm_result *r = R->r;
	const tdm_model *m = R->m;
	const char *w = r->weighting[0] != '\0' ? r->weighting : "direct";
	char num[64];
	size_t i;

	if (strcmp(w, "direct") == 0) {
		put(R, "as given in the decision");
		if (r->weights_normalized)
			tdm__out_printf(R->o, ", normalised to sum 1 (the given "
			                      "weights sum to %s)",
			                num_value(num, sizeof num, r->weight_sum));
	} else if (strcmp(w, "equal") == 0) {
		put(R, "equal: every criterion weighs the same");
	} else if (strcmp(w, "roc") == 0) {
		put(R, "rank-order centroid (Barron & Barrett 1996) from the order ");
		for (i = 0; i < m->n_order; i++) {
			if (i > 0)
				put(R, " > ");
			md(R, m->order[i], 0);
		}
	} else if (strcmp(w, "ahp") == 0) {
		put(R, "AHP pairwise judgements (principal eigenvector");
		if (r->has_ahp)
			tdm__out_printf(R->o, "; consistency ratio CR %.4f, %s 0.10",
			                r->ahp.cr,
			                r->ahp.cr > 0.1 ? "above" : "within");
		put(R, ")");
	} else if (strcmp(w, "entropy") == 0) {
		put(R, "entropy of the data: criteria whose values differ more "
		       "between the options weigh more");
	} else if (strcmp(w, "critic") == 0) {
		put(R, "CRITIC (Diakoulaki et al. 1995): contrast within each "
		       "criterion and conflict between them, from the data");
	} else {
		md(R, w, 0);
	}
}

/* ------------------------------------------------------------------------
 * Counterfactuals in words
 * --------------------------------------------------------------------- */

/* "p99_ms's weight rises above 0.412 (now 0.231, +78 %)" */
static void
weight_change_words(rec *R, const tdm_weight_change *wc)
{
	char to[64], from[64];
	int up = wc->to > wc->from;

	md(R, criterion_name(R, wc->criterion), 0);
	put(R, "'s weight ");
	num_weight(to, sizeof to, wc->to, up ? 1 : -1);
	if (up && strcmp(to, "1.000") == 0)
		put(R, "rises to 1");
	else if (!up && strcmp(to, "0.000") == 0)
		put(R, "falls to 0");
	else
		tdm__out_printf(R->o, "%s %s", up ? "rises above" : "falls below",
		                to);
	tdm__out_printf(R->o, " (now %s",
	                num_weight(from, sizeof from, wc->from, 0));
	if (wc->from > 0 && isfinite(wc->delta))
		tdm__out_printf(R->o, ", %+.0f %%", 100 * wc->delta / wc->from);
	put(R, wc->plausible ? ")" : "; beyond ±50 %)");
}

/* "its throughput reaches 190,000 msg/s (now 160,000)", and a word when
 * the value it needs is beyond every ranked option's. */
static void
value_change_words(rec *R, const tdm_value_change *vc, size_t option)
{
	const tdm_result *r = R->r;
	const tdm_criterion *cr = &R->m->criteria[vc->criterion];
	size_t n = r->n_options, i, c = vc->criterion;
	char to[64], from[64];
	int below = 1, above = 1, any = 0;

	put(R, "its ");
	md(R, cr->name, 0);
	if (vc->level != NULL) {
		put(R, " becomes ");
		md(R, vc->level, 0);
		put(R, " (now ");
		value_words(R, vc->criterion, option);
		put(R, ")");
		return;
	}
	if (scored(cr) || cr->n_levels > 0)
		put(R, " score");
	put(R, vc->to > vc->from ? " reaches " : " falls to ");
	put(R, num_target(to, sizeof to, vc->to, vc->from));
	if (!scored(cr) && cr->n_levels == 0 && cr->unit != NULL &&
	    cr->unit[0] != '\0') {
		put(R, " ");
		md(R, cr->unit, 0);
	}
	tdm__out_printf(R->o, " (now %s", num_value(from, sizeof from, vc->from));
	for (i = 0; r->values != NULL && i < n; i++) {
		double v = r->values[c * n + i];
		if (r->options[i].rank <= 0 ||
		    (r->has_value != NULL && !r->has_value[c * n + i]))
			continue;
		any = 1;
		below &= vc->to < v;
		above &= vc->to > v;
	}
	if (any && (below || above))
		put(R, below ? "; lower than any option's" : "; higher than any "
		                                             "option's");
	put(R, ")");
}

/* "all weights move together, 0.1234 in total (L1): throughput 0.300,
 * ..." */
static void
joint_change_words(rec *R, const tdm_explanation *e)
{
	char num[64];
	size_t c;

	tdm__out_printf(R->o,
	                "all weights move together by %s in total (L1 distance, "
	                "%s): ",
	                num_score(num, sizeof num, e->joint_l1),
	                e->joint_exact ? "exact, by linear programming"
	                               : "found by search");
	for (c = 0; c < R->r->n_criteria; c++) {
		if (c > 0)
			put(R, ", ");
		md(R, criterion_name(R, c), 0);
		put(R, " ");
		put(R, num_weight(num, sizeof num, e->joint_weights[c], 0));
	}
}

static int
weight_change_ok(const rec *R, const tdm_weight_change *wc)
{
	return wc->found && wc->criterion < R->r->n_criteria &&
	       isfinite(wc->to) && isfinite(wc->from);
}

static int
value_change_ok(const rec *R, const tdm_value_change *vc)
{
	return vc->found && vc->criterion < R->r->n_criteria &&
	       isfinite(vc->to) && isfinite(vc->from);
}

/* ------------------------------------------------------------------------
 * The sections
 * --------------------------------------------------------------------- */

static void
front_matter(rec *R, const char *date)
{
	const tdm_model *m = R->m;
	size_t i;

	put(R, "---\nstatus: ");
	yaml_scalar(R, m->status != NULL && m->status[0] != '\0' ? m->status
	                                                         : "proposed");
	put(R, "\n");
	if (date != NULL) {
		put(R, "date: ");
		yaml_scalar(R, date);
		put(R, "\n");
	}
	if (m->n_deciders > 0) {
		tdm__rbuf_clear(&R->line);
		for (i = 0; i < m->n_deciders; i++) {
			if (i > 0)
				tdm__rbuf_puts(&R->line, ", ");
			tdm__rbuf_puts(&R->line, m->deciders[i] ? m->deciders[i] : "");
		}
		put(R, "decision-makers: ");
		yaml_scalar(R, tdm__rbuf_str(&R->line));
		put(R, "\n");
	}
	put(R, "---\n\n");
}

static void
drivers(rec *R)
{
	const tdm_result *r = R->r;
	const tdm_model *m = R->m;
	const char *w = r->weighting[0] != '\0' ? r->weighting : "direct";
	char num[64];
	size_t c, i;

	put(R, "## Decision Drivers\n\n");
	if (r->n_criteria == 0) {
		put(R, "No criteria were given.\n\n");
		return;
	}
	put(R, "Weights: ");
	weighting_phrase(R);
	put(R, ".\n\n");
	for (c = 0; c < r->n_criteria; c++) {
		const tdm_criterion *cr = &m->criteria[c];
		put(R, "* ");
		md(R, cr->name, 0);
		tdm__out_printf(R->o, ": weight %s",
		                num_weight(num, sizeof num, r->weights[c], 0));
		if (strcmp(w, "direct") == 0 && cr->has_weight)
			tdm__out_printf(R->o, " (given %s)",
			                num_value(num, sizeof num, cr->weight));
		if (strcmp(w, "roc") == 0)
			for (i = 0; i < m->n_order; i++)
				if (strcmp(m->order[i], cr->name) == 0)
					tdm__out_printf(R->o, " (#%zu in the order)", i + 1);
		if (scored(cr))
			put(R, cr->better == TDM_BETTER_LOWER
			           ? "; lower scores are better"
			           : "; higher scores are better");
		else
			put(R, cr->better == TDM_BETTER_LOWER ? "; lower is better"
			                                      : "; higher is better");
		if (cr->unit != NULL && cr->unit[0] != '\0') {
			put(R, "; in ");
			md(R, cr->unit, 0);
		}
		if (cr->n_levels > 0) {
			put(R, "; levels ");
			for (i = 0; i < cr->n_levels; i++) {
				if (i > 0)
					put(R, ", ");
				md(R, cr->levels[i].name, 0);
				tdm__out_printf(R->o, " = %s",
				                num_value(num, sizeof num,
				                          cr->levels[i].value));
			}
		}
		if (cr->score_fn > 0)
			put(R, "; scored by a Lua function");
		else if (cr->vf.kind != TDM_VF_NONE) {
			put(R, "; scoring rule ");
			md(R, cr->vf.text != NULL ? cr->vf.text
			                          : tdm_value_fn_name(cr->vf.kind),
			   0);
		}
		if (cr->has_scale) {
			char hi[64];
			tdm__out_printf(R->o, "; fixed scale %s..%s",
			                num_value(num, sizeof num, cr->scale_lo),
			                num_value(hi, sizeof hi, cr->scale_hi));
		}
		if (cr->must.is_set) {
			put(R, "; guardrail: must ");
			if (cr->must.fn > 0)
				put(R, "pass a Lua function");
			else
				md(R, cr->must.text != NULL ? cr->must.text : "?", 0);
			if (cr->because != NULL && cr->because[0] != '\0') {
				put(R, " — ");
				md(R, cr->because, 0);
			}
		}
		put(R, "\n");
	}
	put(R, "\n");
}

static void
considered(rec *R)
{
	const tdm_result *r = R->r;
	char num[64];
	size_t i;

	put(R, "## Considered Options\n\n");
	if (r->n_options == 0) {
		put(R, "No options were given.\n\n");
		return;
	}
	for (i = 0; i < r->n_options; i++) {
		size_t o = r->order[i];
		const tdm_option_result *or = &r->options[o];
		put(R, "* ");
		md(R, option_name(R, o), MD_START);
		if (or->rank > 0) {
			tdm__out_printf(R->o, " (%s#%ld, score %s%s)",
			                R->has_chosen && o == R->chosen ? "chosen: " : "",
			                or->rank, num_score(num, sizeof num, or->score),
			                or->verdict == TDM_VERDICT_DOMINATED
			                    ? ", dominated"
			                    : "");
		} else {
			put(R, " (rejected by a guardrail)");
		}
		put(R, "\n");
	}
	put(R, "\n");
}

/* The explanation that says the top is a close call, if any. */
static const tdm_explanation *
close_call(const rec *R)
{
	const tdm_explanation *e;
	size_t i;

	for (i = 0; i < R->r->n_options; i++) {
		size_t o = R->r->order[i];
		if ((e = explanation_of(R, o)) != NULL && e->close_call)
			return e;
	}
	return NULL;
}

static void
outcome(rec *R)
{
	const tdm_result *r = R->r;
	const tdm_model *m = R->m;
	const tdm_explanation *re = R->has_runner ? explanation_of(R, R->runner) : NULL;
	const tdm_explanation *cc = close_call(R);
	char num[64], num2[64];
	size_t i, n;

	put(R, "## Decision Outcome\n\n");
	if (!R->has_chosen) {
		put(R, r->n_options == 0
		           ? "Chosen option: none, because there were no options.\n\n"
		           : "Chosen option: none, because no option meets every "
		             "guardrail (see \"Pros and Cons of the Options\").\n\n");
	} else {
		const tdm_option_result *c = &r->options[R->chosen];
		put(R, "Chosen option: \"");
		md(R, option_name(R, R->chosen), 0);
		put(R, "\", because ");
		put(R, R->has_runner ? "it comes out best by "
		                     : "it is the only option that meets every "
		                       "guardrail; it is scored by ");
		method_phrase(R);
		tdm__out_printf(R->o, ": score %s",
		                num_score(num, sizeof num, c->score));
		if (R->has_runner) {
			const tdm_option_result *ru = &r->options[R->runner];
			double margin = r->direction == TDM_DIR_LOWER
			                    ? ru->score - c->score
			                    : c->score - ru->score;
			if (ru->rank == c->rank)
				put(R, ", tied with ");
			else
				tdm__out_printf(R->o, ", %s ahead of the runner-up, ",
				                num_score(num, sizeof num, margin));
			md(R, option_name(R, R->runner), 0);
			tdm__out_printf(R->o, " (%s)",
			                num_score(num2, sizeof num2, ru->score));
		}
		put(R, ".");
		if (re != NULL && re->n_costs > 0) {
			put(R, " What carries it against ");
			md(R, option_name(R, R->runner), 0);
			put(R, ": ");
			for (i = 0, n = 0; i < re->n_costs && n < TOP_CRITERIA; i++) {
				if (re->costs[i].criterion >= r->n_criteria)
					continue;
				if (n++ > 0)
					put(R, ", ");
				md(R, criterion_name(R, re->costs[i].criterion), 0);
				tdm__out_printf(R->o, " (%s)",
				                num_delta(num, sizeof num,
				                          -re->costs[i].delta));
			}
			put(R, ".");
		}
		put(R, "\n\n");
	}
	if (cc != NULL) {
		put(R, "> **No clear winner:** the top of the ranking is a close "
		       "call (a margin under ");
		tdm__out_printf(R->o, "%g %%", 100 * TDM_CLOSE_CALL);
		put(R, " of the spread of the scores)");
		if (cc->n_contenders > 0) {
			put(R, " between ");
			for (i = 0, n = 0; i < cc->n_contenders; i++) {
				if (cc->contenders[i] >= r->n_options)
					continue;
				if (n++ > 0)
					put(R, i + 1 == cc->n_contenders ? " and " : ", ");
				md(R, option_name(R, cc->contenders[i]), 0);
			}
		}
		put(R, ". Small changes of the weights or the values can change "
		       "the decision; see \"Re-open if\".\n\n");
	}

	if (strcmp(r->method, "vikor") == 0 && r->info.n_compromise > 1) {
		/* VIKOR itself names more than one option */
		tdm__rbuf_clear(&R->line);
		tdm__describe_compromise(&R->line, r);
		put(R, "VIKOR does not single it out: its ");
		md(R, tdm__rbuf_str(&R->line), 0);
		put(R, ".\n\n");
	}
	put(R, "### Consequences\n\n");
	if (m->consequences != NULL && m->consequences[0] != '\0') {
		md_block(R, m->consequences);
		put(R, "\n");
		return;
	}
	if (!R->has_chosen) {
		put(R, "* Bad, because no option can be chosen until a guardrail "
		       "or an option changes\n\n");
		return;
	}
	if (!R->has_runner) {
		put(R, "* Good, because it is the only option that meets every "
		       "guardrail\n\n");
		return;
	}
	if (re == NULL) {
		put(R, "The runner-up, ");
		md(R, option_name(R, R->runner), 0);
		put(R, ", could not be compared criterion by criterion.\n\n");
		return;
	}
	/* the runner-up's costs are the chosen option's gains, and its wins
	 * the chosen option's losses */
	for (i = 0, n = 0; i < re->n_costs && n < TOP_CRITERIA; i++)
		if (re->costs[i].criterion < r->n_criteria) {
			delta_line(R, "* Good, because ", re->costs[i].criterion,
			           R->chosen, R->runner, -re->costs[i].delta);
			n++;
		}
	for (i = 0; i < re->n_wins; i++)
		if (re->wins[i].criterion < r->n_criteria)
			delta_line(R, "* Bad, because ", re->wins[i].criterion,
			           R->chosen, R->runner, -re->wins[i].delta);
	if (re->n_costs == 0 && re->n_wins == 0)
		put(R, "* Neutral, because it and the runner-up do not differ on "
		       "any criterion\n");
	put(R, "\n");
}

/* What would make the option of explanation e win: "<lead> would win if
 * any one of these changed:" and a list, at most `limit` single-weight and
 * single-value changes each (0: all); `self` names the option inside a
 * sentence. Returns the number of items. */
static size_t
counterfactuals(rec *R, const tdm_explanation *e, const char *lead,
                const char *self, size_t limit)
{
	size_t i, n = 0, nw = 0, nv = 0;

	if (!e->has_counterfactuals) {
		if (e->why_not_computed[0] != '\0') {
			put(R, "What would make ");
			put(R, self);
			put(R, " win was not computed: ");
			md(R, e->why_not_computed, 0);
			put(R, "\n\n");
		}
		return 0;
	}
	for (i = 0; i < e->n_weight_changes; i++)
		n += weight_change_ok(R, &e->weight_changes[i]);
	for (i = 0; i < e->n_value_changes; i++)
		n += value_change_ok(R, &e->value_changes[i]);
	n += e->joint_found && e->joint_weights != NULL;
	if (!e->any_plausible) {
		put(R, "No change of a single weight within ±50 % makes ");
		put(R, self);
		put(R, " win.\n\n");
	}
	if (n == 0) {
		put(R, "No single change of a weight or of one of its values makes ");
		put(R, self);
		put(R, " win.\n\n");
		return 0;
	}
	put(R, lead);
	put(R, " would win if any one of these changed:\n\n");
	for (i = 0; i < e->n_weight_changes && (limit == 0 || nw < limit); i++)
		if (weight_change_ok(R, &e->weight_changes[i])) {
			put(R, "* ");
			weight_change_words(R, &e->weight_changes[i]);
			put(R, "\n");
			nw++;
		}
	for (i = 0; i < e->n_value_changes && (limit == 0 || nv < limit); i++)
		if (value_change_ok(R, &e->value_changes[i])) {
			put(R, "* ");
			value_change_words(R, &e->value_changes[i], e->option);
			put(R, "\n");
			nv++;
		}
	if (e->joint_found && e->joint_weights != NULL) {
		put(R, "* ");
		joint_change_words(R, e);
		put(R, "\n");
	}
	put(R, "\n");
	return n;
}

/* One option's section under "Pros and Cons of the Options". */
static void
option_section(rec *R, size_t o)
{
	const tdm_result *r = R->r;
	const tdm_option_result *or = &r->options[o];
	const tdm_explanation *e = explanation_of(R, o);
	size_t ref = e != NULL ? e->reference : R->chosen, i;
	char num[64], num2[64];
	tdm__rbuf reason;

	put(R, "### ");
	md(R, option_name(R, o), MD_START);
	put(R, "\n\n");
	if (R->has_chosen && o == R->chosen) {
		put(R, "Chosen: ");
		rank_words(R, or->rank);
		tdm__out_printf(R->o, ", score %s.\n\n",
		                num_score(num, sizeof num, or->score));
		e = R->has_runner ? explanation_of(R, R->runner) : NULL;
		if (e == NULL)
			return;
		for (i = 0; i < e->n_costs; i++)
			if (e->costs[i].criterion < r->n_criteria)
				delta_line(R, "* Good, because ", e->costs[i].criterion, o,
				           R->runner, -e->costs[i].delta);
		for (i = 0; i < e->n_wins; i++)
			if (e->wins[i].criterion < r->n_criteria)
				delta_line(R, "* Bad, because ", e->wins[i].criterion, o,
				           R->runner, -e->wins[i].delta);
		if (e->n_costs + e->n_wins > 0)
			put(R, "\n");
		return;
	}

	put(R, "Why not: ");
	if (or->rank <= 0) {
		put(R, "it breaks a guardrail, so it is not ranked.");
		if (or->as_if_rank > 0)
			tdm__out_printf(R->o,
			                " Without its guardrails it would rank #%ld of "
			                "%zu.",
			                or->as_if_rank, r->n_as_if);
	} else if (R->has_chosen && or->rank == r->options[R->chosen].rank) {
		put(R, "it ties with ");
		md(R, option_name(R, R->chosen), 0);
		tdm__out_printf(R->o, " at rank #%ld (score %s); the record lists ",
		                or->rank, num_score(num, sizeof num, or->score));
		md(R, option_name(R, R->chosen), 0);
		put(R, " first.");
	} else {
		long rank = e != NULL ? e->rank : or->rank;
		double score = e != NULL ? e->score : or->score;
		rank_words(R, rank);
		tdm__out_printf(R->o, ", score %s",
		                num_score(num, sizeof num, score));
		if (R->has_chosen && ref < r->n_options) {
			double rs = e != NULL ? e->ref_score : r->options[ref].score;
			double margin = e != NULL ? e->margin
			                : r->direction == TDM_DIR_LOWER ? score - rs
			                                                : rs - score;
			tdm__out_printf(R->o, ", %s behind ",
			                num_score(num, sizeof num, margin));
			md(R, option_name(R, ref), 0);
			tdm__out_printf(R->o, " (%s)", num_score(num2, sizeof num2, rs));
		}
		put(R, or->verdict == TDM_VERDICT_DOMINATED
		           ? "; and it is dominated."
		           : ".");
	}
	put(R, "\n\n");

	/* guardrails broken, then dominators, then what it wins and loses */
	tdm__rbuf_init(&reason);
	for (i = 0; i < or->n_reasons; i++) {
		tdm__rbuf_clear(&reason);
		tdm__reason_text(&reason, r, &or->reasons[i]);
		put(R, "* Bad, because ");
		md(R, tdm__rbuf_str(&reason), 0);
		put(R, "\n");
	}
	if (reason.nomem)
		R->o->nomem = 1;
	tdm__rbuf_free(&reason);
	if (e != NULL) {
		for (i = 0; i < e->n_wins; i++)
			if (e->wins[i].criterion < r->n_criteria)
				delta_line(R, "* Good, because ", e->wins[i].criterion, o,
				           e->reference, e->wins[i].delta);
		for (i = 0; i < e->n_costs; i++)
			if (e->costs[i].criterion < r->n_criteria)
				delta_line(R, "* Bad, because ", e->costs[i].criterion, o,
				           e->reference, e->costs[i].delta);
	}
	if (or->n_reasons > 0 || (e != NULL && e->n_wins + e->n_costs > 0))
		put(R, "\n");
	if (e == NULL) {
		if (or->rank > 0 &&
		    !(R->has_chosen && or->rank == r->options[R->chosen].rank))
			put(R, "No explanation could be computed for this option.\n\n");
		return;
	}
	if (or->rank > 0)
		counterfactuals(R, e, "It", "it", 0);
}

static void
pros_and_cons(rec *R)
{
	const tdm_result *r = R->r;
	size_t i;

	if (r->n_options == 0)
		return;
	put(R, "## Pros and Cons of the Options\n\n");
	put(R, "In brackets: the weighted difference a criterion makes between "
	       "the option and the one it is compared with; positive favours "
	       "the option.\n\n");
	for (i = 0; i < r->n_options; i++)
		option_section(R, r->order[i]);
}

/* "Re-open if": for the runner-up and any close contender, the single
 * changes that would make it win; and the guardrails without which a
 * rejected option would come first. */
static void
reopen(rec *R)
{
	const tdm_result *r = R->r;
	const tdm_model *m = R->m;
	const tdm_explanation *cc = close_call(R);
	size_t who[64], n_who = 0, i, k, n_items = 0;
	tdm__rbuf lead_in;

	tdm__rbuf_init(&lead_in);
	put(R, "### Re-open if\n\n");
	if (R->has_runner)
		who[n_who++] = R->runner;
	for (i = 0; cc != NULL && i < cc->n_contenders && n_who < 64; i++) {
		size_t c = cc->contenders[i];
		int seen = c >= r->n_options || (R->has_chosen && c == R->chosen);
		for (k = 0; k < n_who && !seen; k++)
			seen = who[k] == c;
		if (!seen)
			who[n_who++] = c;
	}
	if (n_who > 0)
		put(R, "Each threshold below is rounded away from today's value, so "
		       "the one quoted is enough.\n\n");
	for (k = 0; k < n_who; k++) {
		size_t o = who[k];
		const tdm_explanation *e = explanation_of(R, o);
		const char *role = k == 0 && R->has_runner ? " (the runner-up)"
		                                           : " (a close contender)";
		/* the name starting a paragraph, and inside a sentence */
		tdm__rbuf_clear(&R->line);
		md_add(&R->line, option_name(R, o), MD_START);
		tdm__rbuf_puts(&R->line, role);
		tdm__rbuf_clear(&lead_in);
		md_add(&lead_in, option_name(R, o), 0);
		tdm__rbuf_puts(&lead_in, role);
		if (e == NULL && R->has_chosen &&
		    r->options[o].rank == r->options[R->chosen].rank) {
			put(R, tdm__rbuf_str(&R->line));
			put(R, " ties with the chosen option: any change in its favour "
			       "decides for it.\n\n");
			continue;
		}
		if (e == NULL) {
			put(R, "What would make ");
			put(R, tdm__rbuf_str(&lead_in));
			put(R, " win could not be computed.\n\n");
			continue;
		}
		n_items += counterfactuals(R, e, tdm__rbuf_str(&R->line),
		                           tdm__rbuf_str(&lead_in), TOP_CHANGES);
	}
	if (lead_in.nomem)
		R->o->nomem = 1;
	tdm__rbuf_free(&lead_in);
	/* a rejected option that would come first without its guardrails */
	for (i = 0; i < r->n_options; i++) {
		const tdm_option_result *or = &r->options[i];
		if (or->rank > 0 || or->as_if_rank != 1)
			continue;
		md(R, option_name(R, i), MD_START);
		put(R, " would rank first without its guardrails: re-open if ");
		for (k = 0; k < or->n_reasons; k++) {
			const tdm_criterion *cr;
			if (or->reasons[k].criterion >= m->n_criteria ||
			    or->reasons[k].kind == TDM_REASON_DOMINATED)
				continue;
			cr = &m->criteria[or->reasons[k].criterion];
			if (k > 0)
				put(R, ", or ");
			put(R, "the guardrail on ");
			md(R, cr->name, 0);
			if (cr->must.fn == 0 && cr->must.text != NULL) {
				put(R, " (must ");
				md(R, cr->must.text, 0);
				put(R, ")");
			}
			put(R, " is relaxed");
		}
		put(R, ".\n\n");
		n_items++;
	}
	if (!R->has_runner && n_items == 0)
		put(R, "No other option meets every guardrail, so no change of the "
		       "weights or of the values of the options ranked can change "
		       "the decision; only a new option or a relaxed guardrail "
		       "can.\n\n");
}

static void
provenance(rec *R)
{
	const tdm_result *r = R->r;
	const tdm_model *m = R->m;
	size_t i;

	put(R, "### How this record was made\n\n");
	put(R, "* Method: ");
	md(R, r->method, 0);
	if (method_name_words(r->method) != NULL) {
		put(R, " (");
		put(R, method_name_words(r->method));
		put(R, ")");
	}
	put(R, r->direction == TDM_DIR_LOWER ? "; lower scores are better\n"
	                                     : "; higher scores are better\n");
	tdm__rbuf_clear(&R->line);
	if (tdm__describe_parameters(&R->line, r)) {
		put(R, "* Parameters: ");
		md(R, tdm__rbuf_str(&R->line), 0);
		put(R, "\n");
	}
	put(R, "* Normalisation: ");
	md(R, r->normalization, 0);
	for (i = 0; i < r->n_criteria; i++) {
		const tdm_criterion *cr = &m->criteria[i];
		char lo[64], hi[64];
		if (!cr->has_scale)
			continue;
		tdm__out_printf(R->o, "; scale %s..%s for ",
		                num_value(lo, sizeof lo, cr->scale_lo),
		                num_value(hi, sizeof hi, cr->scale_hi));
		md(R, cr->name, 0);
	}
	put(R, "\n* Weighting: ");
	tdm__rbuf_clear(&R->line);
	tdm__describe_weighting(&R->line, r);
	md(R, tdm__rbuf_str(&R->line), 0);
	put(R, "\n");
	tdm__rbuf_clear(&R->line);
	if (tdm__describe_compromise(&R->line, r)) {
		put(R, "* VIKOR ");
		md(R, tdm__rbuf_str(&R->line), 0);
		put(R, "\n");
	}
	for (i = 0; i < r->n_notes && i < TDM_MAX_NOTES; i++) {
		put(R, "* Note: ");
		md(R, r->notes[i], 0);
		put(R, "\n");
	}
	tdm__out_printf(R->o, "* Close call: a margin under %g %% of the spread "
	                      "of the scores\n",
	                100 * TDM_CLOSE_CALL);
	if (m->n_sources > 0) {
		put(R, "* Sources: ");
		for (i = 0; i < m->n_sources; i++) {
			if (i > 0)
				put(R, ", ");
			md(R, m->sources[i], 0);
		}
		put(R, "\n");
	}
	put(R, "* Made by tradeoff " TDM_VERSION " (`tradeoff record`); the "
	       "same inputs give the same record\n");
}

/* ------------------------------------------------------------------------
 * The date
 * --------------------------------------------------------------------- */

/* The civil date of a day count since 1970-01-01 (Howard Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", civil_from_days). */
static void
civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The record's date into buf: the model's, else SOURCE_DATE_EPOCH (a
 * count of seconds since 1970-01-01 UTC, as reproducible builds define
 * it), else none (*date = NULL). Never the clock. A malformed
 * SOURCE_DATE_EPOCH is an error rather than a guess. */
static tdm_status
record_date(const tdm_model *m, char *buf, size_t size, const char **date,
            tdm_error *err)
{
	const char *env;
	long long secs = 0, y;
	unsigned mo, d;
	size_t i;

	*date = NULL;
	if (m->date != NULL && m->date[0] != '\0') {
		*date = m->date;
		return TDM_OK;
	}
	env = getenv("SOURCE_DATE_EPOCH");
	if (env == NULL || env[0] == '\0')
		return TDM_OK;
	for (i = 0; env[i] != '\0'; i++) {
		if (env[i] < '0' || env[i] > '9' || i >= 12)
			return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
			                     "SOURCE_DATE_EPOCH must be a number of "
			                     "seconds since 1970-01-01 (at most 12 "
			                     "digits), got \"%.40s\"",
			                     env);
		secs = secs * 10 + (env[i] - '0');
	}
	civil_from_days(secs / 86400, &y, &mo, &d);
	snprintf(buf, size, "%04lld-%02u-%02u", y, mo, d);
	*date = buf;
	return TDM_OK;
}

/* ------------------------------------------------------------------------
 * The entry point
 * --------------------------------------------------------------------- */

static int
consistent(const tdm_result *r)
{
	size_t i;

	if (r->model == NULL || r->n_options > r->model->n_options ||
	    r->n_ranked > r->n_options || r->n_criteria != r->model->n_criteria ||
	    (r->n_criteria > 0 && r->weights == NULL) ||
	    memchr(r->method, '\0', sizeof r->method) == NULL ||
	    memchr(r->normalization, '\0', sizeof r->normalization) == NULL ||
	    memchr(r->weighting, '\0', sizeof r->weighting) == NULL ||
	    (r->n_options > 0 && (r->options == NULL || r->order == NULL)))
		return 0;
	for (i = 0; i < r->n_options; i++)
		if (r->order[i] >= r->n_options)
			return 0;
	for (i = 0; i < r->n_notes && i < TDM_MAX_NOTES; i++)
		if (memchr(r->notes[i], '\0', sizeof r->notes[i]) == NULL)
			return 0;
	return 1;
}

tdm_status
tdm_render_record(const tdm_result *r, tdm_explanation *const *explanations,
                  tdm_write_fn write, void *ud, tdm_error *err)
{
	const tdm_model *m;
	char datebuf[32];
	const char *date;
	rec R;
	tdm__out *o;
	tdm_status st;

	if (r == NULL || write == NULL)
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render: no result or no writer");
	if (!consistent(r))
		return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
		                     "the result does not match its model "
		                     "(evaluate again after changing the model)");
	m = r->model;
	if ((st = record_date(m, datebuf, sizeof datebuf, &date, err)) != TDM_OK)
		return st;
	/* the writer's 4 KiB buffer stays off the caller's stack */
	if ((o = malloc(sizeof *o)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	memset(&R, 0, sizeof R);
	R.r = r;
	R.m = m;
	R.ex = explanations;
	R.o = o;
	tdm__rbuf_init(&R.tmp);
	tdm__rbuf_init(&R.line);
	if (r->n_ranked > 0 && r->options[r->order[0]].rank > 0) {
		R.has_chosen = 1;
		R.chosen = r->order[0];
		if (r->n_ranked > 1 && r->options[r->order[1]].rank > 0) {
			R.has_runner = 1;
			R.runner = r->order[1];
		}
	}

	front_matter(&R, date);
	put(&R, "# ");
	md(&R, m->title != NULL && m->title[0] != '\0' ? m->title : "Decision",
	   MD_START);
	put(&R, "\n\n## Context and Problem Statement\n\n");
	if (m->context != NULL && strspn(m->context, " \t\r\n") <
	                              strlen(m->context)) {
		md_block(&R, m->context);
	} else {
		put(&R, "(No context was given.)\n");
	}
	put(&R, "\n");
	drivers(&R);
	considered(&R);
	outcome(&R);
	pros_and_cons(&R);
	put(&R, "## More Information\n\n");
	reopen(&R);
	provenance(&R);

	if (R.tmp.nomem || R.line.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&R.tmp);
	tdm__rbuf_free(&R.line);
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}
