/*
 * ingest.c - reading trees of .ci files into the database.
 *
 * Each .ci file is a unit keyed by its path relative to the PATH it was found
 * under. A unit whose content hash is unchanged is skipped; a changed one has
 * its rows replaced; one no longer present is dropped. Everything happens in
 * one transaction, and the graph image is rebuilt before it commits.
 */
#include "ingest.h"
#include "ci_parse.h"
#include "graph.h"
#include "graph_db.h"
#include "symbols.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONFIG_BYTES (4 * 1024 * 1024)

struct ci_file {
	char *path;	/* as opened */
	char *key;	/* unit key: relative to its PATH */
};

struct file_list {
	struct ci_file *v;
	size_t nr, alloc;
	int err;	/* an exit code once something failed */
};

/* nftw() takes no context argument. */
static struct file_list *walk_list;
static const char *walk_root;

static int has_ci_suffix(const char *path)
{
	size_t n = strlen(path);

	return n >= 3 && !strcmp(path + n - 3, ".ci");
}

static void add_file(struct file_list *l, const char *path, const char *key)
{
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr].path = xstrdup(path);
	l->v[l->nr].key = xstrdup(skip_dot_slash(key));
	l->nr++;
}

static int walk_one(const char *path, const struct stat *sb, int type,
		    struct FTW *ftw)
{
	struct stat st;
	const char *rel = path + strlen(walk_root);

	(void)sb;
	(void)ftw;
	while (*rel == '/')
		rel++;
	switch (type) {
	case FTW_F:
		if (has_ci_suffix(path))
			add_file(walk_list, path, rel);
		return 0;
	case FTW_SL:
		/* Symlinks to files are followed, to directories not (no loops). */
		if (has_ci_suffix(path) && !stat(path, &st) && S_ISREG(st.st_mode))
			add_file(walk_list, path, rel);
		return 0;
	case FTW_DNR:
		error("cannot read directory '%s': %s", path, strerror(EACCES));
		walk_list->err = EXIT_BADINPUT;
		return 1;
	case FTW_NS:
		if (has_ci_suffix(path)) {
			error("cannot stat '%s'", path);
			walk_list->err = EXIT_BADINPUT;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static int cmp_file_key(const void *a, const void *b)
{
	return strcmp(((const struct ci_file *)a)->key,
		      ((const struct ci_file *)b)->key);
}

static void file_list_release(struct file_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].key);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int read_file(const char *path, char **buf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("cannot read '%s': not a regular file", path);
	}
	strbuf_grow(&sb, (size_t)st.st_size);
	for (;;) {
		ssize_t n;

		strbuf_grow(&sb, 65536);
		n = read(fd, sb.buf + sb.len, sb.alloc - sb.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error("cannot read '%s': %s", path, strerror(errno));
			close(fd);
			strbuf_release(&sb);
			return -1;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
	}
	close(fd);
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

static int collect(const char *const *paths, size_t nr, struct file_list *l,
		   char **config)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct stat st;

		if (stat(paths[i], &st))
			return error("cannot open '%s': %s", paths[i],
				     strerror(errno));
		if (S_ISREG(st.st_mode)) {
			add_file(l, paths[i], paths[i]);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			return error("'%s' is neither a file nor a directory",
				     paths[i]);
		if (!*config) {
			char *cfg = xstrfmt("%s/.config", paths[i]);
			struct stat cst;

			if (!stat(cfg, &cst) && S_ISREG(cst.st_mode)) {
				char *buf;
				size_t len;

				if (cst.st_size > MAX_CONFIG_BYTES) {
					warning("'%s' is too large to store; ignored", cfg);
				} else if (!read_file(cfg, &buf, &len)) {
					if (memchr(buf, '\0', len))
						warning("'%s' is not text; ignored", cfg);
					else
						*config = buf, buf = NULL;
					free(buf);
				} else {
					free(cfg);
					return -1;
				}
			}
			free(cfg);
		}
		walk_list = l;
		walk_root = paths[i];
		if (nftw(paths[i], walk_one, 64, FTW_PHYS) < 0) {
			walk_list = NULL;
			return error("cannot walk '%s': %s", paths[i],
				     strerror(errno));
		}
		walk_list = NULL;
		if (l->err)
			return -1;
	}
	qsort(l->v, l->nr, sizeof(*l->v), cmp_file_key);
	for (i = 1; i < l->nr; i++)
		if (!strcmp(l->v[i].key, l->v[i - 1].key))
			return error("'%s' and '%s' are the same unit '%s'",
				     l->v[i - 1].path, l->v[i].path, l->v[i].key);
	return 0;
}

/* A string -> id hash map for function names (open addressing). */
struct name_map {
	char **names;
	int64_t *ids;
	size_t cap, nr;
};

static size_t name_hash(const char *s)
{
	return (size_t)fnv64(FNV64_INIT, s, strlen(s));
}

static void name_map_put(struct name_map *m, const char *name, int64_t id);

static void name_map_grow(struct name_map *m)
{
	struct name_map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->names = xcalloc(m->cap, sizeof(*m->names));
	m->ids = xcalloc(m->cap, sizeof(*m->ids));
	m->nr = 0;
	for (i = 0; i < old.cap; i++)
		if (old.names[i]) {
			name_map_put(m, old.names[i], old.ids[i]);
			free(old.names[i]);
		}
	free(old.names);
	free(old.ids);
}

static void name_map_put(struct name_map *m, const char *name, int64_t id)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->cap)
		name_map_grow(m);
	for (i = name_hash(name) & (m->cap - 1); m->names[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->names[i], name)) {
			m->ids[i] = id;
			return;
		}
	m->names[i] = xstrdup(name);
	m->ids[i] = id;
	m->nr++;
}

