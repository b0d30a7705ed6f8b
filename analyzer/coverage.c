/*
 * coverage.c - run-time traces against the static paths: which entry-to-
 * target paths the traces saw, which never, and which traces no static path
 * explains, and why (the matching rules are in the README, "coverage").
 */
#include "coverage.h"
#include "rules.h"
#include "graph.h"
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE COVERAGE_NONE

static const char *const why_names[] = {
	[WHY_NONE] = "explained",
	[WHY_HOP] = "unexplained hop",
	[WHY_NO_ENTRY] = "no entry point",
	[WHY_FILTERED] = "filtered",
	[WHY_OTHER] = "no matching static path",
};

const char *coverage_why_name(enum coverage_why w)
{
	return name_of(why_names, ARRAY_SIZE(why_names), w);
}

struct match {
	size_t path, trace;
	int missing;
};

static int set_has(const struct trace_cov *tc, uint32_t f)
{
	return tc->nr_set &&
	       bsearch(&f, tc->set, tc->nr_set, sizeof(f), cmp_u32) != NULL;
}

/* The trace path of TC: from its outermost entry to the next target. */
static void trace_path(struct coverage *c, struct trace_cov *tc)
{
	const uint32_t *ch = tc->h.chosen;
	long s = -1, e = -1, k, n = (long)tc->w.nr;
	size_t alloc = 0;

	tc->entry = tc->target = NONE;
	for (k = 0; k < n && s < 0; k++)
		if (ch[k] != NONE && c->is_entry[ch[k]])
			s = k;
	tc->has_entry = s >= 0;
	for (k = 0; s < 0 && k < n; k++)
		if (ch[k] != NONE)
			s = k;
	if (s < 0)
		return;
	for (k = s + 1; k < n && e < 0; k++)
		if (ch[k] != NONE && c->is_target[ch[k]])
			e = k;
	if (e < 0 && c->is_target[ch[s]])
		e = s;
	if (e < 0)
		return;
	tc->relevant = 1;
	for (k = s; k <= e; k++) {
		const struct trace_frame *tf = &tc->t->frames[tc->w.f[k].pos];

		if (ch[k] == NONE) {
			if (!tc->w.f[k].nr && !tc->w.f[k].unreliable) {
				char *u = xstrfmt(
					tc->w.f[k].inlined ? "(%s)" : "%s?",
					tf->name ? tf->name : tf->raw);

				strvec_push(&tc->shown, u);
				free(u);
			}
			continue;
		}
		ALLOC_GROW(tc->fns, tc->nr_fns + 1, alloc);
		tc->fns[tc->nr_fns++] = ch[k];
		strvec_push(&tc->shown, c->g->f[ch[k]].name);
	}
	if (tc->has_entry)
		tc->entry = ch[s];
	tc->target = ch[e];
	tc->rule = rules_triage(c->rules, c->g, tc->fns, tc->nr_fns);
}

static void init_traces(struct coverage *c, struct trace_matcher *m)
{
	const struct graph *g = c->g;
	size_t i, k, j, alloc, n;
	const char *last_log = NULL;

	c->nr_tr = c->set->nr;
	c->tr = xcalloc(c->nr_tr + 1, sizeof(*c->tr));
	for (i = 0; i < c->nr_tr; i++) {
		struct trace_cov *tc = &c->tr[i];

		tc->t = &c->set->v[i];
		if (!last_log || strcmp(last_log, tc->t->log))
			c->logs++;
		last_log = tc->t->log;
		trace_walk_init(&tc->w, g, tc->t);
		trace_walk_hops(&tc->w, m, &tc->h);
		alloc = 0;
		for (k = 0; k < tc->w.nr; k++)
			for (j = 0; j < tc->w.f[k].nr; j++) {
				ALLOC_GROW(tc->set, tc->nr_set + 1, alloc);
				tc->set[tc->nr_set++] = tc->w.f[k].cand[j];
			}
		sort_array(tc->set, tc->nr_set, sizeof(*tc->set), cmp_u32);
		for (k = n = 0; k < tc->nr_set; k++)
			if (!n || tc->set[n - 1] != tc->set[k])
				tc->set[n++] = tc->set[k];
		tc->nr_set = n;
		trace_path(c, tc);
	}
}

static int cmp_match(const void *x, const void *y)
{
	const struct match *a = x, *b = y;

	CMP_BY(a, b, trace);
	if (a->missing != b->missing)
		return a->missing - b->missing;
	return a->path < b->path ? -1 : a->path > b->path;
}

static int same_ends(const struct coverage *c, const struct match *a,
		     const struct match *b)
{
	const struct path_cov *p = &c->paths[a->path], *q = &c->paths[b->path];

	return p->fn[0] == q->fn[0] && p->fn[p->len - 1] == q->fn[q->len - 1];
}

/*
 * Match every static path against every trace holding its first and last
 * function. A trace counts for the paths between the same ends that it
 * matches with the fewest missing frames.
 */
