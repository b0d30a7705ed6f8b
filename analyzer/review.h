/*
 * review.h - what a review of a build covers: every entry-to-target path
 * with its triage verdict, the reachable (entry, target) pairs and the call
 * edges of the subgraph between them; saved as a JSON baseline and compared
 * with a later build to gate merges.
 *
 * Ownership: a struct review owns all its strings (review_release); a
 * struct review_ctx borrows everything it points to.
 */
#ifndef REVIEW_H
#define REVIEW_H

#include <stdint.h>
#include <stdio.h>

#include "util.h"
#include "verdict.h"

struct rules;

struct graph;
struct graph_db;

struct review_path {
	char *id;
	struct strvec functions;
	enum verdict verdict;
	char *reason;	  /* of the deciding rule, or NULL */
	char *rule;	  /* "FILE:LINE" of the deciding rule, or NULL */
	int cls;	  /* enum alloc_class, -1 when not classified */
	int64_t size;	  /* bytes, -1 when unknown */
	char *class_site; /* "CALLER at FILE:LINE:COL" that decided, or NULL */
	char *class_reason; /* why unknown, or NULL */
};

struct review_pair {
	char *entry, *target;
};

struct review_edge {
	char *caller, *callee;
};

struct review {
	char *label;
	struct review_path *paths;
	size_t nr_paths;
	int paths_complete; /* every path is listed */
	uint64_t path_count;
	int count_exact;
	struct review_pair *pairs; /* sorted */
	size_t nr_pairs;
	struct review_edge *edges; /* sorted */
	size_t nr_edges;
};

/* What a review is computed over. */
struct review_ctx {
	struct graph *g;
	struct graph_db *db;
	const struct filter *filter;
	struct rules *rules;
	const struct sym_matches *entries, *targets;
	uint64_t limit;		     /* most paths listed */
	uint64_t budget;	     /* search steps, 0 for the default */
	struct alloc_classifier *ac; /* classify the paths, or NULL */
	unsigned classes;	     /* list only these (1 << class), 0: all */
};

int review_compute(const struct review_ctx *ctx, struct review *out);
void review_release(struct review *r);
int review_write_json(const struct review *r, FILE *out);
struct cJSON;
/* A new JSON object of P: its "id", "functions" and "verdict". */
struct cJSON *review_path_json(const struct review_path *p);
/* Add R's pairs to the JSON object PARENT as "pairs": [{entry, target}]. */
void review_add_pairs_json(const struct review *r, struct cJSON *parent);
/*
 * Add P's "class", "size" (bytes or null), "class_site" and, when
 * unknown, "class_reason" to the JSON object O, when P is classified.
 */
void review_add_class_json(const struct review_path *p, struct cJSON *o);
struct strbuf;
/* Append " [anonymous, 4096 bytes, CALLER at F:L:C]" when P is classified. */
void review_class_text(const struct review_path *p, struct strbuf *sb);
/* Read a baseline; -1 (reported, with the file name) when it is not one. */
int review_read_json(const char *path, struct review *out);
/* The same for BUF (LEN bytes), the contents of PATH. */
int review_parse_json(const char *path, const char *buf, size_t len,
		      struct review *out);

enum change_kind {
	CHANGE_NEW_PATH,
	CHANGE_REMOVED_PATH,
	CHANGE_NEW_PAIR,
	CHANGE_REMOVED_PAIR,
	CHANGE_NEW_EDGE,
	CHANGE_RETRIAGED,
	CHANGE_KIND_COUNT
};

const char *change_kind_name(enum change_kind k);

struct change {
	enum change_kind kind;
	char *title;	       /* one line: the path, pair or edge */
	struct strvec witness; /* a path showing it, may be empty */
	char *witness_id;
	enum verdict verdict; /* of the witness */
	char *reason, *rule;
	int passes; /* does not fail the gate */
	char *file; /* a call site to point at, or NULL */
	int line, col;
	int cls;      /* of the witness: enum alloc_class, -1 unclassified */
	int64_t size; /* bytes, -1 when unknown */
	char *class_site; /* "CALLER at FILE:LINE:COL" that decided, or NULL */
};

/*
 * Append the allocation class of CH's witness and its size ("anonymous,
 * 4096 bytes"), for the gate's reports; 0 (nothing added) when the witness
 * is not classified, else 1.
 */
int change_class_text(const struct change *ch, struct strbuf *sb);
/* Write CH's witness to OUT: each function through PUT, SEP between. */
void change_write_witness(const struct change *ch, FILE *out, const char *sep,
			  void (*put)(FILE *out, const char *s));
/* The same as JSON members of O: "class", "size", "class_site". */
void change_add_class_json(const struct change *ch, struct cJSON *o);

struct comparison {
	struct change *v;
	size_t nr;
	int by_paths; /* decided from the full path sets */
	int failed;   /* something new lacks SAFE or PROB_SAFE */
	size_t counts[CHANGE_KIND_COUNT];
	char *base_label, *head_label;
};

/*
 * Compare BASE with HEAD (computed over HEAD_CTX, used for witnesses).
 */
int review_compare(const struct review *base, const struct review *head,
		   const struct review_ctx *head_ctx, struct comparison *out);
void comparison_release(struct comparison *c);

#endif
