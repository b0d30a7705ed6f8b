/*
 * test_query.c - unit tests of the graph image and the query algorithms on
 * small hand-made graphs: SCCs, reachability, filters, path listing and
 * counting (checked against brute-force enumeration).
 */
#include "graph.h"
#include "query.h"
#include "scc_ahead.h"
#include "scc_paths.h"
#include "symbols.h"
#include "unit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Build a graph of functions named n0..n(N-1) with the given edges. */
static void make_graph(struct graph *g, size_t n, const int (*edges)[2],
		       size_t nr_edges)
{
	struct graph_func_in *f = xcalloc(n, sizeof(*f));
	int64_t(*e)[2] = xmalloc((nr_edges + 1) * sizeof(*e));
	struct strbuf img = STRBUF_INIT;
	char **names = xmalloc(n * sizeof(*names));
	size_t i;

	for (i = 0; i < n; i++) {
		/* zero-padded so that name order equals index order */
		names[i] = xstrfmt("n%03zu", i);
		f[i].id = (int64_t)(100 + i);
		f[i].name = names[i];
		f[i].file = "f.c";
		f[i].unit = "f.c";
		f[i].flags = GF_DEFINED;
	}
	for (i = 0; i < nr_edges; i++) {
		e[i][0] = 100 + edges[i][0];
		e[i][1] = 100 + edges[i][1];
	}
	graph_image_build(f, n, (const int64_t(*)[2])e, nr_edges, &img);
	if (graph_from_image(g, img.buf, img.len))
		BUG("image did not load");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(f);
	free(e);
	strbuf_release(&img);
}

/* Brute force: simple paths from S to any target, by recursion. */
static uint64_t brute(const struct graph *g, uint32_t v, unsigned char *seen,
		      const unsigned char *target)
{
	uint64_t n = target[v];
	uint32_t k;

	seen[v] = 1;
	for (k = g->out_start[v]; k < g->out_start[v + 1]; k++)
		if (!seen[g->out[k]])
			n += brute(g, g->out[k], seen, target);
	seen[v] = 0;
	return n;
}

/* An edge both of whose ends are in the LIVE array CTX. */
static int both_live(uint32_t u, uint32_t v, void *ctx)
{
	const unsigned char *live = ctx;

	return live[u] && live[v];
}

static void test_scc(void)
{
	static const int edges[][2] = {{0, 1}, {1, 2}, {2, 0}, {2, 3},
				       {3, 4}, {4, 3}, {5, 5}};
	static const unsigned char live[6] = {1, 0, 1, 1, 1, 1};
	struct graph g;
	struct graph_scc s, t;
	size_t i;
	int same = 1;

	make_graph(&g, 6, edges, ARRAY_SIZE(edges));
	CHECK(g.nr == 6 && g.nr_edges == 7, "image round trip keeps sizes");
	CHECK(graph_find(&g, "n003") == 3 && graph_find(&g, "zz") == -1,
	      "find by name");
	CHECK(graph_find_id(&g, 104) == 4, "find by id");
	graph_scc(&g, NULL, NULL, NULL, &s);
	CHECK(s.comp[0] == s.comp[1] && s.comp[1] == s.comp[2], "cycle 0-1-2");
	CHECK(s.comp[3] == s.comp[4] && s.comp[3] != s.comp[0], "cycle 3-4");
	CHECK(s.size[s.comp[0]] == 3 && s.size[s.comp[5]] == 1, "sizes");
	CHECK(s.comp[3] < s.comp[0], "reverse topological numbering");
	graph_scc_release(&s);

	/* 1 not live: the cycle 0-1-2 broken, numbered as by a filter */
	graph_scc(&g, live, NULL, NULL, &s);
	graph_scc(&g, NULL, both_live, (void *)live, &t);
	for (i = 0; i < 6; i++)
		same &= s.comp[i] == t.comp[i] &&
			s.size[s.comp[i]] == t.size[t.comp[i]];
	CHECK(same && s.nr == t.nr,
	      "functions left out: the components an edge filter gives");
	CHECK(s.size[s.comp[1]] == 1 && s.comp[0] != s.comp[2] &&
		      s.comp[3] == s.comp[4],
	      "  1 alone, 0 and 2 apart, the cycle 3-4 kept");
	graph_scc_release(&s);
	graph_scc_release(&t);
	graph_release(&g);
}

