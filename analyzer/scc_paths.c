/*
 * scc_paths.c - bounded simple-path searches inside one strongly connected
 * component, cached by component and start (see scc_paths.h). A search
 * may be made on another thread, in a scratch of its own, and kept after
 * (scc_ahead.c).
 *
 * A search walks the component's own edges only, in the order of the
 * graph, and counts the paths ending at each function; what those paths
 * are worth (a target, the calls leaving the component) is the caller's
 * business, so the same search serves every query over the same
 * component with the same budget.
 */
#include "scc_paths.h"
#include "graph.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Reached functions kept in all cached searches together, at most. */
#define CACHE_MAX_ENTRIES (4u << 20)

struct search_frame {
	uint32_t v, k, end;
};

/* What one search works in, grown to the largest view it searched. */
struct scc_scratch {
	uint32_t n;
	unsigned char *visited;
	uint64_t *times;
	uint32_t *touched;
	struct search_frame *stack;
};

struct scc_paths_cache {
	const struct graph *g; /* the one graph its views are of */
	struct scc_view **views;
	size_t nr_views, alloc_views;
	size_t entries; /* reached functions stored in searches */
	struct scc_scratch scratch;
	int alone; /* no searches ahead on a second thread */
	struct scc_ahead_stats stats;
};

struct scc_paths_cache *scc_paths_cache_new(void)
{
	return xcalloc(1, sizeof(struct scc_paths_cache));
}

void scc_paths_cache_alone(struct scc_paths_cache *c)
{
	c->alone = 1;
}

int scc_paths_cache_is_alone(const struct scc_paths_cache *c)
{
	return c->alone;
}

struct scc_ahead_stats *scc_paths_cache_stats(struct scc_paths_cache *c)
{
	return &c->stats;
}

struct scc_scratch *scc_scratch_new(void)
{
	return xcalloc(1, sizeof(struct scc_scratch));
}

static void scratch_release(struct scc_scratch *sc)
{
	free(sc->visited);
	free(sc->times);
	free(sc->touched);
	free(sc->stack);
	memset(sc, 0, sizeof(*sc));
}

void scc_scratch_free(struct scc_scratch *sc)
{
	if (!sc)
		return;
	scratch_release(sc);
	free(sc);
}

/* Room in SC for a view of N functions, all of it zero. */
static void scratch_fit(struct scc_scratch *sc, uint32_t n)
{
	if (n <= sc->n && sc->visited)
		return;
	scratch_release(sc);
	sc->n = n;
	sc->visited = xcalloc((size_t)n + 1, 1);
	sc->times = xcalloc((size_t)n + 1, sizeof(*sc->times));
	sc->touched = xmalloc(((size_t)n + 1) * sizeof(*sc->touched));
	sc->stack = xmalloc(((size_t)n + 1) * sizeof(*sc->stack));
}

void scc_search_free(struct scc_search *s)
{
	if (!s)
		return;
	free(s->local);
	free(s->times);
	free(s);
}

/* Forget the searches made in V. */
static void view_drop(struct scc_view *v)
{
	uint32_t i;

	for (i = 0; i < v->n; i++)
		while (v->by_start[i]) {
			struct scc_search *s = v->by_start[i];

			v->by_start[i] = s->next;
			scc_search_free(s);
		}
}

static void view_free(struct scc_view *v)
{
	view_drop(v);
	free(v->by_start);
	free(v->nodes);
	free(v->cont);
	free(v->adj_start);
	free(v->adj);
	free(v);
}

void scc_paths_cache_free(struct scc_paths_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr_views; i++)
		view_free(c->views[i]);
	free(c->views);
	scratch_release(&c->scratch);
	free(c);
}

static struct scc_search *search_copy(const struct scc_search *s)
{
	struct scc_search *t = xmemdup(s, sizeof(*s));

	t->local = xmemdup(s->local, (size_t)s->nr * sizeof(*s->local));
	t->times = xmemdup(s->times, (size_t)s->nr * sizeof(*s->times));
	t->next = NULL;
	return t;
}