static void match_paths(struct coverage *c)
{
	const struct graph *g = c->g;
	struct match *v = NULL;
	size_t nr = 0, alloc = 0, i, k, start;

	c->paths = xcalloc(c->rv->nr_paths + 1, sizeof(*c->paths));
	c->nr_paths = c->rv->nr_paths;
	for (i = 0; i < c->nr_paths; i++) {
		struct path_cov *p = &c->paths[i];

		p->p = &c->rv->paths[i];
		p->len = p->p->functions.nr;
		p->fn = xmalloc((p->len + 1) * sizeof(*p->fn));
		p->missing = -1;
		for (k = 0; k < p->len; k++) {
			int64_t f = graph_find(g, p->p->functions.v[k]);

			if (f < 0)
				BUG("path function '%s' not in the graph",
				    p->p->functions.v[k]);
			p->fn[k] = (uint32_t)f;
		}
		if (!p->len)
			continue;
		for (k = 0; k < c->nr_tr; k++) {
			const struct trace_cov *tc = &c->tr[k];
			int miss;

			if (!set_has(tc, p->fn[0]) ||
			    !set_has(tc, p->fn[p->len - 1]))
				continue;
			miss = trace_walk_match(&tc->w, p->fn, p->len);
			if (miss < 0)
				continue;
			ALLOC_GROW(v, nr + 1, alloc);
			v[nr].path = i;
			v[nr].trace = k;
			v[nr].missing = miss;
			nr++;
		}
	}
	sort_array(v, nr, sizeof(*v), cmp_match);
	for (start = 0; start < nr; start = i) {
		for (i = start; i < nr && v[i].trace == v[start].trace; i++) {
			struct path_cov *p = &c->paths[v[i].path];
			struct trace_cov *tc = &c->tr[v[i].trace];

			/* a better match between the same ends came first */
			for (k = start; k < i; k++)
				if (same_ends(c, &v[k], &v[i]) &&
				    v[k].missing < v[i].missing)
					break;
			if (k < i)
				continue;
			ALLOC_GROW(p->traces, p->nr_traces + 1, p->alloc);
			p->traces[p->nr_traces++] = v[i].trace;
			p->occurrences += tc->t->count;
			if (p->missing < 0 || v[i].missing < p->missing)
				p->missing = v[i].missing;
			tc->matches++;
		}
	}
	free(v);
	for (i = 0; i < c->nr_paths; i++)
		c->seen += c->paths[i].nr_traces > 0;
}

static const char *fname(const struct coverage *c, uint32_t f)
{
	return c->g->f[f].name;
}

/* Why no static path explains TC. */
static void explain(struct coverage *c, struct trace_cov *tc)
{
	const struct graph *g = c->g;
	const uint32_t *ch = tc->h.chosen;
	long k, s = -1, e = -1;
	size_t i;

	for (k = 0; k < (long)tc->w.nr; k++) {
		if (ch[k] == NONE)
			continue;
		if (s < 0 && ch[k] == tc->fns[0])
			s = k;
		if (s >= 0 && ch[k] == tc->target) {
			e = k;
			break;
		}
	}
	for (k = s + 1; s >= 0 && k <= e; k++) {
		const struct trace_frame *tf = &tc->t->frames[tc->w.f[k].pos];
		uint32_t a, b;

		if (!tc->h.bad[k])
			continue;
		a = ch[tc->h.from[k]];
		b = ch[k];
		tc->why = WHY_HOP;
		tc->hop_caller = fname(c, a);
		if (b == NONE) {
			tc->hop_callee = tf->name ? tf->name : tf->raw;
			tc->detail = xstrdup(
				tf->name ? "the graph does not know it: "
					   "assembly, "
					   "or a unit not ingested"
					 : "an address without a symbol: give "
					   "--symbols to traces import");
			return;
		}
		tc->hop_callee = fname(c, b);
		if (g->f[a].nr_indirect)
			tc->detail =
				xstrfmt("%s makes %u call%s through a pointer: "
					"add an edge rule if this call is real",
					fname(c, a), g->f[a].nr_indirect,
					g->f[a].nr_indirect == 1 ? "" : "s");
		else if (!(g->f[a].flags & GF_DEFINED))
			tc->detail =
				xstrfmt("%s has no definition in the graph: "
					"assembly, or a unit not ingested",
					fname(c, a));
		else
			tc->detail = xstrfmt(
				"the static graph has no call chain "
				"from %s to %s within %d calls",
				fname(c, a), fname(c, b), TRACE_MAX_GAP + 1);
		return;
	}
	if (!tc->has_entry) {
		tc->why = WHY_NO_ENTRY;
		tc->detail = xstrdup(tc->t->truncated
					     ? "no entry point in the trace "
					       "(it is truncated)"
					     : "no entry point in the trace");
		return;
	}
	for (i = 0; i < tc->nr_fns; i++) {
		unsigned char fl = c->flags[tc->fns[i]];
		int inner = i > 0 && i + 1 < tc->nr_fns;
		const char *what = (fl & NF_EXCLUDED)	     ? "excluded"
				   : inner && (fl & NF_STOP) ? "a stop function"
				   : inner && (fl & NF_NOT_ONLY)
					   ? "outside --only"
					   : NULL;

		if (what) {
			tc->why = WHY_FILTERED;
			tc->detail =
				xstrfmt("it passes through %s, %s by the rules",
					fname(c, tc->fns[i]), what);
			return;
		}
	}
	tc->why = WHY_OTHER;
	tc->detail = xstrdup(
		c->rv->paths_complete
			? "no static path follows it: the calls between its "
			  "frames "
			  "pass through filtered functions, or too many frames "
			  "are "
			  "missing"
			: "no listed static path follows it (the listing is "
			  "incomplete: "
			  "raise --limit)");
}

