/*
 * render_missing.c -- the "missing and uncertain values" section of the
 * how-sure report, in words (text or Markdown) or as the JSON key
 * "missing" (doc/json.md).
 *
 * Owns tdm__section_missing: one sentence per cell of a
 * tdm_missing_report ("Pulsar's ops_cost is missing: if it is at most
 * 1,900, Pulsar wins -- measure this first."). When the option has other
 * missing values, the answer was found with them held at the ends of their
 * ranges (missing.c), and the sentence says it depends on them ("... Pulsar
 * could win, depending on its other missing value (throughput) -- measure
 * these first."). Must not compute (it reads
 * the report and the result), touch FILE* or print: everything goes
 * through the caller's tdm__out or tdm__json.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

typedef struct {
	tdm__out *o;
	int md;
	tdm__rbuf b;
} words;

static void
user(words *w, const char *s)
{
	if (w->md)
		tdm__md_text(&w->b, s, 0);
	else
		tdm__term_escape(&w->b, s, strlen(s));
}

/* A number for reading: 6 significant digits (a searched threshold is
 * exact to 1e-9, not to its last digit), thousands separated by ",". */
static void
num(words *w, double x)
{
	char raw[64], out[96];
	size_t i, n, j = 0, digits = 0, start;

	snprintf(raw, sizeof raw, "%.6g", x);
	if (strchr(raw, 'e') != NULL) {
		tdm__rbuf_puts(&w->b, raw);
		return;
	}
	start = raw[0] == '-' ? 1 : 0;
	for (n = start; raw[n] >= '0' && raw[n] <= '9'; n++)
		digits++;
	for (i = 0; raw[i] != '\0' && j < sizeof out - 2; i++) {
		out[j++] = raw[i];
		if (i >= start && i + 1 < n && (n - i - 1) % 3 == 0 && digits > 3)
			out[j++] = ',';
	}
	out[j] = '\0';
	tdm__rbuf_puts(&w->b, out);
}

/* An exact number (a range as given). */
static void
exact(words *w, double x)
{
	char buf[40];

	tdm__rbuf_puts(&w->b, tdm__number(x, buf, sizeof buf) ? buf : "?");
}

static const char *
opt_name(const tdm_result *r, long o)
{
	return r->model->options[o].name;
}

static int
breaks_guardrail(const tdm_result *r, size_t o)
{
	const tdm_option_result *or = &r->options[o];
	size_t i;

	for (i = 0; i < or->n_reasons; i++)
		if (or->reasons[i].kind == TDM_REASON_GUARDRAIL)
			return 1;
	return 0;
}

static size_t
n_missing(const tdm_result *r, size_t o)
{
	size_t c, n = 0;

	for (c = 0; c < r->n_criteria; c++)
		n += !r->has_value[c * r->n_options + o];
	return n;
}

/* Were the option's other missing values held at their ends (missing.c)?
 * Not when one has a scoring rule or nothing is ranked to compare with. */
static int
others_held(const tdm_result *r, const tdm_missing_cell *cl)
{
	size_t c;

	if (r->n_ranked == 0)
		return 0;
	for (c = 0; c < r->n_criteria; c++)
		if (c != cl->criterion &&
		    !r->has_value[c * r->n_options + cl->option] &&
		    r->model->criteria[c].score_fn > 0)
			return 0;
	return 1;
}

/* " (a, b)": the option's other missing values, by criterion. */
static void
others_list(words *w, const tdm_result *r, const tdm_missing_cell *cl)
{
	size_t c;
	int first = 1;

	tdm__rbuf_puts(&w->b, " (");
	for (c = 0; c < r->n_criteria; c++) {
		if (c == cl->criterion ||
		    r->has_value[c * r->n_options + cl->option])
			continue;
		if (!first)
			tdm__rbuf_puts(&w->b, ", ");
		user(w, r->model->criteria[c].name);
		first = 0;
	}
	tdm__rbuf_puts(&w->b, ")");
}

