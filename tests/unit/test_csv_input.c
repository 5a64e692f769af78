/*
 * test_csv_input.c -- the CSV reader and option loader (csv_input.c).
 *
 * Covers parsing (quoting, BOM, CRLF, bare CR, blank lines, block
 * boundaries), line numbers after multi-line fields, type detection, and
 * every error path with its whole error: code, line, field, message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tdm.h"

#define SRC "options.csv"

/* ---- helpers --------------------------------------------------------- */

static void
assert_error(const tdm_error *err, tdm_status code, const char *source,
             long line, long column, const char *needle)
{
	if (err->code != code || err->line != line || err->column != column ||
	    strstr(err->message, needle) == NULL ||
	    strcmp(err->source, source) != 0)
		print_error("got %s:%ld:%ld: [%s] %s\n", err->source, err->line,
		            err->column, tdm_status_name(err->code), err->message);
	assert_int_equal(err->code, code);
	assert_string_equal(err->source, source);
	assert_int_equal(err->line, line);
	assert_int_equal(err->column, column);
	assert_non_null(strstr(err->message, needle));
}

/* Load text as options.csv into a new model; returns the status. */
static tdm_status
load(const char *text, tdm_model **out, tdm_error *err)
{
	tdm_model *m = tdm_model_new();

	assert_non_null(m);
	tdm_error_clear(err);
	*out = m;
	return tdm_csv_load_options_buffer(m, SRC, text, strlen(text), NULL, err);
}

/* Load text expecting an error; frees the model. */
static void
load_fails(const char *text, long line, long column, const char *needle)
{
	tdm_model *m;
	tdm_error err;

	assert_int_equal(load(text, &m, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, SRC, line, column, needle);
	tdm_model_free(m);
}

static const tdm_value *
value(const tdm_model *m, const char *opt, const char *attr)
{
	long o = tdm_model_find_option(m, opt);

	assert_true(o >= 0);
	return tdm_model_value(m, (size_t)o, tdm_model_find_attr(m, attr));
}

static void
assert_number(const tdm_model *m, const char *opt, const char *attr,
              double x)
{
	const tdm_value *v = value(m, opt, attr);

	assert_int_equal(v->type, TDM_VAL_NUMBER);
	/* exact: the same double strtod gives */
	assert_memory_equal(&v->as.num, &x, sizeof x);
}

static void
assert_str(const tdm_model *m, const char *opt, const char *attr,
           const char *s)
{
	const tdm_value *v = value(m, opt, attr);

	assert_int_equal(v->type, TDM_VAL_STRING);
	assert_string_equal(v->as.str, s);
}

/* Collects what the stream delivers: rows, their lines, fields joined
 * with '|' (header row included). */
typedef struct collect {
	int n_rows;
	int n_headers;
	long lines[64];
	char text[64][256];
	int stop_at;          /* return TDM_EVAL on this data row (1-based) */
} collect;

static tdm_status
collect_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	collect *c = ud;
	size_t i, n = 0;
	char *t;

	if (is_header) {
		assert_int_equal(c->n_rows, 0);
		c->n_headers++;
	}
	if (c->n_rows < 64) {
		c->lines[c->n_rows] = row->line;
		t = c->text[c->n_rows];
		t[0] = '\0';
		for (i = 0; i < row->n_fields; i++) {
			assert_int_equal(strlen(row->fields[i]), row->lens[i]);
			n += (size_t)snprintf(t + n, 256 - n, "%s%s", i ? "|" : "",
			                      row->fields[i]);
		}
	}
	c->n_rows++;
	if (!is_header && c->stop_at > 0 && c->n_rows - 1 == c->stop_at)
		return tdm_error_set(err, TDM_EVAL, "cb", row->line, 0, "stop here");
	return TDM_OK;
}

static tdm_status
stream(const char *text, size_t len, size_t cap, collect *c, tdm_error *err)
{
	tdm_csv_config cfg = {cap, 0, NULL, NULL, NULL, NULL};

	memset(c, 0, sizeof *c);
	tdm_error_clear(err);
	return tdm_csv_stream_buffer(SRC, text, len, &cfg, collect_row, c, err);
}

