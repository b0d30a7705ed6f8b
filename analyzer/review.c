/*
 * review.c - computing a review of a build (paths with verdicts, reachable
 * pairs, subgraph edges), reading and writing it as a JSON baseline, and
 * comparing two reviews.
 */
#include "review.h"
#include "alloc_class.h"
#include "graph.h"
#include "graph_db.h"
#include "query.h"
#include "json_out.h"
#include "rules.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_FORMAT 1

static const char *const change_names[CHANGE_KIND_COUNT] = {
	[CHANGE_NEW_PATH] = "new path",
	[CHANGE_REMOVED_PATH] = "removed path",
	[CHANGE_NEW_PAIR] = "newly reachable pair",
	[CHANGE_REMOVED_PAIR] = "no longer reachable pair",
	[CHANGE_NEW_EDGE] = "new call edge",
	[CHANGE_RETRIAGED] = "re-triaged path",
};

const char *change_kind_name(enum change_kind k)
{
	return name_of(change_names, CHANGE_KIND_COUNT, k);
}

int change_class_text(const struct change *ch, struct strbuf *sb)
{
	if (ch->cls < 0)
		return 0;
	strbuf_addstr(sb, alloc_class_name((enum alloc_class)ch->cls));
	if (ch->size >= 0)
		strbuf_addf(sb, ", %lld bytes", (long long)ch->size);
	return 1;
}

static void setup_query(const struct review_ctx *ctx, struct query *q)
{
	query_init(q, ctx->g, ctx->filter);
	query_set_sources(q, ctx->entries->idx, ctx->entries->nr);
	query_set_targets(q, ctx->targets->idx, ctx->targets->nr);
	if (ctx->budget)
		q->budget = ctx->budget;
}

static void path_names(const struct graph *g, const uint32_t *p, size_t len,
		       struct strvec *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		strvec_push(out, g->f[p[i]].name);
}

static char *path_id(const struct graph *g, const uint32_t *p, size_t len)
{
	return xstrfmt("%016" PRIx64, sym_path_id(g, p, len));
}

static char *origin_text(const struct triage_rule *t)
{
	return t ? xstrfmt("%s:%d", t->origin.file, t->origin.line) : NULL;
}

struct collect_ctx {
	const struct review_ctx *rc;
	struct review *out;
	size_t alloc;
};

static void collect_path(const uint32_t *path, size_t len, void *data)
{
	struct collect_ctx *c = data;
	const struct triage_rule *t;
	struct review_path *p;
	struct alloc_verdict av;

	if (c->rc->ac) {
		alloc_classify_path(c->rc->ac, path, len, NULL, &av);
		if (c->rc->classes && !(c->rc->classes & (1u << av.cls)))
			return;
	}
	t = rules_triage(c->rc->rules, c->rc->g, path, len);
	ALLOC_GROW(c->out->paths, c->out->nr_paths + 1, c->alloc);
	p = &c->out->paths[c->out->nr_paths++];
	memset(p, 0, sizeof(*p));
	p->cls = -1;
	p->size = -1;
	if (c->rc->ac) {
		p->cls = (int)av.cls;
		p->size = av.size;
		if (av.site && av.site->file)
			p->class_site = xstrfmt(
				"%s at %s:%d:%d", c->rc->g->f[av.caller].name,
				av.site->file, av.site->line, av.site->col);
		if (av.why && av.cls == ACLASS_UNKNOWN)
			p->class_reason = xstrdup(av.why);
	}
	p->id = path_id(c->rc->g, path, len);
	path_names(c->rc->g, path, len, &p->functions);
	p->verdict = t ? t->verdict : VERDICT_UNDECIDED;
	p->reason = t ? xstrdup(t->reason) : NULL;
	p->rule = origin_text(t);
	if (t)
		((struct triage_rule *)t)->matched++;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct review_pair *x = a, *y = b;
	int c = strcmp(x->entry, y->entry);

	return c ? c : strcmp(x->target, y->target);
}

