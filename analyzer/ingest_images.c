/*
 * ingest_images.c - the graph image and the call-site image an ingest
 * stores before it commits, built from memory in a bulk load or read back
 * from the rows otherwise.
 */
#include "ingest_int.h"
#include "symbols.h"

#include <stdlib.h>
#include <string.h>

uint32_t ingest_file_intern(struct file_names *fn, const char *s, size_t len)
{
	void **slot = hashmap_get_mem(&fn->by_name, s, len);
	char *copy;

	if (slot)
		return (uint32_t)((uintptr_t)*slot - 1);
	/* the key is the copy, kept in FN->v */
	copy = xstrndup(s, len);
	ALLOC_GROW(fn->v, fn->nr + 1, fn->alloc);
	fn->v[fn->nr++] = copy;
	*hashmap_put_mem(&fn->by_name, copy, len, NULL) =
		(void *)(uintptr_t)fn->nr;
	return (uint32_t)(fn->nr - 1);
}

void ingest_file_names_release(struct file_names *fn)
{
	size_t i;

	for (i = 0; i < fn->nr; i++)
		free(fn->v[i]);
	free(fn->v);
	hashmap_release(&fn->by_name);
	memset(fn, 0, sizeof(*fn));
}

/* The functions of the graph image being read back, in id order. */
struct image_functions {
	struct graph_func_in *v;
	size_t nr, alloc;
};

/* One row of functions: a function of the image. */
static void image_function_row(sqlite3_stmt *st, void *ctx)
{
	struct image_functions *fs = ctx;
	struct graph_func_in *f;
	const unsigned char *file = sqlite3_column_text(st, 2);
	const unsigned char *unit = sqlite3_column_text(st, 3);

	ALLOC_GROW(fs->v, fs->nr + 1, fs->alloc);
	f = &fs->v[fs->nr++];
	f->id = sqlite3_column_int64(st, 0);
	f->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	f->file = xstrdup(file ? (const char *)file : "");
	f->unit = xstrdup(unit ? skip_dot_slash((const char *)unit) : "");
	f->line = sqlite3_column_int(st, 4);
	f->col = sqlite3_column_int(st, 5);
	f->flags = (sqlite3_column_int(st, 6) ? GF_DEFINED : 0) |
		   (sqlite3_column_int(st, 7) ? GF_STATIC : 0) |
		   (sqlite3_column_int(st, 8) > 1 ? GF_DUPLICATE : 0);
	f->nr_indirect = 0;
}

static int cmp_func_in_id(const void *key, const void *elem)
{
	int64_t id = *(const int64_t *)key;
	const struct graph_func_in *f = elem;

	return (id > f->id) - (id < f->id);
}

/* One row of (caller, indirect sites): the count of that function. */
static void image_indirect_row(sqlite3_stmt *st, void *ctx)
{
	struct image_functions *fs = ctx;
	int64_t id = sqlite3_column_int64(st, 0);
	struct graph_func_in *f;

	if (!fs->nr)
		return;
	f = bsearch(&id, fs->v, fs->nr, sizeof(*fs->v), cmp_func_in_id);
	if (f)
		f->nr_indirect = (uint32_t)sqlite3_column_int(st, 1);
}

/* The functions of the graph image, read from the database. */
static int load_image_functions(struct ingest_ctx *c,
				struct graph_func_in **out, size_t *nr)
{
	struct image_functions fs = {NULL, 0, 0};
	int ret;

	ret = graph_db_each_row(
		c->gdb,
		"SELECT f.id, f.name, f.file, u.title, f.line, f.col,"
		" f.defined, f.is_static, f.definitions"
		" FROM functions f LEFT JOIN units u"
		" ON u.id = f.unit_id AND f.defined ORDER BY f.id",
		NULL, 0, image_function_row, &fs, "building the graph");
	if (!ret)
		ret = graph_db_each_row(c->gdb,
					"SELECT caller_id, count(*) FROM "
					"indirect_sites GROUP BY caller_id",
					NULL, 0, image_indirect_row, &fs,
					"building the graph");
	*out = fs.v;
	*nr = fs.nr;
	return ret;
}

/* The functions of the graph image, from the bulk summaries. */
static void image_functions_from_memory(struct ingest_ctx *c,
					struct graph_func_in **out, size_t *nr)
{
	size_t i;

