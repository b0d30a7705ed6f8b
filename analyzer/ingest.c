/*
 * ingest.c - reading trees of .ci files into the database.
 *
 * Each .ci file is a unit keyed by its path relative to the PATH it was found
 * under. A unit whose content hash is unchanged is skipped; a changed one has
 * its rows replaced; one no longer present is dropped. Everything happens in
 * one transaction, and the graph and call-site images are rebuilt before it
 * commits.
 *
 * For speed, rows are written with multi-row INSERTs, a load into empty
 * tables drops the indexes and builds them once at the end, and the function
 * summaries and images of such a load come from memory rather than from
 * reading the rows back.
 */
#include "ingest.h"
#include "ci_parse.h"
#include "graph.h"
#include "graph_db.h"
#include "kconfig.h"
#include "objects.h"
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
#include <xxhash.h>
#include <time.h>
#include <unistd.h>

struct ci_file {
	char *path; /* as opened */
	char *key;  /* unit key: relative to its PATH */
};

struct file_list {
	struct ci_file *v;
	size_t nr, alloc;
	int err; /* an exit code once something failed */
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
		/* Symlinks to files are followed, to directories not (no
		 * loops). */
		if (!has_ci_suffix(path))
			return 0;
		if (stat(path, &st)) {
			/* a dangling link, or a loop of links */
			error("cannot open '%s': %s", path, strerror(errno));
			walk_list->err = EXIT_BADINPUT;
			return 1;
		}
		if (S_ISREG(st.st_mode))
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

/* Read PATH into SB (its previous contents are dropped). */
static int read_file(const char *path, struct strbuf *sb)
{
	struct stat st;
	/* not blocking: a FIFO named .ci must not wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);

	strbuf_reset(sb);
	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("cannot read '%s': not a regular file", path);
	}
	strbuf_grow(sb, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t n;

		if (sb->alloc - sb->len < 4096)
			strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error("cannot read '%s': %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0';
	close(fd);
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
				struct strbuf sb = STRBUF_INIT;

				if (cst.st_size > KCONFIG_MAX_BYTES) {
					/* not read: its size says it */
					kconfig_parse(cfg, NULL,
						      (size_t)cst.st_size,
						      config);
				} else if (!read_file(cfg, &sb)) {
					kconfig_parse(cfg, sb.buf, sb.len,
						      config);
				} else {
					strbuf_release(&sb);
					free(cfg);
					return -1;
				}
				strbuf_release(&sb);
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
	if (l->nr) /* l->v is NULL when no file was found */
		qsort(l->v, l->nr, sizeof(*l->v), cmp_file_key);
	for (i = 1; i < l->nr; i++)
		if (!strcmp(l->v[i].key, l->v[i - 1].key))
			return error("'%s' and '%s' are the same unit '%s'",
				     l->v[i - 1].path, l->v[i].path,
				     l->v[i].key);
	return 0;
}

/*
 * Multi-row INSERTs: rows are buffered and written BATCH_ROWS at a time
 * with one statement, which costs far less than a statement per row.
 */
#define BATCH_ROWS 64

enum bval_type { BV_NULL, BV_INT, BV_TEXT };

struct bval {
	enum bval_type type;
	int len;   /* BV_TEXT */
	int64_t i; /* BV_INT: the value; BV_TEXT: offset in text */
};

struct batch {
	sqlite3_stmt *many, *one;
	int cols;
	struct bval *v; /* BATCH_ROWS rows of COLS values */
	size_t nr;	/* values buffered */
	struct strbuf text;
};

static int batch_prepare(struct graph_db *gdb, struct batch *b,
			 const char *insert, int cols)
{
	struct strbuf sql = STRBUF_INIT;
	int r, c, ret = 0;

	memset(b, 0, sizeof(*b));
	b->cols = cols;
	b->v = xmalloc(BATCH_ROWS * (size_t)cols * sizeof(*b->v));
	for (r = 0; r < BATCH_ROWS; r++) {
		strbuf_addstr(&sql, r ? ", (" : insert);
		if (!r)
			strbuf_addstr(&sql, " VALUES (");
		for (c = 0; c < cols; c++)
			strbuf_addstr(&sql, c ? ", ?" : "?");
		strbuf_addch(&sql, ')');
		if (!r && sqlite3_prepare_v2(gdb->db, sql.buf, -1, &b->one,
					     NULL) != SQLITE_OK)
			ret = -1;
	}
	if (!ret && sqlite3_prepare_v2(gdb->db, sql.buf, -1, &b->many, NULL) !=
			    SQLITE_OK)
		ret = -1;
	strbuf_release(&sql);
	if (ret)
		graph_db_error(gdb, "preparing");
	return ret;
}

static void batch_release(struct batch *b)
{
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
	free(b->v);
	strbuf_release(&b->text);
	memset(b, 0, sizeof(*b));
}

static void batch_int(struct batch *b, int64_t x)
{
	b->v[b->nr].type = BV_INT;
	b->v[b->nr++].i = x;
}

static void batch_null(struct batch *b)
{
	b->v[b->nr++].type = BV_NULL;
}

static void batch_text(struct batch *b, const char *s, size_t len)
{
	if (!s) {
		batch_null(b);
		return;
	}
	b->v[b->nr].type = BV_TEXT;
	b->v[b->nr].len = (int)len;
	b->v[b->nr++].i = (int64_t)b->text.len;
	strbuf_add(&b->text, s, len);
}