static int cmp_edge(const void *a, const void *b)
{
	const struct review_edge *x = a, *y = b;
	int c = strcmp(x->caller, y->caller);

	return c ? c : strcmp(x->callee, y->callee);
}

/* Reachable (entry, target) pairs: one search per entry. */
static void compute_pairs(const struct review_ctx *ctx, struct review *out)
{
	const struct graph *g = ctx->g;
	size_t alloc = 0, i, k;

	for (i = 0; i < ctx->entries->nr; i++) {
		uint32_t e = ctx->entries->idx[i];
		struct query q;
		unsigned char *mark;

		query_init(&q, ctx->g, ctx->filter);
		query_set_sources(&q, &e, 1);
		mark = query_subgraph(&q); /* everything e reaches */
		for (k = 0; k < ctx->targets->nr; k++) {
			uint32_t t = ctx->targets->idx[k];

			if (!mark[t])
				continue;
			ALLOC_GROW(out->pairs, out->nr_pairs + 1, alloc);
			out->pairs[out->nr_pairs].entry = xstrdup(g->f[e].name);
			out->pairs[out->nr_pairs].target =
				xstrdup(g->f[t].name);
			out->nr_pairs++;
		}
		free(mark);
		query_release(&q);
	}
	sort_array(out->pairs, out->nr_pairs, sizeof(*out->pairs), cmp_pair);
}

static void compute_edges(const struct review_ctx *ctx, struct review *out)
{
	const struct graph *g = ctx->g;
	struct query q;
	unsigned char *mark;
	size_t alloc = 0;
	uint32_t v, k;

	setup_query(ctx, &q);
	mark = query_subgraph(&q);
	for (v = 0; v < g->nr; v++) {
		if (!mark[v])
			continue;
		for (k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			uint32_t w = g->out[k];

			if (!query_edge_ok(&q, mark, v, w))
				continue;
			ALLOC_GROW(out->edges, out->nr_edges + 1, alloc);
			out->edges[out->nr_edges].caller =
				xstrdup(g->f[v].name);
			out->edges[out->nr_edges].callee =
				xstrdup(g->f[w].name);
			out->nr_edges++;
		}
	}
	free(mark);
	query_release(&q);
	sort_array(out->edges, out->nr_edges, sizeof(*out->edges), cmp_edge);
}

int review_compute(const struct review_ctx *ctx, struct review *out)
{
	struct collect_ctx c;
	struct path_count pc;
	struct query q;
	int complete;

	memset(out, 0, sizeof(*out));
	setup_query(ctx, &q);
	query_count(&q, &pc);
	c.rc = ctx;
	c.out = out;
	c.alloc = 0;
	complete = query_paths(&q, ctx->limit, collect_path, &c);
	if (ctx->classes) { /* the count is of the paths of those classes */
		pc.count = out->nr_paths;
		pc.exact = complete;
	}
	/* A bound cut short is never below what the listing found. */
	if (!pc.exact && pc.count < (uint64_t)out->nr_paths)
		pc.count = out->nr_paths;
	out->path_count = pc.count;
	out->count_exact = pc.exact;
	out->paths_complete =
		complete || (pc.exact && pc.count == (uint64_t)out->nr_paths);
	query_release(&q);
	compute_pairs(ctx, out);
	compute_edges(ctx, out);
	return 0;
}

void review_release(struct review *r)
{
	size_t i;

	for (i = 0; i < r->nr_paths; i++) {
		free(r->paths[i].id);
		strvec_clear(&r->paths[i].functions);
		free(r->paths[i].reason);
		free(r->paths[i].rule);
		free(r->paths[i].class_site);
		free(r->paths[i].class_reason);
	}
	free(r->paths);
	for (i = 0; i < r->nr_pairs; i++) {
		free(r->pairs[i].entry);
		free(r->pairs[i].target);
	}
	free(r->pairs);
	for (i = 0; i < r->nr_edges; i++) {
		free(r->edges[i].caller);
		free(r->edges[i].callee);
	}
	free(r->edges);
	free(r->label);
	memset(r, 0, sizeof(*r));
}