static void test_damaged_image(void)
{
	static const int edges[][2] = {{0, 1}};
	struct graph_func_in f[2] = {
		{1, "a", "", "", 0, 0, 0, 0},
		{2, "b", "", "", 0, 0, 0, 0},
	};
	int64_t e[1][2] = {{1, 2}};
	struct strbuf img = STRBUF_INIT;
	struct graph g;
	size_t i;
	int rejected = 0;

	(void)edges;
	graph_image_build(f, 2, (const int64_t(*)[2])e, 1, &img);
	CHECK(graph_from_image(&g, img.buf, img.len - 1) == -1,
	      "a truncated image is rejected");
	/* Flip every byte after the header in turn: never a crash. */
	for (i = 24; i < img.len; i++) {
		img.buf[i] ^= 0x5a;
		if (graph_from_image(&g, img.buf, img.len))
			rejected++;
		else
			graph_release(&g);
		img.buf[i] ^= 0x5a;
	}
	CHECK(rejected > 0, "corrupted images are detected (%d)", rejected);
	strbuf_release(&img);
}

/*
 * An image of functions whose ids are dense (a table finds each edge's
 * ends, and places each function by id), dense with gaps, or far apart
 * (a search does, and a sort), given out of name order, with repeated
 * edges: the same graph either way, each function found by its id.
 */
static void test_image_ids(void)
{
	static const int64_t dense[4] = {3, 1, 4, 2};
	static const int64_t gaps[4] = {10, 1, 7, 4};
	static const int64_t sparse[4] = {9000000000LL, 5, 70000, 1};
	static const char *const names[4] = {"d", "b", "c", "a"};
	static const char *const kind[3] = {"dense", "gapped", "sparse"};
	static const int by_name[4] = {3, 1, 2, 0};
	const int64_t *ids[3] = {dense, gaps, sparse};
	size_t run, i;

	for (run = 0; run < 3; run++) {
		struct graph_func_in f[4];
		/* d -> b, d -> c, c -> a, b -> a, d -> b again */
		int64_t e[5][2];
		struct strbuf img = STRBUF_INIT;
		struct graph g;
		int ok;

		for (i = 0; i < 4; i++) {
			memset(&f[i], 0, sizeof(f[i]));
			f[i].id = ids[run][i];
			f[i].name = names[i];
			f[i].file = f[i].unit = "";
		}
		e[0][0] = e[4][0] = ids[run][0];
		e[0][1] = e[4][1] = ids[run][1];
		e[1][0] = ids[run][0];
		e[1][1] = ids[run][2];
		e[2][0] = ids[run][2];
		e[2][1] = ids[run][3];
		e[3][0] = ids[run][1];
		e[3][1] = ids[run][3];
		graph_image_build(f, 4, (const int64_t(*)[2])e, 5, &img);
		ok = !graph_from_image(&g, img.buf, img.len);
		/* by name: a 0, b 1, c 2, d 3 */
		CHECK(ok && g.nr == 4 && g.nr_edges == 4 &&
			      g.out_start[3 + 1] - g.out_start[3] == 2 &&
			      g.out[g.out_start[3]] == 1 &&
			      g.out[g.out_start[3] + 1] == 2 &&
			      g.out[g.out_start[2]] == 0 &&
			      g.out[g.out_start[1]] == 0 &&
			      g.out_start[1] == 0 && g.f[3].id == ids[run][0],
		      "%s ids: the edges, once each, in name order",
		      kind[run]);
		for (i = 0; ok && i < 4; i++)
			ok = graph_find_id(&g, ids[run][i]) == by_name[i];
		CHECK(ok && graph_find_id(&g, 6) == -1 &&
			      graph_find_id(&g, 0) == -1,
		      "%s ids: each function found by its id, no other",
		      kind[run]);
		if (ok)
			graph_release(&g);
		strbuf_release(&img);
	}
}

struct collect {
	size_t n;
	size_t lens[64];
	uint32_t paths[64][8];
};

static void collect(const uint32_t *path, size_t len, void *ctx)
{
	struct collect *c = ctx;

	if (c->n < 64 && len <= 8) {
		memcpy(c->paths[c->n], path, len * sizeof(*path));
		c->lens[c->n] = len;
	}
	c->n++;
}

