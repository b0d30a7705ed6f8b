/*
 * cmd-show.c - "callreach show": one function's definitions, stack usage,
 * callers and callees with their call sites, and indirect call sites.
 */
#include "cmd.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

/* Call sites of every caller (IN) or callee of function V. */
static int neighbour_sites(struct cmd_graph *cg, uint32_t v, int in,
			   uint32_t **nb, size_t *nr, struct call_sites **sites)
{
	const struct graph *g = &cg->g;
	const uint32_t *start = in ? g->in_start : g->out_start;
	const uint32_t *adj = in ? g->in : g->out;
	int64_t(*pairs)[2];
	uint32_t k;
	size_t n = start[v + 1] - start[v];
	int ret;

	*nb = xmalloc((n + 1) * sizeof(**nb));
	pairs = xmalloc((n + 1) * sizeof(*pairs));
	*sites = xcalloc(n + 1, sizeof(**sites));
	for (k = start[v]; k < start[v + 1]; k++) {
		uint32_t w = adj[k];

		(*nb)[k - start[v]] = w;
		pairs[k - start[v]][0] = g->f[in ? w : v].id;
		pairs[k - start[v]][1] = g->f[in ? v : w].id;
	}
	*nr = n;
	ret = graph_db_call_sites(&cg->db, (const int64_t(*)[2])pairs, n,
				  *sites);
	free(pairs);
	return ret;
}

static void free_sites(struct call_sites *sites, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		call_sites_release(&sites[i]);
	free(sites);
}

static cJSON *json_neighbours(const struct graph *g, uint32_t v, int in,
			      const uint32_t *nb, size_t n,
			      const struct call_sites *sites)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct graph_user_edge *ue =
			in ? graph_user_edge(g, nb[i], v)
			   : graph_user_edge(g, v, nb[i]);

		if (ue) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "name", g->f[nb[i]].name);
			indirect_edge_json(ue, o);
			cJSON_AddItemToArray(arr, o);
		}
		for (k = 0; k < sites[i].nr; k++) {
			cJSON *o = json_site(sites[i].v[k].file,
					     sites[i].v[k].line,
					     sites[i].v[k].col);

			cJSON_AddItemToObject(
				o, "name",
				cJSON_CreateString(g->f[nb[i]].name));
			cJSON_AddItemToArray(arr, o);
		}
	}
	return arr;
}

static void print_neighbours(const struct graph *g, uint32_t v, int in,
			     const char *what, const uint32_t *nb, size_t n,
			     const struct call_sites *sites)
{
	size_t i, k, total = 0;

	for (i = 0; i < n; i++)
		total += sites[i].nr;
	printf("  %s (%zu functions, %zu call sites):\n", what, n, total);
	for (i = 0; i < n; i++) {
		const struct graph_user_edge *ue =
			in ? graph_user_edge(g, nb[i], v)
			   : graph_user_edge(g, v, nb[i]);

		if (ue) {
			struct strbuf sb = STRBUF_INIT;

			indirect_describe_edge(ue, &sb);
			printf("    %-40s by %s\n", g->f[nb[i]].name,
			       strbuf_str(&sb));
			strbuf_release(&sb);
		}
		for (k = 0; k < sites[i].nr; k++)
			printf("    %-40s at %s:%d:%d\n", g->f[nb[i]].name,
			       sites[i].v[k].file, sites[i].v[k].line,
			       sites[i].v[k].col);
	}
}

/*
 * The functions the tiers (and edge rules) say indirect call site SITE of
 * function V may call: into ARR (JSON) or printed.
 */
static void site_targets(const struct cmd_graph *cg, uint32_t v,
			 const struct call_site *site, const uint32_t *nb,
			 size_t n, cJSON *arr)
{
	char *where = xstrfmt("%s:%d:%d", site->file, site->line, site->col);
	size_t i;

	for (i = 0; i < n; i++) {
		const struct graph_user_edge *ue =
			graph_user_edge(&cg->g, v, nb[i]);
		const char *tier;

		if (!ue || !indirect_edge_at(&cg->ind, v, nb[i], where))
			continue;
		tier = indirect_tier_name(indirect_edge_tier(ue));
		if (arr) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "name", cg->g.f[nb[i]].name);
			cJSON_AddStringToObject(o, "tier", tier);
			cJSON_AddStringToObject(o, "reason", ue->reason);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("      -> %-36s %s: %s\n", cg->g.f[nb[i]].name,
			       tier, ue->reason);
		}
	}
	free(where);
}

