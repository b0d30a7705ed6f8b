/*
 * ingest_calls.c - the direct call sites in the database: one row of the
 * calls table per caller, callee, unit and kind, its sites one JSON array
 * of [file id, line, col] (the file names in site_files), written from the
 * sites of a unit or of a whole bulk load, and read back for the images.
 */
#include "ingest_int.h"

#include <stdlib.h>
#include <string.h>

/* Call sites in the order of the rows of calls and of their sites. */
static int cmp_call_site(const void *a, const void *b)
{
	const struct site_in *x = a, *y = b;

	CMP_BY(x, y, caller);
	CMP_BY(x, y, callee);
	CMP_BY(x, y, unit);
	if ((x->flags & SITE_INTERNAL) != (y->flags & SITE_INTERNAL))
		return (x->flags & SITE_INTERNAL) ? 1 : -1;
	CMP_BY(x, y, file);
	CMP_BY(x, y, line);
	return (x->col > y->col) - (x->col < y->col);
}

/* The most bytes one site takes in a row's JSON: ",[file,line,col]". */
#define SITE_JSON_MAX (5 + 3 * PUT_DECIMAL_MAX)

/*
 * Queue the rows of SITES (NR, sorted by cmp_call_site) in the calls
 * batch; a site's file id is IDS[file], or file + 1 without IDS. Each
 * row's JSON is written straight into room made for its sites at once.
 */
static int write_calls(struct ingest_ctx *c, const struct site_in *sites,
		       size_t nr, const int64_t *ids)
{
	struct batch *b = &c->b[B_SITES];
	struct strbuf *js = &c->json;
	size_t i = 0, j, k;

	while (i < nr) {
		const struct site_in *s = &sites[i];
		unsigned internal = s->flags & SITE_INTERNAL;
		char *p;

		for (j = i + 1;
		     j < nr && sites[j].caller == s->caller &&
		     sites[j].callee == s->callee && sites[j].unit == s->unit &&
		     (sites[j].flags & SITE_INTERNAL) == internal;
		     j++)
			;
		strbuf_reset(js);
		strbuf_grow(js, 2 + (j - i) * SITE_JSON_MAX);
		p = js->buf;
		*p++ = '[';
		for (k = i; k < j; k++) {
			const struct site_in *t = &sites[k];

			if (k > i)
				*p++ = ',';
			if (t->flags & SITE_NO_LOCATION) {
				memcpy(p, "[null,null,null]", 16);
				p += 16;
				continue;
			}
			*p++ = '[';
			p = put_decimal(p, ids ? ids[t->file]
					       : (int64_t)t->file + 1);
			*p++ = ',';
			p = put_decimal(p, t->line);
			*p++ = ',';
			p = put_decimal(p, t->col);
			*p++ = ']';
		}
		*p++ = ']';
		js->len = (size_t)(p - js->buf);
		*p = '\0';
		batch_int(b, s->caller);
		batch_int(b, s->callee);
		batch_int(b, s->unit);
		batch_int(b, !!internal);
		batch_text(b, js->buf, js->len);
		if (batch_row(c->gdb, b))
			return -1;
		i = j;
	}
	return 0;
}

/*
 * Bulk: write the file names (sorted: a file's id is its index + 1) and
 * the calls, from the sites sorted by caller, callee, file, line, column
 * and unit. The sites are only read (the images are built from them at
 * the same time): a caller and callee's sites that more than one unit or
 * kind has are sorted in a copy.
 */