cJSON *review_path_json(const struct review_path *p)
{
	cJSON *o = cJSON_CreateObject(), *fns = cJSON_CreateArray();
	size_t k;

	cJSON_AddStringToObject(o, "id", p->id);
	for (k = 0; k < p->functions.nr; k++)
		cJSON_AddItemToArray(fns,
				     cJSON_CreateString(p->functions.v[k]));
	cJSON_AddItemToObject(o, "functions", fns);
	cJSON_AddStringToObject(o, "verdict", verdict_name(p->verdict));
	return o;
}

/* Add {K1: A, K2: B} to the array ARR (a pair or an edge). */
static void add_two_strings(cJSON *arr, const char *k1, const char *a,
			    const char *k2, const char *b)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, k1, a);
	cJSON_AddStringToObject(o, k2, b);
	cJSON_AddItemToArray(arr, o);
}

void review_add_pairs_json(const struct review *r, struct cJSON *parent)
{
	cJSON *arr = cJSON_AddArrayToObject(parent, "pairs");
	size_t i;

	for (i = 0; i < r->nr_pairs; i++)
		add_two_strings(arr, "entry", r->pairs[i].entry, "target",
				r->pairs[i].target);
}

/* "class", "size" and "class_site" of a classified path (CLS >= 0). */
static void add_class_json(struct cJSON *o, int cls, int64_t size,
			   const char *site)
{
	cJSON_AddStringToObject(o, "class",
				alloc_class_name((enum alloc_class)cls));
	json_add_count_or_null(o, "size", size);
	json_add_string_or_null(o, "class_site", site);
}

void review_add_class_json(const struct review_path *p, struct cJSON *o)
{
	if (p->cls < 0)
		return;
	add_class_json(o, p->cls, p->size, p->class_site);
	if (p->class_reason)
		cJSON_AddStringToObject(o, "class_reason", p->class_reason);
}

void change_add_class_json(const struct change *ch, struct cJSON *o)
{
	if (ch->cls >= 0)
		add_class_json(o, ch->cls, ch->size, ch->class_site);
}

void review_class_text(const struct review_path *p, struct strbuf *sb)
{
	if (p->cls < 0)
		return;
	strbuf_addf(sb, " [%s", alloc_class_name((enum alloc_class)p->cls));
	if (p->size >= 0)
		strbuf_addf(sb, ", %lld bytes", (long long)p->size);
	if (p->class_site)
		strbuf_addf(sb, ", %s", p->class_site);
	strbuf_addch(sb, ']');
}

int review_write_json(const struct review *r, FILE *out)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i;

	cJSON_AddNumberToObject(root, "callreach_baseline", BASELINE_FORMAT);
	json_add_string_or_null(root, "label", r->label);
	cJSON_AddNumberToObject(root, "path_count", (double)r->path_count);
	cJSON_AddBoolToObject(root, "count_exact", r->count_exact);
	cJSON_AddBoolToObject(root, "paths_complete", r->paths_complete);
	/*
	 * An incomplete listing cannot be compared path by path (gates then
	 * decide from pairs and edges): it is left out of the file.
	 */
	cJSON_AddNumberToObject(root, "paths_listed", (double)r->nr_paths);
	arr = cJSON_AddArrayToObject(root, "paths");
	for (i = 0; r->paths_complete && i < r->nr_paths; i++) {
		const struct review_path *p = &r->paths[i];
		cJSON *o = review_path_json(p);

		json_add_string_or_null(o, "reason", p->reason);
		json_add_string_or_null(o, "rule", p->rule);
		review_add_class_json(p, o);
		cJSON_AddItemToArray(arr, o);
	}
	review_add_pairs_json(r, root);
	arr = cJSON_AddArrayToObject(root, "edges");
	for (i = 0; i < r->nr_edges; i++)
		add_two_strings(arr, "caller", r->edges[i].caller, "callee",
				r->edges[i].callee);
	return json_print(root, out);
}