static void
sentence(words *w, const tdm_result *r, const tdm_missing_cell *cl)
{
	long winner = r->n_ranked > 0 ? (long)r->order[0] : -1;
	const char *what = r->model->criteria[cl->criterion].name;
	const char *name = opt_name(r, (long)cl->option);
	size_t others;
	int held;

	if (w->md)
		tdm__rbuf_puts(&w->b, "- ");
	user(w, name);
	tdm__rbuf_puts(&w->b, "'s ");
	user(w, what);
	if (cl->is_range) {
		tdm__rbuf_puts(&w->b, " is ");
		exact(w, cl->lo);
		tdm__rbuf_puts(&w->b, "..");
		exact(w, cl->hi);
	} else {
		tdm__rbuf_puts(&w->b, " is missing");
	}
	if (breaks_guardrail(r, cl->option)) {
		tdm__rbuf_puts(&w->b, ", but ");
		user(w, name);
		tdm__rbuf_puts(&w->b, " breaks a guardrail: no value of it changes "
		                      "the winner.");
		return;
	}
	others = n_missing(r, cl->option) - (cl->is_range ? 0 : 1);
	held = others > 0 && others_held(r, cl);
	if (others > 0 && !held) {
		char buf[64];
		snprintf(buf, sizeof buf, ", and %zu other value%s of ", others,
		         others == 1 ? "" : "s");
		tdm__rbuf_puts(&w->b, buf);
		user(w, name);
		tdm__rbuf_puts(&w->b, others == 1 ? " is" : " are");
		tdm__rbuf_puts(&w->b, " missing too: measure them all before it can "
		                      "be ranked.");
		return;
	}
	if (!cl->changes_winner) {
		if (cl->is_range) {
			tdm__rbuf_puts(&w->b, ": anywhere in that range ");
			if (winner >= 0)
				user(w, opt_name(r, winner));
			tdm__rbuf_puts(&w->b, winner >= 0 ? " stays the winner"
			                                  : "nothing is ranked");
		} else if (!(cl->hi > cl->lo) && cl->lo == 0 && cl->hi == 0 &&
		           r->n_ranked == 0) {
			tdm__rbuf_puts(&w->b, ": no ranked option has a value to "
			                      "compare it with.");
			return;
		} else {
			tdm__rbuf_puts(&w->b, ": no value between ");
			exact(w, cl->lo);
			tdm__rbuf_puts(&w->b, " and ");
			exact(w, cl->hi);
			tdm__rbuf_puts(&w->b, " changes the winner");
		}
		if (held) {
			tdm__rbuf_puts(&w->b, others == 1 ? ", with its other missing "
			                                    "value"
			                                  : ", with its other missing "
			                                    "values");
			others_list(w, r, cl);
			tdm__rbuf_puts(&w->b, others == 1 ? " at either end of its range"
			                                  : " at either end of their "
			                                    "ranges");
		}
		tdm__rbuf_puts(&w->b, ".");
		return;
	}
	tdm__rbuf_puts(&w->b, ": ");
	if ((cl->at_least && !(cl->threshold > cl->lo)) ||
	    (!cl->at_least && !(cl->threshold < cl->hi))) {
		tdm__rbuf_puts(&w->b, "whatever it is between ");
		exact(w, cl->lo);
		tdm__rbuf_puts(&w->b, " and ");
		exact(w, cl->hi);
		tdm__rbuf_puts(&w->b, ", ");
	} else {
		tdm__rbuf_puts(&w->b, cl->at_least ? "if it is at least "
		                                   : "if it is at most ");
		num(w, cl->threshold);
		tdm__rbuf_puts(&w->b, ", ");
	}
	if (cl->new_winner >= 0)
		user(w, opt_name(r, cl->new_winner));
	else
		tdm__rbuf_puts(&w->b, "no single option");
	tdm__rbuf_puts(&w->b, held ? " could win" : " wins");
	if (!cl->option_wins && winner >= 0 && cl->new_winner >= 0) {
		tdm__rbuf_puts(&w->b, " instead of ");
		user(w, opt_name(r, winner));
	}
	if (held) {
		tdm__rbuf_puts(&w->b, others == 1 ? ", depending on its other "
		                                    "missing value"
		                                  : ", depending on its other "
		                                    "missing values");
		others_list(w, r, cl);
		tdm__rbuf_puts(&w->b, " -- measure these first.");
		return;
	}
	tdm__rbuf_puts(&w->b, " -- measure this first.");
}

static void
json_section(tdm__json *j, const tdm_result *r, const tdm_missing_report *rep)
{
	size_t i;

	tdm__json_key(j, "missing");
	tdm__json_open(j, '[');
	for (i = 0; i < rep->n; i++) {
		const tdm_missing_cell *cl = &rep->cells[i];
		tdm__json_open(j, '{');
		tdm__json_key(j, "option");
		tdm__json_str(j, opt_name(r, (long)cl->option));
		tdm__json_key(j, "criterion");
		tdm__json_str(j, r->model->criteria[cl->criterion].name);
		tdm__json_key(j, "kind");
		tdm__json_str(j, cl->is_range ? "range" : "missing");
		tdm__json_key(j, "lo");
		tdm__json_num(j, cl->lo);
		tdm__json_key(j, "hi");
		tdm__json_num(j, cl->hi);
		tdm__json_key(j, "changes_winner");
		tdm__json_bool(j, cl->changes_winner);
		tdm__json_key(j, "option_wins");
		tdm__json_bool(j, cl->option_wins);
		tdm__json_key(j, "threshold");
		if (cl->changes_winner)
			tdm__json_num(j, cl->threshold);
		else
			tdm__json_null(j);
		tdm__json_key(j, "at_least");
		if (cl->changes_winner)
			tdm__json_bool(j, cl->at_least);
		else
			tdm__json_null(j);
		tdm__json_key(j, "new_winner");
		if (cl->changes_winner && cl->new_winner >= 0)
			tdm__json_str(j, opt_name(r, cl->new_winner));
		else
			tdm__json_null(j);
		tdm__json_close(j, '}');
	}
	tdm__json_close(j, ']');
}

void
tdm__section_missing(tdm__out *o, tdm__json *j, int md, const tdm_result *r,
                     const tdm_missing_report *rep)
{
	words w;
	size_t i;
	int ranges = 0;

	if (rep == NULL)
		return;
	if (j != NULL) {
		json_section(j, r, rep);
		return;
	}
	w.o = o;
	w.md = md;
	tdm__rbuf_init(&w.b);
	tdm__out_puts(o, md ? "## Missing and uncertain values\n\n"
	                    : "Missing and uncertain values:\n\n");
	for (i = 0; i < rep->n; i++) {
		sentence(&w, r, &rep->cells[i]);
		tdm__rbuf_puts(&w.b, md ? "\n" : "\n\n");
		ranges |= rep->cells[i].is_range &&
		          r->options[rep->cells[i].option].rank > 0;
	}
	if (md)
		tdm__rbuf_puts(&w.b, "\n");
	if (ranges)
		tdm__rbuf_puts(&w.b, "A range is ranked at its midpoint; the "
		                     "acceptability samples draw it uniformly in "
		                     "its range.\n\n");
	if (w.b.nomem)
		o->nomem = 1;
	tdm__out_puts(o, tdm__rbuf_str(&w.b));
	tdm__rbuf_free(&w.b);
}