static struct scc_view *view_copy(const struct scc_view *v)
{
	struct scc_view *w = xmemdup(v, sizeof(*v));
	uint32_t i;

	w->nodes = xmemdup(v->nodes, (size_t)v->n * sizeof(*v->nodes));
	w->cont = xmemdup(v->cont, v->n);
	w->adj_start = xmemdup(v->adj_start,
			       ((size_t)v->n + 1) * sizeof(*v->adj_start));
	w->adj = xmemdup(v->adj, (size_t)v->adj_start[v->n] * sizeof(*v->adj));
	w->by_start = xcalloc((size_t)v->n + 1, sizeof(*w->by_start));
	for (i = 0; i < v->n; i++) {
		const struct scc_search *s;
		struct scc_search **tail = &w->by_start[i];

		/* in the same order, so that a look-up finds the same one */
		for (s = v->by_start[i]; s; s = s->next) {
			*tail = search_copy(s);
			tail = &(*tail)->next;
		}
	}
	return w;
}

struct scc_paths_cache *scc_paths_cache_copy(const struct scc_paths_cache *c)
{
	struct scc_paths_cache *d = scc_paths_cache_new();
	size_t i;

	d->g = c->g;
	d->alone = c->alone;
	d->entries = c->entries;
	d->nr_views = d->alloc_views = c->nr_views;
	d->views = xcalloc(c->nr_views + 1, sizeof(*d->views));
	for (i = 0; i < c->nr_views; i++)
		d->views[i] = view_copy(c->views[i]);
	return d;
}

static uint64_t view_hash(const uint32_t *nodes, const unsigned char *cont,
			  uint32_t n)
{
	return fnv64(fnv64(FNV64_INIT, nodes, n * sizeof(*nodes)), cont, n);
}

