/*
 * export.c - the exporter table.
 */
#include "export.h"
#include "query.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const struct exporter *const exporters[] = {
	&export_dot,
	&export_svg,
	&export_json,
};

const struct exporter *exporter_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exporters); i++)
		if (!strcmp(exporters[i]->name, name))
			return exporters[i];
	return NULL;
}

/* The functions and calls of Q's subgraph, without their sites. */
static void select_graph(struct export_graph *eg, const struct query *q)
{
	const struct graph *g = q->g;
	unsigned char *mark = query_subgraph(q);
	size_t most = 0;
	uint32_t v, k;

	/* room for the marked functions' calls: the array is not copied */
	for (v = 0; v < g->nr; v++)
		if (mark[v])
			most += g->out_start[v + 1] - g->out_start[v];
	eg->nodes = xmalloc(((size_t)g->nr + 1) * sizeof(*eg->nodes));
	eg->edges = xmalloc((most + 1) * sizeof(*eg->edges));
	for (v = 0; v < g->nr; v++) {
		if (!mark[v])
			continue;
		eg->nodes[eg->nr_nodes++] = v;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];

			if (!query_edge_ok(q, mark, v, w))
				continue;
			eg->edges[eg->nr_edges].caller = v;
			eg->edges[eg->nr_edges].callee = w;
			eg->nr_edges++;
		}
	}
	free(mark);
}

/* Where each edge's sites are in the image. */
static void sites_from_image(struct export_graph *eg)
{
	const struct gfunc *f = eg->g->f;
	uint32_t lo = 0, hi = 0;
	size_t i;

	for (i = 0; i < eg->nr_edges; i++) {
		struct export_edge *e = &eg->edges[i];

		if (!i || e->caller != e[-1].caller) /* edges come by caller */
			graph_db_sites_caller(&eg->image, f[e->caller].id, &lo,
					      &hi);
		e->nr_sites =
			graph_db_sites_find(&eg->image, lo, hi, f[e->caller].id,
					    f[e->callee].id, &e->first);
	}
}

/* Every edge's sites call by call (no image, or a small subgraph). */
static int sites_by_call(struct export_graph *eg, struct graph_db *db)
{
	const struct gfunc *f = eg->g->f;
	int64_t(*pairs)[2] = xmalloc((eg->nr_edges + 1) * sizeof(*pairs));
	size_t i;
	int ret;

	eg->lists = xcalloc(eg->nr_edges + 1, sizeof(*eg->lists));
	for (i = 0; i < eg->nr_edges; i++) {
		pairs[i][0] = f[eg->edges[i].caller].id;
		pairs[i][1] = f[eg->edges[i].callee].id;
	}
	ret = graph_db_call_sites(db, (const int64_t(*)[2])pairs, eg->nr_edges,
				  eg->lists);
	free(pairs);
	for (i = 0; i < eg->nr_edges; i++) {
		eg->edges[i].first = (uint32_t)i;
		eg->edges[i].nr_sites = (uint32_t)eg->lists[i].nr;
	}
	return ret;
}

int export_graph_build(struct export_graph *eg, struct graph_db *db,
		       const struct query *q, struct graph_db_sites_ahead *ahead)
{
	memset(eg, 0, sizeof(*eg));
	eg->g = q->g;
	eg->flags = q->flags;
	select_graph(eg, q);
	if (eg->nr_edges < GRAPH_DB_SITES_IMAGE_MIN_CALLS)
		graph_db_sites_ahead_cancel(ahead);
	else if (graph_db_sites_ahead_take(ahead, eg->g->sites_stamp,
					   &eg->image) ||
		 graph_db_sites_open(db, &eg->image)) {
		sites_from_image(eg);
		return 0;
	}
	if (sites_by_call(eg, db)) {
		export_graph_release(eg);
		return -1;
	}
	return 0;
}

void export_flush(struct strbuf *out, FILE *fp)
{
	if (fp && out->len >= EXPORT_FLUSH_AT) {
		fwrite(out->buf, 1, out->len, fp);
		strbuf_reset(out);
	}
}

void export_graph_release(struct export_graph *eg)
{
	size_t i;

	if (eg->lists)
		for (i = 0; i < eg->nr_edges; i++)
			call_sites_release(&eg->lists[i]);
	free(eg->lists);
	graph_db_sites_close(&eg->image);
	free(eg->edges);
	free(eg->nodes);
	memset(eg, 0, sizeof(*eg));
}
