/*
 * model.c -- criteria, options and attribute values.
 *
 * Owns the tdm_model value: adding, finding, copying and freeing its parts.
 * Must not know where a model comes from (Lua, CSV) or how it is scored.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

static const tdm_value missing_value = {TDM_VAL_MISSING, 0, {0}};

/* Grow *arr (of *cap elements of size elem) to hold at least need. */
int
tdm__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / elem)
			return -1;
		ncap *= 2;
	}
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

char *
tdm__strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = malloc(n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

tdm_status
tdm__nomem(tdm_error *err)
{
	return tdm_error_set(err, TDM_NOMEM, NULL, 0, 0, "out of memory");
}

tdm_model *
tdm_model_new(void)
{
	return calloc(1, sizeof(tdm_model));
}

int
tdm_value_copy(tdm_value *dst, const tdm_value *src)
{
	*dst = *src;
	if (src->type == TDM_VAL_STRING) {
		dst->as.str = tdm__strdup(src->as.str);
		if (dst->as.str == NULL) {
			dst->type = TDM_VAL_MISSING;
			return -1;
		}
	}
	return 0;
}

void
tdm_value_free(tdm_value *v)
{
	if (v == NULL)
		return;
	if (v->type == TDM_VAL_STRING)
		free(v->as.str);
	v->type = TDM_VAL_MISSING;
	v->as.str = NULL;
}

static void
criterion_free(tdm_criterion *c)
{
	size_t i;

	free(c->name);
	free(c->unit);
	for (i = 0; i < c->n_levels; i++)
		free(c->levels[i].name);
	free(c->levels);
	free(c->score_src);
	tdm_value_fn_free(&c->vf);
	tdm_value_free(&c->must.operand);
	free(c->must.text);
	free(c->because);
}

static void
option_free(tdm_option *o)
{
	size_t i;

	free(o->name);
	for (i = 0; i < o->n_values; i++)
		tdm_value_free(&o->values[i]);
	free(o->values);
}

void
tdm_model_clear_options(tdm_model *m)
{
	size_t i;

	for (i = 0; i < m->n_options; i++)
		option_free(&m->options[i]);
	m->n_options = 0;
	m->index_n = 0;
	if (m->name_index != NULL)
		memset(m->name_index, 0, m->index_cap * sizeof *m->name_index);
}

void
tdm_model_free(tdm_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->title);
	free(m->context);
	free(m->method);
	free(m->method_src);
	free(m->normalization);
	free(m->weighting);
	free(m->ri_table);
	for (i = 0; i < m->n_stakeholders; i++) {
		size_t k;
		free(m->stakeholders[i].name);
		for (k = 0; k < m->stakeholders[i].n; k++)
			free(m->stakeholders[i].criteria[k]);
		free(m->stakeholders[i].criteria);
		free(m->stakeholders[i].weights);
	}
	free(m->stakeholders);
	free(m->status);
	free(m->date);
	free(m->consequences);
	for (i = 0; i < m->n_deciders; i++)
		free(m->deciders[i]);
	free(m->deciders);
	for (i = 0; i < m->n_order; i++)
		free(m->order[i]);
	free(m->order);
	for (i = 0; i < m->n_judgements; i++) {
		free(m->judgements[i].a);
		free(m->judgements[i].b);
	}
	free(m->judgements);
	for (i = 0; i < m->n_criteria; i++)
		criterion_free(&m->criteria[i]);
	free(m->criteria);
	tdm_model_clear_options(m);
	free(m->options);
	free(m->name_index);
	for (i = 0; i < m->n_attrs; i++)
		free(m->attrs[i]);
	free(m->attrs);
	for (i = 0; i < m->n_sources; i++)
		free(m->sources[i]);
	free(m->sources);
	free(m);
}

/* Duplicate s into *dst; 0 ok, -1 out of memory (NULL stays NULL). */
static int
dup_into(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL)
		return 0;
	*dst = tdm__strdup(s);
	return *dst ? 0 : -1;
}

