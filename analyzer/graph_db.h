/*
 * graph_db.h - the SQLite database: opening it (its tables are made in
 * schema.c), the statement helpers every module uses, and the reads
 * queries need (the graph image, call sites, definitions, build
 * information).
 *
 * Ownership: strings filled into out-parameters are the caller's.
 */
#ifndef GRAPH_DB_H
#define GRAPH_DB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct graph;

/*
 * The schema version stored in PRAGMA user_version: raised by every new
 * table or change of one (see schema.c).
 */
#define GRAPH_DB_SCHEMA_VERSION 3

enum graph_db_flags {
	GDB_WRITE = 1 << 0, /* create the file and schema when missing */
	/*
	 * with GDB_WRITE: a new database keeps SQLite's rollback journal
	 * until the caller's first load is in, and the caller then turns
	 * the write-ahead log on (graph_db_use_wal); its schema is made in
	 * a transaction left open, which the load carries on and commits
	 * (one commit, and its syncs, instead of two)
	 */
	GDB_FIRST_LOAD = 1 << 1,
};

struct early_sync;

struct graph_db {
	struct sqlite3 *db;
	char *path;
	struct early_sync *early; /* see graph_db_write_early() */
};

/*
 * SQLite's settings for the whole process, before any database is opened:
 * no memory statistics, which callreach never reads and which take a lock
 * at every allocation SQLite makes.
 */
void graph_db_setup(void);
/*
 * Open PATH, upgrading it in place when an older callreach made it.
 * Returns 0, or (with a message) EXIT_SYSTEM when it cannot be opened and
 * EXIT_SCHEMA when it is not ours, newer, or cannot be upgraded.
 */
int graph_db_open(struct graph_db *gdb, const char *path, unsigned flags);
void graph_db_close(struct graph_db *gdb);
/* Remove database PATH and the files SQLite keeps beside it. */
void graph_db_remove(const char *path);
/* Turn the write-ahead log on (what every writer but a first load uses). */
int graph_db_use_wal(struct graph_db *gdb);
/* Report the current SQLite error with CONTEXT; returns -1. */
int graph_db_error(struct graph_db *gdb, const char *context);

/* Run SQL (no results); -1 on error. */
int graph_db_exec(struct graph_db *gdb, const char *sql);

/*
 * The secondary indexes a bulk load writes out of order: dropped before it
 * and created again after it. graph_db_upgrade() brings a database made
 * by an older callreach up to date (within the transaction of an ingest).
 * The tables and indexes themselves are in schema.c.
 */
int graph_db_drop_indexes(struct graph_db *gdb);
int graph_db_create_indexes(struct graph_db *gdb);
/*
 * Write the pages the open transaction has changed so far to the database
 * file (with the rollback journal, after syncing the journal, as when
 * SQLite's cache spills) and sync them to the disk on a thread of its own
 * while the caller goes on: the commit's sync then waits only for the
 * pages changed after. Nothing is written while another connection reads
 * the file. graph_db_write_early_wait() waits for the thread, before the
 * commit (graph_db_close() waits for it too, after a rollback). Each
 * returns -1 after a message when the file cannot be written or synced
 * (a full disk): the transaction must then roll back.
 */
int graph_db_write_early(struct graph_db *gdb);
int graph_db_write_early_wait(struct graph_db *gdb);
int graph_db_upgrade(struct graph_db *gdb);

enum site_flags {
	SITE_INTERNAL = 1 << 0,	   /* between parts of one function */
	SITE_NO_LOCATION = 1 << 1, /* the edge had no label */
};

/* One call site as ingest hands it to sites_image_encode(). */
struct site_in {
	uint32_t caller, callee; /* functions.id */
	uint32_t file;		 /* index into the file names */
	int line, col;
	uint32_t unit;	/* units.id (not in the image) */
	unsigned flags; /* SITE_* */
};

/*
 * Append to IMG the call-site image of SITES, sorted by caller, callee,
 * file, line and column, whose FILEs index FILES, sorted by name (no
 * database: ingest encodes on a thread of its own). Internal calls are
 * left out, as graph_db_call_sites() leaves them out.
 */
struct strbuf;
void sites_image_encode(struct strbuf *img, const struct site_in *sites,
			size_t nr, const char *const *files, size_t nr_files);
/* Store IMG as the call-site image. */
int graph_db_store_sites_image(struct graph_db *gdb, const struct strbuf *img);

/*
 * The data of row 1 of TABLE (graph_image, sites_image), read whole into
 * *BUF (malloc'd, *LEN bytes): 0, or -1, reporting nothing, when there is
 * no such row or it cannot be read.
 */
