/*
 * objects_int.h - what the files of the objects module share: an object
 * file read with libelf, the source files read for access chains, and the
 * rows stored per unit. Not for use outside objects*.c.
 */
#ifndef OBJECTS_INT_H
#define OBJECTS_INT_H

#include "objects.h"
#include "batch.h"
#include "graph_db.h"
#include "ci_parse.h"
#include "dwarf_fields.h"
#include "util.h"

#include <gelf.h>
#include <libelf.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_CHAIN 16 /* steps of an access chain read from the source */

enum sec_kind { SEC_SKIP, SEC_TEXT, SEC_DATA };

struct osym {
	const char *name; /* in the ELF string table */
	char *canon;	  /* functions and undefined symbols */
	uint64_t value, size;
	size_t shndx;
	unsigned char type, bind;
};

struct osec {
	const char *name;
	GElf_Shdr sh;
	enum sec_kind kind;
	const unsigned char *bytes; /* contents of text sections */
	size_t nr_bytes;
	size_t *funcs, *objs; /* symbols in it, sorted by value */
	size_t nr_funcs, alloc_funcs, nr_objs, alloc_objs;
};

/* A reference to a function from a relocation. */
struct ref {
	size_t sec;
	uint64_t off;
	size_t holder; /* symbol covering the place, or NO_SYM */
	size_t target; /* the function's symbol */
	int call;
};

#define NO_SYM ((size_t)-1)

/*
 * A call through a pointer in memory that the compiler did not see, such
 * as Xen's alternative_call() ("call *hvm_funcs+0xf8(%rip)" in asm).
 */
struct mem_call {
	size_t sec;
	uint64_t off;
	size_t holder;	 /* the function it is in */
	size_t var;	 /* the variable holding the pointer */
	uint64_t offset; /* of the pointer in the variable */
};

/* A variable a function's code refers to. */
struct data_ref {
	size_t holder, var;
};

struct object {
	const char *path;
	const char *why; /* why it cannot be read, or NULL */
	uint64_t size;	 /* of the file */
	int has_debug;	 /* it holds a .debug_info section */
	size_t unnamed;	 /* sections without a name */
	int fd;
	Elf *elf;
	GElf_Ehdr eh;
	struct osec *sec;
	size_t nr_sec;
	struct osym *sym;
	size_t nr_sym;
	struct ref *refs;
	size_t nr_refs, alloc_refs;
	struct mem_call *mcalls;
	size_t nr_mcalls, alloc_mcalls;
	struct data_ref *drefs;
	size_t nr_drefs, alloc_drefs;
};

struct source {
	char *path; /* as asked for */
	char *text; /* NULL when it could not be read */
	size_t len;
	size_t *line; /* offset of each line's start */
	size_t nr_lines, alloc_lines;
};

struct sources {
	struct source *v;
	size_t nr, alloc;
	const char *root;
};

/* "base->a.b[i]->member": the base variable and the steps to the member. */
struct chain {
	char *base; /* NULL: no plain variable starts the chain */
	struct dwarf_step steps[MAX_CHAIN];
	size_t nr;
};

/* A member access "->m" or ".m" followed by ")"s and "(". */
struct cand {
	size_t op, name, len, end;
};

/*
 * The rows of one object table for a unit, written through the bulk
 * insert as they come: the unit, then NR_FIELDS texts (a NULL field is
 * NULL where its bit is set in NULLABLE, else "").
 */
struct objects_rowset {
	struct batch b; /* prepared when the first row comes */
	struct graph_db *gdb;
	const char *insert;
	int64_t unit_id;
	size_t nr_fields;
	unsigned nullable;
	int failed; /* a write failed (reported): the rows are lost */
};

/*
 * A unit being read and written: what its object gives (read before
 * anything is written, possibly on the reader thread) and where its rows
 * go (the session's, set when it is written).
 */
