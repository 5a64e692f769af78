/*
 * error.c -- status codes, their exit statuses, and the tdm_error record.
 *
 * Owns the one table (TDM_STATUS_MAP in tdm.h) that maps a status to its
 * exit status and text. Must not allocate: errors are filled on the
 * out-of-memory path too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tdm.h"

volatile sig_atomic_t tdm_interrupted = 0;

static const struct {
	int exit_code;
	const char *text;
} statuses[] = {
#define ROW(name, exit_code, text) {exit_code, text},
	TDM_STATUS_MAP(ROW)
#undef ROW
};

int
tdm_status_exit_code(tdm_status s)
{
	if ((int)s < 0 || s >= TDM__STATUS_COUNT)
		return 1;
	return statuses[s].exit_code;
}

const char *
tdm_status_name(tdm_status s)
{
	if ((int)s < 0 || s >= TDM__STATUS_COUNT)
		return "unknown error";
	return statuses[s].text;
}

void
tdm_error_clear(tdm_error *err)
{
	if (err == NULL)
		return;
	err->code = TDM_OK;
	err->source[0] = '\0';
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
}

tdm_status
tdm_error_set(tdm_error *err, tdm_status code, const char *source, long line,
              long column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->source, sizeof err->source, "%s", source ? source : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

char *
tdm_error_format(const tdm_error *err, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (err->source[0] != '\0') {
		if (err->line > 0 && err->column > 0)
			snprintf(buf, size, "%s:%ld:%ld: ", err->source, err->line,
			         err->column);
		else if (err->line > 0)
			snprintf(buf, size, "%s:%ld: ", err->source, err->line);
		else
			snprintf(buf, size, "%s: ", err->source);
		n = strlen(buf);
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s", err->message);
	return buf;
}
