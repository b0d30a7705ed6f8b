/*
 * graph_db.c - the SQLite database: opening it (its tables are in
 * schema.c), the reads of queries, and the statement helpers every module
 * uses.
 */
#include "graph_db.h"
#include "schema.h"
#include "graph.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_SIZE_STR "16384"

int graph_db_error(struct graph_db *gdb, const char *context)
{
	return error("database '%s': %s: %s", gdb->path, context,
		     sqlite3_errmsg(gdb->db));
}

int graph_db_exec(struct graph_db *gdb, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(gdb->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error("database '%s': %s", gdb->path,
		      msg ? msg : sqlite3_errmsg(gdb->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int graph_db_prepare(struct graph_db *gdb, const char *sql, sqlite3_stmt **st,
		     const char *what)
{
	*st = NULL;
	if (sqlite3_prepare_v2(gdb->db, sql, -1, st, NULL) != SQLITE_OK)
		return graph_db_error(gdb, what);
	return 0;
}

int graph_db_step(struct graph_db *gdb, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(gdb, what);
	return 0;
}

int graph_db_rows(struct graph_db *gdb, sqlite3_stmt *st,
		  void (*row)(sqlite3_stmt *st, void *ctx), void *ctx,
		  const char *what)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(st, ctx);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(gdb, what);
	return 0;
}

int64_t graph_db_count(struct graph_db *gdb, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (graph_db_prepare(gdb, sql, &st, "query"))
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		graph_db_error(gdb, "query");
out:
	sqlite3_finalize(st);
	return v;
}

int graph_db_each_row(struct graph_db *gdb, const char *sql,
		      const int64_t *params, size_t nr_params,
		      void (*row)(sqlite3_stmt *st, void *ctx), void *ctx,
		      const char *what)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int ret = -1;

	if (!graph_db_prepare(gdb, sql, &st, what)) {
		for (i = 0; i < nr_params; i++)
			sqlite3_bind_int64(st, (int)i + 1, params[i]);
		ret = graph_db_rows(gdb, st, row, ctx, what);
	}
	sqlite3_finalize(st);
	return ret;
}

int graph_db_schema_has(struct graph_db *gdb, const char *type,
			const char *name)
{
	sqlite3_stmt *st = NULL;
	int found = -1, rc;

	if (graph_db_prepare(gdb,
			     "SELECT 1 FROM sqlite_master WHERE"
			     " type = ?1 AND name = ?2",
			     &st, "reading the schema"))
		goto out;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		found = rc == SQLITE_ROW;
	else
		graph_db_error(gdb, "reading the schema");
out:
	sqlite3_finalize(st);
	return found;
}

void graph_db_borrow(struct graph_db *gdb, sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");

	gdb->db = db;
	/* only read, and never freed: graph_db_close() is not called */
	gdb->path = (char *)(path ? path : "");
	gdb->early = NULL;
}

int graph_db_drop_indexes(struct graph_db *gdb)
{
	return schema_drop_bulk_indexes(gdb);
}

/*
 * SQLite sorts an index's keys before it writes them. With the temporary
 * store in memory (as an ingest sets it) it sorts them all as one list,
 * whose merge passes miss the processor's caches at each step: over 6 s
 * for each of the two large indexes of a 100x tree. With the store in
 * files, it sorts runs the size of the page cache, made small here, on a
 * worker thread while the table is read, and merges them in order: less
 * than half the time. The cache and the store are set back after.
 */
int graph_db_create_indexes(struct graph_db *gdb)
{
	int64_t cache = graph_db_count(gdb, "PRAGMA cache_size");
	int64_t store = graph_db_count(gdb, "PRAGMA temp_store");
	char *restore = xstrfmt("PRAGMA cache_size = %" PRId64 ";"
				"PRAGMA temp_store = %" PRId64,
				cache, store);
	int ret = graph_db_exec(gdb, "PRAGMA temp_store = FILE;"
				     "PRAGMA threads = 1;"
				     "PRAGMA cache_size = -4096");

	if (!ret && schema_create_bulk_indexes(gdb)) {
		note("the indexes are sorted in temporary files, in "
		     "SQLITE_TMPDIR or TMPDIR (else /var/tmp or /tmp): is "
		     "that folder full, or the database's?");
		ret = -1;
	}
	if (graph_db_exec(gdb, restore))
		ret = -1;
	free(restore);
	return ret;
}

/*
 * The sync of graph_db_write_early(): a descriptor of the database file
 * of its own, kept open until SQLite has closed the file, since closing
 * any descriptor of a file drops every POSIX lock the process holds on
 * it, SQLite's included.
 */
struct early_sync {
	int fd;
	int running, err;
	pthread_t thread;
};

static void *early_sync_run(void *arg)
{
	struct early_sync *es = arg;

	if (fdatasync(es->fd))
		es->err = errno;
	return NULL;
}

int graph_db_write_early(struct graph_db *gdb)
{
	struct early_sync *es;
	int rc;

	if (graph_db_write_early_wait(gdb))
		return -1;
	rc = sqlite3_db_cacheflush(gdb->db);
	if (rc == SQLITE_BUSY) /* another connection reads: all at commit */
		return 0;
	if (rc != SQLITE_OK) {
		error("database '%s': cannot write it: %s", gdb->path,
		      sqlite3_errstr(rc));
		note("is the disk it is on full?");
		return -1;
	}
	if (!gdb->early) {
		int fd = open(gdb->path, O_RDWR | O_CLOEXEC);

		if (fd < 0) /* the commit syncs it all */
			return 0;
		gdb->early = xcalloc(1, sizeof(*gdb->early));
		gdb->early->fd = fd;
	}
	es = gdb->early;
	es->err = 0;
	es->running = !pthread_create(&es->thread, NULL, early_sync_run, es);
	return 0;
}

int graph_db_write_early_wait(struct graph_db *gdb)
{
	struct early_sync *es = gdb->early;

	if (!es || !es->running)
		return 0;
	pthread_join(es->thread, NULL);
	es->running = 0;
	if (es->err)
		return error("database '%s': cannot sync it: %s", gdb->path,
			     strerror(es->err));
	return 0;
}

int graph_db_upgrade(struct graph_db *gdb)
{
	return schema_ingest_upgrade(gdb);
}

/*
 * Make the schema of a new database; with KEEP, leave the transaction
 * that made it open for the caller to commit.
 */
static int create_schema(struct graph_db *gdb, int keep)
{
	int64_t version;

	if (graph_db_exec(gdb, "BEGIN IMMEDIATE"))
		return -1;
	/* Another process may have created it while we waited. */
	version = graph_db_count(gdb, "PRAGMA user_version");
	if (version == 0 &&
	    graph_db_count(gdb, "SELECT count(*) FROM sqlite_master") == 0) {
		if (schema_create(gdb)) {
			graph_db_exec(gdb, "ROLLBACK");
			return -1;
		}
		if (keep)
			return 0;
	}
	return graph_db_exec(gdb, "COMMIT");
}

void graph_db_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int graph_db_open(struct graph_db *gdb, const char *path, unsigned flags)
{
	struct stat st;
	/* one connection, one thread: no locking inside SQLite */
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int64_t version;
	int code = EXIT_SYSTEM;

	memset(gdb, 0, sizeof(*gdb));
	gdb->path = xstrdup(path);
	if (stat(path, &st)) {
		if (errno != ENOENT || !(flags & GDB_WRITE)) {
			if (errno == ENOENT)
				error("no database '%s': run 'callreach "
				      "ingest' first",
				      path);
			else
				error("cannot open database '%s': %s", path,
				      strerror(errno));
			goto fail;
		}
		oflags |= SQLITE_OPEN_CREATE;
	} else if (!S_ISREG(st.st_mode)) {
		error("cannot open database '%s': not a regular file", path);
		goto fail;
	}
	if (!(flags & GDB_WRITE))
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &gdb->db, oflags, NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", path,
		      gdb->db ? sqlite3_errmsg(gdb->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(gdb->db, 10000);
	sqlite3_extended_result_codes(gdb->db, 1);
	version = graph_db_count(gdb, "PRAGMA user_version");
	if (version < 0)
		goto fail;
	if (version == 0 &&
	    graph_db_count(gdb, "SELECT count(*) FROM sqlite_master") != 0) {
		error("database '%s' was not made by callreach", path);
		code = EXIT_SCHEMA;
		goto fail;
	}
	if (version > GRAPH_DB_SCHEMA_VERSION) {
		/* nothing written: not even the journal mode */
		error("database '%s' has schema version %lld, newer than "
		      "this callreach's %d: use a newer callreach (the "
		      "database is left as it is)",
		      path, (long long)version, GRAPH_DB_SCHEMA_VERSION);
		code = EXIT_SCHEMA;
		goto fail;
	}
	if (version > 0 && version < GRAPH_DB_SCHEMA_VERSION) {
		code = schema_upgrade_in_place(gdb, version);
		if (code)
			goto fail;
		code = EXIT_SYSTEM;
	}
	if (flags & GDB_WRITE) {
		/*
		 * Large pages for a new database: a fourth of the page writes
		 * and B-tree splits of 4 KiB pages, for a little more read
		 * per lookup (queries read the images, a few pages each).
		 */
		if (version == 0 &&
		    graph_db_exec(gdb, "PRAGMA page_size = " PAGE_SIZE_STR))
			goto fail;
		/*
		 * A first load writes every page once through the rollback
		 * journal, which holds only the few pages of the empty
		 * tables, where the log would write each page twice.
		 */
		if ((!(flags & GDB_FIRST_LOAD) || version > 0) &&
		    graph_db_use_wal(gdb))
			goto fail;
		if (graph_db_exec(gdb, "PRAGMA synchronous = NORMAL"))
			goto fail;
		if (version == 0 &&
		    create_schema(gdb, (flags & GDB_FIRST_LOAD) != 0))
			goto fail;
	} else if (version == 0) {
		error("database '%s' is empty: run 'callreach ingest' first",
		      path);
		goto fail;
	} else if (graph_db_exec(gdb, "BEGIN")) {
		/*
		 * A reader's queries share one snapshot (the graph image,
		 * the call sites, the counts), even while an ingest commits.
		 */
		goto fail;
	}
	return 0;
fail:
	graph_db_close(gdb);
	return code;
}

void graph_db_remove(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xstrfmt("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
}

int graph_db_use_wal(struct graph_db *gdb)
{
	return graph_db_exec(gdb, "PRAGMA journal_mode = WAL");
}

void graph_db_close(struct graph_db *gdb)
{
	graph_db_write_early_wait(gdb);
	if (gdb->db)
		sqlite3_close(gdb->db);
	if (gdb->early) { /* SQLite's locks are gone: see early_sync */
		close(gdb->early->fd);
		free(gdb->early);
	}
	free(gdb->path);
	memset(gdb, 0, sizeof(*gdb));
}

int graph_db_read_image(struct graph_db *gdb, const char *table, char **buf,
			size_t *len)
{
	sqlite3_blob *blob = NULL;
	int n, ret = -1;

	*buf = NULL;
	*len = 0;
	if (sqlite3_blob_open(gdb->db, "main", table, "data", 1, 0, &blob) !=
	    SQLITE_OK)
		goto out;
	n = sqlite3_blob_bytes(blob);
	*buf = xmalloc((size_t)n + 1);
	if (sqlite3_blob_read(blob, *buf, n, 0) != SQLITE_OK) {
		free(*buf);
		*buf = NULL;
		goto out;
	}
	*len = (size_t)n;
	ret = 0;
out:
	sqlite3_blob_close(blob);
	return ret;
}

int graph_db_write_image(struct graph_db *gdb, const char *table,
			 const void *buf, size_t len, const char *what)
{
	char *sql = xstrfmt("INSERT OR REPLACE INTO %s(id, data) VALUES (1, ?1)",
			    table);
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (!graph_db_prepare(gdb, sql, &st, what)) {
		sqlite3_bind_blob64(st, 1, len ? buf : "", len, SQLITE_STATIC);
		ret = graph_db_step(gdb, st, what);
	}
	sqlite3_finalize(st);
	free(sql);
	return ret;
}

int graph_db_image_current(struct graph_db *gdb, const char *table,
			   const char *magic)
{
	char *sql = xstrfmt("SELECT count(*) FROM %s"
			    " WHERE id = 1 AND substr(data, 1, 8) = ?1",
			    table);
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (!graph_db_prepare(gdb, sql, &st, "query")) {
		sqlite3_bind_blob(st, 1, magic, 8, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			ret = sqlite3_column_int(st, 0) > 0;
		else
			graph_db_error(gdb, "query");
	}
	sqlite3_finalize(st);
	free(sql);
	return ret;
}

int graph_db_load_graph(struct graph_db *gdb, struct graph *g)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;
	char *image;
	size_t image_len;

	/* read into the graph's own block: no copy of SQLite's */
	if (!graph_db_read_image(gdb, "graph_image", &image, &image_len))
		return graph_adopt_image(g, image, image_len);
	/* none, or it cannot be read: the query says which */
	if (graph_db_prepare(gdb, "SELECT data FROM graph_image WHERE id = 1",
			     &st, "reading the graph"))
		goto out;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);

		ret = graph_from_image(g, blob ? blob : "", (size_t)len);
	} else if (rc == SQLITE_DONE) {
		error("database '%s' holds no build: run 'callreach ingest' "
		      "first",
		      gdb->path);
	} else {
		graph_db_error(gdb, "reading the graph");
	}
out:
	sqlite3_finalize(st);
	return ret;
}

int graph_db_get_build(struct graph_db *gdb, const char *key, char **value)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;

	*value = NULL;
	if (graph_db_prepare(gdb, "SELECT value FROM build WHERE key = ?1", &st,
			     "reading the build"))
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = graph_db_column_strdup(st, 0);
		ret = 0;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		graph_db_error(gdb, "reading the build");
	}
out:
	sqlite3_finalize(st);
	return ret;
}

