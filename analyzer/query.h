/*
 * query.h - the graph algorithms behind the queries: reachability with a
 * shortest witness, the subgraph between sources and targets, simple path
 * listing (shortest first) and exact or bounded path counting.
 *
 * Ownership: a struct query borrows its graph and owns its flag array;
 * paths handed to callbacks are borrowed for the duration of the call.
 */
#ifndef QUERY_H
#define QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"

struct graph;
struct scc_paths_cache;

#define QUERY_DEFAULT_BUDGET 10000000ULL

struct query {
	const struct graph *g;
	unsigned char *flags; /* NF_* for every function */
	uint32_t *sources, *targets;
	size_t nr_sources, nr_targets;
	uint64_t budget; /* search steps allowed per phase */
	long max_depth;	 /* calls per path; -1 for no limit */
	uint64_t *per_source; /* query_count: from each source, or NULL */
	/* query_count: searches kept for the next count, or NULL */
	struct scc_paths_cache *count_cache;
};

/*
 * Set up Q over G with FILTER. SOURCES/TARGETS may be NULL: no sources
 * means "the roots that reach a target" (paths) or "every function" (export).
 */
void query_init(struct query *q, const struct graph *g,
		const struct filter *filter);
/* Set up Q as BASE was, without its sources and targets (filters once). */
void query_init_like(struct query *q, const struct query *base);
void query_set_sources(struct query *q, const uint32_t *v, size_t n);
void query_set_targets(struct query *q, const uint32_t *v, size_t n);
/* Make the roots (functions nobody else calls) the sources. */
void query_sources_from_roots(struct query *q);
void query_release(struct query *q);

/*
 * Shortest path from any source to any target. Returns its number of
 * functions (>= 1) with the path in *PATH (the caller's), or 0.
 */
size_t query_reach(const struct query *q, uint32_t **path);

/*
 * Functions on some call chain from a source to a target: MARK[i] is set.
 * Without sources, every ancestor of a target; without targets, every
 * descendant of a source. EDGE_OK(u, v) says whether u->v belongs.
 */
unsigned char *query_subgraph(const struct query *q);
int query_edge_ok(const struct query *q, const unsigned char *mark, uint32_t u,
		  uint32_t v);

struct path_count {
	uint64_t count; /* saturates at UINT64_MAX */
	int exact;	/* 0: count is a lower bound */
};

/*
 * Count the simple paths from sources to targets; with PER_SOURCE set
 * (NR_SOURCES entries, zeroed, in the order of SOURCES; not with a
 * MAX_DEPTH), also from each source.
 */
void query_count(const struct query *q, struct path_count *out);

/*
 * List simple paths shortest first, at most LIMIT of them, calling EMIT for
 * each; returns 1 if the listing is complete, 0 if LIMIT or the budget
 * stopped it.
 */
int query_paths(const struct query *q, uint64_t limit,
		void (*emit)(const uint32_t *path, size_t len, void *ctx),
		void *ctx);

#endif
