/*
 * query.c - reachability, subgraphs, path listing and path counting.
 *
 * Movement rules, shared by every algorithm: a path may enter any function
 * not excluded; it ends at a target; it continues from a function that is
 * the path's source, or that is neither a --stop function nor outside the
 * --only whitelist.
 */
#include "query.h"
#include "graph.h"
#include "scc_ahead.h"
#include "scc_paths.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void query_init(struct query *q, const struct graph *g,
		const struct filter *filter)
{
	memset(q, 0, sizeof(*q));
	q->g = g;
	q->flags = filter_flags(filter, g);
	q->budget = QUERY_DEFAULT_BUDGET;
	q->max_depth = -1;
}

void query_init_like(struct query *q, const struct query *base)
{
	size_t i;

	memset(q, 0, sizeof(*q));
	q->g = base->g;
	q->flags = xmalloc((size_t)base->g->nr + 1);
	for (i = 0; i < base->g->nr; i++)
		q->flags[i] = base->flags[i] &
			      (unsigned char)~(NF_SOURCE | NF_TARGET);
	q->budget = base->budget;
	q->max_depth = base->max_depth;
}

static void set_list(struct query *q, uint32_t **dst, size_t *nr,
		     const uint32_t *v, size_t n, unsigned flag)
{
	size_t i;

	free(*dst);
	*dst = xmalloc((n + 1) * sizeof(**dst));
	*nr = 0;
	for (i = 0; i < q->g->nr; i++)
		q->flags[i] &= (unsigned char)~flag;
	for (i = 0; i < n; i++) {
		if (q->flags[v[i]] & flag)
			continue;
		q->flags[v[i]] |= flag;
		(*dst)[(*nr)++] = v[i];
	}
}

void query_set_sources(struct query *q, const uint32_t *v, size_t n)
{
	set_list(q, &q->sources, &q->nr_sources, v, n, NF_SOURCE);
}

void query_set_targets(struct query *q, const uint32_t *v, size_t n)
{
	set_list(q, &q->targets, &q->nr_targets, v, n, NF_TARGET);
}

void query_release(struct query *q)
{
	free(q->flags);
	free(q->sources);
	free(q->targets);
	memset(q, 0, sizeof(*q));
}

static int can_enter(const struct query *q, uint32_t v)
{
	return !(q->flags[v] & NF_EXCLUDED);
}

/* May a path continue from V, V not being the path's source? */
static int can_continue(const struct query *q, uint32_t v)
{
	return !(q->flags[v] & (NF_EXCLUDED | NF_STOP | NF_NOT_ONLY));
}

static int is_target(const struct query *q, uint32_t v)
{
	return (q->flags[v] & NF_TARGET) != 0;
}

/* Over-approximation used for pruning: V continues as source or not. */
static int may_continue(const struct query *q, uint32_t v)
{
	return can_continue(q, v) ||
	       ((q->flags[v] & NF_SOURCE) && can_enter(q, v));
}

static int sorted_sources(const struct query *q)
{
	size_t i;

	for (i = 1; i < q->nr_sources; i++)
		if (q->sources[i - 1] > q->sources[i])
			return 0;
	return 1;
}

/*
 * Minimal number of calls from each function to a target (UINT32_MAX:
 * none), walking callers backwards.
 */
static uint32_t *distance_to_targets(const struct query *q)
{
	const struct graph *g = q->g;
	uint32_t *dist = xmalloc(((size_t)g->nr + 1) * sizeof(*dist));
	uint32_t *queue = xmalloc(((size_t)g->nr + 1) * sizeof(*queue));
	size_t head = 0, tail = 0, i;

	for (i = 0; i < g->nr; i++)
		dist[i] = UINT32_MAX;
	for (i = 0; i < q->nr_targets; i++) {
		uint32_t t = q->targets[i];

		if (!can_enter(q, t) || dist[t] == 0)
			continue;
		dist[t] = 0;
		queue[tail++] = t;
	}
	while (head < tail) {
		uint32_t v = queue[head++], k;

		for (k = g->in_start[v]; k < g->in_start[v + 1]; k++) {
			uint32_t u = g->in[k];

			if (dist[u] != UINT32_MAX || !may_continue(q, u))
				continue;
			dist[u] = dist[v] + 1;
			queue[tail++] = u;
		}
	}
	free(queue);
	return dist;
}