int graph_db_read_image(struct graph_db *gdb, const char *table, char **buf,
			size_t *len);
/*
 * Store the LEN bytes at BUF (NULL when LEN is 0) as row 1 of TABLE, the
 * message of a failure naming WHAT ("storing the call sites"); 0 or -1.
 */
int graph_db_write_image(struct graph_db *gdb, const char *table,
			 const void *buf, size_t len, const char *what);
/*
 * Does row 1 of TABLE begin with the 8 bytes MAGIC (an image in this
 * callreach's format)? 1, 0, or -1 (reported).
 */
int graph_db_image_current(struct graph_db *gdb, const char *table,
			   const char *magic);

/* Load the graph image; -1 on error (an empty database is an error too). */
int graph_db_load_graph(struct graph_db *gdb, struct graph *g);

/* A build property (label, config, ingested_at...); *VALUE is NULL if unset. */
int graph_db_get_build(struct graph_db *gdb, const char *key, char **value);
int graph_db_set_build(struct graph_db *gdb, const char *key,
		       const char *value);

struct sqlite3_stmt;
/*
 * The statement helpers: each says what failed (WHAT: "reading ...") and
 * returns -1, or 0. Prepare SQL into *ST (NULL on failure; the caller
 * finalizes it). Step ST, a write, to its end, then reset it and clear its
 * bindings for the next row. Hand each row of ST, bound, to ROW, then
 * reset it for the next parameters.
 */
int graph_db_prepare(struct graph_db *gdb, const char *sql,
		     struct sqlite3_stmt **st, const char *what);
int graph_db_step(struct graph_db *gdb, struct sqlite3_stmt *st,
		  const char *what);
int graph_db_rows(struct graph_db *gdb, struct sqlite3_stmt *st,
		  void (*row)(struct sqlite3_stmt *st, void *ctx), void *ctx,
		  const char *what);
/* Bind S (copied), or NULL when S is NULL, to parameter I of ST. */
void graph_db_bind_text(struct sqlite3_stmt *st, int i, const char *s);
/* Column COL of the current row of ST as the caller's string, or NULL. */
char *graph_db_column_strdup(struct sqlite3_stmt *st, int col);
/* Column COL of the current row of ST as a number, or -1 when NULL. */
long graph_db_column_long(struct sqlite3_stmt *st, int col);
/* One integer from a query without parameters; -1 on error. */
int64_t graph_db_count(struct graph_db *gdb, const char *sql);
/*
 * Run SQL, its parameters ?1... the NR_PARAMS numbers PARAMS, and hand
 * each row to ROW; 0, or -1 after a message naming WHAT ("reading ...").
 */
int graph_db_each_row(struct graph_db *gdb, const char *sql,
		      const int64_t *params, size_t nr_params,
		      void (*row)(struct sqlite3_stmt *st, void *ctx),
		      void *ctx, const char *what);
/*
 * Does the schema hold NAME of TYPE ("table", "index")? 1, 0, or -1
 * (reported): a failed query is never taken for "no".
 */
int graph_db_schema_has(struct graph_db *gdb, const char *type,
			const char *name);
/*
 * DB, opened and closed by its owner, seen as a struct graph_db for the
 * helpers (its messages name the file); never graph_db_close() it.
 */
void graph_db_borrow(struct graph_db *gdb, struct sqlite3 *db);

struct call_site {
	char *file;
	int line, col;
};

struct call_sites {
	struct call_site *v;
	size_t nr, alloc;
};

void call_sites_release(struct call_sites *s);

/*
 * For each of the NR (caller id, callee id) PAIRS, the call sites of that
 * call, sorted by file, line, column: OUT is an array of NR lists.
 */
int graph_db_call_sites(struct graph_db *gdb, const int64_t (*pairs)[2],
			size_t nr, struct call_sites *out);
/*
 * The same for one call, CALLER -> CALLEE, appended to OUT, for a reader
 * that asks call by call: the query is prepared into *ST when it is NULL
 * and kept there for the next call (the reader finalizes it).
 */
int graph_db_call_sites_of(struct graph_db *gdb, struct sqlite3_stmt **st,
			   int64_t caller, int64_t callee,
			   struct call_sites *out);
/* Below this many calls, indexed lookups beat reading the image. */
#define GRAPH_DB_SITES_IMAGE_MIN_CALLS 64

/*
 * The call-site image, read once, for readers of many calls. Opening it
 * checks it whole and indexes its pairs (calls); the sites of a pair are
 * decoded when read (graph_db_sites_next), sorted like the above.
 * Ownership: the view owns the image it read (graph_db_sites_close).
 */
