/*
 * traces_match.c - matching traces against the static call graph: the
 * walk of a trace's frames, the paths it supports, and its hops.
 */
#include "traces_int.h"
#include "graph.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int same_set(const struct walk_frame *a, const uint32_t *v, size_t n)
{
	return a->nr == n && !memcmp(a->cand, v, n * sizeof(*v));
}

/* Does G call some function of B directly from some function of A? */
static int calls_directly(const struct graph *g, const struct walk_frame *a,
			  const struct walk_frame *b)
{
	size_t i, j;
	uint32_t k;

	for (i = 0; i < a->nr; i++)
		for (k = g->out_start[a->cand[i]];
		     k < g->out_start[a->cand[i] + 1]; k++)
			for (j = 0; j < b->nr; j++)
				if (g->out[k] == b->cand[j])
					return 1;
	return 0;
}

/* Mark the runs of unknown frames the graph's build inlined. */
static void mark_inlined(struct trace_walk *w, const struct graph *g)
{
	size_t i = 0, j;

	while (i < w->nr) {
		if (w->f[i].nr) {
			i++;
			continue;
		}
		for (j = i; j < w->nr && !w->f[j].nr; j++)
			;
		/* the walk starts and ends with known frames */
		if (i > 0 && j < w->nr &&
		    calls_directly(g, &w->f[i - 1], &w->f[j]))
			for (; i < j; i++)
				w->f[i].inlined = 1;
		i = j;
	}
}

void trace_walk_init(struct trace_walk *w, const struct graph *g,
		     const struct trace *t)
{
	size_t i, alloc = 0;

	memset(w, 0, sizeof(*w));
	for (i = t->nr; i-- > 0;) {
		const struct trace_frame *f = &t->frames[i];
		struct sym_matches m = {0};
		struct walk_frame *last = w->nr ? &w->f[w->nr - 1] : NULL;

		if (!f->name || !traces_resolve_name(g, f->name, &m)) {
			w->unknown++;
			sym_matches_release(&m);
			if (!w->nr)
				continue; /* outside the first known frame */
		}
		if (m.nr)
			qsort(m.idx, m.nr, sizeof(*m.idx), cmp_u32);
		if (last && m.nr && same_set(last, m.idx, m.nr)) {
			/* printed twice (arm's LR and first frame): one frame
			 */
			if (!frame_mark_unreliable(f->mark))
				last->unreliable = 0;
			sym_matches_release(&m);
			continue;
		}
		ALLOC_GROW(w->f, w->nr + 1, alloc);
		w->f[w->nr].cand = m.idx;
		w->f[w->nr].nr = m.nr;
		w->f[w->nr].unreliable = frame_mark_unreliable(f->mark);
		w->f[w->nr].inlined = 0;
		w->f[w->nr].pos = i;
		w->nr++;
	}
	/* unknown frames inside the last known one explain nothing */
	while (w->nr && !w->f[w->nr - 1].nr)
		w->nr--;
	mark_inlined(w, g);
}

void trace_walk_release(struct trace_walk *w)
{
	FREE_RECORDS(w->f, w->nr, cand);
	memset(w, 0, sizeof(*w));
}

static int frame_has(const struct walk_frame *f, uint32_t fn)
{
	return f->nr &&
	       bsearch(&fn, f->cand, f->nr, sizeof(fn), cmp_u32) != NULL;
}

int trace_walk_match(const struct trace_walk *w, const uint32_t *path,
		     size_t len)
{
	size_t m = w->nr, i, j, i2, j2;
	int *dp, best = -1;
	const int inf = 1 << 30;

	if (!len || !m)
		return -1;
	if (len == 1) {
		for (i = 0; i < m; i++)
			if (frame_has(&w->f[i], path[0]))
				return 0;
		return -1;
	}
	/* dp[i * len + j]: fewest missing with frame i as path function j */
	dp = xmalloc(m * len * sizeof(*dp));
	for (i = 0; i < m * len; i++)
		dp[i] = inf;
	for (i = 0; i < m; i++)
		if (frame_has(&w->f[i], path[0]))
			dp[i * len] = 0;
	for (i = 0; i < m; i++)
		for (j = 0; j + 1 < len; j++) {
			int here = dp[i * len + j];

			if (here == inf)
				continue;
			for (i2 = i + 1; i2 < m; i2++) {
				for (j2 = j + 1;
				     j2 < len && j2 <= j + 1 + TRACE_MAX_GAP;
				     j2++) {
					int v = here + (int)(j2 - j - 1);

					if (v < dp[i2 * len + j2] &&
					    frame_has(&w->f[i2], path[j2]))
						dp[i2 * len + j2] = v;
				}
				if (!w->f[i2].unreliable && !w->f[i2].inlined)
					break; /* a frame the path must explain
						*/
			}
		}
	for (i = 0; i < m; i++)
		if (dp[i * len + len - 1] != inf &&
		    (best < 0 || dp[i * len + len - 1] < best))
			best = dp[i * len + len - 1];
	free(dp);
	return best;
}

