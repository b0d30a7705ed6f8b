/*
 * schema.h - the versions of the database schema: what each version adds,
 * and bringing a database made by an older callreach up to date in place.
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

#endif