int graph_db_set_build(struct graph_db *gdb, const char *key, const char *value)
{
	static const char what[] = "writing the build";
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (graph_db_prepare(gdb,
			     "INSERT OR REPLACE INTO build(key, value)"
			     " VALUES (?1, ?2)",
			     &st, what))
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	graph_db_bind_text(st, 2, value);
	ret = graph_db_step(gdb, st, what);
out:
	sqlite3_finalize(st);
	return ret;
}

void call_sites_release(struct call_sites *s)
{
	FREE_RECORDS(s->v, s->nr, file);
	memset(s, 0, sizeof(*s));
}

/* A row (file, line, col) added to the struct call_sites CTX. */
static void add_site(sqlite3_stmt *st, void *ctx)
{
	struct call_sites *s = ctx;
	const unsigned char *file = sqlite3_column_text(st, 0);

	ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr].file = xstrdup(file ? (const char *)file : "");
	s->v[s->nr].line = sqlite3_column_int(st, 1);
	s->v[s->nr].col = sqlite3_column_int(st, 2);
	s->nr++;
}

/* The first pair in [LO, HI) not before (CALLER, CALLEE). */
static uint32_t pair_bound(const struct graph_db_sites *si, uint32_t lo,
			   uint32_t hi, int64_t caller, int64_t callee)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (si->caller[mid] < caller ||
		    (si->caller[mid] == caller && si->callee[mid] < callee))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void graph_db_sites_caller(const struct graph_db_sites *si, int64_t caller,
			   uint32_t *lo, uint32_t *hi)
{
	uint32_t step = 1, end;

	if (si->by_caller) {
		if (caller < si->min_caller || caller > si->max_caller) {
			*lo = *hi = 0;
		} else {
			*lo = si->by_caller[caller - si->min_caller];
			*hi = si->by_caller[caller - si->min_caller + 1];
		}
		return;
	}
	*lo = pair_bound(si, 0, si->nr_pairs, caller, INT64_MIN);
	/* a caller has few calls: gallop to its end, then bisect */
	while (*lo + step < si->nr_pairs && si->caller[*lo + step] == caller)
		step *= 2;
	end = *lo + step < si->nr_pairs ? *lo + step + 1 : si->nr_pairs;
	*hi = pair_bound(si, *lo + step / 2, end, caller, INT64_MAX);
}