static void
stream_fails(const char *text, size_t len, size_t cap, long line,
             long column, const char *needle)
{
	collect c;
	tdm_error err;

	assert_int_equal(stream(text, len, cap, &c, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, SRC, line, column, needle);
}

/* Write len bytes to a new temporary file; returns its path (static). */
static const char *
temp_file(const char *data, size_t len)
{
	static char path[64];
	FILE *fp;
	int fd;

	snprintf(path, sizeof path, "/tmp/test_csv_input_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* ---- parsing ---------------------------------------------------------- */

static void
test_csv_input_header_and_rows(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,throughput,p99_ms\n"
	                      "Kafka,200000,25\n"
	                      "RabbitMQ,40000,12\n",
	                      &m, &err),
	                 TDM_OK);
	assert_int_equal(m->n_options, 2);
	assert_string_equal(m->options[0].name, "Kafka");
	assert_string_equal(m->options[1].name, "RabbitMQ");
	assert_int_equal(m->options[0].line, 2);
	assert_int_equal(m->options[1].line, 3);
	assert_string_equal(tdm_model_source_name(m, m->options[0].source), SRC);
	/* the name column is not an attribute */
	assert_int_equal(m->n_attrs, 2);
	assert_int_equal(tdm_model_find_attr(m, "option"), -1);
	assert_number(m, "Kafka", "throughput", 200000);
	assert_number(m, "RabbitMQ", "p99_ms", 12);
	assert_int_equal(value(m, "Kafka", "throughput")->column, 2);
	assert_int_equal(value(m, "Kafka", "p99_ms")->column, 3);
	tdm_model_free(m);
}

static void
test_csv_input_quoted_fields(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,note,n\n"
	                      "\"Kafka, the broker\",\"says \"\"hi\"\"\",1\n"
	                      "\"Multi\nLine\",\"a\r\nb\",\"2\"\n"
	                      "Rabbit,\"  padded  \",3\n",
	                      &m, &err),
	                 TDM_OK);
	assert_int_equal(m->n_options, 3);
	assert_str(m, "Kafka, the broker", "note", "says \"hi\"");
	assert_str(m, "Multi\nLine", "note", "a\r\nb");
	/* a quoted number is still a number */
	assert_number(m, "Multi\nLine", "n", 2);
	/* quotes keep spaces */
	assert_str(m, "Rabbit", "note", "  padded  ");
	/* lines 3-5 (a quoted CRLF is one line break), then line 6 */
	assert_int_equal(m->options[1].line, 3);
	assert_int_equal(m->options[2].line, 6);
	tdm_model_free(m);
}

static void
test_csv_input_unquoted_spaces_trimmed(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	/* libcsv trims spaces and tabs around unquoted fields */
	assert_int_equal(load("option , cost\n  Kafka ,\t42 \n", &m, &err),
	                 TDM_OK);
	assert_number(m, "Kafka", "cost", 42);
	tdm_model_free(m);
}

static void
test_csv_input_bom(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("\xEF\xBB\xBFx,option\n1,A\n", &m, &err), TDM_OK);
	/* the BOM is not part of the first column's name */
	assert_true(tdm_model_find_attr(m, "x") >= 0);
	assert_string_equal(m->options[0].name, "A");
	assert_number(m, "A", "x", 1);
	tdm_model_free(m);
}

static void
test_csv_input_crlf(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,cost\r\nA,1\r\n\r\nB,x\r\n", &m, &err),
	                 TDM_OK);
	assert_int_equal(m->n_options, 2);
	assert_number(m, "A", "cost", 1);
	assert_str(m, "B", "cost", "x");
	assert_int_equal(m->options[1].line, 4);
	tdm_model_free(m);
}

static void
test_csv_input_bare_cr_lines(void **state)
{
	collect c;
	tdm_error err;
	const char *t = "a,b\r1,2\r\r3,4";

	(void)state;
	assert_int_equal(stream(t, strlen(t), 0, &c, &err), TDM_OK);
	assert_int_equal(c.n_rows, 3);
	assert_int_equal(c.lines[1], 2);
	assert_int_equal(c.lines[2], 4);
	assert_string_equal(c.text[2], "3|4");
}

static void
test_csv_input_blank_lines(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("\n\noption,cost\n\nA,1\n   \n\t\nB,2\n\n", &m,
	                      &err),
	                 TDM_OK);
	assert_int_equal(m->n_options, 2);
	assert_int_equal(m->options[0].line, 5);
	assert_int_equal(m->options[1].line, 8);
	tdm_model_free(m);
}

