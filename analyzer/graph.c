/*
 * graph.c - the in-memory call graph, its serialized image and SCCs.
 *
 * The image is what ingest stores next to the tables so that a query loads
 * the whole graph with one read: a header, fixed-size arrays and a string
 * table. It is validated on load, so a damaged database cannot crash us.
 */
#include "graph.h"
#include "hashmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Version 3 leaves out the callers (the reverse of the callees), which
 * loading derives; version 2 images, which hold them, are still read.
 */
static const char image_magic[8] = {'C', 'R', 'G', 'R', 'A', 'P', 'H', 3};
#define IMAGE_WITH_CALLERS 2

struct image_header {
	char magic[8];
	uint32_t nr, nr_edges, strings_len;
	uint32_t sites_stamp; /* graph_db_sites_stamp() of its sites, or 0 */
};

struct build_entry {
	const struct graph_func_in *in;
	uint32_t index;
};

static int cmp_build_name(const void *a, const void *b)
{
	const struct build_entry *x = a, *y = b;

	return strcmp(x->in->name, y->in->name);
}

static int cmp_build_id(const void *a, const void *b)
{
	const struct build_entry *x = a, *y = b;

	return (x->in->id > y->in->id) - (x->in->id < y->in->id);
}

static int cmp_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/*
 * The index (in name order) of each database id: a table when the ids are
 * dense (a database's are), else a search of the sorted ids; both without
 * a pointer per step, which a million functions would feel.
 */
struct id_map {
	int64_t min;
	size_t span;	 /* the table's size, 0: search */
	uint32_t *table; /* id - min -> index + 1, 0 for none */
	int64_t *ids;	 /* sorted (search) */
	uint32_t *index;
	size_t n;
};

static void id_map_init(struct id_map *m, const struct build_entry *byid,
			size_t n)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->n = n;
	if (!n)
		return;
	m->min = byid[0].in->id;
	if ((uint64_t)(byid[n - 1].in->id - m->min) < 4 * (uint64_t)n + 1024) {
		m->span = (size_t)(byid[n - 1].in->id - m->min) + 1;
		m->table = xcalloc(m->span, sizeof(*m->table));
		for (i = 0; i < n; i++)
			m->table[byid[i].in->id - m->min] = byid[i].index + 1;
		return;
	}
	m->ids = xmalloc(n * sizeof(*m->ids));
	m->index = xmalloc(n * sizeof(*m->index));
	for (i = 0; i < n; i++) {
		m->ids[i] = byid[i].in->id;
		m->index[i] = byid[i].index;
	}
}

