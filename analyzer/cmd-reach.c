/*
 * cmd-reach.c - "callreach reach": can FROM reach TO? The shortest
 * witness path, each hop with its call site.
 */
#include "cmd.h"
#include "query.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static cJSON *name_array(const struct graph *g, const struct query *q,
			 const uint32_t *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	(void)q;
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(g->f[v[i]].name));
	return arr;
}

static int cmd_reach(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct query q;
	uint32_t *path = NULL;
	struct call_sites *sites = NULL;
	int64_t(*pairs)[2] = NULL;
	const struct graph_user_edge *ue;
	size_t len, i;
	int code;

	code = cmd_parse(&o, &cmd_reach_entry, CO_FORMAT | CO_FILTERS | CO_ENDS,
			 argc, argv, NULL, NULL, NULL);
	if (code)
		goto out;
	if (o.args.nr == 2) {
		strvec_push(&o.from, o.args.v[0]);
		strvec_push(&o.to, o.args.v[1]);
	} else if (o.args.nr) {
		code = cmd_usage_error(
			&o, "give FROM and TO, or use --from and --to");
		goto out;
	}
	if ((!o.from.nr || !o.to.nr) && !o.rules.nr) {
		code = cmd_usage_error(&o, "need at least one FROM and one TO");
		goto out;
	}
	code = cmd_open(&o, &cg, &q);
	if (code)
		goto out;
	if (!q.nr_sources || !q.nr_targets) {
		code = cmd_usage_error(
			&o, "no FROM or no TO (the rules name none)");
		goto out;
	}
	len = query_reach(&q, &path);
	if (len > 1) {
		pairs = xmalloc(len * sizeof(*pairs));
		sites = xcalloc(len, sizeof(*sites));
		for (i = 0; i + 1 < len; i++) {
			pairs[i][0] = cg.g.f[path[i]].id;
			pairs[i][1] = cg.g.f[path[i + 1]].id;
		}
		if (graph_db_call_sites(&cg.db, (const int64_t(*)[2])pairs,
					len - 1, sites)) {
			code = EXIT_SYSTEM;
			goto out;
		}
	}
	if (o.format == FORMAT_JSON) {
		cJSON *root = cJSON_CreateObject(), *hops;

		cJSON_AddBoolToObject(root, "reachable", len > 0);
		cJSON_AddItemToObject(
			root, "from",
			name_array(&cg.g, &q, q.sources, q.nr_sources));
		cJSON_AddItemToObject(
			root, "to",
			name_array(&cg.g, &q, q.targets, q.nr_targets));
		cJSON_AddItemToObject(root, "path",
				      name_array(&cg.g, &q, path, len));
		hops = cJSON_AddArrayToObject(root, "hops");
		for (i = 0; i + 1 < len; i++) {
			const struct call_site *s =
				sites[i].nr ? &sites[i].v[0] : NULL;
			cJSON *h =
				json_site(s ? s->file : "", s ? s->line : 0,
					      s ? s->col : 0);

			cJSON_AddStringToObject(h, "caller",
						cg.g.f[path[i]].name);
			cJSON_AddStringToObject(h, "callee",
						cg.g.f[path[i + 1]].name);
			cJSON_AddNumberToObject(h, "sites",
						(double)sites[i].nr);
			ue = graph_user_edge(&cg.g, path[i], path[i + 1]);
			if (ue)
				indirect_edge_json(ue, h);
			cJSON_AddItemToArray(hops, h);
		}
		cmd_json_unresolved(&cg, path, len, root);
		cmd_print_json(root);
	} else if (len) {
		struct strbuf sb = STRBUF_INIT;

		cmd_text_unresolved(&cg, path, len, &sb);
		printf("reachable: %s -> %s (%zu call%s)%s\n",
		       cg.g.f[path[0]].name, cg.g.f[path[len - 1]].name,
		       len - 1, len == 2 ? "" : "s", strbuf_str(&sb));
		printf("  %s\n", cg.g.f[path[0]].name);
		for (i = 0; i + 1 < len; i++) {
			const struct call_site *s =
				sites[i].nr ? &sites[i].v[0] : NULL;

			ue = graph_user_edge(&cg.g, path[i], path[i + 1]);
			if (!s && ue) {
				strbuf_reset(&sb);
				indirect_describe_edge(ue, &sb);
				printf("  %-40s by %s",
				       cg.g.f[path[i + 1]].name,
				       strbuf_str(&sb));
			} else if (s && *s->file)
				printf("  %-40s at %s:%d:%d",
				       cg.g.f[path[i + 1]].name, s->file,
				       s->line, s->col);
			else
				printf("  %-40s (no call-site location)",
				       cg.g.f[path[i + 1]].name);
			if (sites[i].nr > 1)
				printf(" (+%zu more)", sites[i].nr - 1);
			putchar('\n');
		}
		strbuf_release(&sb);
	} else {
		printf("not reachable: %s -> %s\n",
		       o.from.nr == 1 ? o.from.v[0] : "(several)",
		       o.to.nr == 1 ? o.to.v[0] : "(several)");
	}
	code = len ? EXIT_OK : EXIT_NOTFOUND;
out:
	if (sites)
		for (i = 0; i + 1 < len; i++)
			call_sites_release(&sites[i]);
	free(sites);
	free(pairs);
	free(path);
	return cmd_end(&o, code);
}

CMD_DEFINE(reach,
	   "[--format text|json] [FILTERS] FROM TO [--from F]... [--to T]...",
	   "exit 0 and print the shortest path if FROM reaches TO, else exit 1");
