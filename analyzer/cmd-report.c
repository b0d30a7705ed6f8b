/*
 * cmd-report.c - "callreach report": the review of the build as a static
 * web site (overview, entry x target matrix, pages per target, pair and
 * function, graphs, changes since a baseline, the nightly trend, and the
 * run-time coverage of the imported traces).
 */
#include "cmd.h"
#include "coverage.h"
#include "html.h"
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
	const char *out, *baseline, *history, *source_url;
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
		a->baseline = arg;
		return 0;
	case OPT_HISTORY:
		a->history = arg;
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

static int cmd_report(int argc, char **argv)
{
	struct report_args a = {NULL, NULL, NULL, NULL, 150, 50};
	struct report_input in;
	struct report_summary sum;
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review base, head;
	struct comparison cmp;
	struct trend history;
	struct trace_log set;
	struct coverage cov;
	char date[64];
	int code, have_base = 0, have_history = 0, have_cmp = 0, have_cov = 0;

	code = cmd_parse(&o, &cmd_report_entry,
			 CO_FILTERS | CO_CLASS | CO_SEARCH, argc, argv,
			 report_options, handle, &a);
	if (code) {
		cmd_opts_release(&o);
		return code < 0 ? EXIT_OK : code;
	}
	if (!o.rules.nr || !a.out || o.args.nr) {
		code = cmd_usage_error(
			&o,
			o.args.nr ? "unexpected argument '%s'"
				  : "give --rules FILE... and --out DIR",
			o.args.nr ? o.args.v[0] : "");
		cmd_opts_release(&o);
		return code;
	}
	if (a.baseline) {
		if (review_read_json(a.baseline, &base)) {
			cmd_opts_release(&o);
			return EXIT_BADINPUT;
		}
		have_base = 1;
	}
	if (a.history) {
		if (trend_read(a.history, &history)) {
			code = EXIT_BADINPUT;
			goto out_base;
		}
		have_history = 1;
	}
	code = cmd_graph_open(&cg, &o);
	if (code)
		goto out_base;
	if (!cg.rule_targets.nr || !cg.rule_entries.nr) {
		error("the rules name no %s",
		      !cg.rule_targets.nr ? "target" : "entry point");
		code = EXIT_USAGE;
		goto out_graph;
	}
	cmd_review_ctx(&cg, cmd_limit(&o, 100000), (uint64_t)o.budget, &ctx);
	code = cmd_review(&cg, &ctx, &head);
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
	report_date(date, sizeof(date));
	memset(&in, 0, sizeof(in));
	in.rv = &head;
	in.ctx = &ctx;
	in.cmp = have_cmp ? &cmp : NULL;
	in.baseline = a.baseline;
	in.history = have_history ? &history : NULL;
	in.cov = have_cov ? &cov : NULL;
	in.indirect = &cg.ind;
	in.rules = &o.rules;
	in.source_url = a.source_url;
	in.generated = date;
	in.max_nodes = (size_t)a.max_nodes;
	in.page_paths = (size_t)a.page_paths;
	if (report_html_write(&in, a.out, &sum)) {
		code = EXIT_SYSTEM;
	} else {
		printf("report %s/index.html: %zu pages, %zu graphs (%zu "
		       "collapsed)\n",
		       a.out, sum.pages, sum.graphs, sum.collapsed);
		if (sum.failed)
			printf("note: Graphviz could not lay out %zu graph%s\n",
			       sum.failed, sum.failed == 1 ? "" : "s");
		if (have_cmp && cmp.failed)
			printf("note: something new since the baseline lacks a "
			       "SAFE or "
			       "PROB_SAFE verdict (see the changes)\n");
	}
	if (have_cmp)
		comparison_release(&cmp);
	if (have_cov)
		coverage_release(&cov);
	trace_log_release(&set);
out_review:
	review_release(&head);
out_graph:
	cmd_graph_close(&cg);
out_base:
	if (have_history)
		trend_release(&history);
	if (have_base)
		review_release(&base);
	cmd_opts_release(&o);
	return code;
}

const struct cmd_entry cmd_report_entry = {
	"report",
	cmd_report,
	"--rules FILE... --out DIR [--baseline FILE] [--history FILE] "
	"[--source-url URL] [--limit N] [--budget N] [--max-nodes N] "
	"[--page-paths N] [FILTERS]",
	"write the review as a static web site (matrix, paths, graphs, trend)",
};