static int64_t id_map_get(const struct id_map *m, int64_t id)
{
	size_t lo = 0, hi = m->n;

	if (m->table) {
		if (id < m->min || (uint64_t)(id - m->min) >= m->span ||
		    !m->table[id - m->min])
			return -1;
		return m->table[id - m->min] - 1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->ids[lo] == id ? (int64_t)m->index[lo] : -1;
}

static void id_map_release(struct id_map *m)
{
	free(m->table);
	free(m->ids);
	free(m->index);
}

/*
 * Sort the N PAIRS (u, v), u and v below NR, by u then v: counted by u
 * into a second array, then each u's few by v.
 */
static void sort_pairs(uint32_t (**pairs)[2], size_t n, uint32_t nr)
{
	uint32_t(*in)[2] = *pairs, (*out)[2];
	size_t *start = xcalloc((size_t)nr + 2, sizeof(*start)), i, u;

	for (i = 0; i < n; i++)
		start[in[i][0] + 1]++;
	for (u = 0; u < nr; u++)
		start[u + 1] += start[u];
	out = xmalloc((n + 1) * sizeof(*out));
	for (i = 0; i < n; i++) {
		size_t at = start[in[i][0]]++;

		out[at][0] = in[i][0];
		out[at][1] = in[i][1];
	}
	/* start[u] is now where u + 1's begin */
	for (u = 0; u < nr; u++) {
		size_t lo = u ? start[u - 1] : 0;

		if (start[u] - lo > 1)
			qsort(&out[lo], start[u] - lo, sizeof(*out), cmp_pair);
	}
	free(start);
	free(in);
	*pairs = out;
}

static uint32_t add_string(struct strbuf *strings, const char *s)
{
	uint32_t off = (uint32_t)strings->len;

	strbuf_add(strings, s ? s : "", strlen(s ? s : "") + 1);
	return off;
}

/*
 * Files and units repeat from function to function: each is stored once,
 * SEEN mapping it to its offset + 1.
 */
static uint32_t add_shared_string(struct strbuf *strings, struct hashmap *seen,
				  const char *s)
{
	int added;
	void **slot = hashmap_put_str(seen, s ? s : "", &added);

	if (added)
		*slot = (void *)(uintptr_t)(add_string(strings, s) + 1);
	return (uint32_t)((uintptr_t)*slot - 1);
}

static void put_u32s(struct strbuf *out, const uint32_t *v, size_t n)
{
	strbuf_add(out, v, n * sizeof(*v));
}

/* Compressed rows of PAIRS (sorted by their first element). */
static void put_csr(struct strbuf *out, uint32_t (*pairs)[2], size_t nr_pairs,
		    uint32_t nr)
{
	uint32_t *start = xcalloc((size_t)nr + 1, sizeof(*start));
	uint32_t *col = xmalloc((nr_pairs ? nr_pairs : 1) * sizeof(*col));
	size_t i;

	for (i = 0; i < nr_pairs; i++) {
		start[pairs[i][0] + 1]++;
		col[i] = pairs[i][1];
	}
	for (i = 0; i < nr; i++)
		start[i + 1] += start[i];
	put_u32s(out, start, (size_t)nr + 1);
	put_u32s(out, col, nr_pairs);
	free(start);
	free(col);
}

void graph_image_build(const struct graph_func_in *funcs, size_t nr_funcs,
		       const int64_t (*edges)[2], size_t nr_edges,
		       struct strbuf *out)
{
	struct build_entry *byname = xmalloc((nr_funcs + 1) * sizeof(*byname));
	struct build_entry *byid = xmalloc((nr_funcs + 1) * sizeof(*byid));
	uint32_t(*pairs)[2] = xmalloc((nr_edges + 1) * sizeof(*pairs));
	struct strbuf strings = STRBUF_INIT;
	struct image_header h;
	uint32_t *u32 = xmalloc((nr_funcs + 1) * sizeof(*u32));
	int64_t *ids = xmalloc((nr_funcs + 1) * sizeof(*ids));
	struct id_map map;
	size_t i, n = 0, k;

	for (i = 0; i < nr_funcs; i++)
		byname[i].in = &funcs[i];
	qsort(byname, nr_funcs, sizeof(*byname), cmp_build_name);
	for (i = 0; i < nr_funcs; i++) {
		byname[i].index = (uint32_t)i;
		byid[i] = byname[i];
	}
	qsort(byid, nr_funcs, sizeof(*byid), cmp_build_id);
	id_map_init(&map, byid, nr_funcs);

	for (i = 0; i < nr_edges; i++) {
		int64_t u = id_map_get(&map, edges[i][0]);
		int64_t v = id_map_get(&map, edges[i][1]);

		if (u < 0 || v < 0)
			BUG("edge between unknown functions %lld -> %lld",
			    (long long)edges[i][0], (long long)edges[i][1]);
		pairs[n][0] = (uint32_t)u;
		pairs[n][1] = (uint32_t)v;
		n++;
	}
	id_map_release(&map);
	sort_pairs(&pairs, n, (uint32_t)nr_funcs);
	for (i = k = 0; i < n; i++)
		if (!k || pairs[i][0] != pairs[k - 1][0] ||
		    pairs[i][1] != pairs[k - 1][1]) {
			pairs[k][0] = pairs[i][0];
			pairs[k][1] = pairs[i][1];
			k++;
		}
	n = k;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, image_magic, sizeof(h.magic));
	h.nr = (uint32_t)nr_funcs;
	h.nr_edges = (uint32_t)n;

	for (i = 0; i < nr_funcs; i++)
		ids[i] = byname[i].in->id;
	/* Strings first (their offsets go into the arrays). */
	{
		uint32_t *offs = xmalloc((3 * nr_funcs + 1) * sizeof(*offs));
		struct hashmap seen = HASHMAP_INIT;

		for (i = 0; i < nr_funcs; i++) {
			offs[3 * i] = add_string(&strings, byname[i].in->name);
			offs[3 * i + 1] = add_shared_string(
				&strings, &seen, byname[i].in->file);
			offs[3 * i + 2] = add_shared_string(
				&strings, &seen, byname[i].in->unit);
		}
		hashmap_release(&seen);
		h.strings_len = (uint32_t)strings.len;
		strbuf_add(out, &h, sizeof(h));
		strbuf_add(out, ids, nr_funcs * sizeof(*ids));
		for (k = 0; k < 3; k++) {
			for (i = 0; i < nr_funcs; i++)
				u32[i] = offs[3 * i + k];
			put_u32s(out, u32, nr_funcs);
		}
		free(offs);
	}
#define PUT_FIELD(expr)                                                        \
	do {                                                                   \
		for (i = 0; i < nr_funcs; i++)                                 \
			u32[i] = (uint32_t)(expr);                             \
		put_u32s(out, u32, nr_funcs);                                  \
	} while (0)
	PUT_FIELD(byname[i].in->line);
	PUT_FIELD(byname[i].in->col);
	PUT_FIELD(byname[i].in->flags);
	PUT_FIELD(byname[i].in->nr_indirect);
#undef PUT_FIELD
	put_csr(out, pairs, n, h.nr);
	strbuf_add(out, strings.buf ? strings.buf : "", strings.len);

	strbuf_release(&strings);
	free(byname);
	free(byid);
	free(pairs);
	free(u32);
	free(ids);
}