static const char *get_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * Copies of the strings K1 and K2 of O (a pair or an edge) in *A and *B;
 * 0 (and nothing copied) when either is missing.
 */
static int get_two_strings(const cJSON *o, const char *k1, char **a,
			   const char *k2, char **b)
{
	const char *x = get_string(o, k1), *y = get_string(o, k2);

	if (!x || !y)
		return 0;
	*a = xstrdup(x);
	*b = xstrdup(y);
	return 1;
}

int review_read_json(const char *path, struct review *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	memset(out, 0, sizeof(*out));
	if (strbuf_read_path(&sb, path, "baseline", 0)) {
		strbuf_release(&sb);
		return -1;
	}
	ret = review_parse_json(path, sb.buf, sb.len, out);
	strbuf_release(&sb);
	return ret;
}

int review_parse_json(const char *path, const char *buf, size_t len,
		      struct review *out)
{
	cJSON *root = NULL, *arr, *it;
	size_t alloc = 0; /* of pairs, then of edges */
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (buf && len)
		root = cJSON_ParseWithLength(buf, len);
	if (!root || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(
			     root, "callreach_baseline"))) {
		error("'%s' is not a callreach baseline", path);
		goto out;
	}
	if (get_string(root, "label"))
		out->label = xstrdup(get_string(root, "label"));
	if (json_get_count(root, "path_count", &out->path_count))
		out->path_count = 0;
	out->count_exact = cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(root, "count_exact"));
	out->paths_complete = cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(root, "paths_complete"));
	arr = cJSON_GetObjectItemCaseSensitive(root, "paths");
	cJSON_ArrayForEach(it, arr)
	{
		const cJSON *fns = cJSON_GetObjectItemCaseSensitive(
				    it, "functions"),
			    *f;
		struct review_path *p;
		int v;

		if (!get_string(it, "id") || !cJSON_IsArray(fns)) {
			error("'%s': a path without id or functions", path);
			goto out;
		}
		out->paths = xrealloc(out->paths, (out->nr_paths + 1) *
							  sizeof(*out->paths));
		p = &out->paths[out->nr_paths++];
		memset(p, 0, sizeof(*p));
		p->id = xstrdup(get_string(it, "id"));
		cJSON_ArrayForEach(f, fns) if (cJSON_IsString(f))
			strvec_push(&p->functions, f->valuestring);
		v = get_string(it, "verdict")
			    ? verdict_parse(get_string(it, "verdict"))
			    : -1;
		p->verdict = v < 0 ? VERDICT_UNDECIDED : (enum verdict)v;
		if (get_string(it, "reason"))
			p->reason = xstrdup(get_string(it, "reason"));
		if (get_string(it, "rule"))
			p->rule = xstrdup(get_string(it, "rule"));
		p->cls = get_string(it, "class")
				 ? alloc_class_parse(get_string(it, "class"))
				 : -1;
		{
			const cJSON *sz =
				cJSON_GetObjectItemCaseSensitive(it, "size");

			p->size = cJSON_IsNumber(sz) && sz->valuedouble >= 0
					  ? (int64_t)sz->valuedouble
					  : -1;
		}
		if (get_string(it, "class_site"))
			p->class_site = xstrdup(get_string(it, "class_site"));
	}
	arr = cJSON_GetObjectItemCaseSensitive(root, "pairs");
	cJSON_ArrayForEach(it, arr)
	{
		struct review_pair *q;

		ALLOC_GROW(out->pairs, out->nr_pairs + 1, alloc);
		q = &out->pairs[out->nr_pairs];
		out->nr_pairs += get_two_strings(it, "entry", &q->entry,
						 "target", &q->target);
	}
	alloc = 0;
	arr = cJSON_GetObjectItemCaseSensitive(root, "edges");
	cJSON_ArrayForEach(it, arr)
	{
		struct review_edge *e;

		ALLOC_GROW(out->edges, out->nr_edges + 1, alloc);
		e = &out->edges[out->nr_edges];
		out->nr_edges += get_two_strings(it, "caller", &e->caller,
						 "callee", &e->callee);
	}
	sort_array(out->pairs, out->nr_pairs, sizeof(*out->pairs), cmp_pair);
	sort_array(out->edges, out->nr_edges, sizeof(*out->edges), cmp_edge);
	ret = 0;
