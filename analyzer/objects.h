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

/* ---- reading them back (objects_read.c) ---- */

struct graph_db;

/*
 * One row of an object table as read back; a column the table lacks is
 * NULL (0 for numbers).
 */
struct obj_fact {
	const char *caller; /* the registrar, or the indirect call's caller */
	const char *name;   /* the function registered, stored or taken */
	const char *type;   /* the struct type (NULL: unknown) */
	const char *member; /* NULL: unknown */
	const char *file;   /* of an indirect call; NULL: unknown */
	int line, col;
	const char *how; /* of an indirect call: "dwarf", "object"... */
};

/*
 * Does the database hold the object tables? 1, 0 or -1 (reported). And
 * how many units have an object (-1 on error).
 */
int objects_have_tables(struct graph_db *gdb);
int64_t objects_count_units(struct graph_db *gdb);

/* The sets of facts objects_each_fact() reads. */
enum obj_facts {
	OBJ_INIT_ONLY,	    /* functions all in boot-only sections, once */
	OBJ_REGISTRATIONS,  /* (registrar, function) pairs, sorted, once */
	OBJ_ADDRESS_TAKEN,  /* functions whose address is taken, once */
	OBJ_FIELD_STORES,   /* by member, type, function, once each */
	OBJ_INDIRECT_CALLS, /* with a known member or in the object code,
			       by caller and place */
	OBJ_NR_FACTS
};

/*
 * Hand every row of the facts WHICH to FN, its strings borrowed for the
 * call; 0 or -1 (reported).
 */
int objects_each_fact(struct graph_db *gdb, enum obj_facts which,
		      void (*fn)(const struct obj_fact *f, void *ctx),
		      void *ctx);

#endif