static int check_csr(const uint32_t *start, const uint32_t *col, uint32_t nr,
		     uint32_t nr_edges)
{
	uint32_t i;

	if (start[0] != 0 || start[nr] != nr_edges)
		return -1;
	for (i = 0; i < nr; i++)
		if (start[i] > start[i + 1])
			return -1;
	for (i = 0; i < nr_edges; i++)
		if (col[i] >= nr)
			return -1;
	return 0;
}

static struct graph *sort_ctx;

static int cmp_index_by_id(const void *a, const void *b)
{
	int64_t x = sort_ctx->f[*(const uint32_t *)a].id;
	int64_t y = sort_ctx->f[*(const uint32_t *)b].id;

	return (x > y) - (x < y);
}

/*
 * G's functions' indices sorted by id into g->by_id: placed in one pass
 * when the ids are dense and distinct (an ingest gives them in order,
 * leaving gaps where functions went), else sorted.
 */
static void index_by_id(struct graph *g)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	uint32_t i, k = 0, *slot;
	size_t span;

	g->by_id = xmalloc(((size_t)g->nr + 1) * sizeof(*g->by_id));
	for (i = 0; i < g->nr; i++) {
		if (g->f[i].id < lo)
			lo = g->f[i].id;
		if (g->f[i].id > hi)
			hi = g->f[i].id;
	}
	if (g->nr && (uint64_t)hi - (uint64_t)lo < 4 * (uint64_t)g->nr) {
		span = (size_t)((uint64_t)hi - (uint64_t)lo) + 1;
		slot = xmalloc(span * sizeof(*slot));
		memset(slot, 0xff, span * sizeof(*slot));
		for (i = 0; i < g->nr; i++)
			slot[g->f[i].id - lo] = i;
		for (i = 0; i < span; i++)
			if (slot[i] != UINT32_MAX && k < g->nr)
				g->by_id[k++] = slot[i];
		free(slot);
		if (k == g->nr) /* else two functions share an id */
			return;
	}
	for (i = 0; i < g->nr; i++)
		g->by_id[i] = i;
	sort_ctx = g;
	qsort(g->by_id, g->nr, sizeof(*g->by_id), cmp_index_by_id);
	sort_ctx = NULL;
}

/*
 * The callers of each function from the callees (checked), in owned
 * memory: each row sorted, as the image's callees are. Returns 0.
 */