static void
test_csv_input_no_final_newline(void **state)
{
	collect c;
	tdm_error err;
	const char *t = "a,b\n1,\"2\"";

	(void)state;
	assert_int_equal(stream(t, strlen(t), 0, &c, &err), TDM_OK);
	assert_int_equal(c.n_rows, 2);
	assert_string_equal(c.text[1], "1|2");
}

static void
test_csv_input_name_column_option(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("cost,name,option\n1,n1,o1\n", &m, &err), TDM_OK);
	assert_string_equal(m->options[0].name, "o1");
	/* `name` is then an ordinary attribute */
	assert_str(m, "o1", "name", "n1");
	assert_int_equal(tdm_model_find_attr(m, "option"), -1);
	tdm_model_free(m);
}

static void
test_csv_input_name_column_name(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("cost,Option,name\n1,x,n1\n", &m, &err), TDM_OK);
	/* `option` must match exactly; `Option` is an attribute */
	assert_string_equal(m->options[0].name, "n1");
	assert_str(m, "n1", "Option", "x");
	assert_int_equal(tdm_model_find_attr(m, "name"), -1);
	tdm_model_free(m);
}

static void
test_csv_input_name_column_first(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("broker,cost\nKafka,1\n", &m, &err), TDM_OK);
	assert_string_equal(m->options[0].name, "Kafka");
	assert_int_equal(tdm_model_find_attr(m, "broker"), -1);
	assert_number(m, "Kafka", "cost", 1);
	tdm_model_free(m);
}

static void
test_csv_input_numbers_strings_empty(void **state)
{
	tdm_model *m;
	tdm_error err;
	const tdm_value *v;

	(void)state;
	assert_int_equal(load("option,a,b,c,d,e\n"
	                      "X,12abc,,-0.5,\" 7\",1e3\n",
	                      &m, &err),
	                 TDM_OK);
	v = value(m, "X", "a");
	assert_int_equal(v->type, TDM_VAL_STRING);
	assert_string_equal(v->as.str, "12abc");
	/* the evaluation stage names this column when it rejects it */
	assert_int_equal(v->column, 2);
	/* empty is missing, never 0 */
	assert_int_equal(value(m, "X", "b")->type, TDM_VAL_MISSING);
	assert_number(m, "X", "c", -0.5);
	assert_int_equal(value(m, "X", "c")->column, 4);
	/* inside quotes, a space makes it text */
	assert_str(m, "X", "d", " 7");
	assert_number(m, "X", "e", 1000);
	tdm_model_free(m);
}

static void
test_csv_input_exact_numbers(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,a,b,c,d\n"
	                      "X,0.1,9007199254740993,2.2250738585072014e-308,1e-999\n",
	                      &m, &err),
	                 TDM_OK);
	assert_number(m, "X", "a", 0.1);
	assert_number(m, "X", "b", 9007199254740992.0);
	assert_number(m, "X", "c", 2.2250738585072014e-308);
	/* underflow reads as 0, faithfully */
	assert_number(m, "X", "d", 0.0);
	tdm_model_free(m);
}

static void
test_csv_input_stream_counts_rows(void **state)
{
	collect c;
	tdm_error err;
	const char *t = "h1,h2\n1,2\n3,4\n\n5,6\n";

	(void)state;
	assert_int_equal(stream(t, strlen(t), 0, &c, &err), TDM_OK);
	assert_int_equal(c.n_headers, 1);
	assert_int_equal(c.n_rows, 4);
	assert_string_equal(c.text[0], "h1|h2");
	assert_string_equal(c.text[3], "5|6");
	assert_int_equal(c.lines[0], 1);
	assert_int_equal(c.lines[3], 5);
}

static void
test_csv_input_header_only(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,cost\n", &m, &err), TDM_OK);
	assert_int_equal(m->n_options, 0);
	tdm_model_free(m);
}

static void
test_csv_input_lines_after_multiline_field(void **state)
{
	collect c;
	tdm_error err;
	const char *t = "a,b\n"
	                "1,\"x\n\ny\"\n" /* lines 2-4 */
	                "  \"p\nq\",2\n" /* lines 5-6, leading spaces */
	                "3,4\n";        /* line 7 */

	(void)state;
	assert_int_equal(stream(t, strlen(t), 0, &c, &err), TDM_OK);
	assert_int_equal(c.n_rows, 4);
	assert_int_equal(c.lines[1], 2);
	assert_string_equal(c.text[1], "1|x\n\ny");
	assert_int_equal(c.lines[2], 5);
	assert_int_equal(c.lines[3], 7);
}

