/*
 * alloc_sites.c - listing the call sites into the targets with their
 * verdicts (see alloc_sites.h). The paths through a site are counted, not
 * listed: the paths from the entry points to its caller, each followed by
 * the call. A site whose class depends on its caller's argument is split
 * by the callers of its caller (and theirs, a few calls up), each part
 * counted with the class the calls before it decide.
 *
 * The counts the rows start with are made before the rows are counted:
 * the first on this thread, until one has walked a large cycle (its
 * searches then cached), the rest shared with a second thread that has a
 * copy of the cache. A count is the same whichever cache served it.
 */
#include "alloc_sites.h"
#include "graph.h"
#include "query.h"
#include "rules.h"
#include "scc_paths.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UP 4 /* calls looked up the path for a passed value */
/* Counts made on one thread first, at most, before sharing the rest. */
#define FIRST_ALONE 8
/* Counts left for a second thread to be worth starting. */
#define SHARE_MIN 8

static void add_count(uint64_t *to, uint64_t n)
{
	*to = *to + n < *to ? UINT64_MAX : *to + n;
}

struct counter {
	const struct alloc_sites_ctx *ctx;
	struct query q;	   /* flags of the filters */
	uint32_t *sources; /* the entry points, distinct, in query order */
	size_t nr_sources;
	size_t *entry_of;	 /* per function: its index in SOURCES, or -1 */
	struct path_count *memo; /* paths from the entries to a function */
	uint64_t **per_entry;	 /* ... from each entry point */
	unsigned char *done;
	struct scc_paths_cache *searches; /* shared by the counts */
};

/* Count the paths from the entry points to F with CACHE's searches. */
static void count_to(struct counter *c, uint32_t f,
		     struct scc_paths_cache *cache)
{
	struct query q;

	query_init_like(&q, &c->q);
	query_set_sources(&q, c->sources, c->nr_sources);
	query_set_targets(&q, &f, 1);
	c->per_entry[f] = xcalloc(c->nr_sources + 1, sizeof(uint64_t));
	q.per_source = c->per_entry[f];
	q.count_cache = cache;
	query_count(&q, &c->memo[f]);
	query_release(&q);
	c->done[f] = 1;
}

/* The paths from the entry points to F. */
static const struct path_count *paths_to(struct counter *c, uint32_t f)
{
	if (!c->done[f])
		count_to(c, f, c->searches);
	return &c->memo[f];
}

/* Counts shared by two threads, each with its own cache. */
struct count_share {
	struct counter *c;
	const uint32_t *fs;
	size_t nr, next; /* NEXT under LOCK */
	pthread_mutex_t lock;
	struct scc_paths_cache *copy; /* the second thread's */
};

static void share_counts(struct count_share *sh, struct scc_paths_cache *cache)
{
	for (;;) {
		size_t i;

		pthread_mutex_lock(&sh->lock);
		i = sh->next++;
		pthread_mutex_unlock(&sh->lock);
		if (i >= sh->nr)
			return;
		count_to(sh->c, sh->fs[i], cache);
	}
}

static void *share_main(void *arg)
{
	struct count_share *sh = arg;

	share_counts(sh, sh->copy);
	return NULL;
}

/* The counts from the entry points to FS[0..NR), distinct, made. */
static void count_first(struct counter *c, const uint32_t *fs, size_t nr)
{
	const struct scc_ahead_stats *st = scc_paths_cache_stats(c->searches);
	struct count_share sh;
	pthread_t thread;
	size_t i = 0;
	int threaded;

	while (i < nr && i < FIRST_ALONE && !st->runs)
		count_to(c, fs[i++], c->searches);
	if (nr - i < SHARE_MIN || scc_paths_cache_is_alone(c->searches)) {
		for (; i < nr; i++)
			count_to(c, fs[i], c->searches);
		return;
	}
	sh.c = c;
	sh.fs = fs;
	sh.nr = nr;
	sh.next = i;
	sh.copy = scc_paths_cache_copy(c->searches);
	pthread_mutex_init(&sh.lock, NULL);
	threaded = !pthread_create(&thread, NULL, share_main, &sh);
	share_counts(&sh, c->searches);
	if (threaded)
		pthread_join(thread, NULL);
	pthread_mutex_destroy(&sh.lock);
	scc_paths_cache_free(sh.copy);
}

/* Add N paths of class CLS from entry point E (an index of SOURCES). */
static void add_entry_paths(struct alloc_site_row *row, const struct counter *c,
			    size_t e, enum alloc_class cls, uint64_t n)
{
	size_t k;

	for (k = 0; k < row->nr_entries; k++)
		if (row->entries[k] == c->sources[e]) {
			add_count(&row->entry_paths[k][cls], n);
			return;
		}
}

static int on_path(const uint32_t *suf, size_t n, uint32_t f)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (suf[i] == f)
			return 1;
	return 0;
}