uint32_t graph_db_sites_find(const struct graph_db_sites *si, uint32_t lo,
			     uint32_t hi, int64_t caller, int64_t callee,
			     uint32_t *pair)
{
	lo = pair_bound(si, lo, hi, caller, callee);
	*pair = 0;
	if (lo >= hi || si->caller[lo] != caller || si->callee[lo] != callee)
		return 0;
	*pair = lo;
	return si->start[lo + 1] - si->start[lo];
}

void graph_db_sites_close(struct graph_db_sites *si)
{
	free(si->data);
	free(si->index);
	free(si->by_caller);
	memset(si, 0, sizeof(*si));
}

static void sites_from_image(const struct graph_db_sites *si, int64_t caller,
			     int64_t callee, struct call_sites *out)
{
	struct graph_db_site_cursor c;
	uint32_t pair;
	const char *file;
	int line, col;

	if (!graph_db_sites_find(si, 0, si->nr_pairs, caller, callee, &pair))
		return;
	graph_db_sites_begin(si, pair, &c);
	while (graph_db_sites_next(si, &c, &file, &line, &col)) {
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr].file = xstrdup(file);
		out->v[out->nr].line = line;
		out->v[out->nr].col = col;
		out->nr++;
	}
}

int graph_db_call_sites_of(struct graph_db *gdb, sqlite3_stmt **st,
			   int64_t caller, int64_t callee,
			   struct call_sites *out)
{
	static const char what[] = "reading call sites";

