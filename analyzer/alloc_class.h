/*
 * alloc_class.h - is an allocation anonymous (charged to no one) and how
 * large is it? Decided from the "anonymous" and "size" rules about the
 * allocator's arguments and the argument values the compiler recorded at
 * its call sites (obj_call_sites), at one call site or
 * along a path, where a value the caller passes through from its own
 * argument is looked up at the call before it, up to the entry point.
 *
 * Ownership: a struct alloc_classifier borrows the database, graph and
 * rules it is made with, and owns the sites and texts it hands out.
 */
#ifndef ALLOC_CLASS_H
#define ALLOC_CLASS_H

#include <stddef.h>
#include <stdint.h>

#include "dwarf_callsites.h"

struct graph;
struct graph_db;
struct rules;
struct alloc_rule;

/* Ordered from worst to best; PASSED only at a site, never on a path. */
enum alloc_class {
	ACLASS_ANONYMOUS,
	ACLASS_UNKNOWN,
	ACLASS_PASSED,
	ACLASS_ATTRIBUTED,
	ACLASS_COUNT
};

const char *alloc_class_name(enum alloc_class c);
/* -1 when NAME is no class. */
int alloc_class_parse(const char *name);

#define ACLASS_MAX_ARGS 8

struct alloc_arg {
	enum callarg_kind kind;
	uint64_t value;
};

/* One call site of a call, with what the debug information says. */
struct alloc_site {
	char *file; /* NULL: a call through a pointer, or no location */
	int line, col;
	int dwarf; /* joined to a DWARF call site */
	char *abi; /* NULL when the calling convention is unknown */
	char *caller_clone, *callee_clone;
	struct alloc_arg arg[ACLASS_MAX_ARGS + 1]; /* 1-based */
	const char *no_dwarf; /* why there is no DWARF site, or NULL */
};

struct alloc_verdict {
	enum alloc_class cls;
	int64_t size;	/* bytes, -1 when unknown */
	int passed_arg; /* PASSED: the caller's argument it depends on */
	int size_arg;	/* the size is the caller's argument K; 0: not */
	const struct alloc_rule *rule; /* the rule that decided, or NULL */
	const char *why;	       /* one line, borrowed */
	const struct alloc_site *site; /* the deciding site of the last call */
	uint32_t caller;	       /* of the deciding site */
	int open; /* unknown only because a value is the first function's
		     argument: a call before it on a longer path may decide */
};

struct alloc_classifier;

/* NULL after an error (reported). */
struct alloc_classifier *alloc_classifier_new(struct graph_db *db,
					      const struct graph *g,
					      const struct rules *r);
void alloc_classifier_free(struct alloc_classifier *ac);

/* Does some "anonymous" or "size" rule name function F? */
int alloc_classifier_covers(struct alloc_classifier *ac, uint32_t f);

/* The call sites of CALLER -> CALLEE (*V borrowed); their number. */
size_t alloc_edge_sites(struct alloc_classifier *ac, uint32_t caller,
			uint32_t callee, const struct alloc_site **v);

/* The verdict on site S of CALLER -> CALLEE, alone (PASSED possible). */
void alloc_classify_site(struct alloc_classifier *ac, uint32_t caller,
			 uint32_t callee, const struct alloc_site *s,
			 struct alloc_verdict *out);

/*
 * The verdict on PATH (LEN >= 2 functions) from its last call, values
 * passed through looked up along it. With ONLY_SITE non-NULL, through
 * that site of the last call alone; else anonymous when some site is,
 * attributed when all are, unknown otherwise.
 */
void alloc_classify_path(struct alloc_classifier *ac, const uint32_t *path,
			 size_t len, const struct alloc_site *only_site,
			 struct alloc_verdict *out);

/*
 * Why no value at all can be known in this database (no objects, no
 * debug information), with how to fix it; NULL when some can.
 */
const char *alloc_classifier_missing(struct alloc_classifier *ac);

#endif
