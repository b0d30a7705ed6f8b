/*
 * schema.c - every table and index of the database, in one place, and the
 * versions of the schema: upgrading a database of an older version in
 * place.  Version 1 is the build tables; each later version is one
 * upgrade below, which creates (or alters) tables of any module.  A new
 * database runs them all.
 *
 * To add a table, or change one: write its CREATE TABLE IF NOT EXISTS (or
 * ALTER TABLE) here, in a function taking the database, add it below as
 * the next version, and raise GRAPH_DB_SCHEMA_VERSION to that version.
 * An older callreach then refuses the database (it would not maintain the
 * new table) and this one upgrades older databases in place.  An index
 * that only ingest uses may instead be made by schema_ingest_upgrade(),
 * which every ingest runs.
 */
#include "schema.h"
#include "graph_db.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the build (version 1) ---- */

/*
 * Every call site sorted by caller, callee, file, line and column, for
 * queries that want the sites of many calls (export) to read them at once.
 * Databases made before it existed lack it; the queries then use the rows.
 */
#define SITES_IMAGE_SQL                                                        \
	"CREATE TABLE IF NOT EXISTS sites_image ("                             \
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"                             \
	"  data BLOB NOT NULL);"

/*
 * The object facts the indirect call tiers join, in one blob made at
 * ingest for the graph image (objects_facts.c); a database made before it
 * gets the table at its next ingest, and until then queries read the
 * object tables.
 */
#define FACTS_IMAGE_SQL                                                        \
	"CREATE TABLE IF NOT EXISTS obj_facts_image ("                         \
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"                             \
	"  data BLOB NOT NULL);"

/*
 * The direct call sites (version 3): one row of calls per caller, callee,
 * unit and kind (internal: between parts of one function, foo ->
 * foo.part.0), its sites a JSON array of [file id, line, col] ([null,
 * null, null] for a site GCC wrote no label for), the file names in
 * site_files. The view call_sites gives one row per site, call_edges one
 * per call edge reachability uses. A new database has them from the
 * start; calls_table() (version 3) turns the call_sites table of an older
 * one into them.
 */
#define CALLS_SQL                                                              \
	"CREATE TABLE IF NOT EXISTS site_files ("                              \
	"  id INTEGER PRIMARY KEY,"                                            \
	"  name TEXT NOT NULL);"                                               \
	"CREATE TABLE IF NOT EXISTS calls ("                                   \
	"  caller_id INTEGER NOT NULL REFERENCES functions(id),"               \
	"  callee_id INTEGER NOT NULL REFERENCES functions(id),"               \
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"                     \
	"  internal INTEGER NOT NULL,"                                         \
	"  sites TEXT NOT NULL,"                                               \
	"  PRIMARY KEY (caller_id, callee_id, unit_id, internal))"             \
	"  WITHOUT ROWID;"
#define CALL_VIEWS_SQL                                                         \
	"CREATE VIEW IF NOT EXISTS call_sites AS"                              \
	"  SELECT c.unit_id AS unit_id, c.caller_id AS caller_id,"             \
	"  c.callee_id AS callee_id, f.name AS file,"                          \
	"  json_extract(s.value, '$[1]') AS line,"                             \
	"  json_extract(s.value, '$[2]') AS col, c.internal AS internal"       \
	"  FROM calls c JOIN json_each(c.sites) s"                             \
	"  LEFT JOIN site_files f ON f.id = json_extract(s.value, '$[0]');"    \
	"CREATE VIEW IF NOT EXISTS call_edges AS"                              \
	"  SELECT caller_id, callee_id,"                                       \
	"  sum(json_array_length(sites)) AS sites"                             \
	"  FROM calls WHERE NOT internal GROUP BY caller_id, callee_id;"