static int64_t name_map_get(const struct name_map *m, const char *name)
{
	size_t i;

	if (!m->cap)
		return -1;
	for (i = name_hash(name) & (m->cap - 1); m->names[i];
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->names[i], name))
			return m->ids[i];
	return -1;
}

static void name_map_release(struct name_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->names[i]);
	free(m->names);
	free(m->ids);
	memset(m, 0, sizeof(*m));
}

enum stmt_id {
	ST_FUNC_INSERT,
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_NODE_INSERT,
	ST_SITE_INSERT,
	ST_INDIRECT_INSERT,
	ST_DEL_NODES,
	ST_DEL_SITES,
	ST_DEL_INDIRECT,
	ST_DEL_UNIT,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_FUNC_INSERT] = "INSERT INTO functions(name, base, is_static) VALUES (?1, ?2, ?3)",
	[ST_UNIT_INSERT] = "INSERT INTO units(path, title, hash, size) VALUES (?1, ?2, ?3, ?4)",
	[ST_UNIT_UPDATE] = "UPDATE units SET title = ?2, hash = ?3, size = ?4 WHERE id = ?1",
	[ST_NODE_INSERT] = "INSERT INTO nodes(unit_id, function_id, title, defined, file, line, col,"
			   " stack_bytes, stack_kind, dynamic_objects)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_SITE_INSERT] = "INSERT INTO call_sites(unit_id, caller_id, callee_id, file, line, col, internal)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_INDIRECT_INSERT] = "INSERT INTO indirect_sites(unit_id, caller_id, file, line, col)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_DEL_NODES] = "DELETE FROM nodes WHERE unit_id = ?1",
	[ST_DEL_SITES] = "DELETE FROM call_sites WHERE unit_id = ?1",
	[ST_DEL_INDIRECT] = "DELETE FROM indirect_sites WHERE unit_id = ?1",
	[ST_DEL_UNIT] = "DELETE FROM units WHERE id = ?1",
};

struct ingest_ctx {
	struct graph_db *gdb;
	sqlite3_stmt *st[ST_COUNT];
	struct name_map funcs;
};