/*
 * Count into ROW the paths ending with the calls SUF[0..N) (the last into
 * the target through ROW's site), each with its class; V is SUF's
 * (alloc_classify_path()).
 */
static void count_suffix(struct counter *c, struct alloc_site_row *row,
			 uint32_t *suf, size_t n, const struct alloc_verdict *v)
{
	const struct graph *g = c->ctx->g;
	uint32_t f = suf[0], k;

	if (!v->open || n - 1 >= MAX_UP) {
		const struct path_count *pc = paths_to(c, f);
		size_t e;

		add_count(&row->paths[v->cls], pc->count);
		for (e = 0; e < c->nr_sources; e++)
			if (c->per_entry[f][e])
				add_entry_paths(row, c, e, v->cls,
						c->per_entry[f][e]);
		if (!pc->exact)
			row->paths_exact = 0;
		return;
	}
	/* F's argument decides: the path starting at F, then F's callers */
	if (c->entry_of[f] != (size_t)-1) {
		add_count(&row->paths[ACLASS_UNKNOWN], 1);
		add_entry_paths(row, c, c->entry_of[f], ACLASS_UNKNOWN, 1);
	}
	for (k = g->in_start[f]; k < g->in_start[f + 1]; k++) {
		uint32_t b = g->in[k];
		struct alloc_verdict lv;
		uint32_t *longer;

		if ((c->q.flags[b] & (NF_EXCLUDED | NF_STOP | NF_NOT_ONLY)) ||
		    on_path(suf, n, b) || !paths_to(c, b)->count)
			continue;
		longer = xmalloc((n + 1) * sizeof(*longer));
		longer[0] = b;
		memcpy(longer + 1, suf, n * sizeof(*suf));
		alloc_classify_path(c->ctx->ac, longer, n + 1, row->site, &lv);
		count_suffix(c, row, longer, n + 1, &lv);
		free(longer);
	}
}

/*
 * Count the paths through the rows of OUT whose paths go on past their
 * caller: the counts they start with first (count_first()), then each
 * row's, in order.
 */
static void count_rows(struct counter *c, struct alloc_sites *out)
{
	unsigned char *counted = xcalloc(out->nr + 1, 1);
	unsigned char *first = xcalloc((size_t)c->ctx->g->nr + 1, 1);
	struct alloc_verdict *v = xcalloc(out->nr + 1, sizeof(*v));
	uint32_t *fs = xmalloc((out->nr + 1) * sizeof(*fs));
	size_t nr_fs = 0, i;

	for (i = 0; i < out->nr; i++) {
		const struct alloc_site_row *row = &out->v[i];
		uint32_t suf[2] = {row->caller, row->callee};

		if (!row->nr_entries ||
		    (c->q.flags[row->caller] & (NF_STOP | NF_NOT_ONLY)))
			continue;
		counted[i] = 1;
		/* the caller's count, unless its argument decides */
		alloc_classify_path(c->ctx->ac, suf, 2, row->site, &v[i]);
		if (!v[i].open && !first[row->caller]) {
			first[row->caller] = 1;
			fs[nr_fs++] = row->caller;
		}
	}
	count_first(c, fs, nr_fs);
	for (i = 0; i < out->nr; i++) {
		uint32_t suf[2] = {out->v[i].caller, out->v[i].callee};

		if (counted[i])
			count_suffix(c, &out->v[i], suf, 2, &v[i]);
	}
	free(counted);
	free(first);
	free(v);
	free(fs);
}

/*
 * The triage rule covering every path through CALLER -> CALLEE: the most
 * specific of those "... > CALLER > CALLEE" (or "... > CALLEE") matches.
 */
static const struct triage_rule *site_rule(const struct rules *r,
					   const struct graph *g,
					   uint32_t caller, uint32_t callee)
{
	struct rules view = *r;
	uint32_t path[2] = {caller, callee};
	const struct triage_rule *t;
	size_t *idx, i, n = 0;

	view.triage = xmalloc((r->nr_triage + 1) * sizeof(*view.triage));
	idx = xmalloc((r->nr_triage + 1) * sizeof(*idx));
	for (i = 0; i < r->nr_triage; i++)
		if (r->triage[i].nr_elems &&
		    !strcmp(r->triage[i].elems[0], RULE_ANY)) {
			idx[n] = i;
			view.triage[n++] = r->triage[i];
		}
	view.nr_triage = n;
	t = rules_triage(&view, g, path, 2);
	if (t) /* the rule itself, not its copy */
		t = &r->triage[idx[t - view.triage]];
	free(view.triage);
	free(idx);
	return t;
}

static int cmp_row(const void *a, const void *b)
{
	const struct alloc_site_row *x = a, *y = b;
	int c;

	CMP_BY(x, y, callee);
	if (x->v.cls != y->v.cls)
		return x->v.cls < y->v.cls ? -1 : 1;
	if (x->boot_only != y->boot_only)
		return x->boot_only - y->boot_only;
	CMP_BY(x, y, caller);
	c = strcmp(x->site->file ? x->site->file : "",
		   y->site->file ? y->site->file : "");
	if (c)
		return c;
	if (x->site->line != y->site->line)
		return x->site->line - y->site->line;
	return x->site->col - y->site->col;
}

