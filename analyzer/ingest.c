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
 *
 * This file holds the orchestration and the storing of each unit; the
 * files are found in ingest_files.c, rows inserted through batch.c, the
 * function summaries kept in ingest_funcs.c and the images built in
 * ingest_images.c.
 */
#include "ingest_int.h"
#include "ci_parse.h"
#include "kconfig.h"
#include "objects.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const stmt_sql[ST_COUNT] = {
	[ST_UNIT_INSERT] = "INSERT INTO units(path, title, hash, size) VALUES "
			   "(?1, ?2, ?3, ?4)",
	[ST_UNIT_UPDATE] = "UPDATE units SET title = ?2, hash = ?3, size = ?4 "
			   "WHERE id = ?1",
	[ST_UNIT_FUNCS] =
		"SELECT DISTINCT function_id FROM nodes WHERE unit_id = ?1",
	[ST_DEL_NODES] = "DELETE FROM nodes WHERE unit_id = ?1",
	/* through the unit's functions: calls have no index by unit */
	[ST_DEL_SITES] = "DELETE FROM calls WHERE unit_id = ?1 AND caller_id IN"
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

/*
 * The batches' INSERTs say OR FAIL: a multi-row INSERT that may abort
 * halfway has SQLite copy every page it touches into a statement journal
 * first, to undo its own rows; an ingest that fails rolls back the whole
 * transaction instead, so it needs no such copy.
 */
static const struct {
	const char *insert;
	int cols;
} batch_def[B_COUNT] = {
	[B_NODES] = {"INSERT OR FAIL INTO nodes(unit_id, function_id, title,"
		     " defined, file, line, col, stack_bytes, stack_kind,"
		     " dynamic_objects)",
		     10},
	[B_SITES] = {"INSERT OR FAIL INTO calls(caller_id, callee_id,"
		     " unit_id, internal, sites)",
		     5},
	[B_FILES] = {"INSERT OR FAIL INTO site_files(id, name)", 2},
	[B_INDIRECT] = {"INSERT OR FAIL INTO indirect_sites(unit_id,"
			" caller_id, file, line, col)",
			5},
	[B_FUNCS] = {"INSERT OR FAIL INTO functions(id, name, base,"
		     " is_static, defined, definitions, unit_id, file, line,"
		     " col, stack_bytes, stack_kind, dynamic_objects)",
		     13},
};

int ingest_run_stmt(struct ingest_ctx *c, enum stmt_id id)
{
	sqlite3_stmt *st = c->st[id];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(c->gdb, "writing");
	return 0;
}

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
		if (ingest_run_stmt(c, dels[i]))
			return -1;
	}
	return 0;
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

/* Queue a call site's location as three values of batch B. */
static void batch_location(struct batch *b, const struct site_split *s)
{
	if (!s->file) {
		batch_null(b);
		batch_null(b);
		batch_null(b);
		return;
	}
	batch_text(b, s->file, s->flen);
	batch_int(b, s->line);
	batch_int(b, s->col);
}

