/* cmd_report.c -- placeholder until the HTML report lands. */
#include "cmd.h"

tdm_status
cmd_report(const tdm_cli *cli, const tdm_model *m, const tdm_hooks *hooks,
           const tdm_result *r, tdm_error *err)
{
	(void)cli, (void)m, (void)hooks, (void)r;
	return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
	                     "report is not implemented yet");
}