static const char build_sql[] =
	"CREATE TABLE build ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT);"
	"CREATE TABLE units ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE," /* the .ci file, relative to its PATH */
	"  title TEXT NOT NULL,"       /* the translation unit's source */
	"  hash TEXT NOT NULL,"	       /* XXH64 of the contents */
	"  size INTEGER NOT NULL);"
	"CREATE TABLE functions ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE," /* canonical name */
	"  base TEXT NOT NULL,"	       /* plain name */
	"  is_static INTEGER NOT NULL,"
	"  defined INTEGER NOT NULL DEFAULT 0,"
	"  definitions INTEGER NOT NULL DEFAULT 0,"
	"  unit_id INTEGER,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  stack_bytes INTEGER, stack_kind TEXT, dynamic_objects INTEGER);"
	"CREATE TABLE nodes ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  function_id INTEGER NOT NULL REFERENCES functions(id),"
	"  title TEXT NOT NULL,"
	"  defined INTEGER NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  stack_bytes INTEGER, stack_kind TEXT,"
	"  dynamic_objects INTEGER);" CALLS_SQL "CREATE TABLE indirect_sites ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  caller_id INTEGER NOT NULL REFERENCES functions(id),"
	"  file TEXT, line INTEGER, col INTEGER);"
	/* the graph, serialized for queries to load in one read (graph.c) */
	"CREATE TABLE graph_image ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  data BLOB NOT NULL);" SITES_IMAGE_SQL FACTS_IMAGE_SQL CALL_VIEWS_SQL;

/*
 * The secondary indexes of the build. Those whose keys a bulk load writes
 * in random order are dropped during the load and built again once the
 * rows are in (much faster than keeping them up to date row by row);
 * nodes_unit and the key of calls grow in order (a bulk load writes the
 * calls sorted) and stay. A unit's calls are found through their callers,
 * the functions of the unit's nodes (the key of calls), so the calls need
 * no index of their own by unit.
 */
static const char *const bulk_indexes[] = {
	"nodes_function",
	"calls_callee",
	"indirect_sites_caller",
};

static const char build_index_sql[] =
	"CREATE INDEX IF NOT EXISTS nodes_unit ON nodes(unit_id);"
	"CREATE INDEX IF NOT EXISTS nodes_function ON nodes(function_id);"
	"CREATE INDEX IF NOT EXISTS calls_callee ON calls(callee_id);"
	"CREATE INDEX IF NOT EXISTS indirect_sites_caller"
	"  ON indirect_sites(caller_id);";

/* ---- the objects (version 2; see objects.h, registry.h) ---- */

static const char object_sql[] =
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
	"CREATE TABLE IF NOT EXISTS obj_address_taken ("
	"  unit_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  holder TEXT);"
	"CREATE TABLE IF NOT EXISTS obj_registrations ("
	"  unit_id INTEGER NOT NULL,"
	"  registrar TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  caller TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS obj_field_stores ("
	"  unit_id INTEGER NOT NULL,"
	"  struct TEXT,"
	"  member TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  how TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS obj_indirect_calls ("
	"  unit_id INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  struct TEXT,"
	"  member TEXT,"
	"  how TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_indirect_calls_unit"
	"  ON obj_indirect_calls(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_registrars ("
	"  unit_id INTEGER NOT NULL,"
	"  registrar TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  location TEXT NOT NULL,"
	"  signature TEXT);"
	"CREATE INDEX IF NOT EXISTS obj_registrars_unit"
	"  ON obj_registrars(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_dispatchers ("
	"  unit_id INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  location TEXT NOT NULL,"
	"  site TEXT);"
	"CREATE INDEX IF NOT EXISTS obj_dispatchers_unit"
	"  ON obj_dispatchers(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_registration_lines ("
	"  unit_id INTEGER NOT NULL,"
	"  registrar TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  file TEXT,"
	"  line INTEGER,"
	"  signature TEXT);"
	"CREATE TABLE IF NOT EXISTS obj_call_sites ("
	"  unit_id INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  callee TEXT NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  caller_clone TEXT NOT NULL,"
	"  callee_clone TEXT NOT NULL,"
	"  abi TEXT,"
	"  args TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_call_sites_unit"
	"  ON obj_call_sites(unit_id);";

