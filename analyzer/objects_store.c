/*
 * objects_store.c - the object tables: creating them, deleting a unit's
 * rows, and inserting the rows gathered for a unit.
 */
#include "objects_int.h"
#include "dwarf_callsites.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS obj_units ("
	"  unit_id INTEGER PRIMARY KEY,"
	"  object TEXT NOT NULL,"
	"  debug INTEGER NOT NULL,"
	"  machine INTEGER);"
	"CREATE TABLE IF NOT EXISTS obj_functions ("
	"  unit_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  symbol TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  global INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_functions_unit"
	"  ON obj_functions(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_address_taken ("
	"  unit_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  holder TEXT);"
	"CREATE INDEX IF NOT EXISTS obj_address_taken_unit"
	"  ON obj_address_taken(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_registrations ("
	"  unit_id INTEGER NOT NULL,"
	"  registrar TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  caller TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_registrations_unit"
	"  ON obj_registrations(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_field_stores ("
	"  unit_id INTEGER NOT NULL,"
	"  struct TEXT,"
	"  member TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  how TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_field_stores_unit"
	"  ON obj_field_stores(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_indirect_calls ("
	"  unit_id INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  struct TEXT,"
	"  member TEXT,"
	"  how TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_indirect_calls_unit"
	"  ON obj_indirect_calls(unit_id);";

static const char *const tables[] = {
	"obj_units",	     "obj_functions",	 "obj_address_taken",
	"obj_registrations", "obj_field_stores", "obj_indirect_calls",
	"obj_call_sites",
};

int objects_db_error(sqlite3 *db, const char *what)
{
	return error("database: %s: %s", what, sqlite3_errmsg(db));
}

int objects_create_tables(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int has_machine = 0;

	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return objects_db_error(db, "creating the object tables");
	/* obj_units of schema version 1 lacks the machine */
	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM pragma_table_info('obj_units')"
			       " WHERE name = 'machine'",
			       -1, &st, NULL) != SQLITE_OK)
		return objects_db_error(db, "reading the object tables");
	has_machine = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!has_machine &&
	    sqlite3_exec(db, "ALTER TABLE obj_units ADD COLUMN machine INTEGER",
			 NULL, NULL, NULL) != SQLITE_OK)
		return objects_db_error(db, "upgrading the object tables");
	if (registry_create_tables(db))
		return -1;
	return dwarf_callsites_create_tables(db);
}

/* Delete the rows of UNIT_ID (or, when UNIT_ID < 0, of vanished units). */
int objects_delete_rows(sqlite3 *db, int64_t unit_id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tables) + registry_nr_tables; i++) {
		const char *table =
			i < ARRAY_SIZE(tables)
				? tables[i]
				: registry_tables[i - ARRAY_SIZE(tables)];
		char *sql =
			unit_id < 0
				? xstrfmt("DELETE FROM %s WHERE unit_id NOT IN"
					  " (SELECT id FROM units)",
					  table)
				: xstrfmt("DELETE FROM %s WHERE unit_id = ?1",
					  table);
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

		free(sql);
		if (rc == SQLITE_OK) {
			if (unit_id >= 0)
				sqlite3_bind_int64(st, 1, unit_id);
			rc = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return objects_db_error(db, "deleting object rows");
	}
	return 0;
}

int objects_prune(sqlite3 *db)
{
	if (objects_create_tables(db) || objects_delete_rows(db, -1))
		return -1;
	if (objects_drop_other_machines(db))
		return -1;
	return dwarf_callsites_index(db);
}

int objects_drop_unit(sqlite3 *db, int64_t unit_id)
{
	return objects_delete_rows(db, unit_id);
}

#define FIELD_SEP '\x1f'

void objects_rowset_add(struct rowset *rs, const char *const *fields)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < rs->nr_fields; i++) {
		if (fields[i] && strchr(fields[i], FIELD_SEP)) {
			/* a broken object's name: the row cannot be kept */
			rs->dropped++;
			strbuf_release(&sb);
			return;
		}
		if (i)
			strbuf_addch(&sb, FIELD_SEP);
		if (fields[i])
			strbuf_addstr(&sb, fields[i]);
	}
	strvec_push(&rs->v, strbuf_str(&sb));
	strbuf_release(&sb);
}

/*
 * Insert the rows (distinct ones when UNIQUE) with SQL (?1 is the unit); an
 * empty field is NULL when its bit is set in NULLABLE, else "".
 */
int objects_rowset_insert(sqlite3 *db, struct rowset *rs, const char *sql,
			  int64_t unit_id, int unique, unsigned nullable)
{
	sqlite3_stmt *st = NULL;
	size_t i, k;
	int ret = -1;

	if (!rs->v.nr)
		return 0;
	if (unique)
		qsort(rs->v.v, rs->v.nr, sizeof(*rs->v.v), objects_cmp_strp);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		objects_db_error(db, "preparing");
		goto out;
	}
	for (i = 0; i < rs->v.nr; i++) {
		const char *f = rs->v.v[i];

		if (unique && i && !strcmp(f, rs->v.v[i - 1]))
			continue;
		sqlite3_bind_int64(st, 1, unit_id);
		for (k = 0; k < rs->nr_fields; k++) {
			const char *e = strchr(f, FIELD_SEP);
			size_t len = e ? (size_t)(e - f) : strlen(f);

			if (len || !(nullable & (1u << k)))
				sqlite3_bind_text(st, (int)k + 2, f, (int)len,
						  SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, (int)k + 2);
			f = e ? e + 1 : f + len;
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			objects_db_error(db, "writing object rows");
			goto out;
		}
		sqlite3_reset(st);
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}
