/*
 * cmd-diff.c - "callreach diff A.db B.db": the gate's comparison between
 * two databases (two configs, two architectures, two commits).
 */
#include "cmd.h"
#include "review.h"

static int cmd_diff(int argc, char **argv)
{
	struct gate_opts go = {NULL, {NULL, NULL, NULL}};
	struct cmd_opts o;
	struct cmd_graph a, b;
	struct review_ctx actx, bctx;
	struct review ra, rb;
	struct comparison c;
	int code;

	code = cmd_parse(&o, &cmd_diff_entry,
			 CO_FORMAT | CO_FILTERS | CO_CLASS | CO_SEARCH, argc,
			 argv, cmd_gate_options, cmd_gate_handle, &go);
	if (code)
		goto out;
	if (o.args.nr != 2 || !o.rules.nr || go.baseline) {
		code = cmd_usage_error(&o,
				       "give A.db B.db and --rules FILE...");
		goto out;
	}
	code = cmd_graph_open_path(&a, &o, o.args.v[0]);
	if (code)
		goto out;
	cmd_review_ctx(&a, cmd_limit(&o, 100000), (uint64_t)o.budget, &actx);
	code = cmd_review(&a, &actx, &ra);
	cmd_graph_close(&a);
	if (code)
		goto out;
	code = cmd_graph_open_path(&b, &o, o.args.v[1]);
	if (code)
		goto out_a;
	cmd_review_ctx(&b, cmd_limit(&o, 100000), (uint64_t)o.budget, &bctx);
	code = cmd_review(&b, &bctx, &rb);
	if (!code) {
		review_compare(&ra, &rb, &bctx, &c);
		code = cmd_gate_finish(&o, &go, &c);
		comparison_release(&c);
		review_release(&rb);
	}
	cmd_graph_close(&b);
out_a:
	review_release(&ra);
out:
	return cmd_end(&o, code);
}

const struct cmd_entry cmd_diff_entry = {
	"diff",
	cmd_diff,
	"--rules FILE... [--markdown F] [--junit F] [--sarif F] [--format "
	"text|json] A.db B.db",
	"compare two databases like the gate compares with a baseline",
};
