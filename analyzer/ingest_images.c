/*
 * ingest_images.c - the graph image and the call-site image an ingest
 * stores before it commits, built from memory in a bulk load or read back
 * from the rows otherwise, and the object facts image made for them.
 */
#include "ingest_int.h"
#include "objects.h"
#include "symbols.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

uint32_t ingest_file_intern(struct file_names *fn, const char *s, size_t len)
{
	void **slot;
	char *copy;

	/* a function's sites are mostly in one file */
	if (fn->nr && len == fn->last_len && !memcmp(fn->v[fn->last], s, len))
		return (uint32_t)fn->last;
	slot = hashmap_get_mem(&fn->by_name, s, len);
	if (slot) {
		fn->last = (uintptr_t)*slot - 1;
	} else {
		/* the key is the copy, kept in FN->v */
		copy = xstrndup(s, len);
		ALLOC_GROW(fn->v, fn->nr + 1, fn->alloc);
		fn->v[fn->nr++] = copy;
		*hashmap_put_mem(&fn->by_name, copy, len, NULL) =
			(void *)(uintptr_t)fn->nr;
		fn->last = fn->nr - 1;
	}
	fn->last_len = len;
	return (uint32_t)fn->last;
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

/*
 * The functions of the graph image, from the bulk summaries; their
 * strings are borrowed from them (a large tree has a million).
 */
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
		g->name = f->name;
		g->file = f->s.file ? f->s.file : "";
		g->unit = f->s.defined ? skip_dot_slash(f->s.unit_title) : "";
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

/* Sort the N sites at P by cmp_site() (inlined), stably, by insertion. */
static void insertion_sort(struct site_in *p, size_t n)
{
	size_t i, k;

	for (i = 1; i < n; i++) {
		struct site_in s = p[i];

		for (k = i; k > 0 && cmp_site(&s, &p[k - 1]) < 0; k--)
			p[k] = p[k - 1];
		p[k] = s;
	}
}

/* Merge the sorted A (NA) and B (NB) into OUT, stably. */
static void merge_sites(const struct site_in *a, size_t na,
			const struct site_in *b, size_t nb,
			struct site_in *out)
{
	while (na && nb) {
		if (cmp_site(b, a) < 0) {
			*out++ = *b++;
			nb--;
		} else {
			*out++ = *a++;
			na--;
		}
	}
	memcpy(out, a, na * sizeof(*a));
	memcpy(out + na, b, nb * sizeof(*b));
}

/* Sites sorted by insertion before the runs are merged. */
#define SORT_RUN 16

/*
 * Sort the N sites at P by cmp_site(), stably (as glibc's qsort(), a
 * merge sort, did): runs sorted by insertion, then merged two by two
 * through TMP (room for N), with cmp_site() inlined rather than called
 * for each comparison.
 */
static void sort_caller_sites(struct site_in *p, size_t n, struct site_in *tmp)
{
	struct site_in *from = p, *to = tmp, *t;
	size_t i, w;

	for (i = 0; i < n; i += SORT_RUN)
		insertion_sort(p + i, n - i < SORT_RUN ? n - i : SORT_RUN);
	for (w = SORT_RUN; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t na = n - i < w ? n - i : w;
			size_t nb = n - i - na < w ? n - i - na : w;

			merge_sites(from + i, na, from + i + na, nb, to + i);
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != p)
		memcpy(p, from, n * sizeof(*p));
}

/*
 * One in-place pass of a most-significant-digit radix sort: SITES (NR)
 * ordered by the digit (caller >> SHIFT) & MASK, below NB, each site
 * swapped straight into its digit's range; START[0..NB] gets the ranges.
 */
static void digit_pass(struct site_in *sites, size_t nr, unsigned shift,
		       uint32_t mask, size_t nb, size_t *start, size_t *next)
{
	size_t i, k;

	memset(start, 0, (nb + 1) * sizeof(*start));
	for (i = 0; i < nr; i++)
		start[((sites[i].caller >> shift) & mask) + 1]++;
	for (k = 0; k < nb; k++)
		start[k + 1] += start[k];
	memcpy(next, start, nb * sizeof(*next));
	for (k = 0; k < nb; k++) {
		while (next[k] < start[k + 1]) {
			struct site_in *s = &sites[next[k]], tmp;
			size_t to = (s->caller >> shift) & mask;

			if (to == k) {
				next[k]++;
				continue;
			}
			tmp = sites[next[to]];
			sites[next[to]++] = *s;
			*s = tmp;
		}
	}
}

/*
 * Sort SITES (NR) by caller, callee, file, line, column and unit, in
 * place (no second array of sites, which a tree of millions of sites
 * would feel): by caller in two radix passes of at most about a thousand
 * digits each (few enough write positions to stay in the cache, where
 * one pass over every caller misses it at each site), then each caller's
 * few sites by the rest (a second array only the size of the largest
 * caller's).
 */
static void sort_by_caller(struct site_in *sites, size_t nr)
{
	uint32_t max = 0;
	unsigned bits = 0, lo_bits;
	size_t nb_hi, nb_lo, i, b, k, *start_hi, *start_lo, *next;
	struct site_in *tmp = NULL;
	size_t alloc = 0;

	for (i = 0; i < nr; i++)
		if (sites[i].caller > max)
			max = sites[i].caller;
	while (bits < 32 && max >> bits)
		bits++;
	lo_bits = bits > 10 ? bits - 10 : 0;
	nb_hi = ((size_t)max >> lo_bits) + 1;
	nb_lo = (size_t)1 << lo_bits;
	start_hi = xmalloc((nb_hi + 1) * sizeof(*start_hi));
	start_lo = xmalloc((nb_lo + 1) * sizeof(*start_lo));
	next = xmalloc(((nb_hi > nb_lo ? nb_hi : nb_lo) + 1) * sizeof(*next));
	digit_pass(sites, nr, lo_bits, UINT32_MAX, nb_hi, start_hi, next);
	for (b = 0; b < nb_hi; b++) {
		struct site_in *part = sites + start_hi[b];
		size_t n = start_hi[b + 1] - start_hi[b];

		if (n < 2)
			continue;
		digit_pass(part, n, 0, (uint32_t)(nb_lo - 1), nb_lo, start_lo,
			   next);
		for (k = 0; k < nb_lo; k++)
			if (start_lo[k + 1] - start_lo[k] > 1) {
				/* room for the largest caller's sites only */
				ALLOC_GROW(tmp, start_lo[k + 1] - start_lo[k],
					   alloc);
				sort_caller_sites(part + start_lo[k],
						  start_lo[k + 1] - start_lo[k],
						  tmp);
			}
	}
	free(start_hi);
	free(start_lo);
	free(next);
	free(tmp);
}

/* Sort the file names, and the sites by caller, callee, file, line, col. */
static void sort_sites(struct ingest_ctx *c)
{
	struct file_names *fn = &c->files;
	struct node_ref *order = xmalloc((fn->nr + 1) * sizeof(*order));
	uint32_t *rank = xmalloc((fn->nr + 1) * sizeof(*rank));
	size_t i;

	for (i = 0; i < fn->nr; i++) {
		order[i].title = fn->v[i];
		order[i].i = i;
	}
	qsort(order, fn->nr, sizeof(*order), ingest_cmp_node_ref);
	for (i = 0; i < fn->nr; i++) {
		rank[order[i].i] = (uint32_t)i;
		fn->v[i] = (char *)order[i].title; /* the names, sorted */
	}
	hashmap_release(&fn->by_name); /* the interning is over */
	for (i = 0; i < c->nr_sites; i++)
		c->sites[i].file = rank[c->sites[i].file];
	sort_by_caller(c->sites, c->nr_sites);
	free(order);
	free(rank);
}

/*
 * The half of the images that needs no database: the functions (from
 * memory in a bulk load), the sites sorted, the edges and the graph image.
 * It runs on a thread of its own while the rows are written; the sites
 * are the thread's until it says they are sorted, and are only read after.
 */
struct image_job {
	struct ingest_ctx *c;
	struct graph_func_in *funcs;
	size_t nr_funcs;
	int64_t (*edges)[2];
	size_t nr_edges;
	struct strbuf sites_image, image;
	pthread_t thread;
	int started, threaded;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int sorted;
};

/* The edges of the sorted sites: each caller, callee pair once. */
static void collect_edges(struct image_job *j)
{
	const struct site_in *sites = j->c->sites;
	size_t nr = j->c->nr_sites, i, n = 0;

	/* as many as the pairs: a large tree has millions of sites */
	for (i = 0; i < nr; i++)
		if (!i || sites[i].caller != sites[i - 1].caller ||
		    sites[i].callee != sites[i - 1].callee)
			n++;
	j->edges = xmalloc((n + 1) * sizeof(*j->edges));
	for (i = 0; i < nr; i++) {
		const struct site_in *s = &sites[i];

		if ((s->flags & SITE_INTERNAL) ||
		    (j->nr_edges && j->edges[j->nr_edges - 1][0] == s->caller &&
		     j->edges[j->nr_edges - 1][1] == s->callee))
			continue;
		j->edges[j->nr_edges][0] = s->caller;
		j->edges[j->nr_edges][1] = s->callee;
		j->nr_edges++;
	}
}

/* The functions and edges, once the graph image is built from them. */
static void free_graph_input(struct image_job *j)
{
	size_t i;

	if (!j->c->bulk) /* read from the database: owned */
		for (i = 0; i < j->nr_funcs; i++) {
			free((char *)j->funcs[i].name);
			free((char *)j->funcs[i].file);
			free((char *)j->funcs[i].unit);
		}
	free(j->funcs);
	free(j->edges);
	j->funcs = NULL;
	j->edges = NULL;
	j->nr_funcs = j->nr_edges = 0;
}

static void *image_main(void *arg)
{
	struct image_job *j = arg;

	sort_sites(j->c);
	pthread_mutex_lock(&j->lock);
	j->sorted = 1;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	/* the sites are only read from here on, on both threads */
	collect_edges(j);
	sites_image_encode(&j->sites_image, j->c->sites, j->c->nr_sites,
			   (const char *const *)j->c->files.v, j->c->files.nr);
	if (j->c->bulk)
		image_functions_from_memory(j->c, &j->funcs, &j->nr_funcs);
	graph_image_build(j->funcs, j->nr_funcs,
			  (const int64_t(*)[2])j->edges, j->nr_edges,
			  &j->image);
	graph_image_set_sites_stamp(
		&j->image,
		graph_db_sites_stamp(j->sites_image.buf, j->sites_image.len));
	free_graph_input(j);
	return NULL;
}

/* Start J, on a thread when one can be had (else done at once). */
static void job_start(struct image_job *j)
{
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->started = 1;
	j->threaded = !pthread_create(&j->thread, NULL, image_main, j);
	if (!j->threaded)
		image_main(j);
}

static void job_wait_sorted(struct image_job *j)
{
	pthread_mutex_lock(&j->lock);
	while (!j->sorted)
		pthread_cond_wait(&j->cond, &j->lock);
	pthread_mutex_unlock(&j->lock);
}

static void job_finish(struct image_job *j)
{
	if (j->threaded)
		pthread_join(j->thread, NULL);
	if (j->started) {
		pthread_mutex_destroy(&j->lock);
		pthread_cond_destroy(&j->cond);
	}
	free_graph_input(j); /* when the job never ran */
	strbuf_release(&j->sites_image);
	strbuf_release(&j->image);
}

/*
 * Bring the functions table up to date, and store the call-site image, the
 * graph image and the object facts image made for it. In a bulk load the sites are sorted and the graph image
 * built on a second thread while the functions' rows are written; the
 * calls' rows are written from the sorted sites.
 */
int ingest_build_images(struct ingest_ctx *c)
{
	struct image_job job;
	int ret = -1;

	memset(&job, 0, sizeof(job));
	job.c = c;
	strbuf_init(&job.sites_image);
	strbuf_init(&job.image);
	if (c->bulk)
		job_start(&job);
	if (ingest_sync_functions(c))
		goto out;
	if (!c->bulk) {
		if (ingest_load_sites(c) ||
		    load_image_functions(c, &job.funcs, &job.nr_funcs))
			goto out;
		job_start(&job);
	}
	job_wait_sorted(&job);
	if (c->bulk && ingest_write_all_calls(c))
		goto out;
	if (job.threaded)
		pthread_join(job.thread, NULL);
	job.threaded = 0;
	if (graph_db_store_sites_image(c->gdb, &job.sites_image))
		goto out;
	if (graph_db_write_image(c->gdb, "graph_image", job.image.buf,
				 job.image.len, "building the graph"))
		goto out;
	/* the object facts, for the functions of that image */
	ret = objects_facts_store(c->gdb, &job.image);
out:
	job_finish(&job);
	return ret;
}