void alloc_sites_compute(const struct alloc_sites_ctx *ctx,
			 struct alloc_sites *out)
{
	const struct graph *g = ctx->g;
	struct counter c;
	unsigned char **reach;
	size_t alloc = 0, i, t, e;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	query_init(&c.q, g, ctx->filter);
	if (ctx->budget)
		c.q.budget = ctx->budget;
	c.memo = xcalloc((size_t)g->nr + 1, sizeof(*c.memo));
	c.per_entry = xcalloc((size_t)g->nr + 1, sizeof(*c.per_entry));
	c.done = xcalloc((size_t)g->nr + 1, 1);
	c.searches = scc_paths_cache_new();
	c.entry_of = xmalloc(((size_t)g->nr + 1) * sizeof(*c.entry_of));
	for (i = 0; i < g->nr; i++)
		c.entry_of[i] = (size_t)-1;
	c.sources = xmalloc((ctx->entries->nr + 1) * sizeof(*c.sources));
	for (i = 0; i < ctx->entries->nr; i++) /* distinct, as a query keeps */
		if (c.entry_of[ctx->entries->idx[i]] == (size_t)-1) {
			c.entry_of[ctx->entries->idx[i]] = c.nr_sources;
			c.sources[c.nr_sources++] = ctx->entries->idx[i];
		}
	/* what each entry point reaches */
	reach = xcalloc(ctx->entries->nr + 1, sizeof(*reach));
	for (e = 0; e < ctx->entries->nr; e++) {
		struct query q;

		query_init_like(&q, &c.q);
		query_set_sources(&q, &ctx->entries->idx[e], 1);
		reach[e] = query_subgraph(&q);
		query_release(&q);
	}
	for (t = 0; t < ctx->targets->nr; t++) {
		uint32_t callee = ctx->targets->idx[t], k;

		if (c.q.flags[callee] & NF_EXCLUDED)
			continue;
		for (k = g->in_start[callee]; k < g->in_start[callee + 1];
		     k++) {
			uint32_t caller = g->in[k];
			const struct alloc_site *sv;
			size_t ns, s;

			if (c.q.flags[caller] & NF_EXCLUDED)
				continue;
			ns = alloc_edge_sites(ctx->ac, caller, callee, &sv);
			for (s = 0; s < ns; s++) {
				struct alloc_site_row *row;
				int continues = !(c.q.flags[caller] &
						  (NF_STOP | NF_NOT_ONLY));

				ALLOC_GROW(out->v, out->nr + 1, alloc);
				row = &out->v[out->nr++];
				memset(row, 0, sizeof(*row));
				row->caller = caller;
				row->callee = callee;
				row->site = &sv[s];
				alloc_classify_site(ctx->ac, caller, callee,
						    &sv[s], &row->v);
				row->boot_only = ctx->init_only &&
						 ctx->init_only[caller];
				row->paths_exact = 1;
				row->verdict = site_rule(ctx->rules, g, caller,
							 callee);
				row->entries = xmalloc((ctx->entries->nr + 1) *
						       sizeof(*row->entries));
				row->entry_paths =
					xcalloc(ctx->entries->nr + 1,
						sizeof(*row->entry_paths));
				for (e = 0; e < ctx->entries->nr; e++)
					if (reach[e][caller] &&
					    (continues ||
					     ctx->entries->idx[e] == caller))
						row->entries
							[row->nr_entries++] =
							ctx->entries->idx[e];
				/* counted below when the path goes on */
				if (row->nr_entries && !continues) {
					/* the entry itself */
					enum alloc_class cls =
						row->v.cls == ACLASS_PASSED
							? ACLASS_UNKNOWN
							: row->v.cls;

					add_count(&row->paths[cls], 1);
					add_count(&row->entry_paths[0][cls], 1);
				}
			}
		}
	}
	count_rows(&c, out);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_row);
	for (e = 0; e < ctx->entries->nr; e++)
		free(reach[e]);
	free(reach);
	for (i = 0; i < g->nr; i++)
		free(c.per_entry[i]);
	free(c.per_entry);
	free(c.memo);
	free(c.done);
	scc_paths_cache_free(c.searches);
	free(c.entry_of);
	free(c.sources);
	query_release(&c.q);
}

void alloc_sites_release(struct alloc_sites *s)
{
	FREE_RECORDS2(s->v, s->nr, entries, entry_paths);
	memset(s, 0, sizeof(*s));
}

uint64_t alloc_site_paths(const struct alloc_site_row *row)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < ACLASS_COUNT; k++)
		add_count(&n, row->paths[k]);
	return n;
}