static int show_one(struct cmd_graph *cg, uint32_t v, int json, cJSON *arr)
{
	const struct gfunc *f = &cg->g.f[v];
	struct definitions defs = {0};
	struct call_sites indirect = {0};
	struct call_sites *in_sites = NULL, *out_sites = NULL;
	uint32_t *callers = NULL, *callees = NULL;
	size_t nr_in = 0, nr_out = 0, i;
	int ret = -1;

	if (graph_db_definitions(&cg->db, f->id, &defs) ||
	    graph_db_indirect_sites(&cg->db, f->id, &indirect) ||
	    neighbour_sites(cg, v, 1, &callers, &nr_in, &in_sites) ||
	    neighbour_sites(cg, v, 0, &callees, &nr_out, &out_sites))
		goto out;
	if (json) {
		cJSON *o = cJSON_CreateObject(), *d, *ind;

		cJSON_AddStringToObject(o, "name", f->name);
		cJSON_AddStringToObject(o, "base", f->base);
		cJSON_AddBoolToObject(o, "defined", f->flags & GF_DEFINED);
		cJSON_AddBoolToObject(o, "static", f->flags & GF_STATIC);
		cJSON_AddBoolToObject(o, "duplicate", f->flags & GF_DUPLICATE);
		d = cJSON_AddArrayToObject(o, "definitions");
		for (i = 0; i < defs.nr; i++) {
			const struct definition *df = &defs.v[i];
			cJSON *e;

			if (!df->defined && (f->flags & GF_DEFINED))
				continue;
			e = json_site(df->file ? df->file : "", df->line,
				      df->col);
			cJSON_AddStringToObject(e, "title", df->title);
			cJSON_AddStringToObject(e, "unit", df->unit);
			cJSON_AddBoolToObject(e, "defined", df->defined);
			json_add_count_or_null(e, "stack_bytes",
					       df->stack_bytes);
			json_add_string_or_null(e, "stack_kind",
						df->stack_kind);
			json_add_count_or_null(e, "dynamic_objects",
					       df->dynamic_objects);
			cJSON_AddItemToArray(d, e);
			/* An external function: one declaration is enough. */
			if (!df->defined)
				break;
		}
		cJSON_AddItemToObject(o, "callers",
				      json_neighbours(&cg->g, v, 1, callers,
						      nr_in, in_sites));
		cJSON_AddItemToObject(o, "callees",
				      json_neighbours(&cg->g, v, 0, callees,
						      nr_out, out_sites));
		ind = cJSON_AddArrayToObject(o, "indirect_calls");
		for (i = 0; i < indirect.nr; i++) {
			cJSON *site = json_site(indirect.v[i].file,
						indirect.v[i].line,
						indirect.v[i].col);

			site_targets(cg, v, &indirect.v[i], callees, nr_out,
				     cJSON_AddArrayToObject(site, "targets"));
			cJSON_AddItemToArray(ind, site);
		}
		cJSON_AddItemToArray(arr, o);
	} else {
		printf("%s  (%s%s%s)\n", f->name,
		       (f->flags & GF_STATIC) ? "static" : "global",
		       (f->flags & GF_DEFINED) ? "" : ", external",
		       (f->flags & GF_DUPLICATE) ? ", DUPLICATE definitions"
						 : "");
		for (i = 0; i < defs.nr; i++) {
			const struct definition *df = &defs.v[i];

			if (!df->defined) {
				if (f->flags & GF_DEFINED)
					continue;
				printf("  declared at %s:%d:%d (unit %s)\n",
				       df->file ? df->file : "?", df->line,
				       df->col, df->unit);
				break;
			}
			printf("  defined at %s:%d:%d (unit %s%s%s)\n",
			       df->file ? df->file : "?", df->line, df->col,
			       df->unit,
			       sym_is_clone(df->title) ? ", clone " : "",
			       sym_is_clone(df->title) ? df->title : "");
			if (df->stack_bytes >= 0)
				printf("    stack: %ld bytes (%s), %ld dynamic "
				       "objects\n",
				       df->stack_bytes,
				       df->stack_kind ? df->stack_kind : "?",
				       df->dynamic_objects < 0
					       ? 0
					       : df->dynamic_objects);
		}
		print_neighbours(&cg->g, v, 1, "callers", callers, nr_in,
				 in_sites);
		print_neighbours(&cg->g, v, 0, "callees", callees, nr_out,
				 out_sites);
		printf("  indirect call sites (%zu):\n", indirect.nr);
		for (i = 0; i < indirect.nr; i++) {
			printf("    %s:%d:%d\n", indirect.v[i].file,
			       indirect.v[i].line, indirect.v[i].col);
			site_targets(cg, v, &indirect.v[i], callees, nr_out,
				     NULL);
		}
	}
	ret = 0;
out:
	definitions_release(&defs);
	call_sites_release(&indirect);
	free_sites(in_sites, nr_in);
	free_sites(out_sites, nr_out);
	free(callers);
	free(callees);
	return ret;
}

static int cmd_show(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct sym_matches m = {0};
	cJSON *arr = NULL;
	size_t i;
	int code;

	code = cmd_parse(&o, &cmd_show_entry,
			 CO_FORMAT | CO_RULES | CO_INDIRECT, argc, argv, NULL,
			 NULL, NULL);
	if (!code && !o.args.nr)
		code = cmd_usage_error(&o, "no function given");
	if (!code)
		code = cmd_open_args(&o, &cg, &m);
	if (code)
		goto out;
	if (o.format == FORMAT_JSON)
		arr = cJSON_CreateArray();
	for (i = 0; i < m.nr; i++) {
		if (i && o.format != FORMAT_JSON)
			putchar('\n');
		if (show_one(&cg, m.idx[i], o.format == FORMAT_JSON, arr)) {
			code = EXIT_SYSTEM;
			goto out;
		}
	}
	if (arr) {
		cmd_print_json(arr);
		arr = NULL;
	}
out:
	cJSON_Delete(arr);
	sym_matches_release(&m);
	return cmd_end(&o, code);
}

CMD_DEFINE(
	show, "[--format text|json] [--rules FILE] [--indirect TIERS] FUNC...",
	"show definitions, stack usage, callers, callees and indirect calls");