static int
criterion_copy(tdm_criterion *dst, const tdm_criterion *src)
{
	size_t i;

	*dst = *src;
	dst->name = dst->unit = dst->score_src = dst->because = NULL;
	dst->must.text = NULL;
	dst->must.operand.type = TDM_VAL_MISSING;
	dst->levels = NULL;
	dst->n_levels = 0;
	dst->vf.params = NULL;
	dst->vf.text = NULL;
	dst->vf.n_params = 0;
	if (tdm_value_fn_copy(&dst->vf, &src->vf))
		return -1;
	if (dup_into(&dst->name, src->name) || dup_into(&dst->unit, src->unit) ||
	    dup_into(&dst->score_src, src->score_src) ||
	    dup_into(&dst->because, src->because) ||
	    dup_into(&dst->must.text, src->must.text) ||
	    tdm_value_copy(&dst->must.operand, &src->must.operand))
		return -1;
	if (src->n_levels > 0) {
		dst->levels = calloc(src->n_levels, sizeof *dst->levels);
		if (dst->levels == NULL)
			return -1;
		dst->n_levels = src->n_levels;
		for (i = 0; i < src->n_levels; i++) {
			dst->levels[i].value = src->levels[i].value;
			if (dup_into(&dst->levels[i].name, src->levels[i].name))
				return -1;
		}
	}
	return 0;
}

static int
option_copy(tdm_option *dst, const tdm_option *src)
{
	size_t i;

	*dst = *src;
	dst->name = NULL;
	dst->values = NULL;
	dst->n_values = 0;
	if (dup_into(&dst->name, src->name))
		return -1;
	if (src->n_values > 0) {
		dst->values = calloc(src->n_values, sizeof *dst->values);
		if (dst->values == NULL)
			return -1;
		dst->n_values = src->n_values;
		for (i = 0; i < src->n_values; i++)
			if (tdm_value_copy(&dst->values[i], &src->values[i]))
				return -1;
	}
	return 0;
}

static int
strings_copy(char ***dst, size_t *n_dst, size_t *cap_dst, char *const *src,
             size_t n)
{
	size_t i;

	*dst = NULL;
	*n_dst = *cap_dst = 0;
	if (n == 0)
		return 0;
	*dst = calloc(n, sizeof **dst);
	if (*dst == NULL)
		return -1;
	*cap_dst = n;
	for (i = 0; i < n; i++) {
		if (dup_into(&(*dst)[i], src[i]))
			return -1;
		*n_dst = i + 1;
	}
	return 0;
}

tdm_model *
tdm_model_clone(const tdm_model *m)
{
	tdm_model *c;
	size_t i;

	c = tdm_model_new();
	if (c == NULL)
		return NULL;
	c->method_fn = m->method_fn;
	c->critic_flip_cost = m->critic_flip_cost;
	c->has_vikor_v = m->has_vikor_v;
	c->vikor_v = m->vikor_v;
	if (dup_into(&c->title, m->title) || dup_into(&c->context, m->context) ||
	    dup_into(&c->method, m->method) ||
	    dup_into(&c->method_src, m->method_src) ||
	    dup_into(&c->normalization, m->normalization) ||
	    dup_into(&c->weighting, m->weighting) ||
	    dup_into(&c->ri_table, m->ri_table) ||
	    dup_into(&c->status, m->status) || dup_into(&c->date, m->date) ||
	    dup_into(&c->consequences, m->consequences))
		goto fail;
	if (strings_copy(&c->deciders, &c->n_deciders, &i, m->deciders,
	                 m->n_deciders))
		goto fail;
	if (m->n_stakeholders > 0) {
		c->stakeholders = calloc(m->n_stakeholders, sizeof *c->stakeholders);
		if (c->stakeholders == NULL)
			goto fail;
		for (i = 0; i < m->n_stakeholders; i++) {
			const tdm_stakeholder *src = &m->stakeholders[i];
			tdm_stakeholder *dst = &c->stakeholders[i];
			size_t cap;
			c->n_stakeholders = i + 1;
			dst->source = src->source;
			dst->line = src->line;
			if (dup_into(&dst->name, src->name) ||
			    strings_copy(&dst->criteria, &dst->n, &cap, src->criteria,
			                 src->n))
				goto fail;
			if (src->n > 0) {
				dst->weights = malloc(src->n * sizeof *dst->weights);
				if (dst->weights == NULL)
					goto fail;
				memcpy(dst->weights, src->weights,
				       src->n * sizeof *dst->weights);
			}
		}
	}
	if (strings_copy(&c->order, &c->n_order, &i, m->order, m->n_order))
		goto fail;
	if (m->n_judgements > 0) {
		c->judgements = calloc(m->n_judgements, sizeof *c->judgements);
		if (c->judgements == NULL)
			goto fail;
		for (i = 0; i < m->n_judgements; i++) {
			c->n_judgements = i + 1;
			c->judgements[i].value = m->judgements[i].value;
			if (dup_into(&c->judgements[i].a, m->judgements[i].a) ||
			    dup_into(&c->judgements[i].b, m->judgements[i].b))
				goto fail;
		}
	}
	if (strings_copy(&c->attrs, &c->n_attrs, &c->cap_attrs, m->attrs,
	                 m->n_attrs) ||
	    strings_copy(&c->sources, &c->n_sources, &c->cap_sources,
	                 m->sources, m->n_sources))
		goto fail;
	if (m->n_criteria > 0) {
		c->criteria = calloc(m->n_criteria, sizeof *c->criteria);
		if (c->criteria == NULL)
			goto fail;
		c->cap_criteria = m->n_criteria;
		for (i = 0; i < m->n_criteria; i++) {
			c->n_criteria = i + 1;
			if (criterion_copy(&c->criteria[i], &m->criteria[i]))
				goto fail;
		}
	}
	if (m->n_options > 0) {
		c->options = calloc(m->n_options, sizeof *c->options);
		if (c->options == NULL)
			goto fail;
		c->cap_options = m->n_options;
		for (i = 0; i < m->n_options; i++) {
			c->n_options = i + 1;
			if (option_copy(&c->options[i], &m->options[i]))
				goto fail;
		}
	}
	return c;
fail:
	tdm_model_free(c);
	return NULL;
}

