/* weights_ahp.c -- placeholder until AHP lands. */
#include <stdlib.h>

#include "tdm.h"

static const char *const ri_tables[] = {"saaty", NULL};

const char *const *
tdm_ahp_ri_tables(void)
{
	return ri_tables;
}

tdm_status
tdm_weights_ahp(const double *a, size_t m, const char *ri_table, double *w,
                tdm_ahp_info *info, tdm_error *err)
{
	(void)a, (void)m, (void)ri_table, (void)w, (void)info;
	return tdm_error_set(err, TDM_EVAL, NULL, 0, 0, "ahp: not implemented");
}

tdm_status
tdm_ahp_read_csv(const char *path, char ***names, double **a, size_t *n,
                 tdm_error *err)
{
	(void)names, (void)a, (void)n;
	return tdm_error_set(err, TDM_EVAL, path, 0, 0, "ahp: not implemented");
}
