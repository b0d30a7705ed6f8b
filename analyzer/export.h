/*
 * export.h - exporting a subgraph for review: a table of exporters, one
 * file each (export_dot.c, export_svg.c, export_json.c).
 *
 * Ownership: an export_graph borrows the graph and owns its arrays
 * (export_graph_release).
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdio.h>

#include "graph.h"
#include "graph_db.h"

struct strbuf;

struct export_edge {
	uint32_t caller, callee;
	struct call_sites sites;
};

struct export_graph {
	const struct graph *g;
	const unsigned char *flags; /* NF_SOURCE / NF_TARGET per function */
	uint32_t *nodes;	    /* sorted by name */
	size_t nr_nodes;
	struct export_edge *edges; /* sorted by caller, then callee */
	size_t nr_edges;
};

void export_graph_release(struct export_graph *eg);

struct exporter {
	const char *name;
	/* Write EG to OUT; -1 after reporting an error. */
	int (*write)(const struct export_graph *eg, FILE *out);
};

extern const struct exporter export_dot, export_svg, export_json;

/* Find an exporter by format name, or NULL. */
const struct exporter *exporter_find(const char *name);

/* The DOT text of EG (shared by the DOT and SVG exporters). */
void export_dot_text(const struct export_graph *eg, struct strbuf *out);

#endif