/* Store unit U, prepared in P (whose names the function map takes). */
static int store_unit(struct ingest_ctx *c, int64_t unit_id,
		      const struct ci_unit *u, struct unit_prep *p,
		      const char *path, const char *unit_title)
{
	size_t *fidx = xmalloc((u->nr_nodes + 1) * sizeof(*fidx));
	size_t i;
	int ret = -1;

	for (i = 0; i < u->nr_nodes; i++)
		fidx[i] = (size_t)-1;
	for (i = 0; i < p->nr_order; i++) {
		const struct ci_node *node = &u->nodes[p->order[i].i];
		const struct ci_label *l = &p->labels[i];
		struct batch *b = &c->b[B_NODES];
		struct func *f;

		fidx[p->order[i].i] =
			ingest_func_get(&c->funcs, p->canon[i], -1);
		p->canon[i] = NULL; /* the map's now */
		f = &c->funcs.v[fidx[p->order[i].i]];
		f->affected = 1;
		batch_int(b, unit_id);
		batch_int(b, f->id);
		batch_str(b, node->title);
		batch_int(b, !node->declared_only);
		if (l->file) {
			const char *file = skip_dot_slash(l->file);

			batch_str(b, file);
		} else {
			batch_null(b);
		}
		batch_int(b, l->line);
		batch_int(b, l->col);
		if (l->stack_bytes >= 0)
			batch_int(b, l->stack_bytes);
		else
			batch_null(b);
		batch_str(b, l->stack_kind);
		if (l->dynamic_objects >= 0)
			batch_int(b, l->dynamic_objects);
		else
			batch_null(b);
		if (c->bulk)
			summarize_node(c, f, node, l, unit_id, unit_title);
		if (batch_row(c->gdb, b))
			goto out;
	}
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		const struct ci_node *src = &u->nodes[e->source_node];
		const struct ci_node *dst = &u->nodes[e->target_node];
		const struct site_split *loc = &p->sites[i];
		struct func *caller, *callee;
		struct site_in *si;
		int internal;
		struct batch *b;

		if (ci_is_indirect(src->title)) {
			error("%s:%d: a call from '%s'", path, e->line,
			      src->title);
			goto out;
		}
		caller = &c->funcs.v[fidx[e->source_node]];
		if (ci_is_indirect(dst->title)) {
			b = &c->b[B_INDIRECT];
			batch_int(b, unit_id);
			batch_int(b, caller->id);
			batch_location(b, loc);
			if (batch_row(c->gdb, b))
				goto out;
			if (c->bulk)
				caller->s.nr_indirect++;
			continue;
		}
		callee = &c->funcs.v[fidx[e->target_node]];
		internal = caller == callee && strcmp(src->title, dst->title);
		/*
		 * bulk: all sites, written sorted with the images; else the
		 * unit's, written when it is parsed
		 */
		if (c->bulk) {
			ALLOC_GROW(c->sites, c->nr_sites + 1, c->alloc_sites);
			si = &c->sites[c->nr_sites++];
		} else {
			ALLOC_GROW(c->unit_sites, c->nr_unit_sites + 1,
				   c->alloc_unit_sites);
			si = &c->unit_sites[c->nr_unit_sites++];
		}
		si->caller = (uint32_t)caller->id;
		si->callee = (uint32_t)callee->id;
		si->line = loc->line;
		si->col = loc->col;
		si->unit = (uint32_t)unit_id;
		si->flags = (internal ? SITE_INTERNAL : 0) |
			    (loc->file ? 0 : SITE_NO_LOCATION);
		if (c->bulk) {
			si->file = ingest_file_intern(
				&c->files, loc->file ? loc->file : "",
				loc->flen);
		} else {
			int64_t k = loc->file ? ingest_site_file_index(
							c, loc->file, loc->flen)
					      : 0;

			if (k < 0)
				goto out;
			si->file = (uint32_t)k;
		}
	}
	if (!c->bulk && ingest_write_unit_calls(c))
		goto out;
	ret = 0;
out:
	free(fidx);
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
		"DELETE FROM nodes; DELETE FROM calls; DELETE FROM site_files;"
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
	c->objects = objects_session_open(c->gdb->db);
	for (i = 0; i < B_COUNT; i++)
		if (batch_prepare(c->gdb, &c->b[i], batch_def[i].insert,
				  batch_def[i].cols))
			return -1;
	if (c->bulk)
		return 0;
	return ingest_load_functions(c) || ingest_load_site_files(c) ? -1 : 0;
}

static void ctx_release(struct ingest_ctx *c)
{
	size_t i;

	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	for (i = 0; i < B_COUNT; i++)
		batch_release(&c->b[i]);
	objects_session_close(c->objects);
	ingest_func_map_release(&c->funcs);
	ingest_file_names_release(&c->files);
	free(c->sites);
	free(c->unit_sites);
	ingest_file_names_release(&c->site_files);
	free(c->site_file_ids);
	strbuf_release(&c->json);
	for (i = 0; i < c->nr_unit_titles; i++)
		free(c->unit_titles[i]);
	free(c->unit_titles);
	memset(c, 0, sizeof(*c));
}

/* Store one parsed unit R (new, or replacing OU's rows). */
static int ingest_unit(struct ingest_ctx *c, const struct ci_file *f,
		       struct old_unit *ou, struct ingest_read *r,
		       struct ingest_stats *stats)
{
	const struct ci_unit *unit = &r->unit;
	const char *title = skip_dot_slash(unit->title);
	int64_t unit_id = 0;
	int update = ou && !c->bulk;
	sqlite3_stmt *st;

	if (update) {
		stats->changed++;
		unit_id = ou->id;
		if (delete_unit_rows(c, unit_id, 0))
			return EXIT_SYSTEM;
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
	sqlite3_bind_text(st, 3, r->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)r->buf.len);
	if (ingest_run_stmt(c, update ? ST_UNIT_UPDATE : ST_UNIT_INSERT))
		return EXIT_SYSTEM;
	if (!update)
		unit_id = sqlite3_last_insert_rowid(c->gdb->db);
	if (c->bulk) {
		ALLOC_GROW(c->unit_titles, c->nr_unit_titles + 1,
			   c->alloc_unit_titles);
		c->unit_titles[c->nr_unit_titles++] = xstrdup(title);
		title = c->unit_titles[c->nr_unit_titles - 1];
	}
	if (!r->prep.ready) /* the reader had no time for it */
		ingest_prep(unit, &r->prep);
	if (store_unit(c, unit_id, unit, &r->prep, f->path, title) ||
	    objects_session_unit(c->objects, r->pre, unit_id, unit, f->path,
				 f->key, c->source, c->arguments))
		return EXIT_SYSTEM;
	return 0;
}

