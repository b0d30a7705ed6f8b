/*
 * cmd-paths.c - "callreach paths": simple paths from sources to targets,
 * shortest first, with exact (or bounded) counts.
 */
#include "cmd.h"
#include "alloc_class.h"
#include "query.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

enum { OPT_COUNT = OPT_CMD_BASE };

static const struct option paths_options[] = {
	{"count", no_argument, NULL, OPT_COUNT},
	{NULL, 0, NULL, 0},
};

#define DEFAULT_LIMIT 1000

static int handle(int opt, const char *arg, void *ctx)
{
	(void)arg;
	if (opt != OPT_COUNT)
		return -1;
	*(int *)ctx = 1;
	return 0;
}

struct emit_ctx {
	struct cmd_graph *cg;
	const struct graph *g;
	cJSON *arr; /* JSON output, or NULL for text */
	uint64_t n;
	struct strbuf sb;
	int quiet; /* count only */
};

static void emit(const uint32_t *path, size_t len, void *ctx)
{
	struct emit_ctx *e = ctx;
	uint64_t id = sym_path_id(e->g, path, len);
	char hex[17];
	size_t i;
	struct alloc_verdict av;
	int classified, keep;

	classified = !cmd_path_class(e->cg, path, len, &av, &keep);
	if (!keep)
		return;
	snprintf(hex, sizeof(hex), "%016" PRIx64, id);
	e->n++;
	if (e->quiet)
		return;
	if (e->arr) {
		cJSON *p = cJSON_CreateObject();
		cJSON *fns = cJSON_CreateArray();
		cJSON *ues = NULL;

		cJSON_AddStringToObject(p, "id", hex);
		for (i = 0; i < len; i++)
			cJSON_AddItemToArray(
				fns, cJSON_CreateString(e->g->f[path[i]].name));
		cJSON_AddItemToObject(p, "functions", fns);
		for (i = 0; i + 1 < len; i++) {
			const struct graph_user_edge *ue =
				graph_user_edge(e->g, path[i], path[i + 1]);
			cJSON *u;

			if (!ue)
				continue;
			if (!ues)
				ues = cJSON_AddArrayToObject(p, "user_edges");
			u = cJSON_CreateObject();
			cJSON_AddStringToObject(u, "caller",
						e->g->f[path[i]].name);
			cJSON_AddStringToObject(u, "callee",
						e->g->f[path[i + 1]].name);
			cJSON_AddStringToObject(
				u, "tier",
				indirect_tier_name(indirect_edge_tier(ue)));
			cJSON_AddStringToObject(u, "reason", ue->reason);
			cJSON_AddItemToArray(ues, u);
		}
		cmd_json_unresolved(e->cg, path, len, p);
		if (classified)
			cmd_json_class(e->cg, &av, p);
		cJSON_AddItemToArray(e->arr, p);
		return;
	}
	/* one line built in E->sb, one write: printf per name is slow */
	strbuf_reset(&e->sb);
	strbuf_addstr(&e->sb, hex);
	strbuf_addch(&e->sb, ' ');
	for (i = 0; i < len; i++) {
		const struct graph_user_edge *ue =
			i ? graph_user_edge(e->g, path[i - 1], path[i]) : NULL;

		if (i)
			strbuf_addstr(&e->sb, " > ");
		if (ue) {
			unsigned tier = indirect_edge_tier(ue);

			strbuf_addch(&e->sb, '(');
			strbuf_addstr(&e->sb, tier == IND_RULES
						      ? "rule edge"
						      : indirect_tier_name(tier));
			strbuf_addstr(&e->sb, ") ");
		}
		strbuf_addstr(&e->sb, e->g->f[path[i]].name);
	}
	cmd_text_unresolved(e->cg, path, len, &e->sb);
	if (classified)
		cmd_text_class(e->cg, &av, &e->sb);
	strbuf_addch(&e->sb, '\n');
	fwrite(e->sb.buf, 1, e->sb.len, stdout);
	/* a registry call says which registration justifies it */
	for (i = 0; i + 1 < len; i++) {
		const struct graph_user_edge *ue =
			graph_user_edge(e->g, path[i], path[i + 1]);

		if (ue && indirect_edge_tier(ue) == IND_REGISTRY)
			printf("    (registry) %s > %s: %s\n",
			       e->g->f[path[i]].name, e->g->f[path[i + 1]].name,
			       ue->reason);
	}
}