/*
 * The object rows a unit holds once each: a row inserted again (INSERT OR
 * IGNORE) is left out. NULL is one value here, as in GROUP BY, and not
 * the same as '' (an empty blob never equals a text). Each index, led by
 * the unit, also finds a unit's rows.
 */
static const struct {
	const char *name, *table, *key;
} unique_rows[] = {
	{"obj_functions_row", "obj_functions",
	 "unit_id, name, symbol, section, global"},
	{"obj_address_taken_row", "obj_address_taken",
	 "unit_id, name, section, ifnull(holder, x'')"},
	{"obj_registrations_row", "obj_registrations",
	 "unit_id, registrar, name, caller"},
	{"obj_field_stores_row", "obj_field_stores",
	 "unit_id, ifnull(struct, x''), member, name, holder, how"},
	{"obj_registration_lines_row", "obj_registration_lines",
	 "unit_id, registrar, name, caller, ifnull(file, x''),"
	 " ifnull(line, x''), ifnull(signature, x'')"},
};

/* The indexes by unit the unique ones above replace. */
static const char old_unit_indexes_sql[] =
	"DROP INDEX IF EXISTS obj_functions_unit;"
	"DROP INDEX IF EXISTS obj_address_taken_unit;"
	"DROP INDEX IF EXISTS obj_registrations_unit;"
	"DROP INDEX IF EXISTS obj_field_stores_unit;"
	"DROP INDEX IF EXISTS obj_registration_lines_unit;";

/* Made once the units of an ingest are in (schema_index_call_sites()). */
static const char call_sites_index_sql[] =
	"CREATE INDEX IF NOT EXISTS obj_call_sites_pair"
	"  ON obj_call_sites(callee, caller)";

/* ---- the traces (version 2; see traces.h) ---- */

static const char trace_sql[] =
	"CREATE TABLE IF NOT EXISTS trace_logs ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"	       /* as named on the command line */
	"  hash TEXT NOT NULL UNIQUE," /* FNV-1a 64 of the contents */
	"  label TEXT,"
	"  imported_at TEXT NOT NULL,"
	"  occurrences INTEGER NOT NULL);" /* traces found, duplicates too */
	"CREATE TABLE IF NOT EXISTS traces ("
	"  id INTEGER PRIMARY KEY,"
	"  log_id INTEGER NOT NULL REFERENCES trace_logs(id),"
	"  hash TEXT NOT NULL,"	    /* FNV-1a 64 of the frame names */
	"  line INTEGER NOT NULL,"  /* of the first occurrence */
	"  count INTEGER NOT NULL," /* occurrences in the log */
	"  domain TEXT,"
	"  size INTEGER,"
	"  format TEXT NOT NULL," /* x86, arm, xen, plain */
	"  truncated INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS trace_frames ("
	"  trace_id INTEGER NOT NULL REFERENCES traces(id),"
	"  position INTEGER NOT NULL," /* 0: innermost, printed first */
	"  raw TEXT NOT NULL,"
	"  address TEXT,"	 /* hex, when printed */
	"  mark TEXT,"		 /* R, F, S, PC, LR */
	"  name TEXT,"		 /* symbol, without +offset */
	"  function TEXT,"	 /* canonical name at import */
	"  function_id INTEGER," /* functions.id at import */
	"  candidates TEXT,"	 /* canonical names, when several */
	"  PRIMARY KEY (trace_id, position));"
	"CREATE INDEX IF NOT EXISTS traces_log ON traces(log_id);"
	"CREATE TABLE IF NOT EXISTS trace_reviews ("
	"  trace_id INTEGER PRIMARY KEY REFERENCES traces(id),"
	"  verdict TEXT NOT NULL,"
	"  reason TEXT);";

/*
 * The unique indexes of the object rows. A database whose rows an older
 * callreach wrote may hold a row twice: the copies go first.
 */
