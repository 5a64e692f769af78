/*
 * method_topsis.c -- placeholder until the method lands.
 */
#include "engine.h"

tdm_status
tdm__method_topsis(const tdm__problem *P, const double *norm, const double *w,
                double *ws, double *score, double *extra,
                tdm_method_info *info, tdm_error *err)
{
	(void)P, (void)norm, (void)w, (void)ws, (void)score, (void)extra;
	(void)info;
	return tdm_error_set(err, TDM_EVAL, NULL, 0, 0,
	                     "method 'topsis' is not implemented yet");
}
