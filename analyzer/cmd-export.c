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

static int build(struct cmd_graph *cg, const struct query *q,
		 struct export_graph *eg)
{
	const struct graph *g = &cg->g;
	unsigned char *mark = query_subgraph(q);
	int64_t(*pairs)[2] = NULL;
	struct call_sites *sites;
	size_t alloc = 0, i;
	uint32_t v, k;
	int ret;

	memset(eg, 0, sizeof(*eg));
	eg->g = g;
	eg->flags = q->flags;
	eg->nodes = xmalloc(((size_t)g->nr + 1) * sizeof(*eg->nodes));
	for (v = 0; v < g->nr; v++) {
		if (!mark[v])
			continue;
		eg->nodes[eg->nr_nodes++] = v;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];

			if (!query_edge_ok(q, mark, v, w))
				continue;
			ALLOC_GROW(eg->edges, eg->nr_edges + 1, alloc);
			eg->edges[eg->nr_edges].caller = v;
			eg->edges[eg->nr_edges].callee = w;
			eg->nr_edges++;
		}
	}
	free(mark);
	pairs = xmalloc((eg->nr_edges + 1) * sizeof(*pairs));
	sites = xcalloc(eg->nr_edges + 1, sizeof(*sites));
	for (i = 0; i < eg->nr_edges; i++) {
		pairs[i][0] = g->f[eg->edges[i].caller].id;
		pairs[i][1] = g->f[eg->edges[i].callee].id;
	}
	ret = graph_db_call_sites(&cg->db, (const int64_t(*)[2])pairs,
				  eg->nr_edges, sites);
	for (i = 0; i < eg->nr_edges; i++)
		eg->edges[i].sites = sites[i];
	free(sites);
	free(pairs);
	return ret;
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
	int code;

	code = cmd_parse(&o, &cmd_export_entry,
			 CO_EXPORT_FORMATS | CO_FILTERS | CO_ENDS, argc, argv,
			 NULL, handle, &outpath);
	if (!code && o.args.nr)
		code = cmd_usage_error(
			&o, "unexpected argument '%s' (use --from and --to)",
			o.args.v[0]);
	if (!code)
		code = cmd_open(&o, &cg, &q);
	if (code)
		goto out;
	if (build(&cg, &q, &eg)) {
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