tdm_status
tdm_model_set_text(tdm_model *m, char **field, const char *text,
                   tdm_error *err)
{
	char *copy = NULL;

	(void)m;
	if (text != NULL && (copy = tdm__strdup(text)) == NULL)
		return tdm__nomem(err);
	free(*field);
	*field = copy;
	return TDM_OK;
}

int
tdm_model_source(tdm_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_sources; i++)
		if (strcmp(m->sources[i], name) == 0)
			return (int)i;
	if (tdm__grow((void **)&m->sources, &m->cap_sources, m->n_sources + 1,
	              sizeof *m->sources))
		return -1;
	if ((m->sources[m->n_sources] = tdm__strdup(name)) == NULL)
		return -1;
	return (int)m->n_sources++;
}

const char *
tdm_model_source_name(const tdm_model *m, int source)
{
	if (source < 0 || (size_t)source >= m->n_sources)
		return "";
	return m->sources[source];
}

long
tdm_model_find_criterion(const tdm_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_criteria; i++)
		if (strcmp(m->criteria[i].name, name) == 0)
			return (long)i;
	return -1;
}

tdm_status
tdm_model_add_criterion(tdm_model *m, const char *name, int source, long line,
                        tdm_criterion **out, tdm_error *err)
{
	tdm_criterion *c;
	long prev = tdm_model_find_criterion(m, name);

	if (prev >= 0) {
		const tdm_criterion *p = &m->criteria[prev];
		if (p->line > 0)
			return tdm_error_set(err, TDM_DATA,
			                     tdm_model_source_name(m, source), line, 0,
			                     "criterion '%s' is declared twice (first "
			                     "at line %ld)",
			                     name, p->line);
		return tdm_error_set(err, TDM_DATA, tdm_model_source_name(m, source),
		                     line, 0, "criterion '%s' is declared twice",
		                     name);
	}
	if (tdm__grow((void **)&m->criteria, &m->cap_criteria,
	              m->n_criteria + 1, sizeof *m->criteria))
		return tdm__nomem(err);
	c = &m->criteria[m->n_criteria];
	memset(c, 0, sizeof *c);
	if ((c->name = tdm__strdup(name)) == NULL)
		return tdm__nomem(err);
	c->source = source;
	c->line = line;
	m->n_criteria++;
	if (out != NULL)
		*out = c;
	return TDM_OK;
}