out:
	cJSON_Delete(root);
	if (ret)
		review_release(out);
	return ret;
}

/* ---- comparison ---- */

static int has_pair(const struct review *r, const struct review_pair *p)
{
	return r->nr_pairs &&
	       bsearch(p, r->pairs, r->nr_pairs, sizeof(*p), cmp_pair) != NULL;
}

static int has_edge(const struct review *r, const struct review_edge *e)
{
	return r->nr_edges &&
	       bsearch(e, r->edges, r->nr_edges, sizeof(*e), cmp_edge) != NULL;
}

static struct change *add_change(struct comparison *c, enum change_kind kind,
				 char *title)
{
	struct change *ch;

	c->v = xrealloc(c->v, (c->nr + 1) * sizeof(*c->v));
	ch = &c->v[c->nr++];
	memset(ch, 0, sizeof(*ch));
	ch->kind = kind;
	ch->title = title;
	ch->passes = 1;
	ch->cls = -1;
	ch->size = -1;
	c->counts[kind]++;
	return ch;
}

static char *join_path(const struct strvec *fns)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < fns->nr; i++)
		strbuf_addf(&sb, "%s%s", i ? " > " : "", fns->v[i]);
	return strbuf_detach(&sb);
}

static const struct review_path *find_path(const struct review *r,
					   const char *id)
{
	size_t i;

	for (i = 0; i < r->nr_paths; i++)
		if (!strcmp(r->paths[i].id, id))
			return &r->paths[i];
	return NULL;
}

/* Point the change at the first call site of the call CALLER -> CALLEE. */
static void locate(const struct review_ctx *ctx, struct change *ch,
		   const char *caller, const char *callee)
{
	int64_t u = graph_find(ctx->g, caller), v = graph_find(ctx->g, callee);
	int64_t pair[1][2];
	struct call_sites sites = {0};

	if (u < 0 || v < 0 || !ctx->db)
		return;
	pair[0][0] = ctx->g->f[u].id;
	pair[0][1] = ctx->g->f[v].id;
	if (!graph_db_call_sites(ctx->db, (const int64_t(*)[2])pair, 1,
				 &sites) &&
	    sites.nr) {
		ch->file = xstrdup(sites.v[0].file);
		ch->line = sites.v[0].line;
		ch->col = sites.v[0].col;
	} else if (*ctx->g->f[u].file) {
		ch->file = xstrdup(ctx->g->f[u].file);
		ch->line = ctx->g->f[u].line;
		ch->col = ctx->g->f[u].col;
	}
	call_sites_release(&sites);
}

/* Shortest path from SOURCES to TARGETS in the head graph, or 0. */
static size_t shortest(const struct review_ctx *ctx, const uint32_t *src,
		       size_t nsrc, const uint32_t *dst, size_t ndst,
		       uint32_t **path)
{
	struct query q;
	size_t len;

	query_init(&q, ctx->g, ctx->filter);
	query_set_sources(&q, src, nsrc);
	query_set_targets(&q, dst, ndst);
	len = query_reach(&q, path);
	query_release(&q);
	return len;
}

static void judge_witness(const struct review_ctx *ctx, struct change *ch,
			  const uint32_t *path, size_t len)
{
	const struct triage_rule *t =
		rules_triage(ctx->rules, ctx->g, path, len);

	ch->verdict = t ? t->verdict : VERDICT_UNDECIDED;
	ch->reason = t ? xstrdup(t->reason) : NULL;
	ch->rule = origin_text(t);
	if (ctx->ac) {
		struct alloc_verdict av;

		alloc_classify_path(ctx->ac, path, len, NULL, &av);
		ch->cls = (int)av.cls;
		ch->size = av.size;
		if (av.site && av.site->file)
			ch->class_site = xstrfmt(
				"%s at %s:%d:%d", ctx->g->f[av.caller].name,
				av.site->file, av.site->line, av.site->col);
	}
	path_names(ctx->g, path, len, &ch->witness);
	ch->witness_id = path_id(ctx->g, path, len);
}

