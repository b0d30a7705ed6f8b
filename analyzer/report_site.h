/*
 * report_site.h - the model of a report site: the review's listed paths
 * as function indices, by target, by (entry, target) pair and by
 * function, path counts per target and pair, and the call sites of every
 * call on a path; page file names from hashes of what they show.
 *
 * Ownership: a struct report_site owns its arrays and strings
 * (report_site_release) and borrows its input, the review and the graph.
 */
#ifndef REPORT_SITE_H
#define REPORT_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "graph_db.h"
#include "query.h"
#include "report_graph.h"
#include "report_html.h"
#include "verdict.h"

#define REPORT_NONE	    SIZE_MAX /* no such target, entry or function */
#define REPORT_SAMPLE_PATHS 10	     /* listed paths kept per function */

/* A target of the rules. */
struct report_target {
	uint32_t f;
	char *page, *svg;
	int reached;
	struct path_count pc; /* from every entry */
	size_t listed[VERDICT_COUNT], nr_listed;
	struct rgraph_collapse collapse;
	int graphed;
};

/* An entry point of the rules. */
struct report_entry {
	uint32_t f;
	int reaches;
};

/* A reachable (entry, target) pair: a cell of the matrix. */
struct report_cell {
	size_t e, t;
	char *page;
	struct path_count pc;
	size_t listed[VERDICT_COUNT], nr_listed;
	int worst;
};

/* A function on some path: it has a page. */
struct report_func {
	uint32_t f;
	char *page;
	size_t through[VERDICT_COUNT], nr_through;
	size_t *by_target; /* listed paths through it per target */
	int *worst_target; /* their worst verdict, -1 none */
	size_t sample[REPORT_SAMPLE_PATHS], nr_sample; /* path indices */
};

/* A call of the subgraph between entries and targets. */
struct report_edge {
	uint32_t u, v;
	struct call_sites sites;
};

struct report_site {
	const struct report_input *in;
	const struct review *rv;
	const struct graph *g;
	struct graph_db *db;
	const char *dir;	    /* where the pages go */
	struct report_summary *sum; /* what was written */

	uint32_t **pf;		/* functions of each listed path */
	size_t *plen, *pe, *pt; /* its length, entry, target */
	size_t *order;		/* paths in display order */
	size_t listed[VERDICT_COUNT];

	struct report_target *t;
	size_t nr_t;
	struct report_entry *e;
	size_t nr_e;
	struct report_cell *cells; /* sorted by entry, target */
	size_t nr_cells;
	struct report_func *fi;
	size_t nr_fi;
	size_t *dense;		   /* graph index -> fi index, or REPORT_NONE */
	struct report_edge *edges; /* sorted by caller, callee */
	size_t nr_edges;
	size_t *by_callee; /* edge indices sorted by callee, caller */

	char *label, *config, *ingested;
	int64_t units, call_sites, indirect;
};

/*
 * Build the model of IN's review; -1 (reported) on a database error.
 * A built or half-built site is released with report_site_release().
 */
int report_site_build(struct report_site *s, const struct report_input *in);
void report_site_release(struct report_site *s);

/* The index of target (entry) F in S->t (S->e), or REPORT_NONE. */
size_t report_site_target(const struct report_site *s, uint32_t f);
size_t report_site_entry(const struct report_site *s, uint32_t f);
/* The cell of entry E and target T (indices), or NULL. */
struct report_cell *report_site_cell(const struct report_site *s, size_t e,
				     size_t t);
/* The call U -> V of the subgraph, or NULL. */
const struct report_edge *report_site_edge(const struct report_site *s,
					   uint32_t u, uint32_t v);
/* The page of function F, or NULL when it is on no path. */
const char *report_site_page(const struct report_site *s, uint32_t f);

/* The worse of two verdicts, -1 meaning none. */
int report_worse(int a, int b);

#endif
