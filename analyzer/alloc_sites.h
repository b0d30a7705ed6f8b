/*
 * alloc_sites.h - the call sites into the targets, the unit a reviewer
 * triages: each with its class and size at the site, whether it runs
 * after boot, the entry points that reach it, how many paths of each
 * class go through it, and the triage rule covering all of them.
 *
 * Ownership: a struct alloc_sites owns its rows and their entry arrays;
 * sites, verdict texts and rules are borrowed from the classifier and the
 * rules, and live as long as they do.
 */
#ifndef ALLOC_SITES_H
#define ALLOC_SITES_H

#include <stddef.h>
#include <stdint.h>

#include "alloc_class.h"

struct graph;
struct filter;
struct rules;
struct sym_matches;
struct triage_rule;

struct alloc_site_row {
	uint32_t caller, callee;
	const struct alloc_site *site;
	struct alloc_verdict v; /* at the site alone */
	int boot_only;		/* the caller runs only at boot */
	uint32_t *entries;	/* the entry points reaching the caller */
	size_t nr_entries;
	uint64_t (*entry_paths)[ACLASS_COUNT]; /* paths from each of them */
	uint64_t paths[ACLASS_COUNT]; /* paths through the site, by class */
	int paths_exact;
	const struct triage_rule *verdict; /* "... > CALLER > CALLEE" */
};

struct alloc_sites {
	struct alloc_site_row *v;
	size_t nr;
};

/* What the sites are computed over. */
struct alloc_sites_ctx {
	struct alloc_classifier *ac;
	const struct graph *g;
	const struct filter *filter;
	const struct rules *rules;
	const struct sym_matches *entries, *targets;
	const unsigned char *init_only; /* per function, or NULL */
	uint64_t budget;		/* search steps per count, 0: default */
};

/*
 * Every call site into a target whose caller the filters let on a path,
 * sorted by target, class (anonymous first), run-time before boot-only,
 * caller and place.
 */
void alloc_sites_compute(const struct alloc_sites_ctx *ctx,
			 struct alloc_sites *out);
void alloc_sites_release(struct alloc_sites *s);

/* The total of ROW's paths. */
uint64_t alloc_site_paths(const struct alloc_site_row *row);

#endif
