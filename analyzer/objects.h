/*
 * objects.h - what the object file GCC leaves beside a .ci file adds to
 * the call graph: the section of every function (to tell boot-only code),
 * the functions whose address is taken and where, the functions handed to
 * a registration function, which function static initializers and
 * assignments store in which struct member, and which member each indirect
 * call site calls. The facts are stored per unit in tables of their own
 * (see the README), functions named by their canonical names.
 *
 * Ownership: nothing is kept between calls; arguments are borrowed.
 */
#ifndef OBJECTS_H
#define OBJECTS_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct ci_unit;

/*
 * The struct name under which stores to, and calls through, a global
 * variable pointing to a function are recorded; the member is the
 * variable's name ("unit.c:name" for a file-local one).
 */
#define OBJ_VARIABLE "<variable>"

/*
 * Replace the object rows of unit UNIT_ID, parsed into U from the .ci file
 * at CI_PATH (KEY: its path relative to the ingest PATH). The object is
 * "dir/foo.o" for "dir/.foo.o.ci" or "dir/foo.ci"; a missing object adds
 * nothing, an unreadable one a warning. The source lines of indirect call
 * sites and of assignments are read under SOURCE_ROOT, or, when it is
 * NULL, under the ingest PATH (CI_PATH without KEY). With ARGUMENTS, the
 * argument values of the call sites too (dwarf_callsites.h). Returns 0,
 * or -1 on a database error (reported).
 */
int objects_ingest_unit(struct sqlite3 *db, int64_t unit_id,
			const struct ci_unit *u, const char *ci_path,
			const char *key, const char *source_root,
			int arguments);

/*
 * The debug information of the object beside the .ci file CI_PATH, read
 * ahead of its unit U, possibly on another thread (nothing is reported or
 * shared), for objects_session_unit(); with ALL, everything it reads
 * before writing (the call sites' values with ARGUMENTS), its warnings
 * kept for it to say. NULL when there is no object. U must outlive it.
 */
struct objects_pre;
struct objects_pre *objects_preread(const char *ci_path,
				    const struct ci_unit *u, int arguments,
				    int all);
void objects_pre_release(struct objects_pre *p);

/*
 * The same for the units of one ingest, which share the prepared
 * statements and the batches of rows (and skip the deletes while the
 * tables held no rows of the units written): objects_session_unit() as
 * objects_ingest_unit(), between objects_session_open() and
 * objects_session_close() on the same connection, with what
 * objects_preread() read of its object (PRE; NULL: read it now). Rows
 * are written as the batches fill; objects_session_flush() writes the
 * rest (0, or -1 reported), before anything reads the tables. Opening
 * never fails.
 */
struct objects_session;
struct objects_session *objects_session_open(struct sqlite3 *db);
int objects_session_unit(struct objects_session *s, struct objects_pre *pre,
			 int64_t unit_id, const struct ci_unit *u,
			 const char *ci_path, const char *key,
			 const char *source_root, int arguments);
int objects_session_flush(struct objects_session *s);
void objects_session_close(struct objects_session *s);

/*
 * Drop the object rows of units no longer in the database, and those of
 * objects built for another machine than most objects (with a warning
 * each), and finish the indexes, after the units of an ingest; 0 or -1.
 * SESSION (or NULL) is the ingest's: while the object tables held rows
 * of its units only, none can be of a unit that is gone.
 */
int objects_prune(struct sqlite3 *db, const struct objects_session *session);

/* Delete the object rows of unit UNIT_ID; 0 or -1 (reported). */
int objects_drop_unit(struct sqlite3 *db, int64_t unit_id);

/*
 * Drop the rows of the objects built for another machine than most objects
 * (obj_units.machine), with a warning naming each; 0 or -1 (reported).
 */
int objects_drop_other_machines(struct sqlite3 *db);

/*
 * Create the object tables when they are missing (schema.c; a database
 * graph_db_open() made has them); 0 or -1.
 */
int objects_create_tables(struct sqlite3 *db);

/* ---- reading them back (objects_read.c, objects_facts.c) ---- */

struct graph;
struct graph_db;
struct registry_edge;
struct strbuf;

/*
 * Does the database hold the object tables? 1, 0 or -1 (reported). And
 * how many units have an object: 0 without the tables, -1 on error.
 */
int objects_have_tables(struct graph_db *gdb);
int64_t objects_count_units(struct graph_db *gdb);

/*
 * Is SECTION one whose code runs only at boot or never (".init", ".exit"
 * and their ".init.*" and ".exit.*" sections)?
 */
int objects_boot_section(const char *section);

/* A function stored in a member: what a call through the member may call. */
struct obj_store {
	const char *type; /* the struct type; NULL: unknown */
	const char *member;
	uint32_t f;
};

/* An indirect call site whose member is known, or one found in the code. */
struct obj_site {
	uint32_t caller;
	const char *type, *member; /* MEMBER is NULL when unknown */
	const char *where;	   /* "file:line:col" */
	uint32_t in_code;	   /* found in the object code, not by GCC */
};

/*
 * The object facts the indirect call tiers join (indirect.c), each
 * function an index of the graph they were read for. The strings live in
 * IMAGE; the registry's edges are struct registry_edge (registry.h) whose
 * strings are there too: never registry_edges_free() them.
 */
struct obj_facts {
	uint32_t nr_funcs;	  /* the graph's functions */
	unsigned char *boot_only; /* per function: all its code boot-only */
	unsigned char *taken;	  /* per function: defined, address taken */
	uint32_t (*reg)[2];	  /* (registrar, registered), sorted, once */
	size_t nr_reg;
	struct obj_store *stores; /* by member, type, function; once each */
	size_t nr_stores;
	struct obj_site *sites; /* by caller, place, type, member */
	size_t nr_sites;
	struct registry_edge *edges; /* the registry's (registry_resolve()) */
	size_t nr_edges;
	char *image;
};

/*
 * The facts of GDB's object tables for the functions of G, read from the
 * image the ingest stored when it was made for G's graph image, else from
 * the tables (a damaged image is said). 0, or -1 on a database error
 * (reported). A database without object tables gives no facts.
 */
int objects_facts_load(struct graph_db *gdb, const struct graph *g,
		       struct obj_facts *f);
void objects_facts_release(struct obj_facts *f);

/*
 * At ingest, once GRAPH_IMAGE is stored: store the facts image of the
 * object tables for it, or drop the image when no unit has an object.
 * 0 or -1 (reported).
 */
int objects_facts_store(struct graph_db *gdb, const struct strbuf *graph_image);
/*
 * Is the facts image what objects_facts_store() would leave (present
 * when a unit has an object)? 1, 0, or -1 (reported).
 */
int objects_facts_current(struct graph_db *gdb);

/*
 * The lower layers, for the tests: the facts of the object tables (which
 * must be there) as an image for G (objects_read.c), and the facts in
 * IMAGE, a block of LEN bytes of malloc() that F takes in every case
 * (objects_facts.c): 0, 1 when it was made for another graph than G's,
 * or -1 when it is damaged (said).
 */
int objects_facts_read_tables(struct graph_db *gdb, const struct graph *g,
			      struct strbuf *image);
void objects_facts_encode(const struct obj_facts *f, uint64_t graph_hash,
			  struct strbuf *image);
int objects_facts_decode(char *image, size_t len, const struct graph *g,
			 struct obj_facts *f);
/* The hash of G's graph image, which an image of its facts names. */
uint64_t objects_facts_graph_hash(const struct graph *g);

#endif
