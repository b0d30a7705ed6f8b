/*
 * scc_paths.h - the bounded search of simple paths inside one strongly
 * connected component, behind query_count(), kept apart from what the
 * paths are worth: a search records how many times it reached each
 * function of the component, so that queries which differ only in their
 * targets (or in the counts below the component) reuse it.
 *
 * Ownership: a cache owns its views and searches; pointers it returns are
 * borrowed until scc_paths_cache_free(). A cache serves one graph, whose
 * edges must not change while it lives.
 */
#ifndef SCC_PATHS_H
#define SCC_PATHS_H

#include <stddef.h>
#include <stdint.h>

struct graph;
struct scc_paths_cache;

/* One component as the search sees it. */
struct scc_view {
	uint32_t n;
	uint32_t *nodes;	     /* functions, ascending */
	unsigned char *cont;	     /* a path may continue from it */
	uint32_t *adj_start, *adj;   /* edges inside, local, graph order */
	struct scc_search **by_start; /* searches done, per local start */
	uint64_t hash;
};

/* One search: what it reached and what it cost. */
struct scc_search {
	uint32_t start;	    /* local index */
	unsigned char start_cont;
	uint64_t allowance; /* steps it was allowed */
	uint64_t steps;	    /* steps it took */
	int cut;	    /* it ran out of steps */
	uint32_t nr;	    /* functions reached, the start included */
	uint32_t *local;    /* ... their local indices */
	uint64_t *times;    /* ... how many paths ended at each */
	struct scc_search *next;
};

/* How the searches made ahead served a cache's counts (scc_ahead.h). */
struct scc_ahead_stats {
	uint64_t runs;	 /* runs of searches with a second thread */
	uint64_t used;	 /* searches made ahead and used */
	uint64_t wasted; /* ... thrown away: their allowance was not the one */
};

struct scc_paths_cache *scc_paths_cache_new(void);
void scc_paths_cache_free(struct scc_paths_cache *c);
/*
 * A cache of its own holding what C holds (its views and searches), for
 * another thread's counts over the same graph; its statistics start at 0.
 */
struct scc_paths_cache *scc_paths_cache_copy(const struct scc_paths_cache *c);
/* Make C's counts one thread's: no searches ahead, no counts shared. */
void scc_paths_cache_alone(struct scc_paths_cache *c);
int scc_paths_cache_is_alone(const struct scc_paths_cache *c);
struct scc_ahead_stats *scc_paths_cache_stats(struct scc_paths_cache *c);

/*
 * The view of the component COMP (of COMP_OF) made of NODES[0..N)
 * (ascending), in which a path continues from NODES[i] when CONT[i]: the
 * cached one when an identical component was seen before.
 */
struct scc_view *scc_paths_view(struct scc_paths_cache *c,
				const struct graph *g, const uint32_t *comp_of,
				uint32_t comp, const uint32_t *nodes,
				const unsigned char *cont, uint32_t n);

/* Local index of function F in V, or V->n. */
uint32_t scc_view_local(const struct scc_view *v, uint32_t f);

/*
 * Enumerate the simple paths from local START inside V, depth first in
 * graph order, taking at most ALLOWANCE steps (one per function entered);
 * the start continues when START_CONT. Cached like the view.
 */
const struct scc_search *scc_paths_search(struct scc_paths_cache *c,
					  struct scc_view *v, uint32_t start,
					  int start_cont, uint64_t allowance);

/*
 * The parts of scc_paths_search(), for a search made on another thread:
 * the cached search, or NULL; a search made in scratch SC (touching
 * nothing else, V read only), the caller's until kept or freed; keeping
 * it in C, which owns it from then on.
 */
struct scc_scratch;
struct scc_scratch *scc_scratch_new(void);
void scc_scratch_free(struct scc_scratch *sc);
const struct scc_search *scc_paths_lookup(const struct scc_view *v,
					  uint32_t start, int start_cont,
					  uint64_t allowance);
struct scc_search *scc_search_run(struct scc_scratch *sc,
				  const struct scc_view *v, uint32_t start,
				  int start_cont, uint64_t allowance);
const struct scc_search *scc_paths_keep(struct scc_paths_cache *c,
					struct scc_view *v,
					struct scc_search *s);
void scc_search_free(struct scc_search *s);

#endif
