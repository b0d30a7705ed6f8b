/*
 * cmd-report.c - "callreach report": the review of the build as a static
 * web site (overview, entry x target matrix, pages per target, pair and
 * function, graphs, changes since a baseline, the nightly trend, and the
 * run-time coverage of the imported traces); given several databases,
 * a site per build and an overview of them all with their differences.
 */
#include "cmd.h"
#include "coverage.h"
#include "html.h"
#include "report_builds.h"
#include "report_html.h"
#include "report_trend.h"
#include "review.h"
#include "traces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	OPT_OUT = OPT_CMD_BASE,
	OPT_BASELINE,
	OPT_HISTORY,
	OPT_SOURCE_URL,
	OPT_MAX_NODES,
	OPT_PAGE_PATHS,
};

static const struct option report_options[] = {
	{"out", required_argument, NULL, OPT_OUT},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"history", required_argument, NULL, OPT_HISTORY},
	{"source-url", required_argument, NULL, OPT_SOURCE_URL},
	{"max-nodes", required_argument, NULL, OPT_MAX_NODES},
	{"page-paths", required_argument, NULL, OPT_PAGE_PATHS},
	{NULL, 0, NULL, 0},
};

/* The smallest graph worth drawing: the target, an entry and some groups. */
#define MIN_MAX_NODES 10

struct report_args {
	const char *out, *source_url;
	struct strvec baselines, histories; /* one per database, or none */
	long max_nodes, page_paths;
};

static int handle(int opt, const char *arg, void *ctx)
{
	struct report_args *a = ctx;
	long v;

	switch (opt) {
	case OPT_OUT:
		a->out = arg;
		return 0;
	case OPT_BASELINE:
		strvec_push(&a->baselines, arg);
		return 0;
	case OPT_HISTORY:
		strvec_push(&a->histories, arg);
		return 0;
	case OPT_SOURCE_URL:
		if (!url_template_valid(arg))
			return error(
				"'%s': a source URL template knows only %%f, "
				"%%l, %%c and %%%%",
				arg);
		a->source_url = arg;
		return 0;
	}
	v = parse_count(arg);
	if (v <= 0)
		return error("'%s' is not a valid number", arg);
	switch (opt) {
	case OPT_MAX_NODES:
		if (v < MIN_MAX_NODES)
			return error("--max-nodes must be at least %d",
				     MIN_MAX_NODES);
		a->max_nodes = v;
		return 0;
	case OPT_PAGE_PATHS:
		a->page_paths = v;
		return 0;
	}
	return -1;
}