	*out = xmalloc((c->funcs.nr + 1) * sizeof(**out));
	*nr = 0;
	for (i = 0; i < c->funcs.nr; i++) {
		const struct func *f = &c->funcs.v[i];
		struct graph_func_in *g;

		if (!f->s.has)
			continue;
		g = &(*out)[(*nr)++];
		g->id = f->id;
		g->name = xstrdup(f->name);
		g->file = xstrdup(f->s.file ? f->s.file : "");
		g->unit = xstrdup(f->s.defined ? skip_dot_slash(f->s.unit_title)
					       : "");
		g->line = f->s.line;
		g->col = f->s.col;
		g->flags = (f->s.defined ? GF_DEFINED : 0) |
			   (sym_is_static(f->name) ? GF_STATIC : 0) |
			   (f->s.definitions > 1 ? GF_DUPLICATE : 0);
		g->nr_indirect = f->s.nr_indirect;
	}
}

static int cmp_site(const void *a, const void *b)
{
	const struct site_in *x = a, *y = b;

	CMP_BY(x, y, caller);
	CMP_BY(x, y, callee);
	CMP_BY(x, y, file);
	CMP_BY(x, y, line);
	CMP_BY(x, y, col);
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* Sort the file names, and the sites by caller, callee, file, line, col. */
static void sort_sites(struct ingest_ctx *c)
{
	struct file_names *fn = &c->files;
	struct node_ref *order = xmalloc((fn->nr + 1) * sizeof(*order));
	uint32_t *rank = xmalloc((fn->nr + 1) * sizeof(*rank));
	char **names = xmalloc((fn->nr + 1) * sizeof(*names));
	size_t i;

	for (i = 0; i < fn->nr; i++) {
		order[i].title = fn->v[i];
		order[i].i = i;
	}
	qsort(order, fn->nr, sizeof(*order), ingest_cmp_node_ref);
	for (i = 0; i < fn->nr; i++) {
		rank[order[i].i] = (uint32_t)i;
		names[i] = fn->v[order[i].i];
	}
	if (fn->nr) /* fn->v is NULL when there is no name */
		memcpy(fn->v, names, fn->nr * sizeof(*names));
	hashmap_release(&fn->by_name); /* the interning is over */
	for (i = 0; i < c->nr_sites; i++)
		c->sites[i].file = rank[c->sites[i].file];
	if (c->nr_sites) /* qsort(NULL, 0) is undefined */
		qsort(c->sites, c->nr_sites, sizeof(*c->sites), cmp_site);
	free(order);
	free(rank);
	free(names);
}

/* Store the graph image and the call-site image. */
int ingest_build_images(struct ingest_ctx *c)
{
	struct graph_func_in *funcs = NULL;
	int64_t(*edges)[2] = NULL;
	size_t nr_funcs = 0, nr_edges = 0, i;
	struct strbuf image = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (c->bulk) {
		image_functions_from_memory(c, &funcs, &nr_funcs);
	} else if (ingest_load_sites(c) ||
		   load_image_functions(c, &funcs, &nr_funcs)) {
		goto out;
	}
	sort_sites(c);
	if (graph_db_store_sites(c->gdb, c->sites, c->nr_sites,
				 (const char *const *)c->files.v,
				 c->files.nr) ||
	    (c->bulk && ingest_write_all_calls(c)))
		goto out;
	/* as many as the pairs: a large tree has millions of sites */
	for (i = 0; i < c->nr_sites; i++)
		if (!i || c->sites[i].caller != c->sites[i - 1].caller ||
		    c->sites[i].callee != c->sites[i - 1].callee)
			nr_edges++;
	edges = xmalloc((nr_edges + 1) * sizeof(*edges));
	nr_edges = 0;
	for (i = 0; i < c->nr_sites; i++) {
		const struct site_in *s = &c->sites[i];

		if ((s->flags & SITE_INTERNAL) ||
		    (nr_edges && edges[nr_edges - 1][0] == s->caller &&
		     edges[nr_edges - 1][1] == s->callee))
			continue;
		edges[nr_edges][0] = s->caller;
		edges[nr_edges][1] = s->callee;
		nr_edges++;
	}
	graph_image_build(funcs, nr_funcs, (const int64_t(*)[2])edges, nr_edges,
			  &image);
	if (sqlite3_prepare_v2(c->gdb->db,
			       "INSERT OR REPLACE INTO graph_image(id, data) "
			       "VALUES (1, ?1)",
			       -1, &st, NULL) != SQLITE_OK) {
		graph_db_error(c->gdb, "building the graph");
		goto out;
	}
	sqlite3_bind_blob64(st, 1, image.buf ? image.buf : "", image.len,
			    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		graph_db_error(c->gdb, "building the graph");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	for (i = 0; i < nr_funcs; i++) {
		free((char *)funcs[i].name);
		free((char *)funcs[i].file);
		free((char *)funcs[i].unit);
	}
	free(funcs);
	free(edges);
	strbuf_release(&image);
	return ret;
}