int ingest(struct graph_db *gdb, const char *const *paths, size_t nr_paths,
	   const struct ingest_options *opt, struct ingest_stats *stats)
{
	struct file_list files = {0};
	struct ingest_ctx c;
	struct old_unit *old = NULL;
	struct ingest_reader *reader = NULL;
	size_t nr_old = 0, i;
	char *config = NULL;
	int code = EXIT_SYSTEM, changed = 0, fresh, begun, bulk;

	memset(stats, 0, sizeof(*stats));
	memset(&c, 0, sizeof(c));
	c.gdb = gdb;
	c.funcs.next_id = 1;
	c.source = opt->source;
	c.arguments = !opt->no_arguments;
	if (ingest_collect(paths, nr_paths, &files, &config)) {
		code = files.err ? files.err : EXIT_BADINPUT;
		goto out_nodb;
	}
	if (!files.nr) {
		error("no .ci files found under %s%s", paths[0],
		      nr_paths > 1 ? " and the other paths" : "");
		code = EXIT_BADINPUT;
		goto out_nodb;
	}
	/*
	 * A database that holds no build yet is written in place with a
	 * rollback journal (holding the few pages of the empty tables)
	 * instead of through the write-ahead log, which would write every
	 * page twice; it goes back to the log once the build is in. A new
	 * database comes so from graph_db_open (GDB_FIRST_LOAD); another
	 * connection keeps one in WAL mode: both are safe.
	 */
	fresh = graph_db_count(gdb, "SELECT count(*) FROM units") == 0;
	/* a new database's schema is made in the transaction carried on */
	begun = !sqlite3_get_autocommit(gdb->db);
	if (fresh && !begun)
		sqlite3_exec(gdb->db, "PRAGMA journal_mode = DELETE", NULL,
			     NULL, NULL);
	/* The whole database fits in the cache during the transaction. */
	if (graph_db_exec(gdb, "PRAGMA cache_size = -262144;"
			       "PRAGMA temp_store = MEMORY") ||
	    (!begun && graph_db_exec(gdb, "BEGIN IMMEDIATE")))
		goto out_nodb;
	if (graph_db_upgrade(gdb) || load_units(gdb, &old, &nr_old) ||
	    begin(&c, opt, nr_old))
		goto rollback;

	stats->units = files.nr;
	reader = ingest_reader_start(&files, old, nr_old, opt->rebuild,
				     c.arguments, c.bulk);
	for (i = 0; i < files.nr; i++) {
		const struct ci_file *f = &files.v[i];
		struct old_unit *ou = ingest_find_unit(old, nr_old, f->key);
		struct ingest_read *r = ingest_reader_next(reader, i);

		progress(opt, i + 1, files.nr, 0);
		if (r->failed) {
			code = EXIT_BADINPUT;
			goto rollback;
		}
		if (ou)
			ou->seen = 1;
		if (!r->parsed) { /* the hash alone says it is unchanged */
			stats->unchanged++;
			ingest_reader_done(reader, i);
			continue;
		}
		changed = 1;
		code = ingest_unit(&c, f, ou, r, stats);
		ingest_reader_done(reader, i);
		if (code)
			goto rollback;
		code = EXIT_SYSTEM;
	}
	ingest_reader_finish(reader);
	reader = NULL;
	progress(opt, files.nr, files.nr, 1);
	for (i = 0; i < nr_old; i++) {
		if (old[i].seen)
			continue;
		stats->removed++;
		changed = 1;
		if (!c.bulk && delete_unit_rows(&c, old[i].id, 1))
			goto rollback;
	}
	if (objects_session_flush(c.objects) ||
	    (changed && objects_prune(gdb->db, c.objects)))
		goto rollback;
	for (i = 0; i < B_COUNT; i++)
		if (batch_flush(gdb, &c.b[i]))
			goto rollback;
	if (changed ||
	    graph_db_count(gdb, "SELECT count(*) FROM graph_image") != 1 ||
	    graph_db_sites_current(gdb) != 1 ||
	    objects_facts_current(gdb) != 1) {
		if (ingest_build_images(&c))
			goto rollback;
	}
	/* the sites and summaries go before SQLite sorts the indexes */
	bulk = c.bulk;
	ctx_release(&c);
	/*
	 * A first load's rows (most of the database) go to the disk while
	 * SQLite sorts the indexes: the commit then syncs what is left.
	 */
	if (fresh && graph_db_write_early(gdb))
		goto rollback;
	if (bulk && graph_db_create_indexes(gdb))
		goto rollback;
	if (set_build_info(gdb, opt, config, paths, nr_paths) ||
	    graph_db_write_early_wait(gdb))
		goto rollback;
	if (graph_db_exec(gdb, "COMMIT"))
		goto rollback;
	if (fresh)
		sqlite3_exec(gdb->db, "PRAGMA journal_mode = WAL", NULL, NULL,
			     NULL);
	code = EXIT_OK;
	goto out;
rollback:
	ingest_reader_finish(reader);
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
	free(config);
	ingest_file_list_release(&files);
	return code;
}