static void
test_csv_input_bad_row_after_multiline_field(void **state)
{
	(void)state;
	load_fails("option,a,b\n"
	           "A,\"one\ntwo\nthree\",1\n"
	           "B,2\n",
	           5, 3, "row has 2 fields, the header has 3");
}

static void
test_csv_input_callback_stops(void **state)
{
	collect c;
	tdm_error err;
	tdm_csv_config cfg = {0, 0, NULL, NULL, NULL, NULL};
	const char *t = "a\n1\n2\n3\n";

	(void)state;
	memset(&c, 0, sizeof c);
	c.stop_at = 2;
	assert_int_equal(tdm_csv_stream_buffer(SRC, t, strlen(t), &cfg,
	                                       collect_row, &c, &err),
	                 TDM_EVAL);
	assert_error(&err, TDM_EVAL, "cb", 3, 0, "stop here");
	assert_int_equal(c.n_rows, 3);
}

static void
test_csv_input_error_format(void **state)
{
	tdm_model *m;
	tdm_error err;
	char buf[600];

	(void)state;
	assert_int_equal(load("option,a,b\nA,1,2\nB,3,4\nC,5,inf\n", &m, &err),
	                 TDM_DATA);
	assert_string_equal(tdm_error_format(&err, buf, sizeof buf),
	                    "options.csv:4:3: not a finite number: 'inf' (leave "
	                    "the cell empty for a missing value)");
	tdm_model_free(m);
}

/* ---- files ------------------------------------------------------------ */

static void
test_csv_input_file_on_disk(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;
	const char *text = "\xEF\xBB\xBFoption,cost\r\nA,1\r\nB,\"2\"\r\n";
	const char *path = temp_file(text, strlen(text));
	tdm_status st;

	(void)state;
	st = tdm_csv_load_options(m, path, NULL, &err);

	unlink(path);
	assert_int_equal(st, TDM_OK);
	assert_int_equal(m->n_options, 2);
	assert_number(m, "B", "cost", 2);
	assert_int_equal(m->options[1].line, 3);
	assert_string_equal(tdm_model_source_name(m, m->options[1].source), path);
	tdm_model_free(m);
}

/* Rows across 64 KiB block boundaries, checked as they arrive: every row
 * is "tag,value"; rows tagged p/q carry their own expected line number. */
typedef struct seen {
	long rows, bad_lines;
	long x_line, m_line, last_line;
	size_t m_len;
	char x_value[8];
} seen;

static tdm_status
check_row(void *ud, const tdm_csv_row *row, int is_header, tdm_error *err)
{
	seen *s = ud;
	const char *tag = row->fields[0];

	(void)err;
	assert_int_equal(row->n_fields, 2);
	s->rows++;
	if (is_header)
		return TDM_OK;
	if ((strcmp(tag, "p") == 0 || strcmp(tag, "q") == 0) &&
	    atol(row->fields[1]) != row->line)
		s->bad_lines++;
	if (strcmp(tag, "x") == 0) {
		s->x_line = row->line;
		snprintf(s->x_value, sizeof s->x_value, "%s", row->fields[1]);
	} else if (strcmp(tag, "m") == 0) {
		s->m_line = row->line;
		s->m_len = row->lens[1];
	} else if (strcmp(tag, "last") == 0) {
		s->last_line = row->line;
	}
	return TDM_OK;
}