static void bind_values(struct batch *b, sqlite3_stmt *st, const struct bval *v,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int k = (int)i + 1;

		switch (v[i].type) {
		case BV_NULL:
			sqlite3_bind_null(st, k);
			break;
		case BV_INT:
			sqlite3_bind_int64(st, k, v[i].i);
			break;
		case BV_TEXT:
			sqlite3_bind_text(st, k, b->text.buf + v[i].i, v[i].len,
					  SQLITE_STATIC);
			break;
		}
	}
}

static int batch_step(struct graph_db *gdb, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(gdb, "writing");
	return 0;
}

static int batch_flush(struct graph_db *gdb, struct batch *b)
{
	size_t cols = (size_t)b->cols, r;

	if (b->nr == BATCH_ROWS * cols) {
		bind_values(b, b->many, b->v, b->nr);
		if (batch_step(gdb, b->many))
			return -1;
	} else {
		for (r = 0; r < b->nr; r += cols) {
			bind_values(b, b->one, b->v + r, cols);
			if (batch_step(gdb, b->one))
				return -1;
		}
	}
	b->nr = 0;
	strbuf_reset(&b->text);
	return 0;
}

/* End a row; the batch is written when full. */
static int batch_row(struct graph_db *gdb, struct batch *b)
{
	if (b->nr % (size_t)b->cols)
		BUG("batch row of %zu values", b->nr % (size_t)b->cols);
	if (b->nr == BATCH_ROWS * (size_t)b->cols)
		return batch_flush(gdb, b);
	return 0;
}

/*
 * What a function's row says, from its best node: a definition first,
 * then the node titled exactly as the function, then the first unit by
 * title, then the first node stored.
 */
struct fsum {
	int has; /* some node seen */
	int defined, title_is_name;
	const char *unit_title; /* borrowed from the unit list */
	int64_t unit_id;
	uint64_t seq; /* order the node was stored in */
	char *file, *stack_kind;
	int line, col;
	long stack_bytes, dynamic_objects; /* -1: NULL */
	uint32_t definitions;		   /* units defining it */
	int64_t last_def_unit;
	uint32_t nr_indirect;
};

struct func {
	char *name;
	int64_t id;
	unsigned in_db : 1;    /* has a row already */
	unsigned affected : 1; /* its row must be recomputed */
	struct fsum s;
};

/* Canonical name -> index into the function list (open addressing). */
struct func_map {
	struct func *v;
	size_t nr, alloc;
	size_t *slot; /* index + 1; 0 is empty */
	size_t mask;
	int64_t next_id;
};

static size_t str_hash(const char *s)
{
	uint64_t h = FNV64_INIT;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 31));
}

static size_t *func_slot(const struct func_map *m, const char *name)
{
	size_t i = str_hash(name) & m->mask;

	while (m->slot[i] && strcmp(m->v[m->slot[i] - 1].name, name))
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

static void func_map_grow(struct func_map *m)
{
	size_t cap = m->slot ? 2 * (m->mask + 1) : 1024, i;

	free(m->slot);
	m->slot = xcalloc(cap, sizeof(*m->slot));
	m->mask = cap - 1;
	for (i = 0; i < m->nr; i++)
		*func_slot(m, m->v[i].name) = i + 1;
}

/* The function named NAME (taken over), added when new. */
static size_t func_get(struct func_map *m, char *name, int64_t id)
{
	size_t *slot, i;

	if (!m->slot || 2 * (m->nr + 1) > m->mask + 1)
		func_map_grow(m);
	slot = func_slot(m, name);
	if (*slot) {
		free(name);
		return *slot - 1;
	}
	ALLOC_GROW(m->v, m->nr + 1, m->alloc);
	i = m->nr++;
	memset(&m->v[i], 0, sizeof(m->v[i]));
	m->v[i].name = name;
	if (id < 0) {
		id = m->next_id++;
		m->v[i].affected = 1;
	} else {
		m->v[i].in_db = 1;
		if (id >= m->next_id)
			m->next_id = id + 1;
	}
	m->v[i].id = id;
	*slot = i + 1;
	return i;
}

static void fsum_release(struct fsum *s)
{
	free(s->file);
	free(s->stack_kind);
	memset(s, 0, sizeof(*s));
}

static void func_map_release(struct func_map *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->v[i].name);
		fsum_release(&m->v[i].s);
	}
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* File names of call sites, interned: name -> index. */
struct file_names {
	char **v;
	size_t nr, alloc;
	size_t *slot;
	size_t mask;
};

static size_t *file_slot(const struct file_names *fn, const char *s, size_t len)
{
	uint64_t h = FNV64_INIT;
	size_t i, k;

	for (k = 0; k < len; k++)
		h = (h ^ (unsigned char)s[k]) * 0x100000001b3ULL;
	for (i = (size_t)(h ^ (h >> 31)) & fn->mask; fn->slot[i];
	     i = (i + 1) & fn->mask) {
		const char *t = fn->v[fn->slot[i] - 1];

		if (!strncmp(t, s, len) && !t[len])
			break;
	}
	return &fn->slot[i];
}