void query_sources_from_roots(struct query *q)
{
	const struct graph *g = q->g;
	uint32_t *roots = xmalloc(((size_t)g->nr + 1) * sizeof(*roots));
	uint32_t *dist = distance_to_targets(q);
	size_t n = 0;
	uint32_t v, k;

	for (v = 0; v < g->nr; v++) {
		int called = 0;

		for (k = g->in_start[v]; k < g->in_start[v + 1]; k++)
			if (g->in[k] != v)
				called = 1;
		if (!called && dist[v] != UINT32_MAX && can_enter(q, v))
			roots[n++] = v;
	}
	query_set_sources(q, roots, n);
	free(roots);
	free(dist);
}

size_t query_reach(const struct query *q, uint32_t **path)
{
	const struct graph *g = q->g;
	uint32_t *parent = xmalloc(((size_t)g->nr + 1) * sizeof(*parent));
	uint32_t *queue = xmalloc(((size_t)g->nr + 1) * sizeof(*queue));
	uint32_t *srcs = xmalloc((q->nr_sources + 1) * sizeof(*srcs));
	size_t head = 0, tail = 0, i, len = 0;
	const uint32_t unseen = UINT32_MAX, root = UINT32_MAX - 1;
	uint32_t found = unseen;

	*path = NULL;
	for (i = 0; i < g->nr; i++)
		parent[i] = unseen;
	memcpy(srcs, q->sources, q->nr_sources * sizeof(*srcs));
	if (!sorted_sources(q))
		qsort(srcs, q->nr_sources, sizeof(*srcs), cmp_u32);
	for (i = 0; i < q->nr_sources; i++) {
		uint32_t s = srcs[i];

		if (!can_enter(q, s) || parent[s] != unseen)
			continue;
		parent[s] = root;
		queue[tail++] = s;
	}
	while (head < tail && found == unseen) {
		uint32_t v = queue[head++], k;

		if (is_target(q, v)) {
			found = v;
			break;
		}
		if (!(parent[v] == root || can_continue(q, v)))
			continue;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];

			if (parent[w] != unseen || !can_enter(q, w))
				continue;
			parent[w] = v;
			queue[tail++] = w;
		}
	}
	if (found != unseen) {
		uint32_t v;

		for (v = found; v != root; v = parent[v])
			len++;
		*path = xmalloc(len * sizeof(**path));
		i = len;
		for (v = found; v != root; v = parent[v])
			(*path)[--i] = v;
	}
	free(parent);
	free(queue);
	free(srcs);
	return len;
}

/* Forward closure from the sources (or everything without sources). */
static unsigned char *forward_marks(const struct query *q)
{
	const struct graph *g = q->g;
	unsigned char *mark = xcalloc((size_t)g->nr + 1, 1);
	uint32_t *queue = xmalloc(((size_t)g->nr + 1) * sizeof(*queue));
	size_t head = 0, tail = 0, i;

	if (!q->nr_sources) {
		for (i = 0; i < g->nr; i++)
			mark[i] = can_enter(q, (uint32_t)i);
		free(queue);
		return mark;
	}
	for (i = 0; i < q->nr_sources; i++) {
		uint32_t s = q->sources[i];

		if (can_enter(q, s) && !mark[s]) {
			mark[s] = 1;
			queue[tail++] = s;
		}
	}
	while (head < tail) {
		uint32_t v = queue[head++], k;

		if (!may_continue(q, v))
			continue;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];

			if (mark[w] || !can_enter(q, w))
				continue;
			mark[w] = 1;
			queue[tail++] = w;
		}
	}
	free(queue);
	return mark;
}