/* Start Q on G under FLT, from SRC to the NTGT functions TGT. */
static void query_start(struct query *q, const struct graph *g,
			const struct filter *flt, uint32_t src,
			const uint32_t *tgt, size_t ntgt)
{
	query_init(q, g, flt);
	query_set_sources(q, &src, 1);
	query_set_targets(q, tgt, ntgt);
}

/* The paths from SRC to TGT[0..NTGT) under FLT, which is then emptied. */
static unsigned long long count_filtered(const struct graph *g,
					 struct filter *flt, uint32_t src,
					 const uint32_t *tgt, size_t ntgt)
{
	struct query q;
	struct path_count pc;

	query_start(&q, g, flt, src, tgt, ntgt);
	query_count(&q, &pc);
	query_release(&q);
	filter_release(flt);
	return (unsigned long long)pc.count;
}

static void test_paths(void)
{
	/*
	 * 0 -> 1 -> 3, 0 -> 2 -> 3, 1 <-> 2, 3 -> 4, 0 -> 4, 5 -> 0
	 * targets 3 and 4
	 */
	static const int edges[][2] = {{0, 1}, {1, 3}, {0, 2}, {2, 3}, {1, 2},
				       {2, 1}, {3, 4}, {0, 4}, {5, 0}};
	struct graph g;
	struct filter flt = {0};
	struct query q;
	struct path_count pc;
	struct collect col = {0};
	uint32_t src = 0, tgt[2] = {3, 4}, *path;
	unsigned char seen[6] = {0}, target[6] = {0, 0, 0, 1, 1, 0};
	size_t len, i;
	uint64_t expect;
	unsigned long long n;

	make_graph(&g, 6, edges, ARRAY_SIZE(edges));
	query_start(&q, &g, &flt, src, tgt, 2);
	len = query_reach(&q, &path);
	CHECK(len == 2 && path[0] == 0 && path[1] == 4, "shortest witness 0>4");
	free(path);

	expect = brute(&g, 0, seen, target);
	query_count(&q, &pc);
	CHECK(pc.exact && pc.count == expect,
	      "count %llu equals brute force %llu",
	      (unsigned long long)pc.count, (unsigned long long)expect);
	CHECK(query_paths(&q, 1000, collect, &col) == 1 && col.n == expect,
	      "listing yields every path (%zu)", col.n);
	for (i = 1; i < col.n && i < 64; i++)
		if (col.lens[i] < col.lens[i - 1])
			break;
	CHECK(i == col.n, "shortest first");

	q.max_depth = 2;
	query_count(&q, &pc);
	CHECK(pc.exact && pc.count == 3,
	      "max depth 2: 0>4, 0>1>3, 0>2>3 (%llu)",
	      (unsigned long long)pc.count);
	q.max_depth = -1;

	memset(&col, 0, sizeof(col));
	CHECK(query_paths(&q, 2, collect, &col) == 0 && col.n == 2,
	      "--limit stops the listing");

	/* Roots: only 5 is called by nobody. */
	query_sources_from_roots(&q);
	CHECK(q.nr_sources == 1 && q.sources[0] == 5, "roots as sources");
	query_release(&q);

	/* --stop n003: paths ending at 3 do not continue to 4. */
	strvec_push(&flt.stop, "n003");
	n = count_filtered(&g, &flt, src, tgt, 2);
	CHECK(n == expect - 4, "--stop cuts the paths through a target (%llu)",
	      n);

	/* --exclude n001: only 0>2>3, 0>2>3>4, 0>4 */
	strvec_push(&flt.exclude, "n001");
	n = count_filtered(&g, &flt, src, tgt, 2);
	CHECK(n == 3, "--exclude removes a function (%llu)", n);

	/* --only n002: intermediates must be n002 */
	strvec_push(&flt.only, "n002");
	n = count_filtered(&g, &flt, src, tgt, 2);
	CHECK(n == 2, "--only: 0>4 and 0>2>3 (%llu)", n);
	graph_release(&g);
}

