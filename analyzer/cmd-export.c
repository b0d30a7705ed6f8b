/*
 * cmd-export.c - "callreach export": the subgraph between sources and
 * targets as DOT, SVG or JSON.
 */
#include "cmd.h"
#include "export.h"
#include "query.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int handle(int opt, const char *arg, void *ctx)
{
	const char **out = ctx;

	if (opt != 'o')
		return -1;
	*out = arg;
	return 0;
}

/* An exporter and what it writes, for replace_file(). */
struct export_job {
	const struct exporter *ex;
	const struct export_graph *eg;
};

static int write_job(FILE *fp, const void *ctx)
{
	const struct export_job *job = ctx;

	return job->ex->write(job->eg, fp);
}

static int cmd_export(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct query q;
	struct export_graph eg;
	const char *outpath = NULL;
	struct export_job job;
	struct graph_db_sites_ahead *ahead = NULL;
	int code;

	code = cmd_parse(&o, &cmd_export_entry,
			 CO_EXPORT_FORMATS | CO_FILTERS | CO_ENDS, argc, argv,
			 NULL, handle, &outpath);
	if (!code && o.args.nr)
		code = cmd_usage_error(
			&o, "unexpected argument '%s' (use --from and --to)",
			o.args.v[0]);
	if (code)
		goto out;
	/* the call sites are read while the graph is opened */
	ahead = graph_db_sites_ahead_start(cmd_db_path(&o));
	code = cmd_open(&o, &cg, &q);
	if (code) {
		graph_db_sites_ahead_cancel(ahead);
		goto out;
	}
	if (export_graph_build(&eg, &cg.db, &q, ahead)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	/* DOT unless --format names another exporter */
	job.ex = o.exporter ? o.exporter : &export_dot;
	job.eg = &eg;
	if (outpath ? replace_file(outpath, write_job, &job)
		    : job.ex->write(&eg, stdout))
		code = EXIT_SYSTEM;
	if (!code && !eg.nr_nodes)
		code = EXIT_NOTFOUND;
	export_graph_release(&eg);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(export,
	   "[--format dot|svg|json] [--to T]... [--from F]... [FILTERS] "
	   "[-o FILE]",
	   "export the subgraph between sources and targets");