unsigned char *query_subgraph(const struct query *q)
{
	const struct graph *g = q->g;
	unsigned char *mark = forward_marks(q);
	size_t i;

	if (q->nr_targets) {
		uint32_t *dist = distance_to_targets(q);

		for (i = 0; i < g->nr; i++)
			if (dist[i] == UINT32_MAX)
				mark[i] = 0;
		free(dist);
	}
	return mark;
}

int query_edge_ok(const struct query *q, const unsigned char *mark, uint32_t u,
		  uint32_t v)
{
	if (!mark[u] || !mark[v] || !can_enter(q, v))
		return 0;
	if (!may_continue(q, u))
		return 0;
	/* A path does not continue past a target when it may not. */
	return 1;
}

static uint64_t sat_add(uint64_t a, uint64_t b, int *exact)
{
	if (a > UINT64_MAX - b) {
		*exact = 0;
		return UINT64_MAX;
	}
	return a + b;
}

/* A call between two marked functions (graph_scc()'s LIVE) a path takes. */
static int scc_use_edge(uint32_t u, uint32_t v, void *ctx)
{
	const struct query *q = ctx;

	return can_enter(q, v) && may_continue(q, u) && u != v;
}

static uint64_t sat_mul(uint64_t a, uint64_t b, int *exact)
{
	if (b && a > UINT64_MAX / b) {
		*exact = 0;
		return UINT64_MAX;
	}
	return a * b;
}

/*
 * One count's components: their views (made once, when first searched)
 * and what a path ending at each of their functions is worth.
 */
struct count_state {
	const struct query *q;
	const struct graph_scc *scc;
	const unsigned char *mark;
	const uint64_t *memo;
	const uint32_t *order, *start; /* functions grouped by component */
	struct scc_paths_cache *cache;
	struct scc_view **view;	       /* per component */
	uint64_t *weight;	       /* per function */
	unsigned char *heavy;	       /* its weight saturated */
	struct scc_ahead *ahead;       /* the searches of one component */
};

/*
 * What a path ending at V is worth: V itself when a target, plus the
 * paths through the calls leaving V's component when the path goes on.
 */
static uint64_t weigh(const struct count_state *cs, uint32_t v, int cont,
		      int *exact)
{
	const struct graph *g = cs->q->g;
	uint64_t total = is_target(cs->q, v);
	uint32_t k;

	if (!cont)
		return total;
	for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
		uint32_t w = g->out[k];

		if (cs->mark[w] && can_enter(cs->q, w) &&
		    cs->scc->comp[w] != cs->scc->comp[v])
			total = sat_add(total, cs->memo[w], exact);
	}
	return total;
}

/* The view of component C, weighed: every component below it is done. */
static struct scc_view *comp_view(struct count_state *cs, uint32_t c)
{
	uint32_t first = cs->start[c], n = cs->start[c + 1] - first, i;
	unsigned char *cont;

	if (cs->view[c])
		return cs->view[c];
	cont = xmalloc((size_t)n + 1);
	for (i = 0; i < n; i++) {
		uint32_t v = cs->order[first + i];
		int exact = 1;

		cont[i] = (unsigned char)can_continue(cs->q, v);
		cs->weight[v] = weigh(cs, v, cont[i], &exact);
		cs->heavy[v] = (unsigned char)!exact;
	}
	cs->view[c] = scc_paths_view(cs->cache, cs->q->g, cs->scc->comp, c,
				     cs->order + first, cont, n);
	free(cont);
	return cs->view[c];
}

/*
 * Simple paths from START that stay inside its component until they leave
 * it into memoized territory, in at most ALLOWANCE steps.
 */