int ingest_write_all_calls(struct ingest_ctx *c)
{
	struct batch *fb = &c->b[B_FILES];
	struct site_in *copy = NULL;
	size_t i, j, alloc = 0;
	int ret = -1;

	for (i = 0; i < c->files.nr; i++) {
		batch_int(fb, (int64_t)i + 1);
		batch_str(fb, c->files.v[i]);
		if (batch_row(c->gdb, fb))
			return -1;
	}
	for (i = 0; i < c->nr_sites; i = j) {
		const struct site_in *s = &c->sites[i];
		int mixed = 0;

		for (j = i + 1;
		     j < c->nr_sites && c->sites[j].caller == s->caller &&
		     c->sites[j].callee == s->callee;
		     j++)
			if (c->sites[j].unit != s->unit ||
			    (c->sites[j].flags ^ s->flags) & SITE_INTERNAL)
				mixed = 1;
		if (mixed) {
			ALLOC_GROW(copy, j - i, alloc);
			memcpy(copy, s, (j - i) * sizeof(*s));
			qsort(copy, j - i, sizeof(*copy), cmp_call_site);
			s = copy;
		}
		if (write_calls(c, s, j - i, NULL))
			goto out;
	}
	ret = batch_flush(c->gdb, fb) || batch_flush(c->gdb, &c->b[B_SITES])
		      ? -1
		      : 0;
out:
	free(copy);
	return ret;
}

/*
 * The index of site file NAME (LEN bytes) in c->site_files, the file
 * queued for site_files when new; -1 on error.
 */
int64_t ingest_site_file_index(struct ingest_ctx *c, const char *name,
			       size_t len)
{
	size_t n = c->site_files.nr;
	uint32_t i = ingest_file_intern(&c->site_files, name, len);
	struct batch *fb = &c->b[B_FILES];

	if (c->site_files.nr > n) {
		ALLOC_GROW(c->site_file_ids, c->site_files.nr,
			   c->alloc_site_file_ids);
		c->site_file_ids[i] = c->next_site_file++;
		batch_int(fb, c->site_file_ids[i]);
		batch_text(fb, name, len);
		if (batch_row(c->gdb, fb))
			return -1;
	}
	return (int64_t)i;
}

/* One stored file name: interned, its id kept, the next id moved on. */
static void load_site_file(sqlite3_stmt *st, void *ctx)
{
	struct ingest_ctx *c = ctx;
	const char *name = (const char *)sqlite3_column_text(st, 1);
	int64_t id = sqlite3_column_int64(st, 0);
	size_t n = c->site_files.nr;
	uint32_t i;

	if (!name)
		name = "";
	i = ingest_file_intern(&c->site_files, name, strlen(name));
	if (c->site_files.nr > n) {
		ALLOC_GROW(c->site_file_ids, c->site_files.nr,
			   c->alloc_site_file_ids);
		c->site_file_ids[i] = id;
	}
	if (id >= c->next_site_file)
		c->next_site_file = id + 1;
}

/* Incremental: the file names stored already, and the next id. */
int ingest_load_site_files(struct ingest_ctx *c)
{
	c->next_site_file = 1;
	return graph_db_each_row(c->gdb,
				 "SELECT id, name FROM site_files ORDER BY id",
				 NULL, 0, load_site_file, c,
				 "reading call-site files");
}

/*
 * Incremental: write the calls of one unit's sites, whose files index
 * c->site_files.
 */
int ingest_write_unit_calls(struct ingest_ctx *c)
{
	if (c->nr_unit_sites)
		qsort(c->unit_sites, c->nr_unit_sites, sizeof(*c->unit_sites),
		      cmp_call_site);
	if (write_calls(c, c->unit_sites, c->nr_unit_sites, c->site_file_ids))
		return -1;
	c->nr_unit_sites = 0;
	return 0;
}

/* Read a JSON integer or null at *P; 0 when it is neither. */
static int json_int(const char **p, int64_t *v, int *null)
{
	const char *s = *p;
	char *end;

	while (*s == ' ')
		s++;
	*null = 0;
	if (!strncmp(s, "null", 4)) {
		*null = 1;
		*v = 0;
		*p = s + 4;
		return 1;
	}
	*v = strtoll(s, &end, 10);
	if (end == s)
		return 0;
	*p = end;
	return 1;
}

static int expect(const char **p, char ch)
{
	while (**p == ' ')
		(*p)++;
	if (**p != ch)
		return 0;
	(*p)++;
	return 1;
}

