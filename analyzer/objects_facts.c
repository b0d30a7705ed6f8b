/*
 * objects_facts.c - the facts image: the object facts the indirect call
 * tiers join (objects.h), read from the tables once at ingest and stored
 * beside the graph image, so that a query decodes one blob instead of
 * running six queries over the object tables.
 *
 * Layout: a header (struct facts_header), then arrays of 32-bit numbers
 * in the machine's order: the boot-only functions, the functions whose
 * address is taken, the registrations (registrar, registered), the stores
 * (type, member, function), the sites (caller, type, member, where, in
 * code) and the registry's edges (caller, callee, reason, site, number of
 * sites); then the strings, each ending in NUL. A string is its offset in
 * the strings plus one, 0 for none. Functions are indices of the graph
 * whose image hashes to the header's hash: an image made for another
 * graph is not used.
 */
#include "objects.h"
#include "graph.h"
#include "graph_db.h"
#include "hashmap.h"
#include "registry.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char facts_magic[8] = {'C', 'R', 'F', 'A', 'C', 'T', 'S', 1};

struct facts_header {
	char magic[8];
	uint64_t graph_hash;
	uint32_t nr_funcs, nr_boot, nr_taken, nr_reg, nr_stores, nr_sites,
		nr_edges, strings_len;
};

/* Numbers per element of each array after the header. */
enum { PER_REG = 2, PER_STORE = 3, PER_SITE = 5, PER_EDGE = 5 };

uint64_t objects_facts_graph_hash(const struct graph *g)
{
	return XXH3_64bits(g->image ? g->image : "", g->image_len);
}

void objects_facts_release(struct obj_facts *f)
{
	free(f->boot_only);
	free(f->taken);
	free(f->reg);
	free(f->stores);
	free(f->sites);
	free(f->edges);
	free(f->image);
	memset(f, 0, sizeof(*f));
}

/* ---- encoding ---- */

struct encoder {
	struct strbuf nums, strings;
	struct hashmap at; /* string -> its reference */
};

static void put(struct encoder *e, uint32_t v)
{
	strbuf_add(&e->nums, &v, sizeof(v));
}

/* S's reference: its offset in the strings plus one, 0 for NULL. */
static void put_str(struct encoder *e, const char *s)
{
	void **slot;
	int added;

	if (!s) {
		put(e, 0);
		return;
	}
	slot = hashmap_put_str(&e->at, s, &added);
	if (added) {
		*slot = (void *)(uintptr_t)(e->strings.len + 1);
		strbuf_add(&e->strings, s, strlen(s) + 1);
	}
	put(e, (uint32_t)(uintptr_t)*slot);
}

/* The functions I of IN[0..N) that are set; returns how many. */
static uint32_t put_set(struct encoder *e, const unsigned char *in,
			uint32_t n)
{
	uint32_t i, nr = 0;

	for (i = 0; i < n; i++)
		if (in[i]) {
			put(e, i);
			nr++;
		}
	return nr;
}

void objects_facts_encode(const struct obj_facts *f, uint64_t graph_hash,
			  struct strbuf *image)
{
	struct encoder e = {STRBUF_INIT, STRBUF_INIT, HASHMAP_INIT};
	struct facts_header h;
	uint32_t nr_boot, nr_taken;
	size_t k;