struct graph_db_sites {
	char *data;	 /* the image */
	uint32_t *index; /* the arrays below but STRINGS */
	uint32_t nr_pairs, nr_sites;
	/* per pair: its ids, its first site's number and byte in DATA */
	const uint32_t *caller, *callee, *start, *at;
	const uint32_t *file_off; /* the file names in STRINGS */
	/*
	 * Caller id I's pairs are [by_caller[I - min_caller], the next), when
	 * the ids are dense (as ingest numbers functions); else NULL.
	 */
	uint32_t *by_caller, min_caller, max_caller;
	const unsigned char *end; /* of the pairs' bytes */
	const char *strings;
};

/* Reading the sites of one pair, one by one. */
struct graph_db_site_cursor {
	const unsigned char *p;
	uint32_t left, first, file, line, col;
};

/*
 * 1 when the database holds a call-site image of this callreach's format
 * (an older one is read through the rows until the next ingest makes it
 * again), 0 when not, -1 on error.
 */
int graph_db_sites_current(struct graph_db *gdb);
/* Read the image into SI: 1, or 0 when there is none or it is damaged. */
int graph_db_sites_open(struct graph_db *gdb, struct graph_db_sites *si);
/*
 * The same of an IMAGE of LEN bytes read by the caller (malloc'd; SI owns
 * it from here on, freed at once when damaged). 0 as well when STOP (if
 * not NULL) is set while it is checked.
 */
int graph_db_sites_adopt(struct graph_db_sites *si, char *image, size_t len,
			 atomic_int *stop);
/*
 * The stamp of a call-site image: a hash of its bytes, never 0. The graph
 * image stored with it records it (graph_image_set_sites_stamp()).
 */
uint32_t graph_db_sites_stamp(const char *image, size_t len);

/*
 * The call-site image read ahead (sites_ahead.c): on a thread of its own,
 * with a read-only connection of its own to the database at PATH, while
 * the caller opens the graph and finds its subgraph. NULL when PATH is
 * no regular file or no thread can be had.
 */
struct graph_db_sites_ahead;
struct graph_db_sites_ahead *graph_db_sites_ahead_start(const char *path);
/*
 * Wait for AHEAD (freed; NULL is none): 1 with the image in SI when it
 * was read and checked whole and its stamp is STAMP, the stamp of the
 * caller's graph (so the image is of the caller's snapshot); else 0,
 * with SI empty, and the caller reads the image itself.
 */
int graph_db_sites_ahead_take(struct graph_db_sites_ahead *ahead,
			      uint32_t stamp, struct graph_db_sites *si);
/* Stop AHEAD and free it (NULL is none). */
void graph_db_sites_ahead_cancel(struct graph_db_sites_ahead *ahead);
/* The pairs of CALLER (a database id): [*LO, *HI). */
void graph_db_sites_caller(const struct graph_db_sites *si, int64_t caller,
			   uint32_t *lo, uint32_t *hi);
/*
 * The sites of CALLER -> CALLEE (database ids), looked for among the pairs
 * [LO, HI) (0 and nr_pairs: all): their number, and *PAIR when not 0.
 */
uint32_t graph_db_sites_find(const struct graph_db_sites *si, uint32_t lo,
			     uint32_t hi, int64_t caller, int64_t callee,
			     uint32_t *pair);
/* Start reading the sites of PAIR. */
void graph_db_sites_begin(const struct graph_db_sites *si, uint32_t pair,
			  struct graph_db_site_cursor *c);
/*
 * The next site of C: its *FILE (borrowed from SI), *LINE and *COL; 1, or
 * 0 after the pair's last.
 */
int graph_db_sites_next(const struct graph_db_sites *si,
			struct graph_db_site_cursor *c, const char **file,
			int *line, int *col);
void graph_db_sites_close(struct graph_db_sites *si);

/* The indirect call sites in function ID's body. */
int graph_db_indirect_sites(struct graph_db *gdb, int64_t id,
			    struct call_sites *out);

struct definition {
	char *title, *unit, *file, *stack_kind;
	int line, col, defined;
	long stack_bytes, dynamic_objects; /* -1 when unknown */
};

struct definitions {
	struct definition *v;
	size_t nr, alloc;
};

void definitions_release(struct definitions *d);
/* Every node of function ID in every unit: definitions, clones, declarations.
 */
int graph_db_definitions(struct graph_db *gdb, int64_t id,
			 struct definitions *out);

#endif