/* Add to EDGES (from N on) every edge between two of functions 0..K-1. */
static size_t add_complete(int (*edges)[2], size_t n, size_t k)
{
	size_t i, j;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (i != j) {
				edges[n][0] = (int)i;
				edges[n][1] = (int)j;
				n++;
			}
	return n;
}

/* Counting on a complete graph (one big cycle) must stay bounded. */
static void test_budget(void)
{
	enum { N = 14 };
	int(*edges)[2] = xmalloc(N * N * sizeof(*edges));
	size_t n = 0;
	struct graph g;
	struct filter flt = {0};
	struct query q;
	struct path_count pc;
	uint32_t src = 0, tgt = N - 1;

	n = add_complete(edges, n, N);
	make_graph(&g, N, (const int(*)[2])edges, n);
	query_start(&q, &g, &flt, src, &tgt, 1);
	q.budget = 10000;
	query_count(&q, &pc);
	CHECK(!pc.exact && pc.count > 0,
	      "budget exhausted gives a lower bound (%llu)",
	      (unsigned long long)pc.count);
	q.budget = 1ULL << 40;
	query_release(&q);
	free(edges);
	graph_release(&g);
	{
		/* K5: simple paths 0 -> 4 = sum_{k=0..3} 3!/(3-k)! = 16 */
		static const int k5[][2] = {
			{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 0}, {1, 2}, {1, 3},
			{1, 4}, {2, 0}, {2, 1}, {2, 3}, {2, 4}, {3, 0}, {3, 1},
			{3, 2}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3},
		};
		uint32_t t4 = 4;

		make_graph(&g, 5, k5, ARRAY_SIZE(k5));
		query_start(&q, &g, &flt, src, &t4, 1);
		query_count(&q, &pc);
		CHECK(pc.exact && pc.count == 16,
		      "K5 has 16 simple paths 0->4 (%llu)",
		      (unsigned long long)pc.count);
		query_release(&q);
		graph_release(&g);
	}
}

/*
 * Counts that share their searches (different targets, one cache) equal
 * counts made alone, within and beyond the budget.
 */
static void test_count_cache(void)
{
	enum { K = 7, N = K + 4 };
	int(*edges)[2] = xmalloc(N * N * sizeof(*edges));
	struct scc_paths_cache *cache = scc_paths_cache_new();
	static const uint64_t budgets[] = {1, 40, 500, 1ULL << 30};
	size_t n = 0, i, j, b;
	struct filter flt = {0};
	struct graph g;
	uint32_t src = 0;

	/* a complete cycle of K functions, three leaving to targets */
	n = add_complete(edges, n, K);
	for (i = 0; i < 3; i++) {
		edges[n][0] = (int)(2 * i + 1);
		edges[n][1] = (int)(K + i);
		n++;
		edges[n][0] = (int)(K + i);
		edges[n][1] = N - 1;
		n++;
	}
	make_graph(&g, N, (const int(*)[2])edges, n);
	for (b = 0; b < ARRAY_SIZE(budgets); b++)
		for (j = 0; j < 2; j++)
			for (i = K; i < N; i++) {
				struct path_count alone, shared;
				uint32_t t = (uint32_t)i;
				struct query q;

				query_init(&q, &g, &flt);
				query_set_sources(&q, &src, 1);
				query_set_targets(&q, &t, 1);
				q.budget = budgets[b];
				query_count(&q, &alone);
				q.count_cache = cache;
				query_count(&q, &shared);
				CHECK(alone.count == shared.count &&
					      alone.exact == shared.exact,
				      "budget %llu, target %zu, pass %zu: "
				      "%llu/%d alone, %llu/%d shared",
				      (unsigned long long)budgets[b], i, j,
				      (unsigned long long)alone.count,
				      alone.exact,
				      (unsigned long long)shared.count,
				      shared.exact);
				if (budgets[b] > 1000000) {
					unsigned char seen[N] = {0};
					unsigned char tg[N] = {0};
					uint64_t want;

					tg[i] = 1;
					want = brute(&g, src, seen, tg);
					CHECK(shared.exact &&
						      shared.count == want,
					      "target %zu: %llu paths, brute "
					      "force %llu",
					      i,
					      (unsigned long long)shared.count,
					      (unsigned long long)want);
				} else if (budgets[b] == 1) {
					CHECK(!shared.exact,
					      "budget 1 runs out (target %zu)",
					      i);
				}
				query_release(&q);
			}
	scc_paths_cache_free(cache);
	free(edges);
	graph_release(&g);
}