/* Is every path through [A] (and B) covered by rule T? */
static int covers_edge(const struct review_ctx *ctx,
		       const struct triage_rule *t, uint32_t a, uint32_t b)
{
	size_t n = t->nr_elems;

	if (n < 3 || strcmp(t->elems[0], RULE_ANY) ||
	    strcmp(t->elems[n - 1], RULE_ANY))
		return 0;
	if (n == 3)
		return rules_elem_matches(ctx->g, t->elems[1], a) ||
		       rules_elem_matches(ctx->g, t->elems[1], b);
	return n == 4 && rules_elem_matches(ctx->g, t->elems[1], a) &&
	       rules_elem_matches(ctx->g, t->elems[2], b);
}

static int covers_pair(const struct review_ctx *ctx,
		       const struct triage_rule *t, uint32_t e, uint32_t x)
{
	size_t n = t->nr_elems, i;

	/* "E > T" names one path only; "E > ... > T" names them all. */
	if (n < 3 || !rules_elem_matches(ctx->g, t->elems[0], e) ||
	    !rules_elem_matches(ctx->g, t->elems[n - 1], x))
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (strcmp(t->elems[i], RULE_ANY))
			return 0;
	return 1;
}

/*
 * Without the full path sets, a new pair or edge passes only when the rule
 * deciding its witness passes and covers every path through it.
 */
static void judge_cover(const struct review_ctx *ctx, struct change *ch,
			const uint32_t *path, size_t len, uint32_t a,
			uint32_t b, int pair)
{
	const struct triage_rule *t =
		rules_triage(ctx->rules, ctx->g, path, len);

	ch->passes =
		t && verdict_passes(t->verdict) &&
		(pair ? covers_pair(ctx, t, a, b) : covers_edge(ctx, t, a, b));
}

