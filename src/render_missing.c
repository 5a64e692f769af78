/* render_missing.c -- placeholder until the missing-value section lands. */
#include "render.h"

void
tdm__section_missing(tdm__out *o, tdm__json *j, int md, const tdm_result *r,
                     const tdm_missing_report *rep)
{
	(void)o, (void)j, (void)md, (void)r, (void)rep;
}
