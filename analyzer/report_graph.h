/*
 * report_graph.h - the graph of a report page: functions clustered by
 * file and coloured by verdict, linking to their pages, collapsed into
 * one node per file (or directory) when there are too many to read, and
 * laid out by Graphviz as SVG.
 *
 * Ownership: a struct rgraph borrows every string its nodes and edges
 * point to; it owns its arrays (rgraph_release).
 */
#ifndef REPORT_GRAPH_H
#define REPORT_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum rgraph_node_flags {
	RG_ENTRY = 1 << 0,
	RG_TARGET = 1 << 1,
	RG_EXTERNAL = 1 << 2, /* declared, not defined */
};

struct rgraph_node {
	const char *name;
	const char *label;   /* shown instead of the name, or NULL */
	const char *file;    /* cluster; NULL or "" for none */
	const char *url;     /* its page, or NULL */
	const char *tooltip; /* or NULL */
	int verdict; /* worst verdict of the paths through it, -1 none */
	unsigned flags;
	/* which to keep when collapsing: lowest first; 0 is always kept */
	uint64_t rank;
};

struct rgraph_edge {
	uint32_t from, to;   /* node indices */
	int verdict;	     /* -1 none */
	const char *tooltip; /* or NULL */
	int user;	     /* added by an edge rule */
};

struct rgraph {
	struct rgraph_node *nodes;
	size_t nr, alloc;
	struct rgraph_edge *edges;
	size_t nr_edges, alloc_edges;
};

void rgraph_release(struct rgraph *g);

/* What collapsing did, for the page to say. */
struct rgraph_collapse {
	size_t shown;	  /* functions drawn one by one */
	size_t collapsed; /* functions folded into groups */
	size_t groups;	  /* group nodes */
	int level;	  /* 0: one group per file; N: N path parts removed */
	int all;	  /* everything else is one group */
	size_t nodes, edges; /* of the graph laid out */
	size_t hidden_edges; /* calls within or between groups, not drawn */
};

/*
 * Append the DOT text of G to OUT. When G has more than MAX_NODES nodes,
 * keep a third of MAX_NODES, the lowest-ranked (the target, the entries,
 * the first paths), and fold the others into one node per file, else per
 * directory (then per parent directory...), so that the groups are at
 * most another third; calls within and between groups are not drawn.
 * GROUP_URL, when not NULL, is the page a group node links to. C says
 * what was done.
 */
void rgraph_dot(const struct rgraph *g, size_t max_nodes, const char *group_url,
		struct strbuf *out, struct rgraph_collapse *c);

/* The longest a layout may take. */
#define RGRAPH_LAYOUT_SECONDS 300

struct report_site;
struct strbuf;

/*
 * The subgraph of every function on a path from an entry to target TI of
 * site S, coloured by the listed paths, as SVG; NOTE says what was
 * collapsed. -1 when Graphviz fails.
 */
int report_target_graph(struct report_site *s, size_t ti, struct strbuf *svg,
			struct strbuf *note);

#endif
