/*
 * coverage.h - run-time traces against the static paths of a review:
 * which entry-to-target paths the traces saw, which were never seen, and
 * which traces no static path explains, and why; grouped by target and
 * entry point.
 *
 * Ownership: a struct coverage owns its arrays and strings
 * (coverage_release) and borrows the graph, rules, filter, function sets,
 * review and traces it was computed over, which must outlive it.
 */
#ifndef COVERAGE_H
#define COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "traces.h"
#include "verdict.h"

struct rules;
struct triage_rule;

struct graph;
struct review;
struct review_path;

/* "No function": the entry of a trace without an entry point. */
#define COVERAGE_NONE UINT32_MAX

/* One static path and the traces that saw it. */
struct path_cov {
	const struct review_path *p;
	uint32_t *fn; /* its functions, entry first */
	size_t len;
	size_t *traces; /* indices of the traces that saw it */
	size_t nr_traces, alloc;
	uint64_t occurrences;
	int missing; /* fewest missing in a match, -1: unseen */
};

enum coverage_why {
	WHY_NONE,     /* explained by a static path */
	WHY_HOP,      /* a call the static graph lacks */
	WHY_NO_ENTRY, /* no entry point in the trace */
	WHY_FILTERED, /* through a function the rules filter out */
	WHY_OTHER,
};

/* "unexplained hop", "no entry point", ... */
const char *coverage_why_name(enum coverage_why w);

/* One stored trace as the graph sees it. */
struct trace_cov {
	const struct trace *t;
	struct trace_walk w;
	struct trace_hops h;
	uint32_t *set; /* every candidate function, sorted, unique */
	size_t nr_set;
	int relevant; /* reaches a target */
	int has_entry;
	uint32_t *fns; /* the trace path: entry (or outermost)
			* to target */
	size_t nr_fns;
	struct strvec shown;	/* the same with unknown frames ("name?") */
	uint32_t entry, target; /* attribution (entry: or COVERAGE_NONE) */
	const struct triage_rule *rule; /* its verdict, or NULL (UNDECIDED) */
	size_t matches;			/* static paths it saw */
	enum coverage_why why;
	char *detail;			     /* why, in words */
	const char *hop_caller, *hop_callee; /* the first unexplained hop */
};

struct coverage {
	const struct graph *g;
	const struct rules *rules;
	const struct review *rv;
	const struct trace_log *set;
	struct path_cov *paths; /* parallel to rv->paths */
	size_t nr_paths, seen;
	struct trace_cov *tr; /* parallel to set->v */
	size_t nr_tr, explained, unexplained, no_target, logs;
	unsigned char *is_entry, *is_target, *flags;
};

/*
 * Match the traces of SET against the paths of RV (computed over G with
 * FILTER, ENTRIES and TARGETS); verdicts of traces come from RULES.
 */
void coverage_compute(struct coverage *c, const struct graph *g,
		      const struct rules *rules, const struct filter *filter,
		      const struct sym_matches *entries,
		      const struct sym_matches *targets,
		      const struct review *rv, const struct trace_log *set);
void coverage_release(struct coverage *c);

/* The targets of paths and unexplained traces, sorted by name. */
size_t coverage_targets(const struct coverage *c, uint32_t **out);
/* Their entries for TARGET, sorted, COVERAGE_NONE last. */
size_t coverage_entries(const struct coverage *c, uint32_t target,
			uint32_t **out);

struct coverage_tally {
	size_t paths, seen, unexplained;
};

/* Counts for TARGET and ENTRY (every entry when ANY_ENTRY). */
void coverage_count(const struct coverage *c, uint32_t target, uint32_t entry,
		    int any_entry, struct coverage_tally *t);

#endif