static uint64_t count_within(struct count_state *cs, uint32_t start,
			     int start_is_source, uint64_t allowance,
			     uint64_t *steps, int *exact)
{
	const struct query *q = cs->q;
	uint32_t c = cs->scc->comp[start], i, local;
	int start_cont = start_is_source ? can_enter(q, start)
					 : can_continue(q, start);
	const struct scc_search *s;
	struct scc_view *v;
	uint64_t total = 0;

	if (cs->scc->size[c] == 1)
		return weigh(cs, start, start_cont, exact);
	v = comp_view(cs, c);
	local = scc_view_local(v, start);
	s = cs->ahead ? scc_ahead_next(cs->ahead, local, allowance)
		      : scc_paths_search(cs->cache, v, local, start_cont,
					 allowance);
	*steps += s->steps;
	if (s->cut)
		*exact = 0;
	for (i = 0; i < s->nr; i++) {
		uint32_t u = v->nodes[s->local[i]];
		uint64_t w;

		if (u == start) {
			w = weigh(cs, u, start_cont, exact);
		} else {
			w = cs->weight[u];
			if (cs->heavy[u])
				*exact = 0;
		}
		total = sat_add(total, sat_mul(s->times[i], w, exact), exact);
	}
	return total;
}

/*
 * The searches from the functions of component C in the count, in the
 * order the count makes them, with a second thread searching ahead when
 * they are many (scc_ahead.h): USED steps spent, PENDING searches left.
 */
static struct scc_ahead *component_ahead(struct count_state *cs, uint32_t c,
					 uint64_t used, size_t pending)
{
	uint32_t first = cs->start[c], n = cs->start[c + 1] - first, i;
	struct scc_view *v;
	uint32_t *starts;
	struct scc_ahead *a;
	size_t nr = 0;

	for (i = 0; i < n; i++)
		nr += cs->mark[cs->order[first + i]] != 0;
	if (nr < SCC_AHEAD_MIN)
		return NULL;
	v = comp_view(cs, c);
	starts = xmalloc(((size_t)n + 1) * sizeof(*starts));
	nr = 0;
	for (i = 0; i < n; i++)
		if (cs->mark[cs->order[first + i]])
			starts[nr++] = scc_view_local(v, cs->order[first + i]);
	a = scc_ahead_start(cs->cache, v, starts, nr, cs->q->budget, used,
			    pending);
	free(starts);
	return a;
}

/* Counting with a depth limit: plain enumeration under the budget. */
static void count_bounded(const struct query *q, struct path_count *out);