static int run_stmt(struct ingest_ctx *c, enum stmt_id id)
{
	sqlite3_stmt *st = c->st[id];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(c->gdb, "writing");
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int64_t function_id(struct ingest_ctx *c, const char *canonical)
{
	int64_t id = name_map_get(&c->funcs, canonical);
	sqlite3_stmt *st = c->st[ST_FUNC_INSERT];

	if (id >= 0)
		return id;
	sqlite3_bind_text(st, 1, canonical, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sym_base(canonical), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, sym_is_static(canonical));
	if (run_stmt(c, ST_FUNC_INSERT))
		return -1;
	id = sqlite3_last_insert_rowid(c->gdb->db);
	name_map_put(&c->funcs, canonical, id);
	return id;
}

static int delete_unit_rows(struct ingest_ctx *c, int64_t unit_id, int unit_too)
{
	static const enum stmt_id dels[] = { ST_DEL_NODES, ST_DEL_SITES,
					     ST_DEL_INDIRECT, ST_DEL_UNIT };
	size_t i, n = unit_too ? 4 : 3;

	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(c->st[dels[i]], 1, unit_id);
		if (run_stmt(c, dels[i]))
			return -1;
	}
	return 0;
}

/* A node title and the function it belongs to, for edge lookups. */
struct title_fn {
	const char *title;
	int64_t fid;
	const struct ci_node *node;
};

static int cmp_title_fn(const void *a, const void *b)
{
	const struct title_fn *x = a, *y = b;
	int c = strcmp(x->title, y->title);

	if (c)
		return c;
	/* definitions before declarations */
	return x->node->declared_only - y->node->declared_only;
}

static int64_t lookup_title(const struct title_fn *v, size_t n, const char *title)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(v[mid].title, title);

		if (!cmp)
			return v[mid].fid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const char indirect_title[] = "__indirect_call";

static int bind_location(sqlite3_stmt *st, int first, const char *label)
{
	int line = 0, col = 0;
	char *file;

	if (!label) {
		sqlite3_bind_null(st, first);
		return 0;
	}
	file = ci_parse_location(label, &line, &col);
	sqlite3_bind_text(st, first, skip_dot_slash(file), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, first + 1, line);
	sqlite3_bind_int(st, first + 2, col);
	free(file);
	return 0;
}

struct sorted_titles {
	const char **v;
	size_t nr;
};

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int unit_has_title(const char *t, void *ctx)
{
	const struct sorted_titles *st = ctx;

	return bsearch(&t, st->v, st->nr, sizeof(*st->v), cmp_strp) != NULL;
}

static int store_unit(struct ingest_ctx *c, int64_t unit_id,
		      const struct ci_unit *u, const char *path)
{
	struct title_fn *tf = xmalloc((u->nr_nodes + 1) * sizeof(*tf));
	struct sorted_titles titles;
	size_t i, n = 0;
	int ret = -1;

	titles.v = xmalloc((u->nr_nodes + 1) * sizeof(*titles.v));
	titles.nr = u->nr_nodes;
	for (i = 0; i < u->nr_nodes; i++)
		titles.v[i] = u->nodes[i].title;
	qsort(titles.v, titles.nr, sizeof(*titles.v), cmp_strp);
	for (i = 0; i < u->nr_nodes; i++) {
		char *canon;

		if (!strcmp(u->nodes[i].title, indirect_title))
			continue;
		canon = sym_canonical_in_unit(u->nodes[i].title, unit_has_title,
					      &titles);
		tf[n].title = u->nodes[i].title;
		tf[n].node = &u->nodes[i];
		tf[n].fid = function_id(c, canon);
		free(canon);
		if (tf[n].fid < 0)
			goto out;
		n++;
	}
	qsort(tf, n, sizeof(*tf), cmp_title_fn);
	for (i = 0; i < n; i++) {
		const struct ci_node *node = tf[i].node;
		sqlite3_stmt *st = c->st[ST_NODE_INSERT];
		struct ci_label l;

		/* A title declared and later defined is stored once. */
		if (i && !strcmp(tf[i].title, tf[i - 1].title))
			continue;
		ci_label_parse(node->label, &l);
		sqlite3_bind_int64(st, 1, unit_id);
		sqlite3_bind_int64(st, 2, tf[i].fid);
		sqlite3_bind_text(st, 3, node->title, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, !node->declared_only);
		bind_text_or_null(st, 5, l.file ? skip_dot_slash(l.file) : NULL);
		sqlite3_bind_int(st, 6, l.line);
		sqlite3_bind_int(st, 7, l.col);
		if (l.stack_bytes >= 0)
			sqlite3_bind_int64(st, 8, l.stack_bytes);
		bind_text_or_null(st, 9, l.stack_kind);
		if (l.dynamic_objects >= 0)
			sqlite3_bind_int64(st, 10, l.dynamic_objects);
		ci_label_release(&l);
		if (run_stmt(c, ST_NODE_INSERT))
			goto out;
	}
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		int64_t caller, callee;
		sqlite3_stmt *st;

		if (!strcmp(e->source, indirect_title)) {
			error("%s:%d: a call from '%s'", path, e->line,
			      indirect_title);
			goto out;
		}
		caller = lookup_title(tf, n, e->source);
		if (caller < 0)
			BUG("edge source '%s' not found", e->source);
		if (!strcmp(e->target, indirect_title)) {
			st = c->st[ST_INDIRECT_INSERT];
			sqlite3_bind_int64(st, 1, unit_id);
			sqlite3_bind_int64(st, 2, caller);
			bind_location(st, 3, e->label);
			if (run_stmt(c, ST_INDIRECT_INSERT))
				goto out;
			continue;
		}
		callee = lookup_title(tf, n, e->target);
		if (callee < 0)
			BUG("edge target '%s' not found", e->target);
		st = c->st[ST_SITE_INSERT];
		sqlite3_bind_int64(st, 1, unit_id);
		sqlite3_bind_int64(st, 2, caller);
		sqlite3_bind_int64(st, 3, callee);
		bind_location(st, 4, e->label);
		sqlite3_bind_int(st, 7, caller == callee &&
					strcmp(e->source, e->target));
		if (run_stmt(c, ST_SITE_INSERT))
			goto out;
	}
	ret = 0;