void trace_matcher_init(struct trace_matcher *m, const struct graph *g)
{
	m->g = g;
	m->stamp = xcalloc((size_t)g->nr + 1, sizeof(*m->stamp));
	m->queue = xmalloc(((size_t)g->nr + 1) * sizeof(*m->queue));
	m->depth = xmalloc(((size_t)g->nr + 1) * sizeof(*m->depth));
	m->gen = 0;
}

void trace_matcher_release(struct trace_matcher *m)
{
	free(m->stamp);
	free(m->queue);
	free(m->depth);
	memset(m, 0, sizeof(*m));
}

int trace_matcher_reaches(struct trace_matcher *m, const uint32_t *from,
			  size_t nr_from, uint32_t to, unsigned max)
{
	const struct graph *g = m->g;
	size_t head = 0, tail = 0, i;

	if (++m->gen == 0) {
		memset(m->stamp, 0, (size_t)g->nr * sizeof(*m->stamp));
		m->gen = 1;
	}
	for (i = 0; i < nr_from; i++) {
		if (m->stamp[from[i]] == m->gen)
			continue;
		m->stamp[from[i]] = m->gen;
		m->depth[from[i]] = 0;
		m->queue[tail++] = from[i];
	}
	while (head < tail) {
		uint32_t u = m->queue[head++], k;

		if (m->depth[u] >= max)
			continue;
		for (k = g->out_start[u]; k < g->out_start[u + 1]; k++) {
			uint32_t v = g->out[k];

			if (v == to)
				return 1;
			if (m->stamp[v] == m->gen)
				continue;
			m->stamp[v] = m->gen;
			m->depth[v] = m->depth[u] + 1;
			m->queue[tail++] = v;
		}
	}
	return 0;
}

void trace_walk_hops(const struct trace_walk *w, struct trace_matcher *m,
		     struct trace_hops *out)
{
	uint32_t *prev = NULL, *next;
	size_t nr_prev = 0, nr_next, k, i;
	long prev_k = -1;

	memset(out, 0, sizeof(*out));
	out->first_bad = out->first_bad_caller = -1;
	out->chosen = xmalloc((w->nr + 1) * sizeof(*out->chosen));
	out->from = xmalloc((w->nr + 1) * sizeof(*out->from));
	out->bad = xcalloc(w->nr + 1, 1);
	next = xmalloc(sizeof(*next));
	for (k = 0; k < w->nr; k++) {
		const struct walk_frame *f = &w->f[k];

		next = xrealloc(next, (f->nr + 1) * sizeof(*next));
		nr_next = 0;
		out->from[k] = prev_k;
		out->chosen[k] = UINT32_MAX;
		if (!f->nr) {
			/* not in the graph: stale, inlined, or a call it lacks
			 */
			if (f->unreliable || f->inlined) {
				out->from[k] = -1;
				out->stale++;
				continue;
			}
			if (prev_k >= 0) {
				out->nr_bad++;
				out->bad[k] = 1;
				if (out->first_bad < 0) {
					out->first_bad = (long)k;
					out->first_bad_caller = prev_k;
				}
			}
			free(prev);
			prev = NULL;
			nr_prev = 0;
			prev_k = -1;
			continue;
		}
		for (i = 0; prev_k >= 0 && i < f->nr; i++)
			if (trace_matcher_reaches(m, prev, nr_prev, f->cand[i],
						  TRACE_MAX_GAP + 1))
				next[nr_next++] = f->cand[i];
		out->from[k] = prev_k;
		if (prev_k >= 0 && !nr_next && f->unreliable) {
			out->chosen[k] = UINT32_MAX; /* stale: pass over */
			out->from[k] = -1;
			out->stale++;
			continue;
		}
		if (prev_k >= 0 && !nr_next) {
			out->nr_bad++;
			out->bad[k] = 1;
			if (out->first_bad < 0) {
				out->first_bad = (long)k;
				out->first_bad_caller = prev_k;
			}
		}
		if (!nr_next) {
			memcpy(next, f->cand, f->nr * sizeof(*next));
			nr_next = f->nr;
		} else if (nr_prev > 1) {
			/* the ambiguous frame before: one that reaches this one
			 */
			for (i = 0; i < nr_prev; i++)
				if (trace_matcher_reaches(m, &prev[i], 1,
							  next[0],
							  TRACE_MAX_GAP + 1)) {
					out->chosen[prev_k] = prev[i];
					break;
				}
		}
		out->chosen[k] = next[0];
		free(prev);
		prev = next;
		nr_prev = nr_next;
		next = xmalloc(sizeof(*next));
		prev_k = (long)k;
	}
	free(prev);
	free(next);
}

void trace_hops_release(struct trace_hops *h)
{
	free(h->chosen);
	free(h->from);
	free(h->bad);
	memset(h, 0, sizeof(*h));
}
