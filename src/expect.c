/*
 * expect.c -- checking a decision's `expect` statements against a result.
 *
 * Owns tdm__expect_check and the words of each outcome. What each
 * expectation means (doc/decision-files.md says the same):
 *
 *   winner = "X"      X is the chosen option: ranked 1 and alone there
 *                     (a tie at the top is no single winner).
 *   rank = { X = k }  X is ranked, and its rank is exactly k (ties share
 *                     the best rank, as in the ranking).
 *   min_margin = f    the winner leads the runner-up by at least f of the
 *                     ranked options' score range (TDM_CLOSE_CALL's
 *                     measure: (best - second) / (best - worst); with two
 *                     ranked options relative to |best|). One ranked
 *                     option leads by any margin.
 *   stable_within = f every criterion's weight can move by +-f of its own
 *                     value (0.10: from 0.30 to anywhere in 0.27..0.33,
 *                     the others keeping their proportions) and the winner
 *                     stays the winner: the weight stability interval of
 *                     tdm_sensitivity_weights contains the whole band. An
 *                     interval end at 0 or 1 is no flip; criteria of
 *                     weight 0 have no band.
 *   never_chosen_if_rejected = true
 *                     no option rejected by a guardrail would have been
 *                     chosen without the guardrails (its as_if_rank is not
 *                     1): the guardrails remove only options that lose
 *                     anyway, so the winner does not rest on a guardrail.
 *
 * Every expectation other than never_chosen_if_rejected fails when no
 * option is ranked. Option names must match exactly. Must not print.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "util.h"

double
tdm__expect_margin(const tdm_result *r)
{
	size_t nr = r->n_ranked;
	double best, second, worst, lead, scale, sign;

	if (nr == 0)
		return -1;
	if (nr == 1)
		return HUGE_VAL;
	sign = r->direction == TDM_DIR_LOWER ? -1 : 1;
	best = sign * r->options[r->order[0]].score;
	second = sign * r->options[r->order[1]].score;
	worst = sign * r->options[r->order[nr - 1]].score;
	lead = best - second;
	if (r->options[r->order[1]].rank == 1 || !(lead > 0))
		return 0;
	scale = nr >= 3 ? best - worst : fabs(best);
	return scale > 0 ? lead / scale : lead;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
say(tdm_expect_outcome *o, const char *fmt, ...)
{
	size_t n = strlen(o->text);
	va_list ap;

	if (n >= sizeof o->text - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(o->text + n, sizeof o->text - n, fmt, ap);
	va_end(ap);
}

static const char *
name_of(const tdm_result *r, size_t o)
{
	return r->model->options[o].name;
}

static char *
num(double x, char *buf, size_t size)
{
	snprintf(buf, size, "%.4g", x);
	return buf;
}

/* The chosen option ("'X'"), or why there is none. */
static void
say_winner(tdm_expect_outcome *o, const tdm_result *r)
{
	char a[32];

	if (r->n_ranked == 0)
		say(o, "no option passes every guardrail");
	else if (r->n_ranked > 1 && r->options[r->order[1]].rank == 1)
		say(o, "'%s' and '%s' tie at the top", name_of(r, r->order[0]),
		    name_of(r, r->order[1]));
	else
		say(o, "the winner is '%s' (score %s)", name_of(r, r->order[0]),
		    num(r->options[r->order[0]].score, a, sizeof a));
}

static int
check_winner(const tdm_result *r, long opt, tdm_expect_outcome *o)
{
	char a[32], b[32];
	const tdm_option_result *or;

	if (opt < 0) {
		say(o, "no option is called that");
		return 0;
	}
	or = &r->options[opt];
	if (or->verdict == TDM_VERDICT_CHOSEN &&
	    !(r->n_ranked > 1 && r->options[r->order[1]].rank == 1))
		return 1;
	say_winner(o, r);
	if (or->rank > 0)
		say(o, "; '%s' ranks %ld of %zu (score %s vs %s)",
		    name_of(r, (size_t)opt), or->rank, r->n_ranked,
		    num(or->score, a, sizeof a),
		    num(r->options[r->order[0]].score, b, sizeof b));
	else
		say(o, "; '%s' is not ranked (%s)", name_of(r, (size_t)opt),
		    tdm_verdict_name(or->verdict));
	return 0;
}

