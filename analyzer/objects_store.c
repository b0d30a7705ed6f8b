/*
 * objects_store.c - the object rows of a unit: deleting them, and
 * inserting the rows gathered for a unit through the shared bulk insert.
 * The tables themselves are in schema.c.
 */
#include "objects_int.h"
#include "registry.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

static const char *const tables[] = {
	"obj_units",	     "obj_functions",	 "obj_address_taken",
	"obj_registrations", "obj_field_stores", "obj_indirect_calls",
	"obj_call_sites",
};

int objects_create_tables(sqlite3 *db)
{
	struct graph_db gdb;

	graph_db_borrow(&gdb, db);
	return schema_create_object_tables(&gdb);
}

/* Object table I of objects_nr_tables(). */
static const char *table_name(size_t i)
{
	return i < ARRAY_SIZE(tables) ? tables[i]
				      : registry_tables[i - ARRAY_SIZE(tables)];
}

/* Delete the rows of UNIT_ID (or, when UNIT_ID < 0, of vanished units). */
int objects_delete_rows(struct graph_db *gdb, int64_t unit_id)
{
	size_t i;

	for (i = 0; i < objects_nr_tables(); i++) {
		const char *table = table_name(i);
		char *sql =
			unit_id < 0
				? xstrfmt("DELETE FROM %s WHERE unit_id NOT IN"
					  " (SELECT id FROM units)",
					  table)
				: xstrfmt("DELETE FROM %s WHERE unit_id = ?1",
					  table);
		sqlite3_stmt *st = NULL;
		int ret =
			graph_db_prepare(gdb, sql, &st, "deleting object rows");

		free(sql);
		if (!ret) {
			if (unit_id >= 0)
				sqlite3_bind_int64(st, 1, unit_id);
			ret = graph_db_step(gdb, st, "deleting object rows");
		}
		sqlite3_finalize(st);
		if (ret)
			return -1;
	}
	return 0;
}

size_t objects_nr_tables(void)
{
	return ARRAY_SIZE(tables) + registry_nr_tables;
}

int objects_tables_empty(struct graph_db *gdb)
{
	size_t i;

	for (i = 0; i < objects_nr_tables(); i++) {
		const char *table = table_name(i);
		char *sql = xstrfmt("SELECT count(*) FROM (SELECT 1 FROM %s"
				    " LIMIT 1)",
				    table);
		int64_t n = graph_db_count(gdb, sql);

		free(sql);
		if (n != 0)
			return 0;
	}
	return 1;
}

int objects_delete_unit(struct graph_db *gdb, sqlite3_stmt **st,
			int64_t unit_id)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < objects_nr_tables(); i++) {
		const char *table = table_name(i);

		if (!st[i]) {
			char *sql = xstrfmt("DELETE FROM %s WHERE unit_id = ?1",
					    table);

			ret = graph_db_prepare(gdb, sql, &st[i],
					       "deleting object rows");
			free(sql);
			if (ret)
				break;
		}
		sqlite3_bind_int64(st[i], 1, unit_id);
		ret = graph_db_step(gdb, st[i], "deleting object rows");
	}
	return ret ? -1 : 0;
}

int objects_prune(sqlite3 *db, const struct objects_session *session)
{
	struct graph_db gdb;

	graph_db_borrow(&gdb, db);
	/* a scan of each table for the units gone: none, in a first load */
	if ((!objects_session_fresh(session) &&
	     objects_delete_rows(&gdb, -1)) ||
	    objects_drop_other_machines(db))
		return -1;
	return schema_index_call_sites(&gdb);
}

int objects_drop_unit(sqlite3 *db, int64_t unit_id)
{
	struct graph_db gdb;

	graph_db_borrow(&gdb, db);
	return objects_delete_rows(&gdb, unit_id);
}

void objects_rowset_init(struct objects_rowset *rs, struct graph_db *gdb,
			 const char *insert, size_t nr_fields,
			 unsigned nullable, int64_t unit_id)
{
	memset(rs, 0, sizeof(*rs));
	rs->gdb = gdb;
	rs->insert = insert;
	rs->nr_fields = nr_fields;
	rs->nullable = nullable;
	rs->unit_id = unit_id;
}

void objects_rowset_add(struct objects_rowset *rs, const char *const *fields)
{
	size_t i;

	if (rs->failed)
		return;
	/* prepared with the first row: most units leave most sets empty */
	if (!batch_ready(&rs->b) && batch_prepare(rs->gdb, &rs->b, rs->insert,
						  (int)rs->nr_fields + 1)) {
		rs->failed = 1;
		return;
	}
	batch_int(&rs->b, rs->unit_id);
	for (i = 0; i < rs->nr_fields; i++) {
		const char *f = fields[i];

		/* a column that cannot be NULL holds "" for a missing name */
		if (!f && !(rs->nullable & (1u << i)))
			f = "";
		batch_str(&rs->b, f);
	}
	if (batch_row(rs->gdb, &rs->b))
		rs->failed = 1;
}

int objects_rowset_flush(struct objects_rowset *rs)
{
	if (rs->failed)
		return -1;
	if (batch_flush(rs->gdb, &rs->b)) {
		rs->failed = 1;
		return -1;
	}
	return 0;
}

int objects_rowset_finish(struct objects_rowset *rs)
{
	int ret = rs->failed ? -1 : 0;

	if (!ret && batch_flush(rs->gdb, &rs->b))
		ret = -1;
	batch_release(&rs->b);
	rs->failed = 1;
	return ret;
}