static uint32_t local_of(const uint32_t *nodes, uint32_t n, uint32_t v)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (nodes[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && nodes[lo] == v ? lo : n;
}

uint32_t scc_view_local(const struct scc_view *v, uint32_t f)
{
	return local_of(v->nodes, v->n, f);
}

struct scc_view *scc_paths_view(struct scc_paths_cache *c,
				const struct graph *g, const uint32_t *comp_of,
				uint32_t comp, const uint32_t *nodes,
				const unsigned char *cont, uint32_t n)
{
	uint64_t h = view_hash(nodes, cont, n);
	struct scc_view *v;
	size_t i, nr_adj = 0, alloc_adj = 0;

	if (c->g && c->g != g)
		BUG("one search cache for two graphs");
	c->g = g;

	for (i = 0; i < c->nr_views; i++) {
		v = c->views[i];
		if (v->hash == h && v->n == n &&
		    !memcmp(v->nodes, nodes, n * sizeof(*nodes)) &&
		    !memcmp(v->cont, cont, n))
			return v;
	}
	v = xcalloc(1, sizeof(*v));
	v->n = n;
	v->hash = h;
	v->nodes = xmemdup(nodes, n * sizeof(*nodes));
	v->cont = xmemdup(cont, n);
	v->by_start = xcalloc((size_t)n + 1, sizeof(*v->by_start));
	v->adj_start = xmalloc(((size_t)n + 1) * sizeof(*v->adj_start));
	for (i = 0; i < n; i++) {
		uint32_t u = nodes[i], k;

		v->adj_start[i] = (uint32_t)nr_adj;
		for (k = g->out_start[u]; k < g->out_start[u + 1]; k++) {
			uint32_t w = g->out[k];

			if (w == u || comp_of[w] != comp)
				continue;
			ALLOC_GROW(v->adj, nr_adj + 1, alloc_adj);
			v->adj[nr_adj++] = local_of(nodes, n, w);
			if (v->adj[nr_adj - 1] == n)
				BUG("component %u has a stranger", comp);
		}
	}
	v->adj_start[n] = (uint32_t)nr_adj;
	ALLOC_GROW(c->views, c->nr_views + 1, c->alloc_views);
	c->views[c->nr_views++] = v;
	return v;
}

static void drop_searches(struct scc_paths_cache *c)
{
	size_t i;

	for (i = 0; i < c->nr_views; i++)
		view_drop(c->views[i]);
	c->entries = 0;
}

/* Push local W on the search stack, counting a path that ends there. */
#define PUSH(w)                                                                \
	do {                                                                   \
		struct search_frame *f_ = &stack[sp++];                        \
		f_->v = (w);                                                   \
		f_->k = adj_start[w];                                          \
		f_->end = cont[w] ? adj_start[(w) + 1] : f_->k;                \
		visited[w] = 1;                                                \
		if (!times[w]++)                                               \
			touched[nr++] = (w);                                   \
	} while (0)

const struct scc_search *scc_paths_lookup(const struct scc_view *v,
					  uint32_t start, int start_cont,
					  uint64_t allowance)
{
	const struct scc_search *s;

	for (s = v->by_start[start]; s; s = s->next)
		if (s->start_cont == !!start_cont && s->allowance == allowance)
			return s;
	return NULL;
}

struct scc_search *scc_search_run(struct scc_scratch *sc,
				  const struct scc_view *v, uint32_t start,
				  int start_cont, uint64_t allowance)
{
	const unsigned char *cont = v->cont;
	const uint32_t *adj_start = v->adj_start, *adj = v->adj;
	unsigned char *visited;
	uint64_t *times;
	uint32_t *touched;
	struct search_frame *stack;
	struct scc_search *s;
	uint64_t steps = 0;
	uint32_t sp = 0, nr = 0, i;
	int cut = 0;

	scratch_fit(sc, v->n);
	visited = sc->visited;
	times = sc->times;
	touched = sc->touched;
	stack = sc->stack;
	PUSH(start);
	stack[0].end = start_cont ? adj_start[start + 1] : stack[0].k;
	while (sp) {
		struct search_frame *fr = &stack[sp - 1];

		while (fr->k < fr->end && visited[adj[fr->k]])
			fr->k++;
		if (fr->k < fr->end) {
			uint32_t w = adj[fr->k++];

			if (steps >= allowance) {
				/* out of steps: what is left goes uncounted */
				cut = 1;
				while (sp)
					visited[stack[--sp].v] = 0;
				break;
			}
			steps++;
			PUSH(w);
			continue;
		}
		visited[fr->v] = 0;
		sp--;
	}
	s = xcalloc(1, sizeof(*s));
	s->start = start;
	s->start_cont = (unsigned char)!!start_cont;
	s->allowance = allowance;
	s->steps = steps;
	s->cut = cut;
	s->nr = nr;
	s->local = xmalloc(((size_t)nr + 1) * sizeof(*s->local));
	s->times = xmalloc(((size_t)nr + 1) * sizeof(*s->times));
	for (i = 0; i < nr; i++) {
		s->local[i] = touched[i];
		s->times[i] = times[touched[i]];
		times[touched[i]] = 0;
	}
	return s;
}

const struct scc_search *scc_paths_keep(struct scc_paths_cache *c,
					struct scc_view *v,
					struct scc_search *s)
{
	/* past the cap, forget the older searches */
	if (c->entries + s->nr > CACHE_MAX_ENTRIES)
		drop_searches(c);
	c->entries += s->nr;
	s->next = v->by_start[s->start];
	v->by_start[s->start] = s;
	return s;
}

const struct scc_search *scc_paths_search(struct scc_paths_cache *c,
					  struct scc_view *v, uint32_t start,
					  int start_cont, uint64_t allowance)
{
	const struct scc_search *s =
		scc_paths_lookup(v, start, start_cont, allowance);

	if (s)
		return s;
	return scc_paths_keep(
		c, v,
		scc_search_run(&c->scratch, v, start, start_cont, allowance));
}