static int
check_rank(const tdm_result *r, long opt, long want, tdm_expect_outcome *o)
{
	const tdm_option_result *or;

	if (opt < 0) {
		say(o, "no option is called that");
		return 0;
	}
	or = &r->options[opt];
	if (or->rank == want)
		return 1;
	if (or->rank > 0)
		say(o, "'%s' ranks %ld of %zu", name_of(r, (size_t)opt), or->rank,
		    r->n_ranked);
	else
		say(o, "'%s' is not ranked (%s)", name_of(r, (size_t)opt),
		    tdm_verdict_name(or->verdict));
	return 0;
}

static int
check_margin(const tdm_result *r, double want, tdm_expect_outcome *o)
{
	double margin = tdm__expect_margin(r);
	char a[32];

	if (margin >= want)
		return 1;
	if (margin < 0) {
		say_winner(o, r);
		return 0;
	}
	if (margin == 0) {
		say(o, "'%s' and '%s' tie at the top (margin 0 %%)",
		    name_of(r, r->order[0]), name_of(r, r->order[1]));
		return 0;
	}
	{
		char b[32];
		say(o, "'%s' leads '%s' by %s %% of the score range (%s %% asked)",
		    name_of(r, r->order[0]), name_of(r, r->order[1]),
		    num(100 * margin, a, sizeof a), num(100 * want, b, sizeof b));
	}
	return 0;
}

static int
check_stable(const tdm_model *m, const tdm_hooks *hooks, const tdm_result *r,
             double band, tdm_expect_outcome *o, tdm_status *st,
             tdm_error *err)
{
	tdm_sensitivity *s = NULL;
	size_t k, n_bad = 0, worst = 0;
	double worst_room = HUGE_VAL;
	int ok;
	char a[32], b[32], c[32], d[32];

	if (r->n_ranked == 0) {
		say_winner(o, r);
		return 0;
	}
	if ((*st = tdm_sensitivity_weights(m, hooks, r, &s, err)) != TDM_OK)
		return 0;
	for (k = 0; k < s->n_intervals; k++) {
		const tdm_weight_interval *iv = &s->intervals[k];
		double lo_room = HUGE_VAL, hi_room = HUGE_VAL, room;
		if (!(iv->from > 0))
			continue;
		if (iv->lo_taker >= 0 || iv->lo >= iv->from)
			lo_room = (iv->from - iv->lo) / iv->from;
		if (iv->hi_taker >= 0 || iv->hi <= iv->from)
			hi_room = (iv->hi - iv->from) / iv->from;
		room = fmin(lo_room, hi_room);
		if (room > band)
			continue;
		n_bad++;
		if (room < worst_room) {
			worst_room = room;
			worst = k;
		}
	}
	ok = n_bad == 0;
	if (!ok) {
		const tdm_weight_interval *iv = &s->intervals[worst];
		const char *cname = m->criteria[iv->criterion].name;
		double lo_room = (iv->from - iv->lo) / iv->from;
		int down = (iv->lo_taker >= 0 || iv->lo >= iv->from) &&
		           lo_room <= (iv->hi - iv->from) / iv->from;
		long taker = down ? iv->lo_taker : iv->hi_taker;
		if (iv->lo >= iv->from && iv->hi <= iv->from)
			say(o, "the winner is tied at the top: no weight can move");
		else
			say(o, "the weight of '%s' (%s) can %s only to %s (%s%s %%) "
			       "before %s%s%s takes over",
			    cname, num(iv->from, a, sizeof a),
			    down ? "fall" : "rise",
			    num(down ? iv->lo : iv->hi, b, sizeof b), down ? "-" : "+",
			    num(100 * worst_room, c, sizeof c), taker >= 0 ? "'" : "",
			    taker >= 0 ? name_of(r, (size_t)taker) : "another option",
			    taker >= 0 ? "'" : "");
		if (n_bad > 1)
			say(o, " (%zu criteria move the winner within +-%s %%)", n_bad,
			    num(100 * band, d, sizeof d));
	}
	tdm_sensitivity_free(s);
	return ok;
}

