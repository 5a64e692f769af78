/* weights_objective.c -- placeholder until ROC, entropy and CRITIC land. */
#include "tdm.h"

void
tdm_weights_roc(size_t m, double *w)
{
	size_t k;
	for (k = 0; k < m; k++)
		w[k] = 1.0 / (double)m;
}

tdm_status
tdm_weights_entropy(const double *x, size_t n, size_t m, double *w,
                    tdm_error *err)
{
	(void)x, (void)n, (void)m, (void)w;
	return tdm_error_set(err, TDM_EVAL, NULL, 0, 0, "entropy: not implemented");
}

tdm_status
tdm_weights_critic(const double *x, size_t n, size_t m,
                   const unsigned char *cost, int flip_cost, double *w,
                   tdm_error *err)
{
	(void)x, (void)n, (void)m, (void)cost, (void)flip_cost, (void)w;
	return tdm_error_set(err, TDM_EVAL, NULL, 0, 0, "critic: not implemented");
}