/*
 * Counts whose searches inside a large component are made ahead on a
 * second thread (scc_ahead.c) equal those made on one thread, per source
 * too: with budgets that cut every search (the guesses hold), cut some
 * (a search that ends early proves the guesses after it wrong: those from
 * the sources that are --stop functions end at once) and cut none.
 */
static void test_count_ahead(void)
{
	/* R caches searching ahead: how far a guess gets is the threads' */
	enum { M = 48, T = M, S = M + 3, N = M + 4, B = 28, R = 4 };
	uint64_t budgets[B], used = 0, wasted = 0, runs = 0;
	int(*edges)[2] = xmalloc(4 * N * sizeof(*edges));
	struct scc_paths_cache *cache[R + 1];
	uint32_t src[5] = {0, 44, 45, 46, S};
	size_t n = 0, i, b, k;
	struct filter flt = {0};
	struct graph g;

	/* a ring of M functions with chords, three leaving to targets */
	for (i = 0; i < M; i++) {
		edges[n][0] = (int)i;
		edges[n++][1] = (int)((i + 1) % M);
		if (i % 3 == 1) {
			edges[n][0] = (int)i;
			edges[n++][1] = (int)((i * 5 + 11) % M);
		}
	}
	for (i = 0; i < 3; i++) {
		edges[n][0] = (int)(10 + 13 * i);
		edges[n++][1] = (int)(T + i);
	}
	edges[n][0] = S; /* a second entry into the ring */
	edges[n++][1] = 17;
	make_graph(&g, N, (const int(*)[2])edges, n);
	for (k = 0; k <= R; k++)
		cache[k] = scc_paths_cache_new();
	scc_paths_cache_alone(cache[0]);
	strvec_push(&flt.stop, "n044");
	strvec_push(&flt.stop, "n045");
	strvec_push(&flt.stop, "n046");
	/* from every search cut to none, allowances near the searches' sizes */
	budgets[0] = 64;
	for (b = 1; b < B - 1; b++)
		budgets[b] = budgets[b - 1] * 3 / 2;
	budgets[B - 1] = 1ULL << 40;
	for (b = 0; b < B; b++)
		for (i = T; i < T + 3; i++) {
			uint64_t per[R + 1][5];
			struct path_count pc[R + 1];
			uint32_t t = (uint32_t)i;
			size_t differ = 0;

			memset(per, 0, sizeof(per));
			for (k = 0; k <= R; k++) {
				struct query q;

				query_init(&q, &g, &flt);
				query_set_sources(&q, src, 5);
				query_set_targets(&q, &t, 1);
				q.budget = budgets[b];
				q.per_source = per[k];
				q.count_cache = cache[k];
				query_count(&q, &pc[k]);
				query_release(&q);
				differ += k && (pc[k].count != pc[0].count ||
						pc[k].exact != pc[0].exact ||
						memcmp(per[k], per[0],
						       sizeof(per[0])));
			}
			CHECK(!differ,
			      "budget %llu, target %zu: %llu/%d (%llu from "
			      "n000) on one thread; %zu of %d counts ahead "
			      "differ (the first %llu/%d, %llu)",
			      (unsigned long long)budgets[b], i,
			      (unsigned long long)pc[0].count, pc[0].exact,
			      (unsigned long long)per[0][0], differ, R,
			      (unsigned long long)pc[1].count, pc[1].exact,
			      (unsigned long long)per[1][0]);
			if (budgets[b] == 64)
				CHECK(!pc[0].exact, "budget 64 runs out "
						    "(target %zu)",
				      i);
			if (budgets[b] > 1000000)
				CHECK(pc[0].exact && pc[0].count > 0,
				      "budget %llu suffices (target %zu)",
				      (unsigned long long)budgets[b], i);
		}
	for (k = 1; k <= R; k++) {
		struct scc_ahead_stats *st = scc_paths_cache_stats(cache[k]);

		runs += st->runs;
		used += st->used;
		wasted += st->wasted;
	}
	/* the first count of a budget searches the ring, the others reuse */
	CHECK(runs > R * B / 2,
	      "a second thread for the counts whose first search is new "
	      "(%llu runs)",
	      (unsigned long long)runs);
	CHECK(used > 0, "searches made ahead were used: %llu, %llu thrown "
			"away",
	      (unsigned long long)used, (unsigned long long)wasted);
	CHECK(scc_paths_cache_stats(cache[0])->runs == 0,
	      "a cache made alone starts no thread");
	filter_release(&flt);
	for (k = 0; k <= R; k++)
		scc_paths_cache_free(cache[k]);
	free(edges);
	graph_release(&g);
}

