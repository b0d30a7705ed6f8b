/*
 * schema.c - the versions of the database schema.  Version 1 is the build
 * tables of graph_db.c; each later version is one upgrade below, which
 * creates (or alters) tables of any module.  A new database runs them all.
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

#include <stdio.h>

/* Version 2: the object and trace tables exist in every database. */
static int object_and_trace_tables(struct graph_db *gdb)
{
	return objects_create_tables(gdb->db) || traces_create_tables(gdb) ? -1
									   : 0;
}

/* upgrades[V] brings a database of version V - 1 to version V. */
static int (*const upgrades[])(struct graph_db *gdb) = {
	[2] = object_and_trace_tables,
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