static void
test_csv_input_file_block_boundaries(void **state)
{
	const size_t block = 65536;
	char *buf = malloc(3 * block + 100);
	size_t n = 0, m_start;
	const char *path;
	seen s;
	tdm_error err;
	long line = 1, x_line, m_line;
	tdm_status st;

	(void)state;
	assert_non_null(buf);
	n += (size_t)sprintf(buf + n, "k,v\r\n");
	line++;
	/* CRLF rows until the CR of row x is the last byte of block 1 */
	while (n + 20 < block) {
		n += (size_t)sprintf(buf + n, "p,%06ld\r\n", line);
		line++;
	}
	while (n < block - 4)
		buf[n++] = ' '; /* leading spaces: skipped, same line */
	x_line = line;
	memcpy(buf + n, "x,y\r\n", 5);
	assert_int_equal(buf[block - 1], '\r');
	n += 5;
	line++;
	/* LF rows, then a quoted field whose newline is the last byte of
	 * block 2 */
	while (n + 20 < 2 * block) {
		n += (size_t)sprintf(buf + n, "q,%06ld\n", line);
		line++;
	}
	m_line = line;
	n += (size_t)sprintf(buf + n, "m,\"");
	m_start = n;
	while (n < 2 * block - 1)
		buf[n++] = 'z';
	buf[n++] = '\n';
	line++;
	n += (size_t)sprintf(buf + n, "end\"\nlast,1\n");
	path = temp_file(buf, n);
	free(buf);

	memset(&s, 0, sizeof s);
	tdm_error_clear(&err);
	st = tdm_csv_stream_file(path, NULL, check_row, &s, &err);
	unlink(path);
	assert_int_equal(st, TDM_OK);
	assert_int_equal(s.bad_lines, 0);
	assert_int_equal(s.x_line, x_line);
	assert_string_equal(s.x_value, "y"); /* no stray CR or LF */
	assert_int_equal(s.m_line, m_line);
	assert_int_equal(s.m_len, (2 * block - 1 - m_start) + 1 + 3);
	assert_int_equal(s.last_line, m_line + 2);
	assert_int_equal(s.rows, line);
}

static void
test_csv_input_missing_file(void **state)
{
	tdm_model *m = tdm_model_new();
	tdm_error err;

	(void)state;
	assert_int_equal(
		tdm_csv_load_options(m, "/nonexistent/dir/options.csv", NULL, &err),
		TDM_IO);
	assert_error(&err, TDM_IO, "/nonexistent/dir/options.csv", 0, 0,
	             "cannot open: No such file or directory");
	tdm_model_free(m);
}

static void
test_csv_input_read_error(void **state)
{
	collect c;
	tdm_error err;

	(void)state;
	memset(&c, 0, sizeof c);
	/* a directory opens, but reading it fails */
	assert_int_equal(tdm_csv_stream_file("/tmp", NULL, collect_row, &c, &err),
	                 TDM_IO);
	assert_error(&err, TDM_IO, "/tmp", 0, 0, "read error");
}

/* ---- errors ----------------------------------------------------------- */

static void
test_csv_input_empty_file(void **state)
{
	collect c;
	tdm_error err;

	(void)state;
	stream_fails("", 0, 0, 0, 0, "empty file: no header row");
	stream_fails("\xEF\xBB\xBF", 3, 0, 0, 0, "empty file: no header row");
	stream_fails("\n \r\n\t\n", 5, 0, 0, 0, "empty file: no header row");
	/* and from a file: source is the path */
	{
		const char *path = temp_file("\n\n", 2);
		tdm_status st;

		memset(&c, 0, sizeof c);
		st = tdm_csv_stream_file(path, NULL, collect_row, &c, &err);
		unlink(path);
		assert_int_equal(st, TDM_DATA);
		assert_error(&err, TDM_DATA, path, 0, 0, "empty file: no header row");
	}
}

static void
test_csv_input_ragged_row_short(void **state)
{
	(void)state;
	load_fails("option,a,b,c\nA,1,2,3\nB,1,2\n", 3, 4,
	           "row has 3 fields, the header has 4");
}

static void
test_csv_input_ragged_row_long(void **state)
{
	(void)state;
	load_fails("option,a\n\nA,1,2,3\n", 3, 3,
	           "row has 4 fields, the header has 2");
	load_fails("option,a\nA,1\nB\n", 3, 2, "row has 1 field, the header has 2");
}

static void
test_csv_input_header_empty_name(void **state)
{
	(void)state;
	load_fails("option,,b\nA,1,2\n", 1, 2,
	           "empty column name in header field 2");
	load_fails("\n\noption,a,\"\"\n", 3, 3,
	           "empty column name in header field 3");
}

static void
test_csv_input_header_duplicate(void **state)
{
	(void)state;
	load_fails("option,cost,x,y,x,cost,y\n", 1, 5,
	           "duplicate column name 'x' (header fields 3 and 5)");
	load_fails("a,b,c,b,b\n", 1, 4,
	           "duplicate column name 'b' (header fields 2 and 4)");
}

static void
test_csv_input_stray_quote(void **state)
{
	(void)state;
	load_fails("option,a\nA,1\nB,5\"\n", 3, 2,
	           "malformed quoting in field 2: a '\"' inside an unquoted "
	           "field");
}