static int cmd_paths(int argc, char **argv)
{
	int count_only = 0;
	struct cmd_opts o;
	struct cmd_graph cg;
	struct query q;
	struct path_count pc;
	struct emit_ctx e = {NULL, NULL, NULL, 0, STRBUF_INIT, 0};
	cJSON *root = NULL;
	int code, complete = 1, truncated;
	size_t i;

	code = cmd_parse(&o, &cmd_paths_entry,
			 CO_FORMAT | CO_FILTERS | CO_CLASS | CO_ENDS |
				 CO_SEARCH | CO_DEPTH,
			 argc, argv, paths_options, handle, &count_only);
	for (i = 0; !code && i < o.args.nr; i++)
		strvec_push(&o.to, o.args.v[i]);
	if (!code && !o.to.nr && !o.rules.nr)
		code = cmd_usage_error(&o, "need at least one target (--to)");
	if (!code)
		code = cmd_open(&o, &cg, &q);
	if (!code && !q.nr_targets)
		code = cmd_usage_error(&o, "no target (the rules name none)");
	if (code)
		goto out;
	if (o.budget > 0)
		q.budget = (uint64_t)o.budget;
	q.max_depth = o.max_depth;
	if (!q.nr_sources)
		query_sources_from_roots(&q);

	query_count(&q, &pc);
	if (!pc.exact && !pc.count) {
		/*
		 * The budget ran out before a path was counted: the shortest
		 * path says whether there is one, so that the count and the
		 * exit status are not "none" when paths exist.
		 */
		uint32_t *p = NULL;
		size_t n = query_reach(&q, &p);

		if (n && (q.max_depth < 0 || (long)(n - 1) <= q.max_depth))
			pc.count = 1;
		free(p);
	}
	e.cg = &cg;
	e.g = &cg.g;
	e.quiet = count_only;
	if (o.format == FORMAT_JSON) {
		root = cJSON_CreateObject();
		if (!count_only)
			e.arr = cJSON_CreateArray();
	}
	if (!count_only || cg.classes)
		complete =
			query_paths(&q, cmd_limit(&o, DEFAULT_LIMIT), emit, &e);
	if (cg.classes) { /* the paths of those classes, as listed */
		pc.count = e.n;
		pc.exact = complete;
	}
	if (!pc.exact && pc.count < e.n)
		pc.count = e.n;
	/* The listing is cut when fewer paths were shown than exist. */
	truncated = !count_only && !complete && !(pc.exact && pc.count == e.n);
	if (root) {
		cJSON_AddNumberToObject(root, "count", (double)pc.count);
		cJSON_AddBoolToObject(root, "count_exact", pc.exact);
		cJSON_AddBoolToObject(root, "truncated", truncated);
		cJSON_AddNumberToObject(root, "sources", (double)q.nr_sources);
		if (e.arr)
			cJSON_AddItemToObject(root, "paths", e.arr);
		cmd_print_json(root);
	} else if (count_only && cg.classes && !pc.exact) {
		printf("at least %" PRIu64 " path%s of those classes (the"
		       " first %" PRIu64 " paths looked at: raise --limit)\n",
		       pc.count, pc.count == 1 ? "" : "s",
		       cmd_limit(&o, DEFAULT_LIMIT));
	} else if (count_only) {
		printf("%s%" PRIu64 " path%s%s\n", pc.exact ? "" : "at least ",
		       pc.count, pc.count == 1 ? "" : "s",
		       pc.exact ? "" : " (search budget exhausted; not exact)");
	} else {
		printf("%" PRIu64 " of %s%" PRIu64 " path%s shown%s\n", e.n,
		       pc.exact ? "" : "at least ", pc.count,
		       pc.count == 1 ? "" : "s",
		       truncated ? (e.n >= cmd_limit(&o, DEFAULT_LIMIT)
					    ? " (--limit reached)"
					    : " (search budget exhausted)")
				 : "");
	}
	code = pc.count ? EXIT_OK : EXIT_NOTFOUND;
	strbuf_release(&e.sb);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(paths,
	   "--to T... [--from F...] [--limit N] [--max-depth N] [--count] "
	   "[--budget "
	   "N] [--format text|json] [FILTERS]",
	   "list the simple paths from sources (default: roots) to targets");
