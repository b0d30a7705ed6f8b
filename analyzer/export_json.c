/*
 * export_json.c - JSON: {"nodes": [...], "edges": [...]}.
 */
#include "export.h"
#include "filter.h"
#include "indirect.h"
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>

static int write_json(const struct export_graph *eg, FILE *out)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *nodes = cJSON_AddArrayToObject(root, "nodes");
	cJSON *edges = cJSON_AddArrayToObject(root, "edges");
	size_t i, k;

	for (i = 0; i < eg->nr_nodes; i++) {
		uint32_t v = eg->nodes[i];
		const struct gfunc *f = &eg->g->f[v];
		cJSON *n = cJSON_CreateObject();

		cJSON_AddStringToObject(n, "name", f->name);
		cJSON_AddStringToObject(n, "base", f->base);
		cJSON_AddStringToObject(n, "file", f->file);
		cJSON_AddNumberToObject(n, "line", f->line);
		cJSON_AddNumberToObject(n, "col", f->col);
		cJSON_AddStringToObject(n, "unit", f->unit);
		cJSON_AddBoolToObject(n, "defined", f->flags & GF_DEFINED);
		cJSON_AddBoolToObject(n, "static", f->flags & GF_STATIC);
		cJSON_AddBoolToObject(n, "source", eg->flags[v] & NF_SOURCE);
		cJSON_AddBoolToObject(n, "target", eg->flags[v] & NF_TARGET);
		cJSON_AddNumberToObject(n, "indirect_calls", f->nr_indirect);
		cJSON_AddItemToArray(nodes, n);
	}
	for (i = 0; i < eg->nr_edges; i++) {
		const struct export_edge *e = &eg->edges[i];
		const struct graph_user_edge *ue;
		cJSON *o = cJSON_CreateObject();
		cJSON *sites;

		cJSON_AddStringToObject(o, "caller", eg->g->f[e->caller].name);
		cJSON_AddStringToObject(o, "callee", eg->g->f[e->callee].name);
		ue = graph_user_edge(eg->g, e->caller, e->callee);
		if (ue)
			indirect_edge_json(ue, o);
		sites = cJSON_AddArrayToObject(o, "sites");
		for (k = 0; k < e->nr_sites; k++) {
			struct export_site s = export_site(eg, e, (uint32_t)k);

			cJSON_AddItemToArray(sites,
					     json_site(s.file, s.line, s.col));
		}
		cJSON_AddItemToArray(edges, o);
	}
	return json_print(root, out);
}

const struct exporter export_json = {"json", write_json};