static void
test_csv_input_text_after_closing_quote(void **state)
{
	(void)state;
	/* the error is on the physical line of the bad byte, after a
	 * multi-line field */
	load_fails("option,a,b\nA,\"x\ny\"z,1\n", 3, 2,
	           "malformed quoting in field 2: 'z' after the closing quote");
	load_fails("option,a\nA,\"x\" \"y\"\n", 2, 2,
	           "malformed quoting in field 2: '\"' after the closing quote");
}

static void
test_csv_input_unterminated_quote(void **state)
{
	(void)state;
	load_fails("option,a,b\nA,1,2\nB,2,\"open\nmore\nlines\n", 3, 3,
	           "unterminated quoted field: the quote opened in field 3 is "
	           "never closed");
}

static void
test_csv_input_nul_byte(void **state)
{
	const char t[] = "option,a\nA,1\nB,x\0y\n";

	(void)state;
	stream_fails(t, sizeof t - 1, 0, 3, 2, "field contains a NUL byte");
}

static void
test_csv_input_field_cap(void **state)
{
	collect c;
	tdm_error err;
	const char *ok = "h\n12345678\n\"abcdefgh\"   \n12345678   \n";

	(void)state;
	/* exactly at the cap is fine, quoted or not, with trailing spaces */
	assert_int_equal(stream(ok, strlen(ok), 8, &c, &err), TDM_OK);
	assert_int_equal(c.n_rows, 4);
	/* one over */
	stream_fails("h,i\n1,2\n3,123456789\n", 20, 8, 3, 2,
	             "field longer than 8 bytes (the cap is 8 bytes per field");
	stream_fails("h,i\n1,2\n3,\"123456789\"\n", 22, 8, 3, 2,
	             "field longer than 8 bytes");
	/* the header is capped too */
	stream_fails("toolongname\n", 12, 8, 1, 1, "field longer than 8 bytes");
}

static void
test_csv_input_field_cap_open_quote(void **state)
{
	collect c;
	tdm_error err;
	const char *t = "h,i\n1,\"never closed\nand on\nand on\nand on\n";

	(void)state;
	/* stopped while the field is still open, at the row's start line */
	assert_int_equal(stream(t, strlen(t), 16, &c, &err), TDM_DATA);
	assert_error(&err, TDM_DATA, SRC, 2, 2, "is a closing quote missing?");
	assert_int_equal(c.n_rows, 1);
}

static void
test_csv_input_empty_option_name(void **state)
{
	(void)state;
	load_fails("cost,option\n1,A\n2,\n", 3, 2, "empty option name");
	load_fails("option,cost\n,1\n", 2, 1, "empty option name");
	load_fails("option,cost\n,,\n", 2, 3, "row has 3 fields");
	load_fails("option,cost\n\"\",1\n", 2, 1, "empty option name");
}

static void
test_csv_input_duplicate_option(void **state)
{
	(void)state;
	load_fails("cost,option\n1,A\n2,B\n3,A\n", 4, 2,
	           "option 'A' is declared twice (first at options.csv:2)");
}

static void
test_csv_input_not_finite(void **state)
{
	(void)state;
	load_fails("option,a\nA,NaN\n", 2, 2, "not a finite number: 'NaN'");
	load_fails("option,a,b\nA,1,-inf\n", 2, 3, "not a finite number: '-inf'");
	load_fails("option,a\nA,Infinity\n", 2, 2,
	           "not a finite number: 'Infinity'");
	load_fails("option,a\nA,\"+INF\"\n", 2, 2, "not a finite number: '+INF'");
}

static void
test_csv_input_out_of_range(void **state)
{
	(void)state;
	load_fails("option,a,b\nA,1,1e999\n", 2, 3,
	           "number out of range: '1e999'");
	load_fails("option,a\nA,-1"
	           "0000000000000000000000000000000000000000000000000000000000e400\n",
	           2, 2,
	           "number out of range: '-100000000000000000000000000000000000000...'");
}

static void
test_csv_input_invalid_utf8(void **state)
{
	(void)state;
	load_fails("option,a\nA,ok\nB,caf\xE9\n", 3, 2,
	           "invalid UTF-8: byte 0xE9 at byte 4 of the field");
	/* overlong encoding of '/' */
	load_fails("option,a\nA,\xC0\xAF\n", 2, 2, "invalid UTF-8: byte 0xC0");
	/* a surrogate */
	load_fails("option,a\nA,\xED\xA0\x80\n", 2, 2, "invalid UTF-8: byte 0xED");
	/* in the header, and in the name */
	load_fails("option,co\xFFst\n", 1, 2, "invalid UTF-8: byte 0xFF at byte 3");
	load_fails("option,a\n\xF5x,1\n", 2, 1, "invalid UTF-8");
}