	nr_boot = put_set(&e, f->boot_only, f->nr_funcs);
	nr_taken = put_set(&e, f->taken, f->nr_funcs);
	for (k = 0; k < f->nr_reg; k++) {
		put(&e, f->reg[k][0]);
		put(&e, f->reg[k][1]);
	}
	for (k = 0; k < f->nr_stores; k++) {
		put_str(&e, f->stores[k].type);
		put_str(&e, f->stores[k].member);
		put(&e, f->stores[k].f);
	}
	for (k = 0; k < f->nr_sites; k++) {
		put(&e, f->sites[k].caller);
		put_str(&e, f->sites[k].type);
		put_str(&e, f->sites[k].member);
		put_str(&e, f->sites[k].where);
		put(&e, f->sites[k].in_code);
	}
	for (k = 0; k < f->nr_edges; k++) {
		put(&e, f->edges[k].caller);
		put(&e, f->edges[k].callee);
		put_str(&e, f->edges[k].reason);
		put_str(&e, f->edges[k].site);
		put(&e, f->edges[k].nr_sites);
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, facts_magic, sizeof(h.magic));
	h.graph_hash = graph_hash;
	h.nr_funcs = f->nr_funcs;
	h.nr_boot = nr_boot;
	h.nr_taken = nr_taken;
	h.nr_reg = (uint32_t)f->nr_reg;
	h.nr_stores = (uint32_t)f->nr_stores;
	h.nr_sites = (uint32_t)f->nr_sites;
	h.nr_edges = (uint32_t)f->nr_edges;
	h.strings_len = (uint32_t)e.strings.len;
	strbuf_reset(image);
	strbuf_add(image, &h, sizeof(h));
	if (e.nums.len) /* an empty strbuf has no buffer */
		strbuf_add(image, e.nums.buf, e.nums.len);
	if (e.strings.len)
		strbuf_add(image, e.strings.buf, e.strings.len);
	strbuf_release(&e.nums);
	strbuf_release(&e.strings);
	hashmap_release(&e.at);
}

/* ---- decoding ---- */

struct decoder {
	const unsigned char *p, *end; /* the numbers */
	char *strings;
	uint32_t strings_len, nr_funcs;
	int bad;
};

static uint32_t get(struct decoder *d)
{
	uint32_t v;

	memcpy(&v, d->p, sizeof(v)); /* the sizes were checked */
	d->p += sizeof(v);
	return v;
}

static uint32_t get_func(struct decoder *d)
{
	uint32_t v = get(d);

	if (v >= d->nr_funcs) {
		d->bad = 1;
		return 0;
	}
	return v;
}

/* A string; NULL for none, or when one is needed (NEEDED) and bad. */
static char *get_str(struct decoder *d, int needed)
{
	uint32_t v = get(d);

	if (v > d->strings_len || (needed && !v)) {
		d->bad = 1;
		return NULL;
	}
	return v ? d->strings + v - 1 : NULL;
}

/* Is the image of LEN bytes with header H the size H says? */
static int sized(const struct facts_header *h, size_t len)
{
	uint64_t n = (uint64_t)h->nr_boot + h->nr_taken +
		     (uint64_t)PER_REG * h->nr_reg +
		     (uint64_t)PER_STORE * h->nr_stores +
		     (uint64_t)PER_SITE * h->nr_sites +
		     (uint64_t)PER_EDGE * h->nr_edges;

	return (uint64_t)len == sizeof(*h) + 4 * n + h->strings_len;
}

static void decode_arrays(struct decoder *d, const struct facts_header *h,
			  struct obj_facts *f)
{
	uint32_t i;

	for (i = 0; i < h->nr_boot; i++)
		f->boot_only[get_func(d)] = 1;
	for (i = 0; i < h->nr_taken; i++)
		f->taken[get_func(d)] = 1;
	for (i = 0; i < h->nr_reg; i++) {
		f->reg[i][0] = get_func(d);
		f->reg[i][1] = get_func(d);
	}
	for (i = 0; i < h->nr_stores; i++) {
		f->stores[i].type = get_str(d, 0);
		f->stores[i].member = get_str(d, 1);
		f->stores[i].f = get_func(d);
		if (i && !d->bad &&
		    strcmp(f->stores[i - 1].member, f->stores[i].member) > 0)
			d->bad = 1; /* searched by member */
	}
	for (i = 0; i < h->nr_sites; i++) {
		f->sites[i].caller = get_func(d);
		f->sites[i].type = get_str(d, 0);
		f->sites[i].member = get_str(d, 0);
		f->sites[i].where = get_str(d, 1);
		f->sites[i].in_code = get(d) != 0;
	}
	for (i = 0; i < h->nr_edges; i++) {
		f->edges[i].caller = get_func(d);
		f->edges[i].callee = get_func(d);
		f->edges[i].reason = get_str(d, 1);
		f->edges[i].site = get_str(d, 0);
		f->edges[i].nr_sites = get(d);
	}
}