static int unique_object_rows(struct graph_db *gdb)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unique_rows); i++) {
		int have =
			graph_db_schema_has(gdb, "index", unique_rows[i].name);
		int ret;
		char *sql;

		if (have < 0)
			return -1;
		if (have)
			continue;
		sql = xstrfmt("DELETE FROM %s WHERE rowid NOT IN"
			      " (SELECT min(rowid) FROM %s GROUP BY %s);"
			      "CREATE UNIQUE INDEX %s ON %s(%s)",
			      unique_rows[i].table, unique_rows[i].table,
			      unique_rows[i].key, unique_rows[i].name,
			      unique_rows[i].table, unique_rows[i].key);
		ret = graph_db_exec(gdb, sql);
		free(sql);
		if (ret)
			return -1;
	}
	return graph_db_exec(gdb, old_unit_indexes_sql);
}

int schema_create_object_tables(struct graph_db *gdb)
{
	int64_t has_machine;

	if (graph_db_exec(gdb, object_sql))
		return -1;
	/* obj_units of schema version 1 lacks the machine */
	has_machine = graph_db_count(gdb, "SELECT count(*) FROM"
					  " pragma_table_info('obj_units')"
					  " WHERE name = 'machine'");
	if (has_machine < 0 ||
	    (!has_machine &&
	     graph_db_exec(gdb, "ALTER TABLE obj_units ADD COLUMN machine"
				" INTEGER")))
		return -1;
	return unique_object_rows(gdb);
}

int schema_create_trace_tables(struct graph_db *gdb)
{
	return graph_db_exec(gdb, trace_sql);
}

/* Version 2: the object and trace tables exist in every database. */
static int object_and_trace_tables(struct graph_db *gdb)
{
	return schema_create_object_tables(gdb) ||
			       schema_create_trace_tables(gdb)
		       ? -1
		       : 0;
}

/*
 * Version 3: the direct call sites are rows of calls, one per caller,
 * callee, unit and kind, and call_sites is a view of them. A database
 * made new has them already.
 */
static int calls_table(struct graph_db *gdb)
{
	static const char migrate_sql[] = CALLS_SQL
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
		"  ON calls(callee_id);" CALL_VIEWS_SQL;
	int table = graph_db_schema_has(gdb, "table", "call_sites");

	if (table < 0)
		return -1;
	return table ? graph_db_exec(gdb, migrate_sql) : 0;
}

/* upgrades[V] brings a database of version V - 1 to version V. */
static int (*const upgrades[])(struct graph_db *gdb) = {
	[2] = object_and_trace_tables,
	[3] = calls_table,
};

int schema_create(struct graph_db *gdb)
{
	/* version 1, then the upgrades of every later version */
	return graph_db_exec(gdb, build_sql) ||
			       graph_db_exec(gdb, build_index_sql) ||
			       schema_upgrade(gdb, 1)
		       ? -1
		       : 0;
}

int schema_drop_bulk_indexes(struct graph_db *gdb)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bulk_indexes); i++) {
		char *sql = xstrfmt("DROP INDEX IF EXISTS %s", bulk_indexes[i]);
		int ret = graph_db_exec(gdb, sql);

		free(sql);
		if (ret)
			return -1;
	}
	return 0;
}

int schema_create_bulk_indexes(struct graph_db *gdb)
{
	return graph_db_exec(gdb, build_index_sql);
}

int schema_ingest_upgrade(struct graph_db *gdb)
{
	/* indexes by unit of the first schema, no longer used */
	if (graph_db_exec(gdb, SITES_IMAGE_SQL FACTS_IMAGE_SQL
			  "DROP INDEX IF EXISTS call_sites_unit;"
			  "DROP INDEX IF EXISTS indirect_sites_unit;"))
		return -1;
	return unique_object_rows(gdb);
}

int schema_index_call_sites(struct graph_db *gdb)
{
	return graph_db_exec(gdb, call_sites_index_sql);
}

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
	struct graph_db rw = {NULL, gdb->path, NULL};
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