static void
test_csv_input_valid_utf8(void **state)
{
	tdm_model *m;
	tdm_error err;

	(void)state;
	assert_int_equal(load("option,cost\xE2\x82\xAC\n"
	                      "Caf\xC3\xA9,\xF0\x9F\x98\x80\n",
	                      &m, &err),
	                 TDM_OK);
	assert_str(m, "Caf\xC3\xA9", "cost\xE2\x82\xAC", "\xF0\x9F\x98\x80");
	tdm_model_free(m);
}

static void
test_csv_input_empty_corner_only_when_allowed(void **state)
{
	static const char text[] = ",a,b\na,1,3\nb,1/3,1\n";
	tdm_csv_config cfg = {0, 1, NULL, NULL, NULL, NULL};
	collect c;
	tdm_error err;

	(void)state;
	assert_int_equal(stream(text, strlen(text), 0, &c, &err), TDM_DATA);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1);
	memset(&c, 0, sizeof c);
	assert_int_equal(tdm_csv_stream_buffer(SRC, text, strlen(text), &cfg,
	                                       collect_row, &c, &err),
	                 TDM_OK);
	assert_int_equal(c.n_rows, 3);
	assert_string_equal(c.text[0], "|a|b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_input_empty_corner_only_when_allowed),
		cmocka_unit_test(test_csv_input_header_and_rows),
		cmocka_unit_test(test_csv_input_quoted_fields),
		cmocka_unit_test(test_csv_input_unquoted_spaces_trimmed),
		cmocka_unit_test(test_csv_input_bom),
		cmocka_unit_test(test_csv_input_crlf),
		cmocka_unit_test(test_csv_input_bare_cr_lines),
		cmocka_unit_test(test_csv_input_blank_lines),
		cmocka_unit_test(test_csv_input_no_final_newline),
		cmocka_unit_test(test_csv_input_name_column_option),
		cmocka_unit_test(test_csv_input_name_column_name),
		cmocka_unit_test(test_csv_input_name_column_first),
		cmocka_unit_test(test_csv_input_numbers_strings_empty),
		cmocka_unit_test(test_csv_input_exact_numbers),
		cmocka_unit_test(test_csv_input_stream_counts_rows),
		cmocka_unit_test(test_csv_input_header_only),
		cmocka_unit_test(test_csv_input_lines_after_multiline_field),
		cmocka_unit_test(test_csv_input_bad_row_after_multiline_field),
		cmocka_unit_test(test_csv_input_callback_stops),
		cmocka_unit_test(test_csv_input_error_format),
		cmocka_unit_test(test_csv_input_file_on_disk),
		cmocka_unit_test(test_csv_input_file_block_boundaries),
		cmocka_unit_test(test_csv_input_missing_file),
		cmocka_unit_test(test_csv_input_read_error),
		cmocka_unit_test(test_csv_input_empty_file),
		cmocka_unit_test(test_csv_input_ragged_row_short),
		cmocka_unit_test(test_csv_input_ragged_row_long),
		cmocka_unit_test(test_csv_input_header_empty_name),
		cmocka_unit_test(test_csv_input_header_duplicate),
		cmocka_unit_test(test_csv_input_stray_quote),
		cmocka_unit_test(test_csv_input_text_after_closing_quote),
		cmocka_unit_test(test_csv_input_unterminated_quote),
		cmocka_unit_test(test_csv_input_nul_byte),
		cmocka_unit_test(test_csv_input_field_cap),
		cmocka_unit_test(test_csv_input_field_cap_open_quote),
		cmocka_unit_test(test_csv_input_empty_option_name),
		cmocka_unit_test(test_csv_input_duplicate_option),
		cmocka_unit_test(test_csv_input_not_finite),
		cmocka_unit_test(test_csv_input_out_of_range),
		cmocka_unit_test(test_csv_input_invalid_utf8),
		cmocka_unit_test(test_csv_input_valid_utf8),
	};

	return cmocka_run_group_tests_name("csv_input", tests, NULL, NULL);
}