/* Whether searches A and B found the same paths in the same steps. */
static int same_search(const struct scc_search *a, const struct scc_search *b)
{
	return a->allowance == b->allowance && a->steps == b->steps &&
	       a->cut == b->cut && a->nr == b->nr &&
	       !memcmp(a->local, b->local, a->nr * sizeof(*a->local)) &&
	       !memcmp(a->times, b->times, a->nr * sizeof(*a->times));
}

/*
 * A run whose count gives each search another allowance than the second
 * thread guesses gives the searches those allowances make: a search made
 * ahead serves only when it ended within them.
 */
static void test_ahead_allowances(void)
{
	enum { M = 40 };
	int(*edges)[2] = xmalloc(4 * M * sizeof(*edges));
	uint32_t comp_of[M] = {0}, nodes[M], starts[M];
	unsigned char cont[M];
	struct scc_paths_cache *c = scc_paths_cache_new();
	struct scc_scratch *sc = scc_scratch_new();
	struct scc_ahead *a;
	struct scc_view *v;
	struct graph g;
	uint64_t used = 0, budget = 40 * 20000;
	size_t n = 0, i, bad = 0, cut = 0;

	for (i = 0; i < M; i++) {
		edges[n][0] = (int)i;
		edges[n++][1] = (int)((i + 1) % M);
		edges[n][0] = (int)i;
		edges[n++][1] = (int)((i * 7 + 3) % M);
		nodes[i] = starts[i] = (uint32_t)i;
		cont[i] = 1;
	}
	make_graph(&g, M, (const int(*)[2])edges, n);
	v = scc_paths_view(c, &g, comp_of, 0, nodes, cont, M);
	a = scc_ahead_start(c, v, starts, M, budget, 0, M);
	CHECK(a != NULL, "a run of %d searches has a second thread", M);
	for (i = 0; a && i < M; i++) {
		/* a share the second thread cannot guess */
		uint64_t allowance =
			scc_share(budget, used, M - i) / 2 + 500 * (i % 3);
		const struct scc_search *s =
			scc_ahead_next(a, (uint32_t)i, allowance);
		struct scc_search *want =
			scc_search_run(sc, v, (uint32_t)i, 1, allowance);

		bad += !same_search(s, want);
		cut += want->cut;
		used += s->steps;
		scc_search_free(want);
	}
	scc_ahead_finish(a);
	CHECK(!bad && cut > M / 2,
	      "%zu of %d searches differ from one thread's (%zu cut)", bad, M,
	      cut);
	scc_scratch_free(sc);
	scc_paths_cache_free(c);
	free(edges);
	graph_release(&g);
}

/* The count from n000 to TARGET of G with BUDGET and CACHE. */
static struct path_count count_with(const struct graph *g, uint32_t target,
				    uint64_t budget,
				    struct scc_paths_cache *cache)
{
	struct filter flt = {0};
	struct path_count pc;
	struct query q;

	query_start(&q, g, &flt, 0, &target, 1);
	q.budget = budget;
	q.count_cache = cache;
	query_count(&q, &pc);
	query_release(&q);
	return pc;
}

/*
 * A copy of a cache (for another thread's counts) holds its searches, and
 * what either keeps after is its own.
 */
