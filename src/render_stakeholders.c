/* render_stakeholders.c -- placeholder until the stakeholder section lands. */
#include "render.h"

void
tdm__section_stakeholders(tdm__out *o, tdm__json *j, int md,
                          const tdm_result *r,
                          const tdm_stakeholder_report *rep)
{
	(void)o, (void)j, (void)md, (void)r, (void)rep;
}