static int derive_callers(struct graph *g)
{
	uint32_t *mem = xcalloc(2 * ((size_t)g->nr + 1) + g->nr_edges,
				sizeof(*mem));
	uint32_t *start = mem, *at = mem + g->nr + 1,
		 *in = mem + 2 * ((size_t)g->nr + 1), u, k;

	for (k = 0; k < g->nr_edges; k++)
		start[g->out[k] + 1]++;
	for (u = 0; u < g->nr; u++)
		start[u + 1] += start[u];
	memcpy(at, start, ((size_t)g->nr + 1) * sizeof(*at));
	for (u = 0; u < g->nr; u++)
		for (k = g->out_start[u]; k < g->out_start[u + 1]; k++)
			in[at[g->out[k]]++] = u;
	g->owned_adjacency = mem;
	g->in_start = start;
	g->in = in;
	return 0;
}

void graph_image_set_sites_stamp(struct strbuf *image, uint32_t stamp)
{
	struct image_header h;

	if (image->len < sizeof(h))
		BUG("no graph image to stamp");
	memcpy(&h, image->buf, sizeof(h));
	h.sites_stamp = stamp;
	memcpy(image->buf, &h, sizeof(h));
}

int graph_from_image(struct graph *g, const void *image, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, image, len);
	return graph_adopt_image(g, copy, len);
}

int graph_adopt_image(struct graph *g, char *image, size_t len)
{
	struct image_header h;
	const char *p, *strings;
	const int64_t *ids;
	const uint32_t *name_off, *file_off, *unit_off, *line, *col, *flags,
		*nind;
	size_t need;
	uint32_t i;
	int with_callers;

	memset(g, 0, sizeof(*g));
	g->image = image; /* freed by graph_release() from here on */
	g->image_len = len;
	if (len < sizeof(h)) {
		graph_release(g);
		return error("graph image is damaged (too short): run "
			     "'callreach ingest --rebuild'");
	}
	memcpy(&h, image, sizeof(h));
	if (memcmp(h.magic, image_magic, sizeof(h.magic) - 1) ||
	    (h.magic[7] != image_magic[7] &&
	     h.magic[7] != IMAGE_WITH_CALLERS)) {
		graph_release(g);
		return error("graph image has an unknown format: run "
			     "'callreach ingest --rebuild'");
	}
	with_callers = h.magic[7] == IMAGE_WITH_CALLERS;
	need = sizeof(h) + (size_t)h.nr * 8 + (size_t)h.nr * 4 * 7 +
	       (1 + with_callers) *
		       (((size_t)h.nr + 1) * 4 + (size_t)h.nr_edges * 4) +
	       h.strings_len;
	if (need != len) {
		graph_release(g);
		return error("graph image is damaged (size): run 'callreach "
			     "ingest --rebuild'");
	}

	/* malloc'd memory is aligned for every array below. */
	p = g->image + sizeof(h);
	ids = (const int64_t *)p;
	p += (size_t)h.nr * 8;
#define TAKE(var)                                                              \
	do {                                                                   \
		var = (const uint32_t *)p;                                     \
		p += (size_t)h.nr * 4;                                         \
	} while (0)
	TAKE(name_off);
	TAKE(file_off);
	TAKE(unit_off);
	TAKE(line);
	TAKE(col);
	TAKE(flags);
	TAKE(nind);
#undef TAKE
	g->nr = h.nr;
	g->nr_edges = h.nr_edges;
	g->sites_stamp = h.sites_stamp;
	g->out_start = (uint32_t *)p;
	p += ((size_t)h.nr + 1) * 4;
	g->out = (uint32_t *)p;
	p += (size_t)h.nr_edges * 4;
	if (with_callers) {
		g->in_start = (uint32_t *)p;
		p += ((size_t)h.nr + 1) * 4;
		g->in = (uint32_t *)p;
		p += (size_t)h.nr_edges * 4;
	}
	strings = p;

	if (check_csr(g->out_start, g->out, h.nr, h.nr_edges) ||
	    (!with_callers && derive_callers(g)) ||
	    check_csr(g->in_start, g->in, h.nr, h.nr_edges) ||
	    (h.strings_len && strings[h.strings_len - 1] != '\0'))
		goto damaged;

	g->f = xcalloc((size_t)h.nr + 1, sizeof(*g->f));
	for (i = 0; i < h.nr; i++) {
		struct gfunc *f = &g->f[i];
		const char *colon;

		if (name_off[i] >= h.strings_len ||
		    file_off[i] >= h.strings_len ||
		    unit_off[i] >= h.strings_len)
			goto damaged;
		f->id = ids[i];
		f->name = strings + name_off[i];
		f->file = strings + file_off[i];
		f->unit = strings + unit_off[i];
		f->line = (int)line[i];
		f->col = (int)col[i];
		f->flags = flags[i];
		f->nr_indirect = nind[i];
		colon = strrchr(f->name, ':');
		f->base = colon ? colon + 1 : f->name;
		if (i && strcmp(g->f[i - 1].name, f->name) >= 0)
			goto damaged;
	}
	index_by_id(g);
	return 0;
damaged:
	graph_release(g);
	return error(
		"graph image is damaged: run 'callreach ingest --rebuild'");
}