/* FNV-1a: option names are short; the index needs spread, not strength. */
static size_t
name_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t
index_slot(const tdm_model *m, const char *name)
{
	size_t mask = m->index_cap - 1, i = name_hash(name) & mask;

	while (m->name_index[i] != 0 &&
	       strcmp(m->options[m->name_index[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Make the index cover every option with room for one more (at most half
 * full); -1 on out of memory. Options are also removed and renamed
 * outside this file (the REPL's `drop` works on a clone), so an index
 * that does not cover exactly n_options options is rebuilt. */
static int
index_update(tdm_model *m)
{
	size_t need = 16, i;

	while (need < 2 * (m->n_options + 1))
		need *= 2;
	if (m->index_n == m->n_options && m->index_cap >= need)
		return 0;
	if (m->index_cap < need) {
		size_t *t = calloc(need, sizeof *t);
		if (t == NULL)
			return -1;
		free(m->name_index);
		m->name_index = t;
		m->index_cap = need;
	} else {
		memset(m->name_index, 0, m->index_cap * sizeof *m->name_index);
	}
	m->index_n = 0;
	for (i = 0; i < m->n_options; i++) {
		size_t slot = index_slot(m, m->options[i].name);
		if (m->name_index[slot] == 0)
			m->name_index[slot] = i + 1;
		m->index_n = i + 1;
	}
	return 0;
}

long
tdm_model_find_option(const tdm_model *m, const char *name)
{
	size_t i;

	if (m->name_index != NULL && m->index_n == m->n_options &&
	    m->n_options > 0) {
		i = m->name_index[index_slot(m, name)];
		return i == 0 ? -1 : (long)(i - 1);
	}
	for (i = 0; i < m->n_options; i++)
		if (strcmp(m->options[i].name, name) == 0)
			return (long)i;
	return -1;
}

tdm_status
tdm_model_add_option(tdm_model *m, const char *name, int source, long line,
                     size_t *index_out, tdm_error *err)
{
	tdm_option *o;
	long prev;
	size_t slot;

	if (index_update(m))
		return tdm__nomem(err);
	slot = index_slot(m, name);
	prev = m->name_index[slot] == 0 ? -1 : (long)(m->name_index[slot] - 1);
	if (prev >= 0) {
		const tdm_option *p = &m->options[prev];
		return tdm_error_set(err, TDM_DATA, tdm_model_source_name(m, source),
		                     line, 0,
		                     "option '%s' is declared twice (first at %s:%ld)",
		                     name, tdm_model_source_name(m, p->source),
		                     p->line);
	}
	if (tdm__grow((void **)&m->options, &m->cap_options, m->n_options + 1,
	              sizeof *m->options))
		return tdm__nomem(err);
	o = &m->options[m->n_options];
	memset(o, 0, sizeof *o);
	if ((o->name = tdm__strdup(name)) == NULL)
		return tdm__nomem(err);
	o->source = source;
	o->line = line;
	if (index_out != NULL)
		*index_out = m->n_options;
	m->name_index[slot] = m->n_options + 1;
	m->n_options++;
	m->index_n = m->n_options;
	return TDM_OK;
}

long
tdm_model_find_attr(const tdm_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_attrs; i++)
		if (strcmp(m->attrs[i], name) == 0)
			return (long)i;
	return -1;
}

long
tdm_model_attr(tdm_model *m, const char *name, int create)
{
	long id = tdm_model_find_attr(m, name);

	if (id >= 0 || !create)
		return id;
	if (tdm__grow((void **)&m->attrs, &m->cap_attrs, m->n_attrs + 1,
	              sizeof *m->attrs))
		return -1;
	if ((m->attrs[m->n_attrs] = tdm__strdup(name)) == NULL)
		return -1;
	return (long)m->n_attrs++;
}

tdm_status
tdm_model_set_value(tdm_model *m, size_t opt, size_t attr, const tdm_value *v,
                    tdm_error *err)
{
	tdm_option *o = &m->options[opt];
	tdm_value copy;

	if (attr >= o->n_values) {
		size_t n = m->n_attrs > attr ? m->n_attrs : attr + 1;
		tdm_value *p = realloc(o->values, n * sizeof *p);
		if (p == NULL)
			return tdm__nomem(err);
		memset(p + o->n_values, 0, (n - o->n_values) * sizeof *p);
		o->values = p;
		o->n_values = n;
	}
	if (tdm_value_copy(&copy, v))
		return tdm__nomem(err);
	tdm_value_free(&o->values[attr]);
	o->values[attr] = copy;
	return TDM_OK;
}

const tdm_value *
tdm_model_value(const tdm_model *m, size_t opt, long attr)
{
	const tdm_option *o = &m->options[opt];

	if (attr < 0 || (size_t)attr >= o->n_values)
		return &missing_value;
	return &o->values[attr];
}

char *
tdm_value_format(const tdm_value *v, char *buf, size_t size)
{
	char num[40];

	if (size == 0)
		return buf;
	switch (v->type) {
	case TDM_VAL_NUMBER:
		snprintf(buf, size, "%s", tdm_format_number(v->as.num, num, sizeof num));
		break;
	case TDM_VAL_STRING:
		snprintf(buf, size, "'%s'", v->as.str);
		break;
	case TDM_VAL_BOOL:
		snprintf(buf, size, "%s", v->as.boolean ? "true" : "false");
		break;
	case TDM_VAL_RANGE: {
		char lo[40], hi[40];
		snprintf(buf, size, "%s..%s",
		         tdm_format_number(v->as.range.lo, lo, sizeof lo),
		         tdm_format_number(v->as.range.hi, hi, sizeof hi));
		break;
	}
	default:
		snprintf(buf, size, "missing");
		break;
	}
	return buf;
}
