/*
 * ci_parse.h - parser for the VCG call-graph files GCC writes with
 * -fcallgraph-info=su,da (one ".ci" file per translation unit).
 *
 * Ownership: every string of a struct ci_unit lives in the unit's arena and
 * is freed by ci_unit_release(); callers borrow them.
 */
#ifndef CI_PARSE_H
#define CI_PARSE_H

#include <stddef.h>

/* Longest line accepted in a .ci file; GCC's lines are far shorter. */
#define CI_MAX_LINE (1024 * 1024)

struct ci_node {
	const char *title;
	const char *label; /* NULL when absent */
	int declared_only; /* "shape: ellipse": called, not defined here */
	int line;	   /* line in the .ci file */
	/*
	 * The node standing for this title: the first definition when the
	 * title is both declared and defined, else the first node so titled
	 * (the node itself when its title is unique).
	 */
	size_t first;
};

struct ci_edge {
	const char *source;
	const char *target;
	const char *label; /* call site "file:line:col", NULL when absent */
	int line;
	size_t source_node, target_node; /* their nodes' "first" */
};

struct ci_arena_block;

struct ci_unit {
	const char *title;
	struct ci_node *nodes;
	size_t nr_nodes, alloc_nodes;
	struct ci_edge *edges;
	size_t nr_edges, alloc_edges;
	struct ci_arena_block *arena;
};

/* What a defined node's label says: "name\nfile:line:col\nN bytes (kind)\nM
 * dynamic objects". */
struct ci_label {
	char *name;	  /* source-level name, or NULL */
	char *file;	  /* or NULL */
	int line, col;	  /* 0 when unknown */
	long stack_bytes; /* -1 when unknown */
	char *stack_kind; /* "static", "dynamic", "dynamic,bounded" or NULL */
	long dynamic_objects; /* -1 when unknown */
};

/*
 * Parse BUF (LEN bytes, the contents of PATH) into UNIT. Returns 0, or -1
 * after reporting "PATH:LINE: what is wrong" through error().
 */
int ci_parse(const char *path, const char *buf, size_t len,
	     struct ci_unit *unit);
void ci_unit_release(struct ci_unit *unit);

/* Is TITLE GCC's node for calls through a pointer ("__indirect_call")? */
int ci_is_indirect(const char *title);

/*
 * A unit's node titles, sorted on first use, for sym_canonical_in_unit():
 * ci_has_title() is its callback and a struct ci_titles, made as
 * {unit, NULL}, its context; ci_titles_release() frees what it sorted.
 */
struct ci_titles {
	const struct ci_unit *u;
	const char **v;
};
int ci_has_title(const char *title, void *titles);
void ci_titles_release(struct ci_titles *ts);

/* Split a node label; the fields are the caller's (ci_label_release). */
void ci_label_parse(const char *label, struct ci_label *out);
void ci_label_release(struct ci_label *l);

/*
 * Parse a location "file:line:col" (or "file:line", or "file") into its
 * parts; returns a newly allocated file name (the caller's).
 */
char *ci_parse_location(const char *s, int *line, int *col);
/*
 * The same for the LEN bytes at S, without allocating: returns the length
 * of the file part (a prefix of S).
 */
size_t ci_split_location(const char *s, size_t len, int *line, int *col);

#endif