static int cmp_user_edge(const void *a, const void *b)
{
	const struct graph_user_edge *x = a, *y = b;

	if (x->caller != y->caller)
		return (x->caller > y->caller) - (x->caller < y->caller);
	return (x->callee > y->callee) - (x->callee < y->callee);
}

const struct graph_user_edge *graph_user_edge(const struct graph *g,
					      uint32_t caller, uint32_t callee)
{
	struct graph_user_edge key;

	if (!g->nr_user)
		return NULL;
	key.caller = caller;
	key.callee = callee;
	return bsearch(&key, g->user, g->nr_user, sizeof(*g->user),
		       cmp_user_edge);
}

int graph_has_edge(const struct graph *g, uint32_t u, uint32_t v)
{
	uint32_t k;

	for (k = g->out_start[u]; k < g->out_start[u + 1]; k++)
		if (g->out[k] == v)
			return 1;
	return 0;
}

/*
 * Rebuild one direction's compressed rows with the extra PAIRS added: each
 * row stays sorted, as loaded rows are, by merging the pairs into it.
 */
static void rebuild_rows(uint32_t nr, const uint32_t *start,
			 const uint32_t *adj, uint32_t (*pairs)[2], size_t n,
			 uint32_t *new_start, uint32_t *new_adj)
{
	uint32_t v, k;
	size_t p = 0, o = 0;

	qsort(pairs, n, sizeof(*pairs), cmp_pair);
	for (v = 0; v < nr; v++) {
		new_start[v] = (uint32_t)o;
		for (k = start[v]; k < start[v + 1]; k++) {
			for (; p < n && pairs[p][0] == v && pairs[p][1] < adj[k];
			     p++)
				new_adj[o++] = pairs[p][1];
			new_adj[o++] = adj[k];
		}
		for (; p < n && pairs[p][0] == v; p++)
			new_adj[o++] = pairs[p][1];
	}
	new_start[nr] = (uint32_t)o;
}

void graph_add_user_edges(struct graph *g, const struct graph_user_edge *e,
			  size_t n)
{
	uint32_t(*fwd)[2] = xmalloc((n + 1) * sizeof(*fwd));
	uint32_t(*bwd)[2] = xmalloc((n + 1) * sizeof(*bwd));
	size_t i, k, added = 0, total;
	uint32_t *mem;

	/* Append, sort, keep the first of each pair. */
	g->user = xrealloc(g->user, (g->nr_user + n + 1) * sizeof(*g->user));
	memcpy(g->user + g->nr_user, e, n * sizeof(*e));
	g->nr_user += n;
	qsort(g->user, g->nr_user, sizeof(*g->user), cmp_user_edge);
	for (i = k = 0; i < g->nr_user; i++)
		if (!k || cmp_user_edge(&g->user[k - 1], &g->user[i]))
			g->user[k++] = g->user[i];
	g->nr_user = k;
	for (i = 0; i < g->nr_user; i++) {
		uint32_t u = g->user[i].caller, v = g->user[i].callee;

		if (graph_has_edge(g, u, v))
			continue;
		fwd[added][0] = bwd[added][1] = u;
		fwd[added][1] = bwd[added][0] = v;
		added++;
	}
	if (added) {
		total = (size_t)g->nr_edges + added;
		mem = xmalloc((2 * ((size_t)g->nr + 1) + 2 * total) *
			      sizeof(*mem));
		rebuild_rows(g->nr, g->out_start, g->out, fwd, added, mem,
			     mem + g->nr + 1);
		rebuild_rows(g->nr, g->in_start, g->in, bwd, added,
			     mem + g->nr + 1 + total,
			     mem + 2 * (g->nr + 1) + total);
		free(g->owned_adjacency);
		g->owned_adjacency = mem;
		g->out_start = mem;
		g->out = mem + g->nr + 1;
		g->in_start = mem + g->nr + 1 + total;
		g->in = mem + 2 * (g->nr + 1) + total;
		g->nr_edges = (uint32_t)total;
	}
	free(fwd);
	free(bwd);
}

