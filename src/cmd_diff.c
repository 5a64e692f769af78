/* cmd_diff.c -- placeholder until decision diffs land. */
#include "cmd.h"

tdm_status
cmd_diff(const tdm_cli *cli, tdm_error *err)
{
	(void)cli;
	return tdm_error_set(err, TDM_USAGE, NULL, 0, 0,
	                     "diff is not implemented yet");
}