void query_count(const struct query *q, struct path_count *out)
{
	const struct graph *g = q->g;
	unsigned char *mark;
	struct graph_scc scc;
	struct count_state cs;
	uint64_t *memo, steps = 0;
	uint32_t *order, *start;
	size_t i, c, pending;

	out->count = 0;
	out->exact = 1;
	if (q->max_depth >= 0) {
		count_bounded(q, out);
		return;
	}
	mark = query_subgraph(q);
	/* the unmarked functions alone, their edges not read */
	graph_scc(g, mark, scc_use_edge, (void *)q, &scc);

	/* Functions grouped by component, components sinks first. */
	start = xcalloc((size_t)scc.nr + 2, sizeof(*start));
	order = xmalloc(((size_t)g->nr + 1) * sizeof(*order));
	for (i = 0; i < g->nr; i++)
		start[scc.comp[i] + 1]++;
	for (c = 0; c < scc.nr; c++)
		start[c + 1] += start[c];
	{
		uint32_t *fill = xmalloc(((size_t)scc.nr + 1) * sizeof(*fill));

		memcpy(fill, start, (size_t)scc.nr * sizeof(*fill));
		for (i = 0; i < g->nr; i++)
			order[fill[scc.comp[i]]++] = (uint32_t)i;
		free(fill);
	}
	memo = xcalloc((size_t)g->nr + 1, sizeof(*memo));
	cs.q = q;
	cs.scc = &scc;
	cs.mark = mark;
	cs.memo = memo;
	cs.order = order;
	cs.start = start;
	cs.cache = q->count_cache ? q->count_cache : scc_paths_cache_new();
	cs.view = xcalloc((size_t)scc.nr + 1, sizeof(*cs.view));
	cs.weight = xmalloc(((size_t)g->nr + 1) * sizeof(*cs.weight));
	cs.heavy = xmalloc((size_t)g->nr + 1);
	/*
	 * Searches inside cycles share the budget fairly, so that running out
	 * still leaves every count a useful lower bound.
	 */
	pending = q->nr_sources;
	for (i = 0; i < g->nr; i++)
		if (mark[i] && scc.size[scc.comp[i]] > 1)
			pending++;
	for (c = 0; c < scc.nr; c++) {
		cs.ahead = scc.size[c] > 1
				   ? component_ahead(&cs, c, steps, pending)
				   : NULL;
		for (i = start[c]; i < start[c + 1]; i++) {
			uint32_t v = order[i], k;
			uint64_t total;

			if (!mark[v])
				continue;
			if (scc.size[c] > 1) {
				memo[v] = count_within(
					&cs, v, 0,
					scc_share(q->budget, steps, pending--),
					&steps, &out->exact);
				continue;
			}
			total = is_target(q, v);
			if (can_continue(q, v))
				for (k = g->out_start[v];
				     k < g->out_start[v + 1]; k++) {
					uint32_t w = g->out[k];

					if (w != v && mark[w] &&
					    can_enter(q, w))
						total = sat_add(total, memo[w],
								&out->exact);
				}
			memo[v] = total;
		}
		scc_ahead_finish(cs.ahead);
		cs.ahead = NULL;
	}
	for (i = 0; i < q->nr_sources; i++) {
		uint32_t s = q->sources[i];

		uint64_t n;

		if (!mark[s]) {
			pending--;
			continue;
		}
		n = count_within(&cs, s, 1,
				 scc_share(q->budget, steps, pending--), &steps,
				 &out->exact);
		if (q->per_source)
			q->per_source[i] = n;
		out->count = sat_add(out->count, n, &out->exact);
	}
	if (cs.cache != q->count_cache)
		scc_paths_cache_free(cs.cache);
	free(cs.view);
	free(cs.weight);
	free(cs.heavy);
	free(memo);
	free(order);
	free(start);
	free(mark);
	graph_scc_release(&scc);
}

/* State of a depth-limited enumeration. */
struct enum_state {
	const struct query *q;
	const uint32_t *dist;
	unsigned char *visited;
	uint32_t *path;
	uint64_t steps;
	int cutoff; /* a longer path may exist */
	int out_of_budget;
	void (*emit)(const uint32_t *path, size_t len, void *ctx);
	void *ctx;
	uint64_t emitted, limit;
};

struct enum_frame {
	uint32_t v, k;
};

