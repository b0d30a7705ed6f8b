/*
 * rules.h - rule files: targets, entry points, filters, user-supplied call
 * edges and triage verdicts on paths, in plain text under rules/.
 *
 * Ownership: a struct rules owns every string and array in it
 * (rules_release); resolved function sets are the caller's.
 */
#ifndef RULES_H
#define RULES_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "symbols.h"
#include "verdict.h"

struct graph;

/* Where a rule came from, for messages. */
struct rule_origin {
	const char *file; /* points into struct rules' file list */
	int line;
};

struct rule_pattern {
	char *text; /* as written */
	struct rule_origin origin;
	size_t matched; /* functions (or paths) it matched */
};

/* "alias NAME PAT...": NAME on the command line means what PATs name. */
struct rule_alias {
	char *name;
	struct strvec pats;
	struct rule_origin origin;
};

struct edge_rule {
	char *caller, *callee, *reason;
	char *where; /* "FILE:LINE" */
	struct rule_origin origin;
	size_t matched; /* edges it added */
};

/* "..." in a path pattern. */
#define RULE_ANY "..."

struct triage_rule {
	enum verdict verdict;
	char *reason;
	char *text;   /* the path pattern as written */
	char **elems; /* names/globs, or RULE_ANY */
	size_t nr_elems;
	size_t specificity; /* elements that are not RULE_ANY */
	struct rule_origin origin;
	size_t matched; /* paths it decided */
};

/* "anonymous" and "size" facts about an allocator's arguments. */
enum alloc_rule_kind {
	ALLOC_ANON_ALWAYS, /* anonymous FUNC */
	ALLOC_ANON_EQ,	   /* anonymous FUNC when arg N == VALUE */
	ALLOC_ANON_MASK,   /* anonymous FUNC when arg N & VALUE */
	ALLOC_SIZE_BYTES,  /* size FUNC bytes arg N */
	ALLOC_SIZE_ORDER,  /* size FUNC order arg N: 4096 << arg N bytes */
};

struct alloc_rule {
	enum alloc_rule_kind kind;
	char *func; /* a function pattern */
	int arg;    /* 1-based */
	uint64_t value;
	char *text; /* the directive as written, for messages */
	struct rule_origin origin;
	size_t matched; /* functions it names */
};

struct rules {
	struct rule_pattern *targets, *entries;
	size_t nr_targets, nr_entries;
	/* "entry-callees-of" and "entry-registered-by" patterns */
	struct rule_pattern *entry_callees, *entry_registered;
	size_t nr_entry_callees, nr_entry_registered;
	int runtime;  /* "runtime": leave out boot-only functions */
	int no_edges; /* set by the caller: add no edge rules */
	/* filter patterns, parallel to filter's vectors (for stale reports) */
	struct filter filter;
	struct rule_pattern *filter_pats;
	size_t nr_filter_pats;
	struct edge_rule *edges;
	size_t nr_edges;
	struct triage_rule *triage;
	size_t nr_triage;
	struct alloc_rule *alloc;
	size_t nr_alloc;
	struct strvec files; /* every file read, in order */
	struct rule_alias *aliases;
	size_t nr_aliases;
};

void rules_init(struct rules *r);
void rules_release(struct rules *r);

/*
 * Read rule file PATH (and what it includes) into R. Returns 0, or -1
 * after reporting "FILE:LINE: message".
 */
int rules_load(struct rules *r, const char *path);
/* Parse BUF (LEN bytes) as the contents of PATH; includes are read from disk.
 */
int rules_parse_buffer(struct rules *r, const char *path, const char *buf,
		       size_t len);

/*
 * Is NAME an alias of R? Then append the functions its patterns name to
 * OUT and return 1 (0: not an alias).
 */
int rules_alias(const struct rules *r, const struct graph *g, const char *name,
		struct sym_matches *out);

/* Append the functions PATTERN names (glob or function name) to OUT. */
size_t rules_match_functions(const struct graph *g, const char *pattern,
			     struct sym_matches *out);
/* Append to OUT the functions of ADD it lacks. */
void rules_merge_matches(struct sym_matches *out,
			 const struct sym_matches *add);
/*
 * Append the direct callees of the functions PATTERN names to OUT (calls
 * the compiler saw and edge rules, not the indirect tiers'); returns how
 * many functions PATTERN names.
 */
size_t rules_callees_of(const struct graph *g, const char *pattern,
			struct sym_matches *out);
/* Does path element PAT match function F (an index of G)? */
int rules_elem_matches(const struct graph *g, const char *pat, uint32_t f);

/*
 * Resolve targets, entries and edge rules against G: fills TARGETS and
 * ENTRIES (the callees of "entry-callees-of" functions too, after the
 * edges; "entry-registered-by" needs the object facts, see indirect.h),
 * adds the edges to G unless NO_EDGES, counts matches, and warns about
 * patterns that name no function.
 */
void rules_apply(struct rules *r, struct graph *g, struct sym_matches *targets,
		 struct sym_matches *entries);

/* The verdict of a path: the most specific triage rule, or UNDECIDED. */
const struct triage_rule *rules_triage(const struct rules *r,
				       const struct graph *g,
				       const uint32_t *path, size_t len);

#endif