out:
	free(tf);
	free(titles.v);
	return ret;
}

static int load_function_ids(struct ingest_ctx *c)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;

	if (sqlite3_prepare_v2(c->gdb->db, "SELECT id, name FROM functions", -1,
			       &st, NULL) != SQLITE_OK) {
		graph_db_error(c->gdb, "reading functions");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		name_map_put(&c->funcs, (const char *)sqlite3_column_text(st, 1),
			     sqlite3_column_int64(st, 0));
	if (rc != SQLITE_DONE) {
		graph_db_error(c->gdb, "reading functions");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Recompute the per-function summary from the nodes, and drop orphans. */
static const char summary_sql[] =
	"DELETE FROM functions WHERE id NOT IN (SELECT function_id FROM nodes);"
	"UPDATE functions SET defined = p.defined, unit_id = p.unit_id,"
	"  file = p.file, line = p.line, col = p.col,"
	"  stack_bytes = p.stack_bytes, stack_kind = p.stack_kind,"
	"  dynamic_objects = p.dynamic_objects"
	" FROM (SELECT * FROM (SELECT n.function_id, n.defined, n.unit_id,"
	"        n.file, n.line, n.col, n.stack_bytes, n.stack_kind,"
	"        n.dynamic_objects, row_number() OVER (PARTITION BY n.function_id"
	"          ORDER BY n.defined DESC, n.title = f.name DESC, u.title, n.id) AS rn"
	"       FROM nodes n JOIN functions f ON f.id = n.function_id"
	"       JOIN units u ON u.id = n.unit_id) WHERE rn = 1) AS p"
	" WHERE p.function_id = functions.id;"
	"UPDATE functions SET definitions = (SELECT count(DISTINCT unit_id)"
	"  FROM nodes WHERE function_id = functions.id AND defined = 1);";

static int build_image(struct graph_db *gdb)
{
	sqlite3_stmt *st = NULL;
	struct graph_func_in *funcs = NULL;
	int64_t (*edges)[2] = NULL;
	size_t nr_funcs = 0, alloc_funcs = 0, nr_edges = 0, alloc_edges = 0, i;
	struct strbuf image = STRBUF_INIT;
	int ret = -1, rc;

	if (sqlite3_prepare_v2(gdb->db,
			       "SELECT f.id, f.name, f.file, u.title, f.line, f.col,"
			       " f.defined, f.is_static, f.definitions,"
			       " (SELECT count(*) FROM indirect_sites i WHERE i.caller_id = f.id)"
			       " FROM functions f LEFT JOIN units u"
			       " ON u.id = f.unit_id AND f.defined",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct graph_func_in *f;
		const unsigned char *file = sqlite3_column_text(st, 2);
		const unsigned char *unit = sqlite3_column_text(st, 3);

		ALLOC_GROW(funcs, nr_funcs + 1, alloc_funcs);
		f = &funcs[nr_funcs++];
		f->id = sqlite3_column_int64(st, 0);
		f->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		f->file = xstrdup(file ? (const char *)file : "");
		f->unit = xstrdup(unit ? skip_dot_slash((const char *)unit) : "");
		f->line = sqlite3_column_int(st, 4);
		f->col = sqlite3_column_int(st, 5);
		f->flags = (sqlite3_column_int(st, 6) ? GF_DEFINED : 0) |
			   (sqlite3_column_int(st, 7) ? GF_STATIC : 0) |
			   (sqlite3_column_int(st, 8) > 1 ? GF_DUPLICATE : 0);
		f->nr_indirect = (uint32_t)sqlite3_column_int(st, 9);
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	st = NULL;

	if (sqlite3_prepare_v2(gdb->db,
			       "SELECT DISTINCT caller_id, callee_id FROM call_sites WHERE NOT internal",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(edges, nr_edges + 1, alloc_edges);
		edges[nr_edges][0] = sqlite3_column_int64(st, 0);
		edges[nr_edges][1] = sqlite3_column_int64(st, 1);
		nr_edges++;
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	st = NULL;

	graph_image_build(funcs, nr_funcs, (const int64_t(*)[2])edges, nr_edges,
			  &image);
	if (sqlite3_prepare_v2(gdb->db,
			       "INSERT OR REPLACE INTO graph_image(id, data) VALUES (1, ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	sqlite3_bind_blob64(st, 1, image.buf ? image.buf : "", image.len,
			    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto db_error;
	ret = 0;
	goto out;
db_error:
	graph_db_error(gdb, "building the graph");
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

struct old_unit {
	int64_t id;
	char *path, *hash;
	int seen;
};

static int load_units(struct graph_db *gdb, struct old_unit **out, size_t *nr)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int ret = -1, rc;

	*out = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(gdb->db,
			       "SELECT id, path, hash FROM units ORDER BY path",
			       -1, &st, NULL) != SQLITE_OK) {
		graph_db_error(gdb, "reading units");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(*out, *nr + 1, alloc);
		(*out)[*nr].id = sqlite3_column_int64(st, 0);
		(*out)[*nr].path = xstrdup((const char *)sqlite3_column_text(st, 1));
		(*out)[*nr].hash = xstrdup((const char *)sqlite3_column_text(st, 2));
		(*out)[*nr].seen = 0;
		(*nr)++;
	}
	if (rc != SQLITE_DONE) {
		graph_db_error(gdb, "reading units");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static struct old_unit *find_unit(struct old_unit *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	/* ORDER BY path uses SQLite's BINARY collation: memcmp order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].path, key);

		if (!c)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int set_build_info(struct graph_db *gdb, const struct ingest_options *opt,
			  const char *config, const char *const *paths,
			  size_t nr_paths)
{
	struct strbuf roots = STRBUF_INIT;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int ret;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (i = 0; i < nr_paths; i++)
		strbuf_addf(&roots, "%s%s", i ? "\n" : "", paths[i]);
	ret = graph_db_set_build(gdb, "ingested_at", when) ||
	      graph_db_set_build(gdb, "paths", strbuf_str(&roots)) ||
	      graph_db_set_build(gdb, "config", config) ||
	      (opt->label && graph_db_set_build(gdb, "label", opt->label));
	strbuf_release(&roots);
	return ret ? -1 : 0;
}

static void progress(const struct ingest_options *opt, size_t done, size_t total,
		     int final)
{
	if (!opt->progress)
		return;
	if (final || total < 100 || done % (total / 100) == 0)
		fprintf(stderr, "\ringesting: %zu/%zu units%s", done, total,
			final ? "\n" : "");
}

int ingest(struct graph_db *gdb, const char *const *paths, size_t nr_paths,
	   const struct ingest_options *opt, struct ingest_stats *stats)
{
	struct file_list files = { 0 };
	struct ingest_ctx c;
	struct old_unit *old = NULL;
	size_t nr_old = 0, i;
	char *config = NULL;
	int code = EXIT_SYSTEM, changed = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&c, 0, sizeof(c));
	c.gdb = gdb;
	if (collect(paths, nr_paths, &files, &config)) {
		code = files.err ? files.err : EXIT_BADINPUT;
		goto out_nodb;
	}
	if (!files.nr) {
		error("no .ci files found under %s%s", paths[0],
		      nr_paths > 1 ? " and the other paths" : "");
		code = EXIT_BADINPUT;
		goto out_nodb;
	}
	if (graph_db_exec(gdb, "BEGIN IMMEDIATE"))
		goto out_nodb;
	for (i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v2(gdb->db, stmt_sql[i], -1, &c.st[i],
				       NULL) != SQLITE_OK) {
			graph_db_error(gdb, "preparing");
			goto rollback;
		}
	if (load_units(gdb, &old, &nr_old) || load_function_ids(&c))
		goto rollback;

	stats->units = files.nr;
	for (i = 0; i < files.nr; i++) {
		const struct ci_file *f = &files.v[i];
		struct old_unit *ou = find_unit(old, nr_old, f->key);
		struct ci_unit unit;
		char *buf, hash[17];
		size_t len;
		int64_t unit_id;
		sqlite3_stmt *st;

		progress(opt, i + 1, files.nr, 0);
		if (read_file(f->path, &buf, &len)) {
			code = EXIT_BADINPUT;
			goto rollback;
		}
		snprintf(hash, sizeof(hash), "%016llx",
			 (unsigned long long)fnv64(FNV64_INIT, buf, len));
		if (ou) {
			ou->seen = 1;
			if (!opt->rebuild && !strcmp(ou->hash, hash)) {
				stats->unchanged++;
				free(buf);
				continue;
			}
		}
		if (ci_parse(f->path, buf, len, &unit)) {
			free(buf);
			code = EXIT_BADINPUT;
			goto rollback;
		}
		free(buf);
		changed = 1;
		if (ou) {
			stats->changed++;
			unit_id = ou->id;
			if (delete_unit_rows(&c, unit_id, 0))
				goto release_rollback;
			st = c.st[ST_UNIT_UPDATE];
			sqlite3_bind_int64(st, 1, unit_id);
		} else {
			stats->added++;
			st = c.st[ST_UNIT_INSERT];
			sqlite3_bind_text(st, 1, f->key, -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(st, 2, skip_dot_slash(unit.title), -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
		if (run_stmt(&c, ou ? ST_UNIT_UPDATE : ST_UNIT_INSERT))
			goto release_rollback;
		if (!ou)
			unit_id = sqlite3_last_insert_rowid(gdb->db);
		if (store_unit(&c, unit_id, &unit, f->path))
			goto release_rollback;
		ci_unit_release(&unit);
		continue;
release_rollback:
		ci_unit_release(&unit);
		goto rollback;
	}
	progress(opt, files.nr, files.nr, 1);
	for (i = 0; i < nr_old; i++) {
		if (old[i].seen)
			continue;
		stats->removed++;
		changed = 1;
		if (delete_unit_rows(&c, old[i].id, 1))
			goto rollback;
	}
	if (changed || graph_db_count(gdb, "SELECT count(*) FROM graph_image") != 1) {
		if (graph_db_exec(gdb, summary_sql) || build_image(gdb))
			goto rollback;
	}
	if (set_build_info(gdb, opt, config, paths, nr_paths))
		goto rollback;
	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c.st[i]);
		c.st[i] = NULL;
	}
	if (graph_db_exec(gdb, "COMMIT"))
		goto rollback;
	code = EXIT_OK;
	goto out;
rollback:
	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c.st[i]);
		c.st[i] = NULL;
	}
	if (sqlite3_get_autocommit(gdb->db) == 0)
		graph_db_exec(gdb, "ROLLBACK");
	if (code == EXIT_OK)
		code = EXIT_SYSTEM;
out:
	for (i = 0; i < nr_old; i++) {
		free(old[i].path);
		free(old[i].hash);
	}
	free(old);
	name_map_release(&c.funcs);
out_nodb:
	free(config);
	file_list_release(&files);
	return code;
}
