/*
 * must.c -- the guardrail comparison language: "<= 50", "== 'replicated'".
 *
 * Owns parsing a comparison string into an operator and an operand. Must
 * not evaluate guardrails against options (resolve.c does that).
 */
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

static const struct {
	const char *text;
	tdm_cmp_op op;
} ops[] = {
	/* two-character operators first, so "<=" is not read as "<" */
	{"<=", TDM_CMP_LE}, {">=", TDM_CMP_GE}, {"==", TDM_CMP_EQ},
	{"~=", TDM_CMP_NE}, {"!=", TDM_CMP_NE}, {"<", TDM_CMP_LT},
	{">", TDM_CMP_GT},
};

const char *
tdm_cmp_op_name(tdm_cmp_op op)
{
	switch (op) {
	case TDM_CMP_LT: return "<";
	case TDM_CMP_LE: return "<=";
	case TDM_CMP_GT: return ">";
	case TDM_CMP_GE: return ">=";
	case TDM_CMP_EQ: return "==";
	case TDM_CMP_NE: return "~=";
	}
	return "?";
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

#define MUST_ERR(col, ...) \
	tdm_error_set(err, TDM_DATA, NULL, 0, (col), __VA_ARGS__)

tdm_status
tdm_must_parse(const char *text, tdm_cmp_op *op, tdm_value *operand,
               tdm_error *err)
{
	size_t i = 0, len = strlen(text), k, start, end;
	int found = 0;

	operand->type = TDM_VAL_MISSING;
	operand->column = 0;
	while (i < len && is_space(text[i]))
		i++;
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t n = strlen(ops[k].text);
		if (strncmp(text + i, ops[k].text, n) == 0) {
			*op = ops[k].op;
			i += n;
			found = 1;
			break;
		}
	}
	if (!found)
		return MUST_ERR((long)i + 1,
		                "must: expected an operator (<, <=, >, >=, ==, ~=) "
		                "at the start of \"%s\"",
		                text);
	while (i < len && is_space(text[i]))
		i++;
	if (i == len)
		return MUST_ERR((long)i + 1, "must: expected a value after '%s'",
		                tdm_cmp_op_name(*op));
	start = i;
	if (text[i] == '\'' || text[i] == '"') {
		char quote = text[i];
		const char *close = memchr(text + i + 1, quote, len - i - 1);
		char *s;
		if (close == NULL)
			return MUST_ERR((long)start + 1,
			                "must: unterminated string in \"%s\"", text);
		end = (size_t)(close - text) + 1;
		s = malloc(end - start - 1);
		if (s == NULL)
			return tdm__nomem(err);
		memcpy(s, text + start + 1, end - start - 2);
		s[end - start - 2] = '\0';
		operand->type = TDM_VAL_STRING;
		operand->as.str = s;
	} else {
		double v;
		int rc;
		end = start;
		while (end < len && !is_space(text[end]))
			end++;
		if (end - start == 4 && strncmp(text + start, "true", 4) == 0) {
			operand->type = TDM_VAL_BOOL;
			operand->as.boolean = 1;
		} else if (end - start == 5 &&
		           strncmp(text + start, "false", 5) == 0) {
			operand->type = TDM_VAL_BOOL;
			operand->as.boolean = 0;
		} else if ((rc = tdm_parse_number(text + start, end - start, &v)) ==
		           1) {
			operand->type = TDM_VAL_NUMBER;
			operand->as.num = v;
		} else {
			return MUST_ERR((long)start + 1,
			                "must: expected a number, a quoted string, true "
			                "or false, got \"%.*s\"",
			                (int)(end - start), text + start);
		}
	}
	i = end;
	while (i < len && is_space(text[i]))
		i++;
	if (i != len) {
		tdm_value_free(operand);
		return MUST_ERR((long)i + 1, "must: unexpected \"%s\" after the value",
		                text + i);
	}
	if (operand->type != TDM_VAL_NUMBER && *op != TDM_CMP_EQ &&
	    *op != TDM_CMP_NE) {
		tdm_value_free(operand);
		return MUST_ERR((long)start + 1,
		                "must: '%s' needs a number; strings and booleans "
		                "compare only with == and ~=",
		                tdm_cmp_op_name(*op));
	}
	return TDM_OK;
}