static uint32_t file_intern(struct file_names *fn, const char *s, size_t len)
{
	size_t *slot, i;

	if (!fn->slot || 2 * (fn->nr + 1) > fn->mask + 1) {
		size_t cap = fn->slot ? 2 * (fn->mask + 1) : 256;

		free(fn->slot);
		fn->slot = xcalloc(cap, sizeof(*fn->slot));
		fn->mask = cap - 1;
		for (i = 0; i < fn->nr; i++)
			*file_slot(fn, fn->v[i], strlen(fn->v[i])) = i + 1;
	}
	slot = file_slot(fn, s, len);
	if (!*slot) {
		ALLOC_GROW(fn->v, fn->nr + 1, fn->alloc);
		fn->v[fn->nr++] = xstrndup(s, len);
		*slot = fn->nr;
	}
	return (uint32_t)(*slot - 1);
}

static void file_names_release(struct file_names *fn)
{
	size_t i;

	for (i = 0; i < fn->nr; i++)
		free(fn->v[i]);
	free(fn->v);
	free(fn->slot);
	memset(fn, 0, sizeof(*fn));
}

struct old_unit {
	int64_t id;
	char *path, *hash;
	int seen;
};

enum stmt_id {
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_UNIT_FUNCS,
	ST_DEL_NODES,
	ST_DEL_SITES,
	ST_DEL_INDIRECT,
	ST_DEL_UNIT,
	ST_FUNC_NODES,
	ST_FUNC_UPDATE,
	ST_FUNC_DELETE,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_UNIT_INSERT] = "INSERT INTO units(path, title, hash, size) VALUES "
			   "(?1, ?2, ?3, ?4)",
	[ST_UNIT_UPDATE] = "UPDATE units SET title = ?2, hash = ?3, size = ?4 "
			   "WHERE id = ?1",
	[ST_UNIT_FUNCS] =
		"SELECT DISTINCT function_id FROM nodes WHERE unit_id = ?1",
	[ST_DEL_NODES] = "DELETE FROM nodes WHERE unit_id = ?1",
	/* through the unit's functions: the sites have no index by unit */
	[ST_DEL_SITES] =
		"DELETE FROM call_sites WHERE unit_id = ?1 AND caller_id IN"
		" (SELECT function_id FROM nodes WHERE unit_id = ?1)",
	[ST_DEL_INDIRECT] =
		"DELETE FROM indirect_sites WHERE unit_id = ?1 AND caller_id IN"
		" (SELECT function_id FROM nodes WHERE unit_id = ?1)",
	[ST_DEL_UNIT] = "DELETE FROM units WHERE id = ?1",
	[ST_FUNC_NODES] =
		"SELECT n.defined, n.unit_id, n.file, n.line, n.col,"
		" n.stack_bytes, n.stack_kind, n.dynamic_objects"
		" FROM nodes n JOIN units u ON u.id = n.unit_id"
		" WHERE n.function_id = ?1"
		" ORDER BY n.defined DESC, n.title = ?2 DESC, u.title, n.id",
	[ST_FUNC_UPDATE] =
		"UPDATE functions SET defined = ?2, definitions = ?3,"
		" unit_id = ?4, file = ?5, line = ?6, col = ?7,"
		" stack_bytes = ?8, stack_kind = ?9, dynamic_objects = ?10"
		" WHERE id = ?1",
	[ST_FUNC_DELETE] = "DELETE FROM functions WHERE id = ?1",
};

enum batch_id { B_NODES, B_SITES, B_INDIRECT, B_FUNCS, B_COUNT };

static const struct {
	const char *insert;
	int cols;
} batch_def[B_COUNT] = {
	[B_NODES] =
		{"INSERT INTO nodes(unit_id, function_id, title, defined,"
		 " file, line, col, stack_bytes, stack_kind, dynamic_objects)",
		 10},
	[B_SITES] = {"INSERT INTO call_sites(unit_id, caller_id, callee_id,"
		     " file, line, col, internal)",
		     7},
	[B_INDIRECT] = {"INSERT INTO indirect_sites(unit_id, caller_id, file,"
			" line, col)",
			5},
	[B_FUNCS] = {"INSERT INTO functions(id, name, base, is_static, defined,"
		     " definitions, unit_id, file, line, col, stack_bytes,"
		     " stack_kind, dynamic_objects)",
		     13},
};

