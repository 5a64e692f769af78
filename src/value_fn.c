/* value_fn.c -- placeholder until the scoring rules land. */
#include <stdlib.h>
#include <string.h>

#include "tdm.h"
#include "util.h"

const char *
tdm_value_fn_name(tdm_vf_kind kind)
{
	(void)kind;
	return "none";
}

tdm_status
tdm_value_fn_check(const tdm_value_fn *f, tdm_error *err)
{
	(void)f;
	return tdm_error_set(err, TDM_DATA, NULL, 0, 0, "not implemented");
}

double
tdm_value_fn_apply(const tdm_value_fn *f, double x)
{
	(void)f;
	return x;
}

int
tdm_value_fn_copy(tdm_value_fn *dst, const tdm_value_fn *src)
{
	*dst = *src;
	dst->params = NULL;
	dst->text = NULL;
	if (src->n_params > 0) {
		dst->params = malloc(src->n_params * sizeof *dst->params);
		if (dst->params == NULL)
			return -1;
		memcpy(dst->params, src->params, src->n_params * sizeof *dst->params);
	}
	if (src->text != NULL && (dst->text = tdm__strdup(src->text)) == NULL)
		return -1;
	return 0;
}

void
tdm_value_fn_free(tdm_value_fn *f)
{
	if (f == NULL)
		return;
	free(f->params);
	free(f->text);
	f->params = NULL;
	f->text = NULL;
	f->n_params = 0;
	f->kind = TDM_VF_NONE;
}
