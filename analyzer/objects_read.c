/*
 * objects_read.c - reading the object tables back: the facts the indirect
 * call tiers join (indirect.c), for the functions of a graph, sorted and
 * each once, as the image objects_facts.c stores and decodes.
 *
 * Each table is read by a plain scan: they are small, and sorting them
 * and dropping the repeats in C costs a fraction of SQLite's sorter.
 */
#include "objects.h"
#include "graph.h"
#include "graph_db.h"
#include "registry.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

int objects_have_tables(struct graph_db *gdb)
{
	return graph_db_schema_has(gdb, "table", "obj_indirect_calls");
}

int64_t objects_count_units(struct graph_db *gdb)
{
	int have = objects_have_tables(gdb);

	return have > 0 ? graph_db_count(gdb, "SELECT count(*) FROM obj_units")
			: have;
}

int objects_boot_section(const char *section)
{
	return section && (!strcmp(section, ".init") ||
			   !strcmp(section, ".exit") ||
			   !strncmp(section, ".init.", 6) ||
			   !strncmp(section, ".exit.", 6));
}

/* A site as read, with its place apart to sort by. */
struct site_row {
	struct obj_site s;
	const char *file; /* NULL: unknown */
	int line, col;
};

/* The facts being read, their strings kept in STRINGS. */
struct reader {
	const struct graph *g;
	struct obj_facts *f;
	unsigned char *sections; /* per function: READ_BOOT | READ_RUN */
	struct site_row *sites;
	size_t alloc_reg, alloc_stores, alloc_sites;
	struct strvec strings;
	struct strbuf where;
};

/* A function's code seen in a boot-only section, and in another one. */
#define READ_BOOT 1
#define READ_RUN  2

/* A copy of S kept in R's strings; NULL stays NULL. */
static const char *keep(struct reader *r, const char *s)
{
	if (!s)
		return NULL;
	strvec_push(&r->strings, s);
	return r->strings.v[r->strings.nr - 1];
}