struct ingest_ctx {
	struct graph_db *gdb;
	int bulk; /* the tables were empty: everything is in memory */
	sqlite3_stmt *st[ST_COUNT];
	struct batch b[B_COUNT];
	struct func_map funcs;
	uint64_t node_seq;
	/* bulk: every call site, for the images */
	struct site_in *sites;
	size_t nr_sites, alloc_sites;
	struct file_names files;
	char **unit_titles; /* bulk: the titles of the stored units */
	size_t nr_unit_titles, alloc_unit_titles;
	const char *source; /* --source DIR, or NULL */
	int arguments;	    /* read the call sites' argument values */
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

static const char indirect_title[] = "__indirect_call";

/* Mark the functions of unit UNIT_ID's nodes for recomputation. */
static int mark_unit_functions(struct ingest_ctx *c, int64_t unit_id)
{
	sqlite3_stmt *st = c->st[ST_UNIT_FUNCS];
	int rc;

	sqlite3_bind_int64(st, 1, unit_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		size_t lo = 0, hi = c->funcs.nr;

		/* functions loaded from the database are sorted by id */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (c->funcs.v[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < c->funcs.nr && c->funcs.v[lo].id == id)
			c->funcs.v[lo].affected = 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(c->gdb, "reading nodes");
	return 0;
}

static int delete_unit_rows(struct ingest_ctx *c, int64_t unit_id, int unit_too)
{
	/* the sites first: they are found through the nodes */
	static const enum stmt_id dels[] = {ST_DEL_SITES, ST_DEL_INDIRECT,
					    ST_DEL_NODES, ST_DEL_UNIT};
	size_t i, n = unit_too ? 4 : 3;

	if (mark_unit_functions(c, unit_id))
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(c->st[dels[i]], 1, unit_id);
		if (run_stmt(c, dels[i]))
			return -1;
	}
	return 0;
}

/* Titles of one unit, sorted on first use (clones of globals are rare). */
struct unit_titles {
	const struct ci_unit *u;
	const char **v;
};

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int unit_has_title(const char *t, void *ctx)
{
	struct unit_titles *ut = ctx;
	size_t i;

	if (!ut->v) {
		ut->v = xmalloc((ut->u->nr_nodes + 1) * sizeof(*ut->v));
		for (i = 0; i < ut->u->nr_nodes; i++)
			ut->v[i] = ut->u->nodes[i].title;
		qsort(ut->v, ut->u->nr_nodes, sizeof(*ut->v), cmp_strp);
	}
	return bsearch(&t, ut->v, ut->u->nr_nodes, sizeof(*ut->v), cmp_strp) !=
	       NULL;
}

/* A node and its title: nodes are stored in title order. */
struct node_ref {
	const char *title;
	size_t i;
};

static int cmp_node_ref(const void *a, const void *b)
{
	return strcmp(((const struct node_ref *)a)->title,
		      ((const struct node_ref *)b)->title);
}

/* Bulk: fold node N of the unit into its function's summary. */
static void summarize_node(struct ingest_ctx *c, struct func *f,
			   const struct ci_node *node, const struct ci_label *l,
			   int64_t unit_id, const char *unit_title)
{
	struct fsum *s = &f->s;
	int defined = !node->declared_only;
	int tin = !strcmp(node->title, f->name);
	uint64_t seq = c->node_seq++;

	if (defined && s->last_def_unit != unit_id) {
		s->definitions++;
		s->last_def_unit = unit_id;
	}
	if (s->has) {
		int cmp;

		if (defined != s->defined)
			cmp = defined ? -1 : 1;
		else if (tin != s->title_is_name)
			cmp = tin ? -1 : 1;
		else
			cmp = strcmp(unit_title, s->unit_title);
		if (cmp >= 0) /* equal: the earlier node stays */
			return;
	}
	free(s->file);
	free(s->stack_kind);
	s->has = 1;
	s->defined = defined;
	s->title_is_name = tin;
	s->unit_title = unit_title;
	s->unit_id = unit_id;
	s->seq = seq;
	s->file = l->file ? xstrdup(skip_dot_slash(l->file)) : NULL;
	s->stack_kind = l->stack_kind ? xstrdup(l->stack_kind) : NULL;
	s->line = l->line;
	s->col = l->col;
	s->stack_bytes = l->stack_bytes;
	s->dynamic_objects = l->dynamic_objects;
}

/* Split a call site's LABEL "file:line:col"; *FILE is NULL without one. */
static void split_site(const char *label, const char **file, size_t *flen,
		       int *line, int *col)
{
	size_t len;

	*line = *col = 0;
	*file = NULL;
	*flen = 0;
	if (!label)
		return;
	len = ci_split_location(label, strlen(label), line, col);
	*file = skip_dot_slash(label);
	if ((size_t)(*file - label) > len)
		*file = label + len;
	*flen = len - (size_t)(*file - label);
}

/* Queue "file:line:col" LABEL as three values of batch B. */
static void batch_location(struct batch *b, const char *label, int *line,
			   int *col, const char **file, size_t *flen)
{
	split_site(label, file, flen, line, col);
	if (!*file) {
		batch_null(b);
		batch_null(b);
		batch_null(b);
		return;
	}
	batch_text(b, *file, *flen);
	batch_int(b, *line);
	batch_int(b, *col);
}

static int store_unit(struct ingest_ctx *c, int64_t unit_id,
		      const struct ci_unit *u, const char *path,
		      const char *unit_title)
{
	struct unit_titles ut = {u, NULL};
	struct node_ref *order = xmalloc((u->nr_nodes + 1) * sizeof(*order));
	size_t *fidx = xmalloc((u->nr_nodes + 1) * sizeof(*fidx));
	size_t i, n = 0;
	int ret = -1;

	for (i = 0; i < u->nr_nodes; i++) {
		fidx[i] = (size_t)-1;
		if (u->nodes[i].first == i &&
		    strcmp(u->nodes[i].title, indirect_title)) {
			order[n].title = u->nodes[i].title;
			order[n++].i = i;
		}
	}
	qsort(order, n, sizeof(*order), cmp_node_ref);
	for (i = 0; i < n; i++) {
		const struct ci_node *node = &u->nodes[order[i].i];
		struct batch *b = &c->b[B_NODES];
		struct func *f;
		struct ci_label l;

		fidx[order[i].i] = func_get(
			&c->funcs,
			sym_canonical_in_unit(node->title, unit_has_title, &ut),
			-1);
		f = &c->funcs.v[fidx[order[i].i]];
		f->affected = 1;
		ci_label_parse(node->label, &l);
		batch_int(b, unit_id);
		batch_int(b, f->id);
		batch_text(b, node->title, strlen(node->title));
		batch_int(b, !node->declared_only);
		if (l.file) {
			const char *file = skip_dot_slash(l.file);

			batch_text(b, file, strlen(file));
		} else {
			batch_null(b);
		}
		batch_int(b, l.line);
		batch_int(b, l.col);
		if (l.stack_bytes >= 0)
			batch_int(b, l.stack_bytes);
		else
			batch_null(b);
		batch_text(b, l.stack_kind,
			   l.stack_kind ? strlen(l.stack_kind) : 0);
		if (l.dynamic_objects >= 0)
			batch_int(b, l.dynamic_objects);
		else
			batch_null(b);
		if (c->bulk)
			summarize_node(c, f, node, &l, unit_id, unit_title);
		ci_label_release(&l);
		if (batch_row(c->gdb, b))
			goto out;
	}
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		const struct ci_node *src = &u->nodes[e->source_node];
		const struct ci_node *dst = &u->nodes[e->target_node];
		struct func *caller, *callee;
		const char *file;
		size_t flen;
		int line, col, internal;
		struct batch *b;

		if (!strcmp(src->title, indirect_title)) {
			error("%s:%d: a call from '%s'", path, e->line,
			      indirect_title);
			goto out;
		}
		caller = &c->funcs.v[fidx[e->source_node]];
		if (!strcmp(dst->title, indirect_title)) {
			b = &c->b[B_INDIRECT];
			batch_int(b, unit_id);
			batch_int(b, caller->id);
			batch_location(b, e->label, &line, &col, &file, &flen);
			if (batch_row(c->gdb, b))
				goto out;
			if (c->bulk)
				caller->s.nr_indirect++;
			continue;
		}
		callee = &c->funcs.v[fidx[e->target_node]];
		internal = caller == callee && strcmp(src->title, dst->title);
		if (c->bulk) {
			/* written sorted, with the images */
			struct site_in *si;

			ALLOC_GROW(c->sites, c->nr_sites + 1, c->alloc_sites);
			si = &c->sites[c->nr_sites++];
			si->caller = (uint32_t)caller->id;
			si->callee = (uint32_t)callee->id;
			split_site(e->label, &file, &flen, &si->line, &si->col);
			si->file =
				file_intern(&c->files, file ? file : "", flen);
			si->unit = (uint32_t)unit_id;
			si->flags = (internal ? SITE_INTERNAL : 0) |
				    (file ? 0 : SITE_NO_LOCATION);
			continue;
		}
		b = &c->b[B_SITES];
		batch_int(b, unit_id);
		batch_int(b, caller->id);
		batch_int(b, callee->id);
		batch_location(b, e->label, &line, &col, &file, &flen);
		batch_int(b, internal);
		if (batch_row(c->gdb, b))
			goto out;
	}
	ret = 0;
out:
	free(ut.v);
	free(order);
	free(fidx);
	return ret;
}

static int load_functions(struct ingest_ctx *c)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;

