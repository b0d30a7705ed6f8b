/*
 * ingest_int.h - what the files of the ingest module share: the .ci files
 * found, the function summaries, the interned call-site file names and the
 * state of one ingest. Not for use outside ingest*.c.
 */
#ifndef INGEST_INT_H
#define INGEST_INT_H

#include "batch.h"
#include "ci_parse.h"
#include "graph.h"
#include "graph_db.h"
#include "hashmap.h"
#include "ingest.h"
#include "util.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct ci_file {
	char *path; /* as opened */
	char *key;  /* unit key: relative to its PATH */
};

struct file_list {
	struct ci_file *v;
	size_t nr, alloc;
	int err; /* an exit code once something failed */
};

/*
 * What a function's row says, from its best node: a definition first,
 * then the node titled exactly as the function, then the first unit by
 * title, then the first node stored.
 */
struct fsum {
	int has; /* some node seen */
	int defined, title_is_name;
	const char *unit_title; /* borrowed from the unit list */
	int64_t unit_id;
	uint64_t seq; /* order the node was stored in */
	char *file, *stack_kind;
	int line, col;
	long stack_bytes, dynamic_objects; /* -1: NULL */
	uint32_t definitions;		   /* units defining it */
	int64_t last_def_unit;
	uint32_t nr_indirect;
};

struct func {
	char *name;
	int64_t id;
	unsigned in_db : 1;    /* has a row already */
	unsigned affected : 1; /* its row must be recomputed */
	struct fsum s;
};

/* Canonical name -> index into the function list. */
struct func_map {
	struct func *v;
	size_t nr, alloc;
	struct hashmap by_name; /* name -> index + 1 */
	int64_t next_id;
};

/* File names of call sites, interned: name -> index. */
struct file_names {
	char **v;
	size_t nr, alloc;
	struct hashmap by_name; /* name -> index + 1 */
	size_t last, last_len;	/* the name interned last, for its next site */
};

struct old_unit {
	int64_t id;
	char *path, *hash;
	int seen;
};

/* A node and its title: nodes are stored in title order. */
struct node_ref {
	const char *title;
	size_t i;
};

/* A call site's "file:line:col" label, split; FILE is NULL without one. */
struct site_split {
	const char *file; /* into the label: FLEN bytes */
	size_t flen;
	int line, col;
};

/*
 * What storing a unit needs that depends on the unit alone
 * (ingest_prep.c): its first nodes but indirect calls in title order,
 * each one's canonical name (owned: taken by the function map) and
 * parsed label, and the split label of each edge.
 */
struct unit_prep {
	int ready;
	struct node_ref *order;
	size_t nr_order;
	char **canon;
	struct ci_label *labels;
	struct site_split *sites; /* per edge */
};

/* A unit as the reader hands it over. */
struct ingest_read {
	struct strbuf buf; /* the file */
	char hash[17];	   /* XXH64 of it, hex */
	struct ci_unit unit;
	int parsed; /* UNIT holds it (else it is unchanged, or failed) */
	int failed; /* it could not be read or parsed (reported) */
	struct objects_pre *pre; /* its object, read ahead */
	struct unit_prep prep;	 /* ready when the reader had time for it */
	struct strbuf said;	 /* what reading it reported, said in order */
};

enum stmt_id {
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_UNIT_FUNCS,
	ST_DEL_NODES,
	ST_DEL_SITES,
	ST_DEL_INDIRECT,
	ST_DEL_UNIT,
	ST_FUNC_NODES,
	ST_FUNC_UPDATE,
	ST_FUNC_DELETE,
	ST_COUNT
};

enum batch_id { B_NODES, B_SITES, B_FILES, B_INDIRECT, B_FUNCS, B_COUNT };

struct ingest_ctx {
	struct graph_db *gdb;
	int bulk; /* the tables were empty: everything is in memory */
	sqlite3_stmt *st[ST_COUNT];
	struct batch b[B_COUNT];
	struct func_map funcs;
	uint64_t node_seq;
	/* bulk: every call site, for the images */
	struct site_in *sites;
	size_t nr_sites, alloc_sites;
	struct file_names files;
	/* incremental: the sites of the unit being stored, their files */
	struct site_in *unit_sites;
	size_t nr_unit_sites, alloc_unit_sites;
	struct file_names site_files; /* the names in site_files */
	int64_t *site_file_ids;	      /* their ids */
	size_t alloc_site_file_ids;
	int64_t next_site_file;
	struct strbuf json; /* the sites of one call */
	char **unit_titles; /* bulk: the titles of the stored units */
	size_t nr_unit_titles, alloc_unit_titles;
	const char *source; /* --source DIR, or NULL */
	int arguments;	    /* read the call sites' argument values */
	struct objects_session *objects; /* the object tables' statements */
};

/* ingest.c */
int ingest_run_stmt(struct ingest_ctx *c, enum stmt_id id);
/* ingest_calls.c */
int ingest_write_all_calls(struct ingest_ctx *c);
int64_t ingest_site_file_index(struct ingest_ctx *c, const char *name,
			       size_t len);
int ingest_load_site_files(struct ingest_ctx *c);
int ingest_write_unit_calls(struct ingest_ctx *c);
int ingest_load_sites(struct ingest_ctx *c);
/* ingest_files.c */
void ingest_file_list_release(struct file_list *l);
int ingest_read_file(const char *path, struct strbuf *sb);
int ingest_collect(const char *const *paths, size_t nr, struct file_list *l,
		   char **config);
/* ingest_prep.c */
int ingest_cmp_node_ref(const void *a, const void *b);
void ingest_prep(const struct ci_unit *u, struct unit_prep *p);
void ingest_prep_release(struct unit_prep *p);
/*
 * ingest_reader.c: the units of FILES, read on a thread of their own
 * when THREAD (else when asked for), with their objects (the call sites'
 * values too with ARGUMENTS);
 * ingest_reader_next() gives unit I, reading one further on itself rather
 * than wait, and says what reading unit I reported; ingest_reader_done()
 * gives it back; units are asked for in order, none after a failed one.
 */
struct ingest_reader;
struct old_unit *ingest_find_unit(struct old_unit *v, size_t n,
				  const char *key);
struct ingest_reader *ingest_reader_start(const struct file_list *files,
					  struct old_unit *old, size_t nr_old,
					  int rebuild, int arguments,
					  int thread);
struct ingest_read *ingest_reader_next(struct ingest_reader *r, size_t i);
void ingest_reader_done(struct ingest_reader *r, size_t i);
void ingest_reader_finish(struct ingest_reader *r);
/* ingest_funcs.c */
size_t ingest_func_get(struct func_map *m, char *name, int64_t id);
void ingest_func_map_release(struct func_map *m);
int ingest_load_functions(struct ingest_ctx *c);
int ingest_sync_functions(struct ingest_ctx *c);
/* ingest_images.c */
/*
 * The index of the name of LEN bytes at S in FN, added when new; not once
 * the images are built (they sort c->files and drop its index).
 */
uint32_t ingest_file_intern(struct file_names *fn, const char *s, size_t len);
void ingest_file_names_release(struct file_names *fn);
/* the functions' rows brought up to date, then the images stored */
int ingest_build_images(struct ingest_ctx *c);

#endif