void graph_release(struct graph *g)
{
	free(g->user);
	free(g->owned_adjacency);
	free(g->f);
	free(g->by_id);
	free(g->image);
	memset(g, 0, sizeof(*g));
}

int64_t graph_find(const struct graph *g, const char *name)
{
	size_t lo = 0, hi = g->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->f[mid].name, name);

		if (!c)
			return (int64_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int64_t graph_find_id(const struct graph *g, int64_t id)
{
	size_t lo = 0, hi = g->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->f[g->by_id[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->nr && g->f[g->by_id[lo]].id == id)
		return g->by_id[lo];
	return -1;
}

/* Iterative Tarjan. */
void graph_scc(const struct graph *g, const unsigned char *live,
	       int (*use)(uint32_t u, uint32_t v, void *ctx), void *ctx,
	       struct graph_scc *out)
{
	uint32_t n = g->nr, i;
	uint32_t *index = xmalloc(((size_t)n + 1) * sizeof(*index));
	uint32_t *low = xmalloc(((size_t)n + 1) * sizeof(*low));
	uint32_t *stack = xmalloc(((size_t)n + 1) * sizeof(*stack));
	uint32_t *call = xmalloc(((size_t)n + 1) * sizeof(*call));
	uint32_t *edge = xmalloc(((size_t)n + 1) * sizeof(*edge));
	unsigned char *on = xcalloc((size_t)n + 1, 1);
	uint32_t counter = 1, sp = 0, cp;
	const uint32_t none = UINT32_MAX;

	out->comp = xmalloc(((size_t)n + 1) * sizeof(*out->comp));
	out->size = xmalloc(((size_t)n + 1) * sizeof(*out->size));
	out->nr = 0;
	for (i = 0; i < n; i++) {
		index[i] = 0;
		out->comp[i] = none;
	}
	for (i = 0; i < n; i++) {
		if (index[i])
			continue;
		if (live && !live[i]) { /* alone: numbered as the walk would */
			index[i] = counter++;
			out->comp[i] = out->nr;
			out->size[out->nr++] = 1;
			continue;
		}
		cp = 0;
		call[cp] = i;
		edge[cp] = g->out_start[i];
		cp++;
		index[i] = low[i] = counter++;
		stack[sp++] = i;
		on[i] = 1;
		while (cp) {
			uint32_t v = call[cp - 1];

			if (edge[cp - 1] < g->out_start[v + 1]) {
				uint32_t w = g->out[edge[cp - 1]++];

				if ((live && !live[w]) ||
				    (use && !use(v, w, ctx)))
					continue;
				if (!index[w]) {
					index[w] = low[w] = counter++;
					stack[sp++] = w;
					on[w] = 1;
					call[cp] = w;
					edge[cp] = g->out_start[w];
					cp++;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				uint32_t w, size = 0;

				do {
					w = stack[--sp];
					on[w] = 0;
					out->comp[w] = out->nr;
					size++;
				} while (w != v);
				out->size[out->nr++] = size;
			}
			cp--;
			if (cp) {
				uint32_t u = call[cp - 1];

				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(edge);
	free(on);
}

void graph_scc_release(struct graph_scc *s)
{
	free(s->comp);
	free(s->size);
	memset(s, 0, sizeof(*s));
}
