/*
 * graph.h - the in-memory call graph: functions sorted by canonical name,
 * deduplicated call edges in both directions (compressed rows), and the
 * algorithms every query shares (strongly connected components).
 *
 * Ownership: a struct graph owns all its arrays and strings; pointers into
 * it are borrowed and live until graph_release().
 */
#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

enum gfunc_flags {
	GF_DEFINED = 1 << 0,   /* defined in some unit */
	GF_STATIC = 1 << 1,    /* file-local: "unit:name" */
	GF_DUPLICATE = 1 << 2, /* a global defined in several units */
};

struct gfunc {
	const char *name; /* canonical name */
	const char *base; /* plain name, points into name */
	const char *file; /* file of the definition (or declaration) */
	const char *unit; /* unit defining it, "" for external functions */
	int line, col;
	uint32_t flags;
	uint32_t nr_indirect; /* indirect call sites in its body */
	int64_t id;	      /* functions.id in the database */
};

/*
 * A call the compiler could not see, added by an "edge" rule (ORIGIN is
 * "FILE:LINE") or by a tier of --indirect (ORIGIN starts with
 * GRAPH_INDIRECT_ORIGIN).
 */
#define GRAPH_INDIRECT_ORIGIN "indirect:"
struct graph_user_edge {
	uint32_t caller, callee;
	const char *reason; /* borrowed from the rules */
	const char *origin; /* "FILE:LINE" of the rule, borrowed */
};

struct graph {
	uint32_t nr;
	uint32_t nr_edges;
	struct gfunc *f;
	uint32_t *out_start,
		*out; /* callees of i: out[out_start[i]..out_start[i+1]) */
	uint32_t *in_start, *in; /* callers of i */
	uint32_t *by_id;	 /* function indices sorted by database id */
	struct graph_user_edge *user; /* sorted by caller, callee */
	size_t nr_user;
	uint32_t *owned_adjacency; /* adjacency rebuilt with user edges */
	char *image; /* the serialized image the strings live in */
	size_t image_len;
	/* graph_db_sites_stamp() of the call-site image made with it, or 0 */
	uint32_t sites_stamp;
};

/* One function as the image builder receives it. */
struct graph_func_in {
	int64_t id;
	const char *name, *file, *unit;
	int line, col;
	uint32_t flags, nr_indirect;
};

/*
 * Build a serialized graph image from functions (any order) and edges given
 * as pairs of database ids. Appends to OUT.
 */
void graph_image_build(const struct graph_func_in *funcs, size_t nr_funcs,
		       const int64_t (*edges)[2], size_t nr_edges,
		       struct strbuf *out);
/*
 * Record in IMAGE (built by the above) the stamp of the call-site image
 * stored with it, by which a reader knows that image for its own.
 */
void graph_image_set_sites_stamp(struct strbuf *image, uint32_t stamp);
/* Load a graph from an image (copied); -1 with error() if it is damaged. */
int graph_from_image(struct graph *g, const void *image, size_t len);
/* The same of an image in a block of malloc(), which the graph takes. */
int graph_adopt_image(struct graph *g, char *image, size_t len);
void graph_release(struct graph *g);

/*
 * Add calls the compiler could not see (an existing call stays as it is but
 * is still remembered as user-supplied). The strings are borrowed.
 */
void graph_add_user_edges(struct graph *g, const struct graph_user_edge *e,
			  size_t n);
/* Does CALLER call CALLEE (a call of the image or a user-supplied one)? */
int graph_has_edge(const struct graph *g, uint32_t caller, uint32_t callee);
/* The user-supplied edge CALLER -> CALLEE, or NULL. */
const struct graph_user_edge *graph_user_edge(const struct graph *g,
					      uint32_t caller, uint32_t callee);

/* Index of the function with canonical NAME, or -1. */
int64_t graph_find(const struct graph *g, const char *name);
/* Index of the function with database id ID, or -1. */
int64_t graph_find_id(const struct graph *g, int64_t id);

struct graph_scc {
	uint32_t *comp; /* component of each function */
	uint32_t *size; /* size of each component */
	uint32_t nr;	/* number of components, in reverse topological order */
};

/*
 * Strongly connected components of the subgraph whose edges u->v satisfy
 * USE(u, v, ctx) (all edges when USE is NULL) and join two functions of
 * LIVE (all when LIVE is NULL): a function outside LIVE is a component of
 * its own, its edges not read. Component numbers come out in reverse
 * topological order: a component's successors have lower numbers.
 */
void graph_scc(const struct graph *g, const unsigned char *live,
	       int (*use)(uint32_t u, uint32_t v, void *ctx), void *ctx,
	       struct graph_scc *out);
void graph_scc_release(struct graph_scc *s);

#endif
