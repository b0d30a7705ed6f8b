/*
 * symbols.h - the symbol model: canonical names (GCC clones folded onto
 * their origin, static functions qualified by their unit) and the ways a
 * user may name a function on the command line.
 *
 * Ownership: sym_canonical() returns a string that is the caller's; the
 * other functions return pointers into their argument.
 */
#ifndef SYMBOLS_H
#define SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct graph;

/* TITLE with GCC clone suffixes (.isra.N, .constprop.N, .part.N, .cold...)
 * removed. */
char *sym_canonical(const char *title);
/*
 * The canonical name of TITLE within its unit. GCC titles the clone of a
 * global function as a local symbol ("unit.c:foo.part.0"); it folds onto
 * the global "foo" when the unit has no static "unit.c:foo" but has "foo".
 * HAS_TITLE(t, ctx) says whether the unit has a node titled t.
 */
char *sym_canonical_in_unit(const char *title,
			    int (*has_title)(const char *t, void *ctx),
			    void *ctx);
/* Nonzero if TITLE carries a clone suffix. */
int sym_is_clone(const char *title);
/* The plain function name: what follows the last ':' of a canonical name. */
const char *sym_base(const char *canonical);
/* Nonzero for a static function ("unit/path.c:name"). */
int sym_is_static(const char *canonical);

/* Indices of the functions SPEC names, as a growable array. */
struct sym_matches {
	uint32_t *idx;
	size_t nr, alloc;
};

/* Does unit path UNIT name the file FILE ("a/b.c" matches "b.c", "a/b.c")? */
int sym_unit_matches(const char *unit, const char *file);

/*
 * Resolve SPEC ("name", "path/file.c:name", "file.c:name", "file.c#name")
 * against G, appending matches to OUT. Returns the number of matches added;
 * 0 means unknown (nothing is printed).
 */
size_t sym_resolve(const struct graph *g, const char *spec,
		   struct sym_matches *out);
/* Print "unknown function" with close suggestions through error(). */
int sym_unknown(const struct graph *g, const char *spec);
/*
 * Resolve every spec; an unknown one is reported and makes it return -1.
 * A spec naming several functions is noted on stderr unless QUIET.
 */
int sym_resolve_all(const struct graph *g, const char *const *specs, size_t nr,
		    struct sym_matches *out, int quiet);
void sym_matches_release(struct sym_matches *m);

/* Path ids: FNV-1a 64 of the canonical names joined by newlines. */
uint64_t sym_path_id(const struct graph *g, const uint32_t *path, size_t len);

#endif