int objects_facts_decode(char *image, size_t len, const struct graph *g,
			 struct obj_facts *f)
{
	struct facts_header h;
	struct decoder d;

	memset(f, 0, sizeof(*f));
	f->image = image;
	if (len < sizeof(h))
		return -1;
	memcpy(&h, image, sizeof(h));
	if (memcmp(h.magic, facts_magic, sizeof(h.magic)) || !sized(&h, len))
		return -1;
	if (h.nr_funcs != g->nr || h.graph_hash != objects_facts_graph_hash(g))
		return 1;
	d.p = (const unsigned char *)image + sizeof(h);
	d.strings = image + (len - h.strings_len);
	d.end = (const unsigned char *)d.strings;
	d.strings_len = h.strings_len;
	d.nr_funcs = h.nr_funcs;
	d.bad = h.strings_len && d.strings[h.strings_len - 1];
	f->nr_funcs = h.nr_funcs;
	f->boot_only = xcalloc((size_t)h.nr_funcs + 1, 1);
	f->taken = xcalloc((size_t)h.nr_funcs + 1, 1);
	f->reg = xmalloc(((size_t)h.nr_reg + 1) * sizeof(*f->reg));
	f->stores = xmalloc(((size_t)h.nr_stores + 1) * sizeof(*f->stores));
	f->sites = xmalloc(((size_t)h.nr_sites + 1) * sizeof(*f->sites));
	f->edges = xmalloc(((size_t)h.nr_edges + 1) * sizeof(*f->edges));
	f->nr_reg = h.nr_reg;
	f->nr_stores = h.nr_stores;
	f->nr_sites = h.nr_sites;
	f->nr_edges = h.nr_edges;
	if (!d.bad)
		decode_arrays(&d, &h, f);
	if (d.bad || d.p != d.end) {
		objects_facts_release(f);
		return -1;
	}
	return 0;
}

/* ---- in the database ---- */

int objects_facts_load(struct graph_db *gdb, const struct graph *g,
		       struct obj_facts *f)
{
	struct strbuf image = STRBUF_INIT;
	char *buf;
	size_t len;
	int ret;

	memset(f, 0, sizeof(*f));
	/* none (a database of an older callreach): from the tables */
	if (!graph_db_read_image(gdb, "obj_facts_image", &buf, &len)) {
		ret = objects_facts_decode(buf, len, g, f);
		if (!ret)
			return 0;
		if (ret < 0)
			warning("database '%s': the object facts image is "
				"damaged; reading the object tables instead "
				"('callreach ingest --rebuild' writes it "
				"again)",
				gdb->path);
		objects_facts_release(f);
	}
	if (objects_facts_read_tables(gdb, g, &image))
		return -1;
	len = image.len;
	if (objects_facts_decode(strbuf_detach(&image), len, g, f))
		BUG("the facts just read do not decode");
	return 0;
}

int objects_facts_current(struct graph_db *gdb)
{
	int64_t units = objects_count_units(gdb);

	if (units <= 0)
		return units < 0 ? -1 : 1;
	return graph_db_image_current(gdb, "obj_facts_image", facts_magic);
}

int objects_facts_store(struct graph_db *gdb, const struct strbuf *graph_image)
{
	struct graph g;
	struct strbuf image = STRBUF_INIT;
	int64_t units = objects_count_units(gdb);
	int ret = -1;

	if (units < 0)
		return -1;
	if (!units)
		return graph_db_exec(gdb, "DELETE FROM obj_facts_image");
	memset(&g, 0, sizeof(g));
	if (!graph_from_image(&g, strbuf_str(graph_image), graph_image->len) &&
	    !objects_facts_read_tables(gdb, &g, &image))
		ret = graph_db_write_image(gdb, "obj_facts_image", image.buf,
					   image.len,
					   "storing the object facts");
	strbuf_release(&image);
	graph_release(&g);
	return ret;
}