/* Now, or $SOURCE_DATE_EPOCH for reproducible reports, in UTC. */
static void report_date(char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	if (epoch && *epoch && parse_count(epoch) >= 0)
		now = (time_t)parse_count(epoch);
	if (!gmtime_r(&now, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, size, "?");
}

/* One build: where it is read from and what its site compares with. */
struct build_in {
	const char *db, *baseline, *history, *out, *up;
};

/*
 * Review one build and write its site; with KEEP, keep its review, label
 * and targets for the overview of several builds. An exit code or 0.
 */
static int report_one(const struct cmd_opts *o, const struct report_args *a,
		      const struct build_in *bi, const char *date,
		      struct report_build *keep)
{
	struct report_input in;
	struct report_summary sum;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review base, head;
	struct comparison cmp;
	struct trend history;
	struct trace_log set;
	struct coverage cov;
	size_t i;
	int code, have_base = 0, have_history = 0, have_cmp = 0, have_cov = 0;

	if (bi->baseline) {
		if (review_read_json(bi->baseline, &base))
			return EXIT_BADINPUT;
		have_base = 1;
	}
	if (bi->history) {
		if (trend_read(bi->history, &history)) {
			code = EXIT_BADINPUT;
			goto out_base;
		}
		have_history = 1;
	}
	code = cmd_graph_open_path(&cg, o, bi->db);
	if (code)
		goto out_base;
	code = cmd_need_ends(&cg, bi->db);
	if (!code)
		code = cmd_review(&cg, o, cmd_limit(o, CMD_REVIEW_LIMIT), &ctx,
				  &head);
	if (code)
		goto out_graph;
	if (traces_load(&cg.db, NULL, &set)) {
		code = EXIT_SYSTEM;
		goto out_review;
	}
	/* without traces, the report is the same as before they existed */
	if (set.nr) {
		coverage_compute(&cov, &cg.g, &cg.rules, &cg.filter,
				 &cg.rule_entries, &cg.rule_targets, &head,
				 &set);
		have_cov = 1;
	}
	if (have_base) {
		review_compare(&base, &head, &ctx, &cmp);
		have_cmp = 1;
	}
	memset(&in, 0, sizeof(in));
	in.rv = &head;
	in.ctx = &ctx;
	in.cmp = have_cmp ? &cmp : NULL;
	in.baseline = bi->baseline;
	in.history = have_history ? &history : NULL;
	in.cov = have_cov ? &cov : NULL;
	in.indirect = &cg.ind;
	in.rules = &o->rules;
	in.source_url = a->source_url;
	in.generated = date;
	in.max_nodes = (size_t)a->max_nodes;
	in.page_paths = (size_t)a->page_paths;
	in.up = bi->up;
	if (report_html_write(&in, bi->out, &sum)) {
		code = EXIT_SYSTEM;
	} else {
		printf("report %s/index.html: %zu pages, %zu graphs (%zu "
		       "collapsed)\n",
		       bi->out, sum.pages, sum.graphs, sum.collapsed);
		if (sum.failed)
			printf("note: Graphviz could not lay out %zu graph%s\n",
			       sum.failed, sum.failed == 1 ? "" : "s");
		if (have_cmp && cmp.failed)
			printf("note: something new since the baseline lacks a "
			       "SAFE or "
			       "PROB_SAFE verdict (see the changes)\n");
	}
	if (!code && keep) {
		for (i = 0; i < cg.rule_targets.nr; i++)
			strvec_push(&keep->targets,
				    cg.g.f[cg.rule_targets.idx[i]].name);
		keep->rv = head;
		keep->have_rv = 1;
	}
	if (have_cmp)
		comparison_release(&cmp);
	if (have_cov)
		coverage_release(&cov);
	trace_log_release(&set);
out_review:
	if (!keep || !keep->have_rv)
		review_release(&head);
out_graph:
	cmd_graph_close(&cg);
out_base:
	if (have_history)
		trend_release(&history);
	if (have_base)
		review_release(&base);
	return code;
}

/*
 * The labels of the databases DBS, which must be set and differ: the
 * overview of several builds names each by its label. An exit code or 0.
 */
static int read_labels(const struct strvec *dbs, struct report_build *b)
{
	struct graph_db db;
	size_t i, k;

	for (i = 0; i < dbs->nr; i++) {
		if (graph_db_open(&db, dbs->v[i], 0))
			return EXIT_SYSTEM;
		if (graph_db_get_build(&db, "label", &b[i].label)) {
			graph_db_close(&db);
			return EXIT_SYSTEM;
		}
		graph_db_close(&db);
		if (!b[i].label || !*b[i].label) {
			error("%s: the build has no label (ingest it with "
			      "--label NAME)",
			      dbs->v[i]);
			return EXIT_BADINPUT;
		}
		for (k = 0; k < i; k++)
			if (!strcmp(b[k].label, b[i].label)) {
				error("%s and %s are both labelled '%s' "
				      "(ingest each build with its own "
				      "--label)",
				      dbs->v[k], dbs->v[i], b[i].label);
				return EXIT_BADINPUT;
			}
	}
	return 0;
}

/* The Nth of the files given per database; NULL for none or "". */
static const char *nth_file(const struct strvec *files, size_t n)
{
	return n < files->nr && *files->v[n] ? files->v[n] : NULL;
}

/* Several builds: a site each in DIR/build-N, the overview in DIR. */
static int report_builds(const struct cmd_opts *o, const struct report_args *a,
			 const char *date)
{
	const struct strvec *dbs = &o->args;
	struct report_build *b = xcalloc(dbs->nr, sizeof(*b));
	struct build_in bi;
	size_t i;
	int code = read_labels(dbs, b);

	if (!code && site_mkdir(a->out))
		code = EXIT_SYSTEM;
	for (i = 0; !code && i < dbs->nr; i++) {
		char *dir = xstrfmt("%s/build-%zu", a->out, i + 1);

		b[i].page = xstrfmt("build-%zu/index.html", i + 1);
		bi.db = dbs->v[i];
		bi.baseline = nth_file(&a->baselines, i);
		bi.history = nth_file(&a->histories, i);
		bi.out = dir;
		bi.up = "../index.html";
		code = report_one(o, a, &bi, date, &b[i]);
		free(dir);
	}
	if (!code && report_builds_write(b, dbs->nr, a->out, date))
		code = EXIT_SYSTEM;
	if (!code)
		printf("report %s/index.html: %zu builds\n", a->out, dbs->nr);
	for (i = 0; i < dbs->nr; i++)
		report_build_release(&b[i]);
	free(b);
	return code;
}

static int cmd_report(int argc, char **argv)
{
	struct report_args a = {NULL, NULL, {0}, {0}, 150, 50};
	struct build_in bi = {0};
	struct cmd_opts o;
	char date[64];
	size_t n;
	int code;

	code = cmd_parse(&o, &cmd_report_entry,
			 CO_FILTERS | CO_CLASS | CO_SEARCH, argc, argv,
			 report_options, handle, &a);
	if (code)
		goto out;
	n = o.args.nr ? o.args.nr : 1;
	if (!o.rules.nr || !a.out)
		code = cmd_usage_error(&o,
				       "give --rules FILE... and --out DIR");
	else if (o.args.nr && o.db)
		code = cmd_usage_error(&o, "give the database with -d or as "
					   "arguments, not both");
	else if ((a.baselines.nr && a.baselines.nr != n) ||
		 (a.histories.nr && a.histories.nr != n))
		code = cmd_usage_error(&o, "give one --baseline and one "
					   "--history per database, in their "
					   "order, or none");
	if (code)
		goto out;
	report_date(date, sizeof(date));
	if (o.args.nr > 1) {
		code = report_builds(&o, &a, date);
		goto out;
	}
	bi.db = o.args.nr ? o.args.v[0] : cmd_db_path(&o);
	bi.baseline = nth_file(&a.baselines, 0);
	bi.history = nth_file(&a.histories, 0);
	bi.out = a.out;
	code = report_one(&o, &a, &bi, date, NULL);
out:
	strvec_clear(&a.baselines);
	strvec_clear(&a.histories);
	return cmd_end(&o, code);
}

CMD_DEFINE(report,
	   "--rules FILE... --out DIR [--baseline FILE]... [--history FILE]... "
	   "[--source-url URL] [--limit N] [--budget N] [--max-nodes N] "
	   "[--page-paths N] [FILTERS] [DB...]",
	   "write the review as a static web site (matrix, paths, graphs, "
	   "trend); of several builds with their differences");