struct unit_ctx {
	const struct ci_unit *u;
	struct ci_titles titles;
	struct object obj;
	int have_obj;
	struct dwarf_fields *df;
	struct dwarf_dispatch *dd;
	struct sources src;
	const char *abs_root; /* the source root made absolute, or NULL */
	struct objects_rowset *rows; /* the session's */
	struct registry_writer *reg;
	/* read before the rows are written, possibly on another thread */
	struct registry_rows *registry;
	struct callsites *sites;
	struct strvec said; /* the warnings of the read, said with the rows */
};

/* What objects_preread() read of a unit's object ahead of its writes. */
struct objects_pre {
	char *obj_path;
	struct dwarf_fields *df;
	struct dwarf_dispatch *dd; /* of DF */
	char why[160];		   /* why DF is NULL */
	struct unit_ctx *ctx;	   /* the whole read, or NULL */
};

/* objects_unit.c */
/* The object beside the .ci file CI, or NULL when CI is not named so. */
char *objects_object_path(const char *ci);
void objects_unit_init(struct unit_ctx *c, const struct ci_unit *u);
void objects_unit_release(struct unit_ctx *c);
/*
 * What the object OBJ_PATH of C's unit gives before anything is written:
 * its symbols, sections and relocations, its DWARF (from PRE when read
 * ahead), the registry's rows and, with ARGUMENTS, the call sites'
 * values; warnings kept in C->said. Nothing is reported or shared, so
 * that the reader thread may run it.
 */
void objects_unit_read(struct unit_ctx *c, struct objects_pre *pre,
		       const char *obj_path, int arguments);
/* objects_elf.c */
void objects_elf_release(struct object *o);
int objects_read_sections(struct object *o);
int objects_read_symbols(struct object *o, const struct ci_unit *u,
			 struct ci_titles *ts);
void objects_read_relocations(struct object *o);
int objects_cmp_ref(const void *a, const void *b);
int objects_elf_open(struct object *o, const char *path);
/* objects_source.c */
void objects_sources_release(struct sources *ss);
const struct source *objects_source_get(struct sources *ss, const char *name);
long objects_line_start(const struct source *s, int line);
size_t objects_line_end(const struct source *s, size_t pos);
size_t objects_lines_above(const struct source *s, int line, int n);
int objects_ident_char(int c);
int objects_blank(int c);
void objects_chain_release(struct chain *c);
void objects_parse_chain(const char *t, size_t lo, size_t op, const char *name,
			 size_t len, struct chain *c);
size_t objects_find_candidates(const char *t, size_t from, size_t to,
			       struct cand **out, size_t *alloc, size_t nr);
int objects_result_used(const char *t, size_t open, size_t to);
size_t objects_first_arg_candidate(const char *t, size_t open, size_t to,
				   struct cand **out, size_t *alloc);
size_t objects_next_arg_ident(const char *t, size_t pos, size_t to,
			      size_t *start);
/* objects.c */
/*
 * 1 when every object row was written by SESSION (which is not NULL)
 * since the tables were empty, else 0.
 */
int objects_session_fresh(const struct objects_session *session);
/* objects_store.c */
int objects_delete_rows(struct graph_db *gdb, int64_t unit_id);
/* The number of object tables (those of registry.h included). */
size_t objects_nr_tables(void);
/* 1 when every object table is empty, else 0 (an error too). */
int objects_tables_empty(struct graph_db *gdb);
/*
 * Delete the rows of UNIT_ID with the statements ST (objects_nr_tables()
 * of them, prepared when NULL, kept for the next unit); 0 or -1.
 */
int objects_delete_unit(struct graph_db *gdb, sqlite3_stmt **st,
			int64_t unit_id);
/*
 * Start RS for the rows of UNIT_ID inserted by INSERT (no VALUES; the
 * statement is prepared with the first row).
 */
void objects_rowset_init(struct objects_rowset *rs, struct graph_db *gdb,
			 const char *insert, size_t nr_fields,
			 unsigned nullable, int64_t unit_id);
void objects_rowset_add(struct objects_rowset *rs, const char *const *fields);
/* Write what remains and keep RS for the next unit; 0 or -1 (failed). */
int objects_rowset_flush(struct objects_rowset *rs);
/* Write what remains and release RS; 0, or -1 when a write failed. */
int objects_rowset_finish(struct objects_rowset *rs);

#endif
