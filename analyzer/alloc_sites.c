/*
 * alloc_sites.c - listing the call sites into the targets with their
 * verdicts (see alloc_sites.h). The paths through a site are counted, not
 * listed: the paths from the entry points to its caller, each followed by
 * the call. A site whose class depends on its caller's argument is split
 * by the callers of its caller (and theirs, a few calls up), each part
 * counted with the class the calls before it decide.
 */
#include "alloc_sites.h"
#include "graph.h"
#include "query.h"
#include "rules.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_UP 4 /* calls looked up the path for a passed value */

struct counter {
	const struct alloc_sites_ctx *ctx;
	struct query q; /* flags of the filters */
	struct path_count *memo; /* paths from the entries to a function */
	unsigned char *done;
	unsigned char *is_entry;
};

/* The paths from the entry points to F. */
static const struct path_count *paths_to(struct counter *c, uint32_t f)
{
	if (!c->done[f]) {
		struct query q;

		query_init_like(&q, &c->q);
		query_set_sources(&q, c->ctx->entries->idx,
				  c->ctx->entries->nr);
		query_set_targets(&q, &f, 1);
		query_count(&q, &c->memo[f]);
		query_release(&q);
		c->done[f] = 1;
	}
	return &c->memo[f];
}

static void add_count(uint64_t *to, uint64_t n)
{
	*to = *to + n < *to ? UINT64_MAX : *to + n;
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
 * the target through ROW's site), each with its class.
 */
static void count_suffix(struct counter *c, struct alloc_site_row *row,
			 uint32_t *suf, size_t n)
{
	const struct graph *g = c->ctx->g;
	struct alloc_verdict v;
	uint32_t f = suf[0], k;

	alloc_classify_path(c->ctx->ac, suf, n, row->site, &v);
	if (!v.open || n - 1 >= MAX_UP) {
		const struct path_count *pc = paths_to(c, f);

		add_count(&row->paths[v.cls], pc->count);
		if (!pc->exact)
			row->paths_exact = 0;
		return;
	}
	/* F's argument decides: the path starting at F, then F's callers */
	if (c->is_entry[f])
		add_count(&row->paths[ACLASS_UNKNOWN], 1);
	for (k = g->in_start[f]; k < g->in_start[f + 1]; k++) {
		uint32_t b = g->in[k];
		uint32_t *longer;

		if ((c->q.flags[b] & (NF_EXCLUDED | NF_STOP | NF_NOT_ONLY)) ||
		    on_path(suf, n, b) || !paths_to(c, b)->count)
			continue;
		longer = xmalloc((n + 1) * sizeof(*longer));
		longer[0] = b;
		memcpy(longer + 1, suf, n * sizeof(*suf));
		count_suffix(c, row, longer, n + 1);
		free(longer);
	}
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

	if (x->callee != y->callee)
		return x->callee < y->callee ? -1 : 1;
	if (x->v.cls != y->v.cls)
		return x->v.cls < y->v.cls ? -1 : 1;
	if (x->boot_only != y->boot_only)
		return x->boot_only - y->boot_only;
	if (x->caller != y->caller)
		return x->caller < y->caller ? -1 : 1;
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
	c.done = xcalloc((size_t)g->nr + 1, 1);
	c.is_entry = xcalloc((size_t)g->nr + 1, 1);
	for (i = 0; i < ctx->entries->nr; i++)
		c.is_entry[ctx->entries->idx[i]] = 1;
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
				uint32_t suf[2] = {caller, callee};
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
				row->entries = xmalloc(
					(ctx->entries->nr + 1) *
					sizeof(*row->entries));
				for (e = 0; e < ctx->entries->nr; e++)
					if (reach[e][caller] &&
					    (continues ||
					     ctx->entries->idx[e] == caller))
						row->entries[row->nr_entries++] =
							ctx->entries->idx[e];
				if (row->nr_entries && continues)
					count_suffix(&c, row, suf, 2);
				else if (row->nr_entries) /* the entry itself */
					add_count(&row->paths[row->v.cls ==
									  ACLASS_PASSED
								  ? ACLASS_UNKNOWN
								  : row->v.cls],
						  1);
			}
		}
	}
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_row);
	for (e = 0; e < ctx->entries->nr; e++)
		free(reach[e]);
	free(reach);
	free(c.memo);
	free(c.done);
	free(c.is_entry);
	query_release(&c.q);
}

void alloc_sites_release(struct alloc_sites *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].entries);
	free(s->v);
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