static void test_cache_copy(void)
{
	enum { M = 40, N = M + 1 };
	int(*edges)[2] = xmalloc(3 * N * sizeof(*edges));
	struct scc_paths_cache *orig = scc_paths_cache_new(), *copy;
	struct path_count a, b, c;
	struct graph g;
	size_t n = 0, i;

	for (i = 0; i < M; i++) {
		edges[n][0] = (int)i;
		edges[n++][1] = (int)((i + 1) % M);
		edges[n][0] = (int)i;
		edges[n++][1] = (int)((i * 7 + 3) % M);
	}
	edges[n][0] = 21; /* the way out, to the target */
	edges[n++][1] = M;
	make_graph(&g, N, (const int(*)[2])edges, n);
	a = count_with(&g, M, 40 * 5000, orig);
	copy = scc_paths_cache_copy(orig);
	b = count_with(&g, M, 40 * 5000, copy);
	CHECK(a.count == b.count && a.exact == b.exact && !a.exact &&
		      scc_paths_cache_stats(orig)->runs == 1 &&
		      scc_paths_cache_stats(copy)->runs == 0,
	      "a copy serves the searches it was copied with: %llu and "
	      "%llu paths, %llu run after the copy",
	      (unsigned long long)a.count, (unsigned long long)b.count,
	      (unsigned long long)scc_paths_cache_stats(copy)->runs);
	b = count_with(&g, M, 40 * 7000, copy);
	c = count_with(&g, M, 40 * 7000, orig);
	CHECK(b.count == c.count && scc_paths_cache_stats(copy)->runs == 1 &&
		      scc_paths_cache_stats(orig)->runs == 2,
	      "what a copy keeps after is its own (%llu and %llu paths)",
	      (unsigned long long)b.count, (unsigned long long)c.count);
	scc_paths_cache_free(orig);
	c = count_with(&g, M, 40 * 5000, copy);
	CHECK(c.count == a.count && scc_paths_cache_stats(copy)->runs == 1,
	      "a copy outlives its original");
	scc_paths_cache_free(copy);
	free(edges);
	graph_release(&g);
}

static void test_path_id(void)
{
	static const int edges[][2] = {{0, 1}};
	struct graph g;
	uint32_t p[2] = {0, 1};
	uint64_t h = FNV64_INIT;

	make_graph(&g, 2, edges, 1);
	h = fnv64(h, "n000\nn001", 9);
	CHECK(sym_path_id(&g, p, 2) == h,
	      "path id is FNV-1a of names joined by newlines");
	graph_release(&g);
}

static void test_user_edges(void)
{
	static const int edges[][2] = {{0, 1}, {2, 3}};
	struct graph_user_edge add[3] = {
		{1, 2, "via pointer", "r:1"},
		{0, 1, "already there", "r:2"},
		{1, 2, "twice", "r:3"},
	};
	struct graph g;
	struct filter flt = {0};
	struct query q;
	uint32_t src = 0, tgt = 3, *path;
	size_t len;

	make_graph(&g, 4, edges, ARRAY_SIZE(edges));
	query_start(&q, &g, &flt, src, &tgt, 1);
	CHECK(query_reach(&q, &path) == 0,
	      "0 does not reach 3 without the rule");
	query_release(&q);
	CHECK(graph_has_edge(&g, 0, 1) && !graph_has_edge(&g, 1, 0) &&
		      !graph_has_edge(&g, 1, 2),
	      "graph_has_edge: the image's calls, one way");
	graph_add_user_edges(&g, add, 3);
	CHECK(graph_has_edge(&g, 1, 2) && graph_has_edge(&g, 2, 3),
	      "graph_has_edge: a user edge too");
	CHECK(g.nr_edges == 3 && g.nr_user == 2,
	      "one new edge, two user edges (%u, %zu)", g.nr_edges, g.nr_user);
	CHECK(graph_user_edge(&g, 1, 2) && graph_user_edge(&g, 0, 1) &&
		      !graph_user_edge(&g, 2, 3),
	      "user edges are remembered");
	CHECK(g.in_start[2 + 1] - g.in_start[2] == 1 &&
		      g.in[g.in_start[2]] == 1,
	      "reverse rows hold the new edge");
	query_start(&q, &g, &flt, src, &tgt, 1);
	len = query_reach(&q, &path);
	CHECK(len == 4, "0 > 1 > 2 > 3 with the rule (%zu)", len);
	free(path);
	query_release(&q);
	graph_release(&g);
}

int main(void)
{
	test_user_edges();
	test_scc();
	test_damaged_image();
	test_image_ids();
	test_paths();
	test_budget();
	test_count_cache();
	test_count_ahead();
	test_ahead_allowances();
	test_cache_copy();
	test_path_id();
	return unit_done();
}
