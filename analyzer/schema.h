/*
 * schema.h - every table and index of the database, and the versions of
 * the schema: what each version adds, and bringing a database made by an
 * older callreach up to date in place.
 *
 * Ownership: the database is borrowed.
 */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stdint.h>

struct graph_db;

/*
 * The oldest version schema_upgrade() brings up to date (the newest is
 * GRAPH_DB_SCHEMA_VERSION, in graph_db.h).
 */
#define SCHEMA_OLDEST_VERSION 1

/*
 * Bring the database, of version FROM (SCHEMA_OLDEST_VERSION or later),
 * to GRAPH_DB_SCHEMA_VERSION: run the upgrades of the later versions and
 * store the version, inside the caller's transaction. 0 or -1 (reported).
 */
int schema_upgrade(struct graph_db *gdb, int64_t from);

/*
 * Bring GDB, of schema VERSION (older than GRAPH_DB_SCHEMA_VERSION), up to
 * date in place in one transaction of its own (a read-only GDB through a
 * connection of its own), and say so. Returns 0, or EXIT_SCHEMA after a
 * message (the database left as it was).
 */
int schema_upgrade_in_place(struct graph_db *gdb, int64_t version);

/* Create the tables of a new, empty database, at the newest version. */
int schema_create(struct graph_db *gdb);

/*
 * The secondary indexes of the build a bulk load writes out of order:
 * dropped before it and created again after it.
 */
int schema_drop_bulk_indexes(struct graph_db *gdb);
int schema_create_bulk_indexes(struct graph_db *gdb);

/*
 * What every ingest brings up to date before it writes, within its
 * transaction: the tables and indexes only ingest uses. 0 or -1.
 */
int schema_ingest_upgrade(struct graph_db *gdb);

/* The index of the DWARF call sites, made after the units of an ingest. */
int schema_index_call_sites(struct graph_db *gdb);

/*
 * Create the object (objects.h, registry.h, dwarf_callsites.h) or the
 * trace tables (traces.h) when they are missing; 0 or -1 (reported).
 */
int schema_create_object_tables(struct graph_db *gdb);
int schema_create_trace_tables(struct graph_db *gdb);

#endif