	if (!*st && graph_db_prepare(gdb,
				     "SELECT file, line, col FROM call_sites"
				     " WHERE caller_id = ?1 AND callee_id = ?2"
				     " AND NOT internal ORDER BY file, line, col",
				     st, what))
		return -1;
	sqlite3_bind_int64(*st, 1, caller);
	sqlite3_bind_int64(*st, 2, callee);
	return graph_db_rows(gdb, *st, add_site, out, what);
}

int graph_db_call_sites(struct graph_db *gdb, const int64_t (*pairs)[2],
			size_t nr, struct call_sites *out)
{
	sqlite3_stmt *st = NULL;
	struct graph_db_sites si;
	int ret = -1;
	size_t i;

	memset(out, 0, nr * sizeof(*out));
	if (nr >= GRAPH_DB_SITES_IMAGE_MIN_CALLS && graph_db_sites_open(gdb, &si)) {
		for (i = 0; i < nr; i++)
			sites_from_image(&si, pairs[i][0], pairs[i][1],
					 &out[i]);
		graph_db_sites_close(&si);
		return 0;
	}
	for (i = 0; i < nr; i++)
		if (graph_db_call_sites_of(gdb, &st, pairs[i][0], pairs[i][1],
					   &out[i]))
			goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int graph_db_indirect_sites(struct graph_db *gdb, int64_t id,
			    struct call_sites *out)
{
	return graph_db_each_row(
		gdb,
		"SELECT file, line, col FROM indirect_sites"
		" WHERE caller_id = ?1 ORDER BY file, line, col",
		&id, 1, add_site, out, "reading indirect call sites");
}

void definitions_release(struct definitions *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		free(d->v[i].title);
		free(d->v[i].unit);
		free(d->v[i].file);
		free(d->v[i].stack_kind);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void graph_db_bind_text(struct sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *graph_db_column_strdup(struct sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? xstrdup((const char *)s) : NULL;
}

long graph_db_column_long(struct sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	return (long)sqlite3_column_int64(st, col);
}

/* A row of graph_db_definitions() added to the struct definitions CTX. */
static void add_definition(sqlite3_stmt *st, void *ctx)
{
	struct definitions *out = ctx;
	struct definition *d;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	d = &out->v[out->nr++];
	d->title = graph_db_column_strdup(st, 0);
	d->unit = graph_db_column_strdup(st, 1);
	d->file = graph_db_column_strdup(st, 2);
	d->line = sqlite3_column_int(st, 3);
	d->col = sqlite3_column_int(st, 4);
	d->defined = sqlite3_column_int(st, 5);
	d->stack_bytes = graph_db_column_long(st, 6);
	d->stack_kind = graph_db_column_strdup(st, 7);
	d->dynamic_objects = graph_db_column_long(st, 8);
}

int graph_db_definitions(struct graph_db *gdb, int64_t id,
			 struct definitions *out)
{
	return graph_db_each_row(
		gdb,
		"SELECT n.title, u.title, n.file, n.line, n.col,"
		" n.defined, n.stack_bytes, n.stack_kind, n.dynamic_objects"
		" FROM nodes n JOIN units u ON u.id = n.unit_id"
		" WHERE n.function_id = ?1"
		" ORDER BY n.defined DESC, u.title, n.title",
		&id, 1, add_definition, out, "reading definitions");
}
