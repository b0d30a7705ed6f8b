/*
 * report_site.c - the model of a report site, built from a review: paths
 * as function indices in display order (worst verdict first, then the
 * review's order, shortest first), targets, entries, the cells of the
 * matrix with their own path counts, the functions on paths, and the
 * call sites of the subgraph's calls.
 */
#include "report_site.h"
#include "graph.h"
#include "review.h"
#include "symbols.h"
#include "util.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static size_t sorted_unique(const uint32_t *v, size_t n, uint32_t **out)
{
	size_t i, k = 0;

	*out = xmalloc((n + 1) * sizeof(**out));
	memcpy(*out, v, n * sizeof(**out));
	qsort(*out, n, sizeof(**out), cmp_u32);
	for (i = 0; i < n; i++)
		if (!k || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	return k;
}

/*
 * File names "PREFIX-HASH.EXT" for N keys, from the FNV-1a hash of each
 * key; the rare key whose hash another key already has gets "-K" added.
 */
static char **page_names(const char *prefix, const char *ext, char *const *keys,
			 size_t n)
{
	struct keyed *h = xmalloc((n + 1) * sizeof(*h));
	char **names = xcalloc(n + 1, sizeof(*names));
	size_t i;

	for (i = 0; i < n; i++) {
		h[i].key = fnv64(FNV64_INIT, keys[i], strlen(keys[i]));
		h[i].i = i;
	}
	qsort(h, n, sizeof(*h), cmp_keyed);
	for (i = 0; i < n; i++) {
		if (i && h[i - 1].key == h[i].key)
			names[h[i].i] = xstrfmt("%s-%016" PRIx64 "-%zu.%s",
						prefix, h[i].key, i, ext);
		else
			names[h[i].i] = xstrfmt("%s-%016" PRIx64 ".%s", prefix,
						h[i].key, ext);
	}
	free(h);
	return names;
}

/* Targets and entries are sorted by their function, their first member. */
_Static_assert(offsetof(struct report_target, f) == 0, "f leads");
_Static_assert(offsetof(struct report_entry, f) == 0, "f leads");

/* The index of the element of V (N of SIZE bytes) whose f is F. */
static size_t find_f(const void *v, size_t n, size_t size, uint32_t f)
{
	const char *hit = n ? bsearch(&f, v, n, size, cmp_u32) : NULL;

	return hit ? (size_t)(hit - (const char *)v) / size : REPORT_NONE;
}

size_t report_site_target(const struct report_site *s, uint32_t f)
{
	return find_f(s->t, s->nr_t, sizeof(*s->t), f);
}

size_t report_site_entry(const struct report_site *s, uint32_t f)
{
	return find_f(s->e, s->nr_e, sizeof(*s->e), f);
}

static int cmp_cell(const void *a, const void *b)
{
	const struct report_cell *x = a, *y = b;

	return cmp_u64_pair(x->e, x->t, y->e, y->t);
}

static int cmp_edge(const void *a, const void *b)
{
	const struct report_edge *x = a, *y = b;

	return cmp_u64_pair(x->u, x->v, y->u, y->v);
}

struct report_cell *report_site_cell(const struct report_site *s, size_t e,
				     size_t t)
{
	struct report_cell key = {.e = e, .t = t};

	if (!s->nr_cells)
		return NULL;
	return bsearch(&key, s->cells, s->nr_cells, sizeof(key), cmp_cell);
}

const struct report_edge *report_site_edge(const struct report_site *s,
					   uint32_t u, uint32_t v)
{
	struct report_edge key = {.u = u, .v = v};

	if (!s->nr_edges)
		return NULL;
	return bsearch(&key, s->edges, s->nr_edges, sizeof(key), cmp_edge);
}

static uint32_t must_find(const struct graph *g, const char *name)
{
	int64_t i = graph_find(g, name);

	if (i < 0)
		BUG("review names '%s', which is not in the graph", name);
	return (uint32_t)i;
}

int report_worse(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/*
 * Count the paths from SRC to TARGET. There is one count per cell of the
 * matrix: each gets a tenth of the review's search budget, which on
 * allyesconfig decides as many counts exactly as the whole budget does.
 */
static void count_paths(const struct report_site *s, const uint32_t *src,
			size_t nr_src, uint32_t target, struct path_count *pc)
{
	const struct review_ctx *ctx = s->in->ctx;
	struct query q;

	query_init(&q, s->g, ctx->filter);
	query_set_sources(&q, src, nr_src);
	query_set_targets(&q, &target, 1);
	q.budget = (ctx->budget ? ctx->budget : QUERY_DEFAULT_BUDGET) / 10;
	if (!q.budget)
		q.budget = 1;
	query_count(&q, pc);
	query_release(&q);
}

static void model_paths(struct report_site *s)
{
	const struct review *rv = s->rv;
	size_t i, k;
	struct keyed *kv;

	s->pf = xcalloc(rv->nr_paths + 1, sizeof(*s->pf));
	s->plen = xcalloc(rv->nr_paths + 1, sizeof(*s->plen));
	s->pe = xcalloc(rv->nr_paths + 1, sizeof(*s->pe));
	s->pt = xcalloc(rv->nr_paths + 1, sizeof(*s->pt));
	kv = xmalloc((rv->nr_paths + 1) * sizeof(*kv));
	s->order = xmalloc((rv->nr_paths + 1) * sizeof(*s->order));
	for (i = 0; i < rv->nr_paths; i++) {
		const struct review_path *p = &rv->paths[i];

		if (!p->functions.nr)
			BUG("an empty path in the review");
		s->plen[i] = p->functions.nr;
		s->pf[i] = xmalloc(p->functions.nr * sizeof(**s->pf));
		for (k = 0; k < p->functions.nr; k++)
			s->pf[i][k] = must_find(s->g, p->functions.v[k]);
		s->pe[i] = report_site_entry(s, s->pf[i][0]);
		s->pt[i] = report_site_target(s, s->pf[i][s->plen[i] - 1]);
		s->listed[p->verdict]++;
		kv[i] = (struct keyed){p->verdict, i};
	}
	/* worst verdict first, then in the review's order (shortest first) */
	qsort(kv, rv->nr_paths, sizeof(*kv), cmp_keyed);
	for (i = 0; i < rv->nr_paths; i++)
		s->order[i] = kv[i].i;
	free(kv);
}

static int model_edges(struct report_site *s)
{
	const struct review *rv = s->rv;
	int64_t(*pairs)[2];
	struct call_sites *sites;
	struct keyed *kv;
	size_t i;
	int ret;

	s->nr_edges = rv->nr_edges;
	s->edges = xcalloc(rv->nr_edges + 1, sizeof(*s->edges));
	for (i = 0; i < rv->nr_edges; i++) {
		s->edges[i].u = must_find(s->g, rv->edges[i].caller);
		s->edges[i].v = must_find(s->g, rv->edges[i].callee);
	}
	qsort(s->edges, s->nr_edges, sizeof(*s->edges), cmp_edge);
	pairs = xmalloc((s->nr_edges + 1) * sizeof(*pairs));
	sites = xcalloc(s->nr_edges + 1, sizeof(*sites));
	for (i = 0; i < s->nr_edges; i++) {
		pairs[i][0] = s->g->f[s->edges[i].u].id;
		pairs[i][1] = s->g->f[s->edges[i].v].id;
	}
	ret = graph_db_call_sites(s->db, (const int64_t(*)[2])pairs,
				  s->nr_edges, sites);
	for (i = 0; i < s->nr_edges; i++)
		s->edges[i].sites = sites[i];
	free(sites);
	free(pairs);
	/* edges are sorted by caller: within a callee, they stay so */
	kv = xmalloc((s->nr_edges + 1) * sizeof(*kv));
	for (i = 0; i < s->nr_edges; i++)
		kv[i] = (struct keyed){s->edges[i].v, i};
	qsort(kv, s->nr_edges, sizeof(*kv), cmp_keyed);
	s->by_callee = xmalloc((s->nr_edges + 1) * sizeof(*s->by_callee));
	for (i = 0; i < s->nr_edges; i++)
		s->by_callee[i] = kv[i].i;
	free(kv);
	return ret;
}

static void add_func(struct report_site *s, uint32_t f)
{
	if (s->dense[f] != REPORT_NONE)
		return;
	s->dense[f] = s->nr_fi;
	s->fi[s->nr_fi++].f = f;
}

static void model_functions(struct report_site *s)
{
	char **keys;
	size_t i, k;

	s->dense = xmalloc(((size_t)s->g->nr + 1) * sizeof(*s->dense));
	for (i = 0; i < s->g->nr; i++)
		s->dense[i] = REPORT_NONE;
	s->fi = xcalloc((size_t)s->g->nr + 1, sizeof(*s->fi));
	for (i = 0; i < s->nr_edges; i++) {
		add_func(s, s->edges[i].u);
		add_func(s, s->edges[i].v);
	}
	for (i = 0; i < s->nr_cells; i++) {
		add_func(s, s->e[s->cells[i].e].f);
		add_func(s, s->t[s->cells[i].t].f);
	}
	for (i = 0; i < s->rv->nr_paths; i++)
		for (k = 0; k < s->plen[i]; k++)
			add_func(s, s->pf[i][k]);
	/* pages in name order: the graph's order */
	for (i = k = 0; i < s->g->nr; i++)
		if (s->dense[i] != REPORT_NONE) {
			s->dense[i] = k;
			s->fi[k].f = (uint32_t)i;
			k++;
		}
	keys = xmalloc((s->nr_fi + 1) * sizeof(*keys));
	for (i = 0; i < s->nr_fi; i++) {
		struct report_func *fi = &s->fi[i];

		keys[i] = (char *)s->g->f[fi->f].name;
		fi->by_target = xcalloc(s->nr_t + 1, sizeof(*fi->by_target));
		fi->worst_target =
			xmalloc((s->nr_t + 1) * sizeof(*fi->worst_target));
		for (k = 0; k < s->nr_t; k++)
			fi->worst_target[k] = -1;
	}
	{
		char **names = page_names("f", "html", keys, s->nr_fi);

		for (i = 0; i < s->nr_fi; i++)
			s->fi[i].page = names[i];
		free(names);
	}
	free(keys);
	/* listed paths through each function, in display order */
	for (i = 0; i < s->rv->nr_paths; i++) {
		size_t p = s->order[i];
		enum verdict v = s->rv->paths[p].verdict;

		for (k = 0; k < s->plen[p]; k++) {
			struct report_func *fi = &s->fi[s->dense[s->pf[p][k]]];

			fi->through[v]++;
			fi->nr_through++;
			if (s->pt[p] != REPORT_NONE) {
				fi->by_target[s->pt[p]]++;
				fi->worst_target[s->pt[p]] = report_worse(
					fi->worst_target[s->pt[p]], (int)v);
			}
			if (fi->nr_sample < REPORT_SAMPLE_PATHS)
				fi->sample[fi->nr_sample++] = p;
		}
	}
}

static void model_cells(struct report_site *s)
{
	const struct review *rv = s->rv;
	char **keys = xmalloc((rv->nr_pairs + 1) * sizeof(*keys)), **names;
	size_t i, v;

	s->cells = xcalloc(rv->nr_pairs + 1, sizeof(*s->cells));
	for (i = 0; i < rv->nr_pairs; i++) {
		size_t e = report_site_entry(
			s, must_find(s->g, rv->pairs[i].entry));
		size_t t = report_site_target(
			s, must_find(s->g, rv->pairs[i].target));
		struct report_cell *c = &s->cells[s->nr_cells];

		if (e == REPORT_NONE || t == REPORT_NONE)
			continue;
		c->e = e;
		c->t = t;
		s->e[e].reaches = 1;
		s->t[t].reached = 1;
		s->nr_cells++;
	}
	/* by entry, then target: report_site_cell() searches them */
	qsort(s->cells, s->nr_cells, sizeof(*s->cells), cmp_cell);
	for (i = 0; i < s->nr_cells; i++) {
		struct report_cell *c = &s->cells[i];

		keys[i] = xstrfmt("%s\n%s", s->g->f[s->e[c->e].f].name,
				  s->g->f[s->t[c->t].f].name);
		count_paths(s, &s->e[c->e].f, 1, s->t[c->t].f, &c->pc);
	}
	names = page_names("p", "html", keys, s->nr_cells);
	for (i = 0; i < s->nr_cells; i++) {
		s->cells[i].page = names[i];
		free(keys[i]);
	}
	free(names);
	free(keys);
	for (i = 0; i < rv->nr_paths; i++) {
		struct report_cell *c;

		if (s->pe[i] == REPORT_NONE || s->pt[i] == REPORT_NONE)
			continue;
		c = report_site_cell(s, s->pe[i], s->pt[i]);
		if (!c)
			continue;
		c->listed[rv->paths[i].verdict]++;
		c->nr_listed++;
	}
	for (i = 0; i < s->nr_cells; i++) {
		struct report_cell *c = &s->cells[i];

		c->worst = -1;
		for (v = 0; v < VERDICT_COUNT; v++)
			if (c->listed[v]) {
				c->worst = (int)v;
				break;
			}
		/* paths the listing left out have no verdict */
		if (!c->pc.exact || c->pc.count > c->nr_listed)
			c->worst = report_worse(c->worst, VERDICT_UNDECIDED);
	}
}

int report_site_build(struct report_site *s, const struct report_input *in)
{
	const struct review_ctx *ctx = in->ctx;
	uint32_t *v, *src;
	char **keys, **names;
	size_t i, n;

	memset(s, 0, sizeof(*s));
	s->in = in;
	s->rv = in->rv;
	s->g = ctx->g;
	s->db = ctx->db;
	n = sorted_unique(ctx->targets->idx, ctx->targets->nr, &v);
	s->nr_t = n;
	s->t = xcalloc(n + 1, sizeof(*s->t));
	for (i = 0; i < n; i++)
		s->t[i].f = v[i];
	free(v);
	n = sorted_unique(ctx->entries->idx, ctx->entries->nr, &v);
	s->nr_e = n;
	s->e = xcalloc(n + 1, sizeof(*s->e));
	for (i = 0; i < n; i++)
		s->e[i].f = v[i];
	src = v;

	keys = xmalloc((s->nr_t + 1) * sizeof(*keys));
	for (i = 0; i < s->nr_t; i++)
		keys[i] = (char *)s->g->f[s->t[i].f].name;
	names = page_names("t", "html", keys, s->nr_t);
	for (i = 0; i < s->nr_t; i++) {
		s->t[i].page = names[i];
		/* "t-HASH.html" -> "t-HASH.svg" */
		s->t[i].svg =
			xstrfmt("%.*ssvg", (int)strlen(names[i]) - 4, names[i]);
	}
	free(names);
	free(keys);

	model_paths(s);
	model_cells(s);
	for (i = 0; i < s->rv->nr_paths; i++)
		if (s->pt[i] != REPORT_NONE) {
			s->t[s->pt[i]].listed[s->rv->paths[i].verdict]++;
			s->t[s->pt[i]].nr_listed++;
		}
	for (i = 0; i < s->nr_t; i++)
		if (s->t[i].reached)
			count_paths(s, src, s->nr_e, s->t[i].f, &s->t[i].pc);
	free(src);
	if (model_edges(s))
		return -1;
	model_functions(s);

	s->units = graph_db_count(s->db, "SELECT count(*) FROM units");
	s->call_sites =
		graph_db_count(s->db, "SELECT count(*) FROM call_sites");
	s->indirect =
		graph_db_count(s->db, "SELECT count(*) FROM indirect_sites");
	if (s->units < 0 || s->call_sites < 0 || s->indirect < 0 ||
	    graph_db_get_build(s->db, "label", &s->label) ||
	    graph_db_get_build(s->db, "config", &s->config) ||
	    graph_db_get_build(s->db, "ingested_at", &s->ingested))
		return -1;
	return 0;
}

void report_site_release(struct report_site *s)
{
	size_t i;

	for (i = 0; s->pf && i < s->rv->nr_paths; i++)
		free(s->pf[i]);
	free(s->pf);
	free(s->plen);
	free(s->pe);
	free(s->pt);
	free(s->order);
	for (i = 0; i < s->nr_t; i++) {
		free(s->t[i].page);
		free(s->t[i].svg);
	}
	free(s->t);
	free(s->e);
	FREE_RECORDS(s->cells, s->nr_cells, page);
	for (i = 0; i < s->nr_fi; i++) {
		free(s->fi[i].page);
		free(s->fi[i].by_target);
		free(s->fi[i].worst_target);
	}
	free(s->fi);
	free(s->dense);
	for (i = 0; i < s->nr_edges; i++)
		call_sites_release(&s->edges[i].sites);
	free(s->edges);
	free(s->by_callee);
	free(s->label);
	free(s->config);
	free(s->ingested);
}

const char *report_site_page(const struct report_site *s, uint32_t f)
{
	return s->dense[f] == REPORT_NONE ? NULL : s->fi[s->dense[f]].page;
}
