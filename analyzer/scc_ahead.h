/*
 * scc_ahead.h - the searches of one strongly connected component in the
 * order a count makes them (query_count()), with a second thread searching
 * ahead.
 *
 * Each search is allowed its share of the budget the searches before it
 * left, so its allowance is known only once they are done. Most of them
 * run out of steps, taking their whole share: the second thread guesses
 * that every search before the one it takes up does, and searches with the
 * allowance that gives. The counting thread takes up searches ahead too
 * while it waits for one. A search made ahead is used only when its guess
 * was the allowance the count gives it, and the others are thrown away:
 * the counts, and what the cache keeps, are those of one thread.
 *
 * Ownership: a run borrows its cache and view until scc_ahead_finish(),
 * and only the counting thread touches the cache.
 */
#ifndef SCC_AHEAD_H
#define SCC_AHEAD_H

#include <stddef.h>
#include <stdint.h>

/* Searches in a run for a second thread to be worth starting. */
#define SCC_AHEAD_MIN 32

struct scc_paths_cache;
struct scc_view;
struct scc_search;
struct scc_ahead;

/* The steps one of PENDING searches left may take, USED of BUDGET spent. */
uint64_t scc_share(uint64_t budget, uint64_t used, size_t pending);

/*
 * A run of the searches of V from its local STARTS[0..N), in that order,
 * each continuing as V's cont says, sharing BUDGET with USED steps spent
 * and PENDING searches left, these N among them. NULL when a second thread
 * is not worth it (too few searches, the first one cached, a cache made
 * alone) or cannot be had: the caller then searches as before.
 */
struct scc_ahead *scc_ahead_start(struct scc_paths_cache *c, struct scc_view *v,
				  const uint32_t *starts, size_t n,
				  uint64_t budget, uint64_t used,
				  size_t pending);

/*
 * The run's next search, from local START (the next of its STARTS) and
 * allowed ALLOWANCE steps: what scc_paths_search() would give (kept in
 * the cache, borrowed). Called once for each start, in their order.
 */
const struct scc_search *scc_ahead_next(struct scc_ahead *a, uint32_t start,
					uint64_t allowance);

/* Stop the second thread and free what the run made and did not use. */
void scc_ahead_finish(struct scc_ahead *a);

#endif
