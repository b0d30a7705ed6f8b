/*
 * cmd-diff.c - "callreach diff A.db B.db": the gate's comparison between
 * two databases (two configs, two architectures, two commits).
 */
#include "cmd.h"
#include "review.h"

/* Open the database at PATH and review it; CG stays open for CTX. */
static int review_db(const struct cmd_opts *o, const char *path,
		     struct cmd_graph *cg, struct review_ctx *ctx,
		     struct review *rv)
{
	int code = cmd_graph_open_path(cg, o, path);

	if (code)
		return code;
	code = cmd_review(cg, o, cmd_limit(o, CMD_REVIEW_LIMIT), ctx, rv);
	if (code)
		cmd_graph_close(cg);
	return code;
}

static int cmd_diff(int argc, char **argv)
{
	struct gate_opts go = {NULL, {NULL, NULL, NULL}};
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review ra, rb;
	struct comparison c;
	int code;

	code = cmd_parse(&o, &cmd_diff_entry,
			 CO_FORMAT | CO_FILTERS | CO_CLASS | CO_SEARCH, argc,
			 argv, cmd_gate_options, cmd_gate_handle, &go);
	if (!code && (o.args.nr != 2 || !o.rules.nr || go.baseline))
		code = cmd_usage_error(&o,
				       "give A.db B.db and --rules FILE...");
	if (!code)
		code = review_db(&o, o.args.v[0], &cg, &ctx, &ra);
	if (code)
		goto out;
	cmd_graph_close(&cg);
	code = review_db(&o, o.args.v[1], &cg, &ctx, &rb);
	if (!code) {
		review_compare(&ra, &rb, &ctx, &c);
		code = cmd_gate_finish(&o, &go, &c);
		comparison_release(&c);
		review_release(&rb);
		cmd_graph_close(&cg);
	}
	review_release(&ra);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(diff,
	   "--rules FILE... [--markdown F] [--junit F] [--sarif F] [--format "
	   "text|json] A.db B.db",
	   "compare two databases like the gate compares with a baseline");