	c->funcs.next_id = 1;
	if (sqlite3_prepare_v2(c->gdb->db,
			       "SELECT id, name FROM functions ORDER BY id", -1,
			       &st, NULL) != SQLITE_OK) {
		graph_db_error(c->gdb, "reading functions");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		func_get(&c->funcs,
			 xstrdup((const char *)sqlite3_column_text(st, 1)),
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

static void bind_long_or_null(sqlite3_stmt *st, int i, long v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static char *column_strdup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? xstrdup((const char *)s) : NULL;
}

static long column_long(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	return (long)sqlite3_column_int64(st, col);
}

/* Recompute the summary of function F from its nodes in the database. */
static int summarize_from_db(struct ingest_ctx *c, struct func *f)
{
	sqlite3_stmt *st = c->st[ST_FUNC_NODES];
	int64_t *units = NULL;
	size_t nr_units = 0, alloc = 0, k;
	int rc;

	fsum_release(&f->s);
	sqlite3_bind_int64(st, 1, f->id);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int defined = sqlite3_column_int(st, 0);
		int64_t unit = sqlite3_column_int64(st, 1);

		if (!f->s.has) {
			f->s.has = 1;
			f->s.defined = defined;
			f->s.unit_id = unit;
			f->s.file = column_strdup(st, 2);
			f->s.line = sqlite3_column_int(st, 3);
			f->s.col = sqlite3_column_int(st, 4);
			f->s.stack_bytes = column_long(st, 5);
			f->s.stack_kind = column_strdup(st, 6);
			f->s.dynamic_objects = column_long(st, 7);
		}
		if (!defined)
			continue;
		for (k = 0; k < nr_units && units[k] != unit; k++)
			;
		if (k == nr_units) {
			ALLOC_GROW(units, nr_units + 1, alloc);
			units[nr_units++] = unit;
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(units);
	f->s.definitions = (uint32_t)nr_units;
	if (rc != SQLITE_DONE)
		return graph_db_error(c->gdb, "reading nodes");
	return 0;
}

/* Queue the row of new function F. */
static int insert_function(struct ingest_ctx *c, const struct func *f)
{
	struct batch *b = &c->b[B_FUNCS];
	const char *base = sym_base(f->name);

	batch_int(b, f->id);
	batch_text(b, f->name, strlen(f->name));
	batch_text(b, base, strlen(base));
	batch_int(b, sym_is_static(f->name));
	batch_int(b, f->s.defined);
	batch_int(b, f->s.definitions);
	batch_int(b, f->s.unit_id);
	batch_text(b, f->s.file, f->s.file ? strlen(f->s.file) : 0);
	batch_int(b, f->s.line);
	batch_int(b, f->s.col);
	if (f->s.stack_bytes >= 0)
		batch_int(b, f->s.stack_bytes);
	else
		batch_null(b);
	batch_text(b, f->s.stack_kind,
		   f->s.stack_kind ? strlen(f->s.stack_kind) : 0);
	if (f->s.dynamic_objects >= 0)
		batch_int(b, f->s.dynamic_objects);
	else
		batch_null(b);
	return batch_row(c->gdb, b);
}

/*
 * Bring the functions table up to date: new functions get their rows,
 * changed ones are recomputed, and functions left without nodes go.
 */
static int sync_functions(struct ingest_ctx *c)
{
	size_t i;

	for (i = 0; i < c->funcs.nr; i++) {
		struct func *f = &c->funcs.v[i];
		sqlite3_stmt *st;

		if (!f->affected)
			continue;
		if (!c->bulk && summarize_from_db(c, f))
			return -1;
		if (!f->s.has) {
			if (!f->in_db)
				continue;
			st = c->st[ST_FUNC_DELETE];
			sqlite3_bind_int64(st, 1, f->id);
			if (run_stmt(c, ST_FUNC_DELETE))
				return -1;
			continue;
		}
		if (!f->in_db) {
			if (insert_function(c, f))
				return -1;
			continue;
		}
		st = c->st[ST_FUNC_UPDATE];
		sqlite3_bind_int64(st, 1, f->id);
		sqlite3_bind_int(st, 2, f->s.defined);
		sqlite3_bind_int64(st, 3, f->s.definitions);
		sqlite3_bind_int64(st, 4, f->s.unit_id);
		bind_text_or_null(st, 5, f->s.file);
		sqlite3_bind_int(st, 6, f->s.line);
		sqlite3_bind_int(st, 7, f->s.col);
		bind_long_or_null(st, 8, f->s.stack_bytes);
		bind_text_or_null(st, 9, f->s.stack_kind);
		bind_long_or_null(st, 10, f->s.dynamic_objects);
		if (run_stmt(c, ST_FUNC_UPDATE))
			return -1;
	}
	return batch_flush(c->gdb, &c->b[B_FUNCS]);
}

/* Read every call site back (after an incremental ingest). */
static int load_sites(struct ingest_ctx *c)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;

	if (sqlite3_prepare_v2(c->gdb->db,
			       "SELECT caller_id, callee_id, file, line, col,"
			       " internal FROM call_sites",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *file = (const char *)sqlite3_column_text(st, 2);
		int64_t caller = sqlite3_column_int64(st, 0);
		int64_t callee = sqlite3_column_int64(st, 1);
		struct site_in *si;

		if (caller < 0 || caller > UINT32_MAX || callee < 0 ||
		    callee > UINT32_MAX) {
			error("database '%s': function id out of range",
			      c->gdb->path);
			goto out;
		}
		ALLOC_GROW(c->sites, c->nr_sites + 1, c->alloc_sites);
		si = &c->sites[c->nr_sites++];
		si->caller = (uint32_t)caller;
		si->callee = (uint32_t)callee;
		si->file = file_intern(&c->files, file ? file : "",
				       file ? strlen(file) : 0);
		si->line = sqlite3_column_int(st, 3);
		si->col = sqlite3_column_int(st, 4);
		si->unit = 0;
		si->flags = (sqlite3_column_int(st, 5) ? SITE_INTERNAL : 0) |
			    (file ? 0 : SITE_NO_LOCATION);
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	ret = 0;
	goto out;
db_error:
	graph_db_error(c->gdb, "reading call sites");
out:
	sqlite3_finalize(st);
	return ret;
}

/* The functions of the graph image, read from the database. */
static int load_image_functions(struct ingest_ctx *c,
				struct graph_func_in **out, size_t *nr)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0, lo, hi;
	int ret = -1, rc;

	*out = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(
		    c->gdb->db,
		    "SELECT f.id, f.name, f.file, u.title, f.line, f.col,"
		    " f.defined, f.is_static, f.definitions"
		    " FROM functions f LEFT JOIN units u"
		    " ON u.id = f.unit_id AND f.defined ORDER BY f.id",
		    -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct graph_func_in *f;
		const unsigned char *file = sqlite3_column_text(st, 2);
		const unsigned char *unit = sqlite3_column_text(st, 3);

		ALLOC_GROW(*out, *nr + 1, alloc);
		f = &(*out)[(*nr)++];
		f->id = sqlite3_column_int64(st, 0);
		f->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		f->file = xstrdup(file ? (const char *)file : "");
		f->unit =
			xstrdup(unit ? skip_dot_slash((const char *)unit) : "");
		f->line = sqlite3_column_int(st, 4);
		f->col = sqlite3_column_int(st, 5);
		f->flags = (sqlite3_column_int(st, 6) ? GF_DEFINED : 0) |
			   (sqlite3_column_int(st, 7) ? GF_STATIC : 0) |
			   (sqlite3_column_int(st, 8) > 1 ? GF_DUPLICATE : 0);
		f->nr_indirect = 0;
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(c->gdb->db,
			       "SELECT caller_id, count(*) FROM indirect_sites"
			       " GROUP BY caller_id",
			       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		for (lo = 0, hi = *nr; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if ((*out)[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < *nr && (*out)[lo].id == id)
			(*out)[lo].nr_indirect =
				(uint32_t)sqlite3_column_int(st, 1);
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	ret = 0;
	goto out;
db_error:
	graph_db_error(c->gdb, "building the graph");
out:
	sqlite3_finalize(st);
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

	if (x->caller != y->caller)
		return x->caller < y->caller ? -1 : 1;
	if (x->callee != y->callee)
		return x->callee < y->callee ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
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
	qsort(order, fn->nr, sizeof(*order), cmp_node_ref);
	for (i = 0; i < fn->nr; i++) {
		rank[order[i].i] = (uint32_t)i;
		names[i] = fn->v[order[i].i];
	}
	if (fn->nr) /* fn->v is NULL when there is no name */
		memcpy(fn->v, names, fn->nr * sizeof(*names));
	free(fn->slot); /* the interning is over */
	fn->slot = NULL;
	for (i = 0; i < c->nr_sites; i++)
		c->sites[i].file = rank[c->sites[i].file];
	if (c->nr_sites) /* qsort(NULL, 0) is undefined */
		qsort(c->sites, c->nr_sites, sizeof(*c->sites), cmp_site);
	free(order);
	free(rank);
	free(names);
}

/* Bulk: write the call sites, sorted, so call_sites_pair grows in order. */
static int write_sites(struct ingest_ctx *c)
{
	struct batch *b = &c->b[B_SITES];
	size_t i;

	for (i = 0; i < c->nr_sites; i++) {
		const struct site_in *s = &c->sites[i];
		const char *file = c->files.v[s->file];

		batch_int(b, s->unit);
		batch_int(b, s->caller);
		batch_int(b, s->callee);
		if (s->flags & SITE_NO_LOCATION) {
			batch_null(b);
			batch_null(b);
			batch_null(b);
		} else {
			batch_text(b, file, strlen(file));
			batch_int(b, s->line);
			batch_int(b, s->col);
		}
		batch_int(b, !!(s->flags & SITE_INTERNAL));
		if (batch_row(c->gdb, b))
			return -1;
	}
	return batch_flush(c->gdb, b);
}

/* Store the graph image and the call-site image. */
static int build_images(struct ingest_ctx *c)
{
	struct graph_func_in *funcs = NULL;
	int64_t(*edges)[2] = NULL;
	size_t nr_funcs = 0, nr_edges = 0, i;
	struct strbuf image = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (c->bulk) {
		image_functions_from_memory(c, &funcs, &nr_funcs);
	} else if (load_sites(c) ||
		   load_image_functions(c, &funcs, &nr_funcs)) {
		goto out;
	}
	sort_sites(c);
	if (graph_db_store_sites(c->gdb, c->sites, c->nr_sites,
				 (const char *const *)c->files.v,
				 c->files.nr) ||
	    (c->bulk && write_sites(c)))
		goto out;
	edges = xmalloc((c->nr_sites + 1) * sizeof(*edges));
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
		(*out)[*nr].path =
			xstrdup((const char *)sqlite3_column_text(st, 1));
		(*out)[*nr].hash =
			xstrdup((const char *)sqlite3_column_text(st, 2));
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

static int set_build_info(struct graph_db *gdb,
			  const struct ingest_options *opt, const char *config,
			  const char *const *paths, size_t nr_paths)
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

static void progress(const struct ingest_options *opt, size_t done,
		     size_t total, int final)
{
	if (!opt->progress)
		return;
	if (final || total < 100 || done % (total / 100) == 0)
		fprintf(stderr, "\ringesting: %zu/%zu units%s", done, total,
			final ? "\n" : "");
}

/*
 * Start the transaction. A load into empty tables (a first ingest, or
 * --rebuild, which empties them) is a bulk load: the indexes are dropped
 * and made again at the end, and what the images need is kept in memory.
 */
static int begin(struct ingest_ctx *c, const struct ingest_options *opt,
		 size_t nr_old)
{
	static const char wipe_sql[] =
		"DELETE FROM nodes; DELETE FROM call_sites;"
		"DELETE FROM indirect_sites; DELETE FROM units;"
		"DELETE FROM functions;";
	size_t i;

	c->bulk = !nr_old || opt->rebuild;
	if ((opt->rebuild && graph_db_exec(c->gdb, wipe_sql)) ||
	    (c->bulk && graph_db_drop_indexes(c->gdb)))
		return -1;
	for (i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v2(c->gdb->db, stmt_sql[i], -1, &c->st[i],
				       NULL) != SQLITE_OK)
			return graph_db_error(c->gdb, "preparing");
	for (i = 0; i < B_COUNT; i++)
		if (batch_prepare(c->gdb, &c->b[i], batch_def[i].insert,
				  batch_def[i].cols))
			return -1;
	return c->bulk ? 0 : load_functions(c);
}

static void ctx_release(struct ingest_ctx *c)
{
	size_t i;

	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	for (i = 0; i < B_COUNT; i++)
		batch_release(&c->b[i]);
	func_map_release(&c->funcs);
	file_names_release(&c->files);
	free(c->sites);
	for (i = 0; i < c->nr_unit_titles; i++)
		free(c->unit_titles[i]);
	free(c->unit_titles);
	memset(c, 0, sizeof(*c));
}

/* Parse and store one unit (new, or replacing OU's rows). */
static int ingest_unit(struct ingest_ctx *c, const struct ci_file *f,
		       struct old_unit *ou, const struct strbuf *buf,
		       const char *hash, struct ingest_stats *stats)
{
	struct ci_unit unit;
	const char *title;
	int64_t unit_id = 0;
	int update = ou && !c->bulk;
	sqlite3_stmt *st;
	int ret = -1;

	if (ci_parse(f->path, buf->buf, buf->len, &unit))
		return EXIT_BADINPUT;
	title = skip_dot_slash(unit.title);
	if (update) {
		stats->changed++;
		unit_id = ou->id;
		if (delete_unit_rows(c, unit_id, 0))
			goto out;
		st = c->st[ST_UNIT_UPDATE];
		sqlite3_bind_int64(st, 1, unit_id);
	} else {
		if (ou)
			stats->changed++;
		else
			stats->added++;
		st = c->st[ST_UNIT_INSERT];
		sqlite3_bind_text(st, 1, f->key, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)buf->len);
	if (run_stmt(c, update ? ST_UNIT_UPDATE : ST_UNIT_INSERT))
		goto out;
	if (!update)
		unit_id = sqlite3_last_insert_rowid(c->gdb->db);
	if (c->bulk) {
		ALLOC_GROW(c->unit_titles, c->nr_unit_titles + 1,
			   c->alloc_unit_titles);
		c->unit_titles[c->nr_unit_titles++] = xstrdup(title);
		title = c->unit_titles[c->nr_unit_titles - 1];
	}
	if (store_unit(c, unit_id, &unit, f->path, title) ||
	    objects_ingest_unit(c->gdb->db, unit_id, &unit, f->path, f->key,
				c->source, c->arguments))
		goto out;
	ret = 0;
out:
	ci_unit_release(&unit);
	return ret ? EXIT_SYSTEM : 0;
}

int ingest(struct graph_db *gdb, const char *const *paths, size_t nr_paths,
	   const struct ingest_options *opt, struct ingest_stats *stats)
{
	struct file_list files = {0};
	struct ingest_ctx c;
	struct old_unit *old = NULL;
	struct strbuf buf = STRBUF_INIT;
	size_t nr_old = 0, i;
	char *config = NULL;
	int code = EXIT_SYSTEM, changed = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&c, 0, sizeof(c));
	c.gdb = gdb;
	c.funcs.next_id = 1;
	c.source = opt->source;
	c.arguments = !opt->no_arguments;
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
	/* The whole database fits in the cache during the transaction. */
	if (graph_db_exec(gdb, "PRAGMA cache_size = -262144;"
			       "PRAGMA temp_store = MEMORY") ||
	    graph_db_exec(gdb, "BEGIN IMMEDIATE"))
		goto out_nodb;
	if (graph_db_upgrade(gdb) || load_units(gdb, &old, &nr_old) ||
	    begin(&c, opt, nr_old))
		goto rollback;

	stats->units = files.nr;
	for (i = 0; i < files.nr; i++) {
		const struct ci_file *f = &files.v[i];
		struct old_unit *ou = find_unit(old, nr_old, f->key);
		char hash[17];

		progress(opt, i + 1, files.nr, 0);
		if (read_file(f->path, &buf)) {
			code = EXIT_BADINPUT;
			goto rollback;
		}
		snprintf(hash, sizeof(hash), "%016llx",
			 (unsigned long long)XXH64(buf.buf, buf.len, 0));
		if (ou) {
			ou->seen = 1;
			if (!opt->rebuild && !strcmp(ou->hash, hash)) {
				stats->unchanged++;
				continue;
			}
		}
		changed = 1;
		code = ingest_unit(&c, f, ou, &buf, hash, stats);
		if (code)
			goto rollback;
		code = EXIT_SYSTEM;
	}
	progress(opt, files.nr, files.nr, 1);
	for (i = 0; i < nr_old; i++) {
		if (old[i].seen)
			continue;
		stats->removed++;
		changed = 1;
		if (!c.bulk && delete_unit_rows(&c, old[i].id, 1))
			goto rollback;
	}
	if (changed && objects_prune(gdb->db))
		goto rollback;
	for (i = 0; i < B_COUNT; i++)
		if (batch_flush(gdb, &c.b[i]))
			goto rollback;
	if (changed ||
	    graph_db_count(gdb, "SELECT count(*) FROM graph_image") != 1 ||
	    graph_db_count(gdb, "SELECT count(*) FROM sites_image") != 1) {
		if (sync_functions(&c) || build_images(&c))
			goto rollback;
	}
	if (c.bulk && graph_db_create_indexes(gdb))
		goto rollback;
	if (set_build_info(gdb, opt, config, paths, nr_paths))
		goto rollback;
	ctx_release(&c);
	if (graph_db_exec(gdb, "COMMIT"))
		goto rollback;
	code = EXIT_OK;
	goto out;
rollback:
	ctx_release(&c);
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
out_nodb:
	strbuf_release(&buf);
	free(config);
	file_list_release(&files);
	return code;
}
