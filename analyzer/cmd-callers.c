/*
 * cmd-callers.c - "callreach callers" and "callreach callees": the
 * functions calling (or called by) a function, as a tree.
 */
#include "cmd.h"
#include "query.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DEPTH = OPT_CMD_BASE };

static const struct option tree_options[] = {
	{"depth", required_argument, NULL, OPT_DEPTH},
	{NULL, 0, NULL, 0},
};

struct tree {
	struct cmd_graph *cg;
	const struct query *q;
	int callers;	/* walk callers instead of callees */
	long max_depth; /* 0: unlimited */
	unsigned char *expanded, *on_branch;
	int json;
	int failed;
};

static int handle(int opt, const char *arg, void *ctx)
{
	long *depth = ctx;

	if (opt != OPT_DEPTH)
		return -1;
	*depth = parse_count(arg);
	if (*depth < 0)
		return error("--depth takes a number, not '%s'", arg);
	return 0;
}

static void first_site(struct tree *t, uint32_t caller, uint32_t callee,
		       struct call_sites *sites)
{
	int64_t pair[1][2];

	pair[0][0] = t->cg->g.f[caller].id;
	pair[0][1] = t->cg->g.f[callee].id;
	if (graph_db_call_sites(&t->cg->db, (const int64_t(*)[2])pair, 1,
				sites))
		t->failed = 1;
}

static int shown(const struct tree *t, uint32_t w)
{
	return !(t->q->flags[w] & (NF_EXCLUDED | NF_NOT_ONLY));
}

/* Children of V at DEPTH, printed or added to the JSON array KIDS. */
static void walk(struct tree *t, uint32_t v, long depth, cJSON *kids)
{
	const struct graph *g = &t->cg->g;
	const uint32_t *start = t->callers ? g->in_start : g->out_start;
	const uint32_t *adj = t->callers ? g->in : g->out;
	uint32_t k;

	t->on_branch[v] = 1;
	t->expanded[v] = 1;
	for (k = start[v]; k < start[v + 1] && !t->failed; k++) {
		uint32_t w = adj[k];
		struct call_sites sites = {0};
		const char *mark = NULL;
		const struct graph_user_edge *ue;
		int expand = 0;
		cJSON *node = NULL;

		if (!shown(t, w))
			continue;
		ue = t->callers ? graph_user_edge(g, w, v)
				: graph_user_edge(g, v, w);
		if (t->callers)
			first_site(t, w, v, &sites);
		else
			first_site(t, v, w, &sites);
		if (t->on_branch[w])
			mark = "recursion";
		else if (t->expanded[w] && start[w] < start[w + 1])
			mark = "see above";
		else if (!(t->q->flags[w] & NF_STOP) &&
			 (!t->max_depth || depth + 1 < t->max_depth))
			expand = 1;
		if (t->json) {
			node = sites.nr ? json_site(sites.v[0].file,
							sites.v[0].line,
							sites.v[0].col)
					: cJSON_CreateObject();
			cJSON_AddItemToObjectCS(
				node, "name", cJSON_CreateString(g->f[w].name));
			if (ue)
				cJSON_AddStringToObject(
					node, "tier",
					indirect_tier_name(
						indirect_edge_tier(ue)));
			if (mark)
				cJSON_AddStringToObject(node, "mark", mark);
			cJSON_AddItemToArray(kids, node);
		} else {
			printf("%*s%s", (int)(depth + 1) * 2, "", g->f[w].name);
			if (sites.nr && *sites.v[0].file)
				printf("  (%s:%d:%d)", sites.v[0].file,
				       sites.v[0].line, sites.v[0].col);
			else if (sites.nr)
				printf("  (no call-site location)");
			else if (ue)
				printf("  (%s)",
				       indirect_edge_tier(ue) == IND_RULES
					       ? "rule edge"
					       : indirect_tier_name(
							 indirect_edge_tier(
								 ue)));
			if (mark)
				printf("  (%s)", mark);
			putchar('\n');
		}
		call_sites_release(&sites);
		if (expand) {
			cJSON *sub = NULL;

			if (t->json)
				sub = cJSON_AddArrayToObject(node, "children");
			walk(t, w, depth + 1, sub);
		}
	}
	t->on_branch[v] = 0;
}

static int run_tree(int argc, char **argv, const struct cmd_entry *entry,
		    int callers)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct sym_matches m = {0};
	struct query q;
	struct tree t;
	long depth = 3;
	cJSON *all = NULL;
	size_t i;
	int code;

	code = cmd_parse(&o, entry, CO_FORMAT | CO_FILTERS, argc, argv,
			 tree_options, handle, &depth);
	if (!code && o.args.nr != 1)
		code = cmd_usage_error(&o, "give one function");
	if (!code)
		code = cmd_open_args(&o, &cg, &m);
	if (code)
		goto out;
	query_init(&q, &cg.g, &cg.filter);
	memset(&t, 0, sizeof(t));
	t.cg = &cg;
	t.q = &q;
	t.callers = callers;
	t.max_depth = depth;
	t.json = o.format == FORMAT_JSON;
	t.expanded = xcalloc((size_t)cg.g.nr + 1, 1);
	t.on_branch = xcalloc((size_t)cg.g.nr + 1, 1);
	if (t.json && m.nr > 1)
		all = cJSON_CreateArray();
	for (i = 0; i < m.nr && !t.failed; i++) {
		uint32_t v = m.idx[i];

		if (t.json) {
			cJSON *root = cJSON_CreateObject();
			cJSON *kids;

			cJSON_AddStringToObject(root, "name", cg.g.f[v].name);
			kids = cJSON_AddArrayToObject(root, "children");
			walk(&t, v, 0, kids);
			if (all)
				cJSON_AddItemToArray(all, root);
			else
				cmd_print_json(root);
		} else {
			if (i)
				putchar('\n');
			printf("%s\n", cg.g.f[v].name);
			walk(&t, v, 0, NULL);
		}
	}
	if (all)
		cmd_print_json(all);
	if (t.failed)
		code = EXIT_SYSTEM;
	free(t.expanded);
	free(t.on_branch);
	query_release(&q);
out:
	sym_matches_release(&m);
	return cmd_end(&o, code);
}

static int cmd_callers(int argc, char **argv)
{
	return run_tree(argc, argv, &cmd_callers_entry, 1);
}

static int cmd_callees(int argc, char **argv)
{
	return run_tree(argc, argv, &cmd_callees_entry, 0);
}

CMD_DEFINE(callers, "[--depth N] [--format text|json] [FILTERS] FUNC",
	   "show the callers of a function as a tree");
CMD_DEFINE(callees, "[--depth N] [--format text|json] [FILTERS] FUNC",
	   "show the callees of a function as a tree");
