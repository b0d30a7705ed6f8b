/*
 * cmd-baseline.c - "callreach baseline save": write the review of the
 * current build as a JSON baseline for later gates.
 */
#include "cmd.h"
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_review(FILE *fp, const void *rv)
{
	return review_write_json(rv, fp);
}

static int cmd_baseline(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review rv;
	int code;

	code = cmd_parse(&o, &cmd_baseline_entry,
			 CO_FILTERS | CO_CLASS | CO_SEARCH, argc, argv, NULL,
			 NULL, NULL);
	if (!code &&
	    (o.args.nr != 2 || strcmp(o.args.v[0], "save") || !o.rules.nr))
		code = cmd_usage_error(
			&o, "expected 'save --rules FILE... OUT.json'");
	if (!code)
		code = cmd_open(&o, &cg, NULL);
	if (!code)
		code = cmd_review(&cg, &o, cmd_limit(&o, CMD_REVIEW_LIMIT),
				  &ctx, &rv);
	if (code)
		goto out;
	if (replace_file(o.args.v[1], write_review, &rv))
		code = EXIT_SYSTEM;
	else
		printf("baseline %s: %zu paths%s, %zu pairs, %zu edges\n",
		       o.args.v[1], rv.nr_paths,
		       rv.paths_complete ? "" : " (incomplete listing)",
		       rv.nr_pairs, rv.nr_edges);
	review_release(&rv);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(baseline,
	   "save --rules FILE... [--limit N] [--budget N] [FILTERS] OUT.json",
	   "save the paths, verdicts, pairs and edges of this build as a "
	   "baseline");
