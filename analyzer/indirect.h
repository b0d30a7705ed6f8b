/*
 * indirect.h - what the object tables (objects.h) add to a loaded graph at
 * query time: call edges for indirect call sites, found in tiers (edge
 * rules, functions whose address is taken, struct members), the functions
 * whose indirect call sites stay unresolved, the boot-only functions, and
 * the functions that registration functions are handed.
 *
 * Ownership: a struct indirect owns its arrays and the reasons of the
 * edges it adds to the graph, which borrows them: release it after the
 * graph.
 */
#ifndef INDIRECT_H
#define INDIRECT_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "util.h"

struct cJSON;
struct graph;
struct graph_db;
struct graph_user_edge;
struct sym_matches;

enum indirect_tier {
	IND_RULES = 1 << 0,	    /* edge rules written by people */
	IND_ADDRESS_TAKEN = 1 << 1, /* any function whose address is taken */
	IND_FIELDS = 1 << 2,	    /* what is stored in the member called */
	IND_REGISTRY = 1 << 3,	    /* what registration functions stored */
};

#define IND_DEFAULT  (IND_RULES | IND_FIELDS | IND_REGISTRY)
#define IND_ALL	     (IND_RULES | IND_ADDRESS_TAKEN | IND_FIELDS | IND_REGISTRY)
#define IND_NR_TIERS 4

/*
 * An edge a tier added for one indirect call site ("file:line:col") of
 * its caller; an edge with no binding stands for all of them.
 */
struct indirect_binding {
	uint32_t caller, callee;
	const char *where;
};

/* The origins of the edges the tiers add (graph_user_edge.origin). */
#define IND_ORIGIN_ADDRESS_TAKEN GRAPH_INDIRECT_ORIGIN "address-taken"
#define IND_ORIGIN_FIELDS	 GRAPH_INDIRECT_ORIGIN "fields"
#define IND_ORIGIN_REGISTRY	 GRAPH_INDIRECT_ORIGIN "registry"

/* Parse "none", "all" or a comma-separated list of tiers; -1 when bad. */
int indirect_parse_tiers(const char *s, unsigned *tiers);
/* The name of one tier ("rules", "address-taken", "fields"). */
const char *indirect_tier_name(unsigned tier);
/* The tier that added user edge E (IND_RULES for an edge rule). */
unsigned indirect_edge_tier(const struct graph_user_edge *e);
/* Add user edge E to JSON object OBJ: "user", "tier", "reason", "rule". */
void indirect_edge_json(const struct graph_user_edge *e, struct cJSON *obj);
/*
 * How text output marks user edge E: "rule edge (FILE:LINE: reason)" or
 * "indirect call, fields tier (member hvm_function_table.get_cpl)".
 */
void indirect_describe_edge(const struct graph_user_edge *e, struct strbuf *sb);

struct indirect_counts {
	uint64_t sites;			 /* indirect call sites (GCC's) */
	uint64_t with_member;		 /* sites whose member is known */
	uint64_t resolved[IND_NR_TIERS]; /* by each tier alone */
	uint64_t unresolved;		 /* by none of the chosen tiers */
	uint64_t edges[IND_NR_TIERS];	 /* calls each tier added */
	uint64_t address_taken; /* functions with their address taken */
	/* calls through pointers GCC did not see, found in the code */
	uint64_t code_sites, code_resolved, code_unresolved;
};

struct indirect {
	unsigned tiers;
	uint32_t nr_objects;	  /* units whose object was read: 0, no tier */
	unsigned char *init_only; /* per function: only in init sections */
	uint32_t nr_init_only;
	uint32_t *unresolved; /* per function: unresolved sites */
	struct indirect_counts counts;
	uint32_t (*reg)[2]; /* (registrar, registered) pairs */
	size_t nr_reg;
	struct strvec reasons;	       /* of the edges added */
	struct indirect_binding *bind; /* sorted by caller, then callee */
	size_t nr_bind;
};

/*
 * Read the object facts of DB for G (its edge rules already added) and add
 * the edges of the fields and address-taken TIERS to G. Returns 0, or -1
 * on a database error (reported). A database without object facts gives
 * no edges and no boot-only functions.
 */
int indirect_apply(struct indirect *ind, struct graph_db *db, struct graph *g,
		   unsigned tiers);
void indirect_release(struct indirect *ind);

/*
 * Append to OUT the functions handed to a registration function that
 * PATTERN names (glob or function name); returns how many registrars
 * PATTERN names.
 */
size_t indirect_registered_by(const struct indirect *ind, const struct graph *g,
			      const char *pattern, struct sym_matches *out);

/*
 * May the edge CALLER -> CALLEE (added by a tier) be a call of the
 * indirect call site WHERE ("file:line:col") of CALLER?
 */
int indirect_edge_at(const struct indirect *ind, uint32_t caller,
		     uint32_t callee, const char *where);

/* The functions of PATH[0..LEN-1) (the target left out) with unresolved sites.
 */
size_t indirect_unresolved_on_path(const struct indirect *ind,
				   const uint32_t *path, size_t len,
				   uint32_t *out);

#endif
