/*
 * render_weights.c -- what `tradeoff weights` prints.
 *
 * Owns the three layouts of a weights report: a table, CSV
 * (`criterion,weight` after `#` comments) and JSON. Must not compute
 * weights (weights*.c) or touch FILE*.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static void
number(tdm__out *o, double x)
{
	char buf[40];
	const char *s = tdm__number(x, buf, sizeof buf);

	tdm__out_puts(o, s ? s : "null");
}

static const char *
name_of(const tdm_weights_report *rep, size_t i)
{
	return i < rep->n ? rep->names[i] : "?";
}

static void
ahp_words(const tdm_weights_report *rep, tdm__rbuf *b)
{
	char buf[256];

	snprintf(buf, sizeof buf,
	         "lambda_max %.4f, CI %.4f, CR %.4f (RI %.2f from the %s table)",
	         rep->ahp.lambda_max, rep->ahp.ci, rep->ahp.cr, rep->ahp.ri,
	         rep->ahp.ri_table);
	tdm__rbuf_puts(b, buf);
}

static void
ahp_warning(const tdm_weights_report *rep, tdm__rbuf *b)
{
	char buf[128];
	const char *a = name_of(rep, rep->ahp.worst_a);
	const char *c = name_of(rep, rep->ahp.worst_b);

	tdm__rbuf_puts(b, "CR is above 0.10: the judgements contradict each "
	                  "other. The most inconsistent is ");
	tdm__term_escape(b, a, strlen(a));
	tdm__rbuf_puts(b, " vs ");
	tdm__term_escape(b, c, strlen(c));
	snprintf(buf, sizeof buf, " (given %g, the weights imply %.3g)",
	         rep->ahp.worst_given, rep->ahp.worst_implied);
	tdm__rbuf_puts(b, buf);
}

static void
table(const tdm_weights_report *rep, tdm__out *o, tdm__rbuf *tmp)
{
	size_t i, width = strlen("criterion");
	char buf[64];

	for (i = 0; i < rep->n; i++) {
		size_t w;
		tdm__rbuf_clear(tmp);
		tdm__term_escape(tmp, rep->names[i], strlen(rep->names[i]));
		w = tdm__display_width(tdm__rbuf_str(tmp), tmp->len);
		if (w > width)
			width = w;
	}
	tdm__out_printf(o, "weights: %s\n\n", rep->scheme);
	tdm__out_printf(o, "%-*s  weight\n", (int)width, "criterion");
	for (i = 0; i < rep->n; i++) {
		size_t w;
		tdm__rbuf_clear(tmp);
		tdm__term_escape(tmp, rep->names[i], strlen(rep->names[i]));
		w = tdm__display_width(tdm__rbuf_str(tmp), tmp->len);
		tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
		while (w++ < width)
			tdm__out_putc(o, ' ');
		snprintf(buf, sizeof buf, "  %.4f\n", rep->weights[i]);
		tdm__out_puts(o, buf);
	}
	if (rep->has_ahp) {
		tdm__rbuf_clear(tmp);
		ahp_words(rep, tmp);
		tdm__out_puts(o, "\n");
		tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
		tdm__out_putc(o, '\n');
		if (rep->ahp.cr > 0.10) {
			tdm__rbuf_clear(tmp);
			ahp_warning(rep, tmp);
			tdm__out_puts(o, "warning: ");
			tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
			tdm__out_putc(o, '\n');
		}
	}
}

static void
csv_field(tdm__out *o, const char *s)
{
	tdm__csv_field(o, s, strlen(s));
}

static void
csv(const tdm_weights_report *rep, tdm__out *o, tdm__rbuf *tmp)
{
	size_t i;

	tdm__out_puts(o, "# tradeoff " TDM_VERSION "\n# weighting: ");
	tdm__out_puts(o, rep->scheme);
	tdm__out_putc(o, '\n');
	if (rep->has_ahp) {
		tdm__rbuf_clear(tmp);
		ahp_words(rep, tmp);
		tdm__out_puts(o, "# ahp: ");
		tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
		tdm__out_putc(o, '\n');
		if (rep->ahp.cr > 0.10) {
			tdm__rbuf_clear(tmp);
			ahp_warning(rep, tmp);
			tdm__out_puts(o, "# warning: ");
			tdm__out_write(o, tdm__rbuf_str(tmp), tmp->len);
			tdm__out_putc(o, '\n');
		}
	}
	tdm__out_puts(o, "criterion,weight\n");
	for (i = 0; i < rep->n; i++) {
		csv_field(o, rep->names[i]);
		tdm__out_printf(o, ",%.17g\n", rep->weights[i]);
	}
}

static void
json(const tdm_weights_report *rep, tdm__out *o)
{
	size_t i;

	tdm__out_puts(o, "{\n  \"tradeoff_version\": \"" TDM_VERSION "\",\n");
	tdm__out_puts(o, "  \"scheme\": ");
	tdm__json_string(o, rep->scheme);
	tdm__out_puts(o, ",\n  \"weights\": {");
	for (i = 0; i < rep->n; i++) {
		tdm__out_puts(o, i ? ",\n    " : "\n    ");
		tdm__json_string(o, rep->names[i]);
		tdm__out_puts(o, ": ");
		number(o, rep->weights[i]);
	}
	tdm__out_puts(o, rep->n ? "\n  }" : "}");
	if (rep->has_ahp) {
		tdm__out_puts(o, ",\n  \"lambda_max\": ");
		number(o, rep->ahp.lambda_max);
		tdm__out_puts(o, ",\n  \"ci\": ");
		number(o, rep->ahp.ci);
		tdm__out_puts(o, ",\n  \"cr\": ");
		number(o, rep->ahp.cr);
		tdm__out_puts(o, ",\n  \"ri\": ");
		number(o, rep->ahp.ri);
		tdm__out_puts(o, ",\n  \"ri_table\": ");
		tdm__json_string(o, rep->ahp.ri_table);
		tdm__out_puts(o, ",\n  \"consistent\": ");
		tdm__out_puts(o, rep->ahp.cr <= 0.10 ? "true" : "false");
		tdm__out_puts(o, ",\n  \"most_inconsistent\": {\n    \"a\": ");
		tdm__json_string(o, name_of(rep, rep->ahp.worst_a));
		tdm__out_puts(o, ",\n    \"b\": ");
		tdm__json_string(o, name_of(rep, rep->ahp.worst_b));
		tdm__out_puts(o, ",\n    \"given\": ");
		number(o, rep->ahp.worst_given);
		tdm__out_puts(o, ",\n    \"implied\": ");
		number(o, rep->ahp.worst_implied);
		tdm__out_puts(o, "\n  }");
	}
	tdm__out_puts(o, "\n}\n");
}

tdm_status
tdm_render_weights(const tdm_weights_report *rep, const tdm_render_spec *spec,
                   tdm_write_fn write, void *ud, tdm_error *err)
{
	tdm__out *o;
	tdm__rbuf tmp;
	tdm_status st;

	if (rep == NULL || write == NULL || (rep->n > 0 && rep->names == NULL))
		return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
		                     "nothing to render");
	if ((o = malloc(sizeof *o)) == NULL)
		return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
	tdm__out_init(o, write, ud);
	tdm__rbuf_init(&tmp);
	switch (spec ? spec->format : TDM_FORMAT_TABLE) {
	case TDM_FORMAT_CSV:
		csv(rep, o, &tmp);
		break;
	case TDM_FORMAT_JSON:
		json(rep, o);
		break;
	default:
		table(rep, o, &tmp);
		break;
	}
	if (tmp.nomem)
		o->nomem = 1;
	tdm__rbuf_free(&tmp);
	st = tdm__out_finish(o, err);
	free(o);
	return st;
}
