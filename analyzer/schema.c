/*
 * schema.c - the versions of the database schema, and upgrading a database
 * of an older version in place.  Version 1 is the build tables of
 * graph_db.c; each later version is one upgrade below, which creates (or
 * alters) tables of any module.  A new database runs them all.
 *
 * To add a table, or change one: write the module's CREATE TABLE IF NOT
 * EXISTS (or ALTER TABLE) in a function taking the database, add it below
 * as the next version, and raise GRAPH_DB_SCHEMA_VERSION to that version.
 * An older callreach then refuses the database (it would not maintain the
 * new table) and this one upgrades older databases in place.
 */
#include "schema.h"
#include "graph_db.h"
#include "objects.h"
#include "traces.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>

/* Version 2: the object and trace tables exist in every database. */
static int object_and_trace_tables(struct graph_db *gdb)
{
	return objects_create_tables(gdb->db) || traces_create_tables(gdb) ? -1
									   : 0;
}

/*
 * Version 3: the direct call sites are rows of calls, one per caller,
 * callee, unit and kind, and call_sites is a view of them. A database
 * made new has them already.
 */
static int calls_table(struct graph_db *gdb)
{
	static const char migrate_sql[] = GRAPH_DB_CALLS_SQL
		"INSERT INTO site_files(name) SELECT DISTINCT file"
		"  FROM call_sites WHERE file IS NOT NULL ORDER BY file;"
		"INSERT INTO calls(caller_id, callee_id, unit_id,"
		"  internal, sites)"
		"  SELECT caller_id, callee_id, unit_id, internal != 0,"
		"  json_group_array(json_array(f.id, s.line, s.col))"
		"  FROM (SELECT * FROM call_sites ORDER BY caller_id,"
		"  callee_id, unit_id, internal != 0, file, line, col) s"
		"  LEFT JOIN site_files f ON f.name = s.file"
		"  GROUP BY caller_id, callee_id, unit_id, internal != 0;"
		"DROP VIEW IF EXISTS call_edges;"
		"DROP TABLE call_sites;"
		"CREATE INDEX IF NOT EXISTS calls_callee"
		"  ON calls(callee_id);" GRAPH_DB_CALL_VIEWS_SQL;
	int64_t table = graph_db_count(
		gdb, "SELECT count(*) FROM sqlite_master"
		     " WHERE type = 'table' AND name = 'call_sites'");

	if (table < 0)
		return -1;
	return table ? graph_db_exec(gdb, migrate_sql) : 0;
}

/* upgrades[V] brings a database of version V - 1 to version V. */
static int (*const upgrades[])(struct graph_db *gdb) = {
	[2] = object_and_trace_tables,
	[3] = calls_table,
};

int schema_upgrade(struct graph_db *gdb, int64_t from)
{
	char pragma[64];
	int64_t v;

	if (ARRAY_SIZE(upgrades) != GRAPH_DB_SCHEMA_VERSION + 1)
		BUG("schema version %d without its upgrade",
		    GRAPH_DB_SCHEMA_VERSION);
	if (from < SCHEMA_OLDEST_VERSION)
		return error("database '%s': schema version %lld cannot be "
			     "upgraded",
			     gdb->path, (long long)from);
	for (v = from + 1; v <= GRAPH_DB_SCHEMA_VERSION; v++)
		if (upgrades[v](gdb))
			return -1;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		 GRAPH_DB_SCHEMA_VERSION);
	return graph_db_exec(gdb, pragma);
}

int schema_upgrade_in_place(struct graph_db *gdb, int64_t version)
{
	struct graph_db rw = {NULL, gdb->path};
	int64_t now;
	int ret = EXIT_SCHEMA;

	if (version < SCHEMA_OLDEST_VERSION) {
		error("database '%s' has schema version %lld, which this "
		      "callreach cannot upgrade: ingest into a new database",
		      gdb->path, (long long)version);
		return EXIT_SCHEMA;
	}
	if (sqlite3_db_readonly(gdb->db, "main") == 1) {
		if (sqlite3_open_v2(gdb->path, &rw.db,
				    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			error("database '%s' has schema version %lld and "
			      "cannot be upgraded to %d in place: %s",
			      gdb->path, (long long)version,
			      GRAPH_DB_SCHEMA_VERSION,
			      rw.db ? sqlite3_errmsg(rw.db) : "out of memory");
			goto out;
		}
		sqlite3_busy_timeout(rw.db, 10000);
	} else {
		rw.db = gdb->db;
	}
	if (graph_db_exec(&rw, "BEGIN IMMEDIATE"))
		goto fail;
	/* another process may have upgraded it while we waited */
	now = graph_db_count(&rw, "PRAGMA user_version");
	if (now < 0 ||
	    (now < GRAPH_DB_SCHEMA_VERSION && schema_upgrade(&rw, now))) {
		graph_db_exec(&rw, "ROLLBACK");
		goto fail;
	}
	if (graph_db_exec(&rw, "COMMIT"))
		goto fail;
	if (now < GRAPH_DB_SCHEMA_VERSION)
		note("database '%s' upgraded in place from schema version "
		     "%lld to %d",
		     gdb->path, (long long)now, GRAPH_DB_SCHEMA_VERSION);
	ret = 0;
	goto out;
fail:
	error("database '%s' has schema version %lld and could not be "
	      "upgraded to %d; it is left as it was",
	      gdb->path, (long long)version, GRAPH_DB_SCHEMA_VERSION);
out:
	if (rw.db && rw.db != gdb->db)
		sqlite3_close(rw.db);
	return ret;
}
