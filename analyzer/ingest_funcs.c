/*
 * ingest_funcs.c - the function summaries of an ingest: the map of
 * functions by canonical name, and their rows, recomputed from their nodes
 * or written from memory in a bulk load.
 */
#include "ingest_int.h"
#include "symbols.h"

#include <stdlib.h>
#include <string.h>

/* The function named NAME (taken over), added when new. */
size_t ingest_func_get(struct func_map *m, char *name, int64_t id)
{
	int added;
	void **slot = hashmap_put_str(&m->by_name, name, &added);
	size_t i;

	if (!added) {
		free(name);
		return (size_t)(uintptr_t)*slot - 1;
	}
	/* the key is NAME, kept as the function's name */
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
	*slot = (void *)(uintptr_t)(i + 1);
	return i;
}

static void fsum_release(struct fsum *s)
{
	free(s->file);
	free(s->stack_kind);
	memset(s, 0, sizeof(*s));
}

void ingest_func_map_release(struct func_map *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->v[i].name);
		fsum_release(&m->v[i].s);
	}
	free(m->v);
	hashmap_release(&m->by_name);
	memset(m, 0, sizeof(*m));
}

int ingest_load_functions(struct ingest_ctx *c)
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
		ingest_func_get(
			&c->funcs,
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
			f->s.file = graph_db_column_strdup(st, 2);
			f->s.line = sqlite3_column_int(st, 3);
			f->s.col = sqlite3_column_int(st, 4);
			f->s.stack_bytes = graph_db_column_long(st, 5);
			f->s.stack_kind = graph_db_column_strdup(st, 6);
			f->s.dynamic_objects = graph_db_column_long(st, 7);
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
	batch_str(b, f->name);
	batch_str(b, base);
	batch_int(b, sym_is_static(f->name));
	batch_int(b, f->s.defined);
	batch_int(b, f->s.definitions);
	batch_int(b, f->s.unit_id);
	batch_str(b, f->s.file);
	batch_int(b, f->s.line);
	batch_int(b, f->s.col);
	if (f->s.stack_bytes >= 0)
		batch_int(b, f->s.stack_bytes);
	else
		batch_null(b);
	batch_str(b, f->s.stack_kind);
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
int ingest_sync_functions(struct ingest_ctx *c)
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
			if (ingest_run_stmt(c, ST_FUNC_DELETE))
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
		graph_db_bind_text(st, 5, f->s.file);
		sqlite3_bind_int(st, 6, f->s.line);
		sqlite3_bind_int(st, 7, f->s.col);
		bind_long_or_null(st, 8, f->s.stack_bytes);
		graph_db_bind_text(st, 9, f->s.stack_kind);
		bind_long_or_null(st, 10, f->s.dynamic_objects);
		if (ingest_run_stmt(c, ST_FUNC_UPDATE))
			return -1;
	}
	return batch_flush(c->gdb, &c->b[B_FUNCS]);
}