static void explain_traces(struct coverage *c)
{
	size_t i;

	for (i = 0; i < c->nr_tr; i++) {
		struct trace_cov *tc = &c->tr[i];

		if (!tc->relevant) {
			c->no_target++;
			continue;
		}
		if (tc->matches) {
			c->explained++;
			continue;
		}
		c->unexplained++;
		explain(c, tc);
	}
}

void coverage_release(struct coverage *c)
{
	size_t i;

	FREE_RECORDS2(c->paths, c->nr_paths, fn, traces);
	for (i = 0; i < c->nr_tr; i++) {
		trace_walk_release(&c->tr[i].w);
		trace_hops_release(&c->tr[i].h);
		free(c->tr[i].set);
		free(c->tr[i].fns);
		strvec_clear(&c->tr[i].shown);
		free(c->tr[i].detail);
	}
	free(c->tr);
	free(c->is_entry);
	free(c->is_target);
	free(c->flags);
}

static uint32_t path_entry(const struct path_cov *p)
{
	return p->fn[0];
}

static uint32_t path_target(const struct path_cov *p)
{
	return p->fn[p->len - 1];
}

/*
 * Sort and deduplicate V (function indices, NONE last) by name: the graph
 * keeps its functions sorted by name, so by index.
 */
static size_t sort_names(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

size_t coverage_targets(const struct coverage *c, uint32_t **out)
{
	size_t n = 0, i;

	*out = xmalloc((c->nr_paths + c->nr_tr + 1) * sizeof(**out));
	for (i = 0; i < c->nr_paths; i++)
		if (c->paths[i].len)
			(*out)[n++] = path_target(&c->paths[i]);
	for (i = 0; i < c->nr_tr; i++)
		if (c->tr[i].relevant && !c->tr[i].matches)
			(*out)[n++] = c->tr[i].target;
	return sort_names(*out, n);
}

size_t coverage_entries(const struct coverage *c, uint32_t target,
			uint32_t **out)
{
	size_t n = 0, i;

	*out = xmalloc((c->nr_paths + c->nr_tr + 1) * sizeof(**out));
	for (i = 0; i < c->nr_paths; i++)
		if (c->paths[i].len && path_target(&c->paths[i]) == target)
			(*out)[n++] = path_entry(&c->paths[i]);
	for (i = 0; i < c->nr_tr; i++)
		if (c->tr[i].relevant && !c->tr[i].matches &&
		    c->tr[i].target == target)
			(*out)[n++] = c->tr[i].entry;
	return sort_names(*out, n);
}

void coverage_count(const struct coverage *c, uint32_t target, uint32_t entry,
		    int any_entry, struct coverage_tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < c->nr_paths; i++) {
		const struct path_cov *p = &c->paths[i];

		if (!p->len || path_target(p) != target ||
		    (!any_entry && path_entry(p) != entry))
			continue;
		t->paths++;
		t->seen += p->nr_traces > 0;
	}
	for (i = 0; i < c->nr_tr; i++) {
		const struct trace_cov *tc = &c->tr[i];

		if (tc->relevant && !tc->matches && tc->target == target &&
		    (any_entry || tc->entry == entry))
			t->unexplained++;
	}
}

static unsigned char *membership(const struct graph *g,
				 const struct sym_matches *m)
{
	unsigned char *v = xcalloc((size_t)g->nr + 1, 1);
	size_t i;

	for (i = 0; i < m->nr; i++)
		v[m->idx[i]] = 1;
	return v;
}

void coverage_compute(struct coverage *c, const struct graph *g,
		      const struct rules *rules, const struct filter *filter,
		      const struct sym_matches *entries,
		      const struct sym_matches *targets,
		      const struct review *rv, const struct trace_log *set)
{
	struct trace_matcher m;

	memset(c, 0, sizeof(*c));
	c->g = g;
	c->rules = rules;
	c->rv = rv;
	c->set = set;
	c->is_entry = membership(g, entries);
	c->is_target = membership(g, targets);
	c->flags = filter_flags(filter, g);
	trace_matcher_init(&m, g);
	init_traces(c, &m);
	trace_matcher_release(&m);
	match_paths(c);
	explain_traces(c);
}
