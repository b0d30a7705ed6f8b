/*
 * registry.h - the "registry" indirect call tier: calls through what a
 * registration function stored. A function's address handed to a
 * registration function (obj_registrations) is stored where that function
 * keeps its function pointer parameter: a global variable, an element of
 * a global array or a member of a struct reached through another
 * parameter; a function with indirect call sites that loads from such a
 * variable, or handles such a struct, calls what was registered there.
 *
 * At ingest, the object's relocations (the variables each function refers
 * to) and its debug information (parameter, variable and member types)
 * give the registrars and the dispatchers of a unit; once every unit is
 * in, the three tables are joined into call edges, each with the
 * registration call that justifies it, which the object facts image
 * keeps for queries (objects_facts.c).
 *
 * Ownership: arguments are borrowed; the edges returned, and their
 * reasons, are the caller's (registry_edges_free()).
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include "batch.h"

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct dwarf_dispatch;
struct graph;
struct graph_db;

/* A variable a function's code refers to (by a relocation). */
struct registry_ref {
	size_t sym;	  /* its symbol in the object */
	const char *name; /* its symbol name */
	int local;	  /* a file-local symbol */
};

/* A function of the unit, with the variables it refers to. */
struct registry_func {
	const char *name; /* canonical */
	size_t sym;
	/* its indirect call sites ("file:line:col", GCC's) */
	char *const *sites;
	size_t nr_sites;
	const struct registry_ref *refs;
	size_t nr_refs;
};

/* The registry tables (made in schema.c), whose rows belong to a unit. */
extern const char *const registry_tables[];
extern const size_t registry_nr_tables;

/*
 * The registry rows of the units of an ingest, written as the batches
 * fill and the rest by registry_writer_flush().
 */
struct registry_writer {
	/* both prepared when the first rows come */
	struct batch registrars, dispatchers;
};

int registry_writer_flush(struct graph_db *gdb, struct registry_writer *w);
void registry_writer_release(struct registry_writer *w);

/*
 * The registrars and dispatchers among the NR functions FUNCS of the unit
 * titled TITLE whose debug information DD describes (NULL: none, nor any
 * rows), read before they are written, so that another thread may read
 * them; a registrar's location is kept with the signature of the
 * function pointers it stores there, which a registered function must
 * have. The rows own their strings (registry_rows_free()).
 */
struct registry_rows;
struct registry_rows *registry_read_unit(const char *title,
					 struct dwarf_dispatch *dd,
					 const struct registry_func *funcs,
					 size_t nr);
/*
 * Queue ROWS (NULL: none) as unit UNIT_ID's in W. Returns 0, or -1 on a
 * database error (reported).
 */
int registry_store_unit(struct graph_db *gdb, struct registry_writer *w,
			int64_t unit_id, const struct registry_rows *rows);
void registry_rows_free(struct registry_rows *rows);

struct registry_edge {
	uint32_t caller, callee;
	char *reason;	   /* "variable V, set by R() at FILE:LINE" */
	char *site;	   /* the caller's site ("file:line:col"), NULL: all */
	uint32_t nr_sites; /* GCC's sites there (the same place twice) */
};

/*
 * The calls the registry tier finds in DB for the functions of G; *OUT
 * (freed with registry_edges_free()) gets *NR edges. 0, or -1 on a
 * database error (reported). A database without the tables gives none.
 */
int registry_resolve(struct graph_db *db, const struct graph *g,
		     struct registry_edge **out, size_t *nr);
void registry_edges_free(struct registry_edge *e, size_t nr);

#endif