int review_compare(const struct review *base, const struct review *head,
		   const struct review_ctx *ctx, struct comparison *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->by_paths = base->paths_complete && head->paths_complete;
	out->base_label = base->label ? xstrdup(base->label) : NULL;
	out->head_label = head->label ? xstrdup(head->label) : NULL;

	if (out->by_paths) {
		for (i = 0; i < head->nr_paths; i++) {
			const struct review_path *p = &head->paths[i];
			const struct review_path *old = find_path(base, p->id);
			struct change *ch;
			size_t k;

			if (old && old->verdict == p->verdict)
				continue;
			ch = add_change(
				out, old ? CHANGE_RETRIAGED : CHANGE_NEW_PATH,
				join_path(&p->functions));
			for (k = 0; k < p->functions.nr; k++)
				strvec_push(&ch->witness, p->functions.v[k]);
			ch->witness_id = xstrdup(p->id);
			ch->verdict = p->verdict;
			ch->cls = p->cls;
			ch->size = p->size;
			ch->class_site =
				p->class_site ? xstrdup(p->class_site) : NULL;
			ch->reason = p->reason ? xstrdup(p->reason) : NULL;
			ch->rule = p->rule ? xstrdup(p->rule) : NULL;
			ch->passes = old ? 1 : verdict_passes(p->verdict);
			/*
			 * Point at the call that made the path: the last one
			 * the base's subgraph did not have (calls before it
			 * may be old calls that only now lead to a target).
			 */
			for (k = p->functions.nr - 1; k > 0; k--) {
				struct review_edge e;

				e.caller = p->functions.v[k - 1];
				e.callee = p->functions.v[k];
				if (!has_edge(base, &e) || k == 1) {
					locate(ctx, ch, e.caller, e.callee);
					break;
				}
			}
		}
		for (i = 0; i < base->nr_paths; i++) {
			const struct review_path *p = &base->paths[i];
			struct change *ch;

			if (find_path(head, p->id))
				continue;
			ch = add_change(out, CHANGE_REMOVED_PATH,
					join_path(&p->functions));
			ch->witness_id = xstrdup(p->id);
			ch->verdict = p->verdict;
		}
	}
	for (i = 0; i < head->nr_pairs; i++) {
		const struct review_pair *p = &head->pairs[i];
		int64_t e = graph_find(ctx->g, p->entry),
			t = graph_find(ctx->g, p->target);
		uint32_t eu, tu, *path = NULL;
		size_t len;
		struct change *ch;

		if (has_pair(base, p) || e < 0 || t < 0)
			continue;
		ch = add_change(out, CHANGE_NEW_PAIR,
				xstrfmt("%s -> %s", p->entry, p->target));
		eu = (uint32_t)e;
		tu = (uint32_t)t;
		len = shortest(ctx, &eu, 1, &tu, 1, &path);
		if (len) {
			judge_witness(ctx, ch, path, len);
			if (len > 1)
				locate(ctx, ch, ctx->g->f[path[0]].name,
				       ctx->g->f[path[1]].name);
			if (!out->by_paths)
				judge_cover(ctx, ch, path, len, eu, tu, 1);
		} else if (!out->by_paths) {
			ch->passes = 0;
		}
		free(path);
	}
	for (i = 0; i < base->nr_pairs; i++)
		if (!has_pair(head, &base->pairs[i]))
			add_change(out, CHANGE_REMOVED_PAIR,
				   xstrfmt("%s -> %s", base->pairs[i].entry,
					   base->pairs[i].target));
	for (i = 0; i < head->nr_edges; i++) {
		const struct review_edge *e = &head->edges[i];
		int64_t u = graph_find(ctx->g, e->caller),
			v = graph_find(ctx->g, e->callee);
		uint32_t *pre = NULL, *post = NULL, uu, vv;
		size_t lpre, lpost;
		struct change *ch;

		if (has_edge(base, e) || u < 0 || v < 0)
			continue;
		uu = (uint32_t)u;
		vv = (uint32_t)v;
		ch = add_change(out, CHANGE_NEW_EDGE,
				xstrfmt("%s -> %s", e->caller, e->callee));
		locate(ctx, ch, e->caller, e->callee);
		/* witness: an entry to the caller, the call, the callee to a
		 * target */
		lpre = shortest(ctx, ctx->entries->idx, ctx->entries->nr, &uu,
				1, &pre);
		lpost = shortest(ctx, &vv, 1, ctx->targets->idx,
				 ctx->targets->nr, &post);
		if (lpre && lpost) {
			uint32_t *w = xmalloc((lpre + lpost) * sizeof(*w));

			memcpy(w, pre, lpre * sizeof(*w));
			memcpy(w + lpre, post, lpost * sizeof(*w));
			judge_witness(ctx, ch, w, lpre + lpost);
			if (!out->by_paths)
				judge_cover(ctx, ch, w, lpre + lpost, uu, vv,
					    0);
			free(w);
		} else if (!out->by_paths) {
			ch->passes = 0;
		}
		free(pre);
		free(post);
	}
	for (i = 0; i < out->nr; i++)
		if (!out->v[i].passes)
			out->failed = 1;
	return 0;
}

void change_write_witness(const struct change *ch, FILE *out, const char *sep,
			  void (*put)(FILE *out, const char *s))
{
	size_t k;

	for (k = 0; k < ch->witness.nr; k++) {
		if (k)
			fputs(sep, out);
		put(out, ch->witness.v[k]);
	}
}

void comparison_release(struct comparison *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		free(c->v[i].title);
		strvec_clear(&c->v[i].witness);
		free(c->v[i].witness_id);
		free(c->v[i].class_site);
		free(c->v[i].reason);
		free(c->v[i].rule);
		free(c->v[i].file);
	}
	free(c->v);
	free(c->base_label);
	free(c->head_label);
	memset(c, 0, sizeof(*c));
}