/* Enumerate simple paths of exactly LEN calls from source S. */
static void enumerate_from(struct enum_state *st, uint32_t s, uint32_t len)
{
	const struct query *q = st->q;
	const struct graph *g = q->g;
	struct enum_frame *stack = xmalloc(((size_t)len + 1) * sizeof(*stack));
	size_t sp = 1;

	stack[0].v = s;
	stack[0].k = g->out_start[s];
	st->path[0] = s;
	st->visited[s] = 1;
	if (len == 0) {
		if (is_target(q, s)) {
			st->emit(st->path, 1, st->ctx);
			st->emitted++;
		}
		stack[0].k = g->out_start[s + 1];
		if (can_enter(q, s) && g->out_start[s] < g->out_start[s + 1])
			st->cutoff = 1;
	}
	while (sp) {
		struct enum_frame *fr = &stack[sp - 1];
		uint32_t v = fr->v;
		uint32_t depth = (uint32_t)(sp - 1);
		int cont = depth == 0 ? 1 : can_continue(q, v);

		if (st->emitted >= st->limit || st->out_of_budget)
			break;
		if (cont && fr->k < g->out_start[v + 1]) {
			uint32_t w = g->out[fr->k++];
			uint32_t remaining = len - depth - 1;

			if (st->visited[w] || !can_enter(q, w) ||
			    st->dist[w] == UINT32_MAX)
				continue;
			if (st->dist[w] > remaining) {
				st->cutoff = 1;
				continue;
			}
			if (++st->steps > q->budget) {
				st->out_of_budget = 1;
				break;
			}
			st->path[depth + 1] = w;
			if (remaining == 0) {
				if (is_target(q, w)) {
					st->emit(st->path, depth + 2, st->ctx);
					st->emitted++;
				}
				if (can_continue(q, w))
					st->cutoff = 1;
				continue;
			}
			st->visited[w] = 1;
			stack[sp].v = w;
			stack[sp].k = g->out_start[w];
			sp++;
			continue;
		}
		st->visited[v] = 0;
		sp--;
	}
	while (sp) {
		st->visited[stack[sp - 1].v] = 0;
		sp--;
	}
	free(stack);
}

static int enumerate(const struct query *q, uint64_t limit,
		     void (*emit)(const uint32_t *, size_t, void *), void *ctx,
		     int *out_of_budget, uint64_t *emitted)
{
	const struct graph *g = q->g;
	struct enum_state st;
	uint32_t *srcs = xmalloc((q->nr_sources + 1) * sizeof(*srcs));
	uint32_t len, max_len;
	size_t i;
	int complete = 1;

	memset(&st, 0, sizeof(st));
	st.q = q;
	st.dist = distance_to_targets(q);
	st.visited = xcalloc((size_t)g->nr + 1, 1);
	st.path = xmalloc(((size_t)g->nr + 1) * sizeof(*st.path));
	st.emit = emit;
	st.ctx = ctx;
	st.limit = limit;
	memcpy(srcs, q->sources, q->nr_sources * sizeof(*srcs));
	qsort(srcs, q->nr_sources, sizeof(*srcs), cmp_u32);
	max_len = g->nr ? g->nr - 1 : 0;
	if (q->max_depth >= 0 && (uint64_t)q->max_depth < max_len)
		max_len = (uint32_t)q->max_depth;
	for (len = 0;; len++) {
		st.cutoff = 0;
		for (i = 0; i < q->nr_sources; i++) {
			if (!can_enter(q, srcs[i]) ||
			    st.dist[srcs[i]] == UINT32_MAX)
				continue;
			if (st.dist[srcs[i]] > len) {
				st.cutoff = 1;
				continue;
			}
			enumerate_from(&st, srcs[i], len);
			if (st.emitted >= limit || st.out_of_budget)
				break;
		}
		if (st.out_of_budget) {
			complete = 0;
			break;
		}
		if (st.emitted >= limit) {
			/* Complete only if nothing else could follow. */
			complete = 0;
			break;
		}
		if (!st.cutoff || len >= max_len)
			break;
	}
	*out_of_budget = st.out_of_budget;
	*emitted = st.emitted;
	free((void *)st.dist);
	free(st.visited);
	free(st.path);
	free(srcs);
	return complete;
}

int query_paths(const struct query *q, uint64_t limit,
		void (*emit)(const uint32_t *path, size_t len, void *ctx),
		void *ctx)
{
	int oob;
	uint64_t n;

	return enumerate(q, limit, emit, ctx, &oob, &n);
}

static void count_emit(const uint32_t *path, size_t len, void *ctx)
{
	(void)path;
	(void)len;
	(void)ctx;
}

static void count_bounded(const struct query *q, struct path_count *out)
{
	int oob;
	uint64_t n;

	enumerate(q, UINT64_MAX, count_emit, NULL, &oob, &n);
	out->count = n;
	out->exact = !oob;
}