static int64_t find_func(const struct reader *r, sqlite3_stmt *st, int col)
{
	const char *name = (const char *)sqlite3_column_text(st, col);

	return name ? graph_find(r->g, name) : -1;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* name, section */
static void row_section(sqlite3_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t f = find_func(r, st, 0);

	if (f >= 0)
		r->sections[f] |= objects_boot_section(col_text(st, 1))
					  ? READ_BOOT
					  : READ_RUN;
}

/* registrar, name */
static void row_registration(sqlite3_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t a = find_func(r, st, 0), b = find_func(r, st, 1);

	if (a < 0 || b < 0)
		return;
	ALLOC_GROW(r->f->reg, r->f->nr_reg + 1, r->alloc_reg);
	r->f->reg[r->f->nr_reg][0] = (uint32_t)a;
	r->f->reg[r->f->nr_reg][1] = (uint32_t)b;
	r->f->nr_reg++;
}

/* name */
static void row_taken(sqlite3_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t f = find_func(r, st, 0);

	if (f >= 0 && (r->g->f[f].flags & GF_DEFINED))
		r->f->taken[f] = 1;
}

/* name, struct, member */
static void row_store(sqlite3_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t f = find_func(r, st, 0);
	struct obj_store *s;

	if (f < 0 || !col_text(st, 2))
		return;
	ALLOC_GROW(r->f->stores, r->f->nr_stores + 1, r->alloc_stores);
	s = &r->f->stores[r->f->nr_stores++];
	s->type = keep(r, col_text(st, 1));
	s->member = keep(r, col_text(st, 2));
	s->f = (uint32_t)f;
}

/* caller, struct, member, file, line, col, how */
static void row_site(sqlite3_stmt *st, void *ctx)
{
	struct reader *r = ctx;
	int64_t f = find_func(r, st, 0);
	const char *how = col_text(st, 6);
	struct site_row *s;

	if (f < 0)
		return;
	ALLOC_GROW(r->sites, r->f->nr_sites + 1, r->alloc_sites);
	s = &r->sites[r->f->nr_sites++];
	s->s.caller = (uint32_t)f;
	s->s.type = keep(r, col_text(st, 1));
	s->s.member = keep(r, col_text(st, 2));
	s->s.in_code = how && !strcmp(how, "object");
	s->file = keep(r, col_text(st, 3));
	s->line = sqlite3_column_int(st, 4);
	s->col = sqlite3_column_int(st, 5);
	strbuf_reset(&r->where);
	strbuf_addf(&r->where, "%s:%d:%d", s->file ? s->file : "?", s->line,
		    s->col);
	s->s.where = keep(r, r->where.buf);
}

static int cmp_reg(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return cmp_u64_pair(x[0], x[1], y[0], y[1]);
}

/* Stores by member, then type (unknown first), then function. */
static int cmp_store(const void *a, const void *b)
{
	const struct obj_store *x = a, *y = b;
	int c = strcmp(x->member, y->member);

	if (!c)
		c = strcmp_null(x->type, y->type);
	return c ? c : cmp_u32(&x->f, &y->f);
}

/* Sites by caller, then place, then what they call and how they were found. */
static int cmp_site(const void *a, const void *b)
{
	const struct site_row *x = a, *y = b;
	int c;

	CMP_BY(x, y, s.caller);
	if ((c = strcmp_null(x->file, y->file)))
		return c;
	CMP_BY(x, y, line);
	CMP_BY(x, y, col);
	if ((c = strcmp_null(x->s.type, y->s.type)) ||
	    (c = strcmp_null(x->s.member, y->s.member)))
		return c;
	CMP_BY(x, y, s.in_code);
	return 0;
}

/*
 * Sort the N elements of SIZE bytes at BASE by CMP and keep the first of
 * each run of equal ones; returns how many are left.
 */
static size_t sort_once(void *base, size_t n, size_t size,
			int (*cmp)(const void *, const void *))
{
	char *v = base;
	size_t i, k = 0;

	sort_array(base, n, size, cmp);
	for (i = 0; i < n; i++)
		if (!k || cmp(v + (k - 1) * size, v + i * size)) {
			if (k != i)
				memcpy(v + k * size, v + i * size, size);
			k++;
		}
	return k;
}

/* The registry tier's edges, their strings kept in R's. */
static int read_registry(struct graph_db *gdb, struct reader *r)
{
	struct registry_edge *re;
	size_t nr, i;

	if (registry_resolve(gdb, r->g, &re, &nr))
		return -1;
	r->f->edges = xcalloc(nr + 1, sizeof(*re));
	for (i = 0; i < nr; i++) {
		r->f->edges[i] = re[i];
		r->f->edges[i].reason = (char *)keep(r, re[i].reason);
		r->f->edges[i].site = (char *)keep(r, re[i].site);
	}
	r->f->nr_edges = nr;
	registry_edges_free(re, nr);
	return 0;
}

static int read_facts(struct graph_db *gdb, struct reader *r)
{
	static const char what[] = "reading object facts";
	struct obj_facts *f = r->f;
	size_t i;

	if (graph_db_each_row(gdb, "SELECT name, section FROM obj_functions",
			      NULL, 0, row_section, r, what) ||
	    graph_db_each_row(gdb,
			      "SELECT registrar, name FROM obj_registrations",
			      NULL, 0, row_registration, r, what) ||
	    graph_db_each_row(gdb, "SELECT name FROM obj_address_taken", NULL,
			      0, row_taken, r, what) ||
	    graph_db_each_row(gdb,
			      "SELECT name, struct, member"
			      " FROM obj_field_stores",
			      NULL, 0, row_store, r, what) ||
	    graph_db_each_row(gdb,
			      "SELECT caller, struct, member, file, line, col,"
			      " how FROM obj_indirect_calls"
			      " WHERE member IS NOT NULL OR how = 'object'",
			      NULL, 0, row_site, r, what) ||
	    read_registry(gdb, r))
		return -1;
	for (i = 0; i < f->nr_funcs; i++)
		f->boot_only[i] = r->sections[i] == READ_BOOT;
	f->nr_reg = sort_once(f->reg, f->nr_reg, sizeof(*f->reg), cmp_reg);
	f->nr_stores = sort_once(f->stores, f->nr_stores, sizeof(*f->stores),
				 cmp_store);
	sort_array(r->sites, f->nr_sites, sizeof(*r->sites), cmp_site);
	f->sites = xmalloc((f->nr_sites + 1) * sizeof(*f->sites));
	for (i = 0; i < f->nr_sites; i++)
		f->sites[i] = r->sites[i].s;
	return 0;
}

int objects_facts_read_tables(struct graph_db *gdb, const struct graph *g,
			      struct strbuf *image)
{
	struct obj_facts f;
	struct reader r;
	int ret = -1;

	memset(&f, 0, sizeof(f));
	memset(&r, 0, sizeof(r));
	f.nr_funcs = g->nr;
	f.boot_only = xcalloc((size_t)g->nr + 1, 1);
	f.taken = xcalloc((size_t)g->nr + 1, 1);
	r.g = g;
	r.f = &f;
	r.sections = xcalloc((size_t)g->nr + 1, 1);
	strbuf_init(&r.where);
	if (read_facts(gdb, &r))
		goto out;
	objects_facts_encode(&f, objects_facts_graph_hash(g), image);
	ret = 0;
out:
	objects_facts_release(&f);
	free(r.sections);
	free(r.sites);
	strvec_clear(&r.strings);
	strbuf_release(&r.where);
	return ret;
}
