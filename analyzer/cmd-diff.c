/*
 * cmd-diff.c - "callreach diff A.db B.db": the gate's comparison between
 * two databases (two configs, two architectures, two commits).
 */
#include "cmd.h"

static int cmd_diff(int argc, char **argv)
{
	return cmd_compare(argc, argv, &cmd_diff_entry);
}

CMD_DEFINE(diff,
	   "--rules FILE... [--markdown F] [--junit F] [--sarif F] [--format "
	   "text|json] A.db B.db",
	   "compare two databases like the gate compares with a baseline");