static int
check_guardrails(const tdm_result *r, tdm_expect_outcome *o)
{
	size_t i;
	char why[512];

	for (i = 0; i < r->n_options; i++) {
		const tdm_option_result *or = &r->options[i];
		if (or->verdict != TDM_VERDICT_REJECTED || or->as_if_rank != 1)
			continue;
		why[0] = '\0';
		if (or->n_reasons > 0)
			tdm_reason_format(r, &or->reasons[0], why, sizeof why);
		say(o, "'%s' is rejected (%s) but would rank 1 of %zu without the "
		       "guardrails: the guardrail, not the scores, decides",
		    name_of(r, i), why[0] ? why : "a guardrail", r->n_as_if);
		return 0;
	}
	return 1;
}

static void
describe(const tdm_model *m, const tdm_expectation *e, tdm_expect_outcome *o)
{
	char a[32];
	const char *src = tdm_model_source_name(m, e->source);

	o->text[0] = '\0';
	if (src[0] != '\0' && e->line > 0)
		say(o, "%s:%ld: ", src, e->line);
	switch (e->kind) {
	case TDM_EXPECT_WINNER: say(o, "winner = '%s'", e->option); break;
	case TDM_EXPECT_RANK:
		say(o, "rank of '%s' = %ld", e->option, e->rank);
		break;
	case TDM_EXPECT_MIN_MARGIN:
		say(o, "min_margin = %s", num(e->number, a, sizeof a));
		break;
	case TDM_EXPECT_STABLE_WITHIN:
		say(o, "stable_within = %s", num(e->number, a, sizeof a));
		break;
	case TDM_EXPECT_NEVER_CHOSEN_IF_REJECTED:
		say(o, "never_chosen_if_rejected");
		break;
	}
}

tdm_status
tdm__expect_check(const tdm_model *m, const tdm_hooks *hooks,
                  const tdm_result *r, const tdm_expectation *e, size_t n,
                  tdm_expect_outcome *out, size_t *n_failed, tdm_error *err)
{
	tdm_status st = TDM_OK;
	size_t i;

	*n_failed = 0;
	for (i = 0; i < n && st == TDM_OK; i++) {
		tdm_expect_outcome *o = &out[i];
		long opt = e[i].option ? tdm_model_find_option(m, e[i].option) : -1;
		describe(m, &e[i], o);
		say(o, ": ");
		switch (e[i].kind) {
		case TDM_EXPECT_WINNER: o->ok = check_winner(r, opt, o); break;
		case TDM_EXPECT_RANK:
			o->ok = check_rank(r, opt, e[i].rank, o);
			break;
		case TDM_EXPECT_MIN_MARGIN:
			o->ok = check_margin(r, e[i].number, o);
			break;
		case TDM_EXPECT_STABLE_WITHIN:
			o->ok = check_stable(m, hooks, r, e[i].number, o, &st, err);
			break;
		case TDM_EXPECT_NEVER_CHOSEN_IF_REJECTED:
			o->ok = check_guardrails(r, o);
			break;
		}
		if (o->ok) {
			size_t len = strlen(o->text);
			if (len >= 2)
				o->text[len - 2] = '\0'; /* drop ": " */
		} else {
			(*n_failed)++;
		}
	}
	return st;
}