struct file_id {
	int64_t id;
	uint32_t name; /* index into c->site_files */
	uint32_t file; /* index into c->files, UINT32_MAX: not yet */
};

static int cmp_file_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Parse the SITES of one call into c->sites. */
static int parse_sites(struct ingest_ctx *c, const struct site_in *call,
		       const char *sites, struct file_id *fid, size_t nr_fid)
{
	const char *p = sites;

	if (!expect(&p, '['))
		return -1;
	if (expect(&p, ']'))
		return 0;
	do {
		int64_t v[3];
		int null[3], k;
		struct site_in *si;

		if (!expect(&p, '['))
			return -1;
		for (k = 0; k < 3; k++)
			if ((k && !expect(&p, ',')) ||
			    !json_int(&p, &v[k], &null[k]))
				return -1;
		if (!expect(&p, ']'))
			return -1;
		ALLOC_GROW(c->sites, c->nr_sites + 1, c->alloc_sites);
		si = &c->sites[c->nr_sites++];
		*si = *call;
		if (null[0]) {
			si->file = ingest_file_intern(&c->files, "", 0);
			si->flags |= SITE_NO_LOCATION;
		} else {
			struct file_id key = {v[0], 0, 0};
			struct file_id *f = bsearch(&key, fid, nr_fid,
						    sizeof(*fid), cmp_file_id);

			if (!f)
				return -1;
			if (f->file == UINT32_MAX) { /* only names in use */
				const char *name = c->site_files.v[f->name];

				f->file = ingest_file_intern(&c->files, name,
							     strlen(name));
			}
			si->file = f->file;
		}
		si->line = (int)v[1];
		si->col = (int)v[2];
	} while (expect(&p, ','));
	return expect(&p, ']') && !*p ? 0 : -1;
}

/*
 * Incremental: read every call site back, for the images (the file names
 * are those of ingest_load_site_files() and ingest_site_file_index()).
 */
int ingest_load_sites(struct ingest_ctx *c)
{
	sqlite3_stmt *st = NULL;
	struct file_id *fid;
	size_t nr_fid;
	int ret = -1, rc;

	/* the names loaded when the ingest began, and those it added */
	fid = xmalloc((c->site_files.nr + 1) * sizeof(*fid));
	for (nr_fid = 0; nr_fid < c->site_files.nr; nr_fid++) {
		fid[nr_fid].id = c->site_file_ids[nr_fid];
		fid[nr_fid].name = (uint32_t)nr_fid;
		fid[nr_fid].file = UINT32_MAX;
	}
	if (nr_fid)
		qsort(fid, nr_fid, sizeof(*fid), cmp_file_id);
	if (sqlite3_prepare_v2(c->gdb->db,
			       "SELECT caller_id, callee_id, internal, sites"
			       " FROM calls",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t caller = sqlite3_column_int64(st, 0);
		int64_t callee = sqlite3_column_int64(st, 1);
		const char *sites = (const char *)sqlite3_column_text(st, 3);
		struct site_in call;

		if (caller < 0 || caller > UINT32_MAX || callee < 0 ||
		    callee > UINT32_MAX) {
			error("database '%s': function id out of range",
			      c->gdb->path);
			goto out;
		}
		memset(&call, 0, sizeof(call));
		call.caller = (uint32_t)caller;
		call.callee = (uint32_t)callee;
		call.flags = sqlite3_column_int(st, 2) ? SITE_INTERNAL : 0;
		if (!sites || parse_sites(c, &call, sites, fid, nr_fid)) {
			error("database '%s': malformed sites of the call "
			      "%lld -> %lld",
			      c->gdb->path, (long long)caller,
			      (long long)callee);
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	ret = 0;
	goto out;
db_error:
	graph_db_error(c->gdb, "reading call sites");
out:
	sqlite3_finalize(st);
	free(fid);
	return ret;
}
